//! Reads trait values: each accessor checks the value's JSON shape and reports a trait of
//! the wrong shape at its pointer instead of guessing.

use crate::diag::{pointer_escape, Diagnostic, Diagnostics};
use serde_json::{Map, Value};

/// The object under `key` of `object` (empty when absent), reporting one that is not an
/// object.
pub(super) fn object(
    file: &str,
    object: &Map<String, Value>,
    at: &str,
    key: &str,
    problems: &mut Diagnostics,
) -> Map<String, Value> {
    match object.get(key) {
        None => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => {
            problems.push(Diagnostic::error(
                file,
                format!("{at}/{key}"),
                format!("`{key}` must be an object"),
            ));
            Map::new()
        }
    }
}

/// Adds one trait to a trait map, as `apply` does: list values are concatenated, equal
/// values are fine, different values conflict.
pub(super) fn merge(into: &mut Map<String, Value>, id: &str, value: Value) -> Result<(), String> {
    match (into.get_mut(id), value) {
        (None, value) => {
            into.insert(id.to_owned(), value);
            Ok(())
        }
        (Some(Value::Array(have)), Value::Array(more)) => {
            have.extend(more);
            Ok(())
        }
        (Some(have), value) if *have == value => Ok(()),
        (Some(_), _) => Err(format!(
            "trait `{id}` is applied twice with different values"
        )),
    }
}

/// Typed reads of the traits of one shape or member, reporting values of the wrong shape.
pub(super) struct Traits<'a> {
    pub file: &'a str,
    pub traits: &'a Map<String, Value>,
    /// Pointer of the shape or member that holds the traits.
    pub at: &'a str,
}

impl Traits<'_> {
    /// Pointer of one trait.
    pub fn at(&self, id: &str) -> String {
        format!("{}/traits/{}", self.at, pointer_escape(id))
    }

    fn wrong(&self, id: &str, expected: &str, problems: &mut Diagnostics) {
        problems.push(Diagnostic::error(
            self.file,
            self.at(id),
            format!("trait `{id}` must be {expected}"),
        ));
    }

    /// Whether the trait is present (annotation traits hold `{}`).
    /// The `xmlNamespace` trait's namespace: its URI and prefix.
    pub fn xml_namespace(&self) -> Option<crate::model::XmlNamespace> {
        let value = self.get("smithy.api#xmlNamespace")?;
        Some(crate::model::XmlNamespace {
            uri: value.get("uri")?.as_str()?.to_owned(),
            prefix: value
                .get("prefix")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }

    pub fn has(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }

    /// The raw value.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.traits.get(id)
    }

    /// A string-valued trait.
    pub fn string(&self, id: &str, problems: &mut Diagnostics) -> Option<String> {
        match self.traits.get(id)? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong(id, "a string", problems);
                None
            }
        }
    }

    /// An integer-valued trait.
    pub fn integer(&self, id: &str, problems: &mut Diagnostics) -> Option<u64> {
        let value = self.traits.get(id)?;
        match value.as_u64() {
            Some(n) => Some(n),
            None => {
                self.wrong(id, "a non-negative integer", problems);
                None
            }
        }
    }

    /// An object-valued trait.
    pub fn object(&self, id: &str, problems: &mut Diagnostics) -> Option<&Map<String, Value>> {
        match self.traits.get(id)? {
            Value::Object(map) => Some(map),
            _ => {
                self.wrong(id, "an object", problems);
                None
            }
        }
    }

    /// A string field of an object-valued trait.
    pub fn field_string(
        &self,
        id: &str,
        field: &str,
        problems: &mut Diagnostics,
    ) -> Option<String> {
        let object = self.object(id, problems)?;
        match object.get(field)? {
            Value::String(s) => Some(s.clone()),
            _ => {
                problems.push(Diagnostic::error(
                    self.file,
                    format!("{}/{field}", self.at(id)),
                    format!("`{field}` of trait `{id}` must be a string"),
                ));
                None
            }
        }
    }

    /// The `min` and `max` numbers of `length` or `range`.
    pub fn bounds(&self, id: &str, problems: &mut Diagnostics) -> (Option<f64>, Option<f64>) {
        let Some(object) = self.object(id, problems) else {
            return (None, None);
        };
        let mut bound = |key: &str| match object.get(key) {
            None => None,
            Some(Value::Number(n)) => n.as_f64(),
            // Smithy allows big decimals written as strings.
            Some(Value::String(s)) if s.parse::<f64>().is_ok() => s.parse().ok(),
            Some(_) => {
                problems.push(Diagnostic::error(
                    self.file,
                    format!("{}/{key}", self.at(id)),
                    format!("`{key}` of trait `{id}` must be a number"),
                ));
                None
            }
        };
        (bound("min"), bound("max"))
    }
}
