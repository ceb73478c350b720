//! Where each id of a plan is, for the edits of a scenario that name entities by id. One
//! edit finds its id by a pass over the plan (cheaper than building an index); a scenario of
//! many edits builds the index once, so that edits that only name ids (set an amount, a
//! share, a link, a schedule) cost their own size and a scenario of 100,000 of them is not
//! 100,000 passes over the plan. Entities added are indexed as they come; a removal, itself
//! a pass over the plan, indexes the plan again.

use crate::hashing::IdMap;
use crate::model::PlanData;

/// An entity of the plan, by kind and index. Ids are unique across the whole plan (SPEC
/// §1), and every edit keeps them so (`fresh_id`), so an id names at most one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Entity {
    Goal(usize),
    Program(usize),
    Project(usize),
    Line(usize),
}

/// Above this many edits a scenario indexes the plan's ids: building the index costs
/// about thirty passes of a lookup by scan.
const INDEX_ABOVE: usize = 32;

pub(crate) struct Ids {
    index: Option<IdMap<Box<str>, Entity>>,
}

impl Ids {
    /// Ids found by a pass over the plan: for one edit, or a few.
    pub(crate) fn scanned() -> Ids {
        Ids { index: None }
    }

    /// Ids for a scenario of `edits` edits on `data`: indexed when there are many.
    pub(crate) fn for_edits(data: &PlanData, edits: usize) -> Ids {
        if edits > INDEX_ABOVE {
            Ids {
                index: Some(index(data)),
            }
        } else {
            Ids::scanned()
        }
    }

    /// The entity `id` names, if any.
    pub(crate) fn find(&self, data: &PlanData, id: &str) -> Option<Entity> {
        match &self.index {
            Some(index) => index.get(id).copied(),
            None => scan(data, id),
        }
    }

    /// The index of the entity `id` names, if it is of `kind` (`Entity::Line`, …).
    pub(crate) fn at(&self, data: &PlanData, id: &str, kind: fn(usize) -> Entity) -> Option<usize> {
        let entity = self.find(data, id)?;
        let (Entity::Goal(i) | Entity::Program(i) | Entity::Project(i) | Entity::Line(i)) = entity;
        (entity == kind(i)).then_some(i)
    }

    /// An entity pushed at the end of its list.
    pub(crate) fn added(&mut self, id: &str, entity: Entity) {
        if let Some(index) = &mut self.index {
            index.insert(id.into(), entity);
        }
    }

    /// Entities removed: the indices after them have moved.
    pub(crate) fn removed(&mut self, data: &PlanData) {
        if let Some(index) = &mut self.index {
            *index = self::index(data);
        }
    }
}

fn index(data: &PlanData) -> IdMap<Box<str>, Entity> {
    let size =
        data.goals.len() + data.programs.len() + data.projects.len() + data.budget_lines.len();
    let mut index = IdMap::with_capacity_and_hasher(size, Default::default());
    for (id, entity) in entities(data) {
        index.insert(id.into(), entity);
    }
    index
}

fn scan(data: &PlanData, id: &str) -> Option<Entity> {
    entities(data)
        .find(|&(x, _)| x == id)
        .map(|(_, entity)| entity)
}

/// Every entity of the plan with its id.
fn entities(data: &PlanData) -> impl Iterator<Item = (&str, Entity)> {
    let lines = data.budget_lines.iter().enumerate();
    let projects = data.projects.iter().enumerate();
    let programs = data.programs.iter().enumerate();
    let goals = data.goals.iter().enumerate();
    (lines.map(|(i, l)| (l.id.as_str(), Entity::Line(i))))
        .chain(projects.map(|(i, p)| (p.id.as_str(), Entity::Project(i))))
        .chain(programs.map(|(i, p)| (p.id.as_str(), Entity::Program(i))))
        .chain(goals.map(|(i, g)| (g.id.as_str(), Entity::Goal(i))))
}
