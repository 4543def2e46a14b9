//! End to end against moto (started by `cargo xtask test`): the 25 ds operations moto
//! implements, called through the generated client with real inputs and checked field by
//! field; modeled errors arrive typed; every read-only call is made again by boto3 on the same
//! server state, and every response is parsed by botocore too: all agree.

use crate::moto_harness::{
    assert_botocore_agrees, code, ds_client, is_id, raw, rust_output, vpc_with_subnets, Boto3,
    Recorder,
};
use crate::moto_paginators::paginators_walk_every_directory_and_tag_once;
use directory_service::types::*;
use directory_service::validation::Policy;
use directory_service::Client;
use serde_json::{json, Value};

/// A boolean member, read the same whether it is an `Option` (from the botocore model) or a
/// plain value (the Smithy model gives it a `@default`): this file also runs against the
/// crate generated from the Smithy model.
fn flag(value: impl Into<Option<bool>>) -> Option<bool> {
    value.into()
}

#[tokio::test]
async fn the_25_operations_moto_implements_work_end_to_end() {
    assert!(
        raw("/moto-api/reset", "s3", "us-east-1", "").await.status < 300,
        "moto resets"
    );
    let (vpc_id, subnets) = vpc_with_subnets("us-east-1", 0).await;
    let recorder = Recorder::default();
    let client = ds_client("us-east-1", Some(&recorder));
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
    assert_eq!(flag(d.sso_enabled()), Some(false));
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
        flag(described.directory_descriptions()[0].sso_enabled()),
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
    assert_eq!(flag(l.cloud_only_directories_limit_reached()), Some(false));
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

    modeled_errors_arrive_typed(&client, &simple, vpc_settings, &subnets).await;

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
    assert_botocore_agrees("ds on moto", &cases, 25, &boto3);

    // Run after the checks above, which count directories in us-east-1.
    paginators_walk_every_directory_and_tag_once().await;
}

/// Six distinct modeled errors, each as its typed variant, and one the model lacks.
async fn modeled_errors_arrive_typed(
    client: &Client,
    simple: &str,
    vpc_settings: DirectoryVpcSettings,
    subnets: &[String],
) {
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
            .directory_id(simple)
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
            .directory_id(simple)
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
}
