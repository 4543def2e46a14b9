//! What the client traces: an operation span and attempt spans with the request id; never
//! a password or a secret key.

use directory_service::client::RetryConfig;
use directory_service::test_util::MockTransport;
use directory_service::types::{DirectorySize, DirectoryVpcSettings};
use directory_service::{Client, Config, Credentials};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn traces_name_operation_and_attempts_but_no_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mock = MockTransport::new();
    mock.respond(
        503,
        &[
            ("X-Amzn-ErrorType", "ServiceUnavailable"),
            ("x-amzn-RequestId", "req-first"),
        ],
        "{}",
    );
    mock.respond(
        200,
        &[("x-amzn-RequestId", "req-second")],
        r#"{"DirectoryId": "d-1234567890"}"#,
    );
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(
                "AKIDTRACE",
                "wJalrXUtnFEMI-secret-key",
                Some("session-token-value".into()),
            ))
            .endpoint_url("http://127.0.0.1:1")
            .transport(mock.clone())
            .retry(RetryConfig::standard().jitter(false))
            .build()
            .unwrap(),
    );
    client
        .create_directory()
        .name("corp.example.com")
        .password("Sup3r-Secret-Passw0rd")
        .size(DirectorySize::Small)
        .vpc_settings(
            DirectoryVpcSettings::builder()
                .vpc_id("vpc-12345678")
                .subnet_ids("subnet-12345678")
                .subnet_ids("subnet-87654321")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    println!("{text}");
    assert!(
        text.contains("operation=\"CreateDirectory\"")
            || text.contains("operation=CreateDirectory"),
        "{text}"
    );
    assert!(
        text.contains("attempt=1") && text.contains("attempt=2"),
        "{text}"
    );
    assert!(
        text.contains("request_id=\"req-first\"") || text.contains("request_id=req-first"),
        "{text}"
    );
    assert!(
        text.contains("attempt failed") && text.contains("attempt succeeded"),
        "{text}"
    );
    for secret in [
        "Sup3r-Secret-Passw0rd",
        "wJalrXUtnFEMI-secret-key",
        "session-token-value",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}
