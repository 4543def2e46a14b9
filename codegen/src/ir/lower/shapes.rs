//! Resolves every shape as validators see it: its kind, its constraints and pattern, and the
//! checks of its type, list member, map key and value, and timestamp format.

use super::Lowerer;
use crate::diag::{did_you_mean, pointer, Diagnostic};
use crate::ir::{Constraints, Pattern, ShapeId, TimestampFormat, Type, ValueKind, ValueShape};
use crate::lang::pattern::{self, PatternCheck};
use crate::model::{self, ShapeType};

/// Shape types botocore knows but the generator does not support yet.
/// (A document is a `structure` with `document: true`.)
const UNSUPPORTED_TYPES: &[ShapeType] = &[ShapeType::Document];

impl Lowerer<'_> {
    /// Every shape, in id order. A shape with an unsupported or unknown type is an error
    /// (its entry is a placeholder); which shapes need checks is decided later, once the
    /// structures are resolved.
    pub(super) fn value_shapes(&mut self) -> Vec<ValueShape> {
        let model = self.model;
        let mut shapes = Vec::with_capacity(model.shapes.len());
        for (name, shape) in &model.shapes {
            let resolved = self.shape_kind(name, shape);
            let constraints = match &resolved {
                Some(kind) if *kind != ValueKind::Document => self.constraints(name, shape),
                _ => Constraints::default(),
            };
            shapes.push(ValueShape {
                wire_name: name.clone(),
                kind: resolved.unwrap_or(ValueKind::Document),
                constraints,
                sensitive: shape.sensitive,
                sparse: shape.sparse,
                needs_check: false,
                rules: None,
            });
        }
        shapes
    }

    /// The kind of a shape, after the checks of its type and of what it contains; `None`
    /// when its type is unsupported or unknown.
    fn shape_kind(&mut self, name: &str, shape: &model::Shape) -> Option<ValueKind> {
        let at = |keys: &[&str]| {
            let mut all = vec!["shapes", name];
            all.extend_from_slice(keys);
            pointer(all)
        };
        let t = &shape.shape_type;
        if shape.document {
            // A document is any JSON value; it has no members to check.
            if *t != ShapeType::Structure {
                self.error(
                    at(&["document"]),
                    format!("shape `{name}` is a document but has type `{t}`, not `structure`"),
                );
                return None;
            }
            return Some(ValueKind::Document);
        }
        if UNSUPPORTED_TYPES.contains(t) {
            self.error(
                at(&["type"]),
                format!("shape `{name}` has type `{t}`, which is not supported yet"),
            )
            .notes
            .push("a document is written as a structure with `\"document\": true`".into());
            return None;
        }
        if !ShapeType::KNOWN.contains(t) {
            // Suggest only types the generator turns into Rust types.
            let supported = ShapeType::KNOWN
                .iter()
                .filter(|k| !UNSUPPORTED_TYPES.contains(k));
            let hint = did_you_mean(t.as_str(), supported.map(ShapeType::as_str));
            let d = self.error(
                at(&["type"]),
                format!("shape `{name}` has unknown type `{t}`"),
            );
            if let Some(hint) = hint {
                d.notes.push(format!("did you mean `{hint}`?"));
            }
            return None;
        }
        if shape.enum_values.is_some() && *t != ShapeType::String {
            self.error(
                at(&["enum"]),
                format!("shape `{name}` is a {t} but lists enum values"),
            );
        }
        if let Some(format) = &shape.timestamp_format {
            self.check_timestamp_format(at(&["timestampFormat"]), format);
        }
        if matches!(t, ShapeType::List | ShapeType::Map) && self.is_container_cycle(name) {
            self.error(
                at(&[]),
                format!("{t} `{name}` contains itself without a structure in between"),
            );
        }
        // A reference to a shape that does not exist is reported; its id is a placeholder.
        let mut contained = |role: &str, member: &Option<model::Member>| match member {
            Some(member) => self
                .member_target(at(&[role, "shape"]), member)
                .unwrap_or(ShapeId(0)),
            None => {
                self.error(at(&[]), format!("{t} `{name}` has no `{role}`"));
                ShapeId(0)
            }
        };
        Some(match t {
            ShapeType::String if shape.enum_values.is_some() => ValueKind::Enum,
            ShapeType::String | ShapeType::Character => ValueKind::String,
            ShapeType::Integer | ShapeType::Byte | ShapeType::Short => ValueKind::Number(Type::I32),
            ShapeType::Long => ValueKind::Number(Type::I64),
            ShapeType::Float => ValueKind::Number(Type::F32),
            ShapeType::Double => ValueKind::Number(Type::F64),
            ShapeType::BigInteger => ValueKind::Number(Type::BigInteger),
            ShapeType::BigDecimal => ValueKind::Number(Type::BigDecimal),
            ShapeType::Blob => ValueKind::Blob,
            ShapeType::Boolean => ValueKind::Bool,
            ShapeType::List => ValueKind::List(contained("member", &shape.member)),
            ShapeType::Map => {
                let key = contained("key", &shape.key);
                let value = contained("value", &shape.value);
                let key_type = shape
                    .key
                    .as_ref()
                    .and_then(|k| self.model.shapes.get(&k.shape));
                if let Some(key_type) = key_type.filter(|k| k.shape_type != ShapeType::String) {
                    let kt = &key_type.shape_type;
                    self.error(
                        at(&["key", "shape"]),
                        format!("map `{name}` has {kt} keys; only string keys are supported"),
                    );
                }
                ValueKind::Map(key, value)
            }
            ShapeType::Structure => match self.structure_ids.get(name) {
                Some(&id) => ValueKind::Structure(id),
                None => ValueKind::Document,
            },
            _ => ValueKind::Timestamp,
        })
    }

    /// The checks of a member's target, streaming, timestamp format and idempotency token
    /// (`location` is the pointer to its `shape`); the target's id, if it exists.
    pub(super) fn member_target(
        &mut self,
        location: String,
        member: &model::Member,
    ) -> Option<ShapeId> {
        let target = self.reference(location.clone(), &member.shape);
        let base = location.trim_end_matches("/shape").to_owned();
        if let Some(format) = &member.timestamp_format {
            self.check_timestamp_format(format!("{base}/timestampFormat"), format);
        }
        let is_string = target
            .and_then(|id| self.model.shape_at(id))
            .is_some_and(|(_, t)| t.shape_type == ShapeType::String);
        if member.idempotency_token && !is_string {
            self.error(
                format!("{base}/idempotencyToken"),
                "an idempotency token must be a string member".into(),
            );
        }
        target
    }

    fn check_timestamp_format(&mut self, location: String, format: &str) {
        if TimestampFormat::parse(format).is_none() {
            self.error(location, format!("unknown timestamp format `{format}`"))
                .notes
                .push("botocore knows `unixTimestamp`, `iso8601` and `rfc822`".into());
        }
    }

    /// The constraints of a shape. A pattern is checked by linear-time regexes when it
    /// translates to ones that compile; else by a backtracking regex under a step limit,
    /// with a warning; else not at all, with a warning. A pattern never refuses its service.
    fn constraints(&mut self, name: &str, shape: &model::Shape) -> Constraints {
        let pattern = shape.pattern.as_ref().map(|java| {
            let check = pattern::plan(java);
            let message = match &check {
                PatternCheck::Linear(_) => None,
                PatternCheck::Backtracking { why, .. } => Some(format!("the pattern of `{name}` is checked by a backtracking engine under a step limit (a value that runs out of steps is accepted with a warning): {why}")),
                PatternCheck::Unchecked { why } => Some(format!("the pattern of `{name}` is not checked (values are accepted with a warning): {why}")),
            };
            if let Some(message) = message {
                self.problems.push(
                    Diagnostic::warning(self.file, pointer(["shapes", name, "pattern"]), message)
                        .note(format!("the pattern is `{java}`")),
                );
            }
            Pattern {
                java: java.clone(),
                check,
            }
        });
        // A byte or short travels in an i32, so its own range becomes a constraint.
        let (low, high) = match shape.shape_type {
            ShapeType::Byte => (Some(-128.0), Some(127.0)),
            ShapeType::Short => (Some(-32768.0), Some(32767.0)),
            _ => (None, None),
        };
        Constraints {
            min: shape.min.or(low),
            max: shape.max.or(high),
            pattern,
        }
    }

    /// Whether a list or map reaches itself through list members and map values alone.
    fn is_container_cycle(&self, start: &str) -> bool {
        let mut current = start;
        for _ in 0..=self.model.shapes.len() {
            let Some(shape) = self.model.shapes.get(current) else {
                return false;
            };
            let next = match shape.shape_type {
                ShapeType::List => shape.member.as_ref(),
                ShapeType::Map => shape.value.as_ref(),
                _ => return false,
            };
            match next {
                Some(m) if m.shape == start => return true,
                Some(m) => current = &m.shape,
                None => return false,
            }
        }
        false
    }
}
