//! The contract with templates: what one page of every kind receives,
//! built from the repository's example (`content/`) through
//! `Renderer::context` and compared with the snapshots in tests/snapshots/
//! (insta, one `contexts__<name>.snap` per page). A refactoring must leave
//! every snapshot as it is. `the_context_is_what_templates_receive` checks,
//! on every page of the example, that `Renderer::context` is exactly what
//! the templates get when the page is rendered.
//!
//! A mismatch fails with a diff. `scripts/test.sh` (and so CI) runs with
//! `INSTA_UPDATE=no`: nothing is written then. Run on its own, insta writes
//! the new version beside the old one as `.snap.new` (never under `CI`).
//!
//! To accept a deliberate change of a context (a new field, a changed
//! example), either review with `cargo insta review` (needs cargo-insta:
//! `cargo install cargo-insta`), or without it rewrite the snapshots with
//!
//! ```text
//! INSTA_UPDATE=always cargo test --test contexts
//! ```
//!
//! then read `git diff tests/snapshots/` (only the intended fields may
//! change), delete any `.snap.new` left over, and commit the snapshots with
//! the change, saying why. docs/templates.md documents the shapes: keep it
//! in step.

use insta::assert_json_snapshot;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;
use stele::diagnostics::Severity;
use stele::model::SiteModel;
use stele::render::pages::{self, Page};
use stele::render::{templates, PageContexts, RenderSettings, Renderer};
use tera::Tera;

/// The example project, resolved and planned once for every test.
struct Example {
    model: SiteModel,
    pages: Vec<Page>,
    tera: Tera,
    template_fingerprints: std::collections::HashMap<&'static str, u64>,
    /// The template texts in use, by name.
    template_sources: Vec<(String, String)>,
}

impl Example {
    /// A renderer as `build` makes one (rows written in Rust with the built-in macros).
    fn renderer<'a>(&'a self, pages: &'a [Page], settings: RenderSettings) -> Renderer<'a> {
        let sources: Vec<(&str, &str)> = self.template_sources.iter().map(|(name, text)| (name.as_str(), text.as_str())).collect();
        Renderer::new(&self.tera, self.template_fingerprints.clone(), &self.model, pages, settings).with_template_sources(&sources)
    }
}

fn example() -> &'static Example {
    static EXAMPLE: OnceLock<Example> = OnceLock::new();
    EXAMPLE.get_or_init(|| load_example(Path::new(env!("CARGO_MANIFEST_DIR"))))
}

/// load -> parse -> resolve -> plan, as `stele build` does on the example.
fn load_example(root: &Path) -> Example {
    let (project, problems) = stele::load::load(root);
    assert!(project.has_content && problems.is_empty(), "the example does not load cleanly: {problems:?}");
    let (config, problems) = stele::resolve::resolve_config(project.config.as_ref(), None);
    assert!(problems.is_empty(), "{problems:?}");
    let settings = stele::parse::ParseSettings { raw_html: config.raw_html, autolink: config.autolink, dates: stele::date::DateWords::english() };
    let (documents, problems) = stele::parse::parse_all(&project.documents, settings, None);
    assert!(problems.is_empty(), "{problems:?}");
    let options = stele::resolve::ResolveOptions { include_drafts: false, unparsed: Default::default() };
    let resolved = stele::resolve::resolve(&stele::resolve::TextsOnDisk::new(root), config, &documents, options);
    assert!(resolved.diagnostics.iter().all(|d| d.severity != Severity::Error), "{:?}", resolved.diagnostics);
    let sources = templates::sources(&project.templates);
    let template_fingerprints = templates::fingerprints(&sources);
    let tera = templates::compile(&sources, &project.templates).unwrap_or_else(|problems| panic!("{problems:?}"));
    let pages = pages::plan(&resolved.model);
    let template_sources = sources.iter().map(|&(name, text)| (name.to_string(), text.to_string())).collect();
    Example { model: resolved.model, pages, tera, template_fingerprints, template_sources }
}

/// What the templates of the page at `path` receive, as a published build renders it.
#[track_caller]
fn contexts_of(path: &str) -> PageContexts {
    let example = example();
    let page = example.pages.iter().find(|p| p.path == path).unwrap_or_else(|| panic!("the example has no page {path}"));
    let settings = RenderSettings::for_publishing(example.model.config.base_url.as_deref());
    let renderer = example.renderer(&example.pages, settings);
    let mut contexts = renderer.context(page).unwrap();
    // `t` is the same table on every page (docs/templates.md lists it, stele-i18n tests it): one check here, not in every snapshot.
    if contexts.context.get("t").is_none() {
        return contexts; // a data file: no template
    }
    assert_eq!(contexts.context["t"]["reports"], "Reports", "{path}: the English table");
    contexts.context["t"] = Value::from(INTERFACE_TEXTS);
    contexts.context["tm"] = Value::from(MACRO_TEXTS);
    contexts.context["tx"] = Value::from(MACRO_TEXTS_BY_MACRO);
    for part in &mut contexts.parts {
        part.context["t"] = Value::from(INTERFACE_TEXTS);
        part.context["tm"] = Value::from(MACRO_TEXTS);
        part.context["tx"] = Value::from(MACRO_TEXTS_BY_MACRO);
    }
    contexts
}

/// What the snapshots show for `tm`.
const MACRO_TEXTS: &str = "(the interface texts the built-in macros use: docs/templates.md, Translations)";
const MACRO_TEXTS_BY_MACRO: &str = "(per built-in macro, the interface texts it uses: docs/templates.md, Translations)";

/// What the snapshots show for `t`.
const INTERFACE_TEXTS: &str = "(the interface texts of the site's language: docs/templates.md, Translations)";

/// The length of the list at `pointer` in a page's context (0 if absent).
fn count(contexts: &PageContexts, pointer: &str) -> usize {
    contexts.context.pointer(pointer).and_then(Value::as_array).map_or(0, Vec::len)
}

/// The changes page (made only by `build --changes-since`, so not in the
/// example's plan): the example against an earlier version of itself
/// where its newest event had another id (so one event is added and one
/// removed) and its first site another name.
#[test]
fn changes() {
    let example = example();
    let mut old = example.model.clone();
    if let Some(newest) = old.events.last_mut() {
        newest.id = "an-older-event".into();
    }
    old.sites[0].name = "An older name".into();
    let changes = stele::render::ChangesPage { since: Some("1 January 2017".into()), changes: stele::changes::compare(&old, &example.model) };
    let mut pages = example.pages.clone();
    pages.push(pages::changes_page());
    let settings = RenderSettings::for_publishing(example.model.config.base_url.as_deref());
    let renderer = Renderer::new(&example.tera, example.template_fingerprints.clone(), &example.model, &pages, settings).with_changes(&changes);
    let mut contexts = renderer.context(&pages::changes_page()).unwrap();
    contexts.context["t"] = Value::from(INTERFACE_TEXTS);
    contexts.context["tm"] = Value::from(MACRO_TEXTS);
    contexts.context["tx"] = Value::from(MACRO_TEXTS_BY_MACRO);
    assert_eq!(contexts.context["page"]["title"], "Changes since 1 January 2017");
    assert_json_snapshot!("changes", contexts);
    let home = renderer.context(&pages[0]).unwrap();
    assert_eq!(home.context["changes"], serde_json::json!({ "url": "changes/index.html", "title": "Changes since 1 January 2017" }));
}

#[test]
fn home() {
    assert_json_snapshot!("home", contexts_of("index.html"));
}

#[test]
fn article_list_first_page() {
    let contexts = contexts_of("articles/index.html");
    assert!(contexts.context["pagination"]["next_url"].is_string(), "the example has one page of reports: pick a page with a next one");
    assert_json_snapshot!("article_list_page_1", contexts);
}

#[test]
fn article_list_later_page() {
    let contexts = contexts_of("articles/page/2/index.html");
    assert!(contexts.context["pagination"]["previous_url"].is_string());
    assert_json_snapshot!("article_list_page_2", contexts);
}

#[test]
fn article_with_events_and_quotes() {
    let contexts = contexts_of("articles/2015-05-22-palmyra-falls/index.html");
    assert!(count(&contexts, "/article/events") > 0 && count(&contexts, "/article/quotes") > 0, "pick an article with events and quotes");
    assert_json_snapshot!("article_with_events_and_quotes", contexts);
}

#[test]
fn sites_index() {
    assert_json_snapshot!("sites", contexts_of("sites/index.html"));
}

#[test]
fn site_with_parts() {
    let contexts = contexts_of("sites/palmyra/index.html");
    assert!(count(&contexts, "/children") > 0, "pick a site with parts");
    assert_json_snapshot!("site_with_parts", contexts);
}

#[test]
fn leaf_site() {
    let contexts = contexts_of("sites/temple-of-bel/index.html");
    assert!(count(&contexts, "/children") == 0 && count(&contexts, "/ancestors") > 0, "pick a site inside another, with no parts");
    assert_json_snapshot!("leaf_site", contexts);
}

#[test]
fn actors_index() {
    assert_json_snapshot!("actors", contexts_of("actors/index.html"));
}

#[test]
fn actor_with_quotes_and_sub_units() {
    let contexts = contexts_of("actors/dgam/index.html");
    assert!(count(&contexts, "/quotes") > 0 && count(&contexts, "/children") > 0, "pick an actor with quotes and sub-units");
    assert_json_snapshot!("actor_with_quotes_and_sub_units", contexts);
}

#[test]
fn event_reported_by_several_articles() {
    let contexts = contexts_of("events/palmyra-falls-2015/index.html");
    assert!(count(&contexts, "/event/reported_in") > 1, "pick an event reported by several articles");
    assert_json_snapshot!("event_reported_by_several_articles", contexts);
}

#[test]
fn timeline() {
    let contexts = contexts_of("timeline/index.html");
    assert!(contexts.parts.is_empty(), "the overview lists no events");
    assert!(count(&contexts, "/years") > 1 && count(&contexts, "/chart/bars") >= 12);
    assert_json_snapshot!("timeline", contexts);
}

/// A year of the whole timeline: its months' rows are rendered apart.
#[test]
fn timeline_year() {
    let contexts = contexts_of("timeline/2015/index.html");
    // Every month's marker is in the page's context, in the order of the parts.
    let markers: Vec<&str> = contexts.context["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|group| group["parts"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    let parts: Vec<&str> = contexts.parts.iter().map(|part| part.marker.as_str()).collect();
    assert!(parts.len() > 1);
    assert_eq!(markers, parts);
    assert_json_snapshot!("timeline_year", contexts);
}

#[test]
fn not_found() {
    assert_json_snapshot!("not_found", contexts_of("404.html"));
}

#[test]
fn moved() {
    assert_json_snapshot!("moved", contexts_of("sites/bel-temple/index.html"));
}

#[test]
fn sitemap() {
    assert_json_snapshot!("sitemap", contexts_of("sitemap.xml"));
}

#[test]
fn atom() {
    assert_json_snapshot!("atom", contexts_of("atom.xml"));
}

#[test]
fn search() {
    assert_json_snapshot!("search", contexts_of("search/index.html"));
}

#[test]
fn robots() {
    assert_json_snapshot!("robots", contexts_of("robots.txt"));
}

/// A site's feed: the reports listing it or a site inside it, one of them revised (`updated`).
#[test]
fn atom_of_a_site() {
    let contexts = contexts_of("sites/palmyra/atom.xml");
    let entries = contexts.context["entries"].as_array().unwrap();
    assert!(entries.iter().any(|e| e["updated"] != e["published"]), "pick a feed with a revised report");
    assert_json_snapshot!("atom_of_a_site", contexts);
}

/// Files of open data are written in Rust, not by a template: their
/// "context" is what they hold (the JSON, or the CSV's text).
#[test]
fn data_events_json() {
    assert_json_snapshot!("data_events_json", contexts_of("data/events.json"));
}

/// `Renderer::context` is what templates receive, for every page of the
/// example: each template is replaced by one that prints Tera's own dump of
/// its context (`__tera_context`), and the dumps are compared with it. The
/// timeline's months (on year pages) print their dump as JSON string content, so that
/// spliced in place of their markers the page still reads as JSON.
#[test]
fn the_context_is_what_templates_receive() {
    let example = example();
    let dump = "{{ __tera_context | safe }}";
    let part_dump = r#"{{ __tera_context | json_encode | trim_start_matches(pat='"') | trim_end_matches(pat='"') | safe }}"#;
    let overrides: Vec<(String, String)> = example
        .pages
        .iter()
        .filter(|p| !matches!(p.kind, pages::PageKind::Data(_) | pages::PageKind::SearchIndex(_)))
        .map(|p| p.kind.template())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|template| (template.to_string(), dump.to_string()))
        .chain([(stele::render::TIMELINE_PART.to_string(), part_dump.to_string())])
        .collect();
    let sources = templates::sources(&overrides);
    let tera = templates::compile(&sources, &overrides).unwrap_or_else(|problems| panic!("{problems:?}"));
    let settings = RenderSettings::for_publishing(example.model.config.base_url.as_deref());
    let renderer = Renderer::new(&tera, templates::fingerprints(&sources), &example.model, &example.pages, settings).with_template_sources(&sources);
    // Data files and the search index have no template (their context is their content).
    for page in example.pages.iter().filter(|p| !matches!(p.kind, pages::PageKind::Data(_) | pages::PageKind::SearchIndex(_))) {
        let expected = renderer.context(page).unwrap();
        let html = renderer.render(page, None, None).unwrap_or_else(|failure| panic!("{}: {failure:?}", page.path)).html.unwrap();
        let mut received: Value = serde_json::from_str(&html).unwrap_or_else(|err| panic!("{}: {err}", page.path));
        // The timeline: each part's dump stands where its marker was; put the marker back.
        let mut parts = Vec::new();
        for group in received.get_mut("groups").and_then(Value::as_array_mut).into_iter().flatten() {
            for part in group.get_mut("parts").and_then(Value::as_array_mut).into_iter().flatten() {
                parts.push(serde_json::from_str::<Value>(part.as_str().unwrap()).unwrap());
                *part = Value::from(expected.parts[parts.len() - 1].marker.clone());
            }
        }
        let expected_parts = Value::from(expected.parts.iter().map(|part| part.context.clone()).collect::<Vec<_>>());
        for (what, received, expected) in [("", &received, &expected.context), ("/parts", &Value::from(parts), &expected_parts)] {
            if let Some(difference) = first_difference(received, expected, what.to_string()) {
                panic!("{}: templates received another context than Renderer::context gives: {difference}", page.path);
            }
        }
    }
}

/// Where two JSON values first differ (a JSON pointer and both sides), if they do.
fn first_difference(received: &Value, expected: &Value, at: String) -> Option<String> {
    match (received, expected) {
        (Value::Object(r), Value::Object(e)) => {
            let keys: std::collections::BTreeSet<&String> = r.keys().chain(e.keys()).collect();
            keys.into_iter().find_map(|key| match (r.get(key), e.get(key)) {
                (Some(r), Some(e)) => first_difference(r, e, format!("{at}/{key}")),
                (r, e) => Some(format!("{at}/{key}: received {r:?}, expected {e:?}")),
            })
        }
        (Value::Array(r), Value::Array(e)) if r.len() == e.len() => {
            r.iter().zip(e).enumerate().find_map(|(i, (r, e))| first_difference(r, e, format!("{at}/{i}")))
        }
        _ if received == expected => None,
        _ => Some(format!("{at}: received {received}, expected {expected}")),
    }
}

/// Every page kind of the plan has a snapshot above: a new kind needs one.
#[test]
fn every_page_kind_is_snapshotted() {
    let names: std::collections::BTreeSet<&str> = example().pages.iter().map(|p| p.kind.name()).collect();
    let snapshotted = [
        "home",
        "article_list",
        "article",
        "sites",
        "site",
        "actors",
        "actor",
        "event",
        "timeline",
        "timeline_period",
        "404",
        "sitemap",
        "atom",
        "moved",
        "robots",
        "data",
        "search",
        "search-index",
    ];
    assert_eq!(names, snapshotted.into_iter().collect());
}
