//! `cargo xtask bench`: our generated crate against the official SDK (`sdk`, the default),
//! generator phase times, the worst-case time of each ds pattern on 100 kB inputs, and the
//! time of a model diff, in release.

mod calls;
mod cbor;
mod chart;
mod credentials;
mod every_operation;
mod floor;
mod patterns;
mod programs;
mod programs_calls;
mod scale;
mod sdk;
mod server;
mod service;
mod stream;
mod throughput;

use crate::{codegen_cmd, root};
use std::collections::BTreeMap;
use std::time::Duration;

const RUNS: usize = 15;

/// `cargo xtask bench [sdk [--runs N]]|service NAME [--runs N] [--operations A,B,...] [--every-operation]|scale [--runs N] [--sizes 1,5,20]|credentials [--runs N]|throughput [--botocore VERSION]|stream|calls [--rounds N]|cbor [--runs N]|floor [--runs N]|codegen|patterns|diff`.
pub fn run(args: &[String]) -> Result<(), String> {
    let usage = || {
        "usage: cargo xtask bench [sdk [--runs N]] | service NAME [--runs N] [--operations A,B,...] [--every-operation] | scale [--runs N] [--sizes 1,5,20] | credentials [--runs N] | throughput [--botocore VERSION] | stream | calls [--rounds N] | cbor [--runs N] | floor [--runs N] | codegen | patterns | diff"
            .to_owned()
    };
    let which = args.first().map_or("sdk", String::as_str);
    if which == "throughput" {
        let version = match &args.get(1..).unwrap_or_default() {
            [] => crate::botocore::PINNED_VERSION.to_owned(),
            [flag, v] if flag == "--botocore" => v.clone(),
            _ => return Err(usage()),
        };
        if cfg!(debug_assertions) {
            let mut rerun = vec!["run", "--quiet", "--release", "-p", "xtask", "--", "bench"];
            rerun.extend(args.iter().map(String::as_str));
            return crate::process::cargo(&root(), &rerun, &[]);
        }
        return throughput::run(&version);
    }
    if which == "stream" {
        return match args.get(1..).unwrap_or_default() {
            [] => stream::run(),
            _ => Err(usage()),
        };
    }
    if which == "scale" {
        let (mut runs, mut sizes) = (1, vec![1, 5, 20]);
        let mut rest = args.get(1..).unwrap_or_default().iter();
        while let Some(flag) = rest.next() {
            let value = rest.next().ok_or_else(usage)?;
            match flag.as_str() {
                "--runs" => runs = value.parse().map_err(|_| usage())?,
                "--sizes" => {
                    sizes = value
                        .split(',')
                        .map(|n| n.trim().parse())
                        .collect::<Result<_, _>>()
                        .map_err(|_| usage())?
                }
                _ => return Err(usage()),
            }
        }
        if cfg!(debug_assertions) {
            let mut rerun = vec!["run", "--quiet", "--release", "-p", "xtask", "--", "bench"];
            rerun.extend(args.iter().map(String::as_str));
            return crate::process::cargo(&root(), &rerun, &[]);
        }
        return scale::run(runs, &sizes);
    }
    if which == "credentials" {
        let runs = match args.get(1..).unwrap_or_default() {
            [] => 1,
            [flag, n] if flag == "--runs" => n.parse().ok().filter(|&n| n > 0).ok_or_else(usage)?,
            _ => return Err(usage()),
        };
        return credentials::run(runs);
    }
    if which == "service" {
        let service = args.get(1).ok_or_else(usage)?.clone();
        let (mut runs, mut operations, mut every_operation) = (1, None, false);
        let mut rest = args.get(2..).unwrap_or_default().iter();
        while let Some(flag) = rest.next() {
            if flag == "--every-operation" {
                every_operation = true;
                continue;
            }
            let value = rest.next().ok_or_else(usage)?;
            match flag.as_str() {
                "--runs" => runs = value.parse().ok().filter(|&n| n > 0).ok_or_else(usage)?,
                "--operations" => {
                    operations = Some(value.split(',').map(|o| o.trim().to_owned()).collect())
                }
                _ => return Err(usage()),
            }
        }
        if cfg!(debug_assertions) {
            let mut rerun = vec!["run", "--quiet", "--release", "-p", "xtask", "--", "bench"];
            rerun.extend(args.iter().map(String::as_str));
            return crate::process::cargo(&root(), &rerun, &[]);
        }
        return service::run(&service, runs, operations, every_operation);
    }
    let runs = match (which, &args.get(1..).unwrap_or_default()) {
        ("sdk", []) => 3,
        ("sdk", [flag, n]) if flag == "--runs" => {
            n.parse().ok().filter(|&n| n > 0).ok_or_else(usage)?
        }
        ("calls", []) => 15,
        ("calls", [flag, n]) if flag == "--rounds" => {
            n.parse().ok().filter(|&n| n > 0).ok_or_else(usage)?
        }
        ("cbor", []) => 5,
        ("floor", []) => 2,
        ("cbor" | "floor", [flag, n]) if flag == "--runs" => {
            n.parse().ok().filter(|&n| n > 0).ok_or_else(usage)?
        }
        ("codegen" | "patterns" | "diff", []) => 0,
        _ => return Err(usage()),
    };
    if cfg!(debug_assertions) {
        // Timing a debug build would measure the wrong thing: rerun in release.
        let mut rerun = vec!["run", "--quiet", "--release", "-p", "xtask", "--", "bench"];
        rerun.extend(args.iter().map(String::as_str));
        if args.is_empty() {
            rerun.push("sdk");
        }
        return crate::process::cargo(&root(), &rerun, &[]);
    }
    match which {
        "sdk" => sdk::run(runs),
        "calls" => calls::run(runs),
        "cbor" => cbor::run(runs),
        "floor" => floor::run(runs),
        "codegen" => codegen(),
        "diff" => diff(),
        _ => patterns::run(),
    }
}

/// The median time to generate the ds crate (all phases) and the generated line count.
pub(crate) fn codegen_stats() -> Result<(Duration, usize), String> {
    let files = codegen_cmd::read_model(&root().join("model/ds"))?;
    let options = codegen_cmd::options("directory-service");
    let mut totals = Vec::new();
    let mut lines = 0;
    for run in 0..=RUNS {
        let (result, timings) = codegen::generate_timed(&files, &options);
        let generated = result.map_err(|e| e.to_string())?;
        lines = generated.files.values().map(|t| t.lines().count()).sum();
        if run > 0 {
            totals.push(timings.iter().map(|(_, d)| *d).sum::<Duration>());
        }
    }
    Ok((median(&mut totals), lines))
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
