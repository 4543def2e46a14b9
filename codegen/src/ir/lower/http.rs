//! The HTTP bindings of the REST protocols: which members of an operation's input, output
//! or error travel outside the JSON body.

use crate::ir::{symbols, Location, Payload, Structure, StructureKind, Type};
use crate::model::ServiceModel;
use std::collections::BTreeSet;

/// Settles each member's location. Under an RPC protocol, and in structures that are not an
/// operation's input, output or error (botocore reads locations only there), every member
/// travels in the body. Otherwise the `payload` member is the whole body, and members a
/// response binds to HTTP parts are optional, since a response may leave them out.
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
            if s.read_from_wire && m.location != Location::Body {
                m.required = false;
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
        Type::Blob => Payload::Blob,
        Type::String | Type::Named { is_enum: true, .. } => Payload::Text,
        Type::Named { rust_name, .. } if !unions.contains(rust_name) => Payload::Structure,
        _ => Payload::Json,
    }
}
