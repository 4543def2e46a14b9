//! Event streams over rpcv2Cbor, on the `cbor-events` fixture's client: the initial
//! response and events a response streams (CBOR documents, header members of every type,
//! blob, text and structure payloads, an exception event) read into typed events; the
//! initial request and events a caller streams written as CBOR, checked by a small CBOR
//! reader of this test's own rather than the runtime's.

use aws_codegen_runtime::client::events::event_of;
use aws_codegen_runtime::wire::body::Codec;
use aws_codegen_runtime::wire::eventstream::decoder::Decoder;
use aws_codegen_runtime::wire::eventstream::events::write_event;
use aws_codegen_runtime::wire::eventstream::frame::{encode_message, Header, HeaderValue, Message};
use cbor_events_fixture::primitives::{Blob, DateTime, EventStream, EventStreamError};
use cbor_events_fixture::types::{
    AudioEvent, ClientEvents, PingEvent, SayEvent, ServerEvents, TokenEvent,
};

/// A CBOR data item, as this test reads and writes it.
#[derive(Clone, Debug, PartialEq)]
enum Cbor {
    Int(i64),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Cbor>),
    Map(Vec<(String, Cbor)>),
    Tag(u64, Box<Cbor>),
    Bool(bool),
    Float(f64),
}

fn text(value: &str) -> Cbor {
    Cbor::Text(value.to_owned())
}

fn map(entries: &[(&str, Cbor)]) -> Cbor {
    Cbor::Map(
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

/// The head of a data item: major type and argument, shortest form.
fn head(out: &mut Vec<u8>, major: u8, argument: u64) {
    let major = major << 5;
    match argument {
        0..=23 => out.push(major | argument as u8),
        24..=0xff => out.extend([major | 24, argument as u8]),
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend((argument as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(major | 26);
            out.extend((argument as u32).to_be_bytes());
        }
        _ => {
            out.push(major | 27);
            out.extend(argument.to_be_bytes());
        }
    }
}

fn encode(value: &Cbor, out: &mut Vec<u8>) {
    match value {
        Cbor::Int(n) if *n >= 0 => head(out, 0, *n as u64),
        Cbor::Int(n) => head(out, 1, (-1 - n) as u64),
        Cbor::Bytes(b) => {
            head(out, 2, b.len() as u64);
            out.extend(b);
        }
        Cbor::Text(t) => {
            head(out, 3, t.len() as u64);
            out.extend(t.as_bytes());
        }
        Cbor::Array(items) => {
            head(out, 4, items.len() as u64);
            items.iter().for_each(|item| encode(item, out));
        }
        Cbor::Map(entries) => {
            head(out, 5, entries.len() as u64);
            for (key, value) in entries {
                encode(&Cbor::Text(key.clone()), out);
                encode(value, out);
            }
        }
        Cbor::Tag(tag, value) => {
            head(out, 6, *tag);
            encode(value, out);
        }
        Cbor::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
        Cbor::Float(f) => {
            out.push(0xfb);
            out.extend(f.to_be_bytes());
        }
    }
}

fn to_cbor(value: &Cbor) -> Vec<u8> {
    let mut out = Vec::new();
    encode(value, &mut out);
    out
}

/// Reads one data item (definite lengths, 32- and 64-bit floats) from the front of `bytes`.
fn decode(bytes: &mut &[u8]) -> Cbor {
    let take = |bytes: &mut &[u8], n: usize| {
        let (front, rest) = bytes.split_at(n);
        *bytes = rest;
        front.to_vec()
    };
    let initial = take(bytes, 1)[0];
    let (major, info) = (initial >> 5, initial & 0x1f);
    if initial == 0xfa {
        let b = take(bytes, 4);
        return Cbor::Float(f64::from(f32::from_be_bytes([b[0], b[1], b[2], b[3]])));
    }
    if initial == 0xfb {
        let b = take(bytes, 8);
        return Cbor::Float(f64::from_be_bytes(b.try_into().unwrap()));
    }
    if major == 7 {
        return Cbor::Bool(info == 21);
    }
    let argument = match info {
        0..=23 => u64::from(info),
        24..=27 => take(bytes, 1 << (info - 24))
            .iter()
            .fold(0, |acc, b| (acc << 8) | u64::from(*b)),
        other => panic!("this test reads no indefinite lengths ({other})"),
    };
    let n = argument as usize;
    match major {
        0 => Cbor::Int(argument as i64),
        1 => Cbor::Int(-1 - argument as i64),
        2 => Cbor::Bytes(take(bytes, n)),
        3 => Cbor::Text(String::from_utf8(take(bytes, n)).unwrap()),
        4 => Cbor::Array((0..n).map(|_| decode(bytes)).collect()),
        5 => Cbor::Map(
            (0..n)
                .map(|_| match decode(bytes) {
                    Cbor::Text(key) => (key, decode(bytes)),
                    other => panic!("a map key {other:?}"),
                })
                .collect(),
        ),
        6 => Cbor::Tag(argument, Box::new(decode(bytes))),
        _ => unreachable!(),
    }
}

fn from_cbor(mut bytes: &[u8]) -> Cbor {
    let value = decode(&mut bytes);
    assert!(bytes.is_empty(), "bytes follow the CBOR value");
    value
}

/// A map with its entries in key order, to compare maps whatever order they were written in.
fn sorted(value: Cbor) -> Cbor {
    match value {
        Cbor::Map(mut entries) => {
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Cbor::Map(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        other => other,
    }
}

fn frame(headers: Vec<(&str, HeaderValue)>, payload: Vec<u8>) -> Vec<u8> {
    let headers = headers
        .into_iter()
        .map(|(name, value)| Header {
            name: name.to_owned(),
            value,
        })
        .collect();
    encode_message(&Message { headers, payload }).unwrap()
}

fn string(value: &str) -> HeaderValue {
    HeaderValue::String(value.to_owned())
}

fn event_frame(
    name: &str,
    content_type: &str,
    extra: Vec<(&str, HeaderValue)>,
    payload: Vec<u8>,
) -> Vec<u8> {
    let mut headers = vec![
        (":message-type", string("event")),
        (":event-type", string(name)),
        (":content-type", string(content_type)),
    ];
    headers.extend(extra);
    frame(headers, payload)
}

fn client(mock: &cbor_events_fixture::test_util::MockTransport) -> cbor_events_fixture::Client {
    cbor_events_fixture::Client::new(
        cbor_events_fixture::Config::builder()
            .region("us-east-1")
            .credentials(cbor_events_fixture::Credentials::new(
                "AKID", "SECRET", None,
            ))
            .endpoint_url("https://cborevents.example.com")
            .transport(mock.clone())
            .build()
            .unwrap(),
    )
}

const EVENT_STREAM: &str = "application/vnd.amazon.eventstream";

#[tokio::test]
async fn a_cbor_response_stream_reads_its_initial_response_events_and_exception() {
    let body = [
        event_frame(
            "initial-response",
            "application/cbor",
            vec![],
            to_cbor(&map(&[
                ("ConversationId", text("c-1")),
                (
                    "StartedAt",
                    Cbor::Tag(1, Box::new(Cbor::Int(1_700_000_000))),
                ),
            ])),
        ),
        event_frame(
            "Token",
            "application/cbor",
            vec![("Index", HeaderValue::Long(7))],
            to_cbor(&map(&[("Text", text("Hel")), ("Score", Cbor::Float(0.25))])),
        ),
        event_frame(
            "Usage",
            "application/cbor",
            vec![],
            to_cbor(&map(&[
                ("InputTokens", Cbor::Int(12)),
                ("OutputTokens", Cbor::Int(3)),
            ])),
        ),
        event_frame(
            "Chunk",
            "application/octet-stream",
            vec![],
            vec![0, 1, 2, 255],
        ),
        event_frame("Notice", "text/plain", vec![], b"be kind".to_vec()),
        frame(
            vec![
                (":message-type", string("exception")),
                (":exception-type", string("Throttled")),
                (":content-type", string("application/cbor")),
            ],
            to_cbor(&map(&[("Message", text("slow down"))])),
        ),
    ]
    .concat();
    let mock = cbor_events_fixture::test_util::MockTransport::new();
    mock.respond(200, &[("content-type", EVENT_STREAM)], body);
    let output = client(&mock).chat().session_id("s-1").send().await.unwrap();
    assert_eq!(output.conversation_id.as_deref(), Some("c-1"));
    assert_eq!(output.started_at.map(|t| t.secs()), Some(1_700_000_000));
    let events = output.replies.unwrap();
    match events.recv().await {
        Ok(Some(ServerEvents::Token(token))) => {
            assert_eq!(
                (token.index, token.text.as_deref(), token.score),
                (Some(7), Some("Hel"), Some(0.25))
            )
        }
        other => panic!("{other:?}"),
    }
    match events.recv().await {
        Ok(Some(ServerEvents::Usage(usage))) => {
            let usage = usage.usage.unwrap();
            assert_eq!(
                (usage.input_tokens, usage.output_tokens),
                (Some(12), Some(3))
            );
        }
        other => panic!("{other:?}"),
    }
    match events.recv().await {
        Ok(Some(ServerEvents::Chunk(chunk))) => {
            assert_eq!(chunk.bytes.unwrap().as_bytes(), &[0, 1, 2, 255])
        }
        other => panic!("{other:?}"),
    }
    match events.recv().await {
        Ok(Some(ServerEvents::Notice(notice))) => {
            assert_eq!(notice.text.as_deref(), Some("be kind"))
        }
        other => panic!("{other:?}"),
    }
    match events.recv().await {
        Err(EventStreamError::Exception(ServerEvents::Throttled(e))) => {
            assert_eq!(e.message.as_deref(), Some("slow down"))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(events.recv().await, Ok(None)));
    let request = mock.last_request().unwrap();
    assert!(
        request.url.ends_with("/service/ChatService/operation/Chat"),
        "{}",
        request.url
    );
    let header = |name: &str| request.header(name);
    assert_eq!(header("accept"), Some(EVENT_STREAM));
    assert_eq!(header("smithy-protocol"), Some("rpc-v2-cbor"));
}

#[tokio::test]
async fn cbor_event_payloads_in_every_encoding_a_service_may_choose_read_the_same() {
    // Indefinite-length maps, a half-precision float, and a header repeating a member.
    let indefinite = [
        &[0xbf][..],
        &to_cbor(&text("Text"))[..],
        &to_cbor(&text("lo"))[..],
        &to_cbor(&text("Score"))[..],
        &[0xf9, 0x3c, 0x00][..],
        &[0xff][..],
    ]
    .concat();
    let body = [
        event_frame(
            "Token",
            "application/cbor",
            vec![("Index", HeaderValue::Long(8))],
            indefinite,
        ),
        // No initial response: a Listen output has no other members.
        event_frame(
            "Token",
            "application/cbor",
            vec![],
            to_cbor(&Cbor::Array(vec![])),
        ),
    ]
    .concat();
    let mock = cbor_events_fixture::test_util::MockTransport::new();
    mock.respond(200, &[("content-type", EVENT_STREAM)], body);
    let output = client(&mock)
        .listen()
        .conversation_id("c-1")
        .send()
        .await
        .unwrap();
    let events = output.replies.unwrap();
    match events.recv().await {
        Ok(Some(ServerEvents::Token(token))) => assert_eq!(
            (token.index, token.text.as_deref(), token.score),
            (Some(8), Some("lo"), Some(1.0))
        ),
        other => panic!("{other:?}"),
    }
    match events.recv().await {
        Err(EventStreamError::Unreadable(reason)) => {
            assert!(reason.contains("not CBOR"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

fn say() -> SayEvent {
    SayEvent::builder()
        .seq(1)
        .text("hello")
        .tags("a")
        .tags("b")
        .attachment(Blob::new(vec![9, 8]))
        .sent_at(DateTime::from_secs_and_nanos(1_700_000_000, 500_000_000).unwrap())
        .build()
        .unwrap()
}

fn ping() -> PingEvent {
    PingEvent::builder()
        .urgent(true)
        .level(-2)
        .hops(3)
        .nonce(1_i64 << 40)
        .token(Blob::new(vec![7; 3]))
        .origin("cli")
        .at(DateTime::from_secs_and_nanos(1_700_000_001, 250_000_000).unwrap())
        .build()
        .unwrap()
}

fn audio() -> AudioEvent {
    AudioEvent::builder()
        .format("pcm")
        .bytes(Blob::new(vec![1, 2, 3]))
        .build()
        .unwrap()
}

/// The messages a request streamed, each out of its signed envelope.
fn sent_messages(body: &[u8]) -> Vec<Message> {
    let mut decoder = Decoder::new();
    decoder.push(body);
    let mut envelopes = Vec::new();
    while let Some(message) = decoder.next_message().unwrap() {
        assert!(
            message.header(":chunk-signature").is_some(),
            "an unsigned envelope"
        );
        envelopes.push(message);
    }
    decoder.finish().unwrap();
    let last = envelopes.pop().unwrap();
    assert!(
        last.payload.is_empty(),
        "the stream ends with an empty signed message"
    );
    envelopes
        .iter()
        .map(|envelope| {
            aws_codegen_runtime::wire::eventstream::frame::decode_message(&envelope.payload)
                .unwrap()
        })
        .collect()
}

#[tokio::test]
async fn a_cbor_request_stream_sends_its_initial_request_and_events_as_cbor() {
    let mock = cbor_events_fixture::test_util::MockTransport::new();
    mock.respond(200, &[("content-type", EVENT_STREAM)], Vec::new());
    let events = EventStream::from_events([
        ClientEvents::Say(say()),
        ClientEvents::Ping(ping()),
        ClientEvents::Audio(audio()),
    ]);
    client(&mock)
        .chat()
        .session_id("s-1")
        .temperature(0.5)
        .turns(events)
        .send()
        .await
        .unwrap();
    let request = mock.last_request().unwrap();
    let header = |name: &str| request.header(name);
    assert_eq!(header("content-type"), Some(EVENT_STREAM));
    assert_eq!(header("accept"), Some(EVENT_STREAM));
    let messages = sent_messages(&request.body);
    let [initial, say, ping, audio] = messages.as_slice() else {
        panic!("{} messages sent", messages.len());
    };
    assert_eq!(initial.text(":event-type"), Some("initial-request"));
    assert_eq!(initial.text(":content-type"), Some("application/cbor"));
    assert_eq!(
        sorted(from_cbor(&initial.payload)),
        sorted(map(&[
            ("SessionId", text("s-1")),
            ("Temperature", Cbor::Float(0.5))
        ]))
    );

    assert_eq!(
        (
            say.text(":message-type"),
            say.text(":event-type"),
            say.text(":content-type")
        ),
        (Some("event"), Some("Say"), Some("application/cbor"))
    );
    assert_eq!(say.header("Seq"), Some(&HeaderValue::Int(1)));
    let Cbor::Map(entries) = sorted(from_cbor(&say.payload)) else {
        panic!("the payload is not a map")
    };
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["Attachment", "SentAt", "Tags", "Text"],
        "a header member stays out"
    );
    assert_eq!(entries[0].1, Cbor::Bytes(vec![9, 8]));
    assert!(matches!(&entries[1].1, Cbor::Tag(1, t) if **t == Cbor::Float(1_700_000_000.5)));
    assert_eq!(entries[2].1, Cbor::Array(vec![text("a"), text("b")]));
    assert_eq!(entries[3].1, text("hello"));

    let expected_headers = [
        ("Urgent", HeaderValue::Bool(true)),
        ("Level", HeaderValue::Short(-2)),
        ("Hops", HeaderValue::Byte(3)),
        ("Nonce", HeaderValue::Long(1 << 40)),
        ("Token", HeaderValue::Bytes(vec![7; 3])),
        ("Origin", string("cli")),
        ("At", HeaderValue::Timestamp(1_700_000_001_250)),
    ];
    for (name, value) in &expected_headers {
        assert_eq!(ping.header(name), Some(value), "{name}");
    }
    assert_eq!(from_cbor(&ping.payload), Cbor::Map(Vec::new()));

    assert_eq!(
        audio.text(":content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(audio.header("Format"), Some(&string("pcm")));
    assert_eq!(audio.payload, [1, 2, 3]);
}

#[test]
fn cbor_events_written_read_back_as_they_were() {
    for event in [
        ClientEvents::Say(say()),
        ClientEvents::Ping(ping()),
        ClientEvents::Audio(audio()),
    ] {
        let message = write_event(&event, Codec::Cbor).unwrap();
        assert_eq!(
            event_of::<ClientEvents>(&message, Codec::Cbor),
            Ok(event.clone())
        );
        // A document payload differs from the JSON protocols': the codec matters.
        if !matches!(event, ClientEvents::Audio(_)) {
            let json = write_event(&event, Codec::Json).unwrap();
            assert_ne!(json.payload, message.payload);
        }
    }
    let token = ServerEvents::Token(
        TokenEvent::builder()
            .index(3)
            .text("x")
            .score(0.5)
            .build()
            .unwrap(),
    );
    let message = write_event(&token, Codec::Cbor).unwrap();
    assert_eq!(event_of::<ServerEvents>(&message, Codec::Cbor), Ok(token));
}
