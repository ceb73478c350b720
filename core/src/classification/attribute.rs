//! The money of a report followed through a classification (SPEC §10).
//!
//! Money goes up the thread exactly as attribution sends it (§3: the same splits, the same
//! rounding, a project's and a program's inflow split once). What travels with it is its
//! *composition*: how much of it is under each code (share kind), or marked by each set of
//! weights (marker kind), or not yet classified. Money is classified at the first tagged
//! entity it meets — the line itself, else its project, else its program; money that
//! leaks before meeting one stays unclassified. An entity's composition is split over its
//! outflows in proportion, by the largest-remainder rule, each part but the largest, which
//! takes what remains of each outflow: so every part and every outflow foots exactly.

use super::Resolved;
use crate::amount::from_units;
use crate::attribution::{exact_part, split};
use crate::graph::{Graph, Target};
use crate::hashing::IdMap as HashMap;
use crate::links::{Split, Weights};
use crate::model::{Classification, ClassificationKind, PlanData};
use crate::report::{ClassificationReport, CodeAmount, CodeReport, CrossRow};

/// A row of a composition: a code (share kind) or a set of weights (marker kind), or one
/// of these two.
type Row = u32;
/// Money that met no tagged entity yet.
const PENDING: Row = u32::MAX;
/// Money that left the thread, or reached a goal, without meeting one.
const UNCLASSIFIED: Row = u32::MAX - 1;

/// How much of some money is under each row, rows in increasing order.
#[derive(Debug, Clone, Default)]
struct Composition(Vec<(Row, i128)>);

impl Composition {
    fn add(&mut self, row: Row, units: i128) {
        if units == 0 {
            return;
        }
        match self.0.binary_search_by_key(&row, |r| r.0) {
            Ok(i) => self.0[i].1 += units,
            Err(i) => self.0.insert(i, (row, units)),
        }
    }

    fn add_all(&mut self, other: &Composition) {
        for &(row, units) in &other.0 {
            self.add(row, units);
        }
    }

    fn total(&self) -> i128 {
        self.0.iter().map(|r| r.1).sum()
    }
}

/// The classification's state while a report's money goes up.
struct Walk<'a> {
    resolved: &'a Resolved,
    /// Marker kind: each distinct set of weights (code, numerator) over a denominator.
    profiles: Vec<(Vec<(usize, u128)>, u128)>,
    profile_of: HashMap<(Vec<(usize, u128)>, u128), Row>,
    parts: Vec<i128>,
}

impl Walk<'_> {
    /// Classifies what of `comp` is pending at an entity with these codes (none: it stays
    /// pending).
    fn classify(&mut self, comp: &mut Composition, codes: Split<'_, usize>) {
        if codes.targets.is_empty() {
            return;
        }
        let Ok(i) = comp.0.binary_search_by_key(&PENDING, |r| r.0) else {
            return;
        };
        let (_, pending) = comp.0.remove(i);
        match self.resolved.kind {
            ClassificationKind::Share => {
                let rest = split(
                    pending,
                    codes.targets.len(),
                    &codes.weights,
                    &mut self.parts,
                );
                let parts = std::mem::take(&mut self.parts);
                for (code, part) in codes.targets.iter().zip(&parts) {
                    comp.add(*code as Row, *part);
                }
                self.parts = parts;
                comp.add(UNCLASSIFIED, rest);
            }
            ClassificationKind::Marker => {
                let (numerators, denominator) = match codes.weights {
                    Weights::Shares {
                        numerators,
                        denominator,
                    } => (numerators, denominator),
                    Weights::Equal => (&[][..], 1),
                };
                let key: Vec<(usize, u128)> = codes
                    .targets
                    .iter()
                    .copied()
                    .zip(numerators.iter().copied())
                    .collect();
                let next = self.profiles.len() as Row;
                let row = *self
                    .profile_of
                    .entry((key.clone(), denominator))
                    .or_insert_with(|| next);
                if row == next {
                    self.profiles.push((key, denominator));
                }
                comp.add(row, pending);
            }
        }
    }

    /// Splits `comp` over `outflows` (the parts of its total along `weights`, and what
    /// leaks last), each row in proportion, the largest row taking what remains.
    fn distribute(
        &mut self,
        comp: &Composition,
        n: usize,
        weights: &Weights<'_>,
        outflows: &[i128],
        leak: i128,
    ) -> Vec<Composition> {
        let mut out = vec![Composition::default(); n + 1];
        let Some(largest) = comp
            .0
            .iter()
            .enumerate()
            .max_by(|a, b| {
                a.1 .1
                    .unsigned_abs()
                    .cmp(&b.1 .1.unsigned_abs())
                    .then(b.0.cmp(&a.0))
            })
            .map(|(i, _)| i)
        else {
            return out;
        };
        let mut rest: Vec<i128> = outflows.iter().copied().chain([leak]).collect();
        for (i, &(row, units)) in comp.0.iter().enumerate() {
            if i == largest {
                continue;
            }
            let kept = split(units, n, weights, &mut self.parts);
            for (k, part) in self.parts.iter().chain([&kept]).enumerate() {
                out[k].add(row, *part);
                rest[k] -= part;
            }
        }
        let row = comp.0[largest].0;
        for (k, part) in rest.into_iter().enumerate() {
            out[k].add(row, part);
        }
        out
    }
}

/// A marker's weighted amount of `units`: units × numerator / denominator, rounded half
/// away from zero to the smallest unit.
fn weighted(units: i128, numerator: u128, denominator: u128) -> i128 {
    let (q, r) = exact_part(units.unsigned_abs(), numerator, denominator);
    let q = q + u128::from(r.saturating_mul(2) >= denominator && r > 0);
    let q = i128::try_from(q).unwrap_or(i128::MAX);
    if units < 0 {
        -q
    } else {
        q
    }
}

/// The classification's figures for the money of `lines` (each with its amount in units).
pub(crate) fn classification_report(
    data: &PlanData,
    graph: &Graph,
    class: &Classification,
    resolved: &Resolved,
    lines: &[usize],
    units: &[i128],
) -> ClassificationReport {
    let p = data.precision;
    let mut walk = Walk {
        resolved,
        profiles: Vec::new(),
        profile_of: HashMap::default(),
        parts: Vec::new(),
    };
    let mut project_in = vec![Composition::default(); data.projects.len()];
    let mut program_in = vec![Composition::default(); data.programs.len()];
    let mut goal_direct = vec![Composition::default(); data.goals.len()];
    let mut leaked = Composition::default();
    let mut parts = Vec::new();
    let mut total: i128 = 0;
    let mut line_codes: Vec<usize> = vec![0; class.codes.len()];
    for (&l, &a) in lines.iter().zip(units) {
        let Some(funds) = graph.line_funds.get(l) else {
            continue;
        };
        total += a;
        count_codes(graph, resolved, l, &mut line_codes);
        let mut comp = Composition::default();
        comp.add(PENDING, a);
        walk.classify(&mut comp, resolved.lines.at(l));
        let leak = split(a, funds.targets.len(), &funds.weights, &mut parts);
        let outs = walk.distribute(&comp, funds.targets.len(), &funds.weights, &parts, leak);
        for (t, c) in funds.targets.iter().zip(&outs) {
            match t {
                Target::Project(j) => project_in[*j].add_all(c),
                Target::Program(q) => program_in[*q].add_all(c),
            }
        }
        if let Some(c) = outs.last() {
            leaked.add_all(c);
        }
    }
    for (j, links) in graph.project_programs.iter().enumerate() {
        let mut comp = std::mem::take(&mut project_in[j]);
        let inflow = comp.total();
        if comp.0.is_empty() {
            continue;
        }
        walk.classify(&mut comp, resolved.projects.at(j));
        let leak = split(inflow, links.targets.len(), &links.weights, &mut parts);
        let outs = walk.distribute(&comp, links.targets.len(), &links.weights, &parts, leak);
        for (q, c) in links.targets.iter().zip(&outs) {
            program_in[*q].add_all(c);
        }
        if let Some(c) = outs.last() {
            leaked.add_all(c);
        }
    }
    for (q, links) in graph.program_goals.iter().enumerate() {
        let mut comp = std::mem::take(&mut program_in[q]);
        let inflow = comp.total();
        if comp.0.is_empty() {
            continue;
        }
        walk.classify(&mut comp, resolved.programs.at(q));
        let leak = split(inflow, links.targets.len(), &links.weights, &mut parts);
        let outs = walk.distribute(&comp, links.targets.len(), &links.weights, &parts, leak);
        for (g, c) in links.targets.iter().zip(&outs) {
            goal_direct[*g].add_all(c);
        }
        if let Some(c) = outs.last() {
            leaked.add_all(c);
        }
    }
    // Each column (a goal's own money, and what leaked) in units per code.
    let n_codes = class.codes.len();
    let columns: Vec<&Composition> = goal_direct.iter().chain([&leaked]).collect();
    let mut cells: Vec<(Vec<i128>, i128, i128)> = columns
        .iter()
        .map(|comp| cells_of(comp, &walk, n_codes))
        .collect();
    // Goals rolled up their tree (the leaked column stays last).
    for &g in &graph.goals_bottom_up {
        if let Some(parent) = graph.goal_parent[g] {
            let child = cells[g].clone();
            let target = &mut cells[parent];
            for (a, b) in target.0.iter_mut().zip(&child.0) {
                *a += b;
            }
            target.1 += child.1;
            target.2 += child.2;
        }
    }
    // Per code: what reached the root goals plus what leaked.
    let roots: Vec<usize> = (0..data.goals.len())
        .filter(|&g| graph.goal_parent[g].is_none())
        .chain([data.goals.len()])
        .collect();
    let mut own = vec![0i128; n_codes];
    let (mut unclassified, mut any) = (0i128, 0i128);
    for &col in &roots {
        for (c, v) in cells[col].0.iter().enumerate() {
            own[c] += v;
        }
        unclassified += cells[col].1;
        any += cells[col].2;
    }
    let mut rolled = own.clone();
    for &c in &resolved.codes_bottom_up {
        if let Some(parent) = resolved.code_parent.get(c).copied().flatten() {
            rolled[parent] += rolled[c];
        }
    }
    let row = |goal: Option<String>, cell: &(Vec<i128>, i128, i128)| CrossRow {
        goal,
        codes: cell
            .0
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != 0)
            .map(|(c, v)| CodeAmount {
                code: class.codes[c].id.clone(),
                amount: from_units(*v, p),
            })
            .collect(),
        unclassified_amount: from_units(cell.1, p),
    };
    let total_d = from_units(total, p);
    ClassificationReport {
        id: class.id.clone(),
        name: class.name.clone(),
        kind: class.kind.as_str().to_string(),
        total_amount: total_d,
        unclassified_amount: from_units(unclassified, p),
        any_amount: (class.kind == ClassificationKind::Marker).then(|| from_units(any, p)),
        codes: class
            .codes
            .iter()
            .enumerate()
            .map(|(c, code)| CodeReport {
                id: code.id.clone(),
                name: code.name.clone(),
                parent: code.parent.clone(),
                amount: from_units(own[c], p),
                rolled_up_amount: from_units(rolled[c], p),
                share: crate::ratio::money_ratio(from_units(rolled[c], p), total_d),
                lines: line_codes[c],
            })
            .collect(),
        goals: data
            .goals
            .iter()
            .enumerate()
            .map(|(g, goal)| row(Some(goal.id.clone()), &cells[g]))
            .collect(),
        leaked: row(None, &cells[data.goals.len()]),
    }
}

/// One column's units per code, what is unclassified (unmarked), and for markers the
/// "any" amount (each unit once, at its largest weight).
fn cells_of(comp: &Composition, walk: &Walk, n_codes: usize) -> (Vec<i128>, i128, i128) {
    let mut per_code = vec![0i128; n_codes];
    let (mut rest, mut any) = (0i128, 0i128);
    for &(row, units) in &comp.0 {
        if row == PENDING || row == UNCLASSIFIED {
            rest += units;
            continue;
        }
        match walk.resolved.kind {
            ClassificationKind::Share => {
                if let Some(slot) = per_code.get_mut(row as usize) {
                    *slot += units;
                }
            }
            ClassificationKind::Marker => {
                let Some((weights, denominator)) = walk.profiles.get(row as usize) else {
                    continue;
                };
                let mut largest = 0u128;
                for &(code, numerator) in weights {
                    if let Some(slot) = per_code.get_mut(code) {
                        *slot += weighted(units, numerator, *denominator);
                    }
                    largest = largest.max(numerator);
                }
                any += weighted(units, largest, *denominator);
            }
        }
    }
    (per_code, rest, any)
}

/// Counts line `l` under each code its money is classified at: its own, else those of the
/// first tagged project or program on each of its paths.
fn count_codes(graph: &Graph, resolved: &Resolved, l: usize, counts: &mut [usize]) {
    let mut found: Vec<usize> = Vec::new();
    let take = |codes: &[usize], found: &mut Vec<usize>| {
        for c in codes {
            if !found.contains(c) {
                found.push(*c);
            }
        }
    };
    let own = resolved.lines.targets(l);
    if !own.is_empty() {
        take(own, &mut found);
    } else {
        for t in graph.line_funds.targets(l) {
            let programs: &[usize] = match t {
                Target::Project(j) => {
                    let codes = resolved.projects.targets(*j);
                    if !codes.is_empty() {
                        take(codes, &mut found);
                        continue;
                    }
                    graph.project_programs.targets(*j)
                }
                Target::Program(q) => std::slice::from_ref(q),
            };
            for q in programs {
                take(resolved.programs.targets(*q), &mut found);
            }
        }
    }
    for c in found {
        if let Some(n) = counts.get_mut(c) {
            *n += 1;
        }
    }
}
