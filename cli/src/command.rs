//! The `aws-codegen` command line: `codegen` and `diff`, their options, help and exit codes.

use crate::failure::{Failure, FailureKind};
use crate::files;
use codegen::diff::Severity;
use codegen::ir::RuntimeSource;
use codegen::CrateOptions;
use std::path::{Path, PathBuf};

/// The manual page `--help` prints.
pub const HELP: &str = "\
NAME
    aws-codegen - generate a Rust client crate from an AWS or Smithy service model

SYNOPSIS
    aws-codegen codegen --model PATH [--service SHAPE] [--out DIR] [--package NAME]
                        [--crate-version VERSION] [--runtime vendored|path:DIR|version[:REQ]]
                        [--runtime-path DIR] [--operations A,B,...] [--repository URL]
                        [--split-above N|never] [--check]
    aws-codegen diff OLD NEW [--service SHAPE] [--format markdown|json]
                        [--fail-on breaking|dangerous]
    aws-codegen help | --help | --version     (also COMMAND --help)

DESCRIPTION
    codegen reads a model and writes a crate: Cargo.toml, README.md and src/, with the
    service's types, builders, validators, an async client, paginators and waiters. The
    model is a botocore service directory (service-2.json, and paginators-1.json,
    waiters-2.json and endpoint-rule-set-1.json when present) or a Smithy JSON AST file
    (or a directory holding one .json file). Unchanged files are not rewritten; files the
    generator wrote before and no longer writes are removed; other files are left alone.

    diff compares two revisions of a model and classifies every change as breaking,
    dangerous or safe, with the semver bump the regenerated crate needs.

OPTIONS
    --model PATH        The model: a botocore directory or a Smithy JSON AST file.
    --service SHAPE     The service shape of a Smithy model that holds several
                        (example.weather#Weather, or Weather).
    --out DIR           Where the crate goes (default: ./PACKAGE).
    --package NAME      The crate's package name (default: aws-NAME for botocore's NAME/
                        directory, the file's name for a Smithy file).
    --crate-version V   The crate's version (default: 0.1.0).
    --runtime SOURCE    Where the crate gets the runtime crate aws-codegen-runtime:
                          vendored       a copy of its sources in src/runtime (default:
                                         the crate builds anywhere on its own)
                          path:DIR       a path dependency on the runtime crate at DIR
                          version[:REQ]  a registry dependency (default REQ: the runtime
                                         release the generator writes for, 0.2), for a
                                         crate to publish
    --runtime-path DIR  With --runtime version: the runtime's directory as well, which Cargo
                        uses for local builds and drops on publishing (a runtime and crates
                        developed and packaged together).
    --operations A,B    Only these operations (names as in the model) and what they reach.
    --repository URL    The manifest's repository field.
    --split-above N     With the runtime as a path or registry dependency, a service with
                        more than N structures and enums (default 600) has its types split
                        over part crates under parts/, which build side by side and which
                        the crate re-exports; `never` keeps one crate.
    --check             Write nothing; fail (exit 4) when the crate on disk differs.
    --format FORMAT     diff output: markdown (default) or json.
    --fail-on LEVEL     diff exits 5 when a change is at least this severe.

EXIT STATUS
    0   success (diff: no change at the --fail-on level)
    1   the model has errors; every problem is printed and nothing is written
    2   the command line is wrong
    3   a file could not be read or written
    4   --check: the crate on disk is out of date (the files are listed)
    5   diff --fail-on: a change of that severity was found

EXAMPLES
    aws-codegen codegen --model botocore/data/sqs/2012-11-05 --out crates/sqs
    aws-codegen codegen --model weather.json --package weather --runtime version
    aws-codegen diff old/ds new/ds --fail-on breaking
";

/// Runs the command line `args` (without the program name), printing what it produces.
pub fn run(args: &[String]) -> Result<(), Failure> {
    match args.first().map(String::as_str) {
        None => Err(Failure::usage(format!(
            "missing command\n\n{}",
            short_usage()
        ))),
        Some("help" | "--help" | "-h") => {
            print!("{HELP}");
            Ok(())
        }
        Some("--version" | "-V") => {
            println!("aws-codegen {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        // `aws-codegen codegen --help` is the manual too, whatever else is given.
        Some("codegen" | "diff") if args[1..].iter().any(|a| a == "--help" || a == "-h") => {
            print!("{HELP}");
            Ok(())
        }
        Some("codegen") => codegen(&Options::parse(&args[1..], CODEGEN_FLAGS)?),
        Some("diff") => diff(&Options::parse(&args[1..], DIFF_FLAGS)?),
        Some(other) => Err(Failure::usage(format!(
            "unknown command `{other}`\n\n{}",
            short_usage()
        ))),
    }
}

fn short_usage() -> String {
    HELP.split("DESCRIPTION")
        .next()
        .unwrap_or(HELP)
        .trim_end()
        .to_owned()
        + "\n\n(`aws-codegen --help` for the whole manual)"
}

/// The options each command takes: `(flag, takes a value)`.
const CODEGEN_FLAGS: &[(&str, bool)] = &[
    ("--model", true),
    ("--service", true),
    ("--out", true),
    ("--package", true),
    ("--crate-version", true),
    ("--runtime", true),
    ("--runtime-path", true),
    ("--operations", true),
    ("--repository", true),
    ("--split-above", true),
    ("--check", false),
];
const DIFF_FLAGS: &[(&str, bool)] = &[("--service", true), ("--format", true), ("--fail-on", true)];

/// Parsed options and positional arguments.
struct Options {
    values: Vec<(String, Option<String>)>,
    positional: Vec<String>,
}

impl Options {
    fn parse(args: &[String], flags: &[(&str, bool)]) -> Result<Self, Failure> {
        let mut values = Vec::new();
        let mut positional = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if !arg.starts_with("--") {
                positional.push(arg.clone());
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (arg.as_str(), None),
            };
            match flags.iter().find(|(f, _)| *f == name) {
                Some((_, true)) => {
                    let value = match inline {
                        Some(v) => v,
                        None => iter
                            .next()
                            .cloned()
                            .ok_or_else(|| Failure::usage(format!("{name} needs a value")))?,
                    };
                    if values.iter().any(|(n, _)| n == name) {
                        return Err(Failure::usage(format!("{name} is given twice")));
                    }
                    values.push((name.to_owned(), Some(value)));
                }
                Some((_, false)) if inline.is_none() => values.push((name.to_owned(), None)),
                Some(_) => return Err(Failure::usage(format!("{name} takes no value"))),
                None => {
                    return Err(Failure::usage(format!(
                        "unknown option `{name}`\n\n{}",
                        short_usage()
                    )))
                }
            }
        }
        Ok(Options { values, positional })
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    fn has(&self, name: &str) -> bool {
        self.values.iter().any(|(n, _)| n == name)
    }
}

/// `--split-above N|never`: the size above which a service is split, by default
/// [`DEFAULT_SPLIT_ABOVE`](codegen::ir::split::DEFAULT_SPLIT_ABOVE).
fn split_above(value: Option<&str>) -> Result<Option<usize>, Failure> {
    match value {
        None => Ok(Some(codegen::ir::split::DEFAULT_SPLIT_ABOVE)),
        Some("never") => Ok(None),
        Some(n) => n.parse().map(Some).map_err(|_| {
            Failure::usage(format!(
                "--split-above takes a number of types or `never`, not `{n}`"
            ))
        }),
    }
}

fn codegen(options: &Options) -> Result<(), Failure> {
    if let Some(extra) = options.positional.first() {
        return Err(Failure::usage(format!(
            "codegen takes no argument `{extra}`"
        )));
    }
    let model = PathBuf::from(
        options
            .value("--model")
            .ok_or_else(|| Failure::usage("codegen needs --model PATH"))?,
    );
    let package = match options.value("--package") {
        Some(p) => p.to_owned(),
        None => default_package(&model)?,
    };
    let out = options
        .value("--out")
        .map_or_else(|| PathBuf::from(&package), PathBuf::from);
    let mut runtime = runtime_source(options.value("--runtime"), &out)?;
    if let Some(dir) = options.value("--runtime-path") {
        let RuntimeSource::Version { path, .. } = &mut runtime else {
            return Err(Failure::usage("--runtime-path goes with --runtime version"));
        };
        *path = Some(runtime_dir(Path::new(dir), &out)?);
    }
    let crate_options = CrateOptions {
        runtime,
        package_name: package,
        version: options
            .value("--crate-version")
            .unwrap_or("0.1.0")
            .to_owned(),
        command: "aws-codegen codegen".to_owned(),
        operations: options
            .value("--operations")
            .map(|list| list.split(',').map(|o| o.trim().to_owned()).collect()),
        repository: options.value("--repository").map(str::to_owned),
        split_above: split_above(options.value("--split-above"))?,
    };
    let here = std::env::current_dir().unwrap_or_default();
    let files = files::read_model(&model, options.value("--service"), &here)?;
    let (generated, warnings) = crate::generate(&files, &crate_options)?;
    for warning in warnings {
        eprintln!("{warning}\n");
    }
    if options.has("--check") {
        files::check_files(&generated, &out)?;
        println!(
            "{} is up to date ({} files)",
            out.display(),
            generated.len()
        );
    } else {
        let report = files::write_files(&generated, &out)?;
        println!("{}", report.describe(&out, generated.len()));
    }
    Ok(())
}

/// `--runtime`: `vendored` (the default), `path:DIR` or `version[:REQ]`.
fn runtime_source(value: Option<&str>, out: &Path) -> Result<RuntimeSource, Failure> {
    match value {
        None | Some("vendored") => Ok(RuntimeSource::Vendored),
        Some("version") => Ok(RuntimeSource::Version {
            requirement: default_runtime_requirement(),
            path: None,
        }),
        Some(other) => {
            if let Some(requirement) = other.strip_prefix("version:") {
                Ok(RuntimeSource::Version {
                    requirement: requirement.to_owned(),
                    path: None,
                })
            } else if let Some(dir) = other.strip_prefix("path:") {
                Ok(RuntimeSource::Path(runtime_dir(Path::new(dir), out)?))
            } else {
                Err(Failure::usage(format!(
                    "--runtime takes vendored, path:DIR or version[:REQ], not `{other}`"
                )))
            }
        }
    }
}

/// The runtime crate's directory as the crate at `out` names it: an absolute path stays
/// absolute, a relative one (from here) is made relative to the crate, as Cargo reads it.
fn runtime_dir(dir: &Path, out: &Path) -> Result<String, Failure> {
    if !dir.join("Cargo.toml").exists() {
        return Err(Failure::usage(format!(
            "{}: no Cargo.toml there (give the runtime crate's directory)",
            dir.display()
        )));
    }
    Ok(if dir.is_absolute() {
        dir.display().to_string()
    } else {
        files::relative_path(out, dir)
    })
}

/// The runtime release this generator writes code for: `0.2` for 0.2.x.
fn default_runtime_requirement() -> String {
    let version = codegen::emit::runtime_version();
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_owned(),
        _ => version.to_owned(),
    }
}

/// `aws-NAME` for botocore's `NAME/` or `NAME/API-VERSION/` directory; a Smithy file's name.
fn default_package(model: &Path) -> Result<String, Failure> {
    let name_of = |p: &Path| p.file_stem().and_then(|n| n.to_str()).map(str::to_owned);
    let botocore = model.join("service-2.json").exists();
    let mut name = name_of(model);
    if botocore
        && name
            .as_deref()
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
    {
        name = model.parent().and_then(name_of);
    }
    let name = files::plain_name(&name.unwrap_or_default(), '-').ok_or_else(|| {
        Failure::usage(format!(
            "cannot make a package name of {}: give --package",
            model.display()
        ))
    })?;
    Ok(if botocore {
        format!("aws-{name}")
    } else {
        name
    })
}

fn diff(options: &Options) -> Result<(), Failure> {
    let [old, new] = options.positional.as_slice() else {
        return Err(Failure::usage(format!(
            "diff takes two models, OLD and NEW\n\n{}",
            short_usage()
        )));
    };
    let fail_on = match options.value("--fail-on") {
        None => None,
        Some("breaking") => Some(Severity::Breaking),
        Some("dangerous") => Some(Severity::Dangerous),
        Some(other) => {
            return Err(Failure::usage(format!(
                "--fail-on takes breaking or dangerous, not `{other}`"
            )))
        }
    };
    let format = options.value("--format").unwrap_or("markdown");
    if !matches!(format, "markdown" | "json") {
        return Err(Failure::usage(format!(
            "--format takes markdown or json, not `{format}`"
        )));
    }
    let here = std::env::current_dir().unwrap_or_default();
    let lower = |path: &str| {
        let files = files::read_model(Path::new(path), options.value("--service"), &here)?;
        codegen::lower(&files)
            .map(|(service, _)| service)
            .map_err(|e| Failure::model(format!("{path} cannot be read:\n{e}")))
    };
    let result = codegen::diff::diff(&lower(old)?, &lower(new)?);
    if format == "json" {
        println!("{}", codegen::diff::to_json(&result));
    } else {
        print!("{}", codegen::diff::to_markdown(&result));
    }
    match fail_on {
        Some(severity) if result.has(severity) => Err(Failure {
            kind: FailureKind::DiffFailOn,
            message: format!("the models differ with {severity:?} changes (--fail-on)"),
        }),
        _ => Ok(()),
    }
}
