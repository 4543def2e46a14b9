//! Event streams end to end: a loopback HTTP/1.1 server streams event messages in chunks
//! to the generated clients of Bedrock Runtime (`ConverseStream`, rest-json), Kinesis
//! (`SubscribeToShard`, awsJson) and CloudWatch Logs (`StartLiveTail`, awsJson), with
//! exception events, a connection cut mid-stream and a consumer slower than the server.

use crate::loopback::read_request;

/// The README's example, run against its own loopback server.
#[allow(dead_code)]
#[path = "../examples/converse_stream.rs"]
mod example;
use aws_codegen_runtime::wire::eventstream::frame::{encode_message, Message};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

/// How the server ends its response.
#[derive(Clone, Copy, PartialEq)]
enum Ending {
    /// The last chunk, as a finished response.
    Complete,
    /// The connection closes without it.
    Cut,
}

/// What the server got and how much of its script it wrote.
struct Served {
    head: String,
    body: Vec<u8>,
}

/// A message of `kind` (`event` or `exception`) named `name`, with a JSON payload.
fn message(kind: &str, name: &str, payload: &str) -> Vec<u8> {
    let name_header = if kind == "event" {
        ":event-type"
    } else {
        ":exception-type"
    };
    let headers = [
        (":message-type", kind),
        (name_header, name),
        (":content-type", "application/json"),
    ];
    encode_message(&Message::new(&headers, payload.as_bytes().to_vec())).unwrap()
}

/// An event message.
fn event(event_type: &str, payload: &str) -> Vec<u8> {
    message("event", event_type, payload)
}

/// An exception event message.
fn exception(exception_type: &str, payload: &str) -> Vec<u8> {
    message("exception", exception_type, payload)
}

/// Serves one request: a 200 with the event stream content type, then `chunks` one HTTP
/// chunk each (`written` counts the bytes the socket took), then `ending`.
async fn serve(
    listener: TcpListener,
    chunks: Vec<Vec<u8>>,
    ending: Ending,
    written: Arc<AtomicUsize>,
) -> Served {
    let (mut stream, _) = listener.accept().await.unwrap();
    let mut buffer = Vec::new();
    let request = read_request(&mut stream, &mut buffer)
        .await
        .expect("a request");
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\ntransfer-encoding: chunked\r\nx-amzn-requestid: loopback-1\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in chunks {
        let framed = [
            format!("{:x}\r\n", chunk.len()).into_bytes(),
            chunk,
            b"\r\n".to_vec(),
        ]
        .concat();
        if stream.write_all(&framed).await.is_err() {
            break;
        }
        written.fetch_add(framed.len(), Ordering::SeqCst);
    }
    match ending {
        Ending::Complete => {
            let _ = stream.write_all(b"0\r\n\r\n").await;
        }
        Ending::Cut => {
            let _ = stream.shutdown().await;
        }
    }
    Served {
        head: request.head,
        body: request.body,
    }
}

async fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    (listener, url)
}

/// A client configuration for the loopback server at `url`.
macro_rules! client {
    ($krate:ident, $url:expr) => {
        $krate::Client::new(
            $krate::Config::builder()
                .region("us-east-1")
                .credentials($krate::Credentials::new("AKID", "SECRET", None))
                .endpoint_url($url)
                .disable_host_prefix(true)
                .build()
                .unwrap(),
        )
    };
}

/// Bounds a wait that must not hang.
async fn within<T>(what: &str, future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .unwrap_or_else(|_| panic!("{what} hung"))
}

#[tokio::test]
async fn converse_stream_prints_tokens_as_they_arrive_then_a_typed_exception_event() {
    use aws_bedrock_runtime::primitives::EventStreamError;
    use aws_bedrock_runtime::types::{
        ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput,
        Message as ChatMessage,
    };
    let tokens = ["Hello", ",", " world", "!"];
    let mut chunks = vec![event("messageStart", r#"{"role":"assistant"}"#)];
    for token in tokens {
        chunks.push(event(
            "contentBlockDelta",
            &format!(r#"{{"contentBlockIndex":0,"delta":{{"text":"{token}"}}}}"#),
        ));
    }
    chunks.push(event("contentBlockStop", r#"{"contentBlockIndex":0}"#));
    chunks.push(event("messageStop", r#"{"stopReason":"end_turn"}"#));
    chunks.push(event("metadata", r#"{"usage":{"inputTokens":3,"outputTokens":4,"totalTokens":7},"metrics":{"latencyMs":12}}"#));
    chunks.push(exception(
        "throttlingException",
        r#"{"message":"slow down"}"#,
    ));
    // Messages split across chunk boundaries: the decoder joins them.
    let joined: Vec<u8> = chunks.concat();
    let split: Vec<Vec<u8>> = joined.chunks(37).map(<[u8]>::to_vec).collect();
    let (listener, url) = listener().await;
    let server = tokio::spawn(serve(listener, split, Ending::Complete, Arc::default()));
    let client = client!(aws_bedrock_runtime, url);
    let output = within(
        "the call",
        client
            .converse_stream()
            .model_id("anthropic.claude")
            .messages(
                ChatMessage::builder()
                    .role(ConversationRole::User)
                    .content(ContentBlock::Text("Hi".into()))
                    .build()
                    .unwrap(),
            )
            .send(),
    )
    .await
    .unwrap();
    let stream = output.stream.expect("the events");
    let mut text = String::new();
    let mut kinds = Vec::new();
    let failure = loop {
        match within("an event", stream.recv()).await {
            Ok(Some(ConverseStreamOutput::ContentBlockDelta(delta))) => {
                if let ContentBlockDelta::Text(token) = delta.delta {
                    text.push_str(&token);
                }
                kinds.push("delta");
            }
            Ok(Some(ConverseStreamOutput::MessageStop(stop))) => {
                assert_eq!(stop.stop_reason.as_str(), "end_turn");
                kinds.push("stop");
            }
            Ok(Some(ConverseStreamOutput::Metadata(metadata))) => {
                assert_eq!(metadata.usage.total_tokens, 7);
                kinds.push("metadata");
            }
            Ok(Some(_)) => kinds.push("other"),
            Ok(None) => panic!("the stream ended before its exception"),
            Err(e) => break e,
        }
    };
    assert_eq!(text, "Hello, world!");
    assert_eq!(
        kinds,
        ["other", "delta", "delta", "delta", "delta", "other", "stop", "metadata"]
    );
    match failure {
        EventStreamError::Exception(ConverseStreamOutput::ThrottlingException(e)) => {
            assert_eq!(e.message.as_deref(), Some("slow down"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(within("the end", stream.recv()).await, Ok(None));
    let served = server.await.unwrap();
    assert!(
        served
            .head
            .starts_with("POST /model/anthropic.claude/converse-stream HTTP/1.1"),
        "{}",
        served.head
    );
    let body: serde_json::Value = serde_json::from_slice(&served.body).unwrap();
    assert_eq!(body["messages"][0]["content"][0]["text"], "Hi");
}

#[tokio::test]
async fn subscribe_to_shard_reads_the_initial_response_then_records_then_a_typed_exception() {
    use aws_kinesis::primitives::EventStreamError;
    use aws_kinesis::types::SubscribeToShardEventStream;
    let record = |n: u32| {
        format!(
            r#"{{"Records":[{{"SequenceNumber":"{n}","Data":"{}","PartitionKey":"p","ApproximateArrivalTimestamp":1.7e9}}],"ContinuationSequenceNumber":"{n}","MillisBehindLatest":0}}"#,
            base64_of(format!("record {n}").as_bytes())
        )
    };
    let mut chunks = vec![event("initial-response", "{}")];
    for n in 1..=3 {
        chunks.push(event("SubscribeToShardEvent", &record(n)));
    }
    chunks.push(exception(
        "ResourceNotFoundException",
        r#"{"message":"the shard is gone"}"#,
    ));
    let (listener, url) = listener().await;
    let server = tokio::spawn(serve(listener, chunks, Ending::Complete, Arc::default()));
    let client = client!(aws_kinesis, url);
    let output = within(
        "the call",
        client
            .subscribe_to_shard()
            .consumer_arn("arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1")
            .shard_id("shardId-000000000000")
            .starting_position(
                aws_kinesis::types::StartingPosition::builder()
                    .r#type(aws_kinesis::types::ShardIteratorType::Latest)
                    .build()
                    .unwrap(),
            )
            .send(),
    )
    .await
    .unwrap();
    let stream = output.event_stream.expect("the events");
    for n in 1..=3 {
        match within("a record", stream.recv()).await {
            Ok(Some(SubscribeToShardEventStream::SubscribeToShardEvent(e))) => {
                assert_eq!(
                    e.records[0].data.as_bytes(),
                    format!("record {n}").as_bytes()
                );
                assert_eq!(e.continuation_sequence_number, n.to_string());
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(matches!(
        within("the exception", stream.recv()).await,
        Err(EventStreamError::Exception(SubscribeToShardEventStream::ResourceNotFoundException(e))) if e.message.as_deref() == Some("the shard is gone")
    ));
    let served = server.await.unwrap();
    assert!(
        served
            .head
            .to_ascii_lowercase()
            .contains("x-amz-target: kinesis_20131202.subscribetoshard"),
        "{}",
        served.head
    );
}

#[tokio::test]
async fn start_live_tail_streams_session_updates_and_a_connection_cut_is_a_clear_error() {
    use aws_logs::primitives::EventStreamError;
    use aws_logs::types::StartLiveTailResponseStream;
    let chunks = vec![
        event("initial-response", "{}"),
        event(
            "sessionStart",
            r#"{"requestId":"r","sessionId":"s","logGroupIdentifiers":["g"]}"#,
        ),
        event(
            "sessionUpdate",
            r#"{"sessionMetadata":{"sampled":false},"sessionResults":[{"logStreamName":"a","message":"line 1","timestamp":1700000000000}]}"#,
        ),
        // Half of the next message, and the connection closes.
        event("sessionUpdate", r#"{"sessionResults":[]}"#)[..20].to_vec(),
    ];
    let (listener, url) = listener().await;
    let server = tokio::spawn(serve(listener, chunks, Ending::Cut, Arc::default()));
    let client = client!(aws_logs, url);
    let output = within(
        "the call",
        client.start_live_tail().log_group_identifiers("g").send(),
    )
    .await
    .unwrap();
    let stream = output.response_stream.expect("the events");
    assert!(
        matches!(within("session start", stream.recv()).await, Ok(Some(StartLiveTailResponseStream::SessionStart(s))) if s.session_id.as_deref() == Some("s"))
    );
    match within("an update", stream.recv()).await {
        Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
            assert_eq!(
                update.session_results.unwrap()[0].message.as_deref(),
                Some("line 1")
            )
        }
        other => panic!("{other:?}"),
    }
    // The cut is an error, not a hang and not a quiet end.
    let error = within("the cut", stream.recv()).await.unwrap_err();
    assert!(
        matches!(
            error,
            EventStreamError::Transport(_) | EventStreamError::Frame(_)
        ),
        "{error:?}"
    );
    assert_eq!(within("after the error", stream.recv()).await, Ok(None));
    server.await.unwrap();
}

#[tokio::test]
async fn a_slow_consumer_holds_the_server_back_instead_of_buffering_the_stream() {
    use aws_bedrock_runtime::types::ConverseStreamOutput;
    // 64 MiB of events, 32 KiB each.
    const EVENTS: usize = 2048;
    let text = "x".repeat(32 * 1024);
    let delta = event(
        "contentBlockDelta",
        &format!(r#"{{"contentBlockIndex":0,"delta":{{"text":"{text}"}}}}"#),
    );
    let total = EVENTS * delta.len();
    let written = Arc::new(AtomicUsize::new(0));
    let (listener, url) = listener().await;
    let server = tokio::spawn(serve(
        listener,
        vec![delta; EVENTS],
        Ending::Complete,
        written.clone(),
    ));
    let client = client!(aws_bedrock_runtime, url);
    let output = within("the call", client.converse_stream().model_id("m").send())
        .await
        .unwrap();
    let stream = output.stream.unwrap();
    assert!(matches!(
        within("the first event", stream.recv()).await,
        Ok(Some(ConverseStreamOutput::ContentBlockDelta(_)))
    ));
    // The consumer pauses: the server gets only as far as the socket buffers and one
    // chunk in the client let it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let ahead = written.load(Ordering::SeqCst);
    assert!(
        ahead < total / 4,
        "the server wrote {ahead} of {total} bytes while the consumer paused"
    );
    let mut received = 1;
    while let Some(event) = within("the rest", stream.recv()).await.unwrap() {
        assert!(matches!(event, ConverseStreamOutput::ContentBlockDelta(_)));
        received += 1;
    }
    assert_eq!(received, EVENTS);
    assert_eq!(
        written.load(Ordering::SeqCst),
        total + extra_chunk_bytes(EVENTS, total / EVENTS)
    );
    server.await.unwrap();
    eprintln!("a paused consumer let the server write {ahead} of {total} bytes");
}

/// The HTTP chunk framing `serve` adds around `count` chunks of `size` bytes.
fn extra_chunk_bytes(count: usize, size: usize) -> usize {
    count * (format!("{size:x}\r\n").len() + 2)
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn the_readme_example_prints_the_tokens_as_they_arrive() {
    let url = example::canned_server(example::CANNED).await;
    let client = client!(aws_bedrock_runtime, url);
    let mut printed = Vec::new();
    let answer = within(
        "the chat",
        example::chat(&client, "loopback", "Why is the sky blue?", &mut printed),
    )
    .await
    .unwrap();
    assert_eq!(answer, example::CANNED.concat());
    assert_eq!(
        String::from_utf8(printed).unwrap(),
        format!("{}\n", example::CANNED.concat())
    );
}

#[tokio::test]
async fn host_prefixes_are_injected_unless_disabled() {
    use aws_codegen_runtime::http::transport::{
        HttpRequest, HttpResponse, Transport, TransportFuture,
    };
    use std::sync::Mutex;
    #[derive(Clone, Debug, Default)]
    struct Urls(Arc<Mutex<Vec<String>>>);
    impl Transport for Urls {
        fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
            self.0.lock().unwrap().push(request.url);
            Box::pin(async {
                Ok(HttpResponse::new(
                    400,
                    &[],
                    r#"{"__type":"InvalidParameterException"}"#,
                ))
            })
        }
    }
    let urls = Urls::default();
    for disable in [false, true] {
        let client = aws_logs::Client::new(
            aws_logs::Config::builder()
                .region("us-east-1")
                .credentials(aws_logs::Credentials::new("AKID", "SECRET", None))
                .endpoint_url("http://logs.example.com")
                .disable_host_prefix(disable)
                .transport(urls.clone())
                .build()
                .unwrap(),
        );
        assert!(client
            .start_live_tail()
            .log_group_identifiers("g")
            .send()
            .await
            .is_err());
    }
    assert_eq!(
        *urls.0.lock().unwrap(),
        [
            "http://stream-logs.example.com/",
            "http://logs.example.com/"
        ]
    );
}

#[tokio::test]
async fn xml_events_read_their_documents_as_s3_select_sends_them() {
    use xml_events_fixture::primitives::EventStreamError;
    use xml_events_fixture::types::SelectEventStream;
    let frame = |headers: &[(&str, &str)], payload: &[u8]| {
        encode_message(&Message::new(headers, payload.to_vec())).unwrap()
    };
    let body = [
        frame(&[(":message-type", "event"), (":event-type", "Records"), (":content-type", "application/octet-stream")], b"a,1\nb,2\n"),
        frame(
            &[(":message-type", "event"), (":event-type", "Stats"), (":content-type", "text/xml")],
            b"<Stats xmlns=\"\"><BytesScanned>512</BytesScanned><BytesReturned>8</BytesReturned></Stats>",
        ),
        frame(&[(":message-type", "event"), (":event-type", "End")], b""),
        frame(
            &[(":message-type", "exception"), (":exception-type", "SelectFailed"), (":content-type", "text/xml")],
            b"<SelectFailed><Message>the table moved</Message></SelectFailed>",
        ),
    ]
    .concat();
    let mock = xml_events_fixture::test_util::MockTransport::new();
    mock.respond(200, &[], body);
    let client = xml_events_fixture::Client::new(
        xml_events_fixture::Config::builder()
            .region("us-east-1")
            .credentials(xml_events_fixture::Credentials::new("AKID", "SECRET", None))
            .endpoint_url("https://xmlevents.example.com")
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    let output = client
        .select_records()
        .table("t")
        .expression("select *")
        .send()
        .await
        .unwrap();
    let events = output.payload.unwrap();
    match events.recv().await {
        Ok(Some(SelectEventStream::Records(records))) => {
            assert_eq!(records.payload.unwrap().as_bytes(), b"a,1\nb,2\n")
        }
        other => panic!("{other:?}"),
    }
    match events.recv().await {
        Ok(Some(SelectEventStream::Stats(stats))) => {
            let details = stats.details.unwrap();
            assert_eq!(
                (details.bytes_scanned, details.bytes_returned),
                (Some(512), Some(8))
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        events.recv().await,
        Ok(Some(SelectEventStream::End(_)))
    ));
    match events.recv().await {
        Err(EventStreamError::Exception(SelectEventStream::SelectFailed(e))) => {
            assert_eq!(e.message.as_deref(), Some("the table moved"))
        }
        other => panic!("{other:?}"),
    }
    let request = mock.last_request().unwrap();
    assert!(
        request.url.ends_with("/t?select&select-type=2"),
        "{}",
        request.url
    );
    assert!(String::from_utf8_lossy(&request.body).contains("<Expression>select *</Expression>"));
}
