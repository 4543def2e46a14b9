//! Decides what validators check: which structures get a validator, which shapes need a
//! check, and the statics that hold the constraints validators use.

use crate::ir::{symbols, RuleStatics, ShapeId, Structure, StructureId, ValueKind, ValueShape};
use crate::model::ServiceModel;
use std::collections::BTreeSet;

/// Marks every structure reachable from an operation input.
pub fn mark_validated(model: &ServiceModel, structures: &mut [Structure]) {
    let inputs = model
        .operations
        .values()
        .filter_map(|op| op.input.as_ref().map(|r| r.shape.as_str()));
    let written = reachable(model, inputs.collect());
    for s in structures.iter_mut() {
        s.validated = written.contains(s.wire_name.as_str());
    }
    // What the client reads: outputs and the errors of operations, and what they hold.
    let read = model
        .operations
        .values()
        .filter_map(|op| op.output.as_ref().map(|r| r.shape.as_str()))
        .chain(
            model
                .operations
                .values()
                .flat_map(|op| op.errors.iter().map(|e| e.shape.as_str())),
        )
        .chain(
            model
                .shapes
                .iter()
                .filter(|(_, s)| s.exception)
                .map(|(n, _)| n.as_str()),
        );
    let read = reachable(model, read.collect());
    // A union's serde impls are hand-written in both directions, for what it holds too.
    let unions = model
        .shapes
        .iter()
        .filter(|(_, s)| s.union || s.eventstream)
        .map(|(n, _)| n.as_str());
    let in_unions = reachable(model, unions.collect());
    for s in structures {
        let name = s.wire_name.as_str();
        s.written_to_wire = s.validated || in_unions.contains(name);
        s.read_from_wire = read.contains(name) || in_unions.contains(name);
    }
}

/// The shapes reachable from `roots` through members, list items and map entries.
fn reachable<'a>(model: &'a ServiceModel, roots: Vec<&'a str>) -> BTreeSet<&'a str> {
    let mut reachable = BTreeSet::new();
    let mut stack = roots;
    while let Some(name) = stack.pop() {
        if !reachable.insert(name) {
            continue;
        }
        let Some(shape) = model.shapes.get(name) else {
            continue;
        };
        stack.extend(shape.members.values().map(|m| m.shape.as_str()));
        for m in [&shape.member, &shape.key, &shape.value]
            .into_iter()
            .flatten()
        {
            stack.push(&m.shape);
        }
    }
    reachable
}

/// Sets `needs_check` of every shape whose values need a check, themselves or inside, and
/// names the statics of the constrained shapes that validators reach.
pub fn mark_checks(shapes: &mut [ValueShape], structures: &[Structure]) {
    let validated = |id: StructureId| Some(&structures[id.0]).filter(|s| s.validated);
    // A fixpoint, since structures can be recursive.
    let mut needs: BTreeSet<ShapeId> = BTreeSet::new();
    loop {
        let before = needs.len();
        for (id, shape) in shapes.iter().enumerate() {
            let inner = match &shape.kind {
                ValueKind::List(m) => needs.contains(m),
                ValueKind::Map(k, v) => needs.contains(k) || needs.contains(v),
                ValueKind::Structure(s) => validated(*s)
                    .is_some_and(|s| s.members.iter().any(|m| needs.contains(&m.target))),
                _ => false,
            };
            // Structures are checked member by member; booleans and timestamps have no
            // constraints a validator checks.
            let own = !shape.constraints.is_empty()
                && !matches!(
                    shape.kind,
                    ValueKind::Structure(_) | ValueKind::Bool | ValueKind::Timestamp
                );
            if inner || own {
                needs.insert(ShapeId(id));
            }
        }
        if needs.len() == before {
            break;
        }
    }
    // Shapes that validators reach: members of validated structures, and what lists and
    // maps of them contain.
    let mut used: BTreeSet<ShapeId> = BTreeSet::new();
    let mut stack: Vec<ShapeId> = structures
        .iter()
        .filter(|s| s.validated)
        .flat_map(|s| s.members.iter().map(|m| m.target))
        .collect();
    while let Some(id) = stack.pop() {
        if !used.insert(id) {
            continue;
        }
        match shapes.get(id.0).map(|s| &s.kind) {
            Some(ValueKind::List(m)) => stack.push(*m),
            Some(ValueKind::Map(k, v)) => stack.extend([*k, *v]),
            _ => {}
        }
    }
    let mut taken = BTreeSet::new();
    for (id, shape) in shapes.iter_mut().enumerate() {
        shape.needs_check = needs.contains(&ShapeId(id));
        if shape.constraints.is_empty() || !shape.needs_check || !used.contains(&ShapeId(id)) {
            continue;
        }
        let limits = symbols::rule_static(&shape.wire_name, &mut taken);
        shape.rules = Some(RuleStatics {
            pattern: shape
                .constraints
                .pattern
                .as_ref()
                .map(|_| symbols::pattern_static(&limits)),
            limits,
        });
    }
}
