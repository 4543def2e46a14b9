//! Resolves the endpoint rule set: every function it calls must be one the runtime's rules
//! engine implements; the rules and partitions go to the crate as compact JSON.

use super::Lowerer;
use crate::diag::{pointer_escape, Diagnostic};

/// Rule functions the runtime's rules engine implements: the runtime's own list, which its
/// tests hold the engine to.
#[path = "../../../runtime/src/client/endpoint_functions.rs"]
mod endpoint_functions;
use endpoint_functions::RULE_FUNCTIONS;

impl Lowerer<'_> {
    /// The rule set and the partitions, when the model has both and every rule function is
    /// supported.
    pub(super) fn endpoint_rules(&mut self) -> Option<(String, String)> {
        let (file, rules) = self.models.endpoint_rules.as_ref()?;
        let mut found = Vec::new();
        functions(rules, "", &mut found);
        for (name, at) in found {
            if !RULE_FUNCTIONS.contains(&name.as_str()) {
                self.problems.push(
                    Diagnostic::error(
                        file,
                        at,
                        format!("the endpoint rule function `{name}` is not supported"),
                    )
                    .note(format!(
                        "the rules engine implements {}",
                        RULE_FUNCTIONS.join(", ")
                    )),
                );
            }
        }
        let Some(partitions) = &self.models.partitions else {
            self.problems.push(
                Diagnostic::warning(file, "", "endpoint rules need partitions.json; endpoints will be `https://{prefix}.{region}.amazonaws.com`")
                    .note("put botocore's data/partitions.json beside the model or one or two directories up"),
            );
            return None;
        };
        Some((rules.to_string(), partitions.to_string()))
    }
}

/// Every function a rule set calls, with the JSON pointer of the call.
fn functions(value: &serde_json::Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(name) = map.get("fn").and_then(|f| f.as_str()) {
                found.push((name.to_owned(), at.to_owned()));
            }
            for (k, v) in map {
                functions(v, &format!("{at}/{}", pointer_escape(k)), found);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                functions(v, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}
