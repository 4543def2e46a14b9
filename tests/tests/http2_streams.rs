//! HTTP/2 over TLS, as AWS serves its bidirectional streams: a loopback server that speaks
//! only HTTP/2 (ALPN `h2`), with a certificate made for the run and trusted through
//! `Config::root_certificates`, answers each event of Bedrock's
//! `InvokeModelWithBidirectionalStream` before the client sends the next, and serves
//! concurrent calls on one connection; a server that takes only HTTP/1.1 gets HTTP/1.1.

use aws_bedrock_runtime::primitives::{Blob, EventStream};
use aws_bedrock_runtime::types::{
    BidirectionalInputPayloadPart, InvokeModelWithBidirectionalStreamInput,
    InvokeModelWithBidirectionalStreamOutput,
};
use aws_codegen_runtime::wire::eventstream::decoder::Decoder;
use aws_codegen_runtime::wire::eventstream::frame::{encode_message, Message};
use base64::Engine as _;
use bytes::Bytes;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// What the server saw of each request: method, path, `:authority`, and headers.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    authority: String,
    headers: Vec<(String, String)>,
    /// For an event stream: each signed message's headers, in order.
    signed: Vec<Vec<String>>,
}

/// A TLS server that offers only HTTP/2, and counts the connections it accepts.
struct Server {
    url: String,
    certificate: Vec<u8>,
    connections: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// Starts the server: a certificate for `localhost`, made for this run; HTTP/2 only, or
/// (`http2` false) HTTP/1.1 only, as most AWS endpoints are.
async fn server_speaking(http2: bool) -> Server {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let certificate = made.cert.der().to_vec();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(made.signing_key.serialize_der().into());
    #[allow(deprecated)] // ring, as the runtime has it
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certificate.clone().into()], key)
        .unwrap();
    config.alpn_protocols = vec![if http2 {
        b"h2".to_vec()
    } else {
        b"http/1.1".to_vec()
    }];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "https://localhost:{}",
        listener.local_addr().unwrap().port()
    );
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (counted, log) = (connections.clone(), seen.clone());
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, log) = (acceptor.clone(), log.clone());
            counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                // A client that fails the handshake (an untrusted certificate) ends here.
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                if !http2 {
                    return answer_http1(tls, log).await;
                }
                assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
                let mut connection = h2::server::handshake(tls).await.unwrap();
                while let Some(Ok((request, respond))) = connection.accept().await {
                    tokio::spawn(answer(request, respond, log.clone()));
                }
            });
        }
    });
    Server {
        url,
        certificate,
        connections,
        seen,
    }
}

/// The HTTP/2 server.
async fn server() -> Server {
    server_speaking(true).await
}

/// Answers each request on an HTTP/1.1 connection with an empty list of async invocations.
async fn answer_http1(
    mut tls: tokio_rustls::server::TlsStream<tokio::net::TcpStream>,
    log: Arc<Mutex<Vec<Seen>>>,
) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut buffer = Vec::new();
    let mut read = [0; 4096];
    loop {
        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            buffer.drain(..end + 4);
            let mut lines = head.lines();
            let mut words = lines.next().unwrap_or("").split(' ');
            let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            log.lock().unwrap().push(Seen {
                method: method.to_owned(),
                path: path.to_owned(),
                authority: String::new(),
                headers,
                signed: Vec::new(),
            });
            let body = "{\"asyncInvokeSummaries\":[]}";
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            if tls.write_all(response.as_bytes()).await.is_err() {
                return;
            }
        }
        match tls.read(&mut read).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&read[..n]),
        }
    }
}

/// Answers one request: an event stream echoes each event in capitals as it arrives; any
/// other request gets an empty list of async invocations, 200 ms later.
async fn answer(
    request: http::Request<h2::RecvStream>,
    mut respond: h2::server::SendResponse<Bytes>,
    log: Arc<Mutex<Vec<Seen>>>,
) {
    let (parts, mut body) = request.into_parts();
    let mut seen = Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        authority: parts
            .uri
            .authority()
            .map(|a| a.to_string())
            .unwrap_or_default(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        signed: Vec::new(),
    };
    let streaming = parts
        .uri
        .path()
        .ends_with("/invoke-with-bidirectional-stream");
    let content_type = if streaming {
        "application/vnd.amazon.eventstream"
    } else {
        "application/json"
    };
    let head = http::Response::builder()
        .status(200)
        .header("content-type", content_type)
        .body(())
        .unwrap();
    // The head goes out before the request's body has arrived: the stream is two-way.
    let mut send = respond.send_response(head, false).unwrap();
    if !streaming {
        // Held a while, so concurrent calls are in flight together.
        tokio::time::sleep(Duration::from_millis(200)).await;
        send.send_data(Bytes::from_static(b"{\"asyncInvokeSummaries\":[]}"), true)
            .unwrap();
        log.lock().unwrap().push(seen);
        return;
    }
    let mut decoder = Decoder::new();
    'read: while let Some(data) = body.data().await {
        let data = data.unwrap();
        let _ = body.flow_control().release_capacity(data.len());
        decoder.push(&data);
        while let Some(signed) = decoder.next_message().unwrap() {
            let mut names: Vec<String> = signed.headers.iter().map(|h| h.name.clone()).collect();
            names.sort();
            seen.signed.push(names);
            if signed.payload.is_empty() {
                // The signed empty message that ends the input.
                break 'read;
            }
            let event =
                aws_codegen_runtime::wire::eventstream::frame::decode_message(&signed.payload)
                    .unwrap();
            assert_eq!(event.text(":event-type"), Some("chunk"));
            let json: serde_json::Value = serde_json::from_slice(&event.payload).unwrap();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(json["bytes"].as_str().unwrap())
                .unwrap();
            let reply = String::from_utf8(bytes).unwrap().to_uppercase();
            let payload = serde_json::json!({
                "bytes": base64::engine::general_purpose::STANDARD.encode(reply),
            });
            let message = Message::new(
                &[
                    (":message-type", "event"),
                    (":event-type", "chunk"),
                    (":content-type", "application/json"),
                ],
                payload.to_string(),
            );
            send.send_data(encode_message(&message).unwrap().into(), false)
                .unwrap();
        }
    }
    send.send_data(Bytes::new(), true).unwrap();
    log.lock().unwrap().push(seen);
}

/// How a client is told of the server's certificate.
#[derive(Clone, Copy)]
enum Trust {
    /// Not at all.
    Nothing,
    /// As DER.
    Der,
    /// As PEM, after another certificate in the same text.
    Pem,
}

/// A PEM text of DER certificates.
fn pem(certificates: &[&[u8]]) -> String {
    let mut text = String::new();
    for der in certificates {
        let encoded = base64::engine::general_purpose::STANDARD.encode(der);
        text.push_str("-----BEGIN CERTIFICATE-----\n");
        for line in encoded.as_bytes().chunks(64) {
            text.push_str(std::str::from_utf8(line).unwrap());
            text.push('\n');
        }
        text.push_str("-----END CERTIFICATE-----\n");
    }
    text
}

/// A client of the server, trusting its certificate as `trust` says.
fn client(server: &Server, trust: Trust) -> aws_bedrock_runtime::Client {
    let mut config = aws_bedrock_runtime::Config::builder()
        .region("us-east-1")
        .credentials(aws_bedrock_runtime::Credentials::new(
            "AKID", "SECRET", None,
        ))
        .endpoint_url(&server.url)
        .connect_timeout(Duration::from_secs(10));
    match trust {
        Trust::Nothing => {}
        Trust::Der => config = config.root_certificates(server.certificate.clone()),
        Trust::Pem => {
            let other = rcgen::generate_simple_self_signed(vec!["elsewhere".to_owned()]).unwrap();
            config = config.root_certificates(pem(&[other.cert.der(), &server.certificate]));
        }
    }
    aws_bedrock_runtime::Client::new(config.build().unwrap())
}

/// Bounds a wait that must not hang.
async fn within<T>(what: &str, future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .unwrap_or_else(|_| panic!("{what} hung"))
}

fn chunk(text: &str) -> InvokeModelWithBidirectionalStreamInput {
    InvokeModelWithBidirectionalStreamInput::Chunk(
        BidirectionalInputPayloadPart::builder()
            .bytes(Blob::new(text.as_bytes()))
            .build()
            .unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bidirectional_stream_is_answered_event_by_event_over_http2() {
    let server = server().await;
    let client = client(&server, Trust::Der);
    let (sender, events) = EventStream::channel(1);
    let output = within(
        "the response's head",
        client
            .invoke_model_with_bidirectional_stream()
            .model_id("amazon.nova-sonic-v1:0")
            .body(events)
            .send(),
    )
    .await
    .unwrap();
    let replies = output.body.expect("the output stream");
    // Each event is answered before the next is sent: over HTTP/1.1 to AWS, or a transport
    // that sent the body before reading the response, this would wait forever.
    for word in ["hello", "bidirectional", "world"] {
        within("sending an event", sender.send(chunk(word)))
            .await
            .unwrap();
        match within("the reply", replies.recv()).await {
            Ok(Some(InvokeModelWithBidirectionalStreamOutput::Chunk(part))) => {
                let bytes = part.bytes.expect("bytes").into_inner();
                assert_eq!(String::from_utf8(bytes).unwrap(), word.to_uppercase());
            }
            other => panic!("{other:?}"),
        }
    }
    drop(sender);
    assert_eq!(within("the end", replies.recv()).await.unwrap(), None);
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let request = &seen[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.path,
        "/model/amazon.nova-sonic-v1%3A0/invoke-with-bidirectional-stream"
    );
    // The host the request was signed for travels as `:authority`, not as a `host` header.
    assert_eq!(
        request.authority,
        format!("localhost:{}", server.url.rsplit(':').next().unwrap())
    );
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("host"), None);
    assert_eq!(
        header("x-amz-content-sha256"),
        Some("STREAMING-AWS4-HMAC-SHA256-EVENTS")
    );
    assert!(header("authorization")
        .unwrap()
        .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date"));
    // Three events and the empty message that ends the stream, each signed.
    assert_eq!(request.signed.len(), 4);
    for names in &request.signed {
        assert_eq!(names, &[":chunk-signature", ":date"]);
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_share_one_http2_connection() {
    let server = server().await;
    let client = client(&server, Trust::Der);
    // The first call opens the connection; the next ones, all in flight together, ride on
    // it (one HTTP/1.1 connection per call would make nine).
    within("the first call", client.list_async_invokes().send())
        .await
        .unwrap();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.list_async_invokes().send().await })
        })
        .collect();
    for call in calls {
        let output = within("a call", call).await.unwrap().unwrap();
        assert_eq!(output.async_invoke_summaries.map(|s| s.len()), Some(0));
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 9);
    assert!(seen
        .iter()
        .all(|s| s.method == "GET" && s.path == "/async-invoke"));
}

#[tokio::test]
async fn a_server_that_takes_only_http1_is_spoken_to_in_http1() {
    let server = server_speaking(false).await;
    let client = client(&server, Trust::Pem);
    for _ in 0..3 {
        let output = within("a call", client.list_async_invokes().send())
            .await
            .unwrap();
        assert_eq!(output.async_invoke_summaries.map(|s| s.len()), Some(0));
    }
    // One connection, kept alive between the calls.
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    let port = server.url.rsplit(':').next().unwrap();
    for request in &seen {
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("GET", "/async-invoke")
        );
        let host = request.headers.iter().find(|(k, _)| k == "host");
        assert_eq!(
            host.map(|(_, v)| v.clone()),
            Some(format!("localhost:{port}"))
        );
    }
}

#[tokio::test]
async fn a_server_certificate_nobody_trusts_is_a_clear_error() {
    let server = server().await;
    let client = client(&server, Trust::Nothing);
    let error = within("the call", client.list_async_invokes().send())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("TLS handshake") && error.contains("UnknownIssuer"),
        "{error}"
    );
}
