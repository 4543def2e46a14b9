//! Standard retry mode and timeouts, against the mock transport on tokio's paused clock.

use directory_service::client::RetryConfig;
use directory_service::error::{SdkErrorKind, TransportErrorKind};
use directory_service::test_util::MockTransport;
use directory_service::transport::{HttpRequest, Transport, TransportFuture};
use directory_service::{Client, Config, Credentials};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// The mock, noting when each request was sent.
#[derive(Clone, Debug)]
struct Timed {
    mock: MockTransport,
    started: Instant,
    sent: Arc<Mutex<Vec<Duration>>>,
}

impl Transport for Timed {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        self.sent.lock().unwrap().push(self.started.elapsed());
        self.mock.send(request)
    }
}

fn client(transport: impl Transport + 'static, retry: RetryConfig) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None))
            .endpoint_url("http://127.0.0.1:1")
            .transport(transport)
            .retry(retry)
            .build()
            .unwrap(),
    )
}

/// Queues one failing response on the mock.
type Failure = Box<dyn Fn(&MockTransport)>;

fn timed() -> Timed {
    Timed {
        mock: MockTransport::new(),
        started: Instant::now(),
        sent: Arc::default(),
    }
}

#[tokio::test(start_paused = true)]
async fn transient_failures_are_retried_with_growing_delays_up_to_the_limit() {
    let failures: Vec<(&str, Failure)> = vec![
        (
            "500",
            Box::new(|m: &MockTransport| {
                m.respond(500, &[], "<html>oops</html>");
            }),
        ),
        (
            "503",
            Box::new(|m: &MockTransport| {
                m.respond(503, &[("X-Amzn-ErrorType", "ServiceUnavailable")], "{}");
            }),
        ),
        (
            "throttling",
            Box::new(|m: &MockTransport| {
                m.respond(
                    400,
                    &[("X-Amzn-ErrorType", "ThrottlingException")],
                    r#"{"message": "Rate exceeded"}"#,
                );
            }),
        ),
        (
            "connection reset",
            Box::new(|m: &MockTransport| {
                m.fail(TransportErrorKind::Io, "connection reset by peer");
            }),
        ),
    ];
    for (name, fail) in failures {
        // Fails four times: the fourth attempt is the last one allowed.
        let t = timed();
        for _ in 0..4 {
            fail(&t.mock);
        }
        let err = client(
            t.clone(),
            RetryConfig::standard().max_attempts(4).jitter(false),
        )
        .describe_directories()
        .send()
        .await
        .unwrap_err();
        assert_eq!(
            *t.sent.lock().unwrap(),
            [0, 1, 3, 7].map(Duration::from_secs),
            "{name}: delays 1 s, 2 s, 4 s"
        );
        assert!(
            !matches!(err.kind(), SdkErrorKind::Validation(_)),
            "{name}: {err}"
        );

        // Recovers on the third attempt.
        let t = timed();
        fail(&t.mock);
        fail(&t.mock);
        t.mock.respond(200, &[], "{}");
        client(t.clone(), RetryConfig::standard().jitter(false))
            .describe_directories()
            .send()
            .await
            .unwrap();
        assert_eq!(t.sent.lock().unwrap().len(), 3, "{name}");
    }
}

#[tokio::test(start_paused = true)]
async fn jittered_delays_stay_under_the_cap() {
    let t = timed();
    for _ in 0..3 {
        t.mock.respond(500, &[], "");
    }
    client(t.clone(), RetryConfig::standard())
        .describe_directories()
        .send()
        .await
        .unwrap_err();
    let sent = t.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 3);
    assert!(
        sent[1] - sent[0] <= Duration::from_secs(1) && sent[2] - sent[1] <= Duration::from_secs(2),
        "{sent:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn modeled_client_errors_are_not_retried() {
    let t = timed();
    t.mock.respond(
        400,
        &[("X-Amzn-ErrorType", "EntityDoesNotExistException")],
        r#"{"Message": "no"}"#,
    );
    let err = client(t.clone(), RetryConfig::standard())
        .delete_directory()
        .directory_id("d-1234567890")
        .send()
        .await
        .unwrap_err();
    assert!(err
        .as_service_error()
        .unwrap()
        .is_entity_does_not_exist_exception());
    assert_eq!(t.sent.lock().unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_empty_quota_stops_retries() {
    let t = timed();
    for _ in 0..6 {
        t.mock.respond(500, &[], "");
    }
    let client = client(
        t.clone(),
        RetryConfig::standard()
            .max_attempts(5)
            .quota(12)
            .jitter(false),
    );
    client.describe_directories().send().await.unwrap_err();
    assert_eq!(
        t.sent.lock().unwrap().len(),
        3,
        "12 tokens pay for two retries of 5"
    );
    client.describe_directories().send().await.unwrap_err();
    assert_eq!(
        t.sent.lock().unwrap().len(),
        4,
        "the quota is shared: no retry is left for the next call"
    );
}

/// A transport that never answers.
#[derive(Debug)]
struct Silent(Arc<Mutex<u32>>);

impl Transport for Silent {
    fn send(&self, _: HttpRequest) -> TransportFuture<'_> {
        *self.0.lock().unwrap() += 1;
        Box::pin(std::future::pending())
    }
}

#[tokio::test(start_paused = true)]
async fn attempt_and_operation_timeouts_fire_at_their_times() {
    let sent = Arc::new(Mutex::new(0));
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None))
            .transport(Silent(sent.clone()))
            .attempt_timeout(Duration::from_secs(2))
            .retry(RetryConfig::standard().jitter(false))
            .build()
            .unwrap(),
    );
    let started = Instant::now();
    let err = client.describe_directories().send().await.unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        started.elapsed(),
        Duration::from_secs(9),
        "2 s, wait 1 s, 2 s, wait 2 s, 2 s"
    );
    assert_eq!(*sent.lock().unwrap(), 3);
    assert_eq!(
        err.to_string(),
        "DescribeDirectories failed: no response: timed out: attempt 3 got no response within 2s"
    );

    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None))
            .transport(Silent(sent.clone()))
            .attempt_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(4))
            .build()
            .unwrap(),
    );
    let started = Instant::now();
    let err = client.describe_directories().send().await.unwrap_err();
    assert_eq!(
        started.elapsed(),
        Duration::from_secs(4),
        "the whole-operation timeout cuts the retries short"
    );
    assert_eq!(
        err.to_string(),
        "DescribeDirectories failed: no response: timed out: no response within 4s"
    );
}
