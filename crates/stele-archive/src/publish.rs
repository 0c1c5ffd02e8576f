//! Putting an archive file in place: written to a temporary file beside
//! it, flushed to disk, then renamed over, so that the path holds either
//! the old file or the whole new one. A file that is not a stele archive
//! is never replaced without `force`, and nothing is written among the
//! project's sources.

use crate::info::{ArchiveInfo, INFO_PATH};
use crate::ArchiveError;
use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Where an archive goes.
pub struct Destination<'a> {
    pub path: &'a Path,
    /// Replace a file that is not a stele archive.
    pub force: bool,
    /// The project archived: its source folders (`content/`, `templates/`, `static/`) are never written into.
    pub project_root: &'a Path,
}

/// Writes the archive with `write` (given the file to write into) and puts it at `destination`.
pub fn publish(
    destination: &Destination,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> Result<ArchiveInfo, ArchiveError>,
) -> Result<ArchiveInfo, ArchiveError> {
    let (folder, path) = vet(destination)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .tempfile_in(&folder)
        .map_err(ArchiveError::io("create a temporary file in", &folder))?;
    let info = {
        let mut out = BufWriter::new(temporary.as_file_mut());
        let info = write(&mut out)?;
        out.flush().map_err(ArchiveError::io("write", &path))?;
        info
    };
    temporary.as_file().sync_all().map_err(ArchiveError::io("write", &path))?;
    temporary.persist(&path).map_err(|err| ArchiveError::Io { action: "write", path: path.clone(), source: err.error })?;
    // The rename itself is on disk once the folder is; a failure here loses nothing.
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(info)
}

/// The folder and the path to write, resolved; or why not there.
fn vet(destination: &Destination) -> Result<(PathBuf, PathBuf), ArchiveError> {
    let given = destination.path;
    let refused = |why: &str, force_helps: bool| ArchiveError::Refused { path: given.to_path_buf(), why: why.into(), force_helps };
    let Some(name) = given.file_name() else { return Err(refused("it names no file", false)) };
    let parent = match given.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder = parent.canonicalize().map_err(ArchiveError::io("find the folder", parent))?;
    let path = folder.join(name);
    // An archive among the sources would be published, or archived, by the next build.
    for sources in stele_core::source::SOURCE_FOLDERS {
        if let Ok(sources) = destination.project_root.join(sources).canonicalize() {
            if path.starts_with(&sources) {
                let why = format!("it is inside the project's {}/, and stele never writes among its sources", sources_name(&sources));
                return Err(refused(&why, false));
            }
        }
    }
    match fs::metadata(&path) {
        Ok(metadata) if metadata.is_dir() => Err(refused("it is a folder", false)),
        Ok(_) if !destination.force && !is_stele_archive(&path) => {
            Err(refused("a file is there and it is not a stele archive, so stele will not replace it", true))
        }
        _ => Ok((folder, path)),
    }
}

fn sources_name(folder: &Path) -> String {
    folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Whether `path` is a zip whose `archive.json` says stele wrote it.
fn is_stele_archive(path: &Path) -> bool {
    let Ok(file) = File::open(path) else { return false };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else { return false };
    let Ok(mut entry) = zip.by_name(INFO_PATH) else { return false };
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).is_ok() && ArchiveInfo::parse(&bytes).is_ok()
}
