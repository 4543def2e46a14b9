//! The default transport against scripted loopback servers: reuse, closed connections, timeouts, TLS and bad URLs.

use crate::loopback::{read_request, Request};
use aws_codegen_runtime::http::pool::HyperTransport;
use aws_codegen_runtime::http::transport::{
    HttpRequest, Transport, TransportError, TransportErrorKind,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// How a scripted server treats a connection after answering one request.
#[derive(Clone, Copy, PartialEq)]
enum AfterAnswer {
    KeepOpen,
    /// Closes without saying so: the client learns it from the socket.
    CloseSilently,
    /// Answers with `Connection: close`, then closes.
    CloseAnnounced,
}

/// A loopback HTTP/1.1 server that answers every request with 200 and `{"n":N}`.
struct Scripted {
    url: String,
    connections: AtomicUsize,
    /// Each request's head, as the server read it.
    heads: Mutex<Vec<String>>,
}

async fn scripted(after: AfterAnswer) -> Arc<Scripted> {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = Arc::new(Scripted {
        url: format!("http://{}/", listener.local_addr().unwrap()),
        connections: AtomicUsize::new(0),
        heads: Mutex::default(),
    });
    let shared = server.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            shared.connections.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(answer(stream, shared.clone(), after));
        }
    });
    server
}

async fn answer(mut stream: TcpStream, server: Arc<Scripted>, after: AfterAnswer) {
    let mut buffer = Vec::new();
    while let Some(Request { head, .. }) = read_request(&mut stream, &mut buffer).await {
        let n = {
            let mut heads = server.heads.lock().unwrap();
            heads.push(head);
            heads.len()
        };
        let body = format!("{{\"n\":{n}}}");
        let close = if after == AfterAnswer::CloseAnnounced {
            "connection: close\r\n"
        } else {
            ""
        };
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{close}content-length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(response.as_bytes()).await.is_err() || after != AfterAnswer::KeepOpen {
            return;
        }
    }
}

fn post(url: &str, headers: &[(&str, &str)]) -> HttpRequest {
    HttpRequest {
        method: "POST".to_owned(),
        url: url.to_owned(),
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body: b"{}".to_vec(),
    }
}

async fn send_ok(transport: &HyperTransport, request: HttpRequest) -> String {
    let response = transport.send(request).await.unwrap();
    assert_eq!(response.status, 200);
    String::from_utf8(response.body).unwrap()
}

async fn send_err(transport: &HyperTransport, url: &str) -> TransportError {
    transport.send(post(url, &[])).await.unwrap_err()
}

#[tokio::test]
async fn sequential_calls_share_one_connection() {
    let server = scripted(AfterAnswer::KeepOpen).await;
    let transport = HyperTransport::new();
    let url = format!("{}path?x=1", server.url);
    for n in 1..=5 {
        let body = send_ok(&transport, post(&url, &[("host", "example.com")])).await;
        assert_eq!(body, format!("{{\"n\":{n}}}"));
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
    let heads = server.heads.lock().unwrap();
    // Origin-form target, the caller's Host, and the body's length.
    assert!(
        heads[0].starts_with("POST /path?x=1 HTTP/1.1\r\n"),
        "{}",
        heads[0]
    );
    let lower = heads[0].to_ascii_lowercase();
    assert!(lower.contains("\r\nhost: example.com"), "{}", heads[0]);
    assert_eq!(lower.matches("host:").count(), 1, "{}", heads[0]);
    assert!(lower.contains("\r\ncontent-length: 2"), "{}", heads[0]);
}

#[tokio::test]
async fn a_request_without_host_gets_the_urls_authority() {
    let server = scripted(AfterAnswer::KeepOpen).await;
    send_ok(&HyperTransport::new(), post(&server.url, &[])).await;
    let authority = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let head = server.heads.lock().unwrap()[0].to_ascii_lowercase();
    assert!(head.contains(&format!("\r\nhost: {authority}")), "{head}");
}

#[tokio::test]
async fn connections_the_server_closed_are_not_reused() {
    for after in [AfterAnswer::CloseSilently, AfterAnswer::CloseAnnounced] {
        let server = scripted(after).await;
        let transport = HyperTransport::new();
        for n in 1..=3 {
            // Time for the closed socket to be seen; a request racing the close is the
            // retry layer's to handle.
            tokio::time::sleep(Duration::from_millis(100)).await;
            let body = send_ok(&transport, post(&server.url, &[])).await;
            assert_eq!(body, format!("{{\"n\":{n}}}"));
        }
        assert_eq!(server.connections.load(Ordering::SeqCst), 3);
    }
}

#[tokio::test]
async fn concurrent_calls_open_connections_that_are_then_reused() {
    let server = scripted(AfterAnswer::KeepOpen).await;
    let transport = HyperTransport::new();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (transport, url) = (transport.clone(), server.url.clone());
        calls.spawn(async move { send_ok(&transport, post(&url, &[])).await });
    }
    assert_eq!(calls.join_all().await.len(), 4);
    let opened = server.connections.load(Ordering::SeqCst);
    assert!((1..=4).contains(&opened), "{opened} connections");
    for _ in 0..8 {
        send_ok(&transport, post(&server.url, &[])).await;
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), opened);
}

#[tokio::test]
async fn the_connect_timeout_covers_the_tls_handshake() {
    // Accepts and never says a word, so the TLS handshake waits for the server's hello.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let held = Arc::new(Mutex::new(Vec::new()));
    let holder = held.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            holder.lock().unwrap().push(stream);
        }
    });
    let transport = HyperTransport::with_connect_timeout(Some(Duration::from_millis(200)));
    let error = send_err(&transport, &format!("https://{address}/")).await;
    assert_eq!(error.kind, TransportErrorKind::Timeout, "{error}");
    assert!(
        error
            .message
            .contains(&format!("no connection to 127.0.0.1:{}", address.port())),
        "{error}"
    );
}

#[tokio::test]
async fn https_to_a_plain_http_server_fails_in_the_tls_handshake() {
    // Answers the client's hello with plain HTTP, as a server without TLS would.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    let error = send_err(&HyperTransport::new(), &format!("https://{address}/")).await;
    assert_eq!(error.kind, TransportErrorKind::Io, "{error}");
    assert!(
        error.message.starts_with(&format!(
            "TLS handshake with 127.0.0.1:{}: ",
            address.port()
        )),
        "{error}"
    );
}

#[tokio::test]
async fn refused_connections_and_bad_urls_say_what_failed() {
    // A port that was just free: nothing listens on it.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let transport = HyperTransport::new();
    let refused = send_err(&transport, &format!("http://127.0.0.1:{port}/")).await;
    assert_eq!(refused.kind, TransportErrorKind::Io, "{refused}");
    assert!(
        refused
            .message
            .starts_with(&format!("connecting to 127.0.0.1:{port}: ")),
        "{refused}"
    );
    for (url, says) in [
        ("ftp://example.com/", "is not an http or https URL"),
        ("/relative", "is not an http or https URL"),
        ("http://exa mple.com/", "invalid"),
    ] {
        let error = send_err(&transport, url).await;
        assert_eq!(error.kind, TransportErrorKind::Other, "{url}: {error}");
        assert!(error.message.contains(says), "{url}: {error}");
    }
}

/// `size` bytes of a repeating pattern, so a body read into a used buffer shows any stale
/// or missing byte.
fn pattern(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i % 251) as u8).collect()
}

/// A loopback server whose response to `POST /N` is [`pattern`]`(N)`.
async fn sized() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                while let Some(Request { head, .. }) = read_request(&mut stream, &mut buffer).await
                {
                    let size: usize = head
                        .split(' ')
                        .nth(1)
                        .and_then(|target| target.trim_start_matches('/').parse().ok())
                        .unwrap_or(0);
                    let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n");
                    let mut response = head.into_bytes();
                    response.extend(pattern(size));
                    if stream.write_all(&response).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn a_large_body_is_read_into_the_buffer_handed_back() {
    let url = sized().await;
    let transport = HyperTransport::new();
    let send = |size: usize| transport.send(post(&format!("{url}{size}"), &[]));
    let first = send(300_000).await.unwrap().body;
    assert_eq!(first, pattern(300_000));
    let buffer = first.as_ptr();
    transport.reuse(first);
    // Had the transport dropped the buffer, this would likely take its place.
    let blocker = vec![1u8; 300_000];
    // Shorter than the buffer's last body: nothing of that one may show.
    let second = send(200_000).await.unwrap().body;
    assert_eq!(second, pattern(200_000));
    assert_eq!(second.as_ptr(), buffer, "the buffer handed back is reused");
    transport.reuse(second);
    // A small body takes an allocation of its own and leaves the spare buffer alone.
    let small = send(100).await.unwrap().body;
    assert_eq!(small, pattern(100));
    assert!(small.capacity() < 64 << 10, "{}", small.capacity());
    transport.reuse(small);
    let third = send(250_000).await.unwrap().body;
    assert_eq!(third, pattern(250_000));
    assert_eq!(
        third.as_ptr(),
        buffer,
        "the small body did not replace the spare"
    );
    drop(blocker);
}
