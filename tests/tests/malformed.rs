//! Malformed models give the expected diagnostics, never a panic or a crate; a paginator or
//! waiter that does not resolve is left out with warnings, and the rest is generated.

use crate::support::{expect_file, model, options, root};

#[test]
fn every_malformed_fixture_gives_its_expected_diagnostics() {
    let dir = root().join("tests/fixtures/malformed");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 8,
        "expected at least 8 malformed fixtures, found {}",
        cases.len()
    );
    for case in &cases {
        let files = model(case);
        let problems = match codegen::generate(&files, &options("malformed")) {
            Ok(_) => panic!("{}: a malformed model generated a crate", case.display()),
            Err(problems) => problems,
        };
        assert!(
            problems.has_errors(),
            "{}: no error reported",
            case.display()
        );
        expect_file(&case.join("expected.txt"), &format!("{problems}\n"));
    }
}

#[test]
fn a_paginator_or_waiter_that_does_not_resolve_is_left_out_and_the_rest_generated() {
    let dir = root().join("tests/fixtures/flows-left-out");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("fixture entry").path())
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 6, "the fixtures of flows left out");
    for case in &cases {
        let files = model(case);
        let generated = codegen::generate(&files, &options("left-out"))
            .unwrap_or_else(|e| panic!("{}: the crate is not generated:\n{e}", case.display()));
        let warnings = generated.warnings.to_string();
        assert!(
            generated.warnings.warnings().count() > 0
                && generated.warnings.warnings().all(|w| w
                    .notes
                    .iter()
                    .any(|n| n.ends_with("is left out of the crate; the rest is generated"))),
            "{}: {warnings}",
            case.display()
        );
        // The items the warnings name are not in the crate.
        let (service, _) = codegen::lower(&files).expect("lowers");
        for w in generated.warnings.warnings() {
            let named = |prefix: &str| {
                w.message
                    .strip_prefix(prefix)
                    .and_then(|rest| rest.split('`').next())
                    .map(str::to_owned)
            };
            if let Some(waiter) = named("waiter `") {
                assert!(
                    !service.waiters.iter().any(|x| x.name == waiter),
                    "{waiter}"
                );
            } else if let Some(operation) = named("paginator of `") {
                assert!(
                    !service
                        .paginators
                        .iter()
                        .any(|p| service.operation(p.operation).wire_name == operation),
                    "{operation}"
                );
            } else {
                panic!("{}: a warning of no flow: {w}", case.display());
            }
        }
        expect_file(&case.join("expected.txt"), &format!("{warnings}\n"));
    }
}

#[test]
fn diagnostics_name_file_location_and_hint() {
    let files = model(&root().join("tests/fixtures/malformed/dangling-reference"));
    let text = codegen::generate(&files, &options("x"))
        .unwrap_err()
        .to_string();
    assert!(
        text.starts_with("error: shape `ThingIdd` is not defined\n  --> tests/fixtures/malformed/dangling-reference/service-2.json: /shapes/Thing/members/ThingId/shape\n  = note: did you mean `ThingId`?"),
        "{text}"
    );
}

#[test]
fn a_rest_xml_service_gets_a_client_with_its_event_stream() {
    let mut files = model(&root().join("tests/fixtures/kitchen-sink"));
    let mut model: serde_json::Value = serde_json::from_str(&files.service.text).unwrap();
    model["metadata"]["protocol"] = "rest-xml".into();
    model["metadata"]["protocols"] = serde_json::json!(["rest-xml"]);
    files.service.text = model.to_string();
    let generated = codegen::generate(&files, &options("rest")).expect("the crate is generated");
    let client = &generated.files[std::path::Path::new("src/client.rs")];
    assert!(client.contains("Protocol::RestXml"), "{client}");
    let warnings: Vec<String> = generated
        .warnings
        .warnings()
        .map(|w| w.to_string())
        .collect();
    // The event stream operation is in the client, as in every protocol.
    let operations = &generated.files[std::path::Path::new("src/operation.rs")];
    assert!(operations.contains("Streams::Events"), "{operations}");
    // The fixture's patterns beyond linear regexes: each degraded with a warning.
    let headlines: Vec<&str> = warnings
        .iter()
        .map(|w| w.split(" (").next().unwrap_or_default())
        .collect();
    assert_eq!(
        headlines,
        [
            "warning: the pattern of `DomainName` is checked by a backtracking engine under a step limit",
            "warning: the pattern of `Note` is not checked",
            "warning: the pattern of `TenantId` is checked by a backtracking engine under a step limit",
        ]
    );
    let paths: Vec<String> = generated
        .files
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        [
            "src/types/structures.rs",
            "src/validation.rs",
            "src/operation.rs"
        ]
        .iter()
        .all(|p| paths.contains(&(*p).to_owned())),
        "{paths:?}"
    );
}
