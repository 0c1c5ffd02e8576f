//! `archive.json`: what an archive says about the build it holds.

use serde::{Deserialize, Serialize};

/// Where it lies in an archive.
pub const INFO_PATH: &str = "archive.json";

/// The writer every stele archive names; an archive naming another is not stele's.
pub const WRITTEN_BY: &str = "stele";

/// The shape of `archive.json`. Keys are written in this order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveInfo {
    pub written_by: String,
    pub stele_version: String,
    pub format_version: u32,
    /// The build date, RFC 3339 (`2017-03-02T00:00:00Z`).
    pub built: String,
    /// The same, as a date (`2017-03-02`).
    pub built_date: String,
    pub base_url: Option<String>,
    /// The SHA-256 of the `source/` lines of `MANIFEST.sha256`: one hash naming the sources.
    pub sources_sha256: String,
    pub counts: Counts,
}

/// How much the archived build holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub reports: usize,
    pub events: usize,
    pub sites: usize,
    pub actors: usize,
    pub pages: usize,
    pub files: usize,
}

/// The version of this layout.
pub const FORMAT_VERSION: u32 = 1;

impl ArchiveInfo {
    pub(crate) fn to_json(&self) -> Vec<u8> {
        let mut text = serde_json::to_vec_pretty(self).unwrap_or_default();
        text.push(b'\n');
        text
    }

    /// Reads an `archive.json`, saying in plain words what is wrong with it.
    pub fn parse(bytes: &[u8]) -> Result<ArchiveInfo, String> {
        let info: ArchiveInfo = serde_json::from_slice(bytes).map_err(|err| format!("it does not read as an archive description ({err})"))?;
        if info.written_by != WRITTEN_BY {
            return Err(format!("it says it was written by `{}`, not by stele", info.written_by));
        }
        Ok(info)
    }
}
