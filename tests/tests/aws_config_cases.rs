//! The official Rust SDK's provider-chain cases (tests/fixtures/aws-config-test-data) run through our chain: each case's environment, file system and recorded HTTP traffic, replayed by order.

use crate::support::root;
use aws_codegen_config::os::{Clock, Env, Files};
use aws_codegen_config::provider_config::{ProviderConfig, Resolve, ResolveFuture};
use aws_codegen_config::providers::profile;
use aws_codegen_config::{region, token, DefaultCredentialsChain};
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::config::retry::RetryConfig;
use aws_codegen_runtime::http::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, TransportFuture,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

/// The cases' directory.
pub fn cases() -> PathBuf {
    root().join("tests/fixtures/aws-config-test-data/cases")
}

/// One recorded connection: the request as recorded and the response to replay.
#[derive(Debug)]
struct Recorded {
    uri: String,
    metadata_token: Option<String>,
    response: HttpResponse,
}

/// Answers the k-th request with the k-th recorded response, whatever the request is; a
/// request beyond the recording gets a transport error.
#[derive(Debug, Clone)]
pub struct Replay {
    recorded: Arc<Vec<Recorded>>,
    sent: Arc<Mutex<Vec<HttpRequest>>>,
}

impl Transport for Replay {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        let mut sent = self.sent.lock().unwrap();
        let k = sent.len();
        sent.push(request);
        let result = match self.recorded.get(k) {
            Some(recorded) => Ok(recorded.response.clone()),
            None => Err(TransportError::new(
                TransportErrorKind::Io,
                format!("no data for event {k}"),
            )),
        };
        Box::pin(async move { result })
    }
}

fn headers(value: &Value) -> Vec<(String, String)> {
    value
        .as_object()
        .map(|headers| {
            headers
                .iter()
                .map(|(name, values)| {
                    let joined = values
                        .as_array()
                        .map(|v| {
                            v.iter()
                                .filter_map(Value::as_str)
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default();
                    (name.to_ascii_lowercase(), joined)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Reads `http-traffic.json`: per connection its request and its response with the body
/// made of its response data, in order.
fn load_traffic(path: &Path) -> Replay {
    let traffic: Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    let mut recorded: Vec<Recorded> = Vec::new();
    for event in traffic["events"].as_array().unwrap() {
        let id = event["connection_id"].as_u64().unwrap() as usize;
        let action = &event["action"];
        if let Some(request) = action.get("Request") {
            assert_eq!(
                id,
                recorded.len(),
                "{}: connections in order",
                path.display()
            );
            let request = &request["request"];
            let headers = headers(&request["headers"]);
            recorded.push(Recorded {
                uri: request["uri"].as_str().unwrap().to_owned(),
                metadata_token: headers
                    .iter()
                    .find(|(n, _)| n == "x-aws-ec2-metadata-token")
                    .map(|(_, v)| v.clone()),
                response: HttpResponse::new(0, &[], Vec::new()),
            });
        } else if let Some(response) = action.get("Response") {
            let ok = &response["response"]["Ok"];
            let response = &mut recorded[id].response;
            response.status = ok["status"].as_u64().unwrap() as u16;
            // Recorded lengths are stale: the body decides.
            response.headers = headers(&ok["headers"])
                .into_iter()
                .filter(|(n, _)| n != "content-length")
                .collect();
        } else if let Some(data) = action.get("Data") {
            if data["direction"] == "Response" {
                let text = data["data"]["Utf8"].as_str().unwrap();
                recorded[id]
                    .response
                    .body
                    .extend_from_slice(text.as_bytes());
            }
        }
    }
    Replay {
        recorded: Arc::new(recorded),
        sent: Arc::new(Mutex::new(Vec::new())),
    }
}

/// URIs match when equal, or when their query pieces (in any order) and their scheme, host
/// and path (an empty path being `/`) are.
fn uris_match(expected: &str, actual: &str) -> bool {
    if expected == actual {
        return true;
    }
    let split = |uri: &str| -> (String, BTreeSet<String>) {
        let (base, query) = uri.rsplit_once('?').unwrap_or((uri, ""));
        let base = match base.split_once("://") {
            Some((scheme, rest)) if !rest.contains('/') => format!("{scheme}://{rest}/"),
            _ => base.to_owned(),
        };
        let pieces = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        (base, pieces)
    };
    split(expected) == split(actual)
}

/// The recorded requests that were not sent as recorded, each with why.
fn traffic_mismatches(replay: &Replay) -> Vec<String> {
    let sent = replay.sent.lock().unwrap();
    let mut problems = Vec::new();
    for (k, recorded) in replay.recorded.iter().enumerate() {
        let Some(actual) = sent.get(k) else {
            problems.push(format!(
                "expected connection {k} but request was never sent"
            ));
            continue;
        };
        if !uris_match(&recorded.uri, &actual.url) {
            problems.push(format!(
                "request {k}: {} instead of {}",
                actual.url, recorded.uri
            ));
        }
        if let Some(token) = &recorded.metadata_token {
            if actual.header("x-aws-ec2-metadata-token") != Some(token) {
                problems.push(format!("request {k}: x-aws-ec2-metadata-token differs"));
            }
        }
    }
    problems
}

/// The tests' resolver: `localhost` is loopback, every other name is not.
#[derive(Debug)]
pub struct StubResolver;

impl Resolve for StubResolver {
    fn resolve<'a>(&'a self, host: &'a str) -> ResolveFuture<'a> {
        let addresses: Vec<IpAddr> = if host == "localhost" {
            vec!["127.0.0.1".parse().unwrap(), "127.0.0.2".parse().unwrap()]
        } else {
            vec!["72.21.210.29".parse().unwrap()]
        };
        Box::pin(async move { Ok(addresses) })
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// What a case produced, in the shape its `test-case.json` states results.
enum Outcome {
    Credentials(Credentials),
    Token(token::Token),
    Error(String),
}

fn compare_credentials(expected: &Value, actual: &Credentials) -> Result<(), String> {
    let field = |key: &str| expected.get(key).and_then(Value::as_str);
    let expiry = actual
        .expiry()
        .map(|t| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()));
    let checks = [
        (
            "access_key_id",
            field("access_key_id") == Some(actual.access_key_id()),
        ),
        (
            "secret_access_key",
            field("secret_access_key") == Some(actual.secret_access_key()),
        ),
        (
            "session_token",
            field("session_token") == actual.session_token(),
        ),
        ("account_id", field("account_id") == actual.account_id()),
        (
            "expiry",
            expected.get("expiry").and_then(Value::as_u64) == expiry,
        ),
    ];
    match checks.iter().filter(|(_, ok)| !ok).map(|(name, _)| *name).collect::<Vec<_>>() {
        wrong if wrong.is_empty() => Ok(()),
        wrong => Err(format!(
            "fields {wrong:?} differ: got access key {}, account {:?}, expiry {expiry:?}, token set {}",
            actual.access_key_id(),
            actual.account_id(),
            actual.session_token().is_some()
        )),
    }
}

fn check(expected: &Value, outcome: &Outcome) -> Result<(), String> {
    match (expected.get("Ok"), expected.get("ErrorContains"), outcome) {
        (Some(ok), _, Outcome::Credentials(credentials)) => compare_credentials(ok, credentials),
        (Some(ok), _, Outcome::Token(token)) => {
            let expiration = token
                .expiration()
                .map(|t| aws_codegen_runtime::value::datetime::DateTime::from(t).to_string());
            if ok["token"].as_str() == Some(token.token())
                && ok.get("expiration").and_then(Value::as_str) == expiration.as_deref()
            {
                Ok(())
            } else {
                Err(format!("token differs (expiration {expiration:?})"))
            }
        }
        (Some(_), _, Outcome::Error(error)) => Err(format!("failed: {error}")),
        (None, Some(substring), Outcome::Error(error)) => {
            let substring = substring.as_str().unwrap();
            if error.contains(substring) {
                Ok(())
            } else {
                Err(format!("error `{error}` lacks `{substring}`"))
            }
        }
        (None, Some(_), _) => Err("succeeded, but an error was expected".to_owned()),
        _ => Err("test-case.json has no result".to_owned()),
    }
}

/// Runs the case in `dir` (of the suite `suite`), returning why it failed.
async fn run_case(suite: &str, dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let scratch = root()
        .join("target/test-scratch/aws-config-cases")
        .join(suite)
        .join(&name);
    let _ = fs::remove_dir_all(&scratch);
    copy_dir(dir, &scratch);
    let env: serde_json::Map<String, Value> =
        serde_json::from_slice(&fs::read(scratch.join("env.json")).unwrap()).unwrap();
    let env = Env::from_vars(
        env.iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
    );
    let test_case: Value =
        serde_json::from_slice(&fs::read(scratch.join("test-case.json")).unwrap()).unwrap();
    let replay = load_traffic(&scratch.join("http-traffic.json"));
    let epoch = matches!(
        name.as_str(),
        "imds_default_chain_success" | "imds_config_with_no_creds" | "imds_default_chain_retries"
    );
    let mut config = ProviderConfig::new()
        .env(env)
        .files(Files::Rooted(scratch.join("fs")))
        .clock(if epoch {
            Clock::fixed(UNIX_EPOCH)
        } else {
            Clock::system()
        })
        .transport(replay.clone())
        .resolver(StubResolver);
    if name == "sso_server_error" {
        config = config.retry(RetryConfig::disabled());
    }
    // The region is resolved first, as the SDK's runner does, with the same replayer.
    if let Some(region) = region::region(&config).await {
        config = config.region(region);
    }
    let outcome = match suite {
        "default-credential-provider-chain" => {
            let chain = DefaultCredentialsChain::new(config).await;
            match chain.credentials().await {
                Ok(credentials) => Outcome::Credentials(credentials),
                Err(e) => Outcome::Error(e.report()),
            }
        }
        "profile-provider" => match profile::credentials(&config).await {
            Ok(credentials) => Outcome::Credentials(credentials),
            Err(e) => Outcome::Error(e.report()),
        },
        "default-token-provider-chain" => match token::profile_token(&config).await {
            Ok(token) => Outcome::Token(token),
            Err(e) => Outcome::Error(e.report()),
        },
        other => panic!("unknown suite {other}"),
    };
    check(&test_case["result"], &outcome)?;
    let problems = traffic_mismatches(&replay);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The cases expected to fail, each with why; none at present.
const EXPECTED_FAILURES: &[(&str, &str)] = &[];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_sdks_provider_chain_cases() {
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut ran = Vec::new();
    for suite in [
        "default-credential-provider-chain",
        "profile-provider",
        "default-token-provider-chain",
    ] {
        let mut dirs: Vec<PathBuf> = fs::read_dir(cases().join(suite))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("test-case.json").exists())
            .collect();
        dirs.sort();
        for dir in dirs {
            let name = format!("{suite}/{}", dir.file_name().unwrap().to_string_lossy());
            ran.push(name.clone());
            match run_case(suite, &dir).await {
                Ok(()) => passed += 1,
                Err(why) => failures.push(format!("{name}: {why}")),
            }
        }
    }
    // Not a case of its own in the data: the SDK's runner reruns `profile_static_keys` with
    // the profile `secondary` selected in code.
    let dir = cases().join("default-credential-provider-chain/profile_static_keys");
    let config = ProviderConfig::new()
        .env(Env::from_vars([("HOME", "/home")]))
        .files(Files::Rooted(dir.join("fs")))
        .profile_name("secondary");
    let secondary = DefaultCredentialsChain::new(config)
        .await
        .credentials()
        .await;
    assert_eq!(
        secondary
            .map(|c| c.access_key_id().to_owned())
            .ok()
            .as_deref(),
        Some("correct_key_secondary")
    );
    println!(
        "aws-config cases: {passed} passed, {} failed of {}",
        failures.len(),
        ran.len()
    );
    assert_eq!(ran.len(), 50, "the suite has 50 folder cases");
    let unexpected: Vec<&String> = failures
        .iter()
        .filter(|f| {
            !EXPECTED_FAILURES
                .iter()
                .any(|(name, _)| f.starts_with(&format!("{name}:")))
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "failed:\n{}",
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (name, why) in EXPECTED_FAILURES {
        assert!(
            failures.iter().any(|f| f.starts_with(&format!("{name}:"))),
            "{name} is listed as failing ({why}) but passes"
        );
    }
}
