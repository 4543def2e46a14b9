//! No secrets in errors: an unreadable response of an operation whose output or errors can
//! carry a sensitive member is never quoted, for every such ds operation; others still
//! quote the start of the body, which is what a user debugging a bad response needs.

use crate::support::{ds_model, unreadable, INPUT_TYPES};
use serde_json::Value;
use std::collections::BTreeSet;

/// Whether a value of the shape can hold a sensitive value, read from the model itself.
fn carries_sensitive<'m>(shapes: &'m Value, name: &'m str, seen: &mut BTreeSet<&'m str>) -> bool {
    if !seen.insert(name) {
        return false;
    }
    let shape = &shapes[name];
    if shape["sensitive"] == true {
        return true;
    }
    let members = shape["members"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values());
    let parts = ["member", "key", "value"].map(|k| &shape[k]);
    members
        .chain(parts.into_iter().filter(|p| p.is_object()))
        .filter_map(|m| m["shape"].as_str())
        .any(|target| carries_sensitive(shapes, target, seen))
}

const SECRET: &str = "Sup3r-Secret!Pass";

#[test]
fn unreadable_responses_never_quote_what_can_be_sensitive() {
    let model: Value = serde_json::from_str(&ds_model().service.text).unwrap();
    let shapes = &model["shapes"];
    let expected: BTreeSet<&str> = model["operations"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, op)| {
            let errors = op["errors"].as_array().into_iter().flatten();
            std::iter::once(&op["output"])
                .chain(errors)
                .filter_map(|r| r["shape"].as_str())
                .any(|s| carries_sensitive(shapes, s, &mut BTreeSet::new()))
        })
        .map(|(name, _)| name.as_str())
        .collect();
    // A truncated body that holds a secret where DescribeDirectories keeps one.
    let body = format!(
        "{{\"DirectoryDescriptions\": [{{\"RadiusSettings\": {{\"SharedSecret\": \"{SECRET}\", \"RadiusPort\": 18"
    );
    let mut redacted = BTreeSet::new();
    for type_name in INPUT_TYPES {
        let operation = type_name.trim_end_matches("Request");
        let (quotes, message) = unreadable(type_name, &body);
        if quotes {
            assert!(
                message.contains(SECRET),
                "{operation} quotes the body: {message}"
            );
        } else {
            redacted.insert(operation);
            assert!(!message.contains(SECRET), "{operation}: {message}");
            assert!(
                message.contains(&format!(
                    "the body ({} bytes, content type application/x-amz-json-1.1) is not quoted",
                    body.len()
                )),
                "{message}"
            );
        }
    }
    println!(
        "{} of {} operations never quote an unreadable response: {redacted:?}",
        redacted.len(),
        INPUT_TYPES.len()
    );
    assert_eq!(redacted, expected);
    for operation in [
        "DescribeDirectories",
        "AcceptSharedDirectory",
        "DescribeSharedDirectories",
    ] {
        assert!(redacted.contains(operation), "{operation}");
    }
}

#[test]
fn the_decoders_reason_does_not_quote_the_value_either() {
    // serde_json's reason quotes a string of the wrong type: the redacted error drops it.
    let body = format!("{{\"DirectoryDescriptions\": \"{SECRET}\"}}");
    let (quotes, message) = unreadable("DescribeDirectoriesRequest", &body);
    assert!(!quotes);
    assert!(!message.contains(SECRET), "{message}");
    assert!(
        message.contains("invalid type: string \"...\""),
        "{message}"
    );
}
