//! A rules engine for the model's `endpoint-rule-set-1.json`: resolves the endpoint URL from
//! region, FIPS, dual-stack and an override, with the partitions of `partitions.json`.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;

/// What endpoint resolution takes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointParams {
    /// The region (`AWS::Region`).
    pub region: Option<String>,
    /// Whether to use a FIPS endpoint (`AWS::UseFIPS`).
    pub use_fips: bool,
    /// Whether to use a dual-stack endpoint (`AWS::UseDualStack`).
    pub use_dual_stack: bool,
    /// An endpoint URL that overrides the rules (`SDK::Endpoint`).
    pub endpoint: Option<String>,
}

/// The rules say no endpoint fits, or the rule set itself is broken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError(pub String);

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no endpoint: {}", self.0)
    }
}

impl std::error::Error for EndpointError {}

/// A resolved endpoint: its URL, and the signing scope its `authSchemes` property asks for
/// where it differs from the client's (IAM's global endpoint signs for `us-east-1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL.
    pub url: String,
    /// The region to sign for, when the endpoint names one (`signingRegion` of its `sigv4`
    /// auth scheme).
    pub signing_region: Option<String>,
    /// The signing name, when the endpoint names one (`signingName`).
    pub signing_name: Option<String>,
}

impl Endpoint {
    /// An endpoint with no signing scope of its own.
    pub fn url(url: impl Into<String>) -> Self {
        Endpoint {
            url: url.into(),
            signing_region: None,
            signing_name: None,
        }
    }

    /// The endpoint at `url` with the signing scope of `properties` (an endpoint rule's,
    /// templates filled in): the first `sigv4` entry of `authSchemes`.
    fn with_properties(url: String, properties: &Value) -> Self {
        let sigv4 = properties["authSchemes"]
            .as_array()
            .and_then(|schemes| schemes.iter().find(|s| s["name"] == "sigv4"));
        let field = |name: &str| sigv4.and_then(|s| s[name].as_str()).map(str::to_owned);
        Endpoint {
            signing_region: field("signingRegion"),
            signing_name: field("signingName"),
            url,
        }
    }
}

/// A service's endpoint rule set and the partitions, as embedded JSON texts, parsed once on
/// first use.
#[derive(Debug)]
pub struct RuleSet {
    rules: &'static str,
    partitions: &'static str,
    parsed: std::sync::OnceLock<Result<(Value, Value), String>>,
}

impl RuleSet {
    /// The rule set `rules` over `partitions`, both JSON texts.
    pub const fn new(rules: &'static str, partitions: &'static str) -> Self {
        RuleSet {
            rules,
            partitions,
            parsed: std::sync::OnceLock::new(),
        }
    }

    /// The endpoint for these parameters, or why there is none.
    pub fn resolve(&self, params: &EndpointParams) -> Result<Endpoint, EndpointError> {
        let parsed = self.parsed.get_or_init(|| {
            let rules = serde_json::from_str(self.rules).map_err(|e| e.to_string())?;
            let partitions = serde_json::from_str(self.partitions).map_err(|e| e.to_string())?;
            Ok((rules, partitions))
        });
        let (rules, partitions) = parsed
            .as_ref()
            .map_err(|e| EndpointError(format!("the embedded rule set does not parse: {e}")))?;
        resolve_endpoint(rules, partitions, params)
    }
}

/// Without a rule set: the override URL, else `https://{prefix}.{region}.amazonaws.com`.
pub fn regional(prefix: &str, params: &EndpointParams) -> Result<Endpoint, EndpointError> {
    if let Some(url) = &params.endpoint {
        return Ok(Endpoint::url(url.clone()));
    }
    let region = params
        .region
        .as_deref()
        .ok_or_else(|| EndpointError("no region".into()))?;
    Ok(Endpoint::url(format!(
        "https://{prefix}.{region}.amazonaws.com"
    )))
}

/// Resolves an endpoint URL from `rules` (the rule set JSON) and `partitions`.
pub fn resolve(
    rules: &Value,
    partitions: &Value,
    params: &EndpointParams,
) -> Result<String, EndpointError> {
    resolve_endpoint(rules, partitions, params).map(|endpoint| endpoint.url)
}

/// Resolves an endpoint, its URL and signing scope, from `rules` and `partitions`.
pub fn resolve_endpoint(
    rules: &Value,
    partitions: &Value,
    params: &EndpointParams,
) -> Result<Endpoint, EndpointError> {
    let mut scope: HashMap<String, Value> = HashMap::new();
    let declared = rules["parameters"].as_object().cloned().unwrap_or_default();
    for (name, def) in &declared {
        let given = match def["builtIn"].as_str() {
            Some("AWS::Region") => params.region.clone().map(Value::String),
            Some("AWS::UseFIPS") => Some(Value::Bool(params.use_fips)),
            Some("AWS::UseDualStack") => Some(Value::Bool(params.use_dual_stack)),
            Some("SDK::Endpoint") => params.endpoint.clone().map(Value::String),
            _ => None,
        };
        let value = given
            .or_else(|| def.get("default").cloned())
            .unwrap_or(Value::Null);
        scope.insert(name.clone(), value);
    }
    let engine = Engine { partitions };
    let rules = rules["rules"]
        .as_array()
        .ok_or_else(|| EndpointError("the rule set has no rules".into()))?;
    engine
        .rules(rules, &scope)?
        .unwrap_or_else(|| Err(EndpointError("no rule matched".into())))
}

struct Engine<'a> {
    partitions: &'a Value,
}

type Outcome = Option<Result<Endpoint, EndpointError>>;

impl Engine<'_> {
    fn rules(
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
                    url.as_str()
                        .map(|url| Endpoint::with_properties(url.to_owned(), &properties))
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

/// A DNS label (or, with `sub_domains`, dot-separated labels): 1 to 63 letters, digits and
/// hyphens, not starting with a hyphen.
fn valid_host_label(value: &str, sub_domains: bool) -> bool {
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if sub_domains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// S3's `aws.isVirtualHostableS3Bucket`, as botocore implements it: a bucket name that can
/// be the first label of a host is at least 3 characters, lower case, not an IPv4 address,
/// and a valid host label (each of its dot-separated labels such a name, when
/// `sub_domains`).
fn virtual_hostable_s3_bucket(value: &str, sub_domains: bool) -> bool {
    let ipv4 = {
        let parts: Vec<&str> = value.split('.').collect();
        parts.len() == 4
            && parts
                .iter()
                .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if value.len() < 3 || value.to_lowercase() != value || ipv4 {
        return false;
    }
    if sub_domains {
        value
            .split('.')
            .all(|label| virtual_hostable_s3_bucket(label, false))
    } else {
        valid_host_label(value, false)
    }
}

/// `arn:partition:service:region:account:resource`, with the resource split on `:` and `/`.
fn parse_arn(value: &str) -> Value {
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, service, region, account, resource]
            if !partition.is_empty() && !service.is_empty() && !resource.is_empty() =>
        {
            let ids: Vec<Value> = resource
                .split([':', '/'])
                .map(|p| Value::String(p.to_owned()))
                .collect();
            serde_json::json!({"partition": partition, "service": service, "region": region, "accountId": account, "resourceId": ids})
        }
        _ => Value::Null,
    }
}

/// An `http` or `https` URL without query: scheme, authority, path, normalized path, and
/// whether the host is an IP address.
fn parse_url(value: &str) -> Value {
    let Some((scheme, rest)) = value.split_once("://") else {
        return Value::Null;
    };
    if !matches!(scheme, "http" | "https") || value.contains('?') || value.contains('#') {
        return Value::Null;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return Value::Null;
    }
    let host = if authority.starts_with('[') {
        authority
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    let is_ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    let normalized = if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    serde_json::json!({"scheme": scheme, "authority": authority, "path": path, "normalizedPath": normalized, "isIp": is_ip})
}

/// `substring(input, start, stop, reverse)` on ASCII input; null when out of range.
fn substring(input: &Value, start: &Value, stop: &Value, reverse: &Value) -> Value {
    let (Some(s), Some(start), Some(stop)) = (input.as_str(), start.as_u64(), stop.as_u64()) else {
        return Value::Null;
    };
    let (start, stop) = (start as usize, stop as usize);
    if !s.is_ascii() || start >= stop || stop > s.len() {
        return Value::Null;
    }
    let (from, to) = if *reverse == Value::Bool(true) {
        (s.len() - stop, s.len() - start)
    } else {
        (start, stop)
    };
    Value::String(s[from..to].to_owned())
}

/// Percent-encodes everything but unreserved characters.
fn uri_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `getAttr`: a dotted path with optional `[index]` parts.
fn attribute(value: &Value, path: &str) -> Value {
    let mut current = value.clone();
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        if !key.is_empty() {
            current = current.get(key).cloned().unwrap_or(Value::Null);
        }
        if let Some(i) = index {
            current = current.get(i).cloned().unwrap_or(Value::Null);
        }
    }
    current
}

#[cfg(test)]
mod tests {
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
        for name in super::super::endpoint_functions::RULE_FUNCTIONS {
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
