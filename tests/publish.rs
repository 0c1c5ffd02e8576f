//! Publishing is all or nothing, even when the build is killed: after a
//! `kill -9` at any moment, the output folder is the whole previous site or
//! the whole new one, or the next stele command (any of them) makes it one
//! of the two before anything else and says so in one line.
//!
//! Debug builds of stele wait `STELE_TEST_SLOW_PUBLISH_MS` after each step
//! of a publication, so that kills land in the middle of it.

mod common;

use common::{minimal_valid, tree, tree_differences, Project, STELE};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const STEP_MS: u64 = 15;
const STAGING: &str = ".site.stele-staging";

/// The project with the site built from its first version (v1), and the
/// files of both versions' sites. v2 renames the site (every page changes)
/// and removes an article (its pages go).
struct Versions {
    project: Project,
    v1: BTreeMap<String, Vec<u8>>,
    v2: BTreeMap<String, Vec<u8>>,
}

fn versions() -> Versions {
    let project = minimal_valid();
    project.build_ok(&[]);
    let v1 = tree(&project.out());
    project.edit("content/site.yaml", "title:", "title: Second edition of");
    project.remove("content/articles/palmyra-falls.md");
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("v2");
    common::run_stele(&["build", "--root", project.root().to_str().unwrap(), "--out", out.to_str().unwrap()]).assert_success();
    let v2 = tree(&out);
    assert!(tree_differences(&v1, &v2).len() > 15, "v2 must change many files");
    Versions { project, v1, v2 }
}

/// Puts the output folder back to v1 exactly.
fn reset_to(out: &Path, files: &BTreeMap<String, Vec<u8>>) {
    if out.exists() {
        std::fs::remove_dir_all(out).unwrap();
    }
    for (path, bytes) in files {
        let target = out.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

/// Starts `stele build` with slow publishing, waits until `ready` holds (or
/// the build ends), then kills it with SIGKILL. Whether it was still running.
fn kill_build_when(project: &Project, ready: impl Fn() -> bool, then_wait: Duration) -> bool {
    let mut child = Command::new(STELE)
        .args(["build", "--root", project.root().to_str().unwrap()])
        .env("STELE_TEST_SLOW_PUBLISH_MS", STEP_MS.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready() && Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    std::thread::sleep(then_wait);
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    running
}

enum State {
    Previous,
    New,
    Mixed,
}

fn state(out: &Path, versions: &Versions) -> State {
    let now = tree(out);
    if now == versions.v1 {
        State::Previous
    } else if now == versions.v2 {
        State::New
    } else {
        State::Mixed
    }
}

/// After the kill, the next command (here `check`, which never writes the
/// site) must leave the folder as v1 or v2 and clean up after the killed build.
#[track_caller]
fn assert_next_command_repairs(versions: &Versions, what: &str) -> String {
    let run = versions.project.check(&[]);
    assert!(run.code == Some(0), "{what}: check failed: {}", run.stderr);
    let out = versions.project.out();
    assert!(matches!(state(&out, versions), State::Previous | State::New), "{what}: the folder mixes two builds after `check`");
    assert!(!versions.project.path(STAGING).exists(), "{what}: the staging folder is still there");
    run.stderr
}

#[test]
fn a_build_killed_while_publishing_is_finished_by_the_next_command() {
    let versions = versions();
    let (project, out) = (&versions.project, versions.project.out());
    let journal = project.path(&format!("{STAGING}/journal.json"));
    let mut mixed_seen = 0;
    // Kill at every step of the publication (and some between steps).
    for step in 0..30 {
        reset_to(&out, &versions.v1);
        let wait = Duration::from_millis(step * STEP_MS / 2);
        if !kill_build_when(project, || journal.exists(), wait) {
            break;
        }
        let what = format!("killed {} ms into publishing", wait.as_millis());
        let was_mixed = matches!(state(&out, &versions), State::Mixed);
        let said = assert_next_command_repairs(&versions, &what);
        if was_mixed {
            mixed_seen += 1;
            assert!(matches!(state(&out, &versions), State::New), "{what}: a started publication must be finished");
            let line = said.lines().find(|l| l.contains("interrupted")).unwrap_or_else(|| panic!("{what}: check said nothing:\n{said}"));
            assert!(line.contains("was interrupted while publishing; finished it"), "{what}: {line}");
        }
    }
    assert!(mixed_seen >= 5, "only {mixed_seen} kills landed in the middle of publishing: the test tests nothing");
}

#[test]
fn a_build_killed_before_publishing_leaves_the_previous_site() {
    let versions = versions();
    let (project, out) = (&versions.project, versions.project.out());
    let staging = project.path(STAGING);
    let mut discarded = 0;
    for wait_ms in [0, 0, 0, 1, 2, 5] {
        reset_to(&out, &versions.v1);
        if !kill_build_when(project, || staging.exists(), Duration::from_millis(wait_ms)) {
            continue;
        }
        let staged_then = staging.exists() && !staging.join("journal.json").exists();
        if staged_then {
            assert!(matches!(state(&out, &versions), State::Previous), "killed before publishing, yet the folder changed");
        }
        let said = assert_next_command_repairs(&versions, "killed while rendering");
        if staged_then {
            discarded += 1;
            assert!(said.contains("was interrupted before publishing"), "{said}");
            assert!(matches!(state(&out, &versions), State::Previous));
        }
    }
    assert!(discarded > 0, "no kill landed before publishing: the test tests nothing");
}

#[test]
fn a_first_build_killed_leaves_no_site_and_no_staging_folder() {
    let project = minimal_valid();
    let staging = project.path(STAGING);
    kill_build_when(&project, || staging.exists(), Duration::ZERO);
    // Any command cleans up: here `build` itself, which then publishes.
    let run = project.build(&[]);
    run.assert_success();
    assert!(!staging.exists());
    assert!(project.exists("site/index.html"));
}

#[test]
fn a_second_build_refuses_to_take_over_a_publication_in_progress() {
    let versions = versions();
    let project = &versions.project;
    let journal = project.path(&format!("{STAGING}/journal.json"));
    let mut child = Command::new(STELE)
        .args(["build", "--root", project.root().to_str().unwrap()])
        .env("STELE_TEST_SLOW_PUBLISH_MS", "200")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !journal.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    // A second build (or any command) while the first publishes must not take its staging folder away.
    let second = project.build(&[]);
    assert_eq!(second.code, Some(2), "{}", second.stderr);
    second.assert_stderr_contains("another stele build is publishing into");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_next_command_repairs(&versions, "after the concurrent build");
}
