//! The region chain: `AWS_REGION`, `AWS_DEFAULT_REGION`, the selected profile's `region` (following `source_profile` links), then IMDS.

use crate::profile;
use crate::provider_config::ProviderConfig;
use crate::providers::imds;

/// The region from the environment or the profile, without asking IMDS.
pub fn region_from_config(config: &ProviderConfig) -> Option<String> {
    if let Some(region) = config
        .env
        .value("AWS_REGION")
        .or_else(|| config.env.value("AWS_DEFAULT_REGION"))
    {
        return Some(region);
    }
    let profiles = profile::load(&config.env, &config.files, config.profile_override()).ok()?;
    let mut name = profiles.selected.clone();
    let mut seen = Vec::new();
    // A role's profile often keeps its region in the source profile.
    while let Some(profile) = profiles.sections.profiles.get(&name) {
        if let Some(region) = profile.get("region") {
            return Some(region.to_owned());
        }
        seen.push(name.clone());
        match profile.get("source_profile") {
            Some(next) if !seen.iter().any(|s| s == next) => name = next.to_owned(),
            _ => break,
        }
    }
    None
}

/// The region: the one configured in code, else the environment's or the profile's, else
/// the instance's from IMDS (unless `AWS_EC2_METADATA_DISABLED`).
pub async fn region(config: &ProviderConfig) -> Option<String> {
    if let Some(region) = config.configured_region() {
        return Some(region.to_owned());
    }
    match region_from_config(config) {
        Some(region) => Some(region),
        None => imds::region(config).await,
    }
}
