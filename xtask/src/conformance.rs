//! `cargo xtask conformance`: botocore's protocol test suites, run against generated code.
//!
//! Each suite (a model fragment and its cases) becomes a service model; the real generator
//! turns all of them into one crate with a module per suite, so they compile once. Each case
//! becomes a function in a runner program that drives the generated client through the mock
//! transport: input cases build the input with the generated builders and check the request
//! that was sent; output cases replay the response and compare what the client parsed with
//! a value built the same way. The runner prints one line per case, read back here.

mod shape_values;
mod smithy;
mod smithy_cases;
mod smithy_events;
mod smithy_expected;
mod values;

use crate::{botocore, root};
use codegen::ir::Service;
use codegen::{CrateOptions, ModelFiles, SourceFile};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The suites of the protocols the generator speaks: awsJson 1.1 and 1.0, rest-json,
/// rpcv2Cbor, and the query-compatible variants of rpcv2Cbor and awsJson 1.0; requests
/// and responses. Each with its number of cases in the pinned botocore, so a suite that
/// shrinks (or a case the runner drops) fails the command.
pub const FILES: &[(&str, usize)] = &[
    ("input/json.json", 54),
    ("output/json.json", 58),
    ("input/json_1_0.json", 21),
    ("output/json_1_0.json", 32),
    ("input/rest-json.json", 113),
    ("output/rest-json.json", 91),
    ("input/smithy-rpc-v2-cbor.json", 15),
    ("output/smithy-rpc-v2-cbor.json", 35),
    ("input/smithy-rpc-v2-cbor-query-compatible.json", 1),
    ("output/smithy-rpc-v2-cbor-query-compatible.json", 2),
    ("input/smithy-rpc-v2-cbor-non-query-compatible.json", 1),
    ("input/json_1_0-query-compatible.json", 1),
    ("output/json_1_0-query-compatible.json", 2),
    ("input/query.json", 38),
    ("output/query.json", 38),
    ("input/ec2.json", 29),
    ("output/ec2.json", 29),
    ("input/rest-xml.json", 94),
    ("output/rest-xml.json", 78),
];

/// The cases whose request body is gzip-compressed (`requestcompression`): two each in the
/// awsJson 1.1, awsJson 1.0, rest-json, query, ec2 and rest-xml request suites of the
/// pinned botocore.
const COMPRESSED_CASES: usize = 12;

/// Where the runner's workspace is written and built.
const WORKDIR: &str = "target/conformance";

/// The endpoint the client is pointed at when a suite names none.
const DEFAULT_ENDPOINT: &str = "https://example.com";

/// What happened to one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The generated code did what botocore expects.
    Pass,
    /// It did something else; why.
    Fail(String),
    /// The generator cannot express the case yet; why.
    Unsupported(String),
}

/// One case and its outcome.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// Suite file, such as `input/json.json`.
    pub file: String,
    /// Case id.
    pub id: String,
    /// Pass, fail or unsupported.
    pub outcome: Outcome,
    /// For a case whose request body is gzip-compressed: its size compressed and
    /// decompressed, the decompressed body having been compared with the expectation.
    pub decompressed: Option<(usize, usize)>,
}

/// `cargo xtask conformance`: run every case, print a table per file, fail unless all pass.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("`conformance` takes no arguments (got `{arg}`)"));
    }
    let suites = botocore::protocol_tests(botocore::PINNED_VERSION)?;
    let converted = crate::smithy_suites::convert()?;
    let mut plan = Plan::default();
    plan.add_botocore_suites(&suites)?;
    smithy::add_services(&mut plan, &converted)?;
    let workdir = root().join(WORKDIR);
    plan.write(
        &workdir,
        "botocore's and Smithy's protocol test suites, a module per suite",
    )?;
    let stdout = plan.execute(&workdir)?;
    let results = plan.collect(&stdout)?;
    print!("{}", table(&results));
    let (smithy, botocore): (Vec<CaseResult>, Vec<CaseResult>) = results
        .into_iter()
        .partition(|r| r.file.starts_with(smithy::PREFIX));
    pinned_counts(&botocore)?;
    let compressed = botocore.iter().filter(|r| r.decompressed.is_some()).count();
    if compressed != COMPRESSED_CASES {
        return Err(format!(
            "{compressed} gzip request bodies were decompressed and compared, not {COMPRESSED_CASES}"
        ));
    }
    let botocore_failed = botocore
        .iter()
        .filter(|r| r.outcome != Outcome::Pass)
        .count();
    let smithy_failed = smithy.iter().filter(|r| r.outcome != Outcome::Pass).count();
    let listed = if smithy_failed == 0 {
        String::new()
    } else {
        format!(", the {smithy_failed} others listed as expected to fail with their reasons (xtask/src/conformance/smithy_expected.rs)")
    };
    println!(
        "botocore: {} of {} passed; Smithy: {} of {} passed{listed}",
        botocore.len() - botocore_failed,
        botocore.len(),
        smithy.len() - smithy_failed,
        smithy.len(),
    );
    smithy::check(&smithy)?;
    if botocore_failed == 0 {
        Ok(())
    } else {
        Err(format!(
            "{botocore_failed} of {} botocore protocol cases did not pass",
            botocore.len()
        ))
    }
}

/// Every suite file ran exactly its pinned number of cases.
fn pinned_counts(results: &[CaseResult]) -> Result<(), String> {
    let wrong: Vec<String> = FILES
        .iter()
        .filter_map(|(file, pinned)| {
            let ran = results.iter().filter(|r| r.file == *file).count();
            (ran != *pinned).then(|| format!("{file}: {ran} cases, pinned {pinned}"))
        })
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the suites do not hold the pinned number of cases: {}",
            wrong.join("; ")
        ))
    }
}

/// The suites turned into modules and cases turned into code, in suite order.
#[derive(Default)]
struct Plan {
    members: Vec<(String, Service)>,
    cases: Vec<CaseResult>,
    /// The runner's function per case.
    functions: Vec<TokenStream>,
    /// The statements in the runner's `main` that run a case each and report it.
    calls: Vec<TokenStream>,
}

impl Plan {
    /// Every suite of botocore's files under `suites`.
    fn add_botocore_suites(&mut self, suites: &Path) -> Result<(), String> {
        for (file, _) in FILES {
            let path = suites.join(file);
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let parsed: Vec<Value> = serde_json::from_str(&text)
                .map_err(|e| format!("{} is not a list of suites: {e}", path.display()))?;
            for (index, suite) in parsed.iter().enumerate() {
                self.add_suite(file, index, suite)?;
            }
        }
        Ok(())
    }

    fn add_suite(&mut self, file: &str, index: usize, suite: &Value) -> Result<(), String> {
        let cases = suite["cases"]
            .as_array()
            .ok_or_else(|| format!("{file} suite {index} has no cases"))?;
        let direction = file.split('/').next().unwrap_or_default();
        let protocol = file
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".json");
        let mut operations = Map::new();
        for case in cases {
            let given = &case["given"];
            let name = given["name"]
                .as_str()
                .ok_or_else(|| format!("{file} suite {index}: a case has no operation name"))?;
            operations.insert(name.to_owned(), given.clone());
        }
        let first = operations.keys().next().cloned().unwrap_or_default();
        let endpoint = suite["clientEndpoint"]
            .as_str()
            .unwrap_or(DEFAULT_ENDPOINT)
            .to_owned();
        let model = service_model(suite, operations);
        let files = ModelFiles {
            service: SourceFile {
                path: format!("{file} suite {index}"),
                text: model.to_string(),
            },
            paginators: None,
            waiters: None,
            endpoint_rules: None,
            partitions: None,
            service_shape: None,
        };
        let service = match codegen::lower(&files) {
            Ok((service, _warnings)) => service,
            Err(problems) => {
                let reason = format!("the generator refuses the suite's model: {problems}");
                for case in cases {
                    self.cases.push(CaseResult {
                        file: file.to_owned(),
                        id: case_id(case),
                        outcome: Outcome::Unsupported(reason.replace('\n', " ")),
                        decompressed: None,
                    });
                }
                return Ok(());
            }
        };
        // The module is named after the first operation's method, as the generator named it.
        let method = service
            .operations
            .iter()
            .find(|op| op.wire_name == first)
            .map_or("suite", |op| op.fn_name.trim_start_matches("r#"));
        let module = format!(
            "{direction}_{}_{index:02}_{method}",
            protocol.replace(['.', '-'], "_"),
        );
        let module_ident = format_ident!("{module}");
        for (number, case) in cases.iter().enumerate() {
            let id = case_id(case);
            let function = format_ident!("{module}_{number}");
            let target = values::Target {
                module: &module_ident,
                function: &function,
                endpoint: &endpoint,
                file,
                id: &id,
            };
            let code = values::case_code(direction == "input", &service, suite, case, &target);
            self.add_case(file, id, &function, code);
        }
        self.members.push((module, service));
        Ok(())
    }

    /// A case of `file`: its runner function `code`, called as `function` and reported by
    /// id, or why the runner cannot express it.
    fn add_case(
        &mut self,
        file: &str,
        id: String,
        function: &proc_macro2::Ident,
        code: Result<TokenStream, String>,
    ) {
        let outcome = match code {
            Ok(code) => {
                self.functions.push(code);
                self.calls.push(quote! {
                    support::report(#file, #id, runtime.block_on(#function()));
                });
                Outcome::Fail("the runner did not report this case".to_owned())
            }
            Err(reason) => Outcome::Unsupported(reason),
        };
        self.cases.push(CaseResult {
            file: file.to_owned(),
            id,
            outcome,
            decompressed: None,
        });
    }

    /// Writes the generated crate and the runner under `workdir`, leaving unchanged files
    /// alone so reruns build incrementally.
    fn write(&self, workdir: &Path, description: &str) -> Result<(), String> {
        let options = CrateOptions {
            package_name: "protocol-suites".to_owned(),
            version: "0.0.0".to_owned(),
            command: "cargo xtask conformance".to_owned(),
            runtime: codegen::ir::RuntimeSource::Path(crate::codegen_cmd::runtime_path_from(
                &workdir.join("suites"),
            )?),
            operations: None,
            repository: None,
            split_above: None,
        };
        let crate_files = codegen::generate_bundle(&self.members, &options, description)
            .map_err(|problems| format!("cannot generate the protocol suites: {problems}"))?;
        let mut files: BTreeMap<PathBuf, String> = crate_files
            .into_iter()
            .map(|(path, text)| (Path::new("suites").join(path), text))
            .collect();
        files.insert(PathBuf::from("Cargo.toml"), WORKSPACE_TOML.to_owned());
        files.insert(PathBuf::from("runner/Cargo.toml"), RUNNER_TOML.to_owned());
        files.insert(
            PathBuf::from("runner/src/support.rs"),
            include_str!("../conformance/support.rs").to_owned(),
        );
        files.insert(
            PathBuf::from("runner/src/support/events.rs"),
            include_str!("../conformance/support/events.rs").to_owned(),
        );
        files.insert(PathBuf::from("runner/src/main.rs"), self.main_rs()?);
        for (path, text) in &files {
            let path = workdir.join(path);
            if fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
                continue;
            }
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        remove_stale(&workdir.join("suites/src"), workdir, &files)
    }

    /// The runner program, rendered once from tokens.
    fn main_rs(&self) -> Result<String, String> {
        let (calls, functions) = (&self.calls, &self.functions);
        let tokens = quote! {
            //! Runs every protocol case against the generated suites and prints one line per case.
            #![allow(clippy::all)]

            // The support module serves the runners of both kinds of suites.
            #[allow(dead_code)]
            mod support;

            fn main() {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_time()
                    .build()
                    .expect("a tokio runtime");
                // botocore's suites expect this token wherever the client fills one in.
                protocol_suites::runtime::value::token::fix_on_this_thread(Some(
                    "00000000-0000-4000-8000-000000000000",
                ));
                #(#calls)*
            }

            #(#functions)*
        };
        let file = syn::parse2::<syn::File>(tokens)
            .map_err(|e| format!("the conformance runner is not valid Rust: {e}"))?;
        Ok(prettyplease::unparse(&file))
    }

    /// Builds and runs the runner; its standard output.
    fn execute(&self, workdir: &Path) -> Result<String, String> {
        let manifest = workdir.join("Cargo.toml");
        let target = workdir.join("target");
        crate::process::cargo(
            &root(),
            &[
                "build",
                "--quiet",
                "--manifest-path",
                &manifest.display().to_string(),
            ],
            // Generated code must compile without warnings, the suites' too.
            &[
                ("CARGO_TARGET_DIR", &target.display().to_string()),
                ("RUSTFLAGS", "-D warnings"),
            ],
        )?;
        let binary = target.join("debug/conformance-runner");
        let output = Command::new(&binary)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() {
            return Err(format!(
                "the conformance runner crashed ({}):\n{}\n{}",
                output.status,
                stdout,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(stdout)
    }

    /// The cases with the runner's verdicts filled in; a case it never reported stays failed.
    fn collect(mut self, stdout: &str) -> Result<Vec<CaseResult>, String> {
        for line in stdout.lines() {
            let fields: Vec<&str> = line.splitn(5, '\t').collect();
            if let ["gzip", file, id, compressed, decompressed] = fields[..] {
                let case = self
                    .cases
                    .iter_mut()
                    .find(|c| c.file == file && c.id == id)
                    .ok_or_else(|| format!("the runner reported an unknown case {file} {id}"))?;
                case.decompressed = compressed.parse().ok().zip(decompressed.parse().ok());
                continue;
            }
            let ["case", file, id, verdict, reason] = fields[..] else {
                continue;
            };
            let case = self
                .cases
                .iter_mut()
                .find(|c| c.file == file && c.id == id)
                .ok_or_else(|| format!("the runner reported an unknown case {file} {id}"))?;
            case.outcome = match verdict {
                "pass" => Outcome::Pass,
                _ => Outcome::Fail(reason.to_owned()),
            };
        }
        Ok(self.cases)
    }
}

/// A case's id, or its description when it has none.
fn case_id(case: &Value) -> String {
    case["id"]
        .as_str()
        .or_else(|| case["description"].as_str())
        .unwrap_or("unnamed")
        .to_owned()
}

/// A botocore `service-2.json` for one suite: its metadata, its shapes, and the operations
/// its cases are given.
fn service_model(suite: &Value, operations: Map<String, Value>) -> Value {
    let mut metadata = suite["metadata"].as_object().cloned().unwrap_or_default();
    let description = suite["description"]
        .as_str()
        .unwrap_or("a protocol test suite");
    let defaults = [
        (
            "serviceFullName",
            json!(format!("Protocol tests: {description}")),
        ),
        ("endpointPrefix", json!("protocoltests")),
        ("signingName", json!("protocoltests")),
        ("serviceId", json!("Protocol Tests")),
        ("signatureVersion", json!("v4")),
    ];
    for (key, value) in defaults {
        metadata.entry(key).or_insert(value);
    }
    json!({
        "version": "2.0",
        "metadata": metadata,
        "operations": operations,
        "shapes": suite["shapes"].clone(),
        "documentation": "",
    })
}

/// Deletes generated files that a previous run wrote and this one did not.
fn remove_stale(
    dir: &Path,
    workdir: &Path,
    files: &BTreeMap<PathBuf, String>,
) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_stale(&path, workdir, files)?;
            let _ = fs::remove_dir(&path); // only succeeds when empty
        } else {
            let relative = path.strip_prefix(workdir).unwrap_or(&path);
            if !files.contains_key(relative) {
                fs::remove_file(&path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            }
        }
    }
    Ok(())
}

/// A table per suite file and the totals.
pub fn table(results: &[CaseResult]) -> String {
    let mut out = String::new();
    let mut totals = [0usize; 3];
    let mut files: Vec<&str> = Vec::new();
    for result in results {
        if !files.contains(&result.file.as_str()) {
            files.push(&result.file);
        }
    }
    for file in files {
        let rows: Vec<&CaseResult> = results.iter().filter(|r| r.file == *file).collect();
        let mut counts = [0usize; 3];
        let _ = writeln!(out, "\n{file}");
        let _ = writeln!(out, "  {:<62} result", "case");
        for row in &rows {
            let (slot, text) = match &row.outcome {
                Outcome::Pass => (0, "pass".to_owned()),
                Outcome::Fail(reason) => (1, format!("FAIL: {reason}")),
                Outcome::Unsupported(reason) => (2, format!("UNSUPPORTED: {reason}")),
            };
            counts[slot] += 1;
            let _ = writeln!(out, "  {:<62} {text}", row.id);
        }
        let _ = writeln!(
            out,
            "  {file}: {} passed, {} failed, {} unsupported",
            counts[0], counts[1], counts[2]
        );
        for (total, count) in totals.iter_mut().zip(counts) {
            *total += count;
        }
    }
    let compressed: Vec<&CaseResult> = results
        .iter()
        .filter(|r| r.decompressed.is_some())
        .collect();
    let _ = writeln!(
        out,
        "\ngzip request bodies, decompressed and compared with the uncompressed expectation:"
    );
    for row in &compressed {
        let (gzip, plain) = row.decompressed.unwrap_or_default();
        let verdict = match row.outcome {
            Outcome::Pass => "equal",
            _ => "DIFFERENT (see above)",
        };
        let _ = writeln!(
            out,
            "  {:<62} {gzip} bytes -> {plain} bytes, {verdict}",
            format!("{} {}", row.file, row.id)
        );
    }
    let _ = writeln!(
        out,
        "  {} compressed bodies compared, {} equal",
        compressed.len(),
        compressed
            .iter()
            .filter(|r| r.outcome == Outcome::Pass)
            .count()
    );
    let _ = writeln!(
        out,
        "\n{} passed, {} failed ({} of them unsupported by the generator)",
        totals[0],
        totals[1] + totals[2],
        totals[2]
    );
    out
}

/// The runner's workspace: the generated suites and the runner program.
const WORKSPACE_TOML: &str = "# Written by `cargo xtask conformance`.\n[workspace]\nresolver = \"2\"\nmembers = [\"suites\", \"runner\"]\n\n[profile.dev]\ndebug = false\n";

/// The runner program: the suites with the mock transport, and a tokio runtime to drive them.
const RUNNER_TOML: &str = "# Written by `cargo xtask conformance`.\n[package]\nname = \"conformance-runner\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nprotocol-suites = { path = \"../suites\", features = [\"test-util\"] }\nserde_json = \"1\"\nbase64 = \"0.22\"\nminicbor = { version = \"1\", features = [\"std\", \"half\"] }\ntokio = { version = \"1\", default-features = false, features = [\"rt\", \"time\"] }\nflate2 = { version = \"1\", default-features = false, features = [\"rust_backend\"] }\n";

#[cfg(test)]
mod tests {
    use super::{pinned_counts, CaseResult, Outcome, FILES};

    fn cases(file: &str, n: usize) -> impl Iterator<Item = CaseResult> + '_ {
        (0..n).map(move |i| CaseResult {
            file: file.to_owned(),
            id: format!("case {i}"),
            outcome: Outcome::Pass,
            decompressed: None,
        })
    }

    #[test]
    fn a_suite_with_fewer_or_more_cases_than_pinned_fails() {
        let all: Vec<CaseResult> = FILES.iter().flat_map(|(f, n)| cases(f, *n)).collect();
        assert_eq!(pinned_counts(&all), Ok(()));
        assert_eq!(all.len(), 732);
        let fewer: Vec<CaseResult> = all.iter().skip(1).cloned().collect();
        let error = pinned_counts(&fewer).expect_err("one case short");
        assert!(
            error.contains("input/json.json: 53 cases, pinned 54"),
            "{error}"
        );
        let mut more = all.clone();
        more.extend(cases("output/rest-json.json", 1));
        assert!(pinned_counts(&more).is_err());
    }
}
