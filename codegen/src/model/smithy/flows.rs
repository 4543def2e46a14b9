//! Converts `paginated` (merged with the service's defaults) and `smithy.waiters#waitable`
//! into botocore's paginators and waiters; Smithy's waiter delays are kept as a backoff.

use super::convert::Converter;
use super::traits::Traits;
use super::AstShape;
use crate::diag::{pointer, pointer_escape, Diagnostic};
use crate::model::{Acceptor, Backoff, OneOrMany, Paginator, Paginators, Waiter, Waiters};
use serde_json::{Map, Value};

const PAGINATED: &str = "smithy.api#paginated";
const WAITABLE: &str = "smithy.waiters#waitable";

impl Converter<'_, '_> {
    pub(super) fn paginators(
        &mut self,
        service: &AstShape,
        operations: &[(String, String)],
    ) -> Paginators {
        let defaults = service
            .traits
            .get(PAGINATED)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut out = Paginators::default();
        for (id, _) in operations {
            let Some(op) = self.a.shapes.get(id) else {
                continue;
            };
            let Some(own) = op.traits.get(PAGINATED) else {
                continue;
            };
            let at = format!("{}/traits/{}", op.at, pointer_escape(PAGINATED));
            let Some(own) = own.as_object() else {
                self.error(at, format!("trait `{PAGINATED}` must be an object"));
                continue;
            };
            let mut merged: Map<String, Value> = defaults.clone();
            merged.extend(own.clone());
            let field = |key: &str| merged.get(key).and_then(Value::as_str).map(str::to_owned);
            let name = id.rsplit('#').next().unwrap_or(id).to_owned();
            let (Some(input_token), Some(output_token)) =
                (field("inputToken"), field("outputToken"))
            else {
                self.error(
                    at,
                    format!("operation `{name}` is paginated but has no `inputToken` and `outputToken`, here or on the service"),
                );
                continue;
            };
            let bot = pointer(["pagination", &name]);
            self.map.insert(bot.clone(), at.clone());
            for (b, s) in [
                ("input_token", "inputToken"),
                ("output_token", "outputToken"),
                ("limit_key", "pageSize"),
                ("result_key", "items"),
            ] {
                self.map.insert(format!("{bot}/{b}"), format!("{at}/{s}"));
            }
            out.pagination.insert(
                name,
                Paginator {
                    input_token: OneOrMany::One(input_token),
                    output_token: OneOrMany::One(output_token),
                    limit_key: field("pageSize"),
                    result_key: field("items").map(OneOrMany::One),
                    more_results: None,
                    non_aggregate_keys: Vec::new(),
                },
            );
        }
        out
    }

    pub(super) fn waiters(&mut self, operations: &[(String, String)]) -> Waiters {
        let mut out = Waiters {
            version: Some(2),
            waiters: Default::default(),
        };
        let file = self.a.file.to_owned();
        for (id, _) in operations {
            let Some(op) = self.a.shapes.get(id).cloned() else {
                continue;
            };
            let traits = Traits {
                file: &file,
                traits: &op.traits,
                at: &op.at,
            };
            let Some(waitable) = traits.object(WAITABLE, &mut self.a.problems) else {
                continue;
            };
            let operation = id.rsplit('#').next().unwrap_or(id).to_owned();
            for (name, w) in waitable {
                let at = format!("{}/{}", traits.at(WAITABLE), pointer_escape(name));
                if let Some(waiter) = self.waiter(&operation, name, w, &at) {
                    out.waiters.insert(name.clone(), waiter);
                }
            }
        }
        out
    }

    fn waiter(&mut self, operation: &str, name: &str, w: &Value, at: &str) -> Option<Waiter> {
        let bot = pointer(["waiters", name]);
        self.map.insert(bot.clone(), at.to_owned());
        self.map.insert(format!("{bot}/operation"), at.to_owned());
        let Some(w) = w.as_object() else {
            self.error(at, format!("waiter `{name}` must be an object"));
            return None;
        };
        let delay = |key: &str, default: u32| match w.get(key) {
            None => Ok(default),
            Some(v) => v
                .as_u64()
                .and_then(|d| u32::try_from(d).ok())
                .ok_or(key.to_owned()),
        };
        let (min_delay, max_delay) = match (delay("minDelay", 2), delay("maxDelay", 120)) {
            (Ok(min), Ok(max)) => (min, max),
            (Err(key), _) | (_, Err(key)) => {
                self.error(
                    format!("{at}/{key}"),
                    format!("`{key}` of waiter `{name}` must be a whole number of seconds"),
                );
                return None;
            }
        };
        let Some(list) = w.get("acceptors").and_then(Value::as_array) else {
            self.error(
                format!("{at}/acceptors"),
                format!("waiter `{name}` needs a list of `acceptors`"),
            );
            return None;
        };
        let mut acceptors = Vec::new();
        for (i, a) in list.iter().enumerate() {
            let at = format!("{at}/acceptors/{i}");
            self.map.insert(format!("{bot}/acceptors/{i}"), at.clone());
            match self.acceptor(a, &at, &format!("{bot}/acceptors/{i}")) {
                Ok(acceptor) => acceptors.push(acceptor),
                Err((where_, message)) => {
                    self.a.problems.push(Diagnostic::error(
                        self.a.file,
                        where_,
                        format!("waiter `{name}`: {message}"),
                    ));
                    return None;
                }
            }
        }
        Some(Waiter {
            operation: operation.to_owned(),
            delay: min_delay,
            max_attempts: 0,
            description: w
                .get("documentation")
                .and_then(Value::as_str)
                .map(str::to_owned),
            acceptors,
            backoff: Some(Backoff {
                min_delay,
                max_delay,
            }),
        })
    }

    /// One Smithy acceptor as botocore's matcher, argument and expected value.
    fn acceptor(&mut self, a: &Value, at: &str, bot: &str) -> Result<Acceptor, (String, String)> {
        let state = a.get("state").and_then(Value::as_str).ok_or((
            format!("{at}/state"),
            "an acceptor needs a `state`".to_owned(),
        ))?;
        let matcher = a
            .get("matcher")
            .and_then(Value::as_object)
            .filter(|m| m.len() == 1)
            .ok_or((
                format!("{at}/matcher"),
                "an acceptor's `matcher` must be an object with one member".to_owned(),
            ))?;
        let (kind, value) = matcher.iter().next().expect("one member");
        let here = format!("{at}/matcher/{kind}");
        self.map.insert(format!("{bot}/matcher"), here.clone());
        self.map.insert(format!("{bot}/expected"), here.clone());
        let acceptor =
            |matcher: &str, argument: Option<String>, expected: Value, io: bool| Acceptor {
                state: state.to_owned(),
                matcher: matcher.to_owned(),
                argument,
                expected,
                input_output: io,
            };
        match kind.as_str() {
            "success" => {
                let success = value
                    .as_bool()
                    .ok_or((here.clone(), "`success` must be true or false".to_owned()))?;
                // botocore's `error` matcher: `false` is "no error", `true` is "any error".
                Ok(acceptor("error", None, Value::Bool(!success), false))
            }
            "errorType" => {
                let error = value
                    .as_str()
                    .ok_or((here.clone(), "`errorType` must be a shape name".to_owned()))?;
                let code = error.rsplit('#').next().unwrap_or(error);
                Ok(acceptor(
                    "error",
                    None,
                    Value::String(code.to_owned()),
                    false,
                ))
            }
            "output" | "inputOutput" => {
                let text = |key: &str| value.get(key).and_then(Value::as_str);
                let (Some(path), Some(expected), Some(comparator)) =
                    (text("path"), text("expected"), text("comparator"))
                else {
                    return Err((
                        here,
                        format!("`{kind}` needs a `path`, an `expected` value and a `comparator`"),
                    ));
                };
                self.map
                    .insert(format!("{bot}/argument"), format!("{here}/path"));
                self.map
                    .insert(format!("{bot}/expected"), format!("{here}/expected"));
                let io = kind == "inputOutput";
                let string = Value::String(expected.to_owned());
                match comparator {
                    "stringEquals" => Ok(acceptor("path", Some(path.into()), string, io)),
                    "allStringEquals" => Ok(acceptor("pathAll", Some(path.into()), string, io)),
                    "anyStringEquals" => Ok(acceptor("pathAny", Some(path.into()), string, io)),
                    "booleanEquals" => match expected {
                        "true" | "false" => Ok(acceptor(
                            "path",
                            Some(path.into()),
                            Value::Bool(expected == "true"),
                            io,
                        )),
                        _ => Err((
                            format!("{here}/expected"),
                            format!(
                                "`booleanEquals` expects \"true\" or \"false\", not \"{expected}\""
                            ),
                        )),
                    },
                    other => Err((
                        format!("{here}/comparator"),
                        format!("unknown comparator `{other}`"),
                    )),
                }
            }
            other => Err((here, format!("unknown matcher `{other}`"))),
        }
    }
}
