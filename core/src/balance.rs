//! Balance and execution per fiscal year and org unit (SPEC §5): revenue, expenditure,
//! their difference, capital share, execution rate and revenue realisation.

use crate::model::{BudgetLine, Direction, Phase, PlanData};
use crate::ratio::decimal_ratio;
use crate::report::BalanceRow;
use crate::scope::Scope;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// Sums of one direction of one group.
#[derive(Default)]
struct Sums {
    phase: Decimal,
    capital: Decimal,
    spent: Decimal,
    revised: Decimal,
    approved: Decimal,
    any_revised: bool,
}

impl Sums {
    fn add(&mut self, line: &BudgetLine, phase: Phase) {
        self.phase += line.in_phase(phase);
        if line.category.as_deref() == Some("capital") {
            self.capital += line.in_phase(phase);
        }
        self.spent += line.in_phase(Phase::Spent);
        self.revised += line.in_phase(Phase::Revised);
        self.approved += line.amount;
        self.any_revised |= line.revised.is_some();
    }

    /// Spent over revised, or over approved where no line of the group gives revised.
    fn execution_rate(&self) -> Option<f64> {
        decimal_ratio(
            self.spent,
            if self.any_revised {
                self.revised
            } else {
                self.approved
            },
        )
    }
}

/// The balance rows for the lines matching the scope's years and org units (categories
/// do not apply: revenue lines have none of the expenditure categories), years in order,
/// org units in the plan's order.
pub(crate) fn balance(data: &PlanData, scope: &Scope, phase: Phase) -> Vec<BalanceRow> {
    let narrowed = Scope {
        categories: Vec::new(),
        ..scope.clone()
    };
    // Org units in the order the plan lists them, then others in order of first use.
    let listed: Vec<&str> = data
        .org_units
        .iter()
        .flatten()
        .map(|u| u.id.as_str())
        .collect();
    let mut units: Vec<Option<&str>> = listed.iter().map(|u| Some(*u)).collect();
    let mut unit_index: FxHashMap<Option<&str>, usize> =
        units.iter().enumerate().map(|(i, u)| (*u, i)).collect();
    let mut groups: FxHashMap<(&str, usize), (Sums, Sums)> = FxHashMap::default();
    for line in &data.budget_lines {
        if !narrowed.matches(line) {
            continue;
        }
        let unit = line.org_unit.as_deref();
        let u = *unit_index.entry(unit).or_insert_with(|| {
            units.push(unit);
            units.len() - 1
        });
        let (exp, rev) = groups.entry((line.year.as_str(), u)).or_default();
        match line.direction {
            Direction::Expenditure => exp.add(line, phase),
            Direction::Revenue => rev.add(line, phase),
        }
    }
    // Years in order, then org units in the plan's order.
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
        .into_iter()
        .map(|((year, u), (exp, rev))| BalanceRow {
            year: year.to_string(),
            org_unit: units[u].map(str::to_string),
            revenue: at_precision(rev.phase, data.precision),
            expenditure: at_precision(exp.phase, data.precision),
            difference: at_precision(rev.phase - exp.phase, data.precision),
            capital_share: decimal_ratio(exp.capital, exp.phase),
            execution_rate: exp.execution_rate(),
            revenue_realisation: rev.execution_rate(),
        })
        .collect()
}

/// The amount written with exactly the plan's decimal places, like every report amount.
fn at_precision(mut value: Decimal, precision: u32) -> Decimal {
    value.rescale(precision);
    value
}
