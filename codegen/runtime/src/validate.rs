//! Validation of values against the model's constraints: lengths, ranges and patterns,
//! every violation reported with its path.

use std::fmt;
#[cfg(feature = "patterns")]
use std::sync::OnceLock;

/// Which constraints a check enforces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Policy {
    /// What botocore checks before sending: minimum lengths and minimum values (required
    /// members are enforced by the types themselves).
    #[default]
    Default,
    /// Every constraint in the model: minimum and maximum lengths and values, and patterns.
    ///
    /// Patterns are checked with the `regex` crate, which only the `patterns` feature
    /// builds in. Without it a string with a pattern is not silently passed: it is reported
    /// as a [`Rule::Pattern`] violation saying the pattern could not be checked, so a caller
    /// who asked for every constraint learns that one was not, before anything is sent.
    Strict,
    /// No checks.
    Off,
}

/// The kind of constraint a value broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Fewer characters, items, entries or bytes than allowed.
    MinLength,
    /// More characters, items, entries or bytes than allowed.
    MaxLength,
    /// A number below the minimum.
    MinValue,
    /// A number above the maximum.
    MaxValue,
    /// A string that does not match the member's pattern.
    Pattern,
}

/// One broken constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    path: String,
    rule: Rule,
    message: String,
}

impl Violation {
    /// Where the value is, such as `vpc_settings.subnet_ids[1]`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Which kind of constraint was broken.
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// What is wrong, in botocore's words; never contains a sensitive value.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Every constraint an input broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    root: &'static str,
    violations: Vec<Violation>,
}

impl ValidationError {
    /// What was validated: the operation for inputs, else the type.
    pub fn root(&self) -> &str {
        self.root
    }

    /// Every violation, in member order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(
            f,
            "{}: {n} invalid parameter{}: ",
            self.root,
            if n == 1 { "" } else { "s" }
        )?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Values generated types can check against the model's constraints.
pub trait Validate {
    /// The name violation paths start from.
    const ROOT: &'static str;

    /// Checks the members of `self`; called by the generated code.
    #[doc(hidden)]
    fn validate_members(&self, validator: &mut Validator);

    /// Checks every constraint ([`Policy::Strict`]).
    fn validate(&self) -> Result<(), ValidationError> {
        self.validate_with(Policy::Strict)
    }

    /// Checks the constraints `policy` selects.
    fn validate_with(&self, policy: Policy) -> Result<(), ValidationError> {
        if policy == Policy::Off {
            return Ok(());
        }
        let mut validator = Validator {
            policy,
            path: String::new(),
            violations: Vec::new(),
        };
        self.validate_members(&mut validator);
        if validator.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                root: Self::ROOT,
                violations: validator.violations,
            })
        }
    }
}

/// Length or value bounds of one shape.
#[derive(Debug)]
pub struct Limits {
    /// Minimum length or value.
    pub min: Option<f64>,
    /// Maximum length or value.
    pub max: Option<f64>,
}

/// A model pattern: the Java source, and the formula of Rust regexes it was translated to.
#[derive(Debug)]
pub struct Pattern {
    java: &'static str,
    #[cfg_attr(not(feature = "patterns"), allow(dead_code))]
    formula: &'static Formula,
    #[cfg(feature = "patterns")]
    compiled: OnceLock<Option<Compiled>>,
}

/// A pattern as a boolean formula over regexes matched by search; lookaheads at the start of
/// a Java pattern become `All`, `Any` and `Not`, so matching stays linear in the input.
#[derive(Debug)]
pub enum Formula {
    /// The regex matches somewhere in the value.
    Match(&'static str),
    /// The inner formula does not hold.
    Not(&'static Formula),
    /// Every formula holds.
    All(&'static [Formula]),
    /// At least one formula holds.
    Any(&'static [Formula]),
}

#[cfg(feature = "patterns")]
#[derive(Debug)]
enum Compiled {
    Match(regex::Regex),
    Not(Box<Compiled>),
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
}

impl Pattern {
    /// A pattern, compiled on first use.
    pub const fn new(java: &'static str, formula: &'static Formula) -> Self {
        Pattern {
            java,
            formula,
            #[cfg(feature = "patterns")]
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written in the model.
    pub fn java(&self) -> &'static str {
        self.java
    }

    /// Whether `value` matches. A pattern that does not compile (the generator checks that
    /// they all do) matches everything, so a value the service accepts is never rejected.
    /// Feature `patterns`.
    #[cfg(feature = "patterns")]
    pub fn is_match(&self, value: &str) -> bool {
        match self.compiled.get_or_init(|| compile(self.formula)) {
            Some(compiled) => evaluate(compiled, value),
            None => true,
        }
    }

    /// Whether `value` matches; `None` when built without the `patterns` feature.
    fn check(&self, value: &str) -> Option<bool> {
        #[cfg(feature = "patterns")]
        return Some(self.is_match(value));
        #[cfg(not(feature = "patterns"))]
        {
            let _ = value;
            None
        }
    }
}

#[cfg(feature = "patterns")]
fn compile(formula: &Formula) -> Option<Compiled> {
    Some(match formula {
        Formula::Match(re) => Compiled::Match(regex::Regex::new(re).ok()?),
        Formula::Not(inner) => Compiled::Not(Box::new(compile(inner)?)),
        Formula::All(items) => Compiled::All(items.iter().map(compile).collect::<Option<_>>()?),
        Formula::Any(items) => Compiled::Any(items.iter().map(compile).collect::<Option<_>>()?),
    })
}

#[cfg(feature = "patterns")]
fn evaluate(compiled: &Compiled, value: &str) -> bool {
    match compiled {
        Compiled::Match(re) => re.is_match(value),
        Compiled::Not(inner) => !evaluate(inner, value),
        Compiled::All(items) => items.iter().all(|c| evaluate(c, value)),
        Compiled::Any(items) => items.iter().any(|c| evaluate(c, value)),
    }
}

/// Collects violations while the generated code walks a value.
#[doc(hidden)]
#[derive(Debug)]
pub struct Validator {
    policy: Policy,
    path: String,
    violations: Vec<Violation>,
}

/// Longest value quoted in a pattern violation.
const SHOWN_CHARS: usize = 64;

impl Validator {
    /// Checks `f` with `name` appended to the path.
    pub fn member(&mut self, name: &str, f: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        f(self);
        self.path.truncate(len);
    }

    /// Checks every item of a list, each with `[index]` appended to the path.
    pub fn items<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Self, &T)) {
        for (i, item) in items.iter().enumerate() {
            let len = self.path.len();
            self.path.push_str(&format!("[{i}]"));
            f(self, item);
            self.path.truncate(len);
        }
    }

    /// Checks every entry of a map in key order, each with `["key"]` appended to the path.
    pub fn entries<K: AsRef<str>, V>(
        &mut self,
        map: &std::collections::HashMap<K, V>,
        mut f: impl FnMut(&mut Self, &K, &V),
    ) {
        let mut entries: Vec<(&K, &V)> = map.iter().collect();
        entries.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        for (key, value) in entries {
            let len = self.path.len();
            self.path.push_str(&format!("[{:?}]", key.as_ref()));
            f(self, key, value);
            self.path.truncate(len);
        }
    }

    fn report(&mut self, rule: Rule, message: String) {
        self.violations.push(Violation {
            path: self.path.clone(),
            rule,
            message,
        });
    }

    /// Checks a count of characters, items, entries or bytes.
    pub fn length(&mut self, length: usize, limits: &Limits) {
        if let Some(min) = limits.min {
            if (length as f64) < min {
                let message = format!(
                    "invalid length for {}, value: {length}, valid min length: {min}",
                    self.path
                );
                self.report(Rule::MinLength, message);
            }
        }
        if let (Some(max), Policy::Strict) = (limits.max, self.policy) {
            if (length as f64) > max {
                let message = format!(
                    "invalid length for {}, value: {length}, valid max length: {max}",
                    self.path
                );
                self.report(Rule::MaxLength, message);
            }
        }
    }

    /// Checks a number against its range.
    pub fn number(&mut self, value: f64, limits: &Limits) {
        if let Some(min) = limits.min {
            if value < min {
                let message = format!(
                    "invalid range for {}, value: {value}, valid min value: {min}",
                    self.path
                );
                self.report(Rule::MinValue, message);
            }
        }
        if let (Some(max), Policy::Strict) = (limits.max, self.policy) {
            if value > max {
                let message = format!(
                    "invalid range for {}, value: {value}, valid max value: {max}",
                    self.path
                );
                self.report(Rule::MaxValue, message);
            }
        }
    }

    /// Checks a string's length (in Unicode scalar values) and pattern; a sensitive value is
    /// never quoted.
    pub fn string(
        &mut self,
        value: &str,
        limits: &Limits,
        pattern: Option<&Pattern>,
        sensitive: bool,
    ) {
        self.length(value.chars().count(), limits);
        let Some(pattern) = pattern.filter(|_| self.policy == Policy::Strict) else {
            return;
        };
        let message = match pattern.check(value) {
            Some(true) => return,
            Some(false) => {
                let shown = if sensitive {
                    "the value".to_owned()
                } else if value.chars().count() > SHOWN_CHARS {
                    let head: String = value.chars().take(SHOWN_CHARS).collect();
                    format!("{head:?}...")
                } else {
                    format!("{value:?}")
                };
                format!(
                    "invalid value for {}: {shown} does not match the pattern `{}`",
                    self.path, pattern.java
                )
            }
            None => format!(
                "cannot check {} against the pattern `{}`: built without the `patterns` feature",
                self.path, pattern.java
            ),
        };
        self.report(Rule::Pattern, message);
    }
}

#[cfg(test)]
mod tests {
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
            v.member("id", |v| v.string(&self.id, &LIMITS, Some(&ID), false));
            v.member("ids", |v| {
                v.length(self.ids.len(), &LIMITS);
                v.items(&self.ids, |v, item| {
                    v.string(item, &LIMITS, Some(&ID), false)
                });
            });
            v.member("secret", |v| {
                v.string(&self.secret, &LIMITS, Some(&ID), true)
            });
        }
    }

    fn paths_and_rules(err: &ValidationError) -> Vec<(&str, Rule)> {
        err.violations()
            .iter()
            .map(|v| (v.path(), v.rule()))
            .collect()
    }

    #[cfg(feature = "patterns")]
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

    #[cfg(feature = "patterns")]
    #[test]
    fn reports_every_violation_with_its_path() {
        let input = Input {
            id: "1".into(),
            ids: vec!["12".into(), "x".into(), "123456".into()],
            secret: "hunter2".into(),
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
            ]
        );
        let text = err.to_string();
        assert!(text.starts_with("do_thing: 6 invalid parameters: invalid length for id, value: 1, valid min length: 2;"), "{text}");
        assert!(
            text.contains(r#"invalid value for ids[1]: "x" does not match the pattern `^[0-9]+$`"#),
            "{text}"
        );
        assert!(!text.contains("hunter2"), "{text}");
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

    #[cfg(feature = "patterns")]
    #[test]
    fn long_values_are_cut_in_messages() {
        let mut v = Validator {
            policy: Policy::Strict,
            path: "x".into(),
            violations: Vec::new(),
        };
        v.string(
            &"a".repeat(1000),
            &Limits {
                min: None,
                max: None,
            },
            Some(&ID),
            false,
        );
        assert!(v.violations[0].message().len() < 200);
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
}
