//! Project commands as a library, so the test suite reuses what `cargo xtask` does.

pub mod bench;
pub mod botocore;
pub mod bundle;
pub mod codegen_cmd;
pub mod conformance;
pub mod diff_cmd;
pub mod fuzz;
pub mod lines;
pub mod model_record;
pub mod moto;
pub mod process;
pub mod semver_checks;
pub mod smithy;
pub mod smithy_ds;
pub mod smithy_sweep;
pub mod sweep;
pub mod test_cmd;
pub mod venv;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

/// The usage text of `cargo xtask`.
pub const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen [--check] [--model PATH] [--out DIR] [--package NAME] [--runtime path|vendored]
      generate the crate for a model: a botocore directory, or a Smithy JSON AST file
      (or a directory holding one), told apart by content (default: the checked-in crates,
      model/ds -> generated/ and model/clouddirectory -> generated/clouddirectory/);
      --check lists stale and orphaned files and fails without writing; the crate
      depends on codegen/runtime by a relative path, or (vendored) carries a copy
  diff OLD NEW [--format markdown|json] [--fail-on breaking|dangerous]
      what changed between two model directories, its severity and semver bump
  semver-checks [--only OLD-NEW]
      generate the ds crate from both sides of each reviewed revision pair and run
      cargo-semver-checks (pinned, installed into target/tools/) on them; writes the
      verdicts to tests/fixtures/semver/ for the tests (not in CI: the tool builds for
      minutes)
  fuzz (TARGET | --all) [--time SECONDS]
      run fuzz targets of tests/fuzz/ with cargo-fuzz (pinned, installed into
      target/tools/) from their checked-in corpora (default 60 s each); the test
      command runs each for 30 s
  update-model --botocore VERSION [--service NAME]
      download that botocore wheel into target/ and write model/NAME/ (default: ds)
  update-model --smithy VERSION --service SDK_ID
      download software.amazon.api.models:SDK_ID:VERSION from Maven Central with mvn
      into target/maven/ and write model/smithy/SDK_ID.json
  sweep [--botocore VERSION] [--protocol P,...] [--only S,...] [--no-build]
      every service of a botocore release (default the pinned one) that speaks
      awsJson, rest-json or rpcv2Cbor, generated as its own crate into one scratch
      workspace under target/sweep/ and checked with `cargo check --keep-going`:
      a table of generated, compiled, warnings and reasons (not in CI: it is long)
  smithy-sweep [--compile N] [--no-build]
      generate the Smithy models of every awsJson, restJson1 and rpcv2Cbor service in
      the tests' model bundle; N of them (default 40) compile as one bundle with
      -D warnings; a table of generated and failed models with reasons
  conformance
      botocore's protocol test suites (awsJson 1.0 and 1.1, rest-json, rpcv2Cbor)
      against generated code: a table per suite file and the totals
  test [--list]
      run every test: workspace tests, freshness, lints and docs of the generated
      crate, and generation for other services; --list prints the steps and what
      each proves
  generality
      the test's last step alone: other botocore services generated into one bundle,
      linted and documented with -D warnings
  bench [sdk [--runs N]]
      our generated crate against the official aws-sdk-directory: build times,
      crates, lines, binary size, calls per second, latency, decoding (default;
      3 runs, medians; writes target/bench/sdk.json)
  lines [DIR]
      lines of Rust in a generated crate (default generated/), per file kind and per
      item: structure, builder, operation, error enum, paginator
  bench cbor [--runs N]
      the ds client over rpcv2Cbor against itself over awsJson: calls per second and
      decoding the 1,000-directory response (default 5 runs, medians)
  bench floor [--runs N]
      the client stack alone (the runtime's client dependencies, none of our code;
      and the same with the system's OpenSSL for TLS) against the bench's ours and
      lean SDK programs: clean builds interleaved (default 2 runs, medians) and the
      stripped binaries
  bench codegen|patterns|diff
      time generating the ds crate, the ds patterns on 100 kB inputs, or a model
      diff (rebuilds itself in release)";

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Parses `--flag value` and `--switch` options; anything unknown is an error.
pub struct Args {
    values: Vec<(String, Option<String>)>,
}

impl Args {
    /// Parses `args`, where `switches` take no value and `options` take one.
    pub fn parse(args: &[String], switches: &[&str], options: &[&str]) -> Result<Args, String> {
        let mut values = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if switches.contains(&arg.as_str()) {
                values.push((arg.clone(), None));
            } else if options.contains(&arg.as_str()) {
                let value = iter.next().ok_or_else(|| format!("{arg} needs a value"))?;
                values.push((arg.clone(), Some(value.clone())));
            } else {
                return Err(format!("unexpected argument `{arg}`\n\n{USAGE}"));
            }
        }
        Ok(Args { values })
    }

    /// Whether a switch was given.
    pub fn has(&self, switch: &str) -> bool {
        self.values.iter().any(|(k, _)| k == switch)
    }

    /// The value of an option, if given.
    pub fn value(&self, option: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(k, _)| k == option)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// A cargo subcommand pinned to `version`, installed from crates.io into `target/tools/` on
/// first use; `version_args` make it print its version.
pub fn install_tool(name: &str, version: &str, version_args: &[&str]) -> Result<PathBuf, String> {
    let tools = root().join("target/tools");
    let binary = tools.join("bin").join(name);
    let installed = Command::new(&binary)
        .args(version_args)
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains(version));
    if installed {
        return Ok(binary);
    }
    println!("xtask: installing {name} {version} into target/tools/ (minutes)");
    let cargo = process::cargo_bin();
    let status = Command::new(&cargo)
        .args(["install", name, "--locked", "--version", version, "--root"])
        .arg(&tools)
        .env("CARGO_TARGET_DIR", tools.join("build"))
        .status()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if !status.success() {
        return Err(format!("installing {name} {version} failed ({status})"));
    }
    Ok(binary)
}

/// Runs a tool and returns its exit status with its standard output and error, one after
/// the other (the reports of cargo-fuzz and cargo-semver-checks are split between them).
pub fn run_captured(command: &mut Command) -> Result<(ExitStatus, String), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok((output.status, text))
}
