//! Checks shared by every conformance case: the request against botocore's `serialized`
//! expectation, and parsed values against botocore's `result`.

use std::fmt::Debug;
use std::io::Read as _;

mod events;
pub use events::{base64, check_event_request, ExpectedEvent};

/// What a protocol test expects of the serialized request.
pub struct ExpectedRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path and query.
    pub uri: &'a str,
    /// Host (and, for an endpoint with a path, that path), when the case names one.
    pub host: Option<&'a str>,
    /// Headers that must be sent with exactly these values.
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must not be sent.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must be sent, with any value.
    pub require_headers: &'a [&'a str],
    /// The body, compared as JSON, or `Some("")` for an empty body; `None` checks nothing.
    /// For CBOR, base64 of the bytes, compared by decoded value.
    pub body: Option<&'a str>,
    /// Whether the body is CBOR (rpcv2Cbor).
    pub cbor: bool,
}

/// Every difference between the request sent and the expectation, or `Ok`.
pub fn check_request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    expected: &ExpectedRequest<'_>,
) -> Result<(), String> {
    let mut problems = Vec::new();
    if method != expected.method {
        problems.push(format!("method {method}, expected {}", expected.method));
    }
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.find('/').map_or("/", |at| &rest[at..]);
    if path != expected.uri {
        problems.push(format!("URI {path}, expected {}", expected.uri));
    }
    if let Some(host) = expected.host {
        // A host with a path (`example.com/custom`) is the start of the URL.
        if !rest.starts_with(host) || !matches!(rest.as_bytes().get(host.len()), None | Some(b'/')) {
            problems.push(format!("URL {url}, expected host {host}"));
        }
    }
    check_headers(headers, expected.headers, expected.forbid_headers, expected.require_headers, &mut problems);
    match expected.body {
        None => {}
        Some(text) if expected.cbor && !text.is_empty() => {
            use base64::Engine as _;
            match base64::engine::general_purpose::STANDARD.decode(text) {
                Ok(bytes) => match (cbor_value(&bytes), cbor_value(body)) {
                    (Ok(e), Ok(a)) if e == a => {}
                    (Ok(e), Ok(a)) => problems.push(format!("body {a:?}, expected {e:?}")),
                    (Err(e), _) => problems.push(format!("the expected body is not CBOR: {e}")),
                    (_, Err(e)) => problems.push(format!("the body is not CBOR: {e}")),
                },
                Err(e) => problems.push(format!("the expected body is not base64: {e}")),
            }
        }
        Some("") => {
            if !body.is_empty() {
                problems.push(format!("body {:?}, expected none", String::from_utf8_lossy(body)));
            }
        }
        Some(text) => {
            let expected: Result<serde_json::Value, _> = serde_json::from_str(text);
            let actual: Result<serde_json::Value, _> = serde_json::from_slice(body);
            match (expected, actual) {
                (Ok(e), Ok(a)) if e == a => {}
                (Ok(e), Ok(a)) => problems.push(format!("body {a}, expected {e}")),
                (Err(_), _) if text.trim_start().starts_with('<') => {
                    if let Err(problem) = same_xml(body, text) {
                        problems.push(problem);
                    }
                }
                (Err(_), _) if text.starts_with("Action=") => {
                    if let Err(problem) = same_form(body, text) {
                        problems.push(problem);
                    }
                }
                (Err(_), _) => {
                    if body != text.as_bytes() {
                        problems.push(format!("body {:?}, expected {text:?}", String::from_utf8_lossy(body)));
                    }
                }
                (Ok(_), Err(e)) => problems.push(format!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(body))),
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The headers sent against those expected with exact values, those forbidden and those
/// required with any value.
fn check_headers(
    headers: &[(String, String)],
    exact: &[(&str, &str)],
    forbidden: &[&str],
    required: &[&str],
    problems: &mut Vec<String>,
) {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    };
    for (name, value) in exact {
        match header(name) {
            Some(actual) if actual == *value => {}
            Some(actual) => problems.push(format!("header {name}: {actual:?}, expected {value:?}")),
            None => problems.push(format!("header {name} missing, expected {value:?}")),
        }
    }
    for name in forbidden {
        if let Some(actual) = header(name) {
            problems.push(format!("header {name} must not be sent (sent {actual:?})"));
        }
    }
    for name in required {
        if header(name).is_none() {
            problems.push(format!("header {name} missing"));
        }
    }
}

/// The body of a request whose last content coding is gzip, decompressed. Prints a `gzip`
/// line with both sizes for the xtask's table.
pub fn decompressed(file: &str, id: &str, headers: &[(String, String)], body: &[u8]) -> Result<Vec<u8>, String> {
    let encoding = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
        .map_or("", |(_, value)| value.as_str());
    if encoding.rsplit(',').next().map(str::trim) != Some("gzip") {
        return Err(format!("the body is not gzip-compressed (Content-Encoding {encoding:?})"));
    }
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut plain)
        .map_err(|e| format!("the gzip body does not decompress: {e}"))?;
    println!("gzip\t{file}\t{id}\t{}\t{}", body.len(), plain.len());
    Ok(plain)
}

/// Whether the parsed value equals the expected one, by `==` (a case expecting NaN checks
/// that member with `is_nan` first).
pub fn same<T: PartialEq + Debug>(actual: &T, expected: &T) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("parsed {actual:?}, expected {expected:?}"))
    }
}

/// The outcome of one case, as a line the xtask reads back.
pub fn report(file: &str, id: &str, outcome: Result<(), String>) {
    match outcome {
        Ok(()) => println!("case\t{file}\t{id}\tpass\t"),
        Err(reason) => println!("case\t{file}\t{id}\tfail\t{}", reason.replace(['\t', '\n'], " ")),
    }
}

/// A decoded CBOR data item, for comparing bodies by value: definite and indefinite lengths
/// alike, numbers by value whatever their width, map entries in any order, tags kept.
#[derive(Debug)]
pub enum Cbor {
    /// `null` or `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer or a float.
    Number(f64),
    /// A text string.
    Text(String),
    /// A byte string.
    Bytes(Vec<u8>),
    /// An array.
    Array(Vec<Cbor>),
    /// A map, sorted by key.
    Map(Vec<(String, Cbor)>),
    /// A tagged item.
    Tag(u64, Box<Cbor>),
}

impl PartialEq for Cbor {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Cbor::Null, Cbor::Null) => true,
            (Cbor::Bool(a), Cbor::Bool(b)) => a == b,
            (Cbor::Number(a), Cbor::Number(b)) => a == b || (a.is_nan() && b.is_nan()),
            (Cbor::Text(a), Cbor::Text(b)) => a == b,
            (Cbor::Bytes(a), Cbor::Bytes(b)) => a == b,
            (Cbor::Array(a), Cbor::Array(b)) => a == b,
            (Cbor::Map(a), Cbor::Map(b)) => a == b,
            (Cbor::Tag(a, x), Cbor::Tag(b, y)) => a == b && x == y,
            _ => false,
        }
    }
}

/// `bytes` decoded as one CBOR data item.
pub fn cbor_value(bytes: &[u8]) -> Result<Cbor, String> {
    let mut decoder = minicbor::Decoder::new(bytes);
    let value = cbor_item(&mut decoder)?;
    if decoder.position() != bytes.len() {
        return Err(format!("bytes after the value at {}", decoder.position()));
    }
    Ok(value)
}

fn cbor_item(d: &mut minicbor::Decoder<'_>) -> Result<Cbor, String> {
    use minicbor::data::Type;
    let e = |e: minicbor::decode::Error| e.to_string();
    Ok(match d.datatype().map_err(e)? {
        Type::Bool => Cbor::Bool(d.bool().map_err(e)?),
        Type::Null | Type::Undefined => {
            d.skip().map_err(e)?;
            Cbor::Null
        }
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => Cbor::Number(d.u64().map_err(e)? as f64),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => Cbor::Number(d.i64().map_err(e)? as f64),
        Type::F16 => Cbor::Number(f64::from(d.f16().map_err(e)?)),
        Type::F32 => Cbor::Number(f64::from(d.f32().map_err(e)?)),
        Type::F64 => Cbor::Number(d.f64().map_err(e)?),
        Type::String => Cbor::Text(d.str().map_err(e)?.to_owned()),
        Type::StringIndef => {
            let mut text = String::new();
            for chunk in d.str_iter().map_err(e)? {
                text.push_str(chunk.map_err(e)?);
            }
            Cbor::Text(text)
        }
        Type::Bytes => Cbor::Bytes(d.bytes().map_err(e)?.to_vec()),
        Type::BytesIndef => {
            let mut bytes = Vec::new();
            for chunk in d.bytes_iter().map_err(e)? {
                bytes.extend_from_slice(chunk.map_err(e)?);
            }
            Cbor::Bytes(bytes)
        }
        Type::Array | Type::ArrayIndef => {
            let len = d.array().map_err(e)?;
            let mut items = Vec::new();
            while more(d, len, items.len())? {
                items.push(cbor_item(d)?);
            }
            Cbor::Array(items)
        }
        Type::Map | Type::MapIndef => {
            let len = d.map().map_err(e)?;
            let mut entries = Vec::new();
            while more(d, len, entries.len())? {
                let key = match cbor_item(d)? {
                    Cbor::Text(key) => key,
                    other => format!("{other:?}"),
                };
                entries.push((key, cbor_item(d)?));
            }
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Cbor::Map(entries)
        }
        Type::Tag => {
            let tag = d.tag().map_err(e)?.as_u64();
            Cbor::Tag(tag, Box::new(cbor_item(d)?))
        }
        other => return Err(format!("unexpected CBOR {other}")),
    })
}

/// Whether another item follows in an array or map of `len` items (`None`: up to a break).
fn more(d: &mut minicbor::Decoder<'_>, len: Option<u64>, read: usize) -> Result<bool, String> {
    match len {
        Some(len) => Ok((read as u64) < len),
        None => {
            if d.datatype().map_err(|e| e.to_string())? == minicbor::data::Type::Break {
                d.set_position(d.position() + 1);
                Ok(false)
            } else {
                Ok(true)
            }
        }
    }
}

/// What a Smithy `httpRequestTests` case expects of the serialized request.
pub struct SmithyRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The path, without the query string.
    pub path: &'a str,
    /// `name=value` pairs (as on the wire) the query string must hold; others may be there.
    pub query: &'a [&'a str],
    /// Query parameter names that must not be sent.
    pub forbid_query: &'a [&'a str],
    /// Query parameter names that must be sent, with any value.
    pub require_query: &'a [&'a str],
    /// The host the request must go to (after host prefixes), when the case names one.
    pub resolved_host: Option<&'a str>,
    /// Headers that must be sent with exactly these values.
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must not be sent.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must be sent, with any value.
    pub require_headers: &'a [&'a str],
    /// The body; `None` checks nothing. CBOR bodies are base64.
    pub body: Option<&'a str>,
    /// How to compare the body: JSON and CBOR by value, anything else byte for byte.
    pub media_type: &'a str,
}

/// Every difference between the request sent and a Smithy case's expectation, or `Ok`.
pub fn check_smithy_request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    expected: &SmithyRequest<'_>,
) -> Result<(), String> {
    let mut problems = Vec::new();
    if method != expected.method {
        problems.push(format!("method {method}, expected {}", expected.method));
    }
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (host, path_and_query) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let path = if path.is_empty() { "/" } else { path };
    if path != expected.path {
        problems.push(format!("path {path}, expected {}", expected.path));
    }
    if let Some(resolved) = expected.resolved_host {
        if host != resolved {
            problems.push(format!("host {host}, expected {resolved}"));
        }
    }
    let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let name = |pair: &str| pair.split_once('=').map_or(pair, |(n, _)| n).to_owned();
    for wanted in expected.query {
        if !pairs.contains(wanted) {
            problems.push(format!("query parameter {wanted} missing from {query:?}"));
        }
    }
    for forbidden in expected.forbid_query {
        if pairs.iter().any(|p| name(p) == *forbidden) {
            problems.push(format!("query parameter {forbidden} must not be sent ({query:?})"));
        }
    }
    for required in expected.require_query {
        if !pairs.iter().any(|p| name(p) == *required) {
            problems.push(format!("query parameter {required} missing from {query:?}"));
        }
    }
    check_headers(headers, expected.headers, expected.forbid_headers, expected.require_headers, &mut problems);
    if let Some(text) = expected.body {
        if let Err(problem) = same_body(body, text, expected.media_type) {
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// A form body against the expected one: the same fields with the same values, in any
/// order, each compared percent-decoded (encoders differ in what they escape).
fn same_form(body: &[u8], text: &str) -> Result<(), String> {
    let fields = |form: &str| -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> = form
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        fields.sort();
        fields
    };
    let actual = String::from_utf8_lossy(body);
    let (a, e) = (fields(&actual), fields(text));
    if a == e {
        return Ok(());
    }
    let missing: Vec<String> = e.iter().filter(|f| !a.contains(f)).map(|(k, v)| format!("{k}={v}")).collect();
    let extra: Vec<String> = a.iter().filter(|f| !e.contains(f)).map(|(k, v)| format!("{k}={v}")).collect();
    Err(format!("form body {actual:?}: missing {missing:?}, not expected {extra:?}"))
}

/// An XML body against the expected one: the same elements (each name's in the same order,
/// map entries in any), with the same attributes (namespace declarations among them) and
/// the same text, ignoring the whitespace around it.
fn same_xml(body: &[u8], text: &str) -> Result<(), String> {
    use protocol_suites::runtime::wire::xml::{parse, Element};
    // A map's entries may come in any order (the runner's maps are `HashMap`s): a run of
    // same-named siblings that each hold a key and a value compares sorted.
    // Members may come in any order (Smithy's suites order them unlike their models), so
    // siblings compare grouped by name, each name's in order: a list's items keep theirs.
    // A namespace declaration that repeats the one in scope says nothing, as in canonical XML.
    fn describe(e: &Element, scope: &[(String, String)]) -> String {
        let mut scope = scope.to_vec();
        let mut attributes: Vec<(String, String)> = Vec::new();
        for (name, value) in &e.attributes {
            if name == "xmlns" || name.starts_with("xmlns:") {
                if scope.iter().any(|(n, v)| n == name && v == value) {
                    continue;
                }
                scope.retain(|(n, _)| n != name);
                scope.push((name.clone(), value.clone()));
            }
            attributes.push((name.clone(), value.clone()));
        }
        attributes.sort();
        let mut children: Vec<&Element> = e.children.iter().collect();
        children.sort_by(|a, b| a.name.cmp(&b.name));
        let mut described: Vec<String> = children.iter().map(|c| describe(c, &scope)).collect();
        let entry = |c: &&Element| c.children.len() == 2;
        let mut start = 0;
        while start < children.len() {
            let name = &children[start].name;
            let end = start + children[start..].iter().take_while(|c| &c.name == name).count();
            if end - start > 1 && children[start..end].iter().all(entry) {
                described[start..end].sort();
            }
            start = end;
        }
        let text = if described.is_empty() { e.text.trim() } else { "" };
        format!("<{} {attributes:?}>{text}{}</>", e.name, described.join(""))
    }
    let expected = parse(text.as_bytes()).map_err(|e| format!("the expected body is not XML: {e}"))?;
    let actual = parse(body).map_err(|e| format!("the body is not XML ({e}): {:?}", String::from_utf8_lossy(body)))?;
    let (a, e) = (describe(&actual, &[]), describe(&expected, &[]));
    if a == e {
        Ok(())
    } else {
        Err(format!("XML body {a}, expected {e}"))
    }
}

/// `%XX` escapes (and `+` as a space) decoded.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 3 <= bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A body against the expected text, compared as its media type says.
fn same_body(body: &[u8], text: &str, media_type: &str) -> Result<(), String> {
    if text.is_empty() {
        return if body.is_empty() {
            Ok(())
        } else {
            Err(format!("body {:?}, expected none", String::from_utf8_lossy(body)))
        };
    }
    match media_type {
        "application/cbor" => {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| format!("the expected body is not base64: {e}"))?;
            match (cbor_value(&bytes), cbor_value(body)) {
                (Ok(e), Ok(a)) if e == a => Ok(()),
                (Ok(e), Ok(a)) => Err(format!("body {a:?}, expected {e:?}")),
                (Err(e), _) => Err(format!("the expected body is not CBOR: {e}")),
                (_, Err(e)) => Err(format!("the body is not CBOR: {e}")),
            }
        }
        "application/json" => {
            let expected: serde_json::Value = serde_json::from_str(text)
                .map_err(|e| format!("the expected body is not JSON: {e}"))?;
            match serde_json::from_slice::<serde_json::Value>(body) {
                Ok(actual) if actual == expected => Ok(()),
                Ok(actual) => Err(format!("body {actual}, expected {expected}")),
                Err(e) => Err(format!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(body))),
            }
        }
        "application/x-www-form-urlencoded" => same_form(body, text),
        "application/xml" => same_xml(body, text),
        _ if body == text.as_bytes() => Ok(()),
        _ => Err(format!("body {:?}, expected {text:?}", String::from_utf8_lossy(body))),
    }
}
