//! A scenario's amounts, shares and percentages: decimal text (`"-5.5"`, Persian digits
//! too) or a whole number (`-5`), kept as text for the plan file's own reader. A
//! fractional JSON or TOML number is refused: a binary float cannot hold money exactly.

use serde::de::{Deserializer, Error, MapAccess, Unexpected, Visitor};
use std::fmt;

/// What the schema says of such a field.
#[derive(schemars::JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub(super) enum Number {
    Text(String),
    Whole(i64),
}

struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal as a string (\"-5.5\") or a whole number")
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<String, E> {
        Err(E::invalid_type(Unexpected::Float(v), &FLOAT))
    }

    /// serde_json keeps a number's exact text (its `arbitrary_precision`) as a one-entry
    /// map: a whole number is taken as written, a fraction or exponent refused.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let Some(_) = map.next_key::<String>()? else {
            return Err(A::Error::invalid_type(Unexpected::Map, &self));
        };
        let number: String = map.next_value()?;
        if number.contains(['.', 'e', 'E']) {
            return Err(A::Error::custom(format!("{number} is {FLOAT}")));
        }
        Ok(number)
    }
}

const FLOAT: &str = "a fraction written as a number: write it as a string (\"-5.5\"); a float cannot hold money exactly";

pub(super) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(Text)
}

pub(super) fn optional_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Optional;
    impl<'de> Visitor<'de> for Optional {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a decimal as a string, a whole number, or null")
        }

        fn visit_none<E: Error>(self) -> Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_unit<E: Error>(self) -> Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
            text(d).map(Some)
        }
    }
    d.deserialize_option(Optional)
}
