//! Emits what streams need: each event stream union's bindings of its events' members, and
//! the items by which an operation hands its input's event stream or streaming body to the
//! client and takes its output's from the response.

use super::ident;
use super::runtime_symbols::*;
use crate::ir::{EventBinding, EventHeaderKind, EventPayloadKind, Operation, Service, Structure};
use proc_macro2::TokenStream;
use quote::quote;

/// `EventUnion` for an event stream union: its events' header and payload members.
pub fn event_union(s: &Structure) -> Option<TokenStream> {
    let events = s.events.as_ref()?;
    let name = ident(&s.rust_name);
    let shapes = events.iter().map(|event| {
        let event_name = &event.name;
        let exception = event.exception;
        let members = event.members.iter().map(|(key, binding)| {
            let binding = match binding {
                EventBinding::Header(kind) => {
                    let kind = ident(match kind {
                        EventHeaderKind::Bool => "Bool",
                        EventHeaderKind::Byte => "Byte",
                        EventHeaderKind::Short => "Short",
                        EventHeaderKind::Int => "Int",
                        EventHeaderKind::Long => "Long",
                        EventHeaderKind::Blob => "Blob",
                        EventHeaderKind::String => "String",
                        EventHeaderKind::Timestamp => "Timestamp",
                    });
                    quote!(Header(#EVENT_SHAPES::HeaderKind::#kind))
                }
                EventBinding::Payload(kind) => {
                    let kind = ident(match kind {
                        EventPayloadKind::Blob => "Blob",
                        EventPayloadKind::String => "String",
                        EventPayloadKind::Document => "Document",
                    });
                    quote!(Payload(#EVENT_SHAPES::PayloadKind::#kind))
                }
            };
            quote!((#key, #EVENT_SHAPES::Binding::#binding))
        });
        quote!(#EVENT_SHAPES::EventShape { name: #event_name, exception: #exception, members: &[#(#members),*] })
    });
    Some(quote! {
        #[cfg(feature = "client")]
        impl #EVENT_SHAPES::EventUnion for #name {
            const EVENTS: &'static [#EVENT_SHAPES::EventShape] = &[#(#shapes),*];
        }
    })
}

/// The `Operation` items of an operation that streams its request or response body.
pub fn operation_streams(
    service: &Service,
    op: &Operation,
    access: &TokenStream,
) -> Option<TokenStream> {
    let kind = |events: Option<usize>, body: Option<usize>| match (events, body) {
        (Some(_), _) => Some(quote!(#OPERATION::Streams::Events)),
        (None, Some(_)) => Some(quote!(#OPERATION::Streams::Bytes)),
        (None, None) => None,
    };
    let (streams_input, streams_output) = (
        kind(op.input_events, op.input_body),
        kind(op.output_events, op.output_body),
    );
    if streams_input.is_none() && streams_output.is_none() {
        return None;
    }
    let none = quote!(#OPERATION::Streams::None);
    let (streams_input, streams_output) = (
        streams_input.unwrap_or_else(|| none.clone()),
        streams_output.unwrap_or(none),
    );
    let unsigned = op.unsigned_payload.then(|| {
        quote!(
            const UNSIGNED_PAYLOAD: bool = true;
        )
    });
    let field =
        |structure, index: usize| ident(&service.structure(structure).members[index].field_name);
    let input_events = op.input_events.map(|index| {
        let field = field(op.input, index);
        quote! {
            fn input_events(&self) -> #EVENTS::OutgoingEvents {
                #EVENTS::outgoing(#access.#field.as_ref())
            }
        }
    });
    let output_events = op.output_events.zip(op.output).map(|(index, output)| {
        let field = field(output, index);
        quote! {
            fn attach_events(output: &mut Self::Output, messages: #EVENTS::IncomingEvents) {
                output.#field = ::std::option::Option::Some(#EVENTS::incoming(messages));
            }
        }
    });
    let input_body = op.input_body.map(|index| {
        let field = field(op.input, index);
        quote! {
            fn input_body(&self) -> ::std::option::Option<#STREAMING_BODY::StreamingBody> {
                ::std::clone::Clone::clone(&#access.#field)
            }
        }
    });
    let output_body = op.output_body.zip(op.output).map(|(index, output)| {
        let field = field(output, index);
        quote! {
            fn attach_body(output: &mut Self::Output, body: #STREAMING_BODY::StreamingBody) {
                output.#field = ::std::option::Option::Some(body);
            }
        }
    });
    Some(quote! {
        const STREAMS: (#OPERATION::Streams, #OPERATION::Streams) = (#streams_input, #streams_output);
        #RUNTIME::streaming_call!();
        #unsigned
        #input_events
        #output_events
        #input_body
        #output_body
    })
}
