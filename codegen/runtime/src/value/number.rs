//! Big numbers (Smithy `bigInteger` and `bigDecimal`): kept as their decimal digits, so no digit is lost on the way in or out.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{self, Serializer};
use std::fmt;
use std::str::FromStr;

/// An integer of any size, kept as its digits (JSON integer syntax: `-?(0|[1-9][0-9]*)`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

/// A decimal of any size and precision, kept as written (JSON number syntax, such as
/// `-12.5e-3`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

impl super::zero::Zero for BigInteger {
    fn zero() -> Self {
        BigInteger("0".to_owned())
    }
}

impl super::zero::Zero for BigDecimal {
    fn zero() -> Self {
        BigDecimal("0".to_owned())
    }
}

/// Text that is not a number of the kind asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigNumberError {
    text: String,
    kind: &'static str,
}

impl fmt::Display for BigNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown: String = self.text.chars().take(40).collect();
        if shown.len() < self.text.len() {
            shown.push_str("...");
        }
        write!(f, "`{shown}` is not {}", self.kind)
    }
}

impl std::error::Error for BigNumberError {}

/// The length of the JSON number at the start of `text` (`integer_only`: no fraction or
/// exponent), or `None` when it does not start with one.
fn number_len(text: &[u8], integer_only: bool) -> Option<usize> {
    let digits = |from: usize| {
        text[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut at = usize::from(text.first() == Some(&b'-'));
    match text.get(at) {
        Some(b'0') => at += 1,
        Some(b'1'..=b'9') => at += digits(at),
        _ => return None,
    }
    if integer_only {
        return Some(at);
    }
    if text.get(at) == Some(&b'.') {
        let n = digits(at + 1);
        if n == 0 {
            return None;
        }
        at += 1 + n;
    }
    if matches!(text.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(text.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let n = digits(at);
        if n == 0 {
            return None;
        }
        at += n;
    }
    Some(at)
}

macro_rules! big_number {
    ($name:ident, $integer_only:expr, $kind:expr) => {
        impl $name {
            /// The digits, as sent and received.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The nearest `f64` (digits beyond its precision are lost), for range checks
            /// and waiter comparisons.
            pub fn to_f64(&self) -> f64 {
                self.0.parse().unwrap_or(f64::NAN)
            }
        }

        impl FromStr for $name {
            type Err = BigNumberError;

            fn from_str(text: &str) -> Result<Self, BigNumberError> {
                if number_len(text.as_bytes(), $integer_only) == Some(text.len()) {
                    Ok($name(text.to_owned()))
                } else {
                    Err(BigNumberError {
                        text: text.to_owned(),
                        kind: $kind,
                    })
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                $name(value.to_string())
            }
        }

        impl From<u64> for $name {
            fn from(value: u64) -> Self {
                $name(value.to_string())
            }
        }

        impl From<i32> for $name {
            fn from(value: i32) -> Self {
                $name(value.to_string())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if serializer.is_human_readable() {
                    // JSON: the digits verbatim, as a number.
                    let raw = serde_json::value::RawValue::from_string(self.0.clone())
                        .map_err(ser::Error::custom)?;
                    return serde::Serialize::serialize(&raw, serializer);
                }
                // CBOR: an integer or float when it holds every digit; bignum tags are
                // not written, so anything else is an error rather than a lossy value.
                if let Ok(i) = self.0.parse::<i64>() {
                    return serializer.serialize_i64(i);
                }
                if let Ok(u) = self.0.parse::<u64>() {
                    return serializer.serialize_u64(u);
                }
                match self.0.parse::<f64>() {
                    Ok(f)
                        if !$integer_only && f.is_finite() && $name::from_f64_text(f) == self.0 =>
                    {
                        serializer.serialize_f64(f)
                    }
                    _ => Err(ser::Error::custom(format!(
                        "{} does not fit a CBOR integer or float without losing digits",
                        self.0
                    ))),
                }
            }
        }

        impl $name {
            fn from_f64_text(f: f64) -> String {
                format!("{f:?}")
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if deserializer.is_human_readable() {
                    // JSON: the number's own text, every digit of it.
                    let raw: Box<serde_json::value::RawValue> =
                        serde::Deserialize::deserialize(deserializer)?;
                    return raw.get().trim().parse().map_err(de::Error::custom);
                }
                deserializer.deserialize_any(NumberVisitor::<$name>(std::marker::PhantomData))
            }
        }
    };
}

big_number!(BigInteger, true, "an integer");
big_number!(BigDecimal, false, "a decimal number");

/// Reads a CBOR number (or a string of digits) into a big number.
struct NumberVisitor<T>(std::marker::PhantomData<T>);

impl<T: FromStr<Err = BigNumberError>> Visitor<'_> for NumberVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        v.to_string().parse().map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        v.to_string().parse().map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        if !v.is_finite() {
            return Err(E::custom(format!("{v} is not a finite number")));
        }
        // `{:?}` is the shortest text that reads back as the same float.
        let text = format!("{v:?}");
        text.parse()
            .or_else(|_| format!("{v:.0}").parse())
            .map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}
