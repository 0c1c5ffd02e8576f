//! Which folder a site is published into, and whether stele may touch it.
//!
//! The path is resolved for real before anything is decided: `..`, symlinks
//! and, for a folder that does not exist yet, its deepest existing ancestor.
//! A lexical check (`site/..`, `../x` run inside project `x`, a link to the
//! project) is exactly what a mistyped `--out` walks around. Then some
//! folders are never an output: a file-system root, the home folder and
//! what holds it, the project and what holds it, and anything inside its
//! sources. Finally, stele only builds into a folder it wrote before (its
//! manifest says so), an empty one, or one the user vouches for (`--force`).

use super::manifest::{self, Manifest};
use super::OutputError;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Why a folder can never be an output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    FileSystemRoot,
    HomeFolder,
    HoldsHomeFolder,
    TheProject,
    HoldsTheProject,
    InsideSources(&'static str),
    NotAFolder,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::FileSystemRoot => f.write_str("it is the root of the file system"),
            Refusal::HomeFolder => f.write_str("it is your home folder"),
            Refusal::HoldsHomeFolder => f.write_str("it holds your home folder"),
            Refusal::TheProject => f.write_str("it is the project folder itself"),
            Refusal::HoldsTheProject => f.write_str("it holds the project"),
            Refusal::InsideSources(folder) => write!(f, "it is inside the project's sources ({folder}/)"),
            Refusal::NotAFolder => f.write_str("it is a file, not a folder"),
        }
    }
}

/// What stele knows about the folder before writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Previous {
    /// The folder does not exist: everything will be new.
    Missing,
    /// It exists and holds nothing but hidden files (`.git`, `.nojekyll`).
    Empty,
    /// stele built into it before and recorded what it wrote.
    Recorded(Manifest),
    /// It holds files stele has no record of (allowed only with `--force`).
    Unrecorded,
}

impl Previous {
    /// Whether stele wrote `path` before, so that it may delete or replace it.
    pub fn owns(&self, path: &str) -> bool {
        match self {
            Previous::Recorded(manifest) => manifest.contains(path),
            Previous::Missing | Previous::Empty | Previous::Unrecorded => false,
        }
    }

    /// Files stele wrote last time (to remove those it no longer makes).
    pub fn recorded(&self) -> &[String] {
        match self {
            Previous::Recorded(manifest) => manifest.files(),
            _ => &[],
        }
    }
}

/// A folder stele may publish into.
#[derive(Debug, Clone)]
pub struct OutputFolder {
    /// As the user wrote it, for messages.
    pub given: PathBuf,
    /// Absolute, with `..` and symlinks resolved: every operation uses this.
    pub resolved: PathBuf,
    pub previous: Previous,
    /// The user vouches for the folder (`--force`): stele may replace any
    /// file at a path it writes. It still removes only what it recorded.
    pub force: bool,
}

impl OutputFolder {
    /// Whether a file already at `path`, where this build writes, may be replaced.
    pub fn may_replace(&self, path: &str) -> bool {
        self.force || self.previous.owns(path)
    }
}

impl OutputFolder {
    /// Resolves `out` and refuses folders that must never be an output
    /// (see [`vet`]), then reads what stele knows of it. A non-empty folder
    /// without stele's record is refused unless `force`.
    pub fn open(project: &Path, out: &Path, force: bool) -> Result<Self, OutputError> {
        let resolved = vet(project, out)?;
        let previous = match fs::symlink_metadata(&resolved) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => Previous::Missing,
            Err(err) => return Err(OutputError::io("read", &resolved)(err)),
            Ok(_) => match manifest::read(&resolved)? {
                Some(manifest) => Previous::Recorded(manifest),
                None => match visible_entries(&resolved)? {
                    (_, 0) => Previous::Empty,
                    _ if force => Previous::Unrecorded,
                    (sample, count) => return Err(OutputError::NotStele { folder: out.to_path_buf(), sample, count }),
                },
            },
        };
        Ok(OutputFolder { given: out.to_path_buf(), resolved, previous, force })
    }
}

/// `out` resolved, unless it is a folder stele must never build into: a
/// file-system root, the home folder or a folder that holds it, the project
/// or a folder that holds it, anything inside `content/`, `templates/` or `static/`,
/// or a file.
pub fn vet(project: &Path, out: &Path) -> Result<PathBuf, OutputError> {
    let resolved = resolve(out)?;
    let refuse = |reason| Err(OutputError::Refused { folder: out.to_path_buf(), reason });
    if resolved.parent().is_none() {
        return refuse(Refusal::FileSystemRoot);
    }
    if let Some(home) = home_folder() {
        if resolved == home {
            return refuse(Refusal::HomeFolder);
        }
        if home.starts_with(&resolved) {
            return refuse(Refusal::HoldsHomeFolder);
        }
    }
    let project = resolve(project)?;
    if resolved == project {
        return refuse(Refusal::TheProject);
    }
    if project.starts_with(&resolved) {
        return refuse(Refusal::HoldsTheProject);
    }
    for sources in stele_core::source::SOURCE_FOLDERS {
        // The sources may be links to elsewhere: what they resolve to is what counts.
        let sources_resolved = resolve(&project.join(sources))?;
        if resolved.starts_with(&sources_resolved) || resolved.starts_with(project.join(sources)) {
            return refuse(Refusal::InsideSources(sources));
        }
    }
    match fs::metadata(&resolved) {
        Ok(metadata) if !metadata.is_dir() => refuse(Refusal::NotAFolder),
        _ => Ok(resolved),
    }
}

/// The home folder, resolved, when the environment names one.
fn home_folder() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    resolve(Path::new(&home)).ok()
}

/// `path` made absolute with every symlink and `..` resolved. For a path
/// that does not exist (yet), its deepest existing ancestor is resolved and
/// the rest is applied to it: names that do not exist cannot be links.
pub fn resolve(path: &Path) -> Result<PathBuf, OutputError> {
    let absolute = std::path::absolute(path).map_err(OutputError::io("resolve", path))?;
    let mut existing = absolute.as_path();
    let mut missing: Vec<OsString> = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut resolved) => {
                for name in missing.iter().rev() {
                    match Path::new(name).components().next() {
                        Some(Component::ParentDir) => {
                            resolved.pop();
                        }
                        Some(Component::Normal(part)) => resolved.push(part),
                        _ => {}
                    }
                }
                return Ok(resolved);
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if let Ok(link) = fs::read_link(existing) {
                    // A link whose target is missing: writing through it would land wherever it points.
                    let why = format!("it is a link to {}, which does not exist", link.display());
                    return Err(OutputError::InTheWay { path: existing.to_path_buf(), why });
                }
                let (Some(parent), Some(name)) = (existing.parent(), existing.components().next_back()) else {
                    return Err(OutputError::io("resolve", path)(err));
                };
                missing.push(name.as_os_str().to_os_string());
                existing = parent;
            }
            Err(err) => return Err(OutputError::io("resolve", path)(err)),
        }
    }
}

/// Up to five names of what is in `folder` besides hidden files, and how many there are.
fn visible_entries(folder: &Path) -> Result<(Vec<String>, usize), OutputError> {
    let mut names = Vec::new();
    for entry in fs::read_dir(folder).map_err(OutputError::io("read", folder))? {
        let entry = entry.map_err(OutputError::io("read", folder))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    let count = names.len();
    names.truncate(5);
    Ok((names, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolving_applies_missing_names_to_the_deepest_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        assert_eq!(resolve(&base.join("a/b/../c")).unwrap(), base.join("a/c"));
        assert_eq!(resolve(&base.join("new/../..")).unwrap(), base.parent().unwrap());
        fs::create_dir(base.join("real")).unwrap();
        std::os::unix::fs::symlink(base.join("real"), base.join("link")).unwrap();
        assert_eq!(resolve(&base.join("link/x/y")).unwrap(), base.join("real/x/y"));
        std::os::unix::fs::symlink(base.join("nowhere"), base.join("dangling")).unwrap();
        assert!(matches!(resolve(&base.join("dangling")), Err(OutputError::InTheWay { .. })));
    }
}
