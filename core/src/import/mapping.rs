//! The mapping: which physical column of a table holds which logical field of a plan, how
//! to read the table, and what its rows mean. Written in TOML (or JSON); a Fiscal Data
//! Package descriptor is read as one too (the `datapackage` module).

use crate::amount::parse_decimal;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;

/// How the columns of a table map to the plan's fields.
///
/// ```toml
/// [plan]
/// name = "EU cohesion policy 2014-2020, planned"
/// currency = "EUR"
/// precision = 2
///
/// [table]
/// delimiter = ";"                  # sniffed when not given
/// decimal_mark = ","               # 1.234,56: `.` and spaces group
/// header_row = 10                  # title rows above the column names
/// sheet = "Budget"                 # a workbook's sheet, by name or index (0 = first)
/// null_values = ["nfp", "-", ".."] # cells that mean nil: counted as missing
///
/// [columns]
/// goal_id = "TO_code"
/// goal_name = "TO long"
/// program_id = ["CCI", "Priority"]  # several columns joined by "/"
/// program_name = ["Programme Title", "Priority"] # joined by " — "
/// org_unit = "MS"
/// category = "Fund"
/// amount = "Total Amount"
///
/// [scale]
/// amount = 1000                    # the table is in thousands
///
/// [wide.amount]                    # one column per year: one line per row and year
/// "2024" = "Budget 2024"
/// "2025" = "Budget 2025"
///
/// [values.category]
/// capital = ["Capital", "Capital expenditure"]
///
/// [where]
/// Level = "3"                      # keep only the rows of one level of the table
///
/// [where_not]
/// MS = ""                          # leave out the rows with no MS: the total row
///
/// [constants]
/// year = "2014-2020"
///
/// [rules]
/// no_goal_values = ["TA", "VOID"]  # goal cells that name no goal: the money leaks
///
/// [classifications.function]       # each line's code in a classification (SPEC §10)
/// name = "Functional classification"
/// column = "Function"
/// code_name = "Function name"
///
/// [classifications.climate]        # a marker: each code with a weight in [0, 1]
/// name = "Climate relevance"
/// kind = "marker"
/// column = "Intervention field"
/// weight = "Climate coefficient"   # "0.4", "40%", or a value of `weights`
///
/// [classifications.rio]            # a marker with one column per code (the Rio form)
/// name = "Rio markers"
/// kind = "marker"
/// weight_columns = { mitigation = "Climate mitigation", adaptation = "Climate adaptation" }
/// weights = { "0" = "0", "1" = "0.4", "2" = "1" }
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub plan: MappingPlan,
    #[serde(default)]
    pub table: TableFormat,
    pub columns: Columns,
    /// What each amount column is multiplied by (exactly): 1000 for a table in thousands.
    #[serde(default)]
    pub scale: Scale,
    /// A wide table: per phase, the column of each year. Each row makes one line per
    /// year (id `…/year`), with that year's cells.
    #[serde(default)]
    pub wide: Wide,
    /// Cell values mapped to the plan's values, per field (`category` only, today).
    #[serde(default)]
    pub values: Values,
    /// Keep only the rows whose cells hold one of the given values (the others are
    /// counted in the import summary with their amounts).
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, OneOrMany>,
    /// Leave out the rows whose cells hold one of the given values (`""` is an empty
    /// cell, as a table's total row has under its keys), counted as `[where]` counts.
    #[serde(default, rename = "where_not")]
    pub filter_out: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    pub constants: Constants,
    /// Names of goals, programs and projects that the rows give no name for (a goal read
    /// from a code's first digits has no name column).
    #[serde(default)]
    pub names: Names,
    #[serde(default)]
    pub rules: Rules,
    /// The tables to read when none are named (a Fiscal Data Package's resources), as
    /// paths relative to the mapping file.
    #[serde(default)]
    pub resources: Vec<String>,
    /// Columns that classify each line (SPEC §10), by the classification's id: the line's
    /// whole money goes under the code its row names (a function, a thematic objective).
    #[serde(default)]
    pub classifications: BTreeMap<String, ClassificationColumn>,
}

/// The columns that put each line under a classification's codes (SPEC §10): a column of
/// codes, and for a marker the weight of each code.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassificationColumn {
    /// The classification's name.
    pub name: String,
    /// `share` (the default: the line's whole money under its code) or `marker` (each code
    /// with a relevance weight).
    #[serde(default)]
    pub kind: MappedKind,
    /// The column holding each row's code (not with `weight_columns`).
    pub column: Option<ColumnRef>,
    /// The column holding the code's name, if the table has one.
    pub code_name: Option<ColumnRef>,
    /// Cells that name no code ("VOID", "n/a"): the line stays unclassified.
    #[serde(default)]
    pub no_code_values: Vec<String>,
    /// A marker's column of weights: each row's weight for the code `column` names.
    pub weight: Option<ColumnRef>,
    /// A marker whose table has one column per code (the Rio markers' form): code → the
    /// column of its weights. An empty cell leaves the line without that code.
    #[serde(default)]
    pub weight_columns: BTreeMap<String, String>,
    /// A marker's weight cells as the table writes them → weights in [0, 1] (the Rio
    /// significance `"2"` → `"1"`). Without it a cell is a number in [0, 1] or a
    /// percentage (`"40%"`).
    #[serde(default)]
    pub weights: BTreeMap<String, String>,
}

/// How a mapped classification counts money (SPEC §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MappedKind {
    #[default]
    Share,
    Marker,
}

/// The plan's own fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingPlan {
    pub name: String,
    pub currency: Option<String>,
    #[serde(default = "default_precision")]
    pub precision: u32,
    /// `"utf-8"` (the default), `"windows-1252"` or `"ibm850"`: a file that is not in the
    /// declared encoding is an error, never a guess.
    #[serde(default = "default_encoding")]
    pub encoding: String,
}

pub(super) fn default_precision() -> u32 {
    2
}

pub(super) fn default_encoding() -> String {
    "utf-8".into()
}

/// How a table is written: its delimiter, its sheet, the cells that mean nil.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableFormat {
    /// One character (`","`, `";"`, `"\t"`, `"|"`). When not given it is sniffed from
    /// the header row, and a header that fits none is an error naming what was found.
    pub delimiter: Option<String>,
    /// The sheet of a workbook (`.xlsx`, `.xls`, `.ods`): its name, or its index from 0.
    /// The first sheet when not given.
    pub sheet: Option<SheetRef>,
    /// Cells that mean nil or confidential ("nfp", "-", "..", "n/a"), compared trimmed and
    /// ignoring case: the value is missing, and the summary counts such cells.
    #[serde(default)]
    pub null_values: Vec<String>,
    /// `"."` (the default) or `","`: with `","`, `.` and spaces group thousands
    /// (`1.234,56`), as most of continental Europe writes numbers.
    pub decimal_mark: Option<String>,
    /// The row that holds the column names, counted from 1 as a spreadsheet shows it
    /// (a report's title rows above it are skipped). The first row when not given.
    pub header_row: Option<usize>,
}

/// A sheet by name or by index.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum SheetRef {
    Index(usize),
    Name(String),
}

/// One column, or several joined (ids with "/", names with " — "), or the first characters
/// of one column's cells (a code whose leading digits are its parent's code).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    One(String),
    Many(Vec<String>),
    Part(ColumnPart),
}

/// The first `first` characters of a column's cells: `{ column = "PROGRAMA", first = 2 }`
/// reads the policy `91` from the programme `91100`. A non-empty cell with fewer characters
/// before its end or a space is an error at its row, never read whole or cut short.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnPart {
    pub column: String,
    pub first: usize,
}

impl ColumnRef {
    pub(super) fn names(&self) -> Vec<&str> {
        match self {
            ColumnRef::One(c) => vec![c.as_str()],
            ColumnRef::Many(cs) => cs.iter().map(String::as_str).collect(),
            ColumnRef::Part(p) => vec![p.column.as_str()],
        }
    }

    /// How many characters of the cell are read, where only the first are.
    pub(super) fn first(&self) -> Option<usize> {
        match self {
            ColumnRef::Part(p) => Some(p.first),
            _ => None,
        }
    }
}

/// One value or several.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(super) fn values(&self) -> &[String] {
        match self {
            OneOrMany::One(v) => std::slice::from_ref(v),
            OneOrMany::Many(vs) => vs,
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

impl Columns {
    /// The amount columns to set, in the order of [`crate::Phase::ALL`].
    pub(super) fn amounts_mut(&mut self) -> [&mut Option<ColumnRef>; 5] {
        [
            &mut self.proposed,
            &mut self.amount,
            &mut self.revised,
            &mut self.committed,
            &mut self.spent,
        ]
    }

    /// Every field with its column, in [`Field::ALL`]'s order.
    pub(super) fn fields(&self) -> [(Field, &Option<ColumnRef>); Field::COUNT] {
        Field::ALL.map(|f| (f, self.column(f)))
    }

    /// The column a field is mapped to.
    pub(super) fn column(&self, field: Field) -> &Option<ColumnRef> {
        match field {
            Field::LineId => &self.line_id,
            Field::LineName => &self.line_name,
            Field::Year => &self.year,
            Field::OrgUnit => &self.org_unit,
            Field::Category => &self.category,
            Field::Direction => &self.direction,
            Field::Proposed => &self.proposed,
            Field::Amount => &self.amount,
            Field::Revised => &self.revised,
            Field::Committed => &self.committed,
            Field::Spent => &self.spent,
            Field::LineShare => &self.line_share,
            Field::GoalId => &self.goal_id,
            Field::GoalName => &self.goal_name,
            Field::GoalParentId => &self.goal_parent_id,
            Field::GoalParentName => &self.goal_parent_name,
            Field::ProgramId => &self.program_id,
            Field::ProgramName => &self.program_name,
            Field::ProgramGoalShare => &self.program_goal_share,
            Field::ProjectId => &self.project_id,
            Field::ProjectName => &self.project_name,
        }
    }
}

/// A logical field of [`Columns`]: a row is read field by field, each at the positions its
/// columns have in the table's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    LineId,
    LineName,
    Year,
    OrgUnit,
    Category,
    Direction,
    Proposed,
    Amount,
    Revised,
    Committed,
    Spent,
    LineShare,
    GoalId,
    GoalName,
    GoalParentId,
    GoalParentName,
    ProgramId,
    ProgramName,
    ProgramGoalShare,
    ProjectId,
    ProjectName,
}

impl Field {
    pub(super) const COUNT: usize = 21;

    /// Every field, in the order of [`Columns`].
    pub(super) const ALL: [Field; Field::COUNT] = [
        Field::LineId,
        Field::LineName,
        Field::Year,
        Field::OrgUnit,
        Field::Category,
        Field::Direction,
        Field::Proposed,
        Field::Amount,
        Field::Revised,
        Field::Committed,
        Field::Spent,
        Field::LineShare,
        Field::GoalId,
        Field::GoalName,
        Field::GoalParentId,
        Field::GoalParentName,
        Field::ProgramId,
        Field::ProgramName,
        Field::ProgramGoalShare,
        Field::ProjectId,
        Field::ProjectName,
    ];

    /// The amount fields, in the order of [`crate::Phase::ALL`].
    pub(super) const AMOUNTS: [Field; 5] = [
        Field::Proposed,
        Field::Amount,
        Field::Revised,
        Field::Committed,
        Field::Spent,
    ];

    /// The field's name under `[columns]`, as diagnostics say it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Field::LineId => "line_id",
            Field::LineName => "line_name",
            Field::Year => "year",
            Field::OrgUnit => "org_unit",
            Field::Category => "category",
            Field::Direction => "direction",
            Field::Proposed => "proposed",
            Field::Amount => "amount",
            Field::Revised => "revised",
            Field::Committed => "committed",
            Field::Spent => "spent",
            Field::LineShare => "line_share",
            Field::GoalId => "goal_id",
            Field::GoalName => "goal_name",
            Field::GoalParentId => "goal_parent_id",
            Field::GoalParentName => "goal_parent_name",
            Field::ProgramId => "program_id",
            Field::ProgramName => "program_name",
            Field::ProgramGoalShare => "program_goal_share",
            Field::ProjectId => "project_id",
            Field::ProjectName => "project_name",
        }
    }

    /// Whether its cells are numbers (an amount or a share), of which no part may be read.
    pub(super) fn is_number(self) -> bool {
        Field::AMOUNTS.contains(&self) || matches!(self, Field::LineShare | Field::ProgramGoalShare)
    }

    /// Whether its cells are ids (or years): held to the id limit, not the text limit.
    pub(super) fn is_id(self) -> bool {
        matches!(
            self,
            Field::LineId
                | Field::Year
                | Field::GoalId
                | Field::GoalParentId
                | Field::ProgramId
                | Field::ProjectId
        )
    }

    /// What joins the cells of a field mapped to several columns: an id's parts with `/`,
    /// a number's not at all, any other text's with ` — `.
    pub(super) fn joiner(self) -> &'static str {
        match self {
            Field::LineId
            | Field::GoalId
            | Field::GoalParentId
            | Field::ProgramId
            | Field::ProjectId => "/",
            Field::LineShare
            | Field::ProgramGoalShare
            | Field::Proposed
            | Field::Amount
            | Field::Revised
            | Field::Committed
            | Field::Spent => "",
            _ => " — ",
        }
    }
}

/// A multiplier per amount column, exact: written as an integer or as a decimal string
/// (`1000`, `"0.001"`), never as a float.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub proposed: Option<Multiplier>,
    #[serde(alias = "approved")]
    pub amount: Option<Multiplier>,
    #[serde(alias = "adjusted")]
    pub revised: Option<Multiplier>,
    pub committed: Option<Multiplier>,
    #[serde(alias = "executed")]
    pub spent: Option<Multiplier>,
}

impl Scale {
    /// The multipliers to set, in the order of [`crate::Phase::ALL`].
    pub(super) fn by_phase_mut(&mut self) -> [&mut Option<Multiplier>; 5] {
        [
            &mut self.proposed,
            &mut self.amount,
            &mut self.revised,
            &mut self.committed,
            &mut self.spent,
        ]
    }

    /// The multipliers in the order of [`crate::Phase::ALL`].
    pub(super) fn by_phase(&self) -> [Option<&Multiplier>; 5] {
        [
            self.proposed.as_ref(),
            self.amount.as_ref(),
            self.revised.as_ref(),
            self.committed.as_ref(),
            self.spent.as_ref(),
        ]
    }
}

/// The columns of a wide table: per phase, year → column.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wide {
    #[serde(default)]
    pub proposed: BTreeMap<String, String>,
    #[serde(default, alias = "approved")]
    pub amount: BTreeMap<String, String>,
    #[serde(default, alias = "adjusted")]
    pub revised: BTreeMap<String, String>,
    #[serde(default)]
    pub committed: BTreeMap<String, String>,
    #[serde(default, alias = "executed")]
    pub spent: BTreeMap<String, String>,
}

impl Wide {
    /// The year → column tables in the order of [`crate::Phase::ALL`].
    pub(super) fn by_phase(&self) -> [&BTreeMap<String, String>; 5] {
        [
            &self.proposed,
            &self.amount,
            &self.revised,
            &self.committed,
            &self.spent,
        ]
    }
}

/// An exact multiplier.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Multiplier {
    Integer(i64),
    Text(String),
}

impl Multiplier {
    /// The multiplier as a decimal; an error says what to write.
    pub fn value(&self) -> Result<Decimal, String> {
        let v = match self {
            Multiplier::Integer(i) => Decimal::from(*i),
            Multiplier::Text(t) => parse_decimal(t).map_err(|e| e.to_string())?,
        };
        if v <= Decimal::ZERO {
            return Err(format!("{v} must be more than zero"));
        }
        Ok(v)
    }
}

/// Cell values mapped to the plan's values.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Values {
    /// The plan's category → the cell values that mean it (compared trimmed, ignoring
    /// case). A category cell named by none is kept as written, except that any spelling
    /// of `capital` is `capital` (the category the capital share counts).
    #[serde(default)]
    pub category: BTreeMap<String, Vec<String>>,
}

/// Names by id, for the goals, programs and projects whose rows give none: a name the
/// rows give wins; an id no row makes is not used. Without either, an entity is named by
/// its id.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    #[serde(default)]
    pub goal: BTreeMap<String, String>,
    #[serde(default)]
    pub program: BTreeMap<String, String>,
    #[serde(default)]
    pub project: BTreeMap<String, String>,
}

impl Names {
    /// Another mapping's names added to these (theirs win for an id both name).
    pub(super) fn extend(&mut self, other: Names) {
        self.goal.extend(other.goal);
        self.program.extend(other.program);
        self.project.extend(other.project);
    }
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
    /// Skip rows whose every mapped amount is zero or missing (they carry no money); they
    /// are counted in the import summary, not dropped silently.
    #[serde(default)]
    pub skip_zero_amounts: bool,
    /// Rows with an empty amount cell define goals, programs and projects only (a goal
    /// hierarchy kept in the same table); without this rule an empty amount is an error.
    #[serde(default)]
    pub definition_rows_without_amount: bool,
    /// When the rows of one program name different goals for different money (the goal
    /// comes from a classification column), make one sub-program per goal (`P/goal`) so
    /// that each row's money reaches the goal its row names. Without this rule such a
    /// program is an error: an equal split would not be what the rows say.
    #[serde(default)]
    pub one_program_per_goal: bool,
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
