//! Types a parsed JMESPath expression against the model's shapes, into an [`Expr`] that emitters compile to Rust.

use super::expr::{Expr, Subject, INPUT_OUTPUT};
use super::parse::Ast;
use super::Boxed;
use crate::model::{ServiceModel, Shape, ShapeId, ShapeType};

/// What an expression is typed against: the model, the `inputOutput` root when the
/// expression starts there, the boxed member edges and the generator's field naming.
pub(super) struct Typer<'a> {
    pub(super) model: &'a ServiceModel,
    /// The structure of the `inputOutput` root, for an expression that starts there.
    pub(super) input_output: Option<&'a Shape>,
    pub(super) boxed: &'a Boxed,
    pub(super) field_name: fn(&str) -> String,
}

impl Typer<'_> {
    /// The name and definition of the value `expr` yields, for typed expressions.
    fn definition(&self, expr: &Expr) -> Option<(&str, &Shape)> {
        match expr {
            Expr::Current {
                subject: Subject::InputOutput,
            } => self.input_output.map(|shape| (INPUT_OUTPUT, shape)),
            _ => self.model.shape_at(expr.shape()?),
        }
    }

    /// The id of a shape a member or element targets.
    fn target(&self, name: &str) -> Result<ShapeId, String> {
        self.model
            .shape_id(name)
            .ok_or_else(|| format!("shape `{name}` is not defined"))
    }

    fn element_shape(&self, list: &Expr) -> Result<ShapeId, String> {
        let (name, def) = self
            .definition(list)
            .ok_or("only lists from the model can be projected or indexed")?;
        match (&def.shape_type, &def.member) {
            (ShapeType::List, Some(member)) => self.target(&member.shape),
            (other, _) => Err(format!("`{name}` is a {other}, not a list")),
        }
    }

    /// The typed expression `ast` is, read from `current`.
    pub(super) fn ty(&self, ast: &Ast, current: &Expr) -> Result<Expr, String> {
        Ok(match ast {
            Ast::Current => current.clone(),
            Ast::Field(name) => {
                let (shape, def) = self
                    .definition(current)
                    .ok_or_else(|| format!("`{name}` cannot be read from a computed value"))?;
                let member = def.members.get(name).ok_or_else(|| {
                    let hint =
                        crate::diag::did_you_mean(name, def.members.keys().map(String::as_str))
                            .map(|h| format!(" (did you mean `{h}`?)"))
                            .unwrap_or_default();
                    format!("`{name}` is not a member of `{shape}`{hint}")
                })?;
                let target = self.target(&member.shape)?;
                Expr::Field {
                    base: Box::new(current.clone()),
                    field: (self.field_name)(name),
                    required: def.required.contains(name),
                    boxed: current
                        .shape()
                        .is_some_and(|owner| self.boxed.contains(&(owner, target))),
                    shape: target,
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
            Ast::ValuesProject { base, rhs } => {
                let base = self.ty(base, current)?;
                let (name, def) = self
                    .definition(&base)
                    .ok_or("only maps from the model can be projected with `.*`")?;
                let value_shape = match (&def.shape_type, &def.value) {
                    (ShapeType::Map, Some(value)) => self.target(&value.shape)?,
                    (other, _) => {
                        return Err(format!(
                            "`{name}` is a {other}: only maps are projected with `.*` here"
                        ))
                    }
                };
                let value = Expr::Current {
                    subject: Subject::Shape(value_shape),
                };
                Expr::ProjectValues {
                    base: Box::new(base),
                    rhs: Box::new(self.ty(rhs, &value)?),
                }
            }
            Ast::Project {
                base,
                filter,
                rhs,
                flatten,
            } => {
                // `a[].b[].c`: the projection's base is itself a projection, whose result
                // only the generic value knows. Typed instead as `c` projected over each
                // element's `b`, within the projection over `a`, then flattened: the same
                // values.
                if let (
                    true,
                    Ast::Project {
                        base: inner_base,
                        filter: inner_filter,
                        rhs: inner_rhs,
                        flatten: inner_flatten,
                    },
                ) = (*flatten, &**base)
                {
                    let nested = Ast::Project {
                        base: inner_base.clone(),
                        filter: inner_filter.clone(),
                        rhs: Box::new(Ast::Project {
                            base: inner_rhs.clone(),
                            filter: filter.clone(),
                            rhs: rhs.clone(),
                            flatten: true,
                        }),
                        flatten: *inner_flatten,
                    };
                    return Ok(Expr::Flatten(Box::new(self.ty(&nested, current)?)));
                }
                let base = self.ty(base, current)?;
                let element_shape = self.element_shape(&base)?;
                let nested = self
                    .model
                    .shape_at(element_shape)
                    .is_some_and(|(_, s)| s.shape_type == ShapeType::List);
                if *flatten && nested {
                    return Err("flattening a list of lists is not supported".to_owned());
                }
                let element = Expr::Current {
                    subject: Subject::Shape(element_shape),
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
