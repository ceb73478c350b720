//! Coverage (SPEC §4, top-down): which goals are programmed, funded and measurable, how
//! far each goal's money reaches, the concentration of money over root goals, and the
//! performance-information coverage of PEFA PI-8.1.

use crate::attribution::{from_units, Flows};
use crate::graph::Graph;
use crate::model::PlanData;
use crate::ratio::{count_ratio, ratio_or_zero};
use crate::reach::Reach;
use crate::report::{Coverage, GoalReport, IndicatorReport};
use crate::traceability::Inputs;
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

pub(crate) fn coverage(input: &Inputs, flows: &Flows) -> (Coverage, Vec<GoalReport>) {
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
        .enumerate()
        .map(|(g, goal)| {
            let c = counts[g];
            let rolled = from_units(flows.goal_rolled[g], p);
            GoalReport {
                id: goal.id.clone(),
                name: goal.name.clone(),
                parent: goal.parent.clone(),
                leaf: graph.is_leaf(g),
                direct_amount: from_units(flows.goal_direct[g], p),
                rolled_up_amount: rolled,
                share: ratio_or_zero(rolled, traced),
                programs: programs[g],
                projects: projects[g],
                lines: lines[g],
                breadth: breadth[g],
                programmed_ratio: count_ratio(c.programmed, c.leaves),
                funded_ratio: count_ratio(c.funded, c.leaves),
                measurable_ratio: count_ratio(c.measurable, c.leaves),
                covered_ratio: count_ratio(c.covered, c.leaves),
                indicators: indicator_reports(&goal.indicators),
                // Filled in by the report, which rolls up the projects' earned value.
                execution: crate::report::RollupExecution::default(),
            }
        })
        .collect();

    // PEFA PI-8.1: money on program → goal links whose two ends are measurable.
    let mut measured: u128 = 0;
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
    let measured_ratio = if traced_units == 0 {
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

    let hhi = if traced_units == 0 {
        Decimal::ZERO
    } else {
        graph
            .goal_parent
            .iter()
            .enumerate()
            .filter(|(_, parent)| parent.is_none())
            .map(|(g, _)| {
                let s = from_units(flows.goal_rolled[g], p)
                    .checked_div(traced)
                    .unwrap_or_default();
                s.checked_mul(s).unwrap_or_default()
            })
            .sum()
    };
    let measurable_programs = data.programs.iter().filter(|q| q.is_measurable()).count();
    let coverage = Coverage {
        leaf_goals: all.leaves,
        programmed_ratio: count_ratio(all.programmed, all.leaves),
        funded_ratio: count_ratio(all.funded, all.leaves),
        measurable_ratio: count_ratio(all.measurable, all.leaves),
        covered_ratio: count_ratio(all.covered, all.leaves),
        measurable_programs_ratio: count_ratio(measurable_programs, data.programs.len()),
        measured_amount_ratio: crate::ratio::decimal_to_f64(measured_ratio),
        pefa_grade: pefa_grade.to_string(),
        hhi: crate::ratio::decimal_to_f64(hhi),
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
    // Which org units reach each goal: a goal × unit table where it is small, sorted
    // lists otherwise, so memory stays in proportion to the plan.
    let n_units = input.graph.org_labels.len();
    let dense = n.saturating_mul(n_units) <= 4_000_000;
    let mut seen = if dense {
        vec![false; n * n_units]
    } else {
        Vec::new()
    };
    let mut sparse: Vec<Vec<usize>> = if dense {
        Vec::new()
    } else {
        vec![Vec::new(); n]
    };
    let mut count = |g: usize, n: usize, unit: Option<usize>| {
        lines[g] += n;
        match (unit, dense) {
            (Some(u), true) => seen[g * n_units + u] = true,
            (Some(u), false) => sparse[g].push(u),
            (None, _) => {}
        }
    };
    // A line with one link reaches what its project or program reaches: such lines are
    // counted per target and org unit first, and each target's goals visited once, not
    // once per line. Other lines (several links, zero shares) are walked one by one.
    let graph = input.graph;
    let (n_projects, n_programs) = (graph.project_programs.len(), graph.program_goals.len());
    let slots = n_units + 1; // the last slot: lines without an org unit
    let by_target = by_target && (n_projects + n_programs).saturating_mul(slots) <= 4_000_000;
    let mut per_target = if by_target {
        vec![0usize; (n_projects + n_programs) * slots]
    } else {
        Vec::new()
    };
    let mut scratch = Vec::new();
    for &l in input.lines {
        let unit = graph.line_org[l];
        let links = graph.line_funds.at(l);
        if by_target && links.targets.len() == 1 && links.nonzero(0) {
            let t = match links.targets[0] {
                crate::graph::Target::Project(p) => p,
                crate::graph::Target::Program(q) => n_projects + q,
            };
            if let Some(c) = per_target.get_mut(t * slots + unit.unwrap_or(n_units)) {
                *c += 1;
            }
            continue;
        }
        for &g in reach.line_goals_into(graph, l, &mut scratch) {
            count(g, 1, unit);
        }
    }
    for (t, counts) in per_target.chunks(slots).enumerate() {
        if counts.iter().all(|c| *c == 0) {
            continue;
        }
        let goals = if t < n_projects {
            reach.project_goals.get(t)
        } else {
            reach.program_goals.get(t - n_projects)
        };
        for &g in goals {
            for (u, &n) in counts.iter().enumerate() {
                if n > 0 {
                    count(g, n, (u < n_units).then_some(u));
                }
            }
        }
    }
    let breadth = if dense {
        (0..n)
            .map(|g| {
                seen[g * n_units..(g + 1) * n_units]
                    .iter()
                    .filter(|s| **s)
                    .count()
            })
            .collect()
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
    use crate::model::Phase;

    #[test]
    fn counting_lines_per_target_gives_what_walking_each_line_gives() {
        // Synthetic plans have lines of one link, of several, of zero shares and of none.
        for seed in [1, 2, 3] {
            let data = crate::synth::plan(3_000, seed);
            let (graph, diags) = crate::graph::build(&data);
            assert!(diags.iter().all(|d| !d.is_error()));
            let reach = Reach::new(&graph);
            let lines: Vec<usize> = (0..data.budget_lines.len()).collect();
            let input = Inputs {
                data: &data,
                graph: &graph,
                reach: &reach,
                phase: Phase::Amount,
                lines: &lines,
            };
            let fast = reach_counts_with(&input, true);
            assert_eq!(fast, reach_counts_with(&input, false));
            assert!(fast.2.iter().sum::<usize>() > 3_000, "lines reach goals");
        }
    }
}
