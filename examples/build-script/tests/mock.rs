//! The build-script-generated client called through the mock transport.

use build_script_example::{city_names, weather};
use weather::test_util::MockTransport;

fn client(mock: &MockTransport) -> weather::Client {
    weather::Client::new(
        weather::Config::builder()
            .region("us-east-1")
            .endpoint_url("https://weather.example.com")
            .bearer_token("token-1")
            .transport(mock.clone())
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn pages_are_followed_with_the_bearer_token() {
    let mock = MockTransport::new();
    let json = [("content-type", "application/json")];
    mock.respond(
        200,
        &json,
        r#"{"items":[{"cityId":"oslo","name":"Oslo"}],"nextToken":"2"}"#,
    )
    .respond(200, &json, r#"{"items":[{"cityId":"lima","name":"Lima"}]}"#);
    let names = city_names(&client(&mock)).await.unwrap();
    assert_eq!(names, ["Oslo", "Lima"]);
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].url,
        "https://weather.example.com/cities?nextToken=2"
    );
    assert!(requests
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer token-1")));
}

#[tokio::test]
async fn a_modeled_error_is_typed() {
    let mock = MockTransport::new();
    mock.respond(
        404,
        &[
            ("content-type", "application/json"),
            ("x-amzn-errortype", "NoSuchCity"),
        ],
        r#"{"message":"no such city","cityId":"atlantis"}"#,
    );
    let err = client(&mock)
        .get_city()
        .city_id("atlantis")
        .send()
        .await
        .unwrap_err();
    let service = err.as_service_error().expect("a modeled error");
    assert!(service.is_no_such_city(), "{err}");
}
