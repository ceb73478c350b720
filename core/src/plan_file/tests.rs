//! The plan file's readers against each other and against the files of the repository.

use super::line::scan_line;
use super::project::scan_project;
use super::scan::Items;
use super::*;
use crate::model::{BudgetLine, Project};

/// What a plan file gets before it is resolved: the reader's diagnostics, then the rules'.
fn read_and_check(text: &str) -> Vec<Diagnostic> {
    let mut diags = Diags::default();
    if let Some(data) = &read(text.as_bytes(), &mut diags) {
        crate::rules::check(data, &mut diags);
    }
    diags.into_vec()
}

fn codes(text: &str) -> Vec<(Code, Option<String>)> {
    read_and_check(text)
        .into_iter()
        .map(|d| (d.code, d.path))
        .collect()
}

#[test]
fn syntax_errors_give_line_and_column() {
    let (data, diags) = read_listed(b"{\n  \"format\": \"goldthread/1\",\n  oops\n}");
    assert!(data.is_none());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::E008);
    assert_eq!(diags[0].line, Some(3));
    assert!(diags[0].column.is_some());
}

#[test]
fn unknown_and_missing_fields_are_named() {
    let found = codes(r#"{"format":"goldthread/1","name":"p","goals":[{"id":"G","nmae":"typo"}]}"#);
    assert!(found.contains(&(Code::E008, Some("/goals/0/nmae".into()))));
    assert!(found.contains(&(Code::E008, Some("/goals/0/name".into()))));
}

#[test]
fn wrong_format_is_refused() {
    let found = codes(r#"{"format":"goldthread/2","name":"p"}"#);
    assert_eq!(found, vec![(Code::E008, Some("/format".into()))]);
    let found = codes(r#"[1,2]"#);
    assert_eq!(found, vec![(Code::E008, Some("".into()))]);
}

#[test]
fn amounts_are_read_exactly_from_numbers_too() {
    let (data, diags) = read_listed(
        br#"{"format":"goldthread/1","name":"p","precision":2,
            "budget_lines":[{"id":"L","year":1398,"amount":0.1},
                            {"id":"M","year":"1398","amount":12345678901234567.89}]}"#,
    );
    assert!(diags.is_empty(), "{diags:?}");
    let data = data.unwrap();
    assert_eq!(
        data.budget_lines[0]
            .in_phase(crate::Phase::Amount)
            .to_string(),
        "0.1"
    );
    assert_eq!(data.budget_lines[0].year, "1398");
    assert_eq!(
        data.budget_lines[1]
            .in_phase(crate::Phase::Amount)
            .to_string(),
        "12345678901234567.89"
    );
}

#[test]
fn bad_amounts_and_dates_each_get_a_diagnostic() {
    let found = codes(
        r#"{"format":"goldthread/1","name":"p","precision":0,
            "projects":[{"id":"J","name":"j","schedule":{"start":"2020-01-01","finish":"2019-01-01"},
                         "status":{"as_of":"2020-13-01","percent_complete":"0.5","actual_cost":"1"}},
                        {"id":"K","name":"k",
                         "status":{"as_of":"2020-12-01","percent_complete":"1.5","actual_cost":"1"}}],
            "budget_lines":[{"id":"L","year":"1","amount":"12/5"},
                            {"id":"M","year":"1","amount":"1.5"},
                            {"id":"N","year":"1","amount":"-3.5"}]}"#,
    );
    for expected in [
        (Code::E009, "/projects/0/schedule/finish"),
        (Code::E009, "/projects/0/status/as_of"),
        (Code::E007, "/projects/1/status/percent_complete"),
        (Code::E007, "/budget_lines/0/amount"),
        (Code::E007, "/budget_lines/1/amount"),
        (Code::E007, "/budget_lines/2/amount"),
    ] {
        assert!(
            found.contains(&(expected.0, Some(expected.1.into()))),
            "{expected:?} not in {found:?}"
        );
    }
}

#[test]
fn budget_lines_of_the_wrong_type_are_named() {
    for (value, found) in [
        ("5", "a number"),
        ("-5", "a number"),
        ("5.5", "a number"),
        ("1e400", "a number"),
        ("\"x\"", "a string"),
        ("{}", "an object"),
        ("true", "a boolean"),
    ] {
        let text = format!(r#"{{"format":"goldthread/1","name":"p","budget_lines":{value}}}"#);
        let diags = read_listed(text.as_bytes()).1;
        assert_eq!(diags.len(), 1, "{value}");
        assert!(diags[0].message.ends_with(found), "{}", diags[0].message);
    }
    let text = r#"{"format":"goldthread/1","name":"p","budget_lines":null}"#;
    assert!(read_listed(text.as_bytes()).1.is_empty());
}

#[test]
fn fast_and_general_readers_agree() {
    // The same lines written the usual way (fast path) and with a number year and a
    // number amount (general path) read to equal data.
    let fast = r#"{"format":"goldthread/1","name":"p","precision":2,"budget_lines":[
        {"id":"L","name":"n","year":"1398","org_unit":"D","category":"c","amount":"12.50",
         "spent":"1","funds":[{"project":"J","share":"0.5"},{"program":"P","share":null}]}]}"#;
    let general = r#"{"format":"goldthread/1","name":"p","precision":2,"budget_lines":[
        {"id":"L","name":"n","year":1398,"org_unit":"D","category":"c","amount":12.50,
         "spent":"1","funds":[{"project":"J","share":0.5},{"program":"P"}]}]}"#;
    let (a, da) = read_listed(fast.as_bytes());
    let (b, db) = read_listed(general.as_bytes());
    assert!(da.is_empty() && db.is_empty(), "{da:?} {db:?}");
    assert_eq!(a, b);
    // A duplicate key is an error wherever it is, never a value dropped (issue 16).
    for twice in [
        r#"{"format":"goldthread/1","name":"p","budget_lines":[{"id":"A","year":"1","amount":"1"}],
            "budget_lines":[{"id":"B","year":"1","amount":"2"}]}"#,
        r#"{"format":"goldthread/1","name":"p","budget_lines":[{"id":"A","year":"1","amount":"100","amount":"999"}]}"#,
        r#"{"format":"goldthread/1","name":"p","goals":[{"id":"G","name":"a","name":"b"}]}"#,
        r#"{"format":"goldthread/1","name":"p","name":"q"}"#,
        r#"{"format":"goldthread/1","name":"p","mine":1,"budget_lines":[],"mine":2}"#,
        r#"{"format":"goldthread/1","name":"p","projects":[{"id":"J","name":"j","status":{"as_of":"2020-01-01","as_of":"2020-01-02"}}]}"#,
        r#"{"format":"goldthread/1","name":"p","projects":[{"id":"J","name":"j","x":{"k":1,"k":2}}]}"#,
    ] {
        let (data, diags) = read_listed(twice.as_bytes());
        let said = diags
            .iter()
            .any(|d| d.message.contains("appears twice in one object"));
        assert!(data.is_none() || said, "{twice}: {diags:?}");
        assert!(said, "{twice}: {diags:?}");
        // The file read a window at a time says the same.
        let mut cursor = std::io::Cursor::new(twice.as_bytes());
        let (_, windowed) = read_from_listed(&mut cursor, twice.len(), 7).unwrap();
        assert_eq!(windowed, diags, "{twice}");
    }
}

use proptest::strategy::Strategy as _;

/// What the general reader alone (never the scanners) reads from a plan holding `item` in
/// `list`, when it names no problem.
fn general(list: &str, item: &str) -> Option<PlanData> {
    let text = format!(r#"{{"format":"goldthread/1","name":"p","precision":2,"{list}":[{item}]}}"#);
    let value: Value = serde_json::from_str(&text).ok()?;
    let mut diags = Diags::default();
    let data = Reader::new(&mut diags).plan(&value)?;
    diags.is_empty().then_some(data)
}

fn general_line(text: &str) -> Option<BudgetLine> {
    general("budget_lines", text)?.budget_lines.pop()
}

fn general_project(text: &str) -> Option<Project> {
    general("projects", text)?.projects.pop()
}

/// A JSON object of the given fields (an empty value leaves its field out) in the
/// given order, `gap` between its tokens.
fn object_text(fields: &[(&str, String)], order: &[usize], gap: &str) -> String {
    let body: Vec<String> = order
        .iter()
        .filter(|i| !fields[**i].1.is_empty())
        .map(|i| format!("\"{}\":{gap}{}", fields[*i].0, fields[*i].1))
        .collect();
    format!("{{{gap}{}{gap}}}", body.join(","))
}

proptest::proptest! {
    /// Whatever line the byte scanner reads, it reads as the general reader does; and it
    /// reads the usual shape, whatever the order of fields and the white space.
    #[test]
    fn the_scanner_reads_lines_as_the_general_reader_does(
        picks in proptest::collection::vec(0usize..4, 9),
        links in proptest::collection::vec((proptest::bool::ANY, 0usize..3, 0usize..4), 0..4),
        order in proptest::strategy::Just((0..9).collect::<Vec<usize>>()).prop_shuffle(),
        space in 0usize..3,
    ) {
        let gap = [" ", "", "\n  "][space];
        let pick = |i: usize, options: &[&str]| options[picks[i] % options.len()].to_string();
        let targets = ["\"PJ1\"", "\"پ۱\"", "\"P\\\"1\""];
        let shares = ["", ",\"share\":\"0.5\"", ",\"share\":null", ",\"share\":\"x\""];
        let funds: Vec<String> = links
            .iter()
            .map(|(project, t, s)| {
                let key = if *project { "project" } else { "program" };
                format!("{{{gap}\"{key}\":{gap}{}{}}}", targets[*t], shares[*s])
            })
            .collect();
        let fields = [
            ("id", pick(0, &["\"BL1\"", "\"ب۱\"", "\"a\\\"b\""])),
            ("year", pick(1, &["\"1398\"", "\"۱۳۹۸\"", "1398"])),
            ("amount", pick(2, &["\"12.50\"", "\"۱۲٫۵\"", "\"1.234\"", "7"])),
            ("name", pick(3, &["", "\"n\"", "null"])),
            ("org_unit", pick(4, &["", "\"D1\"", "null"])),
            ("category", pick(5, &["", "\"capital\"", "null"])),
            ("direction", pick(6, &["", "\"revenue\"", "\"expenditure\"", "null"])),
            ("spent", pick(7, &["", "\"3\"", "null"])),
            ("funds", if picks[8] == 0 { String::new() } else { format!("[{}]", funds.join(",")) }),
        ];
        let text = object_text(&fields, &order, gap);
        let scanned = scan_line(&text);
        if scanned.is_some() {
            proptest::prop_assert_eq!(&scanned, &general_line(&text), "{}", text);
        }
        // Plain strings, no escapes, no numbers: the scanner takes the line.
        let usual = !text.contains('\\') && picks[1] % 3 != 2 && picks[2] % 4 < 3
            && (picks[8] == 0 || !links.iter().any(|(_, _, s)| *s == 3));
        proptest::prop_assert_eq!(scanned.is_some(), usual, "{}", text);
    }
}

proptest::proptest! {
    /// The project scanner takes exactly the valid projects without escapes, numbers or `x`, and
    /// reads them as the general reader does, whatever the order of the fields and the
    /// spacing.
    #[test]
    fn the_scanner_reads_projects_as_the_general_reader_does(
        picks in proptest::collection::vec(0usize..6, 10),
        links in proptest::collection::vec((0usize..3, 0usize..4), 0..4),
        order in proptest::strategy::Just((0..10).collect::<Vec<usize>>()).prop_shuffle(),
        space in 0usize..3,
    ) {
        let gap = [" ", "", "\n  "][space];
        let pick = |i: usize, options: &[&str]| options[picks[i] % options.len()].to_string();
        let programs = ["\"PR1\"", "\"پ۱\"", "\" \""];
        let shares = ["", ",\"share\":\"0.5\"", ",\"share\":null", ",\"share\":\"x\""];
        let links: Vec<String> = links
            .iter()
            .map(|(p, s)| format!("{{{gap}\"program\":{gap}{}{}}}", programs[*p], shares[*s]))
            .collect();
        let fields = [
            ("id", pick(0, &["\"J1\"", "\"ج۱\"", "\"a\\\"b\"", "\"  \"", "null"])),
            ("name", pick(1, &["\"n\"", "\"پروژه\"", "", "7"])),
            ("tier", pick(2, &["", "\"city\"", "null", "1"])),
            ("org_unit", pick(3, &["", "\"D1\"", "null"])),
            ("tags", pick(4, &["", "[]", "[\"a\",\"b\"]", "null", "[\"a\",1]"])),
            ("programs", if picks[5] == 0 { String::new() } else { format!("[{}]", links.join(",")) }),
            ("schedule", pick(6, &["", "null", "{\"start\":\"2020-01-01\",\"finish\":\"2021-01-01\"}",
                "{\"finish\":\"2020-01-01\",\"start\":\"2021-01-01\"}", "{\"start\":\"2020-01-01\"}"])),
            ("estimate", pick(7, &["", "\"12.50\"", "\"۱۲٫۵\"", "\"1.234\"", "7", "null"])),
            ("status", pick(8, &["", "null", "{\"as_of\":\"2020-06-30\",\"percent_complete\":\"0.5\",\"actual_cost\":\"3\"}",
                "{\"actual_cost\":\"3\",\"percent_complete\":\"1.5\",\"as_of\":\"2020-06-30\"}"])),
            ("x", pick(9, &["", "", "", "{\"k\":1}"])),
        ];
        let text = object_text(&fields, &order, gap);
        let scanned = scan_project(&text);
        // Escapes, numbers, null tags and `x` are what the scanner leaves to the general
        // reader.
        let number = picks[1] % 4 == 3 || picks[2] % 4 == 3 || picks[4] % 5 == 4 || picks[7] % 6 == 4;
        let null_tags = picks[4] % 5 == 3;
        if text.contains('\\') || picks[9] % 4 == 3 || number || null_tags {
            proptest::prop_assert_eq!(scanned, None, "{}", text);
        } else {
            proptest::prop_assert_eq!(&scanned, &general_project(&text), "{}", text);
        }
    }
}

/// Every plan file of the repository (examples, vectors, bad plans), then the nine
/// rearranged ones of [`the_top_level_scan_reads_as_the_stream_reader_does`].
fn plan_files() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["tests/fixtures/vectors", "tests/fixtures/bad", "examples"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "json")
                    && !path.ends_with("expected-codes.json")
                    && !path.ends_with("datapackage.json")
                {
                    files.push(std::fs::read(&path).unwrap());
                }
            }
        }
    }
    assert!(files.len() > 30, "{}", files.len());
    let lines = r#"[{"id":"A","year":"1","amount":"1.5"},{"id":7},{"id":"B","year":"1","amount":"1.234"},
                    {"id":"C","year":1,"amount":"2","x":{"k":"v"}},{"id":"D\u0041","year":"1","amount":"3"}]"#;
    for text in [
        format!(r#"{{"format":"goldthread/1","name":"p","precision":2,"budget_lines":{lines}}}"#),
        format!(r#"{{"format":"goldthread/1","name":"p","budget_lines":{lines},"precision":2}}"#),
        format!(r#"{{"format":"goldthread/1","name":"p","budget_lines":{lines}}}"#),
        format!(r#"{{"format":"goldthread/1","name":"p","precision":"x","budget_lines":{lines}}}"#),
        format!(
            r#"{{"format":"goldthread/1","name":"p","precision":1,"budget_lines":{lines},"budget_lines":[]}}"#
        ),
        format!(r#"{{"format":"goldthread/1","name":"p","precision":2,"budget_lines":{lines},}}"#),
        r#"{"format":"goldthread/1","name":"p","precision":2,"budget_lines":[{"id":"A",}]}"#
            .to_string(),
        r#"{"format":"goldthread/1","name":"p","projects":{},"budget_lines":null}"#.to_string(),
        r#"{"format":"goldthread/1","na\u006de":"p"}"#.to_string(),
    ] {
        files.push(text.into_bytes());
    }
    files
}

/// Every plan file of the repository and a few rearranged ones read the same through
/// the hand-written top level as through serde.
#[test]
fn the_top_level_scan_reads_as_the_stream_reader_does() {
    let files = plan_files();
    // The scan does read these itself: the usual lines as it meets them (here A), the
    // others left for the general reader, in order.
    fn scanned(text: &[u8]) -> Option<Option<Items<'_, BudgetLine>>> {
        let text = std::str::from_utf8(text).unwrap();
        scan_plan(text, 1000).map(|plan| plan.lists.lines)
    }
    let first = files.len() - 9;
    match scanned(&files[first]) {
        Some(Some(Items::Read { items, diags })) => {
            // B's amount has too many places: a rule's business, so the scan reads it; the
            // unusual ones were read the general way as they were met (the id that is a
            // number and no year, the year that is a number, the escaped id), their problems
            // kept.
            let ids: Vec<&str> = items.iter().map(|l| l.id.as_str()).collect();
            assert_eq!(ids, ["A", "", "B", "C", "DA"]);
            let paths: Vec<_> = diags.iter().filter_map(|d| d.path.as_deref()).collect();
            assert_eq!(paths, ["/budget_lines/1/id", "/budget_lines/1/year"]);
        }
        _ => panic!("the scan gave up on a plain plan"),
    }
    // An item that is not an object is named as it is met, and takes no place.
    let zeros = br#"{"format":"goldthread/1","name":"p","budget_lines":[{"id":"A"},0]}"#;
    match scanned(zeros) {
        Some(Some(Items::Read { items, diags })) => {
            assert_eq!(items.len(), 1);
            assert_eq!(
                diags[diags.len() - 1].path.as_deref(),
                Some("/budget_lines/1")
            );
        }
        _ => panic!("the scan gave up on an item that is not an object"),
    }
    // The precision after the lines: the scan reads shape only, so it reads them as met.
    assert!(matches!(
        scanned(&files[first + 1]),
        Some(Some(Items::Read { .. }))
    ));
    assert!(scanned(&files[first + 5]).is_none(), "a trailing comma");
    for text in &files {
        let (a, da) = read_listed(text);
        let mut db = Diags::default();
        let b = read_stream(text, &mut db);
        let db = db.into_vec();
        assert_eq!(a, b, "{}", String::from_utf8_lossy(text));
        assert_eq!(da, db, "{}", String::from_utf8_lossy(text));
    }
}

/// A file read a window at a time ([`read_from`]) gives what the whole text gives,
/// wherever the reads cut it: in a key, a number, a Persian name, between items.
#[test]
fn reading_a_window_at_a_time_reads_as_reading_whole() {
    let files = plan_files();
    let scanned = files
        .iter()
        .filter(|t| {
            std::str::from_utf8(t)
                .ok()
                .and_then(|t| scan_plan(t, 1000))
                .is_some()
        })
        .count();
    assert!(scanned > 30, "{scanned}: most files take the scan's way");
    for text in &files {
        let whole = read_listed(text);
        let chunks: &[usize] = if text.len() < 100_000 {
            &[1, 2, 3, 5, 64, 1 << 20]
        } else {
            &[4096, 1 << 20]
        };
        let usual = std::str::from_utf8(text)
            .ok()
            .and_then(|t| scan_plan(t, 1000))
            .is_some();
        for &chunk in chunks {
            // The window's own scan reads what the whole text's does (it does not give
            // up and leave it to the reading again).
            let windowed = scan_plan_from(&text[..], text.len(), chunk, 1000).is_some();
            assert_eq!(
                windowed,
                usual,
                "{chunk}: {}",
                String::from_utf8_lossy(text)
            );
            let mut file = std::io::Cursor::new(text);
            let got = read_from_listed(&mut file, text.len(), chunk).unwrap();
            assert_eq!(got, whole, "{chunk}: {}", String::from_utf8_lossy(text));
        }
    }
    // Read from where the reader stands, and again from there when the scan gives up
    // (here: on a trailing comma, which the general reader then reports).
    let bad = br#"{"format":"goldthread/1","name":"p","budget_lines":[{"id":"A","year":"1","amount":"1.5"}],}"#;
    assert!(scan_plan_from(&bad[..], 0, 7, 1000).is_none());
    let mut file = std::io::Cursor::new([&b"junk"[..], bad].concat());
    file.set_position(4);
    let (data, diags) = read_from_listed(&mut file, 0, 7).unwrap();
    assert_eq!(data, None);
    assert_eq!(diags_codes(&diags), [Code::E008]);
    assert_eq!((diags[0].line, diags[0].column), (Some(1), Some(91)));
}

fn diags_codes(diags: &[Diagnostic]) -> Vec<Code> {
    diags.iter().map(|d| d.code).collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Any chunk size reads a generated plan (Persian names, shares, all kinds of
    /// lines) as the whole text does.
    #[test]
    fn any_chunk_size_reads_the_same_plan(chunk in 1usize..4000, seed in 0u64..4) {
        let text = serde_json::to_string_pretty(&to_value(&crate::synth::plan(400, seed))).unwrap();
        proptest::prop_assert!(scan_plan_from(text.as_bytes(), 0, chunk, 1000).is_some());
        let mut file = std::io::Cursor::new(text.as_bytes());
        let got = read_from_listed(&mut file, text.len() / 3, chunk).unwrap();
        proptest::prop_assert_eq!(got, read_listed(text.as_bytes()));
    }
}

#[test]
fn fast_and_general_project_readers_agree() {
    // Written the usual way (fast path), and with a number estimate and share (general
    // path): equal data.
    let project = |estimate: &str, share: &str| {
        format!(
            r#"{{"format":"goldthread/1","name":"p","precision":2,"projects":[
            {{"id":"J","name":"n","tier":"city","org_unit":"D","tags":["a","b"],
             "programs":[{{"program":"P","share":{share}}},{{"program":"Q","share":"0.5"}}],
             "schedule":{{"start":"2020-01-01","finish":"2021-06-30"}},"estimate":{estimate},
             "status":{{"as_of":"2020-12-31","percent_complete":"0.4","actual_cost":"10.5"}},
             "x":{{"k":1}}}}]}}"#
        )
    };
    let (a, da) = read_listed(project(r#""100.25""#, r#""0.5""#).as_bytes());
    let (b, db) = read_listed(project("100.25", "0.5").as_bytes());
    assert!(da.is_empty() && db.is_empty(), "{da:?} {db:?}");
    assert_eq!(a, b);
    let a = a.unwrap();
    assert_eq!(a.projects[0].tags, ["a", "b"]);
    assert!(a.projects[0].schedule.is_some() && a.projects[0].status.is_some());
    // What the scan leaves or takes, the reader or the rules explain.
    for (bad, code) in [
        (
            r#""schedule":{"start":"2021-01-01","finish":"2020-01-01"}"#,
            Code::E009,
        ),
        (
            r#""status":{"as_of":"2020-01-01","percent_complete":"2","actual_cost":"1"}"#,
            Code::E007,
        ),
        (
            r#""status":{"as_of":"2020-01-01","actual_cost":"1"}"#,
            Code::E008,
        ),
        (r#""programs":[{"program":""}]"#, Code::E008),
        (r#""estimate":"1.234""#, Code::E007),
        (r#""colour":"red""#, Code::E008),
    ] {
        let text = format!(
            r#"{{"format":"goldthread/1","name":"p","precision":2,"projects":[{{"id":"J","name":"n",{bad}}}]}}"#
        );
        let found: Vec<Code> = read_and_check(&text).iter().map(|d| d.code).collect();
        assert_eq!(found, vec![code], "{bad}");
    }
}

#[test]
fn funding_link_names_one_target() {
    let found = codes(
        r#"{"format":"goldthread/1","name":"p","budget_lines":[
            {"id":"L","year":"1","amount":"1","funds":[{"project":"a","program":"b"},{"share":"1"}]}]}"#,
    );
    assert_eq!(
        found,
        vec![
            (Code::E008, Some("/budget_lines/0/funds/0".into())),
            (Code::E008, Some("/budget_lines/0/funds/1".into()))
        ]
    );
}
