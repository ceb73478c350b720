//! The calendar a plan writes its dates in: the proleptic Gregorian calendar of ISO 8601
//! (the default), or the Solar Hijri calendar of Iran and Afghanistan (هجری شمسی), whose
//! year starts at Nowruz (1 Farvardin 1398 = 21 March 2019).
//!
//! Solar Hijri dates are converted by ICU4X's `icu_calendar` (its Persian calendar: the
//! 33-year rule with the corrections that match the astronomical calendar), never by leap
//! rules written here. Every conversion goes through a day number (days since 1970-01-01),
//! so durations are exact whichever calendar a plan uses.

use crate::date::Date;
use icu_calendar::cal::Persian;
use icu_calendar::types::RataDie;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The rata die (days since 0001-01-01 of the proleptic Gregorian calendar, day 1) of
/// 1970-01-01.
const UNIX_EPOCH_RD: i64 = 719_163;

/// A plan's calendar (`"calendar"` in the plan file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Calendar {
    /// The proleptic Gregorian calendar (ISO 8601).
    #[default]
    Gregorian,
    /// The Solar Hijri calendar (هجری شمسی), as Iran uses it.
    SolarHijri,
}

impl Calendar {
    /// Every calendar, in the order the documentation lists them.
    pub const ALL: [Calendar; 2] = [Calendar::Gregorian, Calendar::SolarHijri];

    /// The name in the plan file: `gregorian`, `solar_hijri`.
    pub fn as_str(self) -> &'static str {
        match self {
            Calendar::Gregorian => "gregorian",
            Calendar::SolarHijri => "solar_hijri",
        }
    }

    /// The calendar named `name` in a plan file.
    pub fn parse(name: &str) -> Option<Calendar> {
        Calendar::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The calendar named `name`, or a message that names the calendars there are (for
    /// the plan file's and the tables' readers alike).
    pub fn from_name(name: &str) -> Result<Calendar, String> {
        Calendar::parse(name).ok_or_else(|| {
            let names: Vec<&str> = Calendar::ALL.iter().map(|c| c.as_str()).collect();
            format!(
                "{name:?} is not a calendar goldthread knows; write one of {}",
                names.join(", ")
            )
        })
    }

    /// Whether this is the default calendar (a plan file need not name it).
    pub fn is_gregorian(&self) -> bool {
        *self == Calendar::Gregorian
    }

    /// A date of this calendar, if it exists (`Calendar::SolarHijri.date(1398, 12, 30)` is
    /// `None`: 1398 is a common year).
    pub fn date(self, year: i32, month: u8, day: u8) -> Option<Date> {
        let d = Date::written(year, month, day)?;
        self.day_number(d).map(|_| d)
    }

    /// Days since 1970-01-01 of a date of this calendar; `None` where the day does not
    /// exist in it (30 February, 30 Esfand of a common year).
    pub fn day_number(self, d: Date) -> Option<i64> {
        match self {
            Calendar::Gregorian => {
                (d.day() <= Date::gregorian_month_days(d.year(), d.month())).then(|| d.day_number())
            }
            Calendar::SolarHijri => {
                let icu = icu_calendar::Date::try_new_persian(d.year(), d.month(), d.day()).ok()?;
                Some(icu.to_rata_die().to_i64_date() - UNIX_EPOCH_RD)
            }
        }
    }

    /// The date of this calendar on day `n` since 1970-01-01, within years 1 to 9999.
    pub fn from_day_number(self, n: i64) -> Option<Date> {
        let rd = RataDie::new(n.checked_add(UNIX_EPOCH_RD)?);
        let (year, month, day) = match self {
            Calendar::Gregorian => {
                let g = icu_calendar::Date::from_rata_die(rd, icu_calendar::Gregorian);
                (
                    g.year().extended_year(),
                    g.month().ordinal,
                    g.day_of_month().0,
                )
            }
            Calendar::SolarHijri => {
                let p = icu_calendar::Date::from_rata_die(rd, Persian);
                (
                    p.year().extended_year(),
                    p.month().ordinal,
                    p.day_of_month().0,
                )
            }
        };
        // `from_rata_die` clamps to its range: a date that does not come back is out of it.
        let d = Date::written(year, month, day)?;
        (self.day_number(d) == Some(n)).then_some(d)
    }

    /// The Gregorian (ISO 8601) date of a date of this calendar.
    pub fn to_iso(self, d: Date) -> Option<Date> {
        Calendar::Gregorian.from_day_number(self.day_number(d)?)
    }

    /// Reads a date written in this calendar (see [`Date::parse_written`]), if it exists.
    ///
    /// ```
    /// use goldthread::calendar::Calendar;
    /// let nowruz = Calendar::SolarHijri.parse_date("۱۳۹۸/۰۱/۰۱").unwrap();
    /// assert_eq!(Calendar::SolarHijri.to_iso(nowruz).unwrap().to_string(), "2019-03-21");
    /// assert!(Calendar::SolarHijri.parse_date("1398-12-30").is_none());
    /// ```
    pub fn parse_date(self, text: &str) -> Option<Date> {
        let d = Date::parse_written(text)?;
        self.day_number(d).map(|_| d)
    }

    /// How many days month `month` of `year` has in this calendar (`None` for a month or
    /// year out of range): what a date picker offers.
    ///
    /// ```
    /// use goldthread::calendar::Calendar;
    /// assert_eq!(Calendar::SolarHijri.days_in_month(1403, 12), Some(30)); // a leap year
    /// assert_eq!(Calendar::SolarHijri.days_in_month(1404, 12), Some(29));
    /// assert_eq!(Calendar::SolarHijri.days_in_month(1404, 1), Some(31));
    /// assert_eq!(Calendar::Gregorian.days_in_month(2024, 2), Some(29));
    /// assert_eq!(Calendar::Gregorian.days_in_month(2024, 13), None);
    /// ```
    pub fn days_in_month(self, year: i32, month: u8) -> Option<u8> {
        (28..=31)
            .rev()
            .find(|&day| self.date(year, month, day).is_some())
    }

    /// Why `d` is not a date of this calendar, for a message (`None` when it is one).
    pub fn why_not(self, d: Date) -> Option<String> {
        if self.day_number(d).is_some() {
            return None;
        }
        let days = self.days_in_month(d.year(), d.month());
        Some(match (self, days) {
            (Calendar::SolarHijri, Some(29)) if d.month() == 12 => format!(
                "{} is not a leap year of the Solar Hijri calendar: Esfand has 29 days",
                d.year()
            ),
            (Calendar::Gregorian, Some(28)) if d.month() == 2 => {
                format!("{} is not a leap year: February has 28 days", d.year())
            }
            (_, Some(days)) => format!("month {} has {days} days", d.month()),
            (_, None) => "the year is out of range".into(),
        })
    }
}

/// The day a fiscal year starts on, in every year of the plan's calendar (`"07-01"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
}

impl MonthDay {
    /// Reads `MM-DD` (or `MM/DD`, in any digits), of a possible shape.
    pub fn parse(text: &str) -> Option<MonthDay> {
        // The shape of a date in a year every calendar has.
        let d = Date::parse_written(&format!("2000-{}", text.replace('/', "-")))?;
        Some(MonthDay {
            month: d.month(),
            day: d.day(),
        })
    }

    /// The month and day `text` writes, or a message that says how to write one.
    pub fn read(text: &str) -> Result<MonthDay, String> {
        MonthDay::parse(text)
            .ok_or_else(|| format!("{text:?} is not a month and day; write MM-DD (07-01)"))
    }

    /// Whether this day is in every year of `calendar` (29 February and 30 Esfand are not).
    pub fn in_every_year_of(self, calendar: Calendar) -> bool {
        // A common year of each calendar.
        let common = match calendar {
            Calendar::Gregorian => 2019,
            Calendar::SolarHijri => 1398,
        };
        calendar.date(common, self.month, self.day).is_some()
    }
}

impl std::fmt::Display for MonthDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl JsonSchema for MonthDay {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MonthDay".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Month and day in the plan's calendar, MM-DD (07-01).",
            "type": "string",
            "maxLength": 20
        })
    }
}

/// The first and last day of a fiscal year, in the plan's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalSpan {
    pub start: Date,
    pub end: Date,
}

impl Calendar {
    /// The days of the fiscal year `label` names, where it names one without doubt: a
    /// year (`1398`, `۱۳۹۸`, `FY2025`) where fiscal years are calendar years (`start` is
    /// 01-01); two years (`2024-25`, `FY2024/2025`) the one that starts on `start` in the
    /// first. Any other label (`B`, `2024-27`, `2025` of a year from July) names none.
    pub fn fiscal_span(self, label: &str, start: MonthDay) -> Option<FiscalSpan> {
        let rest = label.strip_prefix("FY").unwrap_or(label);
        let digits: Vec<u32> = rest.chars().map_while(Date::digit).collect();
        if digits.len() != 4 {
            return None;
        }
        let year = digits.iter().fold(0, |n, d| n * 10 + d) as i32;
        let tail: String = rest.chars().skip(4).collect();
        let after = tail.strip_prefix(['-', '/']);
        let new_year = start == MonthDay { month: 1, day: 1 };
        let ends_next_year = match after {
            // One year names a fiscal year without doubt only when it is the calendar
            // year: "2025" of a year from July is 2024–25 in one country, 2025–26 in another.
            None if tail.is_empty() => new_year,
            None => false,
            Some(next) => {
                let n: Vec<u32> = next.chars().map(Date::digit).collect::<Option<_>>()?;
                let value = n.iter().fold(0, |v, d| v * 10 + d) as i32;
                match n.len() {
                    2 => value == (year + 1) % 100,
                    4 => value == year + 1,
                    _ => false,
                }
            }
        };
        if !ends_next_year {
            return None;
        }
        let first = self.date(year, start.month, start.day)?;
        let next = self.date(year + 1, start.month, start.day)?;
        let end = self.from_day_number(self.day_number(next)? - 1)?;
        Some(FiscalSpan { start: first, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(text: &str) -> Date {
        Calendar::SolarHijri.parse_date(text).unwrap()
    }

    fn iso(d: Date) -> String {
        Calendar::SolarHijri.to_iso(d).unwrap().to_string()
    }

    /// Nowruz, 1 Farvardin, as Iran's official calendar gives it (the vernal equinox
    /// before or after noon in Tehran decides the day).
    #[test]
    fn nowruz_falls_on_the_published_days() {
        for (year, gregorian) in [
            (1395, "2016-03-20"),
            (1396, "2017-03-21"),
            (1397, "2018-03-21"),
            (1398, "2019-03-21"),
            (1399, "2020-03-20"),
            (1400, "2021-03-21"),
            (1401, "2022-03-21"),
            (1402, "2023-03-21"),
            (1403, "2024-03-20"),
            (1404, "2025-03-21"),
            (1405, "2026-03-21"),
        ] {
            let d = Calendar::SolarHijri.date(year, 1, 1).unwrap();
            assert_eq!(iso(d), gregorian, "1 Farvardin {year}");
        }
    }

    /// Esfand has 30 days in the leap years 1395, 1399, 1403 and 1408 (Iran's calendar
    /// of 1395–1408), 29 in the others; the other months 31 (1–6) and 30 (7–11).
    #[test]
    fn month_ends_across_leap_years() {
        let leap = [1395, 1399, 1403, 1408];
        for year in 1395..=1408 {
            for month in 1..=12u8 {
                let days = match month {
                    1..=6 => 31,
                    7..=11 => 30,
                    _ if leap.contains(&year) => 30,
                    _ => 29,
                };
                let c = Calendar::SolarHijri;
                assert!(c.date(year, month, days).is_some(), "{year}-{month}-{days}");
                assert!(
                    c.date(year, month, days + 1).is_none(),
                    "{year}-{month}-{}",
                    days + 1
                );
                // The day after a month's end is the next month's first.
                let end = c.day_number(c.date(year, month, days).unwrap()).unwrap();
                let next = c.from_day_number(end + 1).unwrap();
                assert_eq!(next.day(), 1);
            }
        }
        assert_eq!(iso(sh("1398-12-29")), "2020-03-19");
        assert_eq!(iso(sh("1399-12-30")), "2021-03-20");
        assert_eq!(iso(sh("۱۳۹۸/۰۷/۰۱")), "2019-09-23");
    }

    /// Every day from 1 Farvardin 1300 to the end of 1500 comes back from its day number,
    /// and the days follow each other without a gap.
    #[test]
    fn every_day_from_1300_to_1500_round_trips() {
        let c = Calendar::SolarHijri;
        let first = c.day_number(c.date(1300, 1, 1).unwrap()).unwrap();
        let last = c.day_number(c.date(1501, 1, 1).unwrap()).unwrap() - 1;
        let mut previous: Option<Date> = None;
        for n in first..=last {
            let d = c.from_day_number(n).unwrap();
            assert_eq!(c.day_number(d), Some(n), "{d}");
            assert_eq!(c.parse_date(&d.to_string()), Some(d));
            if let Some(p) = previous {
                assert!(p < d, "{p} then {d}");
            }
            previous = Some(d);
        }
        // 201 years of 365 or 366 days.
        let days = last - first + 1;
        assert!((201 * 365..=201 * 366).contains(&days), "{days}");
    }

    #[test]
    fn gregorian_is_iso() {
        let g = Calendar::Gregorian;
        assert_eq!(
            g.to_iso(g.parse_date("2020-02-29").unwrap())
                .unwrap()
                .to_string(),
            "2020-02-29"
        );
        assert!(g.parse_date("2019-02-29").is_none());
        assert_eq!(g.from_day_number(0).unwrap().to_string(), "1970-01-01");
        for n in [-719_162, -1, 0, 18_000, 2_932_896] {
            assert_eq!(g.day_number(g.from_day_number(n).unwrap()), Some(n), "{n}");
        }
    }

    #[test]
    fn impossible_dates_say_why() {
        let c = Calendar::SolarHijri;
        let d = Date::parse_written("1398-12-30").unwrap();
        assert!(c.why_not(d).unwrap().contains("Esfand has 29 days"));
        let d = Date::parse_written("1398-07-31").unwrap();
        assert_eq!(c.why_not(d).unwrap(), "month 7 has 30 days");
        let d = Date::parse_written("2019-02-29").unwrap();
        assert!(Calendar::Gregorian
            .why_not(d)
            .unwrap()
            .contains("February has 28 days"));
        assert_eq!(c.why_not(sh("1399-12-30")), None);
    }

    #[test]
    fn fiscal_years_span_their_days() {
        let nowruz = MonthDay { month: 1, day: 1 };
        let span = Calendar::SolarHijri.fiscal_span("۱۳۹۸", nowruz).unwrap();
        assert_eq!(
            (span.start.to_string(), span.end.to_string()),
            ("1398-01-01".into(), "1398-12-29".into())
        );
        assert_eq!(iso(span.start), "2019-03-21");
        assert_eq!(iso(span.end), "2020-03-19");
        let leap = Calendar::SolarHijri.fiscal_span("1399", nowruz).unwrap();
        assert_eq!(leap.end.to_string(), "1399-12-30");
        let jan = MonthDay::parse("01-01").unwrap();
        let y = Calendar::Gregorian.fiscal_span("FY2024", jan).unwrap();
        assert_eq!(y.end.to_string(), "2024-12-31");
        let july = MonthDay::parse("07-01").unwrap();
        let g = Calendar::Gregorian;
        for label in ["2024-25", "2024/2025", "FY2024-25"] {
            let s = g.fiscal_span(label, july).unwrap();
            assert_eq!(
                (s.start.to_string(), s.end.to_string()),
                ("2024-07-01".into(), "2025-06-30".into()),
                "{label}"
            );
        }
        for label in ["2024-26", "B", "FY24", "2024x", "20245", "2024", "FY2024"] {
            assert!(g.fiscal_span(label, july).is_none(), "{label}");
        }
        assert!(!MonthDay::parse("02-29").unwrap().in_every_year_of(g));
        assert!(!MonthDay::parse("12-30")
            .unwrap()
            .in_every_year_of(Calendar::SolarHijri));
        assert!(MonthDay::parse("13-01").is_none());
    }
}
