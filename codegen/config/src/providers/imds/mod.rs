//! The EC2 instance metadata service (IMDSv2): its endpoint from code, the environment or the profile, a session token, and retried GETs.

pub mod credentials;

use crate::error::{Message, ProviderError};
use crate::profile;
use crate::provider_config::ProviderConfig;
use crate::providers::send_with_timeout;
use aws_codegen_runtime::http::transport::{HttpRequest, HttpResponse};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::Mutex;

/// IMDS over IPv4.
pub const IPV4: &str = "http://169.254.169.254";
/// IMDS over IPv6.
pub const IPV6: &str = "http://[fd00:ec2::254]";

/// How long a session token lives, in seconds.
const TOKEN_TTL: u64 = 21_600;
/// Attempts per request: 5xx are retried, transport errors are not (a 401 gets a new token).
const ATTEMPTS: u32 = 4;
/// How long each request has to answer.
const TIMEOUT: Duration = Duration::from_secs(1);

/// Which address family the default endpoint uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointMode {
    /// `http://169.254.169.254`.
    IPv4,
    /// `http://[fd00:ec2::254]`.
    IPv6,
}

impl std::str::FromStr for EndpointMode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text.eq_ignore_ascii_case("ipv4") {
            Ok(EndpointMode::IPv4)
        } else if text.eq_ignore_ascii_case("ipv6") {
            Ok(EndpointMode::IPv6)
        } else {
            Err(format!(
                "`{text}` is not a valid endpoint mode (IPv4 or IPv6)"
            ))
        }
    }
}

/// Why an IMDS request failed.
#[derive(Debug)]
pub enum ImdsError {
    /// The path does not exist on this instance (HTTP 404).
    NotFound(String),
    /// The token request was refused (HTTP 403): IMDS is off or the hop limit is too low.
    Forbidden,
    /// No answer: nothing listens there (not on EC2), or too slowly.
    Unreachable(String),
    /// Any other failure.
    Failed(String),
}

impl fmt::Display for ImdsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImdsError::NotFound(path) => write!(f, "IMDS has no `{path}` (HTTP 404)"),
            ImdsError::Forbidden => f.write_str(
                "request forbidden: IMDS is disabled, or the token request's hop limit was exceeded (HTTP 403)",
            ),
            ImdsError::Unreachable(why) | ImdsError::Failed(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ImdsError {}

/// Whether `AWS_EC2_METADATA_DISABLED` turns IMDS off.
pub fn disabled(config: &ProviderConfig) -> bool {
    config.env.is_true("AWS_EC2_METADATA_DISABLED")
}

/// A session token and until when it lives; no token while IMDS offers only v1.
type SessionToken = (Option<String>, SystemTime);

/// An IMDS client: the endpoint, and the session token it shares between requests.
#[derive(Clone, Debug)]
pub struct Client {
    config: ProviderConfig,
    endpoint: String,
    token: Arc<Mutex<Option<SessionToken>>>,
    /// Whether IMDSv1 (requests without a token) is refused (`AWS_EC2_METADATA_V1_DISABLED`
    /// or the profile's `ec2_metadata_v1_disabled`).
    v1_disabled: bool,
}

impl Client {
    /// A client whose endpoint is `endpoint` if given, else `AWS_EC2_METADATA_SERVICE_ENDPOINT`,
    /// the profile's `ec2_metadata_service_endpoint`, else the mode's address (`mode` if
    /// given, else `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`, the profile's
    /// `ec2_metadata_service_endpoint_mode`, else IPv4).
    pub fn new(
        config: &ProviderConfig,
        endpoint: Option<&str>,
        mode: Option<EndpointMode>,
    ) -> Result<Self, ProviderError> {
        let profiles = profile::load(&config.env, &config.files, config.profile_override())
            .map_err(ProviderError::invalid)?;
        let setting = |variable: &str, key: &str| {
            config
                .env
                .value(variable)
                .or_else(|| profiles.get(key).map(str::to_owned))
        };
        let endpoint = match endpoint.map(str::to_owned).or_else(|| {
            setting(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                "ec2_metadata_service_endpoint",
            )
        }) {
            Some(endpoint) => endpoint,
            None => {
                let mode = match mode {
                    Some(mode) => mode,
                    None => setting(
                        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                        "ec2_metadata_service_endpoint_mode",
                    )
                    .map_or(Ok(EndpointMode::IPv4), |m| m.parse())
                    .map_err(|e| ProviderError::invalid(Message::new(e)))?,
                };
                match mode {
                    EndpointMode::IPv4 => IPV4.to_owned(),
                    EndpointMode::IPv6 => IPV6.to_owned(),
                }
            }
        };
        let v1_disabled = setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        check_endpoint(&endpoint).map_err(|why| {
            ProviderError::invalid(Message::new(format!(
                "`{endpoint}` is not a valid IMDS endpoint: {why}"
            )))
        })?;
        Ok(Client {
            config: config.clone(),
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            token: Arc::new(Mutex::new(None)),
            v1_disabled,
        })
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        headers: Vec<(String, String)>,
    ) -> Result<HttpResponse, ImdsError> {
        let mut attempt = 1;
        loop {
            let request = HttpRequest {
                method: method.to_owned(),
                url: format!("{}{path}", self.endpoint),
                headers: headers.clone(),
                body: Vec::new(),
            };
            let response = send_with_timeout(&*self.config.http(), request, TIMEOUT)
                .await
                .map_err(|e| {
                    ImdsError::Unreachable(format!("no answer from IMDS at {}: {e}", self.endpoint))
                })?;
            let retry = response.status >= 500;
            if !retry || attempt >= ATTEMPTS {
                return Ok(response);
            }
            tokio::time::sleep(Duration::from_millis(50 << attempt)).await;
            attempt += 1;
        }
    }

    /// A session token: the cached one while it is fresh, else a new one; `None` when IMDS
    /// does not offer tokens (HTTP 404 or 405 to the token request: an IMDSv1-only endpoint)
    /// and v1 is not disabled.
    async fn token(&self) -> Result<Option<String>, ImdsError> {
        let mut cached = self.token.lock().await;
        let now = self.config.clock.now();
        if let Some((token, expires)) = &*cached {
            if *expires > now + Duration::from_secs(120) {
                return Ok(token.clone());
            }
        }
        let response = self
            .send(
                "PUT",
                "/latest/api/token",
                vec![(
                    "x-aws-ec2-metadata-token-ttl-seconds".to_owned(),
                    TOKEN_TTL.to_string(),
                )],
            )
            .await?;
        match response.status {
            200 => {}
            403 => return Err(ImdsError::Forbidden),
            404 | 405 if !self.v1_disabled => {
                *cached = Some((None, now + Duration::from_secs(TOKEN_TTL)));
                return Ok(None);
            }
            status => {
                return Err(ImdsError::Failed(format!(
                    "IMDS refused a session token (HTTP {status})"
                )))
            }
        }
        let token = String::from_utf8(response.body).map_err(|_| {
            ImdsError::Failed("IMDS sent a session token that is not UTF-8".to_owned())
        })?;
        let ttl = response
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("x-aws-ec2-metadata-token-ttl-seconds"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .unwrap_or(TOKEN_TTL);
        *cached = Some((Some(token.clone()), now + Duration::from_secs(ttl)));
        Ok(Some(token))
    }

    /// The text at `path`, such as `/latest/meta-data/placement/region`. A token IMDS
    /// refuses (HTTP 401: it expired early, or IMDS restarted) is replaced once.
    pub async fn get(&self, path: &str) -> Result<String, ImdsError> {
        let mut fresh_token = false;
        loop {
            let headers = match self.token().await? {
                Some(token) => vec![("x-aws-ec2-metadata-token".to_owned(), token)],
                None => Vec::new(),
            };
            let response = self.send("GET", path, headers).await?;
            return match response.status {
                200 => String::from_utf8(response.body)
                    .map_err(|_| ImdsError::Failed(format!("IMDS's `{path}` is not UTF-8"))),
                401 if !fresh_token => {
                    *self.token.lock().await = None;
                    fresh_token = true;
                    continue;
                }
                401 => Err(ImdsError::Failed(format!(
                    "IMDS refused a new session token for `{path}` (HTTP 401)"
                ))),
                404 => Err(ImdsError::NotFound(path.to_owned())),
                status => Err(ImdsError::Failed(format!(
                    "IMDS answered `{path}` with HTTP {status}"
                ))),
            };
        }
    }
}

/// An endpoint must be an absolute `http` or `https` URL with a host and no spaces.
fn check_endpoint(endpoint: &str) -> Result<(), &'static str> {
    if endpoint
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err("invalid uri character");
    }
    let rest = endpoint
        .strip_prefix("http://")
        .or_else(|| endpoint.strip_prefix("https://"))
        .ok_or("the scheme must be http or https")?;
    if rest.split('/').next().unwrap_or("").is_empty() {
        return Err("no host");
    }
    Ok(())
}

/// The instance's region, from `placement/region`.
pub async fn region(config: &ProviderConfig) -> Option<String> {
    if disabled(config) {
        return None;
    }
    let client = Client::new(config, None, None).ok()?;
    let region = client
        .get("/latest/meta-data/placement/region")
        .await
        .ok()?;
    Some(region.trim().to_owned()).filter(|r| !r.is_empty())
}
