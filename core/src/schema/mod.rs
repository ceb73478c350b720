//! JSON Schemas of the plan file and the report, generated from the Rust types (schemars):
//! `goldthread schema plan|report` prints them, `schemas/` ships them, and editors check
//! plan files against them as people type. A schema checks shape only; the rules of SPEC
//! §2 (amounts against `precision`, unique ids, shares, dates) are the loader's.

use crate::model::PlanData;
use crate::report::Report;
pub(crate) mod fragments;

use crate::plan_file::FORMAT;
use schemars::generate::SchemaSettings;
use schemars::Schema;
use serde_json::Value;

/// The schema of a `goldthread/1` plan file (what the loader reads).
///
/// ```
/// let schema = goldthread::schema::plan();
/// assert_eq!(schema["properties"]["format"]["const"], "goldthread/1");
/// ```
pub fn plan() -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<PlanData>();
    plan_format(&mut schema);
    schema.to_value()
}

/// The schema of a `goldthread-report/1` report (what every report writes).
///
/// ```
/// let schema = goldthread::schema::report();
/// assert_eq!(schema["properties"]["format"]["const"], "goldthread-report/1");
/// ```
pub fn report() -> Value {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Report>()
        .to_value()
}

/// The schema of a `goldthread-diff/1` diff (SPEC §11).
///
/// ```
/// let schema = goldthread::schema::diff();
/// assert_eq!(schema["properties"]["format"]["const"], "goldthread-diff/1");
/// ```
pub fn diff() -> Value {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<crate::diff::Diff>()
        .to_value()
}

/// The schema of a `goldthread-scenario/1` scenario (SPEC §12).
///
/// ```
/// let schema = goldthread::schema::scenario();
/// assert_eq!(schema["properties"]["format"]["const"], "goldthread-scenario/1");
/// ```
pub fn scenario() -> Value {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<crate::scenario::Scenario>()
        .to_value()
}

/// The schema named `"plan"`, `"report"`, `"diff"` or `"scenario"`, as the bindings ask
/// for it.
///
/// ```
/// assert!(goldthread::schema::named("plan").is_ok());
/// assert_eq!(
///     goldthread::schema::named("budget").unwrap_err(),
///     "unknown schema \"budget\"; choose plan, report, diff or scenario"
/// );
/// ```
pub fn named(name: &str) -> Result<Value, String> {
    match name {
        "plan" => Ok(plan()),
        "report" => Ok(report()),
        "diff" => Ok(diff()),
        "scenario" => Ok(scenario()),
        other => Err(format!(
            "unknown schema {other:?}; choose plan, report, diff or scenario"
        )),
    }
}

/// The plan file's `format` tag, which [`PlanData`] does not keep.
fn plan_format(schema: &mut Schema) {
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.shift_insert(
            0,
            "format".into(),
            serde_json::json!({"description": "The format tag.", "const": FORMAT}),
        );
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.insert(0, "format".into());
    }
}
