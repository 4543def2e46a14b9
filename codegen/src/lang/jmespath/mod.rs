//! Parses the JMESPath expressions of waiters and paginators and types them against the
//! model, so emitters can compile them to Rust that walks the generated structs.
//!
//! The subset is what botocore's JSON-protocol models use: fields, `[]`, `[*]`, `[N]`,
//! filters `[?...]`, `@`, `length()`, `contains()`, comparisons, `&&`, `||`, `!`, JSON
//! literals and raw strings. Anything else is an error naming what is unsupported.

mod expr;
mod parse;
mod typer;

pub use expr::{Comparator, Expr, INPUT_OUTPUT};

use crate::model::{ServiceModel, Shape};
use std::collections::BTreeSet;
use typer::Typer;

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
    let ast = parse::parse(text)?;
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
