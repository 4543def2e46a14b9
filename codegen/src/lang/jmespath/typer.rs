//! Types a parsed JMESPath expression against the model's shapes, into an [`Expr`] that emitters compile to Rust.

use super::expr::Expr;
use super::parse::Ast;
use crate::model::{ServiceModel, Shape, ShapeType};
use std::collections::BTreeSet;

/// What an expression is typed against: the model, one extra root shape, the boxed member
/// edges and the generator's field naming.
pub(super) struct Typer<'a> {
    pub(super) model: &'a ServiceModel,
    /// A shape outside the model (the `inputOutput` root), by name.
    pub(super) extra: Option<(&'a str, &'a Shape)>,
    pub(super) boxed: &'a BTreeSet<(String, String)>,
    pub(super) field_name: fn(&str) -> String,
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

    /// The typed expression `ast` is, read from `current`.
    pub(super) fn ty(&self, ast: &Ast, current: &Expr) -> Result<Expr, String> {
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
