//! The corpus of bad plans in tests/fixtures/bad: each gives exactly its diagnostic codes,
//! an error fails the load, and nothing panics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::Plan;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn every_bad_plan_gets_its_codes() {
    let dir = common::repo().join("tests/fixtures/bad");
    let manifest: BTreeMap<String, Vec<String>> =
        serde_json::from_str(&common::read("tests/fixtures/bad/expected-codes.json")).unwrap();
    assert!(manifest.len() >= 30);
    for (file, expected) in manifest {
        let bytes = std::fs::read(dir.join(&file)).unwrap();
        let err = Plan::from_slice(&bytes).expect_err(&file);
        let codes: BTreeSet<String> = err.diagnostics.iter().map(|d| d.code.to_string()).collect();
        let expected: BTreeSet<String> = expected.into_iter().collect();
        assert_eq!(codes, expected, "{file}");
        for d in &err.diagnostics {
            assert!(!d.message.is_empty(), "{file}");
            assert!(
                d.path.is_some() || d.line.is_some() || d.code.as_str() == "E008",
                "{file}: {d}"
            );
        }
        assert_eq!(
            goldthread::check(&bytes),
            err.diagnostics,
            "{file}: check agrees"
        );
    }
}

#[test]
fn every_error_code_is_exercised() {
    let manifest: BTreeMap<String, Vec<String>> =
        serde_json::from_str(&common::read("tests/fixtures/bad/expected-codes.json")).unwrap();
    let seen: BTreeSet<String> = manifest.into_values().flatten().collect();
    // E011 belongs to importing tables (tests/import_faults.rs): no plan file can hold it.
    for code in goldthread::Code::ALL {
        if code.severity() == goldthread::Severity::Error && code.as_str() != "E011" {
            assert!(seen.contains(code.as_str()), "{code} has no bad plan");
        }
    }
}

#[test]
fn diagnostics_name_entity_and_field() {
    let err = Plan::from_json(
        r#"{"format":"goldthread/1","name":"p","precision":0,
            "budget_lines":[{"id":"BL-7","year":"1398","amount":"12/5"}]}"#,
    )
    .unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!(d.entity.as_deref(), Some("BL-7"));
    assert_eq!(d.path.as_deref(), Some("/budget_lines/0/amount"));
    assert!(d.message.contains("budget line BL-7"), "{}", d.message);
    assert!(
        d.message.contains('٫') || d.message.contains("`.`"),
        "says what to write: {}",
        d.message
    );
}
