//! HTTP messages and the transports that carry them: the `Transport` trait, the connection pool, the mock, percent-encoding, compression and checksums of bodies.

#[cfg(feature = "checksum")]
pub mod aws_chunked;
#[cfg(feature = "checksum")]
pub mod checksum;
#[cfg(feature = "gzip")]
pub mod compress;
mod connection;
#[cfg(feature = "checksum")]
pub mod flexible_checksum;
#[cfg(feature = "test-util")]
pub mod mock;
pub mod percent;
pub mod pool;
pub mod transport;
