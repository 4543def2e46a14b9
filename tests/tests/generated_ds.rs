//! The checked-in ds crate: complete, fresh, deterministic, and right on the wire.

use crate::support::{ds_model, files_with_extension, options, root};
use codegen::ir::names;
use directory_service::types::{
    CreateMicrosoftAdRequest, DescribeDirectoriesResult, DescribeSettingsResult,
    DirectoryConfigurationStatus, DirectorySize, OsVersion,
};
use serde_json::Value;
use std::collections::BTreeSet;

fn model_json() -> Value {
    serde_json::from_str(&ds_model().service.text).expect("ds model is JSON")
}

fn payload(name: &str) -> Value {
    let path = root().join("tests/fixtures/payloads").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("payload"))
        .expect("payload is JSON")
}

/// Item names declared in a generated file, by kind.
fn declared(file: &str) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let text = std::fs::read_to_string(root().join("generated/src/types").join(file))
        .expect("generated file");
    let ast = syn::parse_file(&text).expect("generated file parses");
    let (mut structs, mut enums, mut errors) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for item in ast.items {
        match item {
            syn::Item::Struct(s) => {
                structs.insert(s.ident.to_string());
            }
            syn::Item::Enum(e) => {
                enums.insert(e.ident.to_string());
            }
            syn::Item::Impl(i) => {
                let is_error = i.trait_.as_ref().is_some_and(|(path, _)| {
                    path.segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect::<Vec<_>>()
                        == ["std", "error", "Error"]
                });
                if let (true, syn::Type::Path(p)) = (is_error, &*i.self_ty) {
                    errors.insert(p.path.segments.last().expect("type name").ident.to_string());
                }
            }
            // The runtime's `modeled_error!` implements `Display` and `std::error::Error`.
            syn::Item::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "modeled_error") =>
            {
                let tokens = m.mac.tokens.to_string();
                let name = tokens.split(',').next().unwrap_or_default().trim();
                errors.insert(name.to_owned());
            }
            _ => {}
        }
    }
    (structs, enums, errors)
}

#[test]
fn every_shape_of_the_model_has_a_type() {
    let model = model_json();
    let shapes = model["shapes"].as_object().expect("shapes");
    let operations = model["operations"].as_object().expect("operations");
    let (structs, _, errors) = declared("structures.rs");
    let (_, enums, _) = declared("enums.rs");

    let inputs: BTreeSet<String> = operations
        .values()
        .map(|op| names::type_name(op["input"]["shape"].as_str().unwrap()))
        .collect();
    let outputs: BTreeSet<String> = operations
        .values()
        .map(|op| names::type_name(op["output"]["shape"].as_str().unwrap()))
        .collect();
    assert_eq!(
        (operations.len(), inputs.len(), outputs.len()),
        (80, 80, 80)
    );
    assert!(
        inputs.is_subset(&structs),
        "missing inputs: {:?}",
        inputs.difference(&structs).collect::<Vec<_>>()
    );
    assert!(
        outputs.is_subset(&structs),
        "missing outputs: {:?}",
        outputs.difference(&structs).collect::<Vec<_>>()
    );

    let model_enums: BTreeSet<String> = shapes
        .iter()
        .filter(|(_, s)| s.get("enum").is_some())
        .map(|(n, _)| names::type_name(n))
        .collect();
    assert_eq!(model_enums.len(), 35);
    assert_eq!(enums, model_enums);

    let model_errors: BTreeSet<String> = shapes
        .iter()
        .filter(|(_, s)| s["exception"] == Value::Bool(true))
        .map(|(n, _)| names::type_name(n))
        .collect();
    assert_eq!(model_errors.len(), 40);
    assert_eq!(
        errors, model_errors,
        "every error shape implements std::error::Error"
    );

    let model_structs: BTreeSet<String> = shapes
        .iter()
        .filter(|(_, s)| s["type"] == "structure")
        .map(|(n, _)| names::type_name(n))
        .collect();
    assert_eq!(model_structs.len(), 249);
    assert_eq!(structs, model_structs);
}

#[test]
fn generation_is_deterministic_and_matches_the_checked_in_crate() {
    let first =
        codegen::generate(&ds_model(), &options("directory-service")).expect("ds generates");
    let second =
        codegen::generate(&ds_model(), &options("directory-service")).expect("ds generates");
    assert_eq!(first.files, second.files, "two runs differ");
    for (path, text) in &first.files {
        let on_disk =
            std::fs::read_to_string(root().join("generated").join(path)).expect("checked-in file");
        assert!(
            on_disk == *text,
            "generated/{} is stale; run `cargo xtask codegen`",
            path.display()
        );
    }
}

/// Every member of every structure reachable from `shape` appears in `value`, so a round
/// trip really covers the type.
fn assert_covers(model: &Value, shape: &str, value: &Value, path: &str) {
    let def = &model["shapes"][shape];
    match def["type"].as_str() {
        Some("structure") => {
            for (member, target) in def["members"].as_object().expect("members") {
                let child = value
                    .get(member)
                    .unwrap_or_else(|| panic!("payload lacks {path}.{member}"));
                assert_covers(
                    model,
                    target["shape"].as_str().unwrap(),
                    child,
                    &format!("{path}.{member}"),
                );
            }
        }
        Some("list") => {
            let items = value.as_array().expect("list");
            if let Some(first) = items.iter().find(|v| !v.is_null()) {
                assert_covers(
                    model,
                    def["member"]["shape"].as_str().unwrap(),
                    first,
                    &format!("{path}[0]"),
                );
            }
        }
        _ => {}
    }
}

fn without(mut value: Value, pointer: &str, key: &str) -> Value {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .expect("object")
        .remove(key);
    value
}

#[test]
fn describe_directories_response_round_trips() {
    let json = payload("describe_directories.json");
    assert_covers(
        &model_json(),
        "DirectoryDescription",
        &json["DirectoryDescriptions"][0],
        "DirectoryDescription",
    );
    let parsed: DescribeDirectoriesResult =
        serde_json::from_value(json.clone()).expect("deserializes");
    let dir = &parsed.directory_descriptions()[0];
    assert_eq!(dir.directory_id(), Some("d-926708edcb"));
    assert_eq!(dir.size(), Some(&DirectorySize::Small));
    assert_eq!(
        dir.os_version(),
        Some(&OsVersion::Unknown("SERVER_2025".into())),
        "unknown enum values are kept"
    );
    let launch = dir.launch_time().expect("launch time");
    assert_eq!(
        (launch.secs(), launch.subsec_nanos()),
        (1_795_310_428, 118_000_000)
    );
    assert_eq!(dir.vpc_settings().map(|v| v.subnet_ids().len()), Some(2));
    assert_eq!(
        dir.radius_settings().and_then(|r| r.radius_port()),
        Some(1812)
    );
    assert_eq!(parsed.next_token(), Some("AAEAAYx8bmV4dA=="));

    let back = serde_json::to_value(&parsed).expect("serializes");
    assert_eq!(
        back,
        without(json, "/DirectoryDescriptions/0", "FutureField"),
        "only the unknown field is dropped"
    );
}

#[test]
fn describe_settings_map_round_trips() {
    let json = payload("describe_settings.json");
    assert_covers(
        &model_json(),
        "DescribeSettingsResult",
        &json,
        "DescribeSettingsResult",
    );
    let parsed: DescribeSettingsResult =
        serde_json::from_value(json.clone()).expect("deserializes");
    let status = parsed.setting_entries()[0]
        .request_detailed_status()
        .expect("map");
    assert_eq!(
        status.get("us-east-1"),
        Some(&DirectoryConfigurationStatus::Updated)
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), json);
}

#[test]
fn create_microsoft_ad_input_round_trips_and_hides_the_password() {
    let json = payload("create_microsoft_ad.json");
    assert_covers(
        &model_json(),
        "CreateMicrosoftADRequest",
        &json,
        "CreateMicrosoftADRequest",
    );
    let parsed: CreateMicrosoftAdRequest =
        serde_json::from_value(json.clone()).expect("deserializes");
    assert_eq!(parsed.tags()[1].key(), "env");
    assert_eq!(serde_json::to_value(&parsed).unwrap(), json);
    let debug = format!("{parsed:?}");
    assert!(!debug.contains("Sup3r-Secret!Pass"), "{debug}");
    assert!(debug.contains("corp.example.com"), "{debug}");
    let built = CreateMicrosoftAdRequest::builder()
        .name("corp.example.com")
        .password("Another-Secret-1")
        .vpc_settings(
            directory_service::types::DirectoryVpcSettings::builder()
                .vpc_id("vpc-1")
                .subnet_ids("subnet-1")
                .subnet_ids("subnet-2")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    assert!(!format!("{built:?}").contains("Another-Secret-1"));
    let radius: DescribeDirectoriesResult =
        serde_json::from_value(payload("describe_directories.json")).unwrap();
    assert!(
        !format!("{radius:?}").contains("s3cr3t-radius"),
        "RADIUS shared secret is redacted"
    );
}

#[test]
fn required_members_are_enforced_on_build_and_on_the_wire() {
    let err = CreateMicrosoftAdRequest::builder()
        .name("x")
        .build()
        .unwrap_err();
    assert_eq!(err.missing_fields(), ["password", "vpc_settings"]);
    let missing = serde_json::from_str::<CreateMicrosoftAdRequest>(r#"{"Name": "x"}"#).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `Password`"),
        "{missing}"
    );
}

#[test]
fn the_generated_crate_stays_thin() {
    // A headline number: the ds crate within 35,000 lines, the runtime crate beside it
    // within 49,300 together (the runtime serves every protocol: rest-json's HTTP bindings
    // and the CBOR codec are about 1,500 lines, the XML protocols' reader, writers and
    // their tests about 1,800, behind features a JSON-only crate leaves off; Smithy's auth
    // schemes beside SigV4 about 330 with their tests; endpoint parameters beyond the four
    // built-ins, endpoint auth schemes and S3's signing about 450; flexible checksums, behind
    // the `checksum` feature, about 450 with their tests, and their `aws-chunked` trailers
    // about 130; SigV4a, behind the `sigv4a` feature, about 290 with its tests and its
    // presigning; S3 Express sessions, with `xml`, about 260 with their tests; the member
    // helpers that keep each structure's serde impls and validator quick to compile, about
    // 330, and the validators' `enter`/`leave` steps about 140 lines of the ds crate; the
    // call path split so that a program compiles it once, not once per operation it calls,
    // about 140; `#[inline]` on the ds crate's getters and non-generic setters, which keeps
    // them out of a large crate's own object code, about 1,550).
    let count = |dir: &str| {
        let mut files = Vec::new();
        files_with_extension(&root().join(dir), "rs", &mut files);
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("a file").lines().count())
            .sum::<usize>()
    };
    // `generated/src` only: `generated/clouddirectory` is a crate of its own.
    let generated = count("generated/src");
    let runtime = count("codegen/runtime/src");
    assert!(generated <= 35_000, "generated/ has {generated} lines");
    assert!(
        generated + runtime <= 49_300,
        "{generated} + {runtime} lines"
    );
}

#[test]
fn emitters_and_checks_build_no_names() {
    // Names come from the symbol provider (`ir/names.rs`, `ir/symbols.rs`); an emitter or
    // the resolve phase formatting an identifier has decided a name on its own.
    let mut files = Vec::new();
    files_with_extension(&root().join("codegen/src/emit"), "rs", &mut files);
    files_with_extension(&root().join("codegen/src/ir/lower"), "rs", &mut files);
    let pattern = regex::Regex::new(r#"format_ident!\("[^"]*\{"#).expect("a regex");
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| pattern.is_match(&std::fs::read_to_string(f).expect("a file")))
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "{offenders:?}");
    // Each concern is checked where it is resolved, in one phase.
    for path in ["codegen/src/check", "codegen/src/ir/check"] {
        assert!(
            !root().join(path).exists(),
            "a separate check phase is back: {path}"
        );
    }
}

#[test]
fn enums_order_by_wire_value_so_new_values_reorder_nothing() {
    // A model update adds values anywhere in the list; a derived order would move the old
    // ones (cargo-semver-checks' `partial_ord_enum_variants_reordered`).
    use directory_service::types::DirectoryEdition as Edition;
    let mut values = vec![
        Edition::Standard,
        Edition::Unknown("Enterprise".to_owned()),
        Edition::Hybrid,
        Edition::Unknown("Basic".to_owned()),
        Edition::Enterprise,
    ];
    values.sort();
    assert_eq!(
        values,
        [
            Edition::Unknown("Basic".to_owned()),
            Edition::Enterprise,
            Edition::Unknown("Enterprise".to_owned()),
            Edition::Hybrid,
            Edition::Standard,
        ]
    );
    assert!(Edition::Enterprise < Edition::Standard);
    assert_eq!(
        Edition::Hybrid.partial_cmp(&Edition::Hybrid),
        Some(std::cmp::Ordering::Equal)
    );
}
