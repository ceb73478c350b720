//! What a report is asked for: a scope, a phase, and whether to set every phase side by
//! side. The command line, Python and JavaScript all parse their arguments into this one
//! type, so a phase name is read, and refused, in one place.

use crate::model::{Phase, UnknownPhase};
use crate::scope::Scope;

/// The options of a report (see [`crate::Plan::report_with`]).
///
/// ```
/// use goldthread::{Phase, ReportOptions};
/// let options = ReportOptions::from_args(vec!["1398".into()], vec![], vec![], Some("spent"), true)?;
/// assert_eq!(options.phase, Phase::Spent);
/// assert_eq!(options.scope.years, ["1398"]);
/// let wrong = ReportOptions::from_args(vec![], vec![], vec![], Some("paid"), false).unwrap_err();
/// assert_eq!(
///     wrong.to_string(),
///     "unknown phase \"paid\"; choose proposed, amount, revised, committed or spent"
/// );
/// # Ok::<(), goldthread::UnknownPhase>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportOptions {
    /// Which lines the report covers.
    pub scope: Scope,
    /// The phase whose amounts the figures use (approved, `amount`, by default).
    pub phase: Phase,
    /// Also set every phase side by side (`report.phases`).
    pub compare_phases: bool,
    /// Leave out the per-project rows and the diagnostics (both empty), for a redraw that
    /// shows neither (a what-if at a hundred thousand lines): every other figure is the
    /// full report's.
    pub summary: bool,
}

impl ReportOptions {
    /// A report of `scope` in `phase`, without the phase comparison.
    pub fn new(scope: Scope, phase: Phase) -> ReportOptions {
        ReportOptions {
            scope,
            phase,
            compare_phases: false,
            summary: false,
        }
    }

    /// The same options, without the project rows and the diagnostics when `yes`.
    pub fn summary(mut self, yes: bool) -> ReportOptions {
        self.summary = yes;
        self
    }

    /// The same options, with every phase side by side as well when `yes`.
    pub fn comparing_phases(mut self, yes: bool) -> ReportOptions {
        self.compare_phases = yes;
        self
    }

    /// The options from what a command line or a binding receives: three lists (empty
    /// means all) and a phase name (`None` means approved).
    pub fn from_args(
        years: Vec<String>,
        org_units: Vec<String>,
        categories: Vec<String>,
        phase: Option<&str>,
        compare_phases: bool,
    ) -> Result<ReportOptions, UnknownPhase> {
        let scope = Scope::all()
            .years(years)
            .org_units(org_units)
            .categories(categories);
        let phase = phase.map_or(Ok(Phase::default()), str::parse)?;
        Ok(ReportOptions {
            scope,
            phase,
            compare_phases,
            summary: false,
        })
    }
}
