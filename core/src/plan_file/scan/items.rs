//! The lists of entities of a plan file as the scan leaves them for the general reader.

use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::model::{BudgetLine, Classification, Goal, OrgUnit, Program, Project};
use crate::plan_file::slots::RawItems;

/// One of the two big lists (budget lines, projects) as the scan left it.
pub(crate) enum Items<'a, T> {
    /// Every item as raw JSON text, in the file's text (as the serde stream reader keeps
    /// them).
    Raw(RawItems<'a>),
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
        list: &str,
        diags: &mut Diags,
        mut read: impl FnMut(&mut Diags, &str, usize) -> Option<T>,
    ) -> Vec<T> {
        match self {
            Items::Raw(raws) => {
                // Sized once: growing a million-line vector by doubling copies it whole
                // several times over. Room is made for objects of a sound item's size: a
                // million `0`s or `{}`s make no room for a million lines.
                let sized = raws
                    .iter()
                    .filter(|raw| raw.starts_with('{') && raw.len() >= SMALL_ITEM)
                    .count();
                let mut items = Vec::with_capacity(sized);
                let mut broken = Broken::new(diags);
                for (i, raw) in raws.iter().enumerate() {
                    let errors = diags.errors();
                    let item = read(diags, raw, i);
                    if let Some(item) = item.filter(|_| broken.keep(diags, errors, i)) {
                        items.push(item);
                    }
                }
                broken.close(list, diags);
                items
            }
            Items::Read {
                mut items,
                diags: found,
            } => {
                diags.append(found);
                // Grown by doubling as the items came: up to half of it is room for items
                // that never came, held for as long as the plan is (a fifth more memory
                // than the file, for 200,000 small goals).
                items.shrink_to_fit();
                items
            }
        }
    }
}

/// The size in bytes of a small sound item (a sound budget line takes 35 bytes or more,
/// a goal 22), for how many items a list's text holds.
const SMALL_ITEM: usize = 20;

/// The items of a list that could not be read whole (the reader named an error in them):
/// as many are kept as diagnostics of one code are listed. At the next one the list stops
/// being kept: every later item is still read and its problems named, but none is kept,
/// and the checks that need whole lists (ids, links) are not run — they would name ids as
/// unknown that the file has. So a file of a million `{}` holds no million entities
/// (SPEC §8), and every path named is still the item's place in the file.
pub(crate) struct Broken {
    kept: usize,
    max: usize,
    left_out: usize,
    first: usize,
}

impl Broken {
    pub fn new(diags: &Diags) -> Broken {
        Broken {
            kept: 0,
            max: diags.max_per_code(),
            left_out: 0,
            first: 0,
        }
    }

    /// Whether the item at `i` that was just read is kept: none once the list has stopped
    /// being kept; else a sound one, or a broken one (the reader found errors in it: more
    /// than `errors`) while fewer than the limit are kept.
    pub fn keep(&mut self, diags: &Diags, errors: usize, i: usize) -> bool {
        if self.left_out == 0 && diags.errors() == errors {
            return true;
        }
        if self.left_out == 0 && self.kept < self.max {
            self.kept += 1;
            return true;
        }
        self.leave_out(i)
    }

    /// Whether the sound item at `i` is kept: while the list is.
    pub fn keep_sound(&mut self, i: usize) -> bool {
        self.left_out == 0 || self.leave_out(i)
    }

    fn leave_out(&mut self, i: usize) -> bool {
        if self.left_out == 0 {
            self.first = i;
        }
        self.left_out += 1;
        false
    }

    /// Says which items of `list` were not kept, if any.
    pub fn close(self, list: &str, diags: &mut Diags) {
        if self.left_out > 0 {
            let message = format!(
                "more than {} items of `{list}` could not be read whole, so the {} items from /{list}/{} on are named only by what the reader found in them and are not kept, and the checks that need whole lists (ids, links) are not run: fix the problems listed and check again",
                self.max, self.left_out, self.first
            );
            diags.incomplete(Diagnostic::new(Code::E008, message).at(format!("/{list}")));
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
    pub classifications: Option<Items<'a, Classification>>,
}

impl<'a> Lists<'a> {
    /// Keeps the raw items of the list under `key`, if it is one of these lists.
    pub fn keep_raw(&mut self, key: &str, raws: RawItems<'a>) {
        match key {
            "org_units" => self.org_units = Some(Items::Raw(raws)),
            "goals" => self.goals = Some(Items::Raw(raws)),
            "programs" => self.programs = Some(Items::Raw(raws)),
            "projects" => self.projects = Some(Items::Raw(raws)),
            "budget_lines" => self.lines = Some(Items::Raw(raws)),
            "classifications" => self.classifications = Some(Items::Raw(raws)),
            _ => {}
        }
    }
}
