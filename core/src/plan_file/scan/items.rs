//! The lists of entities of a plan file as the scan leaves them for the general reader.

use crate::diagnostics::Diags;
use crate::model::{BudgetLine, Goal, OrgUnit, Program, Project};
use std::borrow::Cow;

/// One of the two big lists (budget lines, projects) as the scan left it.
pub(crate) enum Items<'a, T> {
    /// Every item as raw JSON text (as the serde stream reader keeps them).
    Raw(Vec<Cow<'a, str>>),
    /// The items read, the unusual ones the general way as they were met; `diags` holds
    /// what that reading found, added to the plan's diagnostics when the list's turn comes
    /// (so that they stand where they always have).
    Read { items: Vec<T>, diags: Diags },
}

impl<'a, T> Items<'a, T> {
    /// The list in order: the raw items by `read` (their text and position), which may
    /// leave one out (an item that is not an object); items already read as they are, their
    /// diagnostics added to `diags`.
    pub fn finish(
        self,
        diags: &mut Diags,
        mut read: impl FnMut(&mut Diags, &str, usize) -> Option<T>,
    ) -> Vec<T> {
        match self {
            Items::Raw(raws) => {
                // Sized once: growing a million-line vector by doubling copies it whole
                // several times over. Only objects can be items: a million `0`s make no
                // room for a million lines.
                let objects = raws.iter().filter(|raw| raw.starts_with('{')).count();
                let mut items = Vec::with_capacity(objects);
                items.extend(
                    raws.iter()
                        .enumerate()
                        .filter_map(|(i, raw)| read(diags, raw, i)),
                );
                items
            }
            Items::Read {
                items,
                diags: found,
            } => {
                diags.append(found);
                items
            }
        }
    }
}

/// The lists of entities of a plan file, each either read or kept as the raw text of its
/// items: never as one tree of values, which would take many times the file's size (a
/// million goals, or programs with a hundred links each).
#[derive(Default)]
pub(crate) struct Lists<'a> {
    pub org_units: Option<Items<'a, OrgUnit>>,
    pub goals: Option<Items<'a, Goal>>,
    pub programs: Option<Items<'a, Program>>,
    pub projects: Option<Items<'a, Project>>,
    pub lines: Option<Items<'a, BudgetLine>>,
}

impl<'a> Lists<'a> {
    /// Keeps the raw items of the list under `key`, if it is one of these lists.
    pub fn keep_raw(&mut self, key: &str, raws: Vec<Cow<'a, str>>) {
        match key {
            "org_units" => self.org_units = Some(Items::Raw(raws)),
            "goals" => self.goals = Some(Items::Raw(raws)),
            "programs" => self.programs = Some(Items::Raw(raws)),
            "projects" => self.projects = Some(Items::Raw(raws)),
            "budget_lines" => self.lines = Some(Items::Raw(raws)),
            _ => {}
        }
    }
}
