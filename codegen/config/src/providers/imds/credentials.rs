//! The instance profile's credentials from IMDS, with the SDKs' rule for credentials IMDS says have expired: use them a little longer.

use super::{disabled, Client, ImdsError};
use crate::error::{Message, ProviderError};
use crate::provider_config::ProviderConfig;
use crate::providers::credentials_from_json;
use aws_codegen_runtime::config::credentials::Credentials;
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const ROLES: &str = "/latest/meta-data/iam/security-credentials/";

/// The instance profile's credentials: not loaded when IMDS is turned off or the instance has
/// no role.
pub async fn credentials(config: &ProviderConfig) -> Result<Credentials, ProviderError> {
    if disabled(config) {
        return Err(ProviderError::not_loaded(Message::new(
            "IMDS is disabled by AWS_EC2_METADATA_DISABLED",
        )));
    }
    let client = Client::new(config, None, None)?;
    let failed = |e: ImdsError| match e {
        ImdsError::NotFound(_) => ProviderError::not_loaded(Message::caused(
            "the instance has no IAM role (instance profile)",
            e,
        )),
        // Off EC2 nothing answers: this source is simply not there.
        ImdsError::Unreachable(_) => ProviderError::not_loaded(e),
        other => ProviderError::failed(other),
    };
    let roles = client.get(ROLES).await.map_err(failed)?;
    let role = roles.lines().next().unwrap_or("").trim().to_owned();
    if role.is_empty() {
        return Err(ProviderError::not_loaded(Message::new(
            "the instance has no IAM role (instance profile)",
        )));
    }
    let body = client
        .get(&format!("{ROLES}{role}"))
        .await
        .map_err(failed)?;
    let credentials = parse(body.as_bytes()).map_err(|why| {
        ProviderError::failed(Message::new(format!(
            "IMDS's credentials for the role `{role}` are unreadable: {why}"
        )))
    })?;
    Ok(extend_if_expired(credentials, config.clock.now()))
}

/// IMDS's JSON; errors never quote a value.
pub fn parse(body: &[u8]) -> Result<Credentials, String> {
    let value: Value = serde_json::from_slice(body).map_err(|_| "not JSON".to_owned())?;
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(code) = text("Code").filter(|c| c != "Success") {
        return Err(format!("IMDS says `{code}`"));
    }
    credentials_from_json(&value)
}

/// Credentials IMDS gives as already expired (it may, while it cannot refresh them) are used
/// for 10 to 15 more minutes rather than failing every call, as the SDKs do; the spread keeps
/// a fleet from refreshing at once.
pub fn extend_if_expired(credentials: Credentials, now: SystemTime) -> Credentials {
    match credentials.expiry() {
        Some(expiry) if expiry <= now => {
            let spread = now
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| u64::from(d.subsec_nanos()) % 300);
            credentials.with_expiry(now + Duration::from_secs(600 + spread))
        }
        _ => credentials,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_credentials_are_extended_and_fresh_ones_kept() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let fresh = Credentials::new("a", "b", None).with_expiry(now + Duration::from_secs(60));
        assert_eq!(
            extend_if_expired(fresh.clone(), now).expiry(),
            fresh.expiry()
        );
        let stale = Credentials::new("a", "b", None).with_expiry(now - Duration::from_secs(60));
        let extended = extend_if_expired(stale, now).expiry().unwrap();
        assert!(
            extended >= now + Duration::from_secs(600) && extended < now + Duration::from_secs(900)
        );
        assert!(parse(br#"{"Code":"AssumeRoleUnauthorizedAccess"}"#).is_err());
    }
}
