//! The goldthread command line: check, report, trace and export goal-linked budget plans.
//!
//! Exit status: 0 on success (warnings allowed), 1 when the plan has errors, 2 for a usage
//! error, a file that cannot be opened, or an id that names nothing.

mod input;

use clap::{Args, Parser, Subcommand, ValueEnum};
use goldthread::columnar::{self, RecordBatch};
use goldthread::export::{self, CsvTable};
use goldthread::lang::Lang;
use goldthread::render;
use goldthread::{Diagnostic, FileError, LoadError, LoadOptions, Plan, ReportOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "goldthread",
    version,
    about = "Follow the golden thread from budget lines to the goals they serve.",
    long_about = "goldthread reads a plan file (JSON, \"format\": \"goldthread/1\": goals, programs, \
projects, budget lines) and tells how much of the budget really serves the goals, where the \
thread from goal to money breaks, and which goals have no program, no money or no indicator.\n\n\
PLAN is a file path, or - for standard input.\n\n\
Exit status: 0 success (warnings allowed); 1 the plan has errors; 2 usage error, unreadable \
file, or an id that names nothing."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// List at most N diagnostics of each code (default 1000); the others are counted in
    /// one closing diagnostic of that code (SPEC §8).
    #[arg(long, global = true, value_name = "N")]
    max_diagnostics_per_code: Option<usize>,
    /// Refuse a plan file, table or IATI file over N bytes before reading it whole (default
    /// 2 GiB; SPEC §8).
    #[arg(long, global = true, value_name = "N")]
    max_file_bytes: Option<u64>,
}

/// The limits every plan this run loads is read under (set once, from the flags).
static LIMITS: OnceLock<LoadOptions> = OnceLock::new();

fn limits() -> LoadOptions {
    LIMITS.get().copied().unwrap_or_default()
}

#[derive(Subcommand)]
enum Command {
    /// Check a plan and list every problem (errors and warnings) with its code and place.
    ///
    /// Exits 0 when the plan has no errors (warnings allowed), 1 when it has errors
    /// (invalid JSON included), 2 when the file cannot be opened.
    Check {
        /// The plan file, or - for standard input.
        plan: PathBuf,
        /// text for people; json gives {"diagnostics": [...], "errors": N, "warnings": N}.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Report traceability, leaks and coverage for a scope and phase.
    ///
    /// On a plan with errors, prints the diagnostics on standard error and exits 1.
    ///
    /// The plan may also come straight from tables, with nothing written in between:
    /// `--tables DIR` (as `import --tables` reads it) or `--mapping MAPPING TABLE.csv...`
    /// (as `import --mapping` reads them).
    Report {
        /// The plan file (- for standard input); with --mapping, the tables to import.
        #[arg(value_name = "PLAN")]
        inputs: Vec<PathBuf>,
        /// Report on a plan kept as CSV tables in DIR (plan.csv, goals.csv, …).
        #[arg(long = "tables", value_name = "DIR", conflicts_with = "mapping")]
        tables_dir: Option<PathBuf>,
        /// Report on budget tables read with this mapping (TOML, JSON, or a Fiscal Data
        /// Package's datapackage.json).
        #[arg(long, value_name = "MAPPING")]
        mapping: Option<PathBuf>,
        /// text (aligned columns), markdown, html (one self-contained page with the Sankey,
        /// printable), json (the goldthread-report/1 contract), or parquet (every table of
        /// the report, money as decimal128, one file each in --out DIR; SPEC §14).
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// For --format parquet: the directory to write the tables into.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The language of text, markdown and html reports: en (default) or fa (Persian,
        /// right to left, Persian digits). JSON is the same in every language.
        #[arg(long, value_name = "LANG", default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// Also set every phase side by side (proposed, approved, revised, committed, spent)
        /// per goal, program, org unit and year, with execution rates.
        #[arg(long)]
        compare_phases: bool,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// What changed from one plan to another: the traced total of each goal, program,
    /// project, org unit, year and leak reason in both, coverage flags that changed,
    /// entities added, removed and renamed, links added, removed or re-shared, lines
    /// changed or moved, and a bridge from the old traced total to the new that foots
    /// exactly (SPEC §11). Entities are matched by id.
    Diff {
        /// The old plan (the proposal, last year's), or - for standard input.
        old: PathBuf,
        /// The new plan (the approval, this year's).
        new: PathBuf,
        #[command(flatten)]
        output: DiffOutput,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Apply a scenario (goldthread-scenario/1, JSON or TOML: a list of edits, SPEC §12)
    /// to a plan: write the new plan to --out and print what each edit did and the diff
    /// from the plan to the new one.
    ///
    /// An edit that names nothing, or a plan the edits leave with errors, is an error
    /// (exit 1) and nothing is written.
    Apply {
        /// The plan file, or - for standard input.
        plan: PathBuf,
        /// The scenario file.
        scenario: PathBuf,
        /// Where to write the new plan (goldthread/1 JSON).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        output: DiffOutput,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// List every path from a budget line, project or program up to a goal, with the
    /// product of its shares and the amount it carries.
    Trace {
        /// The plan file, or - for standard input.
        plan: PathBuf,
        /// The id of a budget line, project or program.
        id: String,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Export the plan: Graphviz DOT, Sankey JSON (nodes/links for d3-sankey or plotly),
    /// the plan as CSV tables (csv: one per entity kind, which `import --tables` reads
    /// back to the same plan), or the report's figures as CSV tables (figures: goals,
    /// programs and projects with their amounts).
    ///
    /// csv and figures need --out DIR (every table) or --table NAME (that one table to
    /// standard output). parquet writes the same tables as csv, typed (money as
    /// decimal128 at the plan's precision), one file each in --out DIR (SPEC §14).
    Export {
        /// The plan file, or - for standard input.
        plan: PathBuf,
        /// What to export.
        #[arg(long, value_enum)]
        to: ExportFormat,
        /// For csv and figures: one table to standard output (e.g. goals, budget_lines).
        #[arg(long)]
        table: Option<String>,
        /// For csv and figures: a directory to write every table into.
        #[arg(long)]
        out: Option<PathBuf>,
        /// For sankey: the Sankey of this classification's codes flowing to the root goals
        /// instead of the thread's (SPEC §10).
        #[arg(long, value_name = "ID")]
        classification: Option<String>,
        /// For sankey: the levels drawn — all (the whole thread, every node), programs
        /// (org units → programs → goals, as the page draws it) or projects (org units →
        /// projects → programs → goals); programs and projects keep at most
        /// --max-per-column nodes of each kind, the rest merged into one.
        #[arg(long, value_enum, default_value_t = SankeyLevels::All)]
        levels: SankeyLevels,
        /// For sankey with --levels programs or projects: nodes kept per kind (0: all).
        #[arg(long, value_name = "N", default_value_t = 40)]
        max_per_column: usize,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Import budget tables (CSV) into a plan, written to standard output as JSON.
    ///
    /// The mapping (TOML, or JSON) names which column holds which field: goal, program and
    /// project ids and names, amounts per phase, year, org unit, category, direction.
    /// Every row becomes a budget line. Problems are listed with file, row and column on
    /// standard error; then the exit status is 1 and nothing is written.
    ///
    /// With --tables DIR instead, reads a plan written by `export --to csv` (or kept by
    /// hand in that form: one CSV per entity kind, columns named as the plan's fields).
    Import {
        /// The mapping file (TOML or JSON).
        #[arg(
            long,
            required_unless_present_any = ["tables_dir", "iati"],
            conflicts_with_all = ["tables_dir", "iati"]
        )]
        mapping: Option<PathBuf>,
        /// Import IATI activity files (1.0x or 2.0x; SPEC §13): each activity a program
        /// linked to its DAC sectors (goals, under their 3-digit categories) by their
        /// percentages, its budgets and transactions one line per fiscal year. The files
        /// are the positional arguments.
        #[arg(long, conflicts_with = "tables_dir")]
        iati: bool,
        /// With --iati: the goals — sector (DAC 5-digit sectors under their categories),
        /// sector-category (the 3-digit categories only), sdg (SDG goals and targets from
        /// the activities' tags, split equally) or budget-item (the recipient country's
        /// budget classification). The sectors and budget items that are not the goals
        /// become share classifications beside them.
        #[arg(long, value_name = "TREE", default_value = "sector", requires = "iati")]
        goals: String,
        /// With --iati: a CSV table of exchange rates to --currency (columns currency,
        /// year, rate: the plan currency's units per unit of that currency; a blank year
        /// serves every year). A value in another currency is converted at the rate of
        /// its value-date's year, rounded to the cent; without rates it is an error.
        #[arg(long, value_name = "RATES.csv", requires_all = ["iati", "currency"])]
        exchange_rates: Option<PathBuf>,
        /// With --exchange-rates: the plan's currency (e.g. EUR).
        #[arg(long, value_name = "CODE", requires = "exchange_rates")]
        currency: Option<String>,
        /// With --iati: the first day of the publisher's fiscal year (MM-DD; default 01-01),
        /// e.g. 04-01 for the UK's.
        #[arg(long, value_name = "MM-DD", requires = "iati")]
        fiscal_year_start: Option<String>,
        /// With --iati: split a budget whose period spans fiscal years over them by its
        /// days in each, exactly (SPEC §13); without it such a budget is refused.
        #[arg(long, requires = "iati")]
        split_budgets_by_days: bool,
        /// With --iati: make each activity whose parent is imported a project of its top
        /// ancestor's program (its money then reaches the goals through the ancestor's
        /// sectors; its own sectors become share tags of the project). Without it every
        /// activity is a program.
        #[arg(long, requires = "iati")]
        hierarchy: bool,
        /// A directory of plan tables (plan.csv, goals.csv, programs.csv, …).
        #[arg(long = "tables")]
        tables_dir: Option<PathBuf>,
        /// The tables to import with the mapping (a Fiscal Data Package's own resources
        /// when none are named).
        tables: Vec<PathBuf>,
    },
    /// Print the JSON Schema of a plan file or of a report (draft 2020-12), generated from
    /// goldthread's own types: point an editor at it to check plan files as you type.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        of: SchemaKind,
    },
    /// Write a synthetic plan of any size to standard output, for testing scale.
    ///
    /// Deterministic: the same --lines and --seed always give the same plan (about N/10
    /// projects, N/200 programs, N/2000 goals, 21 org units, two years, some of everything
    /// unlinked).
    ///
    /// With --plans N --out DIR: a country of N municipal plans of --lines lines each,
    /// sharing one national goal framework (the same goal ids), written as
    /// DIR/municipality-0001.json and so on — for tests and benchmarks over many plans.
    Synth {
        /// How many budget lines (in each plan).
        #[arg(long)]
        lines: usize,
        /// The seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many municipal plans (needs --out).
        #[arg(long, value_name = "N", requires = "out")]
        plans: Option<usize>,
        /// The directory to write the plans into.
        #[arg(long, value_name = "DIR", requires = "plans")]
        out: Option<PathBuf>,
    },
}

#[derive(Args)]
struct ScopeArgs {
    /// Only this fiscal year (repeat for several).
    #[arg(long = "year", value_name = "Y")]
    years: Vec<String>,
    /// Only this org unit (repeat for several).
    #[arg(long = "org-unit", value_name = "U")]
    org_units: Vec<String>,
    /// Only this category (repeat for several).
    #[arg(long = "category", value_name = "C")]
    categories: Vec<String>,
    /// The phase of the budget cycle the figures use: proposed, amount (approved),
    /// revised, committed or spent.
    #[arg(long, value_name = "PHASE", default_value = "amount")]
    phase: String,
}

impl ScopeArgs {
    /// The report options these arguments give, parsed by the core as every binding's are.
    fn options(&self, compare_phases: bool) -> Result<ReportOptions, Failure> {
        ReportOptions::from_args(
            self.years.clone(),
            self.org_units.clone(),
            self.categories.clone(),
            Some(&self.phase),
            compare_phases,
        )
        .map_err(|e| Failure::Usage(e.to_string()))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum SankeyLevels {
    All,
    Programs,
    Projects,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

/// How `diff` and `apply` print a diff.
#[derive(Args)]
struct DiffOutput {
    /// text (aligned columns), markdown, or json (the goldthread-diff/1 contract; `apply`
    /// prints {"outcomes": [...], "diff": ...}).
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// The language of text and markdown: en (default) or fa.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = parse_lang)]
    lang: Lang,
}

impl DiffOutput {
    /// Prints a diff in the format asked for.
    fn emit(&self, diff: &goldthread::Diff) -> Result<(), Failure> {
        match self.format {
            DiffFormat::Json => emit_json(diff),
            DiffFormat::Text => {
                emit(&render::diff_text(diff, self.lang));
                Ok(())
            }
            DiffFormat::Markdown => {
                emit(&render::diff_markdown(diff, self.lang));
                Ok(())
            }
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Markdown,
    Html,
    Json,
    Parquet,
}

/// A language of readable reports, by its tag.
fn parse_lang(tag: &str) -> Result<Lang, String> {
    Lang::from_tag(tag)
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// A `goldthread/1` plan file.
    Plan,
    /// A `goldthread-report/1` report (`report --format json`).
    Report,
    /// A `goldthread-diff/1` diff (`diff --format json`).
    Diff,
    /// A `goldthread-scenario/1` scenario (what `apply` reads).
    Scenario,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Dot,
    Sankey,
    Csv,
    Figures,
    Parquet,
}

/// How a command ended.
enum Failure {
    /// The plan has errors (exit 1).
    Plan,
    /// Usage, I/O or an unknown id (exit 2), with the message to print.
    Usage(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let defaults = LoadOptions::default();
    let _ = LIMITS.set(LoadOptions {
        max_diagnostics_per_code: cli
            .max_diagnostics_per_code
            .unwrap_or(defaults.max_diagnostics_per_code),
        max_file_bytes: cli.max_file_bytes.unwrap_or(defaults.max_file_bytes),
        ..defaults
    });
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Plan) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            let _ = writeln!(std::io::stderr(), "goldthread: {message}");
            ExitCode::from(2)
        }
    }
}

/// A file's bytes (`-`: standard input); one over `max_file_bytes` is an error naming the
/// limit, found after reading one byte past it (a device that never ends is not read whole).
fn read_input(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    let limit = limits().max_file_bytes;
    let bytes = input::read(path, limit.saturating_add(1)).map_err(|e| {
        Failure::Usage(if path.as_os_str() == "-" {
            format!("cannot read standard input: {e}")
        } else {
            format!("cannot open {}: {e}", path.display())
        })
    })?;
    if bytes.len() as u64 > limit {
        return Err(Failure::Usage(format!(
            "{} is more than {limit} bytes (--max-file-bytes): split it, or raise the limit",
            path.display()
        )));
    }
    Ok(bytes)
}

/// Reads and checks a plan file (`-`: standard input). A file goes through
/// [`Plan::from_path`], which reads it as it parses; the outer error is one of reading.
fn open_plan(path: &PathBuf) -> Result<Result<Plan, LoadError>, Failure> {
    if path.as_os_str() == "-" {
        return Ok(Plan::from_slice_with(&read_input(path)?, &limits()));
    }
    match Plan::from_path_with(path, &limits()) {
        Ok(plan) => Ok(Ok(plan)),
        Err(FileError::Load(e)) => Ok(Err(e)),
        Err(FileError::Read { path, source }) => Err(Failure::Usage(format!(
            "cannot open {}: {source}",
            path.display()
        ))),
    }
}

/// Loads a plan; on errors prints every diagnostic on stderr.
fn load(path: &PathBuf) -> Result<Plan, Failure> {
    open_plan(path)?.map_err(|e| {
        let mut err = std::io::stderr().lock();
        for d in &e.diagnostics {
            let _ = writeln!(err, "{d}");
        }
        let (errors, warnings) = goldthread::diagnostics::count(&e.diagnostics);
        let _ = writeln!(
            err,
            "{errors} error(s), {warnings} warning(s): the plan was not loaded"
        );
        Failure::Plan
    })
}

/// What `check --format json` prints.
#[derive(serde::Serialize)]
struct CheckOutput<'a> {
    diagnostics: &'a [Diagnostic],
    errors: usize,
    warnings: usize,
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly instead of panicking.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

/// Writes a plan as `goldthread/1` JSON straight to stdout (pretty or compact), without
/// building its text first; a closed pipe ends quietly, as in [`emit`].
fn emit_plan(plan: &Plan, pretty: bool) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match plan.write_json(&mut out, pretty) {
        Err(e) if !e.is_io() => return Err(Failure::Usage(format!("cannot write JSON: {e}"))),
        _ => {}
    }
    let _ = out.write_all(b"\n");
    let _ = out.flush();
    Ok(())
}

/// Writes a value as pretty JSON straight to stdout, without building the text first (a
/// million-line report is some 80 MB); a closed pipe ends quietly, as in [`emit`].
fn emit_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match serde_json::to_writer_pretty(&mut out, value) {
        Err(e) if !e.is_io() => return Err(Failure::Usage(format!("cannot write JSON: {e}"))),
        _ => {}
    }
    let _ = out.write_all(b"\n");
    let _ = out.flush();
    Ok(())
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Check { plan, format } => {
            // Every diagnostic, errors and warnings alike.
            let diagnostics = match open_plan(&plan)? {
                Ok(plan) => plan.warnings().to_vec(),
                Err(e) => e.diagnostics,
            };
            let (errors, warnings) = goldthread::diagnostics::count(&diagnostics);
            match format {
                CheckFormat::Json => emit_json(&CheckOutput {
                    diagnostics: &diagnostics,
                    errors,
                    warnings,
                })?,
                CheckFormat::Text => {
                    let mut text: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
                    text.push_str(&format!("{errors} error(s), {warnings} warning(s)\n"));
                    emit(&text);
                }
            }
            if errors > 0 {
                Err(Failure::Plan)
            } else {
                Ok(())
            }
        }
        Command::Report {
            inputs,
            tables_dir,
            mapping,
            format,
            out,
            lang,
            compare_phases,
            scope,
        } => {
            let options = scope.options(compare_phases)?;
            let parquet_dir =
                match (format, out) {
                    (ReportFormat::Parquet, Some(dir)) => Some(dir),
                    (ReportFormat::Parquet, None) => {
                        return Err(Failure::Usage(
                            "--format parquet needs --out DIR (a directory for the tables)".into(),
                        ))
                    }
                    (_, Some(_)) => return Err(Failure::Usage(
                        "--out is for --format parquet; the other formats print to standard output"
                            .into(),
                    )),
                    (_, None) => None,
                };
            let plan =
                match (tables_dir, mapping, inputs.as_slice()) {
                    (Some(dir), None, []) => import_tables(&dir)?,
                    (None, Some(mapping), tables) => import(&mapping, tables)?,
                    (None, None, [plan]) => load(plan)?,
                    (Some(_), _, [_, ..]) => {
                        return Err(Failure::Usage(
                            "give a plan file or --tables DIR, not both".into(),
                        ))
                    }
                    _ => return Err(Failure::Usage(
                        "give one plan file (or --tables DIR, or --mapping MAPPING TABLE.csv...)"
                            .into(),
                    )),
                };
            let report = plan.report_with(&options);
            match format {
                ReportFormat::Json => emit_json(&report)?,
                ReportFormat::Text => emit(&render::report_text_in(&report, lang)),
                ReportFormat::Markdown => emit(&render::report_markdown_in(&report, lang)),
                ReportFormat::Html => {
                    let sankey = export::sankey(&plan, &options.scope, options.phase);
                    emit(&render::report_page(&report, &sankey, lang))
                }
                ReportFormat::Parquet => {
                    let dir = parquet_dir.unwrap_or_default();
                    let mut tables = Vec::new();
                    for name in columnar::REPORT_TABLES {
                        if name == "phases" && report.phases.is_none() {
                            continue;
                        }
                        let batch = columnar::report_table(&report, name).map_err(usage)?;
                        tables.push((name, batch));
                    }
                    write_parquet(&dir, &tables)?;
                }
            }
            // The process ends here: freeing a million-line plan piece by piece would only
            // add time before exit, so the memory goes back to the system whole.
            std::mem::forget(report);
            std::mem::forget(plan);
            Ok(())
        }
        Command::Diff {
            old,
            new,
            output,
            scope,
        } => {
            let options = scope.options(false)?;
            let (old, new) = (load(&old)?, load(&new)?);
            let diff = old
                .diff(&new, &options)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            output.emit(&diff)
        }
        Command::Apply {
            plan,
            scenario,
            out,
            output,
            scope,
        } => {
            let options = scope.options(false)?;
            let plan = load(&plan)?;
            let text = std::fs::read_to_string(&scenario)
                .map_err(|e| Failure::Usage(format!("cannot open {}: {e}", scenario.display())))?;
            let applied = goldthread::Scenario::read(&text)
                .and_then(|s| plan.apply(&s))
                .map_err(|e| {
                    let _ = writeln!(std::io::stderr(), "goldthread: {}: {e}", scenario.display());
                    if let goldthread::ScenarioError::Invalid(load) = &e {
                        for d in load.errors() {
                            let _ = writeln!(std::io::stderr(), "{d}");
                        }
                    }
                    Failure::Plan
                })?;
            let diff = plan
                .diff(&applied.plan, &options)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            std::fs::write(&out, applied.plan.to_json() + "\n")
                .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", out.display())))?;
            if let DiffFormat::Json = output.format {
                return emit_json(&serde_json::json!({
                    "outcomes": applied.outcomes,
                    "diff": diff,
                }));
            }
            let mut edits = String::new();
            for o in &applied.outcomes {
                edits.push_str(&format!("edits[{}] {}: {}\n", o.edit, o.op, o.message));
            }
            emit(&edits);
            output.emit(&diff)
        }
        Command::Trace {
            plan,
            id,
            format,
            scope,
        } => {
            let options = scope.options(false)?;
            let plan = load(&plan)?;
            let trace = plan
                .trace(&id, &options.scope, options.phase)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            match format {
                CheckFormat::Json => emit_json(&trace)?,
                CheckFormat::Text => emit(&render::trace_text(&trace, plan.data().precision)),
            }
            Ok(())
        }
        Command::Import {
            iati: true,
            tables,
            fiscal_year_start,
            split_budgets_by_days,
            goals,
            exchange_rates,
            currency,
            hierarchy,
            ..
        } => {
            let rates = match (exchange_rates, currency) {
                (Some(path), Some(currency)) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        Failure::Usage(format!("cannot open {}: {e}", path.display()))
                    })?;
                    let name = path.display().to_string();
                    let rates = goldthread::iati::ExchangeRates::read(&currency, &name, &text)
                        .map_err(Failure::Usage)?;
                    Some(rates)
                }
                _ => None,
            };
            emit_plan(
                &import_iati(
                    &tables,
                    fiscal_year_start.as_deref(),
                    split_budgets_by_days,
                    &goals,
                    rates,
                    hierarchy,
                )?,
                true,
            )
        }
        Command::Import {
            mapping,
            tables_dir,
            tables,
            ..
        } => match (mapping, tables_dir) {
            (_, Some(dir)) => emit_plan(&import_tables(&dir)?, true),
            (Some(mapping), None) => emit_plan(&import(&mapping, &tables)?, true),
            (None, None) => Err(Failure::Usage("give --mapping or --tables".into())),
        },
        Command::Schema { of } => emit_json(&match of {
            SchemaKind::Plan => goldthread::schema::plan(),
            SchemaKind::Report => goldthread::schema::report(),
            SchemaKind::Diff => goldthread::schema::diff(),
            SchemaKind::Scenario => goldthread::schema::scenario(),
        }),
        Command::Synth {
            lines,
            seed,
            plans,
            out,
        } => {
            let bug = |e: goldthread::LoadError| {
                Failure::Usage(format!("the synthetic plan did not load (a bug): {e}"))
            };
            let (Some(plans), Some(dir)) = (plans, out) else {
                let plan = Plan::from_data(goldthread::synth::plan(lines, seed)).map_err(bug)?;
                return emit_plan(&plan, false);
            };
            std::fs::create_dir_all(&dir)
                .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
            for (i, data) in goldthread::synth::country(plans, lines, seed).enumerate() {
                let plan = Plan::from_data(data).map_err(bug)?;
                let path = dir.join(format!("municipality-{:04}.json", i + 1));
                let cannot = |e: &dyn std::fmt::Display| {
                    Failure::Usage(format!("cannot write {}: {e}", path.display()))
                };
                let file = std::fs::File::create(&path).map_err(|e| cannot(&e))?;
                let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
                plan.write_json(&mut w, false).map_err(|e| cannot(&e))?;
                w.flush().map_err(|e| cannot(&e))?;
            }
            Ok(())
        }
        Command::Export {
            plan,
            to,
            table,
            out,
            classification,
            levels,
            max_per_column,
            scope,
        } => {
            let options = scope.options(false)?;
            let plan = load(&plan)?;
            match to {
                ExportFormat::Dot => emit(&export::dot(&plan)),
                ExportFormat::Sankey => match classification {
                    None if levels == SankeyLevels::All => {
                        emit_json(&export::sankey(&plan, &options.scope, options.phase))?
                    }
                    None => {
                        let view = goldthread::sankey_view::SankeyView {
                            projects: levels == SankeyLevels::Projects,
                            max_per_column,
                        };
                        let s = goldthread::sankey_view::sankey_view(
                            &plan,
                            &options.scope,
                            options.phase,
                            &view,
                        );
                        emit_json(&s)?
                    }
                    Some(id) => {
                        let report = plan.report_with(&options);
                        let Some(sankey) = export::classification_sankey(&report, &id) else {
                            let ids: Vec<&str> = report
                                .classifications
                                .iter()
                                .map(|c| c.id.as_str())
                                .collect();
                            return Err(Failure::Usage(format!(
                                "no classification {id:?}; the plan's are: {}",
                                ids.join(", ")
                            )));
                        };
                        emit_json(&sankey)?
                    }
                },
                ExportFormat::Csv => export_tables(&plan, table, out)?,
                ExportFormat::Figures => export_csv(&plan, &options, table, out)?,
                ExportFormat::Parquet => {
                    let Some(dir) = out else {
                        return Err(Failure::Usage(
                            "--to parquet needs --out DIR (a directory for the tables)".into(),
                        ));
                    };
                    let mut tables = columnar::plan_tables(plan.data()).map_err(usage)?;
                    if let Some(name) = table {
                        let known: Vec<&str> = tables.iter().map(|(n, _)| *n).collect();
                        let name = name.trim_end_matches(".parquet");
                        if !known.contains(&name) {
                            return Err(Failure::Usage(format!(
                                "no table {name:?} in this plan; the tables are {}",
                                known.join(", ")
                            )));
                        }
                        tables.retain(|(n, _)| *n == name);
                    }
                    write_parquet(&dir, &tables)?;
                }
            }
            Ok(())
        }
    }
}

/// A plan imported from budget tables with a mapping; the import's summary (or its
/// problems) on standard error.
fn import(mapping: &PathBuf, tables: &[PathBuf]) -> Result<Plan, Failure> {
    let text = std::fs::read_to_string(mapping)
        .map_err(|e| Failure::Usage(format!("cannot open {}: {e}", mapping.display())))?;
    let mapping_path = mapping;
    let dir = mapping_path.parent().map(PathBuf::from).unwrap_or_default();
    use goldthread::import::Mapping;
    // A TOML mapping may extend a Fiscal Data Package, named relative to it.
    let mapping = match Mapping::extends(&text) {
        Some(package) => {
            let path = dir.join(&package);
            let descriptor = std::fs::read_to_string(&path)
                .map_err(|e| Failure::Usage(format!("cannot open {}: {e}", path.display())))?;
            Mapping::extend(&text, &descriptor)
        }
        None => Mapping::parse(&text),
    }
    .map_err(|e| Failure::Usage(e.to_string()))?;
    // With no tables named, a Fiscal Data Package's resources, beside its descriptor.
    let paths: Vec<PathBuf> = if tables.is_empty() {
        mapping.resources.iter().map(|r| dir.join(r)).collect()
    } else {
        tables.to_vec()
    };
    if paths.is_empty() {
        return Err(Failure::Usage(
            "name the tables to import (the mapping lists no resources)".into(),
        ));
    }
    let mut contents = Vec::new();
    for path in &paths {
        contents.push((path.display().to_string(), read_input(path)?));
    }
    let tables: Vec<goldthread::import::Table> = contents
        .iter()
        .map(|(name, bytes)| goldthread::import::Table { name, bytes })
        .collect();
    let imported = goldthread::import::import_with(&mapping, &tables, &limits());
    if !imported.diagnostics.is_empty() {
        return Err(table_problems(&imported.diagnostics));
    }
    let summary = imported.summary;
    let plan = checked(imported.data)?;
    let mut err = std::io::stderr().lock();
    let d = plan.data();
    let _ = writeln!(
        err,
        "imported {} rows: {} budget lines, {} goals, {} programs, {} projects; {} warning(s){}",
        summary.rows,
        d.budget_lines.len(),
        d.goals.len(),
        d.programs.len(),
        d.projects.len(),
        plan.warnings().len(),
        if plan.warnings().is_empty() {
            ""
        } else {
            " (`goldthread check` on the written plan lists them)"
        }
    );
    let _ = write!(err, "{summary}");
    Ok(plan)
}

/// A plan from IATI activity files; the import's summary (or its problems) on stderr.
fn import_iati(
    files: &[PathBuf],
    fiscal_year_start: Option<&str>,
    split_by_days: bool,
    goals: &str,
    exchange_rates: Option<goldthread::iati::ExchangeRates>,
    hierarchy: bool,
) -> Result<Plan, Failure> {
    let goals = goldthread::iati::IatiGoals::parse(goals)
        .map_err(|e| Failure::Usage(format!("--goals: {e}")))?;
    if files.is_empty() {
        return Err(Failure::Usage(
            "give the IATI activity files to import".into(),
        ));
    }
    let start = fiscal_year_start
        .map(goldthread::calendar::MonthDay::read)
        .transpose()
        .map_err(|e| Failure::Usage(format!("--fiscal-year-start: {e}")))?;
    let mut read = Vec::new();
    for f in files {
        read.push((f.display().to_string(), read_input(f)?));
    }
    let given: Vec<goldthread::iati::IatiFile> = read
        .iter()
        .map(|(name, bytes)| goldthread::iati::IatiFile { name, bytes })
        .collect();
    let options = goldthread::iati::IatiOptions {
        exchange_rates,
        goals,
        fiscal_year_start: start,
        split_by_days,
        hierarchy,
    };
    let imported = goldthread::iati::import(&given, options);
    if !imported.diagnostics.is_empty() {
        return Err(table_problems(&imported.diagnostics));
    }
    let plan = checked(imported.data)?;
    let mut err = std::io::stderr().lock();
    let d = plan.data();
    let _ = write!(
        err,
        "imported IATI: {} budget lines, {} goals, {} programs; {} warning(s)\n{}",
        d.budget_lines.len(),
        d.goals.len(),
        d.programs.len(),
        plan.warnings().len(),
        imported.summary
    );
    Ok(plan)
}

fn export_csv(
    plan: &Plan,
    options: &ReportOptions,
    table: Option<String>,
    out: Option<PathBuf>,
) -> Result<(), Failure> {
    let report = plan.report_with(options);
    let csv = |t: CsvTable| {
        export::csv_table(plan, &report, t)
            .map_err(|e| Failure::Usage(format!("cannot write CSV: {e}")))
    };
    match (table, out) {
        (Some(name), None) => {
            let t = CsvTable::parse(&name).ok_or_else(|| {
                Failure::Usage(format!(
                    "unknown table {name:?}; choose goals, programs or projects"
                ))
            })?;
            emit(&csv(t)?);
            Ok(())
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
            for t in CsvTable::ALL {
                let path = dir.join(format!("{}.csv", t.name()));
                std::fs::write(&path, csv(t)?)
                    .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))?;
            }
            Ok(())
        }
        _ => Err(Failure::Usage(
            "--to figures needs either --table NAME (one table to standard output) or --out DIR (every table)"
                .into(),
        )),
    }
}

/// The plan as tables (`goldthread::tables`), to a directory or one table to stdout.
/// Any error of the core, as a usage failure with its message.
fn usage(e: impl std::fmt::Display) -> Failure {
    Failure::Usage(e.to_string())
}

/// Writes tables as Parquet files in `dir`, and says on standard error where.
fn write_parquet(dir: &std::path::Path, tables: &[(&str, RecordBatch)]) -> Result<(), Failure> {
    let written = columnar::write_parquet(dir, tables).map_err(usage)?;
    let _ = writeln!(
        std::io::stderr(),
        "goldthread: wrote {} Parquet table(s) to {}",
        written.len(),
        dir.display()
    );
    Ok(())
}

fn export_tables(plan: &Plan, table: Option<String>, out: Option<PathBuf>) -> Result<(), Failure> {
    let tables = goldthread::tables::write(plan.data())
        .map_err(|e| Failure::Usage(format!("cannot write CSV: {e}")))?;
    match (table, out) {
        (Some(name), None) => {
            let file = format!("{}.csv", name.trim_end_matches(".csv"));
            let (_, text) = tables.iter().find(|(f, _)| *f == file).ok_or_else(|| {
                Failure::Usage(format!(
                    "no table {name:?} in this plan; the tables are {}",
                    goldthread::tables::FILES.join(", ")
                ))
            })?;
            emit(text);
            Ok(())
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
            for (file, text) in tables {
                let path = dir.join(file);
                std::fs::write(&path, text)
                    .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))?;
            }
            Ok(())
        }
        _ => Err(Failure::Usage(
            "--to csv needs either --table NAME (one table to standard output) or --out DIR (every table)"
                .into(),
        )),
    }
}

/// A plan read from a directory of plan tables; its problems on standard error.
/// Prints the problems of tables that made no plan, and how many there are (those not
/// listed included).
/// The plan an import made, checked; its errors on stderr.
fn checked(data: goldthread::PlanData) -> Result<Plan, Failure> {
    Plan::from_data(data).map_err(|e| {
        let mut err = std::io::stderr().lock();
        for d in &e.diagnostics {
            let _ = writeln!(err, "{d}");
        }
        Failure::Plan
    })
}

/// An import's problems on stderr.
fn table_problems(diagnostics: &[Diagnostic]) -> Failure {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{d}");
    }
    let (errors, warnings) = goldthread::diagnostics::count(diagnostics);
    let _ = writeln!(
        err,
        "{} problem(s) in the input: no plan written",
        errors + warnings
    );
    Failure::Plan
}

fn import_tables(dir: &std::path::Path) -> Result<Plan, Failure> {
    let mut files = Vec::new();
    for name in goldthread::tables::FILES {
        let path = dir.join(name);
        // A table the folder does not have is one the plan does not use.
        if path.exists() {
            files.push((name.to_string(), read_input(&path)?));
        }
    }
    let (data, diagnostics) = goldthread::tables::read(&files);
    if !diagnostics.is_empty() {
        return Err(table_problems(&diagnostics));
    }
    let mut err = std::io::stderr().lock();
    let data = data.ok_or(Failure::Plan)?;
    Plan::from_data(data).map_err(|e| {
        for d in &e.diagnostics {
            let _ = writeln!(err, "{d}");
        }
        Failure::Plan
    })
}
