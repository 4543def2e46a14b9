//! Mutates the ds model at random (seeded, so failures replay) and checks that the generator
//! answers every mutant with a crate or diagnostics, never a panic.

use crate::support::ds_model;
use codegen::{ModelFiles, SourceFile};
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

const MUTANTS: u64 = 160;

/// A small xorshift generator: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const GARBAGE_HTML: &[&str] = &[
    "<p>unclosed <b>bold",
    "<a href=\"relative/link\">[text]</a> and [brackets] and <code>`tick</code>",
    "&lt;Name&gt; &amp; <<<>>> \u{0} ```",
    "<pre><code>    indented\n    code</code></pre>",
    "http://example.com/a?b=c_d. <ul><li><p>x</li></ul>",
    "<note><important>nested</note></important>",
    "",
];

fn random_value(rng: &mut Rng, names: &[String]) -> Value {
    match rng.below(7) {
        0 => Value::Null,
        1 => json!(rng.below(1000)),
        2 => json!("bogus"),
        3 => json!([]),
        4 => json!({}),
        5 => json!(rng.pick(names).to_lowercase()),
        _ => json!(rng.pick(names)),
    }
}

/// Applies one mutation to the model, paginators or waiters; returns what it did.
fn mutate(
    rng: &mut Rng,
    service: &mut Value,
    paginators: &mut Value,
    waiters: &mut Value,
) -> String {
    let names: Vec<String> = service["shapes"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let shape_name = rng.pick(&names).clone();
    let shape = &mut service["shapes"][&shape_name];
    match rng.below(10) {
        0 => {
            let keys: Vec<String> = shape
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let key = rng.pick(&keys).clone();
            shape.as_object_mut().map(|m| m.remove(&key));
            format!("removed `{key}` from shape `{shape_name}`")
        }
        1 => {
            let value = random_value(rng, &names);
            let members: Vec<String> = shape["members"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            if members.is_empty() {
                shape["member"] = json!({"shape": value});
                return format!("set list member of `{shape_name}` to {value}");
            }
            let member = rng.pick(&members).clone();
            shape["members"][&member]["shape"] = value.clone();
            format!("pointed `{shape_name}.{member}` at {value}")
        }
        2 => {
            let t = rng
                .pick(&[
                    "structure",
                    "list",
                    "map",
                    "string",
                    "blob",
                    "document",
                    "integr",
                    "timestamp",
                ])
                .to_string();
            shape["type"] = json!(t);
            format!("changed the type of `{shape_name}` to `{t}`")
        }
        3 => {
            shape["enum"] = json!(["Same", "SAME", "same-value", "Same_Value"]);
            format!("gave `{shape_name}` colliding enum values")
        }
        4 => {
            let value = random_value(rng, &names);
            *shape = value.clone();
            format!("replaced shape `{shape_name}` with {value}")
        }
        5 => {
            let html = rng.pick(GARBAGE_HTML).to_string();
            shape["documentation"] = json!(html);
            format!("gave `{shape_name}` documentation {html:?}")
        }
        6 => {
            let ops: Vec<String> = paginators["pagination"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let op = rng.pick(&ops).clone();
            let key = rng
                .pick(&[
                    "input_token",
                    "output_token",
                    "result_key",
                    "limit_key",
                    "more_results",
                ])
                .to_string();
            let value = random_value(rng, &names);
            paginators["pagination"][&op][&key] = value.clone();
            format!("set paginator `{op}`.{key} to {value}")
        }
        7 => {
            let argument = rng
                .pick(&[
                    "UpdateActivities.Nope[].Status",
                    "length(UpdateActivities) > `0`",
                    "[?",
                    "",
                    "a.b.c.d",
                ])
                .to_string();
            waiters["waiters"]["HybridADUpdated"]["acceptors"][0]["argument"] = json!(argument);
            format!("set the waiter argument to {argument:?}")
        }
        8 => {
            shape["required"] = json!(["NotAMember", shape_name]);
            format!("required members that do not exist in `{shape_name}`")
        }
        _ => {
            let value = shape.clone();
            service["shapes"][shape_name.to_uppercase()] = value;
            format!("copied `{shape_name}` to an upper-case twin")
        }
    }
}

/// The ds model's files, parsed once for mutation.
struct Base {
    service: Value,
    paginators: Value,
    waiters: Value,
}

impl Base {
    fn ds() -> Base {
        let base = ds_model();
        let parse = |file: Option<&SourceFile>| serde_json::from_str(&file.unwrap().text).unwrap();
        Base {
            service: serde_json::from_str(&base.service.text).unwrap(),
            paginators: parse(base.paginators.as_ref()),
            waiters: parse(base.waiters.as_ref()),
        }
    }

    /// Mutant number `case`: what was changed, and the files; every 16th is cut short, to
    /// exercise syntax errors.
    fn mutant(&self, rng: &mut Rng, case: u64) -> (String, ModelFiles) {
        let (mut s, mut p, mut w) = (
            self.service.clone(),
            self.paginators.clone(),
            self.waiters.clone(),
        );
        let what = mutate(rng, &mut s, &mut p, &mut w);
        let mut text = serde_json::to_string(&s).unwrap();
        if case % 16 == 15 {
            let cut = rng.below(text.len());
            text.truncate(
                text.char_indices()
                    .map(|(i, _)| i)
                    .take_while(|&i| i <= cut)
                    .last()
                    .unwrap_or(0),
            );
        }
        let file = |path: &str, text: String| SourceFile {
            path: format!("mutant/{path}"),
            text,
        };
        let files = ModelFiles {
            service: file("service-2.json", text),
            paginators: Some(file("paginators-1.json", p.to_string())),
            waiters: Some(file("waiters-2.json", w.to_string())),
            endpoint_rules: None,
            partitions: None,
            service_shape: None,
        };
        (what, files)
    }
}

#[test]
fn mutated_models_never_panic_the_generator() {
    let base = Base::ds();
    let options = crate::support::options("fuzz");
    let (mut generated, mut rejected) = (0, 0);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..MUTANTS {
        let (what, files) = base.mutant(&mut rng, case);
        let outcome = catch_unwind(AssertUnwindSafe(|| codegen::generate(&files, &options)));
        match outcome {
            Ok(Ok(_)) => generated += 1,
            Ok(Err(problems)) => {
                assert!(
                    problems.has_errors(),
                    "case {case} ({what}): rejected without an error"
                );
                let text = problems.to_string();
                assert!(
                    text.contains("  --> mutant/"),
                    "case {case} ({what}): diagnostic without a location: {text}"
                );
                rejected += 1;
            }
            Err(_) => panic!("case {case} ({what}) panicked the generator"),
        }
    }
    println!("{MUTANTS} mutants: {generated} generated, {rejected} rejected with diagnostics");
    assert!(
        generated > 0 && rejected > 0,
        "mutations should both pass and fail: {generated} generated, {rejected} rejected"
    );
}

/// How many mutants that generate are compiled: each is a whole ds crate.
const COMPILED_MUTANTS: usize = 4;

#[test]
fn mutants_that_generate_compile_without_warnings() {
    // A generator that accepts a model must emit code that compiles: a sample of the mutants
    // it accepts, spread over the run, bundled into one crate and linted with -D warnings.
    let base = Base::ds();
    let mut rng = Rng(0x005E_ED0F_C0DE);
    let mut chosen = Vec::new();
    let mut accepted = 0;
    for case in 0..MUTANTS {
        let (what, files) = base.mutant(&mut rng, case);
        if let Ok((service, _)) = codegen::lower(&files) {
            accepted += 1;
            if accepted % 5 == 1 && chosen.len() < COMPILED_MUTANTS {
                chosen.push((what, service));
            }
        }
    }
    assert_eq!(chosen.len(), COMPILED_MUTANTS, "too few mutants generate");
    let whats: Vec<&str> = chosen.iter().map(|(what, _)| what.as_str()).collect();
    let members: Vec<(String, codegen::ir::Service)> = chosen
        .iter()
        .enumerate()
        .map(|(i, (_, service))| (format!("mutant_{i}"), service.clone()))
        .collect();
    xtask::bundle::bundle(
        &members,
        &crate::support::root().join("target/test-scratch/mutants"),
        "ds-mutants",
        "cargo test (tests/tests/fuzz.rs)",
        "ds model mutants that the generator accepts, a module each",
    )
    .unwrap_or_else(|e| panic!("mutants {whats:?} do not compile cleanly: {e}"));
    println!(
        "{COMPILED_MUTANTS} of {accepted} accepted mutants compile with -D warnings: {whats:?}"
    );
}
