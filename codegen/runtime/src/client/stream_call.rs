//! The call path of an operation that streams its request or response body (event stream
//! messages, or a streaming blob's bytes): one attempt (a stream cannot be replayed), the
//! request body sent as it is produced, and the output handed back as soon as the
//! response's head (and, for the RPC protocols, its initial-response event) is in, its body
//! still arriving.

#[cfg(feature = "eventstream")]
use crate::client::event_signing::{request_signature, EventSigner};
#[cfg(feature = "eventstream")]
use crate::client::events::{IncomingEvents, StreamFailure};
#[cfg(feature = "eventstream")]
use crate::client::invoke::Protocol;
use crate::client::invoke::{self, build_request, Target};
use crate::client::operation::{Operation, StreamedBody, Streams};
use crate::client::response::read_response;
use crate::config::settings::Config;
use crate::error::{SdkError, SdkErrorKind};
use crate::http::transport::{
    ByteStream, HttpResponse, PollChunks, TransportError, TransportErrorKind,
};
use crate::validate::Policy;
use crate::value::streaming_body::{BodyError, PollChunk, Replay, StreamingBody};
#[cfg(feature = "eventstream")]
use crate::wire::eventstream::frame::Message;
use std::task::{Context, Poll};
use std::time::SystemTime;

/// The content type of an event stream body.
#[cfg(feature = "eventstream")]
const EVENT_STREAM_TYPE: &str = "application/vnd.amazon.eventstream";

/// Validates, sends and reads one call of an operation that streams a body.
pub async fn invoke<O: Operation>(
    config: &Config,
    target: &Target,
    input: &O,
    policy: Option<Policy>,
) -> Result<O::Output, SdkError<O::Error>> {
    let operation = O::NAME;
    let (mut traits, mut parts) = invoke::prepare(config, target, input, policy)?;
    let identity = invoke::identity::<O>(config).await?;
    let construction = |e: String| SdkError::new(operation, SdkErrorKind::Construction(e));
    #[cfg(feature = "xml")]
    let identity = crate::client::s3express::session_identity(config, target, &traits, identity)
        .await
        .map_err(construction)?;
    // A streamed body's flexible checksum is taken over its bytes below.
    #[cfg(feature = "checksum")]
    let body_checksum = crate::client::checksums::prepare(
        config,
        &mut traits,
        &mut parts,
        O::STREAMS.0 == Streams::Bytes,
    )
    .map_err(construction)?;
    let protocol = target.protocol().map_err(construction)?;
    // The RPC protocols carry the input's other members in an `initial-request` event,
    // the REST ones in the request's HTTP bindings.
    #[cfg(feature = "eventstream")]
    let rpc = protocol_is_rpc(protocol);
    #[cfg(not(feature = "eventstream"))]
    let _ = protocol;
    let (streams_input, streams_output) = O::STREAMS;
    let mut outgoing_bytes = None;
    #[cfg(feature = "eventstream")]
    let mut initial_request = None;
    match streams_input {
        Streams::None => {}
        Streams::Bytes => {
            if let Some(body) = input.input_body() {
                // Checksums of the body (Glacier's tree hash, `Content-MD5`) need its bytes.
                if let Some(checksum) = traits.checksum {
                    let bytes = whole_body(&body).await.map_err(construction)?;
                    checksum(&bytes, &mut parts.headers);
                }
                // S3 takes a streamed body with its checksum in a trailer after it, unsigned,
                // so it is read once: over HTTPS, as botocore sends it, and whenever it
                // cannot be read twice. Otherwise its hash is signed (as botocore signs it
                // when no checksum comes with the body), or for a body that cannot be read
                // twice it goes unsigned.
                let endpoint = target.endpoint_of(&traits).ok();
                let s3 = endpoint.is_some_and(|e| target.signing_scope(config, e).s3_variant);
                let once = body.replay().is_none();
                #[cfg(feature = "checksum")]
                let https = endpoint.is_some_and(|e| e.url.starts_with("https://"));
                #[cfg(feature = "checksum")]
                let trailer = match body_checksum {
                    Some(algorithm) if s3 && (https || once) => Some(algorithm),
                    Some(algorithm) => {
                        let mut hasher = algorithm.hasher();
                        each_chunk(&body, "take its checksum", |chunk| hasher.update(chunk))
                            .await
                            .map_err(construction)?;
                        parts
                            .headers
                            .push((algorithm.header().to_owned(), hasher.finish()));
                        None
                    }
                    None => None,
                };
                let said = parts
                    .headers
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case("x-amz-content-sha256"))
                    .map(|(_, hash)| hash.clone());
                let streamed = StreamedBody {
                    payload_hash: match said {
                        Some(hash) => hash,
                        None if s3 && once => "UNSIGNED-PAYLOAD".to_owned(),
                        None => payload_hash::<O>(&body).await.map_err(construction)?,
                    },
                    length: body.content_length(),
                };
                let bytes = byte_stream(body);
                #[cfg(feature = "checksum")]
                let (streamed, bytes) = match trailer {
                    Some(algorithm) => {
                        use crate::http::aws_chunked;
                        let length = streamed.length.ok_or_else(|| {
                            construction(
                                "an S3 body streamed with its checksum after it needs its length"
                                    .to_owned(),
                            )
                        })?;
                        aws_chunked::add_headers(&mut parts.headers, algorithm, length);
                        let streamed = StreamedBody {
                            payload_hash: aws_chunked::UNSIGNED_PAYLOAD_TRAILER.to_owned(),
                            length: None,
                        };
                        (streamed, aws_chunked::encode(bytes, algorithm))
                    }
                    None => (streamed, bytes),
                };
                traits.streamed_body = Some(streamed);
                outgoing_bytes = Some(bytes);
            }
        }
        #[cfg(feature = "eventstream")]
        Streams::Events => {
            traits.streamed_body = Some(StreamedBody {
                payload_hash: crate::client::event_signing::STREAMING_PAYLOAD.to_owned(),
                length: None,
            });
            let body = std::mem::take(&mut parts.body);
            if rpc {
                let content_type = parts
                    .headers
                    .iter()
                    .find(|(name, _)| name == "content-type")
                    .map_or("application/json".to_owned(), |(_, value)| value.clone());
                initial_request = Some(Message::new(
                    &[
                        (":event-type", "initial-request"),
                        (":message-type", "event"),
                        (":content-type", &content_type),
                    ],
                    body,
                ));
            }
            parts.headers.retain(|(name, _)| name != "content-type");
            parts
                .headers
                .push(("content-type".to_owned(), EVENT_STREAM_TYPE.to_owned()));
        }
        #[cfg(not(feature = "eventstream"))]
        Streams::Events => {
            return Err(construction(
                "event streams need the runtime's `eventstream` feature".to_owned(),
            ))
        }
    }
    let now = SystemTime::now();
    let request =
        build_request(config, &identity, target, &traits, parts, now).map_err(construction)?;
    #[cfg(feature = "eventstream")]
    if streams_input == Streams::Events {
        let seed = request
            .header("authorization")
            .and_then(request_signature)
            .unwrap_or_default();
        // Events are signed in a chain seeded by the request's signature.
        let credentials = identity.credentials().ok_or_else(|| {
            construction("events are signed with SigV4; this call is not".to_owned())
        })?;
        let endpoint = target.endpoint_of(&traits).map_err(construction)?;
        let scope = target.signing_scope(config, endpoint);
        let signer = EventSigner::new(credentials, (scope.region, scope.service), seed);
        outgoing_bytes = Some(crate::client::events::signed_body(
            initial_request.take(),
            (input.input_events(), protocol.codec()),
            signer,
        ));
    }
    let dispatch = |e: TransportError| SdkError::new(operation, SdkErrorKind::Dispatch(e));
    // The timeouts bound the wait for the response's head: a stream may then stay open as
    // long as it has events or bytes.
    let opening = config.transport.open(request, outgoing_bytes);
    let limit = config.attempt_timeout.or(config.operation_timeout);
    let deadline = limit.map(|limit| tokio::time::Instant::now() + limit);
    let response = by(deadline, opening, "no response came")
        .await
        .map_err(dispatch)?;
    let (codec, read_output) = invoke::output_reader::<O>(target);
    if !(200..300).contains(&response.status) || streams_output == Streams::None {
        // A response read whole is read within the same limit.
        let response = by(
            deadline,
            response.collect(),
            "the response's body did not come",
        )
        .await
        .map_err(dispatch)?;
        #[cfg(feature = "checksum")]
        if (200..300).contains(&response.status) {
            crate::client::checksums::check(&traits, &response)
                .map_err(|reason| unchecked(operation, response.status, reason))?;
        }
        return read_response::<O::Output, O::Error>(operation, &response, read_output, codec);
    }
    let head = HttpResponse {
        status: response.status,
        headers: response.headers,
        body: Vec::new(),
    };
    let unparseable = |reason: String| {
        SdkError::new(
            operation,
            SdkErrorKind::Unparseable {
                status: head.status,
                reason,
                body_start: String::new(),
            },
        )
    };
    match streams_output {
        Streams::Bytes => {
            let length = head
                .header("content-length")
                .and_then(|v| v.trim().parse::<u64>().ok());
            let mut output = read_output(&head)
                .map_err(|e| unparseable(format!("the output is not valid: {e}")))?;
            let body = response.body;
            // A checksum the response carries is checked as the body is read: its end
            // is then an error if the bytes do not match.
            #[cfg(feature = "checksum")]
            let body = match crate::client::checksums::expected(&traits, &head.headers) {
                Some((algorithm, expected)) => checked(
                    body,
                    crate::client::checksums::StreamCheck::new(algorithm, expected),
                ),
                None => body,
            };
            O::attach_body(&mut output, streaming_body(body, length));
            Ok(output)
        }
        #[cfg(feature = "eventstream")]
        Streams::Events => {
            let mut messages = IncomingEvents::new(response.body, codec);
            let mut output = if rpc {
                // The output's other members come in an `initial-response` event, if the
                // service sends one first.
                let body = match messages.next_message().await {
                    Some(Ok(message))
                        if message.text(":event-type") == Some("initial-response") =>
                    {
                        message.payload
                    }
                    Some(Ok(message)) => {
                        messages.put_back(message);
                        Vec::new()
                    }
                    Some(Err(StreamFailure::Frame(e) | StreamFailure::Transport(e))) => {
                        return Err(unparseable(format!(
                            "the event stream failed before its first event: {e}"
                        )))
                    }
                    None => Vec::new(),
                };
                read_output(&HttpResponse {
                    body,
                    ..head.clone()
                })
            } else {
                read_output(&head)
            }
            .map_err(|e| unparseable(format!("the output is not valid: {e}")))?;
            O::attach_events(&mut output, messages);
            Ok(output)
        }
        _ => Err(unparseable(
            "the response streams what this build of the runtime cannot read".to_owned(),
        )),
    }
}

/// What `future` gives, or a timeout once `deadline` has passed.
async fn by<T>(
    deadline: Option<tokio::time::Instant>,
    future: impl std::future::Future<Output = Result<T, TransportError>>,
    what: &str,
) -> Result<T, TransportError> {
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline, future)
            .await
            .unwrap_or_else(|_| {
                Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("{what} in the time the configuration allows"),
                ))
            }),
        None => future.await,
    }
}

/// Whether the protocol is an RPC one, whose event streams carry the other members in an
/// initial event.
#[cfg(feature = "eventstream")]
fn protocol_is_rpc(protocol: Protocol) -> bool {
    match protocol {
        Protocol::RestJson => false,
        #[cfg(feature = "xml")]
        Protocol::RestXml => false,
        _ => true,
    }
}

/// What the request says its body's SHA-256 is: `UNSIGNED-PAYLOAD` where the model allows,
/// else the hash of the bytes or the file, read once here and again as it is sent.
async fn payload_hash<O: Operation>(body: &StreamingBody) -> Result<String, String> {
    use ring::digest::{Context as Digest, SHA256};
    if O::UNSIGNED_PAYLOAD {
        return Ok("UNSIGNED-PAYLOAD".to_owned());
    }
    let mut digest = Digest::new(&SHA256);
    each_chunk(body, "sign it", |chunk| digest.update(chunk))
        .await
        .map_err(|e| format!("`{}` signs its request body, and {e}", O::NAME))?;
    let mut hash = String::with_capacity(64);
    crate::http::percent::push_hex(&mut hash, digest.finish().as_ref());
    Ok(hash)
}

/// A body's bytes whole, for the checksums that need them at once (Glacier's tree hash,
/// `Content-MD5`).
async fn whole_body(body: &StreamingBody) -> Result<std::sync::Arc<Vec<u8>>, String> {
    if let Some(Replay::Bytes(bytes)) = body.replay() {
        return Ok(bytes.clone());
    }
    let mut all = Vec::new();
    each_chunk(body, "take its checksums", |chunk| {
        all.extend_from_slice(chunk)
    })
    .await?;
    Ok(std::sync::Arc::new(all))
}

/// Feeds `take` each chunk of a body that can be read again (bytes, or a file read in
/// 64 KiB chunks); a body from a reader cannot, and is an error saying `why` it was read.
async fn each_chunk(
    body: &StreamingBody,
    why: &str,
    mut take: impl FnMut(&[u8]),
) -> Result<(), String> {
    match body.replay() {
        Some(Replay::Bytes(bytes)) => take(bytes),
        Some(Replay::Path(path)) => {
            use tokio::io::AsyncReadExt as _;
            let mut file = tokio::fs::File::open(path)
                .await
                .map_err(|e| format!("cannot read {} to {why}: {e}", path.display()))?;
            let mut chunk = vec![0; 64 * 1024];
            loop {
                let read = file
                    .read(&mut chunk)
                    .await
                    .map_err(|e| format!("cannot read {} to {why}: {e}", path.display()))?;
                if read == 0 {
                    break;
                }
                take(&chunk[..read]);
            }
        }
        None => {
            return Err(format!(
                "a body from a reader cannot be read twice to {why}: give it as bytes or a file (`StreamingBody::from_path`)"
            ))
        }
    }
    Ok(())
}

/// An input's body as the transport sends it.
fn byte_stream(body: StreamingBody) -> ByteStream {
    let mut source = body.take_source();
    Box::pin(PollChunks(move |cx: &mut Context<'_>| {
        let Some(chunks) = source.as_mut() else {
            return Poll::Ready(None);
        };
        chunks.poll_chunk(cx).map(|chunk| {
            chunk.map(|chunk| {
                chunk
                    .map(bytes::Bytes::from)
                    .map_err(|e| TransportError::new(TransportErrorKind::Io, e.to_string()))
            })
        })
    }))
}

/// A response body checked by `check` as it streams.
#[cfg(feature = "checksum")]
fn checked(mut body: ByteStream, mut check: crate::client::checksums::StreamCheck) -> ByteStream {
    let mut ended = false;
    Box::pin(PollChunks(move |cx: &mut Context<'_>| {
        if ended {
            return Poll::Ready(None);
        }
        match body.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                check.update(&chunk);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) => {
                ended = true;
                Poll::Ready(check.finish().map(Err))
            }
            other => other,
        }
    }))
}

/// A checksum that did not match, as the call's error.
#[cfg(feature = "checksum")]
fn unchecked<E>(operation: &'static str, status: u16, reason: String) -> SdkError<E> {
    SdkError::new(
        operation,
        SdkErrorKind::Unparseable {
            status,
            reason,
            body_start: String::new(),
        },
    )
}

/// A response's body as an output's streaming body.
fn streaming_body(body: ByteStream, length: Option<u64>) -> StreamingBody {
    struct Incoming(ByteStream);
    impl PollChunk for Incoming {
        fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, BodyError>>> {
            self.0.as_mut().poll_next(cx).map(|chunk| {
                chunk.map(|chunk| chunk.map(Vec::from).map_err(|e| BodyError(e.to_string())))
            })
        }
    }
    StreamingBody::new(Incoming(body), length)
}
