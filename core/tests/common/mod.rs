//! Helpers shared by the integration tests: the SPEC's invariants, asserted on a report.

#![allow(dead_code)]

use goldthread::Report;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::PathBuf;

/// The repository's shared fixtures (tests/fixtures) and examples.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// SPEC §3: Σ rolled-up(root goals) + Σ leaks = Σ a(l); every goal's rolled-up amount is
/// its direct amount plus its children's; every program and project passes on or keeps
/// back exactly what reached it; and all amounts have the plan's precision.
pub fn assert_foots(r: &Report) {
    let t = &r.traceability;
    let roots: Decimal = r
        .goals
        .iter()
        .filter(|g| g.parent.is_none())
        .map(|g| g.rolled_up_amount)
        .sum();
    assert_eq!(roots, t.traced_amount, "traced = Σ root goals");
    assert_eq!(
        t.traced_amount + t.leaks.total(),
        t.total_amount,
        "totals foot"
    );
    let mut children: HashMap<&str, Decimal> = HashMap::new();
    for g in &r.goals {
        if let Some(p) = &g.parent {
            *children.entry(p.as_str()).or_default() += g.rolled_up_amount;
        }
    }
    for g in &r.goals {
        let c = children.get(g.id.as_str()).copied().unwrap_or_default();
        assert_eq!(
            g.rolled_up_amount,
            g.direct_amount + c,
            "goal {} rolls up",
            g.id
        );
    }
    for p in &r.programs {
        assert_eq!(p.inflow, p.to_goals + p.leak, "program {}", p.id);
    }
    for p in &r.projects {
        assert_eq!(p.inflow, p.to_programs + p.leak, "project {}", p.id);
    }
    let direct: Decimal = r.goals.iter().map(|g| g.direct_amount).sum();
    let to_goals: Decimal = r.programs.iter().map(|p| p.to_goals).sum();
    assert_eq!(
        direct, to_goals,
        "what programs pass on is what goals receive"
    );
    for v in [t.total_amount, t.traced_amount] {
        assert_eq!(v.scale(), r.precision, "{v} has the plan's precision");
    }
}
