//! Presigned requests for any operation, as botocore's `generate_presigned_url` writes them: SigV4 in the query string, the body's parameters moved there too.

use crate::client::auth::Identity;
use crate::client::invoke::{self, Target};
use crate::client::operation::Operation;
use crate::client::sigv4::{self, Scope};
use crate::config::credentials::Credentials;
use crate::config::settings::Config;
use crate::error::{SdkError, SdkErrorKind};
use crate::http::percent::encode_into;
use crate::http::transport::HttpRequest;
use crate::validate::Policy;
use std::time::{Duration, SystemTime};

/// The longest a presigned request may stay valid: SigV4 allows 7 days.
pub const MAX_EXPIRY: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// A request anyone can send without credentials until it expires: its method, its URL (the
/// signature in the query string) and the headers that were signed and must be sent as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresignedRequest {
    /// The HTTP method, such as `POST`.
    pub method: String,
    /// The URL with the operation's parameters and the `X-Amz-*` signature parameters.
    pub url: String,
    /// Headers the signature covers besides `host`, such as awsJson's `x-amz-target`.
    pub headers: Vec<(String, String)>,
}

/// Validates `input` and presigns its request with the client's SigV4 credentials, valid
/// for `expires_in` from `time`.
pub async fn presign<O: Operation>(
    config: &Config,
    target: &Target,
    input: &O,
    policy: Option<Policy>,
    expires_in: Duration,
    time: SystemTime,
) -> Result<PresignedRequest, SdkError<O::Error>> {
    let construction = |e: String| SdkError::new(O::NAME, SdkErrorKind::Construction(e));
    let (traits, parts) = invoke::prepare(config, target, input, policy)?;
    let credentials = config
        .credentials
        .provide()
        .await
        .map_err(|e| construction(format!("presigning needs SigV4 credentials: {e}")))?;
    let request = invoke::build_request(config, &Identity::Anonymous, target, &traits, parts, time)
        .map_err(construction)?;
    let endpoint = target.endpoint_of(&traits).map_err(construction)?;
    let scope = target.signing_scope(config, endpoint);
    match endpoint.auth_scheme.as_deref() {
        None | Some("sigv4") => presign_request(request, &credentials, scope, time, expires_in),
        #[cfg(feature = "sigv4a")]
        Some("sigv4a") => {
            let scope = target.region_set_scope(config, endpoint);
            presign_request_sigv4a(request, &credentials, scope, time, expires_in)
        }
        Some(other) => Err(format!(
            "the endpoint `{}` asks for `{other}` signing, which this client cannot presign with",
            endpoint.url
        )),
    }
    .map_err(construction)
}

/// Moves the body's parameters into the query string, adds the signature parameters and signs:
/// the URL is the request's query, then the body's parameters, then `X-Amz-Algorithm`,
/// `-Credential`, `-Date`, `-Expires`, `-SignedHeaders`, `-Security-Token`, and last
/// `X-Amz-Signature`, as botocore writes them.
pub fn presign_request(
    request: HttpRequest,
    credentials: &Credentials,
    scope: sigv4::SigningScope<'_>,
    time: SystemTime,
    expires_in: Duration,
) -> Result<PresignedRequest, String> {
    presign_with(request, credentials, Algorithm::V4(scope), time, expires_in)
}

/// [`presign_request`] with SigV4a for a region set: `X-Amz-Algorithm` is
/// `AWS4-ECDSA-P256-SHA256`, the credential has no region, `X-Amz-Region-Set` follows the
/// expiry (and the session token), in the order awscrt writes them.
#[cfg(feature = "sigv4a")]
pub fn presign_request_sigv4a(
    request: HttpRequest,
    credentials: &Credentials,
    scope: crate::client::sigv4a::RegionSetScope<'_>,
    time: SystemTime,
    expires_in: Duration,
) -> Result<PresignedRequest, String> {
    presign_with(
        request,
        credentials,
        Algorithm::V4a(scope),
        time,
        expires_in,
    )
}

/// How a presigned request is signed.
enum Algorithm<'a> {
    V4(sigv4::SigningScope<'a>),
    #[cfg(feature = "sigv4a")]
    V4a(crate::client::sigv4a::RegionSetScope<'a>),
}

fn presign_with(
    request: HttpRequest,
    credentials: &Credentials,
    algorithm: Algorithm<'_>,
    time: SystemTime,
    expires_in: Duration,
) -> Result<PresignedRequest, String> {
    let s3_variant = match &algorithm {
        Algorithm::V4(scope) => scope.s3_variant,
        #[cfg(feature = "sigv4a")]
        Algorithm::V4a(scope) => scope.s3_variant,
    };
    if expires_in.is_zero() || expires_in > MAX_EXPIRY {
        return Err(format!(
            "a presigned request expires after 1 s to 7 days, not {} s",
            expires_in.as_secs()
        ));
    }
    let HttpRequest {
        method,
        url,
        headers,
        body,
    } = request;
    let (scheme, authority, path_and_query) = sigv4::split_url(&url);
    if scheme.is_empty() {
        return Err(format!("`{url}` has no scheme"));
    }
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let path = if path.is_empty() { "/" } else { path };
    let form = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("content-type")
            && value.starts_with("application/x-www-form-urlencoded")
    });
    let mut params: Vec<(String, String)> = decode_pairs(query);
    // S3's body (an object, an XML document) is what the URL's user sends; others' body
    // parameters move into the query.
    if !body.is_empty() && !s3_variant {
        if form {
            params.extend(decode_pairs(&String::from_utf8_lossy(&body)));
        } else {
            params.extend(json_params(&body)?);
        }
    }
    // What botocore signs: every header but those the signer leaves out, the form's content
    // type (its body is gone) and those that describe the body.
    let kept: Vec<(String, String)> = headers
        .into_iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .filter(|(name, _)| {
            let dropped = matches!(
                name.as_str(),
                "authorization"
                    | "user-agent"
                    | "expect"
                    | "transfer-encoding"
                    | "x-amzn-trace-id"
                    | "content-length"
                    | "x-amz-date"
                    | "x-amz-security-token"
            );
            let form_type = form && name == "content-type";
            !(dropped || form_type)
        })
        .collect();
    let mut signed: Vec<&str> = kept.iter().map(|(name, _)| name.as_str()).collect();
    if !signed.contains(&"host") {
        signed.push("host");
    }
    signed.sort_unstable();
    signed.dedup();
    let amz_date = sigv4::amz_date(time);
    let date = &amz_date[..8];
    let expires = ("X-Amz-Expires".to_owned(), expires_in.as_secs().to_string());
    let signed_headers = ("X-Amz-SignedHeaders".to_owned(), signed.join(";"));
    let token = credentials
        .session_token()
        .map(|token| ("X-Amz-Security-Token".to_owned(), token.to_owned()));
    let (name, credential_scope) = match &algorithm {
        Algorithm::V4(scope) => (
            "AWS4-HMAC-SHA256",
            format!("{date}/{}/{}/aws4_request", scope.region, scope.service),
        ),
        #[cfg(feature = "sigv4a")]
        Algorithm::V4a(scope) => (
            crate::client::sigv4a::ALGORITHM,
            format!("{date}/{}/aws4_request", scope.service),
        ),
    };
    let mut auth = vec![
        ("X-Amz-Algorithm".to_owned(), name.to_owned()),
        (
            "X-Amz-Credential".to_owned(),
            format!("{}/{credential_scope}", credentials.access_key_id()),
        ),
        ("X-Amz-Date".to_owned(), amz_date.clone()),
    ];
    match &algorithm {
        Algorithm::V4(_) => auth.extend([expires, signed_headers].into_iter().chain(token)),
        #[cfg(feature = "sigv4a")]
        Algorithm::V4a(scope) => auth.extend(
            [signed_headers, expires]
                .into_iter()
                .chain(token)
                .chain([("X-Amz-Region-Set".to_owned(), scope.region_set.clone())]),
        ),
    }
    let mut new_query = String::new();
    for (name, value) in params.iter().chain(&auth) {
        if !new_query.is_empty() {
            new_query.push('&');
        }
        encode_into(&mut new_query, name.as_bytes(), false);
        new_query.push('=');
        encode_into(&mut new_query, value.as_bytes(), false);
    }
    let mut to_sign: Vec<(&str, &str)> = kept
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    if !kept.iter().any(|(name, _)| name == "host") {
        to_sign.push(("host", authority));
    }
    let path_and_query = format!("{path}?{new_query}");
    let hex = match algorithm {
        Algorithm::V4(scope) => {
            let signature = sigv4::presigned_signature(
                &method,
                &path_and_query,
                &to_sign,
                credentials,
                Scope {
                    region: scope.region,
                    service: scope.service,
                    amz_date: &amz_date,
                },
                s3_variant,
            );
            signature
                .authorization
                .rsplit("Signature=")
                .next()
                .unwrap_or_default()
                .to_owned()
        }
        #[cfg(feature = "sigv4a")]
        Algorithm::V4a(_) => crate::client::sigv4a::presigned_signature(
            &method,
            &path_and_query,
            &to_sign,
            credentials,
            (&amz_date, &credential_scope),
            s3_variant,
        )?,
    };
    Ok(PresignedRequest {
        method,
        url: format!("{scheme}://{authority}{path}?{new_query}&X-Amz-Signature={hex}"),
        headers: kept
            .into_iter()
            .filter(|(name, _)| name != "host")
            .collect(),
    })
}

/// `a=1&b=x%20y` as pairs, percent-decoded.
fn decode_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|b| hex(*b)),
            bytes.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A JSON body's top-level members as query parameters in the body's order (as botocore
/// keeps it), each written as botocore writes it (a list repeats its name; `true` is
/// `True`); a structure or map member cannot be.
fn json_params(body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let Members(members) =
        serde_json::from_slice(body).map_err(|e| format!("the body is not a JSON object: {e}"))?;
    let mut out = Vec::new();
    for (name, value) in members {
        let items = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let text = match item {
                serde_json::Value::String(s) => s,
                serde_json::Value::Bool(true) => "True".to_owned(),
                serde_json::Value::Bool(false) => "False".to_owned(),
                serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
                _ => {
                    return Err(format!(
                        "member `{name}` cannot go in a presigned URL (only strings, integers, booleans and lists of them can)"
                    ))
                }
            };
            out.push((name.clone(), text));
        }
    }
    Ok(out)
}

/// A JSON object's members in the order written (a `serde_json::Map` may sort them).
struct Members(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    members.push(entry);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &str, content_type: &str) -> HttpRequest {
        HttpRequest {
            method: "POST".into(),
            url: "https://svc.us-east-1.amazonaws.com/".into(),
            headers: vec![
                ("host".into(), "svc.us-east-1.amazonaws.com".into()),
                ("content-type".into(), content_type.into()),
                ("content-length".into(), body.len().to_string()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    fn presigned(body: &str, content_type: &str, expires: u64) -> Result<PresignedRequest, String> {
        presign_request(
            request(body, content_type),
            &Credentials::new("AKID", "SECRET", None),
            sigv4::SigningScope::new("us-east-1", "svc"),
            SystemTime::UNIX_EPOCH,
            Duration::from_secs(expires),
        )
    }

    #[test]
    fn expiry_is_one_second_to_seven_days() {
        let form = "application/x-www-form-urlencoded; charset=utf-8";
        assert!(presigned("Action=A", form, 0)
            .unwrap_err()
            .contains("7 days"));
        assert!(presigned("Action=A", form, 604_801).is_err());
        let ok = presigned("Action=A&Name=a%20b", form, 604_800).unwrap();
        assert!(
            ok.url.starts_with(
                "https://svc.us-east-1.amazonaws.com/?Action=A&Name=a%20b&X-Amz-Algorithm="
            ),
            "{}",
            ok.url
        );
        assert!(ok
            .url
            .contains("X-Amz-Expires=604800&X-Amz-SignedHeaders=host&X-Amz-Signature="));
        // The form's content type went with its body; nothing else is left to send.
        assert!(ok.headers.is_empty(), "{:?}", ok.headers);
    }

    #[test]
    fn a_json_body_goes_in_the_query_as_botocore_writes_it() {
        let json = "application/x-amz-json-1.1";
        let ok = presigned(r#"{"Ids":["a","b"],"Limit":5,"All":true}"#, json, 60).unwrap();
        // In the body's order, as botocore keeps it, whatever serde_json's features.
        assert!(
            ok.url.contains("?Ids=a&Ids=b&Limit=5&All=True&X-Amz-"),
            "{}",
            ok.url
        );
        assert_eq!(ok.headers, [("content-type".to_owned(), json.to_owned())]);
        assert!(ok.url.contains("X-Amz-SignedHeaders=content-type%3Bhost"));
        let nested = presigned(r#"{"Filter":{"Name":"x"}}"#, json, 60).unwrap_err();
        assert!(nested.contains("`Filter`"), "{nested}");
    }
}
