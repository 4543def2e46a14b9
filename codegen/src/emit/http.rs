//! Emits the HTTP bindings of the REST protocols: each operation's request (labels, query
//! string, headers, body) and the members its output and errors read from headers, the
//! status code or the whole body. The encoding work is the runtime's `rest` module.

use super::ident;
use super::runtime_symbols::*;
use crate::ir::{Location, Member, Operation, Payload, Service, Structure, TimestampFormat, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// How the runtime writes or reads a bound member, when it is not the location's default:
/// the model's timestamp format, or a JSON value in a header.
fn encoding(m: &Member) -> Option<TokenStream> {
    let format = match m.timestamp_format {
        _ if m.json_value => return Some(quote!(#REST_ENCODING::Encoding::JsonValue)),
        None => return None,
        Some(TimestampFormat::EpochSeconds) => quote!(EpochSeconds),
        Some(TimestampFormat::DateTime) => quote!(DateTime),
        Some(TimestampFormat::HttpDate) => quote!(HttpDate),
    };
    Some(quote!(#REST_ENCODING::Encoding::Time(#DATETIME::Format::#format)))
}

/// A binding call: the short method for the location's default encoding, else its `_as`
/// form with the model's encoding.
fn call(method: &str, encoding: Option<TokenStream>) -> (proc_macro2::Ident, Option<TokenStream>) {
    match encoding {
        None => (ident(method), None),
        Some(encoding) => (ident(&format!("{method}_as")), Some(quote!(, #encoding))),
    }
}

/// The `http_request` method of an operation's `Operation` impl: the method and URI, then
/// each bound member, then the body. `access` reaches the input's fields from `self`.
pub fn request_fn(op: &Operation, input: &Structure, access: &TokenStream) -> TokenStream {
    // restXml: structure payloads and the body as XML documents.
    let xml = input.xml_root.is_some();
    let method = &op.http.method;
    let uri = &op.http.uri;
    let mut labels = Vec::new();
    let mut queries = Vec::new();
    let mut query_maps = Vec::new();
    let mut headers = Vec::new();
    let mut body = Vec::new();
    for m in &input.members {
        let field = ident(&m.field_name);
        let value = quote!(&#access.#field);
        let as_option = if m.required {
            quote!(Some(&#access.#field))
        } else {
            quote!(#access.#field.as_ref())
        };
        let encoding = encoding(m);
        match &m.location {
            Location::Uri(name) if m.label_fallback.is_some() => {
                let fallback = m.label_fallback.as_deref().unwrap_or_default();
                let text = if m.required {
                    quote!(&#access.#field)
                } else {
                    quote!(#access.#field.as_deref().unwrap_or_default())
                };
                labels.push(quote!(request.label_or(#name, #text, #fallback)?;));
            }
            Location::Uri(name) => {
                let (method, encoding) = call("label", encoding);
                labels.push(quote!(request.#method(#name, #value #encoding)?;));
            }
            Location::Query(_) if matches!(m.ty, Type::Map(..)) => {
                query_maps.push(quote!(request.query_map(#as_option)?;));
            }
            Location::Query(name) => {
                let (method, encoding) = call("query", encoding);
                queries.push(quote!(request.#method(#name, #value #encoding)?;));
            }
            Location::Header(name) => {
                let (method, encoding) = call("header", encoding);
                headers.push(quote!(request.#method(#name, #value #encoding)?;));
            }
            Location::Headers(prefix) => {
                headers.push(quote!(request.prefix_headers(#prefix, #as_option)?;));
            }
            Location::Payload(kind) => {
                // A string payload as `Option<&str>`, spelled as clippy wants it.
                let as_str = if m.required {
                    quote!(Some(#access.#field.as_str()))
                } else {
                    quote!(#access.#field.as_deref())
                };
                let write = payload_write(*kind, m, &as_option, &as_str, xml);
                if !write.is_empty() {
                    body.push(write);
                }
            }
            Location::Body | Location::StatusCode | Location::Endpoint => {}
        }
    }
    if input.has_body_members() {
        body.push(match &input.xml_root {
            Some(root) => quote!(request.xml_members(&#access, #root)?;),
            None => quote!(request.members(&#access)?;),
        });
    }
    let binding = if labels.is_empty()
        && queries.is_empty()
        && query_maps.is_empty()
        && headers.is_empty()
        && body.is_empty()
    {
        quote!(request)
    } else {
        quote!(mut request)
    };
    // `#[inline]` makes the function, and the writers of the input's members it calls,
    // compiled where the operation is called rather than in the crate for every operation
    // (as a generic function is): a program pays for the operations it calls.
    quote! {
        #[inline]
        fn http_request(&self) -> Result<#REST::Request, String> {
            let #binding = #REST::Request::new(#method, #uri);
            #(#labels)*
            #(#queries)*
            #(#query_maps)*
            #(#headers)*
            #(#body)*
            Ok(request)
        }
    }
}

/// The statement that makes a payload member the whole body (`xml`: a restXml one, whose
/// key names its document's root).
fn payload_write(
    kind: Payload,
    m: &Member,
    as_option: &TokenStream,
    as_str: &TokenStream,
    xml: bool,
) -> TokenStream {
    let root = m.xml_facts.as_deref().unwrap_or(&m.member_name);
    match kind {
        // The client streams the body itself.
        Payload::EventStream => quote!(),
        Payload::Stream => {
            let content_type = m
                .media_type
                .as_deref()
                .unwrap_or("application/octet-stream");
            quote!(request.stream_payload(#as_option.is_some(), #content_type);)
        }
        Payload::Structure | Payload::Json if xml => {
            quote!(request.xml_payload(#as_option, #root)?;)
        }
        Payload::Structure => quote!(request.json_payload(#as_option, true)?;),
        Payload::Json => quote!(request.json_payload(#as_option, false)?;),
        Payload::Text if m.ty == Type::String => {
            quote!(request.text_payload(#as_str);)
        }
        Payload::Text => quote!(request.text_payload(#as_option.map(|value| value.as_str()));),
        Payload::Blob => {
            let content_type = m
                .media_type
                .as_deref()
                .unwrap_or("application/octet-stream");
            quote!(request.blob_payload(#as_option.map(|value| value.as_bytes()), #content_type);)
        }
    }
}

/// The expression that reads a bound member from `response`, or `None` for a member the
/// body carries (or a request-only location, which a response does not bind).
fn bound_read(m: &Member) -> Option<TokenStream> {
    let encoding = encoding(m);
    Some(match &m.location {
        Location::Header(name) => {
            let (method, encoding) = call("header", encoding);
            quote!(#REST_OUTPUT::#method(response, #name #encoding)?)
        }
        Location::Headers(prefix) => {
            quote!(#REST_OUTPUT::prefix_headers(response, #prefix)?)
        }
        Location::StatusCode => quote!(#REST_OUTPUT::status(response)),
        Location::Payload(Payload::Structure | Payload::Json) => {
            quote!(#REST_OUTPUT::json_payload(response)?)
        }
        Location::Payload(Payload::Text) => quote!(#REST_OUTPUT::text_payload(response)?),
        Location::Payload(Payload::Blob) => quote!(#REST_OUTPUT::blob_payload(response)),
        // The client attaches the stream as the response's body arrives.
        Location::Body
        | Location::Endpoint
        | Location::Uri(_)
        | Location::Query(_)
        | Location::Payload(Payload::EventStream | Payload::Stream) => return None,
    })
}

/// The statements that read a structure's bound members from `response` into `target`.
fn bound_reads(s: &Structure, target: &TokenStream) -> Vec<TokenStream> {
    s.members
        .iter()
        .filter_map(|m| {
            let field = ident(&m.field_name);
            let read = bound_read(m)?;
            Some(quote!(#target.#field = #read;))
        })
        .collect()
}

/// The `read_output` method of an operation's `Operation` impl, when its output binds
/// members outside the JSON body: the body's members first, then the bound ones; or, when
/// the body holds no members (a payload, or nothing), every member from its binding.
pub fn read_output_fn(service: &Service, op: &Operation) -> Option<TokenStream> {
    let output = service.structure(op.output?);
    if op.unwrapped_xml_output {
        let text = |m: &Member| {
            !m.required && matches!(m.ty, Type::String | Type::Named { is_enum: true, .. })
        };
        if let [m] = output.members.as_slice() {
            let root = super::root(service);
            let types_mod = &root.types;
            let name = ident(&output.rust_name);
            let field = ident(&m.field_name);
            return text(m).then(|| quote! {
                #[inline]
                fn read_output(response: &#TRANSPORT::HttpResponse) -> Result<Self::Output, String> {
                    Ok(#types_mod::#name { #field: #REST_OUTPUT::unwrapped_xml_text(response)? })
                }
            });
        }
    }
    // Members bound to the URI or the query string are not in a response: an output with
    // only those reads like one without bindings.
    if !output.members.iter().any(|m| bound_read(m).is_some()) {
        return None;
    }
    let body = if output.has_body_members() {
        let reads = bound_reads(output, &quote!(output));
        quote! {
            let mut output: Self::Output = #REST_OUTPUT::members(response)?;
            #(#reads)*
            Ok(output)
        }
    } else {
        let root = super::root(service);
        let types_mod = &root.types;
        let name = ident(&output.rust_name);
        let fields = output.members.iter().filter_map(|m| {
            let field = ident(&m.field_name);
            let read = bound_read(m)?;
            Some(quote!(#field: #read,))
        });
        // Members a response cannot bind (URI labels, the query string) stay unset.
        let rest = output
            .members
            .iter()
            .any(|m| bound_read(m).is_none())
            .then(|| quote!(..::std::default::Default::default()));
        quote!(Ok(#types_mod::#name { #(#fields)* #rest }))
    };
    // `#[inline]`, as `http_request`: compiled with the calls of the operation.
    Some(quote! {
        #[inline]
        fn read_output(response: &#TRANSPORT::HttpResponse) -> Result<Self::Output, String> {
            #body
        }
    })
}

/// The functions that read the members REST errors bind to headers (the JSON body is read
/// before, by the operation's error decoding).
pub fn error_binders(service: &Service) -> TokenStream {
    let root = super::root(service);
    let types_mod = &root.types;
    let binders = service.structures.iter().filter_map(|s| {
        let binder = ident(s.http_binder.as_ref()?);
        let name = ident(&s.rust_name);
        let reads = bound_reads(s, &quote!(error));
        let doc = format!(
            " Reads the members of a `{}` that travel outside the JSON body.",
            s.wire_name
        );
        Some(quote! {
            #[doc = #doc]
            #[cfg(feature = "client")]
            fn #binder(error: &mut #types_mod::#name, response: &#TRANSPORT::HttpResponse) -> Result<(), String> {
                #(#reads)*
                Ok(())
            }
        })
    });
    quote!(#(#binders)*)
}
