//! Execution and balance (SPEC §4 "Execution", §5) on hand-worked plans and the example:
//! earned value, rollups by shares, phases side by side, balance per year and org unit.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::{Phase, Plan, ReportOptions, Scope};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Two projects, one split 0.6/0.4 over two programs, one program to two goals equally.
const PLAN: &str = r#"{"format":"goldthread/1","name":"evm","precision":0,
  "org_units":[{"id":"HQ"},{"id":"D1","parent":"HQ"}],
  "goals":[{"id":"G","name":"root"},{"id":"A","name":"a","parent":"G"},{"id":"B","name":"b","parent":"G"}],
  "programs":[{"id":"P","name":"p","goals":[{"goal":"A"},{"goal":"B"}]},
              {"id":"Q","name":"q","goals":[{"goal":"B","share":"1"}]}],
  "projects":[
    {"id":"J1","name":"one","programs":[{"program":"P","share":"0.6"},{"program":"Q","share":"0.4"}],
     "schedule":{"start":"2020-01-01","finish":"2020-04-10"}, "estimate":"1000",
     "status":{"as_of":"2020-02-10","percent_complete":"0.3","actual_cost":"360"}},
    {"id":"J2","name":"two","programs":[{"program":"P"}],
     "schedule":{"start":"2020-01-01","finish":"2020-01-11"}, "estimate":"101",
     "status":{"as_of":"2020-01-06","percent_complete":"0.5","actual_cost":"40"}},
    {"id":"J3","name":"no status","programs":[{"program":"Q"}],"estimate":"50"}],
  "budget_lines":[
    {"id":"L1","year":"1398","org_unit":"D1","category":"capital","amount":"500","revised":"400","spent":"300","committed":"350","proposed":"600","funds":[{"project":"J1"}]},
    {"id":"L2","year":"1398","org_unit":"D1","category":"current","amount":"100","spent":"90","funds":[{"project":"J2"}]},
    {"id":"L3","year":"1398","org_unit":"D1","direction":"revenue","category":"duties","amount":"800","revised":"700","spent":"350"},
    {"id":"L4","year":"1399","org_unit":"HQ","category":"current","amount":"70","funds":[{"program":"Q"}]},
    {"id":"L5","year":"1399","org_unit":"HQ","direction":"revenue","amount":"60","spent":"66"}]}"#;

#[test]
fn projects_carry_earned_value() {
    let r = Plan::from_json(PLAN)
        .unwrap()
        .report(&Scope::all(), Phase::Amount);
    let j1 = r.projects[0].execution.as_ref().unwrap();
    assert_eq!(
        (j1.pv, j1.ev, j1.ac, j1.cv, j1.sv),
        (d("400"), d("300"), d("360"), d("-60"), d("-100"))
    );
    assert_eq!(j1.eac, Some(d("1200")));
    let j2 = r.projects[1].execution.as_ref().unwrap();
    // 101 × 5/10 = 50.5 → 51 (half away from zero); EV 101 × 0.5 = 50.5 → 51.
    assert_eq!((j2.pv, j2.ev), (d("51"), d("51")));
    assert_eq!(j2.spi, Some(1.0));
    assert!(
        r.projects[2].execution.is_none(),
        "no schedule, no status: no earned value"
    );
    assert_eq!(r.projects[0].funding_gap, Some(d("500")));
    let json = serde_json::to_value(&r).unwrap();
    assert!(
        json["projects"][2].get("pv").is_none(),
        "absent, not null or infinite"
    );
    assert_eq!(json["projects"][0]["cpi"], serde_json::json!(300.0 / 360.0));
}

#[test]
fn programs_and_goals_roll_up_by_the_same_shares() {
    let r = Plan::from_json(PLAN)
        .unwrap()
        .report(&Scope::all(), Phase::Amount);
    let program = |id: &str| r.programs.iter().find(|p| p.id == id).unwrap();
    let goal = |id: &str| r.goals.iter().find(|g| g.id == id).unwrap();
    // J1's PV 400 → P 240, Q 160; J2's PV 51 → P 51.
    assert_eq!(program("P").execution.pv, d("291"));
    assert_eq!(program("Q").execution.pv, d("160"));
    // EV: J1 300 → 180 / 120; J2 51 → P. AC: J1 360 → 216 / 144; J2 40 → P.
    assert_eq!(
        (program("P").execution.ev, program("P").execution.ac),
        (d("231"), d("256"))
    );
    // P splits equally over A and B: 291 → 146 / 145 (the leftover to the earlier link).
    assert_eq!(goal("A").execution.pv, d("146"));
    assert_eq!(goal("B").execution.pv, d("305"));
    assert_eq!(
        goal("G").execution.pv,
        goal("A").execution.pv + goal("B").execution.pv
    );
    assert_eq!(goal("G").execution.spi, Some(351.0 / 451.0));
}

#[test]
fn lagging_projects_are_listed_worst_first() {
    let r = Plan::from_json(PLAN)
        .unwrap()
        .report(&Scope::all(), Phase::Amount);
    let late: Vec<&str> = r
        .execution
        .behind_schedule
        .iter()
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(late, ["J1"]);
    assert_eq!(r.execution.behind_schedule[0].sv_days, -10.0);
    let over: Vec<&str> = r
        .execution
        .over_cost
        .iter()
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(over, ["J1"]);
}

#[test]
fn balance_per_year_and_org_unit() {
    let r = Plan::from_json(PLAN)
        .unwrap()
        .report(&Scope::all(), Phase::Amount);
    assert_eq!(r.balance.len(), 2);
    let b = &r.balance[0];
    assert_eq!(
        (b.year.as_str(), b.org_unit.as_deref()),
        ("1398", Some("D1"))
    );
    assert_eq!(
        (b.revenue, b.expenditure, b.difference),
        (d("800"), d("600"), d("200"))
    );
    assert_eq!(b.capital_share, Some(500.0 / 600.0));
    // L1 gives revised 400, L2 none (counts 0): spent 390 over revised 400.
    assert_eq!(b.execution_rate, Some(390.0 / 400.0));
    assert_eq!(b.revenue_realisation, Some(0.5));
    let b = &r.balance[1];
    // No expenditure line of 1399/HQ gives spent: no data, not 0 %.
    assert_eq!(b.execution_rate, None);
    assert_eq!(b.revenue_realisation, Some(1.1));
    let spent = Plan::from_json(PLAN)
        .unwrap()
        .report(&Scope::all(), Phase::Spent);
    assert_eq!(
        (spent.balance[0].revenue, spent.balance[0].expenditure),
        (d("350"), d("390"))
    );
    let narrowed = Plan::from_json(PLAN)
        .unwrap()
        .report(&Scope::all().years(["1399"]), Phase::Amount);
    assert_eq!(narrowed.balance.len(), 1);
}

#[test]
fn phases_side_by_side_foot_in_each_phase() {
    let plan = Plan::from_json(&common::read("examples/isfahan/plan.json")).unwrap();
    for scope in [
        Scope::all(),
        Scope::all().years(["1398"]).org_units(["D03", "HQ"]),
    ] {
        let r = plan
            .report_with(&ReportOptions::new(scope.clone(), Phase::Amount).comparing_phases(true));
        let phases = r.phases.as_ref().unwrap();
        for phase in Phase::ALL {
            let single = plan.report(&scope, phase);
            common::assert_foots(&single);
            let pick = |row: &goldthread::PhaseRow| match phase {
                Phase::Proposed => row.proposed,
                Phase::Amount => row.amount,
                Phase::Revised => row.revised,
                Phase::Committed => row.committed,
                Phase::Spent => row.spent,
            };
            assert_eq!(
                pick(&phases.total),
                single.traceability.total_amount,
                "{phase:?}"
            );
            for (row, goal) in phases.goals.iter().zip(&single.goals) {
                assert_eq!(pick(row), goal.rolled_up_amount, "{phase:?} {}", goal.id);
            }
            for (row, program) in phases.programs.iter().zip(&single.programs) {
                assert_eq!(pick(row), program.inflow, "{phase:?} {}", program.id);
            }
            let by_unit: Decimal = phases.org_units.iter().map(pick).sum();
            let by_year: Decimal = phases.years.iter().map(pick).sum();
            assert_eq!(by_unit, single.traceability.total_amount);
            assert_eq!(by_year, single.traceability.total_amount);
        }
        assert!(r.phases.as_ref().unwrap().total.execution_rate.is_some());
    }
    assert!(plan.report(&Scope::all(), Phase::Amount).phases.is_none());
}

#[test]
fn the_example_answers_the_councils_questions() {
    let plan = Plan::from_json(&common::read("examples/isfahan/plan.json")).unwrap();
    let r = plan.report_with(
        &ReportOptions::new(Scope::all().years(["1398"]), Phase::Amount).comparing_phases(true),
    );
    let total = &r.phases.as_ref().unwrap().total;
    assert!(total.spent > Decimal::ZERO && total.spent < total.revised);
    assert!(total.committed > total.spent && total.committed < total.revised);
    assert_eq!(r.execution.behind_schedule.len(), 10);
    assert_eq!(r.execution.over_cost.len(), 10);
    assert!(r.projects.iter().filter(|p| p.execution.is_some()).count() == r.projects.len());
    assert_eq!(r.balance.len(), 24, "one row per org unit in 1398");
    assert!(r.balance.iter().all(|b| b.revenue > Decimal::ZERO
        || b.org_unit.as_deref().is_some_and(|u| u.starts_with("ORG"))));
}
