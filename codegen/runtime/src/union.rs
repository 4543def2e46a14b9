//! Serde helpers for tagged unions: on the JSON wire, an object with exactly one member set.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Reads a union object and returns its one set member's wire name and value.
///
/// Members set to `null` and the `__type` marker some services add do not count.
pub fn single_entry<'de, D: Deserializer<'de>>(
    deserializer: D,
    union: &str,
) -> Result<(String, serde_json::Value), D::Error> {
    let object = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
    let mut set = object
        .into_iter()
        .filter(|(key, value)| !value.is_null() && key != "__type");
    match (set.next(), set.next()) {
        (Some(entry), None) => Ok(entry),
        (None, _) => Err(D::Error::custom(format!(
            "union `{union}` has no member set"
        ))),
        (Some((first, _)), Some((second, _))) => Err(D::Error::custom(format!(
            "union `{union}` has more than one member set (`{first}`, `{second}`)"
        ))),
    }
}

/// Converts the value of a union member into its Rust type.
pub fn variant<T: DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Writes a union as an object with one member.
pub fn serialize_entry<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(json: &str) -> Result<(String, serde_json::Value), serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        single_entry(&mut de, "U")
    }

    #[test]
    fn takes_exactly_one_member() {
        assert_eq!(
            entry(r#"{"A": 1, "B": null, "__type": "x"}"#).unwrap().0,
            "A"
        );
        assert!(entry("{}")
            .unwrap_err()
            .to_string()
            .contains("no member set"));
        assert!(entry(r#"{"A": 1, "B": 2}"#)
            .unwrap_err()
            .to_string()
            .contains("more than one"));
        let n: i32 = variant::<i32, serde_json::Error>(serde_json::json!(5)).unwrap();
        assert_eq!(n, 5);
        let mut out = Vec::new();
        serialize_entry(&mut serde_json::Serializer::new(&mut out), "A", &5).unwrap();
        assert_eq!(out, br#"{"A":5}"#);
    }
}
