//! The plan as a graph (SPEC §1): every id resolved once, every link checked, and the
//! split of each child's money prepared for attribution.
//!
//! Attribution walks flat, index-based adjacency lists (one pass per layer, links in the
//! order they are written, which the tie rule needs). The goal and org unit hierarchies are
//! ordered with petgraph's `toposort`, which also finds their cycles; [`crate::Plan::to_petgraph`]
//! gives the whole plan as a petgraph graph for users' own algorithms.

use crate::amount::to_units;
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::hashing::{IdMap as HashMap, IdSet as HashSet};
use crate::model::*;
use crate::parallel;
use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};
use rust_decimal::Decimal;
use std::collections::hash_map::Entry;

use crate::links::{make_split, Child, Links, SplitScratch};

/// Each line's label (org unit, year or category) as an index into the labels, or none:
/// four bytes a line, so that the passes of a report over a million lines read 4 MB per
/// column rather than 16.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelColumn(Vec<u32>);

impl LabelColumn {
    /// Where a line has no label. A plan cannot have four billion labels: each needs a
    /// line of its own.
    const NONE: u32 = u32::MAX;

    fn with_capacity(n: usize) -> LabelColumn {
        LabelColumn(Vec::with_capacity(n))
    }

    fn push(&mut self, label: Option<usize>) {
        let index = label.and_then(|i| u32::try_from(i).ok());
        self.0.push(index.unwrap_or(Self::NONE));
    }

    /// Line `l`'s label index; `None` without one (or past the last line).
    #[inline]
    pub fn get(&self, l: usize) -> Option<usize> {
        match self.0.get(l) {
            Some(&i) if i != Self::NONE => Some(i as usize),
            _ => None,
        }
    }
}

/// What a budget line funds, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Project(usize),
    Program(usize),
}

impl Target {
    const PROGRAM: u32 = 1 << 31;

    /// The target in 32 bits (a program's index with the top bit set), for tables of
    /// hundreds of thousands of parts. Indices stay far below 2^31: a plan of 2^31
    /// projects would not fit in memory.
    pub fn code(self) -> u32 {
        match self {
            Target::Project(j) => j as u32 & !Target::PROGRAM,
            Target::Program(q) => q as u32 | Target::PROGRAM,
        }
    }

    pub fn from_code(code: u32) -> Target {
        let index = (code & !Target::PROGRAM) as usize;
        if code & Target::PROGRAM == 0 {
            Target::Project(index)
        } else {
            Target::Program(index)
        }
    }
}

/// An entity of the plan, by kind and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeRef {
    Goal(usize),
    Program(usize),
    Project(usize),
    BudgetLine(usize),
    OrgUnit(usize),
}

impl NodeRef {
    /// The kind's name, as a budget office says it.
    pub fn kind(self) -> &'static str {
        match self {
            NodeRef::Goal(_) => "goal",
            NodeRef::Program(_) => "program",
            NodeRef::Project(_) => "project",
            NodeRef::BudgetLine(_) => "budget line",
            NodeRef::OrgUnit(_) => "org unit",
        }
    }
}

/// The resolved plan.
#[derive(Debug, Clone, Default)]
pub(crate) struct Graph {
    pub goal_parent: Vec<Option<usize>>,
    pub goal_children: Vec<Vec<usize>>,
    /// Goals with every child before its parent.
    pub goals_bottom_up: Vec<usize>,
    pub program_goals: Links<usize>,
    pub project_programs: Links<usize>,
    pub line_funds: Links<Target>,
    /// Org unit labels: the plan's org units where it lists them, otherwise every label
    /// used, in order of first use.
    pub org_labels: Vec<String>,
    pub line_org: LabelColumn,
    /// Fiscal years as written, in order of first use, and each line's: reports group and
    /// filter by index instead of comparing strings per line.
    pub year_labels: Vec<String>,
    pub line_year: LabelColumn,
    /// Categories likewise (`None` for a line without one).
    pub category_labels: Vec<String>,
    pub line_category: LabelColumn,
    /// Whether each line is revenue (never in a report's scope).
    pub line_revenue: Vec<bool>,
    /// Each line's approved amount in smallest units: what checks and most reports read,
    /// here without touching the 256 bytes of each line again.
    pub line_amount: Vec<i128>,
}

impl Graph {
    /// Where rows keyed by org unit go: in the order the plan lists its org units (or first
    /// uses them), a unit it does not have after them, rows without one last. One lookup per
    /// row, so that a plan of a hundred thousand org units sorts its rows in linear time.
    pub fn org_rank(&self) -> impl Fn(&Option<String>) -> usize + '_ {
        let mut at: HashMap<&str, usize> = HashMap::default();
        for (i, label) in self.org_labels.iter().enumerate() {
            at.entry(label).or_insert(i);
        }
        move |key| match key {
            Some(k) => at.get(k.as_str()).copied().unwrap_or(usize::MAX - 1),
            None => usize::MAX,
        }
    }
}

/// Gives each distinct label an index, in order of first use. Plans have a few years and
/// categories: a short list is searched in place, a long one through a map.
#[derive(Default)]
struct Labels<'d> {
    list: Vec<&'d str>,
    index: HashMap<&'d str, usize>,
}

impl<'d> Labels<'d> {
    fn of(&mut self, label: &'d str) -> usize {
        if self.list.len() <= 16 {
            if let Some(i) = self.list.iter().position(|l| *l == label) {
                return i;
            }
        } else if let Some(i) = self.index.get(label) {
            return *i;
        }
        let i = self.list.len();
        self.list.push(label);
        if self.list.len() == 17 {
            self.index = self.list.iter().enumerate().map(|(i, l)| (*l, i)).collect();
        } else if self.list.len() > 17 {
            self.index.insert(label, i);
        }
        i
    }

    fn into_strings(self) -> Vec<String> {
        self.list.into_iter().map(str::to_string).collect()
    }
}

impl Graph {
    /// Whether a goal has no children.
    pub fn is_leaf(&self, goal: usize) -> bool {
        self.goal_children.get(goal).is_none_or(Vec::is_empty)
    }
}

fn kind_of(r: NodeRef) -> &'static str {
    r.kind()
}

/// The JSON pointer of an entity in the plan file.
fn path_of(r: NodeRef) -> String {
    match r {
        NodeRef::Goal(i) => format!("/goals/{i}"),
        NodeRef::Program(i) => format!("/programs/{i}"),
        NodeRef::Project(i) => format!("/projects/{i}"),
        NodeRef::BudgetLine(i) => format!("/budget_lines/{i}"),
        NodeRef::OrgUnit(i) => format!("/org_units/{i}"),
    }
}

/// [`build_into`] with a list of its own (for tests).
#[cfg(test)]
pub(crate) fn build(data: &PlanData) -> (Graph, Diags) {
    let mut diags = Diags::default();
    (build_into(data, &mut diags), diags)
}

/// Resolves ids and links; adds E001–E006 and E010 to `diags`.
pub(crate) fn build_into(data: &PlanData, diags: &mut Diags) -> Graph {
    let ids = claim_ids(data, diags);
    // The passes over the lines are most of the work and do not depend on each other: the
    // lines' ids and labels on one side, the links on the other, on two threads for a
    // large plan. Each side lists its own diagnostics, appended in the order one pass
    // would find them.
    let max = diags.max_per_code();
    let ((labelled, first), (linked, second)) = parallel::join(
        parallel::worth(data.budget_lines.len()),
        || {
            let (mut g, mut d) = (Graph::default(), Diags::new(max));
            line_ids_unique(data, &ids, &mut d);
            check_indicator_ids(data, &mut d);
            label_lines(data, &ids, &mut g, &mut d);
            (g, d)
        },
        || {
            let (mut g, mut d) = (Graph::default(), Diags::new(max));
            goal_tree(data, &ids, &mut g, &mut d);
            upper_links(data, &ids, &mut g, &mut d);
            line_links(data, &ids, &mut g, &mut d);
            (g, d)
        },
    );
    diags.append(first);
    diags.append(second);
    Graph {
        goal_parent: linked.goal_parent,
        goal_children: linked.goal_children,
        goals_bottom_up: linked.goals_bottom_up,
        program_goals: linked.program_goals,
        project_programs: linked.project_programs,
        line_funds: linked.line_funds,
        ..labelled
    }
}

/// E001 for an entity `r` whose id the entity `other` has already.
fn taken(id: &str, r: NodeRef, other: NodeRef) -> Diagnostic {
    Diagnostic::new(
        Code::E001,
        format!(
            "{} {id} has the same id as the entity at {}; ids must be unique across the plan",
            kind_of(r),
            path_of(other)
        ),
    )
    .entity(id)
    .at(format!("{}/id", path_of(r)))
}

/// Every entity's id but the lines', resolved once (E001: ids are unique across the whole
/// plan, whatever the kind; the lines' are checked by [`line_ids_unique`]). Lines are not in
/// the map: nothing links to a line.
fn claim_ids<'d>(data: &'d PlanData, diags: &mut Diags) -> HashMap<CompactString, NodeRef> {
    // E001: ids are unique across the whole plan, whatever the kind. Paths are only
    // formatted for a diagnostic: this loop runs once per entity.
    // Lines get a map of their own: nothing links to a line, so the map that a million
    // links are resolved through stays small (goals, programs, projects) and in cache. Its
    // keys are short inline strings, so a lookup does not chase a pointer to compare.
    let mut ids: HashMap<CompactString, NodeRef> = HashMap::default();
    ids.reserve(data.goals.len() + data.programs.len() + data.projects.len());
    let mut claim = |id: &'d str, r: NodeRef, diags: &mut Diags| {
        if id.is_empty() {
            return;
        }
        match ids.entry(id.into()) {
            Entry::Occupied(other) => diags.push(taken(id, r, *other.get())),
            Entry::Vacant(slot) => {
                slot.insert(r);
            }
        }
    };
    let units = data.org_units.as_deref().unwrap_or_default();
    for (i, u) in units.iter().enumerate() {
        claim(&u.id, NodeRef::OrgUnit(i), diags);
    }
    for (i, x) in data.goals.iter().enumerate() {
        claim(&x.id, NodeRef::Goal(i), diags);
    }
    for (i, x) in data.programs.iter().enumerate() {
        claim(&x.id, NodeRef::Program(i), diags);
    }
    for (i, x) in data.projects.iter().enumerate() {
        claim(&x.id, NodeRef::Project(i), diags);
    }
    ids
}

/// Org units (parents, cycles) and each line's labels, kind and amount, in one pass over
/// the lines: the labels lines are grouped by.
fn label_lines(
    data: &PlanData,
    ids: &HashMap<CompactString, NodeRef>,
    g: &mut Graph,
    diags: &mut Diags,
) {
    let units = data.org_units.as_deref().unwrap_or_default();
    let mut org_index: HashMap<String, usize> = HashMap::default();
    for u in units {
        if !org_index.contains_key(u.id.as_str()) {
            org_index.insert(u.id.clone(), g.org_labels.len());
            g.org_labels.push(u.id.clone());
        }
    }
    let mut unit_parent = vec![None; units.len()];
    for (i, u) in units.iter().enumerate() {
        if let Some(p) = &u.parent {
            match ids.get(p.as_str()) {
                Some(NodeRef::OrgUnit(j)) => unit_parent[i] = Some(*j),
                _ => diags.push(unknown(
                    "org unit",
                    &u.id,
                    "parent",
                    p,
                    "org unit",
                    format!("/org_units/{i}/parent"),
                )),
            }
        }
    }
    if let Some(i) = cycle_member(&unit_parent) {
        let id = units.get(i).map(|u| u.id.clone()).unwrap_or_default();
        diags.push(
            Diagnostic::new(
                Code::E003,
                format!("the org unit hierarchy has a cycle through {id}; an org unit cannot be its own ancestor"),
            )
            .entity(id)
            .at(format!("/org_units/{i}/parent")),
        );
    }
    let listed_units = data.org_units.is_some();
    let mut org_ref =
        // `path` is formatted only for a diagnostic: this runs once per line.
        |id: &str, kind: &str, of: &str, field: &str, path: &dyn Fn() -> String, diags: &mut Diags| {
            if let Some(i) = org_index.get(id) {
                return Some(*i);
            }
            if listed_units {
                diags.push(unknown(kind, of, field, id, "org unit", path()));
                None
            } else {
                let i = g.org_labels.len();
                g.org_labels.push(id.to_string());
                org_index.insert(id.to_string(), i);
                Some(i)
            }
        };
    // Owners and project org units are checked against the list but do not add labels
    // when there is no list: labels are the units whose lines spend.
    for (i, p) in data.programs.iter().enumerate() {
        if let (Some(owner), true) = (&p.owner, listed_units) {
            org_ref(
                owner,
                "program",
                &p.id,
                "owner",
                &|| format!("/programs/{i}/owner"),
                diags,
            );
        }
    }
    for (i, p) in data.projects.iter().enumerate() {
        if let (Some(u), true) = (&p.org_unit, listed_units) {
            org_ref(
                u,
                "project",
                &p.id,
                "org_unit",
                &|| format!("/projects/{i}/org_unit"),
                diags,
            );
        }
    }
    // Each line's labels, kind and amount in one pass over the lines.
    let n = data.budget_lines.len();
    let (mut years, mut categories) = (Labels::default(), Labels::default());
    let mut line_org = LabelColumn::with_capacity(n);
    g.line_year = LabelColumn::with_capacity(n);
    g.line_category = LabelColumn::with_capacity(n);
    g.line_revenue = Vec::with_capacity(n);
    g.line_amount = Vec::with_capacity(n);
    for (i, l) in data.budget_lines.iter().enumerate() {
        line_org.push(l.org_unit.as_deref().and_then(|u| {
            org_ref(
                u,
                "budget line",
                &l.id,
                "org_unit",
                &|| format!("/budget_lines/{i}/org_unit"),
                diags,
            )
        }));
        g.line_revenue.push(l.direction == Direction::Revenue);
        g.line_amount
            .push(to_units(l.amount.unwrap_or_default(), data.precision));
        g.line_year.push(Some(years.of(&l.year)));
        g.line_category
            .push(l.category.as_deref().map(|c| categories.of(c)));
    }
    g.line_org = line_org;
    g.year_labels = years.into_strings();
    g.category_labels = categories.into_strings();
}

/// Goals: parents and the bottom-up order (petgraph's toposort finds cycles).
fn goal_tree(
    data: &PlanData,
    ids: &HashMap<CompactString, NodeRef>,
    g: &mut Graph,
    diags: &mut Diags,
) {
    g.goal_parent = vec![None; data.goals.len()];
    g.goal_children = vec![Vec::new(); data.goals.len()];
    for (i, goal) in data.goals.iter().enumerate() {
        if let Some(p) = &goal.parent {
            match ids.get(p.as_str()) {
                Some(NodeRef::Goal(j)) => g.goal_parent[i] = Some(*j),
                _ => diags.push(unknown(
                    "goal",
                    &goal.id,
                    "parent",
                    p,
                    "goal",
                    format!("/goals/{i}/parent"),
                )),
            }
        }
    }
    let mut tree: DiGraph<usize, ()> = DiGraph::with_capacity(data.goals.len(), data.goals.len());
    let nodes: Vec<NodeIndex> = (0..data.goals.len()).map(|i| tree.add_node(i)).collect();
    for (i, p) in g.goal_parent.iter().enumerate() {
        if let Some(p) = p {
            tree.add_edge(nodes[i], nodes[*p], ());
        }
    }
    match toposort(&tree, None) {
        Ok(order) => {
            g.goals_bottom_up = order.into_iter().map(|n| tree[n]).collect();
            for (i, p) in g.goal_parent.iter().enumerate() {
                if let Some(p) = p {
                    g.goal_children[*p].push(i);
                }
            }
        }
        Err(cycle) => {
            let i = tree[cycle.node_id()];
            let id = data.goals.get(i).map(|x| x.id.clone()).unwrap_or_default();
            diags.push(
                Diagnostic::new(
                    Code::E003,
                    format!("the goal hierarchy has a cycle through goal {id}; a goal cannot be its own ancestor"),
                )
                .entity(id)
                .at(format!("/goals/{i}/parent")),
            );
            // Break the cycle so that later checks can still run; the error stops the build.
            g.goal_parent = vec![None; data.goals.len()];
            g.goals_bottom_up = (0..data.goals.len()).collect();
        }
    }
}

/// Programs' links up to goals and projects' up to programs: resolved, then their shares
/// checked. One buffer serves every child.
fn upper_links(
    data: &PlanData,
    ids: &HashMap<CompactString, NodeRef>,
    g: &mut Graph,
    diags: &mut Diags,
) {
    let mut buf: Vec<(Option<usize>, Option<Decimal>)> = Vec::new();
    let mut scratch = SplitScratch::default();
    g.program_goals = Links::with_capacity(data.programs.len());
    for (i, p) in data.programs.iter().enumerate() {
        let base = || format!("/programs/{i}/goals");
        let child = Child {
            kind: "program",
            id: &p.id,
            base: &base,
        };
        let links = p.goals.iter().map(|l| (l.goal.as_str(), l.share));
        let goal = |r: NodeRef| match r {
            NodeRef::Goal(k) => Some(k),
            _ => None,
        };
        resolve(ids, links, goal, child, "goal", &mut buf, diags);
        make_split(child, &buf, &mut scratch, &mut g.program_goals, diags);
    }
    g.project_programs = Links::with_capacity(data.projects.len());
    for (i, p) in data.projects.iter().enumerate() {
        let base = || format!("/projects/{i}/programs");
        let child = Child {
            kind: "project",
            id: &p.id,
            base: &base,
        };
        let links = p.programs.iter().map(|l| (l.program.as_str(), l.share));
        let program = |r: NodeRef| match r {
            NodeRef::Program(k) => Some(k),
            _ => None,
        };
        resolve(ids, links, program, child, "program", &mut buf, diags);
        make_split(child, &buf, &mut scratch, &mut g.project_programs, diags);
    }
}

/// Lines' links up to projects and programs (E010 for a revenue line that has any).
fn line_links(
    data: &PlanData,
    ids: &HashMap<CompactString, NodeRef>,
    g: &mut Graph,
    diags: &mut Diags,
) {
    let mut buf: Vec<(Option<Target>, Option<Decimal>)> = Vec::new();
    let mut scratch = SplitScratch::default();
    g.line_funds = Links::with_capacity(data.budget_lines.len());
    // A million links into a map of a hundred thousand ids: nearly every lookup misses the
    // cache. Looked up a batch at a time in a tight loop, the misses overlap instead of
    // waiting one by one behind the rest of each line's work.
    const BATCH: usize = 32;
    let mut found: Vec<Option<NodeRef>> = Vec::with_capacity(BATCH * 2);
    for (i, l) in data.budget_lines.iter().enumerate() {
        if i % BATCH == 0 {
            found.clear();
            let batch = data
                .budget_lines
                .get(i..)
                .unwrap_or_default()
                .iter()
                .take(BATCH);
            found.extend(
                batch
                    .flat_map(|l| &l.funds)
                    .map(|f| ids.get(f.target.id()).copied()),
            );
            found.reverse(); // popped in order below
        }
        let base = || format!("/budget_lines/{i}/funds");
        if l.direction == Direction::Revenue {
            if !l.funds.is_empty() {
                diags.push(
                    Diagnostic::new(
                        Code::E010,
                        format!("revenue line {} links to projects or programs; revenue takes part only in the balance, remove its `funds`", l.id),
                    )
                    .entity(l.id.clone())
                    .at(base()),
                );
            }
            // Its looked-up links are not used.
            found.truncate(found.len().saturating_sub(l.funds.len()));
            g.line_funds.push([], None);
            continue;
        }
        buf.clear();
        for (j, f) in l.funds.iter().enumerate() {
            let t = match (&f.target, found.pop().flatten()) {
                (FundTarget::Project(_), Some(NodeRef::Project(k))) => Some(Target::Project(k)),
                (FundTarget::Program(_), Some(NodeRef::Program(k))) => Some(Target::Program(k)),
                (FundTarget::Project(id), _) => {
                    diags.push(unknown(
                        "budget line",
                        &l.id,
                        "project",
                        id,
                        "project",
                        format!("{}/{j}/project", base()),
                    ));
                    None
                }
                (FundTarget::Program(id), _) => {
                    diags.push(unknown(
                        "budget line",
                        &l.id,
                        "program",
                        id,
                        "program",
                        format!("{}/{j}/program", base()),
                    ));
                    None
                }
            };
            buf.push((t, f.share));
        }
        let link = Child {
            kind: "budget line",
            id: &l.id,
            base: &base,
        };
        make_split(link, &buf, &mut scratch, &mut g.line_funds, diags);
    }
}

/// E001 for budget lines whose id another entity has. Lines are the bulk of a plan and
/// their ids nearly always unique, so only the 64-bit hashes of all ids are compared
/// first ([`repeated`]); only where a hash comes twice — a repeated id, or two ids sharing
/// a hash — does a second pass compare the ids themselves. Diagnostics come in the order
/// of the lines.
fn line_ids_unique<'d>(
    data: &'d PlanData,
    ids: &HashMap<CompactString, NodeRef>,
    diags: &mut Diags,
) {
    use std::hash::BuildHasher;
    let hasher = crate::hashing::id_hasher();
    let hash = |id: &str| hasher.hash_one(id);
    let lines = data.budget_lines.iter().map(|x| x.id.as_str());
    // The other entities' ids too: a line may take one of theirs.
    let all = lines.chain(ids.keys().map(CompactString::as_str));
    let twice = repeated(all.filter(|id| !id.is_empty()).map(hash).collect());
    if twice.is_empty() {
        return;
    }
    let mut first: HashMap<&'d str, usize> = HashMap::default();
    for (i, x) in data.budget_lines.iter().enumerate() {
        let id = x.id.as_str();
        if id.is_empty() || !twice.contains(&hash(id)) {
            continue;
        }
        let line = NodeRef::BudgetLine(i);
        if let Some(other) = ids.get(id) {
            diags.push(taken(id, line, *other));
            continue;
        }
        match first.entry(id) {
            Entry::Occupied(other) => {
                diags.push(taken(id, line, NodeRef::BudgetLine(*other.get())));
            }
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
}

/// The values that occur more than once. A hash set of a million values would miss the
/// cache on nearly every insert; instead two radix passes on the top 16 bits (each a
/// scatter into 256 runs, which the caches follow) leave runs of a dozen values, each
/// sorted on its own.
fn repeated(mut values: Vec<u64>) -> HashSet<u64> {
    let mut found = HashSet::default();
    let mut runs = vec![0u64; values.len()];
    let top = scatter(&values, &mut runs, 56);
    for (run, into) in top.windows(2).filter_map(|w| {
        let r = w[0]..w[1];
        Some((runs.get(r.clone())?, r))
    }) {
        let Some(dst) = values.get_mut(into) else {
            continue;
        };
        let next = scatter(run, dst, 48);
        for w in next.windows(2) {
            let Some(small) = dst.get_mut(w[0]..w[1]) else {
                continue;
            };
            small.sort_unstable();
            for pair in small.windows(2) {
                if pair[0] == pair[1] {
                    found.insert(pair[0]);
                }
            }
        }
    }
    found
}

/// Copies `src` into `dst` (as long) grouped by the byte of each value at `shift`, in
/// order within a group; returns where each group starts, and the end.
fn scatter(src: &[u64], dst: &mut [u64], shift: u32) -> [usize; 257] {
    let byte = |v: u64| ((v >> shift) & 0xff) as usize;
    let mut starts = [0usize; 257];
    for &v in src {
        starts[byte(v) + 1] += 1;
    }
    for i in 1..257 {
        starts[i] += starts[i - 1];
    }
    let mut next = starts;
    for &v in src {
        let at = &mut next[byte(v)];
        if let Some(slot) = dst.get_mut(*at) {
            *slot = v;
        }
        *at += 1;
    }
    starts
}

fn unknown(kind: &str, of: &str, field: &str, named: &str, want: &str, path: String) -> Diagnostic {
    Diagnostic::new(
        Code::E002,
        format!("{kind} {of}: `{field}` names {named:?}, which is not a {want} of this plan"),
    )
    .entity(of)
    .at(path)
}

/// Indicator ids are unique among indicators, so reports can name them.
fn check_indicator_ids(data: &PlanData, diags: &mut Diags) {
    let mut seen: HashMap<&str, String> = HashMap::default();
    let owners = data
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| (format!("/goals/{i}"), &g.indicators))
        .chain(
            data.programs
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("/programs/{i}"), &p.indicators)),
        );
    for (base, indicators) in owners {
        for (j, ind) in indicators.iter().enumerate() {
            let path = format!("{base}/indicators/{j}");
            if ind.id.is_empty() {
                continue;
            }
            if let Some(other) = seen.get(ind.id.as_str()) {
                diags.push(
                    Diagnostic::new(
                        Code::E001,
                        format!(
                            "indicator {} has the same id as the indicator at {other}",
                            ind.id
                        ),
                    )
                    .entity(ind.id.clone())
                    .at(format!("{path}/id")),
                );
            } else {
                seen.insert(ind.id.as_str(), path);
            }
        }
    }
}

/// The first node found on a cycle of a parent forest, if any.
fn cycle_member(parent: &[Option<usize>]) -> Option<usize> {
    let mut tree: DiGraph<usize, ()> = DiGraph::with_capacity(parent.len(), parent.len());
    let nodes: Vec<NodeIndex> = (0..parent.len()).map(|i| tree.add_node(i)).collect();
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            tree.add_edge(nodes[i], nodes[*p], ());
        }
    }
    toposort(&tree, None).err().map(|c| tree[c.node_id()])
}

/// Resolves a child's links, each naming a parent (a goal or a program, the `field` each
/// link names it in) that `parent` accepts, into `buf`; a name that is no such parent gets
/// E002 and resolves to nothing.
fn resolve<'a>(
    ids: &HashMap<CompactString, NodeRef>,
    links: impl Iterator<Item = (&'a str, Option<Decimal>)>,
    parent: impl Fn(NodeRef) -> Option<usize>,
    child: Child,
    field: &str,
    buf: &mut Vec<(Option<usize>, Option<Decimal>)>,
    diags: &mut Diags,
) {
    buf.clear();
    // Exactly the room this child's links take: the buffer is kept for the next child, and
    // grown by doubling it would hold up to twice the links of the largest one.
    buf.reserve_exact(links.size_hint().0);
    for (j, (name, share)) in links.enumerate() {
        let t = ids.get(name).and_then(|r| parent(*r));
        if t.is_none() {
            let path = format!("{}/{j}/{field}", (child.base)());
            diags.push(unknown(child.kind, child.id, field, name, field, path));
        }
        buf.push((t, share));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::Weights;

    #[test]
    fn two_threads_build_what_one_does_with_the_same_diagnostics_in_order() {
        use crate::parallel::tests::forced;
        let mut data = crate::synth::plan(3_000, 5);
        // Problems of every pass on both sides: repeated and taken line ids, an unknown
        // target, a share out of range, a revenue line with links, a goal cycle.
        let project = data.projects[0].id.clone();
        for i in (0..3_000).step_by(7) {
            data.budget_lines[i].id = data.budget_lines[i + 1].id.clone();
        }
        data.budget_lines[10].id = project.into();
        for i in (2..3_000).step_by(11) {
            if let Some(f) = data.budget_lines[i].funds.first_mut() {
                f.target = FundTarget::Project("nowhere".into());
                f.share = Some(Decimal::TWO);
            }
        }
        data.budget_lines[5].direction = Direction::Revenue;
        let last = data.goals.len() - 1;
        data.goals[0].parent = Some(data.goals[last].id.clone());
        data.goals[last].parent = Some(data.goals[0].id.clone());
        for max in [3, 1000] {
            // Every pass in turn into one list, as before the passes were split.
            let mut d0 = Diags::new(max);
            let mut g0 = Graph::default();
            let ids = claim_ids(&data, &mut d0);
            line_ids_unique(&data, &ids, &mut d0);
            check_indicator_ids(&data, &mut d0);
            label_lines(&data, &ids, &mut g0, &mut d0);
            goal_tree(&data, &ids, &mut g0, &mut d0);
            upper_links(&data, &ids, &mut g0, &mut d0);
            line_links(&data, &ids, &mut g0, &mut d0);
            let d0 = d0.into_vec();
            let build = |two| {
                forced(two, || {
                    let mut diags = Diags::new(max);
                    let g = build_into(&data, &mut diags);
                    (format!("{g:?}"), diags)
                })
            };
            let ((one, d1), (two, d2)) = (build(false), build(true));
            let (d1, d2) = (d1.into_vec(), d2.into_vec());
            assert!(d1.len() > 10, "{} diagnostics", d1.len());
            assert_eq!((&one, &two), (&format!("{g0:?}"), &format!("{g0:?}")));
            assert_eq!(format!("{d1:?}"), format!("{d0:?}"));
            assert_eq!(format!("{d2:?}"), format!("{d0:?}"));
        }
    }

    #[test]
    fn targets_survive_their_32_bit_code() {
        for t in [
            Target::Project(0),
            Target::Program(0),
            Target::Project(123_456),
            Target::Program(123_456),
            Target::Project((1 << 31) - 1),
            Target::Program((1 << 31) - 1),
        ] {
            assert_eq!(Target::from_code(t.code()), t);
        }
        assert_ne!(Target::Project(5).code(), Target::Program(5).code());
    }

    #[test]
    fn repeated_finds_every_value_that_comes_twice() {
        // Values sharing their top 16 bits land in one small run; others spread out.
        let mut values: Vec<u64> = (0..5000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        values.extend([7, 7 | 1 << 20, 7, u64::MAX, u64::MAX, 0]);
        values.push(values[123]);
        values.push(values[4999]);
        let mut naive = HashSet::default();
        let mut seen = HashSet::default();
        for v in &values {
            if !seen.insert(*v) {
                naive.insert(*v);
            }
        }
        let found = repeated(values);
        assert_eq!(found, naive);
        assert_eq!(
            found.len(),
            5,
            "7, MAX, 0 (also the first of the spread values) and two pushed again"
        );
        assert!(repeated(Vec::new()).is_empty());
    }
    use crate::plan_file;

    fn built(text: &str) -> (Graph, Vec<Code>) {
        let (data, diags) = plan_file::read_listed(text.as_bytes());
        assert!(diags.is_empty(), "{diags:?}");
        let (g, diags) = build(&data.unwrap());
        (g, diags.iter().map(|d| d.code).collect())
    }

    #[test]
    fn lines_resolve_their_own_links_across_batches_and_revenue_lines() {
        // Links are looked up 32 lines at a time; a revenue line's links (an error) are
        // looked up but not used, and must not shift the next lines' targets.
        let mut lines = vec![r#"{"id":"R","year":"1","amount":"1","direction":"revenue","funds":[{"program":"Q"},{"project":"J"}]}"#.to_string()];
        for i in 0..70 {
            let target = match i % 3 {
                0 => r#"{"project":"J"}"#,
                1 => r#"{"program":"Q"}"#,
                _ => r#"{"program":"P"}"#,
            };
            lines.push(format!(
                r#"{{"id":"L{i}","year":"1","amount":"1","funds":[{target}]}}"#
            ));
        }
        let text = format!(
            r#"{{"format":"goldthread/1","name":"p","goals":[{{"id":"G","name":"g"}}],
                "programs":[{{"id":"P","name":"p"}},{{"id":"Q","name":"q"}}],
                "projects":[{{"id":"J","name":"j"}}],"budget_lines":[{}]}}"#,
            lines.join(",")
        );
        let (g, codes) = built(&text);
        assert_eq!(codes, vec![Code::E010]);
        assert!(g.line_funds.at(0).targets.is_empty());
        for i in 0..70 {
            let expected = match i % 3 {
                0 => Target::Project(0),
                1 => Target::Program(1),
                _ => Target::Program(0),
            };
            assert_eq!(g.line_funds.at(i + 1).targets, [expected], "line L{i}");
        }
    }

    #[test]
    fn shares_become_a_common_denominator() {
        let (g, codes) = built(
            r#"{"format":"goldthread/1","name":"p","goals":[{"id":"A","name":"a"},{"id":"B","name":"b"}],
                "programs":[{"id":"P","name":"p","goals":[{"goal":"A","share":"0.3333"},{"goal":"B","share":"0.5"}]}]}"#,
        );
        assert!(codes.is_empty());
        assert_eq!(
            g.program_goals.at(0).weights,
            Weights::Shares {
                numerators: &[3333, 5000],
                denominator: 10_000
            }
        );
        assert_eq!(g.program_goals.at(0).share(0).to_string(), "0.3333");
    }

    #[test]
    fn repeated_line_ids_are_found_in_line_order() {
        let (data, diags) = plan_file::read_listed(
            br#"{"format":"goldthread/1","name":"p","programs":[{"id":"P","name":"p"}],
                "budget_lines":[{"id":"A","year":"1","amount":"1"},{"id":"P","year":"1","amount":"1"},
                                {"id":"B","year":"1","amount":"1"},{"id":"A","year":"1","amount":"1"},
                                {"id":"P","year":"1","amount":"1"},{"id":"A","year":"1","amount":"1"}]}"#,
        );
        assert!(diags.is_empty());
        let (_, diags) = build(&data.unwrap());
        let found: Vec<(Code, Option<String>)> = diags
            .into_vec()
            .into_iter()
            .map(|d| (d.code, d.path))
            .collect();
        let at = |i: usize| (Code::E001, Some(format!("/budget_lines/{i}/id")));
        assert_eq!(found, vec![at(1), at(3), at(4), at(5)]);
    }

    #[test]
    fn structural_errors_are_all_found() {
        let (_, codes) = built(
            r#"{"format":"goldthread/1","name":"p",
                "goals":[{"id":"A","name":"a","parent":"B"},{"id":"B","name":"b","parent":"A"},{"id":"P","name":"dup"}],
                "programs":[{"id":"P","name":"p","goals":[{"goal":"A","share":"0.7"},{"goal":"B","share":"0.7"}]},
                            {"id":"Q","name":"q","goals":[{"goal":"A","share":"2"},{"goal":"Z"}]},
                            {"id":"R","name":"r","goals":[{"goal":"A"},{"goal":"A"}]}],
                "budget_lines":[{"id":"L","year":"1","amount":"1","direction":"revenue","funds":[{"program":"P"}]}]}"#,
        );
        for code in [
            Code::E001,
            Code::E002,
            Code::E003,
            Code::E004,
            Code::E005,
            Code::E006,
            Code::E010,
        ] {
            assert!(codes.contains(&code), "{code} missing from {codes:?}");
        }
    }

    #[test]
    fn org_units_must_be_listed_when_a_list_is_given() {
        let (_, codes) = built(
            r#"{"format":"goldthread/1","name":"p","org_units":[{"id":"HQ"},{"id":"D1","parent":"D2"},{"id":"D2","parent":"D1"}],
                "budget_lines":[{"id":"L","year":"1","amount":"1","org_unit":"D9"}]}"#,
        );
        assert_eq!(codes, vec![Code::E003, Code::E002]);
        let (g, codes) = built(
            r#"{"format":"goldthread/1","name":"p",
                "budget_lines":[{"id":"L","year":"1","amount":"1","org_unit":"D9"},{"id":"M","year":"1","amount":"1","org_unit":"D9"}]}"#,
        );
        assert!(codes.is_empty());
        assert_eq!(g.org_labels, vec!["D9".to_string()]);
        assert_eq!(
            (0..3).map(|l| g.line_org.get(l)).collect::<Vec<_>>(),
            vec![Some(0), Some(0), None]
        );
    }
}
