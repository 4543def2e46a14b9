//! Model files in, crate files out: reading a botocore directory or a Smithy JSON AST, writing or checking a generated crate.

use crate::failure::Failure;
use codegen::{ModelFiles, SourceFile};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// botocore's partitions, for a Smithy model found without a `partitions.json` near it: its
/// endpoint rules need them (the copy this generator was built with).
const PARTITIONS: &str = include_str!("../../model/partitions.json");

/// Reads a model: a botocore directory (`service-2.json` and, if present, the paginators,
/// waiters and endpoint rules), or a Smithy JSON AST given as a file or as a directory that
/// holds one `.json` file. `service` picks the service shape of a Smithy model that holds
/// several. Paths in diagnostics and headers are shown relative to `shown_from` when the
/// model is inside it.
pub fn read_model(
    path: &Path,
    service: Option<&str>,
    shown_from: &Path,
) -> Result<ModelFiles, Failure> {
    let mut files = if path.is_file() || !path.join("service-2.json").exists() {
        read_single(path, shown_from)?
    } else {
        read_botocore(path, shown_from)?
    };
    files.service_shape = service.map(str::to_owned);
    Ok(files)
}

fn read_botocore(dir: &Path, shown_from: &Path) -> Result<ModelFiles, Failure> {
    let read = |name: &str| -> Result<Option<SourceFile>, Failure> {
        let path = dir.join(name);
        match fs::read_to_string(&path) {
            Ok(text) => Ok(Some(SourceFile {
                path: display_path(&path, shown_from),
                text,
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Failure::io(format!("cannot read {}: {e}", path.display()))),
        }
    };
    let service = read("service-2.json")?
        .ok_or_else(|| Failure::io(format!("{} has no service-2.json", dir.display())))?;
    Ok(ModelFiles {
        service,
        paginators: read("paginators-1.json")?,
        waiters: read("waiters-2.json")?,
        endpoint_rules: read("endpoint-rule-set-1.json")?,
        partitions: read_partitions(dir, shown_from)?,
        service_shape: None,
    })
}

/// A model in one file (a Smithy JSON AST, or a lone `service-2.json`), or a directory with
/// exactly one `.json` file besides `partitions.json`.
fn read_single(path: &Path, shown_from: &Path) -> Result<ModelFiles, Failure> {
    let file = if path.is_file() {
        path.to_path_buf()
    } else {
        let entries = fs::read_dir(path).map_err(|e| {
            Failure::io(format!(
                "cannot read the model directory {}: {e}",
                path.display()
            ))
        })?;
        let mut json: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && p.file_name().is_some_and(|n| n != "partitions.json")
            })
            .collect();
        json.sort();
        match json.as_slice() {
            [one] => one.clone(),
            [] => {
                return Err(Failure::io(format!(
                    "{} has no service-2.json and no Smithy model (.json)",
                    path.display()
                )))
            }
            _ => {
                return Err(Failure::usage(format!(
                    "{} has no service-2.json and several .json files; name the Smithy file itself",
                    path.display()
                )))
            }
        }
    };
    let text = fs::read_to_string(&file)
        .map_err(|e| Failure::io(format!("cannot read {}: {e}", file.display())))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let partitions = match read_partitions(dir, shown_from)? {
        Some(p) => p,
        None => SourceFile {
            path: "partitions.json (built in)".to_owned(),
            text: PARTITIONS.to_owned(),
        },
    };
    Ok(ModelFiles {
        service: SourceFile {
            path: display_path(&file, shown_from),
            text,
        },
        paginators: None,
        waiters: None,
        endpoint_rules: None,
        partitions: Some(partitions),
        service_shape: None,
    })
}

/// botocore's `partitions.json`: beside the model, or one or two levels up (botocore keeps
/// it in `data/`, next to the service directories).
fn read_partitions(dir: &Path, shown_from: &Path) -> Result<Option<SourceFile>, Failure> {
    for candidate in dir.ancestors().take(3) {
        let path = candidate.join("partitions.json");
        if path.exists() {
            let text = fs::read_to_string(&path)
                .map_err(|e| Failure::io(format!("cannot read {}: {e}", path.display())))?;
            return Ok(Some(SourceFile {
                path: display_path(&path, shown_from),
                text,
            }));
        }
    }
    Ok(None)
}

/// `path` relative to `base` when it is inside it, so headers do not depend on where a
/// checkout lives.
fn display_path(path: &Path, base: &Path) -> String {
    let absolute = absolute(path);
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let base = absolute_dir(base);
    absolute
        .strip_prefix(&base)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

fn absolute_dir(path: &Path) -> PathBuf {
    let path = absolute(path);
    path.canonicalize().unwrap_or(path)
}

/// `path` made absolute against the current directory, `.` and `..` resolved without
/// touching the disk (it may not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path from directory `from` to `to`, as a crate's `Cargo.toml` writes a path
/// dependency (`../codegen/runtime`).
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from = absolute(from);
    let to = absolute(to);
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = PathBuf::new();
    for _ in from.components().skip(common) {
        relative.push("..");
    }
    for part in to.components().skip(common) {
        relative.push(part);
    }
    relative.display().to_string()
}

/// Writes `files` under `out_dir`, leaving unchanged files alone and removing files the
/// generator wrote before that it no longer writes (a file without the `@generated` header
/// is not ours and stays).
pub fn write_files(
    files: &BTreeMap<PathBuf, String>,
    out_dir: &Path,
) -> Result<WriteReport, Failure> {
    let mut written = 0;
    for (path, text) in files {
        let target = out_dir.join(path);
        if fs::read_to_string(&target).is_ok_and(|existing| existing == *text) {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Failure::io(format!("cannot create {}: {e}", parent.display())))?;
        }
        fs::write(&target, text)
            .map_err(|e| Failure::io(format!("cannot write {}: {e}", target.display())))?;
        written += 1;
    }
    let mut removed = 0;
    let mut foreign = Vec::new();
    for path in existing_files(out_dir)? {
        if files.contains_key(&path) {
            continue;
        }
        let target = out_dir.join(&path);
        let ours = fs::read_to_string(&target).is_ok_and(|text| {
            text.lines()
                .next()
                .is_some_and(|line| line.contains("@generated"))
        });
        if ours {
            fs::remove_file(&target)
                .map_err(|e| Failure::io(format!("cannot remove {}: {e}", target.display())))?;
            removed += 1;
            // A part no longer generated leaves no empty directories behind.
            let mut parent = target.parent();
            while let Some(dir) = parent.filter(|d| *d != out_dir && d.starts_with(out_dir)) {
                if fs::remove_dir(dir).is_err() {
                    break;
                }
                parent = dir.parent();
            }
        } else {
            foreign.push(target);
        }
    }
    Ok(WriteReport {
        written,
        removed,
        foreign,
    })
}

/// What [`write_files`] did.
#[derive(Clone, Debug, Default)]
pub struct WriteReport {
    /// Files written (new or changed).
    pub written: usize,
    /// Files the generator wrote before and removed now.
    pub removed: usize,
    /// Files in the output directory the generator did not write, left in place.
    pub foreign: Vec<PathBuf>,
}

impl WriteReport {
    /// One line for people, and a warning line per foreign file.
    pub fn describe(&self, out_dir: &Path, total: usize) -> String {
        let mut text = format!(
            "{}: {total} files, {} written, {} orphaned removed",
            out_dir.display(),
            self.written,
            self.removed
        );
        for path in &self.foreign {
            text.push_str(&format!(
                "\nwarning: {} was not generated; left in place",
                path.display()
            ));
        }
        text
    }
}

/// Compares `files` with what is under `out_dir`: `Err` listing every stale, missing and
/// orphaned file (a generated file the generator would no longer write).
pub fn check_files(files: &BTreeMap<PathBuf, String>, out_dir: &Path) -> Result<(), Failure> {
    let mut stale = Vec::new();
    for (path, text) in files {
        match fs::read_to_string(out_dir.join(path)) {
            Ok(existing) if existing == *text => {}
            Ok(_) => stale.push(format!("  stale:    {}", path.display())),
            Err(_) => stale.push(format!("  missing:  {}", path.display())),
        }
    }
    for path in existing_files(out_dir)? {
        if !files.contains_key(&path) {
            stale.push(format!("  orphaned: {}", path.display()));
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(Failure::stale(format!(
            "{} is out of date:\n{}",
            out_dir.display(),
            stale.join("\n")
        )))
    }
}

/// Every file under `dir`, relative to it, skipping build output and crates of their own
/// (a directory below `dir` with a `Cargo.toml`, such as `generated/clouddirectory`), but not
/// a split crate's parts (`parts/*`).
fn existing_files(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(Failure::io(format!(
                    "cannot list {}: {e}",
                    current.display()
                )))
            }
        };
        for entry in entries {
            let entry = entry
                .map_err(|e| Failure::io(format!("cannot list {}: {e}", current.display())))?;
            let path = entry.path();
            let name = entry.file_name();
            if name == "target" || name == "Cargo.lock" {
                continue;
            }
            if path.is_dir() {
                // A split crate's parts are crates of their own, but the generator's.
                let part = path
                    .strip_prefix(dir)
                    .is_ok_and(|relative| relative.parent() == Some(Path::new("parts")));
                if part || !path.join("Cargo.toml").exists() {
                    stack.push(path);
                }
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.to_path_buf());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `text` in lower case with every character but ASCII letters and digits replaced by
/// `separator` (`My Service` -> `my_service`), or `None` when that is empty or starts with a
/// digit: a default module or package name made from a file name.
pub(crate) fn plain_name(text: &str, separator: char) -> Option<String> {
    let name: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                separator
            }
        })
        .collect();
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}
