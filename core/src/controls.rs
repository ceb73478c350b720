//! Control characters that came in with names, ids and cells, made visible in text meant
//! for a terminal (an ESC in a goal's name must not recolour, move or clear a screen; a
//! right-to-left override must not reorder a line): each is written as `\u{…}`. Line ends
//! are kept; JSON, HTML and SVG escape in their own way.

use std::borrow::Cow;

/// Whether a character must be shown escaped: control characters (C0 but the line feed,
/// DEL, C1) and the bidirectional embeddings and overrides.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)
}

/// The text with every hidden character written as `\u{…}`.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_clear_the_screen_and_reorder_a_line_but_keep_line_ends() {
        assert_eq!(visible("G\u{1b}[2J"), "G\\u{1b}[2J");
        assert_eq!(
            visible("a\u{202e}b\r\tc\u{7f}\u{85}"),
            "a\\u{202e}b\\u{d}\\u{9}c\\u{7f}\\u{85}"
        );
        assert_eq!(visible("one\ntwo ۱۲ منطقه"), "one\ntwo ۱۲ منطقه");
    }
}
