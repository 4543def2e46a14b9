//! Serde mirror of botocore's JSON model files (service-2, paginators-1, waiters-2); no logic.
//! A Smithy JSON AST model is read into the same mirror by `smithy`.

mod auth;
mod load;
mod operation;
pub mod smithy;
mod trim;

pub use auth::{ApiKeyAuth, AUTH_API_KEY, AUTH_BASIC, AUTH_BEARER, AUTH_SIGV4, NO_AUTH};
pub use load::{load, ModelFiles, Models, SourceFile};
pub use operation::{
    ContextParam, Http, HttpChecksum, Operation, OperationEndpoint, RequestCompression,
    StaticContextParam,
};
pub use trim::trim;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// `service-2.json`: the service's metadata, operations and shapes.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceModel {
    /// Format version of the file (usually `2.0`).
    #[serde(default)]
    pub version: Option<String>,
    /// Protocol, names, version and signing details.
    pub metadata: Metadata,
    /// Operations by name, in file order.
    #[serde(default)]
    pub operations: IndexMap<String, Operation>,
    /// Shapes by name, in name order once loaded (so a [`ShapeId`] is a position here).
    #[serde(default)]
    pub shapes: IndexMap<String, Shape>,
    /// Service documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
}

impl ServiceModel {
    /// The id of the shape `name`, if the model defines it.
    pub fn shape_id(&self, name: &str) -> Option<ShapeId> {
        self.shapes.get_index_of(name).map(ShapeId)
    }

    /// The shape `id` names, with its name.
    pub fn shape_at(&self, id: ShapeId) -> Option<(&str, &Shape)> {
        self.shapes
            .get_index(id.0)
            .map(|(name, shape)| (name.as_str(), shape))
    }
}

/// A shape of the service: its position in [`ServiceModel::shapes`], which loading sorts by
/// name, so ids follow name order in every model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(pub usize);

/// The `metadata` object of `service-2.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// API version, such as `2015-04-16`.
    pub api_version: String,
    /// Endpoint prefix, such as `ds`.
    #[serde(default)]
    pub endpoint_prefix: Option<String>,
    /// JSON protocol version (`1.0` or `1.1`).
    #[serde(default)]
    pub json_version: Option<String>,
    /// The protocol botocore uses by default.
    pub protocol: String,
    /// Every protocol the service speaks, most preferred first.
    #[serde(default)]
    pub protocols: Option<Vec<String>>,
    /// Short service name.
    #[serde(default)]
    pub service_abbreviation: Option<String>,
    /// Full service name.
    pub service_full_name: String,
    /// Service id, used in user agents and endpoint rules.
    #[serde(default)]
    pub service_id: Option<String>,
    /// Signature version (`v4`).
    #[serde(default)]
    pub signature_version: Option<String>,
    /// SigV4 signing name when it differs from the endpoint prefix.
    #[serde(default)]
    pub signing_name: Option<String>,
    /// Prefix of the `X-Amz-Target` header for JSON protocols.
    #[serde(default)]
    pub target_prefix: Option<String>,
    /// Present when the service moved from the query protocol and keeps its error codes.
    #[serde(default)]
    pub aws_query_compatible: Option<serde_json::Value>,
    /// Unique id, such as `ds-2015-04-16`.
    #[serde(default)]
    pub uid: Option<String>,
    /// The service's auth schemes in order of preference, such as `["aws.auth#sigv4"]`
    /// (botocore's `auth`; Smithy's `auth` trait, or every auth trait of the service).
    #[serde(default)]
    pub auth: Option<Vec<String>>,
    /// Smithy's `httpApiKeyAuth` trait of the service (botocore models have none).
    #[serde(default)]
    pub api_key_auth: Option<ApiKeyAuth>,
}

/// A reference to a shape, with the attributes a reference can carry.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapeRef {
    /// Name of the referenced shape.
    pub shape: String,
    /// Documentation of this use of the shape (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
    /// For restXml, an operation input's root element name.
    #[serde(default)]
    pub location_name: Option<String>,
    /// For restXml, the namespace of an operation input's root element.
    #[serde(default)]
    pub xml_namespace: Option<XmlNamespace>,
}

/// An XML namespace: `xmlns` (or `xmlns:prefix`) and its URI. botocore writes a member's
/// as an object and the metadata's as a bare URI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The prefix, if the namespace is bound to one.
    pub prefix: Option<String>,
    /// The URI.
    pub uri: String,
}

impl<'de> Deserialize<'de> for XmlNamespace {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Uri(String),
            Object {
                #[serde(default)]
                prefix: Option<String>,
                uri: String,
            },
        }
        Ok(match Written::deserialize(deserializer)? {
            Written::Uri(uri) => XmlNamespace { prefix: None, uri },
            Written::Object { prefix, uri } => XmlNamespace { prefix, uri },
        })
    }
}

/// Constraint bound; lengths are whole numbers, ranges may be fractional.
pub type Bound = f64;

/// One shape of `service-2.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    /// `structure`, `list`, `map`, `string`, ...; an unknown type is kept, for a diagnostic.
    #[serde(rename = "type")]
    pub shape_type: ShapeType,
    /// Structure members, in file order.
    #[serde(default)]
    pub members: IndexMap<String, Member>,
    /// Required member names.
    #[serde(default)]
    pub required: Vec<String>,
    /// List element.
    #[serde(default)]
    pub member: Option<Member>,
    /// Map key.
    #[serde(default)]
    pub key: Option<Member>,
    /// Map value.
    #[serde(default)]
    pub value: Option<Member>,
    /// Enumerated string values.
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// Minimum length or value.
    #[serde(default)]
    pub min: Option<Bound>,
    /// Maximum length or value.
    #[serde(default)]
    pub max: Option<Bound>,
    /// Java regular expression a string must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Whether values must not be logged.
    #[serde(default)]
    pub sensitive: bool,
    /// Whether this structure is an error.
    #[serde(default)]
    pub exception: bool,
    /// Whether the error is the server's fault.
    #[serde(default)]
    pub fault: bool,
    /// Error code and status for query-style protocols.
    #[serde(default)]
    pub error: Option<ErrorTrait>,
    /// Whether this structure is a tagged union.
    #[serde(default)]
    pub union: bool,
    /// For a REST protocol's input, output or error: the member that is the whole body.
    #[serde(default)]
    pub payload: Option<String>,
    /// Whether this structure is an event stream.
    #[serde(default)]
    pub eventstream: bool,
    /// Whether this blob is a stream of bytes: a body sent and read chunk by chunk.
    #[serde(default)]
    pub streaming: bool,
    /// Whether this structure is an event of an event stream.
    #[serde(default)]
    pub event: bool,
    /// Whether this shape is an untyped JSON document.
    #[serde(default)]
    pub document: bool,
    /// Whether a list's items or a map's values may be null (Smithy's `@sparse`; botocore
    /// has none).
    #[serde(default)]
    pub sparse: bool,
    /// The media type of a blob or string (Smithy's `@mediaType`; botocore has none): a
    /// payload of it is sent with this `Content-Type`.
    #[serde(default)]
    pub media_type: Option<String>,
    /// Wire format of a timestamp.
    #[serde(default)]
    pub timestamp_format: Option<String>,
    /// Whether a list's or map's items repeat its element instead of being wrapped in it
    /// (the XML protocols; Smithy's `@xmlFlattened` is on members).
    #[serde(default)]
    pub flattened: bool,
    /// A structure's XML element name, where it differs from the shape's name.
    #[serde(default)]
    pub location_name: Option<String>,
    /// The XML namespace of the shape's element.
    #[serde(default)]
    pub xml_namespace: Option<XmlNamespace>,
    /// Whether the shape is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
}

impl Shape {
    /// Every member reference the shape holds: a structure's members, a list's item, a map's
    /// key and value.
    pub fn contained(&self) -> impl Iterator<Item = &Member> {
        self.members
            .values()
            .chain(&self.member)
            .chain(&self.key)
            .chain(&self.value)
    }
}

/// The `type` of a shape. Unknown types are kept as written, so the checks can report them
/// with a suggestion instead of the loader failing on the first one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapeType {
    /// `structure`.
    Structure,
    /// `list`.
    List,
    /// `map`.
    Map,
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `long`.
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `boolean`.
    Boolean,
    /// `timestamp`.
    Timestamp,
    /// `blob`.
    Blob,
    /// `bigdecimal`.
    BigDecimal,
    /// `biginteger`.
    BigInteger,
    /// `document`.
    Document,
    /// `byte`.
    Byte,
    /// `short`.
    Short,
    /// `character`.
    Character,
    /// Any other text.
    Other(String),
}

impl ShapeType {
    /// Every type botocore knows, as written in the model.
    pub const KNOWN: &[ShapeType] = &[
        ShapeType::Structure,
        ShapeType::List,
        ShapeType::Map,
        ShapeType::String,
        ShapeType::Integer,
        ShapeType::Long,
        ShapeType::Float,
        ShapeType::Double,
        ShapeType::Boolean,
        ShapeType::Timestamp,
        ShapeType::Blob,
        ShapeType::BigDecimal,
        ShapeType::BigInteger,
        ShapeType::Document,
        ShapeType::Byte,
        ShapeType::Short,
        ShapeType::Character,
    ];

    /// The type as written in the model.
    pub fn as_str(&self) -> &str {
        match self {
            ShapeType::Structure => "structure",
            ShapeType::List => "list",
            ShapeType::Map => "map",
            ShapeType::String => "string",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::Float => "float",
            ShapeType::Double => "double",
            ShapeType::Boolean => "boolean",
            ShapeType::Timestamp => "timestamp",
            ShapeType::Blob => "blob",
            ShapeType::BigDecimal => "bigdecimal",
            ShapeType::BigInteger => "biginteger",
            ShapeType::Document => "document",
            ShapeType::Byte => "byte",
            ShapeType::Short => "short",
            ShapeType::Character => "character",
            ShapeType::Other(text) => text,
        }
    }
}

impl std::fmt::Display for ShapeType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ShapeType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(ShapeType::KNOWN
            .iter()
            .find(|t| t.as_str() == text)
            .cloned()
            .unwrap_or(ShapeType::Other(text)))
    }
}

/// The `error` object of an error shape.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorTrait {
    /// Error code on the wire, when it differs from the shape name.
    #[serde(default)]
    pub code: Option<String>,
    /// HTTP status code.
    #[serde(default)]
    pub http_status_code: Option<u16>,
    /// Whether the client is at fault.
    #[serde(default)]
    pub sender_fault: bool,
}

/// A structure member, list element, or map key or value.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// Target shape.
    pub shape: String,
    /// Documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
    /// HTTP location for REST protocols (`header`, `uri`, `querystring`, ...).
    #[serde(default)]
    pub location: Option<String>,
    /// Wire name, when it differs from the member name.
    #[serde(default)]
    pub location_name: Option<String>,
    /// Whether values must not be logged.
    #[serde(default)]
    pub sensitive: bool,
    /// Whether the client fills the member with a fresh token when absent.
    #[serde(default)]
    pub idempotency_token: bool,
    /// Whether the member holds a JSON document encoded as a string (botocore writes the key
    /// in lower case).
    #[serde(default, rename = "jsonvalue", alias = "jsonValue")]
    pub json_value: bool,
    /// Whether the member's value goes into the operation's host prefix.
    #[serde(default)]
    pub host_label: bool,
    /// The endpoint rule set's parameter the member's value binds (`contextParam`, such as
    /// S3's `Bucket`).
    #[serde(default)]
    pub context_param: Option<ContextParam>,
    /// Wire format of a timestamp member.
    #[serde(default)]
    pub timestamp_format: Option<String>,
    /// Whether the member of an event is its message's whole payload (botocore writes the
    /// key in lower case).
    #[serde(default, alias = "eventpayload")]
    pub event_payload: bool,
    /// Whether the member of an event travels as a header of its message.
    #[serde(default, alias = "eventheader")]
    pub event_header: bool,
    /// Whether the member is streamed.
    #[serde(default)]
    pub streaming: bool,
    /// Whether the member is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Whether a list or map member is flattened (the XML protocols).
    #[serde(default)]
    pub flattened: bool,
    /// Whether the member is an XML attribute of its structure's element.
    #[serde(default)]
    pub xml_attribute: bool,
    /// The XML namespace of the member's element.
    #[serde(default)]
    pub xml_namespace: Option<XmlNamespace>,
    /// ec2Query's name for the member (`ec2QueryName`).
    #[serde(default)]
    pub query_name: Option<String>,
    /// The value a client fills in when the member is unset (Smithy's `@default`, kept only
    /// where a client applies it: not on `@clientOptional` members nor on the members of an
    /// `@input` structure; botocore has no defaults).
    #[serde(default)]
    pub default: Option<serde_json::Value>,
}

/// `paginators-1.json`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Paginators {
    /// Paginators by operation name.
    #[serde(default)]
    pub pagination: IndexMap<String, Paginator>,
}

/// A token or result key: one expression or several.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single expression.
    One(String),
    /// Several expressions, paired by position.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The expressions as a slice-like list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// One paginator.
#[derive(Clone, Debug, Deserialize)]
pub struct Paginator {
    /// Input member(s) that carry the token.
    pub input_token: OneOrMany,
    /// Output expression(s) that yield the next token.
    pub output_token: OneOrMany,
    /// Input member that sets the page size.
    #[serde(default)]
    pub limit_key: Option<String>,
    /// Output expression(s) that hold the items.
    #[serde(default)]
    pub result_key: Option<OneOrMany>,
    /// Output expression that says whether more pages follow.
    #[serde(default)]
    pub more_results: Option<String>,
    /// Output expressions that are not aggregated across pages.
    #[serde(default)]
    pub non_aggregate_keys: Vec<String>,
}

/// `waiters-2.json`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Waiters {
    /// Format version (2).
    #[serde(default)]
    pub version: Option<u32>,
    /// Waiters by name.
    #[serde(default)]
    pub waiters: IndexMap<String, Waiter>,
}

/// One waiter.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Waiter {
    /// Operation polled.
    pub operation: String,
    /// Seconds between polls.
    pub delay: u32,
    /// Polls before giving up.
    pub max_attempts: u32,
    /// What the waiter waits for.
    #[serde(default)]
    pub description: Option<String>,
    /// Rules that end the wait.
    pub acceptors: Vec<Acceptor>,
    /// Smithy's schedule: delays that grow from `min_delay` to `max_delay`, with jitter, until
    /// the caller's maximum wait (botocore files have a fixed delay instead).
    #[serde(skip)]
    pub backoff: Option<Backoff>,
}

/// The delays of a Smithy waiter, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The first delay and the least one.
    pub min_delay: u32,
    /// The greatest delay.
    pub max_delay: u32,
}

/// One acceptor of a waiter.
#[derive(Clone, Debug, Deserialize)]
pub struct Acceptor {
    /// `success`, `failure` or `retry`.
    pub state: String,
    /// `path`, `pathAll`, `pathAny`, `status` or `error`.
    pub matcher: String,
    /// JMESPath expression for path matchers.
    #[serde(default)]
    pub argument: Option<String>,
    /// Value compared with.
    pub expected: Value,
    /// Smithy's `inputOutput` matcher: the path reads `{"input": ..., "output": ...}`.
    #[serde(skip)]
    pub input_output: bool,
}
