//! Classifications (SPEC §10): the hand-worked vector is in tests/vectors.rs; here the
//! invariants on random plans, the round trip, and what the tables form refuses.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::{Phase, Plan, Scope};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A random plan: lines on projects or programs or nothing, projects on programs, programs
/// on goals (two levels), and one classification of each kind tagging entities at random.
fn plan_text(
    amounts: &[i64],
    targets: &[u8],
    tags: &[(u8, u8, u8, u8)],
    link_shares: &[u8],
) -> String {
    let goals = r#"{"id":"G","name":"g"},{"id":"G1","name":"g1","parent":"G"},{"id":"G2","name":"g2","parent":"G"},{"id":"H","name":"h"}"#;
    let programs: Vec<String> = (0..4)
        .map(|q| {
            let s = link_shares.get(q).copied().unwrap_or(5) % 6;
            match q % 3 {
                0 => format!(r#"{{"id":"P{q}","name":"p","goals":[{{"goal":"G1","share":"0.{s}"}},{{"goal":"G2","share":"0.{}"}}]}}"#, 9 - s.min(9)),
                1 => format!(r#"{{"id":"P{q}","name":"p","goals":[{{"goal":"H"}}]}}"#),
                _ => format!(r#"{{"id":"P{q}","name":"p","goals":[{{"goal":"G2"}},{{"goal":"H"}}]}}"#),
            }
        })
        .collect();
    let projects: Vec<String> = (0..3)
        .map(|j| {
            format!(
                r#"{{"id":"J{j}","name":"j","programs":[{{"program":"P{j}","share":"0.{}"}},{{"program":"P3","share":"0.3"}}]}}"#,
                link_shares.get(j + 4).copied().unwrap_or(4) % 7
            )
        })
        .collect();
    let lines: Vec<String> = amounts
        .iter()
        .zip(targets)
        .enumerate()
        .map(|(i, (a, t))| {
            let funds = match t % 8 {
                0 => String::new(),
                1..=3 => format!(r#","funds":[{{"project":"J{}"}}]"#, t % 3),
                4..=6 => format!(r#","funds":[{{"program":"P{}","share":"0.7"}}]"#, t % 4),
                _ => r#","funds":[{"project":"J0"},{"program":"P1"}]"#.to_string(),
            };
            format!(r#"{{"id":"L{i}","year":"1","amount":"{a}"{funds}}}"#)
        })
        .collect();
    let entity = |kind: u8, i: u8| match kind % 3 {
        0 => format!(r#""line":"L{}""#, i as usize % amounts.len().max(1)),
        1 => format!(r#""project":"J{}""#, i % 3),
        _ => format!(r#""program":"P{}""#, i % 4),
    };
    // One tag per entity and classification: no entity gets a code twice, and a share
    // tag alone carries the share it gives (at most 1).
    let mut seen = std::collections::HashSet::new();
    let mut share_tags = Vec::new();
    let mut marker_tags = Vec::new();
    for &(kind, i, code, value) in tags {
        let e = entity(kind, i);
        if !seen.insert(e.clone()) {
            continue;
        }
        share_tags.push(format!(
            r#"{{{e},"code":"c{}","share":"0.{}"}}"#,
            code % 4,
            value % 10
        ));
        marker_tags.push(format!(
            r#"{{{e},"code":"m{}","weight":"0.{}"}}"#,
            code % 2,
            value % 10
        ));
        marker_tags.push(format!(
            r#"{{{e},"code":"m{}","weight":"1"}}"#,
            1 - code % 2
        ));
    }
    format!(
        r#"{{"format":"goldthread/1","name":"p","precision":2,"goals":[{goals}],"programs":[{}],"projects":[{}],"budget_lines":[{}],
        "classifications":[
          {{"id":"s","name":"s","kind":"share","codes":[{{"id":"c0"}},{{"id":"c1","parent":"c0"}},{{"id":"c2","parent":"c1"}},{{"id":"c3"}}],"tags":[{}]}},
          {{"id":"m","name":"m","kind":"marker","codes":[{{"id":"m0"}},{{"id":"m1"}}],"tags":[{}]}}]}}"#,
        programs.join(","),
        projects.join(","),
        lines.join(","),
        share_tags.join(","),
        marker_tags.join(","),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Codes and the unclassified rest foot to the total; each goal's codes foot to its
    /// rolled-up amount; the goal × code table sums to the codes over the root goals and
    /// the leaked money; a marker's "any" never exceeds the total when no line is negative.
    #[test]
    fn classifications_foot_both_ways(
        amounts in proptest::collection::vec(-50_000i64..2_000_000, 1..30),
        targets in proptest::collection::vec(any::<u8>(), 30),
        tags in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()), 0..12),
        link_shares in proptest::collection::vec(any::<u8>(), 7),
    ) {
        let text = plan_text(&amounts, &targets, &tags, &link_shares);
        let plan = Plan::from_json(&text).unwrap();
        for phase in [Phase::Amount] {
            let report = plan.report(&Scope::all(), phase);
            let json = serde_json::to_value(&report).unwrap();
            let total = report.traceability.total_amount;
            let goal_amount = |id: &str| {
                report.goals.iter().find(|g| g.id == id).unwrap().rolled_up_amount
            };
            let amount = |v: &serde_json::Value| d(v.as_str().unwrap());
            for c in json["classifications"].as_array().unwrap() {
                prop_assert_eq!(amount(&c["total_amount"]), total);
                let codes: Vec<(String, Decimal)> = c["codes"].as_array().unwrap().iter()
                    .map(|x| (x["id"].as_str().unwrap().to_string(), amount(&x["amount"])))
                    .collect();
                let mut margin: std::collections::HashMap<String, Decimal> = Default::default();
                let roots_and_leaked = c["goals"].as_array().unwrap().iter()
                    .filter(|r| ["G", "H"].contains(&r["goal"].as_str().unwrap()))
                    .chain([&c["leaked"]]);
                let mut unclassified = Decimal::ZERO;
                for row in roots_and_leaked {
                    for cell in row["codes"].as_array().unwrap() {
                        *margin.entry(cell["code"].as_str().unwrap().to_string()).or_default() += amount(&cell["amount"]);
                    }
                    unclassified += amount(&row["unclassified_amount"]);
                }
                prop_assert_eq!(unclassified, amount(&c["unclassified_amount"]));
                for (code, value) in &codes {
                    prop_assert_eq!(margin.get(code).copied().unwrap_or_default(), *value, "{}", code);
                }
                if c["kind"] == "share" {
                    let sum: Decimal = codes.iter().map(|c| c.1).sum();
                    prop_assert_eq!(sum + amount(&c["unclassified_amount"]), total);
                    for row in c["goals"].as_array().unwrap() {
                        let cells: Decimal = row["codes"].as_array().unwrap().iter().map(|x| amount(&x["amount"])).sum();
                        prop_assert_eq!(cells + amount(&row["unclassified_amount"]), goal_amount(row["goal"].as_str().unwrap()));
                    }
                    // A code rolls up its descendants: c0 ⊇ c1 ⊇ c2.
                    let rolled = |i: usize| amount(&c["codes"][i]["rolled_up_amount"]);
                    prop_assert_eq!(rolled(0), codes[0].1 + codes[1].1 + codes[2].1);
                } else if amounts.iter().all(|a| *a >= 0) {
                    prop_assert!(amount(&c["any_amount"]) <= total);
                    for (_, value) in &codes {
                        prop_assert!(*value <= amount(&c["any_amount"]));
                    }
                }
            }
        }
    }
}

#[test]
fn a_plan_with_classifications_round_trips_through_the_file_and_the_tables() {
    let text = common::read("tests/fixtures/vectors/classification.plan.json");
    let plan = Plan::from_json(&text).unwrap();
    let again = Plan::from_json(&plan.to_json()).unwrap();
    assert_eq!(again.data(), plan.data());
    let files: Vec<(String, Vec<u8>)> = goldthread::tables::write(plan.data())
        .unwrap()
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.into_bytes()))
        .collect();
    assert!(files.iter().any(|(name, _)| name == "tags.csv"));
    let (data, diags) = goldthread::tables::read(&files);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(data.as_ref(), Some(plan.data()));
}

#[test]
fn tables_name_a_tag_that_names_no_classification_or_two_entities() {
    let files = vec![
        (
            "plan.csv".to_string(),
            b"name,precision
p,0
"
            .to_vec(),
        ),
        (
            "classifications.csv".to_string(),
            b"classification,name,kind,code
c,C,share,a
"
            .to_vec(),
        ),
        (
            "tags.csv".to_string(),
            b"classification,line,project,program,code
d,L,,,a
c,L,J,,a
"
            .to_vec(),
        ),
    ];
    let (_, diags) = goldthread::tables::read(&files);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E002", "E008"], "{diags:?}");
    assert!(
        diags.iter().all(|d| d.to_string().contains("tags.csv")),
        "{diags:?}"
    );
}

#[test]
fn an_unused_classification_is_a_warning() {
    let plan = Plan::from_json(
        r#"{"format":"goldthread/1","name":"p","goals":[{"id":"G","name":"g"}],
            "classifications":[{"id":"c","name":"c","kind":"share","codes":[{"id":"a"}],"tags":[]}]}"#,
    )
    .unwrap();
    let w: Vec<_> = plan
        .warnings()
        .iter()
        .filter(|d| d.code.as_str() == "W111")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].path.as_deref(), Some("/classifications/0/tags"));
}
