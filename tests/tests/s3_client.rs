//! The generated S3 client against botocore's S3 endpoint suite: each case that names an
//! operation is sent through the mock transport with the case's client settings, and the
//! request must go where the case's endpoint says (the bucket in the host or the path),
//! signed for its region and name (with SigV4, or SigV4a for its region set where the
//! endpoint lists that first); a case that expects an error must fail with its message, and
//! an endpoint that asks for a scheme the client does not sign (S3 Express sessions) must be
//! refused naming it.

use aws_s3::client::RetryConfig;
use aws_s3::test_util::MockTransport;
use aws_s3::{Client, Config, Credentials};
use serde_json::Value;
use std::path::PathBuf;

/// botocore's endpoint suite of `service` (`s3`, `s3control`).
pub(crate) fn suite(service: &str) -> Value {
    let path = std::env::var_os("ENDPOINT_TESTS")
        .map(PathBuf::from)
        .expect("ENDPOINT_TESTS is not set: run `cargo xtask test`")
        .join(service)
        .join("endpoint-tests-1.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// A client configured with an operation case's built-in parameters.
fn client(built_ins: &Value, mock: &MockTransport) -> Result<Client, String> {
    let flag = |name: &str| built_ins[name].as_bool().unwrap_or(false);
    let mut builder = Config::builder()
        .region(built_ins["AWS::Region"].as_str().unwrap_or("us-east-1"))
        .credentials(Credentials::new("AKID", "SECRET", None))
        .use_fips(flag("AWS::UseFIPS"))
        .use_dual_stack(flag("AWS::UseDualStack"))
        .retry(RetryConfig::disabled())
        .transport(mock.clone());
    // An S3 setting left unset differs from one set to false (`UseArnRegion`).
    type Setting = fn(aws_s3::client::ConfigBuilder, bool) -> aws_s3::client::ConfigBuilder;
    let settings: [(&str, Setting); 5] = [
        (
            "AWS::S3::ForcePathStyle",
            aws_s3::client::ConfigBuilder::force_path_style,
        ),
        (
            "AWS::S3::Accelerate",
            aws_s3::client::ConfigBuilder::accelerate,
        ),
        (
            "AWS::S3::UseArnRegion",
            aws_s3::client::ConfigBuilder::use_arn_region,
        ),
        (
            "AWS::S3::UseGlobalEndpoint",
            aws_s3::client::ConfigBuilder::use_global_endpoint,
        ),
        (
            "AWS::S3::DisableMultiRegionAccessPoints",
            aws_s3::client::ConfigBuilder::disable_multi_region_access_points,
        ),
    ];
    for (name, set) in settings {
        if let Some(value) = built_ins[name].as_bool() {
            builder = set(builder, value);
        }
    }
    if let Some(url) = built_ins["SDK::Endpoint"].as_str() {
        builder = builder.endpoint_url(url);
    }
    builder.build().map(Client::new).map_err(|e| e.to_string())
}

/// The schemes the client signs with (the test crate turns on `sigv4a`; S3 Express
/// sessions come from the bucket's `CreateSession`).
const SIGNED: [&str; 3] = ["sigv4", "sigv4a", "sigv4-s3express"];

/// The scheme an endpoint is signed with: the first of its `authSchemes` the client signs
/// with, else the first.
pub(crate) fn chosen_scheme(endpoint: &Value) -> Option<&Value> {
    let schemes = endpoint["properties"]["authSchemes"].as_array()?;
    schemes
        .iter()
        .find(|s| SIGNED.iter().any(|name| s["name"] == *name))
        .or_else(|| schemes.first())
}

/// Sends the case's operation; the error's text when it fails.
async fn send(client: &Client, operation: &str, params: &Value) -> Result<(), String> {
    let text = |name: &str| params[name].as_str().unwrap_or_default().to_owned();
    let result = match operation {
        "GetObject" => client
            .get_object()
            .bucket(text("Bucket"))
            .key(text("Key"))
            .send()
            .await
            .map(drop)
            .map_err(|e| e.to_string()),
        "ListBuckets" => client
            .list_buckets()
            .send()
            .await
            .map(drop)
            .map_err(|e| e.to_string()),
        "CreateBucket" => client
            .create_bucket()
            .bucket(text("Bucket"))
            .send()
            .await
            .map(drop)
            .map_err(|e| e.to_string()),
        "ListObjects" => client
            .list_objects()
            .bucket(text("Bucket"))
            .prefix(text("Prefix"))
            .send()
            .await
            .map(drop)
            .map_err(|e| e.to_string()),
        "ListDirectoryBuckets" => client
            .list_directory_buckets()
            .send()
            .await
            .map(drop)
            .map_err(|e| e.to_string()),
        "WriteGetObjectResponse" => client
            .write_get_object_response()
            .request_route(text("RequestRoute"))
            .request_token(text("RequestToken"))
            .send()
            .await
            .map(drop)
            .map_err(|e| e.to_string()),
        other => return Err(format!("the test does not send `{other}`")),
    };
    result
}

#[tokio::test]
async fn the_s3_client_sends_each_operation_case_where_botocore_expects() {
    let suite = suite("s3");
    let mut sent = 0;
    let mut refused_scheme = 0;
    let mut sigv4a = 0;
    let mut s3express = 0;
    let mut errors = 0;
    let mut failures = Vec::new();
    for case in suite["testCases"].as_array().unwrap() {
        let expect = &case["expect"];
        for input in case["operationInputs"].as_array().into_iter().flatten() {
            let operation = input["operationName"].as_str().unwrap_or_default();
            let scheme = chosen_scheme(&expect["endpoint"]).and_then(|s| s["name"].as_str());
            let mock = MockTransport::new();
            // A directory bucket's session comes first.
            if expect["error"].is_null() && scheme == Some("sigv4-s3express") {
                mock.respond(200, &[], crate::s3express::SESSION);
            }
            mock.respond(200, &[], "");
            let outcome = match client(&input["builtInParams"], &mock) {
                Ok(client) => send(&client, operation, &input["operationParams"]).await,
                Err(e) => Err(e),
            };
            let request = mock.last_request();
            let problem = match (expect["error"].as_str(), expect["endpoint"]["url"].as_str()) {
                (Some(message), _) => {
                    errors += 1;
                    error_problem(message, &outcome, request.is_some())
                }
                (None, Some(_)) if scheme.is_some_and(|s| !SIGNED.contains(&s)) => {
                    refused_scheme += 1;
                    let scheme = scheme.unwrap_or_default();
                    match &outcome {
                        Err(e) if e.contains(&format!("asks for `{scheme}` signing")) => None,
                        other => Some(format!("expected `{scheme}` refused, got {other:?}")),
                    }
                }
                (None, Some(url)) => {
                    sent += 1;
                    sigv4a += usize::from(scheme == Some("sigv4a"));
                    s3express += usize::from(scheme == Some("sigv4-s3express"));
                    let session = mock.requests().first().cloned();
                    request_problem(url, &expect["endpoint"], operation, request.as_ref()).or_else(
                        || {
                            (scheme == Some("sigv4-s3express"))
                                .then(|| session_problem(url, session.as_ref()))
                                .flatten()
                        },
                    )
                }
                (None, None) => Some("the case expects neither an endpoint nor an error".into()),
            };
            record(&mut failures, case, operation, problem);
        }
    }
    println!(
        "s3 operation cases: {sent} sent where expected ({sigv4a} of them signed with SigV4a, {s3express} with an S3 Express session), {refused_scheme} refused for their auth scheme, {errors} failed with the expected error, {} wrong",
        failures.len()
    );
    assert_none_wrong(&failures);
    // Pinned: a suite that shrinks or a case that changes kind shows here.
    assert_eq!(
        (sent, sigv4a, s3express, refused_scheme, errors),
        (152, 7, 29, 0, 63)
    );
}

/// What is wrong with the `CreateSession` a directory bucket's case made first, if anything:
/// to the bucket's endpoint, signed with the client's credentials for `s3express`.
fn session_problem(
    url: &str,
    session: Option<&aws_codegen_runtime::http::transport::HttpRequest>,
) -> Option<String> {
    let Some(session) = session else {
        return Some("no CreateSession was sent".into());
    };
    let authorization = session.header("authorization").unwrap_or_default();
    if !session.url.starts_with(url)
        || !session.url.ends_with("/?session")
        || !authorization.contains("Credential=AKID/")
        || !authorization.contains("/s3express/aws4_request,")
    {
        return Some(format!(
            "CreateSession sent to {} signed `{authorization}`",
            session.url
        ));
    }
    None
}

/// Notes a case's problem, if it has one, under its documentation and operation.
pub(crate) fn record(
    failures: &mut Vec<String>,
    case: &Value,
    operation: &str,
    problem: Option<String>,
) {
    if let Some(problem) = problem {
        failures.push(format!(
            "{} ({operation}): {problem}",
            case["documentation"]
        ));
    }
}

/// Fails listing every case that went wrong.
pub(crate) fn assert_none_wrong(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// What is wrong with the outcome of a case that expects the error `message`, if anything:
/// the call must fail with it before sending.
pub(crate) fn error_problem(
    message: &str,
    outcome: &Result<(), String>,
    sent: bool,
) -> Option<String> {
    match outcome {
        Err(e) if e.contains(message) && !sent => None,
        other => Some(format!("expected the error `{message}`, got {other:?}")),
    }
}

/// What is wrong with the request sent for a case that expects the endpoint `url`, if
/// anything: it must start with the URL (Object Lambda's host prefix aside), be signed
/// for the endpoint's region and name, its path as sent, and carry the endpoint's headers.
pub(crate) fn request_problem(
    url: &str,
    endpoint: &Value,
    operation: &str,
    request: Option<&aws_codegen_runtime::http::transport::HttpRequest>,
) -> Option<String> {
    let Some(request) = request else {
        return Some("no request was sent".into());
    };
    let sent = if operation == "WriteGetObjectResponse" {
        request.url.replacen("://RequestRoute.", "://", 1)
    } else {
        request.url.clone()
    };
    if !sent.starts_with(url) {
        return Some(format!("sent to {}, expected {url}", request.url));
    }
    let Some(scheme) = chosen_scheme(endpoint) else {
        return Some("the endpoint names no auth scheme".into());
    };
    let name = scheme["signingName"].as_str().unwrap_or_default();
    let (algorithm, scope) = if scheme["name"] == "sigv4a" {
        let set: Vec<&str> = scheme["signingRegionSet"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let sent_set = request.header("x-amz-region-set").unwrap_or_default();
        if sent_set != set.join(",") {
            return Some(format!("x-amz-region-set `{sent_set}`, expected {set:?}"));
        }
        ("AWS4-ECDSA-P256-SHA256 ", format!("/{name}/aws4_request"))
    } else {
        let region = scheme["signingRegion"].as_str().unwrap_or_default();
        (
            "AWS4-HMAC-SHA256 ",
            format!("/{region}/{name}/aws4_request"),
        )
    };
    let authorization = request.header("authorization").unwrap_or_default();
    if scheme["name"] == "sigv4-s3express"
        && (request.header("x-amz-s3session-token") != Some("SESSIONTOKEN")
            || !authorization.contains("Credential=ASIASESSION/"))
    {
        return Some(format!(
            "not signed with the session: `{authorization}`, x-amz-s3session-token {:?}",
            request.header("x-amz-s3session-token")
        ));
    }
    if !authorization.starts_with(algorithm) || !authorization.contains(&format!("{scope},")) {
        return Some(format!(
            "signed `{authorization}`, expected the scope {scope}"
        ));
    }
    if request.header("x-amz-content-sha256").is_none() {
        return Some("no x-amz-content-sha256 header".into());
    }
    // The endpoint's headers, each once (S3 Control's account and outpost ids).
    for (name, values) in endpoint["headers"].as_object().into_iter().flatten() {
        let sent: Vec<&str> = request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        let expected: Vec<&str> = values
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if sent != expected {
            return Some(format!(
                "header {name}: sent {sent:?}, expected {expected:?}"
            ));
        }
    }
    None
}

/// `CopyObject` may answer `200 OK` and fail in the body: the client reads that as the
/// `500` it stands for, retries it, and reports it with its code when retries run out.
#[tokio::test]
async fn an_error_inside_a_200_response_is_retried_and_typed() {
    let error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>R1</RequestId></Error>";
    let done = "<CopyObjectResult><ETag>\"e1\"</ETag><LastModified>2026-12-04T10:15:00.000Z</LastModified></CopyObjectResult>";
    let client = |mock: &MockTransport, retry: RetryConfig| {
        Client::new(
            Config::builder()
                .region("us-west-2")
                .credentials(Credentials::new("AKID", "SECRET", None))
                .retry(retry)
                .transport(mock.clone())
                .build()
                .unwrap(),
        )
    };
    let copy = |client: Client| async move {
        client
            .copy_object()
            .bucket("dst")
            .key("k")
            .copy_source("src/k")
            .send()
            .await
    };
    let mock = MockTransport::new();
    mock.respond(200, &[], error);
    mock.respond(200, &[], done);
    let copied = copy(client(&mock, RetryConfig::standard())).await.unwrap();
    assert_eq!(mock.requests().len(), 2, "retried once");
    let etag = copied.copy_object_result.and_then(|r| r.e_tag);
    assert_eq!(etag.as_deref(), Some("\"e1\""));

    let mock = MockTransport::new();
    mock.respond(200, &[], error);
    let failed = copy(client(&mock, RetryConfig::disabled()))
        .await
        .unwrap_err();
    let meta = failed.meta().expect("a service error");
    assert_eq!(
        (meta.status, meta.code.as_deref()),
        (500, Some("InternalError"))
    );
    // A body that broke off is no output either.
    let mock = MockTransport::new();
    mock.respond(200, &[], "<CopyObjectResult><ETag>");
    let cut = copy(client(&mock, RetryConfig::disabled()))
        .await
        .unwrap_err();
    assert!(cut.to_string().contains("(HTTP 500)"), "{cut}");
    // Another operation's `200 OK` is its output, whatever its body says.
    let mock = MockTransport::new();
    mock.respond(200, &[], "");
    client(&mock, RetryConfig::disabled())
        .delete_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap();
}

/// A call's configuration override: its own addressing and region, the endpoint resolved
/// again for it alone, the client's other calls unchanged; an override that does not build
/// fails the call before anything is sent.
#[tokio::test]
async fn a_calls_configuration_override_applies_to_it_alone() {
    let mock = MockTransport::new();
    for _ in 0..3 {
        mock.respond(200, &[], "");
    }
    let client = Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .retry(RetryConfig::disabled())
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    let get = || client.get_object().bucket("mybucket").key("k");
    get()
        .config_override(|c| c.force_path_style(true).region("eu-west-1"))
        .send()
        .await
        .unwrap();
    get().send().await.unwrap();
    let urls: Vec<String> = mock.requests().into_iter().map(|r| r.url).collect();
    assert_eq!(
        urls,
        [
            "https://s3.eu-west-1.amazonaws.com/mybucket/k",
            "https://mybucket.s3.us-west-2.amazonaws.com/k"
        ]
    );
    let error = get()
        .config_override(|c| c.region("not a region"))
        .send()
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("`not a region` is not a region name"),
        "{error}"
    );
    assert_eq!(mock.requests().len(), 2, "nothing sent");
}

/// `Expires` is a string in S3's model (since the official SDKs met servers that send
/// values that are not dates): whatever a response carries is handed over as sent, and a
/// value that is not a date fails nothing.
#[tokio::test]
async fn an_expires_header_that_is_not_a_date_is_kept_as_sent() {
    let mock = MockTransport::new();
    mock.respond(200, &[("Expires", "Thu, 01 Dec 1994 16:00:00 GMT")], "");
    mock.respond(200, &[("Expires", "not a date, 0")], "");
    let client = Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    for expected in ["Thu, 01 Dec 1994 16:00:00 GMT", "not a date, 0"] {
        let head = client
            .head_object()
            .bucket("b")
            .key("k")
            .send()
            .await
            .unwrap();
        assert_eq!(head.expires.as_deref(), Some(expected));
    }
}
