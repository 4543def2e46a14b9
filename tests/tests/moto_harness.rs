//! What the moto tests share: moto's endpoint, a transport that records every exchange, raw EC2 calls for VPCs, boto3 live beside the client, and botocore's parse of recorded responses.

use crate::support::{python, root, run_python};
use directory_service::client::RetryConfig;
use directory_service::error::SdkError;
use directory_service::transport::{
    HttpRequest, HttpResponse, HyperTransport, Transport, TransportFuture,
};
use directory_service::types::*;
use directory_service::{Client, Config, Credentials};
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

pub(crate) fn endpoint() -> String {
    std::env::var("MOTO_ENDPOINT").unwrap_or_else(|_| {
        panic!("MOTO_ENDPOINT is not set: run `cargo xtask test`, which starts moto_server and sets it")
    })
}

/// A ds client of moto in `region`, through `recorder` when one is given.
pub(crate) fn ds_client(region: &str, recorder: Option<&Recorder>) -> Client {
    let mut config = Config::builder()
        .region(region)
        .credentials(Credentials::new("testing", "testing", None))
        .endpoint_url(endpoint())
        // moto answers operations it lacks with 500: retrying them tests nothing.
        .retry(RetryConfig::disabled());
    if let Some(recorder) = recorder {
        config = config.transport(recorder.clone());
    }
    Client::new(config.build().unwrap())
}

/// Sends through hyper and keeps every exchange, for the botocore comparison.
#[derive(Clone, Debug, Default)]
pub(crate) struct Recorder {
    inner: HyperTransport,
    pub(crate) exchanges: Arc<Mutex<Vec<(HttpRequest, HttpResponse)>>>,
}

impl Transport for Recorder {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let response = self.inner.send(request.clone()).await?;
            self.exchanges
                .lock()
                .unwrap()
                .push((request, response.clone()));
            Ok(response)
        })
    }
}

/// A raw request to moto, signed well enough for its routing (it reads only the scope).
pub(crate) async fn raw(path: &str, service: &str, region: &str, body: &str) -> HttpResponse {
    let request = HttpRequest {
        method: "POST".into(),
        url: format!("{}{path}", endpoint()),
        headers: vec![
            ("content-type".into(), "application/x-www-form-urlencoded".into()),
            (
                "authorization".into(),
                format!("AWS4-HMAC-SHA256 Credential=test/20261122/{region}/{service}/aws4_request, SignedHeaders=host, Signature=0"),
            ),
        ],
        body: body.as_bytes().to_vec(),
    };
    HyperTransport::new()
        .send(request)
        .await
        .expect("moto answers")
}

/// A VPC `10.N.0.0/16` with two subnets in zones `a` and `b` of `region`, made through moto's
/// EC2 API (ds directories need them).
pub(crate) async fn vpc_with_subnets(region: &str, n: u8) -> (String, Vec<String>) {
    let vpc = raw(
        "/",
        "ec2",
        region,
        &format!("Action=CreateVpc&CidrBlock=10.{n}.0.0/16&Version=2016-11-15"),
    )
    .await;
    let vpc_id = xml_value(&vpc.body, "vpcId");
    let mut subnets = Vec::new();
    for (i, zone) in [(1, "a"), (2, "b")] {
        let body = format!(
            "Action=CreateSubnet&VpcId={vpc_id}&CidrBlock=10.{n}.{i}.0/24&AvailabilityZone={region}{zone}&Version=2016-11-15"
        );
        subnets.push(xml_value(
            &raw("/", "ec2", region, &body).await.body,
            "subnetId",
        ));
    }
    (vpc_id, subnets)
}

pub(crate) fn xml_value(body: &[u8], tag: &str) -> String {
    let text = String::from_utf8_lossy(body);
    let open = format!("<{tag}>");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("no <{tag}> in {text}"))
        + open.len();
    let end = text[start..].find('<').unwrap() + start;
    text[start..end].to_owned()
}

pub(crate) fn is_id(value: &str, prefix: &str) -> bool {
    value
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.len() == 10 && rest.chars().all(|c| c.is_ascii_hexdigit()))
}

/// boto3 in a child process, making the same read-only calls as the client against the
/// same moto state, right after the client does.
pub(crate) struct Boto3 {
    child: std::process::Child,
    stdout: std::io::BufReader<std::process::ChildStdout>,
    pub(crate) compared: Vec<String>,
}

impl Boto3 {
    pub(crate) fn start() -> Self {
        Self::start_for("ds")
    }

    /// boto3 with a client of `service`.
    pub(crate) fn start_for(service: &str) -> Self {
        let mut child = Command::new(python())
            .arg(root().join("tests/python/boto3_live.py"))
            .arg(endpoint())
            .arg(service)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run boto3");
        let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        Boto3 {
            child,
            stdout,
            compared: Vec::new(),
        }
    }

    /// Calls `operation` with boto3 and asserts its output equals the client's.
    pub(crate) fn same(&mut self, operation: &str, params: Value, ours: &impl serde::Serialize) {
        use std::io::BufRead;
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(
            stdin,
            "{}",
            json!({"operation": operation, "params": params})
        )
        .unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        let theirs: Value = serde_json::from_str(&line).expect("boto3 answered");
        assert!(
            theirs.get("__error__").is_none(),
            "boto3 {operation}: {theirs}"
        );
        let theirs = round_floats(theirs);
        let mut ours = round_floats(serde_json::to_value(ours).unwrap());
        epoch_timestamps(&mut ours, &theirs);
        if crate::support::DEFAULTS_FROM_THE_MODEL {
            drop_model_defaults(&mut ours, &theirs);
        }
        assert_eq!(ours, theirs, "{operation}: the client and boto3 disagree");
        self.compared.push(operation.to_owned());
    }
}

/// Turns the timestamps of `ours` that are date-time text (the JSON form of an XML
/// protocol's timestamps) into epoch seconds where `theirs` (boto3's) has a number.
fn epoch_timestamps(ours: &mut Value, theirs: &Value) {
    if let (Value::String(text), Value::Number(_)) = (&*ours, theirs) {
        if let Ok(time) = directory_service::runtime::value::datetime::DateTime::parse_any(text) {
            let seconds = time.secs() as f64 + f64::from(time.subsec_nanos()) / 1e9;
            *ours = json!((seconds * 1e6).round() / 1e6);
        }
        return;
    }
    match (ours, theirs) {
        (Value::Object(ours), Value::Object(theirs)) => {
            for (key, value) in ours.iter_mut() {
                if let Some(other) = theirs.get(key) {
                    epoch_timestamps(value, other);
                }
            }
        }
        (Value::Array(ours), Value::Array(theirs)) => {
            for (value, other) in ours.iter_mut().zip(theirs) {
                epoch_timestamps(value, other);
            }
        }
        _ => {}
    }
}

/// Removes from `ours` the members `theirs` lacks whose value is false or 0: a client
/// generated from a Smithy model fills in `@default` values that botocore's model (and so
/// boto3) does not know; ds's are all false or 0.
fn drop_model_defaults(ours: &mut Value, theirs: &Value) {
    match (ours, theirs) {
        (Value::Object(ours), Value::Object(theirs)) => {
            ours.retain(|key, value| {
                theirs.contains_key(key) || !(*value == json!(false) || *value == json!(0.0))
            });
            for (key, value) in ours.iter_mut() {
                if let Some(other) = theirs.get(key) {
                    drop_model_defaults(value, other);
                }
            }
        }
        (Value::Array(ours), Value::Array(theirs)) => {
            for (value, other) in ours.iter_mut().zip(theirs) {
                drop_model_defaults(value, other);
            }
        }
        _ => {}
    }
}

pub(crate) fn round_floats(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => json!((n.as_f64().unwrap() * 1e6).round() / 1e6),
        Value::Number(n) => json!(n.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.into_iter().map(round_floats).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, round_floats(v))).collect())
        }
        other => other,
    }
}

pub(crate) fn code<E: std::fmt::Display>(
    result: Result<impl std::fmt::Debug, SdkError<E>>,
) -> SdkError<E> {
    result.expect_err("an error")
}

/// The client's parse of a recorded body, as JSON.
pub(crate) fn rust_output(operation: &str, body: &[u8]) -> Value {
    macro_rules! parse {
        ($($op:literal => $ty:ty),* $(,)?) => {
            match operation {
                $($op => serde_json::to_value(serde_json::from_slice::<$ty>(if body.is_empty() { b"{}" } else { body }).unwrap()).unwrap(),)*
                other => panic!("unexpected operation {other}"),
            }
        };
    }
    parse!(
        "AddTagsToResource" => AddTagsToResourceResult, "ConnectDirectory" => ConnectDirectoryResult,
        "CreateAlias" => CreateAliasResult, "CreateDirectory" => CreateDirectoryResult,
        "CreateLogSubscription" => CreateLogSubscriptionResult, "CreateMicrosoftAD" => CreateMicrosoftAdResult,
        "CreateTrust" => CreateTrustResult, "DeleteDirectory" => DeleteDirectoryResult,
        "DeleteLogSubscription" => DeleteLogSubscriptionResult, "DeleteTrust" => DeleteTrustResult,
        "DescribeDirectories" => DescribeDirectoriesResult, "DescribeLDAPSSettings" => DescribeLdapsSettingsResult,
        "DescribeSettings" => DescribeSettingsResult, "DescribeTrusts" => DescribeTrustsResult,
        "DisableLDAPS" => DisableLdapsResult, "DisableRadius" => DisableRadiusResult, "DisableSso" => DisableSsoResult,
        "EnableLDAPS" => EnableLdapsResult, "EnableRadius" => EnableRadiusResult, "EnableSso" => EnableSsoResult,
        "GetDirectoryLimits" => GetDirectoryLimitsResult, "ListLogSubscriptions" => ListLogSubscriptionsResult,
        "ListTagsForResource" => ListTagsForResourceResult, "RemoveTagsFromResource" => RemoveTagsFromResourceResult,
        "UpdateSettings" => UpdateSettingsResult,
    )
}

/// botocore's parse of every recorded response against the client's: asserts that `operations`
/// distinct operations were compared and that no response differs, printing `what`; returns
/// how many responses were compared.
pub(crate) fn assert_botocore_agrees(
    what: &str,
    cases: &[Value],
    operations: usize,
    boto3: &Boto3,
) -> usize {
    let cases: Vec<Value> = cases
        .iter()
        .map(|case| {
            let mut case = case.clone();
            case["model_defaults"] = json!(crate::support::DEFAULTS_FROM_THE_MODEL);
            case
        })
        .collect();
    let compared = compare_with_botocore(&cases);
    let covered: std::collections::BTreeSet<&str> = compared
        .iter()
        .map(|c| c["operation"].as_str().unwrap())
        .collect();
    assert_eq!(covered.len(), operations, "{covered:?}");
    let differences: Vec<String> = compared
        .iter()
        .flat_map(|c| c["differences"].as_array().unwrap().clone())
        .map(|d| d.to_string())
        .collect();
    println!(
        "{what}: {} responses of {operations} operations parsed by botocore and the client: {} differences; {} live boto3 calls agree",
        compared.len(),
        differences.len(),
        boto3.compared.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    compared.len()
}

fn compare_with_botocore(cases: &[Value]) -> Vec<Value> {
    serde_json::from_value(run_python(
        "botocore_parse.py",
        &Value::Array(cases.to_vec()),
    ))
    .unwrap()
}
