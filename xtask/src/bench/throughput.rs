//! `cargo xtask bench throughput [--botocore VERSION]`: the generator over every service of
//! a botocore release, in release: the time to generate each crate in memory (checking,
//! lowering, emitting, formatting; reading the files is not counted), reported as the total,
//! the median and the slowest services, with their generated lines.

use crate::{botocore, codegen_cmd, sweep};
use std::time::{Duration, Instant};

/// The slowest services listed.
const WORST: usize = 5;

/// Generates every service of botocore `version` once and prints the figures.
pub fn run(version: &str) -> Result<(), String> {
    let data = botocore::all_services(version)?;
    let services = sweep::services(&data)?;
    // One service first, untimed, so one-time setup (allocator, lazy statics) is no
    // service's cost.
    if let Some((name, dir)) = services.first() {
        let files = codegen_cmd::read_model(dir)?;
        let _ = codegen::generate(&files, &codegen_cmd::options(&format!("aws-{name}")));
    }
    let mut rows: Vec<(Duration, usize, String)> = Vec::new();
    let mut refused = Vec::new();
    for (name, dir) in &services {
        let files = codegen_cmd::read_model(dir)?;
        let options = codegen_cmd::options(&format!("aws-{name}"));
        let started = Instant::now();
        let result = codegen::generate(&files, &options);
        let took = started.elapsed();
        match result {
            Ok(generated) => {
                let lines = generated.files.values().map(|t| t.lines().count()).sum();
                rows.push((took, lines, name.clone()));
            }
            Err(_) => refused.push(name.clone()),
        }
    }
    rows.sort();
    let total: Duration = rows.iter().map(|(d, _, _)| *d).sum();
    let lines: usize = rows.iter().map(|(_, l, _)| *l).sum();
    let median = rows.get(rows.len() / 2).map_or(Duration::ZERO, |r| r.0);
    println!(
        "botocore {version}: {} services generated in memory (release) in {:.1} s, {lines} lines; median {:.1} ms a service; {} refused{}",
        rows.len(),
        total.as_secs_f64(),
        median.as_secs_f64() * 1e3,
        refused.len(),
        if refused.is_empty() { String::new() } else { format!(": {}", refused.join(", ")) },
    );
    println!("slowest:");
    for (took, lines, name) in rows.iter().rev().take(WORST) {
        println!(
            "  {name:<24} {:>8.1} ms  {lines:>9} lines",
            took.as_secs_f64() * 1e3
        );
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(format!("{} services were refused", refused.len()))
    }
}
