//! A mapping that extends a Fiscal Data Package: the package gives the model, a short TOML
//! says what a package cannot (which rows to keep, the fiscal year, nil cells, the rules)
//! or corrects it.
//!
//! ```toml
//! datapackage = "datapackage.json"   # relative to this file
//!
//! [where]
//! "Date published" = "2014-01-01T00:00:00"   # the budget as adopted, not its revision
//!
//! [constants]
//! year = "2014"
//! ```

use super::mapping::*;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The sections of an extending mapping; each given value adds to or overrides the
/// package's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Extension {
    datapackage: String,
    #[serde(default)]
    plan: PlanExtension,
    #[serde(default)]
    table: TableExtension,
    #[serde(default)]
    columns: Columns,
    #[serde(default)]
    scale: Scale,
    #[serde(default)]
    values: Values,
    #[serde(default, rename = "where")]
    filter: BTreeMap<String, OneOrMany>,
    #[serde(default, rename = "where_not")]
    filter_out: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    constants: Constants,
    #[serde(default)]
    names: super::mapping::Names,
    #[serde(default)]
    rules: RulesExtension,
    #[serde(default)]
    classifications: BTreeMap<String, super::mapping::ClassificationColumn>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanExtension {
    name: Option<String>,
    currency: Option<String>,
    precision: Option<u32>,
    encoding: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableExtension {
    delimiter: Option<String>,
    sheet: Option<SheetRef>,
    #[serde(default)]
    null_values: Vec<String>,
    decimal_mark: Option<String>,
    header_row: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesExtension {
    #[serde(default)]
    no_goal_values: Vec<String>,
    skip_zero_amounts: Option<bool>,
    definition_rows_without_amount: Option<bool>,
    one_program_per_goal: Option<bool>,
}

/// Sets `to` from `from` where `from` gives a value.
fn over<T: Clone>(to: &mut Option<T>, from: &Option<T>) {
    if from.is_some() {
        to.clone_from(from);
    }
}

/// A column the extension maps to a phase leaves the phase the package gave it, taking
/// its factor along unless the extension states one: a package's phase-less measure of
/// treasury payments becomes `spent = "Value"` and stops being the approved amount.
/// (The extension's own sections are borrowed `mut` only to share the accessors.)
fn move_measures(m: &mut Mapping, columns: &mut Columns, scale: &mut Scale) {
    let (package, extension) = (m.columns.amounts_mut(), columns.amounts_mut());
    let (scales, stated) = (m.scale.by_phase_mut(), scale.by_phase_mut());
    for (i, column) in extension.iter().enumerate() {
        let Some(column) = column.as_ref() else {
            continue;
        };
        for j in (0..5).filter(|&j| j != i && extension[j].is_none()) {
            if package[j].as_ref() == Some(column) {
                *package[j] = None;
                if stated[i].is_none() {
                    *scales[i] = scales[j].take();
                }
            }
        }
    }
}

impl Mapping {
    /// The descriptor a TOML mapping extends (`datapackage = "…"`, relative to the
    /// mapping), if it extends one: read it and pass both to [`Mapping::extend`].
    pub fn extends(text: &str) -> Option<String> {
        let value: toml::Table = toml::from_str(text).ok()?;
        value.get("datapackage")?.as_str().map(str::to_string)
    }

    /// A Fiscal Data Package descriptor (JSON text) extended by a TOML mapping: the
    /// package's mapping, with every section the TOML gives added (`where`, `values`, nil
    /// cells) or overriding (plan, table, columns, scale, constants, rules). The package's
    /// resources become relative to the mapping, as the TOML names the package.
    pub fn extend(toml_text: &str, descriptor: &str) -> Result<Mapping, MappingError> {
        let mut e: Extension =
            toml::from_str(toml_text).map_err(|e| MappingError::Syntax(e.to_string()))?;
        let value: serde_json::Value = serde_json::from_str(descriptor)
            .map_err(|err| MappingError::Datapackage(format!("{}: {err}", e.datapackage)))?;
        let (mut m, question) = Mapping::read_datapackage(&value)?;
        let dir = std::path::Path::new(&e.datapackage)
            .parent()
            .map(|p| p.to_string_lossy().to_string())
            .unwrap_or_default();
        if !dir.is_empty() {
            for r in &mut m.resources {
                *r = format!("{dir}/{r}");
            }
        }
        if let Some(name) = e.plan.name {
            m.plan.name = name;
        }
        over(&mut m.plan.currency, &e.plan.currency);
        if let Some(p) = e.plan.precision {
            m.plan.precision = p;
        }
        if let Some(enc) = e.plan.encoding {
            m.plan.encoding = enc;
        }
        over(&mut m.table.delimiter, &e.table.delimiter);
        over(&mut m.table.sheet, &e.table.sheet);
        over(&mut m.table.decimal_mark, &e.table.decimal_mark);
        over(&mut m.table.header_row, &e.table.header_row);
        m.table.null_values.extend(e.table.null_values);
        move_measures(&mut m, &mut e.columns, &mut e.scale);
        let (c, x) = (&mut m.columns, &e.columns);
        for (to, from) in [
            (&mut c.line_id, &x.line_id),
            (&mut c.line_name, &x.line_name),
            (&mut c.year, &x.year),
            (&mut c.org_unit, &x.org_unit),
            (&mut c.category, &x.category),
            (&mut c.direction, &x.direction),
            (&mut c.proposed, &x.proposed),
            (&mut c.amount, &x.amount),
            (&mut c.revised, &x.revised),
            (&mut c.committed, &x.committed),
            (&mut c.spent, &x.spent),
            (&mut c.line_share, &x.line_share),
            (&mut c.goal_id, &x.goal_id),
            (&mut c.goal_name, &x.goal_name),
            (&mut c.goal_parent_id, &x.goal_parent_id),
            (&mut c.goal_parent_name, &x.goal_parent_name),
            (&mut c.program_id, &x.program_id),
            (&mut c.program_name, &x.program_name),
            (&mut c.program_goal_share, &x.program_goal_share),
            (&mut c.project_id, &x.project_id),
            (&mut c.project_name, &x.project_name),
        ] {
            over(to, from);
        }
        for (to, from) in m
            .scale
            .by_phase_mut()
            .into_iter()
            .zip(e.scale.by_phase_mut())
        {
            over(to, from);
        }
        m.values.category.extend(e.values.category);
        m.filter.extend(e.filter);
        m.filter_out.extend(e.filter_out);
        m.classifications.extend(e.classifications);
        m.names.extend(e.names);
        let (k, x) = (&mut m.constants, &e.constants);
        over(&mut k.year, &x.year);
        over(&mut k.org_unit, &x.org_unit);
        over(&mut k.category, &x.category);
        over(&mut k.direction, &x.direction);
        // A year given by the extension wins over a column the package maps.
        if x.year.is_some() && e.columns.year.is_none() {
            m.columns.year = None;
        }
        // The package left the fiscal year open: the extension must answer it.
        if let Some(question) = question {
            if m.columns.year.is_none() && m.constants.year.is_none() {
                return Err(MappingError::Datapackage(question));
            }
        }
        let r = &e.rules;
        m.rules
            .no_goal_values
            .extend(r.no_goal_values.iter().cloned());
        for (to, from) in [
            (&mut m.rules.skip_zero_amounts, r.skip_zero_amounts),
            (
                &mut m.rules.definition_rows_without_amount,
                r.definition_rows_without_amount,
            ),
            (&mut m.rules.one_program_per_goal, r.one_program_per_goal),
        ] {
            if let Some(v) = from {
                *to = v;
            }
        }
        Ok(m)
    }
}
