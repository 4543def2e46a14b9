//! Choosing how a call is authenticated: the first of the operation's auth schemes the client has an identity for, and what that scheme adds to the request.

use crate::client::operation::AuthScheme;
use crate::config::credentials::Credentials;
use crate::config::identity::Secret;
use crate::config::settings::Config;
use crate::http::percent::encode_into;
use crate::http::transport::HttpRequest;

/// What a call is authenticated with.
#[derive(Clone, Debug)]
pub enum Identity {
    /// AWS credentials, for a SigV4 signature.
    SigV4(Credentials),
    /// A bearer token.
    Bearer(Secret),
    /// An API key, and where it goes.
    ApiKey {
        /// The key.
        key: Secret,
        /// The header or query parameter name.
        name: &'static str,
        /// Whether it goes in the query string.
        in_query: bool,
        /// The scheme before the key in a header.
        scheme: Option<&'static str>,
    },
    /// A user and password.
    Basic(String, Secret),
    /// Nothing: the request goes unsigned.
    Anonymous,
    /// An S3 Express One Zone session's credentials (from the bucket's `CreateSession`),
    /// for a request to a directory bucket whose endpoint asks for session auth.
    S3ExpressSession(Credentials),
}

impl Identity {
    /// The credentials, when the call is signed with SigV4.
    pub fn credentials(&self) -> Option<&Credentials> {
        match self {
            Identity::SigV4(credentials) => Some(credentials),
            _ => None,
        }
    }
}

/// The identity for the first of `schemes` the client has one for (an empty list sends the
/// request unsigned), or why there is none: each scheme's reason, in order.
pub async fn choose(config: &Config, schemes: &[AuthScheme]) -> Result<Identity, String> {
    if schemes.is_empty() {
        return Ok(Identity::Anonymous);
    }
    let mut reasons = Vec::new();
    for scheme in schemes {
        let tokens = &config.identities;
        match scheme {
            AuthScheme::SigV4 => match config.credentials.provide().await {
                Ok(credentials) => return Ok(Identity::SigV4(credentials)),
                Err(e) => reasons.push(("sigv4", e.to_string())),
            },
            AuthScheme::HttpBearer => match &tokens.bearer_token {
                Some(token) => return Ok(Identity::Bearer(token.clone())),
                None => reasons.push(("httpBearerAuth", "no bearer token configured".into())),
            },
            AuthScheme::HttpApiKey {
                name,
                in_query,
                scheme,
            } => match &tokens.api_key {
                Some(key) => {
                    return Ok(Identity::ApiKey {
                        key: key.clone(),
                        name,
                        in_query: *in_query,
                        scheme: *scheme,
                    })
                }
                None => reasons.push(("httpApiKeyAuth", "no API key configured".into())),
            },
            AuthScheme::HttpBasic => match &tokens.basic {
                Some((user, password)) => {
                    return Ok(Identity::Basic(user.clone(), password.clone()))
                }
                None => reasons.push(("httpBasicAuth", "no user and password configured".into())),
            },
            AuthScheme::Anonymous => return Ok(Identity::Anonymous),
        }
    }
    // With one scheme, its reason is the whole story.
    if let [(_, reason)] = reasons.as_slice() {
        return Err(reason.clone());
    }
    let listed: Vec<String> = reasons
        .iter()
        .map(|(scheme, reason)| format!("{scheme}: {reason}"))
        .collect();
    Err(format!(
        "no identity for any auth scheme of the operation ({})",
        listed.join("; ")
    ))
}

/// Adds what a scheme other than SigV4 puts on the request (SigV4 signs it afterwards).
pub fn apply(identity: &Identity, request: &mut HttpRequest) -> Result<(), String> {
    match identity {
        Identity::SigV4(_) | Identity::Anonymous | Identity::S3ExpressSession(_) => {}
        Identity::Bearer(token) => request.headers.push((
            "authorization".to_owned(),
            format!("Bearer {}", token.expose()),
        )),
        Identity::ApiKey {
            key,
            name,
            in_query: true,
            ..
        } => {
            let separator = if request.url.contains('?') { '&' } else { '?' };
            request.url.push(separator);
            encode_into(&mut request.url, name.as_bytes(), false);
            request.url.push('=');
            encode_into(&mut request.url, key.expose().as_bytes(), false);
        }
        Identity::ApiKey {
            key, name, scheme, ..
        } => {
            let value = match scheme {
                Some(scheme) => format!("{scheme} {}", key.expose()),
                None => key.expose().to_owned(),
            };
            request.headers.push((name.to_ascii_lowercase(), value));
        }
        Identity::Basic(user, password) => {
            request
                .headers
                .push(("authorization".to_owned(), basic(user, password)?));
        }
    }
    Ok(())
}

/// `Basic <base64 of user:password>`.
#[cfg(feature = "blob")]
fn basic(user: &str, password: &Secret) -> Result<String, String> {
    use base64::Engine as _;
    let pair = format!("{user}:{}", password.expose());
    Ok(format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    ))
}

#[cfg(not(feature = "blob"))]
fn basic(_: &str, _: &Secret) -> Result<String, String> {
    Err("HTTP basic auth needs the runtime's `blob` feature (base64)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(
        build: impl FnOnce(
            crate::config::settings::ConfigBuilder,
        ) -> crate::config::settings::ConfigBuilder,
    ) -> Config {
        build(Config::builder().region("us-east-1"))
            .build()
            .unwrap()
    }

    fn run<T>(future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    const KEY: AuthScheme = AuthScheme::HttpApiKey {
        name: "X-Api-Key",
        in_query: false,
        scheme: Some("ApiKey"),
    };

    #[test]
    fn the_first_scheme_with_an_identity_wins() {
        let both = config(|b| {
            b.bearer_token("tok")
                .credentials(Credentials::new("AKID", "SECRET", None))
        });
        let schemes = [AuthScheme::HttpBearer, AuthScheme::SigV4];
        assert!(matches!(
            run(choose(&both, &schemes)),
            Ok(Identity::Bearer(_))
        ));
        let schemes = [AuthScheme::SigV4, AuthScheme::HttpBearer];
        assert!(matches!(
            run(choose(&both, &schemes)),
            Ok(Identity::SigV4(_))
        ));
        // Without credentials, SigV4 steps aside for the next scheme.
        let token_only = config(|b| b.bearer_token("tok"));
        assert!(matches!(
            run(choose(&token_only, &schemes)),
            Ok(Identity::Bearer(_))
        ));
        // Optional auth: unsigned when nothing else can be used.
        let optional = [AuthScheme::SigV4, AuthScheme::Anonymous];
        assert!(matches!(
            run(choose(&token_only, &optional)),
            Ok(Identity::Anonymous)
        ));
        assert!(matches!(
            run(choose(&token_only, &[])),
            Ok(Identity::Anonymous)
        ));
    }

    #[test]
    fn no_identity_names_every_scheme() {
        let token_only = config(|b| b.bearer_token("tok"));
        let err = run(choose(&token_only, &[AuthScheme::SigV4, KEY])).unwrap_err();
        assert!(
            err.contains("sigv4: no credentials: no AWS credentials")
                && err.contains("httpApiKeyAuth: no API key"),
            "{err}"
        );
        let err = run(choose(&token_only, &[AuthScheme::HttpBasic])).unwrap_err();
        assert_eq!(err, "no user and password configured");
    }

    fn request() -> HttpRequest {
        HttpRequest {
            method: "GET".into(),
            url: "https://example.com/things?a=1".into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    #[test]
    fn each_scheme_writes_its_header_or_parameter() {
        let mut r = request();
        apply(&Identity::Bearer(Secret::new("tok")), &mut r).unwrap();
        assert_eq!(r.header("authorization"), Some("Bearer tok"));
        let key = |in_query, scheme| Identity::ApiKey {
            key: Secret::new("k y"),
            name: "X-Api-Key",
            in_query,
            scheme,
        };
        let mut r = request();
        apply(&key(false, Some("ApiKey")), &mut r).unwrap();
        assert_eq!(r.header("x-api-key"), Some("ApiKey k y"));
        let mut r = request();
        apply(&key(false, None), &mut r).unwrap();
        assert_eq!(r.header("x-api-key"), Some("k y"));
        let mut r = request();
        apply(&key(true, None), &mut r).unwrap();
        assert_eq!(r.url, "https://example.com/things?a=1&X-Api-Key=k%20y");
        let mut r = request();
        let basic = apply(
            &Identity::Basic("Aladdin".into(), Secret::new("open sesame")),
            &mut r,
        );
        if cfg!(feature = "blob") {
            basic.unwrap();
            // RFC 7617's example.
            assert_eq!(
                r.header("authorization"),
                Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
            );
        } else {
            assert!(basic.unwrap_err().contains("blob"));
        }
        assert!(!format!("{:?}", Secret::new("hunter2")).contains("hunter2"));
    }
}
