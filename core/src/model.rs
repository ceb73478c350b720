//! The entities of a plan, as the budget office writes them (SPEC §1–2).
//!
//! These are plain data: ids are strings and links name their parents. [`crate::Plan`]
//! checks them and resolves every id once, at load.

use crate::date::Date;
pub use crate::extension::Extension;
pub use compact_str::CompactString;
use rust_decimal::Decimal;

/// The whole plan as written: what a plan file holds.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, title = "goldthread plan")]
pub struct PlanData {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub name: String,
    /// Currency code (`"IRR"`, `"EUR"`); a label only.
    pub currency: Option<String>,
    /// Decimal places of the currency's smallest unit (0 for IRR, 2 for EUR).
    #[schemars(default = "default_precision", range(max = 6))]
    pub precision: u32,
    /// The calendar of the plan's dates (schedules, statuses) and of its fiscal years.
    #[schemars(default)]
    pub calendar: crate::calendar::Calendar,
    /// The day each fiscal year starts, `MM-DD` in the plan's calendar; absent, fiscal
    /// years are calendar years.
    pub fiscal_year_start: Option<crate::calendar::MonthDay>,
    /// `None` when the file gives no `org_units`: org unit ids are then free labels.
    pub org_units: Option<Vec<OrgUnit>>,
    #[schemars(default)]
    pub goals: Vec<Goal>,
    #[schemars(default)]
    pub programs: Vec<Program>,
    #[schemars(default)]
    pub projects: Vec<Project>,
    #[schemars(default)]
    pub budget_lines: Vec<BudgetLine>,
    /// Frames beside the goal tree (SDG targets, climate markers, functions): each a tree
    /// of codes and the tags that put lines, projects and programs under them (SPEC §10).
    #[schemars(default)]
    pub classifications: Vec<Classification>,
    /// The user's own extensions, kept as written.
    pub x: Option<Extension>,
}

/// A classification beside the goal tree: its codes, and the tags that classify money.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Classification {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub id: String,
    #[schemars(with = "crate::schema::fragments::Text")]
    pub name: String,
    pub kind: ClassificationKind,
    #[schemars(default)]
    pub codes: Vec<ClassCode>,
    #[schemars(default)]
    pub tags: Vec<Tag>,
    pub x: Option<Box<Extension>>,
}

/// How a classification's tags count money (SPEC §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, schemars::JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum ClassificationKind {
    /// Money is split over an entity's codes by shares summing to at most 1 (functions,
    /// SDG targets): codes and the unclassified rest foot to the total.
    #[default]
    Share,
    /// Each code of an entity carries a relevance weight in [0, 1] (Rio markers, the EU's
    /// 0/40/100 %): a code's relevant amount is money × weight.
    Marker,
}

impl ClassificationKind {
    /// `share` or `marker`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClassificationKind::Share => "share",
            ClassificationKind::Marker => "marker",
        }
    }
}

/// A code of a classification; codes form a forest through `parent`.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ClassCode {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub id: String,
    pub name: Option<String>,
    pub parent: Option<String>,
}

/// What a tag classifies: a budget line, a project or a program, by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TagTarget {
    Line(String),
    Project(String),
    Program(String),
}

impl TagTarget {
    /// The field that names it in a tag: `line`, `project` or `program`.
    pub fn field(&self) -> &'static str {
        match self {
            TagTarget::Line(_) => "line",
            TagTarget::Project(_) => "project",
            TagTarget::Program(_) => "program",
        }
    }

    /// The id it names.
    pub fn id(&self) -> &str {
        match self {
            TagTarget::Line(id) | TagTarget::Project(id) | TagTarget::Program(id) => id,
        }
    }
}

/// One code on one entity: with a share (share classifications) or a weight (markers).
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub target: TagTarget,
    pub code: String,
    pub share: Option<Decimal>,
    pub weight: Option<Decimal>,
}

impl schemars::JsonSchema for Tag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Tag".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let decimal = schemars::json_schema!({"type": ["string", "number"]});
        let id = schemars::json_schema!({"type": "string", "minLength": 1});
        schemars::json_schema!({
            "description": "One code on one entity: exactly one of line, project or program; a share (share classifications) or a weight in [0, 1] (markers).",
            "type": "object",
            "properties": {
                "line": id, "project": id, "program": id, "code": id,
                "share": decimal, "weight": decimal
            },
            "required": ["code"],
            "oneOf": [{"required": ["line"]}, {"required": ["project"]}, {"required": ["program"]}],
            "additionalProperties": false
        })
    }
}

/// Who spends: headquarters, a district, an affiliated organization.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct OrgUnit {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub id: String,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub parent: Option<String>,
    pub x: Option<Box<Extension>>,
}

/// A value of an indicator in a year.
#[derive(Debug, Clone, PartialEq, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Measure {
    #[schemars(with = "crate::schema::fragments::DecimalText")]
    pub value: Decimal,
    #[schemars(with = "crate::schema::fragments::Label")]
    pub year: String,
}

/// A way to measure a goal or a program.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Indicator {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub id: String,
    #[schemars(with = "crate::schema::fragments::Text")]
    pub name: String,
    pub unit: Option<String>,
    pub baseline: Option<Measure>,
    pub target: Option<Measure>,
    #[schemars(default)]
    pub actuals: Vec<Measure>,
    /// `Some(false)` for an indicator that should fall; `None` when not declared.
    pub ascending: Option<bool>,
    pub x: Option<Box<Extension>>,
}

impl Indicator {
    /// An indicator is usable for measurement when it has both a baseline and a target.
    pub fn has_baseline_and_target(&self) -> bool {
        self.baseline.is_some() && self.target.is_some()
    }

    /// `(v − b) / (t − b)` for the latest actual v (greatest year), unclamped; `None` when
    /// t = b or there is no actual. A ratio, so a float.
    pub fn progress(&self) -> Option<f64> {
        let baseline = self.baseline.as_ref()?.value;
        let target = self.target.as_ref()?.value;
        // The first of equal years wins, so the answer does not depend on sort stability.
        let latest = self
            .actuals
            .iter()
            .fold(None::<&Measure>, |best, m| match best {
                Some(b) if b.year >= m.year => Some(b),
                _ => Some(m),
            })?;
        // Values near a decimal's limit of 7.9·10^28 may differ by more than it holds: the
        // ratio is then taken of their halves (the same ratio), never left out unsaid.
        let half = |d: Decimal| d / Decimal::TWO;
        let (span, done) = match (
            target.checked_sub(baseline),
            latest.value.checked_sub(baseline),
        ) {
            (Some(span), Some(done)) => (span, done),
            _ => (
                half(target) - half(baseline),
                half(latest.value) - half(baseline),
            ),
        };
        if span.is_zero() {
            return None;
        }
        // A ratio past a decimal's range (a huge change over a tiny span) is still a ratio:
        // of measures, never of money, so a float may carry it.
        let beyond = || crate::ratio::decimal_to_f64(done) / crate::ratio::decimal_to_f64(span);
        crate::ratio::quotient(done, span).or_else(|| Some(beyond()))
    }
}

/// A strategic goal or objective; goals form a forest through `parent`.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Goal {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub id: String,
    #[schemars(with = "crate::schema::fragments::Text")]
    pub name: String,
    pub parent: Option<String>,
    #[schemars(default)]
    pub indicators: Vec<Indicator>,
    pub x: Option<Box<Extension>>,
}

impl Goal {
    /// A goal with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Goal {
        Goal {
            id: id.into(),
            name: name.into(),
            ..Goal::default()
        }
    }

    /// Measurable: it has an indicator with both a baseline and a target.
    pub fn is_measurable(&self) -> bool {
        self.indicators
            .iter()
            .any(Indicator::has_baseline_and_target)
    }
}

/// A link from a program up to a goal.
#[derive(Debug, Clone, PartialEq, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GoalLink {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub goal: String,
    #[schemars(with = "Option<crate::schema::fragments::DecimalText>")]
    pub share: Option<Decimal>,
}

/// An operational program, usually multi-year.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Program {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub id: String,
    #[schemars(with = "crate::schema::fragments::Text")]
    pub name: String,
    /// First fiscal year of the program (a label).
    #[schemars(with = "Option<crate::schema::fragments::Label>")]
    pub start: Option<String>,
    /// Last fiscal year of the program (a label).
    #[schemars(with = "Option<crate::schema::fragments::Label>")]
    pub end: Option<String>,
    pub owner: Option<String>,
    #[schemars(default)]
    pub goals: Vec<GoalLink>,
    #[schemars(default)]
    pub indicators: Vec<Indicator>,
    pub x: Option<Box<Extension>>,
}

impl Program {
    /// A program with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Program {
        Program {
            id: id.into(),
            name: name.into(),
            ..Program::default()
        }
    }

    /// Measurable: it has an indicator with both a baseline and a target.
    pub fn is_measurable(&self) -> bool {
        self.indicators
            .iter()
            .any(Indicator::has_baseline_and_target)
    }
}

/// A link from a project up to a program.
#[derive(Debug, Clone, PartialEq, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ProgramLink {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub program: String,
    #[schemars(with = "Option<crate::schema::fragments::DecimalText>")]
    pub share: Option<Decimal>,
}

/// When a project is planned to run.
#[derive(Debug, Clone, PartialEq, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Schedule {
    pub start: Date,
    pub finish: Date,
}

/// Where a project stands on a date.
#[derive(Debug, Clone, PartialEq, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Status {
    pub as_of: Date,
    /// Fraction of the scope done, in [0, 1].
    #[schemars(with = "crate::schema::fragments::DecimalText")]
    pub percent_complete: Decimal,
    #[schemars(with = "crate::schema::fragments::DecimalText")]
    pub actual_cost: Decimal,
}

/// A project of the portfolio, with time, cost, scope and estimate.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Project {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub id: String,
    #[schemars(with = "crate::schema::fragments::Text")]
    pub name: String,
    /// `"city"` for key city projects, `"district"` for district projects, or any label.
    pub tier: Option<String>,
    pub org_unit: Option<String>,
    #[schemars(default)]
    pub tags: Vec<String>,
    #[schemars(default)]
    pub programs: Vec<ProgramLink>,
    pub schedule: Option<Schedule>,
    /// Budget at completion (BAC).
    #[schemars(with = "Option<crate::schema::fragments::DecimalText>")]
    pub estimate: Option<Decimal>,
    pub status: Option<Status>,
    pub x: Option<Box<Extension>>,
}

impl Project {
    /// A project with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Project {
        Project {
            id: id.into(),
            name: name.into(),
            ..Project::default()
        }
    }
}

/// What a budget line funds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FundTarget {
    Project(CompactString),
    Program(CompactString),
}

impl FundTarget {
    /// The id of the project or program.
    pub fn id(&self) -> &str {
        match self {
            FundTarget::Project(id) | FundTarget::Program(id) => id,
        }
    }
}

/// A link from a budget line up to a project or a program.
#[derive(Debug, Clone, PartialEq)]
pub struct Funding {
    pub target: FundTarget,
    pub share: Option<Decimal>,
}

/// Expenditure (the default) or revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, schemars::JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Expenditure,
    Revenue,
}

impl Direction {
    /// The direction as a plan file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Expenditure => "expenditure",
            Direction::Revenue => "revenue",
        }
    }
}

/// A phase of the budget cycle: proposed (لایحه), approved (مصوب), revised (اصلاحیه/متمم),
/// committed, spent (تفریغ).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, schemars::JsonSchema,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[schemars(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", ts(rename_all = "lowercase"))]
pub enum Phase {
    Proposed,
    #[default]
    Amount,
    Revised,
    Committed,
    Spent,
}

impl Phase {
    /// Every phase, in the order of the budget cycle.
    pub const ALL: [Phase; 5] = [
        Phase::Proposed,
        Phase::Amount,
        Phase::Revised,
        Phase::Committed,
        Phase::Spent,
    ];

    /// The field name of the phase in a plan file.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Proposed => "proposed",
            Phase::Amount => "amount",
            Phase::Revised => "revised",
            Phase::Committed => "committed",
            Phase::Spent => "spent",
        }
    }
}

/// A phase name that is none of the five: the one message every way in gives.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown phase {0:?}; choose proposed, amount, revised, committed or spent")]
pub struct UnknownPhase(pub String);

impl std::str::FromStr for Phase {
    type Err = UnknownPhase;

    /// The phase named by its field name (`"spent"`).
    ///
    /// ```
    /// use goldthread::Phase;
    /// assert_eq!("spent".parse::<Phase>(), Ok(Phase::Spent));
    /// assert!("approved".parse::<Phase>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Phase, UnknownPhase> {
        Phase::ALL
            .into_iter()
            .find(|p| p.as_str() == text)
            .ok_or_else(|| UnknownPhase(text.to_string()))
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of the budget: one amount per phase, one fiscal year, one org unit.
///
/// Its short texts are [`CompactString`]s, kept inline up to 24 bytes: a plan of a million
/// lines allocates no string per line. They read as `&str` and convert from `&str` and
/// `String` with `.into()`.
#[derive(Debug, Clone, PartialEq, Default, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BudgetLine {
    #[schemars(with = "crate::schema::fragments::Text")]
    pub id: CompactString,
    #[schemars(with = "Option<String>")]
    pub name: Option<CompactString>,
    #[schemars(with = "crate::schema::fragments::Label")]
    pub year: CompactString,
    #[schemars(with = "Option<String>")]
    pub org_unit: Option<CompactString>,
    #[schemars(with = "Option<String>")]
    pub category: Option<CompactString>,
    #[schemars(default)]
    pub direction: Direction,
    #[schemars(with = "Option<crate::schema::fragments::DecimalText>")]
    pub proposed: Option<Decimal>,
    /// The approved amount. A line may lack it (a proposed-only budget, an executed-only
    /// account) but gives at least one phase.
    #[schemars(with = "Option<crate::schema::fragments::DecimalText>")]
    pub amount: Option<Decimal>,
    #[schemars(with = "Option<crate::schema::fragments::DecimalText>")]
    pub revised: Option<Decimal>,
    #[schemars(with = "Option<crate::schema::fragments::DecimalText>")]
    pub committed: Option<Decimal>,
    #[schemars(with = "Option<crate::schema::fragments::DecimalText>")]
    pub spent: Option<Decimal>,
    #[schemars(default)]
    pub funds: Vec<Funding>,
    /// Boxed: few lines carry extensions, and a million lines would otherwise each hold
    /// an empty map's worth of bytes.
    pub x: Option<Box<Extension>>,
}

impl BudgetLine {
    /// A line approving `amount` in `year`, linking to nothing yet.
    pub fn new(
        id: impl Into<CompactString>,
        year: impl Into<CompactString>,
        amount: Decimal,
    ) -> BudgetLine {
        BudgetLine {
            id: id.into(),
            year: year.into(),
            amount: Some(amount),
            ..BudgetLine::default()
        }
    }

    /// Whether the line gives an amount in any phase (every line must).
    pub fn has_any_phase(&self) -> bool {
        Phase::ALL.iter().any(|p| self.phase_value(*p).is_some())
    }

    /// The line's amount in a phase; a phase the line does not give counts as 0.
    pub fn in_phase(&self, phase: Phase) -> Decimal {
        match phase {
            Phase::Amount => self.amount.unwrap_or_default(),
            Phase::Proposed => self.proposed.unwrap_or_default(),
            Phase::Revised => self.revised.unwrap_or_default(),
            Phase::Committed => self.committed.unwrap_or_default(),
            Phase::Spent => self.spent.unwrap_or_default(),
        }
    }

    /// The line's amount in a phase, `None` when the line does not give it.
    pub fn phase_value(&self, phase: Phase) -> Option<Decimal> {
        match phase {
            Phase::Amount => self.amount,
            Phase::Proposed => self.proposed,
            Phase::Revised => self.revised,
            Phase::Committed => self.committed,
            Phase::Spent => self.spent,
        }
    }
}

/// The plan file writes a funding link as `{"project": id}` or `{"program": id}`, with an
/// optional `share`.
impl schemars::JsonSchema for Funding {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Funding".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let id = generator.subschema_for::<crate::schema::fragments::Text>();
        let share = generator.subschema_for::<crate::schema::fragments::DecimalText>();
        let link = |kind: &str| {
            serde_json::json!({
                "type": "object",
                "properties": {kind: id, "share": share},
                "required": [kind],
                "additionalProperties": false
            })
        };
        schemars::json_schema!({
            "description": "A link from a budget line up to a project or a program, with its share.",
            "oneOf": [link("project"), link("program")]
        })
    }
}

fn default_precision() -> u32 {
    2
}

/// Normalises Arabic ي and ك to Persian ی and ک, so that a search by name finds a name
/// typed on either keyboard.
///
/// ```
/// assert_eq!(goldthread::normalize_name("كيفيت"), "کیفیت");
/// ```
pub fn normalize_name(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(value: &str) -> Option<Measure> {
        Some(Measure {
            value: value.parse().ok()?,
            year: "1".into(),
        })
    }

    /// Values near a decimal's limit give their progress, never a silent nothing.
    #[test]
    fn progress_near_the_limits_of_a_decimal() {
        let big = "79000000000000000000000000000";
        let indicator = |baseline: &str, target: &str, actual: &str| Indicator {
            baseline: measure(baseline),
            target: measure(target),
            actuals: measure(actual).into_iter().collect(),
            ..Indicator::default()
        };
        let p = indicator(&format!("-{big}"), big, "0").progress();
        assert_eq!(p, Some(0.5));
        let p = indicator("0", "0.0000000000000000000000000001", big).progress();
        assert!(p.is_some_and(|p| p > 1e56), "{p:?}");
        assert_eq!(
            indicator("1", "1", "2").progress(),
            None,
            "no span, no progress"
        );
    }
}
