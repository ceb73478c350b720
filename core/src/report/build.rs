//! The report assembled: every figure of SPEC §4, §5 and §7 for one scope and phase, each
//! row built once with all its parts. [`crate::Plan`] hands its parts here and keeps none of
//! this logic.

use super::{
    Breakdown, ExecutionSummary, FiscalYear, ProgramReport, ProjectReport, Report, ReportOptions,
    REPORT_FORMAT,
};
use crate::amount::from_units;
use crate::attribution::{attribute_units, line_units, Flows};
use crate::balance::{self, BalanceSums};
use crate::calendar::MonthDay;
use crate::classification::attribute::classification_report;
use crate::coverage::{coverage, indicator_reports};
use crate::diagnostics::Diagnostic;
use crate::execution::{self, Rollup};
use crate::graph::Graph;
use crate::model::{Phase, PlanData};
use crate::phases;
use crate::reach::Reach;
use crate::report::{Inputs, ProjectExecution};
use crate::scope::lines_in_scope;
use crate::scratch::Scratch;
use crate::traceability::traceability;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// What a loaded plan holds that a report reads.
pub(crate) struct PlanParts<'a> {
    pub data: &'a PlanData,
    pub graph: &'a Graph,
    pub reach: &'a Reach,
    /// The plan's warnings, made when first asked for (after an edit, by the first full
    /// report).
    pub warnings: &'a dyn Fn() -> Arc<Vec<Diagnostic>>,
    /// The last report's working vectors, for this one.
    pub scratch: &'a Scratch,
    /// The plan's classifications, resolved.
    pub classes: &'a [crate::classification::Resolved],
    /// The lines summed by year and org unit for the balance, made on the first report.
    pub balance_sums: &'a OnceLock<BalanceSums>,
}

/// The report of `plan` for `options`.
///
/// A report leaves its working vectors (about 40 bytes a line) to the next report on the
/// same plan, which then need not ask the system for fresh memory.
pub(crate) fn report(plan: &PlanParts, options: &ReportOptions) -> Report {
    let (data, graph) = (plan.data, plan.graph);
    let ReportOptions {
        scope,
        phase,
        compare_phases,
        summary,
    } = options;
    let phase = *phase;
    let mut buffers = plan.scratch.take();
    let mut lines = std::mem::take(&mut buffers.lines);
    lines.clear();
    lines.extend(lines_in_scope(graph, scope));
    // Each line's amount read once: the attribution and the breakdowns share it. When
    // every line is in scope (the lines are then 0..n, in order) the approved amounts
    // are the graph's own column.
    let whole = phase == Phase::Amount && lines.len() == graph.line_amount.len();
    let units: Cow<[i128]> = if whole {
        Cow::Borrowed(&graph.line_amount)
    } else {
        lines
            .iter()
            .map(|&l| line_units(data, graph, l, phase).unwrap_or(0))
            .collect()
    };
    let flows = attribute_units(
        data,
        graph,
        lines.iter().copied().zip(units.iter().copied()),
        Some(std::mem::take(&mut buffers.link_parts)),
    );
    let inputs = Inputs {
        data,
        graph,
        reach: plan.reach,
        lines: &lines,
        phase,
        units: &units,
    };
    let traceability = traceability(&inputs, &flows, &mut buffers.trace);
    // Boxed: most projects of a large plan have no execution, and a hundred thousand
    // unboxed `None`s would take 20 MB.
    let project_execution: Vec<_> = data
        .projects
        .iter()
        .map(|x| execution::project_execution(x, data.precision, data.calendar).map(Box::new))
        .collect();
    let rollup = execution::rollup(data, graph, &project_execution);
    let goal_execution = rollup
        .goal
        .iter()
        .map(|&values| execution::rollup_execution(values, data.precision))
        .collect();
    let (coverage, goals) = coverage(&inputs, &flows, goal_execution);
    let (behind_schedule, over_cost) = execution::lagging(data, &project_execution);
    let report = Report {
        format: REPORT_FORMAT.to_string(),
        plan: data.name.clone(),
        currency: data.currency.clone(),
        precision: data.precision,
        phase,
        scope: scope.clone(),
        fiscal_years: fiscal_years(data, &traceability.by_year),
        traceability,
        coverage,
        goals,
        programs: program_rows(data, &flows, &rollup),
        projects: if *summary {
            Vec::new()
        } else {
            project_rows(data, &flows, project_execution)
        },
        execution: ExecutionSummary {
            behind_schedule,
            over_cost,
        },
        balance: balance::balance(
            data,
            graph,
            plan.balance_sums
                .get_or_init(|| BalanceSums::new(data, graph)),
            scope,
            phase,
        ),
        phases: compare_phases.then(|| phases::compare(data, graph, plan.reach, &lines)),
        calendar: data.calendar,
        classifications: data
            .classifications
            .iter()
            .zip(plan.classes)
            .map(|(class, resolved)| {
                classification_report(data, graph, class, resolved, &lines, &units)
            })
            .collect(),
        diagnostics: if *summary {
            Arc::default()
        } else {
            (plan.warnings)()
        },
    };
    buffers.lines = lines;
    buffers.link_parts = flows.line_link_parts;
    plan.scratch.give_back(buffers);
    report
}

/// The days of each fiscal year of `years` that names them, where the plan says how
/// (a `calendar` or a `fiscal_year_start`); none otherwise, so that a plan that says
/// neither reports as it always has.
fn fiscal_years(data: &PlanData, years: &[Breakdown]) -> Vec<FiscalYear> {
    if data.calendar.is_gregorian() && data.fiscal_year_start.is_none() {
        return Vec::new();
    }
    let calendar = data.calendar;
    let start = data
        .fiscal_year_start
        .unwrap_or(MonthDay { month: 1, day: 1 });
    years
        .iter()
        .filter_map(|b| {
            let year = b.key.as_deref()?;
            let span = calendar.fiscal_span(year, start)?;
            Some(FiscalYear {
                year: year.to_string(),
                start: span.start.to_string(),
                end: span.end.to_string(),
                start_iso: calendar.to_iso(span.start)?.to_string(),
                end_iso: calendar.to_iso(span.end)?.to_string(),
            })
        })
        .collect()
}

/// One row per program, in plan order: `inflow = to_goals + leak`.
fn program_rows(data: &PlanData, flows: &Flows, rollup: &Rollup) -> Vec<ProgramReport> {
    let p = data.precision;
    data.programs
        .iter()
        .enumerate()
        .map(|(q, x)| ProgramReport {
            id: x.id.clone(),
            name: x.name.clone(),
            inflow: from_units(flows.program_inflow[q], p),
            to_goals: from_units(flows.program_out[q], p),
            leak: from_units(flows.program_leak(q), p),
            measurable: x.is_measurable(),
            indicators: indicator_reports(&x.indicators),
            execution: execution::rollup_execution(rollup.program[q], p),
        })
        .collect()
}

/// One row per project, in plan order, each taking its earned value along.
fn project_rows(
    data: &PlanData,
    flows: &Flows,
    project_execution: Vec<Option<Box<ProjectExecution>>>,
) -> Vec<ProjectReport> {
    let p = data.precision;
    data.projects
        .iter()
        .zip(project_execution)
        .enumerate()
        .map(|(j, (x, execution))| {
            let inflow = from_units(flows.project_inflow[j], p);
            ProjectReport {
                id: x.id.as_str().into(),
                name: x.name.as_str().into(),
                inflow,
                to_programs: from_units(flows.project_out[j], p),
                leak: from_units(flows.project_leak(j), p),
                estimate: x.estimate,
                funding_gap: x.estimate.and_then(|e| e.checked_sub(inflow)),
                execution,
            }
        })
        .collect()
}
