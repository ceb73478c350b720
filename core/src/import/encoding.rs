//! The text of a table in its declared encoding: UTF-8 (the default), windows-1252 (what
//! Excel on Windows saves) or IBM850 (the DOS code page of Western Europe and Latin America,
//! which some finance ministries' systems still write: Mexico's federal budget files). A
//! byte that is no character of the declared encoding is an error naming where it is and
//! how the text around it reads in the other encodings, never a guess.

use super::{problem, Table};
use crate::diagnostics::{Code, Diagnostic};
use std::borrow::Cow;

/// The encodings a mapping may declare, as the messages name them.
const NAMES: &str = "\"utf-8\", \"windows-1252\" or \"ibm850\"";

/// An encoding a table may be in.
#[derive(Clone, Copy)]
enum Encoding {
    Utf8,
    Windows1252,
    Ibm850,
}

impl Encoding {
    /// The encoding a mapping's `encoding` names, if one of [`NAMES`].
    fn named(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "windows-1252" | "cp1252" => Some(Encoding::Windows1252),
            "ibm850" | "cp850" => Some(Encoding::Ibm850),
            _ => None,
        }
    }

    /// The encoding as an error names it.
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Ibm850 => "ibm850",
        }
    }

    /// Who writes it, as an error says when it shows this encoding's reading.
    fn writer(self) -> &'static str {
        match self {
            Encoding::Utf8 => "most programs",
            Encoding::Windows1252 => "Excel on Windows",
            Encoding::Ibm850 => "DOS",
        }
    }

    /// The encodings whose reading of the text an error in this one shows.
    fn others(self) -> &'static [Encoding] {
        match self {
            Encoding::Utf8 => &[Encoding::Windows1252, Encoding::Ibm850],
            Encoding::Windows1252 => &[Encoding::Ibm850],
            // Every byte is a character of IBM850.
            Encoding::Ibm850 => &[],
        }
    }

    /// `bytes` as text in this encoding, or the offset of the first byte that is no
    /// character of it.
    fn read(self, bytes: &[u8]) -> Result<Cow<'_, str>, usize> {
        match self {
            // Checked a vector at a time (std's check of a 60 MB table took 7 ms on one core
            // before the halves start); where it fails, std says where.
            Encoding::Utf8 => match simdutf8::basic::from_utf8(bytes) {
                Ok(text) => Ok(Cow::Borrowed(text)),
                Err(_) => std::str::from_utf8(bytes)
                    .map(Cow::Borrowed)
                    .map_err(|e| e.valid_up_to()),
            },
            // Five bytes are no character of windows-1252 (the decoder would make them
            // control characters): the file is in another encoding.
            Encoding::Windows1252 => match bytes.iter().position(|b| UNDEFINED_1252.contains(b)) {
                Some(at) => Err(at),
                None => Ok(self.lossy(bytes)),
            },
            Encoding::Ibm850 => Ok(ibm850(bytes)),
        }
    }

    /// `bytes` as this encoding reads them, a byte that is no character of it included
    /// (to show a reading in an error).
    fn lossy(self, bytes: &[u8]) -> Cow<'_, str> {
        match self {
            Encoding::Utf8 => String::from_utf8_lossy(bytes),
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252.decode(bytes).0,
            Encoding::Ibm850 => ibm850(bytes),
        }
    }
}

/// The text of `table` in `encoding`, without a byte order mark; borrowed where the bytes
/// are that text already (a table may be most of the memory an import uses).
pub(super) fn decode<'t>(
    table: &Table<'t>,
    encoding: &str,
) -> Result<Cow<'t, str>, Box<Diagnostic>> {
    let Some(encoding) = Encoding::named(encoding) else {
        return Err(Box::new(
            Diagnostic::new(
                Code::E008,
                format!("encoding {encoding:?} is not supported; write {NAMES}"),
            )
            .at("mapping"),
        ));
    };
    let bytes = table.bytes;
    let text = encoding.read(bytes).map_err(|at| {
        // The row a person opening the file sees.
        let row = bytes
            .get(..at)
            .unwrap_or(bytes)
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        let readings: Vec<String> = encoding
            .others()
            .iter()
            .map(|e| format!("{:?} in {} ({})", around(bytes, at, *e), e.name(), e.writer()))
            .collect();
        let name = encoding.name();
        Box::new(problem(
            Code::E008,
            table.name,
            row,
            None,
            format!(
                "{} is not {name} (first bad byte at offset {at}, row {row}); the text there reads {}: set encoding under [plan] in the mapping to the one that reads right",
                table.name,
                readings.join(", ")
            ),
        ))
    })?;
    const BOM: char = '\u{feff}';
    Ok(match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.trim_start_matches(BOM)),
        Cow::Owned(mut t) => {
            let bom = t.len() - t.trim_start_matches(BOM).len();
            t.drain(..bom);
            Cow::Owned(t)
        }
    })
}

/// The bytes windows-1252 leaves undefined.
const UNDEFINED_1252: [u8; 5] = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/// The cell around byte `at` (at most 40 bytes each way, up to a delimiter, quote or line
/// end), as `encoding` reads it.
fn around(bytes: &[u8], at: usize, encoding: Encoding) -> String {
    let ends = |b: &u8| matches!(b, b',' | b';' | b'\t' | b'|' | b'"' | b'\n' | b'\r');
    let before = bytes.get(at.saturating_sub(40)..at).unwrap_or_default();
    let start = at - before.iter().rev().position(ends).unwrap_or(before.len());
    let after = bytes.get(at..).unwrap_or_default();
    let end = at
        + after
            .iter()
            .take(40)
            .position(ends)
            .unwrap_or(after.len().min(40));
    encoding
        .lossy(bytes.get(start..end).unwrap_or_default())
        .into_owned()
}

/// IBM850 text: ASCII as it is, each other byte through [`IBM850`].
fn ibm850(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) if bytes.is_ascii() => Cow::Borrowed(text),
        _ => Cow::Owned(
            bytes
                .iter()
                .map(|&b| match b {
                    0..=0x7f => char::from(b),
                    _ => IBM850[usize::from(b & 0x7f)],
                })
                .collect(),
        ),
    }
}

/// Bytes 0x80 to 0xFF of IBM850, as Unicode's mapping `VENDORS/MICSFT/PC/CP850.TXT` gives
/// them (generated from Python's `cp850` codec, which is made from that file).
const IBM850: [char; 128] = [
    '\u{00c7}', '\u{00fc}', '\u{00e9}', '\u{00e2}', '\u{00e4}', '\u{00e0}', '\u{00e5}', '\u{00e7}',
    '\u{00ea}', '\u{00eb}', '\u{00e8}', '\u{00ef}', '\u{00ee}', '\u{00ec}', '\u{00c4}', '\u{00c5}',
    '\u{00c9}', '\u{00e6}', '\u{00c6}', '\u{00f4}', '\u{00f6}', '\u{00f2}', '\u{00fb}', '\u{00f9}',
    '\u{00ff}', '\u{00d6}', '\u{00dc}', '\u{00f8}', '\u{00a3}', '\u{00d8}', '\u{00d7}', '\u{0192}',
    '\u{00e1}', '\u{00ed}', '\u{00f3}', '\u{00fa}', '\u{00f1}', '\u{00d1}', '\u{00aa}', '\u{00ba}',
    '\u{00bf}', '\u{00ae}', '\u{00ac}', '\u{00bd}', '\u{00bc}', '\u{00a1}', '\u{00ab}', '\u{00bb}',
    '\u{2591}', '\u{2592}', '\u{2593}', '\u{2502}', '\u{2524}', '\u{00c1}', '\u{00c2}', '\u{00c0}',
    '\u{00a9}', '\u{2563}', '\u{2551}', '\u{2557}', '\u{255d}', '\u{00a2}', '\u{00a5}', '\u{2510}',
    '\u{2514}', '\u{2534}', '\u{252c}', '\u{251c}', '\u{2500}', '\u{253c}', '\u{00e3}', '\u{00c3}',
    '\u{255a}', '\u{2554}', '\u{2569}', '\u{2566}', '\u{2560}', '\u{2550}', '\u{256c}', '\u{00a4}',
    '\u{00f0}', '\u{00d0}', '\u{00ca}', '\u{00cb}', '\u{00c8}', '\u{0131}', '\u{00cd}', '\u{00ce}',
    '\u{00cf}', '\u{2518}', '\u{250c}', '\u{2588}', '\u{2584}', '\u{00a6}', '\u{00cc}', '\u{2580}',
    '\u{00d3}', '\u{00df}', '\u{00d4}', '\u{00d2}', '\u{00f5}', '\u{00d5}', '\u{00b5}', '\u{00fe}',
    '\u{00de}', '\u{00da}', '\u{00db}', '\u{00d9}', '\u{00fd}', '\u{00dd}', '\u{00af}', '\u{00b4}',
    '\u{00ad}', '\u{00b1}', '\u{2017}', '\u{00be}', '\u{00b6}', '\u{00a7}', '\u{00f7}', '\u{00b8}',
    '\u{00b0}', '\u{00a8}', '\u{00b7}', '\u{00b9}', '\u{00b3}', '\u{00b2}', '\u{25a0}', '\u{00a0}',
];

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], encoding: &str) -> Result<String, String> {
        let table = Table {
            name: "t.csv",
            bytes,
        };
        decode(&table, encoding)
            .map(Cow::into_owned)
            .map_err(|d| format!("{:?}: {}", d.line, d.message))
    }

    // "H. Cámara de Diputados; Legislación; Ñuñoa" as Mexico's federal budget file writes it.
    const DOS: &[u8] = b"Unidad\nH. C\xa0mara de Diputados\nLegislaci\xa2n\n\xa5u\xa4oa\n";

    #[test]
    fn ibm850_reads_a_dos_file() {
        assert_eq!(
            read(DOS, "ibm850").unwrap(),
            "Unidad\nH. Cámara de Diputados\nLegislación\nÑuñoa\n"
        );
        // Every byte is a character, each its own (the table is a permutation).
        let all: Vec<u8> = (0..=255).collect();
        let text = read(&all, "cp850").unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        assert_eq!(chars.len(), 256);
        chars.sort_unstable();
        chars.dedup();
        assert_eq!(chars.len(), 256);
    }

    #[test]
    fn a_file_not_in_its_encoding_is_named_with_how_it_reads_in_the_others() {
        let said = read(DOS, "utf-8").unwrap_err();
        assert_eq!(
            said,
            r#"Some(2): t.csv is not UTF-8 (first bad byte at offset 11, row 2); the text there reads "H. C\u{a0}mara de Diputados" in windows-1252 (Excel on Windows), "H. Cámara de Diputados" in ibm850 (DOS): set encoding under [plan] in the mapping to the one that reads right"#
        );
        // windows-1252 reads nearly any byte, but not 0x81 (ü in IBM850).
        let said = read(b"Name\nM\x81nchen\n", "windows-1252").unwrap_err();
        assert_eq!(
            said,
            r#"Some(2): t.csv is not windows-1252 (first bad byte at offset 6, row 2); the text there reads "München" in ibm850 (DOS): set encoding under [plan] in the mapping to the one that reads right"#
        );
        assert_eq!(
            read(b"Name\nM\xfcnchen\n", "windows-1252").unwrap(),
            "Name\nMünchen\n"
        );
        let said = read(b"x", "latin-9").unwrap_err();
        assert!(
            said.ends_with(
                r#"encoding "latin-9" is not supported; write "utf-8", "windows-1252" or "ibm850""#
            ),
            "{said}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_text() {
        assert_eq!(read("\u{feff}a,b\n".as_bytes(), "utf-8").unwrap(), "a,b\n");
    }
}
