//! Each edit of a scenario applied to a plan's data, with the checks that make an edit
//! that names nothing an error. The rules of the plan file (shares in [0, 1], dates, ids)
//! stay the rules pass's: the plan the edits give is checked whole afterwards.

use super::ids::{Entity, Ids};
use super::{scale, Edit, LinkTo, Outcome};
use crate::amount::{check_line_amount, parse_decimal, read_amount};
use crate::date::Date;
use crate::diagnostics::Diags;
use crate::model::{
    BudgetLine, Direction, FundTarget, Funding, GoalLink, Phase, PlanData, ProgramLink, Schedule,
    TagTarget,
};
use rust_decimal::Decimal;

/// What an edit touched, for a plan that follows it in place (`Plan::edit`).
pub(crate) enum Touched {
    /// These lines' amounts.
    Amounts(Vec<usize>),
    /// One child's upward links.
    Links(Child),
    /// Entities added or removed: the plan is resolved again.
    Structure,
}

/// A child with upward links, by index.
#[derive(Clone, Copy)]
pub(crate) enum Child {
    Line(usize),
    Project(usize),
    Program(usize),
}

/// The child `id` names, if it has upward links.
pub(crate) fn child(data: &PlanData, ids: &Ids, id: &str) -> Option<Child> {
    match ids.find(data, id)? {
        Entity::Line(l) => Some(Child::Line(l)),
        Entity::Project(j) => Some(Child::Project(j)),
        Entity::Program(p) => Some(Child::Program(p)),
        Entity::Goal(_) => None,
    }
}

/// Applies one edit, whole or not at all; the error says what to fix (the caller names
/// the edit). `ids` follows the entities the edit adds or removes.
pub(crate) fn edit(
    data: &mut PlanData,
    ids: &mut Ids,
    edit: &Edit,
) -> Result<(Outcome, Touched), String> {
    let outcome = apply(data, ids, edit)?;
    let touched = match edit {
        Edit::SetAmount { line, .. } => {
            Touched::Amounts(ids.at(data, line, Entity::Line).into_iter().collect())
        }
        Edit::Scale { .. } => Touched::Amounts(outcome.1.clone()),
        Edit::MoveLine { line: id, .. }
        | Edit::SetShare { from: id, .. }
        | Edit::AddLink { from: id, .. }
        | Edit::RemoveLink { from: id, .. } => {
            child(data, ids, id).map_or(Touched::Structure, Touched::Links)
        }
        _ => Touched::Structure,
    };
    Ok((outcome.0, touched))
}

/// Applies one edit: what it did, and the lines a scale changed.
fn apply(data: &mut PlanData, ids: &mut Ids, edit: &Edit) -> Result<(Outcome, Vec<usize>), String> {
    let mut scaled_lines = Vec::new();
    let done = |message: String, lines: usize, change: Decimal, links_removed: usize| Outcome {
        edit: 0,
        op: edit.op().to_string(),
        message,
        lines,
        change,
        links_removed,
    };
    let outcome: Result<Outcome, String> = match edit {
        Edit::SetAmount {
            line,
            phase,
            amount,
        } => {
            let phase = read_phase(phase.as_deref())?;
            let value = read_amount(amount).map_err(|e| format!("amount: {e}"))?;
            check_line_amount(value, data.precision, || amount.clone())
                .map_err(|e| format!("amount: {e}"))?;
            let l = find_line(data, ids, line)?;
            let slot = phase_slot(&mut data.budget_lines[l], phase);
            let before = slot.unwrap_or_default();
            *slot = Some(value);
            Ok(done(
                format!("{line}: {} {before} → {value}", phase.as_str()),
                1,
                value - before,
                0,
            ))
        }
        Edit::Scale {
            filter,
            percent,
            phase,
        } => {
            let phase = read_phase(phase.as_deref())?;
            let scaled = scale::scale(data, filter, percent, phase)?;
            let mut message = format!(
                "{} lines scaled by {percent} % in {}: {} in all",
                scaled.lines,
                phase.as_str(),
                scaled.change
            );
            if scaled.without_phase > 0 {
                message.push_str(&format!(
                    "; {} matching lines give no {} amount and are left as they are",
                    scaled.without_phase,
                    phase.as_str()
                ));
            }
            let outcome = done(message, scaled.lines, scaled.change, 0);
            scaled_lines = scaled.picked;
            Ok(outcome)
        }
        Edit::MoveLine { line, to } => {
            let funds = to
                .iter()
                .enumerate()
                .map(|(i, link)| funding(data, ids, i, link))
                .collect::<Result<Vec<_>, _>>()?;
            let l = find_line(data, ids, line)?;
            let target = &mut data.budget_lines[l];
            if target.direction == Direction::Revenue && !funds.is_empty() {
                return Err(format!(
                    "{line} is a revenue line: revenue funds no project or program"
                ));
            }
            let list: Vec<String> = funds.iter().map(|f| f.target.id().to_string()).collect();
            target.funds = funds;
            let message = if list.is_empty() {
                format!("{line} now funds nothing")
            } else {
                format!("{line} now funds {}", list.join(", "))
            };
            Ok(done(message, 1, Decimal::ZERO, 0))
        }
        Edit::SetShare { from, to, share } => {
            let share = share.as_deref().map(read_share).transpose()?;
            let slot = link_share(data, ids, from, to)?
                .ok_or_else(|| format!("{from} has no link to {to}; add_link adds one"))?;
            *slot = share;
            let written = share.map_or("an equal part".to_string(), |s| s.to_string());
            Ok(done(
                format!("{from} → {to}: {written}"),
                0,
                Decimal::ZERO,
                0,
            ))
        }
        Edit::AddLink { from, to, share } => {
            let share = share.as_deref().map(read_share).transpose()?;
            if link_share(data, ids, from, to)?.is_some() {
                return Err(format!(
                    "{from} already links to {to}; set_share changes its share"
                ));
            }
            add_link(data, ids, from, to, share)?;
            Ok(done(format!("{from} → {to} added"), 0, Decimal::ZERO, 0))
        }
        Edit::RemoveLink { from, to } => {
            link_share(data, ids, from, to)?
                .ok_or_else(|| format!("{from} has no link to {to}"))?;
            remove_link(data, ids, from, to);
            Ok(done(format!("{from} → {to} removed"), 0, Decimal::ZERO, 1))
        }
        Edit::AddProject { project } => {
            let mut read = read_entity(data, "projects", project)?;
            let project = read.projects.pop().ok_or("no project was read")?;
            fresh_id(data, ids, &project.id)?;
            let message = format!("project {} added", project.id);
            ids.added(&project.id, Entity::Project(data.projects.len()));
            data.projects.push(project);
            Ok(done(message, 0, Decimal::ZERO, 0))
        }
        Edit::AddProgram { program } => {
            let mut read = read_entity(data, "programs", program)?;
            let program = read.programs.pop().ok_or("no program was read")?;
            fresh_id(data, ids, &program.id)?;
            let message = format!("program {} added", program.id);
            ids.added(&program.id, Entity::Program(data.programs.len()));
            data.programs.push(program);
            Ok(done(message, 0, Decimal::ZERO, 0))
        }
        Edit::RemoveProject { id } => {
            let at = ids
                .at(data, id, Entity::Project)
                .ok_or_else(|| format!("no project has the id {id:?}"))?;
            data.projects.remove(at);
            ids.removed(data);
            let target = FundTarget::Project(id.as_str().into());
            let (lines, links) = unlink_lines(&mut data.budget_lines, &target);
            let tags = drop_tags(data, &TagTarget::Project(id.clone()));
            Ok(done(
                format!("project {id} removed; {lines} lines lose their link to it"),
                lines,
                Decimal::ZERO,
                links + tags,
            ))
        }
        Edit::RemoveProgram { id } => {
            let at = ids
                .at(data, id, Entity::Program)
                .ok_or_else(|| format!("no program has the id {id:?}"))?;
            data.programs.remove(at);
            ids.removed(data);
            let target = FundTarget::Program(id.as_str().into());
            let (lines, mut links) = unlink_lines(&mut data.budget_lines, &target);
            let mut projects = 0;
            for p in &mut data.projects {
                let before = p.programs.len();
                p.programs.retain(|l| &l.program != id);
                if p.programs.len() < before {
                    projects += 1;
                    links += before - p.programs.len();
                }
            }
            let tags = drop_tags(data, &TagTarget::Program(id.clone()));
            Ok(done(
                format!(
                    "program {id} removed; {projects} projects and {lines} lines lose their \
                     link to it"
                ),
                lines,
                Decimal::ZERO,
                links + tags,
            ))
        }
        Edit::SetSchedule {
            project,
            start,
            finish,
        } => {
            // Read as a plan file's dates are; whether the days exist in the plan's
            // calendar, and finish ≥ start, is the rules pass's to say of the new plan.
            let read = |what: &str, text: &str| {
                Date::parse_written(text).ok_or_else(|| {
                    format!(
                        "{what} {:?} is not a date: write YYYY-MM-DD in the plan's calendar",
                        crate::amount::cut(text)
                    )
                })
            };
            let schedule = Schedule {
                start: read("start", start)?,
                finish: read("finish", finish)?,
            };
            let at = ids
                .at(data, project, Entity::Project)
                .ok_or_else(|| format!("no project has the id {project:?}"))?;
            let p = &mut data.projects[at];
            let span = |s: &Schedule| format!("{}–{}", s.start, s.finish);
            let before = p.schedule.as_ref().map_or("no schedule".into(), span);
            let message = format!("project {project}: {before} → {}", span(&schedule));
            p.schedule = Some(schedule);
            Ok(done(message, 0, Decimal::ZERO, 0))
        }
        Edit::RetireGoal { goal } => {
            let at = ids
                .at(data, goal, Entity::Goal)
                .ok_or_else(|| format!("no goal has the id {goal:?}"))?;
            let children: Vec<&str> = data
                .goals
                .iter()
                .filter(|g| g.parent.as_deref() == Some(goal))
                .map(|g| g.id.as_str())
                .collect();
            if !children.is_empty() {
                return Err(format!(
                    "goal {goal} has sub-goals ({}): retire them first, or give them another \
                     parent",
                    children.join(", ")
                ));
            }
            data.goals.remove(at);
            ids.removed(data);
            let mut links = 0;
            for p in &mut data.programs {
                let before = p.goals.len();
                p.goals.retain(|l| &l.goal != goal);
                links += before - p.goals.len();
            }
            Ok(done(
                format!("goal {goal} retired; {links} program links to it removed"),
                0,
                Decimal::ZERO,
                links,
            ))
        }
    };
    Ok((outcome?, scaled_lines))
}

pub(super) fn read_phase(phase: Option<&str>) -> Result<Phase, String> {
    phase.map_or(Ok(Phase::default()), |p| {
        p.parse()
            .map_err(|e: crate::model::UnknownPhase| e.to_string())
    })
}

fn read_share(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map_err(|e| format!("share: {e}"))
}

pub(super) fn phase_slot(line: &mut BudgetLine, phase: Phase) -> &mut Option<Decimal> {
    match phase {
        Phase::Proposed => &mut line.proposed,
        Phase::Amount => &mut line.amount,
        Phase::Revised => &mut line.revised,
        Phase::Committed => &mut line.committed,
        Phase::Spent => &mut line.spent,
    }
}

fn find_line(data: &PlanData, ids: &Ids, id: &str) -> Result<usize, String> {
    ids.at(data, id, Entity::Line)
        .ok_or_else(|| format!("no budget line has the id {id:?}"))
}

/// A line's parent as written in an edit, checked to exist.
fn funding(data: &PlanData, ids: &Ids, i: usize, link: &LinkTo) -> Result<Funding, String> {
    let target = match (&link.project, &link.program) {
        (Some(id), None) if ids.at(data, id, Entity::Project).is_some() => {
            FundTarget::Project(id.as_str().into())
        }
        (None, Some(id)) if ids.at(data, id, Entity::Program).is_some() => {
            FundTarget::Program(id.as_str().into())
        }
        (Some(id), None) => return Err(format!("to[{i}]: no project has the id {id:?}")),
        (None, Some(id)) => return Err(format!("to[{i}]: no program has the id {id:?}")),
        _ => {
            return Err(format!(
                "to[{i}]: give exactly one of \"project\" or \"program\""
            ))
        }
    };
    let share = link.share.as_deref().map(read_share).transpose()?;
    Ok(Funding { target, share })
}

/// The share slot of the link `from` → `to`: `Ok(None)` when `from` exists without that
/// link, an error when `from` names nothing that links.
fn link_share<'a>(
    data: &'a mut PlanData,
    ids: &Ids,
    from: &str,
    to: &str,
) -> Result<Option<&'a mut Option<Decimal>>, String> {
    match child(data, ids, from) {
        Some(Child::Line(l)) => Ok(data.budget_lines[l]
            .funds
            .iter_mut()
            .find(|f| f.target.id() == to)
            .map(|f| &mut f.share)),
        Some(Child::Project(j)) => Ok(data.projects[j]
            .programs
            .iter_mut()
            .find(|l| l.program == to)
            .map(|l| &mut l.share)),
        Some(Child::Program(p)) => Ok(data.programs[p]
            .goals
            .iter_mut()
            .find(|l| l.goal == to)
            .map(|l| &mut l.share)),
        None => Err(format!(
            "no budget line, project or program has the id {from:?}"
        )),
    }
}

/// Adds the link `from` → `to`, the target checked to be of the kind `from` links to.
fn add_link(
    data: &mut PlanData,
    ids: &Ids,
    from: &str,
    to: &str,
    share: Option<Decimal>,
) -> Result<(), String> {
    let to_entity = ids.find(data, to);
    match child(data, ids, from) {
        Some(Child::Line(l)) => {
            let target = match to_entity {
                Some(Entity::Project(_)) => FundTarget::Project(to.into()),
                Some(Entity::Program(_)) => FundTarget::Program(to.into()),
                _ => {
                    return Err(format!(
                        "a line links to a project or a program; {to:?} is neither"
                    ))
                }
            };
            let line = &mut data.budget_lines[l];
            if line.direction == Direction::Revenue {
                return Err(format!(
                    "{from} is a revenue line: revenue funds no project or program"
                ));
            }
            line.funds.push(Funding { target, share });
        }
        Some(Child::Project(j)) => {
            if !matches!(to_entity, Some(Entity::Program(_))) {
                return Err(format!(
                    "a project links to a program; no program has the id {to:?}"
                ));
            }
            data.projects[j].programs.push(ProgramLink {
                program: to.to_string(),
                share,
            });
        }
        Some(Child::Program(p)) => {
            if !matches!(to_entity, Some(Entity::Goal(_))) {
                return Err(format!(
                    "a program links to a goal; no goal has the id {to:?}"
                ));
            }
            data.programs[p].goals.push(GoalLink {
                goal: to.to_string(),
                share,
            });
        }
        None => {}
    }
    Ok(())
}

fn remove_link(data: &mut PlanData, ids: &Ids, from: &str, to: &str) {
    match child(data, ids, from) {
        Some(Child::Line(l)) => data.budget_lines[l].funds.retain(|f| f.target.id() != to),
        Some(Child::Project(j)) => data.projects[j].programs.retain(|l| l.program != to),
        Some(Child::Program(p)) => data.programs[p].goals.retain(|l| l.goal != to),
        None => {}
    }
}

/// Removes every line's link to `target`: (lines that had one, links removed).
fn unlink_lines(lines: &mut [BudgetLine], target: &FundTarget) -> (usize, usize) {
    let (mut touched, mut links) = (0, 0);
    for line in lines {
        let before = line.funds.len();
        line.funds.retain(|f| &f.target != target);
        if line.funds.len() < before {
            touched += 1;
            links += before - line.funds.len();
        }
    }
    (touched, links)
}

/// Removes the classification tags on a removed entity; how many.
fn drop_tags(data: &mut PlanData, target: &TagTarget) -> usize {
    let mut dropped = 0;
    for c in &mut data.classifications {
        let before = c.tags.len();
        c.tags.retain(|t| &t.target != target);
        dropped += before - c.tags.len();
    }
    dropped
}

/// An id no entity of the plan has yet.
fn fresh_id(data: &PlanData, ids: &Ids, id: &str) -> Result<(), String> {
    if ids.find(data, id).is_some() {
        Err(format!("the plan already has an entity with the id {id:?}"))
    } else {
        Ok(())
    }
}

/// Reads one project or program written as in a plan file, by the plan file's own
/// reader (its problems named under the edit's field).
fn read_entity(data: &PlanData, kind: &str, value: &serde_json::Value) -> Result<PlanData, String> {
    let wrapper = serde_json::json!({
        "format": crate::plan_file::FORMAT,
        "name": "edit",
        "precision": data.precision,
        kind: [value],
    });
    let text = serde_json::to_vec(&wrapper).map_err(|e| e.to_string())?;
    let mut diags = Diags::new(10);
    let read = crate::plan_file::read(&text, &mut diags);
    let field = kind.trim_end_matches('s');
    if diags.has_errors() {
        let problems: Vec<String> = diags
            .into_vec()
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.message)
            .collect();
        return Err(format!("{field}: {}", problems.join("; ")));
    }
    read.ok_or_else(|| format!("{field}: it cannot be read as a plan file's {field}"))
}
