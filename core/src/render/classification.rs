//! A classification in a readable report (SPEC §10): its codes as a tree with their
//! amounts, and each goal's money by code.

use super::{name_cell, tree_order, Align, Fmt, Table};
use crate::forest::forest_order;
use crate::report::{ClassificationReport, CrossRow, Report};
use std::collections::HashMap;

/// A classification's codes, depth-first under their parents, with the unclassified rest
/// (and for markers the money relevant to any code).
pub(super) fn codes_table(c: &ClassificationReport, f: Fmt) -> Table {
    let mut t = Table::new(
        f.lang,
        &[
            ("column.code", Align::Left),
            ("column.name", Align::Left),
            ("column.amount", Align::Right),
            ("column.rolled_up", Align::Right),
            ("column.share", Align::Right),
            ("column.lines", Align::Right),
        ],
    );
    let parents: Vec<(&str, Option<&str>)> = c
        .codes
        .iter()
        .map(|x| (x.id.as_str(), x.parent.as_deref()))
        .collect();
    for (i, depth) in forest_order(&parents) {
        let x = &c.codes[i];
        t.row(vec![
            format!("{}{}", "  ".repeat(depth.min(8)), x.id),
            name_cell(x.name.as_deref().unwrap_or("")),
            f.money(x.amount),
            f.money(x.rolled_up_amount),
            f.opt_pct(x.share),
            f.count(x.lines),
        ]);
    }
    let mut total_row = |key: &str, amount| {
        let share = crate::ratio::money_ratio(amount, c.total_amount);
        t.row(vec![
            f.t(key).into(),
            String::new(),
            f.money(amount),
            f.money(amount),
            f.opt_pct(share),
            String::new(),
        ]);
    };
    total_row("text.unclassified_row", c.unclassified_amount);
    if let Some(any) = c.any_amount {
        total_row("text.any_row", any);
    }
    t
}

/// Each goal's money (rolled up) by code, for the codes that have money, and the money
/// that reaches no goal.
pub(super) fn cross_table(r: &Report, c: &ClassificationReport, f: Fmt) -> Table {
    let used: Vec<&str> = c
        .codes
        .iter()
        .filter(|x| !x.amount.is_zero())
        .map(|x| x.id.as_str())
        .collect();
    let mut t = Table::new(f.lang, &[("column.goal", Align::Left)]);
    for code in &used {
        t.headers.push((*code).to_string());
        t.align.push(Align::Right);
    }
    t.headers.push(f.t("column.unclassified").to_string());
    t.align.push(Align::Right);
    let mut add = |label: String, row: &CrossRow| {
        let mut cells = vec![label];
        let amounts: HashMap<&str, _> = row
            .codes
            .iter()
            .map(|x| (x.code.as_str(), x.amount))
            .collect();
        for code in &used {
            cells.push(f.money(amounts.get(code).copied().unwrap_or_default()));
        }
        cells.push(f.money(row.unclassified_amount));
        t.row(cells);
    };
    for (g, depth) in tree_order(&r.goals) {
        if let (Some(row), Some(goal)) = (c.goals.get(g), r.goals.get(g)) {
            add(format!("{}{}", "  ".repeat(depth.min(8)), goal.id), row);
        }
    }
    add(f.t("text.leaked_row").into(), &c.leaked);
    t
}
