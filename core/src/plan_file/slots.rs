//! The fields of one object as the general reader asks for them ([`Fields`]): a parsed
//! map's, or an entity's read from its text with each list kept as the raw text of its
//! items ([`Slots`]), so that a list is read one item at a time: a program with a hundred
//! thousand goal links, or a classification with as many tags, is never one tree of
//! values (some 45 times its text; SPEC §8). A large object in a field (a schedule, a
//! status, a measure, or an object where a text belongs) is kept as its text likewise,
//! and a field the entity does not have as its key only.

use super::MAX_DEPTH;
use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::sync::LazyLock;

/// The fields of one JSON object: a parsed map, or the fields of a budget line read
/// straight from the stream (`line.rs`).
pub(super) trait Fields {
    fn get(&self, key: &str) -> Option<&Value>;
    /// The keys that are not among `known`, in the order written (fields read from text
    /// keep only those already).
    fn unknown<'a>(&'a self, known: &'a [&'a str]) -> Box<dyn Iterator<Item = &'a str> + 'a>;
    /// The list at `key` as the text of its items, where the fields keep lists so
    /// (`slots.rs`); its value is then an empty list.
    fn items(&self, _key: &str) -> Option<&RawItems<'_>> {
        None
    }
    /// The field at `key` as its JSON text, where the fields keep it so (`x`); its value
    /// is then absent.
    fn text(&self, _key: &str) -> Option<&str> {
        None
    }
    /// The large object at `key` as its text, where the fields keep it so; its value is
    /// then an empty object.
    fn object(&self, _key: &str) -> Option<&str> {
        None
    }
}

/// A parsed map's fields with its `x` kept as text and the keys of its unknown fields
/// apart (the top level of a plan, whose `x` may be large, and whose unknown fields are
/// never read).
pub(super) struct MapAndX<'a> {
    pub map: &'a Map<String, Value>,
    pub x: Option<&'a str>,
    pub unknown: &'a [Cow<'a, str>],
}

impl Fields for MapAndX<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|_| key != "x" || self.x.is_none())
    }

    fn unknown<'a>(&'a self, known: &'a [&'a str]) -> Box<dyn Iterator<Item = &'a str> + 'a> {
        Box::new(
            self.map
                .unknown(known)
                .chain(self.unknown.iter().map(|k| &**k)),
        )
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.x.filter(|_| key == "x")
    }
}

impl Fields for Map<String, Value> {
    fn get(&self, key: &str) -> Option<&Value> {
        Map::get(self, key)
    }

    fn unknown<'a>(&'a self, known: &'a [&'a str]) -> Box<dyn Iterator<Item = &'a str> + 'a> {
        Box::new(
            self.keys()
                .map(String::as_str)
                .filter(|k| !known.contains(k)),
        )
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

/// The text of each item of a list, kept in blocks of a fixed number: a list of a million
/// tiny items (`{}`) grows without being copied, where a vector grown by doubling holds its
/// old room and its new at once (16 bytes an item, 3 of text: 11 times the text at the
/// last doubling; 6 so).
#[derive(Default)]
pub(crate) struct RawItems<'a> {
    blocks: Vec<Vec<&'a str>>,
}

impl<'a> RawItems<'a> {
    const BLOCK: usize = 4096;

    pub fn push(&mut self, item: &'a str) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < Self::BLOCK => block.push(item),
            _ => {
                let mut block = Vec::with_capacity(Self::BLOCK);
                block.push(item);
                self.blocks.push(block);
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &&'a str> {
        self.blocks.iter().flatten()
    }

    pub fn len(&self) -> usize {
        self.blocks.iter().map(Vec::len).sum()
    }

    /// The text of each item of the list `seq` reads.
    pub fn read<A: SeqAccess<'a>>(mut seq: A) -> Result<RawItems<'a>, A::Error> {
        let mut items = RawItems::default();
        while let Some(item) = seq.next_element::<&'a RawValue>()? {
            items.push(item.get());
        }
        Ok(items)
    }
}

impl<'de> Deserialize<'de> for RawItems<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawItems<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawItems<'de>, A::Error> {
                RawItems::read(seq)
            }
        }
        d.deserialize_seq(V)
    }
}

/// An object's known fields in the order written: lists as their items' text, large
/// objects as their text, `x` as its text, the rest as values (small: texts, numbers);
/// and the keys of the fields it should not have.
pub(super) struct Slots<'de> {
    fields: Vec<(Key<'de>, Slot<'de>)>,
    unknown: Vec<Key<'de>>,
}

enum Slot<'de> {
    Value(Value),
    Items(RawItems<'de>),
    /// `x`: the user's own, read into its compact text, never a tree.
    Text(&'de RawValue),
    /// An object of `SMALL` bytes or more, read from its text where it is read.
    Object(&'de RawValue),
}

/// Below so many bytes an object is read as a value: its tree takes at most some 70 times
/// that while it is read, and is made faster than its slots.
pub(super) const SMALL: usize = 4096;

/// What a list's field is as a value: a list (its items are read from `items`).
pub(super) static A_LIST: Value = Value::Array(Vec::new());

/// What a large object's field is as a value: an object (its fields are read from
/// `object`).
static AN_OBJECT: LazyLock<Value> = LazyLock::new(|| Value::Object(Map::new()));

/// The value of a field read as a text, a number or a boolean, from its text: a list or
/// an object of `SMALL` bytes or more is an empty one, since its JSON type is all that is
/// said of it there, and no such field makes a tree of values (one nested deeper than the
/// JSON reader goes is its error, as ever).
pub(super) fn scalar_value(text: &str) -> serde_json::Result<Value> {
    // A string without escapes (the JSON reader has read the text: it is valid) is the
    // text between its quotes: no second parse for the fields most lines have.
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        if !inner.contains('\\') {
            return Ok(Value::String(inner.to_string()));
        }
    }
    if text.len() >= SMALL && depth(text) <= MAX_DEPTH {
        match text.as_bytes().first() {
            Some(b'[') => return Ok(Value::Array(Vec::new())),
            Some(b'{') => return Ok(Value::Object(Map::new())),
            _ => {}
        }
    }
    serde_json::from_str(text)
}

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
        let mut de = serde_json::Deserializer::from_str(text);
        let (raw, unknown) = RawFields(known).deserialize(&mut de).ok()?;
        let mut fields = Vec::with_capacity(raw.len());
        for (key, value) in raw {
            let text = value.get();
            // A value the JSON reader could not hold (nested too deep) is named as it
            // always was, by the caller.
            let (shallow, first) = (depth(text) <= MAX_DEPTH, text.as_bytes().first());
            let slot = match first {
                _ if key.0 == "x" && shallow => Slot::Text(value),
                Some(b'[') if shallow => Slot::Items(serde_json::from_str(text).ok()?),
                Some(b'{') if shallow && text.len() >= SMALL => Slot::Object(value),
                _ => Slot::Value(serde_json::from_str(text).ok()?),
            };
            fields.push((key, slot));
        }
        Some(Slots { fields, unknown })
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
            Slot::Object(_) => Some(&AN_OBJECT),
            Slot::Text(_) => None,
        }
    }

    fn unknown<'a>(&'a self, _known: &'a [&'a str]) -> Box<dyn Iterator<Item = &'a str> + 'a> {
        Box::new(self.unknown.iter().map(|k| &*k.0))
    }

    fn items(&self, key: &str) -> Option<&RawItems<'_>> {
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

    fn object(&self, key: &str) -> Option<&str> {
        match self.slot(key)? {
            Slot::Object(text) => Some(text.get()),
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

/// Reads an object's fields among the known ones as raw text, in the order written, and
/// of the others their keys only (their values are never read).
struct RawFields<'k>(&'k [&'k str]);

type Raw<'de> = (Vec<(Key<'de>, &'de RawValue)>, Vec<Key<'de>>);

impl<'de> DeserializeSeed<'de> for RawFields<'_> {
    type Value = Raw<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Raw<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RawFields<'_> {
    type Value = Raw<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
        let (mut fields, mut unknown) = (Vec::new(), Vec::new());
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if self.0.contains(&&*key.0) {
                fields.push((key, map.next_value()?));
            } else {
                // Named by its key; one nested deeper than the JSON reader goes sends the
                // entity to be read as a value, which names that as ever.
                let raw: &RawValue = map.next_value()?;
                if depth(raw.get()) > MAX_DEPTH {
                    return Err(serde::de::Error::custom("recursion limit exceeded"));
                }
                unknown.push(key);
            }
        }
        Ok((fields, unknown))
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
