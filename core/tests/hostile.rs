//! Input from anyone (issue 16): what goldthread writes stays safe wherever it lands, and
//! nothing in a file makes it echo more than a line's worth of it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use goldthread::{Phase, Plan, Scope};

const EVIL: &str = r#"{"format":"goldthread/1","name":"=cmd|' /C calc'!A0","precision":0,
    "goals":[{"id":"G","name":"@SUM(1+1)*cmd|' /C calc'!A0"}],
    "programs":[{"id":"+P","name":"-2+3","goals":[{"goal":"G"}]}],
    "budget_lines":[{"id":"L\u001b[31m","name":"\tx","year":"1","amount":"-5","funds":[{"program":"+P"}]}]}"#;

#[test]
fn exported_tables_never_start_a_cell_with_a_formula_and_read_back_the_same() {
    let plan = Plan::from_json(EVIL).unwrap();
    let tables = goldthread::tables::write(plan.data()).unwrap();
    for (file, text) in &tables {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-') && cell.parse::<rust_decimal::Decimal>().is_err());
                assert!(!formula, "{file}: {cell:?}");
            }
        }
    }
    assert!(
        tables.iter().any(|(_, t)| t.contains(",-5,")),
        "a negative number stays a number"
    );
    let files: Vec<(String, Vec<u8>)> = tables
        .into_iter()
        .map(|(f, t)| (f.to_string(), t.into_bytes()))
        .collect();
    let (data, diags) = goldthread::tables::read(&files);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        &data.unwrap(),
        plan.data(),
        "the plan round-trips through its tables"
    );
    // The figures too.
    let report = plan.report(&Scope::all(), Phase::Amount);
    for t in goldthread::export::CsvTable::ALL {
        let csv = goldthread::export::csv_table(&plan, &report, t).unwrap();
        assert!(
            !csv.contains("\n=") && !csv.contains(",=") && !csv.contains(",+P"),
            "{csv}"
        );
    }
}

#[test]
fn text_for_a_terminal_shows_control_characters_instead_of_running_them() {
    let plan = Plan::from_json(EVIL).unwrap();
    let report = plan.report(&Scope::all(), Phase::Amount);
    for text in [
        goldthread::render::report_text(&report),
        goldthread::render::report_markdown(&report),
        goldthread::render::trace_text(
            &plan
                .trace("L\u{1b}[31m", &Scope::all(), Phase::Amount)
                .unwrap(),
            0,
        ),
    ] {
        assert!(!text.contains('\u{1b}') && !text.contains('\t'), "{text:?}");
        assert!(text.contains("\\u{1b}") || text.contains("x"), "{text:?}");
    }
    // A diagnostic naming a hostile id, as `goldthread check` prints it.
    let err = Plan::from_json(
        "{\"format\":\"goldthread/1\",\"name\":\"p\",\"budget_lines\":[{\"id\":\"L\\u001b[2J\\u202e\",\"year\":\"1\",\"amount\":\"x\"}]}",
    )
    .unwrap_err();
    let shown = err.diagnostics[0].to_string();
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{202e}'),
        "{shown:?}"
    );
    assert!(shown.contains("\\u{1b}[2J\\u{202e}"), "{shown}");
}

#[test]
fn a_huge_cell_is_not_echoed_and_numbers_follow_one_rule() {
    use goldthread::amount::parse_decimal;
    let huge = "9".repeat(1_000_000);
    let err = parse_decimal(&huge).unwrap_err().to_string();
    assert!(err.len() < 200, "{} bytes", err.len());
    assert!(err.contains("(1000000 bytes)"), "{err}");
    let m = goldthread::import::Mapping::parse(
        "[plan]\nname = \"t\"\n[columns]\nprogram_id = \"P\"\namount = \"A\"\n[constants]\nyear = \"1\"\n",
    )
    .unwrap();
    let csv = format!("P,A\nX,{}\n", "x".repeat(1_000_000));
    let out = goldthread::import::import(
        &m,
        &[goldthread::import::Table {
            name: "t.csv",
            bytes: csv.as_bytes(),
        }],
    );
    assert!(
        out.diagnostics[0].message.len() < 300,
        "{}",
        out.diagnostics[0].message.len()
    );
    // Exponents: read exactly where a decimal holds the value, named otherwise.
    assert_eq!(parse_decimal("1e5").unwrap().to_string(), "100000");
    assert_eq!(parse_decimal("1.5e-3").unwrap().to_string(), "0.0015");
    let fine = parse_decimal("1e-30").unwrap_err().to_string();
    assert!(fine.contains("decimal places"), "{fine}");
    let share = parse_decimal(&format!("0.{}", "3".repeat(31)))
        .unwrap_err()
        .to_string();
    assert!(share.contains("decimal places"), "{share}");
    assert!(parse_decimal("1e30")
        .unwrap_err()
        .to_string()
        .contains("out of range"));
}

#[test]
fn a_file_or_device_of_zero_bytes_is_named_from_its_first_bytes() {
    let dir = std::env::temp_dir().join(format!("goldthread-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zeros = dir.join("zeros.json");
    std::fs::write(&zeros, vec![0u8; 4 << 20]).unwrap();
    for path in [zeros.as_path(), std::path::Path::new("/dev/zero")] {
        if !path.exists() {
            continue; // no /dev/zero on this system
        }
        let err = Plan::from_path(path).unwrap_err().to_string();
        assert!(
            err.contains("starts with byte 0x00"),
            "{}: {err}",
            path.display()
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The hostile corpus (`tests/fixtures/hostile/cases.json`, read by the Python and
/// JavaScript tests too): each file gets exactly its errors, each message short.
#[test]
fn the_hostile_corpus_gets_exactly_its_errors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile");
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("cases.json")).unwrap()).unwrap();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let errors: Vec<_> = goldthread::check(&bytes)
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        let expected = case["errors"].as_array().unwrap();
        assert_eq!(errors.len(), expected.len(), "{file}: {errors:?}");
        for (d, want) in errors.iter().zip(expected) {
            assert_eq!(d.code.as_str(), want[0].as_str().unwrap(), "{file}: {d}");
            assert_eq!(d.path.as_deref(), want[1].as_str(), "{file}: {d}");
            assert!(d.message.contains(want[2].as_str().unwrap()), "{file}: {d}");
            assert!(d.message.len() < 400, "{file}: {} bytes", d.message.len());
        }
    }
}

/// `check` and, where the plan loads, its report on `text`.
fn check_and_report(text: &str) {
    let _ = goldthread::check(text.as_bytes());
    if let Ok(plan) = Plan::from_json(text) {
        let _ = plan.report(&Scope::all(), Phase::Amount);
    }
}

/// How many times longer `big` takes than `small`: the best of five runs of each, taken in
/// turn, so that a burst of other work on the machine slows both alike or neither. The
/// timed tests take turns too (the other tests of this file may run beside them).
fn ratio(small: impl Fn(), big: impl Fn()) -> f64 {
    static TIMED: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _alone = TIMED.lock().unwrap_or_else(|e| e.into_inner());
    let time = |f: &dyn Fn()| {
        let start = std::time::Instant::now();
        f();
        start.elapsed().as_secs_f64()
    };
    let (mut s, mut b) = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        s = s.min(time(&small));
        b = b.min(time(&big));
    }
    b / s
}

const ONE_GOAL: &str = r#""format":"goldthread/1","name":"m","goals":[{"id":"G","name":"g"}],"programs":[{"id":"P","name":"p","goals":[{"goal":"G"}]}]"#;

/// Work stays linear in the input on what was quadratic (a list of non-objects, many
/// repeated diagnostics) or flooded (many ids): four times the input takes about four
/// times as long, far from the sixteen a quadratic step would take. A ratio, not a time:
/// what the machine does meanwhile cancels out, and the bound leaves room for it.
#[test]
fn work_is_linear_in_the_input() {
    let zeros = |n: usize| {
        format!(
            r#"{{"format":"goldthread/1","name":"z","goals":[],"budget_lines":[{}]}}"#,
            vec!["0"; n].join(",")
        )
    };
    let ids = |n: usize| {
        let goals: Vec<String> = (0..n)
            .map(|g| format!(r#"{{"id":"{}{g}","name":"g"}}"#, "x".repeat(80)))
            .collect();
        format!(
            r#"{{"format":"goldthread/1","name":"i","goals":[{}],"budget_lines":[]}}"#,
            goals.join(",")
        )
    };
    // Fields a plan does not have, each named: at the top level, and in one budget line.
    let keys = |n: usize| (0..n).map(|i| format!(r#""k{i}":0"#)).collect::<Vec<_>>();
    let top_keys = |n: usize| format!(r#"{{{ONE_GOAL},{},"budget_lines":[]}}"#, keys(n).join(","));
    let line_keys = |n: usize| {
        format!(
            r#"{{{ONE_GOAL},"budget_lines":[{{"id":"L","year":"1","amount":"1","funds":[{{"program":"P"}}],{}}}]}}"#,
            keys(n).join(",")
        )
    };
    // As many org units as lines, each reported in its own row, in the plan's order.
    let units = |n: usize| {
        let units: Vec<String> = (0..n)
            .map(|u| format!(r#"{{"id":"U{u}","name":"u"}}"#))
            .collect();
        let lines: Vec<String> = (0..n)
            .map(|l| format!(r#"{{"id":"L{l}","year":"1","amount":"1","org_unit":"U{l}","funds":[{{"program":"P"}}]}}"#))
            .collect();
        format!(
            r#"{{{ONE_GOAL},"org_units":[{}],"budget_lines":[{}]}}"#,
            units.join(","),
            lines.join(",")
        )
    };
    for (what, make) in [
        ("non-object items", &zeros as &dyn Fn(usize) -> String),
        ("long ids", &ids),
        ("unknown top-level fields", &top_keys),
        ("unknown fields of a line", &line_keys),
        ("org units each with a line", &units),
    ] {
        let (small, big) = (make(25_000), make(100_000));
        let ratio = ratio(|| check_and_report(&small), || check_and_report(&big));
        assert!(
            ratio < 8.0,
            "{what}: 4x the input took {ratio:.1}x the time"
        );
    }
}

/// A scenario of many edits that name ids (here one amount set on every line) is linear
/// in its edits and the plan, not their product: each edit found its line by a pass over
/// the plan (20,000 edits on 20,000 lines: 16x the time of 5,000 on 5,000).
#[test]
fn a_long_scenario_is_linear_in_its_edits() {
    let scenario = |n: usize| {
        let plan = Plan::from_data(goldthread::synth::plan(n, 1)).unwrap();
        let edits = plan
            .data()
            .budget_lines
            .iter()
            .map(|l| goldthread::Edit::SetAmount {
                line: l.id.to_string(),
                phase: None,
                amount: "7".into(),
            })
            .collect();
        (plan, goldthread::Scenario::of(edits))
    };
    let (small, big) = (scenario(5_000), scenario(20_000));
    let apply = |(plan, scenario): &(Plan, goldthread::Scenario)| {
        let applied = plan.apply(scenario).unwrap();
        assert_eq!(applied.outcomes.len(), scenario.edits.len());
    };
    let ratio = ratio(|| apply(&small), || apply(&big));
    assert!(
        ratio < 8.0,
        "4x the edits and lines took {ratio:.1}x the time"
    );
}

/// Tables are held to the limits plan files are (SPEC §8): a table over `max_file_bytes`,
/// a cell over `max_id_bytes` (ids, years) or `max_text_bytes` (any other cell), tables
/// that make more than `max_entities` entities: each E008 with the table, row and column,
/// the cell's text not quoted.
#[test]
fn tables_are_held_to_the_limits() {
    use goldthread::import::{import_with, Mapping, Table};
    use goldthread::LoadOptions;
    let m = Mapping::parse(
        "[plan]\nname = \"t\"\n[columns]\nprogram_id = \"P\"\nline_name = \"N\"\namount = \"A\"\n[constants]\nyear = \"1\"\n",
    )
    .unwrap();
    let limits = LoadOptions {
        max_id_bytes: 8,
        max_text_bytes: 16,
        max_entities: 40,
        ..LoadOptions::default()
    };
    let errors = |csv: &str, limits: &LoadOptions| {
        let imported = import_with(
            &m,
            &[Table {
                name: "t.csv",
                bytes: csv.as_bytes(),
            }],
            limits,
        );
        imported
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect::<Vec<_>>()
    };
    assert!(errors("P,N,A\nP1,short name,5\n", &limits).is_empty());
    let e = errors(&format!("P,N,A\nP1,a,5\n{},a,5\n", "p".repeat(9)), &limits);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].line, e[0].column), (Some(3), Some(1)));
    assert!(
        e[0].message.contains(
            "t.csv row 3, column \"p\": the cell is 9 bytes; at most 8 are allowed (max_id_bytes)"
        ),
        "{}",
        e[0]
    );
    let e = errors(&format!("P,N,A\nP1,{},5\n", "n".repeat(100_000)), &limits);
    assert!(
        e[0].message
            .contains("the cell is 100000 bytes; at most 16 are allowed (max_text_bytes)"),
        "{}",
        e[0]
    );
    assert!(
        !e[0].message.contains("nnnnnnnnnnnnnnnnn"),
        "the cell is not quoted"
    );
    let rows: String = (0..100).map(|i| format!("P{i},n,1\n")).collect();
    let e = errors(&format!("P,N,A\n{rows}"), &limits);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].message
            .contains("more than 40 entities (max_entities); no more rows are read"),
        "{}",
        e[0]
    );
    let small = LoadOptions {
        max_file_bytes: 10,
        ..LoadOptions::default()
    };
    let e = errors("P,N,A\nP1,a,5\n", &small);
    assert!(
        e[0].message
            .contains("t.csv is 13 bytes; a table may be at most 10 bytes (max_file_bytes)"),
        "{}",
        e[0]
    );
}

/// A table of a million bad rows does not hold a million messages: imports and plan
/// tables list at most 1,000 of each code and count the rest, as plan files do.
#[test]
fn tables_list_at_most_a_thousand_diagnostics_of_a_code() {
    let rows: String = (0..5_000).map(|i| format!("P{i},not a number\n")).collect();
    let m = goldthread::import::Mapping::parse(
        "[plan]\nname = \"t\"\n[columns]\nprogram_id = \"P\"\namount = \"A\"\n[constants]\nyear = \"1\"\n",
    )
    .unwrap();
    let csv = format!("P,A\n{rows}");
    let out = goldthread::import::import(
        &m,
        &[goldthread::import::Table {
            name: "t.csv",
            bytes: csv.as_bytes(),
        }],
    );
    assert_eq!(out.diagnostics.len(), 1_001);
    let last = out.diagnostics.last().unwrap();
    assert!(last.message.starts_with("4000 more E007"), "{last}");
    let lines = format!(
        "id,year,amount\n{}",
        rows.replace("P", "L").replace(",not", ",1,not")
    );
    let files = vec![
        ("plan.csv".to_string(), b"name\nt\n".to_vec()),
        ("budget_lines.csv".to_string(), lines.into_bytes()),
    ];
    let (_, diags) = goldthread::tables::read(&files);
    assert_eq!(diags.len(), 1_001);
    assert!(
        diags[1_000].message.starts_with("4000 more E007"),
        "{}",
        diags[1_000]
    );
}

/// A quote left open swallows the rows after it into one cell: the cell's problem says so.
#[test]
fn a_quote_left_open_is_named() {
    let m = goldthread::import::Mapping::parse(
        "[plan]\nname = \"t\"\n[columns]\nprogram_id = \"P\"\namount = \"A\"\n[constants]\nyear = \"1\"\n",
    )
    .unwrap();
    let csv = "P,A\nX,\"100\nY,200\nZ,300\n";
    let out = goldthread::import::import(
        &m,
        &[goldthread::import::Table {
            name: "t.csv",
            bytes: csv.as_bytes(),
        }],
    );
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    let message = &out.diagnostics[0].message;
    assert!(
        message.contains("row 2") && message.contains("never closed"),
        "{message}"
    );
}

/// A list of broken entities (the reader names an error in each) keeps as many for the
/// later checks as diagnostics of a code are listed; the rest are named by the reader,
/// counted in one closing diagnostic, and not kept — in every list, whichever reader
/// (the scan, or the stream reader a top-level key with an escape sends it to).
#[test]
fn broken_entities_past_the_limit_are_named_not_kept() {
    let options = goldthread::LoadOptions {
        max_diagnostics_per_code: 2,
        ..Default::default()
    };
    for lines in ["budget_lines", "budget\\u005flines"] {
        // Five lines whose amount is no number, two of them with one id; then a sound line
        // with a link to no program.
        let text = format!(
            r#"{{"format":"goldthread/1","name":"m","goals":[{{"id":"G","name":"g"}},{{}},{{}},{{}}],
            "programs":[{{"id":"P","name":"p","goals":[{{"goal":"G"}}]}}],
            "{lines}":[{{"id":"a","year":"1","amount":"x"}},{{"id":"b","year":"1","amount":"x"}},
                {{"id":"a","year":"1","amount":"x"}},{{"id":"c","year":"1","amount":"x"}},
                {{"id":"c","year":"1","amount":"x"}},
                {{"id":"ok","year":"1","amount":"1","funds":[{{"program":"Q"}}]}}]}}"#
        );
        let diags = goldthread::check_with(text.as_bytes(), &options);
        let said: Vec<String> = diags.iter().map(ToString::to_string).collect();
        let note = |list: &str, n: usize, first: usize| {
            said.iter().any(|d| {
                d.contains(&format!("at /{list}: more than 2 items of `{list}`"))
                    && d.contains(&format!("the {n} items from /{list}/{first} on"))
            })
        };
        assert!(note("budget_lines", 4, 2), "{lines}: {said:#?}");
        assert!(note("goals", 1, 3), "{lines}: {said:#?}");
        // The reader names the problems of every line: two listed, three counted.
        assert!(
            said.iter().any(|d| d.contains("3 more E007")),
            "{lines}: {said:#?}"
        );
        // The lists are not whole: no id is called repeated or unknown, no link is
        // followed (the sound line's link to Q is not named).
        assert!(
            !said
                .iter()
                .any(|d| d.contains("E001") || d.contains("E002")),
            "{lines}: {said:#?}"
        );
    }
}

/// A report sums the lines by year and org unit: the groups the plan has, never a table of
/// every year against every org unit (5,000 years by 40,000 units asked 74 GB of it, and the
/// process aborted).
#[test]
fn a_report_holds_the_groups_a_plan_has_not_every_pair() {
    let lines: Vec<String> = (0..40_000)
        .map(|l| {
            format!(
                r#"{{"id":"L{l}","year":"{}","amount":"2","spent":"1","org_unit":"U{l}","funds":[{{"program":"P"}}]}}"#,
                1000 + l % 5_000
            )
        })
        .collect();
    let text = format!(r#"{{{ONE_GOAL},"budget_lines":[{}]}}"#, lines.join(","));
    let report = Plan::from_json(&text)
        .unwrap()
        .report(&Scope::all(), Phase::Amount);
    assert_eq!(report.balance.len(), 40_000);
    let first = &report.balance[0];
    assert_eq!(
        (first.year.as_str(), first.org_unit.as_deref()),
        ("1000", Some("U0"))
    );
    assert_eq!(first.expenditure, rust_decimal::Decimal::from(2));
}

/// A hierarchy of goals, org units or classification codes has at most `max_depth` levels
/// (32): what a goal reaches includes its ancestors, so a chain of 40,000 goals took 11 s
/// and gigabytes to check. The first item too deep is named at its parent; the limit can be
/// raised.
#[test]
fn hierarchies_are_at_most_max_depth_deep() {
    let chain = |n: usize, list: &str, extra: &str| {
        let items: Vec<String> = (0..n)
            .map(|i| match i {
                0 => format!(r#"{{"id":"A0","name":"a"{extra}}}"#),
                _ => format!(r#"{{"id":"A{i}","name":"a","parent":"A{}"{extra}}}"#, i - 1),
            })
            .collect();
        let items = items.join(",");
        match list {
            "codes" => format!(
                r#"{{{ONE_GOAL},"budget_lines":[],"classifications":[{{"id":"C","name":"c","kind":"share","codes":[{items}],"tags":[]}}]}}"#
            ),
            _ => format!(
                r#"{{"format":"goldthread/1","name":"m","{list}":[{items}],"budget_lines":[]}}"#
            ),
        }
    };
    for (list, at) in [
        ("goals", "/goals/32/parent"),
        ("org_units", "/org_units/32/parent"),
        ("codes", "/classifications/0/codes/32/parent"),
    ] {
        let deep = goldthread::check(chain(33, list, "").as_bytes());
        let named: Vec<_> = deep
            .iter()
            .filter(|d| d.message.contains("max_depth"))
            .collect();
        assert_eq!(named.len(), 1, "{list}: {deep:?}");
        assert_eq!(named[0].path.as_deref(), Some(at), "{list}");
        assert!(named[0].message.contains("33 levels deep"), "{named:?}");
        let fine = goldthread::check(chain(32, list, "").as_bytes());
        assert!(
            fine.iter().all(|d| !d.message.contains("max_depth")),
            "{list}: {fine:?}"
        );
    }
    // A cycle is still named as a cycle, not as depth.
    let cycle = r#"{"format":"goldthread/1","name":"m","goals":[{"id":"A","name":"a","parent":"B"},{"id":"B","name":"b","parent":"A"}],"budget_lines":[]}"#;
    let diags = goldthread::check(cycle.as_bytes());
    assert!(
        diags.iter().any(|d| d.code == goldthread::Code::E003),
        "{diags:?}"
    );
    assert!(
        diags.iter().all(|d| !d.message.contains("max_depth")),
        "{diags:?}"
    );
    // Raised, the deep chain loads.
    let mut options = goldthread::LoadOptions::default();
    options.set("max_depth", 40).unwrap();
    let text = chain(40, "goals", "");
    assert!(Plan::from_slice_with(text.as_bytes(), &options).is_ok());
}
