//! Checks that paginator tokens, result keys and waiter paths name real members.

use crate::diag::{did_you_mean, pointer, Diagnostic, Diagnostics};
use crate::model::{Models, ServiceModel, Shape};

const MATCHERS: &[&str] = &["path", "pathAll", "pathAny", "status", "error"];
const STATES: &[&str] = &["success", "failure", "retry"];

/// Checks every paginator against its operation's input and output shapes.
pub fn paginators(models: &Models, problems: &mut Diagnostics) {
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
            if let Err(problem) = resolve_expression(model, output, &expression) {
                problems.push(problem.diagnostic(
                    file,
                    location,
                    &format!("paginator of `{op_name}`"),
                ));
            }
        }
    }
}

/// Checks every waiter's operation, matchers and paths.
pub fn waiters(models: &Models, problems: &mut Diagnostics) {
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
        if waiter.delay == 0 || waiter.max_attempts == 0 {
            problems.push(Diagnostic::error(
                file,
                pointer(["waiters", name]),
                format!("waiter `{name}` needs a positive delay and maxAttempts"),
            ));
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
                    Some(argument) => {
                        if let Err(problem) = resolve_expression(model, output, argument) {
                            problems.push(problem.diagnostic(
                                file,
                                at("argument"),
                                &format!("waiter `{name}`"),
                            ));
                        }
                    }
                }
            }
        }
    }
}

/// A path that does not resolve: what is wrong and, if a member is close, which.
struct PathProblem {
    expression: String,
    message: String,
    hint: Option<String>,
}

impl PathProblem {
    fn diagnostic(self, file: &str, location: String, owner: &str) -> Diagnostic {
        let mut d = Diagnostic::error(file, location, format!("{owner}: {}", self.message));
        let is_plain_name = self
            .expression
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_');
        if !is_plain_name {
            d = d.note(format!("in the expression `{}`", self.expression));
        }
        if let Some(hint) = self.hint {
            d = d.note(format!("did you mean `{hint}`?"));
        }
        d
    }
}

/// Resolves every path in a JMESPath expression against the operation's output (`root`,
/// as shape name and shape). Functions, literals, comparisons and `||` are walked through;
/// the contents of filters are not checked here (the waiter compiler does that).
fn resolve_expression(
    model: &ServiceModel,
    root: Option<(&str, Option<&Shape>)>,
    expression: &str,
) -> Result<(), PathProblem> {
    let problem = |message: String, hint: Option<&str>| PathProblem {
        expression: expression.to_owned(),
        message,
        hint: hint.map(str::to_owned),
    };
    let root = root.and_then(|(name, shape)| shape.map(|s| (name, s)));
    let chars: Vec<char> = expression.chars().collect();
    let mut i = 0;
    let mut current: Option<(&str, &Shape)> = None;
    let mut in_path = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' || c == '"' {
            let (ident, end) = if c == '"' {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '"')
                    .map_or(chars.len(), |p| i + 1 + p);
                (
                    chars[i + 1..end.min(chars.len())]
                        .iter()
                        .collect::<String>(),
                    (end + 1).min(chars.len()),
                )
            } else {
                let end = chars[i..]
                    .iter()
                    .position(|c| !(c.is_alphanumeric() || *c == '_'))
                    .map_or(chars.len(), |p| i + p);
                (chars[i..end].iter().collect::<String>(), end)
            };
            i = end;
            if chars.get(i) == Some(&'(') {
                // A function name: its arguments are expressions of their own.
                in_path = false;
                i += 1;
                continue;
            }
            let base = if in_path { current } else { root };
            let Some((base_name, base)) = base else {
                return Err(problem(
                    format!("`{ident}` cannot be read: the operation has no output"),
                    None,
                ));
            };
            if base.shape_type != "structure" {
                return Err(problem(
                    format!(
                        "`{ident}` cannot be read from `{base_name}`, a {}",
                        base.shape_type
                    ),
                    None,
                ));
            }
            match base.members.get(&ident) {
                Some(member) => {
                    current = model
                        .shapes
                        .get_key_value(&member.shape)
                        .map(|(k, v)| (k.as_str(), v))
                }
                None => {
                    let hint = did_you_mean(&ident, base.members.keys().map(String::as_str));
                    return Err(problem(
                        format!("`{ident}` is not a member of `{base_name}`"),
                        hint,
                    ));
                }
            }
            in_path = true;
            continue;
        }
        match c {
            '.' if in_path => {}
            '[' if in_path => {
                let close = matching_bracket(&chars, i).unwrap_or(chars.len() - 1);
                let inner: String = chars[i + 1..close].iter().collect();
                let inner = inner.trim();
                let is_index = inner.is_empty()
                    || inner == "*"
                    || inner.parse::<i64>().is_ok()
                    || inner.starts_with('?');
                if is_index {
                    match current {
                        Some((_, shape)) if shape.shape_type == "list" => {
                            current = shape
                                .member
                                .as_ref()
                                .and_then(|m| model.shapes.get_key_value(&m.shape))
                                .map(|(k, v)| (k.as_str(), v));
                        }
                        Some((name, shape)) => {
                            return Err(problem(
                                format!(
                                    "`{name}` is a {}, not a list, and cannot be indexed",
                                    shape.shape_type
                                ),
                                None,
                            ))
                        }
                        None => {}
                    }
                }
                i = close + 1;
                continue;
            }
            '`' | '\'' => {
                // A literal: skip to its closing quote.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .map_or(chars.len(), |p| i + 1 + p);
                i = end + 1;
                in_path = false;
                continue;
            }
            _ => in_path = false,
        }
        i += 1;
    }
    Ok(())
}

fn matching_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}
