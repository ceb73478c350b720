//! A project in the plan file, in one place: its fields (declared once for the scanner and
//! the general reader), the scanner that reads the usual shape in one pass, how the general
//! reader reads any other project and names its problems, and how a project is written.
//!
//! A large plan holds a project for every ten lines or so, nearly all written one way:
//! string fields, a list of program links, maybe a schedule, an estimate and a status. The
//! scanner reads exactly that shape straight into a [`Project`] and gives up (`None`) on
//! anything else — an escape, a number, an unknown or repeated field, `x`, a date or number
//! that cannot be read — so that the general reader, which names every problem, takes
//! over. The rules of values (a blank id, a finish before the start, a percentage above 1)
//! are `crate::rules`'. Whatever project the scanner reads, it reads as the general reader
//! does (a property test in `tests.rs` checks both).

use super::fields::{object_fields, PROGRAM_LINK_FIELDS, SCHEDULE_FIELDS, STATUS_FIELDS};
use super::reader::{type_name, Object, Reader};
use super::scan::cursor::{scan_whole, Cursor};
use super::slots::Slots;
use super::write::{decimal, opt, x, Fields, Link, Write};
use crate::amount::{parse_decimal, read_amount};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::model::{ProgramLink, Project, Schedule, Status};
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

object_fields! {
    /// A project's fields.
    PROJECT_FIELDS, ProjectField {
        Id = "id",
        Name = "name",
        Tier = "tier",
        OrgUnit = "org_unit",
        Tags = "tags",
        Programs = "programs",
        Schedule = "schedule",
        Estimate = "estimate",
        Status = "status",
    }
    general only: "x"
}

use ProjectField as Field;

/// Reads one project object, or `None` when it is not of the usual shape.
pub(crate) fn scan_project(text: &str) -> Option<Project> {
    scan_whole(text, scan_project_at)
}

/// Reads the project object that starts at byte `at` of `text` into `out`, a default
/// project, and returns where it ends; `None` when it is not of the usual shape, with
/// `out` partly written (the caller replaces it).
pub(crate) fn scan_project_at(text: &str, at: usize, out: &mut Project) -> Option<usize> {
    let mut c = Cursor { text, at };
    let seen = c.object(|c, field| {
        match field {
            Field::Id => out.id = c.text_or_null()??.to_string(),
            Field::Name => out.name = c.text_or_null()??.to_string(),
            Field::Tier => out.tier = c.text_or_null()?.map(str::to_string),
            Field::OrgUnit => out.org_unit = c.text_or_null()?.map(str::to_string),
            Field::Tags => out.tags = c.list(|c| c.string().map(str::to_string))?,
            Field::Programs => out.programs = c.list(program_link)?,
            Field::Schedule => {
                out.schedule = match fields(c, ["start", "finish"])? {
                    Some([start, finish]) => Some(Schedule {
                        start: Date::parse_written(start)?,
                        finish: Date::parse_written(finish)?,
                    }),
                    None => None,
                }
            }
            Field::Estimate => {
                out.estimate = match c.text_or_null()? {
                    Some(t) => Some(read_amount(t).ok()?),
                    None => None,
                }
            }
            Field::Status => {
                out.status = match fields(c, ["as_of", "percent_complete", "actual_cost"])? {
                    Some([as_of, percent, cost]) => Some(Status {
                        as_of: Date::parse_written(as_of)?,
                        percent_complete: parse_decimal(percent).ok()?,
                        actual_cost: read_amount(cost).ok()?,
                    }),
                    None => None,
                }
            }
        }
        Some(())
    })?;
    // Required: an id and a name (that they are not blank is a rule, crate::rules).
    seen.has(&[Field::Id, Field::Name]).then_some(c.at)
}

/// One program link: `{"program": …}`, maybe with a `share` (a string or null).
fn program_link(c: &mut Cursor) -> Option<ProgramLink> {
    let (mut program, mut share) = (None, None);
    c.expect(b'{')?;
    loop {
        let key = c.string()?;
        c.expect(b':')?;
        match key {
            "program" if program.is_none() => program = Some(c.string()?),
            "share" if share.is_none() => {
                share = Some(match c.text_or_null()? {
                    Some(text) => Some(parse_decimal(text).ok()?),
                    None => None,
                })
            }
            _ => return None,
        }
        if c.after_item(b'}')? {
            break;
        }
    }
    Some(ProgramLink {
        program: program?.to_string(),
        share: share.flatten(),
    })
}

/// An object of exactly the string fields `names`, each once (a schedule, a status), or
/// null (`Some(None)`).
fn fields<'a, const N: usize>(
    c: &mut Cursor<'a>,
    names: [&str; N],
) -> Option<Option<[&'a str; N]>> {
    if c.peek()? == b'n' {
        return c.text_or_null()?.is_none().then_some(None);
    }
    let mut slots = [None; N];
    c.expect(b'{')?;
    loop {
        let key = c.string()?;
        c.expect(b':')?;
        let slot = slots.get_mut(names.iter().position(|n| *n == key)?)?;
        if slot.is_some() {
            return None;
        }
        *slot = Some(c.string()?);
        if c.after_item(b'}')? {
            break;
        }
    }
    let mut values = [""; N];
    for (value, slot) in values.iter_mut().zip(slots) {
        *value = slot?;
    }
    Some(Some(values))
}

/// A project the scan found unusual, read the general way as it is met (see
/// `read_unusual_line`).
pub(crate) fn read_unusual_project(text: &str, i: usize, diags: &mut Diags) -> Option<Project> {
    Reader::new(diags).streamed_project(text, i)
}

impl Reader<'_> {
    /// A project kept as raw JSON by the stream reader: the usual shape in one scan,
    /// anything else the general way (which names every problem).
    pub(super) fn streamed_project(&mut self, text: &str, i: usize) -> Option<Project> {
        if let Some(project) = scan_project(text) {
            return Some(project);
        }
        if let Some(d) = super::keys::repeated_key_diagnostic(text) {
            self.diags.push(d.at(format!("/projects/{i}")));
            return None;
        }
        let path = format!("/projects/{i}");
        if let Some(slots) = Slots::read(text, PROJECT_FIELDS) {
            return self.project(Object::Fields(&slots), path);
        }
        let value = self.raw_value(text, &path, "project")?;
        self.project(Object::Parsed(&value), path)
    }

    pub(super) fn project(&mut self, obj: Object, path: String) -> Option<Project> {
        let obj = self.entity(obj, path, "project", PROJECT_FIELDS)?;
        let id = self.text(&obj, "id", true, false);
        let name = self.text(&obj, "name", true, false);
        let tier = self.text(&obj, "tier", false, false);
        let org_unit = self.text(&obj, "org_unit", false, false);
        let mut tags = Vec::new();
        self.each(&obj, "tags", |r, v, p| match v {
            Value::String(t) => tags.push(t.clone()),
            other => {
                let msg = format!(
                    "{}: a tag must be a string, found {}",
                    obj.what,
                    type_name(other)
                );
                let d = Diagnostic::new(Code::E008, msg).at(p);
                r.diags.push(match &obj.entity {
                    Some(e) => d.entity(e.clone()),
                    None => d,
                });
            }
        });
        let programs = self
            .links(&obj, "programs", "program", PROGRAM_LINK_FIELDS)
            .map(|(program, share)| ProgramLink { program, share })
            .collect();
        let schedule = self.nested(&obj, "schedule", SCHEDULE_FIELDS, |r, s| {
            let start = r.date(s, "start");
            let finish = r.date(s, "finish");
            Some(Schedule {
                start: start?,
                finish: finish?,
            })
        });
        let estimate = self.amount(&obj, "estimate", false);
        let status = self.nested(&obj, "status", STATUS_FIELDS, |r, s| {
            let as_of = r.date(s, "as_of");
            let percent = r.number(s, "percent_complete", true, parse_decimal);
            let actual_cost = r.amount(s, "actual_cost", true);
            Some(Status {
                as_of: as_of?,
                percent_complete: percent?,
                actual_cost: actual_cost?,
            })
        });
        let x = self.extension(&obj);
        Some(Project {
            id: id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            tier,
            org_unit,
            tags,
            programs,
            schedule,
            estimate,
            status,
            x: x.map(Box::new),
        })
    }
}

pub(super) struct ProjectFile;

impl Write<Project> for ProjectFile {
    fn write<S: Serializer>(&self, p: &Project, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &p.id)?;
        m.serialize_entry("name", &p.name)?;
        opt(&mut m, "tier", p.tier.as_deref())?;
        opt(&mut m, "org_unit", p.org_unit.as_deref())?;
        if !p.tags.is_empty() {
            m.serialize_entry("tags", &p.tags)?;
        }
        let links: Vec<Link> = p
            .programs
            .iter()
            .map(|l| Link("program", &l.program, l.share))
            .collect();
        m.serialize_entry("programs", &links)?;
        if let Some(sc) = &p.schedule {
            let schedule = Fields(&[
                ("start", sc.start.to_string()),
                ("finish", sc.finish.to_string()),
            ]);
            m.serialize_entry("schedule", &schedule)?;
        }
        decimal(&mut m, "estimate", p.estimate)?;
        if let Some(st) = &p.status {
            let status = Fields(&[
                ("as_of", st.as_of.to_string()),
                ("percent_complete", st.percent_complete.to_string()),
                ("actual_cost", st.actual_cost.to_string()),
            ]);
            m.serialize_entry("status", &status)?;
        }
        x(&mut m, p.x.as_deref())?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_shape() {
        let p = scan_project(
            r#" {"id":"J1","name":"پروژه ۱","tier":"city","org_unit":null,"tags":["a","b"],
                 "programs":[{"program":"P","share":"0.6"},{"share":null,"program":"Q"}],
                 "schedule":{"finish":"2021-06-30","start":"2020-01-01"},"estimate":"100.25",
                 "status":{"as_of":"2020-12-31","percent_complete":"0.4","actual_cost":"10.5"}} "#,
        )
        .unwrap();
        assert_eq!((p.id.as_str(), p.name.as_str()), ("J1", "پروژه ۱"));
        assert_eq!(
            (p.tier.as_deref(), p.org_unit.as_deref()),
            (Some("city"), None)
        );
        assert_eq!(p.tags, ["a", "b"]);
        assert_eq!(
            p.programs,
            [
                ProgramLink {
                    program: "P".into(),
                    share: Some(rust_decimal::Decimal::new(6, 1))
                },
                ProgramLink {
                    program: "Q".into(),
                    share: None
                }
            ]
        );
        let schedule = p.schedule.unwrap();
        assert_eq!(
            (schedule.start.to_string(), schedule.finish.to_string()),
            ("2020-01-01".into(), "2021-06-30".into())
        );
        assert_eq!(p.estimate, Some(rust_decimal::Decimal::new(10025, 2)));
        let status = p.status.unwrap();
        assert_eq!(status.percent_complete, rust_decimal::Decimal::new(4, 1));
        assert_eq!(status.actual_cost, rust_decimal::Decimal::new(105, 1));
        let bare = scan_project(r#"{"id":"J","name":"n","schedule":null,"status":null}"#).unwrap();
        assert_eq!(bare, Project::new("J", "n"));
    }

    #[test]
    fn gives_up_on_anything_unusual_or_invalid() {
        for rest in [
            r#""x":{}"#,
            r#""colour":"red""#,
            r#""tier":"a","tier":"b""#,
            r#""tier":"a\"b""#,
            r#""estimate":100"#,
            r#""tags":null"#,
            r#""tags":["a",null]"#,
            r#""programs":[{"program":null}]"#,
            r#""programs":[{"share":"1"}]"#,
            r#""programs":[{"program":"P","share":"half"}]"#,
            r#""programs":[{"program":"P","program":"Q"}]"#,
            r#""schedule":{"start":"2021-01-01"}"#,
            r#""schedule":{"start":"2021-01-01","finish":"2022-01-01","end":"x"}"#,
            r#""schedule":{"start":"2021-01-01","start":"2021-01-01","finish":"2022-01-01"}"#,
            r#""schedule":{"start":"2021-13-01","finish":"2022-01-01"}"#,
            r#""schedule":{"start":null,"finish":"2022-01-01"}"#,
            r#""status":{"as_of":"2020-01-01","actual_cost":"1"}"#,
            r#""status":nul"#,
        ] {
            let text = format!(r#"{{"id":"J","name":"n",{rest}}}"#);
            assert_eq!(scan_project(&text), None, "{text}");
        }
        for text in [
            r#"{"id":"J","name":null}"#,
            r#"{"id":"J"}"#,
            r#"{"id":"J","name":"n"} trailing"#,
            r#"{"id":"J","name":"n""#,
            "{}",
            "[]",
            "",
        ] {
            assert_eq!(scan_project(text), None, "{text}");
        }
    }

    #[test]
    fn reads_values_only_the_rules_refuse() {
        // Shape only: these are the rules' to name (crate::rules).
        for rest in [
            r#""estimate":"1.234""#,
            r#""estimate":"-1""#,
            r#""programs":[{"program":""}]"#,
            r#""schedule":{"start":"2021-01-01","finish":"2020-01-01"}"#,
            r#""status":{"as_of":"2020-01-01","percent_complete":"2","actual_cost":"1"}"#,
            r#""status":{"as_of":"2020-01-01","percent_complete":"0.5","actual_cost":"1.234"}"#,
        ] {
            let text = format!(r#"{{"id":"J","name":"n",{rest}}}"#);
            assert!(scan_project(&text).is_some(), "{text}");
        }
        assert!(scan_project(r#"{"id":" ","name":"n"}"#).is_some());
    }
}
