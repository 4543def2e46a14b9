//! The serde impls of a structure as macros, from one list of its members.

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
        impl $crate::macros::members::WriteMembers for $ty {
            const NAME: &'static str = $crate::structure_name!($ty { $($wire $(@ $xml)?),* });

            #[allow(unused_variables)] // a structure without members
            fn write_members<W: $crate::macros::members::MemberSink>(&self, out: &mut W) {
                $($crate::structure_field!(@write $kind $format, out, $wire, &self.$field);)*
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::macros::members::write_structure(self, serializer)
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
            const NAME: &'static str = $crate::structure_name!($ty { $($wire $(@ $xml)?),* });
            const FIELDS: &'static [&'static str] = &[$($wire),*];

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
                $crate::macros::members::read_structure(deserializer)
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
    (@write skip $format:ident, $out:ident, $wire:literal, $value:expr) => {};
    (@write $kind:ident date_time, $out:ident, $wire:literal, $value:expr) => {
        $crate::structure_field!(@timestamps $kind DateTime, $out, $wire, $value)
    };
    (@write $kind:ident http_date, $out:ident, $wire:literal, $value:expr) => {
        $crate::structure_field!(@timestamps $kind HttpDate, $out, $wire, $value)
    };
    (@timestamps opt $format:ident, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_optional_timestamps($out, $wire, $value, $crate::value::datetime::Format::$format)
    };
    (@timestamps req $format:ident, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_required_timestamps($out, $wire, $value, $crate::value::datetime::Format::$format)
    };
    (@write opt floats, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_optional_floats($out, $wire, $value)
    };
    (@write req floats, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_required_floats($out, $wire, $value)
    };
    // `plain` and `maps`.
    (@write opt $format:ident, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_optional($out, $wire, $value)
    };
    (@write req $format:ident, $out:ident, $wire:literal, $value:expr) => {
        $crate::macros::members::write_required($out, $wire, $value)
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
