//! `cargo xtask diff OLD NEW`: what changed between two model directories, how bad it is,
//! and the semver bump the regenerated crate needs.

use crate::codegen_cmd::read_model;
use crate::{botocore, root};
use codegen::diff::{diff, to_json, to_markdown, Severity};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the diff; `Err` when a model cannot be read or `--fail-on` is met.
pub fn run(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask diff OLD NEW [--format markdown|json] [--fail-on breaking|dangerous]\n\
                 where OLD and NEW are model directories, `--botocore VERSION` or `--rev GIT_REVISION` (of model/ds)";
    let mut sides = Vec::new();
    let mut format = "markdown".to_owned();
    let mut fail_on = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value\n\n{usage}"))
        };
        match arg.as_str() {
            "--botocore" => sides.push(botocore::service_dir(&value()?, "ds")?),
            "--rev" => sides.push(model_at_revision(&value()?)?),
            "--format" => format = value()?,
            "--fail-on" => {
                fail_on = Some(match value()?.as_str() {
                    "breaking" => Severity::Breaking,
                    "dangerous" => Severity::Dangerous,
                    other => {
                        return Err(format!(
                            "--fail-on takes breaking or dangerous, not `{other}`"
                        ))
                    }
                })
            }
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option `{flag}`\n\n{usage}"))
            }
            dir => sides.push(PathBuf::from(dir)),
        }
    }
    let [old, new] = sides.as_slice() else {
        return Err(usage.to_owned());
    };
    let result = compare(old, new)?;
    match format.as_str() {
        "markdown" => print!("{}", to_markdown(&result)),
        "json" => println!("{}", to_json(&result)),
        other => return Err(format!("--format takes markdown or json, not `{other}`")),
    }
    match fail_on {
        Some(severity) if result.has(severity) => Err(format!(
            "the models differ with {severity:?} changes (--fail-on)"
        )),
        _ => Ok(()),
    }
}

/// `model/ds` as it was at a git revision, written under `target/diff-revisions/`.
fn model_at_revision(revision: &str) -> Result<PathBuf, String> {
    let safe: String = revision
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let dir = root().join("target/diff-revisions").join(safe);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for file in ["service-2.json", "paginators-1.json", "waiters-2.json"] {
        let output = Command::new("git")
            .current_dir(root())
            .args(["show", &format!("{revision}:model/ds/{file}")])
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        let target = dir.join(file);
        if output.status.success() {
            std::fs::write(&target, output.stdout)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        } else if file == "service-2.json" {
            return Err(format!(
                "git has no model/ds/{file} at `{revision}`: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        } else {
            let _ = std::fs::remove_file(&target);
        }
    }
    Ok(dir)
}

/// Loads, checks and lowers both models and compares them.
pub fn compare(old: &Path, new: &Path) -> Result<codegen::diff::Diff, String> {
    let lower = |dir: &Path| {
        let files = read_model(dir)?;
        codegen::lower(&files)
            .map(|(service, _)| service)
            .map_err(|e| format!("{} cannot be read:\n{e}", dir.display()))
    };
    Ok(diff(&lower(old)?, &lower(new)?))
}
