//! Macros the generated code invokes for what is the same for every operation and error:
//! the fluent methods of input builders, waiters, and the impls of errors, enums and structures.
//!
//! Their non-generic functions are `#[inline]`, as the generated getters and setters are:
//! a crate then compiles them only where a program calls them, not every one of a large
//! service's thousands in the service's crate.
//!
//! `$crate` is this crate; a vendored copy (`--runtime vendored`) rewrites it to the
//! generated crate's `runtime` module.

/// `send`, `validation` and `into_paginator` for an input builder bound to a client, for
/// every operation `O` whose input is built from `$input`.
#[macro_export]
macro_rules! fluent_builder {
    ($($builder:ident)::+, $input:ty) => {
        impl<O: $crate::client::operation::Operation + ::std::convert::From<$input>> $($builder)::+<$crate::client::call::Call<O>> {
            /// Validates with this policy instead of the client's, for this request only.
            pub fn validation(mut self, policy: $crate::validate::Policy) -> Self {
                self.call = self.call.validation(policy);
                self
            }

            /// Changes the client's configuration for this request only; see
            /// [`Call::config_override`]($crate::client::call::Call::config_override).
            pub fn config_override(
                mut self,
                change: impl FnOnce($crate::config::settings::ConfigBuilder) -> $crate::config::settings::ConfigBuilder,
            ) -> Self {
                self.call = self.call.config_override(change);
                self
            }

            /// Builds the input, validates it and sends it.
            // Not `async`: the runtime's future is returned as it is, so that the crate
            // type-checks no coroutine of its own per operation.
            pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<O::Output, $crate::error::SdkError<O::Error>>> {
                let call = ::std::clone::Clone::clone(&self.call);
                call.send_built(self.build().map(O::from))
            }

            /// Builds the input, validates it and presigns its request with the client's
            /// SigV4 credentials: a URL anyone can use until `expires_in` (at most 7 days)
            /// has passed, as botocore's `generate_presigned_url` writes it.
            pub fn presigned(
                self,
                expires_in: ::std::time::Duration,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<$crate::client::presign::PresignedRequest, $crate::error::SdkError<O::Error>>> {
                let call = ::std::clone::Clone::clone(&self.call);
                call.presign_built(self.build().map(O::from), expires_in)
            }

            /// The pages of an operation that pages, as a stream; see [`Paginator`]($crate::client::pages::Paginator).
            pub fn into_paginator(self) -> $crate::client::pages::Paginator<O>
            where
                O: $crate::client::pages::Paginated,
            {
                let call = ::std::clone::Clone::clone(&self.call);
                $crate::client::pages::Paginator::new(call, self.build().map(O::from))
            }
        }
    };
}

/// The call path of an operation that streams its request or response body (or events),
/// inside the operation's `Operation` impl.
#[doc(hidden)]
#[macro_export]
macro_rules! streaming_call {
    () => {
        fn invoke<'a, C: $crate::client::operation::CallPaths>(
            &'a self,
            paths: &'a C,
            policy: ::std::option::Option<$crate::validate::Policy>,
        ) -> impl ::std::future::Future<
            Output = ::std::result::Result<Self::Output, $crate::error::SdkError<Self::Error>>,
        > + ::std::marker::Send
               + 'a {
            paths.streaming(self, policy)
        }
    };
}

/// `delay` and `wait` for an input builder bound to a waiter.
#[macro_export]
macro_rules! waiter_builder {
    ($($builder:ident)::+, $input:ty) => {
        impl<O: $crate::client::operation::Operation + ::std::convert::From<$input>> $($builder)::+<$crate::client::waiter::Wait<O>> {
            /// The time between polls (the model's default unless set).
            pub fn delay(mut self, delay: ::std::time::Duration) -> Self {
                self.call = self.call.delay(delay);
                self
            }

            /// Polls until an acceptor decides or `max_wait` has passed. Returns the last
            /// output, or `None` when the success acceptor matched an error.
            pub fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<::std::option::Option<O::Output>, $crate::client::waiter::WaiterError<O::Error>>> {
                let wait = ::std::clone::Clone::clone(&self.call);
                wait.run(self.build().map(O::from), max_wait)
            }
        }
    };
}

/// The impls of an operation's error enum, whose variants each hold a modeled error and
/// whose last variant is `Unhandled`: an `is_` predicate per variant, `Display`, `Error`,
/// decoding from a response by error code (`bind` names the function that reads a REST
/// error's members bound to headers), and the conversion into the service's `Error`.
#[macro_export]
macro_rules! operation_error {
    (sensitive $($rest:tt)*) => {
        $crate::operation_error!(@quote false $($rest)*);
    };
    ($name:ident => $($rest:tt)*) => {
        $crate::operation_error!(@quote true $name => $($rest)*);
    };
    (@quote $quote:literal $name:ident => $service:path { $($variant:ident $is:ident $code:literal $(bind $bind:path)?,)* }) => {
        impl $name {
            $(
                #[doc = concat!("Whether this is a `", stringify!($variant), "`.")]
                #[inline]
                pub fn $is(&self) -> bool {
                    ::std::matches!(self, Self::$variant(_))
                }
            )*
            /// Whether this is an error the model does not list for this operation.
            #[inline]
            pub fn is_unhandled(&self) -> bool {
                ::std::matches!(self, Self::Unhandled(_))
            }
        }

        $crate::error_enum!($name { $($variant)* });

        impl $crate::error::OperationError for $name {
            const QUOTE_BODY: bool = $quote;
            // Compiled where the operation is called, with the errors' readers.
            #[inline]
            #[allow(clippy::match_single_binding, clippy::single_match)]
            fn from_response(meta: &$crate::error::ErrorMeta, response: &$crate::http::transport::HttpResponse) -> Self {
                match meta.code.as_deref().unwrap_or_default() {
                    $($code => if let ::std::option::Option::Some(error) = $crate::error::decode(response, None $(.or(Some($bind as _)))?) {
                        return Self::$variant(error);
                    },)*
                    _ => {}
                }
                Self::Unhandled($crate::error::Unhandled::new(::std::clone::Clone::clone(meta)))
            }
        }

        impl ::std::convert::From<$name> for $service {
            #[inline]
            #[allow(clippy::match_single_binding)]
            fn from(error: $name) -> Self {
                match error {
                    $($name::$variant(e) => Self::$variant(e),)*
                    $name::Unhandled(e) => Self::Unhandled(e),
                }
            }
        }
    };
}

/// `Display` (the variant's own) and `Error` for an enum of errors whose last variant is
/// `Unhandled`.
#[macro_export]
macro_rules! error_enum {
    ($name:ident { $($variant:ident)* }) => {
        impl ::std::fmt::Display for $name {
            #[inline]
            #[allow(clippy::match_single_binding)]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(Self::$variant(e) => ::std::fmt::Display::fmt(e, f),)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for $name {}
    };
}

/// The service-wide error enum's impls: those of [`error_enum!`], and the conversion from a
/// failed call of any operation (a failure that is not the service's becomes `Unhandled`,
/// keeping the message).
#[macro_export]
macro_rules! service_error {
    ($name:ident { $($variant:ident)* }) => {
        $crate::error_enum!($name { $($variant)* });

        impl<E: ::std::convert::Into<$name> + ::std::fmt::Display> ::std::convert::From<$crate::error::SdkError<E>> for $name {
            fn from(error: $crate::error::SdkError<E>) -> Self {
                error.into_service_error_or(|meta| Self::Unhandled($crate::error::Unhandled::new(meta)))
            }
        }
    };
}

/// `Display` and `Error` for a modeled error structure: its shape's name, then its message
/// member if it has one and it is set.
#[macro_export]
macro_rules! modeled_error {
    ($name:ident, $code:literal) => {
        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($code)
            }
        }

        impl ::std::error::Error for $name {}
    };
    ($name:ident, $code:literal, $message:ident) => {
        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::macros::write_code_and_message(
                    f,
                    $code,
                    $crate::macros::MessageText::text(&self.$message),
                )
            }
        }

        impl ::std::error::Error for $name {}
    };
}

/// [`Zero`]($crate::value::zero::Zero) for a union: an unknown member with an empty name,
/// what a required union takes when a response leaves it out.
#[macro_export]
macro_rules! union_zero {
    ($name:ident) => {
        impl $crate::value::zero::Zero for $name {
            #[inline]
            fn zero() -> Self {
                Self::Unknown(::std::string::String::new())
            }
        }
    };
}

/// The impls of an open enum whose known variants are listed with their wire values and
/// whose last variant is `Unknown(String)`: `as_str`, `values`, conversions from strings,
/// `FromStr`, `AsRef<str>`, `Display`, ordering by wire value and serde as a string.
#[macro_export]
macro_rules! open_enum {
    ($name:ident { $($variant:ident = $wire:literal,)* }) => {
        impl $name {
            /// The value as it appears on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Every value this version of the crate knows, in model order.
            #[inline]
            pub const fn values() -> &'static [&'static str] {
                &[$($wire),*]
            }
        }

        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::value::open_enum::OpenEnum for $name {}

        /// An unknown, empty value.
        impl $crate::value::zero::Zero for $name {
            #[inline]
            fn zero() -> Self {
                Self::Unknown(::std::string::String::new())
            }
        }

        // By wire value (a known value before an unknown one with the same text), not by
        // declaration: a model update adds values anywhere, and that must not reorder others.
        impl ::std::cmp::Ord for $name {
            #[inline]
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                let unknown = |e: &Self| matches!(e, Self::Unknown(_));
                (self.as_str(), unknown(self)).cmp(&(other.as_str(), unknown(other)))
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }

        impl $crate::macros::serde::Serialize for $name {
            fn serialize<S: $crate::macros::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::macros::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::macros::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str($crate::macros::EnumVisitor(::std::marker::PhantomData))
            }
        }
    };
}

/// `Debug` that prints the redaction marker instead of the value.
#[macro_export]
macro_rules! redacted_debug {
    ($name:ident) => {
        impl ::std::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&$crate::value::redact::Redacted, f)
            }
        }
    };
}

#[doc(hidden)]
pub use serde;

pub mod members;

mod structures;
mod text;
pub use text::{write_code_and_message, EnumVisitor, MessageText};
