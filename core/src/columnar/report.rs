//! The report's tables (SPEC §14): one place that says which rows and columns each has, for
//! Arrow, Parquet and pandas alike.

use super::{ColumnarError, Columns, TableMeta};
use crate::report::{Breakdown, ClassificationReport, CodeReport, Lagging, PhaseRow, Report};
use arrow_array::RecordBatch;
use rust_decimal::Decimal;

/// Every table of a report, in the order `report --format parquet` writes them.
pub const REPORT_TABLES: [&str; 17] = [
    "summary",
    "goals",
    "programs",
    "projects",
    "leaks",
    "top_leaks",
    "by_org_unit",
    "by_year",
    "by_category",
    "indicators",
    "diagnostics",
    "balance",
    "behind_schedule",
    "over_cost",
    "phases",
    "codes",
    "goal_codes",
];

/// One table of the report as an Arrow record batch. `phases` is there only when the
/// report compares phases; the classification tables are empty (with their columns) for a
/// plan without classifications, so that the tables of many plans stack.
pub fn report_table(report: &Report, name: &str) -> Result<RecordBatch, ColumnarError> {
    let meta = TableMeta {
        plan: &report.plan,
        currency: report.currency.as_deref(),
        precision: report.precision,
    };
    let p = report.precision;
    let t = &report.traceability;
    match name {
        // One row: the headline figures, so that the summaries of many plans stack into
        // one table (which municipality traces least).
        "summary" => Columns::new("summary", std::slice::from_ref(report), p)
            .text("name", |r| Some(&r.plan))
            .text("currency", |r| r.currency.as_deref())
            .count("precision", |r| Some(r.precision as usize))
            .text("phase", |r| Some(r.phase.as_str()))
            .money("total_amount", |r| Some(r.traceability.total_amount))
            .money("traced_amount", |r| Some(r.traceability.traced_amount))
            .ratio("amount_ratio", |r| r.traceability.amount_ratio)
            .count("lines", |r| Some(r.traceability.lines))
            .count("lines_without_phase", |r| {
                Some(r.traceability.lines_without_phase)
            })
            .count("traced_lines", |r| Some(r.traceability.traced_lines))
            .ratio("line_ratio", |r| Some(r.traceability.line_ratio))
            .count("leaf_goals", |r| Some(r.coverage.leaf_goals))
            .ratio("programmed_ratio", |r| Some(r.coverage.programmed_ratio))
            .ratio("funded_ratio", |r| Some(r.coverage.funded_ratio))
            .ratio("measurable_ratio", |r| Some(r.coverage.measurable_ratio))
            .ratio("covered_ratio", |r| Some(r.coverage.covered_ratio))
            .ratio("measurable_programs_ratio", |r| {
                Some(r.coverage.measurable_programs_ratio)
            })
            .ratio("measured_amount_ratio", |r| {
                r.coverage.measured_amount_ratio
            })
            .text("pefa_grade", |r| Some(&r.coverage.pefa_grade))
            .ratio("hhi", |r| r.coverage.hhi)
            .finish(&meta),
        "goals" => {
            // Depth-first, each child under its parent, with its depth.
            let order = crate::render::tree_order(&report.goals);
            let rows: Vec<_> = order.iter().map(|&(i, d)| (&report.goals[i], d)).collect();
            Columns::new("goals", &rows, p)
                .count("depth", |r| Some(r.1))
                .text("id", |r| Some(&r.0.id))
                .text("name", |r| Some(&r.0.name))
                .text("parent", |r| r.0.parent.as_deref())
                .flag("leaf", |r| Some(r.0.leaf))
                .money("direct_amount", |r| Some(r.0.direct_amount))
                .money("rolled_up_amount", |r| Some(r.0.rolled_up_amount))
                .ratio("share", |r| r.0.share)
                .count("programs", |r| Some(r.0.programs))
                .count("projects", |r| Some(r.0.projects))
                .count("lines", |r| Some(r.0.lines))
                .count("breadth", |r| Some(r.0.breadth))
                .ratio("programmed_ratio", |r| Some(r.0.programmed_ratio))
                .ratio("funded_ratio", |r| Some(r.0.funded_ratio))
                .ratio("measurable_ratio", |r| Some(r.0.measurable_ratio))
                .ratio("covered_ratio", |r| Some(r.0.covered_ratio))
                .money("pv", |r| Some(r.0.execution.pv))
                .money("ev", |r| Some(r.0.execution.ev))
                .money("ac", |r| Some(r.0.execution.ac))
                .ratio("cpi", |r| r.0.execution.cpi)
                .ratio("spi", |r| r.0.execution.spi)
                .finish(&meta)
        }
        "programs" => Columns::new("programs", &report.programs, p)
            .text("id", |r| Some(&r.id))
            .text("name", |r| Some(&r.name))
            .money("inflow", |r| Some(r.inflow))
            .money("to_goals", |r| Some(r.to_goals))
            .money("leak", |r| Some(r.leak))
            .flag("measurable", |r| Some(r.measurable))
            .money("pv", |r| Some(r.execution.pv))
            .money("ev", |r| Some(r.execution.ev))
            .money("ac", |r| Some(r.execution.ac))
            .ratio("cpi", |r| r.execution.cpi)
            .ratio("spi", |r| r.execution.spi)
            .finish(&meta),
        "projects" => {
            // A project without earned value has nulls in its execution columns.
            Columns::new("projects", &report.projects, p)
                .text("id", |r| Some(&r.id))
                .text("name", |r| Some(&r.name))
                .money("inflow", |r| Some(r.inflow))
                .money("to_programs", |r| Some(r.to_programs))
                .money("leak", |r| Some(r.leak))
                .money("estimate", |r| r.estimate)
                .money("funding_gap", |r| r.funding_gap)
                .ratio("planned_fraction", |r| {
                    r.execution.as_ref().map(|e| e.planned_fraction)
                })
                .money("pv", |r| r.execution.as_ref().map(|e| e.pv))
                .money("ev", |r| r.execution.as_ref().map(|e| e.ev))
                .money("ac", |r| r.execution.as_ref().map(|e| e.ac))
                .money("cv", |r| r.execution.as_ref().map(|e| e.cv))
                .money("sv", |r| r.execution.as_ref().map(|e| e.sv))
                .ratio("cpi", |r| r.execution.as_ref().and_then(|e| e.cpi))
                .ratio("spi", |r| r.execution.as_ref().and_then(|e| e.spi))
                .money("eac", |r| r.execution.as_ref().and_then(|e| e.eac))
                .money("etc", |r| r.execution.as_ref().and_then(|e| e.etc))
                .money("vac", |r| r.execution.as_ref().and_then(|e| e.vac))
                .ratio("es_days", |r| r.execution.as_ref().map(|e| e.es_days))
                .ratio("at_days", |r| r.execution.as_ref().map(|e| e.at_days))
                .ratio("sv_days", |r| r.execution.as_ref().map(|e| e.sv_days))
                .ratio("spi_t", |r| r.execution.as_ref().and_then(|e| e.spi_t))
                .finish(&meta)
        }
        "leaks" => {
            let rows = t.leaks.iter();
            Columns::new("leaks", &rows, p)
                .text("reason", |r| Some(r.0))
                .money("amount", |r| Some(r.1))
                .finish(&meta)
        }
        "top_leaks" => {
            let rows: Vec<(&str, &str, Decimal)> = t
                .top_leaks
                .iter()
                .into_iter()
                .flat_map(|(reason, items)| {
                    items.iter().map(move |c| (reason, c.id.as_str(), c.amount))
                })
                .collect();
            Columns::new("top_leaks", &rows, p)
                .text("reason", |r| Some(r.0))
                .text("id", |r| Some(r.1))
                .money("amount", |r| Some(r.2))
                .finish(&meta)
        }
        "by_org_unit" => breakdown("by_org_unit", &t.by_org_unit, &meta),
        "by_year" => breakdown("by_year", &t.by_year, &meta),
        "by_category" => breakdown("by_category", &t.by_category, &meta),
        "indicators" => {
            let goals = report.goals.iter().map(|g| ("goal", &g.id, &g.indicators));
            let programs = report
                .programs
                .iter()
                .map(|q| ("program", &q.id, &q.indicators));
            let rows: Vec<_> = goals
                .chain(programs)
                .flat_map(|(kind, owner, list)| list.iter().map(move |i| (kind, owner, i)))
                .collect();
            Columns::new("indicators", &rows, p)
                .text("owner_kind", |r| Some(r.0))
                .text("owner", |r| Some(r.1))
                .text("id", |r| Some(&r.2.id))
                .text("name", |r| Some(&r.2.name))
                .ratio("progress", |r| r.2.progress)
                .finish(&meta)
        }
        "diagnostics" => Columns::new("diagnostics", &report.diagnostics, p)
            .text("code", |d| Some(d.code.as_str()))
            .text("name", |d| Some(&d.name))
            .text("severity", |d| Some(d.severity.as_str()))
            .text("message", |d| Some(&d.message))
            .text("entity", |d| d.entity.as_deref())
            .text("path", |d| d.path.as_deref())
            .count("line", |d| d.line)
            .count("column", |d| d.column)
            .count("unlisted", |d| d.unlisted)
            .finish(&meta),
        "balance" => Columns::new("balance", &report.balance, p)
            .text("year", |r| Some(&r.year))
            .text("org_unit", |r| r.org_unit.as_deref())
            .money("revenue", |r| Some(r.revenue))
            .money("expenditure", |r| Some(r.expenditure))
            .money("difference", |r| Some(r.difference))
            .ratio("capital_share", |r| r.capital_share)
            .ratio("execution_rate", |r| r.execution_rate)
            .ratio("revenue_realisation", |r| r.revenue_realisation)
            .finish(&meta),
        "behind_schedule" => lagging("behind_schedule", &report.execution.behind_schedule, &meta),
        "over_cost" => lagging("over_cost", &report.execution.over_cost, &meta),
        "phases" => {
            let c = report.phases.as_ref().ok_or(ColumnarError::NoPhases)?;
            let rows: Vec<(&str, &PhaseRow)> = std::iter::once(("total", &c.total))
                .chain(c.goals.iter().map(|r| ("goal", r)))
                .chain(c.programs.iter().map(|r| ("program", r)))
                .chain(c.org_units.iter().map(|r| ("org_unit", r)))
                .chain(c.years.iter().map(|r| ("year", r)))
                .collect();
            Columns::new("phases", &rows, p)
                .text("kind", |r| Some(r.0))
                .text("key", |r| r.1.key.as_deref())
                .money("proposed", |r| Some(r.1.proposed))
                .money("amount", |r| Some(r.1.amount))
                .money("revised", |r| Some(r.1.revised))
                .money("committed", |r| Some(r.1.committed))
                .money("spent", |r| Some(r.1.spent))
                .ratio("execution_rate", |r| r.1.execution_rate)
                .finish(&meta)
        }
        "codes" => {
            // Every code of every classification, then each one's unclassified rest (no id).
            let mut rows: Vec<(&ClassificationReport, Option<&CodeReport>, Decimal)> = Vec::new();
            for c in &report.classifications {
                rows.extend(c.codes.iter().map(|code| (c, Some(code), code.amount)));
            }
            for c in &report.classifications {
                rows.push((c, None, c.unclassified_amount));
            }
            Columns::new("codes", &rows, p)
                .text("classification", |r| Some(&r.0.id))
                .text("kind", |r| Some(&r.0.kind))
                .text("id", |r| r.1.map(|c| c.id.as_str()))
                .text("name", |r| r.1.and_then(|c| c.name.as_deref()))
                .text("parent", |r| r.1.and_then(|c| c.parent.as_deref()))
                .money("amount", |r| Some(r.2))
                .money("rolled_up_amount", |r| r.1.map(|c| c.rolled_up_amount))
                .ratio("share", |r| r.1.and_then(|c| c.share))
                .count("lines", |r| r.1.map(|c| c.lines))
                .finish(&meta)
        }
        "goal_codes" => {
            // Long form for pivot tables: one row per classification, goal (null: reaches
            // no goal) and code (null: unclassified).
            let mut rows: Vec<(&str, Option<&str>, Option<&str>, Decimal)> = Vec::new();
            for c in &report.classifications {
                for row in c.goals.iter().chain(std::iter::once(&c.leaked)) {
                    let goal = row.goal.as_deref();
                    rows.extend(
                        row.codes
                            .iter()
                            .map(|x| (c.id.as_str(), goal, Some(x.code.as_str()), x.amount)),
                    );
                    rows.push((c.id.as_str(), goal, None, row.unclassified_amount));
                }
            }
            Columns::new("goal_codes", &rows, p)
                .text("classification", |r| Some(r.0))
                .text("goal", |r| r.1)
                .text("code", |r| r.2)
                .money("amount", |r| Some(r.3))
                .finish(&meta)
        }
        _ => Err(ColumnarError::UnknownTable {
            name: name.to_string(),
            known: REPORT_TABLES.to_vec(),
        }),
    }
}

fn breakdown(
    table: &'static str,
    rows: &[Breakdown],
    meta: &TableMeta,
) -> Result<RecordBatch, ColumnarError> {
    Columns::new(table, rows, meta.precision)
        .text("key", |r| r.key.as_deref())
        .money("total_amount", |r| Some(r.total_amount))
        .money("traced_amount", |r| Some(r.traced_amount))
        .ratio("amount_ratio", |r| r.amount_ratio)
        .count("lines", |r| Some(r.lines))
        .count("traced_lines", |r| Some(r.traced_lines))
        .finish(meta)
}

fn lagging(
    table: &'static str,
    rows: &[Lagging],
    meta: &TableMeta,
) -> Result<RecordBatch, ColumnarError> {
    Columns::new(table, rows, meta.precision)
        .text("id", |r| Some(&r.id))
        .text("name", |r| Some(&r.name))
        .ratio("sv_days", |r| Some(r.sv_days))
        .ratio("spi_t", |r| r.spi_t)
        .money("cv", |r| Some(r.cv))
        .ratio("cpi", |r| r.cpi)
        .finish(meta)
}
