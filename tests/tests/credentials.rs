//! Credentials and region from the environment, the shared files and providers, with
//! temporary home directories; never shown in `Debug`.

use crate::support::root;
use directory_service::client::{
    CredentialsError, CredentialsFuture, Environment, ProvideCredentials, RetryConfig,
};
use directory_service::test_util::MockTransport;
use directory_service::{Client, Config, Credentials};
use std::fs;
use std::path::PathBuf;

fn home(name: &str, credentials: Option<&str>, config: Option<&str>) -> PathBuf {
    let dir = root().join("target/test-scratch/homes").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join(".aws")).unwrap();
    if let Some(text) = credentials {
        fs::write(dir.join(".aws/credentials"), text).unwrap();
    }
    if let Some(text) = config {
        fs::write(dir.join(".aws/config"), text).unwrap();
    }
    dir
}

fn env(home: &std::path::Path, extra: &[(&str, &str)]) -> Environment {
    let mut vars = vec![("HOME".to_owned(), home.display().to_string())];
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Environment::from_vars(vars)
}

const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\naws_session_token = dev-token\n";
const CONFIG: &str = "[default]\nregion = eu-west-1\n\n[profile dev]\nregion = ap-southeast-2\naws_access_key_id = AKIDFROMCONFIG\naws_secret_access_key = config-secret\n\n[profile config-only]\naws_access_key_id = AKIDCONFIGONLY\naws_secret_access_key = config-only-secret\n";

#[test]
fn every_source_and_their_precedence() {
    let h = home("precedence", Some(CREDENTIALS), Some(CONFIG));
    // The shared files' default profile.
    let e = env(&h, &[]);
    assert_eq!(
        e.resolve_credentials().unwrap().access_key_id(),
        "AKIDDEFAULT"
    );
    assert_eq!(e.region().unwrap().as_deref(), Some("eu-west-1"));
    // Environment variables win over the files.
    let e = env(
        &h,
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_REGION", "us-east-2"),
        ],
    );
    assert_eq!(e.resolve_credentials().unwrap().access_key_id(), "AKIDENV");
    assert_eq!(e.region().unwrap().as_deref(), Some("us-east-2"));
    let e = env(&h, &[("AWS_DEFAULT_REGION", "ca-central-1")]);
    assert_eq!(e.region().unwrap().as_deref(), Some("ca-central-1"));
    // AWS_PROFILE picks `[dev]` in credentials and `[profile dev]` in config; the credentials
    // file wins for the same key.
    let e = env(&h, &[("AWS_PROFILE", "dev")]);
    let c = e.resolve_credentials().unwrap();
    assert_eq!(c.access_key_id(), "AKIDDEV");
    assert_eq!(e.region().unwrap().as_deref(), Some("ap-southeast-2"));
    // A profile only in the config file.
    let e = env(&h, &[("AWS_PROFILE", "config-only")]);
    assert_eq!(
        e.resolve_credentials().unwrap().access_key_id(),
        "AKIDCONFIGONLY"
    );
    // Files elsewhere.
    let other = home("elsewhere", None, None);
    let path = other.join("creds");
    fs::write(
        &path,
        "[default]\naws_access_key_id=AKIDFILE\naws_secret_access_key=s\n",
    )
    .unwrap();
    let e = env(
        &other,
        &[("AWS_SHARED_CREDENTIALS_FILE", path.to_str().unwrap())],
    );
    assert_eq!(e.resolve_credentials().unwrap().access_key_id(), "AKIDFILE");
}

#[test]
fn missing_and_malformed_sources_say_what_and_where() {
    let h = home(
        "malformed",
        Some("[default]\naws_access_key_id = A\nthis is not a setting\n"),
        None,
    );
    let err = env(&h, &[]).resolve_credentials().unwrap_err().to_string();
    let file = h.join(".aws/credentials");
    assert_eq!(err, format!("no credentials: {}:3: expected `key = value` or `[profile]`, found `this is not a setting`", file.display()));

    let h = home("missing-profile", Some(CREDENTIALS), Some(CONFIG));
    let err = env(&h, &[("AWS_PROFILE", "prod")])
        .resolve_credentials()
        .unwrap_err();
    assert_eq!(err.to_string(), "no credentials: the profile `prod` (from AWS_PROFILE) is in neither ~/.aws/credentials nor ~/.aws/config");

    let h = home("nothing", None, None);
    let err = Config::from_environment(env(&h, &[("AWS_REGION", "us-east-1")])).unwrap_err();
    assert!(
        err.to_string()
            .contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        "{err}"
    );
    let err = Config::from_environment(env(
        &h,
        &[("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", "B")],
    ))
    .unwrap_err();
    assert!(err.to_string().contains("no region"), "{err}");

    let h = home("keyless", Some("[default]\nregion = us-east-1\n"), None);
    let err = env(&h, &[]).resolve_credentials().unwrap_err();
    assert!(
        err.to_string().contains("has no aws_access_key_id"),
        "{err}"
    );
}

#[derive(Debug)]
struct Rotating;

impl ProvideCredentials for Rotating {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            Ok(Credentials::new(
                "AKIDPROVIDED",
                "provided-secret",
                Some("provided-token".into()),
            ))
        })
    }
}

#[derive(Debug)]
struct Broken;

impl ProvideCredentials for Broken {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async { Err(CredentialsError::new("the vault is sealed")) })
    }
}

#[tokio::test]
async fn providers_sign_requests_and_secrets_never_show() {
    let mock = MockTransport::new();
    mock.respond(200, &[], "{}");
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Rotating)
        .endpoint_url("http://127.0.0.1:1")
        .transport(mock.clone())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let client = Client::new(config);
    client.get_directory_limits().send().await.unwrap();
    let request = mock.last_request().unwrap();
    assert!(request
        .header("authorization")
        .unwrap()
        .contains("Credential=AKIDPROVIDED/"));
    assert_eq!(
        request.header("x-amz-security-token"),
        Some("provided-token")
    );
    let shown = format!("{client:?} {request:?}");
    assert!(
        !shown.contains("provided-secret") && !shown.contains("provided-token"),
        "{shown}"
    );

    let h = home("from-environment", Some(CREDENTIALS), Some(CONFIG));
    let config = Config::from_environment(env(&h, &[("AWS_PROFILE", "dev")])).unwrap();
    assert_eq!(config.region(), "ap-southeast-2");
    let shown = format!("{config:?}");
    assert!(
        !shown.contains("dev-secret") && !shown.contains("dev-token"),
        "{shown}"
    );

    let from_vars = Config::from_environment(env(
        &h,
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret-value"),
        ],
    ))
    .unwrap();
    let shown = format!("{from_vars:?}");
    assert!(
        !shown.contains("env-secret-value") && shown.contains("AWS_SECRET_ACCESS_KEY"),
        "{shown}"
    );

    // A provider from the official SDK's credential types.
    let official = aws_credential_types::Credentials::new(
        "AKIDOFFICIAL",
        "official-secret",
        None,
        None,
        "test",
    );
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials_provider(directory_service::client::SdkCredentialsProvider(official))
            .endpoint_url("http://127.0.0.1:1")
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    mock.respond(200, &[], "{}");
    client.get_directory_limits().send().await.unwrap();
    assert!(mock
        .last_request()
        .unwrap()
        .header("authorization")
        .unwrap()
        .contains("Credential=AKIDOFFICIAL/"));

    let failing = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials_provider(Broken)
            .transport(mock.clone())
            .build()
            .unwrap(),
    );
    let err = failing.get_directory_limits().send().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "GetDirectoryLimits failed: request not built: no credentials: the vault is sealed"
    );
}
