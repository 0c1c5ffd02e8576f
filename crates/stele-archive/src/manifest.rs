//! `MANIFEST.sha256`: one `<64 hex>  <path>` line per entry, sorted by
//! path, as `sha256sum` writes and `sha256sum -c` checks.

use sha2::{Digest, Sha256};

/// Where it lies, in an archive or at the top of a folder.
pub const MANIFEST_PATH: &str = "MANIFEST.sha256";

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// The manifest of `entries` (path, SHA-256 hex), in path order.
pub fn text<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut entries: Vec<_> = entries.into_iter().collect();
    entries.sort_unstable();
    entries.iter().map(|(path, hash)| format!("{hash}  {path}\n")).collect()
}

/// The SHA-256 naming the sources: of the manifest's `source/` lines.
pub fn sources_sha256(manifest: &str) -> String {
    let lines: String =
        manifest.lines().filter(|line| line.get(66..).is_some_and(|path| path.starts_with("source/"))).map(|l| format!("{l}\n")).collect();
    sha256_hex(lines.as_bytes())
}

/// Reads a manifest into (path, hash) pairs; a line that is not
/// `<64 hex>  <path>` comes back as its line number (1-based).
pub fn parse(text: &str) -> Result<Vec<(String, String)>, usize> {
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let (hash, path) = line.split_at_checked(64).ok_or(number + 1)?;
        let path = path.strip_prefix("  ").or_else(|| path.strip_prefix(" *")).ok_or(number + 1)?;
        if !hash.bytes().all(|b| b.is_ascii_hexdigit()) || path.is_empty() {
            return Err(number + 1);
        }
        entries.push((path.to_string(), hash.to_ascii_lowercase()));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_sorted_and_read_back() {
        let a = sha256_hex(b"a");
        let b = sha256_hex(b"");
        let manifest = text([("source/b", b.as_str()), ("archive.json", a.as_str())]);
        assert_eq!(manifest, format!("{a}  archive.json\n{b}  source/b\n"));
        assert_eq!(b, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(parse(&manifest).unwrap(), vec![("archive.json".to_string(), a.clone()), ("source/b".to_string(), b.clone())]);
        assert_eq!(sources_sha256(&manifest), sha256_hex(format!("{b}  source/b\n").as_bytes()));
        assert_eq!(parse("nonsense\n"), Err(1));
    }
}
