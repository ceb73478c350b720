//! Importing real tables: the EU cohesion and US federal program examples rebuild to their
//! committed plans, and their figures equal plain sums over the source rows.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::diagnostics::Code;
use goldthread::import::{import, Mapping, Table};
use goldthread::{Phase, Plan, Scope};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const DIR: &str = "examples/eu-cohesion-2014-2020";
const SOURCE: &str = "source/ESIF_2014-2020_FINANCES_PLANNED_DETAILS_190411.csv";

/// Imports an example's table with its mapping: no problem allowed.
fn import_example(dir: &str, table: &str) -> (Plan, usize) {
    let mapping = Mapping::parse(&common::read(&format!("{dir}/mapping.toml"))).unwrap();
    let bytes = std::fs::read(common::repo().join(dir).join(table)).unwrap();
    let name = format!("{dir}/{table}");
    let out = import(
        &mapping,
        &[Table {
            name: &name,
            bytes: &bytes,
        }],
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    (Plan::from_data(out.data).unwrap(), out.summary.rows)
}

fn imported() -> Plan {
    let (plan, rows) = import_example(DIR, SOURCE);
    assert_eq!(rows, 7524);
    plan
}

/// Σ of "Total Amount" over the source rows, grouped by a column.
fn sums_by(column: &str) -> BTreeMap<String, Decimal> {
    let bytes = std::fs::read(common::repo().join(DIR).join(SOURCE)).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == column).unwrap();
    let total = headers.iter().position(|h| h == "Total Amount").unwrap();
    let mut sums = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let amount: Decimal = record[total].parse().unwrap();
        *sums.entry(record[col].to_string()).or_default() += amount;
    }
    sums
}

#[test]
fn rebuilds_to_the_committed_plan() {
    let committed = Plan::from_json(&common::read(&format!("{DIR}/plan.json"))).unwrap();
    assert!(
        imported() == committed,
        "run examples/eu-cohesion-2014-2020/rebuild.sh and review"
    );
}

/// The Commission's category of region, read as a classification of the lines: each
/// category's amount is the plain sum of its rows, "VOID" rows are unclassified.
#[test]
fn categories_of_region_equal_plain_sums_over_the_source() {
    let r = imported().report(&Scope::all(), Phase::Amount);
    let by_region = sums_by("Category of region");
    let c = &r.classifications[0];
    assert_eq!(c.id, "region");
    assert_eq!(c.codes.len(), by_region.len() - 1);
    for code in &c.codes {
        assert_eq!(code.amount, by_region[&code.id], "{}", code.id);
        assert!(code.lines > 0);
    }
    assert_eq!(c.unclassified_amount, by_region["VOID"]);
    assert_eq!(c.total_amount, r.traceability.total_amount);
    // Cross-checked by goal: each thematic objective's money by category foots to it.
    for (row, goal) in c.goals.iter().zip(&r.goals) {
        let cells: Decimal = row.codes.iter().map(|x| x.amount).sum();
        assert_eq!(
            cells + row.unclassified_amount,
            goal.rolled_up_amount,
            "{}",
            goal.id
        );
    }
}

#[test]
fn goal_totals_equal_plain_sums_over_the_source() {
    let r = imported().report(&Scope::all(), Phase::Amount);
    common::assert_foots(&r);
    let by_objective = sums_by("TO_code");
    for goal in &r.goals {
        assert_eq!(
            goal.rolled_up_amount, by_objective[&goal.id],
            "thematic objective {}",
            goal.id
        );
    }
    let not_goals: Decimal = ["TA", "IPA-TA", "DM", "VOID"]
        .iter()
        .map(|k| by_objective[*k])
        .sum();
    assert_eq!(r.traceability.leaks.program_unlinked, not_goals);
    assert_eq!(r.traceability.total_amount.to_string(), "645475621413.39");
}

#[test]
fn member_state_totals_equal_plain_sums_over_the_source() {
    let r = imported().report(&Scope::all(), Phase::Amount);
    let by_state = sums_by("MS");
    assert_eq!(r.traceability.by_org_unit.len(), by_state.len());
    for row in &r.traceability.by_org_unit {
        let key = row.key.clone().unwrap();
        assert_eq!(row.total_amount, by_state[&key], "member state {key}");
    }
}

const US: &str = "examples/us-federal-programs";

fn us_imported() -> Plan {
    import_example(US, "table.csv").0
}

#[test]
fn us_programs_rebuild_to_the_committed_plan() {
    let committed = Plan::from_json(&common::read(&format!("{US}/plan.json"))).unwrap();
    assert!(
        us_imported() == committed,
        "run examples/us-federal-programs/rebuild.sh and review"
    );
}

#[test]
fn us_agency_totals_and_leaks_equal_plain_sums_over_the_table() {
    let plan = us_imported();
    let r = plan.report(&Scope::all().years(["2024"]), Phase::Amount);
    common::assert_foots(&r);
    // Plain sums over the joined table: one amount per line id (a program-year), the
    // leak being the program-years none of whose rows names a taxonomy category.
    let bytes = std::fs::read(common::repo().join(US).join("table.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut amount: BTreeMap<String, (String, Decimal, bool)> = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let (line, agency, year, goal, value) =
            (&record[0], &record[3], &record[4], &record[5], &record[9]);
        if line.is_empty() || year != "2024" {
            continue;
        }
        let value: Decimal = value.parse().unwrap();
        let entry = amount
            .entry(line.to_string())
            .or_insert((agency.to_string(), value, false));
        entry.2 |= !goal.is_empty();
    }
    let mut by_agency: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut leak = Decimal::ZERO;
    for (agency, value, linked) in amount.values() {
        *by_agency.entry(agency.clone()).or_default() += value;
        if !linked {
            leak += value;
        }
    }
    for row in &r.traceability.by_org_unit {
        let key = row.key.clone().unwrap();
        assert_eq!(row.total_amount, by_agency[&key], "agency {key}");
    }
    assert_eq!(r.traceability.leaks.program_unlinked, leak);
    assert_eq!(r.traceability.total_amount.to_string(), "4746601553276.95");
}

/// A real table first met as a new user: the Commission's ERDF/CF major projects, imported
/// with a mapping written for it, agrees to the cent with sums over the source rows — in
/// total, per member state, per thematic objective, and the rows with no objective as the
/// one leak. The sums are computed here from the CSV itself.
#[test]
fn eu_major_projects_equal_plain_sums_over_the_source() {
    const DIR: &str = "tests/fixtures/real/eu-major-projects";
    const TABLE: &str = "ESIF_2014-2020_ERDF_CF_Major_Projects.csv";
    let (plan, rows) = import_example(DIR, TABLE);
    assert_eq!(rows, 626);

    let bytes = std::fs::read(common::repo().join(DIR).join(TABLE)).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name).unwrap();
    let (amount, country, objective) = (
        col("EU Financing"),
        col("Country"),
        col("Thematic Objective Code"),
    );
    let (mut total, mut lines) = (Decimal::ZERO, 0);
    let mut by_country: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut by_objective: BTreeMap<String, Decimal> = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let cell = record[amount].trim();
        if cell.is_empty() {
            continue; // a project not yet submitted: no money
        }
        let value: Decimal = cell.parse().unwrap();
        total += value;
        lines += 1;
        *by_country.entry(record[country].to_string()).or_default() += value;
        *by_objective
            .entry(record[objective].trim().to_string())
            .or_default() += value;
    }
    assert_eq!(lines, 147);

    let report = plan.report(&Scope::all(), Phase::Amount);
    common::assert_foots(&report);
    let t = &report.traceability;
    assert_eq!(t.lines, lines);
    assert_eq!(t.total_amount, total);
    let no_objective = by_objective.remove("").unwrap_or_default();
    assert!(no_objective > Decimal::ZERO);
    assert_eq!(t.leaks.program_unlinked, no_objective);
    assert_eq!(t.leaks.total(), no_objective);
    assert_eq!(t.traced_amount, total - no_objective);
    let countries: BTreeMap<String, Decimal> = t
        .by_org_unit
        .iter()
        .map(|b| (b.key.clone().unwrap_or_default(), b.total_amount))
        .collect();
    assert_eq!(countries, by_country);
    let objectives: BTreeMap<String, Decimal> = report
        .goals
        .iter()
        .filter(|g| g.direct_amount > Decimal::ZERO)
        .map(|g| (g.id.clone(), g.direct_amount))
        .collect();
    assert_eq!(objectives, by_objective);
}

/// The same table with the programme as a priority axis alone (as a new user would map it
/// first): two axes carry projects under two objectives each. Linking such a programme to
/// both objectives would split its money equally; the import names it instead, and with
/// `one_program_per_goal` every row's money reaches its own objective, to the cent as the
/// mapping that keeps objectives in the programme id (checked against the source above).
#[test]
fn eu_major_projects_programmes_spanning_two_objectives_are_never_split_equally() {
    const DIR: &str = "tests/fixtures/real/eu-major-projects";
    const TABLE: &str = "ESIF_2014-2020_ERDF_CF_Major_Projects.csv";
    let mapping = common::read(&format!("{DIR}/mapping.toml"));
    let by_axis = mapping
        .replace(
            "program_id = [\"OP CCI\", \"Priority Code\", \"Thematic Objective Code\"]",
            "program_id = [\"OP CCI\", \"Priority Code\"]",
        )
        .replace(
            "program_name = [\"CCI Short Title\", \"Priority Code\", \"Thematic Objective Code\"]",
            "program_name = [\"CCI Short Title\", \"Priority Code\"]",
        );
    assert_ne!(by_axis, mapping);
    let bytes = std::fs::read(common::repo().join(DIR).join(TABLE)).unwrap();
    let run = |text: &str| {
        import(
            &Mapping::parse(text).unwrap(),
            &[Table {
                name: TABLE,
                bytes: &bytes,
            }],
        )
    };
    let out = run(&by_axis);
    let codes: Vec<_> = out.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E011, Code::E011], "{:?}", out.diagnostics);
    assert!(out.diagnostics[0].message.contains("different goals"));

    let split = run(&by_axis.replace("[rules]", "[rules]\none_program_per_goal = true"));
    assert!(split.diagnostics.is_empty(), "{:?}", split.diagnostics);
    let direct = |plan: Plan| -> BTreeMap<String, Decimal> {
        let r = plan.report(&Scope::all(), Phase::Amount);
        common::assert_foots(&r);
        r.goals
            .iter()
            .map(|g| (g.id.clone(), g.direct_amount))
            .collect()
    };
    let (by_objective, _) = import_example(DIR, TABLE);
    assert_eq!(
        direct(Plan::from_data(split.data).unwrap()),
        direct(by_objective)
    );
}
