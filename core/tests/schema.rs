//! The JSON Schemas shipped in `schemas/` are the ones the types generate, and the
//! contract lists the core exports (money fields) agree with the report's types.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod common;

use serde_json::Value;
use std::collections::BTreeSet;

/// Compares a shipped file with a fresh generation; `GOLDTHREAD_BLESS=1` rewrites it.
fn shipped_matches(path: &str, fresh: &Value) {
    let fresh = format!("{}\n", serde_json::to_string_pretty(fresh).unwrap());
    let file = common::repo().join(path);
    if std::env::var_os("GOLDTHREAD_BLESS").is_some() {
        std::fs::write(&file, &fresh).unwrap();
        return;
    }
    let shipped = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        shipped == fresh,
        "{path} is not what the Rust types generate: regenerate it with \
         `GOLDTHREAD_BLESS=1 cargo test -p goldthread --test schema` and review the diff"
    );
}

#[test]
fn shipped_schemas_are_generated_from_the_types() {
    shipped_matches("schemas/plan.schema.json", &goldthread::schema::plan());
    shipped_matches("schemas/report.schema.json", &goldthread::schema::report());
    shipped_matches("schemas/diff.schema.json", &goldthread::schema::diff());
    shipped_matches(
        "schemas/scenario.schema.json",
        &goldthread::schema::scenario(),
    );
}

#[test]
fn diff_amount_fields_are_the_diffs_decimal_fields() {
    let mut from_types = BTreeSet::new();
    decimal_properties(&goldthread::schema::diff(), &mut from_types);
    let listed: BTreeSet<String> = goldthread::diff::DIFF_AMOUNT_FIELDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        listed, from_types,
        "DIFF_AMOUNT_FIELDS must list every money field of a diff"
    );
    // The bindings turn these names into decimals wherever they occur: none may name
    // anything else.
    let mut other = BTreeSet::new();
    properties(&goldthread::schema::diff(), false, &mut other);
    assert!(
        listed.is_disjoint(&other),
        "{:?}",
        listed.intersection(&other).collect::<Vec<_>>()
    );
}

/// Every property name whose schema is a decimal string, found anywhere in `schema`.
fn decimal_properties(schema: &Value, out: &mut BTreeSet<String>) {
    properties(schema, true, out)
}

/// Every property name whose schema is (`decimal`) or is not a decimal string.
fn properties(schema: &Value, decimal: bool, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, s) in props {
                    let is_decimal = serde_json::to_string(s)
                        .unwrap()
                        .contains("\"^-?\\\\d+(\\\\.\\\\d+)?$\"");
                    if is_decimal == decimal {
                        out.insert(name.clone());
                    }
                }
            }
            map.values().for_each(|v| properties(v, decimal, out));
        }
        Value::Array(items) => items.iter().for_each(|v| properties(v, decimal, out)),
        _ => {}
    }
}

#[test]
fn amount_fields_are_the_reports_decimal_fields() {
    let mut from_types = BTreeSet::new();
    decimal_properties(&goldthread::schema::report(), &mut from_types);
    let listed: BTreeSet<String> = goldthread::AMOUNT_FIELDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        listed, from_types,
        "AMOUNT_FIELDS must list every money field of the report"
    );
    assert!(listed.contains("rolled_up_amount") && listed.contains("spent"));
}

#[test]
fn the_plan_schema_names_every_field_the_reader_knows() {
    let schema = goldthread::schema::plan();
    let defs = &schema["$defs"];
    let line: BTreeSet<&str> = defs["BudgetLine"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // Every field of a budget line in the Isfahan example is one the schema declares.
    let plan: Value = serde_json::from_str(&common::read("examples/isfahan/plan.json")).unwrap();
    for l in plan["budget_lines"].as_array().unwrap() {
        for key in l.as_object().unwrap().keys() {
            assert!(line.contains(key.as_str()), "{key}");
        }
    }
    assert_eq!(defs["BudgetLine"]["additionalProperties"], false);
    assert_eq!(schema["required"][0], "format");
}
