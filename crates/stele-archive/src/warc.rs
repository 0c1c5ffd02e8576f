//! WARC/1.1 records, written here rather than with the `warc` crate: its
//! writer takes headers from a `HashMap`, whose order changes from run to
//! run, and an archive must be the same bytes every time.
//!
//! Each record is compressed as its own gzip member, so that a reader can
//! start at any record's offset (what a CDXJ index points at).

use crate::manifest::{hex, sha256_hex};
use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};
use sha2::{Digest, Sha256};
use std::io::Write;

/// One record: the version line, `headers` in the order given, the block.
pub(crate) fn record(headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(block.len() + 512);
    out.extend_from_slice(b"WARC/1.1\r\n");
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// `record` as one gzip member, with no name and no time in its header.
pub(crate) fn gzip_member(record: &[u8]) -> Vec<u8> {
    let mut encoder: GzEncoder<Vec<u8>> = GzBuilder::new().mtime(0).operating_system(255).write(Vec::new(), Compression::new(6));
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(record);
    encoder.finish().unwrap_or_default()
}

/// A record id that is the same for the same address and bytes: a UUID
/// (version 8, "custom") made of the SHA-256 of both.
pub(crate) fn record_id(url: &str, bytes: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(url.as_bytes());
    hash.update([0]);
    hash.update(bytes);
    let mut id: [u8; 16] = hash.finalize()[..16].try_into().unwrap_or_default();
    id[6] = (id[6] & 0x0f) | 0x80;
    id[8] = (id[8] & 0x3f) | 0x80;
    let h = hex(&id);
    format!("<urn:uuid:{}-{}-{}-{}-{}>", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// The `warcinfo` record that opens the file.
pub(crate) fn warcinfo(filename: &str, date: &str, software: &str) -> Vec<u8> {
    let fields = format!("software: {software}\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n");
    let id = record_id(filename, fields.as_bytes());
    record(
        &[
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", &id),
            ("WARC-Date", date),
            ("WARC-Filename", filename),
            ("Content-Type", "application/warc-fields"),
        ],
        fields.as_bytes(),
    )
}

/// A `response` record: `body` served at `url` with HTTP/1.1 200.
pub(crate) fn response(url: &str, date: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    block.extend_from_slice(body);
    let id = record_id(url, body);
    let payload_digest = format!("sha256:{}", sha256_hex(body));
    let block_digest = format!("sha256:{}", sha256_hex(&block));
    record(
        &[
            ("WARC-Type", "response"),
            ("WARC-Record-ID", &id),
            ("WARC-Date", date),
            ("WARC-Target-URI", url),
            ("WARC-Payload-Digest", &payload_digest),
            ("WARC-Block-Digest", &block_digest),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        &block,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_are_stable_uuids() {
        let id = record_id("https://example.org/", b"hello");
        assert_eq!(id, record_id("https://example.org/", b"hello"));
        assert_ne!(id, record_id("https://example.org/index.html", b"hello"));
        assert_eq!(id.len(), "<urn:uuid:>".len() + 36);
        assert_eq!(&id[24..25], "8", "version 8: {id}");
    }

    #[test]
    fn a_response_reads_back_with_the_warc_crate() {
        let bytes = response("https://example.org/a.html", "2017-03-02T00:00:00Z", "text/html; charset=utf-8", b"<p>hi</p>");
        let reader = warc::WarcReader::new(std::io::BufReader::new(&bytes[..]));
        let records: Vec<_> = reader.iter_records().collect::<Result<_, _>>().unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].header(warc::WarcHeader::TargetURI).as_deref(), Some("https://example.org/a.html"));
        assert!(records[0].body().ends_with(b"\r\n\r\n<p>hi</p>"));
    }
}
