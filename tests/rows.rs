//! Timeline rows are written in Rust when the project uses the built-in
//! `macros.html` (crates/stele-render/src/rows.rs), and by the project's
//! `event_row` macro when it overrides the file. The two must give the same
//! bytes: each project here is built both ways (the second time with a copy
//! of the built-in macros that differs by a comment, which makes stele use
//! the macro) and every file compared.

mod common;

use common::{assert_same_tree, copy_dir, patient, run_stele_with_timeout, tree, Project};
use std::path::Path;
use std::time::Duration;

const BUILT_IN_MACROS: &str = include_str!("../templates/macros.html");

/// Builds `project` into `out` with the given `macros.html` (none: the built-in one).
fn build_with_macros(project: &Project, macros: Option<&str>, out: &Path) {
    let path = project.path("templates/macros.html");
    match macros {
        Some(text) => project.file("templates/macros.html", text),
        None if path.exists() => project.remove("templates/macros.html"),
        None => project,
    };
    let (root, out) = (project.root().to_string_lossy().into_owned(), out.to_string_lossy().into_owned());
    run_stele_with_timeout(&["build", "--root", &root, "--out", &out], patient(Duration::from_secs(120))).assert_success();
}

/// Every output file of `project` is the same whether rows come from Rust or from the macro.
fn assert_rows_match_the_macro(project: &Project, what: &str) {
    let (by_rust, by_macro) = (project.path("by-rust"), project.path("by-macro"));
    build_with_macros(project, None, &by_rust);
    build_with_macros(project, Some(&format!("{BUILT_IN_MACROS}\n{{# the project's own copy #}}\n")), &by_macro);
    let (rust, mut macro_built) = (tree(&by_rust), tree(&by_macro));
    assert!(rust.keys().any(|path| path.starts_with("timeline/")), "{what}: no timeline pages");
    // The manifest lists the same files; it is compared like any other.
    macro_built.retain(|path, _| !path.starts_with("templates/"));
    assert_same_tree(&rust, &macro_built, what);
}

#[test]
fn the_example_collection_has_the_same_pages_with_rows_from_rust_or_the_macro() {
    let project = Project::new();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &project.path("content"));
    assert_rows_match_the_macro(&project, "the example");
    // Rows with figures, at, kinds, several sites and actors are among them.
    let palmyra = std::fs::read_to_string(project.path("by-rust/sites/palmyra/index.html")).expect("Palmyra's page");
    for needle in ["<p class=\"event-figures\">", "<p class=\"event-at\">", "<span class=\"who\">", "data-sites=\"palmyra palmyra-museum\""] {
        assert!(palmyra.contains(needle), "Palmyra's page has no {needle}");
    }
}

#[test]
fn an_arabic_site_has_the_same_pages_with_rows_from_rust_or_the_macro() {
    assert_rows_match_the_macro(&Project::from_fixture("arabic"), "the Arabic fixture");
}

#[test]
fn a_collection_with_hot_sites_has_the_same_pages_with_rows_from_rust_or_the_macro() {
    // Enough events at a few sites and actors for their year pages, and a
    // whole timeline split into years.
    let project = Project::new();
    let options = stele_bench::cli::GenOptions {
        articles: 90,
        dir: project.root().to_path_buf(),
        hugo_dir: None,
        seed: stele_bench::cli::DEFAULT_SEED,
        shape: stele_bench::cli::Shape { sites: Some(30), events_per_report: (6, 9), years: (2014, 2016) },
    };
    stele_bench::corpus::generate(&options).expect("stele-bench gen");
    assert_rows_match_the_macro(&project, "the generated collection");
    let built = tree(&project.path("by-rust"));
    assert!(
        built.keys().any(|path| path.starts_with("sites/") && path.contains("/timeline/")),
        "no site has year pages: the comparison does not cover them"
    );
}

#[test]
fn a_project_event_row_macro_writes_the_rows() {
    let project = common::minimal_valid();
    let own = BUILT_IN_MACROS.replace("<li class=\"event-row\"", "<li class=\"event-row mine\"");
    assert_ne!(own, BUILT_IN_MACROS, "the built-in event_row changed: update this test");
    project.file("templates/macros.html", &own);
    project.build_ok(&[]);
    for page in ["sites/palmyra/index.html", "actors/islamic-state/index.html", "timeline/2015/index.html", "index.html"] {
        let html = project.page(page);
        assert!(html.contains("<li class=\"event-row mine\""), "{page} does not use the project's event_row");
        assert!(!html.contains("<li class=\"event-row\""), "{page} has a row not written by the project's macro");
    }
}
