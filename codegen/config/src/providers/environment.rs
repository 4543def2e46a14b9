//! Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and `AWS_ACCOUNT_ID`.

use crate::error::{Message, ProviderError};
use crate::os::Env;
use aws_codegen_runtime::config::credentials::Credentials;

/// The environment's credentials: not loaded when neither key is set (blank counts as
/// unset), invalid when only one is.
pub fn credentials(env: &Env) -> Result<Credentials, ProviderError> {
    let id = env.value("AWS_ACCESS_KEY_ID");
    let secret = env.value("AWS_SECRET_ACCESS_KEY");
    let (id, secret) = match (id, secret) {
        (Some(id), Some(secret)) => (id, secret),
        (None, None) => {
            return Err(ProviderError::not_loaded(Message::new(
                "environment variable not set: AWS_ACCESS_KEY_ID",
            )))
        }
        (Some(_), None) => {
            return Err(ProviderError::invalid(Message::new(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            )))
        }
        (None, Some(_)) => {
            return Err(ProviderError::invalid(Message::new(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            )))
        }
    };
    let mut credentials = Credentials::new(id, secret, env.value("AWS_SESSION_TOKEN"));
    if let Some(account) = env.value("AWS_ACCOUNT_ID") {
        credentials = credentials.with_account_id(account);
    }
    Ok(credentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_treats_blank_as_unset() {
        let env = Env::from_vars([
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", " "),
            ("AWS_ACCOUNT_ID", "123"),
        ]);
        let credentials = credentials(&env).unwrap();
        assert_eq!(credentials.access_key_id(), "AKID");
        assert_eq!(credentials.session_token(), None);
        assert_eq!(credentials.account_id(), Some("123"));
        let blank = Env::from_vars([("AWS_ACCESS_KEY_ID", " "), ("AWS_SECRET_ACCESS_KEY", "")]);
        assert!(super::credentials(&blank).unwrap_err().is_not_loaded());
        let half = Env::from_vars([("AWS_ACCESS_KEY_ID", "AKID")]);
        assert!(!super::credentials(&half).unwrap_err().is_not_loaded());
    }
}
