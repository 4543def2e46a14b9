//! The diff of types: structures and their members (types, requiredness, constraints)
//! and enums and their values.

use super::{by_name, Bump, Differ, Severity};
use crate::ir::{Constraints, Enum, Member, Service, Structure, Type};
use std::collections::BTreeMap;

pub(super) fn structures(
    d: &mut Differ,
    old: &Service,
    new: &Service,
    owners: &BTreeMap<String, String>,
) {
    let old_s = by_name(&old.structures, |s: &Structure| &s.wire_name);
    let new_s = by_name(&new.structures, |s: &Structure| &s.wire_name);
    for (name, s) in &old_s {
        let owner = owners.get(&s.rust_name).map(String::as_str);
        let Some(now) = new_s.get(name) else {
            d.push(
                Severity::Breaking,
                Bump::Major,
                owner,
                format!("shape `{name}` removed"),
            );
            continue;
        };
        let kind = |s: &Structure| match s.kind {
            crate::ir::StructureKind::Plain => "a structure",
            crate::ir::StructureKind::Union => "a union",
            crate::ir::StructureKind::Error { .. } => "an error",
        };
        if kind(s) != kind(now) {
            // A structure and a union are different Rust types (a struct and an enum).
            d.push(
                Severity::Breaking,
                Bump::Major,
                owner,
                format!("shape `{name}` changed from {} to {}", kind(s), kind(now)),
            );
        }
        members(d, name, s, now, owner);
        if s.docs != now.docs {
            d.docs(owner, format!("shape `{name}`"));
        }
    }
    for name in new_s.keys() {
        if !old_s.contains_key(name) {
            let owner = owners.get(&new_s[name].rust_name).map(String::as_str);
            d.push(
                Severity::Info,
                Bump::Minor,
                owner,
                format!("shape `{name}` added"),
            );
        }
    }
}

fn members(d: &mut Differ, shape: &str, old: &Structure, new: &Structure, owner: Option<&str>) {
    let old_m = by_name(&old.members, |m: &Member| &m.member_name);
    let new_m = by_name(&new.members, |m: &Member| &m.member_name);
    for (name, m) in &old_m {
        let Some(now) = new_m.get(name) else {
            d.push(
                Severity::Breaking,
                Bump::Major,
                owner,
                format!("member `{name}` of `{shape}` removed"),
            );
            continue;
        };
        if m.ty != now.ty {
            d.push(
                Severity::Breaking,
                Bump::Major,
                owner,
                format!(
                    "member `{name}` of `{shape}` changed type from {} to {}",
                    describe(&m.ty),
                    describe(&now.ty)
                ),
            );
        }
        match (m.required, now.required) {
            (false, true) => d.push(
                Severity::Breaking,
                Bump::Major,
                owner,
                format!("member `{name}` of `{shape}` is now required"),
            ),
            (true, false) => d.push(
                Severity::Dangerous,
                Bump::Major,
                owner,
                format!("member `{name}` of `{shape}` is no longer required"),
            ),
            _ => {}
        }
        constraints(
            d,
            &format!("member `{name}` of `{shape}`"),
            (&m.constraints, &now.constraints),
            owner,
            old.validated || new.validated,
        );
        if m.docs != now.docs {
            d.docs(owner, format!("member `{name}` of `{shape}`"));
        }
    }
    for (name, m) in &new_m {
        if !old_m.contains_key(name) {
            if m.required {
                d.push(
                    Severity::Breaking,
                    Bump::Major,
                    owner,
                    format!("required member `{name}` added to `{shape}`"),
                );
            } else {
                d.push(
                    Severity::Info,
                    Bump::Minor,
                    owner,
                    format!("member `{name}` added to `{shape}`"),
                );
            }
        }
    }
}

/// Constraint changes, judged by where the structure is used: a tighter bound breaks
/// callers only where they send values (the structure is reachable from an input); in
/// outputs alone it breaks nothing, while a looser one may surprise code that relied on it.
fn constraints(
    d: &mut Differ,
    what: &str,
    (old, new): (&Constraints, &Constraints),
    owner: Option<&str>,
    in_inputs: bool,
) {
    let tightened = |o: Option<f64>, n: Option<f64>, min: bool| match (o, n) {
        (None, Some(_)) => Some(true),
        (Some(_), None) => Some(false),
        (Some(a), Some(b)) if a != b => Some(if min { b > a } else { b < a }),
        _ => None,
    };
    for (label, o, n, min) in [
        ("minimum", old.min, new.min, true),
        ("maximum", old.max, new.max, false),
    ] {
        let (severity, verb, why) = match (tightened(o, n, min), in_inputs) {
            (Some(true), true) => (Severity::Breaking, "tightened", ""),
            (Some(true), false) => (
                Severity::Info,
                "tightened",
                " (only in outputs: nothing a caller sends is refused)",
            ),
            (Some(false), true) => (Severity::Info, "loosened", ""),
            (Some(false), false) => (
                Severity::Dangerous,
                "loosened",
                " (only in outputs: the service may return values the old bound ruled out)",
            ),
            (None, _) => continue,
        };
        d.push(
            severity,
            Bump::Patch,
            owner,
            format!(
                "{label} of {what} {verb} from {} to {}{why}",
                bound(o),
                bound(n)
            ),
        );
    }
    let (op, np) = (
        old.pattern.as_ref().map(|p| &p.java),
        new.pattern.as_ref().map(|p| &p.java),
    );
    if op != np {
        let show = |p: Option<&String>| p.map_or_else(|| "none".to_owned(), |p| format!("`{p}`"));
        d.push(
            Severity::Dangerous,
            Bump::Patch,
            owner,
            format!(
                "pattern of {what} changed from {} to {}",
                show(op),
                show(np)
            ),
        );
    }
}

pub(super) fn enums(d: &mut Differ, old: &Service, new: &Service) {
    let old_e = by_name(&old.enums, |e: &Enum| &e.wire_name);
    let new_e = by_name(&new.enums, |e: &Enum| &e.wire_name);
    for (name, e) in &old_e {
        let Some(now) = new_e.get(name) else {
            d.push(
                Severity::Breaking,
                Bump::Major,
                None,
                format!("enum `{name}` removed"),
            );
            continue;
        };
        let before: Vec<&str> = e.variants.iter().map(|v| v.wire_name.as_str()).collect();
        let after: Vec<&str> = now.variants.iter().map(|v| v.wire_name.as_str()).collect();
        for v in &before {
            if !after.contains(v) {
                d.push(
                    Severity::Breaking,
                    Bump::Major,
                    None,
                    format!("value `{v}` removed from enum `{name}`"),
                );
            }
        }
        for v in &after {
            if !before.contains(v) {
                d.push(
                    Severity::Info,
                    Bump::Minor,
                    None,
                    format!("value `{v}` added to enum `{name}`"),
                );
            }
        }
        let kept_before: Vec<&&str> = before.iter().filter(|v| after.contains(v)).collect();
        let kept_after: Vec<&&str> = after.iter().filter(|v| before.contains(v)).collect();
        if kept_before != kept_after {
            d.push(
                Severity::Info,
                Bump::Patch,
                None,
                format!("values of enum `{name}` reordered"),
            );
        }
    }
    for name in new_e.keys() {
        if !old_e.contains_key(name) {
            d.push(
                Severity::Info,
                Bump::Minor,
                None,
                format!("enum `{name}` added"),
            );
        }
    }
}

fn bound(value: Option<f64>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| v.to_string())
}

pub(super) fn describe(ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Bool => "boolean".into(),
        Type::I32 => "integer".into(),
        Type::I64 => "long".into(),
        Type::F32 => "float".into(),
        Type::F64 => "double".into(),
        Type::Timestamp => "timestamp".into(),
        Type::Blob => "blob".into(),
        Type::BigInteger => "big integer".into(),
        Type::BigDecimal => "big decimal".into(),
        Type::Document => "document".into(),
        Type::Named { rust_name, .. } => format!("`{rust_name}`"),
        Type::List(e) => format!("list of {}", describe(e)),
        Type::Map(k, v) => format!("map of {} to {}", describe(k), describe(v)),
    }
}
