//! Classifications beside the goal tree (SPEC §10): SDG targets, climate markers, functions.
//! Here each classification is checked and resolved once, when the plan is built: its code
//! tree ordered, every tag tied to its entity and code, and each entity's codes kept as
//! links with how its money splits over them (shares) or how relevant it is to each
//! (weights). [`attribute`] follows the money of a report through them.

pub(crate) mod attribute;

use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::hashing::IdMap as HashMap;
use crate::links::Links;
use crate::model::{ClassificationKind, Direction, PlanData, TagTarget};
use rust_decimal::Decimal;

/// One classification, resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    pub kind: ClassificationKind,
    /// Each code's parent, by index.
    pub code_parent: Vec<Option<usize>>,
    /// Every code with its children before it (for rolling amounts up the code tree).
    pub codes_bottom_up: Vec<usize>,
    /// Each line's, project's and program's codes: shares of its money (share kind:
    /// equal parts where no tag gives a share) or relevance weights (marker kind), as
    /// numerators over the entity's denominator.
    pub lines: Links<usize>,
    pub projects: Links<usize>,
    pub programs: Links<usize>,
}

/// An entity kind a tag may name, for messages.
fn noun(target: &TagTarget) -> &'static str {
    match target {
        TagTarget::Line(_) => "budget line",
        TagTarget::Project(_) => "project",
        TagTarget::Program(_) => "program",
    }
}

/// Checks every classification of `data` and resolves it; every problem goes to `diags`
/// with its JSON path. Plans without classifications pay nothing.
pub(crate) fn resolve(data: &PlanData, diags: &mut Diags) -> Vec<Resolved> {
    if data.classifications.is_empty() {
        return Vec::new();
    }
    let index = |ids: &mut dyn Iterator<Item = &str>| -> HashMap<String, usize> {
        let mut map = HashMap::default();
        for (i, id) in ids.enumerate() {
            map.entry(id.to_string()).or_insert(i);
        }
        map
    };
    let lines = index(&mut data.budget_lines.iter().map(|l| l.id.as_str()));
    let projects = index(&mut data.projects.iter().map(|p| p.id.as_str()));
    let programs = index(&mut data.programs.iter().map(|p| p.id.as_str()));
    let mut seen: HashMap<&str, usize> = HashMap::default();
    let mut out = Vec::with_capacity(data.classifications.len());
    for (c, class) in data.classifications.iter().enumerate() {
        let base = format!("/classifications/{c}");
        if let Some(first) = seen.insert(class.id.as_str(), c) {
            diags.push(
                Diagnostic::new(
                    Code::E001,
                    format!(
                        "classification {} is also classification {first}; give each its own id",
                        class.id
                    ),
                )
                .at(format!("{base}/id")),
            );
        }
        let (code_parent, codes_bottom_up, code_index) = code_tree(class, &base, diags);
        if class.tags.is_empty() {
            diags.push(
                Diagnostic::new(
                    Code::W111,
                    format!(
                        "classification {} tags no line, project or program: every amount is unclassified",
                        class.id
                    ),
                )
                .at(format!("{base}/tags")),
            );
        }
        // Each entity's tags, in the order written, with their positions in `tags`.
        let mut by_entity: [HashMap<usize, Vec<usize>>; 3] = Default::default();
        for (k, tag) in class.tags.iter().enumerate() {
            let at = format!("{base}/tags/{k}");
            let (map, slot) = match &tag.target {
                TagTarget::Line(_) => (&lines, 0),
                TagTarget::Project(_) => (&projects, 1),
                TagTarget::Program(_) => (&programs, 2),
            };
            let Some(&e) = map.get(tag.target.id()) else {
                diags.push(
                    Diagnostic::new(
                        Code::E002,
                        format!(
                            "classification {}: tag names {} {}, which the plan does not have",
                            class.id,
                            noun(&tag.target),
                            tag.target.id()
                        ),
                    )
                    .at(format!("{at}/{}", tag.target.field())),
                );
                continue;
            };
            if slot == 0 && data.budget_lines[e].direction == Direction::Revenue {
                diags.push(
                    Diagnostic::new(
                        Code::E013,
                        format!(
                            "classification {}: budget line {} is revenue; classifications count spending, so tag expenditure lines only",
                            class.id,
                            tag.target.id()
                        ),
                    )
                    .entity(tag.target.id())
                    .at(at),
                );
                continue;
            }
            by_entity[slot].entry(e).or_default().push(k);
        }
        let counts = [
            data.budget_lines.len(),
            data.projects.len(),
            data.programs.len(),
        ];
        let mut links: Vec<Links<usize>> = Vec::with_capacity(3);
        for (slot, count) in counts.into_iter().enumerate() {
            let mut l = Links::with_capacity(if by_entity[slot].is_empty() { 0 } else { count });
            if !by_entity[slot].is_empty() {
                for e in 0..count {
                    let tags = by_entity[slot]
                        .get(&e)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    entity_codes(class, &base, tags, &code_index, &mut l, diags);
                }
            }
            links.push(l);
        }
        let programs_links = links.pop().unwrap_or_default();
        let projects_links = links.pop().unwrap_or_default();
        let lines_links = links.pop().unwrap_or_default();
        out.push(Resolved {
            kind: class.kind,
            code_parent,
            codes_bottom_up,
            lines: lines_links,
            projects: projects_links,
            programs: programs_links,
        });
    }
    out
}

/// The code tree of a classification: each code's parent, the codes children first, and
/// each id's index. Duplicates (E001), unknown parents (E002) and cycles (E003) are named.
fn code_tree(
    class: &crate::model::Classification,
    base: &str,
    diags: &mut Diags,
) -> (Vec<Option<usize>>, Vec<usize>, HashMap<String, usize>) {
    let mut index: HashMap<String, usize> = HashMap::default();
    for (i, code) in class.codes.iter().enumerate() {
        if index.insert(code.id.clone(), i).is_some() {
            diags.push(
                Diagnostic::new(
                    Code::E001,
                    format!(
                        "classification {}: code {} is listed twice",
                        class.id, code.id
                    ),
                )
                .at(format!("{base}/codes/{i}/id")),
            );
        }
    }
    let mut parent = vec![None; class.codes.len()];
    for (i, code) in class.codes.iter().enumerate() {
        let Some(p) = &code.parent else { continue };
        match index.get(p) {
            Some(&j) => parent[i] = Some(j),
            None => diags.push(
                Diagnostic::new(
                    Code::E002,
                    format!(
                        "classification {}: code {}'s parent {p} is no code of it",
                        class.id, code.id
                    ),
                )
                .at(format!("{base}/codes/{i}/parent")),
            ),
        }
    }
    // A walk up from each code finds each cycle once; it is cut where it closes.
    let mut state = vec![0u8; parent.len()]; // 0 new, 1 on the path, 2 done
    for start in 0..parent.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                0 => {
                    state[i] = 1;
                    path.push(i);
                    at = parent[i];
                }
                1 => {
                    diags.push(
                        Diagnostic::new(
                            Code::E003,
                            format!(
                                "classification {}: code {} is its own ancestor; the codes form a cycle",
                                class.id, class.codes[i].id
                            ),
                        )
                        .at(format!("{base}/codes/{i}/parent")),
                    );
                    parent[i] = None;
                    break;
                }
                _ => break,
            }
        }
        for &i in &path {
            state[i] = 2;
        }
    }
    let mut bottom_up = Vec::with_capacity(parent.len());
    let mut placed = vec![false; parent.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); parent.len()];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            children[*p].push(i);
        }
    }
    // Post-order from the roots: every child before its parent.
    for root in (0..parent.len()).filter(|&i| parent[i].is_none()) {
        let mut stack = vec![(root, false)];
        while let Some((i, expanded)) = stack.pop() {
            if expanded {
                if !std::mem::replace(&mut placed[i], true) {
                    bottom_up.push(i);
                }
                continue;
            }
            stack.push((i, true));
            stack.extend(children[i].iter().map(|&c| (c, false)));
        }
    }
    (parent, bottom_up, index)
}

/// One entity's codes from its tags (their positions in the classification's `tags`):
/// checked (an unknown code E002, a code twice E001, shares E004–E006, weights E012) and
/// added to `out`.
fn entity_codes(
    class: &crate::model::Classification,
    base: &str,
    tags: &[usize],
    code_index: &HashMap<String, usize>,
    out: &mut Links<usize>,
    diags: &mut Diags,
) {
    let mut codes: Vec<usize> = Vec::with_capacity(tags.len());
    let mut values: Vec<Decimal> = Vec::with_capacity(tags.len());
    let mut sound = true;
    let share_kind = class.kind == ClassificationKind::Share;
    let given = tags
        .iter()
        .filter(|&&k| class.tags[k].share.is_some())
        .count();
    for &k in tags {
        let tag = &class.tags[k];
        let at = format!("{base}/tags/{k}");
        let who = format!(
            "classification {}: {} {}",
            class.id,
            noun(&tag.target),
            tag.target.id()
        );
        let bad = |code: Code, field: &str, message: String, diags: &mut Diags| {
            diags.push(
                Diagnostic::new(code, message)
                    .entity(tag.target.id())
                    .at(format!("{at}/{field}")),
            );
        };
        let Some(&code) = code_index.get(&tag.code) else {
            let message = format!("{who}: code {} is no code of the classification", tag.code);
            bad(Code::E002, "code", message, diags);
            sound = false;
            continue;
        };
        if codes.contains(&code) {
            let message = format!("{who} has code {} twice; merge the two tags", tag.code);
            bad(Code::E001, "code", message, diags);
            sound = false;
            continue;
        }
        let value = if share_kind {
            if tag.weight.is_some() {
                let message =
                    format!("{who}: a share classification's tags give a `share`, not a `weight`");
                bad(Code::E012, "weight", message, diags);
                sound = false;
            }
            match tag.share {
                Some(s) if s < Decimal::ZERO || s > Decimal::ONE => {
                    bad(
                        Code::E004,
                        "share",
                        format!("{who}: share {s} is outside [0, 1]"),
                        diags,
                    );
                    sound = false;
                    s
                }
                Some(s) => s,
                None => Decimal::ZERO,
            }
        } else {
            if tag.share.is_some() {
                let message =
                    format!("{who}: a marker's tags give a `weight` in [0, 1], not a `share`");
                bad(Code::E012, "share", message, diags);
                sound = false;
            }
            match tag.weight {
                Some(w) if (Decimal::ZERO..=Decimal::ONE).contains(&w) => w,
                Some(w) => {
                    bad(
                        Code::E012,
                        "weight",
                        format!("{who}: weight {w} is outside [0, 1]"),
                        diags,
                    );
                    sound = false;
                    w
                }
                None => {
                    let message = format!("{who}: a marker's tag needs a `weight` in [0, 1] (1 = principal, 0.4 = significant)");
                    bad(Code::E012, "weight", message, diags);
                    sound = false;
                    Decimal::ZERO
                }
            }
        };
        codes.push(code);
        values.push(value);
    }
    if share_kind && given > 0 && given < tags.len() {
        let k = tags[0];
        let tag = &class.tags[k];
        diags.push(
            Diagnostic::new(
                Code::E006,
                format!(
                    "classification {}: {} {} gives a share on {given} of its {} tags; give a share on every tag or on none (equal parts)",
                    class.id,
                    noun(&tag.target),
                    tag.target.id(),
                    tags.len()
                ),
            )
            .entity(tag.target.id())
            .at(format!("{base}/tags/{k}")),
        );
        sound = false;
    }
    if !sound || codes.is_empty() || (share_kind && given == 0) {
        out.push(codes, None);
        return;
    }
    let scale = values
        .iter()
        .map(|v| v.normalize().scale())
        .max()
        .unwrap_or(0);
    let denominator = 10u128.pow(scale);
    let numerators: Vec<u128> = values
        .iter()
        .map(|v| {
            let mut v = v.normalize();
            v.rescale(scale);
            v.mantissa().unsigned_abs()
        })
        .collect();
    if share_kind && numerators.iter().sum::<u128>() > denominator {
        let k = tags[0];
        let tag = &class.tags[k];
        let total: Decimal = values.iter().sum();
        diags.push(
            Diagnostic::new(
                Code::E005,
                format!(
                    "classification {}: {} {}'s shares sum to {total}, more than 1",
                    class.id,
                    noun(&tag.target),
                    tag.target.id()
                ),
            )
            .entity(tag.target.id())
            .at(format!("{base}/tags/{k}")),
        );
        out.push(codes, None);
        return;
    }
    out.push(codes, Some((&numerators, denominator)));
}
