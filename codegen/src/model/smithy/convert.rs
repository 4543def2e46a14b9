//! Writes the assembled Smithy shapes as botocore's mirror: named shapes, operations and
//! metadata, recording in the source map where each came from.

use super::traits::Traits;
use super::{Assembled, AstMember, AstShape, SourceMap};
use crate::diag::{pointer, Diagnostic};
use crate::model::{ErrorTrait, Member, Models, ServiceModel, Shape, ShapeType};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The protocol traits the generator knows, as botocore names them, most preferred first.
const PROTOCOLS: &[(&str, &str)] = &[
    ("smithy.protocols#rpcv2Cbor", "smithy-rpc-v2-cbor"),
    ("aws.protocols#awsJson1_0", "json"),
    ("aws.protocols#awsJson1_1", "json"),
    ("aws.protocols#restJson1", "rest-json"),
    ("aws.protocols#restXml", "rest-xml"),
    ("aws.protocols#awsQuery", "query"),
    ("aws.protocols#ec2Query", "ec2"),
];

/// The prelude's simple shapes, by local name, and their botocore types.
const PRELUDE: &[(&str, ShapeType)] = &[
    ("String", ShapeType::String),
    ("Blob", ShapeType::Blob),
    ("BigInteger", ShapeType::BigInteger),
    ("BigDecimal", ShapeType::BigDecimal),
    ("Timestamp", ShapeType::Timestamp),
    ("Document", ShapeType::Document),
    ("Boolean", ShapeType::Boolean),
    ("PrimitiveBoolean", ShapeType::Boolean),
    ("Byte", ShapeType::Byte),
    ("PrimitiveByte", ShapeType::Byte),
    ("Short", ShapeType::Short),
    ("PrimitiveShort", ShapeType::Short),
    ("Integer", ShapeType::Integer),
    ("PrimitiveInteger", ShapeType::Integer),
    ("Long", ShapeType::Long),
    ("PrimitiveLong", ShapeType::Long),
    ("Float", ShapeType::Float),
    ("PrimitiveFloat", ShapeType::Float),
    ("Double", ShapeType::Double),
    ("PrimitiveDouble", ShapeType::Double),
];

/// The prelude's unit type: no input, no output, or a union member without a value.
pub(super) const UNIT: &str = "smithy.api#Unit";

pub(super) struct Converter<'a, 'b> {
    pub a: &'a mut Assembled<'b>,
    /// Botocore name of each converted shape id.
    pub names: BTreeMap<String, String>,
    pub shapes: IndexMap<String, Shape>,
    pub map: SourceMap,
    /// Whether `jsonName` renames members on the wire (restJson1 only).
    pub json_names: bool,
    /// The name of the empty structure `Unit` members target, once one needs it.
    pub unit: Option<String>,
    /// The service's `xmlNamespace`, which restXml puts on request bodies' root elements.
    pub service_namespace: Option<crate::model::XmlNamespace>,
}

/// Converts the assembled model; `None` when a problem stops the conversion.
pub(super) fn convert(a: &mut Assembled<'_>, partitions: Option<Value>) -> Option<Models> {
    let file = a.file.to_owned();
    let service = a.shapes.get(&a.service)?.clone();
    let svc_traits = Traits {
        file: &file,
        traits: &service.traits,
        at: &service.at,
    };
    let mut map = SourceMap::new(&file);
    map.insert("/metadata", service.at.clone());
    map.insert("/documentation", svc_traits.at("smithy.api#documentation"));
    let protocols: Vec<(String, String)> = {
        let mut known: Vec<(String, String)> = PROTOCOLS
            .iter()
            .filter(|(id, _)| service.traits.contains_key(*id))
            .map(|(id, name)| (id.to_string(), name.to_string()))
            .collect();
        // A protocol trait the generator does not know is kept, for the checks to report.
        for id in service.traits.keys() {
            let ns = id.split('#').next().unwrap_or("");
            if matches!(ns, "aws.protocols" | "smithy.protocols")
                && !PROTOCOLS.iter().any(|(p, _)| p == id)
                && is_protocol_trait(id)
            {
                known.push((id.clone(), id.clone()));
            }
        }
        known
    };
    if let Some((id, _)) = protocols.first() {
        map.insert("/metadata/protocol", svc_traits.at(id));
    }
    for (i, (id, _)) in protocols.iter().enumerate() {
        map.insert(format!("/metadata/protocols/{i}"), svc_traits.at(id));
    }
    let mut c = Converter {
        json_names: protocols.iter().any(|(_, p)| p == "rest-json"),
        a,
        names: BTreeMap::new(),
        shapes: IndexMap::new(),
        map,
        unit: None,
        service_namespace: svc_traits.xml_namespace(),
    };
    let problems_before = c.a.problems.0.len();
    let rename = c.renames(&service);
    let operation_ids = c.operations_of(&service);
    c.name_shapes(&operation_ids, &service, &rename);
    let service_errors = c.targets(&service, "errors");
    let mut operations = IndexMap::new();
    for (op_id, _) in &operation_ids {
        if let Some(op) = c.operation(op_id, &service_errors) {
            operations.insert(op.name.clone(), op);
        }
    }
    let ids: Vec<String> = c.names.keys().cloned().collect();
    for id in ids {
        c.shape(&id);
    }
    let metadata = c.metadata(&service, &protocols);
    let documentation = svc_traits.string("smithy.api#documentation", &mut c.a.problems);
    let paginators = c.paginators(&service, &operation_ids);
    let waiters = c.waiters(&operation_ids);
    let endpoint_rules = service
        .traits
        .get("smithy.rules#endpointRuleSet")
        .cloned()
        .map(|rules| {
            let at = svc_traits.at("smithy.rules#endpointRuleSet");
            for key in ["parameters", "rules", "version"] {
                c.map.insert(format!("/{key}"), format!("{at}/{key}"));
            }
            (file.clone(), rules)
        });
    if c.a.problems.0[problems_before..]
        .iter()
        .any(Diagnostic::is_error)
    {
        return None;
    }
    let Converter { shapes, map, .. } = c;
    let mut shapes = shapes;
    shapes.sort_keys();
    Some(Models {
        service: ServiceModel {
            version: Some("2.0".into()),
            metadata: metadata?,
            operations,
            shapes,
            documentation,
        },
        paginators,
        waiters,
        service_path: file.clone(),
        paginators_path: file.clone(),
        waiters_path: file.clone(),
        endpoint_rules,
        partitions,
        source_map: Some(map),
    })
}

/// Whether a trait in a protocol namespace defines a protocol (rather than, say,
/// `awsQueryError`): those the generator knows are listed; others are recognised by name.
fn is_protocol_trait(id: &str) -> bool {
    let name = id.rsplit('#').next().unwrap_or(id);
    !matches!(
        name,
        "awsQueryError" | "awsQueryCompatible" | "ec2QueryName" | "httpChecksum"
    ) && name.chars().next().is_some_and(char::is_lowercase)
}

impl Converter<'_, '_> {
    pub(super) fn file(&self) -> &str {
        self.a.file
    }

    pub(super) fn error(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.a
            .problems
            .push(Diagnostic::error(self.a.file, at, message));
    }

    /// The service's `rename` map: absolute shape id to the name the service gives it.
    fn renames(&mut self, service: &AstShape) -> BTreeMap<String, String> {
        match service.raw.get("rename") {
            None => BTreeMap::new(),
            Some(Value::Object(map)) => map
                .iter()
                .filter_map(|(id, name)| Some((id.clone(), name.as_str()?.to_owned())))
                .collect(),
            Some(_) => {
                self.error(
                    format!("{}/rename", service.at),
                    "`rename` must be an object",
                );
                BTreeMap::new()
            }
        }
    }

    /// The shape ids of a list of `{"target": id}` references under `key`.
    pub fn targets(&mut self, shape: &AstShape, key: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        match shape.raw.get(key) {
            None => {}
            Some(Value::Array(list)) => {
                for (i, r) in list.iter().enumerate() {
                    let at = format!("{}/{key}/{i}", shape.at);
                    match r.get("target").and_then(Value::as_str) {
                        Some(t) => out.push((t.to_owned(), format!("{at}/target"))),
                        None => self.error(at, "a shape reference needs a `target`"),
                    }
                }
            }
            Some(_) => self.error(
                format!("{}/{key}", shape.at),
                format!("`{key}` must be a list"),
            ),
        }
        out
    }

    /// One `{"target": id}` reference under `key`.
    pub(super) fn target(&mut self, shape: &AstShape, key: &str) -> Option<(String, String)> {
        let value = shape.raw.get(key)?;
        let at = format!("{}/{key}", shape.at);
        match value.get("target").and_then(Value::as_str) {
            Some(t) => Some((t.to_owned(), format!("{at}/target"))),
            None => {
                self.error(at, "a shape reference needs a `target`");
                None
            }
        }
    }

    /// Names every shape the operations reach, reporting dangling targets.
    fn name_shapes(
        &mut self,
        operations: &[(String, String)],
        service: &AstShape,
        rename: &BTreeMap<String, String>,
    ) {
        let mut queue: Vec<(String, String)> = Vec::new();
        for (op, _) in operations {
            let Some(shape) = self.a.shapes.get(op).cloned() else {
                continue;
            };
            for key in ["input", "output"] {
                queue.extend(self.target(&shape, key));
            }
            queue.extend(self.targets(&shape, "errors"));
        }
        queue.extend(self.targets(service, "errors"));
        let mut reached: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        while let Some((id, at)) = queue.pop() {
            if id == UNIT || !seen.insert(id.clone()) {
                continue;
            }
            let local = id.rsplit('#').next().unwrap_or(&id).to_owned();
            if id.starts_with("smithy.api#") {
                if !PRELUDE.iter().any(|(n, _)| *n == local) {
                    self.error(at, format!("`{id}` is not a shape of the Smithy prelude"));
                    continue;
                }
            } else if let Some(shape) = self.a.shapes.get(&id) {
                if matches!(shape.kind.as_str(), "service" | "resource" | "operation") {
                    self.error(
                        at,
                        format!("a member cannot target the {} `{id}`", shape.kind),
                    );
                    continue;
                }
                for member in shape.members.values() {
                    queue.push((member.target.clone(), format!("{}/target", member.at)));
                }
            } else {
                let mut message =
                    Diagnostic::error(self.file(), at, format!("target `{id}` is not defined"));
                let names = self.a.shapes.keys().map(String::as_str);
                if let Some(hint) = crate::diag::did_you_mean(&id, names) {
                    message = message.note(format!("did you mean `{hint}`?"));
                }
                self.a.problems.push(message);
                continue;
            }
            reached.push(id);
        }
        // The service's own shapes are named first; a prelude shape whose name one of them
        // takes (Smithy allows it) gets a `Smithy` prefix.
        reached.sort_by_key(|id| (id.starts_with("smithy.api#"), id.clone()));
        let mut taken: BTreeMap<String, String> = BTreeMap::new();
        for id in reached {
            let local = id.rsplit('#').next().unwrap_or(&id).to_owned();
            let mut name = rename.get(&id).cloned().unwrap_or(local);
            if let Some(other) = taken.get(&name.to_lowercase()) {
                if id.starts_with("smithy.api#") {
                    name = format!("Smithy{name}");
                } else {
                    let at = self
                        .a
                        .shapes
                        .get(&id)
                        .map(|s| s.at.clone())
                        .unwrap_or_default();
                    self.error(
                        at,
                        format!("shapes `{id}` and `{other}` have the same name in the service; `rename` one"),
                    );
                    continue;
                }
            }
            taken.insert(name.to_lowercase(), id.clone());
            self.names.insert(id, name);
        }
    }

    pub(super) fn name(&self, id: &str) -> Option<String> {
        self.names.get(id).cloned()
    }

    /// Converts one named shape into botocore's form.
    pub(super) fn shape(&mut self, id: &str) {
        let Some(name) = self.name(id) else {
            return;
        };
        let local = id.rsplit('#').next().unwrap_or(id);
        let ast = match self.a.shapes.get(id) {
            Some(s) => s.clone(),
            None => match PRELUDE.iter().find(|(n, _)| *n == local) {
                Some((_, ty)) => {
                    let mut shape = blank(ty.clone());
                    if *ty == ShapeType::Document {
                        shape.shape_type = ShapeType::Structure;
                        shape.document = true;
                    }
                    self.shapes.insert(name, shape);
                    return;
                }
                None => return,
            },
        };
        let bot = pointer(["shapes", &name]);
        self.map.insert(bot.clone(), ast.at.clone());
        let file = self.file().to_owned();
        let traits = Traits {
            file: &file,
            traits: &ast.traits,
            at: &ast.at,
        };
        let mut shape = blank(shape_type(&ast.kind));
        shape.document = ast.kind == "document";
        self.simple_traits(&traits, &bot, &mut shape);
        let problems = &mut self.a.problems;
        match ast.kind.as_str() {
            "enum" | "intEnum" => {
                if ast.kind == "enum" {
                    let values = ast.members.iter().map(|(name, m)| {
                        m.traits
                            .get("smithy.api#enumValue")
                            .and_then(Value::as_str)
                            .unwrap_or(name)
                            .to_owned()
                    });
                    shape.enum_values = Some(values.collect());
                }
                self.map
                    .insert(format!("{bot}/enum"), format!("{}/members", ast.at));
            }
            "string" => {
                if let Some(list) = traits.get("smithy.api#enum") {
                    let values: Option<Vec<String>> = list.as_array().and_then(|l| {
                        l.iter()
                            .map(|e| e.get("value").and_then(Value::as_str).map(str::to_owned))
                            .collect()
                    });
                    if values.is_none() {
                        problems.push(Diagnostic::error(
                            &file,
                            traits.at("smithy.api#enum"),
                            "trait `smithy.api#enum` must be a list of objects with a string `value`",
                        ));
                    }
                    shape.enum_values = values;
                    self.map
                        .insert(format!("{bot}/enum"), traits.at("smithy.api#enum"));
                }
            }
            "blob" => shape.streaming = traits.has("smithy.api#streaming"),
            "union" => {
                shape.union = true;
                shape.eventstream = traits.has("smithy.api#streaming");
                self.members(&ast, &name, &mut shape);
            }
            "structure" => {
                let error = traits.string("smithy.api#error", problems);
                if let Some(kind) = &error {
                    if kind != "client" && kind != "server" {
                        problems.push(Diagnostic::error(
                            &file,
                            traits.at("smithy.api#error"),
                            format!("trait `smithy.api#error` must be \"client\" or \"server\", not \"{kind}\""),
                        ));
                    }
                    shape.exception = true;
                    shape.fault = kind == "server";
                    shape.error = Some(ErrorTrait {
                        code: traits.field_string("aws.protocols#awsQueryError", "code", problems),
                        http_status_code: traits
                            .integer("smithy.api#httpError", problems)
                            .and_then(|c| u16::try_from(c).ok()),
                        sender_fault: kind == "client",
                    });
                }
                shape.event = false;
                self.members(&ast, &name, &mut shape);
            }
            "list" | "set" | "map" => {
                shape.sparse = traits.has("smithy.api#sparse");
                self.members(&ast, &name, &mut shape)
            }
            _ => {}
        }
        self.shapes.insert(name, shape);
    }
}

/// A shape of the given type with nothing else set.
pub(super) fn blank(shape_type: ShapeType) -> Shape {
    Shape {
        shape_type,
        members: IndexMap::new(),
        required: Vec::new(),
        member: None,
        key: None,
        value: None,
        enum_values: None,
        min: None,
        max: None,
        pattern: None,
        sensitive: false,
        exception: false,
        fault: false,
        error: None,
        union: false,
        payload: None,
        eventstream: false,
        streaming: false,
        event: false,
        document: false,
        sparse: false,
        media_type: None,
        timestamp_format: None,
        flattened: false,
        location_name: None,
        xml_namespace: None,
        deprecated: false,
        documentation: None,
    }
}

fn shape_type(kind: &str) -> ShapeType {
    match kind {
        "structure" | "union" => ShapeType::Structure,
        "list" | "set" => ShapeType::List,
        "map" => ShapeType::Map,
        "string" | "enum" => ShapeType::String,
        "integer" | "intEnum" => ShapeType::Integer,
        "long" => ShapeType::Long,
        "short" => ShapeType::Short,
        "byte" => ShapeType::Byte,
        "float" => ShapeType::Float,
        "double" => ShapeType::Double,
        "bigInteger" => ShapeType::BigInteger,
        "bigDecimal" => ShapeType::BigDecimal,
        "boolean" => ShapeType::Boolean,
        "blob" => ShapeType::Blob,
        "timestamp" => ShapeType::Timestamp,
        // botocore writes a document as a structure marked `document`.
        "document" => ShapeType::Structure,
        other => ShapeType::Other(other.to_owned()),
    }
}

/// A member reference with nothing else set.
pub(super) fn member_ref(shape: String) -> Member {
    Member {
        shape,
        documentation: None,
        location: None,
        location_name: None,
        sensitive: false,
        idempotency_token: false,
        json_value: false,
        host_label: false,
        context_param: None,
        timestamp_format: None,
        event_payload: false,
        event_header: false,
        streaming: false,
        deprecated: false,
        flattened: false,
        xml_attribute: false,
        xml_namespace: None,
        query_name: None,
        default: None,
    }
}

impl AstMember {
    pub(super) fn traits<'a>(&'a self, file: &'a str) -> Traits<'a> {
        Traits {
            file,
            traits: &self.traits,
            at: &self.at,
        }
    }
}
