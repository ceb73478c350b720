//! `trace(id)` (SPEC §4): every path from a line, project or program up to a goal, with
//! the product of its shares and the amount it carries.

use crate::graph::{Graph, Target};
use crate::links::Split;
use crate::model::PlanData;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// At most this many paths are listed; a plan built to explode combinatorially says
/// `truncated` instead of using memory out of proportion to its size.
pub const MAX_PATHS: usize = 10_000;

/// The paths from one entity up to the goals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Trace {
    pub id: String,
    /// `"budget line"`, `"project"` or `"program"`.
    #[cfg_attr(
        feature = "ts",
        ts(type = "\"budget line\" | \"project\" | \"program\"")
    )]
    pub kind: String,
    /// The money the entity holds in this scope and phase: a line's amount, or what
    /// reached a project or program.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub amount: Decimal,
    pub paths: Vec<TracePath>,
    /// True when more than [`MAX_PATHS`] paths exist and the list was cut.
    pub truncated: bool,
}

/// One path, from the entity (first) to a goal (last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TracePath {
    pub path: Vec<String>,
    /// The product of the shares along the path.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub share: Decimal,
    /// The entity's amount times the share product, rounded half away from zero to the
    /// plan's precision.
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub amount: Decimal,
}

/// Why a trace could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TraceError {
    #[error("no entity has the id {0:?}")]
    UnknownId(String),
    #[error("{id:?} is a {kind}; trace starts from a budget line, a project or a program")]
    NotTraceable { id: String, kind: &'static str },
}

struct Walker<'a> {
    data: &'a PlanData,
    graph: &'a Graph,
    amount: Decimal,
    out: Vec<TracePath>,
    truncated: bool,
}

impl Walker<'_> {
    fn push(&mut self, path: &[String], share: Decimal) {
        if self.out.len() >= MAX_PATHS {
            self.truncated = true;
            return;
        }
        let amount = self
            .amount
            .checked_mul(share)
            .unwrap_or_default()
            .round_dp_with_strategy(self.data.precision, RoundingStrategy::MidpointAwayFromZero);
        self.out.push(TracePath {
            path: path.to_vec(),
            share,
            amount,
        });
    }

    fn links<T: Copy>(split: Split<'_, T>) -> impl Iterator<Item = (T, Decimal)> + '_ {
        split
            .targets
            .iter()
            .enumerate()
            .filter(move |(i, _)| split.nonzero(*i))
            .map(move |(i, t)| (*t, split.share(i)))
    }

    fn walk_program(&mut self, q: usize, path: &mut Vec<String>, share: Decimal) {
        path.push(self.data.programs[q].id.clone());
        for (g, s) in Self::links(self.graph.program_goals.at(q)) {
            path.push(self.data.goals[g].id.clone());
            self.push(path, share.checked_mul(s).unwrap_or_default());
            path.pop();
            if self.truncated {
                break;
            }
        }
        path.pop();
    }

    fn walk_project(&mut self, p: usize, path: &mut Vec<String>, share: Decimal) {
        path.push(self.data.projects[p].id.clone());
        for (q, s) in Self::links(self.graph.project_programs.at(p)) {
            self.walk_program(q, path, share.checked_mul(s).unwrap_or_default());
            if self.truncated {
                break;
            }
        }
        path.pop();
    }

    fn walk_line(&mut self, l: usize, path: &mut Vec<String>) {
        path.push(self.data.budget_lines[l].id.to_string());
        for (t, s) in Self::links(self.graph.line_funds.at(l)) {
            match t {
                Target::Project(p) => self.walk_project(p, path, s),
                Target::Program(q) => self.walk_program(q, path, s),
            }
            if self.truncated {
                break;
            }
        }
        path.pop();
    }
}

/// Where an entity starts.
pub(crate) enum Start {
    Line(usize),
    Project(usize),
    Program(usize),
}

pub(crate) fn trace(data: &PlanData, graph: &Graph, start: Start, amount: Decimal) -> Trace {
    let mut w = Walker {
        data,
        graph,
        amount,
        out: Vec::new(),
        truncated: false,
    };
    let mut path = Vec::new();
    let (id, kind) = match start {
        Start::Line(l) => {
            w.walk_line(l, &mut path);
            (data.budget_lines[l].id.to_string(), "budget line")
        }
        Start::Project(p) => {
            w.walk_project(p, &mut path, Decimal::ONE);
            (data.projects[p].id.clone(), "project")
        }
        Start::Program(q) => {
            w.walk_program(q, &mut path, Decimal::ONE);
            (data.programs[q].id.clone(), "program")
        }
    };
    Trace {
        id,
        kind: kind.to_string(),
        amount,
        paths: w.out,
        truncated: w.truncated,
    }
}
