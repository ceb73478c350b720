//! Balance and execution per fiscal year and org unit (SPEC §5): revenue, expenditure,
//! their difference, capital share, execution rate and revenue realisation.

use crate::attribution::{from_units, to_units};
use crate::graph::Graph;
use crate::model::{BudgetLine, Phase, PlanData};
use crate::ratio::decimal_ratio;
use crate::report::BalanceRow;
use crate::scope::{LabelScope, Scope};
use rust_decimal::Decimal;

/// Sums of one direction of one group, in smallest units.
#[derive(Default, Clone, Copy)]
struct Sums {
    phase: u128,
    capital: u128,
    spent: u128,
    revised: u128,
    approved: u128,
    any_revised: bool,
}

impl Sums {
    /// Adds a line whose approved amount is `approved` units (the graph's column).
    fn add(
        &mut self,
        line: &BudgetLine,
        approved: u128,
        capital: bool,
        phase: Phase,
        precision: u32,
    ) {
        let units = |v: Option<Decimal>| v.map_or(0, |v| to_units(v, precision));
        let in_phase = match phase {
            Phase::Amount => approved,
            _ => units(line.phase_value(phase)),
        };
        self.phase += in_phase;
        if capital {
            self.capital += in_phase;
        }
        self.spent += units(line.spent);
        self.revised += units(line.revised);
        self.approved += approved;
        self.any_revised |= line.revised.is_some();
    }

    /// Spent over revised, or over approved where no line of the group gives revised.
    fn execution_rate(&self, precision: u32) -> Option<f64> {
        let over = if self.any_revised {
            self.revised
        } else {
            self.approved
        };
        decimal_ratio(
            from_units(self.spent, precision),
            from_units(over, precision),
        )
    }
}

/// The balance rows for the lines matching the scope's years and org units (categories
/// do not apply: revenue lines have none of the expenditure categories), years in order,
/// org units in the plan's order.
pub(crate) fn balance(
    data: &PlanData,
    graph: &Graph,
    scope: &Scope,
    phase: Phase,
) -> Vec<BalanceRow> {
    let p = data.precision;
    // Matched by the graph's label indices, not by comparing each line's texts.
    let narrowed = LabelScope::new(
        &Scope {
            categories: Vec::new(),
            ..scope.clone()
        },
        graph,
    );
    // Org units in the order the plan lists them, then others in order of first use in
    // the scope (the last slot: lines without one). Groups are found by the indices the
    // graph gave years and org units at load: no string is hashed per line.
    let listed = data.org_units.as_ref().map_or(0, Vec::len);
    let n_units = graph.org_labels.len() + 1;
    let mut rank: Vec<Option<usize>> = (0..n_units).map(|u| (u < listed).then_some(u)).collect();
    let mut next_rank = listed;
    let capital = graph.category_labels.iter().position(|c| c == "capital");
    let mut groups: Vec<Option<(Sums, Sums)>> =
        vec![None; graph.year_labels.len().saturating_mul(n_units)];
    for (l, line) in data.budget_lines.iter().enumerate() {
        if !narrowed.matches(graph, l) {
            continue;
        }
        let u = graph.line_org.get(l).unwrap_or(n_units - 1);
        if let Some(r @ None) = rank.get_mut(u) {
            *r = Some(next_rank);
            next_rank += 1;
        }
        let y = graph.line_year.get(l).unwrap_or(0);
        let Some(slot) = groups.get_mut(y * n_units + u) else {
            continue;
        };
        let (exp, rev) = slot.get_or_insert_with(Default::default);
        let is_capital = capital.is_some() && graph.line_category.get(l) == capital;
        let approved = graph.line_amount.get(l).copied().unwrap_or(0);
        let sums = if graph.line_revenue.get(l) == Some(&true) {
            rev
        } else {
            exp
        };
        sums.add(line, approved, is_capital, phase, p);
    }
    // Years in order (as written), then org units in the plan's order.
    let mut rows: Vec<(&str, usize, usize, Sums, Sums)> = groups
        .into_iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let (exp, rev) = g?;
            let (y, u) = (i / n_units, i % n_units);
            let year = graph.year_labels.get(y)?.as_str();
            Some((year, rank.get(u).copied().flatten()?, u, exp, rev))
        })
        .collect();
    rows.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    rows.into_iter()
        .map(|(year, _, u, exp, rev)| BalanceRow {
            year: year.to_string(),
            org_unit: graph.org_labels.get(u).cloned(),
            revenue: from_units(rev.phase, p),
            expenditure: from_units(exp.phase, p),
            difference: from_units(rev.phase, p) - from_units(exp.phase, p),
            capital_share: decimal_ratio(from_units(exp.capital, p), from_units(exp.phase, p)),
            execution_rate: exp.execution_rate(p),
            revenue_realisation: rev.execution_rate(p),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{Phase, Plan, Scope};

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
