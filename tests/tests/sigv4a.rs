//! SigV4a against botocore's own signer (awscrt's `CrtSigV4AsymAuth` and its S3 variant):
//! the same headers and `Authorization` up to the signature for the same request, clock and
//! credentials, and awscrt's signature verified with the key the runtime derives over the
//! string the runtime signs, which holds only if both derive the same key and sign the same
//! string (ECDSA signatures are randomized in awscrt, so they cannot be compared as text).

use crate::python::run_python;
use aws_codegen_runtime::client::sigv4a::{self, RegionSetScope};
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::http::transport::HttpRequest;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::DerSignature;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

const AMZ_DATE: &str = "20261204T101500Z";

struct Case {
    method: &'static str,
    url: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static [u8],
    access_key: &'static str,
    token: Option<&'static str>,
    region_set: &'static str,
    service: &'static str,
    s3: bool,
}

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn cases() -> Vec<Case> {
    let case = |method, url, body, token, s3| Case {
        method,
        url,
        headers: &[],
        body,
        access_key: "AKIDEXAMPLE",
        token,
        region_set: "*",
        service: "s3",
        s3,
    };
    vec![
        // S3 Multi-Region Access Points: any region.
        case(
            "GET",
            "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg",
            b"",
            None,
            true,
        ),
        case(
            "PUT",
            "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/a%20key/with%2Bplus",
            b"hello, world",
            Some("FQoGZXIvYXdzEXAMPLE/TOKEN+="),
            true,
        ),
        case(
            "GET",
            "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/?list-type=2&prefix=a%20b&max-keys=2",
            b"",
            None,
            true,
        ),
        // S3 Outposts: a region set of one, the path as sent.
        Case {
            region_set: "us-west-2",
            service: "s3-outposts",
            headers: &[("content-type", "text/plain"), ("x-amz-meta-Color", " blue  sky ")],
            ..case(
                "PUT",
                "https://myaccesspoint-123456789012.op-01234567890123456.s3-outposts.us-west-2.amazonaws.com/a/./b//c",
                b"{\"a\": 1}",
                None,
                true,
            )
        },
        // Another service: the path normalized and encoded again, no payload header.
        Case {
            region_set: "us-east-1,us-west-2",
            service: "events",
            headers: &[
                ("content-type", "application/x-amz-json-1.1"),
                ("x-amz-target", "AWSEvents.PutEvents"),
            ],
            ..case(
                "POST",
                "https://abcde.veo.endpoints.events.amazonaws.com/",
                b"{\"Entries\":[]}",
                None,
                false,
            )
        },
        Case {
            region_set: "*",
            service: "example",
            access_key: "AKIDANOTHERKEY0000000",
            ..case(
                "GET",
                "https://example.amazonaws.com/a/../b/%C3%A9t%C3%A9?z=1&a=%2F&a=b",
                b"",
                Some("token"),
                false,
            )
        },
    ]
}

fn time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_379_300)
}

/// Headers by lower-case name, the signature cut off `authorization`.
fn comparable(headers: &[(String, String)]) -> BTreeMap<String, String> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = match name.eq_ignore_ascii_case("authorization") {
                true => value
                    .split("Signature=")
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                false => value.trim().to_owned(),
            };
            (name.to_ascii_lowercase(), value)
        })
        .collect()
}

#[test]
fn sigv4a_signs_as_botocore_with_awscrt_does() {
    let cases = cases();
    let mut ours = Vec::new();
    let mut inputs = Vec::new();
    for case in &cases {
        let headers: Vec<(String, String)> = case
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let mut request = HttpRequest {
            method: case.method.to_owned(),
            url: case.url.to_owned(),
            headers: headers.clone(),
            body: case.body.to_vec(),
        };
        let credentials = Credentials::new(case.access_key, SECRET, case.token.map(str::to_owned));
        let scope = RegionSetScope {
            region_set: case.region_set.to_owned(),
            service: case.service,
            s3_variant: case.s3,
        };
        let signature = sigv4a::sign(&mut request, &credentials, scope, time()).unwrap();
        let body_hex: String = case.body.iter().map(|b| format!("{b:02x}")).collect();
        inputs.push(json!({
            "method": case.method, "url": case.url, "headers": headers, "body_hex": body_hex,
            "access_key": case.access_key, "secret_key": SECRET, "token": case.token,
            "region_set": case.region_set, "service": case.service, "s3": case.s3,
            "amz_date": AMZ_DATE,
        }));
        ours.push((request, signature, credentials));
    }
    let theirs: Vec<Vec<(String, String)>> =
        serde_json::from_value(run_python("sigv4a.py", &Value::Array(inputs))).unwrap();
    let mut failures = Vec::new();
    for ((case, (request, signature, credentials)), their_headers) in
        cases.iter().zip(&ours).zip(&theirs)
    {
        let label = format!("{} {}", case.method, case.url);
        // Botocore leaves `host` to the HTTP layer; ours is signed and sent.
        let mut our_view = comparable(&request.headers);
        let their_view = comparable(their_headers);
        if !their_view.contains_key("host") {
            our_view.remove("host");
        }
        if our_view != their_view {
            failures.push(format!(
                "{label}: headers differ\n  ours:     {our_view:?}\n  botocore: {their_view:?}"
            ));
            continue;
        }
        let key = sigv4a::signing_key(credentials.access_key_id(), SECRET).unwrap();
        let their_signature = their_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
            .and_then(|(_, v)| v.split("Signature=").nth(1))
            .unwrap_or_default();
        let verified = verifies(&key, &signature.string_to_sign, their_signature);
        if !verified {
            failures.push(format!(
                "{label}: botocore's signature does not verify with our key over our string to sign:\n{}",
                signature.string_to_sign
            ));
        }
    }
    println!(
        "sigv4a: {} requests, {} signed as botocore (awscrt) signs them",
        cases.len(),
        cases.len() - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(cases.len(), 6);
}

/// Presigned S3 requests to a Multi-Region Access Point, against botocore's
/// `generate_presigned_url` with awscrt: the same URL up to the signature, and botocore's
/// signature and ours both verify with the derived key over the string to sign, rebuilt here
/// from the URL (`host` the only signed header, `UNSIGNED-PAYLOAD`, the path as sent).
#[tokio::test]
async fn sigv4a_presigned_urls_match_botocores_with_awscrt() {
    use crate::presign::{ACCESS_KEY, EXPIRES, SECRET_KEY, TOKEN};
    use aws_s3::types::{GetObjectRequest, HeadObjectRequest, PutObjectRequest};
    let arn = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap";
    let cases = [
        ("GetObject", "photos/cat.jpg", None),
        ("GetObject", "a b/c~d+e&f.txt", Some(TOKEN)),
        ("PutObject", "uploads/new.bin", None),
        ("HeadObject", "photos/cat.jpg", Some(TOKEN)),
    ];
    let mut ours = Vec::new();
    let mut inputs = Vec::new();
    for (operation, key, token) in cases {
        let client = crate::presign_s3::client(token);
        let expires = Duration::from_secs(EXPIRES);
        let presigned = match operation {
            "GetObject" => {
                let input = GetObjectRequest::builder().bucket(arn).key(key).build();
                client
                    .presign(&input.unwrap(), expires, Some(time()))
                    .await
                    .map_err(|e| e.to_string())
            }
            "PutObject" => {
                let input = PutObjectRequest::builder().bucket(arn).key(key).build();
                client
                    .presign(&input.unwrap(), expires, Some(time()))
                    .await
                    .map_err(|e| e.to_string())
            }
            _ => {
                let input = HeadObjectRequest::builder().bucket(arn).key(key).build();
                client
                    .presign(&input.unwrap(), expires, Some(time()))
                    .await
                    .map_err(|e| e.to_string())
            }
        }
        .unwrap_or_else(|e| panic!("{operation}: {e}"));
        ours.push(presigned);
        inputs.push(json!({
            "operation": operation, "params": {"Bucket": arn, "Key": key},
            "region": "us-west-2", "access_key": ACCESS_KEY, "secret_key": SECRET_KEY,
            "token": token, "amz_date": AMZ_DATE, "expires": EXPIRES,
        }));
    }
    let theirs: Vec<String> =
        serde_json::from_value(run_python("presign_sigv4a.py", &Value::Array(inputs))).unwrap();
    let key = sigv4a::signing_key(ACCESS_KEY, SECRET_KEY).unwrap();
    let mut failures = Vec::new();
    for ((operation, ..), (ours, theirs)) in cases.iter().zip(ours.iter().zip(&theirs)) {
        let (our_unsigned, our_signature) = split_signature(&ours.url);
        let (their_unsigned, their_signature) = split_signature(theirs);
        if our_unsigned != their_unsigned {
            failures.push(format!(
                "{operation}:\n  ours:     {}\n  botocore: {theirs}",
                ours.url
            ));
            continue;
        }
        let string_to_sign = presigned_string_to_sign(&ours.method, our_unsigned);
        for (who, signature) in [("ours", our_signature), ("botocore's", their_signature)] {
            if !verifies(&key, &string_to_sign, signature) {
                failures.push(format!("{operation}: {who} signature does not verify"));
            }
        }
    }
    println!(
        "sigv4a presign: {} S3 URLs, {} equal to botocore's (awscrt) but for the signature, both signatures verified",
        cases.len(),
        cases.len() - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A directory bucket's endpoint asks for S3 Express session auth, which is refused.
    let client = crate::presign_s3::client(None);
    let input = GetObjectRequest::builder()
        .bucket("mybucket--usw2-az1--x-s3")
        .key("k")
        .build()
        .unwrap();
    let error = client
        .presign(&input, Duration::from_secs(EXPIRES), Some(time()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("asks for `sigv4-s3express` signing, which this client cannot presign with"),
        "{error}"
    );
}

/// A presigned URL without its signature, and the signature.
fn split_signature(url: &str) -> (&str, &str) {
    url.rsplit_once("&X-Amz-Signature=").unwrap_or((url, ""))
}

/// The string a presigned URL (its signature cut off) signs when `host` is its only signed
/// header and its payload `UNSIGNED-PAYLOAD`: the query's parameters sorted.
fn presigned_string_to_sign(method: &str, url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (host, path_and_query) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut params: Vec<&str> = query.split('&').collect();
    params.sort_unstable();
    let canonical_request = format!(
        "{method}\n{path}\n{}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD",
        params.join("&")
    );
    let param = |name: &str| {
        params
            .iter()
            .find_map(|p| p.strip_prefix(name))
            .unwrap_or_default()
            .replace("%2F", "/")
    };
    let mut hash = String::new();
    for byte in ring::digest::digest(&ring::digest::SHA256, canonical_request.as_bytes()).as_ref() {
        hash.push_str(&format!("{byte:02x}"));
    }
    let credential = param("X-Amz-Credential=");
    let scope = credential.split_once('/').map_or("", |(_, scope)| scope);
    format!(
        "AWS4-ECDSA-P256-SHA256\n{}\n{scope}\n{hash}",
        param("X-Amz-Date=")
    )
}

/// Whether a hexadecimal DER signature verifies with `key` over `message`.
fn verifies(key: &p256::ecdsa::SigningKey, message: &str, signature_hex: &str) -> bool {
    let der: Option<Vec<u8>> = (0..signature_hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(signature_hex.get(i..i + 2)?, 16).ok())
        .collect();
    der.and_then(|der| DerSignature::try_from(der.as_slice()).ok())
        .is_some_and(|sig| key.verifying_key().verify(message.as_bytes(), &sig).is_ok())
}
