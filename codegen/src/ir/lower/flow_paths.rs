//! Compiles the JMESPath expressions of paginators and waiters against an operation's output (or, for Smithy's `inputOutput`, its input and output), as located problems when they do not compile.

use crate::diag::Diagnostic;
use crate::ir::names;
use crate::lang::jmespath::{compile, compile_input_output, Boxed, Expr};
use crate::model::{ServiceModel, Shape};

/// The waiter matchers botocore knows.
pub(super) const MATCHERS: &[&str] = &["path", "pathAll", "pathAny", "status", "error"];
/// The states an acceptor can put a waiter in.
pub(super) const STATES: &[&str] = &["success", "failure", "retry"];

/// An expression that does not compile: what is wrong and, if a member is close, which.
pub(super) struct PathProblem {
    expression: String,
    message: String,
}

impl PathProblem {
    pub(super) fn diagnostic(self, file: &str, location: String, owner: &str) -> Diagnostic {
        let (message, hint) = match self.message.split_once(" (did you mean `") {
            Some((message, hint)) => (
                message.to_owned(),
                Some(hint.trim_end_matches("?)").trim_end_matches('`').to_owned()),
            ),
            None => (self.message.clone(), None),
        };
        let mut d = Diagnostic::error(file, location, format!("{owner}: {message}"));
        let is_plain_name = self
            .expression
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_');
        if !is_plain_name {
            d = d.note(format!("in the expression `{}`", self.expression));
        }
        if let Some(hint) = hint {
            d = d.note(format!("did you mean `{hint}`?"));
        }
        d
    }
}

/// Compiles a Smithy `inputOutput` path against the operation's input and output.
pub(super) fn input_output_expression(
    model: &ServiceModel,
    boxed: &Boxed,
    op: &crate::model::Operation,
    expression: &str,
) -> Result<Expr, PathProblem> {
    let problem = |message: String| PathProblem {
        expression: expression.to_owned(),
        message,
    };
    let (Some(input), Some(output)) = (&op.input, &op.output) else {
        return Err(problem(
            "`inputOutput` needs an operation with an input and an output".to_owned(),
        ));
    };
    let shapes = (input.shape.as_str(), output.shape.as_str());
    compile_input_output(model, boxed, names::field_name, shapes, expression).map_err(problem)
}

/// Compiles an expression against the operation's output (`root`, as shape name and shape).
pub(super) fn resolve_expression(
    model: &ServiceModel,
    boxed: &Boxed,
    root: Option<(&str, Option<&Shape>)>,
    expression: &str,
) -> Result<Expr, PathProblem> {
    let problem = |message: String| PathProblem {
        expression: expression.to_owned(),
        message,
    };
    let Some(root) = root.and_then(|(name, shape)| shape.and(model.shape_id(name))) else {
        return Err(problem(
            "the operation has no output to read from".to_owned(),
        ));
    };
    compile(model, boxed, names::field_name, root, expression).map_err(problem)
}
