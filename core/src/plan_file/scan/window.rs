//! The text the plan scan reads (`scan/mod.rs`): a whole text in memory, or a file
//! read a buffer at a time.
//!
//! Reading a 160 MB plan file whole puts it in 160 MB of memory the process has never
//! touched, and on the machines measured (BENCHMARKS.md) each new page costs more than
//! reading what is on it. Read through a window, the file passes through a buffer of a
//! megabyte or so that is used again and again: only what the plan keeps (lines, projects)
//! takes new memory.
//!
//! The scan is a series of small steps (a key, a value, one budget line, a comma), each a
//! function of the text and a position. [`Window::step`] runs one where it stands; when the
//! step fails or ends at the last byte read, the text so far may simply be cut short, so
//! the window drops what is behind the step, reads more and runs the step again. Only a
//! step that fails with the whole file read has failed. A step that succeeds before the
//! last byte read has seen everything it reads: every JSON value in a plan is followed by
//! at least a `,`, `]` or `}`, so a number, say, is never taken for complete while more of
//! its digits are still to come.

use super::cursor::Cursor;
use std::borrow::Cow;
use std::io::Read;
use std::ops::Range;

/// How much a window reads at a time, at least: big enough that refills are rare (a
/// megabyte holds some 6,000 budget lines), small enough to stay in a core's cache.
pub(crate) const CHUNK: usize = 1 << 20;

/// The most a window holds: a step still failing on this much text is not waiting for more
/// (no value of a plan is this long), so the scan gives up rather than read a file of
/// garbage, or a device that never ends, into memory.
const MOST: usize = 64 << 20;

/// A position in the text, moved by [`Window::step`]; `at` is relative to the window.
pub(crate) struct Window<'a, R> {
    /// The whole text, when there is no reader.
    whole: Option<&'a str>,
    reader: R,
    /// The text read and not yet dropped (with a reader).
    text: String,
    /// Bytes read after `text` that end in the middle of a character.
    partial: Vec<u8>,
    /// The smallest read.
    chunk: usize,
    /// How long the text is expected to be, and how much of it has been dropped.
    size: usize,
    dropped: usize,
    /// Whether the reader has no more (always, for a whole text).
    done: bool,
}

impl<'a> Window<'a, std::io::Empty> {
    /// A window on a whole text: it never reads more.
    pub fn whole(text: &'a str) -> Self {
        Window {
            whole: Some(text),
            reader: std::io::empty(),
            text: String::new(),
            partial: Vec::new(),
            chunk: 0,
            size: text.len(),
            dropped: 0,
            done: true,
        }
    }
}

impl<R: Read> Window<'static, R> {
    /// A window on what `reader` gives (about `size` bytes), read `chunk` bytes at a time
    /// (at least).
    pub fn reading(reader: R, size: usize, chunk: usize) -> Self {
        Window {
            whole: None,
            reader,
            text: String::new(),
            partial: Vec::new(),
            chunk: chunk.max(1),
            size,
            dropped: 0,
            done: false,
        }
    }
}

impl<'a, R: Read> Window<'a, R> {
    fn text(&self) -> &str {
        self.whole.unwrap_or(&self.text)
    }

    /// About how many bytes the text has from the window's start: for sizing vectors.
    pub fn left(&self) -> usize {
        self.size.saturating_sub(self.dropped)
    }

    /// Runs `step` at `at`, reading more until it can be sure of the answer (see the module
    /// documentation); on success `at` is where the step stopped. `None`: the step fails
    /// on the whole text, the reader failed, or the file is not UTF-8.
    pub fn step<T>(
        &mut self,
        at: &mut usize,
        mut step: impl FnMut(&mut Cursor<'_>) -> Option<T>,
    ) -> Option<T> {
        loop {
            let text = self.text();
            let mut c = Cursor { text, at: *at };
            let got = step(&mut c);
            let end = c.at;
            if self.done || (got.is_some() && end < text.len()) {
                if got.is_some() {
                    *at = end;
                }
                return got;
            }
            self.more(at)?;
        }
    }

    /// The text of `range` (as a step left it) to keep: borrowed from a whole text, copied
    /// from a window that will move on.
    pub fn keep(&self, range: Range<usize>) -> Option<Cow<'a, str>> {
        match self.whole {
            Some(text) => text.get(range).map(Cow::Borrowed),
            None => self.text.get(range).map(|s| Cow::Owned(s.to_string())),
        }
    }

    /// Drops the text before `at` (which moves to 0) and reads more: at least a chunk, and
    /// as much as the window holds, so that a value longer than a chunk is read again only
    /// a few times. `None` where the reader fails or the bytes are not UTF-8.
    fn more(&mut self, at: &mut usize) -> Option<()> {
        if self.done {
            return None;
        }
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        let drop = (*at).min(bytes.len());
        bytes.drain(..drop);
        self.dropped += drop;
        *at = 0;
        bytes.append(&mut self.partial);
        if bytes.len() >= MOST.max(self.chunk) {
            return None;
        }
        let want = self.chunk.max(bytes.len());
        let before = bytes.len();
        (&mut self.reader)
            .take(want as u64)
            .read_to_end(&mut bytes)
            .ok()?;
        self.done = bytes.len() == before;
        // A character cut by the read waits for the rest of its bytes.
        let cut = if self.done {
            bytes.len()
        } else {
            complete_up_to(&bytes)
        };
        self.partial = bytes.split_off(cut);
        self.text = String::from_utf8(bytes).ok()?;
        Some(())
    }
}

/// Where the last complete UTF-8 character of `bytes` ends: before a lead byte whose
/// continuation bytes are not all there. (Anything else invalid is left for the UTF-8
/// check to refuse.)
fn complete_up_to(bytes: &[u8]) -> usize {
    let n = bytes.len();
    for back in 1..=n.min(4) {
        let i = n - back;
        let b = bytes.get(i).copied().unwrap_or(0);
        if b & 0xC0 == 0x80 {
            continue; // a continuation byte: its lead is further back
        }
        let len = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        return if back < len { i } else { n };
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_cut_by_a_read_waits_for_its_other_bytes() {
        let text = "ab\u{645}\u{20ac}\u{1F600}"; // 1-, 2-, 3- and 4-byte characters
        let bytes = text.as_bytes();
        for n in 0..=bytes.len() {
            let cut = complete_up_to(&bytes[..n]);
            assert!(text.is_char_boundary(cut), "{n}: {cut}");
            assert!(cut <= n && n - cut < 4, "{n}: {cut}");
            // Only as much is held back as a character needs.
            if text.is_char_boundary(n) {
                assert_eq!(cut, n);
            }
        }
    }

    #[test]
    fn a_step_sees_the_text_across_reads_of_one_byte() {
        let text = r#"  "منطقه ۱۲" , 12345 ]"#;
        let mut w = Window::reading(text.as_bytes(), text.len(), 1);
        let mut at = 0;
        let s = w.step(&mut at, |c| c.string().map(str::to_string));
        assert_eq!(s.as_deref(), Some("منطقه ۱۲"));
        assert_eq!(w.step(&mut at, |c| c.after_item(b']')), Some(false));
        assert_eq!(w.step(&mut at, |c| c.after_item(b']')), None, "a number");
    }

    #[test]
    fn a_number_is_not_complete_until_a_byte_after_it_is_read() {
        let digits = |c: &mut Cursor<'_>| {
            let start = c.at;
            while c.text.as_bytes().get(c.at).is_some_and(u8::is_ascii_digit) {
                c.at += 1;
            }
            c.text.get(start..c.at).map(str::to_string)
        };
        let mut w = Window::reading(&b"12345]"[..], 6, 1);
        let mut at = 0;
        assert_eq!(w.step(&mut at, digits).as_deref(), Some("12345"));
        assert_eq!(w.step(&mut at, |c| c.after_item(b']')), Some(true));
        assert_eq!(w.step(&mut at, |c| c.end().then_some(())), Some(()));
        // At the end of the file, what is there is all there is.
        let mut w = Window::reading(&b"123"[..], 3, 2);
        assert_eq!(w.step(&mut 0, digits).as_deref(), Some("123"));
    }

    #[test]
    fn invalid_utf8_and_a_failing_reader_end_the_scan() {
        let mut w = Window::reading(&b"\"a\xff\" "[..], 6, 2);
        assert_eq!(w.step(&mut 0, |c| c.string().map(str::to_string)), None);
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        let mut w = Window::reading(Broken, 0, 8);
        assert_eq!(w.step(&mut 0, |c| c.peek()), None);
    }
}
