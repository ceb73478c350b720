//! # goldthread
//!
//! Goal-linked public budgeting: follow "the golden thread" from every budget line up
//! through projects and programs to the goals of a strategic plan, exactly.
//!
//! A [`Plan`] is read from a `goldthread/1` JSON file ([`Plan::from_path`], which parses
//! the file as it reads it; [`Plan::from_json`] for text in memory), or built in code with
//! [`PlanBuilder`], checked with a [`Diagnostic`] for every problem, and asked for a
//! [`Report`]: how much of the budget is traced to goals, where the thread breaks
//! (leaks by reason), which goals have no program, no money or no indicator.
//! Money is `rust_decimal::Decimal` throughout and every split foots to the smallest unit.
//!
//! ```
//! use goldthread::{Plan, Phase, Scope};
//!
//! let plan = Plan::from_json(r#"{
//!   "format": "goldthread/1", "name": "demo", "currency": "IRR", "precision": 0,
//!   "goals": [{"id": "G1", "name": "Green city"}, {"id": "G2", "name": "Mobility"}],
//!   "programs": [{"id": "P1", "name": "Forest belt", "goals": [{"goal": "G1"}, {"goal": "G2"}]}],
//!   "projects": [{"id": "J1", "name": "Eastern belt", "programs": [{"program": "P1"}]}],
//!   "budget_lines": [
//!     {"id": "L1", "year": "1398", "amount": "101", "funds": [{"project": "J1"}]},
//!     {"id": "L2", "year": "1398", "amount": "9"}
//!   ]
//! }"#)?;
//! let report = plan.report(&Scope::all(), Phase::Amount);
//! let t = &report.traceability;
//! assert_eq!(t.total_amount.to_string(), "110");
//! assert_eq!(t.traced_amount.to_string(), "101");
//! assert_eq!(t.leaks.line_unlinked.to_string(), "9");
//! // 101 split equally over two goals: the leftover unit goes to the earlier link.
//! assert_eq!(report.goals[0].rolled_up_amount.to_string(), "51");
//! assert_eq!(report.goals[1].rolled_up_amount.to_string(), "50");
//! # Ok::<(), goldthread::LoadError>(())
//! ```

/// The crate's README, whose example runs as a doc test.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod amount;
mod attribution;
mod balance;
mod builder;
pub mod calendar;
mod check;
mod classification;
#[cfg(feature = "arrow")]
pub mod columnar;
pub mod controls;
mod coverage;
#[cfg(feature = "tables")]
mod csv_guard;
#[cfg(feature = "tables")]
mod csv_lines;
pub mod date;
pub mod diagnostics;
pub mod diff;
pub mod execution;
pub mod export;
mod extension;
mod forest;
mod graph;
mod hashing;
#[cfg(feature = "iati")]
pub mod iati;
#[cfg(feature = "tables")]
pub mod import;
pub mod lang;
mod limits;
mod links;
mod model;
mod parallel;
mod phases;
mod plan;
mod plan_edit;
mod plan_file;
mod ratio;
mod reach;
pub mod render;
mod report;
mod rules;
pub mod sankey_view;
pub mod scenario;
pub mod schema;
mod scope;
mod scratch;
pub mod synth;
#[cfg(feature = "tables")]
pub mod tables;
mod trace;
mod traceability;
#[cfg(feature = "ts")]
pub mod typescript;

pub use attribution::LeakReason;
pub use builder::PlanBuilder;
pub use diagnostics::{Code, Diagnostic, Severity};
pub use diff::{Diff, DiffError, DIFF_FORMAT};
pub use extension::Extension;
pub use graph::NodeRef;
pub use limits::LoadOptions;
pub use model::*;
pub use plan::{check, check_with, Dimensions, FileError, LoadError, Plan};
pub use plan_file::{FORMAT, MAX_DEPTH};
pub use report::{
    BalanceRow, Breakdown, Contributor, Coverage, ExecutionSummary, GoalReport, IndicatorReport,
    Lagging, Leaks, PhaseComparison, PhaseRow, ProgramReport, ProjectExecution, ProjectReport,
    Report, ReportOptions, RollupExecution, TopLeaks, Traceability, AMOUNT_FIELDS, REPORT_FORMAT,
};
pub use rules::MAX_PRECISION;
pub use scenario::{Applied, Edit, Scenario, ScenarioError, SCENARIO_FORMAT};
pub use scope::Scope;
pub use trace::{Trace, TraceError, TracePath, MAX_PATHS};
pub use traceability::TOP_LEAKS;
