//! Which cargo-semver-checks lints each change of the diff accounts for, so that the tool's findings and the diff's change list are compared lint by lint.

use codegen::diff::{Bump, Change, Diff};

/// The lints a change of the diff makes cargo-semver-checks report (one of them at least),
/// or `None` for a change it does not report: it compares items, not types (a member's type
/// changes, such as `T` to `Option<T>` when it stops being required), and it does not lint
/// additions to `#[non_exhaustive]` types.
pub fn lints_of(change: &Change) -> Option<&'static [&'static str]> {
    let m = change.message.as_str();
    let lints: &'static [&'static str] = if m.starts_with("operation `") && m.ends_with("` removed")
    {
        // The client's method, the operation's error enum, and the type parameter of its
        // input's builder (`<C = ()>`, the client it is bound to), which a structure that
        // is no operation's input does not have.
        &[
            "inherent_method_missing",
            "enum_missing",
            "struct_missing",
            "type_allows_fewer_generic_type_params",
        ]
    } else if m.starts_with("shape `") && m.ends_with("` removed") {
        // A structure, or a union (a Rust enum).
        &["struct_missing", "enum_missing"]
    } else if m.starts_with("member `") && m.ends_with("` removed") {
        // A structure's field and its builder's setters, or a union's variant.
        &[
            "struct_pub_field_missing",
            "inherent_method_missing",
            "enum_variant_missing",
        ]
    } else if m.starts_with("value `") && m.contains("` removed from enum `") {
        &["enum_variant_missing"]
    } else if m.starts_with("enum `") && m.ends_with("` removed") {
        &["enum_missing"]
    } else if m.starts_with("error `") && m.contains("` removed from `") {
        // A variant of the operation's error enum.
        &["enum_variant_missing"]
    } else if m.starts_with("values of enum `") && m.ends_with("` reordered") {
        // The derived order of a `PartialOrd` enum changes (a warning of the tool).
        &["partial_ord_enum_variants_reordered"]
    } else if m.starts_with("protocols changed") && drops_a_protocol(m) {
        // A protocol's crate feature.
        &["feature_missing"]
    } else if m.starts_with("paginator of `") && m.ends_with("` removed") {
        // Its type and the method that makes one.
        &["struct_missing", "inherent_method_missing"]
    } else if m.starts_with("waiter `") && m.ends_with("` removed") {
        &[
            "struct_missing",
            "inherent_method_missing",
            "function_missing",
        ]
    } else if m.starts_with("operation `") && m.ends_with("` deprecated") {
        &["type_method_marked_deprecated"]
    } else if m.starts_with("shape `") && m.ends_with("` deprecated") {
        &["type_marked_deprecated"]
    } else if m.starts_with("member `") && m.ends_with("` deprecated") {
        &[
            "struct_field_marked_deprecated",
            "type_method_marked_deprecated",
        ]
    } else {
        return None;
    };
    Some(lints)
}

/// Whether `protocols changed from [..] to [..]` leaves out a protocol the old side spoke
/// (adding one adds a crate feature, which the tool does not lint).
fn drops_a_protocol(message: &str) -> bool {
    let lists = message
        .trim_start_matches("protocols changed from ")
        .split_once(" to ")
        .and_then(|(old, new)| {
            let parse = |text: &str| serde_json::from_str::<Vec<String>>(text).ok();
            parse(old).zip(parse(new))
        });
    lists.is_none_or(|(old, new)| old.iter().any(|p| !new.contains(p)))
}

/// The tool's findings for a pair held against the diff's change list.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Lints the tool reported that no change of the diff accounts for.
    pub unexplained_lints: Vec<String>,
    /// Changes of the diff whose lints the tool did not report.
    pub unseen_changes: Vec<String>,
    /// Major changes of the diff the tool cannot see (type changes), which the diff alone
    /// reports.
    pub blind_spots: Vec<String>,
}

/// Compares the lints the tool reported for a pair (names without their level) with the
/// diff of that pair.
pub fn compare(diff: &Diff, reported: &[String]) -> Comparison {
    let changes: Vec<&Change> = diff.changes.iter().filter(|c| !c.docs_only).collect();
    let mut comparison = Comparison::default();
    for lint in reported {
        let accounted = changes
            .iter()
            .any(|c| lints_of(c).is_some_and(|lints| lints.contains(&lint.as_str())));
        if !accounted {
            comparison.unexplained_lints.push(lint.clone());
        }
    }
    for change in changes {
        match lints_of(change) {
            Some(lints) if !lints.iter().any(|l| reported.iter().any(|r| r == l)) => {
                comparison.unseen_changes.push(change.message.clone());
            }
            None if change.bump == Bump::Major => {
                comparison.blind_spots.push(change.message.clone());
            }
            _ => {}
        }
    }
    comparison
}

#[cfg(test)]
mod tests {
    use super::drops_a_protocol;

    #[test]
    fn only_a_dropped_protocol_removes_a_feature() {
        assert!(!drops_a_protocol(
            r#"protocols changed from ["json"] to ["smithy-rpc-v2-cbor", "json"]"#
        ));
        assert!(drops_a_protocol(
            r#"protocols changed from ["smithy-rpc-v2-cbor", "json"] to ["json"]"#
        ));
    }
}
