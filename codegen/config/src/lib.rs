//! Credentials, region and SSO tokens from where AWS programs find them: the SDKs' default chain.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! // The region and credentials chain of the AWS SDKs, for any generated client.
//! let config = aws_codegen_config::load().await?.build()?;
//! # let _ = config;
//! # Ok(())
//! # }
//! ```

pub mod cache;
pub mod chain;
pub mod error;
pub mod os;
pub mod profile;
pub mod provider_config;
pub mod providers;
pub mod region;

pub use cache::CachedCredentials;
pub use chain::DefaultCredentialsChain;
pub use error::ProviderError;
pub use provider_config::ProviderConfig;
pub use providers::token;

use aws_codegen_runtime::config::settings::{Config, ConfigBuilder};

/// No region was found: the one thing [`load`] needs before the first call (credentials are
/// looked for when a call needs them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoRegion;

impl std::fmt::Display for NoRegion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no region: set AWS_REGION, a profile's `region`, or run where IMDS gives one")
    }
}

impl std::error::Error for NoRegion {}

/// A client configuration with the region chain's region and the default credentials chain
/// (cached, asked when a call needs credentials), for the process's environment and files.
pub async fn load() -> Result<ConfigBuilder, NoRegion> {
    load_from(ProviderConfig::new()).await
}

/// [`load`] over a given provider configuration.
pub async fn load_from(config: ProviderConfig) -> Result<ConfigBuilder, NoRegion> {
    let chain = DefaultCredentialsChain::new(config).await;
    let region = chain
        .config()
        .configured_region()
        .map(str::to_owned)
        .ok_or(NoRegion)?;
    let config = chain.config();
    let clock = config.clock.clone();
    let profiles = profile::load(&config.env, &config.files, config.profile_override()).ok();
    let (use_fips, use_dual_stack) = providers::Endpoint::variants(&config.env, profiles.as_ref());
    let builder = Config::builder()
        .region(region)
        .use_fips(use_fips)
        .use_dual_stack(use_dual_stack)
        .credentials_provider(CachedCredentials::new(chain, clock));
    Ok(builder)
}
