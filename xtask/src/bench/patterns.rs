//! Times every pattern of the ds model, as the generated crate runs it, on 100 kB inputs
//! built to provoke backtracking; the target is under 50 ms each.

use crate::{codegen_cmd, root};
use codegen::ir::pattern::{translate, Formula};
use std::time::{Duration, Instant};

use aws_codegen_runtime::validate;

const SIZE: usize = 100_000;
const RUNS: usize = 5;

fn leak(f: &Formula) -> validate::Formula {
    match f {
        Formula::Match(re) => validate::Formula::Match(Box::leak(re.clone().into_boxed_str())),
        Formula::Not(inner) => validate::Formula::Not(Box::leak(Box::new(leak(inner)))),
        Formula::All(items) => validate::Formula::All(Box::leak(
            items
                .iter()
                .map(leak)
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        )),
        Formula::Any(items) => validate::Formula::Any(Box::leak(
            items
                .iter()
                .map(leak)
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        )),
    }
}

/// Inputs that make backtracking engines explode: long runs of what a pattern accepts,
/// spoilt at the end.
fn adversarial() -> Vec<(&'static str, String)> {
    let repeat = |unit: &str, tail: &str| {
        let mut s = unit.repeat(SIZE / unit.len());
        s.push_str(tail);
        s
    };
    vec![
        ("a*", repeat("a", "")),
        ("a*!", repeat("a", "!")),
        ("0*", repeat("0", "")),
        ("a-*_", repeat("a-", "_")),
        ("a.*_", repeat("a.", "_")),
        ("1:*g", repeat("1:", "g")),
        ("1.*x", repeat("1.", "x")),
        ("aA1!*\\n", repeat("aA1!", "\n")),
        ("' '*", repeat(" ", "")),
        ("d-0*", format!("d-{}", "0".repeat(SIZE))),
        ("\\\\*", repeat("\\", ":")),
    ]
}

pub fn run() -> Result<(), String> {
    let files = codegen_cmd::read_model(&root().join("model/ds"))?;
    let model: serde_json::Value =
        serde_json::from_str(&files.service.text).map_err(|e| e.to_string())?;
    let shapes = model["shapes"].as_object().ok_or("no shapes")?;
    let inputs = adversarial();
    let mut worst: (Duration, String, &str) = (Duration::ZERO, String::new(), "");
    println!(
        "{} patterns x {} inputs of {} kB, best of {RUNS} runs each:",
        shapes
            .values()
            .filter(|s| s.get("pattern").is_some())
            .count(),
        inputs.len(),
        SIZE / 1000
    );
    for (name, shape) in shapes {
        let Some(java) = shape["pattern"].as_str() else {
            continue;
        };
        let formula: &'static validate::Formula = Box::leak(Box::new(leak(&translate(java)?)));
        let pattern = validate::Pattern::new(Box::leak(java.to_owned().into_boxed_str()), formula);
        pattern.is_match("warm up: compile once");
        let mut slowest = (Duration::ZERO, "");
        for (label, input) in &inputs {
            let best = (0..RUNS)
                .map(|_| {
                    let started = Instant::now();
                    std::hint::black_box(pattern.is_match(std::hint::black_box(input)));
                    started.elapsed()
                })
                .min()
                .unwrap_or_default();
            if best > slowest.0 {
                slowest = (best, label);
            }
        }
        println!(
            "  {name:<36} {:>8.2} ms  (on {})",
            slowest.0.as_secs_f64() * 1e3,
            slowest.1
        );
        if slowest.0 > worst.0 {
            worst = (slowest.0, name.clone(), slowest.1);
        }
    }
    println!(
        "worst case: {} on {}: {:.2} ms (target: under 50 ms)",
        worst.1,
        worst.2,
        worst.0.as_secs_f64() * 1e3
    );
    if worst.0 > Duration::from_millis(50) {
        return Err("a pattern took longer than 50 ms".to_owned());
    }
    Ok(())
}
