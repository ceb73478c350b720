//! The bundled Isfahan example: it loads, its figures foot in every phase and scope, its
//! breakdowns agree with narrowed reports, and its reports match the reviewed snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{assert_foots, read};
use goldthread::{render, Code, Phase, Plan, Scope};

fn isfahan() -> Plan {
    Plan::from_json(&read("examples/isfahan/plan.json")).expect("the example loads")
}

#[test]
fn loads_with_the_warnings_a_real_budget_has() {
    let plan = isfahan();
    let count = |code: Code| plan.warnings().iter().filter(|d| d.code == code).count();
    assert!(count(Code::W101) > 50, "unlinked lines");
    assert_eq!(count(Code::W103), 1, "one program without goals (PR-24)");
    assert_eq!(count(Code::W105), 1, "one goal nobody programs (G6.2)");
    assert_eq!(count(Code::W108), 1, "one over-funded project (PJ-009)");
    assert_eq!(
        count(Code::W109),
        1,
        "one target against its direction (G7.2-K1)"
    );
    assert!(plan.warnings().iter().all(|d| !d.is_error()));
}

#[test]
fn foots_in_every_phase_and_scope() {
    let plan = isfahan();
    let scopes = [
        Scope::all(),
        Scope::all().years(["1398"]),
        Scope::all().years(["1399"]).org_units(["D03", "ORG-PARK"]),
        Scope::all().categories(["capital"]),
        Scope::all().org_units(["nowhere"]),
    ];
    for scope in &scopes {
        for phase in Phase::ALL {
            let r = plan.report(scope, phase);
            assert_foots(&r);
        }
    }
}

#[test]
fn breakdown_rows_equal_the_narrowed_reports() {
    let plan = isfahan();
    let r = plan.report(&Scope::all(), Phase::Amount);
    assert_eq!(r.traceability.by_org_unit.len(), 24);
    for row in &r.traceability.by_org_unit {
        let key = row.key.clone().expect("every line has an org unit");
        let narrowed = plan.report(&Scope::all().org_units([key.clone()]), Phase::Amount);
        assert_eq!(
            row.total_amount, narrowed.traceability.total_amount,
            "{key}"
        );
        assert_eq!(
            row.traced_amount, narrowed.traceability.traced_amount,
            "{key}"
        );
        assert_eq!(
            row.traced_lines, narrowed.traceability.traced_lines,
            "{key}"
        );
    }
    let years: Vec<_> = r
        .traceability
        .by_year
        .iter()
        .map(|b| b.key.clone().unwrap())
        .collect();
    assert_eq!(years, ["1398", "1399"]);
    let lines: usize = r.traceability.by_category.iter().map(|b| b.lines).sum();
    assert_eq!(lines, r.traceability.lines);
}

#[test]
fn shows_the_gaps_it_was_built_with() {
    let r = isfahan().report(&Scope::all(), Phase::Amount);
    let goal = |id: &str| r.goals.iter().find(|g| g.id == id).unwrap();
    assert_eq!(
        goal("G6.2").programs,
        0,
        "nobody programs budget transparency"
    );
    assert!(
        goal("G5.1").rolled_up_amount.is_zero(),
        "revenue enhancement is programmed but unfunded"
    );
    assert_eq!(goal("G5.1").programmed_ratio, 1.0);
    let pr24 = r.programs.iter().find(|p| p.id == "PR-24").unwrap();
    assert_eq!(pr24.leak, pr24.inflow);
    assert_eq!(r.traceability.leaks.program_unlinked, pr24.inflow);
    assert_eq!(r.traceability.top_leaks.program_unlinked[0].id, "PR-24");
    assert_eq!(r.coverage.leaf_goals, 27);
}

#[test]
fn report_json_snapshot() {
    let r = isfahan().report(&Scope::all(), Phase::Amount);
    insta::assert_snapshot!(serde_json::to_string_pretty(&r).unwrap());
}

#[test]
fn report_text_snapshot() {
    let r = isfahan().report(&Scope::all().years(["1398"]), Phase::Amount);
    insta::assert_snapshot!(render::report_text(&r));
}

#[test]
fn vector_reports_snapshot() {
    for name in ["split-leftover", "cents-partial"] {
        let plan =
            Plan::from_json(&read(&format!("tests/fixtures/vectors/{name}.plan.json"))).unwrap();
        let r = plan.report(&Scope::all(), Phase::Amount);
        assert_foots(&r);
        insta::assert_snapshot!(name, serde_json::to_string_pretty(&r).unwrap());
        insta::assert_snapshot!(format!("{name}-markdown"), render::report_markdown(&r));
    }
}

#[test]
fn round_trips_through_the_file_form() {
    let plan = isfahan();
    let again = Plan::from_json(&plan.to_json()).unwrap();
    assert!(plan == again);
    assert_eq!(
        plan.report(&Scope::all(), Phase::Spent),
        again.report(&Scope::all(), Phase::Spent)
    );
}

#[test]
fn traces_a_line_through_a_project_with_two_programs() {
    let plan = isfahan();
    // District 10 projects split 0.6 / 0.4 with the deprivation-removal program.
    let line = plan
        .data()
        .budget_lines
        .iter()
        .find(|l| {
            l.funds.len() == 1
                && plan.data().projects.iter().any(|p| {
                    p.id == l.funds[0].target.id()
                        && p.programs.len() == 2
                        && p.programs[1].program == "PR-15"
                })
        })
        .unwrap();
    let t = plan.trace(&line.id, &Scope::all(), Phase::Amount).unwrap();
    assert!(t.paths.len() >= 2);
    let shares: rust_decimal::Decimal = t.paths.iter().map(|p| p.share).sum();
    assert!(shares <= rust_decimal::Decimal::ONE);
    assert!(t
        .paths
        .iter()
        .any(|p| p.path.contains(&"PR-15".to_string())));
}
