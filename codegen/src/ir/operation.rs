//! An operation in the IR: its input, output and errors, HTTP binding, auth schemes,
//! endpoint parameters, checksums and streams.

use super::{HttpBinding, StructureId};

/// An operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Operation name, such as `DescribeDirectories`.
    pub wire_name: String,
    /// Rust method name, such as `describe_directories`.
    pub fn_name: String,
    /// Rust name of its error enum, such as `DescribeDirectoriesError`.
    pub error_name: String,
    /// Rust name of its fluent builder, such as `DescribeDirectoriesFluentBuilder`.
    pub fluent_name: String,
    /// Markdown docs.
    pub docs: String,
    /// The input structure (made up when the model gives the operation none:
    /// `input_synthetic`).
    pub input: StructureId,
    /// The output structure.
    pub output: Option<StructureId>,
    /// The modeled errors, each once, in model order.
    pub errors: Vec<ErrorVariant>,
    /// Whether the model gives the operation no input (its input structure is made up).
    pub input_synthetic: bool,
    /// Whether another operation takes the same input structure (`Client::send` finds the
    /// operation from the input type, so such an input cannot stand for one).
    pub input_shared: bool,
    /// For an operation whose input is shared, the type in the `operation` module that
    /// wraps the input and stands for this operation (see [`symbols::shared_input_name`]).
    pub shared_input_name: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// The host prefix, such as `data-{Bucket}.`, whose labels name input members.
    pub host_prefix: Option<HostPrefix>,
    /// Whether the client compresses large request bodies with gzip.
    pub gzip_request: bool,
    /// The checksum headers requests carry, computed from the body.
    pub checksum: Option<BodyChecksum>,
    /// The input member whose value (a URL) is the endpoint the request goes to, instead of
    /// the resolved one (Machine Learning's `Predict`, a customization of the SDKs).
    pub endpoint_member: Option<usize>,
    /// Whether the output or an error can carry a sensitive value, so that an unreadable
    /// response is never quoted.
    pub sensitive_response: bool,
    /// The operation's HTTP method, URI and success status.
    pub http: HttpBinding,
    /// The input member (index into the input's `members`) that is an event stream, sent
    /// as the request body.
    pub input_events: Option<usize>,
    /// The output member (index into the output's `members`) that is an event stream,
    /// read from the response body.
    pub output_events: Option<usize>,
    /// The input member that is a streaming blob, sent as the request body.
    pub input_body: Option<usize>,
    /// The output member that is a streaming blob, read from the response body.
    pub output_body: Option<usize>,
    /// Whether the request's body is not signed (`UNSIGNED-PAYLOAD`): the model says so.
    pub unsigned_payload: bool,
    /// Whether requests are signed, may go unsigned, or never are.
    pub auth: Vec<AuthScheme>,
    /// The endpoint rule set's parameters the operation sets: its static context
    /// parameters and its input's members bound to one (`contextParam`), those the rule set
    /// declares. With any, each call resolves its own endpoint.
    pub endpoint_params: Vec<EndpointParam>,
    /// Whether the response's root element is the output's one body member rather than
    /// the output's own element (S3's `GetBucketLocation`).
    pub unwrapped_xml_output: bool,
    /// Whether a `200 OK` may carry an error document instead of the output (S3's copies
    /// and `CompleteMultipartUpload`, a customization of the SDKs).
    pub error_in_ok: bool,
    /// The flexible checksums of the operation's bodies (`httpChecksum`).
    pub flexible_checksum: Option<FlexibleChecksum>,
}

/// An operation's flexible checksums: a request checksum in the algorithm its input names
/// (or the default), and the response's checked when asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlexibleChecksum {
    /// The input member naming the request checksum's algorithm, and the header it is
    /// bound to.
    pub algorithm_member: Option<(usize, Option<String>)>,
    /// Whether every request carries a checksum.
    pub required: bool,
    /// The input member asking for the response's checksum to be checked, and the header
    /// it is bound to.
    pub validation_member: Option<(usize, Option<String>)>,
    /// The algorithms a response's checksum may be in, as the model names them.
    pub response_algorithms: Vec<String>,
}

/// An endpoint rule set parameter an operation sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointParam {
    /// The rule set's name for the parameter, such as `Bucket`.
    pub name: String,
    /// Where its value comes from.
    pub value: EndpointParamValue,
}

/// Where an operation's endpoint parameter gets its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointParamValue {
    /// Always this boolean (`staticContextParams`).
    Bool(bool),
    /// Always this string (`staticContextParams`).
    String(String),
    /// The input member at this index (a string, an enum, a boolean or a list of strings),
    /// when it is set.
    Member(usize),
}

/// One way an operation's requests may be authenticated; an operation lists those it
/// takes in order of preference, and the client uses the first it has an identity for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// Signed with SigV4 (`aws.auth#sigv4`), with the configured credentials.
    SigV4,
    /// `Authorization: Bearer <token>` (`smithy.api#httpBearerAuth`).
    HttpBearer,
    /// An API key in a header or query parameter (`smithy.api#httpApiKeyAuth`).
    HttpApiKey {
        /// The header or query parameter name.
        name: String,
        /// Whether the key goes in the query string rather than a header.
        in_query: bool,
        /// A scheme written before the key in the header (`ApiKey`).
        scheme: Option<String>,
    },
    /// `Authorization: Basic <base64 of user:password>` (`smithy.api#httpBasicAuth`).
    HttpBasic,
    /// Sent unsigned (`smithy.api#noAuth`, `authtype: none`, `@auth([])`; last in the list
    /// under `optionalAuth`).
    Anonymous,
}

/// The checksum headers of a request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyChecksum {
    /// `Content-MD5` (the model's `httpChecksumRequired`).
    ContentMd5,
    /// Glacier's `x-amz-content-sha256` and `x-amz-sha256-tree-hash`, where the input did
    /// not set them (a customization of the SDKs).
    GlacierTreeHash,
}

/// A modeled error of an operation: a variant of its error enum.
#[derive(Clone, Debug)]
pub struct ErrorVariant {
    /// The error structure.
    pub structure: StructureId,
    /// Variant name: the structure's Rust name.
    pub variant_name: String,
    /// The method that tells whether an error is this one, such as `is_entity_does_not_exist_exception`.
    pub predicate_name: String,
}

/// The prefix an operation puts before the endpoint's host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPrefix {
    /// As written in the model, such as `data-{Bucket}.`.
    pub template: String,
    /// The template's text and labels, in order.
    pub parts: Vec<HostPrefixPart>,
}

/// A piece of a host prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Text as is.
    Literal(String),
    /// The value of an input member (index into the input's `members`), a string.
    Label(usize),
}
