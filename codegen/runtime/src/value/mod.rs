//! Value types and their serde helpers: blobs, timestamps, event streams, floats, big numbers, unions, open enums, redaction, idempotency tokens, builders' errors, error correction.

#[cfg(feature = "blob")]
pub mod blob;
pub mod build_error;
pub mod datetime;
pub mod event_stream;
pub mod float;
pub mod number;
pub mod open_enum;
pub mod redact;
pub mod streaming_body;
pub mod token;
pub mod union;
pub mod zero;
