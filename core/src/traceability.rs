//! Traceability (SPEC §4, bottom-up): how much of the money in scope reaches a goal, which
//! lines are traced, where the thread breaks, and the same by org unit, year and category.

use crate::attribution::{from_units, Flows, GroupScratch, LeakReason};
use crate::graph::{Graph, Target};
use crate::model::PlanData;
use crate::ratio::{count_ratio, ratio_or_zero};
use crate::reach::Reach;
use crate::report::{Breakdown, Contributor, Leaks, TopLeaks, Traceability};

/// How many contributors each leak lists.
pub const TOP_LEAKS: usize = 10;

pub(crate) struct Inputs<'a> {
    pub data: &'a PlanData,
    pub graph: &'a Graph,
    pub reach: &'a Reach,
    /// Indices of the lines in scope, in plan order.
    pub lines: &'a [usize],
    /// Each line's amount in `phase`, in smallest units, in the order of `lines`.
    pub units: &'a [u128],
}

/// Each line in scope once: its amount in smallest units and whether it reaches a goal,
/// in the order of `Inputs::lines` (the breakdowns reuse them for every group).
struct PerLine<'a> {
    link_parts: &'a [u128],
    units: &'a [u128],
    traced: Vec<bool>,
}

pub(crate) fn traceability(input: &Inputs, flows: &Flows) -> Traceability {
    let p = input.data.precision;
    let traced = flows.traced(input.graph);
    let per_line = PerLine {
        link_parts: &flows.line_link_parts,
        units: input.units,
        traced: input
            .lines
            .iter()
            .map(|&l| input.reach.line_traced(input.graph, l))
            .collect(),
    };
    let traced_lines = per_line.traced.iter().filter(|t| **t).count();
    let mut buffers = Buffers {
        parts: Vec::new(),
        group_of: Vec::with_capacity(input.lines.len()),
        scratch: GroupScratch::new(input.data),
    };
    let amount = |u: u128| from_units(u, p);
    Traceability {
        total_amount: amount(flows.total),
        traced_amount: amount(traced),
        amount_ratio: ratio_or_zero(amount(traced), amount(flows.total)),
        lines: input.lines.len(),
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
        top_leaks: top_leaks(input, flows),
        by_org_unit: {
            let labels = &input.graph.org_labels;
            let mut rows = breakdown(input, &per_line, &mut buffers, labels, |l| {
                input.graph.line_org[l]
            });
            // In the order the plan lists its org units.
            let rank = |k: &Option<String>| match k {
                Some(k) => labels.iter().position(|x| x == k).unwrap_or(usize::MAX - 1),
                None => usize::MAX,
            };
            rows.sort_by_key(|b| rank(&b.key));
            rows
        },
        by_year: {
            let labels = &input.graph.year_labels;
            let mut rows = breakdown(input, &per_line, &mut buffers, labels, |l| {
                Some(input.graph.line_year[l])
            });
            // Years compare as written (SPEC §2).
            rows.sort_by(|a, b| a.key.cmp(&b.key));
            rows
        },
        by_category: breakdown(
            input,
            &per_line,
            &mut buffers,
            &input.graph.category_labels,
            |l| input.graph.line_category[l],
        ),
    }
}

/// The largest contributors to each leak, largest first, ties in plan order.
fn top_leaks(input: &Inputs, flows: &Flows) -> TopLeaks {
    let p = input.data.precision;
    // Largest first, ties in plan order; only what leaks is kept, and only the top is
    // sorted.
    let top = |items: Vec<(&str, u128)>| -> Vec<Contributor> {
        let mut items: Vec<(usize, &str, u128)> = items
            .into_iter()
            .enumerate()
            .filter(|(_, (_, a))| *a > 0)
            .map(|(i, (id, a))| (i, id, a))
            .collect();
        let order =
            |a: &(usize, &str, u128), b: &(usize, &str, u128)| b.2.cmp(&a.2).then(a.0.cmp(&b.0));
        if items.len() > TOP_LEAKS {
            items.select_nth_unstable_by(TOP_LEAKS, order);
            items.truncate(TOP_LEAKS);
        }
        items.sort_by(order);
        items
            .into_iter()
            .map(|(_, id, a)| Contributor {
                id: id.to_string(),
                amount: from_units(a, p),
            })
            .collect()
    };
    let lines_where = |unlinked: bool| {
        input
            .lines
            .iter()
            .filter(|&&l| {
                flows.line_leak[l] > 0
                    && input.graph.line_funds.at(l).targets.is_empty() == unlinked
            })
            .map(|&l| (input.data.budget_lines[l].id.as_str(), flows.line_leak[l]))
            .collect()
    };
    let projects_where = |unlinked: bool| {
        input
            .data
            .projects
            .iter()
            .enumerate()
            .filter(|(j, _)| input.graph.project_programs.at(*j).targets.is_empty() == unlinked)
            .map(|(j, x)| (x.id.as_str(), flows.project_leak(j)))
            .collect()
    };
    let programs_where = |unlinked: bool| {
        input
            .data
            .programs
            .iter()
            .enumerate()
            .filter(|(q, _)| input.graph.program_goals.at(*q).targets.is_empty() == unlinked)
            .map(|(q, x)| (x.id.as_str(), flows.program_leak(q)))
            .collect()
    };
    TopLeaks {
        line_unlinked: top(lines_where(true)),
        line_partial: top(lines_where(false)),
        project_unlinked: top(projects_where(true)),
        project_partial: top(projects_where(false)),
        program_unlinked: top(programs_where(true)),
        program_partial: top(programs_where(false)),
    }
}

/// Groups the lines in scope by a key and gives each group the figures of a report whose
/// scope is narrowed to that key, so that a row equals what `--org-unit U` (or `--year`,
/// `--category`) reports. Groups come in order of first appearance. Keys are indices into
/// `labels` (interned at load): grouping a million lines neither hashes nor compares a
/// string.
///
/// The lines' link parts are first copied into one run per group (a counting sort into
/// `buffer`, which the breakdowns share), so that each group is then attributed from
/// memory read in order: with twenty groups, a pass per group over the plan's lines would
/// touch every cache line twenty times.
fn breakdown<'a>(
    input: &Inputs<'a>,
    per_line: &PerLine,
    buffer: &mut Buffers,
    labels: &'a [String],
    key: impl Fn(usize) -> Option<usize>,
) -> Vec<Breakdown> {
    struct Group<'a> {
        key: Option<&'a str>,
        total: u128,
        lines: usize,
        traced_lines: usize,
        links: usize,
    }
    let funds = &input.graph.line_funds;
    let parts_of = |l: usize| {
        let parts = per_line.link_parts.get(funds.range(l)).unwrap_or_default();
        funds
            .at(l)
            .targets
            .iter()
            .zip(parts)
            .filter(|(_, part)| **part > 0)
            .map(|(t, part)| (*t, *part))
    };
    let mut groups: Vec<Group<'a>> = Vec::new();
    // The group of each label (the last slot: lines without one), once it has a line.
    let mut index: Vec<Option<usize>> = vec![None; labels.len() + 1];
    buffer.group_of.clear();
    for (pos, &l) in input.lines.iter().enumerate() {
        let k = key(l);
        let slot = k.unwrap_or(labels.len()).min(labels.len());
        let g = match index.get(slot).copied().flatten() {
            Some(g) => g,
            None => {
                groups.push(Group {
                    key: k.and_then(|k| labels.get(k)).map(String::as_str),
                    total: 0,
                    lines: 0,
                    traced_lines: 0,
                    links: 0,
                });
                if let Some(s) = index.get_mut(slot) {
                    *s = Some(groups.len() - 1);
                }
                groups.len() - 1
            }
        };
        buffer.group_of.push(g);
        if let Some(group) = groups.get_mut(g) {
            group.total += per_line.units[pos];
            group.lines += 1;
            group.traced_lines += usize::from(per_line.traced[pos]);
            group.links += parts_of(l).count();
        }
    }
    // Each group's run starts where the previous one ends.
    let mut next: Vec<usize> = groups
        .iter()
        .scan(0, |at, g| {
            let start = *at;
            *at += g.links;
            Some(start)
        })
        .collect();
    let starts = next.clone();
    buffer.parts.clear();
    buffer.parts.resize(
        groups.iter().map(|g| g.links).sum(),
        (Target::Program(0), 0),
    );
    for (&l, &g) in input.lines.iter().zip(&buffer.group_of) {
        for link in parts_of(l) {
            let Some(at) = next.get_mut(g) else { continue };
            if let Some(slot) = buffer.parts.get_mut(*at) {
                *slot = link;
            }
            *at += 1;
        }
    }
    let p = input.data.precision;
    let mut order: Vec<usize> = (0..groups.len()).collect();
    // Lines with no key go last.
    order.sort_by_key(|&g| groups[g].key.is_none());
    order
        .into_iter()
        .map(|g| {
            let group = &groups[g];
            let run = starts[g]..starts[g] + group.links;
            let parts = buffer.parts.get(run).unwrap_or_default();
            let traced = from_units(buffer.scratch.traced(input.graph, parts), p);
            let total = from_units(group.total, p);
            Breakdown {
                key: group.key.map(str::to_string),
                total_amount: total,
                traced_amount: traced,
                amount_ratio: ratio_or_zero(traced, total),
                lines: group.lines,
                traced_lines: group.traced_lines,
            }
        })
        .collect()
}

/// What the three breakdowns share: the link parts sorted by group, each line's group,
/// and the attribution buffers.
struct Buffers {
    parts: Vec<(Target, u128)>,
    group_of: Vec<usize>,
    scratch: GroupScratch,
}
