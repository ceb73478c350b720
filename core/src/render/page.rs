//! The report as one self-contained HTML page (`report --format html`): every table, the
//! Sankey as inline SVG, a stylesheet for screen and print, and nothing fetched from
//! anywhere. In a right-to-left language the whole page turns: `dir="rtl"` on the document,
//! tables read from the right, the Sankey mirrored.

use super::sankey_svg::sankey_svg;
use super::{escape_html, sections};
use crate::export::Sankey;
use crate::lang::Lang;
use crate::report::Report;
use std::fmt::Write;

const STYLE: &str = "\
body{font-family:Vazirmatn,'Noto Sans Arabic','DejaVu Sans',Tahoma,sans-serif;margin:2rem;color:#222;line-height:1.45}\
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;font-size:.85rem;margin-bottom:.5rem}\
th,td{padding:.2rem .5rem;border-bottom:1px solid #eee;text-align:start;vertical-align:top}\
th{background:#f4f4f4}.num{text-align:end;white-space:nowrap;font-variant-numeric:tabular-nums}\
table.facts th{background:none;font-weight:600}\
svg.sankey{width:100%;max-width:1200px;height:auto}.caption{font-size:.8rem;color:#666}\
ul.diagnostics{font-size:.8rem}\
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}@page{size:A4 landscape;margin:12mm}}";

/// The report as a whole HTML document in `lang`, with `sankey` (the same scope and
/// phase) drawn in it. Every name from the plan is escaped.
pub fn report_page(report: &Report, sankey: &Sankey, lang: Lang) -> String {
    let s = sections(report, lang);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"generator\" content=\"goldthread\"><title>{}</title><style>{STYLE}</style></head><body>",
        lang.tag(),
        lang.dir(),
        escape_html(&s.title)
    );
    let _ = write!(
        out,
        "<h1 dir=\"auto\">{}</h1><table class=\"facts\">",
        escape_html(&s.title)
    );
    for (k, v) in &s.facts {
        let _ = write!(
            out,
            "<tr><th>{}</th><td dir=\"auto\">{}</td></tr>",
            escape_html(k),
            escape_html(v)
        );
    }
    out.push_str("</table>");
    let _ = write!(
        out,
        "<section><h2>{}</h2>{}</section>",
        escape_html(lang.t("section.sankey")),
        sankey_svg(sankey, lang, report.precision)
    );
    for (title, table) in &s.tables {
        let _ = write!(out, "<section><h2>{}</h2>", escape_html(title));
        table.html(&mut out);
        out.push_str("</section>");
    }
    if !s.notes.is_empty() {
        let n = lang.figure(&report.diagnostics.len().to_string());
        let _ = write!(
            out,
            "<section><h2>{}</h2><ul class=\"diagnostics\">",
            escape_html(&lang.fill("section.diagnostics", &[("n", &n)]))
        );
        for note in &s.notes {
            let _ = write!(out, "<li dir=\"auto\">{}</li>", escape_html(note));
        }
        out.push_str("</ul></section>");
    }
    out.push_str("</body></html>\n");
    // Names and ids are the file's: control characters in them are shown, not run.
    crate::controls::visible(&out).into_owned()
}
