//! Property tests of the SPEC's invariants on random plans (some lines negative): totals
//! foot, input order does not change a figure, a plan round-trips through its file form, and no input panics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Shares for `n` links: none (equal split), or hundredths that sum to at most 1 (and
/// sometimes exactly 1).
fn shares(n: usize) -> impl Strategy<Value = Vec<Option<Decimal>>> {
    let per = if n == 0 { 0 } else { 100 / n as i64 };
    prop_oneof![
        Just(vec![None; n]),
        (proptest::collection::vec(0..=per, n), any::<bool>()).prop_map(move |(mut v, exact)| {
            if exact && n > 0 {
                let rest: i64 = v[..n - 1].iter().sum();
                v[n - 1] = 100 - rest;
            }
            v.into_iter().map(|x| Some(Decimal::new(x, 2))).collect()
        }),
    ]
}

/// Distinct picks from `0..n`, with shares.
fn links(n: usize, max: usize) -> impl Strategy<Value = Vec<(usize, Option<Decimal>)>> {
    proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=max.min(n))
        .prop_shuffle()
        .prop_flat_map(|picks| {
            let k = picks.len();
            (Just(picks), shares(k))
        })
        .prop_map(|(picks, shares)| picks.into_iter().zip(shares).collect())
}

prop_compose! {
    fn plan_data()(
        precision in prop_oneof![Just(0u32), Just(2u32)],
        n_goals in 1usize..7,
        n_programs in 0usize..6,
        n_projects in 0usize..7,
        n_lines in 0usize..14,
    )(
        precision in Just(precision),
        n_goals in Just(n_goals),
        parents in proptest::collection::vec(proptest::option::of(0usize..100), n_goals),
        program_links in proptest::collection::vec(links(n_goals, 3), n_programs),
        project_links in proptest::collection::vec(links(n_programs, 3), n_projects),
        line_links in proptest::collection::vec(
            (links(n_projects, 2), links(n_programs, 2)), n_lines),
        line_facts in proptest::collection::vec(
            // Some lines negative (reversals, corrections: SPEC §2), in every phase.
            (-500_000_000_000i64..2_000_000_000_000, 0usize..2, 0usize..3, 0usize..3, proptest::option::of(-200_000i64..1_000_000)),
            n_lines),
    ) -> PlanData {
        let goals = (0..n_goals).map(|i| {
            let mut g = Goal::new(format!("G{i}"), format!("goal {i}"));
            // Parents only among earlier goals: a forest, never a cycle.
            g.parent = parents[i].filter(|_| i > 0).map(|p| format!("G{}", p % i));
            g
        }).collect();
        let programs = program_links.iter().enumerate().map(|(q, links)| {
            let mut p = Program::new(format!("P{q}"), format!("program {q}"));
            p.goals = links.iter().map(|(g, s)| GoalLink { goal: format!("G{g}"), share: *s }).collect();
            p
        }).collect();
        let projects = project_links.iter().enumerate().map(|(j, links)| {
            let mut p = Project::new(format!("J{j}"), format!("project {j}"));
            p.programs = links.iter().map(|(q, s)| ProgramLink { program: format!("P{q}"), share: *s }).collect();
            p
        }).collect();
        let budget_lines = line_links.iter().zip(&line_facts).enumerate().map(|(l, ((to_projects, to_programs), facts))| {
            let (units, year, unit, category, spent) = *facts;
            let mut line = BudgetLine::new(format!("L{l}"), ["1398", "1399"][year], Decimal::new(units, precision));
            line.org_unit = [Some("HQ"), Some("D1"), None][unit].map(Into::into);
            line.category = [Some("capital"), Some("current"), None][category].map(Into::into);
            line.spent = spent.map(|s| Decimal::new(s, precision));
            // A line's links count together: shares only when both groups give them.
            let mut funds: Vec<Funding> = to_projects.iter().map(|(j, s)| Funding { target: FundTarget::Project(format!("J{j}").into()), share: *s }).collect();
            funds.extend(to_programs.iter().map(|(q, s)| Funding { target: FundTarget::Program(format!("P{q}").into()), share: *s }));
            let all_shares = funds.iter().all(|f| f.share.is_some());
            let total: Decimal = funds.iter().filter_map(|f| f.share).sum();
            if !all_shares || total > Decimal::ONE {
                for f in &mut funds { f.share = None; }
            }
            line.funds = funds;
            line
        }).collect();
        PlanData { name: "random".into(), currency: Some("XXX".into()), precision, goals, programs, projects, budget_lines, ..PlanData::default() }
    }
}

/// Every figure of a report keyed by id, so that two orders of input can be compared.
fn figures(r: &Report) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let t = &r.traceability;
    m.insert("total".into(), t.total_amount.to_string());
    m.insert("traced".into(), t.traced_amount.to_string());
    m.insert("traced_lines".into(), t.traced_lines.to_string());
    for (k, v) in t.leaks.iter() {
        m.insert(format!("leak {k}"), v.to_string());
    }
    for b in &t.by_org_unit {
        m.insert(
            format!("org {:?}", b.key),
            format!("{} {}", b.total_amount, b.traced_amount),
        );
    }
    for g in &r.goals {
        m.insert(
            format!("goal {}", g.id),
            format!(
                "{} {} {} {} {} {} {} {}",
                g.direct_amount,
                g.rolled_up_amount,
                g.programs,
                g.projects,
                g.lines,
                g.breadth,
                g.funded_ratio,
                g.covered_ratio
            ),
        );
    }
    for p in &r.programs {
        m.insert(
            format!("program {}", p.id),
            format!("{} {} {}", p.inflow, p.to_goals, p.leak),
        );
    }
    for p in &r.projects {
        m.insert(
            format!("project {}", p.id),
            format!("{} {} {}", p.inflow, p.to_programs, p.leak),
        );
    }
    let c = &r.coverage;
    m.insert(
        "coverage".into(),
        format!(
            "{:?}",
            (
                c.leaf_goals,
                c.funded_ratio,
                c.covered_ratio,
                c.hhi,
                c.measured_amount_ratio
            )
        ),
    );
    m
}

fn scope_of(pick: u8) -> Scope {
    match pick % 4 {
        0 => Scope::all(),
        1 => Scope::all().years(["1398"]),
        2 => Scope::all().org_units(["HQ"]),
        _ => Scope::all().categories(["capital", "current"]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn totals_foot(data in plan_data(), pick in any::<u8>(), spent in any::<bool>()) {
        let plan = Plan::from_data(data).expect("generated plans are valid");
        let phase = if spent { Phase::Spent } else { Phase::Amount };
        let r = plan.report(&scope_of(pick), phase);
        common::assert_foots(&r);
        let rows: Decimal = r.traceability.by_year.iter().map(|b| b.total_amount).sum();
        prop_assert_eq!(rows, r.traceability.total_amount);
    }

    /// Each breakdown row is the report of its own scope: the breakdowns sum what passes
    /// all line by line and attribute only the rest per group, which must not change a
    /// unit.
    #[test]
    fn breakdown_rows_are_their_narrowed_reports(data in plan_data(), spent in any::<bool>()) {
        let plan = Plan::from_data(data).unwrap();
        let phase = if spent { Phase::Spent } else { Phase::Amount };
        let r = plan.report(&Scope::all(), phase);
        let t = &r.traceability;
        let narrow = |d: usize, key: String| match d {
            0 => Scope::all().org_units([key]),
            1 => Scope::all().years([key]),
            _ => Scope::all().categories([key]),
        };
        for (d, rows) in [&t.by_org_unit, &t.by_year, &t.by_category].into_iter().enumerate() {
            for row in rows.iter().filter(|row| row.key.is_some()) {
                let key = row.key.clone().unwrap();
                let narrowed = plan.report(&narrow(d, key.clone()), phase);
                prop_assert_eq!(row.total_amount, narrowed.traceability.total_amount, "{}", key);
                prop_assert_eq!(row.traced_amount, narrowed.traceability.traced_amount, "{}", key);
                prop_assert_eq!(row.traced_lines, narrowed.traceability.traced_lines, "{}", key);
            }
        }
    }

    #[test]
    fn input_order_does_not_change_a_figure(data in plan_data(), seed in any::<u64>(), pick in any::<u8>()) {
        let plan = Plan::from_data(data.clone()).unwrap();
        let mut shuffled = data;
        let mut rng = seed;
        let mut next = |n: usize| { rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); (rng >> 33) as usize % n.max(1) };
        fn shuffle<T>(v: &mut [T], next: &mut impl FnMut(usize) -> usize) {
            for i in (1..v.len()).rev() { let j = next(i + 1); v.swap(i, j); }
        }
        shuffle(&mut shuffled.goals, &mut next);
        shuffle(&mut shuffled.programs, &mut next);
        shuffle(&mut shuffled.projects, &mut next);
        shuffle(&mut shuffled.budget_lines, &mut next);
        let other = Plan::from_data(shuffled).unwrap();
        let scope = scope_of(pick);
        prop_assert_eq!(figures(&plan.report(&scope, Phase::Amount)), figures(&other.report(&scope, Phase::Amount)));
    }

    #[test]
    fn round_trips(data in plan_data()) {
        let plan = Plan::from_data(data).unwrap();
        let again = Plan::from_json(&plan.to_json()).unwrap();
        prop_assert!(plan == again);
        prop_assert_eq!(plan.report(&Scope::all(), Phase::Amount), again.report(&Scope::all(), Phase::Amount));
    }

    #[test]
    fn round_trips_through_the_csv_tables(data in plan_data()) {
        let plan = Plan::from_data(data).unwrap();
        let files: Vec<(String, Vec<u8>)> = goldthread::tables::write(plan.data())
            .unwrap()
            .into_iter()
            .map(|(name, text)| (name.to_string(), text.into_bytes()))
            .collect();
        let (data, diags) = goldthread::tables::read(&files);
        prop_assert!(diags.is_empty(), "{:?}", diags);
        let again = Plan::from_data(data.unwrap()).unwrap();
        prop_assert!(plan == again);
    }

    #[test]
    fn traces_carry_at_most_the_line(data in plan_data()) {
        let plan = Plan::from_data(data).unwrap();
        for line in &plan.data().budget_lines {
            let t = plan.trace(&line.id, &Scope::all(), Phase::Amount).unwrap();
            let share: Decimal = t.paths.iter().map(|p| p.share).sum();
            prop_assert!(share <= Decimal::new(1_000_001, 6), "{} sums to {}", line.id, share);
        }
    }

    #[test]
    fn no_text_panics(text in "\\PC{0,200}") {
        let _ = goldthread::check(text.as_bytes());
    }

    #[test]
    fn no_mutation_of_a_valid_plan_panics(data in plan_data(), at in any::<usize>(), with in "[\\[\\]{}\",:0-9a-z./٫۱-]{0,3}") {
        let text = Plan::from_data(data).unwrap().to_json();
        let mut cut = at % (text.len() + 1);
        while !text.is_char_boundary(cut) { cut -= 1; }
        // Replace the character at `cut` (if any) with a few plausible ones.
        let rest: String = text[cut..].chars().skip(1).collect();
        let mutated = format!("{}{}{}", &text[..cut], with, rest);
        if let Ok(plan) = Plan::from_json(&mutated) {
            common::assert_foots(&plan.report(&Scope::all(), Phase::Amount));
        }
    }
}
