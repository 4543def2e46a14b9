//! S3 presigned requests against botocore's `generate_presigned_url`: the bucket in the
//! host, `UNSIGNED-PAYLOAD`, the key's path signed as sent, headers the input sets signed;
//! then presigned `PUT` and `GET` URLs used with a plain HTTP request against moto.

use crate::moto_harness::endpoint;
use crate::presign::{botocore_urls, ACCESS_KEY, EXPIRES, SECRET_KEY, TOKEN};
use aws_codegen_runtime::client::operation::Operation;
use aws_codegen_runtime::client::presign::PresignedRequest;
use aws_s3::types::*;
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};

/// An S3 client in `us-west-2` with the presigning tests' credentials.
pub(crate) fn client(token: Option<&str>) -> aws_s3::Client {
    aws_s3::Client::new(
        aws_s3::Config::builder()
            .region("us-west-2")
            .credentials(aws_s3::Credentials::new(
                ACCESS_KEY,
                SECRET_KEY,
                token.map(str::to_owned),
            ))
            .build()
            .unwrap(),
    )
}

async fn presign<I: Operation>(input: I, token: Option<&str>) -> PresignedRequest {
    // 2026-12-04T10:15:00Z.
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_379_300);
    client(token)
        .presign(&input, Duration::from_secs(EXPIRES), Some(start))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", I::NAME))
}

#[tokio::test]
async fn s3_presigned_urls_equal_botocores() {
    let mut cases: Vec<(&str, Value, PresignedRequest)> = Vec::new();
    macro_rules! case {
        ($input:expr, $params:expr, $token:expr) => {{
            let input = $input.build().unwrap();
            let name = operation_name(&input);
            cases.push((name, $params, presign(input, $token).await));
        }};
    }
    fn operation_name<I: Operation>(_: &I) -> &'static str {
        I::NAME
    }
    let object = |bucket: &str, key: &str| json!({"Bucket": bucket, "Key": key});
    case!(
        GetObjectRequest::builder()
            .bucket("my-bucket")
            .key("photos/cat.jpg"),
        object("my-bucket", "photos/cat.jpg"),
        None
    );
    case!(
        GetObjectRequest::builder()
            .bucket("my-bucket")
            .key("a b/c~d+e&f.txt"),
        object("my-bucket", "a b/c~d+e&f.txt"),
        Some(TOKEN)
    );
    case!(
        GetObjectRequest::builder()
            .bucket("my-bucket")
            .key("report.csv")
            .response_content_disposition("attachment; filename=\"r.csv\""),
        json!({"Bucket": "my-bucket", "Key": "report.csv", "ResponseContentDisposition": "attachment; filename=\"r.csv\""}),
        None
    );
    case!(
        PutObjectRequest::builder()
            .bucket("my-bucket")
            .key("upload.txt")
            .content_type("text/plain"),
        json!({"Bucket": "my-bucket", "Key": "upload.txt", "ContentType": "text/plain"}),
        None
    );
    case!(
        HeadObjectRequest::builder().bucket("my-bucket").key("x"),
        object("my-bucket", "x"),
        Some(TOKEN)
    );
    case!(
        DeleteObjectRequest::builder()
            .bucket("my-bucket")
            .key("old/1"),
        object("my-bucket", "old/1"),
        None
    );
    case!(
        // botocore asks for URL-encoded keys unless the input says how.
        ListObjectsV2Request::builder()
            .bucket("my-bucket")
            .prefix("logs/")
            .max_keys(10)
            .encoding_type(EncodingType::Url),
        json!({"Bucket": "my-bucket", "EncodingType": "url", "MaxKeys": 10, "Prefix": "logs/"}),
        None
    );
    case!(
        UploadPartRequest::builder()
            .bucket("my-bucket")
            .key("big")
            .upload_id("UPLOAD-1")
            .part_number(3),
        json!({"Bucket": "my-bucket", "Key": "big", "PartNumber": 3, "UploadId": "UPLOAD-1"}),
        None
    );
    // A bucket name that cannot be a host label goes into the path.
    case!(
        GetObjectRequest::builder().bucket("My_Bucket").key("k"),
        object("My_Bucket", "k"),
        None
    );
    case!(ListBucketsRequest::builder(), json!({}), None);
    let theirs = botocore_urls(
        cases
            .iter()
            .map(|(operation, params, ours)| ("s3", *operation, params, ours)),
    );
    let (identical, differences) = crate::presign::compare(
        cases
            .iter()
            .map(|(operation, _, ours)| ((*operation).to_owned(), &ours.url))
            .zip(&theirs),
    );
    println!(
        "presign s3: {} cases, {identical} URLs identical byte for byte, {} differ",
        cases.len(),
        differences.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    assert_eq!(cases.len(), 10);
}

/// A presigned `PUT` then `GET`, sent by a plain HTTP request with no credentials: moto
/// stores and returns the object.
#[tokio::test]
async fn presigned_put_and_get_work_with_a_plain_http_client_on_moto() {
    use aws_codegen_runtime::http::pool::HyperTransport;
    use aws_codegen_runtime::http::transport::{HttpRequest, Transport};
    let config = aws_s3::Config::builder()
        .region("us-east-1")
        .credentials(aws_s3::Credentials::new("testing", "testing", None))
        .endpoint_url(endpoint())
        .force_path_style(true)
        .build()
        .unwrap();
    let client = aws_s3::Client::new(config);
    client
        .create_bucket()
        .bucket("presigned")
        .send()
        .await
        .unwrap();
    let expires = Duration::from_secs(300);
    let put = client
        .put_object()
        .bucket("presigned")
        .key("note.txt")
        .presigned(expires)
        .await
        .unwrap();
    let get = client
        .get_object()
        .bucket("presigned")
        .key("note.txt")
        .presigned(expires)
        .await
        .unwrap();
    assert!(put.url.contains("X-Amz-Signature="), "{}", put.url);
    let plain = HyperTransport::default();
    let request = |presigned: &PresignedRequest, body: &[u8]| HttpRequest {
        method: presigned.method.clone(),
        url: presigned.url.clone(),
        headers: presigned.headers.clone(),
        body: body.to_vec(),
    };
    let stored = plain
        .send(request(&put, b"signed elsewhere"))
        .await
        .unwrap();
    assert_eq!(
        stored.status,
        200,
        "{}",
        String::from_utf8_lossy(&stored.body)
    );
    let fetched = plain.send(request(&get, b"")).await.unwrap();
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.body, b"signed elsewhere");
    client
        .delete_object()
        .bucket("presigned")
        .key("note.txt")
        .send()
        .await
        .unwrap();
    client
        .delete_bucket()
        .bucket("presigned")
        .send()
        .await
        .unwrap();
}
