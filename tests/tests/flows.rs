//! Paginators and waiters of the ds crate against the mock transport: every paginator pages,
//! stops on an empty page, and refuses token cycles; the waiter's acceptors, on a paused
//! clock.

use crate::support::ds_model;
use crate::validation::Model;
use directory_service::client::RetryConfig;
use directory_service::error::SdkErrorKind;
use directory_service::test_util::MockTransport;
use directory_service::types::*;
use directory_service::waiter::WaiterError;
use directory_service::{Client, Config, Credentials};
use serde_json::{json, Value};
use std::time::Duration;

fn client(mock: &MockTransport) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None))
            .endpoint_url("http://127.0.0.1:1")
            .transport(mock.clone())
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

/// Items of a paginated operation, each as JSON, with the error that ended the stream.
async fn page_items(
    client: &Client,
    operation: &str,
    input: &Value,
) -> (Vec<Value>, Option<String>) {
    macro_rules! dispatch {
        ($($op:literal => $method:ident($input:ty)),* $(,)?) => {
            match operation {
                $($op => {
                    let input: $input = serde_json::from_value(input.clone()).unwrap();
                    let mut items = client.$method().with_input(input).into_paginator().items();
                    let mut out = Vec::new();
                    while let Some(item) = items.next().await {
                        match item {
                            Ok(item) => out.push(serde_json::to_value(item).unwrap()),
                            Err(e) => {
                                assert!(matches!(e.kind(), SdkErrorKind::Pagination(_)), "{e}");
                                return (out, Some(e.to_string()));
                            }
                        }
                    }
                    (out, None)
                })*
                other => panic!("no paginator for {other}"),
            }
        };
    }
    dispatch!(
        "DescribeClientAuthenticationSettings" => describe_client_authentication_settings(DescribeClientAuthenticationSettingsRequest),
        "DescribeDirectories" => describe_directories(DescribeDirectoriesRequest),
        "DescribeDomainControllers" => describe_domain_controllers(DescribeDomainControllersRequest),
        "DescribeLDAPSSettings" => describe_ldaps_settings(DescribeLdapsSettingsRequest),
        "DescribeRegions" => describe_regions(DescribeRegionsRequest),
        "DescribeSharedDirectories" => describe_shared_directories(DescribeSharedDirectoriesRequest),
        "DescribeSnapshots" => describe_snapshots(DescribeSnapshotsRequest),
        "DescribeTrusts" => describe_trusts(DescribeTrustsRequest),
        "DescribeUpdateDirectory" => describe_update_directory(DescribeUpdateDirectoryRequest),
        "ListADAssessments" => list_ad_assessments(ListAdAssessmentsRequest),
        "ListCertificates" => list_certificates(ListCertificatesRequest),
        "ListIpRoutes" => list_ip_routes(ListIpRoutesRequest),
        "ListLogSubscriptions" => list_log_subscriptions(ListLogSubscriptionsRequest),
        "ListSchemaExtensions" => list_schema_extensions(ListSchemaExtensionsRequest),
        "ListTagsForResource" => list_tags_for_resource(ListTagsForResourceRequest),
    )
}

/// Distinct items: the element with its first free-text string member set to a marker.
fn item(model: &Model, shape: &str, n: usize) -> Value {
    let mut value = model.valid(shape);
    let def = &model.0["shapes"][shape];
    if let Some((member, _)) = def["members"].as_object().and_then(|members| {
        members.iter().find(|(_, m)| {
            let target = &model.0["shapes"][m["shape"].as_str().unwrap()];
            target["type"] == "string"
                && target.get("enum").is_none()
                && target.get("pattern").is_none()
                && target["max"].as_u64().is_none_or(|max| max >= 8)
        })
    }) {
        value[member] = json!(format!("item-{n}"));
    }
    value
}

fn page(key: &str, items: &[Value], token: Option<&str>) -> String {
    let mut page = json!({ key: items });
    if let Some(token) = token {
        page["NextToken"] = json!(token);
    }
    page.to_string()
}

#[tokio::test]
async fn every_paginator_pages_stops_and_refuses_cycles() {
    let model = Model(serde_json::from_str(&ds_model().service.text).unwrap());
    let paginators: Value = serde_json::from_str(&ds_model().paginators.unwrap().text).unwrap();
    let paginators = paginators["pagination"].as_object().unwrap();
    assert_eq!(paginators.len(), 15);
    for (operation, p) in paginators {
        let key = p["result_key"].as_str().unwrap();
        let op = &model.0["operations"][operation];
        let output = op["output"]["shape"].as_str().unwrap();
        let list = model.0["shapes"][output]["members"][key]["shape"]
            .as_str()
            .unwrap();
        let element = model.0["shapes"][list]["member"]["shape"].as_str().unwrap();
        let input = model.valid(op["input"]["shape"].as_str().unwrap());
        let mut input_without_token = input.clone();
        input_without_token
            .as_object_mut()
            .unwrap()
            .remove("NextToken");
        let items: Vec<Value> = (0..4).map(|n| item(&model, element, n)).collect();

        // Three pages: every item, in order, each page asked for with the previous token.
        let mock = MockTransport::new();
        mock.respond(200, &[], page(key, &items[..2], Some("t1")));
        mock.respond(200, &[], page(key, &items[2..3], Some("t2")));
        mock.respond(200, &[], page(key, &items[3..], Some("")));
        let (got, error) = page_items(&client(&mock), operation, &input_without_token).await;
        assert_eq!(error, None, "{operation}");
        assert_eq!(got, items, "{operation}: items in order");
        let tokens: Vec<Value> = mock
            .requests()
            .iter()
            .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["NextToken"].clone())
            .collect();
        assert_eq!(
            tokens,
            [Value::Null, json!("t1"), json!("t2")],
            "{operation}: tokens"
        );

        // An empty first page ends the stream.
        let mock = MockTransport::new();
        mock.respond(200, &[], "{}");
        let (got, error) = page_items(&client(&mock), operation, &input_without_token).await;
        assert!(got.is_empty() && error.is_none(), "{operation}");
        assert_eq!(mock.requests().len(), 1);

        // The same token twice, and A, B, A: an error, not a loop.
        for cycle in [&["A", "A"][..], &["A", "B", "A"][..]] {
            let mock = MockTransport::new();
            for token in cycle {
                mock.respond(200, &[], page(key, &items[..1], Some(token)));
            }
            let (got, error) = page_items(&client(&mock), operation, &input_without_token).await;
            assert_eq!(
                got.len(),
                cycle.len(),
                "{operation}: the pages before the repeat are kept"
            );
            let error =
                error.unwrap_or_else(|| panic!("{operation}: {cycle:?} must end with an error"));
            assert!(
                error.contains(r#"the service returned the page token "A" a second time"#),
                "{error}"
            );
            assert_eq!(mock.requests().len(), cycle.len());
        }
    }
}

#[tokio::test]
async fn page_size_sets_the_limit_and_pages_stream_whole_outputs() {
    let mock = MockTransport::new();
    mock.respond(
        200,
        &[],
        r#"{"DirectoryDescriptions": [{"DirectoryId": "d-1234567890"}], "NextToken": "n"}"#,
    );
    mock.respond(200, &[], r#"{"DirectoryDescriptions": []}"#);
    let pages = client(&mock)
        .describe_directories()
        .into_paginator()
        .page_size(5)
        .send()
        .collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(
        pages[0].directory_descriptions()[0].directory_id(),
        Some("d-1234567890")
    );
    let first: Value = serde_json::from_slice(&mock.requests()[0].body).unwrap();
    assert_eq!(first, json!({"Limit": 5}));
}

fn hybrid_update(statuses: &[&str]) -> String {
    let instances: Vec<Value> = statuses
        .iter()
        .map(|s| json!({"Status": s, "InstanceId": "i-0123456789abcdef0"}))
        .collect();
    json!({"UpdateActivities": {"SelfManagedInstances": instances}}).to_string()
}

fn waiter_client(mock: &MockTransport) -> Client {
    client(mock)
}

#[tokio::test(start_paused = true)]
async fn waiter_succeeds_after_polls_once_every_instance_is_updated() {
    let mock = MockTransport::new();
    mock.respond(200, &[], hybrid_update(&["Updating", "Updating"]));
    mock.respond(200, &[], hybrid_update(&["Updated", "Updating"]));
    mock.respond(200, &[], hybrid_update(&["Updated", "Updated"]));
    let started = tokio::time::Instant::now();
    let out = waiter_client(&mock)
        .wait_until_hybrid_ad_updated()
        .directory_id("d-1234567890")
        .wait(Duration::from_secs(3600))
        .await
        .unwrap()
        .expect("the final output");
    assert_eq!(
        out.update_activities()
            .unwrap()
            .self_managed_instances()
            .len(),
        2
    );
    assert_eq!(mock.requests().len(), 3);
    assert_eq!(
        started.elapsed(),
        Duration::from_secs(240),
        "two delays of the model's 120 s"
    );
    let body: Value = serde_json::from_slice(&mock.requests()[0].body).unwrap();
    assert_eq!(body, json!({"DirectoryId": "d-1234567890"}));
}

#[tokio::test(start_paused = true)]
async fn waiter_fails_when_any_instance_failed() {
    let mock = MockTransport::new();
    mock.respond(200, &[], hybrid_update(&["Updated", "UpdateFailed"]));
    let err = waiter_client(&mock)
        .wait_until_hybrid_ad_updated()
        .directory_id("d-1234567890")
        .wait(Duration::from_secs(3600))
        .await
        .unwrap_err();
    assert!(matches!(err, WaiterError::Failure { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        r#"waiter HybridADUpdated failed: the failure acceptor pathAny `UpdateActivities.SelfManagedInstances[].Status` == "UpdateFailed" (failure) matched"#
    );
}

#[tokio::test(start_paused = true)]
async fn an_empty_instance_list_is_not_success_and_time_runs_out() {
    let mock = MockTransport::new();
    for _ in 0..10 {
        mock.respond(200, &[], hybrid_update(&[]));
    }
    let started = tokio::time::Instant::now();
    let err = waiter_client(&mock)
        .wait_until_hybrid_ad_updated()
        .directory_id("d-1234567890")
        .delay(Duration::from_secs(30))
        .wait(Duration::from_secs(100))
        .await
        .unwrap_err();
    let WaiterError::TimedOut {
        attempts, waited, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(
        (*attempts, *waited),
        (4, Duration::from_secs(90)),
        "polls at 0, 30, 60, 90 s; a fifth would pass 100 s"
    );
    assert_eq!(started.elapsed(), Duration::from_secs(90));
    assert_eq!(
        err.to_string(),
        "waiter HybridADUpdated timed out after 4 attempts in 90s"
    );
}

#[tokio::test(start_paused = true)]
async fn an_error_no_acceptor_expects_ends_the_wait() {
    let mock = MockTransport::new();
    mock.respond(
        400,
        &[("X-Amzn-ErrorType", "DirectoryDoesNotExistException")],
        r#"{"Message": "no such directory"}"#,
    );
    let err = waiter_client(&mock)
        .wait_until_hybrid_ad_updated()
        .directory_id("d-1234567890")
        .wait(Duration::from_secs(3600))
        .await
        .unwrap_err();
    let WaiterError::Unexpected { error, .. } = &err else {
        panic!("{err}")
    };
    assert!(error
        .as_service_error()
        .unwrap()
        .is_directory_does_not_exist_exception());
    assert!(
        err.to_string()
            .contains("stopped on an unexpected error: DescribeHybridADUpdate failed"),
        "{err}"
    );
}
