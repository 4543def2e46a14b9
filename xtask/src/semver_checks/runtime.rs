//! `cargo xtask semver-checks --runtime`: cargo-semver-checks on the runtime crate against its previous tagged release, the verdict written where a test checks it is current.

use crate::root;
use serde_json::json;
use std::fs;
use std::process::Command;

/// The git tag of the runtime release the current one is checked against.
pub const BASELINE_TAG: &str = "aws-codegen-runtime-v0.1.0";

/// Where the verdict is kept, relative to the repository root.
pub const FIXTURE: &str = "tests/fixtures/semver/runtime.json";

/// Runs the tool on `codegen/runtime` (every feature) against [`BASELINE_TAG`] for the
/// version in its manifest, writes [`FIXTURE`], and fails when the version is too small for
/// the changes.
pub fn run(tool: &std::path::Path) -> Result<(), String> {
    let root = root();
    let manifest = root.join("codegen/runtime/Cargo.toml");
    let (status, text) = crate::run_captured(
        Command::new(tool)
            .current_dir(&root)
            .arg("semver-checks")
            .arg("--manifest-path")
            .arg(&manifest)
            .args([
                "--baseline-rev",
                BASELINE_TAG,
                "--all-features",
                "--color",
                "never",
            ])
            .env(
                "CARGO_TARGET_DIR",
                root.join("target/semver-checks/runtime"),
            ),
    )?;
    let summary = text
        .lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix("Summary "))
        .ok_or_else(|| format!("cargo-semver-checks gave no summary ({status}):\n{text}"))?
        .to_owned();
    let fixture = json!({
        "tool": format!("cargo-semver-checks {}", super::TOOL_VERSION),
        "command": "cargo xtask semver-checks --runtime",
        "baseline": BASELINE_TAG,
        "version": runtime_version(&fs::read_to_string(&manifest).map_err(|e| e.to_string())?),
        "passed": status.success(),
        "summary": summary,
        "api_fingerprint": api_fingerprint(&root)?,
    });
    let path = root.join(FIXTURE);
    let text_out = serde_json::to_string_pretty(&fixture).map_err(|e| e.to_string())? + "\n";
    fs::write(&path, text_out).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("semver-checks: runtime against {BASELINE_TAG}: {summary} (written to {FIXTURE})");
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "the runtime's version is too small for its changes:\n{text}"
        ))
    }
}

/// The `version` of a manifest's `[package]`.
pub fn runtime_version(manifest: &str) -> String {
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .map(|rest| rest.trim_end_matches('"').to_owned())
        .unwrap_or_default()
}

/// A fingerprint of the runtime's public surface as the verdict saw it: every line of its
/// sources that starts a `pub` item or field (trimmed, with its file's path, in path order)
/// and its manifest's `[features]`, hashed with 64-bit FNV-1a. A test compares it with the
/// current sources, so a public change made after the last run asks for a new one.
pub fn api_fingerprint(root: &std::path::Path) -> Result<String, String> {
    let runtime = root.join("codegen/runtime");
    let mut files = Vec::new();
    crate::lines::rust_files(&runtime.join("src"), &mut files)?;
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for byte in text.bytes().chain([b'\n']) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in &files {
        let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file
            .strip_prefix(&runtime)
            .unwrap_or(file)
            .display()
            .to_string();
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("pub "))
        {
            feed(&name);
            feed(line);
        }
    }
    let manifest = fs::read_to_string(runtime.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let features = manifest.split("[features]").nth(1).unwrap_or_default();
    for line in features.lines().take_while(|l| !l.starts_with('[')) {
        feed(line.trim());
    }
    Ok(format!("{hash:016x}"))
}
