//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`) on ring's HMAC and SHA-256, which rustls
//! already brings: canonical request, string to sign, signing key and `Authorization`.

use crate::config::credentials::Credentials;
use crate::http::percent::{encode_into, push_hex};
use crate::http::transport::HttpRequest;
use ring::{digest, hmac};
use std::fmt::{self, Write as _};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

/// The algorithm name that starts the string to sign and the `Authorization` header.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers never signed: the signature itself, and headers proxies and the transport may
/// change or add (botocore's list, so both sign the same request the same way).
const UNSIGNED_HEADERS: [&str; 5] = [
    "authorization",
    "expect",
    "transfer-encoding",
    "user-agent",
    "x-amzn-trace-id",
];

/// Where and when a request is signed: the credential scope and the timestamp.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    /// The region, such as `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service, such as `ds`.
    pub service: &'a str,
    /// The time of signing in the basic ISO 8601 form, `20150830T123600Z`.
    pub amz_date: &'a str,
}

/// Who a request is signed for (the credential scope's region and service), and how its
/// path is signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningScope<'a> {
    /// The region, such as `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service, such as `ds`.
    pub service: &'a str,
    /// Whether the request is signed as S3 asks (its endpoints' `disableDoubleEncoding`):
    /// the path as sent, neither normalized nor encoded a second time, and the payload's
    /// hash in an `x-amz-content-sha256` header on every request.
    pub s3_variant: bool,
}

impl<'a> SigningScope<'a> {
    /// The scope of `region` and `service`, the path normalized and encoded again as every
    /// service but S3 expects.
    pub fn new(region: &'a str, service: &'a str) -> Self {
        SigningScope {
            region,
            service,
            s3_variant: false,
        }
    }
}

/// The intermediate values and the result of signing one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request (method, URI, query, headers, signed headers, payload hash).
    pub canonical_request: String,
    /// What the signing key signs: algorithm, date, scope and the canonical request's hash.
    pub string_to_sign: String,
    /// The value of the `Authorization` header.
    pub authorization: String,
}

/// Signs a request given its method, its path with the query (`/a/b?x=1`, as sent, raw
/// UTF-8 allowed), every header to sign (`host` and `x-amz-date` among them) and its body.
pub fn signature(
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    access_key_id: &str,
    secret_access_key: &str,
    scope: Scope<'_>,
) -> Signature {
    let key = signing_key(secret_access_key, scope);
    compose(
        method,
        path_and_query,
        headers,
        Some(body),
        (access_key_id, &key),
        scope,
        false,
    )
}

/// The signature of a presigned request (the `X-Amz-*` parameters already in its query):
/// signed over an empty body, or for S3 (`s3_variant`) over `UNSIGNED-PAYLOAD` with its
/// path as sent, as botocore presigns.
pub(crate) fn presigned_signature(
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    credentials: &Credentials,
    scope: Scope<'_>,
    s3_variant: bool,
) -> Signature {
    let key = signing_key(credentials.secret_access_key(), scope);
    compose(
        method,
        path_and_query,
        headers,
        (!s3_variant).then_some(b"".as_slice()),
        (credentials.access_key_id(), &key),
        scope,
        s3_variant,
    )
}

/// The key that signs the day's requests for a region and service: `AWS4` and the secret,
/// then the date, region, service and `aws4_request`, each the HMAC key of the next.
pub(crate) fn signing_key(secret_access_key: &str, scope: Scope<'_>) -> hmac::Key {
    let date = scope.amz_date.get(..8).unwrap_or(scope.amz_date);
    let mut key = hmac::sign(
        &hmac::Key::new(
            hmac::HMAC_SHA256,
            format!("AWS4{secret_access_key}").as_bytes(),
        ),
        date.as_bytes(),
    );
    for part in [scope.region, scope.service, "aws4_request"] {
        key = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, key.as_ref()),
            part.as_bytes(),
        );
    }
    hmac::Key::new(hmac::HMAC_SHA256, key.as_ref())
}

/// The canonical request (its last line the payload's hash) and the signed headers' names,
/// as both SigV4 and SigV4a sign them.
pub(crate) fn canonical_request(
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
    s3_variant: bool,
) -> (String, String) {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let (canonical_headers, signed_headers) = canonical_headers(headers);
    let mut canonical_request = String::with_capacity(256 + canonical_headers.len());
    for part in [
        method,
        "\n",
        &if s3_variant {
            path_as_is(path)
        } else {
            canonical_uri(path)
        },
        "\n",
        &canonical_query(query),
        "\n",
        &canonical_headers,
        "\n",
        &signed_headers,
        "\n",
    ] {
        canonical_request.push_str(part);
    }
    // A request that says its payload hash (`UNSIGNED-PAYLOAD`, a streamed body's
    // `STREAMING-...`, or the hash itself) is signed with what it says.
    match headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("x-amz-content-sha256"))
    {
        Some((_, hash)) => canonical_request.push_str(hash),
        None => match body {
            Some(body) => push_hex(
                &mut canonical_request,
                digest::digest(&digest::SHA256, body).as_ref(),
            ),
            None => canonical_request.push_str("UNSIGNED-PAYLOAD"),
        },
    }
    (canonical_request, signed_headers)
}

/// The string to sign: the algorithm, the time, the credential scope and the canonical
/// request's hash.
pub(crate) fn string_to_sign(
    algorithm: &str,
    amz_date: &str,
    credential_scope: &str,
    canonical_request: &str,
) -> String {
    let mut string_to_sign = format!("{algorithm}\n{amz_date}\n{credential_scope}\n");
    push_hex(
        &mut string_to_sign,
        digest::digest(&digest::SHA256, canonical_request.as_bytes()).as_ref(),
    );
    string_to_sign
}

fn compose(
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
    (access_key_id, key): (&str, &hmac::Key),
    scope: Scope<'_>,
    s3_variant: bool,
) -> Signature {
    let (canonical_request, signed_headers) =
        canonical_request(method, path_and_query, headers, body, s3_variant);
    let date = scope.amz_date.get(..8).unwrap_or(scope.amz_date);
    let credential_scope = format!("{date}/{}/{}/aws4_request", scope.region, scope.service);
    let string_to_sign = string_to_sign(
        ALGORITHM,
        scope.amz_date,
        &credential_scope,
        &canonical_request,
    );
    let mut authorization = format!(
        "{ALGORITHM} Credential={access_key_id}/{credential_scope}, SignedHeaders={signed_headers}, Signature="
    );
    push_hex(
        &mut authorization,
        hmac::sign(key, string_to_sign.as_bytes()).as_ref(),
    );
    Signature {
        canonical_request,
        string_to_sign,
        authorization,
    }
}

/// The signing key last derived, reused while the day, region, service and secret stay
/// the same: deriving it takes five HMACs, and it changes once a day.
#[derive(Default)]
pub struct KeyCache(Mutex<Option<CachedKey>>);

struct CachedKey {
    /// Date, region, service and secret, joined by newlines (none of them holds one).
    id: String,
    key: hmac::Key,
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyCache")
    }
}

impl KeyCache {
    pub(crate) fn key(&self, secret_access_key: &str, scope: Scope<'_>) -> hmac::Key {
        let date = scope.amz_date.get(..8).unwrap_or(scope.amz_date);
        let id = [date, scope.region, scope.service, secret_access_key].join("\n");
        let mut cached = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match cached.as_ref() {
            Some(entry) if entry.id == id => entry.key.clone(),
            _ => {
                let key = signing_key(secret_access_key, scope);
                *cached = Some(CachedKey {
                    id,
                    key: key.clone(),
                });
                key
            }
        }
    }
}

/// Adds `x-amz-date`, `x-amz-security-token` (for temporary credentials) and
/// `authorization` to a request about to be sent (its URL absolute). `host` is signed, and
/// added from the URL when absent.
pub fn sign(
    request: &mut HttpRequest,
    credentials: &Credentials,
    scope: SigningScope<'_>,
    time: SystemTime,
    keys: &KeyCache,
) {
    let amz_date = amz_date(time);
    let authorization = {
        add_signed_headers(request, credentials, scope.s3_variant, &amz_date);
        let (path_and_query, signed) = signed_parts(request);
        let scope_of_day = Scope {
            region: scope.region,
            service: scope.service,
            amz_date: &amz_date,
        };
        let key = keys.key(credentials.secret_access_key(), scope_of_day);
        compose(
            &request.method,
            path_and_query,
            &signed,
            Some(&request.body),
            (credentials.access_key_id(), &key),
            scope_of_day,
            scope.s3_variant,
        )
        .authorization
    };
    request
        .headers
        .push(("authorization".to_owned(), authorization));
}

/// Adds to a request about to be signed what every signature covers: `host` from the URL
/// when absent, `x-amz-date`, `x-amz-security-token` for temporary credentials, and for S3
/// `x-amz-content-sha256`.
pub(crate) fn add_signed_headers(
    request: &mut HttpRequest,
    credentials: &Credentials,
    s3_variant: bool,
    amz_date: &str,
) {
    let HttpRequest {
        url, headers, body, ..
    } = request;
    let (_, authority, _) = split_url(url);
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        headers.push(("host".to_owned(), authority.to_owned()));
    }
    headers.push(("x-amz-date".to_owned(), amz_date.to_owned()));
    if let Some(token) = credentials.session_token() {
        headers.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    if s3_variant
        && !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("x-amz-content-sha256"))
    {
        let mut hash = String::with_capacity(64);
        push_hex(&mut hash, digest::digest(&digest::SHA256, body).as_ref());
        headers.push(("x-amz-content-sha256".to_owned(), hash));
    }
}

/// A request's path with its query, and the headers a signature covers.
pub(crate) fn signed_parts(request: &HttpRequest) -> (&str, Vec<(&str, &str)>) {
    let (_, _, path_and_query) = split_url(&request.url);
    let signed = request
        .headers
        .iter()
        .filter(|(k, _)| !UNSIGNED_HEADERS.iter().any(|u| k.eq_ignore_ascii_case(u)))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    (path_and_query, signed)
}

/// An absolute URL's scheme (empty when it has none), authority, and path with its query
/// (`/` when it has no path; any fragment dropped).
pub(crate) fn split_url(url: &str) -> (&str, &str, &str) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (authority, path_and_query) = match rest.find(['/', '?']) {
        Some(at) => rest.split_at(at),
        None => (rest, "/"),
    };
    let path_and_query = path_and_query.split('#').next().unwrap_or_default();
    (scheme, authority, path_and_query)
}

/// `20150830T123600Z`: the time in UTC, to the second.
pub fn amz_date(time: SystemTime) -> String {
    let t = time::OffsetDateTime::from(time);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The path without dot segments and empty segments, each byte outside the unreserved set
/// and `/` percent-encoded. A path that was already percent-encoded is encoded again, as
/// every service but S3 expects.
/// A path signed as sent: `/` when empty, and bytes a URL may not hold raw (UTF-8, spaces)
/// percent-encoded; escapes already there are kept, not encoded again.
fn path_as_is(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    let mut uri = String::with_capacity(path.len());
    for segment in path.split_inclusive(['/', '%']) {
        let (text, end) =
            segment.split_at(segment.len() - usize::from(segment.ends_with(['/', '%'])));
        encode_into(&mut uri, text.as_bytes(), false);
        uri.push_str(end);
    }
    uri
}

fn canonical_uri(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    let mut uri = String::from("/");
    let joined = segments.join("/");
    encode_into(&mut uri, joined.as_bytes(), true);
    if path.ends_with('/') && !segments.is_empty() {
        uri.push('/');
    }
    uri
}

/// The query's parameters decoded, encoded again strictly, sorted by name and then value.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let encode = |text: &str| {
                let mut out = String::new();
                encode_into(&mut out, &percent_decode(text), false);
                out
            };
            (encode(name), encode(value))
        })
        .collect();
    pairs.sort_unstable();
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        let _ = write!(out, "{name}={value}");
    }
    out
}

/// Header lines (`name:value`, names lower case and sorted, values trimmed with inner runs
/// of white space collapsed, repeated names joined by commas) and the signed header list.
fn canonical_headers(headers: &[(&str, &str)]) -> (String, String) {
    let mut lowered: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| {
            let value: Vec<&str> = v.split_whitespace().collect();
            (k.to_ascii_lowercase(), value.join(" "))
        })
        .collect();
    // Stable: repeated headers keep their order.
    lowered.sort_by(|a, b| a.0.cmp(&b.0));
    let mut lines = String::new();
    let mut names = String::new();
    for (i, (name, value)) in lowered.iter().enumerate() {
        if i > 0 && lowered[i - 1].0 == *name {
            lines.pop();
            let _ = writeln!(lines, ",{value}");
            continue;
        }
        if !names.is_empty() {
            names.push(';');
        }
        names.push_str(name);
        let _ = writeln!(lines, "{name}:{value}");
    }
    (lines, names)
}

/// The bytes `%XX` sequences stand for; anything else, a malformed `%` included, as is.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match decoded {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_dot_and_empty_segments_and_are_encoded_again() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("//example//"), "/example/");
        assert_eq!(canonical_uri("/a/b/../.."), "/");
        assert_eq!(canonical_uri("/a/./b/"), "/a/b/");
        assert_eq!(canonical_uri("/a%20b/ሴ"), "/a%2520b/%E1%88%B4");
        // S3's: as sent, with only what is not yet encoded encoded.
        assert_eq!(path_as_is(""), "/");
        assert_eq!(path_as_is("/a%20b/ሴ"), "/a%20b/%E1%88%B4");
        assert_eq!(path_as_is("//a/./b/../c "), "//a/./b/../c%20");
    }

    #[test]
    fn queries_are_decoded_encoded_and_sorted() {
        assert_eq!(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
        assert_eq!(canonical_query("k=a b&x"), "k=a%20b&x=");
        assert_eq!(canonical_query("%E1%88%B4=v&z=%7e+"), "%E1%88%B4=v&z=~%2B");
        assert_eq!(canonical_query("bad=%zz"), "bad=%25zz");
    }

    #[test]
    fn repeated_headers_join_in_order_and_values_collapse() {
        let (lines, names) =
            canonical_headers(&[("My-H", "b"), ("host", " x  y "), ("my-h", "a\n  c")]);
        assert_eq!(lines, "host:x y\nmy-h:b,a c\n");
        assert_eq!(names, "host;my-h");
    }

    #[test]
    fn signing_adds_date_token_and_authorization_and_skips_the_user_agent() {
        let mut request = HttpRequest {
            method: "POST".to_owned(),
            url: "https://example.com:8443/p?q=1".to_owned(),
            headers: vec![
                ("user-agent".to_owned(), "me".to_owned()),
                ("content-type".to_owned(), "application/json".to_owned()),
            ],
            body: b"{}".to_vec(),
        };
        let time = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_440_938_160);
        let credentials = Credentials::new("AKID", "SECRET", Some("TOKEN".into()));
        let keys = KeyCache::default();
        sign(
            &mut request,
            &credentials,
            SigningScope::new("us-east-1", "svc"),
            time,
            &keys,
        );
        // The cached key signs the same way.
        let mut again = HttpRequest {
            headers: request.headers[..2].to_vec(),
            ..request.clone()
        };
        sign(
            &mut again,
            &credentials,
            SigningScope::new("us-east-1", "svc"),
            time,
            &keys,
        );
        assert_eq!(again.headers, request.headers);
        let headers = request.headers;
        let names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "user-agent",
                "content-type",
                "host",
                "x-amz-date",
                "x-amz-security-token",
                "authorization"
            ]
        );
        assert_eq!(headers[2].1, "example.com:8443");
        assert_eq!(headers[3].1, "20150830T123600Z");
        assert!(headers[5].1.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/svc/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="
        ));
    }
}
