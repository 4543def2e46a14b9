//! Credentials and region from the environment and the shared `~/.aws/credentials` and
//! `~/.aws/config` files, with errors that name the file and line.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::SystemTime;

/// AWS credentials; never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    account_id: Option<String>,
}

impl Credentials {
    /// Credentials from an access key, a secret key and, for temporary credentials, a
    /// session token.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
            account_id: None,
        }
    }

    /// The same credentials, valid until `expiry` (temporary credentials).
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The same credentials, of the account `account_id`.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// When temporary credentials expire; `None` for long-term ones.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The account the credentials belong to, when their source says.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    pub fn from_env() -> Option<Self> {
        Environment::process().credentials()
    }

    /// The access key id (not secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key (never logged or shown by `Debug`).
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"*** redacted ***")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "*** redacted ***"),
            )
            .field("expiry", &self.expiry)
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// Credentials could not be found or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError(String);

impl CredentialsError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError(message.into())
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no credentials: {}", self.0)
    }
}

impl std::error::Error for CredentialsError {}

/// The future a credentials provider returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// Supplies credentials for each call; implement it for any source (a vault, SSO, IMDS).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign the next request with.
    fn provide(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// Makes any provider of the official SDK's `aws-credential-types` (SSO, IMDS, assume-role
/// and the rest of that ecosystem) usable here; feature `sdk-credentials`.
#[cfg(feature = "sdk-credentials")]
#[derive(Debug)]
pub struct SdkCredentialsProvider<P>(pub P);

#[cfg(feature = "sdk-credentials")]
impl<P> ProvideCredentials for SdkCredentialsProvider<P>
where
    P: aws_credential_types::provider::ProvideCredentials + fmt::Debug,
{
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let credentials = self.0.provide_credentials().await.map_err(|e| {
                CredentialsError::new(format!("the credentials provider failed: {e}"))
            })?;
            Ok(Credentials::new(
                credentials.access_key_id(),
                credentials.secret_access_key(),
                credentials.session_token().map(str::to_owned),
            ))
        })
    }
}

/// The environment configuration is read from: variables and the home directory. Tests and
/// embedders can supply their own instead of the process's.
#[derive(Clone, Default)]
pub struct Environment {
    vars: HashMap<String, String>,
}

impl fmt::Debug for Environment {
    /// Variable names only: values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Environment")
            .field("variables", &names)
            .finish()
    }
}

impl Environment {
    /// The process's environment.
    pub fn process() -> Self {
        Environment {
            vars: std::env::vars().collect(),
        }
    }

    /// An environment with exactly these variables.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Environment {
            vars: vars
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// A variable, if set and not empty.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    pub fn credentials(&self) -> Option<Credentials> {
        Some(Credentials::new(
            self.var("AWS_ACCESS_KEY_ID")?,
            self.var("AWS_SECRET_ACCESS_KEY")?,
            self.var("AWS_SESSION_TOKEN").map(str::to_owned),
        ))
    }

    /// The profile to use: `AWS_PROFILE`, else `default`.
    pub fn profile_name(&self) -> &str {
        self.var("AWS_PROFILE").unwrap_or("default")
    }

    fn file(&self, variable: &str, default: &str) -> Option<PathBuf> {
        if let Some(path) = self.var(variable) {
            return Some(PathBuf::from(path));
        }
        let home = self.var("HOME").or_else(|| self.var("USERPROFILE"))?;
        Some(PathBuf::from(home).join(".aws").join(default))
    }

    /// The profile's settings from the shared files: the credentials file's section wins
    /// over the config file's for the same key. `Ok(None)` when neither file has the profile.
    pub fn profile(&self) -> Result<Option<HashMap<String, String>>, CredentialsError> {
        let name = self.profile_name();
        let mut merged = HashMap::new();
        let mut found = false;
        // Read config first so that the credentials file overrides it.
        let files = [
            (self.file("AWS_CONFIG_FILE", "config"), true),
            (
                self.file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
                false,
            ),
        ];
        for (path, is_config) in files {
            let Some(path) = path else { continue };
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(CredentialsError::new(format!(
                        "cannot read {}: {e}",
                        path.display()
                    )))
                }
            };
            let sections = parse_profile_file(&text).map_err(|(line, why)| {
                CredentialsError::new(format!("{}:{line}: {why}", path.display()))
            })?;
            let wanted = if is_config && name != "default" {
                format!("profile {name}")
            } else {
                name.to_owned()
            };
            if let Some(section) = sections.get(&wanted) {
                found = true;
                merged.extend(section.clone());
            }
        }
        Ok(found.then_some(merged))
    }

    /// Credentials from the environment, else from the profile; errors say what was looked at.
    pub fn resolve_credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(credentials) = self.credentials() {
            return Ok(credentials);
        }
        let name = self.profile_name();
        let Some(profile) = self.profile()? else {
            let explicit = self.var("AWS_PROFILE").is_some();
            return Err(CredentialsError::new(if explicit {
                format!("the profile `{name}` (from AWS_PROFILE) is in neither ~/.aws/credentials nor ~/.aws/config")
            } else {
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a [default] profile in ~/.aws/credentials".to_owned()
            }));
        };
        match (profile.get("aws_access_key_id"), profile.get("aws_secret_access_key")) {
            (Some(id), Some(secret)) => Ok(Credentials::new(id.clone(), secret.clone(), profile.get("aws_session_token").cloned())),
            _ => Err(CredentialsError::new(format!(
                "the profile `{name}` has no aws_access_key_id and aws_secret_access_key (other credential sources are not supported)"
            ))),
        }
    }

    /// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, else the profile's `region`.
    pub fn region(&self) -> Result<Option<String>, CredentialsError> {
        if let Some(region) = self
            .var("AWS_REGION")
            .or_else(|| self.var("AWS_DEFAULT_REGION"))
        {
            return Ok(Some(region.to_owned()));
        }
        Ok(self.profile()?.and_then(|p| p.get("region").cloned()))
    }
}

/// A profile file's sections by name, each its settings by key.
pub type Sections = HashMap<String, HashMap<String, String>>;

/// Parses an INI-style profile file; an error gives the line number and what is wrong.
pub fn parse_profile_file(text: &str) -> Result<Sections, (usize, String)> {
    let mut sections: Sections = HashMap::new();
    let mut current: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or((
                    i + 1,
                    format!("`{line}` starts a section but does not end with `]`"),
                ))?
                .trim();
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        // Indented lines continue a nested setting (`s3 =` blocks); they are not needed here.
        if raw.starts_with([' ', '\t']) && current.is_some() {
            continue;
        }
        let (key, value) = line.split_once('=').ok_or((
            i + 1,
            format!("expected `key = value` or `[profile]`, found `{line}`"),
        ))?;
        let section = current
            .as_ref()
            .ok_or((i + 1, "a setting before any `[profile]` section".to_owned()))?;
        sections
            .entry(section.clone())
            .or_default()
            .insert(key.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    Ok(sections)
}

/// The default credentials source: the environment, then the shared files, read on each
/// call so rotated credentials are picked up.
#[derive(Clone, Debug, Default)]
pub struct DefaultCredentialsChain {
    environment: Environment,
}

impl DefaultCredentialsChain {
    /// The chain over the process's environment.
    pub fn new() -> Self {
        DefaultCredentialsChain {
            environment: Environment::process(),
        }
    }

    /// The chain over a given environment.
    pub fn with_environment(environment: Environment) -> Self {
        DefaultCredentialsChain { environment }
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide(&self) -> CredentialsFuture<'_> {
        let result = self.environment.resolve_credentials();
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_and_reports_bad_lines() {
        let sections = parse_profile_file("# comment\n[default]\naws_access_key_id = A\n\n[profile dev]\nregion=eu-west-1\ns3 =\n  max_concurrent_requests = 5\n").unwrap();
        assert_eq!(sections["default"]["aws_access_key_id"], "A");
        assert_eq!(sections["profile dev"]["region"], "eu-west-1");
        assert_eq!(
            parse_profile_file("[default]\nnonsense\n").unwrap_err(),
            (
                2,
                "expected `key = value` or `[profile]`, found `nonsense`".to_owned()
            )
        );
        assert_eq!(parse_profile_file("key = v\n").unwrap_err().0, 1);
        assert_eq!(parse_profile_file("[broken\n").unwrap_err().0, 1);
    }
}
