//! One client case of Smithy's `eventStreamTests` as Rust tokens. A request case builds the
//! input (its initial-request members and its stream's events), sends it through the mock,
//! and checks the initial request and each signed event sent; a response case replays the
//! initial response and the events' bytes, and checks the output and the events read, or
//! the failure the case expects.

use super::shape_values::{ident, Values};
use super::values::{case_function, header_pairs, Target};
use codegen::ir::{Operation, Service, Structure, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

/// Whether a case sends events (or an initial request) rather than reads them.
pub fn is_request(case: &Value) -> bool {
    case.get("initialRequest").is_some()
        || case["events"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|e| e["type"] == "request")
}

/// The runner function of an event stream case of `operation`.
pub fn event_code(
    values: &Values<'_>,
    operation: &Operation,
    given: &Value,
    case: &Value,
    target: &Target<'_>,
) -> Result<TokenStream, String> {
    let body = if is_request(case) {
        request_case(values, operation, case)?
    } else {
        response_case(values, operation, given, case)?
    };
    Ok(case_function(target, body))
}

/// The structure and its event stream member.
fn stream_member(service: &Service, structure: &Structure) -> Option<(String, String)> {
    let m = structure
        .members
        .iter()
        .find(|m| matches!(m.ty, Type::EventStream(_)))?;
    let union = match &m.ty {
        Type::EventStream(union) => match &**union {
            Type::Named { rust_name, .. } => rust_name.clone(),
            _ => return None,
        },
        _ => return None,
    };
    let _ = service;
    Some((m.member_name.clone(), union))
}

fn request_case(
    values: &Values<'_>,
    operation: &Operation,
    case: &Value,
) -> Result<TokenStream, String> {
    let service = values.service;
    let input = service.structure(operation.input);
    let (stream, _) = stream_member(service, input)
        .ok_or_else(|| format!("`{}` has no input event stream", operation.wire_name))?;
    let mut params = match &case["initialRequestParams"] {
        Value::Object(params) => params.clone(),
        _ => Map::new(),
    };
    let events: Vec<&Value> = case["events"].as_array().into_iter().flatten().collect();
    params.insert(
        stream,
        Value::Array(events.iter().map(|e| e["params"].clone()).collect()),
    );
    let input_value = values.value(&input.wire_name, &Value::Object(params))?;
    let method = ident(&operation.fn_name);
    let expected = events.iter().map(|event| {
        let headers = event_headers(&event["headers"]);
        let body = match event["body"].as_str() {
            Some(body) => quote!(Some(#body)),
            None => quote!(None),
        };
        let media_type = event["bodyMediaType"].as_str().unwrap_or_default();
        quote!(support::ExpectedEvent { headers: #headers, body: #body, media_type: #media_type })
    });
    let initial = match case.get("initialRequest") {
        Some(initial) => {
            let method = initial["method"].as_str().unwrap_or("POST");
            let uri = initial["uri"].as_str().unwrap_or("/");
            let headers = header_pairs(&initial["headers"]);
            quote! {
                support::check_smithy_request(&request.method, &request.url, &request.headers, &[], &support::SmithyRequest {
                    method: #method,
                    path: #uri,
                    query: &[],
                    forbid_query: &[],
                    require_query: &[],
                    resolved_host: None,
                    headers: #headers,
                    forbid_headers: &[],
                    require_headers: &[],
                    body: None,
                    media_type: "",
                })?;
            }
        }
        None => quote!(),
    };
    Ok(quote! {
        mock.respond(200, &[], "");
        let input = #input_value;
        let _ = client.#method().with_input(input).send().await;
        let request = mock.last_request().ok_or("no request was sent")?;
        #initial
        support::check_event_request(&request.headers, &request.body, &[#(#expected),*])
    })
}

/// `&[("name", "type", "value"), ...]` from a case's event headers; blobs stay base64.
fn event_headers(headers: &Value) -> TokenStream {
    let triples = headers
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(name, typed)| {
            let (kind, value) = typed.as_object()?.iter().next()?;
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            Some(quote!((#name, #kind, #text)))
        });
    quote!(&[#(#triples),*])
}

fn response_case(
    values: &Values<'_>,
    operation: &Operation,
    given: &Value,
    case: &Value,
) -> Result<TokenStream, String> {
    let service = values.service;
    let output_id = operation
        .output
        .ok_or_else(|| format!("`{}` has no output", operation.wire_name))?;
    let output = service.structure(output_id);
    let (stream, union) = stream_member(service, output)
        .ok_or_else(|| format!("`{}` has no output event stream", operation.wire_name))?;
    let stream_field = ident(
        &output
            .members
            .iter()
            .find(|m| m.member_name == stream)
            .map(|m| m.field_name.clone())
            .unwrap_or_default(),
    );
    let initial = &case["initialResponse"];
    let status = Literal::u64_unsuffixed(initial["code"].as_u64().unwrap_or(200));
    let headers = header_pairs(&initial["headers"]);
    let initial_body = initial["body"].as_str().unwrap_or_default();
    let events: Vec<&Value> = case["events"].as_array().into_iter().flatten().collect();
    let chunks = events
        .iter()
        .map(|e| e["bytes"].as_str().unwrap_or_default())
        .collect::<Vec<_>>();
    let union_ident = ident(&union);
    let expected_events = events
        .iter()
        .filter(|e| !e["params"].is_null())
        .map(|e| values.value(&service_union_shape(output, &stream, values)?, &e["params"]))
        .collect::<Result<Vec<_>, String>>()?;
    let method = ident(&operation.fn_name);
    // The request only has to be sendable: its required members get the smallest values.
    let call = match given["input"]["shape"].as_str() {
        Some(shape) => {
            let input = values.value(shape, &values.smallest_of(shape))?;
            quote!(client.#method().with_input(#input).validation(s::validation::Policy::Off))
        }
        None => quote!(client.#method()),
    };
    let failure = &case["expectation"]["failure"];
    let error_name = failure["errorId"]
        .as_str()
        .map(|id| id.rsplit('#').next().unwrap_or(id).to_owned());
    let initial_check = match case.get("initialResponseParams") {
        Some(params) => {
            let expected = values.value(&output.wire_name, params)?;
            quote! {
                let mut expected = #expected;
                expected.#stream_field = output.#stream_field.clone();
                support::same(&output, &expected)?;
            }
        }
        None => quote!(),
    };
    let union_type = quote!(s::types::#union_ident);
    let body = quote! {
        let body: Vec<u8> = [#initial_body.as_bytes().to_vec(), #(support::base64(#chunks)?),*].concat();
        mock.respond(#status, #headers, body);
        let result = #call.send().await;
    };
    if failure.is_null() {
        return Ok(quote! {
            #body
            let output = result.map_err(|e| e.to_string())?;
            #initial_check
            let stream = output.#stream_field.clone().unwrap_or_default();
            let mut events: Vec<#union_type> = Vec::new();
            while let Some(event) = stream.recv().await.map_err(|e| e.to_string())? {
                events.push(event);
            }
            let expected: Vec<#union_type> = vec![#(#expected_events),*];
            support::same(&events, &expected)
        });
    }
    // A failure: of the call (a protocol error), or of an event (an exception event, an
    // error message, a malformed message), whose name the case may give.
    let variant = error_name.as_ref().and_then(|name| {
        let union_structure = service.structures.iter().find(|s| s.rust_name == union)?;
        let member = union_structure.members.iter().find(|m| {
            values.shapes[&union_structure.wire_name]["members"][&m.member_name]["shape"]
                == name.as_str()
        })?;
        Some(ident(&member.variant_name))
    });
    let named = error_name.clone().unwrap_or_default();
    let call_error = quote! {
        Err(error) => {
            let code = error.meta().and_then(|m| m.code.clone());
            if !#named.is_empty() && code.as_deref() != Some(#named) {
                return Err(format!("error code {code:?}, expected {}", #named));
            }
            return Ok(());
        }
    };
    let event_error = match variant {
        Some(variant) => quote! {
            Err(s::primitives::EventStreamError::Exception(#union_type::#variant(_))) => return Ok(()),
            Err(other) => return Err(format!("expected the exception event {}, got {other}", #named)),
        },
        None if error_name.is_some() => quote! {
            Err(other) => return Err(format!("expected {}, got {other}", #named)),
        },
        None => quote!(Err(_) => return Ok(()),),
    };
    Ok(quote! {
        #body
        let output = match result {
            Ok(output) => output,
            #call_error
        };
        let stream = output.#stream_field.clone().unwrap_or_default();
        loop {
            match stream.recv().await {
                Ok(Some(_)) => {}
                Ok(None) => return Err("the stream ended without the expected failure".to_owned()),
                #event_error
            }
        }
    })
}

/// The union shape of the output's stream member, by name in the suite's shapes.
fn service_union_shape(
    output: &Structure,
    stream: &str,
    values: &Values<'_>,
) -> Result<String, String> {
    values.shapes[&output.wire_name]["members"][stream]["shape"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("`{}` member `{stream}` targets no shape", output.wire_name))
}
