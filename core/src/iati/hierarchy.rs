//! The IATI hierarchy as goldthread's (SPEC §13, `--hierarchy`): an activity whose parent
//! (its `related-activity` of type 1) is among the imported ones becomes a **project** of
//! its top-most ancestor's program — goldthread nests projects under programs, not projects
//! under projects —, and its money funds that project, so it reaches the goals through the
//! ancestor's sectors. Nothing of the child is dropped: its own sectors become share tags of
//! the project in `dac-sectors`, its markers and SDG tags move to the project, its result
//! indicators to the ancestor's program; each change is counted in the summary. An activity
//! whose parent is not imported, or whose ancestors loop, stays a program (counted).

use super::{IatiGoals, Import};
use crate::model::{FundTarget, Program, ProgramLink, Project, TagTarget};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Counts `n` cases of `what` in the summary's notes (none: no note).
fn count(notes: &mut BTreeMap<String, usize>, n: usize, what: &str) {
    if n > 0 {
        *notes.entry(what.to_string()).or_default() += n;
    }
}

impl Import {
    /// Nests every activity whose parent was imported (see the module's comment).
    pub(super) fn nest(&mut self) {
        let imported: HashSet<&str> = self.data.programs.iter().map(|p| p.id.as_str()).collect();
        // The top-most imported ancestor of each child; none where the chain loops.
        let mut top: HashMap<String, String> = HashMap::new();
        let mut outside = 0;
        let mut looped = 0;
        let mut deep = 0;
        for (child, parent) in &self.parents {
            if !imported.contains(parent.as_str()) {
                outside += 1;
                continue;
            }
            let (mut at, mut steps) = (parent.clone(), 1);
            let mut seen = HashSet::from([child.clone()]);
            while let Some(up) = self
                .parents
                .get(&at)
                .filter(|up| imported.contains(up.as_str()))
            {
                if !seen.insert(at.clone()) {
                    break;
                }
                at = up.clone();
                steps += 1;
            }
            if seen.contains(&at) || at == *child {
                looped += 1;
                continue;
            }
            if steps > 1 {
                deep += 1;
            }
            top.insert(child.clone(), at);
        }
        for (n, what) in [
            (
                outside,
                "child activities whose parent is not among the files: kept as programs",
            ),
            (looped, "activities whose parents loop: kept as programs"),
            (
                deep,
                "activities nested two levels or more: projects of their top ancestor's program",
            ),
            (
                top.len(),
                "child activities made projects of their parent's program (--hierarchy)",
            ),
        ] {
            count(&mut self.summary.notes, n, what);
        }
        if top.is_empty() {
            return;
        }
        let programs = std::mem::take(&mut self.data.programs);
        let (children, kept): (Vec<Program>, Vec<Program>) =
            programs.into_iter().partition(|p| top.contains_key(&p.id));
        self.data.programs = kept;
        let position: HashMap<String, usize> = self
            .data
            .programs
            .iter()
            .enumerate()
            .map(|(k, p)| (p.id.clone(), k))
            .collect();
        let mut moved_indicators = 0;
        let mut child_sectors = 0;
        let mut child_links = 0;
        // Where the goals are sectors, a child's links are its sectors; otherwise its
        // sectors are tags already (they move with it below), and its links to SDGs or
        // budget items give way to the ancestor's, counted.
        let sectors_are_goals = matches!(
            self.goal_tree,
            IatiGoals::Sector | IatiGoals::SectorCategory
        );
        for child in children {
            let ancestor = &top[&child.id];
            if !sectors_are_goals {
                child_links += child.goals.len();
            }
            // The child's sectors: share tags of its project, as the activity gave them.
            for link in child.goals.iter().filter(|_| sectors_are_goals) {
                let code = link.goal.trim_start_matches("DAC-");
                self.tag_sector(code, &child.id, link.share);
                child_sectors += 1;
            }
            if let Some(&k) = position.get(ancestor) {
                moved_indicators += child.indicators.len();
                self.data.programs[k].indicators.extend(child.indicators);
            }
            let mut project = Project::new(child.id.clone(), child.name);
            project.programs = vec![ProgramLink {
                program: ancestor.clone(),
                share: None,
            }];
            project.x = child.x;
            self.data.projects.push(project);
        }
        count(
            &mut self.summary.notes,
            moved_indicators,
            "result indicators of child activities: on their ancestor's program",
        );
        count(&mut self.summary.notes, child_links, "goal links of child activities (SDG or budget item): their money follows their ancestor's links");
        count(&mut self.summary.notes, child_sectors, "sectors of child activities: share tags of their projects in dac-sectors (their money follows the ancestor's sectors)");
        // Their money funds their projects; their tags follow them.
        for line in &mut self.data.budget_lines {
            for f in &mut line.funds {
                if let FundTarget::Program(id) = &f.target {
                    if top.contains_key(id.as_str()) {
                        f.target = FundTarget::Project(id.clone());
                    }
                }
            }
        }
        for c in [
            &mut self.markers,
            &mut self.sdgs,
            &mut self.budget_items,
            &mut self.sectors,
        ] {
            for t in &mut c.tags {
                if let TagTarget::Program(id) = &t.target {
                    if top.contains_key(id) {
                        t.target = TagTarget::Project(id.clone());
                    }
                }
            }
        }
    }
}
