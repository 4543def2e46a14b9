//! `cargo xtask bench codegen|patterns|diff`: generator phase times, the worst-case time of
//! each ds pattern on 100 kB inputs, and the time of a model diff, in release.

mod patterns;

use crate::{codegen_cmd, root, test_cmd};
use std::collections::BTreeMap;
use std::time::Duration;

const RUNS: usize = 15;

/// `cargo xtask bench codegen|patterns`.
pub fn run(args: &[String]) -> Result<(), String> {
    match (args.first().map(String::as_str), args.len()) {
        (Some(which @ ("codegen" | "patterns" | "diff")), 1) => {
            if cfg!(debug_assertions) {
                // Timing a debug build would measure the wrong thing: rerun in release.
                return test_cmd::cargo(
                    &root(),
                    &[
                        "run",
                        "--quiet",
                        "--release",
                        "-p",
                        "xtask",
                        "--",
                        "bench",
                        which,
                    ],
                    &[],
                );
            }
            match which {
                "codegen" => codegen(),
                "diff" => diff(),
                _ => patterns::run(),
            }
        }
        _ => Err("usage: cargo xtask bench codegen|patterns|diff".to_owned()),
    }
}

fn codegen() -> Result<(), String> {
    let files = codegen_cmd::read_model(&root().join("model/ds"))?;
    let options = codegen_cmd::options("directory-service");
    let mut phases: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
    let mut order = Vec::new();
    let mut totals = Vec::new();
    let mut lines = 0;
    for run in 0..=RUNS {
        let (result, timings) = codegen::generate_timed(&files, &options);
        let generated = result.map_err(|e| e.to_string())?;
        if run == 0 {
            // The first run warms caches and is not counted.
            lines = generated
                .files
                .values()
                .map(|t| t.lines().count())
                .sum::<usize>();
            order = timings.iter().map(|(name, _)| *name).collect();
            continue;
        }
        totals.push(timings.iter().map(|(_, d)| *d).sum::<Duration>());
        for (name, duration) in timings {
            phases.entry(name).or_default().push(duration);
        }
    }
    println!("generating the ds crate, release build, median of {RUNS} runs:");
    for name in order {
        let median = median(
            phases
                .get_mut(name)
                .map(Vec::as_mut_slice)
                .unwrap_or_default(),
        );
        println!("  {name:<8} {:>8.1} ms", median.as_secs_f64() * 1e3);
    }
    println!(
        "  {:<8} {:>8.1} ms",
        "total",
        median(&mut totals).as_secs_f64() * 1e3
    );
    println!("  generated: {lines} lines of code and manifest");
    Ok(())
}

/// Times `cargo xtask diff` of the ds model of botocore 1.19.30 against the current one:
/// reading, checking and lowering both models, comparing, and rendering the report.
fn diff() -> Result<(), String> {
    let old = root().join("model/ds/history/1.19.30");
    let new = root().join("model/ds");
    let mut times = Vec::new();
    let mut changes = 0;
    for run in 0..=RUNS {
        let started = std::time::Instant::now();
        let d = crate::diff_cmd::compare(&old, &new)?;
        let report = codegen::diff::to_markdown(&d);
        let elapsed = started.elapsed();
        std::hint::black_box(report);
        changes = d.changes.len();
        if run > 0 {
            times.push(elapsed);
        }
    }
    println!(
        "diff of ds 1.19.30 against the current model ({changes} changes), release build, median of {RUNS} runs: {:.1} ms (target: under 200 ms)",
        median(&mut times).as_secs_f64() * 1e3
    );
    Ok(())
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}
