//! Resolves paginators and waiters: each is checked against its operation and built into the IR in one walk (tokens, page sizes, result keys, acceptors, compiled JMESPath); a problem is a located diagnostic and leaves that item out.

use super::flow_paths::{
    input_output_expression, resolve_expression, PathProblem, MATCHERS, STATES,
};
use super::Lowerer;
use crate::diag::{did_you_mean, pointer, Diagnostic, Diagnostics, Severity};
use crate::ir::{
    names, symbols, Acceptor, AcceptorState, Matcher, PageLimit, Paginator, Type, WaitSchedule,
    Waiter,
};
use crate::lang::jmespath::Expr;
use crate::model;

impl Lowerer<'_> {
    /// The Rust type of the value an expression yields, for typed expressions.
    fn expr_type(&mut self, expr: &Expr, at: &str) -> Option<Type> {
        // `a || b` of strings (S3's `NextMarker || Contents[-1].Key`): the first that is set
        // and not empty.
        if let Expr::Or(left, right) = expr {
            let left = self.expr_type(left, at)?;
            let right = self.expr_type(right, at)?;
            return (left == Type::String && right == Type::String).then_some(left);
        }
        let (shape, _) = self.model.shape_at(expr.shape()?)?;
        let at = at.to_owned();
        Some(self.type_of(shape, &|| at.clone(), 0))
    }

    /// Every paginator and waiter that resolves, sorted; the others are left out, with
    /// their problems.
    pub(super) fn flows(&mut self) -> (Vec<Paginator>, Vec<Waiter>) {
        let models = self.models;
        let mut problems = Diagnostics::default();
        let problems = &mut problems;
        let mut paginators: Vec<Paginator> = models
            .paginators
            .pagination
            .iter()
            .filter_map(|(operation, p)| {
                let item = format!("the paginator of `{operation}`");
                resolved(self.paginator(operation, p), &item, problems)
            })
            .collect();
        paginators.sort_by_key(|p| p.operation);
        let mut waiters: Vec<Waiter> = models
            .waiters
            .waiters
            .iter()
            .filter_map(|(name, w)| {
                resolved(
                    self.waiter(name, w),
                    &format!("the waiter `{name}`"),
                    problems,
                )
            })
            .collect();
        waiters.sort_by(|a, b| a.name.cmp(&b.name));
        self.problems.0.append(&mut problems.0);
        (paginators, waiters)
    }

    /// One paginator: its tokens, page size and result keys, checked against the
    /// operation's input and output and compiled.
    fn paginator(&mut self, operation: &str, p: &model::Paginator) -> Resolved<Paginator> {
        let models = self.models;
        let model = self.model;
        let file = models.paginators_path.as_str();
        let at = |key: &str| pointer(["pagination", operation, key]);
        let mut found = Diagnostics::default();
        let Some(op) = model.operations.get(operation) else {
            let mut d = Diagnostic::error(
                file,
                pointer(["pagination", operation]),
                format!("paginator for unknown operation `{operation}`"),
            );
            if let Some(hint) = did_you_mean(operation, model.operations.keys().map(String::as_str))
            {
                d = d.note(format!("did you mean `{hint}`?"));
            }
            found.push(d);
            return Err(found);
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
            return Ok(None);
        }
        let input_shape = input.and_then(|(_, s)| s);
        let mut input_members: Vec<(String, String)> = p
            .input_token
            .to_vec()
            .into_iter()
            .map(|t| (at("input_token"), t))
            .collect();
        if let Some(limit) = &p.limit_key {
            input_members.push((at("limit_key"), limit.clone()));
        }
        for (location, member) in input_members {
            if !input_shape.is_some_and(|s| s.members.contains_key(&member)) {
                let mut d = Diagnostic::error(file, location, format!("paginator of `{operation}` names `{member}`, which is not a member of its input"));
                if let Some(hint) = input_shape
                    .and_then(|s| did_you_mean(&member, s.members.keys().map(String::as_str)))
                {
                    d = d.note(format!("did you mean `{hint}`?"));
                }
                found.push(d);
            }
        }
        let boxed = &self.boxed;
        let compile = |key: &str, text: &str, found: &mut Diagnostics| match resolve_expression(
            model, boxed, output, text,
        ) {
            Ok(expr) => Some(expr),
            Err(problem) => {
                found.push(problem.diagnostic(
                    file,
                    at(key),
                    &format!("paginator of `{operation}`"),
                ));
                None
            }
        };
        let output_tokens: Vec<(String, Option<Expr>)> = p
            .output_token
            .to_vec()
            .into_iter()
            .map(|text| {
                let expr = compile("output_token", &text, &mut found);
                (text, expr)
            })
            .collect();
        let result_keys: Vec<Option<Expr>> = p
            .result_key
            .iter()
            .flat_map(|k| k.to_vec())
            .map(|text| compile("result_key", &text, &mut found))
            .collect();
        let more_results = p
            .more_results
            .as_ref()
            .map(|text| compile("more_results", text, &mut found));
        for key in &p.non_aggregate_keys {
            compile("non_aggregate_keys", key, &mut found);
        }
        if !found.0.is_empty() {
            return Err(found);
        }
        // An operation left out of the client (it streams events) pages nothing.
        let Some(&id) = self.operation_ids.get(operation) else {
            return Ok(None);
        };
        // Without an input or an output a token above was reported.
        let (Some(input), Some(_)) = (&op.input, &op.output) else {
            return Ok(None);
        };
        // Every expression compiled (a failure was reported above).
        let mut typed_tokens = Vec::new();
        for (text, expr) in output_tokens {
            let Some(expr) = expr else { continue };
            match self.expr_type(&expr, &at("output_token")) {
                Some(ty) => typed_tokens.push((expr, ty)),
                None => found.push(Diagnostic::error(
                    file,
                    at("output_token"),
                    format!(
                        "paginator of `{operation}`: the output token `{text}` must name a member"
                    ),
                )),
            }
        }
        let mut typed_keys = Vec::new();
        for expr in result_keys.into_iter().flatten() {
            if let Some(Type::List(element)) = self.expr_type(&expr, &at("result_key")) {
                typed_keys.push((expr, *element));
            }
        }
        let more_results = more_results.flatten();
        let input_shape = model.shapes.get(&input.shape);
        let field_of = |member: &str| {
            input_shape
                .filter(|s| s.members.contains_key(member))
                .map(|_| names::field_name(member))
        };
        let input_tokens: Vec<String> = p
            .input_token
            .to_vec()
            .iter()
            .filter_map(|t| field_of(t))
            .collect();
        let limit = p.limit_key.as_ref().and_then(|key| {
            let member = input_shape?.members.get(key)?;
            let at = at("limit_key");
            let field = names::field_name(key);
            Some(PageLimit {
                label: symbols::label(&field),
                setter_name: field,
                ty: self.type_of(&member.shape, &|| at.clone(), 0),
            })
        });
        if !found.0.is_empty() {
            return Err(found);
        }
        if input_tokens.len() != typed_tokens.len() {
            found.push(Diagnostic::error(
                file,
                at("input_token"),
                format!(
                    "paginator of `{operation}` has {} input tokens but {} output tokens",
                    input_tokens.len(),
                    typed_tokens.len()
                ),
            ));
            return Err(found);
        }
        Ok(Some(Paginator {
            operation: id,
            type_name: symbols::paginator_name(operation),
            next_token_fn: symbols::next_token_fn(operation),
            items_fn: symbols::items_fn(operation),
            input_tokens,
            token_locals: (0..typed_tokens.len()).map(symbols::token_local).collect(),
            output_tokens: typed_tokens,
            limit,
            result_keys: typed_keys,
            more_results,
        }))
    }

    /// One waiter: its schedule and acceptors, checked against the operation and compiled.
    fn waiter(&mut self, name: &str, w: &model::Waiter) -> Resolved<Waiter> {
        let models = self.models;
        let model = self.model;
        let file = models.waiters_path.as_str();
        let mut found = Diagnostics::default();
        let Some(op) = model.operations.get(&w.operation) else {
            let mut d = Diagnostic::error(
                file,
                pointer(["waiters", name, "operation"]),
                format!("waiter `{name}` polls unknown operation `{}`", w.operation),
            );
            if let Some(hint) =
                did_you_mean(&w.operation, model.operations.keys().map(String::as_str))
            {
                d = d.note(format!("did you mean `{hint}`?"));
            }
            found.push(d);
            return Err(found);
        };
        match w.backoff {
            None if w.delay == 0 || w.max_attempts == 0 => {
                found.push(Diagnostic::error(
                    file,
                    pointer(["waiters", name]),
                    format!("waiter `{name}` needs a positive delay and maxAttempts"),
                ));
            }
            Some(b) if b.min_delay == 0 || b.max_delay < b.min_delay => {
                found.push(Diagnostic::error(
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
            return Err(found);
        }
        // Each acceptor's compiled path, for the path matchers.
        let mut paths: Vec<Option<Expr>> = Vec::new();
        for (i, acceptor) in w.acceptors.iter().enumerate() {
            let at = |key: &str| pointer(["waiters", name, "acceptors", &i.to_string(), key]);
            paths.push(None);
            if !MATCHERS.contains(&acceptor.matcher.as_str()) {
                found.push(Diagnostic::error(
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
                found.push(Diagnostic::error(
                    file,
                    at("state"),
                    format!("waiter `{name}` uses unknown state `{}`", acceptor.state),
                ));
            }
            if !acceptor.matcher.starts_with("path") {
                continue;
            }
            let Some(argument) = &acceptor.argument else {
                found.push(Diagnostic::error(
                    file,
                    at("argument"),
                    format!(
                        "waiter `{name}` has a `{}` matcher without an argument",
                        acceptor.matcher
                    ),
                ));
                continue;
            };
            let compiled: Result<Expr, PathProblem> = if acceptor.input_output {
                input_output_expression(model, &self.boxed, op, argument)
            } else {
                resolve_expression(model, &self.boxed, output, argument)
            };
            match compiled {
                Ok(expr) => paths[i] = Some(expr),
                Err(problem) => found.push(problem.diagnostic(
                    file,
                    at("argument"),
                    &format!("waiter `{name}`"),
                )),
            }
        }
        if !found.0.is_empty() {
            return Err(found);
        }
        // An operation left out of the client (it streams events) is not polled.
        let Some(&operation) = self.operation_ids.get(w.operation.as_str()) else {
            return Ok(None);
        };
        let mut acceptors = Vec::new();
        for ((i, a), path) in w.acceptors.iter().enumerate().zip(paths) {
            let at = |key: &str| pointer(["waiters", name, "acceptors", &i.to_string(), key]);
            let state = match a.state.as_str() {
                "success" => AcceptorState::Success,
                "failure" => AcceptorState::Failure,
                _ => AcceptorState::Retry,
            };
            let expected = a.expected.clone();
            let matcher = match a.matcher.as_str() {
                "path" => path.map(|e| Matcher::Path(e, expected.clone())),
                "pathAll" => path.map(|e| Matcher::PathAll(e, expected.clone())),
                "pathAny" => path.map(|e| Matcher::PathAny(e, expected.clone())),
                "status" => expected
                    .as_u64()
                    .and_then(|s| u16::try_from(s).ok())
                    .map(Matcher::Status),
                "error" => match &expected {
                    serde_json::Value::String(code) => Some(Matcher::ErrorCode(code.clone())),
                    serde_json::Value::Bool(any) => Some(Matcher::AnyError(*any)),
                    _ => None,
                },
                _ => None,
            };
            let Some(matcher) = matcher else {
                found.push(Diagnostic::error(
                    file,
                    at("expected"),
                    format!(
                        "waiter `{name}`: `{}` cannot be compared with {expected}",
                        a.matcher
                    ),
                ));
                continue;
            };
            let description = match &a.argument {
                Some(arg) if a.input_output => format!(
                    "{} over input and output `{arg}` == {expected} ({})",
                    a.matcher, a.state
                ),
                Some(arg) => format!("{} `{arg}` == {expected} ({})", a.matcher, a.state),
                None => format!("{} == {expected} ({})", a.matcher, a.state),
            };
            acceptors.push(Acceptor {
                state,
                matcher,
                description,
                reads_input: a.input_output,
            });
        }
        if !found.0.is_empty() {
            return Err(found);
        }
        Ok(Some(Waiter {
            name: name.to_owned(),
            type_name: symbols::waiter_type_name(name),
            fn_name: symbols::waiter_fn_name(name),
            classify_fn: symbols::classify_fn(name),
            operation,
            schedule: match w.backoff {
                Some(b) => WaitSchedule::Backoff {
                    min_delay: b.min_delay,
                    max_delay: b.max_delay,
                },
                None => WaitSchedule::Fixed {
                    delay: w.delay,
                    max_attempts: w.max_attempts,
                },
            },
            description: w.description.clone(),
            acceptors,
        }))
    }
}

/// An item resolved: built, left out with its operation (`None`), or its problems.
type Resolved<T> = Result<Option<T>, Diagnostics>;

/// The item, its problems moved to `problems`.
/// The item, or `None` with its problems: one paginator or waiter that does not resolve
/// (a member the model lacks, an expression beyond the compiler) is left out, and the rest
/// of the crate is generated, so its problems are warnings.
fn resolved<T>(result: Resolved<T>, item: &str, problems: &mut Diagnostics) -> Option<T> {
    match result {
        Ok(item) => item,
        Err(found) => {
            let left_out = format!("{item} is left out of the crate; the rest is generated");
            problems.0.extend(found.0.into_iter().map(|mut d| {
                d.severity = Severity::Warning;
                d.note(left_out.clone())
            }));
            None
        }
    }
}
