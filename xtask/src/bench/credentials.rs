//! `cargo xtask bench credentials [--runs N]`: a program that takes its credentials and region from the default chain and makes one ds call, ours (`aws-codegen-config` and the ds crate) against the official SDK's (`aws-config` with its SSO and `credential_process` providers, and `aws-sdk-directory`, both without default features, rustls on ring): clean debug and release builds interleaved with the order rotated between runs, crates in the graph, stripped binary size.

use super::sdk::{clean_build, crate_count, median, rotated};
use crate::process::{cargo_two_jobs as cargo, write};
use crate::root;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const SIDES: [&str; 2] = ["ours", "sdk"];
const PROFILES: [&str; 2] = ["debug", "release"];

/// Both sides build the same way: no debug info, no incremental state (Cargo keeps none for
/// the SDK's registry crates), a stripped release binary.
const PROFILE: &str =
    "\n[profile.dev]\ndebug = false\nincremental = false\n\n[profile.release]\nstrip = true\n";

const OURS_MAIN: &str = r#"//! Credentials and region from the default chain, then one ds call (`cargo xtask bench credentials`).

async fn call(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_codegen_config::load().await?.endpoint_url(url).build()?;
    let client = directory_service::Client::new(config);
    client.describe_directories().send().await?;
    Ok(())
}
"#;

const SDK_MAIN: &str = r#"//! Credentials and region from the default chain, then one ds call (`cargo xtask bench credentials`).
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

async fn call(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https();
    let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(http)
        .load()
        .await;
    let config = aws_sdk_directory::config::Builder::from(&shared).endpoint_url(url).build();
    let client = aws_sdk_directory::Client::from_conf(config);
    client.describe_directories().send().await?;
    Ok(())
}
"#;

const MAIN: &str = r#"
fn main() {
    let url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".to_owned());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    match runtime.block_on(call(&url)) {
        Ok(()) => println!("ok"),
        Err(e) => println!("failed: {e}"),
    }
}
"#;

/// Writes the program of `side`; returns its directory.
fn write_program(dir: &Path, side: &str) -> Result<PathBuf, String> {
    let project = dir.join(side);
    let repo = root();
    let dependencies = if side == "ours" {
        format!(
            "directory-service = {{ path = \"{}\" }}\naws-codegen-config = {{ path = \"{}\" }}\n",
            repo.join("generated").display(),
            repo.join("codegen/config").display()
        )
    } else {
        "aws-config = { version = \"1\", default-features = false, features = [\"rt-tokio\", \"credentials-process\", \"sso\"] }\n\
         aws-sdk-directory = { version = \"1\", default-features = false, features = [\"rt-tokio\"] }\n\
         aws-smithy-http-client = { version = \"1\", default-features = false, features = [\"rustls-ring\"] }\n"
            .to_owned()
    };
    let manifest = format!(
        "# Written by `cargo xtask bench credentials`.\n[workspace]\n\n[package]\nname = \"{side}-credentials\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{dependencies}tokio = {{ version = \"1\", default-features = false, features = [\"rt\"] }}\n{PROFILE}"
    );
    let main = if side == "ours" { OURS_MAIN } else { SDK_MAIN };
    write(&project.join("Cargo.toml"), &manifest)?;
    write(&project.join("src/main.rs"), &format!("{main}{MAIN}"))?;
    Ok(project)
}

/// Runs the comparison `runs` times and writes `target/bench/credentials/report.md`.
pub fn run(runs: usize) -> Result<(), String> {
    let dir = root().join("target/bench/credentials");
    for side in SIDES {
        let project = write_program(&dir, side)?;
        // Downloads never fall inside a timed build.
        cargo(&project, &["fetch", "--quiet"], None)?;
    }
    let mut samples = Vec::new();
    for round in 0..runs {
        for profile in PROFILES {
            let order = rotated(SIDES, round as u64);
            for side in order {
                let project = dir.join(side);
                let what = format!("bench credentials: round {}: {side}", round + 1);
                let took = clean_build(&project, profile, &what)?;
                samples.push(json!({"round": round, "profile": profile, "side": side, "value": took.as_secs_f64()}));
                if profile == "release" {
                    let binary = project.join(format!("target/release/{side}-credentials"));
                    let size = std::fs::metadata(&binary)
                        .map_err(|e| format!("cannot stat {}: {e}", binary.display()))?
                        .len() as f64
                        / 1e6;
                    samples.push(
                        json!({"round": round, "profile": "binary", "side": side, "value": size}),
                    );
                }
            }
        }
    }
    let crates = [
        crate_count(&dir.join("ours"))?,
        crate_count(&dir.join("sdk"))?,
    ];
    let report = render(&samples, crates);
    print!("{report}");
    write(&dir.join("report.md"), &report)?;
    write(
        &dir.join("samples.json"),
        &serde_json::to_string_pretty(&samples).map_err(|e| e.to_string())?,
    )?;
    Ok(())
}

/// The table: medians per side, their ratio, and each round's ratio.
fn render(samples: &[Value], crates: [usize; 2]) -> String {
    let values = |profile: &str, side: &str| -> Vec<f64> {
        samples
            .iter()
            .filter(|s| s["profile"] == profile && s["side"] == side)
            .filter_map(|s| s["value"].as_f64())
            .collect()
    };
    let mut out = String::from(
        "\nDefault chain + one ds call; medians; CARGO_BUILD_JOBS=2\n\n| metric | ours | SDK (aws-config, lean) | ours/SDK | per round |\n|---|---:|---:|---:|---|\n",
    );
    for (profile, unit) in [("debug", "s"), ("release", "s"), ("binary", "MB")] {
        let (ours, sdk) = (values(profile, "ours"), values(profile, "sdk"));
        let rounds: Vec<String> = ours
            .iter()
            .zip(&sdk)
            .map(|(o, s)| format!("{:.2}", o / s))
            .collect();
        let (ours, sdk) = (median(&ours), median(&sdk));
        out.push_str(&format!(
            "| {profile} ({unit}) | {ours:.1} | {sdk:.1} | {:.2} | {} |\n",
            ours / sdk,
            rounds.join(", ")
        ));
    }
    out.push_str(&format!(
        "| crates | {} | {} | {:.2} | |\n",
        crates[0],
        crates[1],
        crates[0] as f64 / crates[1] as f64
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_pairs_each_rounds_sides() {
        let samples: Vec<Value> = [
            (0, "debug", "ours", 10.0),
            (0, "debug", "sdk", 40.0),
            (1, "debug", "ours", 12.0),
            (1, "debug", "sdk", 30.0),
        ]
        .iter()
        .map(|(r, p, s, v)| json!({"round": r, "profile": p, "side": s, "value": v}))
        .collect();
        let table = render(&samples, [50, 150]);
        assert!(
            table.contains("| debug (s) | 12.0 | 40.0 | 0.30 | 0.25, 0.40 |"),
            "{table}"
        );
        assert!(table.contains("| crates | 50 | 150 | 0.33 | |"), "{table}");
    }
}
