//! The IATI import's rules on small files worked by hand.
use super::*;
use crate::{Phase as ReportPhase, Plan, Scope};

fn file(activities: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0"?><iati-activities version="2.03">{activities}</iati-activities>"#
    )
    .into_bytes()
}

fn activity(id: &str, inner: &str) -> String {
    format!(
        r#"<iati-activity default-currency="EUR"><iati-identifier>{id}</iati-identifier><title><narrative>{id} &amp; co</narrative></title>{inner}</iati-activity>"#
    )
}

fn budget(start: &str, end: &str, value: &str) -> String {
    format!(
        r#"<budget type="1"><period-start iso-date="{start}"/><period-end iso-date="{end}"/><value>{value}</value></budget>"#
    )
}

fn run(xml: &[u8], options: IatiOptions) -> IatiImported {
    import(
        &[IatiFile {
            name: "t.xml",
            bytes: xml,
        }],
        options,
    )
}

fn lines(done: &IatiImported) -> Vec<(String, Option<Decimal>)> {
    done.data
        .budget_lines
        .iter()
        .map(|l| (l.year.to_string(), l.amount))
        .collect()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn a_budget_over_two_fiscal_years_is_refused_or_split_by_its_days() {
    let xml = file(&activity(
        "A",
        &format!(
            r#"<sector code="14030"/>{}"#,
            budget("2015-12-01", "2016-01-31", "1000")
        ),
    ));
    let refused = run(&xml, IatiOptions::default());
    assert_eq!(refused.diagnostics.len(), 1);
    let message = &refused.diagnostics[0].message;
    assert!(
        message.contains("t.xml: activity A (budget[1]/period-end)")
            && message.contains("spans fiscal years 2015 and 2016"),
        "{message}"
    );
    // 31 days in each year: halves.
    let split = run(
        &xml,
        IatiOptions {
            split_by_days: true,
            ..IatiOptions::default()
        },
    );
    assert!(split.diagnostics.is_empty());
    assert_eq!(
        lines(&split),
        [
            ("2015".into(), Some(d("500"))),
            ("2016".into(), Some(d("500")))
        ]
    );
    // Over three fiscal years the parts foot to the value; a negative value splits as the
    // negation of its magnitude's split.
    for value in ["100", "-100"] {
        let xml = file(&activity(
            "B",
            &format!(
                r#"<sector code="14030"/>{}"#,
                budget("2015-12-31", "2017-01-01", value)
            ),
        ));
        let split = run(
            &xml,
            IatiOptions {
                split_by_days: true,
                ..IatiOptions::default()
            },
        );
        let got: Vec<Decimal> = split
            .data
            .budget_lines
            .iter()
            .map(|l| l.amount.unwrap())
            .collect();
        // 2015: 1 day, 2016: 366 days, 2017: 1 day.
        let total: Decimal = got.iter().sum();
        assert_eq!(total, d(value));
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0],
            -got[2].abs() * Decimal::from(if value.starts_with('-') { 1 } else { -1 })
        );
    }
    // The publisher's fiscal year (April to March) holds the same period whole.
    let xml = file(&activity(
        "C",
        &format!(
            r#"<sector code="14030"/>{}"#,
            budget("2015-12-01", "2016-01-31", "1000")
        ),
    ));
    let april = run(
        &xml,
        IatiOptions {
            fiscal_year_start: MonthDay::read("04-01").ok(),
            ..IatiOptions::default()
        },
    );
    assert!(april.diagnostics.is_empty(), "{:?}", april.diagnostics);
    assert_eq!(lines(&april), [("2015-16".into(), Some(d("1000")))]);
}

#[test]
fn the_split_by_days_is_exact_to_the_cent() {
    // 100.00 over 2015-12-31 .. 2017-01-01: 1 + 366 + 1 days.
    let xml = file(&activity(
        "B",
        &format!(
            r#"<sector code="14030"/>{}"#,
            budget("2015-12-31", "2017-01-01", "100")
        ),
    ));
    let split = run(
        &xml,
        IatiOptions {
            split_by_days: true,
            ..IatiOptions::default()
        },
    );
    let got: Vec<(String, Option<Decimal>)> = lines(&split);
    // Exact parts 0.2717…, 99.4565…, 0.2717…: floors 0.27, 99.45, 0.27 leave 1 cent, to
    // the largest remainder (99.4565 → .0065 beats .0017).
    assert_eq!(
        got,
        [
            ("2015".into(), Some(d("0.27"))),
            ("2016".into(), Some(d("99.46"))),
            ("2017".into(), Some(d("0.27")))
        ]
    );
}

#[test]
fn sectors_become_goal_links_and_what_cannot_be_placed_is_said() {
    let xml = file(&[
        activity("A", r#"<sector vocabulary="1" code="14030" percentage="60"/><sector vocabulary="1" code="14030" percentage="10"/><sector vocabulary="1" code="15110" percentage="30"/><sector vocabulary="2" code="151" percentage="100"/>"#),
        activity("E", r#"<sector vocabulary="2" code="151" percentage="100"/><sector vocabulary="98" code="7"/>"#),
        activity("B", r#"<sector code="14030"/><sector code="15110"/>"#),
        activity("C", r#"<sector vocabulary="99" code="X" percentage="40"/><sector code="11110" percentage="60"/>"#),
        activity("D", r#"<sector code="14030" percentage="80"/><sector code="15110" percentage="30"/>"#),
    ].concat());
    let done = run(&xml, IatiOptions::default());
    // D's percentages sum past 100: refused, named.
    assert_eq!(done.diagnostics.len(), 1, "{:?}", done.diagnostics);
    assert!(
        done.diagnostics[0].message.contains("activity D")
            && done.diagnostics[0].message.contains("sum to 110")
    );
    let p = |id: &str| done.data.programs.iter().find(|p| p.id == id).unwrap();
    let links = |id: &str| {
        p(id)
            .goals
            .iter()
            .map(|l| (l.goal.clone(), l.share))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        links("A"),
        [
            ("DAC-14030".into(), Some(d("0.70"))),
            ("DAC-15110".into(), Some(d("0.30")))
        ]
    );
    // Each vocabulary sums to 100 on its own: beside the DAC 5-digit codes, A's 3-digit one
    // is not read; E, with only a 3-digit code, links to the category.
    assert_eq!(links("E"), [("DAC-151".into(), None)]);
    assert!(
        links("B").is_empty(),
        "two sectors, no percentages: no share guessed"
    );
    assert_eq!(links("C"), [("DAC-11110".into(), Some(d("0.60")))]);
    assert_eq!(p("A").name, "A & co");
    let notes: Vec<&String> = done.summary.notes.keys().collect();
    assert!(
        notes.iter().any(|n| n.contains("listed twice")),
        "{notes:?}"
    );
    assert!(notes
        .iter()
        .any(|n| n.contains("several sectors but not every percentage")));
    assert!(notes.iter().any(|n| n.contains("vocabulary \"99\"")));
    assert!(notes
        .iter()
        .any(|n| n.contains("vocabulary \"2\" beside the DAC's")));
    // Sectors hang under their DAC categories, named from the codelist.
    let g = |id: &str| done.data.goals.iter().find(|g| g.id == id).unwrap();
    assert_eq!(g("DAC-14030").parent.as_deref(), Some("DAC-140"));
    assert_eq!(g("DAC-140").name, "Water Supply & Sanitation");
}

#[test]
fn transactions_feed_committed_and_spent_and_other_types_are_counted() {
    let xml = file(&activity(
        "A",
        r#"<sector code="14030"/>
        <transaction><transaction-type code="2"/><transaction-date iso-date="2024-03-01"/><value>300</value></transaction>
        <transaction><transaction-type code="3"/><transaction-date iso-date="2024-05-01"/><value>100</value></transaction>
        <transaction><transaction-type code="4"/><transaction-date iso-date="2025-01-02"/><value>50.5</value></transaction>
        <transaction><transaction-type code="1"/><transaction-date iso-date="2024-01-01"/><value>999</value></transaction>
        <transaction><transaction-type code="C"/><transaction-date iso-date="2025-02-01"/><value>7</value></transaction>"#,
    ));
    let done = run(&xml, IatiOptions::default());
    assert!(done.diagnostics.is_empty(), "{:?}", done.diagnostics);
    let l: Vec<(String, Option<Decimal>, Option<Decimal>)> = done
        .data
        .budget_lines
        .iter()
        .map(|l| (l.year.to_string(), l.committed, l.spent))
        .collect();
    assert_eq!(
        l,
        [
            ("2024".into(), Some(d("300")), Some(d("100"))),
            ("2025".into(), Some(d("7")), Some(d("50.5")))
        ]
    );
    let (n, amount) = done.summary.not_placed.values().next().copied().unwrap();
    assert_eq!((n, amount), (1, d("999")));
    let plan = Plan::from_data(done.data).unwrap();
    let r = plan.report(&Scope::all(), ReportPhase::Spent);
    assert_eq!(r.traceability.traced_amount, d("150.5"));
}

#[test]
fn one_plan_one_currency_and_files_that_are_not_iati_are_named() {
    let xml = file(&[
        activity("A", &budget("2024-01-01", "2024-12-31", "10")),
        r#"<iati-activity default-currency="USD"><iati-identifier>B</iati-identifier><budget><period-start iso-date="2024-01-01"/><value>5</value></budget></iati-activity>"#.to_string(),
    ].concat());
    let done = run(&xml, IatiOptions::default());
    assert_eq!(done.diagnostics.len(), 1);
    assert!(
        done.diagnostics[0].message.contains("activity B")
            && done.diagnostics[0]
                .message
                .contains("is in USD, the plan in EUR")
    );
    for (bad, says) in [
        (&b"<html/>"[..], "not an IATI activity file"),
        (
            &b"<iati-activities><iati-activity><iati-identifier>Z</iati-identifier>"[..],
            "ends inside activity 1 (Z)",
        ),
        (
            &b"<iati-activities><iati-activity></budget>"[..],
            "not well-formed",
        ),
    ] {
        let done = run(bad, IatiOptions::default());
        assert_eq!(done.diagnostics.len(), 1, "{:?}", done.diagnostics);
        let message = &done.diagnostics[0].message;
        assert!(
            message.starts_with("t.xml: at byte") && message.contains(says),
            "{message}"
        );
    }
}

#[test]
fn policy_markers_and_sdg_tags_become_marker_classifications() {
    let xml = file(&[
        activity("A", &format!(r#"<sector code="41010"/><policy-marker vocabulary="1" code="6" significance="2"/>
            <policy-marker vocabulary="1" code="7" significance="1"/><policy-marker vocabulary="1" code="1" significance="0"/>
            <tag vocabulary="3" code="13.1"/><tag vocabulary="2" code="13"/>{}"#, budget("2024-01-01", "2024-12-31", "1000"))),
        activity("B", &format!(r#"<sector code="41010"/><policy-marker vocabulary="1" code="7" significance="2"/>
            <policy-marker vocabulary="1" code="4" significance=""/><tag vocabulary="99" code="x"/>{}"#, budget("2024-01-01", "2024-12-31", "500"))),
    ].concat());
    let done = run(&xml, IatiOptions::default());
    assert!(done.diagnostics.is_empty(), "{:?}", done.diagnostics);
    let plan = Plan::from_data(done.data.clone()).unwrap();
    assert!(plan.warnings().iter().all(|w| w.code.as_str() != "W111"));
    let r = plan.report(&Scope::all(), ReportPhase::Amount);
    let c = |id: &str| r.classifications.iter().find(|c| c.id == id).unwrap();
    let amounts = |id: &str| {
        c(id)
            .codes
            .iter()
            .map(|x| (x.id.clone(), x.amount))
            .collect::<Vec<_>>()
    };
    // Mitigation: A principal (1000 × 1); adaptation: A significant (1000 × 0.4) + B
    // principal (500 × 1); gender at significance 0 is no tag.
    assert_eq!(
        amounts("policy-markers"),
        [("6".into(), d("1000.00")), ("7".into(), d("900.00"))]
    );
    // Any marker: each unit once, at its largest weight: A at 1, B at 1.
    assert_eq!(c("policy-markers").any_amount, Some(d("1500.00")));
    assert_eq!(c("policy-markers").codes[0].name.as_deref(), Some("Aid Targeting the Objectives of the Framework Convention on Climate Change - Mitigation"));
    // SDG 13 and its target 13.1 (under it), A's money relevant to both.
    let sdg = c("sdg");
    let code = |id: &str| sdg.codes.iter().find(|x| x.id == id).unwrap();
    assert_eq!(code("13.1").parent.as_deref(), Some("13"));
    assert_eq!(code("13.1").amount, d("1000.00"));
    assert_eq!(sdg.unclassified_amount, d("500.00"));
    let notes: Vec<&String> = done.summary.notes.keys().collect();
    assert!(
        notes.iter().any(|n| n.contains("without a significance")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("tags of vocabulary \"99\"")),
        "{notes:?}"
    );
}

#[test]
fn result_indicators_become_the_programs_indicators() {
    let xml = file(&activity(
        "A",
        r#"<sector code="12220"/>
        <result type="1"><title><narrative>Health</narrative></title>
          <indicator measure="1" ascending="0"><title><narrative>Child mortality</narrative></title>
            <baseline year="2015" value="40"><dimension name="sex" value="female"/></baseline>
            <period><period-start iso-date="2016-01-01"/><period-end iso-date="2016-12-31"/>
              <target value="35"/><actual value="37"/></period>
            <period><period-start iso-date="2017-01-01"/><period-end iso-date="2017-12-31"/>
              <target value="30"/><actual value="31.5"/></period>
            <period><period-start iso-date="2018-01-01"/><period-end iso-date="2018-12-31"/>
              <target value="20"><dimension name="sex" value="female"/></target><target value="22"/></period>
          </indicator>
          <indicator measure="5"><title><narrative>Policy adopted</narrative></title>
            <period><period-end iso-date="2017-12-31"/><target value="yes"/></period></indicator>
        </result>"#,
    ));
    let done = run(&xml, IatiOptions::default());
    assert!(done.diagnostics.is_empty(), "{:?}", done.diagnostics);
    let ind = &done.data.programs[0].indicators;
    assert_eq!(ind.len(), 2);
    let m = &ind[0];
    assert_eq!(
        (m.id.as_str(), m.name.as_str(), m.ascending),
        ("A/indicator-1", "Child mortality", Some(false))
    );
    assert_eq!(
        m.baseline.as_ref().map(|b| (b.value, b.year.as_str())),
        Some((d("40"), "2015"))
    );
    // The last period with one target: 2018's two targets are a disaggregation, not read.
    assert_eq!(m.target.as_ref().map(|t| (t.value, t.year.as_str())), None);
    let actuals: Vec<(Decimal, &str)> = m
        .actuals
        .iter()
        .map(|a| (a.value, a.year.as_str()))
        .collect();
    assert_eq!(actuals, [(d("37"), "2016"), (d("31.5"), "2017")]);
    assert!(
        ind[1].target.is_none(),
        "a qualitative target is not a number"
    );
    assert_eq!(done.summary.notes.values().sum::<usize>(), 2);
}

fn links(done: &IatiImported, program: &str) -> Vec<(String, Option<Decimal>)> {
    let p = done.data.programs.iter().find(|p| p.id == program);
    p.map(|p| p.goals.iter().map(|l| (l.goal.clone(), l.share)).collect())
        .unwrap_or_default()
}

fn tags(done: &IatiImported, classification: &str) -> Vec<(String, String, Option<Decimal>)> {
    let c = done
        .data
        .classifications
        .iter()
        .find(|c| c.id == classification);
    c.map(|c| {
        c.tags
            .iter()
            .map(|t| (t.target.id().to_string(), t.code.clone(), t.share))
            .collect()
    })
    .unwrap_or_default()
}

const TAGGED: &str = r#"<sector vocabulary="1" code="14030" percentage="60"/>
    <sector vocabulary="1" code="14021" percentage="15"/><sector vocabulary="1" code="11220" percentage="25"/>
    <tag vocabulary="2" code="6"/><tag vocabulary="3" code="6.1"/><tag vocabulary="3" code="4.1"/>
    <tag vocabulary="2" code="13"/><tag vocabulary="99" code="X"/>
    <country-budget-items vocabulary="1"><budget-item code="1.1" percentage="70"><description><narrative>Water</narrative></description></budget-item>
      <budget-item code="2.3" percentage="30"/></country-budget-items>"#;

#[test]
fn each_goal_tree_takes_its_codes_and_the_others_become_share_classifications() {
    let xml = file(&activity(
        "A",
        &format!("{TAGGED}{}", budget("2024-01-01", "2024-12-31", "1000")),
    ));
    let with = |goals| {
        run(
            &xml,
            IatiOptions {
                goals,
                ..IatiOptions::default()
            },
        )
    };

    // Categories: 14030 and 14021 add up under 140, 11220 under 112.
    let categories = with(IatiGoals::SectorCategory);
    assert!(
        categories.diagnostics.is_empty(),
        "{:?}",
        categories.diagnostics
    );
    assert_eq!(
        links(&categories, "A"),
        vec![
            ("DAC-140".into(), Some(d("0.75"))),
            ("DAC-112".into(), Some(d("0.25")))
        ]
    );
    assert_eq!(categories.data.goals.len(), 2);
    assert_eq!(
        categories.summary.notes
            ["sector codes of one category in one activity: their percentages added"],
        1
    );
    // The budget items beside the sectors: a share classification with their percentages.
    assert_eq!(
        tags(&categories, "country-budget-items"),
        vec![
            ("A".into(), "1.1".into(), Some(d("0.7"))),
            ("A".into(), "2.3".into(), Some(d("0.3")))
        ]
    );

    // SDGs: targets under their goals, goal 6 dropped for its target 6.1, split equally.
    let sdg = with(IatiGoals::Sdg);
    assert!(sdg.diagnostics.is_empty(), "{:?}", sdg.diagnostics);
    assert_eq!(
        links(&sdg, "A"),
        vec![
            ("SDG-6.1".into(), None),
            ("SDG-4.1".into(), None),
            ("SDG-13".into(), None)
        ]
    );
    let parent = |id: &str| {
        sdg.data
            .goals
            .iter()
            .find(|g| g.id == id)
            .and_then(|g| g.parent.clone())
    };
    assert_eq!(parent("SDG-6.1").as_deref(), Some("SDG-6"));
    assert_eq!(parent("SDG-13"), None);
    assert!(
        sdg.data.classifications.iter().all(|c| c.id != "sdg"),
        "the SDGs are the goals, not a classification too"
    );
    assert_eq!(
        tags(&sdg, "dac-sectors"),
        vec![
            ("A".into(), "14030".into(), Some(d("0.6"))),
            ("A".into(), "14021".into(), Some(d("0.15"))),
            ("A".into(), "11220".into(), Some(d("0.25")))
        ]
    );
    let plan = Plan::from_data(sdg.data).unwrap();
    let r = plan.report(&Scope::all(), ReportPhase::Amount);
    let amount = |id: &str| {
        r.goals
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.rolled_up_amount.to_string())
    };
    // 1000 over three targets: 333.34, 333.33, 333.33 by the largest remainder.
    assert_eq!(amount("SDG-6").as_deref(), Some("333.34"));
    assert_eq!(amount("SDG-4").as_deref(), Some("333.33"));
    let sectors = r
        .classifications
        .iter()
        .find(|c| c.id == "dac-sectors")
        .unwrap();
    assert_eq!(sectors.unclassified_amount, Decimal::ZERO);

    // Budget items: the recipient's codes, named by their descriptions.
    let items = with(IatiGoals::BudgetItem);
    assert_eq!(
        links(&items, "A"),
        vec![
            ("BI-1.1".into(), Some(d("0.7"))),
            ("BI-2.3".into(), Some(d("0.3")))
        ]
    );
    assert_eq!(items.data.goals[0].name, "Water");
    assert_eq!(tags(&items, "dac-sectors").len(), 3);
    assert!(Plan::from_data(items.data).is_ok());
}

#[test]
fn an_activity_without_codes_of_the_tree_is_counted_and_bad_percentages_named() {
    let xml = file(&format!(
        "{}{}",
        activity(
            "A",
            &format!(
                r#"<sector code="14030"/>{}"#,
                budget("2024-01-01", "2024-12-31", "5")
            )
        ),
        activity(
            "B",
            r#"<country-budget-items vocabulary="1"><budget-item code="1" percentage="80"/><budget-item code="2" percentage="30"/></country-budget-items>"#
        ),
    ));
    let sdg = run(
        &xml,
        IatiOptions {
            goals: IatiGoals::Sdg,
            ..IatiOptions::default()
        },
    );
    assert_eq!(sdg.summary.notes["activities with no SDG tag (vocabulary 2 or 3): their money reaches no goal (program_unlinked)"], 2);
    let items = run(
        &xml,
        IatiOptions {
            goals: IatiGoals::BudgetItem,
            ..IatiOptions::default()
        },
    );
    assert_eq!(items.diagnostics.len(), 1);
    let m = &items.diagnostics[0];
    assert!(
        m.message.contains("activity B (budget-item/@percentage)")
            && m.message.contains("sum to 110"),
        "{}",
        m.message
    );
    assert_eq!(IatiGoals::parse("sdg"), Ok(IatiGoals::Sdg));
    assert!(IatiGoals::parse("sdgs")
        .unwrap_err()
        .contains("sector-category"));
}

#[test]
fn values_in_another_currency_are_converted_only_by_a_given_rate() {
    let usd = |start: &str, value: &str, date: &str| {
        format!(
            r#"<budget type="1"><period-start iso-date="{start}-01-01"/><period-end iso-date="{start}-12-31"/><value currency="USD" value-date="{date}">{value}</value></budget>"#
        )
    };
    let xml = file(&format!(
        "{}{}",
        activity(
            "A",
            &format!(
                r#"<sector code="14030"/>{}"#,
                budget("2024-01-01", "2024-12-31", "100")
            )
        ),
        activity(
            "B",
            &format!(
                r#"<sector code="14030"/>{}{}"#,
                usd("2024", "10.01", "2024-03-01"),
                usd("2023", "-3.33", "2022-06-30")
            )
        ),
    ));
    // Without rates: refused, saying how to give them.
    let refused = run(&xml, IatiOptions::default());
    assert_eq!(refused.diagnostics.len(), 2);
    assert!(
        refused.diagnostics[0].message.contains("--exchange-rates"),
        "{}",
        refused.diagnostics[0].message
    );
    // 2024 has its own rate; 2022 (the second budget's value-date) takes the every-year one.
    let table = "currency,year,rate\nusd,2024,0.9\nUSD,,0.95\n";
    let rates = ExchangeRates::read("EUR", "rates.csv", table).unwrap();
    let done = run(
        &xml,
        IatiOptions {
            exchange_rates: Some(rates),
            ..IatiOptions::default()
        },
    );
    assert!(done.diagnostics.is_empty(), "{:?}", done.diagnostics);
    assert_eq!(done.data.currency.as_deref(), Some("EUR"));
    let b: Vec<_> = lines(&done).into_iter().skip(1).collect();
    // 10.01 × 0.9 = 9.009 → 9.01; −3.33 × 0.95 = −3.1635 → −3.16 (half away from zero).
    assert_eq!(
        b,
        vec![
            ("2023".into(), Some(d("-3.16"))),
            ("2024".into(), Some(d("9.01")))
        ]
    );
    let (n, written, became, rounding) = done.summary.converted["USD"];
    assert_eq!((n, written, became), (2, d("6.68"), d("5.85")));
    assert_eq!(rounding, d("9.01") - d("9.009") + d("-3.16") - d("-3.1635"));
    assert!(done
        .summary
        .to_string()
        .contains("converted: 2 values in USD (6.68) to 5.85"));

    // A year with no rate at all is an error naming the row to add.
    let only_2024 =
        ExchangeRates::read("EUR", "r.csv", "currency,year,rate\nUSD,2024,0.9\n").unwrap();
    let missing = run(
        &xml,
        IatiOptions {
            exchange_rates: Some(only_2024),
            ..IatiOptions::default()
        },
    );
    assert_eq!(missing.diagnostics.len(), 1);
    assert!(
        missing.diagnostics[0]
            .message
            .contains("add a row `USD,2022,RATE`"),
        "{}",
        missing.diagnostics[0].message
    );
}

#[test]
fn a_rates_table_is_checked_row_by_row() {
    let read = |t: &str| {
        ExchangeRates::read("EUR", "r.csv", t)
            .err()
            .unwrap_or_default()
    };
    assert!(read("from,to\nUSD,EUR\n").contains("must name the columns currency, rate"));
    assert!(read("currency,rate\nUSD,abc\n")
        .contains("r.csv, row 2: rate \"abc\" is not a positive number"));
    assert!(read("currency,rate\nUSD,0\n").contains("not a positive number"));
    assert!(read("currency,rate\nEUR,1\n").contains("plan's own currency"));
    assert!(read("currency,year,rate\nUSD,2024,1\nUSD,2024,2\n")
        .contains("row 3: USD for 2024 is given twice"));
}

#[test]
fn the_hierarchy_makes_children_projects_of_their_top_ancestors_program() {
    let child = |id: &str, parent: &str, inner: &str| {
        activity(
            id,
            &format!(
                r#"<related-activity ref="{parent}" type="1"/>{inner}{}"#,
                budget("2024-01-01", "2024-12-31", "10")
            ),
        )
    };
    let xml = file(&format!(
        "{}{}{}{}{}{}",
        activity(
            "P",
            &format!(
                r#"<sector code="14030"/><policy-marker vocabulary="1" code="1" significance="2"/>{}"#,
                budget("2024-01-01", "2024-12-31", "100")
            )
        ),
        child(
            "C",
            "P",
            r#"<sector code="11220" percentage="60"/><sector code="12220" percentage="40"/><policy-marker vocabulary="1" code="2" significance="1"/>"#
        ),
        child("G", "C", r#"<sector code="11220"/>"#),
        child("O", "ELSEWHERE", r#"<sector code="11220"/>"#),
        child("A", "B", r#"<sector code="11220"/>"#),
        child("B", "A", r#"<sector code="11220"/>"#),
    ));
    let flat = run(&xml, IatiOptions::default());
    assert_eq!(flat.data.programs.len(), 6);
    let done = run(
        &xml,
        IatiOptions {
            hierarchy: true,
            ..IatiOptions::default()
        },
    );
    assert!(done.diagnostics.is_empty(), "{:?}", done.diagnostics);
    let programs: Vec<&str> = done.data.programs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(programs, ["P", "O", "A", "B"]);
    let projects: Vec<(&str, &str)> = done
        .data
        .projects
        .iter()
        .map(|j| (j.id.as_str(), j.programs[0].program.as_str()))
        .collect();
    // The grandchild G is a project of its top ancestor P's program, as C is.
    assert_eq!(projects, [("C", "P"), ("G", "P")]);
    let n = &done.summary.notes;
    assert_eq!(
        n["child activities made projects of their parent's program (--hierarchy)"],
        2
    );
    assert_eq!(
        n["activities nested two levels or more: projects of their top ancestor's program"],
        1
    );
    assert_eq!(
        n["child activities whose parent is not among the files: kept as programs"],
        1
    );
    assert_eq!(n["activities whose parents loop: kept as programs"], 2);
    // C's and G's sectors are share tags of their projects, as the activities gave them.
    let sectors: Vec<_> = tags(&done, "dac-sectors");
    assert_eq!(
        sectors,
        vec![
            ("C".into(), "11220".into(), Some(d("0.6"))),
            ("C".into(), "12220".into(), Some(d("0.4"))),
            ("G".into(), "11220".into(), Some(d("1"))),
        ]
    );
    let markers = done
        .data
        .classifications
        .iter()
        .find(|c| c.id == "policy-markers")
        .unwrap();
    assert!(markers
        .tags
        .iter()
        .any(|t| t.target == TagTarget::Project("C".into())));
    // The money is all there, and the children's reaches the goals through P's sector.
    let plan = Plan::from_data(done.data).unwrap();
    let r = plan.report(&Scope::all(), ReportPhase::Amount);
    let flat = Plan::from_data(flat.data)
        .unwrap()
        .report(&Scope::all(), ReportPhase::Amount);
    assert_eq!(r.traceability.total_amount, flat.traceability.total_amount);
    let water = r
        .goals
        .iter()
        .find(|g| g.id == "DAC-14030")
        .map(|g| g.rolled_up_amount);
    assert_eq!(water, Some(d("120.00")));
}
