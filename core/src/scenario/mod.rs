//! What-if scenarios (SPEC §12): a small file of edits (`goldthread-scenario/1`, JSON or
//! TOML) applied in order to a plan — set an amount, scale the lines a filter picks by a
//! percentage, move a line, set, add or remove a link, add or remove a project or a
//! program, retire a goal. Every edit is checked: an edit that names nothing is an error
//! that names the edit, never skipped; what an edit drops with it (the links to a removed
//! project) is counted in its outcome.

pub(crate) mod apply;
pub(crate) mod ids;
mod number;
mod scale;

use crate::plan::{LoadError, Plan};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The `format` of a scenario file.
pub const SCENARIO_FORMAT: &str = "goldthread-scenario/1";

/// A list of edits to apply to a plan, in order.
///
/// ```
/// use goldthread::{Plan, Scenario};
/// let plan = Plan::from_json(r#"{"format": "goldthread/1", "name": "p", "precision": 0,
///   "budget_lines": [{"id": "A", "year": "1399", "amount": "10"},
///                    {"id": "B", "year": "1399", "amount": "20"}]}"#)?;
/// let cut = Scenario::read(r#"{"format": "goldthread-scenario/1", "edits": [
///   {"op": "scale", "percent": "-5"}]}"#)?;
/// let applied = plan.apply(&cut)?;
/// // 5 % of 30 is 1.5, rounded half away from zero: the total moves by exactly -2.
/// let lines = &applied.plan.data().budget_lines;
/// assert_eq!((lines[0].amount.unwrap() + lines[1].amount.unwrap()).to_string(), "28");
/// assert_eq!(applied.outcomes[0].change.to_string(), "-2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[schemars(extend("const" = SCENARIO_FORMAT))]
    pub format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub edits: Vec<Edit>,
}

/// One edit. Amounts, shares and percentages are written as strings (`"-5"`, `"0.25"`),
/// read exactly as a plan file's are; a phase is `proposed`, `amount` (the default),
/// `revised`, `committed` or `spent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// Set one line's amount in a phase.
    SetAmount {
        line: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phase: Option<String>,
        #[serde(deserialize_with = "number::text")]
        #[schemars(with = "number::Number")]
        amount: String,
    },
    /// Scale the lines the filter picks by `percent` (−5: a cut of 5 %). The total moves
    /// by exactly `percent` × their total, rounded half away from zero; each line's part
    /// by the largest-remainder rule.
    Scale {
        #[serde(default)]
        filter: Filter,
        #[serde(deserialize_with = "number::text")]
        #[schemars(with = "number::Number")]
        percent: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phase: Option<String>,
    },
    /// Give a line other parents (none: it funds nothing).
    MoveLine { line: String, to: Vec<LinkTo> },
    /// Set the share of an existing link (`null`: no share written, an equal part).
    SetShare {
        from: String,
        to: String,
        #[serde(deserialize_with = "number::optional_text")]
        #[schemars(with = "Option<number::Number>")]
        share: Option<String>,
    },
    /// Link a line to a project or program, a project to a program, or a program to a goal.
    AddLink {
        from: String,
        to: String,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "number::optional_text"
        )]
        #[schemars(with = "Option<number::Number>")]
        share: Option<String>,
    },
    /// Remove a link.
    RemoveLink { from: String, to: String },
    /// Add a project, written as in a plan file.
    AddProject {
        #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
        #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
        project: serde_json::Value,
    },
    /// Add a program, written as in a plan file.
    AddProgram {
        #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
        #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
        program: serde_json::Value,
    },
    /// Remove a project and the links to it (counted in the outcome).
    RemoveProject { id: String },
    /// Remove a program and the links to it (counted in the outcome).
    RemoveProgram { id: String },
    /// Remove a goal without sub-goals, and the programs' links to it.
    RetireGoal { goal: String },
    /// Set a project's schedule: its start and finish written in the plan's calendar, as a
    /// plan file writes them (`"1403-07-01"`, `"۱۴۰۳/۰۷/۰۱"`).
    SetSchedule {
        project: String,
        start: String,
        finish: String,
    },
}

impl Edit {
    /// The edit's `op`, as written.
    pub fn op(&self) -> &'static str {
        match self {
            Edit::SetAmount { .. } => "set_amount",
            Edit::Scale { .. } => "scale",
            Edit::MoveLine { .. } => "move_line",
            Edit::SetShare { .. } => "set_share",
            Edit::AddLink { .. } => "add_link",
            Edit::RemoveLink { .. } => "remove_link",
            Edit::AddProject { .. } => "add_project",
            Edit::AddProgram { .. } => "add_program",
            Edit::RemoveProject { .. } => "remove_project",
            Edit::RemoveProgram { .. } => "remove_program",
            Edit::RetireGoal { .. } => "retire_goal",
            Edit::SetSchedule { .. } => "set_schedule",
        }
    }
}

/// Which lines a `scale` edit picks: a line must match every list given (any value in
/// it). `projects` and `programs` pick the lines that fund them (a program through a
/// project too); `goals` the lines whose money reaches the goal or a goal under it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Filter {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub org_units: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
    /// `expenditure` (the default) or `revenue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// A line's new parent: exactly one of `project` or `program`, with an optional share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct LinkTo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number::optional_text"
    )]
    #[schemars(with = "Option<number::Number>")]
    pub share: Option<String>,
}

/// What one edit did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outcome {
    /// The edit's place in the list, from 0.
    pub edit: usize,
    pub op: String,
    /// What it did, in words.
    pub message: String,
    /// The lines whose amount or parents it changed.
    pub lines: usize,
    /// How much the lines' total in the edit's phase moved.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub change: Decimal,
    /// Links (and classification tags) it removed with what it removed.
    pub links_removed: usize,
}

/// A scenario applied: the new plan, checked, and what each edit did.
#[derive(Debug, Clone)]
pub struct Applied {
    pub plan: Plan,
    pub outcomes: Vec<Outcome>,
}

/// A scenario that cannot be read or applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    /// The file is not a scenario: the reader's message, with line and column.
    #[error("the scenario cannot be read: {0}")]
    Read(String),
    /// An edit that cannot be applied as written.
    #[error("edits[{index}] ({op}): {message}")]
    Edit {
        index: usize,
        op: &'static str,
        message: String,
    },
    /// The plan the edits give breaks a rule of the plan file.
    #[error("after the edits, {0}")]
    Invalid(LoadError),
}

impl Scenario {
    /// Reads a scenario written as JSON (text starting with `{`) or TOML.
    pub fn read(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| ScenarioError::Read(e.to_string()))?
        } else {
            toml::from_str(text).map_err(|e| ScenarioError::Read(e.to_string()))?
        };
        if scenario.format != SCENARIO_FORMAT {
            return Err(ScenarioError::Read(format!(
                "\"format\" is {:?}; a scenario says \"format\": \"{SCENARIO_FORMAT}\"",
                scenario.format
            )));
        }
        Ok(scenario)
    }

    /// A scenario given from code (the bindings): as [`Scenario::read`], and besides a bare
    /// JSON list of edits, or a JSON object whose `format` is left out.
    ///
    /// ```
    /// use goldthread::Scenario;
    /// let s = Scenario::read_given(r#"[{"op": "retire_goal", "goal": "G"}]"#)?;
    /// assert_eq!(s, Scenario::read_given(r#"{"edits": [{"op": "retire_goal", "goal": "G"}]}"#)?);
    /// # Ok::<(), goldthread::ScenarioError>(())
    /// ```
    pub fn read_given(text: &str) -> Result<Scenario, ScenarioError> {
        let value = match text.trim_start().as_bytes().first() {
            Some(b'[' | b'{') => serde_json::from_str::<serde_json::Value>(text)
                .map_err(|e| ScenarioError::Read(e.to_string()))?,
            _ => return Scenario::read(text),
        };
        let value = match value {
            edits @ serde_json::Value::Array(_) => serde_json::json!({ "edits": edits }),
            other => other,
        };
        let serde_json::Value::Object(mut object) = value else {
            return Scenario::read(text);
        };
        object
            .entry("format")
            .or_insert_with(|| SCENARIO_FORMAT.into());
        Scenario::read(&serde_json::Value::Object(object).to_string())
    }

    /// A scenario of these edits.
    pub fn of(edits: Vec<Edit>) -> Scenario {
        Scenario {
            format: SCENARIO_FORMAT.to_string(),
            name: None,
            description: None,
            edits,
        }
    }

    /// The scenario as JSON text (what the page's "export scenario" writes).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Plan {
    /// Applies a scenario's edits in order (SPEC §12) and returns the new plan, checked,
    /// with what each edit did. This plan is left as it is.
    pub fn apply(&self, scenario: &Scenario) -> Result<Applied, ScenarioError> {
        apply(self, scenario)
    }
}

/// Applies a scenario's edits in order to a copy of `plan`'s data and checks the result.
pub(crate) fn apply(plan: &Plan, scenario: &Scenario) -> Result<Applied, ScenarioError> {
    let mut data = plan.data().clone();
    let mut outcomes = Vec::with_capacity(scenario.edits.len());
    let mut ids = ids::Ids::for_edits(&data, scenario.edits.len());
    for (index, edit) in scenario.edits.iter().enumerate() {
        let failed = |message: String| ScenarioError::Edit {
            index,
            op: edit.op(),
            message,
        };
        let (mut outcome, _) = apply::edit(&mut data, &mut ids, edit).map_err(failed)?;
        outcome.edit = index;
        outcomes.push(outcome);
    }
    let plan = Plan::from_data(data).map_err(ScenarioError::Invalid)?;
    Ok(Applied { plan, outcomes })
}
