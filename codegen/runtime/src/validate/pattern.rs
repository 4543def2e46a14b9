//! Model patterns as the generated validators run them: linear-time regexes, a backtracking regex under a step limit, or no check at all.

#[cfg(feature = "patterns")]
use std::sync::OnceLock;

/// Steps the backtracking engine may take for one value; a value that needs more is
/// accepted with a warning rather than rejected, so no input can make validation slow.
/// `cargo xtask bench patterns` keeps the slowest pattern of the sweep under 50 ms at
/// 100 kB with it.
pub const STEP_LIMIT: usize = 200_000;

/// The longest value (in bytes) the backtracking engine checks. Its step limit counts
/// backtracks, not the linear scans it hands to the regex crate, so a lookahead such as
/// `(?!.*//)` tried at every start of a long value costs time quadratic in the length; past
/// this length a value is accepted with a warning instead.
pub const BACKTRACKING_MAX_LEN: usize = 512;

/// A model pattern: the Java source, and how it is checked.
#[derive(Debug)]
pub struct Pattern {
    java: &'static str,
    #[cfg_attr(not(feature = "patterns"), allow(dead_code))]
    check: Check,
    #[cfg(feature = "patterns")]
    compiled: OnceLock<Option<Compiled>>,
}

/// How a pattern is checked.
#[derive(Debug)]
#[cfg_attr(not(feature = "patterns"), allow(dead_code))]
enum Check {
    Linear(&'static Formula),
    Backtracking(&'static str),
    Unchecked(&'static str),
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

/// What checking a value against a pattern found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The value matches.
    Matches,
    /// The value does not match.
    Differs,
    /// The value was not checked, for the reason given; it is to be accepted.
    Unchecked(String),
}

#[cfg(feature = "patterns")]
#[derive(Debug)]
enum Compiled {
    Match(regex::Regex),
    Not(Box<Compiled>),
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
    Backtracking(fancy_regex::Regex),
}

impl Pattern {
    /// A pattern checked by linear-time regexes, compiled on first use.
    pub const fn new(java: &'static str, formula: &'static Formula) -> Self {
        Self::with(java, Check::Linear(formula))
    }

    /// A pattern checked by a backtracking regex (fancy-regex syntax) under [`STEP_LIMIT`],
    /// for lookarounds and backreferences that linear-time regexes cannot express.
    pub const fn backtracking(java: &'static str, regex: &'static str) -> Self {
        Self::with(java, Check::Backtracking(regex))
    }

    /// A pattern no engine here can run: every value is accepted with a warning saying
    /// `why`.
    pub const fn unchecked(java: &'static str, why: &'static str) -> Self {
        Self::with(java, Check::Unchecked(why))
    }

    const fn with(java: &'static str, check: Check) -> Self {
        Pattern {
            java,
            check,
            #[cfg(feature = "patterns")]
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written in the model.
    pub fn java(&self) -> &'static str {
        self.java
    }

    /// Whether `value` matches; a value that could not be checked counts as matching, so
    /// a value the service accepts is never rejected. Feature `patterns`.
    #[cfg(feature = "patterns")]
    pub fn is_match(&self, value: &str) -> bool {
        self.verdict(value) != Verdict::Differs
    }

    /// Checks `value`. A regex that does not compile (the generator checks that they all
    /// do) leaves values unchecked. Feature `patterns`.
    #[cfg(feature = "patterns")]
    pub fn verdict(&self, value: &str) -> Verdict {
        if let Check::Unchecked(why) = self.check {
            return Verdict::Unchecked(why.to_owned());
        }
        let Some(compiled) = self.compiled.get_or_init(|| compile(&self.check)) else {
            return Verdict::Unchecked("the pattern's regex does not compile".to_owned());
        };
        match evaluate(compiled, value) {
            Ok(true) => Verdict::Matches,
            Ok(false) => Verdict::Differs,
            Err(why) => Verdict::Unchecked(why),
        }
    }
}

#[cfg(feature = "patterns")]
fn compile(check: &Check) -> Option<Compiled> {
    match check {
        Check::Linear(formula) => compile_formula(formula),
        Check::Backtracking(regex) => fancy_regex::RegexBuilder::new(regex)
            .backtrack_limit(STEP_LIMIT)
            .build()
            .ok()
            .map(Compiled::Backtracking),
        Check::Unchecked(_) => None,
    }
}

#[cfg(feature = "patterns")]
fn compile_formula(formula: &Formula) -> Option<Compiled> {
    Some(match formula {
        Formula::Match(re) => Compiled::Match(regex::Regex::new(re).ok()?),
        Formula::Not(inner) => Compiled::Not(Box::new(compile_formula(inner)?)),
        Formula::All(items) => {
            Compiled::All(items.iter().map(compile_formula).collect::<Option<_>>()?)
        }
        Formula::Any(items) => {
            Compiled::Any(items.iter().map(compile_formula).collect::<Option<_>>()?)
        }
    })
}

#[cfg(feature = "patterns")]
fn evaluate(compiled: &Compiled, value: &str) -> Result<bool, String> {
    Ok(match compiled {
        Compiled::Match(re) => re.is_match(value),
        Compiled::Not(inner) => !evaluate(inner, value)?,
        Compiled::All(items) => {
            for item in items {
                if !evaluate(item, value)? {
                    return Ok(false);
                }
            }
            true
        }
        Compiled::Any(items) => {
            for item in items {
                if evaluate(item, value)? {
                    return Ok(true);
                }
            }
            false
        }
        Compiled::Backtracking(_) if value.len() > BACKTRACKING_MAX_LEN => {
            return Err(format!(
                "the value is longer than the {BACKTRACKING_MAX_LEN} bytes the backtracking engine checks"
            ))
        }
        Compiled::Backtracking(re) => re.is_match(value).map_err(|e| match e {
            fancy_regex::Error::RuntimeError(fancy_regex::RuntimeError::BacktrackLimitExceeded) => {
                format!("the check ran out of its {STEP_LIMIT} steps")
            }
            other => format!("the check failed: {other}"),
        })?,
    })
}
