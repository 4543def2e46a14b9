//! Lowers paginators and waiters: tokens, page sizes, result keys and acceptors, with the
//! JMESPath expressions the checks compiled against the model.

use super::Lowerer;
use crate::diag::{pointer, Diagnostic};
use crate::ir::{
    names, symbols, Acceptor, AcceptorState, Matcher, PageLimit, Paginator, Type, WaitSchedule,
    Waiter,
};
use crate::lang::jmespath::Expr;

impl Lowerer<'_> {
    fn flow_error(&mut self, file: &str, location: String, message: String) {
        self.problems
            .push(Diagnostic::error(file, location, message));
    }

    /// The Rust type of the value an expression yields, for typed expressions.
    fn expr_type(&mut self, expr: &Expr, at: &str) -> Option<Type> {
        let shape = expr.shape()?.to_owned();
        let at = at.to_owned();
        Some(self.type_of(&shape, &|| at.clone(), 0))
    }

    pub(super) fn paginators(&mut self) -> Vec<Paginator> {
        let models = self.models;
        let checked = self.checked;
        let file = models.paginators_path.as_str();
        let mut out = Vec::new();
        for (operation, p) in &models.paginators.pagination {
            let (Some(op), Some(&id)) = (
                self.model.operations.get(operation),
                self.operation_ids.get(operation.as_str()),
            ) else {
                continue;
            };
            let (Some(input), Some(_)) = (&op.input, &op.output) else {
                continue;
            };
            let at = |key: &str| pointer(["pagination", operation, key]);
            let errors_before = self.problems.0.len();
            let compile_at = |this: &mut Self, key: &str, text: &str| {
                let compiled = checked
                    .paginator_paths
                    .get(&(operation.clone(), text.to_owned()));
                if compiled.is_none() {
                    this.flow_error(
                        file,
                        at(key),
                        format!("internal error: paginator of `{operation}`: the checks did not compile `{text}`"),
                    );
                }
                compiled.cloned()
            };
            let mut output_tokens = Vec::new();
            for text in p.output_token.to_vec() {
                let Some(expr) = compile_at(self, "output_token", &text) else {
                    continue;
                };
                match self.expr_type(&expr, &at("output_token")) {
                    Some(ty) => output_tokens.push((expr, ty)),
                    None => {
                        self.flow_error(file, at("output_token"), format!("paginator of `{operation}`: the output token `{text}` must name a member"));
                    }
                }
            }
            let mut result_keys = Vec::new();
            for text in p.result_key.iter().flat_map(|k| k.to_vec()) {
                let Some(expr) = compile_at(self, "result_key", &text) else {
                    continue;
                };
                if let Some(Type::List(element)) = self.expr_type(&expr, &at("result_key")) {
                    result_keys.push((expr, *element));
                }
            }
            let more_results = p
                .more_results
                .as_ref()
                .and_then(|text| compile_at(self, "more_results", text));
            let input_shape = self.model.shapes.get(&input.shape);
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
            if input_tokens.len() != output_tokens.len() && self.problems.0.len() == errors_before {
                self.flow_error(
                    file,
                    at("input_token"),
                    format!(
                        "paginator of `{operation}` has {} input tokens but {} output tokens",
                        input_tokens.len(),
                        output_tokens.len()
                    ),
                );
            }
            if self.problems.0.len() == errors_before {
                out.push(Paginator {
                    operation: id,
                    type_name: symbols::paginator_name(operation),
                    next_token_fn: symbols::next_token_fn(operation),
                    items_fn: symbols::items_fn(operation),
                    input_tokens,
                    token_locals: (0..output_tokens.len()).map(symbols::token_local).collect(),
                    output_tokens,
                    limit,
                    result_keys,
                    more_results,
                });
            }
        }
        out.sort_by_key(|a| a.operation);
        out
    }

    pub(super) fn waiters(&mut self) -> Vec<Waiter> {
        let models = self.models;
        let checked = self.checked;
        let file = models.waiters_path.as_str();
        let mut out = Vec::new();
        for (name, w) in &models.waiters.waiters {
            let Some(&operation) = self.operation_ids.get(w.operation.as_str()) else {
                continue;
            };
            let mut acceptors = Vec::new();
            let mut ok = true;
            for (i, a) in w.acceptors.iter().enumerate() {
                let at = |key: &str| pointer(["waiters", name, "acceptors", &i.to_string(), key]);
                let state = match a.state.as_str() {
                    "success" => AcceptorState::Success,
                    "failure" => AcceptorState::Failure,
                    _ => AcceptorState::Retry,
                };
                let argument = a.argument.clone().unwrap_or_default();
                let expected = a.expected.clone();
                let path = |this: &mut Self| {
                    let compiled = checked.waiter_paths.get(&(name.clone(), i));
                    if compiled.is_none() {
                        this.flow_error(
                            file,
                            at("argument"),
                            format!("internal error: waiter `{name}`: the checks did not compile `{argument}`"),
                        );
                    }
                    compiled.cloned()
                };
                let matcher = match a.matcher.as_str() {
                    "path" => path(self).map(|e| Matcher::Path(e, expected.clone())),
                    "pathAll" => path(self).map(|e| Matcher::PathAll(e, expected.clone())),
                    "pathAny" => path(self).map(|e| Matcher::PathAny(e, expected.clone())),
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
                    if !matches!(a.matcher.as_str(), "path" | "pathAll" | "pathAny") {
                        self.flow_error(
                            file,
                            at("expected"),
                            format!(
                                "waiter `{name}`: `{}` cannot be compared with {expected}",
                                a.matcher
                            ),
                        );
                    }
                    ok = false;
                    continue;
                };
                let description = match &a.argument {
                    Some(arg) if a.input_output => {
                        format!(
                            "{} over input and output `{arg}` == {expected} ({})",
                            a.matcher, a.state
                        )
                    }
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
            if ok {
                out.push(Waiter {
                    name: name.clone(),
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
                });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}
