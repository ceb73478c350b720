//! Lines put under a classification's codes by the cells of their rows (SPEC §10): a share
//! classification's code takes the line's whole money; a marker's codes each carry the
//! weight their row gives (one column of codes and one of weights, or one column of weights
//! per code, as the Rio markers are published).

use super::mapping::{ClassificationColumn, ColumnRef, MappedKind, Mapping};
use super::{normalize_header, problem, Builder, Row};
use crate::amount::parse_decimal;
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::model::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Where one mapped classification's cells are in a table's rows.
pub(super) struct ClassColumns {
    code: Vec<usize>,
    name: Vec<usize>,
    weight: Vec<usize>,
    /// A marker's codes, each with its column of weights (`weight_columns`).
    per_code: Vec<(String, usize)>,
}

/// The mapped classifications as the plan's, without codes yet (they come in order of
/// appearance), or `None` after naming each contradiction in the mapping.
pub(super) fn declared(mapping: &Mapping, diags: &mut Diags) -> Option<Vec<Classification>> {
    let before = diags.len();
    for (id, c) in &mapping.classifications {
        for message in contradictions(c) {
            diags.push(
                Diagnostic::new(Code::E008, format!("classification {id}: {message}"))
                    .at("mapping"),
            );
        }
    }
    (diags.len() == before).then(|| {
        mapping
            .classifications
            .iter()
            .map(|(id, c)| Classification {
                id: id.clone(),
                name: c.name.clone(),
                kind: match c.kind {
                    MappedKind::Share => ClassificationKind::Share,
                    MappedKind::Marker => ClassificationKind::Marker,
                },
                ..Classification::default()
            })
            .collect()
    })
}

/// What a classification's mapping asks that cannot be done, each said with the fix.
fn contradictions(c: &ClassificationColumn) -> Vec<String> {
    let mut out = Vec::new();
    let marker_only = c.weight.is_some() || !c.weight_columns.is_empty() || !c.weights.is_empty();
    match c.kind {
        MappedKind::Share if marker_only => out.push(
            "weight, weight_columns and weights are for markers: write kind = \"marker\", or drop them (a share classification puts the line's whole money under its code)".into(),
        ),
        MappedKind::Share if c.column.is_none() => {
            out.push("name the column of its codes: column = \"…\"".into())
        }
        MappedKind::Share => {}
        MappedKind::Marker => match (&c.column, &c.weight, c.weight_columns.is_empty()) {
            (Some(_), Some(_), true) | (None, None, false) => {}
            (Some(_), _, false) => out.push(
                "give column and weight (a column of codes and one of their weights) or weight_columns (a column of weights per code), not both".into(),
            ),
            (Some(_), None, true) => out.push(
                "a marker's codes carry weights: name the column of each row's weight (weight = \"…\") beside its codes' column".into(),
            ),
            (None, _, true) => out.push(
                "name the column of its codes and the column of their weights (column = \"…\", weight = \"…\"), or a column of weights per code (weight_columns = { code = \"…\" })".into(),
            ),
            (None, Some(_), false) => out.push(
                "weight goes with column; with weight_columns each code's column holds its weights".into(),
            ),
        },
    }
    for (cell, weight) in &c.weights {
        if let Err(e) = in_unit_range(weight) {
            out.push(format!("weights: {cell:?} = {weight:?}: {e}"));
        }
    }
    out
}

/// A weight written as a number from 0 to 1.
fn in_unit_range(text: &str) -> Result<Decimal, String> {
    let v = parse_decimal(text).map_err(|e| e.to_string())?;
    if v < Decimal::ZERO || v > Decimal::ONE {
        return Err(format!("{v} is outside [0, 1]"));
    }
    Ok(v)
}

/// The weight a cell gives: through the mapping's `weights` where it has them, else a
/// number in [0, 1] or a percentage ("40%").
fn weight_of(cell: &str, weights: &BTreeMap<String, String>) -> Result<Decimal, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Err("the cell is empty: write the code's weight (from 0 to 1, or a percentage), or leave the code's cell empty too".into());
    }
    if !weights.is_empty() {
        let found = weights
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(cell));
        return match found {
            Some((_, w)) => in_unit_range(w),
            None => {
                let known: Vec<&str> = weights.keys().map(String::as_str).collect();
                Err(format!(
                    "{:?} is none of the mapping's weights ({}): add it under weights",
                    crate::amount::cut(cell),
                    known.join(", ")
                ))
            }
        };
    }
    let (number, percent) = match cell.strip_suffix('%') {
        Some(n) => (n.trim_end(), true),
        None => (cell, false),
    };
    let fix = "write a weight from 0 to 1 (0.4), a percentage (40%), or map the table's values under weights";
    let shown = crate::amount::cut(cell);
    let v = parse_decimal(number).map_err(|e| format!("{shown:?} is not a weight ({e}): {fix}"))?;
    let v = if percent {
        v.checked_div(Decimal::ONE_HUNDRED)
            .ok_or_else(|| format!("{shown:?} is not a weight: {fix}"))?
    } else {
        v
    };
    if v < Decimal::ZERO || v > Decimal::ONE {
        return Err(format!("{shown:?} is outside [0, 1]: {fix}"));
    }
    Ok(v)
}

/// Where each mapped classification's columns are in a table with `headers`; a column
/// not found is pushed to `missing`.
pub(super) fn columns(
    mapping: &Mapping,
    headers: &[String],
    missing: &mut Vec<String>,
) -> Vec<ClassColumns> {
    let mut out = Vec::new();
    for (id, c) in &mapping.classifications {
        let mut find = |names: Vec<&str>, what: &str| -> Vec<usize> {
            names
                .into_iter()
                .filter_map(|name| {
                    let at = headers.iter().position(|h| *h == normalize_header(name));
                    if at.is_none() {
                        missing.push(format!("classification {id}'s {what} column {name:?}"));
                    }
                    at
                })
                .collect()
        };
        let code = find(names(c.column.as_ref()), "code");
        let name = find(names(c.code_name.as_ref()), "code_name");
        let weight = find(names(c.weight.as_ref()), "weight");
        let per_code = c
            .weight_columns
            .iter()
            .flat_map(|(code, column)| {
                let what = format!("{code} weight");
                find(vec![column.as_str()], &what)
                    .into_iter()
                    .map(|at| (code.clone(), at))
            })
            .collect();
        out.push(ClassColumns {
            code,
            name,
            weight,
            per_code,
        });
    }
    out
}

/// The names of a mapped column (none where it is not mapped).
fn names(column: Option<&ColumnRef>) -> Vec<&str> {
    column.map(ColumnRef::names).unwrap_or_default()
}

/// The non-empty cells at `at` of a row, joined; `None` if all are empty.
fn cells(row: &Row, at: &[usize], joiner: &str) -> Option<String> {
    let parts: Vec<&str> = at
        .iter()
        .map(|i| row.cells.get(*i).unwrap_or("").trim())
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(joiner))
}

impl Builder<'_, '_> {
    /// Puts line `l` under the codes each mapped classification's columns give in `row`
    /// (revenue is never classified, SPEC §10); the rows of one line must agree.
    pub(super) fn classify(&mut self, row: &Row, l: usize) {
        let mapping = self.mapping;
        for (c, (columns, mapped)) in row
            .classes
            .iter()
            .zip(mapping.classifications.values())
            .enumerate()
        {
            let Some(found) = self.codes_of(row, columns, mapped) else {
                continue;
            };
            if found.is_empty() {
                continue;
            }
            self.tag(row, c, l, columns, found);
        }
    }

    /// The codes (with their weights, for a marker) `row` gives a classification; `None`
    /// after naming a weight that cannot be read.
    fn codes_of(
        &mut self,
        row: &Row,
        columns: &ClassColumns,
        mapped: &ClassificationColumn,
    ) -> Option<Vec<(String, Option<Decimal>)>> {
        // A cell that means nil, or names no code, leaves the line without it.
        let nil = |cell: &str| {
            let cell = cell.trim();
            mapped
                .no_code_values
                .iter()
                .any(|v| v.trim().eq_ignore_ascii_case(cell))
                || self.null_values.contains(&cell.to_lowercase())
        };
        let mut weight = |cell: &str, column: Option<usize>, what: &str| match weight_of(
            cell,
            &mapped.weights,
        ) {
            Ok(w) => Some(w),
            Err(e) => {
                let message = format!("{} row {}: {what}: {e}", row.table, row.number);
                let d = problem(Code::E012, row.table, row.number, column, message);
                self.diagnostics.push(d);
                None
            }
        };
        if mapped.kind == MappedKind::Share || columns.per_code.is_empty() {
            let Some(code) = cells(row, &columns.code, "/").filter(|c| !nil(c)) else {
                return Some(Vec::new());
            };
            if mapped.kind == MappedKind::Share {
                return Some(vec![(code, None)]);
            }
            let at = columns.weight.first().copied();
            let what = format!("the weight of code {code:?}");
            let cell = cells(row, &columns.weight, " ").filter(|w| !nil(w));
            // A marked line without a weight: no weight is guessed.
            let w = weight(cell.as_deref().unwrap_or(""), at, &what)?;
            return Some(vec![(code, Some(w))]);
        }
        let mut found = Vec::new();
        let mut readable = true;
        for (code, at) in &columns.per_code {
            // An empty cell: the line is not marked with this code (not screened).
            let Some(cell) = cells(row, &[*at], " ").filter(|w| !nil(w)) else {
                continue;
            };
            match weight(&cell, Some(*at), &format!("the weight of code {code:?}")) {
                Some(w) => found.push((code.clone(), Some(w))),
                None => readable = false,
            }
        }
        readable.then_some(found)
    }

    /// Tags line `l` with `found` in classification `c`, making codes met for the first
    /// time; a later row of the line must give the same codes and weights (E011).
    fn tag(
        &mut self,
        row: &Row,
        c: usize,
        l: usize,
        columns: &ClassColumns,
        found: Vec<(String, Option<Decimal>)>,
    ) {
        let Some(class) = self.data.classifications.get_mut(c) else {
            return;
        };
        let said = |found: &[(String, Option<Decimal>)]| -> String {
            let each = found.iter().map(|(code, w)| match w {
                Some(w) => format!("{code} ({})", w.normalize()),
                None => code.clone(),
            });
            each.collect::<Vec<_>>().join(", ")
        };
        let now = said(&found);
        if let Some(before) = self.line_codes.get(&(c, l)) {
            if *before != now {
                let line = &self.data.budget_lines[l].id;
                let message = match class.kind {
                    ClassificationKind::Share => format!(
                        "{} row {}: line {line} is under {before:?} of classification {} in an earlier row and under {now:?} here; the rows of one line must name one code",
                        row.table, row.number, class.id
                    ),
                    ClassificationKind::Marker => format!(
                        "{} row {}: line {line} is marked {before:?} in classification {} by an earlier row and {now:?} here; the rows of one line must give the same codes and weights",
                        row.table, row.number, class.id
                    ),
                };
                let at = columns
                    .code
                    .first()
                    .or(columns.per_code.first().map(|(_, at)| at))
                    .copied();
                let d = problem(Code::E011, row.table, row.number, at, message);
                self.diagnostics.push(d);
            }
            return;
        }
        let line = self.data.budget_lines[l].id.to_string();
        let index = &mut self.codes[c];
        for (code, weight) in found {
            if !index.contains_key(&code) {
                index.insert(code.clone(), class.codes.len());
                class.codes.push(ClassCode {
                    id: code.clone(),
                    name: cells(row, &columns.name, " — "),
                    parent: None,
                });
            }
            class.tags.push(Tag {
                target: TagTarget::Line(line.clone()),
                code,
                share: None,
                weight,
            });
        }
        self.line_codes.insert((c, l), now);
    }
}
