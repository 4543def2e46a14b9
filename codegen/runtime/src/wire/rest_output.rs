//! The HTTP bindings of an output under the REST protocols: its headers, status code and
//! payload. [`crate::wire::rest`] re-exports all of it.

use crate::http::transport::HttpResponse;
use crate::value::datetime::{DateTime, Format};
use crate::value::open_enum::OpenEnum;
use crate::wire::rest_encoding::Encoding;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

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
impl FromHttp for crate::value::blob::Blob {
    fn from_text(text: &str, _: Encoding) -> Result<Self, String> {
        unbase64(text).map(crate::value::blob::Blob)
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
/// an empty map when there is none, as botocore reads it.
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
    Ok(Some(map))
}

/// The response's status code, for a member bound to it.
pub fn status(response: &HttpResponse) -> Option<i32> {
    Some(i32::from(response.status))
}

/// The output's members that travel in the body, from its JSON object (an empty body is
/// an object without members) or its XML document.
pub fn members<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, String> {
    crate::wire::body::read_body(response)
}

/// A member that is the whole body, as JSON or XML; `None` for an empty body.
pub fn json_payload<T: DeserializeOwned>(response: &HttpResponse) -> Result<Option<T>, String> {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    #[cfg(feature = "xml")]
    if crate::wire::xml::is_xml(&response.body) {
        return crate::wire::xml::read_output(response, None).map(Some);
    }
    crate::wire::body::from_json(&response.body).map(Some)
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

/// A string member whose element is the whole document (S3's `s3UnwrappedXmlOutput`:
/// `GetBucketLocation` answers `<LocationConstraint>us-west-2</LocationConstraint>`, not the
/// output's element around it); `None` for an empty body or element.
#[cfg(feature = "xml")]
pub fn unwrapped_xml_text<T: From<String>>(response: &HttpResponse) -> Result<Option<T>, String> {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let root = crate::wire::xml::parse(&response.body)?;
    Ok((!root.text.is_empty()).then(|| T::from(root.text)))
}

/// A blob member that is the whole body; `None` for an empty body.
pub fn blob_payload<T: From<Vec<u8>>>(response: &HttpResponse) -> Option<T> {
    (!response.body.is_empty()).then(|| T::from(response.body.clone()))
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
