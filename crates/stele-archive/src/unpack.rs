//! The sources of an archive, written back into a folder (for `stele
//! changes`, which compares two versions of a collection).

use crate::info::{ArchiveInfo, INFO_PATH};
use crate::ArchiveError;
use std::fs::{self, OpenOptions};
use std::io::{BufReader, Read, Write};
use std::path::Path;
use zip::ZipArchive;

/// Writes the archive's `source/` tree into `into` (created if need be) and
/// returns its `archive.json`. Entries that are links, absolute, or would
/// leave `into` are refused, and no file already there is written through.
pub fn unpack_sources(archive: &Path, into: &Path) -> Result<ArchiveInfo, ArchiveError> {
    let not_archive = |why: String| ArchiveError::NotAnArchive { path: archive.to_path_buf(), why };
    let file = fs::File::open(archive).map_err(ArchiveError::io("open", archive))?;
    let mut zip = ZipArchive::new(BufReader::new(file)).map_err(|err| not_archive(format!("it does not read as a zip file ({err})")))?;
    let info = {
        let mut entry = zip.by_name(INFO_PATH).map_err(|_| not_archive(format!("it holds no {INFO_PATH}")))?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|err| not_archive(format!("{INFO_PATH} cannot be read ({err})")))?;
        ArchiveInfo::parse(&bytes).map_err(not_archive)?
    };
    fs::create_dir_all(into).map_err(ArchiveError::io("create", into))?;
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).map_err(|err| not_archive(err.to_string()))?;
        let name = entry.name().map_err(|err| not_archive(err.to_string()))?.into_owned();
        let Some(relative) = name.strip_prefix("source/") else { continue };
        if name.ends_with('/') {
            continue;
        }
        if entry.is_symlink() || !is_safe_relative(relative) {
            return Err(ArchiveError::UnsafeEntry { path: archive.to_path_buf(), entry: name });
        }
        let target = into.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(ArchiveError::io("create", parent))?;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|err| not_archive(format!("{name} cannot be read ({err})")))?;
        // `create_new` never follows a link or replaces a file already there.
        let mut out = OpenOptions::new().write(true).create_new(true).open(&target).map_err(ArchiveError::io("create", &target))?;
        out.write_all(&bytes).map_err(ArchiveError::io("write", &target))?;
    }
    Ok(info)
}

/// A relative `/`-separated path that stays inside the folder it is joined to.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', '\0', ':'])
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::is_safe_relative;

    #[test]
    fn paths_that_leave_are_refused() {
        for path in ["../x", "content/../../x", "/etc/passwd", "", "a//b", "./a", "a\\b", "C:/x"] {
            assert!(!is_safe_relative(path), "{path}");
        }
        assert!(is_safe_relative("content/site.yaml"));
    }
}
