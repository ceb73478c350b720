//! The general reader: walks a plan file's JSON (a parsed value, or the fields of one budget
//! line read from the stream) and turns it into entities, and every problem into a
//! diagnostic with its JSON path. It reads whatever the scan gives up on.

use super::fields::FORMAT;
use super::fields::*;
use super::scan::items::{Items, Lists};
use super::slots::{Fields, RawItems, Slots};
use crate::amount::{parse_decimal, read_amount, NumberError};
use crate::calendar::{Calendar, MonthDay};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::model::*;
use crate::rules::{self, DEFAULT_PRECISION};
use rust_decimal::Decimal;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Walks a JSON value, turning it into entities and every problem into a diagnostic.
pub(super) struct Reader<'d> {
    pub diags: &'d mut Diags,
}

/// An entity as the general reader gets it: a value parsed whole, or its fields read from
/// its text with each list's items left as text ([`Slots`]).
#[derive(Clone, Copy)]
pub(super) enum Object<'v> {
    Parsed(&'v Value),
    Fields(&'v dyn Fields),
}

/// One JSON object being read: its fields, its path, and the entity it belongs to.
pub(super) struct Obj<'v> {
    pub map: &'v dyn Fields,
    pub path: String,
    pub entity: Option<String>,
    pub what: String,
}

impl<'v> Obj<'v> {
    pub(super) fn field_path(&self, key: &str) -> String {
        format!("{}/{}", self.path, escape_pointer(key))
    }
}

/// Escapes a key for a JSON pointer (RFC 6901).
fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// [`type_name`] of the JSON value whose text starts with `first`.
fn type_of_text(first: Option<u8>) -> &'static str {
    match first {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "a list",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The item at `i` of the list `key` of a plan (goals, programs, org units,
/// classifications), read from its text the general way, its lists an item at a time.
pub(super) fn read_item<T: Item>(text: &str, i: usize, diags: &mut Diags) -> Option<T> {
    let key = T::LIST;
    let mut reader = Reader::new(diags);
    let path = format!("/{key}/{i}");
    if let Some(slots) = Slots::read(text, T::FIELDS) {
        return T::read(&mut reader, Object::Fields(&slots), path);
    }
    let value = reader.raw_value(text, &path, key)?;
    T::read(&mut reader, Object::Parsed(&value), path)
}

/// An entity of a list that the general reader reads.
pub(super) trait Item: Sized {
    /// The plan's list it is an item of.
    const LIST: &'static str;
    /// The fields it may have.
    const FIELDS: &'static [&'static str];
    fn read(reader: &mut Reader, obj: Object, path: String) -> Option<Self>;
}

impl Item for OrgUnit {
    const LIST: &'static str = "org_units";
    const FIELDS: &'static [&'static str] = ORG_UNIT_FIELDS;
    fn read(reader: &mut Reader, obj: Object, path: String) -> Option<Self> {
        reader.org_unit(obj, path)
    }
}

impl Item for Goal {
    const LIST: &'static str = "goals";
    const FIELDS: &'static [&'static str] = GOAL_FIELDS;
    fn read(reader: &mut Reader, obj: Object, path: String) -> Option<Self> {
        reader.goal(obj, path)
    }
}

impl Item for Program {
    const LIST: &'static str = "programs";
    const FIELDS: &'static [&'static str] = PROGRAM_FIELDS;
    fn read(reader: &mut Reader, obj: Object, path: String) -> Option<Self> {
        reader.program(obj, path)
    }
}

impl<'d> Reader<'d> {
    /// A reader adding its diagnostics to `diags`.
    pub(super) fn new(diags: &'d mut Diags) -> Reader<'d> {
        Reader { diags }
    }

    pub(super) fn push(&mut self, code: Code, obj: &Obj, field: Option<&str>, message: String) {
        let mut d = Diagnostic::new(code, message).at(match field {
            Some(f) => obj.field_path(f),
            None => obj.path.clone(),
        });
        d.entity = obj.entity.as_deref().map(Into::into);
        self.diags.push(d);
    }

    /// The value of an item the stream reader kept as raw JSON (valid: it was read once
    /// already). Where the JSON reader cannot hold a field (a value nested deeper than it
    /// goes), that field is E008 at its own path and left out, and the rest of an object
    /// is kept, so that nothing else is named for its sake (a project without its id would
    /// make every line funding it an unknown reference).
    pub(super) fn raw_value(&mut self, text: &str, path: &str, what: &str) -> Option<Value> {
        let e = match serde_json::from_str(text) {
            Ok(value) => return Some(value),
            Err(e) => e,
        };
        let fields = serde_json::from_str::<BTreeMap<String, &RawValue>>(text).ok();
        let Some(fields) = fields else {
            let message = format!("{what}: {}", super::json_error(&e));
            self.diags
                .push(Diagnostic::new(Code::E008, message).at(path.to_string()));
            return None;
        };
        let mut map = Map::new();
        for (key, raw) in fields {
            match serde_json::from_str(raw.get()) {
                Ok(value) => {
                    map.insert(key, value);
                }
                Err(e) => {
                    let message = format!("{what}: {}", super::json_error(&e));
                    let at = format!("{path}/{}", escape_pointer(&key));
                    self.diags.push(Diagnostic::new(Code::E008, message).at(at));
                }
            }
        }
        Some(Value::Object(map))
    }

    /// Opens an object, refusing fields it does not know.
    pub(super) fn object<'v>(
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

    /// An entity's fields, checked against `fields` ([`Reader::object`] for a value).
    pub(super) fn entity<'v>(
        &mut self,
        obj: Object<'v>,
        path: String,
        what: &str,
        fields: &[&str],
    ) -> Option<Obj<'v>> {
        match obj {
            Object::Parsed(value) => self.object(value, path, what, fields, None),
            Object::Fields(map) => Some(self.open(map, path, what, fields, None)),
        }
    }

    /// Reads each item of the list at `key` of `obj` as an object of `fields` (a `what`
    /// of the entity `parent`) with `read`; an item that is not one is named. Items kept as
    /// text are read one at a time, each from its text with its own lists as items, so
    /// that no list is ever held as one tree of values.
    pub(super) fn each_object(
        &mut self,
        obj: &Obj,
        key: &str,
        what: &str,
        fields: &[&str],
        parent: Option<&str>,
        mut read: impl FnMut(&mut Self, &Obj),
    ) {
        let Some(items) = obj.map.items(key) else {
            for (path, value) in self.list(obj, key) {
                if let Some(item) = self.object(value, path, what, fields, parent) {
                    read(self, &item);
                }
            }
            return;
        };
        let base = obj.field_path(key);
        let whole = format!("{} {key}", obj.what);
        for (i, item) in items.iter().enumerate() {
            let path = format!("{base}/{i}");
            if let Some(slots) = Slots::read(item, fields) {
                let item = self.open(&slots, path, what, fields, parent);
                read(self, &item);
                continue;
            }
            let Some(value) = self.raw_value(item, &path, &whole) else {
                continue;
            };
            if let Some(item) = self.object(&value, path, what, fields, parent) {
                read(self, &item);
            }
        }
    }

    /// Reads each item of the list at `key` of `obj` with `read` (given the item and its
    /// path): items kept as text are parsed one at a time, so that no list is ever held as
    /// one tree of values.
    pub(super) fn each(
        &mut self,
        obj: &Obj,
        key: &str,
        mut read: impl FnMut(&mut Self, &Value, String),
    ) {
        let Some(items) = obj.map.items(key) else {
            for (path, value) in self.list(obj, key) {
                read(self, value, path);
            }
            return;
        };
        let base = obj.field_path(key);
        let what = format!("{} {key}", obj.what);
        for (i, item) in items.iter().enumerate() {
            let path = format!("{base}/{i}");
            if let Some(value) = self.raw_value(item, &path, &what) {
                read(self, &value, path);
            }
        }
    }

    /// Opens the fields of an object, refusing fields it does not know.
    pub(super) fn open<'v>(
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
            self.push(Code::E008, &obj, Some(key), msg);
        }
        obj
    }

    pub(super) fn missing(&mut self, obj: &Obj, key: &str) {
        let msg = format!("{} is missing the required field `{key}`", obj.what);
        self.push(Code::E008, obj, Some(key), msg);
    }

    pub(super) fn wrong_type(&mut self, obj: &Obj, key: &str, expected: &str, found: &Value) {
        let msg = format!(
            "{}: `{key}` must be {expected}, found {}",
            obj.what,
            type_name(found)
        );
        self.push(Code::E008, obj, Some(key), msg);
    }

    /// A text field; labels such as years may also be written as whole numbers.
    pub(super) fn text(
        &mut self,
        obj: &Obj,
        key: &str,
        required: bool,
        allow_number: bool,
    ) -> Option<String> {
        match obj.map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.missing(obj, key);
                }
                None
            }
            // A blank text is a rule's business (crate::rules), not the shape's.
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) if allow_number && n.is_u64() => Some(n.to_string()),
            Some(other) => {
                self.wrong_type(obj, key, "a string", other);
                None
            }
        }
    }

    /// A decimal field (string or number), read exactly.
    pub(super) fn number(
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

    pub(super) fn amount(&mut self, obj: &Obj, key: &str, required: bool) -> Option<Decimal> {
        self.number(obj, key, required, read_amount)
    }

    /// A date's shape (whether its day exists in the plan's calendar is a rule).
    pub(super) fn date(&mut self, obj: &Obj, key: &str) -> Option<Date> {
        let text = self.text(obj, key, true, false)?;
        let date = Date::parse_written(&text);
        if date.is_none() {
            let msg = format!(
                "{}: `{key}` {text:?} is not a date; write YYYY-MM-DD in the plan's calendar",
                obj.what
            );
            self.push(Code::E009, obj, Some(key), msg);
        }
        date
    }

    pub(super) fn bool(&mut self, obj: &Obj, key: &str) -> Option<bool> {
        match obj.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.wrong_type(obj, key, "true or false", other);
                None
            }
        }
    }

    pub(super) fn extension(&mut self, obj: &Obj) -> Option<Extension> {
        if let Some(text) = obj.map.text("x") {
            return match text.as_bytes().first() {
                Some(b'{') => Some(Extension::from_valid_json(text)),
                Some(b'n') => None,
                first => {
                    let msg = format!(
                        "{}: `x` must be an object, found {}",
                        obj.what,
                        type_of_text(first.copied())
                    );
                    self.push(Code::E008, obj, Some("x"), msg);
                    None
                }
            };
        }
        match obj.map.get("x") {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(Extension::new(m)),
            Some(other) => {
                self.wrong_type(obj, "x", "an object", other);
                None
            }
        }
    }

    /// The items of a list field, each with its path.
    pub(super) fn list<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Vec<(String, &'v Value)> {
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

    pub(super) fn plan(&mut self, value: &Value) -> Option<PlanData> {
        let obj = self.object(value, String::new(), "the plan", PLAN_FIELDS, None)?;
        Some(self.plan_from(obj, Lists::default()))
    }

    /// The items of a list kept as raw text (`lists`), read one at a time by `read` (an
    /// item's value never outlives its reading), or the list under `key` in `obj`.
    fn items<T: Item>(&mut self, obj: &Obj, raw: Option<Items<T>>) -> Vec<T> {
        let key = T::LIST;
        match raw {
            Some(items) => {
                items.finish(key, self.diags, |diags, text, i| read_item(text, i, diags))
            }
            None => self.list_of(obj, key, |r, v, p| T::read(r, Object::Parsed(v), p)),
        }
    }

    /// The items of the list under `key` in `obj`, each read by `read`.
    fn list_of<T>(
        &mut self,
        obj: &Obj,
        key: &str,
        read: for<'x> fn(&mut Reader<'x>, &Value, String) -> Option<T>,
    ) -> Vec<T> {
        self.list(obj, key)
            .into_iter()
            .filter_map(|(p, v)| read(self, v, p))
            .collect()
    }

    /// The plan from its top-level fields and its lists of entities (`lists`, where the
    /// file's reader kept them apart; see [`read`]).
    pub(super) fn plan_from(&mut self, obj: Obj, lists: Lists) -> PlanData {
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
        let precision = match obj.map.get("precision") {
            None | Some(Value::Null) => DEFAULT_PRECISION,
            Some(Value::Number(n)) => match n.as_u64().and_then(|p| u32::try_from(p).ok()) {
                Some(p) if rules::precision_in_range(p) => p,
                _ => {
                    self.push(
                        Code::E008,
                        &obj,
                        Some("precision"),
                        rules::precision_error(n),
                    );
                    DEFAULT_PRECISION
                }
            },
            Some(other) => {
                self.wrong_type(&obj, "precision", "a whole number", other);
                DEFAULT_PRECISION
            }
        };
        let calendar = match obj.map.get("calendar") {
            None | Some(Value::Null) => Calendar::default(),
            Some(Value::String(name)) => Calendar::from_name(name).unwrap_or_else(|e| {
                self.push(
                    Code::E008,
                    &obj,
                    Some("calendar"),
                    format!("`calendar` {e}"),
                );
                Calendar::default()
            }),
            Some(other) => {
                self.wrong_type(&obj, "calendar", "a string", other);
                Calendar::default()
            }
        };
        let fiscal_year_start = self.text(&obj, "fiscal_year_start", false, false).and_then(
            |text| match MonthDay::read(&text) {
                Ok(start) => Some(start),
                Err(e) => {
                    let msg = format!("`fiscal_year_start` {e}");
                    self.push(Code::E009, &obj, Some("fiscal_year_start"), msg);
                    None
                }
            },
        );
        let org_units = match (&lists.org_units, obj.map.get("org_units")) {
            (None, None | Some(Value::Null)) => None,
            _ => Some(self.items(&obj, lists.org_units)),
        };
        let goals = self.items(&obj, lists.goals);
        let programs = self.items(&obj, lists.programs);
        // The items the scan did not read are read here, in order, by the readers that
        // explain problems.
        let projects = match lists.projects {
            Some(items) => items.finish("projects", self.diags, |diags, raw, i| {
                Reader::new(diags).streamed_project(raw, i)
            }),
            None => self.list_of(&obj, "projects", |r, v, p| r.project(Object::Parsed(v), p)),
        };
        let budget_lines = match lists.lines {
            Some(items) => items.finish("budget_lines", self.diags, |diags, raw, i| {
                Reader::new(diags).streamed_line(raw, i)
            }),
            None => self.list_of(&obj, "budget_lines", |r, v, p| r.line(v, p)),
        };
        let classifications = self.items(&obj, lists.classifications);
        let x = self.extension(&obj);
        PlanData {
            name,
            currency,
            precision,
            calendar,
            fiscal_year_start,
            org_units,
            goals,
            programs,
            projects,
            budget_lines,
            classifications,
            x,
        }
    }

    fn org_unit(&mut self, obj: Object, path: String) -> Option<OrgUnit> {
        let obj = self.entity(obj, path, "org unit", ORG_UNIT_FIELDS)?;
        Some(OrgUnit {
            id: self.text(&obj, "id", true, false).unwrap_or_default(),
            name: self.text(&obj, "name", false, false),
            kind: self.text(&obj, "kind", false, false),
            parent: self.text(&obj, "parent", false, false),
            x: self.extension(&obj).map(Box::new),
        })
    }

    /// Reads the object at `key` of `obj`, checked against `fields`, with `read`; `None`
    /// when absent or null (or, with a diagnostic, when it is not an object). A large one
    /// kept as text is read from it as entities are ([`Slots`]), never as a tree.
    pub(super) fn nested<R>(
        &mut self,
        obj: &Obj,
        key: &str,
        fields: &[&str],
        read: impl FnOnce(&mut Self, &Obj) -> Option<R>,
    ) -> Option<R> {
        let (path, what) = (obj.field_path(key), format!("{} {key}", obj.what));
        let parent = obj.entity.as_deref();
        let parsed;
        let value = match obj.map.object(key) {
            Some(text) => {
                if let Some(slots) = Slots::read(text, fields) {
                    let inner = self.open(&slots, path, &what, fields, parent);
                    return read(self, &inner);
                }
                parsed = self.raw_value(text, &path, &what)?;
                &parsed
            }
            None => obj.map.get(key).filter(|v| !v.is_null())?,
        };
        let inner = self.object(value, path, &what, fields, parent)?;
        read(self, &inner)
    }

    /// The links listed at `key` of `obj` (a program's `goals`, a project's `programs`):
    /// each the id at `target` and its share. A link that cannot be read is left out with
    /// its diagnostic.
    pub(super) fn links(
        &mut self,
        obj: &Obj,
        key: &str,
        target: &str,
        fields: &[&str],
    ) -> impl Iterator<Item = (String, Option<Decimal>)> {
        let what = format!("{}'s {target} link", obj.what);
        // Sized once where the items are counted: a list of a hundred thousand links is
        // not copied as it grows.
        let mut links = Vec::with_capacity(obj.map.items(key).map_or(0, RawItems::len));
        self.each_object(obj, key, &what, fields, obj.entity.as_deref(), |r, link| {
            let id = r.text(link, target, true, false);
            let share = r.share(link);
            if let Some(id) = id {
                links.push((id, share));
            }
        });
        links.into_iter()
    }

    fn measure(&mut self, obj: &Obj, key: &str) -> Option<Measure> {
        self.nested(obj, key, MEASURE_FIELDS, |r, m| {
            let v = r.number(m, "value", true, parse_decimal);
            let year = r.text(m, "year", true, true);
            Some(Measure {
                value: v?,
                year: year?,
            })
        })
    }

    fn indicators(&mut self, obj: &Obj) -> Vec<Indicator> {
        let mut out = Vec::new();
        self.each_object(
            obj,
            "indicators",
            "indicator",
            INDICATOR_FIELDS,
            None,
            |r, ind| {
                let id = r.text(ind, "id", true, false);
                let name = r.text(ind, "name", true, false);
                let unit = r.text(ind, "unit", false, false);
                let baseline = r.measure(ind, "baseline");
                let target = r.measure(ind, "target");
                let mut actuals = Vec::new();
                let parent = ind.entity.as_deref();
                r.each_object(ind, "actuals", "actual", MEASURE_FIELDS, parent, |r, a| {
                    let value = r.number(a, "value", true, parse_decimal);
                    let year = r.text(a, "year", true, true);
                    if let (Some(value), Some(year)) = (value, year) {
                        actuals.push(Measure { value, year });
                    }
                });
                let ascending = r.bool(ind, "ascending");
                let x = r.extension(ind);
                if let (Some(id), Some(name)) = (id, name) {
                    out.push(Indicator {
                        id,
                        name,
                        unit,
                        baseline,
                        target,
                        actuals,
                        ascending,
                        x: x.map(Box::new),
                    });
                }
            },
        );
        out
    }

    pub(super) fn share(&mut self, obj: &Obj) -> Option<Decimal> {
        self.number(obj, "share", false, parse_decimal)
    }

    fn goal(&mut self, obj: Object, path: String) -> Option<Goal> {
        let obj = self.entity(obj, path, "goal", GOAL_FIELDS)?;
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
            x: x.map(Box::new),
        })
    }

    fn program(&mut self, obj: Object, path: String) -> Option<Program> {
        let obj = self.entity(obj, path, "program", PROGRAM_FIELDS)?;
        let id = self.text(&obj, "id", true, false);
        let name = self.text(&obj, "name", true, false);
        let start = self.text(&obj, "start", false, true);
        let end = self.text(&obj, "end", false, true);
        let owner = self.text(&obj, "owner", false, false);
        let goals = self
            .links(&obj, "goals", "goal", GOAL_LINK_FIELDS)
            .map(|(goal, share)| GoalLink { goal, share })
            .collect();
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
            x: x.map(Box::new),
        })
    }
}
