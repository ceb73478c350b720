//! One row of a table being imported: its cells read by mapped field, at the positions the
//! table's header gives each field, and a problem in it named by table, row and column.

use super::classify::ClassColumns;
use super::mapping::Field;
use super::problem;
use crate::diagnostics::{Code, Diagnostic};
use std::borrow::Cow;

/// Where each mapped field's cells are in a table's rows, by [`Field`]: found once from the
/// header, so reading a row's field is an index, not a lookup by name. With them, the
/// fields of which only a cell's first characters are read, and how many.
#[derive(Debug, Default)]
pub(super) struct FieldColumns {
    at: [Option<Vec<usize>>; Field::COUNT],
    parts: Vec<(Field, usize)>,
}

impl FieldColumns {
    pub(super) fn set(&mut self, field: Field, columns: Vec<usize>, first: Option<usize>) {
        self.at[field as usize] = Some(columns);
        if let Some(first) = first {
            self.parts.push((field, first));
        }
    }

    /// A field's columns; `None` when the mapping does not map it.
    pub(super) fn get(&self, field: Field) -> Option<&Vec<usize>> {
        self.at[field as usize].as_ref()
    }

    /// How many of a cell's first characters a field reads, where it reads only those.
    #[inline(always)]
    fn first(&self, field: Field) -> Option<usize> {
        if self.parts.is_empty() {
            return None;
        }
        self.parts
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, n)| *n)
    }

    /// Every mapped field with its columns.
    pub(super) fn mapped(&self) -> impl Iterator<Item = (Field, &[usize])> {
        Field::ALL
            .iter()
            .filter_map(|f| Some((*f, self.get(*f)?.as_slice())))
    }
}

/// `cell.trim()`, answered at once for a cell that starts and ends with an ASCII byte that
/// is not whitespace, as nearly every cell does (Unicode's trim decodes characters from
/// both ends: 4 % of a mapped table's import).
#[inline]
fn trim(cell: &str) -> &str {
    // ASCII's whitespace to Rust is Unicode's but for the vertical tab (0x0b).
    let solid =
        |b: Option<&u8>| b.is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0b);
    let bytes = cell.as_bytes();
    if solid(bytes.first()) && solid(bytes.last()) {
        cell
    } else {
        cell.trim()
    }
}

/// `text`'s first `n` characters (all of it when it has fewer), without the spaces that
/// end them.
fn first_chars(text: &str, n: usize) -> &str {
    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    text[..end].trim_end()
}

/// A row's cells: a record the csv reader (or a workbook) made, or the spans of the cells
/// in a table's text (rows read without the reader, [`super::unquoted`]).
#[derive(Clone, Copy)]
pub(super) enum Cells<'r> {
    Record(&'r csv::StringRecord),
    Spans(&'r str, &'r [(usize, usize)]),
}

impl<'r> Cells<'r> {
    /// The cell at `i`, as written.
    #[inline(always)]
    pub fn get(self, i: usize) -> Option<&'r str> {
        match self {
            Cells::Record(r) => r.get(i),
            Cells::Spans(text, spans) => spans.get(i).and_then(|&(a, b)| text.get(a..b)),
        }
    }

    /// Every cell, in order.
    pub fn iter(self) -> impl Iterator<Item = &'r str> {
        let n = match self {
            Cells::Record(r) => r.len(),
            Cells::Spans(_, spans) => spans.len(),
        };
        (0..n).filter_map(move |i| self.get(i))
    }

    /// The bytes of all the cells together.
    pub fn bytes(self) -> usize {
        match self {
            Cells::Record(r) => r.as_slice().len(),
            Cells::Spans(_, spans) => spans.iter().map(|(a, b)| b - a).sum(),
        }
    }
}

/// One row being read, with what is needed to name a problem in it.
pub(super) struct Row<'r> {
    pub table: &'r str,
    /// The table's position among the tables read.
    pub table_index: usize,
    pub number: usize,
    pub cells: Cells<'r>,
    pub headers: &'r [String],
    pub columns: &'r FieldColumns,
    /// Per mapped classification, where its cells are.
    pub classes: &'r [ClassColumns],
}

impl<'r> Row<'r> {
    /// The cells of a field, joined by its [`Field::joiner`] (or the first characters of
    /// its cell, where the mapping reads only those); `None` when the field is not mapped
    /// or all its cells are empty.
    #[inline(always)]
    pub fn cell(&self, field: Field) -> Option<Cow<'r, str>> {
        let at = self.columns.get(field)?;
        match self.columns.first(field) {
            None => self.cells(at, field.joiner()),
            // A part is of one column's cell.
            Some(n) => Some(Cow::Borrowed(first_chars(self.one(*at.first()?)?, n))),
        }
    }

    /// The first problem with a field read by its first characters: a non-empty cell with
    /// fewer than that many before its end or a space. Read whole, it would be another
    /// level's code.
    pub fn short_part(&self) -> Option<Diagnostic> {
        self.columns.parts.iter().find_map(|(field, n)| {
            let at = self.columns.get(*field)?;
            let cell = self.one(*at.first()?)?;
            // A space within the first characters ends them too ("9 100" is no policy 91).
            let has = first_chars(cell, *n).chars().count();
            (has < *n).then(|| {
                let says = format!(
                    "{cell:?} gives {has} character(s) before its end or a space, and {} reads its first {n} (first = {n} under [columns]): give every row the whole code, or leave such rows out with [where_not]",
                    field.name()
                );
                self.cell_problem(Code::E008, Some(at), &says)
            })
        })
    }

    /// The cells at `at`, trimmed and joined by `joiner`; `None` when all are empty. One
    /// cell (the common case) is borrowed from the record, not copied.
    // Inlined, and the joining kept apart: a row's ten or so fields each pass through here,
    // and a call that made room for the join cost more than reading the one cell (6 % of a
    // mapped table's import).
    #[inline(always)]
    pub fn cells(&self, at: &[usize], joiner: &str) -> Option<Cow<'r, str>> {
        if let [one] = at {
            return self.one(*one).map(Cow::Borrowed);
        }
        self.joined(at, joiner)
    }

    /// The cell at `i`, trimmed; `None` when it is empty.
    #[inline(always)]
    fn one(&self, i: usize) -> Option<&'r str> {
        let cell = trim(self.cells.get(i).unwrap_or(""));
        (!cell.is_empty()).then_some(cell)
    }

    /// The cells at `at` (several), trimmed and joined by `joiner`.
    #[inline(never)]
    fn joined(&self, at: &[usize], joiner: &str) -> Option<Cow<'r, str>> {
        let record = self.cells;
        let get = |i: &usize| trim(record.get(*i).unwrap_or(""));
        let parts: Vec<&str> = at.iter().map(get).collect();
        if parts.iter().all(|p| p.is_empty()) {
            return None;
        }
        Some(Cow::Owned(parts.join(joiner)))
    }

    /// The first column of a field, as an index.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.get(field).and_then(|v| v.first().copied())
    }

    /// `table row N, column "name"` for a field's first column.
    pub fn at(&self, field: Field) -> String {
        let name = self
            .column(field)
            .and_then(|c| self.headers.get(c))
            .map_or(field.name(), String::as_str);
        format!("{} row {}, column {name:?}", self.table, self.number)
    }

    pub fn problem(&self, code: Code, field: Field, message: String) -> Diagnostic {
        problem(code, self.table, self.number, self.column(field), message)
    }

    /// A problem with the cell in `columns` (the first of them), named by its header:
    /// `table row N, column "name": says`.
    pub fn cell_problem(&self, code: Code, columns: Option<&[usize]>, says: &str) -> Diagnostic {
        let column = columns.and_then(|c| c.first().copied());
        let name = column
            .and_then(|c| self.headers.get(c))
            .map_or("amount", String::as_str);
        // A cell that runs over several lines is most often a quote left open, which swallows
        // the rows after it: said, since the cell's own problem hides it.
        let lines = column
            .and_then(|c| self.cells.get(c))
            .map_or(0, |cell| cell.matches('\n').count());
        let open = match lines {
            0 => String::new(),
            n => format!(
                "; the cell runs over {} lines: is a quote (\") opened in it and never closed?",
                n + 1
            ),
        };
        let message = format!(
            "{} row {}, column {name:?}: {says}{open}",
            self.table, self.number
        );
        problem(code, self.table, self.number, column, message)
    }
}

#[cfg(test)]
mod tests {
    use super::{first_chars, trim};

    /// Characters, not bytes: a Persian code's first two digits are four bytes.
    #[test]
    fn first_chars_cut_at_characters() {
        assert_eq!(first_chars("۹۱۱۰۰", 2), "۹۱");
        assert_eq!(first_chars("91100", 2), "91");
        assert_eq!(first_chars("9 100", 2), "9");
        assert_eq!(first_chars("9", 2), "9");
        assert_eq!(first_chars("", 3), "");
        for n in 0..8 {
            for text in ["é٣x", "a\u{301}b", "🙂🙂"] {
                let cut = first_chars(text, n);
                assert!(
                    text.starts_with(cut) && cut.chars().count() <= n,
                    "{text} {n}"
                );
            }
        }
    }

    #[test]
    fn trims_as_unicode_does() {
        // Every character below U+3001 (the ASCII and Unicode spaces among them), alone and at
        // either end of a cell.
        for c in (0..0x3001u32).filter_map(char::from_u32) {
            for cell in [
                c.to_string(),
                format!("{c}12.5"),
                format!("12.5{c}"),
                format!("{c}x{c}"),
                format!(" {c}"),
            ] {
                assert_eq!(trim(&cell), cell.trim(), "{cell:?}");
            }
        }
        assert_eq!(trim(""), "");
    }
}
