//! Parses the JMESPath expressions of waiters and paginators and types them against the
//! model, so emitters can compile them to Rust that walks the generated structs.
//!
//! The subset is what botocore's JSON-protocol models use: fields, `[]`, `[*]`, `[N]`,
//! filters `[?...]`, `@`, `length()`, `contains()`, comparisons, `&&`, `||`, `!`, JSON
//! literals and raw strings. Anything else is an error naming what is unsupported.

use crate::model::{ServiceModel, Shape, ShapeType};
use serde_json::Value;
use std::collections::BTreeSet;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A typed expression. `Typed` nodes navigate the generated structs and yield an optional
/// reference to a value of a known shape; the others yield dynamic JMESPath values.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// The current value (`@`, or the root).
    Current {
        /// Its shape.
        shape: String,
    },
    /// A member of a structure.
    Field {
        /// The structure.
        base: Box<Expr>,
        /// Rust field name.
        field: String,
        /// Whether the member is required (so not an `Option`).
        required: bool,
        /// Whether the member is boxed.
        boxed: bool,
        /// The member's shape.
        shape: String,
    },
    /// An element of a list by position (negative counts from the end).
    Index {
        /// The list.
        base: Box<Expr>,
        /// The position.
        index: i64,
        /// The element shape.
        shape: String,
    },
    /// `base[].rhs`, `base[*].rhs` or `base[?filter].rhs`: `rhs` applied to each element
    /// (that passes the filter), nulls dropped.
    Project {
        /// The list.
        base: Box<Expr>,
        /// Elements pass when this is truthy.
        filter: Option<Box<Expr>>,
        /// Applied to each element (whose shape is the list's element shape).
        rhs: Box<Expr>,
    },
    /// A comparison.
    Compare(Comparator, Box<Expr>, Box<Expr>),
    /// `a && b`.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`.
    Or(Box<Expr>, Box<Expr>),
    /// `!a`.
    Not(Box<Expr>),
    /// A literal.
    Literal(Value),
    /// `length(a)`.
    Length(Box<Expr>),
    /// `contains(a, b)`.
    Contains(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// The shape a typed expression yields, or `None` for dynamic values.
    pub fn shape(&self) -> Option<&str> {
        match self {
            Expr::Current { shape } | Expr::Field { shape, .. } | Expr::Index { shape, .. } => {
                Some(shape)
            }
            _ => None,
        }
    }
}

/// The shape a Smithy `inputOutput` path starts from: `input` and `output`, both present,
/// held by reference (`runtime::waiter::InputOutput`). Its name cannot be a botocore shape
/// name, so it never meets one.
pub const INPUT_OUTPUT: &str = "smithy.waiters#InputOutput";

/// Parses `text` and types it, starting from the shape `root`; `boxed` holds the
/// `(structure, member shape)` pairs whose fields are boxed, and `field_name` gives a
/// member's Rust field name (the generator's naming, which this compiler does not decide).
pub fn compile(
    model: &ServiceModel,
    boxed: &BTreeSet<(String, String)>,
    field_name: fn(&str) -> String,
    root: &str,
    text: &str,
) -> Result<Expr, String> {
    compile_from(model, None, boxed, field_name, root, text)
}

/// Parses a Smithy `inputOutput` path and types it, starting from [`INPUT_OUTPUT`]: a
/// structure with the required members `input` and `output` of the operation's shapes.
pub fn compile_input_output(
    model: &ServiceModel,
    boxed: &BTreeSet<(String, String)>,
    field_name: fn(&str) -> String,
    (input, output): (&str, &str),
    text: &str,
) -> Result<Expr, String> {
    let mut root = crate::model::smithy::blank_structure();
    for (name, target) in [("input", input), ("output", output)] {
        root.members.insert(
            name.to_owned(),
            crate::model::smithy::member_ref(target.to_owned()),
        );
        root.required.push(name.to_owned());
    }
    compile_from(
        model,
        Some((INPUT_OUTPUT, &root)),
        boxed,
        field_name,
        INPUT_OUTPUT,
        text,
    )
}

fn compile_from(
    model: &ServiceModel,
    extra: Option<(&str, &Shape)>,
    boxed: &BTreeSet<(String, String)>,
    field_name: fn(&str) -> String,
    root: &str,
    text: &str,
) -> Result<Expr, String> {
    let tokens = lex(text)?;
    let mut parser = Parser { tokens, pos: 0 };
    let ast = parser.expression(0)?;
    if parser.pos < parser.tokens.len() {
        return Err(format!("unexpected `{}`", parser.tokens[parser.pos].text()));
    }
    let typer = Typer {
        model,
        extra,
        boxed,
        field_name,
    };
    typer.ty(
        &ast,
        &Expr::Current {
            shape: root.to_owned(),
        },
    )
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    Dot,
    LBracket,
    RBracket,
    Flatten,
    Star,
    Filter,
    At,
    LParen,
    RParen,
    Comma,
    Not,
    And,
    Or,
    Pipe,
    Cmp(Comparator),
    Number(i64),
    Literal(Value),
}

impl Token {
    fn text(&self) -> String {
        format!("{self:?}")
    }

    fn binding_power(&self) -> u8 {
        match self {
            Token::Pipe => 1,
            Token::Or => 2,
            Token::And => 3,
            Token::Cmp(_) => 5,
            Token::Flatten => 9,
            Token::Star => 20,
            Token::Filter => 21,
            Token::Dot => 40,
            Token::Not => 45,
            Token::LBracket => 55,
            Token::LParen => 60,
            _ => 0,
        }
    }
}

fn lex(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (token, len) = match c {
            ' ' | '\t' | '\n' => {
                i += 1;
                continue;
            }
            '.' => (Token::Dot, 1),
            '@' => (Token::At, 1),
            '(' => (Token::LParen, 1),
            ')' => (Token::RParen, 1),
            ',' => (Token::Comma, 1),
            ']' => (Token::RBracket, 1),
            '*' => (Token::Star, 1),
            '[' if next == Some(']') => (Token::Flatten, 2),
            '[' if next == Some('?') => (Token::Filter, 2),
            '[' => (Token::LBracket, 1),
            '&' if next == Some('&') => (Token::And, 2),
            '|' if next == Some('|') => (Token::Or, 2),
            '|' => (Token::Pipe, 1),
            '!' if next == Some('=') => (Token::Cmp(Comparator::Ne), 2),
            '!' => (Token::Not, 1),
            '=' if next == Some('=') => (Token::Cmp(Comparator::Eq), 2),
            '<' if next == Some('=') => (Token::Cmp(Comparator::Le), 2),
            '<' => (Token::Cmp(Comparator::Lt), 1),
            '>' if next == Some('=') => (Token::Cmp(Comparator::Ge), 2),
            '>' => (Token::Cmp(Comparator::Gt), 1),
            '`' | '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .ok_or("unclosed literal")?
                    + i
                    + 1;
                let body: String = chars[i + 1..end].iter().collect();
                let value = if c == '\'' {
                    Value::String(body.replace("\\'", "'"))
                } else {
                    serde_json::from_str(&body.replace("\\`", "`"))
                        .or_else(|_| serde_json::from_str(&format!("\"{body}\"")))
                        .map_err(|_| format!("`{body}` is not a JSON literal"))?
                };
                (Token::Literal(value), end - i + 1)
            }
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&q| q == '"')
                    .ok_or("unclosed quoted identifier")?
                    + i
                    + 1;
                (
                    Token::Ident(chars[i + 1..end].iter().collect()),
                    end - i + 1,
                )
            }
            c if c == '-' || c.is_ascii_digit() => {
                let len = 1 + chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                let text: String = chars[i..i + len].iter().collect();
                (
                    Token::Number(
                        text.parse()
                            .map_err(|_| format!("`{text}` is not a number"))?,
                    ),
                    len,
                )
            }
            c if c.is_alphabetic() || c == '_' => {
                let len = chars[i..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() || **c == '_')
                    .count();
                (Token::Ident(chars[i..i + len].iter().collect()), len)
            }
            other => return Err(format!("unexpected character `{other}`")),
        };
        tokens.push(token);
        i += len;
    }
    Ok(tokens)
}

/// The untyped syntax tree.
#[derive(Clone, Debug)]
enum Ast {
    Current,
    Field(String),
    Sub(Box<Ast>, Box<Ast>),
    Index(Box<Ast>, i64),
    Project {
        base: Box<Ast>,
        filter: Option<Box<Ast>>,
        rhs: Box<Ast>,
        flatten: bool,
    },
    Compare(Comparator, Box<Ast>, Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    Not(Box<Ast>),
    Literal(Value),
    Function(String, Vec<Ast>),
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Result<Token, String> {
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or("unexpected end of expression")?;
        self.pos += 1;
        Ok(token)
    }

    fn expect(&mut self, token: Token) -> Result<(), String> {
        let got = self.next()?;
        if got == token {
            Ok(())
        } else {
            Err(format!("expected {token:?}, found {got:?}"))
        }
    }

    fn expression(&mut self, bp: u8) -> Result<Ast, String> {
        let mut left = self.nud()?;
        while let Some(token) = self.peek() {
            if token.binding_power() <= bp {
                break;
            }
            left = self.led(left)?;
        }
        Ok(left)
    }

    fn nud(&mut self) -> Result<Ast, String> {
        match self.next()? {
            Token::Ident(name) => {
                if self.peek() == Some(&Token::LParen) {
                    self.pos += 1;
                    let mut args = Vec::new();
                    while self.peek() != Some(&Token::RParen) {
                        args.push(self.expression(0)?);
                        if self.peek() == Some(&Token::Comma) {
                            self.pos += 1;
                        }
                    }
                    self.expect(Token::RParen)?;
                    return Ok(Ast::Function(name, args));
                }
                Ok(Ast::Field(name))
            }
            Token::At => Ok(Ast::Current),
            Token::Literal(v) => Ok(Ast::Literal(v)),
            Token::Not => Ok(Ast::Not(Box::new(self.expression(45)?))),
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(Token::RParen)?;
                Ok(inner)
            }
            Token::Flatten => {
                let rhs = self.projection_rhs(9)?;
                Ok(Ast::Project {
                    base: Box::new(Ast::Current),
                    filter: None,
                    rhs: Box::new(rhs),
                    flatten: true,
                })
            }
            Token::Filter => self.filter(Ast::Current),
            Token::Star => {
                let rhs = self.projection_rhs(20)?;
                Ok(Ast::Project {
                    base: Box::new(Ast::Current),
                    filter: None,
                    rhs: Box::new(rhs),
                    flatten: false,
                })
            }
            other => Err(format!("{other:?} cannot start an expression")),
        }
    }

    fn led(&mut self, left: Ast) -> Result<Ast, String> {
        match self.next()? {
            Token::Dot => {
                let rhs = self.dot_rhs()?;
                Ok(Ast::Sub(Box::new(left), Box::new(rhs)))
            }
            Token::Flatten => {
                let rhs = self.projection_rhs(9)?;
                Ok(Ast::Project {
                    base: Box::new(left),
                    filter: None,
                    rhs: Box::new(rhs),
                    flatten: true,
                })
            }
            Token::Filter => self.filter(left),
            Token::LBracket => match self.next()? {
                Token::Number(n) => {
                    self.expect(Token::RBracket)?;
                    Ok(Ast::Index(Box::new(left), n))
                }
                Token::Star => {
                    self.expect(Token::RBracket)?;
                    let rhs = self.projection_rhs(20)?;
                    Ok(Ast::Project {
                        base: Box::new(left),
                        filter: None,
                        rhs: Box::new(rhs),
                        flatten: false,
                    })
                }
                other => Err(format!(
                    "slices and multi-selects are not supported ({other:?} after `[`)"
                )),
            },
            Token::Cmp(op) => Ok(Ast::Compare(
                op,
                Box::new(left),
                Box::new(self.expression(5)?),
            )),
            Token::And => Ok(Ast::And(Box::new(left), Box::new(self.expression(3)?))),
            Token::Or => Ok(Ast::Or(Box::new(left), Box::new(self.expression(2)?))),
            Token::Pipe => Err("pipes are not supported".to_owned()),
            other => Err(format!("unexpected {other:?}")),
        }
    }

    fn filter(&mut self, base: Ast) -> Result<Ast, String> {
        let condition = self.expression(0)?;
        self.expect(Token::RBracket)?;
        let rhs = self.projection_rhs(21)?;
        Ok(Ast::Project {
            base: Box::new(base),
            filter: Some(Box::new(condition)),
            rhs: Box::new(rhs),
            flatten: false,
        })
    }

    fn dot_rhs(&mut self) -> Result<Ast, String> {
        match self.peek() {
            Some(Token::Ident(_)) => self.expression(40),
            Some(Token::Star) => {
                self.pos += 1;
                Err("object projections (`.*`) are not supported".to_owned())
            }
            other => Err(format!("{other:?} after `.`")),
        }
    }

    fn projection_rhs(&mut self, bp: u8) -> Result<Ast, String> {
        match self.peek() {
            Some(t) if t.binding_power() < 10 => Ok(Ast::Current),
            Some(Token::Dot) => {
                self.pos += 1;
                let rhs = self.dot_rhs()?;
                self.continue_projection(rhs, bp)
            }
            Some(Token::LBracket | Token::Filter | Token::Flatten) => {
                self.continue_projection(Ast::Current, bp)
            }
            None => Ok(Ast::Current),
            Some(other) => Err(format!("unexpected {other:?} in a projection")),
        }
    }

    fn continue_projection(&mut self, mut left: Ast, bp: u8) -> Result<Ast, String> {
        while let Some(token) = self.peek() {
            if token.binding_power() < 10
                || token.binding_power() <= bp && !matches!(token, Token::Dot | Token::LBracket)
            {
                break;
            }
            left = self.led(left)?;
        }
        Ok(left)
    }
}

struct Typer<'a> {
    model: &'a ServiceModel,
    /// A shape outside the model (the `inputOutput` root), by name.
    extra: Option<(&'a str, &'a Shape)>,
    boxed: &'a BTreeSet<(String, String)>,
    field_name: fn(&str) -> String,
}

impl Typer<'_> {
    fn shape(&self, name: &str) -> Option<&Shape> {
        match self.extra {
            Some((extra, shape)) if extra == name => Some(shape),
            _ => self.model.shapes.get(name),
        }
    }

    fn element_shape(&self, list: &Expr) -> Result<String, String> {
        let shape = list
            .shape()
            .ok_or("only lists from the model can be projected or indexed")?;
        let def = self
            .shape(shape)
            .ok_or_else(|| format!("shape `{shape}` is not defined"))?;
        match (&def.shape_type, &def.member) {
            (ShapeType::List, Some(member)) => Ok(member.shape.clone()),
            (other, _) => Err(format!("`{shape}` is a {other}, not a list")),
        }
    }

    fn ty(&self, ast: &Ast, current: &Expr) -> Result<Expr, String> {
        Ok(match ast {
            Ast::Current => current.clone(),
            Ast::Field(name) => {
                let shape = current
                    .shape()
                    .ok_or_else(|| format!("`{name}` cannot be read from a computed value"))?;
                let def = self
                    .shape(shape)
                    .ok_or_else(|| format!("shape `{shape}` is not defined"))?;
                let member = def.members.get(name).ok_or_else(|| {
                    let hint =
                        crate::diag::did_you_mean(name, def.members.keys().map(String::as_str))
                            .map(|h| format!(" (did you mean `{h}`?)"))
                            .unwrap_or_default();
                    format!("`{name}` is not a member of `{shape}`{hint}")
                })?;
                Expr::Field {
                    base: Box::new(current.clone()),
                    field: (self.field_name)(name),
                    required: def.required.contains(name),
                    boxed: self
                        .boxed
                        .contains(&(shape.to_owned(), member.shape.clone())),
                    shape: member.shape.clone(),
                }
            }
            Ast::Sub(left, right) => {
                let left = self.ty(left, current)?;
                self.ty(right, &left)?
            }
            Ast::Index(base, index) => {
                let base = self.ty(base, current)?;
                let shape = self.element_shape(&base)?;
                Expr::Index {
                    base: Box::new(base),
                    index: *index,
                    shape,
                }
            }
            Ast::Project {
                base,
                filter,
                rhs,
                flatten,
            } => {
                let base = self.ty(base, current)?;
                let element_shape = self.element_shape(&base)?;
                let nested = self
                    .model
                    .shapes
                    .get(&element_shape)
                    .is_some_and(|s| s.shape_type == ShapeType::List);
                if *flatten && nested {
                    return Err("flattening a list of lists is not supported".to_owned());
                }
                let element = Expr::Current {
                    shape: element_shape,
                };
                let filter = filter
                    .as_ref()
                    .map(|f| self.ty(f, &element))
                    .transpose()?
                    .map(Box::new);
                let rhs = self.ty(rhs, &element)?;
                Expr::Project {
                    base: Box::new(base),
                    filter,
                    rhs: Box::new(rhs),
                }
            }
            Ast::Compare(op, l, r) => Expr::Compare(
                *op,
                Box::new(self.ty(l, current)?),
                Box::new(self.ty(r, current)?),
            ),
            Ast::And(l, r) => Expr::And(
                Box::new(self.ty(l, current)?),
                Box::new(self.ty(r, current)?),
            ),
            Ast::Or(l, r) => Expr::Or(
                Box::new(self.ty(l, current)?),
                Box::new(self.ty(r, current)?),
            ),
            Ast::Not(inner) => Expr::Not(Box::new(self.ty(inner, current)?)),
            Ast::Literal(v) => Expr::Literal(v.clone()),
            Ast::Function(name, args) => match (name.as_str(), args.as_slice()) {
                ("length", [a]) => Expr::Length(Box::new(self.ty(a, current)?)),
                ("contains", [a, b]) => Expr::Contains(
                    Box::new(self.ty(a, current)?),
                    Box::new(self.ty(b, current)?),
                ),
                (other, _) => {
                    return Err(format!(
                        "the function `{other}` with {} argument(s) is not supported",
                        args.len()
                    ))
                }
            },
        })
    }
}
