//! Names built from other names: builders, setters, error enums, fluent builders,
//! paginators, waiters, validation statics, module paths. Lowering stores them in the IR
//! and the checks ask here about collisions, so emitters never format a name.

use super::names::{bare, const_name, fn_name, type_name};
use std::collections::BTreeSet;

/// The name a package is used by in Rust code (`directory_service` for
/// `directory-service`).
pub fn crate_ident(package_name: &str) -> String {
    package_name.replace('-', "_")
}

/// The builder of a structure (`DirectoryBuilder` for `Directory`).
pub fn builder_name(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// The one generic builder of the structures whose members are all optional
/// (`Builder<Directory>`, named `DirectoryBuilder` by an alias); no structure's own builder
/// is named so, as each is its name followed by `Builder`.
pub const SHARED_BUILDER: &str = "Builder";

/// A member's name without the raw prefix (`type` for `r#type`): what messages, `Debug`
/// output and validation paths show.
pub fn label(field_name: &str) -> String {
    bare(field_name).to_owned()
}

/// The builder method that sets or clears a member (`set_type` for `r#type`).
pub fn set_name(field_name: &str) -> String {
    format!("set_{}", bare(field_name))
}

/// The error enum of an operation (`DescribeDirectoriesError`).
pub fn error_name(operation: &str) -> String {
    format!("{}Error", type_name(operation))
}

/// The fluent builder of an operation (`DescribeDirectoriesFluentBuilder`).
pub fn fluent_name(operation: &str) -> String {
    format!("{}FluentBuilder", type_name(operation))
}

/// The method of an operation error enum that tells whether it is the error whose Rust type
/// is `error_type` (`is_entity_does_not_exist_exception`).
pub fn error_predicate(error_type: &str) -> String {
    format!("is_{}", bare(&fn_name(error_type)))
}

/// The function that reads the members a REST error binds to headers into the error whose
/// Rust type is `error_type` (`bind_complex_error_http`).
pub fn http_binder(error_type: &str) -> String {
    format!("bind_{}_http", bare(&fn_name(error_type)))
}

/// The paginator type of an operation (`DescribeDirectoriesPaginator`).
pub fn paginator_name(operation: &str) -> String {
    format!("{}Paginator", type_name(operation))
}

/// The function that reads the next page token of an operation's output
/// (`describe_directories_next_token`).
pub fn next_token_fn(operation: &str) -> String {
    format!("{}_next_token", bare(&fn_name(operation)))
}

/// The function that takes the items out of an operation's page (`describe_directories_items`).
pub fn items_fn(operation: &str) -> String {
    format!("{}_items", bare(&fn_name(operation)))
}

/// The local variable that holds a paginator's `index`th page token (`token_0`).
pub fn token_local(index: usize) -> String {
    format!("token_{index}")
}

/// The type of a waiter (`HybridAdUpdatedWaiter`).
pub fn waiter_type_name(waiter: &str) -> String {
    format!("{}Waiter", type_name(waiter))
}

/// The client method that starts a waiter (`wait_until_hybrid_ad_updated`).
pub fn waiter_fn_name(waiter: &str) -> String {
    format!("wait_until_{}", bare(&fn_name(waiter)))
}

/// The function that runs a waiter's acceptors on a result (`classify_hybrid_ad_updated`).
pub fn classify_fn(waiter: &str) -> String {
    format!("classify_{}", bare(&fn_name(waiter)))
}

/// Where validation errors of a structure start their paths: the method of the operation it
/// is the input of (`describe_directories`), else the structure's own snake-case name.
pub fn validation_root(structure: &str, input_of: Option<&str>) -> String {
    let root = input_of.map_or_else(|| fn_name(structure), str::to_owned);
    bare(&root).to_owned()
}

/// The variant names of an enum's values, in order: a value whose name another value
/// already took (they differ only in case or punctuation) gets `2`, `3`, ... appended, so
/// every value keeps a variant of its own.
pub fn enum_variants(values: &[String]) -> Vec<String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    values
        .iter()
        .map(|value| {
            let base = super::names::variant_name(value);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// The static that holds a shape's limits (`DIRECTORY_ID`); shapes whose names collide get
/// `_2`, `_3`, ... in the order they are named. `taken` holds the names given so far, with
/// the pattern static of each, so `LogGroupNamePattern` never meets the pattern of
/// `LogGroupName`.
pub fn rule_static(shape: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = const_name(shape);
    let mut n = 2;
    while taken.contains(&candidate) || taken.contains(&pattern_static(bare(&candidate))) {
        candidate = format!("{}_{n}", const_name(shape));
        n += 1;
    }
    let name = bare(&candidate).to_owned();
    taken.insert(candidate);
    taken.insert(pattern_static(&name));
    name
}

/// The static that holds the pattern of the shape whose limits are in `rule_static`.
pub fn pattern_static(rule_static: &str) -> String {
    format!("{rule_static}_PATTERN")
}

/// The path of a service's root module: `crate` for a crate of its own, `crate::<module>`
/// for a module of a crate that bundles several services.
pub fn module_root(module: Option<&str>) -> String {
    match module {
        None => "crate".to_owned(),
        Some(module) => format!("crate::{module}"),
    }
}

/// The input type of an operation whose input structure other operations share
/// (`PeekThingInput`, in the `operation` module): the shared input sent as this operation,
/// so that the type says which operation a prebuilt input is for.
pub fn shared_input_name(operation: &str) -> String {
    format!("{}Input", type_name(operation))
}

/// The input type made up for an operation the model gives no input (`ListThingsInput`):
/// `Input` after the operation's type name, then `Input2`, ... until no type has the name.
pub fn synthetic_input_name(operation: &str, taken: &BTreeSet<String>) -> String {
    let base = format!("{}Input", type_name(operation));
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}{n}")
            }
        })
        .find(|name| !taken.contains(name))
        .unwrap_or(base)
}

/// Prelude names a model type could shadow in the module that defines it.
const PRELUDE_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Into",
    "From",
    "ToString",
    "ToOwned",
    "Clone",
    "Iterator",
    "IntoIterator",
    "Send",
    "Sync",
    "Sized",
];

/// Whether any of these type names shadows a prelude name, so the modules that define them
/// must spell prelude items in full.
pub fn shadows_prelude<'a>(type_names: impl IntoIterator<Item = &'a str>) -> bool {
    type_names.into_iter().any(|n| PRELUDE_TYPES.contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelude_shadowing_and_made_up_input_names() {
        assert!(shadows_prelude(["Directory", "Option"]));
        assert!(!shadows_prelude(["Directory"]));
        let taken: BTreeSet<String> = ["PingInput".to_owned()].into();
        assert_eq!(synthetic_input_name("Ping", &taken), "PingInput2");
        assert_eq!(synthetic_input_name("Pong", &taken), "PongInput");
    }

    /// A name builder, what it is given, and what it must build.
    type Case = (fn(&str) -> String, &'static str, &'static str);

    #[test]
    fn names_built_on_a_type_name() {
        let cases: &[Case] = &[
            (builder_name, "Directory", "DirectoryBuilder"),
            (builder_name, "Self_", "Self_Builder"),
            (
                error_name,
                "DescribeDirectories",
                "DescribeDirectoriesError",
            ),
            (
                error_name,
                "DescribeLDAPSSettings",
                "DescribeLdapsSettingsError",
            ),
            (
                fluent_name,
                "ResetUserPassword",
                "ResetUserPasswordFluentBuilder",
            ),
            (
                paginator_name,
                "DescribeDirectories",
                "DescribeDirectoriesPaginator",
            ),
            (waiter_type_name, "HybridADUpdated", "HybridAdUpdatedWaiter"),
        ];
        for (build, from, expected) in cases {
            assert_eq!(build(from), *expected, "{from}");
        }
    }

    #[test]
    fn names_built_on_a_snake_case_name() {
        let cases: &[Case] = &[
            (set_name, "directory_id", "set_directory_id"),
            (set_name, "r#type", "set_type"),
            (set_name, "self_", "set_self_"),
            (label, "r#type", "type"),
            (label, "name", "name"),
            (
                error_predicate,
                "EntityDoesNotExistException",
                "is_entity_does_not_exist_exception",
            ),
            (error_predicate, "Type", "is_type"),
            (
                next_token_fn,
                "DescribeDirectories",
                "describe_directories_next_token",
            ),
            (items_fn, "ListIPRoutes", "list_ip_routes_items"),
            (
                waiter_fn_name,
                "HybridADUpdated",
                "wait_until_hybrid_ad_updated",
            ),
            (classify_fn, "HybridADUpdated", "classify_hybrid_ad_updated"),
            (classify_fn, "Type", "classify_type"),
        ];
        for (build, from, expected) in cases {
            assert_eq!(build(from), *expected, "{from}");
        }
    }

    #[test]
    fn token_locals_count_from_zero() {
        assert_eq!(token_local(0), "token_0");
        assert_eq!(token_local(11), "token_11");
    }

    #[test]
    fn validation_roots() {
        let cases = [
            (
                "DescribeDirectoriesRequest",
                Some("describe_directories"),
                "describe_directories",
            ),
            ("Attribute", None, "attribute"),
            ("Type", None, "type"),
            ("TypeRequest", Some("r#type"), "type"),
        ];
        for (structure, input_of, expected) in cases {
            assert_eq!(
                validation_root(structure, input_of),
                expected,
                "{structure}"
            );
        }
    }

    #[test]
    fn enum_values_that_share_a_variant_name_get_numbered_variants() {
        let values: Vec<String> = [
            "INVALID_REQUEST",
            "invalid_request",
            "Invalid-Request",
            "other",
        ]
        .iter()
        .map(|v| v.to_string())
        .collect();
        assert_eq!(
            enum_variants(&values),
            [
                "InvalidRequest",
                "InvalidRequest2",
                "InvalidRequest3",
                "Other"
            ]
        );
    }

    #[test]
    fn a_shape_named_like_another_shapes_pattern_static_gets_its_own_name() {
        let mut taken = BTreeSet::new();
        let first = rule_static("LogGroupName", &mut taken);
        let second = rule_static("LogGroupNamePattern", &mut taken);
        assert_eq!(
            (first.as_str(), second.as_str()),
            ("LOG_GROUP_NAME", "LOG_GROUP_NAME_PATTERN_2")
        );
        let mut taken = BTreeSet::new();
        let first = rule_static("LogGroupNamePattern", &mut taken);
        let second = rule_static("LogGroupName", &mut taken);
        assert_eq!(
            (first.as_str(), second.as_str()),
            ("LOG_GROUP_NAME_PATTERN", "LOG_GROUP_NAME_2")
        );
        assert_ne!(pattern_static(&second), first);
    }

    #[test]
    fn rule_statics_are_distinct() {
        let mut taken = BTreeSet::new();
        let names: Vec<String> = ["DirectoryId", "directory_id", "DirectoryID", "Name"]
            .iter()
            .map(|shape| rule_static(shape, &mut taken))
            .collect();
        assert_eq!(
            names,
            ["DIRECTORY_ID", "DIRECTORY_ID_2", "DIRECTORY_ID_3", "NAME"]
        );
        assert_eq!(pattern_static(&names[1]), "DIRECTORY_ID_2_PATTERN");
    }

    #[test]
    fn module_roots() {
        assert_eq!(module_root(None), "crate");
        assert_eq!(module_root(Some("json_1_0")), "crate::json_1_0");
    }
}
