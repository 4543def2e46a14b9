//! Wire formats: bodies in JSON or CBOR, and the REST protocols' HTTP bindings in both directions.

pub mod body;
#[cfg(feature = "cbor")]
pub mod cbor;
pub mod rest;
pub mod rest_encoding;
pub mod rest_output;
