//! What an import did to the rows besides making one budget line of each: every way rows
//! are skipped, merged, split or changed, counted by reason with the amounts they held in
//! each phase. Nothing changes money silently.

use crate::model::Phase;
use rust_decimal::Decimal;
use std::fmt;

/// Why rows did not simply become one budget line each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// Left out by the mapping's `where`.
    FilteredOut,
    /// Every mapped amount zero or missing, skipped by `skip_zero_amounts`.
    ZeroInEveryPhase,
    /// No amount: the row only defined goals, programs or projects.
    DefinitionOnly,
    /// The row names a line already read (one row per parent): it adds a link or nothing,
    /// and its amounts are not counted again.
    RepeatedLine,
    /// The row names a parent its line already names: the two shares were added.
    SharesAdded,
    /// The row's money went to a sub-program of its goal (`one_program_per_goal`).
    SplitByGoal,
    /// The row has cells that mean nil (`null_values`): those values are missing.
    NilCells,
    /// The row's amounts were multiplied by the mapping's `scale` (or an FDP `factor`);
    /// the amounts shown are after scaling.
    Scaled,
    /// A row of a wide table gave some year no amount (its cells empty or nil): no line
    /// for that year; its other years made theirs.
    YearWithoutAmount,
}

impl Reason {
    pub const ALL: [Reason; 9] = [
        Reason::FilteredOut,
        Reason::ZeroInEveryPhase,
        Reason::DefinitionOnly,
        Reason::RepeatedLine,
        Reason::SharesAdded,
        Reason::SplitByGoal,
        Reason::NilCells,
        Reason::Scaled,
        Reason::YearWithoutAmount,
    ];

    /// The reason as the summary names it: `"filtered_out"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::FilteredOut => "filtered_out",
            Reason::ZeroInEveryPhase => "zero_in_every_phase",
            Reason::DefinitionOnly => "definition_only",
            Reason::RepeatedLine => "repeated_line",
            Reason::SharesAdded => "shares_added",
            Reason::SplitByGoal => "split_by_goal",
            Reason::NilCells => "nil_cells",
            Reason::Scaled => "scaled",
            Reason::YearWithoutAmount => "year_without_amount",
        }
    }

    fn says(self) -> &'static str {
        match self {
            Reason::FilteredOut => "left out by `where` or `where_not`",
            Reason::ZeroInEveryPhase => "skipped: zero in every phase",
            Reason::DefinitionOnly => "only defined goals, programs or projects",
            Reason::RepeatedLine => "repeated a line already read (amounts not counted again)",
            Reason::SharesAdded => "named a parent twice: shares added",
            Reason::SplitByGoal => "went to a sub-program of their goal",
            Reason::NilCells => "had nil cells (counted as missing)",
            Reason::Scaled => "were scaled",
            Reason::YearWithoutAmount => {
                "of a wide table gave a year no amount (cells empty or nil): no line for that year"
            }
        }
    }
}

/// The rows of one reason and what they held, per phase (in [`Phase::ALL`]'s order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub rows: usize,
    pub amounts: [Decimal; 5],
}

/// What an import read and what it did to the rows, by reason.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// The rows read (blank rows aside).
    pub rows: usize,
    tallies: [Tally; 9],
}

impl Summary {
    /// Counts one row under `reason` with its amounts (missing ones as zero).
    pub(super) fn count(&mut self, reason: Reason, amounts: &[Option<Decimal>; 5]) {
        if let Some(t) = self.tallies.get_mut(reason as usize) {
            t.rows += 1;
            for (sum, a) in t.amounts.iter_mut().zip(amounts) {
                *sum += a.unwrap_or_default();
            }
        }
    }

    /// The rows and amounts of one reason.
    /// Adds what another reading of rows counted.
    pub(super) fn absorb(&mut self, other: &Summary) {
        self.rows += other.rows;
        for (t, o) in self.tallies.iter_mut().zip(&other.tallies) {
            t.rows += o.rows;
            for (sum, a) in t.amounts.iter_mut().zip(o.amounts) {
                *sum += a;
            }
        }
    }

    pub fn tally(&self, reason: Reason) -> Tally {
        self.tallies
            .get(reason as usize)
            .copied()
            .unwrap_or_default()
    }
}

impl fmt::Display for Summary {
    /// One line per reason that counted any row, with the phases that held money.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for reason in Reason::ALL {
            let t = self.tally(reason);
            if t.rows == 0 {
                continue;
            }
            write!(f, "  {} row(s) {}", t.rows, reason.says())?;
            let money: Vec<String> = Phase::ALL
                .iter()
                .zip(t.amounts)
                .filter(|(_, a)| !a.is_zero())
                .map(|(p, a)| format!("{} {a}", p.as_str()))
                .collect();
            if !money.is_empty() {
                write!(f, ": {}", money.join(", "))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
