//! The call path every protocol shares: validate, build the request the protocol asks for,
//! sign, send with retries and timeouts, and read the output or the error.

use crate::client::auth::{self, Identity};
use crate::client::endpoint::{Endpoint, EndpointError, EndpointParams};
use crate::client::operation::{Operation, RequestTraits};
use crate::client::response::read_response;
use crate::client::sigv4;
use crate::config::retry::retryable;
use crate::config::settings::{Config, ProtocolChoice};
use crate::error::{SdkError, SdkErrorKind};
use crate::http::transport::{HttpRequest, HttpResponse, TransportError, TransportErrorKind};
use crate::validate::Policy;
use crate::wire::body::Codec;
use crate::wire::rest::Parts;
use std::time::SystemTime;

/// What the protocol needs to know about the service.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The protocols the client can speak, its default first.
    pub protocols: &'static [Protocol],
    /// SigV4 signing name.
    pub signing_name: &'static str,
    /// Endpoint prefix.
    pub endpoint_prefix: &'static str,
    /// Resolves the endpoint URL (from the model's rule set).
    pub resolve_endpoint: fn(&EndpointParams) -> Result<Endpoint, EndpointError>,
    /// User agent: crate name and version.
    pub user_agent: &'static str,
    /// Whether the service was a query-protocol service (`awsQueryCompatible`): requests
    /// say `x-amzn-query-mode`, and errors may carry their query code in
    /// `x-amzn-query-error`.
    pub query_compatible: bool,
    /// Headers every request carries unless the operation sets them (the official SDKs'
    /// customizations of the service, such as API Gateway's `Accept`).
    pub default_headers: &'static [(&'static str, &'static str)],
}

/// The protocols a client can speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// awsJson: `POST /` with the operation in `X-Amz-Target` and the input as the body.
    AwsJson {
        /// `X-Amz-Target` prefix, such as `DirectoryService_20150416`.
        target_prefix: &'static str,
        /// JSON version: `1.0` or `1.1`.
        version: &'static str,
    },
    /// rest-json: each operation's method and URI, members bound to labels, the query
    /// string, headers and the body.
    RestJson,
    /// rpcv2Cbor: `POST /service/{ServiceName}/operation/{Operation}` with a CBOR body.
    #[cfg(feature = "cbor")]
    RpcV2Cbor {
        /// The service's name in the path (the model's `targetPrefix`).
        service_name: &'static str,
    },
    /// awsQuery: `POST /` with the input as form fields after `Action` and `Version`; the
    /// output in the response's `<{Operation}Result>` element.
    #[cfg(feature = "xml")]
    AwsQuery {
        /// The API version, such as `2011-06-15`.
        version: &'static str,
    },
    /// ec2Query: awsQuery's requests with EC2's names and lists; the output is the
    /// response's root element.
    #[cfg(feature = "xml")]
    Ec2Query {
        /// The API version, such as `2016-11-15`.
        version: &'static str,
    },
    /// restXml: rest-json's HTTP bindings with XML bodies.
    #[cfg(feature = "xml")]
    RestXml,
}

impl Protocol {
    /// The name a configuration picks the protocol by.
    pub fn choice(self) -> ProtocolChoice {
        match self {
            Protocol::AwsJson { .. } => ProtocolChoice::AwsJson,
            Protocol::RestJson => ProtocolChoice::RestJson,
            #[cfg(feature = "cbor")]
            Protocol::RpcV2Cbor { .. } => ProtocolChoice::RpcV2Cbor,
            #[cfg(feature = "xml")]
            Protocol::AwsQuery { .. } => ProtocolChoice::AwsQuery,
            #[cfg(feature = "xml")]
            Protocol::Ec2Query { .. } => ProtocolChoice::Ec2Query,
            #[cfg(feature = "xml")]
            Protocol::RestXml => ProtocolChoice::RestXml,
        }
    }

    /// How the protocol's bodies are encoded.
    pub fn codec(self) -> Codec {
        match self {
            Protocol::AwsJson { .. } | Protocol::RestJson => Codec::Json,
            #[cfg(feature = "cbor")]
            Protocol::RpcV2Cbor { .. } => Codec::Cbor,
            #[cfg(feature = "xml")]
            Protocol::AwsQuery { .. } | Protocol::Ec2Query { .. } | Protocol::RestXml => Codec::Xml,
        }
    }
}

/// Where and how a client's calls go, worked out once when the client is made: the
/// service, the endpoint its rules give for the configuration, and the signing key cache.
#[derive(Debug)]
pub struct Target {
    /// The service.
    pub service: &'static ServiceInfo,
    /// The protocol the configuration picked, or why it cannot be spoken.
    protocol: Result<Protocol, String>,
    /// The endpoint (its URL without a trailing `/`), or why there is none.
    endpoint: Result<Endpoint, String>,
    /// awsJson's `application/x-amz-json-1.1` or `-1.0`.
    content_type: String,
    pub(crate) keys: sigv4::KeyCache,
}

impl Target {
    /// The region and name requests are signed for: the endpoint's where its rules name
    /// them (IAM's global endpoint signs for `us-east-1`), else the client's region and the
    /// service's signing name.
    pub fn signing_scope<'a>(&'a self, config: &'a Config) -> (&'a str, &'a str) {
        let endpoint = self.endpoint.as_ref().ok();
        (
            endpoint
                .and_then(|e| e.signing_region.as_deref())
                .unwrap_or(&config.region),
            endpoint
                .and_then(|e| e.signing_name.as_deref())
                .unwrap_or(self.service.signing_name),
        )
    }

    /// Resolves the endpoint for `config` (a configuration does not change once built).
    pub fn new(config: &Config, service: &'static ServiceInfo) -> Self {
        let protocol = match config.protocol {
            None => service
                .protocols
                .first()
                .copied()
                .ok_or_else(|| "the client speaks no protocol".to_owned()),
            Some(choice) => service
                .protocols
                .iter()
                .copied()
                .find(|p| p.choice() == choice)
                .ok_or_else(|| {
                    format!(
                        "the configuration asks for {choice:?}, which this client does not speak (it speaks {:?}; rpcv2Cbor needs the crate's `cbor` feature)",
                        service.protocols.iter().map(|p| p.choice()).collect::<Vec<_>>()
                    )
                }),
        };
        let content_type = match protocol {
            Ok(Protocol::AwsJson { version, .. }) => format!("application/x-amz-json-{version}"),
            _ => String::new(),
        };
        Target {
            service,
            protocol,
            endpoint: endpoint(config, service),
            content_type,
            keys: sigv4::KeyCache::default(),
        }
    }

    /// The method, path, headers and body of `input`'s request, as the protocol writes them.
    pub fn parts<O: Operation>(&self, input: &O) -> Result<Parts, String> {
        let mut parts = self.protocol_parts(input)?;
        if self.service.query_compatible {
            parts
                .headers
                .push(("x-amzn-query-mode".to_owned(), "true".to_owned()));
        }
        for (name, value) in self.service.default_headers {
            if !parts
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                parts
                    .headers
                    .push(((*name).to_owned(), (*value).to_owned()));
            }
        }
        Ok(parts)
    }

    /// The protocol the client speaks, or why the configured one cannot be spoken.
    pub fn protocol(&self) -> Result<Protocol, String> {
        self.protocol.clone()
    }

    fn protocol_parts<O: Operation>(&self, input: &O) -> Result<Parts, String> {
        match self.protocol()? {
            Protocol::AwsJson { target_prefix, .. } => Ok(Parts {
                method: "POST",
                path_and_query: "/".to_owned(),
                headers: vec![
                    ("content-type".to_owned(), self.content_type.clone()),
                    (
                        "x-amz-target".to_owned(),
                        format!("{target_prefix}.{}", O::NAME),
                    ),
                ],
                body: serde_json::to_vec(input).map_err(|e| e.to_string())?,
            }),
            Protocol::RestJson => input.http_request()?.finish(),
            #[cfg(feature = "xml")]
            Protocol::RestXml => input.http_request()?.finish(),
            #[cfg(feature = "cbor")]
            Protocol::RpcV2Cbor { service_name } => {
                // A response that streams events is asked for as one.
                let accept = match O::STREAMS.1 {
                    crate::client::operation::Streams::Events => {
                        "application/vnd.amazon.eventstream"
                    }
                    _ => "application/cbor",
                };
                let mut headers = vec![
                    ("smithy-protocol".to_owned(), "rpc-v2-cbor".to_owned()),
                    ("accept".to_owned(), accept.to_owned()),
                ];
                // An operation without input sends no body, and so no content type.
                let body = if O::NO_INPUT {
                    Vec::new()
                } else {
                    headers.push(("content-type".to_owned(), "application/cbor".to_owned()));
                    crate::wire::cbor::to_vec(input).map_err(|e| e.to_string())?
                };
                Ok(Parts {
                    method: "POST",
                    path_and_query: format!("/service/{service_name}/operation/{}", O::NAME),
                    headers,
                    body,
                })
            }
            #[cfg(feature = "xml")]
            Protocol::AwsQuery { version } => {
                query_parts::<O>(input, version, crate::wire::query::Style::Query)
            }
            #[cfg(feature = "xml")]
            Protocol::Ec2Query { version } => {
                query_parts::<O>(input, version, crate::wire::query::Style::Ec2)
            }
        }
    }
}

/// A query protocol's request: the input as a form.
#[cfg(feature = "xml")]
fn query_parts<O: Operation>(
    input: &O,
    version: &str,
    style: crate::wire::query::Style,
) -> Result<Parts, String> {
    Ok(Parts {
        method: "POST",
        path_and_query: "/".to_owned(),
        headers: vec![(
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        )],
        body: crate::wire::query::form(O::NAME, version, input, style)
            .map_err(|e| e.to_string())?,
    })
}

/// The output of a query protocol's response: awsQuery's is in `<{Operation}Result>`,
/// ec2Query's the root element.
#[cfg(feature = "xml")]
pub fn read_query_output<O: Operation>(
    response: &crate::http::transport::HttpResponse,
) -> Result<O::Output, String> {
    crate::wire::xml::read_output(response, Some(&format!("{}Result", O::NAME)))
}

/// The smallest body worth compressing: botocore's default
/// `request_min_compression_size_bytes`.
pub const MIN_COMPRESSION_SIZE: usize = 10_240;

/// Validates, sends and reads one call.
pub async fn invoke<O: Operation>(
    config: &Config,
    target: &Target,
    input: &O,
    policy: Option<Policy>,
) -> Result<O::Output, SdkError<O::Error>> {
    let operation = O::NAME;
    let (traits, parts) = prepare(config, target, input, policy)?;
    let identity = identity::<O>(config).await?;
    let span = tracing::info_span!("call", service = target.service.endpoint_prefix, operation, region = %config.region);
    let attempts = tracing::Instrument::instrument(
        attempt_with_retries::<O>(config, &identity, target, &traits, &parts),
        span,
    );
    match config.operation_timeout {
        Some(limit) => match tokio::time::timeout(limit, attempts).await {
            Ok(result) => result,
            Err(_) => Err(SdkError::new(
                operation,
                SdkErrorKind::Dispatch(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("no response within {limit:?}"),
                )),
            )),
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
    let traits = input.request_traits();
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
async fn attempt_with_retries<O: Operation>(
    config: &Config,
    identity: &Identity,
    target: &Target,
    traits: &RequestTraits,
    parts: &Parts,
) -> Result<O::Output, SdkError<O::Error>> {
    let operation = O::NAME;
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
        .map_err(|e| SdkError::new(operation, SdkErrorKind::Construction(e)))?;
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
        let result = match response {
            Ok(response) => {
                span.record("status", response.status);
                if let Some(id) = response.header("x-amzn-requestid") {
                    span.record("request_id", id);
                }
                let (codec, read_output) = output_reader::<O>(target);
                let result =
                    read_response::<O::Output, O::Error>(operation, &response, read_output, codec);
                config.transport.reuse(response.body);
                result
            }
            Err(e) => Err(SdkError::new(operation, SdkErrorKind::Dispatch(e))),
        };
        // Only the outcome is logged: inputs and outputs may hold secrets.
        match &result {
            Ok(_) => tracing::debug!(parent: &span, "attempt succeeded"),
            Err(e) => tracing::debug!(parent: &span, error = %e, "attempt failed"),
        }
        let retry = retryable(&result).filter(|_| attempt < config.retry.attempts());
        match retry.and_then(|timeout| config.quota.acquire(timeout)) {
            Some(cost) => {
                last_retry_cost = Some(cost);
                tokio::time::sleep(config.retry.backoff(attempt)).await;
                attempt += 1;
            }
            None => {
                if result.is_ok() {
                    config.quota.release(last_retry_cost);
                }
                return result;
            }
        }
    }
}

/// Where requests go, from the service's endpoint rules: the URL (without a trailing `/`)
/// and the signing scope the endpoint asks for.
pub fn endpoint(config: &Config, service: &ServiceInfo) -> Result<Endpoint, String> {
    let params = EndpointParams {
        region: Some(config.region.clone()),
        use_fips: config.use_fips,
        use_dual_stack: config.use_dual_stack,
        endpoint: config.endpoint_url.clone(),
    };
    (service.resolve_endpoint)(&params)
        .map(|endpoint| Endpoint {
            url: endpoint.url.trim_end_matches('/').to_owned(),
            ..endpoint
        })
        .map_err(|e| e.to_string())
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
    let endpoint = match &traits.endpoint {
        // A URL with a path of `/` only adds the request's path.
        Some(endpoint) => endpoint.trim_end_matches('/'),
        None => target
            .endpoint
            .as_ref()
            .map(|e| e.url.as_str())
            .map_err(String::clone)?,
    };
    let (scheme, rest) = endpoint
        .split_once("://")
        .ok_or_else(|| format!("`{endpoint}` has no host"))?;
    let prefix = match &traits.host_prefix {
        Some(prefix) if config.inject_host_prefix => prefix.as_str(),
        _ => "",
    };
    // An endpoint with a path (`https://example.com/custom`) keeps it before the request's.
    let url = format!("{scheme}://{prefix}{rest}{}", parts.path_and_query);
    let host = format!("{prefix}{}", rest.split('/').next().unwrap_or(rest));
    let mut headers = parts.headers;
    headers.push(("host".to_owned(), host));
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
    if let Some(credentials) = identity.credentials() {
        sigv4::sign(
            &mut request,
            credentials,
            target.signing_scope(config),
            time,
            &target.keys,
        );
    }
    request
        .headers
        .push(("user-agent".to_owned(), service.user_agent.to_owned()));
    Ok(request)
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
