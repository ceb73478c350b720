//! A budget line read in one pass over its bytes: the reader's fastest path.
//!
//! A plan of a million lines is mostly budget lines written one way: an object of string
//! fields and a list of funding links. This scanner reads exactly that shape straight into
//! a [`BudgetLine`] — each text copied once, from the input into the line, and each amount
//! parsed where it is met — and gives up (returns `None`) on anything else: an escape in
//! a string, a number, an unknown field, `x`, and any value the plan file rules refuse (a
//! blank id, an amount with too many places), so that the serde-based reader and then the
//! general one, which names every problem, take over. It accepts exactly the lines the
//! serde fast path ([`crate::plan_file`]'s `FastLine`) accepts, with the same result (a
//! property test there checks both).
//!
//! The input has already been read once as valid JSON by the stream reader; the scanner
//! still checks every byte it relies on, so malformed text only makes it give up.

use crate::amount::{parse_amount, parse_decimal};
use crate::model::{BudgetLine, CompactString, Direction, FundTarget, Funding};

/// Reads one budget line object under the plan's `precision`, or `None` when it is not of
/// the usual shape or not valid.
pub(crate) fn scan_line(text: &str, precision: u32) -> Option<BudgetLine> {
    scan_whole(text, precision, scan_line_at)
}

/// What `scan` reads from the start of `text` when nothing but white space follows.
pub(crate) fn scan_whole<T: Default>(
    text: &str,
    precision: u32,
    scan: impl Fn(&str, usize, u32, &mut T) -> Option<usize>,
) -> Option<T> {
    let mut item = T::default();
    let end = scan(text, 0, precision, &mut item)?;
    Cursor { text, at: end }.end().then_some(item)
}

/// Reads the budget line object that starts at byte `at` of `text` (after white space)
/// into `out`, a default line (a million lines are then each written once, where they
/// stay), and returns where it ends; `None` when it is not of the usual shape or not
/// valid, with `out` partly written (the caller replaces it).
pub(crate) fn scan_line_at(
    text: &str,
    at: usize,
    precision: u32,
    out: &mut BudgetLine,
) -> Option<usize> {
    let mut c = Cursor { text, at };
    let text_of = |t: Option<&str>| t.map(CompactString::from);
    let amount = |t: Option<&str>| match t {
        Some(t) => parse_amount(t, precision).ok().map(Some),
        None => Some(None),
    };
    let seen = c.object(|c, field| {
        match field {
            Field::Id => out.id = CompactString::from(c.text_or_null()??),
            Field::Name => out.name = text_of(c.text_or_null()?),
            Field::Year => out.year = CompactString::from(c.text_or_null()??),
            Field::OrgUnit => out.org_unit = text_of(c.text_or_null()?),
            Field::Category => out.category = text_of(c.text_or_null()?),
            Field::Direction => {
                out.direction = match c.text_or_null()? {
                    None | Some("expenditure") => Direction::Expenditure,
                    Some("revenue") => Direction::Revenue,
                    Some(_) => return None,
                }
            }
            Field::Proposed => out.proposed = amount(c.text_or_null()?)?,
            Field::Amount => out.amount = amount(c.text_or_null()?)??,
            Field::Revised => out.revised = amount(c.text_or_null()?)?,
            Field::Committed => out.committed = amount(c.text_or_null()?)?,
            Field::Spent => out.spent = amount(c.text_or_null()?)?,
            Field::Funds => out.funds = c.funds()?,
        }
        Some(())
    })?;
    // Required: an id and a year that are not blank, and the approved amount.
    let required = seen.has(&[Field::Id, Field::Year, Field::Amount]);
    (required && !out.id.trim().is_empty() && !out.year.trim().is_empty()).then_some(c.at)
}

/// The fields a budget line of the usual shape may have (`x` is not usual), in the order
/// of [`LINE_FIELDS`](crate::plan_file::LINE_FIELDS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Name,
    Year,
    OrgUnit,
    Category,
    Direction,
    Proposed,
    Amount,
    Revised,
    Committed,
    Spent,
    Funds,
}

impl ObjectField for Field {
    fn bit(self) -> u32 {
        1 << self as u32
    }

    fn of(key: &str) -> Option<Field> {
        Some(match key {
            "id" => Field::Id,
            "name" => Field::Name,
            "year" => Field::Year,
            "org_unit" => Field::OrgUnit,
            "category" => Field::Category,
            "direction" => Field::Direction,
            "proposed" => Field::Proposed,
            "amount" => Field::Amount,
            "revised" => Field::Revised,
            "committed" => Field::Committed,
            "spent" => Field::Spent,
            "funds" => Field::Funds,
            _ => return None,
        })
    }
}

/// The fields an object of the usual shape may have, one bit each: a scanner's `Field`.
pub(crate) trait ObjectField: Copy {
    /// The field's bit, below 32 fields.
    fn bit(self) -> u32;
    /// The field a key names (one `match`: a string match compiles to a length test and
    /// one comparison); `None` for a key the scanner leaves to the general readers.
    fn of(key: &str) -> Option<Self>;
}

/// The fields an object gave, as bits.
#[derive(Clone, Copy)]
pub(crate) struct Seen(u32);

impl Seen {
    /// Whether every one of `fields` was given.
    pub fn has<F: ObjectField>(self, fields: &[F]) -> bool {
        fields.iter().all(|f| self.0 & f.bit() != 0)
    }
}

/// Where the first `"`, `\` or control character of `bytes` is: what ends a string
/// without escapes. Eight bytes at a time, as one 64-bit word: the ids, years and
/// amounts of a plan are mostly shorter than that, so a string is found in one step
/// instead of one per byte.
fn special_byte(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(word) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().ok()?);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        // A `"` or `\` is a zero byte in `quote` or `backslash`. A zero byte, or one below
        // 0x20, borrows when 1 or 0x20 is taken from it and so gets its top bit set (bytes
        // from 0x80 up are masked out by `!w`). A borrow may also flag bytes after the
        // first hit; only the first is used, and it is exact.
        let hits = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w))
            & HIGH;
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    let at = rest
        .iter()
        .position(|b| *b == b'"' || *b == b'\\' || *b < 0x20)?;
    Some(i + at)
}

/// A position in a JSON text, and the few things the scanners read there.
pub(crate) struct Cursor<'a> {
    pub text: &'a str,
    pub at: usize,
}

impl<'a> Cursor<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    pub(crate) fn skip_space(&mut self) {
        while matches!(
            self.bytes().get(self.at),
            Some(b' ' | b'\n' | b'\r' | b'\t')
        ) {
            self.at += 1;
        }
    }

    /// The next byte that is not white space, not consumed.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes().get(self.at).copied()
    }

    pub(crate) fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// After an item of an object or a list: past a `,` (`false`, more follow) or past the
    /// closing byte (`true`); `None` for anything else.
    pub(crate) fn after_item(&mut self, close: u8) -> Option<bool> {
        let next = self.peek()?;
        if next != b',' && next != close {
            return None;
        }
        self.at += 1;
        Some(next == close)
    }

    /// Whether only white space is left.
    pub(crate) fn end(&mut self) -> bool {
        self.skip_space();
        self.at == self.text.len()
    }

    /// A string without escapes, borrowed. Quotes and backslashes are ASCII, so the slice
    /// between them falls on character boundaries of the (valid UTF-8) input.
    pub(crate) fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let len = special_byte(self.bytes().get(start..)?)?;
        if self.bytes().get(start + len) != Some(&b'"') {
            return None;
        }
        self.at = start + len + 1;
        self.text.get(start..start + len)
    }

    /// A string, or `null` (as if the field were absent).
    pub(crate) fn text_or_null(&mut self) -> Option<Option<&'a str>> {
        if self.peek()? == b'n' {
            let end = self.at + 4;
            return (self.bytes().get(self.at..end) == Some(b"null")).then(|| {
                self.at = end;
                None
            });
        }
        self.string().map(Some)
    }

    /// A list of funding links: `{"project": …}` or `{"program": …}`, each maybe with a
    /// `share` (a string or null).
    fn funds(&mut self) -> Option<Vec<Funding>> {
        self.list(Cursor::link)
    }

    /// An object of the usual shape: each key names a field `F`, whose value `read` reads;
    /// an unknown or repeated key gives up (the general readers explain it).
    pub(crate) fn object<F: ObjectField>(
        &mut self,
        mut read: impl FnMut(&mut Self, F) -> Option<()>,
    ) -> Option<Seen> {
        let mut seen = 0u32;
        self.expect(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(Seen(seen));
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            let field = F::of(key)?;
            if seen & field.bit() != 0 {
                return None;
            }
            seen |= field.bit();
            read(self, field)?;
            if self.after_item(b'}')? {
                return Some(Seen(seen));
            }
        }
    }

    /// A list of items each read by `item`.
    ///
    /// The list is kept at its exact length: a million lines hold one link each, and a
    /// vector grown by pushing would reserve room for four.
    pub(crate) fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.expect(b'[')?;
        if self.peek()? == b']' {
            self.at += 1;
            return Some(Vec::new());
        }
        let mut items = vec![item(self)?];
        while !self.after_item(b']')? {
            items.push(item(self)?);
        }
        items.shrink_to_fit();
        Some(items)
    }

    fn link(&mut self) -> Option<Funding> {
        let (mut target, mut share) = (None, None);
        self.expect(b'{')?;
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            match key {
                "project" if target.is_none() => {
                    target = Some(FundTarget::Project(CompactString::from(self.string()?)));
                }
                "program" if target.is_none() => {
                    target = Some(FundTarget::Program(CompactString::from(self.string()?)));
                }
                "share" if share.is_none() => {
                    share = Some(match self.text_or_null()? {
                        Some(text) => Some(parse_decimal(text).ok()?),
                        None => None,
                    })
                }
                _ => return None,
            }
            if self.after_item(b'}')? {
                return Some(Funding {
                    target: target?,
                    share: share.flatten(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan_file::LINE_FIELDS;

    #[test]
    fn the_word_at_a_time_search_finds_the_first_special_byte() {
        // Every position of every special byte, after every kind of other byte (ASCII,
        // Persian UTF-8, bytes just above and below the specials), against the plain search.
        let fillers: [&[u8]; 4] = [
            b"abcdefghijklmnopqrstuvwx",
            "منطقه ۱۲ منطقه".as_bytes(),
            b"!#[]]!#[]]!#[]]!#[]]!#[",
            &[0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xff, 0x20, 0x23],
        ];
        for filler in fillers {
            for len in 0..filler.len() {
                for special in [b'"', b'\\', 0x00, 0x1f, 0x0a] {
                    let mut bytes = filler[..len].to_vec();
                    bytes.push(special);
                    bytes.extend_from_slice(b"\"x\\\x01");
                    let plain = bytes
                        .iter()
                        .position(|b| *b == b'"' || *b == b'\\' || *b < 0x20);
                    assert_eq!(special_byte(&bytes), plain, "{bytes:?}");
                    assert_eq!(special_byte(&bytes), Some(len), "{bytes:?}");
                }
                let clean = &filler[..len];
                let plain = clean
                    .iter()
                    .position(|b| *b == b'"' || *b == b'\\' || *b < 0x20);
                assert_eq!(special_byte(clean), plain, "{clean:?}");
            }
        }
    }

    #[test]
    fn reads_the_usual_shape() {
        let line = scan_line(
            r#" { "id":"BL1", "year" : "1398","org_unit":"D1","category":null,"amount":"12.5",
                "direction":"revenue","funds":[{"project":"PJ1","share":"0.5"},{"program":"PR2","share":null}] } "#,
            2,
        )
        .unwrap();
        assert_eq!(line.id, "BL1");
        assert_eq!(line.year, "1398");
        assert_eq!(line.org_unit.as_deref(), Some("D1"));
        assert_eq!(line.category, None);
        assert_eq!(line.amount, rust_decimal::Decimal::new(125, 1));
        assert_eq!(line.direction, Direction::Revenue);
        assert_eq!(
            line.funds,
            vec![
                Funding {
                    target: FundTarget::Project("PJ1".into()),
                    share: Some(rust_decimal::Decimal::new(5, 1))
                },
                Funding {
                    target: FundTarget::Program("PR2".into()),
                    share: None
                }
            ]
        );
        let persian = scan_line(
            r#"{"id":"ب۱","year":"۱۳۹۸","amount":"۱۲٫۵","spent":"۳","funds":[]}"#,
            1,
        )
        .unwrap();
        assert_eq!(persian.id, "ب۱");
        assert_eq!(persian.amount, rust_decimal::Decimal::new(125, 1));
        assert_eq!(persian.spent, Some(rust_decimal::Decimal::new(3, 0)));
        assert!(persian.funds.is_empty());
    }

    #[test]
    fn fields_are_the_line_fields_but_x() {
        for (i, name) in LINE_FIELDS.iter().enumerate() {
            match Field::of(name) {
                Some(f) => assert_eq!(f as usize, i, "{name}"),
                None => assert_eq!(*name, "x"),
            }
        }
        assert_eq!(Field::of("colour"), None);
    }

    #[test]
    fn gives_up_on_anything_unusual() {
        for text in [
            r#"{"id":"a\"b","year":"1","amount":"1"}"#,
            r#"{"id":"a","year":1398,"amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":"1","x":{}}"#,
            r#"{"id":"a","id":"b","year":"1","amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":"1","colour":"red"}"#,
            r#"{"id":"a","year":"1","amount":"1","direction":"sideways"}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":null}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"share":"1"}]}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"project":"p","share":"half"}]}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"project":"p","program":"q"}]}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"project":"p"}"#,
            r#"{"id":"a","year":"1","amount":"1"} trailing"#,
            // Not valid: blank or missing required fields, an amount with too many places.
            r#"{"id":" ","year":"1","amount":"1"}"#,
            r#"{"id":null,"year":"1","amount":"1"}"#,
            r#"{"id":"a","amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":null}"#,
            r#"{"id":"a","year":"1","amount":"1.234"}"#,
            r#"{"id":"a","year":"1","amount":"1","spent":"-1"}"#,
            "{}",
            r#"{"id":"a","year":"1","amount":"1""#,
            r#"{"id":"a""#,
            r#"{"id":nul}"#,
            "",
            "[]",
        ] {
            assert_eq!(scan_line(text, 2), None, "{text}");
        }
    }
}
