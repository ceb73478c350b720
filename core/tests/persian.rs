//! Reports in Persian (`--lang fa`): the same figures as the English report, written in
//! Persian digits, in a page that reads right to left; every label from the catalogue.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::read;
use goldthread::lang::Lang;
use goldthread::{export, render, Phase, Plan, ReportOptions, Scope};

fn isfahan() -> Plan {
    Plan::from_json(&read("examples/isfahan/plan.json")).expect("the example loads")
}

/// The text of every figure cell (`<td … class="num">`) of an HTML page, in order.
fn figures(html: &str) -> Vec<String> {
    html.split("<td dir=\"auto\" class=\"num\"")
        .skip(1)
        .filter_map(|rest| {
            let text = rest.split_once('>')?.1;
            Some(text.split('<').next()?.to_string())
        })
        .collect()
}

/// A Persian figure written back in Latin digits and marks.
fn latin(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '۰'..='۹' => char::from_u32('0' as u32 + (c as u32 - '۰' as u32)).unwrap(),
            '٬' => ',',
            '٫' => '.',
            '٪' => '%',
            _ => c,
        })
        .collect()
}

#[test]
fn the_persian_page_has_the_english_figures_in_persian_digits() {
    let plan = isfahan();
    let mut options = ReportOptions::new(Scope::all(), Phase::Amount);
    options.compare_phases = true;
    let report = plan.report_with(&options);
    let sankey = export::sankey(&plan, &Scope::all(), Phase::Amount);
    let en = render::report_page(&report, &sankey, Lang::En);
    let fa = render::report_page(&report, &sankey, Lang::Fa);
    assert!(fa.starts_with("<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\">"));
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"));
    let (en_figures, fa_figures) = (figures(&en), figures(&fa));
    assert!(en_figures.len() > 500, "{}", en_figures.len());
    assert_eq!(en_figures.len(), fa_figures.len());
    for (e, f) in en_figures.iter().zip(&fa_figures) {
        assert!(
            !f.chars().any(|c| c.is_ascii_digit()),
            "a Latin digit in {f:?}"
        );
        // Dates are written with `/` in Persian, `-` in English.
        assert_eq!(&latin(f).replace('/', "-"), e);
    }
    // Labels in Persian, the currency by its Persian name; the English words are gone.
    for word in [
        "ریال",
        "اهداف",
        "برنامه‌ها",
        "تراز و تحقق",
        "رشته‌ی پول تا اهداف",
    ] {
        assert!(fa.contains(word), "{word}");
    }
    for word in ["Goals", "Programs", "Where the thread breaks", "IRR"] {
        assert!(!fa.contains(&format!(">{word}<")), "{word}");
    }
    // The Sankey is drawn inline, mirrored: org units (the sources) on the right.
    assert!(fa.contains("<svg class=\"sankey\""));
}

#[test]
fn persian_text_and_markdown_speak_persian() {
    let report = isfahan().report(&Scope::all(), Phase::Amount);
    let text = render::report_text_in(&report, Lang::Fa);
    let markdown = render::report_markdown_in(&report, Lang::Fa);
    for out in [&text, &markdown] {
        assert!(out.contains("جمع در دامنه"), "{out}");
        assert!(out.contains("ریال"));
        assert!(!out.contains("Total in scope"));
        // The plan's warnings, each with its code's Persian title and where it is.
        assert!(
            out.contains("هشدار") && out.contains("W101 ردیف بی‌پیوند"),
            "{out}"
        );
        assert!(!out.contains("warning["), "{out}");
    }
    // The English forms are the defaults, unchanged.
    assert_eq!(
        render::report_text(&report),
        render::report_text_in(&report, Lang::En)
    );
}

#[test]
fn the_page_escapes_every_name() {
    let plan = Plan::from_json(
        r#"{"format":"goldthread/1","name":"<script>x</script>","precision":0,
            "goals":[{"id":"G","name":"<img src=x onerror=alert(1)>"}],
            "programs":[{"id":"P","name":"p","goals":[{"goal":"G"}]}],
            "budget_lines":[{"id":"L","year":"1398","amount":"5","funds":[{"program":"P"}]},
                            {"id":"M","year":"1398","amount":"-2","funds":[{"program":"P"}]}]}"#,
    )
    .unwrap();
    let report = plan.report(&Scope::all(), Phase::Amount);
    let sankey = export::sankey(&plan, &Scope::all(), Phase::Amount);
    for lang in Lang::ALL {
        let page = render::report_page(&report, &sankey, lang);
        assert!(
            !page.contains("<script>") && !page.contains("<img"),
            "{page}"
        );
    }
}
