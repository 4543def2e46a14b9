//! The generic call path: a client handle, [`Operation`] (an input that knows its
//! operation), and [`Call`], which binds an input builder to a client so that it can send.

use crate::client::invoke::{self, ServiceInfo, Target};
use crate::client::operation::{construction, CallPaths, Operation};
use crate::config::settings::Config;
use crate::error::SdkError;
use crate::validate::Policy;
use crate::value::build_error::BuildError;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;

/// A configured client of one service: what every call needs. Cheap to clone: clones share
/// configuration and connections.
#[derive(Clone)]
pub struct Handle {
    config: Arc<Config>,
    target: Arc<Target>,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.target.service.endpoint_prefix)
            .field("config", &self.config)
            .finish()
    }
}

impl Handle {
    /// A handle for `service` with this configuration.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Self {
        Handle {
            target: Arc::new(Target::new(&config, service)),
            config: Arc::new(config),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A call of operation `O`, for a builder to carry.
    pub fn call<O>(&self) -> Call<O> {
        Call {
            handle: self.clone(),
            policy: None,
            bad_override: None,
            operation: PhantomData,
        }
    }

    /// A presigned request for `input`, valid for `expires_in` from `start` (`None`: now).
    pub async fn presign<O: Operation>(
        &self,
        input: &O,
        expires_in: std::time::Duration,
        start: Option<std::time::SystemTime>,
    ) -> Result<crate::client::presign::PresignedRequest, SdkError<O::Error>> {
        let start = start.unwrap_or_else(std::time::SystemTime::now);
        crate::client::presign::presign(&self.config, &self.target, input, None, expires_in, start)
            .await
    }

    /// Validates (with `policy`, else the configured one), sends and reads `input`.
    pub async fn send<O: Operation>(
        &self,
        input: &O,
        policy: Option<Policy>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        input.invoke(self, policy).await
    }
}

impl CallPaths for Handle {
    fn plain<'a, O: Operation>(
        &'a self,
        input: &'a O,
        policy: Option<Policy>,
    ) -> impl Future<Output = Result<O::Output, SdkError<O::Error>>> + Send + 'a {
        invoke::invoke(&self.config, &self.target, input, policy)
    }

    fn streaming<'a, O: Operation>(
        &'a self,
        input: &'a O,
        policy: Option<Policy>,
    ) -> impl Future<Output = Result<O::Output, SdkError<O::Error>>> + Send + 'a {
        crate::client::stream_call::invoke(&self.config, &self.target, input, policy)
    }
}

/// A builder's binding to a client: an input builder `XBuilder<Call<X>>` is the fluent
/// builder of the operation whose input is `X`, and can `send()`.
pub struct Call<O> {
    handle: Handle,
    policy: Option<Policy>,
    /// Why a configuration override for this call could not be built, reported when sent.
    bad_override: Option<String>,
    // `fn() -> O`: a call neither owns nor shares an `O`, so it is `Send` and `Sync` anyway.
    operation: PhantomData<fn() -> O>,
}

impl<O> Clone for Call<O> {
    fn clone(&self) -> Self {
        Call {
            handle: self.handle.clone(),
            policy: self.policy,
            bad_override: self.bad_override.clone(),
            operation: PhantomData,
        }
    }
}

impl<O> fmt::Debug for Call<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("handle", &self.handle)
            .field("policy", &self.policy)
            .finish()
    }
}

impl<O: Operation> Call<O> {
    /// The same call, validated with `policy` instead of the client's policy.
    pub fn validation(mut self, policy: Policy) -> Self {
        self.policy = Some(policy);
        self
    }

    /// The same call with the client's configuration changed by `change` for it alone
    /// (addressing, region, an endpoint parameter, timeouts, retries): its endpoint is
    /// resolved again; the connections and the retry quota stay shared. A change that does
    /// not build fails the call when it is sent, before anything goes out.
    pub fn config_override(
        mut self,
        change: impl FnOnce(
            crate::config::settings::ConfigBuilder,
        ) -> crate::config::settings::ConfigBuilder,
    ) -> Self {
        match change(self.handle.config.to_builder()).build() {
            Ok(config) => self.handle = Handle::new(config, self.handle.target.service),
            Err(e) => self.bad_override = Some(format!("the call's configuration override: {e}")),
        }
        self
    }

    /// The client this call goes through.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Sends a built input.
    pub async fn send(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        if let Some(reason) = &self.bad_override {
            return Err(SdkError::new(
                O::NAME,
                crate::error::SdkErrorKind::Construction(reason.clone()),
            ));
        }
        self.handle.send(input, self.policy).await
    }

    /// A presigned request for a built input, valid for `expires_in` (at most 7 days).
    pub async fn presign(
        &self,
        input: &O,
        expires_in: std::time::Duration,
    ) -> Result<crate::client::presign::PresignedRequest, SdkError<O::Error>> {
        if let Some(reason) = &self.bad_override {
            return Err(SdkError::new(
                O::NAME,
                crate::error::SdkErrorKind::Construction(reason.clone()),
            ));
        }
        let (config, target) = (&self.handle.config, &self.handle.target);
        let now = std::time::SystemTime::now();
        crate::client::presign::presign(config, target, input, self.policy, expires_in, now).await
    }

    /// Sends what a builder built, or reports why it could not build (nothing is sent).
    pub async fn send_built(
        self,
        built: Result<O, BuildError>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let input = built.map_err(construction::<O>)?;
        self.send(&input).await
    }

    /// Presigns what a builder built, or reports why it could not build.
    pub async fn presign_built(
        self,
        built: Result<O, BuildError>,
        expires_in: std::time::Duration,
    ) -> Result<crate::client::presign::PresignedRequest, SdkError<O::Error>> {
        let input = built.map_err(construction::<O>)?;
        self.presign(&input, expires_in).await
    }
}
