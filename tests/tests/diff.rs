//! `cargo xtask diff`: an unchanged model is empty; each kind of breaking change is classified
//! breaking; additions are minor; `--fail-on` sets the exit status.

use crate::support::root;
use codegen::diff::{Bump, Severity};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn kitchen_sink() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/kitchen-sink/service-2.json"))
            .unwrap(),
    )
    .unwrap()
}

/// A model directory holding `model`, under `target/test-scratch/diff/`.
fn model_dir(name: &str, model: &Value) -> PathBuf {
    let dir = root().join("target/test-scratch/diff").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("service-2.json"),
        serde_json::to_string_pretty(model).unwrap(),
    )
    .unwrap();
    dir
}

/// Changes a model in place.
type Mutation = Box<dyn Fn(&mut Value)>;

fn compare(old: &Path, new: &Path) -> codegen::diff::Diff {
    xtask::diff_cmd::compare(old, new).unwrap()
}

#[test]
fn a_model_compared_with_itself_has_no_changes() {
    let base = model_dir("base-self", &kitchen_sink());
    let d = compare(&base, &base);
    assert!(d.changes.is_empty(), "{:?}", d.changes);
    assert_eq!(d.bump(), None);
    assert!(xtask::diff_cmd::run(&[
        base.display().to_string(),
        base.display().to_string(),
        "--fail-on".into(),
        "breaking".into()
    ])
    .is_ok());
    let ds = root().join("model/ds");
    assert!(compare(&ds, &ds).changes.is_empty());
    // A git revision of model/ds as a side.
    let ds = ds.display().to_string();
    let args = ["--rev", "HEAD", ds.as_str(), "--fail-on", "breaking"].map(String::from);
    xtask::diff_cmd::run(&args).unwrap();
}

#[test]
fn each_kind_of_breaking_change_is_breaking() {
    let base = model_dir("base-breaking", &kitchen_sink());
    let cases: Vec<(&str, Mutation, &str)> = vec![
        (
            "removed-operation",
            Box::new(|m: &mut Value| {
                m["operations"].as_object_mut().unwrap().remove("Ping");
            }),
            "operation `Ping` removed",
        ),
        (
            "removed-member",
            Box::new(|m: &mut Value| {
                m["shapes"]["GetThingResult"]["members"]
                    .as_object_mut()
                    .unwrap()
                    .remove("Sizes");
            }),
            "member `Sizes` of `GetThingResult` removed",
        ),
        (
            "removed-enum-value",
            Box::new(|m: &mut Value| {
                m["shapes"]["ThingType"]["enum"]
                    .as_array_mut()
                    .unwrap()
                    .pop();
            }),
            "value `PENDING_ACCEPTANCE` removed from enum `ThingType`",
        ),
        (
            "type-change",
            Box::new(|m: &mut Value| {
                m["shapes"]["GetThingResult"]["members"]["State"]["shape"] = "String".into();
            }),
            "member `State` of `GetThingResult` changed type from `ThingType` to string",
        ),
        (
            "renamed-shape",
            Box::new(|m: &mut Value| {
                let text = serde_json::to_string(m)
                    .unwrap()
                    .replace(r#""Node""#, r#""TreeNode""#);
                *m = serde_json::from_str(&text).unwrap();
            }),
            "shape `Node` removed",
        ),
        (
            "new-required-member",
            Box::new(|m: &mut Value| {
                m["shapes"]["GetThingRequest"]["members"]["Version"] =
                    serde_json::json!({"shape": "Integer"});
                m["shapes"]["GetThingRequest"]["required"]
                    .as_array_mut()
                    .unwrap()
                    .push("Version".into());
            }),
            "required member `Version` added to `GetThingRequest`",
        ),
        (
            "tightened-length",
            Box::new(|m: &mut Value| {
                m["shapes"]["ThingName"]["max"] = 32.into();
            }),
            "maximum of member `Name` of `GetThingRequest` tightened from 64 to 32",
        ),
    ];
    for (name, mutate, expected) in cases {
        let mut model = kitchen_sink();
        mutate(&mut model);
        let changed = model_dir(name, &model);
        let d = compare(&base, &changed);
        let found = d
            .changes
            .iter()
            .find(|c| c.message == expected)
            .unwrap_or_else(|| panic!("{name}: no `{expected}` in {:#?}", d.changes));
        assert_eq!(found.severity, Severity::Breaking, "{name}");
        assert!(d.has(Severity::Breaking));
        let fail = xtask::diff_cmd::run(&[
            base.display().to_string(),
            changed.display().to_string(),
            "--fail-on".into(),
            "breaking".into(),
        ]);
        assert!(fail.is_err(), "{name}: --fail-on breaking must fail");
    }
}

#[test]
fn additions_are_minor_and_docs_are_collapsed() {
    let base = model_dir("base-additions", &kitchen_sink());
    let mut model = kitchen_sink();
    model["shapes"]["GetThingResult"]["members"]["Owner"] = serde_json::json!({"shape": "String"});
    model["shapes"]["ThingType"]["enum"]
        .as_array_mut()
        .unwrap()
        .push("NewKind".into());
    model["operations"]["PutThing"]["documentation"] =
        "<p>Stores a thing, now better documented.</p>".into();
    let changed = model_dir("additions", &model);
    let d = compare(&base, &changed);
    assert!(!d.has(Severity::Dangerous), "{:#?}", d.changes);
    assert_eq!(d.bump(), Some(Bump::Minor));
    let md = codegen::diff::to_markdown(&d);
    assert!(
        md.starts_with("# Kitchen Sink Service: 0 new, 1 updated API method; 0 breaking changes"),
        "{md}"
    );
    assert!(
        md.contains("- **info**: member `Owner` added to `GetThingResult`"),
        "{md}"
    );
    assert!(
        md.contains("- **info**: value `NewKind` added to enum `ThingType`"),
        "{md}"
    );
    assert!(
        md.contains("Documentation only: 1 change (collapsed)."),
        "{md}"
    );
    assert!(xtask::diff_cmd::run(&[
        base.display().to_string(),
        changed.display().to_string(),
        "--fail-on".into(),
        "dangerous".into()
    ])
    .is_ok());
    let json: Value = serde_json::from_str(&codegen::diff::to_json(&d)).unwrap();
    assert_eq!(json["bump"], "minor");
    assert_eq!(json["breaking"], false);
}

/// Real revision pairs of the ds model from older botocore releases (`model/ds/history/`),
/// each compared with its reviewed report in `tests/fixtures/diff/`.
#[test]
fn real_revision_pairs_match_their_reviewed_reports() {
    let history = root().join("model/ds/history");
    let current = root().join("model/ds");
    let pairs: [(&str, PathBuf, PathBuf); 6] = [
        ("1.19.30-1.44.5", history.join("1.19.30"), current.clone()),
        (
            "required-added-1.14.0-1.14.9",
            history.join("1.14.0"),
            history.join("1.14.9"),
        ),
        (
            "required-dropped-1.40.40-1.40.45",
            history.join("1.40.40"),
            history.join("1.40.45"),
        ),
        (
            "constraints-1.14.17-1.40.0",
            history.join("1.14.17"),
            history.join("1.40.0"),
        ),
        (
            "docs-only-1.38.0-1.39.0",
            history.join("1.38.0"),
            history.join("1.39.0"),
        ),
        (
            "protocols-1.44.0-1.44.1",
            history.join("1.44.0"),
            history.join("1.44.1"),
        ),
    ];
    for (name, old, new) in pairs {
        let d = compare(&old, &new);
        crate::support::expect_file(
            &root()
                .join("tests/fixtures/diff")
                .join(format!("{name}.md")),
            &codegen::diff::to_markdown(&d),
        );
    }
    // What each pair is for, checked beyond the snapshot.
    let required_added = compare(&history.join("1.14.0"), &history.join("1.14.9"));
    assert!(required_added.changes.iter().any(|c| c.message
        == "member `Type` of `EnableLDAPSRequest` is now required"
        && c.severity == Severity::Breaking));
    let dropped = compare(&history.join("1.40.40"), &history.join("1.40.45"));
    assert!(dropped
        .changes
        .iter()
        .any(|c| c.message.contains("is no longer required") && c.severity == Severity::Dangerous));
    // Major with no breaking change: the headline says why.
    let report = codegen::diff::to_markdown(&dropped);
    assert!(
        report.lines().next().is_some_and(|headline| headline
            .ends_with("; no breaking change on the wire; the Rust API changes: major")),
        "{report}"
    );
    assert!(
        report.contains("**major**. ")
            && report.contains(" of the major changes break no caller on the wire but change the Rust API, such as: member `"),
        "{report}"
    );
    let docs = compare(&history.join("1.38.0"), &history.join("1.39.0"));
    assert!(!docs.changes.is_empty() && docs.changes.iter().all(|c| c.docs_only));
    let protocols = compare(&history.join("1.44.0"), &history.join("1.44.1"));
    assert!(protocols
        .changes
        .iter()
        .any(|c| c.message.starts_with("protocols changed")));
    let constraints = compare(&history.join("1.14.17"), &history.join("1.40.0"));
    assert!(constraints
        .changes
        .iter()
        .any(|c| c.message.starts_with("pattern of")));
    // A tightened maximum breaks callers where they send the value, not in outputs alone:
    // `RemoteDomainName` of `ConditionalForwarder` and `Trust` only comes back.
    let remote = |shape: &str| {
        constraints
            .changes
            .iter()
            .find(|c| {
                c.message.starts_with(&format!(
                    "maximum of member `RemoteDomainName` of `{shape}` tightened"
                ))
            })
            .map(|c| c.severity)
    };
    assert_eq!(remote("ConditionalForwarder"), Some(Severity::Info));
    assert_eq!(remote("Trust"), Some(Severity::Info));
    assert_eq!(remote("CreateTrustRequest"), Some(Severity::Breaking));
    // Breaking on the wire but not in the Rust API: the headline explains the minor bump.
    let report = codegen::diff::to_markdown(&constraints);
    assert!(
        report
            .lines()
            .next()
            .is_some_and(|headline| headline.ends_with(
                "; 4 breaking changes on the wire (inputs tightened); source-compatible: minor"
            )),
        "{report}"
    );
    // A loosened bound of a structure sent and received is judged as an output's: the
    // worse of the two verdicts.
    let whole = compare(&history.join("1.19.30"), &root().join("model/ds"));
    let radius = whole
        .changes
        .iter()
        .find(|c| {
            c.message
                .starts_with("maximum of member `RadiusTimeout` of `RadiusSettings` loosened")
        })
        .expect("the RadiusTimeout change");
    assert_eq!(radius.severity, Severity::Dangerous, "{}", radius.message);
}
