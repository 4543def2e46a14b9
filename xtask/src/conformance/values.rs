//! Rust source for one protocol case: values built with the generated builders, the call,
//! and the checks of what was sent or parsed.

use codegen::ir::{ClientProtocol, ErrorVariant, Operation, Service, Structure, StructureKind};
use serde_json::Value;
use std::fmt::Write as _;

/// The client every case uses: the suite's endpoint, the mock transport, no retries (a
/// case queues one response).
fn client_setup(module: &str, endpoint: &str) -> String {
    format!(
        "    use protocol_suites::{module} as s;\n    \
         let mock = s::test_util::MockTransport::new();\n    \
         let config = s::Config::builder()\n        \
             .region(\"us-east-1\")\n        \
             .credentials(s::Credentials::new(\"AKID\", \"SECRET\", None))\n        \
             .endpoint_url({endpoint:?})\n        \
             .retry(s::client::RetryConfig::disabled())\n        \
             .transport(mock.clone())\n        \
             .build()\n        \
             .map_err(|e| e.to_string())?;\n    \
         let client = s::Client::new(config);\n"
    )
}

/// Where a case runs: its suite's generated module, the runner function's name, the endpoint.
pub struct Target<'a> {
    /// Module of the suite in the generated crate.
    pub module: &'a str,
    /// Name of the case's function in the runner.
    pub function: &'a str,
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
) -> Result<String, String> {
    let operation = operation(service, case)?;
    let values = Values {
        shapes: &suite["shapes"],
        service,
    };
    let mut code = format!("async fn {}() -> Result<(), String> {{\n", target.function);
    code.push_str(&client_setup(target.module, target.endpoint));
    let cbor = suite["metadata"]["protocol"].as_str() == Some("smithy-rpc-v2-cbor");
    let body = if input {
        input_case(&values, operation, case, cbor, target)?
    } else {
        output_case(&values, operation, case, cbor)?
    };
    code.push_str(&body);
    Ok(code)
}

/// `[("Name", "value"), ...]` from a JSON object of headers.
fn header_pairs(headers: &Value) -> String {
    let pairs: Vec<String> = headers
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("({k:?}, {:?})", v.as_str().unwrap_or_default()))
        .collect();
    format!("&[{}]", pairs.join(", "))
}

/// An input case: build the input from `params`, send it, check the request.
fn input_case(
    values: &Values<'_>,
    operation: &Operation,
    case: &Value,
    cbor: bool,
    target: &Target<'_>,
) -> Result<String, String> {
    let params = &case["params"];
    let send = match case["given"]["input"]["shape"].as_str() {
        Some(shape) => format!(
            "    let input = {};\n    let _ = client.{}().with_input(input).send().await;\n",
            values.value(shape, params)?,
            operation.fn_name
        ),
        None if params.as_object().is_none_or(|p| p.is_empty()) => {
            format!("    let _ = client.{}().send().await;\n", operation.fn_name)
        }
        None => return Err("params for an operation without input".to_owned()),
    };
    let serialized = &case["serialized"];
    let strings = |key: &str| -> String {
        let items: Vec<String> = serialized[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|s| format!("{s:?}"))
            .collect();
        format!("&[{}]", items.join(", "))
    };
    let optional = |key: &str| match serialized[key].as_str() {
        Some(text) => format!("Some({text:?})"),
        None => "None".to_owned(),
    };
    let mut code = "    mock.respond(200, &[], \"{}\");\n".to_owned();
    code.push_str(&send);
    code.push_str("    let request = mock.last_request().ok_or(\"no request was sent\")?;\n");
    // A compressed body is decompressed and compared with the body the case expects
    // uncompressed; the suites give none for these cases, so it comes from the params.
    let compressed = case["given"].get("requestcompression").is_some();
    let body = match (compressed, serialized["body"].as_str()) {
        (true, None) => {
            let rest = values.service.protocol.client == Some(ClientProtocol::RestJson);
            let expected = uncompressed_body(values.shapes, case, rest)?;
            let _ = writeln!(
                code,
                "    let body = support::decompressed({:?}, {:?}, &request.headers, &request.body)?;",
                target.file, target.id
            );
            format!("Some({expected:?})")
        }
        (true, Some(_)) => {
            let _ = writeln!(
                code,
                "    let body = support::decompressed({:?}, {:?}, &request.headers, &request.body)?;",
                target.file, target.id
            );
            optional("body")
        }
        (false, _) => {
            code.push_str("    let body = request.body.clone();\n");
            optional("body")
        }
    };
    let _ = write!(
        code,
        "    support::check_request(&request.method, &request.url, &request.headers, &body, &support::ExpectedRequest {{\n        \
             method: {:?},\n        uri: {:?},\n        host: {},\n        headers: {},\n        \
             forbid_headers: {},\n        require_headers: {},\n        body: {},\n        cbor: {cbor},\n    }})\n}}\n\n",
        serialized["method"].as_str().unwrap_or("POST"),
        serialized["uri"].as_str().unwrap_or("/"),
        optional("host"),
        header_pairs(&serialized["headers"]),
        strings("forbidHeaders"),
        strings("requireHeaders"),
        body,
    );
    Ok(code)
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

/// An output case: replay the response, compare the parsed output or error with `result` or
/// `error`.
fn output_case(
    values: &Values<'_>,
    operation: &Operation,
    case: &Value,
    cbor: bool,
) -> Result<String, String> {
    let service = values.service;
    let response = &case["response"];
    let status = response["status_code"].as_u64().unwrap_or(200);
    let body = response["body"].as_str().unwrap_or_default();
    // A CBOR body is base64 in the suite: the runner decodes it.
    let body = if cbor {
        format!("{{ use base64::Engine as _; base64::engine::general_purpose::STANDARD.decode({body:?}).map_err(|e| e.to_string())? }}")
    } else {
        format!("{body:?}")
    };
    let mut code = String::new();
    let _ = writeln!(
        code,
        "    mock.respond({status}, {}, {body});\n    let result = client.{}().send().await;",
        header_pairs(&response["headers"]),
        operation.fn_name
    );
    if let Some(code_name) = case["errorCode"].as_str() {
        let (variant, error) = error_structure(service, operation, code_name)?;
        let expected = values.structure_value(error, &case["error"])?;
        let enum_name = &operation.error_name;
        let _ = write!(
            code,
            "    let error = match result {{\n        \
                 Ok(output) => return Err(format!(\"expected error {code_name}, parsed {{output:?}}\")),\n        \
                 Err(error) => error,\n    }};\n    \
             let meta = error.meta().ok_or_else(|| format!(\"expected error {code_name}, got {{error}}\"))?;\n    \
             if meta.code.as_deref() != Some({code_name:?}) {{\n        \
                 return Err(format!(\"error code {{:?}}, expected {code_name}\", meta.code));\n    }}\n"
        );
        if let Some(message) = case["errorMessage"].as_str() {
            let _ = write!(
                code,
                "    if meta.message.as_deref() != Some({message:?}) {{\n        \
                     return Err(format!(\"error message {{:?}}, expected {{:?}}\", meta.message, {message:?}));\n    }}\n"
            );
        }
        let _ = write!(
            code,
            "    match error.as_service_error() {{\n        \
                 Some(s::error::{enum_name}::{variant}(actual)) => support::same(actual, &{expected}),\n        \
                 other => Err(format!(\"expected {variant}, got {{other:?}}\")),\n    }}\n}}\n\n",
            variant = variant.variant_name,
        );
        return Ok(code);
    }
    code.push_str("    let actual = result.map_err(|e| e.to_string())?;\n");
    match case["given"]["output"]["shape"].as_str() {
        Some(shape) => {
            let _ = write!(
                code,
                "    support::same(&actual, &{})\n}}\n\n",
                values.value(shape, &case["result"])?
            );
        }
        None => {
            if case["result"].as_object().is_some_and(|r| !r.is_empty()) {
                return Err("a result for an operation without output".to_owned());
            }
            code.push_str("    let _ = actual;\n    Ok(())\n}\n\n");
        }
    }
    Ok(code)
}

/// The IR operation a case calls.
fn operation<'a>(service: &'a Service, case: &Value) -> Result<&'a Operation, String> {
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
struct Values<'a> {
    shapes: &'a Value,
    service: &'a Service,
}

impl Values<'_> {
    fn value(&self, shape: &str, value: &Value) -> Result<String, String> {
        let definition = &self.shapes[shape];
        let kind = definition["type"]
            .as_str()
            .ok_or_else(|| format!("shape `{shape}` has no type"))?;
        let mismatch = || format!("{value} is not a value of `{shape}` ({kind})");
        Ok(match kind {
            "structure" if definition["document"].as_bool() == Some(true) => {
                format!("serde_json::json!({value})")
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
                    .map(|item| self.value(member, item))
                    .collect::<Result<Vec<_>, _>>()?;
                format!("vec![{}]", items.join(", "))
            }
            "map" => {
                let key = definition["key"]["shape"].as_str().unwrap_or_default();
                let member = definition["value"]["shape"].as_str().unwrap_or_default();
                let entries = value
                    .as_object()
                    .ok_or_else(mismatch)?
                    .iter()
                    .map(|(k, v)| {
                        Ok(format!(
                            "({}, {})",
                            self.value(key, &Value::String(k.clone()))?,
                            self.value(member, v)?
                        ))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                format!(
                    "::std::collections::HashMap::from([{}])",
                    entries.join(", ")
                )
            }
            "string" => {
                let text = value.as_str().ok_or_else(mismatch)?;
                match self.service.enums.iter().find(|e| e.wire_name == shape) {
                    Some(e) => format!("s::types::{}::from({text:?})", e.rust_name),
                    None => format!("::std::string::String::from({text:?})"),
                }
            }
            "integer" | "long" | "short" | "byte" => {
                value.as_i64().ok_or_else(mismatch)?.to_string()
            }
            "float" | "double" => {
                let ty = if kind == "float" { "f32" } else { "f64" };
                match value {
                    Value::String(special) => match special.as_str() {
                        "NaN" => format!("{ty}::NAN"),
                        "Infinity" => format!("{ty}::INFINITY"),
                        "-Infinity" => format!("{ty}::NEG_INFINITY"),
                        _ => return Err(mismatch()),
                    },
                    _ => format!("{:?}{ty}", value.as_f64().ok_or_else(mismatch)?),
                }
            }
            "boolean" => value.as_bool().ok_or_else(mismatch)?.to_string(),
            "blob" => format!(
                "s::primitives::Blob::new({:?}.as_bytes())",
                value.as_str().ok_or_else(mismatch)?
            ),
            "timestamp" => {
                let text = match value {
                    Value::Number(n) => n.to_string(),
                    _ => return Err(mismatch()),
                };
                let (secs, fraction) = text.split_once('.').unwrap_or((&text, ""));
                let nanos = format!("{fraction:0<9}");
                format!(
                    "s::primitives::DateTime::from_secs_and_nanos({secs}, {}).map_err(|e| e.to_string())?",
                    nanos[..9].trim_start_matches('0').parse::<u32>().unwrap_or(0)
                )
            }
            other => {
                return Err(format!(
                    "shape `{shape}` has type `{other}`, which the cases cannot build"
                ))
            }
        })
    }

    fn structure_value(&self, structure: &Structure, value: &Value) -> Result<String, String> {
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
        if structure.kind == StructureKind::Union {
            let mut set = fields.iter().filter(|(_, v)| !v.is_null());
            let (Some((name, inner)), None) = (set.next(), set.next()) else {
                return Err(format!(
                    "{value} does not set exactly one member of a union"
                ));
            };
            let m = member(name)?;
            let mut inner = self.value(&self.service.shape(m.target).wire_name, inner)?;
            if m.boxed {
                inner = format!("::std::boxed::Box::new({inner})");
            }
            return Ok(format!(
                "s::types::{}::{}({inner})",
                structure.rust_name, m.variant_name
            ));
        }
        let mut out = format!("s::types::{}::builder()", structure.rust_name);
        for (name, inner) in fields {
            if inner.is_null() {
                continue;
            }
            let m = member(name)?;
            let _ = write!(
                out,
                ".{}(Some({}))",
                m.set_name,
                self.value(&self.service.shape(m.target).wire_name, inner)?
            );
        }
        out.push_str(".build().map_err(|e| e.to_string())?");
        Ok(out)
    }
}
