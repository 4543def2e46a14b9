//! Emits open enums: known values, `Unknown(String)`, `as_str`, `FromStr`, `values()`, serde.

use super::{doc_attrs, ident};
use crate::ir::{Enum, Service};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/types/enums.rs`: every enum of the model.
pub fn emit(service: &Service) -> TokenStream {
    let items = service.enums.iter().map(open_enum);
    quote! {
        //! Enums of the model; each keeps values it does not know in `Unknown`.
        #(#items)*
    }
}

fn open_enum(e: &Enum) -> TokenStream {
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
    let as_str_arms = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_name;
        quote!(Self::#variant => #wire,)
    });
    let from_arms = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_name;
        quote!(#wire => Self::#variant,)
    });
    let values = e.variants.iter().map(|v| &v.wire_name);
    let (derive_debug, debug) = if e.sensitive {
        (
            None,
            Some(quote! {
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::fmt::Debug::fmt(&crate::runtime::redact::Redacted, f)
                    }
                }
            }),
        )
    } else {
        (Some(quote!(Debug,)), None)
    };
    quote! {
        #docs
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Every value this version of the crate knows, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        #debug
    }
}
