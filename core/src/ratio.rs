//! Ratios of exact quantities. Ratios may be floats (SPEC §4); the division itself is done
//! in decimals so that no amount is ever turned into a float.

use rust_decimal::Decimal;

/// `a / b` as a float, `None` when `b` is zero.
pub(crate) fn decimal_ratio(a: Decimal, b: Decimal) -> Option<f64> {
    if b.is_zero() {
        return None;
    }
    // Through the decimal text: Rust's float parsing rounds correctly, so 21/27 gives the
    // same float as an analyst's 21 / 27 in Python.
    a.checked_div(b).map(decimal_to_f64)
}

/// A decimal ratio as the nearest float.
pub(crate) fn decimal_to_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

/// `a / b` as a float, 0 when `b` is zero (the SPEC's convention for report ratios).
pub(crate) fn ratio_or_zero(a: Decimal, b: Decimal) -> f64 {
    decimal_ratio(a, b).unwrap_or(0.0)
}

/// `a / b` for counts, 0 when `b` is zero.
pub(crate) fn count_ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divides_and_handles_zero() {
        assert_eq!(
            decimal_ratio(Decimal::new(3335, 2), Decimal::new(6670, 2)),
            Some(0.5)
        );
        assert_eq!(decimal_ratio(Decimal::ONE, Decimal::ZERO), None);
        assert_eq!(ratio_or_zero(Decimal::ONE, Decimal::ZERO), 0.0);
        assert_eq!(count_ratio(1, 4), 0.25);
        assert_eq!(count_ratio(0, 0), 0.0);
        assert_eq!(count_ratio(21, 27), 21.0 / 27.0);
        assert_eq!(
            ratio_or_zero(Decimal::from(21), Decimal::from(27)),
            21.0 / 27.0
        );
    }
}
