//! Resolves structures, their members and enums: names, docs, kinds, sensitivity, boxing,
//! with the checks that their Rust names do not collide.

use super::Lowerer;
use crate::diag::{did_you_mean, pointer, Diagnostic};
use crate::ir::{
    names, symbols, Enum, Location, Member, ShapeId, Structure, StructureKind, Type, ValueShape,
    Variant,
};
use crate::lang::docs::html_to_markdown;
use crate::model::{self, ShapeType};
use std::collections::BTreeMap;

impl Lowerer<'_> {
    /// Every structure of the model, in id order; `shapes` are the resolved shapes, whose
    /// constraints members take.
    pub(super) fn structures(&mut self, shapes: &[ValueShape]) -> Vec<Structure> {
        let mut order: Vec<(&str, usize)> = self
            .structure_ids
            .iter()
            .map(|(name, id)| (*name, id.0))
            .collect();
        order.sort_by_key(|(_, id)| *id);
        let model = self.model;
        order
            .into_iter()
            .filter_map(|(name, _)| model.shapes.get(name).map(|shape| (name, shape)))
            .map(|(name, shape)| self.structure(name, shape, shapes))
            .collect()
    }

    fn structure(&mut self, name: &str, shape: &model::Shape, shapes: &[ValueShape]) -> Structure {
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
        let input_of = self
            .model
            .operations
            .iter()
            .filter(|(_, op)| op.input.as_ref().is_some_and(|r| r.shape == name))
            .map(|(op_name, _)| op_name)
            .min_by_key(|op_name| names::fn_name(op_name));
        let owner = Owner {
            error: matches!(kind, StructureKind::Error { .. }),
            operation_input: input_of.is_some(),
        };
        let members: Vec<Member> = shape
            .members
            .iter()
            .map(|(member_name, member)| {
                self.member(name, shape, member_name, member, owner, shapes)
            })
            .collect();
        self.member_name_collisions(name, shape);
        self.wire_name_collisions(name, &members);
        let message_member = members
            .iter()
            .position(|m| {
                m.member_name.eq_ignore_ascii_case("message")
                    && m.ty == Type::String
                    && !m.sensitive
            })
            .filter(|_| owner.error);
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
            xml_root: self.xml_root(name, shape),
            events: None,
        }
    }

    fn member(
        &mut self,
        structure: &str,
        shape: &model::Shape,
        member_name: &str,
        member: &model::Member,
        owner: Owner,
        shapes: &[ValueShape],
    ) -> Member {
        let at = || pointer(["shapes", structure, "members", member_name, "shape"]);
        // A missing target is reported; the member's id and type are then placeholders.
        let target = self.member_target(at(), member).unwrap_or(ShapeId(0));
        let target_shape = self.model.shapes.get(&member.shape);
        let docs = member
            .documentation
            .as_deref()
            .or_else(|| target_shape.and_then(|t| t.documentation.as_deref()))
            .unwrap_or("");
        let wire_name = match (&member.location, &member.location_name) {
            (None, Some(location_name)) => location_name.clone(),
            _ => member_name.to_owned(),
        };
        // Services disagree on the case of an error's message member (moto and some AWS
        // services send `message` for a modeled `Message`): reading accepts both.
        let wire_aliases = if owner.error && wire_name.eq_ignore_ascii_case("message") {
            let other = if wire_name == "message" {
                "Message"
            } else {
                "message"
            };
            vec![other.to_owned()]
        } else {
            Vec::new()
        };
        let ty = match self.type_of(&member.shape, &at, 0) {
            // A member may say it streams a plain blob (S3's `GetObjectOutput.Body`), as its
            // target shape may.
            Type::Blob if member.streaming => Type::StreamingBlob,
            ty => ty,
        };
        let timestamp_format = self.timestamp_format(member, 0);
        let field_name = names::field_name(member_name);
        // A union's member or an event has no default: exactly one is set, or none. An
        // operation's input sends only what the caller set, as Smithy's `@input` structures
        // do (AWS models do not mark their inputs so): its optional members stay optional.
        let model_required = shape.required.iter().any(|r| r == member_name);
        let applies =
            !(shape.union || shape.eventstream) && (model_required || !owner.operation_input);
        let default = match &member.default {
            Some(value) if applies => {
                let location = pointer(["shapes", structure, "members", member_name, "default"]);
                self.default_value(location, value, &ty)
            }
            _ => None,
        };
        // An XML protocol's member is its member name to serde; facts that say no more
        // than that name are left out.
        let xml_facts = self.xml_facts(shape, member_name, member, &wire_name);
        Member {
            member_name: member_name.to_owned(),
            serde_key: if xml_facts.is_some() {
                member_name.to_owned()
            } else {
                wire_name.clone()
            },
            xml_facts: xml_facts.filter(|facts| facts != member_name),
            wire_name,
            wire_aliases,
            set_name: symbols::set_name(&field_name),
            label: symbols::label(&field_name),
            field_name,
            variant_name: names::variant_name(member_name),
            wire_format: super::wire_format(
                &ty,
                timestamp_format,
                self.client.as_ref().is_some_and(|c| c.speaks_xml()),
            ),

            location: Location::parse(
                member.location.as_deref(),
                member.location_name.as_deref().unwrap_or(member_name),
            ),
            ty,
            target,
            required: default.is_some() || !(shape.union || shape.eventstream) && model_required,
            default,
            label_fallback: None,
            sensitive: member.sensitive || self.is_sensitive(&member.shape, 0),
            boxed: self
                .model
                .shape_id(structure)
                .is_some_and(|owner| self.boxed.contains(&(owner, target))),
            docs: html_to_markdown(docs),
            deprecated: member.deprecated,
            constraints: shapes
                .get(target.0)
                .map(|s| s.constraints.clone())
                .unwrap_or_default(),
            timestamp_format,
            idempotency_token: member.idempotency_token,
            json_value: member.json_value,
            media_type: target_shape.and_then(|t| t.media_type.clone()),
        }
    }

    /// Members whose Rust fields, union variants or builder setters would collide, and
    /// required members that are not members.
    fn member_name_collisions(&mut self, name: &str, shape: &model::Shape) {
        let mut fields: BTreeMap<String, &str> = BTreeMap::new();
        let mut variants: BTreeMap<String, &str> = BTreeMap::new();
        for member_name in shape.members.keys() {
            let at = pointer(["shapes", name, "members", member_name]);
            let field = names::field_name(member_name);
            if let Some(first) = fields.insert(field.clone(), member_name) {
                self.error(at.clone(), format!("members `{first}` and `{member_name}` of `{name}` both become field `{field}`"))
                    .notes
                    .push("rename one of them in the model, or add a naming rule to `ir::names`".into());
            }
            if shape.union || shape.eventstream {
                let variant = names::variant_name(member_name);
                if let Some(first) = variants.insert(variant.clone(), member_name) {
                    self.error(at, format!("members `{first}` and `{member_name}` of union `{name}` both become variant `{variant}`"));
                }
            }
        }
        // A member `SetFoo` would collide with the builder's setter `set_foo` of member `Foo`.
        for (field, member_name) in &fields {
            let setter = symbols::set_name(field);
            if let Some(other) = fields.get(&setter) {
                self.error(
                    pointer(["shapes", name, "members", other]),
                    format!("member `{other}` of `{name}` collides with the builder setter of member `{member_name}`"),
                );
            }
        }
        for (i, required) in shape.required.iter().enumerate() {
            if !shape.members.contains_key(required) {
                let hint = did_you_mean(required, shape.members.keys().map(String::as_str));
                let d = self.error(
                    pointer(["shapes", name, "required", &i.to_string()]),
                    format!("required member `{required}` is not a member of `{name}`"),
                );
                if let Some(hint) = hint {
                    d.notes.push(format!("did you mean `{hint}`?"));
                }
            }
        }
    }

    /// Members that share a wire name (S3's deprecated `Event` and `Events`, a flattened list
    /// of `Event` elements): reading gives the name to the first, with a warning.
    fn wire_name_collisions(&mut self, name: &str, members: &[Member]) {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for m in members {
            if let Some(first) = seen.insert(&m.wire_name, &m.member_name) {
                self.problems.push(Diagnostic::warning(
                    self.file,
                    pointer(["shapes", name, "members", &m.member_name]),
                    format!(
                        "members `{first}` and `{}` of `{name}` are both `{}` on the wire: reading a response fills `{first}` only",
                        m.member_name, m.wire_name
                    ),
                ));
            }
        }
    }

    /// Every enum, by Rust name. Two values that become one variant are an error when they
    /// are the same value, else the later one gets a numbered variant, with a warning.
    pub(super) fn enums(&mut self) -> Vec<Enum> {
        let model = self.model;
        let mut enums = Vec::new();
        for (name, shape) in &model.shapes {
            let Some(values) = shape
                .enum_values
                .as_ref()
                .filter(|_| shape.shape_type == ShapeType::String)
            else {
                continue;
            };
            let renamed = symbols::enum_variants(values);
            let mut seen: BTreeMap<String, &str> = BTreeMap::new();
            for (i, value) in values.iter().enumerate() {
                let variant = names::variant_name(value);
                let at = pointer(["shapes", name, "enum", &i.to_string()]);
                match seen.insert(variant.clone(), value) {
                    Some(first) if first == value => {
                        self.error(at, format!("enum `{name}` lists `{value}` twice"));
                    }
                    Some(first) => self.problems.push(Diagnostic::warning(
                        self.file,
                        at,
                        format!("enum values `{first}` and `{value}` of `{name}` both become variant `{variant}`; `{value}` is `{}`", renamed[i]),
                    )),
                    None => {}
                }
            }
            enums.push(Enum {
                wire_name: name.clone(),
                rust_name: names::type_name(name),
                docs: html_to_markdown(shape.documentation.as_deref().unwrap_or("")),
                variants: values
                    .iter()
                    .zip(renamed)
                    .map(|(v, rust_name)| Variant {
                        wire_name: v.clone(),
                        rust_name,
                    })
                    .collect(),
                sensitive: shape.sensitive,
            });
        }
        enums.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        enums
    }

    /// Two shapes that both become one Rust type.
    pub(super) fn type_name_collisions(&mut self) {
        let model = self.model;
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (name, shape) in &model.shapes {
            let generates_type = (shape.shape_type == ShapeType::Structure && !shape.document)
                || (shape.shape_type == ShapeType::String && shape.enum_values.is_some());
            if !generates_type {
                continue;
            }
            let rust = names::type_name(name);
            if let Some(first) = seen.insert(rust.clone(), name) {
                self.error(
                    pointer(["shapes", name]),
                    format!("shapes `{first}` and `{name}` both become type `{rust}`"),
                )
                .notes
                .push("Rust names are case-converted; rename one shape in the model".into());
            }
        }
    }
}

/// What the structure that owns a member is, as far as the member is concerned.
#[derive(Clone, Copy)]
struct Owner {
    /// An error shape (whose `message` member is read in either case).
    error: bool,
    /// An operation's input (whose optional members' defaults are not sent).
    operation_input: bool,
}
