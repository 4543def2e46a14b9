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
        d.deprecation(
            owner,
            &format!("shape `{name}`"),
            (s.deprecated, now.deprecated),
        );
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
        match (&m.default, &now.default) {
            // A default makes the field a plain value: the Rust API changes, the wire does
            // not (an unset member is sent, or read, as its default).
            (None, Some(value)) if !m.required => d.push(
                Severity::Dangerous,
                Bump::Major,
                owner,
                format!(
                    "member `{name}` of `{shape}` now has a default ({}), so its field is no longer an `Option`",
                    default_text(value)
                ),
            ),
            (Some(value), None) if !now.required => d.push(
                Severity::Dangerous,
                Bump::Major,
                owner,
                format!(
                    "member `{name}` of `{shape}` no longer has a default ({} before), so its field is an `Option`",
                    default_text(value)
                ),
            ),
            (Some(old), Some(new)) if old != new => d.push(
                Severity::Dangerous,
                Bump::Minor,
                owner,
                format!(
                    "the default of member `{name}` of `{shape}` changed from {} to {}",
                    default_text(old),
                    default_text(new)
                ),
            ),
            _ => {}
        }
        match (m.required, now.required) {
            // Reported above, as a default.
            _ if m.default.is_some() != now.default.is_some() => {}
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
            Directions {
                inputs: old.validated || new.validated,
                outputs: old.read_from_wire || new.read_from_wire,
            },
        );
        d.deprecation(
            owner,
            &format!("member `{name}` of `{shape}`"),
            (m.deprecated, now.deprecated),
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

/// Where a structure travels: in what callers send, in what they receive.
#[derive(Clone, Copy)]
struct Directions {
    inputs: bool,
    outputs: bool,
}

/// Constraint changes, judged by where the structure is used: a tighter bound breaks
/// callers where they send values (the structure is reachable from an input); in outputs
/// it breaks nothing, while a looser one may surprise code that relied on it. A structure
/// used both ways gets the worse of the two verdicts; one used neither way is judged as an
/// output.
fn constraints(
    d: &mut Differ,
    what: &str,
    (old, new): (&Constraints, &Constraints),
    owner: Option<&str>,
    used: Directions,
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
        let Some(tighter) = tightened(o, n, min) else {
            continue;
        };
        let verb = if tighter { "tightened" } else { "loosened" };
        let (severity, why) = constraint_verdict(tighter, used);
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

/// How bad a tighter (or looser) bound is where the structure is used, and why.
fn constraint_verdict(tighter: bool, used: Directions) -> (Severity, &'static str) {
    // Severities order worst first, so the worse of two verdicts is the smaller.
    let in_inputs = if tighter {
        (Severity::Breaking, "")
    } else {
        (Severity::Info, "")
    };
    let in_outputs = if tighter {
        (
            Severity::Info,
            " (only in outputs: nothing a caller sends is refused)",
        )
    } else {
        (
            Severity::Dangerous,
            " (only in outputs: the service may return values the old bound ruled out)",
        )
    };
    match (used.inputs, used.outputs) {
        (true, false) => in_inputs,
        (false, _) => in_outputs,
        (true, true) if in_inputs.0 <= in_outputs.0 => in_inputs,
        (true, true) => (
            in_outputs.0,
            " (also in outputs: the service may return values the old bound ruled out)",
        ),
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

/// A default value as the report shows it.
fn default_text(value: &crate::ir::DefaultValue) -> String {
    use crate::ir::DefaultValue;
    match value {
        DefaultValue::String(text) => format!("{text:?}"),
        DefaultValue::Bool(flag) => flag.to_string(),
        DefaultValue::Integer(n) => n.to_string(),
        DefaultValue::Float(x) => format!("{x:?}"),
        DefaultValue::Timestamp(secs) => format!("{secs} seconds after the epoch"),
        DefaultValue::Blob(bytes) => format!("{} bytes", bytes.len()),
        DefaultValue::EmptyList => "[]".to_owned(),
        DefaultValue::EmptyMap => "{}".to_owned(),
        DefaultValue::Document(value) => value.to_string(),
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
        Type::StreamingBlob => "streaming blob".into(),
        Type::BigInteger => "big integer".into(),
        Type::BigDecimal => "big decimal".into(),
        Type::Document => "document".into(),
        Type::Named { rust_name, .. } => format!("`{rust_name}`"),
        Type::List(e) => format!("list of {}", describe(e)),
        Type::Map(k, v) => format!("map of {} to {}", describe(k), describe(v)),
        Type::Nullable(item) => format!("{} or null", describe(item)),
        Type::EventStream(union) => format!("event stream of {}", describe(union)),
    }
}

#[cfg(test)]
mod tests {
    use super::{constraint_verdict, Directions};
    use crate::diff::Severity;

    #[test]
    fn a_structure_used_both_ways_gets_the_worse_verdict() {
        let both = Directions {
            inputs: true,
            outputs: true,
        };
        let inputs = Directions {
            inputs: true,
            outputs: false,
        };
        let outputs = Directions {
            inputs: false,
            outputs: true,
        };
        assert_eq!(constraint_verdict(true, inputs).0, Severity::Breaking);
        assert_eq!(constraint_verdict(true, outputs).0, Severity::Info);
        assert_eq!(constraint_verdict(true, both).0, Severity::Breaking);
        assert_eq!(constraint_verdict(false, inputs).0, Severity::Info);
        assert_eq!(constraint_verdict(false, outputs).0, Severity::Dangerous);
        // Looser in an input is harmless, in an output it may surprise: dangerous.
        let (severity, why) = constraint_verdict(false, both);
        assert_eq!(severity, Severity::Dangerous);
        assert!(why.contains("also in outputs"), "{why}");
    }
}
