//! The plan file (`"format": "goldthread/1"`, SPEC §2), in one place: reading it with a
//! diagnostic for every problem, and writing it back so that a round trip gives the same
//! plan.
//!
//! - `scan/`: the fast path — the top level, budget lines and projects read by hand a
//!   window at a time; it gives up on anything unusual.
//! - `reader.rs`: the general reader, which reads everything the scan gives up on and
//!   names every problem with its JSON path.
//! - `line.rs`, `project.rs`: everything about a budget line and a project in one place —
//!   their fields, their scanner, how the general reader reads them, how they are written.
//! - `fields.rs`: the fields of the other objects; `write.rs`: how each value is written.
//! - this file: the entry points, the stream reader that keeps the big lists raw, and the
//!   plan written whole.

mod classification;
pub(crate) mod fields;
mod keys;
mod line;
mod project;
mod reader;
mod scan;
mod slots;
#[cfg(test)]
mod tests;
mod write;

pub use fields::FORMAT;
pub(crate) use scan::window::CHUNK;

use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::model::PlanData;
use fields::{PLAN_FIELDS, PLAN_LISTS};
use line::LineFile;
use project::ProjectFile;
use reader::Reader;
use scan::{scan_plan, scan_plan_from, Lists, ScannedPlan};
use serde::de::{Deserialize, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use slots::RawItems;
use slots::{Key, MapAndX};
use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use write::{opt, x, Each, GoalFile, OrgUnitFile, ProgramFile};

/// Reads plan text into [`PlanData`], collecting every document-level problem (E007, E008,
/// E009). Returns the data read so far even when there are errors, so that the semantic
/// checks can report their problems too.
pub(crate) fn read(text: &[u8], diags: &mut Diags) -> Option<PlanData> {
    // The usual case: the top level read by hand, the lines read as they are met.
    let max = diags.max_per_code();
    match std::str::from_utf8(text)
        .ok()
        .and_then(|text| scan_plan(text, max))
    {
        Some(plan) => Some(read_scanned(plan, diags)),
        None => read_stream(text, diags),
    }
}

/// [`read`] with its diagnostics listed (for tests).
#[cfg(test)]
pub(crate) fn read_listed(text: &[u8]) -> (Option<PlanData>, Vec<Diagnostic>) {
    let mut diags = Diags::default();
    let data = read(text, &mut diags);
    (data, diags.into_vec())
}

/// [`read_from`] with its diagnostics listed (for tests).
#[cfg(test)]
pub(crate) fn read_from_listed(
    file: &mut (impl Read + Seek),
    size: usize,
    chunk: usize,
) -> std::io::Result<(Option<PlanData>, Vec<Diagnostic>)> {
    let mut diags = Diags::default();
    let data = read_from(file, size, chunk, &mut diags)?;
    Ok((data, diags.into_vec()))
}

/// How much of a file is looked at before it is read whole.
pub(crate) const HEAD: usize = 64 << 10;

/// E008 for a text that does not start as a JSON object (after a BOM and white space):
/// named from its first bytes, before more is read.
pub(crate) fn not_an_object(head: &[u8]) -> Option<Diagnostic> {
    let b = *head
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(head)
        .iter()
        .find(|b| !b.is_ascii_whitespace())?;
    (b != b'{').then(|| {
        let mut d = Diagnostic::new(
            Code::E008,
            format!(
                "not a plan file: a plan is a JSON object, starting with `{{`, and this file starts with byte 0x{b:02x}"
            ),
        );
        d.line = Some(1);
        d
    })
}

/// [`read`] from a file of about `size` bytes, read a window of about `chunk` bytes at a
/// time (`scan/window.rs`) so that the text never sits in memory whole. A file the scan
/// gives up on is read again from where it started, whole, by [`read`]: a syntax error is
/// then scanned twice (rare, and only on the way to reporting it), and a read that failed
/// mid-file meets its error again.
pub(crate) fn read_from(
    file: &mut (impl Read + Seek),
    size: usize,
    chunk: usize,
    diags: &mut Diags,
) -> std::io::Result<Option<PlanData>> {
    let start = file.stream_position()?;
    if let Some(plan) = scan_plan_from(&mut *file, size, chunk, diags.max_per_code()) {
        return Ok(Some(read_scanned(plan, diags)));
    }
    file.seek(SeekFrom::Start(start))?;
    // A file that does not even start as a JSON object is named from its first bytes, not
    // read whole first (a 2 GB file of zero bytes).
    let mut head = Vec::new();
    (&mut *file).take(HEAD as u64).read_to_end(&mut head)?;
    if head.len() >= HEAD {
        if let Some(d) = not_an_object(&head) {
            diags.push(d);
            return Ok(None);
        }
    }
    file.seek(SeekFrom::Start(start))?;
    let mut text = Vec::with_capacity(size);
    file.read_to_end(&mut text)?;
    Ok(read(&text, diags))
}

/// The plan from what the scan read.
fn read_scanned(plan: ScannedPlan, diags: &mut Diags) -> PlanData {
    let mut reader = Reader::new(diags);
    let fields = MapAndX {
        map: &plan.rest,
        x: plan.x.as_deref(),
        unknown: &plan.unknown,
    };
    let obj = reader.open(&fields, String::new(), "the plan", PLAN_FIELDS, None);
    reader.plan_from(obj, plan.lists)
}

/// [`read`] without the hand-written top level: what reads every file the scan gives up
/// on, with serde's syntax errors.
fn read_stream(text: &[u8], diags: &mut Diags) -> Option<PlanData> {
    // A large file that is not even an object is named from its first byte (as a file
    // read a window at a time is, without reading it whole); a small one by the JSON
    // reader, with its line and column.
    if text.len() >= HEAD {
        if let Some(d) = not_an_object(text) {
            diags.push(d);
            return None;
        }
    }
    // A key repeated in one object would lose a value without a word.
    if let Some(d) = std::str::from_utf8(text)
        .ok()
        .and_then(keys::repeated_key_diagnostic)
    {
        diags.push(d);
        return None;
    }
    // A plan object is read as a stream: the budget lines (the bulk of any plan) are kept
    // as raw text and read field by field, never as a map per line.
    if text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        let mut de = serde_json::Deserializer::from_slice(text);
        let parsed = Top::deserialize(&mut de).and_then(|top| de.end().map(|()| top));
        match parsed {
            Ok(top) => {
                let mut reader = Reader::new(diags);
                let fields = MapAndX {
                    map: &top.rest,
                    x: top.x,
                    unknown: &top.unknown,
                };
                let obj = reader.open(&fields, String::new(), "the plan", PLAN_FIELDS, None);
                let mut lists = Lists::default();
                for (key, items) in top.lists {
                    lists.keep_raw(key, items);
                }
                let data = reader.plan_from(obj, lists);
                return Some(data);
            }
            Err(e) => {
                diags.push(syntax_error(&e));
                return None;
            }
        }
    }
    let value: Value = match serde_json::from_slice(text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(syntax_error(&e));
            return None;
        }
    };
    let data = Reader::new(diags).plan(&value);
    data
}

fn syntax_error(e: &serde_json::Error) -> Diagnostic {
    let mut d = Diagnostic::new(Code::E008, json_error(e));
    if e.line() > 0 {
        d.line = Some(e.line());
        d.column = Some(e.column());
    }
    d
}

/// What the JSON reader's error means, in the words of SPEC §8.
fn json_error(e: &serde_json::Error) -> String {
    if e.to_string().starts_with("recursion limit exceeded") {
        format!(
            "a value nests deeper than {MAX_DEPTH} levels of lists and objects; a plan never needs that many: flatten it"
        )
    } else {
        format!("not valid JSON: {e}")
    }
}

/// How deep lists and objects may nest in a plan file (the JSON reader's own limit, which
/// keeps its stack bounded).
pub const MAX_DEPTH: usize = 128;

/// The top level of a plan file as the stream reader keeps it: every field but the lists
/// of entities as values, those lists as raw JSON borrowed from the input.
struct Top<'de> {
    rest: Map<String, Value>,
    /// The keys of the fields a plan does not have (only the keys).
    unknown: Vec<Cow<'de, str>>,
    /// The plan's `x` as its text (never a tree of values: SPEC §8).
    x: Option<&'de str>,
    lists: Vec<(&'static str, RawItems<'de>)>,
}

impl<'de> Deserialize<'de> for Top<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a plan object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
                let mut top = Top {
                    rest: Map::new(),
                    unknown: Vec::new(),
                    x: None,
                    lists: Vec::new(),
                };
                // (A key given twice never gets here: `keys.rs` has named it.)
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if let Some(list) = PLAN_LISTS.iter().find(|k| **k == key.0) {
                        match map.next_value::<RawList<'de>>()? {
                            RawList::Items(items) => top.lists.push((list, items)),
                            RawList::Other(value) => {
                                top.rest.insert(key.0.into_owned(), value);
                            }
                        }
                    } else if key.0 == "x" {
                        let raw: &'de RawValue = map.next_value()?;
                        if slots::depth(raw.get()) > MAX_DEPTH {
                            // As the JSON reader names it (json_error), where the value
                            // ends.
                            return Err(A::Error::custom("recursion limit exceeded"));
                        }
                        top.x = Some(raw.get());
                        top.rest.insert(key.0.into_owned(), Value::Null);
                    } else if PLAN_FIELDS.contains(&&*key.0) {
                        // A text or a number (see slots::scalar_value).
                        let raw: &'de RawValue = map.next_value()?;
                        let value = slots::scalar_value(raw.get()).map_err(A::Error::custom)?;
                        top.rest.insert(key.0.into_owned(), value);
                    } else {
                        // Named as unknown by its key alone: its value is never held.
                        map.next_value::<IgnoredAny>()?;
                        top.unknown.push(key.0);
                    }
                }
                Ok(top)
            }
        }
        d.deserialize_map(V)
    }
}

/// A list kept as the raw JSON of its items, in one pass over the input; anything but a
/// list is kept as a value of the same JSON type, so that the general reader can say
/// what it is.
enum RawList<'de> {
    /// The text of each item (kept as the reader's raw items are, so that a list of
    /// tiny items is not held twice).
    Items(RawItems<'de>),
    Other(Value),
}

impl<'de> Deserialize<'de> for RawList<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawList<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawList<'de>, A::Error> {
                RawItems::read(seq).map(RawList::Items)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawList<'de>, A::Error> {
                // serde_json hands an exact number over as a one-entry map with a private
                // key; either way only the JSON type matters here.
                let mut number = false;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    number |= key.0.starts_with("$serde_json::private::Number");
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(RawList::Other(if number {
                    Value::Number(0.into())
                } else {
                    Value::Object(Map::new())
                }))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawList<'de>, E> {
                Ok(RawList::Other(Value::Number(v.into())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawList<'de>, E> {
                Ok(RawList::Other(Value::Number(v.into())))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<RawList<'de>, E> {
                Ok(RawList::Other(Value::Number(0.into())))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawList<'de>, E> {
                Ok(RawList::Other(Value::Bool(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawList<'de>, E> {
                Ok(RawList::Other(Value::String(v.to_string())))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<RawList<'de>, E> {
                Ok(RawList::Other(Value::Null))
            }
        }
        d.deserialize_any(V)
    }
}

/// The plan as a JSON value (for callers that want the tree).
pub(crate) fn to_value(data: &PlanData) -> Value {
    serde_json::to_value(PlanFile(data)).unwrap_or(Value::Null)
}

/// A plan as its file writes it: serialize it (`serde_json::to_writer_pretty`, …).
pub(crate) struct PlanFile<'a>(pub &'a PlanData);

impl Serialize for PlanFile<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let data = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("format", FORMAT)?;
        m.serialize_entry("name", &data.name)?;
        opt(&mut m, "currency", data.currency.as_deref())?;
        m.serialize_entry("precision", &data.precision)?;
        if !data.calendar.is_gregorian() {
            m.serialize_entry("calendar", data.calendar.as_str())?;
        }
        if let Some(start) = data.fiscal_year_start {
            m.serialize_entry("fiscal_year_start", &start.to_string())?;
        }
        if let Some(units) = &data.org_units {
            m.serialize_entry("org_units", &Each(units, OrgUnitFile))?;
        }
        m.serialize_entry("goals", &Each(&data.goals, GoalFile))?;
        m.serialize_entry("programs", &Each(&data.programs, ProgramFile))?;
        m.serialize_entry("projects", &Each(&data.projects, ProjectFile))?;
        m.serialize_entry("budget_lines", &Each(&data.budget_lines, LineFile))?;
        if !data.classifications.is_empty() {
            let each = Each(&data.classifications, classification::ClassificationFile);
            m.serialize_entry("classifications", &each)?;
        }
        x(&mut m, data.x.as_ref())?;
        m.end()
    }
}
