//! Bad and unusual input to the credentials chain: malformed profile files, a `credential_process` that fails or prints garbage, an expired SSO token, and a refreshed one written back to the cache.

use aws_codegen_config::os::{Clock, Env, Files};
use aws_codegen_config::provider_config::ProviderConfig;
use aws_codegen_config::providers::profile;
use aws_codegen_config::token;
use aws_codegen_runtime::http::mock::MockTransport;
use aws_codegen_runtime::http::transport::HttpResponse;
use std::time::{Duration, UNIX_EPOCH};

fn config(files: &[(&str, &str)], vars: &[(&str, &str)]) -> (ProviderConfig, Files) {
    let files = Files::memory(
        files
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec())),
    );
    let mut env = vec![("HOME".to_owned(), "/home".to_owned())];
    env.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let config = ProviderConfig::new()
        .env(Env::from_vars(env))
        .files(files.clone())
        .region("us-east-1");
    (config, files)
}

async fn error_of(files: &[(&str, &str)], vars: &[(&str, &str)]) -> String {
    let (config, _) = config(files, vars);
    profile::credentials(&config).await.unwrap_err().report()
}

#[tokio::test]
async fn malformed_profile_files_name_the_file_and_line() {
    let error = error_of(&[("/home/.aws/config", "[default]\n= us-east-1\n")], &[]).await;
    assert!(
        error.contains(
            "could not parse profile file `/home/.aws/config`: line 2: a property has no name"
        ),
        "{error}"
    );
    let error = error_of(
        &[(
            "/home/.aws/credentials",
            "[default\naws_access_key_id = A\n",
        )],
        &[],
    )
    .await;
    assert!(
        error.contains("/home/.aws/credentials")
            && error.contains("line 1")
            && error.contains("does not end with `]`"),
        "{error}"
    );
    let error = error_of(
        &[(
            "/home/.aws/config",
            "[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Somewhere\n",
        )],
        &[],
    )
    .await;
    assert!(
        error.contains("`credential_source = Somewhere` is not one of"),
        "{error}"
    );
    let error = error_of(
        &[("/home/.aws/config", "[profile a]\nregion = x\n")],
        &[("AWS_PROFILE", "missing")],
    )
    .await;
    assert!(
        error.contains("the profile `missing` is not defined"),
        "{error}"
    );
}

#[tokio::test]
async fn a_failing_or_garbled_credential_process_is_a_clear_error_without_its_output() {
    let garbage = "[default]\ncredential_process = echo 'AKIDLEAK topsecret not json'\n";
    let error = error_of(&[("/home/.aws/config", garbage)], &[]).await;
    assert!(
        error.contains("could not parse response: invalid JSON in response"),
        "{error}"
    );
    assert!(!error.contains("topsecret"), "{error}");
    let failing = "[default]\ncredential_process = sh -c 'echo denied >&2; exit 2'\n";
    let error = error_of(&[("/home/.aws/config", failing)], &[]).await;
    assert!(
        error.contains("external process exited with code exit status: 2 (denied)"),
        "{error}"
    );
    let missing_secret =
        "[default]\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"A\"}'\n";
    let error = error_of(&[("/home/.aws/config", missing_secret)], &[]).await;
    assert!(error.contains("`SecretAccessKey` is missing"), "{error}");
}

const SSO_CONFIG: &str = "[default]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Reader\n[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.awsapps.com/start\n";

fn cache_path() -> String {
    let (config, _) = config(&[], &[]);
    token::cache_path(&config, "corp").unwrap()
}

#[tokio::test]
async fn an_expired_sso_token_without_a_refresh_token_asks_for_a_login() {
    let cache = r#"{"accessToken": "old", "expiresAt": "2001-01-01T00:00:00Z", "startUrl": "https://corp.awsapps.com/start"}"#;
    let error = error_of(
        &[("/home/.aws/config", SSO_CONFIG), (&cache_path(), cache)],
        &[],
    )
    .await;
    assert!(
        error.contains("has expired and could not be refreshed; run `aws sso login`"),
        "{error}"
    );
    assert!(error.contains("no `refreshToken`"), "{error}");
    let error = error_of(
        &[
            ("/home/.aws/config", SSO_CONFIG),
            (&cache_path(), "{not json"),
        ],
        &[],
    )
    .await;
    assert!(
        error.contains("is unreadable: not a JSON object"),
        "{error}"
    );
}

#[tokio::test]
async fn an_expiring_sso_token_is_refreshed_through_sso_oidc_and_written_back() {
    let now = UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    let cache = r#"{"accessToken": "old", "expiresAt": "2030-03-17T17:48:00Z", "refreshToken": "refresh-1", "clientId": "client", "clientSecret": "client-secret", "registrationExpiresAt": "2099-01-01T00:00:00Z", "region": "us-east-1", "startUrl": "https://corp.awsapps.com/start"}"#;
    let (config, files) = config(
        &[("/home/.aws/config", SSO_CONFIG), (&cache_path(), cache)],
        &[],
    );
    let mock = MockTransport::new();
    mock.push(HttpResponse::new(
        200,
        &[("content-type", "application/json")],
        r#"{"accessToken": "new", "expiresIn": 3600, "refreshToken": "refresh-2", "tokenType": "Bearer"}"#,
    ));
    mock.push(HttpResponse::new(
        200,
        &[("content-type", "application/json")],
        r#"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "sso-secret", "sessionToken": "t", "expiration": 1900003600000}}"#,
    ));
    // 2030-03-17T17:46:40Z: the token is still valid, but for less than five minutes.
    let clock = Clock::fixed(now);
    let config = config.clock(clock).transport(mock.clone());
    let credentials = profile::credentials(&config).await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIASSO");
    assert_eq!(credentials.account_id(), Some("111122223333"));
    let requests = mock.requests();
    assert!(
        requests[0]
            .url
            .starts_with("https://oidc.us-east-1.amazonaws.com/token"),
        "{}",
        requests[0].url
    );
    assert!(String::from_utf8_lossy(&requests[0].body).contains("refresh-1"));
    assert_eq!(requests[1].header("x-amz-sso_bearer_token"), Some("new"));
    assert!(
        requests[1].header("authorization").is_none(),
        "SSO calls are unsigned"
    );
    let written: serde_json::Value =
        serde_json::from_slice(&files.read(&cache_path()).unwrap()).unwrap();
    assert_eq!(written["accessToken"], "new");
    assert_eq!(written["refreshToken"], "refresh-2");
    assert_eq!(
        written["clientSecret"], "client-secret",
        "the rest of the cache is kept"
    );
}

#[tokio::test]
async fn load_needs_a_region_and_asks_for_credentials_only_when_calling() {
    let config = ProviderConfig::new()
        .env(Env::from_vars([
            ("HOME", "/home"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ]))
        .files(Files::memory(Vec::<(String, Vec<u8>)>::new()));
    let error = aws_codegen_config::load_from(config).await.unwrap_err();
    assert!(error.to_string().starts_with("no region"), "{error}");
    let config = ProviderConfig::new()
        .env(Env::from_vars([
            ("HOME", "/home"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ]))
        .files(Files::memory(Vec::<(String, Vec<u8>)>::new()));
    let mock = MockTransport::new();
    let client = aws_sts::Client::new(
        aws_codegen_config::load_from(config.transport(mock.clone()))
            .await
            .unwrap()
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    let error = client
        .get_caller_identity()
        .send()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("no provider in the default chain had credentials")
            && error.contains("environment: the credential provider was not enabled"),
        "{error}"
    );
    assert!(
        mock.requests().is_empty(),
        "nothing is sent without credentials"
    );
}
