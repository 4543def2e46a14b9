//! Times every pattern of the ds model, and the patterns beyond linear regexes in
//! `tests/fixtures/patterns/beyond-linear.txt` (most run by the backtracking engine under its
//! step limit), as the generated crate runs them, on 100 kB inputs built to provoke
//! backtracking; the target is under 50 ms each.

use crate::{codegen_cmd, root};
use codegen::lang::pattern::{plan, Formula, PatternCheck};
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

fn leak_str(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

/// The runtime pattern the generator emits for `java`; `None` when it is left unchecked.
fn runtime_pattern(java: &str) -> Option<validate::Pattern> {
    Some(match plan(java) {
        PatternCheck::Linear(formula) => {
            validate::Pattern::new(leak_str(java), Box::leak(Box::new(leak(&formula))))
        }
        PatternCheck::Backtracking { regex, .. } => {
            validate::Pattern::backtracking(leak_str(java), leak_str(&regex))
        }
        PatternCheck::Unchecked { .. } => return None,
    })
}

pub fn run() -> Result<(), String> {
    let files = codegen_cmd::read_model(&root().join("model/ds"))?;
    let model: serde_json::Value =
        serde_json::from_str(&files.service.text).map_err(|e| e.to_string())?;
    let shapes = model["shapes"].as_object().ok_or("no shapes")?;
    let mut patterns: Vec<(String, String)> = shapes
        .iter()
        .filter_map(|(name, shape)| {
            Some((format!("ds {name}"), shape["pattern"].as_str()?.to_owned()))
        })
        .collect();
    let list = std::fs::read_to_string(root().join("tests/fixtures/patterns/beyond-linear.txt"))
        .map_err(|e| e.to_string())?;
    patterns.extend(
        list.lines()
            .filter(|l| !l.starts_with('#'))
            .enumerate()
            .map(|(i, java)| (format!("beyond-linear #{}", i + 1), java.to_owned())),
    );
    let inputs = adversarial();
    println!(
        "{} patterns (ds, then beyond-linear.txt) x {} inputs of {} kB, best of {RUNS} runs each:",
        patterns.len(),
        inputs.len(),
        SIZE / 1000
    );
    let mut worst: (Duration, String, &str) = (Duration::ZERO, String::new(), "");
    let (mut backtracking, mut unchecked, mut out_of_steps) = (0, 0, 0);
    for (name, java) in &patterns {
        let is_backtracking = matches!(plan(java), PatternCheck::Backtracking { .. });
        backtracking += usize::from(is_backtracking);
        let Some(pattern) = runtime_pattern(java) else {
            unchecked += 1;
            continue;
        };
        pattern.is_match("warm up: compile once");
        let mut slowest = (Duration::ZERO, "");
        // The backtracking engine accepts longer values unchecked, so it is also timed on
        // values cut to the longest it checks.
        let at_cap: Vec<(&str, String)> = if is_backtracking {
            inputs
                .iter()
                .map(|(label, input)| {
                    // The tail, which holds the spoiling character.
                    let mut start = input.len().saturating_sub(validate::BACKTRACKING_MAX_LEN);
                    while !input.is_char_boundary(start) {
                        start += 1;
                    }
                    (*label, input[start..].to_owned())
                })
                .collect()
        } else {
            Vec::new()
        };
        for (label, input) in inputs.iter().chain(&at_cap) {
            let best = (0..RUNS)
                .map(|_| {
                    let started = Instant::now();
                    std::hint::black_box(pattern.verdict(std::hint::black_box(input)));
                    started.elapsed()
                })
                .min()
                .unwrap_or_default();
            if matches!(pattern.verdict(input), validate::Verdict::Unchecked(_)) {
                out_of_steps += 1;
            }
            if best > slowest.0 {
                slowest = (best, label);
            }
        }
        {
            println!(
                "  {name:<36} {:>8.2} ms  (on {}){}",
                slowest.0.as_secs_f64() * 1e3,
                slowest.1,
                if is_backtracking {
                    "  [backtracking]"
                } else {
                    ""
                }
            );
        }
        if slowest.0 > worst.0 {
            worst = (slowest.0, format!("{name} `{java}`"), slowest.1);
        }
    }
    println!(
        "{backtracking} run by the backtracking engine, {unchecked} unchecked; {out_of_steps} (pattern, input) pairs were accepted unchecked with a warning (longer than the backtracking engine checks, or out of steps)"
    );
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
