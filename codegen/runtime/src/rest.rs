//! The HTTP bindings of the REST protocols: an input's URI labels, query string, headers and
//! payload, and an output's headers, status code and payload.

use super::datetime::{DateTime, Format};
use super::macros::OpenEnum;
use super::sigv4::encode_into;
use super::transport::HttpResponse;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;

/// How a bound value is written, where the model says more than its Rust type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// The location's default: timestamps as HTTP dates in headers, as RFC 3339 in the URI
    /// and the query string.
    Default,
    /// Timestamps in this format.
    Time(Format),
    /// A JSON document in a header (`jsonvalue`): its text, base64-encoded.
    JsonValue,
}

impl Encoding {
    fn time_or(self, default: Format) -> Encoding {
        match self {
            Encoding::Default => Encoding::Time(default),
            other => other,
        }
    }

    fn time(self) -> Format {
        match self {
            Encoding::Time(format) => format,
            _ => Format::DateTime,
        }
    }
}

/// A value an input binds to a URI label, a query parameter or a header.
pub trait HttpValue {
    /// Whether the items are strings, which a header list quotes when they hold a comma or
    /// a quote.
    const STRING: bool = false;
    /// Whether the value is a list, which a header sends even when it is empty.
    const LIST: bool = false;

    /// Whether the value is set (an option may not be).
    fn is_set(&self) -> bool {
        true
    }

    /// Appends the value's text forms: none for an unset option, one per item of a list.
    fn texts(&self, encoding: Encoding, out: &mut Vec<String>) -> Result<(), String>;
}

impl HttpValue for String {
    const STRING: bool = true;

    fn texts(&self, encoding: Encoding, out: &mut Vec<String>) -> Result<(), String> {
        out.push(match encoding {
            Encoding::JsonValue => base64(self.as_bytes())?,
            _ => self.clone(),
        });
        Ok(())
    }
}

impl HttpValue for bool {
    fn texts(&self, _: Encoding, out: &mut Vec<String>) -> Result<(), String> {
        out.push(self.to_string());
        Ok(())
    }
}

macro_rules! integer_values {
    ($($ty:ty)*) => {$(
        impl HttpValue for $ty {
            fn texts(&self, _: Encoding, out: &mut Vec<String>) -> Result<(), String> {
                out.push(self.to_string());
                Ok(())
            }
        }

        impl FromHttp for $ty {
            fn from_text(text: &str, _: Encoding) -> Result<Self, String> {
                text.parse().map_err(|e| format!("`{text}` is not an integer: {e}"))
            }
        }
    )*};
}

integer_values!(i32 i64);

macro_rules! big_values {
    ($($ty:ty)*) => {$(
        impl HttpValue for $ty {
            fn texts(&self, _: Encoding, out: &mut Vec<String>) -> Result<(), String> {
                out.push(self.as_str().to_owned());
                Ok(())
            }
        }

        impl FromHttp for $ty {
            fn from_text(text: &str, _: Encoding) -> Result<Self, String> {
                text.parse().map_err(|e: super::number::BigNumberError| e.to_string())
            }
        }
    )*};
}

big_values!(super::number::BigInteger super::number::BigDecimal);

macro_rules! float_values {
    ($($ty:ty)*) => {$(
        impl HttpValue for $ty {
            fn texts(&self, _: Encoding, out: &mut Vec<String>) -> Result<(), String> {
                out.push(if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
                } else {
                    self.to_string()
                });
                Ok(())
            }
        }

        impl FromHttp for $ty {
            fn from_text(text: &str, _: Encoding) -> Result<Self, String> {
                match text {
                    "NaN" => Ok(<$ty>::NAN),
                    "Infinity" => Ok(<$ty>::INFINITY),
                    "-Infinity" => Ok(<$ty>::NEG_INFINITY),
                    _ => text.parse().map_err(|e| format!("`{text}` is not a number: {e}")),
                }
            }
        }
    )*};
}

float_values!(f32 f64);

impl HttpValue for DateTime {
    fn texts(&self, encoding: Encoding, out: &mut Vec<String>) -> Result<(), String> {
        out.push(match encoding.time() {
            Format::EpochSeconds => self.to_epoch_seconds_string(),
            Format::DateTime => self.to_string(),
            Format::HttpDate => self.to_http_date(),
        });
        Ok(())
    }
}

#[cfg(feature = "blob")]
impl HttpValue for super::blob::Blob {
    fn texts(&self, _: Encoding, out: &mut Vec<String>) -> Result<(), String> {
        out.push(base64(self.as_bytes())?);
        Ok(())
    }
}

impl<T: OpenEnum> HttpValue for T {
    const STRING: bool = true;

    fn texts(&self, _: Encoding, out: &mut Vec<String>) -> Result<(), String> {
        out.push(self.as_ref().to_owned());
        Ok(())
    }
}

impl<T: HttpValue> HttpValue for Option<T> {
    const STRING: bool = T::STRING;
    const LIST: bool = T::LIST;

    fn is_set(&self) -> bool {
        self.is_some()
    }

    fn texts(&self, encoding: Encoding, out: &mut Vec<String>) -> Result<(), String> {
        match self {
            Some(value) => value.texts(encoding, out),
            None => Ok(()),
        }
    }
}

impl<T: HttpValue> HttpValue for Vec<T> {
    const STRING: bool = T::STRING;
    const LIST: bool = true;

    fn texts(&self, encoding: Encoding, out: &mut Vec<String>) -> Result<(), String> {
        self.iter().try_for_each(|item| item.texts(encoding, out))
    }
}

/// The text forms of a bound value.
fn texts_of<V: HttpValue>(value: &V, encoding: Encoding) -> Result<Vec<String>, String> {
    let mut texts = Vec::new();
    value.texts(encoding, &mut texts)?;
    Ok(texts)
}

/// A request's HTTP parts, bound from an input: what the protocol sends.
#[derive(Clone, Debug)]
pub struct Request {
    method: &'static str,
    path: String,
    query: Vec<(String, Option<String>)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    content_type: Option<&'static str>,
}

/// A finished [`Request`]: method, path with its query string, headers (the content type
/// among them) and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts {
    /// The method.
    pub method: &'static str,
    /// The path and query string, encoded.
    pub path_and_query: String,
    /// Headers bound from the input, and the content type of the body.
    pub headers: Vec<(String, String)>,
    /// The body; empty when there is none.
    pub body: Vec<u8>,
}

impl Request {
    /// A request to the operation's URI template, such as `/things/{Id}?list`: its labels
    /// are filled by [`Request::label`], and a query string in the template is kept.
    pub fn new(method: &'static str, uri: &str) -> Self {
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) => (key.to_owned(), Some(value.to_owned())),
                None => (pair.to_owned(), None),
            })
            .collect();
        Request {
            method,
            path: path.to_owned(),
            query,
            headers: Vec::new(),
            body: Vec::new(),
            content_type: None,
        }
    }

    /// Fills a label with the location's default encoding; see [`Request::label_as`].
    pub fn label<V: HttpValue>(&mut self, name: &str, value: &V) -> Result<(), String> {
        self.label_as(name, value, Encoding::Default)
    }

    /// Fills the label `{name}` (or the greedy `{name+}`, which keeps `/`) of the URI.
    pub fn label_as<V: HttpValue>(
        &mut self,
        name: &str,
        value: &V,
        encoding: Encoding,
    ) -> Result<(), String> {
        let texts = texts_of(value, encoding.time_or(Format::DateTime))?;
        let text = match texts.as_slice() {
            [text] if !text.is_empty() => text,
            _ => return Err(format!("the URI label `{name}` has no value")),
        };
        for (pattern, greedy) in [
            (format!("{{{name}}}"), false),
            (format!("{{{name}+}}"), true),
        ] {
            if let Some(at) = self.path.find(&pattern) {
                let mut encoded = String::new();
                encode_into(&mut encoded, text.as_bytes(), greedy);
                self.path.replace_range(at..at + pattern.len(), &encoded);
                return Ok(());
            }
        }
        Err(format!("the URI template has no label `{name}`"))
    }

    /// Adds a query parameter with the location's default encoding; see [`Request::query_as`].
    pub fn query<V: HttpValue>(&mut self, name: &str, value: &V) -> Result<(), String> {
        self.query_as(name, value, Encoding::Default)
    }

    /// Adds the query parameter `name` once per text of the value (none when it is unset
    /// or an empty list).
    pub fn query_as<V: HttpValue>(
        &mut self,
        name: &str,
        value: &V,
        encoding: Encoding,
    ) -> Result<(), String> {
        let texts = texts_of(value, encoding.time_or(Format::DateTime))?;
        self.query
            .extend(texts.into_iter().map(|text| (name.to_owned(), Some(text))));
        Ok(())
    }

    /// Adds a map's entries as query parameters, except those a named parameter already
    /// set: a member bound to a name takes precedence.
    pub fn query_map<'a, V: HttpValue + 'a>(
        &mut self,
        map: impl Into<Option<&'a HashMap<String, V>>>,
    ) -> Result<(), String> {
        let Some(map) = map.into() else {
            return Ok(());
        };
        let named: Vec<String> = self.query.iter().map(|(key, _)| key.clone()).collect();
        let mut entries: Vec<(&String, &V)> =
            map.iter().filter(|(key, _)| !named.contains(key)).collect();
        // Sorted, so that the same input always makes the same request.
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in entries {
            self.query(key, value)?;
        }
        Ok(())
    }

    /// Sets a header with the location's default encoding; see [`Request::header_as`].
    pub fn header<V: HttpValue>(&mut self, name: &str, value: &V) -> Result<(), String> {
        self.header_as(name, value, Encoding::Default)
    }

    /// Sets the header `name`: a list's items joined with `, `, strings quoted when they
    /// hold a comma or a quote. An unset value sends no header; an empty list, an empty one.
    pub fn header_as<V: HttpValue>(
        &mut self,
        name: &str,
        value: &V,
        encoding: Encoding,
    ) -> Result<(), String> {
        let texts = texts_of(value, encoding.time_or(Format::HttpDate))?;
        if texts.is_empty() && !(V::LIST && value.is_set()) {
            return Ok(());
        }
        let joined = texts
            .iter()
            .map(|text| {
                if V::STRING && text.contains([',', '"']) {
                    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
                } else {
                    text.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        self.headers.push((name.to_owned(), joined));
        Ok(())
    }

    /// Sets a header per map entry, its name the prefix and the key.
    pub fn prefix_headers<'a, V: HttpValue + 'a>(
        &mut self,
        prefix: &str,
        map: impl Into<Option<&'a HashMap<String, V>>>,
    ) -> Result<(), String> {
        let Some(map) = map.into() else {
            return Ok(());
        };
        let mut entries: Vec<(&String, &V)> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in entries {
            self.header(&format!("{prefix}{key}"), value)?;
        }
        Ok(())
    }

    /// The body is the input's members that are not bound elsewhere, a JSON object (its
    /// `Serialize` writes only those).
    pub fn members<T: Serialize>(&mut self, input: &T) -> Result<(), String> {
        self.body = serde_json::to_vec(input).map_err(|e| e.to_string())?;
        self.content_type = Some("application/json");
        Ok(())
    }

    /// The body is one member, as JSON; when it is unset, `{}` for a structure, else nothing.
    pub fn json_payload<T: Serialize>(
        &mut self,
        value: Option<&T>,
        empty_object: bool,
    ) -> Result<(), String> {
        self.body = match value {
            Some(value) => serde_json::to_vec(value).map_err(|e| e.to_string())?,
            None if empty_object => b"{}".to_vec(),
            None => return Ok(()),
        };
        self.content_type = Some("application/json");
        Ok(())
    }

    /// The body is one string member, as it is.
    pub fn text_payload(&mut self, value: Option<&str>) {
        if let Some(text) = value {
            self.body = text.as_bytes().to_vec();
            self.content_type = Some("text/plain");
        }
    }

    /// The body is one blob member, as it is.
    pub fn blob_payload(&mut self, value: Option<&[u8]>) {
        if let Some(bytes) = value {
            self.body = bytes.to_vec();
            self.content_type = Some("application/octet-stream");
        }
    }

    /// The parts to send, or the first label the input did not fill.
    pub fn finish(mut self) -> Result<Parts, String> {
        if let Some(start) = self.path.find('{') {
            let label = &self.path[start..];
            let end = label.find('}').map_or(label.len(), |at| at + 1);
            return Err(format!(
                "the URI label `{}` has no value",
                &label[..end].trim_matches(['{', '}', '+'])
            ));
        }
        let mut path_and_query = self.path;
        for (index, (key, value)) in self.query.iter().enumerate() {
            path_and_query.push(if index == 0 { '?' } else { '&' });
            encode_into(&mut path_and_query, key.as_bytes(), false);
            if let Some(value) = value {
                path_and_query.push('=');
                encode_into(&mut path_and_query, value.as_bytes(), false);
            }
        }
        // A content type bound from the input (a blob payload's media type) wins.
        let has_type = self
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        if let (Some(content_type), false) = (self.content_type, has_type) {
            self.headers
                .push(("content-type".to_owned(), content_type.to_owned()));
        }
        Ok(Parts {
            method: self.method,
            path_and_query,
            headers: self.headers,
            body: self.body,
        })
    }
}

/// A value an output reads from a header.
pub trait FromHttp: Sized {
    /// Whether the value is a timestamp, whose HTTP date form holds a comma itself.
    const TIMESTAMP: bool = false;

    /// The value of one text form.
    fn from_text(text: &str, encoding: Encoding) -> Result<Self, String>;

    /// The value of a whole header: one item, or for a list, the items it joins.
    fn from_header(text: &str, encoding: Encoding) -> Result<Self, String> {
        Self::from_text(text.trim(), encoding)
    }
}

impl FromHttp for String {
    fn from_text(text: &str, encoding: Encoding) -> Result<Self, String> {
        match encoding {
            Encoding::JsonValue => {
                let bytes = unbase64(text)?;
                String::from_utf8(bytes).map_err(|e| format!("a JSON value header: {e}"))
            }
            _ => Ok(text.to_owned()),
        }
    }
}

impl FromHttp for bool {
    fn from_text(text: &str, _: Encoding) -> Result<Self, String> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!("`{text}` is not a boolean")),
        }
    }
}

impl FromHttp for DateTime {
    const TIMESTAMP: bool = true;

    fn from_text(text: &str, _: Encoding) -> Result<Self, String> {
        DateTime::parse_any(text).map_err(|e| e.to_string())
    }
}

#[cfg(feature = "blob")]
impl FromHttp for super::blob::Blob {
    fn from_text(text: &str, _: Encoding) -> Result<Self, String> {
        unbase64(text).map(super::blob::Blob)
    }
}

impl<T: OpenEnum> FromHttp for T {
    fn from_text(text: &str, _: Encoding) -> Result<Self, String> {
        Ok(T::from(text))
    }
}

impl<T: FromHttp> FromHttp for Vec<T> {
    fn from_text(text: &str, encoding: Encoding) -> Result<Self, String> {
        T::from_text(text, encoding).map(|item| vec![item])
    }

    fn from_header(text: &str, encoding: Encoding) -> Result<Self, String> {
        split_header(
            text,
            T::TIMESTAMP && encoding == Encoding::Time(Format::HttpDate),
        )
        .iter()
        .map(|item| T::from_text(item, encoding))
        .collect()
    }
}

/// The items of a header list: split at commas outside quotes, quotes and their escapes
/// removed; HTTP dates, which hold a comma themselves, split at every second comma.
fn split_header(text: &str, http_dates: bool) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    if http_dates {
        let parts: Vec<&str> = text.split(',').collect();
        return parts
            .chunks(2)
            .map(|pair| pair.join(",").trim().to_owned())
            .collect();
    }
    let mut items = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next()),
                    '"' => break,
                    other => item.push(other),
                }
            }
            while chars.next_if(|c| *c != ',').is_some() {}
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                item.push(c);
            }
            item = item.trim_end().to_owned();
        }
        items.push(item);
        if chars.next().is_none() {
            return items;
        }
    }
}

/// A header of the response, read as `T` (timestamps as HTTP dates, or any form services
/// write); `None` when it is absent.
pub fn header<T: FromHttp>(response: &HttpResponse, name: &str) -> Result<Option<T>, String> {
    header_as(response, name, Encoding::Default)
}

/// A header of the response, read as `T` with the model's encoding; `None` when it is absent.
pub fn header_as<T: FromHttp>(
    response: &HttpResponse,
    name: &str,
    encoding: Encoding,
) -> Result<Option<T>, String> {
    response
        .header(name)
        .map(|text| {
            T::from_header(text, encoding.time_or(Format::HttpDate))
                .map_err(|e| format!("header `{name}`: {e}"))
        })
        .transpose()
}

/// Every header that starts with `prefix` (case-insensitively), by the rest of its name;
/// `None` when there is none.
pub fn prefix_headers<T: FromHttp>(
    response: &HttpResponse,
    prefix: &str,
) -> Result<Option<HashMap<String, T>>, String> {
    let mut map = HashMap::new();
    for (name, value) in &response.headers {
        let matches = name.len() >= prefix.len()
            && name.is_char_boundary(prefix.len())
            && name[..prefix.len()].eq_ignore_ascii_case(prefix);
        if matches {
            let item = T::from_header(value, Encoding::Default)
                .map_err(|e| format!("header `{name}`: {e}"))?;
            map.insert(name[prefix.len()..].to_owned(), item);
        }
    }
    Ok((!map.is_empty()).then_some(map))
}

/// The response's status code, for a member bound to it.
pub fn status(response: &HttpResponse) -> Option<i32> {
    Some(i32::from(response.status))
}

/// The output's members that travel in the body, from its JSON object (an empty body is
/// an object without members).
pub fn members<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, String> {
    super::invoke::read_json(response)
}

/// A member that is the whole body, as JSON; `None` for an empty body.
pub fn json_payload<T: DeserializeOwned>(response: &HttpResponse) -> Result<Option<T>, String> {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    super::invoke::from_json(&response.body)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// A string member that is the whole body; `None` for an empty body.
pub fn text_payload<T: From<String>>(response: &HttpResponse) -> Result<Option<T>, String> {
    if response.body.is_empty() {
        return Ok(None);
    }
    String::from_utf8(response.body.clone())
        .map(|text| Some(T::from(text)))
        .map_err(|e| format!("the body is not UTF-8: {e}"))
}

/// A blob member that is the whole body; `None` for an empty body.
pub fn blob_payload<T: From<Vec<u8>>>(response: &HttpResponse) -> Option<T> {
    (!response.body.is_empty()).then(|| T::from(response.body.clone()))
}

#[cfg(feature = "blob")]
fn base64(bytes: &[u8]) -> Result<String, String> {
    use base64::Engine as _;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

#[cfg(not(feature = "blob"))]
fn base64(_: &[u8]) -> Result<String, String> {
    Err("base64 in a header needs the runtime's `blob` feature".to_owned())
}

#[cfg(feature = "blob")]
fn unbase64(text: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| format!("`{text}` is not base64: {e}"))
}

#[cfg(not(feature = "blob"))]
fn unbase64(_: &str) -> Result<Vec<u8>, String> {
    Err("base64 in a header needs the runtime's `blob` feature".to_owned())
}
