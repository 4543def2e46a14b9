//! Reading a body: JSON (or CBOR for rpcv2Cbor, XML for the query protocols and restXml)
//! into a value, and an error body's text members.

use crate::http::transport::HttpResponse;
use serde::de::DeserializeOwned;

/// How a response body is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// JSON (awsJson, rest-json).
    Json,
    /// CBOR (rpcv2Cbor).
    Cbor,
    /// XML (awsQuery, ec2Query, restXml).
    Xml,
}

/// An output or error read from a JSON body; an empty body (some services send one for
/// an output or error without members) is an object without members.
pub fn read_json<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, String> {
    let body: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &response.body
    };
    from_json(body)
}

/// An output read from its body: an XML document's root element (restXml), else JSON as
/// [`read_json`] reads it.
pub fn read_body<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, String> {
    #[cfg(feature = "xml")]
    if crate::wire::xml::is_xml(&response.body) {
        return crate::wire::xml::read_output(response, None);
    }
    read_json(response)
}

/// A value read from a JSON body, checked for UTF-8 once, up front, so the parser need not
/// check each string again. Only the `str` parser is used, so each `T`'s reader is compiled
/// once, and the UTF-8 check is a plain function, compiled once for every `T`.
pub fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    match serde_json::from_str(utf8(body)?) {
        Ok(value) => Ok(value),
        Err(e) => Err(e.to_string()),
    }
}

fn utf8(body: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(body).map_err(|e| format!("the body is not UTF-8: {e}"))
}

/// Whether a response body is CBOR: an rpcv2Cbor response says so in `Smithy-Protocol`.
pub fn is_cbor(response: &HttpResponse) -> bool {
    response.header("smithy-protocol") == Some("rpc-v2-cbor")
}

/// The top-level text members of an error body (JSON, or CBOR for rpcv2Cbor); of an XML
/// body, its code, message and request id as `code`, `message` and `requestid`.
pub fn error_fields(response: &HttpResponse) -> Vec<(String, String)> {
    #[cfg(feature = "cbor")]
    if is_cbor(response) {
        return crate::wire::cbor::text_members(&response.body);
    }
    #[cfg(feature = "xml")]
    if crate::wire::xml::is_xml(&response.body) {
        return crate::wire::xml::error_fields(&response.body);
    }
    let body: Option<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&response.body).ok();
    body.into_iter()
        .flatten()
        .filter_map(|(key, value)| Some((key, value.as_str()?.to_owned())))
        .collect()
}

/// An error read from its body: JSON, CBOR when the response says so, or the error
/// element of an XML body.
pub fn read_error<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, String> {
    #[cfg(feature = "cbor")]
    if is_cbor(response) {
        return crate::wire::cbor::read(response);
    }
    #[cfg(feature = "xml")]
    if crate::wire::xml::is_xml(&response.body) {
        return crate::wire::xml::read_error(&response.body);
    }
    read_json(response)
}
