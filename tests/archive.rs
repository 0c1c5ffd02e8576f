//! `stele archive`, `stele verify` and `build --checksums`, end to end: the
//! same content gives the same archive bytes whatever the files' order,
//! times, permissions or the clock; verify names every difference; a WACZ
//! reads back record by record; refusals leave what was there.

mod common;

use common::{minimal_valid, run_stele, run_stele_in, run_timeout, Project};
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use stele::archive::manifest::sha256_hex;

fn text(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// `stele archive --root <project> <args>` with extra environment variables.
fn archive(project: &Project, envs: &[(&str, &str)], args: &[&str]) -> common::Run {
    let mut all = vec!["archive", "--root", text(project.root())];
    all.extend_from_slice(args);
    run_stele_in(None, envs, &all, run_timeout())
}

/// Every entry of a zip, by name, with its bytes.
fn entries(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).expect("the archive exists")).expect("a zip");
    let mut entries = BTreeMap::new();
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).expect("an entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("an entry reads");
        entries.insert(entry.name().expect("a UTF-8 name").into_owned(), bytes);
    }
    entries
}

/// The fixture's files written in `order`, each with its own time and permissions.
fn fixture_copy(order: impl Fn(&mut Vec<(String, Vec<u8>)>), seconds: u64, mode: u32) -> Project {
    let project = Project::new();
    let mut files: Vec<(String, Vec<u8>)> = common::tree(&common::fixture_dir("minimal-valid")).into_iter().collect();
    order(&mut files);
    for (index, (relative, bytes)) in files.iter().enumerate() {
        project.bytes(relative, bytes);
        let path = project.path(relative);
        let file = fs::File::options().write(true).open(&path).expect("just written");
        file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds + index as u64 * 7919)).expect("mtime set");
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).expect("mode set");
    }
    project
}

#[test]
fn the_same_content_gives_the_same_archive_bytes() {
    let first = fixture_copy(|files| files.sort(), 1_000_000_000, 0o644);
    let second = fixture_copy(|files| files.reverse(), 1_700_000_000, 0o600);
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a.zip"), out.path().join("b.zip"));
    archive(&first, &[("TZ", "UTC"), ("LC_ALL", "C")], &["--out", text(&a)]).assert_success();
    archive(&second, &[("TZ", "Pacific/Kiritimati"), ("LC_ALL", "fr_FR.UTF-8")], &["--out", text(&b)]).assert_success();
    assert!(fs::read(&a).unwrap() == fs::read(&b).unwrap(), "two copies of one project archived to different bytes");

    let entries = entries(&a);
    let info: serde_json::Value = serde_json::from_slice(&entries["archive.json"]).unwrap();
    // The newest publication date of the content, never the clock.
    assert_eq!(info["built"], "2015-09-01T00:00:00Z", "{info:#}");
    assert_eq!(info["built_date"], "2015-09-01");
    assert_eq!(info["written_by"], "stele");
    assert_eq!(info["counts"]["reports"], 2, "drafts are left out: {info:#}");
    assert!(entries.contains_key("source/content/site.yaml") && entries.contains_key("source/content/images/map.png"));
    assert_eq!(entries["site/images/map.png"], entries["source/content/images/map.png"]);
    assert!(entries.contains_key("site/index.html"));
}

#[test]
fn source_date_epoch_changes_only_the_date() {
    let project = minimal_valid();
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a.zip"), out.path().join("b.zip"));
    archive(&project, &[("SOURCE_DATE_EPOCH", "1700000000")], &["--out", text(&a)]).assert_success();
    archive(&project, &[("SOURCE_DATE_EPOCH", "1800000000")], &["--out", text(&b)]).assert_success();
    assert!(fs::read(&a).unwrap() != fs::read(&b).unwrap());
    let (a, b) = (entries(&a), entries(&b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        if name == "archive.json" || name == "MANIFEST.sha256" {
            continue;
        }
        assert!(*bytes == b[name], "{name} differs");
    }
    let dated = |bytes: &[u8], stamp: &str, day: &str| String::from_utf8(bytes.to_vec()).unwrap().replace(stamp, "STAMP").replace(day, "DAY");
    assert_eq!(dated(&a["archive.json"], "2023-11-14T22:13:20Z", "2023-11-14"), dated(&b["archive.json"], "2027-01-15T08:00:00Z", "2027-01-15"));
}

#[test]
fn the_example_collection_archives_reproducibly() {
    let out = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let (a, b) = (out.path().join("a.zip"), out.path().join("b.zip"));
    for path in [&a, &b] {
        run_stele(&["archive", "--root", root, "--out", text(path)]).assert_success();
    }
    assert!(fs::read(&a).unwrap() == fs::read(&b).unwrap());
    // What `build` publishes is what the archive holds.
    let entries = entries(&a);
    let site: BTreeMap<String, Vec<u8>> =
        entries.iter().filter_map(|(name, bytes)| Some((name.strip_prefix("site/")?.to_string(), bytes.clone()))).collect();
    let mut committed = common::tree(&Path::new(root).join("site"));
    committed.remove(".stele-manifest");
    common::assert_same_tree(&committed, &site, "the archive's site/ against the committed site/");
}

#[test]
fn bad_source_date_epoch_is_refused_before_building() {
    let project = minimal_valid();
    let run = archive(&project, &[("SOURCE_DATE_EPOCH", "yesterday")], &[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("SOURCE_DATE_EPOCH is `yesterday`"), "{}", run.stderr);
    assert!(fs::read_dir(project.root()).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".zip")));
}

#[test]
fn the_default_archive_is_named_after_the_project_and_date() {
    let project = minimal_valid();
    archive(&project, &[], &[]).assert_success();
    let name = project.root().file_name().unwrap().to_string_lossy().into_owned();
    assert!(project.exists(&format!("{name}-2015-09-01.zip")));
}

#[test]
fn content_errors_write_no_archive() {
    let project = minimal_valid();
    project.edit("content/articles/palmyra-falls.md", "title:", "titel:");
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("a.zip");
    let run = archive(&project, &[], &["--out", text(&zip)]);
    run.assert_content_errors();
    assert!(run.stderr.contains("content/articles/palmyra-falls.md:"), "{}", run.stderr);
    assert!(!zip.exists());
}

/// A fresh archive of the minimal fixture, in a folder of its own.
fn fresh_archive(args: &[&str]) -> (Project, tempfile::TempDir, PathBuf) {
    let project = minimal_valid();
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join(if args.contains(&"wacz") { "a.wacz" } else { "a.zip" });
    let mut all = vec!["--out", text(&zip)];
    all.extend_from_slice(args);
    archive(&project, &[], &all).assert_success();
    (project, out, zip)
}

fn unpack(zip: &Path, into: &Path) {
    for (name, bytes) in entries(zip) {
        let target = into.join(name);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
}

#[test]
fn verify_passes_on_fresh_and_unpacked_archives_and_checksummed_sites() {
    let (project, out, zip) = fresh_archive(&[]);
    let run = run_stele(&["verify", text(&zip)]);
    run.assert_success();
    let files = entries(&zip).len() - 1;
    assert!(run.stderr.contains(&format!("verified {files} files")), "{}", run.stderr);

    let unpacked = out.path().join("unpacked");
    unpack(&zip, &unpacked);
    run_stele(&["verify", text(&unpacked)]).assert_success();
    // Checkable by hand too.
    let sha = std::process::Command::new("sha256sum").args(["-c", "--quiet", "MANIFEST.sha256"]).current_dir(&unpacked).status();
    assert!(sha.map(|s| s.success()).unwrap_or(true), "sha256sum -c failed on an unpacked archive");

    project.build_ok(&["--checksums"]);
    let manifest = project.read("site/MANIFEST.sha256");
    assert!(manifest.contains("  index.html\n") && !manifest.contains("MANIFEST.sha256") && !manifest.contains(".stele-manifest"));
    run_stele(&["verify", text(&project.out())]).assert_success();
    // Without the flag the next build takes it away again.
    project.build_ok(&[]);
    assert!(!project.exists("site/MANIFEST.sha256"));
}

#[test]
fn verify_names_every_changed_missing_and_extra_file() {
    let (_project, out, zip) = fresh_archive(&[]);
    let unpacked = out.path().join("unpacked");
    unpack(&zip, &unpacked);
    let index = unpacked.join("site/index.html");
    let mut bytes = fs::read(&index).unwrap();
    bytes[100] ^= 1;
    fs::write(&index, bytes).unwrap();
    fs::remove_file(unpacked.join("site/404.html")).unwrap();
    fs::write(unpacked.join("site/notes.txt"), "mine").unwrap();
    let run = run_stele(&["verify", text(&unpacked)]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert_eq!(lines[0], "missing: site/404.html");
    assert!(lines[1].starts_with("changed: site/index.html (sha256 expected "), "{}", lines[1]);
    assert_eq!(lines[2], "extra: site/notes.txt");

    // A changed byte inside the zip itself.
    let mut bytes = fs::read(&zip).unwrap();
    let html = bytes.windows(5).position(|w| w == b"site/").unwrap();
    let data = html + 200;
    bytes[data] ^= 0x55;
    let damaged = out.path().join("damaged.zip");
    fs::write(&damaged, bytes).unwrap();
    let run = run_stele(&["verify", text(&damaged)]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("damaged: site/404.html: cannot be read"), "{}", run.stdout);
}

#[test]
fn verify_catches_a_rewritten_archive_json() {
    let (_project, out, zip) = fresh_archive(&[]);
    let unpacked = out.path().join("unpacked");
    unpack(&zip, &unpacked);
    let info = unpacked.join("archive.json");
    let text_now = fs::read_to_string(&info).unwrap();
    fs::write(&info, text_now.replace("\"written_by\": \"stele\"", "\"written_by\": \"someone\"")).unwrap();
    let run = run_stele(&["verify", text(&unpacked)]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.contains("changed: archive.json"), "{}", run.stdout);
    assert!(run.stdout.contains("damaged: archive.json: it says it was written by `someone`"), "{}", run.stdout);
}

#[test]
fn verify_refuses_what_is_not_an_archive() {
    let (_project, out, zip) = fresh_archive(&[]);
    let bytes = fs::read(&zip).unwrap();
    let truncated = out.path().join("truncated.zip");
    fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let text_file = out.path().join("notes.txt");
    fs::write(&text_file, "not a zip").unwrap();
    let plain = out.path().join("plain");
    fs::create_dir(&plain).unwrap();
    for path in [&truncated, &text_file, &plain, &out.path().join("nothing-here.zip")] {
        let run = run_stele(&["verify", text(path)]);
        assert_eq!(run.code, Some(2), "{}: {}", path.display(), run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    }
}

#[test]
fn wacz_pages_come_back_out_of_the_warc() {
    let (project, _out, wacz) = fresh_archive(&["--format", "wacz"]);
    let run = run_stele(&["verify", text(&wacz)]);
    run.assert_success();
    let entries = entries(&wacz);
    // The archive's site, to compare against.
    let built = tempfile::tempdir().unwrap();
    project.build_ok(&["--out", text(&built.path().join("site"))]);
    let mut site = common::tree(&built.path().join("site"));
    site.remove(".stele-manifest");

    let warc = &entries["archive/data.warc.gz"];
    let cdxj = String::from_utf8(entries["indexes/index.cdx"].clone()).unwrap();
    let lines: Vec<&str> = cdxj.lines().collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "CDXJ must be sorted");
    let mut found: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for line in &lines {
        let mut parts = line.splitn(3, ' ');
        let (_key, stamp, json) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        assert_eq!(stamp, "20150901000000");
        let fields: serde_json::Value = serde_json::from_str(json).unwrap();
        let offset: usize = fields["offset"].as_str().unwrap().parse().unwrap();
        let length: usize = fields["length"].as_str().unwrap().parse().unwrap();
        // Each record is its own gzip member at the offset the index gives.
        let mut record = Vec::new();
        flate2::read::GzDecoder::new(&warc[offset..offset + length]).read_to_end(&mut record).unwrap();
        let reader = warc::WarcReader::new(std::io::BufReader::new(&record[..]));
        let records: Vec<_> = reader.iter_records().collect::<Result<_, _>>().unwrap();
        assert_eq!(records.len(), 1);
        let url = fields["url"].as_str().unwrap();
        assert_eq!(records[0].header(warc::WarcHeader::TargetURI).as_deref(), Some(url));
        assert_eq!(records[0].header(warc::WarcHeader::WarcType).as_deref(), Some("response"));
        let http = records[0].body();
        let split = http.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        assert!(http.starts_with(b"HTTP/1.1 200 OK\r\n"));
        let path = url.strip_prefix("https://example.org/monitor/").unwrap();
        let path = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
        found.insert(path, http[split + 4..].to_vec());
    }
    common::assert_same_tree(&site, &found, "the pages read back out of the WARC");
    assert!(cdxj.contains("\"url\":\"https://example.org/monitor/sites/palmyra/\""), "folder addresses are recorded");

    let package: serde_json::Value = serde_json::from_slice(&entries["datapackage.json"]).unwrap();
    assert_eq!(package["profile"], "data-package");
    assert_eq!(package["title"], "Test Heritage Monitor");
    assert_eq!(package["created"], "2015-09-01T00:00:00Z");
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), entries.len() - 2, "every entry but the datapackage files is listed");
    for resource in resources {
        let bytes = &entries[resource["path"].as_str().unwrap()];
        assert_eq!(resource["hash"].as_str().unwrap(), format!("sha256:{}", sha256_hex(bytes)));
        assert_eq!(resource["bytes"].as_u64().unwrap(), bytes.len() as u64);
    }
    let pages = String::from_utf8(entries["pages/pages.jsonl"].clone()).unwrap();
    assert!(pages.starts_with("{\"format\": \"json-pages-1.0\""));
    assert!(pages.contains("{\"url\":\"https://example.org/monitor/sites/palmyra/\",\"title\":\"Palmyra"), "{pages}");
}

#[test]
fn wacz_needs_a_base_url() {
    let project = minimal_valid();
    project.edit("content/site.yaml", "base_url: https://example.org/monitor/\n", "");
    let out = tempfile::tempdir().unwrap();
    let run = archive(&project, &[], &["--out", text(&out.path().join("a.wacz"))]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("WACZ records pages at their address; set base_url"), "{}", run.stderr);
    assert!(!out.path().join("a.wacz").exists());
}

#[test]
fn archives_never_replace_what_stele_did_not_write() {
    let project = minimal_valid();
    let out = tempfile::tempdir().unwrap();
    let theirs = out.path().join("report.zip");
    fs::write(&theirs, "someone's file").unwrap();
    let run = archive(&project, &[], &["--out", text(&theirs)]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("it is not a stele archive"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "someone's file");
    // Nothing left beside it either.
    assert_eq!(fs::read_dir(out.path()).unwrap().count(), 1);

    archive(&project, &[], &["--out", text(&theirs), "--force"]).assert_success();
    // A stele archive is replaced without asking.
    archive(&project, &[], &["--out", text(&theirs)]).assert_success();
    run_stele(&["verify", text(&theirs)]).assert_success();

    // static/ too: the next build would publish the archive.
    project.file("static/favicon.ico", "icon");
    for inside in ["content/archive.zip", "content/images/archive.zip", "static/archive.zip"] {
        let run = archive(&project, &[], &["--out", text(&project.path(inside)), "--force"]);
        assert_eq!(run.code, Some(2), "{inside}: {}", run.stderr);
        assert!(run.stderr.contains("stele never writes among its sources"), "{}", run.stderr);
        assert!(!project.exists(inside));
    }
}

#[test]
fn unpack_sources_gives_back_the_project() {
    let (project, out, zip) = fresh_archive(&[]);
    let into = out.path().join("sources");
    let info = stele::archive::unpack_sources(&zip, &into).unwrap();
    assert_eq!(info.built_date, "2015-09-01");
    let mut expected = common::tree(project.root());
    expected.retain(|path, _| path.starts_with("content/"));
    common::assert_same_tree(&expected, &common::tree(&into), "the unpacked sources");
    // And they build.
    let run = run_stele(&["check", "--root", text(&into)]);
    run.assert_success();
}

/// A file of the project's where `--checksums` writes `MANIFEST.sha256` is
/// an error at that file, in `content/` or in `static/`, and nothing is written.
#[test]
fn a_file_where_the_checksums_go_is_an_error_where_it_lies() {
    for folder in ["content", "static"] {
        let project = minimal_valid();
        project.file(&format!("{folder}/MANIFEST.sha256"), "mine\n");
        project.build(&["--checksums"]).assert_content_errors().assert_stderr_contains(&format!("{folder}/MANIFEST.sha256"));
        assert!(!project.exists("site/index.html"), "nothing is published");
    }
}
