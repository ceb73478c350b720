//! The line of a file a CSV record starts on, as a person opening the file counts: the
//! csv reader's own count is one too low on files with Windows line endings (CRLF), and
//! never advances on old Mac files that end lines with a lone CR.

/// Counts line ends (`\n`, or a `\r` not followed by `\n`) up to each record's start.
/// Records come in order, so each byte is looked at once: linear in the file.
pub(crate) struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    /// A counter at the start of a file (line 1).
    pub fn new() -> LineCounter {
        LineCounter { offset: 0, line: 1 }
    }

    /// The line a record (or a reader's error) at byte `offset` of `bytes` starts on.
    pub fn line_at(&mut self, bytes: &[u8], offset: u64) -> usize {
        let offset = record_start(bytes, offset);
        if offset >= self.offset {
            let ends = bytes.get(self.offset..offset).map_or(0, |b| {
                // Found a vector at a time (memchr): counted byte by byte, this was 8 % of a
                // mapped table's import.
                let lf = memchr::memchr_iter(b'\n', b).count();
                // A lone CR ends a line; the CR of a CRLF is counted by its LF.
                let lone_cr = memchr::memchr_iter(b'\r', b)
                    .filter(|i| bytes.get(self.offset + i + 1) != Some(&b'\n'))
                    .count();
                lf + lone_cr
            });
            self.line += ends;
            self.offset = offset;
        }
        self.line
    }

    /// The line a record read from `bytes` starts on.
    pub fn of(&mut self, bytes: &[u8], record: &csv::StringRecord) -> usize {
        self.line_at(bytes, record.position().map_or(0, |p| p.byte()))
    }
}

/// Where the record a reader places at byte `offset` of `bytes` starts: the reader's offset
/// may sit on the terminator before the record (the `\n` of a CRLF, blank lines), and the
/// record starts after them.
pub(crate) fn record_start(bytes: &[u8], offset: u64) -> usize {
    let mut offset = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    while bytes
        .get(offset)
        .is_some_and(|b| *b == b'\r' || *b == b'\n')
    {
        offset += 1;
    }
    offset
}

/// The first place at or after `from` where a record could start: after a `\n` outside
/// quotes, as counted from the start of the file. A reader that treats some quote
/// otherwise (a quote inside an unquoted cell) will not start a record there, which
/// the reader of the first half notices (its next record does not start there).
pub(crate) fn boundary(text: &[u8], from: usize) -> Option<usize> {
    let head = text.get(..from)?;
    // Counted a vector at a time: the head is half the table, read before the halves start.
    let mut quoted = memchr::memchr_iter(b'"', head).count() % 2 == 1;
    for (i, b) in text.get(from..)?.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                let at = from + i + 1;
                return (at < text.len()).then_some(at);
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lf_files_count_alike() {
        for text in [
            "h\na\n\nb\n\"c\nd\"\ne\n",
            "h\r\na\r\n\r\nb\r\n\"c\r\nd\"\r\ne\r\n",
            "h\ra\r\rb\r\"c\rd\"\re\r",
        ] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_reader(text.as_bytes());
            let mut lines = LineCounter::new();
            let mut record = csv::StringRecord::new();
            let mut found = Vec::new();
            while reader.read_record(&mut record).unwrap_or(false) {
                found.push(lines.of(text.as_bytes(), &record));
            }
            assert_eq!(found, [2, 4, 5, 7], "{text:?}");
        }
    }

    #[test]
    fn a_boundary_is_after_a_line_end_outside_quotes() {
        let text = b"a,\"x\ny\"\nb,c\nd";
        assert_eq!(boundary(text, 0), Some(8));
        assert_eq!(boundary(text, 4), Some(8));
        assert_eq!(boundary(text, 9), Some(12));
        assert_eq!(boundary(text, 12), None);
    }

    #[test]
    fn a_record_starts_past_the_line_ends_a_reader_places_it_on() {
        let text = b"a\r\n\r\nb\n";
        assert_eq!(record_start(text, 1), 5);
        assert_eq!(record_start(text, 3), 5);
        assert_eq!(record_start(text, 5), 5);
        assert_eq!(record_start(text, 99), text.len());
    }
}
