//! The mark of a generated enum that keeps unknown values: what the REST bindings read and write as text.

/// An open enum (see the `open_enum!` macro): a string on the wire, whatever the protocol puts it in
/// (a JSON string, a header, a query parameter, a URI label).
pub trait OpenEnum: for<'a> From<&'a str> + AsRef<str> {}
