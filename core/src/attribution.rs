//! Attribution in split mode (SPEC §3): money flows up from budget lines through projects
//! and programs to goals, every split rounded by the largest-remainder method so that
//! totals foot to the smallest unit.
//!
//! Internally amounts are whole numbers of the currency's smallest unit (`i128`, signed:
//! a line may be negative, SPEC §2): exact,
//! and fast. They become `Decimal` again at the edges ([`from_units`]).

pub(crate) use crate::amount::{from_units, to_units};
use crate::graph::{Graph, Target};
use crate::links::Weights;
use crate::model::{BudgetLine, Phase, PlanData};
use crate::reach::Reach;
use ethnum::U256;

/// The reasons money fails to reach a goal, in the SPEC's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeakReason {
    LineUnlinked,
    LinePartial,
    ProjectUnlinked,
    ProjectPartial,
    ProgramUnlinked,
    ProgramPartial,
}

impl LeakReason {
    /// Every reason, in the SPEC's order.
    pub const ALL: [LeakReason; 6] = [
        LeakReason::LineUnlinked,
        LeakReason::LinePartial,
        LeakReason::ProjectUnlinked,
        LeakReason::ProjectPartial,
        LeakReason::ProgramUnlinked,
        LeakReason::ProgramPartial,
    ];

    /// The reason as the report names it: `"line_unlinked"`.
    pub fn as_str(self) -> &'static str {
        match self {
            LeakReason::LineUnlinked => "line_unlinked",
            LeakReason::LinePartial => "line_partial",
            LeakReason::ProjectUnlinked => "project_unlinked",
            LeakReason::ProjectPartial => "project_partial",
            LeakReason::ProgramUnlinked => "program_unlinked",
            LeakReason::ProgramPartial => "program_partial",
        }
    }
}

/// Line `l`'s amount in `phase`, in smallest units: the approved amount from the graph's
/// column, other phases from the line itself.
pub(crate) fn line_units(data: &PlanData, graph: &Graph, l: usize, phase: Phase) -> Option<i128> {
    match phase {
        Phase::Amount => graph.line_amount.get(l).copied(),
        _ => Some(to_units(
            data.budget_lines.get(l)?.in_phase(phase),
            data.precision,
        )),
    }
}

/// (floor, remainder) of `total * m / d`, exactly. Most plans' amounts and shares fit in
/// 64 bits, where a division is several times cheaper than a 128-bit one; larger products
/// go through 256 bits.
pub(crate) fn exact_part(total: u128, m: u128, d: u128) -> (u128, u128) {
    if let (Ok(t), Ok(m), Ok(d)) = (u64::try_from(total), u64::try_from(m), u64::try_from(d)) {
        if let Some(p) = t.checked_mul(m) {
            return (u128::from(p / d), u128::from(p % d));
        }
    }
    match total.checked_mul(m) {
        Some(p) => (p / d, p % d),
        None => {
            let p = U256::from(total) * U256::from(m);
            let dd = U256::from(d);
            ((p / dd).as_u128(), (p % dd).as_u128())
        }
    }
}

/// The remainders of one split with their part's position: on the stack for the usual few
/// links (a split runs once per line and per project in every group of a breakdown).
// Only ever on the stack for one split: the size of `Few` is the point.
#[allow(clippy::large_enum_variant)]
enum Remainders {
    Few([(u128, usize); 8], usize),
    Many(Vec<(u128, usize)>),
}

impl Remainders {
    fn new(capacity: usize) -> Remainders {
        if capacity <= 8 {
            Remainders::Few([(0, 0); 8], 0)
        } else {
            Remainders::Many(Vec::with_capacity(capacity))
        }
    }

    fn push(&mut self, item: (u128, usize)) {
        match self {
            Remainders::Few(items, len) => {
                if let Some(slot) = items.get_mut(*len) {
                    *slot = item;
                    *len += 1;
                }
            }
            Remainders::Many(items) => items.push(item),
        }
    }

    fn as_mut_slice(&mut self) -> &mut [(u128, usize)] {
        match self {
            Remainders::Few(items, len) => items.get_mut(..*len).unwrap_or_default(),
            Remainders::Many(items) => items,
        }
    }
}

/// A magnitude of units as a signed number: amounts are bounded far below 2^126 units
/// (SPEC §2), so this never saturates.
fn signed_magnitude(v: u128) -> i128 {
    i128::try_from(v).unwrap_or(i128::MAX)
}

/// Splits `total` into one part per link plus the part that leaks (last), each rounded to
/// whole units by the largest-remainder method: floor every exact part, then hand the
/// leftover units one each to the parts with the largest fractional remainders, ties to
/// the earlier part. Writes the link parts into `parts` and returns the leak.
///
/// A negative total is split as the negation of the split of its magnitude (SPEC §3), so
/// rounding is symmetric and a reversal cancels its original exactly. The parts and the
/// leak always sum to `total` exactly.
pub(crate) fn split(total: i128, n: usize, weights: &Weights, parts: &mut Vec<i128>) -> i128 {
    parts.clear();
    if n == 0 {
        return total;
    }
    let negative = total < 0;
    let magnitude = total.unsigned_abs();
    let signed = |v: u128| -> i128 {
        let v = signed_magnitude(v);
        if negative {
            -v
        } else {
            v
        }
    };
    match weights {
        // One link taking all: most lines. No division (a 128-bit one is slow), and the
        // same parts as the general rule gives.
        Weights::Equal if n == 1 => {
            parts.push(total);
            0
        }
        Weights::Shares {
            numerators: [m],
            denominator,
        } if n == 1 && m == denominator => {
            parts.push(total);
            0
        }
        Weights::Equal => {
            // Exact parts total/n: all remainders are equal, so the leftover goes to the
            // earliest links; the leak's exact part is 0.
            let q = magnitude / n as u128;
            let r = (magnitude % n as u128) as usize;
            parts.extend((0..n).map(|i| signed(q + u128::from(i < r))));
            0
        }
        Weights::Shares {
            numerators,
            denominator,
        } => {
            let d = *denominator;
            let given: u128 = numerators.iter().sum();
            let leak_numerator = d.saturating_sub(given);
            let mut remainders = Remainders::new(n + 1);
            let mut floors: u128 = 0;
            // The parts of the magnitude first; negated at the end for a negative total.
            for (i, m) in numerators.iter().enumerate() {
                let (q, r) = exact_part(magnitude, *m, d);
                parts.push(signed_magnitude(q));
                floors += q;
                remainders.push((r, i));
            }
            let (leak_floor, leak_rem) = exact_part(magnitude, leak_numerator, d);
            let mut leak = leak_floor;
            floors += leak_floor;
            remainders.push((leak_rem, n));
            let leftover = magnitude - floors;
            if leftover > 0 {
                // Largest remainder first; on a tie the earlier part (the leak is last).
                let remainders = remainders.as_mut_slice();
                remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                for &(_, i) in remainders.iter().take(leftover as usize) {
                    match parts.get_mut(i) {
                        Some(p) => *p += 1,
                        None => leak += 1,
                    }
                }
            }
            if negative {
                for p in parts.iter_mut() {
                    *p = -*p;
                }
            }
            signed(leak)
        }
    }
}

/// Where every unit of money in scope went, for one phase.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flows {
    /// Σ a(l) over the lines in scope.
    pub total: i128,
    pub leaks: [i128; 6],
    /// What each line sends along each of its links, aligned with the graph's flat table
    /// of line links ([`crate::links::Links::range`]): the breakdowns regroup these parts
    /// instead of splitting every line again, and what a line keeps back is its amount
    /// less its parts.
    pub line_link_parts: Vec<i128>,
    pub project_inflow: Vec<i128>,
    pub project_out: Vec<i128>,
    pub program_inflow: Vec<i128>,
    pub program_out: Vec<i128>,
    /// Money on each program → goal link, in link order.
    pub program_goal_flow: Vec<Vec<i128>>,
    pub goal_direct: Vec<i128>,
    pub goal_rolled: Vec<i128>,
}

impl Flows {
    /// Σ of the rolled-up amounts of the root goals.
    pub fn traced(&self, graph: &Graph) -> i128 {
        graph
            .goal_parent
            .iter()
            .zip(&self.goal_rolled)
            .filter(|(p, _)| p.is_none())
            .map(|(_, v)| *v)
            .sum()
    }

    pub fn leak(&self, reason: LeakReason) -> i128 {
        self.leaks[reason as usize]
    }

    pub fn project_leak(&self, p: usize) -> i128 {
        self.project_inflow[p] - self.project_out[p]
    }

    pub fn program_leak(&self, q: usize) -> i128 {
        self.program_inflow[q] - self.program_out[q]
    }
}

/// Sends the money of the given lines up the graph, one pass per layer.
pub(crate) fn attribute(
    data: &PlanData,
    graph: &Graph,
    lines: impl Iterator<Item = usize>,
    phase: Phase,
) -> Flows {
    attribute_with(data, graph, lines, phase, true)
}

/// As [`attribute`]; without `detail` the lines' link parts and the per-link flows to goals
/// are not kept (only the report's breakdowns and top leaks, PEFA coverage and Sankey need
/// them), which spares plan-sized allocations where only inflows count (W108, tracing).
pub(crate) fn attribute_with(
    data: &PlanData,
    graph: &Graph,
    lines: impl Iterator<Item = usize>,
    phase: Phase,
    detail: bool,
) -> Flows {
    let units = lines.filter_map(|l| Some((l, line_units(data, graph, l, phase)?)));
    attribute_units(data, graph, units, detail.then(Vec::new))
}

/// As [`attribute_with`], for lines whose amounts are already in smallest units (the
/// breakdowns convert each line once and attribute it again per group). The detail is
/// kept when `link_parts` is given: a vector to hold the lines' link parts (its contents
/// do not matter, a report passes the one the last report used).
pub(crate) fn attribute_units(
    data: &PlanData,
    graph: &Graph,
    lines: impl Iterator<Item = (usize, i128)>,
    link_parts: Option<Vec<i128>>,
) -> Flows {
    let detail = link_parts.is_some();
    let mut f = Flows {
        line_link_parts: match link_parts {
            Some(mut parts) => {
                parts.clear();
                parts.resize(graph.line_funds.link_count(), 0);
                parts
            }
            None => Vec::new(),
        },
        project_inflow: vec![0; data.projects.len()],
        project_out: vec![0; data.projects.len()],
        program_inflow: vec![0; data.programs.len()],
        program_out: vec![0; data.programs.len()],
        program_goal_flow: if detail {
            graph
                .program_goals
                .iter()
                .map(|s| vec![0; s.targets.len()])
                .collect()
        } else {
            Vec::new()
        },
        goal_direct: vec![0; data.goals.len()],
        goal_rolled: vec![0; data.goals.len()],
        ..Flows::default()
    };
    let mut parts = Vec::new();
    for (l, a) in lines {
        let Some(funds) = graph.line_funds.get(l) else {
            continue;
        };
        f.total += a;
        // Most lines: one link taking everything (no split, nothing kept back).
        if let ([t], false) = (funds.targets, funds.partial()) {
            match t {
                Target::Project(p) => f.project_inflow[*p] += a,
                Target::Program(q) => f.program_inflow[*q] += a,
            }
            if let Some(slot) = f.line_link_parts.get_mut(graph.line_funds.range(l).start) {
                *slot = a;
            }
            continue;
        }
        let leak = split(a, funds.targets.len(), &funds.weights, &mut parts);
        for (t, part) in funds.targets.iter().zip(&parts) {
            match t {
                Target::Project(p) => f.project_inflow[*p] += part,
                Target::Program(q) => f.program_inflow[*q] += part,
            }
        }
        let reason = if funds.targets.is_empty() {
            LeakReason::LineUnlinked
        } else {
            LeakReason::LinePartial
        };
        f.leaks[reason as usize] += leak;
        if let Some(slots) = f.line_link_parts.get_mut(graph.line_funds.range(l)) {
            slots.copy_from_slice(&parts);
        }
    }
    for (p, links) in graph.project_programs.iter().enumerate() {
        let inflow = f.project_inflow[p];
        if inflow == 0 {
            continue;
        }
        let leak = split(inflow, links.targets.len(), &links.weights, &mut parts);
        for (q, part) in links.targets.iter().zip(&parts) {
            f.program_inflow[*q] += part;
        }
        f.project_out[p] = inflow - leak;
        let reason = if links.targets.is_empty() {
            LeakReason::ProjectUnlinked
        } else {
            LeakReason::ProjectPartial
        };
        f.leaks[reason as usize] += leak;
    }
    for (q, links) in graph.program_goals.iter().enumerate() {
        let inflow = f.program_inflow[q];
        if inflow == 0 {
            continue;
        }
        let leak = split(inflow, links.targets.len(), &links.weights, &mut parts);
        for (i, (goal, part)) in links.targets.iter().zip(&parts).enumerate() {
            f.goal_direct[*goal] += part;
            if let Some(flow) = f.program_goal_flow.get_mut(q) {
                flow[i] = *part;
            }
        }
        f.program_out[q] = inflow - leak;
        let reason = if links.targets.is_empty() {
            LeakReason::ProgramUnlinked
        } else {
            LeakReason::ProgramPartial
        };
        f.leaks[reason as usize] += leak;
    }
    f.goal_rolled.clone_from(&f.goal_direct);
    for &goal in &graph.goals_bottom_up {
        if let Some(parent) = graph.goal_parent[goal] {
            f.goal_rolled[parent] += f.goal_rolled[goal];
        }
    }
    f
}

/// How much of what reaches a project or program goes on to goals, where that does not
/// depend on how much arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Passes {
    /// Everything: the shares leave nothing behind on the way, whatever the rounding.
    All,
    /// Nothing: no link leads on to a goal.
    Nothing,
    /// Some: a share leaks, and its rounding depends on everything else that arrives.
    Depends,
}

/// Reusable buffers for attributing many groups of lines in turn (the breakdowns): only
/// the projects and programs a group touches are visited and reset, so a group costs in
/// proportion to its own lines, not to the plan.
pub(crate) struct GroupScratch {
    project_in: Vec<i128>,
    program_in: Vec<i128>,
    projects: Vec<usize>,
    programs: Vec<usize>,
    parts: Vec<i128>,
    /// Per project and program: what passes, whether it reaches a goal at all, and for a
    /// project with one link taking all, that program (else `u32::MAX`). Compact, since
    /// every line looks its targets up.
    project_routes: Vec<(Passes, bool, u32)>,
    program_routes: Vec<(Passes, bool, u32)>,
}

/// Where the breakdowns send money that reaches a project or program ([`GroupScratch::route`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Route {
    /// The project or program itself, or the program a project hands everything on to
    /// (one link taking all: the project's split is exact, so only the program rounds).
    pub to: Target,
    pub passes: Passes,
    /// Whether it reaches any goal (a line linked to it with a share is traced).
    pub reaches: bool,
}

impl GroupScratch {
    pub fn new(data: &PlanData, graph: &Graph, reach: &Reach) -> GroupScratch {
        // A program passes all when it has goals and its shares leave nothing (an exact
        // split whose leak has no remainder never gets a leftover unit); a project when
        // the same holds of it and all its programs pass all.
        let program_routes: Vec<(Passes, bool, u32)> = (0..data.programs.len())
            .map(|q| {
                let goals = graph.program_goals.at(q);
                let passes = match (goals.targets.is_empty(), goals.partial()) {
                    (true, _) => Passes::Nothing,
                    (false, false) => Passes::All,
                    (false, true) => Passes::Depends,
                };
                (passes, reach.reaches(Target::Program(q)), u32::MAX)
            })
            .collect();
        let of_program = |q: &usize| program_routes.get(*q).map(|r| r.0);
        let project_routes = (0..data.projects.len())
            .map(|j| {
                let programs = graph.project_programs.at(j);
                let mut passes = programs.targets.iter().map(of_program);
                let passes = if passes.clone().all(|x| x == Some(Passes::Nothing)) {
                    Passes::Nothing
                } else if !programs.partial() && passes.all(|x| x == Some(Passes::All)) {
                    Passes::All
                } else {
                    Passes::Depends
                };
                let to = match programs.targets {
                    [q] if !programs.partial() => u32::try_from(*q).unwrap_or(u32::MAX),
                    _ => u32::MAX,
                };
                (passes, reach.reaches(Target::Project(j)), to)
            })
            .collect();
        GroupScratch {
            project_in: vec![0; data.projects.len()],
            program_in: vec![0; data.programs.len()],
            projects: Vec::new(),
            programs: Vec::new(),
            parts: Vec::new(),
            project_routes,
            program_routes,
        }
    }

    /// What money sent to `t` brings to goals, and where to send it. Everything sent to
    /// a `Depends` target must go through [`GroupScratch::traced`] together; the rest is
    /// known part by part. (A project that passes all feeds only programs that do, so the
    /// two never mix.)
    pub fn route(&self, t: Target) -> Route {
        let facts = match t {
            Target::Project(j) => self.project_routes.get(j),
            Target::Program(q) => self.program_routes.get(q),
        };
        match facts {
            Some(&(passes, reaches, to)) => Route {
                to: if to == u32::MAX {
                    t
                } else {
                    Target::Program(to as usize)
                },
                passes,
                reaches,
            },
            None => Route {
                to: t,
                passes: Passes::Depends,
                reaches: false,
            },
        }
    }

    /// What a group of lines traces to goals, given the parts its lines send along their
    /// links ([`Flows::line_link_parts`], which do not depend on the group): the same
    /// figure as [`attribute_units`] gives for those lines (all that programs pass on to
    /// goals), without the per-entity detail.
    pub fn traced(&mut self, graph: &Graph, targets: &[u32], parts: &[i128]) -> i128 {
        for (&code, &part) in targets.iter().zip(parts) {
            let (slot, touched, i) = match Target::from_code(code) {
                Target::Project(p) => (&mut self.project_in[p], &mut self.projects, p),
                Target::Program(q) => (&mut self.program_in[q], &mut self.programs, q),
            };
            if *slot == 0 {
                touched.push(i);
            }
            *slot += part;
        }
        for &p in &self.projects {
            let inflow = std::mem::take(&mut self.project_in[p]);
            let links = graph.project_programs.at(p);
            split(inflow, links.targets.len(), &links.weights, &mut self.parts);
            for (q, part) in links.targets.iter().zip(&self.parts) {
                if *part != 0 {
                    if self.program_in[*q] == 0 {
                        self.programs.push(*q);
                    }
                    self.program_in[*q] += part;
                }
            }
        }
        self.projects.clear();
        let mut traced = 0;
        for &q in &self.programs {
            let inflow = std::mem::take(&mut self.program_in[q]);
            let links = graph.program_goals.at(q);
            let leak = split(inflow, links.targets.len(), &links.weights, &mut self.parts);
            traced += inflow - leak;
        }
        self.programs.clear();
        traced
    }
}

/// The parts one line sends to each of its links, and what it keeps back, in units.
pub(crate) fn line_parts(
    line: &BudgetLine,
    graph: &Graph,
    l: usize,
    phase: Phase,
    precision: u32,
) -> (Vec<(Target, i128)>, i128) {
    let mut parts = Vec::new();
    let Some(funds) = graph.line_funds.get(l) else {
        return (Vec::new(), 0);
    };
    let a = to_units(line.in_phase(phase), precision);
    let leak = split(a, funds.targets.len(), &funds.weights, &mut parts);
    (funds.targets.iter().copied().zip(parts).collect(), leak)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shares(numerators: &[u128], denominator: u128) -> Weights<'_> {
        Weights::Shares {
            numerators,
            denominator,
        }
    }

    proptest::proptest! {
        /// The 64-bit shortcut gives the exact 256-bit quotient and remainder.
        #[test]
        fn exact_part_is_exact(
            total in proptest::prop_oneof![0u128..1 << 40, 0u128..u128::MAX >> 32],
            m in 0u128..=1_000_000,
            scale in 0u32..=12,
        ) {
            let d = 10u128.pow(scale).max(m);
            let p = U256::from(total) * U256::from(m);
            let expected = ((p / U256::from(d)).as_u128(), (p % U256::from(d)).as_u128());
            proptest::prop_assert_eq!(exact_part(total, m, d), expected);
        }

        /// Parts and leak foot to the total for any number of links, on the stack or not;
        /// a negative total splits as the negation of its magnitude's split.
        #[test]
        fn shares_foot_for_any_number_of_links(
            total in -(1i128 << 70)..1 << 70,
            // Loading refuses shares summing past 1: at most 20 × 500 of 10,000.
            numerators in proptest::collection::vec(0u128..=500, 1..20),
        ) {
            let d = 10_000;
            let mut parts = Vec::new();
            let leak = split(total, numerators.len(), &shares(&numerators, d), &mut parts);
            proptest::prop_assert_eq!(parts.len(), numerators.len());
            proptest::prop_assert_eq!(parts.iter().sum::<i128>() + leak, total);
            let mut mirror = Vec::new();
            let mirror_leak = split(-total, numerators.len(), &shares(&numerators, d), &mut mirror);
            proptest::prop_assert_eq!(mirror_leak, -leak);
            let negated: Vec<i128> = parts.iter().map(|p| -p).collect();
            proptest::prop_assert_eq!(mirror, negated);
        }
    }

    #[test]
    fn equal_split_gives_the_leftover_to_the_earliest() {
        let mut parts = Vec::new();
        assert_eq!(split(100, 3, &Weights::Equal, &mut parts), 0);
        assert_eq!(parts, vec![34, 33, 33]);
        assert_eq!(split(2, 3, &Weights::Equal, &mut parts), 0);
        assert_eq!(parts, vec![1, 1, 0]);
        // A reversal splits as the negation: rounding is symmetric.
        assert_eq!(split(-100, 3, &Weights::Equal, &mut parts), 0);
        assert_eq!(parts, vec![-34, -33, -33]);
    }

    #[test]
    fn half_of_seven_is_four_with_three_leaking() {
        let mut parts = Vec::new();
        assert_eq!(split(7, 1, &shares(&[5], 10), &mut parts), 3);
        assert_eq!(parts, vec![4]);
        assert_eq!(split(-7, 1, &shares(&[5], 10), &mut parts), -3);
        assert_eq!(parts, vec![-4]);
    }

    #[test]
    fn vector_cents_partial() {
        let mut parts = Vec::new();
        // 0.9 of 0.05 (5 cents): 4.5 vs leak 0.5: a tie goes to the earlier part.
        assert_eq!(split(5, 1, &shares(&[9], 10), &mut parts), 0);
        assert_eq!(parts, vec![5]);
        // 0.3333 + 0.3333 of 100.06 → 33.35 + 33.35, leak 33.36.
        assert_eq!(
            split(10006, 2, &shares(&[3333, 3333], 10_000), &mut parts),
            3336
        );
        assert_eq!(parts, vec![3335, 3335]);
    }

    #[test]
    fn no_links_leaks_everything() {
        let mut parts = vec![9];
        assert_eq!(split(42, 0, &Weights::Equal, &mut parts), 42);
        assert!(parts.is_empty());
    }

    #[test]
    fn huge_products_stay_exact() {
        let mut parts = Vec::new();
        let total = 10i128.pow(27) + 7;
        let third = 3_333_333_333_333_333_333_333_333_333u128; // 28 places
        let d = 10u128.pow(28);
        let leak = split(total, 3, &shares(&[third, third, third], d), &mut parts);
        // Worked with Python's fractions: floors 3 × 333…335 and 0, remainders 0.6333…
        // three times and 0.1: the two leftover units go to the first two parts.
        let floor = 333_333_333_333_333_333_333_333_335i128;
        assert_eq!(parts, vec![floor + 1, floor + 1, floor]);
        assert_eq!(leak, 0);
    }

    #[test]
    fn parts_always_foot() {
        let mut parts = Vec::new();
        for total in [0i128, 1, 2, 99, 100, 101, 12_345_678, -1, -2, -101] {
            for w in [
                shares(&[1, 1, 1], 3),
                shares(&[333, 333, 333], 1000),
                shares(&[0, 5], 10),
                shares(&[1], 1),
            ] {
                let n = match &w {
                    Weights::Shares { numerators, .. } => numerators.len(),
                    Weights::Equal => 0,
                };
                let leak = split(total, n, &w, &mut parts);
                assert_eq!(parts.iter().sum::<i128>() + leak, total);
            }
        }
    }
}
