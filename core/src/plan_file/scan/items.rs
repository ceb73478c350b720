//! The lists of entities of a plan file as the scan leaves them for the general reader.

use crate::model::{BudgetLine, Goal, OrgUnit, Program, Project};
use std::borrow::Cow;

/// One of the two big lists (budget lines, projects) as the scan left it.
pub(crate) enum Items<'a, T> {
    /// Every item as raw JSON text (as the serde stream reader keeps them).
    Raw(Vec<Cow<'a, str>>),
    /// The items read; those at the positions of `unusual` (placeholders in `items`) are
    /// left as raw text for the general reader.
    Read {
        items: Vec<T>,
        unusual: Vec<(usize, Cow<'a, str>)>,
    },
}

impl<'a, T> Items<'a, T> {
    /// The list in order: the items read as they are, the unusual ones by `read` (its
    /// text and position), which may leave one out (an item that is not an object).
    pub fn finish(self, mut read: impl FnMut(&str, usize) -> Option<T>) -> Vec<T> {
        match self {
            Items::Raw(raws) => {
                // Sized once: growing a million-line vector by doubling copies it whole
                // several times over. Only objects can be items: a million `0`s make no
                // room for a million lines.
                let objects = raws.iter().filter(|raw| raw.starts_with('{')).count();
                let mut items = Vec::with_capacity(objects);
                items.extend(raws.iter().enumerate().filter_map(|(i, raw)| read(raw, i)));
                items
            }
            Items::Read { mut items, unusual } => {
                let mut dropped = Vec::new();
                for (i, raw) in unusual {
                    match (read(&raw, i), items.get_mut(i)) {
                        (Some(item), Some(slot)) => *slot = item,
                        _ => dropped.push(i),
                    }
                }
                if !dropped.is_empty() {
                    // One pass: `dropped` is in ascending order, as `unusual` is.
                    let mut next = dropped.iter().peekable();
                    let mut i = 0;
                    items.retain(|_| {
                        let keep = next.next_if_eq(&&i).is_none();
                        i += 1;
                        keep
                    });
                }
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
    pub fn keep_raw(&mut self, key: &str, raws: Vec<Cow<'a, str>>) -> bool {
        match key {
            "org_units" => self.org_units = Some(Items::Raw(raws)),
            "goals" => self.goals = Some(Items::Raw(raws)),
            "programs" => self.programs = Some(Items::Raw(raws)),
            "projects" => self.projects = Some(Items::Raw(raws)),
            "budget_lines" => self.lines = Some(Items::Raw(raws)),
            _ => return false,
        }
        true
    }
}
