//! Duplicate keys in a JSON object. A JSON reader keeps the last value of a repeated key
//! and drops the others without a word: a second `budget_lines` array would replace the
//! first, `"amount":"100","amount":"999"` would report 999. Here the text is looked at
//! once, linearly, for the first key an object repeats.

use crate::diagnostics::{Code, Diagnostic};
use crate::hashing::IdSet;
use std::borrow::Cow;

/// The first key repeated within one object, with the byte offset of its second
/// appearance. Text that is not JSON may give a wrong answer or none: the JSON reader
/// names its errors.
pub(crate) fn repeated_key(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    // One set of keys per open object; `None` for an open array.
    // Keys borrowed from the text unless they hold escapes.
    let mut open: Vec<Option<IdSet<Cow<'_, str>>>> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' => open.push(Some(IdSet::default())),
            b'[' => open.push(None),
            b'}' | b']' => {
                open.pop();
            }
            b'"' => {
                let start = i;
                i += 1;
                let mut escaped = false;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => {
                            escaped = true;
                            i += 1; // the escaped byte
                        }
                        b'"' => break,
                        _ => {}
                    }
                    i += 1;
                }
                let end = i.min(bytes.len());
                // A string followed by `:` is a key of the innermost object.
                let mut after = end + 1;
                while bytes.get(after).is_some_and(u8::is_ascii_whitespace) {
                    after += 1;
                }
                if bytes.get(after) == Some(&b':') {
                    if let Some(Some(keys)) = open.last_mut() {
                        let raw = text.get(start + 1..end).unwrap_or("");
                        let key: Cow<'_, str> = if escaped {
                            serde_json::from_str::<String>(text.get(start..=end).unwrap_or(""))
                                .map_or(Cow::Borrowed(raw), Cow::Owned)
                        } else {
                            Cow::Borrowed(raw)
                        };
                        if !keys.insert(key.clone()) {
                            return Some((start, key.into_owned()));
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// E008 for the first repeated key of `text`, placed at its line and column.
pub(crate) fn repeated_key_diagnostic(text: &str) -> Option<Diagnostic> {
    let (at, key) = repeated_key(text)?;
    let before = text.get(..at).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let mut d = Diagnostic::new(
        Code::E008,
        format!(
            "the key {:?} appears twice in one object: a JSON reader would keep the second value and drop the first without a word; keep one",
            crate::amount::cut(&key)
        ),
    );
    d.line = Some(line);
    d.column = Some(column);
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_second_key_of_one_object_only() {
        assert_eq!(
            repeated_key(r#"{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}"#),
            None
        );
        assert_eq!(
            repeated_key(r#"{"a":1,"b":2,"a":3}"#),
            Some((13, "a".to_string()))
        );
        // Escapes name the same key; a colon inside a string value is no key.
        assert_eq!(
            repeated_key(r#"{"v":"x\":","amount":"1","\u0061mount":"2"}"#).map(|k| k.1),
            Some("amount".to_string())
        );
        assert_eq!(repeated_key(r#"{"s":"\\","t":"a:b"}"#), None);
        let d = repeated_key_diagnostic("{\n \"a\": 1,\n \"a\": 2}").unwrap();
        assert_eq!((d.line, d.column), (Some(3), Some(2)));
    }
}
