//! What the checks keep for lowering, the flows resolved with the type graph's boxing, and the checks of typed metadata.

use super::check;
use crate::model::{load, ModelFiles, Models, SourceFile};

/// A model with a pattern, a recursive structure, a paginator and a waiter.
fn models(json_version: &str) -> Models {
    let service = format!(
        r#"{{"metadata":{{"apiVersion":"1","protocol":"json","jsonVersion":"{json_version}",
            "serviceFullName":"S"}},
        "operations":{{"List":{{"name":"List","input":{{"shape":"In"}},"output":{{"shape":"Out"}}}}}},
        "shapes":{{
            "In":{{"type":"structure","members":{{"Token":{{"shape":"Name"}}}}}},
            "Out":{{"type":"structure","members":{{"Token":{{"shape":"Name"}},"Node":{{"shape":"Node"}}}}}},
            "Node":{{"type":"structure","members":{{"Next":{{"shape":"Node"}},"State":{{"shape":"Name"}}}}}},
            "Name":{{"type":"string","pattern":"^[a-z]+$"}}}}}}"#
    );
    let source = |path: &str, text: &str| SourceFile {
        path: path.to_owned(),
        text: text.to_owned(),
    };
    let files = ModelFiles {
        service: source("m/service-2.json", &service),
        paginators: Some(source(
            "m/paginators-1.json",
            r#"{"pagination":{"List":{"input_token":"Token","output_token":"Token"}}}"#,
        )),
        waiters: Some(source(
            "m/waiters-2.json",
            r#"{"version":2,"waiters":{"Done":{"operation":"List","delay":1,"maxAttempts":2,
                "acceptors":[{"state":"success","matcher":"path","argument":"Node.Next.State",
                "expected":"done"}]}}}"#,
        )),
        endpoint_rules: None,
        partitions: None,
    };
    load(&files).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_checks_keep_pattern_translations_for_lowering() {
    let models = models("1.1");
    let (problems, checked) = check(&models);
    assert!(!problems.has_errors(), "{problems}");
    assert_eq!(checked.patterns.keys().collect::<Vec<_>>(), ["Name"]);
}

#[test]
fn flows_are_resolved_through_the_boxing_the_type_graph_decides() {
    let models = models("1.1");
    let (service, warnings) = crate::ir::lower::lower(&models).unwrap_or_else(|e| panic!("{e}"));
    assert!(!warnings.has_errors(), "{warnings}");
    assert_eq!(service.paginators.len(), 1);
    let waiter = format!("{:?}", service.waiters[0].acceptors[0].matcher);
    assert!(waiter.contains("boxed: true"), "{waiter}");
}

#[test]
fn an_unknown_json_version_is_an_error() {
    let models = models("1.2");
    let (problems, _) = check(&models);
    assert_eq!(
        problems.to_string().lines().next(),
        Some("error: unknown JSON version `1.2`")
    );
}
