//! Validators of the ds crate: inputs generated from the constraints pass, each single
//! mutation is reported once at its path, and `Policy::Default` rejects exactly what
//! botocore's own validator rejects.

use crate::patterns::TABLE;
use crate::support::{check, Outcome, INPUT_TYPES};
use crate::support::{ds_model, run_python};
use codegen::ir::names;
use directory_service::validation::{Policy, Rule, Validate};
use serde_json::{json, Map, Value};

/// The ds model, for generating values from its shapes.
pub struct Model(pub Value);

/// One place in an input where a constraint applies.
struct Site {
    json: Vec<Value>,
    rust: String,
    shape: String,
}

/// A value that breaks one constraint at one site.
struct Mutant {
    operation: String,
    type_name: String,
    params: Value,
    path: String,
    rule: Rule,
}

impl Model {
    fn shape(&self, name: &str) -> &Value {
        &self.0["shapes"][name]
    }

    fn bound(&self, name: &str, key: &str) -> Option<usize> {
        self.shape(name)[key].as_f64().map(|v| v as usize)
    }

    /// A string of the shape's length that matches its pattern, from the pattern table.
    fn good_string(&self, name: &str) -> String {
        let (min, max) = (
            self.bound(name, "min").unwrap_or(0),
            self.bound(name, "max").unwrap_or(usize::MAX),
        );
        if self.shape(name).get("pattern").is_none() {
            return "x".repeat(min.clamp(3, max.max(1)).min(max));
        }
        let (_, good, _) = TABLE
            .iter()
            .find(|(shape, _, _)| *shape == name)
            .expect("pattern table row");
        good.iter()
            .find(|v| (min..=max).contains(&v.chars().count()))
            .unwrap_or_else(|| panic!("the table has no value of length {min}..={max} for {name}"))
            .to_string()
    }

    /// A valid value for a shape, with every member set.
    pub fn valid(&self, name: &str) -> Value {
        let shape = self.shape(name);
        match shape["type"].as_str().unwrap() {
            "structure" => {
                let mut object = Map::new();
                for (member, target) in shape["members"].as_object().unwrap() {
                    object.insert(
                        member.clone(),
                        self.valid(target["shape"].as_str().unwrap()),
                    );
                }
                Value::Object(object)
            }
            "string" => match shape.get("enum") {
                Some(values) => values[0].clone(),
                None => json!(self.good_string(name)),
            },
            "integer" | "long" => json!(self
                .bound(name, "min")
                .unwrap_or(1)
                .max(1)
                .min(self.bound(name, "max").unwrap_or(usize::MAX))),
            "boolean" => json!(true),
            "timestamp" => json!(1795310428),
            "list" => {
                let n = self
                    .bound(name, "min")
                    .unwrap_or(1)
                    .max(1)
                    .min(self.bound(name, "max").unwrap_or(usize::MAX));
                let element = shape["member"]["shape"].as_str().unwrap();
                Value::Array((0..n).map(|_| self.valid(element)).collect())
            }
            "map" => {
                let key = self.good_string(shape["key"]["shape"].as_str().unwrap());
                json!({ key: self.valid(shape["value"]["shape"].as_str().unwrap()) })
            }
            other => panic!("no generator for {other}"),
        }
    }

    /// Every constrained site inside `value` of shape `name`.
    fn sites(
        &self,
        name: &str,
        value: &Value,
        json: Vec<Value>,
        rust: String,
        out: &mut Vec<Site>,
    ) {
        let shape = self.shape(name);
        let constrained = ["min", "max", "pattern"]
            .iter()
            .any(|k| shape.get(*k).is_some());
        if constrained && !json.is_empty() {
            out.push(Site {
                json: json.clone(),
                rust: rust.clone(),
                shape: name.to_owned(),
            });
        }
        match shape["type"].as_str().unwrap() {
            "structure" => {
                for (member, target) in shape["members"].as_object().unwrap() {
                    let field = names::field_name(member);
                    let field = field.trim_start_matches("r#");
                    let path = if rust.is_empty() {
                        field.to_owned()
                    } else {
                        format!("{rust}.{field}")
                    };
                    let mut at = json.clone();
                    at.push(json!(member));
                    self.sites(
                        target["shape"].as_str().unwrap(),
                        &value[member],
                        at,
                        path,
                        out,
                    );
                }
            }
            "list" => {
                for (i, item) in value.as_array().unwrap().iter().enumerate() {
                    let mut at = json.clone();
                    at.push(json!(i));
                    self.sites(
                        shape["member"]["shape"].as_str().unwrap(),
                        item,
                        at,
                        format!("{rust}[{i}]"),
                        out,
                    );
                }
            }
            _ => {}
        }
    }

    /// Values that break exactly one constraint of a site.
    fn breakers(&self, site: &Site, current: &Value) -> Vec<(Value, Rule)> {
        let shape = self.shape(&site.shape);
        let (min, max) = (
            self.bound(&site.shape, "min"),
            self.bound(&site.shape, "max"),
        );
        let mut out = Vec::new();
        match shape["type"].as_str().unwrap() {
            "string" => {
                if let Some(min) = min.filter(|&m| m > 0) {
                    out.push((json!("x".repeat(min - 1)), Rule::MinLength));
                }
                if let Some(max) = max {
                    out.push((json!("x".repeat(max + 1)), Rule::MaxLength));
                }
                if shape.get("pattern").is_some() {
                    let (_, _, bad) = TABLE.iter().find(|(s, _, _)| *s == site.shape).unwrap();
                    let fits = |v: &&&str| {
                        (min.unwrap_or(0)..=max.unwrap_or(usize::MAX)).contains(&v.chars().count())
                    };
                    if let Some(bad) = bad.iter().find(fits) {
                        out.push((json!(bad), Rule::Pattern));
                    }
                }
            }
            "integer" | "long" => {
                if let Some(min) = min.filter(|&m| m > 0) {
                    out.push((json!(min as i64 - 1), Rule::MinValue));
                }
                if let Some(max) = max {
                    out.push((json!(max as i64 + 1), Rule::MaxValue));
                }
            }
            "list" => {
                let items = current.as_array().unwrap();
                if let Some(min) = min.filter(|&m| m > 0) {
                    out.push((Value::Array(items[..min - 1].to_vec()), Rule::MinLength));
                }
                if let Some(max) = max {
                    out.push((
                        Value::Array((0..=max).map(|_| items[0].clone()).collect()),
                        Rule::MaxLength,
                    ));
                }
            }
            _ => {}
        }
        out
    }
}

fn set(root: &mut Value, at: &[Value], value: Value) {
    let mut node = root;
    for key in at {
        node = match key {
            Value::String(k) => &mut node[k.as_str()],
            Value::Number(i) => &mut node[i.as_u64().unwrap() as usize],
            _ => unreachable!("paths hold keys and indexes"),
        };
    }
    *node = value;
}

fn get<'a>(root: &'a Value, at: &[Value]) -> &'a Value {
    at.iter().fold(root, |node, key| match key {
        Value::String(k) => &node[k.as_str()],
        Value::Number(i) => &node[i.as_u64().unwrap() as usize],
        _ => unreachable!("paths hold keys and indexes"),
    })
}

/// Every operation's valid input and every single-constraint mutant of it.
fn inputs_and_mutants() -> (Vec<(String, String, Value)>, Vec<Mutant>) {
    let model = Model(serde_json::from_str(&ds_model().service.text).unwrap());
    let mut valid = Vec::new();
    let mut mutants = Vec::new();
    for (operation, op) in model.0["operations"].as_object().unwrap() {
        let input = op["input"]["shape"].as_str().unwrap();
        let type_name = names::type_name(input);
        let params = model.valid(input);
        let mut sites = Vec::new();
        model.sites(input, &params, Vec::new(), String::new(), &mut sites);
        for site in &sites {
            for (broken, rule) in model.breakers(site, get(&params, &site.json)) {
                let mut params = params.clone();
                set(&mut params, &site.json, broken);
                mutants.push(Mutant {
                    operation: operation.clone(),
                    type_name: type_name.clone(),
                    params,
                    path: site.rust.clone(),
                    rule,
                });
            }
        }
        valid.push((operation.clone(), type_name, params));
    }
    (valid, mutants)
}

#[test]
fn the_list_of_input_types_matches_the_model() {
    let model: Value = serde_json::from_str(&ds_model().service.text).unwrap();
    let mut expected: Vec<String> = model["operations"]
        .as_object()
        .unwrap()
        .values()
        .map(|op| names::type_name(op["input"]["shape"].as_str().unwrap()))
        .collect();
    expected.sort();
    assert_eq!(INPUT_TYPES, expected);
}

#[test]
fn generated_inputs_pass_and_each_mutation_is_reported_once_at_its_path() {
    let (valid, mutants) = inputs_and_mutants();
    for (operation, type_name, params) in &valid {
        assert_eq!(
            check(type_name, params, Policy::Strict),
            Outcome::Checked(Vec::new()),
            "{operation}: {params}"
        );
    }
    let mut failures = Vec::new();
    for m in &mutants {
        let Outcome::Checked(found) = check(&m.type_name, &m.params, Policy::Strict) else {
            failures.push(format!("{} {}: did not deserialize", m.operation, m.path));
            continue;
        };
        let targeted = found
            .iter()
            .filter(|(p, r)| *p == m.path && *r == m.rule)
            .count();
        let elsewhere: Vec<_> = found.iter().filter(|(p, _)| *p != m.path).collect();
        // Breaking a patterned string's length may also break its pattern, at the same path.
        let others_here = found
            .iter()
            .filter(|(p, r)| *p == m.path && *r != m.rule && *r != Rule::Pattern)
            .count();
        if targeted != 1 || !elsewhere.is_empty() || others_here != 0 {
            failures.push(format!(
                "{} {} {:?}: found {:?}",
                m.operation, m.path, m.rule, found
            ));
        }
        let default = check(&m.type_name, &m.params, Policy::Default);
        let expect_default = matches!(m.rule, Rule::MinLength | Rule::MinValue);
        let reported = matches!(&default, Outcome::Checked(v) if v.iter().any(|(p, r)| *p == m.path && *r == m.rule));
        if reported != expect_default {
            failures.push(format!(
                "{} {} {:?}: Policy::Default gave {:?}",
                m.operation, m.path, m.rule, default
            ));
        }
        assert_eq!(
            check(&m.type_name, &m.params, Policy::Off),
            Outcome::Checked(Vec::new())
        );
    }
    println!(
        "{} valid inputs, {} single-constraint mutants",
        valid.len(),
        mutants.len()
    );
    assert!(mutants.len() >= 200, "only {} mutants", mutants.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn default_policy_rejects_exactly_what_botocore_rejects() {
    let (valid, mutants) = inputs_and_mutants();
    let model: Value = serde_json::from_str(&ds_model().service.text).unwrap();
    let mut cases: Vec<(String, String, Value)> = valid.clone();
    cases.extend(
        mutants
            .iter()
            .map(|m| (m.operation.clone(), m.type_name.clone(), m.params.clone())),
    );
    // Dropping each required member in turn.
    for (operation, type_name, params) in &valid {
        let input = model["operations"][operation]["input"]["shape"]
            .as_str()
            .unwrap();
        for required in model["shapes"][input]["required"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let mut params = params.clone();
            params
                .as_object_mut()
                .unwrap()
                .remove(required.as_str().unwrap());
            cases.push((operation.clone(), type_name.clone(), params));
        }
    }
    let request: Vec<Value> = cases
        .iter()
        .map(|(op, _, params)| json!({"operation": op, "params": params}))
        .collect();
    let verdicts: Vec<Value> =
        serde_json::from_value(run_python("botocore_validate.py", &Value::Array(request))).unwrap();
    assert_eq!(verdicts.len(), cases.len());
    let (mut rejected, mut disagreements) = (0, Vec::new());
    for ((operation, type_name, params), verdict) in cases.iter().zip(&verdicts) {
        let ours = match check(type_name, params, Policy::Default) {
            Outcome::Unbuildable(_) => true,
            Outcome::Checked(found) => !found.is_empty(),
        };
        let theirs = verdict["rejected"].as_bool().unwrap();
        rejected += usize::from(theirs);
        if ours != theirs {
            disagreements.push(format!(
                "{operation}: ours {ours}, botocore {theirs} ({}) for {params}",
                verdict["report"]
            ));
        }
    }
    println!(
        "{} inputs, {} rejected by botocore, {} disagreements",
        cases.len(),
        rejected,
        disagreements.len()
    );
    assert!(cases.len() >= 200);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn messages_name_the_path_and_never_quote_a_sensitive_value() {
    use directory_service::types::{
        CreateDirectoryRequest, DirectorySize, DirectoryVpcSettings, Tag,
    };
    let input = CreateDirectoryRequest::builder()
        .name("bad name")
        .password("onlylowercase")
        .size(DirectorySize::Small)
        .description("d".repeat(129))
        .vpc_settings(
            DirectoryVpcSettings::builder()
                .vpc_id("vpc-1")
                .subnet_ids("subnet-12345678")
                .build()
                .unwrap(),
        )
        .tags(Tag::builder().key("").value("v").build().unwrap())
        .build()
        .unwrap();
    let err = input.validate().unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("create_directory: 5 invalid parameters: "),
        "{text}"
    );
    assert!(
        text.contains(r#"invalid value for name: "bad name" does not match the pattern"#),
        "{text}"
    );
    assert!(
        text.contains("invalid value for password: the value does not match the pattern"),
        "{text}"
    );
    assert!(
        text.contains("invalid length for description, value: 129, valid max length: 128"),
        "{text}"
    );
    assert!(
        text.contains(r#"invalid value for vpc_settings.vpc_id: "vpc-1" does not match"#),
        "{text}"
    );
    assert!(
        text.contains("invalid length for tags[0].key, value: 0, valid min length: 1"),
        "{text}"
    );
    assert!(!text.contains("onlylowercase"), "{text}");
    let default = input.validate_with(Policy::Default).unwrap_err();
    assert_eq!(
        default.violations().len(),
        1,
        "Default checks minimums only: {default}"
    );
    assert_eq!(default.violations()[0].path(), "tags[0].key");
    assert_eq!(default.violations()[0].rule(), Rule::MinLength);
}
