//! A plan edited in place, one edit at a time (the edits of SPEC §12), for a what-if that
//! redraws at once. The core knows what an edit touches and recomputes only that: a line's
//! amount updates its line and the amount column; a line's, project's or program's links
//! their one row of the link table, checked as the load checks them, and the reach. The
//! warnings are found again when first asked for (a summary report does not ask). What
//! cannot be followed in place — entities added or removed, totals near their bound —
//! resolves the plan again from its data. Whatever the path, the plan is the one a load of
//! its data gives: a property test holds reports and warnings to it.

use crate::check;
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::graph::{NodeRef, Target};
use crate::links::{make_split, Child as LinkChild, Links, SplitScratch};
use crate::model::{Direction, FundTarget, Phase};
use crate::plan::{LoadError, Plan};
use crate::scenario::apply::{self, Child, Touched};
use crate::scenario::ids::Ids;
use crate::scenario::{Edit, Outcome, ScenarioError};
use rust_decimal::Decimal;
use std::sync::OnceLock;

impl Plan {
    /// Applies one edit to this plan in place (SPEC §12) and returns what it did; on an
    /// error the plan is as it was. Equal to applying the edit as a scenario, without
    /// starting over: see the module's notes.
    ///
    /// ```
    /// use goldthread::{Edit, Plan, Phase, Scope};
    /// let mut plan = Plan::from_json(r#"{"format": "goldthread/1", "name": "p", "precision": 0,
    ///   "goals": [{"id": "G", "name": "g"}],
    ///   "programs": [{"id": "P", "name": "p", "goals": [{"goal": "G"}]}],
    ///   "budget_lines": [{"id": "L", "year": "1", "amount": "10", "funds": [{"program": "P"}]}]}"#)?;
    /// plan.edit(&Edit::SetShare { from: "L".into(), to: "P".into(), share: Some("0.5".into()) })?;
    /// assert_eq!(plan.report(&Scope::all(), Phase::Amount).traceability.traced_amount.to_string(), "5");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn edit(&mut self, edit: &Edit) -> Result<Outcome, ScenarioError> {
        let failed = |message: String| ScenarioError::Edit {
            index: 0,
            op: edit.op(),
            message,
        };
        let amounts = matches!(edit, Edit::SetAmount { .. } | Edit::Scale { .. });
        let links = matches!(
            edit,
            Edit::MoveLine { .. }
                | Edit::SetShare { .. }
                | Edit::AddLink { .. }
                | Edit::RemoveLink { .. }
        );
        if !(amounts && check::totals_always_fit(&self.data) || links) {
            return self.rebuilt(edit);
        }
        // The child whose links change, kept as written to be put back on an error.
        let named = match edit {
            Edit::MoveLine { line, .. } => Some(line),
            Edit::SetShare { from, .. }
            | Edit::AddLink { from, .. }
            | Edit::RemoveLink { from, .. } => Some(from),
            _ => None,
        };
        let saved = named
            .and_then(|id| apply::child(&self.data, &Ids::scanned(), id))
            .map(|c| (c, self.links_of(c)));
        let (outcome, touched) =
            apply::edit(&mut self.data, &mut Ids::scanned(), edit).map_err(failed)?;
        match touched {
            Touched::Amounts(lines) => {
                for l in lines {
                    if let (Some(line), Some(slot)) = (
                        self.data.budget_lines.get(l),
                        self.graph.line_amount.get_mut(l),
                    ) {
                        *slot = crate::amount::to_units(
                            line.in_phase(Phase::Amount),
                            self.data.precision,
                        );
                    }
                }
            }
            Touched::Links(c) => {
                if let Err(e) = self.relink(c) {
                    if let Some((c, written)) = saved {
                        self.put_back(c, written);
                    }
                    return Err(ScenarioError::Invalid(e));
                }
                self.reach = crate::reach::Reach::new(&self.graph);
            }
            Touched::Structure => return self.rebuilt(edit),
        }
        self.balance_sums = OnceLock::new();
        self.warnings = OnceLock::new();
        Ok(outcome)
    }

    /// The edit applied to a copy of the data, resolved again (entities added or removed).
    fn rebuilt(&mut self, edit: &Edit) -> Result<Outcome, ScenarioError> {
        let mut data = self.data.clone();
        let (outcome, _) =
            apply::edit(&mut data, &mut Ids::scanned(), edit).map_err(|message| {
                ScenarioError::Edit {
                    index: 0,
                    op: edit.op(),
                    message,
                }
            })?;
        *self = Plan::from_data(data).map_err(ScenarioError::Invalid)?;
        Ok(outcome)
    }

    /// A child's links as written.
    fn links_of(&self, c: Child) -> Written {
        let d = &self.data;
        match c {
            Child::Line(l) => Written::Line(d.budget_lines[l].funds.clone()),
            Child::Project(j) => Written::Project(d.projects[j].programs.clone()),
            Child::Program(q) => Written::Program(d.programs[q].goals.clone()),
        }
    }

    /// Puts a child's links back as they were written, and their row in the table.
    fn put_back(&mut self, c: Child, written: Written) {
        let d = &mut self.data;
        match (c, written) {
            (Child::Line(l), Written::Line(w)) => d.budget_lines[l].funds = w,
            (Child::Project(j), Written::Project(w)) => d.projects[j].programs = w,
            (Child::Program(q), Written::Program(w)) => d.programs[q].goals = w,
            _ => {}
        }
        // As written before, they resolved before.
        let _ = self.relink(c);
    }

    /// Resolves and checks child `c`'s links as written (E001, E002, E004–E006, E010, as
    /// the load does) into its row of the link table.
    fn relink(&mut self, c: Child) -> Result<(), LoadError> {
        let max = self.max_per_code;
        let target = |id: &str| self.lookup(id);
        match c {
            Child::Line(l) => {
                let line = &self.data.budget_lines[l];
                let base = || format!("/budget_lines/{l}/funds");
                if line.direction == Direction::Revenue && !line.funds.is_empty() {
                    let message =
                        format!("{}: a revenue line funds no project or program", line.id);
                    let d = Diagnostic::new(Code::E010, message)
                        .entity(line.id.clone())
                        .at(base());
                    return Err(LoadError {
                        diagnostics: vec![d],
                    });
                }
                let resolved = line.funds.iter().map(|f| {
                    let t = match (&f.target, target(f.target.id())) {
                        (FundTarget::Project(_), Some(NodeRef::Project(j))) => {
                            Some(Target::Project(j))
                        }
                        (FundTarget::Program(_), Some(NodeRef::Program(q))) => {
                            Some(Target::Program(q))
                        }
                        _ => None,
                    };
                    (t, f.share)
                });
                let row = checked_row("budget line", &line.id, &base, resolved.collect(), max)?;
                self.graph.line_funds.replace(l, &row);
            }
            Child::Project(j) => {
                let p = &self.data.projects[j];
                let resolved = p.programs.iter().map(|x| {
                    let q = match target(&x.program) {
                        Some(NodeRef::Program(q)) => Some(q),
                        _ => None,
                    };
                    (q, x.share)
                });
                let base = || format!("/projects/{j}/programs");
                let row = checked_row("project", &p.id, &base, resolved.collect(), max)?;
                self.graph.project_programs.replace(j, &row);
            }
            Child::Program(q) => {
                let p = &self.data.programs[q];
                let resolved = p.goals.iter().map(|x| {
                    let g = match target(&x.goal) {
                        Some(NodeRef::Goal(g)) => Some(g),
                        _ => None,
                    };
                    (g, x.share)
                });
                let base = || format!("/programs/{q}/goals");
                let row = checked_row("program", &p.id, &base, resolved.collect(), max)?;
                self.graph.program_goals.replace(q, &row);
            }
        }
        Ok(())
    }
}

/// One child's resolved links checked as the load checks them (E001, E002, E004–E006),
/// as a one-row link table; the diagnostics as an error if any is one.
fn checked_row<T: Copy + Eq + std::hash::Hash>(
    kind: &str,
    id: &str,
    base: &dyn Fn() -> String,
    resolved: Vec<(Option<T>, Option<Decimal>)>,
    max_per_code: usize,
) -> Result<Links<T>, LoadError> {
    let mut diags = Diags::new(max_per_code);
    let mut row = Links::default();
    let child = LinkChild { kind, id, base };
    make_split(
        child,
        &resolved,
        &mut SplitScratch::default(),
        &mut row,
        &mut diags,
    );
    // An edit checks its names first: this is the load's rule, kept.
    if let Some(j) = resolved.iter().position(|(t, _)| t.is_none()) {
        let message = format!("{kind} {id}: link {j} names no entity of the right kind");
        diags.push(
            Diagnostic::new(Code::E002, message)
                .entity(id)
                .at(format!("{}/{j}", base())),
        );
    }
    if diags.has_errors() {
        Err(LoadError::from(diags))
    } else {
        Ok(row)
    }
}

/// A child's links as written, to put back.
enum Written {
    Line(Vec<crate::model::Funding>),
    Project(Vec<crate::model::ProgramLink>),
    Program(Vec<crate::model::GoalLink>),
}
