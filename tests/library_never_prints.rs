//! "Library code never prints" (ARCHITECTURE.md), kept by CI: no crate under
//! `crates/` prints to the terminal outside its tests, so what the library
//! has to say reaches the person at the CLI edge (`src/main.rs`,
//! `src/terminal.rs`), as diagnostics or as `serve`'s events. `stele-bench`
//! is a command-line tool of its own and may print.
//!
//! The sources are parsed (syn), not searched as text: comments, strings and
//! `#[cfg(test)]` / `#[test]` code do not count, and macros used inside other
//! macros (`vec![dbg!(x)]`) do.

use proc_macro2::{TokenStream, TokenTree};
use std::path::{Path, PathBuf};
use syn::visit::{self, Visit};
use syn::{Attribute, ImplItem, Item, Meta};

/// Crates that are programs, not library code.
const MAY_PRINT: &[&str] = &["stele-bench"];
/// Macros that write to stdout or stderr.
const PRINTING_MACROS: &[&str] = &["println", "eprintln", "print", "eprint", "dbg"];
/// Functions that hand out the process's stdout or stderr.
const STANDARD_STREAMS: &[&str] = &["stdout", "stderr"];

/// One place that prints: `line` is 1-based.
#[derive(Debug, PartialEq)]
struct Printing {
    line: usize,
    what: String,
}

/// Walks one file's syntax tree, skipping test-only items.
#[derive(Default)]
struct Finder {
    found: Vec<Printing>,
    /// `#[cfg(test)] mod name;`: files that hold only tests.
    test_modules: Vec<String>,
}

fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| match &attr.meta {
        Meta::Path(path) => path.is_ident("test"),
        Meta::List(list) => list.path.is_ident("cfg") && list.tokens.to_string() == "test",
        Meta::NameValue(_) => false,
    })
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

impl Finder {
    fn note(&mut self, line: usize, what: String) {
        self.found.push(Printing { line, what });
    }

    /// `name ! (...)` anywhere in a macro's tokens, which syn leaves unparsed.
    fn scan_tokens(&mut self, tokens: TokenStream) {
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            match token {
                TokenTree::Ident(ident) if PRINTING_MACROS.iter().any(|m| ident == m) => {
                    if matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                        self.note(ident.span().start().line, format!("{ident}!"));
                    }
                }
                TokenTree::Group(group) => self.scan_tokens(group.stream()),
                _ => {}
            }
        }
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item(&mut self, item: &'ast Item) {
        if is_test_only(item_attrs(item)) {
            if let Item::Mod(module) = item {
                if module.content.is_none() {
                    self.test_modules.push(module.ident.to_string());
                }
            }
            return;
        }
        visit::visit_item(self, item);
    }

    fn visit_impl_item(&mut self, item: &'ast ImplItem) {
        if let ImplItem::Fn(function) = item {
            if is_test_only(&function.attrs) {
                return;
            }
        }
        visit::visit_impl_item(self, item);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Some(last) = mac.path.segments.last() {
            if PRINTING_MACROS.iter().any(|m| last.ident == m) {
                self.note(last.ident.span().start().line, format!("{}!", last.ident));
            }
        }
        self.scan_tokens(mac.tokens.clone());
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(function) = &*call.func {
            if let Some(last) = function.path.segments.last() {
                if STANDARD_STREAMS.iter().any(|s| last.ident == s) {
                    self.note(last.ident.span().start().line, format!("{}()", last.ident));
                }
            }
        }
        visit::visit_expr_call(self, call);
    }
}

/// Every place `source` prints outside test code, and the files its
/// `#[cfg(test)] mod x;` lines name.
fn printing_in(source: &str) -> Result<Finder, syn::Error> {
    let file = syn::parse_file(source)?;
    let mut finder = Finder::default();
    finder.visit_file(&file);
    Ok(finder)
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display())))
        .filter(|entry| entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "rs"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// Where a file's `mod name;` lives: next to `lib.rs`, `main.rs` and
/// `mod.rs`, in a folder named after any other file.
fn module_files(file: &Path, name: &str) -> [PathBuf; 2] {
    let parent = file.parent().unwrap_or(Path::new(""));
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let dir = if ["lib", "main", "mod"].contains(&stem) { parent.to_path_buf() } else { parent.join(stem) };
    [dir.join(format!("{name}.rs")), dir.join(name).join("mod.rs")]
}

#[test]
fn library_crates_never_print() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates");
    let mut library_files = Vec::new();
    for entry in std::fs::read_dir(&crates).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if dir.join("src").is_dir() && !MAY_PRINT.contains(&name.as_str()) {
            library_files.extend(rust_files(&dir.join("src")));
        }
    }
    assert!(library_files.len() > 20, "too few library files found under {}: {library_files:?}", crates.display());

    let mut test_only = Vec::new();
    let mut found = Vec::new();
    for file in &library_files {
        let source = std::fs::read_to_string(file).unwrap();
        let finder = printing_in(&source).unwrap_or_else(|err| panic!("{}: cannot parse: {err}", file.display()));
        test_only.extend(finder.test_modules.iter().flat_map(|name| module_files(file, name)));
        found.extend(finder.found.into_iter().map(|printing| (file.clone(), printing)));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report: Vec<String> = found
        .iter()
        .filter(|(file, _)| !test_only.contains(file))
        .map(|(file, printing)| format!("{}:{}: {}", file.strip_prefix(root).unwrap_or(file).display(), printing.line, printing.what))
        .collect();
    assert!(
        report.is_empty(),
        "library code prints (ARCHITECTURE.md: library code never prints; return the news as data and print it in src/main.rs):\n{}",
        report.join("\n")
    );
}

#[test]
fn the_finder_sees_printing_but_not_tests_comments_or_strings() {
    let source = r#"
        // println!("a comment");
        fn report() {
            let text = "println!(\"a string\")";
            println!("{text}");
            let _ = std::io::stdout();
            let names = vec![dbg!(1)];
            std::process::Command::new("x").stdout(std::process::Stdio::null());
        }
        #[cfg(test)]
        mod tests {
            fn helper() { eprintln!("fine in tests"); }
        }
        #[test]
        fn a_test() { print!("fine in tests"); }
        #[cfg(test)]
        mod more_tests;
        #[cfg(not(test))]
        fn shipped() { eprint!("not fine"); }
    "#;
    let finder = printing_in(source).unwrap();
    let lines: Vec<(usize, &str)> = finder.found.iter().map(|p| (p.line, p.what.as_str())).collect();
    assert_eq!(lines, [(5, "println!"), (6, "stdout()"), (7, "dbg!"), (19, "eprint!")]);
    assert_eq!(finder.test_modules, ["more_tests"]);
    assert_eq!(module_files(Path::new("src/lib.rs"), "more_tests")[0], Path::new("src/more_tests.rs"));
    assert_eq!(module_files(Path::new("src/watch.rs"), "more_tests")[0], Path::new("src/watch/more_tests.rs"));
}
