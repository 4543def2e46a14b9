//! One test binary for the whole suite: fixtures, snapshots, the generated ds crate, fuzzing.

mod cbor_ds;
mod client_mock;
mod credentials;
mod degraded;
mod diff;
mod endpoints;
mod flows;
mod fuzz;
mod generated_ds;
mod malformed;
mod moto;
mod moto_clouddirectory;
mod patterns;
mod python;
mod redaction;
mod rest_fixture;
mod rest_sigv4;
mod retries;
mod sigv4_suite;
mod smithy;
mod smithy_fixture;
mod snapshot;
mod support;
mod tracing_spans;
mod validation;
mod xtask_codegen;
