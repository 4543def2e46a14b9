//! The official SDKs' per-service customizations that no model carries (botocore's handlers, smithy-rs's decorators): headers on every request, Glacier's account id and checksums, Machine Learning's prediction endpoint, S3's bucket in the endpoint, S3 Control's account id in its rules.

use crate::ir::{
    BodyChecksum, DefaultValue, EndpointParam, EndpointParamValue, Location, Operation, Structure,
};

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
/// inputs; `rules_declare` says whether the endpoint rule set (if the crate has one)
/// declares a parameter.
pub(super) fn apply(
    service_id: &str,
    structures: &mut [Structure],
    operations: &mut [Operation],
    rules_declare: &dyn Fn(&str) -> bool,
) {
    match service_id {
        "Glacier" => glacier(structures, operations),
        "S3" => {
            // botocore reads `GetBucketLocation`'s unwrapped output in a handler; its model
            // says nothing (Smithy's says `s3UnwrappedXmlOutput`).
            for op in operations.iter_mut() {
                op.unwrapped_xml_output |= op.wire_name == "GetBucketLocation";
                // These answer `200 OK` at once and may fail afterwards, in the body.
                op.error_in_ok = matches!(
                    op.wire_name.as_str(),
                    "CopyObject" | "UploadPartCopy" | "CompleteMultipartUpload"
                );
            }
            if rules_declare("Bucket") {
                s3_bucket(structures, operations);
            }
        }
        // The rules put the account id in the host already (`{AccountId}.s3-control...`):
        // the model's host prefix would put it there twice (botocore removes it too).
        "S3 Control" if rules_declare("AccountId") => {
            for op in operations.iter_mut() {
                if op
                    .host_prefix
                    .as_ref()
                    .is_some_and(|p| p.template == "{AccountId}.")
                {
                    op.host_prefix = None;
                }
            }
        }
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

/// S3's bucket is an endpoint parameter: the rules put it in the host (virtual-hosted
/// style) or the path (path style, or a bucket name that cannot be a host label), so the
/// URI template's leading `/{Bucket}` goes and the member is written nowhere else, as the
/// SDKs do. Smithy's S3 protocol-test model leaves out the `contextParam` trait the real
/// model gives `Bucket`; a leading `{Bucket}` label is bound all the same.
fn s3_bucket(structures: &mut [Structure], operations: &mut [Operation]) {
    for op in operations {
        let Some(rest) = op.http.uri.strip_prefix("/{Bucket}") else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with(['/', '?'])) {
            continue;
        }
        let input = &mut structures[op.input.0];
        let Some(index) = input
            .members
            .iter()
            .position(|m| m.location == Location::Uri("Bucket".to_owned()))
        else {
            continue;
        };
        op.http.uri = rest.to_owned();
        input.members[index].location = Location::Endpoint;
        if op.endpoint_params.iter().all(|p| p.name != "Bucket") {
            op.endpoint_params.push(EndpointParam {
                name: "Bucket".to_owned(),
                value: EndpointParamValue::Member(index),
            });
        }
    }
}

/// Whether the client gets S3's upload in parts: the service is S3 and has the four
/// operations it drives (a trimmed crate may lack them).
pub(super) fn multipart_upload(service_id: &str, operations: &[Operation]) -> bool {
    service_id == "S3"
        && [
            "CreateMultipartUpload",
            "UploadPart",
            "CompleteMultipartUpload",
            "AbortMultipartUpload",
        ]
        .iter()
        .all(|name| operations.iter().any(|op| op.wire_name == *name))
}
