//! Tables as governments publish them: each fault found importing real budgets (issue 15)
//! as a test that failed before its fix — no silent change of money, and ordinary tables
//! (CRLF, semicolons, nil cells, thousands, workbooks) read as they are.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use goldthread::diagnostics::Code;
use goldthread::import::{import, Imported, Mapping, Reason, Table};
use goldthread::{Phase, Plan, Scope};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn run(mapping: &str, name: &str, bytes: &[u8]) -> Imported {
    let m = Mapping::parse(mapping).unwrap();
    import(&m, &[Table { name, bytes }])
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A functional classification column gives the goal: programme P spends 401.9 on
/// function 01 and 3.56 on function 08, on different rows.
const FUNCTIONS: &str = "Programme,Function,Approved\nP,01,250.9\nP,01,151\nP,08,3.56\nQ,08,10\n";

fn functions_mapping(rules: &str) -> String {
    format!(
        "[plan]\nname = \"t\"\n[columns]\nprogram_id = \"Programme\"\ngoal_id = \"Function\"\namount = \"Approved\"\n[constants]\nyear = \"2024\"\n[rules]\n{rules}\n"
    )
}

#[test]
fn a_program_whose_rows_name_two_goals_is_an_error_not_an_equal_split() {
    let out = run(&functions_mapping(""), "b.csv", FUNCTIONS.as_bytes());
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    let e = &out.diagnostics[0];
    assert_eq!(e.code, Code::E011);
    assert_eq!(e.line, Some(2));
    for says in [
        "program P",
        "\"01\" on row(s) 2, 3",
        "\"08\" on row(s) 4",
        "one_program_per_goal",
    ] {
        assert!(e.message.contains(says), "{says}: {}", e.message);
    }
}

#[test]
fn a_wide_row_is_named_once_when_its_program_s_rows_disagree() {
    // Each row makes a line per year; the error names rows, each once.
    let m = "[plan]\nname = \"t\"\n[columns]\nprogram_id = \"Programme\"\ngoal_id = \"Function\"\n[wide.amount]\n2019 = \"FY 2019\"\n2020 = \"FY 2020\"\n";
    let csv = "Programme,Function,FY 2019,FY 2020\nP,01,1,2\nP,08,3,4\nP,01,5,6\n";
    let out = run(m, "b.csv", csv.as_bytes());
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    let e = &out.diagnostics[0].message;
    assert!(e.contains("\"01\" on row(s) 2, 4;"), "{e}");
    assert!(e.contains("\"08\" on row(s) 3)"), "{e}");
}

#[test]
fn one_program_per_goal_gives_each_row_s_money_to_its_goal() {
    let out = run(
        &functions_mapping("one_program_per_goal = true"),
        "b.csv",
        FUNCTIONS.as_bytes(),
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.summary.tally(Reason::SplitByGoal).rows, 3);
    let plan = Plan::from_data(out.data).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    common::assert_foots(&r);
    let goal = |id: &str| {
        r.goals
            .iter()
            .find(|g| g.id == id)
            .unwrap()
            .rolled_up_amount
    };
    assert_eq!(goal("01"), d("401.90"));
    assert_eq!(goal("08"), d("13.56"));
    let ids: Vec<&str> = r.programs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["Q", "P/01", "P/08"]);
}

/// Programme P split by function, its money going through projects.
fn projects_under_a_split_program(rows: &str) -> Imported {
    let m = "[plan]\nname = \"t\"\n[columns]\nprogram_id = \"Programme\"\ngoal_id = \"Function\"\nproject_id = \"Project\"\namount = \"Approved\"\n[constants]\nyear = \"2024\"\n[rules]\none_program_per_goal = true\n";
    let csv = format!("Programme,Function,Project,Approved\n{rows}");
    run(m, "b.csv", csv.as_bytes())
}

#[test]
fn a_project_under_one_goal_of_a_split_program_links_to_its_sub_program() {
    let out = projects_under_a_split_program("P,01,J1,10\nP,08,J2,5\nP,01,J1,2\n");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let links: Vec<(&str, &str)> = out
        .data
        .projects
        .iter()
        .flat_map(|j| {
            j.programs
                .iter()
                .map(|l| (j.id.as_str(), l.program.as_str()))
        })
        .collect();
    assert_eq!(links, [("J1", "P/01"), ("J2", "P/08")]);
}

#[test]
fn a_project_under_two_goals_of_a_split_program_is_named_first_in_project_order() {
    // J2's rows disagree first in the file, J1's after; the first project is named.
    let out = projects_under_a_split_program("P,01,J1,10\nP,01,J2,10\nP,08,J2,10\nP,08,J1,10\n");
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    let e = &out.diagnostics[0];
    assert_eq!(e.code, Code::E011);
    assert_eq!(
        e.message,
        "project J1 has lines under two goals of a program split by goal (P/01 and P/08); map project_id so that each project names one goal"
    );
}

#[test]
fn a_program_split_by_goal_with_rows_naming_no_goal_is_named() {
    let csv = format!("{FUNCTIONS}P,,7\n");
    let out = run(
        &functions_mapping("one_program_per_goal = true"),
        "b.csv",
        csv.as_bytes(),
    );
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(out.diagnostics[0]
        .message
        .contains("program P is split by goal, but some of its rows name no goal"));
}

#[test]
fn lines_listed_once_per_goal_they_serve_keep_the_declared_equal_split() {
    // One program-year listed under each of its two categories: the same money, declared
    // to serve both (the US inventory's form). Not a disagreement.
    let csv =
        "Line,Programme,Function,Approved\nL1,P,01,100\nL1,P,08,100\nL2,P,01,50\nL2,P,08,50\n";
    let m = "[plan]\nname = \"t\"\n[columns]\nline_id = \"Line\"\nprogram_id = \"Programme\"\ngoal_id = \"Function\"\namount = \"Approved\"\n[constants]\nyear = \"1\"\n";
    let out = run(m, "b.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.summary.tally(Reason::RepeatedLine).rows, 2);
    assert_eq!(out.data.budget_lines.len(), 2);
}

#[test]
fn a_parent_named_twice_by_one_line_adds_its_shares() {
    // An aid activity listing one sector at 87 % and again at 13 %.
    let csv = "Activity,Sector,Pct,Budget\nA1,S1,0.87,1000\nA1,S1,0.13,1000\n";
    let m = "[plan]\nname = \"t\"\n[columns]\nline_id = \"Activity\"\nprogram_id = \"Sector\"\nline_share = \"Pct\"\namount = \"Budget\"\n[constants]\nyear = \"1\"\n";
    let out = run(m, "a.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.data.budget_lines[0].funds[0].share, Some(d("1.00")));
    let t = out.summary.tally(Reason::SharesAdded);
    assert_eq!((t.rows, t.amounts[1]), (1, d("1000")));
    let plan = Plan::from_data(out.data).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    assert_eq!(r.programs[0].inflow, d("1000.00"), "no share dropped");
}

const SIMPLE: &str = "[plan]\nname = \"t\"\nprecision = 0\n[columns]\ngoal_id = \"Goal\"\nprogram_id = \"Program\"\namount = \"Approved\"\n[constants]\nyear = \"1\"\n";

#[test]
fn crlf_files_give_the_rows_their_own_numbers() {
    let csv = "Goal,Program,Approved\r\nG,P,1\r\n\r\nG,P,x\r\nG,P,2\r\n";
    let out = run(SIMPLE, "t.csv", csv.as_bytes());
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].line, Some(4), "{}", out.diagnostics[0]);
    let fixed = csv.replace(",x", ",3");
    let out = run(SIMPLE, "t.csv", fixed.as_bytes());
    let ids: Vec<&str> = out
        .data
        .budget_lines
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(ids, ["t-2", "t-4", "t-5"]);
}

#[test]
fn skip_zero_amounts_keeps_rows_with_money_in_any_phase() {
    let csv = "Goal,Program,Approved,Spent\nG,P,0,50\nG,P,0,0\nG,P,0,\nG,P,10,5\n";
    let m = format!("{SIMPLE}\n[rules]\nskip_zero_amounts = true\n").replace(
        "amount = \"Approved\"",
        "amount = \"Approved\"\nspent = \"Spent\"",
    );
    let out = run(&m, "t.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.data.budget_lines.len(), 2);
    let spent: Decimal = out.data.budget_lines.iter().filter_map(|l| l.spent).sum();
    assert_eq!(spent, d("55"));
    assert_eq!(out.summary.tally(Reason::ZeroInEveryPhase).rows, 2);
}

#[test]
fn capital_in_any_spelling_is_capital_and_values_map() {
    let csv = "Goal,Program,Kind,Approved\nG,P,Capital,30\nG,P, CAPITAL ,10\nG,P,Investissement,20\nG,P,Current,40\n";
    let m = SIMPLE.replace(
        "amount = \"Approved\"",
        "amount = \"Approved\"\ncategory = \"Kind\"",
    ) + "[values.category]\ncapital = [\"investissement\"]\n";
    let out = run(&m, "t.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let plan = Plan::from_data(out.data).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    assert_eq!(r.balance[0].capital_share, Some(0.6));
}

#[test]
fn where_keeps_one_level_of_a_table_that_repeats_money_at_every_level() {
    // Function, sub-function and programme levels, each holding the same money.
    let csv = "Level,Goal,Program,Approved\n1,G,,100\n2,G.1,,100\n3,G.1,P,60\n3,G.1,Q,40\n";
    let m = format!("{SIMPLE}\n[where]\nLevel = \"3\"\n");
    let out = run(&m, "t.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let t = out.summary.tally(Reason::FilteredOut);
    assert_eq!((t.rows, t.amounts[1]), (2, d("200")));
    let plan = Plan::from_data(out.data).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    assert_eq!(
        r.traceability.total_amount,
        d("100"),
        "counted once, not three times"
    );
}

#[test]
fn a_total_row_is_named_w112_and_where_not_leaves_it_out() {
    // A table that ends with its grand total, under no goal or program.
    let csv = "Goal,Program,Approved\nG,P,60\nG,Q,25\nH,R,10\nH,S,5\n,,100\n";
    let out = run(SIMPLE, "t.csv", csv.as_bytes());
    let plan = Plan::from_data(out.data).unwrap();
    let said: Vec<_> = plan
        .warnings()
        .iter()
        .map(|w| (w.code, w.message.clone()))
        .collect();
    assert!(
        said.contains(&(
            Code::W112,
            "budget line t-6 (100) is the sum of the 4 other expenditure lines of year 1: a \
         table's total row, its money counted twice? Leave it out (from a mapped table, with \
         `[where_not]`)"
                .to_string()
        )),
        "{said:?}"
    );
    assert_eq!(
        plan.report(&Scope::all(), Phase::Amount)
            .traceability
            .total_amount,
        d("200")
    );
    // Left out by its empty goal cell: counted, with its amount, and the total is the table's.
    let m = format!("{SIMPLE}\n[where_not]\nGoal = \"\"\n");
    let out = run(&m, "t.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let t = out.summary.tally(Reason::FilteredOut);
    assert_eq!((t.rows, t.amounts[1]), (1, d("100")));
    let plan = Plan::from_data(out.data).unwrap();
    assert!(plan.warnings().iter().all(|w| w.code != Code::W112));
    assert_eq!(
        plan.report(&Scope::all(), Phase::Amount)
            .traceability
            .total_amount,
        d("100")
    );
    // A `[where_not]` column the table lacks is named, as a `[where]` one is.
    let m = format!("{SIMPLE}\n[where_not]\nLevel = \"1\"\n");
    let out = run(&m, "t.csv", csv.as_bytes());
    assert!(
        out.diagnostics[0]
            .message
            .contains("the `where_not` column \"Level\""),
        "{:?}",
        out.diagnostics
    );
}

#[test]
fn an_empty_amount_cell_names_its_column() {
    let out = run(SIMPLE, "t.csv", b"Goal,Program,Approved\nG,P,\n");
    let e = &out.diagnostics[0];
    assert_eq!((e.code, e.line, e.column), (Code::E007, Some(2), Some(3)));
    assert!(
        e.message.contains("t.csv row 2, column \"approved\""),
        "{}",
        e.message
    );
}

#[test]
fn semicolons_and_tabs_are_read_and_a_wrong_delimiter_is_named() {
    for (csv, delimiter) in [
        ("Goal;Program;Approved\nG;P;1500\n", ""),
        (
            "Goal\tProgram\tApproved\nG\tP\t1500\n",
            "[table]\ndelimiter = \"\\t\"\n",
        ),
    ] {
        let m = format!("{delimiter}{SIMPLE}");
        let out = run(&m, "t.csv", csv.as_bytes());
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert_eq!(out.data.budget_lines[0].amount, Some(d("1500")));
    }
    let m = format!("[table]\ndelimiter = \",\"\n{SIMPLE}");
    let out = run(&m, "t.csv", b"Goal;Program;Approved\nG;P;1\n");
    assert!(
        out.diagnostics[0]
            .message
            .contains("looks separated by ';'"),
        "{}",
        out.diagnostics[0]
    );
}

#[test]
fn nil_cells_are_missing_and_scale_multiplies_exactly() {
    let csv = "Goal,Program,Approved,Spent\nG,P,1.5,nfp\nG,P,2,..\nG,P,0.001,0.001\n";
    let m = SIMPLE.replace(
        "amount = \"Approved\"",
        "amount = \"Approved\"\nspent = \"Spent\"",
    )
        + "[table]\nnull_values = [\"NFP\", \"..\"]\n[scale]\namount = 1000\nspent = \"1000\"\n";
    let out = run(&m, "t.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let amounts: Vec<String> = out
        .data
        .budget_lines
        .iter()
        .map(|l| l.in_phase(Phase::Amount).to_string())
        .collect();
    // Scaled amounts are written at the plan's precision (0 here).
    assert_eq!(amounts, ["1500", "2000", "1"]);
    let spent: Vec<Option<Decimal>> = out.data.budget_lines.iter().map(|l| l.spent).collect();
    assert_eq!(spent, [None, None, Some(d("1"))]);
    assert_eq!(out.summary.tally(Reason::NilCells).rows, 2);
    assert_eq!(out.summary.tally(Reason::Scaled).rows, 3);
    // A factor of one (as packages often state) scales nothing, so nothing is counted.
    let one = SIMPLE.to_string() + "[scale]\namount = 1\n";
    let out = run(&one, "t.csv", b"Goal,Program,Approved\nG,P,2\n");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.summary.tally(Reason::Scaled).rows, 0);
    // A nil approved amount beside a spent one: a line with no approved amount. With no
    // other amount, the row is named.
    let out = run(&m, "t.csv", b"Goal,Program,Approved,Spent\nG,P,nfp,1\n");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.data.budget_lines[0].amount, None);
    assert_eq!(out.data.budget_lines[0].spent, Some(d("1000")));
    let out = run(&m, "t.csv", b"Goal,Program,Approved,Spent\nG,P,nfp,..\n");
    assert!(
        out.diagnostics[0].message.contains("means nil"),
        "{}",
        out.diagnostics[0]
    );
}

#[test]
fn an_executed_only_account_imports_without_approved_amounts() {
    let m = SIMPLE.replace("amount = \"Approved\"", "spent = \"Executed\"");
    let out = run(&m, "t.csv", b"Goal,Program,Executed\nG,P,40\nG,Q,2\n");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let plan = Plan::from_data(out.data).unwrap();
    let spent = plan.report(&Scope::all(), Phase::Spent);
    assert_eq!(spent.traceability.total_amount, d("42"));
    let approved = plan.report(&Scope::all(), Phase::Amount);
    assert_eq!(approved.traceability.total_amount, Decimal::ZERO);
    assert_eq!(approved.traceability.lines_without_phase, 2);
    let text = goldthread::render::report_text(&approved);
    assert!(text.contains("no line gives an approved amount"), "{text}");
}

#[test]
fn a_decimal_comma_reads_continental_numbers_and_checks_their_groups() {
    let m = format!(
        "[table]\ndecimal_mark = \",\"\n{}",
        SIMPLE.replace("precision = 0", "precision = 2")
    );
    let csv = "Goal;Program;Approved\nG;P;1.234,56\nG;P;\"1 234,5\"\nG;P;-7,25\nG;P;12\n";
    let out = run(&m, "t.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let amounts: Vec<Decimal> = out
        .data
        .budget_lines
        .iter()
        .map(|l| l.in_phase(Phase::Amount))
        .collect();
    assert_eq!(amounts, [d("1234.56"), d("1234.5"), d("-7.25"), d("12")]);
    // "1.23,4" has a group of two after the mark: an error, not 123.4 nor 1.234.
    let out = run(&m, "t.csv", b"Goal;Program;Approved\nG;P;1.23,4\n");
    assert_eq!(out.diagnostics[0].code, Code::E007, "{:?}", out.diagnostics);
    // Without the mark, "1.234,56" is refused too: never read as 1.234.
    let out = run(SIMPLE, "t.csv", b"Goal;Program;Approved\nG;P;1.234,56\n");
    assert_eq!(out.diagnostics[0].code, Code::E007);
}

#[test]
fn a_wide_table_makes_one_line_per_row_and_year() {
    let m = "[plan]\nname = \"t\"\nprecision = 0\n[columns]\nline_id = \"Item\"\nprogram_id = \"Program\"\n[wide.amount]\n\"2024\" = \"Budget 2024\"\n\"2025\" = \"Budget 2025\"\n[wide.spent]\n\"2024\" = \"Actual 2024\"\n";
    let csv = "Item,Program,Actual 2024,Budget 2024,Budget 2025\nA,P,90,100,110\nB,P,,5,6\n";
    let out = run(m, "t.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let lines: Vec<(String, String, String, Option<Decimal>)> = out
        .data
        .budget_lines
        .iter()
        .map(|l| {
            (
                l.id.to_string(),
                l.year.to_string(),
                l.in_phase(Phase::Amount).to_string(),
                l.spent,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("A/2024".into(), "2024".into(), "100".into(), Some(d("90"))),
            ("A/2025".into(), "2025".into(), "110".into(), None),
            ("B/2024".into(), "2024".into(), "5".into(), None),
            ("B/2025".into(), "2025".into(), "6".into(), None),
        ]
    );
    // One phase both wide and in one column would count its money once per year.
    let both = m.replace(
        "program_id = \"Program\"",
        "program_id = \"Program\"\nspent = \"Actual 2024\"",
    );
    let out = run(&both, "t.csv", csv.as_bytes());
    assert!(
        out.diagnostics[0].message.contains("[wide.spent]"),
        "{}",
        out.diagnostics[0]
    );
}

#[test]
fn xml_json_and_pdf_are_named_not_read_as_csv() {
    for (bytes, says) in [
        (&b"<?xml version=\"1.0\"?><iati-activities/>"[..], "is XML"),
        (&b"  {\"format\": \"goldthread\"}"[..], "is JSON"),
        (&b"%PDF-1.4"[..], "a PDF"),
        (
            &b"PK\x03\x04not really a workbook"[..],
            "cannot be opened as .xlsx",
        ),
    ] {
        let out = run(SIMPLE, "t.csv", bytes);
        assert!(
            out.diagnostics[0].message.contains(says),
            "{}",
            out.diagnostics[0]
        );
    }
}

/// A workbook stores binary floats: a cell holding 0.1 + 0.2 as computed is read as
/// stored (0.30000000000000004) and refused by name, never rounded to the cent it may have
/// meant (workbook-floats/make_xlsx.py).
#[test]
fn a_float_cell_is_never_rounded_into_money() {
    let xlsx =
        std::fs::read(common::repo().join("tests/fixtures/workbook-floats/floats.xlsx")).unwrap();
    let m = SIMPLE.replace("precision = 0", "precision = 2");
    let out = run(&m, "floats.xlsx", &xlsx);
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    let d = &out.diagnostics[0];
    assert_eq!(d.code, Code::E007);
    let said = d.to_string();
    for names in ["floats.xlsx", "row 3", "column 3", "0.30000000000000004"] {
        assert!(said.contains(names), "{names}: {said}");
    }
    // At a precision that holds it, it is that exact decimal, not 0.3.
    let m = SIMPLE.replace("precision = 0", "precision = 17");
    let out = run(&m, "floats.xlsx", &xlsx);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let amounts: Vec<String> = out
        .data
        .budget_lines
        .iter()
        .map(|l| l.in_phase(Phase::Amount).to_string())
        .collect();
    assert_eq!(amounts, ["1200.25", "0.30000000000000004"]);
}

/// The Commission's major-projects table as a workbook (make_xlsx.py): read natively, the
/// sheet named, it imports to the same plan as the CSV it was made from.
#[test]
fn a_workbook_imports_to_the_same_plan_as_its_csv() {
    let dir = common::repo().join("tests/fixtures/real/eu-major-projects");
    let mapping = std::fs::read_to_string(dir.join("mapping.toml")).unwrap();
    let csv = std::fs::read(dir.join("ESIF_2014-2020_ERDF_CF_Major_Projects.csv")).unwrap();
    let xlsx = std::fs::read(dir.join("major-projects.xlsx")).unwrap();
    let from_csv = run(&mapping, "major.csv", &csv);
    let sheet = format!("[table]\nsheet = \"Major projects\"\n{mapping}");
    let from_xlsx = run(&sheet, "major.xlsx", &xlsx);
    assert!(
        from_xlsx.diagnostics.is_empty(),
        "{:?}",
        from_xlsx.diagnostics
    );
    assert_eq!(from_xlsx.summary, from_csv.summary);
    let ids = |i: &Imported| -> Vec<String> {
        i.data
            .budget_lines
            .iter()
            .map(|l| l.id.to_string())
            .collect()
    };
    assert_eq!(ids(&from_xlsx), ids(&from_csv));
    let totals = |i: Imported| {
        let plan = Plan::from_data(i.data).unwrap();
        let r = plan.report(&Scope::all(), Phase::Amount);
        let goals: BTreeMap<String, Decimal> = r
            .goals
            .iter()
            .map(|g| (g.id.clone(), g.rolled_up_amount))
            .collect();
        (r.traceability.total_amount, goals)
    };
    assert_eq!(totals(from_xlsx), totals(from_csv));
    // The first sheet is notes: naming no sheet reads it, and says what is missing.
    let out = run(&mapping, "major.xlsx", &xlsx);
    let says = &out.diagnostics[0].message;
    assert!(says.contains("not in the header row"), "{says}");
    assert!(
        says.contains("this is sheet \"About\" of About, Major projects"),
        "{says}"
    );
    let out = run(
        &format!("[table]\nsheet = \"Budget\"\n{mapping}"),
        "major.xlsx",
        &xlsx,
    );
    assert!(
        out.diagnostics[0]
            .message
            .contains("its sheets are About, Major projects"),
        "{}",
        out.diagnostics[0]
    );
}

#[test]
fn plan_tables_with_crlf_name_the_right_rows() {
    let files = vec![
        (
            "plan.csv".to_string(),
            b"name,precision\r\nt,0\r\n".to_vec(),
        ),
        (
            "budget_lines.csv".to_string(),
            b"id,year,amount\r\nA,1,1\r\n\r\nB,1,12/5\r\n".to_vec(),
        ),
    ];
    let (_, diags) = goldthread::tables::read(&files);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]
            .message
            .starts_with("budget_lines.csv row 4, amount"),
        "{}",
        diags[0]
    );
}

mod random_tables {
    //! Random tables in the forms governments publish (negative amounts, CRLF, a BOM,
    //! semicolons with decimal commas, nil cells, blank rows) import to plans whose
    //! reports foot exactly and equal plain sums over the rows.
    use super::*;
    use proptest::prelude::*;

    /// A row: goal, program, approved and spent in cents (spent `None`: a nil cell).
    fn rows() -> impl Strategy<Value = Vec<(u8, u8, i64, Option<i64>)>> {
        proptest::collection::vec(
            (
                0u8..4,
                0u8..6,
                -50_000i64..5_000_000,
                proptest::option::of(-9_000i64..900_000),
            ),
            1..40,
        )
    }

    /// A cent amount as a table writes it: `-1234.56`, or `-1.234,56` with a decimal
    /// comma.
    fn written(cents: i64, comma: bool) -> String {
        let d = Decimal::new(cents, 2);
        if !comma {
            return d.to_string();
        }
        let (int, frac) = (
            d.trunc().abs().to_string(),
            format!("{:02}", (cents.abs() % 100)),
        );
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(c);
        }
        format!("{}{grouped},{frac}", if cents < 0 { "-" } else { "" })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

        #[test]
        fn random_tables_foot_and_equal_sums_over_their_rows(
            rows in rows(),
            crlf in any::<bool>(),
            bom in any::<bool>(),
            semicolons in any::<bool>(),
            blank_every in 2usize..9,
        ) {
            let (sep, eol) = (if semicolons { ";" } else { "," }, if crlf { "\r\n" } else { "\n" });
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str(&format!("Goal{sep}Program{sep}Approved{sep}Spent{eol}"));
            for (i, (g, p, approved, spent)) in rows.iter().enumerate() {
                if i % blank_every == 1 {
                    text.push_str(eol); // a blank row carries nothing
                }
                let quote = |s: String| if semicolons { s } else { format!("\"{s}\"") };
                let spent = spent.map_or("n/a".to_string(), |s| quote(written(s, semicolons)));
                text.push_str(&format!(
                    "G{g}{sep}P{g}.{p}{sep}{}{sep}{spent}{eol}",
                    quote(written(*approved, semicolons))
                ));
            }
            let mapping = format!(
                "[plan]\nname = \"r\"\nprecision = 2\n[table]\nnull_values = [\"n/a\"]\n{}[columns]\ngoal_id = \"Goal\"\nprogram_id = \"Program\"\namount = \"Approved\"\nspent = \"Spent\"\n[constants]\nyear = \"1\"\n",
                if semicolons { "decimal_mark = \",\"\n" } else { "" }
            );
            let out = run(&mapping, "r.csv", text.as_bytes());
            prop_assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
            prop_assert_eq!(out.summary.rows, rows.len());
            let nil = rows.iter().filter(|r| r.3.is_none()).count();
            prop_assert_eq!(out.summary.tally(Reason::NilCells).rows, nil);
            let plan = Plan::from_data(out.data).unwrap();
            for (phase, pick) in [(Phase::Amount, 0), (Phase::Spent, 1)] {
                let r = plan.report(&Scope::all(), phase);
                common::assert_foots(&r);
                let mut by_goal: BTreeMap<String, Decimal> = BTreeMap::new();
                for (g, _, approved, spent) in &rows {
                    let cents = if pick == 0 { *approved } else { spent.unwrap_or(0) };
                    *by_goal.entry(format!("G{g}")).or_default() += Decimal::new(cents, 2);
                }
                let got: BTreeMap<String, Decimal> =
                    r.goals.iter().map(|g| (g.id.clone(), g.rolled_up_amount)).collect();
                prop_assert_eq!(got, by_goal);
            }
        }
    }
}

#[test]
fn plan_tables_never_drop_a_repeated_line_s_other_amount() {
    let read = |lines: &str| {
        let files = vec![
            ("plan.csv".to_string(), b"name,precision\nt,0\n".to_vec()),
            ("budget_lines.csv".to_string(), lines.as_bytes().to_vec()),
            ("programs.csv".to_string(), b"id,name\nP,p\nQ,q\n".to_vec()),
        ];
        goldthread::tables::read(&files)
    };
    // One row per link, fields repeated or left empty: one line with two links.
    let (data, diags) = read("id,year,amount,program\nL,1,10,P\nL,1,10,Q\nL,,,\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(data.unwrap().budget_lines[0].funds.len(), 2);
    // Another amount under the same id is another line's money: an error, not dropped.
    let (_, diags) = read("id,year,amount,program\nL,1,10,P\nL,1,12,Q\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].code, diags[0].line), (Code::E001, Some(3)));
    assert!(diags[0].message.contains("another amount"), "{}", diags[0]);
}

#[test]
fn cr_only_files_and_same_named_tables_never_merge_rows() {
    // Old Mac line ends: each row is its own line, numbered as an editor shows it.
    let out = run(
        SIMPLE,
        "t.csv",
        b"Goal,Program,Approved\rG,P,1\rG,P,2\rG,P,x\r",
    );
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].line, Some(4), "{}", out.diagnostics[0]);
    let out = run(SIMPLE, "t.csv", b"Goal,Program,Approved\rG,P,1\rG,P,2\r");
    let ids: Vec<&str> = out
        .data
        .budget_lines
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(ids, ["t-2", "t-3"]);
    // y2024/budget.csv and y2025/budget.csv would make the same line ids.
    let m = Mapping::parse(SIMPLE).unwrap();
    let csv = b"Goal,Program,Approved\nG,P,1\n";
    let out = import(
        &m,
        &[
            Table {
                name: "y2024/budget.csv",
                bytes: csv,
            },
            Table {
                name: "y2025/budget.csv",
                bytes: csv,
            },
        ],
    );
    assert_eq!(out.diagnostics.len(), 1);
    assert!(
        out.diagnostics[0]
            .message
            .contains("have the same file name"),
        "{}",
        out.diagnostics[0]
    );
    assert!(out.data.budget_lines.is_empty());
}
