//! Downloads botocore wheels into `target/botocore/` and extracts service models from them.

use crate::{root, Args};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The botocore release the checked-in models and the tests are pinned to.
pub const PINNED_VERSION: &str = "1.44.5";

/// Model files copied from a wheel, in the order the README lists them.
const MODEL_FILES: &[&str] = &[
    "service-2.json",
    "paginators-1.json",
    "waiters-2.json",
    "endpoint-rule-set-1.json",
];

/// `cargo xtask update-model --botocore VERSION [--service NAME]`.
pub fn update_model(args: &[String]) -> Result<(), String> {
    let args = Args::parse(args, &[], &["--botocore", "--smithy", "--service"])?;
    if args.value("--smithy").is_some() {
        return crate::smithy::update_model(&args);
    }
    let version = args
        .value("--botocore")
        .ok_or("update-model needs --botocore VERSION or --smithy VERSION")?;
    let service = args.value("--service").unwrap_or("ds");
    let source = service_dir(version, service)?;
    let target = root().join("model").join(service);
    fs::create_dir_all(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    for name in MODEL_FILES {
        let from = source.join(name);
        let to = target.join(name);
        if from.exists() {
            fs::copy(&from, &to)
                .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))?;
        } else if to.exists() {
            fs::remove_file(&to).map_err(|e| format!("cannot remove {}: {e}", to.display()))?;
        }
    }
    // Endpoint rules need the partitions, which botocore keeps beside the services.
    if let Some(data) = source.parent().and_then(Path::parent) {
        let partitions = data.join("partitions.json");
        if partitions.exists() {
            let to = root().join("model/partitions.json");
            fs::copy(&partitions, &to)
                .map_err(|e| format!("cannot copy {}: {e}", partitions.display()))?;
        }
    }
    let api_version = source.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    record_version(service, version, api_version)?;
    println!(
        "model/{service}: botocore {version}, API {api_version}; run `cargo xtask codegen` next"
    );
    Ok(())
}

/// The extracted model directory of `service` (its newest API version) in botocore `version`.
pub fn service_dir(version: &str, service: &str) -> Result<PathBuf, String> {
    let data = root().join("target/botocore").join(version).join("data");
    let service_root = data.join(service);
    if !service_root.exists() || !data.join("partitions.json").exists() {
        let wheel = download_wheel(version)?;
        extract_service(&wheel, service, &data)?;
    }
    let mut versions: Vec<PathBuf> = fs::read_dir(&service_root)
        .map_err(|_| format!("botocore {version} has no service `{service}`"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("service-2.json").exists())
        .collect();
    versions.sort();
    versions
        .pop()
        .ok_or_else(|| format!("botocore {version} has no model for `{service}`"))
}

/// The whole `botocore/data/` of botocore `version`, extracted on first use (for the sweep).
pub fn all_services(version: &str) -> Result<PathBuf, String> {
    let data = root().join("target/botocore").join(version).join("data");
    let marker = data.join(".every-service");
    if !marker.exists() {
        let wheel = download_wheel(version)?;
        // An empty service name extracts every service.
        extract_service(&wheel, "", &data)?;
        fs::write(&marker, "").map_err(|e| format!("cannot write {}: {e}", marker.display()))?;
    }
    Ok(data)
}

/// The wheel file for `version`, downloaded with pip on first use.
fn download_wheel(version: &str) -> Result<PathBuf, String> {
    let dir = root().join("target/botocore/wheels");
    let name = format!("botocore-{version}-py3-none-any.whl");
    let wheel = dir.join(&name);
    if wheel.exists() {
        return Ok(wheel);
    }
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    eprintln!("downloading botocore {version} ...");
    let status = pip_download(&dir, version, "--only-binary=:all:")?;
    if !status.success() || !wheel.exists() {
        return Err(format!(
            "pip could not download botocore {version} (expected {name})"
        ));
    }
    Ok(wheel)
}

/// Extracts `botocore/data/<service>/` from the wheel into `data`, decompressing `.gz` files.
fn extract_service(wheel: &Path, service: &str, data: &Path) -> Result<(), String> {
    const SCRIPT: &str = r#"
import gzip, os, sys, zipfile
wheel, service, out = sys.argv[1:]
prefix = "botocore/data/" + (service + "/" if service else "")
shared = "botocore/data/partitions.json"
count = 0
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if not (name.startswith(prefix) or name == shared) or name.endswith("/"):
            continue
        body = z.read(name)
        relative = name[len("botocore/data/"):]
        if relative.endswith(".gz"):
            body = gzip.decompress(body)
            relative = relative[:-3]
        path = os.path.join(out, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".part", "wb") as f:
            f.write(body)
        os.replace(path + ".part", path)
        count += 1
if count == 0:
    sys.exit("no files under " + prefix)
"#;
    let status = Command::new(python())
        .args(["-c", SCRIPT])
        .arg(wheel)
        .arg(service)
        .arg(data)
        .status()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cannot extract `{service}` from {}",
            wheel.display()
        ))
    }
}

/// Downloads botocore `version` into `dir` with pip; `kind` picks the wheel or the sdist.
fn pip_download(dir: &Path, version: &str, kind: &str) -> Result<std::process::ExitStatus, String> {
    Command::new(python())
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            kind,
            "--dest",
        ])
        .arg(dir)
        .arg(format!("botocore=={version}"))
        .status()
        .map_err(|e| format!("cannot run pip: {e}"))
}

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// Updates the service's line in `model/README.md`.
fn record_version(service: &str, version: &str, api_version: &str) -> Result<(), String> {
    crate::model_record::record_line(
        service,
        &format!("botocore {version}, `botocore/data/{service}/{api_version}/`"),
    )
}

/// `tests/functional/endpoint-rules/` of the botocore `version` sdist, downloaded with pip and
/// extracted into `target/botocore/VERSION/endpoint-rules/` on first use.
pub fn endpoint_tests(version: &str) -> Result<PathBuf, String> {
    sdist_tests(
        version,
        "/tests/functional/endpoint-rules/",
        "endpoint-rules",
        "ds/endpoint-tests-1.json",
    )
}

/// botocore's protocol test suites (`input/json.json` and the others), extracted from the
/// sdist into `target/botocore/VERSION/protocols/`.
pub fn protocol_tests(version: &str) -> Result<PathBuf, String> {
    sdist_tests(
        version,
        "/tests/unit/protocols/",
        "protocols",
        "output/json_1_0.json",
    )
}

/// The AWS SigV4 test suite (`tests/unit/auth/aws4_testsuite/`: raw requests with their
/// canonical requests, strings to sign and `Authorization` headers), extracted from the
/// sdist into `target/botocore/VERSION/aws4_testsuite/`.
pub fn sigv4_tests(version: &str) -> Result<PathBuf, String> {
    sdist_tests(
        version,
        "/tests/unit/auth/aws4_testsuite/",
        "aws4_testsuite",
        "post-vanilla/post-vanilla.req",
    )
}

/// Extracts the files under `marker` in the botocore `version` sdist (downloaded once into
/// `target/botocore/sdists/`) into `target/botocore/VERSION/NAME/`, unless `sentinel` is
/// already there.
fn sdist_tests(version: &str, marker: &str, name: &str, sentinel: &str) -> Result<PathBuf, String> {
    let out = root().join("target/botocore").join(version).join(name);
    if out.join(sentinel).exists() {
        return Ok(out);
    }
    let dir = root().join("target/botocore/sdists");
    let archive = dir.join(format!("botocore-{version}.tar.gz"));
    if !archive.exists() {
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        eprintln!("downloading the botocore {version} sdist ...");
        let status = pip_download(&dir, version, "--no-binary=:all:")?;
        if !status.success() || !archive.exists() {
            return Err(format!(
                "pip could not download the botocore {version} sdist"
            ));
        }
    }
    const SCRIPT: &str = r#"
import os, sys, tarfile
archive, marker, out = sys.argv[1:]
with tarfile.open(archive) as tar:
    for member in tar.getmembers():
        if marker not in member.name or not member.isfile():
            continue
        relative = member.name.split(marker, 1)[1]
        path = os.path.join(out, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with tar.extractfile(member) as source, open(path + ".part", "wb") as target:
            target.write(source.read())
        os.replace(path + ".part", path)
"#;
    let status = Command::new(python())
        .args(["-c", SCRIPT])
        .arg(&archive)
        .arg(marker)
        .arg(&out)
        .status()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if status.success() && out.join(sentinel).exists() {
        Ok(out)
    } else {
        Err(format!(
            "cannot extract {marker} from {}",
            archive.display()
        ))
    }
}
