//! The call path every protocol shares: validate, build the request the protocol asks for,
//! sign, send with retries and timeouts, and read the output or the error.

#[cfg(feature = "xml")]
pub use crate::client::target::read_query_output;
pub use crate::client::target::{endpoint, Protocol, ServiceInfo, Target};

use crate::client::auth::{self, Identity};
use crate::client::endpoint::SIGNED_SCHEMES;
use crate::client::operation::{Operation, RequestTraits};
use crate::client::response::{error_in_ok, read_response};
use crate::client::sigv4;
use crate::client::target::resolve;
use crate::config::retry::retryable;
use crate::config::settings::Config;
use crate::error::{SdkError, SdkErrorKind};
use crate::http::transport::{HttpRequest, HttpResponse, TransportError, TransportErrorKind};
use crate::validate::Policy;
use crate::wire::body::Codec;
use crate::wire::rest::Parts;
use std::time::SystemTime;

/// The smallest body worth compressing: botocore's default
/// `request_min_compression_size_bytes`.
pub const MIN_COMPRESSION_SIZE: usize = 10_240;

/// Validates, sends and reads one call. Only what depends on the operation is generic here
/// (its request's parts, reading its output and errors): the attempts, retries, timeouts and
/// signing are `send_attempts`, compiled once rather than once per operation a program
/// calls.
pub async fn invoke<O: Operation>(
    config: &Config,
    target: &Target,
    input: &O,
    policy: Option<Policy>,
) -> Result<O::Output, SdkError<O::Error>> {
    let operation = O::NAME;
    #[allow(unused_mut)] // only flexible checksums change them
    let (mut traits, mut parts) = prepare(config, target, input, policy)?;
    #[cfg(feature = "checksum")]
    crate::client::checksums::prepare(config, &mut traits, &mut parts, false)
        .map_err(|e| SdkError::new(operation, SdkErrorKind::Construction(e)))?;
    let identity = identity::<O>(config).await?;
    #[cfg(feature = "xml")]
    let identity = crate::client::s3express::session_identity(config, target, &traits, identity)
        .await
        .map_err(|e| SdkError::new(operation, SdkErrorKind::Construction(e)))?;
    let (codec, read_output) = output_reader::<O>(target);
    let mut outcome = None;
    let mut read = |response: Result<&HttpResponse, TransportError>, checksum: Option<String>| {
        let result = match (response, checksum) {
            (Ok(response), Some(reason)) => Err(SdkError::new(
                operation,
                SdkErrorKind::Unparseable {
                    status: response.status,
                    reason,
                    body_start: String::new(),
                },
            )),
            (Ok(response), None) => {
                read_response::<O::Output, O::Error>(operation, response, read_output, codec)
            }
            (Err(e), _) => Err(SdkError::new(operation, SdkErrorKind::Dispatch(e))),
        };
        let verdict = Verdict {
            retry: retryable(&result),
            failure: result.as_ref().err().map(ToString::to_string),
        };
        outcome = Some(result);
        verdict
    };
    let call = Attempts {
        config,
        identity: &identity,
        target,
        traits: &traits,
        parts: &parts,
        operation,
        error_in_ok: O::ERROR_IN_OK,
    };
    match send_attempts(call, &mut read).await {
        Err(Stopped::Timeout(e)) => Err(SdkError::new(operation, SdkErrorKind::Dispatch(e))),
        Err(Stopped::NotBuilt(e)) => Err(SdkError::new(operation, SdkErrorKind::Construction(e))),
        Ok(()) => outcome.unwrap_or_else(|| {
            Err(SdkError::new(
                operation,
                SdkErrorKind::Construction("no attempt was made".to_owned()),
            ))
        }),
    }
}

/// What one attempt's result says to the retry loop: whether to retry (and whether it
/// timed out), and for the log why it failed.
struct Verdict {
    retry: Option<bool>,
    failure: Option<String>,
}

/// Reads one attempt's response (or the transport's failure to get one, or why its checksum
/// does not match) into the call's result, keeping it, and says what the loop should do.
type ReadAttempt<'a> =
    dyn FnMut(Result<&HttpResponse, TransportError>, Option<String>) -> Verdict + Send + 'a;

/// Why the attempts stopped without a result to read.
enum Stopped {
    /// The operation timeout ran out.
    Timeout(TransportError),
    /// An attempt's request could not be built.
    NotBuilt(String),
}

/// A call's request, ready to be sent: everything [`send_attempts`] needs.
struct Attempts<'a> {
    config: &'a Config,
    identity: &'a Identity,
    target: &'a Target,
    traits: &'a RequestTraits,
    parts: &'a Parts,
    operation: &'static str,
    error_in_ok: bool,
}

/// Sends a call's attempts within the operation timeout, in the call's span: `Ok` when
/// `read` has the last attempt's result.
async fn send_attempts(call: Attempts<'_>, read: &mut ReadAttempt<'_>) -> Result<(), Stopped> {
    let (config, target, operation) = (call.config, call.target, call.operation);
    let span = tracing::info_span!("call", service = target.service.endpoint_prefix, operation, region = %config.region);
    let attempts = tracing::Instrument::instrument(attempt_with_retries(call, read), span);
    match config.operation_timeout {
        Some(limit) => match tokio::time::timeout(limit, attempts).await {
            Ok(result) => result,
            Err(_) => Err(Stopped::Timeout(TransportError::new(
                TransportErrorKind::Timeout,
                format!("no response within {limit:?}"),
            ))),
        },
        None => attempts.await,
    }
}

/// Validates `input` and writes its request's parts, or says why it cannot be sent.
pub fn prepare<O: Operation>(
    config: &Config,
    target: &Target,
    input: &O,
    policy: Option<Policy>,
) -> Result<(RequestTraits, Parts), SdkError<O::Error>> {
    let operation = O::NAME;
    let report = input.validation_report(policy.unwrap_or(config.validation));
    for warning in report.warnings() {
        tracing::warn!(operation, "{}", warning.message());
    }
    report
        .into_result()
        .map_err(|e| SdkError::new(operation, SdkErrorKind::Validation(e)))?;
    let construction = |e: String| SdkError::new(operation, SdkErrorKind::Construction(e));
    let mut traits = input.request_traits();
    if !traits.endpoint_params.is_empty() {
        let params = traits.endpoint_params.iter().cloned();
        traits.resolved_endpoint =
            Some(resolve(config, target.service, params).map_err(construction)?);
    }
    let parts = target.parts(input).map_err(construction)?;
    if let Some(prefix) = &traits.host_prefix {
        check_host_prefix(prefix).map_err(construction)?;
    }
    Ok((traits, parts))
}

/// What the call is authenticated with: the first of the operation's auth schemes the
/// client has an identity for (see [`crate::client::auth::choose`]).
pub async fn identity<O: Operation>(config: &Config) -> Result<Identity, SdkError<O::Error>> {
    auth::choose(config, O::AUTH)
        .await
        .map_err(|e| SdkError::new(O::NAME, SdkErrorKind::Construction(e)))
}

/// Reads an output from a successful response.
pub type ReadOutput<T> = fn(&HttpResponse) -> Result<T, String>;

/// How to read a successful response's output for the target's protocol.
pub fn output_reader<O: Operation>(target: &Target) -> (Codec, ReadOutput<O::Output>) {
    let codec = target.protocol.as_ref().map_or(Codec::Json, |p| p.codec());
    let read_output = match codec {
        Codec::Json => O::read_output,
        #[cfg(feature = "cbor")]
        Codec::Cbor => crate::wire::cbor::read::<O::Output>,
        #[cfg(not(feature = "cbor"))]
        Codec::Cbor => O::read_output,
        #[cfg(feature = "xml")]
        Codec::Xml if target.protocol == Ok(Protocol::RestXml) => O::read_output,
        #[cfg(feature = "xml")]
        Codec::Xml => read_query_output::<O>,
        #[cfg(not(feature = "xml"))]
        Codec::Xml => O::read_output,
    };
    (codec, read_output)
}

/// Sends the call, retrying what standard retry mode retries.
async fn attempt_with_retries(
    call: Attempts<'_>,
    read: &mut ReadAttempt<'_>,
) -> Result<(), Stopped> {
    let Attempts {
        config,
        identity,
        target,
        traits,
        parts,
        ..
    } = call;
    // Standard retry mode gives back, on success, what the last retry cost.
    let mut last_retry_cost = None;
    let mut attempt = 1;
    loop {
        // Each attempt is signed anew: a signature is only valid for minutes.
        let request = build_request(
            config,
            identity,
            target,
            traits,
            parts.clone(),
            SystemTime::now(),
        )
        .map_err(Stopped::NotBuilt)?;
        let span = tracing::debug_span!(
            "attempt",
            attempt,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty
        );
        let sending = tracing::Instrument::instrument(config.transport.send(request), span.clone());
        let response = match config.attempt_timeout {
            Some(limit) => match tokio::time::timeout(limit, sending).await {
                Ok(response) => response,
                Err(_) => Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("attempt {attempt} got no response within {limit:?}"),
                )),
            },
            None => sending.await,
        };
        let verdict = match response {
            Ok(response) => {
                span.record("status", response.status);
                if let Some(id) = response.header("x-amzn-requestid") {
                    span.record("request_id", id);
                }
                let response = if call.error_in_ok {
                    error_in_ok(response)
                } else {
                    response
                };
                #[cfg(feature = "checksum")]
                let checksum = crate::client::checksums::check(traits, &response)
                    .err()
                    .filter(|_| (200..300).contains(&response.status));
                #[cfg(not(feature = "checksum"))]
                let checksum = None;
                let verdict = read(Ok(&response), checksum);
                config.transport.reuse(response.body);
                verdict
            }
            Err(e) => read(Err(e), None),
        };
        // Only the outcome is logged: inputs and outputs may hold secrets.
        match &verdict.failure {
            None => tracing::debug!(parent: &span, "attempt succeeded"),
            Some(e) => tracing::debug!(parent: &span, error = %e, "attempt failed"),
        }
        let retry = verdict.retry.filter(|_| attempt < config.retry.attempts());
        match retry.and_then(|timeout| config.quota.acquire(timeout)) {
            Some(cost) => {
                last_retry_cost = Some(cost);
                tokio::time::sleep(config.retry.backoff(attempt)).await;
                attempt += 1;
            }
            None => {
                if verdict.failure.is_none() {
                    config.quota.release(last_retry_cost);
                }
                return Ok(());
            }
        }
    }
}

/// The request for the `parts` of a call, authenticated with `identity` (signed as of
/// `time` with SigV4 credentials).
pub fn build_request(
    config: &Config,
    identity: &Identity,
    target: &Target,
    traits: &RequestTraits,
    parts: Parts,
    time: SystemTime,
) -> Result<HttpRequest, String> {
    let service = target.service;
    let resolved = target.endpoint_of(traits)?;
    let endpoint = match &traits.endpoint {
        // A URL with a path of `/` only adds the request's path.
        Some(endpoint) => endpoint.trim_end_matches('/'),
        None => resolved.url.as_str(),
    };
    let (scheme, rest) = endpoint
        .split_once("://")
        .ok_or_else(|| format!("`{endpoint}` has no host"))?;
    let prefix = match &traits.host_prefix {
        Some(prefix) if config.inject_host_prefix => prefix.as_str(),
        _ => "",
    };
    // An endpoint with a path (`https://example.com/custom`) keeps it before the request's.
    // A request with no path of its own (S3's bucket operations, once the bucket went into
    // the endpoint) takes the endpoint's, or `/`.
    let root = if parts.path_and_query.starts_with('/') || rest.contains('/') {
        ""
    } else {
        "/"
    };
    let url = format!("{scheme}://{prefix}{rest}{root}{}", parts.path_and_query);
    let host = format!("{prefix}{}", rest.split('/').next().unwrap_or(rest));
    let mut headers = parts.headers;
    headers.push(("host".to_owned(), host));
    // The endpoint's headers replace the request's of the same name (S3 Control's account
    // and outpost ids), as botocore applies them.
    headers.retain(|(name, _)| {
        !resolved
            .headers
            .iter()
            .any(|(own, _)| own.eq_ignore_ascii_case(name))
    });
    headers.extend(resolved.headers.iter().cloned());
    let body = match traits.compression {
        Some((encoding, compress)) if parts.body.len() >= MIN_COMPRESSION_SIZE => {
            // An encoding the input already set stays first: the service undoes ours first.
            match headers
                .iter_mut()
                .find(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
            {
                Some((_, value)) => *value = format!("{value}, {encoding}"),
                None => headers.push(("content-encoding".to_owned(), encoding.to_owned())),
            }
            compress(&parts.body)?
        }
        _ => parts.body,
    };
    // A streamed body's checksums were taken by the call path, which has its bytes.
    if let (Some(checksum), None) = (traits.checksum, &traits.streamed_body) {
        checksum(&body, &mut headers);
    }
    // Methods that carry a body say how long it is, even when it is empty; a streamed body
    // says what its signature covers instead.
    if let Some(streamed) = &traits.streamed_body {
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("x-amz-content-sha256"))
        {
            headers.push((
                "x-amz-content-sha256".to_owned(),
                streamed.payload_hash.clone(),
            ));
        }
        if let Some(length) = streamed.length {
            headers.push(("content-length".to_owned(), length.to_string()));
        }
    } else if !body.is_empty() || matches!(parts.method, "POST" | "PUT" | "PATCH") {
        headers.push(("content-length".to_owned(), body.len().to_string()));
    }
    let mut request = HttpRequest {
        method: parts.method.to_owned(),
        url,
        headers,
        body,
    };
    auth::apply(identity, &mut request)?;
    #[cfg(feature = "xml")]
    if let Identity::S3ExpressSession(session) = identity {
        let scope = target.signing_scope(config, resolved);
        crate::client::s3express::sign(&mut request, session, scope, time, &target.keys);
    }
    if let Some(credentials) = identity.credentials() {
        if let Some(scheme) = resolved
            .auth_scheme
            .as_deref()
            .filter(|scheme| !SIGNED_SCHEMES.contains(scheme))
        {
            // Only reached for `sigv4a` when the feature is off.
            let hint = match scheme {
                "sigv4a" => "; SigV4a is the crate's `sigv4a` feature",
                _ => "",
            };
            return Err(format!(
                "the endpoint `{}` asks for `{scheme}` signing, which this client does not do (it signs with {}{hint})",
                resolved.url,
                SIGNED_SCHEMES.join(", ")
            ));
        }
        if !signed_with_sigv4a(config, target, resolved, &mut request, credentials, time)? {
            sigv4::sign(
                &mut request,
                credentials,
                target.signing_scope(config, resolved),
                time,
                &target.keys,
            );
        }
    }
    request
        .headers
        .push(("user-agent".to_owned(), service.user_agent.to_owned()));
    Ok(request)
}

/// Signs `request` with SigV4a when its endpoint asks for it, saying whether it did.
#[cfg(feature = "sigv4a")]
fn signed_with_sigv4a(
    config: &Config,
    target: &Target,
    endpoint: &crate::client::endpoint::Endpoint,
    request: &mut HttpRequest,
    credentials: &crate::config::credentials::Credentials,
    time: SystemTime,
) -> Result<bool, String> {
    if endpoint.auth_scheme.as_deref() != Some("sigv4a") {
        return Ok(false);
    }
    let scope = target.region_set_scope(config, endpoint);
    crate::client::sigv4a::sign(request, credentials, scope, time)?;
    Ok(true)
}

/// Without the `sigv4a` feature nothing is signed with SigV4a (such an endpoint is refused
/// before this is reached).
#[cfg(not(feature = "sigv4a"))]
fn signed_with_sigv4a(
    _: &Config,
    _: &Target,
    _: &crate::client::endpoint::Endpoint,
    _: &mut HttpRequest,
    _: &crate::config::credentials::Credentials,
    _: SystemTime,
) -> Result<bool, String> {
    Ok(false)
}

/// A host prefix must be host-name labels: letters, digits and hyphens, 1 to 63 of them,
/// each followed by a dot. A label filled from the input is checked here, before sending.
fn check_host_prefix(prefix: &str) -> Result<(), String> {
    let labels = prefix.strip_suffix('.').unwrap_or(prefix);
    let valid = |label: &str| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
    };
    if prefix.is_empty() || labels.split('.').all(valid) {
        Ok(())
    } else {
        Err(format!(
            "host prefix `{prefix}` is not a valid host name prefix"
        ))
    }
}
