//! The settings of a client that are a choice among a few values: the protocol, checksum and account endpoint modes, endpoint parameter values, and the error of a configuration that cannot be used.

use std::fmt;

/// A wire protocol a client can be asked to speak, for services that speak several (the
/// generated `SERVICE` lists which; the first is the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolChoice {
    /// awsJson 1.0 or 1.1.
    AwsJson,
    /// rest-json.
    RestJson,
    /// smithy-rpc-v2-cbor (the generated crate's `cbor` feature).
    RpcV2Cbor,
    /// awsQuery.
    AwsQuery,
    /// ec2Query.
    Ec2Query,
    /// restXml.
    RestXml,
}

/// A configuration that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub(crate) String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The value of an endpoint parameter: the rule language's three types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointValue {
    /// A `boolean` parameter.
    Bool(bool),
    /// A `string` parameter.
    String(String),
    /// A `stringArray` parameter.
    StringArray(Vec<String>),
}

impl From<bool> for EndpointValue {
    fn from(value: bool) -> Self {
        EndpointValue::Bool(value)
    }
}

impl From<&str> for EndpointValue {
    fn from(value: &str) -> Self {
        EndpointValue::String(value.to_owned())
    }
}

impl From<String> for EndpointValue {
    fn from(value: String) -> Self {
        EndpointValue::String(value)
    }
}

impl From<Vec<String>> for EndpointValue {
    fn from(value: Vec<String>) -> Self {
        EndpointValue::StringArray(value)
    }
}

/// The built-in a rule set binds its account endpoint mode to.
pub(crate) const ACCOUNT_ID_ENDPOINT_MODE: &str = "AWS::Auth::AccountIdEndpointMode";

/// When a client computes or checks flexible checksums (`httpChecksum`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChecksumWhen {
    /// Whenever the operation supports it (the SDKs' default).
    #[default]
    WhenSupported,
    /// Only when the model requires it, or the input asks for it.
    WhenRequired,
}

impl ChecksumWhen {
    /// `when_supported` or `when_required`, as the SDKs' settings spell them.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "when_supported" => Some(ChecksumWhen::WhenSupported),
            "when_required" => Some(ChecksumWhen::WhenRequired),
            _ => None,
        }
    }
}

/// Whether requests go to an endpoint of the caller's account where the rules have one
/// (DynamoDB's `{account}.ddb.{region}.amazonaws.com`, for a resource ARN's account):
/// `AWS::Auth::AccountIdEndpointMode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AccountIdEndpointMode {
    /// Where an account is known (the SDKs' default).
    #[default]
    Preferred,
    /// Always; a request whose account is not known fails.
    Required,
    /// Never.
    Disabled,
}

impl AccountIdEndpointMode {
    /// `preferred`, `required` or `disabled`, as the SDKs' settings spell them.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "preferred" => Some(Self::Preferred),
            "required" => Some(Self::Required),
            "disabled" => Some(Self::Disabled),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Preferred => "preferred",
            Self::Required => "required",
            Self::Disabled => "disabled",
        }
    }
}
