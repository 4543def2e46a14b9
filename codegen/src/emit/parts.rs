//! The part crates of a split service ([`crate::ir::split`]): the files of each (what the
//! service's own crate adds to depend on them is in `crate_files`).

use super::crate_files::{self, manifest, runtime_module, Needs};
use super::manifest::Value;
use super::{rust, EmittedFile, Module};
use crate::ir::{CrateOptions, RuntimeSource, Service};
use quote::quote;
use std::path::PathBuf;

/// The files of one part of a split service, under its directory `dir`.
pub(super) fn part_files(part: &Service, options: &CrateOptions, dir: &str) -> Vec<EmittedFile> {
    let (mut files, _) = super::service_code(part, options);
    let modules = part_modules();
    files.extend(
        crate_files::service_files(part, &modules, true, false)
            .into_iter()
            .filter(|f| f.path != std::path::Path::new("src/lib.rs")),
    );
    let needs = crate_files::Needs::of(part, &super::used(&files));
    let index = part.part.unwrap_or_default();
    files.extend(part_frame(part, index, needs, options));
    for file in &mut files {
        file.path = PathBuf::from(dir).join(&file.path);
    }
    files
}

/// The files of part `part` of a split service, with paths inside the part's directory:
/// its manifest (the runtime one directory further away), `rustfmt.toml` and `lib.rs`.
pub fn part_frame(
    service: &Service,
    part: usize,
    needs: Needs,
    options: &CrateOptions,
) -> Vec<EmittedFile> {
    let Some(split) = &service.split else {
        return Vec::new();
    };
    let this = &split.parts[part];
    let main_package = options.package_name.clone();
    let further = |path: &str| {
        if std::path::Path::new(path).is_absolute() {
            path.to_owned()
        } else {
            format!("../../{path}")
        }
    };
    let runtime = match &options.runtime {
        RuntimeSource::Path(path) => RuntimeSource::Path(further(path)),
        RuntimeSource::Version { requirement, path } => RuntimeSource::Version {
            requirement: requirement.clone(),
            path: path.as_deref().map(further),
        },
        RuntimeSource::Vendored => RuntimeSource::Vendored,
    };
    let options = CrateOptions {
        runtime,
        package_name: this.package.clone(),
        ..options.clone()
    };
    let description = format!(
        "Part of the types of {} (API {}), which the crate `{}` re-exports",
        service.full_name, service.api_version, main_package
    );
    let mut manifest = manifest(needs, &options, &description);
    manifest.package.retain(|(key, _)| key != "readme");
    for dep in &this.deps {
        let dep = &split.parts[*dep];
        let dir = dep.dir.rsplit('/').next().unwrap_or(&dep.dir);
        manifest.dependencies.push((
            dep.package.clone(),
            Value::Table(vec![("path".to_owned(), Value::str(format!("../{dir}")))]),
        ));
    }
    let title = format!(" {description}: depend on that crate, not on this one.");
    let modules = super::declarations(&part_modules(), "");
    let runtime = runtime_module(false);
    let lib = quote! {
        #![doc = #title]
        #![allow(deprecated, clippy::should_implement_trait, clippy::large_enum_variant)]
        #runtime
        #modules
    };
    let mut files = crate_files::manifest_files(&manifest);
    files.push(rust("src/lib.rs", lib));
    files
}

/// The modules of a part crate.
pub fn part_modules() -> Vec<Module> {
    let mut modules = super::type_modules();
    modules.push(Module::root("validation", None));
    modules
}
