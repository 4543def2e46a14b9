//! The diff's semver predictions against cargo-semver-checks' verdicts on the ds crates generated from both sides of each revision pair (the reviewed fixture that `cargo xtask semver-checks` writes).

use crate::support::root;
use serde_json::Value;
use xtask::semver_checks::{model_dir, rank, why_higher, PAIRS, TOOL_VERSION};

#[test]
fn predicted_bumps_are_never_below_what_cargo_semver_checks_finds() {
    let path = root().join(xtask::semver_checks::FIXTURE);
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        fixture["tool"],
        format!("cargo-semver-checks {TOOL_VERSION}"),
        "the fixture comes from another release of the tool: run `cargo xtask semver-checks`"
    );
    let entries = fixture["pairs"].as_array().unwrap();
    let names: Vec<String> = PAIRS.iter().map(|(o, n)| format!("{o}-{n}")).collect();
    let recorded: Vec<&str> = entries
        .iter()
        .map(|e| e["pair"].as_str().unwrap())
        .collect();
    assert_eq!(recorded, names, "every pair has a verdict, in order");
    let mut higher = 0;
    for (entry, (old, new)) in entries.iter().zip(PAIRS) {
        let found = entry["verdict"].as_str().unwrap();
        let diff = xtask::diff_cmd::compare(&model_dir(old), &model_dir(new)).unwrap();
        let predicted = xtask::semver_checks::bump_name(diff.bump());
        assert!(
            rank(predicted) >= rank(found),
            "{old} -> {new}: the diff predicts {predicted}, cargo-semver-checks finds {found}"
        );
        // The verdict is the larger of what failed lints require and what warnings suggest.
        let parts = [
            entry["required_by_failures"].as_str().unwrap(),
            entry["suggested_by_warnings"].as_str().unwrap(),
        ];
        assert_eq!(rank(found), parts.iter().map(|p| rank(p)).max().unwrap());
        match why_higher(&diff, found) {
            Some(why) => {
                higher += 1;
                assert!(why.contains('`'), "{old} -> {new}: {why}");
            }
            None => assert_eq!(rank(predicted), rank(found), "{old} -> {new}"),
        }
    }
    // The reversed pair removes operations: the tool's own checks fire, and agree.
    let reversed = entries.last().unwrap();
    assert_eq!(reversed["verdict"], "major");
    assert!(reversed["lints"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["lint"] == "inherent_method_missing (failure)"));
    assert_eq!(
        higher, 4,
        "pairs where the diff predicts more than the tool finds"
    );
}
