//! Why a run failed, and the exit code each kind of failure gets.

use std::fmt;

/// Why a run failed; each kind has its own exit code ([`Failure::exit_code`]) so that
/// scripts can tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// The model has errors; nothing was written (exit code 1).
    Model,
    /// The command line is wrong (exit code 2).
    Usage,
    /// A file could not be read or written (exit code 3).
    Io,
    /// `--check` found files that differ from what the generator writes (exit code 4).
    Stale,
    /// `diff --fail-on` found changes of that severity (exit code 5).
    DiffFailOn,
}

/// A failed run: its kind and a message for people.
#[derive(Clone, Debug)]
pub struct Failure {
    /// What failed.
    pub kind: FailureKind,
    /// What happened, with the file and what to do where known.
    pub message: String,
}

impl Failure {
    fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Failure {
            kind,
            message: message.into(),
        }
    }
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(FailureKind::Usage, message)
    }
    pub(crate) fn io(message: impl Into<String>) -> Self {
        Self::new(FailureKind::Io, message)
    }
    pub(crate) fn model(message: impl Into<String>) -> Self {
        Self::new(FailureKind::Model, message)
    }
    pub(crate) fn stale(message: impl Into<String>) -> Self {
        Self::new(FailureKind::Stale, message)
    }

    /// The process exit code for this failure: 1 model, 2 usage, 3 I/O, 4 stale, 5 diff.
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            FailureKind::Model => 1,
            FailureKind::Usage => 2,
            FailureKind::Io => 3,
            FailureKind::Stale => 4,
            FailureKind::DiffFailOn => 5,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}
