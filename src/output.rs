//! Stage 5: putting rendered files somewhere.
//!
//! [`StagedOutput`] is the publishing writer. Changed files go to a staging
//! folder beside the output folder while the build runs; only when every
//! page has rendered does `commit` move them into place (one rename each)
//! and delete files no longer produced. A failed build therefore leaves the
//! previous output untouched, unchanged files are never rewritten (sync
//! tools and archives see real changes only), and memory stays flat: pages
//! go to disk as they are rendered instead of waiting in memory.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use walkdir::WalkDir;

/// What an output file holds.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    Bytes(&'a [u8]),
    /// A file copied verbatim.
    File(&'a Path),
}

/// Somewhere to put output files; called from many threads at once.
pub trait OutputSink: Sync {
    fn put(&self, path: &str, content: Content) -> io::Result<()>;
}

/// Discards everything (`stele check` renders but never writes).
pub struct NullSink;

impl OutputSink for NullSink {
    fn put(&self, _path: &str, _content: Content) -> io::Result<()> {
        Ok(())
    }
}

/// Keeps every output in memory (`stele serve` never touches the publish folder).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl MemorySink {
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

impl OutputSink for MemorySink {
    fn put(&self, path: &str, content: Content) -> io::Result<()> {
        let bytes = match content {
            Content::Bytes(bytes) => bytes.to_vec(),
            Content::File(source) => fs::read(source)?,
        };
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_string(), bytes));
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

pub struct StagedOutput {
    out: PathBuf,
    /// The output folder did not exist: everything is new, and the staging
    /// folder simply becomes the output folder.
    fresh: bool,
    staging: PathBuf,
    staged: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
    committed: bool,
}

/// Output paths come from ids that were validated, but a path that could
/// leave the output folder must never be written, whatever produced it.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty() && !path.starts_with('/') && !path.contains('\\') && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

fn same_bytes(existing: &Path, content: Content) -> bool {
    match content {
        Content::Bytes(bytes) => {
            fs::metadata(existing).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) && fs::read(existing).is_ok_and(|old| old == bytes)
        }
        Content::File(source) => match (fs::metadata(existing), fs::metadata(source)) {
            (Ok(a), Ok(b)) if a.is_file() && a.len() == b.len() => {
                matches!((fs::read(existing), fs::read(source)), (Ok(x), Ok(y)) if x == y)
            }
            _ => false,
        },
    }
}

impl StagedOutput {
    /// Prepares to replace the contents of `out`. The staging folder sits
    /// beside it so that moving a file into place is a rename on one file system.
    pub fn begin(out: &Path) -> io::Result<Self> {
        let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("site");
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let staging = parent.join(format!(".{name}.stele-staging"));
        if staging.exists() {
            // Left over from a build that was killed.
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        let fresh = !out.exists();
        Ok(StagedOutput { out: out.to_path_buf(), fresh, staging, staged: Mutex::new(Vec::new()), unchanged: AtomicUsize::new(0), committed: false })
    }

    /// Moves staged files into the output folder and removes files that
    /// `produced` no longer contains. Hidden files (`.git`, `.nojekyll`) are kept.
    pub fn commit(mut self, produced: &HashSet<&str>) -> io::Result<WriteStats> {
        let mut staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        if self.fresh && !self.out.exists() {
            fs::rename(&self.staging, &self.out)?;
            self.committed = true;
            return Ok(WriteStats { written: staged.len(), unchanged: 0, removed: 0 });
        }
        fs::create_dir_all(&self.out)?;
        staged.sort();
        for path in &staged {
            let target = self.out.join(path);
            if let Some(parent) = target.parent() {
                make_dir_replacing_file(parent, &self.out)?;
            }
            if target.is_dir() {
                fs::remove_dir_all(&target)?;
            }
            fs::rename(self.staging.join(path), &target)?;
        }
        let removed = remove_stale(&self.out, produced)?;
        fs::remove_dir_all(&self.staging)?;
        self.committed = true;
        Ok(WriteStats { written: staged.len(), unchanged: self.unchanged.load(Ordering::Relaxed), removed })
    }
}

impl Drop for StagedOutput {
    fn drop(&mut self) {
        if !self.committed {
            // An aborted build leaves no trace; the output folder was never touched.
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

impl OutputSink for StagedOutput {
    fn put(&self, path: &str, content: Content) -> io::Result<()> {
        if !is_safe_relative(path) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("refusing to write outside the output folder: {path}")));
        }
        if !self.fresh && same_bytes(&self.out.join(path), content) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let staged = self.staging.join(path);
        if let Some(parent) = staged.parent() {
            fs::create_dir_all(parent)?;
        }
        match content {
            Content::Bytes(bytes) => fs::write(&staged, bytes)?,
            Content::File(source) => {
                fs::copy(source, &staged)?;
            }
        }
        self.staged.lock().unwrap_or_else(|e| e.into_inner()).push(path.to_string());
        Ok(())
    }
}

/// `create_dir_all`, except that a file standing where a folder must go
/// (an old output that is now a folder) is removed first.
fn make_dir_replacing_file(dir: &Path, out: &Path) -> io::Result<()> {
    let mut current = out.to_path_buf();
    for part in dir.strip_prefix(out).unwrap_or(Path::new("")).components() {
        current.push(part);
        if current.is_file() {
            fs::remove_file(&current)?;
        }
    }
    fs::create_dir_all(dir)
}

fn is_hidden(path: &str) -> bool {
    path.split('/').any(|part| part.starts_with('.'))
}

fn remove_stale(out: &Path, produced: &HashSet<&str>) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let Ok(rel) = entry.path().strip_prefix(out) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if is_hidden(&rel) {
            continue;
        }
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if !produced.contains(rel.as_str()) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    // Deepest first, so emptied parents go too.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        if fs::read_dir(&dir)?.next().is_none() {
            fs::remove_dir(&dir)?;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for path in ["../x", "a/../../x", "/etc/passwd", "", "a//b", "./a", "a\\b"] {
            assert!(!is_safe_relative(path), "{path}");
        }
        assert!(is_safe_relative("sites/palmyra/index.html"));
    }
}
