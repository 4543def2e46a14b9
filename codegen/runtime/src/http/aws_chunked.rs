//! The `aws-chunked` content encoding with a trailing checksum (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`): a body that cannot be read twice sent with its checksum after it.

use crate::http::flexible_checksum::ChecksumAlgorithm;
use crate::http::transport::{ByteStream, PollChunks};
use bytes::Bytes;
use std::collections::VecDeque;
use std::task::{Context, Poll};

/// What `x-amz-content-sha256` says of a body encoded here: not signed, with a trailer.
pub const UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// Adds to a request's headers what an `aws-chunked` body with a trailing checksum needs:
/// the encoding (after any the request has), the trailer's name and the body's own length
/// (`x-amz-decoded-content-length`; the request's length is left to chunked transfer).
pub fn add_headers(
    headers: &mut Vec<(String, String)>,
    algorithm: ChecksumAlgorithm,
    decoded_length: u64,
) {
    match headers
        .iter_mut()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
    {
        Some((_, encoding)) => encoding.push_str(",aws-chunked"),
        None => headers.push(("content-encoding".to_owned(), "aws-chunked".to_owned())),
    }
    headers.push(("x-amz-trailer".to_owned(), algorithm.header().to_owned()));
    headers.push((
        "x-amz-decoded-content-length".to_owned(),
        decoded_length.to_string(),
    ));
}

/// `body` encoded as `aws-chunked`: each chunk as `{length in hex}\r\n{bytes}\r\n` (its bytes
/// not copied), then `0\r\n`, the trailer `x-amz-checksum-{algorithm}:{base64}\r\n` with the
/// checksum of every byte, and `\r\n`.
pub fn encode(mut body: ByteStream, algorithm: ChecksumAlgorithm) -> ByteStream {
    let mut hasher = Some(algorithm.hasher());
    let mut pending: VecDeque<Bytes> = VecDeque::new();
    Box::pin(PollChunks(move |cx: &mut Context<'_>| loop {
        if let Some(next) = pending.pop_front() {
            return Poll::Ready(Some(Ok(next)));
        }
        let Some(running) = hasher.as_mut() else {
            return Poll::Ready(None);
        };
        match body.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                // An empty chunk would read as the last one.
                if chunk.is_empty() {
                    continue;
                }
                running.update(&chunk);
                pending.push_back(Bytes::from(format!("{:x}\r\n", chunk.len())));
                pending.push_back(chunk);
                pending.push_back(Bytes::from_static(b"\r\n"));
            }
            Poll::Ready(None) => {
                let checksum = hasher.take().map(|h| h.finish()).unwrap_or_default();
                pending.push_back(Bytes::from(format!(
                    "0\r\n{}:{checksum}\r\n\r\n",
                    algorithm.header()
                )));
            }
            other => return other,
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::transport::TransportError;

    fn stream(chunks: &[&'static [u8]]) -> ByteStream {
        let mut items: VecDeque<Result<Bytes, TransportError>> =
            chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        Box::pin(PollChunks(move |_: &mut Context<'_>| {
            Poll::Ready(items.pop_front())
        }))
    }

    async fn collect(mut body: ByteStream) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(chunk) = std::future::poll_fn(|cx| body.as_mut().poll_next(cx)).await {
            out.extend_from_slice(&chunk.unwrap());
        }
        out
    }

    #[tokio::test]
    async fn chunks_then_the_trailer_with_the_checksum_of_every_byte() {
        let encoded = collect(encode(
            stream(&[b"hello", b"", b" world"]),
            ChecksumAlgorithm::Crc32,
        ))
        .await;
        // CRC32 of `hello world` is 0x0d4a1185.
        assert_eq!(
            String::from_utf8(encoded).unwrap(),
            "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
        );
        let empty = collect(encode(stream(&[]), ChecksumAlgorithm::Sha256)).await;
        assert_eq!(
            String::from_utf8(empty).unwrap(),
            "0\r\nx-amz-checksum-sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\r\n\r\n"
        );
    }

    #[test]
    fn the_encoding_follows_the_requests_own() {
        let mut headers = vec![("Content-Encoding".to_owned(), "gzip".to_owned())];
        add_headers(&mut headers, ChecksumAlgorithm::Crc32c, 12);
        assert_eq!(
            headers,
            [
                ("Content-Encoding".to_owned(), "gzip,aws-chunked".to_owned()),
                (
                    "x-amz-trailer".to_owned(),
                    "x-amz-checksum-crc32c".to_owned()
                ),
                ("x-amz-decoded-content-length".to_owned(), "12".to_owned()),
            ]
        );
    }
}
