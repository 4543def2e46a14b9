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

mod text;
pub use text::{write_code_and_message, EnumVisitor, MessageText};

/// The serde impls of a structure: the directions the client needs always (`write` for
/// inputs, `read` for outputs and errors, `both`), the others with the generated crate's
/// `serde` feature (`neither`: both with the feature). Members with the kind `skip` travel
/// outside the JSON body (REST bindings): never written, always unset when read.
#[macro_export]
macro_rules! serde_structure {
    (both $($structure:tt)*) => {
        $crate::serialize_structure!($($structure)*);
        $crate::deserialize_structure!(corrected $($structure)*);
    };
    (write $($structure:tt)*) => {
        $crate::serialize_structure!($($structure)*);
        #[cfg(feature = "serde")]
        $crate::deserialize_structure!(strict $($structure)*);
    };
    (read $($structure:tt)*) => {
        #[cfg(feature = "serde")]
        $crate::serialize_structure!($($structure)*);
        $crate::deserialize_structure!(corrected $($structure)*);
    };
    // A REST structure with members bound to HTTP parts: its serde form is its body's
    // members only. An input is never read back (a value missing its bound members would
    // read as a wrong one); an output is written with the `serde` feature, as its body.
    (write_only $($structure:tt)*) => {
        $crate::serialize_structure!($($structure)*);
    };
    (read_only $($structure:tt)*) => {
        #[cfg(feature = "serde")]
        $crate::serialize_structure!($($structure)*);
        $crate::deserialize_structure!(corrected $($structure)*);
    };
    (neither $($structure:tt)*) => {
        #[cfg(feature = "serde")]
        $crate::serialize_structure!($($structure)*);
        #[cfg(feature = "serde")]
        $crate::deserialize_structure!(strict $($structure)*);
    };
}

/// `Serialize` for a structure, instead of serde's derive (which needs syn and serde_derive
/// ahead of every generated crate): each field with `opt` (skipped when unset), `req` or
/// `skip` (bound to an HTTP part), its wire format (`plain`, `date_time`, `http_date`,
/// `floats`, `maps`), its key, the aliases reading accepts after `|`, after `@` its XML name
/// and facts (the XML protocols; see [`facts`]($crate::wire::facts)), and after `=` the
/// default reading fills in.
#[macro_export]
macro_rules! serialize_structure {
    ($ty:ident { $($field:ident: $kind:ident $format:ident $wire:literal $(| $alias:literal)* $(@ $xml:literal)? $(= $default:expr)?),* $(,)? }) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let len = $crate::macros::members::count(&[$($crate::structure_field!(@count $kind &self.$field)),*]);
                #[allow(unused_mut)] // a structure without members
                let mut out = $crate::macros::members::Writer::new(serializer.serialize_struct(
                    $crate::structure_name!($ty { $($wire $(@ $xml)?),* }),
                    len,
                )?);
                $($crate::structure_field!(@write $kind $format, out, $wire, &self.$field);)*
                $crate::macros::members::end(out)
            }
        }
    };
}

/// The name a structure gives serde: its Rust name, then a line per member with XML facts,
/// `key<TAB>facts`, which the XML and query formats read (the others ignore the name).
#[doc(hidden)]
#[macro_export]
macro_rules! structure_name {
    ($ty:ident { $($wire:literal $(@ $xml:literal)?),* }) => {
        ::std::concat!(::std::stringify!($ty) $($(, "\n", $wire, "\t", $xml)?)*)
    };
}

/// `Deserialize` for a structure (same field list as [`serialize_structure!`]): unknown
/// members are skipped, `null` is an unset optional member, and a missing member with a
/// default takes it. A missing required member is an error naming it (`strict`, for what
/// a client sends), or takes its type's [`Zero`]($crate::value::zero::Zero) value
/// (`corrected`, for what a client reads: Smithy's error correction, which also gives the
/// structure its own zero value).
#[macro_export]
macro_rules! deserialize_structure {
    (corrected $ty:ident { $($field:ident: $kind:ident $format:ident $wire:literal $(| $alias:literal)* $(@ $xml:literal)? $(= $default:expr)?),* $(,)? }) => {
        impl $crate::macros::members::ReadMembers for $ty {
            const EXPECTING: &'static str = ::std::concat!("structure ", ::std::stringify!($ty));

            fn read_member<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> ::std::result::Result<(), A::Error> {
                // Two members may share a wire name (the generator warns): the first one
                // reads it.
                #[allow(unreachable_patterns)]
                match key {
                    $($wire $(| $alias)* => $crate::structure_field!(@read_into $kind $format, map, self.$field),)*
                    _ => $crate::macros::members::skip(map),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                // As a struct, so a format that names members otherwise (XML) learns the
                // members' keys and, from the structure's name, their facts.
                deserializer.deserialize_struct(
                    $crate::structure_name!($ty { $($wire $(@ $xml)?),* }),
                    &[$($wire),*],
                    $crate::macros::members::StructureVisitor::new(),
                )
            }
        }

        impl $crate::value::zero::Zero for $ty {
            #[inline]
            fn zero() -> Self {
                $ty { $($field: $crate::structure_field!(@zero $kind $(, $default)?),)* }
            }
        }
    };
    (strict $($structure:tt)*) => {
        $crate::deserialize_structure!(@impl strict $($structure)*);
    };
    (@impl strict $ty:ident { $($field:ident: $kind:ident $format:ident $wire:literal $(| $alias:literal)* $(@ $xml:literal)? $(= $default:expr)?),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct __StructureVisitor;
                impl<'de> ::serde::de::Visitor<'de> for __StructureVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("structure ", ::std::stringify!($ty)))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<$ty, A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        while let ::std::option::Option::Some(key) = map.next_key::<$crate::macros::members::FieldName<'de>>()? {
                            // Two members may share a wire name (the generator warns): the
                            // first one reads it.
                            #[allow(unreachable_patterns)]
                            match key.as_str() {
                                $($wire $(| $alias)* => $field = $crate::structure_field!(@read $kind $format, map),)*
                                _ => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        ::std::result::Result::Ok($ty {
                            $($field: $crate::structure_field!(@take strict $kind, $field, $wire, A $(, $default)?),)*
                        })
                    }
                }
                // As a struct, so a format that names members otherwise (XML) learns the
                // members' keys and, from the structure's name, their facts.
                deserializer.deserialize_struct(
                    $crate::structure_name!($ty { $($wire $(@ $xml)?),* }),
                    &[$($wire),*],
                    __StructureVisitor,
                )
            }
        }
    };
}

/// One field's part of [`serialize_structure!`] and [`deserialize_structure!`].
#[doc(hidden)]
#[macro_export]
macro_rules! structure_field {
    (@count opt $value:expr) => {
        $crate::macros::members::is_set($value)
    };
    (@count req $value:expr) => {
        1
    };
    (@count skip $value:expr) => {
        0
    };
    (@write skip $format:ident, $out:ident, $wire:literal, $value:expr) => {};
    (@write $kind:ident date_time, $out:ident, $wire:literal, $value:expr) => {
        $crate::structure_field!(@timestamps $kind DateTime, $out, $wire, $value)
    };
    (@write $kind:ident http_date, $out:ident, $wire:literal, $value:expr) => {
        $crate::structure_field!(@timestamps $kind HttpDate, $out, $wire, $value)
    };
    (@timestamps opt $format:ident, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_optional_timestamps(&mut $out, $wire, $value, $crate::value::datetime::Format::$format)
    };
    (@timestamps req $format:ident, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_required_timestamps(&mut $out, $wire, $value, $crate::value::datetime::Format::$format)
    };
    (@write opt floats, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_optional_floats(&mut $out, $wire, $value)
    };
    (@write req floats, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_required_floats(&mut $out, $wire, $value)
    };
    // `plain` and `maps`.
    (@write opt $format:ident, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_optional(&mut $out, $wire, $value)
    };
    (@write req $format:ident, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_required(&mut $out, $wire, $value)
    };
    (@read_into skip $format:ident, $map:ident, $slot:expr) => {
        $crate::macros::members::skip($map)
    };
    (@read_into opt maps, $map:ident, $slot:expr) => {
        $crate::macros::members::read_optional_map($map, &mut $slot)
    };
    (@read_into req maps, $map:ident, $slot:expr) => {
        $crate::macros::members::read_required_map($map, &mut $slot)
    };
    (@read_into opt floats, $map:ident, $slot:expr) => {
        $crate::macros::members::read_optional_floats($map, &mut $slot)
    };
    (@read_into req floats, $map:ident, $slot:expr) => {
        $crate::macros::members::read_required_floats($map, &mut $slot)
    };
    // Timestamps read every form; only writing needs the format.
    (@read_into opt $format:ident, $map:ident, $slot:expr) => {
        $crate::macros::members::read_optional($map, &mut $slot)
    };
    (@read_into req $format:ident, $map:ident, $slot:expr) => {
        $crate::macros::members::read_required($map, &mut $slot)
    };
    // A required member reads like an optional one: `null` leaves it unset, and `@take`
    // then decides.
    (@read skip $format:ident, $map:ident) => {{
        $map.next_value::<::serde::de::IgnoredAny>()?;
        ::std::option::Option::None
    }};
    (@read $kind:ident maps, $map:ident) => {
        $map.next_value::<::std::option::Option<$crate::macros::members::DenseMap<_>>>()?
            .map(|m| m.0)
    };
    (@read $kind:ident floats, $map:ident) => {
        $map.next_value::<$crate::value::float::Read<_>>()?.0
    };
    // Timestamps read every form; only writing needs the format.
    (@read $kind:ident $format:ident, $map:ident) => {
        $map.next_value()?
    };
    (@take $mode:ident opt, $field:ident, $wire:literal, $access:ident) => {
        $field
    };
    (@take $mode:ident skip, $field:ident, $wire:literal, $access:ident) => {
        $field
    };
    (@take $mode:ident req, $field:ident, $wire:literal, $access:ident, $default:expr) => {
        match $field {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => $default,
        }
    };
    (@take strict req, $field:ident, $wire:literal, $access:ident) => {
        match $field {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => {
                return ::std::result::Result::Err(
                    <$access::Error as ::serde::de::Error>::missing_field($wire),
                );
            }
        }
    };
    (@zero req, $default:expr) => {
        $default
    };
    (@zero req) => {
        $crate::value::zero::Zero::zero()
    };
    (@zero $kind:ident) => {
        ::std::option::Option::None
    };
}
