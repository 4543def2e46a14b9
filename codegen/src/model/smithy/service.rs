//! The service's side of the conversion: its operations (directly and through resources,
//! walked depth first, cycles reported), each operation's botocore form, and the metadata
//! the service's traits give.

use super::convert::Converter;
use super::traits::Traits;
use super::AstShape;
use crate::diag::{pointer, Diagnostic};
use crate::model::{Http, Metadata, Operation, OperationEndpoint, RequestCompression, ShapeRef};
use serde_json::Value;
use std::collections::BTreeSet;

impl Converter<'_, '_> {
    /// Every operation of the service, directly or through its resources, in order.
    pub(super) fn operations_of(&mut self, service: &AstShape) -> Vec<(String, String)> {
        let mut out = self.targets(service, "operations");
        let mut stack = Vec::new();
        for (resource, at) in self.targets(service, "resources") {
            self.resource(&resource, &at, &mut stack, &mut out);
        }
        let mut seen = BTreeSet::new();
        out.retain(|(id, _)| seen.insert(id.clone()));
        let mut kept = Vec::new();
        for (id, at) in out {
            match self.a.shapes.get(&id).map(|s| s.kind.as_str()) {
                Some("operation") => kept.push((id, at)),
                Some(kind) => self.error(at, format!("`{id}` is a {kind}, not an operation")),
                None => self.error(at, format!("operation `{id}` is not defined")),
            }
        }
        kept
    }

    fn resource(
        &mut self,
        id: &str,
        at: &str,
        stack: &mut Vec<String>,
        out: &mut Vec<(String, String)>,
    ) {
        if stack.iter().any(|s| s == id) {
            self.error(
                at,
                format!("resource cycle: {} -> {id}", stack.join(" -> ")),
            );
            return;
        }
        let Some(shape) = self.a.shapes.get(id).cloned() else {
            self.error(at, format!("resource `{id}` is not defined"));
            return;
        };
        if shape.kind != "resource" {
            self.error(at, format!("`{id}` is a {}, not a resource", shape.kind));
            return;
        }
        for key in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(op) = self.target(&shape, key) {
                out.push(op);
            }
        }
        out.extend(self.targets(&shape, "operations"));
        out.extend(self.targets(&shape, "collectionOperations"));
        stack.push(id.to_owned());
        for (child, at) in self.targets(&shape, "resources") {
            self.resource(&child, &at, stack, out);
        }
        stack.pop();
    }

    pub(super) fn operation(
        &mut self,
        id: &str,
        service_errors: &[(String, String)],
    ) -> Option<Operation> {
        let shape = self.a.shapes.get(id)?.clone();
        let name = id.rsplit('#').next().unwrap_or(id).to_owned();
        let file = self.file().to_owned();
        let traits = Traits {
            file: &file,
            traits: &shape.traits,
            at: &shape.at,
        };
        let bot = pointer(["operations", &name]);
        self.map.insert(bot.clone(), shape.at.clone());
        let reference = |c: &mut Self, key: &str| -> Option<ShapeRef> {
            let (target, _) = c.target(&shape, key)?;
            c.map
                .insert(format!("{bot}/{key}"), format!("{}/{key}", shape.at));
            c.map.insert(
                format!("{bot}/{key}/shape"),
                format!("{}/{key}/target", shape.at),
            );
            Some(ShapeRef {
                shape: c.name(&target)?,
                documentation: None,
                location_name: None,
                xml_namespace: if key == "input" {
                    c.service_namespace.clone()
                } else {
                    None
                },
            })
        };
        let input = reference(self, "input");
        let output = reference(self, "output");
        let mut errors = Vec::new();
        for (i, (target, _)) in self
            .targets(&shape, "errors")
            .into_iter()
            .chain(service_errors.iter().cloned())
            .enumerate()
        {
            let Some(error) = self.name(&target) else {
                continue;
            };
            if errors.iter().any(|e: &ShapeRef| e.shape == error) {
                continue;
            }
            self.map.insert(
                format!("{bot}/errors/{}", errors.len()),
                format!("{}/errors/{i}", shape.at),
            );
            errors.push(ShapeRef {
                shape: error,
                documentation: None,
                location_name: None,
                xml_namespace: None,
            });
        }
        let problems = &mut self.a.problems;
        let http = traits.object("smithy.api#http", problems).map(|h| Http {
            method: h.get("method").and_then(Value::as_str).map(str::to_owned),
            request_uri: h.get("uri").and_then(Value::as_str).map(str::to_owned),
            response_code: h
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok()),
        });
        if let Some(h) = &http {
            if h.method.is_none() || h.request_uri.is_none() {
                problems.push(Diagnostic::error(
                    &file,
                    traits.at("smithy.api#http"),
                    "trait `smithy.api#http` needs a `method` and a `uri`",
                ));
            }
        }
        self.map
            .insert(format!("{bot}/http"), traits.at("smithy.api#http"));
        self.map
            .insert(format!("{bot}/endpoint"), traits.at("smithy.api#endpoint"));
        let endpoint = traits
            .field_string("smithy.api#endpoint", "hostPrefix", problems)
            .map(|host_prefix| OperationEndpoint { host_prefix });
        let request_compression = traits
            .object("smithy.api#requestCompression", problems)
            .map(|r| RequestCompression {
                encodings: r
                    .get("encodings")
                    .and_then(Value::as_array)
                    .map(|l| {
                        l.iter()
                            .filter_map(|e| e.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        let http_checksum = traits
            .object("aws.protocols#httpChecksum", problems)
            .and_then(|t| serde_json::from_value(Value::Object(t.clone())).ok());
        let static_context_params = traits
            .object("smithy.rules#staticContextParams", problems)
            .into_iter()
            .flatten()
            .filter_map(|(name, param)| {
                let value = param.get("value")?.clone();
                Some((name.clone(), crate::model::StaticContextParam { value }))
            })
            .collect();
        Some(Operation {
            http: Some(http.unwrap_or(Http {
                method: Some("POST".into()),
                request_uri: Some("/".into()),
                response_code: None,
            })),
            input: input.filter(|r| !r.shape.is_empty()),
            output,
            errors,
            documentation: traits.string("smithy.api#documentation", problems),
            deprecated: traits.has("smithy.api#deprecated"),
            endpoint,
            request_compression,
            http_checksum_required: traits.has("smithy.api#httpChecksumRequired"),
            auth_type: traits
                .has("aws.auth#unsignedPayload")
                .then(|| "v4-unsigned-body".to_owned()),
            auth: auth_schemes(&traits, &self.service_auth()),
            static_context_params,
            s3_unwrapped_xml_output: traits.has("aws.customizations#s3UnwrappedXmlOutput"),
            http_checksum,
            name,
        })
    }

    pub(super) fn metadata(
        &mut self,
        service: &AstShape,
        protocols: &[(String, String)],
    ) -> Option<Metadata> {
        let file = self.file().to_owned();
        let traits = Traits {
            file: &file,
            traits: &service.traits,
            at: &service.at,
        };
        let problems = &mut self.a.problems;
        // A Smithy service may leave out its version; AWS models then carry it in `docId`.
        let doc_id = traits.field_string("aws.api#service", "docId", problems);
        let from_doc_id = doc_id.as_deref().and_then(|d| {
            let date = d.get(d.len().checked_sub(10)?..)?;
            date.chars()
                .all(|c| c.is_ascii_digit() || c == '-')
                .then_some(date)
        });
        let version = service
            .raw
            .get("version")
            .and_then(Value::as_str)
            .or(from_doc_id);
        let Some(version) = version else {
            problems.push(Diagnostic::error(
                &file,
                format!("{}/version", service.at),
                "the service needs a `version` string",
            ));
            return None;
        };
        let sdk_id = traits.field_string("aws.api#service", "sdkId", problems);
        let local = self.a.service.rsplit('#').next().unwrap_or("").to_owned();
        let endpoint_prefix = traits
            .field_string("aws.api#service", "endpointPrefix", problems)
            .or_else(|| sdk_id.as_ref().map(|s| s.to_lowercase().replace(' ', "-")));
        let signing_name = traits.field_string("aws.auth#sigv4", "name", problems);
        let json_version = protocols.iter().find_map(|(id, _)| match id.as_str() {
            "aws.protocols#awsJson1_0" => Some("1.0".to_owned()),
            "aws.protocols#awsJson1_1" => Some("1.1".to_owned()),
            _ => None,
        });
        let uid = doc_id
            .clone()
            .or_else(|| endpoint_prefix.as_ref().map(|p| format!("{p}-{version}")));
        Some(Metadata {
            api_version: version.to_owned(),
            json_version: json_version.clone(),
            protocol: protocols
                .first()
                .map(|(_, p)| p.clone())
                .unwrap_or_default(),
            protocols: Some(protocols.iter().map(|(_, p)| p.clone()).collect()),
            service_abbreviation: None,
            service_full_name: traits
                .string("smithy.api#title", problems)
                .or_else(|| sdk_id.clone())
                .unwrap_or_else(|| local.clone()),
            service_id: sdk_id,
            signature_version: traits.has("aws.auth#sigv4").then(|| "v4".to_owned()),
            signing_name,
            // awsJson's `X-Amz-Target` and rpcv2Cbor's path both name the service shape.
            target_prefix: (json_version.is_some()
                || protocols.iter().any(|(_, p)| p == "smithy-rpc-v2-cbor"))
            .then_some(local),
            aws_query_compatible: traits.get("aws.protocols#awsQueryCompatible").cloned(),
            uid,
            endpoint_prefix,
            auth: Some(self.service_auth()),
            api_key_auth: traits
                .get(crate::model::AUTH_API_KEY)
                .and_then(|v| serde_json::from_value(v.clone()).ok()),
        })
    }

    /// The service's auth schemes in order of preference: its `auth` trait, else every auth
    /// scheme trait applied to it, in shape id order (Smithy's rule for a service without
    /// the trait).
    fn service_auth(&self) -> Vec<String> {
        let Some(service) = self.a.shapes.get(&self.a.service) else {
            return Vec::new();
        };
        if let Some(listed) = service
            .traits
            .get("smithy.api#auth")
            .and_then(Value::as_array)
        {
            return listed
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect();
        }
        let mut schemes: Vec<String> = [
            crate::model::AUTH_SIGV4,
            crate::model::AUTH_BEARER,
            crate::model::AUTH_API_KEY,
            crate::model::AUTH_BASIC,
            "aws.auth#sigv4a",
        ]
        .iter()
        .filter(|id| service.traits.contains_key(**id))
        .map(|id| (*id).to_owned())
        .collect();
        schemes.sort();
        schemes
    }
}

/// The operation's auth schemes in botocore's form: the `auth` trait's list (empty for
/// `@auth([])`), with `noAuth` offered last under `optionalAuth` (after the service's
/// schemes when the operation lists none).
fn auth_schemes(traits: &Traits<'_>, service: &[String]) -> Option<Vec<String>> {
    let listed = traits
        .get("smithy.api#auth")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        });
    if !traits.has("smithy.api#optionalAuth") {
        return listed;
    }
    let mut schemes = listed.unwrap_or_else(|| service.to_vec());
    schemes.push(crate::model::NO_AUTH.to_owned());
    Some(schemes)
}
