//! `DateTime`: a point in time; on the JSON wire, epoch seconds with an exact decimal fraction.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// Epoch seconds below which a whole number of milliseconds is an exact double (2^53 ms).
const MAX_EXACT_MILLIS: f64 = 9_007_199_254_740.0;

/// A point in time, in UTC, with nanosecond precision.
///
/// Converts to and from [`time::OffsetDateTime`] and [`std::time::SystemTime`]. Serde writes
/// it as epoch seconds (`1795310428.118`), the form JSON protocols use.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(OffsetDateTime);

/// A value that is not a representable point in time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeError(String);

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateTimeError {}

impl DateTime {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: DateTime = DateTime(OffsetDateTime::UNIX_EPOCH);

    /// The point `secs` whole seconds after the Unix epoch, or the epoch itself when that
    /// is out of range: for a model's default value, which the generator has checked.
    pub fn from_secs_or_epoch(secs: i64) -> Self {
        Self::from_secs(secs).unwrap_or(Self::UNIX_EPOCH)
    }

    /// The point `secs` seconds and `nanos` nanoseconds after the Unix epoch.
    pub fn from_secs_and_nanos(secs: i64, nanos: u32) -> Result<Self, DateTimeError> {
        if nanos >= 1_000_000_000 {
            return Err(DateTimeError(format!(
                "{nanos} nanoseconds is not less than a second"
            )));
        }
        Self::from_epoch_nanos(i128::from(secs) * NANOS_PER_SECOND + i128::from(nanos))
    }

    /// The point `secs` whole seconds after the Unix epoch.
    pub fn from_secs(secs: i64) -> Result<Self, DateTimeError> {
        Self::from_secs_and_nanos(secs, 0)
    }

    fn from_epoch_nanos(nanos: i128) -> Result<Self, DateTimeError> {
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .map(DateTime)
            .map_err(|e| DateTimeError(format!("timestamp out of range: {e}")))
    }

    /// The current time.
    pub fn now() -> Self {
        DateTime(OffsetDateTime::now_utc())
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub fn secs(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// Nanoseconds past [`secs`](Self::secs).
    pub fn subsec_nanos(&self) -> u32 {
        self.0.nanosecond()
    }

    /// The same point as a [`time::OffsetDateTime`] in UTC.
    pub fn to_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }

    /// Parses epoch seconds written in decimal (`1795310428.118`, `-1.5`, `12`), exactly.
    pub fn parse_epoch_seconds(text: &str) -> Result<Self, DateTimeError> {
        let invalid = || DateTimeError(format!("`{text}` is not a number of epoch seconds"));
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) || whole.len() > 15 {
            return Err(invalid());
        }
        let whole: i128 = whole.parse().map_err(|_| invalid())?;
        // Beyond nanoseconds the digits cannot be represented; they are cut, not rounded.
        let mut nanos: i128 = 0;
        for (i, b) in fraction.bytes().take(9).enumerate() {
            nanos += i128::from(b - b'0') * 10_i128.pow(8 - i as u32);
        }
        let total = whole * NANOS_PER_SECOND + nanos;
        Self::from_epoch_nanos(if negative { -total } else { total })
    }

    /// Epoch seconds in decimal, with as few fraction digits as are exact.
    pub fn to_epoch_seconds_string(&self) -> String {
        let nanos = self.0.unix_timestamp_nanos();
        let sign = if nanos < 0 { "-" } else { "" };
        let magnitude = nanos.unsigned_abs();
        let whole = magnitude / NANOS_PER_SECOND as u128;
        let fraction = magnitude % NANOS_PER_SECOND as u128;
        if fraction == 0 {
            format!("{sign}{whole}")
        } else {
            let digits = format!("{fraction:09}");
            format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

impl From<OffsetDateTime> for DateTime {
    fn from(value: OffsetDateTime) -> Self {
        DateTime(value.to_offset(time::UtcOffset::UTC))
    }
}

impl From<DateTime> for OffsetDateTime {
    fn from(value: DateTime) -> Self {
        value.0
    }
}

impl From<std::time::SystemTime> for DateTime {
    fn from(value: std::time::SystemTime) -> Self {
        DateTime(OffsetDateTime::from(value))
    }
}

impl From<DateTime> for std::time::SystemTime {
    fn from(value: DateTime) -> Self {
        value.0.into()
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339, such as `2026-11-22T01:49:35.118Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            // Years outside 0..=9999 have no RFC 3339 form.
            Err(_) => write!(f, "{} epoch seconds", self.to_epoch_seconds_string()),
        }
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The newtype name by which a timestamp asks a binary format (CBOR) to tag it as epoch
/// seconds (tag 1).
pub const EPOCH_SECONDS_TAG: &str = "$cbor::tag1";

/// Epoch seconds, a whole number when it is one.
struct EpochSeconds<'a>(&'a DateTime);

impl Serialize for EpochSeconds<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.subsec_nanos() == 0 {
            return serializer.serialize_i64(self.0.secs());
        }
        // Parsing the exact decimal gives the double nearest to it, the same one a JSON
        // parser reads back, so values round-trip.
        let seconds: f64 = self
            .0
            .to_epoch_seconds_string()
            .parse()
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_f64(seconds)
    }
}

/// Epoch seconds: a number in JSON, tag 1 and a number in CBOR.
impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            EpochSeconds(self).serialize(serializer)
        } else {
            serializer.serialize_newtype_struct(EPOCH_SECONDS_TAG, &EpochSeconds(self))
        }
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EpochSecondsVisitor)
    }
}

struct EpochSecondsVisitor;

impl Visitor<'_> for EpochSecondsVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp in epoch seconds")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime, E> {
        DateTime::from_secs(v).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime, E> {
        let secs = i64::try_from(v).map_err(E::custom)?;
        DateTime::from_secs(secs).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateTime, E> {
        if !v.is_finite() {
            return Err(E::custom(format!("{v} is not a timestamp")));
        }
        // Services write milliseconds at most. When a whole number of milliseconds reads
        // back as this double (`ms / 1000.0` is that decimal correctly rounded, so the test
        // is exact), it is the decimal the service wrote: below 2^53 milliseconds no other
        // decimal of three or fewer places reads back as the same double.
        if v.abs() < MAX_EXACT_MILLIS {
            let millis = (v * 1000.0).round();
            if millis / 1000.0 == v {
                // Exact: an integer below 2^53.
                let millis = millis as i128;
                return DateTime::from_epoch_nanos(millis * 1_000_000).map_err(E::custom);
            }
        }
        // Otherwise `Display` of an f64 is the shortest decimal that reads back as the same
        // double, which is the decimal the service wrote. It is written on the stack: a timestamp
        // needs a few dozen bytes, and anything longer is out of range anyway.
        let mut text = StackText::default();
        if fmt::Write::write_fmt(&mut text, format_args!("{v}")).is_err() {
            return Err(E::custom(format!("{v} is out of range for a timestamp")));
        }
        DateTime::parse_epoch_seconds(text.as_str()).map_err(E::custom)
    }

    /// Services send strings in any of the three forms, whatever the model says, and
    /// botocore reads them all.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
        DateTime::parse_any(v).map_err(E::custom)
    }
}

/// An ISO 8601 date and time without an offset, with `T` or a space between them, such as
/// `2024-05-01 12:30:00.250`, which some services (and moto) write and botocore reads; it
/// is taken as UTC.
fn parse_without_offset(text: &str) -> Result<DateTime, ()> {
    let mut text = text.to_owned();
    if matches!(text.as_bytes().get(10), Some(b' ' | b't')) {
        text.replace_range(10..11, "T");
    }
    let description = if text.contains('.') {
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond]"
    } else {
        "[year]-[month]-[day]T[hour]:[minute]:[second]"
    };
    let format = time::format_description::parse_borrowed::<2>(description).map_err(|_| ())?;
    time::PrimitiveDateTime::parse(&text, &format)
        .map(|t| DateTime::from(t.assume_utc()))
        .map_err(|_| ())
}

/// A short text written without allocating; writing more than fits fails.
struct StackText {
    bytes: [u8; 40],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            bytes: [0; 40],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// How a timestamp is written on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Epoch seconds, a JSON number (`unixTimestamp`, the JSON protocols' default).
    EpochSeconds,
    /// RFC 3339 / ISO 8601, such as `2000-01-02T20:34:56Z` (`iso8601`).
    DateTime,
    /// An HTTP date, such as `Sun, 02 Jan 2000 20:34:56 GMT` (`rfc822`).
    HttpDate,
}

impl DateTime {
    /// A timestamp in any of the three forms services write (epoch seconds, RFC 3339 or an
    /// HTTP date), whatever the model says: botocore reads them all.
    pub fn parse_any(text: &str) -> Result<Self, DateTimeError> {
        let text = text.trim();
        DateTime::parse_epoch_seconds(text)
            .or_else(|_| OffsetDateTime::parse(text, &Rfc3339).map(DateTime::from))
            .or_else(|_| OffsetDateTime::parse(text, &Rfc2822).map(DateTime::from))
            .or_else(|_| parse_without_offset(text))
            .map_err(|_| {
                DateTimeError(format!(
                    "`{text}` is not a timestamp (epoch seconds, RFC 3339 or an HTTP date)"
                ))
            })
    }

    /// This point as an HTTP date (RFC 7231 IMF-fixdate), in whole seconds.
    pub fn to_http_date(&self) -> String {
        let t = self.0;
        let weekday = t.weekday().to_string();
        let month = t.month().to_string();
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            &weekday[..3],
            t.day(),
            &month[..3],
            t.year(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

/// Values that hold timestamps (a timestamp, or an option, list or map of them) and can be
/// written in a given [`Format`].
pub trait Timestamps {
    /// Writes `self` with every timestamp in `format`.
    fn serialize_as<S: Serializer>(&self, format: Format, serializer: S)
        -> Result<S::Ok, S::Error>;
}

impl Timestamps for DateTime {
    fn serialize_as<S: Serializer>(
        &self,
        format: Format,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match format {
            // A binary format (CBOR) writes every timestamp as epoch seconds.
            _ if !serializer.is_human_readable() => self.serialize(serializer),
            Format::EpochSeconds => self.serialize(serializer),
            Format::DateTime => serializer.collect_str(self),
            Format::HttpDate => serializer.serialize_str(&self.to_http_date()),
        }
    }
}

impl<T: Timestamps> Timestamps for Option<T> {
    fn serialize_as<S: Serializer>(
        &self,
        format: Format,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.serialize_as(format, serializer),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: Timestamps> Timestamps for Vec<T> {
    fn serialize_as<S: Serializer>(
        &self,
        format: Format,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|value| Formatted(value, format)))
    }
}

impl<K: Serialize, T: Timestamps, H> Timestamps for std::collections::HashMap<K, T, H> {
    fn serialize_as<S: Serializer>(
        &self,
        format: Format,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.iter()
                .map(|(key, value)| (key, Formatted(value, format))),
        )
    }
}

/// A timestamp-holding value to be written in a format: what union members and nested
/// values serialize through.
pub struct Formatted<'a, T>(pub &'a T, pub Format);

impl<T: Timestamps> Serialize for Formatted<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_as(self.1, serializer)
    }
}

/// `serialize_with` for members whose model asks for `iso8601`.
pub fn as_date_time<T: Timestamps, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.serialize_as(Format::DateTime, serializer)
}

/// `serialize_with` for members whose model asks for `rfc822`.
pub fn as_http_date<T: Timestamps, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.serialize_as(Format::HttpDate, serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_millisecond_shortcut_agrees_with_the_shortest_decimal() {
        // A fixed pseudo-random walk over magnitudes and 0 to 9 decimal places.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..200_000u64 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let whole = (state >> 33) % 4_000_000_000;
            let places = (i % 10) as i32;
            let fraction = (state & 0xFFFF_FFFF) % 10u64.pow(places as u32);
            let sign = if i % 7 == 0 { -1.0 } else { 1.0 };
            let v = sign * (whole as f64 + fraction as f64 / 10f64.powi(places));
            let fast = EpochSecondsVisitor
                .visit_f64::<serde_json::Error>(v)
                .unwrap();
            let shortest = DateTime::parse_epoch_seconds(&v.to_string()).unwrap();
            assert_eq!(fast, shortest, "{v}");
        }
    }
}
