//! The fields of one object as the general reader asks for them ([`Fields`]): a parsed
//! map's, or an entity's read from its text with each list kept as the raw text of its
//! items ([`Slots`]), so that a list is read one item at a time: a program with a hundred
//! thousand goal links, or a classification with as many tags, is never one tree of
//! values (some 45 times its text; SPEC §8).

use super::MAX_DEPTH;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// The fields of one JSON object: a parsed map, or the fields of a budget line read
/// straight from the stream (`line.rs`).
pub(super) trait Fields {
    fn get(&self, key: &str) -> Option<&Value>;
    /// The keys that are not among `known`, in the order written.
    fn unknown(&self, known: &[&str]) -> Vec<String>;
    /// The list at `key` as the text of its items, where the fields keep lists so
    /// (`slots.rs`); its value is then an empty list.
    fn items(&self, _key: &str) -> Option<&[&RawValue]> {
        None
    }
    /// The field at `key` as its JSON text, where the fields keep it so (`x`); its value
    /// is then absent.
    fn text(&self, _key: &str) -> Option<&str> {
        None
    }
}

/// A parsed map's fields with its `x` kept as text (the top level of a plan, whose `x`
/// may be large).
pub(super) struct MapAndX<'a> {
    pub map: &'a Map<String, Value>,
    pub x: Option<&'a str>,
}

impl Fields for MapAndX<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|_| key != "x" || self.x.is_none())
    }

    fn unknown(&self, known: &[&str]) -> Vec<String> {
        self.map.unknown(known)
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.x.filter(|_| key == "x")
    }
}

impl Fields for Map<String, Value> {
    fn get(&self, key: &str) -> Option<&Value> {
        Map::get(self, key)
    }

    fn unknown(&self, known: &[&str]) -> Vec<String> {
        self.keys()
            .filter(|k| !known.contains(&k.as_str()))
            .cloned()
            .collect()
    }
}

/// A map key, borrowed from the input where it has no escapes.
pub(super) struct Key<'de>(pub(super) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// An object's fields in the order written: lists as their items' text, the rest as
/// values (small: texts, numbers, a status, a schedule, `x`).
pub(super) struct Slots<'de> {
    fields: Vec<(Key<'de>, Slot<'de>)>,
}

enum Slot<'de> {
    Value(Value),
    Items(Vec<&'de RawValue>),
    /// `x` (the user's own, read into its compact text, never a tree) or a field that is
    /// not known (named by its key only), kept as its text.
    Text(&'de RawValue),
}

/// Below so many bytes an object is read as a value: its tree takes at most some 70 times
/// that while it is read, and is made faster than its slots.
pub(super) const SMALL: usize = 4096;

/// What a list's field is as a value: a list (its items are read from `items`).
pub(super) static A_LIST: Value = Value::Array(Vec::new());

impl<'de> Slots<'de> {
    /// The fields of the object `text` (valid JSON: the stream reader read it), of which
    /// those not among `known` are named by their key only (their value is never read);
    /// `None` where the caller reads it as a value instead: where it is small (a tree of
    /// it is small too, and quicker to make), not an object, or holds a value the JSON
    /// reader cannot (nested too deep; reading it as a value names that).
    pub fn read(text: &'de str, known: &[&str]) -> Option<Slots<'de>> {
        if text.len() < SMALL {
            return None;
        }
        let raw = serde_json::from_str::<RawFields>(text).ok()?;
        let mut fields = Vec::with_capacity(raw.0.len());
        for (key, value) in raw.0 {
            let text = value.get();
            // A list the JSON reader could not hold as values (nested too deep) is named
            // as it always was, by the caller.
            let slot = if (key.0 == "x" || !known.contains(&&*key.0)) && depth(text) <= MAX_DEPTH {
                Slot::Text(value)
            } else if text.starts_with('[') && depth(text) <= MAX_DEPTH {
                Slot::Items(serde_json::from_str(text).ok()?)
            } else {
                Slot::Value(serde_json::from_str(text).ok()?)
            };
            fields.push((key, slot));
        }
        Some(Slots { fields })
    }

    fn slot(&self, key: &str) -> Option<&Slot<'de>> {
        self.fields
            .iter()
            .find(|(k, _)| k.0 == key)
            .map(|(_, slot)| slot)
    }
}

impl Fields for Slots<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        match self.slot(key)? {
            Slot::Value(v) => Some(v),
            Slot::Items(_) => Some(&A_LIST),
            Slot::Text(_) => None,
        }
    }

    fn unknown(&self, known: &[&str]) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| !known.contains(&&*k.0))
            .map(|(k, _)| k.0.to_string())
            .collect()
    }

    fn items(&self, key: &str) -> Option<&[&RawValue]> {
        match self.slot(key)? {
            Slot::Items(items) => Some(items),
            _ => None,
        }
    }

    fn text(&self, key: &str) -> Option<&str> {
        match self.slot(key)? {
            Slot::Text(text) => Some(text.get()),
            _ => None,
        }
    }
}

/// How deep lists and objects nest in the JSON `text` (its raw items are not checked by
/// the JSON reader's depth limit, its values are).
pub(super) fn depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// An object's fields as raw text, in the order written.
struct RawFields<'de>(Vec<(Key<'de>, &'de RawValue)>);

impl<'de> Deserialize<'de> for RawFields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawFields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFields<'de>, A::Error> {
                let mut fields = Vec::new();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    fields.push((key, map.next_value()?));
                }
                Ok(RawFields(fields))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn depth_counts_lists_and_objects_not_brackets_in_strings() {
        assert_eq!(super::depth(r#"[]"#), 1);
        assert_eq!(super::depth(r#"[{"a":[1]},{}]"#), 3);
        assert_eq!(super::depth(r#"["[[[", "\"[{"]"#), 1);
    }
}
