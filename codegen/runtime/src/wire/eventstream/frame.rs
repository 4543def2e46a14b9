//! One event stream message on the wire (`application/vnd.amazon.eventstream`): its typed
//! headers and payload, encoded and decoded with both CRC32 checks and the size limits.
//!
//! ```text
//! [total_length u32][headers_length u32][prelude_crc u32]  the prelude, CRC32 of its first 8 bytes
//! [headers][payload]
//! [message_crc u32]                                       CRC32 of every byte before it
//! header = [name_len u8][name][type u8][value]
//! ```

use std::fmt;

/// The prelude: the two lengths and their CRC.
pub const PRELUDE_LEN: usize = 12;
/// A message without headers or payload: the prelude and the message CRC.
pub const MIN_MESSAGE_LEN: usize = PRELUDE_LEN + 4;
/// The most header bytes a message may carry (botocore's and aws-sdk-go's limit).
pub const MAX_HEADERS_LEN: usize = 128 * 1024;
/// The largest payload a message may carry (botocore's limit).
pub const MAX_PAYLOAD_LEN: usize = 24 * 1024 * 1024;

/// A header's typed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderValue {
    /// Types 0 (true) and 1 (false): no value bytes.
    Bool(bool),
    /// Type 2: one signed byte.
    Byte(i8),
    /// Type 3: a signed 16-bit integer.
    Short(i16),
    /// Type 4: a signed 32-bit integer.
    Int(i32),
    /// Type 5: a signed 64-bit integer.
    Long(i64),
    /// Type 6: bytes, at most 65,535.
    Bytes(Vec<u8>),
    /// Type 7: UTF-8 text, at most 65,535 bytes.
    String(String),
    /// Type 8: milliseconds since the epoch.
    Timestamp(i64),
    /// Type 9: a UUID's 16 bytes.
    Uuid([u8; 16]),
}

impl HeaderValue {
    /// The text of a string header.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            HeaderValue::String(text) => Some(text),
            _ => None,
        }
    }
}

/// A header: a name (1 to 255 bytes of UTF-8) and a typed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The name.
    pub name: String,
    /// The value.
    pub value: HeaderValue,
}

/// A message: headers in wire order, and the payload.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    /// The headers, in the order they are on the wire; no name twice.
    pub headers: Vec<Header>,
    /// The payload bytes.
    pub payload: Vec<u8>,
}

impl Message {
    /// A message with these string headers and this payload.
    pub fn new(headers: &[(&str, &str)], payload: impl Into<Vec<u8>>) -> Self {
        Message {
            headers: headers
                .iter()
                .map(|(name, value)| Header {
                    name: (*name).to_owned(),
                    value: HeaderValue::String((*value).to_owned()),
                })
                .collect(),
            payload: payload.into(),
        }
    }

    /// The value of the header `name`.
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|h| h.name == name)
            .map(|h| &h.value)
    }

    /// The text of the string header `name`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.header(name).and_then(HeaderValue::as_str)
    }
}

/// What is wrong with a frame. The kinds follow the failures the SDKs' test vectors name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameErrorKind {
    /// The CRC32 of the prelude's first 8 bytes differs from the prelude CRC.
    PreludeCrcMismatch,
    /// The CRC32 of the message differs from its message CRC.
    MessageCrcMismatch,
    /// The total length is under 16 bytes, the least a message takes.
    LengthMismatch,
    /// The headers length is more than the total length leaves for them.
    InvalidHeadersLength,
    /// The headers length is above [`MAX_HEADERS_LEN`].
    HeadersLengthExceedsLimit,
    /// The payload length is above [`MAX_PAYLOAD_LEN`].
    PayloadLengthExceedsLimit,
    /// A header name appears twice.
    DuplicateHeader,
    /// A header is cut short, has an unknown type, an empty name or text that is not UTF-8.
    InvalidHeader,
    /// The stream ended inside a message.
    Truncated,
    /// A message to encode is too large, or a header of it cannot be written.
    Unencodable,
}

/// A frame that cannot be decoded or encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameError {
    /// What kind of failure.
    pub kind: FrameErrorKind,
    /// What was found.
    pub message: String,
}

impl FrameError {
    fn new(kind: FrameErrorKind, message: impl Into<String>) -> Self {
        FrameError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid event stream frame: {}", self.message)
    }
}

impl std::error::Error for FrameError {}

/// The lengths a valid prelude gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prelude {
    /// The whole message's length, prelude and CRCs included.
    pub total_len: usize,
    /// The headers' length.
    pub headers_len: usize,
}

fn be_u32(bytes: &[u8]) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[..4]);
    u32::from_be_bytes(word)
}

/// Checks the first [`PRELUDE_LEN`] bytes of a message: its CRC first, then its lengths
/// against each other and the limits, so a bad message is rejected before its body comes.
pub fn read_prelude(bytes: &[u8; PRELUDE_LEN]) -> Result<Prelude, FrameError> {
    let (total, headers, crc) = (be_u32(bytes), be_u32(&bytes[4..]), be_u32(&bytes[8..]));
    let computed = crc32fast::hash(&bytes[..8]);
    if computed != crc {
        return Err(FrameError::new(
            FrameErrorKind::PreludeCrcMismatch,
            format!("the prelude CRC is {crc:#010x}, its bytes' CRC32 {computed:#010x}"),
        ));
    }
    let (total_len, headers_len) = (total as usize, headers as usize);
    if total_len < MIN_MESSAGE_LEN {
        return Err(FrameError::new(
            FrameErrorKind::LengthMismatch,
            format!("a total length of {total_len} bytes is under the {MIN_MESSAGE_LEN} a message takes"),
        ));
    }
    if headers_len > MAX_HEADERS_LEN {
        return Err(FrameError::new(
            FrameErrorKind::HeadersLengthExceedsLimit,
            format!("{headers_len} bytes of headers are over the limit of {MAX_HEADERS_LEN}"),
        ));
    }
    if headers_len > total_len - MIN_MESSAGE_LEN {
        return Err(FrameError::new(
            FrameErrorKind::InvalidHeadersLength,
            format!("{headers_len} bytes of headers do not fit a message of {total_len} bytes"),
        ));
    }
    let payload_len = total_len - MIN_MESSAGE_LEN - headers_len;
    if payload_len > MAX_PAYLOAD_LEN {
        return Err(FrameError::new(
            FrameErrorKind::PayloadLengthExceedsLimit,
            format!("a payload of {payload_len} bytes is over the limit of {MAX_PAYLOAD_LEN}"),
        ));
    }
    Ok(Prelude {
        total_len,
        headers_len,
    })
}

/// Decodes one whole message, `bytes` holding exactly its total length.
pub fn decode_message(bytes: &[u8]) -> Result<Message, FrameError> {
    let prelude_bytes: &[u8; PRELUDE_LEN] = bytes
        .get(..PRELUDE_LEN)
        .and_then(|p| p.try_into().ok())
        .ok_or_else(|| truncated(bytes.len(), PRELUDE_LEN))?;
    let prelude = read_prelude(prelude_bytes)?;
    if bytes.len() < prelude.total_len {
        return Err(truncated(bytes.len(), prelude.total_len));
    }
    let bytes = &bytes[..prelude.total_len];
    let body_end = prelude.total_len - 4;
    let (crc, computed) = (
        be_u32(&bytes[body_end..]),
        crc32fast::hash(&bytes[..body_end]),
    );
    if crc != computed {
        return Err(FrameError::new(
            FrameErrorKind::MessageCrcMismatch,
            format!("the message CRC is {crc:#010x}, its bytes' CRC32 {computed:#010x}"),
        ));
    }
    let headers_end = PRELUDE_LEN + prelude.headers_len;
    Ok(Message {
        headers: decode_headers(&bytes[PRELUDE_LEN..headers_end])?,
        payload: bytes[headers_end..body_end].to_vec(),
    })
}

fn truncated(have: usize, need: usize) -> FrameError {
    FrameError::new(
        FrameErrorKind::Truncated,
        format!("the stream ended {have} bytes into a message of {need}"),
    )
}

/// Reads headers from their bytes, rejecting any that is cut short or named twice.
fn decode_headers(mut bytes: &[u8]) -> Result<Vec<Header>, FrameError> {
    let mut headers: Vec<Header> = Vec::new();
    while !bytes.is_empty() {
        let header = decode_header(&mut bytes)?;
        if headers.iter().any(|h| h.name == header.name) {
            return Err(FrameError::new(
                FrameErrorKind::DuplicateHeader,
                format!("the header `{}` appears twice", header.name),
            ));
        }
        headers.push(header);
    }
    Ok(headers)
}

fn take<'a>(bytes: &mut &'a [u8], n: usize, what: &str) -> Result<&'a [u8], FrameError> {
    if bytes.len() < n {
        return Err(FrameError::new(
            FrameErrorKind::InvalidHeader,
            format!(
                "{what} needs {n} bytes, the headers have {} left",
                bytes.len()
            ),
        ));
    }
    let (taken, rest) = bytes.split_at(n);
    *bytes = rest;
    Ok(taken)
}

fn fixed<const N: usize>(bytes: &mut &[u8], what: &str) -> Result<[u8; N], FrameError> {
    let mut array = [0; N];
    array.copy_from_slice(take(bytes, N, what)?);
    Ok(array)
}

fn decode_header(bytes: &mut &[u8]) -> Result<Header, FrameError> {
    let [name_len] = fixed::<1>(bytes, "a header name's length")?;
    if name_len == 0 {
        return Err(FrameError::new(
            FrameErrorKind::InvalidHeader,
            "a header has an empty name",
        ));
    }
    let name = utf8(
        take(bytes, name_len.into(), "a header name")?,
        "header name",
    )?;
    let [kind] = fixed::<1>(bytes, "a header type")?;
    let what = |kind: &str| format!("the {kind} value of header `{name}`");
    let value = match kind {
        0 => HeaderValue::Bool(true),
        1 => HeaderValue::Bool(false),
        2 => HeaderValue::Byte(i8::from_be_bytes(fixed(bytes, &what("byte"))?)),
        3 => HeaderValue::Short(i16::from_be_bytes(fixed(bytes, &what("short"))?)),
        4 => HeaderValue::Int(i32::from_be_bytes(fixed(bytes, &what("int"))?)),
        5 => HeaderValue::Long(i64::from_be_bytes(fixed(bytes, &what("long"))?)),
        6 | 7 => {
            let len = u16::from_be_bytes(fixed(bytes, &what("length of the"))?);
            let value = take(bytes, len.into(), &what("bytes"))?;
            if kind == 6 {
                HeaderValue::Bytes(value.to_vec())
            } else {
                HeaderValue::String(utf8(value, "header value")?)
            }
        }
        8 => HeaderValue::Timestamp(i64::from_be_bytes(fixed(bytes, &what("timestamp"))?)),
        9 => HeaderValue::Uuid(fixed(bytes, &what("uuid"))?),
        other => {
            return Err(FrameError::new(
                FrameErrorKind::InvalidHeader,
                format!("header `{name}` has the unknown type {other}"),
            ))
        }
    };
    Ok(Header { name, value })
}

fn utf8(bytes: &[u8], what: &str) -> Result<String, FrameError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        FrameError::new(
            FrameErrorKind::InvalidHeader,
            format!("a {what} is not UTF-8"),
        )
    })
}

/// Encodes a message, checking what the format cannot carry.
pub fn encode_message(message: &Message) -> Result<Vec<u8>, FrameError> {
    let mut headers = Vec::new();
    for header in &message.headers {
        encode_header(header, &mut headers)?;
    }
    if headers.len() > MAX_HEADERS_LEN || message.payload.len() > MAX_PAYLOAD_LEN {
        return Err(FrameError::new(
            FrameErrorKind::Unencodable,
            format!(
                "{} bytes of headers and {} of payload are over the limits ({MAX_HEADERS_LEN} and {MAX_PAYLOAD_LEN})",
                headers.len(),
                message.payload.len()
            ),
        ));
    }
    let total = MIN_MESSAGE_LEN + headers.len() + message.payload.len();
    let mut bytes = Vec::with_capacity(total);
    // Both lengths are under the limits checked above, so they fit a u32.
    bytes.extend_from_slice(&(total as u32).to_be_bytes());
    bytes.extend_from_slice(&(headers.len() as u32).to_be_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&bytes).to_be_bytes());
    bytes.extend_from_slice(&headers);
    bytes.extend_from_slice(&message.payload);
    bytes.extend_from_slice(&crc32fast::hash(&bytes).to_be_bytes());
    Ok(bytes)
}

/// Appends one header's bytes.
pub fn encode_header(header: &Header, out: &mut Vec<u8>) -> Result<(), FrameError> {
    let unencodable = |what: String| FrameError::new(FrameErrorKind::Unencodable, what);
    let name_len = u8::try_from(header.name.len())
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            unencodable(format!(
                "a header name must be 1 to 255 bytes, `{}` is not",
                header.name
            ))
        })?;
    out.push(name_len);
    out.extend_from_slice(header.name.as_bytes());
    let mut variable = |kind: u8, value: &[u8]| {
        let len = u16::try_from(value.len()).map_err(|_| {
            unencodable(format!(
                "header `{}` holds {} bytes, over 65,535",
                header.name,
                value.len()
            ))
        })?;
        out.push(kind);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(value);
        Ok(())
    };
    match &header.value {
        HeaderValue::Bytes(value) => return variable(6, value),
        HeaderValue::String(value) => return variable(7, value.as_bytes()),
        _ => {}
    }
    match &header.value {
        HeaderValue::Bool(value) => out.push(if *value { 0 } else { 1 }),
        HeaderValue::Byte(value) => out.extend([2, value.to_be_bytes()[0]]),
        HeaderValue::Short(value) => push(out, 3, &value.to_be_bytes()),
        HeaderValue::Int(value) => push(out, 4, &value.to_be_bytes()),
        HeaderValue::Long(value) => push(out, 5, &value.to_be_bytes()),
        HeaderValue::Timestamp(value) => push(out, 8, &value.to_be_bytes()),
        HeaderValue::Uuid(value) => push(out, 9, value),
        HeaderValue::Bytes(_) | HeaderValue::String(_) => {}
    }
    Ok(())
}

fn push(out: &mut Vec<u8>, kind: u8, value: &[u8]) {
    out.push(kind);
    out.extend_from_slice(value);
}
