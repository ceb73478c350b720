//! Reading a large budget-lines table in two halves at once, one per core, with exactly
//! the result of one pass: the halves meet at a record boundary both readers agree on, and
//! anything that would read differently in halves (a problem to name, a line whose rows
//! straddle the boundary with other fields) is left for the one pass to read again.

use crate::diagnostics::Diags;
use crate::hashing::IdMap;
use crate::model::{BudgetLine, CompactString, Phase};
use rayon::iter::ParallelExtend;

/// The budget lines of a run of rows of their table, with the problems met.
pub(super) struct LinesRead {
    pub lines: Vec<crate::model::BudgetLine>,
    /// Where each id's line is in `lines`.
    pub at: IdMap<CompactString, usize>,
    /// The problems of rows read.
    pub problems: Diags,
    /// Rows the csv reader could not parse.
    pub unreadable: Diags,
    /// Where the first record read starts and how many cells it has.
    pub first: Option<(u64, usize)>,
    /// Where the record that stopped a read with a stop starts, if one did.
    pub stopped_at: Option<u64>,
}

/// The lines of the whole table from its two halves, meeting at the record that starts at
/// byte `at` (the second half's reader starts there or on line ends before it), or
/// `None` where one pass could read otherwise: a problem in either half, a first half that
/// did not stop at a record starting exactly at `at`, a second half whose first record
/// does not have the header's `cells` (a reader checks every record against the first), or
/// a line of both halves whose fields differ.
pub(super) fn join(
    first: LinesRead,
    second: LinesRead,
    at: usize,
    cells: usize,
) -> Option<Vec<BudgetLine>> {
    let clean = |read: &LinesRead| read.problems.is_empty() && read.unreadable.is_empty();
    if !clean(&first) || !clean(&second) || first.stopped_at != Some(at as u64) {
        return None;
    }
    if second.first != Some((at as u64, cells)) {
        return None;
    }
    let LinesRead {
        mut lines, at: ids, ..
    } = first;
    // A line whose rows are in both halves (its rows straddle the boundary): the same
    // fields on both sides, its links in row order.
    let mut moved = vec![false; second.lines.len()];
    for (id, &j) in &second.at {
        let Some(&i) = ids.get(id) else { continue };
        let (old, new) = (lines.get_mut(i)?, second.lines.get(j)?);
        if !same_fields(old, new) {
            return None;
        }
        old.funds.extend(new.funds.iter().cloned());
        *moved.get_mut(j)? = true;
    }
    lines.reserve_exact(second.lines.len());
    if moved.contains(&true) {
        lines.extend(
            second
                .lines
                .into_iter()
                .zip(moved)
                .filter_map(|(line, moved)| (!moved).then_some(line)),
        );
    } else {
        // Moved on both cores, as the mapped import's halves are: half a million lines are
        // 128 MB of memory not touched yet, and where the system is slow to give memory,
        // taking it is most of the move's time.
        lines.par_extend(second.lines);
    }
    Some(lines)
}

/// Whether two readings of one line's rows agree on every field a later row is checked
/// against (as `disagreeing` checks them).
fn same_fields(a: &BudgetLine, b: &BudgetLine) -> bool {
    a.name == b.name
        && a.year == b.year
        && a.org_unit == b.org_unit
        && a.category == b.category
        && a.direction == b.direction
        && Phase::ALL
            .iter()
            .all(|p| a.phase_value(*p) == b.phase_value(*p))
}
