//! The Smithy fixture's client through the mock transport: Smithy waiters (the backoff
//! schedule on a paused clock, `output` with each comparator, `inputOutput`, `success` and
//! `errorType`), pagination from the service's defaults, and what the loader made of
//! resources, mixins, `rename`, enums, unions, documents and member constraints.

use smithy_sink_fixture::test_util::MockTransport;
use smithy_sink_fixture::types::{
    Color, GadgetDetail, GadgetPart, GadgetState, GetGadgetInput, ListGadgetsInput, Power,
};
use smithy_sink_fixture::validation::{Policy, Validate};
use smithy_sink_fixture::waiter::WaiterError;
use smithy_sink_fixture::{Client, Config, Credentials};
use std::time::Duration;

/// A client of the Smithy fixture that sends to `mock`, without retries.
pub(crate) fn client(mock: &MockTransport) -> Client {
    Client::new(
        Config::builder()
            .region("eu-north-1")
            .credentials(Credentials::new("a", "b", None))
            .endpoint_url("https://gadgets.example.com")
            .transport(mock.clone())
            .retry(smithy_sink_fixture::client::RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

fn gadget(state: &str) -> String {
    format!(
        r#"{{"Gadget": {{"GadgetId": "g-1", "State": "{state}", "Parts": [{{"Name": "a", "State": "READY"}}]}}}}"#
    )
}

fn not_found() -> (u16, &'static str) {
    (
        400,
        r#"{"__type": "GadgetNotFound", "Message": "no such gadget"}"#,
    )
}

#[tokio::test(start_paused = true)]
async fn a_smithy_waiter_backs_off_with_jitter_between_its_delays() {
    let mock = MockTransport::new();
    let (status, body) = not_found();
    mock.respond(status, &[], body);
    for _ in 0..3 {
        mock.respond(200, &[], gadget("BUILDING").as_str());
    }
    mock.respond(200, &[], gadget("READY").as_str());
    let started = tokio::time::Instant::now();
    let output = client(&mock)
        .wait_until_gadget_ready()
        .gadget_id("g-1")
        .wait(Duration::from_secs(600))
        .await
        .unwrap()
        .expect("a path acceptor matched, so there is an output");
    assert_eq!(
        output.gadget.and_then(|g| g.state),
        Some(GadgetState::Ready)
    );
    assert_eq!(
        mock.requests().len(),
        5,
        "an errorType retry, three BUILDING, one READY"
    );
    // Four delays, each between minDelay (2 s) and a bound that doubles: 2, 4, 8, 16 s.
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(8) && waited <= Duration::from_secs(30),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_smithy_waiter_stops_when_less_than_min_delay_is_left() {
    let mock = MockTransport::new();
    for _ in 0..20 {
        mock.respond(200, &[], gadget("BUILDING").as_str());
    }
    let started = tokio::time::Instant::now();
    let err = client(&mock)
        .wait_until_gadget_ready()
        .gadget_id("g-1")
        .wait(Duration::from_secs(9))
        .await
        .unwrap_err();
    let WaiterError::TimedOut {
        attempts, waited, ..
    } = err
    else {
        panic!("expected a time-out, got {err}");
    };
    // Polls at 0 and 2 s (the first bound is minDelay), then at 4 to 6 s; a delay that
    // would leave no more than minDelay (2 s) of the 9 s is cut to leave exactly that, so
    // the last poll is always at 7 s, and then the wait stops: 4 or 5 polls, by the jitter.
    assert_eq!(waited, Duration::from_secs(7));
    assert_eq!(started.elapsed(), Duration::from_secs(7));
    assert!((4..=5).contains(&attempts), "{attempts} polls");
}

#[tokio::test(start_paused = true)]
async fn boolean_and_any_string_comparators_end_the_wait_as_failures() {
    for (body, acceptor) in [
        (
            r#"{"Gadget": {"GadgetId": "g-1", "Broken": true}}"#,
            "path `Gadget.Broken` == true",
        ),
        (
            r#"{"Gadget": {"GadgetId": "g-1", "Parts": [{"State": "READY"}, {"State": "BROKEN"}]}}"#,
            "pathAny `Gadget.Parts[].State` == \"BROKEN\"",
        ),
    ] {
        let mock = MockTransport::new();
        mock.respond(200, &[], body);
        let err = client(&mock)
            .wait_until_gadget_ready()
            .gadget_id("g-1")
            .wait(Duration::from_secs(60))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, WaiterError::Failure { acceptor: a, .. } if a.starts_with(acceptor)),
            "{err}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn input_output_paths_read_the_input_polled_with() {
    // The output's id matches the input's and there are parts: success at once.
    let mock = MockTransport::new();
    mock.respond(200, &[], gadget("BUILDING").as_str());
    let out = client(&mock)
        .wait_until_parts_match_request()
        .gadget_id("g-1")
        .wait(Duration::from_secs(60))
        .await
        .unwrap();
    assert!(out.is_some());
    assert_eq!(mock.requests().len(), 1);

    // Another id: the inputOutput acceptor does not match; a part not READY keeps
    // allStringEquals false; then an error ends it through `success: false`.
    let mock = MockTransport::new();
    mock.respond(
        200,
        &[],
        r#"{"Gadget": {"GadgetId": "g-1", "Parts": [{"State": "READY"}, {"State": "BUILDING"}]}}"#,
    );
    let (status, body) = not_found();
    mock.respond(status, &[], body);
    let err = client(&mock)
        .wait_until_parts_match_request()
        .gadget_id("g-2")
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WaiterError::Failure { acceptor, error: Some(_), .. } if acceptor.starts_with("error == true")),
        "{err}"
    );
    assert_eq!(mock.requests().len(), 2);
    assert!(String::from_utf8_lossy(&mock.requests()[1].body).contains("g-2"));
}

#[tokio::test(start_paused = true)]
async fn error_type_and_success_matchers() {
    let mock = MockTransport::new();
    mock.respond(200, &[], gadget("READY").as_str());
    let (status, body) = not_found();
    mock.respond(status, &[], body);
    let out = client(&mock)
        .wait_until_gadget_gone()
        .gadget_id("g-1")
        .wait(Duration::from_secs(60))
        .await
        .unwrap();
    assert!(
        out.is_none(),
        "success came from an error, so there is no output"
    );
    assert_eq!(mock.requests().len(), 2, "success: true retried once");
}

#[tokio::test]
async fn pagination_takes_the_service_defaults_and_the_operations_items() {
    let mock = MockTransport::new();
    mock.respond(
        200,
        &[],
        r#"{"Gadgets": [{"GadgetId": "g-1"}], "NextToken": "t2"}"#,
    );
    mock.respond(200, &[], r#"{"Gadgets": [{"GadgetId": "g-2"}]}"#);
    let mut items = client(&mock)
        .list_gadgets()
        .into_paginator()
        .page_size(1)
        .items();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.unwrap().gadget_id);
    }
    assert_eq!(ids, ["g-1", "g-2"]);
    let bodies: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert_eq!(
        bodies,
        [
            r#"{"MaxResults":1}"#,
            r#"{"NextToken":"t2","MaxResults":1}"#
        ]
    );
    assert_eq!(
        mock.requests()[0].header("x-amz-target"),
        Some("GadgetService.ListGadgets"),
        "awsJson 1.0 targets the service shape's name"
    );
}

#[test]
fn the_loader_keeps_what_the_smithy_model_says() {
    // A mixin's member, a renamed shape, an intEnum as an integer, a 1.0 enum trait, a
    // union and a document.
    let detail = GadgetDetail::builder()
        .gadget_id("g-1")
        .size(2)
        .color(Color::Blue)
        .parts(GadgetPart::builder().name("a").build().unwrap())
        .power(Power::Battery(80))
        .build()
        .unwrap();
    let json = serde_json::to_value(&detail).unwrap();
    assert_eq!(json["Size"], 2);
    assert_eq!(json["Color"], "blue");
    assert_eq!(json["Power"], serde_json::json!({"Battery": 80}));
    // The member's own range (1 to 50) is checked; the shape `Integer` has none.
    let input = ListGadgetsInput::builder().max_results(0).build().unwrap();
    let report = input.validate_with(Policy::Strict).unwrap_err().to_string();
    assert!(report.contains("max_results"), "{report}");
    assert!(ListGadgetsInput::builder()
        .max_results(50)
        .build()
        .unwrap()
        .validate()
        .is_ok());
    // The mixin's required member is required, with the pattern of its target.
    assert!(GetGadgetInput::builder().build().is_err());
    let bad = GetGadgetInput::builder().gadget_id("G_1").build().unwrap();
    assert!(bad.validate().is_err());
    assert!(GetGadgetInput::builder()
        .gadget_id("g-1")
        .build()
        .unwrap()
        .validate()
        .is_ok());
}

/// Credentials that are never there.
#[derive(Debug)]
struct NoCredentials;

impl smithy_sink_fixture::client::ProvideCredentials for NoCredentials {
    fn provide(&self) -> smithy_sink_fixture::client::CredentialsFuture<'_> {
        Box::pin(async {
            Err(smithy_sink_fixture::client::CredentialsError::new(
                "none here",
            ))
        })
    }
}

#[tokio::test]
#[allow(deprecated)] // `DescribeGadget` is the fixture's deprecated operation
async fn auth_traits_decide_whether_a_request_is_signed() {
    let signed = |mock: &MockTransport| {
        mock.last_request()
            .unwrap()
            .header("authorization")
            .is_some()
    };
    let mock = MockTransport::new();
    // `@auth([])`: never signed, even with credentials at hand.
    mock.respond(200, &[], "{}");
    client(&mock).describe_gadget().send().await.unwrap();
    assert!(!signed(&mock));
    // `@optionalAuth`: signed when there are credentials ...
    mock.respond(200, &[], "{}");
    client(&mock).list_gadgets().send().await.unwrap();
    assert!(signed(&mock));
    // ... sent unsigned when the provider has none, where a signed operation fails.
    let anonymous = Client::new(
        Config::builder()
            .region("eu-north-1")
            .credentials_provider(NoCredentials)
            .endpoint_url("https://gadgets.example.com")
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    mock.respond(200, &[], "{}");
    anonymous.list_gadgets().send().await.unwrap();
    assert!(!signed(&mock));
    let sent = mock.requests().len();
    let error = anonymous
        .get_gadget()
        .gadget_id("g-1")
        .send()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("none here"), "{error}");
    assert_eq!(mock.requests().len(), sent, "nothing sent");
}
