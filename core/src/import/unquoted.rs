//! The records of a stretch of CSV text that holds no quote. Without quotes, the csv
//! reader's records are exactly the text's lines split at the delimiter (a line end is
//! `\n`, `\r\n` or a lone `\r`; blank lines are no records), so they are found a vector at
//! a time, by `memchr` and `str::split`, instead of by the reader's state machine a byte at
//! a time. Each record is given as the spans of its cells in the text, not copied (the
//! reader's state machine, its copy and its UTF-8 check of each record were a quarter of a
//! large mapped table's import). A text with a quote anywhere in the stretch is left to the
//! reader.

/// A reader of the records of `text[at..]` (up to `stop`, if set), where no quote is.
pub(super) struct Unquoted {
    delimiter: u8,
    /// Where the next record, or the line ends before it, starts.
    at: usize,
    /// The line `at` is on, as a person opening the file counts.
    line: usize,
    /// The byte from which on records are left to another reader.
    stop: Option<usize>,
    /// Where the record that met `stop` starts.
    stopped_at: Option<usize>,
}

impl Unquoted {
    /// A reader from byte `at` of `text`, on line `line`, when the records it would read
    /// (those starting before `stop`, each to its line end) hold no quote; `None` where
    /// one does (the csv reader reads them).
    pub fn new(
        text: &str,
        delimiter: u8,
        at: usize,
        line: usize,
        stop: Option<usize>,
    ) -> Option<Unquoted> {
        let bytes = text.as_bytes();
        let mut end = stop.unwrap_or(bytes.len()).min(bytes.len());
        // A record that starts before the stop is read to its line end.
        if end > at && !matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            let rest = bytes.get(end..).unwrap_or_default();
            end += memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        }
        let stretch = bytes.get(at..end)?;
        if memchr::memchr(b'"', stretch).is_some() || !delimiter.is_ascii() {
            return None;
        }
        Some(Unquoted {
            delimiter,
            at,
            line,
            stop,
            stopped_at: None,
        })
    }

    /// The spans of the next record's cells in `text` into `spans`, with the line the
    /// record starts on; `None` at the end or at the stop.
    pub fn next(&mut self, text: &str, spans: &mut Vec<(usize, usize)>) -> Option<usize> {
        let bytes = text.as_bytes();
        // Past the line ends before the record, counted: each `\n`, and each `\r` that no
        // `\n` follows (the `\r` of a `\r\n` is counted by its `\n`).
        while let Some(&b) = bytes.get(self.at) {
            match b {
                b'\n' => self.line += 1,
                b'\r' if bytes.get(self.at + 1) != Some(&b'\n') => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            self.at += 1;
        }
        if self.at >= bytes.len() {
            return None;
        }
        if self.stop.is_some_and(|stop| self.at >= stop) {
            self.stopped_at = Some(self.at);
            return None;
        }
        // One pass to the line end, a cell at each delimiter: cells are short, and a
        // search per cell (`str::split`) cost more than looking at each byte.
        spans.clear();
        let line = bytes.get(self.at..).unwrap_or_default();
        let (mut cell, mut end) = (0, line.len());
        for (i, &b) in line.iter().enumerate() {
            if b == self.delimiter {
                spans.push((self.at + cell, self.at + i));
                cell = i + 1;
            } else if b == b'\n' || b == b'\r' {
                end = i;
                break;
            }
        }
        spans.push((self.at + cell, self.at + end));
        self.at += end;
        Some(self.line)
    }

    /// Where the record that met the stop starts, once read.
    pub fn stopped_at(&self) -> Option<usize> {
        self.stopped_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_lines::{record_start, LineCounter};
    use csv::StringRecord;
    use proptest::prelude::*;

    /// The records of `text` (from its start) and their lines, as the csv reader and the
    /// line counter give them.
    fn by_the_reader(text: &str, delimiter: u8) -> Vec<(usize, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut lines = LineCounter::new();
        let mut out = Vec::new();
        let mut record = StringRecord::new();
        while reader.read_record(&mut record).unwrap() {
            let at = record_start(text.as_bytes(), record.position().unwrap().byte());
            let cells = record.iter().map(str::to_string).collect();
            out.push((lines.line_at(text.as_bytes(), at as u64), cells));
        }
        out
    }

    fn unquoted(text: &str, delimiter: u8) -> Option<Vec<(usize, Vec<String>)>> {
        let mut reader = Unquoted::new(text, delimiter, 0, 1, None)?;
        let mut out = Vec::new();
        let mut spans = Vec::new();
        while let Some(line) = reader.next(text, &mut spans) {
            let cells = spans.iter().map(|&(a, b)| text[a..b].to_string()).collect();
            out.push((line, cells));
        }
        Some(out)
    }

    #[test]
    fn lines_split_at_the_delimiter_as_the_reader_splits_them() {
        let text = "a,b,c\r\n\r\n1, 2 ,\rx\n\n,,\nlast,é";
        let read = unquoted(text, b',').unwrap();
        assert_eq!(read, by_the_reader(text, b','));
        let lines: Vec<usize> = read.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [1, 3, 4, 6, 7]);
        assert!(
            unquoted("a,\"b\"\n", b',').is_none(),
            "a quote is the reader's"
        );
    }

    #[test]
    fn a_stop_leaves_the_records_from_it_to_another_reader() {
        let text = "h\na\nb\nc\n";
        let mut first = Unquoted::new(text, b',', 2, 2, Some(6)).unwrap();
        let mut spans = Vec::new();
        assert_eq!(first.next(text, &mut spans), Some(2));
        assert_eq!(first.next(text, &mut spans), Some(3));
        assert_eq!(spans, [(4, 5)]);
        assert_eq!(first.next(text, &mut spans), None);
        assert_eq!(first.stopped_at(), Some(6));
        let mut second = Unquoted::new(text, b',', 6, 4, None).unwrap();
        assert_eq!(second.next(text, &mut spans), Some(4));
        assert_eq!(spans, [(6, 7)]);
    }

    proptest! {
        /// Any text without quotes: the records, their cells and their lines are the
        /// reader's, whatever the line ends, blank lines, spaces and characters.
        #[test]
        fn records_are_the_readers(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just(","), Just(";"), Just("\n"), Just("\r\n"), Just("\r"), Just(" "),
                    Just("a"), Just("12.5"), Just("é"), Just("آ"), Just("\t"),
                ],
                0..60,
            ),
            delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(unquoted(&text, delimiter).unwrap(), by_the_reader(&text, delimiter));
        }
    }
}
