//! Stage 1: find and read the project's files.
//!
//! Knows the folder layout of spec section 1 and nothing about file contents.
//! Reading happens in parallel; the result is sorted by path so every later
//! stage sees the same order on every machine.

use rayon::prelude::*;
use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use stele_core::diagnostics::{Code, Diagnostic, LineIndex, Location};
pub use stele_core::kinds::DocumentKind;
pub use stele_core::source::{is_ignored_name, is_ignored_static_name, SourceFile, ALLOW_SETTING, CONFIG_PATH, STATIC_FOLDER};
use walkdir::WalkDir;

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
    /// The root `static/**`, copied to the output root as it is.
    pub static_files: Vec<Asset>,
    /// Symbolic links whose targets lie outside the project, unread (see
    /// [`follow_outside_links`]), sorted by path.
    pub outside_links: Vec<OutsideLink>,
    /// Documents found but not readable (not UTF-8, an I/O error): their
    /// errors are reported, and references to them need not be.
    pub unreadable: Vec<(DocumentKind, String)>,
}

/// A symbolic link under `content/` or `templates/` that points outside the
/// project. Nothing behind it is read by [`load`]: whether it may be depends
/// on the settings in `content/site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideLink {
    /// The link's own path, relative to the root, `/`-separated: `content/images/passwd.txt`.
    pub path: String,
    /// The link's absolute path: reading through it reads the target.
    pub link: PathBuf,
    /// Where it points, resolved (`canonicalize`).
    pub target: PathBuf,
    pub is_folder: bool,
}

fn relative_slash_path(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// The folders a symbolic link may point into: the project (its root,
/// `content/` and `templates/`, each resolved, since either may itself be a
/// link to another disk) and the outside folders the settings allow.
/// Resolved only when the first link turns up: most projects have none.
struct Boundary<'a> {
    root: &'a Path,
    allowed: &'a [PathBuf],
    project: OnceCell<Vec<PathBuf>>,
}

impl<'a> Boundary<'a> {
    fn new(root: &'a Path, allowed: &'a [PathBuf]) -> Self {
        Boundary { root, allowed, project: OnceCell::new() }
    }

    /// Whether `target`, a resolved path, lies inside.
    fn contains(&self, target: &Path) -> bool {
        let project = self.project.get_or_init(|| {
            ["", "content", "templates", STATIC_FOLDER].iter().filter_map(|folder| self.root.join(folder).canonicalize().ok()).collect()
        });
        project.iter().chain(self.allowed).any(|folder| target.starts_with(folder))
    }
}

/// What a walk found: files as (absolute, relative-to-the-walked-folder)
/// paths, sorted, and the links that leave the boundary, unfollowed.
#[derive(Default)]
struct Walk {
    files: Vec<(PathBuf, String)>,
    outside: Vec<OutsideLink>,
}

/// Every file below `dir` whose name is not `ignored` (hidden files are, in
/// `content/` and `templates/`; see `is_ignored_static_name` for `static/`).
/// Links are followed when their targets lie inside `boundary`; only
/// entries that are links pay for resolving one.
fn walk_files(dir: &Path, root: &Path, boundary: &Boundary, ignored: fn(&str) -> bool, diagnostics: &mut Vec<Diagnostic>) -> Walk {
    let mut walk = Walk::default();
    let mut entries = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // A name that is not UTF-8 is judged by its readable part, and reported below unless ignored.
        .filter_entry(|entry| entry.depth() == 0 || !ignored(&entry.file_name().to_string_lossy()));
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) if entry.depth() > 0 => entry,
            Ok(_) => continue,
            // Errors pass `filter_entry` unfiltered: Emacs's lock files are broken links named `.#name`.
            Err(err) if err.path().and_then(Path::file_name).is_some_and(|name| ignored(&name.to_string_lossy())) => continue,
            Err(err) => {
                diagnostics.push(walk_error(&err, dir, root));
                continue;
            }
        };
        let is_folder = entry.file_type().is_dir();
        let Some(rel) = relative_slash_path(entry.path(), dir) else {
            diagnostics.push(name_not_utf8(entry.path(), root, is_folder));
            if is_folder {
                entries.skip_current_dir();
            }
            continue;
        };
        // Only links pay for resolving a path.
        if entry.path_is_symlink() && !may_follow(&entry, root, boundary, &mut walk, diagnostics) {
            if is_folder {
                entries.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            walk.files.push((entry.into_path(), rel));
        }
    }
    walk
}

/// Whether the link `entry` may be followed: its target lies inside
/// `boundary`. A link leaving it is kept in `walk`, unfollowed.
fn may_follow(entry: &walkdir::DirEntry, root: &Path, boundary: &Boundary, walk: &mut Walk, diagnostics: &mut Vec<Diagnostic>) -> bool {
    match entry.path().canonicalize() {
        Ok(target) if boundary.contains(&target) => true,
        Ok(target) => {
            let path = display_path(entry.path(), root);
            walk.outside.push(OutsideLink { path, link: entry.path().to_path_buf(), target, is_folder: entry.file_type().is_dir() });
            false
        }
        Err(err) => {
            diagnostics.push(Diagnostic::error(display_path(entry.path(), root), format!("cannot read: {err}")).with_code(Code::UnreadableFile));
            false
        }
    }
}

fn name_not_utf8(path: &Path, root: &Path, is_folder: bool) -> Diagnostic {
    let what = if is_folder { "folder" } else { "file" };
    Diagnostic::error(display_path(path, root), format!("{what} name is not valid UTF-8 (shown with \u{fffd} for the bad bytes)"))
        .with_code(Code::NameNotUtf8)
        .with_hint(format!("rename the {what}: names become web addresses, which must be valid UTF-8; nothing in it is built until then"))
}

/// A walk's error in plain words: a broken link, a link loop, or what the system said.
fn walk_error(err: &walkdir::Error, dir: &Path, root: &Path) -> Diagnostic {
    let path = err.path().unwrap_or(dir);
    let file = display_path(path, root);
    if let Some(ancestor) = err.loop_ancestor() {
        return Diagnostic::error(file, format!("symbolic link loop: it points to {}, a folder that contains it", display_path(ancestor, root)))
            .with_hint("following it would go round forever; remove the link or point it at another folder")
            .with_code(Code::SymlinkLoop);
    }
    if let Some(fault) = link_fault(path) {
        return fault.diagnostic(file);
    }
    let reason = err.io_error().map_or_else(|| err.to_string(), ToString::to_string);
    Diagnostic::error(file, format!("cannot read: {reason}")).with_code(Code::UnreadableFile)
}

/// Why a symbolic link cannot be followed. Each holds the targets as
/// written, link by link.
enum LinkFault {
    /// The last target does not exist.
    Broken(Vec<PathBuf>),
    /// The last target is a link met before.
    Loop(Vec<PathBuf>),
}

/// The system allows about this many links in a row before giving up.
const MAX_LINK_HOPS: usize = 40;

/// Follows the link at `path` one hop at a time to find why following it
/// failed; None when `path` is not a link, or the failure is something else.
/// Only on the error path.
fn link_fault(path: &Path) -> Option<LinkFault> {
    // A link is known by its folder, resolved, and its name: `a` and `./x/../a` are one link.
    let identity = |link: &Path| Some((link.parent()?.canonicalize().ok()?, link.file_name()?.to_os_string()));
    let mut chain = Vec::new();
    let mut visited = vec![identity(path)?];
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINK_HOPS {
        let target = std::fs::read_link(&current).ok()?;
        let next = current.parent().map_or_else(|| target.clone(), |parent| parent.join(&target));
        chain.push(target);
        match std::fs::symlink_metadata(&next) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Some(LinkFault::Broken(chain)),
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let next_identity = identity(&next)?;
                if visited.contains(&next_identity) {
                    return Some(LinkFault::Loop(chain));
                }
                visited.push(next_identity);
                current = next;
            }
            _ => return None,
        }
    }
    Some(LinkFault::Loop(chain))
}

impl LinkFault {
    /// `file` is the link's path for the diagnostic.
    fn diagnostic(self, file: String) -> Diagnostic {
        let arrows = |chain: Vec<PathBuf>| chain.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" → ");
        match self {
            LinkFault::Broken(chain) => Diagnostic::error(file, format!("broken symbolic link: points to {}, which does not exist", arrows(chain)))
                .with_hint("point the link at a file that exists, or remove it")
                .with_code(Code::BrokenSymlink),
            LinkFault::Loop(chain) => {
                let name = file.rsplit('/').next().unwrap_or_default().to_string();
                Diagnostic::error(file, format!("symbolic link loop: {name} → {}", arrows(chain)))
                    .with_hint("these links point at each other and never reach a file; point one of them at a file, or remove it")
                    .with_code(Code::SymlinkLoop)
            }
        }
    }
}

/// `path` relative to the root, `/`-separated; a name that is not UTF-8
/// shows U+FFFD where its bad bytes are.
fn display_path(path: &Path, root: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
        Err(_) => path.display().to_string(),
    }
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
        diagnostics.push(Diagnostic::error("content", "no content folder").with_code(Code::NoContent).with_hint(format!(
            "stele looks for content/ in {}; pass --root to point elsewhere",
            std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()).display()
        )));
        return (project, diagnostics);
    }
    project.has_content = true;

    let boundary = Boundary::new(root, &[]);
    let walk = walk_files(&content, root, &boundary, is_ignored_name, &mut diagnostics);
    project.outside_links = walk.outside;
    let mut to_read = Vec::new();
    for (abs, rel) in walk.files {
        match ContentFile::classify(&rel) {
            ContentFile::Config => read_config(&abs, &mut project, &mut diagnostics),
            ContentFile::Document(kind) => to_read.push((kind, format!("content/{rel}"), abs)),
            ContentFile::Asset(warning) => {
                diagnostics.extend(warning);
                project.assets.push(Asset { output_path: rel, source: abs });
            }
            ContentFile::MisnamedDocument(error) => diagnostics.push(error),
        }
    }

    let read_all =
        || -> Vec<Result<SourceFile, Unreadable>> { to_read.into_par_iter().map(|(kind, path, abs)| read_document(kind, path, &abs)).collect() };
    let read = match rayon::ThreadPoolBuilder::new().num_threads(READ_CONCURRENCY).build() {
        Ok(readers) => readers.install(read_all),
        Err(_) => read_all(),
    };
    for result in read {
        match result {
            Ok(file) => project.documents.push(file),
            Err((file, diagnostic)) => {
                diagnostics.push(diagnostic);
                project.unreadable.push(file);
            }
        }
    }

    load_templates(root, &boundary, &mut project, &mut diagnostics);
    load_static(root, &boundary, &mut project, &mut diagnostics);
    (project, diagnostics)
}

/// Reads what the outside links that lead into one of the `allowed`
/// folders (resolved paths) point to, as if it were in the project, and
/// refuses every other one with an error at the link: nothing behind it is
/// read. Links met inside an allowed folder are held to the same rule.
pub fn follow_outside_links(root: &Path, project: &mut LoadedProject, allowed: &[PathBuf]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let boundary = Boundary::new(root, allowed);
    for link in project.outside_links.clone() {
        // The settings that allow links cannot themselves come from outside.
        let is_allowed = link.path != CONFIG_PATH && allowed.iter().any(|folder| link.target.starts_with(folder));
        if !is_allowed {
            diagnostics.push(refused(&link));
            continue;
        }
        if !link.is_folder {
            add_file(project, link.link, &link.path, &mut diagnostics);
            continue;
        }
        let ignored = if link.path.starts_with("static/") { is_ignored_static_name } else { is_ignored_name };
        let walk = walk_files(&link.link, root, &boundary, ignored, &mut diagnostics);
        diagnostics.extend(walk.outside.iter().map(refused));
        for (abs, rel) in walk.files {
            add_file(project, abs, &format!("{}/{rel}", link.path), &mut diagnostics);
        }
    }
    diagnostics
}

fn refused(link: &OutsideLink) -> Diagnostic {
    let hint = if link.path == CONFIG_PATH {
        "copy it into the project: the settings that allow links cannot come from outside it".to_string()
    } else if link.is_folder {
        format!("copy the folder into the project, or add it to `{ALLOW_SETTING}` in {CONFIG_PATH}")
    } else {
        format!("copy the file into the project, or add the folder it is in to `{ALLOW_SETTING}` in {CONFIG_PATH}")
    };
    Diagnostic::error(&link.path, format!("this symbolic link points outside the project, to {}", link.target.display()))
        .with_hint(hint)
        .with_code(Code::SymlinkOutsideProject)
}

/// Adds the file at `abs`, found at `path` (relative to the root), to the
/// project, reading it if the build needs its text.
fn add_file(project: &mut LoadedProject, abs: PathBuf, path: &str, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(rel) = path.strip_prefix("content/") {
        match ContentFile::classify(rel) {
            ContentFile::Config => read_config(&abs, project, diagnostics),
            ContentFile::Document(kind) => match read_document(kind, path.to_string(), &abs) {
                Ok(file) => insert_document(project, file),
                Err((file, diagnostic)) => {
                    diagnostics.push(diagnostic);
                    project.unreadable.push(file);
                }
            },
            ContentFile::Asset(warning) => {
                diagnostics.extend(warning);
                insert_asset(&mut project.assets, Asset { output_path: rel.to_string(), source: abs });
            }
            ContentFile::MisnamedDocument(error) => diagnostics.push(error),
        }
    } else if let Some(rel) = path.strip_prefix("templates/") {
        match TemplateFile::classify(rel) {
            Some(TemplateFile::Static(output_path)) => insert_asset(&mut project.theme_assets, Asset { output_path, source: abs }),
            Some(TemplateFile::Template) => {
                if let Some(template) = read_template(rel, &abs, diagnostics) {
                    let at = project.templates.partition_point(|(name, _)| name.as_str() < rel);
                    project.templates.insert(at, template);
                }
            }
            None => {}
        }
    } else if let Some(rel) = path.strip_prefix("static/") {
        insert_asset(&mut project.static_files, Asset { output_path: rel.to_string(), source: abs });
    }
}

/// Puts `file` in its place in the documents, sorted by path, replacing the one at the same path.
fn insert_document(project: &mut LoadedProject, file: SourceFile) {
    project.documents.retain(|d| d.path != file.path);
    let at = project.documents.partition_point(|d| d.path < file.path);
    project.documents.insert(at, file);
}

/// Puts `asset` in its place in `assets`, sorted by output path, replacing the one at the same path.
fn insert_asset(assets: &mut Vec<Asset>, asset: Asset) {
    assets.retain(|a| a.output_path != asset.output_path);
    let at = assets.partition_point(|a| a.output_path < asset.output_path);
    assets.insert(at, asset);
}

/// What a file under `content/` is, by its path (relative to `content/`).
enum ContentFile {
    Config,
    Document(DocumentKind),
    /// Copied as it is; with a warning when it reads as a Markdown document.
    Asset(Option<Diagnostic>),
    /// A Markdown document in a document folder whose name does not end in
    /// `.md`: copied as it is, it would publish its front matter (a draft's
    /// too). An error, and not published.
    MisnamedDocument(Diagnostic),
}

const MARKDOWN_EXTENSIONS: [&str; 5] = ["md", "markdown", "mdown", "mkd", "mkdn"];

impl ContentFile {
    fn classify(rel: &str) -> Self {
        let top = rel.split('/').next().unwrap_or_default();
        let folder_kind = DocumentKind::from_folder(top).filter(|_| rel.contains('/'));
        if rel == "site.yaml" {
            return ContentFile::Config;
        }
        if let Some(kind) = folder_kind.filter(|_| rel.ends_with(".md")) {
            return ContentFile::Document(kind);
        }
        let is_markdown = rel.rsplit_once('.').is_some_and(|(_, ext)| MARKDOWN_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
        let path = format!("content/{rel}");
        match (is_markdown, folder_kind) {
            (false, _) => ContentFile::Asset(None),
            (true, Some(kind)) => ContentFile::MisnamedDocument(
                Diagnostic::error(path, format!("this Markdown file is not read as {}: only names ending in `.md` are", kind.noun()))
                    .with_hint("rename it to end in `.md`; as it is, it would be published as a file, front matter and all")
                    .with_code(Code::MisnamedMarkdown),
            ),
            (true, None) => ContentFile::Asset(Some(
                Diagnostic::warning(
                    path,
                    "this Markdown file is published as it is, front matter and all: pages are made only from articles/, sites/ and actors/",
                )
                .with_hint("move it into articles/ to make it a report; leave it here only if it is meant to be downloaded as it is")
                .with_code(Code::MisnamedMarkdown),
            )),
        }
    }
}

fn read_config(abs: &Path, project: &mut LoadedProject, diagnostics: &mut Vec<Diagnostic>) {
    match read_text(CONFIG_PATH, abs) {
        Ok(text) => project.config = Some((CONFIG_PATH.to_string(), text)),
        Err(problem) => diagnostics.push(problem),
    }
}

/// A document that could not be read, and why.
type Unreadable = ((DocumentKind, String), Diagnostic);

fn read_document(kind: DocumentKind, path: String, abs: &Path) -> Result<SourceFile, Unreadable> {
    match read_text(&path, abs) {
        Ok(text) => Ok(SourceFile { kind, path, text }),
        Err(problem) => Err(((kind, path), problem)),
    }
}

/// The text of the file `path` (relative to the root) at `abs`.
fn read_text(path: &str, abs: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|err| Diagnostic::error(path, format!("cannot read: {err}")).with_code(Code::UnreadableFile))?;
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
        .with_code(Code::NotUtf8)
}

/// A previous load brought up to date with the files at `changed` (paths
/// relative to the root, `/`-separated, as a watcher reported them), instead
/// of walking and reading the whole tree again. `problems` are the previous
/// load's diagnostics and come back updated. Returns None when the change is
/// not a set of plain files (a folder appeared, `content/` itself changed, a
/// path is or passes through a symbolic link, the last load found links
/// leaving the project): the caller then loads from scratch, which reports
/// broken links and link loops exactly as a build does.
pub fn reload(
    root: &Path,
    mut project: LoadedProject,
    problems: Vec<Diagnostic>,
    changed: &BTreeSet<String>,
) -> Option<(LoadedProject, Vec<Diagnostic>)> {
    // Not UTF-8 (the watcher's stand-in character), or the source folders themselves: read everything.
    let unusual = |c: &String| c.contains('\u{fffd}') || c == "content" || c == "templates" || c == STATIC_FOLDER;
    // Which outside links are followed depends on the settings: rare enough to read everything.
    if !project.has_content || !project.outside_links.is_empty() || !root.join("content").is_dir() || changed.iter().any(unusual) {
        return None;
    }
    let under_changed = |file: &str| changed.iter().any(|c| file == c || file.strip_prefix(c.as_str()).is_some_and(|rest| rest.starts_with('/')));
    let mut diagnostics: Vec<Diagnostic> = problems.into_iter().filter(|d| !under_changed(&d.file)).collect();
    let templates_changed = changed.iter().any(|c| c == "templates" || c.starts_with("templates/"));
    let static_changed = changed.iter().any(|c| c.starts_with("static/"));
    for path in changed.iter().filter(|c| c.starts_with("content/")) {
        let rel = &path["content/".len()..];
        if rel.split('/').any(is_ignored_name) {
            continue;
        }
        if through_symlink(root, path) {
            return None;
        }
        let abs = root.join(path);
        let Ok(metadata) = std::fs::metadata(&abs) else {
            // Gone: a file, or a folder with everything in it.
            forget(&mut project, path);
            continue;
        };
        if !metadata.is_file() {
            return None;
        }
        // What was read from this path before goes; what is there now comes in.
        forget(&mut project, path);
        add_file(&mut project, abs, path, &mut diagnostics);
    }
    if templates_changed {
        // A handful of files: read them all again rather than patch.
        project.templates.clear();
        project.theme_assets.clear();
        diagnostics.retain(|d| !d.file.starts_with("templates/"));
        load_templates(root, &Boundary::new(root, &[]), &mut project, &mut diagnostics);
    }
    if static_changed {
        // Only paths are listed (nothing is read until copied): walking it again is cheap.
        if changed.iter().any(|c| c.starts_with("static/") && through_symlink(root, c)) {
            return None;
        }
        project.static_files.clear();
        diagnostics.retain(|d| !d.file.starts_with("static/"));
        load_static(root, &Boundary::new(root, &[]), &mut project, &mut diagnostics);
    }
    Some((project, diagnostics))
}

/// Whether `path` (relative to the root, in a source folder) is a symbolic
/// link or lies in a folder reached through one. The source folder itself
/// may be a link (a checkout on another disk) and does not count.
fn through_symlink(root: &Path, path: &str) -> bool {
    let mut parts = path.split('/');
    let mut at = root.join(parts.next().unwrap_or_default());
    for part in parts {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(metadata) if metadata.file_type().is_symlink() => return true,
            Ok(_) => {}
            // Gone from here down.
            Err(_) => return false,
        }
    }
    false
}

/// Drops every document, asset and the config at or under `gone`, a path that no longer exists.
fn forget(project: &mut LoadedProject, gone: &str) {
    let is_gone = |path: &str| path == gone || path.strip_prefix(gone).is_some_and(|rest| rest.starts_with('/'));
    project.documents.retain(|d| !is_gone(&d.path));
    project.unreadable.retain(|(_, path)| !is_gone(path));
    project.assets.retain(|a| !is_gone(&format!("content/{}", a.output_path)));
    if project.config.as_ref().is_some_and(|(path, _)| is_gone(path)) {
        project.config = None;
    }
}

fn load_templates(root: &Path, boundary: &Boundary, project: &mut LoadedProject, diagnostics: &mut Vec<Diagnostic>) {
    let templates = root.join("templates");
    if !templates.is_dir() {
        return;
    }
    let walk = walk_files(&templates, root, boundary, is_ignored_name, diagnostics);
    project.outside_links.extend(walk.outside);
    for (abs, rel) in walk.files {
        match TemplateFile::classify(&rel) {
            Some(TemplateFile::Static(output_path)) => project.theme_assets.push(Asset { output_path, source: abs }),
            Some(TemplateFile::Template) => project.templates.extend(read_template(&rel, &abs, diagnostics)),
            None => {}
        }
    }
}

/// The root `static/` folder's files, which are copied to the output root
/// as they are: only their paths are listed here.
fn load_static(root: &Path, boundary: &Boundary, project: &mut LoadedProject, diagnostics: &mut Vec<Diagnostic>) {
    let folder = root.join(STATIC_FOLDER);
    if !folder.is_dir() {
        return;
    }
    let walk = walk_files(&folder, root, boundary, is_ignored_static_name, diagnostics);
    project.outside_links.extend(walk.outside);
    project.static_files.extend(walk.files.into_iter().map(|(source, output_path)| Asset { output_path, source }));
}

/// What a file under `templates/` is, by its path (relative to `templates/`).
enum TemplateFile {
    /// A theme asset, with its output path.
    Static(String),
    Template,
}

impl TemplateFile {
    fn classify(rel: &str) -> Option<Self> {
        if let Some(static_rel) = rel.strip_prefix("static/") {
            Some(TemplateFile::Static(format!("static/{static_rel}")))
        } else if rel.ends_with(".html") || rel.ends_with(".xml") {
            Some(TemplateFile::Template)
        } else {
            None
        }
    }
}

/// A template's name and text.
fn read_template(rel: &str, abs: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<(String, String)> {
    match read_text(&format!("templates/{rel}"), abs) {
        Ok(text) => Some((rel.to_string(), text)),
        Err(problem) => {
            diagnostics.push(problem);
            None
        }
    }
}
