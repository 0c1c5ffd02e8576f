//! Watching the sources: `content/` (which holds `site.yaml`),
//! `templates/` and `static/`, recursively, and the project root itself (not recursively)
//! so that creating, deleting or replacing either folder is noticed.
//!
//! Events are not interpreted one by one (create, modify, rename...): each
//! only names paths, and the build then looks at what is on disk at those
//! paths now (see `load::reload`). So editors' atomic saves (write a
//! temporary file, rename it over), deletions, renames and whole new folders
//! come out right whatever events they produce. Lost events (a rescan, a
//! watcher error) make the build read everything. Events about ignored names
//! (editors' swap, backup and temporary files, `.git`, hidden files; see
//! [`stele_core::source::is_ignored_name`]), about anything outside the source folders (the
//! output folder `site/`, say), and mere reads are dropped here.

use super::{Reporter, ServeError, ServeEvent};
use notify::event::{MetadataKind, ModifyKind};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, NoCache, RecommendedCache};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;
use stele_build::pipeline::SourceChanges;
use stele_core::source::is_ignored_in;
pub use stele_core::source::SOURCE_FOLDERS;

/// How long a path must be quiet before its events are passed on.
pub const DEBOUNCE: Duration = Duration::from_millis(50);
/// How often `--poll` looks at the tree.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// "Rebuild": something relevant changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// A source folder itself appeared, vanished or was replaced, or events
    /// were lost: its watch must be set up again.
    pub rewatch: bool,
    /// The paths named by the events (relative to the root, `/`-separated),
    /// or Unknown when events were lost and the build must read everything.
    pub paths: SourceChanges,
}

impl Change {
    fn paths(paths: &[&str]) -> Self {
        Change { rewatch: false, paths: SourceChanges::Paths(paths.iter().map(|p| p.to_string()).collect()) }
    }

    /// Everything must be read again, and the watches set up again.
    pub fn everything() -> Self {
        Change { rewatch: true, paths: SourceChanges::Unknown }
    }

    /// One change standing for both.
    pub fn merge(self, other: Change) -> Change {
        let paths = match (self.paths, other.paths) {
            (SourceChanges::Paths(mut a), SourceChanges::Paths(b)) => {
                a.extend(b);
                SourceChanges::Paths(a)
            }
            _ => SourceChanges::Unknown,
        };
        Change { rewatch: self.rewatch || other.rewatch, paths }
    }
}

/// Decides which events matter, by path.
#[derive(Debug, Clone)]
pub struct EventFilter {
    roots: Vec<PathBuf>,
}

impl EventFilter {
    pub fn new(root: &Path) -> Self {
        let mut roots = vec![root.to_path_buf()];
        if let Ok(canonical) = root.canonicalize() {
            if canonical != root {
                roots.push(canonical);
            }
        }
        EventFilter { roots }
    }

    /// The path's components below the root, or None when it is not under it.
    fn relative<'p>(&self, path: &'p Path) -> Option<Vec<&'p str>> {
        let rest = self.roots.iter().find_map(|root| path.strip_prefix(root).ok())?;
        rest.components()
            .map(|c| match c {
                // A non-UTF-8 name is still a file the build reports on.
                Component::Normal(name) => Some(name.to_str().unwrap_or("\u{fffd}")),
                _ => None,
            })
            .collect()
    }

    /// None: ignore the event; Some: rebuild.
    pub fn classify(&self, event: &Event) -> Option<Change> {
        if event.need_rescan() {
            return Some(Change::everything());
        }
        match event.kind {
            // The build's own reads (inotify reports opens) must not loop.
            EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => return None,
            _ => {}
        }
        let folder_event = matches!(event.kind, EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)));
        let mut change = None;
        for path in &event.paths {
            let Some(parts) = self.relative(path) else { continue };
            let Some(first) = parts.first() else { continue };
            if !SOURCE_FOLDERS.contains(first) || parts.iter().any(|part| is_ignored_in(first, part)) {
                continue;
            }
            let rewatch = parts.len() == 1 && folder_event;
            let this = Change { rewatch, ..Change::paths(&[&parts.join("/")]) };
            change = Some(match change {
                Some(before) => this.merge(before),
                None => this,
            });
        }
        change
    }
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Inner {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Inner::Native(debouncer) => debouncer.watch(path, mode),
            Inner::Poll(debouncer) => debouncer.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Inner::Native(debouncer) => debouncer.unwatch(path),
            Inner::Poll(debouncer) => debouncer.unwatch(path),
        }
    }
}

/// Sends a [`Change`] for every batch of relevant events until dropped.
pub struct SourceWatcher {
    inner: Inner,
    root: PathBuf,
    /// Source folders with a recursive watch.
    watching: Vec<PathBuf>,
    reporter: Arc<dyn Reporter>,
}

impl SourceWatcher {
    /// Watches `root`; lost events are reported to `reporter` (they also
    /// mean a rebuild from everything).
    pub fn start(root: &Path, poll: bool, changes: Sender<Change>, reporter: Arc<dyn Reporter>) -> Result<Self, ServeError> {
        let filter = EventFilter::new(root);
        let handler_reporter = Arc::clone(&reporter);
        let handler = move |result: DebounceEventResult| {
            let change = match result {
                Ok(events) => events.iter().filter_map(|event| filter.classify(event)).reduce(Change::merge),
                Err(errors) => {
                    for error in errors {
                        handler_reporter.event(&ServeEvent::WatchFailed { error });
                    }
                    Some(Change::everything())
                }
            };
            if let Some(change) = change {
                let _ = changes.send(change);
            }
        };
        let failed = |source| ServeError::Watch { path: root.to_path_buf(), source };
        let inner = if poll {
            // The poller compares whole-second mtimes: without hashing the
            // contents, a second save within the same second would be missed.
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
            Inner::Poll(new_debouncer_opt::<_, PollWatcher, NoCache>(DEBOUNCE, None, handler, NoCache, config).map_err(failed)?)
        } else {
            Inner::Native(new_debouncer(DEBOUNCE, None, handler).map_err(failed)?)
        };
        let mut watcher = SourceWatcher { inner, root: root.to_path_buf(), watching: Vec::new(), reporter };
        watcher.inner.watch(root, RecursiveMode::NonRecursive).map_err(failed)?;
        for folder in SOURCE_FOLDERS {
            let dir = root.join(folder);
            if dir.is_dir() {
                watcher.inner.watch(&dir, RecursiveMode::Recursive).map_err(|source| ServeError::Watch { path: dir.clone(), source })?;
                watcher.watching.push(dir);
            }
        }
        Ok(watcher)
    }

    /// Sets up the source folders' watches again: new folders get one,
    /// vanished ones lose theirs, replaced ones get a fresh one.
    pub fn refresh(&mut self, force: bool) {
        for folder in SOURCE_FOLDERS {
            let dir = self.root.join(folder);
            let watched = self.watching.contains(&dir);
            let exists = dir.is_dir();
            if watched && (force || !exists) {
                // Fails when the folder is gone; the watch is gone with it.
                let _ = self.inner.unwatch(&dir);
                self.watching.retain(|d| *d != dir);
            }
            if exists && (force || !watched) {
                match self.inner.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watching.push(dir),
                    Err(error) => self.reporter.event(&ServeEvent::CannotWatch { path: dir, error }),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        let mut event = Event::new(kind);
        for path in paths {
            event = event.add_path(PathBuf::from(path));
        }
        event
    }

    fn classify(kind: EventKind, paths: &[&str]) -> Option<Change> {
        EventFilter::new(Path::new("/p")).classify(&event(kind, paths))
    }

    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Content));

    #[test]
    fn edits_to_sources_count() {
        assert_eq!(classify(WRITE, &["/p/content/articles/a.md"]), Some(Change::paths(&["content/articles/a.md"])));
        assert_eq!(classify(WRITE, &["/p/content/site.yaml"]), Some(Change::paths(&["content/site.yaml"])));
        assert_eq!(classify(WRITE, &["/p/templates/static/style.css"]), Some(Change::paths(&["templates/static/style.css"])));
        assert_eq!(classify(EventKind::Create(CreateKind::Folder), &["/p/content/articles/2016"]), Some(Change::paths(&["content/articles/2016"])));
        assert_eq!(classify(WRITE, &["/p/static/robots.txt"]), Some(Change::paths(&["static/robots.txt"])));
        assert_eq!(classify(WRITE, &["/p/static/.well-known/security.txt"]), Some(Change::paths(&["static/.well-known/security.txt"])));
        assert_eq!(classify(WRITE, &["/p/static/.robots.txt.swp"]), None);
    }

    #[test]
    fn atomic_saves_count_by_their_target() {
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(classify(rename, &["/p/content/articles/.a.md.tmp", "/p/content/articles/a.md"]), Some(Change::paths(&["content/articles/a.md"])));
        // A rename names both ends: the old path is gone, the new one appeared.
        assert_eq!(
            classify(rename, &["/p/content/articles/a.md", "/p/content/articles/b.md"]),
            Some(Change::paths(&["content/articles/a.md", "content/articles/b.md"]))
        );
    }

    #[test]
    fn ignored_names_reads_and_other_folders_do_not() {
        for path in [
            "/p/content/articles/.a.md.swp",
            "/p/content/articles/a.md~",
            "/p/content/articles/#a.md#",
            "/p/content/articles/4913",
            "/p/content/articles/a.md___jb_tmp___",
            "/p/content/.git/index",
            "/p/content/.hidden/a.md",
            "/p/templates/base.html.kate-swp",
            "/p/site/index.html",
            "/p/.site.stele-staging/index.html",
            "/p/Cargo.toml",
            "/elsewhere/content/a.md",
        ] {
            assert_eq!(classify(WRITE, &[path]), None, "{path}");
        }
        assert_eq!(classify(EventKind::Access(AccessKind::Read), &["/p/content/articles/a.md"]), None);
        assert_eq!(classify(WRITE, &["/p/content/a.md.tmp", "/p/content/.b.swp"]), None);
    }

    #[test]
    fn a_hidden_root_is_fine() {
        let filter = EventFilter::new(Path::new("/tmp/.tmpAbC"));
        assert!(filter.classify(&event(WRITE, &["/tmp/.tmpAbC/content/articles/a.md"])).is_some());
    }

    #[test]
    fn source_folders_appearing_need_a_new_watch() {
        assert_eq!(classify(EventKind::Create(CreateKind::Folder), &["/p/content"]), Some(Change { rewatch: true, ..Change::paths(&["content"]) }));
        assert_eq!(
            classify(EventKind::Remove(notify::event::RemoveKind::Folder), &["/p/templates"]),
            Some(Change { rewatch: true, ..Change::paths(&["templates"]) })
        );
        assert_eq!(classify(WRITE, &["/p/content"]), Some(Change::paths(&["content"])));
    }

    #[test]
    fn lost_events_mean_reading_everything() {
        let rescan = Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert_eq!(EventFilter::new(Path::new("/p")).classify(&rescan), Some(Change::everything()));
        assert_eq!(Change::paths(&["content/a.md"]).merge(Change::everything()).paths, SourceChanges::Unknown);
    }
}
