//! The default credentials chain, in the SDKs' order: environment, profile, web identity from the environment, the container endpoint, then IMDS.

use crate::error::{Message, ProviderError};
use crate::provider_config::ProviderConfig;
use crate::providers::{container, environment, imds, profile, sts, Endpoint};
use crate::region;
use aws_codegen_runtime::config::credentials::Credentials;

/// The default chain over a provider configuration whose region is resolved.
#[derive(Clone, Debug)]
pub struct DefaultCredentialsChain {
    config: ProviderConfig,
}

impl DefaultCredentialsChain {
    /// The chain over `config`, its region resolved by the region chain if not given.
    pub async fn new(config: ProviderConfig) -> Self {
        let region = region::region(&config).await;
        DefaultCredentialsChain {
            config: config.with_region(region),
        }
    }

    /// The configuration the providers use.
    pub fn config(&self) -> &ProviderConfig {
        &self.config
    }

    /// The first provider's credentials that is configured here: one that is configured but
    /// fails stops the chain with its error.
    pub async fn credentials(&self) -> Result<Credentials, ProviderError> {
        let config = &self.config;
        let mut skipped = Vec::new();
        for source in Source::ALL {
            let result = match source {
                Source::Environment => environment::credentials(&config.env),
                Source::Profile => profile::credentials(config).await,
                Source::WebIdentity => web_identity_from_env(config).await,
                Source::Container => container::credentials(config).await,
                Source::Imds => imds::credentials::credentials(config).await,
            };
            match result {
                Err(e) if e.is_not_loaded() => {
                    skipped.push(format!("{}: {}", source.name(), e.report()))
                }
                other => return other,
            }
        }
        Err(ProviderError::not_loaded(Message::new(format!(
            "no provider in the default chain had credentials ({})",
            skipped.join("; ")
        ))))
    }
}

#[derive(Clone, Copy, Debug)]
enum Source {
    Environment,
    Profile,
    WebIdentity,
    Container,
    Imds,
}

impl Source {
    const ALL: [Source; 5] = [
        Source::Environment,
        Source::Profile,
        Source::WebIdentity,
        Source::Container,
        Source::Imds,
    ];

    fn name(self) -> &'static str {
        match self {
            Source::Environment => "environment",
            Source::Profile => "profile",
            Source::WebIdentity => "web identity",
            Source::Container => "container",
            Source::Imds => "IMDS",
        }
    }
}

/// `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN` (and `AWS_ROLE_SESSION_NAME`).
async fn web_identity_from_env(config: &ProviderConfig) -> Result<Credentials, ProviderError> {
    let env = &config.env;
    let (Some(token_file), Some(role_arn)) = (
        env.value("AWS_WEB_IDENTITY_TOKEN_FILE"),
        env.value("AWS_ROLE_ARN"),
    ) else {
        return Err(ProviderError::not_loaded(Message::new(
            "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set",
        )));
    };
    let profiles = crate::profile::load(env, &config.files, config.profile_override()).ok();
    let endpoint = Endpoint::of("sts", env, profiles.as_ref());
    let session = env.value("AWS_ROLE_SESSION_NAME");
    sts::web_identity(
        config,
        &endpoint,
        &role_arn,
        &token_file,
        session.as_deref(),
    )
    .await
}
