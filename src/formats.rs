//! Diagnostics for machines: `--format json` (JSON Lines) and `--format
//! github` (GitHub workflow commands), both on stdout so that nothing else
//! is mixed in; `human` is `terminal.rs`. The contract is docs/ci.md.

use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use stele::diagnostics::{Diagnostic, Severity};

/// How diagnostics are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: the source line with the spot underlined, on stderr
    Human,
    /// One JSON object per diagnostic and line, on stdout
    Json,
    /// GitHub Actions annotations (workflow commands), on stdout
    Github,
}

/// One diagnostic as a line of `--format json`. Unknown positions are null.
#[derive(Serialize)]
struct JsonDiagnostic<'d> {
    severity: Severity,
    code: Option<&'static str>,
    file: &'d str,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    message: &'d str,
    hint: Option<&'d str>,
    related: Vec<JsonRelated<'d>>,
}

#[derive(Serialize)]
struct JsonRelated<'d> {
    file: &'d str,
    line: Option<u32>,
    column: Option<u32>,
    note: &'d str,
}

impl<'d> From<&'d Diagnostic> for JsonDiagnostic<'d> {
    fn from(d: &'d Diagnostic) -> Self {
        JsonDiagnostic {
            severity: d.severity,
            code: d.code.map(|code| code.as_str()),
            file: &d.file,
            line: d.location.map(|l| l.line),
            column: d.location.map(|l| l.column),
            end_line: d.end.map(|l| l.line),
            end_column: d.end.map(|l| l.column),
            message: &d.message,
            hint: d.hint.as_deref(),
            related: d
                .related
                .iter()
                .map(|r| JsonRelated { file: &r.file, line: r.location.map(|l| l.line), column: r.location.map(|l| l.column), note: &r.note })
                .collect(),
        }
    }
}

/// The diagnostics, each with where its problem ends when it did not say
/// and a front-matter key or value starts at its place: what the terminal
/// underlines. Only located files are read, as the terminal reads them.
fn with_ends(root: &Path, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let (Some(location), None) = (d.location, d.end) {
                let text = texts.entry(d.file.clone()).or_insert_with(|| std::fs::read_to_string(root.join(&d.file)).ok());
                d.end = text.as_deref().and_then(|text| stele::frontmatter::end_of_value_at(&d.file, text, location));
            }
            d
        })
        .collect()
}

/// Writes every diagnostic as one line of JSON.
pub fn write_json(root: &Path, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in &with_ends(root, diagnostics) {
        serde_json::to_writer(&mut *out, &JsonDiagnostic::from(d))?;
        writeln!(out)?;
    }
    out.flush()
}

/// Writes every diagnostic as a GitHub workflow command
/// (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).
/// GitHub places annotations by paths relative to the repository, so the
/// files (relative to the project `root`) are given relative to the
/// current folder, where a workflow's steps run.
pub fn write_github(root: &Path, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let base = path_from_current_folder(root);
    for d in &with_ends(root, diagnostics) {
        writeln!(out, "{}", github_command(&base, d))?;
    }
    out.flush()
}

/// `root` as seen from the current folder: relative when it lies inside it.
fn path_from_current_folder(root: &Path) -> PathBuf {
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let current = std::env::current_dir().ok().and_then(|dir| std::path::absolute(dir).ok());
    match current.as_deref().and_then(|current| absolute.strip_prefix(current).ok()) {
        Some(inside) => inside.to_path_buf(),
        None => root.to_path_buf(),
    }
}

/// `file` (relative to the project root) joined to `base`, with `/`.
fn joined(base: &Path, file: &str) -> String {
    let base = base.to_string_lossy().replace('\\', "/");
    let base = base.trim_end_matches('/');
    if base.is_empty() || base == "." {
        file.to_string()
    } else {
        format!("{base}/{file}")
    }
}

/// One workflow command. Hints become notices: GitHub has no fourth level.
fn github_command(base: &Path, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "notice",
    };
    let mut properties = vec![("file", joined(base, &d.file))];
    if let Some(location) = d.location {
        properties.push(("line", location.line.to_string()));
        properties.push(("col", location.column.to_string()));
    }
    if let Some(end) = d.end.filter(|_| d.location.is_some()) {
        properties.push(("endLine", end.line.to_string()));
        properties.push(("endColumn", end.column.to_string()));
    }
    let title = match d.code {
        Some(code) => format!("stele {level}: {code}"),
        None => format!("stele {level}"),
    };
    properties.push(("title", title));
    let properties: Vec<String> = properties.iter().map(|(name, value)| format!("{name}={}", escape_property(value))).collect();
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(&format!("\nhelp: {hint}"));
    }
    for related in &d.related {
        let place = match related.location {
            Some(l) => format!("{}:{}:{}", joined(base, &related.file), l.line, l.column),
            None => joined(base, &related.file),
        };
        message.push_str(&format!("\n{place}: {}", related.note));
    }
    format!("::{level} {}::{}", properties.join(","), escape_data(&message))
}

/// A command's message, escaped as GitHub's runner unescapes it.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`, which end one.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use stele::diagnostics::{Code, Location};

    #[test]
    fn github_commands_escape_messages_and_properties() {
        let d = Diagnostic::error("content/a,b.md", "100% wrong:\nsee below")
            .at(Some(Location::new(3, 9)))
            .until(Some(Location::new(3, 15)))
            .with_code(Code::UnknownReference)
            .with_hint("did you mean `x`?");
        assert_eq!(
            github_command(Path::new("."), &d),
            "::error file=content/a%2Cb.md,line=3,col=9,endLine=3,endColumn=15,title=stele error%3A unknown-reference::100%25 wrong:%0Asee below%0Ahelp: did you mean `x`?"
        );
    }

    #[test]
    fn files_are_given_from_the_current_folder() {
        assert_eq!(joined(Path::new(""), "content/a.md"), "content/a.md");
        assert_eq!(joined(Path::new("site-src/"), "content/a.md"), "site-src/content/a.md");
    }
}
