//! The diff against cargo-semver-checks, lint by lint, on the ds crates generated from both sides of each pair (the reviewed fixture that `cargo xtask semver-checks` writes): real releases, and the pinned model with one edit each.

use crate::support::root;
use codegen::diff::Bump;
use serde_json::Value;
use xtask::semver_checks::{
    bump_name, compare, lint_name, lints_of, model_dir, rank, PAIRS, TOOL_VERSION,
};

#[test]
fn cargo_semver_checks_findings_match_the_diff_lint_by_lint() {
    let path = root().join(xtask::semver_checks::FIXTURE);
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        fixture["tool"],
        format!("cargo-semver-checks {TOOL_VERSION}"),
        "the fixture comes from another release of the tool: run `cargo xtask semver-checks`"
    );
    let entries = fixture["pairs"].as_array().unwrap();
    let names: Vec<String> = PAIRS.iter().map(|p| p.name()).collect();
    let recorded: Vec<&str> = entries
        .iter()
        .map(|e| e["pair"].as_str().unwrap())
        .collect();
    assert_eq!(recorded, names, "every pair has a verdict, in order");
    let (mut major, mut minor, mut blind) = (0, 0, 0);
    for (entry, pair) in entries.iter().zip(PAIRS) {
        let name = pair.name();
        let found = entry["verdict"].as_str().unwrap();
        let diff =
            xtask::diff_cmd::compare(&model_dir(pair.old).unwrap(), &model_dir(pair.new).unwrap())
                .unwrap();
        // The verdict is the larger of what failed lints require and what warnings suggest.
        let parts = [
            entry["required_by_failures"].as_str().unwrap(),
            entry["suggested_by_warnings"].as_str().unwrap(),
        ];
        assert_eq!(rank(found), parts.iter().map(|p| rank(p)).max().unwrap());
        match found {
            "major" => major += 1,
            "minor" => minor += 1,
            _ => {}
        }
        let lints: Vec<String> = entry["lints"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| lint_name(l["lint"].as_str().unwrap()))
            .collect();
        // Each lint is accounted for by a change of the diff, and each change the tool can
        // see by one of its lints.
        let comparison = compare(&diff, &lints);
        assert!(
            comparison.unexplained_lints.is_empty(),
            "{name}: the tool reports {:?}, which no change of the diff accounts for",
            comparison.unexplained_lints
        );
        assert!(
            comparison.unseen_changes.is_empty(),
            "{name}: the tool does not report what these changes of the diff imply: {:?}",
            comparison.unseen_changes
        );
        // The diff may predict more than the tool finds only by what the tool cannot see:
        // type changes (major) and additions (minor).
        let predicted = bump_name(diff.bump());
        assert!(
            rank(predicted) >= rank(found),
            "{name}: the diff predicts {predicted}, cargo-semver-checks finds {found}"
        );
        if rank(predicted) > rank(found) {
            let wanted = if predicted == "major" {
                Bump::Major
            } else {
                Bump::Minor
            };
            let unseen: Vec<&str> = diff
                .changes
                .iter()
                .filter(|c| !c.docs_only && c.bump == wanted && lints_of(c).is_none())
                .map(|c| c.message.as_str())
                .collect();
            assert!(
                !unseen.is_empty(),
                "{name}: the diff predicts {predicted} from changes the tool should see, and it finds {found}"
            );
        }
        blind += comparison.blind_spots.len();
    }
    // Pairs that make the tool report something, so the comparison above can fail.
    assert!(PAIRS.len() >= 6);
    assert!(
        major >= 3,
        "{major} pairs where the tool finds a major change"
    );
    assert!(
        minor >= 2,
        "{minor} pairs where the tool finds a minor change"
    );
    assert!(
        blind > 0,
        "some major changes are type changes the tool cannot see"
    );
}

#[test]
fn the_runtime_passed_cargo_semver_checks_at_its_current_version() {
    use xtask::semver_checks::runtime::{api_fingerprint, runtime_version, BASELINE_TAG, FIXTURE};
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(FIXTURE)).unwrap()).unwrap();
    let manifest = std::fs::read_to_string(root().join("codegen/runtime/Cargo.toml")).unwrap();
    let version = runtime_version(&manifest);
    assert!(!version.is_empty(), "the runtime's manifest has a version");
    assert_eq!(
        fixture["version"], version,
        "the verdict is for another runtime version: run `cargo xtask semver-checks --runtime`"
    );
    assert_eq!(fixture["baseline"], BASELINE_TAG);
    assert_eq!(
        fixture["tool"],
        format!("cargo-semver-checks {TOOL_VERSION}")
    );
    assert_eq!(
        fixture["passed"], true,
        "cargo-semver-checks found changes the version does not allow: {}",
        fixture["summary"]
    );
    assert_eq!(
        fixture["api_fingerprint"].as_str(),
        Some(api_fingerprint(&root()).unwrap().as_str()),
        "the runtime's public items or features changed since the verdict: run `cargo xtask semver-checks --runtime`"
    );
}
