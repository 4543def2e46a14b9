//! Credentials from the container endpoint of ECS and EKS Pod Identity: the relative or full URI, the allowed hosts, and the authorization token.

use crate::error::{Message, ProviderError};
use crate::os::Env;
use crate::provider_config::{ProviderConfig, Resolve};
use crate::providers::{credentials_from_json, send_with_timeout};
use aws_codegen_runtime::config::credentials::Credentials;
use aws_codegen_runtime::http::transport::HttpRequest;
use serde_json::Value;
use std::net::IpAddr;
use std::time::Duration;

/// The ECS endpoint a relative URI is taken from.
const ECS_HOST: &str = "http://169.254.170.2";

/// The plain-HTTP hosts allowed besides loopback: ECS, and EKS Pod Identity (v4 and v6).
const ALLOWED: [&str; 3] = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"];

/// How long the endpoint has to answer.
const TIMEOUT: Duration = Duration::from_secs(5);

fn allowed(address: IpAddr) -> bool {
    address.is_loopback() || ALLOWED.iter().any(|a| a.parse() == Ok(address))
}

/// The URI the provider calls: `http://169.254.170.2` + the relative URI, else the full URI,
/// which over plain HTTP must reach this machine or the ECS or EKS endpoint.
pub async fn uri(env: &Env, resolver: &dyn Resolve) -> Result<String, ProviderError> {
    if let Some(relative) = env.value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
        return Ok(format!("{ECS_HOST}{relative}"));
    }
    let Some(full) = env.value("AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
        return Err(ProviderError::not_loaded(Message::new(
            "No environment variables were set to configure ECS provider",
        )));
    };
    let invalid = |why: &str| {
        ProviderError::invalid(Message::new(format!(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}`: {why}"
        )))
    };
    let (scheme, rest) = full
        .split_once("://")
        .ok_or_else(|| invalid("URI did not specify a host"))?;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host),
    };
    if host.is_empty() {
        return Err(invalid("URI did not specify a host"));
    }
    match scheme {
        "https" => return Ok(full.clone()),
        "http" => {}
        _ => return Err(invalid("the scheme must be http or https")),
    }
    let addresses = match host.parse::<IpAddr>() {
        Ok(address) => vec![address],
        Err(_) => resolver.resolve(host).await.map_err(|e| {
            ProviderError::invalid(Message::caused(format!("could not resolve `{host}`"), e))
        })?,
    };
    if addresses.is_empty() || !addresses.iter().all(|a| allowed(*a)) {
        return Err(invalid(
            "a plain HTTP URI must reach a loopback address, or the ECS or EKS Pod Identity endpoint",
        ));
    }
    Ok(full.clone())
}

/// The authorization header's value: the token file's contents (read on every call, as the
/// file is rotated), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
fn authorization(config: &ProviderConfig) -> Result<Option<String>, ProviderError> {
    if let Some(path) = config.env.value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        let bytes = config.files.read(&path).map_err(|e| {
            ProviderError::invalid(Message::caused(
                format!("could not read the container authorization token file `{path}`"),
                e,
            ))
        })?;
        let token = String::from_utf8_lossy(&bytes).trim().to_owned();
        return Ok(Some(token));
    }
    Ok(config.env.value("AWS_CONTAINER_AUTHORIZATION_TOKEN"))
}

/// The container's credentials.
pub async fn credentials(config: &ProviderConfig) -> Result<Credentials, ProviderError> {
    let uri = uri(&config.env, config.resolver_ref()).await?;
    let token = authorization(config)?;
    if token.as_deref().is_some_and(|t| t.contains(['\r', '\n'])) {
        return Err(ProviderError::invalid(Message::new(
            "the container authorization token holds a line break",
        )));
    }
    let mut headers = vec![("accept".to_owned(), "application/json".to_owned())];
    if let Some(token) = token {
        headers.push(("authorization".to_owned(), token));
    }
    let request = HttpRequest {
        method: "GET".to_owned(),
        url: uri.clone(),
        headers,
        body: Vec::new(),
    };
    let response = send_with_timeout(&*config.http(), request, TIMEOUT)
        .await
        .map_err(|e| {
            ProviderError::failed(Message::caused(
                format!("no answer from the container endpoint `{uri}`"),
                e,
            ))
        })?;
    if !(200..300).contains(&response.status) {
        let message = serde_json::from_slice::<Value>(&response.body)
            .ok()
            .and_then(|v| v.get("Message").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        return Err(ProviderError::failed(Message::new(format!(
            "the container endpoint `{uri}` answered HTTP {}: {message}",
            response.status
        ))));
    }
    parse(&response.body).map_err(|why| {
        ProviderError::failed(Message::new(format!(
            "the container endpoint's answer is not credentials: {why}"
        )))
    })
}

/// The endpoint's JSON; errors never quote a value.
pub fn parse(body: &[u8]) -> Result<Credentials, String> {
    let value: Value = serde_json::from_slice(body).map_err(|_| "not JSON".to_owned())?;
    credentials_from_json(&value)
}
