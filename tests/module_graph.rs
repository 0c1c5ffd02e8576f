//! "No import circles" (ARCHITECTURE.md), kept by CI. Between crates Cargo
//! keeps the direction (a crate can only use what its `Cargo.toml` names);
//! inside a crate nothing does, so this test reads every crate's modules
//! (syn, not text search) and fails when some of them import each other in
//! a circle. A module's uses of its own parent or children, and of items at
//! the crate root (its public API), do not count; test-only code does not
//! either.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::{self, Visit};
use syn::{Attribute, Item, Meta, UseTree};

/// One crate's modules (by path, `""` for the root) and the modules each uses.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| match &attr.meta {
        Meta::Path(path) => path.is_ident("test"),
        Meta::List(list) => list.path.is_ident("cfg") && list.tokens.to_string() == "test",
        Meta::NameValue(_) => false,
    })
}

/// The module paths (`["render", "deps"]`) one file's code names with `crate::` or `super::`.
struct Uses<'a> {
    module: &'a [String],
    found: Vec<Vec<String>>,
}

impl Uses<'_> {
    /// `crate::a::b` or `super::a` as segments from the crate root.
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        match segments.first().map(String::as_str) {
            Some("crate") => Some(segments[1..].to_vec()),
            Some("super") => {
                let mut base = self.module.to_vec();
                let mut rest = segments;
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                Some(base)
            }
            _ => None,
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &UseTree) {
        match tree {
            UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            UseTree::Name(name) => {
                prefix.push(name.ident.to_string());
                self.note(prefix);
                prefix.pop();
            }
            UseTree::Rename(rename) => {
                prefix.push(rename.ident.to_string());
                self.note(prefix);
                prefix.pop();
            }
            UseTree::Glob(_) => self.note(prefix),
            UseTree::Group(group) => group.items.iter().for_each(|item| self.use_tree(prefix, item)),
        }
    }

    fn note(&mut self, segments: &[String]) {
        if let Some(found) = self.absolute(segments) {
            self.found.push(found);
        }
    }
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        let attrs = match item {
            Item::Fn(i) => &i.attrs,
            Item::Impl(i) => &i.attrs,
            Item::Mod(i) => &i.attrs,
            Item::Use(i) => &i.attrs,
            Item::Const(i) => &i.attrs,
            Item::Struct(i) => &i.attrs,
            _ => return visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.note(&segments);
        visit::visit_path(self, path);
    }
}

/// The module path of a source file: `src/render/deps.rs` -> `["render", "deps"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("a file of the crate");
    let mut parts: Vec<String> = relative.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("lib" | "main" | "mod")) {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// Every module of the crate at `src` and the other modules of the crate it uses.
fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(src, f)).collect();
    let mut graph = Graph::new();
    for file in &files {
        let module = module_of(src, file);
        let text = std::fs::read_to_string(file).expect("a source file");
        let syntax = syn::parse_file(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        let mut uses = Uses { module: &module, found: Vec::new() };
        uses.visit_file(&syntax);
        let name = module.join("::");
        let targets = graph.entry(name).or_default();
        for used in uses.found {
            // The longest prefix of the path that is a module of the crate.
            let Some(target) = (1..=used.len()).rev().map(|n| used[..n].to_vec()).find(|prefix| modules.contains(prefix)) else { continue };
            let related = target.starts_with(&module) || module.starts_with(&target);
            if !related && !target.is_empty() {
                targets.insert(target.join("::"));
            }
        }
    }
    graph
}

/// The groups of modules that import each other in a circle (Tarjan).
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(walk: &mut Walk<'g>, node: &'g str) {
        let n = walk.index.len();
        walk.index.insert(node, n);
        walk.low.insert(node, n);
        walk.stack.push(node);
        for next in walk.graph.get(node).into_iter().flatten() {
            if !walk.index.contains_key(next.as_str()) {
                visit(walk, next);
                let low = walk.low[next.as_str()].min(walk.low[node]);
                walk.low.insert(node, low);
            } else if walk.stack.contains(&next.as_str()) {
                let low = walk.index[next.as_str()].min(walk.low[node]);
                walk.low.insert(node, low);
            }
        }
        if walk.low[node] == walk.index[node] {
            let mut group = Vec::new();
            while let Some(member) = walk.stack.pop() {
                group.push(member.to_string());
                if member == node {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                walk.found.push(group);
            }
        }
    }
    let mut walk = Walk { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    for node in graph.keys() {
        if !walk.index.contains_key(node.as_str()) {
            visit(&mut walk, node);
        }
    }
    walk.found
}

fn crate_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![root.join("src")];
    for entry in std::fs::read_dir(root.join("crates")).expect("the crates folder") {
        sources.push(entry.expect("an entry").path().join("src"));
    }
    sources.sort();
    sources
}

#[test]
fn no_module_imports_another_in_a_circle() {
    let mut found = Vec::new();
    for src in crate_sources() {
        for group in circles(&graph(&src)) {
            found.push(format!("{}: {}", src.display(), group.join(" <-> ")));
        }
    }
    assert!(found.is_empty(), "modules that import each other in a circle:\n  {}", found.join("\n  "));
}

#[test]
fn the_finder_sees_a_circle_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::write(src.join("lib.rs"), "mod a;\nmod b;\nmod c;\npub struct Api;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::Thing;\nuse crate::Api;\n").unwrap();
    std::fs::write(src.join("b.rs"), "pub struct Thing;\nfn f() { let _ = crate::a::g; }\n#[cfg(test)]\nmod tests { use crate::c::X; }\n").unwrap();
    std::fs::write(src.join("c.rs"), "use super::b::Thing;\npub struct X;\n").unwrap();
    assert_eq!(circles(&graph(src)), [vec!["a".to_string(), "b".to_string()]]);
}
