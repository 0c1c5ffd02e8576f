//! Shared harness for the end-to-end tests: throwaway projects on disk, the
//! real `stele` binary run against them, and ways to look at what it wrote.
//!
//! Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The binary under test, built once by Cargo for all integration tests.
pub const STELE: &str = env!("CARGO_BIN_EXE_stele");

/// A run that takes longer than this (on an idle machine with cores to
/// spare; see [`patient`]) is a hang, not a slow build.
const RUN_TIMEOUT: Duration = Duration::from_secs(10);

/// How many times longer than on an idle machine with cores to spare a run
/// may take here. A timeout that catches a hang must not fire because CI
/// runs the tests on two busy cores: the factor grows with fewer cores and
/// with the load average, and `STELE_TEST_TIME_SCALE` multiplies it further.
pub fn time_scale() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u32;
    let few_cores = (8 / cores.max(1)).clamp(1, 4);
    let load = fs::read_to_string("/proc/loadavg").ok().and_then(|text| text.split_whitespace().next()?.parse::<f64>().ok()).unwrap_or(0.0);
    let busy = (1.0 + load / f64::from(cores.max(1))).min(4.0) as u32;
    let asked = std::env::var("STELE_TEST_TIME_SCALE").ok().and_then(|value| value.parse().ok()).unwrap_or(1);
    few_cores * busy * asked
}

/// `base`, the time something takes at most on an idle machine with cores
/// to spare, scaled to this machine (see [`time_scale`]).
pub fn patient(base: Duration) -> Duration {
    base * time_scale()
}

/// How long a run may take before it counts as a hang, on this machine.
pub fn run_timeout() -> Duration {
    patient(RUN_TIMEOUT)
}

/// Folders of bigger fixture projects.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// None when the process was killed by a signal (or by our timeout).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
}

impl Run {
    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        assert!(self.code == Some(0), "expected exit code 0, got {:?}\n--- stderr ---\n{}", self.code, self.stderr);
        self
    }

    /// Exit code 1: the content has errors (2 is for I/O failures, 101 for panics).
    #[track_caller]
    pub fn assert_content_errors(&self) -> &Self {
        assert!(
            self.code == Some(1),
            "expected exit code 1, got {:?}{}\n--- stderr ---\n{}",
            self.code,
            if self.timed_out { " (killed after the timeout)" } else { "" },
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn assert_stderr_contains(&self, needle: &str) -> &Self {
        assert!(self.stderr.contains(needle), "stderr does not contain {needle:?}\n--- stderr ---\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn assert_stderr_lacks(&self, needle: &str) -> &Self {
        assert!(!self.stderr.contains(needle), "stderr contains {needle:?}\n--- stderr ---\n{}", self.stderr);
        self
    }

    /// The last line of stderr: `stele: built ... (N written, ...); E errors, W warnings, H hints; ...`.
    pub fn summary(&self) -> &str {
        self.stderr.lines().last().unwrap_or_default()
    }

    /// The diagnostics as printed: codespan reports are separated by blank lines.
    pub fn reports(&self) -> Vec<&str> {
        self.stderr.split("\n\n").map(str::trim).filter(|r| !r.is_empty()).collect()
    }
}

/// Runs the binary with `args`, killing it after [`run_timeout`].
pub fn run_stele(args: &[&str]) -> Run {
    run_stele_with_timeout(args, run_timeout())
}

pub fn run_stele_with_timeout(args: &[&str], timeout: Duration) -> Run {
    run_stele_in(None, &[], args, timeout)
}

/// Runs the binary in `cwd` (else the test's own folder) with extra environment variables.
pub fn run_stele_in(cwd: Option<&Path>, envs: &[(&str, &str)], args: &[&str], timeout: Duration) -> Run {
    let mut command = Command::new(STELE);
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    let mut child = command
        .args(args)
        .envs(envs.iter().copied())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start the stele binary");
    // Drain both pipes on their own threads so a chatty child never blocks on a full pipe.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let deadline = Instant::now() + timeout;
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait().expect("cannot wait for stele") {
            break (status, false);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            break (child.wait().expect("cannot reap stele"), true);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run { code: status.code(), stdout: stdout.join().expect("stdout reader"), stderr: stderr.join().expect("stderr reader"), timed_out }
}

/// A project folder that disappears with the test.
pub struct Project {
    dir: TempDir,
}

impl Default for Project {
    fn default() -> Self {
        Self::new()
    }
}

impl Project {
    /// An empty project (not even `content/`).
    pub fn new() -> Self {
        Project { dir: tempfile::tempdir().expect("cannot create a temporary folder") }
    }

    /// A copy of `tests/fixtures/<name>/`.
    pub fn from_fixture(name: &str) -> Self {
        let project = Project::new();
        copy_dir(&fixture_dir(name), project.root());
        project
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// The default output folder.
    pub fn out(&self) -> PathBuf {
        self.path("site")
    }

    /// Writes a file, creating its folders.
    pub fn file(&self, relative: &str, text: &str) -> &Self {
        self.bytes(relative, text.as_bytes())
    }

    pub fn bytes(&self, relative: &str, bytes: &[u8]) -> &Self {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("a file has a parent folder")).expect("cannot create folders");
        fs::write(&path, bytes).unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
        self
    }

    pub fn append(&self, relative: &str, text: &str) -> &Self {
        self.file(relative, &(self.read(relative) + text))
    }

    pub fn remove(&self, relative: &str) -> &Self {
        fs::remove_file(self.path(relative)).unwrap_or_else(|err| panic!("cannot remove {relative}: {err}"));
        self
    }

    pub fn rename(&self, from: &str, to: &str) -> &Self {
        let target = self.path(to);
        fs::create_dir_all(target.parent().expect("a file has a parent folder")).expect("cannot create folders");
        fs::rename(self.path(from), target).unwrap_or_else(|err| panic!("cannot rename {from}: {err}"));
        self
    }

    /// Replaces `from` by `to` in a file, which must contain `from`.
    pub fn edit(&self, relative: &str, from: &str, to: &str) -> &Self {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.file(relative, &text.replacen(from, to, 1))
    }

    /// A file of the project (or of its output: `site/...`) as text.
    #[track_caller]
    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap_or_else(|err| panic!("cannot read {relative}: {err}"))
    }

    /// A page of the default output folder.
    #[track_caller]
    pub fn page(&self, output_path: &str) -> String {
        self.read(&format!("site/{output_path}"))
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.path(relative).exists()
    }

    /// `stele build --root <this project> <args>`.
    pub fn build(&self, args: &[&str]) -> Run {
        self.stele("build", args)
    }

    /// `stele check --root <this project> <args>`.
    pub fn check(&self, args: &[&str]) -> Run {
        self.stele("check", args)
    }

    fn stele(&self, command: &str, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("temporary folders have UTF-8 paths");
        let mut all = vec![command, "--root", root];
        all.extend_from_slice(args);
        run_stele(&all)
    }

    /// Builds and requires success; returns the run for further checks.
    #[track_caller]
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let run = self.build(args);
        run.assert_success();
        run
    }
}

/// Every file below `dir`, by `/`-separated relative path, with its bytes.
/// A missing folder is an empty tree.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if dir.exists() {
        collect_tree(dir, "", &mut files);
    }
    files
}

fn collect_tree(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display())) {
        let entry = entry.expect("cannot read a folder entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        if entry.file_type().expect("cannot stat").is_dir() {
            collect_tree(&entry.path(), &format!("{relative}/"), files);
        } else {
            files.insert(relative, fs::read(entry.path()).expect("cannot read a file"));
        }
    }
}

/// Paths that are missing on one side or differ in content, sorted.
pub fn tree_differences(expected: &BTreeMap<String, Vec<u8>>, actual: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut differences: Vec<String> = expected
        .iter()
        .filter_map(|(path, bytes)| match actual.get(path) {
            None => Some(format!("{path} (missing)")),
            Some(other) if other != bytes => Some(format!("{path} (differs)")),
            Some(_) => None,
        })
        .chain(actual.keys().filter(|path| !expected.contains_key(*path)).map(|path| format!("{path} (unexpected)")))
        .collect();
    differences.sort();
    differences
}

#[track_caller]
pub fn assert_same_tree(expected: &BTreeMap<String, Vec<u8>>, actual: &BTreeMap<String, Vec<u8>>, what: &str) {
    let differences = tree_differences(expected, actual);
    assert!(differences.is_empty(), "{what}: {} paths differ, first ones:\n  {}", differences.len(), first_lines(&differences, 15));
}

pub fn first_lines(lines: &[String], limit: usize) -> String {
    let mut shown = lines.iter().take(limit).cloned().collect::<Vec<_>>().join("\n  ");
    if lines.len() > limit {
        shown.push_str(&format!("\n  ... and {} more", lines.len() - limit));
    }
    shown
}

pub fn copy_dir(from: &Path, to: &Path) {
    for (relative, bytes) in tree(from) {
        let target = to.join(&relative);
        fs::create_dir_all(target.parent().expect("a file has a parent folder")).expect("cannot create folders");
        fs::write(target, bytes).expect("cannot copy a file");
    }
}

/// The fixture most tests start from (`tests/fixtures/minimal-valid/`):
/// `site.yaml` with `base_url` and one article per list page; two sites
/// (`temple-of-bel` is `part_of` `palmyra`); three actors (`amaq` is
/// `part_of` `islamic-state`); three articles, one of them a draft in a
/// sub-folder; the event `palmyra-falls-2015` reported by both published
/// articles, each adding sites and actors; a quote; `site:`, `actor:`,
/// `event:` and `article:` links in a body; an image.
pub fn minimal_valid() -> Project {
    Project::from_fixture("minimal-valid")
}

/// The output of one build of [`minimal_valid`], made once per test process
/// and shared by the tests that only read it.
pub fn minimal_valid_site() -> &'static BTreeMap<String, Vec<u8>> {
    static SITE: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    SITE.get_or_init(|| {
        let project = minimal_valid();
        project.build_ok(&[]);
        tree(&project.out())
    })
}

/// Output paths of the minimal fixture's pages for every page kind of the
/// contract (spec section 4), drafts excluded.
pub const MINIMAL_VALID_PAGES: &[&str] = &[
    "index.html",
    "articles/index.html",
    "articles/page/2/index.html",
    "articles/palmyra-falls/index.html",
    "articles/temple-of-bel-destroyed/index.html",
    "sites/index.html",
    "sites/palmyra/index.html",
    "sites/temple-of-bel/index.html",
    "actors/index.html",
    "actors/islamic-state/index.html",
    "actors/amaq/index.html",
    "actors/syrian-arab-army/index.html",
    "events/palmyra-falls-2015/index.html",
    "events/temple-of-bel-destroyed/index.html",
    "timeline/index.html",
    "timeline/2015/index.html",
    "404.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
    "sites/palmyra/atom.xml",
    "sites/temple-of-bel/atom.xml",
    "actors/islamic-state/atom.xml",
    "actors/amaq/atom.xml",
    "actors/syrian-arab-army/atom.xml",
    "data/events.json",
    "data/events.csv",
    "data/sites.geojson",
    "data/entities.json",
    "data/timeline.json",
    "data/sites/palmyra.timeline.json",
    "data/sites/temple-of-bel.timeline.json",
    "data/actors/islamic-state.timeline.json",
    "data/actors/amaq.timeline.json",
    "data/actors/syrian-arab-army.timeline.json",
    "search/index.html",
    "search/documents-0.js",
    "search/terms-0.js",
    "static/search.js",
    "static/style.css",
    "static/timeline-filter.js",
];

/// The image of the minimal fixture, copied verbatim.
pub const MINIMAL_VALID_IMAGE: &str = "images/map.png";
