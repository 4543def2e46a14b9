//! Paths the emitters write into every module of a generated crate, standalone and bundled.

use super::*;
use crate::model::{load, ModelFiles, SourceFile};

/// A service with an input, an output, an error, a timestamp and a paginator: paths
/// into every module the generated code has.
const MODEL: &str = r#"{"metadata":{"apiVersion":"2020-01-01","endpointPrefix":"x",
    "jsonVersion":"1.0","protocol":"json","serviceFullName":"X","targetPrefix":"X"},
    "operations":{"ListThings":{"name":"ListThings","input":{"shape":"ListThingsInput"},
        "output":{"shape":"ListThingsOutput"},"errors":[{"shape":"Oops"}]}},
    "shapes":{
        "ListThingsInput":{"type":"structure","members":{"At":{"shape":"Stamp"},
            "NextToken":{"shape":"Text"},"Name":{"shape":"Name"}}},
        "ListThingsOutput":{"type":"structure","members":{"NextToken":{"shape":"Text"},
            "Things":{"shape":"Things"}}},
        "Things":{"type":"list","member":{"shape":"Text"}},
        "Oops":{"type":"structure","members":{"Message":{"shape":"Text"}},"exception":true},
        "Stamp":{"type":"timestamp"},
        "Name":{"type":"string","max":10},
        "Text":{"type":"string"}}}"#;

const PAGINATORS: &str = r#"{"pagination":{"ListThings":{"input_token":"NextToken",
    "output_token":"NextToken","result_key":"Things"}}}"#;

#[test]
fn a_bundled_service_names_its_own_module_and_the_shared_runtime() {
    let source = |path: &str, text: &str| SourceFile {
        path: path.to_owned(),
        text: text.to_owned(),
    };
    let files = ModelFiles {
        service: source("x/service-2.json", MODEL),
        paginators: Some(source("x/paginators-1.json", PAGINATORS)),
        waiters: None,
        endpoint_rules: None,
        partitions: None,
        service_shape: None,
    };
    let models = load(&files).unwrap_or_else(|e| panic!("{e}"));
    let (service, _) = crate::ir::lower(&models).unwrap_or_else(|e| panic!("{e}"));
    let options = CrateOptions {
        package_name: "bundle".to_owned(),
        version: "0.0.0".to_owned(),
        command: "test".to_owned(),
        runtime: crate::ir::RuntimeSource::Path("../runtime".to_owned()),
        operations: None,
        repository: None,
        split_above: None,
    };
    let emitted = emit_bundle(&[("suite_a".to_owned(), service)], &options, "a bundle");
    let mut own_paths = 0;
    for file in emitted {
        let FileContent::Rust(tokens) = file.content else {
            continue;
        };
        let text = tokens.to_string();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("crate ::") {
            rest = &rest[at + "crate ::".len()..];
            let next = rest.split_whitespace().next().unwrap_or_default();
            assert!(
                next == "suite_a" || next == "runtime",
                "{}: `crate :: {next}`",
                file.path.display()
            );
            own_paths += usize::from(next == "suite_a");
        }
    }
    assert!(own_paths > 20, "only {own_paths} paths into the module");
}
