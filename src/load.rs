//! Stage 1: find and read the project's files.
//!
//! Knows the folder layout of spec section 1 and nothing about file contents.
//! Reading happens in parallel; the result is sorted by path so every later
//! stage sees the same order on every machine.

use crate::diagnostics::{Diagnostic, LineIndex, Location};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    Article,
    Site,
    Actor,
}

impl DocumentKind {
    /// The folder under `content/` that holds documents of this kind.
    pub fn folder(self) -> &'static str {
        match self {
            DocumentKind::Article => "articles",
            DocumentKind::Site => "sites",
            DocumentKind::Actor => "actors",
        }
    }

    fn from_folder(name: &str) -> Option<Self> {
        [DocumentKind::Article, DocumentKind::Site, DocumentKind::Actor].into_iter().find(|kind| kind.folder() == name)
    }
}

/// A Markdown document with front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub kind: DocumentKind,
    /// Relative to the project root, `/`-separated: `content/sites/palmyra.md`.
    pub path: String,
    pub text: String,
}

/// A file copied verbatim to the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it goes, relative to the output folder.
    pub output_path: String,
    pub source: PathBuf,
}

#[derive(Debug, Default, Clone)]
pub struct LoadedProject {
    /// Whether `content/` exists at all; without it there is nothing to build.
    pub has_content: bool,
    /// `content/site.yaml`, when present.
    pub config: Option<(String, String)>,
    pub documents: Vec<SourceFile>,
    pub assets: Vec<Asset>,
    /// `templates/*.html|xml` by template name, overriding built-in ones.
    pub templates: Vec<(String, String)>,
    /// `templates/static/**`, copied to `static/`.
    pub theme_assets: Vec<Asset>,
}

pub const CONFIG_PATH: &str = "content/site.yaml";

/// Editors' swap, backup and temporary files, VCS folders and hidden files:
/// never content, and never a reason to rebuild.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913" // vim probes whether a folder is writable with this name
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".kate-swp", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

fn relative_slash_path(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// Every file below `dir` that is not ignored, as (absolute, relative-to-dir) paths, sorted.
fn walk_files(dir: &Path, diagnostics: &mut Vec<Diagnostic>, root: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !entry.file_name().to_str().is_none_or(is_ignored_name));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => match relative_slash_path(entry.path(), dir) {
                Some(rel) => files.push((entry.path().to_path_buf(), rel)),
                None => diagnostics.push(Diagnostic::error(display_path(entry.path(), root), "file name is not valid UTF-8")),
            },
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map_or_else(|| display_path(dir, root), |p| display_path(p, root));
                diagnostics.push(Diagnostic::error(path, format!("cannot read: {err}")));
            }
        }
    }
    files
}

fn display_path(path: &Path, root: &Path) -> String {
    relative_slash_path(path, root).unwrap_or_else(|| path.display().to_string())
}

/// Files read at once. Reading is bound by the disk when the files are not
/// in the page cache, and a disk serves many requests in flight faster than
/// two (a cold 10k-report load: 610 ms on the two CPU threads, 270 ms on 16).
const READ_CONCURRENCY: usize = 16;

/// Reads everything the build needs from `root`. Problems (unreadable files,
/// non-UTF-8 Markdown) are returned alongside whatever could be read.
pub fn load(root: &Path) -> (LoadedProject, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut project = LoadedProject::default();
    let content = root.join("content");
    if !content.is_dir() {
        diagnostics.push(Diagnostic::error("content", "no content folder").with_hint(format!(
            "stele looks for content/ in {}; pass --root to point elsewhere",
            std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()).display()
        )));
        return (project, diagnostics);
    }
    project.has_content = true;

    let mut to_read = Vec::new();
    for (abs, rel) in walk_files(&content, &mut diagnostics, root) {
        match ContentFile::classify(&rel) {
            ContentFile::Config => read_config(&abs, &mut project, &mut diagnostics),
            ContentFile::Document(kind) => to_read.push((kind, format!("content/{rel}"), abs)),
            ContentFile::Asset => project.assets.push(Asset { output_path: rel, source: abs }),
        }
    }

    let read_all =
        || -> Vec<Result<SourceFile, Diagnostic>> { to_read.into_par_iter().map(|(kind, path, abs)| read_document(kind, path, &abs)).collect() };
    let read = match rayon::ThreadPoolBuilder::new().num_threads(READ_CONCURRENCY).build() {
        Ok(readers) => readers.install(read_all),
        Err(_) => read_all(),
    };
    for result in read {
        match result {
            Ok(file) => project.documents.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }

    load_templates(root, &mut project, &mut diagnostics);
    (project, diagnostics)
}

/// What a file under `content/` is, by its path (relative to `content/`).
enum ContentFile {
    Config,
    Document(DocumentKind),
    Asset,
}

impl ContentFile {
    fn classify(rel: &str) -> Self {
        let top = rel.split('/').next().unwrap_or_default();
        if rel == "site.yaml" {
            ContentFile::Config
        } else if let Some(kind) = DocumentKind::from_folder(top).filter(|_| rel.ends_with(".md") && rel.contains('/')) {
            ContentFile::Document(kind)
        } else {
            ContentFile::Asset
        }
    }
}

fn read_config(abs: &Path, project: &mut LoadedProject, diagnostics: &mut Vec<Diagnostic>) {
    match read_text(CONFIG_PATH, abs) {
        Ok(text) => project.config = Some((CONFIG_PATH.to_string(), text)),
        Err(problem) => diagnostics.push(problem),
    }
}

fn read_document(kind: DocumentKind, path: String, abs: &Path) -> Result<SourceFile, Diagnostic> {
    read_text(&path, abs).map(|text| SourceFile { kind, path, text })
}

/// The text of the file `path` (relative to the root) at `abs`.
fn read_text(path: &str, abs: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|err| Diagnostic::error(path, format!("cannot read: {err}")))?;
    String::from_utf8(bytes).map_err(|err| not_utf8(path, &err))
}

/// A file that is not UTF-8, reported at its first byte that is not.
fn not_utf8(path: &str, err: &std::string::FromUtf8Error) -> Diagnostic {
    let bytes = err.as_bytes();
    let valid_up_to = err.utf8_error().valid_up_to();
    // Valid by definition: it is what the decoder accepted.
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let location = LineIndex::new(valid).location(valid, valid.len());
    let byte = bytes.get(valid_up_to).map_or(String::new(), |byte| format!("the byte 0x{byte:02X} here is not UTF-8"));
    Diagnostic::error(path, "file is not valid UTF-8")
        .at(Some(location))
        .until(Some(Location::new(location.line, location.column + 1)))
        .with_hint(format!("save it as UTF-8 ({byte})"))
}

/// A previous load brought up to date with the files at `changed` (paths
/// relative to the root, `/`-separated, as a watcher reported them), instead
/// of walking and reading the whole tree again. `problems` are the previous
/// load's diagnostics and come back updated. Returns None when the change is
/// not a set of plain files (a folder appeared, `content/` itself changed):
/// the caller then loads from scratch.
pub fn reload(
    root: &Path,
    mut project: LoadedProject,
    problems: Vec<Diagnostic>,
    changed: &BTreeSet<String>,
) -> Option<(LoadedProject, Vec<Diagnostic>)> {
    // Not UTF-8 (the watcher's stand-in character), or the source folders themselves: read everything.
    let unusual = |c: &String| c.contains('\u{fffd}') || c == "content" || c == "templates";
    if !project.has_content || !root.join("content").is_dir() || changed.iter().any(unusual) {
        return None;
    }
    let under_changed = |file: &str| changed.iter().any(|c| file == c || file.strip_prefix(c.as_str()).is_some_and(|rest| rest.starts_with('/')));
    let mut diagnostics: Vec<Diagnostic> = problems.into_iter().filter(|d| !under_changed(&d.file)).collect();
    let templates_changed = changed.iter().any(|c| c == "templates" || c.starts_with("templates/"));
    for path in changed.iter().filter(|c| c.starts_with("content/")) {
        let abs = root.join(path);
        let Ok(metadata) = std::fs::metadata(&abs) else {
            // Gone: a file, or a folder with everything in it.
            forget(&mut project, path);
            continue;
        };
        if !metadata.is_file() {
            return None;
        }
        let rel = &path["content/".len()..];
        if rel.split('/').any(is_ignored_name) {
            continue;
        }
        match ContentFile::classify(rel) {
            ContentFile::Config => {
                project.config = None;
                read_config(&abs, &mut project, &mut diagnostics);
            }
            ContentFile::Document(kind) => {
                project.documents.retain(|d| d.path != *path);
                match read_document(kind, path.clone(), &abs) {
                    Ok(file) => {
                        let at = project.documents.partition_point(|d| d.path < file.path);
                        project.documents.insert(at, file);
                    }
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
            ContentFile::Asset => {
                project.assets.retain(|a| a.output_path != rel);
                let at = project.assets.partition_point(|a| a.output_path.as_str() < rel);
                project.assets.insert(at, Asset { output_path: rel.to_string(), source: abs });
            }
        }
    }
    if templates_changed {
        // A handful of files: read them all again rather than patch.
        project.templates.clear();
        project.theme_assets.clear();
        diagnostics.retain(|d| !d.file.starts_with("templates/"));
        load_templates(root, &mut project, &mut diagnostics);
    }
    Some((project, diagnostics))
}

/// Drops every document, asset and the config at or under `gone`, a path that no longer exists.
fn forget(project: &mut LoadedProject, gone: &str) {
    let is_gone = |path: &str| path == gone || path.strip_prefix(gone).is_some_and(|rest| rest.starts_with('/'));
    project.documents.retain(|d| !is_gone(&d.path));
    project.assets.retain(|a| !is_gone(&format!("content/{}", a.output_path)));
    if project.config.as_ref().is_some_and(|(path, _)| is_gone(path)) {
        project.config = None;
    }
}

fn load_templates(root: &Path, project: &mut LoadedProject, diagnostics: &mut Vec<Diagnostic>) {
    let templates = root.join("templates");
    if !templates.is_dir() {
        return;
    }
    for (abs, rel) in walk_files(&templates, diagnostics, root) {
        if let Some(static_rel) = rel.strip_prefix("static/") {
            project.theme_assets.push(Asset { output_path: format!("static/{static_rel}"), source: abs });
        } else if rel.ends_with(".html") || rel.ends_with(".xml") {
            match read_text(&format!("templates/{rel}"), &abs) {
                Ok(text) => project.templates.push((rel, text)),
                Err(problem) => diagnostics.push(problem),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_ignored_name;

    #[test]
    fn editor_droppings_are_ignored() {
        for name in
            [".article.md.swp", "article.md~", "#article.md#", ".#article.md", "4913", "a.md___jb_tmp___", "a.md.kate-swp", ".git", ".DS_Store"]
        {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["article.md", "site.yaml", "map.svg"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }
}
