//! What every provider shares: the environment, files, clock and HTTP transport they use, the region and endpoint settings of the STS and SSO calls, and the host resolver of the container provider.

use crate::os::{Clock, Env, Files};
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::config::retry::RetryConfig;
use aws_codegen_runtime::config::settings::Config;
use aws_codegen_runtime::http::pool::HyperTransport;
use aws_codegen_runtime::http::transport::Transport;
use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

/// The addresses a host name resolves to, for the container provider's check that a plain
/// HTTP endpoint is on this machine.
pub type ResolveFuture<'a> =
    Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send + 'a>>;

/// Resolves host names; the system resolver unless replaced.
pub trait Resolve: Send + Sync + fmt::Debug {
    /// The addresses of `host`.
    fn resolve<'a>(&'a self, host: &'a str) -> ResolveFuture<'a>;
}

/// The system's resolver.
#[derive(Debug)]
struct SystemResolver;

impl Resolve for SystemResolver {
    fn resolve<'a>(&'a self, host: &'a str) -> ResolveFuture<'a> {
        Box::pin(async move {
            let addresses = tokio::net::lookup_host((host, 0)).await?;
            Ok(addresses.map(|a| a.ip()).collect())
        })
    }
}

/// The settings every provider shares.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    pub(crate) env: Env,
    pub(crate) files: Files,
    pub(crate) clock: Clock,
    transport: Option<Arc<dyn Transport>>,
    shared_transport: Arc<OnceLock<Arc<dyn Transport>>>,
    region: Option<String>,
    profile: Option<String>,
    retry: Option<RetryConfig>,
    resolver: Arc<dyn Resolve>,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        ProviderConfig {
            env: Env::process(),
            files: Files::Real,
            clock: Clock::system(),
            transport: None,
            shared_transport: Arc::new(OnceLock::new()),
            region: None,
            profile: None,
            retry: None,
            resolver: Arc::new(SystemResolver),
        }
    }
}

impl ProviderConfig {
    /// The process's environment and files, the system clock, HTTPS over hyper.
    pub fn new() -> Self {
        ProviderConfig::default()
    }

    /// Reads these variables instead of the process's.
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Reads files from here instead of the real file system.
    pub fn files(mut self, files: Files) -> Self {
        self.files = files;
        self
    }

    /// Checks expiry against this clock.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Sends every request (IMDS, container, STS, SSO) through `transport`.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The region of STS calls; otherwise the region chain's.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Selects this profile instead of `AWS_PROFILE` or `default`.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Retries STS and SSO calls this way instead of the standard mode's 3 attempts.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Resolves host names with `resolver`.
    pub fn resolver(mut self, resolver: impl Resolve + 'static) -> Self {
        self.resolver = Arc::new(resolver);
        self
    }

    /// The variables.
    pub fn env_vars(&self) -> &Env {
        &self.env
    }

    /// The profile asked for in code.
    pub(crate) fn profile_override(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    pub(crate) fn configured_region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    pub(crate) fn with_region(&self, region: Option<String>) -> Self {
        let mut config = self.clone();
        config.region = region;
        config
    }

    pub(crate) fn resolver_ref(&self) -> &dyn Resolve {
        &*self.resolver
    }

    /// The transport: the one given, else one HTTPS transport shared by every provider.
    pub fn http(&self) -> Arc<dyn Transport> {
        match &self.transport {
            Some(transport) => Arc::clone(transport),
            None => Arc::clone(
                self.shared_transport
                    .get_or_init(|| Arc::new(HyperTransport::new())),
            ),
        }
    }

    /// A client configuration for a service the providers call (STS, SSO), in `region`,
    /// signing with `credentials` (a placeholder for calls that are sent unsigned).
    pub(crate) fn client_config(
        &self,
        region: &str,
        credentials: Option<Credentials>,
        endpoint_url: Option<&str>,
        (use_fips, use_dual_stack): (bool, bool),
    ) -> Result<Config, String> {
        let mut builder = Config::builder()
            .region(region)
            .use_fips(use_fips)
            .use_dual_stack(use_dual_stack)
            .transport(SharedTransport(self.http()));
        builder = match credentials {
            Some(credentials) => builder.credentials(credentials),
            None => builder.credentials_provider(Unsigned),
        };
        if let Some(url) = endpoint_url {
            builder = builder.endpoint_url(url);
        }
        if let Some(retry) = &self.retry {
            builder = builder.retry(retry.clone());
        }
        builder.build().map_err(|e| e.to_string())
    }
}

impl ProviderConfig {
    /// A client configuration for unsigned calls in `region` through `transport` (which
    /// adds what the calls need, such as a DPoP proof), honouring the configured retries.
    pub(crate) fn client_config_over(
        &self,
        region: &str,
        transport: impl Transport + 'static,
    ) -> Result<Config, String> {
        let mut builder = Config::builder()
            .region(region)
            .transport(transport)
            .credentials_provider(Unsigned);
        if let Some(retry) = &self.retry {
            builder = builder.retry(retry.clone());
        }
        builder.build().map_err(|e| e.to_string())
    }
}

/// A transport shared by several clients.
#[derive(Debug)]
struct SharedTransport(Arc<dyn Transport>);

impl Transport for SharedTransport {
    fn send(
        &self,
        request: aws_codegen_runtime::http::transport::HttpRequest,
    ) -> aws_codegen_runtime::http::transport::TransportFuture<'_> {
        self.0.send(request)
    }
}

/// The credentials of a client whose calls go unsigned: asking for them is a bug.
#[derive(Debug)]
struct Unsigned;

impl aws_codegen_runtime::config::credentials::ProvideCredentials for Unsigned {
    fn provide(&self) -> aws_codegen_runtime::config::credentials::CredentialsFuture<'_> {
        Box::pin(async {
            Err(
                aws_codegen_runtime::config::credentials::CredentialsError::new(
                    "this client only makes unsigned calls",
                ),
            )
        })
    }
}
