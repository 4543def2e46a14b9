//! `cargo xtask smithy-sweep`: every Smithy model of the tests' bundle that speaks a
//! protocol the client supports is generated; a sample compiles as one bundle with
//! `-D warnings`; a table says what generated, what did not, and why.

use crate::{codegen_cmd, root, smithy, Args};
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::time::Instant;

/// The protocol traits whose services the sweep takes, and how the table names them.
const PROTOCOLS: &[(&str, &str)] = &[
    ("aws.protocols#awsJson1_0", "awsJson1_0"),
    ("aws.protocols#awsJson1_1", "awsJson1_1"),
    ("aws.protocols#restJson1", "restJson1"),
    ("smithy.protocols#rpcv2Cbor", "rpcv2Cbor"),
];

/// One model's outcome.
struct Row {
    sdk_id: String,
    protocols: Vec<&'static str>,
    outcome: Result<(usize, usize), String>,
}

/// `cargo xtask smithy-sweep [--compile N] [--no-build]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let args = Args::parse(args, &["--no-build"], &["--compile"])?;
    let compile: usize = match args.value("--compile") {
        Some(n) => n
            .parse()
            .map_err(|_| format!("--compile needs a number, not `{n}`"))?,
        None => 40,
    };
    let dir = smithy::models()?;
    let started = Instant::now();
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut rows = Vec::new();
    let mut generated = Vec::new();
    for path in &paths {
        let sdk_id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_owned();
        let text =
            fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let protocols = protocols_of(&text);
        if protocols.is_empty() {
            continue;
        }
        let files = codegen_cmd::read_model(path)?;
        let outcome = match codegen::lower(&files) {
            Ok((service, _warnings)) => {
                let counts = (service.operations.len(), service.structures.len());
                generated.push((module_name(&sdk_id), service));
                Ok(counts)
            }
            Err(problems) => Err(first_error(&problems)),
        };
        rows.push(Row {
            sdk_id,
            protocols,
            outcome,
        });
    }
    let lowering = started.elapsed();
    let ok = rows.iter().filter(|r| r.outcome.is_ok()).count();
    let mut report = String::new();
    let _ = writeln!(
        report,
        "# Smithy sweep: models of the AWS SDK for Go v2 {} source release\n\n{ok} of {} models that speak awsJson, restJson1 or rpcv2Cbor generate ({:.1} s).\n",
        smithy::MODELS_RELEASE,
        rows.len(),
        lowering.as_secs_f64()
    );
    let _ = writeln!(report, "| model | protocols | generated | operations | structures | reason |\n|---|---|---|---|---|---|");
    for r in &rows {
        let (mark, ops, structures, reason) = match &r.outcome {
            Ok((o, s)) => ("yes", o.to_string(), s.to_string(), String::new()),
            Err(e) => ("no", String::new(), String::new(), e.replace('|', "\\|")),
        };
        let _ = writeln!(
            report,
            "| {} | {} | {mark} | {ops} | {structures} | {reason} |",
            r.sdk_id,
            r.protocols.join(", ")
        );
    }
    // A sample spread over the alphabet compiles as one bundle: every k-th generated model.
    let step = (generated.len() / compile.max(1)).max(1);
    let sample: Vec<(String, codegen::ir::Service)> =
        generated.into_iter().step_by(step).take(compile).collect();
    let names: Vec<&str> = sample.iter().map(|(n, _)| n.as_str()).collect();
    let _ = writeln!(
        report,
        "\nCompiled together with `cargo clippy --workspace --all-features -- -D warnings` ({} models): {}\n",
        sample.len(),
        names.join(", ")
    );
    let out = root().join("target/smithy-sweep");
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    if !args.has("--no-build") && !sample.is_empty() {
        let built = Instant::now();
        let result = crate::bundle::bundle(
            &sample,
            &out,
            "smithy-sweep-bundle",
            "cargo xtask smithy-sweep",
            "Smithy models, a module each, for the Smithy sweep",
        )
        .map(|_| ());
        let _ = writeln!(
            report,
            "Result: {} in {:.0} s.",
            match &result {
                Ok(()) => "compiled with no warnings".to_owned(),
                Err(e) => format!("FAILED ({e})"),
            },
            built.elapsed().as_secs_f64()
        );
        fs::write(out.join("report.md"), &report).map_err(|e| e.to_string())?;
        println!("{report}");
        result?;
    } else {
        fs::write(out.join("report.md"), &report).map_err(|e| e.to_string())?;
        println!("{report}");
    }
    println!("(written to {})", out.join("report.md").display());
    Ok(())
}

/// The supported protocols a Smithy model's service speaks, read from its service shape.
fn protocols_of(text: &str) -> Vec<&'static str> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let Some(shapes) = value.get("shapes").and_then(|s| s.as_object()) else {
        return Vec::new();
    };
    let Some(service) = shapes
        .values()
        .find(|s| s.get("type").and_then(|t| t.as_str()) == Some("service"))
    else {
        return Vec::new();
    };
    let traits = service.get("traits");
    PROTOCOLS
        .iter()
        .filter(|(id, _)| traits.and_then(|t| t.get(*id)).is_some())
        .map(|(_, name)| *name)
        .collect()
}

/// A module name for a model: lower case, `_` for anything else, never starting with a digit.
fn module_name(sdk_id: &str) -> String {
    let mut name: String = sdk_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) || codegen::ir::names::is_keyword(&name) {
        name.insert_str(0, "m_");
    }
    name
}

/// The first error of a failed generation, on one line, with its location.
pub fn first_error(problems: &codegen::diag::Diagnostics) -> String {
    let count = problems.errors().count();
    match problems.errors().next() {
        Some(d) => format!("{} ({}; {count} error(s))", d.message, d.location),
        None => "failed without an error".to_owned(),
    }
}
