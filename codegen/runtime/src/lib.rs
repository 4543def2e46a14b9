//! The runtime of generated AWS clients: what is the same for every operation lives here once.
//!
//! Generated crates reach it as `crate::runtime` (a re-export of this crate, or a vendored
//! copy of its sources with `--runtime vendored`). Without the `client` feature it is types
//! support only: builders' errors, validation, serde helpers for timestamps, blobs, floats
//! and unions, redaction and idempotency tokens.

#[cfg(feature = "blob")]
pub mod blob;
pub mod build_error;
pub mod datetime;
pub mod float;
#[doc(hidden)]
pub mod macros;
pub mod number;
pub mod pattern;
pub mod redact;
pub mod token;
pub mod union;
pub mod validate;

#[cfg(feature = "client")]
pub mod call;
#[cfg(feature = "cbor")]
pub mod cbor;
#[cfg(feature = "checksum")]
pub mod checksum;
#[cfg(feature = "gzip")]
pub mod compress;
#[cfg(feature = "client")]
pub mod config;
#[cfg(feature = "client")]
pub mod endpoint;
#[cfg(feature = "client")]
pub mod invoke;
#[cfg(feature = "client")]
pub mod jmes;
#[cfg(feature = "test-util")]
pub mod mock;
#[cfg(feature = "client")]
pub mod paginate;
#[cfg(feature = "client")]
mod pool;
#[cfg(feature = "client")]
pub mod profile;
#[cfg(feature = "client")]
pub mod response;
#[cfg(feature = "client")]
pub mod rest;
#[cfg(feature = "client")]
mod rest_output;
#[cfg(feature = "client")]
pub mod retry;
#[cfg(feature = "client")]
pub mod sdk_error;
#[cfg(feature = "client")]
pub mod sigv4;
#[cfg(feature = "client")]
pub mod transport;
#[cfg(feature = "client")]
pub mod waiter;
