//! Which goals each program, project and line reaches through links of nonzero share
//! (SPEC §4: "a path with nonzero shares"). Structural: it does not depend on amounts.

use crate::graph::{Graph, Target};

/// The goals each entity reaches, each list sorted and including the ancestors of the goals
/// linked to, so that "reaches a goal or one of its descendants" is a lookup.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    pub program_goals: GoalLists,
    pub project_goals: GoalLists,
}

/// One sorted list of goals per entity, all in one vector (the lists of a hundred
/// thousand projects are read once per line: one allocation, read in order).
#[derive(Debug, Clone)]
pub(crate) struct GoalLists {
    starts: Vec<usize>,
    goals: Vec<usize>,
}

impl Default for GoalLists {
    fn default() -> Self {
        GoalLists {
            starts: vec![0],
            goals: Vec::new(),
        }
    }
}

impl GoalLists {
    /// Entity `i`'s goals (none for an entity that does not exist).
    pub fn get(&self, i: usize) -> &[usize] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.goals.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Every entity's goals, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[usize]> + '_ {
        (0..self.starts.len().saturating_sub(1)).map(|i| self.get(i))
    }

    /// Adds the next entity's goals, sorted and without repeats.
    fn push(&mut self, goals: &mut Vec<usize>) {
        goals.sort_unstable();
        goals.dedup();
        self.goals.extend_from_slice(goals);
        self.starts.push(self.goals.len());
    }
}

impl Reach {
    pub fn new(graph: &Graph) -> Reach {
        let mut goals = Vec::new();
        let mut program_goals = GoalLists::default();
        for links in graph.program_goals.iter() {
            goals.clear();
            for (i, &g) in links.targets.iter().enumerate() {
                if links.nonzero(i) {
                    let mut at = Some(g);
                    // The hierarchy is acyclic once loaded; the bound guards anyway.
                    let mut steps = 0;
                    while let (Some(goal), true) = (at, steps <= graph.goal_parent.len()) {
                        goals.push(goal);
                        at = graph.goal_parent[goal];
                        steps += 1;
                    }
                }
            }
            program_goals.push(&mut goals);
        }
        let mut project_goals = GoalLists::default();
        for links in graph.project_programs.iter() {
            goals.clear();
            for (i, &q) in links.targets.iter().enumerate() {
                if links.nonzero(i) {
                    goals.extend_from_slice(program_goals.get(q));
                }
            }
            project_goals.push(&mut goals);
        }
        Reach {
            program_goals,
            project_goals,
        }
    }

    /// The goals a line reaches (with ancestors), sorted.
    pub fn line_goals(&self, graph: &Graph, line: usize) -> Vec<usize> {
        let mut scratch = Vec::new();
        self.line_goals_into(graph, line, &mut scratch).to_vec()
    }

    /// The goals a line reaches, borrowed where one link says it all (most lines have
    /// one link), otherwise merged into `scratch`.
    pub fn line_goals_into<'a>(
        &'a self,
        graph: &Graph,
        line: usize,
        scratch: &'a mut Vec<usize>,
    ) -> &'a [usize] {
        scratch.clear();
        let Some(links) = graph.line_funds.get(line) else {
            return scratch;
        };
        let reached = |t: &Target| -> &'a [usize] {
            match t {
                Target::Project(p) => self.project_goals.get(*p),
                Target::Program(q) => self.program_goals.get(*q),
            }
        };
        if links.targets.len() == 1 && links.nonzero(0) {
            return reached(&links.targets[0]);
        }
        for (i, t) in links.targets.iter().enumerate() {
            if links.nonzero(i) {
                scratch.extend_from_slice(reached(t));
            }
        }
        scratch.sort_unstable();
        scratch.dedup();
        scratch
    }

    /// Whether a project or program reaches any goal.
    pub fn reaches(&self, t: Target) -> bool {
        !match t {
            Target::Project(p) => self.project_goals.get(p).is_empty(),
            Target::Program(q) => self.program_goals.get(q).is_empty(),
        }
    }
}
