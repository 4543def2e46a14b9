//! The bench programs that call operations, ours or the SDK's in its lean configuration: `bench scale`'s one call on each of several services and `bench service --every-operation`'s call of every operation of one.

use crate::process::write;
use std::path::Path;

/// A service in a program: the dependency line of its crate, the crate's name in Rust, and
/// the client methods the program calls.
pub(super) struct ServiceCalls {
    pub dependency: String,
    pub krate: String,
    pub calls: Vec<String>,
}

/// Writes a program (`Cargo.toml` for package `name`, `src/main.rs`) for `side` ("ours" or
/// "sdk") whose `main` makes every call of `services` against the endpoint URL given as its
/// argument, with a client per service as a program of that side builds one.
pub(super) fn write_calls(
    project: &Path,
    side: &str,
    name: &str,
    doc: &str,
    services: &[ServiceCalls],
) -> Result<(), String> {
    let mut manifest = format!(
        "# Written by `cargo xtask bench`.\n[workspace]\n\n[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ntokio = {{ version = \"1\", default-features = false, features = [\"rt\"] }}\n"
    );
    // The clients first: the calls borrow them.
    let (mut clients, mut body) = (String::new(), String::new());
    for (index, service) in services.iter().enumerate() {
        let krate = &service.krate;
        manifest.push_str(&service.dependency);
        manifest.push('\n');
        let client = if side == "ours" {
            format!("{krate}::Client::new({krate}::Config::builder().region(REGION).credentials({krate}::Credentials::new(\"AKID\", \"SECRET\", None)).endpoint_url(url).build().expect(\"a configuration\"))")
        } else {
            format!("{krate}::Client::from_conf({krate}::Config::builder().behavior_version({krate}::config::BehaviorVersion::latest()).region({krate}::config::Region::new(REGION)).credentials_provider({krate}::config::Credentials::new(\"AKID\", \"SECRET\", None, None, \"bench\")).endpoint_url(url).http_client(http.clone()).build())")
        };
        clients.push_str(&format!("    let client_{index} = {client};\n"));
        for call in &service.calls {
            // Each call its own boxed future: one async body with hundreds of awaits would
            // cost the compiler more than the calls themselves.
            body.push_str(&format!(
                "    calls.push((\"{krate}::{call}\", Box::pin(async {{ client_{index}.{call}().send().await.is_ok() }})));\n"
            ));
        }
    }
    let setup = if side == "ours" {
        String::new()
    } else {
        manifest.push_str("aws-smithy-http-client = { version = \"1\", default-features = false, features = [\"rustls-ring\"] }\n");
        "    use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};\n    let http = aws_smithy_http_client::Builder::new().tls_provider(tls::Provider::Rustls(CryptoMode::Ring)).build_https();\n".to_owned()
    };
    // Cargo builds registry crates (the SDK's) without incremental state; local ones (ours,
    // by path) get it unless told otherwise, which a clean build pays for and never uses.
    manifest.push_str(
        "\n[profile.dev]\ndebug = false\nincremental = false\n\n[profile.release]\nstrip = true\n",
    );
    let main = format!(
        "//! {doc}\n\nuse std::future::Future;\nuse std::pin::Pin;\n\nconst REGION: &str = \"us-east-1\";\n\ntype Call<'a> = (&'static str, Pin<Box<dyn Future<Output = bool> + 'a>>);\n\nfn report(call: &str, ok: bool) {{\n    println!(\"{{call}}: {{}}\", if ok {{ \"ok\" }} else {{ \"failed\" }});\n}}\n\nasync fn calls(url: &str) {{\n{setup}{clients}    let mut calls: Vec<Call<'_>> = Vec::new();\n{body}    for (call, future) in calls {{\n        report(call, future.await);\n    }}\n}}\n\nfn main() {{\n    let url = std::env::args().nth(1).unwrap_or_else(|| \"http://127.0.0.1:9\".to_owned());\n    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect(\"a runtime\");\n    runtime.block_on(calls(&url));\n}}\n"
    );
    write(&project.join("Cargo.toml"), &manifest)?;
    write(&project.join("src/main.rs"), &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_makes_every_call_after_making_its_clients() {
        let dir = std::env::temp_dir().join(format!("bench-calls-{}", std::process::id()));
        let services = [
            ServiceCalls {
                dependency: "ours-a = { path = \"../a\" }".to_owned(),
                krate: "ours_a".to_owned(),
                calls: vec!["list_things".to_owned(), "get_thing".to_owned()],
            },
            ServiceCalls {
                dependency: "ours-b = { path = \"../b\" }".to_owned(),
                krate: "ours_b".to_owned(),
                calls: vec!["list_others".to_owned()],
            },
        ];
        write_calls(&dir, "ours", "ours-2", "Two services.", &services).unwrap();
        let main = std::fs::read_to_string(dir.join("src/main.rs")).unwrap();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(manifest.contains("name = \"ours-2\"") && manifest.contains("ours-b = { path"));
        for call in [
            "client_0.list_things()",
            "client_0.get_thing()",
            "client_1.list_others()",
        ] {
            assert!(main.contains(call), "{call} missing from:\n{main}");
        }
        let last_client = main.find("let client_1").unwrap();
        let calls = main.find("let mut calls").unwrap();
        assert!(
            last_client < calls,
            "the calls borrow clients made after them"
        );
    }
}
