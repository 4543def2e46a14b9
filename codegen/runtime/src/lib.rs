//! The runtime of generated AWS clients: what is the same for every operation lives here once.
//!
//! Generated crates reach it as `crate::runtime` (a re-export of this crate, or a vendored
//! copy of its sources with `--runtime vendored`). Without the `client` feature it is types
//! support only: builders' errors, validation, serde helpers for timestamps, blobs, floats
//! and unions, redaction and idempotency tokens.
//!
//! The modules are layers, each using only the ones above it in this list: [`value`] types,
//! [`validate`], [`http`] messages and transports, [`wire`] formats, the [`error`]s a call
//! ends with, [`config`] (credentials, retry policy, `Config`), and the [`client`] call path.
//! The exported macros sit on top: generated code calls them, and they name the layers by
//! path.

pub mod value;

pub mod validate;

#[cfg(feature = "client")]
pub mod http;

#[cfg(feature = "client")]
pub mod wire;

#[cfg(feature = "client")]
pub mod error;

#[cfg(feature = "client")]
pub mod config;

#[cfg(feature = "client")]
pub mod client;

#[doc(hidden)]
pub mod macros;
