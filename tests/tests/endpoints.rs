//! botocore's endpoint test suites: every ds and clouddirectory case through the generated
//! crates' resolvers, and every workspaces and clouddirectory case through the same rules
//! engine given the rule files directly.

use crate::support::root;
use serde_json::Value;
use std::path::PathBuf;

use aws_codegen_runtime::client::endpoint as engine;

fn dir(variable: &str) -> PathBuf {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{variable} is not set: run `cargo xtask test`, which downloads botocore's test suites"))
}

fn cases(service: &str) -> Vec<Value> {
    let path = dir("ENDPOINT_TESTS")
        .join(service)
        .join("endpoint-tests-1.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let suite: Value = serde_json::from_str(&text).unwrap();
    suite["testCases"].as_array().unwrap().clone()
}

pub(crate) fn params(case: &Value) -> (Option<String>, bool, bool, Option<String>) {
    let p = &case["params"];
    (
        p["Region"].as_str().map(str::to_owned),
        p["UseFIPS"].as_bool().unwrap_or(false),
        p["UseDualStack"].as_bool().unwrap_or(false),
        p["Endpoint"].as_str().map(str::to_owned),
    )
}

/// Runs a suite; returns (cases, expecting an error, failures).
fn run(
    service: &str,
    resolve: impl Fn(&Value) -> Result<String, String>,
) -> (usize, usize, Vec<String>) {
    run_cases(service, &cases(service), resolve)
}

/// Runs test cases in botocore's (and Smithy's `endpointTests`) format; returns (cases,
/// expecting an error, failures).
pub(crate) fn run_cases(
    service: &str,
    cases: &[Value],
    resolve: impl Fn(&Value) -> Result<String, String>,
) -> (usize, usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut errors = 0;
    for case in cases {
        let got = resolve(case);
        let expect = &case["expect"];
        let ok = match (
            expect["endpoint"]["url"].as_str(),
            expect["error"].as_str(),
            &got,
        ) {
            (Some(url), _, Ok(got)) => got == url,
            (_, Some(message), Err(got)) => {
                errors += 1;
                got == message
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{service}: {}: expected {expect}, got {got:?}",
                case["documentation"]
            ));
        }
    }
    (cases.len(), errors, failures)
}

#[test]
fn every_ds_endpoint_case_resolves_as_botocore_expects() {
    use directory_service::endpoint::{resolve, EndpointParams};
    let (count, errors, failures) = run("ds", |case| {
        let (region, use_fips, use_dual_stack, endpoint) = params(case);
        resolve(&EndpointParams {
            region,
            use_fips,
            use_dual_stack,
            endpoint,
            ..Default::default()
        })
        .map(|e| e.url)
        .map_err(|e| e.0)
    });
    println!(
        "ds: {count} endpoint cases ({errors} expecting an error), {} failed",
        failures.len()
    );
    assert_eq!(count, 48);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_clouddirectory_endpoint_case_resolves_as_botocore_expects() {
    use aws_clouddirectory::endpoint::{resolve, EndpointParams};
    let (count, errors, failures) = run("clouddirectory", |case| {
        let (region, use_fips, use_dual_stack, endpoint) = params(case);
        resolve(&EndpointParams {
            region,
            use_fips,
            use_dual_stack,
            endpoint,
            ..Default::default()
        })
        .map(|e| e.url)
        .map_err(|e| e.0)
    });
    println!(
        "clouddirectory: {count} endpoint cases ({errors} expecting an error), {} failed",
        failures.len()
    );
    assert_eq!(count, 31);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn workspaces_and_clouddirectory_endpoint_cases_resolve_too() {
    let data = dir("BOTOCORE_DATA");
    let partitions: Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("partitions.json")).unwrap())
            .unwrap();
    // Pinned counts: a suite that shrinks or vanishes fails here.
    for (service, version, expected) in [
        ("workspaces", "2015-04-08", 36),
        ("clouddirectory", "2017-01-11", 31),
    ] {
        let rules: Value = serde_json::from_str(
            &std::fs::read_to_string(
                data.join(service)
                    .join(version)
                    .join("endpoint-rule-set-1.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let (count, errors, failures) = run(service, |case| {
            let (region, use_fips, use_dual_stack, endpoint) = params(case);
            engine::resolve(
                &rules,
                &partitions,
                &engine::EndpointParams {
                    region,
                    use_fips,
                    use_dual_stack,
                    endpoint,
                    ..Default::default()
                },
            )
            .map_err(|e| e.0)
        });
        println!(
            "{service}: {count} endpoint cases ({errors} expecting an error), {} failed",
            failures.len()
        );
        assert_eq!(count, expected, "{service}: endpoint test count");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
    let _ = root();
}

#[tokio::test]
async fn the_client_sends_to_the_resolved_endpoint() {
    use directory_service::client::RetryConfig;
    use directory_service::test_util::MockTransport;
    use directory_service::{Client, Config, Credentials};
    let mock = MockTransport::new();
    for _ in 0..3 {
        mock.respond(200, &[], "{}");
    }
    for (fips, dual, url) in [
        (false, false, "https://ds.eu-west-1.amazonaws.com/"),
        (true, false, "https://ds-fips.eu-west-1.amazonaws.com/"),
        (true, true, "https://ds-fips.eu-west-1.api.aws/"),
    ] {
        let client = Client::new(
            Config::builder()
                .region("eu-west-1")
                .credentials(Credentials::new("a", "b", None))
                .use_fips(fips)
                .use_dual_stack(dual)
                .transport(mock.clone())
                .retry(RetryConfig::disabled())
                .build()
                .unwrap(),
        );
        client.get_directory_limits().send().await.unwrap();
        assert_eq!(mock.last_request().unwrap().url, url);
    }
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None))
            .use_fips(true)
            .endpoint_url("https://example.com")
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    let err = client.get_directory_limits().send().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "GetDirectoryLimits failed: request not built: no endpoint: Invalid Configuration: FIPS and custom endpoint are not supported"
    );
}

#[test]
fn iam_endpoint_cases_resolve_with_their_signing_region() {
    // IAM's endpoints are global: most regions' requests go to one host and are signed for
    // the partition's global region, which the rules' `authSchemes` property names.
    use aws_iam::endpoint::{resolve, EndpointParams};
    let mut checked = 0;
    let mut scoped = 0;
    let mut failures = Vec::new();
    for case in cases("iam") {
        let (region, use_fips, use_dual_stack, endpoint) = params(&case);
        let got = resolve(&EndpointParams {
            region,
            use_fips,
            use_dual_stack,
            endpoint,
            ..Default::default()
        });
        let expect = &case["expect"]["endpoint"];
        let Some(url) = expect["url"].as_str() else {
            continue;
        };
        checked += 1;
        let sigv4 = expect["properties"]["authSchemes"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["name"] == "sigv4"));
        let wanted_region = sigv4.and_then(|s| s["signingRegion"].as_str());
        let wanted_name = sigv4.and_then(|s| s["signingName"].as_str());
        scoped += usize::from(wanted_region.is_some());
        match got {
            Ok(e)
                if e.url == url
                    && e.signing_region.as_deref() == wanted_region
                    && e.signing_name.as_deref() == wanted_name => {}
            other => failures.push(format!(
                "{}: expected {url} signed for {wanted_region:?}/{wanted_name:?}, got {other:?}",
                case["documentation"]
            )),
        }
    }
    println!(
        "iam: {checked} endpoint cases, {scoped} with a signing region, {} failed",
        failures.len()
    );
    assert!(
        checked >= 10 && scoped >= 10,
        "{checked} cases, {scoped} scoped"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_global_endpoint_is_signed_for_its_own_region() {
    use aws_iam::test_util::MockTransport;
    let mock = MockTransport::new();
    mock.respond(
        200,
        &[],
        "<ListUsersResponse><ListUsersResult><Users/></ListUsersResult></ListUsersResponse>",
    );
    let client = aws_iam::Client::new(
        aws_iam::Config::builder()
            .region("eu-west-1")
            .credentials(aws_iam::Credentials::new("AKID", "SECRET", None))
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    client.list_users().send().await.unwrap();
    let request = mock.last_request().unwrap();
    assert_eq!(request.url, "https://iam.amazonaws.com/");
    let authorization = request.header("authorization").unwrap();
    assert!(
        authorization.contains("/us-east-1/iam/aws4_request"),
        "{authorization}"
    );
}
