use super::*;
use crate::{Plan, ReportOptions};
use arrow_array::cast::AsArray;
use arrow_array::types::Decimal128Type;

const PLAN: &str = r#"{"format":"goldthread/1","name":"s","precision":2,"currency":"EUR",
    "goals":[{"id":"G","name":"root"},{"id":"G.1","name":"leaf","parent":"G"}],
    "programs":[{"id":"P","name":"p","goals":[{"goal":"G.1","share":"0.3333333333333333333333333333"}]}],
    "projects":[{"id":"J","name":"j","programs":[{"program":"P"}]}],
    "budget_lines":[{"id":"L","year":"2024","org_unit":"HQ","amount":"100.01","funds":[{"project":"J"}]},
                    {"id":"M","year":"2024","amount":"-4.5"}]}"#;

fn decimals(batch: &RecordBatch, column: &str) -> Vec<Option<i128>> {
    let a = batch
        .column_by_name(column)
        .map(|c| c.as_primitive::<Decimal128Type>());
    a.map(|a| a.iter().collect()).unwrap_or_default()
}

#[test]
fn smallest_units_are_exact_or_refused() {
    let d = |s: &str| crate::amount::parse_decimal(s).unwrap_or_default();
    assert_eq!(smallest_units(d("12.3"), 2), Some(1230));
    assert_eq!(smallest_units(d("12.300"), 2), Some(1230));
    assert_eq!(smallest_units(d("-4.5"), 0), None);
    assert_eq!(smallest_units(d("-4"), 0), Some(-4));
    assert_eq!(
        smallest_units(d("79228162514264337593543950335"), 6),
        Some(79_228_162_514_264_337_593_543_950_335_000_000)
    );
}

#[test]
fn every_report_table_has_money_as_decimal128_at_the_precision(
) -> Result<(), Box<dyn std::error::Error>> {
    let plan = Plan::from_json(PLAN)?;
    let report = plan.report_with(&ReportOptions {
        compare_phases: true,
        ..Default::default()
    });
    for name in REPORT_TABLES {
        let batch = report_table(&report, name)?;
        assert_eq!(batch.schema().metadata()["goldthread.currency"], "EUR");
        for f in batch.schema().fields() {
            let money = crate::AMOUNT_FIELDS.contains(&f.name().as_str());
            if money {
                assert_eq!(f.data_type(), &money_type(2), "{name}.{}", f.name());
            }
            assert!(!matches!(f.data_type(), DataType::Float32 | DataType::Float64) || !money);
        }
    }
    let goals = report_table(&report, "goals")?;
    // 100.01 × 0.333… = 33.336…, 33.34 by the largest remainder, as in the JSON report.
    assert_eq!(
        decimals(&goals, "rolled_up_amount"),
        vec![Some(3334), Some(3334)]
    );
    assert_eq!(report.goals[0].rolled_up_amount.to_string(), "33.34");
    let leaks = report_table(&report, "leaks")?;
    let total: i128 = decimals(&leaks, "amount").into_iter().flatten().sum();
    // 100.01 − 33.34 to the goal, and the unlinked −4.50: the leaks foot to the cent.
    assert_eq!(total, 10001 - 3334 - 450);
    let years = report_table(&report, "by_year")?;
    assert_eq!(decimals(&years, "total_amount"), vec![Some(9551)]);
    Ok(())
}

#[test]
fn an_unknown_table_names_the_known_ones() -> Result<(), Box<dyn std::error::Error>> {
    let report = Plan::from_json(PLAN)?.report_with(&ReportOptions::default());
    let e = report_table(&report, "goal")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("\"goal\"") && e.contains("goal_codes"), "{e}");
    assert!(matches!(
        report_table(&report, "phases"),
        Err(ColumnarError::NoPhases)
    ));
    Ok(())
}

#[test]
fn plan_tables_match_the_csv_tables_row_for_row() -> Result<(), Box<dyn std::error::Error>> {
    let plan = Plan::from_json(PLAN)?;
    let csv = crate::tables::write(plan.data())?;
    let batches = plan_tables(plan.data())?;
    assert_eq!(batches.len(), csv.len());
    for ((file, text), (name, batch)) in csv.iter().zip(&batches) {
        assert_eq!(file.trim_end_matches(".csv"), *name);
        assert_eq!(text.lines().count() - 1, batch.num_rows(), "{name}");
    }
    let lines = &batches
        .iter()
        .find(|(n, _)| *n == "budget_lines")
        .ok_or("no lines")?
        .1;
    assert_eq!(decimals(lines, "amount"), vec![Some(10001), Some(-450)]);
    let programs = &batches
        .iter()
        .find(|(n, _)| *n == "programs")
        .ok_or("no programs")?
        .1;
    assert_eq!(
        decimals(programs, "share"),
        vec![Some(3333333333333333333333333333)]
    );
    Ok(())
}

#[test]
fn parquet_files_are_written_per_table() -> Result<(), Box<dyn std::error::Error>> {
    let plan = Plan::from_json(PLAN)?;
    let dir = std::env::temp_dir().join(format!("goldthread-parquet-{}", std::process::id()));
    let tables = plan_tables(plan.data())?;
    let written = write_parquet(&dir, &tables)?;
    assert_eq!(written.len(), tables.len());
    let bytes = std::fs::read(dir.join("budget_lines.parquet"))?;
    assert_eq!(&bytes[..4], b"PAR1");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn every_column_of_every_report_table_has_a_label_in_every_language(
) -> Result<(), Box<dyn std::error::Error>> {
    let plan = Plan::from_json(PLAN)?;
    let report = plan.report_with(&ReportOptions {
        compare_phases: true,
        ..Default::default()
    });
    for name in REPORT_TABLES {
        for field in report_table(&report, name)?.schema().fields() {
            for lang in crate::lang::Lang::ALL {
                let key = format!("field.{}", field.name());
                assert!(!lang.t(&key).is_empty(), "{key} in {lang:?}");
            }
        }
    }
    Ok(())
}
