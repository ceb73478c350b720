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
use std::collections::{HashMap, HashSet};

/// The parents named by the rows of each owner (program or project), per line.
#[derive(Debug, Default)]
pub(super) struct Membership {
    keys: HashMap<String, u32>,
    /// Each key as written, and whether it names a parent (a goal cell in
    /// `no_goal_values` names none).
    names: Vec<(String, bool)>,
    entries: Vec<Entry>,
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
    /// Each line with the keys its rows name, sorted.
    lines: Vec<(usize, Vec<u32>)>,
    /// Each key with the rows that name it (table, row), in order.
    rows: Vec<(u32, Vec<(u32, u32)>)>,
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
        names_parent: bool,
        table: usize,
        number: usize,
    ) {
        let next = small(self.names.len());
        let key = *self.keys.entry(key.to_string()).or_insert_with(|| {
            self.names.push((key.to_string(), names_parent));
            next
        });
        self.entries.push(Entry {
            owner: small(owner),
            line: small(line),
            key,
            table: small(table),
            number: small(number),
        });
    }

    fn name(&self, key: u32) -> &str {
        self.names.get(key as usize).map_or("", |(n, _)| n.as_str())
    }

    fn names_parent(&self, key: u32) -> bool {
        self.names.get(key as usize).is_some_and(|(_, p)| *p)
    }

    /// The owners whose lines do not all name the same set of parents.
    fn disagreements(&mut self) -> Vec<Disagreement> {
        self.entries.sort_unstable();
        let mut out = Vec::new();
        for group in self.entries.chunk_by(|a, b| a.owner == b.owner) {
            let mut lines: Vec<(usize, Vec<u32>)> = Vec::new();
            for of_line in group.chunk_by(|a, b| a.line == b.line) {
                let mut keys: Vec<u32> = of_line.iter().map(|e| e.key).collect();
                keys.dedup();
                lines.push((of_line[0].line as usize, keys));
            }
            if lines.windows(2).all(|w| w[0].1 == w[1].1) {
                continue;
            }
            let mut rows: Vec<(u32, Vec<(u32, u32)>)> = Vec::new();
            for e in group {
                match rows.iter_mut().find(|(k, _)| *k == e.key) {
                    Some((_, r)) => r.push((e.table, e.number)),
                    None => rows.push((e.key, vec![(e.table, e.number)])),
                }
            }
            for (_, r) in &mut rows {
                r.sort_unstable();
            }
            out.push(Disagreement {
                owner: group[0].owner as usize,
                lines,
                rows,
            });
        }
        out
    }
}

impl Builder<'_> {
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
            self.split_programs(&programs, &projects, &split);
        }
    }

    /// The error for an owner whose rows disagree, naming the rows of each parent.
    fn disagreement(
        &self,
        m: &Membership,
        d: &Disagreement,
        what: &str,
        parents: &str,
        ways_out: &str,
    ) -> Diagnostic {
        let table = |t: u32| self.table_names.get(t as usize).map_or("", String::as_str);
        let named: Vec<String> = d
            .rows
            .iter()
            .map(|(key, rows)| {
                let shown: Vec<String> = rows.iter().take(3).map(|(_, n)| n.to_string()).collect();
                let more = if rows.len() > 3 {
                    format!(" and {} more", rows.len() - 3)
                } else {
                    String::new()
                };
                format!("{:?} on row(s) {}{more}", m.name(*key), shown.join(", "))
            })
            .collect();
        let (t, n) = d
            .rows
            .first()
            .and_then(|(_, r)| r.first())
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
        let mut made: HashSet<String> = HashSet::new();
        let mut moved: HashMap<usize, String> = HashMap::new(); // line → sub-program
        let mut parents: HashSet<String> = HashSet::new();
        for d in split {
            let Some(program) = self.data.programs.get(d.owner).cloned() else {
                continue;
            };
            parents.insert(program.id.to_string());
            for (line, keys) in &d.lines {
                let label: Vec<&str> = keys.iter().map(|k| m.name(*k)).collect();
                let id = format!("{}/{}", program.id, label.join("+"));
                if !made.contains(&id) {
                    if self.programs.contains_key(&id) {
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
                    self.programs.insert(id.clone(), self.data.programs.len());
                    self.data.programs.push(sub);
                    made.insert(id.clone());
                }
                let from = FundTarget::Program(program.id.as_str().into());
                if let Some(l) = self.data.budget_lines.get_mut(*line) {
                    for f in l.funds.iter_mut().filter(|f| f.target == from) {
                        f.target = FundTarget::Program(id.as_str().into());
                    }
                    let values = crate::model::Phase::ALL.map(|p| l.phase_value(p));
                    self.summary.count(Reason::SplitByGoal, &values);
                }
                moved.insert(*line, id);
            }
        }
        self.retarget_projects(projects, &moved, &parents);
        // A split program still named by a line or project: those rows named no goal.
        let mut named: HashSet<&str> = HashSet::new();
        for l in &self.data.budget_lines {
            for f in &l.funds {
                if let FundTarget::Program(p) = &f.target {
                    named.insert(p.as_str());
                }
            }
        }
        for j in &self.data.projects {
            for l in &j.programs {
                named.insert(l.program.as_str());
            }
        }
        let still: Vec<String> = parents
            .iter()
            .filter(|p| named.contains(p.as_str()))
            .cloned()
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
        moved: &HashMap<usize, String>,
        parents: &HashSet<String>,
    ) {
        let mut sub_of: HashMap<usize, String> = HashMap::new();
        for e in &projects.entries {
            let Some(sub) = moved.get(&(e.line as usize)) else {
                continue;
            };
            let j = e.owner as usize;
            match sub_of.get(&j) {
                Some(have) if have != sub => {
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
                    sub_of.insert(j, sub.clone());
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
