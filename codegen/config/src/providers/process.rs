//! Credentials printed by a `credential_process` command, run by the shell.

use crate::error::{Message, ProviderError};
use crate::providers::parse_time;
use aws_codegen_runtime::config::credentials::Credentials;
use serde_json::Value;

/// Runs `command` (by `sh -c`, or `cmd /C` on Windows) and reads the credentials it prints;
/// `account_id` is the profile's, used when the output names no account.
pub async fn credentials(
    command: &str,
    account_id: Option<&str>,
) -> Result<Credentials, ProviderError> {
    let mut process = if cfg!(windows) {
        let mut process = tokio::process::Command::new("cmd");
        process.args(["/C", command]);
        process
    } else {
        let mut process = tokio::process::Command::new("sh");
        process.args(["-c", command]);
        process
    };
    let output = process.output().await.map_err(|e| {
        ProviderError::failed(Message::caused(
            "Error retrieving credentials: could not start the external process",
            e,
        ))
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or("").trim();
        let detail = if first.is_empty() {
            String::new()
        } else {
            format!(" ({})", first.chars().take(200).collect::<String>())
        };
        return Err(ProviderError::failed(Message::caused(
            "Error retrieving credentials",
            Message::new(format!(
                "external process exited with code {}{detail}",
                output.status
            )),
        )));
    }
    let mut credentials = parse_output(&output.stdout).map_err(|why| {
        ProviderError::failed(Message::new(format!(
            "Error retrieving credentials from external process, could not parse response: {why}"
        )))
    })?;
    if credentials.account_id().is_none() {
        if let Some(account) = account_id {
            credentials = credentials.with_account_id(account);
        }
    }
    Ok(credentials)
}

/// The process's output: `Version` 1 with the keys, and optionally a session token, an
/// expiry and an account. Errors never quote a value: they may be secrets.
pub fn parse_output(stdout: &[u8]) -> Result<Credentials, String> {
    let value: Value = serde_json::from_slice(stdout).map_err(|e| {
        format!(
            "invalid JSON in response at line {} column {}",
            e.line(),
            e.column()
        )
    })?;
    let object = value
        .as_object()
        .ok_or("invalid JSON in response: not an object")?;
    let text = |key: &str| -> Result<Option<String>, String> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{key}` is not a string")),
        }
    };
    match object.get("Version") {
        Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
        Some(_) => return Err("unsupported `Version`: only 1 is".to_owned()),
        None => return Err("`Version` is missing".to_owned()),
    }
    let id = text("AccessKeyId")?.ok_or("`AccessKeyId` is missing")?;
    let secret = text("SecretAccessKey")?.ok_or("`SecretAccessKey` is missing")?;
    let mut credentials = Credentials::new(id, secret, text("SessionToken")?);
    if let Some(expiration) = text("Expiration")? {
        credentials = credentials
            .with_expiry(parse_time(&expiration).map_err(|e| format!("`Expiration`: {e}"))?);
    }
    if let Some(account) = text("AccountId")? {
        credentials = credentials.with_account_id(account);
    }
    Ok(credentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_output_and_refuses_bad_output_without_quoting_it() {
        let credentials = parse_output(
            br#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"SECRET","SessionToken":"T","Expiration":"2030-01-01T00:00:00Z","AccountId":"12"}"#,
        )
        .unwrap();
        assert_eq!(credentials.account_id(), Some("12"));
        assert!(credentials.expiry().is_some());
        for bad in [
            &br#"invalid json"#[..],
            br#"{"Version":2,"AccessKeyId":"A","SecretAccessKey":"SECRET"}"#,
            br#"{"Version":1,"AccessKeyId":"A"}"#,
            br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":7}"#,
        ] {
            let error = parse_output(bad).unwrap_err();
            assert!(!error.contains("SECRET"), "{error}");
        }
    }

    #[tokio::test]
    async fn runs_the_command_and_reports_its_exit() {
        let ok = credentials(
            r#"echo '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"B"}'"#,
            Some("99"),
        )
        .await
        .unwrap();
        assert_eq!(ok.account_id(), Some("99"));
        let failed = credentials("exit 3", None).await.unwrap_err().report();
        assert!(
            failed.contains("external process exited with code exit status: 3"),
            "{failed}"
        );
    }
}
