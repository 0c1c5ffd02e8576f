//! `stele verify`: an archive (zip or WACZ), or a folder with
//! `MANIFEST.sha256` at its top, checked against its manifest. Every
//! missing, extra and changed file is named; a WACZ's `datapackage.json`
//! hashes and an archive's `archive.json` are checked too.

use crate::info::{ArchiveInfo, INFO_PATH};
use crate::manifest::{self, MANIFEST_PATH};
use crate::wacz::{DataPackage, DATAPACKAGE_PATH, DIGEST_PATH};
use crate::ArchiveError;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use zip::ZipArchive;

/// The record of what stele published into a folder: bookkeeping, not a file of the site.
const STELE_RECORD: &str = ".stele-manifest";

/// One thing that does not match.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Finding {
    Missing(String),
    Extra(String),
    Changed {
        path: String,
        expected: String,
        found: String,
    },
    /// Unreadable, or not what it must be (`archive.json`, `datapackage.json`).
    Damaged {
        path: String,
        why: String,
    },
}

impl Finding {
    pub fn path(&self) -> &str {
        match self {
            Finding::Missing(path) | Finding::Extra(path) | Finding::Changed { path, .. } | Finding::Damaged { path, .. } => path,
        }
    }
}

/// The first hex digits of a hash: enough to tell two apart on screen.
fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Missing(path) => write!(f, "missing: {path}"),
            Finding::Extra(path) => write!(f, "extra: {path}"),
            Finding::Changed { path, expected, found } => {
                write!(f, "changed: {path} (sha256 expected {}… found {}…)", short(expected), short(found))
            }
            Finding::Damaged { path, why } => write!(f, "damaged: {path}: {why}"),
        }
    }
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Verification {
    /// Files whose hash was compared.
    pub checked: usize,
    /// Sorted by path.
    pub findings: Vec<Finding>,
}

impl Verification {
    pub fn is_intact(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Files to check, by path: in a zip, or under a folder.
trait Store {
    fn paths(&self) -> BTreeSet<String>;
    fn read(&mut self, path: &str) -> Result<Vec<u8>, String>;
    /// Whether it must hold an `archive.json` (an archive file; a folder
    /// built with `--checksums` has none).
    fn is_archive(&self) -> bool;
}

struct ZipStore(ZipArchive<BufReader<File>>);

impl Store for ZipStore {
    fn paths(&self) -> BTreeSet<String> {
        self.0.file_names().filter_map(Result::ok).filter(|name| !name.ends_with('/')).map(|name| name.into_owned()).collect()
    }
    fn read(&mut self, path: &str) -> Result<Vec<u8>, String> {
        let mut entry = self.0.by_name(path).map_err(|err| err.to_string())?;
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0).min(1 << 30));
        entry.read_to_end(&mut bytes).map_err(|err| err.to_string())?;
        Ok(bytes)
    }
    fn is_archive(&self) -> bool {
        true
    }
}

struct FolderStore {
    root: PathBuf,
    paths: BTreeSet<String>,
}

impl FolderStore {
    fn open(root: &Path) -> Result<FolderStore, ArchiveError> {
        let mut paths = BTreeSet::new();
        for entry in walkdir::WalkDir::new(root).min_depth(1) {
            let entry = entry.map_err(|err| ArchiveError::Io {
                action: "read",
                path: err.path().unwrap_or(root).to_path_buf(),
                source: err.into_io_error().unwrap_or_else(|| std::io::Error::other("a link loop")),
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            paths.insert(parts.join("/"));
        }
        paths.remove(STELE_RECORD);
        Ok(FolderStore { root: root.to_path_buf(), paths })
    }
}

impl Store for FolderStore {
    fn paths(&self) -> BTreeSet<String> {
        self.paths.clone()
    }
    fn read(&mut self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.root.join(path)).map_err(|err| err.to_string())
    }
    fn is_archive(&self) -> bool {
        false
    }
}

/// Checks the archive or folder at `path`. `Err` when it cannot be read or
/// is not an archive (no manifest); otherwise every finding, sorted.
pub fn verify(path: &Path) -> Result<Verification, ArchiveError> {
    let metadata = std::fs::metadata(path).map_err(ArchiveError::io("read", path))?;
    if metadata.is_dir() {
        let mut store = FolderStore::open(path)?;
        return check(&mut store, path);
    }
    let file = File::open(path).map_err(ArchiveError::io("open", path))?;
    let zip = ZipArchive::new(BufReader::new(file))
        .map_err(|err| ArchiveError::NotAnArchive { path: path.to_path_buf(), why: format!("it does not read as a zip file ({err})") })?;
    check(&mut ZipStore(zip), path)
}

fn check(store: &mut dyn Store, at: &Path) -> Result<Verification, ArchiveError> {
    let not_archive = |why: String| ArchiveError::NotAnArchive { path: at.to_path_buf(), why };
    let mut present = store.paths();
    if !present.remove(MANIFEST_PATH) {
        return Err(not_archive(format!("it has no {MANIFEST_PATH} at its top")));
    }
    let manifest_bytes = store.read(MANIFEST_PATH).map_err(|why| not_archive(format!("{MANIFEST_PATH} cannot be read: {why}")))?;
    let manifest_text = String::from_utf8(manifest_bytes).map_err(|_| not_archive(format!("{MANIFEST_PATH} is not text")))?;
    let expected: BTreeMap<String, String> = manifest::parse(&manifest_text)
        .map_err(|line| not_archive(format!("line {line} of {MANIFEST_PATH} is not `<sha256>  <path>`")))?
        .into_iter()
        .collect();
    let is_wacz = present.contains(DATAPACKAGE_PATH) && !expected.contains_key(DATAPACKAGE_PATH);
    if is_wacz {
        present.remove(DATAPACKAGE_PATH);
        present.remove(DIGEST_PATH);
    }
    let mut verification = Verification::default();
    let mut findings = Vec::new();
    for (path, hash) in &expected {
        if !present.contains(path) {
            findings.push(Finding::Missing(path.clone()));
            continue;
        }
        verification.checked += 1;
        match store.read(path) {
            Ok(bytes) => {
                let found = manifest::sha256_hex(&bytes);
                if found != *hash {
                    findings.push(Finding::Changed { path: path.clone(), expected: hash.clone(), found });
                }
            }
            Err(why) => findings.push(Finding::Damaged { path: path.clone(), why: format!("cannot be read ({why})") }),
        }
    }
    findings.extend(present.iter().filter(|path| !expected.contains_key(*path)).map(|path| Finding::Extra(path.clone())));
    if store.is_archive() || expected.contains_key(INFO_PATH) {
        findings.extend(check_info(store, &manifest_text));
    }
    if is_wacz {
        let listed_problems: BTreeSet<String> = findings.iter().map(|f| f.path().to_string()).collect();
        let wacz_findings = check_datapackage(store, &manifest_text);
        findings.extend(wacz_findings.into_iter().filter(|f| !listed_problems.contains(f.path())));
        verification.checked += 2;
    }
    findings.sort_by(|a, b| a.path().cmp(b.path()).then_with(|| a.cmp(b)));
    findings.dedup();
    verification.findings = findings;
    Ok(verification)
}

/// `archive.json` must read, be stele's, and name the sources the manifest lists.
fn check_info(store: &mut dyn Store, manifest_text: &str) -> Option<Finding> {
    let damaged = |why: String| Some(Finding::Damaged { path: INFO_PATH.into(), why });
    let bytes = match store.read(INFO_PATH) {
        Ok(bytes) => bytes,
        Err(_) => return damaged("an archive must hold it, and it cannot be read".into()),
    };
    let info = match ArchiveInfo::parse(&bytes) {
        Ok(info) => info,
        Err(why) => return damaged(why),
    };
    let sources = manifest::sources_sha256(manifest_text);
    (info.sources_sha256 != sources).then(|| Finding::Damaged {
        path: INFO_PATH.into(),
        why: format!("its sources_sha256 ({}…) does not name the sources listed ({}…)", short(&info.sources_sha256), short(&sources)),
    })
}

/// A WACZ's `datapackage.json` (hash and size of every resource) and
/// `datapackage-digest.json` (the hash of `datapackage.json`).
fn check_datapackage(store: &mut dyn Store, _manifest_text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let bytes = match store.read(DATAPACKAGE_PATH) {
        Ok(bytes) => bytes,
        Err(why) => return vec![Finding::Damaged { path: DATAPACKAGE_PATH.into(), why: format!("cannot be read ({why})") }],
    };
    match store.read(DIGEST_PATH).ok().and_then(|digest| serde_json::from_slice::<serde_json::Value>(&digest).ok()) {
        Some(digest) => {
            let found = format!("sha256:{}", manifest::sha256_hex(&bytes));
            let expected = digest.get("hash").and_then(|h| h.as_str()).unwrap_or_default();
            if expected != found {
                findings.push(Finding::Changed {
                    path: DATAPACKAGE_PATH.into(),
                    expected: expected.trim_start_matches("sha256:").into(),
                    found: found.trim_start_matches("sha256:").into(),
                });
            }
        }
        None => findings.push(Finding::Damaged { path: DIGEST_PATH.into(), why: "missing or not JSON".into() }),
    }
    let package: DataPackage = match serde_json::from_slice(&bytes) {
        Ok(package) => package,
        Err(err) => return vec![Finding::Damaged { path: DATAPACKAGE_PATH.into(), why: format!("it does not read as a data package ({err})") }],
    };
    for resource in &package.resources {
        match store.read(&resource.path) {
            Ok(data) => {
                let found = manifest::sha256_hex(&data);
                let expected = resource.hash.trim_start_matches("sha256:");
                if found != expected || data.len() as u64 != resource.bytes {
                    findings.push(Finding::Changed { path: resource.path.clone(), expected: expected.into(), found });
                }
            }
            Err(_) => findings.push(Finding::Missing(resource.path.clone())),
        }
    }
    findings
}
