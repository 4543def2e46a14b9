//! Smithy's protocol compliance suites: the IDL vendored under `tests/fixtures/smithy-protocol-tests/`, converted to one JSON AST file per test service by `tests/java/SmithyProtocolTests.java` over smithy-model from Maven Central (cached under `target/maven/`).

use crate::root;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// The smithy-model release that converts the IDL (the newest Maven Central serves here;
/// the test models are Smithy 1.73.0's).
pub const SMITHY_VERSION: &str = "1.61.0";

/// Where the vendored IDL lives, relative to the repository root.
pub const IDL: &str = "tests/fixtures/smithy-protocol-tests";

/// The jars of smithy-model and smithy-utils, downloaded with Maven on first use.
fn jars() -> Result<Vec<PathBuf>, String> {
    let cache = root().join("target/maven/smithy").join(SMITHY_VERSION);
    ["smithy-model", "smithy-utils"]
        .iter()
        .map(|artifact| {
            crate::process::maven_jar("software.amazon.smithy", artifact, SMITHY_VERSION, &cache)
        })
        .collect()
}

/// Converts the vendored IDL into `target/smithy-protocol-tests/` (one
/// `<namespace>.<Service>.json` per test service) and returns that directory. The
/// conversion runs each time (about 3 s), so it always matches the IDL.
pub fn convert() -> Result<PathBuf, String> {
    let jars = jars()?;
    let out = root().join("target/smithy-protocol-tests");
    let _ = fs::remove_dir_all(&out);
    let classpath = jars
        .iter()
        .map(|j| j.display().to_string())
        .collect::<Vec<_>>()
        .join(":");
    let output = Command::new("java")
        .arg("-cp")
        .arg(&classpath)
        .arg(root().join("tests/java/SmithyProtocolTests.java"))
        .arg(root().join(IDL))
        .arg(&out)
        .output()
        .map_err(|e| format!("cannot run java (Debian: openjdk-17-jre-headless): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "converting Smithy's protocol test models failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(out)
}
