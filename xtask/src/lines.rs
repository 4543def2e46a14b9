//! `cargo xtask lines [DIR]`: lines of Rust in a generated crate, per file and per item
//! (structure, builder, operation, error enum, paginator), so two layouts compare fairly.

use crate::root;
use std::fs;
use std::path::{Path, PathBuf};

/// The per-item rows: a label, the files whose lines count, and how to count the items.
const ITEMS: &[(&str, &[&str], Counter)] = &[
    (
        "structure",
        &["src/types/structures.rs"],
        Counter::TypeDefinitions,
    ),
    ("builder", &["src/types/builders.rs"], Counter::Builders),
    (
        "operation",
        &["src/operation.rs", "src/client.rs"],
        Counter::Operations,
    ),
    ("error enum", &["src/error.rs"], Counter::Operations),
    ("paginator", &["src/paginator.rs"], Counter::Paginators),
];

/// What one row divides by.
#[derive(Clone, Copy)]
enum Counter {
    /// `pub struct` and `pub enum` definitions.
    TypeDefinitions,
    /// `pub struct ...Builder` definitions.
    Builders,
    /// Per-operation error enums (`pub enum XError`, without the service-wide `Error`).
    Operations,
    /// Paginators: a `Paginated` impl (today) or a `...Paginator` struct (before).
    Paginators,
}

/// `cargo xtask lines [DIR]` (default `generated/`).
pub fn run(args: &[String]) -> Result<(), String> {
    let dir = match args {
        [] => root().join("generated"),
        [dir] => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask lines [DIR]".to_owned()),
    };
    let mut files = Vec::new();
    rust_files(&dir.join("src"), &mut files)?;
    files.sort();
    let mut total = 0;
    for file in &files {
        total += fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?
            .lines()
            .count();
    }
    println!(
        "{}: {total} lines of Rust in {} files",
        dir.display(),
        files.len()
    );
    let text = |name: &str| fs::read_to_string(dir.join(name)).unwrap_or_default();
    let operations = count(&text("src/error.rs"), Counter::Operations);
    println!(
        "{:<12} {:>7} {:>6} {:>9}",
        "item", "lines", "items", "per item"
    );
    for (label, paths, counter) in ITEMS {
        let lines: usize = paths.iter().map(|p| text(p).lines().count()).sum();
        let items = match counter {
            Counter::Operations => operations,
            other => count(&text(paths[0]), *other),
        };
        let per = if items == 0 {
            0.0
        } else {
            lines as f64 / items as f64
        };
        println!("{label:<12} {lines:>7} {items:>6} {per:>9.1}");
    }
    Ok(())
}

/// Every `.rs` file under `dir`, into `out`.
pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// How many items of a kind a file defines, from the lines that start them.
fn count(text: &str, counter: Counter) -> usize {
    text.lines()
        .filter(|line| match counter {
            Counter::TypeDefinitions => {
                line.starts_with("pub struct ") || line.starts_with("pub enum ")
            }
            Counter::Builders => line.starts_with("pub struct ") && line.contains("Builder"),
            Counter::Operations => {
                line.starts_with("pub enum ")
                    && line.contains("Error")
                    && !line.starts_with("pub enum Error ")
            }
            Counter::Paginators => {
                line.starts_with("impl Paginated for")
                    || (line.starts_with("pub struct ") && line.contains("Paginator"))
            }
        })
        .count()
}
