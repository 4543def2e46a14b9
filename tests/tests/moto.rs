//! End to end against moto (started by `cargo xtask test`): the 25 ds operations moto
//! implements, called through the generated client with real inputs and checked field by
//! field; modeled errors arrive typed; every read-only call is made again by boto3 on the same
//! server state, and every response is parsed by botocore too: all agree.

use crate::support::{python, root, run_python};
use directory_service::client::RetryConfig;
use directory_service::error::SdkError;
use directory_service::transport::{
    HttpRequest, HttpResponse, HyperTransport, Transport, TransportFuture,
};
use directory_service::types::*;
use directory_service::validation::Policy;
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
async fn raw(path: &str, service: &str, region: &str, body: &str) -> HttpResponse {
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
async fn vpc_with_subnets(region: &str, n: u8) -> (String, Vec<String>) {
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

fn xml_value(body: &[u8], tag: &str) -> String {
    let text = String::from_utf8_lossy(body);
    let open = format!("<{tag}>");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("no <{tag}> in {text}"))
        + open.len();
    let end = text[start..].find('<').unwrap() + start;
    text[start..end].to_owned()
}

fn is_id(value: &str, prefix: &str) -> bool {
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
    fn start() -> Self {
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
        let ours = round_floats(serde_json::to_value(ours).unwrap());
        assert_eq!(
            ours,
            round_floats(theirs),
            "{operation}: the client and boto3 disagree"
        );
        self.compared.push(operation.to_owned());
    }
}

fn round_floats(value: Value) -> Value {
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

fn code<E: std::fmt::Display>(result: Result<impl std::fmt::Debug, SdkError<E>>) -> SdkError<E> {
    result.expect_err("an error")
}

#[tokio::test]
async fn the_25_operations_moto_implements_work_end_to_end() {
    assert!(
        raw("/moto-api/reset", "s3", "us-east-1", "").await.status < 300,
        "moto resets"
    );
    let (vpc_id, subnets) = vpc_with_subnets("us-east-1", 0).await;
    let recorder = Recorder::default();
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None))
            .endpoint_url(endpoint())
            // moto answers operations it lacks with 500: retrying them tests nothing.
            .retry(RetryConfig::disabled())
            .transport(recorder.clone())
            .build()
            .unwrap(),
    );
    let vpc_settings = DirectoryVpcSettings::builder()
        .vpc_id(&vpc_id)
        .subnet_ids(&subnets[0])
        .subnet_ids(&subnets[1])
        .build()
        .unwrap();
    let mut boto3 = Boto3::start();
    let mut operations = std::collections::BTreeSet::new();
    let mut ok = |name: &'static str| operations.insert(name);

    // CreateDirectory, CreateMicrosoftAD, ConnectDirectory.
    let simple = client
        .create_directory()
        .name("corp.example.com")
        .short_name("CORP")
        .password("Passw0rd!")
        .description("Simple AD for the tests")
        .size(DirectorySize::Small)
        .vpc_settings(vpc_settings.clone())
        .send()
        .await
        .unwrap();
    let simple = simple.directory_id().unwrap().to_owned();
    assert!(is_id(&simple, "d-"), "{simple}");
    ok("CreateDirectory");
    let managed = client
        .create_microsoft_ad()
        .name("ad.example.com")
        .password("Passw0rd!")
        .edition(DirectoryEdition::Standard)
        .vpc_settings(vpc_settings.clone())
        .send()
        .await
        .unwrap();
    let managed = managed.directory_id().unwrap().to_owned();
    assert!(is_id(&managed, "d-"));
    ok("CreateMicrosoftAD");
    let connected = client
        .connect_directory()
        .name("conn.example.com")
        .password("Passw0rd!")
        .size(DirectorySize::Small)
        .connect_settings(
            DirectoryConnectSettings::builder()
                .vpc_id(&vpc_id)
                .subnet_ids(&subnets[0])
                .subnet_ids(&subnets[1])
                .customer_dns_ips("10.0.0.10")
                .customer_dns_ips("10.0.0.11")
                .customer_user_name("Admin")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let connected = connected.directory_id().unwrap().to_owned();
    assert!(is_id(&connected, "d-"));
    ok("ConnectDirectory");

    // DescribeDirectories, field by field.
    let described = client
        .describe_directories()
        .directory_ids(&simple)
        .send()
        .await
        .unwrap();
    boto3.same(
        "DescribeDirectories",
        json!({"DirectoryIds": [simple]}),
        &described,
    );
    assert_eq!(described.directory_descriptions().len(), 1);
    let d = &described.directory_descriptions()[0];
    assert_eq!(d.directory_id(), Some(simple.as_str()));
    assert_eq!(d.name(), Some("corp.example.com"));
    assert_eq!(d.short_name(), Some("CORP"));
    assert_eq!(d.description(), Some("Simple AD for the tests"));
    assert_eq!(d.size(), Some(&DirectorySize::Small));
    assert_eq!(d.r#type(), Some(&DirectoryType::SimpleAd));
    assert_eq!(d.stage(), Some(&DirectoryStage::Active));
    assert_eq!(d.alias(), Some(simple.as_str()));
    assert_eq!(
        d.access_url(),
        Some(format!("{simple}.awsapps.com").as_str())
    );
    assert_eq!(d.dns_ip_addrs().len(), 2);
    let vpc = d.vpc_settings().unwrap();
    assert_eq!(vpc.vpc_id(), Some(vpc_id.as_str()));
    assert_eq!(vpc.subnet_ids(), subnets.as_slice());
    assert!(vpc
        .security_group_id()
        .is_some_and(|g| g.starts_with("sg-")));
    assert_eq!(vpc.availability_zones(), ["us-east-1a", "us-east-1b"]);
    let launched = d.launch_time().unwrap();
    assert!(
        (launched.secs() - directory_service::primitives::DateTime::now().secs()).abs() < 600,
        "launch time is now"
    );
    assert_eq!(d.sso_enabled(), Some(false));
    ok("DescribeDirectories");
    let all = client.describe_directories().send().await.unwrap();
    boto3.same("DescribeDirectories", json!({}), &all);
    assert_eq!(all.directory_descriptions().len(), 3);

    // CreateAlias.
    let alias = client
        .create_alias()
        .directory_id(&simple)
        .alias("corpalias")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (alias.directory_id(), alias.alias()),
        (Some(simple.as_str()), Some("corpalias"))
    );
    ok("CreateAlias");

    // Tags.
    client
        .add_tags_to_resource()
        .resource_id(&simple)
        .tags(
            Tag::builder()
                .key("team")
                .value("identity")
                .build()
                .unwrap(),
        )
        .tags(Tag::builder().key("env").value("test").build().unwrap())
        .send()
        .await
        .unwrap();
    ok("AddTagsToResource");
    let tags = client
        .list_tags_for_resource()
        .resource_id(&simple)
        .send()
        .await
        .unwrap();
    boto3.same("ListTagsForResource", json!({"ResourceId": simple}), &tags);
    let pairs: Vec<(&str, &str)> = tags.tags().iter().map(|t| (t.key(), t.value())).collect();
    assert_eq!(pairs, [("team", "identity"), ("env", "test")]);
    assert_eq!(tags.next_token(), None);
    ok("ListTagsForResource");
    client
        .remove_tags_from_resource()
        .resource_id(&simple)
        .tag_keys("team")
        .send()
        .await
        .unwrap();
    let tags = client
        .list_tags_for_resource()
        .resource_id(&simple)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 1);
    ok("RemoveTagsFromResource");

    // Log subscriptions.
    client
        .create_log_subscription()
        .directory_id(&simple)
        .log_group_name("/aws/directoryservice/corp")
        .send()
        .await
        .unwrap();
    ok("CreateLogSubscription");
    let subscriptions = client.list_log_subscriptions().send().await.unwrap();
    boto3.same("ListLogSubscriptions", json!({}), &subscriptions);
    let s = &subscriptions.log_subscriptions()[0];
    assert_eq!(s.directory_id(), Some(simple.as_str()));
    assert_eq!(s.log_group_name(), Some("/aws/directoryservice/corp"));
    assert!(s.subscription_created_date_time().is_some());
    ok("ListLogSubscriptions");
    let err = code(
        client
            .create_log_subscription()
            .directory_id(&simple)
            .log_group_name("/aws/directoryservice/corp")
            .send()
            .await,
    );
    assert!(
        err.as_service_error()
            .unwrap()
            .is_entity_already_exists_exception(),
        "{err}"
    );
    client
        .delete_log_subscription()
        .directory_id(&simple)
        .send()
        .await
        .unwrap();
    assert!(client
        .list_log_subscriptions()
        .send()
        .await
        .unwrap()
        .log_subscriptions()
        .is_empty());
    ok("DeleteLogSubscription");

    // Trusts.
    let trust = client
        .create_trust()
        .directory_id(&managed)
        .remote_domain_name("other.example.com")
        .trust_password("TrustPass1!")
        .trust_direction(TrustDirection::TwoWay)
        .conditional_forwarder_ip_addrs("10.1.0.1")
        .send()
        .await
        .unwrap();
    let trust_id = trust.trust_id().unwrap().to_owned();
    assert!(is_id(&trust_id, "t-"));
    ok("CreateTrust");
    let trusts = client
        .describe_trusts()
        .directory_id(&managed)
        .send()
        .await
        .unwrap();
    boto3.same("DescribeTrusts", json!({"DirectoryId": managed}), &trusts);
    let t = &trusts.trusts()[0];
    assert_eq!(t.trust_id(), Some(trust_id.as_str()));
    assert_eq!(t.directory_id(), Some(managed.as_str()));
    assert_eq!(t.remote_domain_name(), Some("other.example.com"));
    assert_eq!(t.trust_direction(), Some(&TrustDirection::TwoWay));
    assert_eq!(t.trust_state(), Some(&TrustState::Creating));
    assert!(t.created_date_time().is_some() && t.last_updated_date_time().is_some());
    ok("DescribeTrusts");
    let deleted = client
        .delete_trust()
        .trust_id(&trust_id)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.trust_id(), Some(trust_id.as_str()));
    ok("DeleteTrust");

    // RADIUS and SSO.
    let radius = RadiusSettings::builder()
        .radius_servers("10.0.0.5")
        .radius_port(1812)
        .radius_timeout(5)
        .radius_retries(3)
        .shared_secret("radius-secret-1")
        .authentication_protocol(RadiusAuthenticationProtocol::Pap)
        .display_label("corp-radius")
        .use_same_username(true)
        .build()
        .unwrap();
    client
        .enable_radius()
        .directory_id(&simple)
        .radius_settings(radius.clone())
        .send()
        .await
        .unwrap();
    ok("EnableRadius");
    let described = client
        .describe_directories()
        .directory_ids(&simple)
        .send()
        .await
        .unwrap();
    let d = &described.directory_descriptions()[0];
    assert_eq!(d.radius_settings(), Some(&radius));
    assert_eq!(d.alias(), Some("corpalias"));
    client
        .disable_radius()
        .directory_id(&simple)
        .send()
        .await
        .unwrap();
    ok("DisableRadius");
    client
        .enable_sso()
        .directory_id(&simple)
        .send()
        .await
        .unwrap();
    let described = client
        .describe_directories()
        .directory_ids(&simple)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.directory_descriptions()[0].sso_enabled(),
        Some(true)
    );
    ok("EnableSso");
    client
        .disable_sso()
        .directory_id(&simple)
        .send()
        .await
        .unwrap();
    ok("DisableSso");

    // LDAPS and settings on the managed directory.
    client
        .enable_ldaps()
        .directory_id(&managed)
        .r#type(LdapsType::Client)
        .send()
        .await
        .unwrap();
    ok("EnableLDAPS");
    let ldaps = client
        .describe_ldaps_settings()
        .directory_id(&managed)
        .send()
        .await
        .unwrap();
    boto3.same(
        "DescribeLDAPSSettings",
        json!({"DirectoryId": managed}),
        &ldaps,
    );
    let info = &ldaps.ldaps_settings_info()[0];
    assert_eq!(info.ldaps_status(), Some(&LdapsStatus::Enabled));
    assert!(info.last_updated_date_time().is_some());
    ok("DescribeLDAPSSettings");
    client
        .disable_ldaps()
        .directory_id(&managed)
        .r#type(LdapsType::Client)
        .send()
        .await
        .unwrap();
    ok("DisableLDAPS");
    let settings = client
        .describe_settings()
        .directory_id(&managed)
        .send()
        .await
        .unwrap();
    boto3.same(
        "DescribeSettings",
        json!({"DirectoryId": managed}),
        &settings,
    );
    assert_eq!(settings.directory_id(), Some(managed.as_str()));
    let tls = settings
        .setting_entries()
        .iter()
        .find(|s| s.name() == Some("TLS_1_0"))
        .expect("TLS_1_0 setting");
    assert_eq!(tls.r#type(), Some("Protocol"));
    assert_eq!(tls.allowed_values(), Some(r#"["Enable","Disable"]"#));
    ok("DescribeSettings");
    let updated = client
        .update_settings()
        .directory_id(&managed)
        .settings(
            Setting::builder()
                .name("TLS_1_0")
                .value("Disable")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(updated.directory_id(), Some(managed.as_str()));
    ok("UpdateSettings");

    let limits = client.get_directory_limits().send().await.unwrap();
    boto3.same("GetDirectoryLimits", json!({}), &limits);
    let l = limits.directory_limits().unwrap();
    assert_eq!(l.cloud_only_directories_limit(), Some(10));
    assert_eq!(l.cloud_only_directories_current_count(), Some(1));
    assert_eq!(l.cloud_only_microsoft_ad_current_count(), Some(1));
    assert_eq!(l.connected_directories_current_count(), Some(1));
    assert_eq!(l.cloud_only_directories_limit_reached(), Some(false));
    ok("GetDirectoryLimits");
    let gone = client
        .delete_directory()
        .directory_id(&connected)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.directory_id(), Some(connected.as_str()));
    ok("DeleteDirectory");
    assert_eq!(operations.len(), 25, "{operations:?}");

    let live: std::collections::BTreeSet<&str> =
        boto3.compared.iter().map(String::as_str).collect();
    assert_eq!(
        live.len(),
        7,
        "read-only operations compared live with boto3: {live:?}"
    );

    // Six distinct modeled errors, each as its typed variant.
    let missing = "d-0000000000";
    let e = code(
        client
            .describe_directories()
            .directory_ids(missing)
            .send()
            .await,
    );
    assert!(
        e.as_service_error()
            .unwrap()
            .is_entity_does_not_exist_exception(),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("Directory d-0000000000 does not exist"),
        "{e}"
    );
    let e = code(
        client
            .create_alias()
            .directory_id(&simple)
            .alias("another")
            .send()
            .await,
    );
    assert!(
        e.as_service_error()
            .unwrap()
            .is_invalid_parameter_exception(),
        "{e}"
    );
    let e = code(
        client
            .enable_ldaps()
            .directory_id(&simple)
            .r#type(LdapsType::Client)
            .send()
            .await,
    );
    assert!(
        e.as_service_error()
            .unwrap()
            .is_unsupported_operation_exception(),
        "{e}"
    );
    let e = code(
        client
            .describe_directories()
            .next_token("garbage")
            .send()
            .await,
    );
    assert!(
        e.as_service_error()
            .unwrap()
            .is_invalid_next_token_exception(),
        "{e}"
    );
    let bad_vpc = DirectoryVpcSettings::builder()
        .vpc_id("vpc-12345678")
        .subnet_ids(&subnets[0])
        .subnet_ids(&subnets[1])
        .build()
        .unwrap();
    let e = code(
        client
            .create_directory()
            .name("x.example.com")
            .password("Passw0rd!")
            .size(DirectorySize::Small)
            .vpc_settings(bad_vpc)
            .send()
            .await,
    );
    assert!(e.as_service_error().unwrap().is_client_exception(), "{e}");
    let e = code(
        client
            .create_log_subscription()
            .directory_id(missing)
            .log_group_name("g")
            .send()
            .await,
    );
    assert!(
        e.as_service_error()
            .unwrap()
            .is_entity_does_not_exist_exception(),
        "{e}"
    );

    // moto's ValidationException is not in the model: it arrives as Unhandled, whole.
    let e = code(
        client
            .create_directory()
            .name("bad name")
            .password("Passw0rd!")
            .size(DirectorySize::Small)
            .vpc_settings(vpc_settings)
            .validation(Policy::Off)
            .send()
            .await,
    );
    let directory_service::error::CreateDirectoryError::Unhandled(unhandled) =
        e.as_service_error().unwrap()
    else {
        panic!("{e}")
    };
    assert_eq!(unhandled.code(), Some("ValidationException"));
    assert!(unhandled.message().unwrap().contains("'bad name'"), "{e}");
    assert_eq!(unhandled.meta().status, 400);

    // botocore parses every successful response the same way.
    let exchanges = recorder.exchanges.lock().unwrap().clone();
    let cases: Vec<Value> = exchanges
        .iter()
        .filter(|(_, response)| response.status == 200)
        .map(|(request, response)| {
            let operation = request
                .header("x-amz-target")
                .unwrap()
                .split('.')
                .nth(1)
                .unwrap()
                .to_owned();
            let rust = rust_output(&operation, &response.body);
            json!({
                "operation": operation, "status": response.status, "headers": response.headers,
                "body": String::from_utf8_lossy(&response.body), "rust": rust,
            })
        })
        .collect();
    let compared = compare_with_botocore(&cases);
    let covered: std::collections::BTreeSet<&str> = compared
        .iter()
        .map(|c| c["operation"].as_str().unwrap())
        .collect();
    assert_eq!(covered.len(), 25, "{covered:?}");
    let differences: Vec<String> = compared
        .iter()
        .flat_map(|c| {
            c["differences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.to_string())
        })
        .collect();
    println!(
        "{} responses of 25 operations parsed by botocore and the client: {} differences; {} live boto3 calls of 7 read-only operations agree",
        compared.len(),
        differences.len(),
        boto3.compared.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));

    // Run after the checks above, which count directories in us-east-1.
    paginators_walk_every_directory_and_tag_once().await;
}

/// 21 directories (moto's per-region maximum) in pages of 5, and 30 tags in pages of 7.
async fn paginators_walk_every_directory_and_tag_once() {
    let region = "us-west-2";
    let (vpc_id, subnets) = vpc_with_subnets(region, 1).await;
    let client = Client::new(
        Config::builder()
            .region(region)
            .credentials(Credentials::new("testing", "testing", None))
            .endpoint_url(endpoint())
            // moto answers operations it lacks with 500: retrying them tests nothing.
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    );
    let vpc_settings = DirectoryVpcSettings::builder()
        .vpc_id(&vpc_id)
        .subnet_ids(&subnets[0])
        .subnet_ids(&subnets[1])
        .build()
        .unwrap();
    let mut created = std::collections::BTreeSet::new();
    for i in 0..21 {
        let id = if i < 10 {
            let out = client
                .create_directory()
                .name(format!("d{i}.example.com"))
                .password("Passw0rd!")
                .size(DirectorySize::Small)
                .vpc_settings(vpc_settings.clone())
                .send()
                .await
                .unwrap();
            out.directory_id().unwrap().to_owned()
        } else {
            let out = client
                .create_microsoft_ad()
                .name(format!("m{i}.example.com"))
                .password("Passw0rd!")
                .vpc_settings(vpc_settings.clone())
                .send()
                .await
                .unwrap();
            out.directory_id().unwrap().to_owned()
        };
        created.insert(id);
    }
    let e = code(
        client
            .create_microsoft_ad()
            .name("one-too-many.example.com")
            .password("Passw0rd!")
            .vpc_settings(vpc_settings)
            .send()
            .await,
    );
    assert!(
        e.as_service_error()
            .unwrap()
            .is_directory_limit_exceeded_exception(),
        "{e}"
    );

    let pages = client
        .describe_directories()
        .into_paginator()
        .page_size(5)
        .send()
        .collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| p.directory_descriptions().len())
        .collect();
    assert_eq!(sizes, [5, 5, 5, 5, 1]);
    let items = client
        .describe_directories()
        .into_paginator()
        .page_size(5)
        .items()
        .collect()
        .await
        .unwrap();
    let seen: Vec<String> = items
        .iter()
        .map(|d| d.directory_id().unwrap().to_owned())
        .collect();
    let unique: std::collections::BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(
        (seen.len(), &unique),
        (21, &created),
        "every directory exactly once"
    );

    let tagged = created.iter().next().unwrap().clone();
    for batch in 0..3 {
        let mut add = client.add_tags_to_resource().resource_id(&tagged);
        for i in 0..10 {
            let n = batch * 10 + i;
            add = add.tags(
                Tag::builder()
                    .key(format!("key-{n:02}"))
                    .value(format!("value-{n}"))
                    .build()
                    .unwrap(),
            );
        }
        add.send().await.unwrap();
    }
    let pages = client
        .list_tags_for_resource()
        .resource_id(&tagged)
        .into_paginator()
        .page_size(7)
        .send()
        .collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.tags().len()).collect();
    assert_eq!(sizes, [7, 7, 7, 7, 2]);
    let tags = client
        .list_tags_for_resource()
        .resource_id(&tagged)
        .into_paginator()
        .page_size(7)
        .items()
        .collect()
        .await
        .unwrap();
    let keys: Vec<String> = tags.iter().map(|t| t.key().to_owned()).collect();
    let expected: Vec<String> = (0..30).map(|n| format!("key-{n:02}")).collect();
    assert_eq!(keys, expected, "all 30 tags, once each, in order");
    println!(
        "moto pagination: 21 directories over {} pages of 5, 30 tags over 5 pages of 7",
        5
    );
}

/// The client's parse of a recorded body, as JSON.
fn rust_output(operation: &str, body: &[u8]) -> Value {
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

pub(crate) fn compare_with_botocore(cases: &[Value]) -> Vec<Value> {
    serde_json::from_value(run_python(
        "botocore_parse.py",
        &Value::Array(cases.to_vec()),
    ))
    .unwrap()
}
