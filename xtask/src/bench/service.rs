//! `cargo xtask bench service NAME [--runs N] [--operations A,B,...]`: one service's
//! generated crate (the whole model of the pinned botocore) against the official SDK's
//! crate of that service, and with `--operations` our crate trimmed to those operations
//! too: lines of Rust, and clean debug and release builds of the service crate alone (its
//! dependencies already built), the sides interleaved in each run with the order rotated
//! between runs, so a slow spell of the shared machine falls on all. Both sides build
//! without incremental state, as Cargo builds a registry crate. Each run also redraws the
//! table and chart of every service measured so far.

use super::chart;
use super::every_operation;
use super::sdk::{locked_version, median, remove, save_json, service_lines, timed, Side};
use crate::process::{cargo_two_jobs as cargo, write};
use crate::{botocore, codegen_cmd, root};
use serde_json::{json, Value};
use std::path::Path;

/// Runs the comparison for `service` `runs` times; prints and saves the table.
pub fn run(
    service: &str,
    runs: usize,
    operations: Option<Vec<String>>,
    every_operation: bool,
) -> Result<(), String> {
    let dir = root().join("target/bench/service").join(service);
    let mut sides = vec![
        write_ours(&dir, service, None)?,
        write_theirs(&dir, service)?,
    ];
    if let Some(operations) = &operations {
        sides.push(write_ours(&dir, service, Some(operations))?);
    }
    // The SDK's side needs its lockfile, which the untimed builds below write.
    let every_operation_from = every_operation.then_some(sides.len());
    for side in &sides {
        // Downloads and the dependencies never fall inside a timed build.
        for flags in [&[][..], &["--release"][..]] {
            let mut args = vec!["build", "--quiet"];
            args.extend_from_slice(flags);
            eprintln!(
                "bench service: building {} and its dependencies ...",
                side.name
            );
            cargo(&side.project, &args, None)?;
        }
    }
    if every_operation {
        let more = [
            every_operation::write_ours(&dir, service, &sides[0].clean)?,
            every_operation::write_theirs(&dir, &sides[1].package)?,
        ];
        for side in &more {
            for flags in [&[][..], &["--release"][..]] {
                let mut args = vec!["build", "--quiet"];
                args.extend_from_slice(flags);
                eprintln!("bench service: building {} ...", side.name);
                cargo(&side.project, &args, None)?;
            }
        }
        sides.extend(more);
    }
    // By profile, then side.
    let mut times: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); sides.len()]; 2];
    for run in 0..runs {
        for (p, (profile, flags)) in [("debug", &[][..]), ("release", &["--release"][..])]
            .into_iter()
            .enumerate()
        {
            // Each run starts one side later.
            let order = (0..sides.len()).map(|i| (i + run) % sides.len());
            for s in order {
                let side = &sides[s];
                let packages: Vec<String> = side
                    .clean
                    .iter()
                    .map(|p| format!("--package={p}"))
                    .collect();
                let mut clean = vec!["clean", "--quiet"];
                clean.extend(packages.iter().map(String::as_str));
                clean.extend_from_slice(flags);
                cargo(&side.project, &clean, None)?;
                let mut build = vec!["build", "--quiet"];
                build.extend_from_slice(flags);
                eprintln!(
                    "bench service: run {}/{runs}: {profile} build of {} ({}) ...",
                    run + 1,
                    side.package,
                    side.name
                );
                let took = timed(|| cargo(&side.project, &build, None))?;
                times[p][s].push(took.as_secs_f64());
            }
        }
    }
    // The service crates alone (the programs over them have no lines of their own to count).
    let crates_alone = every_operation_from.unwrap_or(sides.len());
    let lines = sides[..crates_alone]
        .iter()
        .map(|side| service_lines(&side.project, &side.package))
        .collect::<Result<Vec<_>, _>>()?;
    let medians: Vec<Vec<f64>> = times
        .iter()
        .map(|per_side| per_side.iter().map(|t| median(t)).collect())
        .collect();
    let version = locked_version(&sides[1].project, &sides[1].package)?;
    let trimmed = operations.as_ref().map(|ops| ops.len());
    let mut report = format!(
        "\n{service}: ours (the whole model, botocore {}) against {} {version}{}, {runs} run(s), medians\n\n",
        botocore::PINNED_VERSION,
        sides[1].package,
        trimmed.map_or(String::new(), |n| format!(", and ours trimmed to {n} operations")),
    );
    let trimmed_columns = if trimmed.is_some() {
        (
            " trimmed | trimmed / ours | trimmed / SDK |",
            "---:|---:|---:|",
        )
    } else {
        ("", "")
    };
    report.push_str(&format!(
        "| | ours | SDK | ours / SDK |{}\n|---|---:|---:|---:|{}\n",
        trimmed_columns.0, trimmed_columns.1
    ));
    let row = |label: &str, values: &[f64], digits: usize| {
        let mut row = format!(
            "| {label} | {:.digits$} | {:.digits$} | {:.2} |",
            values[0],
            values[1],
            values[0] / values[1]
        );
        if let Some(&trimmed) = values.get(2) {
            row.push_str(&format!(
                " {trimmed:.digits$} | {:.2} | {:.2} |",
                trimmed / values[0],
                trimmed / values[1]
            ));
        }
        row.push('\n');
        row
    };
    let line_counts: Vec<f64> = lines.iter().map(|&n| n as f64).collect();
    report.push_str(&row("lines of Rust in the service crate", &line_counts, 0));
    for (label, values) in [
        "clean debug build of the crate alone (s)",
        "clean release build of the crate alone (s)",
    ]
    .iter()
    .zip(&medians)
    {
        report.push_str(&row(label, &values[..crates_alone], 1));
    }
    if let Some(from) = every_operation_from {
        for (label, values) in [
            "clean debug build of the crate and a program calling every operation (s)",
            "clean release build of the crate and a program calling every operation (s)",
        ]
        .iter()
        .zip(&medians)
        {
            report.push_str(&format!(
                "| {label} | {:.1} | {:.1} | {:.2} |\n",
                values[from],
                values[from + 1],
                values[from] / values[from + 1]
            ));
        }
    }
    print!("{report}");
    let json = json!({
        "service": service,
        "runs": runs,
        "sdk": format!("{} {version}", sides[1].package),
        "operations": operations,
        "lines": {"ours": lines[0], "sdk": lines[1], "trimmed": lines.get(2)},
        "debug_seconds": {"ours": times[0][0], "sdk": times[0][1], "trimmed": trimmed.map(|_| &times[0][2])},
        "release_seconds": {"ours": times[1][0], "sdk": times[1][1], "trimmed": trimmed.map(|_| &times[1][2])},
        "every_operation": every_operation_from.map(|from| json!({
            "debug_seconds": {"ours": times[0][from], "sdk": times[0][from + 1]},
            "release_seconds": {"ours": times[1][from], "sdk": times[1][from + 1]},
        })),
    });
    let name = if trimmed.is_some() {
        "result-trimmed.json"
    } else {
        "result.json"
    };
    save_json(&dir.join(name), &json)?;
    summarize(&root().join("target/bench/service"))
}

/// One measured service's medians: lines and (debug, release) seconds of each side.
struct Measured {
    service: String,
    sdk: String,
    runs: u64,
    lines: (f64, f64),
    builds: chart::ServiceBuilds,
    /// With `--every-operation`: the (debug, release) ratios of the programs calling every
    /// operation, ours over the SDK's.
    every_operation: Option<(f64, f64)>,
}

/// The medians of a saved result, `None` for a file that is not one.
fn measured(result: &Value) -> Option<Measured> {
    let seconds = |profile: &str, side: &str| median_of(&result[profile][side]);
    let service = result["service"].as_str()?.to_owned();
    let every = &result["every_operation"];
    let every_ratio = |profile: &str| -> Option<f64> {
        Some(median_of(&every[profile]["ours"])? / median_of(&every[profile]["sdk"])?)
    };
    let every_operation = every_ratio("debug_seconds").zip(every_ratio("release_seconds"));
    Some(Measured {
        every_operation,
        sdk: result["sdk"].as_str()?.to_owned(),
        runs: result["runs"].as_u64()?,
        lines: (
            result["lines"]["ours"].as_f64()?,
            result["lines"]["sdk"].as_f64()?,
        ),
        builds: chart::ServiceBuilds {
            service: service.clone(),
            ours: (
                seconds("debug_seconds", "ours")?,
                seconds("release_seconds", "ours")?,
            ),
            sdk: (
                seconds("debug_seconds", "sdk")?,
                seconds("release_seconds", "sdk")?,
            ),
        },
        service,
    })
}

/// The median of an array of samples, `None` for anything else or no samples.
fn median_of(samples: &Value) -> Option<f64> {
    let samples: Vec<f64> = samples
        .as_array()?
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    (!samples.is_empty()).then(|| median(&samples))
}

/// The table of every service measured under `dir` (its `result.json`, else the one of a
/// trimmed run, which measured the whole crate too), largest first, into `dir/report.md`,
/// and their chart into `docs/large-services.svg`.
fn summarize(dir: &Path) -> Result<(), String> {
    let mut all = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = ["result.json", "result-trimmed.json"]
            .iter()
            .map(|name| entry.path().join(name))
            .find(|path| path.exists());
        let Some(path) = path else { continue };
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        all.push(
            measured(&json).ok_or_else(|| format!("{} is not a bench result", path.display()))?,
        );
    }
    all.sort_by(|a, b| b.lines.1.total_cmp(&a.lines.1));
    let mut report = String::from(
        "| service | SDK crate | runs | lines ours / SDK | clean debug (s) ours / SDK | ratio | clean release (s) ours / SDK | ratio | every operation called: debug, release ratios |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for m in &all {
        let b = &m.builds;
        report.push_str(&format!(
            "| {} | {} | {} | {:.0} / {:.0} = {:.2} | {:.1} / {:.1} | {:.2} | {:.1} / {:.1} | {:.2} | {} |\n",
            m.service,
            m.sdk,
            m.runs,
            m.lines.0,
            m.lines.1,
            m.lines.0 / m.lines.1,
            b.ours.0,
            b.sdk.0,
            b.ours.0 / b.sdk.0,
            b.ours.1,
            b.sdk.1,
            b.ours.1 / b.sdk.1,
            m.every_operation
                .map_or("–".to_owned(), |(d, r)| format!("{d:.2}, {r:.2}")),
        ));
    }
    write(&dir.join("report.md"), &report)?;
    let builds: Vec<chart::ServiceBuilds> = all.into_iter().map(|m| m.builds).collect();
    write(
        &root().join("docs/large-services.svg"),
        &chart::service_builds(&builds)?,
    )?;
    println!(
        "\nevery service measured: {} and docs/large-services.svg",
        dir.join("report.md").display()
    );
    Ok(())
}

/// Our crate of the whole model (or of `operations` only), and a workspace that builds it.
fn write_ours(dir: &Path, service: &str, operations: Option<&[String]>) -> Result<Side, String> {
    let model = botocore::service_dir(botocore::PINNED_VERSION, service)?;
    let (name, project, package) = match operations {
        None => ("ours", dir.join("ours"), format!("ours-{service}")),
        Some(_) => ("trimmed", dir.join("trimmed"), format!("trimmed-{service}")),
    };
    let out = project.join("crate");
    let mut options = codegen_cmd::options(&package);
    options.command = "cargo xtask bench service".to_owned();
    options.runtime = codegen::ir::RuntimeSource::Path(codegen_cmd::runtime_path_from(&out)?);
    options.operations = operations.map(<[String]>::to_vec);
    let files = codegen_cmd::generate_with(&model, &options)?;
    remove(&out.join("src"))?;
    remove(&out.join("parts"))?;
    codegen_cmd::write_files(&files, &out)?;
    // A split crate's parts are built, and cleaned, with it.
    let mut clean = vec![package.clone()];
    clean.extend(files.iter().filter_map(|(path, text)| {
        let part = path.strip_prefix("parts").ok()?;
        (part.components().count() == 2 && part.ends_with("Cargo.toml")).then_some(())?;
        let line = text.lines().find(|l| l.starts_with("name = \""))?;
        Some(
            line.trim_start_matches("name = \"")
                .trim_end_matches('"')
                .to_owned(),
        )
    }));
    write(
        &project.join("Cargo.toml"),
        "# Written by `cargo xtask bench service`.\n[workspace]\nresolver = \"2\"\nmembers = [\"crate\"]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
    )?;
    Ok(Side {
        name,
        project,
        clean,
        package,
    })
}

/// A project depending on the SDK's crate of `service` in its lean configuration.
fn write_theirs(dir: &Path, service: &str) -> Result<Side, String> {
    let project = dir.join("sdk");
    let package = format!("aws-sdk-{service}");
    write(
        &project.join("Cargo.toml"),
        &format!("# Written by `cargo xtask bench service`.\n[package]\nname = \"bench-sdk\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{package} = {{ version = \"1\", default-features = false, features = [\"rt-tokio\"] }}\n\n[profile.dev]\ndebug = false\nincremental = false\n"),
    )?;
    write(&project.join("src/lib.rs"), "//! Builds the SDK crate.\n")?;
    Ok(Side {
        name: "sdk",
        project,
        clean: vec![package.clone()],
        package,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_reads_as_the_medians_of_its_runs() {
        let result = json!({
            "service": "glue", "runs": 3, "sdk": "aws-sdk-glue 1.2.3",
            "lines": {"ours": 100, "sdk": 400, "trimmed": null},
            "debug_seconds": {"ours": [3.0, 1.0, 2.0], "sdk": [9.0, 8.0, 7.0], "trimmed": null},
            "release_seconds": {"ours": [4.0, 4.0, 5.0], "sdk": [20.0, 30.0, 10.0], "trimmed": null},
        });
        let m = measured(&result).unwrap();
        assert_eq!(
            (m.service.as_str(), m.runs, m.lines),
            ("glue", 3, (100.0, 400.0))
        );
        assert_eq!((m.builds.ours, m.builds.sdk), ((2.0, 4.0), (8.0, 20.0)));
        assert_eq!(
            m.every_operation, None,
            "measured without --every-operation"
        );
        let mut every = result.clone();
        every["every_operation"] = json!({
            "debug_seconds": {"ours": [6.0, 2.0, 4.0], "sdk": [8.0, 9.0, 7.0]},
            "release_seconds": {"ours": [5.0], "sdk": [20.0]},
        });
        assert_eq!(measured(&every).unwrap().every_operation, Some((0.5, 0.25)));
        let mut broken = result.clone();
        broken["debug_seconds"]["sdk"] = json!([]);
        assert!(
            measured(&broken).is_none(),
            "a side without samples is not a result"
        );
    }
}
