//! The writer: a plan in its `goldthread/1` form, fields in the order of `fields.rs`,
//! written straight to the output by serde (a million-line plan never becomes a tree of
//! JSON values on the way). Reading it back gives the same plan.

use super::FORMAT;
use crate::model::*;
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// A plan as its file writes it: serialize it (`serde_json::to_writer_pretty`, …).
pub(crate) struct PlanFile<'a>(pub &'a PlanData);

/// The plan as a JSON value (for callers that want the tree).
pub(crate) fn to_value(data: &PlanData) -> Value {
    serde_json::to_value(PlanFile(data)).unwrap_or(Value::Null)
}

impl Serialize for PlanFile<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let data = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("format", FORMAT)?;
        m.serialize_entry("name", &data.name)?;
        opt(&mut m, "currency", data.currency.as_deref())?;
        m.serialize_entry("precision", &data.precision)?;
        if let Some(units) = &data.org_units {
            m.serialize_entry("org_units", &Each(units, OrgUnitFile))?;
        }
        m.serialize_entry("goals", &Each(&data.goals, GoalFile))?;
        m.serialize_entry("programs", &Each(&data.programs, ProgramFile))?;
        m.serialize_entry("projects", &Each(&data.projects, ProjectFile))?;
        m.serialize_entry("budget_lines", &Each(&data.budget_lines, LineFile))?;
        x(&mut m, data.x.as_ref())?;
        m.end()
    }
}

/// A list whose items `W` writes.
struct Each<'a, T, W>(&'a [T], W);

/// How one item is written.
trait Write<T> {
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
struct Text(Decimal);

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

fn opt<M: SerializeMap, V: Serialize + ?Sized>(
    m: &mut M,
    key: &str,
    value: Option<&V>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => m.serialize_entry(key, v),
        None => Ok(()),
    }
}

fn decimal<M: SerializeMap>(m: &mut M, key: &str, value: Option<Decimal>) -> Result<(), M::Error> {
    opt(m, key, value.map(Text).as_ref())
}

fn x<M: SerializeMap>(m: &mut M, x: Option<&Map<String, Value>>) -> Result<(), M::Error> {
    opt(m, "x", x)
}

/// `{kind: id, "share": …}`: a link up to a goal, a program or a project.
struct Link<'a>(&'a str, &'a str, Option<Decimal>);

impl Serialize for Link<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry(self.0, self.1)?;
        decimal(&mut m, "share", self.2)?;
        m.end()
    }
}

struct OrgUnitFile;

impl Write<OrgUnit> for OrgUnitFile {
    fn write<S: Serializer>(&self, u: &OrgUnit, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &u.id)?;
        opt(&mut m, "name", u.name.as_deref())?;
        opt(&mut m, "kind", u.kind.as_deref())?;
        opt(&mut m, "parent", u.parent.as_deref())?;
        x(&mut m, u.x.as_ref())?;
        m.end()
    }
}

struct GoalFile;

impl Write<Goal> for GoalFile {
    fn write<S: Serializer>(&self, g: &Goal, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &g.id)?;
        m.serialize_entry("name", &g.name)?;
        opt(&mut m, "parent", g.parent.as_deref())?;
        indicators(&mut m, &g.indicators)?;
        x(&mut m, g.x.as_ref())?;
        m.end()
    }
}

struct ProgramFile;

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
        x(&mut m, p.x.as_ref())?;
        m.end()
    }
}

struct ProjectFile;

impl Write<Project> for ProjectFile {
    fn write<S: Serializer>(&self, p: &Project, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &p.id)?;
        m.serialize_entry("name", &p.name)?;
        opt(&mut m, "tier", p.tier.as_deref())?;
        opt(&mut m, "org_unit", p.org_unit.as_deref())?;
        if !p.tags.is_empty() {
            m.serialize_entry("tags", &p.tags)?;
        }
        let links: Vec<Link> = p
            .programs
            .iter()
            .map(|l| Link("program", &l.program, l.share))
            .collect();
        m.serialize_entry("programs", &links)?;
        if let Some(sc) = &p.schedule {
            let schedule = Fields(&[
                ("start", sc.start.to_string()),
                ("finish", sc.finish.to_string()),
            ]);
            m.serialize_entry("schedule", &schedule)?;
        }
        decimal(&mut m, "estimate", p.estimate)?;
        if let Some(st) = &p.status {
            let status = Fields(&[
                ("as_of", st.as_of.to_string()),
                ("percent_complete", st.percent_complete.to_string()),
                ("actual_cost", st.actual_cost.to_string()),
            ]);
            m.serialize_entry("status", &status)?;
        }
        x(&mut m, p.x.as_ref())?;
        m.end()
    }
}

/// A small object of text fields, in order.
struct Fields<'a, const N: usize>(&'a [(&'a str, String); N]);

impl<const N: usize> Serialize for Fields<'_, N> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(N))?;
        for (key, value) in self.0 {
            m.serialize_entry(key, value)?;
        }
        m.end()
    }
}

struct LineFile;

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
        decimal(&mut m, "amount", Some(l.amount))?;
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
        x(&mut m, i.x.as_ref())?;
        m.end()
    }
}

fn indicators<M: SerializeMap>(m: &mut M, indicators: &[Indicator]) -> Result<(), M::Error> {
    if indicators.is_empty() {
        return Ok(());
    }
    m.serialize_entry("indicators", &Each(indicators, IndicatorFile))
}
