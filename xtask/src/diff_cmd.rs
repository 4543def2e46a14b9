//! `cargo xtask diff OLD NEW`: what changed between two model directories, how bad it is,
//! and the semver bump the regenerated crate needs.

use crate::codegen_cmd::read_model;
use crate::Args;
use codegen::diff::{diff, to_json, to_markdown, Severity};
use std::path::Path;

/// Runs the diff; `Err` when a model cannot be read or `--fail-on` is met.
pub fn run(args: &[String]) -> Result<(), String> {
    let (paths, options): (Vec<&String>, Vec<&String>) = split(args);
    let [old, new] = paths.as_slice() else {
        return Err("usage: cargo xtask diff OLD NEW [--format markdown|json] [--fail-on breaking|dangerous]".to_owned());
    };
    let options: Vec<String> = options.into_iter().cloned().collect();
    let args = Args::parse(&options, &[], &["--format", "--fail-on"])?;
    let fail_on = match args.value("--fail-on") {
        None => None,
        Some("breaking") => Some(Severity::Breaking),
        Some("dangerous") => Some(Severity::Dangerous),
        Some(other) => {
            return Err(format!(
                "--fail-on takes breaking or dangerous, not `{other}`"
            ))
        }
    };
    let result = compare(Path::new(old), Path::new(new))?;
    match args.value("--format").unwrap_or("markdown") {
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

/// Positional arguments, and `--option value` pairs.
fn split(args: &[String]) -> (Vec<&String>, Vec<&String>) {
    let mut paths = Vec::new();
    let mut options = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg.starts_with("--") {
            options.push(arg);
            options.extend(iter.next());
        } else {
            paths.push(arg);
        }
    }
    (paths, options)
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
