//! The languages of readable reports: their labels, kept in one catalogue file per language
//! (`en.toml`, `fa.toml`), and how each writes figures and dates.
//!
//! A third language is a third file and one line in [`Lang`]'s table: the code that lays
//! out a report asks for labels by key and never holds a word of any language.

use crate::amount::format_grouped;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A language of readable reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English, left to right (the default).
    #[default]
    En,
    /// Persian (فارسی), right to left, with Persian digits.
    Fa,
}

/// Each language: its tag, its catalogue, whether it reads right to left.
const LANGUAGES: [(Lang, &str, &str, bool); 2] = [
    (Lang::En, "en", include_str!("en.toml"), false),
    (Lang::Fa, "fa", include_str!("fa.toml"), true),
];

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fa];

    fn entry(self) -> (Lang, &'static str, &'static str, bool) {
        LANGUAGES[self as usize]
    }

    /// The BCP 47 tag: `en`, `fa`.
    pub fn tag(self) -> &'static str {
        self.entry().1
    }

    /// The language of a tag (`fa`, `fa-IR`, `EN`), if goldthread has it.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The language of `tag`, or a message that names the languages there are: what every
    /// binding says to a tag it cannot use.
    pub fn from_tag(tag: &str) -> Result<Lang, String> {
        Lang::parse(tag).ok_or_else(|| {
            let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
            format!(
                "language {tag:?}: goldthread's reports speak {}",
                tags.join(", ")
            )
        })
    }

    /// `rtl` or `ltr`, for HTML's `dir`.
    pub fn dir(self) -> &'static str {
        if self.entry().3 {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The label under `key` (`"section.goals"`); in English where this language lacks it,
    /// and the key itself where no language has it (a test keeps every key in every file).
    pub fn t(self, key: &str) -> &'static str {
        self.labels()
            .get(key)
            .or_else(|| Lang::En.labels().get(key))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The label under `key` with each `{name}` replaced by its value.
    pub fn fill(self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = self.t(key).to_string();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// A diagnostic as this language writes one: its severity and its code's title in
    /// the language, where it is, and the core's message. In English exactly as the
    /// diagnostic displays itself (`error[E001 duplicate-id] at /goals/1: …`).
    pub fn diagnostic(self, d: &crate::diagnostics::Diagnostic) -> String {
        if self == Lang::En {
            return d.to_string();
        }
        d.written(
            self.t(&format!("diagnostic.{}", d.severity.as_str())),
            self.t(&format!("diagnostic.{}", d.code.as_str())),
            |path| self.fill("diagnostic.at", &[("path", path)]),
            |line, column| {
                let line = self.figure(&line.to_string());
                let column = self.figure(&column.to_string());
                self.fill("diagnostic.place", &[("line", &line), ("column", &column)])
            },
        )
    }

    /// A currency in this language (`IRR` is ریال in Persian); the code where the
    /// catalogue does not name it.
    pub fn currency(self, code: &str) -> String {
        match self.labels().get(&format!("currency.{code}")) {
            Some(name) => name.clone(),
            None => code.to_string(),
        }
    }

    /// A figure written as this language writes figures: Persian digits (۰–۹), ٬ between
    /// thousands, ٫ before decimals and ٪ for percent in Persian; as is in English.
    pub fn figure(self, text: &str) -> String {
        match self {
            Lang::En => text.to_string(),
            Lang::Fa => text
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32('۰' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
                    ',' => '٬',
                    '.' => '٫',
                    '%' => '٪',
                    _ => c,
                })
                .collect(),
        }
    }

    /// An amount grouped by thousands at `precision` places, in this language's digits.
    pub fn money(self, value: Decimal, precision: u32) -> String {
        self.figure(&format_grouped(value, precision))
    }

    /// A ratio as a percentage to one place (`83.0%`, `۸۳٫۰٪`).
    pub fn percent(self, ratio: f64) -> String {
        self.figure(&format!("{:.1}%", ratio * 100.0))
    }

    /// A date of the plan's calendar (`1398-01-01`) as this language writes dates:
    /// `۱۳۹۸/۰۱/۰۱` in Persian.
    pub fn date(self, iso_like: &str) -> String {
        match self {
            Lang::En => iso_like.to_string(),
            Lang::Fa => self.figure(&iso_like.replace('-', "/")),
        }
    }

    /// Every label of this language by key, English where this language lacks one: what
    /// a page or a notebook shows in this language.
    pub fn all_labels(self) -> Vec<(&'static str, &'static str)> {
        let mut all: Vec<(&'static str, &'static str)> = Lang::En
            .labels()
            .keys()
            .chain(self.labels().keys())
            .map(|k| (k.as_str(), self.t(k)))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    fn labels(self) -> &'static HashMap<String, String> {
        static CATALOGUES: OnceLock<Vec<HashMap<String, String>>> = OnceLock::new();
        let all = CATALOGUES.get_or_init(|| {
            LANGUAGES
                .iter()
                .map(|(_, _, text, _)| catalogue(text).unwrap_or_default())
                .collect()
        });
        &all[self as usize]
    }
}

/// The labels of a catalogue file, its tables' keys joined by dots (`section.goals`).
fn catalogue(text: &str) -> Result<HashMap<String, String>, toml::de::Error> {
    fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
        for (key, value) in table {
            let key = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match value {
                toml::Value::String(s) => {
                    out.insert(key, s.clone());
                }
                toml::Value::Table(t) => flatten(&key, t, out),
                _ => {}
            }
        }
    }
    let table: toml::Table = toml::from_str(text)?;
    let mut out = HashMap::new();
    flatten("", &table, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_diagnostic_reads_in_the_reports_language_with_its_codes_title() {
        use crate::diagnostics::{Code, Diagnostic};
        // In English a code's title is its stable name, as the JSON gives it.
        for code in Code::ALL {
            assert_eq!(
                Lang::En.t(&format!("diagnostic.{}", code.as_str())),
                code.name()
            );
            assert_ne!(
                Lang::Fa.t(&format!("diagnostic.{}", code.as_str())),
                code.name()
            );
        }
        let mut d =
            Diagnostic::new(Code::E009, "1398-12-30: 1398 is not a leap year").at("projects.csv");
        d.line = Some(12);
        d.column = Some(3);
        assert_eq!(Lang::En.diagnostic(&d), d.to_string());
        assert_eq!(
            Lang::Fa.diagnostic(&d),
            "خطا[E009 تاریخ نادرست] در projects.csv (سطر ۱۲، ستون ۳): 1398-12-30: 1398 is not a leap year"
        );
        let w =
            Diagnostic::new(Code::W101, "budget line L links to no project").at("/budget_lines/0");
        assert_eq!(
            Lang::Fa.diagnostic(&w),
            "هشدار[W101 ردیف بی‌پیوند] در /budget_lines/0: budget line L links to no project"
        );
    }

    fn keys(lang: Lang) -> BTreeSet<String> {
        lang.labels()
            .keys()
            .filter(|k| !k.starts_with("currency."))
            .cloned()
            .collect()
    }

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_catalogue_parses_and_has_every_key_with_its_placeholders() {
        for (lang, tag, text, _) in LANGUAGES {
            assert!(
                catalogue(text).is_ok(),
                "{tag}.toml: {:?}",
                catalogue(text).err()
            );
            assert_eq!(
                keys(lang),
                keys(Lang::En),
                "{tag}.toml has other keys than en.toml"
            );
            for key in keys(lang) {
                assert_eq!(
                    placeholders(lang.t(&key)),
                    placeholders(Lang::En.t(&key)),
                    "{tag}.toml: {key}"
                );
            }
        }
    }

    /// Every key the report code asks for is in the English catalogue.
    #[test]
    fn every_key_the_code_asks_for_exists() {
        let code = [
            include_str!("../render/mod.rs"),
            include_str!("../render/page.rs"),
            include_str!("../render/classification.rs"),
            include_str!("../render/diff.rs"),
        ]
        .concat();
        let en = keys(Lang::En);
        let mut asked = 0;
        // Keys are the string literals `group.name` in the code.
        for literal in code.split('"').skip(1).step_by(2) {
            let dotted = literal.split_once('.').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
            });
            if dotted {
                assert!(
                    en.contains(literal),
                    "the code asks for {literal:?}, which en.toml lacks"
                );
                asked += 1;
            }
        }
        for marker in [".t(\"", ".fill(\""] {
            for part in code.split(marker).skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                assert!(
                    en.contains(key),
                    "the code asks for {key:?}, which en.toml lacks"
                );
                asked += 1;
            }
        }
        assert!(asked > 80, "{asked}");
        // The keys the code makes from a value: every value has one.
        let mut made: Vec<String> = Vec::new();
        for r in crate::attribution::LeakReason::ALL {
            made.push(format!("leak.{}", r.as_str()));
        }
        for p in crate::model::Phase::ALL {
            for group in ["phase", "scope_phase", "a_phase"] {
                made.push(format!("{group}.{}", p.as_str()));
            }
        }
        for c in crate::calendar::Calendar::ALL {
            made.push(format!("calendar.{}", c.as_str()));
        }
        for grade in ["most", "majority", "below"] {
            made.push(format!("pefa.{grade}"));
        }
        for key in made {
            assert!(en.contains(&key), "{key}");
        }
    }

    #[test]
    fn persian_writes_persian_figures_and_dates() {
        assert_eq!(Lang::Fa.money(Decimal::new(-1234567, 2), 2), "-۱۲٬۳۴۵٫۶۷");
        assert_eq!(Lang::Fa.percent(0.8312), "۸۳٫۱٪");
        assert_eq!(Lang::Fa.date("1398-07-01"), "۱۳۹۸/۰۷/۰۱");
        assert_eq!(Lang::En.money(Decimal::new(1234567, 0), 0), "1,234,567");
        assert_eq!(Lang::Fa.currency("IRR"), "ریال");
        assert_eq!(Lang::En.currency("IRR"), "IRR");
        assert_eq!(Lang::parse("fa-IR"), Some(Lang::Fa));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!((Lang::Fa.dir(), Lang::En.dir()), ("rtl", "ltr"));
        assert_eq!(Lang::Fa.fill("text.others", &[("n", "۳")]), "۳ مورد دیگر");
    }
}
