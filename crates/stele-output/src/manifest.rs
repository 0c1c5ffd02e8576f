//! The record of what stele wrote into an output folder: `.stele-manifest`,
//! a small JSON file at the folder's top (hidden, like `.git`).
//!
//! ```json
//! {
//!   "written_by": "stele",
//!   "version": 1,
//!   "files": ["404.html", "index.html", "static/style.css"]
//! }
//! ```
//!
//! A build replaces or removes only files listed here (and writes the new
//! list as the last step of publishing); everything else in the folder is
//! the user's. The list is sorted, so the same site gives the same bytes and
//! an unchanged list is not rewritten.

use super::{is_safe_relative, OutputError};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;

pub const FILE_NAME: &str = ".stele-manifest";
const WRITTEN_BY: &str = "stele";
const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifest {
    /// Sorted, each once, every one a safe relative path.
    files: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OnDisk<T> {
    written_by: String,
    version: u32,
    files: T,
}

impl Manifest {
    pub fn files(&self) -> &[String] {
        &self.files
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.binary_search_by(|file| file.as_str().cmp(path)).is_ok()
    }
}

/// The manifest's bytes for `files` (output paths, in any order).
pub fn render<'a>(files: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut files: Vec<&str> = files.into_iter().collect();
    files.sort_unstable();
    files.dedup();
    let on_disk = OnDisk { written_by: WRITTEN_BY.into(), version: VERSION, files };
    let mut bytes = serde_json::to_vec_pretty(&on_disk).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The manifest in `folder`, None when there is none. One that cannot be
/// read as stele wrote it is an error, never "no record": guessing could
/// delete the user's files.
pub fn read(folder: &Path) -> Result<Option<Manifest>, OutputError> {
    let path = folder.join(FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(OutputError::io("read", &path)(err)),
    };
    let damaged = |why: String| OutputError::DamagedManifest { path: path.clone(), why };
    let on_disk: OnDisk<Vec<String>> = serde_json::from_str(&text).map_err(|err| damaged(err.to_string()))?;
    if on_disk.written_by != WRITTEN_BY || on_disk.version != VERSION {
        return Err(damaged(format!("it says it was written by {} version {}", on_disk.written_by, on_disk.version)));
    }
    let mut files = on_disk.files;
    if let Some(outside) = files.iter().find(|file| !is_safe_relative(file) || *file == FILE_NAME) {
        return Err(damaged(format!("it lists `{outside}`, which is not a file inside the folder")));
    }
    files.sort_unstable();
    files.dedup();
    Ok(Some(Manifest { files }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_was_rendered() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), render(["b/index.html", "a.css", "b/index.html"])).unwrap();
        let manifest = read(dir.path()).unwrap().unwrap();
        assert_eq!(manifest.files(), ["a.css", "b/index.html"]);
        assert!(manifest.contains("a.css") && !manifest.contains("c"));
    }

    #[test]
    fn entries_outside_the_folder_make_it_damaged() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [r#""../x""#, r#""/etc/passwd""#, r#""a/../../b""#] {
            let text = format!(r#"{{"written_by": "stele", "version": 1, "files": [{bad}]}}"#);
            std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
            assert!(matches!(read(dir.path()), Err(OutputError::DamagedManifest { .. })), "{bad}");
        }
        std::fs::write(dir.path().join(FILE_NAME), "not json").unwrap();
        assert!(matches!(read(dir.path()), Err(OutputError::DamagedManifest { .. })));
    }
}
