//! Translates model patterns (Java regular expressions) into a formula of linear-time Rust
//! regexes: lookaheads at the start of the input become `and`/`or`/`not` of plain regexes.
//! What that cannot express (other lookarounds, backreferences) is translated for a
//! backtracking engine instead (`translate_backtracking`, fancy-regex syntax).
//!
//! Java and Rust differ in small ways that matter for "never reject what the service
//! accepts": `\d`, `\w` and `\s` are ASCII in Java, `.` excludes every line terminator, `$`
//! also matches before a final line terminator, and `\p{Punct}` and `\p{LD}` have no Rust
//! spelling. Patterns are searched, not anchored, unless they anchor themselves.

/// How a model pattern is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternCheck {
    /// By linear-time regexes (the regex crate).
    Linear(Formula),
    /// By a backtracking regex (fancy-regex syntax) under a step limit, because the
    /// linear translation failed for the reason given.
    Backtracking {
        /// The regex, searched like the others.
        regex: String,
        /// Why the linear translation could not be used.
        why: String,
    },
    /// Not at all, for the reason given: values are accepted with a warning.
    Unchecked {
        /// Why neither engine can check it.
        why: String,
    },
}

/// A pattern as a boolean formula over Rust regexes, each matched by search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Formula {
    /// The regex (Rust syntax) matches somewhere in the value.
    Match(String),
    /// The inner formula does not hold.
    Not(Box<Formula>),
    /// Every formula holds.
    All(Vec<Formula>),
    /// At least one formula holds.
    Any(Vec<Formula>),
}

impl Formula {
    /// Every regex in the formula, in order.
    pub fn regexes(&self) -> Vec<&str> {
        match self {
            Formula::Match(r) => vec![r.as_str()],
            Formula::Not(f) => f.regexes(),
            Formula::All(fs) | Formula::Any(fs) => fs.iter().flat_map(Formula::regexes).collect(),
        }
    }
}

/// How the generated code checks `java`: by linear-time regexes when it translates to ones
/// that compile; else by a backtracking regex (that compiles); else not at all.
pub fn plan(java: &str) -> PatternCheck {
    let compiled = |formula: Formula| {
        for regex in formula.regexes() {
            if let Err(e) = regex::Regex::new(regex) {
                let last_line = e.to_string().lines().last().unwrap_or_default().to_owned();
                return Err(format!("`{regex}` does not compile: {last_line}"));
            }
        }
        Ok(formula)
    };
    // Trimmed only when needed, so generated regexes read like the model's patterns.
    let linear = translate(java).and_then(compiled).or_else(|why| {
        translate_with(java, true)
            .and_then(compiled)
            .map_err(|_| why)
    });
    let why = match linear {
        Ok(formula) => return PatternCheck::Linear(formula),
        Err(why) => why,
    };
    let backtracking = translate_backtracking(java).and_then(|regex| {
        match fancy_regex::RegexBuilder::new(&regex).build() {
            Ok(_) => Ok(regex),
            Err(e) => Err(format!("`{regex}` does not compile: {e}")),
        }
    });
    match backtracking {
        Ok(regex) => PatternCheck::Backtracking { regex, why },
        Err(second) => PatternCheck::Unchecked {
            why: format!("{why}; for the backtracking engine: {second}"),
        },
    }
}

/// Translates a Java pattern; the error says what cannot be translated.
pub fn translate(java: &str) -> Result<Formula, String> {
    translate_with(java, false)
}

fn translate_with(java: &str, trim_ends: bool) -> Result<Formula, String> {
    let mut parser = Parser {
        chars: java.chars().collect(),
        pos: 0,
    };
    let mut node = parser.alternation()?;
    if parser.pos < parser.chars.len() {
        return Err(format!("unbalanced `)` at offset {}", parser.pos));
    }
    if node.has_backref() {
        return Err("backreferences cannot be translated to a linear-time regex".to_owned());
    }
    if trim_ends {
        node = trim_search_ends(node);
    }
    if !node.has_lookaround() {
        return Ok(Formula::Match(node.render()?));
    }
    formula_at_start(&node)
}

/// A pattern is searched, so a counted repeat that starts or ends the whole pattern can
/// match its minimum count: a substring that matches with more repeats has one that
/// matches with fewer (drop the extra from its end, or start). `.{1,65535}` becomes
/// `.{1}`, which the regex crate compiles where the unrolled original exceeds its size
/// limit.
fn trim_search_ends(node: Node) -> Node {
    let mut items = match node {
        Node::Seq(items) => items,
        Node::Repeat(..) => vec![node],
        other => return other,
    };
    let minimum = |item: &Node| -> Option<Node> {
        let Node::Repeat(inner, suffix) = item else {
            return None;
        };
        if inner.is_zero_width() || inner.has_lookaround() {
            return None;
        }
        let bare = suffix.trim_end_matches('?');
        let min: usize = match bare {
            "*" => 0,
            "+" => 1,
            _ => bare
                .strip_prefix('{')?
                .split([',', '}'])
                .next()?
                .parse()
                .ok()?,
        };
        Some(match min {
            0 => Node::Seq(Vec::new()),
            1 => (**inner).clone(),
            n => Node::Repeat(inner.clone(), format!("{{{n}}}")),
        })
    };
    if let Some(last) = items.last().and_then(minimum) {
        *items.last_mut().expect("not empty") = last;
    }
    if let Some(first) = items.first().and_then(minimum) {
        items[0] = first;
    }
    Node::Seq(items)
}

/// Translates a Java pattern for a backtracking engine (fancy-regex): lookarounds anywhere
/// and backreferences are kept; the error says what cannot be translated.
pub fn translate_backtracking(java: &str) -> Result<String, String> {
    let mut parser = Parser {
        chars: java.chars().collect(),
        pos: 0,
    };
    let node = parser.alternation()?;
    if parser.pos < parser.chars.len() {
        return Err(format!("unbalanced `)` at offset {}", parser.pos));
    }
    node.render_backtracking()
}

#[derive(Clone, Debug)]
enum Node {
    /// Rust regex text for one atom (literal, class, escape, dot).
    Atom(String),
    /// `^`.
    Start,
    /// `$`.
    End,
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    /// A group; `open` is the Rust opening (`(`, `(?:`, `(?i:` ...).
    Group(String, Box<Node>),
    Look {
        ahead: bool,
        negative: bool,
        body: Box<Node>,
    },
    /// A quantified node; `suffix` is the Rust quantifier text.
    Repeat(Box<Node>, String),
    /// A backreference, in Rust syntax (`\1`, `\k<name>`).
    Backref(String),
    /// A UTF-16 surrogate not in a pair, which no Rust string holds.
    Surrogate,
}

impl Node {
    fn has_lookaround(&self) -> bool {
        match self {
            Node::Look { .. } | Node::Backref(_) => true,
            Node::Seq(items) | Node::Alt(items) => items.iter().any(Node::has_lookaround),
            Node::Group(_, inner) | Node::Repeat(inner, _) => inner.has_lookaround(),
            _ => false,
        }
    }

    fn has_backref(&self) -> bool {
        match self {
            Node::Backref(_) => true,
            Node::Seq(items) | Node::Alt(items) => items.iter().any(Node::has_backref),
            Node::Group(_, inner) | Node::Repeat(inner, _) => inner.has_backref(),
            Node::Look { body, .. } => body.has_backref(),
            _ => false,
        }
    }

    /// Matches no characters: anchors, lookarounds, and groups of alternatives made of them.
    fn is_zero_width(&self) -> bool {
        match self {
            Node::Start | Node::Look { .. } => true,
            Node::Seq(items) => items.iter().all(Node::is_zero_width),
            Node::Alt(items) => items.iter().all(Node::is_zero_width),
            Node::Group(_, inner) => inner.is_zero_width(),
            _ => false,
        }
    }

    fn starts_with_anchor(&self) -> bool {
        match self {
            Node::Start => true,
            Node::Seq(items) => items.first().is_some_and(Node::starts_with_anchor),
            Node::Alt(items) => !items.is_empty() && items.iter().all(Node::starts_with_anchor),
            Node::Group(_, inner) => inner.starts_with_anchor(),
            Node::Look {
                ahead: true,
                negative: false,
                body,
            } => body.starts_with_anchor(),
            _ => false,
        }
    }

    fn render(&self) -> Result<String, String> {
        Ok(match self {
            Node::Atom(text) => text.clone(),
            Node::Start => "^".to_owned(),
            // Java's `$` also matches before a line terminator that ends the input.
            Node::End => r"(?:\r\n|[\n\r\x{85}\x{2028}\x{2029}])?\z".to_owned(),
            Node::Seq(items) => items.iter().map(Node::render).collect::<Result<String, _>>()?,
            Node::Alt(items) => items.iter().map(Node::render).collect::<Result<Vec<_>, _>>()?.join("|"),
            Node::Group(open, inner) => format!("{open}{})", inner.render()?),
            Node::Look { .. } => {
                return Err("a lookaround that is not at the start of the pattern cannot be translated to a linear-time regex".to_owned())
            }
            Node::Repeat(inner, _) if inner.is_zero_width() || matches!(**inner, Node::End) => {
                return Err("a quantified anchor or lookaround cannot be translated to a linear-time regex".to_owned())
            }
            Node::Repeat(inner, suffix) => format!("{}{suffix}", inner.render()?),
            Node::Backref(_) => {
                return Err("backreferences cannot be translated to a linear-time regex".to_owned())
            }
            Node::Surrogate => NOTHING.to_owned(),
        })
    }

    /// The node in fancy-regex syntax: like `render`, with lookarounds and backreferences.
    fn render_backtracking(&self) -> Result<String, String> {
        Ok(match self {
            Node::Seq(items) => items
                .iter()
                .map(Node::render_backtracking)
                .collect::<Result<String, _>>()?,
            Node::Alt(items) => items
                .iter()
                .map(Node::render_backtracking)
                .collect::<Result<Vec<_>, _>>()?
                .join("|"),
            Node::Group(open, inner) => format!("{open}{})", inner.render_backtracking()?),
            Node::Look {
                ahead,
                negative,
                body,
            } => {
                let open = match (ahead, negative) {
                    (true, false) => "(?=",
                    (true, true) => "(?!",
                    (false, false) => "(?<=",
                    (false, true) => "(?<!",
                };
                format!("{open}{})", body.render_backtracking()?)
            }
            // Java lets a zero-width item be quantified: it holds once or, when the
            // quantifier allows none, need not hold at all.
            Node::Repeat(inner, suffix)
                if inner.is_zero_width() || matches!(**inner, Node::End) =>
            {
                if suffix.starts_with(['*', '?']) || suffix.starts_with("{0") {
                    String::new()
                } else {
                    inner.render_backtracking()?
                }
            }
            Node::Repeat(inner, suffix) => format!("{}{suffix}", inner.render_backtracking()?),
            Node::Backref(text) => text.clone(),
            Node::Atom(_) | Node::Start | Node::End | Node::Surrogate => self.render()?,
        })
    }
}

/// The formula for a node evaluated at the start of the input.
fn formula_at_start(node: &Node) -> Result<Formula, String> {
    if !node.has_lookaround() {
        return Ok(Formula::Match(format!("^(?:{})", node.render()?)));
    }
    match node {
        Node::Seq(items) => {
            let split = items
                .iter()
                .position(|n| !n.is_zero_width())
                .unwrap_or(items.len());
            let (prefix, rest) = items.split_at(split);
            let pinned = prefix.iter().any(Node::starts_with_anchor)
                || rest.first().is_some_and(Node::starts_with_anchor);
            if !pinned {
                return Err("lookarounds are only translated when the pattern is anchored at the start (`^`)".to_owned());
            }
            let mut all = Vec::new();
            for item in prefix {
                if let Some(f) = zero_width_formula(item)? {
                    all.push(f);
                }
            }
            let rest = Node::Seq(rest.to_vec());
            if rest.has_lookaround() {
                return Err("a lookaround after the first character-matching part of a pattern cannot be translated".to_owned());
            }
            all.push(Formula::Match(format!("^(?:{})", rest.render()?)));
            Ok(simplify(Formula::All(all)))
        }
        Node::Alt(items) => Ok(Formula::Any(
            items
                .iter()
                .map(formula_at_start)
                .collect::<Result<_, _>>()?,
        )),
        Node::Group(_, inner) => formula_at_start(inner),
        other => formula_at_start(&Node::Seq(vec![other.clone()])),
    }
}

/// The formula of a zero-width item at the start of the input; `None` for `^`.
fn zero_width_formula(node: &Node) -> Result<Option<Formula>, String> {
    Ok(match node {
        Node::Start => None,
        Node::Look {
            ahead: true,
            negative,
            body,
        } => {
            let f = formula_at_start(body)?;
            Some(if *negative {
                Formula::Not(Box::new(f))
            } else {
                f
            })
        }
        Node::Look { ahead: false, .. } => return Err("lookbehind cannot be translated".to_owned()),
        Node::Group(_, inner) => zero_width_formula(inner)?,
        Node::Seq(items) => {
            let parts: Vec<Formula> = items
                .iter()
                .map(zero_width_formula)
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
                .collect();
            Some(Formula::All(parts))
        }
        Node::Alt(items) => {
            let mut any = Vec::new();
            for item in items {
                any.push(zero_width_formula(item)?.unwrap_or(Formula::All(Vec::new())));
            }
            Some(Formula::Any(any))
        }
        _ => return Err("internal error: not a zero-width item".to_owned()),
    })
}

fn simplify(f: Formula) -> Formula {
    match f {
        Formula::All(mut v) if v.len() == 1 => simplify(v.remove(0)),
        Formula::All(v) => Formula::All(v.into_iter().map(simplify).collect()),
        Formula::Any(v) => Formula::Any(v.into_iter().map(simplify).collect()),
        Formula::Not(inner) => Formula::Not(Box::new(simplify(*inner))),
        m => m,
    }
}

mod parse;
#[cfg(test)]
mod tests;

use parse::{Parser, NOTHING};
