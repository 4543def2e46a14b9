//! `cargo xtask bench`: our generated crate side by side with the official `aws-sdk-directory`.
//!
//! Three equivalent programs (ours, the SDK with its default features, and the SDK in its
//! lean configuration), written under `target/bench/`, each call DescribeDirectories
//! against a canned-response HTTP server on loopback (written here: moto is too slow to
//! measure a client). All use tokio's current-thread runtime and the same static
//! credentials, region and endpoint. Every timing is repeated and its median reported.

use super::programs::{describe_directories, write_programs, Program};
use super::server::Server;
use crate::process::{cargo_two_jobs as cargo, write};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Sequential calls per latency run, after the warm-up calls.
pub(super) const CALLS: usize = 2000;
/// Rounds of calls and decoding per run of the full comparison.
const ROUNDS: usize = 5;
/// Calls per decoding run, each reading the 1,000-directory response.
pub(super) const DECODE_CALLS: usize = 40;
/// Directories in the large response.
pub(super) const DIRECTORIES: usize = 1000;

/// Runs the whole comparison `runs` times (each timing's median is reported) and prints
/// and saves the table.
pub fn run(runs: usize) -> Result<(), String> {
    let (dir, programs) = write_programs()?;
    let servers = Servers::start()?;
    let mut table = Table::default();
    for run in 1..=runs {
        for program in &programs {
            let project = dir.join(program.name);
            let target = project.join("target");
            for (profile, flags) in [("debug", &[][..]), ("release", &["--release"][..])] {
                remove(&target)?;
                eprintln!(
                    "bench: run {run}/{runs}: clean {profile} build of {} ...",
                    program.name
                );
                let mut args = vec!["build", "--quiet"];
                args.extend_from_slice(flags);
                let clean = timed(|| cargo(&project, &args, Some(&target)))?;
                table.push(
                    &format!("clean build, {profile} (s)"),
                    program.name,
                    clean.as_secs_f64(),
                );
                let package = format!("--package={}", program.service);
                let mut clean_args = vec!["clean", "--quiet", package.as_str()];
                clean_args.extend_from_slice(flags);
                cargo(&project, &clean_args, Some(&target))?;
                let alone = timed(|| cargo(&project, &args, Some(&target)))?;
                table.push(
                    &format!("service crate alone, {profile} (s)"),
                    program.name,
                    alone.as_secs_f64(),
                );
            }
        }
        // Calls are cheap next to builds: several rounds a run steady their medians.
        for round in 1..=ROUNDS {
            eprintln!("bench: run {run}/{runs}: calls, round {round}/{ROUNDS} ...");
            measure_round(&dir, &programs, &servers, &mut table)?;
        }
    }
    for program in &programs {
        let project = dir.join(program.name);
        table.push(
            "crates in the dependency graph",
            program.name,
            crate_count(&project)? as f64,
        );
        table.push(
            "lines of Rust in the service crate",
            program.name,
            service_lines(&project, program.service)? as f64,
        );
        let binary = project
            .join("target/release")
            .join(format!("bench-{}", program.name));
        let size = std::fs::metadata(&binary)
            .map_err(|e| format!("cannot stat {}: {e}", binary.display()))?
            .len();
        table.push(
            "stripped release binary (MB)",
            program.name,
            size as f64 / 1e6,
        );
    }
    let codegen = super::codegen_stats()?;
    let versions = versions(&dir)?;
    let title = format!("DescribeDirectories, ours (generated/) against {versions}, default features (SDK) and lean (no default features, rustls on ring); builds: {runs} run(s), calls: {ROUNDS} rounds a run");
    let report = table.render(&title, servers.large_len, Some(codegen.0));
    print!("{report}");
    let json = table.to_json(runs, servers.large_len, codegen.0, &versions);
    save_json(&dir.join("sdk.json"), &json)
}

/// Writes a bench's results as JSON to `path`, and says where.
pub(super) fn save_json(path: &Path, json: &Value) -> Result<(), String> {
    write(
        path,
        &serde_json::to_string_pretty(json).unwrap_or_default(),
    )?;
    println!("\nwritten to {}", path.display());
    Ok(())
}

/// The two loopback servers: one-directory responses and the 1,000-directory one.
pub(super) struct Servers {
    small: Server,
    large: Server,
    pub(super) large_len: usize,
}

impl Servers {
    pub(super) fn start() -> Result<Self, String> {
        let large = describe_directories(DIRECTORIES);
        Ok(Servers {
            small: Server::start(describe_directories(1))?,
            large_len: large.len(),
            large: Server::start(large)?,
        })
    }
}

/// One round of calls and decoding for each program in turn: interleaved, so drift on a
/// shared machine hits them all.
pub(super) fn measure_round(
    dir: &Path,
    programs: &[Program],
    servers: &Servers,
    table: &mut Table,
) -> Result<(), String> {
    for program in programs {
        let binary = dir
            .join(program.name)
            .join("target/release")
            .join(format!("bench-{}", program.name));
        let calls = measure(&binary, &servers.small.url, CALLS, 1)?;
        table.push(
            "calls per second",
            program.name,
            CALLS as f64 / calls.total.as_secs_f64(),
        );
        table.push(
            "latency p50 (µs)",
            program.name,
            calls.p50.as_secs_f64() * 1e6,
        );
        table.push(
            "latency p99 (µs)",
            program.name,
            calls.p99.as_secs_f64() * 1e6,
        );
        let decode = measure(&binary, &servers.large.url, DECODE_CALLS, DIRECTORIES)?;
        let megabytes = (servers.large_len * DECODE_CALLS) as f64 / 1e6;
        table.push(
            "decoding, 1,000 directories (MB/s)",
            program.name,
            megabytes / decode.total.as_secs_f64(),
        );
    }
    Ok(())
}

/// A result of the latency or decoding mode of a program.
pub(super) struct Calls {
    pub(super) total: Duration,
    pub(super) p50: Duration,
    pub(super) p99: Duration,
}

/// Runs `binary URL N` and checks it read `directories` directories per call.
fn measure(binary: &Path, url: &str, calls: usize, directories: usize) -> Result<Calls, String> {
    measure_with(binary, url, calls, directories, &[])
}

/// [`measure`] with environment variables for the program.
pub(super) fn measure_with(
    binary: &Path,
    url: &str,
    calls: usize,
    directories: usize,
    env: &[(&str, &str)],
) -> Result<Calls, String> {
    let mut command = Command::new(binary);
    command
        .arg(url)
        .arg(calls.to_string())
        .envs(env.iter().copied());
    let stdout = run_program(&mut command, binary)?;
    let line: Value = serde_json::from_slice(&stdout)
        .map_err(|e| format!("{} printed no result: {e}", binary.display()))?;
    let nanos = |key: &str| Duration::from_nanos(line[key].as_u64().unwrap_or_default());
    if line["directories"].as_u64() != Some(directories as u64) {
        return Err(format!(
            "{} read {} directories, expected {directories}",
            binary.display(),
            line["directories"]
        ));
    }
    Ok(Calls {
        total: nanos("total_ns"),
        p50: nanos("p50_ns"),
        p99: nanos("p99_ns"),
    })
}

/// Runs a bench program; its standard output, or why it failed.
pub(super) fn run_program(command: &mut Command, binary: &Path) -> Result<Vec<u8>, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed: {}",
            binary.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(output.stdout)
}

/// The programs, in column order: ours, then the SDK's default and lean configurations.
const SIDES: [&str; 3] = ["ours", "theirs", "lean"];

/// Rows of samples per program, in first-seen order.
#[derive(Default)]
pub(super) struct Table {
    rows: Vec<(String, [Vec<f64>; 3])>,
}

impl Table {
    pub(super) fn push(&mut self, metric: &str, side: &str, value: f64) {
        let index = match self.rows.iter().position(|(m, _)| m == metric) {
            Some(i) => i,
            None => {
                self.rows.push((metric.to_owned(), Default::default()));
                self.rows.len() - 1
            }
        };
        let column = SIDES.iter().position(|s| *s == side).unwrap_or(0);
        self.rows[index].1[column].push(value);
    }

    /// Each metric's median of the ratios ours/SDK and ours/SDK lean taken sample by
    /// sample: samples are pushed in turn, so the i-th of each program come from the same
    /// run or round, and a ratio of neighbours shrugs off drift that medians of each
    /// column mix.
    fn paired_ratios(&self) -> Vec<[f64; 2]> {
        let ratios = |ours: &[f64], other: &[f64]| {
            let each: Vec<f64> = ours.iter().zip(other).map(|(o, t)| o / t).collect();
            median(&each)
        };
        self.rows
            .iter()
            .map(|(_, [ours, theirs, lean])| [ratios(ours, theirs), ratios(ours, lean)])
            .collect()
    }

    /// Each metric's median per program.
    fn medians(&self) -> Vec<(&str, [f64; 3])> {
        self.rows
            .iter()
            .map(|(m, samples)| (m.as_str(), samples.each_ref().map(|s| median(s))))
            .collect()
    }

    pub(super) fn render(&self, title: &str, large: usize, codegen: Option<Duration>) -> String {
        let mut out = format!(
            "\n{title}; medians; CARGO_BUILD_JOBS=2\n\n| metric | ours | SDK | SDK lean | ours/SDK | ours/SDK lean | paired ours/SDK | paired ours/SDK lean |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
        );
        for ((metric, [ours, theirs, lean]), [paired, paired_lean]) in
            self.medians().into_iter().zip(self.paired_ratios())
        {
            out.push_str(&format!(
                "| {metric} | {} | {} | {} | {:.2} | {:.2} | {paired:.2} | {paired_lean:.2} |\n",
                format_value(ours),
                format_value(theirs),
                format_value(lean),
                ours / theirs,
                ours / lean
            ));
        }
        if let Some(codegen) = codegen {
            out.push_str(&format!(
                "| time to generate our crate (ms, release) | {:.0} | | | | | | |\n",
                codegen.as_secs_f64() * 1e3
            ));
        }
        out.push_str(&format!(
            "\nPaired: the median of the ratios of samples taken side by side. The large response is {large} bytes; decoding goes through each client's public API (loopback HTTP included).\n"
        ));
        out
    }

    fn to_json(&self, runs: usize, large: usize, codegen: Duration, versions: &str) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .zip(self.paired_ratios())
            .map(|((metric, [ours, theirs, lean]), [paired, paired_lean])| {
                let (o, t, l) = (median(ours), median(theirs), median(lean));
                json!({"metric": metric, "ours": o, "theirs": t, "lean": l, "ratio": o / t, "ratio_lean": o / l, "paired_ratio": paired, "paired_ratio_lean": paired_lean, "ours_samples": ours, "theirs_samples": theirs, "lean_samples": lean})
            })
            .collect();
        json!({"runs": runs, "versions": versions, "large_response_bytes": large, "codegen_ms": codegen.as_secs_f64() * 1e3, "rows": rows})
    }
}

fn format_value(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

pub(super) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The versions of the two service crates and of the SDK's runtime, from the lockfile.
fn versions(dir: &Path) -> Result<String, String> {
    Ok(format!(
        "aws-sdk-directory {}",
        locked_version(&dir.join("theirs"), "aws-sdk-directory")?
    ))
}

/// One side: its project directory, the package it builds, and the packages a clean build
/// removes first (the service crate, and the program over it if there is one).
pub(super) struct Side {
    pub name: &'static str,
    pub project: PathBuf,
    pub package: String,
    pub clean: Vec<String>,
}

/// The version of `package` in the lockfile of `project`.
pub(super) fn locked_version(project: &Path, package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(project.join("Cargo.lock"))
        .map_err(|e| format!("cannot read the lockfile: {e}"))?;
    lock.split("[[package]]")
        .find(|p| p.contains(&format!("name = \"{package}\"\n")))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .ok_or_else(|| format!("{package} is not in the lockfile of {}", project.display()))
}

/// Distinct crates (name and version) the program builds, itself excluded.
pub(super) fn crate_count(project: &Path) -> Result<usize, String> {
    let output = Command::new(crate::process::cargo_bin())
        .current_dir(project)
        .args([
            "tree",
            "--quiet",
            "--prefix",
            "none",
            "-e",
            "normal,build",
            "--no-dedupe",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo tree: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut crates: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.trim_end_matches(" (*)"))
        .map(|l| l.split(" (").next().unwrap_or(l))
        .filter(|l| !l.is_empty())
        .collect();
    crates.sort_unstable();
    crates.dedup();
    Ok(crates.len())
}

/// Lines of Rust under the service crate's `src/`.
pub(super) fn service_lines(project: &Path, service: &str) -> Result<usize, String> {
    let output = Command::new(crate::process::cargo_bin())
        .current_dir(project)
        .args(["metadata", "--format-version", "1"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    let metadata: Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let manifest = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == service)
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or_else(|| format!("{service} is not in the graph"))?;
    let src = Path::new(manifest).with_file_name("src");
    let mut lines = 0;
    let mut stack = vec![src];
    // A split crate's parts (`parts/*/src`) are its lines too.
    if let Ok(parts) = std::fs::read_dir(Path::new(manifest).with_file_name("parts")) {
        stack.extend(parts.flatten().map(|part| part.path().join("src")));
    }
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                lines += std::fs::read_to_string(&path)
                    .map(|t| t.lines().count())
                    .unwrap_or(0);
            }
        }
    }
    Ok(lines)
}

/// The time of a clean build of `project` (its `target/` removed first), in debug or release;
/// `what` says in the progress line what is built.
pub(super) fn clean_build(
    project: &std::path::Path,
    profile: &str,
    what: &str,
) -> Result<Duration, String> {
    remove(&project.join("target"))?;
    eprintln!("{what}: clean {profile} build ...");
    let mut args = vec!["build", "--quiet"];
    if profile == "release" {
        args.push("--release");
    }
    timed(|| crate::process::cargo_two_jobs(project, &args, None))
}

/// The two sides of a comparison in round `round`'s order: swapped every other round, so
/// neither side always builds first.
pub(super) fn rotated<T: Copy>(sides: [T; 2], round: u64) -> [T; 2] {
    if round % 2 == 0 {
        sides
    } else {
        [sides[1], sides[0]]
    }
}

pub(super) fn timed(f: impl FnOnce() -> Result<(), String>) -> Result<Duration, String> {
    let started = Instant::now();
    f()?;
    Ok(started.elapsed())
}

pub(super) fn remove(dir: &PathBuf) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}
