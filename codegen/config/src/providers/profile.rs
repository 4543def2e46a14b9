//! Credentials from the selected profile: its base provider, then each role assumed in turn through STS.

use crate::error::{Message, ProviderError};
use crate::profile::chain::{self, BaseProvider, ChainError, ProfileChain};
use crate::profile::{self, ProfileSet};
use crate::provider_config::ProviderConfig;
use crate::providers::{container, environment, imds, login, process, sso, sts, Endpoint};
use aws_codegen_runtime::config::credentials::Credentials;

/// The selected profile's chain: not loaded when there are no profiles, or when the selected
/// profile is the default one and is missing or holds no credentials (the next provider
/// may have them); invalid when its settings are wrong.
pub fn profile_chain(profiles: &ProfileSet) -> Result<ProfileChain, ProviderError> {
    match chain::resolve(&profiles.sections, &profiles.selected) {
        Ok(chain) => Ok(chain),
        Err(e @ ChainError::NoProfiles) => Err(ProviderError::not_loaded(e)),
        Err(e @ ChainError::MissingProfile(_)) if !profiles.explicit => {
            Err(ProviderError::not_loaded(e))
        }
        Err(ChainError::NoCredentials(name)) if name == profiles.selected => {
            Err(ProviderError::not_loaded(ChainError::NoCredentials(name)))
        }
        Err(e) => Err(ProviderError::invalid(e)),
    }
}

/// The selected profile's credentials.
pub async fn credentials(config: &ProviderConfig) -> Result<Credentials, ProviderError> {
    let profiles = profile::load(&config.env, &config.files, config.profile_override())
        .map_err(ProviderError::invalid)?;
    let chain = profile_chain(&profiles)?;
    let endpoint = Endpoint::of("sts", &config.env, Some(&profiles));
    let base = base_credentials(config, &profiles, &chain.base)
        .await
        .map_err(|e| match e {
            // The profile named this source: that it has nothing is the profile's error.
            ProviderError::NotLoaded(_) => ProviderError::invalid(Message::caused(
                format!(
                    "the source of the profile `{}` has no credentials",
                    profiles.selected
                ),
                e,
            )),
            other => other,
        })?;
    let mut credentials = base;
    for role in &chain.roles {
        credentials = sts::assume_role(config, &endpoint, credentials, role).await?;
    }
    Ok(credentials)
}

async fn base_credentials(
    config: &ProviderConfig,
    profiles: &ProfileSet,
    base: &BaseProvider,
) -> Result<Credentials, ProviderError> {
    match base {
        BaseProvider::AccessKey(keys) => {
            let mut credentials = Credentials::new(
                keys.access_key_id.clone(),
                keys.secret_access_key.clone(),
                keys.session_token.clone(),
            );
            if let Some(account) = &keys.account_id {
                credentials = credentials.with_account_id(account.clone());
            }
            Ok(credentials)
        }
        BaseProvider::NamedSource(source) => match source.as_str() {
            "Environment" => environment::credentials(&config.env),
            "Ec2InstanceMetadata" => imds::credentials::credentials(config).await,
            "EcsContainer" => container::credentials(config).await,
            other => Err(ProviderError::invalid(Message::new(format!(
                "`credential_source = {other}` is not one of Environment, Ec2InstanceMetadata and EcsContainer"
            )))),
        },
        BaseProvider::CredentialProcess {
            command,
            account_id,
        } => process::credentials(command, account_id.as_deref()).await,
        BaseProvider::WebIdentityToken {
            role_arn,
            token_file,
            session_name,
        } => {
            let endpoint = Endpoint::of("sts", &config.env, Some(profiles));
            sts::web_identity(config, &endpoint, role_arn, token_file, session_name.as_deref())
                .await
        }
        BaseProvider::Sso(settings) => {
            if settings.account_id.is_none() || settings.role_name.is_none() {
                return Err(ProviderError::invalid(Message::new(format!(
                    "the profile `{}` has no `sso_account_id` and `sso_role_name`: selected profile will resolve an access token instead of credentials",
                    profiles.selected
                ))));
            }
            let endpoint = Endpoint::of("sso", &config.env, Some(profiles));
            sso::credentials(config, &endpoint, settings).await
        }
        BaseProvider::LoginSession { arn } => login::credentials(config, arn).await,
    }
}
