//! From the selected profile to the providers that yield its credentials: a base provider and the roles assumed from it, in order, with the SDKs' rules for `source_profile`, `credential_source`, web identity, SSO and loops.

use super::parse::{Section, Sections};
use std::fmt;

/// Static keys from a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKey {
    /// `aws_access_key_id`.
    pub access_key_id: String,
    /// `aws_secret_access_key`.
    pub secret_access_key: String,
    /// `aws_session_token`.
    pub session_token: Option<String>,
    /// `aws_account_id`.
    pub account_id: Option<String>,
}

/// A role to assume with the credentials of the provider before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleArn {
    /// `role_arn`.
    pub role_arn: String,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `role_session_name`.
    pub session_name: Option<String>,
}

/// Where the first credentials of a chain come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BaseProvider {
    /// Static keys.
    AccessKey(AccessKey),
    /// `credential_source`: `Environment`, `Ec2InstanceMetadata` or `EcsContainer`.
    NamedSource(String),
    /// `credential_process`: a command whose output is the credentials.
    CredentialProcess {
        /// The command, run by the shell.
        command: String,
        /// `aws_account_id`, used when the output names no account.
        account_id: Option<String>,
    },
    /// `web_identity_token_file` with its `role_arn`: STS `AssumeRoleWithWebIdentity`.
    WebIdentityToken {
        /// The role to assume.
        role_arn: String,
        /// The file holding the token.
        token_file: String,
        /// `role_session_name`.
        session_name: Option<String>,
    },
    /// IAM Identity Center (SSO): a legacy profile or one naming an `sso_session`.
    Sso(SsoSettings),
    /// `login_session`: console sign-in credentials.
    LoginSession {
        /// The session's ARN.
        arn: String,
    },
}

/// The SSO settings of a profile, with its session's filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoSettings {
    /// `sso_session`, absent for a legacy profile.
    pub session_name: Option<String>,
    /// The region of the SSO portal.
    pub region: String,
    /// The start URL.
    pub start_url: String,
    /// `sso_account_id`; absent for a profile that only yields a token.
    pub account_id: Option<String>,
    /// `sso_role_name`; absent for a profile that only yields a token.
    pub role_name: Option<String>,
}

/// The selected profile's providers: the base, then the roles in the order they are assumed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileChain {
    /// The first credentials.
    pub base: BaseProvider,
    /// The roles, each assumed with the credentials before it.
    pub roles: Vec<RoleArn>,
}

/// Why the profiles do not give a chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainError {
    /// Neither file defines any profile.
    NoProfiles,
    /// The selected profile is not defined.
    MissingProfile(String),
    /// A `source_profile` names a profile that is not defined.
    MissingSourceProfile {
        /// The profile that names it.
        from: String,
        /// The missing profile.
        source: String,
    },
    /// The profile has no credentials and names no source of them.
    NoCredentials(String),
    /// `source_profile` links form a loop.
    Loop(Vec<String>),
    /// A profile's settings contradict each other or lack something; says what.
    Invalid {
        /// The profile.
        profile: String,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainError::NoProfiles => f.write_str("No profiles were defined"),
            ChainError::MissingProfile(name) => write!(f, "the profile `{name}` is not defined"),
            ChainError::MissingSourceProfile { from, source } => {
                write!(
                    f,
                    "could not find source profile {source} referenced from {from}"
                )
            }
            ChainError::NoCredentials(name) => {
                write!(f, "profile `{name}` did not contain credential information")
            }
            ChainError::Loop(path) => {
                write!(f, "profile formed an infinite loop: {}", path.join(" -> "))
            }
            ChainError::Invalid { profile, message } => {
                write!(f, "invalid profile `{profile}`: {message}")
            }
        }
    }
}

impl std::error::Error for ChainError {}

fn invalid(profile: &Section, message: impl Into<String>) -> ChainError {
    ChainError::Invalid {
        profile: profile.name.clone(),
        message: message.into(),
    }
}

/// The chain of the profile `selected`.
pub fn resolve(sections: &Sections, selected: &str) -> Result<ProfileChain, ChainError> {
    if sections.profiles.is_empty() {
        return Err(ChainError::NoProfiles);
    }
    let mut name = selected.to_owned();
    let mut visited: Vec<String> = Vec::new();
    let mut roles = Vec::new();
    let base = loop {
        let profile = sections
            .profiles
            .get(&name)
            .ok_or_else(|| match visited.last() {
                None => ChainError::MissingProfile(name.clone()),
                Some(from) => ChainError::MissingSourceProfile {
                    from: from.clone(),
                    source: name.clone(),
                },
            })?;
        if visited.contains(&name) {
            visited.push(name);
            return Err(ChainError::Loop(visited));
        }
        visited.push(name.clone());
        // A source profile's own keys win over its role: only the selected profile's role
        // is always assumed.
        if visited.len() > 1 {
            if let Some(Ok(keys)) = access_key(profile) {
                break BaseProvider::AccessKey(keys);
            }
        }
        let Some(role_arn) = profile.get("role_arn") else {
            break base_provider(sections, profile)?;
        };
        if let Some(token_file) = profile.get("web_identity_token_file") {
            break BaseProvider::WebIdentityToken {
                role_arn: role_arn.to_owned(),
                token_file: token_file.to_owned(),
                session_name: profile.get("role_session_name").map(str::to_owned),
            };
        }
        roles.push(RoleArn {
            role_arn: role_arn.to_owned(),
            external_id: profile.get("external_id").map(str::to_owned),
            session_name: profile.get("role_session_name").map(str::to_owned),
        });
        match (profile.get("source_profile"), profile.get("credential_source")) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    profile,
                    "profile contained both source_profile and credential_source. Only one or the other can be defined",
                ))
            }
            (None, None) => {
                return Err(invalid(
                    profile,
                    "profile must contain `source_profile` or `credential_source` but neither were defined",
                ))
            }
            (None, Some(source)) => break BaseProvider::NamedSource(source.to_owned()),
            // A profile that is its own source uses its own keys for its role.
            (Some(source), None) if source == profile.name => {
                break BaseProvider::AccessKey(access_key(profile).unwrap_or_else(|| {
                    Err(ChainError::NoCredentials(profile.name.clone()))
                })?);
            }
            (Some(source), None) => name = source.to_owned(),
        }
    };
    roles.reverse();
    Ok(ProfileChain { base, roles })
}

/// The provider of a profile that assumes no role.
fn base_provider(sections: &Sections, profile: &Section) -> Result<BaseProvider, ChainError> {
    if let Some(source) = profile.get("credential_source") {
        return Ok(BaseProvider::NamedSource(source.to_owned()));
    }
    if profile.get("web_identity_token_file").is_some() {
        return Err(invalid(
            profile,
            "`web_identity_token_file` was specified but `role_arn` was missing",
        ));
    }
    if let Some(sso) = sso_settings(sections, profile)? {
        return Ok(BaseProvider::Sso(sso));
    }
    if let Some(command) = profile.get("credential_process") {
        return Ok(BaseProvider::CredentialProcess {
            command: command.to_owned(),
            account_id: profile.get("aws_account_id").map(str::to_owned),
        });
    }
    if let Some(arn) = profile.get("login_session") {
        return Ok(BaseProvider::LoginSession {
            arn: arn.to_owned(),
        });
    }
    match access_key(profile) {
        Some(keys) => keys.map(BaseProvider::AccessKey),
        None => Err(ChainError::NoCredentials(profile.name.clone())),
    }
}

/// The profile's static keys: `None` when it has neither key, an error when it has one.
fn access_key(profile: &Section) -> Option<Result<AccessKey, ChainError>> {
    let id = profile.get("aws_access_key_id");
    let secret = profile.get("aws_secret_access_key");
    Some(match (id, secret) {
        (None, None) => return None,
        (Some(_), None) => Err(invalid(profile, "profile missing aws_secret_access_key")),
        (None, Some(_)) => Err(invalid(profile, "profile missing aws_access_key_id")),
        (Some(id), Some(secret)) => Ok(AccessKey {
            access_key_id: id.to_owned(),
            secret_access_key: secret.to_owned(),
            session_token: profile.get("aws_session_token").map(str::to_owned),
            account_id: profile.get("aws_account_id").map(str::to_owned),
        }),
    })
}

/// The profile's SSO settings, its `sso_session`'s filled in; `None` when it has none.
pub fn sso_settings(
    sections: &Sections,
    profile: &Section,
) -> Result<Option<SsoSettings>, ChainError> {
    let session_name = profile.get("sso_session");
    let account_id = profile.get("sso_account_id");
    let role_name = profile.get("sso_role_name");
    let mut region = profile.get("sso_region");
    let mut start_url = profile.get("sso_start_url");
    if [session_name, account_id, role_name, region, start_url]
        .iter()
        .all(Option::is_none)
    {
        return Ok(None);
    }
    if let Some(session_name) = session_name {
        let session = sections.sso_sessions.get(session_name).ok_or_else(|| {
            invalid(
                profile,
                format!(
                    "sso-session named `{session_name}` (referenced by profile `{}`) was not found",
                    profile.name
                ),
            )
        })?;
        for (key, value) in [
            ("sso_region", &mut region),
            ("sso_start_url", &mut start_url),
        ] {
            match (session.get(key), *value) {
                (Some(from_session), Some(from_profile)) if from_session != from_profile => {
                    return Err(invalid(
                        profile,
                        format!("`{key}` of the profile (`{from_profile}`) differs from its [sso-session]'s (`{from_session}`)"),
                    ))
                }
                (None, Some(_)) => {
                    return Err(invalid(
                        profile,
                        format!("`{key}` can only be specified in the [sso-session] config when a session name is given"),
                    ))
                }
                (Some(from_session), _) => *value = Some(from_session),
                (None, None) => {}
            }
        }
    }
    match (account_id, role_name) {
        (None, Some(_)) => {
            return Err(invalid(
                profile,
                "if `sso_role_name` is set, then `sso_account_id` must also be set",
            ))
        }
        (Some(_), None) => {
            return Err(invalid(
                profile,
                "if `sso_account_id` is set, then `sso_role_name` must also be set",
            ))
        }
        _ => {}
    }
    let missing = |key: &str| invalid(profile, format!("`{key}` was missing"));
    Ok(Some(SsoSettings {
        session_name: session_name.map(str::to_owned),
        region: region.ok_or_else(|| missing("sso_region"))?.to_owned(),
        start_url: start_url
            .ok_or_else(|| missing("sso_start_url"))?
            .to_owned(),
        account_id: account_id.map(str::to_owned),
        role_name: role_name.map(str::to_owned),
    }))
}
