//! The bench programs: ours, the SDK on its default features and the SDK lean, written
//! under `target/bench/`, and the DescribeDirectories responses they read.

use crate::process::{cargo_two_jobs as cargo, write};
use crate::root;
use serde_json::{json, Value};
use std::path::PathBuf;

/// One side of the comparison.
pub(super) struct Program {
    /// `ours`, `theirs` (the SDK's defaults) or `lean` (the SDK's leanest configuration).
    pub(super) name: &'static str,
    /// The service crate's package name.
    pub(super) service: &'static str,
    manifest: String,
    main: String,
}

/// The three programs, in column order.
pub(super) fn programs() -> [Program; 3] {
    let generated = root().join("generated");
    [
        Program {
            name: "ours",
            service: "directory-service",
            manifest: format!(
                "{HEADER}[package]\nname = \"bench-ours\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ndirectory-service = {{ path = {:?} }}\ntokio = {{ version = \"1\", default-features = false, features = [\"rt\"] }}\n{PROFILE}",
                generated.display().to_string()
            ),
            main: format!("{OURS_MAIN}{REPORT}"),
        },
        Program {
            name: "theirs",
            service: "aws-sdk-directory",
            manifest: format!(
                "{HEADER}[package]\nname = \"bench-theirs\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\naws-sdk-directory = \"1\"\ntokio = {{ version = \"1\", default-features = false, features = [\"rt\"] }}\n{PROFILE}"
            ),
            main: format!("{THEIRS_MAIN}{REPORT}"),
        },
        // The SDK as users who care about build time configure it: no default features,
        // rustls on ring (no aws-lc C build) through aws-smithy-http-client.
        Program {
            name: "lean",
            service: "aws-sdk-directory",
            manifest: format!(
                "{HEADER}[package]\nname = \"bench-lean\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\naws-sdk-directory = {{ version = \"1\", default-features = false, features = [\"rt-tokio\"] }}\naws-smithy-http-client = {{ version = \"1\", default-features = false, features = [\"rustls-ring\"] }}\ntokio = {{ version = \"1\", default-features = false, features = [\"rt\"] }}\n{PROFILE}"
            ),
            main: format!("{LEAN_MAIN}{REPORT}"),
        },
    ]
}

/// Writes the three programs under `target/bench/` and fetches their dependencies (so
/// downloads never fall inside a timed build).
pub(super) fn write_programs() -> Result<(PathBuf, [Program; 3]), String> {
    let dir = root().join("target/bench");
    let programs = programs();
    for program in &programs {
        let project = dir.join(program.name);
        write(&project.join("Cargo.toml"), &program.manifest)?;
        write(&project.join("src/main.rs"), &program.main)?;
        cargo(&project, &["fetch", "--quiet"], None)?;
    }
    Ok((dir, programs))
}

/// A DescribeDirectories response with `count` fully described directories.
pub(super) fn describe_directories(count: usize) -> Vec<u8> {
    serde_json::to_vec(&describe_directories_value(count)).unwrap_or_default()
}

/// The JSON value of [`describe_directories`].
pub(super) fn describe_directories_value(count: usize) -> Value {
    let directories: Vec<Value> = (0..count)
        .map(|i| {
            json!({
                "DirectoryId": format!("d-{:010}", 9_000_000_000u64 + i as u64),
                "Name": format!("corp{i}.example.com"),
                "ShortName": format!("CORP{i}"),
                "Size": if i % 2 == 0 { "Small" } else { "Large" },
                "Edition": "Enterprise",
                "Alias": format!("corp-{i}"),
                "AccessUrl": format!("corp-{i}.awsapps.com"),
                "Description": "A directory for the benchmark, with a description of ordinary length.",
                "DnsIpAddrs": ["10.0.1.10", "10.0.2.10"],
                "Stage": "Active",
                "ShareStatus": "Shared",
                "ShareMethod": "HANDSHAKE",
                "LaunchTime": 1_700_000_000.0 + i as f64 + 0.25,
                "StageLastUpdatedDateTime": 1_700_100_000.5 + i as f64,
                "Type": "MicrosoftAD",
                "VpcSettings": {
                    "VpcId": "vpc-0123456789abcdef0",
                    "SubnetIds": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
                    "SecurityGroupId": "sg-0123456789abcdef0",
                    "AvailabilityZones": ["us-east-1a", "us-east-1b"]
                },
                "RadiusStatus": "Completed",
                "StageReason": "",
                "SsoEnabled": false,
                "DesiredNumberOfDomainControllers": 2,
                "RegionsInfo": {"PrimaryRegion": "us-east-1", "AdditionalRegions": ["us-west-2"]},
                "OsVersion": "SERVER_2019"
            })
        })
        .collect();
    json!({"DirectoryDescriptions": directories})
}

pub(super) const HEADER: &str = "# Written by `cargo xtask bench`.\n[workspace]\n\n";

/// Both programs strip symbols from release binaries, so the size compared is the code.
pub(super) const PROFILE: &str = "\n[profile.release]\nstrip = true\n";

const OURS_MAIN: &str = r#"//! DescribeDirectories N times with the generated crate; prints timings as JSON.
use directory_service::{Client, Config, Credentials};

fn client(url: &str) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None))
        .endpoint_url(url)
        .build()
        .expect("a configuration");
    Client::new(config)
}
"#;

const THEIRS_MAIN: &str = r#"//! DescribeDirectories N times with aws-sdk-directory; prints timings as JSON.
use aws_sdk_directory::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_directory::{Client, Config};

fn client(url: &str) -> Client {
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None, None, "bench"))
        .endpoint_url(url)
        .build();
    Client::from_conf(config)
}
"#;

const LEAN_MAIN: &str = r#"//! DescribeDirectories N times with aws-sdk-directory in its lean configuration (no
//! default features, rustls on ring); prints timings as JSON.
use aws_sdk_directory::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_directory::{Client, Config};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

fn client(url: &str) -> Client {
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https();
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None, None, "bench"))
        .endpoint_url(url)
        .http_client(http)
        .build();
    Client::from_conf(config)
}
"#;

/// The programs call and time the same way; only `client` differs (the two crates'
/// `describe_directories` builders and outputs have the same shape).
pub(super) const REPORT: &str = r#"
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (url, calls): (&str, usize) = (&args[1], args[2].parse().expect("a number of calls"));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let client = client(url);
        let mut latencies = Vec::with_capacity(calls);
        let mut directories = 0;
        for call in 0..calls + 20 {
            let started = Instant::now();
            let output = client.describe_directories().send().await.expect("a response");
            if call >= 20 {
                latencies.push(started.elapsed());
            }
            directories = output.directory_descriptions().len();
        }
        report(latencies, directories);
    });
}

fn report(mut latencies: Vec<Duration>, directories: usize) {
    let total: Duration = latencies.iter().sum();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize].as_nanos();
    println!("{{\"total_ns\": {}, \"p50_ns\": {}, \"p99_ns\": {}, \"directories\": {directories}}}", total.as_nanos(), at(0.5), at(0.99));
}
"#;
