//! `BuildError`: what a builder reports when required members are missing.

use std::fmt;

/// A builder was asked to build a value whose required members are not all set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// Reports the fields of `shape` whose flag is `true` as missing.
    pub fn missing(shape: &'static str, fields: &[(&'static str, bool)]) -> Self {
        BuildError {
            shape,
            missing: fields
                .iter()
                .filter(|(_, missing)| *missing)
                .map(|(name, _)| *name)
                .collect(),
        }
    }

    /// The Rust name of the type that could not be built.
    pub fn shape(&self) -> &str {
        self.shape
    }

    /// The Rust names of the required fields that were not set.
    pub fn missing_fields(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build `{}`: required ", self.shape)?;
        f.write_str(if self.missing.len() == 1 {
            "field "
        } else {
            "fields "
        })?;
        for (i, name) in self.missing.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{name}`")?;
        }
        f.write_str(" not set")
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_missing_field() {
        let err = BuildError::missing("Tag", &[("key", true), ("value", false), ("other", true)]);
        assert_eq!(
            err.to_string(),
            "cannot build `Tag`: required fields `key`, `other` not set"
        );
        assert_eq!(err.missing_fields(), ["key", "other"]);
        let one = BuildError::missing("Tag", &[("key", true)]);
        assert_eq!(
            one.to_string(),
            "cannot build `Tag`: required field `key` not set"
        );
    }
}
