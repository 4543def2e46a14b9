//! XML responses of awsQuery, ec2Query and restXml: a document read into a small tree
//! (with quick-xml), outputs and errors read from it through serde, and the error fields
//! (code, message, request id) of each protocol's error shape.

mod de;
mod ser;

use crate::http::transport::HttpResponse;
use serde::de::DeserializeOwned;

pub use de::from_element;
pub use ser::to_xml;

/// Deeper documents are refused rather than read: no AWS response nests this far.
const MAX_DEPTH: usize = 256;

/// An element: its local name (any `prefix:` dropped), attributes (names as written),
/// child elements and text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The local name.
    pub name: String,
    /// Attributes, names as written (`xsi:type`).
    pub attributes: Vec<(String, String)>,
    /// Child elements, in order.
    pub children: Vec<Element>,
    /// The text directly inside the element, entities and CDATA resolved.
    pub text: String,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The text of the first child named `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

/// Reads a document's root element; anything after it but comments and whitespace is an
/// error.
pub fn parse(body: &[u8]) -> Result<Element, String> {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(body).map_err(|e| format!("the body is not UTF-8: {e}"))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let malformed =
            |e: &dyn std::fmt::Display, at: u64| format!("malformed XML at byte {at}: {e}");
        let event = reader
            .read_event()
            .map_err(|e| malformed(&e, reader.buffer_position()))?;
        let at = reader.buffer_position();
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                return Err(malformed(&format!("a second root element `{name}`"), at));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("the XML nests deeper than {MAX_DEPTH} elements"));
                }
                stack.push(element(&start).map_err(|e| malformed(&e, at))?);
            }
            Event::Empty(start) => {
                let element = element(&start).map_err(|e| malformed(&e, at))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                // quick-xml checks that end tags match their start tags.
                let element = stack
                    .pop()
                    .ok_or_else(|| malformed(&"an end tag without a start", at))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::Text(t) => {
                let t = t.unescape().map_err(|e| malformed(&e, at))?;
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&t),
                    None if t.trim().is_empty() => {}
                    None => return Err(malformed(&"text outside the root element", at)),
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => {
                return root.ok_or_else(|| "the body holds no complete XML element".to_owned());
            }
            // The declaration, comments, processing instructions and doctypes say nothing
            // a client reads.
            _ => {}
        }
    }
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute.unescape_value().map_err(|e| e.to_string())?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
        text: String::new(),
    })
}

/// The output of a query or restXml response: the element `wrapper` names under the root
/// when there is one (awsQuery's `<OperationResult>`), else the root itself.
pub fn read_output<T: DeserializeOwned>(
    response: &HttpResponse,
    wrapper: Option<&str>,
) -> Result<T, String> {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return from_element(&Element::default());
    }
    let root = parse(&response.body)?;
    let start = wrapper.and_then(|w| root.child(w)).unwrap_or(&root);
    from_element(start)
}

/// The element that describes an error: awsQuery's and restXml's
/// `<ErrorResponse><Error>`, ec2Query's `<Response><Errors><Error>`, or an `<Error>` root
/// (restXml's `noErrorWrapping`, S3).
pub fn error_element(root: &Element) -> &Element {
    if root.name == "Error" {
        return root;
    }
    root.child("Error")
        .or_else(|| root.child("Errors").and_then(|e| e.child("Error")))
        .unwrap_or(root)
}

/// Whether a body is XML (its first character that is not whitespace is `<`).
pub fn is_xml(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// An error body's code, message and request id, as `code`, `message` and `requestid`.
pub fn error_fields(body: &[u8]) -> Vec<(String, String)> {
    let Ok(root) = parse(body) else {
        return Vec::new();
    };
    let error = error_element(&root);
    let mut fields = Vec::new();
    for (key, names) in [
        ("code", &["Code"][..]),
        ("message", &["Message", "message"][..]),
        ("requestid", &["RequestId", "RequestID"][..]),
    ] {
        let text = names
            .iter()
            .find_map(|name| error.child_text(name).or_else(|| root.child_text(name)));
        if let Some(text) = text {
            fields.push((key.to_owned(), text.trim().to_owned()));
        }
    }
    fields
}

/// A modeled error read from its body's error element.
pub fn read_error<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let root = parse(body)?;
    from_element(error_element(&root))
}

#[cfg(test)]
mod tests;
