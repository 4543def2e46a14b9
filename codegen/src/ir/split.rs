//! Splits a large service's types over crates that compile side by side: rustc checks one
//! crate on one core, so a crate of thousands of types leaves the others idle.
//!
//! The service's own crate keeps what must live with its client: operation inputs (whose
//! builders send them), errors, the outputs the client builds itself (bound to HTTP parts or
//! streamed), and whatever holds one of those. Every other type goes to a part crate. Parts
//! come in levels by the depth of their types (a type's level is above every type it holds),
//! two crates to a level, each holding whole groups of types that refer to each other within
//! the level; a part depends on the parts of the levels below, so the two of a level build
//! at once. The levels are chosen to make the longest chain of crates cheapest, each crate
//! counted at what its types weigh plus a fixed cost of its own.

use super::symbols::crate_ident;
use super::{Service, StructureKind, Type};
use std::collections::{BTreeMap, BTreeSet};

/// A service with more structures and enums than this is split unless told otherwise.
pub const DEFAULT_SPLIT_ABOVE: usize = 600;

/// What one crate of its own costs, in the weight of [`weight_of_members`]'s units: about
/// 4,000 generated lines, the time a crate takes to start and to load its dependencies.
const CRATE_COST: usize = 4_000;

/// The crates a split service's types live in, besides its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The part crates, lowest level first.
    pub parts: Vec<Part>,
    /// For each structure (by [`StructureId`](super::StructureId)), the part it lives in;
    /// `None` for the service's own crate.
    pub structure_home: Vec<Option<usize>>,
    /// For each enum (by its index in [`Service::enums`]), the part it lives in.
    pub enum_home: Vec<Option<usize>>,
}

/// One part crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Its package name: the service's with `-types-<level><a|b>`.
    pub package: String,
    /// Its crate's name in paths.
    pub crate_name: String,
    /// Its directory, relative to the service's crate.
    pub dir: String,
    /// The parts it depends on (every part of a lower level), by index.
    pub deps: Vec<usize>,
}

impl Split {
    /// The parts a crate re-exports the types of: all of them for the service's own crate,
    /// else the part's dependencies.
    pub fn deps_of(&self, part: Option<usize>) -> Vec<&Part> {
        match part {
            None => self.parts.iter().collect(),
            Some(index) => self.parts[index]
                .deps
                .iter()
                .map(|&dep| &self.parts[dep])
                .collect(),
        }
    }
}

/// The split of `service` into parts when it has more than `above` structures and enums and
/// enough of them can leave its crate; `None` keeps one crate.
pub fn plan(service: &Service, package: &str, above: usize) -> Option<Split> {
    if service.structures.len() + service.enums.len() <= above {
        return None;
    }
    let graph = Graph::of(service);
    let movable = graph.movable(service);
    if movable.is_empty() {
        return None;
    }
    let levels = graph.levels(&movable);
    let bands = best_bands(&graph, &movable, &levels);
    let mut parts: Vec<Part> = Vec::new();
    let mut home: BTreeMap<usize, usize> = BTreeMap::new();
    let mut below: Vec<usize> = Vec::new();
    for (index, band) in bands.iter().enumerate() {
        let pair = graph.pair(&movable, &levels, band.clone());
        let mut this_level = Vec::new();
        for (side, nodes) in pair.iter().enumerate() {
            if nodes.is_empty() {
                continue;
            }
            let suffix = format!("types-{index}{}", ["a", "b"][side]);
            let package = format!("{package}-{suffix}");
            for &node in nodes {
                home.insert(node, parts.len());
            }
            this_level.push(parts.len());
            parts.push(Part {
                crate_name: crate_ident(&package),
                package,
                dir: format!("parts/{suffix}"),
                deps: below.clone(),
            });
        }
        below.extend(this_level);
    }
    let structures = service.structures.len();
    Some(Split {
        parts,
        structure_home: (0..structures).map(|i| home.get(&i).copied()).collect(),
        enum_home: (0..service.enums.len())
            .map(|i| home.get(&(structures + i)).copied())
            .collect(),
    })
}

/// The types as nodes (structures first, then enums) and what each holds.
struct Graph {
    /// The nodes each node's members name.
    holds: Vec<BTreeSet<usize>>,
    /// Each node's weight: about the lines generated for it.
    weight: Vec<usize>,
}

impl Graph {
    fn of(service: &Service) -> Self {
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, s) in service.structures.iter().enumerate() {
            index.insert(&s.rust_name, i);
        }
        let structures = service.structures.len();
        for (i, e) in service.enums.iter().enumerate() {
            index.insert(&e.rust_name, structures + i);
        }
        let mut holds = Vec::new();
        let mut weight = Vec::new();
        for s in &service.structures {
            let mut names = BTreeSet::new();
            for m in &s.members {
                named(&m.ty, &mut names);
            }
            holds.push(
                names
                    .iter()
                    .filter_map(|n| index.get(n.as_str()).copied())
                    .collect(),
            );
            weight.push(weight_of_members(s.members.len()));
        }
        for e in &service.enums {
            holds.push(BTreeSet::new());
            weight.push(10 + 3 * e.variants.len());
        }
        Graph { holds, weight }
    }

    /// The nodes that may leave the service's crate: not pinned to it and holding nothing
    /// that is.
    fn movable(&self, service: &Service) -> BTreeSet<usize> {
        let mut pinned = vec![false; self.holds.len()];
        for op in &service.operations {
            pinned[op.input.0] = true;
            for e in &op.errors {
                pinned[e.structure.0] = true;
            }
            // The client builds these outputs itself, field by field.
            if let Some(output) = op.output {
                let s = service.structure(output);
                if s.binds_http()
                    || op.output_events.is_some()
                    || op.output_body.is_some()
                    || op.unwrapped_xml_output
                {
                    pinned[output.0] = true;
                }
            }
        }
        for (i, s) in service.structures.iter().enumerate() {
            let streams = s.members.iter().any(|m| {
                matches!(m.ty, Type::EventStream(_) | Type::StreamingBlob)
                    || matches!(&m.ty, Type::Nullable(t) if matches!(**t, Type::EventStream(_) | Type::StreamingBlob))
            });
            if matches!(s.kind, StructureKind::Error { .. })
                || s.input_of.is_some()
                || s.events.is_some()
                || s.http_binder.is_some()
                || streams
            {
                pinned[i] = true;
            }
        }
        // Whatever holds a pinned type is pinned too, until nothing changes.
        loop {
            let mut changed = false;
            for node in 0..self.holds.len() {
                if !pinned[node] && self.holds[node].iter().any(|&h| pinned[h]) {
                    pinned[node] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        (0..self.holds.len()).filter(|&n| !pinned[n]).collect()
    }

    /// Each movable node's level: 0 for one holding no other movable type, else one more
    /// than the highest level it holds outside its own cycle of types.
    fn levels(&self, movable: &BTreeSet<usize>) -> BTreeMap<usize, usize> {
        let cycles = cycles(self, movable);
        let mut level: BTreeMap<usize, usize> = BTreeMap::new();
        // Cycles come out of Tarjan's walk in reverse topological order: what a cycle
        // holds was numbered before it.
        for members in &cycles {
            let of = members
                .iter()
                .flat_map(|&n| &self.holds[n])
                .filter(|h| movable.contains(h) && !members.contains(h))
                .map(|h| level[h] + 1)
                .max()
                .unwrap_or(0);
            for &n in members {
                level.insert(n, of);
            }
        }
        level
    }

    /// The nodes of the levels in `band`, in two sides as even as the groups allow: the
    /// nodes that refer to each other within the band stay on one side.
    fn pair(
        &self,
        movable: &BTreeSet<usize>,
        levels: &BTreeMap<usize, usize>,
        band: std::ops::RangeInclusive<usize>,
    ) -> [Vec<usize>; 2] {
        let nodes: Vec<usize> = movable
            .iter()
            .copied()
            .filter(|n| band.contains(&levels[n]))
            .collect();
        let mut parent: BTreeMap<usize, usize> = nodes.iter().map(|&n| (n, n)).collect();
        fn root(parent: &mut BTreeMap<usize, usize>, mut n: usize) -> usize {
            while parent[&n] != n {
                let up = parent[&parent[&n]];
                parent.insert(n, up);
                n = up;
            }
            n
        }
        for &n in &nodes {
            for &h in &self.holds[n] {
                if parent.contains_key(&h) {
                    let (a, b) = (root(&mut parent, n), root(&mut parent, h));
                    if a != b {
                        parent.insert(a.max(b), a.min(b));
                    }
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &n in &nodes {
            let r = root(&mut parent, n);
            groups.entry(r).or_default().push(n);
        }
        let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
        let weight = |g: &Vec<usize>| g.iter().map(|&n| self.weight[n]).sum::<usize>();
        // Heaviest first, each to the lighter side; ties by the group's first node.
        groups.sort_by_key(|g| (std::cmp::Reverse(weight(g)), g[0]));
        let mut sides: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        let mut loads = [0usize; 2];
        for g in groups {
            let side = usize::from(loads[1] < loads[0]);
            loads[side] += weight(&g);
            sides[side].extend(g);
        }
        for side in &mut sides {
            side.sort_unstable();
        }
        sides
    }
}

/// The weight of a structure of `members` members: about the lines its type, builder,
/// serde and validator take.
fn weight_of_members(members: usize) -> usize {
    10 + 14 * members
}

/// The Rust names of the model types `ty` holds.
fn named(ty: &Type, out: &mut BTreeSet<String>) {
    match ty {
        Type::Named { rust_name, .. } => {
            out.insert(rust_name.clone());
        }
        Type::List(t) | Type::Nullable(t) | Type::EventStream(t) => named(t, out),
        Type::Map(k, v) => {
            named(k, out);
            named(v, out);
        }
        _ => {}
    }
}

/// The cycles of movable nodes that hold each other (Tarjan's strongly connected
/// components, iteratively), each sorted, what a cycle holds before it.
fn cycles(graph: &Graph, movable: &BTreeSet<usize>) -> Vec<Vec<usize>> {
    let mut index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut low: BTreeMap<usize, usize> = BTreeMap::new();
    let mut on_stack: BTreeSet<usize> = BTreeSet::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0;
    for &start in movable {
        if index.contains_key(&start) {
            continue;
        }
        // Each frame: a node and the position of the next of its edges to follow.
        let mut frames: Vec<(usize, usize)> = vec![(start, 0)];
        index.insert(start, counter);
        low.insert(start, counter);
        counter += 1;
        stack.push(start);
        on_stack.insert(start);
        while let Some(&mut (node, ref mut next)) = frames.last_mut() {
            let edges: Vec<usize> = graph.holds[node]
                .iter()
                .copied()
                .filter(|h| movable.contains(h))
                .collect();
            if let Some(&to) = edges.get(*next) {
                *next += 1;
                if let std::collections::btree_map::Entry::Vacant(slot) = index.entry(to) {
                    slot.insert(counter);
                    low.insert(to, counter);
                    counter += 1;
                    stack.push(to);
                    on_stack.insert(to);
                    frames.push((to, 0));
                } else if on_stack.contains(&to) {
                    let l = low[&node].min(index[&to]);
                    low.insert(node, l);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                let l = low[&parent].min(low[&node]);
                low.insert(parent, l);
            }
            if low[&node] == index[&node] {
                let mut members = Vec::new();
                while let Some(n) = stack.pop() {
                    on_stack.remove(&n);
                    members.push(n);
                    if n == node {
                        break;
                    }
                }
                members.sort_unstable();
                out.push(members);
            }
        }
    }
    out
}

/// The bands of levels (each a range, lowest first) that make the chain of crates cheapest:
/// the sum over bands of the heavier side plus each crate's own cost, by dynamic
/// programming over where bands end.
fn best_bands(
    graph: &Graph,
    movable: &BTreeSet<usize>,
    levels: &BTreeMap<usize, usize>,
) -> Vec<std::ops::RangeInclusive<usize>> {
    let top = levels.values().copied().max().unwrap_or(0);
    // best[h + 1]: the cheapest bands of levels 0..=h and their cost.
    let mut best: Vec<(usize, Vec<std::ops::RangeInclusive<usize>>)> = vec![(0, Vec::new())];
    for high in 0..=top {
        // The band ending at `high` starts at `low`, after the best bands below it.
        let (cost, low) = best
            .iter()
            .enumerate()
            .map(|(low, (below, _))| {
                let sides = graph.pair(movable, levels, low..=high);
                let loads = sides
                    .iter()
                    .map(|s| s.iter().map(|&n| graph.weight[n]).sum::<usize>());
                let crates = sides.iter().filter(|s| !s.is_empty()).count();
                (below + loads.max().unwrap_or(0) + CRATE_COST * crates, low)
            })
            .min()
            .unwrap_or((0, high));
        let mut bands = best[low].1.clone();
        bands.push(low..=high);
        best.push((cost, bands));
    }
    best.pop().map(|(_, bands)| bands).unwrap_or_default()
}

#[cfg(test)]
mod tests;
