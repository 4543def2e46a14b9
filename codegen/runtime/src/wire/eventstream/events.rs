//! Events as messages: a union's member is an event whose `:event-type` is the member's
//! name, its members bound to headers (`eventHeader`), to the whole payload
//! (`eventPayload`), or else to a document in the payload: JSON, or CBOR for rpcv2Cbor.

use crate::wire::body::Codec;
use crate::wire::eventstream::frame::{Header, HeaderValue, Message};
pub use crate::wire::eventstream::shapes::{
    Binding, EventShape, EventUnion, HeaderKind, PayloadKind,
};
use base64::Engine as _;
use serde::Serialize;
use serde_json::{Map, Value};

fn shape<U: EventUnion>(name: &str) -> Option<&'static EventShape> {
    U::EVENTS.iter().find(|e| e.name == name)
}

fn bindings<U: EventUnion>(name: &str) -> &'static [(&'static str, Binding)] {
    shape::<U>(name).map_or(&[], |e| e.members)
}

/// The event a message holds: `name` is its `:event-type` (or `:exception-type`), `codec`
/// the protocol's.
pub fn read_event<U: EventUnion>(name: &str, message: &Message, codec: Codec) -> Result<U, String> {
    let members = bindings::<U>(name);
    #[cfg(feature = "cbor")]
    if codec == Codec::Cbor {
        return crate::wire::eventstream::cbor_events::read_cbor_event(name, message, members);
    }
    let _ = codec;
    #[cfg(feature = "xml")]
    if crate::wire::eventstream::xml_events::is_xml_event(message, members) {
        return crate::wire::eventstream::xml_events::read_xml_event(name, message, members);
    }
    let mut object = match members
        .iter()
        .find(|(_, b)| matches!(b, Binding::Payload(_)))
    {
        Some(_) => Map::new(),
        None if message.payload.iter().all(u8::is_ascii_whitespace) => Map::new(),
        None => serde_json::from_slice(&message.payload)
            .map_err(|e| format!("the payload of event `{name}` is not a JSON object: {e}"))?,
    };
    for (key, binding) in members {
        let value = match binding {
            Binding::Header(_) => match message.header(key) {
                Some(value) => header_json(value),
                None => continue,
            },
            Binding::Payload(PayloadKind::Blob) => {
                Value::String(base64::engine::general_purpose::STANDARD.encode(&message.payload))
            }
            Binding::Payload(PayloadKind::String) => Value::String(
                String::from_utf8(message.payload.clone())
                    .map_err(|_| format!("the payload of event `{name}` is not UTF-8"))?,
            ),
            Binding::Payload(PayloadKind::Document) if message.payload.is_empty() => continue,
            Binding::Payload(PayloadKind::Document) => serde_json::from_slice(&message.payload)
                .map_err(|e| format!("the payload of event `{name}` is not JSON: {e}"))?,
        };
        object.insert((*key).to_owned(), value);
    }
    let mut union = Map::new();
    union.insert(name.to_owned(), Value::Object(object));
    serde_json::from_value(Value::Object(union)).map_err(|e| format!("event `{name}`: {e}"))
}

fn header_json(value: &HeaderValue) -> Value {
    match value {
        HeaderValue::Bool(v) => Value::Bool(*v),
        HeaderValue::Byte(v) => Value::from(*v),
        HeaderValue::Short(v) => Value::from(*v),
        HeaderValue::Int(v) => Value::from(*v),
        HeaderValue::Long(v) => Value::from(*v),
        HeaderValue::Bytes(v) => Value::String(base64::engine::general_purpose::STANDARD.encode(v)),
        HeaderValue::String(v) => Value::String(v.clone()),
        // Epoch seconds, as the JSON protocols write timestamps.
        HeaderValue::Timestamp(ms) if ms % 1000 == 0 => Value::from(ms / 1000),
        HeaderValue::Timestamp(ms) => Value::from(*ms as f64 / 1000.0),
        HeaderValue::Uuid(bytes) => {
            Value::String(bytes.iter().map(|b| format!("{b:02x}")).collect())
        }
    }
}

/// The message of event `name`, without members or payload, and its members' bindings.
fn bare_message<U: EventUnion>(name: &str) -> (Message, &'static [(&'static str, Binding)]) {
    let message = match shape::<U>(name) {
        Some(shape) if shape.exception => Message::new(
            &[(":message-type", "exception"), (":exception-type", name)],
            Vec::new(),
        ),
        _ => Message::new(
            &[(":message-type", "event"), (":event-type", name)],
            Vec::new(),
        ),
    };
    (message, bindings::<U>(name))
}

/// The message of an event to send, its document in the protocol's `codec`.
pub fn write_event<U: EventUnion>(event: &U, codec: Codec) -> Result<Message, String> {
    #[cfg(feature = "cbor")]
    if codec == Codec::Cbor {
        return crate::wire::eventstream::cbor_events::write_cbor_event(event, bare_message::<U>);
    }
    let _ = codec;
    let value = serde_json::to_value(event).map_err(|e| e.to_string())?;
    let Value::Object(union) = value else {
        return Err("an event is not a union value".to_owned());
    };
    let Some((name, Value::Object(mut object))) = union.into_iter().next() else {
        return Err("an event is not a union value with one member".to_owned());
    };
    let (mut message, members) = bare_message::<U>(&name);
    let mut content_type = "application/json";
    let mut explicit_payload = false;
    for (key, binding) in members {
        let Some(value) = object.remove(*key).filter(|v| !v.is_null()) else {
            continue;
        };
        let bad = || format!("member `{key}` of event `{name}` does not fit its binding: {value}");
        match binding {
            Binding::Header(kind) => message.headers.push(Header {
                name: (*key).to_owned(),
                value: json_header(*kind, &value).ok_or_else(bad)?,
            }),
            Binding::Payload(kind) => {
                explicit_payload = true;
                message.payload = match (kind, &value) {
                    (PayloadKind::Blob, Value::String(text)) => {
                        content_type = "application/octet-stream";
                        base64::engine::general_purpose::STANDARD
                            .decode(text)
                            .map_err(|_| bad())?
                    }
                    (PayloadKind::String, Value::String(text)) => {
                        content_type = "text/plain";
                        text.clone().into_bytes()
                    }
                    (PayloadKind::Document, _) => {
                        serde_json::to_vec(&value).map_err(|e| e.to_string())?
                    }
                    _ => return Err(bad()),
                };
            }
        }
    }
    if !explicit_payload {
        message.payload = serde_json::to_vec(&object).map_err(|e| e.to_string())?;
    }
    message.headers.push(Header {
        name: ":content-type".to_owned(),
        value: HeaderValue::String(content_type.to_owned()),
    });
    Ok(message)
}

fn json_header(kind: HeaderKind, value: &Value) -> Option<HeaderValue> {
    Some(match kind {
        HeaderKind::Bool => HeaderValue::Bool(value.as_bool()?),
        HeaderKind::Byte => HeaderValue::Byte(i8::try_from(value.as_i64()?).ok()?),
        HeaderKind::Short => HeaderValue::Short(i16::try_from(value.as_i64()?).ok()?),
        HeaderKind::Int => HeaderValue::Int(i32::try_from(value.as_i64()?).ok()?),
        HeaderKind::Long => HeaderValue::Long(value.as_i64()?),
        HeaderKind::Blob => HeaderValue::Bytes(
            base64::engine::general_purpose::STANDARD
                .decode(value.as_str()?)
                .ok()?,
        ),
        HeaderKind::String => HeaderValue::String(value.as_str()?.to_owned()),
        // Epoch seconds, or the text of a member with another format, to milliseconds.
        HeaderKind::Timestamp => HeaderValue::Timestamp(match value {
            Value::String(text) => {
                let time = crate::value::datetime::DateTime::parse_any(text).ok()?;
                time.secs() * 1000 + i64::from(time.subsec_nanos() / 1_000_000)
            }
            _ => (value.as_f64()? * 1000.0).round() as i64,
        }),
    })
}

/// The union of an operation without an input event stream: it has no events.
#[derive(Debug)]
pub enum NoEvents {}

impl Serialize for NoEvents {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

impl<'de> serde::Deserialize<'de> for NoEvents {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("there are no events"))
    }
}

impl EventUnion for NoEvents {
    const EVENTS: &'static [EventShape] = &[];
}
