//! The HTTP layer: plain request and response values and the `Transport` trait the client
//! sends through; the default transport, on hyper with rustls, lives in `pool`.

use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// An HTTP request, signed and ready to send.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method, such as `POST`.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Header names (lower case) and values, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    /// Signatures and session tokens are credentials: they are not shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| match k.as_str() {
                "authorization" | "x-amz-security-token" => (k.as_str(), "*** redacted ***"),
                _ => (k.as_str(), v.as_str()),
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// An HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with the given status, headers and body.
    pub fn new(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), (*v).to_owned()))
                .collect(),
            body: body.into(),
        }
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request got no response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// Connecting, writing or reading failed.
    Io,
    /// No response within the configured time.
    Timeout,
    /// The request could not be sent at all (bad URL, TLS set-up).
    Other,
}

/// A request that got no HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// What happened.
    pub message: String,
}

impl TransportError {
    /// A failure of the given kind.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            TransportErrorKind::Io => "I/O error",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Other => "request not sent",
        };
        write!(f, "{kind}: {}", self.message)
    }
}

impl std::error::Error for TransportError {}

/// The future a transport returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// A body that arrives or leaves in chunks: each is sent or read as it comes, and the next
/// is not pulled before the last is taken, so memory stays flat in the body's size.
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, TransportError>> + Send>>;

/// A response whose body is still arriving.
pub struct StreamingResponse {
    /// Status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body, chunk by chunk.
    pub body: ByteStream,
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl StreamingResponse {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Reads the rest of the body into an [`HttpResponse`].
    pub async fn collect(self) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status: self.status,
            headers: self.headers,
            body: collect(self.body).await?,
        })
    }
}

/// The next chunk of a body, `None` at its end.
pub async fn next_chunk(body: &mut ByteStream) -> Option<Result<Bytes, TransportError>> {
    std::future::poll_fn(|cx: &mut Context<'_>| body.as_mut().poll_next(cx)).await
}

/// Every chunk of a body, joined.
pub async fn collect(mut body: ByteStream) -> Result<Vec<u8>, TransportError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = next_chunk(&mut body).await {
        bytes.extend_from_slice(&chunk?);
    }
    Ok(bytes)
}

/// A body of one chunk (none if it is empty).
pub fn one_chunk(body: Vec<u8>) -> ByteStream {
    let mut chunk = (!body.is_empty()).then(|| Ok(Bytes::from(body)));
    Box::pin(PollChunks(move |_: &mut Context<'_>| {
        Poll::Ready(chunk.take())
    }))
}

/// A stream of chunks from a polling function.
pub struct PollChunks<F>(pub F);

impl<F> Stream for PollChunks<F>
where
    F: FnMut(&mut Context<'_>) -> Poll<Option<Result<Bytes, TransportError>>> + Unpin,
{
    type Item = Result<Bytes, TransportError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        (self.get_mut().0)(cx)
    }
}

/// The future [`Transport::open`] returns.
pub type StreamingFuture<'a> =
    Pin<Box<dyn Future<Output = Result<StreamingResponse, TransportError>> + Send + 'a>>;

/// Sends HTTP requests. Implement it to route requests anywhere (a mock, a proxy, a
/// recorder); the default is [`HyperTransport`](crate::http::pool::HyperTransport).
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends one request and returns its response.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;

    /// Sends one request whose body (after `request.body`, if `body` is given) streams, and
    /// returns the response as soon as its head is in, its body still streaming: for
    /// event streams and streaming bodies. The default collects the body, calls
    /// [`send`](Self::send) and hands the response body back as one chunk, which suits
    /// transports that record or replay whole messages.
    fn open(&self, mut request: HttpRequest, body: Option<ByteStream>) -> StreamingFuture<'_> {
        Box::pin(async move {
            if let Some(body) = body {
                request.body.extend(collect(body).await?);
            }
            let response = self.send(request).await?;
            Ok(StreamingResponse {
                status: response.status,
                headers: response.headers,
                body: one_chunk(response.body),
            })
        })
    }

    /// Takes back the body of a response the client has finished reading, so its buffer
    /// can hold a later response; the default drops it.
    fn reuse(&self, body: Vec<u8>) {
        drop(body);
    }
}
