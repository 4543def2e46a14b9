//! `Redacted`: what `Debug` prints in place of a sensitive value.

use std::fmt;

/// Stands in for a sensitive value in `Debug` output.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn prints_no_value() {
        assert_eq!(
            format!("{:?}", super::Redacted),
            "*** Sensitive Data Redacted ***"
        );
    }
}
