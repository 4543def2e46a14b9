//! Emits what event streams need: each stream union's bindings of its events' members, and
//! the methods by which an operation hands its input's stream to the client and takes its
//! output's stream from the response.

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

/// The `Operation` items of an operation that streams events.
pub fn operation_streams(
    service: &Service,
    op: &Operation,
    access: &TokenStream,
) -> Option<TokenStream> {
    if op.input_events.is_none() && op.output_events.is_none() {
        return None;
    }
    let (streams_input, streams_output) = (op.input_events.is_some(), op.output_events.is_some());
    let input = op.input_events.map(|index| {
        let field = ident(&service.structure(op.input).members[index].field_name);
        quote! {
            fn input_events(&self) -> #EVENTS::OutgoingEvents {
                #EVENTS::outgoing(#access.#field.as_ref())
            }
        }
    });
    let output = op.output_events.zip(op.output).map(|(index, output)| {
        let field = ident(&service.structure(output).members[index].field_name);
        quote! {
            fn attach_events(output: &mut Self::Output, messages: #EVENTS::IncomingEvents) {
                output.#field = ::std::option::Option::Some(#EVENTS::incoming(messages));
            }
        }
    });
    Some(quote! {
        const EVENT_STREAMS: (bool, bool) = (#streams_input, #streams_output);
        #input
        #output
    })
}
