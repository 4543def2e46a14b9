//! Converts members and the traits every shape can carry: constraints, documentation,
//! HTTP bindings; a member's own constraints get a shape of their own, as botocore has no
//! member constraints.

use super::convert::{member_ref, Converter, UNIT};
use super::traits::Traits;
use super::AstShape;
use crate::diag::pointer;
use crate::model::Shape;
use serde_json::Value;

/// Member traits that bind a member to an HTTP part, as botocore locations.
const LOCATIONS: &[(&str, &str)] = &[
    ("smithy.api#httpLabel", "uri"),
    ("smithy.api#httpQuery", "querystring"),
    ("smithy.api#httpQueryParams", "querystring"),
    ("smithy.api#httpHeader", "header"),
    ("smithy.api#httpPrefixHeaders", "headers"),
    ("smithy.api#httpResponseCode", "statusCode"),
];

impl Converter<'_, '_> {
    /// Documentation, constraints, sensitivity, deprecation and timestamp format.
    pub(super) fn simple_traits(&mut self, traits: &Traits<'_>, bot: &str, shape: &mut Shape) {
        let problems = &mut self.a.problems;
        shape.documentation = traits.string("smithy.api#documentation", problems);
        shape.sensitive = traits.has("smithy.api#sensitive");
        shape.deprecated = traits.has("smithy.api#deprecated");
        shape.media_type = traits.string("smithy.api#mediaType", problems);
        shape.location_name = traits.string("smithy.api#xmlName", problems);
        shape.xml_namespace = traits.xml_namespace();
        shape.timestamp_format = traits
            .string("smithy.api#timestampFormat", problems)
            .map(|f| botocore_timestamp_format(&f));
        for id in ["smithy.api#length", "smithy.api#range"] {
            if traits.has(id) {
                let (min, max) = traits.bounds(id, problems);
                shape.min = min.or(shape.min);
                shape.max = max.or(shape.max);
                self.map
                    .insert(format!("{bot}/min"), format!("{}/min", traits.at(id)));
                self.map
                    .insert(format!("{bot}/max"), format!("{}/max", traits.at(id)));
            }
        }
        if let Some(pattern) = traits.string("smithy.api#pattern", problems) {
            shape.pattern = Some(pattern);
            self.map
                .insert(format!("{bot}/pattern"), traits.at("smithy.api#pattern"));
        }
    }

    /// The empty structure that members targeting `smithy.api#Unit` target, added on first
    /// use under the name `Unit` (or `Unit_`, `Unit__`, ... when the model has a `Unit`).
    fn unit_shape(&mut self) -> String {
        if let Some(name) = &self.unit {
            return name.clone();
        }
        let mut name = "Unit".to_owned();
        while self.names.values().any(|n| *n == name) || self.shapes.contains_key(&name) {
            name.push('_');
        }
        self.shapes.insert(
            name.clone(),
            super::convert::blank(crate::model::ShapeType::Structure),
        );
        self.unit = Some(name.clone());
        name
    }

    /// The members (or `member`, `key` and `value`) of an aggregate shape.
    pub(super) fn members(&mut self, ast: &AstShape, container: &str, shape: &mut Shape) {
        let bot = &pointer(["shapes", container]);
        let file = self.a.file.to_owned();
        for (name, m) in &ast.members {
            let target_name = if m.target == UNIT {
                // A union member without a value (`quit: Unit`): botocore's form is a
                // member targeting an empty structure named `Unit`.
                self.unit_shape()
            } else {
                let Some(target_name) = self.names.get(&m.target).cloned() else {
                    continue;
                };
                target_name
            };
            let traits = m.traits(&file);
            let problems = &mut self.a.problems;
            let mut member = member_ref(target_name);
            member.documentation = traits.string("smithy.api#documentation", problems);
            member.deprecated = traits.has("smithy.api#deprecated");
            member.idempotency_token = traits.has("smithy.api#idempotencyToken");
            member.host_label = traits.has("smithy.api#hostLabel");
            member.context_param = traits
                .field_string("smithy.rules#contextParam", "name", problems)
                .map(|name| crate::model::ContextParam { name });
            member.event_payload = traits.has("smithy.api#eventPayload");
            member.event_header = traits.has("smithy.api#eventHeader");
            member.timestamp_format = traits
                .string("smithy.api#timestampFormat", problems)
                .map(|f| botocore_timestamp_format(&f));
            // A streaming blob stays a plain blob member, as botocore marks only its shape.
            let target = self.a.shapes.get(&m.target);
            for (id, location) in LOCATIONS {
                if !traits.has(id) {
                    continue;
                }
                member.location = Some((*location).to_owned());
                member.location_name = match *id {
                    "smithy.api#httpLabel" => Some(name.clone()),
                    "smithy.api#httpQuery"
                    | "smithy.api#httpHeader"
                    | "smithy.api#httpPrefixHeaders" => traits.string(id, problems),
                    _ => None,
                };
            }
            let media_json = target
                .and_then(|t| t.traits.get("smithy.api#mediaType"))
                .and_then(Value::as_str)
                .is_some_and(|m| m.contains("json"));
            member.json_value = media_json && member.location.as_deref() == Some("header");
            if self.json_names && member.location.is_none() {
                if let Some(json) = traits.string("smithy.api#jsonName", problems) {
                    member.location_name = Some(json);
                }
            }
            if !self.json_names && member.location.is_none() {
                if let Some(xml) = traits.string("smithy.api#xmlName", problems) {
                    member.location_name = Some(xml);
                }
            }
            member.flattened = traits.has("smithy.api#xmlFlattened");
            member.xml_attribute = traits.has("smithy.api#xmlAttribute");
            member.xml_namespace = traits.xml_namespace();
            member.query_name = traits.string("aws.protocols#ec2QueryName", problems);
            if traits.has("smithy.api#httpPayload") {
                shape.payload = Some(name.clone());
            }
            // Clients treat the members of an `@input` structure as optional whatever their
            // default, so a default the caller did not ask for is never sent; so are members
            // whose default was added after they were published (`@addedDefault`), which
            // callers may have left unset. A `null` default is no default.
            let client_applies_default = !traits.has("smithy.api#clientOptional")
                && !traits.has("smithy.api#addedDefault")
                && !ast.traits.contains_key("smithy.api#input");
            member.default = traits
                .get("smithy.api#default")
                .filter(|d| client_applies_default && !d.is_null())
                .cloned();
            if traits.has("smithy.api#required") {
                shape.required.push(name.clone());
            }
            // Botocore has constraints on shapes only: a member's own go on a copy.
            let constrained = [
                "smithy.api#length",
                "smithy.api#range",
                "smithy.api#pattern",
            ]
            .iter()
            .any(|id| traits.has(id));
            if constrained {
                if let Some(copy) = self.constrained_copy(container, name, m, &traits) {
                    member.shape = copy;
                }
            }
            let (bot_member, smithy_target) = match ast.kind.as_str() {
                "list" | "set" | "map" => (format!("{bot}/{name}"), format!("{}/target", m.at)),
                _ => (
                    format!("{bot}{}", pointer(["members", name])),
                    format!("{}/target", m.at),
                ),
            };
            self.map.insert(bot_member.clone(), m.at.clone());
            self.map
                .insert(format!("{bot_member}/shape"), smithy_target);
            match (ast.kind.as_str(), name.as_str()) {
                ("list" | "set", _) => shape.member = Some(member),
                ("map", "key") => shape.key = Some(member),
                ("map", _) => shape.value = Some(member),
                _ => {
                    shape.members.insert(name.clone(), member);
                }
            }
        }
        for (i, _) in shape.required.iter().enumerate() {
            self.map
                .insert(format!("{bot}/required/{i}"), format!("{}/members", ast.at));
        }
    }

    /// A copy of a member's target carrying the member's own constraints, named after the
    /// container and member; `None` when the target is not a simple shape.
    fn constrained_copy(
        &mut self,
        container: &str,
        member: &str,
        m: &super::AstMember,
        traits: &Traits<'_>,
    ) -> Option<String> {
        let target = self.names.get(&m.target)?.clone();
        if !self.shapes.contains_key(&target) {
            let id = m.target.clone();
            self.shape(&id);
        }
        let base = self.shapes.get(&target)?.clone();
        if !base.members.is_empty() || base.union || base.exception {
            return None;
        }
        let mut name = format!("{container}{member}");
        let mut n = 2;
        while self.shapes.contains_key(&name) || self.names.values().any(|v| *v == name) {
            name = format!("{container}{member}{n}");
            n += 1;
        }
        let mut copy = base;
        let bot = pointer(["shapes", &name]);
        self.map.insert(bot.clone(), m.at.clone());
        let keep_docs = copy.documentation.take();
        self.simple_traits(traits, &bot, &mut copy);
        copy.documentation = keep_docs;
        self.shapes.insert(name.clone(), copy);
        Some(name)
    }
}

/// Smithy's timestamp formats under botocore's names; an unknown one is kept for the checks.
fn botocore_timestamp_format(smithy: &str) -> String {
    match smithy {
        "date-time" => "iso8601",
        "epoch-seconds" => "unixTimestamp",
        "http-date" => "rfc822",
        other => other,
    }
    .to_owned()
}
