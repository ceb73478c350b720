//! The user's own data under `x` (SPEC §2). goldthread never reads it: it keeps it and
//! writes it back. It is kept as its compact JSON text, not as a tree of values, because a
//! tree takes up to some 90 times its text (a list of numbers), and `x` is the one part of
//! a plan whose shape anyone may choose (SPEC §8).

use serde::ser::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// A JSON object of the user's own, kept as its compact text.
///
/// ```
/// let mut map = serde_json::Map::new();
/// map.insert("source".into(), "budget book, p. 12".into());
/// let x = goldthread::Extension::new(&map);
/// assert_eq!(x.as_json(), r#"{"source":"budget book, p. 12"}"#);
/// assert_eq!(x.to_map(), map);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Extension(Box<str>);

impl Extension {
    /// The object `map`.
    pub fn new(map: &Map<String, Value>) -> Extension {
        // Writing a map of strings to values cannot fail.
        Extension(serde_json::to_string(map).unwrap_or_default().into())
    }

    /// The JSON object `text` (valid JSON: the reader has read it once) without building
    /// a tree of values: its compact text, strings written as [`Extension::new`] writes
    /// them, so that the same object read either way is the same `Extension`.
    pub(crate) fn from_valid_json(text: &str) -> Extension {
        Extension(compact(text).into())
    }

    /// The object's compact JSON text, as a plan file or a table's `x` column writes it.
    pub fn as_json(&self) -> &str {
        &self.0
    }

    /// The object as values (made each time: keep the map if it is read often).
    pub fn to_map(&self) -> Map<String, Value> {
        // The text was written from a map.
        serde_json::from_str(&self.0).unwrap_or_default()
    }
}

/// Valid JSON `text` as serde_json writes it compact: no white space between tokens, each
/// string with an escape written again as serde_json writes strings, and each number as
/// serde_json keeps it with `arbitrary_precision` (as written, but its exponent as `e`
/// with a sign: `1E5` is `1e+5`).
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let end = string_end(rest);
            let (string, after) = rest.split_at(end);
            if string.contains('\\') {
                // A string read and written again; one that cannot be read (it could not
                // have been read as valid JSON) is kept as it is.
                match serde_json::from_str::<String>(string).map(|s| serde_json::to_string(&s)) {
                    Ok(Ok(s)) => out.push_str(&s),
                    _ => out.push_str(string),
                }
            } else {
                out.push_str(string);
            }
            rest = after;
        } else if c == '-' || c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !matches!(c, '0'..='9' | '.' | 'e' | 'E' | '+' | '-'))
                .unwrap_or(rest.len());
            let (number, after) = rest.split_at(end);
            match number.split_once(['e', 'E']) {
                Some((digits, exponent)) => {
                    out.push_str(digits);
                    out.push('e');
                    if !exponent.starts_with(['+', '-']) {
                        out.push('+');
                    }
                    out.push_str(exponent);
                }
                None => out.push_str(number),
            }
            rest = after;
        } else {
            if !matches!(c, ' ' | '\t' | '\n' | '\r') {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Where the string that starts `text` (at its `"`) ends, after its closing quote.
fn string_end(text: &str) -> usize {
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate().skip(1) {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return i + 1,
            _ => {}
        }
    }
    text.len()
}

impl From<Map<String, Value>> for Extension {
    fn from(map: Map<String, Value>) -> Extension {
        Extension::new(&map)
    }
}

impl std::fmt::Debug for Extension {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Extension {
    /// Written as values, so that a plan file written pretty lays it out like the rest;
    /// the tree lives only while it is written.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_map().serialize(s)
    }
}

/// In a schema, an object of anything.
impl schemars::JsonSchema for Extension {
    fn inline_schema() -> bool {
        <Map<String, Value>>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <Map<String, Value>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <Map<String, Value>>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Map<String, Value>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::Extension;
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    /// Read from its text or made from its map, an object is the same `Extension`.
    fn both_ways(text: &str) -> (Extension, Extension) {
        let map: Map<String, Value> = serde_json::from_str(text).expect("an object");
        (Extension::from_valid_json(text), Extension::new(&map))
    }

    #[test]
    fn text_with_any_escapes_and_spaces_is_the_maps_text() {
        let text = r#" { "a" : "\u00e9\/x\"\\\n\u0001" ,
            "b\u0062" : [ 1 , 2.50 , -0 , 1e5 , 1E-7, 3.0E+2, -0.5e-0, true , null , { } , [ ] ] ,
            "c" : { "d" : "a b" } } "#;
        let (read, made) = both_ways(text);
        assert_eq!(read, made);
        assert_eq!(
            read.as_json(),
            r#"{"a":"é/x\"\\\n\u0001","bb":[1,2.50,-0,1e+5,1e-7,3.0e+2,-0.5e-0,true,null,{},[]],"c":{"d":"a b"}}"#
        );
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[ -~\u{0}-\u{1f}\u{7f}é漢😀\"\\\\/]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec(("[a-z\"\\\\é ]{0,4}", inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Written pretty, compact, or with every character past ASCII escaped, an object
        /// read from its text is the one made from its map.
        #[test]
        fn any_object_read_from_its_text_is_the_one_made_from_its_map(v in value()) {
            let map = match v {
                Value::Object(m) => m,
                other => [("v".to_string(), other)].into_iter().collect(),
            };
            let made = Extension::new(&map);
            let pretty = serde_json::to_string_pretty(&map).expect("written");
            let escaped: String = pretty
                .chars()
                .map(|c| if c.is_ascii() { c.to_string() } else {
                    c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("\\u{u:04x}")).collect()
                })
                .collect();
            for text in [pretty, escaped, made.as_json().to_string()] {
                prop_assert_eq!(&Extension::from_valid_json(&text), &made, "{}", text);
            }
        }
    }
}
