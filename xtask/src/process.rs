//! Running the project's processes: cargo (found once, through `$CARGO`) with arguments and environment, a non-zero exit an error naming the command; and Maven for the jars the tests need.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The cargo that runs xtask (`$CARGO`), else `cargo` on the path.
pub fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// A command for cargo, to add arguments to.
pub fn cargo_command() -> Command {
    Command::new(cargo_bin())
}

/// Runs `command`; a non-zero exit is an error naming the command.
pub fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} exited with {status}"))
    }
}

/// Runs cargo with `args` in `dir`; a non-zero exit is an error naming the command.
pub fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let mut command = cargo_command();
    command.current_dir(dir).args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    run(&mut command)
}

/// `cargo clippy --quiet ARGS -- -D warnings` in `dir`.
pub fn clippy(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let mut all = vec!["clippy", "--quiet"];
    all.extend(args);
    all.extend(["--", "-D", "warnings"]);
    cargo(dir, &all, env)
}

/// `cargo doc --quiet --no-deps ARGS` in `dir`, any rustdoc warning an error.
pub fn doc(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let mut all = vec!["doc", "--quiet", "--no-deps"];
    all.extend(args);
    let mut env = env.to_vec();
    env.push(("RUSTDOCFLAGS", "-D warnings"));
    cargo(dir, &all, &env)
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

/// The jar of `group:artifact:version` in `cache`, copied there by Maven on first use.
pub fn maven_jar(
    group: &str,
    artifact: &str,
    version: &str,
    cache: &Path,
) -> Result<PathBuf, String> {
    fs::create_dir_all(cache).map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    let jar = cache.join(format!("{artifact}-{version}.jar"));
    if jar.exists() {
        return Ok(jar);
    }
    let status = Command::new("mvn")
        .args([
            "-q",
            "-B",
            "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy",
        ])
        .arg(format!("-Dartifact={group}:{artifact}:{version}:jar"))
        .arg(format!("-DoutputDirectory={}", cache.display()))
        .status()
        .map_err(|e| format!("cannot run mvn: {e}"))?;
    if !status.success() || !jar.exists() {
        return Err(format!(
            "Maven could not download {group}:{artifact}:{version}"
        ));
    }
    Ok(jar)
}
