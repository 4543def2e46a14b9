//! What a structure's serde impls call for each member, so that each impl stays a list of calls whose types are known where they are made.
//!
//! The compiler checks a generated crate's function bodies one by one, and a body that
//! reads many members into locals whose types only its last line fixes keeps every read's
//! obligations pending to the end: checking it grows with the square of its members. A
//! member read here into the structure's own field, or written from it, has its type fixed
//! by its argument, and the one visitor below serves every structure.

use crate::value::datetime::{Format, Formatted, Timestamps};
use crate::value::float::{Floats, Read, Write};
use crate::value::zero::Zero;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// A structure read member by member: what `deserialize_structure!`
/// implements for a structure a client reads.
pub trait ReadMembers: Zero {
    /// What the visitor expected, for an error message.
    const EXPECTING: &'static str;

    /// The name the structure gives serde (see `structure_name!`).
    const NAME: &'static str;

    /// The keys of its members, which a format that names members otherwise (XML) learns.
    const FIELDS: &'static [&'static str];

    /// Reads the value of the member named `key` into `self`, or skips it when the
    /// structure has no such member.
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// The visitor of every [`ReadMembers`] structure: it starts from the structure's zero value
/// (Smithy's error correction for a member the response leaves out) and reads each member
/// into it.
pub struct StructureVisitor<T>(PhantomData<T>);

impl<T> StructureVisitor<T> {
    /// The visitor.
    pub fn new() -> Self {
        StructureVisitor(PhantomData)
    }
}

impl<T> Default for StructureVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: ReadMembers> Visitor<'de> for StructureVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::zero();
        while let Some(key) = map.next_key::<FieldName<'de>>()? {
            out.read_member(key.as_str(), &mut map)?;
        }
        Ok(out)
    }
}

/// A structure's `Deserialize`: as a struct, so that a format that names members otherwise
/// (XML) learns the members' keys and, from the structure's name, their facts.
pub fn read_structure<'de, T: ReadMembers, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructureVisitor::new())
}

/// Skips a member's value (an unknown member, or one bound to an HTTP part).
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Reads an optional member: `null` unsets it.
pub fn read_optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Reads a required member: `null` leaves it as it was (its zero value or default).
pub fn read_required<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut T,
) -> Result<(), A::Error> {
    if let Some(value) = map.next_value::<Option<T>>()? {
        *slot = value;
    }
    Ok(())
}

/// Reads an optional map member, leaving out entries whose value is `null`.
pub fn read_optional_map<'de, A: MapAccess<'de>, M>(
    map: &mut A,
    slot: &mut Option<M>,
) -> Result<(), A::Error>
where
    DenseMap<M>: Deserialize<'de>,
{
    *slot = map.next_value::<Option<DenseMap<M>>>()?.map(|m| m.0);
    Ok(())
}

/// Reads a required map member, leaving out entries whose value is `null`.
pub fn read_required_map<'de, A: MapAccess<'de>, M>(
    map: &mut A,
    slot: &mut M,
) -> Result<(), A::Error>
where
    DenseMap<M>: Deserialize<'de>,
{
    if let Some(value) = map.next_value::<Option<DenseMap<M>>>()? {
        *slot = value.0;
    }
    Ok(())
}

/// Reads an optional member that holds floats, accepting the non-finite ones as strings.
pub fn read_optional_floats<'de, A: MapAccess<'de>, T: Floats>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value::<Read<Option<T>>>()?.0;
    Ok(())
}

/// Reads a required member that holds floats: `null` leaves it as it was.
pub fn read_required_floats<'de, A: MapAccess<'de>, T: Floats>(
    map: &mut A,
    slot: &mut T,
) -> Result<(), A::Error> {
    if let Some(value) = map.next_value::<Read<Option<T>>>()?.0 {
        *slot = value;
    }
    Ok(())
}

/// A structure written member by member: what `serialize_structure!` implements, so that
/// a structure's `Serialize` is one call of [`write_structure`] and its members are walked
/// by one body that serves every [`MemberSink`].
pub trait WriteMembers {
    /// The name the structure gives serde (see `structure_name!`).
    const NAME: &'static str;

    /// Hands each member the structure writes to `out`, in order; unset optional members
    /// and members bound to HTTP parts are left out.
    fn write_members<W: MemberSink>(&self, out: &mut W);
}

/// What [`WriteMembers::write_members`] hands the members to: one that counts them, then
/// one that writes them.
pub trait MemberSink {
    /// Takes one member.
    fn member<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);
}

/// Counts the members a structure writes, which `serialize_struct` needs first (CBOR
/// writes a map of definite length).
struct MemberCount(usize);

impl MemberSink for MemberCount {
    fn member<T: Serialize + ?Sized>(&mut self, _: &'static str, _: &T) {
        self.0 += 1;
    }
}

/// A structure being written: its members go in one after the other, and after the first
/// error the rest are skipped and [`write_structure`] returns it, so that a structure's
/// walk is one straight line of calls with no early return per member to check.
struct Writer<S: SerializeStruct> {
    out: S,
    error: Option<S::Error>,
}

impl<S: SerializeStruct> MemberSink for Writer<S> {
    fn member<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.out.serialize_field(key, value) {
                self.error = Some(error);
            }
        }
    }
}

/// A structure's `Serialize`: counts the members it writes, then writes them.
pub fn write_structure<T: WriteMembers + ?Sized, S: serde::Serializer>(
    structure: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut count = MemberCount(0);
    structure.write_members(&mut count);
    let mut writer = Writer {
        out: serializer.serialize_struct(T::NAME, count.0)?,
        error: None,
    };
    structure.write_members(&mut writer);
    match writer.error {
        Some(error) => Err(error),
        None => writer.out.end(),
    }
}

/// Writes a required member.
pub fn write_required<W: MemberSink, T: Serialize>(out: &mut W, key: &'static str, value: &T) {
    out.member(key, value);
}

/// Writes an optional member if it is set.
pub fn write_optional<W: MemberSink, T: Serialize>(
    out: &mut W,
    key: &'static str,
    value: &Option<T>,
) {
    if let Some(value) = value {
        out.member(key, value);
    }
}

/// Writes a required member that holds timestamps, in `format`.
pub fn write_required_timestamps<W: MemberSink, T: Timestamps>(
    out: &mut W,
    key: &'static str,
    value: &T,
    format: Format,
) {
    out.member(key, &Formatted(value, format));
}

/// Writes an optional member that holds timestamps, in `format`, if it is set.
pub fn write_optional_timestamps<W: MemberSink, T: Timestamps>(
    out: &mut W,
    key: &'static str,
    value: &Option<T>,
    format: Format,
) {
    if let Some(value) = value {
        out.member(key, &Formatted(value, format));
    }
}

/// Writes a required member that holds floats, the non-finite ones as strings.
pub fn write_required_floats<W: MemberSink, T: Floats>(out: &mut W, key: &'static str, value: &T) {
    out.member(key, &Write(value));
}

/// Writes an optional member that holds floats, if it is set.
pub fn write_optional_floats<W: MemberSink, T: Floats>(
    out: &mut W,
    key: &'static str,
    value: &Option<T>,
) {
    if let Some(value) = value {
        out.member(key, &Write(value));
    }
}

/// A map member read by `deserialize_structure!`: entries whose value is `null` are left
/// out, as botocore leaves them out (a map's values are never null in the model).
#[doc(hidden)]
pub struct DenseMap<M>(pub M);

impl<'de, K, V, H> serde::Deserialize<'de> for DenseMap<std::collections::HashMap<K, V, H>>
where
    K: serde::Deserialize<'de> + Eq + std::hash::Hash,
    V: serde::Deserialize<'de>,
    H: std::hash::BuildHasher + Default,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V, H>(std::marker::PhantomData<(K, V, H)>);
        impl<'de, K, V, H> serde::de::Visitor<'de> for MapVisitor<K, V, H>
        where
            K: serde::Deserialize<'de> + Eq + std::hash::Hash,
            V: serde::Deserialize<'de>,
            H: std::hash::BuildHasher + Default,
        {
            type Value = std::collections::HashMap<K, V, H>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = std::collections::HashMap::with_capacity_and_hasher(
                    map.size_hint().unwrap_or(0).min(4096),
                    H::default(),
                );
                while let Some((key, value)) = map.next_entry::<K, Option<V>>()? {
                    if let Some(value) = value {
                        out.insert(key, value);
                    }
                }
                Ok(out)
            }
        }
        deserializer
            .deserialize_map(MapVisitor(std::marker::PhantomData))
            .map(DenseMap)
    }
}

/// A member name read by `deserialize_structure!`: borrowed from the input when it can be.
#[doc(hidden)]
pub struct FieldName<'de>(std::borrow::Cow<'de, str>);

impl FieldName<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> serde::de::Visitor<'de> for NameVisitor {
            type Value = FieldName<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                name: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Borrowed(name)))
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(name.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(name)))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}
