//! The bridge from the old traced total to the new one (SPEC §11): the plan is taken from
//! old to new in four steps, each a real plan reported on, so that each step's figure is
//! what that change alone does after the steps before it, and the steps foot exactly.

use super::{Change, DiffError};
use crate::model::{BudgetLine, PlanData};
use crate::plan::Plan;
use crate::report::ReportOptions;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Old traced total + each step = new traced total, to the smallest unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Bridge {
    /// The old plan's traced amount.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub start: Decimal,
    /// What the lines only the old plan has traced.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub removed_lines: Decimal,
    /// What the new structure does to the kept lines at their old amounts: goals, programs
    /// and projects added or removed, links added, removed or re-shared, lines moved or
    /// relabelled.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub relinked: Decimal,
    /// What the kept lines' new amounts do, in the new structure.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub amounts: Decimal,
    /// What the lines only the new plan has trace.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub added_lines: Decimal,
    /// The new plan's traced amount.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub end: Decimal,
}

impl Bridge {
    /// The steps in order, with their names.
    pub fn steps(&self) -> [(&'static str, Decimal); 4] {
        [
            ("removed_lines", self.removed_lines),
            ("relinked", self.relinked),
            ("amounts", self.amounts),
            ("added_lines", self.added_lines),
        ]
    }
}

/// The four steps: the old plan without its removed lines; the new plan without its added
/// lines but with the kept lines' old amounts; the new plan without its added lines; the
/// new plan. Classifications do not move money and are left out of the steps between
/// (their tags may name the lines a step leaves out).
pub(super) fn bridge(
    old: &PlanData,
    new: &PlanData,
    options: &ReportOptions,
    traced: Change,
) -> Result<Bridge, DiffError> {
    let in_new: HashSet<&str> = new.budget_lines.iter().map(|l| l.id.as_str()).collect();
    let in_old: HashMap<&str, &BudgetLine> = old
        .budget_lines
        .iter()
        .map(|l| (l.id.as_str(), l))
        .collect();
    let removed = old
        .budget_lines
        .iter()
        .any(|l| !in_new.contains(l.id.as_str()));
    let added = new
        .budget_lines
        .iter()
        .any(|l| !in_old.contains_key(l.id.as_str()));
    let traced_of = |data: PlanData| -> Result<Decimal, DiffError> {
        let plan = Plan::from_data(data).map_err(DiffError::Bridge)?;
        Ok(plan.report_with(options).traceability.traced_amount)
    };
    // Step 1: the old plan without the lines the new one drops.
    let after_removal = if removed {
        traced_of(without_lines(old, |l| in_new.contains(l.id.as_str())))?
    } else {
        traced.old_amount
    };
    // Step 3's plan: the new plan without the lines it adds.
    let structure = if added {
        without_lines(new, |l| in_old.contains_key(l.id.as_str()))
    } else {
        without_lines(new, |_| true)
    };
    // Step 2: that plan with the kept lines' old amounts.
    let mut old_amounts = structure.clone();
    for line in &mut old_amounts.budget_lines {
        if let Some(was) = in_old.get(line.id.as_str()) {
            line.proposed = was.proposed;
            line.amount = was.amount;
            line.revised = was.revised;
            line.committed = was.committed;
            line.spent = was.spent;
        }
    }
    let relinked = traced_of(old_amounts)?;
    let before_added = if added {
        traced_of(structure)?
    } else {
        traced.new_amount
    };
    Ok(Bridge {
        start: traced.old_amount,
        removed_lines: after_removal - traced.old_amount,
        relinked: relinked - after_removal,
        amounts: before_added - relinked,
        added_lines: traced.new_amount - before_added,
        end: traced.new_amount,
    })
}

/// The plan with only the lines `keep` keeps, and no classifications.
fn without_lines(data: &PlanData, keep: impl Fn(&BudgetLine) -> bool) -> PlanData {
    PlanData {
        budget_lines: data
            .budget_lines
            .iter()
            .filter(|l| keep(l))
            .cloned()
            .collect(),
        classifications: Vec::new(),
        ..clone_without_lines(data)
    }
}

/// Everything of the plan but its lines and classifications (cloning a million lines only
/// to drop them would double the memory a diff takes).
fn clone_without_lines(data: &PlanData) -> PlanData {
    PlanData {
        name: data.name.clone(),
        currency: data.currency.clone(),
        precision: data.precision,
        calendar: data.calendar,
        fiscal_year_start: data.fiscal_year_start,
        org_units: data.org_units.clone(),
        goals: data.goals.clone(),
        programs: data.programs.clone(),
        projects: data.projects.clone(),
        budget_lines: Vec::new(),
        classifications: Vec::new(),
        x: data.x.clone(),
    }
}
