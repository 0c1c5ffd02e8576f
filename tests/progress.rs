//! How a build reports on itself: `--timings`, and the progress bar that only
//! a person at a terminal sees, once a build has run for a second (never in
//! CI logs, never in a pipe). Terminals are real pseudo-terminals, made by
//! util-linux `script`.

mod common;

use common::{minimal_valid, STELE};
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

/// Long enough that the test build (unoptimised) takes several seconds on
/// the 2-core machine CI runs on (about 5 s there).
const LONG_BUILD_REPORTS: usize = 2000;

/// The bar's own text (`rendering [bar] done/total pages`).
const BAR: &str = "rendering ";

/// A generated corpus in a temp folder, and where to build it.
struct LongBuild {
    dir: TempDir,
}

impl LongBuild {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = stele_bench::cli::GenOptions {
            articles: LONG_BUILD_REPORTS,
            dir: dir.path().join("corpus"),
            hugo_dir: None,
            seed: stele_bench::cli::DEFAULT_SEED,
            shape: Default::default(),
        };
        if let Err(error) = stele_bench::corpus::generate(&options) {
            panic!("stele-bench gen failed: {error}");
        }
        LongBuild { dir }
    }
    fn root(&self) -> std::path::PathBuf {
        self.dir.path().join("corpus")
    }
    fn out(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

/// Single quotes for `sh -c`.
fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// Runs `stele build` on a pseudo-terminal and returns everything the terminal received.
fn build_on_terminal(root: &Path, out: &Path, in_ci: bool) -> String {
    let command = format!("{} build --root {} --out {}", quoted(Path::new(STELE)), quoted(root), quoted(out));
    let mut script = Command::new("script");
    script.args(["--quiet", "--flush", "--return", "--command", &command, "/dev/null"]).env_remove("CI");
    if in_ci {
        script.env("CI", "true");
    }
    let output = script.output().expect("run script(1) from util-linux");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "the build failed on the terminal:\n{text}");
    text
}

/// The seconds the summary line reports (`...; 0 hints; 5.20 s`).
fn build_seconds(output: &str) -> f64 {
    let summary = output.rsplit("stele: built").next().unwrap_or_default();
    let seconds = summary.trim_end().trim_end_matches('s').trim_end().rsplit(' ').next().unwrap_or_default();
    seconds.parse().unwrap_or_else(|_| panic!("no duration in the summary: {summary:?}"))
}

/// A test about the bar says nothing unless the build outlasted its delay.
#[track_caller]
fn assert_long(output: &str) {
    let seconds = build_seconds(output);
    assert!(seconds >= 1.5, "the build took {seconds} s, too short to show whether the bar appears; raise LONG_BUILD_REPORTS");
}

#[test]
fn timings_list_every_stage_in_order() {
    let project = minimal_valid();
    let run = project.build_ok(&["--timings"]);
    let stages: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let (stage, ms, unit) = (words.next()?, words.next()?, words.next()?);
            (unit == "ms" && ms.parse::<f64>().is_ok() && words.next().is_none()).then_some(stage)
        })
        .collect();
    assert_eq!(stages, ["load", "parse", "resolve", "render", "write"], "--timings printed:\n{}", run.stderr);
}

#[test]
fn a_long_build_on_a_terminal_shows_a_progress_bar_then_clears_it() {
    let corpus = LongBuild::new();
    let output = build_on_terminal(&corpus.root(), &corpus.out("site"), false);
    assert_long(&output);
    assert!(output.contains(BAR), "no progress bar on the terminal:\n{output}");
    let last_draw = output.rfind(BAR).unwrap_or_default();
    let after_bar = &output[last_draw..];
    assert!(after_bar.contains(" pages"), "the bar does not count pages: {after_bar:?}");
    // Cleared (carriage return, erase line) before the summary is printed.
    let summary = after_bar.find("stele: built").unwrap_or_else(|| panic!("no summary after the bar: {after_bar:?}"));
    assert!(after_bar[..summary].ends_with("\r\u{1b}[2K"), "the bar is not cleared before the summary: {after_bar:?}");
}

#[test]
fn no_progress_bar_in_ci_logs_or_pipes() {
    let corpus = LongBuild::new();
    let on_ci_terminal = build_on_terminal(&corpus.root(), &corpus.out("ci"), true);
    assert_long(&on_ci_terminal);
    assert!(!on_ci_terminal.contains(BAR), "a progress bar with CI set:\n{on_ci_terminal}");

    let piped = Command::new(STELE)
        .arg("build")
        .arg("--root")
        .arg(corpus.root())
        .arg("--out")
        .arg(corpus.out("piped"))
        .env_remove("CI")
        .output()
        .expect("run stele");
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(piped.status.success(), "{stderr}");
    assert_long(&stderr);
    assert!(!stderr.contains(BAR) && !stderr.contains('\u{1b}'), "a progress bar or escape codes in a pipe:\n{stderr}");
}

#[test]
fn a_short_build_on_a_terminal_stays_quiet() {
    let project = minimal_valid();
    let output = build_on_terminal(project.root(), &project.out(), false);
    assert!(build_seconds(&output) < 1.0, "the minimal project took a second to build:\n{output}");
    assert!(!output.contains(BAR), "a progress bar for a build under a second:\n{output}");
}
