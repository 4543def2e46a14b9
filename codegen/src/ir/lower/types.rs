//! The Rust types of shapes: types, sensitivity, timestamp formats, and the members boxed
//! to break recursion.

use super::Lowerer;
use crate::diag::Diagnostic;
use crate::ir::{names, TimestampFormat, Type};
use crate::lang::jmespath::Boxed;
use crate::model::{self, ServiceModel, ShapeType};
use std::collections::{BTreeMap, BTreeSet};

impl Lowerer<'_> {
    /// The format the model gives the timestamps a member holds (itself, or the elements
    /// of its lists and maps): the member's `timestampFormat`, else its target's.
    pub(super) fn timestamp_format(
        &self,
        member: &model::Member,
        depth: usize,
    ) -> Option<TimestampFormat> {
        let shape = self
            .model
            .shapes
            .get(&member.shape)
            .filter(|_| depth < 32)?;
        match shape.shape_type {
            ShapeType::Timestamp => member
                .timestamp_format
                .as_ref()
                .or(shape.timestamp_format.as_ref())
                // An unknown format is reported where the shape or member is resolved.
                .and_then(|f| TimestampFormat::parse(f)),
            ShapeType::List => self.timestamp_format(shape.member.as_ref()?, depth + 1),
            ShapeType::Map => self.timestamp_format(shape.value.as_ref()?, depth + 1),
            _ => None,
        }
    }

    pub(super) fn type_of(
        &mut self,
        shape_name: &str,
        at: &dyn Fn() -> String,
        depth: usize,
    ) -> Type {
        if depth >= 32 {
            self.problems.push(Diagnostic::error(
                self.file,
                at(),
                format!("shape `{shape_name}` nests lists and maps more than 32 deep"),
            ));
            return Type::String;
        }
        // A missing shape, or one of a type the generator does not support, is reported
        // where it is referenced or defined; its type is a placeholder.
        let Some(shape) = self.model.shapes.get(shape_name) else {
            return Type::String;
        };
        match &shape.shape_type {
            ShapeType::String if shape.enum_values.is_some() => Type::Named {
                rust_name: names::type_name(shape_name),
                is_enum: true,
            },
            ShapeType::String | ShapeType::Character => Type::String,
            ShapeType::Boolean => Type::Bool,
            // Bytes and shorts fit an i32; their ranges are checked (see `constraints`).
            ShapeType::Integer | ShapeType::Byte | ShapeType::Short => Type::I32,
            ShapeType::Long => Type::I64,
            ShapeType::Float => Type::F32,
            ShapeType::Double => Type::F64,
            ShapeType::BigInteger => Type::BigInteger,
            ShapeType::BigDecimal => Type::BigDecimal,
            ShapeType::Timestamp => Type::Timestamp,
            ShapeType::Blob if shape.streaming => Type::StreamingBlob,
            ShapeType::Blob => Type::Blob,
            ShapeType::Structure if shape.document => Type::Document,
            ShapeType::Structure if shape.eventstream => Type::EventStream(Box::new(Type::Named {
                rust_name: names::type_name(shape_name),
                is_enum: false,
            })),
            ShapeType::Structure => Type::Named {
                rust_name: names::type_name(shape_name),
                is_enum: false,
            },
            ShapeType::List => {
                let element = shape.member.as_ref().map_or("", |m| m.shape.as_str());
                let element = self.type_of(element, at, depth + 1);
                Type::List(Box::new(nullable_if(shape.sparse, element)))
            }
            ShapeType::Map => {
                let key = shape.key.as_ref().map_or("", |m| m.shape.as_str());
                let value = shape.value.as_ref().map_or("", |m| m.shape.as_str());
                let value = self.type_of(value, at, depth + 1);
                Type::Map(
                    Box::new(self.type_of(key, at, depth + 1)),
                    Box::new(nullable_if(shape.sparse, value)),
                )
            }
            _ => Type::String,
        }
    }

    /// A value is sensitive if its shape is, or if it is a list or map of sensitive values;
    /// structures redact their own members.
    pub(super) fn is_sensitive(&self, shape_name: &str, depth: usize) -> bool {
        let Some(shape) = self.model.shapes.get(shape_name).filter(|_| depth < 32) else {
            return false;
        };
        shape.sensitive
            || match shape.shape_type {
                ShapeType::List => shape
                    .member
                    .as_ref()
                    .is_some_and(|m| m.sensitive || self.is_sensitive(&m.shape, depth + 1)),
                ShapeType::Map => shape
                    .value
                    .as_ref()
                    .is_some_and(|m| m.sensitive || self.is_sensitive(&m.shape, depth + 1)),
                _ => false,
            }
    }

    /// Whether a value of the shape can hold a sensitive value anywhere inside it.
    pub(super) fn carries_sensitive<'m>(
        &'m self,
        shape_name: &'m str,
        seen: &mut BTreeSet<&'m str>,
    ) -> bool {
        if !seen.insert(shape_name) {
            return false;
        }
        let Some(shape) = self.model.shapes.get(shape_name) else {
            return false;
        };
        shape.sensitive
            || shape
                .contained()
                .any(|m| m.sensitive || self.carries_sensitive(&m.shape, seen))
    }
}

/// Member edges `(structure, target)` that lie on a cycle of direct structure containment;
/// those members are boxed so the types have a finite size. Lists and maps already
/// allocate, so cycles through them need no box. Safe on a model with errors: the checks
/// use it too.
pub fn recursive_edges(model: &ServiceModel) -> Boxed {
    let is_structure = |s: &model::Shape| s.shape_type == ShapeType::Structure && !s.document;
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, shape) in &model.shapes {
        if !is_structure(shape) {
            continue;
        }
        let targets = edges.entry(name).or_default();
        for member in shape.members.values() {
            if model.shapes.get(&member.shape).is_some_and(is_structure) {
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
                if let (Some(from), Some(to)) = (model.shape_id(from), model.shape_id(to)) {
                    recursive.insert((from, to));
                }
            }
        }
    }
    recursive
}

/// The type of a collection's items: `Nullable` when the collection is `@sparse`.
fn nullable_if(sparse: bool, item: Type) -> Type {
    if sparse {
        Type::Nullable(Box::new(item))
    } else {
        item
    }
}
