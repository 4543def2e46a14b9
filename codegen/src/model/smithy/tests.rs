//! Unit tests of the Smithy loader on small models: Smithy 1.0's forms, `apply`, `jsonName`
//! by protocol, a member's own constraints, and where problems are reported.

use crate::model::{load, ModelFiles, Models, ShapeType, SourceFile};
use serde_json::{json, Value};

fn files(model: &Value) -> ModelFiles {
    ModelFiles {
        service: SourceFile {
            path: "m.json".into(),
            text: model.to_string(),
        },
        paginators: None,
        waiters: None,
        endpoint_rules: None,
        partitions: None,
        service_shape: None,
    }
}

/// A service with one operation whose input is `ex#In`, plus `extra` shapes.
fn model(version: &str, protocol: &str, input: Value, extra: Value) -> Value {
    let mut shapes = json!({
        "ex#Svc": {"type": "service", "version": "2020-01-01", "operations": [{"target": "ex#Op"}],
            "traits": {protocol: {}, "aws.api#service": {"sdkId": "Ex"}}},
        "ex#Op": {"type": "operation", "input": {"target": "ex#In"}},
        "ex#In": input,
    });
    for (k, v) in extra.as_object().unwrap() {
        shapes[k] = v.clone();
    }
    json!({"smithy": version, "shapes": shapes})
}

fn loaded(model: &Value) -> Models {
    load(&files(model)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn smithy_1_0_sets_and_enum_traits_load() {
    let m = model(
        "1.0",
        "aws.protocols#awsJson1_1",
        json!({"type": "structure", "members": {"Tags": {"target": "ex#Tags"}, "Color": {"target": "ex#Color"}}}),
        json!({
            "ex#Tags": {"type": "set", "member": {"target": "smithy.api#String"}},
            "ex#Color": {"type": "string", "traits": {"smithy.api#enum": [{"value": "red"}, {"value": "blue", "name": "BLUE"}]}},
        }),
    );
    let models = loaded(&m);
    let shapes = &models.service.shapes;
    assert_eq!(shapes["Tags"].shape_type, ShapeType::List);
    assert_eq!(
        shapes["Color"].enum_values.as_deref(),
        Some(&["red".to_owned(), "blue".to_owned()][..])
    );
    assert_eq!(models.service.metadata.json_version.as_deref(), Some("1.1"));
    assert_eq!(
        models.service.metadata.target_prefix.as_deref(),
        Some("Svc")
    );
    assert_eq!(shapes["String"].shape_type, ShapeType::String);
}

#[test]
fn json_name_renames_members_under_rest_json_only() {
    let input = json!({"type": "structure", "members": {"Name": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "name"}}}});
    let rest = loaded(&model(
        "2.0",
        "aws.protocols#restJson1",
        input.clone(),
        json!({}),
    ));
    let json = loaded(&model("2.0", "aws.protocols#awsJson1_0", input, json!({})));
    let name = |m: &Models| m.service.shapes["In"].members["Name"].location_name.clone();
    assert_eq!(name(&rest).as_deref(), Some("name"));
    assert_eq!(name(&json), None);
}

#[test]
fn a_members_own_constraints_go_on_a_copy_of_its_target() {
    let m = model(
        "2.0",
        "aws.protocols#awsJson1_0",
        json!({"type": "structure", "members": {
            "Size": {"target": "smithy.api#Integer", "traits": {"smithy.api#range": {"min": 1, "max": 9}}},
            "Other": {"target": "smithy.api#Integer"}}}),
        json!({}),
    );
    let models = loaded(&m);
    let shapes = &models.service.shapes;
    let size = &shapes["In"].members["Size"].shape;
    assert_eq!(size, "InSize");
    assert_eq!((shapes[size].min, shapes[size].max), (Some(1.0), Some(9.0)));
    assert_eq!(shapes["In"].members["Other"].shape, "Integer");
    assert_eq!((shapes["Integer"].min, shapes["Integer"].max), (None, None));
}

#[test]
fn apply_adds_traits_and_conflicting_values_are_reported_where_applied() {
    let input = json!({"type": "structure", "members": {"A": {"target": "smithy.api#String"}}});
    let ok = model(
        "2.0",
        "aws.protocols#awsJson1_0",
        input.clone(),
        json!({"ex#In$A": {"type": "apply", "traits": {"smithy.api#required": {}}}}),
    );
    assert_eq!(loaded(&ok).service.shapes["In"].required, ["A"]);
    // A member's own documentation and an `apply` that says otherwise conflict.
    let conflict = model(
        "2.0",
        "aws.protocols#awsJson1_0",
        json!({"type": "structure", "members": {"A": {"target": "smithy.api#String", "traits": {"smithy.api#documentation": "one"}}}}),
        json!({"ex#In$A": {"type": "apply", "traits": {"smithy.api#documentation": "two"}}}),
    );
    let text = load(&files(&conflict)).unwrap_err().to_string();
    assert!(
        text.starts_with("error: trait `smithy.api#documentation` is applied twice with different values\n  --> m.json: /shapes/ex#In$A/traits"),
        "{text}"
    );
}

#[test]
fn checks_found_after_conversion_point_into_the_smithy_file() {
    // A pattern beyond linear regexes is a botocore-level check (a warning); the
    // diagnostic still names the Smithy pointer of the shape.
    let m = model(
        "2.0",
        "aws.protocols#awsJson1_0",
        json!({"type": "structure", "members": {"A": {"target": "ex#Pat"}}}),
        json!({"ex#Pat": {"type": "string", "traits": {"smithy.api#pattern": "(?<=a)b"}}}),
    );
    let (_, warnings) = crate::lower(&files(&m)).unwrap();
    let text = warnings.to_string();
    assert!(
        text.contains("--> m.json: /shapes/ex#Pat/traits/smithy.api#pattern"),
        "{text}"
    );
}

#[test]
fn a_union_member_without_a_value_targets_an_empty_unit_structure() {
    let m = model(
        "2.0",
        "aws.protocols#restJson1",
        json!({"type": "structure", "members": {
            "action": {"target": "ex#Action"},
            "note": {"target": "ex#Unit"}
        }}),
        json!({
            "ex#Action": {"type": "union", "members": {
                "quit": {"target": "smithy.api#Unit"},
                "say": {"target": "smithy.api#String"}
            }},
            // A model's own `Unit` keeps its name; the empty structure takes another.
            "ex#Unit": {"type": "string"}
        }),
    );
    let shapes = loaded(&m).service.shapes;
    let action = &shapes["Action"];
    assert_eq!(action.members["quit"].shape, "Unit_");
    assert_eq!(shapes["Unit"].shape_type, ShapeType::String);
    let unit = &shapes["Unit_"];
    assert_eq!(unit.shape_type, ShapeType::Structure);
    assert!(unit.members.is_empty());
}

#[test]
fn an_rpcv2_cbor_service_names_itself_in_the_request_path() {
    let input = json!({"type": "structure", "members": {}});
    let cbor = loaded(&model(
        "2.0",
        "smithy.protocols#rpcv2Cbor",
        input.clone(),
        json!({}),
    ));
    assert_eq!(
        cbor.service.metadata.target_prefix.as_deref(),
        Some("Svc"),
        "`/service/Svc/operation/Op`"
    );
    let rest = loaded(&model("2.0", "aws.protocols#restJson1", input, json!({})));
    assert_eq!(rest.service.metadata.target_prefix, None);
}

#[test]
fn a_document_shape_of_the_model_stays_a_document() {
    let m = model(
        "2.0",
        "aws.protocols#awsJson1_1",
        json!({"type": "structure", "members": {"doc": {"target": "ex#Doc"}}}),
        json!({"ex#Doc": {"type": "document", "traits": {"smithy.api#documentation": "Any JSON."}}}),
    );
    let shapes = loaded(&m).service.shapes;
    assert_eq!(shapes["Doc"].shape_type, ShapeType::Structure);
    assert!(shapes["Doc"].document, "botocore's form of a document");
}

#[test]
fn a_blob_keeps_its_media_type_for_the_payload_content_type() {
    let m = model(
        "2.0",
        "aws.protocols#restJson1",
        json!({"type": "structure", "members": {
            "data": {"target": "ex#Text", "traits": {"smithy.api#httpPayload": {}}}
        }}),
        json!({"ex#Text": {"type": "blob", "traits": {"smithy.api#mediaType": "text/plain"}}}),
    );
    let shapes = loaded(&m).service.shapes;
    assert_eq!(shapes["Text"].media_type.as_deref(), Some("text/plain"));
}

#[test]
fn auth_schemes_follow_the_auth_trait_else_shape_id_order_and_pick_a_service() {
    let mut m = model(
        "2.0",
        "aws.protocols#restJson1",
        json!({"type": "structure", "members": {}}),
        json!({}),
    );
    let traits = &mut m["shapes"]["ex#Svc"]["traits"];
    traits["smithy.api#httpBearerAuth"] = json!({});
    traits["smithy.api#httpApiKeyAuth"] = json!({"name": "X-Key", "in": "query"});
    traits["aws.auth#sigv4"] = json!({"name": "ex"});
    m["shapes"]["ex#Op"]["traits"] = json!({"smithy.api#optionalAuth": {}});
    let models = loaded(&m);
    let metadata = &models.service.metadata;
    // No `auth` trait: every scheme of the service, by shape id.
    assert_eq!(
        metadata.auth.as_deref(),
        Some(
            &[
                "aws.auth#sigv4".to_owned(),
                "smithy.api#httpApiKeyAuth".to_owned(),
                "smithy.api#httpBearerAuth".to_owned()
            ][..]
        )
    );
    let key = metadata.api_key_auth.as_ref().expect("the API key trait");
    assert_eq!(
        (key.name.as_str(), key.location.as_str()),
        ("X-Key", "query")
    );
    // Optional auth: the service's schemes, then none.
    let op = &models.service.operations["Op"];
    assert_eq!(op.auth.as_ref().map(Vec::len), Some(4));
    assert_eq!(op.auth.as_ref().unwrap()[3], crate::model::NO_AUTH);
    // The `auth` trait orders them.
    m["shapes"]["ex#Svc"]["traits"]["smithy.api#auth"] = json!(["smithy.api#httpBearerAuth"]);
    let models = loaded(&m);
    assert_eq!(
        models.service.metadata.auth.as_deref(),
        Some(&["smithy.api#httpBearerAuth".to_owned()][..])
    );
    // A model with two services needs one named; a wrong name lists them.
    m["shapes"]["other#Svc2"] = json!({"type": "service", "version": "2020-01-01"});
    let err = load(&files(&m)).unwrap_err().to_string();
    assert!(
        err.contains("2 service shapes") && err.contains("--service"),
        "{err}"
    );
    let mut chosen = files(&m);
    chosen.service_shape = Some("Svc".into());
    assert!(load(&chosen).is_ok());
    chosen.service_shape = Some("Nope".into());
    let err = load(&chosen).unwrap_err().to_string();
    assert!(
        err.contains("no service shape `Nope`") && err.contains("other#Svc2"),
        "{err}"
    );
}
