//! `cargo xtask bench scale [--runs N] [--sizes 1,5,20]`: programs that make one call on
//! each of 1, 5 and 20 services, ours (our crates of the whole models, one per service,
//! over one runtime) against the official SDK's crates in their lean configuration (no
//! default features, rustls on ring): clean debug and release builds, the sides
//! interleaved with the order rotated between runs; crates in the graph; stripped binary
//! size. Samples accumulate in `target/bench/scale/samples.json` across invocations, so
//! runs can be added on another day; the report and the chart in `docs/` use them all.

use super::chart;
use super::programs_calls::{write_calls, ServiceCalls};
use super::sdk::{clean_build, crate_count, median, rotated};
use crate::process::{cargo_two_jobs as cargo, write};
use crate::{botocore, codegen_cmd, root};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A service in the programs: its botocore name, the SDK's crate, and an operation both
/// clients call without any input.
struct Service {
    botocore: &'static str,
    sdk: &'static str,
    call: &'static str,
}

/// The services, in the order the programs take them: the first 1, 5 or 20. JSON-family
/// services first, then query and XML ones, all of moderate size (the largest are
/// compared alone by `bench service`).
const SERVICES: [Service; 20] = [
    svc("ds", "aws-sdk-directory", "describe_directories"),
    svc("dynamodb", "aws-sdk-dynamodb", "list_tables"),
    svc("sqs", "aws-sdk-sqs", "list_queues"),
    svc("kinesis", "aws-sdk-kinesis", "list_streams"),
    svc("lambda", "aws-sdk-lambda", "list_functions"),
    svc("logs", "aws-sdk-cloudwatchlogs", "describe_log_groups"),
    svc("secretsmanager", "aws-sdk-secretsmanager", "list_secrets"),
    svc("ssm", "aws-sdk-ssm", "describe_parameters"),
    svc("kms", "aws-sdk-kms", "list_keys"),
    svc("ecr", "aws-sdk-ecr", "describe_repositories"),
    svc("ecs", "aws-sdk-ecs", "list_clusters"),
    svc("events", "aws-sdk-eventbridge", "list_event_buses"),
    svc("stepfunctions", "aws-sdk-sfn", "list_state_machines"),
    svc("athena", "aws-sdk-athena", "list_work_groups"),
    svc("firehose", "aws-sdk-firehose", "list_delivery_streams"),
    svc("acm", "aws-sdk-acm", "list_certificates"),
    svc("sts", "aws-sdk-sts", "get_caller_identity"),
    svc("sns", "aws-sdk-sns", "list_topics"),
    svc("iam", "aws-sdk-iam", "list_users"),
    svc("route53", "aws-sdk-route53", "list_hosted_zones"),
];

const fn svc(botocore: &'static str, sdk: &'static str, call: &'static str) -> Service {
    Service {
        botocore,
        sdk,
        call,
    }
}

const SIDES: [&str; 2] = ["ours", "sdk"];
const PROFILES: [&str; 2] = ["debug", "release"];

/// Runs `runs` more rounds for `sizes`; prints and saves the table and draws the chart.
pub fn run(runs: usize, sizes: &[usize]) -> Result<(), String> {
    if let Some(bad) = sizes.iter().find(|&&n| n == 0 || n > SERVICES.len()) {
        return Err(format!(
            "a program takes 1 to {} services, not {bad}",
            SERVICES.len()
        ));
    }
    let dir = root().join("target/bench/scale");
    let largest = sizes.iter().copied().max().unwrap_or(1);
    generate_ours(&dir, largest)?;
    for &size in sizes {
        for side in SIDES {
            let project = write_program(&dir, side, size)?;
            // Downloads never fall inside a timed build.
            cargo(&project, &["fetch", "--quiet"], None)?;
        }
    }
    let samples_path = dir.join("samples.json");
    let mut samples = read_samples(&samples_path)?;
    let first_round = samples
        .iter()
        .filter_map(|s| s["round"].as_u64())
        .max()
        .map_or(0, |r| r + 1);
    for round in first_round..first_round + runs as u64 {
        for &size in sizes {
            for profile in PROFILES {
                let order = rotated(SIDES, round);
                for side in order {
                    let project = program_dir(&dir, side, size);
                    let what = format!(
                        "bench scale: round {}: {side}, {size} service(s)",
                        round + 1
                    );
                    let took = clean_build(&project, profile, &what)?;
                    samples.push(json!({
                        "round": round, "size": size, "profile": profile, "side": side,
                        "value": took.as_secs_f64(),
                    }));
                    if profile == "release" {
                        samples.push(json!({
                            "round": round, "size": size, "profile": "binary", "side": side,
                            "value": binary_megabytes(&project, side, size)?,
                        }));
                    }
                    // Saved as it goes: a long run that stops keeps what it measured.
                    save_samples(&samples_path, &samples)?;
                }
            }
        }
    }
    let mut crates = Vec::new();
    for &size in sizes {
        crates.push((
            size,
            crate_count(&program_dir(&dir, "ours", size))?,
            crate_count(&program_dir(&dir, "sdk", size))?,
        ));
    }
    let report = render(&samples, &crates, &versions(&dir, largest)?);
    print!("{report}");
    write(&dir.join("report.md"), &report)?;
    let svg = chart::build_times(&series(&samples))?;
    write(&root().join("docs/scale.svg"), &svg)?;
    println!(
        "\nwritten to {} and docs/scale.svg",
        dir.join("report.md").display()
    );
    Ok(())
}

fn program_dir(dir: &Path, side: &str, size: usize) -> PathBuf {
    dir.join(format!("{side}-{size}"))
}

/// Our crates of the first `count` services, from the pinned botocore's whole models.
fn generate_ours(dir: &Path, count: usize) -> Result<(), String> {
    for service in &SERVICES[..count] {
        let model = botocore::service_dir(botocore::PINNED_VERSION, service.botocore)?;
        let out = dir.join("crates").join(service.botocore);
        let mut options = codegen_cmd::options(&format!("ours-{}", service.botocore));
        options.command = "cargo xtask bench scale".to_owned();
        options.runtime = codegen::ir::RuntimeSource::Path(codegen_cmd::runtime_path_from(&out)?);
        let files = codegen_cmd::generate_with(&model, &options)?;
        super::sdk::remove(&out.join("src"))?;
        codegen_cmd::write_files(&files, &out)?;
    }
    Ok(())
}

/// Writes the program of `side` over the first `size` services; returns its directory.
fn write_program(dir: &Path, side: &str, size: usize) -> Result<PathBuf, String> {
    let project = program_dir(dir, side, size);
    let services: Vec<ServiceCalls> = SERVICES[..size]
        .iter()
        .map(|service| ServiceCalls {
            dependency: if side == "ours" {
                format!("ours-{0} = {{ path = \"../crates/{0}\" }}", service.botocore)
            } else {
                format!(
                    "{} = {{ version = \"1\", default-features = false, features = [\"rt-tokio\"] }}",
                    service.sdk
                )
            },
            krate: if side == "ours" {
                format!("ours_{}", service.botocore)
            } else {
                service.sdk.replace('-', "_")
            },
            calls: vec![service.call.to_owned()],
        })
        .collect();
    let doc = format!(
        "One call on each of {size} service(s) (`cargo xtask bench scale`): the endpoint URL is the argument."
    );
    write_calls(&project, side, &format!("{side}-{size}"), &doc, &services)?;
    Ok(project)
}

fn binary_megabytes(project: &Path, side: &str, size: usize) -> Result<f64, String> {
    let binary = project.join(format!("target/release/{side}-{size}"));
    std::fs::metadata(&binary)
        .map(|m| m.len() as f64 / 1e6)
        .map_err(|e| format!("cannot stat {}: {e}", binary.display()))
}

fn read_samples(path: &Path) -> Result<Vec<Value>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a list of samples: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

fn save_samples(path: &Path, samples: &[Value]) -> Result<(), String> {
    write(
        path,
        &serde_json::to_string_pretty(samples).unwrap_or_default(),
    )
}

/// The samples of one size, profile and side, in round order.
fn values(samples: &[Value], size: usize, profile: &str, side: &str) -> Vec<(u64, f64)> {
    let mut found: Vec<(u64, f64)> = samples
        .iter()
        .filter(|s| {
            s["size"].as_u64() == Some(size as u64) && s["profile"] == profile && s["side"] == side
        })
        .filter_map(|s| Some((s["round"].as_u64()?, s["value"].as_f64()?)))
        .collect();
    found.sort_by_key(|(round, _)| *round);
    found
}

/// Ours over the SDK's, round by round (only rounds that measured both).
fn paired(samples: &[Value], size: usize, profile: &str) -> Vec<f64> {
    let sdk = values(samples, size, profile, "sdk");
    values(samples, size, profile, "ours")
        .into_iter()
        .filter_map(|(round, ours)| {
            let (_, theirs) = sdk.iter().find(|(r, _)| *r == round)?;
            Some(ours / theirs)
        })
        .collect()
}

/// Every size measured, ascending.
fn sizes_in(samples: &[Value]) -> Vec<usize> {
    let mut sizes: Vec<usize> = samples
        .iter()
        .filter_map(|s| s["size"].as_u64().map(|n| n as usize))
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// The chart's lines: build time against the number of services, per side and profile.
fn series(samples: &[Value]) -> Vec<chart::Series> {
    let mut lines = Vec::new();
    for profile in PROFILES {
        for side in SIDES {
            let points = sizes_in(samples)
                .into_iter()
                .filter_map(|size| {
                    let seconds: Vec<f64> = values(samples, size, profile, side)
                        .into_iter()
                        .map(|(_, s)| s)
                        .collect();
                    (!seconds.is_empty()).then(|| (size as f64, median(&seconds)))
                })
                .collect();
            let who = if side == "ours" { "ours" } else { "SDK (lean)" };
            lines.push(chart::Series {
                label: format!("{who}, clean {profile} build"),
                ours: side == "ours",
                dashed: profile == "release",
                points,
            });
        }
    }
    lines
}

fn render(samples: &[Value], crates: &[(usize, usize, usize)], versions: &str) -> String {
    let rounds = samples
        .iter()
        .filter_map(|s| s["round"].as_u64())
        .max()
        .map_or(0, |r| r + 1);
    let mut out = format!(
        "\nPrograms making one call on each of N services: ours (botocore {}, whole models) against the SDK lean ({versions}); {rounds} round(s), medians; CARGO_BUILD_JOBS=2\n\n| services | metric | ours | SDK lean | ours / SDK | per round |\n|---:|---|---:|---:|---:|---|\n",
        botocore::PINNED_VERSION
    );
    for size in sizes_in(samples) {
        for (profile, label) in [
            ("debug", "clean debug build (s)"),
            ("release", "clean release build (s)"),
            ("binary", "stripped release binary (MB)"),
        ] {
            let median_of = |side| {
                let v: Vec<f64> = values(samples, size, profile, side)
                    .into_iter()
                    .map(|(_, s)| s)
                    .collect();
                median(&v)
            };
            let (ours, sdk) = (median_of("ours"), median_of("sdk"));
            let each: Vec<String> = paired(samples, size, profile)
                .iter()
                .map(|r| format!("{r:.2}"))
                .collect();
            out.push_str(&format!(
                "| {size} | {label} | {ours:.1} | {sdk:.1} | {:.2} | {} |\n",
                ours / sdk,
                each.join(", ")
            ));
        }
        if let Some((_, ours, sdk)) = crates.iter().find(|(n, _, _)| *n == size) {
            out.push_str(&format!(
                "| {size} | crates in the graph | {ours} | {sdk} | {:.2} | |\n",
                *ours as f64 / *sdk as f64
            ));
        }
    }
    out
}

/// The SDK's crate versions in the largest program's lockfile.
fn versions(dir: &Path, largest: usize) -> Result<String, String> {
    let project = program_dir(dir, "sdk", largest);
    let first = super::sdk::locked_version(&project, SERVICES[0].sdk)?;
    let runtime = super::sdk::locked_version(&project, "aws-smithy-runtime")?;
    Ok(format!(
        "{} {first} and the others of its release, aws-smithy-runtime {runtime}",
        SERVICES[0].sdk
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(round: u64, size: usize, profile: &str, side: &str, value: f64) -> Value {
        json!({"round": round, "size": size, "profile": profile, "side": side, "value": value})
    }

    #[test]
    fn ratios_pair_the_sides_of_one_round() {
        let samples = vec![
            sample(0, 5, "debug", "ours", 10.0),
            sample(1, 5, "debug", "sdk", 50.0),
            sample(0, 5, "debug", "sdk", 40.0),
            sample(1, 5, "debug", "ours", 20.0),
            // A round that measured one side only pairs with nothing.
            sample(2, 5, "debug", "ours", 99.0),
            sample(0, 1, "debug", "ours", 1.0),
        ];
        assert_eq!(paired(&samples, 5, "debug"), vec![0.25, 0.4]);
        assert_eq!(sizes_in(&samples), vec![1, 5]);
        let table = render(&samples, &[(5, 40, 160)], "v");
        assert!(
            table.contains("| 5 | clean debug build (s) | 20.0 | 50.0 | 0.40 | 0.25, 0.40 |"),
            "{table}"
        );
        assert!(
            table.contains("| 5 | crates in the graph | 40 | 160 | 0.25 | |"),
            "{table}"
        );
    }

    #[test]
    fn every_program_names_distinct_services() {
        let mut names: Vec<&str> = SERVICES.iter().map(|s| s.botocore).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SERVICES.len());
    }
}
