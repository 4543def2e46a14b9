//! Parses the JMESPath expressions of waiters and paginators and types them against the
//! model, so emitters can compile them to Rust that walks the generated structs.
//!
//! The subset is what botocore's JSON-protocol models use: fields, `[]`, `[*]`, `[N]`,
//! filters `[?...]`, `@`, `length()`, `contains()`, comparisons, `&&`, `||`, `!`, JSON
//! literals and raw strings. Anything else is an error naming what is unsupported.

mod expr;
mod parse;
mod typer;

pub use expr::{Comparator, Expr, Subject, INPUT_OUTPUT};

use crate::model::{ServiceModel, Shape, ShapeId};
use std::collections::BTreeSet;
use typer::Typer;

/// Member edges `(structure, member target)` whose fields are boxed.
pub type Boxed = BTreeSet<(ShapeId, ShapeId)>;

/// Parses `text` and types it, starting from the shape `root`; `boxed` holds the member
/// edges whose fields are boxed, and `field_name` gives a member's Rust field name (the
/// generator's naming, which this compiler does not decide).
pub fn compile(
    model: &ServiceModel,
    boxed: &Boxed,
    field_name: fn(&str) -> String,
    root: ShapeId,
    text: &str,
) -> Result<Expr, String> {
    compile_from(model, None, boxed, field_name, Subject::Shape(root), text)
}

/// Parses a Smithy `inputOutput` path and types it, starting from a structure with the
/// required members `input` and `output` of the operation's shapes.
pub fn compile_input_output(
    model: &ServiceModel,
    boxed: &Boxed,
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
        Some(&root),
        boxed,
        field_name,
        Subject::InputOutput,
        text,
    )
}

fn compile_from(
    model: &ServiceModel,
    input_output: Option<&Shape>,
    boxed: &Boxed,
    field_name: fn(&str) -> String,
    root: Subject,
    text: &str,
) -> Result<Expr, String> {
    let ast = parse::parse(text)?;
    let typer = Typer {
        model,
        input_output,
        boxed,
        field_name,
    };
    typer.ty(&ast, &Expr::Current { subject: root })
}
