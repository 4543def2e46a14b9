//! The pattern oracle's positives: for each of the 430 patterns beyond linear regexes, values built from the pattern's own structure that java.util.regex confirms match, and near misses of them, on which the generated check must agree with java.util.regex; and the planner's split checked against a classification of the patterns' syntax.

use crate::patterns::{java_find, runtime_pattern};
use codegen::lang::pattern::{plan, translate, Formula, PatternCheck};
use rand::{RngExt, SeedableRng};
use regex_syntax::hir::{Hir, HirKind};
use std::collections::BTreeMap;

/// Samples drawn per pattern; an unbounded repeat (`*`, `+`) repeats at most this often.
const SAMPLES: usize = 24;
const MAX_REPEAT: u32 = 12;

/// The patterns of botocore 1.44.5 that linear regexes alone do not express.
fn patterns() -> Vec<String> {
    let list = std::fs::read_to_string(
        crate::support::root().join("tests/fixtures/patterns/beyond-linear.txt"),
    )
    .unwrap();
    list.lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// The Java pattern with its lookarounds removed (balanced groups, outside classes), so
/// what remains can be sampled; java.util.regex then judges the samples against the whole.
fn without_lookarounds(java: &str) -> String {
    let chars: Vec<char> = java.chars().collect();
    let mut out = String::new();
    let (mut i, mut in_class) = (0, false);
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            out.extend(&chars[i..(i + 2).min(chars.len())]);
            i += 2;
            continue;
        }
        if in_class {
            in_class = c != ']';
        } else if c == '[' {
            in_class = true;
        } else if c == '(' {
            let rest: String = chars[i..(i + 4).min(chars.len())].iter().collect();
            if ["(?=", "(?!", "(?<=", "(?<!"]
                .iter()
                .any(|p| rest.starts_with(p))
            {
                i = group_end(&chars, i);
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The Java pattern without backreferences (`\\3`): each then matches nothing extra, which
/// a group that matched the empty text agrees with.
fn without_backreferences(java: &str) -> String {
    let mut out = String::new();
    let mut chars = java.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some(d) if d.is_ascii_digit() && *d != '0' => {
                    while chars.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                    }
                }
                Some(_) => {
                    out.push(c);
                    out.extend(chars.next());
                }
                None => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The bodies of the pattern's positive lookaheads (`(?=.*\d)` gives `.*\d`), which a
/// matching value must also hold somewhere.
fn lookahead_bodies(java: &str) -> Vec<String> {
    let chars: Vec<char> = java.chars().collect();
    let mut bodies = Vec::new();
    let mut i = 0;
    while i + 3 <= chars.len() {
        if chars[i] == '\\' {
            i += 2;
            continue;
        }
        if chars[i..i + 3] == ['(', '?', '='] {
            let end = group_end(&chars, i);
            bodies.push(chars[i + 3..end.saturating_sub(1)].iter().collect());
        }
        i += 1;
    }
    bodies
}

/// The index after the group that opens at `open`.
fn group_end(chars: &[char], open: usize) -> usize {
    let (mut depth, mut i, mut in_class) = (0, open, false);
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            ']' if in_class => in_class = false,
            '[' if !in_class => in_class = true,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// The regexes a matching value must match one of: the formula's, outside a `Not`.
fn positive_regexes(formula: &Formula, out: &mut Vec<String>) {
    match formula {
        Formula::Match(re) => out.push(re.clone()),
        Formula::Not(_) => {}
        Formula::All(items) | Formula::Any(items) => {
            for item in items {
                positive_regexes(item, out);
            }
        }
    }
}

/// Values sampled from the pattern's structure (its linear translation; failing that,
/// with lookarounds and backreferences dropped), `count` per regex, or why none can be.
fn samples(
    java: &str,
    count: usize,
    rng: &mut rand::rngs::SmallRng,
) -> Result<Vec<String>, String> {
    let bare = without_backreferences(&without_lookarounds(java));
    let mut regexes = Vec::new();
    match translate(java).or_else(|_| translate(&bare)) {
        Ok(formula) => positive_regexes(&formula, &mut regexes),
        // Java syntax that the translation refuses (`${1,4096}`) may still parse as is.
        Err(why) if regex_syntax::parse(&bare).is_err() => return Err(why),
        Err(_) => regexes.push(bare),
    }
    let mut values = Vec::new();
    let mut why = Vec::new();
    for regex in &regexes {
        let generator = regex_syntax::parse(regex)
            .map_err(|e| e.to_string())
            .and_then(|hir| {
                rand_regex::Regex::with_hir(without_assertions(hir), MAX_REPEAT)
                    .map_err(|e| e.to_string())
            });
        match generator {
            Ok(generator) => {
                values.extend((0..count).map(|_| rng.sample::<String, _>(&generator)));
            }
            Err(e) => why.push(format!("`{regex}`: {e}")),
        }
    }
    if values.is_empty() {
        return Err(format!("nothing to sample: {}", why.join("; ")));
    }
    Ok(values)
}

/// The regex without its assertions (anchors, word boundaries), which the sampler does not
/// take: a value sampled without them may fail one, and java.util.regex says so.
fn without_assertions(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Concat(items) => Hir::concat(items.into_iter().map(without_assertions).collect()),
        HirKind::Alternation(items) => {
            Hir::alternation(items.into_iter().map(without_assertions).collect())
        }
        HirKind::Repetition(mut repetition) => {
            repetition.sub = Box::new(without_assertions(*repetition.sub));
            Hir::repetition(repetition)
        }
        HirKind::Capture(mut capture) => {
            capture.sub = Box::new(without_assertions(*capture.sub));
            Hir::capture(capture)
        }
        kind @ (HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_)) => match kind {
            HirKind::Empty => Hir::empty(),
            HirKind::Literal(literal) => Hir::literal(literal.0),
            HirKind::Class(class) => Hir::class(class),
            _ => unreachable!(),
        },
    }
}

/// Values one edit away from `value`: a character dropped, changed or added.
fn near_misses(value: &str, rng: &mut rand::rngs::SmallRng) -> Vec<String> {
    let chars: Vec<char> = value.chars().collect();
    let at = |rng: &mut rand::rngs::SmallRng| rng.random_range(0..=chars.len());
    let mut misses = Vec::new();
    if !chars.is_empty() {
        let i = rng.random_range(0..chars.len());
        let mut dropped = chars.clone();
        dropped.remove(i);
        misses.push(dropped.iter().collect());
        let mut changed = chars.clone();
        changed[i] = ['x', '-', ' ', '9', '\u{e9}'][rng.random_range(0..5)];
        misses.push(changed.iter().collect());
    }
    let mut added = chars.clone();
    added.insert(at(rng), ['.', 'Z', '_', '/', '0'][rng.random_range(0..5)]);
    misses.push(added.iter().collect());
    misses
}

#[test]
fn every_pattern_gets_a_java_confirmed_match_and_agrees_on_near_misses() {
    let started = std::time::Instant::now();
    let javas = patterns();
    let mut rng = rand::rngs::SmallRng::seed_from_u64(0x5eed_0a11);
    let mut positives: Vec<Vec<String>> = vec![Vec::new(); javas.len()];
    let mut unsampled = BTreeMap::new();
    // A few samples each; then many more, with what the lookaheads ask for put in front,
    // for the patterns still without a match.
    for round in 0..2 {
        let mut candidates: Vec<(usize, String)> = Vec::new();
        for (i, java) in javas.iter().enumerate() {
            if !positives[i].is_empty() {
                continue;
            }
            let count = if round == 0 { SAMPLES } else { 16 * SAMPLES };
            match samples(java, count, &mut rng) {
                Ok(values) => {
                    let prefixes: Vec<Vec<String>> = lookahead_bodies(java)
                        .iter()
                        .filter_map(|body| samples(body, count, &mut rng).ok())
                        .collect();
                    for (n, value) in values.into_iter().enumerate() {
                        let prefix: String = prefixes
                            .iter()
                            .filter_map(|p| p.get(n))
                            .map(String::as_str)
                            .collect();
                        if round == 1 && !prefix.is_empty() {
                            candidates.push((i, format!("{prefix}{value}")));
                        }
                        candidates.push((i, value));
                    }
                }
                Err(why) => {
                    unsampled.insert(i, why);
                }
            }
        }
        let verdicts = java_find(
            &candidates
                .iter()
                .map(|(i, v)| (javas[*i].as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        );
        for ((i, value), matches) in candidates.into_iter().zip(verdicts) {
            if matches {
                positives[i].push(value);
            }
        }
    }
    // Each confirmed value and its near misses, through the generated check and java.
    let mut cases: Vec<(usize, String)> = Vec::new();
    for (i, values) in positives.iter().enumerate() {
        for value in values.iter().take(4) {
            cases.push((i, value.clone()));
            cases.extend(near_misses(value, &mut rng).into_iter().map(|v| (i, v)));
        }
    }
    let verdicts = java_find(
        &cases
            .iter()
            .map(|(i, v)| (javas[*i].as_str(), v.as_str()))
            .collect::<Vec<_>>(),
    );
    let checks: Vec<Option<aws_codegen_runtime::validate::Pattern>> =
        javas.iter().map(|j| runtime_pattern(j)).collect();
    let (mut misses_rejected, mut out_of_steps) = (0, 0);
    let mut disagreements = Vec::new();
    for ((i, value), java_says) in cases.iter().zip(&verdicts) {
        misses_rejected += usize::from(!java_says);
        let Some(check) = &checks[*i] else { continue };
        match check.verdict(value) {
            aws_codegen_runtime::validate::Verdict::Unchecked(_) => out_of_steps += 1,
            verdict => {
                if (verdict == aws_codegen_runtime::validate::Verdict::Matches) != *java_says {
                    disagreements.push(format!(
                        "`{}` on {value:?}: java says {java_says}",
                        javas[*i]
                    ));
                }
            }
        }
    }
    let with_positive = positives.iter().filter(|p| !p.is_empty()).count();
    let without: Vec<String> = javas
        .iter()
        .zip(&positives)
        .filter(|(_, p)| p.is_empty())
        .map(|(java, _)| java.clone())
        .collect();
    println!(
        "{} patterns, {with_positive} with a java-confirmed match; {} values and near misses checked ({misses_rejected} rejected by java), {out_of_steps} out of steps, {} disagreements, in {:?}",
        javas.len(),
        cases.len(),
        disagreements.len(),
        started.elapsed()
    );
    for java in &without {
        println!("  no match built: {java}");
    }
    for (i, why) in &unsampled {
        println!("  not sampled: {}: {why}", javas[*i]);
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(misses_rejected > 0, "near misses that java rejects");
    let listed: Vec<&str> = NO_MATCH_BUILT.iter().map(|(java, _, _)| *java).collect();
    // Where a reason says a matching value exists, java.util.regex confirms it.
    let examples: Vec<(&str, &str)> = NO_MATCH_BUILT
        .iter()
        .filter_map(|(java, _, example)| example.map(|e| (*java, e)))
        .collect();
    assert!(java_find(&examples).iter().all(|m| *m), "{examples:?}");
    assert_eq!(
        without, listed,
        "the patterns without a built match are exactly those listed with a reason"
    );
    assert_eq!(with_positive, 428);
}

/// The patterns for which no matching value is built, why, and a matching value written
/// by hand where one exists.
const NO_MATCH_BUILT: &[(&str, &str, Option<&str>)] = &[
    (
        r"/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$/",
        "none exists: `^` after a literal `/` needs the input to start twice (the model's pattern keeps the slashes of a JavaScript literal)",
        None,
    ),
    (
        r"^arn:(?=[^:]+:fsx:[^:]+:\d{12}:)((|(?=[a-z0-9-.]{1,63})(?!\d{1,3}(\.\d{1,3}){3})(?![^:]*-{2})(?![^:]*-\.)(?![^:]*\.-)[a-z0-9].*(?<!-)):){4}(?!/).{0,1024}$",
        "the sampler, which drops lookarounds, does not put the lookahead's `fsx` and account id where the repeated group needs them",
        Some("arn:aws:fsx:us-east-1:123456789012:file-system/fs-1"),
    ),
];

/// How a pattern is checked, from its syntax alone (not from the planner): by linear
/// regexes unless it has a backreference, a lookbehind, a quantified anchor or lookaround,
/// or an alternative with a lookahead outside its zero-width prefix or not anchored at its
/// start; `SIZE_LIMITED` lists where the compiled size decides instead.
fn class_from_syntax(java: &str) -> &'static str {
    let items = top_level_items(java);
    let backtracking = java.contains("(?<=")
        || java.contains("(?<!")
        || without_backreferences(java) != java
        || items
            .windows(2)
            .any(|w| is_assertion(&w[0]) && is_quantifier(&w[1]))
        || split_alternatives(&items)
            .iter()
            .any(|alternative| !linear_alternative(alternative));
    if backtracking {
        "backtracking"
    } else {
        "linear"
    }
}

/// Whether an alternative's lookaheads can be checked as separate linear regexes: all of
/// them in its zero-width prefix, and that prefix (or what follows it) anchored with `^`.
/// A leading `.*` is dropped first: a searched pattern may start its match anywhere.
fn linear_alternative(items: &[String]) -> bool {
    let mut items = items;
    if items.len() >= 2 && items[0] == "." && items[1] == "*" {
        items = &items[2..];
    }
    if !items.iter().any(|item| has_lookahead(item)) {
        return true;
    }
    let prefix = items.iter().take_while(|item| is_zero_width(item)).count();
    let (prefix, rest) = items.split_at(prefix);
    // A `^` pins the match where it stands bare, in a group, or in a positive lookahead;
    // in a negative one it only says what may not follow the start.
    let pins = |item: &String| {
        let item = item.strip_prefix("(?=").unwrap_or(item);
        item.trim_start_matches('(').starts_with('^')
    };
    let anchored = prefix.iter().any(pins) || rest.first().is_some_and(pins);
    anchored && !rest.iter().any(|item| has_lookahead(item))
}

fn has_lookahead(item: &str) -> bool {
    item.contains("(?=") || item.contains("(?!")
}

/// An anchor, or a group of nothing but anchors, lookarounds and alternatives.
fn is_zero_width(item: &str) -> bool {
    without_lookarounds(item)
        .chars()
        .all(|c| "^()|".contains(c))
}

fn is_assertion(item: &str) -> bool {
    item == "^" || item == "$" || (item.starts_with("(?") && is_zero_width(item))
}

fn is_quantifier(item: &str) -> bool {
    item.starts_with(['*', '+', '?', '{'])
}

/// The pattern's top-level items: groups, classes, escapes, quantifiers and characters.
fn top_level_items(java: &str) -> Vec<String> {
    let chars: Vec<char> = java.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let end = match chars[i] {
            '\\' => (i + 2).min(chars.len()),
            '(' => group_end(&chars, i),
            '[' => class_end(&chars, i),
            '{' => chars[i..]
                .iter()
                .position(|c| *c == '}')
                .map_or(chars.len(), |p| i + p + 1),
            _ => i + 1,
        };
        items.push(chars[i..end].iter().collect());
        i = end;
    }
    items
}

/// The index after the class that opens at `open`.
fn class_end(chars: &[char], open: usize) -> usize {
    let mut i = open + 1;
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => i = class_end(chars, i) - 1,
            ']' => return i + 1,
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// The top-level alternatives.
fn split_alternatives(items: &[String]) -> Vec<&[String]> {
    items.split(|item| item == "|").collect()
}

/// Patterns whose class their compiled size decides, not their syntax: the linear
/// translation exceeds the regex crate's size limit, or fancy-regex's too.
const SIZE_LIMITED: &[(&str, &str)] = &[(r"^.{1,100000}$", "unchecked")];

#[test]
fn the_planners_split_matches_a_classification_of_the_syntax() {
    let javas = patterns();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut differ = Vec::new();
    for java in &javas {
        let expected = SIZE_LIMITED
            .iter()
            .find(|(p, _)| p == java)
            .map_or_else(|| class_from_syntax(java), |(_, class)| *class);
        let planned = match plan(java) {
            PatternCheck::Linear(_) => "linear",
            PatternCheck::Backtracking { .. } => "backtracking",
            PatternCheck::Unchecked { .. } => "unchecked",
        };
        *counts.entry(expected).or_default() += 1;
        if planned != expected {
            differ.push(format!("{java}: planned {planned}, syntax says {expected}"));
        }
    }
    println!("{} differ", differ.len());
    for d in &differ {
        println!("  {d}");
    }
    assert!(differ.is_empty(), "{} patterns differ", differ.len());
    assert_eq!(
        (
            counts["linear"],
            counts["backtracking"],
            counts["unchecked"]
        ),
        (302, 127, 1)
    );
}
