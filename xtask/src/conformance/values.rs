//! One protocol case as Rust tokens: values from the generated builders, the call, the checks.

use super::shape_values::{ident, Values};
use codegen::ir::{ClientProtocol, ErrorVariant, Operation, Service, Structure, StructureKind};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// The client every case uses: the suite's endpoint, the mock transport, no retries (a
/// case queues one response).
pub(super) fn client_setup(module: &Ident, endpoint: &str, vendor: &Value) -> TokenStream {
    // A case with `vendorParams` (S3's) configures the client as they say: its region and
    // S3 settings, and the endpoint the rules resolve rather than the case's host.
    let client = &vendor["scopedConfig"]["client"];
    let region = client["region"].as_str().unwrap_or("us-east-1");
    let endpoint = client.is_null().then(|| quote!(.endpoint_url(#endpoint)));
    let s3 = &client["s3"];
    let flag = |key: &str| s3[key].as_bool().unwrap_or(false);
    let path_style = match s3["addressing_style"].as_str() {
        Some("path") => quote!(.force_path_style(true)),
        _ => quote!(),
    };
    let (dual_stack, accelerate) = (
        flag("use_dualstack_endpoint"),
        flag("use_accelerate_endpoint"),
    );
    let settings = (!client.is_null())
        .then(|| quote!(#path_style .use_dual_stack(#dual_stack) .accelerate(#accelerate)));
    quote! {
        use protocol_suites::#module as s;
        let mock = s::test_util::MockTransport::new();
        let config = s::Config::builder()
            .region(#region)
            .credentials(s::Credentials::new("AKID", "SECRET", None))
            #endpoint
            #settings
            .retry(s::client::RetryConfig::disabled())
            .transport(mock.clone())
            .build()
            .map_err(|e| e.to_string())?;
        let client = s::Client::new(config);
    }
}

/// The settings a case's `vendorParams` scope to its operation (S3's addressing style), as
/// the call's configuration override.
fn operation_overrides(vendor: &Value) -> TokenStream {
    match vendor["scopedConfig"]["operation"]["s3"]["addressing_style"].as_str() {
        Some(style) => {
            let path = style == "path";
            quote!(.config_override(|c| c.force_path_style(#path)))
        }
        None => quote!(),
    }
}

/// Where a case runs: its suite's generated module, the runner function's name, the endpoint.
pub struct Target<'a> {
    /// Module of the suite in the generated crate.
    pub module: &'a Ident,
    /// Name of the case's function in the runner.
    pub function: &'a Ident,
    /// Endpoint URL the client is configured with.
    pub endpoint: &'a str,
    /// The suite file, such as `input/json.json`.
    pub file: &'a str,
    /// The case's id.
    pub id: &'a str,
}

/// The runner function for one case of an `input` or `output` suite.
pub fn case_code(
    input: bool,
    service: &Service,
    suite: &Value,
    case: &Value,
    target: &Target<'_>,
) -> Result<TokenStream, String> {
    let operation = operation(service, case)?;
    let values = Values {
        shapes: &suite["shapes"],
        service,
        // An expected value is compared with `==`, under which NaN equals nothing.
        nan_allowed: input,
    };
    let cbor = suite["metadata"]["protocol"].as_str() == Some("smithy-rpc-v2-cbor");
    let body = if input {
        input_case(&values, operation, case, cbor, target)?
    } else {
        output_case(&values, operation, case, cbor)?
    };
    Ok(case_function(target, body))
}

/// A case's runner function: the client set up for its target, then `body`.
pub(super) fn case_function(target: &Target<'_>, body: TokenStream) -> TokenStream {
    let function = target.function;
    let setup = client_setup(target.module, target.endpoint, &Value::Null);
    quote! {
        async fn #function() -> Result<(), String> {
            #setup
            #body
        }
    }
}

/// `&[("Name", "value"), ...]` from a JSON object of headers.
pub(super) fn header_pairs(headers: &Value) -> TokenStream {
    let pairs = headers
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let value = value.as_str().unwrap_or_default();
            quote!((#name, #value))
        });
    quote!(&[#(#pairs),*])
}

/// The statements that build the input of `operation` from `params` (its input shape named
/// by `given`) and send it, the response ignored.
pub(super) fn send_input(
    values: &Values<'_>,
    operation: &Operation,
    (given, params, vendor): (&Value, &Value, &Value),
) -> Result<TokenStream, String> {
    let method = ident(&operation.fn_name);
    let overrides = operation_overrides(vendor);
    Ok(match given["input"]["shape"].as_str() {
        Some(shape) => {
            let input = values.value(shape, params)?;
            quote! {
                let input = #input;
                let _ = client.#method().with_input(input) #overrides .send().await;
            }
        }
        None if params.as_object().is_none_or(|p| p.is_empty()) => {
            quote!(let _ = client.#method() #overrides .send().await;)
        }
        None => return Err("params for an operation without input".to_owned()),
    })
}

/// An input case: build the input from `params`, send it, check the request.
fn input_case(
    values: &Values<'_>,
    operation: &Operation,
    case: &Value,
    cbor: bool,
    target: &Target<'_>,
) -> Result<TokenStream, String> {
    let send = send_input(
        values,
        operation,
        (&case["given"], &case["params"], &Value::Null),
    )?;
    let serialized = &case["serialized"];
    let strings = |key: &str| {
        let items = serialized[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        quote!(&[#(#items),*])
    };
    let optional = |key: &str| match serialized[key].as_str() {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    // A compressed body is decompressed and compared with the body the case expects
    // uncompressed; the suites give none for these cases, so it comes from the params.
    let (file, id) = (target.file, target.id);
    let decompressed = quote! {
        let body = support::decompressed(#file, #id, &request.headers, &request.body)?;
    };
    let compressed = case["given"].get("requestcompression").is_some();
    let (read_body, body) = match (compressed, serialized["body"].as_str()) {
        (true, None) => {
            let client = values.service.protocol.client.as_ref();
            let rest = client == Some(&ClientProtocol::RestJson);
            let form = match client {
                Some(ClientProtocol::AwsQuery) => Some(false),
                Some(ClientProtocol::Ec2Query) => Some(true),
                _ => None,
            };
            let expected = match (form, client) {
                (Some(ec2), _) => uncompressed_form(values, case, ec2)?,
                (None, Some(ClientProtocol::RestXml)) => uncompressed_xml(values.shapes, case)?,
                (None, _) => uncompressed_body(values.shapes, case, rest)?,
            };
            (decompressed, quote!(Some(#expected)))
        }
        (true, Some(_)) => (decompressed, optional("body")),
        (false, _) => (quote!(let body = request.body.clone();), optional("body")),
    };
    let http_method = serialized["method"].as_str().unwrap_or("POST");
    let uri = serialized["uri"].as_str().unwrap_or("/");
    let host = optional("host");
    let headers = header_pairs(&serialized["headers"]);
    let forbid_headers = strings("forbidHeaders");
    let require_headers = strings("requireHeaders");
    Ok(quote! {
        mock.respond(200, &[], "{}");
        #send
        let request = mock.last_request().ok_or("no request was sent")?;
        #read_body
        support::check_request(
            &request.method,
            &request.url,
            &request.headers,
            &body,
            &support::ExpectedRequest {
                method: #http_method,
                uri: #uri,
                host: #host,
                headers: #headers,
                forbid_headers: #forbid_headers,
                require_headers: #require_headers,
                body: #body,
                cbor: #cbor,
            },
        )
    })
}

/// The JSON body of a case's params before compression: every member bound to the body (all
/// of them in awsJson; in rest-json those without an HTTP location), under its wire name.
/// Only scalar members are derived; anything else makes the case unsupported.
fn uncompressed_body(shapes: &Value, case: &Value, rest: bool) -> Result<String, String> {
    let input = case["given"]["input"]["shape"]
        .as_str()
        .ok_or("a compressed case without an input shape")?;
    let members = shapes[input]["members"]
        .as_object()
        .ok_or_else(|| format!("input shape `{input}` has no members"))?;
    let mut body = serde_json::Map::new();
    for (name, value) in case["params"].as_object().into_iter().flatten() {
        let member = members
            .get(name)
            .ok_or_else(|| format!("param `{name}` is not a member of `{input}`"))?;
        if rest && member.get("location").is_some() {
            continue;
        }
        let kind = shapes[member["shape"].as_str().unwrap_or_default()]["type"]
            .as_str()
            .unwrap_or_default();
        if !matches!(kind, "string" | "boolean" | "integer" | "long") {
            return Err(format!(
                "the uncompressed body of a `{kind}` member is not derived from params"
            ));
        }
        let wire = member["locationName"].as_str().unwrap_or(name);
        body.insert(wire.to_owned(), value.clone());
    }
    Ok(Value::Object(body).to_string())
}

/// The XML body of a restXml case's params before compression: the input's root element
/// (its `locationName`, else the shape's name) holding each scalar body member.
fn uncompressed_xml(shapes: &Value, case: &Value) -> Result<String, String> {
    let input = &case["given"]["input"];
    let shape = input["shape"]
        .as_str()
        .ok_or("a compressed case without an input shape")?;
    let root = input["locationName"].as_str().unwrap_or(shape);
    let members = shapes[shape]["members"]
        .as_object()
        .ok_or_else(|| format!("input shape `{shape}` has no members"))?;
    let mut xml = format!("<{root}>");
    for (name, value) in case["params"].as_object().into_iter().flatten() {
        let member = members
            .get(name)
            .ok_or_else(|| format!("param `{name}` is not a member of `{shape}`"))?;
        if member.get("location").is_some() {
            continue;
        }
        let Some(text) = value.as_str() else {
            return Err(format!(
                "the uncompressed XML of param `{name}` is not derived from params"
            ));
        };
        let wire = member["locationName"].as_str().unwrap_or(name);
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        xml.push_str(&format!("<{wire}>{escaped}</{wire}>"));
    }
    xml.push_str(&format!("</{root}>"));
    Ok(xml)
}

/// The form body of a query case's params before compression: `Action`, `Version` and
/// each scalar member under its query key (EC2's capitalized). Only scalar members are
/// derived; anything else makes the case unsupported.
fn uncompressed_form(values: &Values<'_>, case: &Value, ec2: bool) -> Result<String, String> {
    let input = case["given"]["input"]["shape"]
        .as_str()
        .ok_or("a compressed case without an input shape")?;
    let members = values.shapes[input]["members"]
        .as_object()
        .ok_or_else(|| format!("input shape `{input}` has no members"))?;
    let operation = case["given"]["name"].as_str().unwrap_or_default();
    let mut form = format!("Action={operation}&Version={}", values.service.api_version);
    for (name, value) in case["params"].as_object().into_iter().flatten() {
        let member = members
            .get(name)
            .ok_or_else(|| format!("param `{name}` is not a member of `{input}`"))?;
        let Some(text) = value.as_str() else {
            return Err(format!(
                "the uncompressed form of param `{name}` is not derived from params"
            ));
        };
        let wire = member["locationName"].as_str().unwrap_or(name);
        let key = if ec2 {
            let mut chars = wire.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        } else {
            wire.to_owned()
        };
        let mut encoded = String::new();
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                encoded.push(char::from(b));
            } else {
                encoded.push_str(&format!("%{b:02X}"));
            }
        }
        form.push_str(&format!("&{key}={encoded}"));
    }
    Ok(form)
}

/// An output case: replay the response, compare the parsed output or error with `result` or
/// `error`.
fn output_case(
    values: &Values<'_>,
    operation: &Operation,
    case: &Value,
    cbor: bool,
) -> Result<TokenStream, String> {
    let response = &case["response"];
    let status = Literal::u64_unsuffixed(response["status_code"].as_u64().unwrap_or(200));
    let headers = header_pairs(&response["headers"]);
    let body = response["body"].as_str().unwrap_or_default();
    // A CBOR body is base64 in the suite: the runner decodes it.
    let body = if cbor {
        quote!({
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .decode(#body)
                .map_err(|e| e.to_string())?
        })
    } else {
        quote!(#body)
    };
    let method = ident(&operation.fn_name);
    let check = match case["errorCode"].as_str() {
        Some(code) => error_check(values, operation, case, code)?,
        None => output_check(values, case)?,
    };
    // The request only has to be sendable: its required members get the smallest values
    // (unchecked, as they may break the model's constraints).
    let call = match case["given"]["input"]["shape"].as_str() {
        Some(shape) => {
            let input = values.value(shape, &values.smallest(shape, 0))?;
            quote! {
                client.#method().with_input(#input).validation(s::validation::Policy::Off)
            }
        }
        None => quote!(client.#method()),
    };
    Ok(quote! {
        mock.respond(#status, #headers, #body);
        let result = #call.send().await;
        #check
    })
}

/// The checks of an output case that expects the error `code`: its code, its message when
/// the case gives one, and its modeled fields.
fn error_check(
    values: &Values<'_>,
    operation: &Operation,
    case: &Value,
    code: &str,
) -> Result<TokenStream, String> {
    let (variant, error) = error_structure(values.service, operation, code)?;
    let expected = values.structure_value(error, &case["error"])?;
    let enum_name = ident(&operation.error_name);
    let variant_name = variant.variant_name.as_str();
    let variant = ident(variant_name);
    let message = case["errorMessage"].as_str().map(|message| {
        quote! {
            if meta.message.as_deref() != Some(#message) {
                return Err(format!("error message {:?}, expected {:?}", meta.message, #message));
            }
        }
    });
    Ok(quote! {
        let error = match result {
            Ok(output) => return Err(format!("expected error {}, parsed {output:?}", #code)),
            Err(error) => error,
        };
        let meta = error
            .meta()
            .ok_or_else(|| format!("expected error {}, got {error}", #code))?;
        if meta.code.as_deref() != Some(#code) {
            return Err(format!("error code {:?}, expected {}", meta.code, #code));
        }
        #message
        match error.as_service_error() {
            Some(s::error::#enum_name::#variant(actual)) => support::same(actual, &#expected),
            other => Err(format!("expected {}, got {other:?}", #variant_name)),
        }
    })
}

/// The checks of an output case that expects success: the parsed output against `result`,
/// by value. A top-level member the case expects to be NaN is checked with `is_nan` and
/// then cleared on both sides, since `==` never holds for NaN.
fn output_check(values: &Values<'_>, case: &Value) -> Result<TokenStream, String> {
    let compare = match case["given"]["output"]["shape"].as_str() {
        Some(shape) => {
            let mut result = case["result"].clone();
            let nan_checks = take_nans(values, shape, &mut result)?;
            let expected = values.value(shape, &result)?;
            // A streaming body is compared by its bytes (a stream equals only its clones),
            // then cleared on both sides; unset reads as empty.
            let streams = values
                .service
                .structures
                .iter()
                .find(|s| s.wire_name == shape)
                .into_iter()
                .flat_map(|s| &s.members)
                .filter(|m| m.ty == codegen::ir::Type::StreamingBlob)
                .map(|m| {
                    let field = ident(&m.field_name);
                    quote! {
                        let actual_body = match actual.#field.take() {
                            Some(body) => body.collect().await.map_err(|e| e.to_string())?,
                            None => Vec::new(),
                        };
                        let expected_body = match expected.#field.take() {
                            Some(body) => body.collect().await.map_err(|e| e.to_string())?,
                            None => Vec::new(),
                        };
                        support::same(&actual_body, &expected_body)?;
                    }
                })
                .collect::<Vec<_>>();
            if nan_checks.is_empty() && streams.is_empty() {
                quote!(support::same(&actual, &#expected))
            } else {
                let binding = if streams.is_empty() {
                    quote!(expected)
                } else {
                    quote!(mut expected)
                };
                quote! {
                    let mut actual = actual;
                    let #binding = #expected;
                    #(#streams)*
                    #(#nan_checks)*
                    support::same(&actual, &expected)
                }
            }
        }
        None if case["result"].as_object().is_some_and(|r| !r.is_empty()) => {
            return Err("a result for an operation without output".to_owned());
        }
        None => quote! {
            let _ = actual;
            Ok(())
        },
    };
    Ok(quote! {
        let actual = result.map_err(|e| e.to_string())?;
        #compare
    })
}

/// Removes the members of `result` (a value of the structure `shape`) that the case expects
/// to be NaN, and returns the checks that the parsed `actual` has NaN there, each clearing
/// the member afterwards.
fn take_nans(
    values: &Values<'_>,
    shape: &str,
    result: &mut Value,
) -> Result<Vec<TokenStream>, String> {
    let Some(fields) = result.as_object_mut() else {
        return Ok(Vec::new());
    };
    let nans: Vec<String> = fields
        .iter()
        .filter(|(_, v)| v.as_str() == Some("NaN"))
        .map(|(name, _)| name.clone())
        .collect();
    let mut checks = Vec::new();
    for name in nans {
        fields.remove(&name);
        let member = values
            .service
            .structures
            .iter()
            .find(|s| s.wire_name == shape)
            .and_then(|s| s.members.iter().find(|m| m.member_name == name))
            .filter(|m| !m.required)
            .ok_or_else(|| {
                format!("NaN is expected in `{name}`, not an optional member of `{shape}`")
            })?;
        let field = ident(&member.field_name);
        checks.push(quote! {
            if !actual.#field.is_some_and(|x| x.is_nan()) {
                return Err(format!("{} is {:?}, expected NaN", #name, actual.#field));
            }
            actual.#field = None;
        });
    }
    Ok(checks)
}

/// The IR operation a case calls.
pub(super) fn operation<'a>(service: &'a Service, case: &Value) -> Result<&'a Operation, String> {
    let name = case["given"]["name"].as_str().unwrap_or_default();
    service
        .operations
        .iter()
        .find(|o| o.wire_name == name)
        .ok_or_else(|| format!("no operation `{name}` in the generated module"))
}

/// The error variant and structure an error code names.
fn error_structure<'a>(
    service: &'a Service,
    operation: &'a Operation,
    code: &str,
) -> Result<(&'a ErrorVariant, &'a Structure), String> {
    operation
        .errors
        .iter()
        .map(|e| (e, service.structure(e.structure)))
        .find(|(_, s)| {
            matches!(&s.kind, StructureKind::Error { code: c, .. } if c == code)
                || s.wire_name == code
        })
        .ok_or_else(|| format!("the operation models no error with code `{code}`"))
}
