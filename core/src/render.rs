//! Reports a person can read: plain text with aligned columns, and Markdown.
//!
//! Amounts are grouped by three digits. Names in right-to-left scripts are wrapped in
//! Unicode first-strong isolates (U+2068 … U+2069), so that a Persian name keeps its own
//! order without reordering the columns around it.

use crate::amount::format_grouped;
use crate::report::{Breakdown, GoalReport, Report};
use crate::trace::Trace;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// Longest name shown in a table column, in terminal cells.
const NAME_WIDTH: usize = 36;
/// How many diagnostics a readable report lists before summing up the rest.
const DIAGNOSTICS_SHOWN: usize = 25;

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// A table rendered as aligned text or as Markdown.
struct Table {
    headers: Vec<&'static str>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(columns: &[(&'static str, Align)]) -> Table {
        Table {
            headers: columns.iter().map(|c| c.0).collect(),
            align: columns.iter().map(|c| c.1).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn text(&self, out: &mut String) {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let line = |cells: Vec<&str>, out: &mut String| {
            let mut s = String::from(" ");
            for (i, cell) in cells.iter().enumerate() {
                let pad = widths[i].saturating_sub(cell.width());
                s.push(' ');
                match self.align[i] {
                    Align::Left => {
                        s.push_str(cell);
                        s.push_str(&" ".repeat(pad));
                    }
                    Align::Right => {
                        s.push_str(&" ".repeat(pad));
                        s.push_str(cell);
                    }
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        line(self.headers.clone(), out);
        for row in &self.rows {
            line(row.iter().map(String::as_str).collect(), out);
        }
    }

    fn html(&self, out: &mut String) {
        out.push_str("<table><thead><tr>");
        for h in &self.headers {
            let _ = write!(out, "<th>{}</th>", escape_html(h));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            out.push_str("<tr>");
            for (cell, align) in row.iter().zip(&self.align) {
                // Cells were isolated for terminals; HTML isolates with dir="auto" instead.
                let text = cell.trim_matches(['\u{2068}', '\u{2069}']);
                let style = if *align == Align::Right {
                    " style=\"text-align:right\""
                } else {
                    ""
                };
                let _ = write!(out, "<td dir=\"auto\"{style}>{}</td>", escape_html(text));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }

    fn markdown(&self, out: &mut String) {
        let _ = writeln!(out, "| {} |", self.headers.join(" | "));
        let rule: Vec<&str> = self
            .align
            .iter()
            .map(|a| if *a == Align::Right { "---:" } else { "---" })
            .collect();
        let _ = writeln!(out, "| {} |", rule.join(" | "));
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| escape_markdown(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
}

/// Escapes what would break a Markdown table cell or inject markup.
fn escape_markdown(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                s.push('\\');
                s.push(c);
            }
            '\n' | '\r' => s.push(' '),
            _ => s.push(c),
        }
    }
    s
}

/// Whether a name contains right-to-left letters (Hebrew, Arabic, Persian and related).
fn has_rtl(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

/// A name cut to fit a column, isolated if right-to-left.
fn name_cell(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut cut = String::new();
    for c in clean.chars() {
        if (cut.width() + c.to_string().width()) > NAME_WIDTH - 1 {
            cut.push('…');
            break;
        }
        cut.push(c);
    }
    if has_rtl(&cut) {
        format!("\u{2068}{cut}\u{2069}")
    } else {
        cut
    }
}

fn pct(ratio: f64) -> String {
    format!("{:.1}%", ratio * 100.0)
}

fn money(value: Decimal, precision: u32) -> String {
    format_grouped(value, precision)
}

/// The sections of a readable report, shared by the text and Markdown forms.
struct Sections {
    title: String,
    facts: Vec<(String, String)>,
    tables: Vec<(String, Table)>,
    notes: Vec<String>,
}

fn sections(r: &Report) -> Sections {
    let t = &r.traceability;
    let mut tables = vec![
        ("Where the thread breaks".to_string(), leaks_table(r)),
        ("Goals".to_string(), goals_table(r)),
        ("Programs".to_string(), programs_table(r)),
    ];
    lagging_tables(r, &mut tables);
    if let Some(phases) = phases_table(r) {
        tables.push((
            "Phases side by side: approved, revised and spent".to_string(),
            phases,
        ));
    }
    if !r.balance.is_empty() {
        tables.push(("Balance and execution".to_string(), balance_table(r)));
    }
    for (title, rows) in [
        ("By org unit", &t.by_org_unit),
        ("By year", &t.by_year),
        ("By category", &t.by_category),
    ] {
        tables.push((title.to_string(), breakdown_table(rows, r.precision)));
    }
    Sections {
        title: format!("goldthread report: {}", r.plan),
        facts: facts(r),
        tables,
        notes: notes(r),
    }
}

/// The headline figures: scope, totals, coverage, performance information.
fn facts(r: &Report) -> Vec<(String, String)> {
    let p = r.precision;
    let t = &r.traceability;
    let c = &r.coverage;
    let currency = r.currency.clone().unwrap_or_default();
    let scope = |label: &str, list: &[String]| {
        if list.is_empty() {
            format!("all {label}")
        } else {
            format!("{label} {}", list.join(", "))
        }
    };
    let mut facts = vec![
        (
            "Scope".to_string(),
            format!(
                "{}; {}; {}; phase {}",
                scope("years", &r.scope.years),
                scope("org units", &r.scope.org_units),
                scope("categories", &r.scope.categories),
                r.phase.as_str()
            ),
        ),
        (
            "Total in scope".into(),
            format!("{} {currency}", money(t.total_amount, p)),
        ),
        (
            "Traced to goals".into(),
            format!("{} {currency} ({})", money(t.traced_amount, p), opt_pct(t.amount_ratio)),
        ),
        (
            "Leaked".into(),
            format!(
                "{} {currency} ({})",
                money(t.leaks.total(), p),
                opt_pct(crate::ratio::money_ratio(t.leaks.total(), t.total_amount))
            ),
        ),
        (
            "Lines traced".into(),
            format!("{} of {} ({})", t.traced_lines, t.lines, pct(t.line_ratio)),
        ),
        (
            "Leaf goals".into(),
            format!(
                "{}: programmed {}, funded {}, measurable {}, covered {}",
                c.leaf_goals,
                pct(c.programmed_ratio),
                pct(c.funded_ratio),
                pct(c.measurable_ratio),
                pct(c.covered_ratio)
            ),
        ),
        (
            "Performance information".into(),
            format!(
                "{} of traced money measured at both ends (PEFA PI-8.1: {}); measurable programs {}",
                opt_pct(c.measured_amount_ratio),
                c.pefa_grade,
                pct(c.measurable_programs_ratio)
            ),
        ),
        (
            "Concentration".into(),
            c.hhi
                .map(|h| format!("HHI over root goals {h:.3}"))
                .unwrap_or_else(|| "HHI over root goals – (nothing traced, or a root goal below zero)".into()),
        ),
    ];
    // A phase some lines do not give counts them as 0: said, never hidden.
    if t.lines_without_phase > 0 {
        let phase = match r.phase {
            crate::model::Phase::Amount => "approved",
            other => other.as_str(),
        };
        let says = if t.lines_without_phase == t.lines {
            let a = if phase == "approved" { "an" } else { "a" };
            format!("no line gives {a} {phase} amount: every figure here is 0; report another phase (--phase)")
        } else {
            format!(
                "{} of {} lines give no {phase} amount (counted as 0)",
                t.lines_without_phase, t.lines
            )
        };
        facts.insert(2, (format!("Without {phase}"), says));
    }
    facts
}

/// The leaks by reason, with the largest contributors to each.
fn leaks_table(r: &Report) -> Table {
    let p = r.precision;
    let t = &r.traceability;
    let mut leaks = Table::new(&[
        ("reason", Align::Left),
        ("amount", Align::Right),
        ("of total", Align::Right),
        ("largest", Align::Left),
    ]);
    let top = [
        &t.top_leaks.line_unlinked,
        &t.top_leaks.line_partial,
        &t.top_leaks.project_unlinked,
        &t.top_leaks.project_partial,
        &t.top_leaks.program_unlinked,
        &t.top_leaks.program_partial,
    ];
    for ((reason, amount), top) in t.leaks.iter().into_iter().zip(top) {
        let largest: Vec<String> = top.iter().take(3).map(|c| name_cell(&c.id)).collect();
        leaks.row(vec![
            reason.to_string(),
            money(amount, p),
            opt_pct(crate::ratio::money_ratio(amount, t.total_amount)),
            largest.join(", "),
        ]);
    }
    leaks
}

/// The goals depth-first, each child right under its parent and children in the order
/// the plan lists them, whatever order the plan lists the goals in: each goal's position in
/// `goals` with its depth (0 for a root). A goal whose parent is not among them is a root.
/// Linear in the number of goals.
pub fn tree_order(goals: &[GoalReport]) -> Vec<(usize, usize)> {
    let at: HashMap<&str, usize> = goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); goals.len()];
    let mut roots = Vec::new();
    for (i, g) in goals.iter().enumerate() {
        match g.parent.as_deref().and_then(|p| at.get(p)) {
            Some(&p) if p != i => children[p].push(i),
            _ => roots.push(i),
        }
    }
    let mut order = Vec::with_capacity(goals.len());
    let mut seen = vec![false; goals.len()];
    let mut stack: Vec<(usize, usize)> = roots.into_iter().rev().map(|r| (r, 0)).collect();
    while let Some((g, depth)) = stack.pop() {
        if std::mem::replace(&mut seen[g], true) {
            continue;
        }
        order.push((g, depth));
        stack.extend(children[g].iter().rev().map(|c| (*c, depth + 1)));
    }
    order
}

/// Every goal, depth-first, indented under its parent.
fn goals_table(r: &Report) -> Table {
    let p = r.precision;
    let mut goals = Table::new(&[
        ("goal", Align::Left),
        ("name", Align::Left),
        ("rolled up", Align::Right),
        ("share", Align::Right),
        ("progs", Align::Right),
        ("projs", Align::Right),
        ("lines", Align::Right),
        ("breadth", Align::Right),
        ("prog'd", Align::Right),
        ("funded", Align::Right),
        ("measur.", Align::Right),
        ("covered", Align::Right),
    ]);
    for (g, depth) in tree_order(&r.goals) {
        let Some(g) = r.goals.get(g) else { continue };
        goals.row(vec![
            format!("{}{}", "  ".repeat(depth.min(8)), g.id),
            name_cell(&g.name),
            money(g.rolled_up_amount, p),
            opt_pct(g.share),
            g.programs.to_string(),
            g.projects.to_string(),
            g.lines.to_string(),
            g.breadth.to_string(),
            pct(g.programmed_ratio),
            pct(g.funded_ratio),
            pct(g.measurable_ratio),
            pct(g.covered_ratio),
        ]);
    }
    goals
}

fn programs_table(r: &Report) -> Table {
    let p = r.precision;
    let mut programs = Table::new(&[
        ("program", Align::Left),
        ("name", Align::Left),
        ("inflow", Align::Right),
        ("to goals", Align::Right),
        ("leak", Align::Right),
        ("measurable", Align::Left),
    ]);
    for q in &r.programs {
        programs.row(vec![
            q.id.clone(),
            name_cell(&q.name),
            money(q.inflow, p),
            money(q.to_goals, p),
            money(q.leak, p),
            if q.measurable { "yes" } else { "no" }.to_string(),
        ]);
    }
    programs
}

/// The projects furthest behind schedule and over cost, where there are any.
fn lagging_tables(r: &Report, tables: &mut Vec<(String, Table)>) {
    let p = r.precision;
    for (title, rows) in [
        (
            "Projects furthest behind schedule (earned schedule)",
            &r.execution.behind_schedule,
        ),
        ("Projects furthest over cost", &r.execution.over_cost),
    ] {
        if rows.is_empty() {
            continue;
        }
        let mut table = Table::new(&[
            ("project", Align::Left),
            ("name", Align::Left),
            ("days late", Align::Right),
            ("SPI(t)", Align::Right),
            ("cost variance", Align::Right),
            ("CPI", Align::Right),
        ]);
        for x in rows {
            table.row(vec![
                x.id.clone(),
                name_cell(&x.name),
                format!("{:.0}", -x.sv_days),
                opt_ratio(x.spi_t),
                money(x.cv, p),
                opt_ratio(x.cpi),
            ]);
        }
        tables.push((title.to_string(), table));
    }
}

/// Every phase side by side, when the report has them.
fn phases_table(r: &Report) -> Option<Table> {
    let p = r.precision;
    let phases = r.phases.as_ref()?;
    let mut table = Table::new(&[
        ("", Align::Left),
        ("proposed", Align::Right),
        ("approved", Align::Right),
        ("revised", Align::Right),
        ("committed", Align::Right),
        ("spent", Align::Right),
        ("executed", Align::Right),
    ]);
    let mut add = |label: String, row: &crate::report::PhaseRow| {
        table.row(vec![
            label,
            money(row.proposed, p),
            money(row.amount, p),
            money(row.revised, p),
            money(row.committed, p),
            money(row.spent, p),
            opt_pct(row.execution_rate),
        ]);
    };
    add("total".into(), &phases.total);
    for (prefix, rows) in [
        ("", &phases.goals),
        ("", &phases.org_units),
        ("year ", &phases.years),
    ] {
        for row in rows.iter() {
            add(
                format!("{prefix}{}", row.key.as_deref().unwrap_or("(none)")),
                row,
            );
        }
    }
    Some(table)
}

/// Revenue, expenditure and execution per year and org unit.
fn balance_table(r: &Report) -> Table {
    let p = r.precision;
    let mut balance = Table::new(&[
        ("year", Align::Left),
        ("org unit", Align::Left),
        ("revenue", Align::Right),
        ("expenditure", Align::Right),
        ("difference", Align::Right),
        ("capital", Align::Right),
        ("executed", Align::Right),
        ("revenue realised", Align::Right),
    ]);
    for b in &r.balance {
        balance.row(vec![
            b.year.clone(),
            b.org_unit
                .as_deref()
                .map(name_cell)
                .unwrap_or_else(|| "(none)".into()),
            money(b.revenue, p),
            money(b.expenditure, p),
            money(b.difference, p),
            opt_pct(b.capital_share),
            opt_pct(b.execution_rate),
            opt_pct(b.revenue_realisation),
        ]);
    }
    balance
}

/// The plan's warnings, the first of them.
fn notes(r: &Report) -> Vec<String> {
    let mut notes = Vec::new();
    let shown = r.diagnostics.iter().take(DIAGNOSTICS_SHOWN);
    for d in shown {
        notes.push(d.to_string());
    }
    if r.diagnostics.len() > DIAGNOSTICS_SHOWN {
        notes.push(format!(
            "… and {} more (goldthread check PLAN lists them all)",
            r.diagnostics.len() - DIAGNOSTICS_SHOWN
        ));
    }
    notes
}

/// A ratio as a percentage, or a dash where there is none.
fn opt_pct(r: Option<f64>) -> String {
    r.map(pct).unwrap_or_else(|| "–".into())
}

/// A ratio to two places, or a dash where there is none.
fn opt_ratio(r: Option<f64>) -> String {
    r.map(|v| format!("{v:.2}")).unwrap_or_else(|| "–".into())
}

fn breakdown_table(rows: &[Breakdown], p: u32) -> Table {
    let mut t = Table::new(&[
        ("key", Align::Left),
        ("total", Align::Right),
        ("traced", Align::Right),
        ("traced %", Align::Right),
        ("lines", Align::Right),
        ("traced lines", Align::Right),
    ]);
    for b in rows {
        t.row(vec![
            b.key
                .as_deref()
                .map(name_cell)
                .unwrap_or_else(|| "(none)".into()),
            money(b.total_amount, p),
            money(b.traced_amount, p),
            opt_pct(b.amount_ratio),
            b.lines.to_string(),
            b.traced_lines.to_string(),
        ]);
    }
    t
}

/// The report as plain text with aligned columns.
pub fn report_text(report: &Report) -> String {
    let s = sections(report);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n{}\n",
        name_cell_long(&s.title),
        "=".repeat(s.title.width().min(80))
    );
    let label_width = s.facts.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in &s.facts {
        let _ = writeln!(out, "{k}{}  {v}", " ".repeat(label_width - k.width()));
    }
    for (title, table) in &s.tables {
        let _ = writeln!(out, "\n{title}");
        table.text(&mut out);
    }
    if !s.notes.is_empty() {
        let _ = writeln!(out, "\nDiagnostics ({})", report.diagnostics.len());
        for n in &s.notes {
            let _ = writeln!(out, "  {n}");
        }
    }
    // Names and ids are the file's: control characters in them are shown, not run.
    crate::controls::visible(&out).into_owned()
}

/// The report as Markdown, with names escaped.
pub fn report_markdown(report: &Report) -> String {
    let s = sections(report);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape_markdown(&s.title));
    for (k, v) in &s.facts {
        let _ = writeln!(out, "- **{k}:** {}", escape_markdown(v));
    }
    for (title, table) in &s.tables {
        let _ = writeln!(out, "\n## {title}\n");
        table.markdown(&mut out);
    }
    if !s.notes.is_empty() {
        let _ = writeln!(out, "\n## Diagnostics ({})\n", report.diagnostics.len());
        for n in &s.notes {
            let _ = writeln!(out, "- {}", escape_markdown(n));
        }
    }
    // Names and ids are the file's: control characters in them are shown, not run.
    crate::controls::visible(&out).into_owned()
}

fn name_cell_long(text: &str) -> String {
    if has_rtl(text) {
        format!("\u{2068}{text}\u{2069}")
    } else {
        text.to_string()
    }
}

/// A trace as plain text: one path a line, with its share and amount.
pub fn trace_text(trace: &Trace, precision: u32) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {} in {} path(s) to goals",
        trace.kind,
        trace.id,
        money(trace.amount, precision),
        trace.paths.len()
    );
    let mut t = Table::new(&[
        ("path", Align::Left),
        ("share", Align::Right),
        ("amount", Align::Right),
    ]);
    for path in &trace.paths {
        t.row(vec![
            path.path.join(" → "),
            path.share.round_dp(6).normalize().to_string(),
            money(path.amount, precision),
        ]);
    }
    t.text(&mut out);
    if trace.truncated {
        let _ = writeln!(
            out,
            "(only the first {} paths are listed)",
            crate::trace::MAX_PATHS
        );
    }
    // Names and ids are the file's: control characters in them are shown, not run.
    crate::controls::visible(&out).into_owned()
}

/// Escapes text for HTML, so that a name is shown as text and never runs as markup.
pub fn escape_html(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            _ => s.push(c),
        }
    }
    s
}

/// The report as an HTML fragment for notebooks: the headline figures and the leaks and
/// goals tables. Every name is escaped; names carry `dir="auto"` so that Persian reads
/// right to left inside a left-to-right table.
pub fn report_html(report: &Report) -> String {
    let s = sections(report);
    let mut out = String::from("<div class=\"goldthread-report\">");
    let _ = write!(
        out,
        "<h3 dir=\"auto\">{}</h3><table>",
        escape_html(&s.title)
    );
    for (k, v) in &s.facts {
        let _ = write!(
            out,
            "<tr><th style=\"text-align:left\">{}</th><td dir=\"auto\" style=\"text-align:left\">{}</td></tr>",
            escape_html(k),
            escape_html(v)
        );
    }
    out.push_str("</table>");
    for (title, table) in s.tables.iter().take(2) {
        let _ = write!(out, "<h4>{}</h4>", escape_html(title));
        table.html(&mut out);
    }
    out.push_str("</div>");
    out
}

/// A short HTML summary of a plan for notebooks: its name and how many entities it has.
pub fn plan_html(data: &crate::model::PlanData) -> String {
    format!(
        "<div class=\"goldthread-plan\"><b dir=\"auto\">{}</b><br>{} goals, {} programs, {} projects, {} budget lines{}</div>",
        escape_html(&data.name),
        data.goals.len(),
        data.programs.len(),
        data.projects.len(),
        data.budget_lines.len(),
        data.currency
            .as_deref()
            .map(|c| format!(", in {}", escape_html(c)))
            .unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_isolated_cut_and_escaped() {
        assert_eq!(name_cell("منطقه ۳"), "\u{2068}منطقه ۳\u{2069}");
        assert_eq!(name_cell("District 3"), "District 3");
        let long = "x".repeat(100);
        assert_eq!(name_cell(&long).width(), NAME_WIDTH);
        assert_eq!(escape_markdown("a|b<script>"), "a\\|b\\<script\\>");
    }

    #[test]
    fn goals_print_depth_first_whatever_order_the_file_lists_them() {
        // Children listed after both roots, one grandchild before its own parent.
        let plan = crate::Plan::from_json(
            r#"{"format":"goldthread/1","name":"p","precision":0,"goals":[
                {"id":"A","name":"a"},{"id":"B","name":"b"},
                {"id":"A.1.x","name":"ax","parent":"A.1"},
                {"id":"B.1","name":"b1","parent":"B"},{"id":"A.1","name":"a1","parent":"A"}]}"#,
        )
        .unwrap();
        let report = plan.report(&crate::Scope::all(), crate::Phase::Amount);
        let order: Vec<(&str, usize)> = tree_order(&report.goals)
            .into_iter()
            .map(|(g, d)| (report.goals[g].id.as_str(), d))
            .collect();
        assert_eq!(
            order,
            [("A", 0), ("A.1", 1), ("A.1.x", 2), ("B", 0), ("B.1", 1)]
        );
        let text = report_text(&report);
        let at = |id: &str| text.find(&format!(" {id} ")).unwrap_or(usize::MAX);
        assert!(at("A.1") < at("A.1.x") && at("A.1.x") < at("B"), "{text}");
    }

    #[test]
    fn html_escapes_every_name() {
        let plan = crate::Plan::from_json(
            r#"{"format":"goldthread/1","name":"<b>plan</b>","goals":[{"id":"G","name":"<script>alert(1)</script>"}]}"#,
        )
        .unwrap();
        let report = plan.report(&crate::Scope::all(), crate::Phase::Amount);
        let html = report_html(&report);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!plan_html(plan.data()).contains("<b>plan"));
    }

    #[test]
    fn tables_align_by_display_width() {
        let mut t = Table::new(&[("name", Align::Left), ("amount", Align::Right)]);
        t.row(vec![name_cell("منطقه"), "1,000".into()]);
        t.row(vec!["HQ".into(), "25".into()]);
        let mut out = String::new();
        t.text(&mut out);
        let widths: Vec<usize> = out.lines().map(UnicodeWidthStr::width).collect();
        assert_eq!(widths[1], widths[2], "{out}");
        assert!(out.lines().nth(2).unwrap().ends_with("   25"));
    }
}
