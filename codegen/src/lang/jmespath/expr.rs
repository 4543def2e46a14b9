//! A typed JMESPath expression: what the compiler produces and emitters compile to Rust.

use crate::model::ShapeId;
use serde_json::Value;

/// What an expression's current value is: a value of a shape of the model, or the root of
/// a Smithy `inputOutput` path (`input` and `output`, both present, held by reference as
/// `runtime::waiter::InputOutput`), which no model shape is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A value of the shape.
    Shape(ShapeId),
    /// The `inputOutput` root.
    InputOutput,
}

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
        /// What it is.
        subject: Subject,
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
        shape: ShapeId,
    },
    /// An element of a list by position (negative counts from the end).
    Index {
        /// The list.
        base: Box<Expr>,
        /// The position.
        index: i64,
        /// The element shape.
        shape: ShapeId,
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
    /// `base.*.rhs`: `rhs` applied to each value of the map `base`, nulls dropped (in the
    /// map's order, which no waiter matcher depends on).
    ProjectValues {
        /// The map.
        base: Box<Expr>,
        /// Applied to each value (whose shape is the map's value shape).
        rhs: Box<Expr>,
    },
    /// A list with the lists among its items replaced by their items (`a[].b[]` flattens
    /// the lists `b` gives each element of `a`).
    Flatten(Box<Expr>),
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
    /// The model shape a typed expression yields, or `None` for dynamic values and the
    /// `inputOutput` root.
    pub fn shape(&self) -> Option<ShapeId> {
        match self {
            Expr::Current {
                subject: Subject::Shape(shape),
            }
            | Expr::Field { shape, .. }
            | Expr::Index { shape, .. } => Some(*shape),
            _ => None,
        }
    }
}

/// The name problems give the root of a Smithy `inputOutput` path; it cannot be a botocore
/// shape name, so it never meets one.
pub const INPUT_OUTPUT: &str = "smithy.waiters#InputOutput";
