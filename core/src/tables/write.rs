//! Writing a plan as its tables: the rows of each table, given to a [`Rows`] sink — CSV
//! text here, Arrow columns in [`crate::columnar`].

use super::{columns, FILES};
use crate::csv_guard::Writer;
use crate::model::*;
use rust_decimal::Decimal;

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn opt_str(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn dec(v: Option<Decimal>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

fn x_text(x: Option<&Extension>) -> String {
    x.map(|x| x.as_json().to_string()).unwrap_or_default()
}

/// Where the rows of a plan's tables go, one row of cells at a time (in the order of
/// [`columns`]; an empty cell is an absent value).
pub(crate) trait Rows {
    type Error;
    fn row<I, T>(&mut self, cells: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>;
}

impl Rows for Writer {
    type Error = csv::Error;
    fn row<I, T>(&mut self, cells: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.write_record(cells)
    }
}

/// Writes a plan as tables: `(file name, CSV text)` for each of [`FILES`] (org units only
/// where the plan lists them).
pub fn write(data: &PlanData) -> Result<Vec<(&'static str, String)>, csv::Error> {
    let mut out = Vec::new();
    each_table(
        data,
        |file| {
            // Every text cell guarded against spreadsheet formulas (crate::csv_guard).
            let mut w = Writer::new();
            w.write_record(columns(file))?;
            Ok(w)
        },
        |file, w: Writer| {
            let bytes = w.0.into_inner().map_err(|e| e.into_error())?;
            out.push((file, String::from_utf8_lossy(&bytes).into_owned()));
            Ok(())
        },
    )?;
    Ok(out)
}

/// Gives the rows of each of the plan's tables to a sink that `open` makes for the table
/// and `close` takes back when its rows are done.
pub(crate) fn each_table<R: Rows>(
    data: &PlanData,
    mut open: impl FnMut(&'static str) -> Result<R, R::Error>,
    mut close: impl FnMut(&'static str, R) -> Result<(), R::Error>,
) -> Result<(), R::Error> {
    for file in FILES {
        if file == "org_units.csv" && data.org_units.is_none() {
            continue;
        }
        // A plan without classifications is written as it always was.
        if matches!(file, "classifications.csv" | "tags.csv") && data.classifications.is_empty() {
            continue;
        }
        let mut w = open(file)?;
        match file {
            "plan.csv" => w.row([
                data.name.clone(),
                opt(&data.currency),
                data.precision.to_string(),
                match data.calendar.is_gregorian() {
                    true => String::new(),
                    false => data.calendar.as_str().to_string(),
                },
                data.fiscal_year_start
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                x_text(data.x.as_ref()),
            ])?,
            "org_units.csv" => org_units(&mut w, data)?,
            "goals.csv" => goals(&mut w, data)?,
            "indicators.csv" | "actuals.csv" => indicators(&mut w, data, file)?,
            "programs.csv" => programs(&mut w, data)?,
            "projects.csv" => projects(&mut w, data)?,
            "classifications.csv" => classifications(&mut w, data)?,
            "tags.csv" => tags(&mut w, data)?,
            _ => budget_lines(&mut w, data)?,
        }
        close(file, w)?;
    }
    Ok(())
}

/// One row per code of each classification (one with no code for a classification
/// without codes); the classification's name, kind and `x` on each.
fn classifications<R: Rows>(w: &mut R, data: &PlanData) -> Result<(), R::Error> {
    for c in &data.classifications {
        let row = |code: Option<&crate::model::ClassCode>| {
            [
                c.id.clone(),
                c.name.clone(),
                c.kind.as_str().to_string(),
                code.map(|x| x.id.clone()).unwrap_or_default(),
                code.and_then(|x| x.name.clone()).unwrap_or_default(),
                code.and_then(|x| x.parent.clone()).unwrap_or_default(),
                x_text(c.x.as_deref()),
            ]
        };
        if c.codes.is_empty() {
            w.row(row(None))?;
        }
        for code in &c.codes {
            w.row(row(Some(code)))?;
        }
    }
    Ok(())
}

/// One row per tag.
fn tags<R: Rows>(w: &mut R, data: &PlanData) -> Result<(), R::Error> {
    use crate::model::TagTarget;
    for c in &data.classifications {
        for t in &c.tags {
            let id = t.target.id().to_string();
            let (line, project, program) = match &t.target {
                TagTarget::Line(_) => (id, String::new(), String::new()),
                TagTarget::Project(_) => (String::new(), id, String::new()),
                TagTarget::Program(_) => (String::new(), String::new(), id),
            };
            w.row([
                c.id.clone(),
                line,
                project,
                program,
                t.code.clone(),
                dec(t.share),
                dec(t.weight),
            ])?;
        }
    }
    Ok(())
}

/// One row per org unit.
fn org_units<R: Rows>(w: &mut R, data: &PlanData) -> Result<(), R::Error> {
    for u in data.org_units.iter().flatten() {
        w.row([
            u.id.clone(),
            opt(&u.name),
            opt(&u.kind),
            opt(&u.parent),
            x_text(u.x.as_deref()),
        ])?;
    }
    Ok(())
}

/// One row per goal.
fn goals<R: Rows>(w: &mut R, data: &PlanData) -> Result<(), R::Error> {
    for g in &data.goals {
        w.row([
            g.id.clone(),
            g.name.clone(),
            opt(&g.parent),
            x_text(g.x.as_deref()),
        ])?;
    }
    Ok(())
}

/// One row per indicator of a goal or a program (`indicators.csv`), or per actual value (`actuals.csv`).
fn indicators<R: Rows>(w: &mut R, data: &PlanData, file: &str) -> Result<(), R::Error> {
    let owners = data
        .goals
        .iter()
        .map(|g| (&g.id, &g.indicators))
        .chain(data.programs.iter().map(|p| (&p.id, &p.indicators)));
    for (owner, indicators) in owners {
        for i in indicators {
            if file == "actuals.csv" {
                for a in &i.actuals {
                    w.row([i.id.clone(), a.value.to_string(), a.year.clone()])?;
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
            w.row([
                owner.clone(),
                i.id.clone(),
                i.name.clone(),
                opt(&i.unit),
                bv,
                by,
                tv,
                ty,
                i.ascending.map(|a| a.to_string()).unwrap_or_default(),
                x_text(i.x.as_deref()),
            ])?;
        }
    }
    Ok(())
}

/// One row per program and goal link (one for a program without links).
fn programs<R: Rows>(w: &mut R, data: &PlanData) -> Result<(), R::Error> {
    for p in &data.programs {
        let base = [
            p.id.clone(),
            p.name.clone(),
            opt(&p.start),
            opt(&p.end),
            opt(&p.owner),
            x_text(p.x.as_deref()),
        ];
        let links = p.goals.iter().map(|l| [l.goal.clone(), dec(l.share)]);
        rows_per_link(w, &base, links)?;
    }
    Ok(())
}

/// One row per project and program link (one for a project without links).
fn projects<R: Rows>(w: &mut R, data: &PlanData) -> Result<(), R::Error> {
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
            x_text(p.x.as_deref()),
        ];
        let links = p.programs.iter().map(|l| [l.program.clone(), dec(l.share)]);
        rows_per_link(w, &base, links)?;
    }
    Ok(())
}

/// One row per budget line and funding link (one for a line without links).
fn budget_lines<R: Rows>(w: &mut R, data: &PlanData) -> Result<(), R::Error> {
    for l in &data.budget_lines {
        let base = [
            l.id.to_string(),
            opt_str(l.name.as_deref()),
            l.year.to_string(),
            opt_str(l.org_unit.as_deref()),
            opt_str(l.category.as_deref()),
            l.direction.as_str().to_string(),
            dec(l.proposed),
            l.amount.map(|a| a.to_string()).unwrap_or_default(),
            dec(l.revised),
            dec(l.committed),
            dec(l.spent),
            x_text(l.x.as_deref()),
        ];
        let links = l.funds.iter().map(|f| match &f.target {
            FundTarget::Project(id) => [id.to_string(), String::new(), dec(f.share)],
            FundTarget::Program(id) => [String::new(), id.to_string(), dec(f.share)],
        });
        rows_per_link(w, &base, links)?;
    }
    Ok(())
}

/// One row per link, `base` then the link's cells; one row with empty link cells where
/// there is no link.
fn rows_per_link<R: Rows, const N: usize>(
    w: &mut R,
    base: &[String],
    links: impl Iterator<Item = [String; N]>,
) -> Result<(), R::Error> {
    let mut any = false;
    for link in links {
        any = true;
        w.row(base.iter().chain(&link))?;
    }
    if !any {
        let empty: [String; N] = std::array::from_fn(|_| String::new());
        w.row(base.iter().chain(&empty))?;
    }
    Ok(())
}
