//! `cargo xtask test`: every test the project has, in one command, failing loudly.

use crate::{botocore, codegen_cmd, conformance, fuzz, moto, root, smithy, smithy_ds, venv};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Other services generated to prove the generator is not ds-specific, bundled into one
/// crate (a module each) so that they compile once.
pub const OTHER_SERVICES: &[&str] = &[
    // awsJson.
    "workspaces",
    "dynamodb",
    "cloudwatch",
    "transcribe",
    // Documents (ecs) and `iso8601` timestamps (dms) on real models.
    "ecs",
    "dms",
    // rest-json: labels, greedy labels, query strings and maps, headers and prefix headers,
    // blob, string and structure payloads, status codes, waiters (eks, glacier), checksums
    // and streaming blobs (ebs, glacier), and two of the largest models (iot, mediaconvert).
    "clouddirectory",
    "eks",
    "batch",
    "appsync",
    "mediaconvert",
    "iot",
    "apigateway",
    "glacier",
    "cloudsearchdomain",
    "ebs",
    "iot-data",
    // rpcv2Cbor only.
    "partnercentral-revenue-measurement",
    // Degraded per item: operations with event streams left out of the client, their
    // types kept (kinesis and logs over awsJson, bedrock-runtime over rest-json, with
    // documents); enum map keys with a pattern (servicecatalog, also rpcv2Cbor); a shape
    // named like another's pattern static (logs).
    "kinesis",
    "logs",
    "bedrock-runtime",
    "servicecatalog",
    // Patterns beyond linear regexes, run by the backtracking engine: a lookaround after
    // the start (acm's DomainNameString), a backreference (chime-sdk-meetings' TenantId).
    "acm",
    "chime-sdk-meetings",
];

/// `cargo xtask test`: every step, stopping at the first failure.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("`test` takes no arguments (got `{arg}`)"));
    }
    let root = root();
    let started = Instant::now();
    let mut steps = 0;
    // Each step's wall time is printed, so a slow CI run says which step grew.
    let mut step_started = Instant::now();
    let mut step = |name: &str, result: Result<(), String>| -> Result<(), String> {
        steps += 1;
        let seconds = step_started.elapsed().as_secs_f64();
        step_started = Instant::now();
        match result {
            Ok(()) => {
                println!("xtask test: ok in {seconds:.0} s: {name}");
                Ok(())
            }
            Err(e) => Err(format!("step `{name}` failed after {seconds:.0} s: {e}")),
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
    // Smithy input: the models of one AWS SDK release, and the botocore release of the same
    // API revisions for the equivalence comparison.
    let smithy_models = smithy::models()?.display().to_string();
    let mut equivalence = String::new();
    for service in ["ds", "clouddirectory", "workspaces"] {
        if let Some(data) = botocore::service_dir(smithy::EQUIVALENT_BOTOCORE, service)?
            .parent()
            .and_then(|p| p.parent())
        {
            equivalence = data.display().to_string();
        }
    }
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
                ("SMITHY_MODELS", &smithy_models),
                ("EQUIVALENCE_BOTOCORE", &equivalence),
            ],
        ),
    )?;
    step(
        "ds from its Smithy model: clippy and doc with -D warnings, the moto tests unchanged",
        smithy_ds::run(&python, &moto.endpoint),
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
        "runtime crate: clippy -D warnings and unit tests without optional features, unit tests with all",
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
        })
        // And with every feature, so the unit tests of modules no checked-in crate
        // enables (gzip's `compress`) run too.
        .and_then(|()| {
            cargo(
                &root,
                &[
                    "test",
                    "--quiet",
                    "-p",
                    "aws-codegen-runtime",
                    "--lib",
                    "--all-features",
                ],
                &[],
            )
        }),
    )?;
    step(
        "ds with `--runtime vendored` builds on its own with -D warnings",
        vendored(&root),
    )?;
    step(
        "botocore protocol suites: awsJson, rest-json, rpcv2Cbor (cargo xtask conformance)",
        conformance::run(&[]),
    )?;
    step(
        &format!(
            "fuzz targets, {} s each from their checked-in corpora (cargo xtask fuzz)",
            fuzz::TEST_SECONDS
        ),
        fuzz::short_runs(),
    )?;
    step(
        &format!(
            "generate {} other services into one bundle; clippy and doc with -D warnings",
            OTHER_SERVICES.len()
        ),
        other_services(&root),
    )?;
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

/// `cargo xtask generality`: the generality step of `cargo xtask test` alone.
pub fn generality(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("`generality` takes no arguments (got `{arg}`)"));
    }
    other_services(&root())
}

/// Generates every service of [`OTHER_SERVICES`] from the pinned botocore wheel into a
/// bundle under `target/generality/bundle` (a module each, sharing the runtime), then lints
/// and documents it with `-D warnings`.
fn other_services(root: &Path) -> Result<(), String> {
    let mut members = Vec::new();
    for service in OTHER_SERVICES {
        let model = botocore::service_dir(botocore::PINNED_VERSION, service)?;
        let files = codegen_cmd::read_model(&model)?;
        let (lowered, _warnings) = codegen::lower(&files)
            .map_err(|problems| format!("`{service}` does not generate:\n{problems}"))?;
        members.push((service.replace('-', "_"), lowered));
    }
    let dir = root.join("target/generality");
    let manifest = crate::bundle::bundle(
        &members,
        &dir,
        "generality-bundle",
        "cargo xtask test",
        "other botocore services, a module each, for the generality step",
    )?;
    let target = dir.join("target").display().to_string();
    cargo(
        root,
        &[
            "doc",
            "--quiet",
            "--workspace",
            "--no-deps",
            "--all-features",
            "--manifest-path",
            &manifest,
        ],
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
