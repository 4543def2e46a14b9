//! Emits a builder per structure; an operation input's builder is generic over what it is
//! bound to, so bound to a client it is the operation's fluent builder.

use super::runtime_symbols::*;
use super::{ident, Std};
use crate::ir::symbols::SHARED_BUILDER;
use crate::ir::{DefaultValue, Member, Service, Structure, StructureKind, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/types/builders.rs`: a builder for every structure and error.
pub fn emit_builders(service: &Service) -> TokenStream {
    let std = Std::short(service);
    let items = super::structures::held_structures(service)
        .filter(|s| s.kind != StructureKind::Union)
        .map(|s| {
            if s.builder_holds_value() {
                value_builder(s, &std)
            } else {
                builder(s, &std, service.protocol.client.is_some())
            }
        });
    // A split service's crates each have their own (setters are inherent methods), which
    // also hides the ones the re-exports of the other crates' builders bring.
    let shared = (service.split.is_some()
        || super::structures::held_structures(service).any(|s| s.builder_holds_value()))
    .then(|| {
        let shared = ident(SHARED_BUILDER);
        quote! {
            /// The builder of every structure whose members are all optional: it holds the
            /// structure, which its setters fill in (each such structure's builder is
            /// this type by another name, such as `XBuilder`).
            #[derive(Clone, Default, PartialEq, Debug)]
            pub struct #shared<T>(T);
        }
    });
    let reexports = super::crate_files::part_reexports(service, quote!(types::builders));
    quote! {
        //! Builders for the structures of the model; `build()` checks required members. An
        //! operation input's builder bound to a client (`XBuilder<Call<X>>`, what the
        //! client's methods return) also sends the request.
        #shared
        #(#items)*
        #reexports
    }
}

/// The builder of a structure whose members are all optional: the shared generic builder
/// by the structure's builder name, with the structure's setters.
fn value_builder(s: &Structure, std: &Std) -> TokenStream {
    let root = &std.root;
    let types_mod = &root.types;
    let error_mod = &root.error;
    let name = ident(&s.rust_name);
    let builder = ident(&s.builder_name);
    let shared = ident(SHARED_BUILDER);
    let doc = format!(" A builder for [`{0}`](super::{0}).", s.rust_name);
    let setters = s.members.iter().map(|m| setters(s, m, std, true));
    quote! {
        #[doc = #doc]
        pub type #builder = #shared<#types_mod::#name>;

        impl #shared<#types_mod::#name> {
            #(#setters)*
            /// Builds the value (every member is optional, so it never fails).
            #[inline]
            pub fn build(self) -> Result<#types_mod::#name, #error_mod::BuildError> {
                Ok(self.0)
            }
        }
    }
}

/// The parameters of a member's setter: one item for lists, a key and a value for maps,
/// else the value. Strings and bytes take anything that converts (`&str`, `Vec<u8>`);
/// other values take their own type, as the official SDK's setters do, which keeps the
/// setter out of generics (a generic body is checked again for every caller's type
/// environment, which costs about 8% of a large service crate's debug build).
fn setter_params(m: &Member, std: &Std) -> TokenStream {
    let param = |name: TokenStream, ty: &Type| {
        let rust = std.ty(ty);
        if converts(ty) {
            let into = &std.into;
            quote!(#name: impl #into<#rust>)
        } else {
            quote!(#name: #rust)
        }
    };
    match &m.ty {
        Type::List(element) => param(quote!(item), element),
        Type::Map(key, value) => {
            let key = param(quote!(key), key);
            let value = param(quote!(value), value);
            quote!(#key, #value)
        }
        ty => param(quote!(value), ty),
    }
}

/// Whether a setter takes a value of `ty` as anything that converts into it.
fn converts(ty: &Type) -> bool {
    match ty {
        Type::String | Type::Blob | Type::StreamingBlob => true,
        // A sparse list's item or map's value: a value or `None`.
        Type::Nullable(inner) => converts(inner),
        _ => false,
    }
}

/// `name`, converted into its member's type when the setter takes anything that converts.
fn converted(name: TokenStream, ty: &Type) -> TokenStream {
    if converts(ty) {
        quote!(#name.into())
    } else {
        name
    }
}

/// Whether a member's setter (the one taking a value rather than an `Option`) is generic.
fn setter_is_generic(m: &Member) -> bool {
    match &m.ty {
        Type::List(element) => converts(element),
        Type::Map(key, value) => converts(key) || converts(value),
        ty => converts(ty),
    }
}

/// A member's two setters. The shared builder (`holds_value`) sets the structure's own
/// fields, boxed where the structure boxes them; a builder of its own, its fields.
fn setters(s: &Structure, m: &Member, std: &Std, holds_value: bool) -> TokenStream {
    let field = ident(&m.field_name);
    let holder = if holds_value {
        quote!(self.0)
    } else {
        quote!(self)
    };
    let boxed = m.boxed && holds_value;
    let box_ty = &std.boxed;
    let set = ident(&m.set_name);
    let ty = std.ty(&m.ty);
    let option = &std.option;
    let link = format!(
        " Sets [`{0}`](super::{1}#structfield.{0}).",
        m.label, s.rust_name
    );
    let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
    let params = setter_params(m, std);
    let inline = inline_unless_generic(s, holds_value);
    let add_inline = if setter_is_generic(m) {
        None
    } else {
        inline.clone()
    };
    let (note, body) = match &m.ty {
        Type::List(element) => {
            let item = converted(quote!(item), element);
            (
                " Appends one item; call repeatedly to add more.",
                quote!(#holder.#field.get_or_insert_with(Default::default).push(#item);),
            )
        }
        Type::Map(key_ty, value_ty) => {
            let key = converted(quote!(key), key_ty);
            let value = converted(quote!(value), value_ty);
            (
                " Inserts one entry; call repeatedly to add more.",
                quote!(#holder.#field.get_or_insert_with(Default::default).insert(#key, #value);),
            )
        }
        ty => {
            let value = converted(quote!(value), ty);
            let value = if boxed {
                quote!(#box_ty::new(#value))
            } else {
                value
            };
            ("", quote!(#holder.#field = Some(#value);))
        }
    };
    let add_doc = format!("{link}{note}");
    let set_value = if boxed {
        quote!(value.map(#box_ty::new))
    } else {
        quote!(value)
    };
    quote! {
        #[doc = #add_doc]
        #deprecated
        #add_inline
        pub fn #field(mut self, #params) -> Self {
            #body
            self
        }
        #[doc = #link]
        #deprecated
        #inline
        pub fn #set(mut self, value: #option<#ty>) -> Self {
            #holder.#field = #set_value;
            self
        }
    }
}

/// `#[inline]` for a method of a builder that is not generic: every builder but an input's
/// own, which is generic over what it is bound to. It keeps the method, as generic ones are
/// kept, out of the crate's own object code until a program calls it.
fn inline_unless_generic(s: &Structure, holds_value: bool) -> Option<TokenStream> {
    (holds_value || s.input_of.is_none()).then(|| quote!(#[inline]))
}

fn builder(s: &Structure, std: &Std, client: bool) -> TokenStream {
    let root = &std.root;
    let types_mod = &root.types;
    let error_mod = &root.error;
    let name = ident(&s.rust_name);
    let builder = ident(&s.builder_name);
    let input = s.input_of.is_some();
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.field_name);
        let ty = std.ty(&m.ty);
        quote!(#field: Option<#ty>,)
    });
    let setters = s.members.iter().map(|m| setters(s, m, std, false));
    // Members with a default are never missing.
    let required: Vec<&Member> = s
        .members
        .iter()
        .filter(|m| m.required && m.default.is_none())
        .collect();
    let init = s.members.iter().map(|m| {
        let field = ident(&m.field_name);
        if let Some(default) = super::defaults::default_expr(root, m) {
            // A literal is cheap enough to build eagerly; anything else only when needed.
            let literal = matches!(
                m.default,
                Some(DefaultValue::Bool(_) | DefaultValue::Integer(_) | DefaultValue::Float(_))
            );
            let value = match (m.boxed, literal) {
                (true, _) => quote!(self.#field.map_or_else(|| #default, Box::new)),
                (false, true) => quote!(self.#field.unwrap_or(#default)),
                (false, false) => quote!(self.#field.unwrap_or_else(|| #default)),
            };
            return quote!(#field: #value,);
        }
        match (m.required, m.boxed) {
            (true, true) => quote!(#field: Box::new(#field),),
            (true, false) => quote!(#field,),
            (false, true) => quote!(#field: self.#field.map(Box::new),),
            (false, false) => quote!(#field: self.#field,),
        }
    });
    let label = &s.rust_name;
    let check = (!required.is_empty()).then(|| {
        let checks = required.iter().map(|m| {
            let field = ident(&m.field_name);
            let label = &m.label;
            quote!((#label, self.#field.is_none()),)
        });
        let names: Vec<_> = required.iter().map(|m| ident(&m.field_name)).collect();
        quote! {
            let missing = [#(#checks)*];
            let (#(Some(#names),)*) = (#(self.#names,)*) else {
                return Err(#error_mod::BuildError::missing(#label, &missing));
            };
        }
    });
    let redacts = s.sensitive || s.members.iter().any(|m| m.sensitive);
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
                    self.#field = Some(#TOKEN::idempotency_token());
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
    let inline = inline_unless_generic(s, false);
    let build = quote! {
        /// Builds the value; fails naming every required field that is not set.
        #inline
        pub fn build(#receiver) -> Result<#types_mod::#name, #error_mod::BuildError> {
            #(#fill_tokens)*
            #check
            Ok(#types_mod::#name { #(#init)* })
        }
    };
    if !input {
        let doc = format!(" A builder for [`{0}`](super::{0}).", s.rust_name);
        let debug =
            redacts.then(|| super::structures::debug_impl(s, &s.builder_name, &builder, false));
        return quote! {
            #[doc = #doc]
            #[derive(Clone, Default, PartialEq, #derive_debug)]
            pub struct #builder {
                #(#fields)*
            }

            impl #builder {
                #(#setters)*
                #build
            }

            #debug
        };
    }
    // An operation input's builder carries what it is bound to: nothing, a client's call,
    // or a waiter; `new` binds a fresh one, `with_input` starts from a prebuilt input.
    let doc = format!(
        " A builder for [`{0}`](super::{0}); bound to a client (what the client's method returns) it also sends the request.",
        s.rust_name
    );
    let unset = s.members.iter().map(|m| {
        let field = ident(&m.field_name);
        quote!(#field: None,)
    });
    let from_value = s.members.iter().map(|m| {
        let field = ident(&m.field_name);
        match (m.required, m.boxed) {
            (true, false) => quote!(#field: Some(input.#field),),
            (true, true) => quote!(#field: Some(*input.#field),),
            (false, false) => quote!(#field: input.#field,),
            (false, true) => quote!(#field: input.#field.map(|v| *v),),
        }
    });
    let input_param = if s.members.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    let debug = redacts.then(|| super::structures::debug_impl(s, &s.builder_name, &builder, true));
    let new = client.then(|| {
        quote! {
            #[cfg(feature = "client")]
            pub(crate) fn new(call: C) -> Self {
                Self { #(#unset)* call }
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Default, PartialEq, #derive_debug)]
        pub struct #builder<C = ()> {
            #(#fields)*
            pub(crate) call: C,
        }

        impl<C> #builder<C> {
            #new
            #(#setters)*
            /// Starts from a prebuilt input; setters called afterwards change it.
            pub fn with_input(self, #input_param: #types_mod::#name) -> Self {
                Self { #(#from_value)* call: self.call }
            }
            #build
        }

        #debug
    }
}
