//! `cargo xtask sweep`: every service of a botocore release is generated as its own crate
//! into one scratch workspace (with a client where it speaks a protocol the client
//! supports, types only otherwise), checked with `cargo check --keep-going`, and tabled, one
//! row per service: client or not, generated, compiled, warnings, the reason for each
//! failure, and the time.

use crate::{botocore, codegen_cmd, root, Args};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Every protocol botocore names, for `--protocol`.
const KNOWN: &[&str] = &[
    "json",
    "rest-json",
    "smithy-rpc-v2-cbor",
    "query",
    "ec2",
    "rest-xml",
];

/// One service's outcome.
struct Row {
    service: String,
    protocols: String,
    /// Whether the crate has a client (it speaks a protocol the client supports).
    client: bool,
    generated: Result<usize, String>,
    warnings_at_generation: usize,
    /// Operations that stream, in the model and in the client: events, then bytes.
    streams: Streams,
}

/// Operations that stream events or bytes: how many the model has, and how many the
/// generated client sends as streams (its `Operation` impls that say so).
#[derive(Clone, Copy, Default)]
struct Streams {
    model_events: usize,
    client_events: usize,
    model_bytes: usize,
    client_bytes: usize,
}

impl Streams {
    /// Counts the streaming operations of a botocore model and of its generated client.
    fn count(model: &str, files: &BTreeMap<PathBuf, String>) -> Self {
        let model: serde_json::Value = serde_json::from_str(model).unwrap_or_default();
        let shapes = &model["shapes"];
        let streams =
            |flag: &str| {
                model["operations"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(_, op)| {
                        ["input", "output"].iter().any(|role| {
                            let structure = &shapes[op[role]["shape"].as_str().unwrap_or_default()];
                            let payload = structure["payload"].as_str();
                            structure["members"].as_object().into_iter().flatten().any(
                                |(name, m)| {
                                    let target = &shapes[m["shape"].as_str().unwrap_or_default()];
                                    target[flag] == true
                                        && (flag == "eventstream" || payload == Some(name.as_str()))
                                },
                            )
                        })
                    })
                    .count()
            };
        let operations = files
            .get(Path::new("src/operation.rs"))
            .map(String::as_str)
            .unwrap_or_default();
        let client = |kind: &str| {
            operations
                .split("const STREAMS:")
                .skip(1)
                .filter(|item| item.split(';').next().is_some_and(|i| i.contains(kind)))
                .count()
        };
        Streams {
            model_events: streams("eventstream"),
            client_events: client("Streams::Events"),
            model_bytes: streams("streaming"),
            client_bytes: client("Streams::Bytes"),
        }
    }
}

/// `cargo xtask sweep [--botocore VERSION] [--protocol P,...] [--only S,...] [--no-build]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let args = Args::parse(
        args,
        &["--no-build"],
        &["--botocore", "--protocol", "--only"],
    )?;
    let version = args.value("--botocore").unwrap_or(botocore::PINNED_VERSION);
    let protocols: Vec<&str> = match args.value("--protocol") {
        Some(list) => list.split(',').collect(),
        None => KNOWN.to_vec(),
    };
    if let Some(p) = protocols.iter().find(|p| !KNOWN.contains(p)) {
        return Err(format!(
            "--protocol `{p}` is not one botocore names ({})",
            KNOWN.join(", ")
        ));
    }
    let only: Option<Vec<&str>> = args.value("--only").map(|l| l.split(',').collect());
    let data = botocore::all_services(version)?;
    let started = Instant::now();
    let scratch = root().join("target/sweep").join(version);
    let crates = scratch.join("crates");
    let _ = fs::remove_dir_all(&crates);
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for (service, dir) in services(&data)? {
        if only
            .as_ref()
            .is_some_and(|o| !o.contains(&service.as_str()))
        {
            continue;
        }
        let text = fs::read_to_string(dir.join("service-2.json")).map_err(|e| e.to_string())?;
        let spoken = spoken_protocols(&text);
        if !spoken.iter().any(|p| protocols.contains(&p.as_str())) {
            continue;
        }
        let package = format!("sweep-{service}");
        let out = crates.join(&service);
        let mut options = codegen_cmd::options(&package);
        options.command = "cargo xtask sweep".to_owned();
        options.runtime = codegen::ir::RuntimeSource::Path(codegen_cmd::runtime_path_from(&out)?);
        // One package per service, which the check below names by service; a split crate's
        // parts are checked by `cargo xtask test` (its split step).
        options.split_above = None;
        let files = codegen_cmd::read_model(&dir)?;
        let (generated, warnings, streams) = match codegen::generate(&files, &options) {
            Ok(g) => {
                let count = g.warnings.warnings().count();
                codegen_cmd::write_files(&g.files, &out)?;
                members.push(format!("crates/{service}"));
                (Ok(g.files.len()), count, Streams::count(&text, &g.files))
            }
            Err(problems) => (
                Err(crate::smithy_sweep::first_error(&problems)),
                0,
                Streams::default(),
            ),
        };
        rows.push(Row {
            service,
            // The generator's own choice of the client's protocol.
            client: codegen::ir::ClientProtocol::choose(
                &spoken
                    .iter()
                    .map(|p| codegen::ir::WireProtocol::parse(p))
                    .collect::<Vec<_>>(),
                None,
            )
            .is_some(),
            protocols: spoken.join(", "),
            generated,
            warnings_at_generation: warnings,
            streams,
        });
    }
    let generation = started.elapsed();
    let manifest = format!(
        "# Written by `cargo xtask sweep`.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members
            .iter()
            .map(|m| format!("    \"{m}\",\n"))
            .collect::<String>()
    );
    fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let mut compiled: BTreeMap<String, (bool, usize, String)> = BTreeMap::new();
    let mut check_time = 0.0;
    if !args.has("--no-build") && !members.is_empty() {
        let checked = Instant::now();
        compiled = check(&scratch)?;
        check_time = checked.elapsed().as_secs_f64();
    }
    let report = table(
        version,
        &rows,
        &compiled,
        generation.as_secs_f64(),
        check_time,
        args.has("--no-build"),
    );
    fs::write(scratch.join("report.md"), &report).map_err(|e| e.to_string())?;
    println!(
        "{report}\n(written to {})",
        scratch.join("report.md").display()
    );
    Ok(())
}

/// Each service's newest API version directory, by service name.
pub(crate) fn services(data: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut out = Vec::new();
    let entries = fs::read_dir(data).map_err(|e| format!("cannot read {}: {e}", data.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let mut versions: Vec<PathBuf> = fs::read_dir(&path)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("service-2.json").exists())
            .collect();
        versions.sort();
        if let Some(newest) = versions.pop() {
            out.push((name, newest));
        }
    }
    out.sort();
    Ok(out)
}

/// The protocols a botocore model's metadata names.
fn spoken_protocols(text: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let meta = &value["metadata"];
    match meta["protocols"].as_array() {
        Some(list) => list
            .iter()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect(),
        None => meta["protocol"]
            .as_str()
            .map(str::to_owned)
            .into_iter()
            .collect(),
    }
}

/// `cargo check --keep-going` over the scratch workspace: per package, whether it
/// compiled, its warnings, and its first error.
fn check(scratch: &Path) -> Result<BTreeMap<String, (bool, usize, String)>, String> {
    let target = root().join("target/sweep/target");
    let cargo_bin = crate::process::cargo_bin();
    let output = Command::new(&cargo_bin)
        .current_dir(scratch)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--all-features",
            "--message-format=json",
        ])
        .env("CARGO_TARGET_DIR", &target)
        // Hundreds of crates' incremental state would fill the disk.
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut out: BTreeMap<String, (bool, usize, String)> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let package = message["package_id"].as_str().unwrap_or("");
        let Some(service) = package_service(package) else {
            continue;
        };
        let entry = out.entry(service).or_insert((false, 0, String::new()));
        match message["reason"].as_str() {
            Some("compiler-artifact") => entry.0 = true,
            Some("compiler-message") => match message["message"]["level"].as_str() {
                Some("warning") if message["message"]["message"] != "1 warning emitted" => {
                    entry.1 += 1
                }
                Some("error") if entry.2.is_empty() => {
                    entry.2 = message["message"]["message"]
                        .as_str()
                        .unwrap_or("")
                        .to_owned();
                }
                _ => {}
            },
            _ => {}
        }
    }
    // A package with an error has no artifact; one with warnings compiled, but would not
    // with `-D warnings`: the table counts only those with none.
    Ok(out)
}

/// `sweep-NAME` in a package id such as `path+file:///…/crates/NAME#sweep-NAME@0.1.0`.
fn package_service(id: &str) -> Option<String> {
    let after = id.rsplit_once('#').map_or(id, |(_, a)| a);
    let name = after.split('@').next()?.strip_prefix("sweep-")?;
    Some(name.to_owned())
}

fn table(
    version: &str,
    rows: &[Row],
    compiled: &BTreeMap<String, (bool, usize, String)>,
    generation: f64,
    check: f64,
    no_build: bool,
) -> String {
    let generated = rows.iter().filter(|r| r.generated.is_ok()).count();
    let with_client = rows
        .iter()
        .filter(|r| r.client && r.generated.is_ok())
        .count();
    let clean = rows
        .iter()
        .filter(|r| {
            compiled
                .get(&r.service)
                .is_some_and(|(ok, w, _)| *ok && *w == 0)
        })
        .count();
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Sweep of botocore {version}: every service, one row each\n"
    );
    let _ = writeln!(
        t,
        "- generated: {generated} of {} ({generation:.0} s), {with_client} of them with a client, the others types only",
        rows.len()
    );
    let total = rows.iter().fold(Streams::default(), |t, r| Streams {
        model_events: t.model_events + r.streams.model_events,
        client_events: t.client_events + r.streams.client_events,
        model_bytes: t.model_bytes + r.streams.model_bytes,
        client_bytes: t.client_bytes + r.streams.client_bytes,
    });
    let services = |f: fn(&Streams) -> usize| rows.iter().filter(|r| f(&r.streams) > 0).count();
    let _ = writeln!(
        t,
        "- operations that stream events: {} in {} services, {} of them in the clients as event streams ({} left out); with a streaming body: {} in {} services, {} of them streaming in the clients",
        total.model_events,
        services(|s| s.model_events),
        total.client_events,
        total.model_events.saturating_sub(total.client_events),
        total.model_bytes,
        services(|s| s.model_bytes),
        total.client_bytes,
    );
    if !no_build {
        let pct = 100.0 * clean as f64 / rows.len().max(1) as f64;
        let _ = writeln!(t, "- compiled with no warnings (`cargo check --keep-going`): {clean} of {} ({pct:.1}%) in {check:.0} s", rows.len());
    }
    let _ = writeln!(t, "\n| service | protocols | client | generated | compiled | warnings | reason |\n|---|---|---|---|---|---|---|");
    for r in rows {
        let (generated, reason) = match &r.generated {
            Ok(files) => (
                format!("yes ({files} files, {} warnings)", r.warnings_at_generation),
                String::new(),
            ),
            Err(e) => ("no".to_owned(), e.clone()),
        };
        let (built, warnings, error) = match compiled.get(&r.service) {
            Some((ok, w, e)) => (
                if *ok { "yes" } else { "no" }.to_owned(),
                w.to_string(),
                e.clone(),
            ),
            None if r.generated.is_ok() && !no_build => {
                ("no".to_owned(), String::new(), "no build output".to_owned())
            }
            None => (String::new(), String::new(), String::new()),
        };
        let reason = if reason.is_empty() { error } else { reason };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {generated} | {built} | {warnings} | {} |",
            r.service,
            r.protocols,
            if r.client { "yes" } else { "no: types only" },
            reason.replace('|', "\\|")
        );
    }
    t
}
