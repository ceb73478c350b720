//! Coverage (SPEC §4, top-down): which goals are programmed, funded and measurable, how
//! far each goal's money reaches, the concentration of money over root goals, and the
//! performance-information coverage of PEFA PI-8.1.

use crate::attribution::{from_units, Flows};
use crate::graph::Graph;
use crate::model::PlanData;
use crate::ratio::{count_ratio, money_ratio};
use crate::reach::Reach;
use crate::report::{Coverage, GoalReport, IndicatorReport, Inputs, RollupExecution};
use rust_decimal::Decimal;

/// The four facts about a leaf goal.
#[derive(Debug, Clone, Copy, Default)]
struct LeafFacts {
    programmed: bool,
    funded: bool,
    measurable: bool,
}

impl LeafFacts {
    fn covered(self) -> bool {
        self.programmed && self.funded && self.measurable
    }
}

/// Counts of leaf goals under a goal that are programmed, funded, measurable, covered.
#[derive(Debug, Clone, Copy, Default)]
struct LeafCounts {
    leaves: usize,
    programmed: usize,
    funded: usize,
    measurable: usize,
    covered: usize,
}

impl LeafCounts {
    fn add(&mut self, other: LeafCounts) {
        self.leaves += other.leaves;
        self.programmed += other.programmed;
        self.funded += other.funded;
        self.measurable += other.measurable;
        self.covered += other.covered;
    }

    fn of(f: LeafFacts) -> LeafCounts {
        LeafCounts {
            leaves: 1,
            programmed: usize::from(f.programmed),
            funded: usize::from(f.funded),
            measurable: usize::from(f.measurable),
            covered: usize::from(f.covered()),
        }
    }
}

/// Indicator reports, in plan order.
pub(crate) fn indicator_reports(indicators: &[crate::model::Indicator]) -> Vec<IndicatorReport> {
    indicators
        .iter()
        .map(|i| IndicatorReport {
            id: i.id.clone(),
            name: i.name.clone(),
            progress: i.progress(),
        })
        .collect()
}

/// Which leaf goals some program links to with a nonzero share.
fn programmed_goals(graph: &Graph, n: usize) -> Vec<bool> {
    let mut programmed = vec![false; n];
    for links in graph.program_goals.iter() {
        for (i, &g) in links.targets.iter().enumerate() {
            if links.nonzero(i) {
                programmed[g] = true;
            }
        }
    }
    programmed
}

/// The coverage figures, and one row per goal in plan order; `execution` holds each goal's
/// rolled-up earned value, in the same order.
pub(crate) fn coverage(
    input: &Inputs,
    flows: &Flows,
    execution: Vec<RollupExecution>,
) -> (Coverage, Vec<GoalReport>) {
    let data: &PlanData = input.data;
    let graph = input.graph;
    let n = data.goals.len();
    let p = data.precision;
    let programmed = programmed_goals(graph, n);

    // Leaf facts, rolled up to every goal bottom-up.
    let mut counts = vec![LeafCounts::default(); n];
    let mut all = LeafCounts::default();
    for &g in &graph.goals_bottom_up {
        if graph.is_leaf(g) {
            let facts = LeafFacts {
                programmed: programmed[g],
                funded: flows.goal_rolled[g] > 0,
                measurable: data.goals[g].is_measurable(),
            };
            counts[g] = LeafCounts::of(facts);
            all.add(counts[g]);
        }
        if let Some(parent) = graph.goal_parent[g] {
            let c = counts[g];
            counts[parent].add(c);
        }
    }

    let (programs, projects, lines, breadth) = reach_counts(input);
    let traced_units = flows.traced(graph);
    let traced = from_units(traced_units, p);
    let goals = data
        .goals
        .iter()
        .zip(execution)
        .enumerate()
        .map(|(g, (goal, execution))| {
            let c = counts[g];
            let rolled = from_units(flows.goal_rolled[g], p);
            GoalReport {
                id: goal.id.clone(),
                name: goal.name.clone(),
                parent: goal.parent.clone(),
                leaf: graph.is_leaf(g),
                direct_amount: from_units(flows.goal_direct[g], p),
                rolled_up_amount: rolled,
                share: money_ratio(rolled, traced),
                programs: programs[g],
                projects: projects[g],
                lines: lines[g],
                breadth: breadth[g],
                programmed_ratio: count_ratio(c.programmed, c.leaves),
                funded_ratio: count_ratio(c.funded, c.leaves),
                measurable_ratio: count_ratio(c.measurable, c.leaves),
                covered_ratio: count_ratio(c.covered, c.leaves),
                indicators: indicator_reports(&goal.indicators),
                execution,
            }
        })
        .collect();

    // PEFA PI-8.1: money on program → goal links whose two ends are measurable.
    let mut measured: i128 = 0;
    for (q, links) in graph.program_goals.iter().enumerate() {
        if !data.programs[q].is_measurable() {
            continue;
        }
        for (i, &g) in links.targets.iter().enumerate() {
            if data.goals[g].is_measurable() {
                measured += flows.program_goal_flow[q][i];
            }
        }
    }
    // No share of nothing, nor of a negative total.
    let measured_ratio = if traced_units <= 0 {
        Decimal::ZERO
    } else {
        from_units(measured, p)
            .checked_div(traced)
            .unwrap_or_default()
    };
    let pefa_grade = if measured_ratio >= Decimal::new(75, 2) {
        "most"
    } else if measured_ratio > Decimal::new(5, 1) {
        "majority"
    } else {
        "below"
    };

    let roots = || {
        graph
            .goal_parent
            .iter()
            .enumerate()
            .filter(|(_, parent)| parent.is_none())
            .map(|(g, _)| flows.goal_rolled[g])
    };
    // Concentration of shares is meaningless with nothing traced or a negative share.
    let hhi = (traced_units > 0 && roots().all(|r| r >= 0)).then(|| {
        roots()
            .map(|r| {
                let s = from_units(r, p).checked_div(traced).unwrap_or_default();
                s.checked_mul(s).unwrap_or_default()
            })
            .sum::<Decimal>()
    });
    let measurable_programs = data.programs.iter().filter(|q| q.is_measurable()).count();
    let coverage = Coverage {
        leaf_goals: all.leaves,
        programmed_ratio: count_ratio(all.programmed, all.leaves),
        funded_ratio: count_ratio(all.funded, all.leaves),
        measurable_ratio: count_ratio(all.measurable, all.leaves),
        covered_ratio: count_ratio(all.covered, all.leaves),
        measurable_programs_ratio: count_ratio(measurable_programs, data.programs.len()),
        measured_amount_ratio: (traced_units > 0)
            .then(|| crate::ratio::decimal_to_f64(measured_ratio)),
        pefa_grade: pefa_grade.to_string(),
        hhi: hhi.map(crate::ratio::decimal_to_f64),
    };
    (coverage, goals)
}

/// Per goal: the programs, projects and lines in scope with a path of nonzero shares to it
/// or to one of its descendants, and the distinct org units of those lines.
fn reach_counts(input: &Inputs) -> (Vec<usize>, Vec<usize>, Vec<usize>, Vec<usize>) {
    reach_counts_with(input, true)
}

/// As [`reach_counts`]; `by_target: false` walks every line by itself (the tests compare
/// both ways).
fn reach_counts_with(
    input: &Inputs,
    by_target: bool,
) -> (Vec<usize>, Vec<usize>, Vec<usize>, Vec<usize>) {
    let n = input.data.goals.len();
    let reach: &Reach = input.reach;
    let mut programs = vec![0; n];
    let mut projects = vec![0; n];
    let mut lines = vec![0; n];
    for goals in reach.program_goals.iter() {
        for &g in goals {
            programs[g] += 1;
        }
    }
    for goals in reach.project_goals.iter() {
        for &g in goals {
            projects[g] += 1;
        }
    }
    // Which org units reach each goal: bits of a word per goal where there are at most
    // 64 org units (any city), sorted lists otherwise.
    let graph = input.graph;
    let n_units = graph.org_labels.len();
    let bits = n_units <= 64;
    let mut goal_units: Vec<u64> = if bits { vec![0; n] } else { Vec::new() };
    let mut sparse: Vec<Vec<usize>> = if bits {
        Vec::new()
    } else {
        vec![Vec::new(); n]
    };
    let mut count = |g: usize, n: usize, units: u64, unit: Option<usize>| {
        lines[g] += n;
        if bits {
            goal_units[g] |= units;
        } else if let Some(u) = unit {
            sparse[g].push(u);
        }
    };
    let bit = |unit: Option<usize>| unit.filter(|_| bits).map_or(0, |u| 1u64 << u);
    // A line with one link reaches what its project or program reaches: such lines are
    // counted per target (with the bits of their org units) first, and each target's
    // goals visited once, not once per line. Other lines (several links, zero shares) are
    // walked one by one.
    let (n_projects, n_programs) = (graph.project_programs.len(), graph.program_goals.len());
    let by_target = by_target && bits;
    let mut target_lines = vec![
        0usize;
        if by_target {
            n_projects + n_programs
        } else {
            0
        }
    ];
    let mut target_units = vec![0u64; target_lines.len()];
    let mut scratch = Vec::new();
    for &l in input.lines {
        let unit = graph.line_org.get(l);
        let links = graph.line_funds.at(l);
        if by_target && links.targets.len() == 1 && links.nonzero(0) {
            let t = match links.targets[0] {
                crate::graph::Target::Project(p) => p,
                crate::graph::Target::Program(q) => n_projects + q,
            };
            if let (Some(n), Some(u)) = (target_lines.get_mut(t), target_units.get_mut(t)) {
                *n += 1;
                *u |= bit(unit);
            }
            continue;
        }
        for &g in reach.line_goals_into(graph, l, &mut scratch) {
            count(g, 1, bit(unit), unit);
        }
    }
    for (t, (&n, &units)) in target_lines.iter().zip(&target_units).enumerate() {
        if n == 0 {
            continue;
        }
        let goals = if t < n_projects {
            reach.project_goals.get(t)
        } else {
            reach.program_goals.get(t - n_projects)
        };
        for &g in goals {
            count(g, n, units, None);
        }
    }
    let breadth = if bits {
        goal_units.iter().map(|u| u.count_ones() as usize).collect()
    } else {
        sparse
            .into_iter()
            .map(|mut u| {
                u.sort_unstable();
                u.dedup();
                u.len()
            })
            .collect()
    };
    (programs, projects, lines, breadth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_lines_per_target_gives_what_walking_each_line_gives() {
        // Synthetic plans have lines of one link, of several, of zero shares and of none;
        // 21 org units (kept as bits), or 70 (kept as lists).
        for (seed, units) in [(1, None), (2, None), (3, Some(70))] {
            let mut data = crate::synth::plan(3_000, seed);
            if let Some(k) = units {
                data.org_units = None;
                for (l, line) in data.budget_lines.iter_mut().enumerate() {
                    line.org_unit = (l % 9 != 0).then(|| format!("U{}", l % k).into());
                }
            }
            let (graph, diags) = crate::graph::build(&data);
            assert!(diags.iter().all(|d| !d.is_error()));
            let reach = Reach::new(&graph);
            let lines: Vec<usize> = (0..data.budget_lines.len()).collect();
            let input = Inputs {
                data: &data,
                graph: &graph,
                reach: &reach,
                lines: &lines,
                phase: crate::model::Phase::Amount,
                units: &[],
            };
            let (_, _, fast_lines, fast_breadth) = reach_counts_with(&input, true);
            let (_, _, slow_lines, slow_breadth) = reach_counts_with(&input, false);
            // Walking each line by hand, with sets.
            let n = data.goals.len();
            let mut naive_lines = vec![0; n];
            let mut naive_units = vec![std::collections::BTreeSet::new(); n];
            for &l in &lines {
                for g in reach.line_goals(&graph, l) {
                    naive_lines[g] += 1;
                    if let Some(u) = graph.line_org.get(l) {
                        naive_units[g].insert(u);
                    }
                }
            }
            let naive_breadth: Vec<usize> = naive_units.iter().map(|u| u.len()).collect();
            assert_eq!(fast_lines, naive_lines);
            assert_eq!(slow_lines, naive_lines);
            assert_eq!(fast_breadth, naive_breadth);
            assert_eq!(slow_breadth, naive_breadth);
            assert!(
                naive_breadth.iter().any(|b| *b > 1),
                "org units reach goals"
            );
        }
    }
}
