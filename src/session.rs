//! A long-lived build for `stele serve`: the site kept in memory, rebuilt
//! on demand, with what changed since the previous good build.
//!
//! The served snapshot is replaced only by a build without errors, so a
//! broken save never takes the last good site away.

use crate::diagnostics::Diagnostic;
use crate::output::MemorySink;
use crate::pipeline::{self, BuildCache, BuildError, BuildOptions, BuildReport, SourceChanges, Target};
use std::collections::HashMap;
use std::sync::Arc;

/// One complete, good build: output path -> bytes.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: HashMap<String, Arc<[u8]>>,
}

#[derive(Debug)]
pub struct Rebuild {
    pub report: BuildReport,
    /// Output paths whose bytes differ from the previous snapshot, or are new (sorted).
    pub changed: Vec<String>,
    /// Output paths that no longer exist (sorted).
    pub removed: Vec<String>,
}

impl Rebuild {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.report.diagnostics
    }
}

pub struct Session {
    options: BuildOptions,
    snapshot: Arc<Snapshot>,
    cache: BuildCache,
}

impl Session {
    pub fn new(options: BuildOptions) -> Self {
        Session { options, snapshot: Arc::new(Snapshot::default()), cache: BuildCache::default() }
    }

    /// Drops everything kept from earlier builds: the next one starts from scratch.
    pub fn forget_cache(&mut self) {
        self.cache = BuildCache::default();
    }

    /// The last good build.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot)
    }

    /// Rebuilds the site from disk, reading every file. On success the snapshot
    /// is replaced; with content errors it stays as it was and
    /// `changed`/`removed` are empty.
    pub fn rebuild(&mut self) -> Result<Rebuild, BuildError> {
        self.rebuild_after(SourceChanges::Unknown)
    }

    /// Rebuilds the site after `changes` (what a file watcher reported):
    /// only the files named are read again.
    pub fn rebuild_after(&mut self, changes: SourceChanges) -> Result<Rebuild, BuildError> {
        self.cache.note_changes(changes);
        let sink = MemorySink::default();
        let report = pipeline::run(&self.options, Target::Memory(&sink), Some(&mut self.cache))?;
        if report.has_errors() {
            return Ok(Rebuild { report, changed: Vec::new(), removed: Vec::new() });
        }
        let old = &self.snapshot.files;
        let mut files = HashMap::with_capacity(old.len());
        // Pages whose fingerprint did not change were not rendered: their bytes stand.
        for path in &report.reused {
            if let Some(bytes) = old.get(path) {
                files.insert(path.clone(), Arc::clone(bytes));
            }
        }
        let mut changed = Vec::new();
        for (path, bytes) in sink.into_files() {
            let bytes: Arc<[u8]> = match old.get(&path) {
                // Keep the old allocation for unchanged files.
                Some(previous) if previous[..] == bytes[..] => Arc::clone(previous),
                _ => {
                    changed.push(path.clone());
                    bytes.into()
                }
            };
            files.insert(path, bytes);
        }
        let mut removed: Vec<String> = old.keys().filter(|path| !files.contains_key(*path)).cloned().collect();
        removed.sort();
        changed.sort();
        self.snapshot = Arc::new(Snapshot { files });
        Ok(Rebuild { report, changed, removed })
    }
}
