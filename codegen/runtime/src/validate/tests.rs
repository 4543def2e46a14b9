//! The validator's checks: policies, paths into nested structures and lists, patterns.

use super::*;

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
}

impl Validate for Input {
    const ROOT: &'static str = "do_thing";
    fn validate_members(&self, v: &mut Validator) {
        v.member_string("id", &self.id, &LIMITS, Some(&ID), false);
        v.member_strings("ids", &self.ids, Some(&LIMITS), &LIMITS, Some(&ID), false);
        v.member_string("secret", &self.secret, &LIMITS, Some(&ID), true);
    }
}

/// A structure holding others: boxed, in a list, and in a list of lists.
struct Outer {
    inner: Box<Input>,
    inputs: Vec<Input>,
    groups: Vec<Vec<Input>>,
}

impl Validate for Outer {
    const ROOT: &'static str = "outer";
    fn validate_members(&self, v: &mut Validator) {
        v.member_structure("inner", &self.inner);
        v.member_structures("inputs", &self.inputs, Some(&LIMITS));
        let mark = v.enter("groups");
        for (index, group) in self.groups.iter().enumerate() {
            let item = v.enter_item(index);
            v.structures(group, None);
            v.leave(item);
        }
        v.leave(mark);
    }
}

fn input(ids: &[&str]) -> Input {
    Input {
        id: "12".into(),
        ids: ids.iter().map(|id| id.to_string()).collect(),
        secret: "1234".into(),
    }
}

fn paths_and_rules(err: &ValidationError) -> Vec<(&str, Rule)> {
    err.violations()
        .iter()
        .map(|v| (v.path(), v.rule()))
        .collect()
}

#[test]
fn policies_select_constraints() {
    let input = Input {
        id: "123456".into(),
        ids: vec!["a".into()],
        secret: "1234".into(),
    };
    let default = input.validate_with(Policy::Default).unwrap_err();
    let found = paths_and_rules(&default);
    assert_eq!(
        found,
        [("ids", Rule::MinLength), ("ids[0]", Rule::MinLength)]
    );
    #[cfg(feature = "patterns")]
    assert_eq!(input.validate().unwrap_err().violations().len(), 4);
    assert_eq!(input.validate_with(Policy::Off), Ok(()));
}

#[test]
fn nested_structures_are_checked_on_their_paths() {
    let outer = Outer {
        inner: Box::new(input(&["1", "22"])),
        inputs: vec![input(&["22", "33"]), input(&["22", "33", "44", "55", "6"])],
        groups: vec![vec![], vec![input(&["22", "33"]), input(&["22"])]],
    };
    let err = outer.validate_with(Policy::Default).unwrap_err();
    assert_eq!(err.root(), "outer");
    assert_eq!(
        paths_and_rules(&err),
        [
            ("inner.ids[0]", Rule::MinLength),
            ("inputs[1].ids[4]", Rule::MinLength),
            ("groups[1][1].ids", Rule::MinLength),
        ]
    );
    let strict = outer.validate().unwrap_err();
    assert!(paths_and_rules(&strict).contains(&("inputs[1].ids", Rule::MaxLength)));
}

#[cfg(not(feature = "patterns"))]
#[test]
fn strict_without_the_patterns_feature_reports_each_unchecked_pattern() {
    let input = Input {
        id: "123".into(),
        ids: vec![],
        secret: "1234".into(),
    };
    let err = input.validate().unwrap_err();
    let found = paths_and_rules(&err);
    assert_eq!(
        found,
        [
            ("id", Rule::Pattern),
            ("ids", Rule::MinLength),
            ("secret", Rule::Pattern)
        ]
    );
    assert_eq!(
        err.violations()[0].message(),
        "cannot check id against the pattern `^[0-9]+$`: built without the `patterns` feature"
    );
    assert_eq!(
        input
            .validate_with(Policy::Default)
            .unwrap_err()
            .violations()
            .len(),
        1
    );
}
