//! Memory stays within a stated multiple of a plan file's size (SPEC §8): the most the
//! heap holds at once while plans of each shape load, counted by an allocator that keeps
//! the peak.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// The most the heap held at once while `text` loaded (and was dropped), over its size.
fn multiple(text: &str) -> f64 {
    let base = HEAP.current_usage();
    HEAP.reset_peak_usage();
    drop(goldthread::Plan::from_json(text));
    HEAP.peak_usage().saturating_sub(base) as f64 / text.len() as f64
}

const HEAD: &str = r#"{"format":"goldthread/1","name":"m","goals":[{"id":"G","name":"g"}],"programs":[{"id":"P","name":"p","goals":[{"goal":"G"}]}]"#;

/// One test, so that no other test allocates while a plan's peak is measured.
#[test]
fn a_plan_takes_a_stated_multiple_of_its_size() {
    // Plans of real shape: at most ten times.
    let synth = goldthread::Plan::from_data(goldthread::synth::plan(50_000, 1))
        .unwrap()
        .to_json_compact();
    let m = multiple(&synth);
    assert!(m <= 10.0, "synthetic plan: {m:.1}x");
    eprintln!("synthetic plan: {m:.1}x");
    // Programs with a hundred goal links each.
    let goals: Vec<String> = (0..100)
        .map(|g| format!(r#"{{"id":"G{g}","name":"goal {g}"}}"#))
        .collect();
    let links: Vec<String> = (0..100)
        .map(|g| format!(r#"{{"goal":"G{g}","share":"0.01"}}"#))
        .collect();
    let links = links.join(",");
    let programs: Vec<String> = (0..3_000)
        .map(|p| format!(r#"{{"id":"P{p}","name":"program {p}","goals":[{links}]}}"#))
        .collect();
    let text = format!(
        r#"{{"format":"goldthread/1","name":"m","goals":[{}],"programs":[{}],"budget_lines":[]}}"#,
        goals.join(","),
        programs.join(",")
    );
    let m = multiple(&text);
    assert!(m <= 10.0, "programs with 100 links: {m:.1}x");
    eprintln!("programs with 100 links: {m:.1}x");
    // The smallest items there are: items that are not objects are named and take no place;
    // goals of two one-letter fields stay within ten times too (10.4 before their list
    // was shrunk to its length).
    let zeros = vec!["0"; 400_000].join(",");
    let text = format!(r#"{HEAD},"budget_lines":[{zeros}]}}"#);
    let m = multiple(&text);
    assert!(m <= 10.0, "non-object items: {m:.1}x");
    eprintln!("non-object items: {m:.1}x");
    let goals: Vec<String> = (0..200_000)
        .map(|g| format!(r#"{{"id":"G{g}","name":"g"}}"#))
        .collect();
    let text = format!(
        r#"{{"format":"goldthread/1","name":"m","goals":[{}],"budget_lines":[]}}"#,
        goals.join(",")
    );
    let m = multiple(&text);
    assert!(m <= 10.0, "two-field goals: {m:.1}x");
    eprintln!("two-field goals: {m:.1}x");
    // Lists of tiny broken entities: past a thousand the items are named, not kept; an
    // unknown top-level field is named by its key, its value never held.
    let empty = vec!["{}"; 200_000].join(",");
    let lists = [
        "budget_lines",
        "projects",
        "goals",
        "programs",
        "org_units",
        "classifications",
    ];
    for list in lists {
        // As the scan reads it (each item read as it is met); and as the stream reader
        // does (a key with an escape sends the file there), which first keeps where each
        // item is, 16 bytes for the 3 of `{},`, in blocks that are never copied.
        let text = format!(r#"{{"format":"goldthread/1","name":"m","{list}":[{empty}]}}"#);
        let m = multiple(&text);
        assert!(m <= 10.0, "{list} of empty objects: {m:.1}x");
        eprintln!("{list} of empty objects: {m:.1}x");
        let key = list.replace('s', "\\u0073");
        let text = format!(r#"{{"format":"goldthread/1","name":"m","{key}":[{empty}]}}"#);
        let m = multiple(&text);
        assert!(m <= 10.0, "{key} of empty objects: {m:.1}x");
        eprintln!("{key} of empty objects: {m:.1}x");
    }
    let text = format!(r#"{HEAD},"budget_lines":[],"mine":[{zeros}]}}"#);
    let m = multiple(&text);
    assert!(m <= 10.0, "an unknown field: {m:.1}x");
    eprintln!("an unknown field: {m:.1}x");
    // `x` is kept as its compact text: lines each with a list of numbers under `x`.
    let numbers = vec!["0"; 40].join(",");
    let lines: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"id":"L{i}","year":"1","amount":"1","funds":[{{"program":"P"}}],"x":{{"n":[{numbers}]}}}}"#))
        .collect();
    let text = format!(r#"{HEAD},"budget_lines":[{}]}}"#, lines.join(","));
    let m = multiple(&text);
    assert!(m <= 10.0, "lines with an x of numbers: {m:.1}x");
    eprintln!("lines with an x of numbers: {m:.1}x");
    // One entity with a long list, read the general way: the list is read an item at a
    // time, never held as one tree of values (it was some 45 times its text).
    let links = vec![r#"{"goal":"G"}"#; 100_000].join(",");
    let text = format!(
        r#"{{"format":"goldthread/1","name":"m","goals":[{{"id":"G","name":"g"}}],"programs":[{{"id":"P","name":"p","goals":[{links}]}}],"budget_lines":[]}}"#
    );
    let m = multiple(&text);
    assert!(m <= 10.0, "one program with 100,000 links: {m:.1}x");
    eprintln!("one program with 100,000 links: {m:.1}x");
    let tags: Vec<String> = (0..100_000)
        .map(|i| format!(r#"{{"line":"L{i}","code":"c"}}"#))
        .collect();
    let text = format!(
        r#"{HEAD},"budget_lines":[],"classifications":[{{"id":"C","name":"c","kind":"share","codes":[{{"id":"c"}}],"tags":[{}]}}]}}"#,
        tags.join(",")
    );
    let m = multiple(&text);
    assert!(m <= 10.0, "a classification with 100,000 tags: {m:.1}x");
    eprintln!("a classification with 100,000 tags: {m:.1}x");
    let funds = vec![r#"{"program":"P","share":0.5}"#; 100_000].join(",");
    let text = format!(
        r#"{HEAD},"budget_lines":[{{"id":"L","year":"1","amount":"1","funds":[{funds}]}}]}}"#
    );
    let m = multiple(&text);
    assert!(m <= 10.0, "a line with 100,000 funding links: {m:.1}x");
    eprintln!("a line with 100,000 funding links: {m:.1}x");
    // A huge `x`, the plan's or an entity's, is read into its compact text, never a tree
    // of values (it was some 70 times its text).
    for (name, text) in [
        (
            "the plan's",
            format!(r#"{HEAD},"budget_lines":[],"x":{{"a":[{zeros}]}}}}"#),
        ),
        (
            "a line's",
            format!(
                r#"{HEAD},"budget_lines":[{{"id":"L","year":"1","amount":"1","funds":[{{"program":"P"}}],"x":{{"a":[{zeros}]}}}}]}}"#
            ),
        ),
        (
            "a goal's",
            format!(
                r#"{{"format":"goldthread/1","name":"m","goals":[{{"id":"G","name":"g","x":{{"a":[{zeros}]}}}}],"budget_lines":[]}}"#
            ),
        ),
    ] {
        let m = multiple(&text);
        assert!(m <= 10.0, "{name} x of zeros: {m:.1}x");
        eprintln!("{name} x of zeros: {m:.1}x");
    }
    // Through the stream reader too (a top-level key with an escape sends the file there).
    let text = format!(r#"{HEAD},"budget\u005flines":[],"x":{{"a":[{zeros}]}}}}"#);
    let m = multiple(&text);
    assert!(m <= 10.0, "the plan's x through the stream reader: {m:.1}x");
    eprintln!("the plan's x through the stream reader: {m:.1}x");
    // An entity's field the plan does not have is named by its key, its value never read.
    let keys: Vec<String> = (0..100_000).map(|i| format!(r#""k{i}":0"#)).collect();
    let keys = keys.join(",");
    let text = format!(
        r#"{{"format":"goldthread/1","name":"m","goals":[{{"id":"G","name":"g","mine":{{{keys}}}}}],"budget_lines":[]}}"#
    );
    let m = multiple(&text);
    assert!(m <= 10.0, "an unknown object field: {m:.1}x");
    eprintln!("an unknown object field: {m:.1}x");
    // A field written as a huge object, or a huge list, where the reader expects an object
    // of a few fields (a status), a text or a number: read from its text as entities are,
    // or named by its type, never held as a tree of values (it was 18 to 73 times its text).
    let list = format!("[{zeros}]");
    let line = |field: &str| {
        format!(
            r#"{HEAD},"budget_lines":[{{"id":"L","year":"1","amount":"1","funds":[{{"program":"P"}}],{field}}}]}}"#
        )
    };
    for (name, text) in [
        (
            "a status of 100,000 fields",
            format!(
                r#"{HEAD},"projects":[{{"id":"J","name":"j","status":{{{keys}}}}}],"budget_lines":[]}}"#
            ),
        ),
        (
            "a status's percent of 100,000 fields",
            format!(
                r#"{HEAD},"projects":[{{"id":"J","name":"j","status":{{"as_of":"2020-01-01","percent_complete":{{{keys}}},"actual_cost":"1"}}}}],"budget_lines":[]}}"#
            ),
        ),
        (
            "an indicator's target of 100,000 fields",
            format!(
                r#"{{"format":"goldthread/1","name":"m","goals":[{{"id":"G","name":"g","indicators":[{{"id":"I","name":"i","target":{{{keys}}}}}]}}],"budget_lines":[]}}"#
            ),
        ),
        (
            "a goal's name of 100,000 fields",
            format!(
                r#"{{"format":"goldthread/1","name":"m","goals":[{{"id":"G","name":{{{keys}}}}}],"budget_lines":[]}}"#
            ),
        ),
        (
            "a goal of 100,000 unknown fields",
            format!(
                r#"{{"format":"goldthread/1","name":"m","goals":[{{"id":"G","name":"g",{keys}}}],"budget_lines":[]}}"#
            ),
        ),
        (
            "a line's name of 100,000 fields",
            line(&format!(r#""name":{{{keys}}}"#)),
        ),
        (
            "a line's year of 400,000 numbers",
            line(&format!(r#""year":{list}"#)),
        ),
        ("a line of 100,000 unknown fields", line(&keys)),
        (
            "a plan of 100,000 unknown fields",
            format!(r#"{{"format":"goldthread/1","name":"m",{keys},"budget_lines":[]}}"#),
        ),
        (
            "the plan's name of 100,000 fields",
            format!(r#"{{"format":"goldthread/1","name":{{{keys}}},"budget_lines":[]}}"#),
        ),
    ] {
        let m = multiple(&text);
        assert!(m <= 10.0, "{name}: {m:.1}x");
        eprintln!("{name}: {m:.1}x");
        // Through the stream reader too.
        let text = text.replacen("\"budget_lines\"", "\"budget\\u005flines\"", 1);
        let m = multiple(&text);
        assert!(m <= 10.0, "{name}, through the stream reader: {m:.1}x");
        eprintln!("{name}, through the stream reader: {m:.1}x");
    }
}
