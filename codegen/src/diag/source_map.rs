//! Where each part of the converted botocore mirror came from in the Smithy file, so the checks' diagnostics (written against botocore pointers) point into the Smithy file.

use super::Diagnostics;
use std::collections::BTreeMap;

/// Botocore pointer prefixes and the Smithy pointers they stand for.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// The Smithy file; diagnostics of other files are left alone.
    pub file: String,
    entries: BTreeMap<String, String>,
}

impl SourceMap {
    /// An empty map for `file`.
    pub fn new(file: &str) -> Self {
        SourceMap {
            file: file.to_owned(),
            entries: BTreeMap::new(),
        }
    }

    /// Records that the botocore pointer `botocore` (and what is under it) is `smithy`.
    pub fn insert(&mut self, botocore: impl Into<String>, smithy: impl Into<String>) {
        self.entries.insert(botocore.into(), smithy.into());
    }

    /// The Smithy pointer for a botocore pointer: the longest recorded prefix, ending at a
    /// segment boundary, with the rest appended. Unknown pointers are kept, so nothing is
    /// lost.
    pub fn locate(&self, location: &str) -> String {
        let mut end = location.len();
        loop {
            let prefix = &location[..end];
            if let Some(smithy) = self.entries.get(prefix) {
                return format!("{smithy}{}", &location[end..]);
            }
            match prefix.rfind('/') {
                Some(0) | None => return location.to_owned(),
                Some(i) => end = i,
            }
        }
    }

    /// Moves every diagnostic about the Smithy file to its Smithy pointer.
    pub fn relocate(&self, mut diagnostics: Diagnostics) -> Diagnostics {
        for d in &mut diagnostics.0 {
            if d.file == self.file && d.location.starts_with('/') {
                d.location = self.locate(&d.location);
            }
        }
        diagnostics.sort();
        diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins_and_the_rest_is_kept() {
        let mut map = SourceMap::new("m.json");
        map.insert("/shapes/A", "/shapes/ns#A");
        map.insert("/shapes/A/members/B/shape", "/shapes/ns#A/members/B/target");
        assert_eq!(
            map.locate("/shapes/A/members/B/shape"),
            "/shapes/ns#A/members/B/target"
        );
        assert_eq!(map.locate("/shapes/A/members/C"), "/shapes/ns#A/members/C");
        assert_eq!(map.locate("/shapes/AB"), "/shapes/AB");
        assert_eq!(map.locate("/other"), "/other");
    }
}
