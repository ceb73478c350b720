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
        let mut offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        // The reader's offset may sit on the terminator before the record (the `\n` of a
        // CRLF, blank lines): the record starts after them.
        while bytes
            .get(offset)
            .is_some_and(|b| *b == b'\r' || *b == b'\n')
        {
            offset += 1;
        }
        if offset >= self.offset {
            let ends = bytes.get(self.offset..offset).map_or(0, |b| {
                // Every LF (a loop the compiler vectorises), then the lone CRs, looked for
                // only where there is a CR at all.
                let lf = b.iter().filter(|c| **c == b'\n').count();
                let lone_cr = if b.contains(&b'\r') {
                    b.iter()
                        .enumerate()
                        .filter(|(i, c)| {
                            // A lone CR ends a line; the CR of a CRLF is counted by its LF.
                            **c == b'\r' && bytes.get(self.offset + i + 1) != Some(&b'\n')
                        })
                        .count()
                } else {
                    0
                };
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
}
