//! The Python that `cargo xtask test` provisions (botocore, boto3, moto), and running the
//! scripts of `tests/python/` with it. Shared with the moto tests of the ds crate generated
//! from the Smithy model, which include this file.

use crate::support::root;
use serde_json::Value;
use std::path::PathBuf;

/// The Python with botocore that `cargo xtask test` provisions.
pub fn python() -> PathBuf {
    let python = std::env::var_os("TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/venv/bin/python"));
    assert!(
        python.exists(),
        "{} is missing: run `cargo xtask test`, which creates target/venv with tests/python/requirements.txt",
        python.display()
    );
    python
}

/// Runs `tests/python/SCRIPT` with `input` as JSON on stdin; returns its JSON stdout.
pub fn run_python(script: &str, input: &Value) -> Value {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(python())
        .arg(root().join("tests/python").join(script))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {script}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{script} failed");
    serde_json::from_slice(&output.stdout).unwrap()
}
