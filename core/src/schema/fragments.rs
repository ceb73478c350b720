//! The schemas of the plan file's own kinds of value, which the model's fields name in
//! `#[schemars(with = …)]`: how a plan file may write a decimal, a label, an id.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

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

/// An exact JSON number (written from a decimal, never through a float).
pub(crate) struct ExactNumber;

impl JsonSchema for ExactNumber {
    fn schema_name() -> Cow<'static, str> {
        "ExactNumber".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact decimal number, written as a JSON number.",
            "type": "number"
        })
    }
}
