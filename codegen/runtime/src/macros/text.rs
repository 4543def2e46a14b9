//! What the open enum and error macros call: an enum's string visitor and an error's message text.

/// Reads an open enum from a string without allocating for known values.
#[doc(hidden)]
pub struct EnumVisitor<T>(pub std::marker::PhantomData<T>);

impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}

/// Writes an error's code, then `: message` when there is one.
pub fn write_code_and_message(
    f: &mut std::fmt::Formatter<'_>,
    code: &str,
    message: Option<&str>,
) -> std::fmt::Result {
    f.write_str(code)?;
    match message {
        Some(message) => write!(f, ": {message}"),
        None => Ok(()),
    }
}

/// The text of an error's message member, required or not.
pub trait MessageText {
    /// The message, if set.
    fn text(&self) -> Option<&str>;
}

impl MessageText for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl MessageText for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}
