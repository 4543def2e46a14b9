//! Lowers a model into the IR in one resolve phase: for each concern (metadata, shapes,
//! structures and enums, HTTP bindings, operations, paginators and waiters, endpoints) one
//! walk checks the model and builds its IR piece, every problem a located diagnostic, none
//! a panic. The IR is returned only when no problem is an error.

use super::{names, symbols, OperationId, Service, StructureId, Type, WireFormat};
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use crate::lang::docs::html_to_markdown;
use crate::lang::jmespath::Boxed;
use crate::model::{Models, ServiceModel, ShapeId, ShapeType};
use crate::timings::PhaseTimings;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

mod auth;
mod customizations;
mod defaults;
mod endpoints;
mod flow_paths;
mod flows;
mod http;
mod metadata;
mod operations;
#[cfg(test)]
mod resolve_tests;
mod shapes;
mod streams;
mod structures;
#[cfg(test)]
pub(super) mod tests;
mod types;
mod validation;
mod xml_facts;

use types::recursive_edges;

/// Checks and lowers a model: the IR and the warnings, or every problem found.
pub fn lower(models: &Models) -> Result<(Service, Diagnostics), Diagnostics> {
    lower_timed(models, &mut PhaseTimings::new())
}

/// [`lower`], recording how long resolving took.
pub fn lower_timed(
    models: &Models,
    timings: &mut PhaseTimings,
) -> Result<(Service, Diagnostics), Diagnostics> {
    let started = Instant::now();
    let mut lowerer = Lowerer::new(models);
    let service = lowerer.service();
    let mut problems = lowerer.problems;
    problems.sort();
    timings.push(("resolve", started.elapsed()));
    if problems.has_errors() {
        return Err(problems);
    }
    Ok((service, problems))
}

struct Lowerer<'a> {
    model: &'a ServiceModel,
    models: &'a Models,
    file: &'a str,
    problems: Diagnostics,
    /// Member edges `(structure, target)` whose fields are boxed: the type graph's decision,
    /// which the flows' expressions read through too.
    boxed: Boxed,
    /// Structure shapes by model name, with their ids: in Rust name order.
    structure_ids: BTreeMap<&'a str, StructureId>,
    /// Operations of the client by model name, with their ids: in name order.
    operation_ids: BTreeMap<&'a str, OperationId>,
    /// The protocol the client speaks by default, which decides the members' wire keys.
    client: Option<super::ClientProtocol>,
}

impl<'a> Lowerer<'a> {
    fn new(models: &'a Models) -> Self {
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
            boxed: recursive_edges(model),
            structure_ids: structures
                .into_iter()
                .enumerate()
                .map(|(i, (name, _))| (name, StructureId(i)))
                .collect(),
            operation_ids: model
                .operations
                .keys()
                .map(String::as_str)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .enumerate()
                .map(|(i, name)| (name, OperationId(i)))
                .collect(),
            client: {
                let meta = &model.metadata;
                let named = meta
                    .protocols
                    .clone()
                    .unwrap_or_else(|| vec![meta.protocol.clone()]);
                let protocols: Vec<super::WireProtocol> = named
                    .iter()
                    .map(|p| super::WireProtocol::parse(p))
                    .collect();
                let version = meta
                    .json_version
                    .as_deref()
                    .and_then(|v| super::JsonVersion::parse(v).ok());
                super::ClientProtocol::choose(&protocols, version)
            },
        }
    }

    fn error(&mut self, location: String, message: String) -> &mut Diagnostic {
        self.problems
            .push(Diagnostic::error(self.file, location, message));
        self.problems
            .0
            .last_mut()
            .expect("a diagnostic was just pushed")
    }

    /// The shape a reference names; one that does not exist is an error, with a suggestion.
    fn reference(&mut self, location: String, target: &str) -> Option<ShapeId> {
        if let Some(id) = self.model.shape_id(target) {
            return Some(id);
        }
        let hint = did_you_mean(target, self.model.shapes.keys().map(String::as_str));
        let d = self.error(location, format!("shape `{target}` is not defined"));
        if let Some(hint) = hint {
            d.notes.push(format!("did you mean `{hint}`?"));
        }
        None
    }

    /// The service, each concern resolved in turn.
    fn service(&mut self) -> Service {
        let meta = &self.model.metadata;
        let protocol = self.protocol();
        let mut shapes = self.value_shapes();
        let mut structures = self.structures(&shapes);
        let enums = self.enums();
        self.type_name_collisions();
        validation::mark_validated(self.model, &mut structures);
        let binds_http = protocol.client.as_ref().is_some_and(|c| c.binds_http());
        http::bind_members(self.model, &mut structures, binds_http);
        streams::bind_streams(self.model, &mut structures);
        let synthetic = self.synthetic_inputs(&mut structures, &enums);
        let mut operations = self.operations(&structures, &synthetic, binds_http);
        streams::mark_operations(&structures, &mut operations);
        let endpoint_rules = self.endpoint_rules();
        if endpoint_rules.is_some() {
            self.bind_endpoint_params(&structures, &mut operations);
        }
        let declared = endpoint_rules
            .as_ref()
            .and(self.models.endpoint_rules.as_ref())
            .map(|(_, rules)| &rules["parameters"]);
        let rules_declare = |name: &str| declared.is_some_and(|p| p.get(name).is_some());
        customizations::apply(
            &protocol.service_id,
            &mut structures,
            &mut operations,
            &rules_declare,
        );
        let sigv4a_endpoints = endpoint_rules
            .as_ref()
            .is_some_and(|(rules, _)| rules.contains("\"sigv4a\""));
        let multipart_upload = customizations::multipart_upload(&protocol.service_id, &operations);
        let (paginators, waiters) = self.flows();
        validation::mark_checks(&mut shapes, &structures);
        let shape_types: BTreeSet<&str> = self
            .model
            .shapes
            .values()
            .map(|s| s.shape_type.as_str())
            .collect();
        Service {
            full_name: meta.service_full_name.clone(),
            api_version: meta.api_version.clone(),
            docs: html_to_markdown(self.model.documentation.as_deref().unwrap_or("")),
            protocol,
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
            endpoint_rules,
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
            multipart_upload,
            sigv4a_endpoints,
            uses_big_numbers: shape_types.contains("biginteger")
                || shape_types.contains("bigdecimal"),
            module_root: symbols::module_root(None),
            split: None,
            part: None,
        }
    }
}

/// How a member's value differs on the wire from plain serde of its type. The JSON
/// protocols write timestamps in epoch seconds unless the model says otherwise, which is
/// what plain serde of a `DateTime` writes (the XML protocols, date-times: `xml_default`);
/// floats' non-finite values are strings.
pub(super) fn wire_format(
    ty: &Type,
    timestamps: Option<super::TimestampFormat>,
    xml_default: bool,
) -> WireFormat {
    use super::TimestampFormat::{DateTime, HttpDate};
    let timestamps = match timestamps {
        None if xml_default && holds_timestamps(ty) => Some(DateTime),
        other => other,
    };
    match timestamps {
        Some(format @ (DateTime | HttpDate)) => WireFormat::Timestamps(format),
        _ if holds_floats(ty) => WireFormat::Floats,
        _ => WireFormat::Plain,
    }
}

fn holds_timestamps(ty: &Type) -> bool {
    match ty {
        Type::Timestamp => true,
        Type::List(element) | Type::Nullable(element) => holds_timestamps(element),
        Type::Map(_, value) => holds_timestamps(value),
        _ => false,
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
