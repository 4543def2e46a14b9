//! Identities other than AWS credentials that a client can be given: a bearer token, an API key, a user and password.

use std::fmt;

/// A secret string: `Debug` shows that it is set, never what it is.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the request that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(** redacted **)")
    }
}

/// The non-AWS identities of a client, each for the auth scheme that takes it (Smithy's
/// `httpBearerAuth`, `httpApiKeyAuth` and `httpBasicAuth`).
#[derive(Clone, Debug, Default)]
pub struct Identities {
    /// The token sent as `Authorization: Bearer <token>`.
    pub bearer_token: Option<Secret>,
    /// The key sent where the service's `httpApiKeyAuth` says.
    pub api_key: Option<Secret>,
    /// The user and password sent as `Authorization: Basic ...`.
    pub basic: Option<(String, Secret)>,
}

impl Identities {
    /// Whether any is set.
    pub fn any(&self) -> bool {
        self.bearer_token.is_some() || self.api_key.is_some() || self.basic.is_some()
    }
}
