//! JSON Schemas of the plan file and the report, generated from the Rust types (schemars):
//! `goldthread schema plan|report` prints them, `schemas/` ships them, and editors check
//! plan files against them as people type. A schema checks shape only; the rules of SPEC
//! §2 (amounts against `precision`, unique ids, shares, dates) are the loader's.

use crate::model::PlanData;
use crate::report::Report;
use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;
use std::borrow::Cow;

/// The schema of a `goldthread/1` plan file (what the loader reads).
///
/// ```
/// let schema = goldthread::schema::plan();
/// assert_eq!(schema["properties"]["format"]["const"], "goldthread/1");
/// ```
pub fn plan() -> Value {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<PlanData>()
        .to_value()
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

/// A decimal number as a plan file may write it: a JSON string (preferred: exact in every
/// tool) or number, in Latin, Persian or Arabic-Indic digits with grouping marks (SPEC §2).
pub(crate) struct DecimalText;

impl JsonSchema for DecimalText {
    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A decimal number, exact: a string (\"1250000\", \"۱٬۲۵۰٬۰۰۰\", \"66.70\") or a JSON number.",
            "type": ["string", "number"]
        })
    }
}

/// A label such as a fiscal year: a string, or a whole number.
pub(crate) struct Label;

impl JsonSchema for Label {
    fn schema_name() -> Cow<'static, str> {
        "Label".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A label such as a fiscal year (\"1398\"): a string, or a whole number.",
            "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}]
        })
    }
}

/// A non-empty text (ids, names).
pub(crate) struct Text;

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "minLength": 1, "pattern": "\\S"})
    }
}

/// The plan file's `format` tag, which [`PlanData`] does not keep.
pub(crate) fn plan_format(schema: &mut Schema) {
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.shift_insert(
            0,
            "format".into(),
            serde_json::json!({"description": "The format tag.", "const": crate::FORMAT}),
        );
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.insert(0, "format".into());
    }
}
