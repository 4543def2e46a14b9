//! Renders a diff as a Markdown changelog entry or as JSON for tools.

use super::{Bump, Change, Diff, Severity};
use std::collections::BTreeMap;

/// A Markdown report: a headline, the bump, changes grouped by operation, severity first;
/// documentation-only changes collapsed into a count.
pub fn to_markdown(diff: &Diff) -> String {
    let real: Vec<&Change> = diff.changes.iter().filter(|c| !c.docs_only).collect();
    let docs = diff.changes.len() - real.len();
    let mut by_operation: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    let mut other = Vec::new();
    for change in &real {
        match &change.operation {
            Some(op) => by_operation.entry(op).or_default().push(change),
            None => other.push(*change),
        }
    }
    let added = |op: &str| {
        by_operation[op]
            .iter()
            .any(|c| c.message == format!("operation `{op}` added"))
    };
    let new_ops = by_operation.keys().filter(|op| added(op)).count();
    let updated = by_operation.len() - new_ops;
    let mut out = format!(
        "# {}: {new_ops} new, {updated} updated API method{}; {}\n\n",
        diff.service,
        if updated == 1 { "" } else { "s" },
        breaking_headline(&real, diff.bump()),
    );
    out.push_str(&match diff.bump() {
        None => "No changes.\n".to_owned(),
        Some(bump) => format!(
            "Semver bump for the generated crate: **{}**. Structures, enums and error enums are `#[non_exhaustive]`, so new optional members, enum values, errors and operations are minor.{}\n",
            match bump {
                Bump::Major => "major",
                Bump::Minor => "minor",
                Bump::Patch => "patch",
            },
            major_without_breaking(&real)
        ),
    });
    for (op, changes) in &by_operation {
        out.push_str(&format!(
            "\n## `{op}` ({})\n\n",
            if added(op) { "new" } else { "updated" }
        ));
        if let Some(request) = diff.requests.get(*op) {
            out.push_str(&format!("Request: {request}\n\n"));
        }
        list(&mut out, changes);
    }
    if !other.is_empty() {
        out.push_str("\n## Other changes\n\n");
        list(&mut out, &other);
    }
    if docs > 0 {
        out.push_str(&format!(
            "\nDocumentation only: {docs} change{} (collapsed).\n",
            if docs == 1 { "" } else { "s" }
        ));
    }
    out
}

fn list(out: &mut String, changes: &[&Change]) {
    let mut sorted = changes.to_vec();
    sorted.sort_by(|a, b| (a.severity, &a.message).cmp(&(b.severity, &b.message)));
    for c in sorted {
        let severity = match c.severity {
            Severity::Breaking => "breaking",
            Severity::Dangerous => "dangerous",
            Severity::Info => "info",
        };
        out.push_str(&format!("- **{severity}**: {}\n", c.message));
    }
}

/// The diff as pretty JSON: service, bump and every change.
pub fn to_json(diff: &Diff) -> String {
    let value = serde_json::json!({
        "service": diff.service,
        "bump": diff.bump(),
        "breaking": diff.has(Severity::Breaking),
        "changes": diff.changes,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The headline's count of breaking changes, explaining a bump it does not suggest: wire
/// breaks the Rust API does not see (a tightened input bound) make no major bump, and Rust
/// API changes that break nothing on the wire make one.
fn breaking_headline(changes: &[&Change], bump: Option<Bump>) -> String {
    let breaking: Vec<&&Change> = changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .collect();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let n = breaking.len();
    match bump {
        Some(Bump::Major) if n == 0 => {
            "no breaking change on the wire; the Rust API changes: major".to_owned()
        }
        Some(bump @ (Bump::Minor | Bump::Patch)) if n > 0 => {
            let why = if breaking
                .iter()
                .all(|c| c.message.contains(" tightened from "))
            {
                "inputs tightened"
            } else {
                "see below"
            };
            let bump = if bump == Bump::Minor {
                "minor"
            } else {
                "patch"
            };
            format!(
                "{n} breaking change{} on the wire ({why}); source-compatible: {bump}",
                plural(n)
            )
        }
        _ => format!("{n} breaking change{}", plural(n)),
    }
}

/// Why the bump is major when some of what makes it so breaks no caller on the wire: the
/// Rust API changes all the same (a member no longer required becomes an `Option`).
fn major_without_breaking(changes: &[&Change]) -> String {
    let rust_only: Vec<&&Change> = changes
        .iter()
        .filter(|c| c.bump == Bump::Major && c.severity != Severity::Breaking)
        .collect();
    match rust_only.first() {
        None => String::new(),
        Some(first) => format!(
            " {} of the major changes break no caller on the wire but change the Rust API, such as: {}.",
            rust_only.len(),
            first.message
        ),
    }
}
