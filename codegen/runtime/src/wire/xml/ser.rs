//! restXml request bodies: serde's data model written as XML, each member an element (or
//! an attribute) named by its key's facts, lists wrapped or flattened, maps as entries.

use crate::wire::facts::Facts;
use crate::wire::text::{float, float32, no_tuples, Error};
use serde::ser::{self, Serialize};

/// `value` as an XML document whose root element `root` names (with its facts), or, when
/// `root` is empty, the name the value's structure gives itself.
pub fn to_xml<T: Serialize + ?Sized>(value: &T, root: &'static str) -> Result<Vec<u8>, String> {
    let mut out = String::new();
    value
        .serialize(Writer {
            out: &mut out,
            facts: Facts::parse(root),
            root: true,
        })
        .map_err(|e| e.0)?;
    Ok(out.into_bytes())
}

/// Appends `text` with XML's special characters escaped (line breaks too, so they survive
/// a reader's normalisation).
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            '\n' => out.push_str("&#xA;"),
            c => out.push(c),
        }
    }
}

/// The start tag of `facts`' element, its namespace declared; `extra` holds attributes.
fn open(out: &mut String, facts: &Facts<'_>, extra: &str) {
    out.push('<');
    out.push_str(facts.name);
    if let Some((prefix, uri)) = facts.namespace {
        match prefix {
            Some(prefix) => {
                out.push_str(" xmlns:");
                out.push_str(prefix);
            }
            None => out.push_str(" xmlns"),
        }
        out.push_str("=\"");
        escape(out, uri);
        out.push('"');
    }
    out.push_str(extra);
    out.push('>');
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Writes one value as the element its facts name.
struct Writer<'o> {
    out: &'o mut String,
    facts: Facts<'static>,
    /// The document's root, whose structure may name it.
    root: bool,
}

impl Writer<'_> {
    fn text(self, text: &str) -> Result<(), Error> {
        open(self.out, &self.facts, "");
        escape(self.out, text);
        close(self.out, self.facts.name);
        Ok(())
    }
}

macro_rules! scalars {
    ($($method:ident $ty:ty,)*) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.text(&v.to_string())
        })*
    };
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

    scalars! {
        serialize_bool bool,
        serialize_i8 i8,
        serialize_i16 i16,
        serialize_i32 i32,
        serialize_i64 i64,
        serialize_u8 u8,
        serialize_u16 u16,
        serialize_u32 u32,
        serialize_u64 u64,
        serialize_char char,
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.text(&float32(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.text(&float(v))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.text(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        Err(Error(format!(
            "raw bytes ({} of them) have no XML form",
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
        self.text("")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.text("")
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.text(variant)
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
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(Error("enum variants have no XML form".to_owned()))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Items<'o>, Error> {
        let items = self.facts.items();
        if !self.facts.flattened {
            open(self.out, &self.facts, "");
        }
        Ok(Items {
            out: self.out,
            wrapper: (!self.facts.flattened).then_some(self.facts.name),
            items,
        })
    }
    no_tuples!("XML");
    fn serialize_map(self, _len: Option<usize>) -> Result<Entries<'o>, Error> {
        Ok(Entries {
            out: self.out,
            facts: self.facts,
            entries: Vec::new(),
        })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Members<'o>, Error> {
        // The root takes the structure's own name (and namespace) unless the caller named it.
        let facts = if self.root && self.facts.name.is_empty() {
            Facts::parse(name.split('\n').next().unwrap_or(name))
        } else {
            self.facts
        };
        Ok(Members {
            structure: name,
            out: self.out,
            facts,
            attributes: String::new(),
            children: String::new(),
        })
    }
}

/// A structure's members: attributes gathered for the start tag, elements for the body.
pub struct Members<'o> {
    /// The structure's name, with its members' facts.
    structure: &'static str,
    out: &'o mut String,
    facts: Facts<'static>,
    attributes: String,
    children: String,
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
        if !facts.attribute {
            return value.serialize(Writer {
                out: &mut self.children,
                facts,
                root: false,
            });
        }
        // An attribute's value is the text of the element it would otherwise be.
        let mut element = String::new();
        let plain = Facts::parse("a");
        value.serialize(Writer {
            out: &mut element,
            facts: plain,
            root: false,
        })?;
        if let Some(text) = element
            .strip_prefix("<a>")
            .and_then(|e| e.strip_suffix("</a>"))
        {
            self.attributes.push(' ');
            self.attributes.push_str(facts.name);
            self.attributes.push_str("=\"");
            // Already escaped as element text.
            self.attributes.push_str(text);
            self.attributes.push('"');
        }
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        open(self.out, &self.facts, &self.attributes);
        self.out.push_str(&self.children);
        close(self.out, self.facts.name);
        Ok(())
    }
}

/// A list's items, inside its element unless flattened.
pub struct Items<'o> {
    out: &'o mut String,
    wrapper: Option<&'static str>,
    items: Facts<'static>,
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Writer {
            out: self.out,
            facts: self.items,
            root: false,
        })
    }

    fn end(self) -> Result<(), Error> {
        if let Some(name) = self.wrapper {
            close(self.out, name);
        }
        Ok(())
    }
}

/// A map's entries: `<entry><key>..</key><value>..</value></entry>`, or without `entry`
/// and repeating the member's element when flattened; in key order, so a body does not
/// depend on a `HashMap`'s order.
pub struct Entries<'o> {
    out: &'o mut String,
    facts: Facts<'static>,
    entries: Vec<(String, String)>,
}

impl ser::SerializeMap for Entries<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let mut element = String::new();
        key.serialize(Writer {
            out: &mut element,
            facts: self.facts.keys(),
            root: false,
        })?;
        self.entries.push((element, String::new()));
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let Some((_, element)) = self.entries.last_mut() else {
            return Err(Error("a map value without a key".to_owned()));
        };
        value.serialize(Writer {
            out: element,
            facts: self.facts.values(),
            root: false,
        })
    }

    fn end(mut self) -> Result<(), Error> {
        self.entries.sort();
        if !self.facts.flattened {
            open(self.out, &self.facts, "");
        }
        for (key, value) in &self.entries {
            if self.facts.flattened {
                open(self.out, &self.facts, "");
            } else {
                self.out.push_str("<entry>");
            }
            self.out.push_str(key);
            self.out.push_str(value);
            if self.facts.flattened {
                close(self.out, self.facts.name);
            } else {
                self.out.push_str("</entry>");
            }
        }
        if !self.facts.flattened {
            close(self.out, self.facts.name);
        }
        Ok(())
    }
}
