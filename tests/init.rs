//! A new user's first steps, end to end: `stele init` makes a project that
//! builds and checks clean, `stele new` writes documents with valid ids, the
//! root `static/` folder is published as it is, and `moved_from` leaves a
//! redirect page at each old address.

mod common;

use common::{run_stele, run_stele_in, run_timeout, tree, tree_differences, Project};
use std::path::Path;

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary folders have UTF-8 paths")
}

/// `stele init` into the (empty) project folder.
fn init(project: &Project, extra: &[&str]) -> common::Run {
    let mut args = vec!["init", path_str(project.root())];
    args.extend_from_slice(extra);
    run_stele(&args)
}

#[test]
fn a_new_project_builds_and_checks_strictly_clean() {
    let project = Project::new();
    let run = init(&project, &[]);
    run.assert_success();
    for file in ["content/site.yaml", "content/articles/first-report.md", "content/sites/old-market.md", "content/actors/heritage-survey-team.md"] {
        assert!(run.stdout.contains(file), "init does not say it wrote {file}:\n{}", run.stdout);
        assert!(project.exists(file), "{file} missing");
    }
    assert!(run.stdout.contains("stele serve") && run.stdout.contains("stele build"), "no next steps:\n{}", run.stdout);
    assert!(project.read(".gitignore").lines().any(|line| line == "/site/"), "the output is not ignored");

    let built = project.build(&["--strict"]);
    built.assert_success();
    assert!(built.summary().contains("0 errors, 0 warnings, 0 hints"), "{}", built.stderr);
    project.check(&["--strict"]).assert_success().assert_stderr_lacks("warning:");
    // What the starter shows: an event with a date, mentions, a source.
    let report = project.page("articles/first-report/index.html");
    assert!(report.contains("../../events/old-market-roof-collapse/index.html"), "no event link");
    assert!(report.contains("../../sites/old-market/index.html"), "no link to the site");
    assert!(report.contains("https://example.org/reports/first-report"), "no source");
    assert!(project.exists("site/sites/old-market/index.html") && project.exists("site/actors/heritage-survey-team/index.html"));
}

#[test]
fn a_site_yaml_without_base_url_still_warns() {
    let project = Project::new();
    init(&project, &[]).assert_success();
    project.edit("content/site.yaml", "\nbase_url:\n", "\n");
    project.check(&["--strict"]).assert_content_errors().assert_stderr_contains("no base_url");
}

#[test]
fn init_refuses_an_existing_project_and_writes_nothing() {
    for existing in ["content/site.yaml", "content/articles/a.md", "site.yaml"] {
        let project = Project::new();
        project.file(existing, "title: Mine\n");
        let before = tree(project.root());
        let run = init(&project, &[]);
        assert_eq!(run.code, Some(2), "{existing}: {}", run.stderr);
        run.assert_stderr_contains("already holds a stele project").assert_stderr_contains("nothing written");
        assert_eq!(tree(project.root()), before, "{existing}: init wrote something");
    }
}

#[test]
fn init_templates_copies_every_builtin_template_and_the_site_is_the_same() {
    let project = Project::new();
    init(&project, &[]).assert_success();
    project.build_ok(&[]);
    let with_builtin = tree(&project.out());

    // Also usable in an existing project: only templates/ is added, and a template already there is kept.
    let mine = "{% extends \"base.html\" %}{% block content %}Mine{% endblock content %}";
    project.file("templates/home.html", mine);
    let run = init(&project, &["--templates"]);
    run.assert_success();
    assert!(
        run.stdout.contains("kept 1 template file ") && run.stdout.contains("templates/home.html"),
        "the kept template is not listed:\n{}",
        run.stdout
    );
    assert_eq!(project.read("templates/home.html"), mine);
    assert!(!run.stdout.contains("content/"), "init --templates wrote content:\n{}", run.stdout);
    for (name, text) in stele::render::templates::BUILTIN_TEMPLATES.iter().filter(|(name, _)| *name != "home.html") {
        assert_eq!(project.read(&format!("templates/{name}")), *text, "{name}");
    }
    assert_eq!(project.read("templates/static/style.css"), stele::render::templates::BUILTIN_ASSETS[0].1);

    // With every built-in template copied out unchanged, the site is the same, byte for byte.
    project.remove("templates/home.html");
    init(&project, &["--templates"]).assert_success();
    assert_eq!(project.read("templates/home.html"), stele::render::templates::BUILTIN_TEMPLATES.iter().find(|(n, _)| *n == "home.html").unwrap().1);
    project.build_ok(&[]);
    let differences = tree_differences(&with_builtin, &tree(&project.out()));
    assert!(differences.is_empty(), "{differences:?}");
}

/// `stele new KIND NAME` in `project`.
fn new(project: &Project, kind: &str, name: &str) -> common::Run {
    run_stele_in(Some(project.root()), &[], &["new", kind, name], run_timeout())
}

#[test]
fn new_writes_documents_with_valid_ids_that_check() {
    let project = Project::new();
    init(&project, &[]).assert_success();
    let written = new(&project, "report", "Fire at the \"Old\" Market: 3 shops lost (update)");
    written.assert_success();
    assert_eq!(written.stdout.trim(), "wrote content/articles/fire-at-the-old-market-3-shops-lost-update.md");
    let report = project.read("content/articles/fire-at-the-old-market-3-shops-lost-update.md");
    assert!(report.contains("title: \"Fire at the \\\"Old\\\" Market: 3 shops lost (update)\""), "{report}");

    new(&project, "site", "متحف تدمر").assert_success().stdout.contains("content/sites/mthf-tdmr.md");
    assert!(project.exists("content/sites/mthf-tdmr.md"));
    new(&project, "actor", "Ḥayʾat al-Āthār").assert_success();
    // `ʾ` is a letter (hamza), not an apostrophe: it separates words.
    assert!(project.exists("content/actors/hay-at-al-athar.md"), "{:?}", tree(&project.path("content/actors")).keys().collect::<Vec<_>>());

    let checked = project.check(&[]);
    checked.assert_success().assert_stderr_lacks("error:");
    // The new site and actor bring no warning; the empty report only the one its author fixes by writing it.
    assert!(checked.summary().contains("1 warning"), "{}", checked.stderr);
    checked.assert_stderr_contains("article has no summary and no first paragraph");
    project.build_ok(&[]);
    assert!(project.exists("site/sites/mthf-tdmr/index.html"));
    assert!(project.page("sites/mthf-tdmr/index.html").contains("متحف تدمر"));
}

#[test]
fn new_refuses_to_overwrite() {
    let project = Project::new();
    init(&project, &[]).assert_success();
    let before = project.read("content/sites/old-market.md");
    let run = new(&project, "site", "Old Market");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    run.assert_stderr_contains("content/sites/old-market.md already exists");
    assert_eq!(project.read("content/sites/old-market.md"), before);
    let outside = run_stele(&["new", "site", "X", "--root", path_str(&project.path("nowhere"))]);
    assert_eq!(outside.code, Some(2));
    outside.assert_stderr_contains("no content folder");
}

#[test]
fn static_files_are_copied_byte_for_byte_and_removed_with_them() {
    let project = Project::new();
    init(&project, &[]).assert_success();
    let icon: &[u8] = &[0, 1, 2, 255, 254, b'\n', b'\r'];
    project.bytes("static/favicon.ico", icon);
    project.file("static/CNAME", "archive.example.org\n");
    project.file("static/.well-known/security.txt", "Contact: mailto:desk@example.org\n");
    project.file("static/.robots.txt.swp", "vim");
    project.file("static/.git/HEAD", "ref: main\n");
    project.build_ok(&["--strict"]);
    assert_eq!(std::fs::read(project.path("site/favicon.ico")).unwrap(), icon);
    assert_eq!(project.page("CNAME"), "archive.example.org\n");
    assert_eq!(project.page(".well-known/security.txt"), "Contact: mailto:desk@example.org\n");
    assert!(!project.exists("site/.robots.txt.swp") && !project.exists("site/.git"), "editor droppings or version control published");
    // The theme's stylesheet is still there.
    assert!(project.exists("site/static/style.css"));

    project.remove("static/CNAME");
    project.build_ok(&[]);
    assert!(!project.exists("site/CNAME"), "a removed static file stays in the output");
    assert!(project.exists("site/favicon.ico"));
}

#[test]
fn a_static_file_where_a_page_goes_is_an_error_naming_both() {
    let project = Project::new();
    init(&project, &[]).assert_success();
    project.build_ok(&[]);
    let before = tree(&project.out());
    project.file("static/index.html", "<p>mine</p>");
    project.file("static/sites/old-market/index.html", "<p>mine</p>");
    let run = project.build(&[]);
    run.assert_content_errors();
    run.assert_stderr_contains("error: this file would overwrite the home page (`index.html`)\n = in static/index.html");
    run.assert_stderr_contains(
        "error: this file would overwrite the page of a site (`sites/old-market/index.html`)\n = in static/sites/old-market/index.html",
    );
    assert_eq!(tree(&project.out()), before, "something was written");
}

#[test]
fn moved_from_leaves_a_redirect_page_at_each_old_address() {
    let project = Project::new();
    init(&project, &[]).assert_success();
    project.edit("content/sites/old-market.md", "kind: market\n", "kind: market\nmoved_from: [market-hall, souk]\n");
    project.edit("content/articles/first-report.md", "tags: [placeholder]\n", "tags: [placeholder]\nmoved_from: [survey-report]\n");
    project.build_ok(&["--strict"]);
    let page = project.page("sites/market-hall/index.html");
    for expected in [
        "<meta http-equiv=\"refresh\" content=\"0; url=../../sites/old-market/index.html\">",
        "<meta name=\"robots\" content=\"noindex\">",
        "<link rel=\"canonical\" href=\"../../sites/old-market/index.html\">",
        "<a href=\"../../sites/old-market/index.html\"><bdi>Old Market</bdi></a>",
    ] {
        assert!(page.contains(expected), "{expected} missing:\n{page}");
    }
    assert!(project.exists("site/sites/souk/index.html"));
    assert!(project.page("articles/survey-report/index.html").contains("url=../../articles/first-report/index.html"));

    // With base_url, the canonical link is absolute; redirects are in neither the sitemap nor the feed.
    project.edit("content/site.yaml", "\nbase_url:\n", "\nbase_url: https://archive.example.org/\n");
    project.build_ok(&["--strict"]);
    assert!(project.page("sites/market-hall/index.html").contains("<link rel=\"canonical\" href=\"https://archive.example.org/sites/old-market/\">"));
    let sitemap = project.page("sitemap.xml");
    assert!(sitemap.contains("sites/old-market/") && !sitemap.contains("market-hall") && !sitemap.contains("survey-report"), "{sitemap}");
    assert!(!project.page("atom.xml").contains("survey-report"));
}
