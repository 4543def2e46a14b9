//! What the checks keep for lowering, and the checks of typed metadata.

use super::check;
use crate::ir::lower::recursive_edges;
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
fn the_checks_keep_translations_and_compiled_paths_for_lowering() {
    let models = models("1.1");
    let boxed = recursive_edges(&models.service);
    let (problems, checked) = check(&models, &boxed);
    assert!(!problems.has_errors(), "{problems}");
    assert_eq!(checked.patterns.keys().collect::<Vec<_>>(), ["Name"]);
    assert!(checked
        .paginator_paths
        .contains_key(&("List".to_owned(), "Token".to_owned())));
    // Compiled with the boxing lowering decides, so lowering can take it as is.
    let path = format!("{:?}", checked.waiter_paths[&("Done".to_owned(), 0)]);
    assert!(path.contains("boxed: true"), "{path}");
}

#[test]
fn an_unknown_json_version_is_an_error() {
    let models = models("1.2");
    let (problems, _) = check(&models, &recursive_edges(&models.service));
    assert_eq!(
        problems.to_string().lines().next(),
        Some("error: unknown JSON version `1.2`")
    );
}
