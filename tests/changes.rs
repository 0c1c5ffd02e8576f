//! `stele changes OLD NEW` and `build --changes-since`: a hand-made project
//! and a copy of it with a known set of edits; exactly those edits are
//! reported, in text and in JSON, and nothing for a copy that differs only
//! in file order; the changes page links to pages that exist.

mod common;

use common::{run_stele, tree, Project};
use serde_json::json;
use std::path::{Component, Path, PathBuf};

/// Two reports of 2015, one event reported by both (each adding an actor),
/// a site and three actors (one named by nothing).
fn original() -> Project {
    let p = Project::new();
    p.file("content/site.yaml", "title: Changes test\nbase_url: https://example.org/\n")
        .file("content/sites/palmyra.md", "---\nname: Palmyra\n---\nAn oasis city.\n")
        .file("content/actors/islamic-state.md", "---\nname: Islamic State\n---\nAn armed group.\n")
        .file("content/actors/syrian-arab-army.md", "---\nname: Syrian Arab Army\n---\nThe army.\n")
        .file("content/actors/unesco.md", "---\nname: UNESCO\n---\nAn agency.\n")
        .file(
            "content/articles/falls.md",
            "---\ntitle: Palmyra falls\ndate: 2015-05-22\nsites: [palmyra]\nactors: [islamic-state, syrian-arab-army]\nevents:\n  - id: palmyra-falls\n    date: 2015-05-21\n    title: Palmyra falls\n    sites: [palmyra]\n    actors:\n      - { id: islamic-state, role: perpetrator }\n      - syrian-arab-army\n    status: reported\n---\nFighters took Palmyra. The Temple of Bel still stands.\n",
        )
        .file(
            "content/articles/bel.md",
            "---\ntitle: Temple of Bel destroyed\ndate: 2015-09-01\nsites: [palmyra]\nevents:\n  - id: temple-of-bel-destroyed\n    date: 2015-08\n    title: Temple of Bel destroyed\n    sites: [palmyra]\n  - id: palmyra-falls\n    date: 2015-05-21\n    title: Palmyra falls\n    actors: [syrian-arab-army, islamic-state]\n---\nThe temple was destroyed.\n",
        );
    p
}

/// A copy of `original` with six edits: an event's date made more precise,
/// another's status confirmed, a site added (whose name a report's body
/// already holds), an actor removed, a report's title changed, and a new
/// report with a new event.
fn edited() -> Project {
    let p = copy_of(&original());
    p.edit("content/articles/bel.md", "    date: 2015-08\n", "    date: 2015-08-30\n")
        .edit("content/articles/falls.md", "status: reported", "status: confirmed")
        .file("content/sites/temple-of-bel.md", "---\nname: Temple of Bel\npart_of: palmyra\n---\nA temple.\n")
        .remove("content/actors/unesco.md")
        .edit("content/articles/falls.md", "title: Palmyra falls\ndate:", "title: Palmyra falls to Islamic State\ndate:")
        .file(
            "content/articles/theatre.md",
            "---\ntitle: Executions in the theatre\ndate: 2015-07-05\nsites: [palmyra]\nevents:\n  - id: theatre-executions\n    date: 2015-07-04\n    title: Executions in the theatre\n    sites: [palmyra]\n---\nThe theatre was used for executions.\n",
        );
    p
}

fn copy_of(project: &Project) -> Project {
    let copy = Project::new();
    common::copy_dir(project.root(), copy.root());
    copy
}

fn path(p: &Project) -> &str {
    p.root().to_str().expect("temporary folders have UTF-8 paths")
}

fn changes(old: &Project, new: &Project, extra: &[&str]) -> String {
    let mut args = vec!["changes", path(old), path(new)];
    args.extend_from_slice(extra);
    let run = run_stele(&args);
    run.assert_success();
    run.stdout
}

const NO_CHANGES: &str = "events: 0 added, 0 changed, 0 removed
reports: 0 added, 0 changed, 0 removed
sites: 0 added, 0 changed, 0 removed
actors: 0 added, 0 changed, 0 removed
no changes
";

#[test]
fn the_known_edits_and_nothing_else_are_listed_as_text() {
    let expected = "events: 1 added, 2 changed, 0 removed
  added: theatre-executions (Executions in the theatre)
  changed: palmyra-falls (Palmyra falls)
    status changed: reported -> confirmed
  changed: temple-of-bel-destroyed (Temple of Bel destroyed)
    date made more precise: 2015-08 -> 2015-08-30
reports: 1 added, 1 changed, 0 removed
  added: theatre (Executions in the theatre)
  changed: falls (Palmyra falls to Islamic State)
    title changed: Palmyra falls -> Palmyra falls to Islamic State
sites: 1 added, 0 changed, 0 removed
  added: temple-of-bel (Temple of Bel)
actors: 0 added, 0 changed, 1 removed
  removed: unesco (UNESCO)
";
    assert_eq!(changes(&original(), &edited(), &[]), expected);
}

#[test]
fn the_known_edits_and_nothing_else_are_listed_as_json() {
    let stdout = changes(&original(), &edited(), &["--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("stele changes --format json prints JSON");
    let expected = json!({
        "events": {
            "added": [{ "id": "theatre-executions", "label": "Executions in the theatre" }],
            "changed": [
                { "id": "palmyra-falls", "label": "Palmyra falls", "fields": [
                    { "field": "status", "change": "changed", "old": "reported", "new": "confirmed" }
                ] },
                { "id": "temple-of-bel-destroyed", "label": "Temple of Bel destroyed", "fields": [
                    { "field": "date", "change": "made_more_precise", "old": "2015-08", "new": "2015-08-30" }
                ] }
            ],
            "removed": []
        },
        "reports": {
            "added": [{ "id": "theatre", "label": "Executions in the theatre" }],
            "changed": [
                { "id": "falls", "label": "Palmyra falls to Islamic State", "fields": [
                    { "field": "title", "change": "changed", "old": "Palmyra falls", "new": "Palmyra falls to Islamic State" }
                ] }
            ],
            "removed": []
        },
        "sites": { "added": [{ "id": "temple-of-bel", "label": "Temple of Bel" }], "changed": [], "removed": [] },
        "actors": { "added": [], "changed": [], "removed": [{ "id": "unesco", "label": "UNESCO" }] }
    });
    assert_eq!(value, expected);
}

#[test]
fn the_same_project_twice_has_no_changes() {
    let project = original();
    assert_eq!(changes(&project, &project, &[]), NO_CHANGES);
    assert_eq!(changes(&project, &copy_of(&project), &[]), NO_CHANGES);
}

/// Files in other folders (so merged events are put together in another
/// order) and lists written in another order: the same collection.
#[test]
fn a_copy_in_another_file_order_has_no_changes() {
    let old = original();
    let new = copy_of(&old);
    new.rename("content/articles/falls.md", "content/articles/z/falls.md")
        .rename("content/articles/bel.md", "content/articles/a/bel.md")
        .rename("content/sites/palmyra.md", "content/sites/syria/palmyra.md")
        .edit("content/articles/z/falls.md", "actors: [islamic-state, syrian-arab-army]", "actors: [syrian-arab-army, islamic-state]")
        .edit(
            "content/articles/z/falls.md",
            "      - { id: islamic-state, role: perpetrator }\n      - syrian-arab-army\n",
            "      - syrian-arab-army\n      - { id: islamic-state, role: perpetrator }\n",
        );
    assert_eq!(changes(&old, &new, &[]), NO_CHANGES);
}

#[test]
fn a_version_with_errors_is_reported_and_nothing_compared() {
    let old = original();
    let new = copy_of(&old);
    new.edit("content/articles/bel.md", "sites: [palmyra]\nevents:", "sites: [palmira]\nevents:");
    let run = run_stele(&["changes", path(&old), path(&new)]);
    run.assert_content_errors().assert_stderr_contains("unknown site `palmira`");
    assert_eq!(run.stdout, "");

    let missing = old.path("nowhere");
    let run = run_stele(&["changes", path(&old), missing.to_str().unwrap()]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    run.assert_stderr_contains("does not exist");
}

/// `href`s of a page, relative ones resolved against the page's folder in `out`.
fn link_targets(out: &Path, page: &str, html: &str) -> Vec<PathBuf> {
    let folder = Path::new(page).parent().unwrap_or(Path::new(""));
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| !href.contains(':') && !href.starts_with('#'))
        .map(|href| {
            let mut path = out.to_path_buf();
            for part in folder.join(href.split('#').next().unwrap_or_default()).components() {
                match part {
                    Component::ParentDir => assert!(path.pop() && path.starts_with(out), "{href} leaves the site"),
                    Component::Normal(name) => path.push(name),
                    _ => {}
                }
            }
            path
        })
        .collect()
}

#[test]
fn build_with_changes_since_publishes_a_changes_page_linking_to_existing_pages() {
    let (old, new) = (original(), edited());
    new.build_ok(&["--changes-since", path(&old)]);
    let page = new.page("changes/index.html");
    assert!(page.contains("<h1>Changes since 1 September 2015</h1>"), "{page}");
    for line in ["status changed: reported -&gt; confirmed", "date made more precise: 2015-08 -&gt; 2015-08-30", "UNESCO <code>unesco</code>"] {
        assert!(page.contains(line), "the changes page lacks {line:?}:\n{page}");
    }
    let targets = link_targets(&new.out(), "changes/index.html", &page);
    for expected in
        ["events/theatre-executions/index.html", "events/palmyra-falls/index.html", "articles/falls/index.html", "sites/temple-of-bel/index.html"]
    {
        assert!(targets.contains(&new.out().join(expected)), "the changes page does not link to {expected}");
    }
    for target in &targets {
        assert!(target.is_file(), "the changes page links to {}, which was not written", target.display());
    }
    assert!(!page.contains("actors/unesco/"), "a removed actor has no page to link to");
    let home = new.page("index.html");
    assert!(home.contains("href=\"changes/index.html\">Changes since 1 September 2015</a>"), "{home}");
    assert!(new.page("sitemap.xml").contains("https://example.org/changes/"));
}

#[test]
fn without_the_flag_there_is_no_changes_page_and_the_rest_is_the_same() {
    let (old, new) = (original(), edited());
    new.build_ok(&[]);
    assert!(!new.exists("site/changes"));
    assert!(!new.page("index.html").contains("changes/"));
    let without = tree(&new.out());

    new.build_ok(&["--changes-since", path(&old)]);
    let with = tree(&new.out());
    let differing: Vec<&String> = with.keys().filter(|path| without.get(*path) != with.get(*path)).collect();
    assert_eq!(differing, [".stele-manifest", "changes/index.html", "index.html", "sitemap.xml"]);
}

#[test]
fn changes_since_a_folder_without_reports_is_since_the_previous_version() {
    let old = Project::new();
    old.file("content/site.yaml", "title: Empty\n");
    let new = original();
    new.build_ok(&["--changes-since", path(&old)]);
    assert!(new.page("changes/index.html").contains("<h1>Changes since the previous version</h1>"));
}

/// The CI flow: each build kept as an archive, and two archives compared
/// (or an archive and the project as it is now). The changes page is dated
/// by the old archive's build date, not by its newest report.
#[test]
fn two_archives_compare_like_their_projects_and_date_the_changes_page() {
    let (old, new) = (original(), edited());
    let archives = tempfile::tempdir().expect("a temporary folder");
    let archive_of = |project: &Project, name: &str, epoch: &str| {
        let file = archives.path().join(name);
        let args = ["archive", "--root", path(project), "--out", file.to_str().expect("UTF-8 path")];
        let run = common::run_stele_in(None, &[("SOURCE_DATE_EPOCH", epoch)], &args, common::run_timeout());
        run.assert_success();
        file
    };
    // 2015-10-01 and 2015-10-08, midnight UTC.
    let old_archive = archive_of(&old, "old.zip", "1443657600");
    let new_archive = archive_of(&new, "new.zip", "1444262400");
    let text = |a: &Path, b: &Path| {
        let run = run_stele(&["changes", a.to_str().expect("UTF-8 path"), b.to_str().expect("UTF-8 path")]);
        run.assert_success();
        run.stdout
    };
    let between_folders = changes(&old, &new, &[]);
    assert_eq!(text(&old_archive, &new_archive), between_folders);
    assert_eq!(text(&old_archive, new.root()), between_folders);
    assert_eq!(text(&old_archive, &old_archive), NO_CHANGES);

    new.build_ok(&["--changes-since", old_archive.to_str().expect("UTF-8 path")]);
    let page = new.page("changes/index.html");
    assert!(page.contains("<h1>Changes since 1 October 2015</h1>"), "{page}");

    let not_an_archive = archives.path().join("notes.txt");
    std::fs::write(&not_an_archive, "not a zip").expect("write a file");
    let run = run_stele(&["changes", not_an_archive.to_str().expect("UTF-8 path"), path(&new)]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("is not a stele archive"), "{}", run.stderr);
}

/// The changes page is planned like every other page: a project's own
/// `robots.txt` still replaces the generated one, rather than colliding.
#[test]
fn a_projects_own_robots_txt_still_wins_with_the_changes_page() {
    let (old, new) = (original(), edited());
    new.file("static/robots.txt", "User-agent: *\n");
    new.build_ok(&["--changes-since", path(&old)]);
    assert_eq!(new.page("robots.txt"), "User-agent: *\n");
    assert!(new.exists("site/changes/index.html"));
}
