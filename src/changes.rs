//! `stele changes OLD NEW` and `build --changes-since OLD`: two versions of
//! a project compared. Each side is read as `check` reads it; what differs
//! is printed (text or JSON) or published as a page.

use crate::{print_error, terminal};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use stele::changes::compare;
use stele::date::PublicationDate;
use stele::model::SiteModel;
use stele::pipeline::{self, BuildOptions, ChangesSince};

#[derive(Args)]
pub struct ChangesArgs {
    /// The earlier version: a project folder (holding content/) or an archive
    /// written by `stele archive` (.zip or .wacz)
    old: PathBuf,
    /// The later version: a project folder or an archive
    new: PathBuf,
    /// How to print the changes
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A heading per kind of item, a line per item, its changes indented below
    Text,
    /// The changes as data (docs/changes.md)
    Json,
}

/// One version of a project, ready to be read.
pub struct ProjectSource {
    /// The folder holding its `content/`.
    pub root: PathBuf,
    /// When this version was built, as shown ("11 December 2016"), when the
    /// source says (an archive does; a folder does not).
    pub built: Option<String>,
    /// Where an archive's sources were unpacked; removed when this is dropped.
    _unpacked: Option<tempfile::TempDir>,
}

/// Why a path given as a version cannot be read.
#[derive(Debug)]
pub enum SourceError {
    Missing(PathBuf),
    NoContent(PathBuf),
    Archive(stele::archive::ArchiveError),
    Unpack(std::io::Error),
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceError::Missing(path) => write!(f, "{} does not exist", path.display()),
            SourceError::NoContent(path) => write!(f, "{} has no content folder", path.display()),
            SourceError::Archive(err) => write!(f, "{err}"),
            SourceError::Unpack(err) => write!(f, "cannot make a folder to unpack the archive into: {err}"),
        }
    }
}

impl SourceError {
    fn hint(&self) -> Option<String> {
        match self {
            SourceError::Archive(err) => err.hint(),
            SourceError::Unpack(_) => None,
            _ => Some("give the folder of a stele project (the one holding content/) or an archive from `stele archive`".into()),
        }
    }
}

/// The project a path names: a project folder, or an archive whose sources
/// are unpacked into a temporary folder (its build date kept in `built`).
pub fn project_folder(path: &Path) -> Result<ProjectSource, SourceError> {
    if !path.exists() {
        return Err(SourceError::Missing(path.to_path_buf()));
    }
    if path.is_file() {
        let unpacked = tempfile::Builder::new().prefix("stele-version-").tempdir().map_err(SourceError::Unpack)?;
        let info = stele::archive::unpack_sources(path, unpacked.path()).map_err(SourceError::Archive)?;
        let built = PublicationDate::parse(&info.built_date).ok().map(|date| date.display().to_string());
        return Ok(ProjectSource { root: unpacked.path().to_path_buf(), built, _unpacked: Some(unpacked) });
    }
    if !path.join("content").is_dir() {
        return Err(SourceError::NoContent(path.to_path_buf()));
    }
    Ok(ProjectSource { root: path.to_path_buf(), built: None, _unpacked: None })
}

/// The resolved model of one version, or the exit code once its problems
/// are printed: 2 when the path is no project, 1 when its content has errors.
fn read_version(path: &Path, drafts: bool) -> Result<(ProjectSource, SiteModel), ExitCode> {
    let source = project_folder(path).map_err(|err| {
        print_error(&err.to_string(), err.hint());
        ExitCode::from(2)
    })?;
    let options = BuildOptions { root: source.root.clone(), include_drafts: drafts, not_found_root: None, strict: false, base_url: None };
    let resolved = pipeline::resolve_only(&options);
    if resolved.has_errors() {
        eprintln!("stele: the version in {} has errors:", path.display());
        terminal::print_diagnostics(&source.root, &resolved.diagnostics, &mut terminal::stderr_stream());
        return Err(ExitCode::FAILURE);
    }
    Ok((source, resolved.model))
}

/// `stele changes OLD NEW`: exit 0 whether or not anything changed (it
/// reports; judging is another command's job), 1 when a side has errors.
/// `drafts`: the global `--drafts`, for both sides.
pub fn run_changes(args: &ChangesArgs, drafts: bool) -> ExitCode {
    let old = read_version(&args.old, drafts);
    let new = read_version(&args.new, drafts);
    let ((_, old), (_, new)) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = compare(&old, &new);
    let printed = match args.format {
        Format::Text => changes.to_text(),
        Format::Json => match serde_json::to_string_pretty(&changes) {
            Ok(json) => json + "\n",
            Err(err) => {
                print_error(&format!("cannot write the changes as JSON: {err}"), None);
                return ExitCode::from(2);
            }
        },
    };
    print_out(&printed)
}

/// Writes to standard output; a reader that stopped reading (`| head`) is
/// not an error, and no reason to panic as `print!` would.
fn print_out(text: &str) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            print_error(&format!("cannot write the changes: {err}"), None);
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// What `build --changes-since PATH` compares the build with: that version
/// resolved, and its date (its build date when known, else its newest
/// report's date).
pub fn changes_since(path: &Path, drafts: bool) -> Result<ChangesSince, ExitCode> {
    let (source, old) = read_version(path, drafts)?;
    let since = source.built.or_else(|| old.articles.first().map(|newest| newest.date.display().to_string()));
    Ok(ChangesSince { old: Arc::new(old), since })
}
