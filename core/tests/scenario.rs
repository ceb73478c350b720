//! Scenarios (SPEC §12) and diffs (SPEC §11): hand-worked cases, every edit that names
//! nothing refused by name, and the invariants on random plans and random edits — the
//! plan a scenario gives reports as the plan edited by hand does, and a diff's bridge
//! foots to the difference of the two traced totals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::{
    Edit, FundTarget, Funding, Phase, Plan, PlanData, ReportOptions, Scenario, ScenarioError, Scope,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn plan(json: &str) -> Plan {
    Plan::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

fn scenario(edits: &str) -> Scenario {
    Scenario::read(&format!(
        r#"{{"format": "goldthread-scenario/1", "edits": [{edits}]}}"#
    ))
    .unwrap_or_else(|e| panic!("{e}"))
}

const SMALL: &str = r#"{"format": "goldthread/1", "name": "small", "precision": 0,
  "goals": [{"id": "G", "name": "city"}, {"id": "G1", "name": "air", "parent": "G"},
            {"id": "G2", "name": "water", "parent": "G"}],
  "programs": [{"id": "P1", "name": "buses", "goals": [{"goal": "G1"}]},
               {"id": "P2", "name": "pipes", "goals": [{"goal": "G2", "share": "0.5"}]}],
  "projects": [{"id": "J1", "name": "depot", "programs": [{"program": "P1"}]},
               {"id": "J2", "name": "main", "programs": [{"program": "P2"}]}],
  "budget_lines": [
    {"id": "A", "year": "1399", "org_unit": "D1", "category": "current", "amount": "10", "funds": [{"project": "J1"}]},
    {"id": "B", "year": "1399", "org_unit": "D1", "category": "current", "amount": "10", "funds": [{"project": "J2"}]},
    {"id": "C", "year": "1399", "org_unit": "D2", "category": "current", "amount": "10", "funds": [{"program": "P1"}]},
    {"id": "R", "year": "1399", "direction": "revenue", "amount": "50"}
  ]}"#;

/// 5 % of 30 is 1.5, rounded half away from zero: the lines lose exactly 2; each line's
/// exact part is −0.5, floored to −1, and the one unit left goes to the earliest line.
#[test]
fn a_cut_moves_the_total_by_exactly_the_rounded_percentage() {
    let applied = plan(SMALL)
        .apply(&scenario(r#"{"op": "scale", "percent": "-5"}"#))
        .unwrap();
    let amounts: Vec<String> = applied.plan.data().budget_lines[..3]
        .iter()
        .map(|l| l.amount.unwrap().to_string())
        .collect();
    assert_eq!(amounts, ["10", "9", "9"]);
    assert_eq!(applied.outcomes[0].change, d("-2"));
    assert_eq!(applied.outcomes[0].lines, 3);
    // Revenue is not expenditure: the filter's default direction leaves it.
    assert_eq!(applied.plan.data().budget_lines[3].amount, Some(d("50")));
}

#[test]
fn a_filter_picks_by_labels_projects_programs_and_goals_reached() {
    let picked = |filter: &str| {
        let applied = plan(SMALL)
            .apply(&scenario(&format!(
                r#"{{"op": "scale", "percent": "100", "filter": {filter}}}"#
            )))
            .unwrap();
        let lines = &applied.plan.data().budget_lines;
        lines
            .iter()
            .filter(|l| l.amount == Some(d("20")))
            .map(|l| l.id.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(picked(r#"{"org_units": ["D1"]}"#), ["A", "B"]);
    assert_eq!(picked(r#"{"projects": ["J2"]}"#), ["B"]);
    // P1 directly (C) and through project J1 (A).
    assert_eq!(picked(r#"{"programs": ["P1"]}"#), ["A", "C"]);
    // G1 is reached through P1; G, the parent, by all three.
    assert_eq!(picked(r#"{"goals": ["G1"]}"#), ["A", "C"]);
    assert_eq!(picked(r#"{"goals": ["G"]}"#), ["A", "B", "C"]);
    assert_eq!(picked(r#"{"goals": ["G"], "org_units": ["D2"]}"#), ["C"]);
}

/// Every edit that names nothing is refused with its place and what to do; none is
/// skipped.
#[test]
fn an_edit_that_names_nothing_is_an_error_naming_the_edit() {
    let cases = [
        (
            r#"{"op": "set_amount", "line": "Z", "amount": "5"}"#,
            "no budget line has the id \"Z\"",
        ),
        (
            r#"{"op": "set_amount", "line": "A", "amount": "5.5"}"#,
            "amount",
        ),
        (
            r#"{"op": "set_amount", "line": "A", "amount": "5", "phase": "paid"}"#,
            "unknown phase",
        ),
        (
            r#"{"op": "scale", "percent": "-5", "filter": {"org_units": ["D9"]}}"#,
            "no budget line matches",
        ),
        (
            r#"{"op": "scale", "percent": "-5", "filter": {"goals": ["NOPE"]}}"#,
            "filter.goals: no such id",
        ),
        (
            r#"{"op": "scale", "percent": "-500"}"#,
            "outside -100 to 1000",
        ),
        (
            r#"{"op": "move_line", "line": "A", "to": [{"project": "J9"}]}"#,
            "no project has the id \"J9\"",
        ),
        (
            r#"{"op": "move_line", "line": "A", "to": [{"project": "J1", "program": "P1"}]}"#,
            "exactly one of",
        ),
        (
            r#"{"op": "move_line", "line": "R", "to": [{"project": "J1"}]}"#,
            "revenue",
        ),
        (
            r#"{"op": "set_share", "from": "P1", "to": "G2", "share": "0.5"}"#,
            "P1 has no link to G2",
        ),
        (
            r#"{"op": "set_share", "from": "X", "to": "G2", "share": "0.5"}"#,
            "no budget line, project or program",
        ),
        (
            r#"{"op": "add_link", "from": "P1", "to": "G1"}"#,
            "already links",
        ),
        (
            r#"{"op": "add_link", "from": "J1", "to": "G1"}"#,
            "a project links to a program",
        ),
        (
            r#"{"op": "remove_link", "from": "J1", "to": "P2"}"#,
            "J1 has no link to P2",
        ),
        (
            r#"{"op": "add_project", "project": {"id": "A", "name": "dup"}}"#,
            "already has an entity",
        ),
        (
            r#"{"op": "add_project", "project": {"id": "J3"}}"#,
            "project:",
        ),
        (
            r#"{"op": "remove_project", "id": "P1"}"#,
            "no project has the id",
        ),
        (
            r#"{"op": "remove_program", "id": "J1"}"#,
            "no program has the id",
        ),
        (
            r#"{"op": "retire_goal", "goal": "G"}"#,
            "has sub-goals (G1, G2)",
        ),
        (
            r#"{"op": "retire_goal", "goal": "G9"}"#,
            "no goal has the id",
        ),
        (
            r#"{"op": "set_schedule", "project": "J9", "start": "1399-01-01", "finish": "1399-12-29"}"#,
            "no project has the id \"J9\"",
        ),
        (
            r#"{"op": "set_schedule", "project": "J1", "start": "1399-01-01", "finish": "soon"}"#,
            "finish \"soon\" is not a date",
        ),
    ];
    for (index, (edit, says)) in cases.iter().enumerate() {
        // The bad edit comes second, after one that applies.
        let s = scenario(&format!(
            r#"{{"op": "set_amount", "line": "A", "amount": "11"}}, {edit}"#
        ));
        let err = plan(SMALL).apply(&s).expect_err(edit);
        let text = err.to_string();
        assert!(
            matches!(err, ScenarioError::Edit { index: 1, .. }),
            "case {index}: {text}"
        );
        assert!(text.starts_with("edits[1] ("), "case {index}: {text}");
        assert!(
            text.contains(says),
            "case {index}: {text} should say {says:?}"
        );
    }
}

/// A project's schedule set in the plan's calendar moves its earned value; a day the
/// calendar does not have, or a finish before the start, is the new plan's error.
#[test]
fn a_schedule_is_set_in_the_plans_calendar() {
    let hijri = SMALL.replacen(
        r#""precision": 0,"#,
        r#""precision": 0, "calendar": "solar_hijri","#,
        1,
    );
    let hijri = hijri.replacen(
        r#"{"id": "J1", "name": "depot", "programs": [{"program": "P1"}]}"#,
        r#"{"id": "J1", "name": "depot", "programs": [{"program": "P1"}],
            "schedule": {"start": "1399-01-01", "finish": "1400-12-29"}, "estimate": "100",
            "status": {"as_of": "1400-01-01", "percent_complete": "0.2", "actual_cost": "30"}}"#,
        1,
    );
    let behind = |p: &Plan| {
        let r = p.report(&Scope::all(), Phase::Amount);
        r.execution
            .behind_schedule
            .iter()
            .map(|x| x.id.clone())
            .collect::<Vec<_>>()
    };
    // At 1400-01-01 half the time is gone and a fifth of the work done: behind. With the
    // finish moved to the end of 1408 a tenth of the time is gone: ahead.
    let base = plan(&hijri);
    assert_eq!(behind(&base), ["J1"]);
    let s = scenario(
        r#"{"op": "set_schedule", "project": "J1", "start": "۱۳۹۹/۰۱/۰۱", "finish": "1408-12-29"}"#,
    );
    let applied = base.apply(&s).unwrap();
    assert!(behind(&applied.plan).is_empty());
    let j1 = &applied.plan.data().projects[0];
    let schedule = j1.schedule.as_ref().unwrap();
    assert_eq!(
        (
            schedule.start.to_string().as_str(),
            schedule.finish.to_string().as_str()
        ),
        ("1399-01-01", "1408-12-29")
    );
    assert_eq!(
        applied.outcomes[0].message,
        "project J1: 1399-01-01–1400-12-29 → 1399-01-01–1408-12-29"
    );
    // 30 Esfand exists in 1403, not in 1404; a finish before the start is refused.
    let set = |finish: &str| {
        base.apply(&scenario(&format!(
            r#"{{"op": "set_schedule", "project": "J1", "start": "1399-01-01", "finish": "{finish}"}}"#
        )))
    };
    assert!(set("1403-12-30").is_ok());
    let err = set("1404-12-30").unwrap_err().to_string();
    assert!(
        err.contains("1404 is not a leap year of the Solar Hijri calendar"),
        "{err}"
    );
    let err = set("1398-12-29").unwrap_err().to_string();
    assert!(err.contains("finish"), "{err}");
    // In place, as the page edits: the same plan as the scenario gives.
    let mut edited = plan(&hijri);
    edited.edit(&s.edits[0]).unwrap();
    assert_eq!(edited.data(), applied.plan.data());
}

#[test]
fn what_a_removal_takes_with_it_is_counted() {
    let applied = plan(SMALL)
        .apply(&scenario(
            r#"{"op": "remove_program", "id": "P1"}, {"op": "retire_goal", "goal": "G2"}"#,
        ))
        .unwrap();
    let [program, goal] = &applied.outcomes[..] else {
        panic!()
    };
    // J1's link and C's link to P1.
    assert_eq!((program.lines, program.links_removed), (1, 2));
    assert!(
        program.message.contains("1 projects and 1 lines"),
        "{}",
        program.message
    );
    assert_eq!(goal.links_removed, 1);
    let r = applied.plan.report(&Scope::all(), Phase::Amount);
    common::assert_foots(&r);
    assert_eq!(r.traceability.traced_amount, Decimal::ZERO);
    assert_eq!(r.traceability.leaks.line_unlinked, d("10"));
    assert_eq!(r.traceability.leaks.project_unlinked, d("10"));
    assert_eq!(r.traceability.leaks.program_unlinked, d("10"));
}

#[test]
fn a_plan_the_edits_break_is_refused_with_its_diagnostics() {
    let err = plan(SMALL)
        .apply(&scenario(
            r#"{"op": "add_link", "from": "P2", "to": "G1", "share": "0.8"}"#,
        ))
        .unwrap_err();
    let ScenarioError::Invalid(load) = &err else {
        panic!("{err}")
    };
    assert!(
        load.errors().any(|e| e.entity.as_deref() == Some("P2")),
        "{err}"
    );
}

#[test]
fn toml_and_json_scenarios_are_the_same() {
    let toml = r#"
format = "goldthread-scenario/1"
name = "districts' counter-proposal"

[[edits]]
op = "scale"
percent = -5
filter = { org_units = ["D1"] }

[[edits]]
op = "move_line"
line = "C"
to = [{ project = "J2", share = "0.5" }]
"#;
    let json = r#"{"format": "goldthread-scenario/1", "name": "districts' counter-proposal", "edits": [
        {"op": "scale", "percent": "-5", "filter": {"org_units": ["D1"]}},
        {"op": "move_line", "line": "C", "to": [{"project": "J2", "share": "0.5"}]}]}"#;
    assert_eq!(Scenario::read(toml).unwrap(), Scenario::read(json).unwrap());
    let wrong = Scenario::read(r#"{"format": "goldthread/1", "edits": []}"#).unwrap_err();
    assert!(
        wrong.to_string().contains("goldthread-scenario/1"),
        "{wrong}"
    );
    let float = Scenario::read(
        r#"{"format": "goldthread-scenario/1", "edits": [{"op": "scale", "percent": -5.5}]}"#,
    )
    .unwrap_err();
    assert!(
        float
            .to_string()
            .contains("float cannot hold money exactly"),
        "{float}"
    );
    let unknown =
        Scenario::read(r#"{"format": "goldthread-scenario/1", "edits": [{"op": "delete_all"}]}"#)
            .unwrap_err();
    assert!(unknown.to_string().contains("delete_all"), "{unknown}");
    // A scenario written back reads the same.
    let s = Scenario::read(toml).unwrap();
    assert_eq!(Scenario::read(&s.to_json()).unwrap(), s);
}

/// The subtle case: a line moved to another project with its amount unchanged is a move,
/// never a removal and an addition, and the bridge books it under the structure.
#[test]
fn a_moved_line_is_a_move_not_a_removal_and_an_addition() {
    let old = plan(SMALL);
    let new = old
        .apply(&scenario(
            r#"{"op": "move_line", "line": "A", "to": [{"project": "J2"}]}"#,
        ))
        .unwrap()
        .plan;
    let diff = old.diff(&new, &ReportOptions::default()).unwrap();
    assert!(diff.added.is_empty() && diff.removed.is_empty(), "{diff:?}");
    assert!(diff.lines_changed.is_empty());
    assert_eq!(diff.lines_moved.len(), 1);
    let moved = &diff.lines_moved[0];
    assert_eq!(moved.id, "A");
    assert_eq!(moved.old_parents[0].id, "J1");
    assert_eq!(moved.new_parents[0].id, "J2");
    // A's 10 now goes through P2, which passes on half.
    assert_eq!(diff.traced.change, d("-5"));
    assert_eq!(diff.bridge.relinked, d("-5"));
    assert_eq!(
        diff.bridge.removed_lines + diff.bridge.added_lines + diff.bridge.amounts,
        Decimal::ZERO
    );
    let goals: Vec<(&str, Decimal)> = diff
        .goals
        .iter()
        .map(|g| (g.id.as_str(), g.change))
        .collect();
    assert_eq!(goals, [("G", d("-5")), ("G1", d("-10")), ("G2", d("5"))]);
    assert_eq!(diff.leaks.len(), 1);
    assert_eq!(diff.leaks[0].key.as_deref(), Some("program_partial"));
}

#[test]
fn a_diff_names_what_was_added_removed_renamed_reshared_and_flags_that_changed() {
    let old = plan(SMALL);
    let new_text = SMALL
        .replace(r#""name": "pipes""#, r#""name": "water mains""#)
        .replace(r#"{"goal": "G2", "share": "0.5"}"#, r#"{"goal": "G2", "share": "0.75"}"#)
        .replace(
            r#"{"id": "B", "year": "1399", "org_unit": "D1", "category": "current", "amount": "10", "funds": [{"project": "J2"}]},"#,
            r#"{"id": "B2", "year": "1399", "org_unit": "D1", "category": "capital", "amount": "7", "funds": [{"project": "J2"}]},"#,
        )
        .replace(r#"{"id": "P1", "name": "buses", "goals": [{"goal": "G1"}]}"#, r#"{"id": "P1", "name": "buses"}"#);
    let new = plan(&new_text);
    let diff = old.diff(&new, &ReportOptions::default()).unwrap();
    let ids = |list: &[goldthread::diff::EntityRef]| {
        list.iter().map(|e| e.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&diff.added), ["B2"]);
    assert_eq!(ids(&diff.removed), ["B"]);
    assert_eq!(diff.renamed.len(), 1);
    assert_eq!(diff.renamed[0].new_name.as_deref(), Some("water mains"));
    let links: Vec<(&str, &str, &str)> = diff
        .links
        .iter()
        .map(|l| (l.from.as_str(), l.to.as_str(), l.status.as_str()))
        .collect();
    assert_eq!(links, [("P1", "G1", "removed"), ("P2", "G2", "reshared")]);
    // G1 lost its only program, and with it its money.
    let flags: Vec<(&str, &str, bool)> = diff
        .flags
        .iter()
        .map(|f| (f.goal.as_str(), f.flag.as_str(), f.is))
        .collect();
    assert_eq!(
        flags,
        [("G1", "programmed", false), ("G1", "funded", false)]
    );
    // Old 10 (A) + 5 (B) + 10 (C) = 25; new: 0 + 7·0.75 = 5.25 → 5 by the largest remainder.
    assert_eq!(diff.traced.old_amount, d("25"));
    assert_eq!(diff.traced.new_amount, d("5"));
    let b = &diff.bridge;
    assert_eq!(b.removed_lines, d("-5"));
    assert_eq!(
        b.start + b.removed_lines + b.relinked + b.amounts + b.added_lines,
        b.end
    );
    assert_eq!(b.added_lines, d("5"));
    assert_eq!(b.relinked, d("-20"));
    let categories: Vec<(Option<&str>, Decimal)> = diff
        .categories
        .iter()
        .map(|k| (k.key.as_deref(), k.change))
        .collect();
    assert_eq!(
        categories,
        [(Some("current"), d("-25")), (Some("capital"), d("5"))]
    );
}

#[test]
fn plans_that_count_money_differently_are_not_compared() {
    let old = plan(SMALL);
    let cents = plan(&SMALL.replace(r#""precision": 0"#, r#""precision": 2"#));
    let err = old.diff(&cents, &ReportOptions::default()).unwrap_err();
    assert!(err.to_string().contains("same precision"), "{err}");
    let rial = plan(&SMALL.replace(r#""precision": 0"#, r#""precision": 0, "currency": "IRR""#));
    let euro = plan(&SMALL.replace(r#""precision": 0"#, r#""precision": 0, "currency": "EUR""#));
    assert!(rial.diff(&euro, &ReportOptions::default()).is_err());
}

#[test]
fn a_diff_of_the_isfahan_plan_with_itself_is_empty_and_a_scenario_reads_in_persian() {
    let path = common::repo().join("examples/isfahan/plan.json");
    let isfahan = Plan::from_path(path).unwrap();
    let same = isfahan.diff(&isfahan, &ReportOptions::default()).unwrap();
    assert!(same.is_empty());
    assert_eq!(same.bridge.start, same.bridge.end);
    let text = goldthread::render::diff_text(&same, goldthread::lang::Lang::Fa);
    assert!(text.contains("هیچ"), "{text}");
}

// ---- invariants on random plans and random edits ----

/// One random edit as the numbers proptest draws: which edit, which line, which target,
/// which amount.
type Draw = (u8, u16, u16, i32);

/// The edit a draw gives on `data`, and the same edit made by hand on `by_hand`.
fn edit_of(data: &PlanData, by_hand: &mut PlanData, (kind, a, b, amount): Draw) -> Option<Edit> {
    let lines = &data.budget_lines;
    let l = a as usize % lines.len();
    let id = lines[l].id.to_string();
    let project = data.projects[b as usize % data.projects.len()].id.clone();
    let program = data.programs[b as usize % data.programs.len()].id.clone();
    match kind % 4 {
        0 => {
            let value = Decimal::from(amount);
            by_hand.budget_lines[l].amount = Some(value);
            Some(Edit::SetAmount {
                line: id,
                phase: None,
                amount: value.to_string(),
            })
        }
        1 => {
            by_hand.budget_lines[l].funds = vec![Funding {
                target: FundTarget::Project(project.as_str().into()),
                share: None,
            }];
            Some(Edit::MoveLine {
                line: id,
                to: vec![goldthread::scenario::LinkTo {
                    project: Some(project),
                    program: None,
                    share: None,
                }],
            })
        }
        2 => {
            // A share on the line's first link, where it has exactly one.
            if lines[l].funds.len() != 1 {
                return None;
            }
            let share = Decimal::new(i64::from(b % 101), 2);
            by_hand.budget_lines[l].funds[0].share = Some(share);
            Some(Edit::SetShare {
                from: id,
                to: lines[l].funds[0].target.id().to_string(),
                share: Some(share.to_string()),
            })
        }
        _ => {
            let q = data.programs.iter().position(|p| p.id == program)?;
            let first = data.programs[q].goals.first()?.goal.clone();
            by_hand.programs[q].goals.retain(|g| g.goal != first);
            Some(Edit::RemoveLink {
                from: program,
                to: first,
            })
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The plan a scenario gives reports exactly as the plan edited by hand; the diff's
    /// bridge foots to the difference of the two traced totals in every scope; a plan's
    /// diff with itself is empty.
    #[test]
    fn a_scenario_is_the_plan_edited_by_hand_and_the_bridge_foots(
        seed in 0u64..1_000,
        draws in proptest::collection::vec((0u8..4, any::<u16>(), any::<u16>(), -1_000i32..1_000_000), 1..12),
    ) {
        let data = goldthread::synth::plan(300, seed);
        let plan = Plan::from_data(data.clone()).unwrap();
        let mut current = data.clone();
        let mut edits = Vec::new();
        for draw in draws {
            let mut next = current.clone();
            if let Some(edit) = edit_of(&current, &mut next, draw) {
                edits.push(edit);
                current = next;
            }
        }
        let applied = plan.apply(&Scenario::of(edits)).unwrap();
        let by_hand = Plan::from_data(current).unwrap();
        for phase in [Phase::Amount, Phase::Spent] {
            let r = applied.plan.report(&Scope::all(), phase);
            prop_assert_eq!(&r, &by_hand.report(&Scope::all(), phase));
            common::assert_foots(&r);
        }
        for scope in [Scope::all(), Scope::all().org_units(["D03", "HQ"]), Scope::all().years(["1399"])] {
            let options = ReportOptions::new(scope, Phase::Amount);
            let diff = plan.diff(&applied.plan, &options).unwrap();
            let b = diff.bridge;
            prop_assert_eq!(b.start + b.removed_lines + b.relinked + b.amounts + b.added_lines, b.end);
            prop_assert_eq!(b.start, plan.report_with(&options).traceability.traced_amount);
            prop_assert_eq!(b.end, applied.plan.report_with(&options).traceability.traced_amount);
            prop_assert_eq!(b.end - b.start, diff.traced.change);
            // No line is added or removed by these edits.
            prop_assert_eq!(b.removed_lines, Decimal::ZERO);
            prop_assert_eq!(b.added_lines, Decimal::ZERO);
            let goals: Decimal = diff.goals.iter().filter(|g| {
                plan.data().goals.iter().any(|x| x.id == g.id && x.parent.is_none())
            }).map(|g| g.change).sum();
            prop_assert_eq!(goals, diff.traced.change, "root goals' changes sum to the traced change");
        }
        prop_assert!(plan.diff(&plan, &ReportOptions::default()).unwrap().is_empty());
    }

    /// Two unrelated plans (the generator's ids overlap, its links do not): lines added
    /// and removed, every step of the bridge at work, and it still foots.
    #[test]
    fn the_bridge_foots_between_unrelated_plans(a in 0u64..500, b in 0u64..500, n in 20usize..400, m in 20usize..400) {
        let old = Plan::from_data(goldthread::synth::plan(n, a)).unwrap();
        let new = Plan::from_data(goldthread::synth::plan(m, b)).unwrap();
        let diff = old.diff(&new, &ReportOptions::default()).unwrap();
        let x = diff.bridge;
        prop_assert_eq!(x.start + x.removed_lines + x.relinked + x.amounts + x.added_lines, x.end);
        prop_assert_eq!(x.end - x.start, diff.traced.change);
        prop_assert_eq!(diff.total.change, new.report(&Scope::all(), Phase::Amount).traceability.total_amount
            - old.report(&Scope::all(), Phase::Amount).traceability.total_amount);
    }

    /// A scale moves the picked lines' total by exactly the stated, rounded change, and
    /// each line by its exact part floored or raised by one unit.
    #[test]
    fn a_scale_moves_the_total_exactly(seed in 0u64..1_000, percent in -100_000i64..100_000, unit in 0usize..21) {
        let mut data = goldthread::synth::plan(200, seed);
        // The generator's amounts are round; odd ones make every rounding happen.
        for (l, line) in data.budget_lines.iter_mut().enumerate() {
            let odd = Decimal::from((l as u64 * 7_919 + seed) % 1_000);
            line.amount = line.amount.map(|a| if l % 5 == 0 { -a - odd } else { a + odd });
        }
        let plan = Plan::from_data(data.clone()).unwrap();
        let p = Decimal::new(percent, 3);
        let org = if unit == 0 { "HQ".to_string() } else { format!("D{unit:02}") };
        let edit = Edit::Scale {
            filter: goldthread::scenario::Filter { org_units: vec![org.clone()], ..Default::default() },
            percent: p.to_string(),
            phase: None,
        };
        let picked: Vec<usize> = (0..data.budget_lines.len()).filter(|&l| {
            let line = &data.budget_lines[l];
            line.org_unit.as_deref() == Some(org.as_str()) && line.direction == goldthread::Direction::Expenditure
        }).collect();
        let result = plan.apply(&Scenario::of(vec![edit]));
        if picked.is_empty() {
            prop_assert!(result.is_err());
            return Ok(());
        }
        let applied = result.unwrap();
        let before: Decimal = picked.iter().map(|&l| data.budget_lines[l].in_phase(Phase::Amount)).sum();
        let after: Decimal = picked.iter().map(|&l| applied.plan.data().budget_lines[l].in_phase(Phase::Amount)).sum();
        let stated = (before * p / Decimal::ONE_HUNDRED).round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        prop_assert_eq!(after - before, stated);
        prop_assert_eq!(applied.outcomes[0].change, stated);
        for &l in &picked {
            let a = data.budget_lines[l].in_phase(Phase::Amount);
            let exact = a * p / Decimal::ONE_HUNDRED;
            let moved = applied.plan.data().budget_lines[l].in_phase(Phase::Amount) - a;
            prop_assert!(moved == exact.floor() || moved == exact.floor() + Decimal::ONE, "{} {} {}", a, exact, moved);
        }
    }
}

/// The Isfahan README's debate: the council's amendment to 1399 as a scenario.
#[test]
fn the_isfahan_council_amendment() {
    let plan = Plan::from_path(common::repo().join("examples/isfahan/plan.json")).unwrap();
    let scenario = Scenario::read(&common::read(
        "examples/isfahan/scenarios/council-1399.json",
    ))
    .unwrap();
    let applied = plan.apply(&scenario).unwrap();
    let options = ReportOptions::new(Scope::all().years(["1399"]), Phase::Amount);
    let diff = plan.diff(&applied.plan, &options).unwrap();
    // G6.2, the goal with no program, gets one, and with it money.
    let g62: Vec<(&str, bool)> = diff
        .flags
        .iter()
        .filter(|x| x.goal == "G6.2")
        .map(|x| (x.flag.as_str(), x.is))
        .collect();
    assert_eq!(
        g62,
        [("programmed", true), ("funded", true), ("covered", true)]
    );
    // The two cuts move their lines by exactly the rounded percentage of their total.
    let lines = |p: &Plan, pick: &dyn Fn(&goldthread::BudgetLine) -> bool| -> Decimal {
        p.data()
            .budget_lines
            .iter()
            .filter(|l| pick(l))
            .map(|l| l.in_phase(Phase::Amount))
            .sum()
    };
    let hq = |l: &goldthread::BudgetLine| {
        l.year == "1399"
            && l.org_unit.as_deref() == Some("HQ")
            && l.category.as_deref() == Some("current")
            && l.direction == goldthread::Direction::Expenditure
    };
    let before = lines(&plan, &hq);
    assert_eq!(
        applied.outcomes[0].change,
        (before * d("-0.05"))
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    );
    let b = diff.bridge;
    assert_eq!(b.start + b.relinked + b.amounts, b.end);
    assert_eq!(
        diff.total.change,
        applied.outcomes[0].change + applied.outcomes[1].change
    );
    insta::assert_snapshot!(
        "isfahan-council-1399",
        goldthread::render::diff_text(&diff, goldthread::lang::Lang::En)
    );
}

/// The Isfahan README's year against year: each year's plan (the same goals, programs and
/// projects; that year's lines) compared, the figures those of each year's report.
#[test]
fn isfahan_1399_against_1398() {
    let text = common::read("examples/isfahan/plan.json");
    let year = |y: &str| {
        let mut data = Plan::from_json(&text).unwrap().data().clone();
        data.budget_lines.retain(|l| l.year == y);
        let kept: std::collections::HashSet<String> =
            data.budget_lines.iter().map(|l| l.id.to_string()).collect();
        for c in &mut data.classifications {
            c.tags.retain(
                |t| !matches!(&t.target, goldthread::TagTarget::Line(id) if !kept.contains(id)),
            );
        }
        Plan::from_data(data).unwrap()
    };
    let whole = Plan::from_json(&text).unwrap();
    let (y98, y99) = (year("1398"), year("1399"));
    let diff = y98.diff(&y99, &ReportOptions::default()).unwrap();
    let traced = |y: &str| {
        whole
            .report(&Scope::all().years([y]), Phase::Amount)
            .traceability
            .traced_amount
    };
    assert_eq!(diff.traced.old_amount, traced("1398"));
    assert_eq!(diff.traced.new_amount, traced("1399"));
    // Lines are per year: all of 1398's go, all of 1399's come; the structure is the same.
    assert_eq!(diff.bridge.removed_lines, -traced("1398"));
    assert_eq!(diff.bridge.added_lines, traced("1399"));
    assert_eq!(
        (diff.bridge.relinked, diff.bridge.amounts),
        (Decimal::ZERO, Decimal::ZERO)
    );
    let g1 = diff.goals.iter().find(|g| g.id == "G2.1.1").unwrap();
    let goal = |y: &str| {
        whole
            .report(&Scope::all().years([y]), Phase::Amount)
            .goals
            .into_iter()
            .find(|g| g.id == "G2.1.1")
            .unwrap()
            .rolled_up_amount
    };
    assert_eq!(
        (g1.old_amount, g1.new_amount),
        (Some(goal("1398")), Some(goal("1399")))
    );
}
