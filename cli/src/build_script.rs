//! The build-script API: one service generated as a module into `OUT_DIR`, for `include!`.

use crate::failure::Failure;
use crate::{files, module_file};
use codegen::ir::RuntimeSource;
use codegen::CrateOptions;
use std::path::{Path, PathBuf};

/// Generates one service as a module of the crate whose build script runs it, in the manner
/// of prost-build: the build script names the model, the module is written to `OUT_DIR`, and
/// the crate includes it at its root:
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     aws_codegen::Builder::new("model/weather.json")
///         .module("weather")
///         .generate()?;
///     Ok(())
/// }
/// ```
///
/// ```ignore
/// // src/lib.rs (or main.rs): defines `pub mod weather`
/// include!(concat!(env!("OUT_DIR"), "/weather.rs"));
/// ```
///
/// The crate depends on `serde` and on `aws-codegen-runtime` with the features the module
/// needs, which [`Written::runtime_features`] lists (`client`, and `xml`, `cbor`, `blob`,
/// ... where the service needs them).
#[derive(Clone, Debug)]
pub struct Builder {
    model: PathBuf,
    service: Option<String>,
    module: Option<String>,
    operations: Option<Vec<String>>,
    features: Vec<String>,
    out_dir: Option<PathBuf>,
}

/// What [`Builder::generate`] wrote.
#[derive(Clone, Debug)]
pub struct Written {
    /// The file to `include!`.
    pub path: PathBuf,
    /// The model's warnings, one block each (also printed as `cargo:warning` lines).
    pub warnings: Vec<String>,
    /// The features of `aws-codegen-runtime` the module needs with the chosen features.
    pub runtime_features: Vec<String>,
}

impl Builder {
    /// A builder for the model at `model`: a Smithy JSON AST file, or a botocore directory
    /// (`service-2.json` and its companions).
    pub fn new(model: impl Into<PathBuf>) -> Self {
        Builder {
            model: model.into(),
            service: None,
            module: None,
            operations: None,
            features: vec!["client".to_owned()],
            out_dir: None,
        }
    }

    /// The service shape to generate when a Smithy model holds several
    /// (`example.weather#Weather`, or `Weather`).
    pub fn service(mut self, shape: impl Into<String>) -> Self {
        self.service = Some(shape.into());
        self
    }

    /// The module's name, which is also the file's (`weather` gives `OUT_DIR/weather.rs`
    /// defining `pub mod weather`); by default the model's file or directory name in
    /// snake case.
    pub fn module(mut self, name: impl Into<String>) -> Self {
        self.module = Some(name.into());
        self
    }

    /// Generates only these operations (by their names in the model) and what they reach.
    pub fn operations<I, S>(mut self, operations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.operations = Some(operations.into_iter().map(Into::into).collect());
        self
    }

    /// The generated crate features the module is built with (default `["client"]`): an
    /// item gated on features is kept when these satisfy the gate. `[]` gives types,
    /// builders and validators only; add `test-util` for the mock transport.
    pub fn features<I, S>(mut self, features: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.features = features.into_iter().map(Into::into).collect();
        self
    }

    /// Where the file goes; by default `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Reads the model, generates the module and writes it (only when it changed, so cargo
    /// does not rebuild for nothing); prints `cargo:rerun-if-changed` for the model.
    pub fn generate(self) -> Result<Written, Failure> {
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Failure::usage(
                        "OUT_DIR is not set: call this from a build script or set out_dir",
                    )
                })?,
        };
        let module = match self.module {
            Some(m) => m,
            None => default_module(&self.model)?,
        };
        let here = std::env::current_dir().unwrap_or_default();
        let files = files::read_model(&self.model, self.service.as_deref(), &here)?;
        let (service, diagnostics) = match &self.operations {
            Some(ops) => codegen::lower_trimmed(&files, ops),
            None => codegen::lower(&files),
        }
        .map_err(|problems| {
            Failure::model(format!(
                "the model has problems; nothing was written\n\n{problems}"
            ))
        })?;
        let warnings: Vec<String> = diagnostics.warnings().map(|w| w.to_string()).collect();
        let options = CrateOptions {
            runtime: RuntimeSource::Version {
                requirement: "0".to_owned(),
                path: None,
            },
            package_name: module.replace('_', "-"),
            version: "0.0.0".to_owned(),
            command: "aws_codegen::Builder in a build script".to_owned(),
            operations: None,
            repository: None,
            // A build script's crate is one module of the crate that includes it.
            split_above: None,
        };
        let description = format!("{} (API {})", service.full_name, service.api_version);
        let generated =
            codegen::generate_bundle(&[(module.clone(), service)], &options, &description)
                .map_err(|problems| {
                    Failure::model(format!("cannot generate the module: {problems}"))
                })?;
        let header = format!(
            "@generated by `{}` from {}. Do not edit.",
            options.command, files.service.path
        );
        let runtime_features = runtime_features(&generated, &self.features)?;
        let text = module_file::flatten_module(&generated, &module, &self.features, &header)?;
        std::fs::create_dir_all(&out_dir)
            .map_err(|e| Failure::io(format!("cannot create {}: {e}", out_dir.display())))?;
        let path = out_dir.join(format!("{module}.rs"));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text)
                .map_err(|e| Failure::io(format!("cannot write {}: {e}", path.display())))?;
        }
        println!("cargo:rerun-if-changed={}", self.model.display());
        // The runtime's serde macros gate the directions a client does not need on the
        // including crate's `serde` feature, which it may not declare.
        println!("cargo::rustc-check-cfg=cfg(feature, values(\"serde\"))");
        for warning in &warnings {
            for line in warning.lines() {
                println!("cargo:warning={line}");
            }
        }
        Ok(Written {
            path,
            warnings,
            runtime_features,
        })
    }
}

/// `weather` for `model/weather.json` or `model/weather/`; `Err` when the name cannot be a
/// module.
fn default_module(model: &Path) -> Result<String, Failure> {
    let stem = model
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    files::plain_name(stem, '_').ok_or_else(|| {
        Failure::usage(format!(
            "cannot make a module name of {}: name one with .module(..)",
            model.display()
        ))
    })
}

/// The runtime features the bundle's manifest asks for: those on its runtime dependency, and
/// those its `features` turn on (following features that turn on others).
fn runtime_features(
    generated: &std::collections::BTreeMap<PathBuf, String>,
    features: &[String],
) -> Result<Vec<String>, Failure> {
    let manifest: toml::Table = generated
        .get(Path::new("Cargo.toml"))
        .and_then(|text| text.parse().ok())
        .ok_or_else(|| Failure::model("internal error: the generated manifest does not parse"))?;
    let prefix = "aws-codegen-runtime/";
    let mut out: Vec<String> = manifest
        .get("dependencies")
        .and_then(|d| d.get("aws-codegen-runtime"))
        .and_then(|r| r.get("features"))
        .and_then(|f| f.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let table = manifest.get("features").and_then(|f| f.as_table());
    let mut pending: Vec<String> = features.to_vec();
    let mut seen = Vec::new();
    while let Some(feature) = pending.pop() {
        if seen.contains(&feature) {
            continue;
        }
        let enables = table
            .and_then(|t| t.get(&feature))
            .and_then(|f| f.as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str());
        for enabled in enables {
            match enabled.strip_prefix(prefix) {
                Some(runtime) => out.push(runtime.to_owned()),
                None => pending.push(enabled.to_owned()),
            }
        }
        seen.push(feature);
    }
    out.sort();
    out.dedup();
    Ok(out)
}
