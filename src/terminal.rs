//! Showing diagnostics in a terminal: the one place they become text for
//! humans (the serve overlay is the other, in HTML).

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};
use codespan_reporting::term::{self, Config};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use stele::diagnostics::{Diagnostic, Location, Severity};

/// A progress bar that appears only on a terminal, never in CI logs or a
/// pipe, and only once a build has run for a second (short builds stay quiet).
pub struct LateProgressBar {
    bar: indicatif::ProgressBar,
    started: Instant,
    interactive: bool,
    shown: AtomicBool,
}

impl LateProgressBar {
    pub fn new(started: Instant) -> Self {
        let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = indicatif::ProgressBar::hidden();
        if let Ok(style) = indicatif::ProgressStyle::with_template("rendering {bar:40} {pos}/{len} pages") {
            bar.set_style(style);
        }
        LateProgressBar { bar, started, interactive, shown: AtomicBool::new(false) }
    }

    pub fn update(&self, done: usize, total: usize) {
        if !self.interactive || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        if !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_length(total as u64);
            self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_position(done as u64);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

pub fn stderr_stream() -> StandardStream {
    let color = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() { ColorChoice::Auto } else { ColorChoice::Never };
    StandardStream::stderr(color)
}

/// Byte range to underline: from `location` to `end` when the diagnostic
/// knows its end, else to where the front-matter key or value written there
/// ends, else the token there (up to the next separator).
fn underline_range(file: &str, text: &str, location: Location, end: Option<Location>) -> Option<std::ops::Range<usize>> {
    let start = location.offset_in(text)?;
    let known_end = end.or_else(|| stele::frontmatter::end_of_value_at(file, text, location));
    if let Some(stop) = known_end.and_then(|end| end.offset_in(text)).filter(|&stop| stop > start) {
        return Some(start..stop);
    }
    let rest = &text[start..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    let token_len = rest[..line_len].find([',', ']', '}', ' ', ')', '\r']).unwrap_or(line_len).max(1);
    Some(start..(start + token_len).min(text.len()))
}

/// Prints every diagnostic: `file:line:col` header, the source line with the
/// spot underlined, and the hint.
pub fn print_diagnostics(root: &Path, diagnostics: &[Diagnostic], writer: &mut dyn WriteColor) {
    let mut files = SimpleFiles::new();
    let mut ids: HashMap<String, Option<usize>> = HashMap::new();
    let mut file_id = |name: &str, files: &mut SimpleFiles<String, String>| -> Option<usize> {
        // Lossy, so that a file that is not UTF-8 still shows where it is not.
        let read = |name: &str| std::fs::read(root.join(name)).ok().map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        *ids.entry(name.to_string()).or_insert_with(|| read(name).map(|text| files.add(name.to_string(), text)))
    };
    let config = Config::default();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
            Severity::Hint => ReportSeverity::Help,
        };
        let mut report = Report::new(severity).with_message(&d.message);
        let mut labels = Vec::new();
        let mut notes = Vec::new();
        // A file is read only to show a located line: a whole-file problem may
        // be a link out of the project (`/etc/passwd`, `/dev/zero`), never read.
        match d.location.and_then(|location| Some((location, file_id(&d.file, &mut files)?))) {
            Some((location, id)) => match files.get(id).ok().and_then(|f| underline_range(&d.file, f.source(), location, d.end)) {
                Some(range) => labels.push(Label::primary(id, range)),
                None => notes.push(format!("at {}", d.position())),
            },
            _ => notes.push(format!("in {}", d.position())),
        }
        for related in &d.related {
            match related.location.and_then(|location| Some((location, file_id(&related.file, &mut files)?))) {
                Some((location, id)) => {
                    if let Some(range) = files.get(id).ok().and_then(|f| underline_range(&related.file, f.source(), location, None)) {
                        labels.push(Label::secondary(id, range).with_message(&related.note));
                    }
                }
                _ => notes.push(format!("{}: {}", related.file, related.note)),
            }
        }
        if let Some(hint) = &d.hint {
            notes.push(format!("help: {hint}"));
        }
        report = report.with_labels(labels).with_notes(notes);
        if term::emit(writer, &config, &files, &report).is_err() {
            // The file changed under us; the one-line form still says everything.
            let _ = writeln!(writer, "{d}");
        }
    }
}
