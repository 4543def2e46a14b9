//! Checks shared by every conformance case: the request against botocore's `serialized`
//! expectation, and parsed values against botocore's `result`.

use std::fmt::Debug;

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
    pub body: Option<&'a str>,
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
    let header = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    };
    for (name, value) in expected.headers {
        match header(name) {
            Some(actual) if actual == *value => {}
            Some(actual) => problems.push(format!("header {name}: {actual:?}, expected {value:?}")),
            None => problems.push(format!("header {name} missing, expected {value:?}")),
        }
    }
    for name in expected.forbid_headers {
        if let Some(actual) = header(name) {
            problems.push(format!("header {name} must not be sent (sent {actual:?})"));
        }
    }
    for name in expected.require_headers {
        if header(name).is_none() {
            problems.push(format!("header {name} missing"));
        }
    }
    match expected.body {
        None => {}
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

/// Whether a parsed value equals the expected one. `NaN` is not equal to itself, so values
/// whose `Debug` forms agree count as equal too (the protocol types redact nothing).
pub fn same<T: PartialEq + Debug>(actual: &T, expected: &T) -> Result<(), String> {
    if actual == expected || format!("{actual:?}") == format!("{expected:?}") {
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
