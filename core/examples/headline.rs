//! Loads the bundled Isfahan plan and prints the headline a council member asks for:
//! how much of the budget serves the goals, and where the thread breaks.
//!
//! cargo run -p goldthread --example headline [PLAN] [YEAR]

use goldthread::{Phase, Plan, Scope};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/isfahan/plan.json").into()
    });
    let scope = match args.next() {
        Some(year) => Scope::all().years([year]),
        None => Scope::all(),
    };
    let plan = Plan::from_path(&path)?;
    let report = plan.report(&scope, Phase::Amount);
    let t = &report.traceability;
    println!("{}", report.plan);
    // No ratio of a total that is zero or negative: shown as such, never as 0 %.
    let ratio = t
        .amount_ratio
        .map_or("no ratio: the total is not above zero".to_string(), |r| {
            format!("{:.1}%", r * 100.0)
        });
    println!(
        "traced {} of {} ({ratio}); {} of {} lines reach a goal",
        t.traced_amount, t.total_amount, t.traced_lines, t.lines
    );
    for (reason, amount) in t.leaks.iter() {
        if !amount.is_zero() {
            println!("  leaks {reason}: {amount}");
        }
    }
    let unfunded: Vec<&str> = report
        .goals
        .iter()
        .filter(|g| g.leaf && g.rolled_up_amount.is_zero())
        .map(|g| g.id.as_str())
        .collect();
    println!("leaf goals with no money: {}", unfunded.join(", "));
    // The figures foot exactly: traced + leaks = total, to the last rial.
    assert_eq!(t.traced_amount + t.leaks.total(), t.total_amount);
    Ok(())
}
