//! One resolve phase: patterns translated once into the shapes' constraints, flows resolved
//! through the type graph's boxing, and every concern's problems reported together.

use crate::ir::{Pattern, ValueKind};
use crate::lang::pattern::PatternCheck;
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
            "Node":{{"type":"structure","members":{{"Next":{{"shape":"Node"}},"State":{{"shape":"Name"}},"Names":{{"shape":"Names"}}}}}},
            "Names":{{"type":"list","member":{{"shape":"Name"}}}},
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
        service_shape: None,
    };
    load(&files).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_pattern_is_translated_once_into_its_shapes_constraints() {
    let models = models("1.1");
    let (service, warnings) = super::lower(&models).unwrap_or_else(|e| panic!("{e}"));
    assert!(!warnings.has_errors(), "{warnings}");
    let name = service
        .shapes
        .iter()
        .find(|s| s.wire_name == "Name")
        .expect("the shape Name");
    assert!(matches!(
        &name.constraints.pattern,
        Some(Pattern { java, check: PatternCheck::Linear(_) }) if java == "^[a-z]+$"
    ));
    // Members and list items reach the shape by id, with its constraints.
    let names = service
        .shapes
        .iter()
        .find(|s| s.wire_name == "Names")
        .expect("the shape Names");
    let ValueKind::List(item) = names.kind else {
        panic!("Names is a list: {:?}", names.kind)
    };
    assert_eq!(service.shape(item).wire_name, "Name");
    let token = &service.structures[service.operations[0].input.0].members[0];
    assert_eq!(service.shape(token.target).wire_name, "Name");
    assert!(token.constraints.pattern.is_some());
}

#[test]
fn every_concern_reports_its_problems_in_one_run() {
    let mut models = models("1.1");
    // A member with a missing target (structures), a list without a member (shapes) and a
    // waiter path through a member that does not exist (flows).
    let node = models.service.shapes.get_mut("Node").expect("Node");
    node.members.get_mut("State").expect("State").shape = "Nmae".to_owned();
    models
        .service
        .shapes
        .get_mut("Names")
        .expect("Names")
        .member = None;
    let waiter = models.waiters.waiters.get_mut("Done").expect("Done");
    waiter.acceptors[0].argument = Some("Node.Nxt.State".to_owned());
    let problems = super::lower(&models).map(|_| ()).expect_err("errors");
    let text = problems.to_string();
    for expected in [
        "error: shape `Nmae` is not defined",
        "error: list `Names` has no `member`",
        "`Nxt` is not a member of `Node`",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    // Each problem once: no follow-up error where a placeholder stood in.
    assert_eq!(problems.0.len(), 3, "{text}");
}

#[test]
fn flows_are_resolved_through_the_boxing_the_type_graph_decides() {
    let models = models("1.1");
    let (service, warnings) = super::lower(&models).unwrap_or_else(|e| panic!("{e}"));
    assert!(!warnings.has_errors(), "{warnings}");
    assert_eq!(service.paginators.len(), 1);
    let waiter = format!("{:?}", service.waiters[0].acceptors[0].matcher);
    assert!(waiter.contains("boxed: true"), "{waiter}");
}

#[test]
fn an_unknown_json_version_is_an_error() {
    let models = models("1.2");
    let problems = super::lower(&models).map(|_| ()).expect_err("an error");
    assert_eq!(
        problems.to_string().lines().next(),
        Some("error: unknown JSON version `1.2`")
    );
}
