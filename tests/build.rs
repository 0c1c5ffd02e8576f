//! `stele build` and `stele check` on good input: which files come out,
//! what they say, and how the output folder is treated across builds.

mod common;

use common::{
    assert_same_tree, copy_dir, first_lines, minimal_valid, minimal_valid_site, tree, tree_differences, Project, MINIMAL_VALID_IMAGE,
    MINIMAL_VALID_PAGES,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The article of the minimal fixture that reports two events.
const FALLS_ARTICLE: &str = "content/articles/palmyra-falls.md";
const FALLS_PAGE: &str = "articles/palmyra-falls/index.html";
const DRAFT_TITLE: &str = "Unpublished draft report";

/// A file of the shared build of the minimal fixture, as text.
#[track_caller]
fn built(path: &str) -> String {
    let bytes = minimal_valid_site().get(path).unwrap_or_else(|| panic!("the minimal fixture built no {path}"));
    String::from_utf8(bytes.clone()).expect("output files are UTF-8")
}

// ---------------------------------------------------------------------------
// Pages and files

#[test]
fn every_page_kind_is_built_and_nothing_else() {
    let built: Vec<&str> = minimal_valid_site().keys().map(String::as_str).collect();
    // And the record of what stele wrote (tests/output.rs).
    let mut expected: Vec<&str> = MINIMAL_VALID_PAGES.iter().copied().chain([MINIMAL_VALID_IMAGE, ".stele-manifest"]).collect();
    expected.sort_unstable();
    let missing: Vec<&str> = expected.iter().copied().filter(|path| !built.contains(path)).collect();
    let unexpected: Vec<&str> = built.iter().copied().filter(|path| !expected.contains(path)).collect();
    assert!(missing.is_empty() && unexpected.is_empty(), "missing: {missing:?}\nunexpected: {unexpected:?}");
}

#[test]
fn article_list_is_paginated_by_articles_per_page() {
    // Two published articles, one per page: articles/index.html and page 2.
    let lists: Vec<&str> = minimal_valid_site().keys().map(String::as_str).filter(|p| p.starts_with("articles/page/")).collect();
    assert_eq!(lists, ["articles/page/2/index.html"]);
    assert!(links_of(&built("articles/index.html")).contains(&"../articles/page/2/index.html".to_string()), "page 1 does not link page 2");
}

#[test]
fn assets_are_copied_byte_for_byte() {
    let source = std::fs::read(common::fixture_dir("minimal-valid").join("content").join(MINIMAL_VALID_IMAGE)).unwrap();
    assert!(minimal_valid_site()[MINIMAL_VALID_IMAGE] == source, "{MINIMAL_VALID_IMAGE} changed on its way to the output");
}

// ---------------------------------------------------------------------------
// Links

#[test]
fn every_relative_link_of_the_fixture_resolves() {
    assert_links_resolve(minimal_valid_site(), "the minimal fixture", "/monitor/");
}

#[test]
fn every_relative_link_of_the_committed_example_resolves() {
    let site = tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("site"));
    assert_links_resolve(&site, "the committed site/", "/");
}

#[test]
fn body_references_become_relative_links() {
    let links = links_of(&built(FALLS_PAGE));
    for target in [
        "../../actors/islamic-state/index.html",
        "../../sites/palmyra/index.html",
        "../../events/palmyra-falls-2015/index.html",
        "../../articles/temple-of-bel-destroyed/index.html",
        "../../images/map.png",
    ] {
        assert!(links.iter().any(|link| link == target), "{FALLS_PAGE} has no link to {target}: {links:?}");
    }
}

// ---------------------------------------------------------------------------
// Determinism and the output folder across builds

#[test]
fn two_builds_into_different_folders_are_identical() {
    let project = minimal_valid();
    let first = project.path("out-1");
    let second = project.path("out-2");
    project.build_ok(&["--out", first.to_str().unwrap()]);
    project.build_ok(&["--out", second.to_str().unwrap()]);
    assert_same_tree(&tree(&first), &tree(&second), "two builds of one project");
}

#[test]
fn a_copy_of_the_project_elsewhere_builds_identically() {
    let project = minimal_valid();
    project.build_ok(&[]);
    let elsewhere = Project::new();
    copy_dir(&project.path("content"), &elsewhere.path("deeper/folder/content"));
    let root = elsewhere.path("deeper/folder");
    common::run_stele(&["build", "--root", root.to_str().unwrap()]).assert_success();
    assert_same_tree(&tree(&project.out()), &tree(&root.join("site")), "the same project at two paths");
}

#[cfg(unix)]
#[test]
fn a_second_build_rewrites_nothing() {
    use std::os::unix::fs::MetadataExt;
    let file_identities = |dir: &Path| -> BTreeMap<String, (u64, i64, i64)> {
        tree(dir)
            .into_keys()
            .map(|path| {
                let meta = std::fs::metadata(dir.join(&path)).unwrap();
                (path, (meta.ino(), meta.mtime(), meta.mtime_nsec()))
            })
            .collect()
    };
    let project = minimal_valid();
    project.build_ok(&[]);
    let before = file_identities(&project.out());
    let second = project.build_ok(&[]);
    assert_eq!(before, file_identities(&project.out()), "the second build replaced or touched files");
    assert!(second.summary().contains("(0 written,"), "summary: {}", second.summary());
    assert!(second.summary().contains(" 0 removed)"), "summary: {}", second.summary());
}

#[test]
fn stale_pages_are_removed_and_hidden_files_kept() {
    let project = minimal_valid();
    project.build_ok(&[]);
    project.file("site/.nojekyll", "").file("site/.git/x", "kept");
    project.remove(FALLS_ARTICLE);
    let run = project.build_ok(&[]);
    assert!(!project.exists("site/articles/palmyra-falls"), "the removed article's folder is still there");
    // One article left: the second list page and its folders go too.
    assert!(!project.exists("site/articles/page"), "the emptied pagination folder is still there");
    assert!(project.exists("site/articles/temple-of-bel-destroyed/index.html"));
    assert_eq!(project.read("site/.git/x"), "kept");
    assert!(project.exists("site/.nojekyll"));
    assert!(!run.summary().contains(" 0 removed)"), "summary: {}", run.summary());
}

#[test]
fn the_404_page_links_from_the_path_of_base_url() {
    // Servers show 404.html at any depth (`/monitor/a/b/missing`): relative links would break there.
    let links = links_of(&built("404.html"));
    for target in ["/monitor/static/style.css", "/monitor/index.html", "/monitor/articles/index.html", "/monitor/timeline/index.html"] {
        assert!(links.iter().any(|l| l == target), "404.html has no link to {target}: {links:?}");
    }
    let relative = |l: &String| !l.starts_with("/monitor/") && !l.starts_with("https://") && !l.starts_with('#');
    assert!(!links.iter().any(relative), "a relative link in 404.html: {links:?}");
}

#[test]
fn without_base_url_the_404_page_stays_relative_and_the_warning_says_so() {
    let project = minimal_valid();
    project.edit("content/site.yaml", "base_url: https://example.org/monitor/\n", "");
    let run = project.build_ok(&[]);
    run.assert_stderr_contains(
        "the 404 page needs the site's path: without it, its links work only where the server shows it at the site's top level",
    );
    let links = links_of(&project.page("404.html"));
    assert!(links.iter().any(|l| l == "index.html"), "{links:?}");
    assert!(!links.iter().any(|l| l.starts_with('/')), "an absolute link in 404.html without base_url: {links:?}");
}

// ---------------------------------------------------------------------------
// Templates

#[test]
fn a_project_template_overrides_only_its_namesake() {
    let project = minimal_valid();
    project.file("templates/article.html", "OVERRIDE {{ article.title }}");
    project.build_ok(&[]);
    assert_eq!(project.page(FALLS_PAGE), "OVERRIDE Islamic State captures Palmyra");
    let sites = project.page("sites/index.html");
    assert!(sites.contains("static/style.css") && sites.contains("Temple of Bel"), "sites/index.html lost the built-in template:\n{sites}");
}

#[test]
fn a_project_stylesheet_replaces_the_built_in_one() {
    let project = minimal_valid();
    let stylesheet = "/* the project's theme */\nbody { color: rebeccapurple; }\n";
    project.file("templates/static/style.css", stylesheet);
    project.build_ok(&[]);
    assert_eq!(project.page("static/style.css"), stylesheet);
}

// ---------------------------------------------------------------------------
// Content

#[test]
fn drafts_are_left_out_by_default() {
    let site = minimal_valid_site();
    assert!(!site.keys().any(|path| path.starts_with("articles/unpublished-report/")));
    let mentions = files_containing(site, DRAFT_TITLE);
    assert!(mentions.is_empty(), "the draft appears in {mentions:?}");
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let project = minimal_valid();
    project.build_ok(&["--drafts"]);
    assert!(project.page("articles/unpublished-report/index.html").contains(DRAFT_TITLE));
    // Newest first, one per page: the 2016 draft leads the list.
    assert!(project.page("articles/index.html").contains(DRAFT_TITLE));
}

#[test]
fn front_matter_text_is_escaped_everywhere() {
    let project = minimal_valid();
    project.edit(FALLS_ARTICLE, "title: Islamic State captures Palmyra\ndate", "title: \"<script>alert(1)</script> & friends\"\ndate");
    project.build_ok(&[]);
    // The article page, the lists that show it, and the feed.
    for page in
        [FALLS_PAGE, "articles/page/2/index.html", "index.html", "sites/palmyra/index.html", "events/palmyra-falls-2015/index.html", "atom.xml"]
    {
        let text = project.page(page);
        assert!(text.contains("&lt;script&gt;alert(1)"), "{page} does not show the escaped title");
        assert!(text.contains("&amp; friends"), "{page} does not escape `&`");
    }
    let output = tree(&project.out());
    let unescaped = files_containing(&output, "<script>alert(1)");
    assert!(unescaped.is_empty(), "unescaped title in {unescaped:?}");
}

const RAW_HTML_BODY: &str = "\n<aside class=\"embed\">An embedded player</aside>\n\nInline <b class=\"raw\">bold</b> text.\n";

#[test]
fn raw_html_in_bodies_is_kept_by_default() {
    let project = minimal_valid();
    project.append(FALLS_ARTICLE, RAW_HTML_BODY);
    project.build_ok(&[]);
    let page = project.page(FALLS_PAGE);
    assert!(page.contains("<aside class=\"embed\">") && page.contains("<b class=\"raw\">"), "{page}");
}

#[test]
fn raw_html_in_bodies_is_stripped_on_request() {
    let project = minimal_valid();
    project.append(FALLS_ARTICLE, RAW_HTML_BODY);
    project.append("content/site.yaml", "raw_html: strip\n");
    project.build_ok(&[]);
    let page = project.page(FALLS_PAGE);
    assert!(!page.contains("<aside") && !page.contains("<b class"), "{page}");
    assert!(page.contains("Inline"), "the text around stripped HTML is gone too");
}

/// Raw HTML an outside contributor might send, in a body that uses everything
/// stele itself writes: a heading, a footnote, a table, links and an image.
const CONTRIBUTED_BODY: &str = concat!(
    "\n## Witnesses {#witnesses}\n\n",
    "A witness[^w] saw <b onclick=\"steal()\">it</b><img src=\"x.png\" onerror=\"alert(1)\">.\n\n",
    "<script>alert('script')</script>\n\n",
    "<a href=\" JaVaScRiPt:alert(2)\">a raw link</a> <iframe src=\"https://tracker.example/\"></iframe>\n\n",
    "<style>body { display: none }</style>\n\n<form action=\"https://phish.example/\"><input name=\"password\"></form>\n\n",
    "<video src=\"../../images/clip.mp4\" controls></video>\n\n",
    "| Monument | State |\n|:--|--:|\n| Temple | destroyed |\n\n",
    "See [the site](site:temple-of-bel) and [the map](../../images/map.png).\n\n",
    "[^w]: Interviewed in June.\n",
);

#[test]
fn raw_html_is_sanitized_on_request() {
    let project = minimal_valid();
    project.append(FALLS_ARTICLE, CONTRIBUTED_BODY);
    project.append("content/site.yaml", "raw_html: sanitize\n");
    project.build_ok(&[]);
    let page = project.page(FALLS_PAGE);
    // The body as published; the head has stele's own JSON-LD `<script>`.
    let page = &page[page.find("<body").expect("the page has a body")..];
    for gone in ["onclick", "steal", "onerror", "alert", "<script", "JaVaScRiPt", "<iframe", "tracker.example", "display: none", "<form", "password"]
    {
        assert!(!page.contains(gone), "{gone:?} survived sanitizing:\n{page}");
    }
    for kept in [
        "<b>it</b>",
        "<img src=\"x.png\">",
        "<a>a raw link</a>",
        "<video src=\"../../images/clip.mp4\" controls=\"\"></video>",
        "<h2 id=\"witnesses\">Witnesses</h2>",
        "<sup class=\"footnote-reference\"><a href=\"#w\">1</a></sup>",
        "<div class=\"footnote-definition\" id=\"w\">",
        "<th style=\"text-align: left\">Monument</th>",
        "<td style=\"text-align: right\">destroyed</td>",
        "<a href=\"../../sites/temple-of-bel/index.html\">the site</a>",
        "<a href=\"../../images/map.png\">the map</a>",
        // The fixture's own Markdown image, in the same body.
        "<img src=\"../../images/map.png\" alt=\"Sketch map of the city\">",
    ] {
        assert!(page.contains(kept), "{kept:?} is missing after sanitizing:\n{page}");
    }
    // Kept by default: the setting is what removes them.
    let trusted = minimal_valid();
    trusted.append(FALLS_ARTICLE, CONTRIBUTED_BODY);
    trusted.build_ok(&[]);
    assert!(trusted.page(FALLS_PAGE).contains("onclick=\"steal()\""));
}

#[test]
fn sanitize_publishes_the_example_exactly_as_keep_does() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::new();
    copy_dir(&repository.join("content"), &project.path("content"));
    copy_dir(&repository.join("templates"), &project.path("templates"));
    project.append("content/site.yaml", "raw_html: sanitize\n");
    project.build_ok(&[]).assert_stderr_contains("0 errors, 0 warnings");
    assert_same_tree(&tree(&repository.join("site")), &tree(&project.out()), "the example built with `raw_html: sanitize`");
}

#[test]
fn an_event_reported_by_two_articles_has_one_page_with_both() {
    let links = links_of(&built("events/palmyra-falls-2015/index.html"));
    for target in [
        "../../articles/palmyra-falls/index.html",
        "../../articles/temple-of-bel-destroyed/index.html",
        // Sites and actors united from both reports, and the claimant.
        "../../sites/palmyra/index.html",
        "../../sites/temple-of-bel/index.html",
        "../../actors/islamic-state/index.html",
        "../../actors/syrian-arab-army/index.html",
        "../../actors/amaq/index.html",
    ] {
        assert!(links.iter().any(|l| l == target), "the merged event page has no link to {target}: {links:?}");
    }
    let event_pages: Vec<&str> = minimal_valid_site().keys().map(String::as_str).filter(|p| p.starts_with("events/")).collect();
    assert_eq!(event_pages, ["events/palmyra-falls-2015/index.html", "events/temple-of-bel-destroyed/index.html"]);
}

#[test]
fn ids_derived_from_long_names_are_cut_to_whole_words_and_a_hash() {
    let project = minimal_valid();
    // A file name and two titles that make ids over the 200-byte limit, alike for their first 300 bytes.
    let words = |count: usize, separator: &str| vec!["word"; count].join(separator);
    let file_slug = words(45, "-");
    let title = words(60, " ");
    project.file(
        &format!("content/articles/{file_slug}.md"),
        &format!(
            "---\ntitle: Long\ndate: 2015-06-01\nevents:\n  - date: 2015\n    title: {title}\n  - date: 2015\n    title: {title} again\n---\nBody.\n"
        ),
    );
    project.build_ok(&[]);
    let site = tree(&project.out());
    let folders = |kind: &str| -> Vec<String> {
        site.keys().filter_map(|p| p.strip_prefix(kind)?.strip_suffix("/index.html")).filter(|id| id.contains("word")).map(str::to_string).collect()
    };
    let (articles, events) = (folders("articles/"), folders("events/"));
    assert_eq!(articles.len(), 1, "{articles:?}");
    assert_eq!(events.len(), 2, "two long titles share an id: {events:?}");
    let full_event_id = format!("2015-{}", words(60, "-"));
    for (id, full) in [(&articles[0], &file_slug), (&events[0], &full_event_id), (&events[1], &full_event_id)] {
        assert!(id.len() <= 200, "{id} is {} bytes long", id.len());
        let (kept, hash) = id.rsplit_once('-').unwrap();
        assert!(hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{id} does not end in 8 hex digits");
        assert!(full.starts_with(&format!("{kept}-")), "{id} does not keep whole words of {full}");
    }
    // The article links its events where they are.
    let article = project.page(&format!("articles/{}/index.html", articles[0]));
    for event in &events {
        assert!(links_of(&article).contains(&format!("../../events/{event}/index.html")), "no link to {event}");
    }
}

#[test]
fn a_sub_site_event_rolls_up_to_the_enclosing_site() {
    let palmyra = links_of(&built("sites/palmyra/index.html"));
    assert!(
        palmyra.iter().any(|l| l == "../../events/temple-of-bel-destroyed/index.html"),
        "the event at temple-of-bel (part_of palmyra) is not on Palmyra's page: {palmyra:?}"
    );
}

#[test]
fn event_dates_are_shown_with_the_precision_written() {
    let project = minimal_valid();
    project.file(
        "content/articles/dates.md",
        r#"---
title: Dates as written
date: 2015-06-01
summary: Four ways to write when something happened.
events:
  - id: month-only
    date: 2015-05
    title: Known to the month
  - id: day-interval
    date: 2015-05-13/2015-05-21
    title: Known to a span of days
  - id: approximate-month
    date: 2015-05~
    title: Roughly in a month
  - id: bare-year
    date: 2015
    title: Known to the year
---
"#,
    );
    project.build_ok(&[]);
    let month = project.page("events/month-only/index.html");
    assert!(month.contains(">May 2015<"), "no \"May 2015\" on the month event's page");
    assert!(!contains_word(&month, "1 May"), "a month date is shown as a day:\n{month}");
    assert!(!month.contains("2015-05-01"), "a month date is exported as a day");
    assert!(project.page("events/day-interval/index.html").contains("13–21 May 2015"));
    assert!(project.page("events/approximate-month/index.html").contains("c. May 2015"));
    // `date: 2015` is a number to YAML, and still a date.
    let year = project.page("events/bare-year/index.html");
    assert!(year.contains(">2015<"), "no \"2015\" date on the year event's page:\n{year}");
    assert!(!contains_word(&year, "January 2015"), "a year date is shown as a month");
}

#[test]
fn publication_date_times_keep_their_calendar_day() {
    let project = minimal_valid();
    project.file("content/articles/late-evening.md", "---\ntitle: Late in the evening\ndate: 2016-12-11T23:30:00-05:00\n---\nBody text.\n");
    project.build_ok(&[]);
    // 04:30 UTC on the 12th, but written as the 11th: it stays the 11th.
    assert!(project.page("articles/late-evening/index.html").contains("11 December 2016"));
    assert!(project.page("sitemap.xml").contains("<lastmod>2016-12-11</lastmod>"));
    assert!(project.page("atom.xml").contains("2016-12-11T23:30:00-05:00"));
}

// ---------------------------------------------------------------------------
// check, and the repository's own example

#[test]
fn check_writes_nothing_and_succeeds() {
    let project = minimal_valid();
    let before = tree(project.root());
    project.check(&[]).assert_success().assert_stderr_contains("0 errors, 0 warnings");
    assert!(!project.exists("site"), "check created the output folder");
    assert_same_tree(&before, &tree(project.root()), "the project after `stele check`");
}

#[test]
fn committed_example_site_is_up_to_date() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let run = common::run_stele(&["build", "--root", repository.to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    run.assert_success().assert_stderr_contains("0 errors, 0 warnings");
    let differences = tree_differences(&tree(&repository.join("site")), &tree(out.path()));
    assert!(
        differences.is_empty(),
        "the committed site/ is not what the example content builds to ({} paths differ):\n  {}\n\
         Run `cargo run --release -- build` in the repository and commit site/.",
        differences.len(),
        first_lines(&differences, 10)
    );
}

// ---------------------------------------------------------------------------
// Helpers: reading links out of HTML

/// Values of `href` and `src` attributes, entity-decoded.
fn links_of(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (start, _) in html.match_indices(attribute) {
            if !html[..start].ends_with(char::is_whitespace) {
                continue; // `data-src="..."` and the like
            }
            let value = &html[start + attribute.len()..];
            links.push(decode_entities(&value[..value.find('"').unwrap_or(value.len())]));
        }
    }
    links
}

/// The character references Tera and pulldown-cmark write: `&amp;`, `&#x2F;`, `&#39;`, ...
fn decode_entities(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semicolon) = rest.find(';').filter(|&i| i <= 10) else {
            decoded.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semicolon];
        let character = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match character {
            Some(c) => {
                decoded.push(c);
                rest = &rest[semicolon + 1..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// `folder/` + `../x` -> `x`; None when the path climbs above the root.
fn resolve_relative(page_folder: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page_folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut resolved = parts.join("/");
    if link.ends_with('/') {
        resolved.push('/');
    }
    Some(resolved)
}

/// Every link between pages of a built site (`files`, named `site` in
/// messages) points at a file that exists, and at an element with the
/// fragment's id.
#[track_caller]
fn assert_links_resolve(files: &BTreeMap<String, Vec<u8>>, site: &str, site_path: &str) {
    assert!(files.contains_key("index.html"), "{site} has no index.html");
    let (checked, broken) = check_links(files, site_path);
    let pages = files.keys().filter(|path| path.ends_with(".html")).count();
    assert!(checked >= pages, "only {checked} links in {pages} pages of {site}: is the link reader broken?");
    assert!(broken.is_empty(), "{} broken links in {site}:\n  {}", broken.len(), first_lines(&broken, 20));
}

/// The number of links between pages of `files` (HTML pages by output path),
/// and a description of each broken one. Only 404.html, which servers show
/// at any depth, may use root-absolute links (under `site_path`, the path
/// part of `base_url`).
fn check_links(files: &BTreeMap<String, Vec<u8>>, site_path: &str) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut broken = Vec::new();
    for (page, bytes) in files.iter().filter(|(path, _)| path.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
        for link in links_of(&html) {
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (without_fragment, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.as_str(), None),
            };
            let path = without_fragment.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                Some(page.clone())
            } else if path.starts_with('/') {
                if page != "404.html" {
                    broken.push(format!("{page}: root-absolute link {link}"));
                    continue;
                }
                path.strip_prefix(site_path).map(str::to_string)
            } else {
                resolve_relative(folder, path)
            };
            let Some(target) = target else {
                broken.push(format!("{page}: {link} leaves the site"));
                continue;
            };
            let Some(target_bytes) = files.get(&target) else {
                let why = if target.is_empty() || target.ends_with('/') { "a folder, which file:// does not open" } else { "no such file" };
                broken.push(format!("{page}: {link} -> {target}: {why}"));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let target_html = String::from_utf8_lossy(target_bytes);
                if !target_html.contains(&format!("id=\"{fragment}\"")) {
                    broken.push(format!("{page}: {link} -> no id=\"{fragment}\" in {target}"));
                }
            }
        }
    }
    (checked, broken)
}

/// Paths of the files whose text contains `needle`.
fn files_containing<'a>(files: &'a BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<&'a str> {
    files.iter().filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle)).map(|(path, _)| path.as_str()).collect()
}

/// `needle` occurs not preceded by a letter or digit (so "1 May" does not match "21 May").
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| !haystack[..i].chars().next_back().is_some_and(char::is_alphanumeric))
}

#[test]
fn link_helpers_understand_entities_and_relative_paths() {
    assert_eq!(links_of(r#"<a href="..&#x2F;..&#x2F;sites&#x2F;x&#x2F;index.html">"#), ["../../sites/x/index.html"]);
    assert_eq!(decode_entities("a&amp;b&#39;c&lt;&unknown;"), "a&b'c<&unknown;");
    assert_eq!(resolve_relative("articles/x", "../../sites/y/index.html").as_deref(), Some("sites/y/index.html"));
    assert_eq!(resolve_relative("", "../x"), None);
    assert!(contains_word("on 1 May 2015", "1 May") && !contains_word("13–21 May 2015", "1 May"));
}

#[test]
fn link_checker_finds_every_kind_of_broken_link() {
    let page = |html: &str| html.as_bytes().to_vec();
    let site: BTreeMap<String, Vec<u8>> = [
        (
            "index.html",
            page(concat!(
                r##"<h1 id="top">x</h1><a href="a/index.html">fine</a> <a href="#top">fine</a> <a href="https://x.org/">external</a>"##,
                r##"<a href="missing.html">1</a> <a href="a/">2</a> <a href="/a/index.html">3</a> <a href="a/index.html#nope">4</a>"##,
            )),
        ),
        ("a/index.html", page(r##"<img src="../../escape.png"> <a href="../index.html#top">fine</a>"##)),
        ("404.html", page(r#"<a href="/site/a/index.html">fine</a> <a href="/elsewhere/index.html">6</a>"#)),
    ]
    .into_iter()
    .map(|(path, bytes)| (path.to_string(), bytes))
    .collect();
    let (checked, broken) = check_links(&site, "/site/");
    assert_eq!(checked, 10);
    assert_eq!(broken.len(), 6, "{broken:#?}");
}

#[test]
fn events_a_thousand_years_apart_get_ids_of_their_own() {
    let project = minimal_valid();
    let events = "events:\n  - { date: \"-0100\", title: Founding }\n  - { date: \"0100\", title: Founding }\n";
    project.file("content/articles/eras.md", &format!("---\ntitle: Eras\ndate: 2016-01-01\nsummary: Two eras.\n{events}---\nText.\n"));
    project.build_ok(&[]);
    assert!(project.exists("site/events/minus-0100-founding/index.html"));
    assert!(project.exists("site/events/0100-founding/index.html"));
}

// ---------------------------------------------------------------------------
// The timeline split by time

/// A project whose one report lists `busy` events in May–December 2016
/// (over the 600 a year page lists), three dated only "2016" and ten in
/// 2017, all at Palmyra (which so has more than its page's 250) and by
/// the Islamic State.
fn busy_timeline_project(busy: usize) -> Project {
    let project = Project::from_fixture("minimal-valid");
    let mut front = String::from("---\ntitle: A busy year\ndate: 2018-01-10\nsites: [palmyra]\nactors: [islamic-state]\nevents:\n");
    let mut event = |id: String, date: String, kind: &str| {
        front.push_str(&format!(
            "  - id: {id}\n    date: {date}\n    title: Event {id}\n    kind: {kind}\n    sites: [palmyra]\n    actors: [{{ id: islamic-state }}]\n"
        ));
    };
    for i in 0..busy {
        let (month, day) = (5 + i % 8, 1 + i % 28);
        event(format!("busy-{i:04}"), format!("2016-{month:02}-{day:02}"), if i % 2 == 0 { "shelling" } else { "looting" });
    }
    for i in 0..3 {
        event(format!("year-only-{i}"), "2016".into(), "damage");
    }
    for i in 0..10 {
        event(format!("later-{i}"), format!("2017-03-{:02}", i + 1), "damage");
    }
    front.push_str("---\nA busy year.\n");
    project.file("content/articles/busy-year.md", &front);
    project
}

#[test]
fn a_busy_year_gets_a_page_per_month_and_a_busy_site_gets_its_own_timeline_pages() {
    let project = busy_timeline_project(700);
    project.build_ok(&[]);
    let files = tree(&project.out());
    let page = |path: &str| String::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap();
    let rows = |html: &str| html.matches("class=\"event-row\"").count();

    // The overview lists no events; it links the years and charts the months.
    let overview = page("timeline/index.html");
    assert_eq!(rows(&overview), 0);
    assert!(
        overview.contains("href=\"../timeline/2016/05/index.html\"")
            && overview.contains("<svg role=\"group\" aria-labelledby=\"month-chart-title\""),
        "{overview}"
    );
    // 2016 (703 events) lists its year-only events and links its months, which have pages.
    let year = page("timeline/2016/index.html");
    assert_eq!(rows(&year), 3, "the year-only events are on the year page");
    assert!(year.contains("id=\"year-only\"") && year.contains("href=\"../../timeline/2016/05/index.html\""), "{year}");
    let may = page("timeline/2016/05/index.html");
    assert_eq!(rows(&may), (0..700).filter(|i| i % 8 == 0).count());
    assert!(may.contains("data-kind=\"shelling\" data-status=\"reported\" data-sites=\"palmyra\" data-actors=\"islamic-state\""), "{may}");
    assert!(may.contains("rel=\"next\" href=\"../../../timeline/2016/06/index.html\""), "months link their neighbours");
    // 2017 is small: its rows are on its page.
    assert_eq!(rows(&page("timeline/2017/index.html")), 10);
    assert!(!files.contains_key("timeline/2017/03/index.html"));
    // Palmyra shows its latest 250 and links a page per year of all of them, per month in 2016.
    let palmyra = page("sites/palmyra/index.html");
    assert_eq!(rows(&palmyra), 250);
    assert!(palmyra.contains("href=\"../../sites/palmyra/timeline/2016/index.html\""), "{palmyra}");
    assert_eq!(rows(&page("sites/palmyra/timeline/2016/12/index.html")), (0..700).filter(|i| i % 8 == 7).count());
    assert_eq!(rows(&page("actors/islamic-state/timeline/2017/index.html")), 10);
    // A site with few events gets no such pages.
    assert!(!files.keys().any(|path| path.starts_with("sites/temple-of-bel/timeline/")));
    assert_links_resolve(&files, "the busy project", "/monitor/");
}
