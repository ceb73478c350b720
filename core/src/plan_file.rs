//! The plan file (`"format": "goldthread/1"`, SPEC §2): reading with a diagnostic for every
//! problem, and writing back so that a round trip gives the same plan.

use crate::amount::{parse_amount, parse_decimal, NumberError};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic};
use crate::line_scan::scan_line;
use crate::model::*;
use crate::plan_scan::{scan_plan, scan_plan_from, Items, ScannedPlan};
use crate::project_scan::scan_project;
use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};

/// The format tag of a plan file.
pub const FORMAT: &str = "goldthread/1";

/// The largest `precision` accepted: more places than any currency has.
pub const MAX_PRECISION: u32 = 6;

/// Reads plan text into [`PlanData`], collecting every document-level problem (E007, E008,
/// E009). Returns the data read so far even when there are errors, so that the semantic
/// checks can report their problems too.
pub(crate) fn read(text: &[u8]) -> (Option<PlanData>, Vec<Diagnostic>) {
    // The usual case: the top level read by hand, the lines read as they are met.
    match std::str::from_utf8(text).ok().and_then(scan_plan) {
        Some(plan) => read_scanned(plan),
        None => read_stream(text),
    }
}

/// [`read`] from a file of about `size` bytes, read a window of about `chunk` bytes at a
/// time ([`crate::window`]) so that the text never sits in memory whole. A file the scan
/// gives up on is read again from where it started, whole, by [`read`]: a syntax error is
/// then scanned twice (rare, and only on the way to reporting it), and a read that failed
/// mid-file meets its error again.
pub(crate) fn read_from(
    file: &mut (impl Read + Seek),
    size: usize,
    chunk: usize,
) -> std::io::Result<(Option<PlanData>, Vec<Diagnostic>)> {
    let start = file.stream_position()?;
    if let Some(plan) = scan_plan_from(&mut *file, size, chunk) {
        return Ok(read_scanned(plan));
    }
    file.seek(SeekFrom::Start(start))?;
    let mut text = Vec::with_capacity(size);
    file.read_to_end(&mut text)?;
    Ok(read(&text))
}

/// The plan from what the scan read.
fn read_scanned(plan: ScannedPlan) -> (Option<PlanData>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut reader = Reader {
        diags: &mut diags,
        precision: 2,
    };
    let obj = reader.open(&plan.rest, String::new(), "the plan", PLAN_FIELDS, None);
    let data = reader.plan_from(obj, plan.lines, plan.projects);
    (Some(data), diags)
}

/// [`read`] without the hand-written top level: what reads every file the scan gives up
/// on, with serde's syntax errors.
fn read_stream(text: &[u8]) -> (Option<PlanData>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // A plan object is read as a stream: the budget lines (the bulk of any plan) are kept
    // as raw text and read field by field, never as a map per line.
    if text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        let mut de = serde_json::Deserializer::from_slice(text);
        let parsed = Top::deserialize(&mut de).and_then(|top| de.end().map(|()| top));
        match parsed {
            Ok(top) => {
                let mut reader = Reader {
                    diags: &mut diags,
                    precision: 2,
                };
                let obj = reader.open(&top.rest, String::new(), "the plan", PLAN_FIELDS, None);
                let lines = top.lines.map(|items| Items::Raw(raw_texts(items)));
                let projects = top.projects.map(|items| Items::Raw(raw_texts(items)));
                let data = reader.plan_from(obj, lines, projects);
                return (Some(data), diags);
            }
            Err(e) => {
                diags.push(syntax_error(&e));
                return (None, diags);
            }
        }
    }
    let value: Value = match serde_json::from_slice(text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(syntax_error(&e));
            return (None, diags);
        }
    };
    let data = Reader {
        diags: &mut diags,
        precision: 2,
    }
    .plan(&value);
    (data, diags)
}

/// The texts of raw JSON items.
fn raw_texts(items: Vec<&RawValue>) -> Vec<Cow<'_, str>> {
    items
        .into_iter()
        .map(|raw| Cow::Borrowed(raw.get()))
        .collect()
}

fn syntax_error(e: &serde_json::Error) -> Diagnostic {
    let mut d = Diagnostic::new(Code::E008, format!("not valid JSON: {e}"));
    if e.line() > 0 {
        d.line = Some(e.line());
        d.column = Some(e.column());
    }
    d
}

/// The top level of a plan file as the stream reader keeps it: every field but the budget
/// lines and the projects as values, those two lists as raw JSON borrowed from the input.
struct Top<'de> {
    rest: Map<String, Value>,
    lines: Option<Vec<&'de RawValue>>,
    projects: Option<Vec<&'de RawValue>>,
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
                    lines: None,
                    projects: None,
                };
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let raw = match &*key.0 {
                        "budget_lines" => Some(&mut top.lines),
                        "projects" => Some(&mut top.projects),
                        _ => None,
                    };
                    if let Some(slot) = raw {
                        // A duplicate key: the last one wins, as in any JSON map.
                        top.rest.remove(&*key.0);
                        *slot = None;
                        match map.next_value::<RawList<'de>>()? {
                            RawList::Items(items) => *slot = Some(items),
                            RawList::Other(value) => {
                                top.rest.insert(key.0.into_owned(), value);
                            }
                        }
                    } else {
                        let value: Value = map.next_value()?;
                        top.rest.insert(key.0.into_owned(), value);
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
    Items(Vec<&'de RawValue>),
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
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawList<'de>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element::<&'de RawValue>()? {
                    items.push(item);
                }
                Ok(RawList::Items(items))
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

/// A map key, borrowed from the input where it has no escapes.
struct Key<'de>(Cow<'de, str>);

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

/// The fields of one budget line, read from the stream into slots by name: no map, no
/// key strings, one value per field.
struct LineFields {
    slots: [Option<Value>; LINE_FIELDS.len()],
    unknown: Vec<String>,
}

impl Fields for LineFields {
    fn get(&self, key: &str) -> Option<&Value> {
        let i = LINE_FIELDS.iter().position(|k| *k == key)?;
        self.slots[i].as_ref()
    }

    fn unknown(&self, _known: &[&str]) -> Vec<String> {
        self.unknown.clone()
    }
}

impl<'de> Deserialize<'de> for LineFields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LineFields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a budget line object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LineFields, A::Error> {
                let mut fields = LineFields {
                    slots: Default::default(),
                    unknown: Vec::new(),
                };
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match LINE_FIELDS.iter().position(|k| *k == key.0) {
                        Some(i) => fields.slots[i] = Some(map.next_value()?),
                        None => {
                            map.next_value::<IgnoredAny>()?;
                            if !fields.unknown.iter().any(|k| *k == key.0) {
                                fields.unknown.push(key.0.into_owned());
                            }
                        }
                    }
                }
                Ok(fields)
            }
        }
        d.deserialize_map(V)
    }
}

/// A well-formed budget line, read straight into typed fields. Any surprise makes the
/// deserializer fail, and the caller falls back to the general reader.
struct FastLine<'de> {
    id: Option<CompactString>,
    name: Option<CompactString>,
    year: Option<CompactString>,
    org_unit: Option<CompactString>,
    category: Option<CompactString>,
    revenue: bool,
    amounts: [Option<Cow<'de, str>>; 5],
    funds: Vec<Funding>,
    x: Option<Map<String, Value>>,
}

/// A JSON string or null, and nothing else (numbers, with serde_json's exact numbers,
/// arrive as maps and are refused).
struct FastStr<'de>(Option<Cow<'de, str>>);

impl<'de> Deserialize<'de> for FastStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FastStr<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or null")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<FastStr<'de>, E> {
                Ok(FastStr(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FastStr<'de>, E> {
                Ok(FastStr(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<FastStr<'de>, E> {
                Ok(FastStr(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// One funding link: exactly one of `project` and `program`, and maybe a share.
struct FastLink(Funding);

impl<'de> Deserialize<'de> for FastLink {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FastLink;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a funding link")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FastLink, A::Error> {
                let (mut target, mut share) = (None, None);
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let value = map.next_value::<FastStr<'de>>()?.0;
                    let unusual = || A::Error::custom("unusual funding link");
                    match (&*key.0, value) {
                        ("project", Some(v)) if target.is_none() => {
                            target = Some(FundTarget::Project(v.as_ref().into()))
                        }
                        ("program", Some(v)) if target.is_none() => {
                            target = Some(FundTarget::Program(v.as_ref().into()))
                        }
                        ("share", v) if share.is_none() => share = Some(v),
                        _ => return Err(unusual()),
                    }
                }
                let share = match share.flatten() {
                    Some(text) => {
                        Some(parse_decimal(&text).map_err(|_| A::Error::custom("not a decimal"))?)
                    }
                    None => None,
                };
                match target {
                    Some(target) => Ok(FastLink(Funding { target, share })),
                    None => Err(A::Error::custom("no target")),
                }
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for FastLine<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FastLine<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a budget line")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FastLine<'de>, A::Error> {
                let mut line = FastLine {
                    id: None,
                    name: None,
                    year: None,
                    org_unit: None,
                    category: None,
                    revenue: false,
                    amounts: Default::default(),
                    funds: Vec::new(),
                    x: None,
                };
                let mut seen = [false; LINE_FIELDS.len()];
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let Some(k) = LINE_FIELDS.iter().position(|f| *f == key.0) else {
                        return Err(A::Error::custom("unknown field"));
                    };
                    if std::mem::replace(&mut seen[k], true) {
                        return Err(A::Error::custom("duplicate field"));
                    }
                    let text = |v: FastStr<'de>| v.0.map(|t| CompactString::from(t.as_ref()));
                    match LINE_FIELDS[k] {
                        "id" => line.id = text(map.next_value()?),
                        "name" => line.name = text(map.next_value()?),
                        "year" => line.year = text(map.next_value()?),
                        "org_unit" => line.org_unit = text(map.next_value()?),
                        "category" => line.category = text(map.next_value()?),
                        "direction" => {
                            line.revenue = match map.next_value::<FastStr<'de>>()?.0.as_deref() {
                                None | Some("expenditure") => false,
                                Some("revenue") => true,
                                Some(_) => return Err(A::Error::custom("direction")),
                            }
                        }
                        "funds" => {
                            let links = map.next_value::<Vec<FastLink>>()?;
                            line.funds = links.into_iter().map(|l| l.0).collect();
                            // Exact length: a pushed vector reserves room for four.
                            line.funds.shrink_to_fit();
                        }
                        "x" => line.x = Some(map.next_value()?),
                        phase => {
                            let slot = phase
                                .parse::<Phase>()
                                .ok()
                                .and_then(|p| Phase::ALL.iter().position(|q| *q == p))
                                .ok_or_else(|| A::Error::custom("field"))?;
                            line.amounts[slot] = map.next_value::<FastStr<'de>>()?.0;
                        }
                    }
                }
                Ok(line)
            }
        }
        d.deserialize_map(V)
    }
}

impl FastLine<'_> {
    /// The line, if everything in it is as the plan file rules want it; `None` sends it to
    /// the general reader, which explains what is wrong.
    fn into_line(self, precision: u32) -> Option<BudgetLine> {
        let required = |s: &Option<CompactString>| s.as_ref().is_some_and(|v| !v.trim().is_empty());
        if !required(&self.id) || !required(&self.year) {
            return None;
        }
        let mut amounts = [None; 5];
        for (slot, text) in amounts.iter_mut().zip(&self.amounts) {
            if let Some(t) = text {
                *slot = Some(parse_amount(t, precision).ok()?);
            }
        }
        let [proposed, amount, revised, committed, spent] = amounts;
        Some(BudgetLine {
            id: self.id?,
            name: self.name,
            year: self.year?,
            org_unit: self.org_unit,
            category: self.category,
            direction: if self.revenue {
                Direction::Revenue
            } else {
                Direction::Expenditure
            },
            proposed,
            amount: amount?,
            revised,
            committed,
            spent,
            funds: self.funds,
            x: self.x.map(Box::new),
        })
    }
}

/// A well-formed project, read straight into typed fields; as with [`FastLine`], any
/// surprise sends it to the general reader.
#[derive(Default)]
struct FastProject<'de> {
    id: Option<String>,
    name: Option<String>,
    tier: Option<String>,
    org_unit: Option<String>,
    tags: Vec<String>,
    programs: Vec<(String, Option<Cow<'de, str>>)>,
    /// start, finish
    schedule: Option<[Cow<'de, str>; 2]>,
    estimate: Option<Cow<'de, str>>,
    /// as_of, percent_complete, actual_cost
    status: Option<[Cow<'de, str>; 3]>,
    x: Option<Map<String, Value>>,
}

/// A JSON string, and nothing else.
struct FastText<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for FastText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match FastStr::deserialize(d)?.0 {
            Some(t) => Ok(FastText(t)),
            None => Err(D::Error::custom("null")),
        }
    }
}

/// An object of string fields with exactly the keys `N` names (schedule, status), or null.
struct FastFields<'de, const N: usize>(Option<[Cow<'de, str>; N]>);

impl<'de, const N: usize> FastFields<'de, N> {
    fn read<A: MapAccess<'de>>(mut map: A, names: &[&str]) -> Result<Self, A::Error> {
        let mut slots: [Option<Cow<'de, str>>; N] = std::array::from_fn(|_| None);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let k = names
                .iter()
                .position(|n| *n == key.0)
                .filter(|k| *k < N)
                .ok_or_else(|| A::Error::custom("field"))?;
            if slots[k].is_some() {
                return Err(A::Error::custom("duplicate field"));
            }
            slots[k] = Some(map.next_value::<FastText<'de>>()?.0);
        }
        if slots.iter().any(Option::is_none) {
            return Err(A::Error::custom("missing field"));
        }
        Ok(FastFields(Some(slots.map(Option::unwrap_or_default))))
    }
}

/// Reads `FastFields` for the field list `names`.
fn fast_fields<'de, D: Deserializer<'de>, const N: usize>(
    d: D,
    names: &'static [&'static str],
) -> Result<FastFields<'de, N>, D::Error> {
    struct V<const N: usize>(&'static [&'static str]);
    impl<'de, const N: usize> Visitor<'de> for V<N> {
        type Value = FastFields<'de, N>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of strings")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            FastFields::read(map, self.0)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(FastFields(None))
        }
    }
    d.deserialize_any(V::<N>(names))
}

struct FastSchedule<'de>(Option<[Cow<'de, str>; 2]>);

impl<'de> Deserialize<'de> for FastSchedule<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(FastSchedule(fast_fields::<D, 2>(d, SCHEDULE_FIELDS)?.0))
    }
}

struct FastStatus<'de>(Option<[Cow<'de, str>; 3]>);

impl<'de> Deserialize<'de> for FastStatus<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(FastStatus(fast_fields::<D, 3>(d, STATUS_FIELDS)?.0))
    }
}

/// One program link of a project: a `program` and maybe a share.
struct FastProgramLink<'de>(String, Option<Cow<'de, str>>);

impl<'de> Deserialize<'de> for FastProgramLink<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FastProgramLink<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a program link")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let (mut program, mut share) = (None, None);
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let value = map.next_value::<FastStr<'de>>()?.0;
                    match (&*key.0, value) {
                        ("program", Some(v)) if program.is_none() => program = Some(v),
                        ("share", v) if share.is_none() => share = Some(v),
                        _ => return Err(A::Error::custom("unusual program link")),
                    }
                }
                match program {
                    Some(p) if !p.trim().is_empty() => {
                        Ok(FastProgramLink(p.into_owned(), share.flatten()))
                    }
                    _ => Err(A::Error::custom("no program")),
                }
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for FastProject<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FastProject<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a project")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut p = FastProject::default();
                let mut seen = [false; PROJECT_FIELDS.len()];
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let Some(k) = PROJECT_FIELDS.iter().position(|f| *f == key.0) else {
                        return Err(A::Error::custom("unknown field"));
                    };
                    if std::mem::replace(&mut seen[k], true) {
                        return Err(A::Error::custom("duplicate field"));
                    }
                    let text = |v: FastStr<'de>| v.0.map(Cow::into_owned);
                    match PROJECT_FIELDS[k] {
                        "id" => p.id = text(map.next_value()?),
                        "name" => p.name = text(map.next_value()?),
                        "tier" => p.tier = text(map.next_value()?),
                        "org_unit" => p.org_unit = text(map.next_value()?),
                        "tags" => {
                            p.tags = map
                                .next_value::<Vec<FastText<'de>>>()?
                                .into_iter()
                                .map(|t| t.0.into_owned())
                                .collect()
                        }
                        "programs" => {
                            p.programs = map
                                .next_value::<Vec<FastProgramLink<'de>>>()?
                                .into_iter()
                                .map(|l| (l.0, l.1))
                                .collect()
                        }
                        "schedule" => p.schedule = map.next_value::<FastSchedule<'de>>()?.0,
                        "estimate" => p.estimate = map.next_value::<FastStr<'de>>()?.0,
                        "status" => p.status = map.next_value::<FastStatus<'de>>()?.0,
                        "x" => p.x = Some(map.next_value()?),
                        _ => return Err(A::Error::custom("field")),
                    }
                }
                Ok(p)
            }
        }
        d.deserialize_map(V)
    }
}

impl FastProject<'_> {
    /// The project, if everything in it is as the plan file rules want it; `None` sends it
    /// to the general reader, which explains what is wrong.
    fn into_project(self, precision: u32) -> Option<Project> {
        let required = |s: &Option<String>| s.as_ref().is_some_and(|v| !v.trim().is_empty());
        if !required(&self.id) || !required(&self.name) {
            return None;
        }
        let mut programs = Vec::with_capacity(self.programs.len());
        for (program, share) in self.programs {
            let share = match share {
                Some(t) => Some(parse_decimal(&t).ok()?),
                None => None,
            };
            programs.push(ProgramLink { program, share });
        }
        let schedule = match self.schedule {
            Some([start, finish]) => {
                let (start, finish) = (Date::parse(&start)?, Date::parse(&finish)?);
                if finish < start {
                    return None;
                }
                Some(Schedule { start, finish })
            }
            None => None,
        };
        let estimate = match self.estimate {
            Some(t) => Some(parse_amount(&t, precision).ok()?),
            None => None,
        };
        let status = match self.status {
            Some([as_of, percent, cost]) => {
                let percent_complete = parse_decimal(&percent).ok()?;
                if percent_complete < Decimal::ZERO || percent_complete > Decimal::ONE {
                    return None;
                }
                Some(Status {
                    as_of: Date::parse(&as_of)?,
                    percent_complete,
                    actual_cost: parse_amount(&cost, precision).ok()?,
                })
            }
            None => None,
        };
        Some(Project {
            id: self.id?,
            name: self.name?,
            tier: self.tier,
            org_unit: self.org_unit,
            tags: self.tags,
            programs,
            schedule,
            estimate,
            status,
            x: self.x,
        })
    }
}

/// Walks a JSON value, turning it into entities and every problem into a diagnostic.
struct Reader<'d> {
    diags: &'d mut Vec<Diagnostic>,
    precision: u32,
}

/// The fields of one JSON object: a parsed map, or the fields of a budget line read
/// straight from the stream (see [`LineFields`]).
trait Fields {
    fn get(&self, key: &str) -> Option<&Value>;
    /// The keys that are not among `known`, in the order written.
    fn unknown(&self, known: &[&str]) -> Vec<String>;
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

/// One JSON object being read: its fields, its path, and the entity it belongs to.
struct Obj<'v> {
    map: &'v dyn Fields,
    path: String,
    entity: Option<String>,
    what: String,
}

const PLAN_FIELDS: &[&str] = &[
    "format",
    "name",
    "currency",
    "precision",
    "org_units",
    "goals",
    "programs",
    "projects",
    "budget_lines",
    "x",
];
const ORG_UNIT_FIELDS: &[&str] = &["id", "name", "kind", "parent", "x"];
const GOAL_FIELDS: &[&str] = &["id", "name", "parent", "indicators", "x"];
const INDICATOR_FIELDS: &[&str] = &[
    "id",
    "name",
    "unit",
    "baseline",
    "target",
    "actuals",
    "ascending",
    "x",
];
const MEASURE_FIELDS: &[&str] = &["value", "year"];
const PROGRAM_FIELDS: &[&str] = &[
    "id",
    "name",
    "start",
    "end",
    "owner",
    "goals",
    "indicators",
    "x",
];
const GOAL_LINK_FIELDS: &[&str] = &["goal", "share"];
pub(crate) const PROJECT_FIELDS: &[&str] = &[
    "id", "name", "tier", "org_unit", "tags", "programs", "schedule", "estimate", "status", "x",
];
const PROGRAM_LINK_FIELDS: &[&str] = &["program", "share"];
const SCHEDULE_FIELDS: &[&str] = &["start", "finish"];
const STATUS_FIELDS: &[&str] = &["as_of", "percent_complete", "actual_cost"];
pub(crate) const LINE_FIELDS: &[&str] = &[
    "id",
    "name",
    "year",
    "org_unit",
    "category",
    "direction",
    "proposed",
    "amount",
    "revised",
    "committed",
    "spent",
    "funds",
    "x",
];
const FUNDING_FIELDS: &[&str] = &["project", "program", "share"];

impl<'v> Obj<'v> {
    fn field_path(&self, key: &str) -> String {
        format!("{}/{}", self.path, escape_pointer(key))
    }
}

/// Escapes a key for a JSON pointer (RFC 6901).
fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Reader<'_> {
    fn push(&mut self, code: Code, obj: &Obj, field: Option<&str>, message: String) {
        let mut d = Diagnostic::new(code, message).at(match field {
            Some(f) => obj.field_path(f),
            None => obj.path.clone(),
        });
        d.entity = obj.entity.as_deref().map(Into::into);
        self.diags.push(d);
    }

    /// Opens an object, refusing fields it does not know.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: String,
        what: &str,
        fields: &[&str],
        parent_entity: Option<&str>,
    ) -> Option<Obj<'v>> {
        let Value::Object(map) = value else {
            let mut d = Diagnostic::new(
                Code::E008,
                format!("{what} must be an object, found {}", type_name(value)),
            )
            .at(path);
            d.entity = parent_entity.map(Into::into);
            self.diags.push(d);
            return None;
        };
        Some(self.open(map, path, what, fields, parent_entity))
    }

    /// Opens the fields of an object, refusing fields it does not know.
    fn open<'v>(
        &mut self,
        map: &'v dyn Fields,
        path: String,
        what: &str,
        fields: &[&str],
        parent_entity: Option<&str>,
    ) -> Obj<'v> {
        let entity = match map.get("id") {
            Some(Value::String(id)) if fields.contains(&"id") => Some(id.clone()),
            _ => parent_entity.map(str::to_string),
        };
        let what = match (&entity, fields.contains(&"id")) {
            (Some(id), true) => format!("{what} {id}"),
            _ => what.to_string(),
        };
        let obj = Obj {
            map,
            path,
            entity,
            what,
        };
        for key in map.unknown(fields) {
            let msg = format!(
                "{} has an unknown field `{key}`; known fields are {} (put your own data under \"x\")",
                obj.what,
                fields.join(", ")
            );
            self.push(Code::E008, &obj, Some(&key), msg);
        }
        obj
    }

    fn missing(&mut self, obj: &Obj, key: &str) {
        let msg = format!("{} is missing the required field `{key}`", obj.what);
        self.push(Code::E008, obj, Some(key), msg);
    }

    fn wrong_type(&mut self, obj: &Obj, key: &str, expected: &str, found: &Value) {
        let msg = format!(
            "{}: `{key}` must be {expected}, found {}",
            obj.what,
            type_name(found)
        );
        self.push(Code::E008, obj, Some(key), msg);
    }

    /// A text field; labels such as years may also be written as whole numbers.
    fn text(&mut self, obj: &Obj, key: &str, required: bool, allow_number: bool) -> Option<String> {
        match obj.map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.missing(obj, key);
                }
                None
            }
            Some(Value::String(s)) => {
                if required && s.trim().is_empty() {
                    let msg = format!("{}: `{key}` must not be empty", obj.what);
                    self.push(Code::E008, obj, Some(key), msg);
                    return None;
                }
                Some(s.clone())
            }
            Some(Value::Number(n)) if allow_number && n.is_u64() => Some(n.to_string()),
            Some(other) => {
                self.wrong_type(obj, key, "a string", other);
                None
            }
        }
    }

    /// A decimal field (string or number), read exactly.
    fn number(
        &mut self,
        obj: &Obj,
        key: &str,
        required: bool,
        read: impl Fn(&str) -> Result<Decimal, NumberError>,
    ) -> Option<Decimal> {
        let text = match obj.map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.missing(obj, key);
                }
                return None;
            }
            Some(Value::String(s)) => s.clone(),
            // With serde_json's arbitrary_precision the number keeps its exact text.
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                self.wrong_type(obj, key, "a decimal number (preferably as a string)", other);
                return None;
            }
        };
        match read(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = format!("{}: `{key}` {e}", obj.what);
                self.push(Code::E007, obj, Some(key), msg);
                None
            }
        }
    }

    fn amount(&mut self, obj: &Obj, key: &str, required: bool) -> Option<Decimal> {
        let precision = self.precision;
        self.number(obj, key, required, |t| parse_amount(t, precision))
    }

    fn date(&mut self, obj: &Obj, key: &str) -> Option<Date> {
        let text = self.text(obj, key, true, false)?;
        let date = Date::parse(&text);
        if date.is_none() {
            let msg = format!(
                "{}: `{key}` {text:?} is not a date; write YYYY-MM-DD (Gregorian)",
                obj.what
            );
            self.push(Code::E009, obj, Some(key), msg);
        }
        date
    }

    fn bool(&mut self, obj: &Obj, key: &str) -> Option<bool> {
        match obj.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.wrong_type(obj, key, "true or false", other);
                None
            }
        }
    }

    fn extension(&mut self, obj: &Obj) -> Option<Map<String, Value>> {
        match obj.map.get("x") {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(m.clone()),
            Some(other) => {
                self.wrong_type(obj, "x", "an object", other);
                None
            }
        }
    }

    /// The items of a list field, each with its path.
    fn list<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Vec<(String, &'v Value)> {
        match obj.map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => {
                let base = obj.field_path(key);
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{base}/{i}"), v))
                    .collect()
            }
            Some(other) => {
                self.wrong_type(obj, key, "a list", other);
                Vec::new()
            }
        }
    }

    fn plan(&mut self, value: &Value) -> Option<PlanData> {
        let obj = self.object(value, String::new(), "the plan", PLAN_FIELDS, None)?;
        Some(self.plan_from(obj, None, None))
    }

    /// The plan from its top-level fields; `streamed` holds the budget lines when the
    /// stream reader kept them as raw text (see [`read`]).
    fn plan_from(
        &mut self,
        obj: Obj,
        streamed: Option<Items<BudgetLine>>,
        streamed_projects: Option<Items<Project>>,
    ) -> PlanData {
        let obj = Obj {
            what: "the plan".into(),
            ..obj
        };
        match obj.map.get("format") {
            Some(Value::String(f)) if f == FORMAT => {}
            Some(Value::String(f)) => {
                let msg = format!("`format` is {f:?}; this version reads {FORMAT:?}");
                self.push(Code::E008, &obj, Some("format"), msg);
            }
            Some(other) => self.wrong_type(&obj, "format", "the string \"goldthread/1\"", other),
            None => self.missing(&obj, "format"),
        }
        let name = self.text(&obj, "name", true, false).unwrap_or_default();
        let currency = self.text(&obj, "currency", false, false);
        self.precision = match obj.map.get("precision") {
            None | Some(Value::Null) => 2,
            Some(Value::Number(n)) => match n.as_u64() {
                Some(p) if p <= u64::from(MAX_PRECISION) => p as u32,
                _ => {
                    let msg =
                        format!("`precision` {n} must be a whole number from 0 to {MAX_PRECISION}");
                    self.push(Code::E008, &obj, Some("precision"), msg);
                    2
                }
            },
            Some(other) => {
                self.wrong_type(&obj, "precision", "a whole number", other);
                2
            }
        };
        let org_units = match obj.map.get("org_units") {
            None | Some(Value::Null) => None,
            Some(_) => Some(
                self.list(&obj, "org_units")
                    .into_iter()
                    .filter_map(|(p, v)| self.org_unit(v, p))
                    .collect(),
            ),
        };
        let goals = self
            .list(&obj, "goals")
            .into_iter()
            .filter_map(|(p, v)| self.goal(v, p))
            .collect();
        let programs = self
            .list(&obj, "programs")
            .into_iter()
            .filter_map(|(p, v)| self.program(v, p))
            .collect();
        // The items the scan did not read are read here, in order, by the readers that
        // explain problems.
        let projects = match streamed_projects {
            Some(items) => items.finish(|raw, i| self.streamed_project(raw, i)),
            None => self
                .list(&obj, "projects")
                .into_iter()
                .filter_map(|(p, v)| self.project(v, p))
                .collect(),
        };
        let budget_lines = match streamed {
            Some(items) => items.finish(|raw, i| self.streamed_line(raw, i)),
            None => self
                .list(&obj, "budget_lines")
                .into_iter()
                .filter_map(|(p, v)| self.line(v, p))
                .collect(),
        };
        let x = self.extension(&obj);
        PlanData {
            name,
            currency,
            precision: self.precision,
            org_units,
            goals,
            programs,
            projects,
            budget_lines,
            x,
        }
    }

    /// A budget line kept as raw JSON by the stream reader: an object is read field by
    /// field without building a map; anything else goes the general way (and gets its
    /// diagnostic there).
    fn streamed_line(&mut self, text: &str, i: usize) -> Option<BudgetLine> {
        // The fast paths take a well-formed line in one pass: first a scan of its bytes,
        // then serde for what the scan leaves (escapes, `x`). Anything unusual (a wrong
        // type, an unknown field, a bad amount) is read again the general way below, which
        // names every problem.
        if let Some(line) = scan_line(text, self.precision) {
            return Some(line);
        }
        if let Ok(fast) = serde_json::from_str::<FastLine>(text) {
            if let Some(line) = fast.into_line(self.precision) {
                return Some(line);
            }
        }
        let path = format!("/budget_lines/{i}");
        if !text.starts_with('{') {
            let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            return self.line(&value, path);
        }
        match serde_json::from_str::<LineFields>(text) {
            Ok(fields) => {
                let obj = self.open(&fields, path, "budget line", LINE_FIELDS, None);
                Some(self.line_from(&obj))
            }
            Err(e) => {
                self.diags
                    .push(Diagnostic::new(Code::E008, format!("budget line: {e}")).at(path));
                None
            }
        }
    }

    /// A project kept as raw JSON by the stream reader: the usual shape in one typed pass,
    /// anything else the general way (which names every problem).
    fn streamed_project(&mut self, text: &str, i: usize) -> Option<Project> {
        if let Some(project) = scan_project(text, self.precision) {
            return Some(project);
        }
        if let Ok(fast) = serde_json::from_str::<FastProject>(text) {
            if let Some(project) = fast.into_project(self.precision) {
                return Some(project);
            }
        }
        // Valid JSON: the stream reader has read it once already.
        let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        self.project(&value, format!("/projects/{i}"))
    }

    fn org_unit(&mut self, value: &Value, path: String) -> Option<OrgUnit> {
        let obj = self.object(value, path, "org unit", ORG_UNIT_FIELDS, None)?;
        Some(OrgUnit {
            id: self.text(&obj, "id", true, false).unwrap_or_default(),
            name: self.text(&obj, "name", false, false),
            kind: self.text(&obj, "kind", false, false),
            parent: self.text(&obj, "parent", false, false),
            x: self.extension(&obj),
        })
    }

    fn measure(&mut self, obj: &Obj, key: &str) -> Option<Measure> {
        let value = obj.map.get(key)?;
        if value.is_null() {
            return None;
        }
        let m = self.object(
            value,
            obj.field_path(key),
            &format!("{} {key}", obj.what),
            MEASURE_FIELDS,
            obj.entity.as_deref(),
        )?;
        let v = self.number(&m, "value", true, parse_decimal);
        let year = self.text(&m, "year", true, true);
        Some(Measure {
            value: v?,
            year: year?,
        })
    }

    fn indicators(&mut self, obj: &Obj) -> Vec<Indicator> {
        let mut out = Vec::new();
        for (path, value) in self.list(obj, "indicators") {
            let Some(ind) = self.object(value, path, "indicator", INDICATOR_FIELDS, None) else {
                continue;
            };
            let id = self.text(&ind, "id", true, false);
            let name = self.text(&ind, "name", true, false);
            let unit = self.text(&ind, "unit", false, false);
            let baseline = self.measure(&ind, "baseline");
            let target = self.measure(&ind, "target");
            let actuals = self
                .list(&ind, "actuals")
                .into_iter()
                .filter_map(|(p, v)| {
                    let a = self.object(v, p, "actual", MEASURE_FIELDS, ind.entity.as_deref())?;
                    let value = self.number(&a, "value", true, parse_decimal);
                    let year = self.text(&a, "year", true, true);
                    Some(Measure {
                        value: value?,
                        year: year?,
                    })
                })
                .collect();
            let ascending = self.bool(&ind, "ascending");
            let x = self.extension(&ind);
            if let (Some(id), Some(name)) = (id, name) {
                out.push(Indicator {
                    id,
                    name,
                    unit,
                    baseline,
                    target,
                    actuals,
                    ascending,
                    x,
                });
            }
        }
        out
    }

    fn share(&mut self, obj: &Obj) -> Option<Decimal> {
        self.number(obj, "share", false, parse_decimal)
    }

    fn goal(&mut self, value: &Value, path: String) -> Option<Goal> {
        let obj = self.object(value, path, "goal", GOAL_FIELDS, None)?;
        let id = self.text(&obj, "id", true, false);
        let name = self.text(&obj, "name", true, false);
        let parent = self.text(&obj, "parent", false, false);
        let indicators = self.indicators(&obj);
        let x = self.extension(&obj);
        // An entity missing its id is still kept (its E008 stops the build), so that the
        // paths of later diagnostics keep pointing at the right list index.
        Some(Goal {
            id: id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            parent,
            indicators,
            x,
        })
    }

    fn program(&mut self, value: &Value, path: String) -> Option<Program> {
        let obj = self.object(value, path, "program", PROGRAM_FIELDS, None)?;
        let id = self.text(&obj, "id", true, false);
        let name = self.text(&obj, "name", true, false);
        let start = self.text(&obj, "start", false, true);
        let end = self.text(&obj, "end", false, true);
        let owner = self.text(&obj, "owner", false, false);
        let mut goals = Vec::new();
        for (p, v) in self.list(&obj, "goals") {
            let what = format!("{}'s goal link", obj.what);
            let Some(link) = self.object(v, p, &what, GOAL_LINK_FIELDS, obj.entity.as_deref())
            else {
                continue;
            };
            let goal = self.text(&link, "goal", true, false);
            let share = self.share(&link);
            if let Some(goal) = goal {
                goals.push(GoalLink { goal, share });
            }
        }
        let indicators = self.indicators(&obj);
        let x = self.extension(&obj);
        Some(Program {
            id: id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            start,
            end,
            owner,
            goals,
            indicators,
            x,
        })
    }

    fn project(&mut self, value: &Value, path: String) -> Option<Project> {
        let obj = self.object(value, path, "project", PROJECT_FIELDS, None)?;
        let id = self.text(&obj, "id", true, false);
        let name = self.text(&obj, "name", true, false);
        let tier = self.text(&obj, "tier", false, false);
        let org_unit = self.text(&obj, "org_unit", false, false);
        let mut tags = Vec::new();
        for (p, v) in self.list(&obj, "tags") {
            match v {
                Value::String(t) => tags.push(t.clone()),
                other => {
                    let msg = format!(
                        "{}: a tag must be a string, found {}",
                        obj.what,
                        type_name(other)
                    );
                    let d = Diagnostic::new(Code::E008, msg).at(p);
                    self.diags.push(match &obj.entity {
                        Some(e) => d.entity(e.clone()),
                        None => d,
                    });
                }
            }
        }
        let mut programs = Vec::new();
        for (p, v) in self.list(&obj, "programs") {
            let what = format!("{}'s program link", obj.what);
            let Some(link) = self.object(v, p, &what, PROGRAM_LINK_FIELDS, obj.entity.as_deref())
            else {
                continue;
            };
            let program = self.text(&link, "program", true, false);
            let share = self.share(&link);
            if let Some(program) = program {
                programs.push(ProgramLink { program, share });
            }
        }
        let schedule = obj
            .map
            .get("schedule")
            .filter(|v| !v.is_null())
            .and_then(|v| {
                let s = self.object(
                    v,
                    obj.field_path("schedule"),
                    &format!("{} schedule", obj.what),
                    SCHEDULE_FIELDS,
                    obj.entity.as_deref(),
                )?;
                let start = self.date(&s, "start");
                let finish = self.date(&s, "finish");
                let (start, finish) = (start?, finish?);
                if finish < start {
                    let msg = format!(
                        "{}: the schedule finishes ({finish}) before it starts ({start})",
                        obj.what
                    );
                    self.push(Code::E009, &s, Some("finish"), msg);
                    return None;
                }
                Some(Schedule { start, finish })
            });
        let estimate = self.amount(&obj, "estimate", false);
        let status = obj
            .map
            .get("status")
            .filter(|v| !v.is_null())
            .and_then(|v| {
                let s = self.object(
                    v,
                    obj.field_path("status"),
                    &format!("{} status", obj.what),
                    STATUS_FIELDS,
                    obj.entity.as_deref(),
                )?;
                let as_of = self.date(&s, "as_of");
                let percent = self.number(&s, "percent_complete", true, |t| {
                    let v = parse_decimal(t)?;
                    if v < Decimal::ZERO || v > Decimal::ONE {
                        Err(NumberError::NotANumber(format!(
                            "{t} (percent_complete is a fraction from 0 to 1)"
                        )))
                    } else {
                        Ok(v)
                    }
                });
                let actual_cost = self.amount(&s, "actual_cost", true);
                Some(Status {
                    as_of: as_of?,
                    percent_complete: percent?,
                    actual_cost: actual_cost?,
                })
            });
        let x = self.extension(&obj);
        Some(Project {
            id: id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            tier,
            org_unit,
            tags,
            programs,
            schedule,
            estimate,
            status,
            x,
        })
    }

    fn line(&mut self, value: &Value, path: String) -> Option<BudgetLine> {
        let obj = self.object(value, path, "budget line", LINE_FIELDS, None)?;
        Some(self.line_from(&obj))
    }

    fn line_from(&mut self, obj: &Obj) -> BudgetLine {
        let id = self.text(obj, "id", true, false);
        let name = self.text(obj, "name", false, false);
        let year = self.text(obj, "year", true, true);
        let org_unit = self.text(obj, "org_unit", false, false);
        let category = self.text(obj, "category", false, false);
        let direction = match self.text(obj, "direction", false, false).as_deref() {
            None | Some("expenditure") => Direction::Expenditure,
            Some("revenue") => Direction::Revenue,
            Some(other) => {
                let msg = format!(
                    "{}: `direction` is {other:?}; write \"expenditure\" or \"revenue\"",
                    obj.what
                );
                self.push(Code::E008, obj, Some("direction"), msg);
                Direction::Expenditure
            }
        };
        let proposed = self.amount(obj, "proposed", false);
        let amount = self.amount(obj, "amount", true);
        let revised = self.amount(obj, "revised", false);
        let committed = self.amount(obj, "committed", false);
        let spent = self.amount(obj, "spent", false);
        let mut funds = Vec::new();
        for (p, v) in self.list(obj, "funds") {
            let what = format!("{}'s funding link", obj.what);
            let Some(link) = self.object(v, p, &what, FUNDING_FIELDS, obj.entity.as_deref()) else {
                continue;
            };
            let project = self.text(&link, "project", false, false);
            let program = self.text(&link, "program", false, false);
            let share = self.share(&link);
            let target = match (project, program) {
                (Some(p), None) => FundTarget::Project(p.into()),
                (None, Some(p)) => FundTarget::Program(p.into()),
                (Some(_), Some(_)) => {
                    let msg = format!(
                        "{}: a funding link names either a `project` or a `program`, not both; write two links",
                        obj.what
                    );
                    self.push(Code::E008, &link, None, msg);
                    continue;
                }
                (None, None) => {
                    let msg = format!(
                        "{}: a funding link must name a `project` or a `program`",
                        obj.what
                    );
                    self.push(Code::E008, &link, None, msg);
                    continue;
                }
            };
            funds.push(Funding { target, share });
        }
        let x = self.extension(obj);
        BudgetLine {
            id: id.unwrap_or_default().into(),
            name: name.map(Into::into),
            year: year.unwrap_or_default().into(),
            org_unit: org_unit.map(Into::into),
            category: category.map(Into::into),
            direction,
            proposed,
            amount: amount.unwrap_or_default(),
            revised,
            committed,
            spent,
            funds,
            x: x.map(Box::new),
        }
    }
}

/// Writes a plan as a `goldthread/1` JSON value; reading it back gives the same plan.
pub(crate) fn to_value(data: &PlanData) -> Value {
    let mut plan = Map::new();
    plan.insert("format".into(), FORMAT.into());
    plan.insert("name".into(), data.name.clone().into());
    put_opt(&mut plan, "currency", data.currency.as_deref());
    plan.insert("precision".into(), data.precision.into());
    if let Some(units) = &data.org_units {
        let list = units
            .iter()
            .map(|u| {
                let mut m = Map::new();
                m.insert("id".into(), u.id.clone().into());
                put_opt(&mut m, "name", u.name.as_deref());
                put_opt(&mut m, "kind", u.kind.as_deref());
                put_opt(&mut m, "parent", u.parent.as_deref());
                put_x(&mut m, u.x.as_ref());
                Value::Object(m)
            })
            .collect();
        plan.insert("org_units".into(), Value::Array(list));
    }
    let goals = data
        .goals
        .iter()
        .map(|g| {
            let mut m = Map::new();
            m.insert("id".into(), g.id.clone().into());
            m.insert("name".into(), g.name.clone().into());
            put_opt(&mut m, "parent", g.parent.as_deref());
            put_indicators(&mut m, &g.indicators);
            put_x(&mut m, g.x.as_ref());
            Value::Object(m)
        })
        .collect();
    plan.insert("goals".into(), Value::Array(goals));
    let programs = data
        .programs
        .iter()
        .map(|p| {
            let mut m = Map::new();
            m.insert("id".into(), p.id.clone().into());
            m.insert("name".into(), p.name.clone().into());
            put_opt(&mut m, "start", p.start.as_deref());
            put_opt(&mut m, "end", p.end.as_deref());
            put_opt(&mut m, "owner", p.owner.as_deref());
            let links = p
                .goals
                .iter()
                .map(|l| link("goal", &l.goal, l.share))
                .collect();
            m.insert("goals".into(), Value::Array(links));
            put_indicators(&mut m, &p.indicators);
            put_x(&mut m, p.x.as_ref());
            Value::Object(m)
        })
        .collect();
    plan.insert("programs".into(), Value::Array(programs));
    let projects = data
        .projects
        .iter()
        .map(|p| {
            let mut m = Map::new();
            m.insert("id".into(), p.id.clone().into());
            m.insert("name".into(), p.name.clone().into());
            put_opt(&mut m, "tier", p.tier.as_deref());
            put_opt(&mut m, "org_unit", p.org_unit.as_deref());
            if !p.tags.is_empty() {
                m.insert("tags".into(), p.tags.clone().into());
            }
            let links = p
                .programs
                .iter()
                .map(|l| link("program", &l.program, l.share))
                .collect();
            m.insert("programs".into(), Value::Array(links));
            if let Some(s) = &p.schedule {
                let mut sm = Map::new();
                sm.insert("start".into(), s.start.to_string().into());
                sm.insert("finish".into(), s.finish.to_string().into());
                m.insert("schedule".into(), Value::Object(sm));
            }
            put_decimal(&mut m, "estimate", p.estimate);
            if let Some(s) = &p.status {
                let mut sm = Map::new();
                sm.insert("as_of".into(), s.as_of.to_string().into());
                sm.insert(
                    "percent_complete".into(),
                    s.percent_complete.to_string().into(),
                );
                sm.insert("actual_cost".into(), s.actual_cost.to_string().into());
                m.insert("status".into(), Value::Object(sm));
            }
            put_x(&mut m, p.x.as_ref());
            Value::Object(m)
        })
        .collect();
    plan.insert("projects".into(), Value::Array(projects));
    let lines = data
        .budget_lines
        .iter()
        .map(|l| {
            let mut m = Map::new();
            m.insert("id".into(), l.id.as_str().into());
            put_opt(&mut m, "name", l.name.as_deref());
            m.insert("year".into(), l.year.as_str().into());
            put_opt(&mut m, "org_unit", l.org_unit.as_deref());
            put_opt(&mut m, "category", l.category.as_deref());
            if l.direction == Direction::Revenue {
                m.insert("direction".into(), l.direction.as_str().into());
            }
            put_decimal(&mut m, "proposed", l.proposed);
            put_decimal(&mut m, "amount", Some(l.amount));
            put_decimal(&mut m, "revised", l.revised);
            put_decimal(&mut m, "committed", l.committed);
            put_decimal(&mut m, "spent", l.spent);
            if !l.funds.is_empty() {
                let links = l
                    .funds
                    .iter()
                    .map(|f| match &f.target {
                        FundTarget::Project(id) => link("project", id, f.share),
                        FundTarget::Program(id) => link("program", id, f.share),
                    })
                    .collect();
                m.insert("funds".into(), Value::Array(links));
            }
            put_x(&mut m, l.x.as_deref());
            Value::Object(m)
        })
        .collect();
    plan.insert("budget_lines".into(), Value::Array(lines));
    put_x(&mut plan, data.x.as_ref());
    Value::Object(plan)
}

fn put_opt(m: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        m.insert(key.into(), v.into());
    }
}

fn put_decimal(m: &mut Map<String, Value>, key: &str, value: Option<Decimal>) {
    if let Some(v) = value {
        m.insert(key.into(), v.to_string().into());
    }
}

fn put_x(m: &mut Map<String, Value>, x: Option<&Map<String, Value>>) {
    if let Some(x) = x {
        m.insert("x".into(), Value::Object(x.clone()));
    }
}

fn link(kind: &str, id: &str, share: Option<Decimal>) -> Value {
    let mut m = Map::new();
    m.insert(kind.into(), id.into());
    put_decimal(&mut m, "share", share);
    Value::Object(m)
}

fn measure(m: &Measure) -> Value {
    let mut o = Map::new();
    o.insert("value".into(), m.value.to_string().into());
    o.insert("year".into(), m.year.clone().into());
    Value::Object(o)
}

fn put_indicators(m: &mut Map<String, Value>, indicators: &[Indicator]) {
    if indicators.is_empty() {
        return;
    }
    let list = indicators
        .iter()
        .map(|i| {
            let mut o = Map::new();
            o.insert("id".into(), i.id.clone().into());
            o.insert("name".into(), i.name.clone().into());
            put_opt(&mut o, "unit", i.unit.as_deref());
            if let Some(b) = &i.baseline {
                o.insert("baseline".into(), measure(b));
            }
            if let Some(t) = &i.target {
                o.insert("target".into(), measure(t));
            }
            if !i.actuals.is_empty() {
                o.insert("actuals".into(), i.actuals.iter().map(measure).collect());
            }
            if let Some(a) = i.ascending {
                o.insert("ascending".into(), a.into());
            }
            put_x(&mut o, i.x.as_ref());
            Value::Object(o)
        })
        .collect();
    m.insert("indicators".into(), Value::Array(list));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(Code, Option<String>)> {
        read(text.as_bytes())
            .1
            .into_iter()
            .map(|d| (d.code, d.path))
            .collect()
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let (data, diags) = read(b"{\n  \"format\": \"goldthread/1\",\n  oops\n}");
        assert!(data.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::E008);
        assert_eq!(diags[0].line, Some(3));
        assert!(diags[0].column.is_some());
    }

    #[test]
    fn unknown_and_missing_fields_are_named() {
        let found =
            codes(r#"{"format":"goldthread/1","name":"p","goals":[{"id":"G","nmae":"typo"}]}"#);
        assert!(found.contains(&(Code::E008, Some("/goals/0/nmae".into()))));
        assert!(found.contains(&(Code::E008, Some("/goals/0/name".into()))));
    }

    #[test]
    fn wrong_format_is_refused() {
        let found = codes(r#"{"format":"goldthread/2","name":"p"}"#);
        assert_eq!(found, vec![(Code::E008, Some("/format".into()))]);
        let found = codes(r#"[1,2]"#);
        assert_eq!(found, vec![(Code::E008, Some("".into()))]);
    }

    #[test]
    fn amounts_are_read_exactly_from_numbers_too() {
        let (data, diags) = read(
            br#"{"format":"goldthread/1","name":"p","precision":2,
                "budget_lines":[{"id":"L","year":1398,"amount":0.1},
                                {"id":"M","year":"1398","amount":12345678901234567.89}]}"#,
        );
        assert!(diags.is_empty(), "{diags:?}");
        let data = data.unwrap();
        assert_eq!(data.budget_lines[0].amount.to_string(), "0.1");
        assert_eq!(data.budget_lines[0].year, "1398");
        assert_eq!(
            data.budget_lines[1].amount.to_string(),
            "12345678901234567.89"
        );
    }

    #[test]
    fn bad_amounts_and_dates_each_get_a_diagnostic() {
        let found = codes(
            r#"{"format":"goldthread/1","name":"p","precision":0,
                "projects":[{"id":"J","name":"j","schedule":{"start":"2020-01-01","finish":"2019-01-01"},
                             "status":{"as_of":"2020-13-01","percent_complete":"1.5","actual_cost":"1"}}],
                "budget_lines":[{"id":"L","year":"1","amount":"12/5"},
                                {"id":"M","year":"1","amount":"1.5"},
                                {"id":"N","year":"1","amount":"-3"}]}"#,
        );
        for expected in [
            (Code::E009, "/projects/0/schedule/finish"),
            (Code::E009, "/projects/0/status/as_of"),
            (Code::E007, "/projects/0/status/percent_complete"),
            (Code::E007, "/budget_lines/0/amount"),
            (Code::E007, "/budget_lines/1/amount"),
            (Code::E007, "/budget_lines/2/amount"),
        ] {
            assert!(
                found.contains(&(expected.0, Some(expected.1.into()))),
                "{expected:?} not in {found:?}"
            );
        }
    }

    #[test]
    fn budget_lines_of_the_wrong_type_are_named() {
        for (value, found) in [
            ("5", "a number"),
            ("-5", "a number"),
            ("5.5", "a number"),
            ("1e400", "a number"),
            ("\"x\"", "a string"),
            ("{}", "an object"),
            ("true", "a boolean"),
        ] {
            let text = format!(r#"{{"format":"goldthread/1","name":"p","budget_lines":{value}}}"#);
            let diags = read(text.as_bytes()).1;
            assert_eq!(diags.len(), 1, "{value}");
            assert!(diags[0].message.ends_with(found), "{}", diags[0].message);
        }
        let text = r#"{"format":"goldthread/1","name":"p","budget_lines":null}"#;
        assert!(read(text.as_bytes()).1.is_empty());
    }

    #[test]
    fn fast_and_general_readers_agree() {
        // The same lines written the usual way (fast path) and with a number year and a
        // number amount (general path) read to equal data.
        let fast = r#"{"format":"goldthread/1","name":"p","precision":2,"budget_lines":[
            {"id":"L","name":"n","year":"1398","org_unit":"D","category":"c","amount":"12.50",
             "spent":"1","funds":[{"project":"J","share":"0.5"},{"program":"P","share":null}]}]}"#;
        let general = r#"{"format":"goldthread/1","name":"p","precision":2,"budget_lines":[
            {"id":"L","name":"n","year":1398,"org_unit":"D","category":"c","amount":12.50,
             "spent":"1","funds":[{"project":"J","share":0.5},{"program":"P"}]}]}"#;
        let (a, da) = read(fast.as_bytes());
        let (b, db) = read(general.as_bytes());
        assert!(da.is_empty() && db.is_empty(), "{da:?} {db:?}");
        assert_eq!(a, b);
        // A duplicate budget_lines key: the last wins, as in any JSON map.
        let twice = r#"{"format":"goldthread/1","name":"p","budget_lines":[{"id":"A","year":"1","amount":"1"}],
                        "budget_lines":[{"id":"B","year":"1","amount":"2"}]}"#;
        let data = read(twice.as_bytes()).0.unwrap();
        assert_eq!(data.budget_lines.len(), 1);
        assert_eq!(data.budget_lines[0].id, "B");
    }

    use proptest::strategy::Strategy as _;

    /// A JSON object of the given fields (an empty value leaves its field out) in the
    /// given order, `gap` between its tokens.
    fn object_text(fields: &[(&str, String)], order: &[usize], gap: &str) -> String {
        let body: Vec<String> = order
            .iter()
            .filter(|i| !fields[**i].1.is_empty())
            .map(|i| format!("\"{}\":{gap}{}", fields[*i].0, fields[*i].1))
            .collect();
        format!("{{{gap}{}{gap}}}", body.join(","))
    }

    proptest::proptest! {
        /// Whatever line the byte scanner reads, it reads as the serde fast path does; and
        /// it reads the usual shape, whatever the order of fields and the white space.
        #[test]
        fn the_scanner_reads_lines_as_serde_does(
            picks in proptest::collection::vec(0usize..4, 9),
            links in proptest::collection::vec((proptest::bool::ANY, 0usize..3, 0usize..4), 0..4),
            order in proptest::strategy::Just((0..9).collect::<Vec<usize>>()).prop_shuffle(),
            space in 0usize..3,
        ) {
            let gap = [" ", "", "\n  "][space];
            let pick = |i: usize, options: &[&str]| options[picks[i] % options.len()].to_string();
            let targets = ["\"PJ1\"", "\"پ۱\"", "\"P\\\"1\""];
            let shares = ["", ",\"share\":\"0.5\"", ",\"share\":null", ",\"share\":\"x\""];
            let funds: Vec<String> = links
                .iter()
                .map(|(project, t, s)| {
                    let key = if *project { "project" } else { "program" };
                    format!("{{{gap}\"{key}\":{gap}{}{}}}", targets[*t], shares[*s])
                })
                .collect();
            let fields = [
                ("id", pick(0, &["\"BL1\"", "\"ب۱\"", "\"a\\\"b\""])),
                ("year", pick(1, &["\"1398\"", "\"۱۳۹۸\"", "1398"])),
                ("amount", pick(2, &["\"12.50\"", "\"۱۲٫۵\"", "\"1.234\"", "7"])),
                ("name", pick(3, &["", "\"n\"", "null"])),
                ("org_unit", pick(4, &["", "\"D1\"", "null"])),
                ("category", pick(5, &["", "\"capital\"", "null"])),
                ("direction", pick(6, &["", "\"revenue\"", "\"expenditure\"", "null"])),
                ("spent", pick(7, &["", "\"3\"", "null"])),
                ("funds", if picks[8] == 0 { String::new() } else { format!("[{}]", funds.join(",")) }),
            ];
            let text = object_text(&fields, &order, gap);
            let scanned = scan_line(&text, 2);
            let serde = serde_json::from_str::<FastLine>(&text).ok().and_then(|l| l.into_line(2));
            if scanned.is_some() {
                proptest::prop_assert_eq!(&scanned, &serde, "{}", text);
            }
            // Plain strings, no escapes, no numbers: the scanner takes the line.
            let usual = !text.contains('\\') && picks[1] % 3 != 2 && picks[2] % 4 < 2
                && (picks[8] == 0 || !links.iter().any(|(_, _, s)| *s == 3));
            proptest::prop_assert_eq!(scanned.is_some(), usual, "{}", text);
        }
    }

    proptest::proptest! {
        /// The project scanner takes exactly the projects the serde fast path takes, with
        /// the same result, whatever the order of the fields and the spacing.
        #[test]
        fn the_scanner_reads_projects_as_serde_does(
            picks in proptest::collection::vec(0usize..6, 10),
            links in proptest::collection::vec((0usize..3, 0usize..4), 0..4),
            order in proptest::strategy::Just((0..10).collect::<Vec<usize>>()).prop_shuffle(),
            space in 0usize..3,
        ) {
            let gap = [" ", "", "\n  "][space];
            let pick = |i: usize, options: &[&str]| options[picks[i] % options.len()].to_string();
            let programs = ["\"PR1\"", "\"پ۱\"", "\" \""];
            let shares = ["", ",\"share\":\"0.5\"", ",\"share\":null", ",\"share\":\"x\""];
            let links: Vec<String> = links
                .iter()
                .map(|(p, s)| format!("{{{gap}\"program\":{gap}{}{}}}", programs[*p], shares[*s]))
                .collect();
            let fields = [
                ("id", pick(0, &["\"J1\"", "\"ج۱\"", "\"a\\\"b\"", "\"  \"", "null"])),
                ("name", pick(1, &["\"n\"", "\"پروژه\"", "", "7"])),
                ("tier", pick(2, &["", "\"city\"", "null", "1"])),
                ("org_unit", pick(3, &["", "\"D1\"", "null"])),
                ("tags", pick(4, &["", "[]", "[\"a\",\"b\"]", "null", "[\"a\",1]"])),
                ("programs", if picks[5] == 0 { String::new() } else { format!("[{}]", links.join(",")) }),
                ("schedule", pick(6, &["", "null", "{\"start\":\"2020-01-01\",\"finish\":\"2021-01-01\"}",
                    "{\"finish\":\"2020-01-01\",\"start\":\"2021-01-01\"}", "{\"start\":\"2020-01-01\"}"])),
                ("estimate", pick(7, &["", "\"12.50\"", "\"۱۲٫۵\"", "\"1.234\"", "7", "null"])),
                ("status", pick(8, &["", "null", "{\"as_of\":\"2020-06-30\",\"percent_complete\":\"0.5\",\"actual_cost\":\"3\"}",
                    "{\"actual_cost\":\"3\",\"percent_complete\":\"1.5\",\"as_of\":\"2020-06-30\"}"])),
                ("x", pick(9, &["", "", "", "{\"k\":1}"])),
            ];
            let text = object_text(&fields, &order, gap);
            let scanned = scan_project(&text, 2);
            let serde = serde_json::from_str::<FastProject>(&text)
                .ok()
                .and_then(|p| p.into_project(2));
            // Escapes and `x` are what the serde path takes and the scanner leaves to it.
            if text.contains('\\') || picks[9] % 4 == 3 {
                proptest::prop_assert_eq!(scanned, None, "{}", text);
            } else {
                proptest::prop_assert_eq!(&scanned, &serde, "{}", text);
            }
        }
    }

    /// Every plan file of the repository (examples, vectors, bad plans), then the nine
    /// rearranged ones of [`the_top_level_scan_reads_as_the_stream_reader_does`].
    fn plan_files() -> Vec<Vec<u8>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["tests/fixtures/vectors", "tests/fixtures/bad", "examples"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                for entry in std::fs::read_dir(&d).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "json")
                        && !path.ends_with("expected-codes.json")
                        && !path.ends_with("datapackage.json")
                    {
                        files.push(std::fs::read(&path).unwrap());
                    }
                }
            }
        }
        assert!(files.len() > 30, "{}", files.len());
        let lines = r#"[{"id":"A","year":"1","amount":"1.5"},7,{"id":"B","year":"1","amount":"1.234"},
                        {"id":"C","year":1,"amount":"2","x":{"k":"v"}},{"id":"D\u0041","year":"1","amount":"3"}]"#;
        for text in [
            format!(
                r#"{{"format":"goldthread/1","name":"p","precision":2,"budget_lines":{lines}}}"#
            ),
            format!(
                r#"{{"format":"goldthread/1","name":"p","budget_lines":{lines},"precision":2}}"#
            ),
            format!(r#"{{"format":"goldthread/1","name":"p","budget_lines":{lines}}}"#),
            format!(
                r#"{{"format":"goldthread/1","name":"p","precision":"x","budget_lines":{lines}}}"#
            ),
            format!(
                r#"{{"format":"goldthread/1","name":"p","precision":1,"budget_lines":{lines},"budget_lines":[]}}"#
            ),
            format!(
                r#"{{"format":"goldthread/1","name":"p","precision":2,"budget_lines":{lines},}}"#
            ),
            r#"{"format":"goldthread/1","name":"p","precision":2,"budget_lines":[{"id":"A",}]}"#
                .to_string(),
            r#"{"format":"goldthread/1","name":"p","projects":{},"budget_lines":null}"#.to_string(),
            r#"{"format":"goldthread/1","na\u006de":"p"}"#.to_string(),
        ] {
            files.push(text.into_bytes());
        }
        files
    }

    /// Every plan file of the repository and a few rearranged ones read the same through
    /// the hand-written top level as through serde.
    #[test]
    fn the_top_level_scan_reads_as_the_stream_reader_does() {
        let files = plan_files();
        // The scan does read these itself: the usual lines as it meets them (here A), the
        // others left for the general reader, in order.
        fn scanned(text: &[u8]) -> Option<Option<Items<'_, BudgetLine>>> {
            let text = std::str::from_utf8(text).unwrap();
            scan_plan(text).map(|plan| plan.lines)
        }
        let first = files.len() - 9;
        match scanned(&files[first]) {
            Some(Some(Items::Read { items, unusual })) => {
                assert_eq!(items[0].id, "A");
                let at: Vec<usize> = unusual.iter().map(|(i, _)| *i).collect();
                assert_eq!(at, [1, 2, 3, 4]);
            }
            _ => panic!("the scan gave up on a plain plan"),
        }
        assert!(matches!(
            scanned(&files[first + 1]),
            Some(Some(Items::Raw(_)))
        ));
        assert!(scanned(&files[first + 5]).is_none(), "a trailing comma");
        for text in &files {
            let (a, da) = read(text);
            let (b, db) = read_stream(text);
            assert_eq!(a, b, "{}", String::from_utf8_lossy(text));
            assert_eq!(da, db, "{}", String::from_utf8_lossy(text));
        }
    }

    /// A file read a window at a time ([`read_from`]) gives what the whole text gives,
    /// wherever the reads cut it: in a key, a number, a Persian name, between items.
    #[test]
    fn reading_a_window_at_a_time_reads_as_reading_whole() {
        let files = plan_files();
        let scanned = files
            .iter()
            .filter(|t| std::str::from_utf8(t).ok().and_then(scan_plan).is_some())
            .count();
        assert!(scanned > 30, "{scanned}: most files take the scan's way");
        for text in &files {
            let whole = read(text);
            let chunks: &[usize] = if text.len() < 100_000 {
                &[1, 2, 3, 5, 64, 1 << 20]
            } else {
                &[4096, 1 << 20]
            };
            let usual = std::str::from_utf8(text).ok().and_then(scan_plan).is_some();
            for &chunk in chunks {
                // The window's own scan reads what the whole text's does (it does not give
                // up and leave it to the reading again).
                let windowed = scan_plan_from(&text[..], text.len(), chunk).is_some();
                assert_eq!(
                    windowed,
                    usual,
                    "{chunk}: {}",
                    String::from_utf8_lossy(text)
                );
                let mut file = std::io::Cursor::new(text);
                let got = read_from(&mut file, text.len(), chunk).unwrap();
                assert_eq!(got, whole, "{chunk}: {}", String::from_utf8_lossy(text));
            }
        }
        // Read from where the reader stands, and again from there when the scan gives up
        // (here: on a trailing comma, which the general reader then reports).
        let bad = br#"{"format":"goldthread/1","name":"p","budget_lines":[{"id":"A","year":"1","amount":"1.5"}],}"#;
        assert!(scan_plan_from(&bad[..], 0, 7).is_none());
        let mut file = std::io::Cursor::new([&b"junk"[..], bad].concat());
        file.set_position(4);
        let (data, diags) = read_from(&mut file, 0, 7).unwrap();
        assert_eq!(data, None);
        assert_eq!(diags_codes(&diags), [Code::E008]);
        assert_eq!((diags[0].line, diags[0].column), (Some(1), Some(91)));
    }

    fn diags_codes(diags: &[Diagnostic]) -> Vec<Code> {
        diags.iter().map(|d| d.code).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// Any chunk size reads a generated plan (Persian names, shares, all kinds of
        /// lines) as the whole text does.
        #[test]
        fn any_chunk_size_reads_the_same_plan(chunk in 1usize..4000, seed in 0u64..4) {
            let text = serde_json::to_string_pretty(&to_value(&crate::synth::plan(400, seed))).unwrap();
            proptest::prop_assert!(scan_plan_from(text.as_bytes(), 0, chunk).is_some());
            let mut file = std::io::Cursor::new(text.as_bytes());
            let got = read_from(&mut file, text.len() / 3, chunk).unwrap();
            proptest::prop_assert_eq!(got, read(text.as_bytes()));
        }
    }

    #[test]
    fn fast_and_general_project_readers_agree() {
        // Written the usual way (fast path), and with a number estimate and share (general
        // path): equal data.
        let project = |estimate: &str, share: &str| {
            format!(
                r#"{{"format":"goldthread/1","name":"p","precision":2,"projects":[
                {{"id":"J","name":"n","tier":"city","org_unit":"D","tags":["a","b"],
                 "programs":[{{"program":"P","share":{share}}},{{"program":"Q","share":"0.5"}}],
                 "schedule":{{"start":"2020-01-01","finish":"2021-06-30"}},"estimate":{estimate},
                 "status":{{"as_of":"2020-12-31","percent_complete":"0.4","actual_cost":"10.5"}},
                 "x":{{"k":1}}}}]}}"#
            )
        };
        let (a, da) = read(project(r#""100.25""#, r#""0.5""#).as_bytes());
        let (b, db) = read(project("100.25", "0.5").as_bytes());
        assert!(da.is_empty() && db.is_empty(), "{da:?} {db:?}");
        assert_eq!(a, b);
        let a = a.unwrap();
        assert_eq!(a.projects[0].tags, ["a", "b"]);
        assert!(a.projects[0].schedule.is_some() && a.projects[0].status.is_some());
        // What the fast path refuses, the general one explains.
        for (bad, code) in [
            (
                r#""schedule":{"start":"2021-01-01","finish":"2020-01-01"}"#,
                Code::E009,
            ),
            (
                r#""status":{"as_of":"2020-01-01","percent_complete":"2","actual_cost":"1"}"#,
                Code::E007,
            ),
            (
                r#""status":{"as_of":"2020-01-01","actual_cost":"1"}"#,
                Code::E008,
            ),
            (r#""programs":[{"program":""}]"#, Code::E008),
            (r#""estimate":"1.234""#, Code::E007),
            (r#""colour":"red""#, Code::E008),
        ] {
            let text = format!(
                r#"{{"format":"goldthread/1","name":"p","precision":2,"projects":[{{"id":"J","name":"n",{bad}}}]}}"#
            );
            let found: Vec<Code> = read(text.as_bytes()).1.iter().map(|d| d.code).collect();
            assert_eq!(found, vec![code], "{bad}");
        }
    }

    #[test]
    fn funding_link_names_one_target() {
        let found = codes(
            r#"{"format":"goldthread/1","name":"p","budget_lines":[
                {"id":"L","year":"1","amount":"1","funds":[{"project":"a","program":"b"},{"share":"1"}]}]}"#,
        );
        assert_eq!(
            found,
            vec![
                (Code::E008, Some("/budget_lines/0/funds/0".into())),
                (Code::E008, Some("/budget_lines/0/funds/1".into()))
            ]
        );
    }
}
