//! Running the project's processes: cargo (found once, through `$CARGO`) with arguments and environment, a non-zero exit an error naming the command.

use std::path::Path;
use std::process::Command;

/// The cargo that runs xtask (`$CARGO`), else `cargo` on the path.
pub fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// A command for cargo, to add arguments to.
pub fn cargo_command() -> Command {
    Command::new(cargo_bin())
}

/// Runs cargo with `args` in `dir`; a non-zero exit is an error naming the command.
pub fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = cargo_bin();
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

/// Writes `text` to `path`, creating its folder.
pub fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs cargo in `project` with two build jobs (as CI has) and the given target directory:
/// how the benchmarks build, so their times compare.
pub fn cargo_two_jobs(project: &Path, args: &[&str], target: Option<&Path>) -> Result<(), String> {
    let target = target.map(|t| t.display().to_string());
    let mut env = vec![("CARGO_BUILD_JOBS", "2")];
    if let Some(target) = &target {
        env.push(("CARGO_TARGET_DIR", target));
    }
    cargo(project, args, &env)
}
