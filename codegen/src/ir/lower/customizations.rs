//! The official SDKs' per-service customizations that no model carries (botocore's handlers, smithy-rs's decorators): headers on every request, Glacier's account id and checksums, Machine Learning's prediction endpoint.

use crate::ir::{BodyChecksum, DefaultValue, Location, Operation, Structure};

/// The headers the SDKs add to every request of a service: API Gateway answers JSON only
/// when asked with `Accept`, and Glacier wants the API version in a header of its own.
pub(super) fn default_headers(service_id: &str, api_version: &str) -> Vec<(String, String)> {
    match service_id {
        "API Gateway" => vec![("Accept".to_owned(), "application/json".to_owned())],
        "Glacier" => vec![("X-Amz-Glacier-Version".to_owned(), api_version.to_owned())],
        _ => Vec::new(),
    }
}

/// Applies the customizations of the service `service_id` to its operations and their
/// inputs.
pub(super) fn apply(service_id: &str, structures: &mut [Structure], operations: &mut [Operation]) {
    match service_id {
        "Glacier" => glacier(structures, operations),
        "Machine Learning" => {
            for op in operations.iter_mut().filter(|op| op.wire_name == "Predict") {
                op.endpoint_member = structures[op.input.0]
                    .members
                    .iter()
                    .position(|m| m.member_name == "PredictEndpoint");
            }
        }
        _ => {}
    }
}

/// Glacier takes `-` for the caller's own account, so the account id may be left unset or
/// empty; and its uploads carry the body's SHA-256 and tree hash, which the client computes
/// unless the input gives them.
fn glacier(structures: &mut [Structure], operations: &mut [Operation]) {
    for op in operations {
        let input = &mut structures[op.input.0];
        for m in &mut input.members {
            if m.member_name == "accountId" && matches!(m.location, Location::Uri(_)) {
                m.label_fallback = Some("-".to_owned());
                m.default = Some(DefaultValue::String("-".to_owned()));
                m.required = true;
            }
        }
        let tree_hash = input.members.iter().any(|m| {
            matches!(&m.location, Location::Header(name) if name.eq_ignore_ascii_case("x-amz-sha256-tree-hash"))
        });
        if tree_hash {
            op.checksum = Some(BodyChecksum::GlacierTreeHash);
        }
    }
}
