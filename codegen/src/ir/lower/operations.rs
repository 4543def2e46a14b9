//! Resolves operations: names, inputs (made up where the model gives none), outputs, errors,
//! HTTP bindings and host prefixes, with the checks of what they reference.

use super::Lowerer;
use crate::diag::pointer;
use crate::ir::{
    names, symbols, BodyChecksum, Enum, ErrorVariant, HttpBinding, Operation, Structure,
    StructureId, StructureKind,
};
use crate::lang::docs::html_to_markdown;
use crate::model::{self, ShapeType};
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Lowerer<'a> {
    /// An empty input structure for each operation the model gives no input, after the
    /// model's structures (so every operation has an input builder to bind to a client; on
    /// the wire it is the empty object such operations send). Returns their ids by
    /// operation.
    pub(super) fn synthetic_inputs(
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
                xml_root: None,
                events: None,
                rust_name,
            });
        }
        ids
    }

    /// Operations in id order, after the checks of every operation of the model (those
    /// left out of the client too); `structures` are the resolved structures and
    /// `synthetic` the made-up inputs.
    pub(super) fn operations(
        &mut self,
        structures: &[Structure],
        synthetic: &BTreeMap<&str, StructureId>,
        binds_http: bool,
    ) -> Vec<Operation> {
        let model = self.model;
        let mut fn_names: BTreeMap<String, &str> = BTreeMap::new();
        // CloudFront names each operation after its API version too (`AssociateAlias` is
        // `AssociateAlias2020_05_31`), as botocore allows; its key is its name.
        let versioned =
            |name: &str| format!("{name}{}", model.metadata.api_version.replace('-', "_"));
        for (name, op) in &model.operations {
            if op.name != *name && op.name != versioned(name) {
                self.error(
                    pointer(["operations", name, "name"]),
                    format!("operation `{name}` says its name is `{}`", op.name),
                );
            }
            let rust = names::fn_name(name);
            if let Some(first) = fn_names.insert(rust.clone(), name) {
                self.error(
                    pointer(["operations", name]),
                    format!("operations `{first}` and `{name}` both become `{rust}` in Rust"),
                );
            }
            if binds_http {
                self.uri_labels(name, op);
            }
        }
        let mut inputs: BTreeMap<StructureId, usize> = BTreeMap::new();
        for name in self.operation_ids.keys() {
            let op = &model.operations[*name];
            if let Some(id) = self.structure_of(&op.input) {
                *inputs.entry(id).or_default() += 1;
            }
        }
        let left_out: Vec<&str> = model
            .operations
            .keys()
            .map(String::as_str)
            .filter(|name| !self.operation_ids.contains_key(name))
            .collect();
        // Operations left out of the client are checked all the same.
        for name in left_out {
            let op = &model.operations[name];
            let (input, _, _) = self.references(name, op);
            if let (Some(endpoint), Some(input)) = (&op.endpoint, input) {
                self.host_prefix(name, &endpoint.host_prefix, &structures[input.0]);
            }
        }
        let names: Vec<&str> = self.operation_ids.keys().copied().collect();
        names
            .into_iter()
            .filter_map(|name| {
                let op = &model.operations[name];
                let (input, output, errors) = self.references(name, op);
                let input = input.or_else(|| synthetic.get(name).copied())?;
                let input_structure = &structures[input.0];
                let host_prefix = op
                    .endpoint
                    .as_ref()
                    .map(|endpoint| self.host_prefix(name, &endpoint.host_prefix, input_structure));
                let shared = inputs.get(&input).is_some_and(|n| *n > 1);
                Some(Operation {
                    wire_name: name.to_owned(),
                    fn_name: names::fn_name(name),
                    error_name: symbols::error_name(name),
                    fluent_name: symbols::fluent_name(name),
                    docs: html_to_markdown(op.documentation.as_deref().unwrap_or("")),
                    input,
                    output,
                    errors: error_variants(&errors, structures),
                    input_shared: shared,
                    input_synthetic: op.input.is_none(),
                    shared_input_name: shared.then(|| symbols::shared_input_name(name)),
                    deprecated: op.deprecated,
                    host_prefix,
                    checksum: op
                        .http_checksum_required
                        .then_some(BodyChecksum::ContentMd5),
                    endpoint_member: None,
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
                    input_events: None,
                    output_events: None,
                    input_body: None,
                    output_body: None,
                    unsigned_payload: op.auth_type.as_deref() == Some("v4-unsigned-body"),
                    auth: super::auth::operation_auth(op, &model.metadata),
                    endpoint_params: Vec::new(),
                    unwrapped_xml_output: op.s3_unwrapped_xml_output,
                    error_in_ok: false,
                    flexible_checksum: op
                        .http_checksum
                        .as_ref()
                        .map(|c| flexible_checksum(c, input_structure)),
                })
            })
            .collect()
    }

    /// The structures an operation's input, output and errors name, each checked to exist
    /// and be a structure. An input that is missing or not a structure is `None`, as is one
    /// the model does not give.
    fn references(
        &mut self,
        name: &str,
        op: &model::Operation,
    ) -> (Option<StructureId>, Option<StructureId>, Vec<StructureId>) {
        let mut roles = Vec::new();
        for (role, r) in [("input", &op.input), ("output", &op.output)] {
            let Some(r) = r else {
                roles.push(None);
                continue;
            };
            let at = pointer(["operations", name, role, "shape"]);
            roles.push(self.structure_reference(at, &r.shape, |t| {
                format!("the {role} of `{name}` is a {t}, not a structure")
            }));
        }
        let mut errors = Vec::new();
        for (i, r) in op.errors.iter().enumerate() {
            let at = pointer(["operations", name, "errors", &i.to_string(), "shape"]);
            let error = self.structure_reference(at, &r.shape, |t| {
                format!("error `{}` of `{name}` is a {t}, not a structure", r.shape)
            });
            // Some models list an error twice (dms); one variant each.
            if let Some(id) = error.filter(|id| !errors.contains(id)) {
                errors.push(id);
            }
        }
        (roles[0], roles[1], errors)
    }

    /// The structure `target` names; a missing shape, or one that is not a structure, is
    /// an error (`not_structure` says why, given the shape's type).
    fn structure_reference(
        &mut self,
        at: String,
        target: &str,
        not_structure: impl Fn(&ShapeType) -> String,
    ) -> Option<StructureId> {
        let shape = self.reference(at.clone(), target)?;
        let (_, shape) = self.model.shape_at(shape)?;
        if shape.shape_type != ShapeType::Structure {
            let message = not_structure(&shape.shape_type);
            self.error(at, message);
            return None;
        }
        let id = self.structure_ids.get(target).copied();
        if id.is_none() {
            self.error(at, format!("`{target}` is a document, not a structure"));
        }
        id
    }

    /// The structure a reference names, if it is one.
    fn structure_of(&self, r: &Option<model::ShapeRef>) -> Option<StructureId> {
        r.as_ref()
            .and_then(|r| self.structure_ids.get(r.shape.as_str()).copied())
    }
}

/// An operation's errors, by name: the order a model lists errors in carries no meaning,
/// and a Smithy model sorts them where botocore keeps the author's order.
fn error_variants(errors: &[StructureId], structures: &[Structure]) -> Vec<ErrorVariant> {
    let mut variants: Vec<ErrorVariant> = errors
        .iter()
        .map(|&structure| {
            let rust_name = &structures[structure.0].rust_name;
            ErrorVariant {
                structure,
                variant_name: rust_name.clone(),
                predicate_name: symbols::error_predicate(rust_name),
            }
        })
        .collect();
    variants.sort_by(|a, b| a.variant_name.cmp(&b.variant_name));
    variants
}

/// An operation's `httpChecksum`, its members found in the input by name (a name the input
/// lacks is no member).
fn flexible_checksum(
    checksum: &crate::model::HttpChecksum,
    input: &Structure,
) -> crate::ir::FlexibleChecksum {
    let member = |name: &Option<String>| {
        let index = input
            .members
            .iter()
            .position(|m| Some(&m.member_name) == name.as_ref())?;
        let header = match &input.members[index].location {
            crate::ir::Location::Header(header) => Some(header.clone()),
            _ => None,
        };
        Some((index, header))
    };
    crate::ir::FlexibleChecksum {
        algorithm_member: member(&checksum.request_algorithm_member),
        required: checksum.request_checksum_required,
        validation_member: member(&checksum.request_validation_mode_member),
        response_algorithms: checksum.response_algorithms.clone(),
    }
}
