//! [`Plan`]: a checked, resolved plan, and the entry point to every figure.

use crate::amount::from_units;
use crate::attribution::attribute_with;
use crate::balance::BalanceSums;
use crate::check as checks;
use crate::diagnostics::{self, Diagnostic, Diags};
use crate::graph::{self, Graph, NodeRef, Target};
use crate::limits::LoadOptions;
use crate::model::{normalize_name, Phase, PlanData};
use crate::plan_file::{self, PlanFile, CHUNK};
use crate::reach::Reach;
use crate::report::{self, PlanParts, Report, ReportOptions};
use crate::rules;
use crate::scope::{lines_in_scope, Scope};
use crate::scratch::Scratch;
use crate::trace::{self, Start, Trace, TraceError};
use petgraph::graph::DiGraph;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The values a scope can filter on (see [`Plan::dimensions`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Dimensions {
    pub years: Vec<String>,
    pub org_units: Vec<String>,
    pub categories: Vec<String>,
}

/// A plan that failed to load: every diagnostic, errors and warnings alike.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", summary(.diagnostics))]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Diags> for LoadError {
    fn from(diags: Diags) -> Self {
        LoadError {
            diagnostics: diags.into_vec(),
        }
    }
}

impl LoadError {
    /// The diagnostics that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// A plan file that could not be read, or that was read and failed to load.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read; the plan in it has errors.
    #[error(transparent)]
    Load(#[from] LoadError),
}

fn summary(diags: &[Diagnostic]) -> String {
    let (errors, _) = diagnostics::count(diags);
    match diags.iter().find(|d| d.is_error()) {
        Some(first) if errors > 1 => {
            format!("the plan has {errors} errors; the first: {first}")
        }
        Some(first) => format!("the plan has an error: {first}"),
        None => "the plan could not be loaded".to_string(),
    }
}

/// A checked plan: ids resolved, links validated, ready to report on.
///
/// ```
/// use goldthread::{Plan, Phase, Scope};
/// let plan = Plan::from_json(r#"{
///   "format": "goldthread/1", "name": "demo", "currency": "IRR", "precision": 0,
///   "goals": [{"id": "G1", "name": "Green city"}],
///   "programs": [{"id": "P1", "name": "Urban forest", "goals": [{"goal": "G1"}]}],
///   "budget_lines": [
///     {"id": "L1", "year": "1398", "amount": "۱۰۰", "funds": [{"program": "P1", "share": "0.5"}]}
///   ]
/// }"#).unwrap();
/// let report = plan.report(&Scope::all(), Phase::Amount);
/// assert_eq!(report.traceability.traced_amount.to_string(), "50");
/// assert_eq!(report.traceability.leaks.line_partial.to_string(), "50");
/// ```
#[derive(Debug, Clone)]
pub struct Plan {
    pub(crate) data: PlanData,
    pub(crate) graph: Graph,
    pub(crate) reach: Reach,
    /// The warnings found at load; after an in-place edit ([`Plan::edit`]), found again
    /// when first asked for.
    pub(crate) warnings: OnceLock<Arc<Vec<Diagnostic>>>,
    /// How many diagnostics of a code are listed (SPEC §8), for warnings found again.
    pub(crate) max_per_code: usize,
    /// Entities by id, built on the first lookup (most reports never need it).
    pub(crate) ids: OnceLock<HashMap<String, NodeRef>>,
    /// The last report's working vectors, for the next one.
    scratch: Scratch,
    /// The lines summed by year and org unit for the balance, made on the first report.
    pub(crate) balance_sums: OnceLock<BalanceSums>,
    /// The plan's classifications, resolved (SPEC §10).
    pub(crate) classes: Vec<crate::classification::Resolved>,
}

impl PartialEq for Plan {
    /// Two plans are equal when they hold the same data.
    fn eq(&self, other: &Plan) -> bool {
        self.data == other.data
    }
}

/// Checks a plan file and returns every diagnostic, errors and warnings, without building
/// anything a caller keeps.
///
/// ```
/// let diags = goldthread::check(br#"{"format": "goldthread/1", "name": "x", "goals": [{"id": "G"}]}"#);
/// assert_eq!(diags[0].code.as_str(), "E008"); // the goal has no name
/// ```
pub fn check(text: &[u8]) -> Vec<Diagnostic> {
    check_with(text, &LoadOptions::default())
}

/// [`check`] within the limits of `options` (SPEC §8).
pub fn check_with(text: &[u8], options: &LoadOptions) -> Vec<Diagnostic> {
    match Plan::from_slice_with(text, options) {
        Ok(plan) => plan.warnings().to_vec(),
        Err(e) => e.diagnostics,
    }
}

impl Plan {
    /// Reads and checks a plan file given as text.
    pub fn from_json(text: &str) -> Result<Plan, LoadError> {
        Plan::from_slice(text.as_bytes())
    }

    /// Reads and checks a plan file given as bytes (UTF-8 JSON).
    pub fn from_slice(bytes: &[u8]) -> Result<Plan, LoadError> {
        Plan::from_slice_with(bytes, &LoadOptions::default())
    }

    /// [`Plan::from_slice`] within the limits of `options` (SPEC §8).
    pub fn from_slice_with(bytes: &[u8], options: &LoadOptions) -> Result<Plan, LoadError> {
        let mut diags = Diags::new(options.max_diagnostics_per_code);
        if bytes.len() as u64 > options.max_file_bytes {
            diags.push(options.too_large(bytes.len() as u64));
            return Err(LoadError::from(diags));
        }
        match plan_file::read(bytes, &mut diags) {
            Some(data) => Plan::build(data, diags, options),
            None => Err(LoadError::from(diags)),
        }
    }

    /// Reads and checks a plan file from disk.
    ///
    /// The same plan as [`Plan::from_slice`] on the file's bytes, with less memory: the file
    /// is read a megabyte at a time as it is parsed, instead of whole first (a file of an
    /// unusual layout — `precision` after the lines, say — is read again whole).
    ///
    /// ```
    /// # fn main() -> Result<(), goldthread::FileError> {
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/isfahan/plan.json");
    /// let plan = goldthread::Plan::from_path(path)?;
    /// assert!(!plan.data().goals.is_empty());
    /// assert!(matches!(
    ///     goldthread::Plan::from_path("no/such/plan.json"),
    ///     Err(goldthread::FileError::Read { .. })
    /// ));
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Plan, FileError> {
        Plan::from_path_with(path, &LoadOptions::default())
    }

    /// [`Plan::from_path`] within the limits of `options` (SPEC §8): a file over
    /// `max_file_bytes` is refused before it is read.
    pub fn from_path_with(
        path: impl AsRef<Path>,
        options: &LoadOptions,
    ) -> Result<Plan, FileError> {
        let path = path.as_ref();
        let failed = |source| FileError::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(failed)?;
        let meta = file.metadata().map_err(failed)?;
        let mut diags = Diags::new(options.max_diagnostics_per_code);
        let max = options.max_file_bytes;
        let data = if meta.is_file() {
            if meta.len() > max {
                diags.push(options.too_large(meta.len()));
                return Err(LoadError::from(diags).into());
            }
            // The size only sizes vectors: a file that changes meanwhile is read as it is.
            let size = usize::try_from(meta.len()).unwrap_or(0);
            plan_file::read_from(&mut file, size, CHUNK, &mut diags).map_err(failed)?
        } else {
            // A pipe or a device cannot be read twice: whole, then, up to the limit (a
            // device such as /dev/zero never ends).
            let mut text = Vec::new();
            // Its first bytes first: what does not start as a plan is named at once.
            (&mut file)
                .take(plan_file::HEAD as u64)
                .read_to_end(&mut text)
                .map_err(failed)?;
            if text.len() >= plan_file::HEAD {
                if let Some(d) = plan_file::not_an_object(&text) {
                    diags.push(d);
                    return Err(LoadError::from(diags).into());
                }
            }
            (&mut file)
                .take(max.saturating_add(1).saturating_sub(text.len() as u64))
                .read_to_end(&mut text)
                .map_err(failed)?;
            if text.len() as u64 > max {
                diags.push(options.too_large(text.len() as u64));
                return Err(LoadError::from(diags).into());
            }
            plan_file::read(&text, &mut diags)
        };
        match data {
            Some(data) => Ok(Plan::build(data, diags, options)?),
            None => Err(LoadError::from(diags).into()),
        }
    }

    /// Checks plan data made in code (see [`crate::PlanBuilder`]): the same rules, the same
    /// diagnostics, as a plan file of that data gets.
    pub fn from_data(data: PlanData) -> Result<Plan, LoadError> {
        let options = LoadOptions::default();
        Plan::build(data, Diags::new(options.max_diagnostics_per_code), &options)
    }

    /// Checks the limits and the rules of SPEC §2 and resolves the plan; `diags` holds what
    /// the reader found, if the plan came from a file.
    fn build(data: PlanData, mut diags: Diags, options: &LoadOptions) -> Result<Plan, LoadError> {
        if !options.check(&data, &mut diags)
            || !rules::check(&data, &mut diags)
            || diags.is_incomplete()
        {
            return Err(LoadError::from(diags));
        }
        let mut structural = Diags::new(options.max_diagnostics_per_code);
        let graph = graph::build_into(&data, &mut structural);
        let classes = crate::classification::resolve(&data, &mut structural);
        let links_sound = !structural.has_errors();
        diags.append(structural);
        diags.extend(checks::check_totals(&data));
        // Warnings need sound links; where they are, report them even beside other errors,
        // so that one `check` lists every problem.
        if links_sound {
            checks::warnings(&data, &graph, &mut diags);
        }
        if diags.has_errors() {
            return Err(LoadError::from(diags));
        }
        let warnings = OnceLock::from(Arc::new(diags.into_vec()));
        let reach = Reach::new(&graph);
        Ok(Plan {
            data,
            graph,
            reach,
            warnings,
            max_per_code: options.max_diagnostics_per_code,
            ids: OnceLock::new(),
            scratch: Scratch::default(),
            balance_sums: OnceLock::new(),
            classes,
        })
    }

    /// The plan's entities as written.
    pub fn data(&self) -> &PlanData {
        &self.data
    }

    /// The plan's name.
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// The warnings found at load (errors stop the load), or for the plan as edited.
    pub fn warnings(&self) -> &[Diagnostic] {
        self.warnings_shared()
    }

    /// The warnings, shared with every report; after an edit, found again the first time
    /// they are asked for — the same list a plan loaded from this data has.
    fn warnings_shared(&self) -> &Arc<Vec<Diagnostic>> {
        self.warnings.get_or_init(|| {
            let mut diags = Diags::new(self.max_per_code);
            // A loaded plan's warnings, in the order the load finds them: the
            // classifications' (W111), then the checks'.
            let _ = crate::classification::resolve(&self.data, &mut diags);
            diags.extend(checks::check_totals(&self.data));
            checks::warnings(&self.data, &self.graph, &mut diags);
            Arc::new(diags.into_vec())
        })
    }

    /// The plan as a `goldthread/1` JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        plan_file::to_value(&self.data)
    }

    /// The plan as `goldthread/1` JSON text; reading it back gives an equal plan.
    pub fn to_json(&self) -> String {
        self.json_text(true)
    }

    /// The plan as compact `goldthread/1` JSON (no indentation), for machines and large plans.
    pub fn to_json_compact(&self) -> String {
        self.json_text(false)
    }

    fn json_text(&self, pretty: bool) -> String {
        let mut out = Vec::new();
        // Writing to memory fails only where the data cannot be JSON, which a plan always is.
        let _ = self.write_json(&mut out, pretty);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Writes the plan as `goldthread/1` JSON to `out` as it goes (pretty, or compact),
    /// without building the text first: what a large plan's export wants.
    pub fn write_json(&self, out: impl std::io::Write, pretty: bool) -> serde_json::Result<()> {
        let file = PlanFile(&self.data);
        if pretty {
            serde_json::to_writer_pretty(out, &file)
        } else {
            serde_json::to_writer(out, &file)
        }
    }

    /// What kind of entity an id names, if any.
    pub fn lookup(&self, id: &str) -> Option<NodeRef> {
        let ids = self.ids.get_or_init(|| {
            let d = &self.data;
            let units = d
                .org_units
                .iter()
                .flatten()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), NodeRef::OrgUnit(i)));
            let goals = d
                .goals
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), NodeRef::Goal(i)));
            let programs = d
                .programs
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), NodeRef::Program(i)));
            let projects = d
                .projects
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), NodeRef::Project(i)));
            let lines = d
                .budget_lines
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), NodeRef::BudgetLine(i)));
            // Ids are unique once a plan has loaded.
            units
                .chain(goals)
                .chain(programs)
                .chain(projects)
                .chain(lines)
                .map(|(id, r)| (id.to_string(), r))
                .collect()
        });
        ids.get(id).copied()
    }

    /// The fiscal years (sorted as written), org units and categories of the expenditure
    /// lines, in order of first appearance: what a filter offers.
    pub fn dimensions(&self) -> Dimensions {
        // From the label indices kept at load: each label's first expenditure line, found
        // in one pass without comparing strings, orders the labels.
        let g = &self.graph;
        let mut first = [
            vec![usize::MAX; g.year_labels.len()],
            vec![usize::MAX; g.org_labels.len()],
            vec![usize::MAX; g.category_labels.len()],
        ];
        for l in (0..g.line_revenue.len())
            .rev()
            .filter(|&l| !g.line_revenue[l])
        {
            let labels = [
                g.line_year.get(l),
                g.line_org.get(l),
                g.line_category.get(l),
            ];
            for (at, label) in first.iter_mut().zip(labels) {
                if let Some(slot) = label.and_then(|i| at.get_mut(i)) {
                    *slot = l;
                }
            }
        }
        let [years, org_units, categories] = first;
        let in_order = |first: Vec<usize>, labels: &[String]| {
            let mut used: Vec<(usize, &String)> = first
                .into_iter()
                .zip(labels)
                .filter(|(l, _)| *l != usize::MAX)
                .collect();
            used.sort_by_key(|(l, _)| *l);
            used.into_iter()
                .map(|(_, s)| s.clone())
                .collect::<Vec<String>>()
        };
        let mut d = Dimensions {
            years: in_order(years, &g.year_labels),
            org_units: in_order(org_units, &g.org_labels),
            categories: in_order(categories, &g.category_labels),
        };
        d.years.sort();
        d
    }

    /// Ids of the entities whose name contains `query`, Arabic ي/ك and Persian ی/ک alike.
    pub fn find_by_name(&self, query: &str) -> Vec<String> {
        let q = normalize_name(query);
        let d = &self.data;
        let names = d
            .goals
            .iter()
            .map(|x| (x.id.as_str(), Some(x.name.as_str())))
            .chain(
                d.programs
                    .iter()
                    .map(|x| (x.id.as_str(), Some(x.name.as_str()))),
            )
            .chain(
                d.projects
                    .iter()
                    .map(|x| (x.id.as_str(), Some(x.name.as_str()))),
            )
            .chain(
                d.budget_lines
                    .iter()
                    .map(|x| (x.id.as_str(), x.name.as_deref())),
            )
            .chain(
                d.org_units
                    .iter()
                    .flatten()
                    .map(|x| (x.id.as_str(), x.name.as_deref())),
            );
        names
            .filter(|(_, name)| name.is_some_and(|n| normalize_name(n).contains(&q)))
            .map(|(id, _)| id.to_string())
            .collect()
    }

    /// Indices of the lines in scope, in plan order.
    pub(crate) fn lines_in(&self, scope: &Scope) -> Vec<usize> {
        lines_in_scope(&self.graph, scope).collect()
    }

    /// The report for a scope and phase (SPEC §4, §5, §7).
    pub fn report(&self, scope: &Scope, phase: Phase) -> Report {
        self.report_with(&ReportOptions::new(scope.clone(), phase))
    }

    /// The report for every option a report takes (scope, phase, every phase side by side):
    /// the one entry the command line and the bindings pass their parsed options to.
    ///
    /// ```
    /// # let plan = goldthread::Plan::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/isfahan/plan.json")).unwrap();
    /// use goldthread::ReportOptions;
    /// let options = ReportOptions::from_args(vec![], vec![], vec![], Some("spent"), true).unwrap();
    /// let report = plan.report_with(&options);
    /// assert!(report.phases.is_some());
    /// ```
    ///
    /// A report leaves its working vectors (about 40 bytes a line) to the next report on
    /// the same plan, which then need not ask the system for fresh memory.
    pub fn report_with(&self, options: &ReportOptions) -> Report {
        let parts = PlanParts {
            data: &self.data,
            graph: &self.graph,
            reach: &self.reach,
            warnings: &|| self.warnings_shared().clone(),
            scratch: &self.scratch,
            classes: &self.classes,
            balance_sums: &self.balance_sums,
        };
        report::report(&parts, options)
    }

    /// For each line, whether its money reaches a goal `wanted` picks, or a goal under
    /// one, through links of nonzero share (SPEC §4's reach).
    pub(crate) fn lines_reaching(&self, wanted: impl Fn(&str) -> bool) -> Vec<bool> {
        let goals: Vec<bool> = self.data.goals.iter().map(|g| wanted(&g.id)).collect();
        let mut scratch = Vec::new();
        (0..self.data.budget_lines.len())
            .map(|l| {
                self.reach
                    .line_goals_into(&self.graph, l, &mut scratch)
                    .iter()
                    .any(|&g| goals.get(g).copied().unwrap_or(false))
            })
            .collect()
    }

    /// Every path from a budget line, project or program up to a goal (SPEC §4).
    ///
    /// A line carries its own amount in `phase`; a project or program carries what reached
    /// it from the lines in `scope`.
    pub fn trace(&self, id: &str, scope: &Scope, phase: Phase) -> Result<Trace, TraceError> {
        let node = self
            .lookup(id)
            .ok_or_else(|| TraceError::UnknownId(id.to_string()))?;
        let p = self.data.precision;
        // Only the inflows are needed: no per-line or per-link detail.
        let in_scope = || lines_in_scope(&self.graph, scope);
        let flows = || attribute_with(&self.data, &self.graph, in_scope(), phase, false);
        let (start, amount) = match node {
            NodeRef::BudgetLine(l) => (Start::Line(l), self.data.budget_lines[l].in_phase(phase)),
            NodeRef::Project(j) => (Start::Project(j), from_units(flows().project_inflow[j], p)),
            NodeRef::Program(q) => (Start::Program(q), from_units(flows().program_inflow[q], p)),
            other => {
                return Err(TraceError::NotTraceable {
                    id: id.to_string(),
                    kind: other.kind(),
                })
            }
        };
        Ok(trace::trace(&self.data, &self.graph, start, amount))
    }

    /// The whole plan as a petgraph graph, edges pointing the way money flows (line →
    /// project/program → goal, child goal → parent goal), each weighted by its share
    /// (1 on the goal hierarchy).
    pub fn to_petgraph(&self) -> DiGraph<NodeRef, Decimal> {
        let d = &self.data;
        let mut g = DiGraph::new();
        let goals: Vec<_> = (0..d.goals.len())
            .map(|i| g.add_node(NodeRef::Goal(i)))
            .collect();
        let programs: Vec<_> = (0..d.programs.len())
            .map(|i| g.add_node(NodeRef::Program(i)))
            .collect();
        let projects: Vec<_> = (0..d.projects.len())
            .map(|i| g.add_node(NodeRef::Project(i)))
            .collect();
        let lines: Vec<_> = (0..d.budget_lines.len())
            .map(|i| g.add_node(NodeRef::BudgetLine(i)))
            .collect();
        for (i, parent) in self.graph.goal_parent.iter().enumerate() {
            if let Some(p) = parent {
                g.add_edge(goals[i], goals[*p], Decimal::ONE);
            }
        }
        for (q, links) in self.graph.program_goals.iter().enumerate() {
            for (k, t) in links.targets.iter().enumerate() {
                g.add_edge(programs[q], goals[*t], links.share(k));
            }
        }
        for (j, links) in self.graph.project_programs.iter().enumerate() {
            for (k, t) in links.targets.iter().enumerate() {
                g.add_edge(projects[j], programs[*t], links.share(k));
            }
        }
        for (l, links) in self.graph.line_funds.iter().enumerate() {
            for (k, t) in links.targets.iter().enumerate() {
                let to = match t {
                    Target::Project(j) => projects[*j],
                    Target::Program(q) => programs[*q],
                };
                g.add_edge(lines[l], to, links.share(k));
            }
        }
        g
    }

    pub(crate) fn graph(&self) -> &Graph {
        &self.graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_are_the_expenditure_lines_labels_in_order_of_first_use() {
        let mut data = crate::synth::plan(2_000, 7);
        // A revenue line first, with labels no expenditure line has.
        let mut revenue = data.budget_lines[0].clone();
        revenue.id = "R".into();
        revenue.direction = crate::Direction::Revenue;
        revenue.funds.clear();
        revenue.year = "1397".into();
        revenue.category = Some("tax".into());
        data.budget_lines.insert(0, revenue);
        let plan = Plan::from_data(data).unwrap();
        // What a filter offers, by the strings themselves.
        let mut want = Dimensions::default();
        let add = |list: &mut Vec<String>, v: Option<&str>| {
            if let Some(v) = v.filter(|v| !list.iter().any(|x| x == v)) {
                list.push(v.to_string());
            }
        };
        for line in &plan.data().budget_lines {
            if line.direction == crate::Direction::Expenditure {
                add(&mut want.years, Some(&line.year));
                add(&mut want.org_units, line.org_unit.as_deref());
                add(&mut want.categories, line.category.as_deref());
            }
        }
        want.years.sort();
        let got = plan.dimensions();
        assert_eq!(got.years, want.years);
        assert_eq!(got.org_units, want.org_units);
        assert_eq!(got.categories, want.categories);
        assert!(!got.years.contains(&"1397".to_string()));
        assert!(got.org_units.len() > 5);
    }

    #[test]
    fn lines_in_scope_by_index_are_the_lines_the_scope_contains() {
        let mut data = crate::synth::plan(2_000, 5);
        for line in data.budget_lines.iter_mut().step_by(7) {
            line.direction = crate::Direction::Revenue;
            line.funds.clear();
        }
        let plan = Plan::from_data(data).unwrap();
        let lines = &plan.data().budget_lines;
        for scope in [
            Scope::all(),
            Scope::all().years(["1398"]),
            Scope::all().org_units(["D03", "HQ"]),
            Scope::all().categories(["capital"]),
            Scope::all()
                .years(["1399"])
                .org_units(["D01"])
                .categories(["current"]),
            Scope::all().years(["1400"]),
            Scope::all().org_units(["nowhere"]),
        ] {
            let by_text: Vec<usize> = (0..lines.len())
                .filter(|&l| scope.contains(&lines[l]))
                .collect();
            assert_eq!(plan.lines_in(&scope), by_text, "{scope:?}");
        }
        assert!(lines
            .iter()
            .any(|l| l.direction == crate::Direction::Revenue));
    }

    #[test]
    fn finds_by_name_whatever_the_keyboard() {
        let plan = Plan::from_json(
            r#"{"format":"goldthread/1","name":"p","goals":[{"id":"G1","name":"کیفیت هوا"},{"id":"G2","name":"ترافیک"}],
                "budget_lines":[{"id":"L","name":"حقوق","year":"1","amount":"1"}]}"#,
        )
        .unwrap();
        assert_eq!(plan.find_by_name("كيفيت"), vec!["G1".to_string()]);
        assert_eq!(plan.find_by_name("حقوق"), vec!["L".to_string()]);
        assert!(plan.find_by_name("nothing").is_empty());
    }

    #[test]
    fn dimensions_list_what_filters_offer() {
        let plan = Plan::from_json(
            r#"{"format":"goldthread/1","name":"p","budget_lines":[
                {"id":"A","year":"1399","org_unit":"D2","amount":"1"},
                {"id":"B","year":"1398","org_unit":"D1","category":"capital","amount":"1"},
                {"id":"C","year":"1398","org_unit":"D9","direction":"revenue","amount":"1"}]}"#,
        )
        .unwrap();
        let d = plan.dimensions();
        assert_eq!(d.years, ["1398", "1399"]);
        assert_eq!(d.org_units, ["D2", "D1"]);
        assert_eq!(d.categories, ["capital"]);
    }

    #[test]
    fn load_error_summarises_the_first_error() {
        let err = Plan::from_json("{").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("the plan has an error: error[E008 bad-document]"));
        assert_eq!(err.errors().count(), 1);
    }
}
