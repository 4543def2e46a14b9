//! `cargo xtask codegen`: reads a model directory, runs the generator, writes or checks the crate.

use crate::{root, Args};
use codegen::ir::RuntimeSource;
use codegen::{CrateOptions, ModelFiles, SourceFile};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The version written into the generated crate's `Cargo.toml`.
const CRATE_VERSION: &str = "0.1.0";

/// One checked-in crate.
#[derive(Clone, Copy, Debug)]
pub struct CheckedIn {
    /// The model directory, from the workspace root.
    pub model: &'static str,
    /// The crate directory, from the workspace root.
    pub out: &'static str,
    /// The package name.
    pub package: &'static str,
    /// The operations it is trimmed to, or `None` for all.
    pub operations: Option<&'static [&'static str]>,
}

/// The EC2 operations the moto tests use: the checked-in EC2 crate is trimmed to them (and
/// what they reach), since the whole service is the largest AWS has.
const EC2_OPERATIONS: &[&str] = &[
    "RunInstances",
    "DescribeInstances",
    "StartInstances",
    "StopInstances",
    "TerminateInstances",
    "CreateTags",
    "DescribeTags",
    "CreateKeyPair",
    "DescribeKeyPairs",
    "DeleteKeyPair",
    "CreateSecurityGroup",
    "DescribeSecurityGroups",
    "DeleteSecurityGroup",
];

/// The IAM operations the moto tests use: users, groups and policies (the crate is trimmed
/// to them and what they reach).
const IAM_OPERATIONS: &[&str] = &[
    "CreateUser",
    "GetUser",
    "ListUsers",
    "DeleteUser",
    "TagUser",
    "ListUserTags",
    "CreateGroup",
    "GetGroup",
    "ListGroups",
    "DeleteGroup",
    "AddUserToGroup",
    "RemoveUserFromGroup",
    "ListGroupsForUser",
    "CreatePolicy",
    "GetPolicy",
    "ListPolicies",
    "DeletePolicy",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "ListAttachedUserPolicies",
];

/// The Kinesis operations of the event stream tests: `SubscribeToShard` streams records.
const KINESIS_OPERATIONS: &[&str] = &["SubscribeToShard", "PutRecord", "ListShards"];

/// The CloudWatch Logs operations of the event stream tests: `StartLiveTail` streams log
/// events.
const LOGS_OPERATIONS: &[&str] = &["StartLiveTail", "PutLogEvents", "CreateLogGroup"];

/// The Lambda operations of the streaming tests: `Invoke` sends and receives a blob
/// payload, `InvokeWithResponseStream` streams the response in events.
const LAMBDA_OPERATIONS: &[&str] = &["Invoke", "InvokeWithResponseStream"];

/// The SSO operation the credentials chain calls: role credentials for a cached token.
const SSO_OPERATIONS: &[&str] = &["GetRoleCredentials"];

/// The SSO OIDC operation the credentials chain calls: refreshing a cached SSO token.
const SSO_OIDC_OPERATIONS: &[&str] = &["CreateToken"];

/// The Sign-In operation the credentials chain calls: refreshing console sign-in
/// (`login_session`) credentials.
const SIGNIN_OPERATIONS: &[&str] = &["CreateOAuth2Token"];

/// The checked-in crates. `cargo xtask codegen` without `--model` writes (or checks) them
/// all: ds and Cloud Directory (JSON protocols), STS, SNS and trimmed IAM and EC2 (the
/// query protocols), which the moto tests drive, the streaming services' crates, and the
/// trimmed SSO, SSO OIDC and Sign-In crates the credentials chain calls.
pub const CHECKED_IN: &[CheckedIn] = &[
    CheckedIn {
        model: "model/ds",
        out: "generated",
        package: "directory-service",
        operations: None,
    },
    CheckedIn {
        model: "model/clouddirectory",
        out: "generated/clouddirectory",
        package: "aws-clouddirectory",
        operations: None,
    },
    CheckedIn {
        model: "model/sts",
        out: "generated/sts",
        package: "aws-sts",
        operations: None,
    },
    CheckedIn {
        model: "model/iam",
        out: "generated/iam",
        package: "aws-iam",
        operations: Some(IAM_OPERATIONS),
    },
    CheckedIn {
        model: "model/sns",
        out: "generated/sns",
        package: "aws-sns",
        operations: None,
    },
    CheckedIn {
        model: "model/ec2",
        out: "generated/ec2",
        package: "aws-ec2",
        operations: Some(EC2_OPERATIONS),
    },
    CheckedIn {
        model: "model/bedrock-runtime",
        out: "generated/bedrock-runtime",
        package: "aws-bedrock-runtime",
        operations: None,
    },
    CheckedIn {
        model: "model/kinesis",
        out: "generated/kinesis",
        package: "aws-kinesis",
        operations: Some(KINESIS_OPERATIONS),
    },
    CheckedIn {
        model: "model/logs",
        out: "generated/logs",
        package: "aws-logs",
        operations: Some(LOGS_OPERATIONS),
    },
    CheckedIn {
        model: "model/mediastore-data",
        out: "generated/mediastore-data",
        package: "aws-mediastore-data",
        operations: None,
    },
    CheckedIn {
        model: "model/lambda",
        out: "generated/lambda",
        package: "aws-lambda",
        operations: Some(LAMBDA_OPERATIONS),
    },
    CheckedIn {
        model: "model/sso",
        out: "generated/sso",
        package: "aws-sso",
        operations: Some(SSO_OPERATIONS),
    },
    CheckedIn {
        model: "model/sso-oidc",
        out: "generated/sso-oidc",
        package: "aws-sso-oidc",
        operations: Some(SSO_OIDC_OPERATIONS),
    },
    CheckedIn {
        model: "model/signin",
        out: "generated/signin",
        package: "aws-signin",
        operations: Some(SIGNIN_OPERATIONS),
    },
];

/// `cargo xtask codegen [--check] [--model DIR] [--out DIR] [--package NAME]
/// [--runtime path|vendored] [--operations A,B,...]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let parsed = Args::parse(
        args,
        &["--check"],
        &["--model", "--out", "--package", "--runtime", "--operations"],
    )?;
    if parsed.value("--model").is_some() {
        return run_one(&parsed, None);
    }
    if ["--out", "--package", "--operations"]
        .iter()
        .any(|flag| parsed.value(flag).is_some())
    {
        return Err("--out, --package and --operations need --model".to_owned());
    }
    CHECKED_IN
        .iter()
        .try_for_each(|crate_| run_one(&parsed, Some(*crate_)))
}

/// Generates one crate: the one `--model` names, or a checked-in one.
fn run_one(args: &Args, checked_in: Option<CheckedIn>) -> Result<(), String> {
    let root = root();
    let (model_dir, out_dir) = match checked_in {
        Some(c) => (root.join(c.model), root.join(c.out)),
        None => (
            args.value("--model")
                .map_or_else(|| root.join("model/ds"), PathBuf::from),
            args.value("--out")
                .map_or_else(|| root.join("generated"), PathBuf::from),
        ),
    };
    let package = match checked_in {
        Some(c) => c.package.to_owned(),
        None => args
            .value("--package")
            .map_or_else(|| default_package(&model_dir), str::to_owned),
    };
    let runtime = match args.value("--runtime") {
        None | Some("path") => RuntimeSource::Path(runtime_path_from(&out_dir)?),
        Some("vendored") => RuntimeSource::Vendored,
        Some(other) => {
            return Err(format!(
                "--runtime takes `path` or `vendored`, not `{other}`"
            ))
        }
    };
    let options = CrateOptions {
        runtime,
        operations: match checked_in {
            Some(c) => c
                .operations
                .map(|list| list.iter().map(|o| (*o).to_owned()).collect()),
            None => args
                .value("--operations")
                .map(|list| list.split(',').map(|o| o.trim().to_owned()).collect()),
        },
        ..options(&package)
    };
    let files = generate_with(&model_dir, &options)?;
    if args.has("--check") {
        check(&files, &out_dir)
    } else {
        write_files(&files, &out_dir)
    }
}

/// `directory-service` for ds; `aws-NAME` for other services, where NAME is the model
/// directory, or its parent for botocore's `NAME/API-VERSION/` layout.
fn default_package(model_dir: &Path) -> String {
    let name_of = |p: &Path| p.file_stem().and_then(|n| n.to_str()).map(str::to_owned);
    let mut name = name_of(model_dir);
    if name
        .as_deref()
        .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
    {
        name = model_dir.parent().and_then(name_of);
    }
    match name.as_deref() {
        Some("ds") | None => "directory-service".to_owned(),
        Some(name) => format!("aws-{name}"),
    }
}

/// Reads the model files of `model_dir` and generates the crate in memory, printing warnings.
pub fn generate(model_dir: &Path, package: &str) -> Result<BTreeMap<PathBuf, String>, String> {
    generate_with(model_dir, &options(package))
}

/// Reads the model files of `model_dir` and generates the crate with `options`.
pub fn generate_with(
    model_dir: &Path,
    options: &CrateOptions,
) -> Result<BTreeMap<PathBuf, String>, String> {
    let files = read_model(model_dir)?;
    match codegen::generate(&files, options) {
        Ok(generated) => {
            for warning in generated.warnings.warnings() {
                eprintln!("{warning}\n");
            }
            Ok(generated.files)
        }
        Err(problems) => Err(format!(
            "the model has problems; nothing was written\n\n{problems}"
        )),
    }
}

/// The crate options `cargo xtask codegen` uses for `package`, written to `generated/`.
pub fn options(package: &str) -> CrateOptions {
    CrateOptions {
        package_name: package.to_owned(),
        version: CRATE_VERSION.to_owned(),
        command: "cargo xtask codegen".to_owned(),
        runtime: RuntimeSource::Path("../codegen/runtime".to_owned()),
        operations: None,
    }
}

/// The runtime crate's path as seen from a crate written to `out_dir`.
pub fn runtime_path_from(out_dir: &Path) -> Result<String, String> {
    let absolute = |p: &Path| -> Result<PathBuf, String> {
        let p = if p.is_absolute() {
            p.to_owned()
        } else {
            std::env::current_dir()
                .map_err(|e| format!("no current directory: {e}"))?
                .join(p)
        };
        // Normalise `.` and `..` without touching the disk (the directory may not exist yet).
        let mut out = PathBuf::new();
        for part in p.components() {
            match part {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        Ok(out)
    };
    let from = absolute(out_dir)?;
    let to = absolute(&root().join("codegen/runtime"))?;
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = PathBuf::new();
    for _ in from.components().skip(common) {
        relative.push("..");
    }
    for part in to.components().skip(common) {
        relative.push(part);
    }
    Ok(relative.display().to_string())
}

/// Reads a model: a botocore directory (`service-2.json` and, if present, the paginators,
/// waiters and endpoint rules), or a Smithy JSON AST given as a file or as a directory that
/// holds one `.json` file. The library tells the formats apart by content.
pub fn read_model(dir: &Path) -> Result<ModelFiles, String> {
    if dir.is_file() || !dir.join("service-2.json").exists() {
        return read_single(dir);
    }
    let shown = |name: &str| display_path(&dir.join(name));
    let read = |name: &str| -> Result<Option<SourceFile>, String> {
        let path = dir.join(name);
        match fs::read_to_string(&path) {
            Ok(text) => Ok(Some(SourceFile {
                path: shown(name),
                text,
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    };
    let service = read("service-2.json")?
        .ok_or_else(|| format!("{} has no service-2.json", dir.display()))?;
    Ok(ModelFiles {
        service,
        paginators: read("paginators-1.json")?,
        waiters: read("waiters-2.json")?,
        endpoint_rules: read("endpoint-rule-set-1.json")?,
        partitions: read_partitions(dir)?,
    })
}

/// A model in one file (a Smithy JSON AST, or a lone `service-2.json`), or a directory with
/// exactly one `.json` file besides `partitions.json`.
fn read_single(path: &Path) -> Result<ModelFiles, String> {
    let file = if path.is_file() {
        path.to_path_buf()
    } else {
        let entries = fs::read_dir(path)
            .map_err(|e| format!("cannot read the model directory {}: {e}", path.display()))?;
        let mut json: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && p.file_name().is_some_and(|n| n != "partitions.json")
            })
            .collect();
        json.sort();
        match json.as_slice() {
            [one] => one.clone(),
            [] => {
                return Err(format!(
                    "{} has no service-2.json and no Smithy model (.json)",
                    path.display()
                ))
            }
            _ => {
                return Err(format!(
                    "{} has no service-2.json and several .json files; name the Smithy file itself",
                    path.display()
                ))
            }
        }
    };
    let text =
        fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    // A Smithy model outside this repository still needs botocore's partitions for its
    // endpoint rules: this repository's copy is used then.
    let partitions = match read_partitions(dir)? {
        Some(p) => Some(p),
        None => read_partitions(&root().join("model"))?,
    };
    Ok(ModelFiles {
        service: SourceFile {
            path: display_path(&file),
            text,
        },
        paginators: None,
        waiters: None,
        endpoint_rules: None,
        partitions,
    })
}

/// botocore's `partitions.json`: beside the model, or one or two levels up (botocore keeps
/// it in `data/`, next to the service directories; this repository in `model/`).
fn read_partitions(dir: &Path) -> Result<Option<SourceFile>, String> {
    for candidate in dir.ancestors().take(3) {
        let path = candidate.join("partitions.json");
        if path.exists() {
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            return Ok(Some(SourceFile {
                path: display_path(&path),
                text,
            }));
        }
    }
    Ok(None)
}

/// A path relative to the workspace root when it is inside it, so headers do not depend on
/// where the checkout lives.
fn display_path(path: &Path) -> String {
    let root = root();
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let root = root.canonicalize().unwrap_or(root);
    absolute
        .strip_prefix(&root)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

/// Every file under `dir`, relative to it, skipping build output and crates of their own
/// (a directory below `dir` with a `Cargo.toml`, such as `generated/clouddirectory`).
fn existing_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("cannot list {}: {e}", current.display())),
        };
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", current.display()))?;
            let path = entry.path();
            let name = entry.file_name();
            if name == "target" || name == "Cargo.lock" {
                continue;
            }
            if path.is_dir() {
                if !path.join("Cargo.toml").exists() {
                    stack.push(path);
                }
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.to_path_buf());
            }
        }
    }
    found.sort();
    Ok(found)
}

fn check(files: &BTreeMap<PathBuf, String>, out_dir: &Path) -> Result<(), String> {
    let mut stale = Vec::new();
    for (path, text) in files {
        match fs::read_to_string(out_dir.join(path)) {
            Ok(existing) if existing == *text => {}
            Ok(_) => stale.push(format!("  stale:    {}", path.display())),
            Err(_) => stale.push(format!("  missing:  {}", path.display())),
        }
    }
    for path in existing_files(out_dir)? {
        if !files.contains_key(&path) {
            stale.push(format!("  orphaned: {}", path.display()));
        }
    }
    if stale.is_empty() {
        println!(
            "{} is up to date ({} files)",
            out_dir.display(),
            files.len()
        );
        Ok(())
    } else {
        Err(format!(
            "{} is out of date; run `cargo xtask codegen`:\n{}",
            out_dir.display(),
            stale.join("\n")
        ))
    }
}

/// Writes `files` under `out_dir` (unchanged files are left alone, so rebuilds are
/// incremental) and removes the files a previous run generated there and this one did not.
pub fn write_files(files: &BTreeMap<PathBuf, String>, out_dir: &Path) -> Result<(), String> {
    let mut written = 0;
    for (path, text) in files {
        let target = out_dir.join(path);
        if fs::read_to_string(&target).is_ok_and(|existing| existing == *text) {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        written += 1;
    }
    let mut removed = 0;
    for path in existing_files(out_dir)? {
        if files.contains_key(&path) {
            continue;
        }
        let target = out_dir.join(&path);
        // Only files the generator wrote are removed; anything else in --out is not ours.
        let ours = fs::read_to_string(&target).is_ok_and(|text| {
            text.lines()
                .next()
                .is_some_and(|line| line.contains("@generated"))
        });
        if ours {
            fs::remove_file(&target)
                .map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
            removed += 1;
        } else {
            eprintln!(
                "warning: {} was not generated; left in place",
                target.display()
            );
        }
    }
    println!(
        "{}: {} files, {written} written, {removed} orphaned removed",
        out_dir.display(),
        files.len()
    );
    Ok(())
}
