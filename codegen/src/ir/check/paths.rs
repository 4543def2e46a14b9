//! Checks that paginator tokens, result keys and waiter paths name real members, keeping
//! the compiled expressions.

use crate::diag::{did_you_mean, pointer, Diagnostic, Diagnostics};
use crate::ir::names;
use crate::lang::jmespath::{compile, compile_input_output, Expr};
use crate::model::{Models, ServiceModel, Shape};
use std::collections::{BTreeMap, BTreeSet};

/// Member edges whose fields are boxed, as `jmespath::compile` takes them.
type Boxed = BTreeSet<(String, String)>;

const MATCHERS: &[&str] = &["path", "pathAll", "pathAny", "status", "error"];
const STATES: &[&str] = &["success", "failure", "retry"];

/// Checks every paginator against its operation's input and output shapes; `compiled`
/// gets each expression that compiles, by operation and text.
pub fn paginators(
    models: &Models,
    boxed: &Boxed,
    problems: &mut Diagnostics,
    compiled: &mut BTreeMap<(String, String), Expr>,
) {
    let file = &models.paginators_path;
    let model = &models.service;
    for (op_name, paginator) in &models.paginators.pagination {
        let at = |key: &str| pointer(["pagination", op_name, key]);
        let Some(op) = model.operations.get(op_name) else {
            let mut d = Diagnostic::error(
                file,
                pointer(["pagination", op_name]),
                format!("paginator for unknown operation `{op_name}`"),
            );
            if let Some(hint) = did_you_mean(op_name, model.operations.keys().map(String::as_str)) {
                d = d.note(format!("did you mean `{hint}`?"));
            }
            problems.push(d);
            continue;
        };
        // A missing input or output shape is reported by the service checks; checking the
        // paginator against it would only repeat that.
        let input = op
            .input
            .as_ref()
            .map(|r| (r.shape.as_str(), model.shapes.get(&r.shape)));
        let output = op
            .output
            .as_ref()
            .map(|r| (r.shape.as_str(), model.shapes.get(&r.shape)));
        if matches!(input, Some((_, None))) || matches!(output, Some((_, None))) {
            continue;
        }
        let input = input.and_then(|(_, s)| s);
        let mut input_members: Vec<(String, String)> = paginator
            .input_token
            .to_vec()
            .into_iter()
            .map(|t| (at("input_token"), t))
            .collect();
        if let Some(limit) = &paginator.limit_key {
            input_members.push((at("limit_key"), limit.clone()));
        }
        for (location, member) in input_members {
            if !input.is_some_and(|s| s.members.contains_key(&member)) {
                let mut d = Diagnostic::error(file, location, format!("paginator of `{op_name}` names `{member}`, which is not a member of its input"));
                if let Some(hint) =
                    input.and_then(|s| did_you_mean(&member, s.members.keys().map(String::as_str)))
                {
                    d = d.note(format!("did you mean `{hint}`?"));
                }
                problems.push(d);
            }
        }
        let mut output_paths: Vec<(String, String)> = paginator
            .output_token
            .to_vec()
            .into_iter()
            .map(|t| (at("output_token"), t))
            .collect();
        for key in paginator.result_key.iter().flat_map(|k| k.to_vec()) {
            output_paths.push((at("result_key"), key));
        }
        if let Some(more) = &paginator.more_results {
            output_paths.push((at("more_results"), more.clone()));
        }
        for key in &paginator.non_aggregate_keys {
            output_paths.push((at("non_aggregate_keys"), key.clone()));
        }
        for (location, expression) in output_paths {
            match resolve_expression(model, boxed, output, &expression) {
                Ok(expr) => {
                    compiled.insert((op_name.clone(), expression), expr);
                }
                Err(problem) => problems.push(problem.diagnostic(
                    file,
                    location,
                    &format!("paginator of `{op_name}`"),
                )),
            }
        }
    }
}

/// Checks every waiter's operation, matchers and paths; `compiled` gets each path that
/// compiles, by waiter and acceptor index.
pub fn waiters(
    models: &Models,
    boxed: &Boxed,
    problems: &mut Diagnostics,
    compiled: &mut BTreeMap<(String, usize), Expr>,
) {
    let file = &models.waiters_path;
    let model = &models.service;
    for (name, waiter) in &models.waiters.waiters {
        let Some(op) = model.operations.get(&waiter.operation) else {
            let mut d = Diagnostic::error(
                file,
                pointer(["waiters", name, "operation"]),
                format!(
                    "waiter `{name}` polls unknown operation `{}`",
                    waiter.operation
                ),
            );
            if let Some(hint) = did_you_mean(
                &waiter.operation,
                model.operations.keys().map(String::as_str),
            ) {
                d = d.note(format!("did you mean `{hint}`?"));
            }
            problems.push(d);
            continue;
        };
        match waiter.backoff {
            None if waiter.delay == 0 || waiter.max_attempts == 0 => {
                problems.push(Diagnostic::error(
                    file,
                    pointer(["waiters", name]),
                    format!("waiter `{name}` needs a positive delay and maxAttempts"),
                ));
            }
            Some(b) if b.min_delay == 0 || b.max_delay < b.min_delay => {
                problems.push(Diagnostic::error(
                    file,
                    pointer(["waiters", name]),
                    format!(
                        "waiter `{name}` needs 0 < minDelay <= maxDelay (has {} and {})",
                        b.min_delay, b.max_delay
                    ),
                ));
            }
            _ => {}
        }
        let output = op
            .output
            .as_ref()
            .map(|r| (r.shape.as_str(), model.shapes.get(&r.shape)));
        if matches!(output, Some((_, None))) {
            continue;
        }
        for (i, acceptor) in waiter.acceptors.iter().enumerate() {
            let at = |key: &str| pointer(["waiters", name, "acceptors", &i.to_string(), key]);
            if !MATCHERS.contains(&acceptor.matcher.as_str()) {
                problems.push(Diagnostic::error(
                    file,
                    at("matcher"),
                    format!(
                        "waiter `{name}` uses unknown matcher `{}`",
                        acceptor.matcher
                    ),
                ));
                continue;
            }
            if !STATES.contains(&acceptor.state.as_str()) {
                problems.push(Diagnostic::error(
                    file,
                    at("state"),
                    format!("waiter `{name}` uses unknown state `{}`", acceptor.state),
                ));
            }
            if acceptor.matcher.starts_with("path") {
                match &acceptor.argument {
                    None => problems.push(Diagnostic::error(
                        file,
                        at("argument"),
                        format!(
                            "waiter `{name}` has a `{}` matcher without an argument",
                            acceptor.matcher
                        ),
                    )),
                    Some(argument) => match if acceptor.input_output {
                        input_output_expression(model, boxed, op, argument)
                    } else {
                        resolve_expression(model, boxed, output, argument)
                    } {
                        Ok(expr) => {
                            compiled.insert((name.clone(), i), expr);
                        }
                        Err(problem) => problems.push(problem.diagnostic(
                            file,
                            at("argument"),
                            &format!("waiter `{name}`"),
                        )),
                    },
                }
            }
        }
    }
}

/// An expression that does not compile: what is wrong and, if a member is close, which.
struct PathProblem {
    expression: String,
    message: String,
}

impl PathProblem {
    fn diagnostic(self, file: &str, location: String, owner: &str) -> Diagnostic {
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
fn input_output_expression(
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

/// Compiles an expression against the operation's output (`root`, as shape name and shape);
/// lowering takes the result from here.
fn resolve_expression(
    model: &ServiceModel,
    boxed: &Boxed,
    root: Option<(&str, Option<&Shape>)>,
    expression: &str,
) -> Result<Expr, PathProblem> {
    let problem = |message: String| PathProblem {
        expression: expression.to_owned(),
        message,
    };
    let Some((root, Some(_))) = root else {
        return Err(problem(
            "the operation has no output to read from".to_owned(),
        ));
    };
    compile(model, boxed, names::field_name, root, expression).map_err(problem)
}
