//! The report (`"format": "goldthread-report/1"`, SPEC §7): the contract between the core,
//! the bindings, the command line and anyone's scripts. Plain serde structs; amounts are
//! decimal strings with exactly the plan's `precision` places, ratios are numbers.

use crate::amount::DecimalText;
use crate::calendar::Calendar;
use crate::diagnostics::Diagnostic;
use crate::model::Phase;
use crate::scope::Scope;
use compact_str::CompactString;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize, Serializer};
use std::sync::Arc;

mod build;
mod inputs;
mod options;

pub(crate) use build::{report, PlanParts};
pub(crate) use inputs::Inputs;
pub use options::ReportOptions;

/// The format tag of a report.
pub const REPORT_FORMAT: &str = "goldthread-report/1";

/// The keys of the report's JSON whose values are money (decimal strings): what the
/// bindings turn into their language's decimal type. The schema test checks this list
/// against the report's types, so it cannot drift from them.
pub const AMOUNT_FIELDS: &[&str] = &[
    "total_amount",
    "traced_amount",
    "amount",
    "direct_amount",
    "rolled_up_amount",
    "inflow",
    "to_goals",
    "to_programs",
    "leak",
    "estimate",
    "funding_gap",
    "line_unlinked",
    "line_partial",
    "project_unlinked",
    "project_partial",
    "program_unlinked",
    "program_partial",
    "pv",
    "ev",
    "ac",
    "cv",
    "sv",
    "eac",
    "etc",
    "vac",
    "revenue",
    "expenditure",
    "difference",
    "proposed",
    "revised",
    "committed",
    "spent",
    "unclassified_amount",
    "any_amount",
];

/// Everything goldthread says about a plan for one scope and phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    #[cfg_attr(feature = "ts", ts(type = "\"goldthread-report/1\""))]
    #[schemars(extend("const" = REPORT_FORMAT))]
    pub format: String,
    /// The plan's name.
    pub plan: String,
    pub currency: Option<String>,
    pub precision: u32,
    #[serde(with = "phase_str")]
    #[schemars(with = "Phase")]
    #[cfg_attr(feature = "ts", ts(as = "Phase"))]
    pub phase: Phase,
    pub scope: Scope,
    pub traceability: Traceability,
    pub coverage: Coverage,
    pub goals: Vec<GoalReport>,
    pub programs: Vec<ProgramReport>,
    pub projects: Vec<ProjectReport>,
    /// The projects furthest behind schedule and over cost.
    pub execution: ExecutionSummary,
    /// Revenue, expenditure and execution per fiscal year and org unit (SPEC §5).
    pub balance: Vec<BalanceRow>,
    /// Every phase side by side, when asked for (`--compare-phases`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phases: Option<PhaseComparison>,
    /// The plan's calendar where it is not the Gregorian: the dates of `fiscal_years` and
    /// of readable reports are written in it.
    #[serde(default, skip_serializing_if = "Calendar::is_gregorian")]
    pub calendar: Calendar,
    /// The days of each fiscal year in scope that names them (SPEC §2), where the plan
    /// gives a `calendar` or a `fiscal_year_start`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fiscal_years: Vec<FiscalYear>,
    /// Each of the plan's classifications for this scope and phase (SPEC §10); absent
    /// where the plan has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classifications: Vec<ClassificationReport>,
    /// The plan's warnings (a plan with errors has no report), shared with the plan
    /// rather than copied: a national plan may have hundreds of thousands.
    pub diagnostics: Arc<Vec<Diagnostic>>,
}

/// One classification's figures (SPEC §10): per code, the unclassified rest, and how each
/// goal's money falls under its codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClassificationReport {
    pub id: String,
    pub name: String,
    /// `share` or `marker`.
    #[cfg_attr(feature = "ts", ts(type = "\"share\" | \"marker\""))]
    pub kind: String,
    /// The money in scope (as `traceability.total_amount`).
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub total_amount: Decimal,
    /// Money under no code (share kind), or under no marker at all (marker kind).
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub unclassified_amount: Decimal,
    /// Marker kind: the money relevant to any code, each unit once at its largest weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "Amount | null", optional))]
    pub any_amount: Option<Decimal>,
    /// Every code in the classification's order.
    pub codes: Vec<CodeReport>,
    /// Each goal's money (rolled up) by code, in plan order.
    pub goals: Vec<CrossRow>,
    /// The money that reaches no goal, by code.
    pub leaked: CrossRow,
}

/// One code of a classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeReport {
    pub id: String,
    pub name: Option<String>,
    pub parent: Option<String>,
    /// The money under the code itself (share) or relevant to it (marker).
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub amount: Decimal,
    /// The code's amount with its descendants'.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub rolled_up_amount: Decimal,
    /// Rolled-up amount over the total; absent when the total is zero or below.
    pub share: Option<f64>,
    /// Lines in scope whose money is classified under the code.
    pub lines: usize,
}

/// A goal's money (or the leaked money: `goal` null) by code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CrossRow {
    pub goal: Option<String>,
    /// The codes with money, in the classification's order.
    pub codes: Vec<CodeAmount>,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub unclassified_amount: Decimal,
}

/// An amount under a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeAmount {
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub amount: Decimal,
}

/// The first and last day of a fiscal year, in the plan's calendar and in ISO 8601.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FiscalYear {
    /// The fiscal year's label, as the budget lines write it.
    pub year: String,
    /// The first day, `YYYY-MM-DD` in the plan's calendar.
    pub start: String,
    /// The last day, `YYYY-MM-DD` in the plan's calendar.
    pub end: String,
    /// The first day in the Gregorian calendar (ISO 8601).
    pub start_iso: String,
    /// The last day in the Gregorian calendar (ISO 8601).
    pub end_iso: String,
}

/// Bottom-up: how much of the money reaches a goal, and where the thread breaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Traceability {
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub total_amount: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub traced_amount: Decimal,
    /// Traced over total; absent when the total is zero or negative.
    pub amount_ratio: Option<f64>,
    pub lines: usize,
    /// Lines in scope that give no amount in the report's phase (counted as 0); all of
    /// them when the plan has no such phase at all.
    pub lines_without_phase: usize,
    pub traced_lines: usize,
    pub line_ratio: f64,
    pub leaks: Leaks,
    pub top_leaks: TopLeaks,
    pub by_org_unit: Vec<Breakdown>,
    pub by_year: Vec<Breakdown>,
    pub by_category: Vec<Breakdown>,
}

/// The amount that leaks under each reason of SPEC §3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Leaks {
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub line_unlinked: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub line_partial: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub project_unlinked: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub project_partial: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub program_unlinked: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub program_partial: Decimal,
}

impl Leaks {
    /// The leaks in the SPEC's order, with their reasons' names.
    pub fn iter(&self) -> [(&'static str, Decimal); 6] {
        [
            ("line_unlinked", self.line_unlinked),
            ("line_partial", self.line_partial),
            ("project_unlinked", self.project_unlinked),
            ("project_partial", self.project_partial),
            ("program_unlinked", self.program_unlinked),
            ("program_partial", self.program_partial),
        ]
    }

    /// Σ of all leaks.
    pub fn total(&self) -> Decimal {
        self.iter().iter().map(|(_, v)| *v).sum()
    }
}

impl TopLeaks {
    /// The lists in the SPEC's order of the leaks, with their reasons' names.
    pub fn iter(&self) -> [(&'static str, &[Contributor]); 6] {
        [
            ("line_unlinked", &self.line_unlinked),
            ("line_partial", &self.line_partial),
            ("project_unlinked", &self.project_unlinked),
            ("project_partial", &self.project_partial),
            ("program_unlinked", &self.program_unlinked),
            ("program_partial", &self.program_partial),
        ]
    }
}

/// The ten largest contributors to each leak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TopLeaks {
    pub line_unlinked: Vec<Contributor>,
    pub line_partial: Vec<Contributor>,
    pub project_unlinked: Vec<Contributor>,
    pub project_partial: Vec<Contributor>,
    pub program_unlinked: Vec<Contributor>,
    pub program_partial: Vec<Contributor>,
}

/// A line, project or program where the thread breaks, with the amount lost there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contributor {
    pub id: String,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub amount: Decimal,
}

/// Traceability of one org unit, year or category: the figures of the same report with
/// the scope narrowed to that key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Breakdown {
    /// The org unit, year or category; `null` for lines that give none.
    pub key: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub total_amount: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub traced_amount: Decimal,
    /// Traced over total; absent when the total is zero or negative.
    pub amount_ratio: Option<f64>,
    pub lines: usize,
    pub traced_lines: usize,
}

/// Top-down: which goals have a program, money and a way to measure them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coverage {
    pub leaf_goals: usize,
    pub programmed_ratio: f64,
    pub funded_ratio: f64,
    pub measurable_ratio: f64,
    pub covered_ratio: f64,
    pub measurable_programs_ratio: f64,
    /// Absent when nothing (or less than nothing) is traced.
    pub measured_amount_ratio: Option<f64>,
    /// `"most"` (≥ 0.75), `"majority"` (> 0.5) or `"below"` (PEFA PI-8.1).
    #[cfg_attr(feature = "ts", ts(type = "\"most\" | \"majority\" | \"below\""))]
    #[schemars(extend("enum" = ["most", "majority", "below"]))]
    pub pefa_grade: String,
    /// Herfindahl-Hirschman index of rolled-up amounts over root goals; absent when
    /// nothing is traced or a root goal's amount is negative.
    pub hhi: Option<f64>,
}

/// One goal's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GoalReport {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub leaf: bool,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub direct_amount: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub rolled_up_amount: Decimal,
    /// Rolled-up amount over traced_amount; absent when that is zero or negative.
    pub share: Option<f64>,
    pub programs: usize,
    pub projects: usize,
    pub lines: usize,
    pub breadth: usize,
    pub programmed_ratio: f64,
    pub funded_ratio: f64,
    pub measurable_ratio: f64,
    pub covered_ratio: f64,
    pub indicators: Vec<IndicatorReport>,
    /// PV, EV and AC of the projects reaching the goal, by the same shares as money.
    #[serde(flatten)]
    pub execution: RollupExecution,
}

/// An indicator and its progress towards target (none when undefined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndicatorReport {
    pub id: String,
    pub name: String,
    pub progress: Option<f64>,
}

/// One program's money: `inflow = to_goals + leak`, exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProgramReport {
    pub id: String,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub inflow: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub to_goals: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub leak: Decimal,
    pub measurable: bool,
    pub indicators: Vec<IndicatorReport>,
    /// PV, EV and AC of the program's projects, by the same shares as money.
    #[serde(flatten)]
    pub execution: RollupExecution,
}

/// One project's money: `inflow = to_programs + leak`, exactly.
///
/// A national plan lists a hundred thousand projects: the ids are inline up to 24 bytes,
/// and the amounts are serialized by a faster writer of the same text as `Decimal`'s own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProjectReport {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    #[schemars(with = "String")]
    pub id: CompactString,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    #[schemars(with = "String")]
    pub name: CompactString,
    #[serde(serialize_with = "amount_text")]
    #[schemars(with = "Decimal")]
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub inflow: Decimal,
    #[serde(serialize_with = "amount_text")]
    #[schemars(with = "Decimal")]
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub to_programs: Decimal,
    #[serde(serialize_with = "amount_text")]
    #[schemars(with = "Decimal")]
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub leak: Decimal,
    /// The estimate (budget at completion), where given.
    #[serde(serialize_with = "optional_amount_text")]
    #[schemars(with = "Option<Decimal>")]
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub estimate: Option<Decimal>,
    /// Estimate minus the money that reached the project in this scope and phase.
    #[serde(serialize_with = "optional_amount_text")]
    #[schemars(with = "Option<Decimal>")]
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub funding_gap: Option<Decimal>,
    /// Earned value, where the project has an estimate, a schedule and a status; the
    /// fields are absent otherwise. Boxed: most projects of a large plan have none, and
    /// a report may list a hundred thousand projects.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub execution: Option<Box<ProjectExecution>>,
}

/// Earned value of a project on a linear plan (SPEC §4 "Execution"). Ratios that would
/// divide by zero are `null`, never infinite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProjectExecution {
    /// Planned fraction of the work done by the status date, in [0, 1].
    pub planned_fraction: f64,
    /// Planned value: estimate × planned fraction.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub pv: Decimal,
    /// Earned value: estimate × percent complete.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub ev: Decimal,
    /// Actual cost.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub ac: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub cv: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub sv: Decimal,
    pub cpi: Option<f64>,
    pub spi: Option<f64>,
    /// Estimate at completion, BAC / CPI.
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub eac: Option<Decimal>,
    /// Estimate to complete, EAC − AC.
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub etc: Option<Decimal>,
    /// Variance at completion, BAC − EAC.
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub vac: Option<Decimal>,
    /// Earned schedule in days: when the linear plan meant to reach today's EV.
    pub es_days: f64,
    /// Actual time in days since the start.
    pub at_days: f64,
    /// ES − AT in days: negative when late.
    pub sv_days: f64,
    /// SPI(t) = ES / AT, which unlike SPI does not drift to 1 at the end of a late project.
    pub spi_t: Option<f64>,
}

/// PV, EV and AC rolled up from projects, with CPI and SPI of the sums.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RollupExecution {
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub pv: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub ev: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub ac: Decimal,
    pub cpi: Option<f64>,
    pub spi: Option<f64>,
}

/// The projects furthest behind schedule and furthest over cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExecutionSummary {
    pub behind_schedule: Vec<Lagging>,
    pub over_cost: Vec<Lagging>,
}

/// A project that is late or over cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lagging {
    pub id: String,
    pub name: String,
    pub sv_days: f64,
    pub spi_t: Option<f64>,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub cv: Decimal,
    pub cpi: Option<f64>,
}

/// One fiscal year and org unit of the balance (SPEC §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BalanceRow {
    pub year: String,
    pub org_unit: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub revenue: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub expenditure: Decimal,
    /// Revenue − expenditure.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub difference: Decimal,
    /// Capital expenditure over all expenditure (`null` with no expenditure).
    pub capital_share: Option<f64>,
    /// Spent over revised (over approved where no line of the group gives revised).
    pub execution_rate: Option<f64>,
    /// The same for revenue lines (تحقق درآمد).
    pub revenue_realisation: Option<f64>,
}

/// Every phase of the budget cycle side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhaseComparison {
    pub total: PhaseRow,
    pub goals: Vec<PhaseRow>,
    pub programs: Vec<PhaseRow>,
    pub org_units: Vec<PhaseRow>,
    pub years: Vec<PhaseRow>,
}

/// One entity's amounts in each phase (goals: rolled up; programs: inflow).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhaseRow {
    /// The goal, program, org unit or year; `null` for the total and for lines without
    /// an org unit.
    pub key: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub proposed: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub amount: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub revised: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub committed: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub spent: Decimal,
    /// Spent over revised (over approved where no line behind the row gives revised).
    pub execution_rate: Option<f64>,
}

pub(crate) mod phase_str {
    use crate::model::Phase;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(p: &Phase, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(p.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Phase, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn amount_text<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(DecimalText::new(value).as_str())
}

fn optional_amount_text<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => amount_text(v, s),
        None => s.serialize_none(),
    }
}
