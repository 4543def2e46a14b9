//! Console sign-in credentials (`login_session`): the cache `aws login` writes, refreshed through our generated Sign-In client with a DPoP proof of the cached key.

use crate::error::{Message, ProviderError};
use crate::provider_config::ProviderConfig;
use crate::providers::dpop::{DpopKey, DpopTransport};
use crate::providers::{cache_file, parse_time};
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::value::datetime::DateTime;
use serde_json::{json, Map, Value};
use std::time::Duration;

/// How long before their expiry cached credentials are refreshed.
const REFRESH_AHEAD: Duration = Duration::from_secs(300);

/// The cache file of a session: `~/.aws/login/cache/<sha256 hex of its ARN>.json`.
pub fn cache_path(config: &ProviderConfig, arn: &str) -> Result<String, ProviderError> {
    cache_file(config, "login", &ring::digest::SHA256, arn)
}

fn text<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

/// The session's credentials: the cached ones while they are fresh, else refreshed ones,
/// written back to the cache.
pub async fn credentials(config: &ProviderConfig, arn: &str) -> Result<Credentials, ProviderError> {
    let path = cache_path(config, arn)?;
    let failed = |why: String| {
        ProviderError::failed(Message::new(format!(
            "the sign-in session `{arn}`: {why}; run `aws login`"
        )))
    };
    let bytes = config.files.read(&path).map_err(|e| {
        ProviderError::failed(Message::caused(
            format!("failed to read `{path}`; run `aws login`"),
            e,
        ))
    })?;
    let mut cache: Map<String, Value> = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .ok_or_else(|| failed(format!("the cache `{path}` is not a JSON object")))?;
    let cached = cache.get("accessToken").and_then(Value::as_object).cloned();
    let account = cached
        .as_ref()
        .and_then(|t| text(t, "accountId"))
        .map(str::to_owned);
    let now = config.clock.now();
    if let Some(token) = &cached {
        let expires = text(token, "expiresAt").and_then(|t| parse_time(t).ok());
        if let (Some(id), Some(secret), Some(expires)) = (
            text(token, "accessKeyId"),
            text(token, "secretAccessKey"),
            expires,
        ) {
            if expires > now + REFRESH_AHEAD {
                let mut credentials =
                    Credentials::new(id, secret, text(token, "sessionToken").map(str::to_owned))
                        .with_expiry(expires);
                if let Some(account) = &account {
                    credentials = credentials.with_account_id(account.clone());
                }
                return Ok(credentials);
            }
        }
    }
    let field = |key: &str| {
        text(&cache, key)
            .map(str::to_owned)
            .ok_or_else(|| failed(format!("the cache has no `{key}` to refresh with")))
    };
    let (client_id, refresh_token, pem) = (
        field("clientId")?,
        field("refreshToken")?,
        field("dpopKey")?,
    );
    let key =
        DpopKey::from_pem(&pem).map_err(|why| failed(format!("the cached `dpopKey` {why}")))?;
    let region = config
        .configured_region()
        .ok_or_else(|| ProviderError::invalid(Message::new("no region for the sign-in service")))?;
    let transport = DpopTransport::new(config.http(), key, config.clock.clone());
    let client_config = config
        .client_config_over(region, transport)
        .map_err(|e| ProviderError::invalid(Message::new(e)))?;
    let body = aws_signin::types::CreateOauth2TokenRequestBody::builder()
        .client_id(client_id)
        .grant_type("refresh_token")
        .refresh_token(refresh_token)
        .build()
        .map_err(|e| ProviderError::invalid(Message::new(e.to_string())))?;
    let output = aws_signin::Client::new(client_config)
        .create_oauth_2_token()
        .token_input(body)
        .send()
        .await
        .map_err(|e| {
            ProviderError::failed(Message::caused(
                format!("could not refresh the sign-in session `{arn}`; run `aws login`"),
                e.to_string(),
            ))
        })?;
    let refreshed = output
        .token_output
        .ok_or_else(|| failed("the sign-in service answered without a token".to_owned()))?;
    let expires = now + Duration::from_secs(u64::try_from(refreshed.expires_in).unwrap_or(0));
    let token = refreshed.access_token;
    let mut entry = json!({
        "accessKeyId": token.access_key_id,
        "secretAccessKey": token.secret_access_key,
        "sessionToken": token.session_token,
        "expiresAt": DateTime::from(expires).to_string(),
    });
    if let Some(account) = &account {
        entry["accountId"] = Value::String(account.clone());
    }
    cache.insert("accessToken".to_owned(), entry);
    cache.insert(
        "refreshToken".to_owned(),
        Value::String(refreshed.refresh_token),
    );
    // The cache is the AWS CLI's too: a write that fails costs only a later refresh.
    let _ = config
        .files
        .write(&path, Value::Object(cache).to_string().as_bytes());
    let mut credentials = Credentials::new(
        token.access_key_id,
        token.secret_access_key,
        Some(token.session_token),
    )
    .with_expiry(expires);
    if let Some(account) = account {
        credentials = credentials.with_account_id(account);
    }
    Ok(credentials)
}
