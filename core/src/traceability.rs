//! Traceability (SPEC §4, bottom-up): how much of the money in scope reaches a goal, which
//! lines are traced, where the thread breaks, and the same by org unit, year and category.

use crate::attribution::{from_units, Flows, GroupScratch, LeakReason, Passes};
use crate::graph::{Graph, LabelColumn};
use crate::parallel;
use crate::ratio::{count_ratio, money_ratio};
use crate::report::{Breakdown, Contributor, Inputs, Leaks, TopLeaks, Traceability};

/// How many contributors each leak lists.
pub const TOP_LEAKS: usize = 10;

pub(crate) fn traceability(
    input: &Inputs,
    flows: &Flows,
    buffers: &mut TraceBuffers,
) -> Traceability {
    let p = input.data.precision;
    let traced = flows.traced(input.graph);
    let g = input.graph;
    let dimensions = [
        Dimension::new(&g.org_labels, &g.line_org),
        Dimension::new(&g.year_labels, &g.line_year),
        Dimension::new(&g.category_labels, &g.line_category),
    ];
    // The breakdowns on one side, the lines' leaks and phases on the other: passes over
    // every line that do not depend on each other, on two threads for a large plan.
    let ((traced_lines, [by_org_unit, by_year, by_category]), (top_leaks, lines_without_phase)) =
        parallel::join(
            parallel::worth(input.lines.len()),
            || {
                let mut scratch = GroupScratch::new(input.data, g, input.reach);
                let TraceBuffers { depends, sorted } = buffers;
                let cells = group_lines(input, flows, &scratch, depends);
                let traced_lines: usize = cells.cells.iter().map(|c| c.sums.traced_lines).sum();
                let breakdowns = dimensions.map(|mut dimension| {
                    let group_of_cell = dimension.add_cells(&cells);
                    dimension.rows(input, depends, &group_of_cell, &mut scratch, sorted)
                });
                (traced_lines, breakdowns)
            },
            || (top_leaks(input, flows), lines_without_phase(input)),
        );
    let amount = |u: i128| from_units(u, p);
    Traceability {
        total_amount: amount(flows.total),
        traced_amount: amount(traced),
        amount_ratio: money_ratio(amount(traced), amount(flows.total)),
        lines: input.lines.len(),
        lines_without_phase,
        traced_lines,
        line_ratio: count_ratio(traced_lines, input.lines.len()),
        leaks: Leaks {
            line_unlinked: amount(flows.leak(LeakReason::LineUnlinked)),
            line_partial: amount(flows.leak(LeakReason::LinePartial)),
            project_unlinked: amount(flows.leak(LeakReason::ProjectUnlinked)),
            project_partial: amount(flows.leak(LeakReason::ProjectPartial)),
            program_unlinked: amount(flows.leak(LeakReason::ProgramUnlinked)),
            program_partial: amount(flows.leak(LeakReason::ProgramPartial)),
        },
        top_leaks,
        by_org_unit: {
            // In the order the plan lists its org units.
            let rank = g.org_rank();
            let mut rows = by_org_unit;
            rows.sort_by_cached_key(|b| rank(&b.key));
            rows
        },
        by_year: {
            // Years compare as written (SPEC §2).
            let mut rows = by_year;
            rows.sort_by(|a, b| a.key.cmp(&b.key));
            rows
        },
        by_category,
    }
}

/// How many of the lines in scope have no amount in the phase reported.
fn lines_without_phase(input: &Inputs) -> usize {
    let lines = &input.data.budget_lines;
    input
        .lines
        .iter()
        .filter(|&&l| {
            lines
                .get(l)
                .is_some_and(|line| line.phase_value(input.phase).is_none())
        })
        .count()
}

/// The largest contributors to each leak, largest first, ties in plan order.
fn top_leaks(input: &Inputs, flows: &Flows) -> TopLeaks {
    let p = input.data.precision;
    // What a line keeps back is its amount less what it sends along its links; one pass
    // keeps the top of both kinds.
    let funds = &input.graph.line_funds;
    let (mut unlinked, mut partial) = (Top::default(), Top::default());
    for (&l, &units) in input.lines.iter().zip(input.units) {
        let links = funds.range(l);
        if links.is_empty() {
            unlinked.offer(l, units);
        } else {
            let sent: i128 = flows
                .line_link_parts
                .get(links)
                .unwrap_or_default()
                .iter()
                .sum();
            partial.offer(l, units.saturating_sub(sent));
        }
    }
    let lines = |top: Top| contributors(top.best, |l| &input.data.budget_lines[l].id, p);
    let projects_where = |unlinked: bool| {
        let picked = (0..input.data.projects.len())
            .filter(move |&j| input.graph.project_programs.range(j).is_empty() == unlinked);
        let top = top_of(picked.map(|j| (j, flows.project_leak(j))));
        contributors(top, |j| &input.data.projects[j].id, p)
    };
    let programs_where = |unlinked: bool| {
        let picked = (0..input.data.programs.len())
            .filter(move |&q| input.graph.program_goals.range(q).is_empty() == unlinked);
        let top = top_of(picked.map(|q| (q, flows.program_leak(q))));
        contributors(top, |q| &input.data.programs[q].id, p)
    };
    TopLeaks {
        line_unlinked: lines(unlinked),
        line_partial: lines(partial),
        project_unlinked: projects_where(true),
        project_partial: projects_where(false),
        program_unlinked: programs_where(true),
        program_partial: programs_where(false),
    }
}

/// The [`TOP_LEAKS`] largest non-zero amounts of `(index, amount)` pairs given in plan
/// order, largest first, ties in plan order: one pass keeping only the top, since a million
/// lines may leak.
fn top_of(items: impl Iterator<Item = (usize, i128)>) -> Vec<(usize, i128)> {
    let mut top = Top::default();
    for (i, a) in items {
        top.offer(i, a);
    }
    top.best
}

/// The top so far of amounts offered in plan order (see [`top_of`]).
#[derive(Default)]
struct Top {
    best: Vec<(usize, i128)>,
}

impl Top {
    fn offer(&mut self, i: usize, a: i128) {
        let full = self.best.len() == TOP_LEAKS;
        // The largest leaks: a negative line's leak lowers a total, it is no top leak.
        if a <= 0 || (full && self.best.last().is_some_and(|last| last.1 >= a)) {
            return;
        }
        // After every equal amount: those came earlier in the plan.
        let at = self.best.partition_point(|b| b.1 >= a);
        self.best.insert(at, (i, a));
        self.best.truncate(TOP_LEAKS);
    }
}

fn contributors<'a>(
    top: Vec<(usize, i128)>,
    id: impl Fn(usize) -> &'a str,
    precision: u32,
) -> Vec<Contributor> {
    top.into_iter()
        .map(|(i, a)| Contributor {
            id: id(i).to_string(),
            amount: from_units(a, precision),
        })
        .collect()
}

/// Line `l`'s label as a slot: its index, or the last slot (one past the labels) for a line
/// without one.
fn label_slot(column: &LabelColumn, labels: &[String], l: usize) -> usize {
    column.get(l).unwrap_or(labels.len()).min(labels.len())
}

/// One breakdown (by org unit, year or category): the lines in scope grouped by their
/// label, each group with the figures of a report whose scope is narrowed to that label,
/// so that a row equals what `--org-unit U` (or `--year`, `--category`) reports. Labels
/// are indices (interned at load): grouping a million lines neither hashes nor compares
/// a string.
struct Dimension<'a> {
    labels: &'a [String],
    column: &'a LabelColumn,
    /// The group of each label (the last slot: lines without one), once it has a line.
    index: Vec<Option<u32>>,
    /// In order of first appearance.
    groups: Vec<Group<'a>>,
}

struct Group<'a> {
    key: Option<&'a str>,
    sums: Sums,
}

/// What the lines of a group (or a cell) add up to.
#[derive(Default, Clone, Copy)]
struct Sums {
    total: i128,
    lines: usize,
    traced_lines: usize,
    /// What reaches goals through projects and programs that pass all.
    passed: i128,
    /// How many parts go where what passes depends on the whole group.
    depends: usize,
}

impl Sums {
    fn add(&mut self, other: &Sums) {
        self.total += other.total;
        self.lines += other.lines;
        self.traced_lines += other.traced_lines;
        self.passed += other.passed;
        self.depends += other.depends;
    }
}

/// The parts sent to projects and programs whose passing depends on everything that
/// reaches them ([`Passes::Depends`]), each with its target ([`crate::graph::Target::code`]) and the
/// line's cell: each group attributes its own together. Side by side rather than as
/// tuples: a tuple with a `i128` is padded to 48 bytes, and a national plan has some
/// hundreds of thousands of such parts.
#[derive(Default)]
struct Depends {
    /// (target, cell)
    at: Vec<(u32, u32)>,
    parts: Vec<i128>,
}

/// The breakdowns' working vectors, kept by the plan from one report to the next
/// (the plan's scratch).
#[derive(Default)]
pub(crate) struct TraceBuffers {
    depends: Depends,
    /// The depending parts sorted by group: targets, amounts.
    sorted: (Vec<u32>, Vec<i128>),
}

/// The lines in scope summed by cell: one cell per combination of org unit, year and
/// category that a line has, in order of first appearance. Each line updates one cell;
/// the three breakdowns are then summed from the cells (a few hundred in a city's plan).
struct Cells {
    /// Per combination, its cell (`u32::MAX`: none yet): dense while the combinations are
    /// few, else a map.
    index: CellIndex,
    cells: Vec<Cell>,
}

enum CellIndex {
    Dense(Vec<u32>),
    Sparse(rustc_hash::FxHashMap<[usize; 3], u32>),
}

struct Cell {
    /// The first line of the cell: its labels are the cell's.
    first_line: usize,
    sums: Sums,
}

impl Cells {
    fn new(graph: &Graph) -> Cells {
        let size = [
            graph.org_labels.len(),
            graph.year_labels.len(),
            graph.category_labels.len(),
        ]
        .iter()
        .try_fold(1usize, |n, labels| n.checked_mul(labels + 1));
        Cells {
            index: match size {
                Some(n) if n <= 1 << 16 => CellIndex::Dense(vec![u32::MAX; n]),
                _ => CellIndex::Sparse(Default::default()),
            },
            cells: Vec::new(),
        }
    }

    /// Line `l`'s cell, made when the line is the first of its combination.
    fn cell_of(&mut self, graph: &Graph, l: usize) -> usize {
        let key = [
            label_slot(&graph.line_org, &graph.org_labels, l),
            label_slot(&graph.line_year, &graph.year_labels, l),
            label_slot(&graph.line_category, &graph.category_labels, l),
        ];
        let next = u32::try_from(self.cells.len()).unwrap_or(u32::MAX);
        let cell = match &mut self.index {
            CellIndex::Dense(index) => {
                let years = graph.year_labels.len() + 1;
                let categories = graph.category_labels.len() + 1;
                let at = (key[0] * years + key[1]) * categories + key[2];
                match index.get_mut(at) {
                    Some(c) if *c == u32::MAX => {
                        *c = next;
                        next
                    }
                    Some(c) => *c,
                    None => next,
                }
            }
            CellIndex::Sparse(index) => *index.entry(key).or_insert(next),
        };
        if cell == next {
            self.cells.push(Cell {
                first_line: l,
                sums: Sums::default(),
            });
        }
        cell as usize
    }
}

impl<'a> Dimension<'a> {
    fn new(labels: &'a [String], column: &'a LabelColumn) -> Dimension<'a> {
        Dimension {
            labels,
            column,
            index: vec![None; labels.len() + 1],
            groups: Vec::new(),
        }
    }

    /// Sums the cells into this dimension's groups; returns each cell's group. Cells come
    /// in order of first appearance, so the groups do too.
    fn add_cells(&mut self, cells: &Cells) -> Vec<u32> {
        let mut group_of_cell = Vec::with_capacity(cells.cells.len());
        for cell in &cells.cells {
            let g = self.group_of(cell.first_line);
            if let Some(group) = self.groups.get_mut(g as usize) {
                group.sums.add(&cell.sums);
            }
            group_of_cell.push(g);
        }
        group_of_cell
    }

    /// Line `l`'s group, made when the line is the first with its label.
    fn group_of(&mut self, l: usize) -> u32 {
        let k = self.column.get(l);
        let slot = label_slot(self.column, self.labels, l);
        if let Some(g) = self.index.get(slot).copied().flatten() {
            return g;
        }
        let g = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
        self.groups.push(Group {
            key: k.and_then(|k| self.labels.get(k)).map(String::as_str),
            sums: Sums::default(),
        });
        if let Some(s) = self.index.get_mut(slot) {
            *s = Some(g);
        }
        g
    }

    /// The rows, lines without a label last. The parts that depend on their group are
    /// first copied into one run per group (a counting sort), so that each group is then
    /// attributed from memory read in order.
    fn rows(
        self,
        input: &Inputs,
        depends: &Depends,
        group_of_cell: &[u32],
        scratch: &mut GroupScratch,
        (targets, parts): &mut (Vec<u32>, Vec<i128>),
    ) -> Vec<Breakdown> {
        let groups = self.groups;
        let mut next: Vec<usize> = groups
            .iter()
            .scan(0, |at, g| {
                let start = *at;
                *at += g.sums.depends;
                Some(start)
            })
            .collect();
        let starts = next.clone();
        // One pair of buffers for the three dimensions: written whole each time.
        targets.clear();
        targets.resize(depends.at.len(), 0);
        parts.clear();
        parts.resize(depends.at.len(), 0);
        for (&(t, cell), &part) in depends.at.iter().zip(&depends.parts) {
            let g = group_of_cell
                .get(cell as usize)
                .map_or(usize::MAX, |&g| g as usize);
            let Some(at) = next.get_mut(g) else { continue };
            if let (Some(slot), Some(amount)) = (targets.get_mut(*at), parts.get_mut(*at)) {
                (*slot, *amount) = (t, part);
            }
            *at += 1;
        }
        let p = input.data.precision;
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by_key(|&g| groups[g].key.is_none());
        order
            .into_iter()
            .map(|g| {
                let (key, group) = (groups[g].key, &groups[g].sums);
                let run = starts[g]..starts[g] + group.depends;
                let (to, parts) = (
                    targets.get(run.clone()).unwrap_or_default(),
                    parts.get(run).unwrap_or_default(),
                );
                let traced = group.passed + scratch.traced(input.graph, to, parts);
                let traced = from_units(traced, p);
                let total = from_units(group.total, p);
                Breakdown {
                    key: key.map(str::to_string),
                    total_amount: total,
                    traced_amount: traced,
                    amount_ratio: money_ratio(traced, total),
                    lines: group.lines,
                    traced_lines: group.traced_lines,
                }
            })
            .collect()
    }
}

/// One pass over the lines in scope for all three breakdowns: each line joins its cell;
/// what it brings to goals through projects and programs that pass all or nothing is
/// summed there at once, and the parts that depend on the rest of the group are kept
/// aside with the cell.
fn group_lines(
    input: &Inputs,
    flows: &Flows,
    scratch: &GroupScratch,
    depends: &mut Depends,
) -> Cells {
    let funds = &input.graph.line_funds;
    let mut cells = Cells::new(input.graph);
    depends.at.clear();
    depends.parts.clear();
    for (pos, &l) in input.lines.iter().enumerate() {
        let c = cells.cell_of(input.graph, l);
        let cell = u32::try_from(c).unwrap_or(u32::MAX);
        let parts = flows
            .line_link_parts
            .get(funds.range(l))
            .unwrap_or_default();
        let targets = funds.targets(l);
        let (mut passed, mut traced, mut depending) = (0, false, 0);
        for (&t, &part) in targets.iter().zip(parts) {
            let route = scratch.route(t);
            // Traced: a link with a share to something that reaches a goal (a part other
            // than zero has a share; where none is, the shares are looked at below).
            traced |= route.reaches && part != 0;
            match route.passes {
                _ if part == 0 => {}
                Passes::All => passed += part,
                Passes::Nothing => {}
                Passes::Depends => {
                    depends.at.push((route.to.code(), cell));
                    depends.parts.push(part);
                    depending += 1;
                }
            }
        }
        if !traced && (parts.len() != targets.len() || parts.contains(&0)) {
            let links = funds.at(l);
            traced = (0..targets.len()).any(|i| {
                links.nonzero(i) && targets.get(i).is_some_and(|t| scratch.route(*t).reaches)
            });
        }
        if let Some(cell) = cells.cells.get_mut(c) {
            let sums = &mut cell.sums;
            sums.total += input.units.get(pos).copied().unwrap_or(0);
            sums.lines += 1;
            sums.traced_lines += usize::from(traced);
            sums.passed += passed;
            sums.depends += depending;
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reach::Reach;

    #[test]
    fn a_report_on_two_threads_is_the_report_on_one() {
        use crate::parallel::tests::forced;
        let plan = crate::Plan::from_data(crate::synth::plan(3_000, 9)).unwrap();
        let report = |two| {
            forced(two, || {
                let r = plan.report(&crate::Scope::all(), crate::Phase::Amount);
                serde_json::to_string(&r).unwrap()
            })
        };
        let one = report(false);
        assert!(one.contains("\"top_leaks\""));
        assert_eq!(one, report(true));
    }

    #[test]
    fn a_line_is_traced_by_its_shares_not_by_its_amount() {
        // T: traced lines. A zero amount still counts where a share leads to a goal; a
        // zero share does not, whatever the amount.
        let plan = crate::Plan::from_json(
            r#"{"format":"goldthread/1","name":"p","precision":0,
                "goals":[{"id":"G","name":"g"}],
                "programs":[{"id":"P","name":"p","goals":[{"goal":"G"}]},{"id":"Q","name":"q"}],
                "projects":[{"id":"J","name":"j","programs":[{"program":"P"}]}],
                "budget_lines":[
                  {"id":"T1","year":"1","amount":"0","funds":[{"project":"J"}]},
                  {"id":"N1","year":"1","amount":"100","funds":[{"program":"P","share":"0"},{"program":"Q","share":"0.5"}]},
                  {"id":"N2","year":"1","amount":"0","funds":[{"program":"P","share":"0"}]},
                  {"id":"T2","year":"1","amount":"1","funds":[{"program":"P","share":"0.1"},{"program":"Q","share":"0.2"}]},
                  {"id":"T3","year":"1","amount":"100","funds":[{"program":"Q","share":"0.5"},{"program":"P","share":"0.5"}]},
                  {"id":"N3","year":"1","amount":"100"}]}"#,
        )
        .unwrap();
        let r = plan.report(&crate::Scope::all(), crate::Phase::Amount);
        let (graph, _) = crate::graph::build(plan.data());
        let reach = Reach::new(&graph);
        let naive = (0..plan.data().budget_lines.len())
            .filter(|&l| !reach.line_goals(&graph, l).is_empty())
            .count();
        assert_eq!(naive, 3);
        assert_eq!(r.traceability.traced_lines, 3);
        assert_eq!(r.traceability.by_year[0].traced_lines, 3);
    }

    #[test]
    fn many_label_combinations_are_kept_in_a_map_with_the_same_rows() {
        // 300 org units × 300 categories × 2 years: more combinations than the dense index
        // holds. Each row must still be the report of its own scope.
        let lines: Vec<String> = (0..600)
            .map(|i| {
                let target = if i % 3 == 0 { r#"{"program":"P","share":"0.5"}"# } else { r#"{"project":"J"}"# };
                format!(
                    r#"{{"id":"L{i}","year":"{}","amount":"{}","org_unit":"U{}","category":"C{}","funds":[{target}]}}"#,
                    1 + i % 2,
                    7 + i,
                    i % 300,
                    (i * 7) % 300
                )
            })
            .collect();
        let text = format!(
            r#"{{"format":"goldthread/1","name":"p","precision":0,"goals":[{{"id":"G","name":"g"}}],
                "programs":[{{"id":"P","name":"p","goals":[{{"goal":"G","share":"0.3"}}]}}],
                "projects":[{{"id":"J","name":"j","programs":[{{"program":"P"}}]}}],
                "budget_lines":[{}]}}"#,
            lines.join(",")
        );
        let plan = crate::Plan::from_json(&text).unwrap();
        let (graph, _) = crate::graph::build(plan.data());
        assert!(matches!(Cells::new(&graph).index, CellIndex::Sparse(_)));
        let r = plan.report(&crate::Scope::all(), crate::Phase::Amount);
        let t = &r.traceability;
        assert_eq!(t.by_org_unit.len(), 300);
        assert_eq!(t.by_category.len(), 300);
        for (rows, narrow) in [
            (&t.by_org_unit, crate::Scope::all().org_units(["U7"])),
            (&t.by_category, crate::Scope::all().categories(["C14"])),
            (&t.by_year, crate::Scope::all().years(["2"])),
        ] {
            let narrowed = plan.report(&narrow, crate::Phase::Amount).traceability;
            let key = narrow
                .org_units
                .iter()
                .chain(&narrow.categories)
                .chain(&narrow.years)
                .next()
                .cloned();
            let row = rows.iter().find(|b| b.key == key).unwrap();
            assert_eq!(row.total_amount, narrowed.total_amount);
            assert_eq!(row.traced_amount, narrowed.traced_amount);
            assert_eq!(row.lines, narrowed.lines);
        }
        let total: rust_decimal::Decimal = t.by_category.iter().map(|b| b.total_amount).sum();
        assert_eq!(total, t.total_amount);
        assert_eq!(t.by_category.iter().map(|b| b.lines).sum::<usize>(), 600);
    }

    #[test]
    fn top_keeps_the_largest_in_order_with_ties_in_plan_order() {
        // Twelve leaks: 5 comes three times, and zero is never listed.
        let amounts = [5, 1, 9, 0, 5, 7, 3, 5, 2, 8, 4, 6];
        let top = top_of(amounts.iter().copied().enumerate());
        let expected = vec![
            (2, 9),
            (9, 8),
            (5, 7),
            (11, 6),
            (0, 5),
            (4, 5),
            (7, 5),
            (10, 4),
            (6, 3),
            (8, 2),
        ];
        assert_eq!(top, expected);
        // The same as sorting everything, the way the SPEC states it.
        let mut all: Vec<(usize, i128)> = amounts
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, a)| *a > 0)
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(TOP_LEAKS);
        assert_eq!(top, all);
    }

    #[test]
    fn top_of_few_lists_every_leak() {
        let top = top_of([(0, 0), (1, 3), (2, 3)].into_iter());
        assert_eq!(top, vec![(1, 3), (2, 3)]);
    }
}
