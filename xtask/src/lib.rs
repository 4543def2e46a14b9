//! Project commands as a library, so the test suite reuses what `cargo xtask` does.

pub mod bench;
pub mod botocore;
pub mod bundle;
pub mod codegen_cmd;
pub mod commands;
pub mod conformance;
pub mod diff_cmd;
pub mod fuzz;
pub mod lines;
pub mod model_record;
pub mod moto;
pub mod outside;
pub mod process;
pub mod semver_checks;
pub mod smithy;
pub mod smithy_ds;
pub mod smithy_suites;
pub mod smithy_sweep;
pub mod sweep;
pub mod test_cmd;
pub mod venv;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

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
                return Err(format!(
                    "unexpected argument `{arg}` (`cargo xtask help` lists the arguments)"
                ));
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
