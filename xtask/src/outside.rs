//! The generator used from outside this repository: the CLI installed into a scratch directory, a user's own Smithy service and DynamoDB (its Smithy model) generated into a new project there, built and called.

use crate::process::{cargo, write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The DynamoDB operations the scratch project calls (the crate is trimmed to them and what
/// they reach, as a program that uses a few operations of a large service would be).
const DYNAMODB_OPERATIONS: &str =
    "CreateTable,DescribeTable,PutItem,GetItem,ListTables,DeleteTable";

/// Installs the CLI, checks its exit codes, generates both crates into a project in the
/// system's temporary directory, and runs the project against a loopback server and moto.
pub fn run(root: &Path, moto_endpoint: &str) -> Result<(), String> {
    let scratch = std::env::temp_dir().join("aws-codegen-outside");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let target = root.join("target").display().to_string();
    // Debug, in the shared target directory: the workspace's build of the generator is reused.
    cargo(
        root,
        &[
            "install",
            "--quiet",
            "--debug",
            "--locked",
            "--force",
            "--path",
            "cli",
            "--root",
            &scratch.join("cli").display().to_string(),
        ],
        &[("CARGO_TARGET_DIR", &target)],
    )?;
    let cli = scratch.join("cli/bin/aws-codegen");
    exit_codes(&cli, root, &scratch)?;

    let project = scratch.join("app");
    let template = root.join("tests/fixtures/outside");
    for (from, to) in [
        ("Cargo.toml.in", "Cargo.toml"),
        ("src/main.rs", "src/main.rs"),
        ("src/server.rs", "src/server.rs"),
    ] {
        let text = read(&template.join(from))?;
        write(&project.join(to), &text)?;
    }
    // The repository's lock file pins the versions the tests have seen.
    write(
        &project.join("Cargo.lock"),
        &read(&root.join("Cargo.lock"))?,
    )?;
    let runtime = format!("path:{}", root.join("codegen/runtime").display());
    let weather = project.join("crates/weather");
    let model = root.join("tests/fixtures/weather/model.json");
    let model_arg = model.display().to_string();
    let weather_arg = weather.display().to_string();
    let weather_args = [
        "--model",
        model_arg.as_str(),
        "--out",
        weather_arg.as_str(),
        "--package",
        "weather",
        "--runtime",
        runtime.as_str(),
    ];
    codegen(&cli, &project, &weather_args)?;
    let dynamodb = project.join("crates/dynamodb");
    codegen(
        &cli,
        &project,
        &[
            "--model",
            &root
                .join("model/smithy/dynamodb.json")
                .display()
                .to_string(),
            "--out",
            &dynamodb.display().to_string(),
            "--package",
            "dynamodb",
            "--runtime",
            &runtime,
            "--operations",
            DYNAMODB_OPERATIONS,
        ],
    )?;
    // `--check` passes on what was just written and fails (exit 4) after a hand edit.
    let check = |expected: i32| {
        expect_exit(
            Command::new(&cli)
                .current_dir(&project)
                .args(["codegen", "--check"])
                .args(weather_args),
            expected,
            "codegen --check",
        )
    };
    check(0)?;
    let readme = weather.join("README.md");
    let original = read(&readme)?;
    write(&readme, &format!("{original}\nedited by hand\n"))?;
    check(4)?;
    write(&readme, &original)?;

    let env = [
        ("CARGO_TARGET_DIR", target.as_str()),
        ("MOTO_ENDPOINT", moto_endpoint),
    ];
    cargo(&project, &["run", "--quiet"], &env)?;
    // The generated README's examples compile against the crate they describe.
    cargo(
        &project,
        &["test", "--quiet", "--doc", "-p", "weather"],
        &env,
    )?;
    vendored(root, &cli, &scratch.join("vendored"), &target)?;
    package(root, &cli, &scratch.join("publish"), &target)
}

/// The custom service generated with `--runtime vendored` (the default): a crate that
/// carries the runtime's sources and builds on its own, outside any workspace.
fn vendored(root: &Path, cli: &Path, dir: &Path, target: &str) -> Result<(), String> {
    let model = root.join("tests/fixtures/weather/model.json");
    codegen(
        cli,
        dir.parent().unwrap_or(dir),
        &[
            "--model",
            &model.display().to_string(),
            "--out",
            &dir.display().to_string(),
            "--package",
            "weather-vendored",
        ],
    )?;
    if !dir.join("src/runtime/mod.rs").exists() {
        return Err("--runtime vendored wrote no src/runtime/".to_owned());
    }
    if read(&dir.join("Cargo.toml"))?.contains("aws-codegen-runtime") {
        return Err("a vendored crate still depends on aws-codegen-runtime".to_owned());
    }
    write(&dir.join("Cargo.lock"), &read(&root.join("Cargo.lock"))?)?;
    cargo(
        dir,
        &["check", "--quiet", "--all-features"],
        &[("CARGO_TARGET_DIR", target)],
    )
}

/// The runtime and a crate generated with `--runtime version` packaged together as for
/// publishing (`cargo package`, which also builds each from its package): both must pass.
fn package(root: &Path, cli: &Path, dir: &Path, target: &str) -> Result<(), String> {
    copy_dir(&root.join("codegen/runtime"), &dir.join("runtime"))?;
    write(
        &dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"runtime\", \"weather\"]\nresolver = \"2\"\n\n\
         [workspace.package]\nedition = \"2021\"\nlicense = \"Apache-2.0\"\nrust-version = \"1.85\"\n",
    )?;
    write(&dir.join("Cargo.lock"), &read(&root.join("Cargo.lock"))?)?;
    let model = root.join("tests/fixtures/weather/model.json");
    codegen(
        cli,
        dir,
        &[
            "--model",
            &model.display().to_string(),
            "--out",
            "weather",
            "--package",
            "weather",
            "--runtime",
            "version",
            "--runtime-path",
            "runtime",
            "--repository",
            "https://example.com/weather-client",
        ],
    )?;
    forget_packaged_sources(Path::new(target))?;
    // Not quiet: its `Packaged N files, SIZE (SIZE compressed)` lines are the record.
    cargo(
        dir,
        &["package", "-p", "aws-codegen-runtime", "-p", "weather"],
        &[("CARGO_TARGET_DIR", target)],
    )?;
    // What publishing checks besides (the manifests as the registry takes them, the two in
    // dependency order), the builds already verified by `cargo package`.
    cargo(
        dir,
        &[
            "publish",
            "--dry-run",
            "--no-verify",
            "-p",
            "aws-codegen-runtime",
            "-p",
            "weather",
        ],
        &[("CARGO_TARGET_DIR", target)],
    )
}

/// Copies the files under `from` (not `target/`) to `to`.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", from.display()))?;
        let path = entry.path();
        if entry.file_name() == "target" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            write(&to.join(entry.file_name()), &read(&path)?)?;
        }
    }
    Ok(())
}

/// `aws-codegen codegen ARGS` in `dir`, which must succeed.
fn codegen(cli: &Path, dir: &Path, args: &[&str]) -> Result<(), String> {
    expect_exit(
        Command::new(cli).current_dir(dir).arg("codegen").args(args),
        0,
        "codegen",
    )
}

/// What a script relies on: `--help` and `--version` succeed; a wrong option exits 2, a
/// missing model 3, a model with errors 1 (writing nothing), a `diff --fail-on` met 5.
fn exit_codes(cli: &Path, root: &Path, scratch: &Path) -> Result<(), String> {
    let help = Command::new(cli)
        .arg("--help")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
    let text = String::from_utf8_lossy(&help.stdout);
    if !help.status.success()
        || !["SYNOPSIS", "EXIT STATUS", "--runtime"]
            .iter()
            .all(|s| text.contains(s))
    {
        return Err(format!("aws-codegen --help printed no manual:\n{text}"));
    }
    for command in ["codegen", "diff"] {
        let help = Command::new(cli)
            .args([command, "--help"])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
        if !help.status.success() || !String::from_utf8_lossy(&help.stdout).contains("SYNOPSIS") {
            return Err(format!("aws-codegen {command} --help printed no manual"));
        }
    }
    expect_exit(Command::new(cli).arg("--version"), 0, "--version")?;
    expect_exit(
        Command::new(cli).args(["codegen", "--modle", "x"]),
        2,
        "a misspelled option",
    )?;
    let missing = scratch.join("no-such-model");
    expect_exit(
        Command::new(cli).args(["codegen", "--model"]).arg(&missing),
        3,
        "a missing model",
    )?;
    let malformed = root.join("tests/fixtures/malformed/smithy-dangling-target/model.json");
    let out = scratch.join("malformed-out");
    expect_exit(
        Command::new(cli)
            .args(["codegen", "--model"])
            .arg(&malformed)
            .arg("--out")
            .arg(&out),
        1,
        "a malformed model",
    )?;
    if out.exists() {
        return Err("a malformed model wrote files".to_owned());
    }
    // DisableLDAPS's `Type` became required between these botocore releases.
    let history = root.join("model/ds/history");
    let diff = |fail_on: &str, expected: i32| {
        expect_exit(
            Command::new(cli)
                .arg("diff")
                .arg(history.join("1.14.0"))
                .arg(history.join("1.14.9"))
                .args(["--fail-on", fail_on]),
            expected,
            "diff --fail-on",
        )
    };
    diff("breaking", 5)?;
    several_services(cli, root, scratch)?;
    expect_exit(
        Command::new(cli)
            .arg("diff")
            .arg(history.join("1.38.0"))
            .arg(history.join("1.39.0"))
            .args(["--fail-on", "breaking"]),
        0,
        "diff --fail-on breaking of a docs-only update",
    )?;
    Ok(())
}

/// A Smithy model holding two services: without `--service` it is refused (exit 1) naming
/// both; `--service` picks one by its shape id or its bare name.
fn several_services(cli: &Path, root: &Path, scratch: &Path) -> Result<(), String> {
    let mut model: serde_json::Value =
        serde_json::from_str(&read(&root.join("tests/fixtures/weather/model.json"))?)
            .map_err(|e| format!("the weather model: {e}"))?;
    model["shapes"]["example.almanac#Almanac"] = serde_json::json!({
        "type": "service",
        "version": "2026-12-01",
        "traits": {"aws.protocols#restJson1": {}}
    });
    let path = scratch.join("two-services.json");
    write(&path, &model.to_string())?;
    let codegen = |service: Option<&str>, out: &str| {
        let mut command = Command::new(cli);
        command
            .args(["codegen", "--model"])
            .arg(&path)
            .arg("--out")
            .arg(scratch.join(out));
        if let Some(service) = service {
            command.args(["--service", service]);
        }
        command
    };
    let refused = codegen(None, "two-none")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
    let message = String::from_utf8_lossy(&refused.stderr);
    if refused.status.code() != Some(1)
        || !message.contains("2 service shapes")
        || scratch.join("two-none").exists()
    {
        return Err(format!(
            "two services without --service: expected exit 1 naming them, got {:?}:\n{message}",
            refused.status.code()
        ));
    }
    expect_exit(
        &mut codegen(Some("example.weather#Weather"), "two-weather"),
        0,
        "--service by shape id",
    )?;
    expect_exit(
        &mut codegen(Some("Almanac"), "two-almanac"),
        0,
        "--service by name",
    )?;
    expect_exit(
        &mut codegen(Some("Nope"), "two-nope"),
        1,
        "--service naming no service",
    )?;
    let weather = read(&scratch.join("two-weather/src/client.rs"))?;
    if !weather.contains("list_cities") {
        return Err("--service example.weather#Weather did not generate the weather client".into());
    }
    if read(&scratch.join("two-almanac/src/lib.rs"))?.contains("list_cities") {
        return Err("--service Almanac generated the weather client".into());
    }
    Ok(())
}

fn expect_exit(command: &mut Command, expected: i32, what: &str) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    match output.status.code() {
        Some(code) if code == expected => Ok(()),
        other => Err(format!(
            "{what}: expected exit code {expected}, got {other:?}\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )),
    }
}

fn read(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Removes what cargo kept of the packages an earlier run verified: the sources it unpacked
/// from `cargo package`'s temporary registry and their build fingerprints. Cargo takes a
/// registry crate of a given version to never change, so a runtime changed since, with the
/// same version, would otherwise be verified as it was then.
fn forget_packaged_sources(target: &Path) -> Result<(), String> {
    if let Ok(fingerprints) = std::fs::read_dir(target.join("debug/.fingerprint")) {
        for entry in fingerprints.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("aws-codegen-runtime-") || name.starts_with("weather-") {
                std::fs::remove_dir_all(entry.path())
                    .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
            }
        }
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else {
        return Ok(());
    };
    for registry in registries.flatten() {
        // A local registry's directory has no host name before its hash.
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        let Ok(crates) = std::fs::read_dir(registry.path()) else {
            continue;
        };
        for unpacked in crates.flatten() {
            let name = unpacked.file_name().to_string_lossy().into_owned();
            if name.starts_with("aws-codegen-runtime-") || name.starts_with("weather-") {
                std::fs::remove_dir_all(unpacked.path())
                    .map_err(|e| format!("cannot remove {}: {e}", unpacked.path().display()))?;
            }
        }
    }
    Ok(())
}
