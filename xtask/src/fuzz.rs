//! `cargo xtask fuzz`: the coverage-guided fuzz targets of `tests/fuzz/`, run with cargo-fuzz (libFuzzer) from their checked-in corpora.

use crate::{root, Args};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The cargo-fuzz release, installed into `target/tools/`.
pub const TOOL_VERSION: &str = "0.13.2";

/// Every fuzz target: a decoding surface each.
pub const TARGETS: &[&str] = &[
    "ds_json_responses",
    "ds_cbor_responses",
    "rest_json_responses",
    "query_xml_responses",
    "event_stream_frames",
    "endpoint_rules",
    "profile_files",
];

/// How long the test command runs each target.
pub const TEST_SECONDS: u64 = 30;

/// How the targets are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// cargo-fuzz's default: optimised, one codegen unit per crate. 7.7 min to build the
    /// targets from scratch here, then about 1,600 inputs a second (`ds_json_responses`).
    Release,
    /// Unoptimised: 2.2 min to build from scratch, then about 115 inputs a second. Enough for
    /// the test command, which replays the checked-in corpora and tries a few thousand
    /// mutations; long runs take [`Build::Release`].
    Dev,
}

/// The test command's fuzzing: the fuzz crate is formatted, and every target runs for
/// [`TEST_SECONDS`] without a crash, built with [`Build::Dev`].
pub fn short_runs() -> Result<(), String> {
    let manifest = root().join("tests/fuzz/Cargo.toml").display().to_string();
    crate::process::cargo(
        &root(),
        &["fmt", "--manifest-path", &manifest, "--check"],
        &[],
    )?;
    let runs = run_targets(TARGETS, TEST_SECONDS, Build::Dev)?;
    print!("{}", table(&runs));
    Ok(())
}

/// The runs as a Markdown table.
fn table(runs: &[FuzzRun]) -> String {
    let mut out =
        "| Target | Seconds | Executions | Corpus | Crashes |\n|---|---|---|---|---|\n".to_owned();
    for run in runs {
        out.push_str(&format!(
            "| {} | {} | {} | {} | 0 |\n",
            run.target, run.seconds, run.executions, run.corpus
        ));
    }
    out
}

/// What one run did.
#[derive(Debug)]
pub struct FuzzRun {
    /// The target.
    pub target: String,
    /// Inputs executed.
    pub executions: u64,
    /// Inputs in the corpus at the end (the checked-in seeds and what the run added).
    pub corpus: u64,
    /// Seconds it ran.
    pub seconds: u64,
}

/// `cargo xtask fuzz (TARGET | --all) [--time SECONDS]` (default 60 s per target).
pub fn run(args: &[String]) -> Result<(), String> {
    let (named, rest): (Vec<String>, Vec<String>) = args
        .iter()
        .cloned()
        .partition(|a| TARGETS.contains(&a.as_str()));
    let args = Args::parse(&rest, &["--all"], &["--time"])?;
    let time: u64 = match args.value("--time") {
        Some(t) => t
            .parse()
            .map_err(|_| format!("--time takes whole seconds, not `{t}`"))?,
        None => 60,
    };
    let targets: Vec<&str> = if args.has("--all") {
        TARGETS.to_vec()
    } else {
        named.iter().map(String::as_str).collect()
    };
    if targets.is_empty() {
        return Err(format!(
            "name a target or --all; the targets: {}",
            TARGETS.join(", ")
        ));
    }
    let runs = run_targets(&targets, time, Build::Release)?;
    print!("\n{}", table(&runs));
    Ok(())
}

/// Runs each target for `seconds` from its checked-in corpus; an error names the target
/// and the input that crashed it.
pub fn run_targets(targets: &[&str], seconds: u64, build: Build) -> Result<Vec<FuzzRun>, String> {
    let tool = crate::install_tool("cargo-fuzz", TOOL_VERSION, &["--version"])?;
    let fuzz_dir = root().join("tests/fuzz");
    let work = root().join("target/fuzz");
    let mut runs = Vec::new();
    for target in targets {
        let seeds = fuzz_dir.join("corpus").join(target);
        let corpus = work.join("corpus").join(target);
        let artifacts = work.join("artifacts").join(target);
        for dir in [&corpus, &artifacts] {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        println!("xtask fuzz: {target} for {seconds} s");
        let mut command = Command::new(&tool);
        command.args(["fuzz", "run", "--fuzz-dir"]).arg(&fuzz_dir);
        if build == Build::Dev {
            command.arg("--dev");
        }
        let (status, log) = crate::run_captured(
            command
                // Debug assertions catch overflow and slicing mistakes that release code hides.
                .args(["--debug-assertions", target])
                .arg(&corpus)
                .arg(&seeds)
                .arg("--")
                .arg(format!("-max_total_time={seconds}"))
                .arg(format!("-artifact_prefix={}/", artifacts.display()))
                // An input that takes 10 s or 2 GB is a bug, like a panic.
                .args(["-timeout=10", "-rss_limit_mb=2048", "-malloc_limit_mb=2048"])
                .arg("-print_final_stats=1")
                // Apart, so that switching between the two does not rebuild either.
                .env(
                    "CARGO_TARGET_DIR",
                    work.join(match build {
                        Build::Release => "build",
                        Build::Dev => "build-dev",
                    }),
                )
                // libFuzzer's instrumentation needs flags that only nightly accepts; this lets
                // the stable toolchain accept them.
                .env("RUSTC_BOOTSTRAP", "1"),
        )?;
        fs::write(work.join(format!("{target}.log")), &log)
            .map_err(|e| format!("cannot write the log: {e}"))?;
        if !status.success() {
            let crash = newest_file(&artifacts)
                .map(|p| format!("; the input is {}", p.display()))
                .unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            return Err(format!(
                "fuzz target {target} failed ({status}){crash}:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            ));
        }
        let stat = |name: &str| {
            log.lines()
                .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let executions = stat("number_of_executed_units")
            .ok_or_else(|| format!("fuzz target {target}: no final stats in its log"))?;
        let corpus_size = fs::read_dir(&corpus).map(|d| d.count()).unwrap_or(0)
            + fs::read_dir(&seeds).map(|d| d.count()).unwrap_or(0);
        println!("xtask fuzz: {target}: {executions} executions, corpus {corpus_size}, no crash");
        runs.push(FuzzRun {
            target: (*target).to_owned(),
            executions,
            corpus: corpus_size as u64,
            seconds,
        });
    }
    Ok(runs)
}

/// The most recently written file of a directory.
fn newest_file(dir: &Path) -> Option<PathBuf> {
    fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
}
