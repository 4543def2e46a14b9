//! The rules engine: evaluates a rule set's conditions, functions and templates over the
//! parameters' values.

use super::functions::{
    attribute, parse_arn, parse_url, substring, uri_encode, valid_host_label,
    virtual_hostable_s3_bucket,
};
use super::{Endpoint, EndpointError};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Evaluates rules against the partitions.
pub(super) struct Engine<'a> {
    pub(super) partitions: &'a Value,
}

type Outcome = Option<Result<Endpoint, EndpointError>>;

impl Engine<'_> {
    /// The outcome of the first rule whose conditions hold, if any does.
    pub(super) fn rules(
        &self,
        rules: &[Value],
        scope: &HashMap<String, Value>,
    ) -> Result<Outcome, EndpointError> {
        for rule in rules {
            let mut scope = scope.clone();
            if !self.conditions(
                rule["conditions"].as_array().map_or(&[][..], Vec::as_slice),
                &mut scope,
            )? {
                continue;
            }
            return Ok(Some(match rule["type"].as_str() {
                Some("endpoint") => {
                    let url = self.expr(&rule["endpoint"]["url"], &scope)?;
                    let properties = self.filled(&rule["endpoint"]["properties"], &scope)?;
                    let headers = self.headers(&rule["endpoint"]["headers"], &scope)?;
                    url.as_str()
                        .map(|url| Endpoint::new(url.to_owned(), &properties, headers))
                        .ok_or_else(|| EndpointError("an endpoint URL is not a string".into()))
                }
                Some("error") => {
                    let message = self.expr(&rule["error"], &scope)?;
                    Err(EndpointError(
                        message.as_str().unwrap_or("endpoint rule error").to_owned(),
                    ))
                }
                Some("tree") => {
                    let inner = rule["rules"].as_array().map_or(&[][..], Vec::as_slice);
                    // A tree whose conditions matched is final: no later rule is tried.
                    return Ok(Some(
                        self.rules(inner, &scope)?
                            .unwrap_or_else(|| Err(EndpointError("no rule matched".into()))),
                    ));
                }
                other => return Err(EndpointError(format!("unknown rule type {other:?}"))),
            }));
        }
        Ok(None)
    }

    /// An endpoint's headers: each name with its values, every value an expression.
    fn headers(
        &self,
        headers: &Value,
        scope: &HashMap<String, Value>,
    ) -> Result<Vec<(String, String)>, EndpointError> {
        let mut out = Vec::new();
        for (name, values) in headers.as_object().into_iter().flatten() {
            for value in values.as_array().into_iter().flatten() {
                match self.expr(value, scope)? {
                    Value::String(value) => out.push((name.clone(), value)),
                    other => {
                        return Err(EndpointError(format!(
                            "the endpoint header `{name}` is {other}, not a string"
                        )))
                    }
                }
            }
        }
        Ok(out)
    }

    /// An endpoint's properties with every string's templates filled in.
    fn filled(
        &self,
        value: &Value,
        scope: &HashMap<String, Value>,
    ) -> Result<Value, EndpointError> {
        Ok(match value {
            Value::String(template) => Value::String(self.template(template, scope)?),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.filled(item, scope))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.filled(v, scope)?)))
                    .collect::<Result<_, EndpointError>>()?,
            ),
            other => other.clone(),
        })
    }

    fn conditions(
        &self,
        conditions: &[Value],
        scope: &mut HashMap<String, Value>,
    ) -> Result<bool, EndpointError> {
        for condition in conditions {
            let value = self.call(condition, scope)?;
            if value.is_null() || value == Value::Bool(false) {
                return Ok(false);
            }
            if let Some(name) = condition["assign"].as_str() {
                scope.insert(name.to_owned(), value);
            }
        }
        Ok(true)
    }

    fn expr(&self, expr: &Value, scope: &HashMap<String, Value>) -> Result<Value, EndpointError> {
        Ok(match expr {
            Value::String(template) => Value::String(self.template(template, scope)?),
            Value::Object(o) if o.contains_key("ref") => scope
                .get(o["ref"].as_str().unwrap_or_default())
                .cloned()
                .unwrap_or(Value::Null),
            Value::Object(o) if o.contains_key("fn") => self.call(expr, scope)?,
            other => other.clone(),
        })
    }

    /// Expands `{Name}` and `{Name#path}`.
    fn template(
        &self,
        template: &str,
        scope: &HashMap<String, Value>,
    ) -> Result<String, EndpointError> {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| EndpointError(format!("unclosed `{{` in `{template}`")))?
                + open;
            let name = &rest[open + 1..close];
            let (var, path) = name.split_once('#').unwrap_or((name, ""));
            let mut value = scope.get(var).cloned().unwrap_or(Value::Null);
            if !path.is_empty() {
                value = attribute(&value, path);
            }
            match value {
                Value::String(s) => out.push_str(&s),
                Value::Bool(b) => out.push_str(&b.to_string()),
                other => {
                    return Err(EndpointError(format!(
                        "`{{{name}}}` is {other}, not a string"
                    )))
                }
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn call(&self, call: &Value, scope: &HashMap<String, Value>) -> Result<Value, EndpointError> {
        let name = call["fn"].as_str().unwrap_or_default();
        let args = call["argv"].as_array().map_or(&[][..], Vec::as_slice);
        let args: Vec<Value> = args
            .iter()
            .map(|a| self.expr(a, scope))
            .collect::<Result<_, _>>()?;
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
        Ok(match name {
            "isSet" => Value::Bool(!arg(0).is_null()),
            "not" => Value::Bool(arg(0) != Value::Bool(true)),
            "booleanEquals" | "stringEquals" => Value::Bool(arg(0) == arg(1)),
            "getAttr" => attribute(&arg(0), arg(1).as_str().unwrap_or_default()),
            "aws.partition" => match arg(0).as_str() {
                Some(region) => self.partition(region),
                None => Value::Null,
            },
            "isValidHostLabel" => Value::Bool(
                arg(0)
                    .as_str()
                    .is_some_and(|s| valid_host_label(s, arg(1) == Value::Bool(true))),
            ),
            "aws.parseArn" => arg(0).as_str().map_or(Value::Null, parse_arn),
            "aws.isVirtualHostableS3Bucket" => Value::Bool(
                arg(0)
                    .as_str()
                    .is_some_and(|s| virtual_hostable_s3_bucket(s, arg(1) == Value::Bool(true))),
            ),
            "parseURL" => arg(0).as_str().map_or(Value::Null, parse_url),
            "substring" => substring(&arg(0), &arg(1), &arg(2), &arg(3)),
            "uriEncode" => arg(0)
                .as_str()
                .map_or(Value::Null, |s| Value::String(uri_encode(s))),
            other => {
                return Err(EndpointError(format!(
                    "the rule function `{other}` is not supported"
                )))
            }
        })
    }

    /// The partition of a region: the one listing it, else the one whose pattern matches,
    /// else `aws`; with `name` and the region's own overrides.
    fn partition(&self, region: &str) -> Value {
        let partitions = self.partitions["partitions"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        let listed = partitions
            .iter()
            .find(|p| p["regions"].get(region).is_some());
        let matched = || {
            partitions.iter().find(|p| {
                p["regionRegex"]
                    .as_str()
                    .and_then(|r| regex_lite::Regex::new(r).ok())
                    .is_some_and(|re| re.is_match(region))
            })
        };
        let fallback = || partitions.iter().find(|p| p["id"] == "aws");
        let Some(partition) = listed.or_else(matched).or_else(fallback) else {
            return Value::Null;
        };
        let mut outputs: Map<String, Value> = partition["outputs"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        if let Some(overrides) = partition["regions"].get(region).and_then(Value::as_object) {
            for (k, v) in overrides {
                if k != "description" {
                    outputs.insert(k.clone(), v.clone());
                }
            }
        }
        outputs
            .entry("name")
            .or_insert_with(|| partition["id"].clone());
        Value::Object(outputs)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{resolve, EndpointParams};
    use super::*;

    /// The engine implements exactly the functions the list names (the generator refuses
    /// rule sets that call any other).
    #[test]
    fn the_engine_implements_every_listed_function_and_no_other() {
        let partitions = serde_json::json!({"partitions": []});
        let engine = Engine {
            partitions: &partitions,
        };
        let scope = HashMap::new();
        let unsupported = |name: &str| {
            let call = serde_json::json!({"fn": name, "argv": []});
            matches!(engine.call(&call, &scope), Err(e) if e.0.contains("is not supported"))
        };
        for name in super::super::function_names::RULE_FUNCTIONS {
            assert!(!unsupported(name), "`{name}` is listed but not implemented");
        }
        assert!(unsupported("aws.isVirtualS3Bucket"));
        assert!(unsupported("isset"));
    }

    #[test]
    fn s3_bucket_names_that_can_be_a_host_label() {
        for (bucket, sub_domains, hostable) in [
            ("my-bucket", false, true),
            ("abc", false, true),
            ("ab", false, false),
            ("My-Bucket", false, false),
            ("-bucket", false, false),
            ("bucket-", false, false),
            ("my.bucket", false, false),
            ("abc.bucket", true, true),
            ("my..bucket", true, false),
            ("my.b", true, false),
            ("192.168.5.4", true, false),
            ("bucket.10.0", true, false),
            ("a_b_c", false, false),
        ] {
            assert_eq!(
                virtual_hostable_s3_bucket(bucket, sub_domains),
                hostable,
                "{bucket} (sub-domains: {sub_domains})"
            );
        }
    }

    #[test]
    fn templates_and_attributes() {
        let partitions = serde_json::json!({"partitions": [{"id": "aws", "outputs": {"dnsSuffix": "amazonaws.com", "supportsFIPS": true}, "regionRegex": "^us\\-\\w+\\-\\d+$", "regions": {}}]});
        let rules = serde_json::json!({
            "parameters": {"Region": {"builtIn": "AWS::Region", "type": "string"}, "UseFIPS": {"builtIn": "AWS::UseFIPS", "type": "boolean", "default": false}},
            "rules": [
                {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}, {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
                 "type": "tree", "rules": [
                    {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}, {"fn": "booleanEquals", "argv": [true, {"fn": "getAttr", "argv": [{"ref": "P"}, "supportsFIPS"]}]}],
                     "type": "endpoint", "endpoint": {"url": "https://svc-fips.{Region}.{P#dnsSuffix}"}},
                    {"conditions": [], "type": "endpoint", "endpoint": {"url": "https://svc.{Region}.{P#dnsSuffix}"}}]},
                {"conditions": [], "type": "error", "error": "Invalid Configuration: Missing Region"}
            ]
        });
        let params = |region: Option<&str>, fips| EndpointParams {
            region: region.map(str::to_owned),
            use_fips: fips,
            ..Default::default()
        };
        assert_eq!(
            resolve(&rules, &partitions, &params(Some("us-west-2"), false)).unwrap(),
            "https://svc.us-west-2.amazonaws.com"
        );
        assert_eq!(
            resolve(&rules, &partitions, &params(Some("us-west-2"), true)).unwrap(),
            "https://svc-fips.us-west-2.amazonaws.com"
        );
        assert_eq!(
            resolve(&rules, &partitions, &params(None, false))
                .unwrap_err()
                .0,
            "Invalid Configuration: Missing Region"
        );
        assert_eq!(
            attribute(&serde_json::json!({"a": [{"b": 1}]}), "a[0].b"),
            serde_json::json!(1)
        );
    }
}
