//! The event stream framing against the public test vectors of four AWS SDKs
//! (`tests/fixtures/eventstream-vectors/`): every positive vector decodes to its headers and
//! payload and re-encodes to its bytes, whole and fed in chunks of every size; every
//! negative one is rejected with its kind; the streams decode to their messages.

use aws_codegen_runtime::wire::eventstream::decoder::Decoder;
use aws_codegen_runtime::wire::eventstream::frame::{
    decode_message, encode_message, FrameErrorKind, HeaderValue, Message,
};
use base64::Engine as _;
use serde_json::Value;
use std::fs;
use std::path::PathBuf;

fn vectors(kind: &str) -> Vec<(String, Vec<u8>, Value)> {
    let dir = crate::support::root()
        .join("tests/fixtures/eventstream-vectors/vectors")
        .join(kind);
    let mut names: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|json| {
            let name = json.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = fs::read(json.with_extension("bin")).unwrap();
            let expected = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
            (name, bytes, expected)
        })
        .collect()
}

fn base64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

/// The expected message of a vector's JSON.
fn expected_message(expected: &Value) -> Message {
    let headers = expected["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let value = &h["value"];
            let int = || value.as_i64().unwrap();
            aws_codegen_runtime::wire::eventstream::frame::Header {
                name: h["name"].as_str().unwrap().to_owned(),
                value: match h["type"].as_str().unwrap() {
                    "bool" => HeaderValue::Bool(value.as_bool().unwrap()),
                    "int8" => HeaderValue::Byte(int() as i8),
                    "int16" => HeaderValue::Short(int() as i16),
                    "int32" => HeaderValue::Int(int() as i32),
                    "int64" => HeaderValue::Long(int()),
                    "bytes" => HeaderValue::Bytes(base64(value.as_str().unwrap())),
                    "string" => HeaderValue::String(value.as_str().unwrap().to_owned()),
                    "timestamp" => HeaderValue::Timestamp(int()),
                    "uuid" => {
                        let hex = value.as_str().unwrap();
                        let mut uuid = [0u8; 16];
                        for (i, byte) in uuid.iter_mut().enumerate() {
                            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
                        }
                        HeaderValue::Uuid(uuid)
                    }
                    other => panic!("header type {other}"),
                },
            }
        })
        .collect();
    Message {
        headers,
        payload: base64(expected["payload"].as_str().unwrap()),
    }
}

/// Every message a decoder yields for `bytes` fed in chunks of `size`, or its first error.
fn decode_chunked(bytes: &[u8], size: usize) -> Result<Vec<Message>, FrameErrorKind> {
    let mut decoder = Decoder::new();
    let mut messages = Vec::new();
    for chunk in bytes.chunks(size) {
        decoder.push(chunk);
        while let Some(message) = decoder.next_message().map_err(|e| e.kind)? {
            messages.push(message);
        }
    }
    decoder.finish().map_err(|e| e.kind)?;
    Ok(messages)
}

#[test]
fn positive_vectors_decode_to_their_headers_and_payload_and_encode_to_their_bytes() {
    let positive = vectors("positive");
    assert_eq!(positive.len(), 29, "the vendored positive vectors");
    for (name, bytes, expected) in &positive {
        let want = expected_message(expected);
        let got = decode_message(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, want, "{name}");
        assert_eq!(&encode_message(&want).unwrap(), bytes, "{name} re-encoded");
        // Arriving in chunks of any size changes nothing.
        for size in 1..=bytes.len() {
            assert_eq!(
                decode_chunked(bytes, size),
                Ok(vec![want.clone()]),
                "{name} in chunks of {size}"
            );
        }
    }
}

#[test]
fn negative_vectors_are_rejected_with_their_kind_from_whatever_bytes_are_there() {
    let negative = vectors("negative");
    assert_eq!(negative.len(), 19, "the vendored negative vectors");
    let mut rejected = 0;
    for (name, bytes, expected) in &negative {
        let kind = match expected["expected_error"].as_str().unwrap() {
            "prelude_crc_mismatch" => FrameErrorKind::PreludeCrcMismatch,
            "message_crc_mismatch" => FrameErrorKind::MessageCrcMismatch,
            "duplicate_header" => FrameErrorKind::DuplicateHeader,
            "headers_length_exceeds_limit" => FrameErrorKind::HeadersLengthExceedsLimit,
            "payload_length_exceeds_limit" => FrameErrorKind::PayloadLengthExceedsLimit,
            "invalid_headers_length" => FrameErrorKind::InvalidHeadersLength,
            "length_mismatch" => FrameErrorKind::LengthMismatch,
            other => panic!("{name}: unknown kind {other}"),
        };
        // Whole, and byte by byte: the error comes as soon as the bytes show it, not as a
        // wait for bytes that never come, and the bytes after it start no next message.
        for size in [bytes.len(), 1] {
            assert_eq!(
                decode_chunked(bytes, size),
                Err(kind),
                "{name} in chunks of {size}"
            );
        }
        rejected += 1;
    }
    assert_eq!(rejected, 19);
}

#[test]
fn botocores_known_disagreement_is_rejected_here() {
    // botocore yields an empty message for a total length of 12 (its prelude CRC read as
    // the message CRC); a strict decoder must not.
    let path = crate::support::root()
        .join("tests/fixtures/eventstream-vectors/vectors/negative/c-message_too_short.bin");
    let bytes = fs::read(path).unwrap();
    assert_eq!(
        decode_message(&bytes).map_err(|e| e.kind),
        Err(FrameErrorKind::LengthMismatch)
    );
}

#[test]
fn stream_vectors_decode_to_their_messages_in_any_chunking() {
    let streams = vectors("stream");
    assert_eq!(streams.len(), 2);
    for (name, bytes, expected) in &streams {
        let want: Vec<Message> = expected["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(expected_message)
            .collect();
        for size in 1..=bytes.len() {
            assert_eq!(
                decode_chunked(bytes, size),
                Ok(want.clone()),
                "{name} in chunks of {size}"
            );
        }
    }
}

#[test]
fn a_stream_that_ends_inside_a_message_is_truncated_not_silently_short() {
    let (_, bytes, _) = vectors("positive")
        .into_iter()
        .find(|(n, _, _)| n == "go-all_headers")
        .unwrap();
    for cut in 1..bytes.len() {
        assert_eq!(
            decode_chunked(&bytes[..cut], 7),
            Err(FrameErrorKind::Truncated),
            "cut at {cut}"
        );
    }
}
