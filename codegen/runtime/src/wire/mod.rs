//! Wire formats: bodies in JSON, CBOR, XML or query forms, event stream frames, and the REST
//! protocols' HTTP bindings in both directions.

pub mod body;
#[cfg(feature = "cbor")]
pub mod cbor;
#[cfg(feature = "eventstream")]
pub mod eventstream;
#[cfg(feature = "xml")]
pub mod facts;
#[cfg(feature = "xml")]
pub mod query;
pub mod rest;
pub mod rest_encoding;
pub mod rest_output;
#[cfg(feature = "xml")]
pub mod text;
#[cfg(feature = "xml")]
pub mod xml;
