//! The writer's parts: how each kind of value and entity of a plan file is written,
//! straight to the output by serde (a million-line plan never becomes a tree of JSON
//! values on the way). The plan itself is written in `mod.rs`; budget lines and projects
//! in their own files.

use crate::model::*;
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A list whose items `W` writes.
pub(super) struct Each<'a, T, W>(pub &'a [T], pub W);

/// How one item is written.
pub(super) trait Write<T> {
    fn write<S: Serializer>(&self, item: &T, s: S) -> Result<S::Ok, S::Error>;
}

/// One item with its writer, as a value serde can write.
struct With<'a, T, W>(&'a T, &'a W);

impl<T, W: Write<T>> Serialize for With<'_, T, W> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.1.write(self.0, s)
    }
}

impl<T, W: Write<T>> Serialize for Each<'_, T, W> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|item| With(item, &self.1)))
    }
}

/// A decimal as its exact text (`Decimal`'s own `Display`).
pub(super) struct Text(pub Decimal);

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

pub(super) fn opt<M: SerializeMap, V: Serialize + ?Sized>(
    m: &mut M,
    key: &str,
    value: Option<&V>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => m.serialize_entry(key, v),
        None => Ok(()),
    }
}

pub(super) fn decimal<M: SerializeMap>(
    m: &mut M,
    key: &str,
    value: Option<Decimal>,
) -> Result<(), M::Error> {
    opt(m, key, value.map(Text).as_ref())
}

pub(super) fn x<M: SerializeMap>(m: &mut M, x: Option<&Extension>) -> Result<(), M::Error> {
    opt(m, "x", x)
}

/// `{kind: id, "share": …}`: a link up to a goal, a program or a project.
pub(super) struct Link<'a>(pub &'a str, pub &'a str, pub Option<Decimal>);

impl Serialize for Link<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry(self.0, self.1)?;
        decimal(&mut m, "share", self.2)?;
        m.end()
    }
}

pub(super) struct OrgUnitFile;

impl Write<OrgUnit> for OrgUnitFile {
    fn write<S: Serializer>(&self, u: &OrgUnit, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &u.id)?;
        opt(&mut m, "name", u.name.as_deref())?;
        opt(&mut m, "kind", u.kind.as_deref())?;
        opt(&mut m, "parent", u.parent.as_deref())?;
        x(&mut m, u.x.as_deref())?;
        m.end()
    }
}

pub(super) struct GoalFile;

impl Write<Goal> for GoalFile {
    fn write<S: Serializer>(&self, g: &Goal, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &g.id)?;
        m.serialize_entry("name", &g.name)?;
        opt(&mut m, "parent", g.parent.as_deref())?;
        indicators(&mut m, &g.indicators)?;
        x(&mut m, g.x.as_deref())?;
        m.end()
    }
}

pub(super) struct ProgramFile;

impl Write<Program> for ProgramFile {
    fn write<S: Serializer>(&self, p: &Program, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &p.id)?;
        m.serialize_entry("name", &p.name)?;
        opt(&mut m, "start", p.start.as_deref())?;
        opt(&mut m, "end", p.end.as_deref())?;
        opt(&mut m, "owner", p.owner.as_deref())?;
        let links: Vec<Link> = p
            .goals
            .iter()
            .map(|l| Link("goal", &l.goal, l.share))
            .collect();
        m.serialize_entry("goals", &links)?;
        indicators(&mut m, &p.indicators)?;
        x(&mut m, p.x.as_deref())?;
        m.end()
    }
}

/// A small object of text fields, in order.
pub(super) struct Fields<'a, const N: usize>(pub &'a [(&'a str, String); N]);

impl<const N: usize> Serialize for Fields<'_, N> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(N))?;
        for (key, value) in self.0 {
            m.serialize_entry(key, value)?;
        }
        m.end()
    }
}

/// `{"value": …, "year": …}`.
struct MeasureFile<'a>(&'a Measure);

impl Serialize for MeasureFile<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("value", &Text(self.0.value))?;
        m.serialize_entry("year", &self.0.year)?;
        m.end()
    }
}

struct IndicatorFile;

impl Write<Indicator> for IndicatorFile {
    fn write<S: Serializer>(&self, i: &Indicator, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &i.id)?;
        m.serialize_entry("name", &i.name)?;
        opt(&mut m, "unit", i.unit.as_deref())?;
        opt(
            &mut m,
            "baseline",
            i.baseline.as_ref().map(MeasureFile).as_ref(),
        )?;
        opt(
            &mut m,
            "target",
            i.target.as_ref().map(MeasureFile).as_ref(),
        )?;
        if !i.actuals.is_empty() {
            let actuals: Vec<MeasureFile> = i.actuals.iter().map(MeasureFile).collect();
            m.serialize_entry("actuals", &actuals)?;
        }
        opt(&mut m, "ascending", i.ascending.as_ref())?;
        x(&mut m, i.x.as_deref())?;
        m.end()
    }
}

pub(super) fn indicators<M: SerializeMap>(
    m: &mut M,
    indicators: &[Indicator],
) -> Result<(), M::Error> {
    if indicators.is_empty() {
        return Ok(());
    }
    m.serialize_entry("indicators", &Each(indicators, IndicatorFile))
}
