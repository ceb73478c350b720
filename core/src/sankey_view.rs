//! A Sankey a person can read at city scale: the levels they choose (org units → programs →
//! goals by default, projects on demand), goals in the tree's order, and at most so many
//! nodes a column, the smallest merged into one "others" node whose flows are the exact
//! sums of theirs. The full thread is [`crate::export::sankey`].
//!
//! Without the projects column, an org unit's flow to a program is what reaches that
//! program from the unit's lines alone — directly or through projects — attributed as the
//! report attributes a scope of that one org unit (SPEC §3, as the by-org-unit breakdown
//! does); a program's flows to its goals are the whole plan's. What projects keep back is
//! then each unit's own, which can differ from the whole plan's by the rounding of a
//! project's split (a smallest unit per project and unit); the report's figures stay
//! those of SPEC §3.

use crate::attribution::{attribute_with, from_units, LeakReason};
use crate::export::{exact_number, sankey, upper_flows, Nodes, Sankey, SankeyLink, SankeyNode};
use crate::model::Phase;
use crate::plan::Plan;
use crate::scope::Scope;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Which Sankey to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SankeyView {
    /// Show projects between org units and programs.
    pub projects: bool,
    /// At most this many nodes of each kind (org units, projects, programs, goals); the
    /// rest of a kind become one node, `others:KIND`. 0: no limit.
    pub max_per_column: usize,
}

impl Default for SankeyView {
    /// Org units → programs → goals, at most 40 nodes a column.
    fn default() -> Self {
        SankeyView {
            projects: false,
            max_per_column: 40,
        }
    }
}

/// The Sankey of `view` for a scope and phase.
///
/// ```
/// # let plan = goldthread::Plan::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/isfahan/plan.json")).unwrap();
/// use goldthread::sankey_view::{sankey_view, SankeyView};
/// let s = sankey_view(&plan, &goldthread::Scope::all(), goldthread::Phase::Amount, &SankeyView::default());
/// assert!(s.nodes.iter().all(|n| n.kind != "project"));
/// ```
pub fn sankey_view(plan: &Plan, scope: &Scope, phase: Phase, view: &SankeyView) -> Sankey {
    let full = if view.projects {
        sankey(plan, scope, phase)
    } else {
        by_program(plan, scope, phase)
    };
    let ordered = in_order(plan, full);
    if view.max_per_column == 0 {
        ordered
    } else {
        condense(ordered, view.max_per_column)
    }
}

/// Org units → programs (directly or through projects) → goals, and the leaks.
fn by_program(plan: &Plan, scope: &Scope, phase: Phase) -> Sankey {
    let d = plan.data();
    let g = plan.graph();
    let p = d.precision;
    let lines = plan.lines_in(scope);
    let mut nodes = Nodes::default();
    let mut links: Vec<((usize, usize), i128)> = Vec::new();
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut add = |from: usize, to: usize, units: i128| {
        if units == 0 {
            return;
        }
        let k = *index.entry((from, to)).or_insert_with(|| {
            links.push(((from, to), 0));
            links.len() - 1
        });
        links[k].1 += units;
    };
    // The lines of each org unit (in order of first appearance), attributed alone.
    let mut units: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    let mut unit_at: HashMap<Option<usize>, usize> = HashMap::new();
    for &l in &lines {
        let label = g.line_org.get(l);
        let k = *unit_at.entry(label).or_insert_with(|| {
            units.push((label, Vec::new()));
            units.len() - 1
        });
        units[k].1.push(l);
    }
    let unit_names: HashMap<&str, &str> = d
        .org_units
        .iter()
        .flatten()
        .map(|u| (u.id.as_str(), u.name.as_deref().unwrap_or(u.id.as_str())))
        .collect();
    for (label, unit_lines) in &units {
        let id = label
            .and_then(|i| g.org_labels.get(i))
            .map_or("(no org unit)", String::as_str);
        let from = nodes.get("org_unit", id, unit_names.get(id).copied().unwrap_or(id));
        let flows = attribute_with(d, g, unit_lines.iter().copied(), phase, false);
        for (q, &units) in flows.program_inflow.iter().enumerate() {
            if units != 0 {
                let to = nodes.get("program", &d.programs[q].id, &d.programs[q].name);
                add(from, to, units);
            }
        }
        for r in [
            LeakReason::LineUnlinked,
            LeakReason::LinePartial,
            LeakReason::ProjectUnlinked,
            LeakReason::ProjectPartial,
        ] {
            if flows.leak(r) != 0 {
                let to = nodes.leak(r);
                add(from, to, flows.leak(r));
            }
        }
    }
    let flows = attribute_with(d, g, lines.iter().copied(), phase, true);
    upper_flows(d, g, &flows, &mut nodes, &mut add);
    Sankey {
        nodes: nodes.nodes,
        links: links
            .into_iter()
            .map(|((source, target), units)| SankeyLink {
                source,
                target,
                value: exact_number(&from_units(units, p).to_string()),
            })
            .collect(),
    }
}

/// The nodes in the order a person reads them: org units, projects, programs, goals
/// depth-first in the tree's order, leaks; each kind otherwise as first met.
fn in_order(plan: &Plan, s: Sankey) -> Sankey {
    let goals = &plan.data().goals;
    let forest: Vec<(&str, Option<&str>)> = goals
        .iter()
        .map(|x| (x.id.as_str(), x.parent.as_deref()))
        .collect();
    let tree: HashMap<&str, usize> = crate::forest::forest_order(&forest)
        .into_iter()
        .enumerate()
        .map(|(at, (i, _))| (goals[i].id.as_str(), at))
        .collect();
    let column = |n: &SankeyNode| match n.kind.as_str() {
        "org_unit" => 0,
        "project" => 1,
        "program" => 2,
        "goal" => 3,
        _ => 4,
    };
    let mut order: Vec<usize> = (0..s.nodes.len()).collect();
    order.sort_by_key(|&i| {
        let n = &s.nodes[i];
        let within = match n.kind.as_str() {
            "goal" => tree.get(n.id.as_str()).copied().unwrap_or(usize::MAX),
            _ => i,
        };
        (column(n), within)
    });
    renumber(s, &order)
}

/// The Sankey with its nodes in `order` (old indices), links following.
fn renumber(s: Sankey, order: &[usize]) -> Sankey {
    let mut new_index = vec![0; s.nodes.len()];
    for (to, &from) in order.iter().enumerate() {
        new_index[from] = to;
    }
    let mut nodes: Vec<Option<SankeyNode>> = s.nodes.into_iter().map(Some).collect();
    Sankey {
        nodes: order.iter().filter_map(|&i| nodes[i].take()).collect(),
        links: s
            .links
            .into_iter()
            .map(|l| SankeyLink {
                source: new_index[l.source],
                target: new_index[l.target],
                value: l.value,
            })
            .collect(),
    }
}

/// At most `max` nodes of each kind but leaks: the largest by the money through them
/// (the larger of in and out) stay, ties to the earlier; the rest of a kind become one
/// node `others:KIND` named by their count, its flows the exact sums of theirs. Flows
/// between two merged nodes of one kind (goals to parent goals) are dropped with them.
pub fn condense(s: Sankey, max: usize) -> Sankey {
    let value = |l: &SankeyLink| -> Decimal { l.value.to_string().parse().unwrap_or_default() };
    let mut through = vec![(Decimal::ZERO, Decimal::ZERO); s.nodes.len()];
    for l in &s.links {
        let v = value(l).abs();
        through[l.source].1 += v;
        through[l.target].0 += v;
    }
    let mut kept = vec![true; s.nodes.len()];
    let mut by_kind: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in s.nodes.iter().enumerate() {
        if n.kind != "leak" {
            by_kind.entry(n.kind.as_str()).or_default().push(i);
        }
    }
    let mut others: Vec<(String, usize)> = Vec::new();
    for (kind, mut members) in by_kind {
        if members.len() <= max {
            continue;
        }
        members.sort_by_key(|&i| std::cmp::Reverse(through[i].0.max(through[i].1)));
        for &i in &members[max.saturating_sub(1)..] {
            kept[i] = false;
        }
        others.push((kind.to_string(), members.len() - max.saturating_sub(1)));
    }
    if others.is_empty() {
        return s;
    }
    // The kept nodes in their order, each kind's "others" after its last kept node.
    let mut nodes = Vec::new();
    let mut at = vec![usize::MAX; s.nodes.len()];
    let mut other_at: HashMap<String, usize> = HashMap::new();
    let last_of_kind: HashMap<&str, usize> = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.kind.as_str(), i))
        .collect();
    for (i, n) in s.nodes.iter().enumerate() {
        if kept[i] {
            at[i] = nodes.len();
            nodes.push(n.clone());
        }
        if last_of_kind.get(n.kind.as_str()) == Some(&i) {
            if let Some((kind, count)) = others.iter().find(|(k, _)| k == &n.kind) {
                other_at.insert(kind.clone(), nodes.len());
                nodes.push(SankeyNode {
                    id: format!("others:{kind}"),
                    name: format!("{count} others"),
                    kind: kind.clone(),
                });
            }
        }
    }
    let place = |i: usize| {
        if kept[i] {
            at[i]
        } else {
            other_at[&s.nodes[i].kind]
        }
    };
    let mut sums: Vec<((usize, usize), Decimal)> = Vec::new();
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    for l in &s.links {
        let (from, to) = (place(l.source), place(l.target));
        if from == to {
            continue;
        }
        let k = *index.entry((from, to)).or_insert_with(|| {
            sums.push(((from, to), Decimal::ZERO));
            sums.len() - 1
        });
        sums[k].1 += value(l);
    }
    Sankey {
        nodes,
        links: sums
            .into_iter()
            .filter(|(_, v)| !v.is_zero())
            .map(|((source, target), v)| SankeyLink {
                source,
                target,
                value: exact_number(&v.to_string()),
            })
            .collect(),
    }
}
