//! What the scanners share: a cursor over JSON text that reads the few things the usual
//! shape of a plan file has, and gives up (`None`) on anything else.

/// What `scan` reads from the start of `text` when nothing but white space follows.
pub(in crate::plan_file) fn scan_whole<T: Default>(
    text: &str,
    scan: impl Fn(&str, usize, &mut T) -> Option<usize>,
) -> Option<T> {
    let mut item = T::default();
    let end = scan(text, 0, &mut item)?;
    Cursor { text, at: end }.end().then_some(item)
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
