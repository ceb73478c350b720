//! The Sankey people read (org units → programs → goals, projects on demand, at most so
//! many nodes a column): its flows are the report's figures, exactly, whatever is merged.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::export::Sankey;
use goldthread::sankey_view::{sankey_view, SankeyView};
use goldthread::{Phase, Plan, Scope};
use rust_decimal::Decimal;
use std::collections::HashMap;

fn value(v: &serde_json::Value) -> Decimal {
    v.to_string().parse().unwrap()
}

/// Σ of the flows out of and into each node, by id.
fn sums(s: &Sankey) -> (HashMap<String, Decimal>, HashMap<String, Decimal>) {
    let (mut out, mut into) = (HashMap::new(), HashMap::new());
    for l in &s.links {
        *out.entry(s.nodes[l.source].id.clone()).or_default() += value(&l.value);
        *into.entry(s.nodes[l.target].id.clone()).or_default() += value(&l.value);
    }
    (out, into)
}

#[test]
fn the_readable_sankey_is_the_reports_figures() {
    for file in [
        "examples/isfahan/plan.json",
        "examples/eu-cohesion-2014-2020/plan.json",
    ] {
        let plan = Plan::from_path(common::repo().join(file)).unwrap();
        for scope in [Scope::all(), Scope::all().years(["1398"])] {
            let r = plan.report(&scope, Phase::Amount);
            for projects in [false, true] {
                for max in [0, 5, 40] {
                    let s = sankey_view(
                        &plan,
                        &scope,
                        Phase::Amount,
                        &SankeyView {
                            projects,
                            max_per_column: max,
                        },
                    );
                    let (out, into) = sums(&s);
                    let units: Decimal = s
                        .nodes
                        .iter()
                        .filter(|n| n.kind == "org_unit")
                        .map(|n| out.get(&n.id).copied().unwrap_or_default())
                        .sum();
                    assert_eq!(
                        units, r.traceability.total_amount,
                        "{file} {projects} {max}: all the money leaves the org units"
                    );
                    // Leaks by reason, as the report books them; without projects, what
                    // projects keep back is each org unit's (its own scope's report).
                    for (reason, amount) in r.traceability.leaks.iter() {
                        let drawn = into
                            .get(&format!("leak:{reason}"))
                            .copied()
                            .unwrap_or_default();
                        let want = if !projects && reason.starts_with("project") {
                            per_unit(&plan, &scope, reason)
                        } else {
                            amount
                        };
                        assert_eq!(drawn, want, "{file} {reason}");
                    }
                    // Each root goal receives its rolled-up amount (its own programs and its
                    // children), unless merged.
                    for g in r.goals.iter().filter(|g| g.parent.is_none()) {
                        if let Some(v) = into.get(&g.id) {
                            assert_eq!(*v, g.rolled_up_amount, "{file} {}", g.id);
                        }
                    }
                    if max > 0 {
                        for kind in ["org_unit", "project", "program", "goal"] {
                            assert!(
                                s.nodes.iter().filter(|n| n.kind == kind).count() <= max,
                                "{kind}"
                            );
                        }
                    }
                    assert!(projects || s.nodes.iter().all(|n| n.kind != "project"));
                }
            }
        }
    }
}

/// Σ over org units of what a report scoped to each keeps back for `reason`.
fn per_unit(plan: &Plan, scope: &Scope, reason: &str) -> Decimal {
    let r = plan.report(scope, Phase::Amount);
    r.traceability
        .by_org_unit
        .iter()
        .map(|b| {
            let mut s = scope.clone();
            s.org_units = vec![b.key.clone().unwrap_or_default()];
            let leaks = plan.report(&s, Phase::Amount).traceability.leaks;
            leaks
                .iter()
                .into_iter()
                .find(|(k, _)| *k == reason)
                .unwrap()
                .1
        })
        .sum()
}

/// A project split per org unit rounds each unit's part: the drawing's project leaks are
/// the units' own, which may differ from the whole plan's by a unit per project.
#[test]
fn without_projects_an_org_units_flows_are_its_own_reports() {
    let plan = Plan::from_data(goldthread::synth::plan(3_000, 11)).unwrap();
    let s = sankey_view(
        &plan,
        &Scope::all(),
        Phase::Amount,
        &SankeyView {
            projects: false,
            max_per_column: 0,
        },
    );
    let (out, into) = sums(&s);
    let r = plan.report(&Scope::all(), Phase::Amount);
    for b in &r.traceability.by_org_unit {
        let id = b.key.clone().unwrap();
        assert_eq!(out[&id], b.total_amount, "{id}");
    }
    for reason in [
        "project_unlinked",
        "project_partial",
        "line_unlinked",
        "line_partial",
    ] {
        let drawn = into
            .get(&format!("leak:{reason}"))
            .copied()
            .unwrap_or_default();
        assert_eq!(drawn, per_unit(&plan, &Scope::all(), reason), "{reason}");
    }
}

#[test]
fn goals_come_in_the_trees_order() {
    let plan = Plan::from_path(common::repo().join("examples/isfahan/plan.json")).unwrap();
    let s = sankey_view(
        &plan,
        &Scope::all(),
        Phase::Amount,
        &SankeyView {
            projects: false,
            max_per_column: 0,
        },
    );
    let goals: Vec<&str> = s
        .nodes
        .iter()
        .filter(|n| n.kind == "goal")
        .map(|n| n.id.as_str())
        .collect();
    let r = plan.report(&Scope::all(), Phase::Amount);
    let tree: Vec<&str> = goldthread::render::tree_order(&r.goals)
        .into_iter()
        .map(|(i, _)| r.goals[i].id.as_str())
        .filter(|id| goals.contains(id))
        .collect();
    assert_eq!(goals, tree);
    // Columns in reading order: org units, programs, goals, leaks.
    let kinds: Vec<&str> = s.nodes.iter().map(|n| n.kind.as_str()).collect();
    let mut sorted = kinds.clone();
    let rank = |k: &str| {
        ["org_unit", "project", "program", "goal", "leak"]
            .iter()
            .position(|x| *x == k)
    };
    sorted.sort_by_key(|k| rank(k));
    assert_eq!(kinds, sorted);
}
