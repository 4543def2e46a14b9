//! serde's data model read from an XML tree: a structure from its element's children and
//! attributes (matched by the XML names in the members' keys, see
//! [`facts`](crate::wire::facts)), a list from its items (wrapped, or the repeated elements
//! of a flattened one), a map from its entries, and a scalar from its element's text.

use super::Element;
use crate::wire::facts::Facts;
use crate::wire::text::Error;
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use std::fmt;

/// A value read from `element`.
pub fn from_element<T: DeserializeOwned>(element: &Element) -> Result<T, String> {
    T::deserialize(Value {
        node: Node::One(element),
        facts: Facts::default(),
    })
    .map_err(|e| e.0)
}

/// Where a value is: an element, the repeated elements of a flattened list or map, or an
/// attribute's text.
#[derive(Clone)]
enum Node<'a> {
    One(&'a Element),
    Many(Vec<&'a Element>),
    Text(&'a str),
}

/// A value and the facts of the member that holds it.
struct Value<'a> {
    node: Node<'a>,
    facts: Facts<'static>,
}

impl<'a> Value<'a> {
    fn text(&self) -> &'a str {
        match &self.node {
            Node::One(element) => &element.text,
            Node::Many(elements) => elements.first().map_or("", |e| e.text.as_str()),
            Node::Text(text) => text,
        }
    }

    fn what(&self) -> String {
        match self.facts.name {
            "" => format!("`{}`", element_name(&self.node)),
            name => format!("`{name}`"),
        }
    }

    fn parse<T: std::str::FromStr>(&self, kind: &str) -> Result<T, Error>
    where
        T::Err: fmt::Display,
    {
        let text = self.text().trim();
        text.parse()
            .map_err(|e| Error(format!("{} holds `{text}`, not {kind}: {e}", self.what())))
    }

    fn float(&self) -> Result<f64, Error> {
        match self.text().trim() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => self.parse("a number"),
        }
    }

    fn element(&self, kind: &str) -> Result<&'a Element, Error> {
        match &self.node {
            Node::One(element) => Ok(element),
            Node::Many(elements) if elements.len() == 1 => Ok(elements[0]),
            _ => Err(Error(format!("{} is not {kind}", self.what()))),
        }
    }
}

fn element_name(node: &Node<'_>) -> String {
    match node {
        Node::One(e) => e.name.clone(),
        Node::Many(elements) => elements
            .first()
            .map_or_else(String::new, |e| e.name.clone()),
        Node::Text(_) => "an attribute".to_owned(),
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $ty:ty,)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(self.parse::<$ty>("an integer")?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Value<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node {
            Node::One(element) if !element.children.is_empty() => {
                self.deserialize_struct("", &[], visitor)
            }
            Node::Many(_) => self.deserialize_seq(visitor),
            _ => visitor.visit_borrowed_str(self.text().trim()),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.text().trim() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            other => Err(Error(format!(
                "{} holds `{other}`, not a boolean",
                self.what()
            ))),
        }
    }

    integers! {
        deserialize_i8 visit_i8 i8,
        deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64,
        deserialize_u8 visit_u8 u8,
        deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32,
        deserialize_u64 visit_u64 u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.text())
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.text())
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.text())
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.text().trim())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.text().trim())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // An element that is there holds a value, even an empty one.
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let items = match &self.node {
            Node::One(element) if self.facts.flattened => vec![*element],
            Node::One(element) => element.children.iter().collect(),
            Node::Many(elements) => elements.clone(),
            Node::Text(_) => return Err(Error(format!("{} is not a list", self.what()))),
        };
        let facts = self.facts.items();
        visitor.visit_seq(de::value::SeqDeserializer::new(items.into_iter().map(
            move |item| Value {
                node: Node::One(item),
                facts,
            },
        )))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // A union reads as a map too: an element whose children are not map entries is
        // one, its member the child.
        if let Node::One(element) = &self.node {
            if !self.facts.flattened && element.children.iter().any(|c| c.name != "entry") {
                return self.deserialize_struct("", &[], visitor);
            }
        }
        let entries: Vec<&Element> = match &self.node {
            Node::One(element) if self.facts.flattened => vec![*element],
            Node::One(element) => element.children.iter().collect(),
            Node::Many(elements) => elements.clone(),
            Node::Text(_) => return Err(Error(format!("{} is not a map", self.what()))),
        };
        let (key, values) = (self.facts.key_name(), self.facts.values());
        let mut pairs = Vec::with_capacity(entries.len());
        for entry in entries {
            let Some(k) = entry.child(key) else {
                return Err(Error(format!("an entry of {} has no `{key}`", self.what())));
            };
            // An entry without a value holds an empty one.
            let value = entry.child(values.name).map_or(Node::Text(""), Node::One);
            pairs.push((
                Value {
                    node: Node::Text(&k.text),
                    facts: Facts::default(),
                },
                Value {
                    node: value,
                    facts: values,
                },
            ));
        }
        visitor.visit_map(de::value::MapDeserializer::new(pairs.into_iter()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let element = self.element("a structure")?;
        let members: Vec<(&'static str, Facts<'static>)> = fields
            .iter()
            .map(|f| (*f, Facts::of_member(name, f)))
            .collect();
        let mut entries: Vec<(&'de str, Value<'de>)> = Vec::new();
        for (key, facts) in members.iter().filter(|(_, f)| f.attribute) {
            if let Some((_, text)) = element.attributes.iter().find(|(n, _)| n == facts.name) {
                entries.push((
                    key,
                    Value {
                        node: Node::Text(text),
                        facts: *facts,
                    },
                ));
            }
        }
        for child in &element.children {
            let member = members
                .iter()
                .find(|(_, f)| !f.attribute && f.name == child.name);
            match member {
                Some((key, facts)) if facts.flattened => {
                    // A flattened member's elements, wherever they are, are one value.
                    match entries.iter_mut().find(|(k, _)| k == key) {
                        Some((
                            _,
                            Value {
                                node: Node::Many(items),
                                ..
                            },
                        )) => items.push(child),
                        _ => entries.push((
                            key,
                            Value {
                                node: Node::Many(vec![child]),
                                facts: *facts,
                            },
                        )),
                    }
                }
                Some((key, facts)) => entries.push((
                    key,
                    Value {
                        node: Node::One(child),
                        facts: *facts,
                    },
                )),
                None => entries.push((
                    &child.name,
                    Value {
                        node: Node::One(child),
                        facts: Facts::default(),
                    },
                )),
            }
        }
        visitor.visit_map(de::value::MapDeserializer::new(
            entries.into_iter().map(|(key, value)| (Key(key), value)),
        ))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self.text().trim().into_deserializer())
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.text())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

impl<'de> IntoDeserializer<'de, Error> for Value<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// A member's key: the literal the structure's impl matches, or an unknown element's name.
struct Key<'de>(&'de str);

impl<'de> IntoDeserializer<'de, Error> for Key<'de> {
    type Deserializer = de::value::BorrowedStrDeserializer<'de, Error>;

    fn into_deserializer(self) -> Self::Deserializer {
        de::value::BorrowedStrDeserializer::new(self.0)
    }
}
