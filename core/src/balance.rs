//! Balance and execution per fiscal year and org unit (SPEC §5): revenue, expenditure,
//! their difference, capital share, execution rate and revenue realisation.

use crate::attribution::{from_units, to_units};
use crate::graph::Graph;
use crate::hashing::IdMap;
use crate::model::{BudgetLine, Phase, PlanData};
use crate::ratio::money_ratio;
use crate::report::BalanceRow;
use crate::scope::{LabelScope, Scope};
use rust_decimal::Decimal;

/// Sums of one direction of one group, in smallest units, for every phase at once.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    /// In the order of [`Phase::ALL`].
    phase: [i128; 5],
    /// Of the lines in the `capital` category.
    capital: [i128; 5],
    any_revised: bool,
    any_spent: bool,
}

impl Sums {
    fn add(&mut self, amounts: [Option<Decimal>; 5], capital: bool, precision: u32) {
        for (k, amount) in amounts.into_iter().enumerate() {
            let units = amount.map_or(0, |v| to_units(v, precision));
            self.phase[k] += units;
            if capital {
                self.capital[k] += units;
            }
        }
        self.any_revised |= amounts[slot(Phase::Revised)].is_some();
        self.any_spent |= amounts[slot(Phase::Spent)].is_some();
    }

    /// The sums of this group's lines and of `other`'s together.
    fn merge(&mut self, other: &Sums) {
        for k in 0..self.phase.len() {
            self.phase[k] += other.phase[k];
            self.capital[k] += other.capital[k];
        }
        self.any_revised |= other.any_revised;
        self.any_spent |= other.any_spent;
    }

    /// Spent over revised, or over approved where no line of the group gives revised;
    /// none ("no data") where no line of the group gives spent.
    fn execution_rate(&self, precision: u32) -> Option<f64> {
        if !self.any_spent {
            return None;
        }
        let over = if self.any_revised {
            Phase::Revised
        } else {
            Phase::Amount
        };
        money_ratio(
            from_units(self.phase[slot(Phase::Spent)], precision),
            from_units(self.phase[slot(over)], precision),
        )
    }
}

fn slot(phase: Phase) -> usize {
    Phase::ALL.iter().position(|p| *p == phase).unwrap_or(0)
}

/// A plan's lines summed by fiscal year and org unit, each direction apart, every phase:
/// what the balance of any scope is made of (its filters are years and org units, the
/// groups themselves). Made once per plan, on its first report, so that a report after a
/// filter change reads a few dozen groups instead of a million lines.
#[derive(Debug, Clone)]
pub(crate) struct BalanceSums {
    /// Each year and org unit that has lines (the last unit slot: lines without one), in
    /// order of year then unit: only those, so that a plan of five thousand years and forty
    /// thousand org units holds its few groups, not a table of every pair.
    groups: Vec<Group>,
    units: usize,
}

/// One year and org unit's sums: expenditure, revenue, and the group's first line.
#[derive(Debug, Clone)]
struct Group {
    year: usize,
    unit: usize,
    exp: Sums,
    rev: Sums,
    first: usize,
}

impl BalanceSums {
    pub fn new(data: &PlanData, graph: &Graph) -> BalanceSums {
        let units = graph.org_labels.len() + 1;
        // Each half of the lines summed on its own (on two threads for a large plan), then
        // the second half's groups added to the first's, whose lines come first.
        let (mut groups, second) = crate::parallel::halves(&data.budget_lines, |lines, from| {
            Self::groups(data, graph, lines, from)
        });
        let at: IdMap<(usize, usize), usize> = (groups.iter().enumerate())
            .map(|(g, group)| ((group.year, group.unit), g))
            .collect();
        for group in second {
            match at
                .get(&(group.year, group.unit))
                .and_then(|g| groups.get_mut(*g))
            {
                Some(same) => {
                    same.exp.merge(&group.exp);
                    same.rev.merge(&group.rev);
                }
                None => groups.push(group),
            }
        }
        groups.sort_unstable_by_key(|g| (g.year, g.unit));
        BalanceSums { groups, units }
    }

    /// The groups of `lines`, the plan's lines from index `from` on, in order of first use.
    fn groups(data: &PlanData, graph: &Graph, lines: &[BudgetLine], from: usize) -> Vec<Group> {
        let p = data.precision;
        let units = graph.org_labels.len() + 1;
        let capital = graph.category_labels.iter().position(|c| c == "capital");
        let mut groups: Vec<Group> = Vec::new();
        let mut at: IdMap<(usize, usize), usize> = IdMap::default();
        for (l, line) in (from..).zip(lines) {
            let unit = graph.line_org.get(l).unwrap_or(units - 1);
            let year = graph.line_year.get(l).unwrap_or(0);
            let g = *at.entry((year, unit)).or_insert_with(|| {
                groups.push(Group {
                    year,
                    unit,
                    exp: Sums::default(),
                    rev: Sums::default(),
                    first: l,
                });
                groups.len() - 1
            });
            let Some(group) = groups.get_mut(g) else {
                continue;
            };
            let is_capital = capital.is_some() && graph.line_category.get(l) == capital;
            let sums = if graph.line_revenue.get(l) == Some(&true) {
                &mut group.rev
            } else {
                &mut group.exp
            };
            sums.add(
                Phase::ALL.map(|phase| line.phase_value(phase)),
                is_capital,
                p,
            );
        }
        groups
    }
}

/// The balance rows for the lines matching the scope's years and org units (categories
/// do not apply: revenue lines have none of the expenditure categories), years in order,
/// org units in the plan's order, then the others in order of first use in the scope.
pub(crate) fn balance(
    data: &PlanData,
    graph: &Graph,
    sums: &BalanceSums,
    scope: &Scope,
    phase: Phase,
) -> Vec<BalanceRow> {
    let p = data.precision;
    let within = LabelScope::new(
        &Scope {
            categories: Vec::new(),
            ..scope.clone()
        },
        graph,
    );
    let units = sums.units;
    let listed = data.org_units.as_ref().map_or(0, Vec::len);
    // The groups in scope, and each unit's first line among them (what ranks the units
    // the plan does not list).
    let mut first: Vec<Option<usize>> = vec![None; units];
    let mut rows: Vec<(&str, usize, &Sums, &Sums)> = Vec::new();
    for group in &sums.groups {
        let (y, u) = (group.year, group.unit);
        let (exp, rev, first_line) = (&group.exp, &group.rev, &group.first);
        if !within.matches_labels(Some(y), (u + 1 < units).then_some(u)) {
            continue;
        }
        if let Some(f) = first.get_mut(u) {
            *f = Some(f.map_or(*first_line, |f| f.min(*first_line)));
        }
        let Some(year) = graph.year_labels.get(y) else {
            continue;
        };
        rows.push((year.as_str(), u, exp, rev));
    }
    let rank = |u: usize| {
        (
            u >= listed,
            if u < listed {
                u
            } else {
                first[u].unwrap_or(usize::MAX)
            },
        )
    };
    rows.sort_by(|a, b| (a.0, rank(a.1)).cmp(&(b.0, rank(b.1))));
    let k = slot(phase);
    rows.into_iter()
        .map(|(year, u, exp, rev)| BalanceRow {
            year: year.to_string(),
            org_unit: graph.org_labels.get(u).cloned(),
            revenue: from_units(rev.phase[k], p),
            expenditure: from_units(exp.phase[k], p),
            difference: from_units(rev.phase[k], p) - from_units(exp.phase[k], p),
            capital_share: money_ratio(from_units(exp.capital[k], p), from_units(exp.phase[k], p)),
            execution_rate: exp.execution_rate(p),
            revenue_realisation: rev.execution_rate(p),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{Phase, Plan, Scope};

    /// Whatever the scope and phase, the rows made from the plan's group sums are what
    /// the lines in scope sum to, one by one in decimals, with org units ranked by first
    /// use in the scope; whether the sums were made on one thread or on two.
    #[test]
    fn any_scope_and_phase_gives_the_rows_its_lines_sum_to() {
        for two in [false, true] {
            rows_are_what_the_lines_sum_to(two);
        }
    }

    fn rows_are_what_the_lines_sum_to(two: bool) {
        use crate::model::Direction;
        use crate::ratio::money_ratio;
        use rust_decimal::Decimal;
        let mut data = crate::synth::plan(3_000, 9);
        data.org_units = None;
        for (i, line) in data.budget_lines.iter_mut().enumerate() {
            if i % 7 == 0 {
                line.direction = Direction::Revenue;
                line.funds.clear();
            }
            if i % 11 == 0 {
                line.org_unit = None;
            }
        }
        let plan = Plan::from_data(data).unwrap();
        // The group sums are made at the first report, once.
        crate::parallel::tests::forced(two, || plan.report(&Scope::all(), Phase::Amount));
        let lines = &plan.data().budget_lines;
        type Group<'a> = ((&'a str, Option<&'a str>), [Decimal; 9], [[bool; 2]; 2]);
        for scope in [
            Scope::all(),
            Scope::all().years(["1399"]),
            Scope::all().org_units(["D03", "HQ", "D17"]),
            Scope::all()
                .years(["1398"])
                .org_units(["D05"])
                .categories(["capital"]),
        ] {
            let narrowed = Scope {
                categories: Vec::new(),
                ..scope.clone()
            };
            for phase in Phase::ALL {
                // (year, unit) → [expenditure, capital, revenue, exp spent, exp revised,
                // exp approved, rev spent, rev revised, rev approved], revised and spent
                // given (expenditure, revenue)?
                let mut units: Vec<Option<&str>> = Vec::new();
                let mut groups: Vec<Group> = Vec::new();
                for line in lines.iter().filter(|l| narrowed.matches(l)) {
                    let key = (line.year.as_str(), line.org_unit.as_deref());
                    if !units.contains(&key.1) {
                        units.push(key.1);
                    }
                    let at = match groups.iter().position(|g| g.0 == key) {
                        Some(at) => at,
                        None => {
                            groups.push((key, [Decimal::ZERO; 9], [[false; 2]; 2]));
                            groups.len() - 1
                        }
                    };
                    let (_, sums, revised) = &mut groups[at];
                    let v = line.in_phase(phase);
                    let revenue = line.direction == Direction::Revenue;
                    let base = if revenue { 6 } else { 3 };
                    if revenue {
                        sums[2] += v;
                    } else {
                        sums[0] += v;
                        if line.category.as_deref() == Some("capital") {
                            sums[1] += v;
                        }
                    }
                    sums[base] += line.in_phase(Phase::Spent);
                    sums[base + 1] += line.in_phase(Phase::Revised);
                    sums[base + 2] += line.in_phase(Phase::Amount);
                    let given = &mut revised[usize::from(revenue)];
                    given[0] |= line.revised.is_some();
                    given[1] |= line.spent.is_some();
                }
                groups.sort_by_key(|g| (g.0 .0, units.iter().position(|u| *u == g.0 .1)));
                let rate = |s: &[Decimal; 9], base: usize, [revised, spent]: [bool; 2]| {
                    let over = if revised { s[base + 1] } else { s[base + 2] };
                    spent.then(|| money_ratio(s[base], over)).flatten()
                };
                let want: Vec<_> = groups
                    .iter()
                    .map(|(key, s, revised)| {
                        (
                            key.0.to_string(),
                            key.1.map(str::to_string),
                            s[2],
                            s[0],
                            s[2] - s[0],
                            money_ratio(s[1], s[0]),
                            rate(s, 3, revised[0]),
                            rate(s, 6, revised[1]),
                        )
                    })
                    .collect();
                let got: Vec<_> = plan
                    .report(&scope, phase)
                    .balance
                    .into_iter()
                    .map(|r| {
                        (
                            r.year,
                            r.org_unit,
                            r.revenue,
                            r.expenditure,
                            r.difference,
                            r.capital_share,
                            r.execution_rate,
                            r.revenue_realisation,
                        )
                    })
                    .collect();
                assert!(!want.is_empty(), "{scope:?}");
                assert_eq!(got, want, "{scope:?} {phase:?}");
            }
        }
    }

    #[test]
    fn rows_come_by_year_then_org_unit_in_order_of_first_use_in_scope() {
        // No org unit list: units rank by first use among the lines in scope.
        let plan = Plan::from_json(
            r#"{"format":"goldthread/1","name":"p","precision":0,"budget_lines":[
                {"id":"a","year":"1398","org_unit":"D2","amount":"10","category":"capital"},
                {"id":"b","year":"1399","org_unit":"D1","amount":"20","spent":"5","revised":"10"},
                {"id":"c","year":"1399","org_unit":"D2","amount":"30","category":"capital"},
                {"id":"d","year":"1399","org_unit":"D1","amount":"7","direction":"revenue"},
                {"id":"e","year":"1399","amount":"1"}]}"#,
        )
        .unwrap();
        let rows = |scope: &Scope| -> Vec<(String, Option<String>, String, String)> {
            plan.report(scope, Phase::Amount)
                .balance
                .into_iter()
                .map(|r| {
                    (
                        r.year,
                        r.org_unit,
                        r.revenue.to_string(),
                        r.expenditure.to_string(),
                    )
                })
                .collect()
        };
        let row = |y: &str, u: Option<&str>, rev: &str, exp: &str| {
            (
                y.to_string(),
                u.map(str::to_string),
                rev.to_string(),
                exp.to_string(),
            )
        };
        assert_eq!(
            rows(&Scope::all()),
            vec![
                row("1398", Some("D2"), "0", "10"),
                row("1399", Some("D2"), "0", "30"),
                row("1399", Some("D1"), "7", "20"),
                row("1399", None, "0", "1"),
            ]
        );
        assert_eq!(
            rows(&Scope::all().years(["1399"])),
            vec![
                row("1399", Some("D1"), "7", "20"),
                row("1399", Some("D2"), "0", "30"),
                row("1399", None, "0", "1"),
            ]
        );
        let all = plan.report(&Scope::all(), Phase::Amount).balance;
        assert_eq!(all[0].capital_share, Some(1.0));
        assert_eq!(all[2].execution_rate, Some(0.5), "spent over revised");
    }
}
