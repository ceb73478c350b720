//! The native half of the `goldthread` Python package. It only converts: Python arguments
//! into core calls, core results into JSON text (which the pure-Python layer turns into
//! dicts with `decimal.Decimal` amounts), core errors into the package's exceptions (in
//! one place, `error.rs`). The GIL is released while the core loads and computes.

mod error;

use error::Error;
use goldthread::export;
use goldthread::lang::Lang;
use goldthread::render;
use goldthread::{LoadOptions, Phase, Plan, ReportOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

/// Text or bytes, as the bytes of a plan file.
fn source_bytes(source: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = source.cast::<PyString>() {
        return Ok(s.extract::<String>()?.into_bytes());
    }
    if let Ok(b) = source.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    Err(PyTypeError::new_err(format!(
        "a plan is JSON given as str or bytes, not {}",
        source.get_type().name()?
    )))
}

/// The limits of SPEC §8 from a dict of the core's names (`max_file_bytes`, …); `None`
/// is the core's defaults.
fn limits(given: Option<&Bound<'_, PyDict>>) -> PyResult<LoadOptions> {
    let mut options = LoadOptions::default();
    for (key, value) in given.into_iter().flat_map(|d| d.iter()) {
        let name: String = key.extract()?;
        let value: u64 = value.extract().map_err(|_| {
            PyTypeError::new_err(format!("limits[{name:?}] is a whole number of at least 0"))
        })?;
        options
            .set(&name, value)
            .map_err(pyo3::exceptions::PyValueError::new_err)?;
    }
    Ok(options)
}

/// The report options from the arguments the Python layer passes, parsed by the core.
fn options(
    years: Vec<String>,
    org_units: Vec<String>,
    categories: Vec<String>,
    phase: &str,
    compare_phases: bool,
) -> Result<ReportOptions, Error> {
    Ok(ReportOptions::from_args(
        years,
        org_units,
        categories,
        Some(phase),
        compare_phases,
    )?)
}

/// The language of reports from its tag (`"en"`, `"fa"`), or a ValueError naming them.
fn language(tag: &str) -> PyResult<Lang> {
    Lang::from_tag(tag).map_err(pyo3::exceptions::PyValueError::new_err)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    Ok(serde_json::to_string(value)?)
}

/// A checked plan held by the core.
#[pyclass(module = "goldthread._goldthread", frozen)]
struct NativePlan {
    plan: Plan,
}

#[pymethods]
impl NativePlan {
    /// Reads and checks a plan file (str or bytes); raises PlanError with every diagnostic.
    #[staticmethod]
    #[pyo3(signature = (source, limits=None))]
    fn load(
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        limits: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<NativePlan> {
        let options = self::limits(limits)?;
        let bytes = source_bytes(source)?;
        let plan = py
            .detach(move || Plan::from_slice_with(&bytes, &options))
            .map_err(Error::from)?;
        Ok(NativePlan { plan })
    }

    /// Reads and checks the plan file at `path`, as it parses (the file is never held whole
    /// in memory); raises OSError (FileNotFoundError, …) naming the file, or PlanError.
    #[staticmethod]
    #[pyo3(signature = (path, limits=None))]
    fn load_path(
        py: Python<'_>,
        path: std::path::PathBuf,
        limits: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<NativePlan> {
        let options = self::limits(limits)?;
        let plan = py
            .detach(move || Plan::from_path_with(&path, &options))
            .map_err(Error::from)?;
        Ok(NativePlan { plan })
    }

    /// The plan as compact JSON bytes (what a pickle holds).
    fn to_json_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let text = py.detach(|| self.plan.to_json_compact());
        PyBytes::new(py, text.as_bytes())
    }

    fn to_json(&self) -> String {
        self.plan.to_json()
    }

    fn warnings_json(&self) -> PyResult<String> {
        Ok(to_json(&self.plan.warnings())?)
    }

    fn name(&self) -> String {
        self.plan.name().to_string()
    }

    #[pyo3(signature = (years, org_units, categories, phase_name, compare_phases))]
    fn report(
        &self,
        py: Python<'_>,
        years: Vec<String>,
        org_units: Vec<String>,
        categories: Vec<String>,
        phase_name: &str,
        compare_phases: bool,
    ) -> PyResult<NativeReport> {
        let options = options(years, org_units, categories, phase_name, compare_phases)?;
        let report = py.detach(|| self.plan.report_with(&options));
        Ok(NativeReport { report })
    }

    #[pyo3(signature = (id, years, org_units, categories, phase_name))]
    fn trace_json(
        &self,
        py: Python<'_>,
        id: &str,
        years: Vec<String>,
        org_units: Vec<String>,
        categories: Vec<String>,
        phase_name: &str,
    ) -> PyResult<String> {
        let o = options(years, org_units, categories, phase_name, false)?;
        let trace = py
            .detach(|| self.plan.trace(id, &o.scope, o.phase))
            .map_err(Error::from)?;
        Ok(to_json(&trace)?)
    }

    #[pyo3(signature = (years, org_units, categories, phase_name))]
    fn sankey_json(
        &self,
        py: Python<'_>,
        years: Vec<String>,
        org_units: Vec<String>,
        categories: Vec<String>,
        phase_name: &str,
    ) -> PyResult<String> {
        let o = options(years, org_units, categories, phase_name, false)?;
        let sankey = py.detach(|| export::sankey(&self.plan, &o.scope, o.phase));
        Ok(to_json(&sankey)?)
    }

    fn dot(&self) -> String {
        export::dot(&self.plan)
    }

    /// The report as one self-contained HTML page with the Sankey, in `lang`.
    #[pyo3(signature = (years, org_units, categories, phase_name, compare_phases, lang))]
    #[allow(clippy::too_many_arguments)]
    fn report_page(
        &self,
        py: Python<'_>,
        years: Vec<String>,
        org_units: Vec<String>,
        categories: Vec<String>,
        phase_name: &str,
        compare_phases: bool,
        lang: &str,
    ) -> PyResult<String> {
        let o = options(years, org_units, categories, phase_name, compare_phases)?;
        let lang = language(lang)?;
        Ok(py.detach(|| {
            let report = self.plan.report_with(&o);
            let sankey = export::sankey(&self.plan, &o.scope, o.phase);
            render::report_page(&report, &sankey, lang)
        }))
    }

    fn html(&self) -> String {
        render::plan_html(self.plan.data())
    }

    /// What changed from this plan to `new` (SPEC §11).
    #[pyo3(signature = (new, years, org_units, categories, phase_name))]
    fn diff(
        &self,
        py: Python<'_>,
        new: &NativePlan,
        years: Vec<String>,
        org_units: Vec<String>,
        categories: Vec<String>,
        phase_name: &str,
    ) -> PyResult<NativeDiff> {
        let o = options(years, org_units, categories, phase_name, false)?;
        let diff = py
            .detach(|| self.plan.diff(&new.plan, &o))
            .map_err(Error::from)?;
        Ok(NativeDiff { diff })
    }

    /// A scenario (JSON or TOML text) applied (SPEC §12): the new plan and the edits'
    /// outcomes as JSON text.
    fn apply(&self, py: Python<'_>, scenario: &str) -> PyResult<(NativePlan, String)> {
        let applied = py
            .detach(|| goldthread::Scenario::read_given(scenario).and_then(|s| self.plan.apply(&s)))
            .map_err(Error::from)?;
        let outcomes = to_json(&applied.outcomes)?;
        Ok((NativePlan { plan: applied.plan }, outcomes))
    }
}

/// A diff computed by the core.
#[pyclass(module = "goldthread._goldthread", frozen)]
struct NativeDiff {
    diff: goldthread::Diff,
}

#[pymethods]
impl NativeDiff {
    fn to_json(&self) -> PyResult<String> {
        Ok(to_json(&self.diff)?)
    }

    fn is_empty(&self) -> bool {
        self.diff.is_empty()
    }

    #[pyo3(signature = (lang="en"))]
    fn text(&self, lang: &str) -> PyResult<String> {
        Ok(render::diff_text(&self.diff, language(lang)?))
    }

    #[pyo3(signature = (lang="en"))]
    fn markdown(&self, lang: &str) -> PyResult<String> {
        Ok(render::diff_markdown(&self.diff, language(lang)?))
    }
}

/// A report computed by the core.
#[pyclass(module = "goldthread._goldthread", frozen)]
struct NativeReport {
    report: goldthread::Report,
}

#[pymethods]
impl NativeReport {
    fn to_json(&self) -> PyResult<String> {
        Ok(to_json(&self.report)?)
    }

    #[pyo3(signature = (lang="en"))]
    fn text(&self, lang: &str) -> PyResult<String> {
        Ok(render::report_text_in(&self.report, language(lang)?))
    }

    #[pyo3(signature = (lang="en"))]
    fn markdown(&self, lang: &str) -> PyResult<String> {
        Ok(render::report_markdown_in(&self.report, language(lang)?))
    }

    #[pyo3(signature = (lang="en"))]
    fn html(&self, lang: &str) -> PyResult<String> {
        Ok(render::report_html_in(&self.report, language(lang)?))
    }

    /// One table of the report (SPEC §14) as Arrow, for `pyarrow.table()`, Polars or
    /// DuckDB through the Arrow C stream interface.
    fn table(&self, py: Python<'_>, name: &str) -> PyResult<NativeTable> {
        let batch = py
            .detach(|| goldthread::columnar::report_table(&self.report, name))
            .map_err(Error::from)?;
        Ok(NativeTable { batch })
    }
}

/// One table as an Arrow record batch, handed over through the Arrow PyCapsule interface
/// (`__arrow_c_stream__`): the consumer takes the columns' buffers, no Python object is
/// made per row.
#[pyclass(module = "goldthread._goldthread", frozen)]
struct NativeTable {
    batch: goldthread::columnar::RecordBatch,
}

#[pymethods]
impl NativeTable {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, pyo3::types::PyCapsule>> {
        // The schema is the table's own; a consumer asking for another casts it itself.
        let _ = requested_schema;
        let schema = self.batch.schema();
        let reader = arrow_array::RecordBatchIterator::new([Ok(self.batch.clone())], schema);
        let stream = arrow_array::ffi_stream::FFI_ArrowArrayStream::new(Box::new(reader));
        pyo3::types::PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

/// A plan from IATI activity files (name, bytes), checked, and the import's summary; the
/// import's problems raise PlanError with their diagnostics.
#[pyfunction]
#[pyo3(signature = (files, fiscal_year_start=None, split_budgets_by_days=false, goals="sector", exchange_rates=None, hierarchy=false))]
fn import_iati(
    py: Python<'_>,
    files: Vec<(String, Vec<u8>)>,
    fiscal_year_start: Option<String>,
    split_budgets_by_days: bool,
    goals: &str,
    exchange_rates: Option<(String, String, String)>,
    hierarchy: bool,
) -> PyResult<(NativePlan, String)> {
    // (the plan's currency, the table's name, its text)
    let exchange_rates = exchange_rates
        .map(|(currency, name, text)| {
            goldthread::iati::ExchangeRates::read(&currency, &name, &text)
        })
        .transpose()
        .map_err(pyo3::exceptions::PyValueError::new_err)?;
    let goals = goldthread::iati::IatiGoals::parse(goals)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("goals: {e}")))?;
    let start = fiscal_year_start
        .as_deref()
        .map(goldthread::calendar::MonthDay::read)
        .transpose()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("fiscal_year_start: {e}")))?;
    let options = goldthread::iati::IatiOptions {
        hierarchy,
        exchange_rates,
        goals,
        fiscal_year_start: start,
        split_by_days: split_budgets_by_days,
    };
    let (plan, summary) = py
        .detach(|| {
            let given: Vec<goldthread::iati::IatiFile> = files
                .iter()
                .map(|(name, bytes)| goldthread::iati::IatiFile { name, bytes })
                .collect();
            let imported = goldthread::iati::import(&given, options);
            if !imported.diagnostics.is_empty() {
                return Err(goldthread::LoadError {
                    diagnostics: imported.diagnostics,
                });
            }
            let summary = imported.summary.to_string();
            Plan::from_data(imported.data).map(|plan| (plan, summary))
        })
        .map_err(Error::from)?;
    Ok((NativePlan { plan }, summary))
}

/// Every label of a language's catalogue by key, English where it lacks one.
#[pyfunction]
#[pyo3(signature = (lang="en"))]
fn labels(lang: &str) -> PyResult<Vec<(&'static str, &'static str)>> {
    Ok(language(lang)?.all_labels())
}

/// Every diagnostic of a plan file, as JSON text.
#[pyfunction]
#[pyo3(signature = (source, limits=None))]
fn check_json(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let options = self::limits(limits)?;
    let bytes = source_bytes(source)?;
    let diagnostics = py.detach(move || goldthread::check_with(&bytes, &options));
    Ok(to_json(&diagnostics)?)
}

/// The JSON Schema of a plan file, a report, a diff or a scenario, as JSON text.
#[pyfunction]
fn schema_json(kind: &str) -> PyResult<String> {
    let schema =
        goldthread::schema::named(kind).map_err(pyo3::exceptions::PyValueError::new_err)?;
    Ok(to_json(&schema)?)
}

#[pymodule]
fn _goldthread(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativePlan>()?;
    m.add_class::<NativeReport>()?;
    m.add_class::<NativeDiff>()?;
    m.add_class::<NativeTable>()?;
    m.add_function(wrap_pyfunction!(check_json, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    m.add_function(wrap_pyfunction!(labels, m)?)?;
    m.add_function(wrap_pyfunction!(import_iati, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The contract's lists, from the core: never retyped in Python.
    m.add("PHASES", Phase::ALL.map(Phase::as_str).to_vec())?;
    m.add("MAX_DEPTH", goldthread::MAX_DEPTH)?;
    m.add("AMOUNT_FIELDS", goldthread::AMOUNT_FIELDS.to_vec())?;
    m.add(
        "REPORT_TABLES",
        goldthread::columnar::REPORT_TABLES.to_vec(),
    )?;
    m.add(
        "DIFF_AMOUNT_FIELDS",
        goldthread::diff::DIFF_AMOUNT_FIELDS.to_vec(),
    )?;
    Ok(())
}
