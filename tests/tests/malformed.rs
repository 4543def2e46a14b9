//! Malformed models give the expected diagnostics, never a panic or a crate.

use crate::support::{expect_file, model, options, root};

#[test]
fn every_malformed_fixture_gives_its_expected_diagnostics() {
    let dir = root().join("tests/fixtures/malformed");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 8,
        "expected at least 8 malformed fixtures, found {}",
        cases.len()
    );
    for case in &cases {
        let files = model(case);
        let problems = match codegen::generate(&files, &options("malformed")) {
            Ok(_) => panic!("{}: a malformed model generated a crate", case.display()),
            Err(problems) => problems,
        };
        assert!(
            problems.has_errors(),
            "{}: no error reported",
            case.display()
        );
        expect_file(&case.join("expected.txt"), &format!("{problems}\n"));
    }
}

#[test]
fn diagnostics_name_file_location_and_hint() {
    let files = model(&root().join("tests/fixtures/malformed/dangling-reference"));
    let text = codegen::generate(&files, &options("x"))
        .unwrap_err()
        .to_string();
    assert!(
        text.starts_with("error: shape `ThingIdd` is not defined\n  --> tests/fixtures/malformed/dangling-reference/service-2.json: /shapes/Thing/members/ThingId/shape\n  = note: did you mean `ThingId`?"),
        "{text}"
    );
}
