//! Structural diff of two lowered models: what changed, how bad it is for callers, and the
//! semver bump the regenerated crate needs.

mod report;
mod shapes;

pub use report::{to_json, to_markdown};

use crate::ir::{Operation, Service, StructureId};
use serde::Serialize;
use shapes::{describe, enums, structures};
use std::collections::BTreeMap;

/// How a change affects callers, in the spirit of smithy-diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Code or requests that worked before may fail now.
    Breaking,
    /// Probably fine, but worth a look (loosened rules, new patterns).
    Dangerous,
    /// Additions and documentation.
    Info,
}

/// The version bump the regenerated crate needs for a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// The crate's API changed incompatibly.
    Major,
    /// Something was added; structures, enums and error enums are `#[non_exhaustive]`, so
    /// new members, values, variants and operations do not break callers.
    Minor,
    /// No API change (behaviour, constraints or documentation only).
    Patch,
}

/// One change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// How it affects callers.
    pub severity: Severity,
    /// The bump it needs.
    pub bump: Bump,
    /// The operation it belongs to, when it belongs to one.
    pub operation: Option<String>,
    /// What changed, such as ``member `Tags` of `CreateDirectoryRequest` added``.
    pub message: String,
    /// Whether only documentation changed.
    pub docs_only: bool,
}

/// Every change between two models.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diff {
    /// The service, such as `AWS Directory Service`.
    pub service: String,
    /// The changes, operation changes first, in a stable order.
    pub changes: Vec<Change>,
    /// The request shape of each new or updated operation, as in a boto3 changelog.
    pub requests: BTreeMap<String, String>,
}

impl Diff {
    /// Whether any change has at least this severity.
    pub fn has(&self, severity: Severity) -> bool {
        self.changes.iter().any(|c| c.severity <= severity)
    }

    /// The bump the crate needs: the largest of its changes', `None` when nothing changed.
    pub fn bump(&self) -> Option<Bump> {
        self.changes.iter().map(|c| c.bump).min()
    }
}

struct Differ {
    changes: Vec<Change>,
}

impl Differ {
    fn push(&mut self, severity: Severity, bump: Bump, operation: Option<&str>, message: String) {
        self.changes.push(Change {
            severity,
            bump,
            operation: operation.map(str::to_owned),
            message,
            docs_only: false,
        });
    }

    /// A newly deprecated item is a minor change (`#[deprecated]` warns its users); one no
    /// longer deprecated is info.
    fn deprecation(&mut self, operation: Option<&str>, what: &str, (old, new): (bool, bool)) {
        match (old, new) {
            (false, true) => self.push(
                Severity::Info,
                Bump::Minor,
                operation,
                format!("{what} deprecated"),
            ),
            (true, false) => self.push(
                Severity::Info,
                Bump::Patch,
                operation,
                format!("{what} no longer deprecated"),
            ),
            _ => {}
        }
    }

    fn docs(&mut self, operation: Option<&str>, what: String) {
        self.changes.push(Change {
            severity: Severity::Info,
            bump: Bump::Patch,
            operation: operation.map(str::to_owned),
            message: format!("documentation of {what} changed"),
            docs_only: true,
        });
    }
}

/// Compares two lowered models.
pub fn diff(old: &Service, new: &Service) -> Diff {
    let mut d = Differ {
        changes: Vec::new(),
    };
    // Protocols are shown by the names the model gives them.
    let protocol_names = |s: &Service| -> Vec<String> {
        s.protocol
            .protocols
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect()
    };
    if old.protocol.protocols != new.protocol.protocols {
        let client_changed = old.protocol.client != new.protocol.client;
        d.push(
            Severity::Dangerous,
            if client_changed {
                Bump::Major
            } else {
                Bump::Patch
            },
            None,
            format!(
                "protocols changed from {:?} to {:?}",
                protocol_names(old),
                protocol_names(new)
            ),
        );
    }
    if old.api_version != new.api_version {
        d.push(
            Severity::Dangerous,
            Bump::Patch,
            None,
            format!(
                "API version changed from {} to {}",
                old.api_version, new.api_version
            ),
        );
    }
    let owners = input_owners(new);
    operations(&mut d, old, new);
    structures(&mut d, old, new, &owners);
    enums(&mut d, old, new);
    flows(&mut d, old, new);
    let touched: std::collections::BTreeSet<&str> = d
        .changes
        .iter()
        .filter(|c| !c.docs_only)
        .filter_map(|c| c.operation.as_deref())
        .collect();
    let requests = new
        .operations
        .iter()
        .filter(|op| touched.contains(op.wire_name.as_str()))
        .map(|op| {
            let input = new.input_of(op);
            let members: Vec<String> = input
                .members
                .iter()
                .map(|m| {
                    format!(
                        "{}{}: {}",
                        m.member_name,
                        if m.required { " (required)" } else { "" },
                        describe(&m.ty)
                    )
                })
                .collect();
            (
                op.wire_name.clone(),
                format!("{} {{ {} }}", input.wire_name, members.join(", ")),
            )
        })
        .collect();
    Diff {
        service: new.full_name.clone(),
        changes: d.changes,
        requests,
    }
}

/// The operation each input structure belongs to, so member changes are grouped under it.
fn input_owners(service: &Service) -> BTreeMap<String, String> {
    let ops = &service.operations;
    let owned = |op: &Operation, id: Option<StructureId>| {
        Some((
            service.structure(id?).rust_name.clone(),
            op.wire_name.clone(),
        ))
    };
    let inputs = ops.iter().filter_map(|op| owned(op, Some(op.input)));
    inputs
        .chain(ops.iter().filter_map(|op| owned(op, op.output)))
        .collect()
}

/// The Rust names of an operation's input and output and of its errors: ids differ between
/// two lowered models, names do not.
fn signature(service: &Service, op: &Operation) -> (Option<String>, Option<String>, Vec<String>) {
    let name = |id: Option<StructureId>| id.map(|id| service.structure(id).rust_name.clone());
    (
        name(Some(op.input)),
        name(op.output),
        op.errors
            .iter()
            .map(|e| service.structure(e.structure).rust_name.clone())
            .collect(),
    )
}

fn by_name<T>(items: &[T], name: impl Fn(&T) -> &str) -> BTreeMap<String, &T> {
    items.iter().map(|i| (name(i).to_owned(), i)).collect()
}

fn operations(d: &mut Differ, old: &Service, new: &Service) {
    let old_ops = by_name(&old.operations, |o: &Operation| &o.wire_name);
    let new_ops = by_name(&new.operations, |o: &Operation| &o.wire_name);
    for (name, op) in &old_ops {
        let Some(now) = new_ops.get(name) else {
            d.push(
                Severity::Breaking,
                Bump::Major,
                Some(name),
                format!("operation `{name}` removed"),
            );
            continue;
        };
        let (input, output, errors) = signature(old, op);
        let (now_input, now_output, now_errors) = signature(new, now);
        if input != now_input || output != now_output {
            d.push(
                Severity::Breaking,
                Bump::Major,
                Some(name),
                format!("operation `{name}` now takes {now_input:?} and returns {now_output:?}"),
            );
        }
        for e in &errors {
            if !now_errors.contains(e) {
                d.push(
                    Severity::Breaking,
                    Bump::Major,
                    Some(name),
                    format!("error `{e}` removed from `{name}`"),
                );
            }
        }
        for e in &now_errors {
            if !errors.contains(e) {
                d.push(
                    Severity::Info,
                    Bump::Minor,
                    Some(name),
                    format!("error `{e}` added to `{name}`"),
                );
            }
        }
        d.deprecation(
            Some(name),
            &format!("operation `{name}`"),
            (op.deprecated, now.deprecated),
        );
        if op.docs != now.docs {
            d.docs(Some(name), format!("operation `{name}`"));
        }
    }
    for name in new_ops.keys() {
        if !old_ops.contains_key(name) {
            d.push(
                Severity::Info,
                Bump::Minor,
                Some(name),
                format!("operation `{name}` added"),
            );
        }
    }
}

fn flows(d: &mut Differ, old: &Service, new: &Service) {
    // What a paginator or waiter does, without the ids (which differ between two lowered
    // models) and the names derived from its key.
    let paginators = |s: &Service| -> BTreeMap<String, String> {
        s.paginators
            .iter()
            .map(|p| {
                let content = (
                    &p.input_tokens,
                    &p.output_tokens,
                    &p.limit,
                    &p.result_keys,
                    &p.more_results,
                );
                (
                    s.operation(p.operation).wire_name.clone(),
                    with_shape_names(s, format!("{content:?}")),
                )
            })
            .collect()
    };
    let waiters = |s: &Service| -> BTreeMap<String, String> {
        s.waiters
            .iter()
            .map(|w| {
                let content = (
                    &s.operation(w.operation).wire_name,
                    w.schedule,
                    &w.description,
                    &w.acceptors,
                );
                (w.name.clone(), with_shape_names(s, format!("{content:?}")))
            })
            .collect()
    };
    keyed(d, &paginators(old), &paginators(new), |op| {
        (format!("paginator of `{op}`"), Some(op))
    });
    keyed(d, &waiters(old), &waiters(new), |name| {
        (format!("waiter `{name}`"), None)
    });
}

/// A debug form with each `ShapeId(N)` replaced by the shape's name: ids are positions in
/// one lowered model, so the same shape has different ids in two revisions.
fn with_shape_names(service: &Service, debug: String) -> String {
    const ID: &str = "ShapeId(";
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(start) = rest.find(ID) {
        out.push_str(&rest[..start]);
        let after = &rest[start + ID.len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let name = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|i| service.shapes.get(i))
            .filter(|_| after[digits..].starts_with(')'));
        match name {
            Some(shape) => {
                out.push_str(&format!("Shape({:?})", shape.wire_name));
                rest = &after[digits + 1..];
            }
            None => {
                out.push_str(ID);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Compares items by key (their debug form stands for their content): removed is breaking,
/// changed dangerous, added minor. `describe` names an item and the operation it belongs to.
fn keyed<'a>(
    d: &mut Differ,
    old: &'a BTreeMap<String, String>,
    new: &'a BTreeMap<String, String>,
    describe: impl Fn(&'a str) -> (String, Option<&'a str>),
) {
    for (key, item) in old {
        let (what, operation) = describe(key);
        match new.get(key) {
            None => d.push(
                Severity::Breaking,
                Bump::Major,
                operation,
                format!("{what} removed"),
            ),
            Some(now) if now != item => d.push(
                Severity::Dangerous,
                Bump::Patch,
                operation,
                format!("{what} changed"),
            ),
            _ => {}
        }
    }
    for key in new.keys().filter(|k| !old.contains_key(*k)) {
        let (what, operation) = describe(key);
        d.push(
            Severity::Info,
            Bump::Minor,
            operation,
            format!("{what} added"),
        );
    }
}
