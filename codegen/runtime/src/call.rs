//! The generic call path: a client handle, [`Operation`] (an input that knows its
//! operation), and [`Call`], which binds an input builder to a client so that it can send.

use super::build_error::BuildError;
use super::config::Config;
use super::invoke::{self, RequestTraits, ServiceInfo, Target};
use super::rest;
use super::sdk_error::{OperationError, SdkError, SdkErrorKind};
use super::transport::HttpResponse;
use super::validate::{Policy, Validate};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

/// An operation's input: knows the operation's name, output and errors, so a client can
/// send any prebuilt input, and the generic builders below can send a built one.
pub trait Operation: Serialize + Validate + Clone + Send + Sync + 'static {
    /// The operation's output.
    type Output: DeserializeOwned + Send + Unpin + 'static;
    /// The operation's error enum.
    type Error: OperationError + Send + Unpin + 'static;
    /// The operation's name, such as `DescribeDirectories`.
    const NAME: &'static str;
    /// Whether the model gives the operation no input (rpcv2Cbor then sends no body).
    #[doc(hidden)]
    const NO_INPUT: bool = false;

    /// What the operation's model adds to this input's request (host prefix, compression).
    #[doc(hidden)]
    fn request_traits(&self) -> RequestTraits {
        RequestTraits::default()
    }

    /// The REST protocols' request: method, URI, members bound to labels, the query string
    /// and headers, and the body. Generated for the operations of REST services only.
    #[doc(hidden)]
    fn http_request(&self) -> Result<rest::Request, String> {
        Err(format!(
            "`{}` has no HTTP bindings: the service does not speak a REST protocol",
            Self::NAME
        ))
    }

    /// Reads the output from a successful response: its JSON body, unless a REST
    /// operation binds members to headers, the status code or the whole body.
    #[doc(hidden)]
    fn read_output(response: &HttpResponse) -> Result<Self::Output, String> {
        super::response::read_json(response)
    }
}

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
            operation: PhantomData,
        }
    }

    /// Validates (with `policy`, else the configured one), sends and reads `input`.
    pub async fn send<O: Operation>(
        &self,
        input: &O,
        policy: Option<Policy>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        invoke::invoke(&self.config, &self.target, input, policy).await
    }
}

/// A builder's binding to a client: an input builder `XBuilder<Call<X>>` is the fluent
/// builder of the operation whose input is `X`, and can `send()`.
pub struct Call<O> {
    handle: Handle,
    policy: Option<Policy>,
    // `fn() -> O`: a call neither owns nor shares an `O`, so it is `Send` and `Sync` anyway.
    operation: PhantomData<fn() -> O>,
}

impl<O> Clone for Call<O> {
    fn clone(&self) -> Self {
        Call {
            handle: self.handle.clone(),
            policy: self.policy,
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

    /// The client this call goes through.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Sends a built input.
    pub async fn send(&self, input: &O) -> Result<O::Output, SdkError<O::Error>> {
        self.handle.send(input, self.policy).await
    }

    /// Sends what a builder built, or reports why it could not build (nothing is sent).
    pub async fn send_built(
        self,
        built: Result<O, BuildError>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let input = built.map_err(construction::<O>)?;
        self.send(&input).await
    }
}

/// A builder's failure as the error of a call: nothing was sent.
pub fn construction<O: Operation>(error: BuildError) -> SdkError<O::Error> {
    SdkError::new(O::NAME, SdkErrorKind::Construction(error.to_string()))
}

/// The output of an operation the model gives no output: nothing (any fields the service
/// sends are ignored).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Empty {}

impl serde::Serialize for Empty {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::ser::SerializeMap::end(serializer.serialize_map(Some(0))?)
    }
}

impl<'de> serde::Deserialize<'de> for Empty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Empty {})
    }
}

/// An empty input has nothing to check.
impl Validate for Empty {
    const ROOT: &'static str = "Empty";

    fn validate_members(&self, _validator: &mut super::validate::Validator) {}
}
