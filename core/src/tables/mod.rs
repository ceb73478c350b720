//! A plan as a set of CSV tables, one per entity kind, with columns named as the plan's
//! fields and links as `goal`/`program`/`project` and `share` columns, one row per link —
//! the form for hand-kept plans and spreadsheets. `goldthread export --to csv` writes it and
//! `goldthread import --tables DIR` reads it back to the same plan.
//!
//! | file | columns |
//! |---|---|
//! | `plan.csv` | name, currency, precision, calendar, fiscal_year_start, x |
//! | `org_units.csv` | id, name, kind, parent, x |
//! | `goals.csv` | id, name, parent, x |
//! | `indicators.csv` | owner, id, name, unit, baseline_value, baseline_year, target_value, target_year, ascending, x |
//! | `actuals.csv` | indicator, value, year |
//! | `programs.csv` | id, name, start, end, owner, x, goal, share |
//! | `projects.csv` | id, name, tier, org_unit, tags, schedule_start, schedule_finish, estimate, as_of, percent_complete, actual_cost, x, program, share |
//! | `budget_lines.csv` | id, name, year, org_unit, category, direction, proposed, amount, revised, committed, spent, x, project, program, share |
//! | `classifications.csv` | classification, name, kind, code, code_name, parent, x (one row per code) |
//! | `tags.csv` | classification, line, project, program, code, share, weight |
//!
//! A child with several links takes several rows, its own fields repeated; `x` holds the
//! user's extensions as JSON text, `tags` a JSON list.

mod halves;
mod read;
mod write;

pub use read::read;
pub use write::write;
#[cfg(feature = "arrow")]
pub(crate) use write::{each_table, Rows};

/// The tables, in the order they are written and read.
pub const FILES: [&str; 10] = [
    "plan.csv",
    "org_units.csv",
    "goals.csv",
    "indicators.csv",
    "actuals.csv",
    "programs.csv",
    "projects.csv",
    "budget_lines.csv",
    "classifications.csv",
    "tags.csv",
];

/// The columns a table may have, in the order they are written.
pub(crate) fn columns(file: &str) -> &'static [&'static str] {
    match file {
        "plan.csv" => &[
            "name",
            "currency",
            "precision",
            "calendar",
            "fiscal_year_start",
            "x",
        ],
        "org_units.csv" => &["id", "name", "kind", "parent", "x"],
        "goals.csv" => &["id", "name", "parent", "x"],
        "classifications.csv" => &[
            "classification",
            "name",
            "kind",
            "code",
            "code_name",
            "parent",
            "x",
        ],
        "tags.csv" => &[
            "classification",
            "line",
            "project",
            "program",
            "code",
            "share",
            "weight",
        ],
        "indicators.csv" => &[
            "owner",
            "id",
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "ascending",
            "x",
        ],
        "actuals.csv" => &["indicator", "value", "year"],
        "programs.csv" => &["id", "name", "start", "end", "owner", "x", "goal", "share"],
        "projects.csv" => &[
            "id",
            "name",
            "tier",
            "org_unit",
            "tags",
            "schedule_start",
            "schedule_finish",
            "estimate",
            "as_of",
            "percent_complete",
            "actual_cost",
            "x",
            "program",
            "share",
        ],
        "budget_lines.csv" => &[
            "id",
            "name",
            "year",
            "org_unit",
            "category",
            "direction",
            "proposed",
            "amount",
            "revised",
            "committed",
            "spent",
            "x",
            "project",
            "program",
            "share",
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(tables: Vec<(&str, String)>) -> Vec<(String, Vec<u8>)> {
        tables
            .into_iter()
            .map(|(n, t)| (n.to_string(), t.into_bytes()))
            .collect()
    }

    #[test]
    fn a_plan_survives_the_tables() {
        let text = r#"{"format":"goldthread/1","name":"t, \"quoted\"","currency":"IRR","precision":0,"x":{"k":[1,2]},
            "org_units":[{"id":"HQ","name":"ستاد"},{"id":"D1","parent":"HQ"}],
            "goals":[{"id":"G","name":"g"},{"id":"G.1","name":"g1","parent":"G",
               "indicators":[{"id":"K","name":"k","unit":"m2","baseline":{"value":"1","year":"1396"},
                 "target":{"value":"2","year":"1400"},"actuals":[{"value":"1.5","year":"1397"}],"ascending":true}]}],
            "programs":[{"id":"P","name":"p","start":"1398","end":"1399","owner":"HQ","goals":[{"goal":"G.1","share":"0.8"}],
               "indicators":[{"id":"PK","name":"pk"}]},{"id":"Q","name":"q"}],
            "projects":[{"id":"J","name":"j","tier":"city","org_unit":"D1","tags":["a;b","c"],"programs":[{"program":"P"},{"program":"Q"}],
               "schedule":{"start":"2019-03-21","finish":"2021-03-20"},"estimate":"420",
               "status":{"as_of":"2019-09-22","percent_complete":"0.25","actual_cost":"98"}}],
            "budget_lines":[{"id":"L","name":"l","year":"1398","org_unit":"D1","category":"capital","amount":"150","revised":"160",
               "spent":"41","funds":[{"project":"J","share":"0.5"},{"program":"P","share":"0.25"}]},
               {"id":"R","year":"1398","direction":"revenue","amount":"7"}]}"#;
        let plan = crate::Plan::from_json(text).unwrap();
        let tables = write(plan.data()).unwrap();
        let (data, diags) = read(&files(tables));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(&data.unwrap(), plan.data());
    }

    #[test]
    fn problems_name_file_row_and_column() {
        let (_, diags) = read(&files(vec![
            ("plan.csv", "name,precision\nt,0\n".into()),
            (
                "budget_lines.csv",
                "id,year,amount,colour\nL,1,12/5,red\n".into(),
            ),
            ("goals.csv", "id,name\nG,\n".into()),
        ]));
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("unknown column \"colour\"")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("budget_lines.csv row 2, amount:")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("goals.csv row 2, name: is required")),
            "{messages:?}"
        );
        let (data, diags) = read(&files(vec![("goals.csv", "id,name\nG,g\n".into())]));
        assert!(data.is_none());
        assert!(diags[0].message.contains("plan.csv"));
    }
}
