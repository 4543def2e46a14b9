//! Emits open enums: known values and `Unknown(String)`; `as_str`, `FromStr`, `values()`,
//! ordering by wire value and serde come from the runtime's `open_enum!`.

use super::runtime_symbols::*;
use super::{doc_attrs, ident, Std};
use crate::ir::{Enum, Service};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/types/enums.rs`: every enum of the model.
pub fn emit(service: &Service) -> TokenStream {
    // Types are defined here, so a model type named like a prelude item would shadow it.
    let std = Std::for_types(service);
    let items = service
        .enums
        .iter()
        .enumerate()
        .filter(|(i, _)| service.holds_enum(*i))
        .map(|(_, e)| open_enum(e, &std));
    quote! {
        //! Enums of the model; each keeps values it does not know in `Unknown`.
        #(#items)*
    }
}

fn open_enum(e: &Enum, std: &Std) -> TokenStream {
    let name = ident(&e.rust_name);
    let mut docs = e.docs.clone();
    if e.rust_name != e.wire_name {
        docs.push_str(&format!("\n\nShape `{}` in the model.", e.wire_name));
    }
    let docs = doc_attrs(&docs, &format!("The `{}` enum of the model.", e.wire_name));
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = format!(" `{}`", v.wire_name);
        quote!(#[doc = #doc] #variant,)
    });
    let entries = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_name;
        quote!(#variant = #wire,)
    });
    let (derive_debug, debug) = if e.sensitive {
        (None, Some(quote!(#RUNTIME::redacted_debug!(#name);)))
    } else {
        (Some(quote!(Debug,)), None)
    };
    let string = &std.string;
    quote! {
        #docs
        #[derive(Clone, PartialEq, Eq, Hash, #derive_debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as sent.
            Unknown(#string),
        }
        #RUNTIME::open_enum!(#name { #(#entries)* });
        #debug
    }
}
