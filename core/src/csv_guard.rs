//! Cells a spreadsheet would run as a formula (OWASP "CSV injection"): a text starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading `'`, which every
//! spreadsheet shows as text; numbers (`-5`, `+1.5`) stay numbers. Reading the plan's own
//! tables back takes the quote off again, so a plan round-trips through its tables exactly.

use crate::amount::parse_decimal;
use std::borrow::Cow;

/// Whether a cell, without any quotes already leading it, would run as a formula.
fn needs_guard(cell: &str) -> bool {
    let rest = cell.trim_start_matches('\'');
    let number = parse_decimal(rest.strip_prefix('+').unwrap_or(rest)).is_ok();
    rest.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number
}

/// The cell as written: `'` before a text a spreadsheet would run.
pub(crate) fn guard(cell: &str) -> Cow<'_, str> {
    if needs_guard(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`guard`].
pub(crate) fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// A CSV writer whose every text cell is guarded.
pub(crate) struct Writer(pub csv::Writer<Vec<u8>>);

impl Writer {
    pub fn new() -> Writer {
        Writer(csv::Writer::from_writer(Vec::new()))
    }

    pub fn write_record<I, T>(&mut self, record: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.0
            .write_record(record.into_iter().map(|c| guard(c.as_ref()).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_text_numbers_stay_numbers_and_everything_round_trips() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("-5", "-5"),
            ("+1.5", "+1.5"),
            ("-1,250.50", "-1,250.50"),
            ("'quoted", "'quoted"),
            ("plain", "plain"),
            ("", ""),
        ] {
            assert_eq!(guard(cell), written, "{cell:?}");
            assert_eq!(unguard(written), cell, "{written:?}");
        }
        // A cell of a million quotes is looked at once, not recursively.
        let quotes = "'".repeat(1_000_000);
        assert_eq!(guard(&quotes), quotes);
    }
}
