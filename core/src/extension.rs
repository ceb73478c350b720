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
