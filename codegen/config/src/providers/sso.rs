//! Role credentials from IAM Identity Center (SSO): the cached token, then `GetRoleCredentials` through our generated SSO client.

use crate::error::{Message, ProviderError};
use crate::profile::chain::SsoSettings;
use crate::provider_config::ProviderConfig;
use crate::providers::token::sso_token;
use crate::providers::{to_system_time, Endpoint};
use aws_codegen_runtime::config::credentials::Credentials;

/// The credentials of the profile's SSO account and role.
pub async fn credentials(
    config: &ProviderConfig,
    endpoint: &Endpoint,
    settings: &SsoSettings,
) -> Result<Credentials, ProviderError> {
    let (Some(account_id), Some(role_name)) = (&settings.account_id, &settings.role_name) else {
        return Err(ProviderError::invalid(Message::new(
            "selected profile will resolve an access token instead of credentials",
        )));
    };
    let token = sso_token(config, settings).await?;
    let client_config = config
        .client_config(
            &settings.region,
            None,
            endpoint.url.as_deref(),
            endpoint.variants,
        )
        .map_err(|e| ProviderError::invalid(Message::new(e)))?;
    let output = aws_sso::Client::new(client_config)
        .get_role_credentials()
        .account_id(account_id.clone())
        .role_name(role_name.clone())
        .access_token(token.token())
        .send()
        .await
        .map_err(|e| {
            ProviderError::failed(Message::caused(
                format!("could not get the credentials of the SSO role `{role_name}` in account {account_id}"),
                e.to_string(),
            ))
        })?;
    let role = output
        .role_credentials
        .ok_or_else(|| ProviderError::failed(Message::new("SSO answered without credentials")))?;
    let (Some(id), Some(secret)) = (role.access_key_id, role.secret_access_key) else {
        return Err(ProviderError::failed(Message::new(
            "SSO answered without an access key",
        )));
    };
    let mut credentials =
        Credentials::new(id, secret, role.session_token).with_account_id(account_id.clone());
    if let Some(millis) = role.expiration {
        credentials = credentials.with_expiry(to_system_time(millis.div_euclid(1000), 0));
    }
    Ok(credentials)
}
