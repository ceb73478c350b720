//! Which parent each row names for the entity it belongs to: the goal of a program's rows,
//! the program of a project's rows. When a classification column gives the parent, the
//! rows of one program may name different goals for different money; linking the program
//! to all of them would split every line equally, which is not what the rows say. Here
//! such a program is found and either split exactly (one sub-program per goal, when the
//! mapping asks) or named in an error with the ways out.
//!
//! Lines whose rows all name the same set of parents (one program-year listed once per
//! category it serves) are a declared membership: the plan's equal split is what they ask.

use super::{problem, Builder, Reason};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{FundTarget, GoalLink, Program};
use compact_str::CompactString;
use std::collections::{HashMap, HashSet};

/// The parents named by the rows of each owner (program or project), per line.
#[derive(Debug, Default)]
pub(super) struct Membership {
    keys: crate::hashing::IdMap<String, u32>,
    /// The key of each parent (by its position among the goals or programs) met so far,
    /// `u32::MAX` for none yet.
    by_parent: Vec<u32>,
    /// Each key as written, and whether it names a parent (a goal cell in
    /// `no_goal_values` names none).
    names: Vec<(String, bool)>,
    entries: Vec<Entry>,
    /// The first key named for each owner, and whether some owner's rows named another:
    /// only then can its lines disagree, and only then need the entries be sorted.
    first_keys: Vec<Option<u32>>,
    mixed: bool,
    /// Owners with money rows that name no parent at all.
    unclassified: HashSet<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    owner: u32,
    line: u32,
    key: u32,
    table: u32,
    number: u32,
}

/// An owner whose lines name different sets of parents.
struct Disagreement {
    owner: usize,
    /// Each line with the range of its keys (sorted, distinct) in `keys`.
    lines: Vec<(usize, std::ops::Range<usize>)>,
    keys: Vec<u32>,
    /// Each key the rows name: how many rows, and the first three (table, row).
    rows: Vec<KeyRows>,
}

struct KeyRows {
    key: u32,
    count: usize,
    first: Vec<(u32, u32)>,
}

impl Disagreement {
    fn keys_of(&self, range: &std::ops::Range<usize>) -> &[u32] {
        self.keys.get(range.clone()).unwrap_or_default()
    }
}

fn small(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl Membership {
    pub fn add(
        &mut self,
        owner: usize,
        line: usize,
        key: &str,
        parent: Option<usize>,
        table: usize,
        number: usize,
    ) {
        let key = match parent {
            Some(p) => self.parent_key(p, key),
            None => self.key(key, false),
        };
        self.first_key(owner, key);
        self.entries.push(Entry {
            owner: small(owner),
            line: small(line),
            key,
            table: small(table),
            number: small(number),
        });
    }

    /// Takes in the memberships read from later rows, whose owners now stand at `owners`
    /// and whose lines after `offset` lines: as one pass would have added them.
    pub fn absorb(&mut self, later: Membership, owners: &[usize], offset: usize) -> Option<()> {
        let keys: Vec<u32> = later
            .names
            .into_iter()
            .map(|(name, names_parent)| self.key(&name, names_parent))
            .collect();
        let owner = |o: u32| owners.get(o as usize).copied();
        for (o, first) in later.first_keys.iter().enumerate() {
            let Some(first) = first else { continue };
            self.first_key(owners.get(o).copied()?, *keys.get(*first as usize)?);
        }
        self.mixed |= later.mixed;
        self.entries.reserve_exact(later.entries.len());
        for e in later.entries {
            self.entries.push(Entry {
                owner: small(owner(e.owner)?),
                line: small(e.line as usize + offset),
                key: *keys.get(e.key as usize)?,
                ..e
            });
        }
        for o in later.unclassified {
            self.unclassified.insert(small(owner(o)?));
        }
        Some(())
    }

    /// The number of `key`, given the next when it is new.
    fn key(&mut self, key: &str, names_parent: bool) -> u32 {
        // Looked up before the key is allocated: rows repeat keys.
        match self.keys.get(key) {
            Some(&k) => k,
            None => {
                let next = small(self.names.len());
                self.keys.insert(key.to_string(), next);
                self.names.push((key.to_string(), names_parent));
                next
            }
        }
    }

    /// The number of `key`, which names the parent at `parent`: found by the parent's
    /// position, which the row has just looked up by this same text, rather than by a
    /// second hash of it (a table's rows name the same few parents over and over).
    fn parent_key(&mut self, parent: usize, key: &str) -> u32 {
        match self.by_parent.get(parent) {
            Some(&k) if k != u32::MAX => k,
            _ => {
                let k = self.key(key, true);
                if self.by_parent.len() <= parent {
                    self.by_parent.resize(parent + 1, u32::MAX);
                }
                self.by_parent[parent] = k;
                k
            }
        }
    }

    /// Notes a key named for `owner`: the first is kept, another makes the rows mixed.
    fn first_key(&mut self, owner: usize, key: u32) {
        if self.first_keys.len() <= owner {
            self.first_keys.resize(owner + 1, None);
        }
        match self.first_keys[owner] {
            None => self.first_keys[owner] = Some(key),
            Some(first) => self.mixed |= first != key,
        }
    }

    /// An owner has a money row that names no parent.
    pub fn unclassified(&mut self, owner: usize) {
        self.unclassified.insert(small(owner));
    }

    fn name(&self, key: u32) -> &str {
        self.names.get(key as usize).map_or("", |(n, _)| n.as_str())
    }

    fn names_parent(&self, key: u32) -> bool {
        self.names.get(key as usize).is_some_and(|(_, p)| *p)
    }

    /// The owners whose lines do not all name the same set of parents. Linear after one
    /// sort, whatever the number of keys an owner has.
    fn disagreements(&mut self) -> Vec<Disagreement> {
        if !self.mixed {
            // Every owner's rows name one key: every line of it names that one.
            return Vec::new();
        }
        self.entries.sort_unstable();
        let mut out = Vec::new();
        for group in self.entries.chunk_by(|a, b| a.owner == b.owner) {
            let mut keys: Vec<u32> = Vec::new();
            let mut lines: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
            for of_line in group.chunk_by(|a, b| a.line == b.line) {
                let start = keys.len();
                // Sorted by key within a line: a key repeated by its rows is kept once.
                for e in of_line {
                    if keys.len() == start || keys.last() != Some(&e.key) {
                        keys.push(e.key);
                    }
                }
                lines.push((of_line[0].line as usize, start..keys.len()));
            }
            let same = lines
                .windows(2)
                .all(|w| keys.get(w[0].1.clone()) == keys.get(w[1].1.clone()));
            if same {
                continue;
            }
            let mut by_key: Vec<(u32, u32, u32)> =
                group.iter().map(|e| (e.key, e.table, e.number)).collect();
            by_key.sort_unstable();
            // A row of a wide table makes a line per year: it names its key once.
            by_key.dedup();
            let rows = by_key
                .chunk_by(|a, b| a.0 == b.0)
                .map(|named| KeyRows {
                    key: named[0].0,
                    count: named.len(),
                    first: named.iter().take(3).map(|(_, t, n)| (*t, *n)).collect(),
                })
                .collect();
            out.push(Disagreement {
                owner: group[0].owner as usize,
                lines,
                keys,
                rows,
            });
        }
        out
    }
}

impl Builder<'_, '_> {
    /// After every row: projects and programs whose rows disagree about their parent are
    /// errors, or (programs, with `one_program_per_goal`) split into one sub-program per
    /// goal.
    pub(super) fn resolve_memberships(&mut self) {
        let mut projects = std::mem::take(&mut self.project_programs);
        for d in projects.disagreements() {
            let Some(project) = self.data.projects.get(d.owner) else {
                continue;
            };
            if project.programs.iter().all(|l| l.share.is_some()) {
                continue; // the shares say how to split
            }
            let what = format!("project {}", project.id);
            let d = self.disagreement(
                &projects,
                &d,
                &what,
                "programs",
                "map project_id so that each project names one program (add the program's column to it), or give each project's programs shares",
            );
            self.diagnostics.push(d);
        }
        let mut programs = std::mem::take(&mut self.program_goals);
        let mut split = Vec::new();
        for d in programs.disagreements() {
            let Some(program) = self.data.programs.get(d.owner) else {
                continue;
            };
            if !program.goals.is_empty() && program.goals.iter().all(|l| l.share.is_some()) {
                continue;
            }
            if self.mapping.rules.one_program_per_goal {
                split.push(d);
                continue;
            }
            let what = format!("program {}", program.id);
            let d = self.disagreement(
                &programs,
                &d,
                &what,
                "goals",
                "set one_program_per_goal = true under [rules] (one sub-program per goal), or map program_id so that it includes the goal's column, or map program_goal_share",
            );
            self.diagnostics.push(d);
        }
        if self.diagnostics.is_empty() && !split.is_empty() {
            // Projects are retargeted in the entries' order, which names the first
            // project found under two goals.
            projects.entries.sort_unstable();
            self.split_programs(&programs, &projects, &split);
        }
    }

    /// The error for an owner whose rows disagree, naming the rows of each parent (the
    /// first few parents, and how many more).
    fn disagreement(
        &self,
        m: &Membership,
        d: &Disagreement,
        what: &str,
        parents: &str,
        ways_out: &str,
    ) -> Diagnostic {
        const SHOWN: usize = 5;
        let table = |t: u32| self.table_names.get(t as usize).map_or("", String::as_str);
        let mut named: Vec<String> = d
            .rows
            .iter()
            .take(SHOWN)
            .map(|k| {
                let shown: Vec<String> = k.first.iter().map(|(_, n)| n.to_string()).collect();
                let more = if k.count > k.first.len() {
                    format!(" and {} more", k.count - k.first.len())
                } else {
                    String::new()
                };
                format!("{:?} on row(s) {}{more}", m.name(k.key), shown.join(", "))
            })
            .collect();
        if d.rows.len() > SHOWN {
            named.push(format!("{} more {parents}", d.rows.len() - SHOWN));
        }
        let (t, n) = d
            .rows
            .first()
            .and_then(|k| k.first.first())
            .copied()
            .unwrap_or((0, 0));
        problem(
            Code::E011,
            table(t),
            n as usize,
            None,
            format!(
                "{what}: its rows name different {parents} for different money ({}); linking it to all of them would split every line equally, which is not what the rows say. Either {ways_out}",
                named.join("; ")
            ),
        )
    }

    /// One sub-program per set of goals a program's lines name (`P/01`, `P/01+08`), each
    /// line retargeted to its own; the program itself goes when nothing names it any more.
    fn split_programs(&mut self, m: &Membership, projects: &Membership, split: &[Disagreement]) {
        // Each moved line with its sub-program's id, sorted by line for the projects.
        let mut moved: Vec<(usize, CompactString)> = Vec::new();
        let mut parents: HashSet<CompactString> = HashSet::new();
        for d in split {
            let Some(program) = self.data.programs.get(d.owner).cloned() else {
                continue;
            };
            parents.insert(program.id.as_str().into());
            let from = FundTarget::Program(program.id.as_str().into());
            let mut made: HashMap<&[u32], CompactString> = HashMap::new();
            for (line, range) in &d.lines {
                let keys = d.keys_of(range);
                let id = match made.get(keys) {
                    Some(id) => id.clone(),
                    None => {
                        let label: Vec<&str> = keys.iter().map(|k| m.name(*k)).collect();
                        let id = format!("{}/{}", program.id, label.join("+"));
                        if self.programs.contains_key(id.as_str()) {
                            self.diagnostics.push(Diagnostic::new(
                                Code::E001,
                                format!("splitting program {} by goal makes {id}, which the rows already name; rename one in the table", program.id),
                            ).at("mapping"));
                            return;
                        }
                        let mut sub = Program::new(
                            id.as_str(),
                            format!("{} — {}", program.name, label.join(" + ")),
                        );
                        sub.goals = keys
                            .iter()
                            .filter(|k| m.names_parent(**k))
                            .map(|k| GoalLink {
                                goal: m.name(*k).to_string(),
                                share: None,
                            })
                            .collect();
                        self.programs
                            .insert(id.as_str().into(), self.data.programs.len());
                        self.data.programs.push(sub);
                        let id = CompactString::from(id);
                        made.insert(keys, id.clone());
                        id
                    }
                };
                if let Some(l) = self.data.budget_lines.get_mut(*line) {
                    for f in l.funds.iter_mut().filter(|f| f.target == from) {
                        f.target = FundTarget::Program(id.clone());
                    }
                    let values = crate::model::Phase::ALL.map(|p| l.phase_value(p));
                    self.summary.count(Reason::SplitByGoal, &values);
                }
                moved.push((*line, id));
            }
        }
        moved.sort_unstable_by_key(|(line, _)| *line);
        self.retarget_projects(projects, &moved, &parents);
        // A split program with rows that named no goal would keep their money.
        let still: Vec<String> = split
            .iter()
            .filter(|d| m.unclassified.contains(&small(d.owner)))
            .filter_map(|d| self.data.programs.get(d.owner).map(|p| p.id.clone()))
            .collect();
        for p in still {
            self.diagnostics.push(Diagnostic::new(
                Code::E011,
                format!("program {p} is split by goal, but some of its rows name no goal; give them one, or leave one_program_per_goal off"),
            ).at("mapping"));
        }
        self.data
            .programs
            .retain(|p| !parents.contains(p.id.as_str()));
    }

    /// Projects whose lines moved to sub-programs link to the sub-program instead; a
    /// project whose lines went to two sub-programs is an error.
    fn retarget_projects(
        &mut self,
        projects: &Membership,
        moved: &[(usize, CompactString)],
        parents: &HashSet<CompactString>,
    ) {
        let mut sub_of: HashMap<usize, &CompactString> = HashMap::new();
        for e in &projects.entries {
            let Ok(at) = moved.binary_search_by_key(&(e.line as usize), |(l, _)| *l) else {
                continue;
            };
            let sub = &moved[at].1;
            let j = e.owner as usize;
            match sub_of.get(&j) {
                Some(have) if *have != sub => {
                    let id = self
                        .data
                        .projects
                        .get(j)
                        .map(|p| p.id.to_string())
                        .unwrap_or_default();
                    self.diagnostics.push(Diagnostic::new(
                        Code::E011,
                        format!("project {id} has lines under two goals of a program split by goal ({have} and {sub}); map project_id so that each project names one goal"),
                    ).at("mapping"));
                    return;
                }
                _ => {
                    sub_of.insert(j, sub);
                }
            }
        }
        for (j, sub) in sub_of {
            if let Some(project) = self.data.projects.get_mut(j) {
                for link in project
                    .programs
                    .iter_mut()
                    .filter(|l| parents.contains(l.program.as_str()))
                {
                    link.program = sub.as_str().into();
                }
            }
        }
    }
}
