//! One connection of the default transport: TCP, TLS by rustls, and hyper's HTTP/1.1 (or,
//! with the `http2` feature and a server that takes it, HTTP/2) over it.
//!
//! HTTP/2 is offered by ALPN on TLS connections only: AWS endpoints that stream events both
//! ways (Bedrock's bidirectional streams, Lex's conversations) require it, and all of them
//! are https. Plain-http endpoints (local servers) are spoken to in HTTP/1.1.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::{Either, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::client::conn::{http1, TrySendError};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::CertificateDer;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use crate::http::transport::{
    ByteStream, HttpRequest, PollChunks, TransportError, TransportErrorKind,
};

/// A request body: whole, or streamed chunk by chunk.
pub(super) type RequestBody = Either<Full<Bytes>, StreamBody<PollChunkFrames>>;

/// A request as hyper takes it.
pub(super) type Request = http::Request<RequestBody>;

/// Where a connection goes: requests to the same origin may share one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Origin {
    pub(super) tls: bool,
    /// The host as it is resolved: an IPv6 literal without its brackets.
    pub(super) host: String,
    pub(super) port: u16,
}

impl Origin {
    pub(super) fn of(uri: &http::Uri) -> Result<Self, TransportError> {
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

/// A connection's sending half.
pub(super) enum Sender {
    /// HTTP/1.1: one request at a time, so the connection is a call's until its response
    /// has been read.
    Http1(http1::SendRequest<RequestBody>),
    /// HTTP/2: calls share the connection, each request a stream of its own.
    #[cfg(feature = "http2")]
    Http2(hyper::client::conn::http2::SendRequest<RequestBody>),
}

impl Sender {
    /// Another handle on the same connection, if calls share it (HTTP/2).
    pub(super) fn shared(&self) -> Option<Sender> {
        match self {
            Sender::Http1(_) => None,
            #[cfg(feature = "http2")]
            Sender::Http2(sender) => Some(Sender::Http2(sender.clone())),
        }
    }

    pub(super) fn is_closed(&self) -> bool {
        match self {
            Sender::Http1(sender) => sender.is_closed(),
            #[cfg(feature = "http2")]
            Sender::Http2(sender) => sender.is_closed(),
        }
    }

    /// The connection once it can take a request: an HTTP/1.1 connection returns to the pool
    /// as its response ends, and hyper may not have seen that end yet. `None` if it closed
    /// instead.
    pub(super) async fn ready(mut self) -> Option<Self> {
        let ready = match &mut self {
            Sender::Http1(sender) => sender.ready().await,
            #[cfg(feature = "http2")]
            Sender::Http2(sender) => sender.ready().await,
        };
        ready.ok().map(|()| self)
    }

    /// Sends a request; the error hands it back if it was not sent at all.
    pub(super) async fn try_send(
        &mut self,
        mut request: Request,
    ) -> Result<http::Response<Incoming>, TrySendError<Request>> {
        match self {
            Sender::Http1(sender) => {
                to_origin_form(&mut request);
                sender.try_send_request(request).await
            }
            #[cfg(feature = "http2")]
            Sender::Http2(sender) => {
                to_absolute_form(&mut request);
                sender.try_send_request(request).await
            }
        }
    }
}

/// How connections are opened: TLS set-up and the connect timeout are the pool's.
pub(super) struct Connector {
    /// `Err` holds why TLS could not be set up; only https requests report it.
    tls: Result<tokio_rustls::TlsConnector, String>,
}

impl Connector {
    /// TLS trusting the Mozilla roots and `extra_roots` (each DER, or PEM holding one or more
    /// certificates).
    pub(super) fn new(extra_roots: &[Vec<u8>]) -> Result<Self, TransportError> {
        let mut roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        for bytes in extra_roots {
            for certificate in certificates(bytes)? {
                roots
                    .add(certificate)
                    .map_err(|e| not_sent(format!("a root certificate cannot be used: {e}")))?;
            }
        }
        Ok(Connector {
            tls: tls_connector(roots),
        })
    }

    /// A new connection to `origin`, handshake done.
    pub(super) async fn open(&self, origin: &Origin) -> Result<Sender, TransportError> {
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
        let (stream, http2): (Box<dyn Stream>, bool) = if origin.tls {
            let tls = self.tls.as_ref().map_err(|e| not_sent(e.clone()))?;
            let name = rustls::pki_types::ServerName::try_from(origin.host.clone())
                .map_err(|e| not_sent(format!("{}: {e}", origin.host)))?;
            let tls = tls
                .connect(name, tcp)
                .await
                .map_err(|e| failed("TLS handshake with", &e))?;
            let http2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
            (Box::new(tls), http2)
        } else {
            (Box::new(tcp), false)
        };
        // The connection's reads and writes run as their own task, as long as a sender
        // (in a call or in the pool) holds it.
        #[cfg(feature = "http2")]
        if http2 {
            let (sender, connection) =
                hyper::client::conn::http2::handshake(TokioExecutor, Io(stream))
                    .await
                    .map_err(|e| failed("HTTP/2 handshake with", &e))?;
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::debug!(error = %e, "HTTP/2 connection closed");
                }
            });
            return Ok(Sender::Http2(sender));
        }
        debug_assert!(!http2, "HTTP/2 is offered only with the `http2` feature");
        let (sender, connection) = http1::handshake(Io(stream))
            .await
            .map_err(|e| failed("HTTP handshake with", &e))?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection closed");
            }
        });
        Ok(Sender::Http1(sender))
    }
}

/// The certificates in `bytes`: PEM (one or more) or one DER certificate.
fn certificates(bytes: &[u8]) -> Result<Vec<CertificateDer<'static>>, TransportError> {
    if !bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
        return Ok(vec![CertificateDer::from(bytes.to_vec())]);
    }
    let certificates = CertificateDer::pem_slice_iter(bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| not_sent(format!("a root certificate's PEM cannot be read: {e}")))?;
    if certificates.is_empty() {
        return Err(not_sent(
            "the root certificates' PEM holds no certificate".into(),
        ));
    }
    Ok(certificates)
}

/// rustls on ring, trusting `roots`, offering HTTP/2 by ALPN when the feature is on.
fn tls_connector(roots: rustls::RootCertStore) -> Result<tokio_rustls::TlsConnector, String> {
    // rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange, which
    // only aws-lc-rs offers; ring stays for its far smaller build (no C toolchain, see the
    // README's dependency table), so a newer rustls warns here without this.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    #[allow(unused_mut)] // written with the `http2` feature
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    #[cfg(feature = "http2")]
    {
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    }
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

/// The request as hyper sends it on HTTP/1.1: origin-form target and a `Host` header; the
/// body whole, or `request.body` and then the chunks of `stream`.
pub(super) fn hyper_request(
    request: HttpRequest,
    uri: &http::Uri,
    stream: Option<ByteStream>,
) -> Result<Request, TransportError> {
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

/// An HTTP/1.1 request again, if an HTTP/2 connection gave it back unsent.
fn to_origin_form(request: &mut Request) {
    let uri = request.uri().clone();
    let Some(authority) = uri.authority() else {
        return;
    };
    if let Ok(host) = http::HeaderValue::from_str(authority.as_str()) {
        request.headers_mut().insert(http::header::HOST, host);
    }
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    if let Ok(target) = target.parse() {
        *request.uri_mut() = target;
    }
}

/// The request on HTTP/2, which names the host in `:authority` (from the `Host` header that
/// was signed) and the scheme in `:scheme` (https: HTTP/2 is offered on TLS only).
#[cfg(feature = "http2")]
fn to_absolute_form(request: &mut Request) {
    let Some(host) = request.headers_mut().remove(http::header::HOST) else {
        return;
    };
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let absolute = host
        .to_str()
        .ok()
        .and_then(|host| format!("https://{host}{target}").parse().ok());
    if let Some(absolute) = absolute {
        *request.uri_mut() = absolute;
    }
    *request.version_mut() = http::Version::HTTP_2;
}

/// Runs HTTP/2's connection tasks on tokio.
#[cfg(feature = "http2")]
#[derive(Clone, Copy)]
struct TokioExecutor;

#[cfg(feature = "http2")]
impl<F> hyper::rt::Executor<F> for TokioExecutor
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn execute(&self, future: F) {
        tokio::spawn(future);
    }
}

/// A streamed request body's chunks as hyper's data frames.
pub(super) struct PollChunkFrames(ByteStream);

impl futures_core::Stream for PollChunkFrames {
    type Item = Result<Frame<Bytes>, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(Frame::data)))
    }
}

pub(super) fn not_sent(message: String) -> TransportError {
    TransportError::new(TransportErrorKind::Other, message)
}

pub(super) fn io_error(error: &hyper::Error) -> TransportError {
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
