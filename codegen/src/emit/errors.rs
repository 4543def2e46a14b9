//! Emits `src/error.rs`: the build error, and with a client the call errors, one enum per
//! operation with its modeled errors, and the service-wide `Error`.

use super::{display_variants, doc_attrs, ident};
use crate::ir::docs::first_sentence;
use crate::ir::{names, Operation, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `src/error.rs`.
pub fn emit(service: &Service) -> TokenStream {
    if service.protocol.client.is_none() {
        return quote! {
            //! Errors that are not the service's: a value that cannot be built.
            pub use crate::runtime::build_error::BuildError;
        };
    }
    let operations = service
        .operations
        .iter()
        .map(|op| operation_error(service, op));
    let service_error = service_error(service);
    quote! {
        //! Errors: of building a value, of a call ([`SdkError`]), one enum per operation with
        //! its modeled errors, and the service-wide [`Error`].
        pub use crate::runtime::build_error::BuildError;
        pub use crate::runtime::sdk_error::{ErrorMeta, OperationError, SdkError, SdkErrorKind, Unhandled};
        pub use crate::runtime::transport::{TransportError, TransportErrorKind};
        #service_error
        #(#operations)*
    }
}

fn error_enum_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Error", names::type_name(&op.wire_name))
}

fn operation_error(service: &Service, op: &Operation) -> TokenStream {
    let name = error_enum_name(op);
    let doc = format!(" The errors `{}` can return.", op.wire_name);
    let variants = op.errors.iter().map(|e| {
        let variant = ident(e);
        let doc = service
            .structures
            .iter()
            .find(|s| &s.rust_name == e)
            .map(|s| first_sentence(&s.docs))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| format!("The `{e}` error."));
        let doc = format!(" {doc}");
        quote!(#[doc = #doc] #variant(crate::types::#variant),)
    });
    let predicates = op.errors.iter().map(|e| {
        let variant = ident(e);
        let method = format_ident!("is_{}", names::bare(&names::fn_name(e)));
        let doc = format!(" Whether this is a `{e}`.");
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> bool {
                ::std::matches!(self, Self::#variant(_))
            }
        }
    });
    let display = display_variants(&op.errors.iter().map(|e| ident(e)).collect::<Vec<_>>());
    let parse_arms = service_error_codes(service, &op.errors).into_iter().map(|(code, e)| {
        let variant = ident(&e);
        quote! {
            #code => match ::serde_json::from_slice(body) {
                ::std::result::Result::Ok(e) => Self::#variant(e),
                ::std::result::Result::Err(_) => Self::Unhandled(crate::error::Unhandled::new(meta.clone())),
            },
        }
    });
    let into_service = op.errors.iter().map(|e| {
        let variant = ident(e);
        quote!(#name::#variant(e) => Self::#variant(e),)
    });
    // With no modeled errors the enum has one variant; a one-arm `match` would draw lints.
    let (parse, into_service) = if op.errors.is_empty() {
        (
            quote!(let _ = body; Self::Unhandled(crate::error::Unhandled::new(meta.clone()))),
            quote!(let #name::Unhandled(e) = error; Self::Unhandled(e)),
        )
    } else {
        (
            quote! {
                match meta.code.as_deref().unwrap_or_default() {
                    #(#parse_arms)*
                    _ => Self::Unhandled(crate::error::Unhandled::new(meta.clone())),
                }
            },
            quote! {
                match error {
                    #(#into_service)*
                    #name::Unhandled(e) => Self::Unhandled(e),
                }
            },
        )
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not list for this operation.
            Unhandled(crate::error::Unhandled),
        }

        impl #name {
            #(#predicates)*
            /// Whether this is an error the model does not list for this operation.
            pub fn is_unhandled(&self) -> bool {
                ::std::matches!(self, Self::Unhandled(_))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl ::std::error::Error for #name {}

        impl crate::error::OperationError for #name {
            fn from_response(meta: &crate::error::ErrorMeta, body: &[u8]) -> Self {
                #parse
            }
        }

        impl ::std::convert::From<#name> for crate::error::Error {
            fn from(error: #name) -> Self {
                #into_service
            }
        }
    }
}

/// The wire code of each error, with its Rust name.
fn service_error_codes(service: &Service, errors: &[String]) -> Vec<(String, String)> {
    errors
        .iter()
        .filter_map(|e| {
            let s = service.structures.iter().find(|s| &s.rust_name == e)?;
            match &s.kind {
                crate::ir::StructureKind::Error { code, .. } => Some((code.clone(), e.clone())),
                _ => Some((s.wire_name.clone(), e.clone())),
            }
        })
        .collect()
}

fn service_error(service: &Service) -> TokenStream {
    let errors: Vec<_> = service
        .structures
        .iter()
        .filter(|s| matches!(s.kind, crate::ir::StructureKind::Error { .. }))
        .collect();
    let variants = errors.iter().map(|s| {
        let variant = ident(&s.rust_name);
        let docs = doc_attrs(
            &first_sentence(&s.docs),
            &format!("The `{}` error.", s.wire_name),
        );
        quote!(#docs #variant(crate::types::#variant),)
    });
    let display = display_variants(
        &errors
            .iter()
            .map(|s| ident(&s.rust_name))
            .collect::<Vec<_>>(),
    );
    quote! {
        /// Every error the service models, for code that handles errors of many operations.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            #(#variants)*
            /// An error the model does not describe, or a failure that is not the service's.
            Unhandled(crate::error::Unhandled),
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl ::std::error::Error for Error {}

        impl<E: ::std::convert::Into<Error> + ::std::fmt::Display> ::std::convert::From<crate::error::SdkError<E>> for Error {
            fn from(error: crate::error::SdkError<E>) -> Self {
                let text = ::std::string::ToString::to_string(&error);
                let meta = error.meta().cloned();
                match error.into_service_error() {
                    ::std::option::Option::Some(e) => e.into(),
                    ::std::option::Option::None => Self::Unhandled(crate::error::Unhandled::new(crate::error::ErrorMeta {
                        message: ::std::option::Option::Some(text),
                        ..meta.unwrap_or_default()
                    })),
                }
            }
        }
    }
}
