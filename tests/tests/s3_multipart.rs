//! S3's upload in parts on moto, in a process of its own so its peak resident memory is the
//! client's: 100 MiB read from a reader and sent as 8 parts of 12.5 MiB, all 8 at once,
//! completed and read back as a stream, checked byte for byte by CRC32 without holding the
//! object; then an upload whose completion fails is aborted and leaves nothing. `MOTO_ENDPOINT`
//! is moto's address (`cargo xtask test` starts it).

#[path = "resident.rs"]
mod resident;

use aws_codegen_runtime::http::flexible_checksum::ChecksumAlgorithm;
use aws_s3::primitives::StreamingBody;
use aws_s3::{Client, Config, Credentials};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};

const BUCKET: &str = "rust-parts";
const SIZE: u64 = 100 << 20;
const PARTS: usize = 8;
const PART: usize = (SIZE as usize) / PARTS;

/// The byte at `offset` of the test object: a pattern no part repeats.
fn pattern(offset: u64) -> u8 {
    (offset.wrapping_mul(2_654_435_761) >> 13) as u8
}

/// The pattern's first `len` bytes, produced as they are read.
struct Pattern {
    at: u64,
    len: u64,
}

impl AsyncRead for Pattern {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = (buf.remaining() as u64).min(self.len - self.at);
        let start = self.at;
        let bytes: Vec<u8> = (start..start + n).map(pattern).collect();
        buf.put_slice(&bytes);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

fn client() -> Client {
    let endpoint = std::env::var("MOTO_ENDPOINT").unwrap_or_else(|_| {
        panic!("MOTO_ENDPOINT is not set: run `cargo xtask test`, which starts moto and sets it")
    });
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None))
            .endpoint_url(endpoint)
            .force_path_style(true)
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn a_hundred_mebibytes_go_up_in_eight_parts_at_once_and_come_back_whole() {
    let client = client();
    client.create_bucket().bucket(BUCKET).send().await.unwrap();
    let before = resident::status_kib("VmHWM");
    let started = std::time::Instant::now();
    let body = StreamingBody::from_reader(Pattern { at: 0, len: SIZE }, SIZE);
    let done = client
        .upload_in_parts(BUCKET, "big", body, PART, PARTS)
        .await
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let peak = resident::status_kib("VmHWM");
    assert!(
        done.e_tag.is_some_and(|tag| tag.ends_with("-8\"")),
        "8 parts"
    );
    // Read back as a stream, its CRC32 against the pattern's, neither held whole.
    let got = client
        .get_object()
        .bucket(BUCKET)
        .key("big")
        .send()
        .await
        .unwrap();
    assert_eq!(got.content_length, Some(SIZE as i64));
    let body = got.body.unwrap();
    let mut theirs = ChecksumAlgorithm::Crc32.hasher();
    let mut length = 0u64;
    while let Some(chunk) = body.next_chunk().await {
        let chunk = chunk.unwrap();
        length += chunk.len() as u64;
        theirs.update(&chunk);
    }
    let mut ours = ChecksumAlgorithm::Crc32.hasher();
    for start in (0..SIZE).step_by(1 << 20) {
        let bytes: Vec<u8> = (start..(start + (1 << 20)).min(SIZE))
            .map(pattern)
            .collect();
        ours.update(&bytes);
    }
    assert_eq!(length, SIZE);
    assert_eq!(
        theirs.finish(),
        ours.finish(),
        "the object is the body, byte for byte"
    );
    let grew_mib = (peak.saturating_sub(before)) as f64 / 1024.0;
    println!(
        "upload in parts: {} MiB in {PARTS} parts of {:.1} MiB, {PARTS} at once, in {seconds:.1} s; peak resident memory grew {grew_mib:.0} MiB (before {:.0} MiB, peak {:.0} MiB)",
        SIZE >> 20,
        PART as f64 / (1 << 20) as f64,
        before as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    // At most the parts in flight and the one being read, with room for the transport.
    let bound_mib = (((PARTS + 1) * PART) >> 20) as f64 + 64.0;
    assert!(
        grew_mib < bound_mib,
        "grew {grew_mib:.0} MiB, bound {bound_mib:.0} MiB"
    );
    client
        .delete_object()
        .bucket(BUCKET)
        .key("big")
        .send()
        .await
        .unwrap();

    // Parts of 1 MiB are too small for S3 (5 MiB but the last): completing fails, and the
    // upload is aborted, so nothing of it stays.
    let small = StreamingBody::from_bytes(vec![7u8; 3 << 20]);
    let failed = client
        .upload_in_parts(BUCKET, "small", small, 1 << 20, 2)
        .await
        .unwrap_err();
    assert_eq!(failed.step, "CompleteMultipartUpload", "{failed}");
    let uploads = client
        .list_multipart_uploads()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    assert!(uploads.uploads.unwrap_or_default().is_empty(), "aborted");
    let head = client
        .head_object()
        .bucket(BUCKET)
        .key("small")
        .send()
        .await;
    assert_eq!(head.unwrap_err().meta().map(|m| m.status), Some(404));
    client.delete_bucket().bucket(BUCKET).send().await.unwrap();
}
