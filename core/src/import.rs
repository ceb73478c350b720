//! Importing budgets kept as tables (CSV), the way budget offices and open-data portals
//! publish them: a mapping names which physical column holds which logical field, in the
//! spirit of the Fiscal Data Package (phases proposed/approved/adjusted/executed, direction
//! expenditure/revenue).
//!
//! Each row becomes one budget line, linked to the project or program its row names; the
//! goals, programs and projects named by the rows are made once each. Every problem gets a
//! diagnostic naming the file, the row and the column; nothing is dropped or guessed.

use crate::amount::{parse_amount, parse_decimal};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::*;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::HashMap;

/// How the columns of a table map to the plan's fields.
///
/// ```toml
/// [plan]
/// name = "EU cohesion policy 2014-2020, planned"
/// currency = "EUR"
/// precision = 2
///
/// [columns]
/// goal_id = "TO_code"
/// goal_name = "TO long"
/// program_id = ["CCI", "Priority", "TO_code"]   # several columns joined by "/"
/// program_name = ["Programme Title", "Priority"] # joined by " — "
/// org_unit = "MS"
/// category = "Fund"
/// amount = "Total Amount"
///
/// [constants]
/// year = "2014-2020"
///
/// [rules]
/// no_goal_values = ["TA", "VOID"]  # goal cells that name no goal: the money leaks
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub plan: MappingPlan,
    pub columns: Columns,
    #[serde(default)]
    pub constants: Constants,
    #[serde(default)]
    pub rules: Rules,
    /// The tables to read when none are named (a Fiscal Data Package's resources), as
    /// paths relative to the mapping file.
    #[serde(default)]
    pub resources: Vec<String>,
}

/// The plan's own fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingPlan {
    pub name: String,
    pub currency: Option<String>,
    #[serde(default = "default_precision")]
    pub precision: u32,
    /// `"utf-8"` (the default) or `"windows-1252"`: a file that is not in the declared
    /// encoding is an error, never a guess.
    #[serde(default = "default_encoding")]
    pub encoding: String,
}

fn default_precision() -> u32 {
    2
}

fn default_encoding() -> String {
    "utf-8".into()
}

/// One column, or several joined (ids with "/", names with " — ").
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    One(String),
    Many(Vec<String>),
}

impl ColumnRef {
    fn names(&self) -> Vec<&str> {
        match self {
            ColumnRef::One(c) => vec![c.as_str()],
            ColumnRef::Many(cs) => cs.iter().map(String::as_str).collect(),
        }
    }
}

/// Which physical column holds each logical field. Amount columns take the names of the
/// plan's phases, or the Fiscal Data Package's (`approved`, `adjusted`, `executed`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub line_id: Option<ColumnRef>,
    pub line_name: Option<ColumnRef>,
    pub year: Option<ColumnRef>,
    pub org_unit: Option<ColumnRef>,
    pub category: Option<ColumnRef>,
    pub direction: Option<ColumnRef>,
    pub proposed: Option<ColumnRef>,
    #[serde(alias = "approved")]
    pub amount: Option<ColumnRef>,
    #[serde(alias = "adjusted")]
    pub revised: Option<ColumnRef>,
    pub committed: Option<ColumnRef>,
    #[serde(alias = "executed")]
    pub spent: Option<ColumnRef>,
    pub line_share: Option<ColumnRef>,
    pub goal_id: Option<ColumnRef>,
    pub goal_name: Option<ColumnRef>,
    pub goal_parent_id: Option<ColumnRef>,
    pub goal_parent_name: Option<ColumnRef>,
    pub program_id: Option<ColumnRef>,
    pub program_name: Option<ColumnRef>,
    pub program_goal_share: Option<ColumnRef>,
    pub project_id: Option<ColumnRef>,
    pub project_name: Option<ColumnRef>,
}

/// Values that hold for every row, where the table has no column for them.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constants {
    pub year: Option<String>,
    pub org_unit: Option<String>,
    pub category: Option<String>,
    pub direction: Option<String>,
}

/// Rules for what the rows mean.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Goal cells that name no goal (technical assistance, void codes): the program of such
    /// a row links to no goal, so its money shows up as a leak.
    #[serde(default)]
    pub no_goal_values: Vec<String>,
    /// Skip rows whose amount is zero (they carry no money); they are counted in the
    /// import summary, not dropped silently.
    #[serde(default)]
    pub skip_zero_amounts: bool,
    /// Rows with an empty amount cell define goals, programs and projects only (a goal
    /// hierarchy kept in the same table); without this rule an empty amount is an error.
    #[serde(default)]
    pub definition_rows_without_amount: bool,
}

/// A mapping that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MappingError {
    #[error("the mapping cannot be read: {0}")]
    Syntax(String),
    #[error("the Fiscal Data Package cannot be used: {0}")]
    Datapackage(String),
}

impl Mapping {
    /// Reads a mapping from TOML text, or from JSON text when it starts with `{`. A Fiscal
    /// Data Package descriptor (`datapackage.json`, with `resources` and a `model`) is read
    /// as a mapping too (see [`Mapping::from_datapackage`]).
    pub fn parse(text: &str) -> Result<Mapping, MappingError> {
        if text.trim_start().starts_with('{') {
            let value: serde_json::Value =
                serde_json::from_str(text).map_err(|e| MappingError::Syntax(e.to_string()))?;
            if value.get("model").is_some() && value.get("resources").is_some() {
                return Mapping::from_datapackage(&value);
            }
            return serde_json::from_value(value).map_err(|e| MappingError::Syntax(e.to_string()));
        }
        toml::from_str(text).map_err(|e| MappingError::Syntax(e.to_string()))
    }

    /// The mapping a Fiscal Data Package's model describes: measures by phase (`proposed`,
    /// `approved` → amount, `adjusted` → revised, `executed` → spent), their currency and
    /// direction; dimensions by type — `datetime` → year, `activity` → program, a
    /// `functional` classification → goal (with its `parent` attribute as the parent goal),
    /// an `administrative` classification or an `entity` → org unit, an `economic`
    /// classification → category. What goldthread cannot honour exactly (a measure
    /// `factor`, measures in several currencies) is an error, not a guess.
    pub fn from_datapackage(dp: &serde_json::Value) -> Result<Mapping, MappingError> {
        let bad = |m: &str| MappingError::Datapackage(m.to_string());
        let name = dp
            .get("title")
            .or_else(|| dp.get("name"))
            .and_then(|v| v.as_str())
            .unwrap_or("Fiscal Data Package")
            .to_string();
        let mut columns = Columns::default();
        let mut constants = Constants::default();
        let mut currency: Option<String> = None;
        let measures = dp["model"]["measures"]
            .as_object()
            .ok_or_else(|| bad("model.measures must be an object"))?;
        for (key, m) in measures {
            let source = m["source"]
                .as_str()
                .ok_or_else(|| bad(&format!("measure {key} has no source column")))?;
            if m.get("factor")
                .and_then(|f| f.as_f64())
                .is_some_and(|f| f != 1.0)
                || m.get("factor")
                    .and_then(|f| f.as_str())
                    .is_some_and(|f| f != "1")
            {
                return Err(bad(&format!(
                    "measure {key} has a factor; goldthread reads amounts exactly as written, so multiply them in the table"
                )));
            }
            if let Some(c) = m["currency"].as_str() {
                if currency.as_deref().is_some_and(|have| have != c) {
                    return Err(bad("measures in several currencies cannot be one plan"));
                }
                currency = Some(c.to_string());
            }
            if let Some(d) = m["direction"].as_str() {
                constants.direction = Some(d.to_string());
            }
            let slot = match m["phase"].as_str().unwrap_or("approved") {
                "proposed" => &mut columns.proposed,
                "approved" => &mut columns.amount,
                "adjusted" => &mut columns.revised,
                "executed" => &mut columns.spent,
                other => {
                    return Err(bad(&format!(
                        "measure {key} has an unknown phase {other:?}"
                    )))
                }
            };
            if slot.is_some() {
                return Err(bad(&format!(
                    "two measures share the phase of measure {key}"
                )));
            }
            *slot = Some(ColumnRef::One(source.to_string()));
        }
        if columns.amount.is_none() {
            return Err(bad("no measure has the phase \"approved\" (or no phase): goldthread needs the approved amount"));
        }
        let dimensions = dp["model"]["dimensions"]
            .as_object()
            .ok_or_else(|| bad("model.dimensions must be an object"))?;
        for (key, d) in dimensions {
            let attributes = d["attributes"].as_object().cloned().unwrap_or_default();
            // The identifying attribute: the first of the primary key, else `code`/`id`.
            let primary = match &d["primaryKey"] {
                serde_json::Value::String(k) => Some(k.clone()),
                serde_json::Value::Array(ks) => {
                    ks.first().and_then(|k| k.as_str()).map(str::to_string)
                }
                _ => None,
            }
            .or_else(|| {
                ["code", "id"]
                    .iter()
                    .find(|k| attributes.contains_key(**k))
                    .map(|k| k.to_string())
            })
            .or_else(|| attributes.keys().next().cloned());
            let Some(primary) = primary else { continue };
            let attr = |k: &str| attributes.get(k);
            let source = |k: &str| {
                attr(k)
                    .and_then(|a| a["source"].as_str())
                    .map(|s| ColumnRef::One(s.to_string()))
            };
            let constant = |k: &str| {
                attr(k)
                    .and_then(|a| a["constant"].as_str())
                    .map(str::to_string)
            };
            let label = attributes
                .iter()
                .find(|(_, a)| a["labelfor"].as_str() == Some(primary.as_str()))
                .map(|(k, _)| k.clone())
                .or_else(|| {
                    ["title", "label", "name"]
                        .iter()
                        .find(|k| attributes.contains_key(**k))
                        .map(|k| k.to_string())
                });
            let kind = d["dimensionType"].as_str().unwrap_or("other");
            let class = d["classificationType"].as_str().unwrap_or("");
            match (kind, class) {
                ("datetime", _) => {
                    columns.year = source(&primary);
                    constants.year = constant(&primary);
                }
                ("activity", _) => {
                    columns.program_id = source(&primary);
                    columns.program_name = label.as_deref().and_then(source);
                }
                ("classification", "functional") => {
                    columns.goal_id = source(&primary);
                    columns.goal_name = label.as_deref().and_then(source);
                    if let Some(parent) = attr(&primary).and_then(|a| a["parent"].as_str()) {
                        columns.goal_parent_id = source(parent);
                    }
                }
                ("classification", "administrative") | ("entity", _) => {
                    columns.org_unit = source(&primary);
                    constants.org_unit = constant(&primary);
                }
                ("classification", "economic") => {
                    columns.category = source(&primary);
                    constants.category = constant(&primary);
                }
                _ => {
                    let _ = key; // other dimensions carry nothing goldthread models
                }
            }
        }
        let resources = dp["resources"]
            .as_array()
            .map(|rs| {
                rs.iter()
                    .filter_map(|r| r["path"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Mapping {
            plan: MappingPlan {
                name,
                currency,
                precision: default_precision(),
                encoding: default_encoding(),
            },
            columns,
            constants,
            rules: Rules::default(),
            resources,
        })
    }
}

/// A table to import: its name (for diagnostics and generated ids) and its bytes.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What an import made: the plan data, every diagnostic, and how many rows it read.
#[derive(Debug, Clone)]
pub struct Imported {
    pub data: PlanData,
    pub diagnostics: Vec<Diagnostic>,
    pub rows: usize,
    /// Rows skipped by `skip_zero_amounts`.
    pub skipped_zero: usize,
    /// Rows that only defined goals, programs or projects.
    pub definition_rows: usize,
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

/// The text of a table in the mapping's encoding.
fn decode(table: &Table, encoding: &str) -> Result<String, Box<Diagnostic>> {
    match encoding.to_ascii_lowercase().as_str() {
        "utf-8" | "utf8" => match std::str::from_utf8(table.bytes) {
            Ok(t) => Ok(t.trim_start_matches('\u{feff}').to_string()),
            Err(e) => {
                // Count lines to name the row of the first bad byte.
                let row = table.bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1;
                Err(Box::new(problem(
                    Code::E008,
                    table.name,
                    row,
                    None,
                    format!(
                        "{} is not UTF-8 (first bad byte at offset {}); if it was saved by Excel on Windows, set encoding = \"windows-1252\" under [plan] in the mapping",
                        table.name,
                        e.valid_up_to()
                    ),
                )))
            }
        },
        "windows-1252" | "cp1252" => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(table.bytes);
            Ok(text.trim_start_matches('\u{feff}').to_string())
        }
        other => Err(Box::new(
            Diagnostic::new(
                Code::E008,
                format!("encoding {other:?} is not supported; write \"utf-8\" or \"windows-1252\""),
            )
            .at("mapping"),
        )),
    }
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
/// let plan = goldthread::Plan::from_data(imported.data).unwrap();
/// let report = plan.report(&goldthread::Scope::all(), goldthread::Phase::Amount);
/// assert_eq!(report.traceability.traced_amount.to_string(), "1000");
/// assert_eq!(report.traceability.leaks.program_unlinked.to_string(), "250");
/// ```
pub fn import(mapping: &Mapping, tables: &[Table]) -> Imported {
    let mut b = Builder {
        mapping,
        data: PlanData {
            name: mapping.plan.name.clone(),
            currency: mapping.plan.currency.clone(),
            precision: mapping.plan.precision,
            ..PlanData::default()
        },
        goals: HashMap::new(),
        programs: HashMap::new(),
        projects: HashMap::new(),
        lines: HashMap::new(),
        diagnostics: Vec::new(),
        rows: 0,
        skipped_zero: 0,
        definition_rows: 0,
    };
    for table in tables {
        b.table(table);
    }
    Imported {
        data: b.data,
        diagnostics: b.diagnostics,
        rows: b.rows,
        skipped_zero: b.skipped_zero,
        definition_rows: b.definition_rows,
    }
}

struct Builder<'m> {
    mapping: &'m Mapping,
    data: PlanData,
    goals: HashMap<String, usize>,
    programs: HashMap<String, usize>,
    projects: HashMap<String, usize>,
    lines: HashMap<String, usize>,
    diagnostics: Vec<Diagnostic>,
    rows: usize,
    skipped_zero: usize,
    definition_rows: usize,
}

/// One row being read, with what is needed to name a problem in it.
struct Row<'r> {
    table: &'r str,
    number: usize,
    record: &'r csv::StringRecord,
}

impl Builder<'_> {
    fn table(&mut self, table: &Table) {
        let text = match decode(table, &self.mapping.plan.encoding) {
            Ok(t) => t,
            Err(d) => {
                self.diagnostics.push(*d);
                return;
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(normalize_header).collect(),
            Err(e) => {
                self.diagnostics.push(problem(
                    Code::E008,
                    table.name,
                    1,
                    None,
                    format!("{}: the header row cannot be read: {e}", table.name),
                ));
                return;
            }
        };
        // Resolve every mapped column once; a missing one is named with the headers found.
        let c = &self.mapping.columns;
        let fields: [(&str, &Option<ColumnRef>); 21] = [
            ("line_id", &c.line_id),
            ("line_name", &c.line_name),
            ("year", &c.year),
            ("org_unit", &c.org_unit),
            ("category", &c.category),
            ("direction", &c.direction),
            ("proposed", &c.proposed),
            ("amount", &c.amount),
            ("revised", &c.revised),
            ("committed", &c.committed),
            ("spent", &c.spent),
            ("line_share", &c.line_share),
            ("goal_id", &c.goal_id),
            ("goal_name", &c.goal_name),
            ("goal_parent_id", &c.goal_parent_id),
            ("goal_parent_name", &c.goal_parent_name),
            ("program_id", &c.program_id),
            ("program_name", &c.program_name),
            ("program_goal_share", &c.program_goal_share),
            ("project_id", &c.project_id),
            ("project_name", &c.project_name),
        ];
        // Keyed by the mapping's field names (not the tables' text): the fast hasher.
        let mut index: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        let mut missing = false;
        for (field, column) in fields {
            let Some(column) = column else { continue };
            let mut at = Vec::new();
            for name in column.names() {
                match headers.iter().position(|h| *h == normalize_header(name)) {
                    Some(i) => at.push(i),
                    None => {
                        missing = true;
                        self.diagnostics.push(problem(
                            Code::E008,
                            table.name,
                            1,
                            None,
                            format!(
                                "{}: the mapping's {field} column {name:?} is not in the header row ({})",
                                table.name,
                                headers.join(", ")
                            ),
                        ));
                    }
                }
            }
            index.insert(field, at);
        }
        if self.mapping.columns.amount.is_none() {
            missing = true;
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E008,
                    "the mapping names no amount column (amount or approved)",
                )
                .at("mapping"),
            );
        }
        if missing {
            return;
        }
        let stem = table
            .name
            .rsplit('/')
            .next()
            .unwrap_or(table.name)
            .trim_end_matches(".csv");
        for (i, record) in reader.records().enumerate() {
            // The line in the file (the csv reader skips empty lines; the header is line 1).
            let number = match &record {
                Ok(r) => r.position().map(|p| p.line() as usize),
                Err(e) => e.position().map(|p| p.line() as usize),
            }
            .unwrap_or(i + 2);
            let record = match record {
                Ok(r) => r,
                Err(e) => {
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
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue; // a blank row carries nothing
            }
            self.rows += 1;
            let row = Row {
                table: table.name,
                number,
                record: &record,
            };
            self.row(&row, &index, &headers, stem);
        }
    }

    /// The cells of a field, joined; `None` when the field is not mapped or all are empty.
    fn cell(
        &self,
        row: &Row,
        index: &FxHashMap<&str, Vec<usize>>,
        field: &str,
        joiner: &str,
    ) -> Option<String> {
        let at = index.get(field)?;
        let parts: Vec<&str> = at
            .iter()
            .map(|i| row.record.get(*i).unwrap_or("").trim())
            .collect();
        if parts.iter().all(|p| p.is_empty()) {
            return None;
        }
        Some(parts.join(joiner))
    }

    fn amount_cell(
        &mut self,
        row: &Row,
        index: &FxHashMap<&str, Vec<usize>>,
        headers: &[String],
        field: &str,
    ) -> Option<Decimal> {
        let text = self.cell(row, index, field, "")?;
        match parse_amount(&text, self.data.precision) {
            Ok(v) => Some(v),
            Err(e) => {
                let col = index.get(field).and_then(|v| v.first().copied());
                let name = col
                    .and_then(|c| headers.get(c))
                    .cloned()
                    .unwrap_or_default();
                self.diagnostics.push(problem(
                    Code::E007,
                    row.table,
                    row.number,
                    col,
                    format!("{} row {}, column {name:?}: {e}", row.table, row.number),
                ));
                None
            }
        }
    }

    fn share_cell(
        &mut self,
        row: &Row,
        index: &FxHashMap<&str, Vec<usize>>,
        field: &str,
    ) -> Option<Decimal> {
        let text = self.cell(row, index, field, "")?;
        match parse_decimal(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                let col = index.get(field).and_then(|v| v.first().copied());
                self.diagnostics.push(problem(
                    Code::E007,
                    row.table,
                    row.number,
                    col,
                    format!("{} row {}, {field}: {e}", row.table, row.number),
                ));
                None
            }
        }
    }

    fn row(
        &mut self,
        row: &Row,
        index: &FxHashMap<&str, Vec<usize>>,
        headers: &[String],
        stem: &str,
    ) {
        if self.mapping.rules.definition_rows_without_amount
            && self.cell(row, index, "amount", "").is_none()
        {
            self.define(row, index);
            self.definition_rows += 1;
            return;
        }
        let constants = &self.mapping.constants;
        let text = |field: &str, constant: &Option<String>| {
            self.cell(row, index, field, " — ")
                .or_else(|| constant.clone())
        };
        let year = text("year", &constants.year);
        let org_unit = text("org_unit", &constants.org_unit);
        let category = text("category", &constants.category);
        let direction = text("direction", &constants.direction);
        let Some(year) = year else {
            self.diagnostics.push(problem(
                Code::E008,
                row.table,
                row.number,
                index.get("year").and_then(|v| v.first().copied()),
                format!(
                    "{} row {}: no fiscal year (map a year column or set constants.year)",
                    row.table, row.number
                ),
            ));
            return;
        };
        let direction = match direction.as_deref().map(str::to_lowercase).as_deref() {
            None | Some("expenditure") | Some("expense") | Some("expenditures") => {
                Direction::Expenditure
            }
            Some("revenue") | Some("revenues") | Some("income") => Direction::Revenue,
            Some(other) => {
                self.diagnostics.push(problem(
                    Code::E008,
                    row.table,
                    row.number,
                    index.get("direction").and_then(|v| v.first().copied()),
                    format!(
                        "{} row {}: direction {other:?} is neither expenditure nor revenue",
                        row.table, row.number
                    ),
                ));
                return;
            }
        };
        let Some(amount) = self.amount_cell(row, index, headers, "amount") else {
            if self.cell(row, index, "amount", "").is_none() {
                self.diagnostics.push(problem(
                    Code::E007,
                    row.table,
                    row.number,
                    index.get("amount").and_then(|v| v.first().copied()),
                    format!("{} row {}: the amount cell is empty", row.table, row.number),
                ));
            }
            return;
        };
        if amount.is_zero() && self.mapping.rules.skip_zero_amounts {
            self.skipped_zero += 1;
            return;
        }
        let proposed = self.amount_cell(row, index, headers, "proposed");
        let revised = self.amount_cell(row, index, headers, "revised");
        let committed = self.amount_cell(row, index, headers, "committed");
        let spent = self.amount_cell(row, index, headers, "spent");

        let (program, project) = self.define(row, index);
        let share = self.share_cell(row, index, "line_share");
        let target = match (project, program) {
            (Some(p), _) => Some(FundTarget::Project(p.into())),
            (None, Some(p)) => Some(FundTarget::Program(p.into())),
            (None, None) => None,
        };
        let id = self
            .cell(row, index, "line_id", "/")
            .unwrap_or_else(|| format!("{stem}-{}", row.number));
        let name = self.cell(row, index, "line_name", " — ");
        // Several rows may name one line (one row per parent): they add links to it.
        if let Some(&l) = self.lines.get(&id) {
            let line = &mut self.data.budget_lines[l];
            if line.amount != amount
                || line.year != year
                || line.org_unit.as_deref() != org_unit.as_deref()
            {
                self.diagnostics.push(problem(
                    Code::E001,
                    row.table,
                    row.number,
                    index.get("line_id").and_then(|v| v.first().copied()),
                    format!(
                        "{} row {}: line {id} was given before with another amount, year or org unit; rows of one line must agree",
                        row.table, row.number
                    ),
                ));
            } else if let Some(target) = target {
                if !line.funds.iter().any(|f| f.target == target) {
                    line.funds.push(Funding { target, share });
                }
            }
            return;
        }
        self.lines.insert(id.clone(), self.data.budget_lines.len());
        // A field the mapping does not carry keeps its default.
        let mut line = BudgetLine::new(id, year, amount);
        line.name = name.map(Into::into);
        line.org_unit = org_unit.map(Into::into);
        line.category = category.map(Into::into);
        line.direction = direction;
        line.proposed = proposed;
        line.revised = revised;
        line.committed = committed;
        line.spent = spent;
        if direction == Direction::Expenditure {
            line.funds = target
                .map(|target| vec![Funding { target, share }])
                .unwrap_or_default();
        }
        self.data.budget_lines.push(line);
    }

    /// Makes (once each) the goal, program and project a row names, with their links;
    /// returns the program and project the row's money goes to.
    fn define(
        &mut self,
        row: &Row,
        index: &FxHashMap<&str, Vec<usize>>,
    ) -> (Option<String>, Option<String>) {
        // Goal, program, project named by the row, each made once.
        let goal = self
            .cell(row, index, "goal_id", "/")
            .filter(|g| !self.mapping.rules.no_goal_values.iter().any(|n| n == g));
        if let Some(id) = &goal {
            let name = self
                .cell(row, index, "goal_name", " — ")
                .unwrap_or_else(|| id.clone());
            let parent = self.cell(row, index, "goal_parent_id", "/");
            if let Some(pid) = &parent {
                let pname = self
                    .cell(row, index, "goal_parent_name", " — ")
                    .unwrap_or_else(|| pid.clone());
                self.goal(pid, &pname, None);
            }
            self.goal(id, &name, parent);
        }
        let program = self.cell(row, index, "program_id", "/");
        if let Some(id) = &program {
            let name = self
                .cell(row, index, "program_name", " — ")
                .unwrap_or_else(|| id.clone());
            let share = self.share_cell(row, index, "program_goal_share");
            self.program(id, &name, goal.as_deref(), share);
        }
        let project = self.cell(row, index, "project_id", "/");
        if let Some(id) = &project {
            let name = self
                .cell(row, index, "project_name", " — ")
                .unwrap_or_else(|| id.clone());
            self.project(id, &name, program.as_deref());
        }
        (program, project)
    }

    fn goal(&mut self, id: &str, name: &str, parent: Option<String>) {
        if let Some(&g) = self.goals.get(id) {
            if self.data.goals[g].parent.is_none() {
                self.data.goals[g].parent = parent;
            }
            return;
        }
        self.goals.insert(id.to_string(), self.data.goals.len());
        let mut goal = Goal::new(id, name);
        goal.parent = parent;
        self.data.goals.push(goal);
    }

    fn program(&mut self, id: &str, name: &str, goal: Option<&str>, share: Option<Decimal>) {
        let q = match self.programs.get(id) {
            Some(&q) => q,
            None => {
                self.programs
                    .insert(id.to_string(), self.data.programs.len());
                self.data.programs.push(Program::new(id, name));
                self.data.programs.len() - 1
            }
        };
        if let Some(goal) = goal {
            let links = &mut self.data.programs[q].goals;
            if !links.iter().any(|l| l.goal == goal) {
                links.push(GoalLink {
                    goal: goal.to_string(),
                    share,
                });
            }
        }
    }

    fn project(&mut self, id: &str, name: &str, program: Option<&str>) {
        let j = match self.projects.get(id) {
            Some(&j) => j,
            None => {
                self.projects
                    .insert(id.to_string(), self.data.projects.len());
                self.data.projects.push(Project::new(id, name));
                self.data.projects.len() - 1
            }
        };
        if let Some(program) = program {
            let links = &mut self.data.projects[j].programs;
            if !links.iter().any(|l| l.program == program) {
                links.push(ProgramLink {
                    program: program.to_string(),
                    share: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Phase, Plan, Scope};

    fn mapping(extra: &str) -> Mapping {
        Mapping::parse(&format!(
            r#"
            [plan]
            name = "t"
            precision = 0
            {extra}
            [columns]
            goal_id = "Goal"
            program_id = "Program"
            org_unit = "Unit"
            amount = "Approved"
            [constants]
            year = "1398"
            "#
        ))
        .unwrap()
    }

    fn run(m: &Mapping, csv: &[u8]) -> Imported {
        import(
            m,
            &[Table {
                name: "t.csv",
                bytes: csv,
            }],
        )
    }

    #[test]
    fn messy_headers_bom_digits_and_blank_rows() {
        let csv = "\u{feff}  goal ,PROGRAM,  Unit,approved \nG1,P1,HQ,\"1,000\"\n\n,,,\nG1,P2,D1,۲۵/۰۰۰\n";
        let out = run(&mapping(""), csv.as_bytes());
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert_eq!(out.rows, 2);
        assert_eq!(out.data.budget_lines[1].amount, Decimal::from(25_000));
        assert_eq!(out.data.budget_lines[1].id, "t-5");
        assert_eq!(out.data.goals.len(), 1);
        assert_eq!(out.data.programs.len(), 2);
    }

    #[test]
    fn every_problem_names_file_row_and_column() {
        let csv = "Goal,Program,Unit,Approved\nG1,P1,HQ,12/5\nG1,P1,HQ,\nG1,P1,HQ,-4\n";
        let out = run(&mapping(""), csv.as_bytes());
        let found: Vec<(Code, Option<usize>, Option<usize>)> = out
            .diagnostics
            .iter()
            .map(|d| (d.code, d.line, d.column))
            .collect();
        assert_eq!(
            found,
            vec![
                (Code::E007, Some(2), Some(4)),
                (Code::E007, Some(3), Some(4)),
                (Code::E007, Some(4), Some(4))
            ]
        );
        assert!(out.diagnostics[0]
            .message
            .contains("t.csv row 2, column \"approved\""));
        assert_eq!(
            out.data.budget_lines.len(),
            0,
            "no row with a bad amount becomes a line"
        );
    }

    #[test]
    fn missing_columns_and_encodings_are_errors_not_guesses() {
        let out = run(&mapping(""), b"Goal,Program,Approved\nG,P,1\n");
        assert_eq!(out.diagnostics.len(), 1);
        assert!(out.diagnostics[0]
            .message
            .contains("\"Unit\" is not in the header row"));
        let latin = b"Goal,Program,Unit,Approved\nG,Caf\xe9,HQ,1\n";
        let out = run(&mapping(""), latin);
        assert!(out.diagnostics[0].message.contains("windows-1252"));
        let out = run(&mapping("encoding = \"windows-1252\""), latin);
        assert!(out.diagnostics.is_empty());
        assert_eq!(out.data.programs[0].id, "Café");
    }

    #[test]
    fn no_goal_values_leak() {
        let m = Mapping::parse(
            r#"[plan]
            name = "t"
            precision = 0
            [columns]
            goal_id = "TO"
            program_id = ["CCI", "TO"]
            amount = "Total"
            [constants]
            year = "2014-2020"
            [rules]
            no_goal_values = ["TA"]"#,
        )
        .unwrap();
        let out = run(&m, b"CCI,TO,Total\nA,01,100\nA,TA,7\nB,02,50\n");
        assert!(out.diagnostics.is_empty());
        let plan = Plan::from_data(out.data).unwrap();
        let r = plan.report(&Scope::all(), Phase::Amount);
        assert_eq!(r.traceability.traced_amount, Decimal::from(150));
        assert_eq!(r.traceability.leaks.program_unlinked, Decimal::from(7));
        assert_eq!(r.programs[1].id, "A/TA");
    }

    #[test]
    fn rows_of_one_line_add_links_and_definition_rows_build_the_tree() {
        let m = Mapping::parse(
            r#"[plan]
            name = "t"
            precision = 0
            [columns]
            line_id = "Line"
            goal_id = "Goal"
            goal_parent_id = "Parent"
            program_id = "Program"
            amount = "Amount"
            [constants]
            year = "1"
            [rules]
            definition_rows_without_amount = true"#,
        )
        .unwrap();
        let csv = "Line,Goal,Parent,Program,Amount\n,G,,,\n,G.1,G,,\n,G.2,G,,\nL1,G.1,,P,90\nL2,G.2,,P,90\nL2,G.2,,Q,90\nL3,G.1,,R,5\nL3,G.1,,R,6\n";
        let out = run(&m, csv.as_bytes());
        assert_eq!(out.definition_rows, 3);
        assert_eq!(out.data.budget_lines.len(), 3);
        assert_eq!(out.data.budget_lines[1].funds.len(), 2, "L2 funds P and Q");
        assert_eq!(out.data.goals[1].parent.as_deref(), Some("G"));
        assert_eq!(out.diagnostics.len(), 1, "L3's rows disagree");
        assert_eq!(out.diagnostics[0].line, Some(9));
    }

    #[test]
    fn fiscal_data_packages_map_or_say_why_not() {
        let dp = |measures: &str| {
            format!(
                r#"{{"name":"x","resources":[{{"path":"b.csv"}}],"model":{{"measures":{measures},
                   "dimensions":{{"d":{{"dimensionType":"datetime","primaryKey":"y","attributes":{{"y":{{"source":"Year"}}}}}}}}}}}}"#
            )
        };
        let m = Mapping::parse(&dp(r#"{"a":{"source":"Amount","currency":"EUR"}}"#)).unwrap();
        assert_eq!(m.columns.amount, Some(ColumnRef::One("Amount".into())));
        assert_eq!(m.columns.year, Some(ColumnRef::One("Year".into())));
        assert_eq!(m.resources, vec!["b.csv".to_string()]);
        for (measures, says) in [
            (r#"{"a":{"source":"A","factor":1000}}"#, "factor"),
            (r#"{"a":{"source":"A","phase":"executed"}}"#, "approved"),
            (
                r#"{"a":{"source":"A","currency":"EUR"},"b":{"source":"B","currency":"USD","phase":"executed"}}"#,
                "currencies",
            ),
        ] {
            let err = Mapping::parse(&dp(measures)).unwrap_err().to_string();
            assert!(err.contains(says), "{err}");
        }
    }

    #[test]
    fn mapping_errors_are_diagnostics() {
        assert!(Mapping::parse("[plan]\nname = \"x\"\n[columns]\nnot_a_field = \"A\"").is_err());
        assert!(
            Mapping::parse("{\"plan\": {\"name\": \"x\"}, \"columns\": {\"amount\": \"A\"}}")
                .is_ok()
        );
    }
}
