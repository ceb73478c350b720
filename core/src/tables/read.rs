//! Reading a plan from its tables. Each table is parsed once into one buffer of unescaped
//! cells (no string, no map per row), then its rows become entities, table by table in the
//! order entities depend on each other. Every problem names the file, the row and the
//! column.

use super::halves::{self, LinesRead};
use super::{columns, FILES};
use crate::amount::{parse_amount, parse_decimal, parse_line_amount};
use crate::calendar::{Calendar, MonthDay};
use crate::csv_lines::{record_start, LineCounter};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::hashing::IdMap;
use crate::model::*;
use crate::rules;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::ops::Range;

/// One table as parsed: every row's cells, unescaped, in one buffer.
struct Table<'t> {
    /// The file name as given (for messages).
    name: &'t str,
    /// Where each known column (by its place in [`columns`]) is in a row, if the header has
    /// it (the last of repeated headers).
    index: Vec<Option<usize>>,
    cells: Cells,
}

/// Rows of cells, unescaped, in one buffer.
#[derive(Default)]
struct Cells {
    text: String,
    /// Each cell's end in `text`; a row's cells are `ends[row.cells]`.
    ends: Vec<usize>,
    rows: Vec<RowAt>,
}

impl Cells {
    fn push(&mut self, record: &csv::StringRecord, line: usize) {
        let first = self.ends.len();
        for cell in record.iter() {
            self.text.push_str(cell);
            self.ends.push(self.text.len());
        }
        self.rows.push(RowAt {
            line,
            cells: first..self.ends.len(),
        });
    }

    /// The text of cell `k` (counted over the whole buffer).
    fn cell(&self, k: usize) -> Option<&str> {
        let start = match k {
            0 => 0,
            _ => *self.ends.get(k - 1)?,
        };
        self.text.get(start..*self.ends.get(k)?)
    }
}

/// Where a row is: its line in the file and its cells in [`Cells::ends`].
struct RowAt {
    line: usize,
    cells: Range<usize>,
}

impl<'t> Table<'t> {
    /// Reads the header of `text` (the table `file`, named `name`), refusing unknown
    /// columns; the reader is left at the first row.
    fn open<'x>(
        file: &str,
        name: &'t str,
        text: &'x str,
        diags: &mut Diags,
    ) -> Option<(Table<'t>, csv::Reader<&'x [u8]>)> {
        let known = columns(file);
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
            Err(e) => {
                diags.push(Diagnostic::new(Code::E008, format!("{name}: {e}")).at(name));
                return None;
            }
        };
        for h in &headers {
            if !known.contains(&h.as_str()) {
                let message = format!(
                    "{name} has an unknown column {h:?}; its columns are {}",
                    known.join(", ")
                );
                diags.push(Diagnostic::new(Code::E008, message).at(name));
            }
        }
        let index = known
            .iter()
            .map(|k| headers.iter().rposition(|h| h == k))
            .collect();
        let table = Table {
            name,
            index,
            cells: Cells::default(),
        };
        Some((table, reader))
    }

    /// Reads the whole table: its header, then every row into one buffer of cells.
    fn parse(file: &str, name: &'t str, text: &str, diags: &mut Diags) -> Option<Table<'t>> {
        let (mut table, mut reader) = Table::open(file, name, text, diags)?;
        table.cells.text.reserve(text.len());
        let mut record = csv::StringRecord::new();
        let mut lines = LineCounter::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => table
                    .cells
                    .push(&record, lines.of(text.as_bytes(), &record)),
                Err(e) => diags.push(unreadable(name, &e)),
            }
        }
        Some(table)
    }
}

/// A row of table `name` that cannot be parsed.
fn unreadable(name: &str, e: &csv::Error) -> Diagnostic {
    Diagnostic::new(Code::E008, format!("{name}: {e}")).at(name)
}

/// The rows of a table (none for a table not given), with how many there are.
struct Rows<'a> {
    table: Option<&'a Table<'a>>,
    /// The table's known columns (see [`columns`]).
    known: &'static [&'static str],
    next: usize,
}

impl<'a> Rows<'a> {
    fn of(table: Option<&'a Table<'a>>, file: &'static str) -> Rows<'a> {
        Rows {
            table,
            known: columns(file),
            next: 0,
        }
    }

    /// How many rows the table has: what a map of its ids is sized for.
    fn total(&self) -> usize {
        self.table.map_or(0, |t| t.cells.rows.len())
    }
}

impl<'a> Iterator for Rows<'a> {
    type Item = Row<'a>;

    fn next(&mut self) -> Option<Row<'a>> {
        let table = self.table?;
        let at = table.cells.rows.get(self.next)?;
        self.next += 1;
        Some(Row {
            name: table.name,
            index: &table.index,
            known: self.known,
            line: at.line,
            source: Source::Cells(&table.cells, at.cells.clone()),
        })
    }
}

/// A row of a table.
struct Row<'a> {
    /// The file name as given (for messages).
    name: &'a str,
    /// Where each known column is in the row (see [`Table::index`]).
    index: &'a [Option<usize>],
    /// The columns its table may have ([`columns`] of one of [`FILES`]).
    known: &'static [&'static str],
    line: usize,
    source: Source<'a>,
}

/// Where a row's cells are: in a table's buffer, or in the record just read.
enum Source<'a> {
    Cells(&'a Cells, Range<usize>),
    Record(&'a csv::StringRecord),
}

impl<'a> Row<'a> {
    /// The cell of `column`, if the table has the column and the cell is not empty.
    fn cell(&self, column: &str) -> Option<&'a str> {
        let known = self.known;
        // The same literal is mostly the same bytes in the binary: a pointer test first,
        // the text only where that misses.
        let place = known
            .iter()
            .position(|c| std::ptr::eq(c.as_ptr(), column.as_ptr()) && c.len() == column.len())
            .or_else(|| known.iter().position(|c| *c == column))?;
        let i = (*self.index.get(place)?)?;
        let text = match &self.source {
            Source::Cells(cells, row) if i < row.len() => cells.cell(row.start + i)?,
            Source::Cells(..) => return None,
            Source::Record(record) => record.get(i)?,
        };
        // A text the writer guarded against spreadsheet formulas, as it was.
        let text = crate::csv_guard::unguard(text);
        (!text.is_empty()).then_some(text)
    }

    fn get(&self, column: &str) -> Option<String> {
        self.cell(column).map(str::to_string)
    }
}

struct Reader<'d> {
    diags: &'d mut Diags,
    precision: u32,
}

impl Reader<'_> {
    fn problem(&mut self, code: Code, row: &Row, column: &str, message: String) {
        let mut d = Diagnostic::new(
            code,
            format!("{} row {}, {column}: {message}", row.name, row.line),
        )
        .at(row.name);
        d.line = Some(row.line);
        d.entity = row.cell("id").map(Into::into);
        self.diags.push(d);
    }

    fn amount(&mut self, row: &Row, column: &str) -> Option<Decimal> {
        self.amount_with(row, column, parse_amount)
    }

    /// A budget line's amount: it may be negative.
    fn line_amount(&mut self, row: &Row, column: &str) -> Option<Decimal> {
        self.amount_with(row, column, parse_line_amount)
    }

    fn amount_with(
        &mut self,
        row: &Row,
        column: &str,
        parse: fn(&str, u32) -> Result<Decimal, crate::amount::NumberError>,
    ) -> Option<Decimal> {
        let text = row.cell(column)?;
        match parse(text, self.precision) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(Code::E007, row, column, e.to_string());
                None
            }
        }
    }

    fn decimal(&mut self, row: &Row, column: &str) -> Option<Decimal> {
        let text = row.cell(column)?;
        match parse_decimal(text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(Code::E007, row, column, e.to_string());
                None
            }
        }
    }

    fn date(&mut self, row: &Row, column: &str) -> Option<Date> {
        let text = row.cell(column)?;
        // The shape only: whether the day exists in the plan's calendar is a rule.
        let d = Date::parse_written(text);
        if d.is_none() {
            let message =
                format!("{text:?} is not a date; write YYYY-MM-DD in the plan's calendar");
            self.problem(Code::E009, row, column, message);
        }
        d
    }

    fn x(&mut self, row: &Row) -> Option<Extension> {
        let text = row.cell("x")?;
        match serde_json::from_str::<Map<String, Value>>(text) {
            Ok(m) => Some(Extension::new(&m)),
            Err(e) => {
                self.problem(Code::E008, row, "x", format!("not a JSON object: {e}"));
                None
            }
        }
    }

    fn required<'a>(&mut self, row: &Row<'a>, column: &str) -> &'a str {
        row.cell(column).unwrap_or_else(|| {
            self.problem(Code::E008, row, column, "is required".into());
            ""
        })
    }
}

/// Reads a plan from its tables, `(file name, bytes)`; every problem is a diagnostic
/// naming the file, the row and the column. `plan.csv` is required; the others may be
/// absent (no entities of that kind).
pub fn read(files: &[(String, Vec<u8>)]) -> (Option<PlanData>, Vec<Diagnostic>) {
    // At most so many of each code listed, as for a plan file (SPEC §8).
    let mut diags = Diags::default();
    let mut texts: [Option<(&str, &str)>; FILES.len()] = Default::default();
    for (name, bytes) in files {
        let base = name.rsplit('/').next().unwrap_or(name);
        let Some(known) = FILES.iter().position(|f| *f == base) else {
            let message = format!(
                "{name} is not a plan table; the tables are {}",
                FILES.join(", ")
            );
            diags.push(Diagnostic::new(Code::E008, message).at(name.clone()));
            continue;
        };
        match std::str::from_utf8(bytes) {
            Ok(t) => texts[known] = Some((name.as_str(), t.trim_start_matches('\u{feff}'))),
            Err(_) => diags
                .push(Diagnostic::new(Code::E008, format!("{name} is not UTF-8")).at(name.clone())),
        }
    }
    // Diagnostics come as if every table were parsed first, in the order of `FILES`, then
    // every row read, table by table in the order entities depend on each other. The
    // plan's row comes first: the precision it gives is what every amount is read with.
    let mut parsed: [Diags; FILES.len()] = Default::default();
    let mut later = Diags::default();
    let mut r = Reader {
        diags: &mut later,
        precision: rules::DEFAULT_PRECISION,
    };
    let plan_table = text_of(&texts, PLAN)
        .and_then(|(name, text)| Table::parse(PLAN, name, text, &mut parsed[0]));
    let data = Rows::of(plan_table.as_ref(), PLAN)
        .next()
        .map(|row| plan(&mut r, &row));
    let precision = r.precision;
    // The lines, the bulk of a plan, are read row by row as they are parsed, never kept as
    // cells; the other tables are parsed and read beside them, on a second thread for a
    // large plan (which the lines' two halves then share).
    let lines_text = text_of(&texts, LINES);
    let (others, lines) = crate::parallel::join(
        lines_text.is_some_and(|(_, t)| t.len() >= crate::parallel::WORTH_BYTES),
        || Others::read(&texts, precision),
        || {
            let mut header = Diags::default();
            let mut rows = Diags::default();
            let mut unreadable = Diags::default();
            let mut r = Reader {
                diags: &mut rows,
                precision,
            };
            let table = lines_text.and_then(|(name, text)| {
                Table::open(LINES, name, text, &mut header).map(|(t, reader)| (t, reader, text))
            });
            let lines = budget_lines(&mut r, table, &mut unreadable);
            (lines, header, unreadable, rows)
        },
    );
    let (budget_lines, header, unreadable, line_problems) = lines;
    let Others {
        parsed: others_parsed,
        entities,
        problems,
        linked,
    } = others;
    // Each table's parse in its place (the others' list none for the plan and the lines).
    for (mine, theirs) in parsed.iter_mut().zip(others_parsed) {
        mine.append(theirs);
    }
    parsed[position(LINES)].append(header);
    for d in parsed {
        diags.append(d);
    }
    diags.append(unreadable);
    let Some(mut data) = data else {
        diags.push(
            Diagnostic::new(
                Code::E008,
                "plan.csv is missing or has no row: it holds the plan's name",
            )
            .at("plan.csv"),
        );
        return (None, diags.into_vec());
    };
    let Entities {
        org_units,
        goals,
        programs,
        projects,
        classifications,
    } = entities;
    data.org_units = org_units;
    data.goals = goals;
    data.programs = programs;
    data.projects = projects;
    data.budget_lines = budget_lines;
    data.classifications = classifications;
    later.append(problems);
    later.append(line_problems);
    later.append(linked);
    diags.append(later);
    (Some(data), diags.into_vec())
}

/// The table the plan's own fields are in.
const PLAN: &str = "plan.csv";

/// Where `file` is in [`FILES`].
fn position(file: &str) -> usize {
    FILES.iter().position(|f| *f == file).unwrap_or(0)
}

/// The name and text of table `file`, if given.
fn text_of<'t>(texts: &[Option<(&'t str, &'t str)>], file: &str) -> Option<(&'t str, &'t str)> {
    *texts.get(position(file))?
}

/// The entities of every table but the plan's and the lines'.
#[derive(Default)]
struct Entities {
    org_units: Option<Vec<OrgUnit>>,
    goals: Vec<Goal>,
    programs: Vec<Program>,
    projects: Vec<Project>,
    classifications: Vec<Classification>,
}

/// The tables other than the plan's and the lines', parsed and read: the problems of each
/// table's parse (by its place in [`FILES`]), of the rows read before the lines' (org
/// units, goals, programs, projects) and of those read after (indicators, classifications).
struct Others {
    parsed: [Diags; FILES.len()],
    entities: Entities,
    problems: Diags,
    linked: Diags,
}

impl Others {
    fn read(texts: &[Option<(&str, &str)>], precision: u32) -> Others {
        let mut parsed: [Diags; FILES.len()] = Default::default();
        let tables: Vec<Option<Table>> = FILES
            .iter()
            .zip(texts)
            .zip(&mut parsed)
            .map(|((file, text), parsed)| {
                let (name, text) = (*text)?;
                if *file == LINES || *file == PLAN {
                    return None;
                }
                Table::parse(file, name, text, parsed)
            })
            .collect();
        let table = |file: &str| tables.get(position(file))?.as_ref();
        let rows = |file: &'static str| Rows::of(table(file), file);
        let (mut problems, mut linked) = (Diags::default(), Diags::default());
        let mut r = Reader {
            diags: &mut problems,
            precision,
        };
        let mut entities = Entities {
            org_units: table("org_units.csv").map(|_| {
                rows("org_units.csv")
                    .map(|row| org_unit(&mut r, &row))
                    .collect()
            }),
            goals: rows("goals.csv").map(|row| goal(&mut r, &row)).collect(),
            ..Entities::default()
        };
        entities.programs = programs(&mut r, rows("programs.csv"));
        entities.projects = projects(&mut r, rows("projects.csv"));
        let mut r = Reader {
            diags: &mut linked,
            precision,
        };
        indicators(
            &mut r,
            &mut entities,
            rows("indicators.csv"),
            rows("actuals.csv"),
        );
        entities.classifications =
            classifications(&mut r, rows("classifications.csv"), rows("tags.csv"));
        Others {
            parsed,
            entities,
            problems,
            linked,
        }
    }
}

/// The plan's own fields, from the first row of `plan.csv`; sets the reader's precision.
fn plan(r: &mut Reader, row: &Row) -> PlanData {
    let precision = match row.cell("precision").map(str::parse::<u32>) {
        None => rules::DEFAULT_PRECISION,
        Some(Ok(p)) if rules::precision_in_range(p) => p,
        Some(_) => {
            let message = format!("must be a whole number from 0 to {}", rules::MAX_PRECISION);
            r.problem(Code::E008, row, "precision", message);
            rules::DEFAULT_PRECISION
        }
    };
    r.precision = precision;
    let calendar = match row.cell("calendar") {
        None => Calendar::default(),
        Some(name) => Calendar::from_name(name).unwrap_or_else(|e| {
            r.problem(Code::E008, row, "calendar", e);
            Calendar::default()
        }),
    };
    let fiscal_year_start =
        row.cell("fiscal_year_start")
            .and_then(|text| match MonthDay::read(text) {
                Ok(start) => Some(start),
                Err(e) => {
                    r.problem(Code::E009, row, "fiscal_year_start", e);
                    None
                }
            });
    PlanData {
        name: r.required(row, "name").to_string(),
        currency: row.get("currency"),
        precision,
        calendar,
        fiscal_year_start,
        x: r.x(row),
        ..PlanData::default()
    }
}

fn org_unit(r: &mut Reader, row: &Row) -> OrgUnit {
    OrgUnit {
        id: r.required(row, "id").to_string(),
        name: row.get("name"),
        kind: row.get("kind"),
        parent: row.get("parent"),
        x: r.x(row).map(Box::new),
    }
}

fn goal(r: &mut Reader, row: &Row) -> Goal {
    Goal {
        id: r.required(row, "id").to_string(),
        name: r.required(row, "name").to_string(),
        parent: row.get("parent"),
        indicators: Vec::new(),
        x: r.x(row).map(Box::new),
    }
}

/// Programs, projects and lines: the first row of an id makes the entity, every row adds
/// its link. The position of each id's entity, by the id as the table writes it (std's
/// keyed hasher: the ids are anyone's text, and must not be able to collide on purpose).
type Places<'a> = HashMap<&'a str, usize>;

fn programs(r: &mut Reader, rows: Rows) -> Vec<Program> {
    let mut out: Vec<Program> = Vec::with_capacity(rows.total());
    let mut at = Places::with_capacity_and_hasher(rows.total(), Default::default());
    for row in rows {
        let id = r.required(&row, "id");
        let q = *at.entry(id).or_insert_with(|| {
            out.push(Program {
                id: id.to_string(),
                name: row.get("name").unwrap_or_default(),
                start: row.get("start"),
                end: row.get("end"),
                owner: row.get("owner"),
                goals: Vec::new(),
                indicators: Vec::new(),
                x: r.x(&row).map(Box::new),
            });
            out.len() - 1
        });
        if let Some(goal) = row.get("goal") {
            let share = r.decimal(&row, "share");
            out[q].goals.push(GoalLink { goal, share });
        }
    }
    out
}

/// The classifications from their codes' rows (in order of first appearance) and their
/// tags' rows; a tag of a classification the first table does not list is E002.
fn classifications(r: &mut Reader, codes: Rows, tags: Rows) -> Vec<Classification> {
    let mut out: Vec<Classification> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for row in codes {
        let id = r.required(&row, "classification");
        let c = *at.entry(id.to_string()).or_insert_with(|| {
            let kind = match row.cell("kind") {
                Some("marker") => ClassificationKind::Marker,
                Some("share") => ClassificationKind::Share,
                other => {
                    let message = match other {
                        Some(k) => format!("{k:?} is no kind; write share or marker"),
                        None => "is required: share or marker".to_string(),
                    };
                    r.problem(Code::E008, &row, "kind", message);
                    ClassificationKind::Share
                }
            };
            out.push(Classification {
                id: id.to_string(),
                name: r.required(&row, "name").to_string(),
                kind,
                codes: Vec::new(),
                tags: Vec::new(),
                x: r.x(&row).map(Box::new),
            });
            out.len() - 1
        });
        if let Some(code) = row.get("code") {
            out[c].codes.push(ClassCode {
                id: code,
                name: row.get("code_name"),
                parent: row.get("parent"),
            });
        }
    }
    for row in tags {
        let id = r.required(&row, "classification");
        let Some(&c) = at.get(id) else {
            let message = format!("{id:?} is no classification of classifications.csv");
            r.problem(Code::E002, &row, "classification", message);
            continue;
        };
        let named: Vec<TagTarget> = [
            row.get("line").map(TagTarget::Line),
            row.get("project").map(TagTarget::Project),
            row.get("program").map(TagTarget::Program),
        ]
        .into_iter()
        .flatten()
        .collect();
        let target = match <[TagTarget; 1]>::try_from(named) {
            Ok([target]) => target,
            Err(named) => {
                let message = format!(
                    "names {} of line, project and program; a tag names exactly one",
                    named.len()
                );
                r.problem(Code::E008, &row, "line", message);
                continue;
            }
        };
        let code = r.required(&row, "code").to_string();
        let share = r.decimal(&row, "share");
        let weight = r.decimal(&row, "weight");
        out[c].tags.push(Tag {
            target,
            code,
            share,
            weight,
        });
    }
    out
}

fn projects(r: &mut Reader, rows: Rows) -> Vec<Project> {
    let mut out: Vec<Project> = Vec::with_capacity(rows.total());
    let mut at = Places::with_capacity_and_hasher(rows.total(), Default::default());
    for row in rows {
        let id = r.required(&row, "id");
        let j = *at.entry(id).or_insert_with(|| {
            out.push(project(r, &row, id));
            out.len() - 1
        });
        if let Some(program) = row.get("program") {
            let share = r.decimal(&row, "share");
            out[j].programs.push(ProgramLink { program, share });
        }
    }
    out
}

/// A project from its first row.
fn project(r: &mut Reader, row: &Row, id: &str) -> Project {
    let schedule = match (
        r.date(row, "schedule_start"),
        r.date(row, "schedule_finish"),
    ) {
        (Some(start), Some(finish)) => Some(Schedule { start, finish }),
        _ => None,
    };
    let status = match (
        r.date(row, "as_of"),
        r.decimal(row, "percent_complete"),
        r.amount(row, "actual_cost"),
    ) {
        (Some(as_of), Some(percent_complete), Some(actual_cost)) => Some(Status {
            as_of,
            percent_complete,
            actual_cost,
        }),
        _ => None,
    };
    let tags = match row.cell("tags") {
        Some(t) => serde_json::from_str(t).unwrap_or_else(|e| {
            let message = format!("not a JSON list of strings: {e}");
            r.problem(Code::E008, row, "tags", message);
            Vec::new()
        }),
        None => Vec::new(),
    };
    Project {
        id: id.to_string(),
        name: row.get("name").unwrap_or_default(),
        tier: row.get("tier"),
        org_unit: row.get("org_unit"),
        tags,
        programs: Vec::new(),
        schedule,
        estimate: r.amount(row, "estimate"),
        status,
        x: r.x(row).map(Box::new),
    }
}

/// The table the budget lines are in.
const LINES: &str = "budget_lines.csv";

/// The budget lines, read from their table row by row as it is parsed: the first row of an
/// id makes the line, every row adds its link. A row that cannot be parsed is named in
/// `parse_problems`. A large table is read in two halves at once (`halves.rs`), with the
/// same result as one pass.
fn budget_lines(
    r: &mut Reader,
    table: Option<(Table, csv::Reader<&[u8]>, &str)>,
    parse_problems: &mut Diags,
) -> Vec<BudgetLine> {
    let Some((table, reader, text)) = table else {
        return Vec::new();
    };
    let split = (text.len() >= crate::parallel::WORTH_BYTES).then_some(text.len() / 2);
    budget_lines_split(r, &table, reader, text, split, parse_problems)
}

/// [`budget_lines`], read in two halves split at the first record boundary from byte
/// `split` on (if any, and where threads exist), else in one pass.
fn budget_lines_split(
    r: &mut Reader,
    table: &Table,
    reader: csv::Reader<&[u8]>,
    text: &str,
    split: Option<usize>,
    parse_problems: &mut Diags,
) -> Vec<BudgetLine> {
    let precision = r.precision;
    let halves = split
        .filter(|_| crate::parallel::THREADS)
        .and_then(|from| crate::csv_lines::boundary(text.as_bytes(), from));
    let mut reader = reader;
    if let Some(at) = halves {
        let header = reader.headers().map_or(0, csv::StringRecord::len);
        let (first, second) = std::thread::scope(|s| {
            let second = s.spawn(|| {
                let mut rest = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(&text.as_bytes()[at..]);
                Rows::read(table, &mut rest, text, at, None, precision)
            });
            let first = Rows::read(table, &mut reader, text, 0, Some(at), precision);
            (first, second.join())
        });
        if let Ok(second) = second {
            // The halves meet at the record the boundary is before.
            let meet = record_start(text.as_bytes(), at as u64);
            if let Some(lines) = halves::join(first, second, meet, header) {
                #[cfg(test)]
                tests::JOINED.with(|n| n.set(n.get() + 1));
                return lines;
            }
        }
        // Anything unusual (a problem to name, a line whose rows straddle the halves
        // differently, a boundary the reader does not share) is read again in one pass,
        // which names it exactly as it always has.
        reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let _ = reader.headers();
    }
    let read = Rows::read(table, &mut reader, text, 0, None, precision);
    r.diags.append(read.problems);
    parse_problems.append(read.unreadable);
    read.lines
}

impl Rows<'_> {
    /// The lines of the records `reader` gives, a reader over `text` from byte `base` on;
    /// with `stop`, up to (not including) the first record starting at or after that byte.
    fn read(
        table: &Table,
        reader: &mut csv::Reader<&[u8]>,
        text: &str,
        base: usize,
        stop: Option<usize>,
        precision: u32,
    ) -> LinesRead {
        // Sized for rows of about 48 bytes to the end of the table (a first half is joined
        // by the second): room that is never used is never touched either.
        let guess = text.len().saturating_sub(base) / 48;
        let mut read = LinesRead {
            lines: Vec::with_capacity(guess),
            // Keyed by the id itself (inline up to 24 bytes): the row it came from is gone
            // by the next row.
            at: IdMap::with_capacity_and_hasher(guess, Default::default()),
            problems: Diags::default(),
            unreadable: Diags::default(),
            first: None,
            stopped_at: None,
        };
        let mut r = Reader {
            diags: &mut read.problems,
            precision,
        };
        let (out, at) = (&mut read.lines, &mut read.at);
        let known = columns(LINES);
        let mut record = csv::StringRecord::new();
        let mut lines = LineCounter::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    read.unreadable.push(unreadable(table.name, &e));
                    continue;
                }
            }
            // Where the record starts, past the line ends the reader places it on (a CRLF's).
            let start = record_start(
                text.as_bytes(),
                base as u64 + record.position().map_or(0, |p| p.byte()),
            ) as u64;
            if stop.is_some_and(|stop| start >= stop as u64) {
                read.stopped_at = Some(start);
                break;
            }
            read.first.get_or_insert((start, record.len()));
            let row = Row {
                name: table.name,
                index: &table.index,
                known,
                line: lines.line_of(text.as_bytes(), start as usize, base, record.position()),
                source: Source::Record(&record),
            };
            let id = r.required(&row, "id");
            // One probe of a million-entry map per row (its misses are most of the time
            // here).
            let l = match at.entry(id.into()) {
                Entry::Occupied(known) => {
                    let l = *known.get();
                    if let Some(line) = out.get(l) {
                        disagreeing(&mut r, &row, line);
                    }
                    l
                }
                Entry::Vacant(new) => {
                    out.push(budget_line(&mut r, &row, id));
                    *new.insert(out.len() - 1)
                }
            };
            let share = r.decimal(&row, "share");
            let target = match (row.cell("project"), row.cell("program")) {
                (Some(p), None) => Some(FundTarget::Project(p.into())),
                (None, Some(p)) => Some(FundTarget::Program(p.into())),
                (None, None) => None,
                (Some(_), Some(_)) => {
                    let message =
                        "a row links to a project or a program, not both; write two rows".into();
                    r.problem(Code::E008, &row, "project", message);
                    None
                }
            };
            if let Some(target) = target {
                // Most lines have one link: room for exactly that, not the four a first
                // push reserves (a million lines would hold 120 MB of empty room).
                let funds = &mut out[l].funds;
                if funds.capacity() == 0 {
                    funds.reserve_exact(1);
                }
                funds.push(Funding { target, share });
            }
        }
        read
    }
}

/// A budget line from its first row.
/// A row naming a line already read (one row per link) must repeat its fields or leave
/// them empty: a different value is an error, never a value silently dropped.
fn disagreeing(r: &mut Reader, row: &Row, first: &BudgetLine) {
    // The row read on its own, its problems (already named by the first row, or to be
    // named here) set aside.
    let mut set_aside = Diags::default();
    let mut scratch = Reader {
        diags: &mut set_aside,
        precision: r.precision,
    };
    let again = budget_line(&mut scratch, row, &first.id);
    let mut fields: Vec<(&str, bool)> = vec![
        ("name", again.name != first.name),
        ("year", again.year != first.year),
        ("org_unit", again.org_unit != first.org_unit),
        ("category", again.category != first.category),
        ("direction", again.direction != first.direction),
    ];
    for phase in Phase::ALL {
        fields.push((
            phase.as_str(),
            again.phase_value(phase) != first.phase_value(phase),
        ));
    }
    let differs: Vec<&str> = fields
        .into_iter()
        .filter(|(column, differs)| *differs && row.cell(column).is_some())
        .map(|(column, _)| column)
        .collect();
    if let Some(column) = differs.first() {
        let message = format!(
            "budget line {} was given on an earlier row with another {}; the rows of one line repeat its fields (or leave them empty), one row per link",
            first.id,
            differs.join(", ")
        );
        r.problem(Code::E001, row, column, message);
    }
}

fn budget_line(r: &mut Reader, row: &Row, id: &str) -> BudgetLine {
    let direction = match row.cell("direction") {
        None | Some("expenditure") => Direction::Expenditure,
        Some("revenue") => Direction::Revenue,
        Some(other) => {
            let message = format!(
                "{:?} is neither expenditure nor revenue",
                crate::amount::cut(other)
            );
            r.problem(Code::E008, row, "direction", message);
            Direction::Expenditure
        }
    };
    let amount = r.line_amount(row, "amount");
    // Made from what the table has, each cell in column order (their problems in that
    // order too); a field tables do not carry keeps its default. A line with no phase at
    // all is the rules' to name.
    let mut line = BudgetLine::new(id, r.required(row, "year"), Decimal::ZERO);
    // A cell that could not be read is named already and stops the plan; 0 stands in for
    // it so that no second diagnostic says the line has no phase.
    line.amount = amount.or_else(|| row.cell("amount").map(|_| Decimal::ZERO));
    line.name = row.cell("name").map(Into::into);
    line.org_unit = row.cell("org_unit").map(Into::into);
    line.category = row.cell("category").map(Into::into);
    line.direction = direction;
    line.proposed = r.line_amount(row, "proposed");
    line.revised = r.line_amount(row, "revised");
    line.committed = r.line_amount(row, "committed");
    line.spent = r.line_amount(row, "spent");
    line.x = r.x(row).map(Box::new);
    line
}

/// Indicators belong to a goal or a program, named by `owner`; actuals to an indicator.
fn indicators(r: &mut Reader, data: &mut Entities, rows: Rows, actuals: Rows) {
    // The first goal and the first program of each id, as a search from the front finds.
    let mut goals = HashMap::new();
    for (g, goal) in data.goals.iter().enumerate().rev() {
        goals.insert(goal.id.clone(), g);
    }
    let mut programs = HashMap::new();
    for (q, program) in data.programs.iter().enumerate().rev() {
        programs.insert(program.id.clone(), q);
    }
    let mut indicator_at: HashMap<String, (bool, usize, usize)> = HashMap::new();
    for row in rows {
        let owner = r.required(&row, "owner");
        let indicator = indicator(r, &row);
        let place = if let Some(&g) = goals.get(owner) {
            data.goals[g].indicators.push(indicator.clone());
            Some((true, g, data.goals[g].indicators.len() - 1))
        } else if let Some(&q) = programs.get(owner) {
            data.programs[q].indicators.push(indicator.clone());
            Some((false, q, data.programs[q].indicators.len() - 1))
        } else {
            let message = format!("{owner:?} is not a goal or program of this plan");
            r.problem(Code::E002, &row, "owner", message);
            None
        };
        if let Some(place) = place {
            indicator_at.insert(indicator.id, place);
        }
    }
    for row in actuals {
        let id = r.required(&row, "indicator");
        let (Some(value), Some(year)) = (r.decimal(&row, "value"), row.get("year")) else {
            let message = "an actual needs a value and a year".into();
            r.problem(Code::E008, &row, "value", message);
            continue;
        };
        match indicator_at.get(id) {
            Some(&(true, g, i)) => data.goals[g].indicators[i]
                .actuals
                .push(Measure { value, year }),
            Some(&(false, q, i)) => data.programs[q].indicators[i]
                .actuals
                .push(Measure { value, year }),
            None => {
                let message = format!("{id:?} is not an indicator in indicators.csv");
                r.problem(Code::E002, &row, "indicator", message);
            }
        }
    }
}

/// An indicator from its row (its problems named in the order of its columns).
fn indicator(r: &mut Reader, row: &Row) -> Indicator {
    let ascending = match row.cell("ascending") {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            let message = format!("{:?} is neither true nor false", crate::amount::cut(other));
            r.problem(Code::E008, row, "ascending", message);
            None
        }
    };
    let id = r.required(row, "id").to_string();
    let name = r.required(row, "name").to_string();
    let mut measure = |v: &str, y: &str| -> Option<Measure> {
        let value = r.decimal(row, v);
        match (value, row.get(y)) {
            (Some(value), Some(year)) => Some(Measure { value, year }),
            (None, None) => None,
            _ => {
                let message = "a value needs a year and a year needs a value".into();
                r.problem(Code::E008, row, v, message);
                None
            }
        }
    };
    let baseline = measure("baseline_value", "baseline_year");
    let target = measure("target_value", "target_year");
    Indicator {
        id,
        name,
        unit: row.get("unit"),
        baseline,
        target,
        actuals: Vec::new(),
        ascending,
        x: r.x(row).map(Box::new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// How many reads in halves were joined (not read again in one pass).
        pub(super) static JOINED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// The lines of `text` (a budget-lines table) and every problem named, read in halves
    /// meeting at the first boundary from `split` on, or in one pass.
    fn lines_of(text: &str, split: Option<usize>) -> (Vec<BudgetLine>, Vec<Diagnostic>) {
        let mut diags = Diags::default();
        let (table, reader) = Table::open(LINES, LINES, text, &mut diags).unwrap();
        let mut later = Diags::default();
        let mut r = Reader {
            diags: &mut later,
            precision: 2,
        };
        let lines = budget_lines_split(&mut r, &table, reader, text, split, &mut diags);
        diags.append(later);
        (lines, diags.into_vec())
    }

    /// Wherever the halves meet, they read what one pass reads: lines whose rows straddle
    /// the boundary, a line repeated far apart, quoted cells holding line ends and quotes,
    /// CRLF rows; and where one pass names a problem (a repeated line's other amount, a
    /// quote inside an unquoted cell, a short row), the same problems on the same rows.
    #[test]
    fn halves_read_what_one_pass_reads_wherever_they_meet() {
        let header = "id,name,year,org_unit,category,direction,proposed,amount,revised,committed,spent,x,project,program,share\n";
        let clean = [
            "L1,\"two\nlines\",1398,HQ,capital,expenditure,,100,,,,,P1,,0.5",
            "L1,\"two\nlines\",1398,HQ,capital,expenditure,,100,,,,,P2,,0.5",
            "L2,\"say \"\"hi\"\"\",1398,,,,,-7.5,,,,,,Q1,",
            "L3,,1399,D1,current,revenue,1,2,3,4,5,\"{\"\"k\"\": 1}\",P1,,",
            "L4,plain,1399,,,,,10,,,,,P3,,\r",
            "L2,\"say \"\"hi\"\"\",1398,,,,,-7.5,,,,,,Q2,",
            "L5,last,1400,,,,,1,,,,,,,",
        ];
        let troubled: [&[&str]; 3] = [
            &["L1,a,1398,,,,,100,,,,,P1,,", "L1,a,1398,,,,,999,,,,,P2,,"],
            &["L1,a\"b,1398,,,,,100,,,,,P1,,", "L2,c,1398,,,,,1,,,,,P1,,"],
            &["L1,a,1398,,,,,100,,,,,P1,,", "L2,short"],
        ];
        let mut tables = vec![clean.to_vec()];
        for rows in troubled {
            let mut t = clean.to_vec();
            t.splice(3..3, rows.iter().copied());
            tables.push(t);
        }
        // Every table with LF line ends, and with CRLF (as a spreadsheet saves it): a reader
        // places a CRLF row's record on the LF before it, and the halves still meet there.
        let eols = tables
            .iter()
            .flat_map(|rows| ["\n", "\r\n"].map(|eol| (rows, eol)));
        for (i, (rows, eol)) in eols.enumerate() {
            let t = i / 2;
            let text = format!("{}{}{eol}", header.replace('\n', eol), rows.join(eol));
            let whole = lines_of(&text, None);
            assert!(!whole.0.is_empty());
            assert_eq!(whole.1.is_empty(), t == 0, "{:?}", whole.1);
            JOINED.with(|n| n.set(0));
            for split in 0..=text.len() + 1 {
                assert_eq!(
                    lines_of(&text, Some(split)),
                    whole,
                    "halves from byte {split}"
                );
            }
            // The clean table is joined from halves at every row boundary but the last
            // (the 8 rows after the header, one of them the straddling L1); the others are
            // read again in one pass, each time.
            let joined = JOINED.with(|n| n.get());
            if t == 0 {
                assert!(joined >= 6, "joined {joined} times");
            } else {
                assert_eq!(joined, 0);
            }
        }
    }
}
