//! botocore's S3 and S3 Control endpoint suites through the runtime's rules engine: every
//! case's parameters by name, and the URL, headers and signing properties (auth scheme,
//! signing name and region or region set, `disableDoubleEncoding`) it must resolve to, or
//! its error message.

use aws_codegen_runtime::client::endpoint::{
    resolve_endpoint, Endpoint, EndpointParams, EndpointValue,
};
use serde_json::Value;
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    std::env::var_os("BOTOCORE_DATA").map(PathBuf::from).unwrap_or_else(|| {
        panic!("BOTOCORE_DATA is not set: run `cargo xtask test`, which extracts botocore's models")
    })
}

fn json(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A case's `params` as the engine takes them: every one by its rule-set name.
pub(crate) fn case_params(params: &Value) -> EndpointParams {
    let mut out = EndpointParams::default();
    for (name, value) in params.as_object().into_iter().flatten() {
        let value = match value {
            Value::Bool(b) => EndpointValue::Bool(*b),
            Value::String(s) => EndpointValue::String(s.clone()),
            Value::Array(items) => EndpointValue::StringArray(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            ),
            other => panic!("parameter {name} has an unexpected value {other}"),
        };
        out.others.insert(name.clone(), value);
    }
    out
}

/// What a case's expected endpoint says that ours must say too, as text: the URL, the
/// headers, and the auth scheme the runtime would choose (the first it signs with, `sigv4`
/// or, with the `sigv4a` feature the tests turn on, `sigv4a`; else the first) with its
/// signing properties.
pub(crate) fn expected_summary(expect: &Value) -> String {
    let schemes = expect["properties"]["authSchemes"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let chosen = schemes
        .iter()
        .find(|s| s["name"] == "sigv4" || s["name"] == "sigv4a")
        .or_else(|| schemes.first());
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, values) in expect["headers"].as_object().into_iter().flatten() {
        for value in values.as_array().into_iter().flatten() {
            headers.push((name.clone(), value.as_str().unwrap_or_default().to_owned()));
        }
    }
    summary(&Endpoint {
        url: expect["url"].as_str().unwrap_or_default().to_owned(),
        signing_region: chosen.and_then(|s| text(&s["signingRegion"])),
        signing_name: chosen.and_then(|s| text(&s["signingName"])),
        auth_scheme: chosen.and_then(|s| text(&s["name"])),
        signing_region_set: chosen
            .and_then(|s| s["signingRegionSet"].as_array())
            .map(|set| set.iter().filter_map(text).collect())
            .unwrap_or_default(),
        disable_double_encoding: chosen.is_some_and(|s| s["disableDoubleEncoding"] == true),
        headers,
    })
}

pub(crate) fn summary(endpoint: &Endpoint) -> String {
    let mut headers = endpoint.headers.clone();
    headers.sort();
    format!(
        "{} headers={headers:?} scheme={:?} name={:?} region={:?} set={:?} single-encoded={}",
        endpoint.url,
        endpoint.auth_scheme,
        endpoint.signing_name,
        endpoint.signing_region,
        endpoint.signing_region_set,
        endpoint.disable_double_encoding
    )
}

/// Runs one service's suite; returns (cases, expecting an error, failures).
fn run_suite(service: &str, version: &str) -> (usize, usize, Vec<String>) {
    let data = data_dir();
    let partitions = json(data.join("partitions.json"));
    let rules = json(
        data.join(service)
            .join(version)
            .join("endpoint-rule-set-1.json"),
    );
    let tests = std::env::var_os("ENDPOINT_TESTS")
        .map(PathBuf::from)
        .expect("ENDPOINT_TESTS is not set: run `cargo xtask test`");
    let suite = json(tests.join(service).join("endpoint-tests-1.json"));
    let cases = suite["testCases"].as_array().expect("testCases");
    let mut errors = 0;
    let mut failures = Vec::new();
    for case in cases {
        let got = resolve_endpoint(&rules, &partitions, &case_params(&case["params"]));
        let expect = &case["expect"];
        let (ok, wanted, got) = match (expect["error"].as_str(), &got) {
            (Some(message), Err(e)) => {
                errors += 1;
                (e.0 == message, message.to_owned(), e.0.clone())
            }
            (Some(message), Ok(e)) => (false, message.to_owned(), summary(e)),
            (None, Ok(e)) => {
                let wanted = expected_summary(&expect["endpoint"]);
                (summary(e) == wanted, wanted, summary(e))
            }
            (None, Err(e)) => (false, expected_summary(&expect["endpoint"]), e.0.clone()),
        };
        if !ok {
            failures.push(format!(
                "{service}: {}\n  expected {wanted}\n  got      {got}",
                case["documentation"]
            ));
        }
    }
    (cases.len(), errors, failures)
}

#[test]
fn every_s3_and_s3_control_endpoint_case_resolves_as_botocore_expects() {
    // Pinned counts: a suite that shrinks or vanishes fails here.
    for (service, version, expected, expected_errors) in [
        ("s3", "2006-03-01", 393, 126),
        ("s3control", "2018-08-20", 134, 46),
    ] {
        let (count, errors, failures) = run_suite(service, version);
        println!(
            "{service}: {count} endpoint cases ({errors} expecting an error), {} failed",
            failures.len()
        );
        assert!(
            failures.is_empty(),
            "{} failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
        assert_eq!(
            (count, errors),
            (expected, expected_errors),
            "{service}: case counts"
        );
    }
}
