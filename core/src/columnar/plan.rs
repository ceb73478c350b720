//! The plan's tables (`export --to parquet`): the same tables, rows and columns as
//! `export --to csv` ([`crate::tables`]), typed — money as decimal128 at the plan's
//! precision, shares, weights and percentages complete as decimal128(38, 28), the
//! precision as int64, everything else (ids, dates, indicator values, `x`) as its exact
//! text. An empty cell is null.

use super::{money_type, smallest_units, ColumnarError, TableMeta};
use crate::model::{Phase, PlanData};
use crate::tables::{columns, each_table, Rows};
use arrow_array::builder::{Decimal128Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{Field, Schema};
use std::sync::Arc;

/// Decimals of the columns that hold a fraction in [0, 1]: the most a plan's decimal can
/// have, so every share is written exactly.
const FRACTION_SCALE: u32 = 28;

enum Column {
    Text(StringBuilder),
    Decimal {
        scale: u32,
        builder: Decimal128Builder,
    },
    Integer(Int64Builder),
}

fn column(name: &str, precision: u32) -> Column {
    let decimal = |scale: u32| Column::Decimal {
        scale,
        builder: Decimal128Builder::new().with_data_type(money_type(scale)),
    };
    // The five phases' columns, and the project's estimate and actual cost, hold money.
    let phase = Phase::ALL.iter().any(|p| p.as_str() == name);
    match name {
        _ if phase => decimal(precision),
        "estimate" | "actual_cost" => decimal(precision),
        "share" | "weight" | "percent_complete" => decimal(FRACTION_SCALE),
        "precision" => Column::Integer(Int64Builder::new()),
        _ => Column::Text(StringBuilder::new()),
    }
}

struct Sink {
    table: &'static str,
    names: &'static [&'static str],
    columns: Vec<Column>,
}

impl Rows for Sink {
    type Error = ColumnarError;
    fn row<I, T>(&mut self, cells: I) -> Result<(), ColumnarError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for ((cell, col), name) in cells.into_iter().zip(&mut self.columns).zip(self.names) {
            let cell = cell.as_ref();
            let not_a_number = || ColumnarError::NotANumber {
                table: self.table.to_string(),
                column: name.to_string(),
                value: cell.to_string(),
            };
            match col {
                Column::Text(b) if cell.is_empty() => b.append_null(),
                Column::Text(b) => b.append_value(cell),
                Column::Decimal { builder, .. } if cell.is_empty() => builder.append_null(),
                Column::Decimal { scale, builder } => {
                    let d = crate::amount::parse_decimal(cell).map_err(|_| not_a_number())?;
                    let units = smallest_units(d, *scale).ok_or(ColumnarError::Inexact {
                        table: self.table.to_string(),
                        column: name.to_string(),
                        value: d,
                        precision: *scale,
                    })?;
                    builder.append_value(units);
                }
                Column::Integer(b) if cell.is_empty() => b.append_null(),
                Column::Integer(b) => b.append_value(cell.parse().map_err(|_| not_a_number())?),
            }
        }
        Ok(())
    }
}

/// The plan's tables as record batches, named as `export --to csv` names its files
/// without `.csv` (`budget_lines`), in the same order.
pub fn plan_tables(data: &PlanData) -> Result<Vec<(&'static str, RecordBatch)>, ColumnarError> {
    let meta = TableMeta {
        plan: &data.name,
        currency: data.currency.as_deref(),
        precision: data.precision,
    };
    let mut out = Vec::new();
    each_table(
        data,
        |file| {
            let names = columns(file);
            Ok(Sink {
                table: file.trim_end_matches(".csv"),
                names,
                columns: names.iter().map(|n| column(n, data.precision)).collect(),
            })
        },
        |_, sink: Sink| {
            let mut fields = Vec::new();
            let mut arrays: Vec<ArrayRef> = Vec::new();
            for (name, col) in sink.names.iter().zip(sink.columns) {
                let array: ArrayRef = match col {
                    Column::Text(mut b) => Arc::new(b.finish()),
                    Column::Decimal { mut builder, .. } => Arc::new(builder.finish()),
                    Column::Integer(mut b) => Arc::new(b.finish()),
                };
                fields.push(Field::new(*name, array.data_type().clone(), true));
                arrays.push(array);
            }
            let schema = Schema::new(fields).with_metadata(meta.metadata(sink.table));
            out.push((sink.table, RecordBatch::try_new(Arc::new(schema), arrays)?));
            Ok(())
        },
    )?;
    Ok(out)
}
