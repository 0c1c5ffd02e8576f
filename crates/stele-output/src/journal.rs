//! Publishing that survives being killed.
//!
//! A build stages its changed files in a folder beside the output folder
//! (same file system, so a move is one rename). When every page has
//! rendered, the moves and removals it is about to make are written to a
//! journal, flushed to disk, and only then carried out, the new manifest
//! last. Every step can be done twice without harm. So if the process dies
//! at any point, the output folder holds the whole previous site (nothing
//! was moved yet: the staging folder is simply removed) or the journal says
//! how to finish; the next stele command does either before anything else.
//!
//! The staging folder, `.<name>.stele-staging` beside the output folder:
//!
//! ```text
//! LOCK          marks the folder as stele's; held (flock) while a build uses it
//! journal.json  present only while a publication is under way
//! files/        the staged files, at their output paths
//! ```

use super::{in_the_way, is_safe_relative, OutputError};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const LOCK: &str = "LOCK";
const JOURNAL: &str = "journal.json";
pub(crate) const FILES: &str = "files";
const LOCK_TEXT: &str = "stele's staging folder: files of a build not yet published. \
                         The next stele command removes it or finishes publishing it.\n";

/// One step of a publication, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Move the staged file into place.
    Move(String),
    /// Remove a file stele wrote before (it is no longer made, or a folder must stand there).
    Remove(String),
    /// Remove a folder if it is empty.
    RemoveFolder(String),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal<S> {
    version: u32,
    steps: S,
}

/// What the next command found of an interrupted build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// Killed before publishing began: the output folder was never touched;
    /// the staging folder was removed.
    Discarded { folder: PathBuf },
    /// Killed while publishing: the rest of the journal was carried out, so
    /// the folder now holds the whole new site.
    Finished { folder: PathBuf, steps: usize },
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recovery::Discarded { folder } => write!(
                f,
                "an earlier build into {} was interrupted before publishing; removed its staged files, the folder is as it was",
                folder.display()
            ),
            Recovery::Finished { folder, steps } => write!(
                f,
                "an earlier build into {} was interrupted while publishing; finished it ({}), the folder holds that build",
                folder.display(),
                stele_core::words::count(*steps, "step")
            ),
        }
    }
}

/// The staging folder of the output folder `out` (resolved).
pub(crate) fn staging_path(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy();
    Some(out.parent()?.join(format!(".{name}.stele-staging")))
}

/// A staging folder of stele's, locked by this process.
pub(crate) struct Staging {
    pub(crate) path: PathBuf,
    /// Held open: the lock lasts as long as this handle.
    _lock: File,
}

impl Staging {
    /// Creates the staging folder of `out`, locked. It is made under a
    /// temporary name and renamed into place, so that another process never
    /// sees it without its lock.
    pub(crate) fn create(out: &Path) -> Result<Staging, OutputError> {
        let path =
            staging_path(out).ok_or_else(|| OutputError::Refused { folder: out.to_path_buf(), reason: super::folder::Refusal::FileSystemRoot })?;
        let parent = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(OutputError::io("create", parent))?;
        let temporary = PathBuf::from(format!("{}.{}", path.display(), std::process::id()));
        if temporary.exists() {
            // Our own process id: a leftover of an earlier process that had it.
            remove_staging(&temporary)?;
        }
        fs::create_dir(&temporary).map_err(OutputError::io("create", &temporary))?;
        let lock = create_lock(&temporary)?;
        fs::create_dir(temporary.join(FILES)).map_err(OutputError::io("create", &temporary))?;
        if let Err(err) = fs::rename(&temporary, &path) {
            let _ = fs::remove_dir_all(&temporary);
            return Err(match err.kind() {
                io::ErrorKind::AlreadyExists | io::ErrorKind::DirectoryNotEmpty => OutputError::Busy { folder: out.to_path_buf() },
                _ => OutputError::io("create", &path)(err),
            });
        }
        Ok(Staging { path, _lock: lock })
    }

    pub(crate) fn files(&self) -> PathBuf {
        self.path.join(FILES)
    }

    /// Writes the journal and makes it durable: after this returns, a
    /// killed process (or a power cut) leaves a journal the next run can finish.
    pub(crate) fn write_journal(&self, steps: &[Step]) -> Result<(), OutputError> {
        let journal = Journal { version: 1, steps };
        let bytes = serde_json::to_vec(&journal).map_err(|err| OutputError::io("write", &self.path)(io::Error::other(err)))?;
        let temporary = self.path.join("journal.json.new");
        let write = || -> io::Result<()> {
            let mut file = File::create(&temporary)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            fs::rename(&temporary, self.path.join(JOURNAL))?;
            File::open(&self.path)?.sync_all()
        };
        write().map_err(OutputError::io("write the journal in", &self.path))
    }

    /// Removes the folder: the publication is complete or was never begun.
    pub(crate) fn remove(self) -> Result<(), OutputError> {
        remove_staging(&self.path)
    }
}

fn create_lock(folder: &Path) -> Result<File, OutputError> {
    let path = folder.join(LOCK);
    let mut file = File::create(&path).map_err(OutputError::io("create", &path))?;
    file.write_all(LOCK_TEXT.as_bytes()).map_err(OutputError::io("write", &path))?;
    file.try_lock().map_err(|err| OutputError::io("lock", &path)(err.into()))?;
    Ok(file)
}

/// Removes a staging folder, after checking it is stele's (it has the lock file).
fn remove_staging(path: &Path) -> Result<(), OutputError> {
    if !path.join(LOCK).is_file() {
        return Err(not_stele_staging(path.to_path_buf()));
    }
    fs::remove_dir_all(path).map_err(OutputError::io("remove", path))
}

/// Brings the output folder `out` (resolved) to a whole site after an
/// interrupted build: finishes a publication its journal describes, or
/// removes staged files that were never published. Also removes staging
/// folders left half-made. Does nothing (None) when no build was
/// interrupted; `Busy` when a build is running right now.
pub fn recover(out: &Path) -> Result<Option<Recovery>, OutputError> {
    let Some(path) = staging_path(out) else { return Ok(None) };
    remove_half_made(&path)?;
    if !path.exists() {
        return Ok(None);
    }
    let lock_path = path.join(LOCK);
    let lock = match File::options().read(true).write(true).open(&lock_path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Err(not_stele_staging(path)),
        Err(err) => return Err(OutputError::io("open", &lock_path)(err)),
    };
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Err(OutputError::Busy { folder: out.to_path_buf() }),
        Err(std::fs::TryLockError::Error(err)) => return Err(OutputError::io("lock", &lock_path)(err)),
    }
    let staging = Staging { path, _lock: lock };
    let journal_path = staging.path.join(JOURNAL);
    let outcome = match fs::read(&journal_path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Recovery::Discarded { folder: out.to_path_buf() },
        Err(err) => return Err(OutputError::io("read", &journal_path)(err)),
        Ok(bytes) => {
            let journal: Journal<Vec<Step>> = serde_json::from_slice(&bytes).map_err(|err| OutputError::InTheWay {
                path: journal_path.clone(),
                why: format!("stele's journal of an interrupted publication cannot be read ({err}); the output folder may mix two builds: build again with --force"),
            })?;
            let steps = journal.steps.len();
            carry_out(out, &staging.files(), &journal.steps)?;
            Recovery::Finished { folder: out.to_path_buf(), steps }
        }
    };
    staging.remove()?;
    Ok(Some(outcome))
}

/// Staging folders made under a temporary name by a process that died
/// before renaming them (`.<name>.stele-staging.<pid>`).
fn remove_half_made(staging: &Path) -> Result<(), OutputError> {
    let (Some(parent), Some(name)) = (staging.parent(), staging.file_name()) else { return Ok(()) };
    let prefix = format!("{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else { return Ok(()) };
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = entry_name.strip_prefix(&prefix) else { continue };
        if pid.parse::<u32>().is_err() {
            continue;
        }
        let lock = File::options().read(true).write(true).open(entry.path().join(LOCK));
        // Locked: a process is still making it.
        if lock.is_ok_and(|file| file.try_lock().is_ok()) {
            remove_staging(&entry.path())?;
        }
    }
    Ok(())
}

/// Test builds may slow publishing down to be killed in the middle of it.
fn step_delay() -> Option<std::time::Duration> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let ms = std::env::var("STELE_TEST_SLOW_PUBLISH_MS").ok()?.parse().ok()?;
    Some(std::time::Duration::from_millis(ms))
}

/// Carries out `steps` in `out` from the staged files under `files`. Each
/// step can be repeated: a move whose staged file is gone was made, a
/// removal of something missing was made. No step reaches outside `out`:
/// every path is checked, and a link inside the folder is never followed.
pub(crate) fn carry_out(out: &Path, files: &Path, steps: &[Step]) -> Result<(), OutputError> {
    let delay = step_delay();
    let mut folders = SafeFolders::new(out);
    for step in steps {
        if let Some(delay) = delay {
            std::thread::sleep(delay);
        }
        match step {
            Step::Move(path) => {
                let staged = files.join(checked(path)?);
                if fs::symlink_metadata(&staged).is_err() {
                    continue;
                }
                let target = out.join(path);
                folders.make_parents(path)?;
                fs::rename(&staged, &target).map_err(OutputError::io("move into place", &target))?;
            }
            Step::Remove(path) => {
                let target = out.join(checked(path)?);
                if !folders.parents_are_folders(path)? {
                    continue;
                }
                match fs::symlink_metadata(&target) {
                    Ok(metadata) if !metadata.is_dir() => fs::remove_file(&target).map_err(OutputError::io("remove", &target))?,
                    _ => {}
                }
            }
            Step::RemoveFolder(path) => {
                let target = out.join(checked(path)?);
                if !folders.parents_are_folders(path)? {
                    continue;
                }
                match fs::remove_dir(&target) {
                    Ok(()) => {}
                    Err(err) if matches!(err.kind(), io::ErrorKind::NotFound | io::ErrorKind::DirectoryNotEmpty | io::ErrorKind::NotADirectory) => {}
                    Err(err) => return Err(OutputError::io("remove", &target)(err)),
                }
            }
        }
    }
    Ok(())
}

/// The deletion and writing code refuses any path outside the output
/// folder, whatever produced it.
fn checked(path: &str) -> Result<&str, OutputError> {
    if is_safe_relative(path) {
        Ok(path)
    } else {
        Err(OutputError::InTheWay { path: PathBuf::from(path), why: "it is not a path inside the output folder".into() })
    }
}

/// Folders inside the output folder known to be real folders (not links),
/// so that each is looked at once per publication.
struct SafeFolders<'a> {
    out: &'a Path,
    known: HashSet<String>,
}

impl<'a> SafeFolders<'a> {
    fn new(out: &'a Path) -> Self {
        SafeFolders { out, known: HashSet::new() }
    }

    /// Creates the folders above `path` that are missing. A link or a file
    /// standing where a folder must be is an error: writing through a link
    /// would put the file wherever it points.
    fn make_parents(&mut self, path: &str) -> Result<(), OutputError> {
        self.walk_parents(path, true).map(|_| ())
    }

    /// Whether every folder above `path` exists and is a real folder; false
    /// when one is missing (then `path` is gone too). A link is an error.
    fn parents_are_folders(&mut self, path: &str) -> Result<bool, OutputError> {
        self.walk_parents(path, false)
    }

    /// Looks at each folder above `path`, outermost first, once per
    /// publication: a real folder is fine, a link or a file is an error, a
    /// missing one is made when `create` (else the answer is false).
    fn walk_parents(&mut self, path: &str, create: bool) -> Result<bool, OutputError> {
        for parent in parents(path) {
            if self.known.contains(parent) {
                continue;
            }
            let folder = self.out.join(parent);
            match fs::symlink_metadata(&folder) {
                Ok(metadata) if metadata.is_dir() => {}
                Ok(_) => return Err(not_a_folder(&folder)),
                Err(err) if err.kind() == io::ErrorKind::NotFound && create => match fs::create_dir(&folder) {
                    Ok(()) => {}
                    Err(err) if err.kind() == io::ErrorKind::AlreadyExists && folder.is_dir() => {}
                    Err(err) => return Err(OutputError::io("create", &folder)(err)),
                },
                Err(err) if create => return Err(OutputError::io("read", &folder)(err)),
                Err(_) => return Ok(false),
            }
            self.known.insert(parent.to_string());
        }
        Ok(true)
    }
}

fn not_a_folder(path: &Path) -> OutputError {
    in_the_way(path, || "it is a file where stele needs a folder".to_string())
}

/// A folder with the staging folder's name but without its lock file.
fn not_stele_staging(path: PathBuf) -> OutputError {
    OutputError::InTheWay { path, why: "it is named like stele's staging folder but was not made by stele".to_string() }
}

/// `a`, `a/b` for `a/b/c`: the folders above a relative path, outermost first.
pub(crate) fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_are_listed_outermost_first() {
        assert_eq!(parents("a/b/c.html").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(parents("c.html").count(), 0);
    }

    #[test]
    fn steps_can_be_carried_out_twice() {
        let dir = tempfile::tempdir().unwrap();
        let (out, files) = (dir.path().join("out"), dir.path().join("files"));
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/page.html"), "old").unwrap();
        fs::create_dir_all(files.join("new")).unwrap();
        fs::write(files.join("new/page.html"), "new").unwrap();
        let steps = [Step::Move("new/page.html".into()), Step::Remove("old/page.html".into()), Step::RemoveFolder("old".into())];
        carry_out(&out, &files, &steps).unwrap();
        carry_out(&out, &files, &steps).unwrap();
        assert_eq!(fs::read_to_string(out.join("new/page.html")).unwrap(), "new");
        assert!(!out.join("old").exists());
    }

    #[test]
    fn no_step_goes_through_a_link_or_outside() {
        let dir = tempfile::tempdir().unwrap();
        let (out, files, elsewhere) = (dir.path().join("out"), dir.path().join("files"), dir.path().join("elsewhere"));
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(elsewhere.join("keep.html"), "theirs").unwrap();
        fs::write(dir.path().join("victim"), "theirs").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("linked")).unwrap();
        assert!(carry_out(&out, &files, &[Step::Remove("linked/keep.html".into())]).is_err());
        assert!(carry_out(&out, &files, &[Step::Remove("../victim".into())]).is_err());
        fs::create_dir_all(files.join("linked")).unwrap();
        fs::write(files.join("linked/new.html"), "new").unwrap();
        assert!(carry_out(&out, &files, &[Step::Move("linked/new.html".into())]).is_err());
        assert_eq!(fs::read_to_string(elsewhere.join("keep.html")).unwrap(), "theirs");
        assert!(!elsewhere.join("new.html").exists());
        assert!(dir.path().join("victim").exists());
    }
}
