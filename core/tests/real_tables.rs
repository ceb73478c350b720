//! Real budget tables as their publishers put them out, imported with a mapping and
//! checked, to the unit, against sums computed here from the source files themselves
//! (read with the csv crate, not with goldthread): a city's wide, semicolon-separated,
//! CRLF table with German numbers and subtotal rows (Cologne), and a national programme
//! budget's execution report in thousands with a negative line (Armenia), Fiscal Data
//! Packages extended by a TOML (North Macedonia, Albania), a publisher's workbook (Mexico
//! City), a table that repeats each line's money once per outcome indicator (Welsh local
//! authorities), a national budget by outcome and programme with "nfp" cells, thousands
//! commas and one column per year (Australia), the US Federal Program Inventory's
//! obligations and outlays with their de-obligations, Madrid's programmes with goals read
//! from their codes' first digits. The EU and US program tables are in
//! tests/import.rs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::import::{import, Imported, Mapping, Reason, Table};
use goldthread::{Code, Phase, Plan, Scope};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

fn import_fixture(dir: &str, table: &str) -> (Imported, Vec<u8>) {
    let dir = common::repo().join("tests/fixtures/real").join(dir);
    let mapping =
        Mapping::parse(&std::fs::read_to_string(dir.join("mapping.toml")).unwrap()).unwrap();
    let bytes = std::fs::read(dir.join(table)).unwrap();
    let out = import(
        &mapping,
        &[Table {
            name: table,
            bytes: &bytes,
        }],
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    (out, bytes)
}

/// A fixture's Fiscal Data Package extended by its `mapping.toml`, its one resource
/// imported (named by its file name) without a problem; with the resource's bytes.
fn import_package(dir: &str) -> (Imported, Vec<u8>) {
    let dir = common::repo().join("tests/fixtures/real").join(dir);
    let toml = std::fs::read_to_string(dir.join("mapping.toml")).unwrap();
    let package = Mapping::extends(&toml).unwrap();
    let descriptor = std::fs::read_to_string(dir.join(&package)).unwrap();
    let mapping = Mapping::extend(&toml, &descriptor).unwrap();
    let [resource] = mapping.resources.as_slice() else {
        panic!("one resource: {:?}", mapping.resources);
    };
    let bytes = std::fs::read(dir.join(resource)).unwrap();
    let name = resource.rsplit('/').next().unwrap();
    let out = import(
        &mapping,
        &[Table {
            name,
            bytes: &bytes,
        }],
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    (out, bytes)
}

/// Each program's inflow in a report, by id.
fn program_inflows(r: &goldthread::Report) -> BTreeMap<String, Decimal> {
    r.programs
        .iter()
        .map(|p| (p.id.clone(), p.inflow))
        .collect()
}

/// The report on all of `out`'s plan, footed, its total `total` and all of it traced.
fn all_traced(out: Imported, total: Decimal) -> goldthread::Report {
    let plan = Plan::from_data(out.data).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    common::assert_foots(&r);
    assert_eq!(r.traceability.total_amount, total);
    assert_eq!(r.traceability.traced_amount, total);
    r
}

/// Each goal's parent and rolled-up amount in a report, by id.
fn goal_rollups(r: &goldthread::Report) -> BTreeMap<String, (Option<String>, Decimal)> {
    r.goals
        .iter()
        .map(|g| (g.id.clone(), (g.parent.clone(), g.rolled_up_amount)))
        .collect()
}

/// Each org unit's total in a report's traceability, by org unit.
fn org_unit_totals(r: &goldthread::Report) -> BTreeMap<String, Decimal> {
    r.traceability
        .by_org_unit
        .iter()
        .map(|b| (b.key.clone().unwrap(), b.total_amount))
        .collect()
}

/// How many lines the plan warns of as negative (W110, once per line).
fn negative_lines_warned(plan: &Plan) -> usize {
    plan.warnings()
        .iter()
        .filter(|w| w.code == Code::W110)
        .count()
}

const KOELN_KEPT: [&str; 9] = ["11", "12", "13", "14", "15", "16", "20", "24", "27"];

#[test]
fn koeln_expenditure_per_product_area_and_year_equals_the_published_items() {
    let (out, bytes) = import_fixture("koeln-teilergebnisplan", "teilergebnisplan.csv");
    // The sums, from the file: items kept, German numbers read by hand.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(bytes.as_slice());
    let german = |s: &str| -> Decimal { s.replace('.', "").parse().unwrap() };
    let mut by_area_year: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    let (mut kept, mut left_out, mut negative) = (0, 0, 0);
    for record in reader.records() {
        let r = record.unwrap();
        if !KOELN_KEPT.contains(&&r[4][..2]) {
            left_out += 1;
            continue;
        }
        kept += 1;
        for (k, year) in ["2011", "2012", "2013", "2014", "2015"].iter().enumerate() {
            let v = german(&r[6 + k]);
            negative += usize::from(v < Decimal::ZERO);
            *by_area_year
                .entry((r[0].to_string(), year.to_string()))
                .or_default() += v;
        }
    }
    assert_eq!((kept, left_out), (909, 1919));
    // Every kept row made five lines; every other row was left out once per year.
    let s = &out.summary;
    assert_eq!(s.rows, 2828);
    assert_eq!(s.tally(Reason::FilteredOut).rows, 1919 * 5);
    let plan = Plan::from_data(out.data).unwrap();
    assert_eq!(plan.data().budget_lines.len(), 909 * 5);
    assert_eq!(negative_lines_warned(&plan), negative);
    assert!(
        negative > 0,
        "the file has reversals: internal services paid by others"
    );
    for year in ["2011", "2012", "2013", "2014", "2015"] {
        let r = plan.report(&Scope::all().years([year]), Phase::Amount);
        common::assert_foots(&r);
        let got: BTreeMap<String, Decimal> = r
            .goals
            .iter()
            .map(|g| (g.id.clone(), g.rolled_up_amount))
            .collect();
        let want: BTreeMap<String, Decimal> = by_area_year
            .iter()
            .filter(|((_, y), _)| y == year)
            .map(|((area, _), v)| (area.clone(), *v))
            .collect();
        assert_eq!(got, want, "{year}");
        let total: Decimal = want.values().sum();
        assert_eq!(r.traceability.total_amount, total, "{year}");
        assert_eq!(r.traceability.leaks.total(), Decimal::ZERO);
    }
}

#[test]
fn armenia_execution_per_programme_state_body_and_phase_equals_the_report_rows() {
    let (out, bytes) = import_fixture("armenia-spending-2024", "2024_SPENDING_Q1234.csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (body, goal, kind) = (
        col("state_body"),
        col("program_goal"),
        col("subprogram_type"),
    );
    let phases = [
        (Phase::Amount, col("subprogram_annual_plan")),
        (Phase::Revised, col("subprogram_rev_annual_plan")),
        (Phase::Spent, col("subprogram_actual")),
    ];
    let thousand = Decimal::from(1000);
    type Sums = BTreeMap<String, Decimal>;
    let mut by_body: Vec<Sums> = vec![Sums::new(); 3];
    let mut by_goal: Vec<Sums> = vec![Sums::new(); 3];
    let mut capital: Vec<Sums> = vec![Sums::new(); 3];
    let mut rows = 0;
    for record in reader.records() {
        let r = record.unwrap();
        rows += 1;
        for (k, (_, c)) in phases.iter().enumerate() {
            let v: Decimal = r[*c].parse::<Decimal>().unwrap() * thousand;
            *by_body[k].entry(r[body].to_string()).or_default() += v;
            *by_goal[k].entry(r[goal].to_string()).or_default() += v;
            if r[kind].starts_with("Պետական մարմինների") {
                *capital[k].entry(r[body].to_string()).or_default() += v;
            }
        }
    }
    assert_eq!(rows, 1031);
    assert_eq!(out.summary.tally(Reason::Scaled).rows, 1031);
    let plan = Plan::from_data(out.data).unwrap();
    let w110: Vec<_> = plan
        .warnings()
        .iter()
        .filter(|w| w.code == Code::W110)
        .collect();
    assert_eq!(w110.len(), 1, "subprogramme 1079/31002");
    assert_eq!(w110[0].entity.as_deref(), Some("1079/31002"));
    for (k, (phase, _)) in phases.iter().enumerate() {
        let r = plan.report(&Scope::all(), *phase);
        common::assert_foots(&r);
        let bodies: Sums = r
            .traceability
            .by_org_unit
            .iter()
            .map(|b| (b.key.clone().unwrap(), b.total_amount))
            .collect();
        assert_eq!(bodies, by_body[k], "{phase:?} per state body");
        let goals: Sums = r
            .goals
            .iter()
            .map(|g| (g.id.clone(), g.rolled_up_amount))
            .collect();
        assert_eq!(goals, by_goal[k], "{phase:?} per programme goal");
        let total: Decimal = by_body[k].values().sum();
        assert_eq!(r.traceability.total_amount, total);
        assert_eq!(
            r.traceability.traced_amount, total,
            "every programme states its goal"
        );
        // The balance per state body: capital over all its expenditure.
        assert_eq!(r.balance.len(), by_body[k].len());
        for b in &r.balance {
            let unit = b.org_unit.clone().unwrap();
            let of = capital[k].get(&unit).copied().unwrap_or_default();
            let all = by_body[k][&unit];
            let share =
                (all > Decimal::ZERO).then(|| (of / all).to_string().parse::<f64>().unwrap());
            assert_eq!(b.capital_share, share, "{phase:?} capital share of {unit}");
        }
    }
}

/// A real Fiscal Data Package in the pre-2016 form, extended by a TOML that keeps one of
/// the three publications the file holds: per item (goal), category (its parent), budget
/// section (org unit), equal to sums over the rows of that publication.
#[test]
fn macedonia_fdp_extended_by_a_mapping_equals_sums_over_the_adopted_budget() {
    let (out, bytes) = import_package("macedonia-fdp");

    let text = std::str::from_utf8(&bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let (mut item, mut category, mut section) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let (mut adopted, mut others) = (0, 0);
    for record in reader.records() {
        let r = record.unwrap();
        if r.iter().all(str::is_empty) {
            continue;
        }
        if &r[0] != "2014-01-01T00:00:00" {
            others += 1;
            continue;
        }
        adopted += 1;
        let v: Decimal = r[10].parse().unwrap();
        *item.entry(r[8].to_string()).or_insert(Decimal::ZERO) += v;
        *category.entry(r[6].to_string()).or_insert(Decimal::ZERO) += v;
        *section.entry(r[1].to_string()).or_insert(Decimal::ZERO) += v;
    }
    assert_eq!((adopted, others), (335, 702));
    assert_eq!(out.summary.rows, 1037, "blank rows carry nothing");
    assert_eq!(out.summary.tally(Reason::FilteredOut).rows, 702);
    let plan = Plan::from_data(out.data).unwrap();
    assert!(plan.data().budget_lines.iter().all(|l| l.year == "2014"));
    // The package's one measure is "executed": the report runs on that phase.
    let r = plan.report(&Scope::all(), Phase::Spent);
    common::assert_foots(&r);
    let rolled: BTreeMap<String, Decimal> = r
        .goals
        .iter()
        .map(|g| (g.id.clone(), g.rolled_up_amount))
        .collect();
    for (id, v) in item.iter().chain(&category) {
        assert_eq!(rolled[id], *v, "goal {id}");
    }
    assert_eq!(rolled.len(), item.len() + category.len());
    let sections = org_unit_totals(&r);
    assert_eq!(sections, section);
    assert_eq!(r.traceability.leaks.total(), Decimal::ZERO);
}

/// Madrid's expenditure budget of 2015 as OpenSpending packaged it, with no functional
/// dimension: a TOML reads the goals from the programme codes' first digits (policy 91
/// under area 9, from programme 91100). Every goal's money, every programme's and every
/// section's equals the sums over the file's rows by those digits; nothing leaks.
#[test]
fn madrid_goals_from_the_programme_codes_first_digits_equal_sums_over_the_file() {
    let (out, bytes) = import_package("madrid-gastos");

    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let (mut policy, mut area, mut programme, mut section) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    let mut total = Decimal::ZERO;
    for record in reader.records() {
        let r = record.unwrap();
        let v: Decimal = r[11].parse().unwrap();
        let code = &r[5];
        assert_eq!(code.len(), 5, "every programme code has five digits");
        *policy.entry(code[..2].to_string()).or_insert(Decimal::ZERO) += v;
        *area.entry(code[..1].to_string()).or_insert(Decimal::ZERO) += v;
        *programme.entry(code.to_string()).or_insert(Decimal::ZERO) += v;
        *section
            .entry(format!("{} — {}", &r[1], &r[3]))
            .or_insert(Decimal::ZERO) += v;
        total += v;
    }
    assert_eq!(out.summary.rows, 1901);
    let r = all_traced(out, total);
    let goals = goal_rollups(&r);
    assert_eq!(goals.len(), policy.len() + area.len());
    for (id, v) in &policy {
        assert_eq!(goals[id], (Some(id[..1].to_string()), *v), "policy {id}");
    }
    for (id, v) in &area {
        assert_eq!(goals[id], (None, *v), "area {id}");
    }
    // Named by the mapping's [names.goal], as no column names them.
    let name = |id: &str| r.goals.iter().find(|g| g.id == id).map(|g| g.name.as_str());
    assert_eq!(name("9"), Some("Actuaciones de carácter general"));
    assert_eq!(name("91"), Some("Órganos de gobierno"));
    assert!(
        r.goals.iter().all(|g| g.name != g.id),
        "every goal is named"
    );
    let programmes = program_inflows(&r);
    assert_eq!(programmes, programme);
    let sections = org_unit_totals(&r);
    assert_eq!(sections, section);
}

/// Mexico's federal expenditure budget of 2016 as the Ministry of Finance publishes it: in
/// the DOS code page 850, amounts with thousands separators, "-" for a zero, and
/// programmes that serve several functions. Read as `ibm850`, each function's and group's
/// money and each branch's total equal sums over the file's rows, under the names as
/// written; without `one_program_per_goal`, the programmes spanning functions are named.
#[test]
fn mexico_federal_budget_in_a_dos_code_page_per_function_and_branch_equals_the_file() {
    let (out, bytes) = import_fixture("mexico-pef-2016", "pef2016.csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let (mut function, mut group, mut branch) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let (mut total, mut rows, mut zeros) = (Decimal::ZERO, 0, 0);
    // Byte records: the names are not UTF-8; the codes and amounts are ASCII.
    for record in reader.byte_records() {
        let r = record.unwrap();
        let text = |k: usize| std::str::from_utf8(&r[k]).unwrap().trim().to_string();
        rows += 1;
        if text(28) == "-" {
            zeros += 1;
            continue;
        }
        let v: Decimal = text(28).replace(',', "").parse().unwrap();
        *function
            .entry(format!("{}/{}", text(5), text(7)))
            .or_insert(Decimal::ZERO) += v;
        *group.entry(text(5)).or_insert(Decimal::ZERO) += v;
        *branch
            .entry(text(1).parse::<u32>().unwrap())
            .or_insert(Decimal::ZERO) += v;
        total += v;
    }
    assert_eq!((rows, zeros), (622, 1));
    assert_eq!(out.summary.rows, 622);
    assert_eq!(out.summary.tally(Reason::DefinitionOnly).rows, 1);
    let split = out.summary.tally(Reason::SplitByGoal);
    assert_eq!(
        (split.rows, split.amounts[1]),
        (5, Decimal::from(8_135_987_256u64))
    );
    assert_eq!(total, Decimal::from(1_156_463_288_267u64));
    let r = all_traced(out, total);
    let goals = goal_rollups(&r);
    assert_eq!(goals.len(), function.len() + group.len());
    for (id, v) in &function {
        let parent = id.split('/').next().unwrap().to_string();
        assert_eq!(goals[id], (Some(parent), *v), "function {id}");
    }
    for (id, v) in &group {
        assert_eq!(goals[id], (None, *v), "group {id}");
    }
    // The names as written, each byte of code page 850 its own letter.
    let name = |id: &str| r.goals.iter().find(|g| g.id == id).map(|g| g.name.as_str());
    assert_eq!(name("1/1"), Some("Legislación"));
    assert_eq!(name("3/8"), Some("Ciencia, Tecnología e Innovación"));
    let branches = [
        (1, "Poder Legislativo"),
        (2, "Oficina de la Presidencia de la República"),
        (19, "Aportaciones a Seguridad Social"),
        (23, "Provisiones Salariales y Económicas"),
        (24, "Deuda Pública"),
        (25, "Previsiones y Aportaciones para los Sistemas de Educación Básica, Normal, Tecnológica y de Adultos"),
        (30, "Adeudos de Ejercicios Fiscales Anteriores"),
        (34, "Erogaciones para los Programas de Apoyo a Ahorradores y Deudores de la Banca"),
        (44, "Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos Personales"),
    ];
    let expected: BTreeMap<String, Decimal> = branches
        .iter()
        .map(|(code, name)| (name.to_string(), branch[code]))
        .collect();
    assert_eq!(org_unit_totals(&r), expected);

    // Without the rule, the two programmes whose rows name two functions are named.
    let dir = common::repo().join("tests/fixtures/real/mexico-pef-2016");
    let toml = std::fs::read_to_string(dir.join("mapping.toml")).unwrap();
    let without = Mapping::parse(&toml.replace("one_program_per_goal = true", "")).unwrap();
    let table = Table {
        name: "pef2016.csv",
        bytes: &bytes,
    };
    let out = import(&without, &[table]);
    let named: Vec<(Code, &str)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.split(':').next().unwrap()))
        .collect();
    assert_eq!(
        named,
        [
            (Code::E011, "program 19/U/2"),
            (Code::E011, "program 23/N/1")
        ]
    );
}

/// Albania's treasury payments of 2014 as OpenSpending packaged them: the pre-2016
/// `mapping`, two datetime dimensions and no fiscal period, a measure with no phase and
/// `factor: 1`. The package alone leaves the fiscal year open and says so; extended by a
/// TOML that sets the year and reads the payments as spent, per budget institution (org
/// unit) and in total equal to sums of the "Value" column read here.
#[test]
fn albania_treasury_payments_extended_by_a_mapping_equal_the_value_column() {
    let dir = common::repo().join("tests/fixtures/real/albania-treasury-fdp");
    let descriptor = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    let err = Mapping::parse(&descriptor).unwrap_err().to_string();
    assert!(
        err.contains("2 datetime dimensions (date-registered, date-executed)"),
        "{err}"
    );
    let (out, bytes) = import_package("albania-treasury-fdp");

    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut by_institution: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut rows = 0;
    for record in reader.records() {
        let r = record.unwrap();
        rows += 1;
        assert!(r[4].starts_with("2014-") && r[5].starts_with("2014-"));
        *by_institution.entry(r[0].to_string()).or_default() += r[3].parse::<Decimal>().unwrap();
    }
    assert_eq!(rows, 40);
    assert_eq!(out.summary.rows, 40);
    // A factor of one scales nothing.
    assert_eq!(out.summary.tally(Reason::Scaled).rows, 0);
    let plan = Plan::from_data(out.data).unwrap();
    let lines = &plan.data().budget_lines;
    assert!(lines.iter().all(|l| l.year == "2014" && l.amount.is_none()));
    let r = plan.report(&Scope::all(), Phase::Spent);
    common::assert_foots(&r);
    let institutions = org_unit_totals(&r);
    assert_eq!(institutions, by_institution);
    let total: Decimal = by_institution.values().sum();
    assert_eq!(total, Decimal::from(33_299_653));
    assert_eq!(r.traceability.total_amount, total);
    // The package names no function or activity: every payment is named unlinked.
    assert_eq!(r.traceability.leaks.total(), total);
}

/// A publisher's own workbook: Mexico's Ministry of Finance (SHCP) quarterly report of the
/// projects Mexico City pays for with federal funds, column names on row 10 under the
/// report's title. Per project type (goal) and executing institution (org unit), in each
/// of four phases, equal to sums read from the workbook here (calamine, cell by cell).
#[test]
fn mexico_city_workbook_per_type_institution_and_phase_equals_its_cells() {
    use calamine::{Data, Reader};
    const BOOK: &str = "Gasto Federalizado-Proyectos-Ciudad de Mexico_Q1_2016.xlsx";
    let (out, bytes) = import_fixture("mexico-cdmx-projects", BOOK);
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    // The range starts at the first used row (row 3): the header is the 8th row in it.
    let header = &rows[7];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (kind, institution) = (col("Tipo de Proyecto"), col("Institución Ejecutora"));
    let phases = [
        (Phase::Amount, col("Presupuesto")),
        (Phase::Revised, col("Modificado")),
        (Phase::Committed, col("Comprometido")),
        (Phase::Spent, col("Pagado")),
    ];
    type Sums = BTreeMap<String, Decimal>;
    let (mut by_kind, mut by_institution) = (vec![Sums::new(); 4], vec![Sums::new(); 4]);
    let mut with_money = 0;
    for r in &rows[8..] {
        if phases.iter().all(|(_, c)| r[*c].is_empty()) {
            continue; // a project with no amount this quarter: it only defines
        }
        with_money += 1;
        for (k, (_, c)) in phases.iter().enumerate() {
            let v: Decimal = if r[*c].is_empty() {
                Decimal::ZERO
            } else {
                r[*c].parse().unwrap()
            };
            // Cells are read trimmed ("Delegación Tlalpan " is "Delegación Tlalpan");
            // misspelt names stay apart: goldthread does not guess they are one.
            *by_kind[k].entry(r[kind].trim().to_string()).or_default() += v;
            *by_institution[k]
                .entry(r[institution].trim().to_string())
                .or_default() += v;
        }
    }
    assert_eq!(with_money, 470);
    assert_eq!(out.summary.tally(Reason::DefinitionOnly).rows, 30);
    let plan = Plan::from_data(out.data).unwrap();
    for (k, (phase, _)) in phases.iter().enumerate() {
        let r = plan.report(&Scope::all(), *phase);
        common::assert_foots(&r);
        let kinds: Sums = r
            .goals
            .iter()
            .map(|g| (g.id.clone(), g.rolled_up_amount))
            .collect();
        assert_eq!(kinds, by_kind[k], "{phase:?} per project type");
        let institutions: Sums = r
            .traceability
            .by_org_unit
            .iter()
            .map(|b| (b.key.clone().unwrap(), b.total_amount))
            .collect();
        assert_eq!(institutions, by_institution[k], "{phase:?} per institution");
        assert_eq!(r.traceability.leaks.total(), Decimal::ZERO);
    }
}

/// A table that repeats its money: Welsh local authorities' children's social care spend
/// as the Policy Priority Inference prototype joined it to 28 outcome indicators, one row
/// per authority, spend line and indicator. Each (authority, spend line) becomes one line
/// whatever its number of rows; per spend line and authority, equal to the distinct
/// expenditures of the file times a thousand (its unit), and the repeated rows counted
/// with exactly the money they repeat.
#[test]
fn wales_spend_repeated_per_indicator_is_counted_once_and_equals_the_file() {
    let (out, bytes) = import_fixture("wales-ppi", "matrix.csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut lines: BTreeMap<(String, String), (String, String, Decimal)> = BTreeMap::new();
    let mut all_rows = Decimal::ZERO;
    let mut rows = 0;
    for record in reader.records() {
        let r = record.unwrap();
        rows += 1;
        let value = r[4].parse::<Decimal>().unwrap() * Decimal::from(1000);
        all_rows += value;
        let key = (r[1].to_string(), r[3].to_string());
        let line = (r[0].to_string(), r[3].to_string(), value);
        // The file itself repeats each pair's expenditure exactly.
        assert_eq!(lines.entry(key).or_insert(line.clone()), &line);
    }
    assert_eq!((rows, lines.len()), (3655, 110));
    let repeated = out.summary.tally(Reason::RepeatedLine);
    assert_eq!(repeated.rows, rows - lines.len());
    let once: Decimal = lines.values().map(|(_, _, v)| *v).sum();
    let amount = Phase::ALL.iter().position(|p| *p == Phase::Amount).unwrap();
    assert_eq!(repeated.amounts[amount], all_rows - once);

    let plan = Plan::from_data(out.data).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    common::assert_foots(&r);
    assert_eq!(r.traceability.total_amount, once);
    let mut per_program: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut per_authority: BTreeMap<String, Decimal> = BTreeMap::new();
    for (authority, row, value) in lines.values() {
        *per_program.entry(row.clone()).or_default() += value;
        *per_authority.entry(authority.clone()).or_default() += value;
    }
    let programs = program_inflows(&r);
    assert_eq!(programs, per_program);
    let authorities = org_unit_totals(&r);
    assert_eq!(authorities, per_authority);
}

#[test]
fn australian_budget_per_year_and_portfolio_equals_its_cells() {
    let (out, bytes) = import_fixture("au-budget-2015-16", "201505181230budget1516.csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let years = ["2014-15", "2015-16", "2016-17", "2017-18", "2018-19"];
    let mut per_year: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut per_portfolio: BTreeMap<String, Decimal> = BTreeMap::new();
    let (mut nil, mut grouped, mut partial) = (0, 0, 0);
    for record in reader.records() {
        let r = record.unwrap();
        // A row with a figure in some years and none (empty or nil) in others: those
        // years make no line.
        let figure = |k: usize| !matches!(r[7 + k].trim(), "" | "nfp" | "-");
        let figures = (0..years.len()).filter(|&k| figure(k)).count();
        partial += usize::from(figures > 0 && figures < years.len());
        for (k, year) in years.iter().enumerate() {
            let cell = r[7 + k].trim();
            match cell {
                "" => continue,
                "nfp" | "-" => {
                    nil += 1;
                    continue;
                }
                _ => {}
            }
            grouped += usize::from(cell.contains(','));
            let value: Decimal = cell.replace(',', "").parse().unwrap();
            *per_year.entry(year.to_string()).or_default() += value;
            *per_portfolio.entry(r[0].to_string()).or_default() += value;
        }
    }
    // The file as found: nil cells, and thousands written with a comma.
    assert_eq!((nil, grouped), (35, 7));
    assert_eq!(out.summary.tally(Reason::NilCells).rows, 35);
    assert_eq!(partial, 18);
    assert_eq!(out.summary.tally(Reason::YearWithoutAmount).rows, partial);
    let plan = Plan::from_data(out.data).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    common::assert_foots(&r);
    let total: Decimal = per_year.values().sum();
    assert_eq!(total.to_string(), "2373662743.283130");
    assert_eq!(r.traceability.total_amount, total);
    let by = |rows: &[goldthread::Breakdown]| -> BTreeMap<String, Decimal> {
        rows.iter()
            .filter(|b| !b.total_amount.is_zero())
            .map(|b| (b.key.clone().unwrap(), b.total_amount))
            .collect()
    };
    assert_eq!(by(&r.traceability.by_year), per_year);
    per_portfolio.retain(|_, v| !v.is_zero());
    assert_eq!(by(&r.traceability.by_org_unit), per_portfolio);
    // Every outcome is a goal of its own: all the money reaches one.
    assert_eq!(r.traceability.traced_amount, total);
}

/// The EU's cohesion allocations per member state and fund, imported, written as the plan's
/// CSV tables and read back from them (`report --tables`): every country's, every fund's
/// and every code's total equals the sums of the file's rows, the Total rows left out and
/// counted.
#[test]
fn eu_allocations_per_member_state_and_fund_equal_the_rows_through_the_tables() {
    let (out, bytes) = import_fixture(
        "eu-allocations-2014-2020",
        "Total_EU_Allocations_per_MS_for_2014-2020.csv",
    );
    // The sums, from the file.
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let (mut per_country, mut per_fund) = (BTreeMap::new(), BTreeMap::new());
    let (mut published, mut zero) = (BTreeMap::new(), 0);
    for record in reader.records() {
        let r = record.unwrap();
        let amount: Decimal = r[2].parse().unwrap();
        if &r[1] == "Total (€)" {
            published.insert(r[0].to_string(), amount);
            continue;
        }
        zero += usize::from(amount.is_zero());
        *per_country.entry(r[0].to_string()).or_insert(Decimal::ZERO) += amount;
        if !amount.is_zero() {
            *per_fund.entry(r[1].to_string()).or_insert(Decimal::ZERO) += amount;
        }
    }
    let total: Decimal = per_country.values().sum();
    assert_eq!(total.to_string(), "349692900000");
    // The Total rows, left out by `where_not`, with their own rounding.
    let left_out = out.summary.tally(Reason::FilteredOut);
    assert_eq!(left_out.rows, 28);
    let published_total: Decimal = published.values().sum();
    assert_eq!(left_out.amounts[1], published_total);
    assert_eq!(published_total - total, Decimal::from(300_000));
    assert_eq!(out.summary.tally(Reason::ZeroInEveryPhase).rows, zero);
    // Through the tables, as `export --to csv` writes them and `report --tables` reads them.
    let files: Vec<(String, Vec<u8>)> = goldthread::tables::write(&out.data)
        .unwrap()
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.into_bytes()))
        .collect();
    let (data, diagnostics) = goldthread::tables::read(&files);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let plan = Plan::from_data(data.unwrap()).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    common::assert_foots(&r);
    assert_eq!(r.traceability.total_amount, total);
    let countries = org_unit_totals(&r);
    assert_eq!(countries, per_country);
    let programs = program_inflows(&r);
    assert_eq!(programs, per_fund);
    let region = &r.classifications[0];
    let codes: BTreeMap<String, Decimal> = region
        .codes
        .iter()
        .map(|c| (c.id.clone(), c.amount))
        .collect();
    assert_eq!(codes, per_fund);
    assert!(region.unclassified_amount.is_zero());
    // With the Total rows kept, W112 names each country's whose published total is the sum
    // of its (three or more) funds' rows exactly; the others have their own rounding.
    let dir = common::repo().join("tests/fixtures/real/eu-allocations-2014-2020");
    let text = std::fs::read_to_string(dir.join("mapping.toml")).unwrap();
    let kept = Mapping::parse(&text.replace("[where_not]\nFund = \"Total (€)\"\n", "")).unwrap();
    let name = "Total_EU_Allocations_per_MS_for_2014-2020.csv";
    let out = import(
        &kept,
        &[Table {
            name,
            bytes: &bytes,
        }],
    );
    let plan = Plan::from_data(out.data).unwrap();
    let named: Vec<String> = (plan.warnings().iter())
        .filter(|w| w.code == Code::W112)
        .map(|w| {
            let line = plan
                .data()
                .budget_lines
                .iter()
                .find(|l| Some(l.id.as_str()) == w.entity.as_deref());
            line.and_then(|l| l.org_unit.clone()).unwrap().to_string()
        })
        .collect();
    let mut funds: BTreeMap<String, usize> = BTreeMap::new();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    for record in reader.records() {
        let r = record.unwrap();
        let nonzero = !r[2].parse::<Decimal>().unwrap().is_zero();
        *funds.entry(r[0].to_string()).or_default() += usize::from(nonzero && &r[1] != "Total (€)");
    }
    let exact: Vec<String> = (published.iter())
        .filter(|(c, total)| per_country.get(*c) == Some(total) && funds[*c] >= 3)
        .map(|(c, _)| c.clone())
        .collect();
    assert_eq!(named.len(), 15);
    let mut sorted = named.clone();
    sorted.sort();
    assert_eq!(sorted, exact);
}

/// The US Federal Program Inventory's obligations (approved) and outlays (spent) per
/// assistance listing and fiscal year, through a four-line mapping: every year's total, in
/// both phases, and every program's, equals the file's sums; its negative rows
/// (de-obligations, refunds) are kept and each is warned of once.
#[test]
fn us_program_obligations_and_outlays_per_year_and_program_equal_the_file() {
    let (out, bytes) = import_fixture("us-fpi-outlays", "program_outlays_usaspending.csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut per_year: BTreeMap<(String, Phase), Decimal> = BTreeMap::new();
    let mut per_program: BTreeMap<String, Decimal> = BTreeMap::new();
    let (mut rows, mut negative) = (0, 0);
    for record in reader.records() {
        let r = record.unwrap();
        let (outlay, obligation): (Decimal, Decimal) =
            (r[2].parse().unwrap(), r[3].parse().unwrap());
        rows += 1;
        negative += usize::from(outlay < Decimal::ZERO || obligation < Decimal::ZERO);
        *per_year
            .entry((r[1].to_string(), Phase::Amount))
            .or_default() += obligation;
        *per_year
            .entry((r[1].to_string(), Phase::Spent))
            .or_default() += outlay;
        *per_program.entry(r[0].to_string()).or_default() += obligation;
    }
    assert_eq!((rows, negative, per_program.len()), (7440, 125, 2480));
    assert_eq!(out.summary.rows, rows);
    let plan = Plan::from_data(out.data).unwrap();
    assert_eq!(plan.data().programs.len(), 2480);
    assert_eq!(negative_lines_warned(&plan), negative);
    for ((year, phase), want) in &per_year {
        let r = plan.report(&Scope::all().years([year.as_str()]), *phase);
        common::assert_foots(&r);
        assert_eq!(r.traceability.total_amount, *want, "{year} {phase:?}");
        // No program names a goal: all of it is a leak, none traced.
        assert_eq!(
            r.traceability.leaks.program_unlinked, *want,
            "{year} {phase:?}"
        );
        assert_eq!(r.traceability.traced_amount, Decimal::ZERO);
    }
    let r = plan.report(&Scope::all(), Phase::Amount);
    let total: Decimal = per_program.values().sum();
    assert_eq!(total.to_string(), "8374624328789.56");
    assert_eq!(r.traceability.total_amount, total);
    let got = program_inflows(&r);
    assert_eq!(got, per_program);
}

/// The 2020 FPI pilot: a program listed once per policy category, with each category's
/// obligations for two years in two columns. Under `one_program_per_goal` every row's money
/// goes to its own category exactly; each year's total, every category's and every
/// agency's equal the file's sums (computed here from the file with `Decimal`), and the
/// lines moved to sub-programs are counted with their amount. Without the rule, each of
/// the 80 programs listed under several categories is named (E011), and nothing is guessed.
#[test]
fn us_pilot_obligations_per_category_and_agency_equal_the_file() {
    let table = "fpi-pilot-2020-obligations.csv";
    let (out, bytes) = import_fixture("us-fpi-pilot", table);
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(!bad);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let years = ["2019", "2020"];
    let mut per_year: BTreeMap<&str, Decimal> = BTreeMap::new();
    let mut per_category: BTreeMap<(&str, String), Decimal> = BTreeMap::new();
    let mut per_agency: BTreeMap<(&str, String), Decimal> = BTreeMap::new();
    let mut categories: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut rows = Vec::new();
    for record in reader.records() {
        let r = record.unwrap();
        let (program, agency, category) = (r[0].to_string(), r[1].to_string(), r[3].to_string());
        let amounts: [Decimal; 2] = [r[4].parse().unwrap(), r[5].parse().unwrap()];
        for (year, amount) in years.iter().zip(amounts) {
            *per_year.entry(year).or_default() += amount;
            *per_category.entry((year, category.clone())).or_default() += amount;
            *per_agency.entry((year, agency.clone())).or_default() += amount;
        }
        categories
            .entry(program.clone())
            .or_default()
            .insert(category);
        rows.push((program, amounts));
    }
    assert_eq!((rows.len(), categories.len()), (819, 711));
    assert_eq!(per_year["2019"].to_string(), "137935976");
    assert_eq!(per_year["2020"].to_string(), "156370720");
    // The programs listed under several categories, and their rows' money: what went to
    // sub-programs.
    let split: Vec<_> = rows
        .iter()
        .filter(|(p, _)| categories[p].len() > 1)
        .collect();
    let moved: Decimal = split.iter().flat_map(|(_, a)| a).sum();
    let tally = out.summary.tally(Reason::SplitByGoal);
    assert_eq!((tally.rows, tally.amounts[1]), (2 * split.len(), moved));
    assert_eq!((split.len(), moved.to_string().as_str()), (188, "55397316"));
    assert_eq!(out.summary.rows, 819);
    let plan = Plan::from_data(out.data).unwrap();
    let data = plan.data();
    assert_eq!(
        (
            data.budget_lines.len(),
            data.goals.len(),
            data.programs.len()
        ),
        (1638, 12, 819)
    );
    for year in years {
        let r = plan.report(&Scope::all().years([year]), Phase::Amount);
        common::assert_foots(&r);
        assert_eq!(r.traceability.total_amount, per_year[year], "{year}");
        assert_eq!(r.traceability.traced_amount, per_year[year], "{year}");
        let got: BTreeMap<String, Decimal> = r
            .goals
            .iter()
            .map(|g| (g.id.clone(), g.rolled_up_amount))
            .collect();
        let want: BTreeMap<String, Decimal> = per_category
            .iter()
            .filter(|((y, _), _)| *y == year)
            .map(|((_, c), a)| (c.clone(), *a))
            .collect();
        assert_eq!(got, want, "{year}");
        let got = org_unit_totals(&r);
        let want: BTreeMap<String, Decimal> = per_agency
            .iter()
            .filter(|((y, _), _)| *y == year)
            .map(|((_, a), v)| (a.clone(), *v))
            .collect();
        assert_eq!((got.len(), &got), (34, &want), "{year}");
    }
    // Without the rule: one E011 per program listed under several categories, each
    // saying how to go on.
    let dir = common::repo().join("tests/fixtures/real/us-fpi-pilot");
    let text = std::fs::read_to_string(dir.join("mapping.toml")).unwrap();
    let mapping = Mapping::parse(&text.replace("one_program_per_goal = true", "")).unwrap();
    let out = import(
        &mapping,
        &[Table {
            name: table,
            bytes: &bytes,
        }],
    );
    assert_eq!(out.diagnostics.len(), 80);
    assert!(out
        .diagnostics
        .iter()
        .all(|d| d.code == Code::E011 && d.message.contains("set one_program_per_goal = true")));
}
