//! Stage 5: putting rendered files somewhere.
//!
//! Three sinks: [`NullSink`] (`check` writes nothing), [`MemorySink`]
//! (`serve` keeps the site in memory) and [`StagedOutput`] (`build`
//! publishes into a folder). Publishing is where stele can hurt a user's
//! files, so it is split by job:
//!
//! - [`folder`]: which folder the site goes into, resolved for real, and the
//!   folders it must never be (the project, its sources, a home folder...);
//! - [`manifest`]: the record of what stele wrote into a folder, so that a
//!   build replaces and removes only its own files;
//! - [`journal`]: the planned moves of a publication, written before the
//!   first one, so that a killed build is finished by the next command;
//! - [`staged`]: the publishing writer, which stages changed files beside the
//!   folder while pages render and moves them in only when all succeeded.

pub mod folder;
pub mod journal;
pub mod manifest;
pub mod staged;

pub use folder::{OutputFolder, Previous};
pub use journal::{recover, Recovery};
pub use staged::{StagedOutput, WriteStats};

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What an output file holds.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    Bytes(&'a [u8]),
    /// A file copied verbatim.
    File(&'a Path),
}

/// Why a file could not be put: its source could not be read (an asset that
/// vanished or is unreadable), or the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PutError {
    #[error("cannot read {}: {error}", source_path.display())]
    Read { source_path: PathBuf, error: io::Error },
    #[error("{0}")]
    Write(io::Error),
}

/// Somewhere to put output files; called from many threads at once.
pub trait OutputSink: Sync {
    fn put(&self, path: &str, content: Content) -> Result<(), PutError>;
}

/// Discards everything (`stele check` renders but never writes).
pub struct NullSink;

impl OutputSink for NullSink {
    fn put(&self, _path: &str, _content: Content) -> Result<(), PutError> {
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
    fn put(&self, path: &str, content: Content) -> Result<(), PutError> {
        let bytes = match content {
            Content::Bytes(bytes) => bytes.to_vec(),
            Content::File(source) => fs::read(source).map_err(|error| PutError::Read { source_path: source.to_path_buf(), error })?,
        };
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_string(), bytes));
        Ok(())
    }
}

/// Failures of publishing into a folder: refusals that protect the user's
/// files, and I/O. Each says which folder or file, and how to go on.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to build into {}: {reason}", folder.display())]
    Refused { folder: PathBuf, reason: folder::Refusal },
    #[error("{} already holds files that stele did not make: {}", folder.display(), listing(sample, *count))]
    NotStele { folder: PathBuf, sample: Vec<String>, count: usize },
    #[error("{} is in the way: {why}", path.display())]
    InTheWay { path: PathBuf, why: String },
    #[error("the record of what stele wrote, {}, is damaged: {why}", path.display())]
    DamagedManifest { path: PathBuf, why: String },
    #[error("another stele build is publishing into {} right now", folder.display())]
    Busy { folder: PathBuf },
    #[error("cannot {action} {}: {source}", path.display())]
    Io { action: &'static str, path: PathBuf, source: io::Error },
}

impl OutputError {
    pub(crate) fn io(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> OutputError {
        let path = path.to_path_buf();
        move |source| OutputError::Io { action, path, source }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            OutputError::Refused { .. } => Some("pass --out with a folder of the site's own, such as <project>/site".into()),
            OutputError::NotStele { .. } => Some(format!(
                "choose an empty folder, or pass --force to build into this one anyway: stele then replaces only the files it \
                 makes, removes nothing it did not make, and keeps a record ({}) from then on",
                manifest::FILE_NAME
            )),
            OutputError::InTheWay { .. } => Some("move it out of the way; stele never replaces what it did not make".into()),
            OutputError::DamagedManifest { .. } => Some(format!(
                "if the folder holds only what stele built, delete {} and build with --force; stele removes nothing it has no record of",
                manifest::FILE_NAME
            )),
            OutputError::Busy { .. } => Some("wait for it to finish, or stop it".into()),
            OutputError::Io { .. } => None,
        }
    }
}

/// `path` stands where stele must write: a link (never written or deleted
/// through, whatever it points at) or, when it is not one, what `otherwise` says.
pub(crate) fn in_the_way(path: &Path, otherwise: impl FnOnce() -> String) -> OutputError {
    let why = match fs::read_link(path) {
        Ok(target) => format!("it is a link to {}, and stele never writes or deletes through links", target.display()),
        Err(_) => otherwise(),
    };
    OutputError::InTheWay { path: path.to_path_buf(), why }
}

fn listing(sample: &[String], count: usize) -> String {
    let shown = sample.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
    match count.saturating_sub(sample.len()) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// Output paths come from ids that were validated, but a path that could
/// leave the output folder must never be written or deleted, whatever
/// produced it (a page, an asset, an entry of a hand-edited manifest).
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', '\0'])
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for path in ["../x", "a/../../x", "/etc/passwd", "", "a//b", "./a", "a\\b", "a/\0"] {
            assert!(!is_safe_relative(path), "{path}");
        }
        assert!(is_safe_relative("sites/palmyra/index.html"));
        assert!(is_safe_relative(".stele-manifest"));
    }
}
