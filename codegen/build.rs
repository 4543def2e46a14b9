//! Lists the runtime's sources for the vendored copy: every `.rs` file under `runtime/src`, by its path there, so a module added to the runtime is vendored without a hand list.

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    // Sorted by the relative path as text, so the list reads in one order everywhere.
    let mut listed: Vec<(String, &PathBuf)> = files
        .iter()
        .map(|file| {
            let relative = file
                .strip_prefix(&root)
                .expect("a file found under the root is under it")
                .to_str()
                .expect("runtime source paths are UTF-8")
                .replace('\\', "/");
            (relative, file)
        })
        .collect();
    listed.sort();
    let mut out = String::from("&[\n");
    for (relative, file) in &listed {
        out.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    out.push(']');
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("runtime_sources.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

/// Every `.rs` file under `dir`, at any depth.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("the runtime's sources are readable");
    for entry in entries {
        let path = entry.expect("a directory entry is readable").path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}
