//! What the generator degrades instead of refusing a service, seen through the kitchen-sink
//! crate: patterns beyond linear regexes (a lookaround after the start, a backreference)
//! checked by the backtracking engine, and a pattern beyond both engines accepted with a
//! warning; big numbers, kept digit for digit.

use kitchen_sink_fixture::types::{PutThingRequest, ThingType};
use kitchen_sink_fixture::validation::{Policy, Rule, Validate};

fn thing() -> kitchen_sink_fixture::types::builders::PutThingRequestBuilder {
    PutThingRequest::builder()
        .name("my-thing")
        .secret("s")
        .r#type(ThingType::ClientLdap)
}

fn rules(input: &PutThingRequest) -> Vec<(String, Rule)> {
    input
        .validation_report(Policy::Strict)
        .violations()
        .iter()
        .map(|v| (v.path().to_owned(), v.rule()))
        .collect()
}

#[test]
fn a_lookaround_after_the_start_is_checked_by_the_backtracking_engine() {
    // The pattern is searched, not anchored (java.util.regex `find()`), as everywhere.
    for good in ["example.com", "*.a-b.example.com", "x.yz", "-a.example.com"] {
        let input = thing().domain(good).build().unwrap();
        assert_eq!(input.validate(), Ok(()), "{good}");
    }
    for bad in ["example", "a.b", "-.--", "a.-b"] {
        let input = thing().domain(bad).build().unwrap();
        assert_eq!(
            rules(&input),
            [("domain".to_owned(), Rule::Pattern)],
            "{bad}"
        );
    }
}

#[test]
fn a_backreference_is_checked_by_the_backtracking_engine() {
    let ok = thing().tenant("abc-aaa_b").build().unwrap();
    assert_eq!(ok.validate(), Ok(()));
    let four_in_a_row = thing().tenant("abccccd").build().unwrap();
    assert_eq!(
        rules(&four_in_a_row),
        [("tenant".to_owned(), Rule::Pattern)]
    );
}

#[test]
fn a_pattern_beyond_both_engines_accepts_with_a_warning_that_says_why() {
    let input = thing().note("").build().unwrap();
    // `^.{1,100000}$` would reject "", but it is not checked: accepted, with a warning.
    assert_eq!(input.validate(), Ok(()));
    let report = input.validation_report(Policy::Strict);
    let warnings: Vec<(&str, Rule)> = report
        .warnings()
        .iter()
        .map(|w| (w.path(), w.rule()))
        .collect();
    assert_eq!(warnings, [("note", Rule::PatternUnchecked)]);
    let message = report.warnings()[0].message();
    assert!(
        message.starts_with("note was accepted without checking the pattern `^.{1,100000}$`: "),
        "{message}"
    );
    assert!(message.contains("size limit"), "{message}");
    // Policy::Default checks no patterns, so it has nothing to warn about.
    assert!(input
        .validation_report(Policy::Default)
        .warnings()
        .is_empty());
}

#[test]
fn a_value_that_exhausts_the_step_limit_is_accepted_with_a_warning() {
    // 100 kB is past what the backtracking engine checks (its time grows with the square of
    // the length), so the value is accepted at once, with a warning.
    let long = "a".repeat(100_000);
    let input = thing().domain(long.as_str()).build().unwrap();
    let started = std::time::Instant::now();
    let report = input.validation_report(Policy::Strict);
    let elapsed = started.elapsed();
    // Never both: a value is either decided or accepted with a warning.
    let decided = report
        .violations()
        .iter()
        .any(|v| v.rule() == Rule::Pattern);
    let warned = report
        .warnings()
        .iter()
        .any(|w| w.rule() == Rule::PatternUnchecked);
    assert!(warned && !decided, "{report:?}");
    assert!(report.warnings()[0]
        .message()
        .contains("longer than the 512 bytes"));
    println!("100 kB DomainName value: {elapsed:?}, decided: {decided}, warned: {warned}");
}

#[test]
fn big_numbers_keep_every_digit_on_the_wire_both_ways() {
    use kitchen_sink_fixture::primitives::{BigDecimal, BigInteger};
    use kitchen_sink_fixture::types::PutThingResult;
    let digits = "1234567890123456789012345678901234567890";
    let fraction = "-3.14159265358979323846264338327950288419716939937510e-120";
    let input = thing()
        .population(digits.parse::<BigInteger>().unwrap())
        .precise(fraction.parse::<BigDecimal>().unwrap())
        .build()
        .unwrap();
    let body = serde_json::to_string(&input).unwrap();
    assert!(body.contains(&format!("\"Population\":{digits}")), "{body}");
    assert!(body.contains(&format!("\"Precise\":{fraction}")), "{body}");
    let output: PutThingResult = serde_json::from_str(&format!(
        "{{\"Population\": {digits}, \"Precise\": {fraction}}}"
    ))
    .unwrap();
    assert_eq!(output.population().map(BigInteger::as_str), Some(digits));
    assert_eq!(output.precise().map(BigDecimal::as_str), Some(fraction));
    // A decimal where an integer belongs is an error that quotes it, not a rounded value.
    let err = serde_json::from_str::<PutThingResult>("{\"Population\": 1.5}").unwrap_err();
    assert!(err.to_string().contains("`1.5` is not an integer"), "{err}");
    // Text that is no number is refused when parsed.
    assert!("12a".parse::<BigInteger>().is_err());
}

#[test]
fn big_numbers_are_range_checked() {
    use kitchen_sink_fixture::primitives::BigInteger;
    let negative = thing()
        .population("-1".parse::<BigInteger>().unwrap())
        .build()
        .unwrap();
    // `min: 0`, which botocore (Policy::Default) checks too.
    assert_eq!(
        negative
            .validation_report(Policy::Default)
            .violations()
            .iter()
            .map(|v| (v.path(), v.rule()))
            .collect::<Vec<_>>(),
        [("population", Rule::MinValue)]
    );
    let huge = thing()
        .population(
            format!("9{}", "0".repeat(400))
                .parse::<BigInteger>()
                .unwrap(),
        )
        .build()
        .unwrap();
    assert_eq!(huge.validate(), Ok(()));
}

#[test]
fn big_number_text_follows_json_number_syntax() {
    use kitchen_sink_fixture::primitives::{BigDecimal, BigInteger};
    assert!(serde_json::from_str::<BigInteger>("1.5").is_err());
    assert!(serde_json::from_str::<BigInteger>("\"12\"").is_err());
    assert!(serde_json::from_str::<BigDecimal>("true").is_err());
    for bad in ["", "-", "01", "1.", ".5", "1e", "+1", "1_000", " 1"] {
        let err = bad.parse::<BigDecimal>().unwrap_err();
        assert_eq!(err.to_string(), format!("`{bad}` is not a decimal number"));
    }
    assert_eq!("-0".parse::<BigInteger>().unwrap().as_str(), "-0");
    assert_eq!("2.5E+10".parse::<BigDecimal>().unwrap().to_f64(), 2.5e10);
    let dec: BigDecimal = serde_json::from_str(" -0.000000000000000000000000001e-7").unwrap();
    assert_eq!(
        serde_json::to_string(&vec![dec]).unwrap(),
        "[-0.000000000000000000000000001e-7]"
    );
}
