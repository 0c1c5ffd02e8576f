//! `build --checksums`: `MANIFEST.sha256` of every published file, written
//! beside them, so that `stele verify` (or `sha256sum -c`) can check the
//! folder later. Off by default: a build without it hashes nothing.

use std::sync::Mutex;
use stele_archive::manifest;
use stele_output::{Content, OutputSink, PutError};

/// Where it goes, at the top of the output folder.
pub(crate) const PATH: &str = manifest::MANIFEST_PATH;

/// Passes everything on to `inner`, keeping each file's SHA-256.
pub(crate) struct HashingSink<'s> {
    inner: &'s dyn OutputSink,
    hashes: Mutex<Vec<(String, String)>>,
}

impl<'s> HashingSink<'s> {
    pub fn new(inner: &'s dyn OutputSink) -> Self {
        HashingSink { inner, hashes: Mutex::new(Vec::new()) }
    }

    /// Puts the manifest of everything put so far into the inner sink.
    pub fn put_manifest(self) -> Result<(), PutError> {
        let hashes = self.hashes.into_inner().unwrap_or_else(|e| e.into_inner());
        let text = manifest::text(hashes.iter().map(|(path, hash)| (path.as_str(), hash.as_str())));
        self.inner.put(PATH, Content::Bytes(text.as_bytes()))
    }
}

impl OutputSink for HashingSink<'_> {
    fn put(&self, path: &str, content: Content) -> Result<(), PutError> {
        let hash = match content {
            Content::Bytes(bytes) => manifest::sha256_hex(bytes),
            Content::File(source) => {
                let bytes = std::fs::read(source).map_err(|error| PutError::Read { source_path: source.to_path_buf(), error })?;
                manifest::sha256_hex(&bytes)
            }
        };
        self.inner.put(path, content)?;
        self.hashes.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_string(), hash));
        Ok(())
    }
}
