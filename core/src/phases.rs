//! Every phase of the budget cycle side by side (`--compare-phases`): per goal, program,
//! org unit and year, the proposed, approved, revised, committed and spent amounts and the
//! execution rate. Each phase is attributed on its own, so totals foot in each phase.

use crate::attribution::{attribute_with, from_units, Flows};
use crate::graph::{Graph, Target};
use crate::hashing::IdMap;
use crate::model::{Phase, PlanData};
use crate::ratio::money_ratio;
use crate::reach::Reach;
use crate::report::{PhaseComparison, PhaseRow};
use rust_decimal::Decimal;

/// Which lines behind a row give a revised and a spent amount: with no spent amount at
/// all, the execution rate is absent ("no data"), not 0.
#[derive(Debug, Clone, Copy, Default)]
struct Given {
    revised: bool,
    spent: bool,
}

impl Given {
    fn of(line: &crate::model::BudgetLine) -> Given {
        Given {
            revised: line.revised.is_some(),
            spent: line.spent.is_some(),
        }
    }

    fn add(&mut self, other: Given) {
        self.revised |= other.revised;
        self.spent |= other.spent;
    }
}

/// A row from its five amounts (in phase order) and which phases its lines give.
fn row(key: Option<String>, amounts: [Decimal; 5], given: Given) -> PhaseRow {
    let [proposed, amount, revised, committed, spent] = amounts;
    PhaseRow {
        key,
        proposed,
        amount,
        revised,
        committed,
        spent,
        execution_rate: if given.spent {
            money_ratio(spent, if given.revised { revised } else { amount })
        } else {
            None
        },
    }
}

/// Plain sums of the lines in scope grouped by a key, groups in order of first appearance.
fn grouped(
    data: &PlanData,
    lines: &[usize],
    key: impl Fn(usize) -> Option<String>,
) -> Vec<PhaseRow> {
    let mut keys: Vec<Option<String>> = Vec::new();
    // Where each key's sums are: one lookup per line, whatever the number of keys.
    let mut at: IdMap<Option<String>, usize> = IdMap::default();
    let mut sums: Vec<([Decimal; 5], Given)> = Vec::new();
    for &l in lines {
        let k = key(l);
        let i = match at.get(&k) {
            Some(&i) => i,
            None => {
                at.insert(k.clone(), keys.len());
                keys.push(k);
                sums.push(([Decimal::ZERO; 5], Given::default()));
                keys.len() - 1
            }
        };
        let line = &data.budget_lines[l];
        for (s, phase) in sums[i].0.iter_mut().zip(Phase::ALL) {
            *s += line.in_phase(phase);
        }
        sums[i].1.add(Given::of(line));
    }
    keys.into_iter()
        .zip(sums)
        .map(|(k, (mut amounts, given))| {
            for a in &mut amounts {
                a.rescale(data.precision);
            }
            row(k, amounts, given)
        })
        .collect()
}

pub(crate) fn compare(
    data: &PlanData,
    graph: &Graph,
    reach: &Reach,
    lines: &[usize],
) -> PhaseComparison {
    let p = data.precision;
    let flows: Vec<Flows> = Phase::ALL
        .iter()
        .map(|phase| attribute_with(data, graph, lines.iter().copied(), *phase, false))
        .collect();
    let amounts = |f: &dyn Fn(&Flows) -> i128| -> [Decimal; 5] {
        let mut out = [Decimal::ZERO; 5];
        for (o, flow) in out.iter_mut().zip(&flows) {
            *o = from_units(f(flow), p);
        }
        out
    };

    // Which goals and programs have a line with a revised or spent amount behind them.
    let mut goal_given = vec![Given::default(); data.goals.len()];
    let mut program_given = vec![Given::default(); data.programs.len()];
    let mut any = Given::default();
    for &l in lines {
        let given = Given::of(&data.budget_lines[l]);
        if !given.revised && !given.spent {
            continue;
        }
        any.add(given);
        for g in reach.line_goals(graph, l) {
            goal_given[g].add(given);
        }
        let links = graph.line_funds.at(l);
        for (k, t) in links.targets.iter().enumerate() {
            if !links.nonzero(k) {
                continue;
            }
            match t {
                Target::Program(q) => program_given[*q].add(given),
                Target::Project(j) => {
                    let up = graph.project_programs.at(*j);
                    for (m, q) in up.targets.iter().enumerate() {
                        if up.nonzero(m) {
                            program_given[*q].add(given);
                        }
                    }
                }
            }
        }
    }

    PhaseComparison {
        total: row(None, amounts(&|f| f.total), any),
        goals: data
            .goals
            .iter()
            .enumerate()
            .map(|(g, goal)| {
                row(
                    Some(goal.id.clone()),
                    amounts(&|f| f.goal_rolled[g]),
                    goal_given[g],
                )
            })
            .collect(),
        programs: data
            .programs
            .iter()
            .enumerate()
            .map(|(q, program)| {
                row(
                    Some(program.id.clone()),
                    amounts(&|f| f.program_inflow[q]),
                    program_given[q],
                )
            })
            .collect(),
        org_units: {
            let labels = &graph.org_labels;
            let mut rows = grouped(data, lines, |l| {
                graph.line_org.get(l).and_then(|u| labels.get(u).cloned())
            });
            // In the order the plan lists its org units, lines without one last.
            let rank = graph.org_rank();
            rows.sort_by_cached_key(|r| rank(&r.key));
            rows
        },
        years: {
            let mut rows = grouped(data, lines, |l| Some(data.budget_lines[l].year.to_string()));
            rows.sort_by(|a, b| a.key.cmp(&b.key));
            rows
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::{Phase, Plan, Scope};

    #[test]
    fn a_goal_behind_a_revised_line_is_executed_against_revised() {
        // One line, one link: the goal's execution is spent over revised, as the line's.
        let plan = Plan::from_json(
            r#"{"format":"goldthread/1","name":"p","precision":0,
                "goals":[{"id":"G","name":"g"}],
                "programs":[{"id":"P","name":"p","goals":[{"goal":"G"}]}],
                "budget_lines":[{"id":"L","year":"1","amount":"100","revised":"50","spent":"25",
                                 "funds":[{"program":"P"}]}]}"#,
        )
        .unwrap();
        let phases = plan
            .report_with(
                &crate::ReportOptions::new(Scope::all(), Phase::Amount).comparing_phases(true),
            )
            .phases
            .unwrap();
        assert_eq!(phases.total.execution_rate, Some(0.5));
        assert_eq!(phases.programs[0].execution_rate, Some(0.5));
        assert_eq!(phases.goals[0].execution_rate, Some(0.5));
    }
}
