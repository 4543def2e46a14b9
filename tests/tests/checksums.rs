//! Flexible checksums (`httpChecksum`): every algorithm against botocore's implementation;
//! the checked-in S3 client's request headers against botocore's for the same inputs; and
//! response checksums checked, a corrupted body detected, through the mock transport.

use crate::python::run_python;
use aws_codegen_runtime::http::flexible_checksum::{ChecksumAlgorithm, PRIORITY};
use aws_s3::client::{ChecksumWhen, RetryConfig};
use aws_s3::test_util::MockTransport;
use aws_s3::types::{ChecksumAlgorithm as S3Algorithm, ChecksumMode, Delete, ObjectIdentifier};
use aws_s3::{Client, Config, Credentials};
use serde_json::{json, Value};

fn bodies() -> Vec<Vec<u8>> {
    vec![
        Vec::new(),
        b"a".to_vec(),
        b"Hello world".to_vec(),
        (0..100_000u32).map(|i| (i * 31 % 253) as u8).collect(),
        (0..(1u32 << 20) + 3)
            .map(|i| (i ^ (i >> 7)) as u8)
            .collect(),
    ]
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn every_algorithm_agrees_with_botocore() {
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for body in bodies() {
        for algorithm in PRIORITY {
            cases.push(json!({
                "algorithm": algorithm.name().to_ascii_lowercase(),
                "body_hex": hex(&body),
            }));
            ours.push(algorithm.checksum(&body));
        }
    }
    let theirs: Vec<String> =
        serde_json::from_value(run_python("checksums.py", &Value::Array(cases))).unwrap();
    assert_eq!(theirs.len(), 25);
    assert_eq!(ours, theirs);
    println!("checksums: 25 of 25 (5 algorithms, 5 bodies up to 1 MiB) equal botocore's");
}

fn client(mock: &MockTransport, request: ChecksumWhen, response: ChecksumWhen) -> Client {
    client_at("https", mock, request, response)
}

/// A client whose endpoint is S3's in `us-west-2` over `scheme`, the bucket in the path.
fn client_at(
    scheme: &str,
    mock: &MockTransport,
    request: ChecksumWhen,
    response: ChecksumWhen,
) -> Client {
    Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(format!("{scheme}://s3.us-west-2.amazonaws.com"))
            .force_path_style(true)
            .request_checksum_calculation(request)
            .response_checksum_validation(response)
            .retry(RetryConfig::disabled())
            .transport(mock.clone())
            .build()
            .unwrap(),
    )
}

/// The checksum and payload headers of a request (sorted), and its body as sent.
fn checksum_headers(request: &aws_codegen_runtime::http::transport::HttpRequest) -> Value {
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            name.starts_with("x-amz-checksum-")
                || [
                    "x-amz-sdk-checksum-algorithm",
                    "content-md5",
                    "x-amz-content-sha256",
                    "x-amz-trailer",
                    "x-amz-decoded-content-length",
                    "content-encoding",
                ]
                .contains(&name.as_str())
        })
        .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
        .collect();
    headers.sort();
    json!({"headers": headers, "body_hex": hex(&request.body)})
}

#[tokio::test]
async fn request_checksums_are_the_headers_botocore_sends() {
    let body = b"The quick brown fox jumps over the lazy dog".to_vec();
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    // Over HTTP the checksum goes in a header and the body's hash is signed; over HTTPS the
    // body goes `aws-chunked`, unsigned, its checksum in a trailer (compared byte for byte).
    for scheme in ["http", "https"] {
        for (when, algorithm) in [
            (ChecksumWhen::WhenSupported, None),
            (ChecksumWhen::WhenRequired, None),
            (ChecksumWhen::WhenSupported, Some(S3Algorithm::Crc32C)),
            (ChecksumWhen::WhenSupported, Some(S3Algorithm::Crc64Nvme)),
            (ChecksumWhen::WhenSupported, Some(S3Algorithm::Sha1)),
            (ChecksumWhen::WhenRequired, Some(S3Algorithm::Sha256)),
        ] {
            let mock = MockTransport::new();
            mock.respond(200, &[], "");
            let mut put = client_at(scheme, &mock, when, ChecksumWhen::WhenSupported)
                .put_object()
                .bucket("b")
                .key("k")
                .body(body.clone());
            if let Some(algorithm) = &algorithm {
                put = put.checksum_algorithm(algorithm.clone());
            }
            put.send().await.unwrap();
            ours.push(checksum_headers(&mock.last_request().unwrap()));
            let mut params = json!({"Bucket": "b", "Key": "k", "Body_hex": hex(&body)});
            if let Some(algorithm) = &algorithm {
                params["ChecksumAlgorithm"] = json!(algorithm.as_str());
            }
            cases.push(json!({
                "operation": "PutObject",
                "params": params,
                "request_checksum_calculation": when_name(when),
                "scheme": scheme,
            }));
        }
    }
    // `DeleteObjects` requires a checksum: CRC32 even when only required ones are taken.
    let mock = MockTransport::new();
    mock.respond(200, &[], "<DeleteResult/>");
    let objects = ["a", "b/c"].map(|key| ObjectIdentifier::builder().key(key).build().unwrap());
    client_at(
        "http",
        &mock,
        ChecksumWhen::WhenRequired,
        ChecksumWhen::WhenSupported,
    )
    .delete_objects()
    .bucket("b")
    .delete(
        Delete::builder()
            .set_objects(Some(objects.to_vec()))
            .build()
            .unwrap(),
    )
    .send()
    .await
    .unwrap();
    ours.push(checksum_headers(&mock.last_request().unwrap()));
    cases.push(json!({
        "operation": "DeleteObjects",
        "params": {"Bucket": "b", "Delete": {"Objects": [{"Key": "a"}, {"Key": "b/c"}]}},
        "request_checksum_calculation": "when_required",
        "scheme": "http",
    }));
    let theirs = run_python("s3_checksum_headers.py", &Value::Array(cases));
    let theirs = theirs.as_array().unwrap();
    let differences: Vec<String> = ours
        .iter()
        .zip(theirs)
        .enumerate()
        .filter(|(_, (ours, theirs))| ours != theirs)
        .map(|(i, (ours, theirs))| format!("case {i}: ours {ours}, botocore {theirs}"))
        .collect();
    println!(
        "checksum headers and bodies: {} requests, {} differ from botocore's",
        ours.len(),
        differences.len()
    );
    assert_eq!(ours.len(), 13);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

fn when_name(when: ChecksumWhen) -> &'static str {
    match when {
        ChecksumWhen::WhenSupported => "when_supported",
        ChecksumWhen::WhenRequired => "when_required",
    }
}

#[tokio::test]
async fn a_response_body_that_does_not_match_its_checksum_is_an_error() {
    let body = "an object's bytes";
    let good = ChecksumAlgorithm::Crc32.checksum(body.as_bytes());
    let get = |mock: &MockTransport, validation: ChecksumWhen| {
        client(mock, ChecksumWhen::WhenSupported, validation)
            .get_object()
            .bucket("b")
            .key("k")
    };
    // The request asks for the checksum, the body matches it.
    let mock = MockTransport::new();
    mock.respond(200, &[("x-amz-checksum-crc32", good.as_str())], body);
    let output = get(&mock, ChecksumWhen::WhenSupported)
        .send()
        .await
        .unwrap();
    let request = mock.last_request().unwrap();
    assert_eq!(request.header("x-amz-checksum-mode"), Some("ENABLED"));
    assert_eq!(
        output.body.unwrap().collect().await.unwrap(),
        body.as_bytes()
    );
    // One byte changed on the way: reading the stream ends in an error naming the checksum.
    let mock = MockTransport::new();
    mock.respond(
        200,
        &[("x-amz-checksum-crc32", good.as_str())],
        "an object's bytez",
    );
    let output = get(&mock, ChecksumWhen::WhenSupported)
        .send()
        .await
        .unwrap();
    let error = output.body.unwrap().collect().await.unwrap_err();
    assert!(error.to_string().contains("CRC32 checksum"), "{error}");
    // A composite checksum (of a multipart object's parts) cannot be checked, and is not.
    let mock = MockTransport::new();
    mock.respond(200, &[("x-amz-checksum-crc32", "AAAAAA==-3")], body);
    let output = get(&mock, ChecksumWhen::WhenSupported)
        .send()
        .await
        .unwrap();
    assert!(output.body.unwrap().collect().await.is_ok());
    // Checked only when asked: not asked, nothing is checked.
    let mock = MockTransport::new();
    mock.respond(
        200,
        &[("x-amz-checksum-crc32", good.as_str())],
        "an object's bytez",
    );
    let output = get(&mock, ChecksumWhen::WhenRequired).send().await.unwrap();
    assert_eq!(
        mock.last_request().unwrap().header("x-amz-checksum-mode"),
        None
    );
    assert!(output.body.unwrap().collect().await.is_ok());
    // Asked by the input: checked whatever the configuration says.
    let mock = MockTransport::new();
    mock.respond(200, &[("x-amz-checksum-sha256", "bm90IHRoaXM=")], body);
    let output = get(&mock, ChecksumWhen::WhenRequired)
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .unwrap();
    let error = output.body.unwrap().collect().await.unwrap_err();
    assert!(error.to_string().contains("SHA256 checksum"), "{error}");
}
