//! Exports of a plan and its figures: Graphviz DOT, Sankey JSON (nodes/links, as d3-sankey
//! and plotly take them), and CSV tables.

use crate::attribution::{attribute, from_units, line_parts, split, LeakReason};
use crate::graph::Target;
use crate::model::{Direction, Phase};
use crate::plan::Plan;
use crate::report::Report;
use crate::scope::Scope;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write;

/// A Sankey diagram of the thread: org units → projects and programs → goals, goals up to
/// their parents, and the leaks as nodes by reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sankey {
    pub nodes: Vec<SankeyNode>,
    pub links: Vec<SankeyLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SankeyNode {
    pub id: String,
    pub name: String,
    /// `org_unit`, `project`, `program`, `goal` or `leak`; `code` in a classification's.
    #[cfg_attr(
        feature = "ts",
        ts(type = "\"org_unit\" | \"project\" | \"program\" | \"goal\" | \"leak\" | \"code\"")
    )]
    pub kind: String,
}

/// A flow between two nodes, by their index in `nodes`. The value is written as an exact
/// JSON number (never through a float); a chart library reads it as it likes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SankeyLink {
    pub source: usize,
    pub target: usize,
    /// An exact JSON number, read by `JSON.parse` as a JS number for drawing.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    #[schemars(with = "crate::schema::fragments::ExactNumber")]
    pub value: Value,
}

/// The flows from programs to goals (and what programs keep back) and from goals to their
/// parents, of the whole plan's attribution `flows`.
pub(crate) fn upper_flows(
    d: &crate::model::PlanData,
    g: &crate::graph::Graph,
    flows: &crate::attribution::Flows,
    nodes: &mut Nodes,
    add: &mut dyn FnMut(usize, usize, i128),
) {
    for (q, links) in g.program_goals.iter().enumerate() {
        if flows.program_inflow[q] == 0 {
            continue;
        }
        let from = nodes.get("program", &d.programs[q].id, &d.programs[q].name);
        for (k, goal) in links.targets.iter().enumerate() {
            let to = nodes.get("goal", &d.goals[*goal].id, &d.goals[*goal].name);
            add(from, to, flows.program_goal_flow[q][k]);
        }
        let leak = flows.program_leak(q);
        if leak != 0 {
            let r = if links.targets.is_empty() {
                LeakReason::ProgramUnlinked
            } else {
                LeakReason::ProgramPartial
            };
            let to = nodes.leak(r);
            add(from, to, leak);
        }
    }
    for &goal in &g.goals_bottom_up {
        if let (Some(parent), true) = (g.goal_parent[goal], flows.goal_rolled[goal] != 0) {
            let from = nodes.get("goal", &d.goals[goal].id, &d.goals[goal].name);
            let to = nodes.get("goal", &d.goals[parent].id, &d.goals[parent].name);
            add(from, to, flows.goal_rolled[goal]);
        }
    }
}

/// The nodes of a Sankey being built, each `(kind, id)` once.
#[derive(Default)]
pub(crate) struct Nodes {
    pub nodes: Vec<SankeyNode>,
    index: HashMap<(String, String), usize>,
}

impl Nodes {
    /// The node of a leak reason.
    pub fn leak(&mut self, r: LeakReason) -> usize {
        self.get(
            "leak",
            &format!("leak:{}", r.as_str()),
            &r.as_str().replace('_', " "),
        )
    }

    pub fn get(&mut self, kind: &str, id: &str, name: &str) -> usize {
        let key = (kind.to_string(), id.to_string());
        if let Some(i) = self.index.get(&key) {
            return *i;
        }
        self.nodes.push(SankeyNode {
            id: id.to_string(),
            name: name.to_string(),
            kind: kind.to_string(),
        });
        self.index.insert(key, self.nodes.len() - 1);
        self.nodes.len() - 1
    }
}

/// The Sankey of a plan for a scope and phase. Flows of zero are left out.
pub fn sankey(plan: &Plan, scope: &Scope, phase: Phase) -> Sankey {
    let d = plan.data();
    let g = plan.graph();
    let p = d.precision;
    let lines = plan.lines_in(scope);
    let flows = attribute(d, g, lines.iter().copied(), phase);
    let mut nodes = Nodes {
        nodes: Vec::new(),
        index: HashMap::new(),
    };
    let mut acc: Vec<((usize, usize), i128)> = Vec::new();
    let mut acc_index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut add = |from: usize, to: usize, units: i128| {
        if units == 0 {
            return;
        }
        match acc_index.get(&(from, to)) {
            Some(i) => acc[*i].1 += units,
            None => {
                acc_index.insert((from, to), acc.len());
                acc.push(((from, to), units));
            }
        }
    };
    let unit_names: HashMap<&str, &str> = d
        .org_units
        .iter()
        .flatten()
        .map(|u| (u.id.as_str(), u.name.as_deref().unwrap_or(u.id.as_str())))
        .collect();
    for &l in &lines {
        let line = &d.budget_lines[l];
        let unit = line.org_unit.as_deref().unwrap_or("(no org unit)");
        let from = nodes.get(
            "org_unit",
            unit,
            unit_names.get(unit).copied().unwrap_or(unit),
        );
        let (parts, leak) = line_parts(line, g, l, phase, p);
        for (t, units) in parts {
            let to = match t {
                Target::Project(j) => nodes.get("project", &d.projects[j].id, &d.projects[j].name),
                Target::Program(q) => nodes.get("program", &d.programs[q].id, &d.programs[q].name),
            };
            add(from, to, units);
        }
        if leak != 0 {
            let r = if line.funds.is_empty() {
                LeakReason::LineUnlinked
            } else {
                LeakReason::LinePartial
            };
            let to = nodes.leak(r);
            add(from, to, leak);
        }
    }
    let mut parts = Vec::new();
    for (j, links) in g.project_programs.iter().enumerate() {
        let inflow = flows.project_inflow[j];
        if inflow == 0 {
            continue;
        }
        let from = nodes.get("project", &d.projects[j].id, &d.projects[j].name);
        let leak = split(inflow, links.targets.len(), &links.weights, &mut parts);
        for (q, units) in links.targets.iter().zip(&parts) {
            let to = nodes.get("program", &d.programs[*q].id, &d.programs[*q].name);
            add(from, to, *units);
        }
        if leak != 0 {
            let r = if links.targets.is_empty() {
                LeakReason::ProjectUnlinked
            } else {
                LeakReason::ProjectPartial
            };
            let to = nodes.leak(r);
            add(from, to, leak);
        }
    }
    upper_flows(d, g, &flows, &mut nodes, &mut add);
    let links = acc
        .into_iter()
        .map(|((source, target), units)| SankeyLink {
            source,
            target,
            value: exact_number(&from_units(units, p).to_string()),
        })
        .collect();
    Sankey {
        nodes: nodes.nodes,
        links,
    }
}

/// The Sankey of one classification of a report (SPEC §10): its codes (and the
/// unclassified money) flowing to the root goals (and to "reaches no goal"), from the
/// report's goal × code table; `None` when the report has no classification `id`. Flows of
/// zero are left out.
pub fn classification_sankey(report: &Report, id: &str) -> Option<Sankey> {
    let c = report.classifications.iter().find(|c| c.id == id)?;
    let mut nodes = Nodes {
        nodes: Vec::new(),
        index: HashMap::new(),
    };
    let mut links = Vec::new();
    let names: HashMap<&str, &str> = c
        .codes
        .iter()
        .map(|x| (x.id.as_str(), x.name.as_deref().unwrap_or(x.id.as_str())))
        .collect();
    let roots = c
        .goals
        .iter()
        .zip(&report.goals)
        .filter(|(_, g)| g.parent.is_none())
        .map(|(row, g)| (row, nodes.get("goal", &g.id, &g.name)));
    let roots: Vec<_> = roots.collect();
    let leaked = nodes.get("leak", "leak:no_goal", "reaches no goal");
    for (row, target) in roots.into_iter().chain([(&c.leaked, leaked)]) {
        let cells = row
            .codes
            .iter()
            .map(|x| (x.code.as_str(), x.amount))
            .chain([("", row.unclassified_amount)]);
        for (code, amount) in cells {
            if amount.is_zero() {
                continue;
            }
            let source = match code {
                "" => nodes.get("code", "code:unclassified", "unclassified"),
                _ => nodes.get("code", code, names.get(code).copied().unwrap_or(code)),
            };
            links.push(SankeyLink {
                source,
                target,
                value: exact_number(&amount.to_string()),
            });
        }
    }
    Some(Sankey {
        nodes: nodes.nodes,
        links,
    })
}

/// A JSON number with exactly this decimal text (serde_json keeps it with
/// `arbitrary_precision`).
pub(crate) fn exact_number(text: &str) -> Value {
    serde_json::from_str::<serde_json::Number>(text)
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(text.to_string()))
}

/// Quotes a string for DOT.
fn dot_str(text: &str) -> String {
    format!("\"{}\"", dot_escape(text))
}

/// Escapes a string for use inside DOT quotes.
fn dot_escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' | '\r' => s.push(' '),
            _ => s.push(c),
        }
    }
    s
}

/// The plan as a Graphviz DOT graph, money flowing left to right: lines → projects →
/// programs → goals, goals → parent goals. Shares label the links that give them.
pub fn dot(plan: &Plan) -> String {
    let d = plan.data();
    let mut out = String::new();
    let _ = writeln!(out, "digraph goldthread {{");
    let _ = writeln!(out, "  label={};", dot_str(&d.name));
    let _ = writeln!(
        out,
        "  rankdir=LR;\n  node [fontname=\"Vazirmatn,DejaVu Sans\"];"
    );
    let node = |out: &mut String, id: &str, name: &str, shape: &str| {
        // Two lines: DOT's own `\n` escape between id and name.
        let _ = writeln!(
            out,
            "  {} [label=\"{}\\n{}\", shape={shape}];",
            dot_str(id),
            dot_escape(id),
            dot_escape(name)
        );
    };
    for g in &d.goals {
        node(&mut out, &g.id, &g.name, "doubleoctagon");
    }
    for q in &d.programs {
        node(&mut out, &q.id, &q.name, "box");
    }
    for j in &d.projects {
        node(&mut out, &j.id, &j.name, "ellipse");
    }
    for l in &d.budget_lines {
        if l.direction == Direction::Expenditure {
            node(&mut out, &l.id, l.name.as_deref().unwrap_or(""), "note");
        }
    }
    let edge = |out: &mut String, from: &str, to: &str, share: Option<rust_decimal::Decimal>| {
        match share {
            Some(s) => {
                let _ = writeln!(
                    out,
                    "  {} -> {} [label={}];",
                    dot_str(from),
                    dot_str(to),
                    dot_str(&s.to_string())
                );
            }
            None => {
                let _ = writeln!(out, "  {} -> {};", dot_str(from), dot_str(to));
            }
        }
    };
    for g in &d.goals {
        if let Some(p) = &g.parent {
            edge(&mut out, &g.id, p, None);
        }
    }
    for q in &d.programs {
        for l in &q.goals {
            edge(&mut out, &q.id, &l.goal, l.share);
        }
    }
    for j in &d.projects {
        for l in &j.programs {
            edge(&mut out, &j.id, &l.program, l.share);
        }
    }
    for line in &d.budget_lines {
        for f in &line.funds {
            edge(&mut out, &line.id, f.target.id(), f.share);
        }
    }
    out.push_str("}\n");
    out
}

/// The tables of figures goldthread exports (`export --to figures`); the plan itself as
/// tables is [`crate::tables`].
#[cfg(feature = "tables")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    Goals,
    Programs,
    Projects,
}

#[cfg(feature = "tables")]
impl CsvTable {
    pub const ALL: [CsvTable; 3] = [CsvTable::Goals, CsvTable::Programs, CsvTable::Projects];

    /// The table's name, which is also its file name without `.csv`.
    pub fn name(self) -> &'static str {
        match self {
            CsvTable::Goals => "goals",
            CsvTable::Programs => "programs",
            CsvTable::Projects => "projects",
        }
    }

    /// The table named so, if any.
    pub fn parse(text: &str) -> Option<CsvTable> {
        CsvTable::ALL.into_iter().find(|t| t.name() == text)
    }
}

#[cfg(feature = "tables")]
/// Links written in one cell: `G1:0.8;G3.1:0.2`, or `G1;G2` for an equal split.
fn links_cell<'a>(links: impl Iterator<Item = (&'a str, Option<rust_decimal::Decimal>)>) -> String {
    links
        .map(|(id, s)| match s {
            Some(s) => format!("{id}:{s}"),
            None => id.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(feature = "tables")]
/// One CSV table of the plan with its figures for the report's scope and phase.
pub fn csv_table(plan: &Plan, report: &Report, table: CsvTable) -> Result<String, csv::Error> {
    let d = plan.data();
    // Every text cell guarded against spreadsheet formulas (crate::csv_guard).
    let mut w = crate::csv_guard::Writer::new();
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let dec = |v: Option<rust_decimal::Decimal>| v.map(|v| v.to_string()).unwrap_or_default();
    match table {
        CsvTable::Goals => {
            w.write_record([
                "id",
                "name",
                "parent",
                "leaf",
                "direct_amount",
                "rolled_up_amount",
                "share",
                "programs",
                "projects",
                "lines",
                "breadth",
                "programmed_ratio",
                "funded_ratio",
                "measurable_ratio",
                "covered_ratio",
            ])?;
            for g in &report.goals {
                w.write_record([
                    g.id.clone(),
                    g.name.clone(),
                    opt(&g.parent),
                    g.leaf.to_string(),
                    g.direct_amount.to_string(),
                    g.rolled_up_amount.to_string(),
                    g.share.map(|s| s.to_string()).unwrap_or_default(),
                    g.programs.to_string(),
                    g.projects.to_string(),
                    g.lines.to_string(),
                    g.breadth.to_string(),
                    g.programmed_ratio.to_string(),
                    g.funded_ratio.to_string(),
                    g.measurable_ratio.to_string(),
                    g.covered_ratio.to_string(),
                ])?;
            }
        }
        CsvTable::Programs => {
            w.write_record([
                "id",
                "name",
                "start",
                "end",
                "owner",
                "goals",
                "inflow",
                "to_goals",
                "leak",
                "measurable",
            ])?;
            for (q, r) in d.programs.iter().zip(&report.programs) {
                w.write_record([
                    q.id.clone(),
                    q.name.clone(),
                    opt(&q.start),
                    opt(&q.end),
                    opt(&q.owner),
                    links_cell(q.goals.iter().map(|l| (l.goal.as_str(), l.share))),
                    r.inflow.to_string(),
                    r.to_goals.to_string(),
                    r.leak.to_string(),
                    r.measurable.to_string(),
                ])?;
            }
        }
        CsvTable::Projects => {
            w.write_record([
                "id",
                "name",
                "tier",
                "org_unit",
                "tags",
                "programs",
                "estimate",
                "inflow",
                "to_programs",
                "leak",
                "funding_gap",
            ])?;
            for (j, r) in d.projects.iter().zip(&report.projects) {
                w.write_record([
                    j.id.clone(),
                    j.name.clone(),
                    opt(&j.tier),
                    opt(&j.org_unit),
                    j.tags.join(";"),
                    links_cell(j.programs.iter().map(|l| (l.program.as_str(), l.share))),
                    dec(j.estimate),
                    r.inflow.to_string(),
                    r.to_programs.to_string(),
                    r.leak.to_string(),
                    dec(r.funding_gap),
                ])?;
            }
        }
    }
    let bytes = w.0.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"{"format":"goldthread/1","name":"s","precision":0,
        "goals":[{"id":"G","name":"root"},{"id":"G.1","name":"leaf \"q\"","parent":"G"}],
        "programs":[{"id":"P","name":"p","goals":[{"goal":"G.1","share":"0.5"}]}],
        "projects":[{"id":"J","name":"j","programs":[{"program":"P"}]}],
        "budget_lines":[{"id":"L","year":"1","org_unit":"HQ","amount":"101","funds":[{"project":"J"}]},
                        {"id":"M","year":"1","amount":"4"}]}"#;

    #[test]
    fn sankey_conserves_money_at_every_inner_node() {
        let plan = Plan::from_json(PLAN).unwrap();
        let s = sankey(&plan, &Scope::all(), Phase::Amount);
        let value = |l: &SankeyLink| l.value.to_string().parse::<i64>().unwrap();
        for (i, n) in s.nodes.iter().enumerate() {
            let inflow: i64 = s.links.iter().filter(|l| l.target == i).map(value).sum();
            let outflow: i64 = s.links.iter().filter(|l| l.source == i).map(value).sum();
            match n.kind.as_str() {
                "project" | "program" => assert_eq!(inflow, outflow, "{}", n.id),
                "org_unit" => assert_eq!(inflow, 0),
                _ => {}
            }
        }
        let leak = s
            .nodes
            .iter()
            .position(|n| n.id == "leak:program_partial")
            .unwrap();
        let into_leak: i64 = s.links.iter().filter(|l| l.target == leak).map(value).sum();
        assert_eq!(into_leak, 50);
        let root = s.nodes.iter().position(|n| n.id == "G").unwrap();
        assert_eq!(
            s.links
                .iter()
                .filter(|l| l.target == root)
                .map(value)
                .sum::<i64>(),
            51
        );
        assert!(s.nodes.iter().any(|n| n.id == "leak:line_unlinked"));
    }

    #[test]
    fn dot_quotes_names() {
        let plan = Plan::from_json(PLAN).unwrap();
        let out = dot(&plan);
        assert!(
            out.contains(r#""G.1" [label="G.1\nleaf \"q\"", shape=doubleoctagon];"#),
            "{out}"
        );
        assert!(out.contains(r#""P" -> "G.1" [label="0.5"];"#));
    }

    #[cfg(feature = "tables")]
    #[test]
    fn csv_tables_carry_figures_and_links() {
        let plan = Plan::from_json(PLAN).unwrap();
        let report = plan.report(&Scope::all(), Phase::Amount);
        let goals = csv_table(&plan, &report, CsvTable::Goals).unwrap();
        assert!(goals
            .lines()
            .nth(2)
            .unwrap()
            .starts_with("G.1,\"leaf \"\"q\"\"\",G,true,51,51,"));
        let programs = csv_table(&plan, &report, CsvTable::Programs).unwrap();
        assert!(
            programs.contains("P,p,,,,G.1:0.5,101,51,50,false"),
            "{programs}"
        );
    }
}
