//! The JMESPath subset's lexer and Pratt parser: text into an untyped syntax tree.

use super::expr::Comparator;
use serde_json::Value;

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

/// Parses the whole of `text`.
pub(super) fn parse(text: &str) -> Result<Ast, String> {
    let tokens = lex(text)?;
    let mut parser = Parser { tokens, pos: 0 };
    let ast = parser.expression(0)?;
    if parser.pos < parser.tokens.len() {
        return Err(format!("unexpected `{}`", parser.tokens[parser.pos].text()));
    }
    Ok(ast)
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
pub(super) enum Ast {
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
    /// `base.*.rhs`: `rhs` applied to each value of the object `base`.
    ValuesProject {
        base: Box<Ast>,
        rhs: Box<Ast>,
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
            Token::Dot if self.peek() == Some(&Token::Star) => self.values_projection(left),
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

    /// `base.*` and what follows, the `.` read: an object projection.
    fn values_projection(&mut self, base: Ast) -> Result<Ast, String> {
        self.pos += 1;
        let rhs = self.projection_rhs(20)?;
        Ok(Ast::ValuesProject {
            base: Box::new(base),
            rhs: Box::new(rhs),
        })
    }

    fn projection_rhs(&mut self, bp: u8) -> Result<Ast, String> {
        match self.peek() {
            Some(t) if t.binding_power() < 10 => Ok(Ast::Current),
            Some(Token::Dot) if self.tokens.get(self.pos + 1) == Some(&Token::Star) => {
                self.pos += 1;
                let projection = self.values_projection(Ast::Current)?;
                self.continue_projection(projection, bp)
            }
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
