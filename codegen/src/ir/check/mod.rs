//! The first step of lowering: semantic checks on the raw model, every problem collected,
//! none a panic; what they translate and compile on the way is kept for lowering.

mod http;
#[cfg(test)]
mod tests;

use super::{names, symbols, ClientProtocol, JsonVersion, TimestampFormat, WireProtocol};
use crate::diag::{did_you_mean, pointer, Diagnostic, Diagnostics};
use crate::lang::pattern::{self, PatternCheck};
use crate::model::{Member, Models, ServiceModel, Shape, ShapeType};
use std::collections::{BTreeMap, BTreeSet};

/// Shape types botocore knows but the generator does not support yet.
/// (A document is a `structure` with `document: true`.)
const UNSUPPORTED_TYPES: &[ShapeType] = &[ShapeType::Document];

/// What the checks translated to find errors, kept so that lowering takes each pattern's
/// translation from here instead of doing the work twice.
#[derive(Debug, Default)]
pub(super) struct Checked {
    /// How each pattern is checked, by the name of the shape that has it.
    pub patterns: BTreeMap<String, PatternCheck>,
    /// Operations left out of the client (they stream events), by name; their input and
    /// output types are still generated.
    pub left_out: BTreeSet<String>,
}

/// Runs the checks of the service, its shapes, operations and endpoint rules: all problems
/// found, sorted by location, and what was translated on the way. (Paginators and waiters
/// are checked where they are resolved, in lowering.)
pub(super) fn check(models: &Models) -> (Diagnostics, Checked) {
    let mut checker = Checker {
        model: &models.service,
        file: &models.service_path,
        problems: Diagnostics::default(),
        checked: Checked::default(),
    };
    checker.metadata();
    checker.operations();
    checker.shapes();
    checker.type_name_collisions();
    endpoint_rules(models, &mut checker.problems);
    let Checker {
        mut problems,
        checked,
        ..
    } = checker;
    problems.sort();
    (problems, checked)
}

/// Rule functions the runtime's rules engine implements: the runtime's own list, which its
/// tests hold the engine to.
#[path = "../../../runtime/src/client/endpoint_functions.rs"]
mod endpoint_functions;
use endpoint_functions::RULE_FUNCTIONS;

/// Every function an endpoint rule set calls must be one the engine implements.
fn endpoint_rules(models: &Models, problems: &mut Diagnostics) {
    let Some((file, rules)) = &models.endpoint_rules else {
        return;
    };
    fn walk(value: &serde_json::Value, at: &str, found: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(name) = map.get("fn").and_then(|f| f.as_str()) {
                    found.push((name.to_owned(), at.to_owned()));
                }
                for (k, v) in map {
                    walk(
                        v,
                        &format!("{at}/{}", crate::diag::pointer_escape(k)),
                        found,
                    );
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{at}/{i}"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(rules, "", &mut found);
    for (name, at) in found {
        if !RULE_FUNCTIONS.contains(&name.as_str()) {
            problems.push(
                Diagnostic::error(
                    file,
                    at,
                    format!("the endpoint rule function `{name}` is not supported"),
                )
                .note(format!(
                    "the rules engine implements {}",
                    RULE_FUNCTIONS.join(", ")
                )),
            );
        }
    }
    if models.partitions.is_none() {
        problems.push(
            Diagnostic::warning(file, "", "endpoint rules need partitions.json; endpoints will be `https://{prefix}.{region}.amazonaws.com`")
                .note("put botocore's data/partitions.json beside the model or one or two directories up"),
        );
    }
}

struct Checker<'a> {
    model: &'a ServiceModel,
    file: &'a str,
    problems: Diagnostics,
    checked: Checked,
}

impl Checker<'_> {
    fn error(&mut self, location: String, message: String) -> &mut Diagnostic {
        self.problems
            .push(Diagnostic::error(self.file, location, message));
        self.problems
            .0
            .last_mut()
            .expect("a diagnostic was just pushed")
    }

    fn metadata(&mut self) {
        let meta = &self.model.metadata;
        let mut protocols = vec![("/metadata/protocol".to_owned(), meta.protocol.as_str())];
        for (i, p) in meta.protocols.iter().flatten().enumerate() {
            protocols.push((format!("/metadata/protocols/{i}"), p.as_str()));
        }
        let spoken: Vec<WireProtocol> = protocols
            .iter()
            .map(|(_, p)| WireProtocol::parse(p))
            .skip(usize::from(meta.protocols.is_some()))
            .collect();
        let json_version = meta.json_version.as_deref().map(JsonVersion::parse);
        if let Some(Err(version)) = &json_version {
            self.error(
                "/metadata/jsonVersion".to_owned(),
                format!("unknown JSON version `{version}`"),
            )
            .notes
            .push("botocore knows `1.0` and `1.1`".into());
        }
        let all_known = spoken.iter().all(|p| !matches!(p, WireProtocol::Other(_)));
        let json_version = json_version.and_then(Result::ok);
        if all_known && ClientProtocol::choose(&spoken, json_version).is_none() {
            let location = if meta.protocols.is_some() {
                "/metadata/protocols"
            } else {
                "/metadata/protocol"
            };
            self.problems.push(
                Diagnostic::warning(
                    self.file,
                    location,
                    format!(
                        "no client is generated: the service speaks {}, which the generator does not support yet",
                        spoken.iter().map(|p| format!("`{}`", p.as_str())).collect::<Vec<_>>().join(", ")
                    ),
                )
                .note("the crate still has every type, builder and validator"),
            );
        }
        for (location, protocol) in protocols {
            if let WireProtocol::Other(protocol) = WireProtocol::parse(protocol) {
                let known = WireProtocol::KNOWN.iter().map(WireProtocol::as_str);
                let hint = did_you_mean(&protocol, known);
                let d = self.error(location, format!("unknown protocol `{protocol}`"));
                if let Some(hint) = hint {
                    d.notes.push(format!("did you mean `{hint}`?"));
                }
            }
        }
    }

    /// Reports a reference to a shape that does not exist, with a suggestion.
    fn reference(&mut self, location: String, target: &str) -> Option<&Shape> {
        if let Some(shape) = self.model.shapes.get(target) {
            return Some(shape);
        }
        let hint = did_you_mean(target, self.model.shapes.keys().map(String::as_str));
        let d = self.error(location, format!("shape `{target}` is not defined"));
        if let Some(hint) = hint {
            d.notes.push(format!("did you mean `{hint}`?"));
        }
        None
    }

    fn operations(&mut self) {
        let model = self.model;
        let mut fn_names: BTreeMap<String, &str> = BTreeMap::new();
        for (name, op) in &model.operations {
            if op.name != *name {
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
            for (role, r) in [("input", &op.input), ("output", &op.output)] {
                let Some(r) = r else { continue };
                let at = pointer(["operations", name, role, "shape"]);
                if let Some(shape) = self.reference(at.clone(), &r.shape) {
                    if shape.shape_type != ShapeType::Structure {
                        let t = shape.shape_type.clone();
                        self.error(
                            at,
                            format!("the {role} of `{name}` is a {t}, not a structure"),
                        );
                    }
                }
            }
            if let Some(stream) = self.event_stream_of(op) {
                self.problems.push(
                    Diagnostic::warning(
                        self.file,
                        pointer(["operations", name]),
                        format!("`{name}` streams events (`{stream}`), which the client does not support: it is left out of the client"),
                    )
                    .note("its input and output types, and the events, are generated"),
                );
                self.checked.left_out.insert(name.clone());
            }
            if let Some(endpoint) = &op.endpoint {
                self.host_prefix(name, op, &endpoint.host_prefix);
            }
            if self.binds_http() {
                self.uri_labels(name, op);
            }
            for (i, r) in op.errors.iter().enumerate() {
                let at = pointer(["operations", name, "errors", &i.to_string(), "shape"]);
                if let Some(shape) = self.reference(at.clone(), &r.shape) {
                    if shape.shape_type != ShapeType::Structure {
                        let t = shape.shape_type.clone();
                        self.error(
                            at,
                            format!("error `{}` of `{name}` is a {t}, not a structure", r.shape),
                        );
                    }
                }
            }
        }
    }

    fn shapes(&mut self) {
        let model = self.model;
        for (name, shape) in &model.shapes {
            let at = |keys: &[&str]| {
                let mut all = vec!["shapes", name.as_str()];
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
                }
                continue;
            }
            if UNSUPPORTED_TYPES.contains(t) {
                self.error(
                    at(&["type"]),
                    format!("shape `{name}` has type `{t}`, which is not supported yet"),
                )
                .notes
                .push("a document is written as a structure with `\"document\": true`".into());
                continue;
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
                continue;
            }
            if shape.enum_values.is_some() && *t != ShapeType::String {
                self.error(
                    at(&["enum"]),
                    format!("shape `{name}` is a {t} but lists enum values"),
                );
            }
            if let Some(format) = &shape.timestamp_format {
                self.timestamp_format(at(&["timestampFormat"]), format);
            }
            if let Some(java) = &shape.pattern {
                self.pattern(at(&["pattern"]), name, java);
            }
            match t {
                ShapeType::Structure => self.structure(name, shape),
                ShapeType::List => match &shape.member {
                    Some(member) => self.member_target(at(&["member", "shape"]), member),
                    None => {
                        self.error(at(&[]), format!("list `{name}` has no `member`"));
                    }
                },
                ShapeType::Map => {
                    for (role, m) in [("key", &shape.key), ("value", &shape.value)] {
                        match m {
                            Some(member) => self.member_target(at(&[role, "shape"]), member),
                            None => {
                                self.error(at(&[]), format!("map `{name}` has no `{role}`"));
                            }
                        }
                    }
                    if let Some(key) = shape.key.as_ref().and_then(|k| model.shapes.get(&k.shape)) {
                        if key.shape_type != ShapeType::String {
                            let kt = key.shape_type.clone();
                            self.error(
                                at(&["key", "shape"]),
                                format!(
                                    "map `{name}` has {kt} keys; only string keys are supported"
                                ),
                            );
                        }
                    }
                }
                ShapeType::String => self.enum_values(name, shape),
                _ => {}
            }
            if matches!(t, ShapeType::List | ShapeType::Map) && self.is_container_cycle(name) {
                self.error(
                    at(&[]),
                    format!("{t} `{name}` contains itself without a structure in between"),
                );
            }
        }
    }

    /// A pattern is checked by linear-time regexes when it translates to ones that compile;
    /// else by a backtracking regex under a step limit, with a warning; else not at all,
    /// with a warning. A pattern never refuses its service.
    fn pattern(&mut self, location: String, name: &str, java: &str) {
        let check = pattern::plan(java);
        let message = match &check {
            PatternCheck::Linear(_) => None,
            PatternCheck::Backtracking { why, .. } => Some(format!("the pattern of `{name}` is checked by a backtracking engine under a step limit (a value that runs out of steps is accepted with a warning): {why}")),
            PatternCheck::Unchecked { why } => Some(format!("the pattern of `{name}` is not checked (values are accepted with a warning): {why}")),
        };
        if let Some(message) = message {
            self.problems.push(
                Diagnostic::warning(self.file, location, message)
                    .note(format!("the pattern is `{java}`")),
            );
        }
        self.checked.patterns.insert(name.to_owned(), check);
    }

    /// The event stream an operation's input or output has a member of, if any.
    fn event_stream_of(&self, op: &crate::model::Operation) -> Option<String> {
        let model = self.model;
        [&op.input, &op.output]
            .into_iter()
            .flatten()
            .filter_map(|r| model.shapes.get(&r.shape))
            .flat_map(|s| s.members.values())
            .find(|m| model.shapes.get(&m.shape).is_some_and(|t| t.eventstream))
            .map(|m| m.shape.clone())
    }

    fn timestamp_format(&mut self, location: String, format: &str) {
        if TimestampFormat::parse(format).is_none() {
            self.error(location, format!("unknown timestamp format `{format}`"))
                .notes
                .push("botocore knows `unixTimestamp`, `iso8601` and `rfc822`".into());
        }
    }

    fn member_target(&mut self, location: String, member: &Member) {
        self.reference(location.clone(), &member.shape);
        let base = location.trim_end_matches("/shape").to_owned();
        if member.streaming {
            self.error(base.clone(), "streaming members are not supported".into());
        }
        if let Some(format) = &member.timestamp_format {
            self.timestamp_format(format!("{base}/timestampFormat"), format);
        }
        let is_string = self
            .model
            .shapes
            .get(&member.shape)
            .is_some_and(|t| t.shape_type == ShapeType::String);
        if member.idempotency_token && !is_string {
            self.error(
                format!("{base}/idempotencyToken"),
                "an idempotency token must be a string member".into(),
            );
        }
    }

    fn structure(&mut self, name: &str, shape: &Shape) {
        let mut fields: BTreeMap<String, &str> = BTreeMap::new();
        let mut variants: BTreeMap<String, &str> = BTreeMap::new();
        for (member_name, member) in &shape.members {
            self.member_target(
                pointer(["shapes", name, "members", member_name, "shape"]),
                member,
            );
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

    fn enum_values(&mut self, name: &str, shape: &Shape) {
        let Some(values) = &shape.enum_values else {
            return;
        };
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        let renamed = symbols::enum_variants(values);
        for (i, value) in values.iter().enumerate() {
            let variant = names::variant_name(value);
            let at = pointer(["shapes", name, "enum", &i.to_string()]);
            if let Some(first) = seen.insert(variant.clone(), value) {
                if first == value {
                    self.error(at, format!("enum `{name}` lists `{value}` twice"));
                } else {
                    // Degraded, not refused: the later value gets a numbered variant.
                    self.problems.push(Diagnostic::warning(
                        self.file,
                        at,
                        format!("enum values `{first}` and `{value}` of `{name}` both become variant `{variant}`; `{value}` is `{}`", renamed[i]),
                    ));
                }
            }
        }
    }

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

    fn type_name_collisions(&mut self) {
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
