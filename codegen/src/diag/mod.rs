//! Diagnostics: problems found in a model, with location and hints, printed rust-analyzer style, and moved back to the file the user wrote.

mod source_map;

pub use source_map::SourceMap;

use std::fmt;

/// How bad a problem is: errors stop generation after the phase, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The model cannot be turned into a crate.
    Error,
    /// The crate is generated, but something is left out or degraded.
    Warning,
}

/// One problem, located by file and JSON Pointer (or line and column for syntax errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// The model file, as the caller named it.
    pub file: String,
    /// Where in the file: a JSON Pointer such as `/shapes/Foo/members/Bar/shape`.
    pub location: String,
    /// Hints, printed as `= note: ...` lines.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at `location` in `file`.
    pub fn error(file: &str, location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: file.to_owned(),
            location: location.into(),
            notes: Vec::new(),
        }
    }

    /// A warning at `location` in `file`.
    pub fn warning(file: &str, location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, location, message)
        }
    }

    /// Adds a hint.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{level}: {}", self.message)?;
        write!(f, "  --> {}", self.file)?;
        if !self.location.is_empty() {
            write!(f, ": {}", self.location)?;
        }
        for note in &self.notes {
            write!(f, "\n  = note: {note}")?;
        }
        Ok(())
    }
}

/// Every problem a phase found, sorted by file and location so output is stable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True if any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorts by file, then location, then message, and drops exact repeats.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, &a.location, a.severity, &a.message).cmp(&(
                &b.file,
                &b.location,
                b.severity,
                &b.message,
            ))
        });
        self.0.dedup();
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        if errors > 0 {
            write!(
                f,
                "\nerror: {errors} error(s), {warnings} warning(s) in the model"
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes a key for use inside a JSON Pointer (RFC 6901).
pub fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Builds a JSON Pointer from keys.
pub fn pointer<I, S>(keys: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    keys.into_iter()
        .map(|k| format!("/{}", pointer_escape(k.as_ref())))
        .collect()
}

/// The closest of `candidates` to `wanted`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// A lowering's result with its diagnostics moved to where the user wrote them: a Smithy
/// model's checks locate problems by the pointers of the botocore mirror it was converted
/// to, and `map` (the conversion's record) moves them into the Smithy file.
pub fn at_source<T>(
    result: Result<(T, Diagnostics), Diagnostics>,
    map: Option<&SourceMap>,
) -> Result<(T, Diagnostics), Diagnostics> {
    match (map, result) {
        (None, result) => result,
        (Some(map), Ok((value, warnings))) => Ok((value, map.relocate(warnings))),
        (Some(map), Err(problems)) => Err(map.relocate(problems)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_in_the_documented_format() {
        let d = Diagnostic::error(
            "model/ds/service-2.json",
            "/shapes/DescribeDirectoriesRequest/members/DirectoryIds/shape",
            "shape `DirectoryIdd` is not defined",
        )
        .note("did you mean `DirectoryId`?");
        assert_eq!(
            d.to_string(),
            "error: shape `DirectoryIdd` is not defined\n  --> model/ds/service-2.json: /shapes/DescribeDirectoriesRequest/members/DirectoryIds/shape\n  = note: did you mean `DirectoryId`?"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["DirectoryId", "DirectoryIds", "Tag"];
        assert_eq!(did_you_mean("DirectoryIdd", names), Some("DirectoryId"));
        assert_eq!(did_you_mean("Nothing", names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn escapes_pointer_keys() {
        assert_eq!(pointer(["a/b", "c~d"]), "/a~1b/c~0d");
    }
}
