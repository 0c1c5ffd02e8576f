//! The example CI workflows (docs/ci/github-actions.yml, docs/ci/gitlab-ci.yml)
//! work: every `stele …` line of their steps, with the variables they use
//! given test values, runs in order against a copy of the example collection
//! and succeeds. Nothing is skipped: a command this stele does not have
//! (`archive` and `verify` before they are merged) fails the test.

mod common;

use common::{copy_dir, run_stele_in, run_timeout};
use serde_yaml::Value;
use std::path::Path;

const REPOSITORY: &str = env!("CARGO_MANIFEST_DIR");

/// The values the workflows' variables get here.
const VARIABLES: &[(&str, &str)] =
    &[("STAGING_URL", "https://staging.example.net/"), ("PRODUCTION_URL", "https://example.net/monitor/"), ("ARCHIVE", "monitor-archive.zip")];

/// The shell lines of a script (`run:` text or a `script:` list), with
/// continued lines (`\` at the end) joined.
fn lines_of(script: &Value) -> Vec<String> {
    let texts: Vec<&str> = match script {
        Value::String(text) => vec![text.as_str()],
        Value::Sequence(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut lines = Vec::new();
    for text in texts {
        let joined = text.replace("\\\n", " ");
        lines.extend(joined.lines().map(|line| line.trim().to_string()).filter(|line| !line.is_empty()));
    }
    lines
}

/// Every `run:` of every step of every job, in order.
fn github_lines(workflow: &Value) -> Vec<String> {
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    jobs.values()
        .flat_map(|job| job["steps"].as_sequence().cloned().unwrap_or_default())
        .flat_map(|step| step.get("run").map(lines_of).unwrap_or_default())
        .collect()
}

/// Every script line of `default` and of every job, in the order written.
fn gitlab_lines(pipeline: &Value) -> Vec<String> {
    const NOT_JOBS: &[&str] = &["stages", "variables", "workflow", "include"];
    let mut lines = Vec::new();
    for (name, job) in pipeline.as_mapping().expect("a mapping") {
        let name = name.as_str().unwrap_or_default();
        if NOT_JOBS.contains(&name) || name.starts_with('.') {
            continue;
        }
        for key in ["before_script", "script", "after_script"] {
            lines.extend(job.get(key).map(lines_of).unwrap_or_default());
        }
    }
    lines
}

/// `$NAME` and `${NAME}` replaced by their test values; an unknown one fails.
fn substitute(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, tail) = match after.strip_prefix('{') {
            Some(braced) => {
                let end = braced.find('}').unwrap_or_else(|| panic!("unclosed ${{ in {line}"));
                (&braced[..end], &braced[end + 1..])
            }
            None => {
                let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        let value = VARIABLES.iter().find(|(known, _)| *known == name).unwrap_or_else(|| panic!("no test value for ${name} in {line}")).1;
        out.push_str(value);
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Words as a shell splits them: blanks separate, quotes group.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(quote.is_none(), "unclosed quote in {line}");
    words.extend(word);
    words
}

/// The `stele` commands of `lines`, as argument lists (without `stele`).
fn stele_commands(lines: &[String]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|line| words(line))
        .filter(|words| words.first().is_some_and(|w| w == "stele"))
        .map(|words| words[1..].iter().map(|word| substitute(word)).collect())
        .collect()
}

/// Runs `commands` in order in a copy of the example collection.
fn run_in_example(workflow: &str, commands: &[Vec<String>]) {
    let project = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&Path::new(REPOSITORY).join("content"), &project.path().join("content"));
    for command in commands {
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let run = run_stele_in(Some(project.path()), &[("CI", "true")], &args, run_timeout());
        assert_eq!(
            run.code,
            Some(0),
            "{workflow}: `stele {}` failed\n--- stdout ---\n{}\n--- stderr ---\n{}",
            args.join(" "),
            run.stdout,
            run.stderr
        );
    }
}

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(REPOSITORY).join(path)).unwrap_or_else(|err| panic!("{path}: {err}"));
    serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("{path} is not YAML: {err}"))
}

/// Which commands a workflow runs, in order: a line the extraction missed fails here.
fn subcommands(commands: &[Vec<String>]) -> Vec<&str> {
    commands.iter().map(|c| c.first().map_or("", String::as_str)).collect()
}

#[test]
fn the_github_actions_workflow_runs() {
    let commands = stele_commands(&github_lines(&read("docs/ci/github-actions.yml")));
    assert_eq!(subcommands(&commands), ["check", "build", "build", "archive", "verify"]);
    run_in_example("github-actions.yml", &commands);
}

#[test]
fn the_gitlab_ci_pipeline_runs() {
    let commands = stele_commands(&gitlab_lines(&read("docs/ci/gitlab-ci.yml")));
    assert_eq!(subcommands(&commands), ["check", "build", "build", "archive", "verify"]);
    run_in_example("gitlab-ci.yml", &commands);
}

#[test]
fn shell_words_and_variables_are_read_as_a_shell_reads_them() {
    let commands = stele_commands(&["stele build --base-url \"$STAGING_URL\" --out 'a b'".to_string(), "echo $UNKNOWN".to_string()]);
    assert_eq!(commands, [["build", "--base-url", "https://staging.example.net/", "--out", "a b"]]);
    assert_eq!(substitute("x ${ARCHIVE}y"), "x monitor-archive.zipy");
}
