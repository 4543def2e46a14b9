//! Helpers shared by the test modules: paths, model loading, snapshot comparison.

use codegen::{CrateOptions, ModelFiles};
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    xtask::root()
}

/// Reads a model directory the way `cargo xtask codegen` does.
pub fn model(dir: &Path) -> ModelFiles {
    xtask::codegen_cmd::read_model(dir).unwrap_or_else(|e| panic!("fixture model unreadable: {e}"))
}

/// The ds model as checked in.
pub fn ds_model() -> ModelFiles {
    model(&root().join("model/ds"))
}

/// Options for a crate generated in a test.
pub fn options(package: &str) -> CrateOptions {
    xtask::codegen_cmd::options(package)
}

/// True when expected files should be rewritten (`UPDATE_EXPECT=1 cargo test`).
pub fn bless() -> bool {
    std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1")
}

/// Compares `actual` with the file at `path`, or rewrites the file when blessing.
pub fn expect_file(path: &Path, actual: &str) {
    if bless() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create expectation directory");
        }
        std::fs::write(path, actual).expect("write expectation");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_EXPECT=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the generator's output at line {}:\n  expected: {:?}\n  actual:   {:?}\nrun with UPDATE_EXPECT=1 to accept the new output",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}
