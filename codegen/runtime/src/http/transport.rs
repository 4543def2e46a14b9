//! The HTTP layer: plain request and response values and the `Transport` trait the client
//! sends through; the default transport, on hyper with rustls, lives in `pool`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

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

/// Sends HTTP requests. Implement it to route requests anywhere (a mock, a proxy, a
/// recorder); the default is [`HyperTransport`](crate::http::pool::HyperTransport).
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends one request and returns its response.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;

    /// Takes back the body of a response the client has finished reading, so its buffer
    /// can hold a later response; the default drops it.
    fn reuse(&self, body: Vec<u8>) {
        drop(body);
    }
}
