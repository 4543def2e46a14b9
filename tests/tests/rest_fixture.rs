//! The rest-json fixture's client through the mock transport: a waiter over a REST
//! operation (an error acceptor bound to a status, path acceptors on the body), a paginator
//! whose tokens travel in the query string, and the request and response bindings
//! (labels, greedy labels, query lists, headers, prefix headers, blob payloads, status
//! codes, an error member bound to a header).

use rest_sink_fixture::test_util::MockTransport;
use rest_sink_fixture::types::{ListWidgetsResponse, WidgetState};
use rest_sink_fixture::waiter::WaiterError;
use rest_sink_fixture::{Client, Config, Credentials};
use std::time::Duration;

fn client(mock: &MockTransport) -> Client {
    Client::new(
        Config::builder()
            .region("eu-north-1")
            .credentials(Credentials::new("a", "b", None))
            .endpoint_url("https://widgets.example.com/base")
            .transport(mock.clone())
            .retry(rest_sink_fixture::client::RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

/// The path and query of every request the mock received.
fn paths(mock: &MockTransport) -> Vec<String> {
    mock.requests()
        .iter()
        .map(|r| {
            r.url
                .trim_start_matches("https://widgets.example.com")
                .to_owned()
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn the_waiter_polls_a_rest_operation_until_its_path_acceptor_matches() {
    let mock = MockTransport::new();
    mock.respond(
        404,
        &[("X-Amzn-ErrorType", "WidgetNotFound"), ("Retry-After", "3")],
        r#"{"Message": "not yet"}"#,
    );
    mock.respond(
        200,
        &[],
        r#"{"Widget": {"WidgetId": "w-1", "State": "PENDING"}}"#,
    );
    mock.respond(
        200,
        &[("ETag", "\"v3\""), ("x-label-team", "blue")],
        r#"{"Widget": {"WidgetId": "w-1", "State": "READY"}}"#,
    );
    let started = tokio::time::Instant::now();
    let output = client(&mock)
        .wait_until_widget_ready()
        .widget_id("w-1")
        .verbose(true)
        .wait(Duration::from_secs(120))
        .await
        .unwrap()
        .expect("success came from a path acceptor, so there is an output");
    assert_eq!(
        started.elapsed(),
        Duration::from_secs(10),
        "two delays of 5 s"
    );
    assert_eq!(
        output.widget.as_ref().and_then(|w| w.state.clone()),
        Some(WidgetState::Ready)
    );
    assert_eq!(output.e_tag.as_deref(), Some("\"v3\""));
    assert_eq!(output.status, Some(200));
    assert_eq!(
        output
            .labels
            .as_ref()
            .and_then(|l| l.get("team"))
            .map(String::as_str),
        Some("blue")
    );
    assert_eq!(paths(&mock), vec!["/base/widgets/w-1?verbose=true"; 3]);
    assert!(mock
        .requests()
        .iter()
        .all(|r| r.method == "GET" && r.body.is_empty() && r.header("content-length").is_none()));

    let mock = MockTransport::new();
    mock.respond(200, &[], r#"{"Widget": {"State": "FAILED"}}"#);
    let err = client(&mock)
        .wait_until_widget_ready()
        .widget_id("w-2")
        .wait(Duration::from_secs(120))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WaiterError::Failure { acceptor, .. } if acceptor.starts_with("path `Widget.State`")),
        "{err}"
    );
}

#[tokio::test]
async fn the_paginator_sends_its_tokens_in_the_query_string() {
    let mock = MockTransport::new();
    mock.respond(
        200,
        &[],
        r#"{"Widgets": [{"WidgetId": "w-1"}, {"WidgetId": "w-2"}], "NextToken": "t/2 +"}"#,
    );
    mock.respond(
        200,
        &[],
        r#"{"Widgets": [{"WidgetId": "w-3"}], "NextToken": "t3"}"#,
    );
    mock.respond(200, &[], r#"{"Widgets": []}"#);
    let pages: Vec<ListWidgetsResponse> = client(&mock)
        .list_widgets()
        .states(WidgetState::Ready)
        .states(WidgetState::Pending)
        .into_paginator()
        .page_size(2)
        .send()
        .collect()
        .await
        .unwrap();
    let ids: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.widgets.iter().flatten())
        .filter_map(|w| w.widget_id.as_deref())
        .collect();
    assert_eq!(ids, ["w-1", "w-2", "w-3"]);
    assert_eq!(
        paths(&mock),
        [
            "/base/widgets?maxResults=2&state=READY&state=PENDING",
            "/base/widgets?nextToken=t%2F2%20%2B&maxResults=2&state=READY&state=PENDING",
            "/base/widgets?nextToken=t3&maxResults=2&state=READY&state=PENDING",
        ]
    );
}

#[tokio::test]
async fn blob_payloads_greedy_labels_and_header_bindings_travel_both_ways() {
    let mock = MockTransport::new();
    mock.respond(201, &[("x-version", "7")], "");
    mock.respond(
        200,
        &[("Content-Type", "image/png")],
        b"\x89PNG\x00".to_vec(),
    );
    let client = client(&mock);
    let put = client
        .put_widget_data()
        .widget_id("w-1")
        .path("icons/large icon.png")
        .content_type("image/png")
        .labels("Owner", "zoë")
        .data(b"\x89PNG\x00".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(put.version, Some(7));
    let request = &mock.requests()[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(
        paths(&mock)[0],
        "/base/widgets/w-1/data/icons/large%20icon.png?overwrite"
    );
    assert_eq!(request.header("content-type"), Some("image/png"));
    assert_eq!(request.header("x-label-Owner"), Some("zoë"));
    assert_eq!(request.body, b"\x89PNG\x00");
    let got = client
        .get_widget_data()
        .widget_id("w-1")
        .path("icons/large icon.png")
        .send()
        .await
        .unwrap();
    assert_eq!(got.content_type.as_deref(), Some("image/png"));
    assert_eq!(
        got.data.as_ref().map(|d| d.as_bytes()),
        Some(&b"\x89PNG\x00"[..])
    );

    // A modeled error reads its header member too; a label that breaks the model's pattern
    // is refused before anything is sent.
    mock.respond(
        404,
        &[
            ("X-Amzn-ErrorType", "WidgetNotFound"),
            ("Retry-After", "30"),
        ],
        r#"{"Message": "no such widget"}"#,
    );
    let err = client
        .get_widget()
        .widget_id("w-9")
        .send()
        .await
        .unwrap_err();
    match err.as_service_error() {
        Some(rest_sink_fixture::error::GetWidgetError::WidgetNotFound(e)) => {
            assert_eq!(e.retry_after, Some(30));
            assert_eq!(e.message.as_deref(), Some("no such widget"));
        }
        other => panic!("expected WidgetNotFound, got {other:?}"),
    }
    let requests = mock.requests().len();
    let err = client
        .get_widget()
        .widget_id("W 1")
        .validation(rest_sink_fixture::validation::Policy::Strict)
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("widget_id"), "{err}");
    assert_eq!(mock.requests().len(), requests, "nothing was sent");
}
