//! The generated crate's `Cargo.toml` as data (package, dependencies, features with their comments, lints) and its TOML text; the runtime's own manifest read as data for a vendored copy.

use std::fmt::Write as _;

/// A TOML value as a manifest writes it: strings, booleans, arrays and inline tables.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Str(String),
    Bool(bool),
    Array(Vec<Value>),
    /// An inline table, its keys in order.
    Table(Vec<(String, Value)>),
}

impl Value {
    pub(crate) fn str(text: impl Into<String>) -> Self {
        Value::Str(text.into())
    }

    /// An array of strings.
    pub(crate) fn strs<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        Value::Array(items.into_iter().map(|s| Value::Str(s.into())).collect())
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Str(text) => write_string(out, text),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Table(entries) => {
                out.push_str("{ ");
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_key(out, key);
                    out.push_str(" = ");
                    value.write(out);
                }
                out.push_str(" }");
            }
        }
    }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A key: bare where TOML allows it, quoted otherwise.
fn write_key(out: &mut String, key: &str) {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        out.push_str(key);
    } else {
        write_string(out, key);
    }
}

/// One feature: its name, what it enables, and the comment above it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Feature {
    pub name: String,
    pub enables: Vec<String>,
    /// Comment lines, without `# `.
    pub comment: Vec<String>,
}

impl Feature {
    pub(crate) fn new(name: &str, enables: &[&str], comment: &str) -> Self {
        Feature {
            name: name.to_owned(),
            enables: enables.iter().map(|s| (*s).to_owned()).collect(),
            comment: comment.lines().map(str::to_owned).collect(),
        }
    }
}

/// A crate's manifest.
#[derive(Clone, Debug, Default)]
pub(crate) struct Manifest {
    /// `[package]`, keys in order.
    pub package: Vec<(String, Value)>,
    /// `[dependencies]`, in order.
    pub dependencies: Dependencies,
    /// `[features]`, in order.
    pub features: Vec<Feature>,
    /// `[lints.rust]`, in order.
    pub rust_lints: Vec<(String, Value)>,
}

impl Manifest {
    /// The manifest as TOML text.
    pub(crate) fn to_toml(&self) -> String {
        let mut out = String::new();
        let table = |out: &mut String, name: &str, entries: &[(String, Value)]| {
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "[{name}]");
            for (key, value) in entries {
                write_key(out, key);
                out.push_str(" = ");
                value.write(out);
                out.push('\n');
            }
        };
        table(&mut out, "package", &self.package);
        table(&mut out, "dependencies", &self.dependencies);
        if !self.features.is_empty() {
            out.push_str("\n[features]\n");
            for feature in &self.features {
                for line in &feature.comment {
                    let _ = writeln!(out, "# {line}");
                }
                write_key(&mut out, &feature.name);
                out.push_str(" = ");
                Value::strs(feature.enables.iter().cloned()).write(&mut out);
                out.push('\n');
            }
        }
        table(&mut out, "lints.rust", &self.rust_lints);
        out
    }

    /// The feature called `name`.
    pub(crate) fn feature_mut(&mut self, name: &str) -> Option<&mut Feature> {
        self.features.iter_mut().find(|f| f.name == name)
    }

    /// The dependency called `name`.
    pub(crate) fn dependency_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.dependencies
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// Dependencies by name, in order.
pub(crate) type Dependencies = Vec<(String, Value)>;

/// The `[dependencies]` and `[features]` of the runtime's manifest, read as TOML; each
/// feature keeps the comment lines written above it.
pub(crate) fn runtime_tables(text: &str) -> Result<(Dependencies, Vec<Feature>), String> {
    let parsed: toml::Table = text
        .parse()
        .map_err(|e| format!("the runtime's Cargo.toml is not TOML: {e}"))?;
    let dependencies = match parsed.get("dependencies") {
        Some(toml::Value::Table(table)) => table
            .iter()
            .map(|(name, value)| Ok((name.clone(), from_toml(value)?)))
            .collect::<Result<Vec<_>, String>>()?,
        _ => return Err("the runtime's Cargo.toml has no [dependencies] table".to_owned()),
    };
    let Some(toml::Value::Table(table)) = parsed.get("features") else {
        return Err("the runtime's Cargo.toml has no [features] table".to_owned());
    };
    let comments = comments_above_keys(text, "features");
    let features = table
        .iter()
        .map(|(name, value)| {
            let toml::Value::Array(items) = value else {
                return Err(format!("runtime feature `{name}` is not an array"));
            };
            let enables = items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| format!("runtime feature `{name}` lists a non-string"))
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(Feature {
                name: name.clone(),
                enables,
                comment: comments.get(name.as_str()).cloned().unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((dependencies, features))
}

fn from_toml(value: &toml::Value) -> Result<Value, String> {
    Ok(match value {
        toml::Value::String(s) => Value::Str(s.clone()),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Array(items) => {
            Value::Array(items.iter().map(from_toml).collect::<Result<_, _>>()?)
        }
        toml::Value::Table(table) => Value::Table(
            table
                .iter()
                .map(|(k, v)| Ok((k.clone(), from_toml(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => {
            return Err(format!(
                "unexpected value in the runtime's manifest: {other:?}"
            ))
        }
    })
}

/// The comment lines directly above each key of the table `[name]`, by key: what a TOML
/// parser drops and the vendored manifest keeps.
fn comments_above_keys<'a>(
    text: &'a str,
    name: &str,
) -> std::collections::BTreeMap<&'a str, Vec<String>> {
    let mut out = std::collections::BTreeMap::new();
    let header = format!("[{name}]");
    let mut inside = false;
    let mut pending = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == header;
            pending.clear();
        } else if !inside {
        } else if let Some(comment) = line.strip_prefix('#') {
            pending.push(comment.trim_start().to_owned());
        } else if let Some((key, _)) = line.split_once('=') {
            out.insert(key.trim(), std::mem::take(&mut pending));
        } else {
            pending.clear();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_toml() {
        let mut out = String::new();
        Value::Table(vec![
            ("path".to_owned(), Value::str("a \"b\"\\c")),
            ("default-features".to_owned(), Value::Bool(false)),
            ("features".to_owned(), Value::strs(["x", "y"])),
        ])
        .write(&mut out);
        assert_eq!(
            out,
            r#"{ path = "a \"b\"\\c", default-features = false, features = ["x", "y"] }"#
        );
        let parsed: toml::Table = format!("k = {out}").parse().unwrap();
        assert_eq!(parsed["k"]["path"].as_str(), Some("a \"b\"\\c"));
    }

    #[test]
    fn the_runtime_manifest_is_read_with_its_comments() {
        let text = include_str!("../../runtime/Cargo.toml");
        let (dependencies, features) = runtime_tables(text).unwrap();
        assert!(dependencies.iter().any(|(n, _)| n == "serde"));
        let blob = features.iter().find(|f| f.name == "blob").unwrap();
        assert_eq!(blob.enables, ["dep:base64"]);
        assert!(!blob.comment.is_empty(), "{blob:?}");
        let default = features.iter().find(|f| f.name == "default").unwrap();
        assert_eq!(default.enables, ["client"]);
        assert!(runtime_tables("[dependencies]\nx = 1\n").is_err());
        assert!(runtime_tables("not toml =").is_err());
    }
}
