//! The written plans compared entity by entity, matched by id: what was added, removed,
//! renamed, re-linked, re-shared, moved or changed in amount.

use crate::model::{BudgetLine, FundTarget, PlanData};
use crate::report::ReportOptions;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// An entity of one plan only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntityRef {
    /// `org_unit`, `goal`, `program`, `project` or `budget_line`.
    pub kind: String,
    pub id: String,
    pub name: Option<String>,
}

/// An entity in both plans under another name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Renamed {
    pub kind: String,
    pub id: String,
    pub old_name: Option<String>,
    pub new_name: Option<String>,
}

/// A link (program → goal, project → program, line → project or program) added, removed
/// or given another share. A share is as written: absent means an equal part of the
/// entity's links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkChange {
    pub from: String,
    pub to: String,
    /// `added`, `removed` or `reshared`.
    pub status: String,
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub old_share: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub new_share: Option<Decimal>,
}

/// A line's amount in the report's phase in both plans (absent: the line does not give
/// that phase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineChange {
    pub id: String,
    pub name: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub old_amount: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub new_amount: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "Amount"))]
    pub change: Decimal,
}

/// A line that funds other projects or programs than it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineMove {
    pub id: String,
    pub old_parents: Vec<Parent>,
    pub new_parents: Vec<Parent>,
}

/// One parent of a line: a project or a program, with the share as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Parent {
    /// `project` or `program`.
    pub kind: String,
    pub id: String,
    #[cfg_attr(feature = "ts", ts(type = "Amount | null"))]
    pub share: Option<Decimal>,
}

/// A line whose year, org unit, category or direction changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Relabel {
    pub id: String,
    /// `year`, `org_unit`, `category` or `direction`.
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What [`compare`] finds.
#[derive(Default)]
pub(super) struct Found {
    pub added: Vec<EntityRef>,
    pub removed: Vec<EntityRef>,
    pub renamed: Vec<Renamed>,
    pub links: Vec<LinkChange>,
    pub lines_changed: Vec<LineChange>,
    pub lines_moved: Vec<LineMove>,
    pub lines_relabelled: Vec<Relabel>,
}

/// One entity as compared: its id, name and upward links (target id, share as written).
struct Entry<'a> {
    id: &'a str,
    name: Option<&'a str>,
    links: Vec<(&'a str, Option<Decimal>)>,
}

/// Compares the entities of two plans. Lines are those matching the scope in either plan
/// (of either direction: a revenue line's change is a change too).
pub(super) fn compare(old: &PlanData, new: &PlanData, options: &ReportOptions) -> Found {
    let mut found = Found::default();
    fn units(d: &PlanData) -> Vec<Entry<'_>> {
        d.org_units
            .iter()
            .flatten()
            .map(|u| Entry {
                id: &u.id,
                name: u.name.as_deref(),
                links: Vec::new(),
            })
            .collect()
    }
    fn goals(d: &PlanData) -> Vec<Entry<'_>> {
        d.goals
            .iter()
            .map(|g| Entry {
                id: &g.id,
                name: Some(&g.name),
                links: Vec::new(),
            })
            .collect()
    }
    fn programs(d: &PlanData) -> Vec<Entry<'_>> {
        d.programs
            .iter()
            .map(|p| Entry {
                id: &p.id,
                name: Some(&p.name),
                links: p.goals.iter().map(|l| (l.goal.as_str(), l.share)).collect(),
            })
            .collect()
    }
    fn projects(d: &PlanData) -> Vec<Entry<'_>> {
        d.projects
            .iter()
            .map(|p| Entry {
                id: &p.id,
                name: Some(&p.name),
                links: p
                    .programs
                    .iter()
                    .map(|l| (l.program.as_str(), l.share))
                    .collect(),
            })
            .collect()
    }
    found.entities("org_unit", units(old), units(new), false);
    found.entities("goal", goals(old), goals(new), false);
    found.entities("program", programs(old), programs(new), true);
    found.entities("project", projects(old), projects(new), true);
    found.lines(old, new, options);
    found
}

impl Found {
    /// Entities of one kind: added, removed, renamed and (with `links`) their links.
    fn entities(&mut self, kind: &str, old: Vec<Entry<'_>>, new: Vec<Entry<'_>>, links: bool) {
        let mut in_new: HashMap<&str, &Entry<'_>> = new.iter().map(|e| (e.id, e)).collect();
        let entity = |e: &Entry<'_>| EntityRef {
            kind: kind.to_string(),
            id: e.id.to_string(),
            name: e.name.map(str::to_string),
        };
        for was in &old {
            let Some(is) = in_new.remove(was.id) else {
                self.removed.push(entity(was));
                continue;
            };
            if was.name != is.name {
                self.renamed.push(Renamed {
                    kind: kind.to_string(),
                    id: was.id.to_string(),
                    old_name: was.name.map(str::to_string),
                    new_name: is.name.map(str::to_string),
                });
            }
            if links {
                self.links(was.id, &was.links, &is.links);
            }
        }
        for is in new.iter().filter(|e| in_new.contains_key(e.id)) {
            self.added.push(entity(is));
        }
    }

    /// One entity's links in both plans: added, removed, re-shared (in the order written,
    /// old first).
    fn links(
        &mut self,
        from: &str,
        old: &[(&str, Option<Decimal>)],
        new: &[(&str, Option<Decimal>)],
    ) {
        let change = |to: &str, status: &str, old_share, new_share| LinkChange {
            from: from.to_string(),
            to: to.to_string(),
            status: status.to_string(),
            old_share,
            new_share,
        };
        for (to, share) in old {
            match new.iter().find(|(t, _)| t == to) {
                None => self.links.push(change(to, "removed", *share, None)),
                Some((_, now)) if now != share => {
                    self.links.push(change(to, "reshared", *share, *now))
                }
                Some(_) => {}
            }
        }
        for (to, share) in new {
            if !old.iter().any(|(t, _)| t == to) {
                self.links.push(change(to, "added", None, *share));
            }
        }
    }

    /// Lines: added, removed, renamed, changed in amount, moved, re-shared, relabelled.
    fn lines(&mut self, old: &PlanData, new: &PlanData, options: &ReportOptions) {
        let scope = &options.scope;
        let phase = options.phase;
        let mut in_new: HashMap<&str, &BudgetLine> = new
            .budget_lines
            .iter()
            .map(|l| (l.id.as_str(), l))
            .collect();
        let entity = |l: &BudgetLine| EntityRef {
            kind: "budget_line".to_string(),
            id: l.id.to_string(),
            name: l.name.as_deref().map(str::to_string),
        };
        for was in &old.budget_lines {
            let Some(is) = in_new.remove(was.id.as_str()) else {
                if scope.matches(was) {
                    self.removed.push(entity(was));
                }
                continue;
            };
            if !scope.matches(was) && !scope.matches(is) {
                continue;
            }
            let id = was.id.to_string();
            if was.name != is.name {
                self.renamed.push(Renamed {
                    kind: "budget_line".to_string(),
                    id: id.clone(),
                    old_name: was.name.as_deref().map(str::to_string),
                    new_name: is.name.as_deref().map(str::to_string),
                });
            }
            let (x, y) = (was.phase_value(phase), is.phase_value(phase));
            if x != y {
                self.lines_changed.push(LineChange {
                    id: id.clone(),
                    name: is.name.as_deref().map(str::to_string),
                    old_amount: x,
                    new_amount: y,
                    change: y.unwrap_or_default() - x.unwrap_or_default(),
                });
            }
            self.relabels(was, is);
            let same_parents = was.funds.len() == is.funds.len()
                && was
                    .funds
                    .iter()
                    .all(|f| is.funds.iter().any(|g| g.target == f.target));
            if same_parents {
                self.links(&id, &line_links(was), &line_links(is));
            } else {
                self.lines_moved.push(LineMove {
                    id,
                    old_parents: parents(was),
                    new_parents: parents(is),
                });
            }
        }
        for is in new
            .budget_lines
            .iter()
            .filter(|l| in_new.contains_key(l.id.as_str()) && scope.matches(l))
        {
            self.added.push(entity(is));
        }
    }

    fn relabels(&mut self, was: &BudgetLine, is: &BudgetLine) {
        let fields = [
            ("year", Some(was.year.as_str()), Some(is.year.as_str())),
            ("org_unit", was.org_unit.as_deref(), is.org_unit.as_deref()),
            ("category", was.category.as_deref(), is.category.as_deref()),
            (
                "direction",
                Some(was.direction.as_str()),
                Some(is.direction.as_str()),
            ),
        ];
        for (field, x, y) in fields {
            if x != y {
                self.lines_relabelled.push(Relabel {
                    id: was.id.to_string(),
                    field: field.to_string(),
                    old: x.map(str::to_string),
                    new: y.map(str::to_string),
                });
            }
        }
    }
}

fn line_links(line: &BudgetLine) -> Vec<(&str, Option<Decimal>)> {
    line.funds
        .iter()
        .map(|f| (f.target.id(), f.share))
        .collect()
}

fn parents(line: &BudgetLine) -> Vec<Parent> {
    line.funds
        .iter()
        .map(|f| Parent {
            kind: match f.target {
                FundTarget::Project(_) => "project",
                FundTarget::Program(_) => "program",
            }
            .to_string(),
            id: f.target.id().to_string(),
            share: f.share,
        })
        .collect()
}
