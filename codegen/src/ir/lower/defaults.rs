//! Resolves a member's `@default` against the member's Rust type, into the value
//! `build()` and a response's reading fill in.

use super::Lowerer;
use crate::diag::Diagnostic;
use crate::ir::{DefaultValue, Type};
use base64::Engine as _;
use serde_json::Value;

impl Lowerer<'_> {
    /// The default `value` gives a member of type `ty`: a value that does not fit the type
    /// is an error; one the generator cannot express yet is left out with a warning (the
    /// member is then optional, as without a default).
    pub(super) fn default_value(
        &mut self,
        location: String,
        value: &Value,
        ty: &Type,
    ) -> Option<DefaultValue> {
        let typed = match (ty, value) {
            (Type::String | Type::Named { is_enum: true, .. }, Value::String(text)) => {
                Ok(DefaultValue::String(text.clone()))
            }
            (Type::Bool, Value::Bool(flag)) => Ok(DefaultValue::Bool(*flag)),
            (Type::I32, Value::Number(n)) => n
                .as_i64()
                .filter(|i| i32::try_from(*i).is_ok())
                .map(DefaultValue::Integer)
                .ok_or("an integer of 32 bits"),
            (Type::I64, Value::Number(n)) => n
                .as_i64()
                .map(DefaultValue::Integer)
                .ok_or("an integer of 64 bits"),
            (Type::F32 | Type::F64, Value::Number(n)) => {
                n.as_f64().map(DefaultValue::Float).ok_or("a number")
            }
            (Type::Timestamp, Value::Number(n)) => match n.as_i64() {
                Some(secs) => Ok(DefaultValue::Timestamp(secs)),
                None => return self.unsupported(location, "a timestamp default with a fraction"),
            },
            (Type::Blob, Value::String(text)) => base64::engine::general_purpose::STANDARD
                .decode(text)
                .map(DefaultValue::Blob)
                .map_err(|_| "base64 text"),
            (Type::List(_), Value::Array(items)) if items.is_empty() => Ok(DefaultValue::EmptyList),
            (Type::Map(..), Value::Object(entries)) if entries.is_empty() => {
                Ok(DefaultValue::EmptyMap)
            }
            (Type::List(_), _) => Err("`[]` (a list's only default)"),
            (Type::Map(..), _) => Err("`{}` (a map's only default)"),
            (Type::Document, _) => Ok(DefaultValue::Document(value.clone())),
            (Type::BigInteger | Type::BigDecimal, _) => {
                return self.unsupported(location, "a default of a big number")
            }
            (Type::Timestamp, _) => {
                return self.unsupported(location, "a timestamp default other than epoch seconds")
            }
            (Type::Named { is_enum: false, .. }, _) => Err("nothing: a structure has no default"),
            (Type::String | Type::Named { .. }, _) => Err("a string"),
            (Type::Bool, _) => Err("a boolean"),
            (Type::I32 | Type::I64 | Type::F32 | Type::F64, _) => Err("a number"),
            (Type::Blob, _) => Err("base64 text"),
            (Type::StreamingBlob, _) => Err("nothing: a stream has no default"),
            (Type::Nullable(_), _) => Err("nothing: a collection's item has no default"),
            (Type::EventStream(_), _) => Err("nothing: an event stream has no default"),
        };
        match typed {
            Ok(default) => Some(default),
            Err(expected) => {
                self.error(
                    location,
                    format!("default {value} does not fit the member: expected {expected}"),
                );
                None
            }
        }
    }

    /// Leaves out a default the generator cannot express, with a warning.
    fn unsupported(&mut self, location: String, what: &str) -> Option<DefaultValue> {
        self.problems.push(Diagnostic::warning(
            self.file,
            location,
            format!("{what} is not supported; the member is optional instead"),
        ));
        None
    }
}
