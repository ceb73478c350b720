//! A budget line in the plan file, in one place: its fields (declared once for the scanner
//! and the general reader), the scanner that reads the usual shape in one pass, how the
//! general reader reads any other line and names its problems, and how a line is written.
//! Adding a field to a budget line touches `model.rs`, this file, and `rules.rs` if the
//! field has a rule.
//!
//! The scanner is the reader's fastest path. A plan of a million lines is mostly budget
//! lines written one way: an object of string fields and a list of funding links. It reads
//! exactly that shape straight into a [`BudgetLine`] — each text copied once, from the input
//! into the line, and each amount parsed where it is met — and gives up (returns `None`) on
//! anything else: an escape in a string, a number, an unknown field, `x`, a value that
//! cannot be read (an amount that is not a number), so that the general reader takes over.
//! Both read shape only: the rules of values are `crate::rules`'. Whatever line the scanner
//! reads, it reads as the general reader does (a property test in `tests.rs` checks both).
//! The input has already been read once as valid JSON by the stream reader; the scanner
//! still checks every byte it relies on, so malformed text only makes it give up.

use super::fields::{object_fields, FUNDING_FIELDS};
use super::reader::{Obj, Reader};
use super::scan::cursor::{scan_whole, Cursor};
use super::slots::{depth, scalar_value, A_LIST, SMALL};
use super::slots::{Fields, Key, RawItems};
use super::write::{decimal, opt, x, Link, Write};
use super::MAX_DEPTH;
use crate::amount::{parse_decimal, read_amount};
use crate::diagnostics::{Code, Diags};
use crate::model::{BudgetLine, CompactString, Direction, FundTarget, Funding};
use serde::de::{Deserialize, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;

object_fields! {
    /// A budget line's fields.
    LINE_FIELDS, LineField {
        Id = "id",
        Name = "name",
        Year = "year",
        OrgUnit = "org_unit",
        Category = "category",
        Direction = "direction",
        Proposed = "proposed",
        Amount = "amount",
        Revised = "revised",
        Committed = "committed",
        Spent = "spent",
        Funds = "funds",
    }
    general only: "x"
}

use LineField as Field;

/// Reads one budget line object, or `None` when it is not of the usual shape.
pub(crate) fn scan_line(text: &str) -> Option<BudgetLine> {
    scan_whole(text, scan_line_at)
}

/// Reads the budget line object that starts at byte `at` of `text` (after white space)
/// into `out`, a default line (a million lines are then each written once, where they
/// stay), and returns where it ends; `None` when it is not of the usual shape, with `out`
/// partly written (the caller replaces it).
pub(crate) fn scan_line_at(text: &str, at: usize, out: &mut BudgetLine) -> Option<usize> {
    let mut c = Cursor { text, at };
    let text_of = |t: Option<&str>| t.map(CompactString::from);
    let amount = |t: Option<&str>| match t {
        Some(t) => read_amount(t).ok().map(Some),
        None => Some(None),
    };
    let seen = c.object(|c, field| {
        match field {
            Field::Id => out.id = CompactString::from(c.text_or_null()??),
            Field::Name => out.name = text_of(c.text_or_null()?),
            Field::Year => out.year = CompactString::from(c.text_or_null()??),
            Field::OrgUnit => out.org_unit = text_of(c.text_or_null()?),
            Field::Category => out.category = text_of(c.text_or_null()?),
            Field::Direction => {
                out.direction = match c.text_or_null()? {
                    None | Some("expenditure") => Direction::Expenditure,
                    Some("revenue") => Direction::Revenue,
                    Some(_) => return None,
                }
            }
            Field::Proposed => out.proposed = amount(c.text_or_null()?)?,
            Field::Amount => out.amount = amount(c.text_or_null()?)?,
            Field::Revised => out.revised = amount(c.text_or_null()?)?,
            Field::Committed => out.committed = amount(c.text_or_null()?)?,
            Field::Spent => out.spent = amount(c.text_or_null()?)?,
            Field::Funds => out.funds = c.funds()?,
        }
        Some(())
    })?;
    // Required: an id and a year (that the texts are not blank, that some phase is given
    // and that the amounts obey the plan's precision are rules, crate::rules).
    seen.has(&[Field::Id, Field::Year]).then_some(c.at)
}

impl Cursor<'_> {
    /// A list of funding links: `{"project": …}` or `{"program": …}`, each maybe with a
    /// `share` (a string or null).
    fn funds(&mut self) -> Option<Vec<Funding>> {
        self.list(Cursor::link)
    }

    fn link(&mut self) -> Option<Funding> {
        let (mut target, mut share) = (None, None);
        self.expect(b'{')?;
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            match key {
                "project" if target.is_none() => {
                    target = Some(FundTarget::Project(CompactString::from(self.string()?)));
                }
                "program" if target.is_none() => {
                    target = Some(FundTarget::Program(CompactString::from(self.string()?)));
                }
                "share" if share.is_none() => {
                    share = Some(match self.text_or_null()? {
                        Some(text) => Some(parse_decimal(text).ok()?),
                        None => None,
                    })
                }
                _ => return None,
            }
            if self.after_item(b'}')? {
                return Some(Funding {
                    target: target?,
                    share: share.flatten(),
                });
            }
        }
    }
}

/// The fields of one budget line, read from the stream into slots by name: no map, no
/// key strings, one value per field; a list of funding links as its items' text, read one
/// at a time (see `slots.rs`).
struct LineFields<'de> {
    slots: [Option<Value>; LINE_FIELDS.len()],
    funds: Option<RawItems<'de>>,
    x: Option<&'de RawValue>,
    unknown: Vec<Key<'de>>,
}

impl Fields for LineFields<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        if key == "funds" && self.funds.is_some() {
            return Some(&A_LIST);
        }
        let i = LINE_FIELDS.iter().position(|k| *k == key)?;
        self.slots[i].as_ref()
    }

    fn unknown<'a>(&'a self, _known: &'a [&'a str]) -> Box<dyn Iterator<Item = &'a str> + 'a> {
        Box::new(self.unknown.iter().map(|k| &*k.0))
    }

    fn items(&self, key: &str) -> Option<&RawItems<'_>> {
        (key == "funds").then_some(self.funds.as_ref()).flatten()
    }

    fn text(&self, key: &str) -> Option<&str> {
        (key == "x").then_some(self.x.map(RawValue::get)).flatten()
    }
}

impl<'de> Deserialize<'de> for LineFields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LineFields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a budget line object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LineFields<'de>, A::Error> {
                let mut fields = LineFields {
                    slots: Default::default(),
                    funds: None,
                    x: None,
                    unknown: Vec::new(),
                };
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match LINE_FIELDS.iter().position(|k| *k == key.0) {
                        Some(i) if key.0 == "funds" => {
                            let raw: &'de RawValue = map.next_value()?;
                            let read = |e: serde_json::Error| A::Error::custom(e);
                            let text = raw.get();
                            // A short list is read as a value (see slots::SMALL).
                            if text.starts_with('[')
                                && text.len() >= SMALL
                                && depth(text) <= MAX_DEPTH
                            {
                                fields.funds = Some(serde_json::from_str(raw.get()).map_err(read)?);
                            } else {
                                fields.slots[i] = Some(scalar_value(raw.get()).map_err(read)?);
                            }
                        }
                        Some(i) if key.0 == "x" => {
                            let raw: &'de RawValue = map.next_value()?;
                            if depth(raw.get()) <= MAX_DEPTH {
                                fields.x = Some(raw);
                            } else {
                                let read = |e: serde_json::Error| A::Error::custom(e);
                                fields.slots[i] =
                                    Some(serde_json::from_str(raw.get()).map_err(read)?);
                            }
                        }
                        Some(i) => {
                            // Every other field of a line is a text or a number: a large
                            // list or object there is named by its type, never a tree.
                            let raw: &'de RawValue = map.next_value()?;
                            let read = |e: serde_json::Error| A::Error::custom(e);
                            fields.slots[i] = Some(scalar_value(raw.get()).map_err(read)?);
                        }
                        None => {
                            // (A key given twice was named before: `keys.rs`.)
                            map.next_value::<IgnoredAny>()?;
                            fields.unknown.push(key);
                        }
                    }
                }
                Ok(fields)
            }
        }
        d.deserialize_map(V)
    }
}

/// A budget line the scan found unusual, read the general way as it is met, its problems
/// added to `diags` (never kept as text: a list of a million `{}` holds no million texts).
pub(crate) fn read_unusual_line(text: &str, i: usize, diags: &mut Diags) -> Option<BudgetLine> {
    Reader::new(diags).streamed_line(text, i)
}

impl Reader<'_> {
    /// A budget line kept as raw JSON by the stream reader: the usual shape in one scan,
    /// anything else (escapes, `x`, a wrong type, an unknown field, a bad amount) field by
    /// field the general way, which names every problem, without building a map.
    pub(super) fn streamed_line(&mut self, text: &str, i: usize) -> Option<BudgetLine> {
        if let Some(line) = scan_line(text) {
            return Some(line);
        }
        let path = format!("/budget_lines/{i}");
        if let Some(d) = super::keys::repeated_key_diagnostic(text) {
            self.diags.push(d.at(path));
            return None;
        }
        if !text.starts_with('{') {
            let value = self.raw_value(text, &path, "budget line")?;
            return self.line(&value, path);
        }
        match serde_json::from_str::<LineFields>(text) {
            Ok(fields) => {
                let obj = self.open(&fields, path, "budget line", LINE_FIELDS, None);
                Some(self.line_from(&obj))
            }
            // The text is valid JSON (the stream reader read it): a field the JSON reader
            // cannot hold (nested too deep) is named at its own path, the rest read.
            Err(_) => {
                let value = self.raw_value(text, &path, "budget line")?;
                self.line(&value, path)
            }
        }
    }

    pub(super) fn line(&mut self, value: &Value, path: String) -> Option<BudgetLine> {
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
                    "{}: `direction` is {:?}; write \"expenditure\" or \"revenue\"",
                    obj.what,
                    crate::amount::cut(other)
                );
                self.push(Code::E008, obj, Some("direction"), msg);
                Direction::Expenditure
            }
        };
        let proposed = self.amount(obj, "proposed", false);
        let amount = self.amount(obj, "amount", false);
        let revised = self.amount(obj, "revised", false);
        let committed = self.amount(obj, "committed", false);
        let spent = self.amount(obj, "spent", false);
        let mut funds = Vec::new();
        let what = format!("{}'s funding link", obj.what);
        let parent = obj.entity.as_deref();
        self.each_object(obj, "funds", &what, FUNDING_FIELDS, parent, |r, link| {
            let project = r.text(link, "project", false, false);
            let program = r.text(link, "program", false, false);
            let share = r.share(link);
            let target = match (project, program) {
                (Some(p), None) => FundTarget::Project(p.into()),
                (None, Some(p)) => FundTarget::Program(p.into()),
                (Some(_), Some(_)) => {
                    let msg = format!(
                        "{}: a funding link names either a `project` or a `program`, not both; write two links",
                        obj.what
                    );
                    r.push(Code::E008, link, None, msg);
                    return;
                }
                (None, None) => {
                    let msg = format!(
                        "{}: a funding link must name a `project` or a `program`",
                        obj.what
                    );
                    r.push(Code::E008, link, None, msg);
                    return;
                }
            };
            funds.push(Funding { target, share });
        });
        let x = self.extension(obj);
        BudgetLine {
            id: id.unwrap_or_default().into(),
            name: name.map(Into::into),
            year: year.unwrap_or_default().into(),
            org_unit: org_unit.map(Into::into),
            category: category.map(Into::into),
            direction,
            proposed,
            amount,
            revised,
            committed,
            spent,
            funds,
            x: x.map(Box::new),
        }
    }
}

pub(super) struct LineFile;

impl Write<BudgetLine> for LineFile {
    fn write<S: Serializer>(&self, l: &BudgetLine, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", l.id.as_str())?;
        opt(&mut m, "name", l.name.as_deref())?;
        m.serialize_entry("year", l.year.as_str())?;
        opt(&mut m, "org_unit", l.org_unit.as_deref())?;
        opt(&mut m, "category", l.category.as_deref())?;
        if l.direction == Direction::Revenue {
            m.serialize_entry("direction", l.direction.as_str())?;
        }
        decimal(&mut m, "proposed", l.proposed)?;
        decimal(&mut m, "amount", l.amount)?;
        decimal(&mut m, "revised", l.revised)?;
        decimal(&mut m, "committed", l.committed)?;
        decimal(&mut m, "spent", l.spent)?;
        if !l.funds.is_empty() {
            let links: Vec<Link> = l
                .funds
                .iter()
                .map(|f| match &f.target {
                    FundTarget::Project(id) => Link("project", id, f.share),
                    FundTarget::Program(id) => Link("program", id, f.share),
                })
                .collect();
            m.serialize_entry("funds", &links)?;
        }
        x(&mut m, l.x.as_deref())?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_shape() {
        let line = scan_line(
            r#" { "id":"BL1", "year" : "1398","org_unit":"D1","category":null,"amount":"12.5",
                "direction":"revenue","funds":[{"project":"PJ1","share":"0.5"},{"program":"PR2","share":null}] } "#,
        )
        .unwrap();
        assert_eq!(line.id, "BL1");
        assert_eq!(line.year, "1398");
        assert_eq!(line.org_unit.as_deref(), Some("D1"));
        assert_eq!(line.category, None);
        assert_eq!(line.amount, Some(rust_decimal::Decimal::new(125, 1)));
        assert_eq!(line.direction, Direction::Revenue);
        assert_eq!(
            line.funds,
            vec![
                Funding {
                    target: FundTarget::Project("PJ1".into()),
                    share: Some(rust_decimal::Decimal::new(5, 1))
                },
                Funding {
                    target: FundTarget::Program("PR2".into()),
                    share: None
                }
            ]
        );
        let persian =
            scan_line(r#"{"id":"ب۱","year":"۱۳۹۸","amount":"۱۲٫۵","spent":"۳","funds":[]}"#)
                .unwrap();
        assert_eq!(persian.id, "ب۱");
        assert_eq!(persian.amount, Some(rust_decimal::Decimal::new(125, 1)));
        assert_eq!(persian.spent, Some(rust_decimal::Decimal::new(3, 0)));
        assert!(persian.funds.is_empty());
    }

    #[test]
    fn gives_up_on_anything_unusual() {
        for text in [
            r#"{"id":"a\"b","year":"1","amount":"1"}"#,
            r#"{"id":"a","year":1398,"amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":"1","x":{}}"#,
            r#"{"id":"a","id":"b","year":"1","amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":"1","colour":"red"}"#,
            r#"{"id":"a","year":"1","amount":"1","direction":"sideways"}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":null}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"share":"1"}]}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"project":"p","share":"half"}]}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"project":"p","program":"q"}]}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"project":"p"}"#,
            r#"{"id":"a","year":"1","amount":"1"} trailing"#,
            // Missing required fields.
            r#"{"id":null,"year":"1","amount":"1"}"#,
            r#"{"id":"a","amount":"1"}"#,
            "{}",
            r#"{"id":"a","year":"1","amount":"1""#,
            r#"{"id":"a""#,
            r#"{"id":nul}"#,
            "",
            "[]",
        ] {
            assert_eq!(scan_line(text), None, "{text}");
        }
    }

    #[test]
    fn reads_values_only_the_rules_refuse() {
        // Shape only: a blank id, too many places, a negative amount are the rules' to name
        // (crate::rules), with the same message whichever reader read the line.
        for text in [
            r#"{"id":" ","year":"1","amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":"1.234"}"#,
            // No phase at all: the rules say so.
            r#"{"id":"a","year":"1","amount":null}"#,
            r#"{"id":"a","year":"1"}"#,
            r#"{"id":"a","year":"1","amount":"1","spent":"-1"}"#,
        ] {
            assert!(scan_line(text).is_some(), "{text}");
        }
    }
}
