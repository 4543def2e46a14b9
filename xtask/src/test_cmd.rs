//! `cargo xtask test`: every test the project has, in one command, failing loudly.

use crate::{botocore, codegen_cmd, conformance, moto, root, venv};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Other JSON-protocol services generated to prove the generator is not ds-specific.
const OTHER_SERVICES: &[&str] = &[
    "workspaces",
    "clouddirectory",
    "dynamodb",
    "cloudwatch",
    "transcribe",
    // Documents (ecs) and `iso8601` timestamps (dms) on real models.
    "ecs",
    "dms",
];

/// `cargo xtask test`: every step, stopping at the first failure.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("`test` takes no arguments (got `{arg}`)"));
    }
    let root = root();
    let started = Instant::now();
    let mut steps = 0;
    let mut step = |name: &str, result: Result<(), String>| -> Result<(), String> {
        steps += 1;
        match result {
            Ok(()) => {
                println!("xtask test: ok: {name}");
                Ok(())
            }
            Err(e) => Err(format!("step `{name}` failed: {e}")),
        }
    };
    step(
        "cargo fmt --check",
        cargo(&root, &["fmt", "--all", "--check"], &[]),
    )?;
    step(
        "codegen --check (generated/ is fresh)",
        codegen_cmd::run(&["--check".to_owned()]),
    )?;
    step(
        "clippy on the workspace, -D warnings",
        cargo(
            &root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        ),
    )?;
    // The differential tests run botocore and boto3 from this venv, and the end-to-end
    // tests talk to moto from it; the server stops when `moto` is dropped.
    let python = venv::python()?;
    // The endpoint tests read botocore's endpoint test suites and other services' rule sets.
    let endpoint_tests = botocore::endpoint_tests(botocore::PINNED_VERSION)?
        .display()
        .to_string();
    let sigv4_tests = botocore::sigv4_tests(botocore::PINNED_VERSION)?
        .display()
        .to_string();
    let mut data = None;
    for service in OTHER_SERVICES {
        data = botocore::service_dir(botocore::PINNED_VERSION, service)?
            .parent()
            .and_then(|p| p.parent())
            .map(|p| p.display().to_string());
    }
    let data = data.unwrap_or_default();
    let moto = moto::Moto::start(&python)?;
    let python = python.display().to_string();
    step(
        "cargo test --workspace (moto at its own port)",
        cargo(
            &root,
            &["test", "--workspace", "--quiet"],
            &[
                ("TEST_PYTHON", &python),
                ("MOTO_ENDPOINT", &moto.endpoint),
                ("ENDPOINT_TESTS", &endpoint_tests),
                ("SIGV4_TESTS", &sigv4_tests),
                ("BOTOCORE_DATA", &data),
            ],
        ),
    )?;
    drop(moto);
    step(
        "generated crate builds with -D warnings",
        cargo(
            &root,
            &[
                "rustc",
                "--quiet",
                "-p",
                "directory-service",
                "--all-features",
                "--lib",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        ),
    )?;
    step(
        "generated crate docs build with -D warnings",
        cargo(
            &root,
            &[
                "doc",
                "--quiet",
                "-p",
                "directory-service",
                "--all-features",
                "--no-deps",
            ],
            &[("RUSTDOCFLAGS", "-D warnings")],
        ),
    )?;
    step(
        "generated crate without the client feature (types only): clippy and doc with -D warnings",
        types_only(&root),
    )?;
    // The workspace's tests build the runtime with `patterns`; its unit tests also run
    // without it, where Strict reports each pattern it cannot check.
    step(
        "runtime crate without optional features: clippy -D warnings and unit tests",
        cargo(
            &root,
            &[
                "clippy",
                "--quiet",
                "-p",
                "aws-codegen-runtime",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )
        .and_then(|()| {
            cargo(
                &root,
                &["test", "--quiet", "-p", "aws-codegen-runtime", "--lib"],
                &[],
            )
        }),
    )?;
    step(
        "ds with `--runtime vendored` builds on its own with -D warnings",
        vendored(&root),
    )?;
    step(
        "botocore JSON protocol suites (cargo xtask conformance)",
        conformance::run(&[]),
    )?;
    for service in OTHER_SERVICES {
        step(
            &format!("generate `{service}`; build, clippy and doc with -D warnings"),
            other_service(&root, service),
        )?;
    }
    println!(
        "xtask test: all {steps} steps passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The generated crate with `default-features = false`: types, builders, serde and
/// validators, none of the client's dependencies.
fn types_only(root: &Path) -> Result<(), String> {
    cargo(
        root,
        &[
            "clippy",
            "--quiet",
            "-p",
            "directory-service",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    cargo(
        root,
        &[
            "doc",
            "--quiet",
            "--no-deps",
            "-p",
            "directory-service",
            "--no-default-features",
        ],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )
}

/// ds generated with a vendored copy of the runtime into `target/vendored/ds`, built, linted
/// and documented on its own: what a crate generated outside the workspace gets.
fn vendored(root: &Path) -> Result<(), String> {
    let out = root.join("target/vendored/ds");
    codegen_cmd::run(&[
        "--runtime".to_owned(),
        "vendored".to_owned(),
        "--model".to_owned(),
        root.join("model/ds").display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
    ])?;
    let text = std::fs::read_to_string(out.join("Cargo.toml"))
        .map_err(|e| format!("cannot read the vendored crate's Cargo.toml: {e}"))?;
    if text.contains("path =") {
        return Err("the vendored crate still depends on a path".to_owned());
    }
    let manifest = out.join("Cargo.toml").display().to_string();
    let target = root.join("target/vendored/target").display().to_string();
    let env = [("CARGO_TARGET_DIR", target.as_str())];
    for args in [
        &["clippy", "--quiet", "--all-features"][..],
        &["doc", "--quiet", "--no-deps", "--all-features"][..],
    ] {
        let mut args = args.to_vec();
        args.extend(["--manifest-path", &manifest]);
        if args[0] == "clippy" {
            args.extend(["--", "-D", "warnings"]);
        }
        cargo(root, &args, &[env[0], ("RUSTDOCFLAGS", "-D warnings")])?;
    }
    Ok(())
}

/// Generates `service` from the pinned botocore wheel into `target/generality/` and builds it.
fn other_service(root: &Path, service: &str) -> Result<(), String> {
    let model = botocore::service_dir(botocore::PINNED_VERSION, service)?;
    let out = root.join("target/generality").join(service);
    codegen_cmd::run(&[
        "--model".to_owned(),
        model.display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
    ])?;
    let manifest = out.join("Cargo.toml");
    let target = root.join("target/generality/target");
    let manifest = manifest.display().to_string();
    let target = target.display().to_string();
    cargo(
        root,
        &[
            "rustc",
            "--quiet",
            "--lib",
            "--manifest-path",
            &manifest,
            "--",
            "-D",
            "warnings",
        ],
        &[("CARGO_TARGET_DIR", &target)],
    )?;
    cargo(
        root,
        &[
            "clippy",
            "--quiet",
            "--manifest-path",
            &manifest,
            "--",
            "-D",
            "warnings",
        ],
        &[("CARGO_TARGET_DIR", &target)],
    )?;
    cargo(
        root,
        &["doc", "--quiet", "--no-deps", "--manifest-path", &manifest],
        &[
            ("CARGO_TARGET_DIR", &target),
            ("RUSTDOCFLAGS", "-D warnings"),
        ],
    )
}

/// Runs cargo with `args` in `dir`; a non-zero exit is an error naming the command.
pub fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(&cargo);
    command.current_dir(dir).args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` exited with {status}", args.join(" ")))
    }
}
