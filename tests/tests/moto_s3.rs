//! S3 (restXml) end to end against moto through the checked-in crate: buckets, objects
//! (streamed bodies, a ranged get, a copy, a typed 404), `ListObjectsV2` paged, a multipart
//! upload verified byte for byte and an aborted one that leaves nothing; botocore's restXml
//! parser reads every recorded response body as the client did.

use crate::moto_harness::{assert_botocore_agrees, endpoint, Boto3, Recorder};
use aws_codegen_runtime::http::transport::HttpResponse;
use aws_codegen_runtime::wire::xml::read_output;
use aws_s3::types::*;
use aws_s3::Client;
use serde_json::{json, Value};

const BUCKET: &str = "rust-objects";

fn client(recorder: &Recorder) -> Client {
    let config = aws_s3::Config::builder()
        .region("us-east-1")
        .credentials(aws_s3::Credentials::new("testing", "testing", None))
        .endpoint_url(endpoint())
        // moto answers at an address, where the rules choose path style anyway.
        .force_path_style(true)
        .retry(aws_s3::client::RetryConfig::disabled())
        .transport(recorder.clone())
        .build()
        .unwrap();
    Client::new(config)
}

/// The last response the recorder saw, as a case for botocore's parser with the client's
/// reading of its body (`T`; `payload` names the member a payload output reads into).
fn case<T: serde::de::DeserializeOwned + serde::Serialize>(
    recorder: &Recorder,
    operation: &str,
    payload: Option<&str>,
) -> Value {
    let exchanges = recorder.exchanges.lock().unwrap();
    let (_, response) = exchanges.last().expect("a response");
    let read: T = read_output(response, None).unwrap_or_else(|e| panic!("{operation}: {e}"));
    let mut rust = serde_json::to_value(read).unwrap();
    if let Some(member) = payload {
        rust = json!({ member: rust });
    }
    botocore_case(operation, response, rust)
}

fn botocore_case(operation: &str, response: &HttpResponse, rust: Value) -> Value {
    json!({
        "service": "s3",
        "protocol": "rest-xml",
        "operation": operation,
        "status": response.status,
        "headers": response.headers,
        "body": String::from_utf8_lossy(&response.body),
        "rust": rust,
        // Members bound to headers are checked by the test itself: the client's serde
        // form holds the body's members only.
        "body_members_only": true,
    })
}

#[tokio::test]
async fn buckets_objects_pages_and_multipart_uploads_on_moto() {
    let recorder = Recorder::default();
    let client = client(&recorder);
    let boto3 = Boto3::start_for("s3");
    let mut cases = Vec::new();

    client.create_bucket().bucket(BUCKET).send().await.unwrap();
    let buckets = client.list_buckets().send().await.unwrap();
    cases.push(case::<ListBucketsOutput>(&recorder, "ListBuckets", None));
    let names: Vec<_> = buckets
        .buckets
        .unwrap_or_default()
        .into_iter()
        .filter_map(|b| b.name)
        .collect();
    assert!(names.iter().any(|n| n == BUCKET), "{names:?}");
    client.head_bucket().bucket(BUCKET).send().await.unwrap();
    let missing = client
        .head_bucket()
        .bucket("no-such-bucket-here")
        .send()
        .await
        .expect_err("no bucket");
    assert_eq!(missing.meta().map(|m| m.status), Some(404), "{missing}");

    // An object: put from memory, read back as a stream, whole and a range of it.
    let key = "dir/a file.txt";
    let put = client
        .put_object()
        .bucket(BUCKET)
        .key(key)
        .content_type("text/plain")
        .body("0123456789")
        .send()
        .await
        .unwrap();
    let etag = put.e_tag.expect("an ETag");
    let got = client
        .get_object()
        .bucket(BUCKET)
        .key(key)
        .send()
        .await
        .unwrap();
    assert_eq!(got.content_length, Some(10));
    assert_eq!(got.e_tag.as_deref(), Some(etag.as_str()));
    assert_eq!(got.content_type.as_deref(), Some("text/plain"));
    let body = got.body.expect("a body").collect().await.unwrap();
    assert_eq!(body, b"0123456789");
    let range = client
        .get_object()
        .bucket(BUCKET)
        .key(key)
        .range("bytes=2-5")
        .send()
        .await
        .unwrap();
    assert_eq!(range.content_range.as_deref(), Some("bytes 2-5/10"));
    assert_eq!(range.body.unwrap().collect().await.unwrap(), b"2345");
    let head = client
        .head_object()
        .bucket(BUCKET)
        .key(key)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (head.content_length, head.e_tag),
        (Some(10), Some(etag.clone()))
    );

    // Flexible checksums: a CRC32C the client computes is the one moto stores, and the
    // stored one checks the body read back (a mismatch would end its stream in an error).
    let sums = "checksummed.txt";
    let bytes = b"flexible checksums, end to end".to_vec();
    client
        .put_object()
        .bucket(BUCKET)
        .key(sums)
        .checksum_algorithm(ChecksumAlgorithm::Crc32C)
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    let crc32c =
        aws_codegen_runtime::http::flexible_checksum::ChecksumAlgorithm::Crc32c.checksum(&bytes);
    let head = client
        .head_object()
        .bucket(BUCKET)
        .key(sums)
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .unwrap();
    assert_eq!(head.checksum_crc32_c.as_deref(), Some(crc32c.as_str()));
    let got = client
        .get_object()
        .bucket(BUCKET)
        .key(sums)
        .send()
        .await
        .unwrap();
    assert_eq!(got.checksum_crc32_c.as_deref(), Some(crc32c.as_str()));
    assert_eq!(got.body.unwrap().collect().await.unwrap(), bytes);

    // A body from a reader cannot be read twice: it goes `aws-chunked` with its checksum
    // in a trailer (the default CRC32, and CRC32C when asked). The recorder sends it whole
    // (and shows its headers); the second client's transport streams it with chunked
    // transfer.
    let streaming_client = Client::new(
        aws_s3::Config::builder()
            .region("us-east-1")
            .credentials(aws_s3::Credentials::new("testing", "testing", None))
            .endpoint_url(endpoint())
            .force_path_style(true)
            .build()
            .unwrap(),
    );
    let streamed: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let reader_body = || {
        aws_s3::primitives::StreamingBody::from_reader(
            std::io::Cursor::new(streamed.clone()),
            streamed.len() as u64,
        )
    };
    let sums_of = aws_codegen_runtime::http::flexible_checksum::ChecksumAlgorithm::checksum;
    use aws_codegen_runtime::http::flexible_checksum::ChecksumAlgorithm as Algorithm;
    for (key, algorithm, streams) in [
        ("reader-crc32", None, false),
        ("reader-crc32c", Some(ChecksumAlgorithm::Crc32C), false),
        ("reader-streamed", Some(ChecksumAlgorithm::Crc32C), true),
    ] {
        let put = match streams {
            true => streaming_client.put_object(),
            false => client.put_object(),
        };
        put.bucket(BUCKET)
            .key(key)
            .set_checksum_algorithm(algorithm.clone())
            .body(reader_body())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        if !streams {
            let sent = recorder.exchanges.lock().unwrap().last().unwrap().0.clone();
            assert_eq!(
                sent.header("content-encoding"),
                Some("aws-chunked"),
                "{key}"
            );
            assert_eq!(
                sent.header("x-amz-content-sha256"),
                Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER")
            );
            assert_eq!(sent.header("x-amz-decoded-content-length"), Some("300000"));
        }
        let head = client
            .head_object()
            .bucket(BUCKET)
            .key(key)
            .checksum_mode(ChecksumMode::Enabled)
            .send()
            .await
            .unwrap();
        let stored = match algorithm {
            None => (head.checksum_crc32, sums_of(Algorithm::Crc32, &streamed)),
            Some(_) => (head.checksum_crc32_c, sums_of(Algorithm::Crc32c, &streamed)),
        };
        assert_eq!(stored.0.as_deref(), Some(stored.1.as_str()), "{key}");
        assert_eq!(head.content_length, Some(300_000), "{key}");
        let got = client.get_object().bucket(BUCKET).key(key).send().await;
        assert_eq!(
            got.unwrap().body.unwrap().collect().await.unwrap(),
            streamed
        );
        client
            .delete_object()
            .bucket(BUCKET)
            .key(key)
            .send()
            .await
            .unwrap();
    }
    client
        .delete_object()
        .bucket(BUCKET)
        .key(sums)
        .send()
        .await
        .unwrap();
    let absent = client
        .head_object()
        .bucket(BUCKET)
        .key("absent")
        .send()
        .await
        .expect_err("no such key");
    assert_eq!(absent.meta().map(|m| m.status), Some(404), "{absent}");
    let absent = client
        .get_object()
        .bucket(BUCKET)
        .key("absent")
        .send()
        .await
        .expect_err("no such key");
    assert!(
        absent
            .as_service_error()
            .is_some_and(|e| e.is_no_such_key()),
        "{absent}"
    );

    // A copy, then its bytes.
    let copied = client
        .copy_object()
        .bucket(BUCKET)
        .key("copy.txt")
        .copy_source(format!("{BUCKET}/dir/a%20file.txt"))
        .send()
        .await
        .unwrap();
    cases.push(case::<CopyObjectResult>(
        &recorder,
        "CopyObject",
        Some("CopyObjectResult"),
    ));
    assert!(copied.copy_object_result.and_then(|r| r.e_tag).is_some());
    let copy = client
        .get_object()
        .bucket(BUCKET)
        .key("copy.txt")
        .send()
        .await
        .unwrap();
    assert_eq!(copy.body.unwrap().collect().await.unwrap(), b"0123456789");

    // Five more objects, listed two a page.
    for i in 0..5 {
        client
            .put_object()
            .bucket(BUCKET)
            .key(format!("page/{i}"))
            .body(vec![b'x'; i])
            .send()
            .await
            .unwrap();
    }
    let pages = client
        .list_objects_v2()
        .bucket(BUCKET)
        .prefix("page/")
        .into_paginator()
        .page_size(2)
        .send()
        .collect()
        .await
        .unwrap();
    cases.push(case::<ListObjectsV2Output>(
        &recorder,
        "ListObjectsV2",
        None,
    ));
    let keys: Vec<Vec<String>> = pages
        .iter()
        .map(|p| {
            p.contents
                .iter()
                .flatten()
                .filter_map(|o| o.key.clone())
                .collect()
        })
        .collect();
    assert_eq!(
        keys,
        [
            vec!["page/0", "page/1"],
            vec!["page/2", "page/3"],
            vec!["page/4"]
        ]
    );
    let sizes: Vec<i64> = pages
        .iter()
        .flat_map(|p| p.contents.iter().flatten().filter_map(|o| o.size))
        .collect();
    assert_eq!(sizes, [0, 1, 2, 3, 4]);

    // A multipart upload: three parts of 5 MiB (S3's least but for the last) sent at once.
    let part = |n: u8| vec![n; 5 << 20];
    let upload = client
        .create_multipart_upload()
        .bucket(BUCKET)
        .key("big")
        .send()
        .await
        .unwrap();
    cases.push(case::<CreateMultipartUploadOutput>(
        &recorder,
        "CreateMultipartUpload",
        None,
    ));
    let upload_id = upload.upload_id.expect("an upload id");
    let send = |n: u8| {
        client
            .upload_part()
            .bucket(BUCKET)
            .key("big")
            .upload_id(&upload_id)
            .part_number(i32::from(n))
            .body(part(n))
            .send()
    };
    let (one, two, three) = tokio::join!(send(1), send(2), send(3));
    let parts = [one.unwrap(), two.unwrap(), three.unwrap()];
    let completed: Vec<CompletedPart> = parts
        .iter()
        .zip(1..)
        .map(|(p, n)| {
            CompletedPart::builder()
                .e_tag(p.e_tag.clone().expect("a part ETag"))
                .part_number(n)
                .build()
                .unwrap()
        })
        .collect();
    client
        .list_parts()
        .bucket(BUCKET)
        .key("big")
        .upload_id(&upload_id)
        .send()
        .await
        .unwrap();
    cases.push(case::<ListPartsOutput>(&recorder, "ListParts", None));
    client
        .complete_multipart_upload()
        .bucket(BUCKET)
        .key("big")
        .upload_id(&upload_id)
        .multipart_upload(
            CompletedMultipartUpload::builder()
                .set_parts(Some(completed))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    cases.push(case::<CompleteMultipartUploadOutput>(
        &recorder,
        "CompleteMultipartUpload",
        None,
    ));
    let whole = client
        .get_object()
        .bucket(BUCKET)
        .key("big")
        .send()
        .await
        .unwrap();
    assert_eq!(whole.content_length, Some(15 << 20));
    let bytes = whole.body.unwrap().collect().await.unwrap();
    assert!(
        bytes == [part(1), part(2), part(3)].concat(),
        "the parts, in order"
    );

    // An aborted upload leaves nothing behind.
    let aborted = client
        .create_multipart_upload()
        .bucket(BUCKET)
        .key("abandoned")
        .send()
        .await
        .unwrap()
        .upload_id
        .unwrap();
    client
        .upload_part()
        .bucket(BUCKET)
        .key("abandoned")
        .upload_id(&aborted)
        .part_number(1)
        .body(part(9))
        .send()
        .await
        .unwrap();
    client
        .abort_multipart_upload()
        .bucket(BUCKET)
        .key("abandoned")
        .upload_id(&aborted)
        .send()
        .await
        .unwrap();
    let uploads = client
        .list_multipart_uploads()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    cases.push(case::<ListMultipartUploadsOutput>(
        &recorder,
        "ListMultipartUploads",
        None,
    ));
    assert!(uploads.uploads.unwrap_or_default().is_empty());
    let gone = client
        .head_object()
        .bucket(BUCKET)
        .key("abandoned")
        .send()
        .await;
    assert_eq!(
        gone.expect_err("nothing").meta().map(|m| m.status),
        Some(404)
    );

    // Everything deleted, then the bucket.
    let listed = client.list_objects().bucket(BUCKET).send().await.unwrap();
    cases.push(case::<ListObjectsOutput>(&recorder, "ListObjects", None));
    for object in listed.contents.unwrap_or_default() {
        let key = object.key.unwrap();
        client
            .delete_object()
            .bucket(BUCKET)
            .key(key)
            .send()
            .await
            .unwrap();
    }
    let location = client
        .get_bucket_location()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    let response = recorder.exchanges.lock().unwrap().last().unwrap().1.clone();
    cases.push(botocore_case(
        "GetBucketLocation",
        &response,
        json!({ "LocationConstraint": location.location_constraint.map(|l| l.as_str().to_owned()) }),
    ));
    client.delete_bucket().bucket(BUCKET).send().await.unwrap();
    let after = client.list_buckets().send().await.unwrap();
    assert!(!after
        .buckets
        .unwrap_or_default()
        .iter()
        .any(|b| b.name.as_deref() == Some(BUCKET)));
    assert_botocore_agrees("s3", &cases, 9, &boto3);
}
