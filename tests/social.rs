//! What pages tell search engines and social media: schema.org JSON-LD,
//! Open Graph and Twitter card tags, canonical links and robots.txt, all
//! from `base_url` (docs/content-model.md, section 6.3). The vocabulary
//! itself (every type and property a schema.org one, used where schema.org
//! allows it) is checked over the example site by
//! tests/browser/json-ld.test.mjs.

mod common;

use common::{minimal_valid, Project, MINIMAL_VALID_PAGES};
use serde_json::Value;

const BASE: &str = "https://example.org/monitor/";

const SCRIPT_OPEN: &str = "<script type=\"application/ld+json\">";

/// The JSON-LD of a page (it has exactly one block), parsed.
#[track_caller]
fn json_ld(html: &str) -> Value {
    let blocks: Vec<&str> = html.split(SCRIPT_OPEN).skip(1).map(|rest| rest.split("</script>").next().unwrap_or_default()).collect();
    assert_eq!(blocks.len(), 1, "one JSON-LD block in:\n{html}");
    serde_json::from_str(blocks[0]).unwrap_or_else(|err| panic!("JSON-LD that does not parse ({err}): {}", blocks[0]))
}

/// The value of `<meta property="NAME" content="...">` or `<link rel="NAME" href="...">`.
fn attribute_after<'a>(html: &'a str, opening: &str, attribute: &str) -> Option<&'a str> {
    let rest = &html[html.find(opening)? + opening.len()..];
    let rest = &rest[rest.find(&format!("{attribute}=\""))? + attribute.len() + 2..];
    rest.split('"').next()
}

fn canonical(html: &str) -> Option<&str> {
    attribute_after(html, "<link rel=\"canonical\"", "href")
}

fn og(html: &str, property: &str) -> Option<String> {
    attribute_after(html, &format!("<meta property=\"og:{property}\""), "content").map(str::to_string)
}

/// The HTML pages of the minimal fixture that a reader can land on (all but the 404 page).
fn landing_pages() -> impl Iterator<Item = &'static str> {
    MINIMAL_VALID_PAGES.iter().copied().filter(|p| p.ends_with(".html") && *p != "404.html")
}

#[test]
fn a_title_with_a_script_end_tag_stays_inside_the_json() {
    let project = minimal_valid();
    let title = "Palmyra </script><script>alert(1)</script> & <!-- more";
    project.edit("content/articles/palmyra-falls.md", "title: Islamic State captures Palmyra", &format!("title: \"{title}\""));
    project.build_ok(&[]);
    let html = project.page("articles/palmyra-falls/index.html");
    assert!(!html.contains("<script>alert"), "the title closed the JSON-LD's script element:\n{html}");
    let data = json_ld(&html);
    assert_eq!(data["headline"], title, "the JSON means the title as written");
    assert_eq!(og(&html, "title").as_deref(), Some("Palmyra &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!-- more"));
}

#[test]
fn without_base_url_there_are_no_sharing_tags_and_no_new_warning() {
    let project = minimal_valid();
    project.edit("content/site.yaml", "base_url: https://example.org/monitor/\n", "");
    let run = project.build_ok(&[]);
    assert!(run.summary().contains("1 warning"), "only the existing warning about base_url: {}", run.summary());
    for page in landing_pages().chain(["404.html"]) {
        let html = project.page(page);
        for needle in ["og:", "twitter:", "rel=\"canonical\"", "application/ld+json"] {
            assert!(!html.contains(needle), "{page} has {needle} without base_url");
        }
    }
    assert!(!project.exists("site/robots.txt"), "robots.txt without base_url");
}

#[test]
fn every_page_canonicalises_to_its_own_absolute_address() {
    let project = minimal_valid();
    project.build_ok(&[]);
    for page in landing_pages() {
        let html = project.page(page);
        let own = format!("{BASE}{}", page.strip_suffix("index.html").unwrap_or(page));
        assert_eq!(canonical(&html), Some(own.as_str()), "{page}: canonical");
        assert_eq!(og(&html, "url").as_deref(), Some(own.as_str()), "{page}: og:url");
        assert_eq!(og(&html, "site_name").as_deref(), Some("Test Heritage Monitor"), "{page}: og:site_name");
        assert_eq!(og(&html, "locale").as_deref(), Some("en"), "{page}: og:locale");
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary\">"), "{page}: twitter:card");
    }
    let not_found = project.page("404.html");
    assert!(canonical(&not_found).is_none() && !not_found.contains("og:"), "the 404 page is shown at any address: no canonical");
}

#[test]
fn each_page_kind_has_its_schema_org_type() {
    let project = minimal_valid();
    project.file("content/actors/khaled-al-asaad.md", "---\nname: Khaled al-Asaad\nkind: person\npart_of: islamic-state\n---\nx\n");
    project.build_ok(&[]);
    let expected = [
        ("index.html", "WebSite"),
        ("articles/palmyra-falls/index.html", "Report"),
        ("sites/palmyra/index.html", "Place"),
        ("actors/islamic-state/index.html", "Organization"),
        ("actors/khaled-al-asaad/index.html", "Person"),
        ("events/palmyra-falls-2015/index.html", "Event"),
    ];
    for (page, kind) in expected {
        let html = project.page(page);
        let data = json_ld(&html);
        assert_eq!(data["@type"], kind, "{page}");
        assert_eq!(data["@context"], "https://schema.org", "{page}");
        assert_eq!(data["@id"].as_str(), canonical(&html), "{page}: @id is the canonical address");
    }
    for page in ["articles/index.html", "articles/page/2/index.html", "sites/index.html", "actors/index.html", "timeline/index.html"] {
        assert!(!project.page(page).contains(SCRIPT_OPEN), "{page} is a list: no structured data");
    }

    let article = json_ld(&project.page("articles/palmyra-falls/index.html"));
    assert_eq!(article["datePublished"], "2015-05-21");
    assert_eq!(article["author"]["name"], "Example News");
    assert_eq!(article["creditText"], "A. Reporter");
    assert_eq!(article["publisher"]["name"], "Test Heritage Monitor");
    assert_eq!(article["inLanguage"], "en");
    let about: Vec<(&str, &str)> =
        article["about"].as_array().unwrap().iter().map(|n| (n["@type"].as_str().unwrap(), n["@id"].as_str().unwrap())).collect();
    assert!(about.contains(&("Place", "https://example.org/monitor/sites/palmyra/")), "{about:?}");
    assert!(about.contains(&("Organization", "https://example.org/monitor/actors/islamic-state/")), "{about:?}");

    let person = json_ld(&project.page("actors/khaled-al-asaad/index.html"));
    assert_eq!(person["memberOf"]["@id"], "https://example.org/monitor/actors/islamic-state/");
    let site = json_ld(&project.page("sites/temple-of-bel/index.html"));
    assert_eq!(site["containedInPlace"]["@id"], "https://example.org/monitor/sites/palmyra/");
}

#[test]
fn event_dates_keep_their_precision_and_qualified_ends_are_left_out() {
    let project = minimal_valid();
    project.build_ok(&[]);
    let interval = json_ld(&project.page("events/palmyra-falls-2015/index.html"));
    assert_eq!((interval["startDate"].as_str(), interval["endDate"].as_str()), (Some("2015-05-13"), Some("2015-05-21")));
    // `2015-08~`: circa, which a schema.org date cannot say.
    let approximate = json_ld(&project.page("events/temple-of-bel-destroyed/index.html"));
    assert!(approximate.get("startDate").is_none() && approximate.get("endDate").is_none(), "{approximate}");

    project.edit("content/articles/temple-of-bel-destroyed.md", "date: 2015-08~", "date: 2015-08");
    project.build_ok(&[]);
    let month = json_ld(&project.page("events/temple-of-bel-destroyed/index.html"));
    assert_eq!(month["startDate"], "2015-08", "a month stays a month");
    assert!(month.get("endDate").is_none(), "{month}");
}

#[test]
fn a_revised_report_gives_its_revision_date_as_date_modified() {
    let project = minimal_valid();
    project.build_ok(&[]);
    let report = json_ld(&project.page("articles/palmyra-falls/index.html"));
    assert!(report.get("dateModified").is_none(), "{report}");
    project.edit("content/articles/palmyra-falls.md", "date: 2015-05-21\n", "date: 2015-05-21\nupdated: 2015-05-23T08:00:00Z\n");
    project.build_ok(&[]);
    let report = json_ld(&project.page("articles/palmyra-falls/index.html"));
    assert_eq!((report["datePublished"].as_str(), report["dateModified"].as_str()), (Some("2015-05-21"), Some("2015-05-23T08:00:00Z")));
}

#[test]
fn article_schema_makes_reports_news_articles() {
    let project = minimal_valid();
    project.append("content/site.yaml", "article_schema: NewsArticle\n");
    project.build_ok(&[]);
    assert_eq!(json_ld(&project.page("articles/palmyra-falls/index.html"))["@type"], "NewsArticle");
    let event = json_ld(&project.page("events/palmyra-falls-2015/index.html"));
    assert_eq!(event["subjectOf"][0]["@type"], "NewsArticle");
}

#[test]
fn an_unknown_article_schema_is_an_error_at_its_value() {
    let project = minimal_valid();
    project.append("content/site.yaml", "article_schema: BlogPosting\n");
    let run = project.build(&[]);
    run.assert_content_errors();
    run.assert_stderr_contains("content/site.yaml:6:17");
    run.assert_stderr_contains("BlogPosting");
    assert!(!project.exists("site"), "nothing is written");
}

#[test]
fn robots_txt_allows_all_and_names_the_sitemap() {
    let project = minimal_valid();
    project.build_ok(&[]);
    assert_eq!(project.page("robots.txt"), format!("User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"));
    assert!(!project.page("sitemap.xml").contains("robots.txt"), "robots.txt is not a page to list");
}

#[test]
fn a_projects_own_robots_txt_wins() {
    let project = minimal_valid();
    project.file("content/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    project.build_ok(&[]);
    assert_eq!(project.page("robots.txt"), "User-agent: *\nDisallow: /drafts/\n");
}

#[test]
fn a_base_url_with_blanks_is_refused() {
    let project = Project::from_fixture("minimal-valid");
    project.edit("content/site.yaml", "base_url: https://example.org/monitor/", "base_url: \"https://example.org/monitor/\\nDisallow: /\"");
    let run = project.build(&[]);
    run.assert_content_errors();
    run.assert_stderr_contains("is not an absolute http(s) URL");
    assert!(!project.exists("site"), "nothing is written");
}
