//! A budget line read in one pass over its bytes: the reader's fastest path.
//!
//! A plan of a million lines is mostly budget lines written one way: an object of string
//! fields and a list of funding links. This scanner reads exactly that shape straight into
//! a [`BudgetLine`] — each text copied once, from the input into the line, and each amount
//! parsed where it is met — and gives up (returns `None`) on anything else: an escape in
//! a string, a number, an unknown field, `x`, a value that cannot be read (an amount that
//! is not a number), so that the general reader, which names every problem, takes over.
//! Like the general reader it reads shape only: the rules of values are `crate::rules`'. Whatever line it reads, it reads as the general reader does
//! (a property test in `plan_file/tests.rs` checks both).
//!
//! The input has already been read once as valid JSON by the stream reader; the scanner
//! still checks every byte it relies on, so malformed text only makes it give up.

use super::cursor::{scan_whole, Cursor};
use crate::amount::{parse_decimal, read_amount};
use crate::model::{BudgetLine, CompactString, Direction, FundTarget, Funding};
use crate::plan_file::fields::LineField as Field;

/// Reads one budget line object, or `None` when it is not of the usual shape.
pub(crate) fn scan_line(text: &str) -> Option<BudgetLine> {
    scan_whole(text, scan_line_at)
}

/// Reads the budget line object that starts at byte `at` of `text` (after white space)
/// into `out`, a default line (a million lines are then each written once, where they
/// stay), and returns where it ends; `None` when it is not of the usual shape, with `out`
/// partly written (the caller replaces it).
pub(crate) fn scan_line_at(text: &str, at: usize, out: &mut BudgetLine) -> Option<usize> {
    let mut c = Cursor { text, at };
    let text_of = |t: Option<&str>| t.map(CompactString::from);
    let amount = |t: Option<&str>| match t {
        Some(t) => read_amount(t).ok().map(Some),
        None => Some(None),
    };
    let seen = c.object(|c, field| {
        match field {
            Field::Id => out.id = CompactString::from(c.text_or_null()??),
            Field::Name => out.name = text_of(c.text_or_null()?),
            Field::Year => out.year = CompactString::from(c.text_or_null()??),
            Field::OrgUnit => out.org_unit = text_of(c.text_or_null()?),
            Field::Category => out.category = text_of(c.text_or_null()?),
            Field::Direction => {
                out.direction = match c.text_or_null()? {
                    None | Some("expenditure") => Direction::Expenditure,
                    Some("revenue") => Direction::Revenue,
                    Some(_) => return None,
                }
            }
            Field::Proposed => out.proposed = amount(c.text_or_null()?)?,
            Field::Amount => out.amount = amount(c.text_or_null()?)??,
            Field::Revised => out.revised = amount(c.text_or_null()?)?,
            Field::Committed => out.committed = amount(c.text_or_null()?)?,
            Field::Spent => out.spent = amount(c.text_or_null()?)?,
            Field::Funds => out.funds = c.funds()?,
        }
        Some(())
    })?;
    // Required: an id, a year and the approved amount (that the texts are not blank and
    // the amounts obey the plan's precision are rules, crate::rules).
    seen.has(&[Field::Id, Field::Year, Field::Amount])
        .then_some(c.at)
}

impl Cursor<'_> {
    /// A list of funding links: `{"project": …}` or `{"program": …}`, each maybe with a
    /// `share` (a string or null).
    fn funds(&mut self) -> Option<Vec<Funding>> {
        self.list(Cursor::link)
    }

    fn link(&mut self) -> Option<Funding> {
        let (mut target, mut share) = (None, None);
        self.expect(b'{')?;
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            match key {
                "project" if target.is_none() => {
                    target = Some(FundTarget::Project(CompactString::from(self.string()?)));
                }
                "program" if target.is_none() => {
                    target = Some(FundTarget::Program(CompactString::from(self.string()?)));
                }
                "share" if share.is_none() => {
                    share = Some(match self.text_or_null()? {
                        Some(text) => Some(parse_decimal(text).ok()?),
                        None => None,
                    })
                }
                _ => return None,
            }
            if self.after_item(b'}')? {
                return Some(Funding {
                    target: target?,
                    share: share.flatten(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_shape() {
        let line = scan_line(
            r#" { "id":"BL1", "year" : "1398","org_unit":"D1","category":null,"amount":"12.5",
                "direction":"revenue","funds":[{"project":"PJ1","share":"0.5"},{"program":"PR2","share":null}] } "#,
        )
        .unwrap();
        assert_eq!(line.id, "BL1");
        assert_eq!(line.year, "1398");
        assert_eq!(line.org_unit.as_deref(), Some("D1"));
        assert_eq!(line.category, None);
        assert_eq!(line.amount, rust_decimal::Decimal::new(125, 1));
        assert_eq!(line.direction, Direction::Revenue);
        assert_eq!(
            line.funds,
            vec![
                Funding {
                    target: FundTarget::Project("PJ1".into()),
                    share: Some(rust_decimal::Decimal::new(5, 1))
                },
                Funding {
                    target: FundTarget::Program("PR2".into()),
                    share: None
                }
            ]
        );
        let persian =
            scan_line(r#"{"id":"ب۱","year":"۱۳۹۸","amount":"۱۲٫۵","spent":"۳","funds":[]}"#)
                .unwrap();
        assert_eq!(persian.id, "ب۱");
        assert_eq!(persian.amount, rust_decimal::Decimal::new(125, 1));
        assert_eq!(persian.spent, Some(rust_decimal::Decimal::new(3, 0)));
        assert!(persian.funds.is_empty());
    }

    #[test]
    fn gives_up_on_anything_unusual() {
        for text in [
            r#"{"id":"a\"b","year":"1","amount":"1"}"#,
            r#"{"id":"a","year":1398,"amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":"1","x":{}}"#,
            r#"{"id":"a","id":"b","year":"1","amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":"1","colour":"red"}"#,
            r#"{"id":"a","year":"1","amount":"1","direction":"sideways"}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":null}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"share":"1"}]}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"project":"p","share":"half"}]}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"project":"p","program":"q"}]}"#,
            r#"{"id":"a","year":"1","amount":"1","funds":[{"project":"p"}"#,
            r#"{"id":"a","year":"1","amount":"1"} trailing"#,
            // Missing required fields.
            r#"{"id":null,"year":"1","amount":"1"}"#,
            r#"{"id":"a","amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":null}"#,
            "{}",
            r#"{"id":"a","year":"1","amount":"1""#,
            r#"{"id":"a""#,
            r#"{"id":nul}"#,
            "",
            "[]",
        ] {
            assert_eq!(scan_line(text), None, "{text}");
        }
    }

    #[test]
    fn reads_values_only_the_rules_refuse() {
        // Shape only: a blank id, too many places, a negative amount are the rules' to name
        // (crate::rules), with the same message whichever reader read the line.
        for text in [
            r#"{"id":" ","year":"1","amount":"1"}"#,
            r#"{"id":"a","year":"1","amount":"1.234"}"#,
            r#"{"id":"a","year":"1","amount":"1","spent":"-1"}"#,
        ] {
            assert!(scan_line(text).is_some(), "{text}");
        }
    }
}
