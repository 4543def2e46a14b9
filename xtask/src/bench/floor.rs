//! `cargo xtask bench floor`: what the client stack alone costs (programs with the runtime's client dependencies and none of our code) against ours and the lean SDK, clean builds interleaved, and the stripped binaries.

use super::sdk::{median, remove, timed};
use crate::process::{cargo_two_jobs as cargo, write};
use crate::root;

/// The floor program's manifest: the runtime's client dependencies, same features.
const MANIFEST: &str = include_str!("floor/Cargo.toml.in");

/// One HTTPS call through that stack, so the linker keeps what a client uses.
const MAIN: &str = include_str!("floor/main.rs");

/// A program of the comparison: its directory under `target/bench`, the target directory
/// inside it, the build's feature flags and its binary.
struct Program {
    name: &'static str,
    project: &'static str,
    target: &'static str,
    features: &'static [&'static str],
    binary: &'static str,
}

/// In the order built within each run; the last is the baseline of the ratios.
/// `floor-openssl` is the floor program with the system's OpenSSL for TLS and HMAC, to
/// measure whether another TLS backend would lower the floor.
const PROGRAMS: [Program; 4] = [
    Program {
        name: "floor",
        project: "floor",
        target: "target",
        features: &[],
        binary: "floor",
    },
    Program {
        name: "floor-openssl",
        project: "floor",
        target: "target-openssl",
        features: &["--no-default-features", "--features", "openssl"],
        binary: "floor",
    },
    Program {
        name: "ours",
        project: "ours",
        target: "target",
        features: &[],
        binary: "bench-ours",
    },
    Program {
        name: "lean",
        project: "lean",
        target: "target",
        features: &[],
        binary: "bench-lean",
    },
];

/// `cargo xtask bench floor [--runs N]`; `ours` and `lean` must exist (`cargo xtask bench`
/// writes them).
pub fn run(runs: usize) -> Result<(), String> {
    let dir = root().join("target/bench");
    for existing in ["ours", "lean"] {
        if !dir.join(existing).join("Cargo.toml").exists() {
            return Err(format!(
                "target/bench/{existing} is missing: run `cargo xtask bench` first"
            ));
        }
    }
    let floor = dir.join("floor");
    write(&floor.join("Cargo.toml"), MANIFEST)?;
    write(&floor.join("src/main.rs"), MAIN)?;
    // The same dependency versions as the ours program, where they overlap.
    std::fs::copy(dir.join("ours/Cargo.lock"), floor.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy the lock file: {e}"))?;
    cargo(&floor, &["fetch", "--quiet"], None)?;
    let mut rows: Vec<(String, Vec<Vec<f64>>)> = Vec::new();
    for (profile, flags) in [("debug", &[][..]), ("release", &["--release"][..])] {
        let mut times = vec![Vec::new(); PROGRAMS.len()];
        for run in 1..=runs {
            for (program, times) in PROGRAMS.iter().zip(&mut times) {
                let project = dir.join(program.project);
                let target = project.join(program.target);
                remove(&target)?;
                eprintln!(
                    "bench floor: run {run}/{runs}: clean {profile} build of {} ...",
                    program.name
                );
                let mut args = vec!["build", "--quiet"];
                args.extend_from_slice(flags);
                args.extend_from_slice(program.features);
                times.push(timed(|| cargo(&project, &args, Some(&target)))?.as_secs_f64());
            }
        }
        rows.push((format!("clean build, {profile} (s)"), times));
    }
    let mut sizes = Vec::new();
    for program in &PROGRAMS {
        let path = dir
            .join(program.project)
            .join(program.target)
            .join("release")
            .join(program.binary);
        let bytes = std::fs::metadata(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .len();
        sizes.push(vec![bytes as f64 / 1_000_000.0]);
    }
    rows.push(("stripped release binary (MB)".to_owned(), sizes));
    println!("{}", render(runs, &rows));
    Ok(())
}

/// The table: each program's median and its ratio to the lean SDK's, then the samples.
fn render(runs: usize, rows: &[(String, Vec<Vec<f64>>)]) -> String {
    let names: Vec<&str> = PROGRAMS.iter().map(|p| p.name).collect();
    let mut out = format!(
        "\nThe client stack alone (target/bench/floor, and floor-openssl with the system's \
         OpenSSL) against ours and the lean SDK; medians of {runs}, CARGO_BUILD_JOBS=2\n\n\
         | metric | {} | {} | samples ({}) |\n|---|{}---:|---|\n",
        names.join(" | "),
        names[..names.len() - 1]
            .iter()
            .map(|n| format!("{n}/lean"))
            .collect::<Vec<_>>()
            .join(" | "),
        names.join("; "),
        "---:|".repeat(2 * names.len() - 2),
    );
    for (metric, samples) in rows {
        let medians: Vec<f64> = samples.iter().map(|s| median(s)).collect();
        let baseline = medians.last().copied().unwrap_or(f64::NAN);
        let cells: Vec<String> = medians.iter().map(|m| format!("{m:.2}")).collect();
        let ratios: Vec<String> = medians[..medians.len() - 1]
            .iter()
            .map(|m| format!("{:.2}", m / baseline))
            .collect();
        let listed: Vec<String> = samples.iter().map(|s| format!("{s:.1?}")).collect();
        out.push_str(&format!(
            "| {metric} | {} | {} | {} |\n",
            cells.join(" | "),
            ratios.join(" | "),
            listed.join("; ")
        ));
    }
    out
}
