//! Smithy's protocol compliance suites, run by `cargo xtask conformance` beside botocore's: each converted test service of awsJson1_0, awsJson1_1, restJson1, rpcv2Cbor, awsQuery, ec2Query and restXml is loaded as a Smithy model into a module of the runner's crate, and each client case of its `httpRequestTests` and `httpResponseTests` becomes a runner function.

use super::shape_values::Values;
use super::values::{self, Target};
use super::{smithy_cases, smithy_events, CaseResult, Outcome, Plan};
use codegen::ir::{Service, StructureKind};
use codegen::model::{Models, ServiceModel};
use codegen::{ModelFiles, SourceFile};
use quote::format_ident;
use serde_json::{json, Map, Value};
use std::fs;
use std::path::Path;

/// The protocols the generator speaks, by trait, with the botocore protocol whose codec
/// their bodies use.
const PROTOCOLS: &[(&str, &str)] = &[
    ("aws.protocols#awsJson1_0", "json"),
    ("aws.protocols#awsJson1_1", "json"),
    ("aws.protocols#restJson1", "json"),
    ("smithy.protocols#rpcv2Cbor", "smithy-rpc-v2-cbor"),
    ("aws.protocols#awsQuery", "query"),
    ("aws.protocols#ec2Query", "ec2"),
    ("aws.protocols#restXml", "rest-xml"),
];

/// The endpoint the client is configured with when a case names no host.
const ENDPOINT: &str = "https://example.com";

/// The client cases of Smithy's compliance suites of the seven protocols: 515 of the JSON
/// family and CBOR, 77 of awsQuery, 59 of ec2Query and 193 of restXml, and 84 event stream
/// cases of restJson1.
const SMITHY_CASES: usize = 928;

/// How the results of Smithy's suites are told apart: their file starts with it.
pub(super) const PREFIX: &str = "smithy/";

/// Smithy's results: all 928 cases ran, and every failure is a listed one.
pub(super) fn check(results: &[CaseResult]) -> Result<(), String> {
    if results.len() != SMITHY_CASES {
        return Err(format!(
            "{} Smithy cases ran, not {SMITHY_CASES}",
            results.len()
        ));
    }
    against_expected_failures(results, super::smithy_expected::EXPECTED_FAILURES)
}

/// Every failure must be listed with its reason, and every listed case must fail: one that
/// passes now comes off the list.
fn against_expected_failures(
    results: &[CaseResult],
    expected: &[(&str, &str, &str)],
) -> Result<(), String> {
    let listed = |r: &CaseResult| {
        expected
            .iter()
            .any(|(suite, id, _)| r.file == format!("{PREFIX}{suite}") && r.id == *id)
    };
    let mut problems = Vec::new();
    for r in results {
        match (&r.outcome, listed(r)) {
            (Outcome::Pass, true) => problems.push(format!(
                "{} {} passes now: take it off the expected failures",
                r.file, r.id
            )),
            (Outcome::Fail(why) | Outcome::Unsupported(why), false) => {
                problems.push(format!("{} {} fails: {why}", r.file, r.id));
            }
            _ => {}
        }
    }
    for (suite, id, _) in expected {
        if !results
            .iter()
            .any(|r| r.file == format!("{PREFIX}{suite}") && r.id == *id)
        {
            problems.push(format!(
                "{suite} {id} is listed as expected to fail but did not run"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Adds every client case of the converted services in `dir` to the plan.
pub(super) fn add_services(plan: &mut Plan, dir: &Path) -> Result<(), String> {
    let mut paths: Vec<_> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let ast: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        add_service(plan, &stem, &text, &ast)?;
    }
    Ok(())
}

/// The service shape and its protocol trait, when it speaks one of [`PROTOCOLS`].
fn protocol(ast: &Value) -> Option<(&'static str, &'static str)> {
    let service = ast["shapes"]
        .as_object()?
        .values()
        .find(|s| s["type"] == "service")?;
    PROTOCOLS
        .iter()
        .find(|(t, _)| service["traits"].get(*t).is_some())
        .copied()
}

fn add_service(plan: &mut Plan, stem: &str, text: &str, ast: &Value) -> Result<(), String> {
    let Some((protocol, codec)) = protocol(ast) else {
        return Ok(());
    };
    let requests = format!("{PREFIX}{stem} requests");
    let responses = format!("{PREFIX}{stem} responses");
    let events = format!("{PREFIX}{stem} events");
    let file_of = |case: &Case| match (case.events, case.request) {
        (true, _) => &events,
        (false, true) => &requests,
        (false, false) => &responses,
    };
    let cases = client_cases(ast, protocol);
    let (text, partitions) = match with_s3_rules(ast)? {
        Some((text, partitions)) => (text, Some(partitions)),
        None => (text.to_owned(), None),
    };
    let files = ModelFiles {
        service: SourceFile {
            path: format!("{stem}.json"),
            text,
        },
        paginators: None,
        waiters: None,
        endpoint_rules: None,
        partitions,
        service_shape: None,
    };
    let loaded = codegen::model::load(&files)
        .and_then(|models| codegen::lower(&files).map(|(service, _warnings)| (models, service)));
    let (models, service) = match loaded {
        Ok(loaded) => loaded,
        Err(problems) => {
            let reason = format!("the generator refuses the model: {problems}").replace('\n', " ");
            for case in cases {
                let file = file_of(&case);
                plan.add_case(file, case.id, &format_ident!("unused"), Err(reason.clone()));
            }
            return Ok(());
        }
    };
    let module = format!("smithy_{}", stem.replace(['.', '-'], "_").to_lowercase());
    let module_ident = format_ident!("{module}");
    let suite = json!({
        "shapes": botocore_shapes(&models.service),
        "metadata": {"protocol": codec},
    });
    for (number, case) in cases.into_iter().enumerate() {
        let function = format_ident!("{module}_{number}");
        let endpoint = match case.value["host"].as_str() {
            Some(host) if case.request => format!("https://{host}"),
            _ => ENDPOINT.to_owned(),
        };
        let file = file_of(&case);
        let target = Target {
            module: &module_ident,
            function: &function,
            endpoint: &endpoint,
            file,
            id: &case.id,
        };
        let code = case_code(&models, &service, &suite, &case, &target);
        plan.add_case(file, case.id.clone(), &function, code);
    }
    plan.members.push((module, service));
    Ok(())
}

/// Smithy's S3 test model with the endpoint rule set the real S3 model carries (the
/// checked-in `model/s3/endpoint-rule-set-1.json`) and the partitions: its addressing
/// cases are about where the rules put the bucket, and the test model has no rules of its
/// own. `None` for every other model.
fn with_s3_rules(ast: &Value) -> Result<Option<(String, SourceFile)>, String> {
    let Some((id, service)) = ast["shapes"]
        .as_object()
        .and_then(|shapes| shapes.iter().find(|(_, s)| s["type"] == "service"))
    else {
        return Ok(None);
    };
    if service["traits"]["aws.api#service"]["sdkId"] != "S3"
        || service["traits"]
            .get("smithy.rules#endpointRuleSet")
            .is_some()
    {
        return Ok(None);
    }
    let read = |path: &str| {
        let path = crate::root().join(path);
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let rules: Value = serde_json::from_str(&read("model/s3/endpoint-rule-set-1.json")?)
        .map_err(|e| format!("model/s3/endpoint-rule-set-1.json: {e}"))?;
    let mut ast = ast.clone();
    ast["shapes"][id.as_str()]["traits"]["smithy.rules#endpointRuleSet"] = rules;
    let partitions = SourceFile {
        path: "model/partitions.json".to_owned(),
        text: read("model/partitions.json")?,
    };
    Ok(Some((ast.to_string(), partitions)))
}

/// One client case of a test trait.
struct Case {
    id: String,
    /// A request case (`httpRequestTests`, or an event stream case that sends), else a
    /// response case.
    request: bool,
    /// An `eventStreamTests` case.
    events: bool,
    /// The operation's name, or the error structure's for a response case on an error.
    shape: String,
    /// Whether `shape` is an error structure.
    on_error: bool,
    value: Value,
}

/// The cases of the service's protocol that apply to clients, operations first.
fn client_cases(ast: &Value, protocol: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let shapes = ast["shapes"].as_object().into_iter().flatten();
    for (id, shape) in shapes {
        let name = id.rsplit('#').next().unwrap_or(id).to_owned();
        let on_error = shape["traits"].get("smithy.api#error").is_some();
        let traits: &[(&str, bool)] = match shape["type"].as_str() {
            Some("operation") => &[
                ("smithy.test#httpRequestTests", true),
                ("smithy.test#httpResponseTests", false),
                ("smithy.test#eventStreamTests", false),
            ],
            Some("structure") if on_error => &[("smithy.test#httpResponseTests", false)],
            _ => &[],
        };
        for (test_trait, request) in traits {
            for case in shape["traits"][*test_trait]
                .as_array()
                .into_iter()
                .flatten()
            {
                if case["appliesTo"] == "server" || case["protocol"] != protocol {
                    continue;
                }
                let events = *test_trait == "smithy.test#eventStreamTests";
                cases.push(Case {
                    id: case["id"].as_str().unwrap_or("unnamed").to_owned(),
                    request: *request || (events && smithy_events::is_request(case)),
                    events,
                    shape: name.clone(),
                    on_error,
                    value: case.clone(),
                });
            }
        }
    }
    cases
}

/// The runner function of a case: requests through [`smithy_cases`], responses as a
/// botocore output case.
fn case_code(
    models: &Models,
    service: &Service,
    suite: &Value,
    case: &Case,
    target: &Target<'_>,
) -> Result<proc_macro2::TokenStream, String> {
    let (operation, error) = if case.on_error {
        // A response case on an error runs through an operation that declares it.
        let structure = service
            .structures
            .iter()
            .position(|s| s.wire_name == case.shape)
            .ok_or_else(|| format!("no structure `{}` in the generated module", case.shape))?;
        let op = service
            .operations
            .iter()
            .find(|op| op.errors.iter().any(|e| e.structure.0 == structure))
            .ok_or_else(|| format!("no operation declares the error `{}`", case.shape))?;
        let code = match &service.structures[structure].kind {
            StructureKind::Error { code, .. } => code.clone(),
            _ => case.shape.clone(),
        };
        (op.wire_name.clone(), Some(code))
    } else {
        (case.shape.clone(), None)
    };
    let model_op = models
        .service
        .operations
        .get(&operation)
        .ok_or_else(|| format!("no operation `{operation}` in the loaded model"))?;
    let mut given = Map::new();
    given.insert("name".into(), json!(operation));
    if let Some(input) = &model_op.input {
        given.insert("input".into(), json!({"shape": input.shape}));
    }
    if let Some(output) = &model_op.output {
        given.insert("output".into(), json!({"shape": output.shape}));
    }
    let given = Value::Object(given);
    if case.events {
        let values = Values {
            shapes: &suite["shapes"],
            service,
            nan_allowed: false,
        };
        let operation = values::operation(service, &json!({ "given": given }))?;
        return smithy_events::event_code(&values, operation, &given, &case.value, target);
    }
    if case.request {
        let values = Values {
            shapes: &suite["shapes"],
            service,
            nan_allowed: true,
        };
        return smithy_cases::request_code(&values, &given, &case.value, target);
    }
    let c = &case.value;
    let mut botocore = json!({
        "given": given,
        "response": {
            "status_code": c["code"],
            "headers": c.get("headers").cloned().unwrap_or_else(|| json!({})),
            "body": c["body"].as_str().unwrap_or_default(),
        },
    });
    match error {
        Some(code) => {
            botocore["errorCode"] = json!(code);
            botocore["error"] = c.get("params").cloned().unwrap_or_else(|| json!({}));
        }
        None => botocore["result"] = c.get("params").cloned().unwrap_or_else(|| json!({})),
    }
    values::case_code(false, service, suite, &botocore, target)
}

/// The loaded model's shapes in botocore's JSON form, as the value builder reads them.
fn botocore_shapes(model: &ServiceModel) -> Value {
    let member = |m: &Option<codegen::model::Member>| match m {
        Some(m) => json!({"shape": m.shape}),
        None => Value::Null,
    };
    let shapes: Map<String, Value> = model
        .shapes
        .iter()
        .map(|(name, shape)| {
            let members: Map<String, Value> = shape
                .members
                .iter()
                .map(|(n, m)| (n.clone(), json!({"shape": m.shape})))
                .collect();
            let value = json!({
                "type": shape.shape_type.as_str(),
                "document": shape.document,
                "sparse": shape.sparse,
                "streaming": shape.streaming,
                "members": members,
                "member": member(&shape.member),
                "key": member(&shape.key),
                "value": member(&shape.value),
            });
            (name.clone(), value)
        })
        .collect();
    Value::Object(shapes)
}

#[cfg(test)]
mod tests {
    use super::{against_expected_failures, CaseResult, Outcome};

    #[test]
    fn an_expected_failure_that_passes_and_an_unlisted_failure_both_fail_the_run() {
        let case = |id: &str, outcome: Outcome| CaseResult {
            file: "smithy/S requests".to_owned(),
            id: id.to_owned(),
            outcome,
            decompressed: None,
        };
        let expected = [("S requests", "Known", "a reason")];
        let fine = [
            case("Known", Outcome::Fail("x".into())),
            case("Other", Outcome::Pass),
        ];
        assert_eq!(against_expected_failures(&fine, &expected), Ok(()));
        let fixed = [case("Known", Outcome::Pass)];
        let error = against_expected_failures(&fixed, &expected).expect_err("passes now");
        assert!(error.contains("passes now"), "{error}");
        let new = [
            case("Known", Outcome::Unsupported("x".into())),
            case("Other", Outcome::Fail("broke".into())),
        ];
        let error = against_expected_failures(&new, &expected).expect_err("a new failure");
        assert!(error.contains("Other fails: broke"), "{error}");
        let missing = [case("Other", Outcome::Pass)];
        assert!(against_expected_failures(&missing, &expected).is_err());
    }
}
