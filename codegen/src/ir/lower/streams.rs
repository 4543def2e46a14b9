//! Streams: event stream members of inputs and outputs, which travel as the whole body in
//! every protocol, with the bindings of the events' members to message headers and
//! payloads; and streaming blobs, the whole body of a REST input or output.

use crate::ir::{
    EventBinding, EventHeaderKind, EventPayloadKind, EventShape, Location, Operation, Payload,
    Structure, Type,
};
use crate::model::{ServiceModel, ShapeType};

/// Binds every event stream member to the body, and every streaming blob that is a REST
/// payload (one anywhere else is an ordinary blob, read and sent whole), and gives each
/// event stream union its events' bindings.
pub fn bind_streams(model: &ServiceModel, structures: &mut [Structure]) {
    for s in structures.iter_mut() {
        for m in &mut s.members {
            let location = match (&m.ty, &m.location) {
                (Type::EventStream(_), _) => Payload::EventStream,
                (Type::StreamingBlob, Location::Payload(Payload::Blob)) => Payload::Stream,
                (Type::StreamingBlob, _) => {
                    m.ty = Type::Blob;
                    continue;
                }
                _ => continue,
            };
            m.location = Location::Payload(location);
            m.required = false;
            m.default = None;
        }
        let Some(shape) = model.shapes.get(&s.wire_name).filter(|s| s.eventstream) else {
            continue;
        };
        let events = s
            .members
            .iter()
            .filter_map(|variant| {
                let event = model
                    .shapes
                    .get(&shape.members.get(&variant.member_name)?.shape)?;
                let members: Vec<(String, EventBinding)> = event
                    .members
                    .iter()
                    .filter_map(|(name, member)| {
                        let target = model.shapes.get(&member.shape)?;
                        let key = member.location_name.clone().unwrap_or_else(|| name.clone());
                        let binding = if member.event_header {
                            EventBinding::Header(header_kind(
                                &target.shape_type,
                                target.enum_values.is_some(),
                            )?)
                        } else if member.event_payload {
                            EventBinding::Payload(match target.shape_type {
                                ShapeType::Blob => EventPayloadKind::Blob,
                                ShapeType::String => EventPayloadKind::String,
                                _ => EventPayloadKind::Document,
                            })
                        } else {
                            return None;
                        };
                        Some((key, binding))
                    })
                    .collect();
                (event.exception || !members.is_empty()).then(|| EventShape {
                    name: variant.wire_name.clone(),
                    exception: event.exception,
                    members,
                })
            })
            .collect();
        s.events = Some(events);
    }
}

fn header_kind(shape_type: &ShapeType, is_enum: bool) -> Option<EventHeaderKind> {
    Some(match shape_type {
        ShapeType::Boolean => EventHeaderKind::Bool,
        ShapeType::Byte => EventHeaderKind::Byte,
        ShapeType::Short => EventHeaderKind::Short,
        ShapeType::Integer => EventHeaderKind::Int,
        ShapeType::Long => EventHeaderKind::Long,
        ShapeType::Blob => EventHeaderKind::Blob,
        ShapeType::String => EventHeaderKind::String,
        ShapeType::Timestamp => EventHeaderKind::Timestamp,
        _ if is_enum => EventHeaderKind::String,
        _ => return None,
    })
}

/// Notes which input and output member of each operation is its event stream or its
/// streaming body.
pub fn mark_operations(structures: &[Structure], operations: &mut [Operation]) {
    let member = |id: crate::ir::StructureId, payload: Payload| {
        structures[id.0]
            .members
            .iter()
            .position(|m| m.location == Location::Payload(payload))
    };
    for op in operations {
        op.input_events = member(op.input, Payload::EventStream);
        op.output_events = op.output.and_then(|o| member(o, Payload::EventStream));
        op.input_body = member(op.input, Payload::Stream);
        op.output_body = op.output.and_then(|o| member(o, Payload::Stream));
    }
}
