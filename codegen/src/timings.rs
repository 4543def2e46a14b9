//! How long each phase took, recorded by the pipeline for `cargo xtask bench codegen`.

use std::time::Duration;

/// How long each phase took, in order.
pub type PhaseTimings = Vec<(&'static str, Duration)>;
