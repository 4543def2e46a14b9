//! Emits the crate's frame: `Cargo.toml`, `lib.rs`, module files, and the runtime as a
//! dependency or, vendored, as a copy of its sources.

use super::runtime_symbols::*;
use super::{inner_doc_attrs, rust, EmittedFile, FileContent};
use crate::ir::{CrateOptions, RuntimeSource, Service};
use quote::quote;
use std::path::PathBuf;

/// The runtime crate's manifest: its dependency and feature tables are what a vendored copy
/// needs in its own `Cargo.toml`.
const RUNTIME_MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The runtime's sources, by path under `src/` (`value/blob.rs`): every `.rs` file there,
/// listed by the build script.
pub(super) const RUNTIME_SOURCES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/runtime_sources.rs"));

/// The runtime's `macros.rs`, whose exported macros a vendored copy re-exports.
const RUNTIME_MACROS_SOURCE: &str = include_str!("../../runtime/src/macros.rs");

/// The macros the runtime exports (`#[macro_export]` before `macro_rules! name`), in order.
fn runtime_macros() -> Vec<&'static str> {
    let mut names = Vec::new();
    let mut exported = false;
    for line in RUNTIME_MACROS_SOURCE.lines() {
        let line = line.trim();
        if line == "#[macro_export]" {
            exported = true;
        } else if let Some(rest) = line.strip_prefix("macro_rules! ") {
            if exported {
                names.push(rest.trim_end_matches(" {").trim());
            }
            exported = false;
        } else if !line.starts_with("#[") {
            exported = false;
        }
    }
    names.sort_unstable();
    names
}

/// What a crate's frame must provide: the dependencies and runtime features its code needs.
/// One service decides it, or the union of several in a bundle.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    documents: bool,
    unions: bool,
    floats: bool,
    gzip: bool,
    checksum: bool,
    /// The client can speak rpcv2Cbor (the crate's `cbor` feature).
    cbor: bool,
    /// rpcv2Cbor is the client's default protocol (so `cbor` is on by default).
    cbor_default: bool,
    blobs: bool,
    client: bool,
}

impl Needs {
    /// What `service` needs.
    pub fn of(service: &Service) -> Self {
        Needs {
            documents: service.uses_documents,
            unions: service.uses_unions,
            floats: service.uses_floats,
            gzip: service.protocol.client.is_some()
                && service.operations.iter().any(|o| o.gzip_request),
            checksum: service.protocol.client.is_some()
                && service.operations.iter().any(|o| o.content_md5),
            cbor: service
                .protocol
                .clients
                .contains(&crate::ir::ClientProtocol::RpcV2Cbor),
            cbor_default: service.protocol.client == Some(crate::ir::ClientProtocol::RpcV2Cbor),
            blobs: service.uses_blobs,
            client: service.protocol.client.is_some(),
        }
    }

    /// What either needs.
    pub fn union(self, other: Needs) -> Self {
        Needs {
            documents: self.documents || other.documents,
            unions: self.unions || other.unions,
            floats: self.floats || other.floats,
            gzip: self.gzip || other.gzip,
            checksum: self.checksum || other.checksum,
            cbor: self.cbor || other.cbor,
            cbor_default: self.cbor_default || other.cbor_default,
            blobs: self.blobs || other.blobs,
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
    files.extend(service_files(
        service,
        true,
        options.runtime == RuntimeSource::Vendored,
    ));
    files
}

/// The service's root module (`lib.rs` of a crate of its own, else a module's `mod.rs` that
/// shares the bundle's runtime), `types/mod.rs` and `primitives.rs`.
pub fn service_files(service: &Service, standalone: bool, vendored: bool) -> Vec<EmittedFile> {
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
        rust("src/lib.rs", lib_rs(service, standalone, vendored)),
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
fn runtime_module(vendored: bool) -> proc_macro2::TokenStream {
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
pub fn frame(needs: Needs, options: &CrateOptions, description: &str) -> Vec<EmittedFile> {
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
    if options.runtime == RuntimeSource::Vendored {
        files.extend(RUNTIME_SOURCES.iter().map(|(name, source)| {
            let path = if *name == "lib.rs" {
                PathBuf::from("src/runtime/mod.rs")
            } else {
                name.split('/')
                    .fold(PathBuf::from("src/runtime"), |path, part| path.join(part))
            };
            EmittedFile {
                path,
                content: FileContent::RustVerbatim(vendor(name, source)),
            }
        }));
    }
    files
}

/// A runtime source as a module of the generated crate: `crate::` paths (and `$crate` paths
/// in macros) lead to the module, and the macros become crate-local, re-exported by the module (what
/// `#[macro_export]` would put at the crate root) so that `#RUNTIME::name!` works as
/// with the runtime crate.
fn vendor(name: &str, source: &str) -> String {
    match name {
        "macros.rs" => {
            // A crate uses only the macros its model needs.
            let mut out = "#![allow(unused_macros)]\n".to_owned()
                + &source
                    .replace("$crate::", VENDORED_MACRO_PATH)
                    .replace("#[macro_export]\n", "");
            out.push_str("\n// Crate-local macros, reached by path like the runtime crate's exported ones.\n");
            for m in runtime_macros() {
                out.push_str(&format!("pub(crate) use {m};\n"));
            }
            out
        }
        "lib.rs" => {
            let uses = runtime_macros().join(", ");
            format!("{source}\n#[allow(unused_imports)]\npub(crate) use macros::{{{uses}}};\n")
        }
        // A vendored copy always has `Blob` (see `cargo_toml`), so code gated on the feature
        // is always on and its fallbacks always off (`not(all())`). Its modules name each
        // other from the crate root, which for the copy is the `runtime` module.
        _ => source
            .replace("#[cfg(feature = \"blob\")]\n", "")
            .replace("feature = \"blob\"", "all()")
            .replace("crate::", VENDORED_CRATE_PATH),
    }
}

/// The generated crate keeps prettyplease's layout; `cargo fmt` must not rewrite it.
const RUSTFMT_TOML: &str =
    "# Generated code keeps the generator's layout, so `cargo fmt` leaves it alone.\ndisable_all_formatting = true\n";

/// The body of a table (`[dependencies]`, `[features]`) of the runtime's manifest.
fn runtime_table(table: &str) -> String {
    let header = format!("[{table}]\n");
    let Some(start) = RUNTIME_MANIFEST.find(&header) else {
        return String::new();
    };
    let body = &RUNTIME_MANIFEST[start + header.len()..];
    let end = body.find("\n[").map_or(body.len(), |e| e + 1);
    body[..end].trim_end().to_owned() + "\n"
}

fn cargo_toml(needs: Needs, options: &CrateOptions, description: &str) -> String {
    let mut out = format!(
        "[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2021\"\nrust-version = \"1.85\"\nlicense = \"Apache-2.0\"\ndescription = \"{description}\"\npublish = false\n\n[dependencies]\n",
        name = options.package_name,
        version = options.version,
    );
    let mut features = Vec::new();
    match &options.runtime {
        RuntimeSource::Path(path) => {
            let wanted = [
                ("blob", needs.blobs),
                ("checksum", needs.checksum),
                ("gzip", needs.gzip),
            ];
            let names: Vec<String> = wanted
                .iter()
                .filter(|(_, on)| *on)
                .map(|(name, _)| format!("\"{name}\""))
                .collect();
            let runtime_features = if names.is_empty() {
                String::new()
            } else {
                format!(", features = [{}]", names.join(", "))
            };
            out.push_str(&format!(
                "aws-codegen-runtime = {{ path = \"{path}\", default-features = false{runtime_features} }}\n"
            ));
            out.push_str("serde = \"1.0.200\"\n");
            if needs.unions || needs.floats || needs.documents {
                out.push_str("serde_json = \"1.0.120\"\n");
            }
            if needs.client {
                features.push(if needs.cbor_default {
                    "default = [\"client\", \"cbor\"]".to_owned()
                } else {
                    "default = [\"client\"]".to_owned()
                });
                features.push(
                    "# The client; without it the crate is types, builders, serde and validators."
                        .to_owned(),
                );
                features.push("client = [\"aws-codegen-runtime/client\"]".to_owned());
                features
                    .push("# MockTransport, for tests of code that uses the client.".to_owned());
                features
                    .push("test-util = [\"client\", \"aws-codegen-runtime/test-util\"]".to_owned());
                features.push(
                    "# SdkCredentialsProvider, for credentials providers of the official SDK."
                        .to_owned(),
                );
                features.push(
                    "sdk-credentials = [\"client\", \"aws-codegen-runtime/sdk-credentials\"]"
                        .to_owned(),
                );
                if needs.cbor {
                    features.push(
                        "# The rpcv2Cbor protocol (minicbor): `Config::builder().protocol(ProtocolChoice::RpcV2Cbor)`."
                            .to_owned(),
                    );
                    features.push("cbor = [\"client\", \"aws-codegen-runtime/cbor\"]".to_owned());
                }
            }
        }
        RuntimeSource::Vendored => {
            // The runtime's own tables; its features gate its modules in the vendored copy,
            // except `blob`, which a vendored copy always has (`vendor`): it could not be
            // turned off without breaking the types that hold blobs.
            out.push_str(
                &runtime_table("dependencies").replace(
                    "base64 = { version = \"0.22\", default-features = false, features = [\"std\"], optional = true }",
                    "base64 = { version = \"0.22\", default-features = false, features = [\"std\"] }",
                ),
            );
            // Without a `blob` feature, features that turn it on just lose that entry.
            let table = runtime_table("features")
                .replace(
                    "# `Blob`, base64 on the JSON wire, for models with blob shapes.\nblob = [\"dep:base64\"]\n",
                    "",
                )
                .replace("\"blob\", ", "");
            let defaults: Vec<&str> = [
                ("gzip", needs.gzip),
                ("checksum", needs.checksum),
                ("cbor", needs.cbor_default),
            ]
            .iter()
            .filter(|(_, on)| *on)
            .map(|(name, _)| *name)
            .collect();
            let table = defaults.iter().fold(table, |table, name| {
                table.replace(
                    "default = [\"client\"",
                    &format!("default = [\"client\", \"{name}\""),
                )
            });
            features.push(table.trim_end().to_owned());
        }
    }
    if let RuntimeSource::Path(_) = options.runtime {
        features.push(
            "# Pattern checking for `Policy::Strict` and `validate()` (the regex crate)."
                .to_owned(),
        );
        features.push("patterns = [\"aws-codegen-runtime/patterns\"]".to_owned());
    }
    features.push("# serde in the directions the client does not need: writing outputs and errors, reading inputs.".to_owned());
    features.push("serde = []".to_owned());
    if !features.is_empty() {
        out.push_str("\n[features]\n");
        for line in features {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str("\n[lints.rust]\nmissing_docs = \"warn\"\n");
    out
}

fn lib_rs(service: &Service, standalone: bool, vendored: bool) -> proc_macro2::TokenStream {
    let title = format!(" # {} (API {})", service.full_name, service.api_version);
    let intro = if service.docs.trim().is_empty() {
        format!("Types for {}.", service.full_name)
    } else {
        service.docs.clone()
    };
    let body = inner_doc_attrs(&intro);
    let summary = format!(
        " This crate was generated from the botocore model: {} structures, errors and unions, {} enums, {} operations. Every structure has a builder in [`types::builders`]; enums keep unknown values; sensitive members are redacted in `Debug`. Without the default `client` feature it is types, builders, serde and validators only.",
        service.structures.len(),
        service.enums.len(),
        service.operations.len()
    );
    let client = service.protocol.client.is_some().then(|| {
        quote! {
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod client;
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod endpoint;
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod operation;
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod paginator;
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod waiter;
            #[cfg(feature = "test-util")]
            #[rustfmt::skip]
            pub mod test_util;
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod transport;
            #[cfg(feature = "client")]
            pub use client::{Client, Config, Credentials};
        }
    });
    let validation = service.has_validation_module().then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod validation;
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
    quote! {
        //! Value types the model's shapes are built from: timestamps, binary data, documents.
        #datetime
        #big_numbers
        #document
        #blob
    }
}

#[cfg(test)]
mod tests {
    use super::RUNTIME_SOURCES;

    #[test]
    fn the_vendored_runtime_has_every_source_file() {
        let listed: Vec<&str> = RUNTIME_SOURCES.iter().map(|(name, _)| *name).collect();
        for expected in [
            "lib.rs",
            "macros.rs",
            "value/blob.rs",
            "client/invoke.rs",
            "wire/mod.rs",
        ] {
            assert!(
                listed.contains(&expected),
                "{expected} is not vendored: {listed:?}"
            );
        }
        let mut sorted = listed.clone();
        sorted.sort_unstable();
        assert_eq!(listed, sorted);
    }

    #[test]
    fn the_exported_macros_are_found() {
        let macros = super::runtime_macros();
        assert!(macros.contains(&"open_enum"), "{macros:?}");
        assert!(macros.contains(&"operation_error"), "{macros:?}");
        assert_eq!(macros.len(), 12, "{macros:?}");
    }
}
