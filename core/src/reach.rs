//! Which goals each program, project and line reaches through links of nonzero share
//! (SPEC §4: "a path with nonzero shares"). Structural: it does not depend on amounts.

use crate::graph::{Graph, Target};

/// The goals each entity reaches, each list sorted and including the ancestors of the goals
/// linked to, so that "reaches a goal or one of its descendants" is a lookup.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    pub program_goals: Vec<Vec<usize>>,
    pub project_goals: Vec<Vec<usize>>,
}

impl Reach {
    pub fn new(graph: &Graph) -> Reach {
        let program_goals = graph
            .program_goals
            .iter()
            .map(|links| {
                let mut goals = Vec::new();
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
                goals.sort_unstable();
                goals.dedup();
                goals
            })
            .collect::<Vec<_>>();
        let project_goals = graph
            .project_programs
            .iter()
            .map(|links| {
                let mut goals = Vec::new();
                for (i, &q) in links.targets.iter().enumerate() {
                    if links.nonzero(i) {
                        goals.extend_from_slice(&program_goals[q]);
                    }
                }
                goals.sort_unstable();
                goals.dedup();
                goals
            })
            .collect();
        Reach {
            program_goals,
            project_goals,
        }
    }

    /// The goals a line reaches (with ancestors), sorted.
    pub fn line_goals(&self, graph: &Graph, line: usize) -> Vec<usize> {
        let mut goals = Vec::new();
        self.line_goals_into(graph, line, &mut goals);
        goals
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
                Target::Project(p) => &self.project_goals[*p],
                Target::Program(q) => &self.program_goals[*q],
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

    /// Whether a line reaches any goal.
    pub fn line_traced(&self, graph: &Graph, line: usize) -> bool {
        graph.line_funds.get(line).is_some_and(|links| {
            links.targets.iter().enumerate().any(|(i, t)| {
                links.nonzero(i)
                    && !match t {
                        Target::Project(p) => self.project_goals[*p].is_empty(),
                        Target::Program(q) => self.program_goals[*q].is_empty(),
                    }
            })
        })
    }
}
