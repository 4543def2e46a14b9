//! The import graph of the runtime, the generator and xtask has no cycle between files, and no emitter spells a runtime path outside the symbol module.

use crate::support::{files_with_extension, root};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The trees whose files must import each other without a cycle, each by its crate root.
const TREES: &[&str] = &["codegen/runtime/src", "codegen/src", "xtask/src"];

#[test]
fn no_import_cycle_between_files() {
    let mut report = Vec::new();
    for tree in TREES {
        let graph = import_graph(&root().join(tree));
        assert!(
            graph.len() > 10,
            "{tree}: only {} files read; is the tree where this test looks?",
            graph.len()
        );
        for cycle in cycles(&graph) {
            report.push(format!("{tree}: {}", cycle.join(" -> ")));
        }
    }
    assert!(
        report.is_empty(),
        "import cycles between files (each a strongly connected set, in order):\n{}",
        report.join("\n")
    );
}

#[test]
fn the_graph_sees_imports_through_use_and_paths() {
    let runtime = import_graph(&root().join("codegen/runtime/src"));
    let generator = import_graph(&root().join("codegen/src"));
    let edges = |graph: &BTreeMap<String, BTreeSet<String>>, from: &str| {
        graph.get(from).cloned().unwrap_or_default()
    };
    // A `use crate::...` import, a path in code, a `use super::...` and a `use super::{..}`.
    let call = edges(&runtime, "client/call.rs");
    assert!(call.contains("client/invoke.rs"), "{call:?}");
    assert!(edges(&runtime, "wire/rest_output.rs").contains("wire/body.rs"));
    let client = edges(&generator, "emit/client.rs");
    assert!(client.contains("emit/runtime_symbols.rs"), "{client:?}");
    assert!(client.contains("emit/mod.rs"), "{client:?}");
    let found = cycles(&BTreeMap::from([
        ("a.rs".to_owned(), BTreeSet::from(["b.rs".to_owned()])),
        ("b.rs".to_owned(), BTreeSet::from(["a.rs".to_owned()])),
        ("c.rs".to_owned(), BTreeSet::from(["a.rs".to_owned()])),
    ]));
    assert_eq!(found, vec![vec!["a.rs".to_owned(), "b.rs".to_owned()]]);
}

#[test]
fn no_emitter_spells_a_runtime_or_crate_path() {
    let dir = root().join("codegen/src/emit");
    let mut found = Vec::new();
    for file in rust_files(&dir) {
        if file.file_name().is_some_and(|n| n == "runtime_symbols.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("an emitter is readable");
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if code.contains("crate::runtime::") || code.contains("#root::") {
                found.push(format!("{}:{}: {}", file.display(), i + 1, code));
            }
        }
    }
    assert!(
        found.is_empty(),
        "paths into the runtime or the crate's modules belong in emit/runtime_symbols.rs:\n{}",
        found.join("\n")
    );
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    files_with_extension(dir, "rs", &mut out);
    out.sort();
    out
}

/// For each file (by its path under `src`), the other files of the crate it names through
/// `crate::` or `super::` paths, in `use` items or in code. Test modules at the end of a
/// file (`#[cfg(test)] mod ...`) are left out: their `super` is the file itself.
fn import_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files: BTreeSet<String> = rust_files(src).iter().map(|f| relative(src, f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(src.join(file)).expect("a source file is readable");
        let text = match text.find("#[cfg(test)]\nmod ") {
            Some(at) => &text[..at],
            None => &text[..],
        };
        let module = module_of(file);
        let mut edges = BTreeSet::new();
        for path in paths_in(text) {
            let absolute = if let Some(rest) = path.strip_prefix("crate::") {
                split(rest)
            } else {
                // `super::` from a module means its parent.
                let mut base = module.clone();
                let mut rest = path.as_str();
                while let Some(r) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = r;
                }
                base.extend(split(rest));
                base
            };
            if let Some(target) = resolve(&files, &absolute) {
                if target != *file {
                    edges.insert(target);
                }
            }
        }
        graph.insert(file.clone(), edges);
    }
    graph
}

fn relative(src: &Path, file: &Path) -> String {
    file.strip_prefix(src)
        .expect("under the tree")
        .to_string_lossy()
        .replace('\\', "/")
}

fn split(path: &str) -> Vec<String> {
    path.split("::")
        .map(str::to_owned)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The module path of a file: `client/invoke.rs` is `client::invoke`, `wire/mod.rs` is
/// `wire`, `lib.rs` and `main.rs` the root.
fn module_of(file: &str) -> Vec<String> {
    let without = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = without.split('/').map(str::to_owned).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The file that defines the longest prefix of `path` that is a module.
fn resolve(files: &BTreeSet<String>, path: &[String]) -> Option<String> {
    for len in (1..=path.len()).rev() {
        let joined = path[..len].join("/");
        for candidate in [format!("{joined}.rs"), format!("{joined}/mod.rs")] {
            if files.contains(&candidate) {
                return Some(candidate);
            }
        }
    }
    None
}

/// The `crate::...` and `super::...` paths in the code (not in `$crate::` of macros, not
/// in comments), with `use` groups expanded to their first segment after the brace
/// (`use crate::a::{b, c}` names `crate::a::b` and `crate::a::c`).
fn paths_in(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < code.len() {
        let starts = bytes[at..].starts_with(b"crate::") || bytes[at..].starts_with(b"super::");
        let boundary =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || b"_$".contains(&bytes[at - 1]));
        if !(starts && boundary) {
            at += 1;
            continue;
        }
        // An ASCII letter starts the match, so `at` is a character boundary.
        let rest = &code[at..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let path = rest[..end].trim_end_matches(':').to_owned();
        if rest[end..].starts_with('{') {
            // A use group: each name in it (one level is enough to find the file).
            let close = rest[end..].find('}').map_or(rest.len(), |c| end + c);
            for item in rest[end + 1..close].split(',') {
                let item = item.split_whitespace().next().unwrap_or("");
                let item = item.split("::").next().unwrap_or("");
                if !item.is_empty() && item != "self" {
                    out.push(format!("{path}::{item}"));
                }
            }
        }
        out.push(path);
        at += end.max(1);
    }
    out
}

/// The strongly connected sets of more than one file, each sorted, in order (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, node: &'a str) {
        let i = s.index.len();
        s.index.insert(node, i);
        s.low.insert(node, i);
        s.stack.push(node);
        s.on_stack.insert(node);
        let graph = s.graph;
        for next in graph.get(node).into_iter().flatten() {
            let next = next.as_str();
            if !s.index.contains_key(next) {
                visit(s, next);
                let low = s.low[node].min(s.low[next]);
                s.low.insert(node, low);
            } else if s.on_stack.contains(next) {
                let low = s.low[node].min(s.index[next]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut set = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                set.push(top.to_owned());
                if top == node {
                    break;
                }
            }
            if set.len() > 1 {
                set.sort();
                s.found.push(set);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found.sort();
    state.found
}

/// The runtime's layers, lowest first: each file imports only its own layer and those before
/// it (`lib.rs` declares them all; the exported macros name them by path).
const RUNTIME_LAYERS: &[&str] = &[
    "value", "validate", "http", "wire", "error", "config", "client", "macros", "lib",
];

#[test]
fn each_runtime_layer_imports_only_the_layers_before_it() {
    let graph = import_graph(&root().join("codegen/runtime/src"));
    let layer = |file: &str| {
        let top = file
            .split('/')
            .next()
            .unwrap_or(file)
            .trim_end_matches(".rs");
        RUNTIME_LAYERS
            .iter()
            .position(|l| *l == top)
            .unwrap_or_else(|| panic!("{file} is in no layer of RUNTIME_LAYERS"))
    };
    let mut upward = Vec::new();
    for (from, targets) in &graph {
        for to in targets {
            if layer(to) > layer(from) {
                upward.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "runtime imports that run up the layers {RUNTIME_LAYERS:?}:\n{}",
        upward.join("\n")
    );
}
