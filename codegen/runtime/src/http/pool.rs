//! The default transport: hyper's HTTP/1.1 connections over TCP or rustls, kept per origin.
//!
//! hyper's `conn` API drives one connection; this module opens them (DNS, TCP, TLS on ring
//! with the Mozilla roots), keeps idle ones for reuse and hands each request to one. It
//! replaces hyper-util's legacy client and hyper-rustls, which cost a build six crates
//! (hyper-util, hyper-rustls, tower-service and three futures crates) for the same work.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Either, Full, StreamBody};
use hyper::body::{Body as _, Frame, Incoming};
use hyper::client::conn::http1::SendRequest;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

use crate::http::transport::{
    ByteStream, HttpRequest, HttpResponse, PollChunks, StreamingFuture, StreamingResponse,
    Transport, TransportError, TransportErrorKind, TransportFuture,
};

/// How long an unused connection is kept. Load balancers commonly close idle connections
/// after 60 s; reusing one they are closing loses the request, so ours go first.
const IDLE_TIMEOUT: Duration = Duration::from_secs(55);

/// The most a response's `Content-Length` reserves up front.
const MAX_PREALLOCATION: usize = 64 << 20;

/// Bodies from this size up are read into a reused buffer: an allocation this large comes
/// from fresh pages each time (the allocator returns them between calls), which costs more
/// than reading the body. Smaller ones, the usual case, take an ordinary allocation.
const REUSE_FROM: usize = 64 << 10;

/// The largest buffer kept for reuse.
const REUSE_UP_TO: usize = 16 << 20;

/// The default transport: HTTP/1.1 over hyper, TLS by rustls with the Mozilla roots, and a
/// pool of idle connections per scheme, host and port.
#[derive(Clone)]
pub struct HyperTransport {
    pool: Arc<Pool>,
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HyperTransport")
    }
}

impl HyperTransport {
    /// A transport with a fresh connection pool.
    pub fn new() -> Self {
        Self::with_connect_timeout(None)
    }

    /// A transport whose connection attempts (DNS, TCP and TLS) give up after `timeout`.
    pub fn with_connect_timeout(timeout: Option<Duration>) -> Self {
        HyperTransport {
            pool: Arc::new(Pool {
                tls: tls_connector(),
                connect_timeout: timeout,
                origins: Mutex::new(HashMap::new()),
                spare: Mutex::new(Vec::new()),
            }),
        }
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl Transport for HyperTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(Pool::send(self.pool.clone(), request))
    }

    fn open(&self, request: HttpRequest, body: Option<ByteStream>) -> StreamingFuture<'_> {
        Box::pin(Pool::open_streaming(self.pool.clone(), request, body))
    }

    fn reuse(&self, body: Vec<u8>) {
        if (REUSE_FROM..=REUSE_UP_TO).contains(&body.capacity()) {
            let mut spare = self
                .pool
                .spare
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if body.capacity() > spare.capacity() {
                *spare = body;
            }
        }
    }
}

/// Where a connection goes: requests to the same origin may share one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Origin {
    tls: bool,
    /// The host as it is resolved: an IPv6 literal without its brackets.
    host: String,
    port: u16,
}

impl Origin {
    fn of(uri: &http::Uri) -> Result<Self, TransportError> {
        let tls = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(not_sent(format!("{uri} is not an http or https URL"))),
        };
        let host = uri
            .host()
            .ok_or_else(|| not_sent(format!("{uri} has no host")))?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        Ok(Origin {
            tls,
            host: host.to_owned(),
            port: uri.port_u16().unwrap_or(if tls { 443 } else { 80 }),
        })
    }
}

/// A request body: whole, or streamed chunk by chunk.
type RequestBody = Either<Full<Bytes>, StreamBody<FrameStream>>;

/// A streamed request body as hyper takes it: data frames.
type FrameStream = PollChunkFrames;

type Sender = SendRequest<RequestBody>;

/// A connection waiting for its next request.
struct Idle {
    sender: Sender,
    since: Instant,
}

/// An origin's connections that no call holds, and the calls waiting for one.
#[derive(Default)]
struct Slots {
    /// From the least to the most recently used.
    idle: Vec<Idle>,
    /// Calls that are opening a connection and take a returned one if it comes first,
    /// oldest first.
    waiters: VecDeque<oneshot::Sender<Sender>>,
}

struct Pool {
    /// `Err` holds why TLS could not be set up; only https requests report it.
    tls: Result<tokio_rustls::TlsConnector, String>,
    connect_timeout: Option<Duration>,
    origins: Mutex<HashMap<Origin, Slots>>,
    /// A large body buffer handed back by [`Transport::reuse`], empty when none is.
    spare: Mutex<Vec<u8>>,
}

impl Pool {
    async fn send(self: Arc<Self>, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (response, sender, origin) = self.clone().exchange(request, None).await?;
        self.read_whole(response, sender, origin).await
    }

    /// Sends a request whose body may stream, and hands back the response with its body
    /// still arriving. Its connection returns to the pool once that body has been read.
    async fn open_streaming(
        self: Arc<Self>,
        request: HttpRequest,
        body: Option<ByteStream>,
    ) -> Result<StreamingResponse, TransportError> {
        let (response, sender, origin) = self.clone().exchange(request, body).await?;
        let (parts, mut incoming) = response.into_parts();
        let mut connection = Some((self, origin, sender));
        let body = PollChunks(move |cx: &mut Context<'_>| loop {
            match Pin::new(&mut incoming).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    if let Some((pool, origin, sender)) = connection.take() {
                        pool.checkin(origin, sender);
                    }
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(e))) => {
                    connection = None;
                    return Poll::Ready(Some(Err(io_error(&e))));
                }
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        return Poll::Ready(Some(Ok(data)));
                    }
                }
            }
        });
        Ok(StreamingResponse {
            status: parts.status.as_u16(),
            headers: header_pairs(&parts.headers),
            body: Box::pin(body),
        })
    }

    /// Sends a request on a pooled or new connection; returns the response head with its
    /// body, and the connection, which is free once that body is read.
    async fn exchange(
        self: Arc<Self>,
        request: HttpRequest,
        body: Option<ByteStream>,
    ) -> Result<(http::Response<Incoming>, Sender, Origin), TransportError> {
        let uri: http::Uri = request
            .url
            .parse()
            .map_err(|e| not_sent(format!("{}: {e}", request.url)))?;
        let origin = Origin::of(&uri)?;
        let mut outgoing = hyper_request(request, &uri, body)?;
        loop {
            let (mut sender, pooled) = self.acquire(&origin).await?;
            match sender.try_send_request(outgoing).await {
                Ok(response) => return Ok((response, sender, origin)),
                Err(mut e) => match e.take_message() {
                    // The pooled connection closed before the request went out: nothing was
                    // sent, so it goes again on another connection.
                    Some(unsent) if pooled => outgoing = unsent,
                    _ => return Err(io_error(e.error())),
                },
            }
        }
    }

    async fn read_whole(
        &self,
        response: http::Response<Incoming>,
        sender: Sender,
        origin: Origin,
    ) -> Result<HttpResponse, TransportError> {
        let (parts, mut body) = response.into_parts();
        // The body is read straight into one buffer, sized by `Content-Length` (within
        // reason: the header is the server's word, not a promise).
        let expected = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
            .unwrap_or(0);
        let mut data = self.buffer(expected.min(MAX_PREALLOCATION));
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| io_error(&e))?;
            if let Some(chunk) = frame.data_ref() {
                data.extend_from_slice(chunk);
            }
        }
        // Only a connection whose response was read to the end can carry another request.
        self.checkin(origin, sender);
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            headers: header_pairs(&parts.headers),
            body: data,
        })
    }

    /// An empty buffer for a body of `size` bytes: the spare one if the body is large.
    fn buffer(&self, size: usize) -> Vec<u8> {
        if size < REUSE_FROM {
            return Vec::with_capacity(size);
        }
        let mut data =
            std::mem::take(&mut *self.spare.lock().unwrap_or_else(PoisonError::into_inner));
        data.clear();
        data.reserve(size);
        data
    }

    /// A connection for one request, and whether it served others before.
    async fn acquire(self: &Arc<Self>, origin: &Origin) -> Result<(Sender, bool), TransportError> {
        loop {
            if let Some(sender) = self.checkout(origin) {
                if let Some(sender) = ready(sender).await {
                    return Ok((sender, true));
                }
                continue;
            }
            // None idle: open one, and take a connection another call returns if that
            // comes first (in a burst, a new connection can take a second or more).
            let (waiter, mut returned) = oneshot::channel();
            self.slots(origin.clone(), |slots| slots.waiters.push_back(waiter));
            let (pool, target) = (self.clone(), origin.clone());
            let mut opening = tokio::spawn(async move { pool.connect(&target).await });
            let mut waiting = true;
            let first = std::future::poll_fn(|cx| {
                if waiting {
                    match Pin::new(&mut returned).poll(cx) {
                        Poll::Ready(Ok(sender)) => return Poll::Ready(Err(sender)),
                        Poll::Ready(Err(_)) => waiting = false,
                        Poll::Pending => {}
                    }
                }
                Pin::new(&mut opening).poll(cx).map(Ok)
            })
            .await;
            match first {
                Ok(opened) => {
                    // A connection handed over as ours opened goes back to the pool.
                    returned.close();
                    if let Ok(sender) = returned.try_recv() {
                        self.checkin(origin.clone(), sender);
                    }
                    let opened = opened.map_err(|e| not_sent(format!("connecting: {e}")))?;
                    return opened.map(|sender| (sender, false));
                }
                Err(handed_over) => {
                    // The connection being opened joins the pool when it is ready.
                    let (pool, target) = (self.clone(), origin.clone());
                    tokio::spawn(async move {
                        if let Ok(Ok(sender)) = opening.await {
                            pool.checkin(target, sender);
                        }
                    });
                    if let Some(sender) = ready(handed_over).await {
                        return Ok((sender, true));
                    }
                }
            }
        }
    }

    /// Runs `f` on an origin's slots, under the pool's lock.
    fn slots<T>(&self, origin: Origin, f: impl FnOnce(&mut Slots) -> T) -> T {
        let mut origins = self.origins.lock().unwrap_or_else(PoisonError::into_inner);
        f(origins.entry(origin).or_default())
    }

    /// The most recently used idle connection to `origin`, if it is fresh.
    fn checkout(&self, origin: &Origin) -> Option<Sender> {
        self.slots(origin.clone(), |slots| {
            let entry = slots.idle.pop()?;
            if entry.since.elapsed() >= IDLE_TIMEOUT {
                // The rest are older still.
                slots.idle.clear();
                return None;
            }
            Some(entry.sender)
        })
    }

    /// Hands a connection whose response has ended to the oldest waiting call, or keeps it.
    fn checkin(&self, origin: Origin, mut sender: Sender) {
        if sender.is_closed() {
            return;
        }
        self.slots(origin, |slots| {
            while let Some(waiter) = slots.waiters.pop_front() {
                match waiter.send(sender) {
                    Ok(()) => return,
                    // That call got a connection of its own and went on.
                    Err(back) => sender = back,
                }
            }
            let expired = slots
                .idle
                .partition_point(|e| e.since.elapsed() >= IDLE_TIMEOUT);
            slots.idle.drain(..expired);
            slots.idle.push(Idle {
                sender,
                since: Instant::now(),
            });
        })
    }

    /// A new connection, within the connect timeout.
    async fn connect(&self, origin: &Origin) -> Result<Sender, TransportError> {
        match self.connect_timeout {
            Some(limit) => tokio::time::timeout(limit, self.open(origin))
                .await
                .unwrap_or_else(|_| {
                    Err(TransportError::new(
                        TransportErrorKind::Timeout,
                        format!(
                            "no connection to {}:{} within {limit:?}",
                            origin.host, origin.port
                        ),
                    ))
                }),
            None => self.open(origin).await,
        }
    }

    async fn open(&self, origin: &Origin) -> Result<Sender, TransportError> {
        let failed = |step: &str, e: &dyn std::error::Error| {
            TransportError::new(
                TransportErrorKind::Io,
                format!("{step} {}:{}: {}", origin.host, origin.port, error_chain(e)),
            )
        };
        let tcp = TcpStream::connect((origin.host.as_str(), origin.port))
            .await
            .map_err(|e| failed("connecting to", &e))?;
        // Requests are written whole; Nagle's algorithm would only delay them.
        tcp.set_nodelay(true)
            .map_err(|e| failed("configuring the socket to", &e))?;
        let stream: Box<dyn Stream> = if origin.tls {
            let tls = self.tls.as_ref().map_err(|e| not_sent(e.clone()))?;
            let name = rustls::pki_types::ServerName::try_from(origin.host.clone())
                .map_err(|e| not_sent(format!("{}: {e}", origin.host)))?;
            let tls = tls
                .connect(name, tcp)
                .await
                .map_err(|e| failed("TLS handshake with", &e))?;
            Box::new(tls)
        } else {
            Box::new(tcp)
        };
        let (sender, connection) = hyper::client::conn::http1::handshake(Io(stream))
            .await
            .map_err(|e| failed("HTTP handshake with", &e))?;
        // The connection's reads and writes run as their own task, as long as a sender
        // (in a call or in the pool) holds it.
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection closed");
            }
        });
        Ok(sender)
    }
}

/// The connection once it can take a request: a connection returns to the pool as its
/// response ends, and hyper may not have seen that end yet. `None` if it closed instead.
async fn ready(mut sender: Sender) -> Option<Sender> {
    sender.ready().await.ok().map(|()| sender)
}

/// Header names and values as the client keeps them.
fn header_pairs(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// A streamed request body's chunks as hyper's data frames.
struct PollChunkFrames(ByteStream);

impl futures_core::Stream for PollChunkFrames {
    type Item = Result<Frame<Bytes>, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(Frame::data)))
    }
}

/// The request as hyper sends it: origin-form target, a `Host` header, the body (whole, or
/// `request.body` and then the chunks of `stream`).
fn hyper_request(
    request: HttpRequest,
    uri: &http::Uri,
    stream: Option<ByteStream>,
) -> Result<http::Request<RequestBody>, TransportError> {
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut builder = http::Request::builder()
        .method(request.method.as_str())
        .uri(target);
    if request.header("host").is_none() {
        if let Some(authority) = uri.authority() {
            builder = builder.header(http::header::HOST, authority.as_str());
        }
    }
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let body = match stream {
        None => Either::Left(Full::new(Bytes::from(request.body))),
        Some(stream) => {
            let mut first = (!request.body.is_empty()).then(|| Ok(Bytes::from(request.body)));
            let mut stream = stream;
            let chunks = PollChunks(move |cx: &mut Context<'_>| match first.take() {
                Some(chunk) => Poll::Ready(Some(chunk)),
                None => stream.as_mut().poll_next(cx),
            });
            Either::Right(StreamBody::new(PollChunkFrames(Box::pin(chunks))))
        }
    };
    builder.body(body).map_err(|e| not_sent(e.to_string()))
}

/// rustls on ring, trusting the Mozilla roots compiled into `webpki-roots`.
fn tls_connector() -> Result<tokio_rustls::TlsConnector, String> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    // rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange, which
    // only aws-lc-rs offers; ring stays for its far smaller build (no C toolchain, see the
    // README's dependency table), so a newer rustls warns here without this.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

fn not_sent(message: String) -> TransportError {
    TransportError::new(TransportErrorKind::Other, message)
}

fn io_error(error: &hyper::Error) -> TransportError {
    TransportError::new(TransportErrorKind::Io, error_chain(error))
}

/// An error and its causes, so "connection refused" is not hidden behind "client error".
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A connection's byte stream: TCP, or TLS over TCP.
trait Stream: AsyncRead + AsyncWrite + Send + Unpin {}

impl<T: AsyncRead + AsyncWrite + Send + Unpin> Stream for T {}

/// Tokio's I/O traits in the shape hyper's own traits want.
struct Io(Box<dyn Stream>);

impl hyper::rt::Read for Io {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        // SAFETY: tokio's `ReadBuf` only writes into the uninitialised bytes it is given
        // and reports how many it filled; exactly those are then marked filled.
        let filled = unsafe {
            let mut tokio_buf = tokio::io::ReadBuf::uninit(buf.as_mut());
            match Pin::new(&mut *self.get_mut().0).poll_read(cx, &mut tokio_buf) {
                Poll::Ready(Ok(())) => tokio_buf.filled().len(),
                other => return other,
            }
        };
        // SAFETY: the first `filled` bytes were initialised by the read above.
        unsafe { buf.advance(filled) };
        Poll::Ready(Ok(()))
    }
}

impl hyper::rt::Write for Io {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.get_mut().0).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.get_mut().0).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.get_mut().0).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.get_mut().0).poll_shutdown(cx)
    }
}
