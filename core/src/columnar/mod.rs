//! The report's tables and the plan's tables as Arrow record batches, and as Parquet files —
//! the form DuckDB, Polars, Spark and Dask read without a conversion (SPEC §14).
//!
//! Money is `decimal128(38, precision)` at the plan's precision, never a float: an amount
//! with more decimals than the plan's precision cannot be written exactly and is an error
//! that names the table and the column, never rounded. Ratios (shares of a total, CPI) are
//! `float64`, counts `int64`, ids and names `utf8`.

mod plan;
mod report;

/// The record batch type of the tables (the `arrow-array` crate's), for callers that do
/// not depend on Arrow themselves.
pub use arrow_array::RecordBatch;
pub use plan::plan_tables;
pub use report::{report_table, REPORT_TABLES};

use arrow_array::{ArrayRef, BooleanArray, Decimal128Array, Float64Array, Int64Array, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Digits of every money column: the most `decimal128` holds, so that any sum of a plan's
/// amounts (at most 28 digits each) fits.
pub const MONEY_DIGITS: u8 = 38;

/// Why a table could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum ColumnarError {
    #[error("unknown table {name:?}; the tables are: {}", known.join(", "))]
    UnknownTable {
        name: String,
        known: Vec<&'static str>,
    },
    #[error("the report has no phase comparison: ask for one (report --compare-phases, compare_phases=True)")]
    NoPhases,
    #[error("table {table}, column {column}: {value} has more decimals than the plan's precision ({precision}), so it cannot be written exactly as decimal128(38, {precision})")]
    Inexact {
        table: String,
        column: String,
        value: Decimal,
        precision: u32,
    },
    #[error("table {table}, column {column}: {value:?} is not a decimal number")]
    NotANumber {
        table: String,
        column: String,
        value: String,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error(transparent)]
    Arrow(#[from] ArrowError),
}

/// The Arrow type of money at a plan's precision.
pub fn money_type(precision: u32) -> DataType {
    // SPEC §3 allows precisions 0 to 6, far inside i8.
    DataType::Decimal128(MONEY_DIGITS, precision.min(28) as i8)
}

/// `value` as the integer count of the smallest unit at `precision` (`12.30` at 2 → 1230),
/// or `None` when it has more decimals than that (never rounded).
pub(crate) fn smallest_units(value: Decimal, precision: u32) -> Option<i128> {
    let v = value.normalize();
    let shift = precision.checked_sub(v.scale())?;
    v.mantissa().checked_mul(10i128.checked_pow(shift)?)
}

/// Describes the plan a table comes from, in the schema's metadata, so that a Parquet file
/// read alone still says whose money it is.
#[derive(Debug, Clone)]
pub struct TableMeta<'a> {
    pub plan: &'a str,
    pub currency: Option<&'a str>,
    pub precision: u32,
}

impl TableMeta<'_> {
    fn metadata(&self, table: &str) -> HashMap<String, String> {
        let mut m = HashMap::new();
        m.insert("goldthread.table".into(), table.to_string());
        m.insert("goldthread.plan".into(), self.plan.to_string());
        m.insert("goldthread.precision".into(), self.precision.to_string());
        if let Some(c) = self.currency {
            m.insert("goldthread.currency".into(), c.to_string());
        }
        m
    }
}

/// Builds a record batch column by column from rows of any type: each method adds one
/// column named as in the JSON report, from a function of the row.
pub(crate) struct Columns<'a, R> {
    table: &'static str,
    rows: &'a [R],
    precision: u32,
    fields: Vec<Field>,
    arrays: Vec<ArrayRef>,
    error: Option<ColumnarError>,
}

impl<'a, R> Columns<'a, R> {
    pub(crate) fn new(table: &'static str, rows: &'a [R], precision: u32) -> Self {
        Columns {
            table,
            rows,
            precision,
            fields: Vec::new(),
            arrays: Vec::new(),
            error: None,
        }
    }

    fn push(mut self, name: &str, nullable: bool, array: ArrayRef) -> Self {
        self.fields
            .push(Field::new(name, array.data_type().clone(), nullable));
        self.arrays.push(array);
        self
    }

    pub(crate) fn text(self, name: &str, f: impl Fn(&'a R) -> Option<&'a str>) -> Self {
        let a = StringArray::from_iter(self.rows.iter().map(f));
        self.push(name, true, Arc::new(a))
    }

    pub(crate) fn count(self, name: &str, f: impl Fn(&'a R) -> Option<usize>) -> Self {
        // Counts of a plan's entities fit i64 on every machine goldthread runs on.
        let a = Int64Array::from_iter(self.rows.iter().map(|r| f(r).map(|n| n as i64)));
        self.push(name, true, Arc::new(a))
    }

    pub(crate) fn ratio(self, name: &str, f: impl Fn(&'a R) -> Option<f64>) -> Self {
        let a = Float64Array::from_iter(self.rows.iter().map(f));
        self.push(name, true, Arc::new(a))
    }

    pub(crate) fn flag(self, name: &str, f: impl Fn(&'a R) -> Option<bool>) -> Self {
        let a = BooleanArray::from_iter(self.rows.iter().map(f));
        self.push(name, true, Arc::new(a))
    }

    pub(crate) fn money(mut self, name: &str, f: impl Fn(&'a R) -> Option<Decimal>) -> Self {
        let mut values = Vec::with_capacity(self.rows.len());
        for r in self.rows {
            let v = match f(r) {
                None => None,
                Some(d) => match smallest_units(d, self.precision) {
                    Some(units) => Some(units),
                    None => {
                        self.error.get_or_insert(ColumnarError::Inexact {
                            table: self.table.to_string(),
                            column: name.to_string(),
                            value: d,
                            precision: self.precision,
                        });
                        None
                    }
                },
            };
            values.push(v);
        }
        let a = Decimal128Array::from(values).with_data_type(money_type(self.precision));
        self.push(name, true, Arc::new(a))
    }

    pub(crate) fn finish(self, meta: &TableMeta) -> Result<RecordBatch, ColumnarError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let schema = Schema::new(self.fields).with_metadata(meta.metadata(self.table));
        Ok(RecordBatch::try_new(Arc::new(schema), self.arrays)?)
    }
}

/// Writes each `(name, batch)` to `DIR/name.parquet` (Snappy), creating `dir`; returns the
/// paths written.
pub fn write_parquet(
    dir: &Path,
    tables: &[(&str, RecordBatch)],
) -> Result<Vec<PathBuf>, ColumnarError> {
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    let failed = |path: &Path, e: Box<dyn std::error::Error + Send + Sync>| ColumnarError::Write {
        path: path.to_path_buf(),
        source: e,
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, Box::new(e)))?;
    let mut written = Vec::new();
    for (name, batch) in tables {
        let path = dir.join(format!("{name}.parquet"));
        let file = std::fs::File::create(&path).map_err(|e| failed(&path, Box::new(e)))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props))
            .map_err(|e| failed(&path, Box::new(e)))?;
        w.write(batch).map_err(|e| failed(&path, Box::new(e)))?;
        w.close().map_err(|e| failed(&path, Box::new(e)))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests;
