//! Diagnostics: every problem a plan has, as data (SPEC §6).

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// How bad a problem is: errors stop a plan from being built, warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// As written in JSON: `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The stable diagnostic codes of SPEC §6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    E001,
    E002,
    E003,
    E004,
    E005,
    E006,
    E007,
    E008,
    E009,
    E010,
    E011,
    E012,
    E013,
    W101,
    W102,
    W103,
    W104,
    W105,
    W106,
    W107,
    W108,
    W109,
    W110,
    W111,
    W112,
}

impl Code {
    /// Every code, in order.
    pub const ALL: [Code; 25] = [
        Code::E001,
        Code::E002,
        Code::E003,
        Code::E004,
        Code::E005,
        Code::E006,
        Code::E007,
        Code::E008,
        Code::E009,
        Code::E010,
        Code::E011,
        Code::E012,
        Code::E013,
        Code::W101,
        Code::W102,
        Code::W103,
        Code::W104,
        Code::W105,
        Code::W106,
        Code::W107,
        Code::W108,
        Code::W109,
        Code::W110,
        Code::W111,
        Code::W112,
    ];

    /// The code as written in reports: `"E001"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::E001 => "E001",
            Code::E002 => "E002",
            Code::E003 => "E003",
            Code::E004 => "E004",
            Code::E005 => "E005",
            Code::E006 => "E006",
            Code::E007 => "E007",
            Code::E008 => "E008",
            Code::E009 => "E009",
            Code::E010 => "E010",
            Code::E011 => "E011",
            Code::E012 => "E012",
            Code::E013 => "E013",
            Code::W101 => "W101",
            Code::W102 => "W102",
            Code::W103 => "W103",
            Code::W104 => "W104",
            Code::W105 => "W105",
            Code::W106 => "W106",
            Code::W107 => "W107",
            Code::W108 => "W108",
            Code::W109 => "W109",
            Code::W110 => "W110",
            Code::W111 => "W111",
            Code::W112 => "W112",
        }
    }

    /// The code's stable name: `"duplicate-id"`.
    pub fn name(self) -> &'static str {
        match self {
            Code::E001 => "duplicate-id",
            Code::E002 => "unknown-reference",
            Code::E003 => "goal-cycle",
            Code::E004 => "share-out-of-range",
            Code::E005 => "shares-exceed-one",
            Code::E006 => "mixed-shares",
            Code::E007 => "bad-amount",
            Code::E008 => "bad-document",
            Code::E009 => "bad-date",
            Code::E010 => "revenue-linked",
            Code::E011 => "rows-disagree",
            Code::E012 => "bad-weight",
            Code::E013 => "revenue-classified",
            Code::W101 => "line-unlinked",
            Code::W102 => "project-unlinked",
            Code::W103 => "program-unlinked",
            Code::W104 => "goal-unmeasurable",
            Code::W105 => "goal-unprogrammed",
            Code::W106 => "partial-shares",
            Code::W107 => "year-outside-program",
            Code::W108 => "project-overfunded",
            Code::W109 => "target-against-direction",
            Code::W110 => "negative-amount",
            Code::W111 => "classification-unused",
            Code::W112 => "line-is-total",
        }
    }

    /// Errors are the E codes, warnings the W codes.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('E') {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// The code for its text (`"E001"`), if there is one.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl JsonSchema for Code {
    fn schema_name() -> Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({
            "description": "A diagnostic code of SPEC §6: E for errors, W for warnings.",
            "type": "string",
            "enum": codes
        })
    }
}

/// In TypeScript a code is one of the codes' texts.
#[cfg(feature = "ts")]
impl ts_rs::TS for Code {
    type WithoutGenerics = Code;
    type OptionInnerType = Code;

    fn name(_: &ts_rs::Config) -> String {
        "Code".into()
    }

    fn inline(_: &ts_rs::Config) -> String {
        Code::ALL
            .iter()
            .map(|c| format!("\"{}\"", c.as_str()))
            .collect::<Vec<_>>()
            .join(" | ")
    }

    fn decl(cfg: &ts_rs::Config) -> String {
        format!("type Code = {};", Self::inline(cfg))
    }

    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        Self::decl(cfg)
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Code::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown code {text}")))
    }
}

/// One problem in a plan: what, where, and how bad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Diagnostic {
    pub code: Code,
    /// The code's name (`"line-unlinked"`): borrowed for the codes' own names, so that a
    /// plan's hundreds of thousands of warnings do not each allocate one.
    pub name: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    /// The id of the entity the problem is in, where it has one (inline up to 24 bytes,
    /// like the ids of budget lines).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    #[schemars(with = "Option<String>")]
    pub entity: Option<CompactString>,
    /// JSON pointer to the offending value (`/budget_lines/17/amount`).
    pub path: Option<String>,
    /// 1-based line of a syntax error.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
    /// 1-based column of a syntax error.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<usize>,
    /// Set on the one diagnostic that closes a list at `max_diagnostics_per_code` (SPEC §8):
    /// how many more of its code were found and not listed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unlisted: Option<usize>,
}

impl Diagnostic {
    /// A diagnostic with the code's own name and severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            name: Cow::Borrowed(code.name()),
            severity: code.severity(),
            message: message.into(),
            entity: None,
            path: None,
            line: None,
            column: None,
            unlisted: None,
        }
    }

    /// Names the entity the problem is in.
    pub fn entity(mut self, id: impl Into<CompactString>) -> Self {
        self.entity = Some(id.into());
        self
    }

    /// Points at the offending value.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Whether this diagnostic stops the plan from being built.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// The diagnostic for people, in the words given: `severity[code title]`, where it is
    /// (`at` a path, or `place` a line and column), then the message. `Display` gives it in
    /// English; `Lang::diagnostic` in a report's language.
    pub(crate) fn written(
        &self,
        severity: &str,
        title: &str,
        at: impl Fn(&str) -> String,
        place: impl Fn(usize, usize) -> String,
    ) -> String {
        // For people (a terminal, a log): what came in with the file is made visible.
        use crate::controls::visible;
        let mut out = format!("{severity}[{} {title}]", self.code);
        if let Some(path) = &self.path {
            out.push_str(&at(&visible(path)));
        }
        if let (Some(line), Some(column)) = (self.line, self.column) {
            out.push_str(&place(line, column));
        }
        out.push_str(": ");
        out.push_str(&visible(&self.message));
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written(
            self.severity.as_str(),
            &self.name,
            |path| format!(" at {path}"),
            |line, column| format!(" (line {line}, column {column})"),
        ))
    }
}

/// Counts the errors and warnings of a list of diagnostics.
/// How many errors and warnings `diagnostics` stand for, the unlisted ones included.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let (mut errors, mut warnings) = (0, 0);
    for d in diagnostics {
        let n = d.unlisted.unwrap_or(1);
        match d.is_error() {
            true => errors += n,
            false => warnings += n,
        }
    }
    (errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_carry_severity() {
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert_eq!(
                code.severity() == Severity::Error,
                code.as_str().starts_with('E')
            );
        }
        assert_eq!(Code::E005.name(), "shares-exceed-one");
        assert_eq!(Code::parse("X1"), None);
    }

    #[test]
    fn displays_code_path_and_message() {
        let d = Diagnostic::new(Code::W101, "budget line BL-1 links to nothing")
            .entity("BL-1")
            .at("/budget_lines/0");
        assert_eq!(
            d.to_string(),
            "warning[W101 line-unlinked] at /budget_lines/0: budget line BL-1 links to nothing"
        );
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"], "W101");
        assert_eq!(json["severity"], "warning");
        assert!(json.get("line").is_none());
    }
}

/// Diagnostics as they are found: every one counted, at most `max_per_code` of each code
/// kept (SPEC §8), so that a file of a million bad items holds a thousand messages, not a
/// million. [`Diags::into_vec`] closes the list with one diagnostic per code that had more.
#[derive(Debug, Clone)]
pub(crate) struct Diags {
    list: Vec<Diagnostic>,
    max_per_code: usize,
    /// How many of each code met were found.
    counts: Vec<(Code, usize)>,
    /// Closing words about the diagnostics found, listed after them (never capped): why
    /// the plan was not read whole.
    notes: Vec<Diagnostic>,
}

impl Default for Diags {
    fn default() -> Self {
        Diags::new(crate::LoadOptions::default().max_diagnostics_per_code)
    }
}

impl Diags {
    /// An empty list that keeps at most `max_per_code` of each code.
    pub fn new(max_per_code: usize) -> Diags {
        Diags {
            list: Vec::new(),
            max_per_code,
            counts: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// How many of each code are listed.
    pub fn max_per_code(&self) -> usize {
        self.max_per_code
    }

    /// Adds `d`, or counts it where its code has `max_per_code` already.
    pub fn push(&mut self, d: Diagnostic) {
        if self.tally(d.code, 1) {
            self.list.push(d);
        }
    }

    /// A diagnostic of `code`, made by `make` only where it will be listed (a plan with
    /// a hundred thousand warnings of a code words a thousand of them).
    pub fn add(&mut self, code: Code, make: impl FnOnce() -> Diagnostic) {
        if self.tally(code, 1) {
            self.list.push(make());
        }
    }

    /// Counts `n` more of `code`; whether the last of them is still listed.
    fn tally(&mut self, code: Code, n: usize) -> bool {
        // A short list: a plan meets a few codes.
        let count = match self.counts.iter_mut().find(|(c, _)| *c == code) {
            Some((_, count)) => {
                *count += n;
                *count
            }
            None => {
                self.counts.push((code, n));
                n
            }
        };
        count <= self.max_per_code
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }

    /// Adds the diagnostics of `other`, listed and counted.
    pub fn append(&mut self, other: Diags) {
        let max = other.max_per_code;
        for d in other.list {
            self.push(d);
        }
        for (code, n) in other.counts {
            if n > max {
                self.tally(code, n - max);
            }
        }
        self.notes.extend(other.notes);
    }

    /// How many errors were found, listed or not.
    pub fn errors(&self) -> usize {
        self.counts
            .iter()
            .filter(|(c, _)| c.severity() == Severity::Error)
            .map(|(_, n)| n)
            .sum()
    }

    /// Lists the error `d` after the diagnostics found, whatever its code's count: a
    /// closing word about them (not counted as a problem found), saying what of the plan
    /// was not kept, so that the checks needing all of it do not run.
    pub fn incomplete(&mut self, d: Diagnostic) {
        self.notes.push(d);
    }

    /// Whether part of the plan was not kept ([`Diags::incomplete`]).
    pub fn is_incomplete(&self) -> bool {
        !self.notes.is_empty()
    }

    /// Whether any diagnostic found (listed or not) is an error.
    pub fn has_errors(&self) -> bool {
        self.counts
            .iter()
            .any(|(c, _)| c.severity() == Severity::Error)
    }

    /// The diagnostics kept, the notes, then one per code with more found than kept,
    /// saying how many more and which limit.
    pub fn into_vec(mut self) -> Vec<Diagnostic> {
        self.list.append(&mut self.notes);
        for (code, n) in &self.counts {
            if *n > self.max_per_code {
                let more = n - self.max_per_code;
                let mut d = Diagnostic::new(
                    *code,
                    format!(
                        "{more} more {code} {} not listed: at most {} of each code are listed (max_diagnostics_per_code)",
                        code.name(),
                        self.max_per_code
                    ),
                );
                d.unlisted = Some(more);
                self.list.push(d);
            }
        }
        self.list
    }
}

impl std::ops::Deref for Diags {
    type Target = [Diagnostic];
    fn deref(&self) -> &[Diagnostic] {
        &self.list
    }
}
