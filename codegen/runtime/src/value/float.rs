//! Serde for floating-point members: the JSON protocols send the values JSON numbers cannot
//! hold as the strings `NaN`, `Infinity` and `-Infinity`.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hash};

/// Values that hold floats: `f32`, `f64`, and options, lists and maps of them.
pub trait Floats: Sized {
    /// Writes `self`, non-finite floats as strings.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value, accepting numbers and the three strings.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `serialize_with` for float-holding members.
pub fn serialize<T: Floats, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// `deserialize_with` for float-holding members.
pub fn deserialize<'de, T: Floats, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::read(deserializer)
}

/// A float-holding value to be written the protocol's way: what union members and nested
/// values serialize through.
pub struct Write<'a, T>(pub &'a T);

impl<T: Floats> Serialize for Write<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// A float-holding value read the protocol's way.
pub struct Read<T>(pub T);

impl<'de, T: Floats> Deserialize<'de> for Read<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Read)
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            // XML and query text holds every number as text (botocore reads any number's
            // text); Rust's own spellings of infinity and NaN are not the wire's.
            _ if !v
                .bytes()
                .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') =>
            {
                v.trim()
                    .parse()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

/// The string a non-finite float travels as.
fn special(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value.is_infinite() {
        Some(if value > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        None
    }
}

impl Floats for f64 {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A binary format (CBOR) holds every float as a float.
        match special(*self).filter(|_| serializer.is_human_readable()) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*self),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl Floats for f32 {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match special(f64::from(*self)).filter(|_| serializer.is_human_readable()) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f32(*self),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // As serde_json does for `f32`: the nearest double, then the nearest float to it.
        deserializer.deserialize_any(FloatVisitor).map(|v| v as f32)
    }
}

impl<T: Floats> Floats for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.write(serializer),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<Read<T>>::deserialize(deserializer).map(|value| value.map(|r| r.0))
    }
}

impl<T: Floats> Floats for Vec<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Write))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Read<T>>::deserialize(deserializer)
            .map(|items| items.into_iter().map(|r| r.0).collect())
    }
}

impl<K, T, H> Floats for HashMap<K, T, H>
where
    K: Serialize + for<'k> Deserialize<'k> + Eq + Hash,
    T: Floats,
    H: BuildHasher + Default,
{
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Write(value))))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        HashMap::<K, Read<T>, H>::deserialize(deserializer)
            .map(|map| map.into_iter().map(|(k, r)| (k, r.0)).collect())
    }
}
