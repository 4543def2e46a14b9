//! The official Rust SDK's table-driven provider cases: profile chains, container endpoint URIs, IMDS endpoint configuration, and the console sign-in provider we do not implement.

use crate::aws_config_cases::{cases, StubResolver};
use aws_codegen_config::os::{Env, Files};
use aws_codegen_config::profile::chain::{self, BaseProvider, ProfileChain};
use aws_codegen_config::profile::parse::{Section, Sections};
use aws_codegen_config::provider_config::ProviderConfig;
use aws_codegen_config::providers::imds::{Client, EndpointMode};
use aws_codegen_config::providers::{container, profile};
use aws_codegen_runtime::http::mock::MockTransport;
use aws_codegen_runtime::http::transport::HttpResponse;
use serde_json::{json, Value};
use std::fs;

fn load(path: &str) -> Value {
    serde_json::from_slice(&fs::read(cases().join(path)).unwrap()).unwrap()
}

fn sections(input: &Value) -> Sections {
    let mut sections = Sections::default();
    for (key, target) in [
        ("profiles", &mut sections.profiles),
        ("sso_sessions", &mut sections.sso_sessions),
    ] {
        for (name, properties) in input[key].as_object().into_iter().flatten() {
            target.insert(
                name.clone(),
                Section {
                    name: name.clone(),
                    properties: properties
                        .as_object()
                        .unwrap()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                        .collect(),
                    ..Section::default()
                },
            );
        }
    }
    sections
}

/// A chain in the cases' JSON form.
fn chain_json(chain: &ProfileChain) -> Value {
    let strip = |mut value: Value| {
        value.as_object_mut().unwrap().retain(|_, v| !v.is_null());
        value
    };
    let base = match &chain.base {
        BaseProvider::AccessKey(k) => json!({"AccessKey": strip(json!({
            "access_key_id": k.access_key_id, "secret_access_key": k.secret_access_key,
            "session_token": k.session_token, "account_id": k.account_id}))}),
        BaseProvider::NamedSource(name) => json!({ "NamedSource": name }),
        BaseProvider::CredentialProcess {
            command,
            account_id,
        } => {
            json!({"CredentialProcess": strip(json!({"command": command, "account_id": account_id}))})
        }
        BaseProvider::WebIdentityToken {
            role_arn,
            token_file,
            session_name,
        } => json!({"WebIdentityToken": strip(json!({"role_arn": role_arn,
            "web_identity_token_file": token_file, "role_session_name": session_name}))}),
        BaseProvider::Sso(s) => json!({"Sso": strip(json!({"sso_session": s.session_name,
            "sso_region": s.region, "sso_start_url": s.start_url,
            "sso_account_id": s.account_id, "sso_role_name": s.role_name}))}),
        BaseProvider::LoginSession { arn } => json!({"LoginSession": {"login_session_arn": arn}}),
    };
    let mut out = vec![base];
    out.extend(chain.roles.iter().map(|r| {
        json!({"AssumeRole": strip(json!({"role_arn": r.role_arn,
            "external_id": r.external_id, "role_session_name": r.session_name}))})
    }));
    Value::Array(out)
}

#[test]
fn assume_role_chains() {
    let cases = load("assume-role-tests.json");
    let cases = cases.as_array().unwrap();
    assert_eq!(cases.len(), 28);
    let mut failures = Vec::new();
    for case in cases {
        let input = &case["input"];
        let result = chain::resolve(
            &sections(input),
            input["selected_profile"].as_str().unwrap(),
        );
        let output = &case["output"];
        let ok = match (result, output.get("ProfileChain"), output.get("Error")) {
            (Ok(chain), Some(expected), _) => chain_json(&chain) == *expected,
            (Err(e), _, Some(expected)) => e.to_string().contains(expected.as_str().unwrap()),
            _ => false,
        };
        if !ok {
            failures.push(case["docs"].as_str().unwrap().to_owned());
        }
    }
    assert!(failures.is_empty(), "failed: {failures:#?}");
}

#[tokio::test]
async fn container_endpoint_uris() {
    let cases = load("ecs-tests.json");
    let cases = cases["tests"].as_array().unwrap();
    assert_eq!(cases.len(), 11);
    let mut failures = Vec::new();
    for case in cases {
        let env = Env::from_vars(
            case["env"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
        );
        let result = container::uri(&env, &StubResolver).await;
        let expected = &case["result"];
        let ok = match (&result, expected.get("Ok"), expected.get("ErrorContains")) {
            (Ok(uri), Some(want), _) => want == uri,
            (Err(e), _, Some(want)) => e.report().contains(want.as_str().unwrap()),
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{}: {:?}",
                case["docs"],
                result.map_err(|e| e.report())
            ));
        }
    }
    // Plain HTTP to a name that does not resolve to this machine is refused.
    let env = Env::from_vars([(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://example.com/creds",
    )]);
    assert!(container::uri(&env, &StubResolver).await.is_err());
    assert!(failures.is_empty(), "failed: {failures:#?}");
}

#[tokio::test]
async fn imds_endpoint_configuration() {
    let cases = load("imds-config/imds-endpoint-tests.json");
    let cases = cases["tests"].as_array().unwrap();
    assert_eq!(cases.len(), 14);
    let mut failures = Vec::new();
    for case in cases {
        let vars = case["env"].as_object().unwrap();
        let env = Env::from_vars(
            vars.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
        );
        let files = Files::memory(
            case["fs"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().as_bytes().to_vec())),
        );
        let mock = MockTransport::new();
        mock.push(HttpResponse::new(200, &[], "token"));
        mock.push(HttpResponse::new(200, &[], "us-east-1"));
        let config = ProviderConfig::new()
            .env(env)
            .files(files)
            .transport(mock.clone());
        let mode = case
            .get("mode_override")
            .map(|m| m.as_str().unwrap().parse::<EndpointMode>().unwrap());
        let endpoint = case.get("endpoint_override").and_then(Value::as_str);
        let result = match Client::new(&config, endpoint, mode) {
            Ok(client) => client
                .get("/latest/meta-data/placement/region")
                .await
                .map(|_| mock.requests()[0].url.clone())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.report()),
        };
        let expected = &case["result"];
        let ok = match (&result, expected.get("Ok"), expected.get("Err")) {
            (Ok(url), Some(want), _) => want == url,
            (Err(e), _, Some(want)) => e.contains(want.as_str().unwrap()),
            _ => false,
        };
        if !ok {
            failures.push(format!("{}: {result:?}", case["docs"]));
        }
    }
    assert!(failures.is_empty(), "failed: {failures:#?}");
}

/// The `login_session` (console sign-in) provider is not implemented: each of its 8 cases gets
/// a clear error that says so and names the alternative, never credentials.
#[tokio::test]
async fn login_sessions_are_refused_clearly() {
    let cases = load("login-provider-test-cases.json");
    let cases = cases.as_array().unwrap();
    assert_eq!(cases.len(), 8);
    for case in cases {
        let config_text = case["configContents"].as_str().unwrap();
        let files = Files::memory([("/home/user/.aws/config", config_text.as_bytes().to_vec())]);
        let profile = config_text
            .lines()
            .find_map(|l| {
                l.strip_prefix("[profile ")
                    .and_then(|l| l.strip_suffix(']'))
            })
            .unwrap_or("default");
        let env = Env::from_vars([("HOME", "/home/user"), ("AWS_PROFILE", profile)]);
        let config = ProviderConfig::new()
            .env(env)
            .files(files)
            .region("us-east-2");
        let error = profile::credentials(&config).await.unwrap_err().report();
        assert!(
            error.contains("console sign-in credentials are not supported"),
            "{}: {error}",
            case["documentation"]
        );
    }
}
