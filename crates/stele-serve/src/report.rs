//! What `serve` has to tell the person running it, as data. The library
//! never prints: start-up, the builder thread and the watcher hand a
//! [`ServeEvent`] or a build's diagnostics to the [`Reporter`] the CLI
//! passes in, and the CLI decides where each goes.

use std::fmt;
use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use stele_core::diagnostics::Diagnostic;
use stele_core::words::count;

/// Receives everything `serve` reports, from several threads at once
/// (start-up, the builder thread, the file watcher's thread).
pub trait Reporter: Send + Sync {
    /// A status line or a warning.
    fn event(&self, event: &ServeEvent);
    /// A build's diagnostics, shown again only when they differ from the
    /// last ones; `root` is the project folder their files are relative to.
    fn diagnostics(&self, root: &Path, diagnostics: &[Diagnostic]);
}

/// One thing that happened while serving. `Display` gives the words the
/// person sees, without the `stele: ` the CLI puts before warnings.
#[derive(Debug)]
pub enum ServeEvent {
    /// The site is served at `url`.
    Listening { url: String },
    /// The server listens on `ip`, which other machines can reach.
    Exposed { ip: IpAddr },
    /// The asked-for `port` is taken; `trying` is the next one.
    PortTaken { port: u16, trying: u16 },
    /// The first build succeeded.
    Built { pages: usize, ms: u128 },
    /// A build after a change succeeded.
    Rebuilt { ms: u128, changes: ChangeSummary },
    /// A build failed; its errors are in every open tab.
    BuildFailed { ms: u128, errors: usize, serving_last_good: bool },
    /// The watcher lost events; everything is read again.
    WatchFailed { error: notify::Error },
    /// A source folder could not be watched (again).
    CannotWatch { path: PathBuf, error: notify::Error },
    /// `--open` could not start a browser.
    BrowserNotOpened { url: String, error: io::Error },
}

impl ServeEvent {
    /// Something did not work as asked (as opposed to news of the server's
    /// progress); the CLI sends these to stderr.
    pub fn is_warning(&self) -> bool {
        match self {
            ServeEvent::PortTaken { .. } | ServeEvent::WatchFailed { .. } | ServeEvent::CannotWatch { .. } | ServeEvent::BrowserNotOpened { .. } => {
                true
            }
            ServeEvent::Listening { .. }
            | ServeEvent::Exposed { .. }
            | ServeEvent::Built { .. }
            | ServeEvent::Rebuilt { .. }
            | ServeEvent::BuildFailed { .. } => false,
        }
    }
}

impl fmt::Display for ServeEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeEvent::Listening { url } => write!(f, "serving at {url} (Ctrl-C to stop)"),
            ServeEvent::Exposed { ip } => write!(f, "note: listening on {ip}, so other machines on the network can see the site"),
            ServeEvent::PortTaken { port, trying } => write!(f, "port {port} is in use, trying {trying}"),
            ServeEvent::Built { pages, ms } => write!(f, "built {} in {ms} ms", count(*pages, "page")),
            ServeEvent::Rebuilt { ms, changes } => write!(f, "rebuilt in {ms} ms: {changes}"),
            ServeEvent::BuildFailed { ms, errors, serving_last_good } => {
                let what = if *serving_last_good { "still serving the last good build" } else { "nothing to serve yet" };
                write!(f, "build failed in {ms} ms: {}; {what}", count(*errors, "error"))
            }
            ServeEvent::WatchFailed { error } => write!(f, "watching for changes: {error}"),
            ServeEvent::CannotWatch { path, error } => write!(f, "cannot watch {}: {error}", path.display()),
            ServeEvent::BrowserNotOpened { url, error } => write!(f, "cannot open a browser ({error}); open {url} yourself"),
        }
    }
}

/// What a rebuild changed in the served site, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeSummary {
    pub pages: usize,
    /// Changed outputs that are not pages (stylesheets, images...).
    pub files: usize,
    pub removed: usize,
}

impl ChangeSummary {
    /// Counts a rebuild's changed and removed output paths.
    pub fn of(changed: &[String], removed: &[String]) -> Self {
        let pages = changed.iter().filter(|p| p.ends_with(".html")).count();
        ChangeSummary { pages, files: changed.len() - pages, removed: removed.len() }
    }
}

/// `5 pages changed, 1 file changed, 2 removed`, or `no changes`.
impl fmt::Display for ChangeSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.pages > 0 {
            parts.push(format!("{} changed", count(self.pages, "page")));
        }
        if self.files > 0 {
            parts.push(format!("{} changed", count(self.files, "file")));
        }
        if self.removed > 0 {
            parts.push(format!("{} removed", self.removed));
        }
        if parts.is_empty() {
            f.write_str("no changes")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_pages_files_and_removals() {
        let changed: Vec<String> = ["a/index.html", "b/index.html", "static/style.css"].map(String::from).to_vec();
        assert_eq!(ChangeSummary::of(&changed, &["c/index.html".to_string()]).to_string(), "2 pages changed, 1 file changed, 1 removed");
        assert_eq!(ChangeSummary::of(&changed[..1], &[]).to_string(), "1 page changed");
        assert_eq!(ChangeSummary::of(&[], &[]).to_string(), "no changes");
    }

    /// The words people (and tests/serve.rs, tests/browser/*.mjs) read.
    #[test]
    fn events_read_as_before() {
        let notify_error = || notify::Error::generic("too many open files");
        let cases = [
            (ServeEvent::Listening { url: "http://127.0.0.1:1111/".into() }, "serving at http://127.0.0.1:1111/ (Ctrl-C to stop)"),
            (ServeEvent::Exposed { ip: IpAddr::from([0, 0, 0, 0]) }, "note: listening on 0.0.0.0, so other machines on the network can see the site"),
            (ServeEvent::PortTaken { port: 1111, trying: 1112 }, "port 1111 is in use, trying 1112"),
            (ServeEvent::Built { pages: 1, ms: 7 }, "built 1 page in 7 ms"),
            (ServeEvent::Built { pages: 12, ms: 40 }, "built 12 pages in 40 ms"),
            (ServeEvent::Rebuilt { ms: 3, changes: ChangeSummary { pages: 2, files: 0, removed: 1 } }, "rebuilt in 3 ms: 2 pages changed, 1 removed"),
            (ServeEvent::Rebuilt { ms: 3, changes: ChangeSummary::default() }, "rebuilt in 3 ms: no changes"),
            (
                ServeEvent::BuildFailed { ms: 5, errors: 1, serving_last_good: true },
                "build failed in 5 ms: 1 error; still serving the last good build",
            ),
            (ServeEvent::BuildFailed { ms: 5, errors: 3, serving_last_good: false }, "build failed in 5 ms: 3 errors; nothing to serve yet"),
            (ServeEvent::WatchFailed { error: notify_error() }, "watching for changes: too many open files"),
            (ServeEvent::CannotWatch { path: PathBuf::from("/p/content"), error: notify_error() }, "cannot watch /p/content: too many open files"),
            (
                ServeEvent::BrowserNotOpened { url: "http://127.0.0.1:1111/".into(), error: io::Error::other("no xdg-open") },
                "cannot open a browser (no xdg-open); open http://127.0.0.1:1111/ yourself",
            ),
        ];
        for (event, words) in cases {
            assert_eq!(event.to_string(), words);
        }
    }

    #[test]
    fn only_problems_are_warnings() {
        assert!(ServeEvent::PortTaken { port: 1, trying: 2 }.is_warning());
        assert!(ServeEvent::WatchFailed { error: notify::Error::generic("x") }.is_warning());
        assert!(!ServeEvent::Listening { url: String::new() }.is_warning());
        assert!(!ServeEvent::BuildFailed { ms: 0, errors: 1, serving_last_good: false }.is_warning());
    }
}
