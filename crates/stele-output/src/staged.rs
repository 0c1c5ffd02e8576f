//! The publishing writer. While pages render, changed files go to a staging
//! folder beside the output folder; only when every page has rendered does
//! `commit` plan the moves, journal them and carry them out (see
//! [`super::journal`]). A failed build leaves the output folder untouched,
//! unchanged files are never rewritten (sync tools, CDNs and archives see
//! real changes only, with their modification times kept), and memory stays
//! flat: pages go to disk as they are rendered.

use super::folder::{OutputFolder, Previous};
use super::journal::{self, carry_out, parents, Staging, Step};
use super::manifest;
use super::{is_safe_relative, Content, OutputError, OutputSink, PutError};
use std::collections::{BTreeSet, HashSet};
use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

pub struct StagedOutput {
    folder: OutputFolder,
    staging: Option<Staging>,
    staged: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
}

fn same_bytes(existing: &Path, content: Content) -> bool {
    // A link in the output folder is never stele's: never "unchanged".
    let is_file = |path: &Path| fs::symlink_metadata(path).ok().filter(|m| m.is_file()).map(|m| m.len());
    match content {
        Content::Bytes(bytes) => is_file(existing) == Some(bytes.len() as u64) && fs::read(existing).is_ok_and(|old| old == bytes),
        Content::File(source) => match (is_file(existing), fs::metadata(source)) {
            (Some(len), Ok(b)) if len == b.len() => {
                matches!((fs::read(existing), fs::read(source)), (Ok(x), Ok(y)) if x == y)
            }
            _ => false,
        },
    }
}

impl StagedOutput {
    /// Prepares to publish into `folder`: finishes or discards what an
    /// interrupted build left, then creates a staging folder of its own.
    pub fn begin(folder: OutputFolder) -> Result<Self, OutputError> {
        journal::recover(&folder.resolved)?;
        let staging = Staging::create(&folder.resolved)?;
        Ok(StagedOutput { folder, staging: Some(staging), staged: Mutex::new(Vec::new()), unchanged: AtomicUsize::new(0) })
    }

    fn fresh(&self) -> bool {
        self.folder.previous == Previous::Missing
    }

    /// Publishes: moves staged files into place, removes files stele wrote
    /// before that `produced` (every output path of this build) no longer
    /// holds, and records `produced` as stele's. Nothing else in the folder
    /// is touched.
    pub fn commit(mut self, produced: &HashSet<&str>) -> Result<WriteStats, OutputError> {
        let staging = self.staging.take().ok_or_else(|| OutputError::Busy { folder: self.folder.given.clone() })?;
        let mut staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        staged.sort_unstable();
        let written = staged.len();
        let out = &self.folder.resolved;
        // Until the journal is written, nothing in the folder has changed: a failure just discards the staged files.
        let prepared = (|| {
            let record = manifest::render(produced.iter().copied());
            let record_changed = !same_bytes(&out.join(manifest::FILE_NAME), Content::Bytes(&record));
            if record_changed {
                let path = staging.files().join(manifest::FILE_NAME);
                fs::write(&path, &record).map_err(OutputError::io("write", &path))?;
            }
            if self.fresh() && fs::symlink_metadata(out).is_err() {
                return Ok(None);
            }
            self.plan(&staged, produced, record_changed).map(Some)
        })();
        let plan = match prepared {
            Ok(Some(plan)) => plan,
            Ok(None) => {
                // Nothing to mix with: the staged tree becomes the folder in one rename.
                let files = staging.files();
                fs::rename(&files, out).map_err(OutputError::io("move into place", out))?;
                staging.remove()?;
                return Ok(WriteStats { written, unchanged: 0, removed: 0 });
            }
            Err(err) => {
                let _ = staging.remove();
                return Err(err);
            }
        };
        if !plan.steps.is_empty() {
            staging.write_journal(&plan.steps)?;
            // From here on, a failure leaves the journal: the next command finishes the publication.
            carry_out(out, &staging.files(), &plan.steps)?;
        }
        staging.remove()?;
        Ok(WriteStats { written, unchanged: self.unchanged.load(Ordering::Relaxed), removed: plan.removed })
    }

    /// The steps that turn the folder into the new site: clear what stands
    /// in the way of a staged file (only if stele made it), move the staged
    /// files in, remove the files stele made before and no longer does (and
    /// the folders that leaves empty), and record the new list last.
    fn plan(&self, staged: &[String], produced: &HashSet<&str>, record_changed: bool) -> Result<Plan, OutputError> {
        let out = &self.folder.resolved;
        let previous = &self.folder.previous;
        let mut steps = Vec::with_capacity(staged.len() + 1);
        let mut cleared: BTreeSet<String> = BTreeSet::new();
        for path in staged {
            for parent in parents(path) {
                if cleared.contains(parent) {
                    continue;
                }
                let folder = out.join(parent);
                match fs::symlink_metadata(&folder) {
                    Ok(metadata) if metadata.is_file() && previous.owns(parent) && !produced.contains(parent) => {
                        steps.push(Step::Remove(parent.to_string()));
                    }
                    Ok(metadata) if !metadata.is_dir() => return Err(in_the_way(&folder, "a folder")),
                    _ => {}
                }
                cleared.insert(parent.to_string());
            }
            let target = out.join(path);
            match fs::symlink_metadata(&target) {
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(OutputError::io("read", &target)(err)),
                Ok(metadata) if metadata.is_dir() => steps.extend(self.clear_folder(path)?),
                Ok(_) if self.folder.may_replace(path) => {}
                Ok(_) => return Err(in_the_way(&target, "the file")),
            }
            steps.push(Step::Move(path.clone()));
        }
        let mut removed = 0;
        let mut emptied: BTreeSet<&str> = BTreeSet::new();
        for path in previous.recorded().iter().filter(|p| !produced.contains(p.as_str())) {
            // Found now, before the journal: a link met while carrying it out would stop the publication half done.
            for parent in parents(path) {
                if cleared.insert(parent.to_string()) {
                    let folder = out.join(parent);
                    if fs::symlink_metadata(&folder).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
                        return Err(in_the_way(&folder, "a folder"));
                    }
                }
            }
            steps.push(Step::Remove(path.clone()));
            removed += 1;
            emptied.extend(parents(path));
        }
        // Deepest first, so that a folder emptied of folders goes too.
        steps.extend(emptied.into_iter().rev().map(|folder| Step::RemoveFolder(folder.to_string())));
        if record_changed {
            steps.push(Step::Move(manifest::FILE_NAME.to_string()));
        }
        Ok(Plan { steps, removed })
    }

    /// Steps that remove the folder standing where the file `path` must go,
    /// when everything in it is stele's and no longer made.
    fn clear_folder(&self, path: &str) -> Result<Vec<Step>, OutputError> {
        let prefix = format!("{path}/");
        let recorded: Vec<&String> = self.folder.previous.recorded().iter().filter(|p| p.starts_with(&prefix)).collect();
        let folder = self.folder.resolved.join(path);
        let on_disk = walkdir::WalkDir::new(&folder).min_depth(1).into_iter().filter_map(Result::ok).filter(|e| !e.file_type().is_dir()).count();
        if recorded.is_empty() || on_disk != recorded.len() {
            return Err(in_the_way(&folder, "the file"));
        }
        let mut steps: Vec<Step> = recorded.iter().map(|p| Step::Remove(p.to_string())).collect();
        let mut folders: BTreeSet<&str> = recorded.iter().flat_map(|p| parents(p)).filter(|p| p.len() >= path.len()).collect();
        folders.insert(path);
        steps.extend(folders.into_iter().rev().map(|f| Step::RemoveFolder(f.to_string())));
        Ok(steps)
    }
}

/// Something stele did not make stands where it must put `needed` of a page.
fn in_the_way(path: &Path, needed: &str) -> OutputError {
    super::in_the_way(path, || format!("stele must put {needed} of a page there, and it was not made by stele"))
}

struct Plan {
    steps: Vec<Step>,
    /// Files stele made before and no longer does.
    removed: usize,
}

impl Drop for StagedOutput {
    fn drop(&mut self) {
        if let Some(staging) = self.staging.take() {
            // An aborted build leaves no trace; the output folder was never touched.
            let _ = staging.remove();
        }
    }
}

impl OutputSink for StagedOutput {
    fn put(&self, path: &str, content: Content) -> Result<(), PutError> {
        let refused = || PutError::Write(io::Error::new(io::ErrorKind::InvalidInput, format!("refusing to write outside the output folder: {path}")));
        if !is_safe_relative(path) || path == manifest::FILE_NAME {
            return Err(refused());
        }
        let Some(staging) = &self.staging else { return Err(refused()) };
        if !self.fresh() && same_bytes(&self.folder.resolved.join(path), content) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let staged = staging.files().join(path);
        if let Some(parent) = staged.parent() {
            fs::create_dir_all(parent).map_err(PutError::Write)?;
        }
        match content {
            Content::Bytes(bytes) => fs::write(&staged, bytes).map_err(PutError::Write)?,
            Content::File(source) => {
                // Opened first so that an unreadable or vanished source is told from a write failure.
                File::open(source).map_err(|error| PutError::Read { source_path: source.to_path_buf(), error })?;
                fs::copy(source, &staged).map_err(PutError::Write)?;
            }
        }
        self.staged.lock().unwrap_or_else(|e| e.into_inner()).push(path.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_source_is_a_read_error_at_the_source() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        fs::create_dir(&project).unwrap();
        let folder = OutputFolder::open(&project, &dir.path().join("out"), false).unwrap();
        let staged = StagedOutput::begin(folder).unwrap();
        let vanished = project.join("content/images/gone.png");
        match staged.put("images/gone.png", Content::File(&vanished)) {
            Err(PutError::Read { source_path, .. }) => assert_eq!(source_path, vanished),
            other => panic!("expected a read error, got {other:?}"),
        }
        match super::super::MemorySink::default().put("images/gone.png", Content::File(&vanished)) {
            Err(PutError::Read { source_path, .. }) => assert_eq!(source_path, vanished),
            other => panic!("expected a read error, got {other:?}"),
        }
    }
}
