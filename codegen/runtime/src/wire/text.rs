//! What the text formats (query forms and XML) share: their error, the text of a float, and
//! the parts of serde's data model they have no form for.

use std::fmt;

/// A value the query or XML formats cannot write or read, and why.
#[derive(Debug)]
pub struct Error(pub(crate) String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// A float as the wire writes it: `NaN`, `Infinity` and `-Infinity`, else the shortest
/// decimal that reads back as the same value.
pub fn float(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        value.to_string()
    }
}

/// A 32-bit float as the wire writes it, through its own shortest decimal (not its widened
/// `f64`'s).
pub fn float32(value: f32) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        float(f64::from(value))
    }
}

/// The `Serializer` methods of the compound values the text formats have no form for
/// (tuples and struct variants): each is an error naming the format.
macro_rules! no_tuples {
    ($format:literal) => {
        fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
            Err(Error(
                concat!("tuples have no ", $format, " form").to_owned(),
            ))
        }
        fn serialize_tuple_struct(
            self,
            _name: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeTupleStruct, Error> {
            Err(Error(
                concat!("tuples have no ", $format, " form").to_owned(),
            ))
        }
        fn serialize_tuple_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeTupleVariant, Error> {
            Err(Error(
                concat!("tuples have no ", $format, " form").to_owned(),
            ))
        }
        fn serialize_struct_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeStructVariant, Error> {
            Err(Error(
                concat!("struct variants have no ", $format, " form").to_owned(),
            ))
        }
    };
}
pub(crate) use no_tuples;
