//! `cargo xtask codegen`: reads a model directory, runs the generator, writes or checks the crate.

use crate::{root, Args};
use codegen::ir::RuntimeSource;
use codegen::{CrateOptions, ModelFiles};
use std::collections::BTreeMap;
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

/// The S3 operations the moto tests and the endpoint suites' operation cases use: buckets,
/// objects, multipart uploads, Object Lambda's response and directory buckets (the crate is
/// trimmed to them and what they reach).
const S3_OPERATIONS: &[&str] = &[
    "CreateBucket",
    "DeleteBucket",
    "HeadBucket",
    "ListBuckets",
    "GetBucketLocation",
    "ListObjects",
    "ListObjectsV2",
    "PutObject",
    "GetObject",
    "HeadObject",
    "CopyObject",
    "DeleteObject",
    "DeleteObjects",
    "CreateMultipartUpload",
    "UploadPart",
    "UploadPartCopy",
    "CompleteMultipartUpload",
    "AbortMultipartUpload",
    "ListMultipartUploads",
    "ListParts",
    "WriteGetObjectResponse",
    "ListDirectoryBuckets",
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

/// The DynamoDB operations of the presigning tests (each takes only top-level scalars or
/// lists of them, which a presigned URL can carry) and `GetItem`, whose key it cannot.
const DYNAMODB_OPERATIONS: &[&str] = &[
    "ListTables",
    "DescribeTable",
    "DeleteTable",
    "DescribeTimeToLive",
    "DescribeLimits",
    "DescribeContinuousBackups",
    "ListTagsOfResource",
    "DescribeBackup",
    "GetItem",
];

/// The S3 Control operations botocore's S3 Control endpoint suite sends (each case through
/// the client, as for S3).
const S3CONTROL_OPERATIONS: &[&str] = &[
    "GetAccessPoint",
    "DeleteAccessPoint",
    "GetBucket",
    "ListRegionalBuckets",
    "CreateAccessPoint",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
    "PutAccessPointPolicy",
    "GetAccessPointPolicy",
    "DeleteAccessPointPolicy",
    "GetAccessPointPolicyStatus",
    "ListAccessPointsForDirectoryBuckets",
    "PutAccessPointScope",
    "GetAccessPointScope",
    "DeleteAccessPointScope",
    "CreateBucket",
    "GetBucketVersioning",
    "PutBucketVersioning",
];

/// The SSO operation the credentials chain calls: role credentials for a cached token.
const SSO_OPERATIONS: &[&str] = &["GetRoleCredentials"];

/// The SSO OIDC operation the credentials chain calls: refreshing a cached SSO token.
const SSO_OIDC_OPERATIONS: &[&str] = &["CreateToken"];

/// The Sign-In operation the credentials chain calls: refreshing console sign-in
/// (`login_session`) credentials.
const SIGNIN_OPERATIONS: &[&str] = &["CreateOAuth2Token"];

/// The checked-in crates. `cargo xtask codegen` without `--model` writes (or checks) them
/// all: ds and Cloud Directory (JSON protocols), STS, SNS and trimmed IAM and EC2 (the
/// query protocols), which the moto tests drive, trimmed S3, S3 Control and DynamoDB (S3's own
/// behaviours, endpoint suites and presigning), the streaming services' crates, and the trimmed SSO, SSO OIDC and Sign-In crates the credentials chain calls.
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
        model: "model/s3",
        out: "generated/s3",
        package: "aws-s3",
        operations: Some(S3_OPERATIONS),
    },
    CheckedIn {
        model: "model/s3control",
        out: "generated/s3control",
        package: "aws-s3control",
        operations: Some(S3CONTROL_OPERATIONS),
    },
    CheckedIn {
        model: "model/dynamodb",
        out: "generated/dynamodb",
        package: "aws-dynamodb",
        operations: Some(DYNAMODB_OPERATIONS),
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
/// [--runtime path|vendored] [--operations A,B,...] [--split-above N|never]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let parsed = Args::parse(
        args,
        &["--check"],
        &[
            "--model",
            "--out",
            "--package",
            "--runtime",
            "--operations",
            "--split-above",
        ],
    )?;
    if parsed.value("--model").is_some() {
        return run_one(&parsed, None);
    }
    if ["--out", "--package", "--operations", "--split-above"]
        .iter()
        .any(|flag| parsed.value(flag).is_some())
    {
        return Err("--out, --package, --operations and --split-above need --model".to_owned());
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
        split_above: match args.value("--split-above") {
            None => options(&package).split_above,
            Some("never") => None,
            Some(n) => Some(n.parse().map_err(|_| {
                format!("--split-above takes a number of types or `never`, not `{n}`")
            })?),
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
        repository: None,
        split_above: Some(codegen::ir::split::DEFAULT_SPLIT_ABOVE),
    }
}

/// The runtime crate's path as seen from a crate written to `out_dir`.
pub fn runtime_path_from(out_dir: &Path) -> Result<String, String> {
    Ok(aws_codegen::relative_path(
        out_dir,
        &root().join("codegen/runtime"),
    ))
}

/// Reads a model (see [`aws_codegen::read_model`]), paths shown from the workspace root.
pub fn read_model(dir: &Path) -> Result<ModelFiles, String> {
    aws_codegen::read_model(dir, None, &root()).map_err(|f| f.message)
}

fn check(files: &BTreeMap<PathBuf, String>, out_dir: &Path) -> Result<(), String> {
    aws_codegen::check_files(files, out_dir)
        .map_err(|f| format!("{}\nrun `cargo xtask codegen`", f.message))?;
    println!(
        "{} is up to date ({} files)",
        out_dir.display(),
        files.len()
    );
    Ok(())
}

/// Writes `files` under `out_dir` (unchanged files are left alone, so rebuilds are
/// incremental) and removes the files a previous run generated there and this one did not.
pub fn write_files(files: &BTreeMap<PathBuf, String>, out_dir: &Path) -> Result<(), String> {
    let report = aws_codegen::write_files(files, out_dir).map_err(|f| f.message)?;
    println!("{}", report.describe(out_dir, files.len()));
    Ok(())
}
