//! Errors of a call: validation, dispatch, the service's answer, or a response that cannot
//! be read; each says which operation failed and why.

use crate::http::transport::{HttpResponse, TransportError, TransportErrorKind};
use crate::validate::ValidationError;
use std::fmt;

/// What the service said about an error: code, message, request id, HTTP status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMeta {
    /// Error code, such as `EntityDoesNotExistException`.
    pub code: Option<String>,
    /// The service's message.
    pub message: Option<String>,
    /// Request id, for AWS support.
    pub request_id: Option<String>,
    /// HTTP status code.
    pub status: u16,
}

impl fmt::Display for ErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_deref().unwrap_or("unknown error"))?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

/// An error the model does not describe for this operation, kept whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unhandled {
    meta: ErrorMeta,
}

impl Unhandled {
    /// An unhandled error with this metadata.
    pub fn new(meta: ErrorMeta) -> Self {
        Unhandled { meta }
    }

    /// Code, message, request id and status.
    pub fn meta(&self) -> &ErrorMeta {
        &self.meta
    }

    /// The error code.
    pub fn code(&self) -> Option<&str> {
        self.meta.code.as_deref()
    }

    /// The service's message.
    pub fn message(&self) -> Option<&str> {
        self.meta.message.as_deref()
    }
}

impl fmt::Display for Unhandled {
    /// The code and message; status and request id are in [`meta`](Self::meta), and
    /// [`SdkError`] shows them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.meta.code.as_deref().unwrap_or("unknown error"))?;
        if let Some(message) = &self.meta.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unhandled {}

/// How an operation's error enum is made from an error response.
pub trait OperationError: Sized + fmt::Display + fmt::Debug {
    /// Whether an unreadable response may be quoted in the error; not when the output or
    /// an error of the operation can carry a sensitive value.
    const QUOTE_BODY: bool = true;

    /// The modeled error named by `meta.code`, read from `response`, or `Unhandled`.
    fn from_response(meta: &ErrorMeta, response: &HttpResponse) -> Self;
}

/// Reads the members a REST error binds to headers into an error read from the body.
pub type BindHeaders<T> = fn(&mut T, &HttpResponse) -> Result<(), String>;

/// A modeled error read from an error response's body (and, where a REST error binds
/// members to headers, completed by `bind`), or `None` when the response does not have its
/// shape. Generic over the error type alone, so each error type's reader is compiled once,
/// however many operations list it.
pub fn decode<T: serde::de::DeserializeOwned>(
    response: &HttpResponse,
    bind: Option<BindHeaders<T>>,
) -> Option<T> {
    let mut error = crate::wire::body::read_error(response).ok()?;
    match bind {
        Some(bind) => bind(&mut error, response).ok().map(|()| error),
        None => Some(error),
    }
}

/// Why a call failed.
#[derive(Debug)]
pub enum SdkErrorKind<E> {
    /// The input broke the model's constraints; nothing was sent.
    Validation(ValidationError),
    /// The request could not be built (a configuration or signing problem); nothing was sent.
    Construction(String),
    /// The request was sent but no response came back (I/O failure or timeout).
    Dispatch(TransportError),
    /// The service answered with an error.
    Service(E),
    /// A paginator stopped because the service sent a page token it had sent before.
    Pagination(String),
    /// The service answered, but the response cannot be read.
    Unparseable {
        /// HTTP status code.
        status: u16,
        /// What is wrong with it.
        reason: String,
        /// The start of the body, for diagnosis.
        body_start: String,
    },
}

/// A failed call: which operation, and why.
#[derive(Debug)]
pub struct SdkError<E> {
    operation: &'static str,
    kind: SdkErrorKind<E>,
    // Boxed to keep `Result<T, SdkError<E>>` small on the success path.
    meta: Option<Box<ErrorMeta>>,
}

impl<E> SdkError<E> {
    /// A failure of `operation` before or without a service answer.
    pub fn new(operation: &'static str, kind: SdkErrorKind<E>) -> Self {
        SdkError {
            operation,
            kind,
            meta: None,
        }
    }

    /// The service answered `operation` with `error`.
    pub fn service(operation: &'static str, error: E, meta: ErrorMeta) -> Self {
        SdkError {
            operation,
            kind: SdkErrorKind::Service(error),
            meta: Some(Box::new(meta)),
        }
    }

    /// Code, message, request id and status, when the service answered with an error.
    pub fn meta(&self) -> Option<&ErrorMeta> {
        self.meta.as_deref()
    }

    /// The operation that failed, such as `DescribeDirectories`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Why it failed.
    pub fn kind(&self) -> &SdkErrorKind<E> {
        &self.kind
    }

    /// The service's error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match &self.kind {
            SdkErrorKind::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self.kind {
            SdkErrorKind::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error converted into `T`, or `unhandled` of the failure's metadata with
    /// this error's full message (a failure that is not the service's).
    pub fn into_service_error_or<T>(self, unhandled: impl FnOnce(ErrorMeta) -> T) -> T
    where
        E: Into<T> + fmt::Display,
    {
        let text = self.to_string();
        let meta = self.meta.as_deref().cloned();
        match self.kind {
            SdkErrorKind::Service(e) => e.into(),
            _ => unhandled(ErrorMeta {
                message: Some(text),
                ..meta.unwrap_or_default()
            }),
        }
    }

    /// Whether the failure was a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(&self.kind, SdkErrorKind::Dispatch(e) if e.kind == TransportErrorKind::Timeout)
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: ", self.operation)?;
        match &self.kind {
            SdkErrorKind::Validation(e) => write!(f, "invalid input, not sent: {e}"),
            SdkErrorKind::Construction(e) => write!(f, "request not built: {e}"),
            SdkErrorKind::Dispatch(e) => write!(f, "no response: {e}"),
            SdkErrorKind::Pagination(e) => write!(f, "pagination stopped: {e}"),
            SdkErrorKind::Service(e) => {
                let text = e.to_string();
                write!(f, "service error: {text}")?;
                if let Some(meta) = &self.meta {
                    write!(f, " (HTTP {}", meta.status)?;
                    // An error shows its shape's name; the wire code too where it differs
                    // (awsQuery's `InvalidIdentityToken` for `InvalidIdentityTokenException`).
                    if let Some(code) = meta.code.as_deref().filter(|c| !text.starts_with(c)) {
                        write!(f, ", code {code}")?;
                    }
                    if let Some(id) = &meta.request_id {
                        write!(f, ", request id {id}")?;
                    }
                    f.write_str(")")?;
                }
                Ok(())
            }
            SdkErrorKind::Unparseable {
                status,
                reason,
                body_start,
            } => {
                write!(f, "unreadable response (HTTP {status}): {reason}")?;
                if !body_start.is_empty() {
                    write!(f, "; body starts {body_start:?}")?;
                }
                Ok(())
            }
        }
    }
}

impl<E: fmt::Display + fmt::Debug + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            SdkErrorKind::Validation(e) => Some(e),
            SdkErrorKind::Dispatch(e) => Some(e),
            _ => None,
        }
    }
}
