//! Where and how a client's calls go: the service's facts, the protocols it speaks, and the
//! `Target` a client works out once (the protocol its configuration picked, the endpoint its
//! rules give, the signing key cache), which builds each operation's request parts.

use crate::client::endpoint::{Endpoint, EndpointError, EndpointParams, EndpointValue};
use crate::client::operation::{Operation, RequestTraits};
use crate::client::sigv4;
use crate::config::settings::{Config, ProtocolChoice};
use crate::wire::body::Codec;
use crate::wire::rest::Parts;

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
    pub(crate) protocol: Result<Protocol, String>,
    /// The endpoint (its URL without a trailing `/`), or why there is none.
    endpoint: Result<Endpoint, String>,
    /// awsJson's `application/x-amz-json-1.1` or `-1.0`.
    content_type: String,
    pub(crate) keys: sigv4::KeyCache,
    /// S3 Express sessions by bucket.
    #[cfg(feature = "xml")]
    pub(crate) s3_sessions: crate::client::session_cache::SessionCache,
}

impl Target {
    /// Where a call goes: the endpoint its own parameters resolved, else the client's.
    pub fn endpoint_of<'a>(&'a self, traits: &'a RequestTraits) -> Result<&'a Endpoint, String> {
        match &traits.resolved_endpoint {
            Some(endpoint) => Ok(endpoint),
            None => self.endpoint.as_ref().map_err(String::clone),
        }
    }

    /// Who and how a request to `endpoint` is signed: the region and name its rules name
    /// (IAM's global endpoint signs for `us-east-1`), else the client's region and the
    /// service's signing name; the path as sent where the endpoint says so (S3).
    pub fn signing_scope<'a>(
        &'a self,
        config: &'a Config,
        endpoint: &'a Endpoint,
    ) -> sigv4::SigningScope<'a> {
        sigv4::SigningScope {
            region: endpoint.signing_region.as_deref().unwrap_or(&config.region),
            service: endpoint
                .signing_name
                .as_deref()
                .unwrap_or(self.service.signing_name),
            s3_variant: endpoint.disable_double_encoding,
        }
    }

    /// Who and how a request to `endpoint` is signed with SigV4a: the endpoint's region
    /// set, else the region [`signing_scope`](Self::signing_scope) gives, and its name.
    #[cfg(feature = "sigv4a")]
    pub fn region_set_scope<'a>(
        &'a self,
        config: &'a Config,
        endpoint: &'a Endpoint,
    ) -> crate::client::sigv4a::RegionSetScope<'a> {
        let scope = self.signing_scope(config, endpoint);
        crate::client::sigv4a::RegionSetScope {
            region_set: match endpoint.signing_region_set.is_empty() {
                true => scope.region.to_owned(),
                false => endpoint.signing_region_set.join(","),
            },
            service: scope.service,
            s3_variant: scope.s3_variant,
        }
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
            #[cfg(feature = "xml")]
            s3_sessions: Default::default(),
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

/// Where requests go, from the service's endpoint rules: the URL (without a trailing `/`)
/// and the signing scope the endpoint asks for.
pub fn endpoint(config: &Config, service: &ServiceInfo) -> Result<Endpoint, String> {
    resolve(config, service, std::iter::empty())
}

/// The endpoint for `config` and an operation's own parameters (which win over the
/// client's of the same name).
pub(crate) fn resolve(
    config: &Config,
    service: &ServiceInfo,
    operation_params: impl Iterator<Item = (&'static str, EndpointValue)>,
) -> Result<Endpoint, String> {
    let mut params = EndpointParams {
        region: Some(config.region.clone()),
        use_fips: config.use_fips,
        use_dual_stack: config.use_dual_stack,
        endpoint: config.endpoint_url.clone(),
        others: config.endpoint_params.clone(),
    };
    params
        .others
        .extend(operation_params.map(|(name, value)| (name.to_owned(), value)));
    (service.resolve_endpoint)(&params)
        .map(|endpoint| Endpoint {
            url: endpoint.url.trim_end_matches('/').to_owned(),
            ..endpoint
        })
        .map_err(|e| e.to_string())
}
