//! `cargo xtask bench floor`: what the client stack alone costs (a program with the runtime's client dependencies and none of our code) against the ours program, clean builds interleaved, and both stripped binaries.

use super::sdk::{cargo, median, remove, timed, write};
use crate::root;

/// The floor program's manifest: the runtime's client dependencies, same features.
const MANIFEST: &str = include_str!("floor/Cargo.toml.in");

/// One HTTPS call through that stack, so the linker keeps what a client uses.
const MAIN: &str = include_str!("floor/main.rs");

/// `cargo xtask bench floor [--runs N]`; `ours` must exist (`cargo xtask bench` writes it).
pub fn run(runs: usize) -> Result<(), String> {
    let dir = root().join("target/bench");
    let floor = dir.join("floor");
    let ours = dir.join("ours");
    if !ours.join("Cargo.toml").exists() {
        return Err("target/bench/ours is missing: run `cargo xtask bench` first".to_owned());
    }
    write(&floor.join("Cargo.toml"), MANIFEST)?;
    write(&floor.join("src/main.rs"), MAIN)?;
    // The same dependency versions as the ours program, where they overlap.
    std::fs::copy(ours.join("Cargo.lock"), floor.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy the lock file: {e}"))?;
    cargo(&floor, &["fetch", "--quiet"], None)?;
    let mut rows: Vec<(String, Vec<f64>, Vec<f64>)> = Vec::new();
    for (profile, flags) in [("debug", &[][..]), ("release", &["--release"][..])] {
        let (mut floor_times, mut ours_times) = (Vec::new(), Vec::new());
        for run in 1..=runs {
            for (name, project, times) in [
                ("floor", &floor, &mut floor_times),
                ("ours", &ours, &mut ours_times),
            ] {
                let target = project.join("target");
                remove(&target)?;
                eprintln!("bench floor: run {run}/{runs}: clean {profile} build of {name} ...");
                let mut args = vec!["build", "--quiet"];
                args.extend_from_slice(flags);
                times.push(timed(|| cargo(project, &args, Some(&target)))?.as_secs_f64());
            }
        }
        rows.push((
            format!("clean build, {profile} (s)"),
            floor_times,
            ours_times,
        ));
    }
    let size = |path: std::path::PathBuf| -> Result<f64, String> {
        let bytes = std::fs::metadata(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .len();
        Ok(bytes as f64 / 1_000_000.0)
    };
    let binaries = (
        size(floor.join("target/release/floor"))?,
        size(ours.join("target/release/bench-ours"))?,
    );
    println!("\nThe client stack alone (target/bench/floor) against ours; medians of {runs}, CARGO_BUILD_JOBS=2\n");
    println!(
        "| metric | floor | ours | floor/ours | samples (floor; ours) |\n|---|---:|---:|---:|---|"
    );
    for (metric, floor_times, ours_times) in &rows {
        let (f, o) = (median(floor_times), median(ours_times));
        println!(
            "| {metric} | {f:.2} | {o:.2} | {:.2} | {floor_times:.1?}; {ours_times:.1?} |",
            f / o
        );
    }
    println!(
        "| stripped release binary (MB) | {:.2} | {:.2} | {:.2} | |",
        binaries.0,
        binaries.1,
        binaries.0 / binaries.1
    );
    Ok(())
}
