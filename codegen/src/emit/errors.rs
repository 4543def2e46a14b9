//! Emits `src/error.rs`: the build error, and with a client the call errors, one enum per
//! operation with its modeled errors, and the service-wide `Error`.

use super::{display_variants, doc_attrs, ident};
use crate::ir::docs::first_sentence;
use crate::ir::{Operation, Service, StructureKind};
use proc_macro2::TokenStream;
use quote::quote;

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

fn operation_error(service: &Service, op: &Operation) -> TokenStream {
    let root = super::root(service);
    let name = ident(&op.error_name);
    let doc = format!(" The errors `{}` can return.", op.wire_name);
    let variants = op.errors.iter().map(|e| {
        let structure = service.structure(e.structure);
        let variant = ident(&e.variant_name);
        let ty = ident(&structure.rust_name);
        let doc = Some(first_sentence(&structure.docs))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| format!("The `{}` error.", structure.rust_name));
        let doc = format!(" {doc}");
        quote!(#[doc = #doc] #variant(#root::types::#ty),)
    });
    let predicates = op.errors.iter().map(|e| {
        let variant = ident(&e.variant_name);
        let method = ident(&e.predicate_name);
        let doc = format!(
            " Whether this is a `{}`.",
            service.structure(e.structure).rust_name
        );
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> bool {
                ::std::matches!(self, Self::#variant(_))
            }
        }
    });
    let display = display_variants(
        &op.errors
            .iter()
            .map(|e| ident(&e.variant_name))
            .collect::<Vec<_>>(),
    );
    let parse_arms = op.errors.iter().map(|e| {
        let variant = ident(&e.variant_name);
        let structure = service.structure(e.structure);
        let code = match &structure.kind {
            StructureKind::Error { code, .. } => code,
            _ => &structure.wire_name,
        };
        quote! {
            #code => match ::serde_json::from_slice(body) {
                ::std::result::Result::Ok(e) => Self::#variant(e),
                ::std::result::Result::Err(_) => Self::Unhandled(#root::error::Unhandled::new(meta.clone())),
            },
        }
    });
    // The service-wide enum names each error after its structure.
    let into_service = op.errors.iter().map(|e| {
        let variant = ident(&e.variant_name);
        let service_variant = ident(&service.structure(e.structure).rust_name);
        quote!(#name::#variant(e) => Self::#service_variant(e),)
    });
    // With no modeled errors the enum has one variant; a one-arm `match` would draw lints.
    let (parse, into_service) = if op.errors.is_empty() {
        (
            quote!(let _ = body; Self::Unhandled(#root::error::Unhandled::new(meta.clone()))),
            quote!(let #name::Unhandled(e) = error; Self::Unhandled(e)),
        )
    } else {
        (
            quote! {
                match meta.code.as_deref().unwrap_or_default() {
                    #(#parse_arms)*
                    _ => Self::Unhandled(#root::error::Unhandled::new(meta.clone())),
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
            Unhandled(#root::error::Unhandled),
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

        impl #root::error::OperationError for #name {
            fn from_response(meta: &#root::error::ErrorMeta, body: &[u8]) -> Self {
                #parse
            }
        }

        impl ::std::convert::From<#name> for #root::error::Error {
            fn from(error: #name) -> Self {
                #into_service
            }
        }
    }
}

fn service_error(service: &Service) -> TokenStream {
    let root = super::root(service);
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
        quote!(#docs #variant(#root::types::#variant),)
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
            Unhandled(#root::error::Unhandled),
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl ::std::error::Error for Error {}

        impl<E: ::std::convert::Into<Error> + ::std::fmt::Display> ::std::convert::From<#root::error::SdkError<E>> for Error {
            fn from(error: #root::error::SdkError<E>) -> Self {
                let text = ::std::string::ToString::to_string(&error);
                let meta = error.meta().cloned();
                match error.into_service_error() {
                    ::std::option::Option::Some(e) => e.into(),
                    ::std::option::Option::None => Self::Unhandled(#root::error::Unhandled::new(#root::error::ErrorMeta {
                        message: ::std::option::Option::Some(text),
                        ..meta.unwrap_or_default()
                    })),
                }
            }
        }
    }
}
