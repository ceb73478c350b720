//! A Fiscal Data Package descriptor read as a mapping: measures by phase, dimensions by
//! type. The forms in use differ in where the model sits (at the top, or inside each
//! resource) and in what they say about reading the table (`dialect`); a form goldthread
//! cannot honour exactly is an error naming the form, never a guess.

use super::mapping::*;
use serde_json::Value;

/// Whether a JSON document is a Fiscal Data Package descriptor (resources, and a model at
/// the top or in a resource, or the pre-2016 `mapping`).
pub(super) fn is_datapackage(v: &Value) -> bool {
    let resources = v.get("resources").and_then(Value::as_array);
    v.get("model").is_some()
        || v.get("mapping").is_some()
        || resources.is_some_and(|rs| rs.iter().any(|r| r.get("model").is_some()))
}

fn bad(m: impl Into<String>) -> MappingError {
    MappingError::Datapackage(m.into())
}

impl Mapping {
    /// The mapping a Fiscal Data Package's model describes: measures by phase (`proposed`,
    /// `approved` or no phase → amount, `adjusted` → revised, `executed` → spent), their
    /// currency, direction and `factor` (an exact multiplier); dimensions by type —
    /// `datetime` → year, `activity` → program, a `functional` classification → goal (with
    /// its `parent` attribute as the parent goal), an `administrative` classification or an
    /// `entity` → org unit, an `economic` classification → category. The model may sit at
    /// the top or inside the resources (the same model in each); a resource's `dialect`
    /// gives the delimiter. What goldthread cannot honour exactly (measures in several
    /// currencies, two measures of one phase, the pre-2016 `mapping` form, resources with
    /// different models) is an error naming what was found.
    pub fn from_datapackage(dp: &Value) -> Result<Mapping, MappingError> {
        if dp.get("mapping").is_some() && dp.get("model").is_none() {
            return Err(bad(
                "this Fiscal Data Package uses the pre-2016 form (a top-level `mapping`), which is not supported; write a mapping TOML for its table (see README, \"Importing budget tables\")",
            ));
        }
        let name = dp
            .get("title")
            .or_else(|| dp.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("Fiscal Data Package")
            .to_string();
        let resources: Vec<&Value> = dp
            .get("resources")
            .and_then(Value::as_array)
            .map(|rs| rs.iter().collect())
            .unwrap_or_default();
        let model = model_of(dp, &resources)?;
        let mut mapping = Mapping {
            plan: MappingPlan {
                name,
                currency: None,
                precision: default_precision(),
                encoding: default_encoding(),
            },
            table: TableFormat::default(),
            columns: Columns::default(),
            scale: Scale::default(),
            wide: Wide::default(),
            values: Values::default(),
            filter: Default::default(),
            constants: Constants::default(),
            rules: Rules::default(),
            resources: resources
                .iter()
                .filter_map(|r| r.get("path").and_then(Value::as_str).map(str::to_string))
                .collect(),
        };
        measures(model, &mut mapping)?;
        dimensions(model, &mut mapping)?;
        mapping.table.delimiter = dialect_delimiter(&resources)?;
        Ok(mapping)
    }
}

/// The one model of the package: at the top, or the same in every resource that has one.
fn model_of<'a>(dp: &'a Value, resources: &[&'a Value]) -> Result<&'a Value, MappingError> {
    if let Some(m) = dp.get("model") {
        return Ok(m);
    }
    let mut models = resources.iter().filter_map(|r| r.get("model"));
    let first = models
        .next()
        .ok_or_else(|| bad("no `model`, at the top or in a resource"))?;
    if models.any(|m| m != first) {
        return Err(bad(
            "its resources have different models; import each resource with its own mapping",
        ));
    }
    Ok(first)
}

fn measures(model: &Value, mapping: &mut Mapping) -> Result<(), MappingError> {
    let measures = model["measures"]
        .as_object()
        .ok_or_else(|| bad("model.measures must be an object"))?;
    let (columns, scale) = (&mut mapping.columns, &mut mapping.scale);
    for (key, m) in measures {
        let source = m["source"]
            .as_str()
            .ok_or_else(|| bad(format!("measure {key} has no source column")))?;
        if let Some(c) = m["currency"].as_str() {
            if mapping
                .plan
                .currency
                .as_deref()
                .is_some_and(|have| have != c)
            {
                return Err(bad("measures in several currencies cannot be one plan"));
            }
            mapping.plan.currency = Some(c.to_string());
        }
        if let Some(d) = m["direction"].as_str() {
            mapping.constants.direction = Some(d.to_string());
        }
        let (slot, factor) = match m["phase"].as_str().unwrap_or("approved") {
            "proposed" => (&mut columns.proposed, &mut scale.proposed),
            "approved" => (&mut columns.amount, &mut scale.amount),
            "adjusted" => (&mut columns.revised, &mut scale.revised),
            "executed" => (&mut columns.spent, &mut scale.spent),
            other => return Err(bad(format!("measure {key} has an unknown phase {other:?}"))),
        };
        if slot.is_some() {
            return Err(bad(format!(
                "two measures share the phase of measure {key} (one measure per year or per phase without `phase` is a wide table: write a mapping TOML for it)"
            )));
        }
        *slot = Some(ColumnRef::One(source.to_string()));
        *factor = match &m["factor"] {
            Value::Null => None,
            // The number as written in the descriptor, never through a float.
            Value::Number(n) => Some(Multiplier::Text(n.to_string())),
            Value::String(s) => Some(Multiplier::Text(s.clone())),
            _ => {
                return Err(bad(format!(
                    "measure {key} has a factor that is not a number"
                )))
            }
        };
        if let Some(f) = factor {
            f.value().map_err(|e| {
                bad(format!(
                    "measure {key} has a factor that cannot be used: {e}"
                ))
            })?;
        }
    }
    if columns.amount.is_none() {
        return Err(bad(
            "no measure has the phase \"approved\" (or no phase): goldthread needs the approved amount",
        ));
    }
    Ok(())
}

fn dimensions(model: &Value, mapping: &mut Mapping) -> Result<(), MappingError> {
    let dimensions = model["dimensions"]
        .as_object()
        .ok_or_else(|| bad("model.dimensions must be an object"))?;
    let (columns, constants) = (&mut mapping.columns, &mut mapping.constants);
    for d in dimensions.values() {
        let attributes = d["attributes"].as_object().cloned().unwrap_or_default();
        // The identifying attribute: the first of the primary key, else `code`/`id`.
        let primary = match &d["primaryKey"] {
            Value::String(k) => Some(k.clone()),
            Value::Array(ks) => ks.first().and_then(Value::as_str).map(str::to_string),
            _ => None,
        }
        .or_else(|| {
            ["code", "id"]
                .iter()
                .find(|k| attributes.contains_key(**k))
                .map(|k| k.to_string())
        })
        .or_else(|| attributes.keys().next().cloned());
        let Some(primary) = primary else { continue };
        let attr = |k: &str| attributes.get(k);
        let source = |k: &str| {
            attr(k)
                .and_then(|a| a["source"].as_str())
                .map(|s| ColumnRef::One(s.to_string()))
        };
        let constant = |k: &str| {
            attr(k)
                .and_then(|a| a["constant"].as_str())
                .map(str::to_string)
        };
        let label = attributes
            .iter()
            .find(|(_, a)| a["labelfor"].as_str() == Some(primary.as_str()))
            .map(|(k, _)| k.clone())
            .or_else(|| {
                ["title", "label", "name"]
                    .iter()
                    .find(|k| attributes.contains_key(**k))
                    .map(|k| k.to_string())
            });
        let kind = d["dimensionType"].as_str().unwrap_or("other");
        let class = d["classificationType"].as_str().unwrap_or("");
        match (kind, class) {
            ("datetime", _) => {
                columns.year = source(&primary);
                constants.year = constant(&primary);
            }
            ("activity", _) => {
                columns.program_id = source(&primary);
                columns.program_name = label.as_deref().and_then(source);
            }
            ("classification", "functional") => {
                columns.goal_id = source(&primary);
                columns.goal_name = label.as_deref().and_then(source);
                if let Some(parent) = attr(&primary).and_then(|a| a["parent"].as_str()) {
                    columns.goal_parent_id = source(parent);
                }
            }
            ("classification", "administrative") | ("entity", _) => {
                columns.org_unit = source(&primary);
                constants.org_unit = constant(&primary);
            }
            ("classification", "economic") => {
                columns.category = source(&primary);
                constants.category = constant(&primary);
            }
            // Other dimensions carry nothing goldthread models.
            _ => {}
        }
    }
    Ok(())
}

/// The delimiter the resources' `dialect` gives: one for all, or none given.
fn dialect_delimiter(resources: &[&Value]) -> Result<Option<String>, MappingError> {
    let mut found: Option<String> = None;
    for r in resources {
        let Some(d) = r.pointer("/dialect/delimiter").and_then(Value::as_str) else {
            continue;
        };
        if found.as_deref().is_some_and(|f| f != d) {
            return Err(bad(
                "its resources give different delimiters; import each with its own mapping",
            ));
        }
        found = Some(d.to_string());
    }
    Ok(found)
}
