//! Exchange rates for an IATI import (SPEC §13): a plan holds one currency, so a value in
//! another is converted only by a rate the user gives — never by a guess. The table is
//! small CSV, `currency,year,rate` (a blank year: every year), each rate the plan
//! currency's units per unit of `currency`; a converted value is rounded half away from
//! zero to the cent, and the import's summary counts every conversion with its rounding.

use crate::amount::read_amount;
use rust_decimal::{Decimal, RoundingStrategy};

/// The rates to the plan's currency, read from their table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeRates {
    /// The plan's currency, which every value ends in.
    pub currency: String,
    rates: Vec<(String, Option<String>, Decimal)>,
}

impl ExchangeRates {
    /// Reads the table `name` (for messages): a header naming `currency`, `rate` and
    /// optionally `year`, then one row per rate. A rate that is not a positive number, a
    /// currency given twice for one year, or a rate to the plan's own currency is an error
    /// naming the row.
    pub fn read(currency: &str, name: &str, text: &str) -> Result<ExchangeRates, String> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| format!("{name}: {e}"))?
            .clone();
        let column = |want: &str| header.iter().position(|h| h.eq_ignore_ascii_case(want));
        let (Some(c), Some(r)) = (column("currency"), column("rate")) else {
            return Err(format!(
                "{name}: the header must name the columns currency, rate and (optionally) year; it has: {}",
                header.iter().collect::<Vec<_>>().join(", ")
            ));
        };
        let y = column("year");
        let mut rates: Vec<(String, Option<String>, Decimal)> = Vec::new();
        for (k, row) in reader.records().enumerate() {
            let at = format!("{name}, row {}", k + 2);
            let row = row.map_err(|e| format!("{at}: {e}"))?;
            let from = row.get(c).unwrap_or_default().to_ascii_uppercase();
            let year = y
                .and_then(|y| row.get(y))
                .filter(|y| !y.is_empty())
                .map(str::to_string);
            let text = row.get(r).unwrap_or_default();
            let rate = read_amount(text)
                .ok()
                .filter(|r| *r > Decimal::ZERO)
                .ok_or_else(|| format!("{at}: rate {text:?} is not a positive number"))?;
            if from.is_empty() {
                return Err(format!("{at}: no currency"));
            }
            if from == currency {
                return Err(format!(
                    "{at}: a rate from {from} to the plan's own currency is not needed; take the row out"
                ));
            }
            if rates.iter().any(|(f, yr, _)| *f == from && *yr == year) {
                let when = year.as_deref().unwrap_or("every year");
                return Err(format!("{at}: {from} for {when} is given twice"));
            }
            rates.push((from, year, rate));
        }
        Ok(ExchangeRates {
            currency: currency.to_string(),
            rates,
        })
    }

    /// The rate from `from` in `year`: that year's own, else the one for every year.
    pub(crate) fn rate(&self, from: &str, year: &str) -> Option<Decimal> {
        let find = |y: Option<&str>| {
            self.rates
                .iter()
                .find(|(f, yr, _)| f == from && yr.as_deref() == y)
                .map(|r| r.2)
        };
        find(Some(year)).or_else(|| find(None))
    }
}

/// `value` × `rate`, rounded half away from zero to the cent (the plan's precision), and
/// what the rounding moved.
pub(crate) fn convert(value: Decimal, rate: Decimal, precision: u32) -> (Decimal, Decimal) {
    let exact = value * rate;
    let rounded = exact.round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero);
    (rounded, rounded - exact)
}
