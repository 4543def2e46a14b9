//! The test command's Smithy step for ds: the crate generated from the Smithy model is
//! linted and documented with `-D warnings`, then the moto end-to-end tests of
//! `tests/tests/moto.rs`, unchanged, run against it.

use crate::process::{cargo, clippy, doc};
use crate::{codegen_cmd, root, smithy};
use std::fs;

/// Generates ds from the Smithy model into `target/smithy-ds/crate`, writes a test crate
/// that includes the moto tests, and runs them against moto at `moto_endpoint`.
pub fn run(python: &str, moto_endpoint: &str) -> Result<(), String> {
    let root = root();
    let base = root.join("target/smithy-ds");
    let model = smithy::models()?.join("directory-service.json");
    let crate_dir = base.join("crate");
    let mut options = codegen_cmd::options("directory-service");
    options.command = "cargo xtask test".to_owned();
    options.runtime = codegen::ir::RuntimeSource::Path(codegen_cmd::runtime_path_from(&crate_dir)?);
    let files = codegen_cmd::read_model(&model)?;
    let generated = codegen::generate(&files, &options)
        .map_err(|problems| format!("the Smithy ds model does not generate:\n{problems}"))?;
    let _ = fs::remove_dir_all(&crate_dir);
    codegen_cmd::write_files(&generated.files, &crate_dir)?;
    let e2e = base.join("e2e");
    fs::create_dir_all(e2e.join("tests"))
        .map_err(|e| format!("cannot create {}: {e}", e2e.display()))?;
    let manifest = r#"# Written by `cargo xtask test`: the moto tests against the ds crate from the Smithy model.
[package]
name = "smithy-ds-e2e"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
directory-service = { path = "../crate", features = ["test-util", "serde", "patterns"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt", "time", "test-util"] }
"#;
    fs::write(e2e.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // One workspace of the crate and its tests, so the crate itself can be linted.
    let workspace = "[workspace]\nmembers = [\"crate\", \"e2e\"]\nresolver = \"2\"\n";
    fs::write(base.join("Cargo.toml"), workspace).map_err(|e| e.to_string())?;
    let tests = root.join("tests/tests").display().to_string();
    let harness = format!(
        r#"//! The moto end-to-end tests of `tests/tests/moto.rs` (and its harness), unchanged, against the ds crate
//! generated from the Smithy model (written by `cargo xtask test`).
#![allow(dead_code, unused_imports)]

#[path = "{tests}/moto.rs"]
mod moto;
#[path = "{tests}/moto_harness.rs"]
mod moto_harness;
#[path = "{tests}/moto_paginators.rs"]
mod moto_paginators;
#[path = "{tests}/python.rs"]
mod python;

mod support {{
    pub use crate::python::{{python, run_python}};

    /// The crate from the Smithy model fills in its `@default` values, which boto3 lacks.
    pub const DEFAULTS_FROM_THE_MODEL: bool = true;

    pub fn root() -> std::path::PathBuf {{
        std::path::PathBuf::from({root:?})
    }}
}}
"#,
        root = root.display().to_string()
    );
    fs::write(e2e.join("tests/moto.rs"), harness).map_err(|e| e.to_string())?;
    let manifest = base.join("Cargo.toml").display().to_string();
    let target = root.join("target").display().to_string();
    let shared = [("CARGO_TARGET_DIR", target.as_str())];
    let args = [
        "--manifest-path",
        &manifest,
        "-p",
        "directory-service",
        "--all-features",
    ];
    clippy(&root, &args, &shared)?;
    doc(&root, &args, &shared)?;
    cargo(
        &root,
        &[
            "test",
            "--quiet",
            "--manifest-path",
            &manifest,
            "-p",
            "smithy-ds-e2e",
        ],
        &[
            shared[0],
            ("TEST_PYTHON", python),
            ("MOTO_ENDPOINT", moto_endpoint),
        ],
    )
}
