//! Importing budgets kept as tables (CSV or workbooks), the way budget offices and open-data
//! portals publish them: a mapping ([`Mapping`]) names which physical column holds which
//! logical field, in the spirit of the Fiscal Data Package (phases
//! proposed/approved/adjusted/executed, direction expenditure/revenue).
//!
//! Each row becomes one budget line, linked to the project or program its row names; the
//! goals, programs and projects named by the rows are made once each. Every problem gets a
//! diagnostic naming the file, the row and the column; every row that is skipped, merged,
//! split or changed is counted in the [`Summary`] with its amounts; nothing is guessed.

mod amounts;
mod classify;
mod datapackage;
mod encoding;
mod extension;
mod halves;
mod mapping;
mod membership;
mod row;
mod source;
mod summary;
mod unquoted;

pub use mapping::*;
pub use summary::{Reason, Summary, Tally};

use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::hashing::IdMap;
use crate::limits::LoadOptions;
use crate::model::*;
use amounts::Layout;
use compact_str::ToCompactString;
use membership::Membership;
use row::{FieldColumns, Row};
use rust_decimal::Decimal;
use source::Source;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

impl Mapping {
    /// Reads a mapping from TOML text, or from JSON text when it starts with `{`. A Fiscal
    /// Data Package descriptor (`datapackage.json`, with `resources` and a `model`) is read
    /// as a mapping too (see [`Mapping::from_datapackage`]).
    pub fn parse(text: &str) -> Result<Mapping, MappingError> {
        if text.trim_start().starts_with('{') {
            let value: serde_json::Value =
                serde_json::from_str(text).map_err(|e| MappingError::Syntax(e.to_string()))?;
            if datapackage::is_datapackage(&value) {
                return Mapping::from_datapackage(&value);
            }
            return serde_json::from_value(value).map_err(|e| MappingError::Syntax(e.to_string()));
        }
        if let Some(package) = Mapping::extends(text) {
            return Err(MappingError::Syntax(format!(
                "this mapping extends the Fiscal Data Package {package}: read the two with Mapping::extend (goldthread import does)"
            )));
        }
        toml::from_str(text).map_err(|e| MappingError::Syntax(e.to_string()))
    }
}

/// A table to import: its name (for diagnostics and generated ids) and its bytes.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What an import made: the plan data, every diagnostic, and what it did to the rows.
#[derive(Debug, Clone)]
pub struct Imported {
    pub data: PlanData,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

fn normalize_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn problem(
    code: Code,
    table: &str,
    row: usize,
    column: Option<usize>,
    message: String,
) -> Diagnostic {
    let mut d = Diagnostic::new(code, message).at(table.to_string());
    d.line = Some(row);
    d.column = column.map(|c| c + 1);
    d
}

/// The file name of a table without its extension: generated line ids start with it.
fn stem(name: &str) -> &str {
    std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name)
}

/// Builds a plan from tables and a mapping.
///
/// ```
/// use goldthread::import::{import, Mapping, Table};
/// let mapping = Mapping::parse(r#"
///     [plan]
///     name = "demo"
///     precision = 0
///     [columns]
///     goal_id = "Goal"
///     program_id = "Program"
///     amount = "Approved"
///     [constants]
///     year = "1398"
/// "#).unwrap();
/// let csv = "Goal,Program,Approved\nG1,P1,\"1,000\"\n,P2,۲۵۰\n";
/// let imported = import(&mapping, &[Table { name: "budget.csv", bytes: csv.as_bytes() }]);
/// assert!(imported.diagnostics.is_empty());
/// assert_eq!(imported.summary.rows, 2);
/// let plan = goldthread::Plan::from_data(imported.data).unwrap();
/// let report = plan.report(&goldthread::Scope::all(), goldthread::Phase::Amount);
/// assert_eq!(report.traceability.traced_amount.to_string(), "1000");
/// assert_eq!(report.traceability.leaks.program_unlinked.to_string(), "250");
/// ```
pub fn import(mapping: &Mapping, tables: &[Table]) -> Imported {
    import_with(mapping, tables, &LoadOptions::default())
}

/// [`import`] under the limits of SPEC §8: a table larger than `max_file_bytes`, a cell
/// longer than `max_id_bytes` (ids and years) or `max_text_bytes` (any other cell), or
/// tables that make more than `max_entities` entities, are E008 naming the table (and its
/// row and column), each found before the memory is spent; at most
/// `max_diagnostics_per_code` diagnostics of a code are listed.
pub fn import_with(mapping: &Mapping, tables: &[Table], limits: &LoadOptions) -> Imported {
    if let [table] = tables {
        if let Some(imported) = halves::import(mapping, table, limits, None) {
            return imported;
        }
    }
    let mut b = Builder::new(mapping, limits);
    if b.prepare(tables) {
        for table in tables {
            if !b.table(table) {
                break;
            }
        }
        b.resolve();
    }
    b.imported()
}

struct Builder<'m, 's> {
    mapping: &'m Mapping,
    limits: &'m LoadOptions,
    data: PlanData,
    /// Where the lines go first: this builder's part of one vector shared by the halves of
    /// a table ([`halves`]); lines past it, and every line of one pass, go to
    /// `data.budget_lines`.
    slots: Slots<'s>,
    goals: Positions,
    programs: Positions,
    projects: Positions,
    lines: IdMap<String, usize>,
    /// At most so many of each code listed, as for a plan file (SPEC §8).
    diagnostics: Diags,
    summary: Summary,
    /// The `scale` of each amount field, in [`Phase::ALL`]'s order.
    scales: [Option<Decimal>; 5],
    /// `null_values`, trimmed and lowercased.
    null_values: Vec<String>,
    /// Which goal each row of a program names, for each of its lines.
    program_goals: Membership,
    /// The direction `constants.direction` names, read once (`None` for none, or a word
    /// that is no direction: named at the mapping, or, beside a direction column, at each
    /// row whose cell is empty).
    constant_direction: Option<Direction>,
    /// Per program, the goal (its position + 1; 0 for none) a row has linked it to without
    /// a share: a later row naming the same pair need not read the program or its links.
    /// (A million rows over thousands of programs leave those out of the cache by the time
    /// a row names one again; this is a few bytes per program.)
    linked_goal: Vec<u32>,
    /// Which program each row of a project names, for each of its lines.
    project_programs: Membership,
    /// The tables read, for naming rows after the fact.
    table_names: Vec<String>,
    /// Per mapped classification, each code's position among its codes.
    codes: Vec<IdMap<String, usize>>,
    /// The code a line was put under, per (classification, line): rows of one line agree.
    line_codes: IdMap<(usize, usize), String>,
}

/// `[where]` and `[where_not]`: a column, its values, and whether a row holding one of them
/// is kept (else it is left out).
type Filters = Vec<(usize, Vec<String>, bool)>;

/// How the rows of a table are read: where each mapped field is, found once from its header.
struct Reading<'t> {
    headers: Vec<String>,
    index: FieldColumns,
    filter: Filters,
    layout: Layout,
    classes: Vec<classify::ClassColumns>,
    /// The columns whose cells are ids (or years), held to the id limit.
    id_columns: Vec<bool>,
    /// What generated line ids start with.
    stem: &'t str,
    table_index: usize,
}

/// The direction a cell (or a constant) names, in any case: `None` for another word.
fn direction_of(word: &str) -> Option<Direction> {
    let is = |words: &[&str]| words.iter().any(|w| word.eq_ignore_ascii_case(w));
    if is(&["expenditure", "expense", "expenditures"]) {
        Some(Direction::Expenditure)
    } else if is(&["revenue", "revenues", "income"]) {
        Some(Direction::Revenue)
    } else {
        None
    }
}

/// A builder's part of one vector of lines shared by the halves of a table, filled in order:
/// empty for one pass.
#[derive(Default)]
struct Slots<'s> {
    slots: &'s mut [BudgetLine],
    filled: usize,
}

impl Slots<'_> {
    /// The line at `l` among those a builder made: in a slot, or past them in `own`.
    fn line_mut<'a>(
        &'a mut self,
        own: &'a mut [BudgetLine],
        l: usize,
    ) -> Option<&'a mut BudgetLine> {
        match l.checked_sub(self.filled) {
            None => self.slots.get_mut(l),
            Some(past) => own.get_mut(past),
        }
    }
}

/// Where each goal, program or project stands, by its id. An id of up to 24 bytes is kept
/// in the map's own slot (a `CompactString`), so a lookup compares it there rather than
/// reading a string elsewhere in memory: a table's rows look one up per row, long after
/// it left the cache.
type Positions = IdMap<CompactString, usize>;

/// Where the goal, program or project `id` stands in `items`, made by `make` the first
/// time a row names it. (Looked up before the key is allocated: rows repeat ids.)
fn position<T>(
    index: &mut Positions,
    items: &mut Vec<T>,
    id: &str,
    make: impl FnOnce() -> T,
) -> usize {
    if let Some(&at) = index.get(id) {
        return at;
    }
    index.insert(id.into(), items.len());
    items.push(make());
    items.len() - 1
}

impl<'m, 's> Builder<'m, 's> {
    fn new(mapping: &'m Mapping, limits: &'m LoadOptions) -> Builder<'m, 's> {
        Builder {
            mapping,
            limits,
            slots: Slots::default(),
            data: PlanData {
                name: mapping.plan.name.clone(),
                currency: mapping.plan.currency.clone(),
                precision: mapping.plan.precision,
                ..PlanData::default()
            },
            goals: IdMap::default(),
            programs: IdMap::default(),
            projects: IdMap::default(),
            lines: IdMap::default(),
            diagnostics: Diags::new(limits.max_diagnostics_per_code),
            summary: Summary::default(),
            scales: [None; 5],
            null_values: mapping
                .table
                .null_values
                .iter()
                .map(|v| v.trim().to_lowercase())
                .collect(),
            program_goals: Membership::default(),
            constant_direction: mapping
                .constants
                .direction
                .as_deref()
                .and_then(direction_of),
            linked_goal: Vec::new(),
            project_programs: Membership::default(),
            table_names: Vec::new(),
            codes: vec![IdMap::default(); mapping.classifications.len()],
            line_codes: IdMap::default(),
        }
    }

    /// What the mapping declares, and whether the tables can be read under it.
    fn prepare(&mut self, tables: &[Table]) -> bool {
        // The classifications the mapping's columns fill, their codes met row by row.
        let declared = classify::declared(self.mapping, &mut self.diagnostics);
        self.data.classifications = declared.clone().unwrap_or_default();
        let parts = self.parts_fit();
        let direction = self.constant_direction_fits();
        declared.is_some()
            && parts
            && direction
            && self.read_scales()
            && self.distinct_stems(tables)
    }

    /// Whether `constants.direction`, where it is every row's (no direction column is
    /// mapped), is a direction: named once, at the mapping, rather than at every row.
    fn constant_direction_fits(&mut self) -> bool {
        let (Some(word), None) = (
            &self.mapping.constants.direction,
            &self.mapping.columns.direction,
        ) else {
            return true;
        };
        if self.constant_direction.is_some() {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::new(
                Code::E008,
                format!(
                    "constants.direction {:?} is neither expenditure nor revenue: write expenditure (or expense) or revenue (or income)",
                    crate::amount::cut(word)
                ),
            )
            .at("mapping"),
        );
        false
    }

    /// Whether every column the mapping reads by its first characters (`first`) is one
    /// that can be: an id's or a name's under `[columns]`, at least one character. An
    /// amount's first digits are another amount, so they are never read.
    fn parts_fit(&mut self) -> bool {
        let mut fit = true;
        for (field, column) in self.mapping.columns.fields() {
            let Some(first) = column.as_ref().and_then(ColumnRef::first) else {
                continue;
            };
            let says = if field.is_number() {
                format!("the mapping reads the first {first} characters of {}'s cells, which are numbers: map the whole column", field.name())
            } else if first == 0 {
                format!("the mapping reads the first 0 characters of {}'s cells, which is nothing: give first = 1 or more", field.name())
            } else {
                continue;
            };
            fit = false;
            self.diagnostics
                .push(Diagnostic::new(Code::E008, says).at("mapping"));
        }
        for (id, c) in &self.mapping.classifications {
            let refs = [&c.column, &c.code_name, &c.weight];
            if refs
                .iter()
                .any(|r| r.as_ref().and_then(ColumnRef::first).is_some())
            {
                fit = false;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E008,
                        format!("classification {id} reads the first characters of a column (first): that is for the fields under [columns]; map the whole column"),
                    )
                    .at("mapping"),
                );
            }
        }
        fit
    }

    /// After the rows: the memberships they declare, checked (and split, where the
    /// mapping asks), unless a row had a problem.
    fn resolve(&mut self) {
        if self.diagnostics.is_empty() {
            self.resolve_memberships();
        }
        self.ids_of_two_kinds();
    }

    /// E001 for an id the rows give to entities of two kinds (an outcome and a programme
    /// of the same text): ids are unique across a plan, which would stop at it with a
    /// problem for every line that funds it. Named once here, with the way out.
    fn ids_of_two_kinds(&mut self) {
        let tables = self.table_names.join(", ");
        let programs = self.data.programs.iter().map(|p| (&p.id, "a program"));
        let projects = self.data.projects.iter().map(|j| (&j.id, "a project"));
        let mut found = Vec::new();
        for (id, kind) in programs.chain(projects) {
            let other = if self.goals.contains_key(id.as_str()) {
                "a goal"
            } else if kind == "a project" && self.programs.contains_key(id.as_str()) {
                "a program"
            } else {
                continue;
            };
            found.push(format!(
                "{tables}: {id:?} is the id of {other} and of {kind}, and ids are unique across a plan: map one of the two from one more column (a list of columns joins their cells), so that they differ"
            ));
        }
        for says in found {
            self.diagnostics
                .push(Diagnostic::new(Code::E001, says).at(tables.clone()));
        }
    }

    fn imported(self) -> Imported {
        Imported {
            data: self.data,
            diagnostics: self.diagnostics.into_vec(),
            summary: self.summary,
        }
    }
}

impl Builder<'_, '_> {
    /// Generated line ids start with the table's file name: two tables of one name (in
    /// two folders) would give one line per id to both, so they are an error unless the
    /// mapping gives the lines their ids.
    fn distinct_stems(&mut self, tables: &[Table]) -> bool {
        if self.mapping.columns.line_id.is_some() {
            return true;
        }
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for t in tables {
            if let Some(first) = seen.insert(stem(t.name), t.name) {
                self.diagnostics.push(Diagnostic::new(
                    Code::E001,
                    format!(
                        "{first} and {} have the same file name, so the line ids made from it (\"{}-<row>\") would meet: rename one, or map line_id",
                        t.name,
                        stem(t.name)
                    ),
                ).at(t.name.to_string()));
                return false;
            }
        }
        true
    }

    /// Reads one table's rows; `false` when the tables make more entities than the limit
    /// allows, and no more should be read.
    fn table(&mut self, table: &Table) -> bool {
        match self.open(table) {
            Some((mut source, reading)) => self.rows(table, &mut source, &reading),
            None => true,
        }
    }

    /// A table's source, its header read, and how its rows are read; `None` when they
    /// cannot be (named in a diagnostic).
    fn open<'t>(&mut self, table: &'t Table) -> Option<(Source<'t>, Reading<'t>)> {
        let size = table.bytes.len();
        if size as u64 > self.limits.max_file_bytes {
            self.diagnostics.push(Diagnostic::new(Code::E008, format!(
                "{} is {size} bytes; a table may be at most {} bytes (max_file_bytes): split it, or raise the limit",
                table.name, self.limits.max_file_bytes
            )).at(table.name.to_string()));
            return None;
        }
        let source = match Source::open(table, &self.mapping.table, &self.mapping.plan.encoding) {
            Ok(s) => s,
            Err(d) => {
                self.diagnostics.push(*d);
                return None;
            }
        };
        let headers: Vec<String> = source.headers.iter().map(|h| normalize_header(h)).collect();
        let (index, filter, layout, classes) =
            self.resolve_columns(table.name, &source, &headers)?;
        // The columns whose cells are ids (or years), held to the id limit.
        let mut id_columns = vec![false; headers.len()];
        for (field, columns) in index.mapped() {
            if field.is_id() {
                for &c in columns {
                    if let Some(is_id) = id_columns.get_mut(c) {
                        *is_id = true;
                    }
                }
            }
        }
        let table_index = self.table_names.len();
        self.table_names.push(table.name.to_string());
        let reading = Reading {
            headers,
            index,
            filter,
            layout,
            classes,
            id_columns,
            stem: stem(table.name),
            table_index,
        };
        Some((source, reading))
    }

    /// Reads the rows of `source`; `false` when the tables make more entities than the
    /// limit allows, and no more should be read.
    fn rows(&mut self, table: &Table, source: &mut Source, reading: &Reading) -> bool {
        let mut buf = source::RowBuf::default();
        while let Some(next) = source.next(&mut buf) {
            let number = match next {
                Ok(n) => n,
                Err((number, e)) => {
                    self.diagnostics.push(problem(
                        Code::E008,
                        table.name,
                        number,
                        None,
                        format!("{} row {number} cannot be read: {e}", table.name),
                    ));
                    continue;
                }
            };
            let cells = source.cells(&buf);
            if cells.iter().all(|cell| cell.trim().is_empty()) {
                continue; // a blank row carries nothing
            }
            let (headers, id_columns) = (&reading.headers, &reading.id_columns);
            if let Some(d) = self.oversized_cell(table.name, number, cells, headers, id_columns) {
                // An error: the import gives no plan, so the row need not be counted.
                self.diagnostics.push(d);
                continue;
            }
            self.summary.rows += 1;
            let row = Row {
                table: table.name,
                table_index: reading.table_index,
                number,
                cells,
                headers,
                columns: &reading.index,
                classes: &reading.classes,
            };
            self.row(&row, &reading.filter, &reading.layout, reading.stem);
            if self.entities() > self.limits.max_entities {
                self.diagnostics.push(problem(Code::E008, table.name, number, None, format!(
                    "{} row {number}: the tables make more than {} entities (max_entities); no more rows are read: split the tables, or raise the limit",
                    table.name, self.limits.max_entities
                )));
                return false;
            }
        }
        true
    }

    /// E008 for the first cell of a row longer than its limit, named by table, row and
    /// column; its text is not quoted.
    fn oversized_cell(
        &self,
        table: &str,
        number: usize,
        cells: row::Cells,
        headers: &[String],
        id_columns: &[bool],
    ) -> Option<Diagnostic> {
        // No cell can be longer than the whole row: most rows are shorter than either limit.
        let shortest = self.limits.max_id_bytes.min(self.limits.max_text_bytes);
        if cells.bytes() <= shortest {
            return None;
        }
        cells.iter().enumerate().find_map(|(c, cell)| {
            let is_id = id_columns.get(c).copied().unwrap_or(false);
            let (most, limit) = self.limits.text_limit(is_id);
            (cell.len() > most).then(|| {
                let name = headers.get(c).map_or("", String::as_str);
                problem(Code::E008, table, number, Some(c), format!(
                    "{table} row {number}, column {name:?}: the cell is {} bytes; at most {most} are allowed ({limit}): shorten it, or raise the limit",
                    cell.len()
                ))
            })
        })
    }

    /// Every mapped column and every `where` column found in the header, once; a missing
    /// one is named with the headers found (and the delimiter they suggest).
    #[allow(clippy::type_complexity)]
    fn resolve_columns(
        &mut self,
        table: &str,
        source: &Source,
        headers: &[String],
    ) -> Option<(FieldColumns, Filters, Layout, Vec<classify::ClassColumns>)> {
        let mut index = FieldColumns::default();
        let mut missing = Vec::new();
        for (field, column) in self.mapping.columns.fields() {
            let Some(column) = column else { continue };
            let mut at = Vec::new();
            for name in column.names() {
                match headers.iter().position(|h| *h == normalize_header(name)) {
                    Some(i) => at.push(i),
                    None => missing.push(format!("the mapping's {} column {name:?}", field.name())),
                }
            }
            index.set(field, at, column.first());
        }
        let layout = self.layout(headers, &index, &mut missing);
        let classes = classify::columns(self.mapping, headers, &mut missing);
        let mut filter = Vec::new();
        let sections = [
            ("where", &self.mapping.filter, true),
            ("where_not", &self.mapping.filter_out, false),
        ];
        for (section, columns, keep) in sections {
            for (name, values) in columns {
                match headers.iter().position(|h| *h == normalize_header(name)) {
                    Some(i) => filter.push((i, values.values().to_vec(), keep)),
                    None => missing.push(format!("the `{section}` column {name:?}")),
                }
            }
        }
        let hint = self.header_hint(source);
        for m in &missing {
            self.diagnostics.push(problem(
                Code::E008,
                table,
                1,
                None,
                format!(
                    "{table}: {m} is not in the header row ({}){hint}",
                    headers.join(", ")
                ),
            ));
        }
        let wide = self.mapping.wide.by_phase();
        let c = &self.mapping.columns;
        let plain = [&c.proposed, &c.amount, &c.revised, &c.committed, &c.spent];
        if plain.iter().all(|p| p.is_none()) && wide.iter().all(|w| w.is_empty()) {
            missing.push(String::new());
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E008,
                    "the mapping names no amount column: map amount (or approved), proposed, revised, committed or spent, or give them per year under [wide]",
                )
                .at("mapping"),
            );
        }
        if wide.iter().any(|w| !w.is_empty()) {
            // A phase in one column for every year would count its money once per year.
            for (field, _) in Field::AMOUNTS
                .iter()
                .zip(plain)
                .filter(|(_, p)| p.is_some())
            {
                let field = field.name();
                missing.push(String::new());
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E008,
                        format!("the mapping gives [wide] columns per year, and a {field} column for every year: give every amount per year under [wide.{field}], or none"),
                    )
                    .at("mapping"),
                );
            }
        }
        missing
            .is_empty()
            .then_some((index, filter, layout, classes))
    }

    /// What a header that lacks mapped columns suggests: another delimiter, or another
    /// sheet of the workbook.
    fn header_hint(&self, source: &Source) -> String {
        if let Some(d) = source
            .delimiter
            .and_then(|d| source::suspect_delimiter(&source.headers, d))
        {
            let written = if d == '\t' {
                "\\t".to_string()
            } else {
                d.to_string()
            };
            return format!(
                "; the header row looks separated by {d:?}: set delimiter = {written:?} under [table]"
            );
        }
        match &source.sheet {
            Some((sheet, all)) if all.len() > 1 => format!(
                "; this is sheet {sheet:?} of {}: name another with sheet = \"…\" under [table]",
                all.join(", ")
            ),
            _ => String::new(),
        }
    }

    fn share_cell(&mut self, row: &Row, field: Field) -> Option<Decimal> {
        let text = row.cell(field)?;
        match self.share(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.diagnostics.push(row.problem(
                    Code::E007,
                    field,
                    format!("{}: {e}", row.at(field)),
                ));
                None
            }
        }
    }

    /// A category cell as the plan's category: mapped by `[values.category]`, and any
    /// spelling of `capital` as `capital`.
    fn category(&self, text: &str) -> CompactString {
        let found = self.mapping.values.category.iter().find(|(_, cells)| {
            cells
                .iter()
                .any(|c| c.trim().eq_ignore_ascii_case(text.trim()))
        });
        match found {
            Some((category, _)) => category.as_str().into(),
            None if text.trim().eq_ignore_ascii_case("capital") => "capital".into(),
            None => text.into(),
        }
    }

    /// The line a row's id names already, if any. Only mapped line ids are kept: generated
    /// ones (`<table>-<row>`) are unique by construction, since a table's rows have distinct
    /// numbers and tables distinct stems ([`Builder::distinct_stems`]), so a table of a
    /// million rows makes no map of a million ids.
    fn line_named(&self, id: &str) -> Option<usize> {
        self.lines.get(id).copied()
    }

    /// Keeps the id of the line about to be made, if later rows may name it again.
    fn keep_line_id(&mut self, id: &str) {
        if self.mapping.columns.line_id.is_some() {
            self.lines.insert(id.to_string(), self.lines_made());
        }
    }

    /// How many lines the rows have made (the next line's position).
    fn lines_made(&self) -> usize {
        self.slots.filled + self.data.budget_lines.len()
    }

    /// Adds a line: into the next slot while there is one, else to the builder's own.
    fn push_line(&mut self, line: BudgetLine) {
        match self.slots.slots.get_mut(self.slots.filled) {
            Some(slot) => {
                *slot = line;
                self.slots.filled += 1;
            }
            None => self.data.budget_lines.push(line),
        }
    }

    fn row(&mut self, row: &Row, filter: &Filters, layout: &Layout, stem: &str) {
        let kept = filter.iter().all(|(i, values, keep)| {
            let cell = row.cells.get(*i).unwrap_or("").trim();
            values.iter().any(|v| v.trim() == cell) == *keep
        });
        if !kept {
            // Counted with the amounts it held (every year of a wide row), as far as they
            // can be read.
            // (What reading them finds is set aside: the row is left out.)
            let diagnostics = std::mem::take(&mut self.diagnostics);
            for (_, at) in layout {
                let amounts = self.amounts(row, at).map(|a| a.values).unwrap_or_default();
                self.summary.count(Reason::FilteredOut, &amounts);
            }
            self.diagnostics = diagnostics;
            return;
        }
        if let Some(d) = row.short_part() {
            self.diagnostics.push(d);
            return;
        }
        // No amount in any phase (every amount cell empty or nil): with the rule, the row
        // only defines.
        if self.mapping.rules.definition_rows_without_amount {
            let (mut empty, mut nil) = (true, false);
            for at in layout.iter().flat_map(|(_, at)| at.iter().flatten()) {
                match row.cells(at, "") {
                    Some(text) if self.is_nil(&text) => nil = true,
                    Some(_) => empty = false,
                    None => {}
                }
            }
            if empty {
                self.define(row, None);
                self.summary.count(Reason::DefinitionOnly, &[None; 5]);
                if nil {
                    self.summary.count(Reason::NilCells, &[None; 5]);
                }
                return;
            }
        }
        // A wide row makes a line per year with an amount; a year whose cells are all
        // empty or nil (a programme ending before the last forward estimate, a figure not
        // for publication) makes none, counted, where another year has one. (A row with no
        // amount in any year is the definition rule's, or E007, as in a plain table.)
        let some_year = layout.len() > 1 && layout.iter().any(|(_, at)| !self.no_amount(row, at));
        let mut passed = false;
        for (year, at) in layout {
            if some_year && self.no_amount(row, at) {
                if at.iter().flatten().any(|c| row.cells(c, "").is_some()) {
                    self.summary.count(Reason::NilCells, &[None; 5]);
                }
                passed = true;
                continue;
            }
            self.money(row, at, year.as_deref(), stem);
        }
        if passed {
            self.summary.count(Reason::YearWithoutAmount, &[None; 5]);
        }
    }

    /// Whether every amount cell at `at` is empty or nil.
    fn no_amount(&self, row: &Row, at: &[Option<Vec<usize>>; 5]) -> bool {
        at.iter()
            .flatten()
            .all(|c| row.cells(c, "").is_none_or(|text| self.is_nil(&text)))
    }

    /// One line's money from a row (one of its years, in a wide table).
    fn money(&mut self, row: &Row, at: &[Option<Vec<usize>>; 5], year: Option<&str>, stem: &str) {
        let Some(amounts) = self.amounts(row, at) else {
            return;
        };
        let values = amounts.values;
        if amounts.nil {
            self.summary.count(Reason::NilCells, &values);
        }
        if self.scales.iter().any(Option::is_some) {
            self.summary.count(Reason::Scaled, &values);
        }
        if self.mapping.rules.skip_zero_amounts
            && values.iter().all(|v| v.is_none_or(|v| v.is_zero()))
        {
            self.summary.count(Reason::ZeroInEveryPhase, &values);
            return;
        }
        if values.iter().all(Option::is_none) {
            // No phase at all: named at the approved amount's column.
            let says = if amounts.nil_amount {
                "means nil (null_values), and the row gives no other amount; set definition_rows_without_amount = true under [rules] if such rows only define goals and programs (a nil amount is no money)"
            } else {
                "is empty, and the row gives no other amount; set definition_rows_without_amount = true under [rules] if such rows only define goals and programs"
            };
            let says = format!("the amount cell {says}");
            self.diagnostics
                .push(row.cell_problem(Code::E007, at[1].as_deref(), &says));
            return;
        }
        self.line(row, values, stem, year);
    }

    fn line(
        &mut self,
        row: &Row,
        values: [Option<Decimal>; 5],
        stem: &str,
        wide_year: Option<&str>,
    ) {
        let constants = &self.mapping.constants;
        // Labels are short: a CompactString keeps them without a heap allocation.
        let text = |field: Field, constant: &Option<String>| {
            row.cell(field)
                .map(|c| CompactString::from(c.as_ref()))
                .or_else(|| constant.as_deref().map(CompactString::from))
        };
        let year = wide_year
            .map(CompactString::from)
            .or_else(|| text(Field::Year, &constants.year));
        let org_unit = text(Field::OrgUnit, &constants.org_unit);
        let category = text(Field::Category, &constants.category).map(|c| self.category(&c));
        let Some(year) = year else {
            self.diagnostics.push(row.problem(
                Code::E008,
                Field::Year,
                format!(
                    "{} row {}: no fiscal year (map a year column or set constants.year)",
                    row.table, row.number
                ),
            ));
            return;
        };
        // A constant direction (a Fiscal Data Package's measures give one) is the same word
        // on every row: read once, not compared word by word per row.
        let direction = match (row.cell(Field::Direction), &constants.direction) {
            (Some(cell), _) => direction_of(&cell).ok_or(cell),
            (None, Some(constant)) => self
                .constant_direction
                .ok_or(Cow::Borrowed(constant.as_str())),
            (None, None) => Ok(Direction::Expenditure),
        };
        let direction = match direction {
            Ok(direction) => direction,
            Err(other) => {
                self.diagnostics.push(row.problem(
                    Code::E008,
                    Field::Direction,
                    format!(
                        "{}: direction {:?} is neither expenditure nor revenue",
                        row.at(Field::Direction),
                        crate::amount::cut(&other)
                    ),
                ));
                return;
            }
        };
        let id = match row.cell(Field::LineId) {
            Some(id) => CompactString::from(id.as_ref()),
            // `<stem>-<row>`, built without the formatting machinery (a million rows made a
            // million `format!` calls).
            None => {
                let mut id = CompactString::from(stem);
                id.push('-');
                id.push_str(&row.number.to_compact_string());
                id
            }
        };
        // One line per year of a wide row.
        let id = match wide_year {
            Some(y) => compact_str::format_compact!("{id}/{y}"),
            None => id,
        };
        let (program, project) = self.define(row, Some(&id));
        let share = self.share_cell(row, Field::LineShare);
        let target = match (project, program) {
            (Some(p), _) => Some(FundTarget::Project(p.as_ref().into())),
            (None, Some(p)) => Some(FundTarget::Program(p.as_ref().into())),
            (None, None) => None,
        };
        let name = row.cell(Field::LineName);
        // Several rows may name one line (one row per parent): they add links to it.
        if let Some(l) = self.line_named(&id) {
            self.repeated_line(row, l, (&year, org_unit.as_deref()), values, target, share);
            if direction == Direction::Expenditure {
                self.classify(row, l);
            }
            return;
        }
        self.keep_line_id(&id);
        // A field the mapping does not carry keeps its default.
        let mut line = BudgetLine::new(id, year, Decimal::ZERO);
        line.amount = values[1];
        line.name = name.map(|n| n.as_ref().into());
        line.org_unit = org_unit;
        line.category = category;
        line.direction = direction;
        line.proposed = values[0];
        line.revised = values[2];
        line.committed = values[3];
        line.spent = values[4];
        if direction == Direction::Expenditure {
            line.funds = target
                .map(|target| vec![Funding { target, share }])
                .unwrap_or_default();
        }
        self.push_line(line);
        if direction == Direction::Expenditure {
            self.classify(row, self.lines_made() - 1);
        }
    }

    /// A row naming a line already read: its fields must agree; it may add a link, or add
    /// its share to a link the line has (the same parent named twice).
    fn repeated_line(
        &mut self,
        row: &Row,
        l: usize,
        (year, org_unit): (&str, Option<&str>),
        values: [Option<Decimal>; 5],
        target: Option<FundTarget>,
        share: Option<Decimal>,
    ) {
        let (slots, own) = (&mut self.slots, &mut self.data.budget_lines);
        let Some(line) = slots.line_mut(own, l) else {
            return;
        };
        let same = Phase::ALL
            .iter()
            .zip(values)
            .all(|(p, v)| line.phase_value(*p) == v)
            && line.year == year
            && line.org_unit.as_deref() == org_unit;
        if !same {
            let id = line.id.clone();
            self.diagnostics.push(row.problem(
                Code::E001,
                Field::LineId,
                format!(
                    "{} row {}: line {id} was given before with other amounts, year or org unit; rows of one line must agree",
                    row.table, row.number
                ),
            ));
            return;
        }
        self.summary.count(Reason::RepeatedLine, &values);
        let Some(target) = target else { return };
        if line.direction != Direction::Expenditure {
            return;
        }
        match line.funds.iter_mut().find(|f| f.target == target) {
            None => line.funds.push(Funding { target, share }),
            Some(f) => match (f.share, share) {
                (Some(a), Some(b)) => {
                    f.share = Some(a + b);
                    self.summary.count(Reason::SharesAdded, &values);
                }
                (None, None) => {}
                _ => {
                    let id = line.id.clone();
                    self.diagnostics.push(row.problem(
                        Code::E006,
                        Field::LineShare,
                        format!(
                            "{}: line {id} names this parent again, once with a share and once without; give a share on every row of the line",
                            row.at(Field::LineShare)
                        ),
                    ));
                }
            },
        }
    }

    /// Makes (once each) the goal, program and project a row names, with their links;
    /// returns the program and project the row's money goes to. `line` is the line the
    /// row's money makes (none for a row that only defines).
    fn define<'r>(
        &mut self,
        row: &Row<'r>,
        line: Option<&str>,
    ) -> (Option<Cow<'r, str>>, Option<Cow<'r, str>>) {
        let goal_cell = row.cell(Field::GoalId);
        let goal = goal_cell
            .clone()
            .filter(|g| !self.mapping.rules.no_goal_values.iter().any(|n| n == g));
        // A name is read only for the row that makes its entity: rows repeat ids. The row's
        // own, else the mapping's `[names]`, else the id.
        let names = &self.mapping.names;
        let name_of = |field: Field, id: &str, named: &BTreeMap<String, String>| {
            row.cell(field)
                .map(Cow::into_owned)
                .or_else(|| named.get(id).cloned())
                .unwrap_or_else(|| id.to_string())
        };
        let g = goal.as_ref().map(|id| {
            let parent = row.cell(Field::GoalParentId);
            if let Some(pid) = &parent {
                self.goal(
                    pid,
                    || name_of(Field::GoalParentName, pid, &names.goal),
                    None,
                );
            }
            self.goal(
                id,
                || name_of(Field::GoalName, id, &names.goal),
                parent.map(Cow::into_owned),
            )
        });
        let line = line.map(|id| {
            // The index the line has, or will have when this row makes it.
            self.line_named(id).unwrap_or(self.lines_made())
        });
        let program = row.cell(Field::ProgramId);
        let mut q = None;
        if let Some(id) = &program {
            let name = || name_of(Field::ProgramName, id, &names.program);
            let share = self.share_cell(row, Field::ProgramGoalShare);
            let goal = goal.as_deref().zip(g);
            let p = self.program(row, id, name, goal, share);
            q = Some(p);
            match (line, &goal_cell) {
                (Some(l), Some(key)) => {
                    self.program_goals
                        .add(p, l, key, g, row.table_index, row.number)
                }
                // Money with no goal cell: the program cannot be split by goal.
                (Some(_), None) => self.program_goals.unclassified(p),
                (None, _) => {}
            }
        }
        let project = row.cell(Field::ProjectId);
        if let Some(id) = &project {
            let name = || name_of(Field::ProjectName, id, &names.project);
            let j = self.project(id, name, program.as_deref());
            if let (Some(l), Some(p), Some(q)) = (line, &program, q) {
                self.project_programs
                    .add(j, l, p, Some(q), row.table_index, row.number);
            }
        }
        (program, project)
    }

    /// The goal `id`'s position, made the first time a row names it.
    fn goal(&mut self, id: &str, name: impl FnOnce() -> String, parent: Option<String>) -> usize {
        let g = position(&mut self.goals, &mut self.data.goals, id, || {
            Goal::new(id, name())
        });
        // The first row that names a parent gives it.
        if self.data.goals[g].parent.is_none() {
            self.data.goals[g].parent = parent;
        }
        g
    }

    fn program(
        &mut self,
        row: &Row,
        id: &str,
        name: impl FnOnce() -> String,
        goal: Option<(&str, usize)>,
        share: Option<Decimal>,
    ) -> usize {
        let q = position(&mut self.programs, &mut self.data.programs, id, || {
            Program::new(id, name())
        });
        if let Some((goal, g)) = goal {
            let seen = u32::try_from(g + 1).ok().filter(|_| share.is_none());
            if seen.is_some() && self.linked_goal.get(q).copied() == seen {
                return q; // linked so before, with no share: nothing to add or compare
            }
            let links = &mut self.data.programs[q].goals;
            let linked = match links.iter().find(|l| l.goal == goal) {
                None => {
                    links.push(GoalLink {
                        goal: goal.to_string(),
                        share,
                    });
                    true
                }
                // The share is the program's, repeated on each of its rows: another value
                // is a contradiction, not a second part.
                Some(l) if l.share != share => {
                    let had = l.share.map_or("none".to_string(), |s| s.to_string());
                    let now = share.map_or("none".to_string(), |s| s.to_string());
                    self.diagnostics.push(row.problem(
                        Code::E006,
                        Field::ProgramGoalShare,
                        format!(
                            "{}: program {id} was given goal {goal} with share {had} before, and {now} here; the rows of a program must give each goal one share",
                            row.at(Field::ProgramGoalShare)
                        ),
                    ));
                    false
                }
                Some(_) => true,
            };
            if let Some(seen) = seen.filter(|_| linked) {
                if self.linked_goal.len() <= q {
                    self.linked_goal.resize(q + 1, 0);
                }
                self.linked_goal[q] = seen;
            }
        }
        q
    }

    fn project(&mut self, id: &str, name: impl FnOnce() -> String, program: Option<&str>) -> usize {
        let j = position(&mut self.projects, &mut self.data.projects, id, || {
            Project::new(id, name())
        });
        if let Some(program) = program {
            let links = &mut self.data.projects[j].programs;
            if !links.iter().any(|l| l.program == program) {
                links.push(ProgramLink {
                    program: program.to_string(),
                    share: None,
                });
            }
        }
        j
    }
}

#[cfg(test)]
mod tests;
