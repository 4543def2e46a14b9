//! Emits `src/error.rs`: the build error, and with a client one enum per operation with its
//! modeled errors and the service-wide `Error`, their impls from the runtime's macros.

use super::runtime_symbols::*;
use super::{doc_attrs, ident};
use crate::ir::{Operation, Service, Structure, StructureKind};
use crate::lang::docs::first_sentence;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/error.rs`.
pub fn emit(service: &Service) -> TokenStream {
    // A part of a split service holds no operation: its errors live in the service's crate.
    if service.protocol.client.is_none() || service.part.is_some() {
        return quote! {
            //! Errors that are not the service's: a value that cannot be built.
            pub use #BUILD_ERROR::BuildError;
        };
    }
    let operations = service
        .operations
        .iter()
        .map(|op| operation_error(service, op));
    let service_error = service_error(service);
    let binders = super::http::error_binders(service);
    quote! {
        //! Errors: of building a value, of a call (`SdkError`), one enum per operation with
        //! its modeled errors, and the service-wide `Error` (the last three with the
        //! `client` feature).
        pub use #BUILD_ERROR::BuildError;
        #[cfg(feature = "client")]
        pub use #SDK_ERROR::{ErrorMeta, OperationError, SdkError, SdkErrorKind, Unhandled};
        #[cfg(feature = "client")]
        pub use #TRANSPORT::{TransportError, TransportErrorKind};
        #service_error
        #binders
        #(#operations)*
    }
}

/// The first sentence of an error shape's docs, for its variant.
fn variant_doc(s: &Structure) -> String {
    let doc = Some(first_sentence(&s.docs))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| format!("The `{}` error.", s.wire_name));
    format!(" {doc}")
}

/// The code that names an error on the wire.
fn error_code(s: &Structure) -> &str {
    match &s.kind {
        StructureKind::Error { code, .. } => code,
        _ => &s.wire_name,
    }
}

fn operation_error(service: &Service, op: &Operation) -> TokenStream {
    let root = super::root(service);
    let types_mod = &root.types;
    let error_mod = &root.error;
    let name = ident(&op.error_name);
    let doc = format!(" The errors `{}` can return.", op.wire_name);
    let variants = op.errors.iter().map(|e| {
        let variant = ident(&e.variant_name);
        let doc = variant_doc(service.structure(e.structure));
        quote!(#[doc = #doc] #variant(#types_mod::#variant),)
    });
    let entries = op.errors.iter().map(|e| {
        let variant = ident(&e.variant_name);
        let is = ident(&e.predicate_name);
        let error = service.structure(e.structure);
        let code = error_code(error);
        let bind = error.http_binder.as_ref().map(|binder| {
            let binder = ident(binder);
            quote!(bind #error_mod::#binder)
        });
        quote!(#variant #is #code #bind,)
    });
    // Marks an operation whose unreadable responses are never quoted.
    let sensitive = op.sensitive_response.then(|| quote!(sensitive));
    quote! {
        #[doc = #doc]
        #[cfg(feature = "client")]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not list for this operation.
            Unhandled(#error_mod::Unhandled),
        }
        #[cfg(feature = "client")]
        #RUNTIME::operation_error!(#sensitive #name => #error_mod::Error { #(#entries)* });
    }
}

fn service_error(service: &Service) -> TokenStream {
    let root = super::root(service);
    let types_mod = &root.types;
    let error_mod = &root.error;
    let errors: Vec<_> = service
        .structures
        .iter()
        .filter(|s| matches!(s.kind, StructureKind::Error { .. }))
        .collect();
    let variants = errors.iter().map(|s| {
        let variant = ident(&s.rust_name);
        let docs = doc_attrs(
            &first_sentence(&s.docs),
            &format!("The `{}` error.", s.wire_name),
        );
        quote!(#docs #variant(#types_mod::#variant),)
    });
    let names = errors.iter().map(|s| ident(&s.rust_name));
    quote! {
        /// Every error the service models, for code that handles errors of many operations.
        #[cfg(feature = "client")]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            #(#variants)*
            /// An error the model does not describe, or a failure that is not the service's.
            Unhandled(#error_mod::Unhandled),
        }
        #[cfg(feature = "client")]
        #RUNTIME::service_error!(Error { #(#names)* });
    }
}
