//! The credentials providers, one source each, and what they share: time parsing, the account of an ARN, and the endpoint of the services they call.

pub mod container;
pub mod dpop;
pub mod environment;
pub mod imds;
pub mod login;
pub mod process;
pub mod profile;
pub mod sso;
pub mod sts;
pub mod token;

use crate::os::Env;
use crate::profile::ProfileSet;
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::http::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use aws_codegen_runtime::value::datetime::DateTime;
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A file of one of the AWS CLI's caches: `~/.aws/<folder>/cache/<hex digest of key>.json`.
pub fn cache_file(
    config: &crate::provider_config::ProviderConfig,
    folder: &str,
    digest: &'static ring::digest::Algorithm,
    key: &str,
) -> Result<String, crate::error::ProviderError> {
    let home = config.env.home().ok_or_else(|| {
        crate::error::ProviderError::invalid(crate::error::Message::new(format!(
            "no home directory (HOME) to find the `{folder}` cache in"
        )))
    })?;
    let digest = ring::digest::digest(digest, key.as_bytes());
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!(
        "{}/.aws/{folder}/cache/{hex}.json",
        home.trim_end_matches('/')
    ))
}

/// Sends `request`, giving up after `limit`.
pub async fn send_with_timeout(
    transport: &dyn Transport,
    request: HttpRequest,
    limit: Duration,
) -> Result<HttpResponse, TransportError> {
    match tokio::time::timeout(limit, transport.send(request)).await {
        Ok(result) => result,
        Err(_) => Err(TransportError::new(
            TransportErrorKind::Timeout,
            format!("no response within {limit:?}"),
        )),
    }
}

/// Credentials from the JSON the container endpoint and IMDS answer with: `AccessKeyId`,
/// `SecretAccessKey`, `Token`, `Expiration` and `AccountId`; errors never quote a value.
pub fn credentials_from_json(value: &Value) -> Result<Credentials, String> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let id = text("AccessKeyId").ok_or("`AccessKeyId` is missing")?;
    let secret = text("SecretAccessKey").ok_or("`SecretAccessKey` is missing")?;
    let mut credentials = Credentials::new(id, secret, text("Token"));
    if let Some(expiration) = text("Expiration") {
        credentials = credentials
            .with_expiry(parse_time(&expiration).map_err(|e| format!("`Expiration`: {e}"))?);
    }
    if let Some(account) = text("AccountId") {
        credentials = credentials.with_account_id(account);
    }
    Ok(credentials)
}

/// A time from seconds and nanoseconds since the epoch (before it is clamped to it).
pub fn to_system_time(secs: i64, nanos: u32) -> SystemTime {
    match u64::try_from(secs) {
        Ok(secs) => UNIX_EPOCH + Duration::new(secs, nanos),
        Err(_) => UNIX_EPOCH,
    }
}

/// An RFC 3339 or ISO 8601 time, as the credential sources write them.
pub fn parse_time(text: &str) -> Result<SystemTime, String> {
    let time = DateTime::parse_any(text).map_err(|e| e.to_string())?;
    Ok(to_system_time(time.secs(), time.subsec_nanos()))
}

/// The account of an ARN: its fifth `:`-separated field, when it has one.
pub fn account_from_arn(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

/// Where the providers reach a service: a configured URL, else the endpoint its rules give
/// for the region with the FIPS and dual-stack variants as configured.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoint {
    /// The configured URL.
    pub url: Option<String>,
    /// Whether to use the FIPS and the dual-stack endpoints.
    pub variants: (bool, bool),
}

impl Endpoint {
    /// The endpoint of the service `service_key` (`sts`, `sso`) from the environment, then
    /// the selected profile: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's
    /// `[services]` entry, its `endpoint_url`; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` turns
    /// these off.
    pub fn of(service_key: &str, env: &Env, profiles: Option<&ProfileSet>) -> Endpoint {
        let ignore = env.is_true("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            || profiles
                .and_then(|p| p.get("ignore_configured_endpoint_urls"))
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let url = (!ignore)
            .then(|| {
                let variable = format!("AWS_ENDPOINT_URL_{}", service_key.to_ascii_uppercase());
                env.value(&variable)
                    .or_else(|| env.value("AWS_ENDPOINT_URL"))
                    .or_else(|| {
                        profiles
                            .and_then(|p| p.endpoint_url(service_key))
                            .map(str::to_owned)
                    })
            })
            .flatten();
        Endpoint {
            url,
            variants: Endpoint::variants(env, profiles),
        }
    }

    /// Whether to use FIPS and dual-stack endpoints: `AWS_USE_FIPS_ENDPOINT` and
    /// `AWS_USE_DUALSTACK_ENDPOINT`, else the profile's `use_fips_endpoint` and
    /// `use_dualstack_endpoint`.
    pub fn variants(env: &Env, profiles: Option<&ProfileSet>) -> (bool, bool) {
        let flag = |variable: &str, key: &str| {
            env.value(variable)
                .or_else(|| profiles.and_then(|p| p.get(key)).map(str::to_owned))
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        (
            flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
            flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_accounts() {
        assert_eq!(
            parse_time("2009-02-13T23:31:30Z").unwrap(),
            UNIX_EPOCH + Duration::from_secs(1_234_567_890)
        );
        assert!(parse_time("yesterday").is_err());
        assert_eq!(
            account_from_arn("arn:aws:sts::123456789012:assumed-role/r/s"),
            Some("123456789012")
        );
        assert_eq!(account_from_arn("not-an-arn"), None);
    }

    #[test]
    fn endpoint_precedence() {
        let env = Env::from_vars([
            ("AWS_ENDPOINT_URL", "http://global"),
            ("AWS_ENDPOINT_URL_STS", "http://sts"),
        ]);
        assert_eq!(
            Endpoint::of("sts", &env, None).url.as_deref(),
            Some("http://sts")
        );
        assert_eq!(
            Endpoint::of("sso", &env, None).url.as_deref(),
            Some("http://global")
        );
        let ignored = Env::from_vars([
            ("AWS_ENDPOINT_URL", "http://global"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ]);
        assert_eq!(Endpoint::of("sts", &ignored, None).url, None);
    }
}
