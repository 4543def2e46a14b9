//! The IMDS and container credential providers against scripted loopback endpoints: token reuse and expiry, refresh ahead of expiry, a 500 then success, a slow endpoint, and concurrent callers sharing one refresh.

use crate::loopback::read_request;
use aws_codegen_config::cache::{CachedCredentials, Source, SourceFuture};
use aws_codegen_config::os::{Clock, Env, Files};
use aws_codegen_config::provider_config::ProviderConfig;
use aws_codegen_config::providers::{container, imds};
use aws_codegen_config::ProviderError;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

/// One scripted answer: a delay before it, the status, headers and body.
type Answer = (Duration, u16, Vec<(String, String)>, String);

/// What the scripted endpoint answers to a request line (`PUT /latest/api/token`): each
/// answer in turn, the last repeated.
type Script = HashMap<String, Vec<Answer>>;

/// A loopback endpoint that answers from `script` and logs each request's line and head.
struct Endpoint {
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Endpoint {
    async fn start(script: Script) -> Endpoint {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(script));
        let served = Arc::clone(&log);
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let log = Arc::clone(&served);
                let script = Arc::clone(&script);
                tokio::spawn(async move {
                    let mut buffer = Vec::new();
                    while let Some(request) = read_request(&mut stream, &mut buffer).await {
                        let line = request.head.lines().next().unwrap_or("").to_owned();
                        let key = line
                            .rsplit_once(' ')
                            .map_or(line.as_str(), |(k, _)| k)
                            .to_owned();
                        log.lock().unwrap().push(request.head.clone());
                        let answer = {
                            let mut script = script.lock().unwrap();
                            match script.get_mut(&key) {
                                Some(answers) if answers.len() > 1 => Some(answers.remove(0)),
                                Some(answers) => answers.first().cloned(),
                                None => None,
                            }
                        };
                        let (delay, status, headers, body) =
                            answer.unwrap_or((Duration::ZERO, 404, Vec::new(), String::new()));
                        tokio::time::sleep(delay).await;
                        let mut response =
                            format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                        for (name, value) in headers {
                            response.push_str(&format!("{name}: {value}\r\n"));
                        }
                        response.push_str("\r\n");
                        response.push_str(&body);
                        if stream.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Endpoint { url, log }
    }

    fn count(&self, prefix: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.starts_with(prefix))
            .count()
    }
}

fn answer(status: u16, body: &str) -> Answer {
    (Duration::ZERO, status, Vec::new(), body.to_owned())
}

fn credentials_json(expiration: SystemTime) -> String {
    let expiration = aws_codegen_runtime::value::datetime::DateTime::from(expiration);
    format!(
        r#"{{"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":"{expiration}"}}"#
    )
}

/// An IMDS script: a token living `ttl` seconds, the role `web`, and its credentials.
fn imds_script(ttl: u64, credentials: Vec<Answer>) -> Script {
    let mut script = Script::new();
    script.insert(
        "PUT /latest/api/token".into(),
        vec![(
            Duration::ZERO,
            200,
            vec![(
                "x-aws-ec2-metadata-token-ttl-seconds".into(),
                ttl.to_string(),
            )],
            "session-token".into(),
        )],
    );
    script.insert(
        "GET /latest/meta-data/iam/security-credentials/".into(),
        vec![answer(200, "web\n")],
    );
    script.insert(
        "GET /latest/meta-data/iam/security-credentials/web".into(),
        credentials,
    );
    script
}

fn imds_config(endpoint: &Endpoint, clock: Clock) -> ProviderConfig {
    ProviderConfig::new()
        .env(Env::from_vars([(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            endpoint.url.as_str(),
        )]))
        .files(Files::memory(Vec::<(String, Vec<u8>)>::new()))
        .clock(clock)
}

/// The IMDS provider as a cache source.
#[derive(Debug)]
struct Imds(ProviderConfig);

impl Source for Imds {
    fn load(&self) -> SourceFuture<'_> {
        Box::pin(imds::credentials::credentials(&self.0))
    }
}

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

#[tokio::test]
async fn imds_reuses_its_token_until_it_expires() {
    let start = 1_900_000_000;
    let endpoint = Endpoint::start(imds_script(
        600,
        vec![answer(200, &credentials_json(at(start + 3600)))],
    ))
    .await;
    let clock = Clock::fixed(at(start));
    let client = imds::Client::new(&imds_config(&endpoint, clock.clone()), None, None).unwrap();
    client
        .get("/latest/meta-data/iam/security-credentials/")
        .await
        .unwrap();
    client
        .get("/latest/meta-data/iam/security-credentials/")
        .await
        .unwrap();
    assert_eq!(endpoint.count("PUT "), 1, "one token for both requests");
    // Within two minutes of its expiry the token is replaced.
    clock.set(at(start + 500));
    client
        .get("/latest/meta-data/iam/security-credentials/")
        .await
        .unwrap();
    assert_eq!(endpoint.count("PUT "), 2);
    let heads = endpoint.log.lock().unwrap().clone();
    assert!(heads
        .iter()
        .filter(|h| h.starts_with("GET "))
        .all(|h| h.contains("x-aws-ec2-metadata-token: session-token")));
}

#[tokio::test]
async fn cached_credentials_refresh_ahead_of_expiry() {
    let start = 1_900_000_000;
    let endpoint = Endpoint::start(imds_script(
        21_600,
        vec![answer(200, &credentials_json(at(start + 3600)))],
    ))
    .await;
    let clock = Clock::fixed(at(start));
    let cache = CachedCredentials::new(Imds(imds_config(&endpoint, clock.clone())), clock.clone());
    let first = cache.credentials().await.unwrap();
    assert_eq!(first.access_key_id(), "ASIAIMDS");
    clock.set(at(start + 600));
    cache.credentials().await.unwrap();
    assert_eq!(
        endpoint.count("GET /latest/meta-data/iam/security-credentials/web"),
        1,
        "fresh: cached"
    );
    // Less than five minutes before expiry: refreshed.
    clock.set(at(start + 3600 - 200));
    cache.credentials().await.unwrap();
    assert_eq!(
        endpoint.count("GET /latest/meta-data/iam/security-credentials/web"),
        2
    );
}

#[tokio::test]
async fn imds_retries_a_500_then_succeeds() {
    let endpoint = Endpoint::start(imds_script(
        21_600,
        vec![
            answer(500, "busy"),
            answer(200, &credentials_json(at(4_000_000_000))),
        ],
    ))
    .await;
    let credentials = imds::credentials::credentials(&imds_config(&endpoint, Clock::system()))
        .await
        .unwrap();
    assert_eq!(credentials.secret_access_key(), "imds-secret");
    assert_eq!(
        endpoint.count("GET /latest/meta-data/iam/security-credentials/web"),
        2
    );
}

#[tokio::test]
async fn a_slow_imds_is_given_up_on_with_a_clear_error() {
    let mut script = imds_script(21_600, vec![answer(200, "{}")]);
    script.insert(
        "PUT /latest/api/token".into(),
        vec![(Duration::from_secs(5), 200, Vec::new(), "late".into())],
    );
    let endpoint = Endpoint::start(script).await;
    let started = std::time::Instant::now();
    let error = imds::credentials::credentials(&imds_config(&endpoint, Clock::system()))
        .await
        .unwrap_err();
    // An IMDS that does not answer is not there (off EC2): the chain's last source steps
    // aside with its reason rather than failing the chain.
    assert!(error.is_not_loaded());
    let error = error.report();
    assert!(error.contains("no response within"), "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// A source that counts its loads, slow enough for callers to pile up.
#[derive(Debug)]
struct Counting {
    loads: Arc<AtomicUsize>,
    fail_after: usize,
    expiry: SystemTime,
}

impl Source for Counting {
    fn load(&self) -> SourceFuture<'_> {
        Box::pin(async move {
            let n = self.loads.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            if n >= self.fail_after {
                return Err(ProviderError::failed("the endpoint is down"));
            }
            Ok(
                aws_codegen_runtime::config::credentials::Credentials::new("AKID", "secret", None)
                    .with_expiry(self.expiry),
            )
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_refresh_and_a_failed_refresh_keeps_valid_credentials() {
    let start = 1_900_000_000;
    let loads = Arc::new(AtomicUsize::new(0));
    let clock = Clock::fixed(at(start));
    let cache = CachedCredentials::new(
        Counting {
            loads: Arc::clone(&loads),
            fail_after: 1,
            expiry: at(start + 3600),
        },
        clock.clone(),
    );
    let callers: Vec<_> = (0..16)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move {
                cache
                    .credentials()
                    .await
                    .map(|c| c.access_key_id().to_owned())
            })
        })
        .collect();
    for caller in callers {
        assert_eq!(caller.await.unwrap().unwrap(), "AKID");
    }
    assert_eq!(
        loads.load(Ordering::SeqCst),
        1,
        "one refresh for 16 callers"
    );
    // Due for refresh, the refresh fails, the credentials still work: they are kept.
    clock.set(at(start + 3500));
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "AKID");
    assert_eq!(loads.load(Ordering::SeqCst), 2);
    // Expired and the refresh fails: the error, naming the provider's cause.
    clock.set(at(start + 3700));
    let error = cache.credentials().await.unwrap_err().report();
    assert!(error.contains("the endpoint is down"), "{error}");
}

#[tokio::test]
async fn container_credentials_carry_the_authorization_token() {
    let mut script = Script::new();
    script.insert(
        "GET /creds".into(),
        vec![answer(
            200,
            r#"{"AccessKeyId":"ASIAECS","SecretAccessKey":"ecs-secret","Token":"t","Expiration":"2099-01-01T00:00:00Z","AccountId":"123456789012"}"#,
        )],
    );
    let endpoint = Endpoint::start(script).await;
    let config = ProviderConfig::new()
        .env(Env::from_vars([
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                format!("{}/creds", endpoint.url),
            ),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer abc".to_owned()),
        ]))
        .files(Files::memory(Vec::<(String, Vec<u8>)>::new()));
    let credentials = container::credentials(&config).await.unwrap();
    assert_eq!(credentials.account_id(), Some("123456789012"));
    let heads = endpoint.log.lock().unwrap().clone();
    assert!(
        heads[0]
            .to_ascii_lowercase()
            .contains("authorization: bearer abc"),
        "{}",
        heads[0]
    );
    // An endpoint that answers with an error: its status and message, no credentials.
    let mut script = Script::new();
    script.insert(
        "GET /creds".into(),
        vec![answer(500, r#"{"Code":"Boom","Message":"no role"}"#)],
    );
    let failing = Endpoint::start(script).await;
    let config = ProviderConfig::new()
        .env(Env::from_vars([(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/creds", failing.url),
        )]))
        .files(Files::memory(Vec::<(String, Vec<u8>)>::new()));
    let error = container::credentials(&config).await.unwrap_err().report();
    assert!(
        error.contains("HTTP 500") && error.contains("no role"),
        "{error}"
    );
}

#[tokio::test]
async fn imds_replaces_a_token_it_refuses() {
    let mut script = imds_script(
        21_600,
        vec![answer(200, &credentials_json(at(4_000_000_000)))],
    );
    let token = |t: &str| {
        (
            Duration::ZERO,
            200,
            vec![(
                "x-aws-ec2-metadata-token-ttl-seconds".to_owned(),
                "21600".to_owned(),
            )],
            t.to_owned(),
        )
    };
    script.insert(
        "PUT /latest/api/token".into(),
        vec![token("first"), token("second")],
    );
    script.insert(
        "GET /latest/meta-data/iam/security-credentials/".into(),
        vec![answer(401, ""), answer(200, "web\n")],
    );
    let endpoint = Endpoint::start(script).await;
    let credentials = imds::credentials::credentials(&imds_config(&endpoint, Clock::system()))
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAIMDS");
    assert_eq!(endpoint.count("PUT "), 2);
    let heads = endpoint.log.lock().unwrap().clone();
    let gets: Vec<&String> = heads.iter().filter(|h| h.starts_with("GET ")).collect();
    assert!(
        gets[0].contains("x-aws-ec2-metadata-token: first"),
        "{}",
        gets[0]
    );
    assert!(
        gets[1].contains("x-aws-ec2-metadata-token: second"),
        "{}",
        gets[1]
    );
}

#[tokio::test]
async fn an_imds_without_tokens_is_used_as_v1_unless_v1_is_disabled() {
    let mut script = imds_script(
        21_600,
        vec![answer(200, &credentials_json(at(4_000_000_000)))],
    );
    script.insert("PUT /latest/api/token".into(), vec![answer(404, "")]);
    let endpoint = Endpoint::start(script).await;
    let credentials = imds::credentials::credentials(&imds_config(&endpoint, Clock::system()))
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAIMDS");
    let heads = endpoint.log.lock().unwrap().clone();
    assert!(
        heads
            .iter()
            .all(|h| !h.contains("x-aws-ec2-metadata-token:")),
        "{heads:?}"
    );
    assert_eq!(endpoint.count("PUT "), 1, "the answer is remembered");
    let config = ProviderConfig::new()
        .env(Env::from_vars([
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint.url.as_str()),
            ("AWS_EC2_METADATA_V1_DISABLED", "true"),
        ]))
        .files(Files::memory(Vec::<(String, Vec<u8>)>::new()));
    let error = imds::credentials::credentials(&config)
        .await
        .unwrap_err()
        .report();
    assert!(
        error.contains("IMDS refused a session token (HTTP 404)"),
        "{error}"
    );
}
