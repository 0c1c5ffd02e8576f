//! The CI contract (docs/ci.md): diagnostics as JSON Lines and as GitHub
//! annotations, `--base-url`, flags before or after the command, the short
//! flags, exit codes, and the list of diagnostic codes.
//! (`serve`'s own address as its `base_url` is tested in tests/serve.rs,
//! which has the harness for a running server.)

mod common;

use common::{minimal_valid, run_stele, run_stele_in, run_timeout, Project, Run};
use serde_json::Value;

const REPORT: &str = "content/articles/new-report.md";

/// The minimal fixture with one more article, whose front matter is `front`
/// and body `body`.
fn with_report(front: &str, body: &str) -> Project {
    let project = minimal_valid();
    project.file(REPORT, &format!("---\ntitle: A new report\ndate: 2015-06-01\n{front}---\n{body}"));
    project
}

/// Every line of stdout as JSON: nothing else may be there.
#[track_caller]
fn json_lines(run: &Run) -> Vec<Value> {
    run.stdout.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("not a JSON line ({err}): {line:?}"))).collect()
}

#[track_caller]
fn find<'v>(lines: &'v [Value], code: &str) -> &'v Value {
    lines.iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no `{code}` among {lines:#?}"))
}

#[test]
fn json_lines_carry_code_position_end_hint_and_related_places() {
    let project = with_report("sites: [palmyra]\n", "See [the city](site:palmyr).\n");
    project.file("content/sites/syria/palmyra.md", "---\nname: Palmyra again\n---\n");
    let run = project.check(&["--format", "json"]);
    run.assert_content_errors();
    let lines = json_lines(&run);

    let link = find(&lines, "unknown-reference");
    assert_eq!(link["severity"], "error");
    assert_eq!(link["file"], REPORT);
    assert_eq!((link["line"].as_u64(), link["column"].as_u64()), (Some(6), Some(16)), "{link}");
    assert_eq!((link["end_line"].as_u64(), link["end_column"].as_u64()), (Some(6), Some(27)), "{link}");
    assert_eq!(link["message"], "link to unknown site `palmyr`");
    assert_eq!(link["hint"], "did you mean `palmyra`?");
    assert_eq!(link["related"], serde_json::json!([]));

    let duplicate = find(&lines, "duplicate-id");
    let related = duplicate["related"].as_array().expect("related is a list");
    assert_eq!(related.len(), 1, "{duplicate}");
    assert_eq!(duplicate["file"], "content/sites/syria/palmyra.md");
    let other = &related[0];
    assert_eq!(other["file"], "content/sites/palmyra.md");
    assert_eq!(other["note"], "first defined here");
    assert!(other.get("line").is_some() && other.get("column").is_some(), "{other}");

    // Every key is there, null when unknown; the summary went to stderr.
    for d in &lines {
        for key in ["severity", "code", "file", "line", "column", "end_line", "end_column", "message", "hint", "related"] {
            assert!(d.get(key).is_some(), "`{key}` missing from {d}");
        }
    }
    assert!(run.summary().starts_with("stele: checked"), "{}", run.stderr);
}

#[test]
fn json_lines_are_empty_for_a_clean_check() {
    let run = minimal_valid().check(&["--format", "json"]);
    run.assert_success();
    assert_eq!(run.stdout, "");
}

#[test]
fn github_annotations_carry_file_and_line_and_escape_the_message() {
    let project = with_report("sites: [\"palmyr%\"]\n", "Body text.\n");
    // From the project folder, as a workflow step runs: paths are relative to it.
    let run = run_stele_in(Some(project.root()), &[], &["check", "--root", ".", "--format", "github"], run_timeout());
    run.assert_content_errors();
    let annotation = run.stdout.lines().find(|line| line.contains("unknown-reference")).unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        annotation.starts_with(&format!("::error file={REPORT},line=4,col=9,endLine=4,endColumn=18,title=stele error%3A unknown-reference::")),
        "{annotation}"
    );
    // `%` escaped as `%25`, the hint on a second line as `%0A`: one command per line.
    assert!(annotation.ends_with("::unknown site `palmyr%25`%0Ahelp: did you mean `palmyra`?"), "{annotation}");
    assert!(run.stdout.lines().all(|line| line.starts_with("::")), "{}", run.stdout);

    // Given from elsewhere, files are named from the current folder.
    let parent = project.root().parent().expect("a temporary folder has a parent");
    let name = project.root().file_name().and_then(|n| n.to_str()).expect("a UTF-8 name");
    let run = run_stele_in(Some(parent), &[], &["check", "--root", name, "--format", "github"], run_timeout());
    assert!(run.stdout.contains(&format!("file={name}/{REPORT},line=4")), "{}", run.stdout);
}

#[test]
fn base_url_on_the_command_line_replaces_site_yaml_s() {
    let project = minimal_valid();
    project.build_ok(&["--base-url", "https://staging.example.net/monitor"]);
    let sitemap = project.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://staging.example.net/monitor/articles/palmyra-falls/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("https://example.org/"), "{sitemap}");
    let feed = project.page("atom.xml");
    assert!(feed.contains("href=\"https://staging.example.net/monitor/atom.xml\""), "{feed}");
    assert!(!feed.contains("https://example.org/"), "{feed}");

    // Without it, site.yaml's stands.
    project.build_ok(&[]);
    assert!(project.page("sitemap.xml").contains("<loc>https://example.org/monitor/articles/palmyra-falls/</loc>"));
}

#[test]
fn base_url_on_the_command_line_silences_the_missing_base_url_warning() {
    let project = minimal_valid();
    project.edit("content/site.yaml", "base_url: https://example.org/monitor/\n", "");
    project.build(&["--strict"]).assert_content_errors().assert_stderr_contains("no base_url");
    project.build_ok(&["--strict", "-u", "https://example.net/"]);
    assert!(project.page("sitemap.xml").contains("<loc>https://example.net/</loc>"));
}

#[test]
fn a_bad_base_url_is_refused_naming_the_flag() {
    let project = minimal_valid();
    for command in ["build", "check"] {
        let root = project.root().to_str().expect("UTF-8");
        let run = run_stele(&[command, "--root", root, "--base-url", "example.org/monitor"]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        run.assert_stderr_contains("--base-url").assert_stderr_contains("is not an absolute http(s) URL");
        run.assert_stderr_contains("https://example.org/reports/");
    }
    assert!(!project.exists("site"), "nothing is written");
}

#[test]
fn common_flags_go_before_or_after_the_command() {
    let project = minimal_valid();
    let root = project.root().to_str().expect("UTF-8");
    run_stele(&["--root", root, "build"]).assert_success();
    assert!(project.exists("site/index.html"));
    run_stele(&["build", "--root", root]).assert_success();
    let run = run_stele(&["--root", root, "--base-url", "https://example.net/", "--strict", "check", "--format", "json"]);
    run.assert_success();
    assert_eq!(run.stdout, "");
    let run = run_stele(&["-r", root, "check", "--timings"]);
    run.assert_success().assert_stderr_contains("resolve");
}

#[test]
fn short_flags_work_as_their_long_forms() {
    let project = minimal_valid();
    let root = project.root().to_str().expect("UTF-8");
    let elsewhere = project.path("elsewhere");
    let elsewhere = elsewhere.to_str().expect("UTF-8");
    // -r --root, -o --out, -u --base-url, -D --drafts
    run_stele(&["build", "-r", root, "-o", elsewhere, "-u", "https://example.net/", "-D"]).assert_success();
    assert!(project.exists("elsewhere/articles/unpublished-report/index.html"), "-D builds drafts");
    assert!(project.read("elsewhere/sitemap.xml").contains("<loc>https://example.net/</loc>"));
    // -f --force: a folder of someone else's is built into only when forced.
    project.file("theirs/keep.txt", "theirs\n");
    let theirs = project.path("theirs");
    let theirs = theirs.to_str().expect("UTF-8");
    assert_eq!(run_stele(&["build", "-r", root, "-o", theirs]).code, Some(2));
    run_stele(&["build", "-r", root, "-o", theirs, "-f"]).assert_success();
    assert!(project.exists("theirs/index.html") && project.exists("theirs/keep.txt"));
    // serve's -i --bind, -p --port, -O --open are read (an unknown flag would
    // be a usage error); the run then stops at a flag serve does not take.
    let run = run_stele(&["serve", "-r", root, "-i", "127.0.0.1", "-p", "0", "-O", "--strict"]);
    assert_eq!(run.code, Some(2));
    run.assert_stderr_contains("--strict does not apply to serve");
}

#[test]
fn help_lists_the_exit_codes() {
    let run = run_stele(&["--help"]);
    run.assert_success();
    for line in ["0    success", "1    the content has errors", "2    refused, cannot read or write, or bad arguments", "101  a bug in stele"] {
        assert!(run.stdout.contains(line), "{line:?} not in --help:\n{}", run.stdout);
    }
}

#[test]
fn exit_codes_are_0_1_and_2() {
    let project = minimal_valid();
    project.check(&[]).assert_success();
    assert_eq!(run_stele(&["check", "--no-such-flag"]).code, Some(2), "a usage error");
    let missing = project.path("no-such-folder");
    assert_eq!(run_stele(&["build", "--root", missing.to_str().expect("UTF-8"), "--out", "/"]).code, Some(2), "a refused output folder");
    project.file(REPORT, "---\ntitle: x\ndate: 2015-13-01\n---\nBody.\n");
    project.check(&[]).assert_content_errors();
}

/// docs/ci.md lists every code a diagnostic can carry, and nothing else.
#[test]
fn docs_list_every_diagnostic_code() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md")).expect("docs/ci.md");
    let (_, table) = docs.split_once("\n## Diagnostic codes").expect("a section `## Diagnostic codes`");
    let table = table.split("\n## ").next().unwrap_or_default();
    let listed: Vec<&str> = table
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |"))
        .map(|(code, _)| code)
        .filter(|code| code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        .collect();
    let codes: Vec<&str> = stele::diagnostics::Code::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(listed, codes, "the table of codes in docs/ci.md (in this order)");
}
