//! The IR of event streams: which members of each event travel in its message's headers or
//! as its payload.

/// An event of an event stream that is an exception, or has members bound to its message's
/// headers or payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventShape {
    /// The union member's wire name: the message's `:event-type` (an exception's
    /// `:exception-type`).
    pub name: String,
    /// Whether the event is a modeled exception.
    pub exception: bool,
    /// The bound members, by wire key.
    pub members: Vec<(String, EventBinding)>,
}

/// How a member of an event travels in its message (the others are in the payload's
/// document).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventBinding {
    /// A header of the member's name (`eventHeader`), of this type.
    Header(EventHeaderKind),
    /// The whole payload (`eventPayload`), of this kind.
    Payload(EventPayloadKind),
}

/// The type of an event header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventHeaderKind {
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
    /// `string` (and enums).
    String,
    /// `timestamp`.
    Timestamp,
}

/// What an event's payload member is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventPayloadKind {
    /// A blob: the payload's bytes.
    Blob,
    /// A string: the payload's text.
    String,
    /// A structure or union: a document in the payload.
    Document,
}
