//! The command line as a contract: exit codes, output forms, standard input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn repo(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_goldthread"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

const ISFAHAN: &str = "examples/isfahan/plan.json";
const VECTOR: &str = "tests/fixtures/vectors/split-leftover.plan.json";

#[test]
fn check_exits_0_with_warnings_only() {
    let out = run(&["check", &repo(ISFAHAN), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["errors"], 0);
    assert!(v["warnings"].as_u64().unwrap() > 100);
    assert_eq!(
        v["diagnostics"].as_array().unwrap().len() as u64,
        v["warnings"].as_u64().unwrap()
    );
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
}

#[test]
fn check_exits_1_on_errors_and_on_bad_json() {
    let out = run(&[
        "check",
        &repo("tests/fixtures/bad/many-problems.json"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["errors"], 5);
    let out = run(&[
        "check",
        &repo("tests/fixtures/bad/not-json.json"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["diagnostics"][0]["code"], "E008");
    assert_eq!(v["diagnostics"][0]["line"], 1);
    let out = run(&["check", &repo("tests/fixtures/bad/goal-cycle.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[E003 goal-cycle]"));
}

#[test]
fn exits_2_for_usage_and_missing_files() {
    assert_eq!(run(&["check", "/no/such/plan.json"]).status.code(), Some(2));
    assert_eq!(run(&["report"]).status.code(), Some(2));
    let wrong_phase = run(&["report", &repo(VECTOR), "--phase", "later"]);
    assert_eq!(wrong_phase.status.code(), Some(2));
    // The core's one message for a phase name, as every binding gives it.
    assert!(String::from_utf8_lossy(&wrong_phase.stderr).contains(
        r#"unknown phase "later"; choose proposed, amount, revised, committed or spent"#
    ));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let out = run(&["trace", &repo(VECTOR), "NOPE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOPE"));
    let out = run(&["export", &repo(VECTOR), "--to", "csv"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn report_on_a_plan_with_errors_prints_diagnostics_to_stderr() {
    let out = run(&["report", &repo("tests/fixtures/bad/shares-exceed-one.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("E005"));
}

#[test]
fn report_json_is_the_contract() {
    let out = run(&["report", &repo(VECTOR), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["format"], "goldthread-report/1");
    assert_eq!(v["traceability"]["traced_amount"], "55");
    assert_eq!(v["traceability"]["leaks"]["project_unlinked"], "33");
    assert_eq!(v["goals"][0]["rolled_up_amount"], "55");
}

#[test]
fn report_scope_and_phase_flags() {
    let out = run(&[
        "report",
        &repo(VECTOR),
        "--format",
        "json",
        "--year",
        "1399",
    ]);
    let v = json(&out);
    assert_eq!(v["scope"]["years"][0], "1399");
    assert_eq!(v["traceability"]["total_amount"], "5");
    let out = run(&[
        "report",
        &repo(ISFAHAN),
        "--format",
        "json",
        "--org-unit",
        "D03",
        "--org-unit",
        "HQ",
        "--category",
        "capital",
        "--phase",
        "spent",
    ]);
    let v = json(&out);
    assert_eq!(v["phase"], "spent");
    assert_eq!(v["scope"]["org_units"].as_array().unwrap().len(), 2);
    let keys: Vec<&str> = v["traceability"]["by_org_unit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["HQ", "D03"]);
}

#[test]
fn compare_phases_sets_every_phase_side_by_side() {
    let out = run(&[
        "report",
        &repo(ISFAHAN),
        "--format",
        "json",
        "--compare-phases",
        "--year",
        "1398",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let total = &v["phases"]["total"];
    for phase in ["proposed", "amount", "revised", "committed", "spent"] {
        assert!(total[phase].is_string(), "{phase}");
    }
    assert_eq!(total["amount"], v["traceability"]["total_amount"]);
    assert!(v["execution"]["behind_schedule"].as_array().unwrap().len() == 10);
    let text =
        String::from_utf8(run(&["report", &repo(ISFAHAN), "--compare-phases"]).stdout).unwrap();
    assert!(text.contains("Phases side by side"));
    assert!(text.contains("Projects furthest behind schedule"));
    assert!(text.contains("Balance and execution"));
    let plain = json(&run(&["report", &repo(ISFAHAN), "--format", "json"]));
    assert!(plain.get("phases").is_none());
}

#[test]
fn report_text_and_markdown_are_readable() {
    let out = run(&["report", &repo(ISFAHAN)]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Traced to goals"));
    assert!(text.contains("75,903,618,000,000 IRR"), "grouped digits");
    assert!(
        text.contains("\u{2068}اصفهان سبز و پایدار\u{2069}"),
        "Persian names isolated"
    );
    let out = run(&["report", &repo(ISFAHAN), "--format", "markdown"]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# goldthread report"));
    assert!(md.contains("| goal | name |"));
}

#[test]
fn plan_from_standard_input() {
    let plan = std::fs::read(repo(VECTOR)).unwrap();
    let out = run_stdin(&["report", "-", "--format", "json"], &plan);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["traceability"]["total_amount"], "112");
    let out = run_stdin(&["check", "-"], b"{");
    assert_eq!(out.status.code(), Some(1));
    // A path that is a pipe cannot be read twice: it is read whole, with the same report.
    let out = run_stdin(&["report", "/dev/stdin", "--format", "json"], &plan);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["traceability"]["total_amount"], "112");
}

#[test]
fn a_plan_path_that_cannot_be_read_is_named() {
    for command in ["check", "report"] {
        for path in ["/no/such/plan.json", env!("CARGO_MANIFEST_DIR")] {
            let out = run(&[command, path]);
            assert_eq!(out.status.code(), Some(2));
            let err = String::from_utf8_lossy(&out.stderr);
            let named = format!("goldthread: cannot open {path}: ");
            assert!(err.starts_with(&named), "{command}: {err}");
        }
    }
}

#[test]
fn trace_lists_paths() {
    let out = run(&["trace", &repo(VECTOR), "L1", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["amount"], "100");
    let paths = v["paths"].as_array().unwrap();
    // L1 → J1 → P1 → (G1.1, G1.2) and L1 → J2 → P2 → G1.2; J3 reaches no goal.
    assert_eq!(paths.len(), 3);
    assert_eq!(
        paths[0]["path"],
        serde_json::json!(["L1", "J1", "P1", "G1.1"])
    );
    let out = run(&["trace", &repo(VECTOR), "P2"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("P2 → G1.2"));
}

#[test]
fn exports_dot_sankey_and_csv() {
    let out = run(&["export", &repo(VECTOR), "--to", "dot"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("digraph goldthread {"));
    let out = run(&["export", &repo(VECTOR), "--to", "sankey"]);
    let v = json(&out);
    assert!(v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == "leak:project_unlinked"));
    assert!(v["links"][0]["value"].is_number());
    let out = run(&[
        "export",
        &repo(VECTOR),
        "--to",
        "figures",
        "--table",
        "goals",
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("id,name,parent,leaf,direct_amount,rolled_up_amount"));
    let dir = std::env::temp_dir().join(format!("goldthread-csv-{}", std::process::id()));
    let out = run(&[
        "export",
        &repo(VECTOR),
        "--to",
        "figures",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    for t in ["goals", "programs", "projects"] {
        assert!(dir.join(format!("{t}.csv")).exists(), "{t}.csv");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn import_writes_a_plan_or_names_every_problem() {
    let dir = std::env::temp_dir().join(format!("goldthread-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mapping = dir.join("mapping.toml");
    std::fs::write(
        &mapping,
        "[plan]\nname = \"t\"\nprecision = 0\n[columns]\ngoal_id = \"Goal\"\nprogram_id = \"Program\"\namount = \"Approved\"\n[constants]\nyear = \"1398\"\n",
    )
    .unwrap();
    let good = dir.join("good.csv");
    std::fs::write(&good, "Goal,Program,Approved\nG1,P1,100\n,P2,۵۰\n").unwrap();
    let out = run(&[
        "import",
        "--mapping",
        mapping.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan = json(&out);
    assert_eq!(plan["format"], "goldthread/1");
    assert_eq!(plan["budget_lines"][1]["amount"], "50");
    assert!(String::from_utf8_lossy(&out.stderr).contains("imported 2 rows"));
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "Goal,Program,Approved\nG1,P1,12/5\n").unwrap();
    let out = run(&[
        "import",
        "--mapping",
        mapping.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.csv row 2, column \"approved\""));
    let out = run(&[
        "import",
        "--mapping",
        "/no/such.toml",
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    // A table over the file limit is named with the limit, and a device that never ends
    // is not read whole (it was, until memory ran out).
    for table in [good.to_str().unwrap(), "/dev/zero"] {
        let out = run(&[
            "--max-file-bytes",
            "20",
            "import",
            "--mapping",
            mapping.to_str().unwrap(),
            table,
        ]);
        assert_eq!(out.status.code(), Some(2), "{table}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("is more than 20 bytes (--max-file-bytes)"),
            "{err}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn csv_export_imports_again_to_the_same_plan() {
    let dir = std::env::temp_dir().join(format!("goldthread-tables-{}", std::process::id()));
    let out = run(&[
        "export",
        &repo(ISFAHAN),
        "--to",
        "csv",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.join("budget_lines.csv").exists() && dir.join("indicators.csv").exists());
    let out = run(&["import", "--tables", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let original = json(&run(&["report", &repo(ISFAHAN), "--format", "json"]));
    let plan = dir.join("again.json");
    std::fs::write(&plan, &out.stdout).unwrap();
    let again = json(&run(&[
        "report",
        plan.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(original, again);
    // Straight from the tables, nothing written in between: the same report.
    let direct = run(&[
        "report",
        "--tables",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(original, json(&direct));
    let both = run(&["report", &repo(ISFAHAN), "--tables", dir.to_str().unwrap()]);
    assert_eq!(both.status.code(), Some(2));
    let goals = run(&["export", &repo(ISFAHAN), "--to", "csv", "--table", "goals"]);
    assert!(String::from_utf8(goals.stdout)
        .unwrap()
        .starts_with("id,name,parent,x"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_fiscal_data_package_imports_with_its_own_resources() {
    let out = run(&[
        "import",
        "--mapping",
        &repo("tests/fixtures/fdp/datapackage.json"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = std::env::temp_dir().join(format!("goldthread-fdp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("plan.json");
    std::fs::write(&plan, &out.stdout).unwrap();
    let v = json(&run(&[
        "report",
        plan.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(v["currency"], "EUR");
    assert_eq!(v["traceability"]["total_amount"], "2650000.00");
    assert_eq!(v["traceability"]["traced_amount"], "2400000.00");
    assert_eq!(v["traceability"]["leaks"]["program_unlinked"], "250000.00");
    let goals: Vec<&str> = v["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(goals, ["Environmental protection", "Economic affairs"]);
    let spent = json(&run(&[
        "report",
        plan.to_str().unwrap(),
        "--format",
        "json",
        "--phase",
        "spent",
    ]));
    assert_eq!(spent["traceability"]["total_amount"], "1800000.50");
    // Straight from the package: the same report, nothing written in between.
    let direct = run(&[
        "report",
        "--mapping",
        &repo("tests/fixtures/fdp/datapackage.json"),
        "--format",
        "json",
        "--phase",
        "spent",
    ]);
    assert_eq!(json(&direct), spent);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn every_command_has_help() {
    for cmd in ["check", "report", "trace", "export", "import", "synth"] {
        let out = run(&[cmd, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{cmd}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage: goldthread"),
            "{cmd}"
        );
    }
}
