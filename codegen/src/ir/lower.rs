//! Lowers a checked model into the IR: names, types, docs, sensitivity, boxing, sorted once.

use super::docs::html_to_markdown;
use super::names;
use super::pattern::translate;
use super::{
    ClientProtocol, Constraints, Enum, Member, Operation, Pattern, Protocol, Service, Structure,
    StructureKind, Type, ValueKind, ValueShape, Variant,
};
use crate::diag::{pointer, Diagnostic, Diagnostics};
use crate::model::{self, Models, ServiceModel};
use std::collections::{BTreeMap, BTreeSet};

mod flows;

/// Lowers a model that passed the checks; an inconsistency the checks should have caught is
/// reported as an internal error rather than a panic.
pub fn lower(models: &Models) -> Result<Service, Diagnostics> {
    let mut lowerer = Lowerer {
        model: &models.service,
        models,
        file: &models.service_path,
        problems: Diagnostics::default(),
    };
    let service = lowerer.service();
    if lowerer.problems.has_errors() {
        lowerer.problems.sort();
        return Err(lowerer.problems);
    }
    Ok(service)
}

struct Lowerer<'a> {
    model: &'a ServiceModel,
    models: &'a Models,
    file: &'a str,
    problems: Diagnostics,
}

impl Lowerer<'_> {
    fn service(&mut self) -> Service {
        let meta = &self.model.metadata;
        let recursive = self.recursive_edges();
        let mut structures = Vec::new();
        let mut enums = Vec::new();
        for (name, shape) in &self.model.shapes {
            if shape.shape_type == "structure" && !shape.document {
                structures.push(self.structure(name, shape, &recursive));
            } else if let Some(values) = shape
                .enum_values
                .as_ref()
                .filter(|_| shape.shape_type == "string")
            {
                enums.push(Enum {
                    wire_name: name.clone(),
                    rust_name: names::type_name(name),
                    docs: html_to_markdown(shape.documentation.as_deref().unwrap_or("")),
                    variants: values
                        .iter()
                        .map(|v| Variant {
                            wire_name: v.clone(),
                            rust_name: names::variant_name(v),
                        })
                        .collect(),
                    sensitive: shape.sensitive,
                });
            }
        }
        self.mark_validated(&mut structures);
        structures.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        enums.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        let mut operations: Vec<Operation> = self
            .model
            .operations
            .iter()
            .map(|(name, op)| Operation {
                wire_name: name.clone(),
                fn_name: names::fn_name(name),
                docs: html_to_markdown(op.documentation.as_deref().unwrap_or("")),
                input: op.input.as_ref().map(|r| names::type_name(&r.shape)),
                output: op.output.as_ref().map(|r| names::type_name(&r.shape)),
                // Some models list an error twice (dms); one variant each.
                errors: op.errors.iter().fold(Vec::new(), |mut errors, r| {
                    let name = names::type_name(&r.shape);
                    if !errors.contains(&name) {
                        errors.push(name);
                    }
                    errors
                }),
                deprecated: op.deprecated,
                host_prefix: op.endpoint.as_ref().map(|e| e.host_prefix.clone()),
                gzip_request: op
                    .request_compression
                    .as_ref()
                    .is_some_and(|c| c.encodings.iter().any(|e| e == "gzip")),
            })
            .collect();
        operations.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
        let shape_types: BTreeSet<&str> = self
            .model
            .shapes
            .values()
            .map(|s| s.shape_type.as_str())
            .collect();
        let endpoint_prefix = meta.endpoint_prefix.clone().unwrap_or_default();
        let protocols = meta
            .protocols
            .clone()
            .unwrap_or_else(|| vec![meta.protocol.clone()]);
        Service {
            full_name: meta.service_full_name.clone(),
            api_version: meta.api_version.clone(),
            docs: html_to_markdown(self.model.documentation.as_deref().unwrap_or("")),
            protocol: Protocol {
                client: ClientProtocol::choose(&protocols, meta.json_version.as_deref()),
                protocols,
                json_version: meta.json_version.clone(),
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
            uses_unions: structures.iter().any(|s| s.kind == StructureKind::Union),
            uses_sensitive: structures
                .iter()
                .any(|s| s.sensitive || s.members.iter().any(|m| m.sensitive))
                || enums.iter().any(|e| e.sensitive),
            structures,
            enums,
            operations,
            shapes: self.value_shapes(),
            endpoint_rules: match (&self.models.endpoint_rules, &self.models.partitions) {
                (Some((_, rules)), Some(partitions)) => {
                    Some((rules.to_string(), partitions.to_string()))
                }
                _ => None,
            },
            paginators: self.paginators(&recursive),
            waiters: self.waiters(&recursive),
            uses_timestamps: shape_types.contains("timestamp"),
            uses_blobs: shape_types.contains("blob"),
            uses_floats: shape_types.contains("float") || shape_types.contains("double"),
            uses_documents: self.model.shapes.values().any(|s| s.document),
            uses_idempotency_tokens: self
                .model
                .shapes
                .values()
                .any(|s| s.members.values().any(|m| m.idempotency_token)),
        }
    }

    fn structure(
        &mut self,
        name: &str,
        shape: &model::Shape,
        recursive: &BTreeSet<(String, String)>,
    ) -> Structure {
        let kind = if shape.union {
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
        let members = shape
            .members
            .iter()
            .map(|(member_name, member)| {
                let target = self.model.shapes.get(&member.shape);
                let docs = member
                    .documentation
                    .as_deref()
                    .or_else(|| target.and_then(|t| t.documentation.as_deref()))
                    .unwrap_or("");
                let wire_name = match (&member.location, &member.location_name) {
                    (None, Some(location_name)) => location_name.clone(),
                    _ => member_name.clone(),
                };
                let at = || pointer(["shapes", name, "members", member_name, "shape"]);
                Member {
                    member_name: member_name.clone(),
                    wire_name,
                    field_name: names::field_name(member_name),
                    variant_name: names::variant_name(member_name),
                    ty: self.type_of(&member.shape, &at, 0),
                    target: member.shape.clone(),
                    required: !shape.union && shape.required.iter().any(|r| r == member_name),
                    sensitive: member.sensitive || self.is_sensitive(&member.shape, 0),
                    boxed: recursive.contains(&(name.to_owned(), member.shape.clone())),
                    docs: html_to_markdown(docs),
                    deprecated: member.deprecated,
                    constraints: self.constraints(&member.shape),
                    timestamp_format: self.timestamp_format(member, 0),
                    idempotency_token: member.idempotency_token,
                }
            })
            .collect();
        Structure {
            wire_name: name.to_owned(),
            rust_name: names::type_name(name),
            docs: html_to_markdown(shape.documentation.as_deref().unwrap_or("")),
            kind,
            members,
            sensitive: shape.sensitive,
            deprecated: shape.deprecated,
            input_of: self
                .model
                .operations
                .iter()
                .filter(|(_, op)| op.input.as_ref().is_some_and(|r| r.shape == name))
                .map(|(op_name, _)| names::fn_name(op_name))
                .min(),
            validated: false,
        }
    }

    /// The constraints of a shape, with its pattern translated (the checks have already
    /// reported patterns that do not translate).
    fn constraints(&mut self, shape_name: &str) -> Constraints {
        let Some(shape) = self.model.shapes.get(shape_name) else {
            return Constraints::default();
        };
        let pattern = shape
            .pattern
            .as_ref()
            .and_then(|java| match translate(java) {
                Ok(formula) => Some(Pattern {
                    java: java.clone(),
                    formula,
                }),
                Err(why) => {
                    self.problems.push(Diagnostic::error(
                        self.file,
                        pointer(["shapes", shape_name, "pattern"]),
                        format!("internal error: pattern reached lowering untranslatable: {why}"),
                    ));
                    None
                }
            });
        Constraints {
            min: shape.min,
            max: shape.max,
            pattern,
        }
    }

    /// Every shape as validators see it.
    fn value_shapes(&mut self) -> BTreeMap<String, ValueShape> {
        let model = self.model;
        let mut shapes = BTreeMap::new();
        for (name, shape) in &model.shapes {
            let target = |m: &Option<model::Member>| {
                m.as_ref().map_or_else(String::new, |m| m.shape.clone())
            };
            let kind = match shape.shape_type.as_str() {
                "string" if shape.enum_values.is_some() => ValueKind::Enum,
                "string" => ValueKind::String,
                "integer" => ValueKind::Number(Type::I32),
                "long" => ValueKind::Number(Type::I64),
                "float" => ValueKind::Number(Type::F32),
                "double" => ValueKind::Number(Type::F64),
                "blob" => ValueKind::Blob,
                "list" => ValueKind::List(target(&shape.member)),
                "map" => ValueKind::Map(target(&shape.key), target(&shape.value)),
                "structure" if shape.document => ValueKind::Document,
                "structure" => ValueKind::Structure(names::type_name(name)),
                "boolean" => ValueKind::Bool,
                _ => ValueKind::Timestamp,
            };
            let constraints = self.constraints(name);
            shapes.insert(
                name.clone(),
                ValueShape {
                    kind,
                    constraints,
                    sensitive: shape.sensitive,
                },
            );
        }
        shapes
    }

    /// Marks every structure reachable from an operation input.
    fn mark_validated(&self, structures: &mut [Structure]) {
        let mut reachable = BTreeSet::new();
        let mut stack: Vec<&str> = self
            .model
            .operations
            .values()
            .filter_map(|op| op.input.as_ref().map(|r| r.shape.as_str()))
            .collect();
        while let Some(name) = stack.pop() {
            if !reachable.insert(name) {
                continue;
            }
            let Some(shape) = self.model.shapes.get(name) else {
                continue;
            };
            stack.extend(shape.members.values().map(|m| m.shape.as_str()));
            for m in [&shape.member, &shape.key, &shape.value]
                .into_iter()
                .flatten()
            {
                stack.push(&m.shape);
            }
        }
        for s in structures {
            s.validated = reachable.contains(s.wire_name.as_str());
        }
    }

    /// The wire format of the timestamps a member holds (itself, or the elements of its
    /// lists and maps), when it is not the JSON protocols' epoch seconds: the member's
    /// `timestampFormat`, else its target's.
    fn timestamp_format(&self, member: &model::Member, depth: usize) -> Option<String> {
        let shape = self
            .model
            .shapes
            .get(&member.shape)
            .filter(|_| depth < 32)?;
        let format = match shape.shape_type.as_str() {
            "timestamp" => member
                .timestamp_format
                .clone()
                .or_else(|| shape.timestamp_format.clone()),
            "list" => self.timestamp_format(shape.member.as_ref()?, depth + 1),
            "map" => self.timestamp_format(shape.value.as_ref()?, depth + 1),
            _ => None,
        };
        format.filter(|f| f != "unixTimestamp")
    }

    pub(super) fn type_of(
        &mut self,
        shape_name: &str,
        at: &dyn Fn() -> String,
        depth: usize,
    ) -> Type {
        let Some(shape) = self.model.shapes.get(shape_name).filter(|_| depth < 32) else {
            self.problems.push(Diagnostic::error(
                self.file,
                at(),
                format!("internal error: shape `{shape_name}` cannot be lowered (the checks should have reported why)"),
            ));
            return Type::String;
        };
        match shape.shape_type.as_str() {
            "string" if shape.enum_values.is_some() => Type::Named {
                rust_name: names::type_name(shape_name),
                is_enum: true,
            },
            "string" => Type::String,
            "boolean" => Type::Bool,
            "integer" => Type::I32,
            "long" => Type::I64,
            "float" => Type::F32,
            "double" => Type::F64,
            "timestamp" => Type::Timestamp,
            "blob" => Type::Blob,
            "structure" if shape.document => Type::Document,
            "structure" => Type::Named {
                rust_name: names::type_name(shape_name),
                is_enum: false,
            },
            "list" => {
                let element = shape.member.as_ref().map_or("", |m| m.shape.as_str());
                Type::List(Box::new(self.type_of(element, at, depth + 1)))
            }
            "map" => {
                let key = shape.key.as_ref().map_or("", |m| m.shape.as_str());
                let value = shape.value.as_ref().map_or("", |m| m.shape.as_str());
                Type::Map(
                    Box::new(self.type_of(key, at, depth + 1)),
                    Box::new(self.type_of(value, at, depth + 1)),
                )
            }
            other => {
                self.problems.push(Diagnostic::error(
                    self.file,
                    at(),
                    format!("internal error: shape type `{other}` reached lowering"),
                ));
                Type::String
            }
        }
    }

    /// A value is sensitive if its shape is, or if it is a list or map of sensitive values;
    /// structures redact their own members.
    fn is_sensitive(&self, shape_name: &str, depth: usize) -> bool {
        let Some(shape) = self.model.shapes.get(shape_name).filter(|_| depth < 32) else {
            return false;
        };
        shape.sensitive
            || match shape.shape_type.as_str() {
                "list" => shape
                    .member
                    .as_ref()
                    .is_some_and(|m| m.sensitive || self.is_sensitive(&m.shape, depth + 1)),
                "map" => shape
                    .value
                    .as_ref()
                    .is_some_and(|m| m.sensitive || self.is_sensitive(&m.shape, depth + 1)),
                _ => false,
            }
    }

    /// Member edges `(structure, target)` that lie on a cycle of direct structure
    /// containment; those members are boxed so the types have a finite size. Lists and
    /// maps already allocate, so cycles through them need no box.
    fn recursive_edges(&self) -> BTreeSet<(String, String)> {
        let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (name, shape) in &self.model.shapes {
            if shape.shape_type != "structure" || shape.document {
                continue;
            }
            let targets = edges.entry(name).or_default();
            for member in shape.members.values() {
                if self
                    .model
                    .shapes
                    .get(&member.shape)
                    .is_some_and(|t| t.shape_type == "structure" && !t.document)
                {
                    targets.insert(&member.shape);
                }
            }
        }
        let reaches = |from: &str, to: &str| -> bool {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from];
            while let Some(node) = stack.pop() {
                if node == to {
                    return true;
                }
                if seen.insert(node) {
                    stack.extend(edges.get(node).into_iter().flatten().copied());
                }
            }
            false
        };
        let mut recursive = BTreeSet::new();
        for (from, targets) in &edges {
            for to in targets {
                if reaches(to, from) {
                    recursive.insert(((*from).to_owned(), (*to).to_owned()));
                }
            }
        }
        recursive
    }
}
