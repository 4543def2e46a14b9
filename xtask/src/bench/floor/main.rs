//! One HTTPS POST with the client stack alone: connector, pool, body, JSON, HMAC, time.
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

fn main() {
    let url = std::env::args().nth(1).unwrap_or_else(|| "https://127.0.0.1:1/".to_owned());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    runtime.block_on(async {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        let client: Client<_, Full<bytes::Bytes>> = Client::builder(TokioExecutor::new()).build(https);
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, b"key");
        let signature = ring::hmac::sign(&key, url.as_bytes());
        let now = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let request = http::Request::post(url.as_str())
            .header("x-amz-date", now)
            .header("authorization", format!("{:?}", signature.as_ref()))
            .body(Full::new(bytes::Bytes::from_static(b"{}")))
            .unwrap();
        let call = tokio::time::timeout(std::time::Duration::from_secs(5), client.request(request));
        match call.await {
            Ok(Ok(response)) => {
                let body = response.into_body().collect().await.unwrap().to_bytes();
                let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                tracing::info!(?value, "answer");
                let region = regex_lite::Regex::new(r"^us-\w+-\d+$").unwrap();
                println!("{} {}", value, region.is_match("us-east-1"));
            }
            other => println!("{}", other.is_ok()),
        }
    });
}
