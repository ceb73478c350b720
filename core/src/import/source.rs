//! A table as it comes: CSV in any of the usual delimiters and line endings, or a
//! workbook (`.xlsx`, `.xls`, `.ods`, read by calamine), turned into a header and rows of
//! text cells, each row with the number a person opening the file sees (the line of a CSV
//! file, the row of a sheet). Anything else (XML, JSON, an archive) is recognised and
//! named in the error.

use super::mapping::{SheetRef, TableFormat};
use super::row::Cells;
use super::unquoted::Unquoted;
use super::{problem, Table};
use crate::csv_lines::{record_start, LineCounter};
use crate::diagnostics::{Code, Diagnostic};
use calamine::{Data, Reader};
use csv::StringRecord;
use std::borrow::Cow;
use std::io::Cursor;
use std::sync::Arc;

/// The delimiters sniffed from a header row, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The rows of one table, read one at a time.
pub(super) struct Source<'t> {
    /// The header row's cells, as written.
    pub headers: Vec<String>,
    /// How the cells are separated, for a CSV file (for the errors that name it).
    pub delimiter: Option<u8>,
    /// For a workbook: the sheet read, and every sheet's name.
    pub sheet: Option<(String, Vec<String>)>,
    rows: Rows<'t>,
}

enum Rows<'t> {
    Csv {
        reader: csv::Reader<Cursor<Text<'t>>>,
        lines: LineCounter,
        /// Where in the text the reader starts.
        base: u64,
        /// The byte from which on records are left to another reader ([`Source::split_at`]).
        stop: Option<usize>,
        /// Where the record that met `stop` starts.
        stopped_at: Option<usize>,
        /// Whether the records left were looked at for quotes (at the first one read):
        /// without any, they are read as [`Rows::Unquoted`].
        looked: bool,
    },
    Unquoted {
        text: Text<'t>,
        records: Unquoted,
    },
    Cells(std::vec::IntoIter<(usize, StringRecord)>),
}

/// Where the row last read is held: the csv reader's record (or a workbook row), or the
/// spans of its cells in the table's text ([`Source::cells`] says which).
#[derive(Default)]
pub(super) struct RowBuf {
    record: StringRecord,
    spans: Vec<(usize, usize)>,
}

/// A CSV table's text in UTF-8, shared by the readers of its halves: the table's own
/// bytes where they are that text, else the text decoded from them, once.
#[derive(Clone)]
enum Text<'t> {
    Borrowed(&'t str),
    Shared(Arc<String>),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(t) => t,
            Text::Shared(t) => t.as_str(),
        }
    }
}

impl AsRef<[u8]> for Text<'_> {
    fn as_ref(&self) -> &[u8] {
        self.as_str().as_bytes()
    }
}

/// A reader of CSV records from `text`, wherever it is positioned.
fn records(delimiter: u8, text: Cursor<Text>) -> csv::Reader<Cursor<Text>> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text)
}

impl<'t> Source<'t> {
    /// Opens a table: the header is read, the rows wait.
    pub fn open(
        table: &Table<'t>,
        format: &TableFormat,
        encoding: &str,
    ) -> Result<Source<'t>, Box<Diagnostic>> {
        match kind(table.bytes) {
            Kind::Workbook => workbook(table, format),
            Kind::Other(what) => Err(Box::new(problem(
                Code::E008,
                table.name,
                1,
                None,
                format!(
                    "{} is {what}, not a table; import reads CSV files and workbooks (.xlsx, .xls, .ods)",
                    table.name
                ),
            ))),
            Kind::Text => csv(table, format, encoding),
        }
    }

    /// The next row into `buf` (its cells then by [`Source::cells`]), with its number;
    /// `None` at the end. A row that cannot be read is an error with its number.
    pub fn next(&mut self, buf: &mut RowBuf) -> Option<Result<usize, (usize, String)>> {
        self.look_for_quotes();
        let record = &mut buf.record;
        match &mut self.rows {
            Rows::Csv {
                reader,
                lines,
                base,
                stop,
                stopped_at,
                ..
            } => match reader.read_record(record) {
                Ok(false) => None,
                Ok(true) => {
                    let text = reader.get_ref().get_ref().as_ref();
                    // Where the record starts, past the line ends the reader places it on.
                    let at = record_start(text, *base + record.position().map_or(0, |p| p.byte()));
                    if stop.is_some_and(|stop| at >= stop) {
                        *stopped_at = Some(at);
                        return None;
                    }
                    let base = usize::try_from(*base).unwrap_or(usize::MAX);
                    Some(Ok(lines.line_of(text, at, base, record.position())))
                }
                Err(e) => {
                    let at = *base + e.position().map_or(0, |p| p.byte());
                    let line = lines.line_at(reader.get_ref().get_ref().as_ref(), at);
                    Some(Err((line, e.to_string())))
                }
            },
            Rows::Unquoted { text, records } => records.next(text.as_str(), &mut buf.spans).map(Ok),
            Rows::Cells(rows) => rows.next().map(|(number, r)| {
                *record = r;
                Ok(number)
            }),
        }
    }

    /// The cells of the row last read into `buf`.
    pub fn cells<'s>(&'s self, buf: &'s RowBuf) -> Cells<'s> {
        match &self.rows {
            Rows::Unquoted { text, .. } => Cells::Spans(text.as_str(), &buf.spans),
            _ => Cells::Record(&buf.record),
        }
    }

    /// Before the first record: the records left to read are read as [`Rows::Unquoted`]
    /// where they hold no quote (each reader of a table's halves looks at its own).
    fn look_for_quotes(&mut self) {
        let Rows::Csv {
            reader,
            lines,
            base,
            stop,
            looked: looked @ false,
            ..
        } = &mut self.rows
        else {
            return;
        };
        *looked = true;
        let text = reader.get_ref().get_ref().clone();
        let at = record_start(text.as_ref(), *base + reader.position().byte());
        let line = lines.line_at(text.as_ref(), at as u64);
        let found = self
            .delimiter
            .and_then(|d| Unquoted::new(text.as_str(), d, at, line, *stop));
        if let Some(records) = found {
            self.rows = Rows::Unquoted { text, records };
        }
    }

    /// The text of a CSV table (none for a workbook).
    pub fn text(&self) -> Option<&[u8]> {
        match &self.rows {
            Rows::Csv { reader, .. } => Some(reader.get_ref().get_ref().as_ref()),
            Rows::Unquoted { text, .. } => Some(text.as_ref()),
            Rows::Cells(_) => None,
        }
    }

    /// Leaves the records from byte `at` of the text on to a second source, returned,
    /// which numbers its rows as this one would have: this one stops before the first
    /// record that starts at or after `at` ([`Source::stopped_at`] says where that is).
    /// `None` for a workbook.
    pub fn split_at(&mut self, at: usize) -> Option<Source<'t>> {
        let Rows::Csv { reader, stop, .. } = &mut self.rows else {
            return None;
        };
        *stop = Some(at);
        let mut text = Cursor::new(reader.get_ref().get_ref().clone());
        text.set_position(at as u64);
        Some(Source {
            headers: self.headers.clone(),
            delimiter: self.delimiter,
            sheet: None,
            rows: Rows::Csv {
                reader: records(self.delimiter?, text),
                lines: LineCounter::new(),
                base: at as u64,
                stop: None,
                stopped_at: None,
                looked: false,
            },
        })
    }

    /// Where the record that met the stop [`Source::split_at`] set starts, once read.
    pub fn stopped_at(&self) -> Option<usize> {
        match &self.rows {
            Rows::Csv { stopped_at, .. } => *stopped_at,
            Rows::Unquoted { records, .. } => records.stopped_at(),
            Rows::Cells(_) => None,
        }
    }
}

enum Kind {
    Text,
    Workbook,
    Other(&'static str),
}

/// Whether a table is read as text (CSV), not as a workbook or refused.
pub(super) fn is_text(bytes: &[u8]) -> bool {
    matches!(kind(bytes), Kind::Text)
}

/// What a file is, by its first bytes.
fn kind(bytes: &[u8]) -> Kind {
    let start: &[u8] = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = start.iter().find(|b| !b.is_ascii_whitespace());
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Kind::Workbook; // an OLE file: .xls
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // .xlsx and .ods are zip archives; another archive fails in calamine, named there.
        return Kind::Workbook;
    }
    match first {
        Some(b'<') => Kind::Other("XML (or HTML)"),
        Some(b'{') | Some(b'[') => Kind::Other("JSON"),
        _ if bytes.starts_with(b"%PDF") => Kind::Other("a PDF document"),
        _ => Kind::Text,
    }
}

fn csv<'t>(
    table: &Table<'t>,
    format: &TableFormat,
    encoding: &str,
) -> Result<Source<'t>, Box<Diagnostic>> {
    let text = super::encoding::decode(table, encoding)?;
    let skip = format.header_row.map_or(0, |r| r.saturating_sub(1));
    let delimiter = match format.delimiter.as_deref() {
        Some(d) => delimiter_byte(d).ok_or_else(|| {
            Diagnostic::new(
                Code::E008,
                format!("delimiter {d:?} is not one character; write \",\", \";\", \"\\t\" or \"|\" under [table]"),
            )
            .at("mapping")
        })?,
        // Sniffed from the header row, wherever it is.
        None => sniff(text.lines().nth(skip).unwrap_or("")),
    };
    let text = match text {
        Cow::Borrowed(t) => Text::Borrowed(t),
        Cow::Owned(t) => Text::Shared(Arc::new(t)),
    };
    let mut reader = records(delimiter, Cursor::new(text));
    let unreadable = |e: String| {
        Box::new(problem(
            Code::E008,
            table.name,
            skip + 1,
            None,
            format!("{}: the header row cannot be read: {e}", table.name),
        ))
    };
    let mut record = StringRecord::new();
    let mut lines = LineCounter::new();
    // The title rows above the header (by the line they start on), then the header.
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Err(unreadable("the file ends before it".into())),
            Err(e) => return Err(unreadable(e.to_string())),
        }
        if lines.of(reader.get_ref().get_ref().as_ref(), &record) > skip {
            break;
        }
    }
    let headers = record.iter().map(str::to_string).collect();
    Ok(Source {
        headers,
        delimiter: Some(delimiter),
        sheet: None,
        rows: Rows::Csv {
            reader,
            lines,
            base: 0,
            stop: None,
            stopped_at: None,
            looked: false,
        },
    })
}

fn delimiter_byte(d: &str) -> Option<u8> {
    match d {
        "\\t" | "tab" => Some(b'\t'),
        _ if d.len() == 1 => d.bytes().next(),
        _ => None,
    }
}

/// The delimiter of a CSV text: the candidate found most often in its first line outside
/// quotes (a comma when none is).
pub(super) fn sniff(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = DELIMITERS.iter().position(|d| *d == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..4).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        DELIMITERS[best]
    }
}

/// Another delimiter the header row would split on, when the one used gave a single
/// column: the hint an error gives.
pub(super) fn suspect_delimiter(headers: &[String], used: u8) -> Option<char> {
    let [only] = headers else { return None };
    DELIMITERS
        .iter()
        .find(|d| **d != used && only.as_bytes().contains(d))
        .map(|d| char::from(*d))
}

fn workbook<'t>(table: &Table<'t>, format: &TableFormat) -> Result<Source<'t>, Box<Diagnostic>> {
    let fail = |message: String| Box::new(problem(Code::E008, table.name, 1, None, message));
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(table.bytes)).map_err(|e| {
        fail(format!(
            "{} looks like a workbook or an archive but cannot be opened as .xlsx, .xls or .ods: {e}",
            table.name
        ))
    })?;
    let names = book.sheet_names();
    let index = match &format.sheet {
        None => 0,
        Some(SheetRef::Index(i)) => *i,
        Some(SheetRef::Name(n)) => names.iter().position(|s| s == n).ok_or_else(|| {
            fail(format!(
                "{} has no sheet {n:?}; its sheets are {}",
                table.name,
                names.join(", ")
            ))
        })?,
    };
    let name = names.get(index).cloned().ok_or_else(|| {
        fail(format!(
            "{} has no sheet {index} (counting from 0); its sheets are {}",
            table.name,
            names.join(", ")
        ))
    })?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| fail(format!("{} sheet {name:?} cannot be read: {e}", table.name)))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    // Rows as the sheet numbers them, from 1; title rows above the header are skipped.
    let header_row = format
        .header_row
        .unwrap_or(first_row + 1)
        .max(first_row + 1);
    let mut rows = range.rows().enumerate().skip(header_row - first_row - 1);
    let headers: Vec<String> = match rows.next() {
        // Cells left of the range's start are empty: keep column positions as the sheet
        // has them.
        Some((_, cells)) => std::iter::repeat_n(String::new(), first_col)
            .chain(cells.iter().map(cell_text))
            .collect(),
        None => return Err(fail(format!("{} sheet {name:?} is empty", table.name))),
    };
    let body: Vec<(usize, StringRecord)> = rows
        .map(|(i, cells)| {
            let mut record = StringRecord::new();
            for _ in 0..first_col {
                record.push_field("");
            }
            for c in cells {
                record.push_field(&cell_text(c));
            }
            // Rows as the sheet numbers them, from 1.
            (first_row + i + 1, record)
        })
        .collect();
    Ok(Source {
        headers,
        delimiter: None,
        sheet: Some((name, names)),
        rows: Rows::Cells(body.into_iter()),
    })
}

/// A cell as text. A number is written as the shortest decimal that reads back to the
/// stored binary number, never rounded: `0.1 + 0.2` computed in a sheet reads
/// "0.30000000000000004", which an amount refuses (more places than the plan's
/// precision, named) rather than goldthread guessing the cent it meant. From there on
/// the amount is an exact decimal.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) => float_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn float_text(f: f64) -> String {
    // Rust's `Display` for a float is the shortest round-trip decimal, never with an
    // exponent; a value beyond a decimal's range or not finite fails as an amount, named.
    format!("{f}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_the_sheet_shows_them() {
        assert_eq!(float_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_text(0.3), "0.3");
        assert_eq!(float_text(1200.0), "1200");
        assert_eq!(float_text(783699380.6), "783699380.6");
        assert_eq!(float_text(783699380.5999999), "783699380.5999999");
        assert_eq!(float_text(-12.5), "-12.5");
        assert_eq!(float_text(1e21), "1000000000000000000000");
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff("a\tb\n"), b'\t');
        assert_eq!(sniff("\"a;b\",c\n"), b',');
        assert_eq!(sniff("single\n"), b',');
        assert_eq!(suspect_delimiter(&["a;b;c".to_string()], b','), Some(';'));
    }
}
