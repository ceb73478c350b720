//! What every metric pass of a report reads: the plan, its graph and reach, and the lines
//! in scope with their amounts in the report's phase.

use crate::graph::Graph;
use crate::model::PlanData;
use crate::reach::Reach;

/// The plan and the lines one report covers.
pub(crate) struct Inputs<'a> {
    pub data: &'a PlanData,
    pub graph: &'a Graph,
    pub reach: &'a Reach,
    /// Indices of the lines in scope, in plan order.
    pub lines: &'a [usize],
    /// The phase the report runs on.
    pub phase: crate::model::Phase,
    /// Each line's amount in `phase`, in smallest units, in the order of `lines`.
    pub units: &'a [i128],
}
