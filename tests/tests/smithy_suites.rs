//! Smithy's protocol compliance suites, converted from the vendored IDL by `cargo xtask test` (`SMITHY_PROTOCOL_TESTS`): every client case of the four protocols the generator speaks is there, counted per protocol.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The wire protocols of the suites the generator speaks, by trait.
const PROTOCOLS: &[(&str, &str)] = &[
    ("aws.protocols#awsJson1_0", "awsJson1_0"),
    ("aws.protocols#awsJson1_1", "awsJson1_1"),
    ("aws.protocols#restJson1", "restJson1"),
    ("smithy.protocols#rpcv2Cbor", "rpcv2Cbor"),
];

fn converted() -> PathBuf {
    std::env::var_os("SMITHY_PROTOCOL_TESTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!("SMITHY_PROTOCOL_TESTS is not set: run `cargo xtask test`, which converts Smithy's protocol test models")
        })
}

/// The cases of a test trait that apply to clients.
fn client_cases(shape: &Value, test_trait: &str) -> usize {
    shape["traits"][test_trait]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|case| case["appliesTo"].as_str() != Some("server"))
        .count()
}

#[test]
fn every_client_case_of_the_four_protocols_is_converted() {
    // protocol -> (services, requests, responses)
    let mut counts: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut files = 0;
    for entry in std::fs::read_dir(converted()).unwrap() {
        let path = entry.unwrap().path();
        let model: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let shapes = model["shapes"].as_object().unwrap();
        files += 1;
        let service = shapes
            .values()
            .find(|s| s["type"] == "service")
            .unwrap_or_else(|| panic!("{}: no service", path.display()));
        let Some((_, protocol)) = PROTOCOLS
            .iter()
            .find(|(t, _)| service["traits"].get(*t).is_some())
        else {
            continue;
        };
        let count = counts.entry(protocol).or_default();
        count.0 += 1;
        for shape in shapes.values() {
            match shape["type"].as_str() {
                Some("operation") => {
                    count.1 += client_cases(shape, "smithy.test#httpRequestTests");
                    count.2 += client_cases(shape, "smithy.test#httpResponseTests");
                }
                Some("structure") if shape["traits"].get("smithy.api#error").is_some() => {
                    count.2 += client_cases(shape, "smithy.test#httpResponseTests");
                }
                _ => {}
            }
        }
    }
    assert_eq!(files, 16, "one file per test service");
    let expected = BTreeMap::from([
        ("awsJson1_0", (2, 29, 41)),
        ("awsJson1_1", (2, 57, 62)),
        ("restJson1", (4, 142, 108)),
        ("rpcv2Cbor", (3, 31, 45)),
    ]);
    assert_eq!(counts, expected);
    let total: usize = counts.values().map(|(_, req, res)| req + res).sum();
    assert_eq!(total, 515);
}
