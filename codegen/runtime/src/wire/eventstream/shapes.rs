//! What the generated code says of an event stream union: which members of each event
//! travel in its message's headers or as its payload (`EventUnion`).

use serde::de::DeserializeOwned;
use serde::Serialize;

/// How a member of an event travels, when not in the payload's document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A header of the member's name, of this type.
    Header(HeaderKind),
    /// The whole payload, of this kind.
    Payload(PayloadKind),
}

/// A header member's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderKind {
    /// `boolean`.
    Bool,
    /// `byte`.
    Byte,
    /// `short`.
    Short,
    /// `integer`.
    Int,
    /// `long`.
    Long,
    /// `blob`.
    Blob,
    /// `string`.
    String,
    /// `timestamp`.
    Timestamp,
}

/// A payload member's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// A blob: the payload's bytes.
    Blob,
    /// A string: the payload as UTF-8.
    String,
    /// A structure or union: a JSON document.
    Document,
}

/// An event (a member of the stream's union) that is an exception, or whose members are not
/// all in the payload's document: its name, whether it is an exception, its bound members
/// by wire key.
#[derive(Clone, Copy, Debug)]
pub struct EventShape {
    /// The union member's name, the `:event-type` (an exception's `:exception-type`).
    pub name: &'static str,
    /// Whether the event is a modeled exception, sent as an `exception` message.
    pub exception: bool,
    /// The members bound to headers or to the payload.
    pub members: &'static [(&'static str, Binding)],
}

/// A union that is an event stream: its events' bindings.
pub trait EventUnion: Serialize + DeserializeOwned + std::fmt::Debug + Send + 'static {
    /// The events with members bound to headers or to the payload.
    const EVENTS: &'static [EventShape];
}
