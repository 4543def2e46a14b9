//! Client configuration: region, credentials, endpoint, validation policy, timeout,
//! transport.

use crate::config::credentials::{
    Credentials, CredentialsError, CredentialsFuture, DefaultCredentialsChain, Environment,
    ProvideCredentials,
};
use crate::config::identity::{Identities, Secret};
use crate::config::retry::{QuotaCounters, RetryConfig, RetryQuota};
use crate::http::pool::HyperTransport;
use crate::http::transport::Transport;
use crate::validate::Policy;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::choices::ACCOUNT_ID_ENDPOINT_MODE;
pub use crate::config::choices::{
    AccountIdEndpointMode, ChecksumWhen, ConfigError, EndpointValue, ProtocolChoice,
};
use std::time::Duration;

/// Everything a client needs; build it with [`Config::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: String,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) endpoint_params: BTreeMap<String, EndpointValue>,
    pub(crate) request_checksum_calculation: ChecksumWhen,
    pub(crate) response_checksum_validation: ChecksumWhen,
    pub(crate) validation: Policy,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) retry: RetryConfig,
    pub(crate) quota: Arc<RetryQuota>,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) protocol: Option<ProtocolChoice>,
    pub(crate) inject_host_prefix: bool,
    pub(crate) identities: Identities,
}

impl Config {
    /// A builder with nothing set.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder holding this configuration, to change some of it: the transport (its
    /// connection pool) and the retry quota stay shared unless replaced.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            region: Some(self.region.clone()),
            credentials: Some(self.credentials.clone()),
            endpoint_url: self.endpoint_url.clone(),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            endpoint_params: self.endpoint_params.clone(),
            request_checksum_calculation: self.request_checksum_calculation,
            response_checksum_validation: self.response_checksum_validation,
            validation: self.validation,
            operation_timeout: self.operation_timeout,
            attempt_timeout: self.attempt_timeout,
            connect_timeout: None,
            root_certificates: Vec::new(),
            retry: self.retry.clone(),
            shared_quota: Some(self.quota.clone()),
            transport: Some(self.transport.clone()),
            protocol: self.protocol,
            disable_host_prefix: !self.inject_host_prefix,
            identities: self.identities.clone(),
        }
    }

    /// The retry quota the client's calls share: tokens left, and what retries took and
    /// successes gave back.
    pub fn retry_quota(&self) -> QuotaCounters {
        self.quota.counters()
    }

    /// Configuration from the process's environment: see [`Config::from_environment`].
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_environment(Environment::process())
    }

    /// Region from `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile (`AWS_PROFILE`, else
    /// `default`) in `~/.aws/config`; credentials from `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, else the profile in
    /// `~/.aws/credentials` or `~/.aws/config`, looked up on each call; `AWS_ENDPOINT_URL`
    /// if set. A malformed file is an error naming the file and line.
    pub fn from_environment(environment: Environment) -> Result<Config, ConfigError> {
        let mut builder = Config::builder();
        if let Some(region) = environment
            .region()
            .map_err(|e| ConfigError(e.to_string()))?
        {
            builder = builder.region(region);
        }
        if let Some(url) = environment.var("AWS_ENDPOINT_URL") {
            builder = builder.endpoint_url(url);
        }
        let flag = |name: &str| {
            environment
                .var(name)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        builder = builder
            .use_fips(flag("AWS_USE_FIPS_ENDPOINT"))
            .use_dual_stack(flag("AWS_USE_DUALSTACK_ENDPOINT"));
        for (name, set) in [
            (
                "AWS_REQUEST_CHECKSUM_CALCULATION",
                ConfigBuilder::request_checksum_calculation
                    as fn(ConfigBuilder, ChecksumWhen) -> ConfigBuilder,
            ),
            (
                "AWS_RESPONSE_CHECKSUM_VALIDATION",
                ConfigBuilder::response_checksum_validation,
            ),
        ] {
            if let Some(text) = environment.var(name) {
                let when = ChecksumWhen::parse(text).ok_or_else(|| {
                    ConfigError(format!(
                        "{name} is `{text}`, not `when_supported` or `when_required`"
                    ))
                })?;
                builder = set(builder, when);
            }
        }
        if let Some(text) = environment.var("AWS_ACCOUNT_ID_ENDPOINT_MODE") {
            let mode = AccountIdEndpointMode::parse(text).ok_or_else(|| {
                ConfigError(format!(
                    "AWS_ACCOUNT_ID_ENDPOINT_MODE is `{text}`, not `preferred`, `required` or `disabled`"
                ))
            })?;
            builder = builder.account_id_endpoint_mode(mode);
        }
        if flag("AWS_S3_USE_ARN_REGION") {
            builder = builder.use_arn_region(true);
        }
        if flag("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS") {
            builder = builder.disable_multi_region_access_points(true);
        }
        // Fail now, not at the first call, when no source has credentials.
        environment
            .resolve_credentials()
            .map_err(|e| ConfigError(e.to_string()))?;
        builder
            .credentials_provider(DefaultCredentialsChain::with_environment(environment))
            .build()
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The validation policy applied before sending.
    pub fn validation(&self) -> Policy {
        self.validation
    }

    /// When requests carry a flexible checksum of their body.
    pub fn request_checksum_calculation(&self) -> ChecksumWhen {
        self.request_checksum_calculation
    }

    /// When a response's flexible checksum is checked.
    pub fn response_checksum_validation(&self) -> ChecksumWhen {
        self.response_checksum_validation
    }
}

/// Builds a [`Config`].
#[derive(Debug, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    endpoint_params: BTreeMap<String, EndpointValue>,
    request_checksum_calculation: ChecksumWhen,
    response_checksum_validation: ChecksumWhen,
    validation: Policy,
    operation_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    root_certificates: Vec<Vec<u8>>,
    retry: RetryConfig,
    /// The quota of the configuration this builder came from, kept while its retry
    /// settings are.
    shared_quota: Option<Arc<RetryQuota>>,
    transport: Option<Arc<dyn Transport>>,
    protocol: Option<ProtocolChoice>,
    disable_host_prefix: bool,
    identities: Identities,
}

impl ConfigBuilder {
    /// The wire protocol, for a service that speaks several; unset, the service's default
    /// (the first its client lists). A protocol the client does not have makes every call
    /// fail before sending, saying so.
    pub fn protocol(mut self, protocol: ProtocolChoice) -> Self {
        self.protocol = Some(protocol);
        self
    }

    /// The region, such as `us-east-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The credentials requests are signed with.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// The bearer token for operations that take `Authorization: Bearer` (Smithy's
    /// `httpBearerAuth`); a client with one needs no AWS credentials.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.identities.bearer_token = Some(Secret::new(token));
        self
    }

    /// The API key for operations that take one (Smithy's `httpApiKeyAuth`, which says
    /// where it goes); a client with one needs no AWS credentials.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.identities.api_key = Some(Secret::new(key));
        self
    }

    /// The user and password for operations that take HTTP basic auth (Smithy's
    /// `httpBasicAuth`); a client with them needs no AWS credentials.
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.identities.basic = Some((user.into(), Secret::new(password)));
        self
    }

    /// Where credentials come from, asked before each call.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Sends requests to this URL instead of the service's regional endpoint (for moto,
    /// LocalStack, VPC endpoints, proxies).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Uses FIPS endpoints (where the rules have them).
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = use_fips;
        self
    }

    /// Uses dual-stack (IPv4 and IPv6) endpoints (where the rules have them).
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = use_dual_stack;
        self
    }

    /// When requests carry a flexible checksum of their body (`httpChecksum`): whenever the
    /// operation supports one (the default: CRC32 unless the input names an algorithm), or
    /// only when the model requires one or the input names an algorithm
    /// (`AWS_REQUEST_CHECKSUM_CALCULATION`).
    pub fn request_checksum_calculation(mut self, when: ChecksumWhen) -> Self {
        self.request_checksum_calculation = when;
        self
    }

    /// When a response's flexible checksum is checked: whenever the operation supports it
    /// (the default: the request asks for it, and a body that does not match its checksum
    /// is an error), or only when the input asks (`AWS_RESPONSE_CHECKSUM_VALIDATION`).
    pub fn response_checksum_validation(mut self, when: ChecksumWhen) -> Self {
        self.response_checksum_validation = when;
        self
    }

    /// Sends S3 requests with the bucket in the path (`https://s3.{region}.amazonaws.com/bucket/key`)
    /// instead of the host (`AWS::S3::ForcePathStyle`): for a server that cannot resolve
    /// bucket host names, such as a local one.
    pub fn force_path_style(self, force: bool) -> Self {
        self.endpoint_parameter("AWS::S3::ForcePathStyle", force)
    }

    /// Sends S3 requests to the bucket's Transfer Acceleration endpoint
    /// (`AWS::S3::Accelerate`).
    pub fn accelerate(self, accelerate: bool) -> Self {
        self.endpoint_parameter("AWS::S3::Accelerate", accelerate)
    }

    /// Lets an ARN given as an S3 or S3 Control bucket name point to another region than the
    /// client's (`AWS::S3::UseArnRegion`, `AWS::S3Control::UseArnRegion`; also
    /// `AWS_S3_USE_ARN_REGION=true`).
    pub fn use_arn_region(self, use_arn_region: bool) -> Self {
        self.endpoint_parameter("AWS::S3::UseArnRegion", use_arn_region)
            .endpoint_parameter("AWS::S3Control::UseArnRegion", use_arn_region)
    }

    /// Refuses S3 Multi-Region Access Point ARNs (`AWS::S3::DisableMultiRegionAccessPoints`;
    /// also `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS=true`).
    pub fn disable_multi_region_access_points(self, disable: bool) -> Self {
        self.endpoint_parameter("AWS::S3::DisableMultiRegionAccessPoints", disable)
    }

    /// Sends `us-east-1` requests of S3 and STS to their global endpoints
    /// (`AWS::S3::UseGlobalEndpoint`, `AWS::STS::UseGlobalEndpoint`).
    pub fn use_global_endpoint(self, global: bool) -> Self {
        self.endpoint_parameter("AWS::S3::UseGlobalEndpoint", global)
            .endpoint_parameter("AWS::STS::UseGlobalEndpoint", global)
    }

    /// Whether requests go to an endpoint of the account where the rules have one
    /// ([`AccountIdEndpointMode::Preferred`] unless set; also `AWS_ACCOUNT_ID_ENDPOINT_MODE`).
    pub fn account_id_endpoint_mode(self, mode: AccountIdEndpointMode) -> Self {
        self.endpoint_parameter(ACCOUNT_ID_ENDPOINT_MODE, mode.as_str())
    }

    /// Sets an endpoint rule set's parameter: by its name (a client context parameter of
    /// the model, such as S3's `DisableS3ExpressSessionAuth`) or by the built-in it is
    /// bound to (`AWS::S3::ForcePathStyle`). An operation's own context parameters, taken
    /// from its input, win over these.
    pub fn endpoint_parameter(
        mut self,
        name: impl Into<String>,
        value: impl Into<EndpointValue>,
    ) -> Self {
        self.endpoint_params.insert(name.into(), value.into());
        self
    }

    /// What is validated before a request is sent ([`Policy::Default`] unless set).
    pub fn validation(mut self, policy: Policy) -> Self {
        self.validation = policy;
        self
    }

    /// The longest a call may take, retries and backoff included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The longest one attempt may take, from sending to the whole response.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The longest connecting may take (default transport only).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Trusts these certificates (DER, or PEM holding one or more) as roots besides the
    /// Mozilla ones (default transport only): for a private certificate authority, a proxy
    /// that inspects TLS, or a local TLS server. May be called more than once.
    pub fn root_certificates(mut self, certificates: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(certificates.into());
        self
    }

    /// How failed attempts are retried ([`RetryConfig::standard`] unless set).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        // New retry settings get a quota of their own.
        self.shared_quota = None;
        self
    }

    /// Leaves out the host prefixes operations put before the endpoint's host (such as
    /// CloudWatch Logs' `stream-` for `StartLiveTail`): for an endpoint URL that names a
    /// host those prefixes would break, such as a local server (botocore's
    /// `inject_host_prefix = False`).
    pub fn disable_host_prefix(mut self, disable: bool) -> Self {
        self.disable_host_prefix = disable;
        self
    }

    /// Sends requests through this transport instead of the default one.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Builds the configuration; fails naming what is missing or malformed.
    pub fn build(self) -> Result<Config, ConfigError> {
        let region = self
            .region
            .ok_or_else(|| ConfigError("no region: set one, or AWS_REGION".into()))?;
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(ConfigError(format!("`{region}` is not a region name")));
        }
        // A client given another identity (a bearer token, an API key) may talk to a
        // service that takes no AWS credentials; a SigV4 call then says none are configured.
        let credentials = match self.credentials {
            Some(credentials) => credentials,
            None if self.identities.any() => Arc::new(NoCredentials),
            None => {
                return Err(ConfigError(
                    "no credentials: set them, a provider, or use Config::from_env".into(),
                ))
            }
        };
        if let Some(url) = &self.endpoint_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(ConfigError(format!(
                    "endpoint URL `{url}` must start with http:// or https://"
                )));
            }
        }
        let transport = match self.transport {
            Some(transport) => transport,
            None => Arc::new(
                HyperTransport::with_settings(self.connect_timeout, &self.root_certificates)
                    .map_err(|e| ConfigError(e.message))?,
            ),
        };
        Ok(Config {
            region,
            credentials,
            endpoint_url: self
                .endpoint_url
                .map(|u| u.trim_end_matches('/').to_owned()),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            endpoint_params: {
                let mut params = self.endpoint_params;
                params
                    .entry(ACCOUNT_ID_ENDPOINT_MODE.to_owned())
                    .or_insert_with(|| AccountIdEndpointMode::default().as_str().into());
                params
            },
            request_checksum_calculation: self.request_checksum_calculation,
            response_checksum_validation: self.response_checksum_validation,
            validation: self.validation,
            operation_timeout: self.operation_timeout,
            attempt_timeout: self.attempt_timeout,
            quota: self
                .shared_quota
                .unwrap_or_else(|| RetryQuota::new(self.retry.quota_size())),
            retry: self.retry,
            transport,
            protocol: self.protocol,
            inject_host_prefix: !self.disable_host_prefix,
            identities: self.identities,
        })
    }
}

/// The credentials of a client configured with another identity only.
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            Err(CredentialsError::new(
                "no AWS credentials configured (the client has another identity only)",
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let text = format!(
            "{:?}",
            Credentials::new("AKID", "SECRETKEY", Some("TOKEN".into()))
        );
        assert!(
            text.contains("AKID") && !text.contains("SECRETKEY") && !text.contains("TOKEN"),
            "{text}"
        );
    }

    #[test]
    fn build_names_what_is_missing() {
        let err = Config::builder().build().unwrap_err();
        assert!(err.to_string().contains("no region"), "{err}");
        let err = Config::builder().region("us-east-1").build().unwrap_err();
        assert!(err.to_string().contains("no credentials"), "{err}");
        let err = Config::builder()
            .region("us east")
            .credentials(Credentials::new("a", "b", None))
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("not a region"), "{err}");
        let err = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None))
            .endpoint_url("localhost:5000")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("http://"), "{err}");
        let err = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None))
            .root_certificates(
                "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
            )
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("root certificate"), "{err}");
        let err = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None))
            .root_certificates(vec![0x30, 0x03, 0x02, 0x01, 0x01])
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("root certificate"), "{err}");
    }
}
