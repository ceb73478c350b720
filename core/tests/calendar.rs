//! Plans in the Solar Hijri calendar (SPEC §2 "Calendars"): dates read in Persian or Latin
//! digits with `-` or `/`, impossible days named by path, fiscal years with their days, and
//! a round trip through the plan file and the tables that keeps the calendar.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use goldthread::calendar::Calendar;
use goldthread::{Phase, Plan, Scope};

fn plan(calendar: &str, start: &str, finish: &str, extra: &str) -> String {
    format!(
        r#"{{"format":"goldthread/1","name":"اصفهان","precision":0{calendar}{extra},
  "goals":[{{"id":"G","name":"g"}}],
  "programs":[{{"id":"P","name":"p","goals":[{{"goal":"G"}}]}}],
  "projects":[{{"id":"J","name":"j","programs":[{{"program":"P"}}],
    "schedule":{{"start":"{start}","finish":"{finish}"}},"estimate":"366000",
    "status":{{"as_of":"۱۳۹۹/۰۷/۰۱","percent_complete":"0.5","actual_cost":"100000"}}}}],
  "budget_lines":[{{"id":"L1","year":"1399","amount":"500","funds":[{{"project":"J"}}]}},
                  {{"id":"L2","year":"۱۴۰۰","amount":"300","funds":[{{"project":"J"}}]}},
                  {{"id":"L3","year":"B","amount":"200"}}]}}"#
    )
}

const SOLAR: &str = r#","calendar":"solar_hijri""#;

#[test]
fn a_solar_hijri_plan_reads_its_dates_and_reports_its_fiscal_years() {
    let text = plan(SOLAR, "1399-01-01", "۱۴۰۰/۰۱/۰۱", "");
    let plan = Plan::from_json(&text).unwrap();
    assert_eq!(plan.data().calendar, Calendar::SolarHijri);
    let r = plan.report(&Scope::all(), Phase::Amount);
    // 1399 is a leap year: 366 days, 186 of them by 1 Mehr.
    let e = r.projects[0].execution.as_ref().unwrap();
    assert_eq!(e.pv.to_string(), "186000");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["calendar"], "solar_hijri");
    let years = json["fiscal_years"].as_array().unwrap();
    // "B" names no span; both the Latin and the Persian label of a year do.
    assert_eq!(years.len(), 2, "{years:?}");
    assert_eq!(years[0]["year"], "1399");
    assert_eq!(
        (&years[0]["start"], &years[0]["end"]),
        (&"1399-01-01".into(), &"1399-12-30".into())
    );
    assert_eq!(
        (&years[0]["start_iso"], &years[0]["end_iso"]),
        (&"2020-03-20".into(), &"2021-03-20".into())
    );
    assert_eq!(years[1]["year"], "۱۴۰۰");
    assert_eq!(years[1]["start_iso"], "2021-03-21");
}

#[test]
fn the_calendar_may_come_after_the_projects() {
    let text = plan("", "1399-01-01", "1400-01-01", "")
        .trim_end()
        .trim_end_matches('}')
        .to_string()
        + r#","calendar":"solar_hijri"}"#;
    let plan = Plan::from_json(&text).unwrap();
    let e = plan.report(&Scope::all(), Phase::Amount).projects[0]
        .execution
        .clone()
        .unwrap();
    assert_eq!(e.pv.to_string(), "186000");
}

#[test]
fn impossible_days_are_errors_at_their_paths() {
    // 1398 is a common year: Esfand has 29 days.
    let err = Plan::from_json(&plan(SOLAR, "1398-12-30", "1400-01-01", "")).unwrap_err();
    let e: Vec<_> = err.errors().collect();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].code.as_str(), "E009");
    assert_eq!(e[0].path.as_deref(), Some("/projects/0/schedule/start"));
    assert!(
        e[0].message.contains("Esfand has 29 days"),
        "{}",
        e[0].message
    );
    // Month 13 is no date of any calendar.
    let err = Plan::from_json(&plan(SOLAR, "1398-13-01", "1400-01-01", "")).unwrap_err();
    let e: Vec<_> = err.errors().collect();
    assert_eq!(
        (e[0].code.as_str(), e[0].path.as_deref()),
        ("E009", Some("/projects/0/schedule/start"))
    );
    // A Gregorian plan: its days are Gregorian days.
    let err = Plan::from_json(&plan("", "2019-02-29", "2020-01-01", "")).unwrap_err();
    let e: Vec<_> = err.errors().collect();
    assert!(
        e[0].message.contains("February has 28 days"),
        "{}",
        e[0].message
    );
    // A fiscal year start that some years lack.
    let err = Plan::from_json(&plan(
        SOLAR,
        "1399-01-01",
        "1400-01-01",
        r#","fiscal_year_start":"12-30""#,
    ))
    .unwrap_err();
    let e: Vec<_> = err.errors().collect();
    assert_eq!(
        (e[0].code.as_str(), e[0].path.as_deref()),
        ("E009", Some("/fiscal_year_start"))
    );
    // An unknown calendar names the ones there are.
    let err = Plan::from_json(&plan(
        r#","calendar":"jalali""#,
        "1399-01-01",
        "1400-01-01",
        "",
    ))
    .unwrap_err();
    let e: Vec<_> = err.errors().collect();
    assert!(e[0].message.contains("solar_hijri"), "{}", e[0].message);
}

#[test]
fn fiscal_years_from_another_day() {
    // Fiscal years from 1 Mehr (07-01), named by both years; one year alone, or two
    // that do not follow each other, name no span.
    let text = plan(
        SOLAR,
        "1399-01-01",
        "1400-01-01",
        r#","fiscal_year_start":"07-01""#,
    )
    .replace(r#""year":"1399""#, r#""year":"1399-01""#)
    .replace(r#""year":"۱۴۰۰""#, r#""year":"1399-1400""#);
    let r = Plan::from_json(&text)
        .unwrap()
        .report(&Scope::all(), Phase::Amount);
    let json = serde_json::to_value(&r).unwrap();
    let years = json["fiscal_years"].as_array().unwrap();
    assert_eq!(years.len(), 1, "{years:?}");
    assert_eq!(
        (&years[0]["start"], &years[0]["end"]),
        (&"1399-07-01".into(), &"1400-06-31".into())
    );
}

#[test]
fn the_calendar_survives_the_plan_file_and_the_tables() {
    let text = plan(
        SOLAR,
        "۱۳۹۹/۰۱/۰۱",
        "1400/1/1",
        r#","fiscal_year_start":"01-01""#,
    );
    let plan = Plan::from_json(&text).unwrap();
    let written = plan.to_json();
    assert!(
        written.contains(r#""calendar": "solar_hijri""#),
        "{written}"
    );
    assert!(written.contains(r#""start": "1399-01-01""#), "{written}");
    let again = Plan::from_json(&written).unwrap();
    assert_eq!(again.data(), plan.data());
    let files: Vec<(String, Vec<u8>)> = goldthread::tables::write(plan.data())
        .unwrap()
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.into_bytes()))
        .collect();
    let (data, diags) = goldthread::tables::read(&files);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(data.as_ref(), Some(plan.data()));
}

/// The Isfahan example, whose dates are Solar Hijri, reports exactly what the same plan
/// with every date converted to the Gregorian calendar reports: the calendars differ only
/// in how a day is written.
#[test]
fn the_same_days_in_either_calendar_give_the_same_report() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/isfahan/plan.json"),
    )
    .unwrap();
    let solar = Plan::from_json(&text).unwrap();
    assert_eq!(solar.data().calendar, Calendar::SolarHijri);
    let mut data = solar.data().clone();
    let iso = |d| Calendar::SolarHijri.to_iso(d).unwrap();
    for p in &mut data.projects {
        if let Some(s) = &mut p.schedule {
            (s.start, s.finish) = (iso(s.start), iso(s.finish));
        }
        if let Some(s) = &mut p.status {
            s.as_of = iso(s.as_of);
        }
    }
    data.calendar = Calendar::Gregorian;
    let gregorian = Plan::from_data(data).unwrap();
    let report = |p: &Plan| {
        let mut json = serde_json::to_value(p.report(&Scope::all(), Phase::Amount)).unwrap();
        let object = json.as_object_mut().unwrap();
        object.remove("calendar");
        object.remove("fiscal_years");
        json
    };
    let (a, b) = (report(&solar), report(&gregorian));
    assert!(a["projects"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p.get("pv").is_some()));
    assert_eq!(a, b);
}

#[test]
fn a_gregorian_plan_reports_no_calendar_fields() {
    let json = serde_json::to_value(
        Plan::from_json(&plan("", "2020-01-01", "2021-01-01", ""))
            .unwrap()
            .report(&Scope::all(), Phase::Amount),
    )
    .unwrap();
    assert!(json.get("calendar").is_none() && json.get("fiscal_years").is_none());
}

#[test]
fn tables_name_a_bad_calendar_or_fiscal_year_start_by_file_row_and_column() {
    let files = vec![(
        "plan.csv".to_string(),
        b"name,precision,calendar,fiscal_year_start\np,0,jalali,7/1/1\n".to_vec(),
    )];
    let (_, diags) = goldthread::tables::read(&files);
    let found: Vec<(&str, bool)> = diags
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.message.contains("solar_hijri") || d.message.contains("MM-DD"),
            )
        })
        .collect();
    assert_eq!(found, [("E008", true), ("E009", true)], "{diags:?}");
    assert!(
        diags.iter().all(|d| d.to_string().contains("plan.csv")),
        "{diags:?}"
    );
}
