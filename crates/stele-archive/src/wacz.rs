//! WACZ 1.1.1 (<https://specs.webrecorder.net/wacz/1.1.1/>): the site as a
//! web archive that ReplayWeb.page opens, with stele's `archive.json`,
//! manifest and sources beside it.
//!
//! - `archive/data.warc.gz`: a `warcinfo` record, then a `response` record
//!   per page and file at `base_url` + its path; a page named `index.html`
//!   is recorded at its folder's address too (`…/sites/palmyra/`, where
//!   the sitemap, feeds and canonical links point), since its links lead to
//!   `…/index.html`. Stored, not deflated: each record is a gzip member of
//!   its own, and readers seek to it.
//! - `indexes/index.cdx`: CDXJ, sorted, with each record's offset and length.
//! - `pages/pages.jsonl`: every HTML page at its address, with its title.
//! - `datapackage.json`: every other entry with its SHA-256 and size;
//!   `datapackage-digest.json` the hash of that.
//!
//! `MANIFEST.sha256` lists every entry but itself and the two datapackage
//! files (which list it), so `sha256sum -c` works on an unpacked WACZ too.

use crate::manifest::sha256_hex;
use crate::warc;
use crate::zipping::{self, Entry, Method};
use crate::{ArchiveError, ArchiveInfo, Contents, Facts};
use serde::{Deserialize, Serialize};
use std::io::{Seek, Write};
use stele_core::media::content_type;

pub const DATAPACKAGE_PATH: &str = "datapackage.json";
pub const DIGEST_PATH: &str = "datapackage-digest.json";
pub const WARC_PATH: &str = "archive/data.warc.gz";
pub const CDXJ_PATH: &str = "indexes/index.cdx";
pub const PAGES_PATH: &str = "pages/pages.jsonl";
const WACZ_VERSION: &str = "1.1.1";

/// `datapackage.json`. Keys are written in this order.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataPackage {
    pub profile: String,
    #[serde(rename = "wacz_version")]
    pub wacz_version: String,
    pub title: String,
    pub created: String,
    pub software: String,
    pub main_page_url: String,
    pub main_page_date: String,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Resource {
    pub name: String,
    pub path: String,
    /// `sha256:<hex>`.
    pub hash: String,
    pub bytes: u64,
}

#[derive(Serialize)]
struct Digest<'a> {
    path: &'a str,
    hash: String,
}

/// The WARC, its CDXJ index and the pages list of `contents` at `base_url`.
struct WebArchive {
    warc: Vec<u8>,
    cdxj: String,
    pages: String,
}

pub(crate) fn write_wacz<W: Write + Seek>(contents: &Contents, facts: &Facts, out: W) -> Result<ArchiveInfo, ArchiveError> {
    let base_url = facts.base_url.as_deref().ok_or(ArchiveError::WaczNeedsBaseUrl)?;
    let web = web_archive(contents, facts, base_url);
    let (mut entries, source_lines) = zipping::source_entries(contents);
    let info = zipping::info(facts, &source_lines);
    entries.push(Entry { path: WARC_PATH.into(), bytes: web.warc.into(), method: Method::Stored });
    entries.push(Entry::deflated(CDXJ_PATH, web.cdxj.into_bytes()));
    entries.push(Entry::deflated(PAGES_PATH, web.pages.into_bytes()));
    entries.push(Entry::deflated(crate::INFO_PATH, info.to_json()));
    entries.push(zipping::manifest_entry(&entries, &[]));
    let datapackage = datapackage(&entries, facts, base_url);
    let digest = Digest { path: DATAPACKAGE_PATH, hash: format!("sha256:{}", sha256_hex(&datapackage)) };
    entries.push(Entry::deflated(DIGEST_PATH, pretty(&digest)));
    entries.push(Entry::deflated(DATAPACKAGE_PATH, datapackage));
    zipping::write_entries(entries, facts.built, out)?;
    Ok(info)
}

fn pretty<T: Serialize>(value: &T) -> Vec<u8> {
    let mut text = serde_json::to_vec_pretty(value).unwrap_or_default();
    text.push(b'\n');
    text
}

/// A resource's `name` for `path`: the Data Package spec allows only
/// lowercase letters, digits and `-._/`, and names must be unique; a path
/// is unique, so its lowercased form is, unless two paths differ only in
/// case or in characters replaced (then a number is added).
fn resource_name(path: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let plain: String = path
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_' | '/') { c } else { '-' })
        .collect();
    let mut name = plain.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{plain}-{n}");
        n += 1;
    }
    name
}

fn datapackage(entries: &[Entry], facts: &Facts, base_url: &str) -> Vec<u8> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut taken = std::collections::HashSet::new();
    let mut resources: Vec<Resource> = sorted
        .into_iter()
        .map(|e| Resource {
            name: resource_name(&e.path, &mut taken),
            path: e.path.clone(),
            hash: format!("sha256:{}", sha256_hex(&e.bytes)),
            bytes: e.bytes.len() as u64,
        })
        .collect();
    resources.sort_by(|a, b| a.path.cmp(&b.path));
    let package = DataPackage {
        profile: "data-package".into(),
        wacz_version: WACZ_VERSION.into(),
        title: facts.title.clone(),
        created: facts.built.rfc3339(),
        software: format!("stele {}", facts.stele_version),
        main_page_url: base_url.to_string(),
        main_page_date: facts.built.rfc3339(),
        resources,
    };
    pretty(&package)
}

/// Every address a site file is served at: its own, and for an
/// `index.html`, its folder's.
fn addresses(base_url: &str, path: &str) -> Vec<String> {
    let own = format!("{base_url}{path}");
    match path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => vec![format!("{base_url}{folder}"), own],
        _ => vec![own],
    }
}

fn web_archive(contents: &Contents, facts: &Facts, base_url: &str) -> WebArchive {
    let date = facts.built.rfc3339();
    let timestamp = facts.built.digits14();
    let filename = WARC_PATH.rsplit('/').next().unwrap_or(WARC_PATH);
    let mut warc = warc::gzip_member(&warc::warcinfo(filename, &date, &format!("stele {}", facts.stele_version)));
    let mut cdxj = Vec::new();
    let mut pages = vec![r#"{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}"#.to_string()];
    for (path, body) in &contents.site {
        let mime = content_type(path);
        let urls = addresses(base_url, path);
        for url in &urls {
            let member = warc::gzip_member(&warc::response(url, &date, mime, body));
            let line = CdxjLine {
                url,
                mime: mime.split(';').next().unwrap_or(mime),
                status: "200",
                digest: format!("sha256:{}", sha256_hex(body)),
                length: member.len().to_string(),
                offset: warc.len().to_string(),
                filename,
            };
            cdxj.push(format!("{} {timestamp} {}\n", surt(url), serde_json::to_string(&line).unwrap_or_default()));
            warc.extend_from_slice(&member);
        }
        if mime.starts_with("text/html") {
            let page = PageLine { url: &urls[0], title: title_of(body), ts: &date };
            pages.push(serde_json::to_string(&page).unwrap_or_default());
        }
    }
    cdxj.sort_unstable();
    WebArchive { warc, cdxj: cdxj.concat(), pages: pages.iter().map(|l| format!("{l}\n")).collect() }
}

#[derive(Serialize)]
struct CdxjLine<'a> {
    url: &'a str,
    mime: &'a str,
    status: &'a str,
    digest: String,
    length: String,
    offset: String,
    filename: &'a str,
}

#[derive(Serialize)]
struct PageLine<'a> {
    url: &'a str,
    title: String,
    ts: &'a str,
}

/// The sort key of a URL in a CDXJ index, as ReplayWeb.page (warcio.js's
/// `getSurt`) computes it to look one up: lowercased, a leading `www.`
/// dropped, the host's labels reversed and joined by commas, the port, `)`,
/// the path, the query's arguments sorted.
pub fn surt(url: &str) -> String {
    let lower = url.to_lowercase();
    let Some((_, rest)) = lower.split_once("://") else { return lower };
    let (authority, path) = rest.find(['/', '?']).map_or((rest, "/"), |at| rest.split_at(at));
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
    let host = strip_www(host);
    let mut key = host.split('.').rev().collect::<Vec<_>>().join(",");
    let default_port = (lower.starts_with("http:") && port == "80") || (lower.starts_with("https:") && port == "443");
    if !port.is_empty() && !default_port {
        key.push(':');
        key.push_str(port);
    }
    key.push(')');
    let path = path.split('#').next().unwrap_or(path);
    match path.split_once('?') {
        Some((path, query)) => {
            let mut args: Vec<&str> = query.split('&').collect();
            args.sort_unstable();
            key.push_str(if path.is_empty() { "/" } else { path });
            key.push('?');
            key.push_str(&args.join("&"));
        }
        None => key.push_str(path),
    }
    key
}

/// `www.`, `www2.`… at the start of a host.
fn strip_www(host: &str) -> &str {
    match host.strip_prefix("www") {
        Some(rest) => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            rest[digits..].strip_prefix('.').unwrap_or(host)
        }
        None => host,
    }
}

/// The text of a page's `<title>`, its entities read.
fn title_of(html: &[u8]) -> String {
    let text = String::from_utf8_lossy(html);
    let Some(start) = text.find("<title>") else { return String::new() };
    let rest = &text[start + "<title>".len()..];
    let title = rest.find("</title>").map_or("", |end| &rest[..end]);
    let mut out = String::with_capacity(title.len());
    let mut rest = title.trim();
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'")]
            .iter()
            .find(|(name, _)| rest.starts_with(name));
        match entity {
            Some((name, character)) => {
                out.push_str(character);
                rest = &rest[name.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_are_lowercase_unique_and_allowed_by_data_package() {
        let mut taken = std::collections::HashSet::new();
        let names: Vec<String> =
            ["MANIFEST.sha256", "source/content/sites/Palmyra Museum.md", "source/content/sites/palmyra-museum.md", "archive/data.warc.gz"]
                .iter()
                .map(|path| resource_name(path, &mut taken))
                .collect();
        assert_eq!(
            names,
            ["manifest.sha256", "source/content/sites/palmyra-museum.md", "source/content/sites/palmyra-museum.md-2", "archive/data.warc.gz"]
        );
    }

    #[test]
    fn surts_as_replayweb_computes_them() {
        assert_eq!(surt("https://palmyra.example.org/sites/palmyra/"), "org,example,palmyra)/sites/palmyra/");
        assert_eq!(surt("https://www.Example.com/"), "com,example)/");
        assert_eq!(surt("http://example.com:8080/a?b=2&a=1"), "com,example:8080)/a?a=1&b=2");
        assert_eq!(surt("https://example.com"), "com,example)/");
    }

    #[test]
    fn index_pages_have_two_addresses() {
        let base = "https://example.org/";
        assert_eq!(addresses(base, "index.html"), ["https://example.org/", "https://example.org/index.html"]);
        assert_eq!(addresses(base, "sites/a/index.html"), ["https://example.org/sites/a/", "https://example.org/sites/a/index.html"]);
        assert_eq!(addresses(base, "static/style.css"), ["https://example.org/static/style.css"]);
        assert_eq!(addresses(base, "notindex.html"), ["https://example.org/notindex.html"]);
    }

    #[test]
    fn titles_are_read_from_the_head() {
        assert_eq!(title_of(b"<head><title>Palmyra &amp; Tadmur &#39;15</title></head>"), "Palmyra & Tadmur '15");
        assert_eq!(title_of(b"<p>no title</p>"), "");
    }
}
