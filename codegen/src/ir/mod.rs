//! The lowered model: Rust names, Markdown docs, constraints, boxing; the only input to emitters.
//!
//! Lowering is one resolve phase: each concern checks the raw model and builds its IR piece
//! in one walk, every problem a located diagnostic; the IR is returned only when none is an
//! error.

use crate::lang::pattern;

mod flows;
mod lower;
pub mod names;
mod operation;
mod protocol;
pub mod split;
mod streams;
pub mod symbols;

pub use crate::model::ShapeId;
pub use flows::{Acceptor, AcceptorState, Matcher, PageLimit, Paginator, WaitSchedule, Waiter};
pub use lower::{lower, lower_timed};
pub use operation::{
    AuthScheme, BodyChecksum, EndpointParam, EndpointParamValue, ErrorVariant, FlexibleChecksum,
    HostPrefix, HostPrefixPart, Operation,
};
pub use protocol::{
    ClientProtocol, HttpBinding, JsonVersion, Location, Payload, Protocol, TimestampFormat,
    WireFormat, WireProtocol,
};
pub use streams::{EventBinding, EventHeaderKind, EventPayloadKind, EventShape};

/// What the generator needs to know to name and describe the crate.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    /// Where the generated crate gets the runtime.
    pub runtime: RuntimeSource,
    /// Cargo package name, such as `directory-service`.
    pub package_name: String,
    /// Package version.
    pub version: String,
    /// The command that regenerates the crate, for the `@generated` header.
    pub command: String,
    /// The operations to generate, by their names in the model, and only what they reach
    /// (a crate trimmed to what a program uses); `None` for every operation.
    pub operations: Option<Vec<String>>,
    /// The `repository` field of the crate's manifest, if any.
    pub repository: Option<String>,
    /// Split the service's types over part crates that build side by side when it has more
    /// structures and enums than this ([`split::plan`]); `None` keeps one crate. A crate with
    /// the runtime vendored is never split (its parts would each need their own).
    pub split_above: Option<usize>,
}

/// Where a generated crate gets the runtime from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A path dependency on the runtime crate (relative to the generated crate): several
    /// generated crates compile it once.
    Path(String),
    /// A copy of the runtime's sources in the crate's `runtime` module: a crate that builds
    /// on its own, outside the workspace.
    Vendored,
    /// A registry dependency on the runtime crate: a crate that can be published.
    Version {
        /// The version requirement, such as `0.1`.
        requirement: String,
        /// A path to the runtime as well, which Cargo uses for local builds and drops when
        /// the crate is published (a runtime and a crate developed together).
        path: Option<String>,
    },
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
    /// Whether any type holds a blob (the crate then exposes `primitives::Blob`).
    pub uses_blobs: bool,
    /// Whether any type holds a document (the crate then exposes `primitives::Document`).
    pub uses_documents: bool,
    /// Whether any type holds a big integer or decimal (the crate then exposes
    /// `primitives::BigInteger` and `primitives::BigDecimal`).
    pub uses_big_numbers: bool,
    /// Whether the client gets S3's `upload_in_parts` (the service is S3 and has the four
    /// multipart operations).
    pub multipart_upload: bool,
    /// Whether the endpoint rules can ask for SigV4a (S3's Multi-Region Access Points and
    /// Outposts, EventBridge's global endpoints): the crate then offers the `sigv4a` feature.
    pub sigv4a_endpoints: bool,
    /// Every shape of the model, in name order (a [`ShapeId`] is a position here): what
    /// validators need to walk values.
    pub shapes: Vec<ValueShape>,
    /// The endpoint rule set and the partitions, as compact JSON, when the model has both.
    pub endpoint_rules: Option<(String, String)>,
    /// Paginators, sorted by operation.
    pub paginators: Vec<Paginator>,
    /// Waiters, sorted by name.
    pub waiters: Vec<Waiter>,
    /// The path of the service's root module from the crate root (see
    /// [`symbols::module_root`]): `crate`, or `crate::<module>` in a bundle. Every path the
    /// generated code names starts here, except the shared `crate::runtime`.
    pub module_root: String,
    /// Whether a model type shadows a prelude name (`Option`, `String`, ...), so the modules
    /// that define the types spell prelude items in full.
    pub prelude_shadowed: bool,
    /// The part crates its types are split over, if it is split ([`split::plan`]).
    pub split: Option<split::Split>,
    /// Which crate of a split service this value emits: a part (by index), or `None` for
    /// the service's own crate.
    pub part: Option<usize>,
}

/// A structure: its index in [`Service::structures`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StructureId(pub usize);

/// An operation: its index in [`Service::operations`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperationId(pub usize);

impl Service {
    /// Whether the crate has a `validation` module: when an input can be validated, or a
    /// client needs the policy type.
    pub fn has_validation_module(&self) -> bool {
        self.structures.iter().any(|s| s.validated) || self.protocol.client.is_some()
    }

    /// The structure `id` stands for.
    pub fn structure(&self, id: StructureId) -> &Structure {
        &self.structures[id.0]
    }

    /// The shape `id` stands for, as validators see it.
    pub fn shape(&self, id: ShapeId) -> &ValueShape {
        &self.shapes[id.0]
    }

    /// The operation `id` stands for.
    pub fn operation(&self, id: OperationId) -> &Operation {
        &self.operations[id.0]
    }

    /// The input structure of an operation, if it has one.
    pub fn input_of(&self, op: &Operation) -> &Structure {
        self.structure(op.input)
    }

    /// Whether the crate being emitted holds structure `id` (the service's own crate holds
    /// every one unless the service is split).
    pub fn holds_structure(&self, id: StructureId) -> bool {
        self.split
            .as_ref()
            .is_none_or(|split| split.structure_home[id.0] == self.part)
    }

    /// Whether the crate being emitted holds the enum at `index` in [`Service::enums`].
    pub fn holds_enum(&self, index: usize) -> bool {
        self.split
            .as_ref()
            .is_none_or(|split| split.enum_home[index] == self.part)
    }

    /// This service as the part crate `part` of its split emits it.
    pub fn as_part(&self, part: usize) -> Service {
        let mut service = self.clone();
        service.part = Some(part);
        service
    }

    /// Moves the service into the module `module` of a crate that bundles several
    /// services: its paths then start at `crate::<module>`.
    pub fn place_in_module(&mut self, module: &str) {
        self.module_root = symbols::module_root(Some(module));
    }
}

/// A shape as validators see it: its kind, its constraints, what it contains.
#[derive(Clone, Debug)]
pub struct ValueShape {
    /// The shape's name in the model.
    pub wire_name: String,
    /// What kind of value it is.
    pub kind: ValueKind,
    /// Its length, range and pattern constraints.
    pub constraints: Constraints,
    /// Whether values are sensitive.
    pub sensitive: bool,
    /// Whether a list's items or a map's values may be null (`@sparse`).
    pub sparse: bool,
    /// Whether values need any check, themselves or inside (the members of a validated
    /// structure, the items of a list, ...).
    pub needs_check: bool,
    /// The statics that hold the shape's constraints, when a validator uses them.
    pub rules: Option<RuleStatics>,
}

/// The names of the statics that hold a shape's constraints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleStatics {
    /// The limits, such as `DIRECTORY_ID`.
    pub limits: String,
    /// The pattern, such as `DIRECTORY_ID_PATTERN`, when the shape has one.
    pub pattern: Option<String>,
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
    /// A list of the shape.
    List(ShapeId),
    /// A map from the first shape to the second.
    Map(ShapeId, ShapeId),
    /// A structure or union.
    Structure(StructureId),
    /// A document: any JSON value, unconstrained.
    Document,
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
    /// The model shape, or `None` for the made-up input of an operation the model gives
    /// none.
    pub shape: Option<ShapeId>,
    /// Rust type name.
    pub rust_name: String,
    /// Rust name of its builder, such as `DirectoryBuilder` (unions have none).
    pub builder_name: String,
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
    /// The operation this structure is the input of, if any (the first by Rust method name
    /// when several share it).
    pub input_of: Option<OperationId>,
    /// Whether the structure is reachable from an operation input, so it gets a validator
    /// (and the client serializes it).
    pub validated: bool,
    /// Whether the client writes it to requests: reachable from an operation input (or
    /// from a union, whose serde impls go both ways).
    pub written_to_wire: bool,
    /// Whether the client reads it from responses: reachable from an operation output, an
    /// error shape or a union.
    pub read_from_wire: bool,
    /// Where the paths of its validation errors start, such as `describe_directories`.
    pub validation_root: String,
    /// For an error shape, the member (index into `members`) whose text follows the code
    /// when the error is displayed: a string member named `message` in any case, not
    /// sensitive.
    pub message_member: Option<usize>,
    /// For an error shape of a REST protocol that binds members to headers, the function
    /// that reads them from the response.
    pub http_binder: Option<String>,
    /// For restXml, the root element (with its facts) of a request body holding this
    /// structure's members; `None` for other protocols.
    pub xml_root: Option<String>,
    /// For an event stream (a union of events): its events whose members travel in their
    /// messages' headers or as the whole payload.
    pub events: Option<Vec<EventShape>>,
}

/// A structure member or union variant.
#[derive(Clone, Debug)]
pub struct Member {
    /// Member name in the model.
    pub member_name: String,
    /// JSON key on the wire (the member's `locationName`, else its name).
    pub wire_name: String,
    /// The key the structure's serde impls give the member: its wire name in the JSON
    /// protocols, its member name in the XML ones (which name it in `xml_facts`).
    pub serde_key: String,
    /// For the XML and query protocols: the member's XML name and the facts their readers
    /// and writers need (see the runtime's `wire::facts`); for a restXml payload, its
    /// document's root element.
    pub xml_facts: Option<String>,
    /// Other keys accepted for the member when reading: services disagree on the case of
    /// an error's `message`.
    pub wire_aliases: Vec<String>,
    /// Rust field name (may be a raw identifier, `r#type`).
    pub field_name: String,
    /// The builder method that sets or clears the whole value, such as `set_type`.
    pub set_name: String,
    /// The name messages, `Debug` output and validation paths show: the field without
    /// `r#`.
    pub label: String,
    /// Rust variant name, for union members.
    pub variant_name: String,
    /// Rust type of the value.
    pub ty: Type,
    /// The target shape.
    pub target: ShapeId,
    /// Whether the field always holds a value (not an `Option`): the member is required, or
    /// has a [`default`](Self::default).
    pub required: bool,
    /// The value `build()` and reading a response fill in when the member is unset
    /// (Smithy's `@default`, where a client applies it).
    pub default: Option<DefaultValue>,
    /// For a URI label: what it is filled with when the value is empty (Glacier's account
    /// id `-`, the caller's own account; a customization of the SDKs).
    pub label_fallback: Option<String>,
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
    /// The format the model gives the timestamps the member holds (itself, or the
    /// elements of its lists and maps): the member's `timestampFormat`, else its target's.
    pub timestamp_format: Option<TimestampFormat>,
    /// How the value differs on the wire from plain serde of its Rust type.
    pub wire_format: WireFormat,
    /// Where the member travels in an HTTP message (always the body for RPC protocols, and
    /// for structures that are not an operation's input, output or error).
    pub location: Location,
    /// Whether a header member holds a JSON document as text (`jsonvalue`), which the header
    /// carries base64-encoded.
    pub json_value: bool,
    /// The media type of the target (Smithy's `@mediaType`), which a blob payload is sent
    /// with as its `Content-Type`.
    pub media_type: Option<String>,
}

/// A member's default value, checked against the member's type.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// A string, or an enum's wire value.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer of the member's width.
    Integer(i64),
    /// A float of the member's width.
    Float(f64),
    /// A timestamp, in whole seconds since the epoch.
    Timestamp(i64),
    /// Binary data (decoded from the model's base64).
    Blob(Vec<u8>),
    /// An empty list (the only list default Smithy allows).
    EmptyList,
    /// An empty map (the only map default Smithy allows).
    EmptyMap,
    /// A document.
    Document(serde_json::Value),
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

impl Structure {
    /// Whether any member travels in a JSON object body (rather than in an HTTP part or as
    /// the whole body).
    pub fn has_body_members(&self) -> bool {
        self.members.iter().any(|m| m.location == Location::Body)
    }

    /// Whether any member is bound to an HTTP part or is the whole body.
    pub fn binds_http(&self) -> bool {
        self.members.iter().any(|m| m.location != Location::Body)
    }

    /// Whether its builder is the crate's one generic builder holding the structure itself:
    /// so for a structure that is no operation's input (those carry what they are bound to)
    /// and no union, whose members are all optional without a default or a token to fill
    /// in. One generic type derives `Clone`, `PartialEq`, `Debug` and `Default` once for
    /// all of them, where a builder type each cost the compiler four impls per structure.
    pub fn builder_holds_value(&self) -> bool {
        self.kind != StructureKind::Union
            && self.input_of.is_none()
            && self
                .members
                .iter()
                .all(|m| !m.required && m.default.is_none() && !m.idempotency_token)
    }
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
    /// How it is checked: the equivalent formula of Rust regexes, a backtracking regex, or
    /// not at all.
    pub check: pattern::PatternCheck,
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
    /// An integer of any size, kept as its digits.
    BigInteger,
    /// A decimal of any size and precision, kept as its digits.
    BigDecimal,
    /// Binary data.
    Blob,
    /// A document: any JSON value.
    Document,
    /// A structure, union or enum generated in `types`, by Rust name rather than by id:
    /// `diff` compares the types of two lowered models, whose ids differ, and emitters need
    /// only the name for the path.
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
    /// An item of a `@sparse` list or a value of a `@sparse` map, which may be null.
    Nullable(Box<Type>),
    /// An event stream of the union it holds (a member of an operation's input or output).
    EventStream(Box<Type>),
    /// A blob that streams: the body of an operation's input or output, sent and read
    /// chunk by chunk.
    StreamingBlob,
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
