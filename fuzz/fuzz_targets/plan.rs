//! Plan bytes → check, load, report, trace: no panic, no hang, whatever the bytes.
#![no_main]

use goldthread::{Phase, Plan, Scope};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let diagnostics = goldthread::check(bytes);
    let Ok(plan) = Plan::from_slice(bytes) else {
        assert!(diagnostics.iter().any(|d| d.is_error()));
        return;
    };
    let report = plan.report(&Scope::all(), Phase::Amount);
    // Totals foot: traced and leaked make the total (SPEC §3).
    let t = &report.traceability;
    let leaked: rust_decimal::Decimal = t.leaks.iter().iter().map(|(_, v)| *v).sum();
    assert_eq!(t.traced_amount + leaked, t.total_amount);
    let _ = goldthread::render::report_text(&report);
    if let Some(line) = plan.data().budget_lines.first() {
        let _ = plan.trace(&line.id, &Scope::all(), Phase::Amount);
    }
});
