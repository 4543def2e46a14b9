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
        let input = op.input.as_ref().and_then(|r| model.shapes.get(&r.shape));
        let output = op.output.as_ref().and_then(|r| model.shapes.get(&r.shape));
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
            if let Err(message) = resolve_expression(model, output, &expression) {
                problems.push(Diagnostic::error(
                    file,
                    location,
                    format!("paginator of `{op_name}`: {message}"),
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
        let output = op.output.as_ref().and_then(|r| model.shapes.get(&r.shape));
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
                        if let Err(message) = resolve_expression(model, output, argument) {
                            problems.push(Diagnostic::error(
                                file,
                                at("argument"),
                                format!("waiter `{name}`: {message}"),
                            ));
                        }
                    }
                }
            }
        }
    }
}

/// Resolves every path in a JMESPath expression against `root`. Functions, literals,
/// comparisons and `||` are walked through; the contents of filters are not checked here
/// (the waiter compiler does that).
fn resolve_expression(
    model: &ServiceModel,
    root: Option<&Shape>,
    expression: &str,
) -> Result<(), String> {
    let chars: Vec<char> = expression.chars().collect();
    let mut i = 0;
    let mut current: Option<&Shape> = None;
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
            let Some(base) = base else {
                return Err(format!(
                    "`{expression}` names `{ident}`, but the operation has no output"
                ));
            };
            if base.shape_type != "structure" {
                return Err(format!(
                    "`{expression}` names `{ident}` inside a {}",
                    base.shape_type
                ));
            }
            match base.members.get(&ident) {
                Some(member) => current = model.shapes.get(&member.shape),
                None => {
                    let hint = did_you_mean(&ident, base.members.keys().map(String::as_str))
                        .map(|h| format!(" (did you mean `{h}`?)"))
                        .unwrap_or_default();
                    return Err(format!(
                        "`{expression}` names `{ident}`, which is not a member{hint}"
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
                        Some(shape) if shape.shape_type == "list" => {
                            current = shape
                                .member
                                .as_ref()
                                .and_then(|m| model.shapes.get(&m.shape));
                        }
                        Some(shape) => {
                            return Err(format!(
                                "`{expression}` indexes a {}, not a list",
                                shape.shape_type
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
            '@' => {
                in_path = false;
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
