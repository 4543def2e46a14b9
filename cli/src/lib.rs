//! Generates Rust clients from AWS and Smithy models on disk: the library behind the `aws-codegen` command and build scripts.
//!
//! [`codegen`] turns model texts into files in memory; this crate reads the model files
//! ([`read_model`]), writes or checks a crate ([`write_files`], [`check_files`]), and gives
//! build scripts a [`Builder`] that writes one service as a module into `OUT_DIR`.

mod build_script;
pub mod command;
mod failure;
mod files;
mod module_file;

pub use build_script::{Builder, Written};
pub use codegen::ir::RuntimeSource;
pub use codegen::CrateOptions;
pub use failure::{Failure, FailureKind};
pub use files::{absolute, check_files, read_model, relative_path, write_files, WriteReport};
pub use module_file::flatten_module;

/// Generates a crate from model files: its files by path, and the warnings as text (one
/// block per warning), or [`FailureKind::Model`] with every problem found.
pub fn generate(
    files: &codegen::ModelFiles,
    options: &CrateOptions,
) -> Result<
    (
        std::collections::BTreeMap<std::path::PathBuf, String>,
        Vec<String>,
    ),
    Failure,
> {
    match codegen::generate(files, options) {
        Ok(generated) => Ok((
            generated.files,
            generated
                .warnings
                .warnings()
                .map(|w| w.to_string())
                .collect(),
        )),
        Err(problems) => Err(Failure::model(format!(
            "the model has problems; nothing was written\n\n{problems}"
        ))),
    }
}
