//! Reading decimal numbers exactly, as budget offices write them.
//!
//! Amounts come as JSON strings or numbers, in Latin, Persian (۰-۹) or Arabic-Indic (٠-٩)
//! digits, with grouping marks (`,` `٬`), `٫` or `.` as the decimal mark, and sometimes
//! `/` as the thousands mark of Iranian legal texts. Nothing here goes through a float.

use rust_decimal::Decimal;

/// The largest amount a plan may hold: 10^21 in the currency's major unit.
///
/// Far above any public budget (Iran's national budget is about 10^17 rials), and low
/// enough that a million lines summed still fit rust_decimal's 96-bit mantissa, so no
/// total can overflow.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(3_735_027_712, 902_409_669, 54, false, 0);

/// Why a number could not be read. The message says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumberError {
    #[error("is empty; write a number such as \"1250000\"")]
    Empty,
    #[error("{0:?} is not a number; write digits with an optional `.` or `٫` decimal mark")]
    NotANumber(String),
    #[error(
        "{0:?} uses `/` ambiguously; write `.` or `٫` for a decimal mark, or group by three digits (25/000/000)"
    )]
    AmbiguousSlash(String),
    #[error(
        "{0:?} has grouping marks out of place; groups after the first must have three digits"
    )]
    BadGrouping(String),
    #[error("{0:?} is negative; amounts must be zero or more")]
    Negative(String),
    #[error("{0:?} is out of range; amounts may be at most 10^21")]
    OutOfRange(String),
    #[error("{0:?} has more decimal places than can be held exactly (28)")]
    TooManyPlaces(String),
    #[error("{value:?} has {places} decimal places but the plan's precision is {precision}")]
    TooPrecise {
        value: String,
        places: u32,
        precision: u32,
    },
}

/// A text as errors show it: whole when short, else its start and its length (a 100 MB
/// cell is not echoed back).
pub fn cut(text: &str) -> String {
    const SHOWN: usize = 40;
    if text.chars().count() <= SHOWN + 20 {
        return text.to_string();
    }
    let start: String = text.chars().take(SHOWN).collect();
    format!("{start}… ({} bytes)", text.len())
}

/// Why a plain decimal could not be held: too many places after the mark, or too large.
fn too_big_or_too_fine(text: &str) -> NumberError {
    let places = text
        .trim()
        .split_once(['.', '٫'])
        .map_or(0, |(_, f)| f.chars().filter(char::is_ascii_digit).count());
    if places > 28 {
        NumberError::TooManyPlaces(cut(text))
    } else {
        NumberError::OutOfRange(cut(text))
    }
}

/// Reads a decimal number written as text, exactly.
///
/// Accepts Persian and Arabic-Indic digits, `٫` as a decimal mark, `,` and `٬` as grouping
/// marks (groups of three), and `/` as a thousands mark only where every group after the
/// first has three digits. A leading `-` gives a negative number; callers that need a
/// non-negative amount use [`parse_amount`].
///
/// ```
/// use goldthread::amount::parse_decimal;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_decimal("۱۰۰٫۰۱").unwrap(), Decimal::new(10001, 2));
/// assert_eq!(parse_decimal("25/000/000").unwrap(), Decimal::new(25_000_000, 0));
/// assert!(parse_decimal("12/5").is_err()); // Persian usage for 12.5: never guessed
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(NumberError::Empty);
    }
    // The common case, plain ASCII digits with at most one `.` inside, needs no mapping.
    let bytes = trimmed.as_bytes();
    let dots = bytes.iter().filter(|b| **b == b'.').count();
    if dots <= 1
        && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.')
        && bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.last().is_some_and(u8::is_ascii_digit)
    {
        return Decimal::from_str_exact(trimmed).map_err(|_| too_big_or_too_fine(text));
    }
    let mut ascii = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        ascii.push(match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '٫' => '.',
            '٬' => ',',
            '−' => '-',
            _ => c,
        });
    }
    let (negative, body) = match ascii.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, ascii.as_str()),
    };
    let has_slash = body.contains('/');
    let has_comma = body.contains(',');
    if has_slash && has_comma {
        return Err(NumberError::NotANumber(cut(text)));
    }
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let int_digits = if has_slash || has_comma {
        let mark = if has_slash { '/' } else { ',' };
        let groups: Vec<&str> = int_part.split(mark).collect();
        let well_grouped = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && frac_part.is_none_or(|f| !f.contains(mark));
        if !well_grouped {
            return Err(if has_slash {
                NumberError::AmbiguousSlash(cut(text))
            } else {
                NumberError::BadGrouping(cut(text))
            });
        }
        groups.concat()
    } else {
        int_part.to_string()
    };
    let plain = match frac_part {
        Some(f) => format!("{int_digits}.{f}"),
        None => int_digits,
    };
    let valid_plain = {
        let (i, f) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
        !(i.is_empty() && f.is_empty())
            && i.bytes().all(|b| b.is_ascii_digit())
            && f.bytes().all(|b| b.is_ascii_digit())
            && !(plain.contains('.') && f.is_empty())
    };
    let value = if valid_plain {
        Decimal::from_str_exact(&plain).map_err(|_| too_big_or_too_fine(text))?
    } else if !has_slash && !has_comma && plain.contains(['e', 'E']) {
        // JSON numbers may use an exponent (1.5e9); read it exactly.
        // One rule for exponents: read exactly where a decimal can hold the value
        // ("1e5", "1.5e-3"), out of range or too fine where it cannot ("1e30", "1e-30").
        match plain.split_once(['e', 'E']).map(|(_, e)| e.parse::<i64>()) {
            Some(Ok(e)) => Decimal::from_scientific(&plain).map_err(|_| {
                if e < 0 {
                    NumberError::TooManyPlaces(cut(text))
                } else {
                    NumberError::OutOfRange(cut(text))
                }
            })?,
            _ => return Err(NumberError::NotANumber(cut(text))),
        }
    } else {
        return Err(NumberError::NotANumber(cut(text)));
    };
    Ok(if negative { -value } else { value })
}

/// Reads a money amount: a non-negative decimal of at most `precision` decimal places
/// (trailing zeros do not count) and at most [`MAX_AMOUNT`].
///
/// ```
/// use goldthread::amount::parse_amount;
/// assert_eq!(parse_amount("1,250,000", 0).unwrap().to_string(), "1250000");
/// assert!(parse_amount("10.005", 2).is_err());
/// assert!(parse_amount("-5", 2).is_err());
/// ```
pub fn parse_amount(text: &str, precision: u32) -> Result<Decimal, NumberError> {
    let value = read_amount(text)?;
    check_amount(value, precision, || cut(text))?;
    Ok(value)
}

/// Reads a budget line's amount: as [`parse_amount`], but it may be negative (a reversal,
/// a correction, a refund: SPEC §2).
///
/// ```
/// use goldthread::amount::parse_line_amount;
/// assert_eq!(parse_line_amount("-1,250.50", 2).unwrap().to_string(), "-1250.50");
/// assert!(parse_line_amount("-10.005", 2).is_err());
/// ```
pub fn parse_line_amount(text: &str, precision: u32) -> Result<Decimal, NumberError> {
    let value = read_amount(text)?;
    check_line_amount(value, precision, || cut(text))?;
    Ok(value)
}

/// Reads an amount as written, exactly: its form only. The rules a plan's amounts obey
/// (zero or more, at most [`MAX_AMOUNT`], no more places than the precision) are
/// [`check_amount`]'s, applied by the plan's rules pass to every way a plan comes in.
///
/// ```
/// use goldthread::amount::read_amount;
/// assert_eq!(read_amount("10.005").unwrap().to_string(), "10.005");
/// assert_eq!(read_amount("-5").unwrap().to_string(), "-5");
/// assert!(read_amount("ten").is_err());
/// ```
pub fn read_amount(text: &str) -> Result<Decimal, NumberError> {
    if let Some(value) = plain_amount(text) {
        return Ok(value);
    }
    let value = parse_decimal(text)?;
    // "-0" is zero: written back, it reads "0".
    Ok(if value.is_zero() { value.abs() } else { value })
}

/// The rules of an amount in a plan of `precision` (SPEC §2): not negative, at most
/// [`MAX_AMOUNT`], at most `precision` decimal places. The error writes the value as
/// `shown` gives it (the text as written, where there is one). Budget lines' amounts may
/// be negative: [`check_line_amount`].
pub fn check_amount(
    value: Decimal,
    precision: u32,
    shown: impl FnOnce() -> String,
) -> Result<(), NumberError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(NumberError::Negative(shown()));
    }
    check_line_amount(value, precision, shown)
}

/// The rules of a budget line's amount (SPEC §2): at most [`MAX_AMOUNT`] either side of
/// zero, at most `precision` decimal places.
pub fn check_line_amount(
    value: Decimal,
    precision: u32,
    shown: impl FnOnce() -> String,
) -> Result<(), NumberError> {
    // The usual amount, in a few instructions: no more places than the precision, and a
    // mantissa of at most 10^21 either side of zero (so the value is within 10^21 too).
    const LIMIT: u128 = 1_000_000_000_000_000_000_000;
    if value.scale() <= precision && value.mantissa().unsigned_abs() <= LIMIT {
        return Ok(());
    }
    if value.abs() > MAX_AMOUNT {
        return Err(NumberError::OutOfRange(shown()));
    }
    // The written scale first: most amounts have no more places than the precision, and
    // only those with more need their trailing zeros counted out.
    if value.scale() > precision {
        let places = value.normalize().scale();
        if places > precision {
            return Err(NumberError::TooPrecise {
                value: shown(),
                places,
                precision,
            });
        }
    }
    Ok(())
}

/// The usual amount, read without the general rules: ASCII digits with at most one `.`
/// inside, short enough for a `u64` (so far below [`MAX_AMOUNT`]). The same value and
/// scale as [`parse_decimal`] gives; `None` for anything else.
fn plain_amount(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    // 19 digits are below 2^64.
    if bytes.len() > 19 || !bytes.first()?.is_ascii_digit() || !bytes.last()?.is_ascii_digit() {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut places: Option<u32> = None;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                if let Some(p) = places.as_mut() {
                    *p += 1;
                }
            }
            b'.' if places.is_none() => places = Some(0),
            _ => return None,
        }
    }
    let places = places.unwrap_or(0);
    Decimal::try_from_i128_with_scale(i128::from(mantissa), places).ok()
}

/// An amount in the smallest unit of the plan's currency (negative for a negative amount).
pub(crate) fn to_units(value: Decimal, precision: u32) -> i128 {
    // Most amounts are written with the plan's precision already: no rescaling.
    if value.scale() == precision {
        return value.mantissa();
    }
    let mut v = value;
    v.rescale(precision);
    // Loading guarantees amounts have at most `precision` places and are small enough.
    v.mantissa()
}

/// Back from smallest units to a decimal with exactly `precision` places.
pub(crate) fn from_units(units: i128, precision: u32) -> Decimal {
    Decimal::try_from_i128_with_scale(units, precision)
        // Loading bounds every total below 2^96 units, so this is unreachable; MAX is a
        // visible sentinel rather than a panic.
        .unwrap_or(Decimal::MAX)
}

/// Formats an amount with exactly `precision` decimal places ("66.70", "1250000").
pub fn format_amount(value: Decimal, precision: u32) -> String {
    let mut v = value;
    v.rescale(precision);
    v.to_string()
}

/// Formats an amount for people: digits grouped by three with `,` ("1,250,000.50").
pub fn format_grouped(value: Decimal, precision: u32) -> String {
    let plain = format_amount(value, precision);
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain.as_str()),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A decimal written as [`Decimal`]'s own `Display` and `Serialize` write it (`"-0.50"`,
/// every place of its scale kept), without their digit-by-digit division of 96-bit
/// numbers: a mantissa below 2^64 is divided in 64 bits. A national plan words several
/// hundred thousand amounts in warnings and reports.
pub(crate) struct DecimalText {
    buf: [u8; 48],
    start: usize,
}

impl DecimalText {
    pub fn new(value: &Decimal) -> DecimalText {
        let mut text = DecimalText {
            buf: [0; 48],
            start: 48,
        };
        let scale = value.scale() as usize;
        let mut m = value.mantissa().unsigned_abs();
        let mut written = 0;
        // Right to left: digits, the point after `scale` of them, at least one digit
        // before it. At most 29 digits, a point, a leading 0 and a sign: within 48.
        loop {
            if written == scale && scale > 0 {
                text.push(b'.');
            }
            let digit = match u64::try_from(m) {
                Ok(small) => {
                    m = u128::from(small / 10);
                    small % 10
                }
                Err(_) => {
                    let d = (m % 10) as u64;
                    m /= 10;
                    d
                }
            };
            text.push(b'0' + digit as u8);
            written += 1;
            if m == 0 && written > scale {
                break;
            }
        }
        if value.is_sign_negative() {
            text.push(b'-');
        }
        text
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.start.checked_sub(1).and_then(|i| self.buf.get_mut(i)) {
            *slot = byte;
            self.start -= 1;
        }
    }

    pub fn as_str(&self) -> &str {
        // ASCII only: never fails.
        std::str::from_utf8(self.buf.get(self.start..).unwrap_or_default()).unwrap_or_default()
    }
}

impl std::fmt::Display for DecimalText {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn units_round_trip() {
        let d = Decimal::new(10001, 2);
        assert_eq!(to_units(d, 2), 10001);
        assert_eq!(to_units(Decimal::new(5, 0), 2), 500);
        assert_eq!(from_units(10001, 2).to_string(), "100.01");
        assert_eq!(from_units(0, 2).to_string(), "0.00");
    }

    proptest::proptest! {
        /// `DecimalText` writes what `Decimal`'s own `Display` writes, for any mantissa,
        /// scale and sign, negative zero included.
        #[test]
        fn decimal_text_is_decimal_display(
            lo in proptest::prop_oneof![0u64..1000, proptest::num::u64::ANY],
            hi in proptest::prop_oneof![proptest::strategy::Just(0u32), proptest::num::u32::ANY],
            negative in proptest::bool::ANY,
            scale in 0u32..=28,
        ) {
            let d = Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, negative, scale);
            let text = DecimalText::new(&d);
            proptest::prop_assert_eq!(text.as_str(), d.to_string());
            let json = serde_json::to_string(&d).unwrap();
            proptest::prop_assert_eq!(format!("\"{}\"", DecimalText::new(&d)), json);
        }
    }

    #[test]
    fn decimal_text_examples() {
        for (text, want) in [
            ("0", "0"),
            ("0.00", "0.00"),
            ("0.05", "0.05"),
            ("-12.50", "-12.50"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
        ] {
            let d = Decimal::from_str(text).unwrap();
            assert_eq!(DecimalText::new(&d).as_str(), want);
        }
        assert_eq!(
            DecimalText::new(&-Decimal::ZERO).as_str(),
            (-Decimal::ZERO).to_string()
        );
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    proptest::proptest! {
        /// Where the shortcut for plain amounts answers, it gives what the general rules
        /// give, value and scale; and `parse_amount` accepts exactly what the rules accept.
        #[test]
        fn plain_amounts_read_as_the_general_rules_do(
            text in "[0-9]{0,21}(\\.[0-9]{0,5})?|[0-9.]{1,6}",
            precision in 0u32..5,
        ) {
            if let Some(fast) = plain_amount(&text) {
                let general = parse_decimal(&text).unwrap();
                proptest::prop_assert_eq!(fast.mantissa(), general.mantissa());
                proptest::prop_assert_eq!(fast.scale(), general.scale());
            }
            let mut slow = parse_decimal(&text);
            if let Ok(v) = slow {
                let places = v.normalize().scale();
                if v > MAX_AMOUNT || places > precision {
                    slow = Err(NumberError::Empty);
                }
            }
            proptest::prop_assert_eq!(parse_amount(&text, precision).ok(), slow.ok());
        }
    }

    #[test]
    fn max_amount_is_ten_to_the_21() {
        assert_eq!(MAX_AMOUNT, d("1000000000000000000000"));
    }

    #[test]
    fn reads_persian_and_arabic_digits() {
        assert_eq!(parse_decimal("۱۰۰٫۰۱").unwrap(), d("100.01"));
        assert_eq!(parse_decimal("٢٥٠").unwrap(), d("250"));
        assert_eq!(parse_decimal("۱٬۲۵۰٬۰۰۰").unwrap(), d("1250000"));
    }

    #[test]
    fn grouping_must_be_by_three() {
        assert_eq!(parse_decimal("1,250,000.5").unwrap(), d("1250000.5"));
        assert!(matches!(
            parse_decimal("12,5"),
            Err(NumberError::BadGrouping(_))
        ));
        assert!(matches!(
            parse_decimal("1,2345"),
            Err(NumberError::BadGrouping(_))
        ));
        assert!(matches!(
            parse_decimal(",123"),
            Err(NumberError::BadGrouping(_))
        ));
    }

    #[test]
    fn slash_only_as_thousands_mark() {
        assert_eq!(parse_decimal("25/000/000/000").unwrap(), d("25000000000"));
        assert_eq!(parse_decimal("۲۵/۰۰۰").unwrap(), d("25000"));
        for bad in ["12/5", "1/25", "12/50", "1/0000", "/000"] {
            assert!(
                matches!(parse_decimal(bad), Err(NumberError::AmbiguousSlash(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn rejects_non_numbers() {
        for bad in [
            "",
            " ",
            "abc",
            "1.2.3",
            "1.",
            ".",
            "1 000",
            "0x10",
            "1,000/000",
            "NaN",
        ] {
            assert!(parse_decimal(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reads_exponents_exactly() {
        assert_eq!(parse_decimal("1.5e9").unwrap(), d("1500000000"));
        assert_eq!(parse_decimal("1E2").unwrap(), d("100"));
    }

    #[test]
    fn amounts_check_sign_range_and_precision() {
        assert_eq!(parse_amount("10.50", 1).unwrap(), d("10.50"));
        assert!(matches!(
            parse_amount("-1", 2),
            Err(NumberError::Negative(_))
        ));
        assert!(matches!(
            parse_amount("10.005", 2),
            Err(NumberError::TooPrecise { places: 3, .. })
        ));
        assert!(matches!(
            parse_amount("1000000000000000000001", 0),
            Err(NumberError::OutOfRange(_))
        ));
        assert!(matches!(
            parse_amount("99999999999999999999999999999999", 0),
            Err(NumberError::OutOfRange(_))
        ));
        assert_eq!(parse_amount("-0", 0).unwrap(), Decimal::ZERO);
    }

    #[test]
    fn formats_with_precision_and_groups() {
        assert_eq!(format_amount(d("66.7"), 2), "66.70");
        assert_eq!(format_amount(d("5"), 0), "5");
        assert_eq!(format_grouped(d("1250000.5"), 2), "1,250,000.50");
        assert_eq!(format_grouped(d("999"), 0), "999");
        assert_eq!(format_grouped(d("1000"), 0), "1,000");
    }
}
