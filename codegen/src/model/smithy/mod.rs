//! Reads a Smithy JSON AST model (1.0 or 2.0) into the same mirror as a botocore model.
//!
//! Assembly happens here: shapes by absolute id, `apply` merged in, mixins flattened, the
//! service's operations gathered from its resources. `convert` then writes the botocore
//! shapes, operations and metadata, and `flows` the paginators and waiters. Every problem
//! is located by a JSON Pointer into the Smithy file; the [`SourceMap`] moves the later
//! checks' botocore pointers there too.

mod convert;
mod flows;
mod members;
mod service;
mod traits;

#[cfg(test)]
mod tests;

pub use crate::diag::SourceMap;

/// An empty botocore structure, for shapes made up while checking.
pub fn blank_structure() -> super::Shape {
    convert::blank(super::ShapeType::Structure)
}

/// A member reference with nothing but its target.
pub fn member_ref(target: String) -> super::Member {
    convert::member_ref(target)
}

use super::{Models, SourceFile};
use crate::diag::{pointer, Diagnostic, Diagnostics};
use indexmap::IndexMap;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Shape types the JSON AST knows (`set` is Smithy 1.0's list of unique items).
const SHAPE_TYPES: &[&str] = &[
    "service",
    "resource",
    "operation",
    "structure",
    "union",
    "list",
    "set",
    "map",
    "string",
    "enum",
    "intEnum",
    "integer",
    "long",
    "short",
    "byte",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "boolean",
    "blob",
    "timestamp",
    "document",
    "apply",
];

/// One member of an aggregate shape, after mixins: its target, traits, and where its
/// definition is in the file.
#[derive(Clone, Debug)]
struct AstMember {
    target: String,
    traits: Map<String, Value>,
    at: String,
}

/// One shape, after `apply` and mixins.
#[derive(Clone, Debug)]
struct AstShape {
    kind: String,
    traits: Map<String, Value>,
    /// Members of structures, unions, enums and intEnums; `member`, `key` and `value` of
    /// lists and maps, under those names.
    members: IndexMap<String, AstMember>,
    /// The shape's JSON object as written, for the fields of services and operations.
    raw: Map<String, Value>,
    at: String,
}

/// The assembled model: every shape by absolute id, and the service.
struct Assembled<'a> {
    file: &'a str,
    shapes: IndexMap<String, AstShape>,
    service: String,
    problems: Diagnostics,
}

/// Whether a parsed JSON document is a Smithy JSON AST rather than a botocore model.
pub fn is_smithy(value: &Value) -> bool {
    value.get("smithy").is_some() && value.get("shapes").is_some()
}

/// Loads a Smithy JSON AST; `partitions` is botocore's partitions file, which endpoint
/// rules need.
pub fn load(
    file: &SourceFile,
    value: &Value,
    partitions: Option<Value>,
    service_shape: Option<&str>,
) -> Result<Models, Diagnostics> {
    let mut problems = Diagnostics::default();
    let assembled = assemble(&file.path, value, service_shape, &mut problems);
    let models = assembled.and_then(|a| {
        let mut a = a;
        let models = convert::convert(&mut a, partitions);
        problems.0.append(&mut a.problems.0);
        models
    });
    match models {
        Some(models) if !problems.has_errors() => Ok(models),
        _ => {
            problems.sort();
            Err(problems)
        }
    }
}

fn assemble<'a>(
    file: &'a str,
    value: &Value,
    service_shape: Option<&str>,
    problems: &mut Diagnostics,
) -> Option<Assembled<'a>> {
    let error = |at: String, message: String| Diagnostic::error(file, at, message);
    let Some(root) = value.as_object() else {
        problems.push(error(
            String::new(),
            "a Smithy model must be a JSON object".into(),
        ));
        return None;
    };
    match root.get("smithy").and_then(Value::as_str) {
        Some(v) if v == "1.0" || v == "2.0" || v == "2" || v == "1" => {}
        Some(v) => problems.push(error(
            "/smithy".into(),
            format!("Smithy IDL version `{v}` is not supported (1.0 and 2.0 are)"),
        )),
        None => problems.push(error(
            "/smithy".into(),
            "`smithy` must be a version string such as \"2.0\"".into(),
        )),
    }
    let Some(raw_shapes) = root.get("shapes").and_then(Value::as_object) else {
        problems.push(error("/shapes".into(), "`shapes` must be an object".into()));
        return None;
    };
    let mut shapes = IndexMap::new();
    let mut applies = Vec::new();
    for (id, raw) in raw_shapes {
        let at = pointer(["shapes", id]);
        if !id.contains('#') {
            problems.push(error(
                at.clone(),
                format!("shape id `{id}` is not absolute (`namespace#Name`)"),
            ));
            continue;
        }
        let Some(object) = raw.as_object() else {
            problems.push(error(at, format!("shape `{id}` must be an object")));
            continue;
        };
        let kind = match object.get("type").and_then(Value::as_str) {
            Some(kind) if SHAPE_TYPES.contains(&kind) => kind.to_owned(),
            Some(kind) => {
                let mut d = error(
                    format!("{at}/type"),
                    format!("shape `{id}` has unknown type `{kind}`"),
                );
                if let Some(hint) = crate::diag::did_you_mean(kind, SHAPE_TYPES.iter().copied()) {
                    d = d.note(format!("did you mean `{hint}`?"));
                }
                problems.push(d);
                continue;
            }
            None => {
                problems.push(error(
                    format!("{at}/type"),
                    format!("shape `{id}` needs a `type`"),
                ));
                continue;
            }
        };
        let traits = traits::object(file, object, &at, "traits", problems);
        if kind == "apply" {
            applies.push((id.clone(), traits, at));
            continue;
        }
        let members = members_of(file, &kind, object, &at, problems);
        shapes.insert(
            id.clone(),
            AstShape {
                kind,
                traits,
                members,
                raw: object.clone(),
                at,
            },
        );
    }
    let mut a = Assembled {
        file,
        shapes,
        service: String::new(),
        problems: Diagnostics::default(),
    };
    a.flatten_mixins();
    for (target, traits, at) in applies {
        a.apply(&target, traits, &at);
    }
    let services: Vec<String> = a
        .shapes
        .iter()
        .filter(|(_, s)| s.kind == "service")
        .map(|(id, _)| id.clone())
        .collect();
    // A name without a namespace picks the service of that name in any namespace.
    let chosen: Vec<&String> = match service_shape {
        Some(wanted) => services
            .iter()
            .filter(|id| {
                *id == wanted || (!wanted.contains('#') && id.rsplit('#').next() == Some(wanted))
            })
            .collect(),
        None => services.iter().collect(),
    };
    match (chosen.as_slice(), service_shape) {
        ([one], _) => a.service = (*one).clone(),
        ([], Some(wanted)) if !services.is_empty() => a.problems.push(
            error(
                "/shapes".into(),
                format!("the model has no service shape `{wanted}`"),
            )
            .note(format!("services: {}", services.join(", "))),
        ),
        ([], _) => a.problems.push(error(
            "/shapes".into(),
            "the model has no service shape".into(),
        )),
        (many, _) => a.problems.push(
            error(
                "/shapes".into(),
                format!(
                    "the model has {} service shapes; one is expected",
                    many.len()
                ),
            )
            .note(format!(
                "services: {}; choose one (`--service` on the command line)",
                many.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ),
    }
    problems.0.append(&mut a.problems.0);
    (!problems.has_errors()).then_some(a)
}

/// The members of a shape as written: named members, or `member`, `key` and `value`.
fn members_of(
    file: &str,
    kind: &str,
    object: &Map<String, Value>,
    at: &str,
    problems: &mut Diagnostics,
) -> IndexMap<String, AstMember> {
    let mut out = IndexMap::new();
    let mut one = |name: &str, value: &Value, at: String, problems: &mut Diagnostics| {
        let Some(member) = value.as_object() else {
            problems.push(Diagnostic::error(
                file,
                at,
                format!("member `{name}` must be an object"),
            ));
            return;
        };
        let Some(target) = member.get("target").and_then(Value::as_str) else {
            problems.push(Diagnostic::error(
                file,
                format!("{at}/target"),
                format!("member `{name}` needs a `target` shape id"),
            ));
            return;
        };
        let traits = traits::object(file, member, &at, "traits", problems);
        out.insert(
            name.to_owned(),
            AstMember {
                target: target.to_owned(),
                traits,
                at,
            },
        );
    };
    match kind {
        "list" | "set" => match object.get("member") {
            Some(m) => one("member", m, format!("{at}/member"), problems),
            None => problems.push(Diagnostic::error(
                file,
                format!("{at}/member"),
                "a list needs a `member`".to_owned(),
            )),
        },
        "map" => {
            for key in ["key", "value"] {
                match object.get(key) {
                    Some(m) => one(key, m, format!("{at}/{key}"), problems),
                    None => problems.push(Diagnostic::error(
                        file,
                        format!("{at}/{key}"),
                        format!("a map needs a `{key}`"),
                    )),
                }
            }
        }
        _ => match object.get("members") {
            Some(Value::Object(members)) => {
                for (name, m) in members {
                    one(
                        name,
                        m,
                        format!("{at}{}", pointer(["members", name])),
                        problems,
                    );
                }
            }
            Some(_) => problems.push(Diagnostic::error(
                file,
                format!("{at}/members"),
                "`members` must be an object".to_owned(),
            )),
            None => {}
        },
    }
    out
}

impl Assembled<'_> {
    fn error(&mut self, at: impl Into<String>, message: impl Into<String>) -> &mut Diagnostic {
        self.problems
            .push(Diagnostic::error(self.file, at, message));
        self.problems.0.last_mut().expect("just pushed")
    }

    /// Merges an `apply` shape's traits into its target (a shape or `Shape$member`).
    fn apply(&mut self, target: &str, traits: Map<String, Value>, at: &str) {
        let (shape_id, member) = match target.split_once('$') {
            Some((shape, member)) => (shape, Some(member)),
            None => (target, None),
        };
        let file = self.file;
        let Some(shape) = self.shapes.get_mut(shape_id) else {
            self.error(at, format!("`apply` targets undefined shape `{target}`"));
            return;
        };
        let into = match member {
            None => &mut shape.traits,
            Some(m) => match shape.members.get_mut(m) {
                Some(member) => &mut member.traits,
                None => {
                    self.error(at, format!("`apply` targets undefined member `{target}`"));
                    return;
                }
            },
        };
        for (id, value) in traits {
            if let Err(message) = traits::merge(into, &id, value) {
                self.problems
                    .push(Diagnostic::error(file, format!("{at}/traits"), message));
            }
        }
    }

    /// Copies each mixin's members and traits into the shapes that use it, depth first.
    fn flatten_mixins(&mut self) {
        let ids: Vec<String> = self.shapes.keys().cloned().collect();
        let mut done = BTreeSet::new();
        for id in ids {
            self.flatten(&id, &mut Vec::new(), &mut done);
        }
        // Mixins are not shapes of the service.
        self.shapes
            .retain(|_, s| !s.traits.contains_key("smithy.api#mixin"));
    }

    fn flatten(&mut self, id: &str, stack: &mut Vec<String>, done: &mut BTreeSet<String>) {
        if done.contains(id) {
            return;
        }
        if stack.iter().any(|s| s == id) {
            let at = self
                .shapes
                .get(id)
                .map(|s| s.at.clone())
                .unwrap_or_default();
            self.error(
                format!("{at}/mixins"),
                format!("mixin cycle: {} -> {id}", stack.join(" -> ")),
            );
            return;
        }
        let Some(shape) = self.shapes.get(id) else {
            return;
        };
        let at = shape.at.clone();
        let mixins: Vec<(usize, Option<String>)> = match shape.raw.get("mixins") {
            None => Vec::new(),
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    (
                        i,
                        m.get("target").and_then(Value::as_str).map(str::to_owned),
                    )
                })
                .collect(),
            Some(_) => {
                self.error(format!("{at}/mixins"), "`mixins` must be a list");
                return;
            }
        };
        stack.push(id.to_owned());
        let mut members = IndexMap::new();
        let mut traits = Map::new();
        for (i, mixin) in mixins {
            let here = format!("{at}/mixins/{i}");
            let Some(mixin) = mixin else {
                self.error(here, "a mixin reference needs a `target`");
                continue;
            };
            self.flatten(&mixin, stack, done);
            let Some(source) = self.shapes.get(&mixin) else {
                self.error(
                    format!("{here}/target"),
                    format!("mixin `{mixin}` is not defined"),
                );
                continue;
            };
            if !source.traits.contains_key("smithy.api#mixin") {
                self.error(
                    format!("{here}/target"),
                    format!("`{mixin}` is used as a mixin but has no `smithy.api#mixin` trait"),
                );
                continue;
            }
            let local: Vec<String> = source
                .traits
                .get("smithy.api#mixin")
                .and_then(|m| m.get("localTraits"))
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(|t| t.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            for (name, value) in &source.traits {
                if name != "smithy.api#mixin" && !local.contains(name) {
                    traits.insert(name.clone(), value.clone());
                }
            }
            let source_members = source.members.clone();
            for (name, member) in source_members {
                match members.get(&name) {
                    Some(AstMember { target, .. }) if *target != member.target => {
                        self.error(
                            here.clone(),
                            format!("mixin conflict: member `{name}` of `{id}` targets `{target}` in one mixin and `{}` in `{mixin}`", member.target),
                        );
                    }
                    _ => {
                        members.insert(name, member);
                    }
                }
            }
        }
        stack.pop();
        done.insert(id.to_owned());
        if members.is_empty() && traits.is_empty() {
            return;
        }
        let mut problems = Vec::new();
        let Some(shape) = self.shapes.get_mut(id) else {
            return;
        };
        // The shape's own members and traits come after (and refine) the mixins'.
        for (name, own) in std::mem::take(&mut shape.members) {
            match members.get_mut(&name) {
                Some(inherited) if inherited.target != own.target => problems.push((
                    own.at.clone(),
                    format!("mixin conflict: member `{name}` of `{id}` targets `{}`, but a mixin defines it with target `{}`", own.target, inherited.target),
                )),
                Some(inherited) => {
                    for (t, v) in own.traits {
                        inherited.traits.insert(t, v);
                    }
                }
                None => {
                    members.insert(name, own);
                }
            }
        }
        shape.members = members;
        for (name, value) in std::mem::take(&mut shape.traits) {
            traits.insert(name, value);
        }
        shape.traits = traits;
        for (at, message) in problems {
            self.error(at, message);
        }
    }
}
