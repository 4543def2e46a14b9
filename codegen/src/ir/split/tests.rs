//! What the split decides: which crate each type lives in, and that no crate names a type
//! of a crate it does not build on.

use super::{plan, Split};
use crate::ir::{Service, StructureId, StructureKind, Type};
use std::collections::{BTreeMap, BTreeSet};

fn ds() -> Service {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../model/ds/service-2.json"
    ))
    .unwrap_or_else(|e| panic!("model/ds: {e}"));
    let files = crate::ir::lower::tests::files(&text);
    crate::lower(&files).unwrap_or_else(|e| panic!("{e}")).0
}

/// Each type's crate by Rust name: `None` for the service's own.
fn homes(service: &Service, split: &Split) -> BTreeMap<String, Option<usize>> {
    let mut homes = BTreeMap::new();
    for (i, s) in service.structures.iter().enumerate() {
        homes.insert(s.rust_name.clone(), split.structure_home[i]);
    }
    for (i, e) in service.enums.iter().enumerate() {
        homes.insert(e.rust_name.clone(), split.enum_home[i]);
    }
    homes
}

fn names(ty: &Type, out: &mut BTreeSet<String>) {
    super::named(ty, out);
}

#[test]
fn a_service_at_or_below_the_size_keeps_one_crate() {
    let service = ds();
    let size = service.structures.len() + service.enums.len();
    assert_eq!(plan(&service, "ds", size), None);
    assert!(plan(&service, "ds", size - 1).is_some());
}

#[test]
fn every_crate_names_only_types_of_crates_it_builds_on() {
    let service = ds();
    let split = plan(&service, "directory-service", 0).expect("ds splits at 0");
    assert!(split.parts.len() >= 2, "{:?}", split.parts);
    let homes = homes(&service, &split);
    for (i, s) in service.structures.iter().enumerate() {
        let home = split.structure_home[i];
        let mut held = BTreeSet::new();
        for m in &s.members {
            names(&m.ty, &mut held);
        }
        for name in held {
            let there = homes[&name];
            let fine = match (home, there) {
                // The service's crate builds on every part.
                (None, _) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => a == b || split.parts[a].deps.contains(&b),
            };
            assert!(
                fine,
                "{} (in {home:?}) holds {name} (in {there:?})",
                s.rust_name
            );
        }
    }
}

#[test]
fn operation_inputs_and_errors_stay_with_the_client() {
    let service = ds();
    let split = plan(&service, "directory-service", 0).expect("ds splits at 0");
    for op in &service.operations {
        assert_eq!(split.structure_home[op.input.0], None, "{}", op.wire_name);
        for e in &op.errors {
            assert_eq!(split.structure_home[e.structure.0], None);
        }
    }
    for (i, s) in service.structures.iter().enumerate() {
        if matches!(s.kind, StructureKind::Error { .. }) {
            assert_eq!(split.structure_home[i], None, "{}", s.rust_name);
        }
    }
    // Most of ds's types can leave: outputs and what inputs and outputs hold.
    let moved = split.structure_home.iter().filter(|h| h.is_some()).count();
    assert!(moved > 80, "only {moved} structures moved");
}

#[test]
fn parts_are_named_after_the_package_and_build_on_the_levels_below() {
    let service = ds();
    let split = plan(&service, "directory-service", 0).expect("ds splits at 0");
    let mut below: Vec<usize> = Vec::new();
    let mut level = String::new();
    for (i, part) in split.parts.iter().enumerate() {
        let suffix = part
            .package
            .strip_prefix("directory-service-types-")
            .unwrap_or_else(|| panic!("{}", part.package));
        assert_eq!(part.crate_name, part.package.replace('-', "_"));
        assert_eq!(part.dir, format!("parts/types-{suffix}"));
        let this_level = suffix.trim_end_matches(['a', 'b']);
        if this_level != level {
            below = (0..i).collect();
            level = this_level.to_owned();
        }
        assert_eq!(part.deps, below, "{}", part.package);
    }
}

#[test]
fn the_split_is_the_same_every_time() {
    let service = ds();
    let first = plan(&service, "directory-service", 0);
    for _ in 0..3 {
        assert_eq!(plan(&service, "directory-service", 0), first);
    }
}

#[test]
fn a_structure_holding_an_input_stays_with_it() {
    let mut service = ds();
    // Make a movable structure hold an operation's input: it must stay too.
    let input = service.operations[0].input;
    let input_name = service.structure(input).rust_name.clone();
    let split = plan(&service, "directory-service", 0).expect("ds splits at 0");
    let (holder, _) = service
        .structures
        .iter()
        .enumerate()
        .find(|(i, _)| split.structure_home[*i].is_some())
        .expect("a structure moved");
    let mut member = service.structures[holder].members[0].clone();
    member.ty = Type::Named {
        rust_name: input_name,
        is_enum: false,
    };
    service.structures[holder].members.push(member);
    let split = plan(&service, "directory-service", 0).expect("ds splits at 0");
    assert_eq!(split.structure_home[holder], None);
    assert_eq!(split.structure_home[StructureId(input.0).0], None);
}
