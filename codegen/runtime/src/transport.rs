//! The HTTP layer: plain request and response values, the `Transport` trait the client sends
//! through, and the default transport on hyper with rustls.

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
/// recorder); the default is [`HyperTransport`].
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends one request and returns its response.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}

type HyperClient = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    http_body_util::Full<bytes::Bytes>,
>;

/// The default transport: HTTP/1.1 over hyper, TLS by rustls with the Mozilla roots.
#[derive(Clone)]
pub struct HyperTransport {
    client: HyperClient,
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

    /// A transport whose connection attempts give up after `timeout`.
    pub fn with_connect_timeout(timeout: Option<std::time::Duration>) -> Self {
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(timeout);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build(https);
        HyperTransport { client }
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl Transport for HyperTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            use http_body_util::BodyExt as _;
            let other = |e: &dyn fmt::Display| {
                TransportError::new(TransportErrorKind::Other, e.to_string())
            };
            let mut builder = http::Request::builder()
                .method(request.method.as_str())
                .uri(request.url.as_str());
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            let http_request = builder
                .body(http_body_util::Full::new(bytes::Bytes::from(request.body)))
                .map_err(|e| other(&e))?;
            let response = self
                .client
                .request(http_request)
                .await
                .map_err(|e| TransportError::new(TransportErrorKind::Io, error_chain(&e)))?;
            let (parts, mut body) = response.into_parts();
            // The body is read straight into one buffer, sized by `Content-Length` (within
            // reason: the header is the server's word, not a promise).
            let expected = parts
                .headers
                .get(http::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
                .unwrap_or(0);
            let mut data = Vec::with_capacity(expected.min(MAX_PREALLOCATION));
            while let Some(frame) = body.frame().await {
                let frame = frame
                    .map_err(|e| TransportError::new(TransportErrorKind::Io, error_chain(&e)))?;
                if let Some(chunk) = frame.data_ref() {
                    data.extend_from_slice(chunk);
                }
            }
            let headers = parts
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            Ok(HttpResponse {
                status: parts.status.as_u16(),
                headers,
                body: data,
            })
        })
    }
}

/// The most a response's `Content-Length` reserves up front.
const MAX_PREALLOCATION: usize = 64 << 20;

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
