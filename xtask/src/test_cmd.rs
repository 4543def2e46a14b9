//! `cargo xtask test`: every test the project has, in one command, failing loudly.

use crate::process::{cargo, clippy, doc};
use crate::{
    botocore, codegen_cmd, conformance, fuzz, moto, outside, root, smithy, smithy_ds, venv,
};
use std::path::Path;
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
    // restXml (route53: labels, a namespaced root, XML errors) and awsQuery (ses: a waiter
    // over an object projection); STS, IAM, SNS and EC2 are checked-in crates.
    "route53",
    "ses",
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

/// One step of `cargo xtask test`: what it runs and what it proves.
struct Step {
    /// What it runs, as printed.
    name: &'static str,
    /// What passing it proves, for `cargo xtask test --list`.
    proves: &'static str,
    /// Whether it needs the test environment: the venv, the downloaded suites and models,
    /// and moto (started before the first step that needs it, stopped after the last).
    needs_environment: bool,
    run: fn(&Context) -> Result<(), String>,
    /// Build directories (relative to the root) that no later step reads: on CI, where
    /// the checkout is thrown away, they are removed after the step to keep the disk
    /// footprint of a run to about one build at a time.
    scratch: &'static [&'static str],
}

/// What a step runs with.
struct Context<'a> {
    root: &'a Path,
    environment: Option<&'a Environment>,
}

impl Context<'_> {
    fn environment(&self) -> Result<&Environment, String> {
        self.environment.ok_or_else(|| {
            "the step needs the test environment, which was not provisioned".to_owned()
        })
    }
}

/// Every step, in the order they run; the first failure stops the run.
const STEPS: &[Step] = &[
    Step {
        name: "cargo fmt --check",
        proves: "every source file is formatted",
        needs_environment: false,
        run: |c| cargo(c.root, &["fmt", "--all", "--check"], &[]),
        scratch: &[],
    },
    Step {
        name: "codegen --check (generated/ is fresh)",
        proves: "the checked-in crates are what the generator writes today, with no orphaned file",
        needs_environment: false,
        run: |_| codegen_cmd::run(&["--check".to_owned()]),
        scratch: &[],
    },
    Step {
        name: "clippy on the workspace, -D warnings",
        proves: "the generator, runtime, xtask, tests and the checked-in crates lint clean",
        needs_environment: false,
        run: |c| clippy(c.root, &["--workspace", "--all-targets"], &[]),
        scratch: &[],
    },
    Step {
        name: "cargo test --workspace (moto at its own port)",
        proves: "unit, snapshot, behaviour, differential (botocore), endpoint, SigV4, Smithy and end-to-end (moto) tests pass",
        needs_environment: true,
        run: workspace_tests,
        scratch: &[],
    },
    Step {
        name: "ds from its Smithy model: clippy and doc with -D warnings, the moto tests unchanged",
        proves: "a crate generated from the Smithy JSON AST lints, documents and passes the same moto tests",
        needs_environment: true,
        run: |c| {
            let environment = c.environment()?;
            smithy_ds::run(&environment.python.display().to_string(), &environment.moto.endpoint)
        },
        scratch: &[],
    },
    Step {
        name: "from outside the repository: the CLI installed, a user's Smithy service and DynamoDB generated into a new project, built and called",
        proves: "the installed command's exit codes, --check and diff; bearer, API key, basic, SigV4, optional and no auth against a loopback server; a paginator, a waiter and modeled errors; DynamoDB from its Smithy model on moto; the README's examples compile",
        needs_environment: true,
        run: |c| outside::run(c.root, &c.environment()?.moto.endpoint),
        scratch: &[],
    },
    Step {
        name: "generated crate builds with -D warnings",
        proves: "the ds crate compiles warning-free with every feature",
        needs_environment: false,
        run: |c| {
            cargo(
                c.root,
                &["rustc", "--quiet", "-p", "directory-service", "--all-features", "--lib", "--", "-D", "warnings"],
                &[],
            )
        },
        scratch: &[],
    },
    Step {
        name: "generated crate docs build with -D warnings; the checked-in crates' README examples compile",
        proves: "every public item of the ds crate is documented and its links resolve; each checked-in crate's README examples compile (cargo test --doc)",
        needs_environment: false,
        run: |c| {
            doc(c.root, &["-p", "directory-service", "--all-features"], &[])?;
            let mut args = vec!["test", "--quiet", "--doc"];
            for crate_ in codegen_cmd::CHECKED_IN {
                args.extend(["-p", crate_.package]);
            }
            cargo(c.root, &args, &[])
        },
        scratch: &[],
    },
    Step {
        name: "generated crate without the client feature (types only): clippy and doc with -D warnings",
        proves: "the types-only crate needs none of the client's code",
        needs_environment: false,
        run: |c| types_only(c.root),
        scratch: &[],
    },
    Step {
        name: "runtime crate: clippy -D warnings, unit tests with default features (client on) and with all, docs with -D warnings",
        proves: "the runtime lints clean, its unit tests pass with and without the optional features, and its doc links resolve",
        needs_environment: false,
        run: |c| runtime_crate(c.root),
        scratch: &[],
    },
    Step {
        name: "ds with `--runtime vendored` builds on its own with -D warnings",
        proves: "a crate that carries its own copy of the runtime builds, lints and documents outside the workspace",
        needs_environment: false,
        run: |c| vendored(c.root),
        scratch: &["target/vendored"],
    },
    Step {
        name: "ds split into part crates (as a service above the split size is): clippy and doc with -D warnings, the same documented API",
        proves: "a split crate's parts build side by side, lint and document clean, and the crate re-exports every item at the path the one crate has",
        needs_environment: false,
        run: |c| split(c.root),
        scratch: &["target/split"],
    },
    Step {
        name: "protocol suites of all seven protocols: botocore's and Smithy's (cargo xtask conformance)",
        proves: "every botocore protocol case passes; all 928 Smithy client cases run (84 of them event stream cases), and each that fails is listed with its reason (one that passes fails the step)",
        needs_environment: false,
        run: |_| conformance::run(&[]),
        scratch: &["target/conformance/target"],
    },
    Step {
        name: "fuzz targets from their checked-in corpora (cargo xtask fuzz)",
        proves: "no decoding surface panics or hangs over its corpus and a short fuzzing run",
        needs_environment: false,
        run: |_| fuzz::short_runs(),
        scratch: &["target/fuzz/build-dev"],
    },
    Step {
        name: "generate the other services into one bundle; clippy and doc with -D warnings",
        proves: "the generator is not ds-specific: a sample of services of every protocol it speaks compiles warning-free",
        needs_environment: false,
        run: |c| other_services(c.root),
        scratch: &["target/generality/target"],
    },
];

/// `cargo xtask test [--list]`: every step, stopping at the first failure; `--list` prints
/// the steps and what each proves.
pub fn run(args: &[String]) -> Result<(), String> {
    match args {
        [] => {}
        [flag] if flag == "--list" => {
            for (i, step) in STEPS.iter().enumerate() {
                println!("{:>2}. {}\n    proves: {}", i + 1, step.name, step.proves);
            }
            return Ok(());
        }
        [flag, n] if flag == "--step" => {
            let index = n
                .parse::<usize>()
                .ok()
                .filter(|i| (1..=STEPS.len()).contains(i))
                .ok_or_else(|| {
                    format!(
                        "--step takes a step's number, 1 to {} (`--list`)",
                        STEPS.len()
                    )
                })?;
            return run_steps(&STEPS[index - 1..index]);
        }
        [arg, ..] => {
            return Err(format!(
                "`test` takes only `--list` or `--step N` (got `{arg}`)"
            ))
        }
    }
    run_steps(STEPS)
}

/// Runs `steps` in order, stopping at the first failure.
fn run_steps(steps: &[Step]) -> Result<(), String> {
    let root = root();
    let on_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if on_ci {
        // A clean checkout never reuses incremental state, which was 6.9 GB of a 16 GB
        // fresh-clone run: a CI machine ran out of disk with it.
        std::env::set_var("CARGO_INCREMENTAL", "0");
    }
    let started = Instant::now();
    let mut environment: Option<Environment> = None;
    for (i, step) in steps.iter().enumerate() {
        if step.needs_environment && environment.is_none() {
            environment = Some(Environment::provision()?);
        }
        // Each step's wall time is printed, so a slow CI run says which step grew.
        let step_started = Instant::now();
        let context = Context {
            root: &root,
            environment: environment.as_ref(),
        };
        let result = (step.run)(&context);
        let seconds = step_started.elapsed().as_secs_f64();
        match result {
            Ok(()) => println!("xtask test: ok in {seconds:.0} s: {}", step.name),
            Err(e) => {
                return Err(format!(
                    "step `{}` failed after {seconds:.0} s: {e}",
                    step.name
                ))
            }
        }
        if on_ci {
            remove_scratch(&root, step.scratch)?;
        }
        // moto stops once no later step needs it.
        if !steps[i + 1..].iter().any(|s| s.needs_environment) {
            environment = None;
        }
    }
    println!(
        "xtask test: all {} steps passed in {:.0} s",
        steps.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Removes a finished step's build directories and says how much that freed.
fn remove_scratch(root: &Path, scratch: &[&str]) -> Result<(), String> {
    for dir in scratch {
        let path = root.join(dir);
        if !path.exists() {
            continue;
        }
        let bytes = size_of(&path);
        std::fs::remove_dir_all(&path)
            .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        println!("xtask test: removed {dir} ({} MiB)", bytes >> 20);
    }
    Ok(())
}

/// The bytes of the files under `path` (symbolic links not followed).
fn size_of(path: &Path) -> u64 {
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !metadata.is_dir() {
        return metadata.len();
    }
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| size_of(&entry.path()))
        .sum()
}

/// What the tests that compare with botocore, read its suites or talk to moto need.
struct Environment {
    python: std::path::PathBuf,
    endpoint_tests: String,
    sigv4_tests: String,
    botocore_data: String,
    smithy_models: String,
    equivalence: String,
    /// Smithy's protocol test models, converted to the JSON AST.
    smithy_protocol_tests: String,
    /// Stops the server when dropped.
    moto: moto::Moto,
}

impl Environment {
    /// The venv (botocore, boto3, moto), botocore's endpoint and SigV4 suites, the other
    /// services' models, the Smithy models with the botocore release of the same API
    /// revisions, and moto started at its own port.
    fn provision() -> Result<Self, String> {
        let python = venv::python()?;
        let endpoint_tests = botocore::endpoint_tests(botocore::PINNED_VERSION)?
            .display()
            .to_string();
        let sigv4_tests = botocore::sigv4_tests(botocore::PINNED_VERSION)?
            .display()
            .to_string();
        let mut data = None;
        // S3's and S3 Control's rule sets run their endpoint suites through the engine.
        for service in OTHER_SERVICES.iter().chain(&["s3", "s3control"]) {
            data = botocore::service_dir(botocore::PINNED_VERSION, service)?
                .parent()
                .and_then(|p| p.parent())
                .map(|p| p.display().to_string());
        }
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
        let smithy_protocol_tests = crate::smithy_suites::convert()?.display().to_string();
        let moto = moto::Moto::start(&python)?;
        Ok(Environment {
            python,
            endpoint_tests,
            sigv4_tests,
            botocore_data: data.unwrap_or_default(),
            smithy_models,
            equivalence,
            smithy_protocol_tests,
            moto,
        })
    }
}

/// The workspace's tests, with the environment's paths and moto's endpoint.
fn workspace_tests(c: &Context) -> Result<(), String> {
    let e = c.environment()?;
    let python = e.python.display().to_string();
    cargo(
        c.root,
        &["test", "--workspace", "--quiet"],
        &[
            ("TEST_PYTHON", &python),
            ("MOTO_ENDPOINT", &e.moto.endpoint),
            ("ENDPOINT_TESTS", &e.endpoint_tests),
            ("SIGV4_TESTS", &e.sigv4_tests),
            ("BOTOCORE_DATA", &e.botocore_data),
            ("SMITHY_MODELS", &e.smithy_models),
            ("EQUIVALENCE_BOTOCORE", &e.equivalence),
            ("SMITHY_PROTOCOL_TESTS", &e.smithy_protocol_tests),
        ],
    )
}

/// The runtime alone: clippy, and its unit tests with default features and with every
/// feature, so the unit tests of modules no checked-in crate enables (gzip's `compress`)
/// run too.
fn runtime_crate(root: &Path) -> Result<(), String> {
    const RUNTIME: &str = "aws-codegen-runtime";
    clippy(root, &["-p", RUNTIME, "--all-targets"], &[])?;
    cargo(root, &["test", "--quiet", "-p", RUNTIME, "--lib"], &[])?;
    cargo(
        root,
        &["test", "--quiet", "-p", RUNTIME, "--lib", "--all-features"],
        &[],
    )?;
    doc(root, &["-p", RUNTIME, "--all-features"], &[])
}

/// The generated crate with `default-features = false`: types, builders, serde and
/// validators, none of the client's dependencies.
fn types_only(root: &Path) -> Result<(), String> {
    let args = ["-p", "directory-service", "--no-default-features"];
    clippy(root, &args, &[])?;
    doc(root, &args, &[])
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
    let args = ["--all-features", "--manifest-path", &manifest];
    clippy(root, &args, &env)?;
    doc(root, &args, &env)
}

/// ds generated split into part crates (`--split-above 0`) into `target/split/ds`, in a
/// workspace of its own that its parts join; linted and documented with `-D warnings`, and
/// its documentation's pages (one per public item) compared with the one crate's.
fn split(root: &Path) -> Result<(), String> {
    let dir = root.join("target/split");
    let out = dir.join("ds");
    codegen_cmd::run(&[
        "--model".to_owned(),
        root.join("model/ds").display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
        "--split-above".to_owned(),
        "0".to_owned(),
    ])?;
    if !out.join("parts").is_dir() {
        return Err("ds generated with --split-above 0 has no parts".to_owned());
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        "# Written by `cargo xtask test`: the split ds crate, whose parts join as path dependencies.\n[workspace]\nresolver = \"2\"\nmembers = [\"ds\"]\n",
    )
    .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
    let manifest = dir.join("Cargo.toml").display().to_string();
    let target = dir.join("target").display().to_string();
    let env = [("CARGO_TARGET_DIR", target.as_str())];
    clippy(
        root,
        &[
            "--workspace",
            "--all-features",
            "--manifest-path",
            &manifest,
        ],
        &env,
    )?;
    let docs = [
        "-p",
        "directory-service",
        "--all-features",
        "--manifest-path",
        &manifest,
    ];
    doc(root, &docs, &env)?;
    doc(root, &["-p", "directory-service", "--all-features"], &[])?;
    let one = pages(&root.join("target/doc/directory_service"))?;
    let parts = pages(&dir.join("target/doc/directory_service"))?;
    let missing: Vec<&String> = one.difference(&parts).collect();
    let extra: Vec<&String> = parts.difference(&one).collect();
    if missing.is_empty() && extra.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the split crate's documented API differs from the one crate's: {} pages missing (first: {:?}), {} more (first: {:?})",
        missing.len(),
        missing.first(),
        extra.len(),
        extra.first()
    ))
}

/// The pages of a crate's documentation, relative to its directory: one per public item
/// (rustdoc's redirects, from the private modules that define re-exported items, left out).
fn pages(dir: &Path) -> Result<std::collections::BTreeSet<String>, String> {
    let mut found = std::collections::BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(here) = stack.pop() {
        let entries =
            std::fs::read_dir(&here).map_err(|e| format!("cannot list {}: {e}", here.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                if text.contains("http-equiv=\"refresh\"") {
                    continue;
                }
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                found.insert(relative.display().to_string());
            }
        }
    }
    if found.is_empty() {
        return Err(format!("no documentation pages in {}", dir.display()));
    }
    Ok(found)
}

/// `cargo xtask generality`: the generality step of `cargo xtask test` alone.
pub fn generality(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("`generality` takes no arguments (got `{arg}`)"));
    }
    other_services(&root())
}

/// A service trimmed to a few operations for the generality step, and the operations.
const TRIMMED: (&str, &[&str]) = (
    "sagemaker",
    &[
        "CreateTrainingJob",
        "DescribeTrainingJob",
        "ListTrainingJobs",
        "StopTrainingJob",
        "CreateModel",
    ],
);

/// Generates every service of [`OTHER_SERVICES`] (and [`TRIMMED`]) from the pinned botocore wheel into a
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
    // A crate trimmed to the operations a program uses (`--operations`), from one of the
    // largest models.
    let model = botocore::service_dir(botocore::PINNED_VERSION, TRIMMED.0)?;
    let files = codegen_cmd::read_model(&model)?;
    let operations: Vec<String> = TRIMMED.1.iter().map(|o| (*o).to_owned()).collect();
    let (lowered, _warnings) = codegen::lower_trimmed(&files, &operations)
        .map_err(|problems| format!("`{}` trimmed does not generate:\n{problems}", TRIMMED.0))?;
    members.push((format!("{}_trimmed", TRIMMED.0), lowered));
    let dir = root.join("target/generality");
    let manifest = crate::bundle::bundle(
        &members,
        &dir,
        "generality-bundle",
        "cargo xtask test",
        "other botocore services, a module each, for the generality step",
    )?;
    let target = dir.join("target").display().to_string();
    doc(
        root,
        &[
            "--workspace",
            "--all-features",
            "--manifest-path",
            &manifest,
        ],
        &[("CARGO_TARGET_DIR", &target)],
    )
}
