//! What both directions of the REST bindings share: how a bound value is encoded.

use crate::value::datetime::Format;

/// How a bound value is written, where the model says more than its Rust type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// The location's default: timestamps as HTTP dates in headers, as RFC 3339 in the URI
    /// and the query string.
    Default,
    /// Timestamps in this format.
    Time(Format),
    /// A JSON document in a header (`jsonvalue`): its text, base64-encoded.
    JsonValue,
}

impl Encoding {
    pub(crate) fn time_or(self, default: Format) -> Encoding {
        match self {
            Encoding::Default => Encoding::Time(default),
            other => other,
        }
    }

    pub(crate) fn time(self) -> Format {
        match self {
            Encoding::Time(format) => format,
            _ => Format::DateTime,
        }
    }
}
