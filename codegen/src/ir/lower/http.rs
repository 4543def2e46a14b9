//! The HTTP bindings of the REST protocols: which members of an operation's input, output
//! or error travel outside the JSON body, the URI labels and the host prefixes.

use super::Lowerer;
use crate::diag::{pointer, Diagnostic};
use crate::ir::{
    symbols, HostPrefix, HostPrefixPart, Location, Payload, Structure, StructureKind, Type,
};
use crate::model::{self, ServiceModel, ShapeType};
use std::collections::BTreeSet;

/// Settles each member's location. Under an RPC protocol, and in structures that are not an
/// operation's input, output or error (botocore reads locations only there), every member
/// travels in the body. Otherwise the `payload` member is the whole body, a query or label
/// member of a structure that is only received travels in the body, and members a response
/// binds to HTTP parts are optional, since a response may leave them out.
pub fn bind_members(model: &ServiceModel, structures: &mut [Structure], binds_http: bool) {
    let top_level: BTreeSet<&str> = model
        .operations
        .values()
        .flat_map(|op| {
            op.input
                .iter()
                .chain(&op.output)
                .chain(&op.errors)
                .map(|r| r.shape.as_str())
        })
        .chain(
            model
                .shapes
                .iter()
                .filter(|(_, s)| s.exception)
                .map(|(name, _)| name.as_str()),
        )
        .collect();
    let unions: BTreeSet<String> = structures
        .iter()
        .filter(|s| s.kind == StructureKind::Union)
        .map(|s| s.rust_name.clone())
        .collect();
    for s in structures.iter_mut() {
        let bound = binds_http && top_level.contains(s.wire_name.as_str());
        if !bound {
            for m in &mut s.members {
                m.location = Location::Body;
            }
            continue;
        }
        let payload = model
            .shapes
            .get(&s.wire_name)
            .and_then(|shape| shape.payload.as_deref());
        for m in &mut s.members {
            if Some(m.member_name.as_str()) == payload {
                m.location = Location::Payload(payload_kind(&m.ty, &unions));
            }
            // The query string and URI labels bind only requests: in a structure that is
            // never sent, such a member travels in the body of the response.
            if !s.written_to_wire && matches!(m.location, Location::Query(_) | Location::Uri(_)) {
                m.location = Location::Body;
            }
            if s.read_from_wire && m.location != Location::Body {
                m.required = false;
                m.default = None;
            }
        }
        if matches!(s.kind, StructureKind::Error { .. }) && s.binds_http() {
            s.http_binder = Some(symbols::http_binder(&s.rust_name));
        }
    }
}

/// How a payload member of type `ty` is written as the whole body.
fn payload_kind(ty: &Type, unions: &BTreeSet<String>) -> Payload {
    match ty {
        Type::Blob | Type::StreamingBlob => Payload::Blob,
        Type::String | Type::Named { is_enum: true, .. } => Payload::Text,
        Type::Named { rust_name, .. } if !unions.contains(rust_name) => Payload::Structure,
        _ => Payload::Json,
    }
}

impl Lowerer<'_> {
    /// Under a REST protocol, every `{label}` (or greedy `{label+}`) of an operation's URI
    /// names an input member bound to the URI, without which no request could be sent; a
    /// member bound to a label the URI lacks is only a warning (it is never sent).
    pub(super) fn uri_labels(&mut self, name: &str, op: &model::Operation) {
        let Some(uri) = op.http.as_ref().and_then(|h| h.request_uri.as_deref()) else {
            return;
        };
        let at = pointer(["operations", name, "http", "requestUri"]);
        let input = op
            .input
            .as_ref()
            .and_then(|r| self.model.shapes.get(&r.shape));
        let bound: Vec<(&str, &str)> = input
            .into_iter()
            .flat_map(|shape| &shape.members)
            .filter(|(_, m)| m.location.as_deref() == Some("uri"))
            .map(|(member, m)| {
                (
                    member.as_str(),
                    m.location_name.as_deref().unwrap_or(member),
                )
            })
            .collect();
        let path = uri.split('?').next().unwrap_or(uri);
        let mut labels = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                self.error(at.clone(), format!("the URI `{uri}` has an unclosed `{{`"));
                return;
            };
            let label = rest[open + 1..open + close].trim_end_matches('+');
            if !bound.iter().any(|(_, wire)| *wire == label) {
                self.error(
                    at.clone(),
                    format!("the URI `{uri}` has the label `{label}`, but no input member is bound to it"),
                )
                .notes
                .push(format!("bind a member with `\"location\": \"uri\", \"locationName\": \"{label}\"`"));
            }
            labels.push(label);
            rest = &rest[open + close + 1..];
        }
        for (member, wire) in bound {
            if !labels.contains(&wire) {
                self.problems.push(Diagnostic::warning(
                    self.file,
                    pointer(["shapes", op.input.as_ref().map_or("", |r| r.shape.as_str()), "members", member]),
                    format!("`{member}` is bound to the URI label `{wire}`, which the URI `{uri}` of `{name}` does not have: it is never sent"),
                ));
            }
        }
    }

    /// A host prefix split into text and labels. Every `{label}` names a string member of
    /// the input marked `hostLabel`, and the rest is host-name characters.
    pub(super) fn host_prefix(
        &mut self,
        name: &str,
        template: &str,
        input: &Structure,
    ) -> HostPrefix {
        let at = pointer(["operations", name, "endpoint", "hostPrefix"]);
        let input_shape = self.model.shapes.get(&input.wire_name);
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.error(
                    at.clone(),
                    format!("host prefix `{template}` has an unclosed `{{`"),
                );
                break;
            };
            if open > 0 {
                parts.push(HostPrefixPart::Literal(rest[..open].to_owned()));
            }
            let label = &rest[open + 1..close];
            let member = input_shape.and_then(|shape| shape.members.get(label));
            let is_string = member
                .and_then(|m| self.model.shapes.get(&m.shape))
                .is_some_and(|t| t.shape_type == ShapeType::String);
            let position = input.members.iter().position(|m| m.member_name == label);
            match position {
                Some(i) if is_string && member.is_some_and(|m| m.host_label) => {
                    parts.push(HostPrefixPart::Label(i));
                }
                _ => {
                    self.error(
                        at.clone(),
                        format!("host prefix `{template}` uses `{label}`, which is not a string input member marked `hostLabel`"),
                    );
                }
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(HostPrefixPart::Literal(rest.to_owned()));
        }
        let literal: String = template.split(['{', '}']).step_by(2).collect();
        if !literal
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            self.error(
                at,
                format!("host prefix `{template}` has characters a host name cannot hold"),
            );
        }
        HostPrefix {
            template: template.to_owned(),
            parts,
        }
    }
}
