//! ds over rpcv2Cbor, against botocore's own CBOR serializer and parser: every operation's
//! request, in four variants (every member set; Unicode text; fractional timestamps;
//! longer lists and maps), parses in botocore to the parameters it was built from, and
//! every output botocore serializes reads back in the client as the value it came from.

use crate::support::{call, ds_model, run_python};
use crate::validation::Model;
use codegen::ir::names;
use directory_service::client::{ProtocolChoice, RetryConfig};
use directory_service::test_util::MockTransport;
use directory_service::validation::Policy;
use directory_service::{Client, Config, Credentials};
use serde_json::{json, Value};

fn client(mock: &MockTransport) -> Client {
    Client::new(
        Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url("http://127.0.0.1:4566")
            .protocol(ProtocolChoice::RpcV2Cbor)
            .validation(Policy::Off)
            .transport(mock.clone())
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

/// A variant of a valid input: 0 as is, 1 with Unicode in every string, 2 with fractional
/// timestamps (ds's timestamps are the members the model names `*DateTime`, `*Time` and
/// so on: every number above 10^9 here), 3 with every list and map twice as long.
fn variant(value: &Value, which: u8) -> Value {
    match value {
        Value::String(text) if which == 1 => json!(format!("{text} ünï ✓ 😀")),
        Value::Number(n) if which == 2 && n.as_f64().is_some_and(|v| v > 1e9) => {
            json!(n.as_f64().unwrap() + 0.125)
        }
        Value::Array(items) => {
            let mut out: Vec<Value> = items.iter().map(|v| variant(v, which)).collect();
            if which == 3 {
                out.extend(items.iter().map(|v| variant(v, which)));
            }
            Value::Array(out)
        }
        Value::Object(map) => {
            let mut out: serde_json::Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), variant(v, which)))
                .collect();
            if which == 3
                && map.len() == 1
                && !map.keys().next().unwrap().starts_with(char::is_uppercase)
            {
                // A map (structures' members start upper-case in ds): add an entry.
                let (k, v) = map.iter().next().unwrap();
                out.insert(format!("{k}-2"), variant(v, which));
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// Numbers compared as doubles rounded to microseconds, as botocore's timestamps are.
fn normalise(value: &Value) -> Value {
    match value {
        Value::Number(n) => json!((n.as_f64().unwrap() * 1e6).round() / 1e6),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), normalise(v))).collect())
        }
        other => other.clone(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[tokio::test]
async fn ds_over_cbor_agrees_with_botocores_serializer_and_parser() {
    let model = Model(serde_json::from_str(&ds_model().service.text).unwrap());
    let mock = MockTransport::new();
    let client = client(&mock);
    let operations = model.0["operations"].as_object().unwrap().clone();
    let mut cases = Vec::new();
    let mut sent = Vec::new();
    for (operation, op) in &operations {
        let input_shape = op["input"]["shape"].as_str().unwrap();
        for which in 0..4 {
            let input = variant(&model.valid(input_shape), which);
            mock.respond(200, &[("smithy-protocol", "rpc-v2-cbor")], vec![0xa0]);
            call(&client, &names::type_name(input_shape), &input)
                .await
                .unwrap_or_else(|e| panic!("{operation} variant {which}: {e}"));
            let request = mock.last_request().unwrap();
            assert_eq!(
                request.url,
                format!(
                    "http://127.0.0.1:4566/service/DirectoryService_20150416/operation/{operation}"
                )
            );
            assert_eq!(request.header("smithy-protocol"), Some("rpc-v2-cbor"));
            assert_eq!(request.header("accept"), Some("application/cbor"));
            assert_eq!(request.header("content-type"), Some("application/cbor"));
            assert_eq!(request.header("x-amz-target"), None);
            cases.push(
                json!({"operation": operation, "kind": "request", "body": hex(&request.body)}),
            );
            sent.push((operation.clone(), which, input));
        }
    }
    let mut outputs = Vec::new();
    for (operation, op) in &operations {
        let output_shape = op["output"]["shape"].as_str().unwrap();
        for which in [0, 1] {
            let value = variant(&model.valid(output_shape), which);
            cases.push(json!({"operation": operation, "kind": "response", "value": value}));
            outputs.push((
                operation.clone(),
                op["input"]["shape"].as_str().unwrap().to_owned(),
                value,
            ));
        }
    }
    let botocore = run_python("botocore_cbor.py", &Value::Array(cases));
    let botocore = botocore.as_array().unwrap();
    assert_eq!(botocore.len(), sent.len() + outputs.len());
    let mut disagreements = Vec::new();
    for ((operation, which, input), theirs) in sent.iter().zip(botocore) {
        if normalise(input) != normalise(&theirs["params"]) {
            disagreements.push(format!(
                "{operation} request {which}: sent {input}, botocore read {}",
                theirs["params"]
            ));
        }
    }
    for ((operation, input_shape, value), theirs) in outputs.iter().zip(&botocore[sent.len()..]) {
        let body = unhex(theirs["body"].as_str().unwrap());
        mock.respond(200, &[("smithy-protocol", "rpc-v2-cbor")], body);
        let input = model.valid(input_shape);
        let ours = call(&client, &names::type_name(input_shape), &input)
            .await
            .unwrap_or_else(|e| panic!("{operation} response: {e}"));
        if normalise(&ours) != normalise(value) {
            disagreements.push(format!(
                "{operation} response: botocore wrote {value}, the client read {ours}"
            ));
        }
    }
    println!(
        "rpcv2Cbor against botocore: {} requests of {} operations and {} responses compared, {} disagreements",
        sent.len(),
        operations.len(),
        outputs.len(),
        disagreements.len()
    );
    assert!(sent.len() >= 300);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[tokio::test]
async fn cbor_errors_arrive_typed_and_a_foreign_error_by_its_status() {
    let mock = MockTransport::new();
    let client = client(&mock);
    // {"__type": "com.amazonaws.ds#EntityDoesNotExistException", "Message": "gone"}
    let mut body = vec![0xa2];
    for text in [
        "__type",
        "com.amazonaws.ds#EntityDoesNotExistException",
        "Message",
        "gone",
    ] {
        body.push(0x60 | u8::try_from(text.len()).unwrap().min(23));
        if text.len() > 23 {
            body.pop();
            body.extend([0x78, u8::try_from(text.len()).unwrap()]);
        }
        body.extend(text.as_bytes());
    }
    mock.respond(400, &[("smithy-protocol", "rpc-v2-cbor")], body);
    let err = client
        .delete_directory()
        .directory_id("d-1234567890")
        .send()
        .await
        .unwrap_err();
    assert!(
        err.as_service_error()
            .is_some_and(|e| e.is_entity_does_not_exist_exception()),
        "{err}"
    );
    assert_eq!(err.meta().and_then(|m| m.message.as_deref()), Some("gone"));
    // A proxy's error page: no `Smithy-Protocol`, so nothing is read from the body.
    mock.respond(
        503,
        &[("Content-Type", "application/json")],
        r#"{"__type": "EntityDoesNotExistException"}"#,
    );
    let err = client
        .delete_directory()
        .directory_id("d-1234567890")
        .send()
        .await
        .unwrap_err();
    assert!(err.as_service_error().is_none(), "{err}");
    assert!(err.to_string().contains("Smithy-Protocol"), "{err}");
    assert!(err.to_string().contains("503"), "{err}");
}
