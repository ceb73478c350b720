//! Negative budget lines (reversals, corrections, refunds: SPEC §2): allowed in every
//! phase, split as the negation of their magnitude's split so totals foot and rounding is
//! symmetric, listed by W110, and no ratio of a whole at or below zero.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::{Code, Phase, Plan, Scope};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn plan(lines: &str) -> Plan {
    Plan::from_json(&format!(
        r#"{{"format":"goldthread/1","name":"p","precision":2,
            "goals":[{{"id":"A","name":"a"}},{{"id":"B","name":"b"}},{{"id":"C","name":"c"}}],
            "programs":[{{"id":"P","name":"p","goals":[{{"goal":"A"}},{{"goal":"B"}},{{"goal":"C"}}]}},
                        {{"id":"Q","name":"q","goals":[{{"goal":"A"}},{{"goal":"B"}},{{"goal":"C"}}]}},
                        {{"id":"H","name":"half","goals":[{{"goal":"A","share":"0.5"}}]}}],
            "budget_lines":[{lines}]}}"#
    ))
    .unwrap()
}

#[test]
fn a_reversal_cancels_its_original_to_the_unit() {
    // 1.01 splits 0.34 / 0.34 / 0.33 through P; its reversal through Q splits -0.34 /
    // -0.34 / -0.33: the goals end at exactly zero.
    let p = plan(
        r#"{"id":"L1","year":"1","amount":"1.01","funds":[{"program":"P"}]},
           {"id":"L2","year":"1","amount":"-1.01","funds":[{"program":"Q"}]}"#,
    );
    let r = p.report(&Scope::all(), Phase::Amount);
    common::assert_foots(&r);
    for g in &r.goals {
        assert_eq!(g.rolled_up_amount, Decimal::ZERO, "goal {}", g.id);
    }
    let q = r.programs.iter().find(|q| q.id == "Q").unwrap();
    assert_eq!(q.inflow, d("-1.01"));
    let w110: Vec<_> = p
        .warnings()
        .iter()
        .filter(|w| w.code == Code::W110)
        .collect();
    assert_eq!(w110.len(), 1);
    assert_eq!(w110[0].path.as_deref(), Some("/budget_lines/1/amount"));
    assert!(
        w110[0].message.contains("amount -1.01"),
        "{}",
        w110[0].message
    );
}

#[test]
fn a_negative_leak_is_the_negated_leak_of_its_magnitude() {
    // Half of 0.07 is 0.035: the tie goes to the part (0.04), 0.03 leaks; negated for
    // -0.07.
    let p = plan(
        r#"{"id":"L1","year":"1","amount":"0.07","funds":[{"program":"H"}]},
           {"id":"L2","year":"2","amount":"-0.07","funds":[{"program":"H"}]}"#,
    );
    for (year, traced, leak) in [("1", "0.04", "0.03"), ("2", "-0.04", "-0.03")] {
        let r = p.report(&Scope::all().years([year]), Phase::Amount);
        common::assert_foots(&r);
        assert_eq!(r.traceability.traced_amount, d(traced));
        assert_eq!(r.traceability.leaks.program_partial, d(leak));
    }
}

#[test]
fn no_ratio_of_a_whole_at_or_below_zero() {
    let p = plan(
        r#"{"id":"L1","year":"1","amount":"10","spent":"4","funds":[{"program":"P"}]},
           {"id":"L2","year":"1","amount":"-30","spent":"-1","funds":[{"program":"P"}]}"#,
    );
    let r = p.report(&Scope::all(), Phase::Amount);
    common::assert_foots(&r);
    assert_eq!(r.traceability.total_amount, d("-20.00"));
    assert_eq!(r.traceability.amount_ratio, None);
    assert!(r.goals.iter().all(|g| g.share.is_none()));
    assert_eq!(r.coverage.hhi, None);
    assert_eq!(r.coverage.measured_amount_ratio, None);
    assert_eq!(
        r.balance[0].execution_rate, None,
        "spent 3 over approved -20"
    );
    let text = goldthread::render::report_text(&r);
    let traced = text
        .lines()
        .find(|l| l.starts_with("Traced to goals"))
        .unwrap();
    assert!(traced.ends_with("(–)"), "{traced}");
    // The spent phase on its own: 3 over nothing negative, a ratio again.
    let spent = p.report(&Scope::all(), Phase::Spent);
    assert_eq!(spent.traceability.total_amount, d("3.00"));
    assert_eq!(spent.traceability.amount_ratio, Some(1.0));
}

#[test]
fn estimates_and_costs_stay_non_negative() {
    let err = Plan::from_json(
        r#"{"format":"goldthread/1","name":"p","projects":[{"id":"J","name":"j","estimate":"-1"}]}"#,
    )
    .unwrap_err();
    assert_eq!(err.diagnostics[0].code, Code::E007);
    assert_eq!(
        err.diagnostics[0].path.as_deref(),
        Some("/projects/0/estimate")
    );
}

#[test]
fn negative_lines_come_in_through_tables_and_import() {
    let files = vec![
        ("plan.csv".to_string(), b"name,precision\np,2\n".to_vec()),
        (
            "budget_lines.csv".to_string(),
            b"id,year,amount,spent\nA,1,10.00,-2.50\nB,1,-4.25,\n".to_vec(),
        ),
    ];
    let (data, diags) = goldthread::tables::read(&files);
    assert!(diags.is_empty(), "{diags:?}");
    let data = data.unwrap();
    assert_eq!(data.budget_lines[1].amount, Some(d("-4.25")));
    assert_eq!(data.budget_lines[0].spent, Some(d("-2.50")));

    let mapping = goldthread::import::Mapping::parse(
        "[plan]\nname = \"t\"\n[columns]\nprogram_id = \"P\"\namount = \"Amount\"\n[constants]\nyear = \"1\"\n",
    )
    .unwrap();
    let csv = "P,Amount\nX,100\nX,\"-1,000.50\"\nX,−3\n";
    let out = goldthread::import::import(
        &mapping,
        &[goldthread::import::Table {
            name: "t.csv",
            bytes: csv.as_bytes(),
        }],
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let plan = Plan::from_data(out.data).unwrap();
    let total: Decimal = plan
        .data()
        .budget_lines
        .iter()
        .map(|l| l.in_phase(Phase::Amount))
        .sum();
    assert_eq!(total, d("-903.50"));
    assert_eq!(
        plan.warnings()
            .iter()
            .filter(|w| w.code == Code::W110)
            .count(),
        2
    );
}
