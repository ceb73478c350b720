//! The hand-worked vectors of shared/vectors: each report must contain the expected
//! values exactly (amounts compared as decimals, so "0" equals "0.00").

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use goldthread::{Phase, Plan, Scope};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/vectors")
}

/// Asserts that `actual` contains `expected`: objects key by key, lists of objects with an
/// `id` matched by id, decimal strings as decimals, numbers as numbers.
fn assert_contains(expected: &Value, actual: &Value, at: &str) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                if at.is_empty() && k == "format" {
                    continue;
                }
                let av = a
                    .get(k)
                    .unwrap_or_else(|| panic!("{at}/{k} missing in report"));
                assert_contains(ev, av, &format!("{at}/{k}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, ev) in e.iter().enumerate() {
                let found = match ev.get("id") {
                    Some(id) => a.iter().find(|x| x.get("id") == Some(id)),
                    None => a.get(i),
                };
                let av = found
                    .unwrap_or_else(|| panic!("{at}/{i} ({:?}) missing in report", ev.get("id")));
                assert_contains(ev, av, &format!("{at}/{i}"));
            }
            if e.is_empty() {
                assert!(a.is_empty(), "{at}: expected an empty list, got {a:?}");
            }
        }
        (Value::String(e), Value::String(a)) => {
            match (Decimal::from_str(e), Decimal::from_str(a)) {
                (Ok(e), Ok(a)) => assert_eq!(e, a, "{at}"),
                _ => assert_eq!(e, a, "{at}"),
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap(), a.as_f64().unwrap());
            assert!((e - a).abs() < 1e-12, "{at}: expected {e}, got {a}");
        }
        _ => assert_eq!(expected, actual, "{at}"),
    }
}

fn check_vector(name: &str) {
    let dir = fixtures();
    let plan_text = std::fs::read_to_string(dir.join(format!("{name}.plan.json"))).unwrap();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap(),
    )
    .unwrap();
    let plan = Plan::from_json(&plan_text).unwrap();
    let report = serde_json::to_value(plan.report(&Scope::all(), Phase::Amount)).unwrap();
    assert_contains(&expected, &report, "");
}

#[test]
fn split_leftover() {
    check_vector("split-leftover");
}

#[test]
fn cents_partial() {
    check_vector("cents-partial");
}

#[test]
fn the_comparison_itself_can_fail() {
    let expected = serde_json::json!({"a": "1.00", "l": [{"id": "x", "v": 0.5}]});
    let same = serde_json::json!({"a": "1", "l": [{"id": "y"}, {"id": "x", "v": 0.5}]});
    assert_contains(&expected, &same, "");
    let differs = serde_json::json!({"a": "1.01", "l": [{"id": "x", "v": 0.5}]});
    assert!(std::panic::catch_unwind(|| assert_contains(&expected, &differs, "")).is_err());
}

#[test]
fn classification() {
    check_vector("classification");
}
