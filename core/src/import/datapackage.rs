//! A Fiscal Data Package descriptor read as a mapping: measures by phase, dimensions by
//! type. The forms in use differ in where the model sits (at the top, inside each
//! resource, or under the pre-2016 name `mapping`), in how many levels a dimension has
//! (function → sub-function, programme → sub-programme) and in what they say about reading
//! the table (`dialect`, `fiscalPeriod`); a form goldthread cannot honour exactly is an
//! error naming the form, never a guess.

use super::mapping::*;
use serde_json::Value;

/// Whether a JSON document is a data package descriptor (it lists `resources`): read as a
/// Fiscal Data Package, or refused with what it lacks.
pub(super) fn is_datapackage(v: &Value) -> bool {
    v.get("resources").is_some_and(Value::is_array)
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
    /// `entity` → org unit, an `economic` classification → category, any other
    /// classification (another type, or a second of one) → a classification of the lines
    /// (SPEC §10) by its finest level. The model may sit at
    /// the top or inside the resources (the same model in each); a resource's `dialect`
    /// gives the delimiter; the pre-2016 `mapping` is read as the model. What goldthread
    /// cannot honour exactly (measures in several currencies, two measures of one phase,
    /// resources with different models, several datetime dimensions and no fiscal period)
    /// is an error naming what was found.
    pub fn from_datapackage(dp: &Value) -> Result<Mapping, MappingError> {
        match Mapping::read_datapackage(dp)? {
            (_, Some(question)) => Err(bad(question)),
            (mapping, None) => Ok(mapping),
        }
    }

    /// The mapping of a package, and the question it leaves open for an extending mapping
    /// to answer (which datetime dimension is the fiscal year), if any.
    pub(super) fn read_datapackage(dp: &Value) -> Result<(Mapping, Option<String>), MappingError> {
        // A package's title, else its name: an empty title (as packages made by a form
        // often have) names nothing.
        let text = |key: &str| {
            dp.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
        };
        let name = text("title")
            .or_else(|| text("name"))
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
            filter_out: Default::default(),
            constants: Constants::default(),
            names: Names::default(),
            rules: Rules::default(),
            classifications: Default::default(),
            resources: resources
                .iter()
                .filter_map(|r| r.get("path").and_then(Value::as_str).map(str::to_string))
                .collect(),
        };
        for path in &mapping.resources {
            resource_path(path)?;
        }
        measures(model, &mut mapping)?;
        let question = dimensions(dp, model, &mut mapping)?;
        // Each row of a package names its own function: its money goes there (SPEC §9).
        mapping.rules.one_program_per_goal = true;
        mapping.table.delimiter = dialect_delimiter(&resources)?;
        Ok((mapping, question))
    }
}

/// A resource's path must stay inside the package's folder (the Data Package spec forbids
/// absolute paths and `..`): a descriptor from elsewhere must not make goldthread read,
/// and echo, any other file.
fn resource_path(path: &str) -> Result<(), MappingError> {
    let p = std::path::Path::new(path);
    let escapes = p.is_absolute()
        || path.starts_with(['/', '\\'])
        || path.contains("://")
        || path.get(1..2) == Some(":")
        || p.components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
        || path.split(['/', '\\']).any(|part| part == "..");
    if escapes {
        return Err(bad(format!(
            "resource path {path:?} leaves the package's folder (an absolute path, `..` or a URL, which the Data Package spec forbids); goldthread reads only files beside the descriptor"
        )));
    }
    Ok(())
}

/// The one model of the package: at the top (`model`, or `mapping` in the pre-2016 form),
/// or the same in every resource that has one.
fn model_of<'a>(dp: &'a Value, resources: &[&'a Value]) -> Result<&'a Value, MappingError> {
    if let Some(m) = dp.get("model").or_else(|| dp.get("mapping")) {
        return Ok(m);
    }
    let mut models = resources.iter().filter_map(|r| r.get("model"));
    let first = models.next().ok_or_else(|| {
        bad("this data package has no `model` (at the top, as the pre-2016 `mapping`, or in a resource): it is not a Fiscal Data Package; write a mapping TOML for its table")
    })?;
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
                "two measures share the phase of measure {key}: write a mapping TOML of its own, not one that extends the package, that maps the measure to keep to its phase (spent = \"…\"), or, for one measure per year, names each year's column under [wide.amount]"
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
    if measures.is_empty() {
        return Err(bad("model.measures is empty: no column holds money"));
    }
    Ok(())
}

/// A dimension's levels, coarsest first: each identifying attribute with its label's
/// attribute. The levels are the primary key's attributes in order (a `parent` names the
/// level above), else the one attribute `code`, `id` or the first.
struct Levels {
    ids: Vec<String>,
    labels: Vec<Option<String>>,
}

impl Levels {
    fn of(d: &Value) -> Option<Levels> {
        let attributes = d["attributes"].as_object()?;
        let mut ids: Vec<String> = match &d["primaryKey"] {
            Value::String(k) => vec![k.clone()],
            Value::Array(ks) => ks
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        if ids.is_empty() {
            let one = ["code", "id"]
                .iter()
                .find(|k| attributes.contains_key(**k))
                .map(|k| k.to_string())
                .or_else(|| attributes.keys().next().cloned())?;
            ids.push(one);
        }
        // Coarsest first: a level whose `parent` is another level comes after it.
        let most = ids.len();
        ids.sort_by_key(|id| {
            let mut depth = 0;
            let mut at = id.clone();
            while let Some(p) = attributes.get(&at).and_then(|a| a["parent"].as_str()) {
                depth += 1;
                if depth > most {
                    break;
                }
                at = p.to_string();
            }
            depth
        });
        let labels = ids
            .iter()
            .map(|id| {
                attributes
                    .iter()
                    .find(|(_, a)| a["labelfor"].as_str() == Some(id.as_str()))
                    .map(|(k, _)| k.clone())
            })
            .collect();
        Some(Levels { ids, labels })
    }
}

/// Maps the dimensions; returns the question of the fiscal year where several datetime
/// dimensions leave it open.
fn dimensions(
    dp: &Value,
    model: &Value,
    mapping: &mut Mapping,
) -> Result<Option<String>, MappingError> {
    let dimensions = model["dimensions"]
        .as_object()
        .ok_or_else(|| bad("model.dimensions must be an object"))?;
    let fiscal_year = fiscal_period_year(dp)?;
    let mut datetimes = Vec::new();
    for (key, d) in dimensions {
        let Some(levels) = Levels::of(d) else {
            continue;
        };
        let attributes = d["attributes"].as_object().cloned().unwrap_or_default();
        let source = |k: &str| {
            attributes
                .get(k)
                .and_then(|a| a["source"].as_str())
                .map(str::to_string)
        };
        let constant = |k: &str| {
            attributes
                .get(k)
                .and_then(|a| a["constant"].as_str())
                .map(str::to_string)
        };
        // Every level's column: codes joined into one id, labels into one name.
        let all = |names: &[String]| -> Option<ColumnRef> {
            let found: Vec<String> = names.iter().filter_map(|n| source(n)).collect();
            match found.len() {
                0 => None,
                1 => found.into_iter().next().map(ColumnRef::One),
                _ => Some(ColumnRef::Many(found)),
            }
        };
        let labels: Vec<String> = levels.labels.iter().flatten().cloned().collect();
        let leaf = levels.ids.last().cloned().unwrap_or_default();
        // The column naming the finest level's codes, if the dimension has one.
        let leaf_label = levels
            .labels
            .last()
            .cloned()
            .flatten()
            .and_then(|l| source(&l))
            .map(ColumnRef::One);
        let kind = d["dimensionType"].as_str().unwrap_or("other");
        let class = d["classificationType"].as_str().unwrap_or("");
        match (kind, class) {
            ("datetime", _) => datetimes.push((key.clone(), source(&leaf), constant(&leaf))),
            ("activity", _) => {
                mapping.columns.program_id = all(&levels.ids);
                mapping.columns.program_name = all(&labels);
            }
            ("classification", "functional") if mapping.columns.goal_id.is_none() => {
                // The finest level is the goal, the level above its parent goal.
                if levels.ids.len() > 2 {
                    return Err(bad(format!(
                        "the functional classification {key} has {} levels ({}); goldthread reads a goal and its parent: write a mapping TOML that joins the levels you need",
                        levels.ids.len(),
                        levels.ids.join(", ")
                    )));
                }
                mapping.columns.goal_id = source(&leaf).map(ColumnRef::One);
                mapping.columns.goal_name = leaf_label.clone();
                if let [parent, _] = levels.ids.as_slice() {
                    mapping.columns.goal_parent_id = source(parent).map(ColumnRef::One);
                    mapping.columns.goal_parent_name = levels.labels[0]
                        .as_deref()
                        .and_then(source)
                        .map(ColumnRef::One);
                }
            }
            ("classification", "administrative") | ("entity", _)
                if mapping.columns.org_unit.is_none() =>
            {
                mapping.columns.org_unit = all(&levels.ids);
                mapping.constants.org_unit = constant(&leaf);
            }
            ("classification", "economic") if mapping.columns.category.is_none() => {
                mapping.columns.category = all(&levels.ids);
                mapping.constants.category = constant(&leaf);
            }
            // Any other classification (a programme structure, a second administrative or
            // economic one, a `classificationType` goldthread has no role for) classifies
            // each line by its finest level's code (SPEC §10): nothing of it is dropped.
            ("classification", _) => {
                let Some(column) = source(&leaf) else {
                    continue;
                };
                let code_name = leaf_label.clone();
                let name = d["title"].as_str().unwrap_or(key).to_string();
                mapping.classifications.insert(
                    key.clone(),
                    ClassificationColumn {
                        name,
                        column: Some(ColumnRef::One(column)),
                        code_name,
                        ..ClassificationColumn::default()
                    },
                );
            }
            // Other dimensions (a second entity, a supplier, a description) carry nothing
            // goldthread models.
            _ => {}
        }
    }
    match (fiscal_year, datetimes.as_slice()) {
        // The package states its fiscal period: that is the year, whatever dates the rows
        // carry (a date of publication is no fiscal year).
        (Some(year), _) => mapping.constants.year = Some(year),
        (None, [(_, column, constant)]) => {
            mapping.columns.year = column.clone().map(ColumnRef::One);
            mapping.constants.year = constant.clone();
        }
        (None, []) => {}
        (None, many) => {
            let names: Vec<&str> = many.iter().map(|(k, _, _)| k.as_str()).collect();
            return Ok(Some(format!(
                "it has {} datetime dimensions ({}) and no fiscalPeriod: which is the fiscal year? Extend it with a mapping TOML that sets [constants] year or maps the year column",
                names.len(),
                names.join(", ")
            )));
        }
    }
    Ok(None)
}

/// The fiscal year `fiscalPeriod` states: the start's year for a period of one year or
/// less, `start/end` for a longer one.
fn fiscal_period_year(dp: &Value) -> Result<Option<String>, MappingError> {
    let Some(period) = dp.get("fiscalPeriod") else {
        return Ok(None);
    };
    let date = |k: &str| {
        period[k]
            .as_str()
            .and_then(crate::date::Date::parse)
            .ok_or_else(|| bad(format!("fiscalPeriod.{k} is not a date (YYYY-MM-DD)")))
    };
    let start = date("start")?;
    let Ok(end) = date("end") else {
        return Ok(Some(start.year().to_string()));
    };
    let one_year = end.day_number() - start.day_number() <= 366;
    Ok(Some(if one_year {
        start.year().to_string()
    } else {
        format!("{}/{}", start.year(), end.year())
    }))
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
