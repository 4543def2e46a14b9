//! S3 Express One Zone session auth (`sigv4-s3express`): session credentials from the bucket's `CreateSession`, cached per bucket until shortly before they expire, and requests signed with them, the session token in `x-amz-s3session-token`.

use crate::client::auth::Identity;
use crate::client::endpoint::EndpointValue;
use crate::client::operation::RequestTraits;
use crate::client::sigv4::{self, KeyCache, SigningScope};
use crate::client::target::{resolve, Target};
use crate::config::credentials::Credentials;
use crate::config::settings::Config;
use crate::http::transport::HttpRequest;
use crate::value::datetime::DateTime;
use std::time::{Duration, SystemTime};

/// The auth scheme an endpoint of a directory bucket names.
pub const SCHEME: &str = "sigv4-s3express";

/// The identity a call signs with: for a request to a directory bucket's endpoint that asks
/// for session auth, the bucket's session (from the cache, or a `CreateSession` made with
/// `identity`'s credentials); otherwise `identity` itself.
pub async fn session_identity(
    config: &Config,
    target: &Target,
    traits: &RequestTraits,
    identity: Identity,
) -> Result<Identity, String> {
    let Ok(endpoint) = target.endpoint_of(traits) else {
        return Ok(identity);
    };
    let Identity::SigV4(credentials) = &identity else {
        return Ok(identity);
    };
    if endpoint.auth_scheme.as_deref() != Some(SCHEME) {
        return Ok(identity);
    }
    let bucket = traits
        .endpoint_params
        .iter()
        .find_map(|(name, value)| match (*name, value) {
            ("Bucket", EndpointValue::String(bucket)) => Some(bucket.clone()),
            _ => None,
        })
        .ok_or("an S3 Express session needs the request's bucket")?;
    let key = (bucket, credentials.access_key_id().to_owned());
    let now = SystemTime::now();
    if let Some(session) = target.s3_sessions.get(&key, now) {
        return Ok(Identity::S3ExpressSession(session));
    }
    let (session, expiry) = create_session(config, target, traits, credentials, now).await?;
    target.s3_sessions.put(key, session.clone(), expiry);
    Ok(Identity::S3ExpressSession(session))
}

/// `CreateSession` on the request's bucket, signed with `credentials` (SigV4 for
/// `s3express`): the session's credentials and when they expire.
async fn create_session(
    config: &Config,
    target: &Target,
    traits: &RequestTraits,
    credentials: &Credentials,
    now: SystemTime,
) -> Result<(Credentials, SystemTime), String> {
    // The operation's own endpoint with session auth turned off, as `CreateSession`'s model
    // says (its static context parameter).
    let params = traits
        .endpoint_params
        .iter()
        .cloned()
        .chain([("DisableS3ExpressSessionAuth", EndpointValue::Bool(true))]);
    let endpoint = resolve(config, target.service, params)
        .map_err(|e| format!("CreateSession's endpoint: {e}"))?;
    let mut request = HttpRequest {
        method: "GET".to_owned(),
        url: format!("{}/?session", endpoint.url),
        headers: endpoint.headers.clone(),
        body: Vec::new(),
    };
    sigv4::sign(
        &mut request,
        credentials,
        target.signing_scope(config, &endpoint),
        now,
        &target.keys,
    );
    let sending = config.transport.send(request);
    let response = match config.attempt_timeout.or(config.operation_timeout) {
        Some(limit) => tokio::time::timeout(limit, sending)
            .await
            .map_err(|_| format!("CreateSession got no response within {limit:?}"))?,
        None => sending.await,
    }
    .map_err(|e| format!("CreateSession failed: {e}"))?;
    if !(200..300).contains(&response.status) {
        let fields = crate::wire::xml::error_fields(&response.body);
        let field = |name: &str| {
            fields
                .iter()
                .find(|(key, _)| key == name)
                .map_or("", |(_, value)| value.as_str())
        };
        return Err(format!(
            "CreateSession answered {}: {} {}",
            response.status,
            field("code"),
            field("message")
        ));
    }
    read_session(&response.body)
}

/// A `CreateSession` answer's credentials and their expiry.
fn read_session(body: &[u8]) -> Result<(Credentials, SystemTime), String> {
    let root = crate::wire::xml::parse(body).map_err(|e| format!("CreateSession's answer: {e}"))?;
    let credentials = root
        .child("Credentials")
        .ok_or("CreateSession's answer has no Credentials")?;
    let field = |name: &str| {
        credentials
            .child_text(name)
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .ok_or_else(|| format!("CreateSession's answer has no {name}"))
    };
    let expiration = DateTime::parse_any(field("Expiration")?)
        .map_err(|e| format!("CreateSession's Expiration: {e}"))?;
    let expiry = SystemTime::UNIX_EPOCH
        + Duration::from_secs(u64::try_from(expiration.secs()).unwrap_or_default());
    Ok((
        Credentials::new(
            field("AccessKeyId")?,
            field("SecretAccessKey")?,
            Some(field("SessionToken")?.to_owned()),
        ),
        expiry,
    ))
}

/// Signs a request to a directory bucket with its session's credentials: SigV4 as S3 signs,
/// the session token in `x-amz-s3session-token` (signed) instead of `x-amz-security-token`.
pub fn sign(
    request: &mut HttpRequest,
    session: &Credentials,
    scope: SigningScope<'_>,
    time: SystemTime,
    keys: &KeyCache,
) {
    if let Some(token) = session.session_token() {
        request
            .headers
            .push(("x-amz-s3session-token".to_owned(), token.to_owned()));
    }
    let without_token =
        Credentials::new(session.access_key_id(), session.secret_access_key(), None);
    sigv4::sign(request, &without_token, scope, time, keys);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sessions_credentials_and_expiry_are_read() {
        let body = b"<CreateSessionResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Credentials><SessionToken>TOKEN</SessionToken><SecretAccessKey>SECRET</SecretAccessKey><AccessKeyId>ASIA</AccessKeyId><Expiration>2026-12-04T10:20:00Z</Expiration></Credentials></CreateSessionResult>";
        let (credentials, expiry) = read_session(body).unwrap();
        assert_eq!(credentials.access_key_id(), "ASIA");
        assert_eq!(credentials.secret_access_key(), "SECRET");
        assert_eq!(credentials.session_token(), Some("TOKEN"));
        assert_eq!(
            expiry,
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_379_600)
        );
        let missing = read_session(b"<CreateSessionResult><Credentials/></CreateSessionResult>");
        assert_eq!(
            missing.unwrap_err(),
            "CreateSession's answer has no Expiration"
        );
    }
}
