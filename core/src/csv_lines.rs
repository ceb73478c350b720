//! The line of a file a CSV record starts on, as a person opening the file counts: the
//! csv reader's own count is one too low on files with Windows line endings (CRLF), and
//! never advances on old Mac files that end lines with a lone CR.

/// Counts line ends (`\n`, or a `\r` not followed by `\n`) up to each record's start.
/// Records come in order, so each byte is looked at once: linear in the file.
pub(crate) struct LineCounter {
    offset: usize,
    line: usize,
    /// Whether the file has no CR at all (found at the first record).
    cr_free: Option<bool>,
    /// In such a file, how far this count is ahead of the reader's own, once known.
    ahead: Option<usize>,
}

impl LineCounter {
    /// A counter at the start of a file (line 1).
    pub fn new() -> LineCounter {
        LineCounter {
            offset: 0,
            line: 1,
            cr_free: None,
            ahead: None,
        }
    }

    /// The line a record starts on: at byte `start` of `bytes`, where the reader that
    /// reads from byte `base` placed it at `position`. In a file without CR (most), the
    /// reader's own count of `\n` is right but for where it starts: set against this
    /// count once, it gives every later record's line without looking at the bytes
    /// between records again (counting them was 4 % of a mapped table's import).
    pub fn line_of(
        &mut self,
        bytes: &[u8],
        start: usize,
        base: usize,
        position: Option<&csv::Position>,
    ) -> usize {
        let cr_free = *self
            .cr_free
            .get_or_insert_with(|| memchr::memchr(b'\r', bytes).is_none());
        // The reader's line at `start`: its line where it placed the record, and the line
        // ends it placed the record on (each a `\n`, in a file without CR).
        let reader = position.filter(|_| cr_free).and_then(|p| {
            let placed = base.checked_add(usize::try_from(p.byte()).ok()?)?;
            let skipped = start.checked_sub(placed)?;
            usize::try_from(p.line()).ok()?.checked_add(skipped)
        });
        if let (Some(reader), Some(ahead)) = (reader, self.ahead) {
            return reader + ahead;
        }
        let line = self.line_at(bytes, start as u64);
        self.ahead = reader.and_then(|r| line.checked_sub(r));
        line
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
    fn the_readers_own_count_gives_each_record_the_line_counted_from_the_start() {
        // Blank lines, cells over several lines, a file without a last line end; and CRLF
        // and lone CR, where the counter counts the bytes itself.
        let texts = [
            "h\na\n\n\nb\n\"c\nd\"\ne\n\"x\n\ny\"\nz",
            "\n\nh\na,\"1\n2\",3\n\n\"\n\"\nlast\n\n",
            "h\r\na\r\n\r\nb\r\n\"c\r\nd\"\r\ne\r\n",
            "h\ra\r\rb\r\"c\rd\"\re\r",
        ];
        for text in texts {
            let bytes = text.as_bytes();
            // Read whole, and from each record boundary on (the second of two halves).
            let mut bases = vec![0];
            bases.extend((1..bytes.len()).filter_map(|from| boundary(bytes, from)));
            for base in bases {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(&bytes[base..]);
                let mut lines = LineCounter::new();
                let mut record = csv::StringRecord::new();
                while reader.read_record(&mut record).unwrap_or(false) {
                    let placed = base as u64 + record.position().map_or(0, |p| p.byte());
                    let start = record_start(bytes, placed);
                    let counted = LineCounter::new().line_at(bytes, start as u64);
                    let got = lines.line_of(bytes, start, base, record.position());
                    assert_eq!(got, counted, "{text:?} from {base}, record at {start}");
                }
            }
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
