//! Checks of the HTTP bindings REST protocols use: URI labels and host prefixes.

use super::Checker;
use crate::diag::{pointer, Diagnostic};
use crate::ir::{ClientProtocol, JsonVersion, WireProtocol};
use crate::model::ShapeType;

impl Checker<'_> {
    /// Whether the client will speak a REST protocol, whose members are bound to HTTP parts.
    pub(super) fn binds_http(&self) -> bool {
        let meta = &self.model.metadata;
        let spoken: Vec<WireProtocol> = match &meta.protocols {
            Some(protocols) => protocols.iter().map(|p| WireProtocol::parse(p)).collect(),
            None => vec![WireProtocol::parse(&meta.protocol)],
        };
        let version = meta
            .json_version
            .as_deref()
            .and_then(|v| JsonVersion::parse(v).ok());
        ClientProtocol::choose(&spoken, version).is_some_and(|p| p.binds_http())
    }

    /// Under a REST protocol, every `{label}` (or greedy `{label+}`) of an operation's URI
    /// names an input member bound to the URI, without which no request could be sent; a
    /// member bound to a label the URI lacks is only a warning (it is never sent).
    pub(super) fn uri_labels(&mut self, name: &str, op: &crate::model::Operation) {
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

    /// Every `{label}` of a host prefix names a string member of the input marked
    /// `hostLabel`, and the rest is host-name characters.
    pub(super) fn host_prefix(&mut self, name: &str, op: &crate::model::Operation, prefix: &str) {
        let at = pointer(["operations", name, "endpoint", "hostPrefix"]);
        let input = op
            .input
            .as_ref()
            .and_then(|r| self.model.shapes.get(&r.shape));
        let mut rest = prefix;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                self.error(
                    at.clone(),
                    format!("host prefix `{prefix}` has an unclosed `{{`"),
                );
                return;
            };
            let label = &rest[open + 1..open + close];
            let member = input.and_then(|shape| shape.members.get(label));
            let is_string = member
                .and_then(|m| self.model.shapes.get(&m.shape))
                .is_some_and(|t| t.shape_type == ShapeType::String);
            if !member.is_some_and(|m| m.host_label) || !is_string {
                self.error(
                    at.clone(),
                    format!("host prefix `{prefix}` uses `{label}`, which is not a string input member marked `hostLabel`"),
                );
            }
            rest = &rest[open + close + 1..];
        }
        let literal: String = prefix.split(['{', '}']).step_by(2).collect();
        if !literal
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            self.error(
                at,
                format!("host prefix `{prefix}` has characters a host name cannot hold"),
            );
        }
    }
}
