//! Project commands: `codegen [--check]`, `update-model`, `test`, `bench codegen`.

mod bench;
mod botocore;
mod codegen_cmd;
mod test_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen [--check] [--model DIR] [--out DIR] [--package NAME]
      generate the crate for a botocore model (default: model/ds -> generated/);
      --check lists stale and orphaned files and fails without writing
  update-model --botocore VERSION [--service NAME]
      download that botocore wheel into target/ and write model/NAME/ (default: ds)
  test
      run every test: workspace tests, freshness, lints and docs of the generated
      crate, and generation for other services
  bench codegen
      time each phase of generating the ds crate (build xtask with --release)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen_cmd::run(&args[1..]),
        Some("update-model") => botocore::update_model(&args[1..]),
        Some("test") => test_cmd::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

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
