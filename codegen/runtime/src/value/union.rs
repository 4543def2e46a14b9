//! Serde helpers for tagged unions: on the wire, an object (a JSON object, a CBOR map)
//! with exactly one member set.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{DeserializeOwned, Error as _, IntoDeserializer, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A union member's value, held until the member's name says its type: everything the
/// wire format gave (byte strings included, which a JSON value could not hold), and
/// whether that format is human-readable, so the value is read the same way it would have
/// been read in place.
#[derive(Debug)]
pub struct MemberValue {
    content: Content,
    human_readable: bool,
}

/// A value of any wire format, held as the format gave it.
#[derive(Debug)]
pub(crate) enum Content {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    String(String),
    Bytes(Vec<u8>),
    Seq(Vec<Content>),
    Map(Vec<(Content, Content)>),
}

impl Content {
    fn is_null(&self) -> bool {
        matches!(self, Content::Null)
    }
}

impl<'de> Deserialize<'de> for Content {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ContentVisitor)
    }
}

struct ContentVisitor;

impl<'de> Visitor<'de> for ContentVisitor {
    type Value = Content;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Content, E> {
        Ok(Content::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Content, E> {
        Ok(Content::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Content, E> {
        Ok(Content::I64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Content, E> {
        Ok(Content::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Content, E> {
        Ok(Content::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Content, E> {
        Ok(Content::String(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Content, E> {
        Ok(Content::Bytes(v.to_vec()))
    }
    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Content, E> {
        Ok(Content::Bytes(v))
    }
    fn visit_none<E>(self) -> Result<Content, E> {
        Ok(Content::Null)
    }
    fn visit_unit<E>(self) -> Result<Content, E> {
        Ok(Content::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Content, D::Error> {
        Content::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Content, D::Error> {
        Content::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Content, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Content::Seq(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Content, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Content::Map(entries))
    }
}

/// Reads a held value back, as the format it came from would have.
struct ContentDeserializer<E> {
    content: Content,
    human_readable: bool,
    error: std::marker::PhantomData<E>,
}

impl<E> ContentDeserializer<E> {
    fn new(content: Content, human_readable: bool) -> Self {
        ContentDeserializer {
            content,
            human_readable,
            error: std::marker::PhantomData,
        }
    }
}

impl<'de, E: serde::de::Error> Deserializer<'de> for ContentDeserializer<E> {
    type Error = E;

    fn is_human_readable(&self) -> bool {
        self.human_readable
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        let readable = self.human_readable;
        let wrap = move |c: Content| ContentDeserializer::<E>::new(c, readable);
        match self.content {
            Content::Null => visitor.visit_none(),
            Content::Bool(v) => visitor.visit_bool(v),
            Content::U64(v) => visitor.visit_u64(v),
            Content::I64(v) => visitor.visit_i64(v),
            Content::F64(v) => visitor.visit_f64(v),
            Content::String(v) => visitor.visit_string(v),
            Content::Bytes(v) => visitor.visit_byte_buf(v),
            Content::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter().map(wrap));
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Content::Map(entries) => {
                let mut map =
                    MapDeserializer::new(entries.into_iter().map(|(k, v)| (wrap(k), wrap(v))));
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        if self.content.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match &self.content {
            Content::String(text) => match text.trim() {
                "true" => visitor.visit_bool(true),
                "false" => visitor.visit_bool(false),
                _ => self.deserialize_any(visitor),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match &self.content {
            Content::String(text) => match text.trim().parse::<i64>() {
                Ok(v) => visitor.visit_i64(v),
                Err(_) => self.deserialize_any(visitor),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match &self.content {
            Content::String(text) => match text.trim().parse::<u64>() {
                Ok(v) => visitor.visit_u64(v),
                Err(_) => self.deserialize_any(visitor),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        // XML holds a list as an element whose children are its items, which reads as a
        // map of them.
        match self.content {
            Content::Map(entries) => {
                let items = entries.into_iter().map(|(_, v)| v).collect();
                ContentDeserializer::<E>::new(Content::Seq(items), self.human_readable)
                    .deserialize_any(visitor)
            }
            content => {
                ContentDeserializer::<E>::new(content, self.human_readable).deserialize_any(visitor)
            }
        }
    }

    // XML holds every scalar as text: a number or boolean held as a string reads as one.
    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct tuple tuple_struct map struct enum identifier ignored_any
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_u64(visitor)
    }
}

impl<'de, E: serde::de::Error> IntoDeserializer<'de, E> for ContentDeserializer<E> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// Reads a union object and returns its one set member's wire name and value.
///
/// Members set to `null` and the `__type` marker some services add do not count.
pub fn single_entry<'de, D: Deserializer<'de>>(
    deserializer: D,
    union: &str,
) -> Result<(String, MemberValue), D::Error> {
    let human_readable = deserializer.is_human_readable();
    let entries = deserializer.deserialize_map(EntriesVisitor)?;
    let mut set = entries
        .into_iter()
        .filter(|(key, value)| !value.is_null() && key != "__type");
    match (set.next(), set.next()) {
        (Some((key, content)), None) => Ok((
            key,
            MemberValue {
                content,
                human_readable,
            },
        )),
        (None, _) => Err(D::Error::custom(format!(
            "union `{union}` has no member set"
        ))),
        (Some((first, _)), Some((second, _))) => Err(D::Error::custom(format!(
            "union `{union}` has more than one member set (`{first}`, `{second}`)"
        ))),
    }
}

/// Reads a map as its entries, in wire order.
struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Vec<(String, Content)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a union object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Content>()? {
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// Converts the value of a union member into its Rust type.
pub fn variant<T: DeserializeOwned, E: serde::de::Error>(value: MemberValue) -> Result<T, E> {
    T::deserialize(ContentDeserializer::<E>::new(
        value.content,
        value.human_readable,
    ))
}

/// Reads a float-holding union member from its value.
pub fn float_variant<T: crate::value::float::Floats, E: serde::de::Error>(
    value: MemberValue,
) -> Result<T, E> {
    T::read(ContentDeserializer::<E>::new(
        value.content,
        value.human_readable,
    ))
}

/// Writes a union as an object with one member (a structure with one field, which XML
/// writes as an element, as it writes structures).
pub fn serialize_entry<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    key: &'static str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut structure = serializer.serialize_struct("union", 1)?;
    structure.serialize_field(key, value)?;
    structure.end()
}
