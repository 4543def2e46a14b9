//! The parser of Java patterns into the node tree, rendering atoms in Rust regex syntax.

use super::Node;

/// A class that matches no character.
pub(super) const NOTHING: &str = r"[^\x{0}-\x{10ffff}]";

pub(super) struct Parser {
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
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

    pub(super) fn alternation(&mut self) -> Result<Node, String> {
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
        if self.eat('?') {
            suffix.push('?');
        } else {
            // Possessive quantifiers become greedy: that can only accept more values,
            // never reject one the service accepts.
            self.eat('+');
        }
        // java.util.regex ignores a counted quantifier that follows a quantifier
        // (`a{2}{3}` matches `aa`), so the translation does too.
        while self.peek() == Some('{') && self.counted().is_some() {}
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
            let name = self.take_until('>', "unclosed group name")?;
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
        let negated = self.eat('^');
        let mut first = true;
        // Whether the last item was one character, which a `-` can start a range from.
        let mut after_char = false;
        loop {
            let c = self.peek().ok_or("unclosed character class")?;
            self.pos += 1;
            let mut is_char = true;
            match c {
                ']' if !first => break,
                '[' => {
                    let inner = self.class_body()?;
                    out.push_str(&format!("[{inner}]"));
                    is_char = false;
                }
                '&' if self.peek() == Some('&') => {
                    self.pos += 1;
                    out.push_str("&&");
                    is_char = false;
                }
                '\\' => {
                    let letter = self.peek();
                    match self.escape(true)? {
                        Node::Surrogate => {
                            self.surrogate_in_class(&mut out)?;
                            is_char = false;
                        }
                        Node::Atom(text) => {
                            out.push_str(&text);
                            // `\w`, `\d`, `\p{..}` and the like are sets, not characters:
                            // java.util.regex reads a `-` after them as a literal.
                            is_char = !letter.is_some_and(|l| "dDwWsShHpPQ".contains(l));
                        }
                        _ => return Err("an anchor escape inside a character class".to_owned()),
                    }
                }
                '-' => {
                    // A range dash stays; a literal dash (first, last, or after a set) is escaped.
                    let is_range = after_char && self.peek().is_some_and(|n| n != ']');
                    if is_range && self.rest_starts_with("\\u") {
                        // A range that ends at a lone surrogate ends, for Rust strings,
                        // just before the surrogates (its start is below them).
                        let saved = self.pos;
                        self.pos += 1;
                        if let Node::Surrogate = self.escape(true)? {
                            out.push_str(r"-\x{d7ff}");
                            first = false;
                            after_char = false;
                            continue;
                        }
                        self.pos = saved;
                    }
                    out.push_str(if is_range { "-" } else { r"\-" });
                    is_char = false;
                }
                c => out.push_str(&class_literal(c)),
            }
            first = false;
            after_char = is_char;
        }
        // A class left empty by dropped surrogates matches nothing (or, negated, anything).
        Ok(match (negated, out.is_empty()) {
            (false, true) => r"^\x{0}-\x{10ffff}".to_owned(),
            (true, true) => r"\x{0}-\x{10ffff}".to_owned(),
            (true, false) => format!("^{out}"),
            (false, false) => out,
        })
    }

    /// After a lone surrogate in a class: no Rust string holds one, so it is dropped; as
    /// the start of a range, the range keeps what lies above the surrogates.
    fn surrogate_in_class(&mut self, out: &mut String) -> Result<(), String> {
        if self.peek() != Some('-') || self.chars.get(self.pos + 1).is_none_or(|&c| c == ']') {
            return Ok(());
        }
        self.pos += 1;
        let end = match self.peek().ok_or("unclosed character class")? {
            '\\' => {
                self.pos += 1;
                match self.escape(true)? {
                    Node::Surrogate => return Ok(()),
                    Node::Atom(text) => text,
                    _ => return Err("an anchor escape inside a character class".to_owned()),
                }
            }
            c => {
                self.pos += 1;
                class_literal(c)
            }
        };
        out.push_str(&format!(r"\x{{e000}}-{end}"));
        Ok(())
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
            'H' => set(
                r" \t\xA0\x{1680}\x{180e}\x{2000}-\x{200a}\x{202f}\x{205f}\x{3000}",
                true,
            ),
            // Java's vertical whitespace.
            'v' => set(r"\n\x0B\f\r\x{85}\x{2028}\x{2029}", false),
            'V' => set(r"\n\x0B\f\r\x{85}\x{2028}\x{2029}", true),
            't' => Node::Atom(r"\t".to_owned()),
            'n' => Node::Atom(r"\n".to_owned()),
            'r' => Node::Atom(r"\r".to_owned()),
            'f' => Node::Atom(r"\f".to_owned()),
            'a' => Node::Atom(r"\x07".to_owned()),
            'e' => Node::Atom(r"\x1B".to_owned()),
            'x' => {
                let hex = if self.eat('{') {
                    self.take_until('}', "unclosed `\\x{`")?
                } else {
                    self.take_hex(2)?
                };
                Node::Atom(format!(r"\x{{{hex}}}"))
            }
            'u' => {
                let high =
                    u32::from_str_radix(&self.take_hex(4)?, 16).map_err(|e| e.to_string())?;
                // Java patterns spell characters beyond U+FFFF as UTF-16 surrogate pairs; a
                // surrogate not in a pair stands alone, as in java.util.regex.
                let paired = (0xD800..0xDC00).contains(&high) && self.rest_starts_with("\\u") && {
                    let low: String = self.chars[self.pos + 2..].iter().take(4).collect();
                    u32::from_str_radix(&low, 16).is_ok_and(|l| (0xDC00..0xE000).contains(&l))
                };
                if paired {
                    self.pos += 2;
                    let low =
                        u32::from_str_radix(&self.take_hex(4)?, 16).map_err(|e| e.to_string())?;
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    Node::Atom(format!(r"\x{{{code:x}}}"))
                } else if (0xD800..0xE000).contains(&high) {
                    Node::Surrogate
                } else {
                    Node::Atom(format!(r"\x{{{high:x}}}"))
                }
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
                    self.take_until('}', "unclosed `\\p{`")?
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
            c if c.is_ascii_digit() && c != '0' && !in_class => {
                // Java reads as many digits as name an existing group; models use one.
                Node::Backref(format!(r"\{c}"))
            }
            'k' if !in_class && self.peek() == Some('<') => {
                self.pos += 1;
                let name = self.take_until('>', "unclosed `\\k<`")?;
                Node::Backref(format!(r"\k<{name}>"))
            }
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

    /// The text up to `close`, which is consumed too; `unclosed` is the error without it.
    fn take_until(&mut self, close: char, unclosed: &str) -> Result<String, String> {
        let end = self.chars[self.pos..]
            .iter()
            .position(|&c| c == close)
            .ok_or(unclosed)?
            + self.pos;
        let text: String = self.chars[self.pos..end].iter().collect();
        self.pos = end + 1;
        Ok(text)
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
