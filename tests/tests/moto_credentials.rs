//! The credentials chain against moto: roles assumed from profiles (a chain of two, and one with a web identity token) through our generated STS client, then calls made with the assumed credentials.

use crate::moto_harness::endpoint;
use crate::support::root;
use aws_codegen_config::os::Env;
use aws_codegen_config::provider_config::ProviderConfig;
use std::fs;

const ACCOUNT: &str = "123456789012";

/// A home directory whose profiles assume roles from static keys and from a token file.
fn home() -> String {
    let home = root().join("target/test-scratch/moto-credentials");
    let _ = fs::remove_dir_all(&home);
    fs::create_dir_all(home.join(".aws")).unwrap();
    fs::write(
        home.join(".aws/credentials"),
        "[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .unwrap();
    let token = home.join("token.jwt");
    fs::write(&token, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtb3RvIn0.").unwrap();
    fs::write(
        home.join(".aws/config"),
        format!(
            "[profile reader]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/reader\nsource_profile = base\nrole_session_name = chain-1\n\
             [profile writer]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/writer\nsource_profile = reader\nrole_session_name = chain-2\n\
             [profile web]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/web\nweb_identity_token_file = {}\nrole_session_name = web-1\n",
            token.display()
        ),
    )
    .unwrap();
    home.display().to_string()
}

fn provider_config(home: &str, profile: &str) -> ProviderConfig {
    ProviderConfig::new().env(Env::from_vars([
        ("HOME", home.to_owned()),
        ("AWS_PROFILE", profile.to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_ENDPOINT_URL", endpoint()),
    ]))
}

#[tokio::test]
async fn roles_assumed_from_profiles_sign_the_next_calls() {
    let home = home();
    for (profile, session) in [("writer", "writer/chain-2"), ("web", "web/web-1")] {
        let config = aws_codegen_config::load_from(provider_config(&home, profile))
            .await
            .unwrap()
            .endpoint_url(endpoint())
            .build()
            .unwrap();
        // moto knows which role an access key was issued for.
        let sts = aws_sts::Client::new(config.clone());
        let identity = sts.get_caller_identity().send().await.unwrap();
        assert_eq!(
            identity.arn.as_deref(),
            Some(format!("arn:aws:sts::{ACCOUNT}:assumed-role/{session}").as_str()),
            "{profile}"
        );
        let ds = directory_service::Client::new(config);
        let directories = ds.describe_directories().send().await.unwrap();
        assert!(directories.directory_descriptions.is_some(), "{profile}");
    }
    // The chain's credentials carry the assumed role's account and an expiry.
    let chain =
        aws_codegen_config::DefaultCredentialsChain::new(provider_config(&home, "writer")).await;
    let credentials = chain.credentials().await.unwrap();
    assert!(credentials.access_key_id().starts_with("ASIA"));
    assert_eq!(credentials.account_id(), Some(ACCOUNT));
    assert!(credentials.expiry().is_some());
}
