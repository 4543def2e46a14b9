//! Fixture models generated and compared with checked-in crates (workspace members, so they
//! also compile under clippy and `-D warnings`): the kitchen sink, which exercises every
//! feature of the types and the awsJson client, is then used here; the rest-json one in
//! `rest_fixture.rs`.

use crate::support::{bless, expect_file, model, root};
use codegen::CrateOptions;
use kitchen_sink_fixture::types::{
    Choice, Node, Option as OptionShape, PutThingRequest, ThingType,
};
use std::collections::BTreeSet;
use std::path::PathBuf;

#[test]
fn kitchen_sink_output_matches_the_checked_in_crate() {
    fixture_matches_its_checked_in_crate("kitchen-sink", "kitchen-sink-fixture");
}

#[test]
fn rest_sink_output_matches_the_checked_in_crate() {
    fixture_matches_its_checked_in_crate("rest-sink", "rest-sink-fixture");
}

#[test]
fn xml_events_output_matches_the_checked_in_crate() {
    fixture_matches_its_checked_in_crate("xml-events", "xml-events-fixture");
}

#[test]
fn cbor_events_output_matches_the_checked_in_crate() {
    fixture_matches_its_checked_in_crate("cbor-events", "cbor-events-fixture");
}

#[test]
fn smithy_sink_output_matches_the_checked_in_crate() {
    fixture_matches_its_checked_in_crate("smithy-sink", "smithy-sink-fixture");
}

/// Generates `tests/fixtures/<name>` and compares every file with its `expected/` crate.
fn fixture_matches_its_checked_in_crate(name: &str, package: &str) {
    let dir = root().join("tests/fixtures").join(name);
    let options = CrateOptions {
        package_name: package.to_owned(),
        version: "0.1.0".to_owned(),
        command: "UPDATE_EXPECT=1 cargo test -p tests".to_owned(),
        runtime: codegen::ir::RuntimeSource::Path("../../../../codegen/runtime".to_owned()),
        operations: None,
        repository: None,
        split_above: None,
    };
    let generated = codegen::generate(&model(&dir), &options).unwrap_or_else(|e| panic!("{e}"));
    let expected_dir = dir.join("expected");
    for (path, text) in &generated.files {
        expect_file(&expected_dir.join(path), text);
    }
    if !bless() {
        let on_disk: BTreeSet<PathBuf> = walk(&expected_dir);
        let generated: BTreeSet<PathBuf> = generated.files.keys().cloned().collect();
        assert_eq!(on_disk, generated, "orphaned or missing snapshot files");
    }
}

fn walk(dir: &std::path::Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read snapshot dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).expect("inside").to_path_buf());
            }
        }
    }
    out
}

fn sample() -> PutThingRequest {
    PutThingRequest::builder()
        .name("my-thing")
        .secret("hunter2-very-secret")
        .r#type(ThingType::ClientLdap)
        .self_(true)
        .ipv4_address("10.0.0.1")
        .acls("a")
        .acls("b")
        .attributes("colors", vec!["red".to_owned(), "blue".to_owned()])
        .payload(b"\x00\x01binary".to_vec())
        .created_at(
            kitchen_sink_fixture::primitives::DateTime::parse_epoch_seconds("1795310428.118")
                .unwrap(),
        )
        .count(1_i64 << 40)
        .ratio(0.25)
        .weight(1.5_f32)
        .size(7)
        .tree(
            Node::builder()
                .label("root")
                .child(Node::builder().label("left").build().unwrap())
                .children(Node::builder().label("c1").build().unwrap())
                .build()
                .unwrap(),
        )
        .choice(Choice::Nested(Node::builder().label("n").build().unwrap()))
        .option(
            OptionShape::builder()
                .value("v")
                .builder_value("b")
                .build()
                .unwrap(),
        )
        .secrets("p1")
        .renamed("wire")
        .build()
        .unwrap()
}

#[test]
fn kitchen_sink_serde_round_trips_with_wire_names() {
    let value = sample();
    let json = serde_json::to_value(&value).unwrap();
    assert_eq!(json["Type"], "Client-LDAP");
    assert_eq!(json["Self"], true);
    assert_eq!(json["IPv4Address"], "10.0.0.1");
    assert_eq!(json["ACLs"], serde_json::json!(["a", "b"]));
    assert_eq!(json["Payload"], "AAFiaW5hcnk=");
    assert_eq!(json["CreatedAt"], 1795310428.118);
    assert_eq!(
        json["Choice"],
        serde_json::json!({"Nested": {"Label": "n"}})
    );
    assert_eq!(
        json["Option"],
        serde_json::json!({"Value": "v", "Builder": "b"})
    );
    assert_eq!(json["WireRenamed"], "wire");
    assert_eq!(json["Tree"]["Child"]["Label"], "left");
    assert!(json.get("Ratio").is_some() && json.get("Missing").is_none());
    let back: PutThingRequest = serde_json::from_value(json).unwrap();
    assert_eq!(back, value);
}

#[test]
fn kitchen_sink_enums_and_unions_keep_unknown_values() {
    assert_eq!(ThingType::from("1.2"), ThingType::_12);
    assert_eq!(ThingType::from("Unknown"), ThingType::UnknownValue);
    assert_eq!(
        ThingType::from("brand-new"),
        ThingType::Unknown("brand-new".into())
    );
    assert_eq!(ThingType::Unknown("brand-new".into()).as_str(), "brand-new");
    assert_eq!(
        "PENDING_ACCEPTANCE".parse::<ThingType>().unwrap(),
        ThingType::PendingAcceptance
    );
    assert_eq!(ThingType::values().len(), 6);
    let union: Choice = serde_json::from_str(r#"{"FutureMember": {"x": 1}}"#).unwrap();
    assert_eq!(union, Choice::Unknown("FutureMember".into()));
    assert!(
        serde_json::to_string(&union).is_err(),
        "an unknown member cannot be sent"
    );
    let number: Choice = serde_json::from_str(r#"{"Number": 3, "Text": null}"#).unwrap();
    assert_eq!(number, Choice::Number(3));
    assert!(serde_json::from_str::<Choice>(r#"{"Number": 3, "Text": "x"}"#).is_err());
    assert_eq!(
        serde_json::from_str::<Choice>(r#"{"Unknown": "u"}"#).unwrap(),
        Choice::UnknownValue("u".into())
    );
}

#[test]
fn kitchen_sink_debug_redacts_sensitive_members_and_lists() {
    let text = format!("{:?}", sample());
    assert!(!text.contains("hunter2"), "{text}");
    assert!(!text.contains("p1"), "{text}");
    assert!(text.contains("*** Sensitive Data Redacted ***"), "{text}");
    assert!(
        text.contains("my-thing"),
        "non-sensitive members stay visible: {text}"
    );
    let builder = format!("{:?}", PutThingRequest::builder().secret("hunter2"));
    assert!(!builder.contains("hunter2"), "{builder}");
}

#[test]
fn kitchen_sink_builders_name_every_missing_required_field() {
    let err = PutThingRequest::builder().build().unwrap_err();
    assert_eq!(err.missing_fields(), ["name", "secret", "type"]);
    assert_eq!(
        err.to_string(),
        "cannot build `PutThingRequest`: required fields `name`, `secret`, `type` not set"
    );
}

#[test]
fn kitchen_sink_errors_display_shape_and_message() {
    let err: kitchen_sink_fixture::types::ThingNotFoundException =
        serde_json::from_str(r#"{"Message": "no thing named x"}"#).unwrap();
    assert_eq!(err.to_string(), "ThingNotFoundException: no thing named x");
    let fault: kitchen_sink_fixture::types::Result =
        serde_json::from_str(r#"{"message": "boom"}"#).unwrap();
    // The shape's name, as the SDKs show it; a call's error adds the wire code
    // (`InternalFailure`) where it differs.
    assert_eq!(fault.to_string(), "Result: boom");
    let boxed: Box<dyn std::error::Error> = Box::new(fault);
    assert!(boxed.to_string().contains("boom"));
}

mod client {
    //! The kitchen-sink crate's client: error and status acceptors, computed paths, a
    //! paginator with two tokens and `more_results`, an operation without output.

    use kitchen_sink_fixture::test_util::MockTransport;
    use kitchen_sink_fixture::waiter::WaiterError;
    use kitchen_sink_fixture::{Client, Config, Credentials};
    use serde_json::{json, Value};
    use std::time::Duration;

    fn client(mock: &MockTransport) -> Client {
        Client::new(
            Config::builder()
                .region("us-east-1")
                .credentials(Credentials::new("a", "b", None))
                .endpoint_url("http://127.0.0.1:1")
                .transport(mock.clone())
                .retry(kitchen_sink_fixture::client::RetryConfig::disabled())
                .build()
                .unwrap(),
        )
    }

    /// The JSON bodies of the requests the mock received, in order.
    fn bodies(mock: &MockTransport) -> Vec<Value> {
        mock.requests()
            .iter()
            .map(|r| serde_json::from_slice(&r.body).unwrap())
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn acceptors_over_a_projection_of_projections_and_over_a_maps_values() {
        // `Tree.Children[].Children[].Label`: the grandchildren's labels, flattened.
        let mock = MockTransport::new();
        let tree = |labels: [&str; 3]| {
            json!({"Tree": {"Children": [
                {"Children": [{"Label": labels[0]}, {"Label": labels[1]}]},
                {"Children": [{"Label": labels[2]}]},
                {}
            ]}})
            .to_string()
        };
        mock.respond(200, &[], tree(["leaf", "bud", "leaf"]).as_str());
        mock.respond(200, &[], tree(["leaf", "leaf", "leaf"]).as_str());
        client(&mock)
            .wait_until_grandchildren_grown()
            .name("t")
            .wait(Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(
            mock.requests().len(),
            2,
            "one grandchild was a bud at first"
        );
        // `Branches.*.Label`: every value of the map.
        let mock = MockTransport::new();
        mock.respond(
            200,
            &[],
            r#"{"Branches": {"a": {"Label": "ready"}, "b": {"Label": "growing"}}}"#,
        );
        mock.respond(
            200,
            &[],
            r#"{"Branches": {"a": {"Label": "ready"}, "b": {"Label": "dead"}}}"#,
        );
        let err = client(&mock)
            .wait_until_branches_ready()
            .name("t")
            .wait(Duration::from_secs(60))
            .await
            .unwrap_err();
        assert!(matches!(err, WaiterError::Failure { .. }), "{err}");
        let mock = MockTransport::new();
        mock.respond(
            200,
            &[],
            r#"{"Branches": {"a": {"Label": "ready"}, "b": {"Label": "ready"}}}"#,
        );
        client(&mock)
            .wait_until_branches_ready()
            .name("t")
            .wait(Duration::from_secs(60))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_call_error_shows_the_shape_and_a_wire_code_that_differs() {
        let mock = MockTransport::new();
        mock.respond(
            500,
            &[("X-Amzn-ErrorType", "InternalFailure")],
            r#"{"message": "try later"}"#,
        );
        let error = client(&mock)
            .put_thing()
            .name("my-thing")
            .secret("s")
            .r#type(super::ThingType::ClientLdap)
            .send()
            .await
            .unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("service error: Result: try later (HTTP 500, code InternalFailure"),
            "{text}"
        );
        mock.respond(
            400,
            &[("X-Amzn-ErrorType", "ThingNotFoundException")],
            r#"{"Message": "gone"}"#,
        );
        // An error whose shape name is its code shows it once.
        let error = client(&mock)
            .get_thing()
            .name("x")
            .send()
            .await
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("ThingNotFoundException: gone (HTTP 400)"),
            "{error}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn error_and_status_acceptors() {
        let mock = MockTransport::new();
        mock.respond(200, &[], r#"{"State": "SimpleAD"}"#);
        mock.respond(
            500,
            &[("X-Amzn-ErrorType", "InternalFailure")],
            r#"{"message": "try later"}"#,
        );
        mock.respond(
            400,
            &[("X-Amzn-ErrorType", "ThingNotFoundException")],
            r#"{"Message": "gone"}"#,
        );
        let started = tokio::time::Instant::now();
        let out = client(&mock)
            .wait_until_thing_gone()
            .name("my-thing")
            .wait(Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(
            out, None,
            "success came from the error acceptor, so there is no output"
        );
        assert_eq!(
            mock.requests().len(),
            3,
            "the 500 was retried by the status acceptor"
        );
        assert_eq!(started.elapsed(), Duration::from_secs(10));

        let mock = MockTransport::new();
        mock.respond(200, &[], r#"{"State": "Client-LDAP"}"#);
        let err = client(&mock)
            .wait_until_thing_gone()
            .name("my-thing")
            .wait(Duration::from_secs(60))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, WaiterError::Failure { acceptor, .. } if acceptor.starts_with("path `State`")),
            "{err}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn computed_path_acceptors() {
        let mock = MockTransport::new();
        mock.respond(200, &[], r#"{"Sizes": [1, 6]}"#);
        mock.respond(200, &[], r#"{"Sizes": [7, 6, 1]}"#);
        let out = client(&mock)
            .wait_until_thing_big()
            .name("my-thing")
            .wait(Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(out.sizes(), [7, 6, 1]);

        let mock = MockTransport::new();
        mock.respond(200, &[], r#"{"Sizes": [7, 0, 9]}"#);
        let err = client(&mock)
            .wait_until_thing_big()
            .name("my-thing")
            .wait(Duration::from_secs(60))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("pathAny `Sizes[]` == 0"), "{err}");

        let mock = MockTransport::new();
        mock.respond(404, &[("X-Amzn-ErrorType", "Whatever")], "{}");
        let err = client(&mock)
            .wait_until_thing_big()
            .name("my-thing")
            .wait(Duration::from_secs(60))
            .await
            .unwrap_err();
        assert!(
            matches!(err, WaiterError::Failure { error: Some(_), .. }),
            "the error acceptor with `true` matches any error"
        );
    }

    #[tokio::test]
    async fn two_tokens_and_more_results() {
        let mock = MockTransport::new();
        mock.respond(
            200,
            &[],
            r#"{"Things": ["a", "b"], "NextMarker": "m1", "Truncated": true}"#,
        );
        mock.respond(
            200,
            &[],
            r#"{"Things": ["c"], "NextPage": 2, "Truncated": true}"#,
        );
        mock.respond(
            200,
            &[],
            r#"{"Things": ["d"], "NextMarker": "m3", "NextPage": 3, "Truncated": false}"#,
        );
        let items = client(&mock)
            .list_things()
            .into_paginator()
            .page_size(2)
            .items()
            .collect()
            .await
            .unwrap();
        assert_eq!(
            items,
            ["a", "b", "c", "d"],
            "Truncated: false ends paging even with tokens present"
        );
        let bodies = bodies(&mock);
        assert_eq!(
            bodies,
            [
                json!({"MaxItems": 2}),
                json!({"MaxItems": 2, "Marker": "m1"}),
                json!({"MaxItems": 2, "Page": 2})
            ],
            "each token goes back in its own member"
        );
    }

    #[tokio::test]
    async fn operations_sharing_an_input_each_send_as_themselves() {
        let mock = MockTransport::new();
        for _ in 0..3 {
            mock.respond(200, &[], "{}");
        }
        let client = client(&mock);
        client.get_thing().name("thing-a").send().await.unwrap();
        client.peek_thing().name("thing-a").send().await.unwrap();
        let input = kitchen_sink_fixture::types::GetThingRequest::builder()
            .name("thing-a")
            .build()
            .unwrap();
        let prebuilt = kitchen_sink_fixture::operation::PeekThingInput(input);
        client.send(&prebuilt).await.unwrap();
        let targets: Vec<String> = mock
            .requests()
            .iter()
            .map(|r| r.header("x-amz-target").unwrap_or_default().to_owned())
            .collect();
        assert_eq!(
            targets,
            [
                "KitchenSink_20240101.GetThing",
                "KitchenSink_20240101.PeekThing",
                "KitchenSink_20240101.PeekThing"
            ]
        );
        let bodies = bodies(&mock);
        assert!(
            bodies.iter().all(|b| *b == json!({"Name": "thing-a"})),
            "{bodies:?}"
        );
    }

    #[tokio::test]
    async fn an_operation_without_output_returns_empty() {
        let mock = MockTransport::new();
        mock.respond(200, &[], "");
        let out = client(&mock).ping().send().await.unwrap();
        assert_eq!(out, kitchen_sink_fixture::operation::Empty {});
    }

    #[tokio::test]
    async fn an_unset_idempotency_token_is_filled_and_a_set_one_kept() {
        let mock = MockTransport::new();
        for _ in 0..3 {
            mock.respond(200, &[], "{}");
        }
        let client = client(&mock);
        client.ping().send().await.unwrap();
        client.ping().send().await.unwrap();
        client.ping().client_token("mine").send().await.unwrap();
        let tokens: Vec<String> = mock
            .requests()
            .iter()
            .map(|r| {
                let body: Value = serde_json::from_slice(&r.body).unwrap();
                body["ClientToken"].as_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(tokens[0].len(), 36, "{tokens:?}");
        assert_eq!(
            tokens[0].as_bytes()[14],
            b'4',
            "a version 4 UUID: {tokens:?}"
        );
        assert_ne!(tokens[0], tokens[1], "each call gets its own token");
        assert_eq!(tokens[2], "mine", "a token the caller set is sent as is");
    }
}

#[test]
fn an_event_stream_operation_reads_its_events_as_they_arrive_with_exceptions_typed() {
    use aws_codegen_runtime::wire::eventstream::frame::{encode_message, Message};
    use kitchen_sink_fixture::primitives::EventStreamError;
    use kitchen_sink_fixture::types::ThingChanges;
    let frame = |headers: &[(&str, &str)], payload: &[u8]| {
        encode_message(&Message::new(headers, payload)).unwrap()
    };
    let initial = frame(
        &[
            (":message-type", "event"),
            (":event-type", "initial-response"),
        ],
        b"{}",
    );
    let initial_again = initial.clone();
    let changed = frame(
        &[
            (":message-type", "event"),
            (":event-type", "Changed"),
            (":content-type", "application/octet-stream"),
        ],
        b"\x00\x01raw",
    );
    let failed = frame(
        &[
            (":message-type", "exception"),
            (":exception-type", "WatchFailed"),
        ],
        br#"{"Message":"gone"}"#,
    );
    let mock = kitchen_sink_fixture::test_util::MockTransport::new();
    let client = kitchen_sink_fixture::Client::new(
        kitchen_sink_fixture::Config::builder()
            .region("us-east-1")
            .credentials(kitchen_sink_fixture::Credentials::new("a", "b", None))
            .endpoint_url("http://127.0.0.1:1")
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    mock.respond(
        200,
        &[("content-type", "application/vnd.amazon.eventstream")],
        [initial, changed.clone(), failed].concat(),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let output = client.watch_things().prefix("t").send().await.unwrap();
        let changes = output.changes.expect("the stream is attached");
        match changes.recv().await {
            Ok(Some(ThingChanges::Changed(event))) => {
                assert_eq!(event.payload.as_ref().map(|p| p.as_bytes()), Some(&b"\x00\x01raw"[..]))
            }
            other => panic!("{other:?}"),
        }
        match changes.recv().await {
            Err(EventStreamError::Exception(ThingChanges::WatchFailed(e))) => {
                assert_eq!(e.message.as_deref(), Some("gone"))
            }
            other => panic!("{other:?}"),
        }
        // An error ends the stream.
        assert_eq!(changes.recv().await, Ok(None));
        // A body cut inside a message is a frame error, never a silent end.
        mock.respond(200, &[], [&initial_again[..], &changed[..changed.len() - 3]].concat());
        let output = client.watch_things().send().await.unwrap();
        let changes = output.changes.unwrap();
        assert!(matches!(changes.recv().await, Err(EventStreamError::Frame(e)) if e.contains("ended inside a message")));
    });
    let request = mock.last_request().unwrap();
    assert_eq!(
        request.header("x-amz-target"),
        Some("KitchenSink_20240101.WatchThings")
    );
}
