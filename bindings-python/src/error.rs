//! The one place core errors become Python exceptions (as polars' `error.rs` does): every
//! method returns `Result<_, Error>` and uses `?`; `From<Error> for PyErr` picks the class.

use goldthread::{Diagnostic, FileError, LoadError, TraceError, UnknownPhase};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

/// Everything a native call can fail with.
pub(crate) enum Error {
    /// A plan with errors: `goldthread.PlanError` with every diagnostic.
    Load(LoadError),
    /// A plan file that cannot be read: the `OSError` subclass `open()` would raise.
    File(std::path::PathBuf, std::io::Error),
    /// An id that names nothing traceable: `goldthread.TraceError`.
    Trace(TraceError),
    /// A phase name that is none of the five: `ValueError` with the core's message.
    Phase(UnknownPhase),
    /// A value that could not be written as JSON.
    Json(serde_json::Error),
    /// A scenario that cannot be read or applied, or two plans a diff cannot compare:
    /// `ValueError` naming the edit (a plan the edits break: `PlanError`).
    Scenario(goldthread::ScenarioError),
    Diff(goldthread::DiffError),
    /// A table the report does not have, or an amount Arrow cannot hold exactly:
    /// `ValueError` naming the table and column.
    Columnar(goldthread::columnar::ColumnarError),
}

impl From<goldthread::columnar::ColumnarError> for Error {
    fn from(e: goldthread::columnar::ColumnarError) -> Error {
        Error::Columnar(e)
    }
}

impl From<goldthread::ScenarioError> for Error {
    fn from(e: goldthread::ScenarioError) -> Error {
        Error::Scenario(e)
    }
}

impl From<goldthread::DiffError> for Error {
    fn from(e: goldthread::DiffError) -> Error {
        Error::Diff(e)
    }
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Error {
        Error::Load(e)
    }
}

impl From<FileError> for Error {
    fn from(e: FileError) -> Error {
        match e {
            FileError::Load(e) => Error::Load(e),
            FileError::Read { path, source } => Error::File(path, source),
        }
    }
}

impl From<TraceError> for Error {
    fn from(e: TraceError) -> Error {
        Error::Trace(e)
    }
}

impl From<UnknownPhase> for Error {
    fn from(e: UnknownPhase) -> Error {
        Error::Phase(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Json(e)
    }
}

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        match e {
            Error::Load(e) => raise("PlanError", e.to_string(), &e.diagnostics),
            Error::Trace(e) => raise("TraceError", e.to_string(), &[]),
            // OSError(errno, message, filename) becomes the matching subclass, as `open` raises.
            Error::File(path, source) => PyOSError::new_err((
                source.raw_os_error().unwrap_or(0),
                source.to_string(),
                path.to_string_lossy().into_owned(),
            )),
            Error::Phase(e) => PyValueError::new_err(e.to_string()),
            Error::Json(e) => PyValueError::new_err(e.to_string()),
            Error::Scenario(goldthread::ScenarioError::Invalid(load)) => {
                raise("PlanError", load.to_string(), &load.diagnostics)
            }
            Error::Scenario(e) => PyValueError::new_err(e.to_string()),
            Error::Diff(e) => PyValueError::new_err(e.to_string()),
            Error::Columnar(e) => PyValueError::new_err(e.to_string()),
        }
    }
}

/// One of the package's own exceptions (defined in `goldthread._errors`), with the
/// diagnostics attached as JSON text.
fn raise(class: &str, message: String, diagnostics: &[Diagnostic]) -> PyErr {
    let json = serde_json::to_string(diagnostics).unwrap_or_else(|_| "[]".into());
    Python::attach(|py| {
        let made = py
            .import("goldthread._errors")
            .and_then(|m| m.getattr(class))
            .and_then(|c| c.call1((message, json)));
        match made {
            Ok(instance) => PyErr::from_value(instance),
            Err(e) => e,
        }
    })
}
