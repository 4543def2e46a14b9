//! The runtime's validation with pattern checking (the `patterns` feature): every violation with its path, formulas, long values, step limits.

use aws_codegen_runtime::validate::{
    sorted_entries, Formula, Limits, Pattern, Policy, Rule, Validate, ValidationError, Validator,
};
use std::collections::HashMap;

static DIGITS: Formula = Formula::Match("^[0-9]+$");
static ID: Pattern = Pattern::new("^[0-9]+$", &DIGITS);
static LIMITS: Limits = Limits {
    min: Some(2.0),
    max: Some(4.0),
};

struct Input {
    id: String,
    ids: Vec<String>,
    secret: String,
    tags: HashMap<String, String>,
}

impl Validate for Input {
    const ROOT: &'static str = "do_thing";
    fn validate_members(&self, v: &mut Validator) {
        // The shape of generated validators: one call for a member with one check, and
        // `enter` and `leave` around the checks of a member's items and entries.
        v.member_string("id", &self.id, &LIMITS, Some(&ID), false);
        let mark = v.enter("ids");
        v.length(self.ids.len(), &LIMITS);
        for (index, item) in self.ids.iter().enumerate() {
            let mark = v.enter_item(index);
            v.string(item, &LIMITS, Some(&ID), false);
            v.leave(mark);
        }
        v.leave(mark);
        v.member_string("secret", &self.secret, &LIMITS, Some(&ID), true);
        let mark = v.enter("tags");
        for (key, value) in sorted_entries(&self.tags) {
            let mark = v.enter_key(key.as_ref());
            v.string(key, &LIMITS, None, false);
            v.string(value, &LIMITS, Some(&ID), false);
            v.leave(mark);
        }
        v.leave(mark);
    }
}

fn paths_and_rules(err: &ValidationError) -> Vec<(&str, Rule)> {
    err.violations()
        .iter()
        .map(|v| (v.path(), v.rule()))
        .collect()
}

#[test]
fn formulas_combine_regexes() {
    static NO_ADMIN: Formula = Formula::Not(&Formula::Match("^admin"));
    static BOTH: Formula = Formula::All(&[
        Formula::Match("^[a-z]+$"),
        Formula::Not(&Formula::Match("^admin")),
    ]);
    static BROKEN: Formula = Formula::Any(&[Formula::Match("(")]);
    static NAME: Pattern = Pattern::new("^(?!admin)[a-z]+$", &BOTH);
    assert!(ID.is_match("123") && !ID.is_match("12a"));
    assert!(NAME.is_match("bob") && !NAME.is_match("administrator") && !NAME.is_match("Bob"));
    assert!(Pattern::new("x", &NO_ADMIN).is_match("bob"));
    assert!(
        Pattern::new("(", &BROKEN).is_match("anything"),
        "a broken pattern rejects nothing"
    );
}

#[test]
fn reports_every_violation_with_its_path() {
    let input = Input {
        id: "1".into(),
        ids: vec!["12".into(), "x".into(), "123456".into()],
        secret: "hunter2".into(),
        tags: HashMap::from([
            ("zz".into(), "1".into()),
            ("aa".into(), "12".into()),
            ("k".into(), "12".into()),
        ]),
    };
    let err = input.validate().unwrap_err();
    let found = paths_and_rules(&err);
    assert_eq!(
        found,
        [
            ("id", Rule::MinLength),
            ("ids[1]", Rule::MinLength),
            ("ids[1]", Rule::Pattern),
            ("ids[2]", Rule::MaxLength),
            ("secret", Rule::MaxLength),
            ("secret", Rule::Pattern),
            (r#"tags["k"]"#, Rule::MinLength),
            (r#"tags["zz"]"#, Rule::MinLength),
        ]
    );
    let text = err.to_string();
    assert!(
        text.starts_with(
            "do_thing: 8 invalid parameters: invalid length for id, value: 1, valid min length: 2;"
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"invalid value for ids[1]: "x" does not match the pattern `^[0-9]+$`"#),
        "{text}"
    );
    assert!(!text.contains("hunter2"), "{text}");
}

#[test]
fn long_values_are_cut_in_messages() {
    let long = Input {
        id: "a".repeat(1000),
        ids: vec!["12".into(), "34".into()],
        secret: "1234".into(),
        tags: HashMap::new(),
    };
    let err = long.validation_report(Policy::Strict);
    let [length, pattern] = err.violations() else {
        panic!("two violations expected: {err:?}")
    };
    assert_eq!(
        (length.rule(), pattern.rule()),
        (Rule::MaxLength, Rule::Pattern)
    );
    assert!(pattern.message().len() < 200, "{}", pattern.message());
}

#[test]
fn a_value_whose_check_runs_out_of_steps_is_accepted_with_a_warning() {
    static EXPLOSIVE: Pattern = Pattern::backtracking("(a|a)*(?=b)c", r"^(a|a)*(?=b)c$");
    static NO_LIMITS: Limits = Limits {
        min: None,
        max: None,
    };
    struct Slow(String);
    impl Validate for Slow {
        const ROOT: &'static str = "Slow";
        fn validate_members(&self, v: &mut Validator) {
            v.member_string("value", &self.0, &NO_LIMITS, Some(&EXPLOSIVE), false);
        }
    }
    let slow = Slow("a".repeat(40));
    assert_eq!(slow.validate(), Ok(()));
    let report = slow.validation_report(Policy::Strict);
    assert!(report.violations().is_empty());
    let [warning] = report.warnings() else {
        panic!("one warning expected: {report:?}")
    };
    assert_eq!(
        (warning.path(), warning.rule()),
        ("value", Rule::PatternUnchecked)
    );
    assert!(
        warning.message().contains("ran out of its"),
        "{}",
        warning.message()
    );
    // A value the pattern can decide is still rejected.
    assert!(Slow("ab".into()).validate().is_err());
}
