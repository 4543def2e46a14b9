//! Events of the XML protocols: a message whose payload is an XML document (S3's
//! `SelectObjectContent` statistics and progress) read into the event union through the XML
//! reader, its header and payload members placed as the event's elements.

use crate::wire::eventstream::frame::{HeaderValue, Message};
use crate::wire::eventstream::shapes::{Binding, EventUnion, PayloadKind};
use crate::wire::xml::{from_element, is_xml, parse, Element};
use base64::Engine as _;

/// Whether a message's payload is an XML document to read as one: it says so in its
/// `:content-type`, or looks like one and is not a blob or text member's bytes.
pub fn is_xml_event(message: &Message, members: &[(&'static str, Binding)]) -> bool {
    let raw_payload = members.iter().any(|(_, binding)| {
        matches!(
            binding,
            Binding::Payload(PayloadKind::Blob | PayloadKind::String)
        )
    });
    let says_xml = message
        .text(":content-type")
        .is_some_and(|t| t.ends_with("/xml") || t.ends_with("+xml"));
    says_xml || (!raw_payload && is_xml(&message.payload))
}

/// The event a message named `name` holds, its payload an XML document.
pub fn read_xml_event<U: EventUnion>(
    name: &str,
    message: &Message,
    members: &[(&'static str, Binding)],
) -> Result<U, String> {
    let leaf = |name: &str, text: String| Element {
        name: name.to_owned(),
        text,
        ..Element::default()
    };
    let blank = message.payload.iter().all(u8::is_ascii_whitespace);
    let mut event = leaf(name, String::new());
    let payload = members
        .iter()
        .find(|(_, binding)| matches!(binding, Binding::Payload(_)));
    let unreadable = |e: String| format!("the payload of event `{name}` is not XML: {e}");
    match payload {
        Some((key, Binding::Payload(PayloadKind::Document))) if !blank => {
            let mut root = parse(&message.payload).map_err(unreadable)?;
            root.name = (*key).to_owned();
            event.children.push(root);
        }
        Some((key, Binding::Payload(PayloadKind::Blob))) => event.children.push(leaf(
            key,
            base64::engine::general_purpose::STANDARD.encode(&message.payload),
        )),
        Some((key, Binding::Payload(PayloadKind::String))) => event.children.push(leaf(
            key,
            String::from_utf8(message.payload.clone())
                .map_err(|_| format!("the payload of event `{name}` is not UTF-8"))?,
        )),
        None if !blank => event.children = parse(&message.payload).map_err(unreadable)?.children,
        _ => {}
    }
    for (key, binding) in members {
        if let (Binding::Header(_), Some(value)) = (binding, message.header(key)) {
            event.children.push(leaf(key, header_text(value)));
        }
    }
    let union = Element {
        name: "Event".to_owned(),
        children: vec![event],
        ..Element::default()
    };
    from_element(&union).map_err(|e| format!("event `{name}`: {e}"))
}

/// A header's value as XML text.
fn header_text(value: &HeaderValue) -> String {
    match value {
        HeaderValue::Bool(v) => v.to_string(),
        HeaderValue::Byte(v) => v.to_string(),
        HeaderValue::Short(v) => v.to_string(),
        HeaderValue::Int(v) => v.to_string(),
        HeaderValue::Long(v) => v.to_string(),
        HeaderValue::Bytes(v) => base64::engine::general_purpose::STANDARD.encode(v),
        HeaderValue::String(v) => v.clone(),
        // Epoch seconds, which the XML reader takes for a timestamp.
        HeaderValue::Timestamp(ms) => format!("{}.{:03}", ms.div_euclid(1000), ms.rem_euclid(1000)),
        HeaderValue::Uuid(bytes) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
    }
}
