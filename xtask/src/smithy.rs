//! Smithy JSON AST models: `update-model --smithy` from Maven Central, and the bundle of
//! AWS models the tests use, from the source release of the AWS SDK for Go v2 that Debian
//! packages (Maven Central serves few of the `software.amazon.api.models` artifacts here).

use crate::{root, Args};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The release of the AWS SDK for Go v2 whose source carries the Smithy models the tests
/// read (`codegen/sdk-codegen/aws-models/<sdk-id>.json`, 424 services, released on
/// 2026-04-29), as Debian's source package names it, and the SHA-256 of that archive.
pub const MODELS_RELEASE: &str = "1.41.7";
const MODELS_SHA256: &str = "8c69def6ef2aa7923d327ad3345fd60b89b5e78cf8ef8737c5fe0f56d990fe4c";
const SOURCE_PACKAGE: &str = "golang-github-aws-aws-sdk-go-v2";

/// The botocore release built from the same API revisions as [`MODELS_RELEASE`] for ds,
/// Cloud Directory and WorkSpaces (released the same day; every operation and structure
/// member agrees, see `tests/fixtures/smithy-equivalence/README.md`).
pub const EQUIVALENT_BOTOCORE: &str = "1.43.0";

/// The directory of the extracted Smithy models (`<sdk-id>.json`), downloaded on first use.
pub fn models() -> Result<PathBuf, String> {
    let dir = root().join("target/smithy-models").join(MODELS_RELEASE);
    if dir.join("directory-service.json").exists() {
        return Ok(dir);
    }
    let cache = root().join("target/smithy-models/archives");
    fs::create_dir_all(&cache).map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    let name = format!("{SOURCE_PACKAGE}_{MODELS_RELEASE}.orig.tar.gz");
    let archive = cache.join(&name);
    if !archive.exists() || sha256(&archive)? != MODELS_SHA256 {
        let mirror = debian_mirror()?;
        let url = format!("{mirror}/pool/main/g/{SOURCE_PACKAGE}/{name}");
        eprintln!("downloading the Smithy models ({name}, 57 MB) ...");
        let part = cache.join(format!("{name}.part"));
        let status = Command::new("curl")
            .args(["-sSfL", "--retry", "3", "-o"])
            .arg(&part)
            .arg(&url)
            .status()
            .map_err(|e| format!("cannot run curl: {e}"))?;
        if !status.success() {
            return Err(format!("could not download {name} from the Debian mirror"));
        }
        fs::rename(&part, &archive).map_err(|e| format!("cannot move {name}: {e}"))?;
    }
    let digest = sha256(&archive)?;
    if digest != MODELS_SHA256 {
        return Err(format!(
            "{name} has SHA-256 {digest}, expected {MODELS_SHA256}"
        ));
    }
    let scratch = root().join("target/smithy-models/extract");
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&scratch)
        .args(["--wildcards", "*/codegen/sdk-codegen/aws-models/*.json"])
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() {
        return Err(format!("cannot extract the models from {name}"));
    }
    let top = fs::read_dir(&scratch)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .next()
        .ok_or("the archive is empty")?;
    let _ = fs::remove_dir_all(&dir);
    fs::rename(top.join("codegen/sdk-codegen/aws-models"), &dir)
        .map_err(|e| format!("cannot move the models into {}: {e}", dir.display()))?;
    let _ = fs::remove_dir_all(&scratch);
    Ok(dir)
}

/// The first Debian mirror in this machine's apt sources, so no address is written here.
fn debian_mirror() -> Result<String, String> {
    let mut texts = Vec::new();
    for path in [
        "/etc/apt/sources.list.d/debian.sources",
        "/etc/apt/sources.list",
    ] {
        if let Ok(text) = fs::read_to_string(path) {
            texts.push(text);
        }
    }
    for text in &texts {
        for line in text.lines() {
            let line = line.trim();
            let uri = line.strip_prefix("URIs:").map(str::trim).or_else(|| {
                line.strip_prefix("deb ")
                    .and_then(|r| r.split_whitespace().next())
            });
            if let Some(uri) = uri.and_then(|u| u.split_whitespace().next()) {
                if uri.trim_end_matches('/').ends_with("/debian") {
                    return Ok(uri.trim_end_matches('/').to_owned());
                }
            }
        }
    }
    Err(
        "no Debian mirror in /etc/apt/sources.list(.d): the Smithy models cannot be downloaded"
            .to_owned(),
    )
}

fn sha256(path: &Path) -> Result<String, String> {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run sha256sum: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .map(str::to_owned)
        .ok_or_else(|| format!("sha256sum printed nothing for {}", path.display()))
}

/// `cargo xtask update-model --smithy VERSION --service SDK_ID`: downloads the artifact
/// `software.amazon.api.models:SDK_ID:VERSION` with Maven and writes its JSON AST to
/// `model/smithy/SDK_ID.json`, recording the version in `model/README.md`.
pub fn update_model(args: &Args) -> Result<(), String> {
    let version = args.value("--smithy").ok_or("--smithy needs a VERSION")?;
    let sdk_id = args
        .value("--service")
        .ok_or("update-model --smithy needs --service SDK_ID (such as directory-service)")?;
    let cache = root().join("target/maven").join(sdk_id).join(version);
    let jar = crate::process::maven_jar("software.amazon.api.models", sdk_id, version, &cache)?;
    // The jar holds `META-INF/smithy/<api-version>/<sdk-id>-<api-version>.json` (and a manifest).
    let list = Command::new("unzip")
        .arg("-Z1")
        .arg(&jar)
        .output()
        .map_err(|e| format!("cannot run unzip: {e}"))?;
    let listing = String::from_utf8_lossy(&list.stdout);
    let entry = listing
        .lines()
        .find(|l| l.ends_with(".json") && l.contains(sdk_id))
        .ok_or_else(|| format!("{} holds no {sdk_id} JSON model", jar.display()))?
        .to_owned();
    let body = Command::new("unzip")
        .arg("-p")
        .arg(&jar)
        .arg(&entry)
        .output()
        .map_err(|e| format!("cannot run unzip: {e}"))?;
    let target_dir = root().join("model/smithy");
    fs::create_dir_all(&target_dir)
        .map_err(|e| format!("cannot create {}: {e}", target_dir.display()))?;
    let target = target_dir.join(format!("{sdk_id}.json"));
    fs::write(&target, &body.stdout)
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    crate::model_record::record_line(
        &format!("smithy/{sdk_id}.json"),
        &format!("Maven Central `software.amazon.api.models:{sdk_id}:{version}`, `{entry}`"),
    )?;
    println!("model/smithy/{sdk_id}.json: {sdk_id} {version}; generate it with `cargo xtask codegen --model model/smithy/{sdk_id}.json`");
    Ok(())
}
