//! Reports a person can read: plain text with aligned columns, Markdown, and HTML (a
//! notebook fragment here; a whole printable page in [`report_page`]), in any language of
//! [`Lang`].
//!
//! Amounts are grouped by three digits. Names in right-to-left scripts are wrapped in
//! Unicode first-strong isolates (U+2068 … U+2069), so that a Persian name keeps its own
//! order without reordering the columns around it. Every word comes from the language's
//! catalogue; figures are written in its digits.

mod classification;
mod diff;
mod page;
mod sankey_svg;

pub use diff::{diff_markdown, diff_text};
pub use page::report_page;

use crate::amount::format_grouped;
use crate::lang::Lang;
use crate::report::{Breakdown, GoalReport, Report};
use crate::trace::Trace;
use rust_decimal::Decimal;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// Longest name shown in a table column, in terminal cells.
const NAME_WIDTH: usize = 36;
/// How many diagnostics a readable report lists before summing up the rest.
const DIAGNOSTICS_SHOWN: usize = 25;

#[derive(Clone, Copy, PartialEq)]
enum Align {
    /// Text: names, ids, reasons.
    Left,
    /// Figures: amounts, counts, ratios.
    Right,
}

/// A table rendered as aligned text, Markdown or HTML.
struct Table {
    headers: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table of the columns `(label key, alignment)`, headed in `lang`.
    fn new(lang: Lang, columns: &[(&str, Align)]) -> Table {
        Table {
            headers: columns.iter().map(|c| lang.t(c.0).to_string()).collect(),
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
        line(self.headers.iter().map(String::as_str).collect(), out);
        for row in &self.rows {
            line(row.iter().map(String::as_str).collect(), out);
        }
    }

    /// The table in HTML; figures carry `class="num"` and align to the end of the line
    /// (the right in English, the left in Persian).
    fn html(&self, out: &mut String) {
        out.push_str("<table><thead><tr>");
        for (h, align) in self.headers.iter().zip(&self.align) {
            let class = if *align == Align::Right {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(out, "<th{class}>{}</th>", escape_html(h));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            out.push_str("<tr>");
            for (cell, align) in row.iter().zip(&self.align) {
                // Cells were isolated for terminals; HTML isolates with dir="auto" instead.
                let text = cell.trim_matches(['\u{2068}', '\u{2069}']);
                let attrs = if *align == Align::Right {
                    " class=\"num\" style=\"text-align:end\""
                } else {
                    ""
                };
                let _ = write!(out, "<td dir=\"auto\"{attrs}>{}</td>", escape_html(text));
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

/// How figures are written: the report's language and its precision.
#[derive(Clone, Copy)]
struct Fmt {
    lang: Lang,
    precision: u32,
}

impl Fmt {
    fn t(self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    fn fill(self, key: &str, values: &[(&str, &str)]) -> String {
        self.lang.fill(key, values)
    }

    fn money(self, value: Decimal) -> String {
        self.lang.money(value, self.precision)
    }

    fn pct(self, ratio: f64) -> String {
        self.lang.percent(ratio)
    }

    /// A ratio as a percentage, or a dash where there is none.
    fn opt_pct(self, r: Option<f64>) -> String {
        r.map(|r| self.pct(r)).unwrap_or_else(|| "–".into())
    }

    /// A ratio to two places, or a dash where there is none.
    fn opt_ratio(self, r: Option<f64>) -> String {
        r.map(|v| self.lang.figure(&format!("{v:.2}")))
            .unwrap_or_else(|| "–".into())
    }

    fn count(self, n: usize) -> String {
        self.lang.figure(&n.to_string())
    }

    /// A key of a breakdown (an org unit, a year, a category), or "(none)".
    fn key(self, key: Option<&str>) -> String {
        key.map(name_cell).unwrap_or_else(|| self.t("none").into())
    }
}

/// The scope and phase of a report or a diff, in words.
fn scope_text(s: &crate::scope::Scope, phase: crate::model::Phase, f: Fmt) -> String {
    let list = |all: &str, some: &str, list: &[String]| {
        if list.is_empty() {
            f.t(all).to_string()
        } else {
            f.fill(some, &[("list", &list.join(", "))])
        }
    };
    f.fill(
        "text.scope",
        &[
            ("years", &list("text.all_years", "text.years", &s.years)),
            (
                "org_units",
                &list("text.all_org_units", "text.org_units", &s.org_units),
            ),
            (
                "categories",
                &list("text.all_categories", "text.categories", &s.categories),
            ),
            ("phase", f.t(&format!("scope_phase.{}", phase.as_str()))),
        ],
    )
}

/// The sections of a readable report, shared by the text, Markdown and HTML forms.
struct Sections {
    title: String,
    facts: Vec<(String, String)>,
    tables: Vec<(String, Table)>,
    notes: Vec<String>,
}

impl Sections {
    /// The title, facts and tables as aligned text (the notes are the caller's).
    fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}\n{}\n",
            name_cell_long(&self.title),
            "=".repeat(self.title.width().min(80))
        );
        let label_width = self.facts.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
        for (k, v) in &self.facts {
            let _ = writeln!(out, "{k}{}  {v}", " ".repeat(label_width - k.width()));
        }
        for (title, table) in &self.tables {
            let _ = writeln!(out, "\n{title}");
            table.text(&mut out);
        }
        out
    }

    /// The title, facts and tables as Markdown (the notes are the caller's).
    fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", escape_markdown(&self.title));
        for (k, v) in &self.facts {
            let _ = writeln!(out, "- **{k}:** {}", escape_markdown(v));
        }
        for (title, table) in &self.tables {
            let _ = writeln!(out, "\n## {title}\n");
            table.markdown(&mut out);
        }
        out
    }
}

fn sections(r: &Report, lang: Lang) -> Sections {
    let f = Fmt {
        lang,
        precision: r.precision,
    };
    let t = &r.traceability;
    let mut tables = vec![
        (f.t("section.leaks").to_string(), leaks_table(r, f)),
        (f.t("section.goals").to_string(), goals_table(r, f)),
        (f.t("section.programs").to_string(), programs_table(r, f)),
    ];
    lagging_tables(r, f, &mut tables);
    if let Some(phases) = phases_table(r, f) {
        tables.push((f.t("section.phases").to_string(), phases));
    }
    if !r.balance.is_empty() {
        tables.push((f.t("section.balance").to_string(), balance_table(r, f)));
    }
    for (title, rows) in [
        ("section.by_org_unit", &t.by_org_unit),
        ("section.by_year", &t.by_year),
        ("section.by_category", &t.by_category),
    ] {
        tables.push((f.t(title).to_string(), breakdown_table(rows, f)));
    }
    if !r.fiscal_years.is_empty() {
        tables.push((
            f.t("section.fiscal_years").to_string(),
            fiscal_years_table(r, f),
        ));
    }
    for c in &r.classifications {
        let name = [("name", c.name.as_str())];
        tables.push((
            f.fill("section.classification", &name),
            classification::codes_table(c, f),
        ));
        tables.push((
            f.fill("section.classification_goals", &name),
            classification::cross_table(r, c, f),
        ));
    }
    Sections {
        title: f.fill("title", &[("plan", &r.plan)]),
        facts: facts(r, f),
        tables,
        notes: notes(r, f),
    }
}

/// The headline figures: scope, totals, coverage, performance information.
fn facts(r: &Report, f: Fmt) -> Vec<(String, String)> {
    let t = &r.traceability;
    let c = &r.coverage;
    let currency = r
        .currency
        .as_deref()
        .map(|code| f.lang.currency(code))
        .unwrap_or_default();
    let amount_share = |amount: Decimal, share: String| {
        f.fill(
            "text.amount_share",
            &[
                ("amount", &f.money(amount)),
                ("currency", &currency),
                ("share", &share),
            ],
        )
    };
    let phase = r.phase.as_str();
    let mut facts = vec![
        (
            f.t("fact.scope").to_string(),
            scope_text(&r.scope, r.phase, f),
        ),
        (
            f.t("fact.total").to_string(),
            f.fill(
                "text.amount",
                &[
                    ("amount", &f.money(t.total_amount)),
                    ("currency", &currency),
                ],
            ),
        ),
        (
            f.t("fact.traced").to_string(),
            amount_share(t.traced_amount, f.opt_pct(t.amount_ratio)),
        ),
        (
            f.t("fact.leaked").to_string(),
            amount_share(
                t.leaks.total(),
                f.opt_pct(crate::ratio::money_ratio(t.leaks.total(), t.total_amount)),
            ),
        ),
        (
            f.t("fact.lines").to_string(),
            f.fill(
                "text.lines_traced",
                &[
                    ("traced", &f.count(t.traced_lines)),
                    ("lines", &f.count(t.lines)),
                    ("share", &f.pct(t.line_ratio)),
                ],
            ),
        ),
        (
            f.t("fact.leaf_goals").to_string(),
            f.fill(
                "text.leaf_goals",
                &[
                    ("n", &f.count(c.leaf_goals)),
                    ("programmed", &f.pct(c.programmed_ratio)),
                    ("funded", &f.pct(c.funded_ratio)),
                    ("measurable", &f.pct(c.measurable_ratio)),
                    ("covered", &f.pct(c.covered_ratio)),
                ],
            ),
        ),
        (
            f.t("fact.performance").to_string(),
            f.fill(
                "text.performance",
                &[
                    ("share", &f.opt_pct(c.measured_amount_ratio)),
                    ("grade", f.t(&format!("pefa.{}", c.pefa_grade))),
                    ("programs", &f.pct(c.measurable_programs_ratio)),
                ],
            ),
        ),
        (
            f.t("fact.concentration").to_string(),
            c.hhi
                .map(|h| f.fill("text.hhi", &[("hhi", &f.lang.figure(&format!("{h:.3}")))]))
                .unwrap_or_else(|| f.t("text.no_hhi").into()),
        ),
    ];
    // A phase some lines do not give counts them as 0: said, never hidden.
    if t.lines_without_phase > 0 {
        let name = f.t(&format!("phase.{phase}"));
        let says = if t.lines_without_phase == t.lines {
            f.fill(
                "text.without_all",
                &[("a_phase", f.t(&format!("a_phase.{phase}")))],
            )
        } else {
            f.fill(
                "text.without_some",
                &[
                    ("n", &f.count(t.lines_without_phase)),
                    ("lines", &f.count(t.lines)),
                    ("phase", name),
                ],
            )
        };
        facts.insert(2, (f.fill("fact.without", &[("phase", name)]), says));
    }
    // Only a plan that names another calendar says so: a Gregorian plan's report is as it
    // always was.
    if !r.calendar.is_gregorian() {
        let name = f.t(&format!("calendar.{}", r.calendar.as_str()));
        facts.insert(1, (f.t("fact.calendar").to_string(), name.to_string()));
    }
    facts
}

/// The leaks by reason, with the largest contributors to each.
fn leaks_table(r: &Report, f: Fmt) -> Table {
    let t = &r.traceability;
    let mut leaks = Table::new(
        f.lang,
        &[
            ("column.reason", Align::Left),
            ("column.amount", Align::Right),
            ("column.of_total", Align::Right),
            ("column.largest", Align::Left),
        ],
    );
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
            f.t(&format!("leak.{reason}")).to_string(),
            f.money(amount),
            f.opt_pct(crate::ratio::money_ratio(amount, t.total_amount)),
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
    let items: Vec<(&str, Option<&str>)> = goals
        .iter()
        .map(|g| (g.id.as_str(), g.parent.as_deref()))
        .collect();
    crate::forest::forest_order(&items)
}

/// Every goal, depth-first, indented under its parent.
fn goals_table(r: &Report, f: Fmt) -> Table {
    let mut goals = Table::new(
        f.lang,
        &[
            ("column.goal", Align::Left),
            ("column.name", Align::Left),
            ("column.rolled_up", Align::Right),
            ("column.share", Align::Right),
            ("column.programs", Align::Right),
            ("column.projects", Align::Right),
            ("column.lines", Align::Right),
            ("column.breadth", Align::Right),
            ("column.programmed", Align::Right),
            ("column.funded", Align::Right),
            ("column.measurable_short", Align::Right),
            ("column.covered", Align::Right),
        ],
    );
    for (g, depth) in tree_order(&r.goals) {
        let Some(g) = r.goals.get(g) else { continue };
        goals.row(vec![
            format!("{}{}", "  ".repeat(depth.min(8)), g.id),
            name_cell(&g.name),
            f.money(g.rolled_up_amount),
            f.opt_pct(g.share),
            f.count(g.programs),
            f.count(g.projects),
            f.count(g.lines),
            f.count(g.breadth),
            f.pct(g.programmed_ratio),
            f.pct(g.funded_ratio),
            f.pct(g.measurable_ratio),
            f.pct(g.covered_ratio),
        ]);
    }
    goals
}

fn programs_table(r: &Report, f: Fmt) -> Table {
    let mut programs = Table::new(
        f.lang,
        &[
            ("column.program", Align::Left),
            ("column.name", Align::Left),
            ("column.inflow", Align::Right),
            ("column.to_goals", Align::Right),
            ("column.leak", Align::Right),
            ("column.measurable", Align::Left),
        ],
    );
    for q in &r.programs {
        programs.row(vec![
            q.id.clone(),
            name_cell(&q.name),
            f.money(q.inflow),
            f.money(q.to_goals),
            f.money(q.leak),
            f.t(if q.measurable { "yes" } else { "no" }).to_string(),
        ]);
    }
    programs
}

/// The projects furthest behind schedule and over cost, where there are any.
fn lagging_tables(r: &Report, f: Fmt, tables: &mut Vec<(String, Table)>) {
    for (title, rows) in [
        ("section.behind_schedule", &r.execution.behind_schedule),
        ("section.over_cost", &r.execution.over_cost),
    ] {
        if rows.is_empty() {
            continue;
        }
        let mut table = Table::new(
            f.lang,
            &[
                ("column.project", Align::Left),
                ("column.name", Align::Left),
                ("column.days_late", Align::Right),
                ("column.spi_t", Align::Right),
                ("column.cost_variance", Align::Right),
                ("column.cpi", Align::Right),
            ],
        );
        for x in rows {
            table.row(vec![
                x.id.clone(),
                name_cell(&x.name),
                f.lang.figure(&format!("{:.0}", -x.sv_days)),
                f.opt_ratio(x.spi_t),
                f.money(x.cv),
                f.opt_ratio(x.cpi),
            ]);
        }
        tables.push((f.t(title).to_string(), table));
    }
}

/// Every phase side by side, when the report has them.
fn phases_table(r: &Report, f: Fmt) -> Option<Table> {
    let phases = r.phases.as_ref()?;
    let mut table = Table::new(
        f.lang,
        &[
            ("column.row", Align::Left),
            ("column.proposed", Align::Right),
            ("column.approved", Align::Right),
            ("column.revised", Align::Right),
            ("column.committed", Align::Right),
            ("column.spent", Align::Right),
            ("column.executed", Align::Right),
        ],
    );
    let mut add = |label: String, row: &crate::report::PhaseRow| {
        table.row(vec![
            label,
            f.money(row.proposed),
            f.money(row.amount),
            f.money(row.revised),
            f.money(row.committed),
            f.money(row.spent),
            f.opt_pct(row.execution_rate),
        ]);
    };
    add(f.t("total_row").into(), &phases.total);
    let key =
        |row: &crate::report::PhaseRow| row.key.clone().unwrap_or_else(|| f.t("none").to_string());
    for row in phases.goals.iter().chain(&phases.org_units) {
        add(key(row), row);
    }
    for row in phases.years.iter() {
        let year = key(row);
        add(f.fill("year_row", &[("year", &year)]), row);
    }
    Some(table)
}

/// Revenue, expenditure and execution per year and org unit.
fn balance_table(r: &Report, f: Fmt) -> Table {
    let mut balance = Table::new(
        f.lang,
        &[
            ("column.year", Align::Left),
            ("column.org_unit", Align::Left),
            ("column.revenue", Align::Right),
            ("column.expenditure", Align::Right),
            ("column.difference", Align::Right),
            ("column.capital", Align::Right),
            ("column.executed", Align::Right),
            ("column.revenue_realised", Align::Right),
        ],
    );
    for b in &r.balance {
        balance.row(vec![
            b.year.clone(),
            f.key(b.org_unit.as_deref()),
            f.money(b.revenue),
            f.money(b.expenditure),
            f.money(b.difference),
            f.opt_pct(b.capital_share),
            f.opt_pct(b.execution_rate),
            f.opt_pct(b.revenue_realisation),
        ]);
    }
    balance
}

/// The first and last day of each fiscal year, in the plan's calendar and in ISO 8601.
fn fiscal_years_table(r: &Report, f: Fmt) -> Table {
    let mut years = Table::new(
        f.lang,
        &[
            ("column.year", Align::Left),
            ("column.start", Align::Right),
            ("column.end", Align::Right),
            ("column.start_iso", Align::Right),
            ("column.end_iso", Align::Right),
        ],
    );
    for y in &r.fiscal_years {
        years.row(vec![
            y.year.clone(),
            f.lang.date(&y.start),
            f.lang.date(&y.end),
            f.lang.figure(&y.start_iso),
            f.lang.figure(&y.end_iso),
        ]);
    }
    years
}

/// The plan's warnings, the first of them.
fn notes(r: &Report, f: Fmt) -> Vec<String> {
    let mut notes = Vec::new();
    let shown = r.diagnostics.iter().take(DIAGNOSTICS_SHOWN);
    for d in shown {
        notes.push(f.lang.diagnostic(d));
    }
    if r.diagnostics.len() > DIAGNOSTICS_SHOWN {
        let more = f.count(r.diagnostics.len() - DIAGNOSTICS_SHOWN);
        notes.push(f.fill("more_diagnostics", &[("n", &more)]));
    }
    notes
}

fn breakdown_table(rows: &[Breakdown], f: Fmt) -> Table {
    let mut t = Table::new(
        f.lang,
        &[
            ("column.key", Align::Left),
            ("column.total", Align::Right),
            ("column.traced", Align::Right),
            ("column.traced_share", Align::Right),
            ("column.lines", Align::Right),
            ("column.traced_lines", Align::Right),
        ],
    );
    for b in rows {
        t.row(vec![
            f.key(b.key.as_deref()),
            f.money(b.total_amount),
            f.money(b.traced_amount),
            f.opt_pct(b.amount_ratio),
            f.count(b.lines),
            f.count(b.traced_lines),
        ]);
    }
    t
}

/// The report as plain text with aligned columns, in English.
pub fn report_text(report: &Report) -> String {
    report_text_in(report, Lang::En)
}

/// The report as plain text with aligned columns, in `lang`.
pub fn report_text_in(report: &Report, lang: Lang) -> String {
    let s = sections(report, lang);
    let mut out = s.text();
    if !s.notes.is_empty() {
        let n = lang.figure(&report.diagnostics.len().to_string());
        let _ = writeln!(out, "\n{}", lang.fill("section.diagnostics", &[("n", &n)]));
        for n in &s.notes {
            let _ = writeln!(out, "  {n}");
        }
    }
    // Names and ids are the file's: control characters in them are shown, not run.
    crate::controls::visible(&out).into_owned()
}

/// The report as Markdown, with names escaped, in English.
pub fn report_markdown(report: &Report) -> String {
    report_markdown_in(report, Lang::En)
}

/// The report as Markdown, with names escaped, in `lang`.
pub fn report_markdown_in(report: &Report, lang: Lang) -> String {
    let s = sections(report, lang);
    let mut out = s.markdown();
    if !s.notes.is_empty() {
        let n = lang.figure(&report.diagnostics.len().to_string());
        let _ = writeln!(
            out,
            "\n## {}\n",
            lang.fill("section.diagnostics", &[("n", &n)])
        );
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
        format_grouped(trace.amount, precision),
        trace.paths.len()
    );
    let mut t = Table {
        headers: vec!["path".into(), "share".into(), "amount".into()],
        align: vec![Align::Left, Align::Right, Align::Right],
        rows: Vec::new(),
    };
    for path in &trace.paths {
        t.row(vec![
            path.path.join(" → "),
            path.share.round_dp(6).normalize().to_string(),
            format_grouped(path.amount, precision),
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

/// The report as an HTML fragment for notebooks, in English: the headline figures and the
/// leaks and goals tables.
pub fn report_html(report: &Report) -> String {
    report_html_in(report, Lang::En)
}

/// The report as an HTML fragment for notebooks, in `lang`: the headline figures and the
/// leaks and goals tables. Every name is escaped; names carry `dir="auto"` so that Persian
/// reads right to left inside a left-to-right table, and a right-to-left language turns
/// the whole fragment.
pub fn report_html_in(report: &Report, lang: Lang) -> String {
    let s = sections(report, lang);
    let mut out = format!(
        "<div class=\"goldthread-report\" lang=\"{}\" dir=\"{}\">",
        lang.tag(),
        lang.dir()
    );
    let _ = write!(
        out,
        "<h3 dir=\"auto\">{}</h3><table>",
        escape_html(&s.title)
    );
    for (k, v) in &s.facts {
        let _ = write!(
            out,
            "<tr><th style=\"text-align:start\">{}</th><td dir=\"auto\" style=\"text-align:start\">{}</td></tr>",
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
        let mut t = Table::new(
            Lang::En,
            &[
                ("column.name", Align::Left),
                ("column.amount", Align::Right),
            ],
        );
        t.row(vec![name_cell("منطقه"), "1,000".into()]);
        t.row(vec!["HQ".into(), "25".into()]);
        let mut out = String::new();
        t.text(&mut out);
        let widths: Vec<usize> = out.lines().map(UnicodeWidthStr::width).collect();
        assert_eq!(widths[1], widths[2], "{out}");
        assert!(out.lines().nth(2).unwrap().ends_with("   25"));
    }
}
