//! The import's unit tests: mappings over small tables, worked by hand.
use super::*;
use crate::{Phase, Plan, Scope};

fn mapping(extra: &str) -> Mapping {
    Mapping::parse(&format!(
        r#"
        [plan]
        name = "t"
        precision = 0
        {extra}
        [columns]
        goal_id = "Goal"
        program_id = "Program"
        org_unit = "Unit"
        amount = "Approved"
        [constants]
        year = "1398"
        "#
    ))
    .unwrap()
}

fn run(m: &Mapping, csv: &[u8]) -> Imported {
    import(
        m,
        &[Table {
            name: "t.csv",
            bytes: csv,
        }],
    )
}

#[test]
fn a_column_classifies_each_line_and_the_codes_foot_to_the_table() {
    let m = mapping(
        r#"[classifications.fn]
        name = "Functions"
        column = "Function"
        code_name = "Function name""#,
    );
    let csv = "Goal,Program,Unit,Approved,Function,Function name
               G1,P1,HQ,100,04,Economic affairs
               G1,P1,HQ,50,07,Health
               G1,P2,D1,30,04,Economic affairs
               G1,P2,D1,20,,
";
    let out = run(&m, csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let class = &out.data.classifications[0];
    let codes: Vec<(&str, Option<&str>)> = class
        .codes
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [("04", Some("Economic affairs")), ("07", Some("Health"))]
    );
    assert_eq!(
        class.tags.len(),
        3,
        "the row without a code is unclassified"
    );
    let plan = Plan::from_data(out.data).unwrap();
    let report = plan.report(&Scope::all(), Phase::Amount);
    let c = &report.classifications[0];
    let amount = |id: &str| c.codes.iter().find(|x| x.id == id).unwrap().amount;
    // Summed from the table above: function 04 = 100 + 30, 07 = 50, none = 20.
    assert_eq!(
        (amount("04"), amount("07")),
        (Decimal::from(130), Decimal::from(50))
    );
    assert_eq!(c.unclassified_amount, Decimal::from(20));
}

#[test]
fn rows_of_one_line_must_name_one_code() {
    let m = Mapping::parse(
        r#"
        [plan]
        name = "t"
        precision = 0
        [classifications.fn]
        name = "Functions"
        column = "Function"
        [columns]
        line_id = "Line"
        program_id = "Program"
        amount = "Approved"
        [constants]
        year = "1398"
        "#,
    )
    .unwrap();
    let csv = "Line,Program,Approved,Function
L,P1,10,04
L,P2,10,07
";
    let out = run(&m, csv.as_bytes());
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E011"], "{:?}", out.diagnostics);
    assert!(out.diagnostics[0].message.contains("\"04\""));
    // A column the table lacks is named like any other.
    let out = run(&m, b"Line,Program,Approved\nL,P1,10\n");
    assert!(
        out.diagnostics[0]
            .message
            .contains("classification fn's code column \"Function\""),
        "{:?}",
        out.diagnostics
    );
}

#[test]
fn messy_headers_bom_digits_and_blank_rows() {
    let csv =
        "\u{feff}  goal ,PROGRAM,  Unit,approved \nG1,P1,HQ,\"1,000\"\n\n,,,\nG1,P2,D1,۲۵/۰۰۰\n";
    let out = run(&mapping(""), csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.summary.rows, 2);
    assert_eq!(out.data.budget_lines[1].amount, Some(Decimal::from(25_000)));
    assert_eq!(out.data.budget_lines[1].id, "t-5");
    assert_eq!(out.data.goals.len(), 1);
    assert_eq!(out.data.programs.len(), 2);
}

#[test]
fn every_problem_names_file_row_and_column() {
    let csv = "Goal,Program,Unit,Approved\nG1,P1,HQ,12/5\nG1,P1,HQ,\nG1,P1,HQ,-4.5\n";
    let out = run(&mapping(""), csv.as_bytes());
    let found: Vec<(Code, Option<usize>, Option<usize>)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect();
    assert_eq!(
        found,
        vec![
            (Code::E007, Some(2), Some(4)),
            (Code::E007, Some(3), Some(4)),
            (Code::E007, Some(4), Some(4))
        ]
    );
    assert!(out.diagnostics[0]
        .message
        .contains("t.csv row 2, column \"approved\""));
    assert_eq!(
        out.data.budget_lines.len(),
        0,
        "no row with a bad amount becomes a line"
    );
}

#[test]
fn missing_columns_and_encodings_are_errors_not_guesses() {
    let out = run(&mapping(""), b"Goal,Program,Approved\nG,P,1\n");
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0]
        .message
        .contains("\"Unit\" is not in the header row"));
    let latin = b"Goal,Program,Unit,Approved\nG,Caf\xe9,HQ,1\n";
    let out = run(&mapping(""), latin);
    assert!(out.diagnostics[0].message.contains("windows-1252"));
    let out = run(&mapping("encoding = \"windows-1252\""), latin);
    assert!(out.diagnostics.is_empty());
    assert_eq!(out.data.programs[0].id, "Café");
}

#[test]
fn no_goal_values_leak() {
    let m = Mapping::parse(
        r#"[plan]
        name = "t"
        precision = 0
        [columns]
        goal_id = "TO"
        program_id = ["CCI", "TO"]
        amount = "Total"
        [constants]
        year = "2014-2020"
        [rules]
        no_goal_values = ["TA"]"#,
    )
    .unwrap();
    let out = run(&m, b"CCI,TO,Total\nA,01,100\nA,TA,7\nB,02,50\n");
    assert!(out.diagnostics.is_empty());
    let plan = Plan::from_data(out.data).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    assert_eq!(r.traceability.traced_amount, Decimal::from(150));
    assert_eq!(r.traceability.leaks.program_unlinked, Decimal::from(7));
    assert_eq!(r.programs[1].id, "A/TA");
}

#[test]
fn rows_of_one_line_add_links_and_definition_rows_build_the_tree() {
    let m = Mapping::parse(
        r#"[plan]
        name = "t"
        precision = 0
        [columns]
        line_id = "Line"
        goal_id = "Goal"
        goal_parent_id = "Parent"
        program_id = "Program"
        amount = "Amount"
        [constants]
        year = "1"
        [rules]
        definition_rows_without_amount = true"#,
    )
    .unwrap();
    let csv = "Line,Goal,Parent,Program,Amount\n,G,,,\n,G.1,G,,\n,G.2,G,,\nL1,G.1,,P,90\nL2,G.2,,P,90\nL2,G.2,,Q,90\nL3,G.1,,R,5\nL3,G.1,,R,6\n";
    let out = run(&m, csv.as_bytes());
    assert_eq!(out.summary.tally(Reason::DefinitionOnly).rows, 3);
    assert_eq!(out.data.budget_lines.len(), 3);
    assert_eq!(out.data.budget_lines[1].funds.len(), 2, "L2 funds P and Q");
    assert_eq!(out.data.goals[1].parent.as_deref(), Some("G"));
    assert_eq!(out.diagnostics.len(), 1, "L3's rows disagree");
    assert_eq!(out.diagnostics[0].line, Some(9));
}

#[test]
fn a_row_whose_only_amount_means_nil_defines_under_the_rule_or_is_named_with_it() {
    // Excel's accounting format writes a zero as "-" (Mexico's federal budget has 141 such
    // rows): declared nil, such a row holds no money.
    let csv = "Goal,Program,Unit,Approved\nG1,P1,HQ,100\nG2,P2,HQ,-\nG1,P3,HQ,7\n";
    let out = run(&mapping("[table]\nnull_values = [\"-\"]"), csv.as_bytes());
    let said: Vec<_> = out
        .diagnostics
        .iter()
        .map(|d| (d.line, &d.message))
        .collect();
    assert_eq!(
        said,
        [(
            Some(3),
            &"t.csv row 3, column \"approved\": the amount cell means nil (null_values), and the row gives no other amount; set definition_rows_without_amount = true under [rules] if such rows only define goals and programs (a nil amount is no money)".to_string()
        )]
    );
    let rule = "[table]\nnull_values = [\"-\"]\n[rules]\ndefinition_rows_without_amount = true";
    let out = run(&mapping(rule), csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.summary.tally(Reason::DefinitionOnly).rows, 1);
    assert_eq!(out.summary.tally(Reason::NilCells).rows, 1);
    let programs: Vec<_> = out.data.programs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(programs, ["P1", "P2", "P3"], "the nil row still defines P2");
    let amounts: Vec<_> = out.data.budget_lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [Some(Decimal::from(100)), Some(Decimal::from(7))]);
}

#[test]
fn fiscal_data_packages_map_or_say_why_not() {
    let dp = |measures: &str| {
        format!(
            r#"{{"name":"x","resources":[{{"path":"b.csv"}}],"model":{{"measures":{measures},
               "dimensions":{{"d":{{"dimensionType":"datetime","primaryKey":"y","attributes":{{"y":{{"source":"Year"}}}}}}}}}}}}"#
        )
    };
    let m = Mapping::parse(&dp(r#"{"a":{"source":"Amount","currency":"EUR"}}"#)).unwrap();
    assert_eq!(m.columns.amount, Some(ColumnRef::One("Amount".into())));
    assert_eq!(
        m.plan.name, "x",
        "named by the package's name where it has no title"
    );
    let untitled = dp(r#"{"a":{"source":"Amount"}}"#).replacen(
        r#""name":"x","#,
        r#""name":"x","title":" ","#,
        1,
    );
    assert_eq!(
        Mapping::parse(&untitled).unwrap().plan.name,
        "x",
        "an empty title names nothing"
    );
    assert_eq!(m.columns.year, Some(ColumnRef::One("Year".into())));
    assert_eq!(m.resources, vec!["b.csv".to_string()]);
    let m = Mapping::parse(&dp(r#"{"a":{"source":"A","factor":1000}}"#)).unwrap();
    assert_eq!(
        m.scale.amount.unwrap().value().unwrap(),
        Decimal::from(1000)
    );
    // An extension that reads the measure as another phase moves it, with its factor;
    // a phase it sets from another column leaves the package's measure where it is.
    let package = dp(r#"{"a":{"source":"A","factor":1000}}"#);
    let moved = "datapackage = \"d.json\"\n[columns]\nspent = \"A\"\n";
    let m = Mapping::extend(moved, &package).unwrap();
    assert_eq!(m.columns.amount, None);
    assert_eq!(m.columns.spent, Some(ColumnRef::One("A".into())));
    assert_eq!(m.scale.amount, None);
    assert_eq!(m.scale.spent.unwrap().value().unwrap(), Decimal::from(1000));
    let added = "datapackage = \"d.json\"\n[columns]\nspent = \"B\"\n";
    let m = Mapping::extend(added, &package).unwrap();
    assert_eq!(m.columns.amount, Some(ColumnRef::One("A".into())));
    assert_eq!(m.columns.spent, Some(ColumnRef::One("B".into())));
    assert_eq!(m.scale.spent, None);
    for (measures, says) in [
        (r#"{"a":{"source":"A","factor":"ten"}}"#, "factor"),
        (r#"{"a":{"source":"A","factor":0}}"#, "more than zero"),
        (r#"{}"#, "no column holds money"),
        (
            r#"{"a":{"source":"A","currency":"EUR"},"b":{"source":"B","currency":"USD","phase":"executed"}}"#,
            "currencies",
        ),
        // One measure per year (Australia's portfolio budget statements): what to write.
        (
            r#"{"2014-15":{"source":"2014-15"},"2015-16":{"source":"2015-16"}}"#,
            "two measures share the phase of measure 2015-16: write a mapping TOML of its own, not one that extends the package, that maps the measure to keep to its phase (spent = \"…\"), or, for one measure per year, names each year's column under [wide.amount]",
        ),
    ] {
        let err = Mapping::parse(&dp(measures)).unwrap_err().to_string();
        assert!(err.contains(says), "{err}");
    }
    // An executed-only package: its measure is the spent phase.
    let m = Mapping::parse(&dp(r#"{"a":{"source":"A","phase":"executed"}}"#)).unwrap();
    assert_eq!(m.columns.spent, Some(ColumnRef::One("A".into())));
}

#[test]
fn every_fiscal_data_package_form_in_use() {
    // The pre-2016 `mapping`, a stated fiscal period, a two-level functional
    // classification and a two-level activity (as the OpenSpending packages write them).
    let old = r#"{"name":"x","fiscalPeriod":{"start":"2014-01-01","end":"2015-01-01"},
        "resources":[{"path":"b.csv"}],
        "mapping":{"measures":{"amount":{"source":"Budget","currency":"MKD","phase":"executed"}},
          "dimensions":{
            "date":{"dimensionType":"datetime","primaryKey":["date"],"attributes":{"date":{"source":"Published"}}},
            "category":{"dimensionType":"classification","classificationType":"functional",
              "primaryKey":["item","cat"],
              "attributes":{"cat":{"source":"Cat"},"cat-title":{"source":"Cat name","labelfor":"cat"},
                            "item":{"source":"Item","parent":"cat"},"item-title":{"source":"Item name","labelfor":"item"}}},
            "activity":{"dimensionType":"activity","primaryKey":["prog","sub"],
              "attributes":{"prog":{"source":"Prog"},"sub":{"source":"Sub","parent":"prog"}}}}}}"#;
    let m = Mapping::parse(old).unwrap();
    assert_eq!(
        m.constants.year.as_deref(),
        Some("2014"),
        "the fiscal period, not the date of publication"
    );
    assert_eq!(m.columns.year, None);
    assert_eq!(m.columns.spent, Some(ColumnRef::One("Budget".into())));
    assert_eq!(m.columns.goal_id, Some(ColumnRef::One("Item".into())));
    assert_eq!(
        m.columns.goal_name,
        Some(ColumnRef::One("Item name".into()))
    );
    assert_eq!(m.columns.goal_parent_id, Some(ColumnRef::One("Cat".into())));
    assert_eq!(
        m.columns.goal_parent_name,
        Some(ColumnRef::One("Cat name".into()))
    );
    assert_eq!(
        m.columns.program_id,
        Some(ColumnRef::Many(vec!["Prog".into(), "Sub".into()]))
    );
    assert!(m.rules.one_program_per_goal);
    // Two dates and no period: which is the fiscal year is not guessed.
    let two = old
        .replace(r#""fiscalPeriod":{"start":"2014-01-01","end":"2015-01-01"},"#, "")
        .replace(
            r#""date":{"#,
            r#""paid":{"dimensionType":"datetime","primaryKey":"p","attributes":{"p":{"source":"Paid"}}},"date":{"#,
        );
    let err = Mapping::parse(&two).unwrap_err().to_string();
    assert!(err.contains("2 datetime dimensions (paid, date)"), "{err}");
    // The question is answered the way it says: an extension that sets the year.
    let answered = "datapackage = \"datapackage.json\"\n[constants]\nyear = \"2014\"\n";
    let m = Mapping::extend(answered, &two).unwrap();
    assert_eq!(m.constants.year.as_deref(), Some("2014"));
    let unanswered = "datapackage = \"datapackage.json\"\n";
    let err = Mapping::extend(unanswered, &two).unwrap_err().to_string();
    assert!(err.contains("2 datetime dimensions (paid, date)"), "{err}");
    // A resource outside the package's folder is refused before any file is read.
    for path in [
        "/etc/passwd",
        "../../secret.csv",
        "data/../../x.csv",
        "C:\\x.csv",
        "https://example.org/b.csv",
    ] {
        let escaping = old.replace(r#""path":"b.csv""#, &format!("\"path\":{path:?}"));
        let err = Mapping::parse(&escaping).unwrap_err().to_string();
        assert!(err.contains("leaves the package's folder"), "{path}: {err}");
    }
    // A plain data package is named as such, not met with "unknown field".
    let plain = r#"{"name":"x","resources":[{"path":"b.csv"}]}"#;
    let err = Mapping::parse(plain).unwrap_err().to_string();
    assert!(err.contains("not a Fiscal Data Package"), "{err}");
}

#[test]
fn mapping_errors_are_diagnostics() {
    assert!(Mapping::parse("[plan]\nname = \"x\"\n[columns]\nnot_a_field = \"A\"").is_err());
    assert!(
        Mapping::parse("{\"plan\": {\"name\": \"x\"}, \"columns\": {\"amount\": \"A\"}}").is_ok()
    );
}

/// A package's classification dimensions that are neither the goals, the org units nor
/// the categories classify the lines (SPEC §10): a programme structure, a second
/// functional classification. Each code's amount is the plain sum of its rows.
#[test]
fn a_packages_other_classifications_classify_the_lines() {
    let dp = r#"{"name":"x","title":"Budget","resources":[{"path":"b.csv"}],"model":{
      "measures":{"a":{"source":"Approved","currency":"EUR"}},
      "dimensions":{
        "year":{"dimensionType":"datetime","primaryKey":"y","attributes":{"y":{"source":"Year"}}},
        "function":{"dimensionType":"classification","classificationType":"functional","primaryKey":"code",
          "attributes":{"code":{"source":"Function"}}},
        "cofog":{"dimensionType":"classification","classificationType":"functional","title":"COFOG",
          "primaryKey":"code","attributes":{"code":{"source":"COFOG"},"label":{"source":"COFOG name","labelfor":"code"}}},
        "programme":{"dimensionType":"classification","classificationType":"programmatic","primaryKey":["p"],
          "attributes":{"p":{"source":"Programme"}}},
        "activity":{"dimensionType":"activity","primaryKey":"id","attributes":{"id":{"source":"Project"}}}}}}"#;
    let m = Mapping::parse(dp).unwrap();
    assert_eq!(m.columns.goal_id, Some(ColumnRef::One("Function".into())));
    let keys: Vec<&str> = m.classifications.keys().map(String::as_str).collect();
    assert_eq!(keys, ["cofog", "programme"]);
    assert_eq!(m.classifications["cofog"].name, "COFOG");
    assert_eq!(
        m.classifications["cofog"].code_name,
        Some(ColumnRef::One("COFOG name".into()))
    );
    let csv = b"Year,Function,COFOG,COFOG name,Programme,Project,Approved\n\
        2025,F1,05,Environment,PR-A,J1,100\n\
        2025,F1,05,Environment,PR-A,J2,50\n\
        2025,F2,04,Economic affairs,PR-B,J3,30\n\
        2025,F2,04,Economic affairs,PR-A,J4,7\n";
    let imported = run(&m, csv);
    assert!(
        imported.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        imported.diagnostics
    );
    let plan = Plan::from_data(imported.data).unwrap();
    let r = plan.report(&Scope::all(), Phase::Amount);
    let amounts = |id: &str| -> Vec<(String, Decimal)> {
        let c = r.classifications.iter().find(|c| c.id == id).unwrap();
        c.codes.iter().map(|x| (x.id.clone(), x.amount)).collect()
    };
    assert_eq!(
        amounts("cofog"),
        [
            ("05".into(), Decimal::from(150)),
            ("04".into(), Decimal::from(30 + 7))
        ]
    );
    assert_eq!(
        amounts("programme"),
        [
            ("PR-A".into(), Decimal::from(157)),
            ("PR-B".into(), Decimal::from(30))
        ]
    );
}

/// A mapping with lines of their own ids and the classifications in `classes`.
fn marker_mapping(classes: &str) -> Result<Mapping, MappingError> {
    Mapping::parse(&format!(
        r#"
        [plan]
        name = "t"
        precision = 0
        [columns]
        line_id = "Line"
        program_id = "Program"
        amount = "Approved"
        [constants]
        year = "1398"
        {classes}
        "#
    ))
}

#[test]
fn marker_weights_come_from_a_column_and_weigh_the_money() {
    // The EU form: a code per row and its coefficient; the Rio form: a column per marker,
    // its 0/1/2 significance mapped to weights.
    let m = marker_mapping(
        r#"[classifications.eu]
        name = "Climate coefficients"
        kind = "marker"
        column = "Field"
        weight = "Coefficient"
        [classifications.rio]
        name = "Rio markers"
        kind = "marker"
        weight_columns = { mitigation = "Mitigation", adaptation = "Adaptation" }
        weights = { "0" = "0", "1" = "0.4", "2" = "1" }"#,
    )
    .unwrap();
    let csv = "Line,Program,Approved,Field,Coefficient,Mitigation,Adaptation
L1,P,1000,033,40%,2,1
L2,P,500,087,1,,2
L3,P,333,012,0,0,
L4,P,250,,,,
L1,P,1000,033,0.4,2,1
";
    let out = run(&m, csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let rio = &out.data.classifications[1];
    assert_eq!(rio.kind, ClassificationKind::Marker);
    let weights: Vec<(&str, &str, String)> = rio
        .tags
        .iter()
        .map(|t| match &t.target {
            TagTarget::Line(l) => (l.as_str(), t.code.as_str(), t.weight.unwrap().to_string()),
            _ => unreachable!(),
        })
        .collect();
    // Rows of one line give its tags once; an empty cell is no tag, a "0" a weight of 0.
    assert_eq!(
        weights,
        [
            ("L1", "adaptation", "0.4".to_string()),
            ("L1", "mitigation", "1".to_string()),
            ("L2", "adaptation", "1".to_string()),
            ("L3", "mitigation", "0".to_string()),
        ]
    );
    let plan = Plan::from_data(out.data).unwrap();
    let report = plan.report(&Scope::all(), Phase::Amount);
    let amount = |c: usize, id: &str| {
        let class = &report.classifications[c];
        class.codes.iter().find(|x| x.id == id).unwrap().amount
    };
    // By hand from the table: 40 % of 1000, 100 % of 500, 0 % of 333; L4 is unmarked.
    assert_eq!(amount(0, "033"), Decimal::from(400));
    assert_eq!(amount(0, "087"), Decimal::from(500));
    assert_eq!(amount(0, "012"), Decimal::ZERO);
    assert_eq!(
        report.classifications[0].any_amount,
        Some(Decimal::from(900))
    );
    assert_eq!(
        report.classifications[0].unclassified_amount,
        Decimal::from(250)
    );
    // Rio: mitigation 1 × 1000 + 0 × 333; adaptation 0.4 × 1000 + 1 × 500; any counts
    // each unit once at its largest weight: 1000 + 500.
    assert_eq!(amount(1, "mitigation"), Decimal::from(1000));
    assert_eq!(amount(1, "adaptation"), Decimal::from(900));
    assert_eq!(
        report.classifications[1].any_amount,
        Some(Decimal::from(1500))
    );
    assert_eq!(
        report.classifications[1].unclassified_amount,
        Decimal::from(250)
    );
}

#[test]
fn a_weight_that_cannot_be_read_is_named_never_guessed() {
    let m = marker_mapping(
        r#"[classifications.eu]
        name = "Climate"
        kind = "marker"
        column = "Field"
        weight = "Coefficient""#,
    )
    .unwrap();
    let csv = "Line,Program,Approved,Field,Coefficient
L1,P,10,033,40
L2,P,10,033,
L3,P,10,033,high
L4,P,10,033,0.4
L4,P,10,033,1
";
    let out = run(&m, csv.as_bytes());
    let said: Vec<(&str, Option<usize>, Option<usize>)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        said,
        [
            ("E012", Some(2), Some(5)),
            ("E012", Some(3), Some(5)),
            ("E012", Some(4), Some(5)),
            ("E011", Some(6), Some(4)),
        ],
        "{:?}",
        out.diagnostics
    );
    let messages: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(messages[0].contains("\"40\" is outside [0, 1]") && messages[0].contains("40%"));
    assert!(messages[1].contains("the cell is empty"));
    assert!(messages[2].contains("\"high\" is not a weight"));
    assert!(messages[3].contains("the same codes and weights"));
    // A value the mapping's weights do not know.
    let m = marker_mapping(
        r#"[classifications.rio]
        name = "Rio"
        kind = "marker"
        weight_columns = { mitigation = "Mitigation" }
        weights = { "0" = "0", "1" = "0.4", "2" = "1" }"#,
    )
    .unwrap();
    let out = run(&m, b"Line,Program,Approved,Mitigation\nL1,P,10,3\n");
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(out.diagnostics[0]
        .message
        .contains("\"3\" is none of the mapping's weights (0, 1, 2)"));
}

#[test]
fn a_mapping_that_mixes_the_kinds_says_what_to_write() {
    for (classes, said) in [
        (
            "name = \"F\"\ncolumn = \"Field\"\nweight = \"W\"",
            "weight, weight_columns and weights are for markers",
        ),
        (
            "name = \"F\"\nkind = \"marker\"\ncolumn = \"Field\"",
            "name the column of each row's weight",
        ),
        (
            "name = \"F\"\nkind = \"marker\"\ncolumn = \"Field\"\nweight = \"W\"\nweight_columns = { a = \"A\" }",
            "not both",
        ),
        (
            "name = \"F\"\nkind = \"marker\"\nweight_columns = { a = \"A\" }\nweights = { \"2\" = \"2\" }",
            "\"2\" = \"2\": 2 is outside [0, 1]",
        ),
        ("name = \"F\"", "name the column of its codes"),
    ] {
        let m = marker_mapping(&format!("[classifications.c]\n{classes}")).unwrap();
        let out = run(&m, b"Line,Program,Approved,Field,W,A\nL1,P,10,x,1,1\n");
        assert_eq!(out.diagnostics.len(), 1, "{classes}: {:?}", out.diagnostics);
        let d = &out.diagnostics[0];
        assert!(d.message.starts_with("classification c: ") && d.message.contains(said), "{d:?}");
        assert_eq!(out.summary.rows, 0, "nothing is read under a mapping that contradicts itself");
    }
    let e = marker_mapping("[classifications.c]\nname = \"F\"\nkind = \"markers\"\ncolumn = \"F\"");
    assert!(e
        .unwrap_err()
        .to_string()
        .contains("expected `share` or `marker`"));
}

/// A mapping of a table of programmes (`Programme`, `Title`, `Approved`) of 2015, with
/// `columns` (the amount's among them) after its own under `[columns]`, and any sections
/// after them.
fn programmes(columns: &str) -> Mapping {
    Mapping::parse(&format!(
        "[plan]\nname = \"t\"\nprecision = 0\n[constants]\nyear = \"2015\"\n[columns]\nprogram_id = \"Programme\"\nprogram_name = \"Title\"\n{columns}\n"
    ))
    .unwrap()
}

/// A programme code whose leading digits are its policy's and its area's (Spain's local
/// budgets: programme 91100, policy 91, area 9) gives the goals from the one column.
#[test]
fn goals_from_a_codes_first_characters() {
    let m = programmes(
        r#"amount = "Approved"
        goal_id = { column = "Programme", first = 2 }
        goal_parent_id = { column = "Programme", first = 1 }"#,
    );
    let csv = "Programme,Title,Approved\n91100,Council,100\n91200,Mayor,50\n13201,Police,30\n\" 13202 \",Traffic,20\n";
    let out = run(&m, csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let goals: Vec<(&str, Option<&str>)> = out
        .data
        .goals
        .iter()
        .map(|g| (g.id.as_str(), g.parent.as_deref()))
        .collect();
    assert_eq!(
        goals,
        [
            ("9", None),
            ("91", Some("9")),
            ("1", None),
            ("13", Some("1"))
        ]
    );
    let programs: Vec<(&str, &str)> = out
        .data
        .programs
        .iter()
        .map(|p| (p.id.as_str(), p.goals[0].goal.as_str()))
        .collect();
    assert_eq!(
        programs,
        [
            ("91100", "91"),
            ("91200", "91"),
            ("13201", "13"),
            ("13202", "13")
        ]
    );
    let plan = Plan::from_data(out.data).unwrap();
    let report = plan.report(&Scope::default(), Phase::Amount);
    assert_eq!(report.traceability.traced_amount, Decimal::from(200));
    let traced = |id: &str| {
        report
            .goals
            .iter()
            .find(|g| g.id == id)
            .map(|g| (g.direct_amount, g.rolled_up_amount))
    };
    assert_eq!(traced("91"), Some((Decimal::from(150), Decimal::from(150))));
    assert_eq!(traced("9"), Some((Decimal::ZERO, Decimal::from(150))));
    assert_eq!(traced("1"), Some((Decimal::ZERO, Decimal::from(50))));
}

/// Names the rows do not give come from `[names]`; a row's own name wins, an id named
/// nowhere is its own name, and a name for an id no row makes is not used.
#[test]
fn names_from_the_mapping_where_the_rows_give_none() {
    let m = programmes(
        r#"amount = "Approved"
        goal_id = { column = "Programme", first = 1 }
        [names.goal]
        "9" = "General services"
        "7" = "Never met"
        [names.program]
        "91100" = "Not used: the row names it"
        "91200" = "The mayor's office"
        "#,
    );
    let out = run(
        &m,
        b"Programme,Title,Approved\n91100,Council,100\n91200,,50\n13201,,30\n",
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(
        out.data
            .goals
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str()))
            .collect::<Vec<_>>(),
        [("9", "General services"), ("1", "1")]
    );
    assert_eq!(
        out.data
            .programs
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect::<Vec<_>>(),
        [
            ("91100", "Council"),
            ("91200", "The mayor's office"),
            ("13201", "13201")
        ]
    );
}

/// A cell shorter than the characters read (or with a space among them) is an error at its
/// row, never read whole or cut short; the
/// first characters of an amount, a share or a classification, or of none, are refused
/// before any row is read.
#[test]
fn a_code_shorter_than_its_first_characters_is_an_error() {
    let m = programmes(
        r#"amount = "Approved"
        goal_id = { column = "Programme", first = 2 }"#,
    );
    let out = run(
        &m,
        b"Programme,Title,Approved\n91100,a,100\n9,b,50\n,c,7\n9 100,d,1\n",
    );
    let messages: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "t.csv row 3, column \"programme\": \"9\" gives 1 character(s) before its end or a space, and goal_id reads its first 2 (first = 2 under [columns]): give every row the whole code, or leave such rows out with [where_not]",
            "t.csv row 5, column \"programme\": \"9 100\" gives 1 character(s) before its end or a space, and goal_id reads its first 2 (first = 2 under [columns]): give every row the whole code, or leave such rows out with [where_not]",
        ]
    );
    assert_eq!(out.diagnostics[0].code, Code::E008);
    assert_eq!(
        (out.diagnostics[0].line, out.diagnostics[0].column),
        (Some(3), Some(1))
    );

    for (columns, says) in [
        (
            r#"amount = { column = "Approved", first = 2 }"#,
            "the mapping reads the first 2 characters of amount's cells, which are numbers: map the whole column",
        ),
        (
            r#"amount = "Approved"
            goal_id = { column = "Programme", first = 0 }"#,
            "the mapping reads the first 0 characters of goal_id's cells, which is nothing: give first = 1 or more",
        ),
        (
            r#"amount = "Approved"
            [classifications.fn]
            name = "Functions"
            column = { column = "Programme", first = 2 }"#,
            "classification fn reads the first characters of a column (first): that is for the fields under [columns]; map the whole column",
        ),
    ] {
        let m = programmes(columns);
        let out = run(&m, b"Programme,Title,Approved\n91100,a,100\n");
        let messages: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, [says], "{columns}");
    }
}

/// A program's share of a goal is the program's, repeated on its rows: the same share again
/// (or none again) adds nothing, and another is named at its row, whichever came first.
#[test]
fn a_programs_rows_give_each_goal_one_share() {
    let m = programmes("goal_id = \"Goal\"\nprogram_goal_share = \"Share\"\namount = \"Amount\"");
    let csv = "Programme,Title,Goal,Share,Amount\n\
               P,p,G,,1\nP,p,G,,2\nP,p,H,,3\nP,p,G,,4\nP,p,G,0.5,5\n\
               Q,q,G,0.5,6\nQ,q,G,0.5,7\nQ,q,G,,8\nQ,q,G,0.25,9\n";
    let out = run(&m, csv.as_bytes());
    let said: Vec<(Option<usize>, &str)> = out
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (Some(6), "t.csv row 6, column \"share\": program P was given goal G with share none before, and 0.5 here; the rows of a program must give each goal one share"),
            (Some(9), "t.csv row 9, column \"share\": program Q was given goal G with share 0.5 before, and none here; the rows of a program must give each goal one share"),
            (Some(10), "t.csv row 10, column \"share\": program Q was given goal G with share 0.5 before, and 0.25 here; the rows of a program must give each goal one share"),
        ]
    );
    let links = |p: usize| -> Vec<(&str, Option<String>)> {
        out.data.programs[p]
            .goals
            .iter()
            .map(|l| (l.goal.as_str(), l.share.map(|s| s.to_string())))
            .collect()
    };
    assert_eq!(links(0), [("G", None), ("H", None)]);
    assert_eq!(links(1), [("G", Some("0.5".to_string()))]);
}

/// A direction from a column is read per row, in any case; one from the constants (a Fiscal
/// Data Package's measures give one) is read once and holds for every row. A word that is
/// no direction is named at its row, or, as every row's constant, once at the mapping.
#[test]
fn directions_from_a_column_or_a_constant() {
    let directions = |out: &Imported| -> Vec<Direction> {
        out.data.budget_lines.iter().map(|l| l.direction).collect()
    };
    let said = |out: &Imported| -> Vec<String> {
        out.diagnostics.iter().map(|d| d.message.clone()).collect()
    };
    let m = programmes("amount = \"Amount\"\ndirection = \"Kind\"");
    let csv = "Programme,Title,Kind,Amount\nP,p,Expense,1\nP,p,INCOME,2\nP,p,,3\nP,p,transfer,4\n";
    let out = run(&m, csv.as_bytes());
    assert_eq!(
        said(&out),
        ["t.csv row 5, column \"kind\": direction \"transfer\" is neither expenditure nor revenue"]
    );
    assert_eq!(
        directions(&out),
        [
            Direction::Expenditure,
            Direction::Revenue,
            Direction::Expenditure
        ]
    );
    let constant = |word: &str| {
        let m = Mapping::parse(&format!(
            "[plan]\nname = \"t\"\nprecision = 0\n[constants]\nyear = \"2015\"\ndirection = \"{word}\"\n[columns]\nprogram_id = \"Programme\"\namount = \"Amount\"\n"
        ))
        .unwrap();
        run(&m, b"Programme,Amount\nP,1\nQ,2\n")
    };
    let out = constant("Revenues");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(directions(&out), [Direction::Revenue, Direction::Revenue]);
    // Every row's direction: a word that is none is named once, at the mapping.
    let out = constant("outflow");
    assert_eq!(
        said(&out),
        ["constants.direction \"outflow\" is neither expenditure nor revenue: write expenditure (or expense) or revenue (or income)"]
    );
    assert_eq!(out.diagnostics[0].path.as_deref(), Some("mapping"));
}

/// In a wide table (a column per year), a year whose cells are empty or nil makes no line,
/// counted; the row's other years make theirs. A row with no amount in any year is the
/// definition rule's, or E007, as in a plain table. (Australia's 2015-16 portfolio budget
/// statements leave the forward years of an ending programme empty, and write `nfp`, not
/// for publication, for some figures.)
#[test]
fn a_wide_rows_year_without_amount_makes_no_line_and_is_counted() {
    let m = |rules: &str| {
        programmes(&format!(
            "[wide.amount]\n\"2015\" = \"Y2015\"\n\"2016\" = \"Y2016\"\n\"2017\" = \"Y2017\"\n[table]\nnull_values = [\"nfp\"]\n[rules]\n{rules}"
        ))
    };
    let csv = "Programme,Title,Y2015,Y2016,Y2017\n\
               P1,all three,1,2,3\n\
               P2,ends,10,20,\n\
               P3,hidden,nfp,100,200\n\
               P4,only the last,,,7\n";
    let out = run(&m(""), csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let lines: Vec<(&str, String)> = out
        .data
        .budget_lines
        .iter()
        .map(|l| (l.id.as_str(), l.amount.unwrap_or_default().to_string()))
        .collect();
    assert_eq!(
        lines,
        [
            ("t-2/2015", "1".to_string()),
            ("t-2/2016", "2".into()),
            ("t-2/2017", "3".into()),
            ("t-3/2015", "10".into()),
            ("t-3/2016", "20".into()),
            ("t-4/2016", "100".into()),
            ("t-4/2017", "200".into()),
            ("t-5/2017", "7".into()),
        ]
    );
    assert_eq!(out.summary.tally(Reason::YearWithoutAmount).rows, 3);
    assert_eq!(out.summary.tally(Reason::NilCells).rows, 1);
    assert!(out.summary.to_string().contains(
        "3 row(s) of a wide table gave a year no amount (cells empty or nil): no line for that year"
    ));
    // No amount in any year: E007 at each year's column, or only a definition.
    let empty = "Programme,Title,Y2015,Y2016,Y2017\nP1,p,1,2,3\nP5,none,,nfp,\n";
    let out = run(&m(""), empty.as_bytes());
    let columns: Vec<Option<usize>> = out.diagnostics.iter().map(|d| d.column).collect();
    assert_eq!(
        columns,
        [Some(3), Some(4), Some(5)],
        "{:?}",
        out.diagnostics
    );
    let out = run(
        &m("definition_rows_without_amount = true"),
        empty.as_bytes(),
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.summary.tally(Reason::DefinitionOnly).rows, 1);
    assert_eq!(out.summary.tally(Reason::YearWithoutAmount).rows, 0);
    assert_eq!(out.data.budget_lines.len(), 3);
}

/// An outcome and a programme of the same text (Australia's "Programmes transferred to
/// the Department of Education and Training") would give a goal and a program one id:
/// named once, with the way out, rather than the plan's E001 and an E002 for every line
/// that funds the program.
#[test]
fn a_goal_and_a_program_of_one_id_are_named_once() {
    let m = programmes("goal_id = \"Outcome\"\namount = \"Amount\"");
    let csv = "Outcome,Programme,Title,Amount\nO1,P1,p,1\nMoved,Moved,m,2\nMoved,Moved,m,3\n";
    let out = run(&m, csv.as_bytes());
    let said: Vec<(&str, Code, Option<&str>)> = out
        .diagnostics
        .iter()
        .map(|d| (d.message.as_str(), d.code, d.path.as_deref()))
        .collect();
    assert_eq!(
        said,
        [(
            "t.csv: \"Moved\" is the id of a goal and of a program, and ids are unique across a plan: map one of the two from one more column (a list of columns joins their cells), so that they differ",
            Code::E001,
            Some("t.csv")
        )]
    );
    // With the goal's id from two columns, the two differ and the plan is sound.
    let m = programmes("goal_id = [\"Title\", \"Outcome\"]\namount = \"Amount\"");
    let out = run(&m, csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert!(crate::Plan::from_data(out.data).is_ok());
}
