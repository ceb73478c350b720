//! What a plan may hold (SPEC §8): the limits a service that takes plan files from anyone
//! sets, each exceeded with a diagnostic that names it. The file's size is checked before
//! the file is read; the others when it has been read, which the size bounds.

use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::forest::forest_order;
use crate::model::PlanData;

/// Limits on a plan and on what is said about it. `LoadOptions::default()` is what every
/// loader uses unless given others (`Plan::from_slice_with`, `Plan::from_path_with`; the
/// Python and JavaScript `load` take the same fields).
///
/// ```
/// let options = goldthread::LoadOptions { max_file_bytes: 10 << 20, ..Default::default() };
/// let e = goldthread::Plan::from_slice_with(&vec![b' '; 11 << 20], &options).unwrap_err();
/// assert!(e.to_string().contains("max_file_bytes"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// The largest plan file, in bytes, refused before it is read (2 GiB).
    pub max_file_bytes: u64,
    /// The most entities (org units, goals, indicators, programs, projects, budget lines)
    /// a plan may have (20,000,000).
    pub max_entities: usize,
    /// The longest id, in bytes (1 KiB).
    pub max_id_bytes: usize,
    /// The longest name or other text of an entity, in bytes (64 KiB; `x` is the user's).
    pub max_text_bytes: usize,
    /// How many diagnostics of one code are listed (1,000); the others are counted in one
    /// diagnostic of that code at the end of the list.
    pub max_diagnostics_per_code: usize,
    /// The most levels a hierarchy of goals, org units or classification codes may have
    /// (32; a root is level 1). What a goal reaches includes its ancestors, so a deeper
    /// hierarchy would cost time and memory in proportion to its depth for every link.
    pub max_depth: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: 2 << 30,
            max_entities: 20_000_000,
            max_id_bytes: 1 << 10,
            max_text_bytes: 64 << 10,
            max_diagnostics_per_code: 1_000,
            max_depth: 32,
        }
    }
}

impl LoadOptions {
    /// The limits a page (the npm package) reads plans under unless told otherwise: a file
    /// of at most 24 MiB, so that at many times the most any file takes while it is read (10
    /// times its size: SPEC §8) it fits the 4 GiB a WebAssembly instance holds, and no file
    /// can exhaust the instance (and trap it).
    pub fn browser() -> LoadOptions {
        LoadOptions {
            max_file_bytes: 24 << 20,
            ..LoadOptions::default()
        }
    }

    /// The names of the limits, as the bindings take them.
    pub const NAMES: [&'static str; 6] = [
        "max_file_bytes",
        "max_entities",
        "max_id_bytes",
        "max_text_bytes",
        "max_diagnostics_per_code",
        "max_depth",
    ];

    /// Sets the limit `name` (one of [`LoadOptions::NAMES`]) to `value`; the error says
    /// which names there are.
    pub fn set(&mut self, name: &str, value: u64) -> Result<(), String> {
        let size = usize::try_from(value).unwrap_or(usize::MAX);
        match name {
            "max_file_bytes" => self.max_file_bytes = value,
            "max_entities" => self.max_entities = size,
            "max_id_bytes" => self.max_id_bytes = size,
            "max_text_bytes" => self.max_text_bytes = size,
            "max_diagnostics_per_code" => self.max_diagnostics_per_code = size,
            "max_depth" => self.max_depth = size,
            _ => {
                return Err(format!(
                    "{name:?} is not a limit; the limits are {}",
                    Self::NAMES.join(", ")
                ))
            }
        }
        Ok(())
    }

    /// The most bytes a text may have, and the limit's name: an id's (also a line's year) or
    /// any other text's. For a plan's fields and a table's cells alike.
    pub(crate) fn text_limit(&self, id: bool) -> (usize, &'static str) {
        if id {
            (self.max_id_bytes, "max_id_bytes")
        } else {
            (self.max_text_bytes, "max_text_bytes")
        }
    }

    /// E008 for a file of `size` bytes or more, over [`LoadOptions::max_file_bytes`].
    pub(crate) fn too_large(&self, size: u64) -> Diagnostic {
        Diagnostic::new(
            Code::E008,
            format!(
                "the plan file is {size} bytes or more; a plan file may be at most {} bytes (max_file_bytes): split the plan, raise the limit, or check that the path names a plan file",
                self.max_file_bytes
            ),
        )
    }

    /// Checks the plan's size, ids and texts against the limits; `false` where one is
    /// exceeded (the plan is then not checked further).
    pub(crate) fn check(&self, data: &PlanData, diags: &mut Diags) -> bool {
        let indicators = |list: &[crate::model::Indicator]| list.len();
        let entities = data.org_units.as_ref().map_or(0, Vec::len)
            + data.goals.len()
            + data
                .goals
                .iter()
                .map(|g| indicators(&g.indicators))
                .sum::<usize>()
            + data.programs.len()
            + data
                .programs
                .iter()
                .map(|p| indicators(&p.indicators))
                .sum::<usize>()
            + data.projects.len()
            + data.budget_lines.len();
        if entities > self.max_entities {
            diags.push(Diagnostic::new(
                Code::E008,
                format!(
                    "the plan has {entities} entities; a plan may have at most {} (max_entities): split the plan, or raise the limit",
                    self.max_entities
                ),
            ));
            return false;
        }
        let mut exceeded = false;
        let mut long = |kind: &str, i: usize, field: &str, text: &str, max: usize, limit: &str| {
            exceeded |= too_long(diags, kind, i, field, text, (max, limit));
        };
        let ((id, idl), (text, textl)) = (self.text_limit(true), self.text_limit(false));
        for (i, u) in data.org_units.iter().flatten().enumerate() {
            long("org_units", i, "id", &u.id, id, idl);
            long(
                "org_units",
                i,
                "name",
                u.name.as_deref().unwrap_or(""),
                text,
                textl,
            );
        }
        for (i, g) in data.goals.iter().enumerate() {
            long("goals", i, "id", &g.id, id, idl);
            long("goals", i, "name", &g.name, text, textl);
        }
        for (i, p) in data.programs.iter().enumerate() {
            long("programs", i, "id", &p.id, id, idl);
            long("programs", i, "name", &p.name, text, textl);
        }
        for (i, p) in data.projects.iter().enumerate() {
            long("projects", i, "id", &p.id, id, idl);
            long("projects", i, "name", &p.name, text, textl);
        }
        // The lines, most of the work, in two halves (on two threads for a large plan),
        // listed in the order one pass finds them.
        let max = diags.max_per_code();
        let halves = crate::parallel::halves(&data.budget_lines, |lines, at| {
            let (mut d, mut exceeded) = (Diags::new(max), false);
            for (k, l) in lines.iter().enumerate() {
                let mut long = |field: &str, text: &str, limit: (usize, &str)| {
                    exceeded |= too_long(&mut d, "budget_lines", at + k, field, text, limit);
                };
                long("id", &l.id, (id, idl));
                long("year", &l.year, (id, idl));
                long("name", l.name.as_deref().unwrap_or(""), (text, textl));
                long(
                    "org_unit",
                    l.org_unit.as_deref().unwrap_or(""),
                    (text, textl),
                );
                long(
                    "category",
                    l.category.as_deref().unwrap_or(""),
                    (text, textl),
                );
            }
            (d, exceeded)
        });
        for (d, long) in [halves.0, halves.1] {
            diags.append(d);
            exceeded |= long;
        }
        if exceeded {
            return false;
        }
        self.shallow_enough(data, diags)
    }

    /// Checks that no hierarchy is deeper than [`LoadOptions::max_depth`]: the first item
    /// too deep in each is named at its `parent`.
    fn shallow_enough(&self, data: &PlanData, diags: &mut Diags) -> bool {
        let goals: Vec<_> = data
            .goals
            .iter()
            .map(|g| (&*g.id, g.parent.as_deref()))
            .collect();
        let units: Vec<_> = (data.org_units.iter().flatten())
            .map(|u| (&*u.id, u.parent.as_deref()))
            .collect();
        let mut hierarchies = vec![("goals".to_string(), "goal", goals)];
        hierarchies.push(("org_units".to_string(), "org unit", units));
        for (c, class) in data.classifications.iter().enumerate() {
            let codes = class.codes.iter().map(|x| (&*x.id, x.parent.as_deref()));
            let at = format!("classifications/{c}/codes");
            hierarchies.push((at, "code", codes.collect()));
        }
        let mut shallow = true;
        for (at, what, items) in hierarchies {
            if let Some((i, depth)) = too_deep(&items, self.max_depth) {
                shallow = false;
                let message = format!(
                    "{what} {} is {depth} levels deep; a hierarchy may have at most {} (max_depth): flatten it, or raise the limit",
                    items[i].0, self.max_depth
                );
                diags.push(Diagnostic::new(Code::E008, message).at(format!("/{at}/{i}/parent")));
            }
        }
        shallow
    }
}

/// E008 in `diags` where `text`, the `field` of the `i`-th of `kind`, is longer than
/// `limit` (its bytes and its name); whether it is. Inline, five times a line: the check is
/// a comparison, the diagnostic a call.
#[inline(always)]
fn too_long(
    diags: &mut Diags,
    kind: &str,
    i: usize,
    field: &str,
    text: &str,
    limit: (usize, &str),
) -> bool {
    let long = text.len() > limit.0;
    if long {
        name_too_long(diags, kind, i, field, text.len(), limit);
    }
    long
}

#[cold]
#[inline(never)]
fn name_too_long(
    diags: &mut Diags,
    kind: &str,
    i: usize,
    field: &str,
    bytes: usize,
    (max, limit): (usize, &str),
) {
    let message = format!("this {field} is {bytes} bytes; at most {max} are allowed ({limit})");
    diags.push(Diagnostic::new(Code::E008, message).at(format!("/{kind}/{i}/{field}")));
}

/// The first of `items` (id, parent), depth-first, more than `max` levels deep, and its
/// depth (a root, or an item whose parent is not among them, is level 1). Items on a cycle
/// are never reached from a root: the hierarchy check names the cycle (E003).
fn too_deep(items: &[(&str, Option<&str>)], max: usize) -> Option<(usize, usize)> {
    forest_order(items)
        .into_iter()
        .find(|&(_, depth)| depth >= max)
        .map(|(i, depth)| (i, depth + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parallel::tests::forced;

    /// The lines' texts checked in two halves, on one thread or two, are listed as one
    /// pass lists them: in line order, capped per code, with the count of the rest.
    #[test]
    fn long_texts_in_both_halves_are_listed_in_line_order_on_one_thread_or_two() {
        let mut data = crate::synth::plan(3_000, 4);
        for i in (5..3_000).step_by(101) {
            data.budget_lines[i].name = Some("a name too long for the limit".into());
            data.budget_lines[i + 1].year = "a year too long".into();
        }
        let options = LoadOptions {
            max_id_bytes: 12,
            max_text_bytes: 20,
            ..LoadOptions::default()
        };
        for max in [3, 1000] {
            let said = [false, true].map(|two| {
                let mut d = Diags::new(max);
                let fits = forced(two, || options.check(&data, &mut d));
                (fits, d.into_vec())
            });
            assert!(!said[0].0 && !said[1].0);
            assert_eq!(said[0].1, said[1].1);
            let paths: Vec<_> = said[0].1.iter().filter_map(|d| d.path.clone()).collect();
            if max == 1000 {
                assert_eq!(paths.len(), 60);
                assert_eq!(paths[0], "/budget_lines/5/name");
                assert_eq!(paths[59], "/budget_lines/2935/year");
            } else {
                assert_eq!(
                    paths,
                    [
                        "/budget_lines/5/name",
                        "/budget_lines/6/year",
                        "/budget_lines/106/name"
                    ]
                );
                assert_eq!(said[0].1[3].unlisted, Some(57));
            }
        }
    }
}
