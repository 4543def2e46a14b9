//! `cargo xtask bench cbor`: the ds client over rpcv2Cbor against itself over awsJson 1.1,
//! one binary (built with the crate's `cbor` feature) picking the protocol per run, against
//! the same loopback server answering DescribeDirectories in CBOR or JSON; then the CBOR
//! codec comparison: the runtime's minicbor adapter, cbor4ii's serde support and
//! serde_json decoding the same 1,000-directory output in one process.

use super::programs::{describe_directories_value, HEADER, PROFILE, REPORT};
use super::sdk::{measure_with, median, run_program, CALLS, DECODE_CALLS, DIRECTORIES};
use super::server::Server;
use crate::process::{cargo_two_jobs as cargo, write};
use crate::root;
use serde_json::Value;
use std::fmt::Write as _;

const MAIN: &str = r#"//! DescribeDirectories N times over the protocol BENCH_PROTOCOL names; prints timings as JSON.
use directory_service::client::ProtocolChoice;
use directory_service::{Client, Config, Credentials};

fn client(url: &str) -> Client {
    let protocol = match std::env::var("BENCH_PROTOCOL").as_deref() {
        Ok("cbor") => ProtocolChoice::RpcV2Cbor,
        _ => ProtocolChoice::AwsJson,
    };
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None))
        .endpoint_url(url)
        .protocol(protocol)
        .build()
        .expect("a configuration");
    Client::new(config)
}
"#;

/// The codec comparison: decodes the 1,000-directory output with each decoder, 50 times
/// a round, and prints one JSON line of milliseconds per decode per round.
const CODEC_MAIN: &str = r#"//! The CBOR codec comparison of `cargo xtask bench cbor`.
use directory_service::types::DescribeDirectoriesResult;
use std::time::Instant;

fn time(mut decode: impl FnMut()) -> f64 {
    let started = Instant::now();
    for _ in 0..50 {
        decode();
    }
    started.elapsed().as_secs_f64() / 50.0 * 1e3
}

fn main() {
    let json = std::fs::read(std::env::args().nth(1).expect("the JSON body")).expect("the body");
    let value: DescribeDirectoriesResult = serde_json::from_slice(&json).expect("JSON");
    let ours = aws_codegen_runtime::wire::cbor::to_vec(&value).expect("CBOR");
    // cbor4ii's serde support cannot read tag 1, so it gets an untagged copy.
    let untagged = cbor4ii::serde::to_vec(Vec::new(), &value).expect("cbor4ii");
    let tagged = cbor4ii::serde::from_slice::<DescribeDirectoriesResult>(&ours).err().map(|e| e.to_string());
    for _ in 0..5 {
        let minicbor = time(|| { std::hint::black_box(aws_codegen_runtime::wire::cbor::from_slice::<DescribeDirectoriesResult>(&ours).unwrap()); });
        let cbor4ii = time(|| { std::hint::black_box(cbor4ii::serde::from_slice::<DescribeDirectoriesResult>(&untagged).unwrap()); });
        let serde_json = time(|| { std::hint::black_box(serde_json::from_slice::<DescribeDirectoriesResult>(&json).unwrap()); });
        println!("{{\"minicbor\": {minicbor}, \"cbor4ii\": {cbor4ii}, \"serde_json\": {serde_json}, \"cbor4ii_on_tags\": {:?}}}", tagged.clone().unwrap_or_default());
    }
}
"#;

/// Builds and runs the codec comparison; the medians, and cbor4ii's error on tag 1.
fn codec_comparison(large_json: &[u8]) -> Result<String, String> {
    let project = root().join("target/bench/codec");
    let runtime = root().join("codegen/runtime");
    let generated = root().join("generated");
    write(
        &project.join("Cargo.toml"),
        &format!(
            "{HEADER}[package]\nname = \"bench-codec\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ndirectory-service = {{ path = {:?}, features = [\"cbor\", \"serde\"] }}\naws-codegen-runtime = {{ path = {:?}, features = [\"cbor\"] }}\ncbor4ii = {{ version = \"1\", features = [\"serde1\", \"use_std\"] }}\nserde_json = \"1\"\n{PROFILE}",
            generated.display().to_string(),
            runtime.display().to_string()
        ),
    )?;
    write(&project.join("src/main.rs"), CODEC_MAIN)?;
    let body = project.join("large.json");
    std::fs::write(&body, large_json)
        .map_err(|e| format!("cannot write {}: {e}", body.display()))?;
    let target = project.join("target");
    eprintln!("bench cbor: building the codec comparison ...");
    cargo(&project, &["build", "--quiet", "--release"], Some(&target))?;
    let binary = target.join("release/bench-codec");
    let stdout = run_program(std::process::Command::new(&binary).arg(&body), &binary)?;
    let rounds: Vec<Value> = String::from_utf8_lossy(&stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let column = |key: &str| {
        median(
            &rounds
                .iter()
                .filter_map(|r| r[key].as_f64())
                .collect::<Vec<_>>(),
        )
    };
    let error = rounds
        .first()
        .and_then(|r| r["cbor4ii_on_tags"].as_str())
        .unwrap_or_default()
        .to_owned();
    Ok(format!(
        "\nDecoding the 1,000-directory output in one process, medians of {} rounds of 50 (ms per decode):\n\n| decoder | input | ms |\n|---|---|---:|\n| runtime adapter on minicbor | CBOR with tag 1 timestamps | {:.2} |\n| cbor4ii (serde) | CBOR without tags (it rejects tag 1: `{error}`) | {:.2} |\n| serde_json | JSON | {:.2} |\n",
        rounds.len(),
        column("minicbor"),
        column("cbor4ii"),
        column("serde_json")
    ))
}

/// `value` as CBOR, with definite lengths (as a server writes it; timestamps stay plain
/// numbers, which the client reads as epoch seconds too).
fn cbor(value: &Value) -> Result<Vec<u8>, String> {
    fn item(e: &mut minicbor::Encoder<Vec<u8>>, value: &Value) -> Result<(), String> {
        let err = |e: minicbor::encode::Error<std::convert::Infallible>| e.to_string();
        match value {
            Value::Null => e.null().map_err(err)?,
            Value::Bool(b) => e.bool(*b).map_err(err)?,
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => e.i64(i).map_err(err)?,
                (None, Some(f)) => e.f64(f).map_err(err)?,
                _ => return Err(format!("number {n} has no CBOR form here")),
            },
            Value::String(s) => e.str(s).map_err(err)?,
            Value::Array(items) => {
                e.array(items.len() as u64).map_err(err)?;
                for v in items {
                    item(e, v)?;
                }
                e
            }
            Value::Object(map) => {
                e.map(map.len() as u64).map_err(err)?;
                for (k, v) in map {
                    e.str(k).map_err(err)?;
                    item(e, v)?;
                }
                e
            }
        };
        Ok(())
    }
    let mut encoder = minicbor::Encoder::new(Vec::new());
    item(&mut encoder, value)?;
    Ok(encoder.into_writer())
}

/// Builds the program, then measures calls per second and decoding over both protocols,
/// interleaved, `runs` times; prints the medians.
pub fn run(runs: usize) -> Result<(), String> {
    let project = root().join("target/bench/cbor");
    let generated = root().join("generated");
    write(
        &project.join("Cargo.toml"),
        &format!(
            "{HEADER}[package]\nname = \"bench-cbor\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ndirectory-service = {{ path = {:?}, features = [\"cbor\"] }}\ntokio = {{ version = \"1\", default-features = false, features = [\"rt\"] }}\n{PROFILE}",
            generated.display().to_string()
        ),
    )?;
    write(&project.join("src/main.rs"), &format!("{MAIN}{REPORT}"))?;
    let target = project.join("target");
    eprintln!("bench cbor: building the program ...");
    cargo(&project, &["build", "--quiet", "--release"], Some(&target))?;
    let binary = target.join("release/bench-cbor");
    let json_head = "Content-Type: application/x-amz-json-1.1\r\n";
    let cbor_head = "Content-Type: application/cbor\r\nsmithy-protocol: rpc-v2-cbor\r\n";
    let large = describe_directories_value(DIRECTORIES);
    let small = describe_directories_value(1);
    let bodies = [
        (
            "json",
            serde_json::to_vec(&small).unwrap_or_default(),
            serde_json::to_vec(&large).unwrap_or_default(),
            json_head,
        ),
        ("cbor", cbor(&small)?, cbor(&large)?, cbor_head),
    ];
    let mut servers = Vec::new();
    for (name, small, large, head) in bodies {
        let sizes = large.len();
        servers.push((
            name,
            Server::start_with(small, head)?,
            Server::start_with(large, head)?,
            sizes,
        ));
    }
    let mut results: Vec<[Vec<f64>; 3]> = vec![Default::default(), Default::default()];
    for run in 1..=runs {
        eprintln!("bench cbor: run {run}/{runs} ...");
        for (i, (name, small, large, size)) in servers.iter().enumerate() {
            let env = [("BENCH_PROTOCOL", *name)];
            let calls = measure_with(&binary, &small.url, CALLS, 1, &env)?;
            results[i][0].push(CALLS as f64 / calls.total.as_secs_f64());
            let decode = measure_with(&binary, &large.url, DECODE_CALLS, DIRECTORIES, &env)?;
            let per_response = decode.total.as_secs_f64() / DECODE_CALLS as f64;
            results[i][1].push(per_response * 1e3);
            results[i][2].push(*size as f64 / 1e6 / per_response);
        }
    }
    let mut out = format!(
        "\nds client over rpcv2Cbor and awsJson 1.1, one binary, loopback server; medians of {runs} interleaved runs.\nThe 1,000-directory response is {} bytes in JSON and {} bytes in CBOR.\n\n| metric | awsJson 1.1 | rpcv2Cbor | CBOR / JSON |\n|---|---:|---:|---:|\n",
        servers[0].3, servers[1].3
    );
    let metrics = [
        "calls per second",
        "decoding the 1,000-directory response (ms per response)",
        "decoding throughput (MB/s of body)",
    ];
    for (m, metric) in metrics.iter().enumerate() {
        let json = median(&results[0][m]);
        let cbor = median(&results[1][m]);
        let _ = writeln!(
            out,
            "| {metric} | {json:.2} | {cbor:.2} | {:.2}x |",
            cbor / json
        );
    }
    out.push_str(&codec_comparison(
        &serde_json::to_vec(&large).unwrap_or_default(),
    )?);
    print!("{out}");
    write(&root().join("target/bench/cbor.md"), &out)
}
