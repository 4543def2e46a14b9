//! `cargo xtask bench service NAME [--runs N]`: one service's generated crate (the whole
//! model of the pinned botocore) against the official SDK's crate of that service: lines
//! of Rust, and clean debug and release builds of the service crate alone (its dependencies
//! already built), the two sides interleaved in each run with the order rotated between
//! runs, so a slow spell of the shared machine falls on both.

use super::sdk::{locked_version, median, remove, save_json, service_lines, timed};
use crate::process::{cargo_two_jobs as cargo, write};
use crate::{botocore, codegen_cmd, root};
use serde_json::json;
use std::path::{Path, PathBuf};

/// One side: its project directory and the service crate's package.
struct Side {
    name: &'static str,
    project: PathBuf,
    package: String,
}

/// Runs the comparison for `service` `runs` times; prints and saves the table.
pub fn run(service: &str, runs: usize) -> Result<(), String> {
    let dir = root().join("target/bench/service").join(service);
    let ours = write_ours(&dir, service)?;
    let theirs = write_theirs(&dir, service)?;
    let sides = [ours, theirs];
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
    let mut times: Vec<[Vec<f64>; 2]> = vec![[Vec::new(), Vec::new()], [Vec::new(), Vec::new()]];
    for run in 0..runs {
        for (p, (profile, flags)) in [("debug", &[][..]), ("release", &["--release"][..])]
            .into_iter()
            .enumerate()
        {
            let order: Vec<usize> = if run % 2 == 0 { vec![0, 1] } else { vec![1, 0] };
            for s in order {
                let side = &sides[s];
                let package = format!("--package={}", side.package);
                let mut clean = vec!["clean", "--quiet", package.as_str()];
                clean.extend_from_slice(flags);
                cargo(&side.project, &clean, None)?;
                let mut build = vec!["build", "--quiet"];
                build.extend_from_slice(flags);
                eprintln!(
                    "bench service: run {}/{runs}: {profile} build of {} alone ...",
                    run + 1,
                    side.package
                );
                let took = timed(|| cargo(&side.project, &build, None))?;
                times[p][s].push(took.as_secs_f64());
            }
        }
    }
    let lines = [
        service_lines(&sides[0].project, &sides[0].package)?,
        service_lines(&sides[1].project, &sides[1].package)?,
    ];
    let medians: Vec<[f64; 2]> = times
        .iter()
        .map(|per_side| [median(&per_side[0]), median(&per_side[1])])
        .collect();
    let version = locked_version(&sides[1].project, &sides[1].package)?;
    let mut report = format!(
        "\n{service}: ours (the whole model, botocore {}) against {} {version}, {runs} run(s), medians\n\n",
        botocore::PINNED_VERSION,
        sides[1].package
    );
    report.push_str("| | ours | SDK | ours / SDK |\n|---|---:|---:|---:|\n");
    report.push_str(&format!(
        "| lines of Rust in the service crate | {} | {} | {:.2} |\n",
        lines[0],
        lines[1],
        lines[0] as f64 / lines[1] as f64
    ));
    for (label, [ours, sdk]) in [
        "clean debug build of the crate alone (s)",
        "clean release build of the crate alone (s)",
    ]
    .iter()
    .zip(&medians)
    {
        report.push_str(&format!(
            "| {label} | {ours:.1} | {sdk:.1} | {:.2} |\n",
            ours / sdk
        ));
    }
    print!("{report}");
    let json = json!({
        "service": service,
        "runs": runs,
        "sdk": format!("{} {version}", sides[1].package),
        "lines": {"ours": lines[0], "sdk": lines[1]},
        "debug_seconds": {"ours": times[0][0], "sdk": times[0][1]},
        "release_seconds": {"ours": times[1][0], "sdk": times[1][1]},
    });
    save_json(&dir.join("result.json"), &json)
}

/// Our crate of the whole model, and a workspace that builds it.
fn write_ours(dir: &Path, service: &str) -> Result<Side, String> {
    let model = botocore::service_dir(botocore::PINNED_VERSION, service)?;
    let project = dir.join("ours");
    let package = format!("ours-{service}");
    let out = project.join("crate");
    let mut options = codegen_cmd::options(&package);
    options.command = "cargo xtask bench service".to_owned();
    options.runtime = codegen::ir::RuntimeSource::Path(codegen_cmd::runtime_path_from(&out)?);
    let files = codegen_cmd::generate_with(&model, &options)?;
    remove(&out.join("src"))?;
    codegen_cmd::write_files(&files, &out)?;
    write(
        &project.join("Cargo.toml"),
        "# Written by `cargo xtask bench service`.\n[workspace]\nresolver = \"2\"\nmembers = [\"crate\"]\n\n[profile.dev]\ndebug = false\n",
    )?;
    Ok(Side {
        name: "ours",
        project,
        package,
    })
}

/// A project depending on the SDK's crate of `service` in its lean configuration.
fn write_theirs(dir: &Path, service: &str) -> Result<Side, String> {
    let project = dir.join("sdk");
    let package = format!("aws-sdk-{service}");
    write(
        &project.join("Cargo.toml"),
        &format!("# Written by `cargo xtask bench service`.\n[package]\nname = \"bench-sdk\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{package} = {{ version = \"1\", default-features = false, features = [\"rt-tokio\"] }}\n\n[profile.dev]\ndebug = false\n"),
    )?;
    write(&project.join("src/lib.rs"), "//! Builds the SDK crate.\n")?;
    Ok(Side {
        name: "sdk",
        project,
        package,
    })
}
