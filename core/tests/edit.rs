//! A plan edited in place (`Plan::edit`) is the plan a load of its data gives: the same
//! report, warnings included, after every edit of a random sequence — and an edit that
//! fails leaves it as it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::scenario::{Filter, LinkTo};
use goldthread::{Edit, Phase, Plan, PlanData, ReportOptions, Scope};
use proptest::prelude::*;

/// One random edit on `data`, by the numbers drawn.
fn edit_of(data: &PlanData, (kind, a, b, n): (u8, u16, u16, i32)) -> Edit {
    let lines = &data.budget_lines;
    let line = lines[a as usize % lines.len()].id.to_string();
    let project = data.projects[b as usize % data.projects.len()].id.clone();
    let program = data.programs[b as usize % data.programs.len()].id.clone();
    let goal = data.goals[a as usize % data.goals.len()].id.clone();
    let share = |x: u16| Some(format!("0.{:02}", x % 100));
    match kind % 9 {
        0 | 1 => Edit::SetAmount {
            line,
            phase: None,
            amount: n.to_string(),
        },
        2 => Edit::SetAmount {
            line,
            phase: Some("spent".into()),
            amount: (n / 3).to_string(),
        },
        3 => Edit::Scale {
            filter: Filter {
                org_units: vec![if b % 21 == 0 {
                    "HQ".into()
                } else {
                    format!("D{:02}", b % 21)
                }],
                ..Filter::default()
            },
            percent: format!("{}.{}", n % 60, a % 10),
            phase: None,
        },
        4 => Edit::MoveLine {
            line,
            to: vec![LinkTo {
                project: Some(project),
                program: None,
                share: share(a),
            }],
        },
        5 => match lines[a as usize % lines.len()].funds.first() {
            Some(f) => Edit::SetShare {
                from: line,
                to: f.target.id().to_string(),
                share: share(b),
            },
            None => Edit::SetShare {
                from: program,
                to: goal,
                share: share(b),
            },
        },
        6 => Edit::AddLink {
            from: program,
            to: goal,
            share: share(a),
        },
        7 => match data.programs[b as usize % data.programs.len()]
            .goals
            .first()
        {
            Some(g) => Edit::RemoveLink {
                from: program,
                to: g.goal.clone(),
            },
            None => Edit::RemoveLink {
                from: project,
                to: program,
            },
        },
        _ => Edit::RemoveProject { id: project },
    }
}

fn same_as_loaded(plan: &Plan) -> Result<(), TestCaseError> {
    let loaded = Plan::from_data(plan.data().clone()).unwrap();
    for options in [
        ReportOptions::new(Scope::all(), Phase::Amount),
        ReportOptions::new(Scope::all().org_units(["D03", "HQ"]), Phase::Spent),
        ReportOptions::new(Scope::all().years(["1399"]), Phase::Amount).comparing_phases(true),
    ] {
        prop_assert_eq!(plan.report_with(&options), loaded.report_with(&options));
    }
    prop_assert_eq!(plan.warnings(), loaded.warnings());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn an_edited_plan_is_the_plan_its_data_loads_as(
        seed in 0u64..1_000,
        draws in proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u16>(), -5_000_000i32..50_000_000), 1..16),
    ) {
        let mut plan = Plan::from_data(goldthread::synth::plan(400, seed)).unwrap();
        // A summary report between edits, as a what-if redraw makes: it must not leave
        // anything stale behind.
        let _ = plan.report_with(&ReportOptions::default().summary(true));
        for draw in draws {
            let edit = edit_of(plan.data(), draw);
            let before = plan.data().clone();
            match plan.edit(&edit) {
                Ok(_) => {
                    // The same edit as a scenario gives the same plan.
                    let mut as_scenario = Plan::from_data(before).unwrap().apply(&goldthread::Scenario::of(vec![edit.clone()])).unwrap().plan;
                    prop_assert_eq!(plan.data(), as_scenario.data());
                    let _ = &mut as_scenario;
                }
                Err(e) => {
                    prop_assert_eq!(plan.data(), &before, "{} left the plan changed", e);
                }
            }
            let summary = plan.report_with(&ReportOptions::default().summary(true));
            prop_assert!(summary.projects.is_empty() && summary.diagnostics.is_empty());
            prop_assert_eq!(&summary.goals, &plan.report(&Scope::all(), Phase::Amount).goals);
        }
        same_as_loaded(&plan)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A scenario of many edits finds its ids through an index, kept as projects are added
    /// and removed; one edit finds them by a pass over the plan. Both give the same plan
    /// and the same outcomes, edit by edit.
    #[test]
    fn a_long_scenario_is_its_edits_one_by_one(
        seed in 0u64..1_000,
        draws in proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u16>(), -5_000_000i32..50_000_000), 40..90),
    ) {
        let start = Plan::from_data(goldthread::synth::plan(300, seed)).unwrap();
        let mut plan = start.clone();
        let (mut edits, mut outcomes) = (Vec::new(), Vec::new());
        for (step, draw) in draws.into_iter().enumerate() {
            // Now and then a new project, and a line moved to it: ids the index must learn.
            let added = format!("NEW-{step}");
            let new = [
                Edit::AddProject {
                    project: serde_json::json!({"id": added, "name": "new",
                        "programs": [{"program": plan.data().programs[0].id}]}),
                },
                Edit::MoveLine {
                    line: plan.data().budget_lines[step % 300].id.to_string(),
                    to: vec![LinkTo { project: Some(added.clone()), program: None, share: None }],
                },
            ];
            let batch = if step % 7 == 0 { new.to_vec() } else { vec![edit_of(plan.data(), draw)] };
            for edit in batch {
                if let Ok(outcome) = plan.edit(&edit) {
                    edits.push(edit);
                    outcomes.push(outcome);
                }
            }
        }
        prop_assume!(edits.len() > 32);
        let applied = start.apply(&goldthread::Scenario::of(edits)).unwrap();
        prop_assert_eq!(applied.plan.data(), plan.data());
        for (i, (a, b)) in applied.outcomes.iter().zip(&outcomes).enumerate() {
            prop_assert_eq!((a.edit, &a.message, a.lines, a.change, a.links_removed),
                (i, &b.message, b.lines, b.change, b.links_removed));
        }
    }
}

#[test]
fn a_failed_edit_leaves_the_plan_as_it_was() {
    let text = common::read("examples/isfahan/plan.json");
    let mut plan = Plan::from_json(&text).unwrap();
    let report = plan.report(&Scope::all(), Phase::Amount);
    // PR-01's shares are 0.8 and 0.2: another 0.5 sums past 1 (E005).
    let err = plan
        .edit(&Edit::AddLink {
            from: "PR-01".into(),
            to: "G2".into(),
            share: Some("0.5".into()),
        })
        .unwrap_err();
    assert!(err.to_string().contains("E005"), "{err}");
    assert_eq!(plan.report(&Scope::all(), Phase::Amount), report);
    let err = plan
        .edit(&Edit::SetAmount {
            line: "nowhere".into(),
            phase: None,
            amount: "1".into(),
        })
        .unwrap_err();
    assert!(err.to_string().contains("no budget line"), "{err}");
    assert_eq!(plan, Plan::from_json(&text).unwrap());
    // And then it still edits.
    plan.edit(&Edit::SetShare {
        from: "PR-01".into(),
        to: "G1.1".into(),
        share: Some("0.7".into()),
    })
    .unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    assert!(r.traceability.leaks.program_partial > report.traceability.leaks.program_partial);
    same_as_loaded(&plan).unwrap();
}
