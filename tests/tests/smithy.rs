//! Smithy JSON AST input: the crates generated from the Smithy and the botocore model of
//! the same API revision agree but for reviewed differences; the endpoint tests carried in
//! the Smithy models' `smithy.rules#endpointTests` trait pass; a model diff across formats
//! reports no API change.

use crate::support::{bless, root};
use codegen::ModelFiles;
use serde_json::Value;
use similar::TextDiff;
use std::fmt::Write as _;
use std::path::PathBuf;

use aws_codegen_runtime::client::endpoint as engine;

/// The services compared: botocore name, Smithy file (sdk id), API version.
const EQUIVALENT: &[(&str, &str, &str)] = &[
    ("ds", "directory-service", "2015-04-16"),
    ("clouddirectory", "clouddirectory", "2017-01-11"),
    ("workspaces", "workspaces", "2015-04-08"),
];

fn dir(variable: &str) -> PathBuf {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!("{variable} is not set: run `cargo xtask test`, which downloads the models")
        })
}

/// The Smithy model of `sdk_id` from the tests' bundle.
fn smithy_model(sdk_id: &str) -> ModelFiles {
    let path = dir("SMITHY_MODELS").join(format!("{sdk_id}.json"));
    xtask::codegen_cmd::read_model(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Both models of a service, reading the same partitions.
fn both(service: &str, sdk_id: &str, version: &str) -> (ModelFiles, ModelFiles) {
    let botocore_dir = dir("EQUIVALENCE_BOTOCORE").join(service).join(version);
    let botocore = xtask::codegen_cmd::read_model(&botocore_dir).unwrap_or_else(|e| panic!("{e}"));
    let mut smithy = smithy_model(sdk_id);
    smithy.partitions = botocore.partitions.clone();
    (botocore, smithy)
}

/// Every difference between two generated crates, file by file, as unified hunks without
/// context; the `@generated` header line, which names the model file, is left out.
fn crate_diff(old: &ModelFiles, new: &ModelFiles) -> String {
    let options = crate::support::options("equivalence");
    let generate = |files: &ModelFiles| {
        codegen::generate(files, &options)
            .unwrap_or_else(|e| panic!("{}: {e}", files.service.path))
            .files
    };
    let (old, new) = (generate(old), generate(new));
    let mut out = String::new();
    let paths: std::collections::BTreeSet<&PathBuf> = old.keys().chain(new.keys()).collect();
    for path in paths {
        let body = |files: &std::collections::BTreeMap<PathBuf, String>| {
            files
                .get(path)
                .map(|t| t.split_once('\n').map_or("", |(_, rest)| rest).to_owned())
                .unwrap_or_default()
        };
        let (a, b) = (body(&old), body(&new));
        if a == b {
            continue;
        }
        let diff = TextDiff::from_lines(&a, &b);
        for hunk in diff.unified_diff().context_radius(0).iter_hunks() {
            let _ = writeln!(out, "--- {}", path.display());
            let _ = write!(out, "{hunk}");
        }
    }
    out
}

/// Checks a generated difference against its reviewed fixture: the same lines once the
/// `# ` comment lines are dropped, and a `# reason:` before every hunk.
fn check_reviewed(service: &str, diff: &str) {
    let path = root()
        .join("tests/fixtures/smithy-equivalence")
        .join(format!("{service}.diff"));
    if bless() {
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let reasons = reasons_by_hunk(&existing);
        // The file's header (its leading comments other than reasons) stays.
        let mut text: String = existing
            .lines()
            .take_while(|l| l.starts_with("# ") && !l.starts_with("# reason: "))
            .map(|l| format!("{l}\n"))
            .collect();
        let lines: Vec<&str> = diff.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("--- ") {
                // A hunk keeps its reason when its file and position are unchanged.
                let key = format!("{line}\n{}", lines.get(i + 1).unwrap_or(&""));
                let reason = reasons
                    .get(&key)
                    .or_else(|| reasons.get(*line))
                    .cloned()
                    .unwrap_or_else(|| "UNREVIEWED".to_owned());
                let _ = writeln!(text, "# reason: {reason}");
            }
            let _ = writeln!(text, "{line}");
        }
        std::fs::write(&path, text).expect("write the equivalence fixture");
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_EXPECT=1 to create it",
            path.display()
        )
    });
    let reviewed: String = text
        .lines()
        .filter(|l| !l.starts_with("# "))
        .map(|l| format!("{l}\n"))
        .collect();
    if reviewed != diff {
        let first = reviewed
            .lines()
            .zip(diff.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(reviewed.lines().count().min(diff.lines().count()));
        panic!(
            "{service}: the crates from the Smithy and the botocore model differ from the reviewed differences in {} at line {}:\n  reviewed: {:?}\n  now:      {:?}\nreview the change, then UPDATE_EXPECT=1 keeps the reasons of unchanged hunks",
            path.display(),
            first + 1,
            reviewed.lines().nth(first),
            diff.lines().nth(first)
        );
    }
    let mut previous = "";
    for line in text.lines() {
        if line.starts_with("--- ") {
            let reason = previous.strip_prefix("# reason: ").unwrap_or("");
            assert!(
                !reason.is_empty() && reason != "UNREVIEWED",
                "{}: the hunk at `{line}` has no reviewed reason",
                path.display()
            );
        }
        previous = line;
    }
}

/// The reasons of a fixture, by the hunk header line that follows each (kept on bless).
fn reasons_by_hunk(text: &str) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let mut reason = None;
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(r) = line.strip_prefix("# reason: ") {
            reason = Some(r.to_owned());
        } else if line.starts_with("--- ") {
            let key = format!("{line}\n{}", lines.get(i + 1).unwrap_or(&""));
            if let Some(r) = reason.take() {
                out.insert(line.to_string(), r.clone());
                out.insert(key, r);
            }
        }
    }
    out
}

#[test]
fn smithy_and_botocore_models_of_one_revision_generate_the_same_crates_but_for_reviewed_differences(
) {
    let mut summary = Vec::new();
    for (service, sdk_id, version) in EQUIVALENT {
        let (botocore, smithy) = both(service, sdk_id, version);
        let diff = crate_diff(&botocore, &smithy);
        let hunks = diff.lines().filter(|l| l.starts_with("--- ")).count();
        summary.push(format!("{service}: {hunks} reviewed hunks"));
        check_reviewed(service, &diff);
    }
    println!("{}", summary.join("; "));
}

#[test]
fn endpoint_tests_carried_in_the_smithy_models_pass() {
    let partitions: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("model/partitions.json")).expect("partitions"),
    )
    .expect("partitions JSON");
    // Pinned counts: a suite that shrinks or vanishes fails here.
    for ((_, sdk_id, _), expected) in EQUIVALENT.iter().zip([48, 31, 36]) {
        let text = std::fs::read_to_string(dir("SMITHY_MODELS").join(format!("{sdk_id}.json")))
            .expect("model");
        let model: Value = serde_json::from_str(&text).expect("JSON");
        let service = model["shapes"]
            .as_object()
            .and_then(|s| s.values().find(|s| s["type"] == "service"))
            .expect("a service shape");
        let rules = &service["traits"]["smithy.rules#endpointRuleSet"];
        let cases = service["traits"]["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .expect("endpoint tests");
        let (count, errors, failures) = crate::endpoints::run_cases(sdk_id, cases, |case| {
            let (region, use_fips, use_dual_stack, endpoint) = crate::endpoints::params(case);
            engine::resolve(
                rules,
                &partitions,
                &engine::EndpointParams {
                    region,
                    use_fips,
                    use_dual_stack,
                    endpoint,
                    ..Default::default()
                },
            )
            .map_err(|e| e.0)
        });
        println!(
            "{sdk_id}: {count} endpoint cases from the Smithy model ({errors} expecting an error), {} failed",
            failures.len()
        );
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert_eq!(cases.len(), expected, "{sdk_id}: endpoint test count");
    }
}

#[test]
fn a_diff_across_formats_of_one_revision_reports_no_api_change() {
    for (service, sdk_id, version) in EQUIVALENT {
        let (botocore, smithy) = both(service, sdk_id, version);
        let (old, _) = codegen::lower(&botocore).expect("botocore lowers");
        let (new, _) = codegen::lower(&smithy).expect("Smithy lowers");
        let report = codegen::diff::diff(&old, &new);
        // Paginators and waiters are modeled apart from the API in botocore (hand-kept
        // files) and in Smithy (traits): where they differ, the equivalence fixture says
        // why. So does it for the one shape the two formats model differently (Cloud
        // Directory's TypedAttributeValue, a union only in Smithy), which the diff must
        // report. Everything else must be the same API: documentation and constraints.
        let union = "shape `TypedAttributeValue` changed from a structure to a union";
        // Botocore carries no default values; the Smithy model's `@default` (on members that
        // were primitives before Smithy 2.0) makes those fields plain values.
        let defaults = report
            .changes
            .iter()
            .filter(|c| c.message.contains("now has a default"))
            .count();
        let reviewed_defaults = match *service {
            "ds" => 7,
            "clouddirectory" => 3,
            _ => 0,
        };
        assert_eq!(
            defaults, reviewed_defaults,
            "{service}: members with a default only in the Smithy model"
        );
        let api: Vec<String> = report
            .changes
            .iter()
            .filter(|c| c.bump != codegen::diff::Bump::Patch)
            .filter(|c| !(c.message.starts_with("paginator of") || c.message.starts_with("waiter")))
            .filter(|c| !c.message.contains("now has a default"))
            .filter(|c| !(*service == "clouddirectory" && c.message == union))
            .map(|c| c.message.clone())
            .collect();
        assert_eq!(
            report.changes.iter().any(|c| c.message == union),
            *service == "clouddirectory",
            "{service}: the union difference is reported where it is, and only there"
        );
        let flows = report
            .changes
            .iter()
            .filter(|c| c.message.starts_with("paginator of") || c.message.starts_with("waiter"))
            .count();
        let kinds = report.changes.iter().filter(|c| c.message == union).count();
        println!(
            "{service}: {} changes across formats: {flows} to paginators or waiters, {kinds} reviewed union, {defaults} defaults only Smithy has, the rest to constraints or documentation",
            report.changes.len()
        );
        assert!(
            api.is_empty(),
            "{service}: API changes across formats:\n{}",
            api.join("\n")
        );
    }
}

#[test]
fn the_smithy_model_from_maven_central_generates() {
    // `cargo xtask update-model --smithy 1.0.14 --service dynamodb` wrote it; Maven Central
    // serves this artifact of `software.amazon.api.models` here (see model/README.md).
    let files = xtask::codegen_cmd::read_model(&root().join("model/smithy/dynamodb.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let generated = codegen::generate(&files, &crate::support::options("aws-dynamodb"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (service, _) = codegen::lower(&files).expect("lowers");
    println!(
        "dynamodb from Maven Central: {} operations, {} structures, {} waiters, {} files",
        service.operations.len(),
        service.structures.len(),
        service.waiters.len(),
        generated.files.len()
    );
    assert!(service.operations.len() >= 50);
    assert_eq!(
        service
            .waiters
            .iter()
            .map(|w| w.name.as_str())
            .collect::<Vec<_>>(),
        [
            "ContributorInsightsEnabled",
            "ExportCompleted",
            "ImportCompleted",
            "KinesisStreamingDestinationActive",
            "TableExists",
            "TableNotExists"
        ]
    );
}
