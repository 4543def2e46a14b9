//! `bench service NAME --every-operation`: two more sides, a program calling every operation of the service over our crate and one over the SDK's, for what a program pays that uses it all (our crate compiles each operation's request writing and response reading where the operation is called).

use super::programs_calls::{write_calls, ServiceCalls};
use super::sdk::{locked_version, Side};
use crate::{botocore, codegen_cmd};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Our side: a program calling every operation of the model (by our client's method names)
/// over the crate `bench service` wrote in `dir/ours`.
pub(super) fn write_ours(
    dir: &Path,
    service: &str,
    crate_packages: &[String],
) -> Result<Side, String> {
    // The crate's package first, then its parts if it is split.
    let crate_package = crate_packages.first().map_or("", String::as_str);
    let model = botocore::service_dir(botocore::PINNED_VERSION, service)?;
    let files = codegen_cmd::read_model(&model)?;
    let (ir, _warnings) = codegen::lower(&files).map_err(|e| e.to_string())?;
    let calls = ir.operations.iter().map(|op| op.fn_name.clone()).collect();
    let project = dir.join("ours-calls");
    let package = format!("ours-calls-{service}");
    let services = [ServiceCalls {
        dependency: format!("{crate_package} = {{ path = \"../ours/crate\" }}"),
        krate: crate_package.replace('-', "_"),
        calls,
    }];
    write_calls(&project, "ours", &package, DOC, &services)?;
    Ok(Side {
        name: "ours, every operation called",
        project,
        clean: crate_packages
            .iter()
            .cloned()
            .chain([package.clone()])
            .collect(),
        package,
    })
}

/// The SDK's side: the same over the SDK's crate at the version `dir/sdk` locked, calling
/// each operation by the SDK's method name (one module per operation under `src/client/`).
pub(super) fn write_theirs(dir: &Path, sdk_package: &str) -> Result<Side, String> {
    let version = locked_version(&dir.join("sdk"), sdk_package)?;
    let source = sdk_source(&dir.join("sdk"), sdk_package)?.join("src/client");
    let mut calls: Vec<String> = std::fs::read_dir(&source)
        .map_err(|e| format!("{}: {e}", source.display()))?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".rs")?;
            (stem != "customize").then(|| stem.to_owned())
        })
        .collect();
    calls.sort();
    if calls.is_empty() {
        return Err(format!("no operations under {}", source.display()));
    }
    let project = dir.join("sdk-calls");
    let package = "sdk-calls".to_owned();
    let services = [ServiceCalls {
        dependency: format!("{sdk_package} = {{ version = \"={version}\", default-features = false, features = [\"rt-tokio\"] }}"),
        krate: sdk_package.replace('-', "_"),
        calls,
    }];
    write_calls(&project, "sdk", &package, DOC, &services)?;
    // The same versions as the crate measured alone.
    std::fs::copy(dir.join("sdk/Cargo.lock"), project.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy the SDK's lockfile: {e}"))?;
    Ok(Side {
        name: "sdk, every operation called",
        project,
        clean: vec![sdk_package.to_owned(), package.clone()],
        package,
    })
}

const DOC: &str = "Every operation of one service, called once (`cargo xtask bench service --every-operation`): the endpoint URL is the argument.";

/// Where Cargo unpacked `package`'s source, from the metadata of `project`.
fn sdk_source(project: &Path, package: &str) -> Result<PathBuf, String> {
    let output = Command::new(crate::process::cargo_bin())
        .current_dir(project)
        .args(["metadata", "--format-version", "1", "--quiet"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed in {}: {}",
            project.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == package)
        .and_then(|p| p["manifest_path"].as_str())
        .and_then(|manifest| Path::new(manifest).parent().map(Path::to_path_buf))
        .ok_or_else(|| format!("{package} is not in the metadata of {}", project.display()))
}
