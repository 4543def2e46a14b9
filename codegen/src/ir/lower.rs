//! Lowers a model into the IR: the checks first, then names, types, docs, sensitivity,
//! boxing, ids, sorted once.

use super::check::{self, Checked};
use super::{names, symbols};
use super::{
    ClientProtocol, Enum, ErrorVariant, HostPrefix, HostPrefixPart, HttpBinding, JsonVersion,
    Member, Operation, OperationId, Paginator, Protocol, Service, ShapeId, Structure, StructureId,
    StructureKind, Type, Variant, Waiter, WireFormat, WireProtocol,
};
use crate::diag::{pointer, Diagnostic, Diagnostics};
use crate::lang::docs::html_to_markdown;
use crate::lang::jmespath::Boxed;
use crate::model::{self, Models, ServiceModel, ShapeType};
use crate::timings::PhaseTimings;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

mod flow_paths;
mod flows;
mod http;
#[cfg(test)]
mod tests;
mod types;
mod validation;

use types::recursive_edges;

/// Checks and lowers a model: the IR and the warnings, or every problem found.
pub fn lower(models: &Models) -> Result<(Service, Diagnostics), Diagnostics> {
    lower_timed(models, &mut PhaseTimings::new())
}

/// [`lower`], recording how long the checks and the lowering proper took.
pub fn lower_timed(
    models: &Models,
    timings: &mut PhaseTimings,
) -> Result<(Service, Diagnostics), Diagnostics> {
    let started = Instant::now();
    let (mut problems, checked) = check::check(models);
    let mut lowerer = Lowerer::new(models, &checked);
    // Paginators and waiters are checked and built in one walk, their problems reported
    // with the other checks'.
    let flows = lowerer.flows(&mut problems);
    problems.sort();
    timings.push(("check", started.elapsed()));
    if problems.has_errors() {
        return Err(problems);
    }
    let started = Instant::now();
    let service = lowerer.service(flows);
    // An inconsistency the checks should have caught is an internal error, not a panic.
    if lowerer.problems.has_errors() {
        lowerer.problems.sort();
        return Err(lowerer.problems);
    }
    timings.push(("lower", started.elapsed()));
    Ok((service, problems))
}

struct Lowerer<'a> {
    model: &'a ServiceModel,
    models: &'a Models,
    file: &'a str,
    problems: Diagnostics,
    /// Pattern translations and compiled expressions from the checks.
    checked: &'a Checked,
    /// Member edges `(structure, target)` whose fields are boxed: the type graph's decision,
    /// which the flows' expressions read through too.
    boxed: Boxed,
    /// Structure shapes by model name, with their ids: in Rust name order.
    structure_ids: BTreeMap<&'a str, StructureId>,
    /// Operations by model name, with their ids: in name order.
    operation_ids: BTreeMap<&'a str, OperationId>,
}

impl<'a> Lowerer<'a> {
    fn new(models: &'a Models, checked: &'a Checked) -> Self {
        let model = &models.service;
        let mut structures: Vec<(&str, String)> = model
            .shapes
            .iter()
            .filter(|(_, s)| s.shape_type == ShapeType::Structure && !s.document)
            .map(|(name, _)| (name.as_str(), names::type_name(name)))
            .collect();
        structures.sort_by(|a, b| a.1.cmp(&b.1));
        Lowerer {
            model,
            models,
            file: &models.service_path,
            problems: Diagnostics::default(),
            checked,
            boxed: recursive_edges(model),
            structure_ids: structures
                .into_iter()
                .enumerate()
                .map(|(i, (name, _))| (name, StructureId(i)))
                .collect(),
            // Operations the checks left out of the client (event streams) get no id; the
            // shapes they use are still structures of the crate.
            operation_ids: model
                .operations
                .keys()
                .map(String::as_str)
                .filter(|name| !checked.left_out.contains(*name))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .enumerate()
                .map(|(i, name)| (name, OperationId(i)))
                .collect(),
        }
    }

    /// The service, with its resolved paginators and waiters.
    fn service(&mut self, (paginators, waiters): (Vec<Paginator>, Vec<Waiter>)) -> Service {
        let meta = &self.model.metadata;
        let mut structures: Vec<Structure> = Vec::with_capacity(self.structure_ids.len());
        let mut order: Vec<(&str, StructureId)> =
            self.structure_ids.iter().map(|(n, id)| (*n, *id)).collect();
        order.sort_by_key(|(_, id)| *id);
        for (name, _) in order {
            let shape = &self.model.shapes[name];
            structures.push(self.structure(name, shape));
        }
        let mut enums: Vec<Enum> = self
            .model
            .shapes
            .iter()
            .filter(|(_, s)| s.shape_type == ShapeType::String)
            .filter_map(|(name, shape)| {
                let values = shape.enum_values.as_ref()?;
                Some(Enum {
                    wire_name: name.clone(),
                    rust_name: names::type_name(name),
                    docs: html_to_markdown(shape.documentation.as_deref().unwrap_or("")),
                    variants: values
                        .iter()
                        .zip(symbols::enum_variants(values))
                        .map(|(v, rust_name)| Variant {
                            wire_name: v.clone(),
                            rust_name,
                        })
                        .collect(),
                    sensitive: shape.sensitive,
                })
            })
            .collect();
        validation::mark_validated(self.model, &mut structures);
        let clients = ClientProtocol::supported(&self.protocols(), self.json_version());
        let client = clients.first().cloned();
        http::bind_members(
            self.model,
            &mut structures,
            client.as_ref().is_some_and(ClientProtocol::binds_http),
        );
        enums.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        let synthetic = self.synthetic_inputs(&mut structures, &enums);
        let (operations, internal) = self.operations(&structures, &synthetic);
        for problem in internal {
            self.problems.push(problem);
        }
        let shape_types: BTreeSet<&str> = self
            .model
            .shapes
            .values()
            .map(|s| s.shape_type.as_str())
            .collect();
        let endpoint_prefix = meta.endpoint_prefix.clone().unwrap_or_default();
        let protocols = self.protocols();
        let json_version = self.json_version();
        let mut shapes = self.value_shapes();
        validation::mark_checks(&mut shapes, &structures);
        Service {
            full_name: meta.service_full_name.clone(),
            api_version: meta.api_version.clone(),
            docs: html_to_markdown(self.model.documentation.as_deref().unwrap_or("")),
            protocol: Protocol {
                client,
                clients,
                query_compatible: meta.aws_query_compatible.is_some(),
                protocols,
                json_version,
                target_prefix: meta.target_prefix.clone(),
                signing_name: meta
                    .signing_name
                    .clone()
                    .unwrap_or_else(|| endpoint_prefix.clone()),
                service_id: meta
                    .service_id
                    .clone()
                    .unwrap_or_else(|| meta.service_full_name.clone()),
                endpoint_prefix,
            },
            prelude_shadowed: symbols::shadows_prelude(
                structures
                    .iter()
                    .map(|s| s.rust_name.as_str())
                    .chain(enums.iter().map(|e| e.rust_name.as_str())),
            ),
            structures,
            enums,
            operations,
            shapes,
            endpoint_rules: match (&self.models.endpoint_rules, &self.models.partitions) {
                (Some((_, rules)), Some(partitions)) => {
                    Some((rules.to_string(), partitions.to_string()))
                }
                _ => None,
            },
            paginators,
            waiters,
            uses_timestamps: shape_types.contains("timestamp"),
            // A `jsonvalue` header is base64 text, like a blob.
            uses_blobs: shape_types.contains("blob")
                || self
                    .model
                    .shapes
                    .values()
                    .any(|s| s.members.values().any(|m| m.json_value)),
            uses_documents: self.model.shapes.values().any(|s| s.document),
            uses_big_numbers: shape_types.contains("biginteger")
                || shape_types.contains("bigdecimal"),
            module_root: symbols::module_root(None),
        }
    }

    /// The protocols the metadata names, most preferred first.
    fn protocols(&self) -> Vec<WireProtocol> {
        let meta = &self.model.metadata;
        match &meta.protocols {
            Some(protocols) => protocols.iter().map(|p| WireProtocol::parse(p)).collect(),
            None => vec![WireProtocol::parse(&meta.protocol)],
        }
    }

    /// The JSON version (the checks reject an unknown one).
    fn json_version(&self) -> Option<JsonVersion> {
        self.model
            .metadata
            .json_version
            .as_deref()
            .and_then(|v| JsonVersion::parse(v).ok())
    }

    /// An empty input structure for each operation the model gives no input, after the
    /// model's structures (so every operation has an input builder to bind to a client; on
    /// the wire it is the empty object such operations send). Returns their ids by
    /// operation.
    fn synthetic_inputs(
        &self,
        structures: &mut Vec<Structure>,
        enums: &[Enum],
    ) -> BTreeMap<&'a str, StructureId> {
        let mut taken: BTreeSet<String> = structures
            .iter()
            .map(|s| s.rust_name.clone())
            .chain(enums.iter().map(|e| e.rust_name.clone()))
            .collect();
        let mut ids = BTreeMap::new();
        for (name, id) in &self.operation_ids {
            if self.model.operations[*name].input.is_some() {
                continue;
            }
            let rust_name = symbols::synthetic_input_name(name, &taken);
            taken.insert(rust_name.clone());
            ids.insert(*name, StructureId(structures.len()));
            structures.push(Structure {
                wire_name: rust_name.clone(),
                shape: None,
                builder_name: symbols::builder_name(&rust_name),
                docs: format!("The input of `{name}`, which the model leaves empty: an empty object on the wire."),
                kind: StructureKind::Plain,
                members: Vec::new(),
                sensitive: false,
                deprecated: false,
                input_of: Some(*id),
                validated: true,
                written_to_wire: true,
                read_from_wire: false,
                validation_root: symbols::validation_root(&rust_name, Some(&names::fn_name(name))),
                message_member: None,
                http_binder: None,
                rust_name,
            });
        }
        ids
    }

    /// Operations in id order; `structures` are the lowered structures, for the inputs'
    /// members that host prefixes name, and `synthetic` the made-up inputs.
    fn operations(
        &self,
        structures: &[Structure],
        synthetic: &BTreeMap<&str, StructureId>,
    ) -> (Vec<Operation>, Vec<Diagnostic>) {
        let mut internal = Vec::new();
        let ids = &self.structure_ids;
        let id_of = |r: &Option<model::ShapeRef>| {
            r.as_ref().and_then(|r| ids.get(r.shape.as_str()).copied())
        };
        let mut inputs: BTreeMap<StructureId, usize> = BTreeMap::new();
        for name in self.operation_ids.keys() {
            let op = &self.model.operations[*name];
            if let Some(id) = id_of(&op.input) {
                *inputs.entry(id).or_default() += 1;
            }
        }
        let operations = self
            .operation_ids
            .keys()
            .filter_map(|name| {
                let op = &self.model.operations[*name];
                let Some(input) = id_of(&op.input).or_else(|| synthetic.get(*name).copied()) else {
                    // The checks report an input that is not defined, and every operation
                    // without one gets a made-up input.
                    internal.push(Diagnostic::error(
                        self.file,
                        pointer(["operations", name, "input"]),
                        format!("internal error: operation `{name}` has no input structure"),
                    ));
                    return None;
                };
                // Some models list an error twice (dms); one variant each.
                let mut errors: Vec<ErrorVariant> = Vec::new();
                for r in &op.errors {
                    let Some(&structure) = ids.get(r.shape.as_str()) else {
                        continue;
                    };
                    if errors.iter().all(|e| e.structure != structure) {
                        let rust_name = &structures[structure.0].rust_name;
                        errors.push(ErrorVariant {
                            structure,
                            variant_name: rust_name.clone(),
                            predicate_name: symbols::error_predicate(rust_name),
                        });
                    }
                }
                // By name: the order a model lists errors in carries no meaning, and a Smithy
                // model sorts them where botocore keeps the author's order.
                errors.sort_by(|a, b| a.variant_name.cmp(&b.variant_name));
                let input_structure = &structures[input.0];
                Some(Operation {
                    wire_name: (*name).to_owned(),
                    fn_name: names::fn_name(name),
                    error_name: symbols::error_name(name),
                    fluent_name: symbols::fluent_name(name),
                    docs: html_to_markdown(op.documentation.as_deref().unwrap_or("")),
                    input,
                    output: id_of(&op.output),
                    errors,
                    input_shared: inputs.get(&input).is_some_and(|n| *n > 1),
                    input_synthetic: op.input.is_none(),
                    shared_input_name: inputs
                        .get(&input)
                        .is_some_and(|n| *n > 1)
                        .then(|| symbols::shared_input_name(name)),
                    deprecated: op.deprecated,
                    host_prefix: op
                        .endpoint
                        .as_ref()
                        .map(|e| host_prefix(&e.host_prefix, Some(input_structure))),
                    content_md5: op.http_checksum_required,
                    sensitive_response: op
                        .output
                        .iter()
                        .chain(&op.errors)
                        .any(|r| self.carries_sensitive(&r.shape, &mut BTreeSet::new())),
                    gzip_request: op
                        .request_compression
                        .as_ref()
                        .is_some_and(|c| c.encodings.iter().any(|e| e == "gzip")),
                    http: op.http.as_ref().map_or_else(HttpBinding::default, |h| {
                        let rpc = HttpBinding::default();
                        HttpBinding {
                            method: h.method.clone().unwrap_or(rpc.method),
                            uri: h.request_uri.clone().unwrap_or(rpc.uri),
                            status: h.response_code.unwrap_or(rpc.status),
                        }
                    }),
                })
            })
            .collect();
        (operations, internal)
    }

    fn structure(&mut self, name: &str, shape: &model::Shape) -> Structure {
        // An event stream is a union of its events.
        let kind = if shape.union || shape.eventstream {
            StructureKind::Union
        } else if shape.exception {
            StructureKind::Error {
                code: shape
                    .error
                    .as_ref()
                    .and_then(|e| e.code.clone())
                    .unwrap_or_else(|| name.to_owned()),
                fault: shape.fault,
            }
        } else {
            StructureKind::Plain
        };
        let is_error = matches!(kind, StructureKind::Error { .. });
        let members: Vec<Member> = shape
            .members
            .iter()
            .map(|(member_name, member)| self.member(name, shape, member_name, member, is_error))
            .collect();
        let message_member = members
            .iter()
            .position(|m| {
                m.member_name.eq_ignore_ascii_case("message")
                    && m.ty == Type::String
                    && !m.sensitive
            })
            .filter(|_| is_error);
        let input_of = self
            .model
            .operations
            .iter()
            .filter(|(_, op)| op.input.as_ref().is_some_and(|r| r.shape == name))
            .map(|(op_name, _)| op_name)
            .min_by_key(|op_name| names::fn_name(op_name));
        let rust_name = names::type_name(name);
        Structure {
            wire_name: name.to_owned(),
            shape: self.model.shape_id(name),
            builder_name: symbols::builder_name(&rust_name),
            rust_name,
            docs: html_to_markdown(shape.documentation.as_deref().unwrap_or("")),
            kind,
            members,
            sensitive: shape.sensitive,
            deprecated: shape.deprecated,
            input_of: input_of.and_then(|op| self.operation_ids.get(op.as_str()).copied()),
            validated: false,
            written_to_wire: false,
            read_from_wire: false,
            validation_root: symbols::validation_root(
                name,
                input_of.map(|op| names::fn_name(op)).as_deref(),
            ),
            message_member,
            http_binder: None,
        }
    }

    fn member(
        &mut self,
        structure: &str,
        shape: &model::Shape,
        member_name: &str,
        member: &model::Member,
        is_error: bool,
    ) -> Member {
        let target = self.model.shapes.get(&member.shape);
        let docs = member
            .documentation
            .as_deref()
            .or_else(|| target.and_then(|t| t.documentation.as_deref()))
            .unwrap_or("");
        let wire_name = match (&member.location, &member.location_name) {
            (None, Some(location_name)) => location_name.clone(),
            _ => member_name.to_owned(),
        };
        // Services disagree on the case of an error's message member (moto and some AWS
        // services send `message` for a modeled `Message`): reading accepts both.
        let wire_aliases = if is_error && wire_name.eq_ignore_ascii_case("message") {
            let other = if wire_name == "message" {
                "Message"
            } else {
                "message"
            };
            vec![other.to_owned()]
        } else {
            Vec::new()
        };
        let at = || pointer(["shapes", structure, "members", member_name, "shape"]);
        let ty = self.type_of(&member.shape, &at, 0);
        let target = self.model.shape_id(&member.shape);
        // The checks report a member whose target does not exist.
        let target = target.unwrap_or(ShapeId(0));
        let timestamp_format = self.timestamp_format(member, 0);
        let field_name = names::field_name(member_name);
        Member {
            member_name: member_name.to_owned(),
            wire_name,
            wire_aliases,
            set_name: symbols::set_name(&field_name),
            label: symbols::label(&field_name),
            field_name,
            variant_name: names::variant_name(member_name),
            wire_format: wire_format(&ty, timestamp_format),
            location: super::Location::parse(
                member.location.as_deref(),
                member.location_name.as_deref().unwrap_or(member_name),
            ),
            ty,
            target,
            required: !(shape.union || shape.eventstream)
                && shape.required.iter().any(|r| r == member_name),
            sensitive: member.sensitive || self.is_sensitive(&member.shape, 0),
            boxed: self
                .model
                .shape_id(structure)
                .is_some_and(|owner| self.boxed.contains(&(owner, target))),
            docs: html_to_markdown(docs),
            deprecated: member.deprecated,
            constraints: self.constraints(&member.shape),
            timestamp_format,
            idempotency_token: member.idempotency_token,
            json_value: member.json_value,
        }
    }
}

/// How a member's value differs on the wire from plain serde of its type. The JSON
/// protocols write timestamps in epoch seconds unless the model says otherwise, which is
/// what plain serde of a `DateTime` writes; floats' non-finite values are strings.
fn wire_format(ty: &Type, timestamps: Option<super::TimestampFormat>) -> WireFormat {
    use super::TimestampFormat::{DateTime, HttpDate};
    match timestamps {
        Some(format @ (DateTime | HttpDate)) => WireFormat::Timestamps(format),
        _ if holds_floats(ty) => WireFormat::Floats,
        _ => WireFormat::Plain,
    }
}

fn holds_floats(ty: &Type) -> bool {
    match ty {
        Type::F32 | Type::F64 => true,
        Type::List(element) => holds_floats(element),
        Type::Map(_, value) => holds_floats(value),
        _ => false,
    }
}

/// A host prefix template split into text and labels; a label names a member of `input`
/// (the checks guarantee a string member marked `hostLabel`).
fn host_prefix(template: &str, input: Option<&Structure>) -> HostPrefix {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        if open > 0 {
            parts.push(HostPrefixPart::Literal(rest[..open].to_owned()));
        }
        let label = &rest[open + 1..close];
        if let Some(i) = input.and_then(|s| s.members.iter().position(|m| m.member_name == label)) {
            parts.push(HostPrefixPart::Label(i));
        }
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        parts.push(HostPrefixPart::Literal(rest.to_owned()));
    }
    HostPrefix {
        template: template.to_owned(),
        parts,
    }
}
