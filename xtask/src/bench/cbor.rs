//! `cargo xtask bench cbor`: the ds client over rpcv2Cbor against itself over awsJson 1.1,
//! one binary (built with the crate's `cbor` feature) picking the protocol per run, against
//! the same loopback server answering DescribeDirectories in CBOR or JSON.

use super::sdk::{
    cargo, describe_directories_value, measure_with, median, write, Server, CALLS, DECODE_CALLS,
    DIRECTORIES, HEADER, PROFILE, REPORT,
};
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
    print!("{out}");
    write(&root().join("target/bench/cbor.md"), &out)
}
