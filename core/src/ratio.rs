//! Ratios of exact quantities. Ratios may be floats (SPEC §4); the division itself is done
//! in decimals so that no amount is ever turned into a float.

use rust_decimal::Decimal;

/// `a / b` of two amounts of money as a float, `None` when `b` is zero or negative: no
/// share of nothing, and none of a whole that reversals made negative (SPEC §4).
pub(crate) fn money_ratio(a: Decimal, b: Decimal) -> Option<f64> {
    if b <= Decimal::ZERO {
        return None;
    }
    quotient(a, b)
}

/// `a / b` as a float, `None` when `b` is zero: for quantities whose denominator may be
/// negative (an indicator whose target is below its baseline).
pub(crate) fn quotient(a: Decimal, b: Decimal) -> Option<f64> {
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
            money_ratio(Decimal::new(3335, 2), Decimal::new(6670, 2)),
            Some(0.5)
        );
        assert_eq!(money_ratio(Decimal::ONE, Decimal::ZERO), None);
        assert_eq!(money_ratio(Decimal::ONE, Decimal::NEGATIVE_ONE), None);
        assert_eq!(quotient(Decimal::ONE, Decimal::NEGATIVE_ONE), Some(-1.0));
        assert_eq!(count_ratio(1, 4), 0.25);
        assert_eq!(count_ratio(0, 0), 0.0);
        assert_eq!(count_ratio(21, 27), 21.0 / 27.0);
        assert_eq!(
            money_ratio(Decimal::from(21), Decimal::from(27)),
            Some(21.0 / 27.0)
        );
    }
}
