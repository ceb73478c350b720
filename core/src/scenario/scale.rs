//! Scaling the lines a filter picks by a percentage (SPEC §12), exactly: the total moves
//! by the percentage of the picked lines' total rounded half away from zero to the plan's
//! precision, and that change is split over the lines by the largest-remainder rule (floor
//! each line's exact part, then one smallest unit each to the largest remainders, ties to
//! the earlier line), so that the lines' new amounts sum to the stated total to the unit.

use super::apply::phase_slot;
use super::Filter;
use crate::amount::{check_line_amount, from_units, read_amount, to_units};
use crate::model::{Direction, FundTarget, Phase, PlanData};
use crate::plan::Plan;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The percentage's bounds: a cut of everything to a tenfold increase.
const MIN_PERCENT: i64 = -100;
const MAX_PERCENT: i64 = 1000;
/// At most this many decimal places in a percentage (0.000001 %).
const PERCENT_PLACES: u32 = 6;

/// What a scale did.
pub(super) struct Scaled {
    /// The lines scaled, in plan order.
    pub picked: Vec<usize>,
    pub lines: usize,
    pub change: Decimal,
    pub without_phase: usize,
}

pub(super) fn scale(
    data: &mut PlanData,
    filter: &Filter,
    percent: &str,
    phase: Phase,
) -> Result<Scaled, String> {
    let p = read_amount(percent).map_err(|e| format!("percent: {e}"))?;
    if p < Decimal::from(MIN_PERCENT) || p > Decimal::from(MAX_PERCENT) {
        return Err(format!(
            "percent: {percent} is outside {MIN_PERCENT} to {MAX_PERCENT}"
        ));
    }
    let p = p.normalize();
    if p.scale() > PERCENT_PLACES {
        return Err(format!(
            "percent: {percent} has more than {PERCENT_PLACES} decimal places"
        ));
    }
    let picked = pick(data, filter)?;
    if picked.is_empty() {
        return Err("no budget line matches the filter".into());
    }
    let precision = data.precision;
    let (with, without): (Vec<usize>, Vec<usize>) = picked
        .into_iter()
        .partition(|&l| data.budget_lines[l].phase_value(phase).is_some());
    // Each line's exact part is a·m / den, with the percentage m / 10^s and den = 100·10^s.
    let m = p.mantissa();
    let den = 100 * 10i128.pow(p.scale());
    let overflow = || "the amounts are too large to scale exactly".to_string();
    let mut nums = Vec::with_capacity(with.len());
    let mut sum: i128 = 0;
    for &l in &with {
        let a = to_units(data.budget_lines[l].in_phase(phase), precision);
        let num = a.checked_mul(m).ok_or_else(overflow)?;
        sum = sum.checked_add(num).ok_or_else(overflow)?;
        nums.push(num);
    }
    // The stated change: the exact total change rounded half away from zero (den is even).
    let total = (sum.abs() + den / 2) / den * sum.signum();
    let mut parts: Vec<i128> = nums.iter().map(|n| n.div_euclid(den)).collect();
    let floors: i128 = parts.iter().sum();
    let left = usize::try_from(total - floors)
        .ok()
        .filter(|&k| k <= parts.len())
        .ok_or("the change cannot be split exactly (please report this)")?;
    let mut order: Vec<usize> = (0..nums.len()).collect();
    // Largest remainder first; the stable sort keeps the earlier line first on ties.
    order.sort_by_key(|&k| std::cmp::Reverse(nums[k].rem_euclid(den)));
    for &k in order.iter().take(left) {
        parts[k] += 1;
    }
    // Every new amount checked before any is written: an edit applies whole or not at all.
    let mut values = Vec::with_capacity(with.len());
    for (&l, part) in with.iter().zip(&parts) {
        let line = &data.budget_lines[l];
        let value = line.in_phase(phase) + from_units(*part, precision);
        check_line_amount(value, precision, || value.to_string())
            .map_err(|e| format!("{}: {e}", line.id))?;
        values.push(value);
    }
    for (&l, value) in with.iter().zip(values) {
        *phase_slot(&mut data.budget_lines[l], phase) = Some(value);
    }
    Ok(Scaled {
        lines: with.len(),
        picked: with,
        change: from_units(total, precision),
        without_phase: without.len(),
    })
}

/// The lines the filter picks, in plan order.
fn pick(data: &PlanData, f: &Filter) -> Result<Vec<usize>, String> {
    let direction = match f.direction.as_deref() {
        None | Some("expenditure") => Direction::Expenditure,
        Some("revenue") => Direction::Revenue,
        Some(other) => {
            return Err(format!(
                "filter.direction: {other:?}; choose expenditure or revenue"
            ))
        }
    };
    let set = |list: &[String]| -> HashSet<String> { list.iter().cloned().collect() };
    let (years, units, categories) = (set(&f.years), set(&f.org_units), set(&f.categories));
    let (projects, programs) = (set(&f.projects), set(&f.programs));
    for (field, list, known) in [
        (
            "projects",
            &f.projects,
            data.projects.iter().map(|p| &p.id).collect::<HashSet<_>>(),
        ),
        (
            "programs",
            &f.programs,
            data.programs.iter().map(|p| &p.id).collect(),
        ),
        (
            "goals",
            &f.goals,
            data.goals.iter().map(|g| &g.id).collect(),
        ),
    ] {
        if let Some(id) = list.iter().find(|id| !known.contains(id)) {
            return Err(format!("filter.{field}: no such id {id:?}"));
        }
    }
    // A project funds the programs it links to.
    let via_project: HashSet<&str> = data
        .projects
        .iter()
        .filter(|p| p.programs.iter().any(|l| programs.contains(&l.program)))
        .map(|p| p.id.as_str())
        .collect();
    let reached = if f.goals.is_empty() {
        None
    } else {
        let plan = Plan::from_data(data.clone()).map_err(|e| {
            format!(
                "the goals a line reaches need a plan without errors; the edits so far give: {e}"
            )
        })?;
        let goals = set(&f.goals);
        Some(plan.lines_reaching(|g| goals.contains(g)))
    };
    let within = |list: &HashSet<String>, v: Option<&str>| {
        list.is_empty() || v.is_some_and(|v| list.contains(v))
    };
    Ok((0..data.budget_lines.len())
        .filter(|&l| {
            let line = &data.budget_lines[l];
            line.direction == direction
                && within(&years, Some(&line.year))
                && within(&units, line.org_unit.as_deref())
                && within(&categories, line.category.as_deref())
                && (projects.is_empty()
                    || line.funds.iter().any(|x| {
                        matches!(&x.target, FundTarget::Project(id) if projects.contains(id.as_str()))
                    }))
                && (programs.is_empty()
                    || line.funds.iter().any(|x| match &x.target {
                        FundTarget::Program(id) => programs.contains(id.as_str()),
                        FundTarget::Project(id) => via_project.contains(id.as_str()),
                    }))
                && reached.as_ref().is_none_or(|r| r[l])
        })
        .collect())
}
