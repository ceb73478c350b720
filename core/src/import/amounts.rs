//! A row's amounts, as the table writes them: which columns hold each phase (one line per
//! row, or one line per year of a wide table), the decimal mark, cells that mean nil, and
//! the exact `scale` of each phase. Every cell that cannot be read is named with its row
//! and column.

use super::mapping::Field;
use super::row::{FieldColumns, Row};
use super::Builder;
use crate::amount::{check_line_amount, parse_decimal, read_amount, NumberError};
use crate::diagnostics::{Code, Diagnostic};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// The columns of each phase (in [`crate::Phase::ALL`]'s order) for the lines a row makes:
/// one entry without a year for a plain table, one per year for a wide one.
pub(super) type Layout = Vec<(Option<String>, [Option<Vec<usize>>; 5])>;

/// A row's amounts for one line, and whether any cell meant nil.
pub(super) struct Amounts {
    pub values: [Option<Decimal>; 5],
    pub nil: bool,
    /// The approved amount's cell was a nil value.
    pub nil_amount: bool,
}

impl Builder<'_, '_> {
    /// Reads the mapping's `scale`; false (with a diagnostic) when one cannot be used.
    pub(super) fn read_scales(&mut self) -> bool {
        let fields = Field::AMOUNTS.map(Field::name);
        for ((slot, m), field) in self
            .scales
            .iter_mut()
            .zip(self.mapping.scale.by_phase())
            .zip(fields)
        {
            let Some(m) = m else { continue };
            match m.value() {
                // A factor of one changes nothing, so nothing is counted as scaled.
                Ok(v) if v == Decimal::ONE => {}
                Ok(v) => *slot = Some(v),
                Err(e) => {
                    self.diagnostics.push(
                        Diagnostic::new(Code::E008, format!("the scale of {field}: {e}"))
                            .at("mapping"),
                    );
                    return false;
                }
            }
        }
        true
    }

    /// Where the amounts of a table's rows are, from its header: the mapped amount columns,
    /// or `[wide]`'s column per year. Missing columns are pushed to `missing`.
    pub(super) fn layout(
        &self,
        headers: &[String],
        index: &FieldColumns,
        missing: &mut Vec<String>,
    ) -> Layout {
        let wide = self.mapping.wide.by_phase();
        if wide.iter().all(|w| w.is_empty()) {
            let at = Field::AMOUNTS.map(|f| index.get(f).cloned());
            return vec![(None, at)];
        }
        let mut years: Vec<&String> = wide.iter().flat_map(|w| w.keys()).collect();
        years.sort();
        years.dedup();
        years
            .into_iter()
            .map(|year| {
                let at = std::array::from_fn(|k| {
                    let name = wide.get(k)?.get(year)?;
                    let found = headers
                        .iter()
                        .position(|h| *h == super::normalize_header(name));
                    if found.is_none() {
                        missing.push(format!(
                            "the mapping's wide {} column {name:?} (year {year})",
                            Field::AMOUNTS[k].name()
                        ));
                    }
                    found.map(|i| vec![i])
                });
                (Some(year.clone()), at)
            })
            .collect()
    }

    /// Whether a cell means nil (`null_values`).
    pub(super) fn is_nil(&self, text: &str) -> bool {
        self.null_values
            .iter()
            .any(|n| text.eq_ignore_ascii_case(n))
    }

    /// A number as the table writes it, in the form the amount reader takes: with
    /// `decimal_mark = ","`, `.` and spaces group and `,` is the decimal mark
    /// (`1.234,56` and `1 234,56` are 1234.56). The grouping is checked all the same: a
    /// group that is not three digits is an error, never a guess.
    pub(super) fn number_text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.mapping.table.decimal_mark.as_deref() != Some(",") {
            return Cow::Borrowed(text);
        }
        Cow::Owned(
            text.chars()
                .map(|c| match c {
                    '.' | ' ' | '\u{a0}' | '\u{202f}' => ',',
                    ',' => '.',
                    other => other,
                })
                .collect(),
        )
    }

    /// A share cell (a decimal, in the table's decimal mark).
    pub(super) fn share(&self, text: &str) -> Result<Decimal, NumberError> {
        parse_decimal(&self.number_text(text))
    }

    /// The amounts at `at` in a row, scaled; `None` (with a diagnostic naming the row and
    /// column) when one cannot be read.
    pub(super) fn amounts(&mut self, row: &Row, at: &[Option<Vec<usize>>; 5]) -> Option<Amounts> {
        let mut out = Amounts {
            values: [None; 5],
            nil: false,
            nil_amount: false,
        };
        let mut ok = true;
        for (k, columns) in at.iter().enumerate() {
            let Some(text) = columns.as_deref().and_then(|c| row.cells(c, "")) else {
                continue;
            };
            if self.is_nil(&text) {
                out.nil = true;
                out.nil_amount |= k == 1;
                continue;
            }
            let scale = self.scales.get(k).copied().flatten();
            let read = read_amount(&self.number_text(&text)).and_then(|v| {
                let v = scale.map_or(v, |s| v * s);
                check_line_amount(v, self.data.precision, || crate::amount::cut(&text))?;
                Ok(match scale {
                    // A scaled amount is written at the plan's precision (the check
                    // above made sure nothing is lost).
                    Some(_) => {
                        let mut v = v.normalize();
                        v.rescale(self.data.precision);
                        v
                    }
                    None => v,
                })
            });
            match read {
                Ok(v) => out.values[k] = Some(v),
                Err(e) => {
                    let scaled = scale
                        .map(|s| format!(" (after scaling by {s})"))
                        .unwrap_or_default();
                    self.diagnostics.push(row.cell_problem(
                        Code::E007,
                        columns.as_deref(),
                        &format!("{e}{scaled}"),
                    ));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}
