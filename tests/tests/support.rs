//! Helpers shared by the test modules: paths, model loading, snapshot comparison.

use codegen::{CrateOptions, ModelFiles};
use directory_service::operation::Operation;
use directory_service::validation::{Policy, Rule, Validate};
use directory_service::Client;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub use crate::python::{python, run_python};

/// Whether the ds crate under test fills in `@default` values (generated from the Smithy
/// model, which has them; botocore's does not): the moto tests' comparisons with boto3 then
/// allow them. The Smithy step of `cargo xtask test` compiles the same tests with `true`.
pub const DEFAULTS_FROM_THE_MODEL: bool = false;

/// The workspace root.
pub fn root() -> PathBuf {
    xtask::root()
}

/// Reads a model directory the way `cargo xtask codegen` does.
pub fn model(dir: &Path) -> ModelFiles {
    xtask::codegen_cmd::read_model(dir).unwrap_or_else(|e| panic!("fixture model unreadable: {e}"))
}

/// The ds model as checked in.
pub fn ds_model() -> ModelFiles {
    model(&root().join("model/ds"))
}

/// Options for a crate generated in a test.
pub fn options(package: &str) -> CrateOptions {
    xtask::codegen_cmd::options(package)
}

/// True when expected files should be rewritten (`UPDATE_EXPECT=1 cargo test`). Under
/// `CI=true` that is refused: a CI run that rewrote its expectations would check nothing.
pub fn bless() -> bool {
    let update = std::env::var("UPDATE_EXPECT").ok();
    let ci = std::env::var("CI").ok();
    bless_mode(update.as_deref(), ci.as_deref()).unwrap_or_else(|refusal| panic!("{refusal}"))
}

/// Whether to rewrite expectations, given `UPDATE_EXPECT` and `CI`: an error when both ask
/// for opposite things.
pub fn bless_mode(update: Option<&str>, ci: Option<&str>) -> Result<bool, String> {
    let update = update == Some("1");
    if update && ci.is_some_and(|ci| ci == "true" || ci == "1") {
        return Err("UPDATE_EXPECT=1 is refused under CI=true: CI checks the expected files, it never rewrites them".to_owned());
    }
    Ok(update)
}

#[test]
fn ci_refuses_to_rewrite_expectations() {
    assert_eq!(bless_mode(Some("1"), None), Ok(true));
    assert_eq!(bless_mode(None, Some("true")), Ok(false));
    assert_eq!(bless_mode(Some("0"), Some("true")), Ok(false));
    assert!(bless_mode(Some("1"), Some("true")).is_err());
    assert!(bless_mode(Some("1"), Some("1")).is_err());
}

/// Compares `actual` with the file at `path`, or rewrites the file when blessing.
pub fn expect_file(path: &Path, actual: &str) {
    if bless() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create expectation directory");
        }
        std::fs::write(path, actual).expect("write expectation");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_EXPECT=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the generator's output at line {}:\n  expected: {:?}\n  actual:   {:?}\nrun with UPDATE_EXPECT=1 to accept the new output",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// What our side makes of a JSON input.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// It does not even deserialize (a required member is missing).
    Unbuildable(String),
    /// It deserializes; these are the violations (path, rule).
    Checked(Vec<(String, Rule)>),
}

fn run<T: serde::de::DeserializeOwned + Validate>(json: &Value, policy: Policy) -> Outcome {
    match serde_json::from_value::<T>(json.clone()) {
        Err(e) => Outcome::Unbuildable(e.to_string()),
        Ok(value) => Outcome::Checked(match value.validate_with(policy) {
            Ok(()) => Vec::new(),
            Err(e) => e
                .violations()
                .iter()
                .map(|v| (v.path().to_owned(), v.rule()))
                .collect(),
        }),
    }
}

/// Sends a JSON input of any operation through the client; the output as JSON, or the
/// error's `Display`.
async fn send<I: Operation + serde::de::DeserializeOwned>(
    client: &Client,
    json: &Value,
) -> Result<Value, String>
where
    I::Output: serde::Serialize,
{
    let input: I = serde_json::from_value(json.clone())
        .map_err(|e| format!("input does not deserialize: {e}"))?;
    let output = client.send(&input).await.map_err(|e| e.to_string())?;
    Ok(serde_json::to_value(output).expect("outputs serialize"))
}

fn unreadable_as<I: Operation>(body: &str) -> (bool, String) {
    use aws_codegen_runtime::error::OperationError;
    let response = aws_codegen_runtime::http::transport::HttpResponse::new(
        200,
        &[("content-type", "application/x-amz-json-1.1")],
        body,
    );
    let Err(error) = aws_codegen_runtime::client::response::read_response::<I::Output, I::Error>(
        I::NAME,
        &response,
        I::read_output,
        aws_codegen_runtime::wire::body::Codec::Json,
    ) else {
        panic!("{}: the body is not a readable output", I::NAME)
    };
    (<I::Error as OperationError>::QUOTE_BODY, error.to_string())
}

/// Dispatch by type name over every ds operation's input and output type.
macro_rules! operations {
    ($(($input:ident, $output:ident)),* $(,)?) => {
        /// Every input type, sorted.
        pub const INPUT_TYPES: &[&str] = &[$(stringify!($input)),*];

        /// Deserializes and validates a JSON input of the named type.
        pub fn check(type_name: &str, json: &Value, policy: Policy) -> Outcome {
            match type_name {
                $(stringify!($input) => run::<directory_service::types::$input>(json, policy),)*
                other => panic!("no input type {other}"),
            }
        }

        /// Sends a JSON input of the named type.
        pub async fn call(client: &Client, type_name: &str, json: &Value) -> Result<Value, String> {
            match type_name {
                $(stringify!($input) => send::<directory_service::types::$input>(client, json).await,)*
                other => panic!("no input type {other}"),
            }
        }

        /// What the named operation says of an unreadable `200` response with `body`: whether
        /// it may quote responses, and the error's text.
        pub fn unreadable(type_name: &str, body: &str) -> (bool, String) {
            match type_name {
                $(stringify!($input) => unreadable_as::<directory_service::types::$input>(body),)*
                other => panic!("no input type {other}"),
            }
        }

        #[test]
        fn outputs_are_named_after_inputs() {
            $(let _: Option<<directory_service::types::$input as Operation>::Output> = None::<directory_service::types::$output>;)*
        }
    };
}

tests::with_ds_operations!(operations);

/// Every file below `dir` whose name ends in `.EXTENSION`, recursively.
pub fn files_with_extension(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files_with_extension(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}
