//! Resolves the endpoint rule set (every function it calls must be one the runtime's rules
//! engine implements; the rules and partitions go to the crate as compact JSON) and the
//! parameters each operation sets.

use super::Lowerer;
use crate::diag::{pointer, pointer_escape, Diagnostic};
use crate::ir::{EndpointParam, EndpointParamValue, Operation, Structure, Type};

/// Rule functions the runtime's rules engine implements: the runtime's own list, which its
/// tests hold the engine to.
#[path = "../../../runtime/src/client/endpoint/function_names.rs"]
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

impl Lowerer<'_> {
    /// Each operation's endpoint parameters: its static context parameters and its input's
    /// members bound to one, those the rule set declares (others are ignored, as the rules
    /// specification says). A member of a type the rules cannot take is left out, with a
    /// warning.
    pub(super) fn bind_endpoint_params(
        &mut self,
        structures: &[Structure],
        operations: &mut [Operation],
    ) {
        let Some((_, rules)) = self.models.endpoint_rules.as_ref() else {
            return;
        };
        let declared = &rules["parameters"];
        let model = self.model;
        for op in operations.iter_mut() {
            let source = &model.operations[&op.wire_name];
            let mut params = Vec::new();
            for (name, param) in &source.static_context_params {
                if declared.get(name).is_none() {
                    continue;
                }
                let value = match &param.value {
                    serde_json::Value::Bool(b) => EndpointParamValue::Bool(*b),
                    serde_json::Value::String(s) => EndpointParamValue::String(s.clone()),
                    other => {
                        self.problems.push(Diagnostic::warning(
                            self.file,
                            pointer(["operations", &op.wire_name, "staticContextParams", name]),
                            format!("the static endpoint parameter `{name}` is {other}, not a boolean or string; the operation does not set it"),
                        ));
                        continue;
                    }
                };
                params.push(EndpointParam {
                    name: name.clone(),
                    value,
                });
            }
            let input = &structures[op.input.0];
            let input_shape = source
                .input
                .as_ref()
                .and_then(|r| model.shapes.get(&r.shape));
            for (index, member) in input.members.iter().enumerate() {
                let Some(param) = input_shape
                    .and_then(|shape| shape.members.get(&member.member_name))
                    .and_then(|m| m.context_param.as_ref())
                else {
                    continue;
                };
                if declared.get(&param.name).is_none() {
                    continue;
                }
                if !endpoint_param_type(&member.ty) {
                    self.problems.push(Diagnostic::warning(
                        self.file,
                        pointer(["shapes", &input.wire_name, "members", &member.member_name, "contextParam"]),
                        format!("the member binds the endpoint parameter `{}` but is not a string, enum, boolean or list of strings; the operation does not set it", param.name),
                    ));
                    continue;
                }
                // An operation's static value wins over its input's.
                if params.iter().all(|p| p.name != param.name) {
                    params.push(EndpointParam {
                        name: param.name.clone(),
                        value: EndpointParamValue::Member(index),
                    });
                }
            }
            op.endpoint_params = params;
        }
    }
}

/// Whether a member of this type can be an endpoint parameter's value.
pub(super) fn endpoint_param_type(ty: &Type) -> bool {
    match ty {
        Type::String | Type::Bool => true,
        Type::Named { is_enum, .. } => *is_enum,
        Type::List(item) => matches!(**item, Type::String),
        _ => false,
    }
}
