//! `cargo xtask semver-checks`: cargo-semver-checks on the ds crate generated from both sides of each revision pair (real releases, and the pinned model with one edit), its findings written where the tests compare them with the diff lint by lint.

mod lints;
mod pairs;
pub mod runtime;

pub use lints::{compare, lints_of, Comparison};
pub use pairs::{model_dir, Edit, Pair, Side, PAIRS};

use crate::{codegen_cmd, diff_cmd, root, Args};
use codegen::diff::Bump;
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The cargo-semver-checks release the verdicts come from, installed into `target/tools/`.
pub const TOOL_VERSION: &str = "0.51.0";

/// Where the verdicts are kept for the tests, relative to the repository root.
pub const FIXTURE: &str = "tests/fixtures/semver/cargo-semver-checks.json";

/// What cargo-semver-checks found for one pair.
struct Verdict {
    /// `major`, `minor` or `none`: the larger of the next two.
    bump: String,
    /// What the failed lints require.
    required: String,
    /// What the warnings suggest.
    suggested: String,
    /// The lints that failed or warned, each with how many places.
    lints: Vec<(String, usize)>,
}

/// `cargo xtask semver-checks [--only OLD-NEW | --runtime]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let args = Args::parse(args, &["--runtime"], &["--only"])?;
    let tool = crate::install_tool(
        "cargo-semver-checks",
        TOOL_VERSION,
        &["semver-checks", "--version"],
    )?;
    if args.has("--runtime") {
        return runtime::run(&tool);
    }
    let scratch = root().join("target/semver-checks");
    let mut rows = Vec::new();
    for pair in PAIRS {
        let name = pair.name();
        if args.value("--only").is_some_and(|only| only != name) {
            continue;
        }
        let (old_dir, new_dir) = (model_dir(pair.old)?, model_dir(pair.new)?);
        let crates = scratch.join("crates");
        let old_crate = generate(&old_dir, &crates.join(pairs::side_name(pair.old)))?;
        let new_crate = generate(&new_dir, &crates.join(pairs::side_name(pair.new)))?;
        println!("semver-checks: {name}");
        let verdict = check(&tool, &old_crate, &new_crate, &scratch)?;
        let diff = diff_cmd::compare(&old_dir, &new_dir)?;
        println!(
            "semver-checks: {name}: predicted {}, cargo-semver-checks {}",
            bump_name(diff.bump()),
            verdict.bump
        );
        rows.push((name, diff, verdict));
    }
    let fixture = json!({
        "tool": format!("cargo-semver-checks {TOOL_VERSION}"),
        "command": "cargo xtask semver-checks",
        "pairs": rows.iter().map(|(name, _, verdict)| json!({
            "pair": name,
            "verdict": verdict.bump,
            "required_by_failures": verdict.required,
            "suggested_by_warnings": verdict.suggested,
            "lints": verdict.lints.iter().map(|(lint, count)| json!({"lint": lint, "count": count})).collect::<Vec<Value>>(),
        })).collect::<Vec<Value>>(),
    });
    if args.value("--only").is_none() {
        let path = root().join(FIXTURE);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(&fixture).map_err(|e| e.to_string())? + "\n";
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("(written to {FIXTURE}; review it before committing)");
    }
    println!("\n| Pair | Predicted by the diff | cargo-semver-checks | Lints | Lints no change accounts for | Changes the tool did not report | Major changes the tool cannot see |\n|---|---|---|---|---|---|---|");
    for (name, diff, verdict) in &rows {
        let lints: Vec<String> = verdict
            .lints
            .iter()
            .map(|(lint, count)| format!("`{lint}` ({count})"))
            .collect();
        let names: Vec<String> = verdict.lints.iter().map(|(l, _)| lint_name(l)).collect();
        let comparison = compare(diff, &names);
        let list = |items: &[String]| {
            if items.is_empty() {
                "none".to_owned()
            } else {
                items.join("; ")
            }
        };
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            bump_name(diff.bump()),
            verdict.bump,
            list(&lints),
            list(&comparison.unexplained_lints),
            list(&comparison.unseen_changes),
            list(&comparison.blind_spots),
        );
    }
    Ok(())
}

/// How large a bump is: 0 for none or patch, 1 for minor, 2 for major.
pub fn rank(bump: &str) -> u8 {
    match bump {
        "major" => 2,
        "minor" => 1,
        _ => 0,
    }
}

/// A lint's name as the fixture records it (`enum_missing (failure)`) without its level.
pub fn lint_name(recorded: &str) -> String {
    recorded
        .split_once(' ')
        .map_or(recorded, |(name, _)| name)
        .to_owned()
}

/// The name a predicted bump has in the table; `none` when the models do not differ.
pub fn bump_name(bump: Option<Bump>) -> &'static str {
    match bump {
        Some(Bump::Major) => "major",
        Some(Bump::Minor) => "minor",
        Some(Bump::Patch) => "patch",
        None => "none",
    }
}

/// Generates the ds crate of the model in `model` into `out`, with the package name and
/// version of the checked-in crate, so only the API differs.
fn generate(model: &Path, out: &Path) -> Result<PathBuf, String> {
    let mut options = codegen_cmd::options("directory-service");
    options.command = "cargo xtask semver-checks".to_owned();
    options.runtime = codegen::ir::RuntimeSource::Path(codegen_cmd::runtime_path_from(out)?);
    let files = codegen_cmd::generate_with(model, &options)?;
    codegen_cmd::write_files(&files, out)?;
    Ok(out.to_path_buf())
}

/// Runs cargo-semver-checks as for a patch release, so every major and minor lint that
/// fails is reported, and reads its summary.
fn check(tool: &Path, old: &Path, new: &Path, scratch: &Path) -> Result<Verdict, String> {
    let (status, text) = crate::run_captured(
        Command::new(tool)
            .arg("semver-checks")
            .arg("--manifest-path")
            .arg(new.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(old)
            .args([
                "--release-type",
                "patch",
                "--all-features",
                "--color",
                "never",
            ])
            .env("CARGO_TARGET_DIR", scratch.join("target")),
    )?;
    parse(&text).ok_or_else(|| format!("cargo-semver-checks gave no summary ({status}):\n{text}"))
}

/// Reads cargo-semver-checks' report: the bump its failed lints require, the bump its
/// warnings suggest (warn-level lints, such as reordered variants of a `PartialOrd` enum),
/// and each lint with the number of places it found.
fn parse(text: &str) -> Option<Verdict> {
    let summary = text
        .lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix("Summary "))?;
    let level = |line: &str| {
        if line.contains("new major version") {
            Some(2)
        } else if line.contains("new minor version") {
            Some(1)
        } else {
            None
        }
    };
    let required = if summary.contains("no semver update required") {
        0
    } else {
        level(summary)?
    };
    let suggested = text
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("produced warnings suggest"))
        .filter_map(level)
        .max()
        .unwrap_or(0);
    let mut lints: Vec<(String, usize)> = Vec::new();
    let mut in_places = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed
            .strip_prefix("--- failure ")
            .or_else(|| trimmed.strip_prefix("--- warning "))
        {
            let kind = if trimmed.starts_with("--- failure") {
                "failure"
            } else {
                "warning"
            };
            let name = rest.split(':').next().unwrap_or(rest).trim();
            lints.push((format!("{name} ({kind})"), 0));
            in_places = false;
        } else if trimmed == "Failed in:" {
            in_places = true;
        } else if trimmed.is_empty() {
            in_places = false;
        } else if in_places {
            if let Some((_, count)) = lints.last_mut() {
                *count += 1;
            }
        }
    }
    lints.sort();
    let names = ["none", "minor", "major"];
    Some(Verdict {
        bump: names[required.max(suggested)].to_owned(),
        required: names[required].to_owned(),
        suggested: names[suggested].to_owned(),
        lints,
    })
}
