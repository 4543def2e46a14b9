//! Why a provider gave no credentials: not configured here (the chain goes on), configured wrongly, or failed; each with its causes and no secret in the text.

use std::error::Error;
use std::fmt;

/// A cause, boxed.
pub type Cause = Box<dyn Error + Send + Sync>;

/// Why a credentials or token provider gave nothing.
#[derive(Debug)]
pub enum ProviderError {
    /// The provider is not configured here; a chain tries the next one.
    NotLoaded(Cause),
    /// The provider is configured, but wrongly; a chain stops here.
    InvalidConfiguration(Cause),
    /// The provider tried and failed (an endpoint, a service, a process); a chain stops here.
    Failed(Cause),
}

impl ProviderError {
    /// Not configured here, because `why`.
    pub fn not_loaded(why: impl Into<Cause>) -> Self {
        ProviderError::NotLoaded(why.into())
    }

    /// Configured wrongly, because `why`.
    pub fn invalid(why: impl Into<Cause>) -> Self {
        ProviderError::InvalidConfiguration(why.into())
    }

    /// Failed, because `why`.
    pub fn failed(why: impl Into<Cause>) -> Self {
        ProviderError::Failed(why.into())
    }

    /// Whether a chain should try its next provider.
    pub fn is_not_loaded(&self) -> bool {
        matches!(self, ProviderError::NotLoaded(_))
    }

    /// The error, its causes after it, joined by `: `.
    pub fn report(&self) -> String {
        report(self)
    }
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProviderError::NotLoaded(_) => "the credential provider was not enabled",
            ProviderError::InvalidConfiguration(_) => {
                "the credentials provider was not properly configured"
            }
            ProviderError::Failed(_) => "an error occurred while loading credentials",
        })
    }
}

impl Error for ProviderError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            ProviderError::NotLoaded(cause)
            | ProviderError::InvalidConfiguration(cause)
            | ProviderError::Failed(cause) => Some(&**cause),
        }
    }
}

/// An error and its causes, joined by `: `.
pub fn report(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        text.push_str(": ");
        text.push_str(&next.to_string());
        cause = next.source();
    }
    text
}

/// An error that is only a message, with an optional cause.
#[derive(Debug)]
pub struct Message {
    text: String,
    cause: Option<Cause>,
}

impl Message {
    /// An error saying `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Message {
            text: text.into(),
            cause: None,
        }
    }

    /// An error saying `text`, caused by `cause`.
    pub fn caused(text: impl Into<String>, cause: impl Into<Cause>) -> Self {
        Message {
            text: text.into(),
            cause: Some(cause.into()),
        }
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Error for Message {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.cause.as_deref().map(|c| c as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_joins_the_causes() {
        let error = ProviderError::failed(Message::caused(
            "Error retrieving credentials",
            Message::new("external process exited with code exit status: 1"),
        ));
        assert_eq!(
            error.report(),
            "an error occurred while loading credentials: Error retrieving credentials: external process exited with code exit status: 1"
        );
        assert!(!error.is_not_loaded());
        assert!(ProviderError::not_loaded(Message::new("x")).is_not_loaded());
    }
}
