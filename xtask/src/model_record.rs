//! The record of where each checked-in model came from: one line per model in `model/README.md`.

use crate::root;
use std::fs;

/// Sets the line of `model/README.md` for the model `name` to `source`.
pub fn record_line(name: &str, source: &str) -> Result<(), String> {
    let path = root().join("model/README.md");
    let text = fs::read_to_string(&path).unwrap_or_default();
    let line = format!("- `{name}`: {source}");
    let prefix = format!("- `{name}`:");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    match lines.iter_mut().find(|l| l.starts_with(&prefix)) {
        Some(existing) => *existing = line,
        None => lines.push(line),
    }
    fs::write(&path, lines.join("\n") + "\n")
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
