//! Archives of a build: the published site and the sources it was built
//! from as one file that stays checkable for years, and checking one.
//!
//! This crate knows nothing about rendering. It is handed the built pages
//! and copied files (output path -> bytes), the sources the build read
//! (path relative to the project root -> bytes) and the facts for
//! `archive.json`, and writes bytes:
//!
//! - [`zip`](write_archive) (`Format::Zip`): `site/…`, `source/…`,
//!   `archive.json` and `MANIFEST.sha256` (`sha256sum -c` format);
//! - WACZ (`Format::Wacz`, see [`wacz`]): the pages as WARC `response`
//!   records at their address, a CDXJ index, `pages.jsonl` and
//!   `datapackage.json`, with the same `archive.json`, manifest and sources.
//!
//! Both are reproducible: entries sorted by name, one fixed timestamp (the
//! build date, [`BuiltDate`]), fixed permissions and compression level, and
//! nothing that carries the clock, an owner or the order files were made in.
//! [`verify`] checks an archive or a folder with a manifest;
//! [`unpack_sources`] gives back the sources of an archive.

mod built;
mod info;
pub mod manifest;
mod publish;
mod unpack;
pub mod verify;
pub mod wacz;
mod warc;
mod zipping;

pub use built::{BuiltDate, SOURCE_DATE_EPOCH};
pub use info::{ArchiveInfo, Counts, INFO_PATH, WRITTEN_BY};
pub use publish::{publish, Destination};
pub use unpack::unpack_sources;
pub use verify::{verify, Finding, Verification};

use std::io::{Seek, Write};
use std::path::PathBuf;

/// The two kinds of archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Zip,
    Wacz,
}

impl Format {
    /// The format a file name asks for: `.wacz` is WACZ, anything else a zip.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension() {
            Some(ext) if ext.eq_ignore_ascii_case("wacz") => Format::Wacz,
            _ => Format::Zip,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Zip => "zip",
            Format::Wacz => "wacz",
        }
    }
}

/// What goes into an archive.
#[derive(Debug, Default)]
pub struct Contents {
    /// Every page and copied file as `build` publishes it: output path -> bytes.
    pub site: Vec<(String, Vec<u8>)>,
    /// Every source file the build read: path relative to the project root
    /// (`content/site.yaml`, `content/…`, `templates/…`) -> bytes.
    pub sources: Vec<(String, Vec<u8>)>,
}

/// The facts an archive states about its build.
#[derive(Debug, Clone)]
pub struct Facts {
    pub stele_version: String,
    pub built: BuiltDate,
    /// Always ends with `/` when present.
    pub base_url: Option<String>,
    /// The site's title (`datapackage.json` of a WACZ).
    pub title: String,
    /// How much the build holds, as `archive.json` gives it.
    pub counts: Counts,
}

/// Why an archive could not be written, read or checked.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("{} is not a stele archive: {why}", path.display())]
    NotAnArchive { path: PathBuf, why: String },
    #[error("refusing to write the archive to {}: {why}", path.display())]
    Refused { path: PathBuf, why: String, force_helps: bool },
    #[error("SOURCE_DATE_EPOCH is `{value}`, which is not a number of seconds since 1970-01-01")]
    BadSourceDateEpoch { value: String },
    #[error("WACZ records pages at their address; set base_url in content/site.yaml or pass --base-url")]
    WaczNeedsBaseUrl,
    #[error("cannot write the archive: {0}")]
    Write(String),
    #[error("{} holds a path that would leave the folder it is unpacked into: `{entry}`", path.display())]
    UnsafeEntry { path: PathBuf, entry: String },
}

impl ArchiveError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            ArchiveError::Refused { force_helps: true, .. } => Some("choose another --out, or pass --force to replace it".into()),
            ArchiveError::Refused { .. } => Some("choose another --out".into()),
            ArchiveError::BadSourceDateEpoch { .. } => {
                Some("set it to a whole number of seconds (such as `git log -1 --format=%ct`), or unset it".into())
            }
            ArchiveError::NotAnArchive { .. } => {
                Some("verify takes an archive written by `stele archive`, or a folder with MANIFEST.sha256 at its top".into())
            }
            _ => None,
        }
    }

    pub(crate) fn io(action: &'static str, path: &std::path::Path) -> impl FnOnce(std::io::Error) -> ArchiveError {
        let path = path.to_path_buf();
        move |source| ArchiveError::Io { action, path, source }
    }
}

impl From<::zip::result::ZipError> for ArchiveError {
    fn from(err: ::zip::result::ZipError) -> Self {
        ArchiveError::Write(err.to_string())
    }
}

/// Writes the archive of `contents` in `format` to `out`, and returns what
/// its `archive.json` says.
pub fn write_archive<W: Write + Seek>(contents: &Contents, facts: &Facts, format: Format, out: W) -> Result<ArchiveInfo, ArchiveError> {
    match format {
        Format::Zip => zipping::write_zip(contents, facts, out),
        Format::Wacz => wacz::write_wacz(contents, facts, out),
    }
}
