//! Credentials kept until shortly before they expire: one refresh at a time, shared by every caller, and a failed refresh does not throw away credentials that still work.

use crate::chain::DefaultCredentialsChain;
use crate::error::ProviderError;
use crate::os::Clock;
use aws_codegen_runtime::config::credentials::{
    Credentials, CredentialsError, CredentialsFuture, ProvideCredentials,
};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// How long before expiry credentials are refreshed.
pub const REFRESH_AHEAD: Duration = Duration::from_secs(300);

/// The future a [`Source`] returns.
pub type SourceFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, ProviderError>> + Send + 'a>>;

/// Where a cache gets fresh credentials.
pub trait Source: Send + Sync + fmt::Debug {
    /// Fresh credentials.
    fn load(&self) -> SourceFuture<'_>;
}

impl Source for DefaultCredentialsChain {
    fn load(&self) -> SourceFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// A source's credentials, cached: implements the runtime's [`ProvideCredentials`], so a
/// client configuration takes it.
#[derive(Clone, Debug)]
pub struct CachedCredentials {
    source: Arc<dyn Source>,
    clock: Clock,
    cached: Arc<Mutex<Option<Credentials>>>,
}

impl CachedCredentials {
    /// Caches what `source` gives, checking expiry against `clock`.
    pub fn new(source: impl Source + 'static, clock: Clock) -> Self {
        CachedCredentials {
            source: Arc::new(source),
            clock,
            cached: Arc::new(Mutex::new(None)),
        }
    }

    /// The cached credentials while they are fresh, else new ones. Callers that arrive during
    /// a refresh wait for it instead of starting their own.
    pub async fn credentials(&self) -> Result<Credentials, ProviderError> {
        let mut cached = self.cached.lock().await;
        let now = self.clock.now();
        if let Some(credentials) = &*cached {
            match credentials.expiry() {
                None => return Ok(credentials.clone()),
                Some(expiry) if expiry > now + REFRESH_AHEAD => return Ok(credentials.clone()),
                _ => {}
            }
        }
        match self.source.load().await {
            Ok(fresh) => {
                *cached = Some(fresh.clone());
                Ok(fresh)
            }
            Err(error) => match &*cached {
                // Still valid, only due for refresh: keep using them until they expire.
                Some(credentials) if credentials.expiry().is_some_and(|e| e > now) => {
                    Ok(credentials.clone())
                }
                _ => Err(error),
            },
        }
    }
}

impl ProvideCredentials for CachedCredentials {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            self.credentials()
                .await
                .map_err(|e| CredentialsError::new(e.report()))
        })
    }
}
