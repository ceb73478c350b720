//! Synthetic plans of any size, for benchmarks and for anyone testing scale
//! (`goldthread synth --lines N --seed S`).
//!
//! Deterministic: the same size and seed always give the same plan. Realistic in shape:
//! about N/10 projects, N/200 programs, N/2000 goals in a two-level hierarchy, twenty-one
//! org units, two fiscal years, shares both given and omitted, and some of everything
//! unlinked, as in a real budget.
//!
//! [`country`] makes many such plans, one per municipality, that share one national goal
//! framework (the same goal ids, names and indicators in every plan), for tests and
//! benchmarks over many plans (`goldthread synth --plans N --lines M --out DIR`).

use crate::model::*;
use rust_decimal::Decimal;

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A synthetic plan with `lines` expenditure lines, in IRR (precision 0).
///
/// ```
/// let data = goldthread::synth::plan(1_000, 7);
/// assert_eq!(data.budget_lines.len(), 1_000);
/// let plan = goldthread::Plan::from_data(data).unwrap();
/// let report = plan.report(&goldthread::Scope::all(), goldthread::Phase::Amount);
/// assert!(report.traceability.amount_ratio > Some(0.5));
/// ```
pub fn plan(lines: usize, seed: u64) -> PlanData {
    let mut rng = Rng(seed ^ 0x676F_6C64_7468_7264); // "goldthrd"
    let n_goals = (lines / 2000).max(4);
    let n_roots = (n_goals / 5).max(1);
    let goals = goals(&mut rng, n_goals, n_roots);
    let name = format!("synthetic plan, {lines} lines, seed {seed}");
    around_goals(&mut rng, name, lines, goals, n_roots)
}

/// Goals of the national framework that every plan of [`country`] shares, and its roots.
pub const NATIONAL_GOALS: usize = 60;
const NATIONAL_ROOTS: usize = 12;

/// `plans` synthetic municipal plans of `lines` lines each, made one at a time, sharing
/// one national goal tree of [`NATIONAL_GOALS`] goals; plan `i` is named
/// `municipality NNNN` and is the same for the same seed whatever `plans` is.
///
/// ```
/// let plans: Vec<_> = goldthread::synth::country(3, 500, 1).collect();
/// assert_eq!(plans[0].goals, plans[2].goals);
/// assert_ne!(plans[0].budget_lines, plans[1].budget_lines);
/// ```
pub fn country(plans: usize, lines: usize, seed: u64) -> impl Iterator<Item = PlanData> {
    let national = goals(
        &mut Rng(seed ^ 0x6E61_7469_6F6E_616C), // "national"
        NATIONAL_GOALS,
        NATIONAL_ROOTS,
    );
    (0..plans).map(move |i| {
        let mut rng = Rng(seed ^ 0x676F_6C64_7468_7264 ^ (i as u64).wrapping_mul(0x9E37_79B9));
        let name = format!("municipality {:04}", i + 1);
        around_goals(&mut rng, name, lines, national.clone(), NATIONAL_ROOTS)
    })
}

/// A plan of `lines` lines whose programs serve the leaves of `goals` (the first
/// `n_roots` of them are the roots).
fn around_goals(
    rng: &mut Rng,
    name: String,
    lines: usize,
    goals: Vec<Goal>,
    n_roots: usize,
) -> PlanData {
    let n_goals = goals.len();
    let n_programs = (lines / 200).max(2);
    let n_projects = (lines / 10).max(2);
    let units: Vec<String> = std::iter::once("HQ".to_string())
        .chain((1..=20).map(|d| format!("D{d:02}")))
        .collect();

    let org_units = org_units(&units);
    let programs = programs(rng, &units, n_programs, n_goals, n_roots);
    let projects = projects(rng, &units, n_projects, n_programs);
    let budget_lines = budget_lines(rng, &units, lines, n_programs, n_projects);
    PlanData {
        name,
        currency: Some("IRR".into()),
        precision: 0,
        org_units: Some(org_units),
        goals,
        programs,
        projects,
        budget_lines,
        x: None,
        ..PlanData::default()
    }
}

/// Headquarters and twenty districts.
fn org_units(units: &[String]) -> Vec<OrgUnit> {
    units
        .iter()
        .map(|u| OrgUnit {
            id: u.clone(),
            name: Some(if u == "HQ" {
                "ستاد".to_string()
            } else {
                format!("منطقه {}", &u[1..])
            }),
            kind: Some(
                if u == "HQ" {
                    "headquarters"
                } else {
                    "district"
                }
                .to_string(),
            ),
            parent: (u != "HQ").then(|| "HQ".to_string()),
            x: None,
        })
        .collect()
}

/// A forest of goals: `n_roots` roots, the rest their children, most with an indicator.
fn goals(rng: &mut Rng, n_goals: usize, n_roots: usize) -> Vec<Goal> {
    (0..n_goals)
        .map(|g| {
            let mut goal = Goal::new(format!("G{g}"), format!("هدف {g}"));
            if g >= n_roots {
                goal.parent = Some(format!("G{}", g % n_roots));
                if rng.chance(80) {
                    goal.indicators.push(Indicator {
                        id: format!("G{g}-K"),
                        name: "indicator".into(),
                        baseline: Some(Measure {
                            value: Decimal::from(10),
                            year: "1396".into(),
                        }),
                        target: Some(Measure {
                            value: Decimal::from(20),
                            year: "1400".into(),
                        }),
                        actuals: vec![Measure {
                            value: Decimal::from(10 + rng.below(12) as i64),
                            year: "1397".into(),
                        }],
                        ..Indicator::default()
                    });
                }
            }
            goal
        })
        .collect()
}

/// Programs linked to one or two leaf goals, equally or by shares; half with an indicator.
fn programs(
    rng: &mut Rng,
    units: &[String],
    n_programs: usize,
    n_goals: usize,
    n_roots: usize,
) -> Vec<Program> {
    let leaves: Vec<usize> = (n_roots..n_goals).collect();
    let pick_leaf = |rng: &mut Rng| leaves.get(rng.below(leaves.len())).copied().unwrap_or(0);

    (0..n_programs)
        .map(|q| {
            let mut p = Program::new(format!("PR{q}"), format!("برنامه {q}"));
            p.start = Some("1398".into());
            p.end = Some("1399".into());
            p.owner = Some(units[rng.below(units.len())].clone());
            if q > 0 || n_programs == 1 {
                let a = pick_leaf(rng);
                let mut b = pick_leaf(rng);
                if b == a {
                    b = (a + 1) % n_goals.max(1);
                }
                match rng.below(3) {
                    0 => p = p.to_goal(format!("G{a}"), None),
                    1 => {
                        p = p
                            .to_goal(format!("G{a}"), None)
                            .to_goal(format!("G{b}"), None)
                    }
                    _ => {
                        p = p
                            .to_goal(format!("G{a}"), Some(Decimal::new(7, 1)))
                            .to_goal(format!("G{b}"), Some(Decimal::new(25, 2)))
                    }
                }
            }
            if rng.chance(50) {
                p.indicators.push(Indicator {
                    id: format!("PR{q}-K"),
                    name: "output".into(),
                    baseline: Some(Measure {
                        value: Decimal::ZERO,
                        year: "1397".into(),
                    }),
                    target: Some(Measure {
                        value: Decimal::from(100),
                        year: "1399".into(),
                    }),
                    ..Indicator::default()
                });
            }
            p
        })
        .collect()
}

/// Projects, most linked to a program (some to two, by shares), each with an estimate.
fn projects(rng: &mut Rng, units: &[String], n_projects: usize, n_programs: usize) -> Vec<Project> {
    (0..n_projects)
        .map(|j| {
            let mut p = Project::new(format!("PJ{j}"), format!("پروژه {j}"));
            p.org_unit = Some(units[rng.below(units.len())].clone());
            p.tier = Some(if rng.chance(20) { "city" } else { "district" }.into());
            if !rng.chance(3) {
                let a = rng.below(n_programs);
                if rng.chance(15) {
                    let b = (a + 1 + rng.below(n_programs - 1).min(n_programs - 2)) % n_programs;
                    p = p
                        .to_program(format!("PR{a}"), Some(Decimal::new(6, 1)))
                        .to_program(format!("PR{b}"), Some(Decimal::new(4, 1)));
                } else {
                    p = p.to_program(format!("PR{a}"), None);
                }
            }
            p.estimate = Some(Decimal::from(1_000_000_000 * (1 + rng.below(500) as i64)));
            p
        })
        .collect()
}

/// The lines: two years, a twentieth unlinked, some funding a program directly.
fn budget_lines(
    rng: &mut Rng,
    units: &[String],
    lines: usize,
    n_programs: usize,
    n_projects: usize,
) -> Vec<BudgetLine> {
    (0..lines)
        .map(|l| {
            let amount = Decimal::from(1_000_000 * (1 + rng.below(200_000) as i64));
            let year = if l % 2 == 0 { "1398" } else { "1399" };
            let mut line = BudgetLine::new(format!("BL{l}"), year, amount);
            line.org_unit = Some(units[rng.below(units.len())].as_str().into());
            line.category = Some(if rng.chance(40) { "capital" } else { "current" }.into());
            if year == "1398" {
                line.revised = Some(amount);
                line.spent =
                    Some(Decimal::from(1_000_000 * (1 + rng.below(150_000) as i64)).min(amount));
            }
            match rng.below(20) {
                0 => {} // unlinked
                1 => {
                    line = line.funds_program(
                        format!("PR{}", rng.below(n_programs)),
                        Some(Decimal::new(9, 1)),
                    )
                }
                2..=5 => line = line.funds_program(format!("PR{}", rng.below(n_programs)), None),
                _ => line = line.funds_project(format!("PJ{}", rng.below(n_projects)), None),
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Phase, Plan, Scope};

    #[test]
    fn is_deterministic_valid_and_imperfect() {
        let a = plan(5_000, 1);
        assert_eq!(a, plan(5_000, 1));
        assert_ne!(a, plan(5_000, 2));
        assert_eq!(a.budget_lines.len(), 5_000);
        assert_eq!(a.projects.len(), 500);
        assert_eq!(a.programs.len(), 25);
        let plan = Plan::from_data(a).unwrap();
        let r = plan.report(&Scope::all(), Phase::Amount);
        let l = &r.traceability.leaks;
        assert!(!l.line_unlinked.is_zero() && !l.line_partial.is_zero());
        assert!(!l.project_unlinked.is_zero() && !l.program_unlinked.is_zero());
        let ratio = r.traceability.amount_ratio.unwrap_or_default();
        assert!(ratio > 0.6 && ratio < 0.95);
    }

    #[test]
    fn a_country_shares_its_goals_and_not_its_money() {
        let plans: Vec<PlanData> = country(4, 2_000, 9).collect();
        assert_eq!(plans.len(), 4);
        assert_eq!(plans[3], country(9, 2_000, 9).nth(3).unwrap_or_default());
        assert!(plans.iter().all(|p| p.goals == plans[0].goals));
        assert_eq!(plans[0].goals.len(), NATIONAL_GOALS);
        assert_ne!(plans[0].budget_lines, plans[1].budget_lines);
        for p in plans {
            let plan = Plan::from_data(p).unwrap();
            let r = plan.report(&Scope::all(), Phase::Amount);
            assert!(r.traceability.amount_ratio > Some(0.5));
        }
    }

    #[test]
    fn small_sizes_still_load() {
        for n in [0, 1, 2, 10, 199] {
            assert!(Plan::from_data(plan(n, 3)).is_ok(), "{n}");
        }
    }
}
