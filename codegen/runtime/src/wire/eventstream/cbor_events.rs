//! Events of rpcv2Cbor: a message's payload is a CBOR map of the event's unbound members
//! (or the bytes, text or CBOR document of its `eventPayload` member), its header members
//! in the message's headers. The event is split and joined at the level of raw CBOR map
//! entries, so every other member keeps exactly the encoding the generated types give it.

use crate::value::blob::Blob;
use crate::wire::cbor;
use crate::wire::eventstream::frame::{Header, HeaderValue, Message};
use crate::wire::eventstream::shapes::{Binding, EventUnion, HeaderKind, PayloadKind};
use minicbor::data::Tag;
use minicbor::{Decoder, Encoder};

/// The CBOR `null` a member without a value may be written as.
const NULL: u8 = 0xf6;

/// The entries of the CBOR map at the decoder's position: each text key and its value's
/// raw bytes. Definite and indefinite lengths are read; a length the input cannot hold
/// fails on the first missing entry, not by allocating for it.
fn map_entries<'b>(decoder: &mut Decoder<'b>) -> Result<Vec<(String, &'b [u8])>, String> {
    let invalid = |e: minicbor::decode::Error| format!("invalid CBOR: {e}");
    let length = decoder.map().map_err(invalid)?;
    let mut entries = Vec::new();
    loop {
        let at = decoder.position();
        match length {
            Some(n) if entries.len() as u64 == n => break,
            None if decoder.input().get(at) == Some(&0xff) => {
                decoder.set_position(at + 1);
                break;
            }
            _ => {}
        }
        let key = decoder
            .str()
            .map_err(|e| format!("a CBOR map key at byte {at} is not text: {e}"))?
            .to_owned();
        let start = decoder.position();
        decoder.skip().map_err(invalid)?;
        entries.push((key, &decoder.input()[start..decoder.position()]));
    }
    Ok(entries)
}

/// The one CBOR data item `bytes` holds, or why it is not exactly one.
fn whole_item(bytes: &[u8]) -> Result<&[u8], String> {
    let mut decoder = Decoder::new(bytes);
    decoder.skip().map_err(|e| format!("invalid CBOR: {e}"))?;
    match decoder.position() {
        end if end == bytes.len() => Ok(bytes),
        end => Err(format!("{} bytes follow the CBOR value", bytes.len() - end)),
    }
}

/// The event a message named `name` holds, its payload CBOR.
pub fn read_cbor_event<U: EventUnion>(
    name: &str,
    message: &Message,
    members: &[(&'static str, Binding)],
) -> Result<U, String> {
    let unreadable = |e: String| format!("the payload of event `{name}` is not CBOR: {e}");
    // The event's members as raw map entries: the payload's, then the headers'.
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let payload_member = members.iter().find_map(|(key, binding)| match binding {
        Binding::Payload(kind) => Some((*key, *kind)),
        Binding::Header(_) => None,
    });
    match payload_member {
        Some((key, kind)) => {
            let value = match kind {
                PayloadKind::Blob => encoded(|e| e.bytes(&message.payload).map(drop)),
                PayloadKind::String => {
                    let text = std::str::from_utf8(&message.payload)
                        .map_err(|_| format!("the payload of event `{name}` is not UTF-8"))?;
                    encoded(|e| e.str(text).map(drop))
                }
                PayloadKind::Document if message.payload.is_empty() => Vec::new(),
                PayloadKind::Document => whole_item(&message.payload).map_err(unreadable)?.to_vec(),
            };
            if !value.is_empty() {
                entries.push((key.to_owned(), value));
            }
        }
        None if message.payload.is_empty() => {}
        None => {
            let mut decoder = Decoder::new(&message.payload);
            for (key, raw) in map_entries(&mut decoder).map_err(unreadable)? {
                entries.push((key, raw.to_vec()));
            }
            let trailing = message.payload.len() - decoder.position();
            if trailing != 0 {
                return Err(unreadable(format!("{trailing} bytes follow the map")));
            }
        }
    }
    for (key, binding) in members {
        if let (Binding::Header(_), Some(value)) = (binding, message.header(key)) {
            // A header is the member's value, whatever the payload said of it.
            entries.retain(|(k, _)| k.as_str() != *key);
            entries.push(((*key).to_owned(), header_cbor(value)));
        }
    }
    let mut union = Encoder::new(Vec::new());
    let written: Result<_, minicbor::encode::Error<std::convert::Infallible>> = (|| {
        union.map(1)?.str(name)?.map(entries.len() as u64)?;
        for (key, raw) in &entries {
            union.str(key)?;
            union.writer_mut().extend_from_slice(raw);
        }
        Ok(())
    })();
    written.map_err(|e| e.to_string())?;
    cbor::from_slice(&union.into_writer()).map_err(|e| format!("event `{name}`: {e}"))
}

/// What `write` encodes, as bytes (writing to a `Vec` cannot fail).
fn encoded(
    write: impl FnOnce(
        &mut Encoder<Vec<u8>>,
    ) -> Result<(), minicbor::encode::Error<std::convert::Infallible>>,
) -> Vec<u8> {
    let mut encoder = Encoder::new(Vec::new());
    let _ = write(&mut encoder);
    encoder.into_writer()
}

/// A header's value as a CBOR data item of the member's type.
fn header_cbor(value: &HeaderValue) -> Vec<u8> {
    encoded(|e| {
        match value {
            HeaderValue::Bool(v) => e.bool(*v)?,
            HeaderValue::Byte(v) => e.i8(*v)?,
            HeaderValue::Short(v) => e.i16(*v)?,
            HeaderValue::Int(v) => e.i32(*v)?,
            HeaderValue::Long(v) => e.i64(*v)?,
            HeaderValue::Bytes(v) => e.bytes(v)?,
            HeaderValue::String(v) => e.str(v)?,
            // Epoch seconds under tag 1, as rpcv2Cbor writes timestamps.
            HeaderValue::Timestamp(ms) if ms % 1000 == 0 => e.tag(Tag::new(1))?.i64(ms / 1000)?,
            HeaderValue::Timestamp(ms) => e.tag(Tag::new(1))?.f64(*ms as f64 / 1000.0)?,
            HeaderValue::Uuid(bytes) => {
                e.str(&bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())?
            }
        };
        Ok(())
    })
}

/// A member's CBOR value as a header of its type.
fn cbor_header(kind: HeaderKind, raw: &[u8]) -> Result<HeaderValue, String> {
    let int = || cbor::from_slice::<i64>(raw).map_err(|e| e.to_string());
    let narrow = |e: std::num::TryFromIntError| e.to_string();
    Ok(match kind {
        HeaderKind::Bool => HeaderValue::Bool(cbor::from_slice(raw).map_err(|e| e.to_string())?),
        HeaderKind::Byte => HeaderValue::Byte(i8::try_from(int()?).map_err(narrow)?),
        HeaderKind::Short => HeaderValue::Short(i16::try_from(int()?).map_err(narrow)?),
        HeaderKind::Int => HeaderValue::Int(i32::try_from(int()?).map_err(narrow)?),
        HeaderKind::Long => HeaderValue::Long(int()?),
        HeaderKind::Blob => HeaderValue::Bytes(
            cbor::from_slice::<Blob>(raw)
                .map_err(|e| e.to_string())?
                .as_bytes()
                .to_vec(),
        ),
        HeaderKind::String => {
            HeaderValue::String(cbor::from_slice(raw).map_err(|e| e.to_string())?)
        }
        HeaderKind::Timestamp => {
            let seconds = cbor::from_slice::<f64>(raw).map_err(|e| e.to_string())?;
            HeaderValue::Timestamp((seconds * 1000.0).round() as i64)
        }
    })
}

/// The message of an event to send, its payload CBOR: `message` is the event's message
/// without payload or members, `bindings` its members' bindings.
pub fn write_cbor_event<U: EventUnion>(
    event: &U,
    message: impl FnOnce(&str) -> (Message, &'static [(&'static str, Binding)]),
) -> Result<Message, String> {
    let bytes = cbor::to_vec(event).map_err(|e| e.to_string())?;
    let union = map_entries(&mut Decoder::new(&bytes))?;
    let [(name, raw)] = union.as_slice() else {
        return Err("an event is not a union value with one member".to_owned());
    };
    let (mut message, bindings) = message(name);
    let mut content_type = "application/cbor";
    let mut payload = None;
    let mut document = Vec::new();
    for (key, raw) in map_entries(&mut Decoder::new(raw))? {
        if raw == [NULL] {
            continue;
        }
        let bad =
            |e: String| format!("member `{key}` of event `{name}` does not fit its binding: {e}");
        match bindings.iter().find(|(k, _)| *k == key) {
            Some((_, Binding::Header(kind))) => message.headers.push(Header {
                value: cbor_header(*kind, raw).map_err(bad)?,
                name: key,
            }),
            Some((_, Binding::Payload(PayloadKind::Blob))) => {
                content_type = "application/octet-stream";
                let blob = cbor::from_slice::<Blob>(raw).map_err(|e| bad(e.to_string()))?;
                payload = Some(blob.as_bytes().to_vec());
            }
            Some((_, Binding::Payload(PayloadKind::String))) => {
                content_type = "text/plain";
                let text = cbor::from_slice::<String>(raw).map_err(|e| bad(e.to_string()))?;
                payload = Some(text.into_bytes());
            }
            Some((_, Binding::Payload(PayloadKind::Document))) => payload = Some(raw.to_vec()),
            None => document.push((key, raw)),
        }
    }
    message.payload = match payload {
        Some(payload) => payload,
        None => {
            let mut map = Encoder::new(Vec::new());
            let _ = map.map(document.len() as u64);
            for (key, raw) in document {
                let _ = map.str(&key);
                map.writer_mut().extend_from_slice(raw);
            }
            map.into_writer()
        }
    };
    message.headers.push(Header {
        name: ":content-type".to_owned(),
        value: HeaderValue::String(content_type.to_owned()),
    });
    Ok(message)
}
