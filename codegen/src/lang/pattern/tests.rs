//! Unit tests of the translation: Java semantics, formulas, and the backtracking form.

use super::*;

fn regex(java: &str) -> String {
    match translate(java).unwrap() {
        Formula::Match(r) => r,
        other => panic!("expected a plain regex for {java}, got {other:?}"),
    }
}

#[test]
fn translates_java_classes_to_their_ascii_meaning() {
    assert_eq!(
        regex(r"^\d{12}$"),
        r"^[0-9]{12}(?:\r\n|[\n\r\x{85}\x{2028}\x{2029}])?\z"
    );
    assert_eq!(regex(r"[\da-zA-Z]+"), "[0-9a-zA-Z]+");
    assert_eq!(regex(r"[\w+-.@]+"), r"[a-zA-Z0-9_+-.@]+");
    assert_eq!(
        regex(r"(\p{LD}|\p{Punct}| )+"),
        r"([\p{L}\p{Nd}]|[[:punct:]]|\x{20})+"
    );
    assert_eq!(
        regex(r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*"),
        r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*"
    );
    assert_eq!(regex(r"[\u0020-\u00FF]+"), r"[\x{20}-\x{ff}]+");
    assert_eq!(regex(r"[a-zA-Z0-9_-]+"), r"[a-zA-Z0-9_\-]+");
    assert_eq!(regex(r"\Qa.b\E"), r"a\.b");
    assert_eq!(
        regex(r"[\u0020-\uD7FF\uD800\uDC00-\uDBFF\uDFFF]"),
        r"[\x{20}-\x{d7ff}\x{10000}-\x{10ffff}]"
    );
}

#[test]
fn lookaheads_at_the_start_become_formulas() {
    let f = translate(r"^(?!D-|d-)([\da-zA-Z]+)").unwrap();
    assert_eq!(
        f,
        Formula::All(vec![
            Formula::Not(Box::new(Formula::Match("^(?:D\\-|d\\-)".into()))),
            Formula::Match("^(?:([0-9a-zA-Z]+))".into()),
        ])
    );
    let password = translate(r"(?=^.{8,64}$)((?=.*\d)(?=.*[A-Z])|(?=.*[a-z]))^.*").unwrap();
    let Formula::All(parts) = password else {
        panic!("{password:?}")
    };
    assert_eq!(parts.len(), 3);
    assert!(matches!(&parts[1], Formula::Any(alternatives) if alternatives.len() == 2));
}

#[test]
fn refuses_what_it_cannot_translate() {
    for (java, why) in [
        (r"a(?=b)", "anchored"),
        (r"^(?<=a)b", "lookbehind"),
        (r"(a)\1", "backreference"),
        (r"(?>a)", "atomic"),
        (r"\p{InGreek}", "property"),
        (r"[a", "unclosed"),
        (r"(a", "unclosed"),
        (r"a)", "unbalanced"),
        (r"^a(?=b)", "after the first"),
    ] {
        let err = translate(java).unwrap_err();
        assert!(err.contains(why), "{java}: {err}");
    }
}

#[test]
fn follows_java_where_rust_syntax_differs() {
    // A `-` after a set is literal; a counted quantifier after a quantifier is ignored.
    assert_eq!(regex(r"[\w-.~]+"), r"[a-zA-Z0-9_\-.\~]+");
    assert_eq!(regex(r"[\w- ]*"), r"[a-zA-Z0-9_\-\x{20}]*");
    assert_eq!(regex(r"[0-9]{11}{0,1011}"), r"[0-9]{11}");
    // Lone surrogates match nothing in a Rust string: dropped from classes, ranges
    // clipped at them.
    assert_eq!(
        regex(r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF\t]*"),
        r"[\x{20}-\x{d7ff}\x{e000}-\x{fffd}\t]*"
    );
    assert_eq!(regex(r"[\u0020-\uD800]"), r"[\x{20}-\x{d7ff}]");
    assert_eq!(regex(r"[\uD800-\uFFFF]"), r"[\x{e000}-\x{ffff}]");
    assert_eq!(regex(r"[\uD800]"), r"[^\x{0}-\x{10ffff}]");
    assert_eq!(regex(r"a\uDC00"), r"a[^\x{0}-\x{10ffff}]");
    assert_eq!(regex(r"[\v]"), r"[\n\x0B\f\r\x{85}\x{2028}\x{2029}]");
    for java in [r"[\w-.~]+", r"[\uD800]", r"a\uDC00", r"[^\uD800]"] {
        for re in translate(java).unwrap().regexes() {
            regex::Regex::new(re).unwrap_or_else(|e| panic!("{java}: {e}"));
        }
    }
}

#[test]
fn what_linear_regexes_cannot_express_is_translated_for_backtracking() {
    for (java, expected) in [
        (
            r"(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+",
            r"(\*\.)?(((?!\-)[A-Za-z0-9\-]{0,62}[A-Za-z0-9])\.)+",
        ),
        (
            r"^(?!.*?(.)\1{3})[a-z]*$",
            r"^(?![^\n\r\x{85}\x{2028}\x{2029}]*?([^\n\r\x{85}\x{2028}\x{2029}])\1{3})[a-z]*(?:\r\n|[\n\r\x{85}\x{2028}\x{2029}])?\z",
        ),
        (r"[a-z]+(?<!-s3alias)", r"[a-z]+(?<!\-s3alias)"),
        (r"(?<name>a)\k<name>", r"(?<name>a)\k<name>"),
        // A quantified lookaround holds once, or need not hold when it may repeat 0 times.
        (r"/(?!\.)+a(?=b)*", r"/(?!\.)a"),
    ] {
        assert!(translate(java).is_err(), "{java} is beyond linear regexes");
        let regex = translate_backtracking(java).unwrap();
        assert_eq!(regex, expected, "{java}");
        fancy_regex::Regex::new(&regex).unwrap_or_else(|e| panic!("{java}: {e}"));
    }
    assert!(translate_backtracking(r"(?>a)").is_err());
}

#[test]
fn a_searched_pattern_too_big_to_unroll_is_trimmed_to_its_minimum_count() {
    for (java, expected) in [
        (r".{1,65535}", r"[^\n\r\x{85}\x{2028}\x{2029}]"),
        (r"[^\p{C}]{1,2048}", r"[^\p{C}]"),
        (r"[\P{M}\p{M}]{0,20000}", ""),
        (r"[\p{L}]{3,9000}x", r"[\p{L}]{3}x"),
    ] {
        match plan(java) {
            PatternCheck::Linear(Formula::Match(regex)) => assert_eq!(regex, expected, "{java}"),
            other => panic!("{java}: {other:?}"),
        }
    }
    // Anchored at both ends, nothing can be trimmed: left unchecked, and says why.
    match plan(r"^.{1,100000}$") {
        PatternCheck::Unchecked { why } => assert!(why.contains("size limit"), "{why}"),
        other => panic!("{other:?}"),
    }
    // A pattern that compiles as written is not trimmed.
    assert_eq!(
        plan(r"[a-z]{1,64}"),
        PatternCheck::Linear(Formula::Match("[a-z]{1,64}".into()))
    );
}
