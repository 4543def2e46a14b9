//! S3 Express One Zone session auth: requests signed with a session's credentials as
//! botocore's `S3ExpressAuth` signs them (SigV4 is deterministic, so the headers are compared
//! whole), and the client making one `CreateSession` per bucket and reusing it.

use crate::python::run_python;
use aws_codegen_runtime::client::s3express;
use aws_codegen_runtime::client::sigv4::{KeyCache, SigningScope};
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::http::transport::HttpRequest;
use aws_s3::client::RetryConfig;
use aws_s3::test_util::MockTransport;
use aws_s3::{Client, Config};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

/// A `CreateSession` answer, valid until 2099.
pub(crate) const SESSION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateSessionResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Credentials><SessionToken>SESSIONTOKEN</SessionToken><SecretAccessKey>SESSIONSECRET</SecretAccessKey><AccessKeyId>ASIASESSION</AccessKeyId><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></CreateSessionResult>";

/// A request to sign: method, URL, headers and body.
type Case = (
    &'static str,
    String,
    &'static [(&'static str, &'static str)],
    &'static [u8],
);

#[test]
fn session_requests_are_signed_as_botocore_signs_them() {
    let host = "https://mybucket--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com";
    let cases: [Case; 4] = [
        ("GET", format!("{host}/photos/cat.jpg"), &[], b""),
        (
            "PUT",
            format!("{host}/a%20key/with%2Bplus"),
            &[("content-type", "text/plain")],
            b"hello",
        ),
        ("GET", format!("{host}/?list-type=2&prefix=a%20b"), &[], b""),
        (
            "HEAD",
            format!("{host}/k"),
            &[("x-amz-checksum-mode", "ENABLED")],
            b"",
        ),
    ];
    let session = Credentials::new(
        "ASIASESSION",
        "SESSIONSECRET",
        Some("SESSIONTOKEN".to_owned()),
    );
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_379_300);
    let mut ours = Vec::new();
    let mut inputs = Vec::new();
    for (method, url, headers, body) in &cases {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let mut request = HttpRequest {
            method: method.to_string(),
            url: url.clone(),
            headers: headers.clone(),
            body: body.to_vec(),
        };
        let scope = SigningScope {
            region: "us-west-2",
            service: "s3express",
            s3_variant: true,
        };
        s3express::sign(&mut request, &session, scope, time, &KeyCache::default());
        ours.push(request.headers);
        let body_hex: String = body.iter().map(|b| format!("{b:02x}")).collect();
        inputs.push(json!({
            "method": method, "url": url, "headers": headers, "body_hex": body_hex,
            "access_key": "ASIASESSION", "secret_key": "SESSIONSECRET",
            "token": "SESSIONTOKEN", "region": "us-west-2", "amz_date": "20261204T101500Z",
        }));
    }
    let theirs: Vec<Vec<(String, String)>> =
        serde_json::from_value(run_python("s3express_sign.py", &Value::Array(inputs))).unwrap();
    let view = |headers: &[(String, String)], keep_host: bool| -> BTreeMap<String, String> {
        headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .filter(|(n, _)| keep_host || n != "host")
            .collect()
    };
    let mut differences = Vec::new();
    for (((method, url, ..), ours), theirs) in cases.iter().zip(&ours).zip(&theirs) {
        // Botocore leaves `host` to the HTTP layer; ours is signed and sent.
        let keep_host = theirs.iter().any(|(n, _)| n.eq_ignore_ascii_case("host"));
        let (ours, theirs) = (view(ours, keep_host), view(theirs, true));
        if ours != theirs {
            differences.push(format!(
                "{method} {url}\n  ours:     {ours:?}\n  botocore: {theirs:?}"
            ));
        }
    }
    println!(
        "s3express: {} session requests, {} signed as botocore signs them",
        cases.len(),
        cases.len() - differences.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

fn client(mock: &MockTransport) -> Client {
    Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(aws_s3::Credentials::new(
                "AKID",
                "SECRET",
                Some("STS".to_owned()),
            ))
            .retry(RetryConfig::disabled())
            .transport(mock.clone())
            .build()
            .unwrap(),
    )
}

/// One `CreateSession` per bucket, signed with the client's credentials for `s3express`; the
/// bucket's requests signed with the session's, its token in `x-amz-s3session-token` and no
/// `x-amz-security-token`; a failed `CreateSession` fails the call, naming it.
#[tokio::test]
async fn one_session_per_bucket_signs_its_requests() {
    let mock = MockTransport::new();
    mock.respond(200, &[], SESSION);
    mock.respond(200, &[], "");
    mock.respond(200, &[], "");
    mock.respond(200, &[], SESSION);
    mock.respond(200, &[], "");
    let s3 = client(&mock);
    for bucket in [
        "one--usw2-az1--x-s3",
        "one--usw2-az1--x-s3",
        "two--usw2-az1--x-s3",
    ] {
        s3.head_object()
            .bucket(bucket)
            .key("k")
            .send()
            .await
            .unwrap();
    }
    let requests = mock.requests();
    let summary: Vec<(String, String)> = requests
        .iter()
        .map(|r| (r.method.clone(), r.url.clone()))
        .collect();
    let url = |bucket: &str, path: &str| {
        format!("https://{bucket}.s3express-usw2-az1.us-west-2.amazonaws.com{path}")
    };
    assert_eq!(
        summary,
        [
            ("GET".to_owned(), url("one--usw2-az1--x-s3", "/?session")),
            ("HEAD".to_owned(), url("one--usw2-az1--x-s3", "/k")),
            ("HEAD".to_owned(), url("one--usw2-az1--x-s3", "/k")),
            ("GET".to_owned(), url("two--usw2-az1--x-s3", "/?session")),
            ("HEAD".to_owned(), url("two--usw2-az1--x-s3", "/k")),
        ]
    );
    let create = &requests[0];
    let authorization = create.header("authorization").unwrap_or_default();
    assert!(
        authorization.contains("Credential=AKID/")
            && authorization.contains("/us-west-2/s3express/aws4_request,"),
        "{authorization}"
    );
    assert_eq!(create.header("x-amz-security-token"), Some("STS"));
    let head = &requests[1];
    let authorization = head.header("authorization").unwrap_or_default();
    assert!(
        authorization.contains("Credential=ASIASESSION/")
            && authorization.contains("/us-west-2/s3express/aws4_request,"),
        "{authorization}"
    );
    assert_eq!(head.header("x-amz-s3session-token"), Some("SESSIONTOKEN"));
    assert_eq!(head.header("x-amz-security-token"), None);

    let mock = MockTransport::new();
    mock.respond(
        403,
        &[],
        "<Error><Code>AccessDenied</Code><Message>no session for you</Message></Error>",
    );
    let error = client(&mock)
        .get_object()
        .bucket("three--usw2-az1--x-s3")
        .key("k")
        .send()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("CreateSession answered 403: AccessDenied no session for you"),
        "{error}"
    );
    assert_eq!(mock.requests().len(), 1, "the call itself is not sent");
}
