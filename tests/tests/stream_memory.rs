//! A streaming body through a loopback server in both directions, in a process of its own
//! so its peak resident memory is the client's: MediaStore's `PutObject` sends a body read
//! from a reader as it goes (unsigned, as the model allows), and `GetObject` reads one chunk
//! by chunk. Memory must stay flat in the body's size. `STREAM_MIB` sets the size (256 MiB
//! in the test run; `cargo xtask bench stream` runs 1 GiB in release and records it).

#[path = "resident.rs"]
mod resident;

use aws_mediastore_data::primitives::StreamingBody;
use aws_mediastore_data::{Client, Config, Credentials};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// The most the peak resident memory may grow over the run.
const LIMIT_MIB: u64 = 64;

/// The byte at `offset` of the test body: a pattern the server can check without storing.
fn pattern(offset: u64) -> u8 {
    (offset.wrapping_mul(2_654_435_761) >> 13) as u8
}

/// Checks that `bytes` are the pattern's from `offset` on.
fn check_pattern(bytes: &[u8], offset: u64) {
    for (i, byte) in bytes.iter().enumerate() {
        let at = offset + i as u64;
        assert_eq!(*byte, pattern(at), "byte {at}");
    }
}

/// A reader of `len` pattern bytes, generated as read.
struct PatternReader {
    offset: u64,
    len: u64,
}

impl AsyncRead for PatternReader {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let n = (buf.remaining() as u64).min(self.len - self.offset) as usize;
        let start = self.offset;
        let bytes: Vec<u8> = (0..n as u64).map(|i| pattern(start + i)).collect();
        buf.put_slice(&bytes);
        self.offset += n as u64;
        std::task::Poll::Ready(Ok(()))
    }
}

/// Reads one request head; returns it and whatever body bytes came with it.
async fn read_head(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut buffer = Vec::new();
    loop {
        let mut chunk = [0u8; 16 * 1024];
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the client closed before its head");
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            return (head, buffer[end + 4..].to_vec());
        }
    }
}

/// Serves a PUT (checking the body against the pattern as it streams in, storing none of
/// it) then a GET (writing `len` pattern bytes); `received` counts the PUT's body bytes.
async fn serve(listener: TcpListener, len: u64, received: Arc<AtomicU64>) -> String {
    let (mut stream, _) = listener.accept().await.unwrap();
    let (put_head, mut first) = read_head(&mut stream).await;
    let length: u64 = put_head
        .to_ascii_lowercase()
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("the PUT says its length");
    assert_eq!(length, len);
    let mut offset = 0u64;
    let mut chunk = vec![0u8; 256 * 1024];
    while offset < len {
        let bytes: Vec<u8> = if first.is_empty() {
            let n = stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "the body ended at {offset} of {len}");
            chunk[..n].to_vec()
        } else {
            std::mem::take(&mut first)
        };
        check_pattern(&bytes, offset);
        offset += bytes.len() as u64;
        received.store(offset, Ordering::SeqCst);
    }
    let json = r#"{"ETag":"e","StorageClass":"TEMPORAL"}"#;
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{json}",
        json.len()
    );
    stream.write_all(response.as_bytes()).await.unwrap();
    let (get_head, _) = read_head(&mut stream).await;
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {len}\r\netag: e\r\n\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut offset = 0u64;
    while offset < len {
        let n = (len - offset).min(256 * 1024);
        let bytes: Vec<u8> = (0..n).map(|i| pattern(offset + i)).collect();
        stream.write_all(&bytes).await.unwrap();
        offset += n;
    }
    format!("{put_head}\n{get_head}")
}

#[tokio::test(flavor = "current_thread")]
async fn a_body_larger_than_memory_allows_streams_both_ways_in_flat_memory() {
    let mib: u64 = std::env::var("STREAM_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let len = mib << 20;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(AtomicU64::new(0));
    let server = tokio::spawn(serve(listener, len, received.clone()));
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(url)
            .build()
            .unwrap(),
    );
    let before = resident::status_kib("VmHWM");
    let started = Instant::now();
    let put = client
        .put_object()
        .path("big/object.bin")
        .body(StreamingBody::from_reader(
            PatternReader { offset: 0, len },
            len,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(put.e_tag.as_deref(), Some("e"));
    assert_eq!(received.load(Ordering::SeqCst), len);
    let sent = started.elapsed();
    let got = client
        .get_object()
        .path("big/object.bin")
        .send()
        .await
        .unwrap();
    let body = got.body.expect("a body");
    assert_eq!(body.content_length(), Some(len));
    let mut offset = 0u64;
    while let Some(chunk) = body.next_chunk().await {
        let chunk = chunk.unwrap();
        check_pattern(&chunk, offset);
        offset += chunk.len() as u64;
    }
    assert_eq!(offset, len);
    let heads = server.await.unwrap();
    assert!(
        heads.contains("x-amz-content-sha256: UNSIGNED-PAYLOAD"),
        "{heads}"
    );
    let peak = resident::status_kib("VmHWM");
    let grew_mib = peak.saturating_sub(before) as f64 / 1024.0;
    println!(
        "streamed {mib} MiB up in {:.2} s and down in {:.2} s; peak resident memory {:.1} MiB (grew {grew_mib:.1} MiB)",
        sent.as_secs_f64(),
        (started.elapsed() - sent).as_secs_f64(),
        peak as f64 / 1024.0
    );
    assert!(
        grew_mib < LIMIT_MIB as f64,
        "peak memory grew {grew_mib:.1} MiB for a {mib} MiB body"
    );
}
