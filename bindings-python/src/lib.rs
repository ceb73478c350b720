//! The native half of the `goldthread` Python package. It only converts: Python arguments
//! into core calls, core results into JSON text (which the pure-Python layer turns into
//! dicts with `decimal.Decimal` amounts), core errors into the package's exceptions. The
//! GIL is released while the core loads and computes.

use goldthread::export;
use goldthread::render;
use goldthread::{Diagnostic, FileError, LoadError, Phase, Plan, Scope, TraceError};
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// Raises one of the package's own exceptions (defined in `goldthread._errors`), with the
/// diagnostics attached as JSON text. The one place core errors become Python errors.
fn raise(py: Python<'_>, class: &str, message: String, diagnostics: &[Diagnostic]) -> PyErr {
    let json = serde_json::to_string(diagnostics).unwrap_or_else(|_| "[]".into());
    let made = py
        .import("goldthread._errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1((message.clone(), json)));
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

fn load_error(py: Python<'_>, e: LoadError) -> PyErr {
    raise(py, "PlanError", e.to_string(), &e.diagnostics)
}

fn trace_error(py: Python<'_>, e: TraceError) -> PyErr {
    raise(py, "TraceError", e.to_string(), &[])
}

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

fn phase(name: &str) -> PyResult<Phase> {
    Phase::parse(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown phase {name:?}; choose proposed, amount, revised, committed or spent"
        ))
    })
}

fn scope(years: Vec<String>, org_units: Vec<String>, categories: Vec<String>) -> Scope {
    Scope::all()
        .years(years)
        .org_units(org_units)
        .categories(categories)
}

fn to_json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
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
    fn load(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<NativePlan> {
        let bytes = source_bytes(source)?;
        let loaded = py.detach(move || Plan::from_slice(&bytes));
        loaded
            .map(|plan| NativePlan { plan })
            .map_err(|e| load_error(py, e))
    }

    /// Reads and checks the plan file at `path`, as it parses (the file is never held whole
    /// in memory); raises OSError (FileNotFoundError, …) naming the file, or PlanError.
    #[staticmethod]
    fn load_path(py: Python<'_>, path: std::path::PathBuf) -> PyResult<NativePlan> {
        match py.detach(move || Plan::from_path(&path)) {
            Ok(plan) => Ok(NativePlan { plan }),
            Err(FileError::Load(e)) => Err(load_error(py, e)),
            // OSError(errno, message, filename) becomes the matching subclass, as `open` raises.
            Err(FileError::Read { path, source }) => Err(PyOSError::new_err((
                source.raw_os_error().unwrap_or(0),
                source.to_string(),
                path.to_string_lossy().into_owned(),
            ))),
        }
    }

    fn to_json(&self) -> String {
        self.plan.to_json()
    }

    fn warnings_json(&self) -> PyResult<String> {
        to_json(&self.plan.warnings())
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
        let (scope, phase) = (scope(years, org_units, categories), phase(phase_name)?);
        let report = py.detach(|| self.plan.report_with(&scope, phase, compare_phases));
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
        let (scope, phase) = (scope(years, org_units, categories), phase(phase_name)?);
        let trace = py.detach(|| self.plan.trace(id, &scope, phase));
        to_json(&trace.map_err(|e| trace_error(py, e))?)
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
        let (scope, phase) = (scope(years, org_units, categories), phase(phase_name)?);
        let sankey = py.detach(|| export::sankey(&self.plan, &scope, phase));
        to_json(&sankey)
    }

    fn dot(&self) -> String {
        export::dot(&self.plan)
    }

    fn html(&self) -> String {
        render::plan_html(self.plan.data())
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
        to_json(&self.report)
    }

    fn text(&self) -> String {
        render::report_text(&self.report)
    }

    fn markdown(&self) -> String {
        render::report_markdown(&self.report)
    }

    fn html(&self) -> String {
        render::report_html(&self.report)
    }
}

/// Every diagnostic of a plan file, as JSON text.
#[pyfunction]
fn check_json(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<String> {
    let bytes = source_bytes(source)?;
    let diagnostics = py.detach(move || goldthread::check(&bytes));
    to_json(&diagnostics)
}

#[pymodule]
fn _goldthread(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativePlan>()?;
    m.add_class::<NativeReport>()?;
    m.add_function(wrap_pyfunction!(check_json, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
