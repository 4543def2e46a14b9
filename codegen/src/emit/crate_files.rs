//! Emits the crate's frame: `Cargo.toml`, `lib.rs`, module files, and the runtime as a
//! dependency or, vendored, as a copy of its sources.

use super::manifest::{Feature, Manifest, Value};
use super::runtime_symbols::*;
use super::{inner_doc_attrs, rust, EmittedFile, FileContent};
use crate::ir::{CrateOptions, RuntimeSource, Service};
use quote::quote;
use std::path::PathBuf;

/// The runtime crate's manifest: its dependency and feature tables are what a vendored copy
/// needs in its own `Cargo.toml`.
const RUNTIME_MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The version of the runtime this generator writes code for (its manifest's).
pub fn runtime_version() -> &'static str {
    RUNTIME_MANIFEST
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or("0.0.0")
}

/// The runtime crate's package name, as a dependency.
const RUNTIME_PACKAGE: &str = "aws-codegen-runtime";

/// What a crate's frame must provide: the dependencies and runtime features its code needs,
/// derived from what the emitted code uses ([`Used`]) and from the protocols the client
/// speaks. One service decides it, or the union of several in a bundle.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    /// The code names `serde_json` (documents).
    serde_json: bool,
    gzip: bool,
    checksum: bool,
    /// The client can speak rpcv2Cbor (the crate's `cbor` feature).
    cbor: bool,
    /// rpcv2Cbor is the client's default protocol (so `cbor` is on by default).
    cbor_default: bool,
    /// The client speaks an XML protocol (the runtime's `xml` feature, with the client).
    xml: bool,
    /// An operation streams events (the runtime's `eventstream` feature, with the client).
    eventstream: bool,
    /// An operation streams events to the service, which AWS takes over HTTP/2 only (the
    /// runtime's `http2` feature, with the client).
    http2: bool,
    /// The endpoint rules can ask for SigV4a (the crate's `sigv4a` feature).
    sigv4a: bool,
    blobs: bool,
    client: bool,
}

impl Needs {
    /// What `service` needs, whose emitted code uses `used`.
    pub fn of(service: &Service, used: &Used) -> Self {
        Needs {
            serde_json: used.serde_json,
            gzip: used.feature(RuntimeFeature::Gzip),
            checksum: used.feature(RuntimeFeature::Checksum),
            cbor: service
                .protocol
                .clients
                .contains(&crate::ir::ClientProtocol::RpcV2Cbor),
            cbor_default: service.protocol.client == Some(crate::ir::ClientProtocol::RpcV2Cbor),
            xml: service
                .protocol
                .clients
                .iter()
                .any(crate::ir::ClientProtocol::speaks_xml),
            eventstream: used.feature(RuntimeFeature::EventStream),
            http2: used.feature(RuntimeFeature::Client)
                && service.operations.iter().any(|o| o.input_events.is_some()),
            sigv4a: used.feature(RuntimeFeature::Client) && service.sigv4a_endpoints,
            // HTTP basic auth writes its header in base64, which the runtime's `blob` has.
            blobs: used.feature(RuntimeFeature::Blob)
                || service
                    .operations
                    .iter()
                    .any(|o| o.auth.contains(&crate::ir::AuthScheme::HttpBasic)),
            client: used.feature(RuntimeFeature::Client),
        }
    }

    /// What either needs.
    pub fn union(self, other: Needs) -> Self {
        Needs {
            serde_json: self.serde_json || other.serde_json,
            gzip: self.gzip || other.gzip,
            checksum: self.checksum || other.checksum,
            cbor: self.cbor || other.cbor,
            cbor_default: self.cbor_default || other.cbor_default,
            xml: self.xml || other.xml,
            eventstream: self.eventstream || other.eventstream,
            http2: self.http2 || other.http2,
            sigv4a: self.sigv4a || other.sigv4a,
            blobs: self.blobs || other.blobs,
            client: self.client || other.client,
        }
    }
}

/// The description in the manifest of a crate of one service.
pub fn description(service: &Service) -> String {
    format!(
        "Client types for {} (API {}), generated from the service's model",
        service.full_name, service.api_version
    )
}

/// The service's root module (`lib.rs` of a crate of its own, else a module's `mod.rs` that
/// shares the bundle's runtime) declaring the registered `modules`, `types/mod.rs` and
/// `primitives.rs`.
pub fn service_files(
    service: &Service,
    modules: &[super::Module],
    standalone: bool,
    vendored: bool,
) -> Vec<EmittedFile> {
    // A glob re-export of an empty module is an unused import.
    let enums = (0..service.enums.len())
        .any(|i| service.holds_enum(i))
        .then(|| {
            quote!(
                pub use enums::*;
            )
        });
    let structures = super::structures::held_structures(service)
        .next()
        .is_some()
        .then(|| {
            quote!(
                pub use structures::*;
            )
        });
    let parts = part_reexports(service, quote!(types));
    let types = super::declarations(modules, "types");
    vec![
        rust("src/lib.rs", lib_rs(service, modules, standalone, vendored)),
        rust(
            "src/types/mod.rs",
            quote! {
                //! Every type of the model: structures, errors, unions and enums.
                #types
                #enums
                #structures
                #parts
            },
        ),
        rust("src/primitives.rs", primitives(service)),
    ]
}

/// For a split service, `pub use <part>::<module>::*;` for each part the crate being
/// emitted builds on (every part, for the service's own crate): its types and builders are
/// then the crate's too, at the same paths.
pub fn part_reexports(
    service: &Service,
    module: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let Some(split) = &service.split else {
        return proc_macro2::TokenStream::new();
    };
    let uses = split.deps_of(service.part).into_iter().map(|part| {
        let name = super::ident(&part.crate_name);
        quote!(pub use #name::#module::*;)
    });
    quote!(#(#uses)*)
}

/// A split service's crate depends on its parts, and its `serde` feature turns on theirs.
fn depend_on_parts(
    manifest: &mut Manifest,
    split: &crate::ir::split::Split,
    runtime: &RuntimeSource,
) {
    let version = manifest
        .package
        .iter()
        .find(|(key, _)| key == "version")
        .map(|(_, v)| v.clone());
    for part in &split.parts {
        let mut source = vec![("path".to_owned(), Value::str(&part.dir))];
        // A crate to publish names its parts' exact version, which it is published with.
        if let (RuntimeSource::Version { .. }, Some(Value::Str(v))) = (runtime, &version) {
            source.push(("version".to_owned(), Value::str(format!("={v}"))));
        }
        manifest
            .dependencies
            .push((part.package.clone(), Value::Table(source)));
    }
    if let Some(serde) = manifest.feature_mut("serde") {
        serde
            .enables
            .extend(split.parts.iter().map(|p| format!("{}/serde", p.package)));
    }
}

/// The root module of a bundle: one public module per service and the shared runtime.
pub fn bundle_lib_rs(
    description: &str,
    modules: &[String],
    vendored: bool,
) -> proc_macro2::TokenStream {
    let title = format!(" {description}");
    let modules = modules.iter().map(|m| {
        let name = super::ident(m);
        quote!(#[rustfmt::skip] pub mod #name;)
    });
    let runtime = runtime_module(vendored);
    quote! {
        #![doc = #title]
        #![allow(deprecated, clippy::should_implement_trait, clippy::large_enum_variant)]
        #(#modules)*
        #runtime
    }
}

/// How the crate reaches the runtime as `crate::runtime`: a re-export of the runtime crate,
/// or the vendored copy's module.
pub(super) fn runtime_module(vendored: bool) -> proc_macro2::TokenStream {
    if vendored {
        quote! {
            #[doc(hidden)]
            #[rustfmt::skip]
            pub mod runtime;
        }
    } else {
        quote! {
            #[doc(hidden)]
            pub use aws_codegen_runtime as runtime;
        }
    }
}

/// The files every crate has whatever its services: `Cargo.toml`, `rustfmt.toml` and, when
/// vendored, the runtime's sources.
pub fn frame(
    needs: Needs,
    options: &CrateOptions,
    description: &str,
    readme_of: Option<&Service>,
) -> Vec<EmittedFile> {
    let mut manifest = manifest(needs, options, description);
    if let Some(split) = readme_of.and_then(|service| service.split.as_ref()) {
        depend_on_parts(&mut manifest, split, &options.runtime);
    }
    let mut files = manifest_files(&manifest);
    if let Some(service) = readme_of {
        files.push(EmittedFile {
            path: PathBuf::from("README.md"),
            content: FileContent::Markdown(super::readme::readme(
                service,
                &crate::ir::symbols::crate_ident(&options.package_name),
                &manifest.features,
                needs.client,
            )),
        });
    }
    if options.runtime == RuntimeSource::Vendored {
        files.extend(super::vendored::files());
    }
    files
}

/// `Cargo.toml` of `manifest`, and `rustfmt.toml`.
pub(super) fn manifest_files(manifest: &Manifest) -> Vec<EmittedFile> {
    vec![
        EmittedFile {
            path: PathBuf::from("Cargo.toml"),
            content: FileContent::Text(manifest.to_toml()),
        },
        EmittedFile {
            path: PathBuf::from("rustfmt.toml"),
            content: FileContent::Text(RUSTFMT_TOML.to_owned()),
        },
    ]
}

/// The generated crate keeps prettyplease's layout; `cargo fmt` must not rewrite it.
const RUSTFMT_TOML: &str =
    "# Generated code keeps the generator's layout, so `cargo fmt` leaves it alone.\ndisable_all_formatting = true\n";

/// The crate's manifest, as data written as TOML.
pub(super) fn manifest(needs: Needs, options: &CrateOptions, description: &str) -> Manifest {
    let package = [
        ("name", Value::str(&options.package_name)),
        ("version", Value::str(&options.version)),
        ("edition", Value::str("2021")),
        ("rust-version", Value::str("1.85")),
        ("license", Value::str("Apache-2.0")),
        ("description", Value::str(description)),
        ("readme", Value::str("README.md")),
    ];
    let mut package: Vec<(String, Value)> = package
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    if let Some(repository) = &options.repository {
        package.push(("repository".to_owned(), Value::str(repository)));
    }
    // A path dependency cannot be published; the other two runtime sources can.
    if matches!(options.runtime, RuntimeSource::Path(_)) {
        package.push(("publish".to_owned(), Value::Bool(false)));
    }
    let mut manifest = Manifest {
        package,
        rust_lints: vec![("missing_docs".to_owned(), Value::str("warn"))],
        ..Manifest::default()
    };
    match &options.runtime {
        RuntimeSource::Path(path) => runtime_dependency(&mut manifest, needs, &[("path", path)]),
        RuntimeSource::Version { requirement, path } => {
            let mut source = vec![("version", requirement.as_str())];
            source.extend(path.iter().map(|p| ("path", p.as_str())));
            runtime_dependency(&mut manifest, needs, &source)
        }
        RuntimeSource::Vendored => vendored_runtime(&mut manifest, needs),
    }
    manifest.features.push(Feature::new(
        "serde",
        &[],
        "serde in the directions the client does not need: writing outputs and errors, reading inputs.",
    ));
    manifest
}

/// The runtime as a dependency (`source`: its `path`, `version`, or both) with the features
/// the crate's code needs, and the crate's features forwarding the runtime's.
fn runtime_dependency(manifest: &mut Manifest, needs: Needs, source: &[(&str, &str)]) {
    let runtime_features: Vec<&str> = [
        ("blob", needs.blobs),
        ("checksum", needs.checksum),
        ("gzip", needs.gzip),
    ]
    .iter()
    .filter(|(_, on)| *on)
    .map(|(name, _)| *name)
    .collect();
    let mut runtime: Vec<(String, Value)> = source
        .iter()
        .map(|(key, value)| ((*key).to_owned(), Value::str(*value)))
        .collect();
    runtime.push(("default-features".to_owned(), Value::Bool(false)));
    if !runtime_features.is_empty() {
        runtime.push(("features".to_owned(), Value::strs(runtime_features)));
    }
    manifest
        .dependencies
        .push((RUNTIME_PACKAGE.to_owned(), Value::Table(runtime)));
    manifest
        .dependencies
        .push(("serde".to_owned(), Value::str("1.0.200")));
    if needs.serde_json {
        manifest
            .dependencies
            .push(("serde_json".to_owned(), Value::str("1.0.120")));
    }
    let forward = |feature: &str| format!("{RUNTIME_PACKAGE}/{feature}");
    if needs.client {
        let default: &[&str] = if needs.cbor_default {
            &["client", "cbor"]
        } else {
            &["client"]
        };
        manifest.features.push(Feature::new("default", default, ""));
        let client: Vec<String> = [
            ("client", true),
            ("xml", needs.xml),
            ("eventstream", needs.eventstream),
            ("http2", needs.http2),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(feature, _)| forward(feature))
        .collect();
        let client: Vec<&str> = client.iter().map(String::as_str).collect();
        manifest.features.push(Feature::new(
            "client",
            &client,
            "The client; without it the crate is types, builders, serde and validators.",
        ));
        manifest.features.push(Feature::new(
            "test-util",
            &["client", &forward("test-util")],
            "MockTransport, for tests of code that uses the client.",
        ));
        manifest.features.push(Feature::new(
            "sdk-credentials",
            &["client", &forward("sdk-credentials")],
            "SdkCredentialsProvider, for credentials providers of the official SDK.",
        ));
        if needs.sigv4a {
            manifest.features.push(Feature::new(
                "sigv4a",
                &["client", &forward("sigv4a")],
                "SigV4a signing (p256's ECDSA), for the endpoints whose rules ask for it.",
            ));
        }
        if needs.cbor {
            manifest.features.push(Feature::new(
                "cbor",
                &["client", &forward("cbor")],
                "The rpcv2Cbor protocol (minicbor): `Config::builder().protocol(ProtocolChoice::RpcV2Cbor)`.",
            ));
        }
    }
    manifest.features.push(Feature::new(
        "patterns",
        &[&forward("patterns")],
        "Pattern checking for `Policy::Strict` and `validate()` (the regex crate).",
    ));
}

/// The runtime's own dependencies and features, read from its manifest: its features gate
/// its modules in the vendored copy, except `blob`, which a vendored copy always has
/// (`vendored::vendor`): it could not be turned off without breaking the types that hold blobs.
fn vendored_runtime(manifest: &mut Manifest, needs: Needs) {
    // The runtime's manifest is part of this crate's sources, and a unit test reads it.
    let (dependencies, features) = super::manifest::runtime_tables(RUNTIME_MANIFEST)
        .unwrap_or_else(|e| panic!("internal error: {e}"));
    manifest.dependencies = dependencies;
    let mut blob_deps = Vec::new();
    for feature in features {
        if feature.name == "blob" {
            blob_deps = feature.enables;
            continue;
        }
        let mut feature = feature;
        feature.enables.retain(|f| f != "blob");
        manifest.features.push(feature);
    }
    // What `blob` turned on is always on.
    for dep in blob_deps.iter().filter_map(|d| d.strip_prefix("dep:")) {
        if let Some(Value::Table(entries)) = manifest.dependency_mut(dep) {
            entries.retain(|(key, _)| key != "optional");
        }
    }
    let defaults = [
        ("gzip", needs.gzip),
        ("checksum", needs.checksum),
        ("cbor", needs.cbor_default),
        ("xml", needs.xml),
        ("eventstream", needs.eventstream),
        ("http2", needs.http2),
    ];
    if let Some(default) = manifest.feature_mut("default") {
        for (name, on) in defaults {
            if on {
                default.enables.push(name.to_owned());
            }
        }
    }
}

fn lib_rs(
    service: &Service,
    modules: &[super::Module],
    standalone: bool,
    vendored: bool,
) -> proc_macro2::TokenStream {
    let title = format!(" # {} (API {})", service.full_name, service.api_version);
    let intro = if service.docs.trim().is_empty() {
        format!("Types for {}.", service.full_name)
    } else {
        service.docs.clone()
    };
    let body = inner_doc_attrs(&intro);
    let summary = format!(
        " This crate was generated from the service's model: {} structures, errors and unions, {} enums, {} operations. Every structure has a builder in [`types::builders`]; enums keep unknown values; sensitive members are redacted in `Debug`. Without the default `client` feature it is types, builders, serde and validators only.",
        service.structures.len(),
        service.enums.len(),
        service.operations.len()
    );
    let declarations = super::declarations(modules, "");
    let client = modules
        .iter()
        .any(|m| m.parent.is_empty() && m.name == "client")
        .then(|| {
            quote! {
                #[cfg(feature = "client")]
                pub use client::{Client, Config, Credentials};
            }
        });
    let runtime = standalone.then(|| runtime_module(vendored));
    // The crate's own code names its deprecated types (in builders, lists and validators);
    // deprecation warnings are for the code that uses the crate. Member names come from the
    // model (a setter may be called `add`), and error and union variants mirror the model's
    // shapes, whatever their sizes.
    let allow = standalone.then(|| {
        quote!(#![allow(deprecated, clippy::should_implement_trait, clippy::large_enum_variant)])
    });
    // The README's examples are compiled by `cargo test --doc`, not shown twice.
    let readme = standalone.then(|| {
        quote! {
            #[cfg(doctest)]
            #[doc = include_str!("../README.md")]
            pub struct ReadmeDoctests;
        }
    });
    quote! {
        #![doc = #title]
        #![doc = ""]
        #body
        #![doc = ""]
        #![doc = #summary]
        #allow

        #runtime
        #declarations
        #client
        #readme
    }
}

fn primitives(service: &Service) -> proc_macro2::TokenStream {
    let datetime = service.uses_timestamps.then(|| {
        quote!(
            pub use #DATETIME::{DateTime, DateTimeError};
        )
    });
    let blob = service.uses_blobs.then(|| {
        quote!(
            pub use #BLOB::Blob;
        )
    });
    let big_numbers = service.uses_big_numbers.then(|| {
        quote!(
            pub use #NUMBER::{BigDecimal, BigInteger, BigNumberError};
        )
    });
    let document = service.uses_documents.then(|| {
        quote!(
            /// A document: any JSON value, sent and read as is.
            pub type Document = ::serde_json::Value;
        )
    });
    let events = service
        .structures
        .iter()
        .any(|s| s.events.is_some())
        .then(|| {
            quote!(
                pub use #EVENT_STREAM::{EventStream, EventStreamError};
                #[cfg(feature = "client")]
                pub use #EVENT_STREAM::EventSender;
            )
        });
    let streaming = service
        .structures
        .iter()
        .flat_map(|s| &s.members)
        .any(|m| m.ty == crate::ir::Type::StreamingBlob)
        .then(|| quote!(pub use #STREAMING_BODY::{BodyError, StreamingBody};));
    quote! {
        //! Value types the model's shapes are built from: timestamps, binary data, documents.
        #datetime
        #big_numbers
        #document
        #blob
        #streaming
        #events
    }
}
