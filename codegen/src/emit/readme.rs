//! The generated crate's `README.md`: what the service is, how to build a client, one example per common task, the features.
//!
//! The examples are Rust code blocks that `lib.rs` hands to rustdoc (`#[cfg(doctest)]`), so
//! `cargo test --doc` compiles every one of them against the crate they describe.

use super::manifest::Feature;
use crate::ir::{AuthScheme, Operation, Service, Type};

/// The README of a crate of its own for `service`, whose manifest has `features`.
pub fn readme(service: &Service, crate_ident: &str, features: &[Feature], client: bool) -> String {
    let mut out = format!(
        "# {}\n\n{} (API {}): a Rust client generated from the service's model.\n\n",
        crate_ident.replace('_', "-"),
        service.full_name,
        service.api_version
    );
    if let Some(summary) = summary(&service.docs) {
        out.push_str(&summary);
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "{}{}{}{}{}.\n\n",
        count(service.operations.len(), "operation").trim_start_matches(", "),
        count(service.structures.len(), "structure, error or union"),
        count(service.enums.len(), "enum"),
        count(service.paginators.len(), "paginator"),
        count(service.waiters.len(), "waiter"),
    ));
    if client {
        out.push_str(&client_sections(service, crate_ident));
    } else {
        out.push_str("The crate holds the model's types, builders, serde and validators.\n\n");
    }
    out.push_str(&features_section(features));
    out
}

/// `", 3 paginators"`, `", 1 waiter"`, or nothing for none.
fn count(n: usize, noun: &str) -> String {
    match n {
        0 => String::new(),
        1 => format!(", 1 {noun}"),
        n => format!(
            ", {n} {}",
            noun.replace(" or ", "s or ").replace(", ", "s, ") + "s"
        ),
    }
}

/// The first paragraph of the service's documentation that reads as a sentence (models often
/// start with a bare title).
fn summary(docs: &str) -> Option<String> {
    docs.split("\n\n")
        .map(str::trim)
        .find(|p| p.ends_with('.') && p.contains(' ') && !p.starts_with('#'))
        .map(str::to_owned)
}

/// Building a client, then a call, a paginator, a waiter and an error match where the model
/// has one to show.
fn client_sections(service: &Service, krate: &str) -> String {
    let mut out = String::from("## Build a client\n\n");
    let uses = |wanted: fn(&AuthScheme) -> bool| {
        service.operations.iter().any(|o| o.auth.iter().any(wanted))
    };
    // The identities the service's operations take, each as the builder sets it.
    let mut identities = String::new();
    let sigv4 = uses(|s| *s == AuthScheme::SigV4);
    let imports = if sigv4 {
        "Client, Config, Credentials"
    } else {
        "Client, Config"
    };
    if sigv4 {
        identities.push_str(
            "        .credentials(Credentials::new(\"AKIDEXAMPLE\", \"SECRET\", None))\n",
        );
    }
    if uses(|s| *s == AuthScheme::HttpBearer) {
        identities.push_str("        .bearer_token(\"token\")\n");
    }
    if uses(|s| matches!(s, AuthScheme::HttpApiKey { .. })) {
        identities.push_str("        .api_key(\"key\")\n");
    }
    if uses(|s| *s == AuthScheme::HttpBasic) {
        identities.push_str("        .basic_auth(\"user\", \"password\")\n");
    }
    out.push_str(&example(
        krate,
        &format!(
            "use {krate}::{{{imports}}};\n\n\
             // Region and AWS credentials from the environment and the shared files\n\
             // (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_PROFILE, ...):\n\
             let client = Client::from_env().await?;\n\n\
             // Or set explicitly (an `endpoint_url` points it at a local server):\n\
             let client = Client::new(\n    Config::builder()\n        .region(\"us-east-1\")\n\
             {identities}        .build()?,\n);\n"
        ),
        false,
    ));
    let callable: Vec<&Operation> = service
        .operations
        .iter()
        .filter(|o| plain_call(service, o))
        .collect();
    if let Some(op) = pick(service, &callable) {
        out.push_str("## Call an operation\n\nEach operation is a method that returns a builder; `send()` validates the input, signs and sends the request, retries what can be retried, and returns the output or a typed error.\n\n");
        out.push_str(&example(
            krate,
            &format!(
                "let output = client.{}(){}.send().await?;\nprintln!(\"{{output:?}}\");\n",
                op.fn_name,
                required_setters(service, op)
            ),
            true,
        ));
        if let Some(error) = op.errors.first() {
            out.push_str(&format!("## Match an error\n\nA call's error says whether it is one of the operation's modeled errors (`{}`), each with a predicate, or a failure on the way (a timeout, a connection error, an answer that could not be read).\n\n", op.error_name));
            out.push_str(&example(
                krate,
                &format!(
                    "match client.{}(){}.send().await {{\n    Ok(output) => println!(\"{{output:?}}\"),\n    Err(e) if e.as_service_error().is_some_and(|e| e.{}()) => {{\n        println!(\"{}: {{e}}\");\n    }}\n    Err(e) => return Err(e.into()),\n}}\n",
                    op.fn_name,
                    required_setters(service, op),
                    error.predicate_name,
                    error.variant_name,
                ),
                true,
            ));
        }
    }
    let paginated: Vec<&Operation> = service
        .paginators
        .iter()
        .map(|p| &service.operations[p.operation.0])
        .filter(|o| plain_call(service, o))
        .collect();
    if let Some(op) = pick(service, &paginated) {
        let paginator = service
            .paginators
            .iter()
            .find(|p| service.operations[p.operation.0].wire_name == op.wire_name);
        let items = paginator.is_some_and(|p| p.result_keys.len() == 1);
        let (stream, what) = if items {
            ("items()", "item")
        } else {
            ("send()", "page")
        };
        out.push_str("## Page through results\n\n`into_paginator()` on a paginated operation's builder gives a stream of pages (`send()`) or, where a page has one list of results, of its items (`items()`); the tokens are followed for you and a token sent twice ends the stream with an error.\n\n");
        out.push_str(&example(
            krate,
            &format!(
                "let mut stream = client.{}(){}.into_paginator().{stream};\nwhile let Some({what}) = stream.next().await {{\n    println!(\"{{:?}}\", {what}?);\n}}\n",
                op.fn_name,
                required_setters(service, op),
            ),
            true,
        ));
    }
    let waiter = service
        .waiters
        .iter()
        .find(|w| plain_call(service, &service.operations[w.operation.0]));
    if let Some(waiter) = waiter {
        let op = &service.operations[waiter.operation.0];
        out.push_str(&format!("## Wait for a state\n\nA waiter polls `{}` until the model's acceptors say the resource reached the state (or failed, or time ran out).\n\n", op.wire_name));
        out.push_str(&example(
            krate,
            &format!(
                "use std::time::Duration;\n\nclient.{}(){}.wait(Duration::from_secs(600)).await?;\n",
                waiter.fn_name,
                required_setters(service, op),
            ),
            true,
        ));
    }
    out
}

/// An operation whose example needs nothing but strings: no streams, and no required
/// member of another type.
fn plain_call(service: &Service, op: &Operation) -> bool {
    op.input_events.is_none()
        && op.output_events.is_none()
        && op.input_body.is_none()
        && op.output_body.is_none()
        && service
            .structure(op.input)
            .members
            .iter()
            .all(|m| !m.required || m.ty == Type::String)
}

/// The operation to show: a read (`Describe`, `List`, `Get`) with the fewest required
/// members, else any with the fewest; the first by name among equals.
fn pick<'a>(service: &Service, operations: &[&'a Operation]) -> Option<&'a Operation> {
    let required = |o: &Operation| {
        service
            .structure(o.input)
            .members
            .iter()
            .filter(|m| m.required)
            .count()
    };
    let is_read = |o: &Operation| {
        ["Describe", "List", "Get"]
            .iter()
            .any(|p| o.wire_name.starts_with(p))
    };
    let fewest = |reads_only: bool| {
        operations
            .iter()
            .filter(|o| !reads_only || is_read(o))
            .min_by_key(|o| (required(o), o.wire_name.as_str()))
            .copied()
    };
    fewest(true).or_else(|| fewest(false))
}

/// `.name("example-name")` for each required member of the operation's input.
fn required_setters(service: &Service, op: &Operation) -> String {
    service
        .structure(op.input)
        .members
        .iter()
        .filter(|m| m.required)
        .map(|m| {
            format!(
                ".{}(\"example-{}\")",
                m.field_name,
                m.label.replace('_', "-")
            )
        })
        .collect()
}

/// A doc-tested code block: `body` inside an async function returning a boxed error, with a
/// client already built when `with_client`.
fn example(krate: &str, body: &str, with_client: bool) -> String {
    let mut out = String::from(
        "```rust,no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n",
    );
    if with_client {
        out.push_str(&format!(
            "# let client = {krate}::Client::from_env().await?;\n"
        ));
    }
    out.push_str(body);
    out.push_str("# Ok(())\n# }\n```\n\n");
    out
}

/// The crate's features, from its manifest.
fn features_section(features: &[Feature]) -> String {
    let mut out = String::from("## Features\n\n");
    for feature in features {
        let enables = if feature.name == "default" {
            format!(" (`{}`)", feature.enables.join("`, `"))
        } else {
            String::new()
        };
        let about = feature.comment.join(" ");
        let about = if about.is_empty() && feature.name == "default" {
            "on unless `default-features = false`".to_owned()
        } else {
            about
        };
        out.push_str(&format!("- `{}`{enables}: {about}\n", feature.name));
    }
    out
}
