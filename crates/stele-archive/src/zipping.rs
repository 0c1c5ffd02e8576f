//! Writing a zip that is the same bytes for the same content: entries in
//! name order, one timestamp (the build date), permissions 0644, a fixed
//! compression level, and no extra fields.

use crate::info::{ArchiveInfo, FORMAT_VERSION, INFO_PATH, WRITTEN_BY};
use crate::manifest::{self, MANIFEST_PATH};
use crate::{ArchiveError, BuiltDate, Contents, Facts};
use std::borrow::Cow;
use std::io::{Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The deflate level of every compressed entry: a change of the library's
/// default must not change the bytes.
const DEFLATE_LEVEL: i64 = 6;

/// How an entry is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Deflated,
    /// As is: what is compressed already, so a reader can seek into it (WACZ).
    Stored,
}

/// One entry to write.
pub(crate) struct Entry<'a> {
    pub path: String,
    pub bytes: Cow<'a, [u8]>,
    pub method: Method,
}

impl<'a> Entry<'a> {
    pub fn deflated(path: impl Into<String>, bytes: impl Into<Cow<'a, [u8]>>) -> Self {
        Entry { path: path.into(), bytes: bytes.into(), method: Method::Deflated }
    }
}

/// `archive.json` for `facts`, given the manifest lines of the sources.
pub(crate) fn info(facts: &Facts, source_lines: &str) -> ArchiveInfo {
    ArchiveInfo {
        written_by: WRITTEN_BY.into(),
        stele_version: facts.stele_version.clone(),
        format_version: FORMAT_VERSION,
        built: facts.built.rfc3339(),
        built_date: facts.built.date(),
        base_url: facts.base_url.clone(),
        sources_sha256: manifest::sources_sha256(source_lines),
        counts: facts.counts.clone(),
    }
}

/// The `source/` entries of `contents`, with their manifest lines.
pub(crate) fn source_entries(contents: &Contents) -> (Vec<Entry<'_>>, String) {
    let entries: Vec<Entry> = contents.sources.iter().map(|(path, bytes)| Entry::deflated(format!("source/{path}"), bytes.as_slice())).collect();
    let hashes: Vec<(String, String)> = entries.iter().map(|e| (e.path.clone(), manifest::sha256_hex(&e.bytes))).collect();
    let lines = manifest::text(hashes.iter().map(|(p, h)| (p.as_str(), h.as_str())));
    (entries, lines)
}

/// The zip layout: `site/…`, `source/…`, `archive.json`, `MANIFEST.sha256`.
pub(crate) fn write_zip<W: Write + Seek>(contents: &Contents, facts: &Facts, out: W) -> Result<ArchiveInfo, ArchiveError> {
    let (mut entries, source_lines) = source_entries(contents);
    entries.extend(contents.site.iter().map(|(path, bytes)| Entry::deflated(format!("site/{path}"), bytes.as_slice())));
    let info = info(facts, &source_lines);
    entries.push(Entry::deflated(INFO_PATH, info.to_json()));
    entries.push(manifest_entry(&entries, &[]));
    write_entries(entries, facts.built, out)?;
    Ok(info)
}

/// `MANIFEST.sha256` of `entries`, leaving out the paths in `unlisted`.
pub(crate) fn manifest_entry(entries: &[Entry], unlisted: &[&str]) -> Entry<'static> {
    let hashes: Vec<(&str, String)> =
        entries.iter().filter(|e| !unlisted.contains(&e.path.as_str())).map(|e| (e.path.as_str(), manifest::sha256_hex(&e.bytes))).collect();
    Entry::deflated(MANIFEST_PATH, manifest::text(hashes.iter().map(|(p, h)| (*p, h.as_str()))).into_bytes())
}

/// Writes `entries` in name order, each with the same timestamp and permissions.
pub(crate) fn write_entries<W: Write + Seek>(mut entries: Vec<Entry>, built: BuiltDate, out: W) -> Result<(), ArchiveError> {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let mut zip = ZipWriter::new(out);
    let base = SimpleFileOptions::default().last_modified_time(built.zip_time()).unix_permissions(0o644);
    for entry in &entries {
        let options = match entry.method {
            Method::Deflated => base.compression_method(CompressionMethod::Deflated).compression_level(Some(DEFLATE_LEVEL)),
            Method::Stored => base.compression_method(CompressionMethod::Stored),
        };
        let options = options.large_file(entry.bytes.len() as u64 >= u64::from(u32::MAX));
        zip.start_file(entry.path.as_str(), options)?;
        zip.write_all(&entry.bytes).map_err(|err| ArchiveError::Write(err.to_string()))?;
    }
    zip.finish()?;
    Ok(())
}
