//! The rules of a plan beyond its shape (SPEC §2), each written once and checked in one
//! pass over [`PlanData`], whatever way the plan came in: a file, the builder, tables, an
//! import, the generator. The readers parse shape only (JSON types, known fields, numbers
//! and dates that can be read at all); what a value must be to make sense is here.
//!
//! Each diagnostic names its value by JSON pointer, as the readers' do. A value the reader
//! already found a problem with (a missing id, an amount that is not a number) gets no
//! second diagnostic here.

use crate::amount::{check_amount, check_line_amount, NumberError};
use crate::calendar::Calendar;
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::model::{BudgetLine, Indicator, Phase, PlanData, Project};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The largest `precision` accepted: more places than any currency has.
pub const MAX_PRECISION: u32 = 6;

/// The precision of a plan that gives none (and the one its amounts are checked against
/// where its own is out of range).
pub(crate) const DEFAULT_PRECISION: u32 = 2;

/// Whether a plan may have `precision` decimal places.
pub(crate) fn precision_in_range(precision: u32) -> bool {
    precision <= MAX_PRECISION
}

/// What is said of a precision out of range (written as the file has it).
pub(crate) fn precision_error(precision: impl std::fmt::Display) -> String {
    format!("`precision` {precision} must be a whole number from 0 to {MAX_PRECISION}")
}

/// Checks every rule of SPEC §2 on `data`, adding a diagnostic to `diags` for each broken
/// one (errors all: E007 amounts, E008 values, E009 dates). Returns whether the plan can
/// be resolved at all (its precision is one amounts can be counted in).
pub(crate) fn check(data: &PlanData, diags: &mut Diags) -> bool {
    // Only the paths the readers named: a plan from the builder has none, a plan file
    // with a million sound lines has none either.
    let taken: HashSet<String> = diags.iter().filter_map(|d| d.path.clone()).collect();
    let mut rules = Rules {
        diags,
        taken: &taken,
        precision: data.precision,
        calendar: data.calendar,
    };
    let resolvable = precision_in_range(data.precision);
    if !resolvable {
        rules.push(
            Code::E008,
            "/precision".into(),
            None,
            precision_error(data.precision),
        );
        rules.precision = DEFAULT_PRECISION;
    }
    if let Some(start) = data.fiscal_year_start {
        if !start.in_every_year_of(data.calendar) {
            let message = format!(
                "`fiscal_year_start` {start} is not a day of every year of the {} calendar; choose a day every year has",
                data.calendar.as_str()
            );
            rules.push(Code::E009, "/fiscal_year_start".into(), None, message);
        }
    }
    rules.entities(data);
    // The lines, most of the work, in two halves (on two threads for a large plan),
    // listed in the order one pass finds them.
    let (precision, calendar) = (rules.precision, rules.calendar);
    let max = diags.max_per_code();
    let (first, second) = crate::parallel::halves(&data.budget_lines, |lines, at| {
        let mut d = Diags::new(max);
        let mut rules = Rules {
            diags: &mut d,
            taken: &taken,
            precision,
            calendar,
        };
        for (k, line) in lines.iter().enumerate() {
            rules.line(line, at + k);
        }
        d
    });
    diags.append(first);
    diags.append(second);
    resolvable
}

/// Where the pass is: its diagnostics, and the plan's precision for amounts.
struct Rules<'d> {
    diags: &'d mut Diags,
    taken: &'d HashSet<String>,
    precision: u32,
    calendar: Calendar,
}

/// An entity as messages name it (`"budget line L"`), with its JSON pointer.
struct At<'a> {
    what: String,
    path: String,
    entity: Option<&'a str>,
}

impl<'a> At<'a> {
    /// An entity of `kind` with its id; one whose id is missing is named by its kind.
    fn new(kind: &str, id: &'a str, path: String) -> At<'a> {
        match id {
            "" => At {
                what: kind.into(),
                path,
                entity: None,
            },
            _ => At {
                what: format!("{kind} {id}"),
                path,
                entity: Some(id),
            },
        }
    }

    /// A part of the entity (`"project J status"` at `…/status`).
    fn part(self, name: &str) -> At<'a> {
        At {
            what: format!("{} {name}", self.what),
            path: format!("{}/{name}", self.path),
            entity: self.entity,
        }
    }

    /// The entity's `k`-th link up to a `kind` (`"program P's goal link"` at `…/goals/k`).
    fn link(self, kind: &str, k: usize) -> At<'a> {
        At {
            what: format!("{}'s {kind} link", self.what),
            path: format!("{}/{kind}s/{k}", self.path),
            entity: self.entity,
        }
    }
}

impl Rules<'_> {
    fn push(&mut self, code: Code, path: String, entity: Option<&str>, message: String) {
        if self.taken.contains(&path) {
            return;
        }
        let mut d = Diagnostic::new(code, message).at(path);
        d.entity = entity.map(Into::into);
        self.diags.push(d);
    }

    /// A required text must not be blank. Where the entity is (`at`) is worked out only
    /// for a diagnostic: a sound plan of a million lines formats no path.
    fn text<'a>(&mut self, at: impl FnOnce() -> At<'a>, key: &str, value: &str) {
        // As `value.trim().is_empty()`, but stopping at the first letter.
        if value.chars().all(char::is_whitespace) {
            let at = at();
            let message = format!("{}: `{key}` must not be empty", at.what);
            self.push(Code::E008, format!("{}/{key}", at.path), at.entity, message);
        }
    }

    /// An amount obeys the amount rules under the plan's precision (a budget line's may be
    /// negative).
    fn amount<'a>(&mut self, at: impl FnOnce() -> At<'a>, key: &str, value: Option<Decimal>) {
        self.amount_signed(at, key, value, false);
    }

    fn amount_signed<'a>(
        &mut self,
        at: impl FnOnce() -> At<'a>,
        key: &str,
        value: Option<Decimal>,
        signed: bool,
    ) {
        let Some(value) = value else { return };
        let shown = || value.to_string();
        let checked = if signed {
            check_line_amount(value, self.precision, shown)
        } else {
            check_amount(value, self.precision, shown)
        };
        if let Err(e) = checked {
            let at = at();
            let message = format!("{}: `{key}` {e}", at.what);
            self.push(Code::E007, format!("{}/{key}", at.path), at.entity, message);
        }
    }

    /// A date that does not exist in the plan's calendar (30 Esfand of a common year).
    fn date<'a>(&mut self, at: impl FnOnce() -> At<'a>, key: &str, date: Date) {
        if let Some(why) = self.calendar.why_not(date) {
            let at = at();
            let message = format!(
                "{}: `{key}` {date} is not a day of the {} calendar: {why}",
                at.what,
                self.calendar.as_str()
            );
            self.push(Code::E009, format!("{}/{key}", at.path), at.entity, message);
        }
    }

    fn entities(&mut self, data: &PlanData) {
        let plan = || At {
            what: "the plan".into(),
            path: String::new(),
            entity: None,
        };
        self.text(plan, "name", &data.name);
        for (i, unit) in data.org_units.iter().flatten().enumerate() {
            let at = || At::new("org unit", &unit.id, format!("/org_units/{i}"));
            self.text(at, "id", &unit.id);
        }
        for (i, goal) in data.goals.iter().enumerate() {
            let at = || At::new("goal", &goal.id, format!("/goals/{i}"));
            self.text(at, "id", &goal.id);
            self.text(at, "name", &goal.name);
            self.indicators(at, &goal.indicators);
        }
        for (i, program) in data.programs.iter().enumerate() {
            let at = || At::new("program", &program.id, format!("/programs/{i}"));
            self.text(at, "id", &program.id);
            self.text(at, "name", &program.name);
            for (k, link) in program.goals.iter().enumerate() {
                let link_at = || at().link("goal", k);
                self.text(link_at, "goal", &link.goal);
            }
            self.indicators(at, &program.indicators);
        }
        for (i, project) in data.projects.iter().enumerate() {
            self.project(project, i);
        }
    }

    fn indicators<'a>(&mut self, owner: impl Fn() -> At<'a>, indicators: &'a [Indicator]) {
        for (k, indicator) in indicators.iter().enumerate() {
            let at = || {
                let path = format!("{}/indicators/{k}", owner().path);
                At::new("indicator", &indicator.id, path)
            };
            self.text(at, "id", &indicator.id);
            self.text(at, "name", &indicator.name);
            let measures = [
                ("baseline", &indicator.baseline),
                ("target", &indicator.target),
            ];
            for (name, measure) in measures {
                if let Some(m) = measure {
                    self.text(|| at().part(name), "year", &m.year);
                }
            }
            for (a, m) in indicator.actuals.iter().enumerate() {
                let actual = || {
                    let at = at();
                    At {
                        what: "actual".into(),
                        path: format!("{}/actuals/{a}", at.path),
                        entity: at.entity,
                    }
                };
                self.text(actual, "year", &m.year);
            }
        }
    }

    fn project(&mut self, project: &Project, i: usize) {
        let at = || At::new("project", &project.id, format!("/projects/{i}"));
        self.text(at, "id", &project.id);
        self.text(at, "name", &project.name);
        for (k, link) in project.programs.iter().enumerate() {
            self.text(|| at().link("program", k), "program", &link.program);
        }
        if let Some(s) = &project.schedule {
            self.date(|| at().part("schedule"), "start", s.start);
            self.date(|| at().part("schedule"), "finish", s.finish);
            if s.finish < s.start {
                let at = at();
                let message = format!(
                    "{}: the schedule finishes ({}) before it starts ({})",
                    at.what, s.finish, s.start
                );
                let path = format!("{}/schedule/finish", at.path);
                self.push(Code::E009, path, at.entity, message);
            }
        }
        self.amount(at, "estimate", project.estimate);
        if let Some(status) = &project.status {
            self.date(|| at().part("status"), "as_of", status.as_of);
            let p = status.percent_complete;
            if p < Decimal::ZERO || p > Decimal::ONE {
                let at = at().part("status");
                let e = NumberError::NotANumber(format!(
                    "{p} (percent_complete is a fraction from 0 to 1)"
                ));
                let message = format!("{}: `percent_complete` {e}", at.what);
                let path = format!("{}/percent_complete", at.path);
                self.push(Code::E007, path, at.entity, message);
            }
            self.amount(
                || at().part("status"),
                "actual_cost",
                Some(status.actual_cost),
            );
        }
    }

    fn line(&mut self, line: &BudgetLine, i: usize) {
        let at = || At::new("budget line", &line.id, format!("/budget_lines/{i}"));
        self.text(at, "id", &line.id);
        self.text(at, "year", &line.year);
        for phase in Phase::ALL {
            self.amount_signed(at, phase.as_str(), line.phase_value(phase), true);
        }
        if !line.has_any_phase() {
            let at = at();
            // An amount the reader could not read is named already.
            let named = |p: &Phase| self.taken.contains(&format!("{}/{}", at.path, p.as_str()));
            if Phase::ALL.iter().any(named) {
                return;
            }
            let message = format!(
                "{}: gives no amount in any phase; write `amount` (approved), or `proposed`, `revised`, `committed` or `spent`",
                at.what
            );
            self.push(Code::E008, at.path.clone(), at.entity, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Schedule, Status};
    use crate::{Plan, PlanData};
    use rust_decimal::Decimal;

    /// The diagnostics of `data` made in code, and of the same data written as a file.
    fn both_ways(data: &PlanData) -> (Vec<crate::Diagnostic>, Vec<crate::Diagnostic>) {
        let text = crate::plan_file::to_value(data).to_string();
        let from_data = Plan::from_data(data.clone()).err().map(|e| e.diagnostics);
        let from_file = Plan::from_json(&text).err().map(|e| e.diagnostics);
        (from_data.unwrap_or_default(), from_file.unwrap_or_default())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Whatever rule a plan breaks, it gets the same diagnostics (code, path, message,
        /// order) whether it was made in code or read from a file: one pass for both.
        #[test]
        fn data_and_file_get_the_same_diagnostics(
            seed in 0u64..1000,
            faults in proptest::collection::vec((0usize..8, 0usize..400), 1..6),
        ) {
            let mut data = crate::synth::plan(400, seed);
            for (kind, at) in faults {
                let l = at % data.budget_lines.len();
                let j = at % data.projects.len();
                let date = |s: &str| crate::date::Date::parse(s).unwrap();
                match kind {
                    0 => data.budget_lines[l].id = " ".into(),
                    1 => data.budget_lines[l].amount = Some(Decimal::new(12345, 3)),
                    // A line may be negative (SPEC §2); a project's estimate may not.
                    2 => data.projects[j].estimate = Some(Decimal::new(-5, 0)),
                    3 => data.projects[j].name = String::new(),
                    4 => data.projects[j].estimate = Some(Decimal::new(1, 4)),
                    5 => {
                        data.projects[j].schedule = Some(Schedule {
                            start: date("2020-01-01"),
                            finish: date("2019-01-01"),
                        })
                    }
                    6 => {
                        data.projects[j].status = Some(Status {
                            as_of: date("2020-01-01"),
                            percent_complete: Decimal::new(15, 1),
                            actual_cost: Decimal::ONE,
                        })
                    }
                    _ => data.budget_lines[l].year = String::new().into(),
                }
            }
            let (made, read) = both_ways(&data);
            proptest::prop_assert!(!made.is_empty());
            proptest::prop_assert_eq!(made, read);
        }
    }

    /// The lines checked in two halves, on one thread or two, are listed as one pass lists
    /// them: in line order, capped per code, with the count of the rest.
    #[test]
    fn broken_lines_in_both_halves_are_listed_in_line_order_on_one_thread_or_two() {
        use crate::diagnostics::{Code, Diags};
        use crate::parallel::tests::forced;
        let mut data = crate::synth::plan(3_000, 6);
        for i in (5..3_000).step_by(101) {
            data.budget_lines[i].amount = Some(Decimal::new(12345, 3));
            data.budget_lines[i + 1].id = " ".into();
        }
        for max in [3, 1000] {
            let said = [false, true].map(|two| {
                let mut d = Diags::new(max);
                forced(two, || super::check(&data, &mut d));
                d.into_vec()
            });
            assert_eq!(said[0], said[1]);
            let count = |code| said[0].iter().filter(|d| d.code == code).count();
            if max == 1000 {
                assert_eq!((count(Code::E007), count(Code::E008)), (30, 30));
                let last = said[0].last().and_then(|d| d.path.clone());
                assert_eq!(last.as_deref(), Some("/budget_lines/2935/id"));
            } else {
                let at: Vec<_> = said[0]
                    .iter()
                    .map(|d| (d.path.clone(), d.unlisted))
                    .collect();
                assert_eq!(at[0].0.as_deref(), Some("/budget_lines/5/amount"));
                assert_eq!(at[5].0.as_deref(), Some("/budget_lines/208/id"));
                assert_eq!(at[6..], [(None, Some(27)), (None, Some(27))]);
            }
        }
    }

    #[test]
    fn a_precision_out_of_range_stops_the_plan_with_the_files_message() {
        let data = PlanData {
            name: "p".into(),
            precision: 9,
            ..PlanData::default()
        };
        let (made, read) = both_ways(&data);
        assert_eq!(made.len(), 1);
        assert_eq!(made[0].path.as_deref(), Some("/precision"));
        assert_eq!(
            made[0].message,
            "`precision` 9 must be a whole number from 0 to 6"
        );
        assert_eq!(made, read);
    }

    #[test]
    fn a_value_the_reader_named_gets_no_second_diagnostic() {
        // The reader says the id is missing; the rules do not add that it is empty.
        let err = Plan::from_json(
            r#"{"format":"goldthread/1","name":"p","budget_lines":[{"year":"1","amount":"1.234"}]}"#,
        )
        .unwrap_err();
        let at: Vec<_> = err
            .errors()
            .map(|d| (d.code.as_str(), d.path.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            at,
            [
                ("E008", "/budget_lines/0/id".to_string()),
                ("E007", "/budget_lines/0/amount".to_string())
            ]
        );
    }
}
