//! The call path: the operation trait, endpoints, signing, invoking with retries, reading responses, the client handle, paginators and waiters.

pub mod auth;
pub mod call;
#[cfg(feature = "checksum")]
pub mod checksums;
pub mod endpoint;
#[cfg(feature = "eventstream")]
pub mod event_signing;
#[cfg(feature = "eventstream")]
pub mod events;
pub mod invoke;
pub mod jmes;
pub mod multipart;
pub mod operation;
pub mod pages;
pub mod presign;
pub mod response;
#[cfg(feature = "xml")]
pub mod s3express;
#[cfg(feature = "xml")]
pub mod session_cache;
pub mod sigv4;
#[cfg(feature = "sigv4a")]
pub mod sigv4a;
pub mod stream_call;
pub mod target;
pub mod waiter;
