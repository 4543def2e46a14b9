//! Event streams: the stream members of inputs and outputs, which travel as the whole body
//! in every protocol, and the bindings of the events' members to message headers and
//! payloads.

use crate::ir::{
    EventBinding, EventHeaderKind, EventPayloadKind, EventShape, Location, Operation, Payload,
    Structure, Type,
};
use crate::model::{ServiceModel, ShapeType};

/// Binds every event stream member to the body, and gives each event stream union its
/// events' bindings.
pub fn bind_streams(model: &ServiceModel, structures: &mut [Structure]) {
    for s in structures.iter_mut() {
        for m in &mut s.members {
            if matches!(m.ty, Type::EventStream(_)) {
                m.location = Location::Payload(Payload::EventStream);
                m.required = false;
                m.default = None;
            }
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

/// Notes which input and output member of each operation is its event stream.
pub fn mark_operations(structures: &[Structure], operations: &mut [Operation]) {
    let stream_of = |id: crate::ir::StructureId| {
        structures[id.0]
            .members
            .iter()
            .position(|m| matches!(m.ty, Type::EventStream(_)))
    };
    for op in operations {
        op.input_events = stream_of(op.input);
        op.output_events = op.output.and_then(stream_of);
    }
}
