//! The checks that need the whole resolved plan: warnings W101–W110 (SPEC §6), and the
//! range of the plan's totals.

use crate::amount::DecimalText;
use crate::attribution::{attribute_with, from_units, to_units};
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::graph::{Graph, Target};
use crate::model::{BudgetLine, Indicator, Phase, PlanData, Program};
use std::collections::BTreeMap;

/// Totals are kept below 2^96 smallest units so that every sum converts back to a decimal.
const MAX_TOTAL_UNITS: u128 = 1 << 96;

/// Whether no phase's total can reach the bound, whatever the amounts: every amount is at
/// most MAX_AMOUNT, and that many lines of the largest amount stay below it (at precision
/// 0, any plan under 79 million lines). Magnitudes: with negative lines, a bound on the
/// sum of magnitudes bounds every partial sum.
pub(crate) fn totals_always_fit(data: &PlanData) -> bool {
    let largest = to_units(crate::amount::MAX_AMOUNT, data.precision).unsigned_abs();
    let lines = u128::try_from(data.budget_lines.len()).unwrap_or(u128::MAX);
    lines.saturating_mul(largest) < MAX_TOTAL_UNITS
}

/// E007 when a phase's total over all lines is too large to be held exactly.
pub(crate) fn check_totals(data: &PlanData) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if totals_always_fit(data) {
        return diags;
    }
    // The totals of two halves first (on two threads for a large plan): where no phase
    // reaches the bound, no line is to be named.
    let (first, second) = crate::parallel::halves(&data.budget_lines, |lines, _| {
        lines.iter().fold([0u128; 5], |totals, line| {
            add_magnitudes(totals, line, data.precision)
        })
    });
    if add(first, second).iter().all(|t| *t < MAX_TOTAL_UNITS) {
        return diags;
    }
    // One pass, every phase at once, to name the line where a total reaches it.
    let mut totals = [0u128; 5];
    let mut reported = [false; 5];
    for (i, line) in data.budget_lines.iter().enumerate() {
        totals = add_magnitudes(totals, line, data.precision);
        for (k, phase) in Phase::ALL.into_iter().enumerate() {
            if totals[k] >= MAX_TOTAL_UNITS && !reported[k] {
                reported[k] = true;
                diags.push(
                    Diagnostic::new(
                        Code::E007,
                        format!(
                            "the plan's `{}` amounts (their magnitudes) sum past what can be held exactly (2^96 smallest units) at budget line {}",
                            phase.as_str(),
                            line.id
                        ),
                    )
                    .entity(line.id.clone())
                    .at(format!("/budget_lines/{i}/{}", phase.as_str())),
                );
            }
        }
    }
    diags
}

/// `totals` with the magnitude of `line`'s amount in each phase of [`Phase::ALL`] added, in
/// smallest units (saturating: past the bound is all that matters).
fn add_magnitudes(totals: [u128; 5], line: &BudgetLine, precision: u32) -> [u128; 5] {
    let units = Phase::ALL.map(|p| {
        line.phase_value(p)
            .map_or(0, |v| to_units(v, precision).unsigned_abs())
    });
    add(totals, units)
}

fn add(a: [u128; 5], b: [u128; 5]) -> [u128; 5] {
    std::array::from_fn(|k| a[k].saturating_add(b[k]))
}

/// Every warning of SPEC §6, in plan order within each code, added to `out` (a national
/// plan has hundreds of thousands, not to be copied from one vector into another).
pub(crate) fn warnings(data: &PlanData, graph: &Graph, out: &mut Diags) {
    // Two sides that do not depend on each other, each with passes over every line, on two
    // threads for a large plan: the negative amounts (which read every line's own bytes)
    // beside the links' warnings (the graph's compact columns), the rest beside them.
    // Listed in the order one pass gives them.
    let max = out.max_per_code();
    let ((links, negative), (periods, totals)) = crate::parallel::join(
        crate::parallel::worth(data.budget_lines.len()),
        || {
            let (mut links, mut negative) = (Diags::new(max), Diags::new(max));
            link_warnings(data, graph, &mut links);
            negative_amounts(data, &mut negative);
            (links, negative)
        },
        || {
            let mut d = Diags::new(max);
            year_outside_program(data, graph, &mut d);
            project_overfunded(data, graph, &mut d);
            for (g, goal) in data.goals.iter().enumerate() {
                target_direction(&goal.indicators, &format!("/goals/{g}"), &mut d);
            }
            for (q, p) in data.programs.iter().enumerate() {
                target_direction(&p.indicators, &format!("/programs/{q}"), &mut d);
            }
            let mut totals = Diags::new(max);
            total_lines(data, graph, &mut totals);
            (d, totals)
        },
    );
    out.append(links);
    out.append(periods);
    out.append(negative);
    out.append(totals);
}

/// W101–W106: what links to nothing, goals without an indicator or a program, shares that
/// sum to less than 1.
fn link_warnings(data: &PlanData, graph: &Graph, out: &mut Diags) {
    // Lines are found by the graph's compact columns (warnings are only looked for once
    // every link resolved, so a line's links there are the ones written); a line's own
    // 256 bytes are read only to word its warning.
    let lines = &data.budget_lines;
    let expenditure = |i: &usize| !graph.line_revenue.get(*i).copied().unwrap_or(true);
    for i in (0..lines.len()).filter(expenditure) {
        if graph.line_funds.range(i).is_empty() {
            let line = &lines[i];
            out.add(Code::W101, || {
                Diagnostic::new(
                    Code::W101,
                    format!("budget line {} links to no project or program; its money cannot reach a goal", line.id),
                )
                .entity(line.id.clone())
                .at(format!("/budget_lines/{i}"))
            });
        }
    }
    for (j, p) in data.projects.iter().enumerate() {
        if p.programs.is_empty() {
            out.add(Code::W102, || {
                Diagnostic::new(Code::W102, format!("project {} links to no program", p.id))
                    .entity(p.id.clone())
                    .at(format!("/projects/{j}"))
            });
        }
    }
    for (q, p) in data.programs.iter().enumerate() {
        if p.goals.is_empty() {
            out.push(
                Diagnostic::new(Code::W103, format!("program {} links to no goal", p.id))
                    .entity(p.id.clone())
                    .at(format!("/programs/{q}")),
            );
        }
    }
    let mut programmed = vec![false; data.goals.len()];
    for links in graph.program_goals.iter() {
        for (i, &g) in links.targets.iter().enumerate() {
            programmed[g] |= links.nonzero(i);
        }
    }
    for (g, goal) in data.goals.iter().enumerate() {
        if !graph.is_leaf(g) {
            continue;
        }
        if !goal.is_measurable() {
            out.push(
                Diagnostic::new(
                    Code::W104,
                    format!(
                        "leaf goal {} has no indicator with both a baseline and a target",
                        goal.id
                    ),
                )
                .entity(goal.id.clone())
                .at(format!("/goals/{g}")),
            );
        }
        if !programmed[g] {
            out.push(
                Diagnostic::new(Code::W105, format!("leaf goal {} has no program", goal.id))
                    .entity(goal.id.clone())
                    .at(format!("/goals/{g}")),
            );
        }
    }
    // The path is formatted only for a warning: this runs once per line.
    let mut partial_share = |kind: &str, id: &str, path: &dyn Fn() -> String, partial: bool| {
        if partial {
            out.add(Code::W106, || {
                Diagnostic::new(
                    Code::W106,
                    format!("{kind} {id}: its shares sum to less than 1; the rest leaks"),
                )
                .entity(id)
                .at(path())
            });
        }
    };
    for i in (0..lines.len()).filter(|&i| graph.line_funds.at(i).partial()) {
        partial_share(
            "budget line",
            &lines[i].id,
            &|| format!("/budget_lines/{i}/funds"),
            true,
        );
    }
    for (j, p) in data.projects.iter().enumerate() {
        partial_share(
            "project",
            &p.id,
            &|| format!("/projects/{j}/programs"),
            graph.project_programs.at(j).partial(),
        );
    }
    for (q, p) in data.programs.iter().enumerate() {
        partial_share(
            "program",
            &p.id,
            &|| format!("/programs/{q}/goals"),
            graph.program_goals.at(q).partial(),
        );
    }
}

/// W110: a line with a negative amount (a reversal, a correction, a refund). Allowed and
/// counted as it is, against the money of its year; listed so that none goes unseen.
fn negative_amounts(data: &PlanData, out: &mut Diags) {
    for (i, line) in data.budget_lines.iter().enumerate() {
        let negative: Vec<(Phase, rust_decimal::Decimal)> = Phase::ALL
            .into_iter()
            .filter_map(|p| line.phase_value(p).map(|v| (p, v)))
            .filter(|(_, v)| v.is_sign_negative() && !v.is_zero())
            .collect();
        let Some((first, _)) = negative.first() else {
            continue;
        };
        let listed: Vec<String> = negative
            .iter()
            .map(|(p, v)| format!("{} {v}", p.as_str()))
            .collect();
        out.add(Code::W110, || {
            Diagnostic::new(
                Code::W110,
                format!(
                    "budget line {} is negative ({}): it counts against the money it is attributed with",
                    line.id,
                    listed.join(", ")
                ),
            )
            .entity(line.id.clone())
            .at(format!("/budget_lines/{i}/{}", first.as_str()))
        });
    }
}

/// W112: the largest line of a group is the sum of every other line of it (at least three
/// others give an amount): a table's total row read as a line, its money counted twice. A
/// group is the lines of a fiscal year and direction: all of them (a grand total), or those
/// of one org unit (a department's or a country's total). From the graph's compact columns:
/// a sum and a largest line per group.
fn total_lines(data: &PlanData, graph: &Graph, out: &mut Diags) {
    let mut years = vec![TotalGroup::default(); 2 * graph.year_labels.len()];
    // A plan may have many years and org units and use few pairs of them: a map, keyed by
    // the unit and the year's group.
    let mut units: crate::hashing::IdMap<(usize, usize), TotalGroup> = Default::default();
    let lines = graph.line_amount.iter().zip(&graph.line_revenue);
    for (l, (&amount, &revenue)) in lines.enumerate() {
        let Some(year) = graph.line_year.get(l) else {
            continue;
        };
        let at = 2 * year + usize::from(revenue);
        if let Some(group) = years.get_mut(at) {
            group.add(l, amount);
        }
        if let Some(unit) = graph.line_org.get(l) {
            units.entry((unit, at)).or_default().add(l, amount);
        }
    }
    // Each line named once: as its year's total before its org unit's.
    let mut totals: BTreeMap<usize, (i128, usize, Option<usize>)> = BTreeMap::new();
    for group in &years {
        if let Some((l, amount)) = group.total() {
            totals.entry(l).or_insert((amount, group.lines - 1, None));
        }
    }
    for ((unit, _), group) in &units {
        if let Some((l, amount)) = group.total() {
            totals
                .entry(l)
                .or_insert((amount, group.lines - 1, Some(*unit)));
        }
    }
    for (l, (amount, others, unit)) in totals {
        let line = &data.budget_lines[l];
        out.add(Code::W112, || {
            let direction = match line.direction {
                crate::model::Direction::Revenue => "revenue",
                crate::model::Direction::Expenditure => "expenditure",
            };
            let of = match unit.and_then(|u| graph.org_labels.get(u)) {
                Some(unit) => format!("of org unit {unit} in year {}", line.year),
                None => format!("of year {}", line.year),
            };
            Diagnostic::new(
                Code::W112,
                format!(
                    "budget line {} ({}) is the sum of the {others} other {direction} lines {of}: a table's total row, its money counted twice? Leave it out (from a mapped table, with `[where_not]`)",
                    line.id,
                    from_units(amount, data.precision),
                ),
            )
            .entity(line.id.clone())
            .at(format!("/budget_lines/{l}/amount"))
        });
    }
}

/// The lines of a group for W112: their sum, and the first of the largest amount.
#[derive(Clone, Copy, Default)]
struct TotalGroup {
    sum: i128,
    /// Its lines, and those of them with an amount other than zero.
    lines: usize,
    giving: usize,
    largest: Option<(usize, i128)>,
}

impl TotalGroup {
    fn add(&mut self, line: usize, amount: i128) {
        self.lines += 1;
        if amount == 0 {
            return;
        }
        self.sum += amount;
        self.giving += 1;
        if self.largest.is_none_or(|(_, most)| amount > most) {
            self.largest = Some((line, amount));
        }
    }

    /// The line that is the sum of the others, with its amount, if there is one.
    fn total(&self) -> Option<(usize, i128)> {
        let (line, amount) = self.largest?;
        (self.giving >= 4 && amount > 0 && 2 * amount == self.sum).then_some((line, amount))
    }
}

/// W107: a line's year falls outside the period of a program it reaches.
fn year_outside_program(data: &PlanData, graph: &Graph, out: &mut Diags) {
    // Most plans have a handful of years, all inside every program's period: then no line
    // can warn, and the walk over each line's programs is skipped.
    let outside = |p: &Program, year: &str| {
        p.start.as_deref().is_some_and(|s| year < s) || p.end.as_deref().is_some_and(|e| year > e)
    };
    let years = &graph.year_labels;
    let few = years.len() <= 64;
    if few
        && !data
            .programs
            .iter()
            .any(|p| years.iter().any(|y| outside(p, y)))
    {
        return;
    }
    let mut programs = Vec::new();
    for (i, line) in data.budget_lines.iter().enumerate() {
        programs.clear();
        let links = graph.line_funds.at(i);
        for (k, t) in links.targets.iter().enumerate() {
            if !links.nonzero(k) {
                continue;
            }
            match t {
                Target::Program(q) => programs.push(*q),
                Target::Project(p) => {
                    let up = graph.project_programs.at(*p);
                    programs.extend(
                        up.targets
                            .iter()
                            .enumerate()
                            .filter(|(m, _)| up.nonzero(*m))
                            .map(|(_, q)| *q),
                    );
                }
            }
        }
        programs.sort_unstable();
        programs.dedup();
        for &q in &programs {
            let program = &data.programs[q];
            if outside(program, &line.year) {
                out.add(Code::W107, || {
                    Diagnostic::new(
                        Code::W107,
                        format!(
                            "budget line {} (year {}) reaches program {}, which runs {}–{}",
                            line.id,
                            line.year,
                            program.id,
                            program.start.as_deref().unwrap_or("…"),
                            program.end.as_deref().unwrap_or("…")
                        ),
                    )
                    .entity(line.id.clone())
                    .at(format!("/budget_lines/{i}/year"))
                });
            }
        }
    }
}

/// W108: the approved money that reaches a project (all years) exceeds its estimate.
fn project_overfunded(data: &PlanData, graph: &Graph, out: &mut Diags) {
    if data.projects.iter().all(|p| p.estimate.is_none()) {
        return;
    }
    // Only lines that fund a project can add to one (revenue lines fund nothing).
    let lines = (0..data.budget_lines.len()).filter(|&l| {
        let funds = graph.line_funds.targets(l);
        funds.iter().any(|t| matches!(t, Target::Project(_)))
    });
    let flows = attribute_with(data, graph, lines, Phase::Amount, false);
    for (j, p) in data.projects.iter().enumerate() {
        let Some(estimate) = p.estimate else { continue };
        let funding = flows.project_inflow[j];
        if funding > to_units(estimate, data.precision) {
            out.add(Code::W108, || {
                Diagnostic::new(
                    Code::W108,
                    format!(
                        "project {}: its approved funding {} exceeds its estimate {}",
                        p.id,
                        DecimalText::new(&crate::attribution::from_units(funding, data.precision)),
                        DecimalText::new(&estimate)
                    ),
                )
                .entity(p.id.clone())
                .at(format!("/projects/{j}/estimate"))
            });
        }
    }
}

/// W109: a declared direction that the target contradicts.
fn target_direction(indicators: &[Indicator], base: &str, out: &mut Diags) {
    for (k, ind) in indicators.iter().enumerate() {
        let (Some(ascending), Some(b), Some(t)) = (ind.ascending, &ind.baseline, &ind.target)
        else {
            continue;
        };
        let against = if ascending {
            t.value < b.value
        } else {
            t.value > b.value
        };
        if against {
            out.push(
                Diagnostic::new(
                    Code::W109,
                    format!(
                        "indicator {}: declared {} but its target {} moves {} from its baseline {}",
                        ind.id,
                        if ascending { "ascending" } else { "descending" },
                        t.value,
                        if ascending { "down" } else { "up" },
                        b.value
                    ),
                )
                .entity(ind.id.clone())
                .at(format!("{base}/indicators/{k}/target")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Code, Plan};

    #[test]
    fn warnings_on_two_threads_are_listed_as_one_pass_lists_them() {
        use super::*;
        use crate::parallel::tests::forced;
        let mut data = crate::synth::plan(3_000, 3);
        // Warnings of both halves: negative lines, a year outside its programs, partial
        // shares and unlinked lines (which the synthetic plan has of itself).
        for i in (0..3_000).step_by(13) {
            data.budget_lines[i].amount = Some(-rust_decimal::Decimal::ONE);
        }
        data.programs[0].end = Some("0001".into());
        let (graph, _) = crate::graph::build(&data);
        for max in [2, 1000] {
            let mut reference = Diags::new(max);
            link_warnings(&data, &graph, &mut reference);
            year_outside_program(&data, &graph, &mut reference);
            project_overfunded(&data, &graph, &mut reference);
            for (g, goal) in data.goals.iter().enumerate() {
                target_direction(&goal.indicators, &format!("/goals/{g}"), &mut reference);
            }
            for (q, p) in data.programs.iter().enumerate() {
                target_direction(&p.indicators, &format!("/programs/{q}"), &mut reference);
            }
            negative_amounts(&data, &mut reference);
            let reference = format!("{:?}", reference.into_vec());
            for two in [false, true] {
                let mut out = Diags::new(max);
                forced(two, || warnings(&data, &graph, &mut out));
                let listed = out.into_vec();
                assert!(listed.iter().any(|d| d.code == Code::W110));
                assert!(listed.iter().any(|d| d.code == Code::W101));
                assert_eq!(format!("{listed:?}"), reference);
            }
        }
    }

    #[test]
    fn a_phase_total_past_2_96_units_is_named_at_the_line_that_reaches_it() {
        use super::*;
        use crate::model::BudgetLine;
        use crate::parallel::tests::forced;
        let max = crate::amount::MAX_AMOUNT;
        // At 6 places the largest amount is about 10^27 units: some eighty lines reach it.
        let units = to_units(max, 6).unsigned_abs();
        let reaching = usize::try_from(MAX_TOTAL_UNITS.div_ceil(units)).unwrap();
        let plan = |lines: usize, amount| PlanData {
            name: "p".into(),
            precision: 6,
            budget_lines: (0..lines)
                .map(|i| BudgetLine::new(format!("l{i}"), "2025", amount))
                .collect(),
            ..PlanData::default()
        };
        for two in [false, true] {
            assert!(forced(two, || check_totals(&plan(reaching - 1, max))).is_empty());
            // Enough lines that the largest amounts would reach it, but these do not.
            let half = max / rust_decimal::Decimal::TWO;
            assert!(forced(two, || check_totals(&plan(reaching + 5, half))).is_empty());
            let said = forced(two, || check_totals(&plan(reaching + 5, max)));
            let at: Vec<_> = said.iter().map(|d| (d.code, d.path.clone())).collect();
            let path = format!("/budget_lines/{}/amount", reaching - 1);
            assert_eq!(at, [(Code::E007, Some(path))]);
        }
    }

    /// The paths of the W112 of a plan of lines (id, year, amount, revenue?).
    fn w112(lines: &[(&str, &str, &str, bool)]) -> Vec<String> {
        let lines: Vec<_> = lines.iter().map(|&(i, y, a, r)| (i, y, a, r, "")).collect();
        w112_of(&lines).into_iter().map(|(path, _)| path).collect()
    }

    /// The paths and messages of the W112 of lines (id, year, amount, revenue?, org unit).
    fn w112_of(lines: &[(&str, &str, &str, bool, &str)]) -> Vec<(String, String)> {
        let lines: Vec<String> = (lines.iter())
            .map(|(id, year, amount, revenue, unit)| {
                let direction = if *revenue { "revenue" } else { "expenditure" };
                let unit = match *unit {
                    "" => String::new(),
                    u => format!(r#","org_unit":"{u}""#),
                };
                format!(r#"{{"id":"{id}","year":"{year}","amount":"{amount}","direction":"{direction}"{unit}}}"#)
            })
            .collect();
        let text = format!(
            r#"{{"format":"goldthread/1","name":"p","precision":2,"budget_lines":[{}]}}"#,
            lines.join(",")
        );
        let plan = Plan::from_json(&text).unwrap();
        (plan.warnings().iter())
            .filter(|w| w.code == Code::W112)
            .map(|w| (w.path.clone().unwrap_or_default(), w.message.clone()))
            .collect()
    }

    #[test]
    fn an_org_units_total_line_is_named_w112_once() {
        let u = |id, unit, amount| (id, "2025", amount, false, unit);
        // Each country's total beside its funds (the EU's allocations table): a total that
        // is the sum is named; one with its own rounding cannot be, and is not.
        let lines = [
            u("fr-a", "FR", "100"),
            u("fr-b", "FR", "50"),
            u("fr-c", "FR", "25"),
            u("fr-total", "FR", "175"),
            u("de-a", "DE", "300"),
            u("de-b", "DE", "200"),
            u("de-c", "DE", "100"),
            u("de-total", "DE", "600.01"),
        ];
        let said = w112_of(&lines);
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].0, "/budget_lines/3/amount");
        assert_eq!(
            said[0].1,
            "budget line fr-total (175.00) is the sum of the 3 other expenditure lines of org \
             unit FR in year 2025: a table's total row, its money counted twice? Leave it out \
             (from a mapped table, with `[where_not]`)"
        );
        // A grand total is named once, as its year's, though its org unit's lines are the
        // year's too.
        let one_unit = [
            u("a", "HQ", "1"),
            u("b", "HQ", "2"),
            u("c", "HQ", "3"),
            u("t", "HQ", "6"),
        ];
        let said = w112_of(&one_unit);
        assert_eq!(said.len(), 1);
        assert!(
            said[0].1.contains("other expenditure lines of year 2025"),
            "{said:?}"
        );
    }

    #[test]
    fn a_line_that_is_the_sum_of_its_years_other_lines_is_named_w112() {
        let e = |id, year, amount| (id, year, amount, false);
        // A total first or last, in each year and direction apart, named in line order.
        let lines = [
            e("t25", "2025", "100.50"),
            e("a", "2025", "60"),
            e("b", "2025", "30.25"),
            e("c", "2025", "10.25"),
            e("d", "2026", "1"),
            e("e", "2026", "2"),
            e("f", "2026", "3"),
            ("r1", "2025", "7", true),
            ("r2", "2025", "7", true),
            e("t26", "2026", "6"),
        ];
        assert_eq!(
            w112(&lines),
            ["/budget_lines/0/amount", "/budget_lines/9/amount"]
        );
        // Two other lines are not enough to say (10 + 20 = 30 is common); a largest line a
        // cent away from the others' sum is not one.
        assert!(w112(&[e("a", "1", "10"), e("b", "1", "20"), e("c", "1", "30")]).is_empty());
        assert!(w112(&[
            e("a", "1", "5"),
            e("b", "1", "5"),
            e("c", "1", "5"),
            e("d", "1", "15.01")
        ])
        .is_empty());
        // With a negative line, the total is still the largest and the sum of the others.
        let with_negative = [
            e("a", "1", "50"),
            e("b", "1", "-10"),
            e("c", "1", "20"),
            e("t", "1", "60"),
        ];
        assert_eq!(w112(&with_negative), ["/budget_lines/3/amount"]);
        // Lines of other years do not count towards a year's sum (6 = 1 + 1 + 1 + 3 across
        // both years).
        let years = [
            e("a", "1", "1"),
            e("b", "1", "1"),
            e("c", "1", "1"),
            e("d", "2", "3"),
            e("t", "1", "6"),
        ];
        assert!(w112(&years).is_empty());
    }

    fn w107(lines: &str) -> Vec<(String, Option<String>)> {
        let text = format!(
            r#"{{"format":"goldthread/1","name":"p","precision":0,
                "goals":[{{"id":"G","name":"g"}}],
                "programs":[{{"id":"P","name":"p","start":"1398","end":"1398","goals":[{{"goal":"G"}}]}},
                            {{"id":"Q","name":"q","start":"1397","goals":[{{"goal":"G"}}]}}],
                "projects":[{{"id":"J","name":"j","programs":[{{"program":"P"}},{{"program":"Q"}}]}}],
                "budget_lines":{lines}}}"#
        );
        let plan = Plan::from_json(&text).unwrap();
        plan.warnings()
            .iter()
            .filter(|d| d.code == Code::W107)
            .map(|d| {
                (
                    d.entity.clone().unwrap_or_default().into_string(),
                    d.path.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn totals_past_2_to_the_96_units_are_refused_where_they_cross() {
        // At precision 6 the largest amount is 10^27 units: 79 of them stay below 2^96
        // (about 7.92 × 10^28), the 80th crosses it.
        let totals = |n: usize| {
            let lines: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"id":"L{i}","year":"1","amount":"1000000000000000000000"}}"#))
                .collect();
            let text = format!(
                r#"{{"format":"goldthread/1","name":"p","precision":6,"budget_lines":[{}]}}"#,
                lines.join(",")
            );
            let (data, diags) = crate::plan_file::read_listed(text.as_bytes());
            assert!(diags.is_empty(), "{diags:?}");
            super::check_totals(&data.unwrap())
                .into_iter()
                .map(|d| (d.code, d.path))
                .collect::<Vec<_>>()
        };
        assert!(totals(79).is_empty());
        assert_eq!(
            totals(80),
            vec![(Code::E007, Some("/budget_lines/79/amount".to_string()))]
        );
    }

    #[test]
    fn a_year_outside_a_reached_program_warns() {
        let found = w107(
            r#"[{"id":"A","year":"1398","amount":"1","funds":[{"program":"P"}]},
                {"id":"B","year":"1399","amount":"1","funds":[{"program":"P"}]},
                {"id":"C","year":"1399","amount":"1","funds":[{"project":"J"}]},
                {"id":"D","year":"1399","amount":"1","funds":[{"program":"P","share":"0"},{"program":"Q","share":"1"}]},
                {"id":"E","year":"1396","amount":"1","funds":[{"program":"Q"}]}]"#,
        );
        let at = |id: &str, i: usize| (id.to_string(), Some(format!("/budget_lines/{i}/year")));
        // B reaches P directly, C through J; D gives P no share; E is before Q starts.
        assert_eq!(found, vec![at("B", 1), at("C", 2), at("E", 4)]);
        // Every year inside every period: nothing to say.
        assert!(
            w107(r#"[{"id":"A","year":"1398","amount":"1","funds":[{"project":"J"}]}]"#).is_empty()
        );
    }
}
