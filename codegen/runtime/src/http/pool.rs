//! The default transport: hyper's connections over TCP or rustls, kept per origin.
//!
//! hyper's `conn` API drives one connection; `connection` opens them (DNS, TCP, TLS on ring
//! with the Mozilla roots), and this module keeps idle ones for reuse and hands each request
//! to one. It replaces hyper-util's legacy client and hyper-rustls, which cost a build six
//! crates (hyper-util, hyper-rustls, tower-service and three futures crates) for the same
//! work.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future as _;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http_body_util::BodyExt as _;
use hyper::body::{Body as _, Incoming};
use tokio::sync::oneshot;

use crate::http::connection::{hyper_request, io_error, not_sent, Connector, Origin, Sender};
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

/// The default transport: HTTP/1.1 over hyper (and HTTP/2 where the server takes it, with
/// the `http2` feature), TLS by rustls with the Mozilla roots, and a pool of connections
/// per scheme, host and port.
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
        Self::with_connector(
            timeout,
            Connector::new(&[])
                .unwrap_or_else(|e| unreachable!("no extra roots, nothing to fail on: {e}")),
        )
    }

    /// A transport that also trusts `extra_roots` (each a DER certificate, or PEM holding
    /// one or more) besides the Mozilla roots: for a private certificate authority, a proxy
    /// that inspects TLS, or a local TLS server. Fails on a certificate it cannot read.
    pub fn with_settings(
        connect_timeout: Option<Duration>,
        extra_roots: &[Vec<u8>],
    ) -> Result<Self, TransportError> {
        Ok(Self::with_connector(
            connect_timeout,
            Connector::new(extra_roots)?,
        ))
    }

    fn with_connector(connect_timeout: Option<Duration>, connector: Connector) -> Self {
        HyperTransport {
            pool: Arc::new(Pool {
                connector,
                connect_timeout,
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

/// A connection waiting for its next request.
struct Idle {
    sender: Sender,
    since: Instant,
}

/// An origin's connections that no call holds, and the calls waiting for one.
#[derive(Default)]
struct Slots {
    /// An HTTP/2 connection, which every call to the origin shares.
    shared: Option<Sender>,
    /// HTTP/1.1 connections, from the least to the most recently used.
    idle: Vec<Idle>,
    /// Calls that are opening a connection and take a returned one if it comes first,
    /// oldest first.
    waiters: VecDeque<oneshot::Sender<Sender>>,
}

struct Pool {
    connector: Connector,
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
            match sender.try_send(outgoing).await {
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
                if let Some(sender) = sender.ready().await {
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
                    let sender = opened.map_err(|e| not_sent(format!("connecting: {e}")))??;
                    // An HTTP/2 connection serves the calls that come while this one runs.
                    if let Some(shared) = sender.shared() {
                        self.checkin(origin.clone(), shared);
                    }
                    return Ok((sender, false));
                }
                Err(handed_over) => {
                    // The connection being opened joins the pool when it is ready.
                    let (pool, target) = (self.clone(), origin.clone());
                    tokio::spawn(async move {
                        if let Ok(Ok(sender)) = opening.await {
                            pool.checkin(target, sender);
                        }
                    });
                    if let Some(sender) = handed_over.ready().await {
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

    /// The origin's HTTP/2 connection if it has one open, else its most recently used idle
    /// connection if that is fresh.
    fn checkout(&self, origin: &Origin) -> Option<Sender> {
        self.slots(origin.clone(), |slots| {
            match slots.shared.as_ref() {
                Some(shared) if !shared.is_closed() => return shared.shared(),
                Some(_) => slots.shared = None,
                None => {}
            }
            let entry = slots.idle.pop()?;
            if entry.since.elapsed() >= IDLE_TIMEOUT {
                // The rest are older still.
                slots.idle.clear();
                return None;
            }
            Some(entry.sender)
        })
    }

    /// Hands a connection whose response has ended to the oldest waiting call, or keeps it;
    /// an HTTP/2 connection goes to every waiting call, and is kept unless one is already.
    fn checkin(&self, origin: Origin, mut sender: Sender) {
        if sender.is_closed() {
            return;
        }
        self.slots(origin, |slots| {
            if sender.shared().is_some() {
                for waiter in slots.waiters.drain(..) {
                    if let Some(handle) = sender.shared() {
                        // A waiter that went on with a connection of its own needs none.
                        let _ = waiter.send(handle);
                    }
                }
                if slots.shared.as_ref().is_none_or(Sender::is_closed) {
                    slots.shared = Some(sender);
                }
                return;
            }
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
            Some(limit) => tokio::time::timeout(limit, self.connector.open(origin))
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
            None => self.connector.open(origin).await,
        }
    }
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
