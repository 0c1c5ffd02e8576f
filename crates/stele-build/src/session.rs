//! A long-lived build for `stele serve`: the site kept in memory, rebuilt
//! on demand, with what changed since the previous good build.
//!
//! The served snapshot is replaced only by a build without errors, so a
//! broken save never takes the last good site away.

use crate::pipeline::{self, BuildCache, BuildError, BuildOptions, BuildReport, SourceChanges, Target};
use std::collections::HashMap;
use std::sync::Arc;
use stele_core::diagnostics::Diagnostic;
use stele_output::MemorySink;

/// One complete, good build: output path -> bytes.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    /// Shared keys and bytes, so that the next snapshot copies only pointers.
    pub files: HashMap<Arc<str>, Arc<[u8]>>,
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
        let mut changed = Vec::new();
        let mut removed = Vec::new();
        // Whatever the build did not put in the sink is unchanged: the old bytes stand.
        let mut files = if report.same_outputs {
            old.clone()
        } else {
            let mut files = HashMap::with_capacity(report.outputs.len());
            for path in report.outputs.iter() {
                if let Some((path, bytes)) = old.get_key_value(path.as_str()) {
                    files.insert(Arc::clone(path), Arc::clone(bytes));
                }
            }
            removed = old.keys().filter(|path| !files.contains_key(&***path)).map(|p| p.to_string()).collect();
            files
        };
        for (path, bytes) in sink.into_files() {
            match old.get(path.as_str()) {
                // Keep the old allocation for unchanged files.
                Some(previous) if previous[..] == bytes[..] => {}
                _ => {
                    files.insert(Arc::from(path.as_str()), bytes.into());
                    changed.push(path);
                }
            }
        }
        removed.sort();
        changed.sort();
        self.snapshot = Arc::new(Snapshot { files });
        Ok(Rebuild { report, changed, removed })
    }
}
