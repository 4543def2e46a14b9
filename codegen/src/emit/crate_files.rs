//! Emits the crate's frame: `Cargo.toml`, `lib.rs`, module files and the runtime helpers.

use super::{inner_doc_attrs, rust, EmittedFile, FileContent};
use crate::ir::{CrateOptions, Service};
use quote::quote;
use std::path::PathBuf;

/// A runtime helper: module name and source.
struct RuntimeModule {
    name: &'static str,
    source: &'static str,
}

const fn module(name: &'static str, source: &'static str) -> RuntimeModule {
    RuntimeModule { name, source }
}

/// Runtime helpers of the client, with the feature (if any) that enables each.
const CLIENT_RUNTIME: &[(RuntimeModule, Option<&str>)] = &[
    (
        module("config", include_str!("../../runtime/config.rs")),
        None,
    ),
    (module("jmes", include_str!("../../runtime/jmes.rs")), None),
    (
        module("json_rpc", include_str!("../../runtime/json_rpc.rs")),
        None,
    ),
    (
        module("mock", include_str!("../../runtime/mock.rs")),
        Some("test-util"),
    ),
    (
        module("paginate", include_str!("../../runtime/paginate.rs")),
        None,
    ),
    (
        module("retry", include_str!("../../runtime/retry.rs")),
        None,
    ),
    (
        module("profile", include_str!("../../runtime/profile.rs")),
        None,
    ),
    (
        module("endpoint", include_str!("../../runtime/endpoint.rs")),
        None,
    ),
    (
        module("sdk_error", include_str!("../../runtime/sdk_error.rs")),
        None,
    ),
    (
        module("transport", include_str!("../../runtime/transport.rs")),
        None,
    ),
    (
        module("waiter", include_str!("../../runtime/waiter.rs")),
        None,
    ),
];

/// Runtime modules of which a service may use only a part: its waiters need few of the
/// JMESPath helpers, and a model without a rule set needs only the endpoint types.
const PARTLY_USED: &[&str] = &["datetime", "endpoint", "float", "jmes", "waiter"];

/// Dependencies of the client (hyper with rustls on ring, and the official SigV4 signer).
const CLIENT_DEPENDENCIES: &[&str] = &[
    r#"aws-credential-types = "1.2""#,
    r#"aws-sigv4 = { version = "1.2", default-features = false, features = ["sign-http", "http1"] }"#,
    r#"aws-smithy-runtime-api = { version = "1.7", default-features = false, features = ["client"] }"#,
    r#"bytes = "1""#,
    r#"futures-core = { version = "0.3", default-features = false, features = ["std"] }"#,
    r#"http = "1""#,
    r#"http-body-util = "0.1""#,
    r#"hyper = { version = "1", default-features = false, features = ["client", "http1"] }"#,
    r#"hyper-rustls = { version = "0.27", default-features = false, features = ["http1", "ring", "tls12", "webpki-roots"] }"#,
    r#"hyper-util = { version = "0.1", default-features = false, features = ["client-legacy", "http1", "tokio"] }"#,
    r#"tokio = { version = "1", default-features = false, features = ["time"] }"#,
    r#"tracing = { version = "0.1", default-features = false, features = ["std"] }"#,
];

const BUILD_ERROR: RuntimeModule =
    module("build_error", include_str!("../../runtime/build_error.rs"));
const REDACT: RuntimeModule = module("redact", include_str!("../../runtime/redact.rs"));
const DATETIME: RuntimeModule = module("datetime", include_str!("../../runtime/datetime.rs"));
const BLOB: RuntimeModule = module("blob", include_str!("../../runtime/blob.rs"));
const COMPRESS: RuntimeModule = module("compress", include_str!("../../runtime/compress.rs"));
const TOKEN: RuntimeModule = module("token", include_str!("../../runtime/token.rs"));
const FLOAT: RuntimeModule = module("float", include_str!("../../runtime/float.rs"));
const VALIDATE: RuntimeModule = module("validate", include_str!("../../runtime/validate.rs"));
const UNION: RuntimeModule = module("union", include_str!("../../runtime/union.rs"));

/// What a crate's frame must provide: runtime helpers and the dependencies they bring.
/// One service decides it, or the union of several in a bundle.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    sensitive: bool,
    timestamps: bool,
    blobs: bool,
    floats: bool,
    documents: bool,
    tokens: bool,
    gzip: bool,
    unions: bool,
    validation: bool,
    client: bool,
}

impl Needs {
    /// What `service` needs.
    pub fn of(service: &Service) -> Self {
        Needs {
            sensitive: service.uses_sensitive,
            timestamps: service.uses_timestamps,
            blobs: service.uses_blobs,
            floats: service.uses_floats,
            documents: service.uses_documents,
            tokens: service.uses_idempotency_tokens,
            gzip: service.protocol.client.is_some()
                && service.operations.iter().any(|o| o.gzip_request),
            unions: service.uses_unions,
            validation: service.has_validation_module(),
            client: service.protocol.client.is_some(),
        }
    }

    /// What either needs.
    pub fn union(self, other: Needs) -> Self {
        Needs {
            sensitive: self.sensitive || other.sensitive,
            timestamps: self.timestamps || other.timestamps,
            blobs: self.blobs || other.blobs,
            floats: self.floats || other.floats,
            documents: self.documents || other.documents,
            tokens: self.tokens || other.tokens,
            gzip: self.gzip || other.gzip,
            unions: self.unions || other.unions,
            validation: self.validation || other.validation,
            client: self.client || other.client,
        }
    }
}

/// Emits every file that is not per-shape code.
pub fn emit(service: &Service, options: &CrateOptions) -> Vec<EmittedFile> {
    let needs = Needs::of(service);
    let description = format!(
        "Client types for {} (API {}), generated from the botocore model",
        service.full_name, service.api_version
    );
    let mut files = frame(needs, options, &description);
    files.extend(service_files(service, true));
    files
}

/// The service's root module (`lib.rs` of a crate of its own, else a module's `mod.rs` that
/// shares the bundle's runtime), `types/mod.rs` and `primitives.rs`.
pub fn service_files(service: &Service, standalone: bool) -> Vec<EmittedFile> {
    // A glob re-export of an empty module is an unused import.
    let enums = (!service.enums.is_empty()).then(|| {
        quote!(
            pub use enums::*;
        )
    });
    let structures = (!service.structures.is_empty()).then(|| {
        quote!(
            pub use structures::*;
        )
    });
    vec![
        rust("src/lib.rs", lib_rs(service, standalone)),
        rust(
            "src/types/mod.rs",
            quote! {
                //! Every type of the model: structures, errors, unions and enums.
                #[rustfmt::skip]
                pub mod builders;
                #[rustfmt::skip]
                mod enums;
                #[rustfmt::skip]
                mod structures;
                #enums
                #structures
            },
        ),
        rust("src/primitives.rs", primitives(service)),
    ]
}

/// The root module of a bundle: one public module per service and the shared runtime.
pub fn bundle_lib_rs(description: &str, modules: &[String]) -> proc_macro2::TokenStream {
    let title = format!(" {description}");
    let modules = modules.iter().map(|m| {
        let name = super::ident(m);
        quote!(#[rustfmt::skip] pub mod #name;)
    });
    quote! {
        #![doc = #title]
        #(#modules)*
        #[rustfmt::skip]
        mod runtime;
    }
}

/// The files every crate has whatever its services: `Cargo.toml`, `rustfmt.toml` and the
/// runtime helpers `needs` asks for.
pub fn frame(needs: Needs, options: &CrateOptions, description: &str) -> Vec<EmittedFile> {
    let mut runtime: Vec<(RuntimeModule, Option<&str>)> = vec![(BUILD_ERROR, None)];
    let optional = [
        (needs.sensitive, REDACT),
        (needs.timestamps, DATETIME),
        (needs.blobs, BLOB),
        (needs.floats, FLOAT),
        (needs.gzip, COMPRESS),
        (needs.tokens, TOKEN),
        (needs.unions, UNION),
        (needs.validation, VALIDATE),
    ];
    runtime.extend(
        optional
            .into_iter()
            .filter(|(needed, _)| *needed)
            .map(|(_, m)| (m, None)),
    );
    if needs.client {
        for (module, feature) in CLIENT_RUNTIME {
            runtime.push((
                RuntimeModule {
                    name: module.name,
                    source: module.source,
                },
                *feature,
            ));
        }
    }
    runtime.sort_by_key(|(m, _)| m.name);
    let mut files = vec![
        EmittedFile {
            path: PathBuf::from("Cargo.toml"),
            content: FileContent::Text(cargo_toml(needs, options, description)),
        },
        EmittedFile {
            path: PathBuf::from("rustfmt.toml"),
            content: FileContent::Text(RUSTFMT_TOML.to_owned()),
        },
    ];
    let mods = runtime.iter().map(|(m, feature)| {
        let name = super::ident(m.name);
        let cfg = feature.map(|f| quote!(#[cfg(feature = #f)]));
        let partial = PARTLY_USED
            .contains(&m.name)
            .then(|| quote!(#[allow(dead_code)]));
        quote!(#cfg #partial #[rustfmt::skip] pub(crate) mod #name;)
    });
    files.push(rust(
        "src/runtime/mod.rs",
        quote! {
            //! Hand-written helpers the generated code calls, copied from the generator's `runtime/`.
            #(#mods)*
        },
    ));
    for (m, _) in runtime {
        files.push(EmittedFile {
            path: PathBuf::from(format!("src/runtime/{}.rs", m.name)),
            content: FileContent::RustVerbatim(m.source.to_owned()),
        });
    }
    files
}

/// The generated crate keeps prettyplease's layout; `cargo fmt` must not rewrite it.
const RUSTFMT_TOML: &str =
    "# Generated code keeps the generator's layout, so `cargo fmt` leaves it alone.\ndisable_all_formatting = true\n";

fn cargo_toml(needs: Needs, options: &CrateOptions, description: &str) -> String {
    let mut deps = vec![r#"serde = { version = "1.0.200", features = ["derive"] }"#.to_owned()];
    let mut dev_deps = Vec::new();
    let json = r#"serde_json = "1.0.120""#.to_owned();
    let client = needs.client;
    if client {
        deps.extend(CLIENT_DEPENDENCIES.iter().map(|d| (*d).to_owned()));
    }
    // Unions and float members read values through `serde_json::Value`; it is the document type.
    if needs.unions || needs.floats || needs.documents || client {
        deps.push(json);
    } else {
        dev_deps.push(json);
    }
    if needs.timestamps {
        deps.push(r#"time = { version = "0.3.36", default-features = false, features = ["std", "formatting", "parsing"] }"#.to_owned());
    }
    if needs.validation {
        deps.push(r#"regex = { version = "1.10", default-features = false, features = ["std", "unicode", "perf-dfa"] }"#.to_owned());
    }
    if needs.gzip {
        deps.push(
            r#"flate2 = { version = "1", default-features = false, features = ["rust_backend"] }"#
                .to_owned(),
        );
    }
    if needs.blobs {
        deps.push(
            r#"base64 = { version = "0.22", default-features = false, features = ["std"] }"#
                .to_owned(),
        );
    }
    deps.sort();
    let mut out = format!(
        "[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2021\"\nrust-version = \"1.85\"\nlicense = \"Apache-2.0\"\ndescription = \"{description}\"\npublish = false\n\n[dependencies]\n",
        name = options.package_name,
        version = options.version,
    );
    for dep in deps {
        out.push_str(&dep);
        out.push('\n');
    }
    if !dev_deps.is_empty() {
        out.push_str("\n[dev-dependencies]\n");
        for dep in dev_deps {
            out.push_str(&dep);
            out.push('\n');
        }
    }
    if client {
        out.push_str("\n[features]\n# MockTransport, for tests of code that uses the client.\ntest-util = []\n");
    }
    out.push_str("\n[lints.rust]\nmissing_docs = \"warn\"\n");
    out
}

fn lib_rs(service: &Service, standalone: bool) -> proc_macro2::TokenStream {
    let title = format!(" # {} (API {})", service.full_name, service.api_version);
    let intro = if service.docs.trim().is_empty() {
        format!("Types for {}.", service.full_name)
    } else {
        service.docs.clone()
    };
    let body = inner_doc_attrs(&intro);
    let summary = format!(
        " This crate was generated from the botocore model: {} structures, errors and unions, {} enums, {} operations. Every structure has a builder in [`types::builders`]; enums keep unknown values; sensitive members are redacted in `Debug`.",
        service.structures.len(),
        service.enums.len(),
        service.operations.len()
    );
    let client = service.protocol.client.is_some().then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod client;
            #[rustfmt::skip]
            pub mod endpoint;
            #[rustfmt::skip]
            pub mod operation;
            #[rustfmt::skip]
            pub mod paginator;
            #[rustfmt::skip]
            pub mod waiter;
            #[cfg(feature = "test-util")]
            #[rustfmt::skip]
            pub mod test_util;
            #[rustfmt::skip]
            pub mod transport;
            pub use client::{Client, Config, Credentials};
        }
    });
    let validation = service.has_validation_module().then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod validation;
        }
    });
    let runtime = standalone.then(|| {
        quote! {
            #[rustfmt::skip]
            mod runtime;
        }
    });
    // The crate's own code names its deprecated types (in builders, lists and validators);
    // deprecation warnings are for the code that uses the crate. Member names come from the
    // model (a setter may be called `add`), and error and union variants mirror the model's
    // shapes, whatever their sizes.
    let allow = standalone.then(|| {
        quote!(#![allow(deprecated, clippy::should_implement_trait, clippy::large_enum_variant)])
    });
    quote! {
        #![doc = #title]
        #![doc = ""]
        #body
        #![doc = ""]
        #![doc = #summary]
        #allow

        #[rustfmt::skip]
        pub mod error;
        #[rustfmt::skip]
        pub mod primitives;
        #runtime
        #[rustfmt::skip]
        pub mod types;
        #validation
        #client
    }
}

fn primitives(service: &Service) -> proc_macro2::TokenStream {
    let datetime = service.uses_timestamps.then(|| {
        quote!(
            pub use crate::runtime::datetime::{DateTime, DateTimeError};
        )
    });
    let blob = service.uses_blobs.then(|| {
        quote!(
            pub use crate::runtime::blob::Blob;
        )
    });
    let document = service.uses_documents.then(|| {
        quote!(
            /// A document: any JSON value, sent and read as is.
            pub type Document = ::serde_json::Value;
        )
    });
    quote! {
        //! Value types the model's shapes are built from: timestamps, binary data, documents.
        #datetime
        #document
        #blob
    }
}
