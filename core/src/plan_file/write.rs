//! The writer: a plan as a `goldthread/1` JSON value, fields in the order of `fields.rs`.

use super::FORMAT;
use crate::model::*;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

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
