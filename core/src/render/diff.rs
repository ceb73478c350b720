//! A diff a person can read (SPEC §11): the bridge from the old traced total to the new,
//! then what gained and what lost, as text or Markdown in any language of [`Lang`].

use super::{name_cell, scope_text, Align, Fmt, Sections, Table};
use crate::diff::{Diff, EntityChange, EntityRef, KeyChange, Parent};
use crate::lang::Lang;
use rust_decimal::Decimal;

/// Rows a long list shows before summing up the rest (the JSON lists them all).
const ROWS_SHOWN: usize = 25;

/// The diff as plain text with aligned columns, in `lang`.
pub fn diff_text(diff: &Diff, lang: Lang) -> String {
    let out = sections(diff, lang).text();
    crate::controls::visible(&out).into_owned()
}

/// The diff as Markdown, with names escaped, in `lang`.
pub fn diff_markdown(diff: &Diff, lang: Lang) -> String {
    let out = sections(diff, lang).markdown();
    crate::controls::visible(&out).into_owned()
}

fn sections(d: &Diff, lang: Lang) -> Sections {
    let f = Fmt {
        lang,
        precision: d.precision,
    };
    let from_to = |old: Decimal, new: Decimal| {
        f.fill(
            "diff.from_to",
            &[
                ("old", &f.money(old)),
                ("new", &f.money(new)),
                ("change", &signed(f, new - old)),
            ],
        )
    };
    let mut facts = vec![
        (
            f.t("fact.scope").to_string(),
            scope_text(&d.scope, d.phase, f),
        ),
        (
            f.t("fact.total").to_string(),
            from_to(d.total.old_amount, d.total.new_amount),
        ),
        (
            f.t("fact.traced").to_string(),
            from_to(d.traced.old_amount, d.traced.new_amount),
        ),
    ];
    if d.is_empty() {
        facts.push((
            f.t("diff.changes").to_string(),
            f.t("diff.no_change").into(),
        ));
    }
    let mut tables = vec![(f.t("diff.bridge").to_string(), bridge_table(d, f))];
    // Every goal that changed, in the plan's order; the programs and projects that
    // changed most where there are many.
    let amount_tables = [
        ("section.goals", &d.goals, "column.goal", usize::MAX),
        (
            "section.programs",
            &d.programs,
            "column.program",
            ROWS_SHOWN,
        ),
        ("diff.projects", &d.projects, "column.project", ROWS_SHOWN),
    ];
    for (key, rows, column, shown) in amount_tables {
        if !rows.is_empty() {
            let table = entity_table(rows, column, shown, f);
            let title = if shown < rows.len() {
                title(f, key, rows.len(), "diff.largest")
            } else {
                f.t(key).into()
            };
            tables.push((title, table));
        }
    }
    if !d.flags.is_empty() {
        let mut t = Table::new(
            lang,
            &[
                ("column.goal", Align::Left),
                ("column.name", Align::Left),
                ("diff.flag", Align::Left),
                ("diff.was", Align::Left),
                ("diff.is", Align::Left),
            ],
        );
        let yes_no = |b: bool| f.t(if b { "yes" } else { "no" }).to_string();
        for x in &d.flags {
            t.row(vec![
                x.goal.clone(),
                name_cell(&x.name),
                f.t(&format!("diff.flag_{}", x.flag)).into(),
                yes_no(x.was),
                yes_no(x.is),
            ]);
        }
        tables.push((f.t("diff.flags").into(), t));
    }
    let key_tables = [
        ("section.leaks", &d.leaks, true),
        ("section.by_org_unit", &d.org_units, false),
        ("section.by_year", &d.years, false),
        ("section.by_category", &d.categories, false),
    ];
    for (title, rows, leaks) in key_tables {
        if !rows.is_empty() {
            tables.push((f.t(title).into(), key_table(rows, leaks, f)));
        }
    }
    for (key, list) in [("diff.added", &d.added), ("diff.removed", &d.removed)] {
        if !list.is_empty() {
            let title = title(f, key, list.len(), "diff.first");
            tables.push((title, entity_list(list, f)));
        }
    }
    if !d.renamed.is_empty() {
        let mut t = Table::new(
            lang,
            &[
                ("diff.kind", Align::Left),
                ("diff.id", Align::Left),
                ("diff.old_name", Align::Left),
                ("diff.new_name", Align::Left),
            ],
        );
        for x in d.renamed.iter().take(ROWS_SHOWN) {
            t.row(vec![
                f.t(&format!("diff.kind_{}", x.kind)).into(),
                x.id.clone(),
                name_cell(x.old_name.as_deref().unwrap_or("")),
                name_cell(x.new_name.as_deref().unwrap_or("")),
            ]);
        }
        tables.push((title(f, "diff.renamed", d.renamed.len(), "diff.first"), t));
    }
    if !d.links.is_empty() {
        let mut t = Table::new(
            lang,
            &[
                ("diff.from", Align::Left),
                ("diff.to", Align::Left),
                ("diff.link", Align::Left),
                ("diff.old_share", Align::Right),
                ("diff.new_share", Align::Right),
            ],
        );
        for x in d.links.iter().take(ROWS_SHOWN) {
            t.row(vec![
                x.from.clone(),
                x.to.clone(),
                f.t(&format!("diff.link_{}", x.status)).into(),
                share(f, x.status != "added", x.old_share),
                share(f, x.status != "removed", x.new_share),
            ]);
        }
        tables.push((title(f, "diff.links", d.links.len(), "diff.first"), t));
    }
    if !d.lines_changed.is_empty() {
        let mut t = amount_columns("diff.id", f);
        let mut rows: Vec<_> = d.lines_changed.iter().collect();
        // The largest changes first: the ones a council member asks about.
        rows.sort_by_key(|x| std::cmp::Reverse(x.change.abs()));
        for x in rows.into_iter().take(ROWS_SHOWN) {
            t.row(vec![
                x.id.clone(),
                name_cell(x.name.as_deref().unwrap_or("")),
                opt_money(f, x.old_amount),
                opt_money(f, x.new_amount),
                signed(f, x.change),
            ]);
        }
        tables.push((
            title(
                f,
                "diff.lines_changed",
                d.lines_changed.len(),
                "diff.largest",
            ),
            t,
        ));
    }
    if !d.lines_moved.is_empty() {
        let mut t = Table::new(
            lang,
            &[
                ("diff.id", Align::Left),
                ("diff.old_parents", Align::Left),
                ("diff.new_parents", Align::Left),
            ],
        );
        for x in d.lines_moved.iter().take(ROWS_SHOWN) {
            t.row(vec![
                x.id.clone(),
                parents(&x.old_parents, f),
                parents(&x.new_parents, f),
            ]);
        }
        tables.push((
            title(f, "diff.lines_moved", d.lines_moved.len(), "diff.first"),
            t,
        ));
    }
    if !d.lines_relabelled.is_empty() {
        let mut t = Table::new(
            lang,
            &[
                ("diff.id", Align::Left),
                ("diff.field", Align::Left),
                ("diff.was", Align::Left),
                ("diff.is", Align::Left),
            ],
        );
        for x in d.lines_relabelled.iter().take(ROWS_SHOWN) {
            t.row(vec![
                x.id.clone(),
                f.t(&format!("column.{}", x.field)).into(),
                f.key(x.old.as_deref()),
                f.key(x.new.as_deref()),
            ]);
        }
        tables.push((
            title(
                f,
                "diff.lines_relabelled",
                d.lines_relabelled.len(),
                "diff.first",
            ),
            t,
        ));
    }
    Sections {
        title: f.fill("diff.title", &[("old", &d.old_plan), ("new", &d.new_plan)]),
        facts,
        tables,
        notes: Vec::new(),
    }
}

fn bridge_table(d: &Diff, f: Fmt) -> Table {
    let mut t = Table::new(
        f.lang,
        &[("diff.step", Align::Left), ("column.amount", Align::Right)],
    );
    let b = &d.bridge;
    t.row(vec![f.t("diff.start").into(), f.money(b.start)]);
    for (step, amount) in b.steps() {
        t.row(vec![f.t(&format!("diff.{step}")).into(), signed(f, amount)]);
    }
    t.row(vec![f.t("diff.end").into(), f.money(b.end)]);
    t
}

fn amount_columns(first: &str, f: Fmt) -> Table {
    Table::new(
        f.lang,
        &[
            (first, Align::Left),
            ("column.name", Align::Left),
            ("diff.old", Align::Right),
            ("diff.new", Align::Right),
            ("diff.change", Align::Right),
        ],
    )
}

fn entity_table(rows: &[EntityChange], column: &str, shown: usize, f: Fmt) -> Table {
    let mut t = amount_columns(column, f);
    let mut rows: Vec<&EntityChange> = rows.iter().collect();
    if rows.len() > shown {
        rows.sort_by_key(|x| std::cmp::Reverse(x.change.abs()));
    }
    for x in rows.into_iter().take(shown) {
        t.row(vec![
            x.id.clone(),
            name_cell(&x.name),
            opt_money(f, x.old_amount),
            opt_money(f, x.new_amount),
            signed(f, x.change),
        ]);
    }
    t
}

fn key_table(rows: &[KeyChange], leaks: bool, f: Fmt) -> Table {
    let mut t = Table::new(
        f.lang,
        &[
            (
                if leaks { "column.reason" } else { "column.key" },
                Align::Left,
            ),
            ("diff.old", Align::Right),
            ("diff.new", Align::Right),
            ("diff.change", Align::Right),
        ],
    );
    for x in rows {
        let key = match (&x.key, leaks) {
            (Some(reason), true) => f.t(&format!("leak.{reason}")).to_string(),
            (key, _) => f.key(key.as_deref()),
        };
        t.row(vec![
            key,
            f.money(x.old_amount),
            f.money(x.new_amount),
            signed(f, x.change),
        ]);
    }
    t
}

fn entity_list(list: &[EntityRef], f: Fmt) -> Table {
    let mut t = Table::new(
        f.lang,
        &[
            ("diff.kind", Align::Left),
            ("diff.id", Align::Left),
            ("column.name", Align::Left),
        ],
    );
    for x in list.iter().take(ROWS_SHOWN) {
        t.row(vec![
            f.t(&format!("diff.kind_{}", x.kind)).into(),
            x.id.clone(),
            name_cell(x.name.as_deref().unwrap_or("")),
        ]);
    }
    t
}

/// A section's title, saying which rows it shows when the list is longer than that.
fn title(f: Fmt, key: &str, len: usize, which: &str) -> String {
    if len <= ROWS_SHOWN {
        return f.t(key).into();
    }
    let note = f.fill(
        which,
        &[("shown", &f.count(ROWS_SHOWN)), ("n", &f.count(len))],
    );
    format!("{} ({note})", f.t(key))
}

/// A change with its sign: +5, −3, 0.
fn signed(f: Fmt, value: Decimal) -> String {
    if value > Decimal::ZERO {
        format!("+{}", f.money(value))
    } else {
        f.money(value)
    }
}

fn opt_money(f: Fmt, value: Option<Decimal>) -> String {
    value.map(|v| f.money(v)).unwrap_or_else(|| "–".into())
}

/// A link's share as written; a link without one takes an equal part, and a side where
/// the link is not has a dash.
fn share(f: Fmt, present: bool, share: Option<Decimal>) -> String {
    match (present, share) {
        (false, _) => "–".into(),
        (true, None) => f.t("diff.equal_part").into(),
        (true, Some(s)) => f.lang.figure(&s.normalize().to_string()),
    }
}

fn parents(list: &[Parent], f: Fmt) -> String {
    if list.is_empty() {
        return f.t("none").into();
    }
    list.iter()
        .map(|p| match p.share {
            Some(s) => format!("{} ({})", p.id, f.lang.figure(&s.normalize().to_string())),
            None => p.id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
