//! The lowered model: Rust names, Markdown docs, constraints, boxing; the only input to emitters.

use std::collections::BTreeMap;

pub mod docs;
pub mod jmespath;
mod lower;
pub mod names;
pub mod pattern;

pub use lower::lower;

/// What the generator needs to know to name and describe the crate.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    /// Cargo package name, such as `directory-service`.
    pub package_name: String,
    /// Package version.
    pub version: String,
    /// The command that regenerates the crate, for the `@generated` header.
    pub command: String,
}

/// One service, lowered.
#[derive(Clone, Debug)]
pub struct Service {
    /// Full service name, such as `AWS Directory Service`.
    pub full_name: String,
    /// API version, such as `2015-04-16`.
    pub api_version: String,
    /// Service documentation in Markdown.
    pub docs: String,
    /// Protocol details from the metadata.
    pub protocol: Protocol,
    /// Structures, unions and errors, sorted by Rust name.
    pub structures: Vec<Structure>,
    /// Enums, sorted by Rust name.
    pub enums: Vec<Enum>,
    /// Operations, sorted by wire name.
    pub operations: Vec<Operation>,
    /// Whether any type holds a timestamp (the crate then depends on a date-time crate).
    pub uses_timestamps: bool,
    /// Whether any type holds a blob (the crate then depends on base64).
    pub uses_blobs: bool,
    /// Whether any member is an idempotency token (the crate then needs the token helper).
    pub uses_idempotency_tokens: bool,
    /// Whether any type holds a document (the crate then exposes `primitives::Document`).
    pub uses_documents: bool,
    /// Whether any type holds a float (the crate then needs the float helpers).
    pub uses_floats: bool,
    /// Whether any type is a union (the crate then needs the union helpers).
    pub uses_unions: bool,
    /// Whether any value is sensitive (the crate then needs the redaction helper).
    pub uses_sensitive: bool,
    /// Every shape by model name: what validators need to walk values.
    pub shapes: BTreeMap<String, ValueShape>,
    /// The endpoint rule set and the partitions, as compact JSON, when the model has both.
    pub endpoint_rules: Option<(String, String)>,
    /// Paginators, sorted by operation.
    pub paginators: Vec<Paginator>,
    /// Waiters, sorted by name.
    pub waiters: Vec<Waiter>,
}

/// A paginated operation.
#[derive(Clone, Debug)]
pub struct Paginator {
    /// Operation name, such as `DescribeDirectories`.
    pub operation: String,
    /// Rust fields of the input that carry the tokens.
    pub input_tokens: Vec<String>,
    /// Where the next tokens are in the output, and their Rust types.
    pub output_tokens: Vec<(jmespath::Expr, Type)>,
    /// The input field that sets the page size, and its type.
    pub limit: Option<(String, Type)>,
    /// Where the items are in the output, and the Rust type of one item.
    pub result_keys: Vec<(jmespath::Expr, Type)>,
    /// Where the output says whether more pages follow.
    pub more_results: Option<jmespath::Expr>,
}

/// A waiter.
#[derive(Clone, Debug)]
pub struct Waiter {
    /// Name in the model, such as `HybridADUpdated`.
    pub name: String,
    /// Rust type name of the waiter, such as `HybridAdUpdatedWaiter`.
    pub type_name: String,
    /// Client method, such as `wait_until_hybrid_ad_updated`.
    pub fn_name: String,
    /// Operation polled.
    pub operation: String,
    /// Seconds between polls.
    pub delay: u32,
    /// Polls botocore makes before giving up (delay x attempts is the default maximum wait).
    pub max_attempts: u32,
    /// What it waits for.
    pub description: Option<String>,
    /// Acceptors in model order.
    pub acceptors: Vec<Acceptor>,
}

/// What an acceptor decides when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// Stop: success.
    Success,
    /// Stop: failure.
    Failure,
    /// Poll again.
    Retry,
}

/// When an acceptor matches.
#[derive(Clone, Debug)]
pub enum Matcher {
    /// The expression equals the value.
    Path(jmespath::Expr, serde_json::Value),
    /// The expression is a non-empty list whose every element equals the value.
    PathAll(jmespath::Expr, serde_json::Value),
    /// The expression is a list with an element equal to the value.
    PathAny(jmespath::Expr, serde_json::Value),
    /// The HTTP status equals this.
    Status(u16),
    /// The error code equals this.
    ErrorCode(String),
    /// Any error (`true`) or no error (`false`).
    AnyError(bool),
}

/// One acceptor.
#[derive(Clone, Debug)]
pub struct Acceptor {
    /// Its decision.
    pub state: AcceptorState,
    /// Its condition.
    pub matcher: Matcher,
    /// As written in the model, for error messages.
    pub description: String,
}

impl Service {
    /// Whether the crate has a `validation` module: when an input can be validated, or a
    /// client needs the policy type.
    pub fn has_validation_module(&self) -> bool {
        self.structures.iter().any(|s| s.validated) || self.protocol.client.is_some()
    }
}

/// A shape as validators see it: its kind, its constraints, what it contains.
#[derive(Clone, Debug)]
pub struct ValueShape {
    /// What kind of value it is.
    pub kind: ValueKind,
    /// Its length, range and pattern constraints.
    pub constraints: Constraints,
    /// Whether values are sensitive.
    pub sensitive: bool,
}

/// The kinds of values validators distinguish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A string.
    String,
    /// An enum (a string on the wire).
    Enum,
    /// A number of the given Rust type.
    Number(Type),
    /// Binary data.
    Blob,
    /// A boolean.
    Bool,
    /// A timestamp.
    Timestamp,
    /// A list of the named shape.
    List(String),
    /// A map from the first named shape to the second.
    Map(String, String),
    /// A structure or union, with its Rust name.
    Structure(String),
    /// A document: any JSON value, unconstrained.
    Document,
}

/// Protocol metadata.
#[derive(Clone, Debug)]
pub struct Protocol {
    /// Every protocol the service speaks, most preferred first.
    pub protocols: Vec<String>,
    /// JSON version for JSON protocols.
    pub json_version: Option<String>,
    /// `X-Amz-Target` prefix.
    pub target_prefix: Option<String>,
    /// SigV4 signing name.
    pub signing_name: String,
    /// Endpoint prefix.
    pub endpoint_prefix: String,
    /// Service id.
    pub service_id: String,
    /// The protocol the generated client speaks, or `None` when the generator supports none
    /// of the service's protocols (the crate then has types and validators only).
    pub client: Option<ClientProtocol>,
}

/// Protocols the generated client can speak.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientProtocol {
    /// awsJson 1.0 or 1.1 (the `json` protocol), with its JSON version.
    AwsJson(String),
}

impl ClientProtocol {
    /// The generator's choice among a service's protocols: JSON first, as botocore does.
    pub fn choose(protocols: &[String], json_version: Option<&str>) -> Option<ClientProtocol> {
        protocols
            .iter()
            .any(|p| p == "json")
            .then(|| ClientProtocol::AwsJson(json_version.unwrap_or("1.0").to_owned()))
    }
}

/// What kind of structure a structure shape is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StructureKind {
    /// A plain structure.
    Plain,
    /// A tagged union: exactly one member is set.
    Union,
    /// An error shape.
    Error {
        /// Wire error code.
        code: String,
        /// Whether the server is at fault.
        fault: bool,
    },
}

/// A structure, union or error shape.
#[derive(Clone, Debug)]
pub struct Structure {
    /// Shape name in the model.
    pub wire_name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Markdown docs.
    pub docs: String,
    /// Plain, union or error.
    pub kind: StructureKind,
    /// Members in model order.
    pub members: Vec<Member>,
    /// Whether the whole value is sensitive.
    pub sensitive: bool,
    /// Whether the shape is deprecated.
    pub deprecated: bool,
    /// The operation (Rust method name) this structure is the input of, if any.
    pub input_of: Option<String>,
    /// Whether the structure is reachable from an operation input, so it gets a validator.
    pub validated: bool,
}

/// A structure member or union variant.
#[derive(Clone, Debug)]
pub struct Member {
    /// Member name in the model.
    pub member_name: String,
    /// JSON key on the wire (the member's `locationName`, else its name).
    pub wire_name: String,
    /// Rust field name (may be a raw identifier, `r#type`).
    pub field_name: String,
    /// Rust variant name, for union members.
    pub variant_name: String,
    /// Rust type of the value.
    pub ty: Type,
    /// Name of the target shape in the model.
    pub target: String,
    /// Whether the member is required.
    pub required: bool,
    /// Whether the value must be redacted in `Debug`.
    pub sensitive: bool,
    /// Whether the value is boxed to break a recursive cycle.
    pub boxed: bool,
    /// Markdown docs.
    pub docs: String,
    /// Whether the member is deprecated.
    pub deprecated: bool,
    /// Constraints of the target shape, for validators.
    pub constraints: Constraints,
    /// Whether the member is an idempotency token, filled with a random UUID when not set.
    pub idempotency_token: bool,
    /// How the timestamps the member holds are written, when not in epoch seconds:
    /// `iso8601` or `rfc822`.
    pub timestamp_format: Option<String>,
}

/// Length, range and pattern constraints.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// Minimum length or value.
    pub min: Option<f64>,
    /// Maximum length or value.
    pub max: Option<f64>,
    /// The pattern, as written and as translated.
    pub pattern: Option<Pattern>,
}

impl Constraints {
    /// Whether there is anything to check.
    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none() && self.pattern.is_none()
    }
}

/// A model pattern and its translation.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// The Java regular expression from the model.
    pub java: String,
    /// The equivalent formula of Rust regexes.
    pub formula: pattern::Formula,
}

/// The Rust type of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// A timestamp.
    Timestamp,
    /// Binary data.
    Blob,
    /// A document: any JSON value.
    Document,
    /// A structure, union or enum generated in `types`.
    Named {
        /// Rust type name.
        rust_name: String,
        /// Whether it is an enum (so `Copy`-free, cheap to clone, hashable).
        is_enum: bool,
    },
    /// A list.
    List(Box<Type>),
    /// A map from keys to values.
    Map(Box<Type>, Box<Type>),
}

/// An open enum: known values plus whatever else the service sends.
#[derive(Clone, Debug)]
pub struct Enum {
    /// Shape name in the model.
    pub wire_name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Markdown docs.
    pub docs: String,
    /// Known values in model order.
    pub variants: Vec<Variant>,
    /// Whether values are sensitive.
    pub sensitive: bool,
}

/// One known enum value.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Value on the wire.
    pub wire_name: String,
    /// Rust variant name.
    pub rust_name: String,
}

/// An operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Operation name, such as `DescribeDirectories`.
    pub wire_name: String,
    /// Rust method name, such as `describe_directories`.
    pub fn_name: String,
    /// Markdown docs.
    pub docs: String,
    /// Rust name of the input structure.
    pub input: Option<String>,
    /// Rust name of the output structure.
    pub output: Option<String>,
    /// Rust names of the modeled errors.
    pub errors: Vec<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// The host prefix template, such as `data-{Bucket}.`, whose labels name input members.
    pub host_prefix: Option<String>,
    /// Whether the client compresses large request bodies with gzip.
    pub gzip_request: bool,
}
