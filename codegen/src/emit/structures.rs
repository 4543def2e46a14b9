//! Emits structures, error shapes and unions (types, serde, redacting `Debug`, getters).

use super::runtime_symbols::*;
use super::{defaults, doc_attrs, ident, is_copy, type_tokens, Std};
use crate::ir::{
    Location, Member, Service, Structure, StructureKind, TimestampFormat, Type, WireFormat,
};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/types/structures.rs`: every structure, error and union.
pub fn emit_structures(service: &Service) -> TokenStream {
    // Types are defined here, so a model type named like a prelude item would shadow it.
    let std = Std::for_types(service);
    let items = held_structures(service).map(|s| match s.kind {
        StructureKind::Union => union(&std.root, s),
        _ => structure(s, &std),
    });
    quote! {
        //! Structures, errors and unions of the model.
        #(#items)*
    }
}

/// The structures the crate being emitted holds (all of them unless the service is split).
pub(super) fn held_structures(service: &Service) -> impl Iterator<Item = &Structure> {
    service
        .structures
        .iter()
        .enumerate()
        .filter(|(i, _)| service.holds_structure(crate::ir::StructureId(*i)))
        .map(|(_, s)| s)
}

/// The type's docs, with its wire name when the Rust name differs.
pub(super) fn type_docs(s: &Structure) -> TokenStream {
    let mut docs = s.docs.clone();
    if s.rust_name != s.wire_name {
        docs.push_str(&format!("\n\nShape `{}` in the model.", s.wire_name));
    }
    doc_attrs(&docs, &format!("The `{}` shape of the model.", s.wire_name))
}

/// A member's docs, on its field: the model's text, whether it is required, and whether
/// `build()` fills it in.
pub(super) fn member_docs(m: &Member) -> TokenStream {
    let mut docs = m.docs.clone();
    let mut note = |text: &str| {
        if !docs.is_empty() {
            docs.push_str("\n\n");
        }
        docs.push_str(text);
    };
    match &m.default {
        Some(value) => note(&format!(
            "Defaults to {}: `build()` and reading a response fill it in when unset.",
            super::defaults::default_doc(value)
        )),
        None if m.required => note("Required."),
        None => {}
    }
    if m.idempotency_token {
        note("An idempotency token: `build()` fills in a random UUID when it is not set.");
    }
    doc_attrs(&docs, &format!("The `{}` member.", m.member_name))
}

/// The type of the field: `Option` unless required, `Box` to break recursion.
fn field_type(m: &Member, std: &Std) -> TokenStream {
    let mut ty = std.ty(&m.ty);
    if m.boxed {
        let boxed = &std.boxed;
        ty = quote!(#boxed<#ty>);
    }
    if m.required {
        ty
    } else {
        let option = &std.option;
        quote!(#option<#ty>)
    }
}

/// The serde impls of a structure, through the runtime's macro: each member with whether
/// it is optional, its wire format, its wire name and aliases. The directions the client
/// needs are always there (inputs are written, outputs and errors read); the others
/// (persisting outputs, reading inputs) come with the `serde` feature. A type the client
/// neither writes nor reads gets both with the feature.
fn serde_impls(s: &Structure, name: &proc_macro2::Ident, root: &CrateRoot) -> TokenStream {
    let fields: Vec<TokenStream> = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field_name);
            let kind = if m.location != Location::Body {
                quote!(skip)
            } else if m.required {
                quote!(req)
            } else {
                quote!(opt)
            };
            let format = match m.wire_format {
                // A sparse map keeps its null values; others drop them.
                WireFormat::Plain
                    if matches!(&m.ty, Type::Map(_, value) if !matches!(**value, Type::Nullable(_))) =>
                {
                    quote!(maps)
                }
                WireFormat::Plain | WireFormat::Timestamps(TimestampFormat::EpochSeconds) => {
                    quote!(plain)
                }
                WireFormat::Timestamps(TimestampFormat::DateTime) => quote!(date_time),
                WireFormat::Timestamps(TimestampFormat::HttpDate) => quote!(http_date),
                WireFormat::Floats => quote!(floats),
            };
            let wire = &m.serde_key;
            let aliases = &m.wire_aliases;
            let xml = m.xml_facts.as_ref().map(|facts| quote!(@ #facts));
            // What a member bound to an HTTP part defaults to is not the body's concern.
            let default = defaults::default_expr(root, m)
                .filter(|_| m.location == Location::Body)
                .map(|d| quote!(= #d));
            quote!(#field: #kind #format #wire #(| #aliases)* #xml #default)
        })
        .collect();
    let directions = match (s.written_to_wire, s.read_from_wire) {
        (true, false) if s.binds_http() => quote!(write_only),
        (false, true) if s.binds_http() => quote!(read_only),
        (true, true) => quote!(both),
        (true, false) => quote!(write),
        (false, true) => quote!(read),
        (false, false) => quote!(neither),
    };
    quote! {
        #RUNTIME::serde_structure!(#directions #name { #(#fields),* });
    }
}

fn structure(s: &Structure, std: &Std) -> TokenStream {
    let root = &std.root;
    let builders_mod = &root.builders;
    let name = ident(&s.rust_name);
    let builder = ident(&s.builder_name);
    let docs = type_docs(s);
    let deprecated = s.deprecated.then(|| quote!(#[deprecated]));
    let all_optional = s.members.iter().all(|m| !m.required);
    let redacts = s.sensitive || s.members.iter().any(|m| m.sensitive);
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if all_optional {
        derives.push(quote!(Default));
    }
    if !redacts {
        derives.push(quote!(Debug));
    }
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.field_name);
        let ty = field_type(m, std);
        let docs = member_docs(m);
        let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
        quote! { #docs #deprecated pub #field: #ty, }
    });
    let getters = s.members.iter().map(|m| getter(m, std));
    let debug = redacts.then(|| debug_impl(s, &s.rust_name, &name, false));
    // Errors show their shape's name, as the SDKs do: the wire code (which awsQuery may spell
    // differently) is in the call error's metadata.
    let code = &s.wire_name;
    let error = match &s.kind {
        StructureKind::Error { .. } => match s.message_member.map(|i| &s.members[i]) {
            Some(m) => {
                let field = ident(&m.field_name);
                Some(quote!(#RUNTIME::modeled_error!(#name, #code, #field);))
            }
            None => Some(quote!(#RUNTIME::modeled_error!(#name, #code);)),
        },
        _ => None,
    };
    let default = &std.default_fn;
    let serde = serde_impls(s, &name, root);
    quote! {
        #docs
        #deprecated
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// A builder for this type.
            #[inline]
            pub fn builder() -> #builders_mod::#builder {
                #default()
            }
            #(#getters)*
        }

        #serde
        #debug
        #error
    }
}

fn getter(m: &Member, std: &Std) -> TokenStream {
    let field = ident(&m.field_name);
    let doc = format!(" The [`{0}`](Self#structfield.{0}) field.", m.label);
    let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
    let ty = std.ty(&m.ty);
    let option = &std.option;
    let (ret, body) = match (&m.ty, m.required) {
        (Type::String, false) => (quote!(#option<&str>), quote!(self.#field.as_deref())),
        (Type::String, true) => (quote!(&str), quote!(&self.#field)),
        (Type::List(element), false) => {
            let element = std.ty(element);
            (
                quote!(&[#element]),
                quote!(self.#field.as_deref().unwrap_or_default()),
            )
        }
        (Type::List(element), true) => {
            let element = std.ty(element);
            (quote!(&[#element]), quote!(&self.#field))
        }
        (t, false) if is_copy(t) => (quote!(#option<#ty>), quote!(self.#field)),
        (t, true) if is_copy(t) => (quote!(#ty), quote!(self.#field)),
        (_, false) if m.boxed => (quote!(#option<&#ty>), quote!(self.#field.as_deref())),
        (_, false) => (quote!(#option<&#ty>), quote!(self.#field.as_ref())),
        (_, true) => (quote!(&#ty), quote!(&self.#field)),
    };
    // `#[inline]`: a large service has thousands of getters, and a program calls a few; the
    // crate would otherwise compile every one of them into its own object code.
    quote! {
        #[doc = #doc]
        #deprecated
        #[inline]
        pub fn #field(&self) -> #ret {
            #body
        }
    }
}

/// `Debug` that prints the redaction marker for sensitive members; for a builder generic
/// over what it is bound to (`bound`), the binding is shown too.
pub(super) fn debug_impl(
    s: &Structure,
    label: &str,
    name: &proc_macro2::Ident,
    bound: bool,
) -> TokenStream {
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.field_name);
        let label = &m.label;
        if s.sensitive || m.sensitive {
            quote!(.field(#label, &#REDACT::Redacted))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let (generics, ty, call) = if bound {
        (
            quote!(<C: ::std::fmt::Debug>),
            quote!(#name<C>),
            quote!(.field("call", &self.call)),
        )
    } else {
        (TokenStream::new(), quote!(#name), TokenStream::new())
    };
    quote! {
        impl #generics ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* #call .finish()
            }
        }
    }
}

fn union(root: &super::runtime_symbols::CrateRoot, s: &Structure) -> TokenStream {
    let name = ident(&s.rust_name);
    let label = &s.wire_name;
    let docs = type_docs(s);
    let variants = s.members.iter().map(|m| {
        let variant = ident(&m.variant_name);
        let ty = type_tokens(root, &m.ty);
        let ty = if m.boxed {
            quote!(::std::boxed::Box<#ty>)
        } else {
            ty
        };
        let docs = member_docs(m);
        quote! { #docs #variant(#ty), }
    });
    let serialize_arms = s.members.iter().map(|m| {
        let variant = ident(&m.variant_name);
        let wire = &m.wire_name;
        let value = match m.wire_format {
            WireFormat::Plain => quote!(value),
            WireFormat::Timestamps(format) => {
                let format = match format {
                    TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                    TimestampFormat::DateTime => quote!(DateTime),
                    TimestampFormat::HttpDate => quote!(HttpDate),
                };
                quote!(&#DATETIME::Formatted(value, #DATETIME::Format::#format))
            }
            WireFormat::Floats => quote!(&#FLOAT::Write(value)),
        };
        quote!(Self::#variant(value) => #UNION::serialize_entry(serializer, #wire, #value),)
    });
    let deserialize_arms = s.members.iter().map(|m| {
        let variant = ident(&m.variant_name);
        let wire = &m.wire_name;
        let read = match m.wire_format {
            WireFormat::Floats => quote!(#UNION::float_variant),
            _ => quote!(#UNION::variant),
        };
        quote!(#wire => #read(value).map(Self::#variant),)
    });
    let debug = if s.sensitive || s.members.iter().any(|m| m.sensitive) {
        let arms = s.members.iter().map(|m| {
            let variant = ident(&m.variant_name);
            // Variant names are never raw identifiers: keywords are lower case.
            let label = &m.variant_name;
            if s.sensitive || m.sensitive {
                quote!(Self::#variant(_) => f.debug_tuple(#label).field(&#REDACT::Redacted).finish(),)
            } else {
                quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        Some(quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::Unknown(key) => f.debug_tuple("Unknown").field(key).finish(),
                    }
                }
            }
        })
    } else {
        None
    };
    let derive_debug = debug.is_none().then(|| quote!(Debug,));
    let events = super::streams::event_union(s);
    quote! {
        #docs
        #[derive(Clone, PartialEq, #derive_debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know; holds its wire name.
            Unknown(::std::string::String),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(key) => ::std::result::Result::Err(<S::Error as ::serde::ser::Error>::custom(
                        ::std::format!("cannot serialize unknown member `{key}` of union `{}`", #label),
                    )),
                }
            }
        }

        #RUNTIME::union_zero!(#name);

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let (key, value) = #UNION::single_entry(deserializer, #label)?;
                match key.as_str() {
                    #(#deserialize_arms)*
                    _ => ::std::result::Result::Ok(Self::Unknown(key)),
                }
            }
        }

        #debug
        #events
    }
}
