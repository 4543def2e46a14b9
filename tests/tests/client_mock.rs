//! The client against the mock transport: every operation's request and output, every kind
//! of failure, validation policies, timeouts, and signatures checked against botocore.

use crate::support::{call, ds_model, run_python};
use crate::validation::Model;
use codegen::ir::names;
use directory_service::client::RetryConfig;
use directory_service::error::{SdkErrorKind, TransportErrorKind};
use directory_service::test_util::MockTransport;
use directory_service::transport::{HttpRequest, Transport, TransportFuture};
use directory_service::types::DirectorySize;
use directory_service::validation::Policy;
use directory_service::{Client, Config, Credentials};
use serde_json::{json, Value};
use std::time::Duration;

const ENDPOINT: &str = "http://127.0.0.1:4566";

fn client(mock: &MockTransport, policy: Policy) -> Client {
    Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
            ))
            .endpoint_url(ENDPOINT)
            .validation(policy)
            .transport(mock.clone())
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

fn body_json(request: &HttpRequest) -> Value {
    serde_json::from_slice(&request.body).expect("request body is JSON")
}

#[tokio::test]
async fn every_operation_sends_its_request_and_reads_its_output() {
    let model = Model(serde_json::from_str(&ds_model().service.text).unwrap());
    let mock = MockTransport::new();
    let client = client(&mock, Policy::Strict);
    let operations = model.0["operations"].as_object().unwrap().clone();
    for (operation, op) in &operations {
        let input_shape = op["input"]["shape"].as_str().unwrap();
        let output = model.valid(op["output"]["shape"].as_str().unwrap());
        let input = model.valid(input_shape);
        mock.respond(
            200,
            &[
                ("x-amzn-RequestId", "req-1"),
                ("Content-Type", "application/x-amz-json-1.1"),
            ],
            output.to_string(),
        );
        let got = call(&client, &names::type_name(input_shape), &input).await;
        assert_eq!(got.as_ref(), Ok(&output), "{operation}: output");
        let request = mock.last_request().unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.url, format!("{ENDPOINT}/"));
        assert_eq!(
            request.header("x-amz-target"),
            Some(format!("DirectoryService_20150416.{operation}").as_str())
        );
        assert_eq!(
            request.header("content-type"),
            Some("application/x-amz-json-1.1")
        );
        assert_eq!(request.header("host"), Some("127.0.0.1:4566"));
        let authorization = request.header("authorization").unwrap();
        assert!(
            authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
            "{authorization}"
        );
        assert!(
            authorization.contains("/us-west-2/ds/aws4_request"),
            "{authorization}"
        );
        assert!(request
            .header("user-agent")
            .unwrap()
            .starts_with("directory-service/"));
        assert_eq!(body_json(&request), input, "{operation}: request body");
    }
    assert_eq!(mock.requests().len(), 80);
}

#[tokio::test]
async fn an_input_without_members_is_sent_as_an_empty_object() {
    let mock = MockTransport::new();
    mock.respond(200, &[], "");
    let out = client(&mock, Policy::Default)
        .get_directory_limits()
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.directory_limits(),
        None,
        "an empty body reads as an empty output"
    );
    assert_eq!(mock.last_request().unwrap().body, b"{}");
}

#[tokio::test]
async fn modeled_errors_arrive_typed_with_code_message_and_request_id() {
    let mock = MockTransport::new();
    mock.respond(
        400,
        &[("X-Amzn-ErrorType", "EntityDoesNotExistException:http://internal.amazon.com/"), ("x-amzn-RequestId", "r-42")],
        r#"{"__type": "com.amazonaws.ds#EntityDoesNotExistException", "message": "Directory d-1234567890 does not exist.", "RequestId": "r-42"}"#,
    );
    let err = client(&mock, Policy::Default)
        .delete_directory()
        .directory_id("d-1234567890")
        .send()
        .await
        .unwrap_err();
    let service = err.as_service_error().expect("a service error");
    assert!(service.is_entity_does_not_exist_exception());
    let directory_service::error::DeleteDirectoryError::EntityDoesNotExistException(e) = service
    else {
        panic!("{service:?}")
    };
    assert_eq!(e.message(), Some("Directory d-1234567890 does not exist."));
    assert_eq!(err.meta().unwrap().request_id.as_deref(), Some("r-42"));
    assert_eq!(
        err.to_string(),
        "DeleteDirectory failed: service error: EntityDoesNotExistException: Directory d-1234567890 does not exist. (HTTP 400, request id r-42)"
    );
    let wide: directory_service::error::Error = err.into();
    assert!(matches!(
        wide,
        directory_service::error::Error::EntityDoesNotExistException(_)
    ));
}

#[tokio::test]
async fn unmodeled_errors_keep_code_message_request_id_and_status() {
    let mock = MockTransport::new();
    mock.respond(
        400,
        &[("x-amzn-RequestId", "r-7")],
        r#"{"__type": "ValidationException", "message": "1 validation error detected"}"#,
    );
    let err = client(&mock, Policy::Off)
        .describe_directories()
        .send()
        .await
        .unwrap_err();
    let directory_service::error::DescribeDirectoriesError::Unhandled(unhandled) =
        err.as_service_error().unwrap()
    else {
        panic!("{err:?}")
    };
    assert_eq!(unhandled.code(), Some("ValidationException"));
    assert_eq!(unhandled.message(), Some("1 validation error detected"));
    assert_eq!(unhandled.meta().status, 400);
    assert_eq!(unhandled.meta().request_id.as_deref(), Some("r-7"));
    assert_eq!(
        err.to_string(),
        "DescribeDirectories failed: service error: ValidationException: 1 validation error detected (HTTP 400, request id r-7)"
    );
}

#[tokio::test]
async fn unreadable_responses_are_reported_not_panicked_on() {
    let cases: &[(u16, &str, &str)] = &[
        (
            200,
            r#"{"Trusts": [{"DirectoryId": "d-1"#,
            "the output is not valid",
        ),
        (200, r#"{"Trusts": 5}"#, "the output is not valid"),
        (
            500,
            "<html><body><h1>Internal Server Error</h1></body></html>",
            "an error response without an error code",
        ),
        (
            503,
            "not json at all",
            "an error response without an error code",
        ),
    ];
    // A response with no body at all says only its status, which is then its code, as
    // botocore reads it (S3 answers a `HEAD` so).
    let mock = MockTransport::new();
    mock.respond(400, &[], "");
    let err = client(&mock, Policy::Default)
        .describe_trusts()
        .send()
        .await
        .unwrap_err();
    let meta = err.meta().expect("a service error");
    assert_eq!(
        (meta.code.as_deref(), meta.message.as_deref(), meta.status),
        (Some("400"), Some("Bad Request"), 400)
    );
    for (status, body, reason) in cases {
        let mock = MockTransport::new();
        mock.respond(*status, &[("Content-Type", "text/html")], *body);
        let err = client(&mock, Policy::Default)
            // DescribeTrusts can return nothing sensitive, so its errors quote the body
            // (`redaction.rs` covers the operations that can).
            .describe_trusts()
            .send()
            .await
            .unwrap_err();
        let SdkErrorKind::Unparseable {
            status: got,
            reason: why,
            ..
        } = err.kind()
        else {
            panic!("{err:?}")
        };
        assert_eq!(got, status);
        assert!(why.contains(reason), "{why}");
        let text = err.to_string();
        assert!(
            text.starts_with(&format!(
                "DescribeTrusts failed: unreadable response (HTTP {status}): {reason}"
            )),
            "{text}"
        );
        if !body.is_empty() {
            assert!(text.contains("body starts"), "{text}");
        }
    }
}

#[tokio::test]
async fn bodies_that_are_not_utf8_are_reported_with_where_they_break() {
    let mock = MockTransport::new();
    mock.respond(
        200,
        &[],
        &b"{\"Trusts\": [{\"DirectoryId\": \"d-\xff\"}]}"[..],
    );
    let err = client(&mock, Policy::Default)
        .describe_trusts()
        .send()
        .await
        .unwrap_err();
    let SdkErrorKind::Unparseable { reason, .. } = err.kind() else {
        panic!("{err:?}")
    };
    assert_eq!(
        reason,
        "the output is not valid: the body is not UTF-8: invalid utf-8 sequence of 1 bytes from index 31"
    );
    // A modeled error whose body is not UTF-8 keeps its code, status and request id.
    let body = &b"{\"Message\": \"\xff\"}"[..];
    let headers = [
        ("X-Amzn-ErrorType", "EntityDoesNotExistException"),
        ("X-Amzn-RequestId", "r-8"),
    ];
    mock.respond(400, &headers, body);
    let err = client(&mock, Policy::Default)
        .describe_trusts()
        .send()
        .await
        .unwrap_err();
    let SdkErrorKind::Service(service) = err.kind() else {
        panic!("{err:?}")
    };
    let directory_service::error::DescribeTrustsError::Unhandled(unhandled) = service else {
        panic!("{service:?}")
    };
    assert_eq!(unhandled.code(), Some("EntityDoesNotExistException"));
    assert_eq!(unhandled.meta().request_id.as_deref(), Some("r-8"));
}

#[tokio::test]
async fn transport_failures_are_dispatch_errors() {
    let mock = MockTransport::new();
    mock.fail(TransportErrorKind::Io, "connection reset by peer");
    let err = client(&mock, Policy::Default)
        .describe_directories()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), SdkErrorKind::Dispatch(e) if e.kind == TransportErrorKind::Io));
    assert_eq!(
        err.to_string(),
        "DescribeDirectories failed: no response: I/O error: connection reset by peer"
    );
}

/// A transport that never answers.
#[derive(Debug)]
struct Silent;

impl Transport for Silent {
    fn send(&self, _: HttpRequest) -> TransportFuture<'_> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test(start_paused = true)]
async fn the_timeout_fires_at_the_configured_time() {
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None))
            .timeout(Duration::from_secs(30))
            .transport(Silent)
            .build()
            .unwrap(),
    );
    let started = tokio::time::Instant::now();
    let err = client.describe_directories().send().await.unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(started.elapsed(), Duration::from_secs(30));
    assert_eq!(
        err.to_string(),
        "DescribeDirectories failed: no response: timed out: no response within 30s"
    );
}

#[tokio::test]
async fn validation_policies_decide_what_is_sent() {
    let mock = MockTransport::new();
    let strict = client(&mock, Policy::Strict);
    let err = strict
        .delete_directory()
        .directory_id("not-an-id")
        .send()
        .await
        .unwrap_err();
    let SdkErrorKind::Validation(v) = err.kind() else {
        panic!("{err:?}")
    };
    assert_eq!(v.violations()[0].path(), "directory_id");
    assert!(err.to_string().starts_with("DeleteDirectory failed: invalid input, not sent: delete_directory: 1 invalid parameter: invalid value for directory_id"), "{err}");
    assert!(mock.requests().is_empty(), "nothing is sent");

    mock.respond(200, &[], r#"{"DirectoryId": "not-an-id"}"#);
    let out = strict
        .delete_directory()
        .directory_id("not-an-id")
        .validation(Policy::Default)
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.directory_id(),
        Some("not-an-id"),
        "a per-request policy overrides the client's"
    );

    let lenient = client(&mock, Policy::Default);
    let err = lenient
        .create_alias()
        .directory_id("d-1234567890")
        .alias("")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), SdkErrorKind::Validation(_)),
        "Default checks minimum lengths: {err}"
    );
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn missing_required_members_fail_before_sending() {
    let mock = MockTransport::new();
    let err = client(&mock, Policy::Default)
        .create_directory()
        .name("corp.example.com")
        .size(DirectorySize::Small)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), SdkErrorKind::Construction(_)));
    assert_eq!(
        err.to_string(),
        "CreateDirectory failed: request not built: cannot build `CreateDirectoryRequest`: required field `password` not set"
    );
    assert!(mock.requests().is_empty());
}

/// Signs each request with botocore's `SigV4Auth`; returns the `Authorization` values.
pub(crate) fn botocore_signatures(cases: Vec<Value>) -> Vec<String> {
    serde_json::from_value(run_python("sigv4.py", &Value::Array(cases))).unwrap()
}

pub(crate) const SESSION_TOKEN: &str = "FwoGZXIvYXdzEJr//session";

/// A request as `sigv4.py` reads it.
pub(crate) fn signing_case(request: &HttpRequest, region: &str, service: &str) -> Value {
    let token = request
        .header("x-amz-security-token")
        .map(|_| SESSION_TOKEN);
    json!({
        "method": request.method, "url": request.url, "headers": request.headers,
        "body": String::from_utf8(request.body.clone()).unwrap(),
        "amz_date": request.header("x-amz-date").unwrap(),
        "region": region, "service": service,
        "access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "token": token,
    })
}

#[tokio::test]
async fn signatures_equal_botocores() {
    let model = Model(serde_json::from_str(&ds_model().service.text).unwrap());
    let mock = MockTransport::new();
    let session = Client::new(
        Config::builder()
            .region("eu-central-1")
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                Some(SESSION_TOKEN.into()),
            ))
            .transport(mock.clone())
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    );
    let plain = client(&mock, Policy::Default);
    // Every operation, with and without a session token.
    let operations = model.0["operations"].as_object().unwrap().clone();
    for op in operations.values() {
        let input_shape = op["input"]["shape"].as_str().unwrap();
        let input = model.valid(input_shape);
        for client in [&plain, &session] {
            mock.respond(200, &[], "{}");
            let _ = call(client, &names::type_name(input_shape), &input).await;
        }
    }
    // A body with non-ASCII text and characters JSON escapes.
    mock.respond(200, &[], "{}");
    session
        .add_tags_to_resource()
        .resource_id("d-1234567890")
        .tags(
            directory_service::types::Tag::builder()
                .key("k ü ሴ")
                .value("v/\"\\ 😀")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let requests = mock.requests();
    assert_eq!(requests.len(), operations.len() * 2 + 1);
    let mut cases: Vec<Value> = requests
        .iter()
        .map(|r| {
            let region = if r.header("x-amz-security-token").is_some() {
                "eu-central-1"
            } else {
                "us-west-2"
            };
            signing_case(r, region, "ds")
        })
        .collect();
    // Query strings (repeated keys, encoded and unreserved characters, empty values) and
    // paths that need encoding, signed by the runtime's signer directly. botocore signs a
    // query as written and the signer canonicalises it (decoded, encoded strictly, as the
    // suite's `get-vanilla-utf8-query` needs), so the queries here are written the way the
    // client writes them: unreserved characters bare, everything else `%XX`.
    let time = std::time::SystemTime::now();
    let credentials = aws_codegen_runtime::config::credentials::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        Some(SESSION_TOKEN.into()),
    );
    let urls = [
        "https://svc.us-east-1.amazonaws.com/?b=2&a=1&a=0",
        "https://svc.us-east-1.amazonaws.com/2017-01-11/x%20y/%E1%88%B4?k=%E1%88%B4&k=a%20b&empty=&flag",
        "https://svc.us-east-1.amazonaws.com/greedy/a/b/c.txt?list=z&list=y&list=y&-_.~=~",
        "https://svc.us-east-1.amazonaws.com:8443/p?Param-3=3&Param=2&%2F=%2F",
    ];
    let mut signed = Vec::new();
    let keys = aws_codegen_runtime::client::sigv4::KeyCache::default();
    for (i, url) in urls.iter().enumerate() {
        let mut request = HttpRequest {
            method: if i % 2 == 0 { "GET" } else { "PUT" }.to_owned(),
            url: (*url).to_owned(),
            headers: vec![
                (
                    "x-amz-data-partition".to_owned(),
                    "arn:aws:clouddirectory:us-east-1:1:directory/ü".to_owned(),
                ),
                ("content-type".to_owned(), "application/json".to_owned()),
            ],
            body: "{\"Name\":\"ünïcode\"}".as_bytes().to_vec(),
        };
        aws_codegen_runtime::client::sigv4::sign(
            &mut request,
            &credentials,
            aws_codegen_runtime::client::sigv4::SigningScope::new("us-east-1", "clouddirectory"),
            time,
            &keys,
        );
        cases.push(signing_case(&request, "us-east-1", "clouddirectory"));
        signed.push(request);
    }
    let theirs = botocore_signatures(cases);
    assert_eq!(theirs.len(), requests.len() + urls.len());
    for (request, theirs) in requests.iter().chain(&signed).zip(&theirs) {
        assert_eq!(
            request.header("authorization"),
            Some(theirs.as_str()),
            "{} {:?}",
            request.url,
            request.header("x-amz-target")
        );
    }
    let last = requests.last().unwrap();
    assert!(last
        .url
        .starts_with("https://ds.eu-central-1.amazonaws.com/"));
    assert!(
        !format!("{last:?}").contains("FwoGZXIvYXdzEJr"),
        "Debug hides the session token"
    );
}
