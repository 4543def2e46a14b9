//! The runtime vendored into a generated crate: its sources as the crate's `runtime` module.

use super::runtime_symbols::{VENDORED_CRATE_PATH, VENDORED_MACRO_PATH};
use super::{EmittedFile, FileContent};
use std::path::PathBuf;

/// The runtime's sources, by path under `src/` (`value/blob.rs`): every `.rs` file there,
/// listed by the build script.
pub(super) const RUNTIME_SOURCES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/runtime_sources.rs"));

/// The runtime's sources as files of the generated crate, under `src/runtime/`.
pub(super) fn files() -> impl Iterator<Item = EmittedFile> {
    RUNTIME_SOURCES.iter().map(|(name, source)| {
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
    })
}

/// The module path of a runtime source under the crate root: `macros/structures.rs` is
/// `macros::structures`, `wire/mod.rs` is `wire`, `lib.rs` is the root (empty).
fn module_of(file: &str) -> String {
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    let stem = stem.strip_suffix("/mod").unwrap_or(stem);
    if stem == "lib" {
        String::new()
    } else {
        stem.replace('/', "::")
    }
}

/// The macros the runtime exports (`#[macro_export]` before `macro_rules! name`), each with
/// the module of the file that defines it, ordered by name.
fn runtime_macros() -> Vec<(String, &'static str)> {
    let mut found = Vec::new();
    for (file, source) in RUNTIME_SOURCES {
        let mut exported = false;
        for line in source.lines() {
            let line = line.trim();
            if line == "#[macro_export]" {
                exported = true;
            } else if let Some(rest) = line.strip_prefix("macro_rules! ") {
                if exported {
                    found.push((module_of(file), rest.trim_end_matches(" {").trim()));
                }
                exported = false;
            } else if !line.starts_with("#[") {
                exported = false;
            }
        }
    }
    found.sort_unstable_by_key(|&(_, name)| name);
    found
}

/// The re-exports a vendored module `module` ends with, so that every exported macro is
/// reached from the runtime module's root as with the runtime crate (`#RUNTIME::name!`): its
/// own macros, then those of the modules under it through the child that leads to them
/// (which re-exports them in turn). `#[macro_export]` would put them at the crate root.
fn macro_reexports(module: &str) -> String {
    let mut own = String::new();
    let mut children: Vec<(&str, Vec<&str>)> = Vec::new();
    let macros = runtime_macros();
    for (defined_in, name) in &macros {
        let below = if module.is_empty() {
            Some(defined_in.as_str())
        } else if defined_in == module {
            Some("")
        } else {
            defined_in
                .strip_prefix(module)
                .and_then(|rest| rest.strip_prefix("::"))
        };
        match below.map(|rest| rest.split("::").next().unwrap_or_default()) {
            Some("") => own.push_str(&format!("pub(crate) use {name};\n")),
            Some(child) => match children.iter_mut().find(|(c, _)| *c == child) {
                Some((_, names)) => names.push(name),
                None => children.push((child, vec![name])),
            },
            None => {}
        }
    }
    for (child, names) in children {
        // The root's re-exports go unused in a crate that needs none of the macros.
        own.push_str(&format!(
            "#[allow(unused_imports)]\npub(crate) use {child}::{{{}}};\n",
            names.join(", ")
        ));
    }
    own
}

/// A runtime source as a module of the generated crate: `crate::` paths (and `$crate` paths
/// in macros) lead to the module, and the macros become crate-local, re-exported up to the
/// module's root.
fn vendor(name: &str, source: &str) -> String {
    let reexports = macro_reexports(&module_of(name));
    if source.contains("#[macro_export]\n") {
        // A crate uses only the macros its model needs.
        return format!(
            "#![allow(unused_macros)]\n{}\n// Crate-local macros, reached by path like the runtime crate's exported ones.\n{reexports}",
            source
                .replace("$crate::", VENDORED_MACRO_PATH)
                .replace("#[macro_export]\n", "")
        );
    }
    // A vendored copy always has `Blob` (see `crate_files::vendored_runtime`), so code
    // gated on the feature is always on and its fallbacks always off (`not(all())`). Its
    // modules name each other from the crate root, which for the copy is the `runtime`
    // module.
    let code = if name == "lib.rs" {
        source.to_owned()
    } else {
        source
            .replace("#[cfg(feature = \"blob\")]\n", "")
            .replace("feature = \"blob\"", "all()")
            .replace("crate::", VENDORED_CRATE_PATH)
    };
    if reexports.is_empty() {
        code
    } else {
        format!("{code}\n{reexports}")
    }
}

#[cfg(test)]
mod tests {
    use super::{macro_reexports, module_of, runtime_macros, RUNTIME_SOURCES};

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
    fn the_exported_macros_are_found_where_they_are_defined() {
        let macros = runtime_macros();
        let module = |name: &str| {
            macros
                .iter()
                .find(|(_, m)| *m == name)
                .map(|(module, _)| module.as_str())
        };
        assert_eq!(module("open_enum"), Some("macros"), "{macros:?}");
        assert_eq!(module("operation_error"), Some("macros"), "{macros:?}");
        assert_eq!(module("streaming_call"), Some("macros"), "{macros:?}");
        assert_eq!(
            module("serde_structure"),
            Some("macros::structures"),
            "{macros:?}"
        );
        assert_eq!(macros.len(), 15, "{macros:?}");
    }

    #[test]
    fn each_module_reexports_the_macros_at_and_below_it() {
        assert_eq!(module_of("lib.rs"), "");
        assert_eq!(module_of("wire/mod.rs"), "wire");
        assert_eq!(module_of("macros/structures.rs"), "macros::structures");
        let root = macro_reexports("");
        assert!(root.starts_with("#[allow(unused_imports)]\npub(crate) use macros::{"));
        assert!(root.contains(" open_enum,"), "{root}");
        assert!(root.contains(" serde_structure,"), "{root}");
        let macros = macro_reexports("macros");
        assert!(macros.contains("pub(crate) use open_enum;\n"), "{macros}");
        assert!(
            macros.contains("pub(crate) use structures::{deserialize_structure, serde_structure,"),
            "{macros}"
        );
        let structures = macro_reexports("macros::structures");
        assert!(structures.contains("pub(crate) use serde_structure;\n"));
        assert!(!structures.contains("open_enum"), "{structures}");
        assert_eq!(macro_reexports("wire"), "");
    }
}
