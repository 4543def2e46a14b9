//! The Smithy compliance cases the generated clients do not pass yet, each with its reason: `cargo xtask conformance` fails when one of them passes (take it off the list) or when any other case fails.

/// `(suite, case id, why it fails)`; the suite is `<service file> requests|responses`.
/// Empty: every client case passes. A case that regresses is fixed, or listed here with
/// the reason it cannot pass yet.
pub const EXPECTED_FAILURES: &[(&str, &str, &str)] = &[];
