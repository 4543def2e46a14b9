//! Roles through our own generated STS client: `AssumeRole` with the credentials before it, and `AssumeRoleWithWebIdentity` with a token file.

use crate::error::{Message, ProviderError};
use crate::profile::chain::RoleArn;
use crate::provider_config::ProviderConfig;
use crate::providers::{account_from_arn, to_system_time, Endpoint};
use aws_codegen_runtime::config::credentials::Credentials;
use std::time::UNIX_EPOCH;

/// STS's credentials as ours: the account is the fifth field of the assumed role's ARN.
fn credentials(
    credentials: Option<aws_sts::types::Credentials>,
    user: Option<aws_sts::types::AssumedRoleUser>,
) -> Result<Credentials, ProviderError> {
    let credentials = credentials
        .ok_or_else(|| ProviderError::failed(Message::new("STS answered without credentials")))?;
    let mut out = Credentials::new(
        credentials.access_key_id,
        credentials.secret_access_key,
        Some(credentials.session_token),
    )
    .with_expiry(to_system_time(
        credentials.expiration.secs(),
        credentials.expiration.subsec_nanos(),
    ));
    if let Some(account) = user.as_ref().and_then(|u| account_from_arn(&u.arn)) {
        out = out.with_account_id(account);
    }
    Ok(out)
}

/// A session name for a role that does not name one: unique per call, as the SDKs make it.
fn session_name(config: &ProviderConfig) -> String {
    let millis = config
        .clock
        .now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    format!("aws-codegen-{millis}")
}

/// The region STS is called in: the one configured, or an error saying none was found.
fn region(config: &ProviderConfig) -> Result<String, ProviderError> {
    config
        .configured_region()
        .map(str::to_owned)
        .ok_or_else(|| {
            ProviderError::invalid(Message::new(
                "no region for STS: set AWS_REGION or a profile's `region`",
            ))
        })
}

/// Assumes `role` with `base` credentials.
pub async fn assume_role(
    config: &ProviderConfig,
    endpoint: &Endpoint,
    base: Credentials,
    role: &RoleArn,
) -> Result<Credentials, ProviderError> {
    let region = region(config)?;
    let client_config = config
        .client_config(
            &region,
            Some(base),
            endpoint.url.as_deref(),
            endpoint.variants,
        )
        .map_err(|e| ProviderError::invalid(Message::new(e)))?;
    let client = aws_sts::Client::new(client_config);
    let mut call = client
        .assume_role()
        .role_arn(role.role_arn.clone())
        .role_session_name(
            role.session_name
                .clone()
                .unwrap_or_else(|| session_name(config)),
        );
    if let Some(external_id) = &role.external_id {
        call = call.external_id(external_id.clone());
    }
    let output = call.send().await.map_err(|e| {
        ProviderError::failed(Message::caused(
            format!("could not assume the role `{}`", role.role_arn),
            e.to_string(),
        ))
    })?;
    credentials(output.credentials, output.assumed_role_user)
}

/// Assumes `role_arn` with the web identity token in `token_file`.
pub async fn web_identity(
    config: &ProviderConfig,
    endpoint: &Endpoint,
    role_arn: &str,
    token_file: &str,
    session: Option<&str>,
) -> Result<Credentials, ProviderError> {
    let token = config.files.read(token_file).map_err(|e| {
        ProviderError::failed(Message::caused(
            format!("could not read the web identity token file `{token_file}`"),
            e,
        ))
    })?;
    let token = String::from_utf8(token).map_err(|_| {
        ProviderError::failed(Message::new(format!(
            "the web identity token file `{token_file}` is not UTF-8"
        )))
    })?;
    let region = region(config)?;
    let client_config = config
        .client_config(&region, None, endpoint.url.as_deref(), endpoint.variants)
        .map_err(|e| ProviderError::invalid(Message::new(e)))?;
    let client = aws_sts::Client::new(client_config);
    let output = client
        .assume_role_with_web_identity()
        .role_arn(role_arn)
        .role_session_name(session.map_or_else(|| session_name(config), str::to_owned))
        .web_identity_token(token.trim())
        .send()
        .await
        .map_err(|e| {
            ProviderError::failed(Message::caused(
                format!("could not assume the role `{role_arn}` with a web identity"),
                e.to_string(),
            ))
        })?;
    credentials(output.credentials, output.assumed_role_user)
}
