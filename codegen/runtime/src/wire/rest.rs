//! The HTTP bindings of the REST protocols: an input's URI labels, query string, headers and
//! payload, and (from `rest_output`) an output's headers, status code and payload.

use crate::http::percent::encode_into;
use crate::value::datetime::{DateTime, Format};
use crate::value::open_enum::OpenEnum;
use crate::wire::rest_encoding::Encoding;
use crate::wire::rest_output::FromHttp;
use serde::Serialize;
use std::collections::HashMap;

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
                text.parse().map_err(|e: crate::value::number::BigNumberError| e.to_string())
            }
        }
    )*};
}

big_values!(crate::value::number::BigInteger crate::value::number::BigDecimal);

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
impl HttpValue for crate::value::blob::Blob {
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
    /// Headers from prefix-header maps, sent unless a member binds the same header.
    prefixed: Vec<(String, String)>,
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
            prefixed: Vec::new(),
            body: Vec::new(),
            content_type: None,
        }
    }

    /// Fills a label with the location's default encoding; see [`Request::label_as`].
    pub fn label<V: HttpValue>(&mut self, name: &str, value: &V) -> Result<(), String> {
        self.label_as(name, value, Encoding::Default)
    }

    /// Fills the label `{name}` with `value`, or with `fallback` when `value` is empty
    /// (Glacier's account id, where `-` stands for the caller's own account).
    pub fn label_or(&mut self, name: &str, value: &str, fallback: &str) -> Result<(), String> {
        let text = if value.is_empty() { fallback } else { value };
        self.label(name, &text.to_owned())
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

    /// Sets a header per map entry, its name the prefix and the key; a header a member
    /// binds by its own name wins over an entry of the same name (with an empty prefix).
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
            let before = self.headers.len();
            self.header(&format!("{prefix}{key}"), value)?;
            let added: Vec<(String, String)> = self.headers.drain(before..).collect();
            self.prefixed.extend(added);
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

    /// The body is the input's members that are not bound elsewhere, an XML document whose
    /// root element `root` names (restXml).
    #[cfg(feature = "xml")]
    pub fn xml_members<T: Serialize>(
        &mut self,
        input: &T,
        root: &'static str,
    ) -> Result<(), String> {
        self.body = crate::wire::xml::to_xml(input, root)?;
        self.content_type = Some("application/xml");
        Ok(())
    }

    /// The body is one structure or union member, as an XML document whose root element
    /// `root` names (empty: the structure's own name); nothing when it is unset.
    #[cfg(feature = "xml")]
    pub fn xml_payload<T: Serialize>(
        &mut self,
        value: Option<&T>,
        root: &'static str,
    ) -> Result<(), String> {
        if let Some(value) = value {
            self.body = crate::wire::xml::to_xml(value, root)?;
            self.content_type = Some("application/xml");
        }
        Ok(())
    }

    /// The body is one string member, as it is.
    pub fn text_payload(&mut self, value: Option<&str>) {
        if let Some(text) = value {
            self.body = text.as_bytes().to_vec();
            self.content_type = Some("text/plain");
        }
    }

    /// The body is one blob member, as it is, of the given media type (the model's, else
    /// `application/octet-stream`).
    pub fn blob_payload(&mut self, value: Option<&[u8]>, content_type: &'static str) {
        if let Some(bytes) = value {
            self.body = bytes.to_vec();
            self.content_type = Some(content_type);
        }
    }

    /// The body streams from a streaming blob member of the given media type: the client
    /// sends it after these parts, and only when the member is set.
    pub fn stream_payload(&mut self, set: bool, content_type: &'static str) {
        if set {
            self.content_type = Some(content_type);
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
        for (name, value) in std::mem::take(&mut self.prefixed) {
            if !self
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(&name))
            {
                self.headers.push((name, value));
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

#[cfg(feature = "blob")]
fn base64(bytes: &[u8]) -> Result<String, String> {
    use base64::Engine as _;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

#[cfg(not(feature = "blob"))]
fn base64(_: &[u8]) -> Result<String, String> {
    Err("base64 in a header needs the runtime's `blob` feature".to_owned())
}
