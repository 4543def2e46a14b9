//! Emits structures, error shapes and unions (types, serde, redacting `Debug`, getters) and
//! their builders.

use super::{doc_attrs, ident, is_copy, type_tokens};
use crate::ir::{Member, Service, Structure, StructureKind, TimestampFormat, Type, WireFormat};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `src/types/structures.rs`: every structure, error and union.
pub fn emit_structures(service: &Service) -> TokenStream {
    let root = super::root(service);
    let items = service.structures.iter().map(|s| match s.kind {
        StructureKind::Union => union(&root, s),
        _ => structure(&root, s),
    });
    quote! {
        //! Structures, errors and unions of the model.
        #(#items)*
    }
}

/// `src/types/builders.rs`: a builder for every structure and error.
pub fn emit_builders(service: &Service) -> TokenStream {
    let root = super::root(service);
    let items = service
        .structures
        .iter()
        .filter(|s| s.kind != StructureKind::Union)
        .map(|s| builder(&root, s));
    quote! {
        //! Builders for the structures of the model; `build()` checks required members.
        #(#items)*
    }
}

fn type_docs(s: &Structure) -> TokenStream {
    let mut docs = s.docs.clone();
    if s.rust_name != s.wire_name {
        docs.push_str(&format!("\n\nShape `{}` in the model.", s.wire_name));
    }
    doc_attrs(&docs, &format!("The `{}` shape of the model.", s.wire_name))
}

fn member_docs(m: &Member) -> TokenStream {
    let mut docs = m.docs.clone();
    if m.required {
        docs.push_str(if docs.is_empty() {
            "Required."
        } else {
            "\n\nRequired."
        });
    }
    if m.idempotency_token {
        let note = "An idempotency token: `build()` fills in a random UUID when it is not set.";
        docs = if docs.is_empty() {
            note.to_owned()
        } else {
            format!("{docs}\n\n{note}")
        };
    }
    doc_attrs(&docs, &format!("The `{}` member.", m.member_name))
}

/// The type of the field: `Option` unless required, `Box` to break recursion.
fn field_type(root: &TokenStream, m: &Member) -> TokenStream {
    let mut ty = type_tokens(root, &m.ty);
    if m.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if m.required {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

fn structure(root: &TokenStream, s: &Structure) -> TokenStream {
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
        let wire = &m.wire_name;
        let ty = field_type(root, m);
        let docs = member_docs(m);
        let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
        let aliases = &m.wire_aliases;
        let alias = quote!(#(#[serde(alias = #aliases)])*);
        let format = match m.wire_format {
            WireFormat::Plain | WireFormat::Timestamps(TimestampFormat::EpochSeconds) => None,
            WireFormat::Timestamps(TimestampFormat::DateTime) => {
                Some(quote!(#[serde(serialize_with = "crate::runtime::datetime::as_date_time")]))
            }
            WireFormat::Timestamps(TimestampFormat::HttpDate) => {
                Some(quote!(#[serde(serialize_with = "crate::runtime::datetime::as_http_date")]))
            }
            WireFormat::Floats => Some(quote!(#[serde(with = "crate::runtime::float")])),
        };
        let serde = if m.required {
            quote!(#[serde(rename = #wire)] #format #alias)
        } else {
            quote!(#[serde(rename = #wire, default, skip_serializing_if = "::std::option::Option::is_none")] #format #alias)
        };
        quote! { #docs #deprecated #serde pub #field: #ty, }
    });
    let getters = s.members.iter().map(|m| getter(root, m));
    let debug = redacts.then(|| debug_impl(s));
    let error = matches!(s.kind, StructureKind::Error { .. }).then(|| error_impl(s));
    let allow_deprecated = super::allow_deprecated(&s.members);
    quote! {
        #docs
        #deprecated
        #[derive(#(#derives),*, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #allow_deprecated
        impl #name {
            /// A builder for this type.
            pub fn builder() -> #root::types::builders::#builder {
                ::std::default::Default::default()
            }
            #(#getters)*
        }

        #debug
        #error
    }
}

fn getter(root: &TokenStream, m: &Member) -> TokenStream {
    let field = ident(&m.field_name);
    let getter = ident(&m.getter_name);
    let docs = member_docs(m);
    let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
    let ty = type_tokens(root, &m.ty);
    let (ret, body) = match (&m.ty, m.required) {
        (Type::String, false) => (
            quote!(::std::option::Option<&str>),
            quote!(self.#field.as_deref()),
        ),
        (Type::String, true) => (quote!(&str), quote!(&self.#field)),
        (Type::List(element), false) => {
            let element = type_tokens(root, element);
            (
                quote!(&[#element]),
                quote!(self.#field.as_deref().unwrap_or_default()),
            )
        }
        (Type::List(element), true) => {
            let element = type_tokens(root, element);
            (quote!(&[#element]), quote!(&self.#field))
        }
        (t, false) if is_copy(t) => (quote!(::std::option::Option<#ty>), quote!(self.#field)),
        (t, true) if is_copy(t) => (quote!(#ty), quote!(self.#field)),
        (_, false) if m.boxed => (
            quote!(::std::option::Option<&#ty>),
            quote!(self.#field.as_deref()),
        ),
        (_, false) => (
            quote!(::std::option::Option<&#ty>),
            quote!(self.#field.as_ref()),
        ),
        (_, true) => (quote!(&#ty), quote!(&self.#field)),
    };
    quote! {
        #docs
        #deprecated
        pub fn #getter(&self) -> #ret {
            #body
        }
    }
}

fn debug_impl(s: &Structure) -> TokenStream {
    let name = ident(&s.rust_name);
    let label = &s.rust_name;
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.field_name);
        let label = &m.label;
        if s.sensitive || m.sensitive {
            quote!(.field(#label, &crate::runtime::redact::Redacted))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let allow = super::allow_deprecated(&s.members);
    quote! {
        #allow
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

/// `Display` and `std::error::Error` for error shapes: the code, then the message if any.
fn error_impl(s: &Structure) -> TokenStream {
    let name = ident(&s.rust_name);
    let StructureKind::Error { code, .. } = &s.kind else {
        return TokenStream::new();
    };
    let message = s.message_member.map(|i| &s.members[i]);
    let write_message = match message {
        Some(m) if m.required => {
            let field = ident(&m.field_name);
            quote!(write!(f, ": {}", self.#field)?;)
        }
        Some(m) => {
            let field = ident(&m.field_name);
            quote! {
                if let ::std::option::Option::Some(message) = &self.#field {
                    write!(f, ": {message}")?;
                }
            }
        }
        None => TokenStream::new(),
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                #write_message
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #name {}
    }
}

fn union(root: &TokenStream, s: &Structure) -> TokenStream {
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
                quote!(&crate::runtime::datetime::Formatted(value, crate::runtime::datetime::Format::#format))
            }
            WireFormat::Floats => quote!(&crate::runtime::float::Write(value)),
        };
        quote!(Self::#variant(value) => crate::runtime::union::serialize_entry(serializer, #wire, #value),)
    });
    let deserialize_arms = s.members.iter().map(|m| {
        let variant = ident(&m.variant_name);
        let wire = &m.wire_name;
        let read = match m.wire_format {
            WireFormat::Floats => quote!(crate::runtime::float::from_value),
            _ => quote!(crate::runtime::union::variant),
        };
        quote!(#wire => #read(value).map(Self::#variant),)
    });
    let debug = if s.sensitive || s.members.iter().any(|m| m.sensitive) {
        let arms = s.members.iter().map(|m| {
            let variant = ident(&m.variant_name);
            // Variant names are never raw identifiers: keywords are lower case.
            let label = &m.variant_name;
            if s.sensitive || m.sensitive {
                quote!(Self::#variant(_) => f.debug_tuple(#label).field(&crate::runtime::redact::Redacted).finish(),)
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

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let (key, value) = crate::runtime::union::single_entry(deserializer, #label)?;
                match key.as_str() {
                    #(#deserialize_arms)*
                    _ => ::std::result::Result::Ok(Self::Unknown(key)),
                }
            }
        }

        #debug
    }
}

fn builder(root: &TokenStream, s: &Structure) -> TokenStream {
    let name = ident(&s.rust_name);
    let builder = ident(&s.builder_name);
    // Doc links stay crate-relative: the docs of a bundle's modules are not built.
    let type_link = format!(" A builder for [`{0}`](crate::types::{0}).", s.rust_name);
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.field_name);
        let ty = type_tokens(root, &m.ty);
        quote!(#field: ::std::option::Option<#ty>,)
    });
    let setters = s.members.iter().map(|m| setter(root, m));
    let required: Vec<&Member> = s.members.iter().filter(|m| m.required).collect();
    let init = s.members.iter().map(|m| {
        let field = ident(&m.field_name);
        match (m.required, m.boxed) {
            (true, true) => quote!(#field: ::std::boxed::Box::new(#field),),
            (true, false) => quote!(#field,),
            (false, true) => quote!(#field: self.#field.map(::std::boxed::Box::new),),
            (false, false) => quote!(#field: self.#field,),
        }
    });
    let label = &s.rust_name;
    let check = if required.is_empty() {
        TokenStream::new()
    } else {
        let checks = required.iter().map(|m| {
            let field = ident(&m.field_name);
            let label = &m.label;
            quote!((#label, self.#field.is_none()),)
        });
        let names: Vec<_> = required.iter().map(|m| ident(&m.field_name)).collect();
        quote! {
            let missing = [#(#checks)*];
            let (#(::std::option::Option::Some(#names),)*) = (#(self.#names,)*) else {
                return ::std::result::Result::Err(#root::error::BuildError::missing(#label, &missing));
            };
        }
    };
    let redacts = s.sensitive || s.members.iter().any(|m| m.sensitive);
    let debug = if redacts {
        let entries = s.members.iter().map(|m| {
            let field = ident(&m.field_name);
            let label = &m.label;
            if s.sensitive || m.sensitive {
                quote!(.field(#label, &crate::runtime::redact::Redacted))
            } else {
                quote!(.field(#label, &self.#field))
            }
        });
        let label = &s.builder_name;
        quote! {
            impl ::std::fmt::Debug for #builder {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* .finish()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    // Idempotency tokens the caller did not set are filled in, as botocore does, so a
    // retried request carries the same token and the service can deduplicate it.
    let fill_tokens: Vec<TokenStream> = s
        .members
        .iter()
        .filter(|m| m.idempotency_token && m.ty == Type::String)
        .map(|m| {
            let field = ident(&m.field_name);
            quote! {
                if self.#field.is_none() {
                    self.#field = ::std::option::Option::Some(crate::runtime::token::idempotency_token());
                }
            }
        })
        .collect();
    let receiver = if fill_tokens.is_empty() {
        quote!(self)
    } else {
        quote!(mut self)
    };
    let derive_debug = (!redacts).then(|| quote!(Debug,));
    let allow = super::allow_deprecated(&s.members);
    // Operation inputs can go back to a builder, so a fluent builder can start from one.
    let from_value = s.input_of.is_some().then(|| {
        let param = if s.members.is_empty() {
            format_ident!("_value")
        } else {
            format_ident!("value")
        };
        let fields = s.members.iter().map(|m| {
            let field = ident(&m.field_name);
            match (m.required, m.boxed) {
                (true, false) => quote!(#field: ::std::option::Option::Some(value.#field),),
                (true, true) => quote!(#field: ::std::option::Option::Some(*value.#field),),
                (false, false) => quote!(#field: value.#field,),
                (false, true) => quote!(#field: value.#field.map(|v| *v),),
            }
        });
        quote! {
            #allow
            impl ::std::convert::From<#root::types::#name> for #builder {
                fn from(#param: #root::types::#name) -> Self {
                    #builder { #(#fields)* }
                }
            }
        }
    });
    quote! {
        #from_value

        #[doc = #type_link]
        #[derive(Clone, Default, PartialEq, #derive_debug)]
        pub struct #builder {
            #(#fields)*
        }

        #allow
        impl #builder {
            #(#setters)*

            /// Builds the value; fails naming every required field that is not set.
            pub fn build(#receiver) -> ::std::result::Result<#root::types::#name, #root::error::BuildError> {
                #(#fill_tokens)*
                #check
                ::std::result::Result::Ok(#root::types::#name { #(#init)* })
            }
        }

        #debug
    }
}

/// The parameters of a member's setter and the arguments that pass them on: one item for
/// lists, a key and a value for maps, else the value.
pub(super) fn setter_params(root: &TokenStream, m: &Member) -> (TokenStream, TokenStream) {
    match &m.ty {
        Type::List(element) => {
            let element = type_tokens(root, element);
            (
                quote!(item: impl ::std::convert::Into<#element>),
                quote!(item),
            )
        }
        Type::Map(key, value) => {
            let key = type_tokens(root, key);
            let value = type_tokens(root, value);
            (
                quote!(key: impl ::std::convert::Into<#key>, value: impl ::std::convert::Into<#value>),
                quote!(key, value),
            )
        }
        ty => {
            let ty = type_tokens(root, ty);
            (quote!(value: impl ::std::convert::Into<#ty>), quote!(value))
        }
    }
}

fn setter(root: &TokenStream, m: &Member) -> TokenStream {
    let field = ident(&m.field_name);
    let setter = ident(&m.setter_name);
    let set = ident(&m.set_name);
    let ty = type_tokens(root, &m.ty);
    let docs = member_docs(m);
    let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
    let set_doc = format!(" Sets or clears `{}`.", m.label);
    let (params, _) = setter_params(root, m);
    let (note, body) = match &m.ty {
        Type::List(_) => (
            Some(" Appends one item; call repeatedly to add more."),
            quote!(self.#field.get_or_insert_with(::std::vec::Vec::new).push(item.into());),
        ),
        Type::Map(..) => (
            Some(" Inserts one entry; call repeatedly to add more."),
            quote!(self.#field.get_or_insert_with(::std::collections::HashMap::new).insert(key.into(), value.into());),
        ),
        _ => (
            None,
            quote!(self.#field = ::std::option::Option::Some(value.into());),
        ),
    };
    let note = note.map(|n| quote!(#[doc = ""] #[doc = #n]));
    let add = quote! {
        #docs
        #note
        #deprecated
        pub fn #setter(mut self, #params) -> Self {
            #body
            self
        }
    };
    quote! {
        #add
        #[doc = #set_doc]
        #deprecated
        pub fn #set(mut self, value: ::std::option::Option<#ty>) -> Self {
            self.#field = value;
            self
        }
    }
}
