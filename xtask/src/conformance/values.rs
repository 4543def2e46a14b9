//! One protocol case as Rust tokens: values from the generated builders, the call, the checks.

use codegen::ir::{ClientProtocol, ErrorVariant, Operation, Service, Structure, StructureKind};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

/// An identifier from a name the generator chose; `r#type` becomes a raw identifier.
pub(super) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

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

/// Rust expressions for values of the suite's shapes, as botocore's tests write them
/// (blobs as text, timestamps as epoch seconds, floats' specials as strings).
pub(super) struct Values<'a> {
    pub(super) shapes: &'a Value,
    pub(super) service: &'a Service,
    /// Whether a NaN may be built: in an input, yes; in an expected output, only where the
    /// check tests it with `is_nan` (see `output_check`).
    pub(super) nan_allowed: bool,
}

impl Values<'_> {
    /// A value of `shape`, as a case writes it.
    pub(super) fn value(&self, shape: &str, value: &Value) -> Result<TokenStream, String> {
        let definition = &self.shapes[shape];
        let kind = definition["type"]
            .as_str()
            .ok_or_else(|| format!("shape `{shape}` has no type"))?;
        let mismatch = || format!("{value} is not a value of `{shape}` ({kind})");
        Ok(match kind {
            "structure" if definition["document"].as_bool() == Some(true) => {
                let document = codegen::emit::json_tokens(value);
                quote!(serde_json::json!(#document))
            }
            "structure" => {
                let structure = self
                    .service
                    .structures
                    .iter()
                    .find(|s| s.wire_name == shape)
                    .ok_or_else(|| format!("no structure `{shape}` in the generated module"))?;
                self.structure_value(structure, value)?
            }
            "list" => {
                let member = definition["member"]["shape"].as_str().unwrap_or_default();
                let items = value
                    .as_array()
                    .ok_or_else(mismatch)?
                    .iter()
                    .map(|item| self.item(definition, member, item))
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(vec![#(#items),*])
            }
            "map" => {
                let key = definition["key"]["shape"].as_str().unwrap_or_default();
                let member = definition["value"]["shape"].as_str().unwrap_or_default();
                let entries = value
                    .as_object()
                    .ok_or_else(mismatch)?
                    .iter()
                    .map(|(k, v)| {
                        let k = self.value(key, &Value::String(k.clone()))?;
                        let v = self.item(definition, member, v)?;
                        Ok(quote!((#k, #v)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                quote!(::std::collections::HashMap::from([#(#entries),*]))
            }
            "string" => {
                let text = value.as_str().ok_or_else(mismatch)?;
                match self.service.enums.iter().find(|e| e.wire_name == shape) {
                    Some(e) => {
                        let name = ident(&e.rust_name);
                        quote!(s::types::#name::from(#text))
                    }
                    None => quote!(::std::string::String::from(#text)),
                }
            }
            "integer" | "long" | "short" | "byte" => {
                // Unsuffixed: the member's type decides the width.
                let number = Literal::i64_unsuffixed(value.as_i64().ok_or_else(mismatch)?);
                quote!(#number)
            }
            "float" | "double" => {
                let ty = format_ident!("{}", if kind == "float" { "f32" } else { "f64" });
                match value {
                    Value::String(special) => match special.as_str() {
                        "NaN" if self.nan_allowed => quote!(#ty::NAN),
                        "NaN" => {
                            return Err("a NaN inside an expected value cannot be compared by value (only a top-level optional member can)".to_owned())
                        }
                        "Infinity" => quote!(#ty::INFINITY),
                        "-Infinity" => quote!(#ty::NEG_INFINITY),
                        _ => return Err(mismatch()),
                    },
                    _ => {
                        // The JSON number's shortest `f64` text with the type's suffix, so
                        // a `float` is rounded from that text, not from the `f64`.
                        let number = value.as_f64().ok_or_else(mismatch)?;
                        let literal =
                            syn::LitFloat::new(&format!("{number:?}{ty}"), Span::call_site());
                        quote!(#literal)
                    }
                }
            }
            "boolean" => {
                let flag = value.as_bool().ok_or_else(mismatch)?;
                quote!(#flag)
            }
            "blob" if definition["streaming"].as_bool() == Some(true) => {
                let text = value.as_str().ok_or_else(mismatch)?;
                quote!(s::primitives::StreamingBody::from(#text.as_bytes()))
            }
            "blob" => {
                let text = value.as_str().ok_or_else(mismatch)?;
                quote!(s::primitives::Blob::new(#text.as_bytes()))
            }
            "timestamp" => {
                let text = match value {
                    Value::Number(n) => n.to_string(),
                    Value::String(text) => {
                        return Ok(quote! {
                            s::primitives::DateTime::parse_any(#text).map_err(|e| e.to_string())?
                        })
                    }
                    _ => return Err(mismatch()),
                };
                let (secs, fraction) = text.split_once('.').unwrap_or((&text, ""));
                let secs = Literal::i64_unsuffixed(secs.parse().map_err(|_| mismatch())?);
                let nanos = format!("{fraction:0<9}");
                let nanos = Literal::u32_unsuffixed(
                    nanos[..9].trim_start_matches('0').parse().unwrap_or(0),
                );
                quote! {
                    s::primitives::DateTime::from_secs_and_nanos(#secs, #nanos)
                        .map_err(|e| e.to_string())?
                }
            }
            other => {
                return Err(format!(
                    "shape `{shape}` has type `{other}`, which the cases cannot build"
                ))
            }
        })
    }

    /// The smallest value of `shape` (see [`Self::smallest`]).
    pub(super) fn smallest_of(&self, shape: &str) -> Value {
        self.smallest(shape, 0)
    }

    /// The smallest value of `shape`, as a case would write it: a structure with only its
    /// required members, each the smallest of its shape; a union with its first member.
    fn smallest(&self, shape: &str, depth: usize) -> Value {
        let definition = &self.shapes[shape];
        let members = definition["members"].as_object();
        let required = |name: &str| {
            self.service
                .structures
                .iter()
                .find(|s| s.wire_name == shape)
                .and_then(|s| s.members.iter().find(|m| m.member_name == name))
                .is_some_and(|m| m.required)
        };
        let member_value = |(name, member): (&String, &Value)| {
            let target = member["shape"].as_str().unwrap_or_default();
            (name.clone(), self.smallest(target, depth + 1))
        };
        match definition["type"].as_str().unwrap_or_default() {
            // A recursive shape stops at an empty structure, whose required members, if
            // any, the case then reports missing.
            _ if depth > 16 => Value::Object(Map::new()),
            "structure" if definition["document"].as_bool() == Some(true) => Value::Null,
            "structure" if self.is_union(shape) => members
                .and_then(|m| m.iter().next())
                .map(member_value)
                .into_iter()
                .collect(),
            "structure" => members
                .into_iter()
                .flatten()
                .filter(|(name, _)| required(name))
                .map(member_value)
                .collect(),
            "list" => Value::Array(Vec::new()),
            "map" => Value::Object(Map::new()),
            "string" | "blob" => match self.service.enums.iter().find(|e| e.wire_name == shape) {
                Some(e) => Value::String(
                    e.variants
                        .first()
                        .map(|v| v.wire_name.clone())
                        .unwrap_or_default(),
                ),
                None => Value::String(String::new()),
            },
            "boolean" => Value::Bool(false),
            _ => Value::from(0),
        }
    }

    /// Whether `shape` is a union.
    fn is_union(&self, shape: &str) -> bool {
        self.service
            .structures
            .iter()
            .any(|s| s.wire_name == shape && s.kind == StructureKind::Union)
    }

    /// An item of a list or a value of a map (`collection`, its shape's definition) whose
    /// shape is `shape`: an `Option` in a sparse collection, `None` for `null`.
    fn item(&self, collection: &Value, shape: &str, value: &Value) -> Result<TokenStream, String> {
        if collection["sparse"].as_bool() != Some(true) {
            return self.value(shape, value);
        }
        if value.is_null() {
            return Ok(quote!(::std::option::Option::None));
        }
        let value = self.value(shape, value)?;
        Ok(quote!(::std::option::Option::Some(#value)))
    }

    /// A value of a structure, built with its builder, or a union's variant.
    fn structure_value(&self, structure: &Structure, value: &Value) -> Result<TokenStream, String> {
        let fields = value
            .as_object()
            .ok_or_else(|| format!("{value} is not an object of `{}`", structure.wire_name))?;
        let member = |name: &str| {
            structure
                .members
                .iter()
                .find(|m| m.member_name == name)
                .ok_or_else(|| format!("`{}` has no member `{name}`", structure.wire_name))
        };
        // The shape a member targets, by name from the suite's shapes, so the runner does
        // not depend on how the IR refers to shapes (`Member::target`).
        let target = |name: &str| {
            self.shapes[&structure.wire_name]["members"][name]["shape"]
                .as_str()
                .ok_or_else(|| {
                    format!("`{}` member `{name}` targets no shape", structure.wire_name)
                })
        };
        let ty = ident(&structure.rust_name);
        if structure.kind == StructureKind::Union {
            let mut set = fields.iter().filter(|(_, v)| !v.is_null());
            let (Some((name, inner)), None) = (set.next(), set.next()) else {
                return Err(format!(
                    "{value} does not set exactly one member of a union"
                ));
            };
            let m = member(name)?;
            let mut inner = self.value(target(name)?, inner)?;
            if m.boxed {
                inner = quote!(::std::boxed::Box::new(#inner));
            }
            let variant = ident(&m.variant_name);
            return Ok(quote!(s::types::#ty::#variant(#inner)));
        }
        let setters = fields
            .iter()
            .filter(|(_, inner)| !inner.is_null())
            .map(|(name, inner)| {
                let m = member(name)?;
                let set = ident(&m.set_name);
                // An event stream is written as the list of its events.
                if matches!(m.ty, codegen::ir::Type::EventStream(_)) {
                    let events = inner
                        .as_array()
                        .ok_or_else(|| format!("{inner} is not a list of events"))?
                        .iter()
                        .map(|event| self.value(target(name)?, event))
                        .collect::<Result<Vec<_>, String>>()?;
                    return Ok(quote!(.#set(Some(s::primitives::EventStream::from_events(vec![#(#events),*])))));
                }
                let inner = self.value(target(name)?, inner)?;
                Ok(quote!(.#set(Some(#inner))))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(quote!(s::types::#ty::builder() #(#setters)* .build().map_err(|e| e.to_string())?))
    }
}
