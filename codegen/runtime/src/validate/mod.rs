//! Validation of values against the model's constraints: lengths, ranges and patterns,
//! every violation reported with its path.

pub mod pattern;

pub use pattern::{Formula, Pattern, Verdict, BACKTRACKING_MAX_LEN, STEP_LIMIT};
use std::fmt;

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
    /// A string whose pattern could not be checked (the pattern is beyond both regex
    /// engines, or the check ran out of steps). Only ever a warning: the value is accepted.
    PatternUnchecked,
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
        self.validation_report(policy).into_result()
    }

    /// Checks the constraints `policy` selects, and also says which values were accepted
    /// without a check ([`ValidationReport::warnings`]).
    fn validation_report(&self, policy: Policy) -> ValidationReport {
        let mut validator = Validator {
            policy,
            path: String::new(),
            violations: Vec::new(),
            warnings: Vec::new(),
        };
        if policy != Policy::Off {
            self.validate_members(&mut validator);
        }
        ValidationReport {
            root: Self::ROOT,
            violations: validator.violations,
            warnings: validator.warnings,
        }
    }
}

/// A boxed structure (a member that makes a structure recursive) checks as what it holds.
impl<T: Validate> Validate for Box<T> {
    const ROOT: &'static str = T::ROOT;

    fn validate_members(&self, validator: &mut Validator) {
        (**self).validate_members(validator);
    }
}

/// Everything a check found: the violations, and the warnings about values accepted
/// without a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationReport {
    root: &'static str,
    violations: Vec<Violation>,
    warnings: Vec<Violation>,
}

impl ValidationReport {
    /// Every broken constraint, in member order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Every value accepted without its pattern being checked ([`Rule::PatternUnchecked`]),
    /// in member order.
    pub fn warnings(&self) -> &[Violation] {
        &self.warnings
    }

    /// `Err` with the violations, if there are any; the warnings are dropped.
    pub fn into_result(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                root: self.root,
                violations: self.violations,
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

/// Collects violations while the generated code walks a value.
#[doc(hidden)]
#[derive(Debug)]
pub struct Validator {
    policy: Policy,
    path: String,
    violations: Vec<Violation>,
    warnings: Vec<Violation>,
}

/// Where the path stood before a step, for [`Validator::leave`] to go back to. Generated code
/// enters each member, item or entry it checks and leaves it again: what it compiles per
/// check is two calls, with no guard to drop and no closure to instantiate.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Mark(usize);

/// A map's entries in key order, so that its violations come in the same order every time.
#[doc(hidden)]
pub fn sorted_entries<K: AsRef<str>, V>(map: &std::collections::HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    entries
}

/// Longest value quoted in a pattern violation.
#[cfg(feature = "patterns")]
const SHOWN_CHARS: usize = 64;

impl Validator {
    /// Appends `name` (after a `.`) to the path, until [`leave`](Self::leave).
    pub fn enter(&mut self, name: &str) -> Mark {
        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        self.path.push_str(name);
        Mark(len)
    }

    /// Appends `[index]` to the path, until [`leave`](Self::leave).
    pub fn enter_item(&mut self, index: usize) -> Mark {
        self.step(format_args!("[{index}]"))
    }

    /// Appends `["key"]` to the path, until [`leave`](Self::leave).
    pub fn enter_key(&mut self, key: &str) -> Mark {
        self.step(format_args!("[{key:?}]"))
    }

    /// Takes the path back to where it stood before the step that returned `mark`.
    pub fn leave(&mut self, mark: Mark) {
        self.path.truncate(mark.0);
    }

    /// [`string`](Self::string) for the member `name`.
    pub fn member_string(
        &mut self,
        name: &str,
        value: &str,
        limits: &Limits,
        pattern: Option<&Pattern>,
        sensitive: bool,
    ) {
        let mark = self.enter(name);
        self.string(value, limits, pattern, sensitive);
        self.leave(mark);
    }

    /// [`number`](Self::number) for the member `name`.
    pub fn member_number(&mut self, name: &str, value: f64, limits: &Limits) {
        let mark = self.enter(name);
        self.number(value, limits);
        self.leave(mark);
    }

    /// [`length`](Self::length) for the member `name`.
    pub fn member_length(&mut self, name: &str, length: usize, limits: &Limits) {
        let mark = self.enter(name);
        self.length(length, limits);
        self.leave(mark);
    }

    /// [`structure`](Self::structure) for the member `name`.
    pub fn member_structure<T: Validate>(&mut self, name: &str, value: &T) {
        let mark = self.enter(name);
        value.validate_members(self);
        self.leave(mark);
    }

    /// Checks a structure's members.
    pub fn structure<T: Validate>(&mut self, value: &T) {
        value.validate_members(self);
    }

    /// [`structures`](Self::structures) for the member `name`.
    pub fn member_structures<T: Validate>(
        &mut self,
        name: &str,
        items: &[T],
        limits: Option<&Limits>,
    ) {
        let mark = self.enter(name);
        self.structures(items, limits);
        self.leave(mark);
    }

    /// Checks a list of structures: its length against `limits`, if it has any, then each
    /// item's members. One generic call in place of a loop in every validator that holds
    /// such a list.
    pub fn structures<T: Validate>(&mut self, items: &[T], limits: Option<&Limits>) {
        if let Some(limits) = limits {
            self.length(items.len(), limits);
        }
        for (index, item) in items.iter().enumerate() {
            let mark = self.enter_item(index);
            item.validate_members(self);
            self.leave(mark);
        }
    }

    /// [`strings`](Self::strings) for the member `name`.
    pub fn member_strings(
        &mut self,
        name: &str,
        items: &[String],
        limits: Option<&Limits>,
        item_limits: &Limits,
        pattern: Option<&Pattern>,
        sensitive: bool,
    ) {
        let mark = self.enter(name);
        self.strings(items, limits, item_limits, pattern, sensitive);
        self.leave(mark);
    }

    /// Checks a list of strings: its length against `limits`, if it has any, then each
    /// item's length and pattern as [`string`](Self::string) does.
    pub fn strings(
        &mut self,
        items: &[String],
        limits: Option<&Limits>,
        item_limits: &Limits,
        pattern: Option<&Pattern>,
        sensitive: bool,
    ) {
        if let Some(limits) = limits {
            self.length(items.len(), limits);
        }
        for (index, item) in items.iter().enumerate() {
            let mark = self.enter_item(index);
            self.string(item, item_limits, pattern, sensitive);
            self.leave(mark);
        }
    }

    fn step(&mut self, step: fmt::Arguments<'_>) -> Mark {
        let len = self.path.len();
        // Writing to a String fails only if a `Debug` impl does; these are std's.
        let _ = fmt::Write::write_fmt(&mut self.path, step);
        Mark(len)
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
        #[cfg(feature = "patterns")]
        let message = match pattern.verdict(value) {
            Verdict::Matches => return,
            Verdict::Differs => {
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
                    self.path,
                    pattern.java()
                )
            }
            Verdict::Unchecked(why) => {
                let message = format!(
                    "{} was accepted without checking the pattern `{}`: {why}",
                    self.path,
                    pattern.java()
                );
                self.warnings.push(Violation {
                    path: self.path.clone(),
                    rule: Rule::PatternUnchecked,
                    message,
                });
                return;
            }
        };
        #[cfg(not(feature = "patterns"))]
        let message = {
            let _ = (value, sensitive);
            format!(
                "cannot check {} against the pattern `{}`: built without the `patterns` feature",
                self.path,
                pattern.java()
            )
        };
        self.report(Rule::Pattern, message);
    }
}

#[cfg(test)]
mod tests;
