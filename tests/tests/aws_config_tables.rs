//! The official Rust SDK's table-driven provider cases: profile chains, container endpoint URIs, IMDS endpoint configuration, and the console sign-in provider we do not implement.

use crate::aws_config_cases::{cases, StubResolver};
use aws_codegen_config::os::{Clock, Env, Files};
use aws_codegen_config::profile::chain::{self, BaseProvider, ProfileChain};
use aws_codegen_config::profile::parse::{Section, Sections};
use aws_codegen_config::provider_config::ProviderConfig;
use aws_codegen_config::providers::imds::{Client, EndpointMode};
use aws_codegen_config::providers::{container, profile};
use aws_codegen_runtime::http::mock::MockTransport;
use aws_codegen_runtime::http::transport::HttpResponse;
use serde_json::{json, Value};
use std::fs;
use std::time::UNIX_EPOCH;

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

/// Whether `proof` is a DPoP proof for a POST to `url`, signed by the key its header names.
fn valid_dpop(proof: &str, url: &str) -> bool {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    let parts: Vec<&str> = proof.split('.').collect();
    let [header, claims, signature] = parts.as_slice() else {
        return false;
    };
    let decode = |part: &str| -> Option<Value> {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
    };
    let (Some(header), Some(claims)) = (decode(header), decode(claims)) else {
        return false;
    };
    let coordinate = |name: &str| {
        URL_SAFE_NO_PAD
            .decode(header["jwk"][name].as_str().unwrap_or(""))
            .unwrap_or_default()
    };
    let mut point = vec![4u8];
    point.extend(coordinate("x"));
    point.extend(coordinate("y"));
    let key =
        ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, point);
    let signed = format!("{}.{}", parts[0], parts[1]);
    header["typ"] == "dpop+jwt"
        && header["alg"] == "ES256"
        && claims["htm"] == "POST"
        && claims["htu"] == url.split('?').next().unwrap()
        && claims["iat"] == 1_763_510_400
        && key
            .verify(
                signed.as_bytes(),
                &URL_SAFE_NO_PAD.decode(signature).unwrap_or_default(),
            )
            .is_ok()
}

/// The console sign-in (`login_session`) cases: the cache `aws login` writes, and its refresh
/// through the generated Sign-In client with a DPoP proof (checked against the key it names).
#[tokio::test]
async fn login_session_cases() {
    let cases = load("login-provider-test-cases.json");
    let cases = cases.as_array().unwrap();
    assert_eq!(cases.len(), 8);
    let arn = "arn:aws:sts::012345678910:assumed-role/Admin/admin";
    let mut failures = Vec::new();
    for case in cases {
        let name = case["documentation"].as_str().unwrap();
        let config_text = case["configContents"].as_str().unwrap();
        let mut files = vec![(
            "/home/user/.aws/config".to_owned(),
            config_text.as_bytes().to_vec(),
        )];
        for (file, contents) in case["cacheContents"].as_object().unwrap() {
            let mut contents = contents.clone();
            if let Some(token) = contents
                .get_mut("accessToken")
                .and_then(Value::as_object_mut)
            {
                token.entry("tokenType").or_insert(json!("aws_sigv4"));
            }
            files.push((
                format!("/home/user/.aws/login/cache/{file}"),
                contents.to_string().into_bytes(),
            ));
        }
        let files = Files::memory(files);
        let profile = config_text
            .lines()
            .find_map(|l| {
                l.strip_prefix("[profile ")
                    .and_then(|l| l.strip_suffix(']'))
            })
            .unwrap_or("default");
        let env = Env::from_vars([("HOME", "/home/user"), ("AWS_PROFILE", profile)]);
        // Every request gets the first mocked answer: a status, the token, or a 500.
        let mock = MockTransport::new();
        let answer = match case.get("mockApiCalls").and_then(|c| c.get(0)) {
            Some(call) => match (
                call.get("responseCode"),
                call["response"].get("tokenOutput"),
            ) {
                (Some(code), _) => HttpResponse::new(
                    code.as_u64().unwrap() as u16,
                    &[],
                    r#"{"error":"refresh_failed"}"#,
                ),
                (None, Some(output)) => HttpResponse::new(
                    200,
                    &[("content-type", "application/json")],
                    output.to_string(),
                ),
                _ => HttpResponse::new(500, &[], ""),
            },
            None => HttpResponse::new(500, &[], ""),
        };
        for _ in 0..4 {
            mock.push(answer.clone());
        }
        let now = UNIX_EPOCH + std::time::Duration::from_secs(1_763_510_400); // 2025-11-19T00:00:00Z
        let config = ProviderConfig::new()
            .env(env)
            .files(files.clone())
            .clock(Clock::fixed(now))
            .region("us-east-2")
            .transport(mock.clone())
            .retry(aws_codegen_runtime::config::retry::RetryConfig::disabled());
        let result = profile::credentials(&config).await;
        for outcome in case["outcomes"].as_array().unwrap() {
            let ok = match (outcome["result"].as_str().unwrap(), &result) {
                ("credentials", Ok(c)) => {
                    outcome["accessKeyId"] == c.access_key_id()
                        && outcome["secretAccessKey"] == c.secret_access_key()
                        && outcome["sessionToken"].as_str() == c.session_token()
                        && outcome["accountId"].as_str() == c.account_id()
                }
                ("error", Err(_)) => true,
                ("cacheContents", _) => {
                    let path =
                        aws_codegen_config::providers::login::cache_path(&config, arn).unwrap();
                    let cached: Value =
                        serde_json::from_slice(&files.read(&path).unwrap()).unwrap();
                    outcome
                        .as_object()
                        .unwrap()
                        .iter()
                        .filter(|(key, _)| *key != "result")
                        .all(|(_, want)| {
                            [
                                "accessKeyId",
                                "secretAccessKey",
                                "sessionToken",
                                "accountId",
                                "expiresAt",
                            ]
                            .iter()
                            .all(|k| want["accessToken"][k] == cached["accessToken"][k])
                                && want["refreshToken"] == cached["refreshToken"]
                        })
                }
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{name}: {} with {:?}",
                    outcome["result"],
                    result.as_ref().map_err(|e| e.report())
                ));
            }
        }
        // A refresh carries a valid proof for the token endpoint.
        for request in mock.requests() {
            assert!(request.url.starts_with("https://"), "{}", request.url);
            let proof = request.header("dpop").unwrap_or("");
            assert!(
                valid_dpop(proof, &request.url),
                "{name}: DPoP proof {proof}"
            );
        }
    }
    assert!(failures.is_empty(), "failed: {failures:#?}");
}
