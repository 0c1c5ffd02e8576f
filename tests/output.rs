//! The output folder: stele builds only into a folder it may use, replaces
//! and removes only what it wrote there (its manifest says what), and never
//! writes or deletes through a link or outside the folder.

mod common;

use common::{assert_same_tree, minimal_valid, run_stele_in, run_timeout, tree, Project, Run};
use std::fs;
use std::path::Path;

const MANIFEST: &str = ".stele-manifest";
const FALLS_ARTICLE: &str = "content/articles/palmyra-falls.md";

fn build_in(cwd: &Path, envs: &[(&str, &str)], root: &Path, out: &str, more: &[&str]) -> Run {
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--out", out];
    args.extend_from_slice(more);
    run_stele_in(Some(cwd), envs, &args, run_timeout())
}

#[track_caller]
fn assert_refused(run: &Run, folder: &str, reason: &str) {
    assert_eq!(run.code, Some(2), "--out {folder} was not refused with exit 2:\n{}", run.stderr);
    run.assert_stderr_contains(&format!("refusing to build into {folder}: {reason}")).assert_stderr_lacks("panicked");
}

/// A project at `<temp>/work/x`, so that `..` of the project is still a temporary folder.
struct Nested {
    _dir: tempfile::TempDir,
    work: std::path::PathBuf,
    project: std::path::PathBuf,
}

fn nested_project() -> Nested {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    let project = work.join("x");
    common::copy_dir(&common::fixture_dir("minimal-valid"), &project);
    fs::write(work.join("sibling.txt"), "someone's file").unwrap();
    Nested { _dir: dir, work, project }
}

#[test]
fn every_way_around_the_output_check_is_refused() {
    let nested = nested_project();
    let (project, work) = (&nested.project, &nested.work);
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(project, elsewhere.path().join("link-to-project")).unwrap();
    std::os::unix::fs::symlink(project.join("content"), elsewhere.path().join("link-to-content")).unwrap();
    let link_to_project = elsewhere.path().join("link-to-project");
    let link_to_content = elsewhere.path().join("link-to-content/images");
    let before_project = tree(project);
    let before_work = tree(work);
    let cases: [(&str, &str); 9] = [
        ("../x", "it is the project folder itself"),
        ("site/..", "it is the project folder itself"),
        (".", "it is the project folder itself"),
        ("..", "it holds the project"),
        ("site/../content", "it is inside the project's sources (content/)"),
        ("content/images", "it is inside the project's sources (content/)"),
        ("not-there/../templates/static", "it is inside the project's sources (templates/)"),
        (link_to_project.to_str().unwrap(), "it is the project folder itself"),
        (link_to_content.to_str().unwrap(), "it is inside the project's sources (content/)"),
    ];
    for (out, reason) in cases {
        // Run from inside the project, as a user typing `--out` would.
        let run = build_in(project, &[], project, out, &[]);
        assert_refused(&run, out, reason);
        // --force vouches for a folder's files, never for these folders.
        assert_refused(&build_in(project, &[], project, out, &["--force"]), out, reason);
    }
    assert_refused(&build_in(project, &[], project, "/tmp/..", &[]), "/tmp/..", "it is the root of the file system");
    assert_same_tree(&before_project, &tree(project), "the project after refused builds");
    assert_same_tree(&before_work, &tree(work), "the project's parent after refused builds");
}

#[test]
fn the_home_folder_and_what_holds_it_are_refused() {
    let nested = nested_project();
    let homes = tempfile::tempdir().unwrap();
    let home = homes.path().join("someone");
    fs::create_dir(&home).unwrap();
    fs::write(home.join("thesis.txt"), "years of work").unwrap();
    let env = [("HOME", home.to_str().unwrap())];
    let run = build_in(&nested.project, &env, &nested.project, home.to_str().unwrap(), &["--force"]);
    assert_refused(&run, home.to_str().unwrap(), "it is your home folder");
    let run = build_in(&nested.project, &env, &nested.project, homes.path().to_str().unwrap(), &["--force"]);
    assert_refused(&run, homes.path().to_str().unwrap(), "it holds your home folder");
    assert_eq!(fs::read_to_string(home.join("thesis.txt")).unwrap(), "years of work");
    assert_eq!(fs::read_dir(&home).unwrap().count(), 1);
}

#[test]
fn a_folder_of_someone_elses_files_is_refused_unless_forced() {
    let project = minimal_valid();
    let documents = tempfile::tempdir().unwrap();
    fs::write(documents.path().join("notes.txt"), "mine").unwrap();
    fs::create_dir(documents.path().join("letters")).unwrap();
    fs::write(documents.path().join("letters/a.txt"), "mine too").unwrap();
    let before = tree(documents.path());
    let out = documents.path().to_str().unwrap();

    let run = build_in(project.root(), &[], project.root(), out, &[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    run.assert_stderr_contains(&format!("{out} already holds files that stele did not make: `letters`, `notes.txt`"))
        .assert_stderr_contains("--force");
    assert_same_tree(&before, &tree(documents.path()), "someone's folder after a refused build");

    // Forced: stele adds its files and removes nothing of theirs.
    build_in(project.root(), &[], project.root(), out, &["--force"]).assert_success();
    assert_eq!(fs::read_to_string(documents.path().join("notes.txt")).unwrap(), "mine");
    assert_eq!(fs::read_to_string(documents.path().join("letters/a.txt")).unwrap(), "mine too");
    assert!(documents.path().join("index.html").exists() && documents.path().join(MANIFEST).exists());

    // From now on stele has its record: no --force needed, and its own stale pages go.
    project.remove(FALLS_ARTICLE);
    let run = build_in(project.root(), &[], project.root(), out, &[]);
    run.assert_success();
    assert!(!documents.path().join("articles/palmyra-falls").exists(), "the removed article's page stayed");
    assert_eq!(fs::read_to_string(documents.path().join("notes.txt")).unwrap(), "mine");
    assert_eq!(fs::read_to_string(documents.path().join("letters/a.txt")).unwrap(), "mine too");
}

#[test]
fn an_empty_folder_or_one_with_only_hidden_files_is_used_as_it_is() {
    let project = minimal_valid();
    fs::create_dir_all(project.path("site/.git")).unwrap();
    fs::write(project.path("site/.git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    fs::write(project.path("site/.nojekyll"), "").unwrap();
    project.build_ok(&[]);
    assert_eq!(project.read("site/.git/HEAD"), "ref: refs/heads/gh-pages\n");
    assert!(project.exists("site/index.html"));
    let empty = tempfile::tempdir().unwrap();
    build_in(project.root(), &[], project.root(), empty.path().to_str().unwrap(), &[]).assert_success();
}

#[test]
fn only_files_stele_recorded_are_removed() {
    let project = minimal_valid();
    project.build_ok(&[]);
    let manifest = project.read(&format!("site/{MANIFEST}"));
    assert!(manifest.contains("\"articles/palmyra-falls/index.html\""), "{manifest}");
    assert!(!manifest.contains(MANIFEST), "the manifest lists itself");
    project.file("site/notes.txt", "the editor's").file("site/articles/palmyra-falls/draft-notes.txt", "also the editor's");
    project.remove(FALLS_ARTICLE);
    let run = project.build_ok(&[]);
    assert!(!project.exists("site/articles/palmyra-falls/index.html"));
    assert_eq!(project.read("site/notes.txt"), "the editor's");
    // Its folder is not empty, so it stays, with what the editor put there.
    assert_eq!(project.read("site/articles/palmyra-falls/draft-notes.txt"), "also the editor's");
    assert!(!project.read(&format!("site/{MANIFEST}")).contains("palmyra-falls/index.html"));
    assert!(run.summary().contains(" removed)") && !run.summary().contains(" 0 removed)"), "{}", run.summary());
}

#[test]
fn a_manifest_that_names_files_outside_the_folder_is_refused() {
    let project = minimal_valid();
    project.build_ok(&[]);
    project.file("victim.txt", "keep me");
    for entry in ["../victim.txt", "/etc/hostname", "articles/../../victim.txt"] {
        let text = format!("{{\"written_by\": \"stele\", \"version\": 1, \"files\": [\"{entry}\", \"index.html\"]}}\n");
        project.file(&format!("site/{MANIFEST}"), &text);
        let run = project.build(&[]);
        assert_eq!(run.code, Some(2), "{entry}: {}", run.stderr);
        run.assert_stderr_contains("is damaged").assert_stderr_contains(entry);
        assert_eq!(project.read("victim.txt"), "keep me");
    }
}

#[test]
fn links_inside_the_output_folder_are_never_written_or_deleted_through() {
    let project = minimal_valid();
    project.build_ok(&[]);
    let elsewhere = tempfile::tempdir().unwrap();
    // Someone's folder holding a file where a page of the site would be.
    fs::create_dir_all(elsewhere.path().join("palmyra-falls")).unwrap();
    fs::write(elsewhere.path().join("palmyra-falls/index.html"), "theirs").unwrap();
    let before = tree(elsewhere.path());
    fs::remove_dir_all(project.path("site/articles")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), project.path("site/articles")).unwrap();

    // Writing: every article page changes, and `articles/` is a link.
    project.edit("content/site.yaml", "title:", "title: Renamed");
    let run = project.build(&[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    run.assert_stderr_contains("never writes or deletes through links");
    // Deleting: the article whose page sits behind the link is gone.
    project.edit("content/site.yaml", "title: Renamed", "title:");
    project.remove(FALLS_ARTICLE);
    let run = project.build(&[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    run.assert_stderr_contains("never writes or deletes through links");
    assert_same_tree(&before, &tree(elsewhere.path()), "the folder behind the link");
    // Refused while planning, before anything moved: nothing is left half done.
    assert!(!project.exists(".site.stele-staging"), "a refused publication left its staging folder");
    project.check(&[]).assert_success().assert_stderr_lacks("interrupted");
}

#[test]
fn a_file_stele_did_not_make_where_a_page_goes_is_kept() {
    let project = minimal_valid();
    project.build_ok(&[]);
    project.file("site/articles/new-report/index.html", "the editor's own page");
    project.file("content/articles/new-report.md", "---\ntitle: A new report\ndate: 2016-01-01\nsummary: New.\n---\nText.\n");
    let run = project.build(&[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    run.assert_stderr_contains("articles/new-report/index.html is in the way");
    assert_eq!(project.read("site/articles/new-report/index.html"), "the editor's own page");
    // The user vouches for the folder: stele may replace its own paths.
    project.build_ok(&["--force"]);
    assert!(project.read("site/articles/new-report/index.html").contains("A new report"));
}

#[test]
fn unchanged_files_keep_their_bytes_and_modification_times() {
    let project = minimal_valid();
    project.build_ok(&[]);
    let long_ago = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let files: Vec<String> = tree(&project.out()).into_keys().collect();
    for file in &files {
        fs::File::options().write(true).open(project.out().join(file)).unwrap().set_modified(long_ago).unwrap();
    }
    let before = tree(&project.out());
    project.edit("content/articles/temple-of-bel-destroyed.md", "\n---\n", "\n---\nA new first line.\n\n");
    project.build_ok(&[]);
    let after = tree(&project.out());
    let changed: Vec<&String> = files.iter().filter(|f| before.get(*f) != after.get(*f)).collect();
    assert!(changed.iter().any(|f| f.starts_with("articles/temple-of-bel-destroyed/")), "{changed:?}");
    for file in files.iter().filter(|f| !changed.contains(f)) {
        let modified = fs::metadata(project.out().join(file)).unwrap().modified().unwrap();
        assert_eq!(modified, long_ago, "{file} was rewritten although unchanged");
    }
}

#[test]
fn a_refused_folder_is_named_as_the_user_wrote_it() {
    let project = Project::new();
    project.file("content/site.yaml", "title: t\n");
    let run = build_in(project.root(), &[], project.root(), "content/../content", &[]);
    assert_refused(&run, "content/../content", "it is inside the project's sources (content/)");
}

#[test]
fn a_link_behind_a_page_that_goes_is_found_before_anything_moves() {
    let project = minimal_valid();
    project.build_ok(&[]);
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("index.html"), "theirs").unwrap();
    // Only the page being removed sits behind the link; nothing written goes through it.
    fs::remove_dir_all(project.path("site/events/temple-of-bel-destroyed")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), project.path("site/events/temple-of-bel-destroyed")).unwrap();
    project.edit("content/articles/temple-of-bel-destroyed.md", "id: temple-of-bel-destroyed", "id: temple-of-bel-razed");
    let pages = ["index.html", "timeline/index.html", MANIFEST];
    let before: Vec<String> = pages.iter().map(|p| project.page(p)).collect();
    let run = project.build(&[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    run.assert_stderr_contains("never writes or deletes through links");
    assert_eq!(fs::read_to_string(elsewhere.path().join("index.html")).unwrap(), "theirs");
    let after: Vec<String> = pages.iter().map(|p| project.page(p)).collect();
    assert!(before == after, "the output folder changed although the publication was refused");
    assert!(!project.exists(".site.stele-staging"));
}
