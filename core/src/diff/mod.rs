//! What changed between two versions of a plan (SPEC §11): the proposal against the
//! approval, this year against last. Entities are matched by id; every figure is taken from
//! the two plans' own reports, so a diff says nothing a report would not, and its bridge
//! from the old traced total to the new one foots exactly.

mod bridge;
mod entities;

use crate::model::Phase;
use crate::plan::{LoadError, Plan};
use crate::report::{Breakdown, Report, ReportOptions};
use crate::scope::Scope;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use bridge::Bridge;
pub use entities::{EntityRef, LineChange, LineMove, LinkChange, Parent, Relabel, Renamed};

/// The `format` of a diff (`goldthread diff --format json`).
pub const DIFF_FORMAT: &str = "goldthread-diff/1";

/// The diff's fields that hold money (decimal strings in JSON), for the bindings.
pub const DIFF_AMOUNT_FIELDS: &[&str] = &[
    "old_amount",
    "new_amount",
    "change",
    "old_share",
    "new_share",
    "share",
    "start",
    "removed_lines",
    "relinked",
    "amounts",
    "added_lines",
    "end",
];

/// What changed from one plan to another, for one scope and phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Diff {
    #[schemars(extend("const" = DIFF_FORMAT))]
    pub format: String,
    pub old_plan: String,
    pub new_plan: String,
    pub currency: Option<String>,
    pub precision: u32,
    #[serde(with = "crate::report::phase_str")]
    #[schemars(with = "Phase")]
    #[cfg_attr(feature = "ts", ts(as = "Phase"))]
    pub phase: Phase,
    pub scope: Scope,
    /// Σ of the lines in scope.
    pub total: Change,
    /// The money that reaches a goal.
    pub traced: Change,
    /// From the old traced total to the new one, step by step.
    pub bridge: Bridge,
    /// The plan's coverage ratios that changed.
    pub coverage: Vec<RatioChange>,
    /// Goals whose rolled-up amount changed, or that were added or removed.
    pub goals: Vec<EntityChange>,
    /// Programs whose money passed on to goals changed.
    pub programs: Vec<EntityChange>,
    /// Projects whose money passed on to programs changed.
    pub projects: Vec<EntityChange>,
    /// Traced amount by org unit, fiscal year and category, where it changed.
    pub org_units: Vec<KeyChange>,
    pub years: Vec<KeyChange>,
    pub categories: Vec<KeyChange>,
    /// The leak under each reason of SPEC §3, where it changed.
    pub leaks: Vec<KeyChange>,
    /// Leaf goals that became, or stopped being, programmed, funded, measurable, covered.
    pub flags: Vec<FlagChange>,
    pub added: Vec<EntityRef>,
    pub removed: Vec<EntityRef>,
    pub renamed: Vec<Renamed>,
    /// Links added, removed or re-shared (a line's links only when it keeps its parents:
    /// a line with other parents is in `lines_moved`).
    pub links: Vec<LinkChange>,
    /// Lines in both plans whose amount in the phase changed.
    pub lines_changed: Vec<LineChange>,
    /// Lines in both plans that fund other projects or programs.
    pub lines_moved: Vec<LineMove>,
    /// Lines in both plans whose year, org unit, category or direction changed.
    pub lines_relabelled: Vec<Relabel>,
}

/// A figure in the old plan, in the new one, and the difference (new − old).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub old_amount: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub new_amount: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub change: Decimal,
}

impl Change {
    fn new(old_amount: Decimal, new_amount: Decimal) -> Change {
        Change {
            old_amount,
            new_amount,
            change: new_amount - old_amount,
        }
    }
}

/// A goal's, program's or project's traced amount in both plans (absent where the
/// entity is not in that plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntityChange {
    pub id: String,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub old_amount: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub new_amount: Option<Decimal>,
    /// new − old, an absent side counting as 0.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub change: Decimal,
}

/// A breakdown's or a leak's amount in both plans (0 where a plan has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyChange {
    /// The org unit, year, category or leak reason (`null`: lines without one).
    pub key: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub old_amount: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub new_amount: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub change: Decimal,
}

/// A coverage ratio of the whole plan (SPEC §4) in both plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatioChange {
    /// `programmed`, `funded`, `measurable` or `covered`.
    pub name: String,
    pub old: f64,
    pub new: f64,
}

/// A leaf goal's coverage flag (SPEC §4) that is not what it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlagChange {
    pub goal: String,
    pub name: String,
    /// `programmed`, `funded`, `measurable` or `covered`.
    pub flag: String,
    pub was: bool,
    pub is: bool,
}

/// Two plans that cannot be compared, or a diff that could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DiffError {
    /// The plans count money differently.
    #[error("{0}")]
    Incomparable(String),
    /// A plan on the bridge's way did not load: a bug, with what it found.
    #[error("a step of the bridge did not load (please report this): {0}")]
    Bridge(LoadError),
}

/// The coverage flags, in the SPEC's order.
const FLAGS: [&str; 4] = ["programmed", "funded", "measurable", "covered"];

impl Diff {
    /// Whether nothing changed: no figure, entity, link or line.
    pub fn is_empty(&self) -> bool {
        self.total.change.is_zero()
            && self.traced.change.is_zero()
            && self.coverage.is_empty()
            && self.goals.is_empty()
            && self.programs.is_empty()
            && self.projects.is_empty()
            && self.org_units.is_empty()
            && self.years.is_empty()
            && self.categories.is_empty()
            && self.leaks.is_empty()
            && self.flags.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.links.is_empty()
            && self.lines_changed.is_empty()
            && self.lines_moved.is_empty()
            && self.lines_relabelled.is_empty()
    }
}

impl Plan {
    /// What changed from this plan to `new` for a scope and phase (SPEC §11): figures,
    /// entities, links and lines, and a bridge from this plan's traced total to the new
    /// one's that foots exactly.
    ///
    /// ```
    /// use goldthread::{Plan, ReportOptions};
    /// let old = Plan::from_json(r#"{"format": "goldthread/1", "name": "proposed", "precision": 0,
    ///   "goals": [{"id": "G", "name": "Air"}],
    ///   "programs": [{"id": "P", "name": "Buses", "goals": [{"goal": "G"}]}],
    ///   "budget_lines": [{"id": "L", "year": "1399", "amount": "100", "funds": [{"program": "P"}]}]}"#)?;
    /// let new = Plan::from_json(&old.to_json().replace("\"100\"", "\"80\""))?;
    /// let diff = old.diff(&new, &ReportOptions::default())?;
    /// assert_eq!(diff.traced.change.to_string(), "-20");
    /// assert_eq!(diff.bridge.amounts.to_string(), "-20");
    /// assert!(old.diff(&old, &ReportOptions::default())?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn diff(&self, new: &Plan, options: &ReportOptions) -> Result<Diff, DiffError> {
        diff(self, new, options)
    }
}

/// The diff from `old` to `new` for one scope and phase (`options.compare_phases` is not
/// used).
pub(crate) fn diff(old: &Plan, new: &Plan, options: &ReportOptions) -> Result<Diff, DiffError> {
    let (a, b) = (old.data(), new.data());
    if a.precision != b.precision {
        return Err(DiffError::Incomparable(format!(
            "the old plan counts to {} decimal places and the new one to {}: give both the same \
             precision to compare them",
            a.precision, b.precision
        )));
    }
    if let (Some(x), Some(y)) = (&a.currency, &b.currency) {
        if x != y {
            return Err(DiffError::Incomparable(format!(
                "the old plan is in {x} and the new one in {y}: convert one to compare them"
            )));
        }
    }
    let options = ReportOptions::new(options.scope.clone(), options.phase);
    let (ro, rn) = (old.report_with(&options), new.report_with(&options));
    let traced = Change::new(ro.traceability.traced_amount, rn.traceability.traced_amount);
    let bridge = bridge::bridge(a, b, &options, traced)?;
    let found = entities::compare(a, b, &options);
    Ok(Diff {
        format: DIFF_FORMAT.to_string(),
        old_plan: a.name.clone(),
        new_plan: b.name.clone(),
        currency: b.currency.clone().or_else(|| a.currency.clone()),
        precision: b.precision,
        phase: options.phase,
        scope: options.scope.clone(),
        total: Change::new(ro.traceability.total_amount, rn.traceability.total_amount),
        traced,
        bridge,
        coverage: coverage(&ro, &rn),
        goals: rows(
            ro.goals
                .iter()
                .map(|g| (&g.id, &g.name, g.rolled_up_amount)),
            rn.goals
                .iter()
                .map(|g| (&g.id, &g.name, g.rolled_up_amount)),
        ),
        programs: rows(
            ro.programs.iter().map(|p| (&p.id, &p.name, p.to_goals)),
            rn.programs.iter().map(|p| (&p.id, &p.name, p.to_goals)),
        ),
        projects: rows(
            ro.projects
                .iter()
                .map(|p| (&*p.id, &*p.name, p.to_programs)),
            rn.projects
                .iter()
                .map(|p| (&*p.id, &*p.name, p.to_programs)),
        ),
        org_units: breakdowns(&ro.traceability.by_org_unit, &rn.traceability.by_org_unit),
        years: breakdowns(&ro.traceability.by_year, &rn.traceability.by_year),
        categories: breakdowns(&ro.traceability.by_category, &rn.traceability.by_category),
        leaks: ro
            .traceability
            .leaks
            .iter()
            .into_iter()
            .zip(rn.traceability.leaks.iter())
            .filter(|((_, x), (_, y))| x != y)
            .map(|((reason, x), (_, y))| KeyChange {
                key: Some(reason.to_string()),
                old_amount: x,
                new_amount: y,
                change: y - x,
            })
            .collect(),
        flags: flags(&ro, &rn),
        added: found.added,
        removed: found.removed,
        renamed: found.renamed,
        links: found.links,
        lines_changed: found.lines_changed,
        lines_moved: found.lines_moved,
        lines_relabelled: found.lines_relabelled,
    })
}

/// Rows of entities whose amount changed or that are in one plan only: the old plan's
/// order, then what the new plan adds.
fn rows<'a, S: AsRef<str> + ?Sized + 'a>(
    old: impl Iterator<Item = (&'a S, &'a S, Decimal)>,
    new: impl Iterator<Item = (&'a S, &'a S, Decimal)>,
) -> Vec<EntityChange> {
    let new: Vec<(&str, &str, Decimal)> =
        new.map(|(i, n, v)| (i.as_ref(), n.as_ref(), v)).collect();
    let mut in_new: HashMap<&str, usize> = new.iter().enumerate().map(|(k, r)| (r.0, k)).collect();
    let mut out = Vec::new();
    let row = |id: &str, name: &str, old: Option<Decimal>, new: Option<Decimal>| EntityChange {
        id: id.to_string(),
        name: name.to_string(),
        old_amount: old,
        new_amount: new,
        change: new.unwrap_or_default() - old.unwrap_or_default(),
    };
    for (id, name, x) in old {
        let (id, name) = (id.as_ref(), name.as_ref());
        match in_new.remove(id).map(|k| new[k]) {
            Some((_, _, y)) if y == x => {}
            Some((_, new_name, y)) => out.push(row(id, new_name, Some(x), Some(y))),
            None => out.push(row(id, name, Some(x), None)),
        }
    }
    for (id, name, y) in &new {
        if in_new.contains_key(id) {
            out.push(row(id, name, None, Some(*y)));
        }
    }
    out
}

/// Breakdown rows whose traced amount changed, a key missing on one side counting as 0.
fn breakdowns(old: &[Breakdown], new: &[Breakdown]) -> Vec<KeyChange> {
    let mut keys: Vec<&Option<String>> = old.iter().map(|b| &b.key).collect();
    keys.extend(
        new.iter()
            .map(|b| &b.key)
            .filter(|k| !old.iter().any(|b| &b.key == *k)),
    );
    let amount = |rows: &[Breakdown], key: &Option<String>| {
        rows.iter()
            .find(|b| &b.key == key)
            .map_or(Decimal::ZERO, |b| b.traced_amount)
    };
    keys.into_iter()
        .map(|key| (key, amount(old, key), amount(new, key)))
        .filter(|(_, x, y)| x != y)
        .map(|(key, x, y)| KeyChange {
            key: key.clone(),
            old_amount: x,
            new_amount: y,
            change: y - x,
        })
        .collect()
}

/// The plan's four coverage ratios that changed.
fn coverage(old: &Report, new: &Report) -> Vec<RatioChange> {
    let ratios = |r: &Report| {
        let c = &r.coverage;
        [
            c.programmed_ratio,
            c.funded_ratio,
            c.measurable_ratio,
            c.covered_ratio,
        ]
    };
    FLAGS
        .iter()
        .zip(ratios(old).into_iter().zip(ratios(new)))
        .filter(|(_, (x, y))| x != y)
        .map(|(name, (old, new))| RatioChange {
            name: name.to_string(),
            old,
            new,
        })
        .collect()
}

/// The flags of the goals that are leaves in both plans, where they changed. A leaf's
/// coverage ratios are 1 or 0: its flags.
fn flags(old: &Report, new: &Report) -> Vec<FlagChange> {
    let was: HashMap<&str, [bool; 4]> = old
        .goals
        .iter()
        .filter(|g| g.leaf)
        .map(|g| (g.id.as_str(), goal_flags(g)))
        .collect();
    let mut out = Vec::new();
    for g in new.goals.iter().filter(|g| g.leaf) {
        let Some(before) = was.get(g.id.as_str()) else {
            continue;
        };
        for ((flag, was), is) in FLAGS.iter().zip(before).zip(goal_flags(g)) {
            if *was != is {
                out.push(FlagChange {
                    goal: g.id.clone(),
                    name: g.name.clone(),
                    flag: flag.to_string(),
                    was: *was,
                    is,
                });
            }
        }
    }
    out
}

fn goal_flags(g: &crate::report::GoalReport) -> [bool; 4] {
    [
        g.programmed_ratio >= 1.0,
        g.funded_ratio >= 1.0,
        g.measurable_ratio >= 1.0,
        g.covered_ratio >= 1.0,
    ]
}
