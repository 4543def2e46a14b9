//! An operation of `service-2.json` (and of a Smithy model, converted): its HTTP binding,
//! references, endpoint, compression, checksums, auth and endpoint parameters.

use super::ShapeRef;
use indexmap::IndexMap;
use serde::Deserialize;

/// One operation of `service-2.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Operation name, such as `DescribeDirectories`.
    pub name: String,
    /// HTTP binding.
    #[serde(default)]
    pub http: Option<Http>,
    /// Input structure.
    #[serde(default)]
    pub input: Option<ShapeRef>,
    /// Output structure.
    #[serde(default)]
    pub output: Option<ShapeRef>,
    /// Modeled errors.
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    /// Documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
    /// Whether the operation is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// The endpoint trait: a prefix for the endpoint's host.
    #[serde(default)]
    pub endpoint: Option<OperationEndpoint>,
    /// Encodings the client may compress the request body with.
    #[serde(default, rename = "requestcompression")]
    pub request_compression: Option<RequestCompression>,
    /// Whether requests must carry a checksum of the body (`Content-MD5`).
    #[serde(default)]
    pub http_checksum_required: bool,
    /// How requests are signed: `v4-unsigned-body` signs all but the body (botocore's
    /// `authtype`; Smithy's `aws.auth#unsignedPayload`).
    #[serde(default, rename = "authtype")]
    pub auth_type: Option<String>,
    /// The flexible checksums of the operation's bodies (botocore's `httpChecksum`;
    /// Smithy's `aws.protocols#httpChecksum`).
    #[serde(default)]
    pub http_checksum: Option<HttpChecksum>,
    /// Whether the response's root element is the output's one member, not the output
    /// around its members (Smithy's `aws.customizations#s3UnwrappedXmlOutput`; S3's
    /// `GetBucketLocation`).
    #[serde(default)]
    pub s3_unwrapped_xml_output: bool,
    /// Endpoint rule set parameters the operation always sets (`staticContextParams`, such
    /// as S3's `UseS3ExpressControlEndpoint`), by name.
    #[serde(default)]
    pub static_context_params: IndexMap<String, StaticContextParam>,
    /// The auth schemes a client may use, in order of preference, such as
    /// `["aws.auth#sigv4", "smithy.api#noAuth"]`; `None` when the model leaves it to the
    /// service's (botocore's `auth`; Smithy's `auth` and `optionalAuth` traits).
    #[serde(default)]
    pub auth: Option<Vec<String>>,
}

/// An operation's `httpChecksum`: which input member names the request's checksum
/// algorithm, whether a checksum is required, which member asks for the response's to be
/// checked, and the algorithms a response may carry.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpChecksum {
    /// The input member naming the request checksum's algorithm.
    #[serde(default)]
    pub request_algorithm_member: Option<String>,
    /// Whether every request carries a checksum.
    #[serde(default)]
    pub request_checksum_required: bool,
    /// The input member that asks for the response's checksum to be checked.
    #[serde(default)]
    pub request_validation_mode_member: Option<String>,
    /// The algorithms a response's checksum may be in.
    #[serde(default)]
    pub response_algorithms: Vec<String>,
}

/// A member's `contextParam`: the endpoint parameter it binds.
#[derive(Clone, Debug, Deserialize)]
pub struct ContextParam {
    /// The rule set's parameter name.
    pub name: String,
}

/// One of an operation's `staticContextParams`.
#[derive(Clone, Debug, Deserialize)]
pub struct StaticContextParam {
    /// The value: a boolean or a string (or a list of strings).
    pub value: serde_json::Value,
}

/// The `endpoint` object of an operation.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationEndpoint {
    /// Prepended to the host, such as `data-{Bucket}.`; `{Name}` is an input member with
    /// `hostLabel`.
    pub host_prefix: String,
}

/// The `requestcompression` object of an operation.
#[derive(Clone, Debug, Deserialize)]
pub struct RequestCompression {
    /// Supported encodings, such as `gzip`.
    #[serde(default)]
    pub encodings: Vec<String>,
}

/// The `http` object of an operation.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    /// HTTP method.
    #[serde(default)]
    pub method: Option<String>,
    /// Request URI template.
    #[serde(default)]
    pub request_uri: Option<String>,
    /// Status code of a successful response.
    #[serde(default)]
    pub response_code: Option<u16>,
}
