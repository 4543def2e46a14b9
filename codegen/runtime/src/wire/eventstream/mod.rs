//! Event streams (`application/vnd.amazon.eventstream`): the binary framing, a decoder for
//! messages arriving in chunks, and events as messages (JSON, CBOR or XML documents).

#[cfg(feature = "cbor")]
pub mod cbor_events;
pub mod decoder;
pub mod events;
pub mod frame;
pub mod shapes;
#[cfg(feature = "xml")]
pub mod xml_events;
