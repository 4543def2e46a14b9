//! The auth schemes a model names: their shape ids, and the API key trait's settings.

use serde::Deserialize;

/// The auth scheme that sends a request unsigned.
pub const NO_AUTH: &str = "smithy.api#noAuth";

/// Where an API key goes and how (Smithy's `httpApiKeyAuth`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct ApiKeyAuth {
    /// The header or query parameter name.
    pub name: String,
    /// `header` or `query`.
    #[serde(rename = "in")]
    pub location: String,
    /// A scheme before the key in the header (`ApiKey` gives `ApiKey <key>`).
    #[serde(default)]
    pub scheme: Option<String>,
}

/// The auth scheme traits Smithy defines for clients, by shape id.
pub const AUTH_SIGV4: &str = "aws.auth#sigv4";
/// `smithy.api#httpBearerAuth`.
pub const AUTH_BEARER: &str = "smithy.api#httpBearerAuth";
/// `smithy.api#httpApiKeyAuth`.
pub const AUTH_API_KEY: &str = "smithy.api#httpApiKeyAuth";
/// `smithy.api#httpBasicAuth`.
pub const AUTH_BASIC: &str = "smithy.api#httpBasicAuth";
