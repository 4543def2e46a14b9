//! The query protocols' request bodies: an input as form fields (`Action`, `Version`, then
//! a field per value, named by its path: `Tags.member.1.Key`), written through serde.
//!
//! awsQuery wraps lists in `.member.N` (or the items' name) and maps in `.entry.N.key`,
//! writes an empty list as an empty field, and lets a flattened list drop the wrapper (its
//! items numbered under the member's own key);
//! ec2Query writes every list as `.N` and leaves empty ones out. Map entries are numbered
//! in key order, so a body does not depend on a `HashMap`'s order.

use crate::http::percent::encode_into;
use crate::wire::facts::Facts;
use crate::wire::text::{float, float32, no_tuples, Error};
use serde::ser::{self, Serialize};

/// Which query protocol writes the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// awsQuery.
    Query,
    /// ec2Query.
    Ec2,
}

/// The form body of `input` for operation `action` of API `version`.
pub fn form<T: Serialize + ?Sized>(
    action: &str,
    version: &str,
    input: &T,
    style: Style,
) -> Result<Vec<u8>, Error> {
    let fields = fields(input, style)?;
    let mut body = String::with_capacity(64 + fields.len() * 24);
    body.push_str("Action=");
    encode_into(&mut body, action.as_bytes(), false);
    body.push_str("&Version=");
    encode_into(&mut body, version.as_bytes(), false);
    for (name, value) in &fields {
        body.push('&');
        encode_into(&mut body, name.as_bytes(), false);
        body.push('=');
        encode_into(&mut body, value.as_bytes(), false);
    }
    Ok(body.into_bytes())
}

/// The fields of `input`, in order, unencoded.
pub fn fields<T: Serialize + ?Sized>(
    input: &T,
    style: Style,
) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    input.serialize(Writer {
        out: &mut out,
        prefix: String::new(),
        facts: Facts::default(),
        style,
    })?;
    Ok(out)
}

/// Writes one value at `prefix`.
struct Writer<'o> {
    out: &'o mut Vec<(String, String)>,
    prefix: String,
    facts: Facts<'static>,
    style: Style,
}

impl Writer<'_> {
    fn text(self, value: String) -> Result<(), Error> {
        self.out.push((self.prefix, value));
        Ok(())
    }

    fn join(&self, name: &str) -> String {
        join(&self.prefix, name)
    }

    /// Where a list's items go: `{prefix}.{n}` after what this returns.
    fn list_prefix(&self) -> String {
        match self.style {
            Style::Ec2 => self.prefix.clone(),
            // A flattened list's items take the member's own key.
            Style::Query if self.facts.flattened => self.prefix.clone(),
            Style::Query => self.join(self.facts.items().query_key()),
        }
    }
}

impl<'o> ser::Serializer for Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Items<'o>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = Entries<'o>;
    type SerializeStruct = Members<'o>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.text(float32(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.text(float(v))
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.text(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.text(v.to_owned())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        Err(Error(format!(
            "`{}`: raw bytes ({} of them) have no query form",
            self.prefix,
            v.len()
        )))
    }
    fn serialize_none(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.text(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let prefix = self.join(variant);
        value.serialize(Writer { prefix, ..self })
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items<'o>, Error> {
        if len == Some(0) && self.style == Style::Query {
            // awsQuery says a list is empty with an empty field; ec2Query leaves it out.
            self.out.push((self.prefix.clone(), String::new()));
        }
        Ok(Items {
            prefix: self.list_prefix(),
            items: self.facts.items(),
            count: 0,
            out: self.out,
            style: self.style,
        })
    }
    no_tuples!("query");
    fn serialize_map(self, _len: Option<usize>) -> Result<Entries<'o>, Error> {
        let entry = match (self.style, self.facts.flattened) {
            (Style::Query, false) => self.join("entry"),
            _ => self.prefix.clone(),
        };
        Ok(Entries {
            entry,
            facts: self.facts,
            entries: Vec::new(),
            key: None,
            out: self.out,
            style: self.style,
        })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Members<'o>, Error> {
        Ok(Members {
            structure: name,
            prefix: self.prefix,
            out: self.out,
            style: self.style,
        })
    }
}

/// `name` under `prefix`: `prefix.name`, or `name` at the top.
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A structure's members, each under its query key.
pub struct Members<'o> {
    /// The structure's name, with its members' facts.
    structure: &'static str,
    prefix: String,
    out: &'o mut Vec<(String, String)>,
    style: Style,
}

impl ser::SerializeStruct for Members<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let facts = Facts::of_member(self.structure, key);
        let name = facts.query_key();
        let prefix = join(&self.prefix, name);
        value.serialize(Writer {
            out: self.out,
            prefix,
            facts,
            style: self.style,
        })
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// A list's items, numbered from 1.
pub struct Items<'o> {
    prefix: String,
    items: Facts<'static>,
    count: usize,
    out: &'o mut Vec<(String, String)>,
    style: Style,
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.count += 1;
        value.serialize(Writer {
            out: self.out,
            prefix: format!("{}.{}", self.prefix, self.count),
            facts: self.items,
            style: self.style,
        })
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// A map's entries, held until the end to be numbered in key order.
pub struct Entries<'o> {
    entry: String,
    facts: Facts<'static>,
    entries: Vec<(String, Vec<(String, String)>)>,
    key: Option<String>,
    out: &'o mut Vec<(String, String)>,
    style: Style,
}

impl ser::SerializeMap for Entries<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let mut text = Vec::new();
        key.serialize(Writer {
            out: &mut text,
            prefix: String::new(),
            facts: Facts::default(),
            style: self.style,
        })?;
        match text.pop() {
            Some((_, key)) if text.is_empty() => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(Error("a map key must be a string".to_owned())),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value without a key".to_owned()))?;
        // Written relative to the entry, renumbered in `end`.
        let values = self.facts.values();
        let mut fields = Vec::new();
        value.serialize(Writer {
            out: &mut fields,
            prefix: values.query_key().to_owned(),
            facts: values,
            style: self.style,
        })?;
        self.entries.push((key, fields));
        Ok(())
    }

    fn end(mut self) -> Result<(), Error> {
        self.entries.sort_by(|a, b| a.0.cmp(&b.0));
        let key_name = self.facts.key_name();
        for (n, (key, fields)) in self.entries.into_iter().enumerate() {
            let at = format!("{}.{}", self.entry, n + 1);
            self.out.push((format!("{at}.{key_name}"), key));
            for (name, value) in fields {
                self.out.push((format!("{at}.{name}"), value));
            }
        }
        Ok(())
    }
}
