//! Calendar dates of schedules and statuses, as the plan writes them: a year, a month and
//! a day of the plan's calendar (see the `calendar` module).
//!
//! Reading a date checks its shape only (`YYYY-MM-DD` or `YYYY/MM/DD`, Latin, Persian or
//! Arabic-Indic digits): whether the day exists depends on the calendar, which a plan file
//! may give after its projects, so that is a rule of the plan (the rules pass, E009). Dates
//! of one calendar compare in the order of their days, so a schedule that finishes before
//! it starts is found without converting either.

use std::fmt;

/// A date as written: year, month and day of the plan's calendar. Ordered by day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A Gregorian date, if it exists (`Date::new(2019, 2, 29)` is `None`).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        Date::written(year, month, day).filter(|d| d.day <= Date::gregorian_month_days(year, month))
    }

    /// The days of a month of the proleptic Gregorian calendar.
    pub(crate) fn gregorian_month_days(year: i32, month: u8) -> u8 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => 0,
        }
    }

    /// A date of some calendar, of a possible shape: year 1 to 9999, month 1 to 12, day
    /// 1 to 31. Whether it exists is the calendar's to say.
    pub(crate) fn written(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid =
            (1..=12).contains(&month) && (1..=31).contains(&day) && (1..=9999).contains(&year);
        valid.then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Reads a Gregorian `YYYY-MM-DD` (exactly ten Latin characters), if the day exists.
    ///
    /// ```
    /// use goldthread::date::Date;
    /// let d = Date::parse("2019-03-21").unwrap();
    /// assert_eq!(d.to_string(), "2019-03-21");
    /// assert!(Date::parse("2019-02-30").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        let iso = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && text.is_ascii();
        let d = Date::parse_written(text).filter(|_| iso)?;
        Date::new(d.year, d.month, d.day)
    }

    /// Reads the shape of a date of any calendar: a four-digit year, a month and a day of one
    /// or two digits, separated by `-` or `/` (the same both times), in Latin, Persian
    /// (۰–۹) or Arabic-Indic (٠–٩) digits: `2019-03-21`, `۱۳۹۸/۰۷/۰۱`, `1398/7/1`.
    ///
    /// ```
    /// use goldthread::date::Date;
    /// let d = Date::parse_written("۱۳۹۸/۰۷/۰۱").unwrap();
    /// assert_eq!(d.to_string(), "1398-07-01");
    /// assert!(Date::parse_written("1398-13-01").is_none());
    /// ```
    pub fn parse_written(text: &str) -> Option<Date> {
        // Short enough to look at, whatever it holds: three numbers and two marks.
        if text.len() > 40 {
            return None;
        }
        let sep = if text.contains('/') { '/' } else { '-' };
        let mut parts = text.split(sep);
        let mut number = |lengths: std::ops::RangeInclusive<usize>| -> Option<u32> {
            let part = parts.next()?;
            let mut n = 0u32;
            let mut count = 0;
            for c in part.chars() {
                n = n.checked_mul(10)?.checked_add(Date::digit(c)?)?;
                count += 1;
            }
            lengths.contains(&count).then_some(n)
        };
        let year = i32::try_from(number(4..=4)?).ok()?;
        let month = u8::try_from(number(1..=2)?).ok()?;
        let day = u8::try_from(number(1..=2)?).ok()?;
        if parts.next().is_some() {
            return None;
        }
        Date::written(year, month, day)
    }

    /// Days since 1970-01-01 (negative before) of this date read as Gregorian, by the
    /// civil-from-days algorithm.
    pub fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl Date {
    /// The value of a Latin, Persian or Arabic-Indic digit.
    pub(crate) fn digit(c: char) -> Option<u32> {
        match c {
            '0'..='9' => c.to_digit(10),
            '۰'..='۹' => Some(c as u32 - '۰' as u32),
            '٠'..='٩' => Some(c as u32 - '٠' as u32),
            _ => None,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date of the plan's calendar: YYYY-MM-DD or YYYY/MM/DD, in Latin, Persian or Arabic-Indic digits (2019-03-21, ۱۳۹۸/۰۷/۰۱).",
            "type": "string",
            "maxLength": 40
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert!(Date::parse("2020-02-29").is_some());
        for bad in [
            "2019-02-29",
            "2019-13-01",
            "2019-00-10",
            "19-01-01",
            "2019/01/01",
            "٢٠١٩-01-01",
            "",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn written_dates_take_any_digits_and_either_mark() {
        for (text, iso) in [
            ("۱۳۹۸/۰۷/۰۱", "1398-07-01"),
            ("1398/7/1", "1398-07-01"),
            ("١٣٩٨-١٢-٢٩", "1398-12-29"),
            ("2019-02-30", "2019-02-30"),
        ] {
            assert_eq!(
                Date::parse_written(text).unwrap().to_string(),
                iso,
                "{text}"
            );
        }
        for bad in [
            "1398-07/01",
            "1398-13-01",
            "1398-00-01",
            "1398-01-32",
            "98-01-01",
            "1398-001-01",
            "1398-01-01-01",
            "1398-1a-01",
            "",
            "---",
        ] {
            assert!(Date::parse_written(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn day_numbers_are_exact() {
        assert_eq!(Date::parse("1970-01-01").unwrap().day_number(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().day_number(), 11_017);
        let a = Date::parse("2019-03-21").unwrap().day_number();
        let b = Date::parse("2021-03-20").unwrap().day_number();
        assert_eq!(b - a, 730);
    }
}
