//! Smithy's nullability on the Smithy fixture's client: `@default` values filled in by
//! `build()` and by reading a response (but not on `@clientOptional` or `@addedDefault`
//! members, nor on an operation input's optional members), `@sparse` lists and maps that
//! keep their nulls, and client error correction of a required member a response leaves
//! out.

use crate::smithy_fixture::client;
use smithy_sink_fixture::test_util::MockTransport;
use smithy_sink_fixture::types::{GetGadgetInput, UpdateGadgetInput, UpdateOptions};
use smithy_sink_fixture::validation::Validate;
use std::collections::HashMap;

fn sent_body(mock: &MockTransport) -> serde_json::Value {
    let requests = mock.requests();
    serde_json::from_slice(&requests.last().expect("a request was sent").body).unwrap()
}

#[tokio::test]
async fn build_fills_a_default_and_the_request_carries_it() {
    let options = UpdateOptions::builder().build().unwrap();
    assert_eq!(options.retries, 2, "the member's @default");
    assert_eq!(
        options.window, None,
        "@addedDefault keeps the member optional"
    );
    let mock = MockTransport::new();
    mock.respond(200, &[], "{}");
    client(&mock)
        .update_gadget()
        .gadget_id("g-1")
        .options(UpdateOptions::builder().retries(5).build().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent_body(&mock)["Options"],
        serde_json::json!({"Retries": 5}),
        "a value set wins"
    );
    mock.respond(200, &[], "{}");
    client(&mock)
        .update_gadget()
        .gadget_id("g-1")
        .options(UpdateOptions::builder().build().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent_body(&mock)["Options"],
        serde_json::json!({"Retries": 2})
    );
}

#[tokio::test]
async fn an_operation_inputs_optional_defaults_are_not_sent_but_required_ones_are() {
    // Members of an `@input` structure, and the optional members of any operation's
    // input, stay optional whatever their default; a required member with a default is
    // filled in rather than missing.
    let input = GetGadgetInput::builder().gadget_id("g-1").build().unwrap();
    assert_eq!(input.verbose, None);
    let input = UpdateGadgetInput::builder()
        .gadget_id("g-1")
        .build()
        .unwrap();
    assert_eq!((input.force, input.mode.as_str()), (None, "safe"));
    let mock = MockTransport::new();
    mock.respond(200, &[], "{}");
    client(&mock)
        .get_gadget()
        .gadget_id("g-1")
        .send()
        .await
        .unwrap();
    assert_eq!(sent_body(&mock), serde_json::json!({"GadgetId": "g-1"}));
    mock.respond(200, &[], "{}");
    client(&mock)
        .update_gadget()
        .gadget_id("g-1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent_body(&mock),
        serde_json::json!({"GadgetId": "g-1", "Mode": "safe", "Token": sent_body(&mock)["Token"]})
    );
}

#[tokio::test]
async fn reading_fills_defaults_but_not_client_optional_ones() {
    let mock = MockTransport::new();
    mock.respond(200, &[], r#"{"Gadget": {"GadgetId": "g-1"}}"#);
    let output = client(&mock)
        .get_gadget()
        .gadget_id("g-1")
        .send()
        .await
        .unwrap();
    let gadget = output.gadget.unwrap();
    assert_eq!(gadget.priority, 3, "@default(3)");
    assert_eq!(gadget.nickname, None, "@clientOptional keeps it unset");
    mock.respond(
        200,
        &[],
        r#"{"Gadget": {"GadgetId": "g-1", "Priority": 9}}"#,
    );
    let output = client(&mock)
        .get_gadget()
        .gadget_id("g-1")
        .send()
        .await
        .unwrap();
    assert_eq!(output.gadget.unwrap().priority, 9);
}

#[tokio::test]
async fn a_required_member_the_response_leaves_out_takes_its_zero_value() {
    // `GadgetId` is required; a response without it (or with `null`) is still read,
    // with the empty string, as Smithy's client error correction says.
    let mock = MockTransport::new();
    for body in [r#"{"Gadget": {}}"#, r#"{"Gadget": {"GadgetId": null}}"#] {
        mock.respond(200, &[], body);
        let output = client(&mock)
            .get_gadget()
            .gadget_id("g-1")
            .send()
            .await
            .unwrap();
        assert_eq!(output.gadget.unwrap().gadget_id, "", "{body}");
    }
}

#[tokio::test]
async fn sparse_collections_keep_their_nulls_both_ways() {
    let mock = MockTransport::new();
    mock.respond(
        200,
        &[],
        r#"{"Gadget": {"GadgetId": "g-1", "Labels": [null, "a"], "Notes": {"x": null, "y": "b"}}}"#,
    );
    let output = client(&mock)
        .get_gadget()
        .gadget_id("g-1")
        .send()
        .await
        .unwrap();
    let gadget = output.gadget.unwrap();
    assert_eq!(gadget.labels(), [None, Some("a".to_owned())]);
    assert_eq!(
        gadget.notes,
        Some(HashMap::from([
            ("x".to_owned(), None),
            ("y".to_owned(), Some("b".to_owned()))
        ]))
    );
    mock.respond(200, &[], "{}");
    client(&mock)
        .update_gadget()
        .gadget_id("g-1")
        .labels(None)
        .labels("c".to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(sent_body(&mock)["Labels"], serde_json::json!([null, "c"]));
}

#[test]
fn validation_skips_a_sparse_lists_nulls_and_checks_its_items() {
    // `Label` has a minimum length of 1: a null item has nothing to check, "" breaks it.
    let input = |labels: Vec<Option<String>>| {
        UpdateGadgetInput::builder()
            .gadget_id("g-1")
            .set_labels(Some(labels))
            .build()
            .unwrap()
    };
    assert!(input(vec![None, Some("a".to_owned())]).validate().is_ok());
    let report = input(vec![None, Some(String::new())])
        .validate()
        .unwrap_err()
        .to_string();
    assert!(report.contains("labels[1]"), "{report}");
}
