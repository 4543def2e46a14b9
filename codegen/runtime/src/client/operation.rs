//! What generated code implements per operation: [`Operation`] (an input that knows its
//! operation, its output, its errors and its wire traits), and the empty input or output.

use crate::client::endpoint::{Endpoint, EndpointValue};
use crate::error::{OperationError, SdkError, SdkErrorKind};
use crate::http::transport::HttpResponse;
use crate::validate::{Policy, Validate};
use crate::value::build_error::BuildError;
use crate::value::streaming_body::StreamingBody;
use crate::wire::rest;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

/// One way an operation's requests may be authenticated. An operation lists the schemes it
/// takes in order of preference; a call uses the first the client has an identity for
/// ([`crate::client::auth::choose`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// Signed with SigV4 with the credentials provider's credentials.
    SigV4,
    /// `Authorization: Bearer <token>` with the configured bearer token.
    HttpBearer,
    /// The configured API key in a header or the query string.
    HttpApiKey {
        /// The header or query parameter name.
        name: &'static str,
        /// Whether the key goes in the query string rather than a header.
        in_query: bool,
        /// A scheme written before the key in the header (`ApiKey <key>`).
        scheme: Option<&'static str>,
    },
    /// `Authorization: Basic ...` with the configured user and password.
    HttpBasic,
    /// Sent unsigned, without asking for any identity (STS's
    /// `AssumeRoleWithWebIdentity`, SSO's `GetRoleCredentials`); last in the list of an
    /// operation whose auth is optional.
    Anonymous,
}

/// An operation's input: knows the operation's name, output and errors, so a client can
/// send any prebuilt input, and the generic builders below can send a built one.
pub trait Operation: Serialize + Validate + Clone + Send + Sync + 'static {
    /// The operation's output.
    type Output: DeserializeOwned + Send + Unpin + 'static;
    /// The operation's error enum.
    type Error: OperationError + Send + Unpin + 'static;
    /// The operation's name, such as `DescribeDirectories`.
    const NAME: &'static str;
    /// Whether the model gives the operation no input (rpcv2Cbor then sends no body).
    #[doc(hidden)]
    const NO_INPUT: bool = false;
    /// How the operation's requests may be authenticated, in order of preference, as the
    /// model says.
    #[doc(hidden)]
    const AUTH: &'static [AuthScheme] = &[AuthScheme::SigV4];

    /// What the operation's model adds to this input's request (host prefix, compression).
    #[doc(hidden)]
    fn request_traits(&self) -> RequestTraits {
        RequestTraits::default()
    }

    /// The REST protocols' request: method, URI, members bound to labels, the query string
    /// and headers, and the body. Generated for the operations of REST services only.
    #[doc(hidden)]
    fn http_request(&self) -> Result<rest::Request, String> {
        Err(format!(
            "`{}` has no HTTP bindings: the service does not speak a REST protocol",
            Self::NAME
        ))
    }

    /// What streams through the operation's request body and its response body.
    #[doc(hidden)]
    const STREAMS: (Streams, Streams) = (Streams::None, Streams::None);

    /// Sends this input on the call path of an operation that streams nothing; the impl of
    /// one that streams replaces it with `streaming_call!()`, so a program compiles the
    /// streaming path only for the operations that stream.
    #[doc(hidden)]
    fn invoke<'a, C: CallPaths>(
        &'a self,
        paths: &'a C,
        policy: Option<Policy>,
    ) -> impl Future<Output = Result<Self::Output, SdkError<Self::Error>>> + Send + 'a {
        paths.plain(self, policy)
    }

    /// Whether the request's body is sent unsigned (`UNSIGNED-PAYLOAD`), as the model says.
    #[doc(hidden)]
    const UNSIGNED_PAYLOAD: bool = false;

    /// Whether a `200 OK` may carry an error instead of the output (S3's `CopyObject`,
    /// `UploadPartCopy` and `CompleteMultipartUpload` answer before they finish): such a
    /// response is read, and retried, as the `500` it stands for.
    #[doc(hidden)]
    const ERROR_IN_OK: bool = false;

    /// The input's streaming body.
    #[doc(hidden)]
    fn input_body(&self) -> Option<StreamingBody> {
        None
    }

    /// Sets the output's streaming body.
    #[doc(hidden)]
    fn attach_body(output: &mut Self::Output, body: StreamingBody) {
        let _ = (output, body);
    }

    /// The messages of the input's event stream.
    #[cfg(feature = "eventstream")]
    #[doc(hidden)]
    fn input_events(&self) -> crate::client::events::OutgoingEvents {
        crate::client::events::outgoing::<crate::wire::eventstream::events::NoEvents>(None)
    }

    /// Sets the output's event stream to the events of `messages`.
    #[cfg(feature = "eventstream")]
    #[doc(hidden)]
    fn attach_events(output: &mut Self::Output, messages: crate::client::events::IncomingEvents) {
        let _ = (output, messages);
    }

    /// Reads the output from a successful response: its JSON (or restXml's XML) body, unless a REST
    /// operation binds members to headers, the status code or the whole body.
    #[doc(hidden)]
    fn read_output(response: &HttpResponse) -> Result<Self::Output, String> {
        crate::wire::body::read_body(response)
    }
}

/// What streams through a request or response body, rather than being read or written whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Streams {
    /// Nothing: the body is read or written whole.
    None,
    /// Event stream messages.
    Events,
    /// A streaming blob's bytes.
    Bytes,
}

/// A request body sent as a stream: what its signature says of it, and its length if known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamedBody {
    /// The `x-amz-content-sha256` the request is signed with: the body's SHA-256,
    /// `UNSIGNED-PAYLOAD`, or the event stream's `STREAMING-AWS4-HMAC-SHA256-EVENTS`.
    pub payload_hash: String,
    /// The `Content-Length`; without it the body is sent in chunks.
    pub length: Option<u64>,
}

/// What an operation's model adds to its requests.
#[derive(Clone, Debug, Default)]
pub struct RequestTraits {
    /// Prepended to the endpoint's host (the endpoint trait), labels already filled in.
    pub host_prefix: Option<String>,
    /// The `Content-Encoding` and the compressor for bodies of at least
    /// [`MIN_COMPRESSION_SIZE`](crate::client::invoke::MIN_COMPRESSION_SIZE) bytes (the
    /// compressor is a runtime module of its own, built only into crates with an operation
    /// that compresses).
    pub compression: Option<(&'static str, Compressor)>,
    /// The checksum headers the model or a customization requires (a runtime module of its
    /// own, built only into crates with an operation that requires one).
    pub checksum: Option<Checksum>,
    /// An endpoint the input names, which replaces the resolved one (Machine Learning's
    /// `Predict` goes to the endpoint of the model it asks).
    pub endpoint: Option<String>,
    /// The operation's endpoint parameters: its static context parameters and the context
    /// parameters its input sets (S3's `Bucket`), by the rule set's names. With any, the
    /// call resolves its own endpoint instead of taking the client's.
    pub endpoint_params: Vec<(&'static str, EndpointValue)>,
    /// The endpoint resolved for this call from `endpoint_params`, set by the call path.
    pub resolved_endpoint: Option<Endpoint>,
    /// The operation's flexible checksums (`httpChecksum`): what its input asks for.
    #[cfg(feature = "checksum")]
    pub flexible_checksum: Option<crate::http::flexible_checksum::FlexibleChecksum>,
    /// A body that streams after the request's head (an input's event stream or streaming
    /// blob), set by the call path: how it is signed and how long it is.
    pub streamed_body: Option<StreamedBody>,
}

/// An operation's endpoint parameters, those with a value (an unset input member sets none).
pub fn endpoint_params<const N: usize>(
    params: [(&'static str, Option<EndpointValue>); N],
) -> Vec<(&'static str, EndpointValue)> {
    params
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect()
}

/// Adds a request body's checksum headers to `headers`, leaving those already there.
pub type Checksum = fn(&[u8], &mut Vec<(String, String)>);

/// Compresses a request body.
pub type Compressor = fn(&[u8]) -> Result<Vec<u8>, String>;

/// A builder's failure as the error of a call: nothing was sent.
pub fn construction<O: Operation>(error: BuildError) -> SdkError<O::Error> {
    SdkError::new(O::NAME, SdkErrorKind::Construction(error.to_string()))
}

/// The output of an operation the model gives no output: nothing (any fields the service
/// sends are ignored).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Empty {}

impl serde::Serialize for Empty {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::ser::SerializeMap::end(serializer.serialize_map(Some(0))?)
    }
}

impl<'de> serde::Deserialize<'de> for Empty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Empty {})
    }
}

/// An empty input has nothing to check.
impl Validate for Empty {
    const ROOT: &'static str = "Empty";

    fn validate_members(&self, _validator: &mut crate::validate::Validator) {}
}

/// The two call paths a client offers an operation (see [`Operation::invoke`]).
#[doc(hidden)]
pub trait CallPaths: Sync {
    /// Validates, sends and reads a call whose bodies are read and written whole.
    fn plain<'a, O: Operation>(
        &'a self,
        input: &'a O,
        policy: Option<Policy>,
    ) -> impl Future<Output = Result<O::Output, SdkError<O::Error>>> + Send + 'a;

    /// The same for a call that streams its request or response body, or events.
    fn streaming<'a, O: Operation>(
        &'a self,
        input: &'a O,
        policy: Option<Policy>,
    ) -> impl Future<Output = Result<O::Output, SdkError<O::Error>>> + Send + 'a;
}
