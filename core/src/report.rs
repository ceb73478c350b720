//! The report (`"format": "goldthread-report/1"`, SPEC §7): the contract between the core,
//! the bindings, the command line and anyone's scripts. Plain serde structs; amounts are
//! decimal strings with exactly the plan's `precision` places, ratios are numbers.

use crate::diagnostics::Diagnostic;
use crate::model::Phase;
use crate::scope::Scope;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The format tag of a report.
pub const REPORT_FORMAT: &str = "goldthread-report/1";

/// Everything goldthread says about a plan for one scope and phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub format: String,
    /// The plan's name.
    pub plan: String,
    pub currency: Option<String>,
    pub precision: u32,
    #[serde(with = "phase_str")]
    pub phase: Phase,
    pub scope: Scope,
    pub traceability: Traceability,
    pub coverage: Coverage,
    pub goals: Vec<GoalReport>,
    pub programs: Vec<ProgramReport>,
    pub projects: Vec<ProjectReport>,
    /// The plan's warnings (a plan with errors has no report).
    pub diagnostics: Vec<Diagnostic>,
}

/// Bottom-up: how much of the money reaches a goal, and where the thread breaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Traceability {
    pub total_amount: Decimal,
    pub traced_amount: Decimal,
    pub amount_ratio: f64,
    pub lines: usize,
    pub traced_lines: usize,
    pub line_ratio: f64,
    pub leaks: Leaks,
    pub top_leaks: TopLeaks,
    pub by_org_unit: Vec<Breakdown>,
    pub by_year: Vec<Breakdown>,
    pub by_category: Vec<Breakdown>,
}

/// The amount that leaks under each reason of SPEC §3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaks {
    pub line_unlinked: Decimal,
    pub line_partial: Decimal,
    pub project_unlinked: Decimal,
    pub project_partial: Decimal,
    pub program_unlinked: Decimal,
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

/// The ten largest contributors to each leak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopLeaks {
    pub line_unlinked: Vec<Contributor>,
    pub line_partial: Vec<Contributor>,
    pub project_unlinked: Vec<Contributor>,
    pub project_partial: Vec<Contributor>,
    pub program_unlinked: Vec<Contributor>,
    pub program_partial: Vec<Contributor>,
}

/// A line, project or program where the thread breaks, with the amount lost there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contributor {
    pub id: String,
    pub amount: Decimal,
}

/// Traceability of one org unit, year or category: the figures of the same report with
/// the scope narrowed to that key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// The org unit, year or category; `null` for lines that give none.
    pub key: Option<String>,
    pub total_amount: Decimal,
    pub traced_amount: Decimal,
    pub amount_ratio: f64,
    pub lines: usize,
    pub traced_lines: usize,
}

/// Top-down: which goals have a program, money and a way to measure them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub leaf_goals: usize,
    pub programmed_ratio: f64,
    pub funded_ratio: f64,
    pub measurable_ratio: f64,
    pub covered_ratio: f64,
    pub measurable_programs_ratio: f64,
    pub measured_amount_ratio: f64,
    /// `"most"` (≥ 0.75), `"majority"` (> 0.5) or `"below"` (PEFA PI-8.1).
    pub pefa_grade: String,
    /// Herfindahl-Hirschman index of rolled-up amounts over root goals.
    pub hhi: f64,
}

/// One goal's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalReport {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub leaf: bool,
    pub direct_amount: Decimal,
    pub rolled_up_amount: Decimal,
    /// Rolled-up amount over traced_amount.
    pub share: f64,
    pub programs: usize,
    pub projects: usize,
    pub lines: usize,
    pub breadth: usize,
    pub programmed_ratio: f64,
    pub funded_ratio: f64,
    pub measurable_ratio: f64,
    pub covered_ratio: f64,
    pub indicators: Vec<IndicatorReport>,
}

/// An indicator and its progress towards target (none when undefined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorReport {
    pub id: String,
    pub name: String,
    pub progress: Option<f64>,
}

/// One program's money: `inflow = to_goals + leak`, exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramReport {
    pub id: String,
    pub name: String,
    pub inflow: Decimal,
    pub to_goals: Decimal,
    pub leak: Decimal,
    pub measurable: bool,
    pub indicators: Vec<IndicatorReport>,
}

/// One project's money: `inflow = to_programs + leak`, exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectReport {
    pub id: String,
    pub name: String,
    pub inflow: Decimal,
    pub to_programs: Decimal,
    pub leak: Decimal,
    /// The estimate (budget at completion), where given.
    pub estimate: Option<Decimal>,
    /// Estimate minus the money that reached the project in this scope and phase.
    pub funding_gap: Option<Decimal>,
}

mod phase_str {
    use crate::model::Phase;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(p: &Phase, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(p.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Phase, D::Error> {
        let text = String::deserialize(d)?;
        Phase::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown phase {text}")))
    }
}
