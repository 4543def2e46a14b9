//! CBOR for the rpcv2Cbor protocol: serde's data model written and read with `minicbor`.
//!
//! The generated types' serde impls are shared with JSON; they ask `is_human_readable()`,
//! which is false here, to write blobs as byte strings, timestamps as tag 1 epoch seconds
//! and non-finite floats as floats. Writing uses definite lengths wherever serde gives one;
//! reading accepts indefinite lengths, half-precision floats, `undefined` and any tag.

use minicbor::data::Tag;
use minicbor::{Decoder, Encoder};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use std::fmt;

/// A CBOR error: what went wrong, and where in the input.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn write_error<E: fmt::Display>(e: E) -> Error {
    Error(format!("cannot write CBOR: {e}"))
}

/// `value` as CBOR.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut encoder = Encoder::new(Vec::new());
    value.serialize(&mut Serializer {
        encoder: &mut encoder,
    })?;
    Ok(encoder.into_writer())
}

/// A value read from CBOR; anything after the first data item is an error.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let mut deserializer = Deserializer {
        decoder: Decoder::new(bytes),
        depth: 0,
    };
    let value = T::deserialize(&mut deserializer)?;
    let at = deserializer.decoder.position();
    if at != bytes.len() {
        return Err(Error(format!(
            "{} bytes follow the CBOR value at byte {at}",
            bytes.len() - at
        )));
    }
    Ok(value)
}

struct Serializer<'a> {
    encoder: &'a mut Encoder<Vec<u8>>,
}

/// A map, sequence or structure being written: definite when serde gave its length,
/// else indefinite (closed by `end`).
struct Compound<'a> {
    encoder: &'a mut Encoder<Vec<u8>>,
    indefinite: bool,
}

impl Compound<'_> {
    fn end(self) -> Result<(), Error> {
        if self.indefinite {
            self.encoder.end().map_err(write_error)?;
        }
        Ok(())
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut Serializer {
            encoder: self.encoder,
        })
    }
}

macro_rules! write_with {
    ($self:ident, $method:ident($($arg:expr),*)) => {{
        $self.encoder.$method($($arg),*).map_err(write_error)?;
        Ok(())
    }};
}

impl<'a, 'b> ser::Serializer for &'a mut Serializer<'b> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        write_with!(self, bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        write_with!(self, i64(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        write_with!(self, i64(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        write_with!(self, i64(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        write_with!(self, i64(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        write_with!(self, u64(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        write_with!(self, u64(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        write_with!(self, u64(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        write_with!(self, u64(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        write_with!(self, f32(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        write_with!(self, f64(v))
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_with!(self, char(v))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_with!(self, str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        write_with!(self, bytes(v))
    }
    fn serialize_none(self) -> Result<(), Error> {
        write_with!(self, null())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        write_with!(self, null())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        write_with!(self, null())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write_with!(self, str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        if name == crate::value::datetime::EPOCH_SECONDS_TAG {
            self.encoder.tag(Tag::new(1)).map_err(write_error)?;
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.encoder.map(1).map_err(write_error)?;
        self.encoder.str(variant).map_err(write_error)?;
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        match len {
            Some(len) => self.encoder.array(len as u64).map_err(write_error)?,
            None => self.encoder.begin_array().map_err(write_error)?,
        };
        Ok(Compound {
            encoder: self.encoder,
            indefinite: len.is_none(),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.encoder.map(1).map_err(write_error)?;
        self.encoder.str(variant).map_err(write_error)?;
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        match len {
            Some(len) => self.encoder.map(len as u64).map_err(write_error)?,
            None => self.encoder.begin_map().map_err(write_error)?,
        };
        Ok(Compound {
            encoder: self.encoder,
            indefinite: len.is_none(),
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.encoder.map(1).map_err(write_error)?;
        self.encoder.str(variant).map_err(write_error)?;
        self.serialize_map(Some(len))
    }
}

/// The impls of serde's compound traits whose items are values written one after another.
macro_rules! compound_items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

compound_items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The impls of serde's compound traits whose items are named fields: a key, then a value.
macro_rules! compound_fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.item(key)?;
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

compound_fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.item(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

struct Deserializer<'b> {
    decoder: Decoder<'b>,
    depth: usize,
}

fn read_error<E: fmt::Display>(at: usize) -> impl FnOnce(E) -> Error {
    move |e| Error(format!("invalid CBOR at byte {at}: {e}"))
}

impl<'b> Deserializer<'b> {
    /// The initial byte of the next data item, which says its major type (the top three
    /// bits) and, for the simple values and floats, what it is. Peeking it is cheaper than
    /// asking minicbor for the full type before every item; minicbor still decodes each.
    fn peek(&self) -> Result<u8, Error> {
        let at = self.decoder.position();
        self.decoder
            .input()
            .get(at)
            .copied()
            .ok_or_else(|| Error(format!("CBOR ends at byte {at} where a value should be")))
    }

    fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T, Error>) -> Result<T, Error> {
        if self.depth >= MAX_DEPTH {
            return Err(Error(format!("CBOR nested deeper than {MAX_DEPTH} levels")));
        }
        self.depth += 1;
        let result = read(self);
        self.depth -= 1;
        result
    }

    /// A half-precision float, widened. minicbor reads these only with its `half` feature,
    /// which brings the `half` crate and, through it, syn and zerocopy; the two bytes
    /// after the initial byte are decoded here instead, as RFC 8949 appendix D does.
    fn half(&mut self) -> Result<f64, Error> {
        let at = self.decoder.position();
        let bits = self
            .decoder
            .input()
            .get(at + 1..at + 3)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| Error(format!("a half-precision float cut short at byte {at}")))?;
        self.decoder.set_position(at + 3);
        Ok(half_to_f64(bits))
    }

    /// A text string, definite or in chunks (initial byte `0x7f`).
    fn text(&mut self) -> Result<std::borrow::Cow<'b, str>, Error> {
        let at = self.decoder.position();
        if self.peek()? == 0x7f {
            let mut text = String::new();
            for chunk in self.decoder.str_iter().map_err(read_error(at))? {
                text.push_str(chunk.map_err(read_error(at))?);
            }
            Ok(std::borrow::Cow::Owned(text))
        } else {
            self.decoder
                .str()
                .map(std::borrow::Cow::Borrowed)
                .map_err(read_error(at))
        }
    }

    /// A byte string, definite or in chunks (initial byte `0x5f`).
    fn byte_string(&mut self) -> Result<std::borrow::Cow<'b, [u8]>, Error> {
        let at = self.decoder.position();
        if self.peek()? == 0x5f {
            let mut bytes = Vec::new();
            for chunk in self.decoder.bytes_iter().map_err(read_error(at))? {
                bytes.extend_from_slice(chunk.map_err(read_error(at))?);
            }
            Ok(std::borrow::Cow::Owned(bytes))
        } else {
            self.decoder
                .bytes()
                .map(std::borrow::Cow::Borrowed)
                .map_err(read_error(at))
        }
    }
}

/// The value of an IEEE 754 half-precision float (RFC 8949, appendix D).
fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 == 0 { 1.0 } else { -1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + fraction / 1024.0) * 2f64.powi(exponent - 15),
    }
}

/// The elements of an array or the entries of a map: counted, or up to a break.
struct Items<'a, 'b> {
    de: &'a mut Deserializer<'b>,
    remaining: Option<u64>,
}

impl Items<'_, '_> {
    fn has_next(&mut self) -> Result<bool, Error> {
        match &mut self.remaining {
            Some(0) => Ok(false),
            Some(n) => {
                *n -= 1;
                Ok(true)
            }
            None => {
                if self.de.peek()? == 0xff {
                    // A break is the one byte `0xff`.
                    let at = self.de.decoder.position();
                    self.de.decoder.set_position(at + 1);
                    Ok(false)
                } else {
                    Ok(true)
                }
            }
        }
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.has_next()? {
            seed.deserialize(&mut *self.de).map(Some)
        } else {
            Ok(None)
        }
    }
    fn size_hint(&self) -> Option<usize> {
        self.remaining.and_then(|n| usize::try_from(n).ok())
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.has_next()? {
            seed.deserialize(&mut *self.de).map(Some)
        } else {
            Ok(None)
        }
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
    }
    fn size_hint(&self) -> Option<usize> {
        self.remaining.and_then(|n| usize::try_from(n).ok())
    }
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let at = self.decoder.position();
        let err = read_error(at);
        let initial = self.peek()?;
        match initial >> 5 {
            0 => visitor.visit_u64(self.decoder.u64().map_err(err)?),
            1 => visitor.visit_i64(self.decoder.i64().map_err(err)?),
            2 => match self.byte_string()? {
                std::borrow::Cow::Borrowed(bytes) => visitor.visit_borrowed_bytes(bytes),
                std::borrow::Cow::Owned(bytes) => visitor.visit_byte_buf(bytes),
            },
            3 => match self.text()? {
                std::borrow::Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                std::borrow::Cow::Owned(text) => visitor.visit_string(text),
            },
            4 => {
                let remaining = self.decoder.array().map_err(err)?;
                self.nested(|de| visitor.visit_seq(Items { de, remaining }))
            }
            5 => {
                let remaining = self.decoder.map().map_err(err)?;
                self.nested(|de| visitor.visit_map(Items { de, remaining }))
            }
            // A tag says how to read what follows (tag 1: epoch seconds); the value itself
            // is what the visitor wants.
            6 => {
                self.decoder.tag().map_err(err)?;
                self.nested(|de| de::Deserializer::deserialize_any(de, visitor))
            }
            _ => match initial {
                0xf4 | 0xf5 => visitor.visit_bool(self.decoder.bool().map_err(err)?),
                // `null` and `undefined`.
                0xf6 | 0xf7 => {
                    self.decoder.set_position(at + 1);
                    visitor.visit_none()
                }
                0xf9 => visitor.visit_f64(self.half()?),
                0xfa => visitor.visit_f64(f64::from(self.decoder.f32().map_err(err)?)),
                0xfb => visitor.visit_f64(self.decoder.f64().map_err(err)?),
                other => Err(Error(format!(
                    "unexpected CBOR initial byte {other:#04x} at byte {at}"
                ))),
            },
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if matches!(self.peek()?, 0xf6 | 0xf7) {
            self.decoder.set_position(self.decoder.position() + 1);
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let variant = self.text()?.into_owned();
        visitor.visit_enum(variant.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// An output read from an rpcv2Cbor response; an empty body is an empty map.
pub fn read<T: DeserializeOwned>(
    response: &crate::http::transport::HttpResponse,
) -> Result<T, String> {
    let body: &[u8] = if response.body.is_empty() {
        &[0xa0]
    } else {
        &response.body
    };
    from_slice(body).map_err(|e| e.to_string())
}

/// The top-level members of a CBOR map whose values are text (an error's `__type` and
/// message); nothing when the body is not a map.
pub fn text_members(body: &[u8]) -> Vec<(String, String)> {
    use crate::value::union::Content;
    from_slice::<std::collections::BTreeMap<String, Content>>(body)
        .map(|members| {
            members
                .into_iter()
                .filter_map(|(key, value)| match value {
                    Content::String(text) => Some((key, text)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_precision_floats_widen_exactly() {
        assert_eq!(half_to_f64(0x3e00), 1.5);
        assert_eq!(half_to_f64(0xc000), -2.0);
        assert_eq!(half_to_f64(0x7bff), 65504.0);
        assert_eq!(
            half_to_f64(0x0001),
            2f64.powi(-24),
            "the smallest subnormal"
        );
        assert_eq!(half_to_f64(0x0050), 80.0 * 2f64.powi(-24));
        assert_eq!(half_to_f64(0x7c00), f64::INFINITY);
        assert_eq!(half_to_f64(0xfc00), f64::NEG_INFINITY);
        assert!(half_to_f64(0x7e00).is_nan() && half_to_f64(0x7c01).is_nan());
        assert!(from_slice::<f64>(&[0xf9, 0x3e]).is_err(), "cut short");
    }
}
