//! A shape's value as a Rust expression over the generated builders, from a case's JSON.

use codegen::ir::{Service, Structure, StructureKind};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

/// An identifier from a name the generator chose; `r#type` becomes a raw identifier.
pub(super) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Rust expressions for values of the suite's shapes, as botocore's tests write them
/// (blobs as text, timestamps as epoch seconds, floats' specials as strings).
pub(super) struct Values<'a> {
    pub(super) shapes: &'a Value,
    pub(super) service: &'a Service,
    /// Whether a NaN may be built: in an input, yes; in an expected output, only where the
    /// check tests it with `is_nan` (see `output_check`).
    pub(super) nan_allowed: bool,
}

impl Values<'_> {
    /// A value of `shape`, as a case writes it.
    pub(super) fn value(&self, shape: &str, value: &Value) -> Result<TokenStream, String> {
        let definition = &self.shapes[shape];
        let kind = definition["type"]
            .as_str()
            .ok_or_else(|| format!("shape `{shape}` has no type"))?;
        let mismatch = || format!("{value} is not a value of `{shape}` ({kind})");
        Ok(match kind {
            "structure" if definition["document"].as_bool() == Some(true) => {
                let document = codegen::emit::json_tokens(value);
                quote!(serde_json::json!(#document))
            }
            "structure" => {
                let structure = self
                    .service
                    .structures
                    .iter()
                    .find(|s| s.wire_name == shape)
                    .ok_or_else(|| format!("no structure `{shape}` in the generated module"))?;
                self.structure_value(structure, value)?
            }
            "list" => {
                let member = definition["member"]["shape"].as_str().unwrap_or_default();
                let items = value
                    .as_array()
                    .ok_or_else(mismatch)?
                    .iter()
                    .map(|item| self.item(definition, member, item))
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(vec![#(#items),*])
            }
            "map" => {
                let key = definition["key"]["shape"].as_str().unwrap_or_default();
                let member = definition["value"]["shape"].as_str().unwrap_or_default();
                let entries = value
                    .as_object()
                    .ok_or_else(mismatch)?
                    .iter()
                    .map(|(k, v)| {
                        let k = self.value(key, &Value::String(k.clone()))?;
                        let v = self.item(definition, member, v)?;
                        Ok(quote!((#k, #v)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                quote!(::std::collections::HashMap::from([#(#entries),*]))
            }
            "string" => {
                let text = value.as_str().ok_or_else(mismatch)?;
                match self.service.enums.iter().find(|e| e.wire_name == shape) {
                    Some(e) => {
                        let name = ident(&e.rust_name);
                        quote!(s::types::#name::from(#text))
                    }
                    None => quote!(::std::string::String::from(#text)),
                }
            }
            "integer" | "long" | "short" | "byte" => {
                // Unsuffixed: the member's type decides the width.
                let number = Literal::i64_unsuffixed(value.as_i64().ok_or_else(mismatch)?);
                quote!(#number)
            }
            "float" | "double" => {
                let ty = format_ident!("{}", if kind == "float" { "f32" } else { "f64" });
                match value {
                    Value::String(special) => match special.as_str() {
                        "NaN" if self.nan_allowed => quote!(#ty::NAN),
                        "NaN" => {
                            return Err("a NaN inside an expected value cannot be compared by value (only a top-level optional member can)".to_owned())
                        }
                        "Infinity" => quote!(#ty::INFINITY),
                        "-Infinity" => quote!(#ty::NEG_INFINITY),
                        _ => return Err(mismatch()),
                    },
                    _ => {
                        // The JSON number's shortest `f64` text with the type's suffix, so
                        // a `float` is rounded from that text, not from the `f64`.
                        let number = value.as_f64().ok_or_else(mismatch)?;
                        let literal =
                            syn::LitFloat::new(&format!("{number:?}{ty}"), Span::call_site());
                        quote!(#literal)
                    }
                }
            }
            "boolean" => {
                let flag = value.as_bool().ok_or_else(mismatch)?;
                quote!(#flag)
            }
            "blob" if definition["streaming"].as_bool() == Some(true) => {
                let text = value.as_str().ok_or_else(mismatch)?;
                quote!(s::primitives::StreamingBody::from(#text.as_bytes()))
            }
            "blob" => {
                let text = value.as_str().ok_or_else(mismatch)?;
                quote!(s::primitives::Blob::new(#text.as_bytes()))
            }
            "timestamp" => {
                let text = match value {
                    Value::Number(n) => n.to_string(),
                    Value::String(text) => {
                        return Ok(quote! {
                            s::primitives::DateTime::parse_any(#text).map_err(|e| e.to_string())?
                        })
                    }
                    _ => return Err(mismatch()),
                };
                let (secs, fraction) = text.split_once('.').unwrap_or((&text, ""));
                let secs = Literal::i64_unsuffixed(secs.parse().map_err(|_| mismatch())?);
                let nanos = format!("{fraction:0<9}");
                let nanos = Literal::u32_unsuffixed(
                    nanos[..9].trim_start_matches('0').parse().unwrap_or(0),
                );
                quote! {
                    s::primitives::DateTime::from_secs_and_nanos(#secs, #nanos)
                        .map_err(|e| e.to_string())?
                }
            }
            other => {
                return Err(format!(
                    "shape `{shape}` has type `{other}`, which the cases cannot build"
                ))
            }
        })
    }

    /// The smallest value of `shape` (see [`Self::smallest`]).
    pub(super) fn smallest_of(&self, shape: &str) -> Value {
        self.smallest(shape, 0)
    }

    /// The smallest value of `shape`, as a case would write it: a structure with only its
    /// required members, each the smallest of its shape; a union with its first member.
    pub(super) fn smallest(&self, shape: &str, depth: usize) -> Value {
        let definition = &self.shapes[shape];
        let members = definition["members"].as_object();
        let required = |name: &str| {
            self.service
                .structures
                .iter()
                .find(|s| s.wire_name == shape)
                .and_then(|s| s.members.iter().find(|m| m.member_name == name))
                .is_some_and(|m| m.required)
        };
        let member_value = |(name, member): (&String, &Value)| {
            let target = member["shape"].as_str().unwrap_or_default();
            (name.clone(), self.smallest(target, depth + 1))
        };
        match definition["type"].as_str().unwrap_or_default() {
            // A recursive shape stops at an empty structure, whose required members, if
            // any, the case then reports missing.
            _ if depth > 16 => Value::Object(Map::new()),
            "structure" if definition["document"].as_bool() == Some(true) => Value::Null,
            "structure" if self.is_union(shape) => members
                .and_then(|m| m.iter().next())
                .map(member_value)
                .into_iter()
                .collect(),
            "structure" => members
                .into_iter()
                .flatten()
                .filter(|(name, _)| required(name))
                .map(member_value)
                .collect(),
            "list" => Value::Array(Vec::new()),
            "map" => Value::Object(Map::new()),
            "string" | "blob" => match self.service.enums.iter().find(|e| e.wire_name == shape) {
                Some(e) => Value::String(
                    e.variants
                        .first()
                        .map(|v| v.wire_name.clone())
                        .unwrap_or_default(),
                ),
                None => Value::String(String::new()),
            },
            "boolean" => Value::Bool(false),
            _ => Value::from(0),
        }
    }

    /// Whether `shape` is a union.
    fn is_union(&self, shape: &str) -> bool {
        self.service
            .structures
            .iter()
            .any(|s| s.wire_name == shape && s.kind == StructureKind::Union)
    }

    /// An item of a list or a value of a map (`collection`, its shape's definition) whose
    /// shape is `shape`: an `Option` in a sparse collection, `None` for `null`.
    fn item(&self, collection: &Value, shape: &str, value: &Value) -> Result<TokenStream, String> {
        if collection["sparse"].as_bool() != Some(true) {
            return self.value(shape, value);
        }
        if value.is_null() {
            return Ok(quote!(::std::option::Option::None));
        }
        let value = self.value(shape, value)?;
        Ok(quote!(::std::option::Option::Some(#value)))
    }

    /// A value of a structure, built with its builder, or a union's variant.
    pub(super) fn structure_value(
        &self,
        structure: &Structure,
        value: &Value,
    ) -> Result<TokenStream, String> {
        let fields = value
            .as_object()
            .ok_or_else(|| format!("{value} is not an object of `{}`", structure.wire_name))?;
        let member = |name: &str| {
            structure
                .members
                .iter()
                .find(|m| m.member_name == name)
                .ok_or_else(|| format!("`{}` has no member `{name}`", structure.wire_name))
        };
        // The shape a member targets, by name from the suite's shapes, so the runner does
        // not depend on how the IR refers to shapes (`Member::target`).
        let target = |name: &str| {
            self.shapes[&structure.wire_name]["members"][name]["shape"]
                .as_str()
                .ok_or_else(|| {
                    format!("`{}` member `{name}` targets no shape", structure.wire_name)
                })
        };
        let ty = ident(&structure.rust_name);
        if structure.kind == StructureKind::Union {
            let mut set = fields.iter().filter(|(_, v)| !v.is_null());
            let (Some((name, inner)), None) = (set.next(), set.next()) else {
                return Err(format!(
                    "{value} does not set exactly one member of a union"
                ));
            };
            let m = member(name)?;
            let mut inner = self.value(target(name)?, inner)?;
            if m.boxed {
                inner = quote!(::std::boxed::Box::new(#inner));
            }
            let variant = ident(&m.variant_name);
            return Ok(quote!(s::types::#ty::#variant(#inner)));
        }
        let setters = fields
            .iter()
            .filter(|(_, inner)| !inner.is_null())
            .map(|(name, inner)| {
                let m = member(name)?;
                let set = ident(&m.set_name);
                // An event stream is written as the list of its events.
                if matches!(m.ty, codegen::ir::Type::EventStream(_)) {
                    let events = inner
                        .as_array()
                        .ok_or_else(|| format!("{inner} is not a list of events"))?
                        .iter()
                        .map(|event| self.value(target(name)?, event))
                        .collect::<Result<Vec<_>, String>>()?;
                    return Ok(quote!(.#set(Some(s::primitives::EventStream::from_events(vec![#(#events),*])))));
                }
                let inner = self.value(target(name)?, inner)?;
                Ok(quote!(.#set(Some(#inner))))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(quote!(s::types::#ty::builder() #(#setters)* .build().map_err(|e| e.to_string())?))
    }
}
