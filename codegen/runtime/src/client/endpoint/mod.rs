//! Endpoint resolution by the model's rule set (`endpoint-rule-set-1.json`) over the
//! partitions of `partitions.json`: the parameters, the resolved endpoint, and the rule set.

mod engine;
pub mod function_names;
mod functions;

pub use crate::config::settings::EndpointValue;
use engine::Engine;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
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
    /// Every other parameter, by the rule set's name for it (an operation's context
    /// parameters such as S3's `Bucket`, a client's context parameters) or by the built-in
    /// it is bound to (`AWS::S3::ForcePathStyle`). A value by name wins over one by
    /// built-in.
    pub others: BTreeMap<String, EndpointValue>,
}

impl EndpointParams {
    /// These parameters with `name` (a parameter's name or a built-in's id) set to `value`.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<EndpointValue>) -> Self {
        self.others.insert(name.into(), value.into());
        self
    }
}

/// An endpoint parameter's value as the rules engine holds it.
fn to_json(value: &EndpointValue) -> Value {
    match value {
        EndpointValue::Bool(b) => Value::Bool(*b),
        EndpointValue::String(s) => Value::String(s.clone()),
        EndpointValue::StringArray(items) => {
            Value::Array(items.iter().cloned().map(Value::String).collect())
        }
    }
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

/// A resolved endpoint: its URL, the headers it adds, and how its `authSchemes` property
/// asks requests to be signed where that differs from the client's (IAM's global endpoint
/// signs for `us-east-1`, S3 signs paths as sent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL.
    pub url: String,
    /// The region to sign for, when the endpoint names one (`signingRegion`).
    pub signing_region: Option<String>,
    /// The signing name, when the endpoint names one (`signingName`).
    pub signing_name: Option<String>,
    /// The auth scheme the endpoint asks for: the first of its `authSchemes` the runtime
    /// signs with (`sigv4`), else the first it names (such as `sigv4a`, which a call then
    /// refuses, naming it); `None` when it names none.
    pub auth_scheme: Option<String>,
    /// The regions a SigV4a signature would cover (`signingRegionSet`).
    pub signing_region_set: Vec<String>,
    /// Whether the path is signed as sent, not encoded a second time
    /// (`disableDoubleEncoding`, as S3 asks).
    pub disable_double_encoding: bool,
    /// Headers the endpoint adds to every request sent to it.
    pub headers: Vec<(String, String)>,
}

/// The auth schemes of an endpoint's `authSchemes` that the runtime signs with.
#[cfg(not(feature = "sigv4a"))]
pub const SIGNED_SCHEMES: &[&str] = &["sigv4"];
/// The auth schemes of an endpoint's `authSchemes` that the runtime signs with.
#[cfg(feature = "sigv4a")]
pub const SIGNED_SCHEMES: &[&str] = &["sigv4", "sigv4a"];

impl Endpoint {
    /// An endpoint with no signing scope or headers of its own.
    pub fn url(url: impl Into<String>) -> Self {
        Endpoint {
            url: url.into(),
            ..Endpoint::default()
        }
    }

    /// The endpoint at `url` with `headers` and the signing scope of `properties` (an
    /// endpoint rule's, templates filled in): of `authSchemes`, the first the runtime
    /// signs with, else the first.
    fn new(url: String, properties: &Value, headers: Vec<(String, String)>) -> Self {
        let schemes = properties["authSchemes"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        let chosen = schemes
            .iter()
            .find(|s| {
                s["name"]
                    .as_str()
                    .is_some_and(|n| SIGNED_SCHEMES.contains(&n))
            })
            .or_else(|| schemes.first());
        let field = |name: &str| chosen.and_then(|s| s[name].as_str()).map(str::to_owned);
        Endpoint {
            signing_region: field("signingRegion"),
            signing_name: field("signingName"),
            auth_scheme: field("name"),
            signing_region_set: chosen
                .and_then(|s| s["signingRegionSet"].as_array())
                .map(|set| {
                    set.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            disable_double_encoding: chosen
                .is_some_and(|s| s["disableDoubleEncoding"] == Value::Bool(true)),
            headers,
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
        let built_in = def["builtIn"].as_str();
        let given = params
            .others
            .get(name)
            .map(to_json)
            .or_else(|| match built_in {
                Some("AWS::Region") => params.region.clone().map(Value::String),
                Some("AWS::UseFIPS") => Some(Value::Bool(params.use_fips)),
                Some("AWS::UseDualStack") => Some(Value::Bool(params.use_dual_stack)),
                Some("SDK::Endpoint") => params.endpoint.clone().map(Value::String),
                Some(id) => params.others.get(id).map(to_json),
                None => None,
            });
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
