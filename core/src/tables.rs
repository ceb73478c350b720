//! A plan as a set of CSV tables, one per entity kind, with columns named as the plan's
//! fields and links as `goal`/`program`/`project` and `share` columns, one row per link —
//! the form for hand-kept plans and spreadsheets. `goldthread export --to csv` writes it and
//! `goldthread import --tables DIR` reads it back to the same plan.
//!
//! | file | columns |
//! |---|---|
//! | `plan.csv` | name, currency, precision, x |
//! | `org_units.csv` | id, name, kind, parent, x |
//! | `goals.csv` | id, name, parent, x |
//! | `indicators.csv` | owner, id, name, unit, baseline_value, baseline_year, target_value, target_year, ascending, x |
//! | `actuals.csv` | indicator, value, year |
//! | `programs.csv` | id, name, start, end, owner, x, goal, share |
//! | `projects.csv` | id, name, tier, org_unit, tags, schedule_start, schedule_finish, estimate, as_of, percent_complete, actual_cost, x, program, share |
//! | `budget_lines.csv` | id, name, year, org_unit, category, direction, proposed, amount, revised, committed, spent, x, project, program, share |
//!
//! A child with several links takes several rows, its own fields repeated; `x` holds the
//! user's extensions as JSON text, `tags` a JSON list.

use crate::amount::{parse_amount, parse_decimal};
use crate::rules;
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::*;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The tables, in the order they are written and read.
pub const FILES: [&str; 8] = [
    "plan.csv",
    "org_units.csv",
    "goals.csv",
    "indicators.csv",
    "actuals.csv",
    "programs.csv",
    "projects.csv",
    "budget_lines.csv",
];

fn columns(file: &str) -> &'static [&'static str] {
    match file {
        "plan.csv" => &["name", "currency", "precision", "x"],
        "org_units.csv" => &["id", "name", "kind", "parent", "x"],
        "goals.csv" => &["id", "name", "parent", "x"],
        "indicators.csv" => &[
            "owner",
            "id",
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "ascending",
            "x",
        ],
        "actuals.csv" => &["indicator", "value", "year"],
        "programs.csv" => &["id", "name", "start", "end", "owner", "x", "goal", "share"],
        "projects.csv" => &[
            "id",
            "name",
            "tier",
            "org_unit",
            "tags",
            "schedule_start",
            "schedule_finish",
            "estimate",
            "as_of",
            "percent_complete",
            "actual_cost",
            "x",
            "program",
            "share",
        ],
        "budget_lines.csv" => &[
            "id",
            "name",
            "year",
            "org_unit",
            "category",
            "direction",
            "proposed",
            "amount",
            "revised",
            "committed",
            "spent",
            "x",
            "project",
            "program",
            "share",
        ],
        _ => &[],
    }
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn opt_str(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn dec(v: Option<Decimal>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

fn x_text(x: Option<&Map<String, Value>>) -> String {
    x.map(|m| serde_json::to_string(m).unwrap_or_default())
        .unwrap_or_default()
}

/// Writes a plan as tables: `(file name, CSV text)` for each of [`FILES`] (org units only
/// where the plan lists them).
pub fn write(data: &PlanData) -> Result<Vec<(&'static str, String)>, csv::Error> {
    let mut out = Vec::new();
    for file in FILES {
        if file == "org_units.csv" && data.org_units.is_none() {
            continue;
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(columns(file))?;
        match file {
            "plan.csv" => w.write_record([
                data.name.clone(),
                opt(&data.currency),
                data.precision.to_string(),
                x_text(data.x.as_ref()),
            ])?,
            "org_units.csv" => {
                for u in data.org_units.iter().flatten() {
                    w.write_record([
                        u.id.clone(),
                        opt(&u.name),
                        opt(&u.kind),
                        opt(&u.parent),
                        x_text(u.x.as_ref()),
                    ])?;
                }
            }
            "goals.csv" => {
                for g in &data.goals {
                    w.write_record([
                        g.id.clone(),
                        g.name.clone(),
                        opt(&g.parent),
                        x_text(g.x.as_ref()),
                    ])?;
                }
            }
            "indicators.csv" | "actuals.csv" => {
                let owners = data
                    .goals
                    .iter()
                    .map(|g| (&g.id, &g.indicators))
                    .chain(data.programs.iter().map(|p| (&p.id, &p.indicators)));
                for (owner, indicators) in owners {
                    for i in indicators {
                        if file == "actuals.csv" {
                            for a in &i.actuals {
                                w.write_record([
                                    i.id.clone(),
                                    a.value.to_string(),
                                    a.year.clone(),
                                ])?;
                            }
                            continue;
                        }
                        let m = |m: &Option<Measure>| {
                            m.as_ref()
                                .map(|m| (m.value.to_string(), m.year.clone()))
                                .unwrap_or_default()
                        };
                        let (bv, by) = m(&i.baseline);
                        let (tv, ty) = m(&i.target);
                        w.write_record([
                            owner.clone(),
                            i.id.clone(),
                            i.name.clone(),
                            opt(&i.unit),
                            bv,
                            by,
                            tv,
                            ty,
                            i.ascending.map(|a| a.to_string()).unwrap_or_default(),
                            x_text(i.x.as_ref()),
                        ])?;
                    }
                }
            }
            "programs.csv" => {
                for p in &data.programs {
                    let base = [
                        p.id.clone(),
                        p.name.clone(),
                        opt(&p.start),
                        opt(&p.end),
                        opt(&p.owner),
                        x_text(p.x.as_ref()),
                    ];
                    let links: Vec<(String, String)> = if p.goals.is_empty() {
                        vec![(String::new(), String::new())]
                    } else {
                        p.goals
                            .iter()
                            .map(|l| (l.goal.clone(), dec(l.share)))
                            .collect()
                    };
                    for (goal, share) in links {
                        let mut row = base.to_vec();
                        row.extend([goal, share]);
                        w.write_record(&row)?;
                    }
                }
            }
            "projects.csv" => {
                for p in &data.projects {
                    let (start, finish) = p
                        .schedule
                        .as_ref()
                        .map(|s| (s.start.to_string(), s.finish.to_string()))
                        .unwrap_or_default();
                    let (as_of, pct, ac) = p
                        .status
                        .as_ref()
                        .map(|s| {
                            (
                                s.as_of.to_string(),
                                s.percent_complete.to_string(),
                                s.actual_cost.to_string(),
                            )
                        })
                        .unwrap_or_default();
                    let tags = if p.tags.is_empty() {
                        String::new()
                    } else {
                        serde_json::to_string(&p.tags).unwrap_or_default()
                    };
                    let base = [
                        p.id.clone(),
                        p.name.clone(),
                        opt(&p.tier),
                        opt(&p.org_unit),
                        tags,
                        start,
                        finish,
                        dec(p.estimate),
                        as_of,
                        pct,
                        ac,
                        x_text(p.x.as_ref()),
                    ];
                    let links: Vec<(String, String)> = if p.programs.is_empty() {
                        vec![(String::new(), String::new())]
                    } else {
                        p.programs
                            .iter()
                            .map(|l| (l.program.clone(), dec(l.share)))
                            .collect()
                    };
                    for (program, share) in links {
                        let mut row = base.to_vec();
                        row.extend([program, share]);
                        w.write_record(&row)?;
                    }
                }
            }
            _ => {
                for l in &data.budget_lines {
                    let base = [
                        l.id.to_string(),
                        opt_str(l.name.as_deref()),
                        l.year.to_string(),
                        opt_str(l.org_unit.as_deref()),
                        opt_str(l.category.as_deref()),
                        l.direction.as_str().to_string(),
                        dec(l.proposed),
                        l.amount.to_string(),
                        dec(l.revised),
                        dec(l.committed),
                        dec(l.spent),
                        x_text(l.x.as_deref()),
                    ];
                    let links: Vec<(String, String, String)> = if l.funds.is_empty() {
                        vec![Default::default()]
                    } else {
                        l.funds
                            .iter()
                            .map(|f| match &f.target {
                                FundTarget::Project(id) => {
                                    (id.to_string(), String::new(), dec(f.share))
                                }
                                FundTarget::Program(id) => {
                                    (String::new(), id.to_string(), dec(f.share))
                                }
                            })
                            .collect()
                    };
                    for (project, program, share) in links {
                        let mut row = base.to_vec();
                        row.extend([project, program, share]);
                        w.write_record(&row)?;
                    }
                }
            }
        }
        let bytes = w.into_inner().map_err(|e| e.into_error())?;
        out.push((file, String::from_utf8_lossy(&bytes).into_owned()));
    }
    Ok(out)
}

/// One table as read: its file name, its rows (line number and cells), its header.
struct ParsedTable {
    name: String,
    rows: Vec<(usize, Vec<String>)>,
    headers: Vec<String>,
}

/// A row of a table, its cells by column name.
struct Row<'a> {
    file: &'a str,
    line: usize,
    cells: HashMap<&'a str, &'a str>,
}

impl Row<'_> {
    fn get(&self, column: &str) -> Option<String> {
        self.cells
            .get(column)
            .map(|c| c.to_string())
            .filter(|c| !c.is_empty())
    }
}

struct Reader<'d> {
    diags: &'d mut Vec<Diagnostic>,
    precision: u32,
}

impl Reader<'_> {
    fn problem(&mut self, code: Code, row: &Row, column: &str, message: String) {
        let mut d = Diagnostic::new(
            code,
            format!("{} row {}, {column}: {message}", row.file, row.line),
        )
        .at(row.file.to_string());
        d.line = Some(row.line);
        d.entity = row.get("id").map(Into::into);
        self.diags.push(d);
    }

    fn amount(&mut self, row: &Row, column: &str) -> Option<Decimal> {
        let text = row.get(column)?;
        match parse_amount(&text, self.precision) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(Code::E007, row, column, e.to_string());
                None
            }
        }
    }

    fn decimal(&mut self, row: &Row, column: &str) -> Option<Decimal> {
        let text = row.get(column)?;
        match parse_decimal(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(Code::E007, row, column, e.to_string());
                None
            }
        }
    }

    fn date(&mut self, row: &Row, column: &str) -> Option<Date> {
        let text = row.get(column)?;
        let d = Date::parse(&text);
        if d.is_none() {
            self.problem(
                Code::E009,
                row,
                column,
                format!("{text:?} is not a date; write YYYY-MM-DD"),
            );
        }
        d
    }

    fn x(&mut self, row: &Row) -> Option<Map<String, Value>> {
        let text = row.get("x")?;
        match serde_json::from_str(&text) {
            Ok(m) => Some(m),
            Err(e) => {
                self.problem(Code::E008, row, "x", format!("not a JSON object: {e}"));
                None
            }
        }
    }

    fn required(&mut self, row: &Row, column: &str) -> String {
        row.get(column).unwrap_or_else(|| {
            self.problem(Code::E008, row, column, "is required".into());
            String::new()
        })
    }
}

/// Reads a plan from its tables, `(file name, bytes)`; every problem is a diagnostic
/// naming the file, the row and the column. `plan.csv` is required; the others may be
/// absent (no entities of that kind).
pub fn read(files: &[(String, Vec<u8>)]) -> (Option<PlanData>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut texts: HashMap<&str, (&str, String)> = HashMap::new();
    for (name, bytes) in files {
        let base = name.rsplit('/').next().unwrap_or(name);
        let Some(known) = FILES.iter().find(|f| **f == base) else {
            diags.push(
                Diagnostic::new(
                    Code::E008,
                    format!(
                        "{name} is not a plan table; the tables are {}",
                        FILES.join(", ")
                    ),
                )
                .at(name.clone()),
            );
            continue;
        };
        match std::str::from_utf8(bytes) {
            Ok(t) => {
                texts.insert(
                    known,
                    (name.as_str(), t.trim_start_matches('\u{feff}').to_string()),
                );
            }
            Err(_) => diags
                .push(Diagnostic::new(Code::E008, format!("{name} is not UTF-8")).at(name.clone())),
        }
    }
    // Parse every table into rows of cells by column, refusing unknown columns.
    let mut tables: HashMap<&str, ParsedTable> = HashMap::new();
    for file in FILES {
        let Some((name, text)) = texts.get(file) else {
            continue;
        };
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
            Err(e) => {
                diags
                    .push(Diagnostic::new(Code::E008, format!("{name}: {e}")).at(name.to_string()));
                continue;
            }
        };
        for h in &headers {
            if !columns(file).contains(&h.as_str()) {
                diags.push(
                    Diagnostic::new(
                        Code::E008,
                        format!(
                            "{name} has an unknown column {h:?}; its columns are {}",
                            columns(file).join(", ")
                        ),
                    )
                    .at(name.to_string()),
                );
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                    rows.push((line, r.iter().map(str::to_string).collect()));
                }
                Err(e) => diags
                    .push(Diagnostic::new(Code::E008, format!("{name}: {e}")).at(name.to_string())),
            }
        }
        tables.insert(
            file,
            ParsedTable {
                name: name.to_string(),
                rows,
                headers,
            },
        );
    }
    let rows_of = |file: &str| -> Vec<Row<'_>> {
        let Some(ParsedTable {
            name,
            rows,
            headers,
        }) = tables.get(file)
        else {
            return Vec::new();
        };
        rows.iter()
            .map(|(line, cells)| Row {
                file: name.as_str(),
                line: *line,
                cells: headers
                    .iter()
                    .map(String::as_str)
                    .zip(cells.iter().map(String::as_str))
                    .collect(),
            })
            .collect()
    };

    let plan_rows = rows_of("plan.csv");
    let Some(plan_row) = plan_rows.first() else {
        diags.push(
            Diagnostic::new(
                Code::E008,
                "plan.csv is missing or has no row: it holds the plan's name",
            )
            .at("plan.csv"),
        );
        return (None, diags);
    };
    let mut r = Reader {
        diags: &mut diags,
        precision: 2,
    };
    let precision = match plan_row.get("precision").map(|p| p.parse::<u32>()) {
        None => rules::DEFAULT_PRECISION,
        Some(Ok(p)) if rules::precision_in_range(p) => p,
        Some(_) => {
            let message = format!("must be a whole number from 0 to {}", rules::MAX_PRECISION);
            r.problem(Code::E008, plan_row, "precision", message);
            rules::DEFAULT_PRECISION
        }
    };
    r.precision = precision;
    let mut data = PlanData {
        name: r.required(plan_row, "name"),
        currency: plan_row.get("currency"),
        precision,
        x: r.x(plan_row),
        ..PlanData::default()
    };
    if tables.contains_key("org_units.csv") {
        let mut units = Vec::new();
        for row in rows_of("org_units.csv") {
            units.push(OrgUnit {
                id: r.required(&row, "id"),
                name: row.get("name"),
                kind: row.get("kind"),
                parent: row.get("parent"),
                x: r.x(&row),
            });
        }
        data.org_units = Some(units);
    }
    for row in rows_of("goals.csv") {
        data.goals.push(Goal {
            id: r.required(&row, "id"),
            name: r.required(&row, "name"),
            parent: row.get("parent"),
            indicators: Vec::new(),
            x: r.x(&row),
        });
    }
    // Programs, projects and lines: the first row of an id makes the entity, every row
    // adds its link.
    let mut at: HashMap<String, usize> = HashMap::new();
    for row in rows_of("programs.csv") {
        let id = r.required(&row, "id");
        let q = match at.get(&id) {
            Some(&q) => q,
            None => {
                data.programs.push(Program {
                    id: id.clone(),
                    name: row.get("name").unwrap_or_default(),
                    start: row.get("start"),
                    end: row.get("end"),
                    owner: row.get("owner"),
                    goals: Vec::new(),
                    indicators: Vec::new(),
                    x: r.x(&row),
                });
                at.insert(id, data.programs.len() - 1);
                data.programs.len() - 1
            }
        };
        if let Some(goal) = row.get("goal") {
            let share = r.decimal(&row, "share");
            data.programs[q].goals.push(GoalLink { goal, share });
        }
    }
    at.clear();
    for row in rows_of("projects.csv") {
        let id = r.required(&row, "id");
        let j = match at.get(&id) {
            Some(&j) => j,
            None => {
                let schedule = match (
                    r.date(&row, "schedule_start"),
                    r.date(&row, "schedule_finish"),
                ) {
                    (Some(start), Some(finish)) => Some(Schedule { start, finish }),
                    _ => None,
                };
                let status = match (
                    r.date(&row, "as_of"),
                    r.decimal(&row, "percent_complete"),
                    r.amount(&row, "actual_cost"),
                ) {
                    (Some(as_of), Some(percent_complete), Some(actual_cost)) => Some(Status {
                        as_of,
                        percent_complete,
                        actual_cost,
                    }),
                    _ => None,
                };
                let tags = match row.get("tags") {
                    Some(t) => serde_json::from_str(&t).unwrap_or_else(|e| {
                        r.problem(
                            Code::E008,
                            &row,
                            "tags",
                            format!("not a JSON list of strings: {e}"),
                        );
                        Vec::new()
                    }),
                    None => Vec::new(),
                };
                data.projects.push(Project {
                    id: id.clone(),
                    name: row.get("name").unwrap_or_default(),
                    tier: row.get("tier"),
                    org_unit: row.get("org_unit"),
                    tags,
                    programs: Vec::new(),
                    schedule,
                    estimate: r.amount(&row, "estimate"),
                    status,
                    x: r.x(&row),
                });
                at.insert(id, data.projects.len() - 1);
                data.projects.len() - 1
            }
        };
        if let Some(program) = row.get("program") {
            let share = r.decimal(&row, "share");
            data.projects[j]
                .programs
                .push(ProgramLink { program, share });
        }
    }
    at.clear();
    for row in rows_of("budget_lines.csv") {
        let id = r.required(&row, "id");
        let l = match at.get(&id) {
            Some(&l) => l,
            None => {
                let direction = match row.get("direction").as_deref() {
                    None | Some("expenditure") => Direction::Expenditure,
                    Some("revenue") => Direction::Revenue,
                    Some(other) => {
                        r.problem(
                            Code::E008,
                            &row,
                            "direction",
                            format!("{other:?} is neither expenditure nor revenue"),
                        );
                        Direction::Expenditure
                    }
                };
                let amount = r.amount(&row, "amount");
                if amount.is_none() && row.get("amount").is_none() {
                    r.problem(Code::E008, &row, "amount", "is required".into());
                }
                data.budget_lines.push(BudgetLine {
                    id: id.as_str().into(),
                    name: row.get("name").map(Into::into),
                    year: r.required(&row, "year").into(),
                    org_unit: row.get("org_unit").map(Into::into),
                    category: row.get("category").map(Into::into),
                    direction,
                    proposed: r.amount(&row, "proposed"),
                    amount: amount.unwrap_or_default(),
                    revised: r.amount(&row, "revised"),
                    committed: r.amount(&row, "committed"),
                    spent: r.amount(&row, "spent"),
                    funds: Vec::new(),
                    x: r.x(&row).map(Box::new),
                });
                at.insert(id, data.budget_lines.len() - 1);
                data.budget_lines.len() - 1
            }
        };
        let share = r.decimal(&row, "share");
        match (row.get("project"), row.get("program")) {
            (Some(p), None) => data.budget_lines[l].funds.push(Funding {
                target: FundTarget::Project(p.into()),
                share,
            }),
            (None, Some(p)) => data.budget_lines[l].funds.push(Funding {
                target: FundTarget::Program(p.into()),
                share,
            }),
            (None, None) => {}
            (Some(_), Some(_)) => r.problem(
                Code::E008,
                &row,
                "project",
                "a row links to a project or a program, not both; write two rows".into(),
            ),
        }
    }
    // Indicators belong to a goal or a program, named by `owner`.
    let mut indicator_at: HashMap<String, (bool, usize, usize)> = HashMap::new();
    for row in rows_of("indicators.csv") {
        let owner = r.required(&row, "owner");
        let measure = |r: &mut Reader, v: &str, y: &str| -> Option<Measure> {
            let value = r.decimal(&row, v);
            match (value, row.get(y)) {
                (Some(value), Some(year)) => Some(Measure { value, year }),
                (None, None) => None,
                _ => {
                    r.problem(
                        Code::E008,
                        &row,
                        v,
                        "a value needs a year and a year needs a value".into(),
                    );
                    None
                }
            }
        };
        let ascending = match row.get("ascending").as_deref() {
            None => None,
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(other) => {
                r.problem(
                    Code::E008,
                    &row,
                    "ascending",
                    format!("{other:?} is neither true nor false"),
                );
                None
            }
        };
        let indicator = Indicator {
            id: r.required(&row, "id"),
            name: r.required(&row, "name"),
            unit: row.get("unit"),
            baseline: measure(&mut r, "baseline_value", "baseline_year"),
            target: measure(&mut r, "target_value", "target_year"),
            actuals: Vec::new(),
            ascending,
            x: r.x(&row),
        };
        let place = if let Some(g) = data.goals.iter().position(|g| g.id == owner) {
            data.goals[g].indicators.push(indicator.clone());
            Some((true, g, data.goals[g].indicators.len() - 1))
        } else if let Some(q) = data.programs.iter().position(|p| p.id == owner) {
            data.programs[q].indicators.push(indicator.clone());
            Some((false, q, data.programs[q].indicators.len() - 1))
        } else {
            r.problem(
                Code::E002,
                &row,
                "owner",
                format!("{owner:?} is not a goal or program of this plan"),
            );
            None
        };
        if let Some(place) = place {
            indicator_at.insert(indicator.id, place);
        }
    }
    for row in rows_of("actuals.csv") {
        let id = r.required(&row, "indicator");
        let (Some(value), Some(year)) = (r.decimal(&row, "value"), row.get("year")) else {
            r.problem(
                Code::E008,
                &row,
                "value",
                "an actual needs a value and a year".into(),
            );
            continue;
        };
        match indicator_at.get(&id) {
            Some(&(true, g, i)) => data.goals[g].indicators[i]
                .actuals
                .push(Measure { value, year }),
            Some(&(false, q, i)) => data.programs[q].indicators[i]
                .actuals
                .push(Measure { value, year }),
            None => r.problem(
                Code::E002,
                &row,
                "indicator",
                format!("{id:?} is not an indicator in indicators.csv"),
            ),
        }
    }
    (Some(data), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(tables: Vec<(&str, String)>) -> Vec<(String, Vec<u8>)> {
        tables
            .into_iter()
            .map(|(n, t)| (n.to_string(), t.into_bytes()))
            .collect()
    }

    #[test]
    fn a_plan_survives_the_tables() {
        let text = r#"{"format":"goldthread/1","name":"t, \"quoted\"","currency":"IRR","precision":0,"x":{"k":[1,2]},
            "org_units":[{"id":"HQ","name":"ستاد"},{"id":"D1","parent":"HQ"}],
            "goals":[{"id":"G","name":"g"},{"id":"G.1","name":"g1","parent":"G",
               "indicators":[{"id":"K","name":"k","unit":"m2","baseline":{"value":"1","year":"1396"},
                 "target":{"value":"2","year":"1400"},"actuals":[{"value":"1.5","year":"1397"}],"ascending":true}]}],
            "programs":[{"id":"P","name":"p","start":"1398","end":"1399","owner":"HQ","goals":[{"goal":"G.1","share":"0.8"}],
               "indicators":[{"id":"PK","name":"pk"}]},{"id":"Q","name":"q"}],
            "projects":[{"id":"J","name":"j","tier":"city","org_unit":"D1","tags":["a;b","c"],"programs":[{"program":"P"},{"program":"Q"}],
               "schedule":{"start":"2019-03-21","finish":"2021-03-20"},"estimate":"420",
               "status":{"as_of":"2019-09-22","percent_complete":"0.25","actual_cost":"98"}}],
            "budget_lines":[{"id":"L","name":"l","year":"1398","org_unit":"D1","category":"capital","amount":"150","revised":"160",
               "spent":"41","funds":[{"project":"J","share":"0.5"},{"program":"P","share":"0.25"}]},
               {"id":"R","year":"1398","direction":"revenue","amount":"7"}]}"#;
        let plan = crate::Plan::from_json(text).unwrap();
        let tables = write(plan.data()).unwrap();
        let (data, diags) = read(&files(tables));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(&data.unwrap(), plan.data());
    }

    #[test]
    fn problems_name_file_row_and_column() {
        let (_, diags) = read(&files(vec![
            ("plan.csv", "name,precision\nt,0\n".into()),
            (
                "budget_lines.csv",
                "id,year,amount,colour\nL,1,12/5,red\n".into(),
            ),
            ("goals.csv", "id,name\nG,\n".into()),
        ]));
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("unknown column \"colour\"")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("budget_lines.csv row 2, amount:")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("goals.csv row 2, name: is required")),
            "{messages:?}"
        );
        let (data, diags) = read(&files(vec![("goals.csv", "id,name\nG,g\n".into())]));
        assert!(data.is_none());
        assert!(diags[0].message.contains("plan.csv"));
    }
}
