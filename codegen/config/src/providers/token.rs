//! SSO bearer tokens: read from the SSO token cache the AWS CLI writes, refreshed through our generated SSO OIDC client when the cache holds a refresh token, and written back.

use crate::error::{Message, ProviderError};
use crate::profile::{self, chain};
use crate::provider_config::ProviderConfig;
use crate::providers::{cache_file, parse_time, Endpoint};
use serde_json::{Map, Value};
use std::fmt;
use std::time::{Duration, SystemTime};

/// How long before its expiry a token is refreshed.
const REFRESH_AHEAD: Duration = Duration::from_secs(300);

/// A bearer token and when it expires; `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    token: String,
    expiration: Option<SystemTime>,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("token", &"*** redacted ***")
            .field("expiration", &self.expiration)
            .finish()
    }
}

impl Token {
    /// A token, expiring at `expiration` if given.
    pub fn new(token: impl Into<String>, expiration: Option<SystemTime>) -> Self {
        Token {
            token: token.into(),
            expiration,
        }
    }

    /// The token (a secret).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When it expires.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }
}

/// The cache file of a session (`sso_session`) or a legacy profile's start URL:
/// `~/.aws/sso/cache/<sha1 hex of the key>.json`.
pub fn cache_path(config: &ProviderConfig, key: &str) -> Result<String, ProviderError> {
    cache_file(config, "sso", &ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key)
}

/// The cached token of `settings`, refreshed first when it is about to expire and the cache
/// allows it (a session's token with a refresh token and a registration that is still valid).
pub async fn sso_token(
    config: &ProviderConfig,
    settings: &chain::SsoSettings,
) -> Result<Token, ProviderError> {
    let key = settings
        .session_name
        .as_deref()
        .unwrap_or(&settings.start_url);
    let path = cache_path(config, key)?;
    let bytes = config.files.read(&path).map_err(|e| {
        ProviderError::failed(Message::caused(format!("failed to read `{path}`"), e))
    })?;
    let unreadable = |why: &str| {
        ProviderError::failed(Message::new(format!(
            "the SSO token cache `{path}` is unreadable: {why}; run `aws sso login`"
        )))
    };
    let mut cache: Map<String, Value> = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .ok_or_else(|| unreadable("not a JSON object"))?;
    let text = |cache: &Map<String, Value>, key: &str| {
        cache.get(key).and_then(Value::as_str).map(str::to_owned)
    };
    let token = text(&cache, "accessToken").ok_or_else(|| unreadable("no `accessToken`"))?;
    let expires = text(&cache, "expiresAt")
        .ok_or_else(|| unreadable("no `expiresAt`"))
        .and_then(|t| parse_time(&t).map_err(|_| unreadable("`expiresAt` is not a time")))?;
    let now = config.clock.now();
    if expires > now + REFRESH_AHEAD {
        return Ok(Token::new(token, Some(expires)));
    }
    let refreshed = match settings.session_name {
        Some(_) => refresh(config, settings, &cache, now).await,
        None => Err(ProviderError::failed(Message::new(
            "a legacy SSO profile's token cannot be refreshed",
        ))),
    };
    match refreshed {
        Ok((new_token, new_expiry, refresh_token)) => {
            cache.insert("accessToken".to_owned(), Value::String(new_token.clone()));
            cache.insert(
                "expiresAt".to_owned(),
                Value::String(rfc3339(new_expiry)),
            );
            if let Some(refresh_token) = refresh_token {
                cache.insert("refreshToken".to_owned(), Value::String(refresh_token));
            }
            // The cache is the AWS CLI's too: a write that fails costs only a later refresh.
            let _ = config
                .files
                .write(&path, Value::Object(cache).to_string().as_bytes());
            Ok(Token::new(new_token, Some(new_expiry)))
        }
        // Not yet expired: use it while it lasts.
        Err(_) if expires > now => Ok(Token::new(token, Some(expires))),
        Err(e) => Err(ProviderError::failed(Message::caused(
            format!(
                "the SSO session `{key}` has expired and could not be refreshed; run `aws sso login`"
            ),
            e,
        ))),
    }
}

/// A new token from SSO OIDC's `CreateToken` with the cached refresh token.
async fn refresh(
    config: &ProviderConfig,
    settings: &chain::SsoSettings,
    cache: &Map<String, Value>,
    now: SystemTime,
) -> Result<(String, SystemTime, Option<String>), ProviderError> {
    let field = |key: &str| {
        cache
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                ProviderError::failed(Message::new(format!("the token cache has no `{key}`")))
            })
    };
    let (refresh_token, client_id, client_secret) = (
        field("refreshToken")?,
        field("clientId")?,
        field("clientSecret")?,
    );
    if let Ok(registration) = field("registrationExpiresAt") {
        if parse_time(&registration).is_ok_and(|t| t <= now) {
            return Err(ProviderError::failed(Message::new(
                "the SSO client registration has expired",
            )));
        }
    }
    let endpoint = Endpoint::of("sso_oidc", &config.env, None);
    let region = cache
        .get("region")
        .and_then(Value::as_str)
        .unwrap_or(&settings.region);
    let client_config = config
        .client_config(region, None, endpoint.url.as_deref(), endpoint.variants)
        .map_err(|e| ProviderError::invalid(Message::new(e)))?;
    let output = aws_sso_oidc::Client::new(client_config)
        .create_token()
        .client_id(client_id)
        .client_secret(client_secret)
        .grant_type("refresh_token")
        .refresh_token(refresh_token)
        .send()
        .await
        .map_err(|e| {
            ProviderError::failed(Message::caused(
                "could not refresh the SSO token",
                e.to_string(),
            ))
        })?;
    let token = output
        .access_token
        .ok_or_else(|| ProviderError::failed(Message::new("SSO OIDC answered without a token")))?;
    let lifetime = Duration::from_secs(u64::try_from(output.expires_in.unwrap_or(0)).unwrap_or(0));
    Ok((token, now + lifetime, output.refresh_token))
}

fn rfc3339(time: SystemTime) -> String {
    aws_codegen_runtime::value::datetime::DateTime::from(time).to_string()
}

/// The token of the selected profile's `sso_session`, as the SDKs' default token chain gives it.
pub async fn profile_token(config: &ProviderConfig) -> Result<Token, ProviderError> {
    let profiles = profile::load(&config.env, &config.files, config.profile_override())
        .map_err(ProviderError::invalid)?;
    let profile = profiles.selected().ok_or_else(|| {
        ProviderError::not_loaded(Message::new(format!(
            "the profile `{}` is not defined",
            profiles.selected
        )))
    })?;
    let settings = chain::sso_settings(&profiles.sections, profile)
        .map_err(ProviderError::invalid)?
        .filter(|s| s.session_name.is_some())
        .ok_or_else(|| {
            ProviderError::not_loaded(Message::new(format!(
                "the profile `{}` names no `sso_session`",
                profiles.selected
            )))
        })?;
    sso_token(config, &settings).await
}
