//! Translates model patterns (Java regular expressions) into a formula of linear-time Rust
//! regexes: lookaheads at the start of the input become `and`/`or`/`not` of plain regexes.
//!
//! Java and Rust differ in small ways that matter for "never reject what the service
//! accepts": `\d`, `\w` and `\s` are ASCII in Java, `.` excludes every line terminator, `$`
//! also matches before a final line terminator, and `\p{Punct}` and `\p{LD}` have no Rust
//! spelling. Patterns are searched, not anchored, unless they anchor themselves.

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

/// Translates a Java pattern; the error says what cannot be translated.
pub fn translate(java: &str) -> Result<Formula, String> {
    let mut parser = Parser {
        chars: java.chars().collect(),
        pos: 0,
    };
    let node = parser.alternation()?;
    if parser.pos < parser.chars.len() {
        return Err(format!("unbalanced `)` at offset {}", parser.pos));
    }
    if !node.has_lookaround() {
        return Ok(Formula::Match(node.render()?));
    }
    formula_at_start(&node)
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
}

impl Node {
    fn has_lookaround(&self) -> bool {
        match self {
            Node::Look { .. } => true,
            Node::Seq(items) | Node::Alt(items) => items.iter().any(Node::has_lookaround),
            Node::Group(_, inner) | Node::Repeat(inner, _) => inner.has_lookaround(),
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
            Node::Repeat(inner, suffix) => format!("{}{suffix}", inner.render()?),
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

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn rest_starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c))
    }

    fn alternation(&mut self) -> Result<Node, String> {
        let mut alternatives = vec![self.sequence()?];
        while self.eat('|') {
            alternatives.push(self.sequence()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Node::Alt(alternatives)
        })
    }

    fn sequence(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.quantifier(atom)?;
            items.push(atom);
        }
        Ok(Node::Seq(items))
    }

    fn quantifier(&mut self, atom: Node) -> Result<Node, String> {
        let mut suffix = match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.pos += 1;
                c.to_string()
            }
            Some('{') => match self.counted() {
                Some(text) => text,
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Start | Node::End | Node::Look { .. }) {
            return Err("a quantified anchor or lookaround cannot be translated".to_owned());
        }
        if self.eat('?') {
            suffix.push('?');
        } else {
            // Possessive quantifiers become greedy: that can only accept more values,
            // never reject one the service accepts.
            self.eat('+');
        }
        Ok(Node::Repeat(Box::new(atom), suffix))
    }

    /// `{n}`, `{n,}` or `{n,m}`; `None` (and nothing consumed) if `{` is a literal.
    fn counted(&mut self) -> Option<String> {
        let start = self.pos;
        let close = self.chars[start..].iter().position(|&c| c == '}')? + start;
        let inner: String = self.chars[start + 1..close].iter().collect();
        let valid = !inner.is_empty()
            && inner.split(',').count() <= 2
            && inner
                .split(',')
                .next()
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            && inner
                .split(',')
                .nth(1)
                .is_none_or(|m| m.chars().all(|c| c.is_ascii_digit()));
        if !valid {
            return None;
        }
        self.pos = close + 1;
        Some(format!("{{{inner}}}"))
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("unexpected end of pattern")?;
        self.pos += 1;
        Ok(match c {
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Atom(r"[^\n\r\x{85}\x{2028}\x{2029}]".to_owned()),
            '[' => Node::Atom(format!("[{}]", self.class_body()?)),
            '(' => self.group()?,
            '\\' => self.escape(false)?,
            '{' if self.counted_at(self.pos - 1) => {
                return Err("a quantifier without anything to repeat".to_owned())
            }
            c => Node::Atom(literal(c)),
        })
    }

    fn counted_at(&mut self, at: usize) -> bool {
        let saved = self.pos;
        self.pos = at;
        let is = self.counted().is_some();
        self.pos = saved;
        is
    }

    fn group(&mut self) -> Result<Node, String> {
        let (open, look) = if self.rest_starts_with("?:") {
            self.pos += 2;
            ("(?:".to_owned(), None)
        } else if self.rest_starts_with("?=") {
            self.pos += 2;
            (String::new(), Some((true, false)))
        } else if self.rest_starts_with("?!") {
            self.pos += 2;
            (String::new(), Some((true, true)))
        } else if self.rest_starts_with("?<=") {
            self.pos += 3;
            (String::new(), Some((false, false)))
        } else if self.rest_starts_with("?<!") {
            self.pos += 3;
            (String::new(), Some((false, true)))
        } else if self.rest_starts_with("?<") {
            self.pos += 2;
            let end = self.chars[self.pos..]
                .iter()
                .position(|&c| c == '>')
                .ok_or("unclosed group name")?
                + self.pos;
            let name: String = self.chars[self.pos..end].iter().collect();
            self.pos = end + 1;
            (format!("(?<{name}>"), None)
        } else if self.rest_starts_with("?>") {
            return Err("atomic groups `(?>...)` cannot be translated".to_owned());
        } else if self.peek() == Some('?') {
            self.pos += 1;
            let end = self.chars[self.pos..]
                .iter()
                .position(|&c| c == ':' || c == ')')
                .ok_or("unclosed flag group")?
                + self.pos;
            let flags: String = self.chars[self.pos..end].iter().collect();
            if let Some(bad) = flags.chars().find(|c| !"imsx-u".contains(*c)) {
                return Err(format!("the flag `{bad}` cannot be translated"));
            }
            let flags = flags.replace('u', "");
            self.pos = end + 1;
            if self.chars[end] == ')' {
                // `(?i)` applies to the rest of the enclosing group.
                return Ok(Node::Atom(if flags.is_empty() || flags == "-" {
                    String::new()
                } else {
                    format!("(?{flags})")
                }));
            }
            (format!("(?{flags}:"), None)
        } else {
            ("(".to_owned(), None)
        };
        let body = self.alternation()?;
        if !self.eat(')') {
            return Err("unclosed group".to_owned());
        }
        Ok(match look {
            Some((ahead, negative)) => Node::Look {
                ahead,
                negative,
                body: Box::new(body),
            },
            None => Node::Group(open, Box::new(body)),
        })
    }

    /// The inside of a character class, after `[`, up to and including the closing `]`
    /// (which is not returned).
    fn class_body(&mut self) -> Result<String, String> {
        let mut out = String::new();
        if self.eat('^') {
            out.push('^');
        }
        let mut first = true;
        loop {
            let c = self.peek().ok_or("unclosed character class")?;
            self.pos += 1;
            match c {
                ']' if !first => return Ok(out),
                '[' => {
                    let inner = self.class_body()?;
                    out.push_str(&format!("[{inner}]"));
                }
                '&' if self.peek() == Some('&') => {
                    self.pos += 1;
                    out.push_str("&&");
                }
                '\\' => match self.escape(true)? {
                    Node::Atom(text) => out.push_str(&text),
                    _ => return Err("an anchor escape inside a character class".to_owned()),
                },
                '-' => {
                    // A range dash stays; a literal dash (first, last, or after a range) is escaped.
                    let is_range =
                        !first && self.peek().is_some_and(|n| n != ']') && !out.ends_with('[');
                    out.push_str(if is_range { "-" } else { r"\-" });
                }
                c => out.push_str(&class_literal(c)),
            }
            first = false;
        }
    }

    /// An escape after `\`; `in_class` selects the class-item spelling.
    fn escape(&mut self, in_class: bool) -> Result<Node, String> {
        let c = self.peek().ok_or("a pattern cannot end with `\\`")?;
        self.pos += 1;
        let set = |items: &str, negated: bool| {
            Node::Atom(match (in_class, negated) {
                (true, false) => items.to_owned(),
                (_, true) => format!("[^{items}]"),
                (false, false) => format!("[{items}]"),
            })
        };
        Ok(match c {
            'd' => set("0-9", false),
            'D' => set("0-9", true),
            'w' => set("a-zA-Z0-9_", false),
            'W' => set("a-zA-Z0-9_", true),
            's' => set(r" \t\n\x0B\f\r", false),
            'S' => set(r" \t\n\x0B\f\r", true),
            'h' => set(
                r" \t\xA0\x{1680}\x{180e}\x{2000}-\x{200a}\x{202f}\x{205f}\x{3000}",
                false,
            ),
            't' => Node::Atom(r"\t".to_owned()),
            'n' => Node::Atom(r"\n".to_owned()),
            'r' => Node::Atom(r"\r".to_owned()),
            'f' => Node::Atom(r"\f".to_owned()),
            'a' => Node::Atom(r"\x07".to_owned()),
            'e' => Node::Atom(r"\x1B".to_owned()),
            'x' => {
                let hex = if self.eat('{') {
                    let end = self.chars[self.pos..]
                        .iter()
                        .position(|&c| c == '}')
                        .ok_or("unclosed `\\x{`")?
                        + self.pos;
                    let h: String = self.chars[self.pos..end].iter().collect();
                    self.pos = end + 1;
                    h
                } else {
                    self.take_hex(2)?
                };
                Node::Atom(format!(r"\x{{{hex}}}"))
            }
            'u' => {
                let high =
                    u32::from_str_radix(&self.take_hex(4)?, 16).map_err(|e| e.to_string())?;
                // Java patterns spell characters beyond U+FFFF as UTF-16 surrogate pairs.
                let code = if (0xD800..0xDC00).contains(&high) && self.rest_starts_with("\\u") {
                    self.pos += 2;
                    let low =
                        u32::from_str_radix(&self.take_hex(4)?, 16).map_err(|e| e.to_string())?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(format!("\\u{high:X} is not followed by a low surrogate"));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xD800..0xE000).contains(&high) {
                    return Err(format!(
                        "the lone surrogate \\u{high:X} cannot be translated"
                    ));
                } else {
                    high
                };
                Node::Atom(format!(r"\x{{{code:x}}}"))
            }
            '0' => {
                let digits: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|c| ('0'..='7').contains(c))
                    .take(3)
                    .collect();
                self.pos += digits.len();
                let value = u32::from_str_radix(&digits, 8).map_err(|_| "invalid octal escape")?;
                Node::Atom(format!(r"\x{{{value:x}}}"))
            }
            'c' => {
                let ch = self.peek().ok_or("unfinished `\\c`")?;
                self.pos += 1;
                Node::Atom(format!(r"\x{{{:x}}}", (ch as u32) ^ 0x40))
            }
            'p' | 'P' => {
                let name = if self.eat('{') {
                    let end = self.chars[self.pos..]
                        .iter()
                        .position(|&c| c == '}')
                        .ok_or("unclosed `\\p{`")?
                        + self.pos;
                    let n: String = self.chars[self.pos..end].iter().collect();
                    self.pos = end + 1;
                    n
                } else {
                    let n = self.peek().ok_or("unfinished `\\p`")?;
                    self.pos += 1;
                    n.to_string()
                };
                let (items, is_class_items) = property(&name)?;
                let negated = c == 'P';
                if is_class_items {
                    set(&items, negated)
                } else {
                    let text = if negated {
                        format!(r"\P{{{items}}}")
                    } else {
                        format!(r"\p{{{items}}}")
                    };
                    Node::Atom(text)
                }
            }
            'Q' => {
                let end = (self.pos..self.chars.len())
                    .find(|&i| self.chars[i] == '\\' && self.chars.get(i + 1) == Some(&'E'))
                    .unwrap_or(self.chars.len());
                let text: String = self.chars[self.pos..end]
                    .iter()
                    .map(|&c| {
                        if in_class {
                            class_literal(c)
                        } else {
                            literal(c)
                        }
                    })
                    .collect();
                self.pos = (end + 2).min(self.chars.len());
                Node::Atom(text)
            }
            'b' | 'B' if !in_class => Node::Atom(format!(r"\{c}")),
            'A' if !in_class => Node::Start,
            'z' if !in_class => Node::Atom(r"\z".to_owned()),
            'Z' if !in_class => Node::End,
            c if c.is_ascii_digit() || c == 'k' => {
                return Err("backreferences cannot be translated".to_owned())
            }
            c if c.is_ascii_alphanumeric() => {
                return Err(format!("the escape `\\{c}` cannot be translated"))
            }
            c => Node::Atom(if in_class {
                class_literal(c)
            } else {
                literal(c)
            }),
        })
    }

    fn take_hex(&mut self, n: usize) -> Result<String, String> {
        let hex: String = self.chars[self.pos..].iter().take(n).collect();
        if hex.len() != n || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("expected {n} hex digits"));
        }
        self.pos += n;
        Ok(hex)
    }
}

/// A Java `\p{...}` name as Rust: either class items (for POSIX and Java-specific classes)
/// or a Unicode property name.
fn property(name: &str) -> Result<(String, bool), String> {
    let items = match name {
        "Lower" => "a-z",
        "Upper" => "A-Z",
        "ASCII" => r"\x00-\x7F",
        "Alpha" => "a-zA-Z",
        "Digit" => "0-9",
        "Alnum" => "a-zA-Z0-9",
        "Punct" => "[:punct:]",
        "Graph" => "[:graph:]",
        "Print" => "[:print:]",
        "Blank" => r" \t",
        "Cntrl" => r"\x00-\x1F\x7F",
        "XDigit" => "0-9a-fA-F",
        "Space" => r" \t\n\x0B\f\r",
        // Java's letter-or-digit: letters and decimal digits.
        "LD" => r"\p{L}\p{Nd}",
        "L1" => r"\x00-\xFF",
        "all" => r"\x00-\x{10FFFF}",
        _ => {
            let bare = name.strip_prefix("Is").unwrap_or(name);
            if name.starts_with("In") || name.starts_with("java") {
                return Err(format!("the property `\\p{{{name}}}` cannot be translated"));
            }
            return Ok((bare.to_owned(), false));
        }
    };
    Ok((items.to_owned(), true))
}

fn literal(c: char) -> String {
    if r"\.+*?()|[]{}^$#&-~".contains(c) {
        format!(r"\{c}")
    } else if c.is_whitespace() || c.is_control() {
        format!(r"\x{{{:x}}}", c as u32)
    } else {
        c.to_string()
    }
}

fn class_literal(c: char) -> String {
    if r"\[]^-&~".contains(c) {
        format!(r"\{c}")
    } else if c.is_whitespace() || c.is_control() {
        format!(r"\x{{{:x}}}", c as u32)
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
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
}
