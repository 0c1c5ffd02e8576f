//! Stage 4: the model becomes pages, through Tera templates.
//!
//! `pages` decides which pages exist and what data each shows, `context`
//! holds the serializable shapes templates receive, `templates` the built-in
//! template set. Rendering is a pure function of (model, templates, page).

pub mod charts;
pub mod context;
pub mod data;
pub mod deps;
pub mod entities;
pub mod failures;
pub mod json_ld;
pub mod maps;
mod native;
pub mod pages;
pub mod recursion;
pub mod rows;
/// The translation tables pages are made with (callers of `pages` pass one).
pub use stele_i18n as i18n;
pub mod search;
pub mod templates;
mod texts;
pub mod views;

use context::{
    ActorData, ActorsData, ArticleData, ArticleListData, AtomData, ChangesData, ConfigView, Empty, EventCard, EventData, HomeData, MovedData,
    PageContext, PageLinkView, PageView, SiteData, SitemapData, SitesData, SocialView, TimelineData, TimelinePart, TimelinePeriodData,
};
use deps::{DepKey, ItemNumbers, Recorder};
use failures::RenderFailure;
pub use pages::ChangesPage;
use pages::{Page, PageKind, TimelineChunk};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use stele_core::model::SiteModel;
use stele_core::urls;
use tera::Tera;
use views::Views;
use xxhash_rust::xxh3::Xxh3;

/// A rendered page, or the news that it would render exactly as before.
pub struct Rendered {
    /// Hash of everything the page is made from: its template (with the
    /// shared ones) and its serialized context; only when asked for.
    pub fingerprint: Option<u128>,
    /// None when the fingerprint equals the previous one: the old bytes stand.
    pub html: Option<String>,
    /// What the page's data read, when asked for (see `deps`).
    pub deps: Option<Vec<DepKey>>,
}

/// Feeds serialized bytes into a hasher without building them in memory.
struct HashWriter(Xxh3);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderSettings {
    /// `root` for the 404 page, which servers show at any depth: `/` under
    /// `stele serve`, the path of `base_url` when publishing (see `for_publishing`).
    pub not_found_root: String,
}

impl RenderSettings {
    /// For a published build. Servers show the 404 page at any depth
    /// (`/a/b/missing`), where relative links would break: its `root` is the
    /// absolute path of `base_url` (`/palmyra/` for
    /// `https://example.org/palmyra/`). Without `base_url` that path is
    /// unknown, and the page stays relative like every other one: its links
    /// then work where a server shows it at the site's top level.
    pub fn for_publishing(base_url: Option<&str>) -> Self {
        RenderSettings { not_found_root: base_url.map(url_path).unwrap_or_default() }
    }
}

/// The path of an absolute URL, from its first `/` after the host, without
/// query or fragment: `/palmyra/` for `https://example.org/palmyra/`, `/`
/// for `https://example.org`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |at| &after_scheme[at..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

pub struct Renderer<'a> {
    tera: &'a Tera,
    model: &'a SiteModel,
    pages: &'a [Page],
    config: ConfigView<'a>,
    /// The interface texts of the site's language, with the project's own.
    table: stele_i18n::Table,
    /// Which way the site's language runs.
    dir: &'static str,
    /// The words of the timeline's period labels, from `table`.
    period_words: pages::PeriodWords,
    /// The words figure values are shown with, from `table`.
    figure_words: stele_core::figures::FigureWords,
    /// Hash of `table`, for the fingerprints of pages and parts (their
    /// serialized data leaves the table out).
    table_hash: u64,
    /// `t`, `tm` and `tx` as Tera's values, made once per build (`texts`).
    texts: texts::TextValues,
    settings: RenderSettings,
    /// Per page template: hash of its source and of every shared template.
    template_fingerprints: HashMap<&'static str, u64>,
    /// Whether to fingerprint pages (costs a serialization; only rebuilds use it).
    fingerprinting: bool,
    /// Rendered parts of pages kept between builds, and this build's facet
    /// hashes to fingerprint them (only with a cache).
    fragments: Option<(&'a Fragments, &'a deps::ModelHashes)>,
    /// What the changes page shows, when the build makes one.
    changes: Option<&'a ChangesPage>,
    /// Where the sites are, for maps: made by the first page with a map.
    places: std::sync::OnceLock<maps::Places>,
    /// The search index, made once for all its files (`prepare_search`, or
    /// the first of them rendered).
    search: std::sync::OnceLock<search::SearchIndex>,
    /// Each timeline's events by period, read once per build by the first page of its scope.
    scope_timelines: std::sync::Mutex<HashMap<pages::TimelineScope, Arc<pages::ScopeTimeline>>>,
    /// The texts of timeline rows, when rows are written in Rust (`rows`):
    /// the project uses the built-in `macros.html`.
    row_texts: Option<rows::RowTexts>,
    /// Whether the timeline's months are joined rows (`rows::part`) rather
    /// than rendered by `timeline_events.html`: rows are written in Rust and
    /// that template is the built-in one, which only joins them.
    parts_in_rust: bool,
    /// The pages written in Rust (`native`): the project uses the built-in
    /// templates they are written from.
    native: Option<native::NativePages>,
}

/// Stands in a page's context for part `i`, rendered apart. Escaped text
/// can never contain it: `<` and `>` are escaped.
pub(crate) fn part_marker(i: usize) -> String {
    format!("<!--stele-part-{i}-->")
}

/// `html` with every part marker replaced by its part.
fn splice(html: &str, parts: &[(u128, Arc<str>)]) -> String {
    const OPEN: &str = "<!--stele-part-";
    let mut out = String::with_capacity(html.len() + parts.iter().map(|(_, p)| p.len()).sum::<usize>());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let part = after.find("-->").and_then(|end| after[..end].parse::<usize>().ok().map(|i| (i, end)));
        match part.and_then(|(i, end)| parts.get(i).map(|(_, html)| (html, end))) {
            Some((html, end)) => {
                out.push_str(&rest[..at]);
                out.push_str(html);
                rest = &after[end + "-->".len()..];
            }
            None => {
                out.push_str(&rest[..at + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A rendered part of a page: the fingerprint of what it was made from, and its HTML.
type Part = (u128, Arc<str>);

/// The template rendering one month of the timeline (named in `templates`' table).
pub use templates::TIMELINE_PART;

/// Parts of pages kept between rebuilds (`serve`), each with the
/// fingerprint of what it was made from: the timeline's months by key
/// (each on one page: a year's or its own),
/// the rows of the whole-site data files by event, and the search index's
/// documents (their terms and rows) by URL.
#[derive(Default)]
pub struct Fragments {
    timeline: std::sync::Mutex<HashMap<String, (u128, Arc<str>)>>,
    rows: data::KeptRows,
    search: search::KeptDocuments,
}

impl<'a> Renderer<'a> {
    /// `template_fingerprints`: `templates::fingerprints` of the template texts in use.
    pub fn new(
        tera: &'a Tera,
        template_fingerprints: HashMap<&'static str, u64>,
        model: &'a SiteModel,
        pages: &'a [Page],
        settings: RenderSettings,
    ) -> Self {
        let table = stele_i18n::Table::for_site(&model.config.language, &model.config.translations);
        let table_hash = serde_json::to_vec(&table).map_or(0, |bytes| xxhash_rust::xxh3::xxh3_64(&bytes));
        let texts = texts::TextValues::new(&table, table_hash);
        Renderer {
            row_texts: None,
            parts_in_rust: false,
            native: None,
            scope_timelines: std::sync::Mutex::default(),
            texts,
            tera,
            model,
            pages,
            config: ConfigView::new(&model.config),
            dir: stele_i18n::direction(&model.config.language).as_str(),
            period_words: pages::PeriodWords::new(&table),
            figure_words: table.figure_words(),
            table,
            table_hash,
            settings,
            template_fingerprints,
            fingerprinting: false,
            fragments: None,
            changes: None,
            places: std::sync::OnceLock::new(),
            search: std::sync::OnceLock::new(),
        }
    }

    /// Render the changes page (which `pages` must hold) from `changes`, and link it from the home page.
    pub fn with_changes(mut self, changes: &'a ChangesPage) -> Self {
        self.changes = Some(changes);
        self
    }

    /// Keep rendered parts of pages in `fragments` and reuse those unchanged.
    pub fn with_fragments(mut self, fragments: &'a Fragments, hashes: &'a deps::ModelHashes) -> Self {
        self.fragments = Some((fragments, hashes));
        self
    }

    /// Fingerprint every page, so that the next build can skip unchanged ones.
    pub fn with_fingerprints(mut self) -> Self {
        self.fingerprinting = true;
        self
    }

    fn places(&self) -> &maps::Places {
        self.places.get_or_init(|| maps::Places::new(Views::new(self.model, None, &self.figure_words).unrecorded()))
    }

    fn title(&self, kind: PageKind) -> String {
        let m = self.model;
        let t = &self.table;
        match kind {
            PageKind::Home => m.config.title.clone(),
            PageKind::ArticleList(1) => t.text("reports").into(),
            PageKind::ArticleList(n) => t.fill("reports_page", &[("n", &n.to_string())]),
            PageKind::Article(ix) => m.articles[ix].title.clone(),
            PageKind::Sites => t.text("sites").into(),
            PageKind::Site(ix) => m.sites[ix].name.clone(),
            PageKind::Actors => t.text("actors").into(),
            PageKind::Actor(ix) => m.actors[ix].name.clone(),
            PageKind::Event(ix) => m.events[ix].title.clone(),
            PageKind::Timeline => t.text("timeline").into(),
            PageKind::TimelinePeriod(scope, period) => match scope {
                pages::TimelineScope::Whole => self.period_words.page_title(None, period),
                pages::TimelineScope::Site(ix) => self.period_words.page_title(Some(&m.sites[ix].name), period),
                pages::TimelineScope::Actor(ix) => self.period_words.page_title(Some(&m.actors[ix].name), period),
            },
            PageKind::Search => t.text("search").into(),
            PageKind::Changes => self.changes.map_or_else(|| t.text("changes").into(), ChangesPage::title),
            PageKind::NotFound => t.text("not_found_title").into(),
            PageKind::Sitemap | PageKind::Atom(_) | PageKind::Data(_) | PageKind::SearchIndex(_) | PageKind::Robots => m.config.title.clone(),
            PageKind::Moved(kind, ix, _) => match kind {
                stele_core::kinds::RefKind::Site => m.sites[ix].name.clone(),
                stele_core::kinds::RefKind::Actor => m.actors[ix].name.clone(),
                _ => m.articles[ix].title.clone(),
            },
        }
    }

    /// Renders one page, unless its fingerprint equals `previous`. With
    /// `numbers`, also notes what the page read (`Rendered::deps`).
    pub fn render(&self, page: &Page, previous: Option<u128>, numbers: Option<&ItemNumbers>) -> Result<Rendered, Box<RenderFailure>> {
        let recorder = numbers.map(Recorder::new);
        let v = Views::new(self.model, recorder.as_ref(), &self.figure_words);
        if let PageKind::Data(file) = page.kind {
            let rendered = self.render_data(page, file, previous, v)?;
            return Ok(Rendered { deps: recorder.map(Recorder::finish), ..rendered });
        }
        if let PageKind::SearchIndex(file) = page.kind {
            let rendered = self.render_search_file(file, previous, v);
            return Ok(Rendered { deps: recorder.map(Recorder::finish), ..rendered });
        }
        let (data, chunks) = self.page_data(v, page);
        let parts = match chunks {
            Some(chunks) => self.render_timeline_parts(page, &chunks)?,
            None => Vec::new(),
        };
        let rendered = self.render_with(page, previous, data, &parts)?;
        Ok(Rendered { deps: recorder.map(Recorder::finish), ..rendered })
    }

    /// What the templates of `page` receive, as data, without rendering:
    /// the context its template gets (`root`, `config`, `page` and the
    /// page's own data, exactly the JSON Tera is given) and, for the
    /// timeline, the context of each month `timeline_events.html` renders.
    /// Built by the same code as `render`, so it cannot drift from what
    /// templates see: it is how theme authors and tests (tests/contexts.rs)
    /// look at a page's input. Records no dependencies.
    pub fn context(&self, page: &Page) -> Result<PageContexts, serde_json::Error> {
        let v = Views::new(self.model, None, &self.figure_words);
        if let PageKind::Data(file) = page.kind {
            return Ok(PageContexts { template: page.kind.template(), context: data_as_json(v, file)?, parts: Vec::new() });
        }
        if let PageKind::SearchIndex(file) = page.kind {
            let text = self.search_index(v).file(file).to_string();
            return Ok(PageContexts { template: page.kind.template(), context: serde_json::Value::String(text), parts: Vec::new() });
        }
        let (data, chunks) = self.page_data(v, page);
        let mut context = self.with_page_context(page, data, |context| {
            self.fill_rows(&mut context.data, context.root);
            serde_json::to_value(&*context)
        })?;
        self.add_texts(&mut context)?;
        let root = urls::root_for(&page.path);
        let parts = chunks
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, chunk)| {
                let mut context = serde_json::to_value(self.timeline_part(&root, chunk))?;
                self.add_texts(&mut context)?;
                Ok(PartContext { template: TIMELINE_PART, marker: part_marker(i), context })
            })
            .collect::<Result<_, serde_json::Error>>()?;
        Ok(PageContexts { template: page.kind.template(), context, parts })
    }

    /// Puts `t`, `tm` and `tx` into a context as rendering does.
    fn add_texts(&self, context: &mut serde_json::Value) -> Result<(), serde_json::Error> {
        if let serde_json::Value::Object(fields) = context {
            self.texts.clone().put_into(fields);
        }
        Ok(())
    }

    /// The data of `page` (what its template gets besides `root`, `config`
    /// and `page`), and for the timeline the months rendered apart, whose
    /// markers the data holds. The one place that says which builder makes
    /// which page's data, for `render` and `context` alike.
    fn page_data<'v>(&self, v: Views<'v>, page: &Page) -> (PageData<'v>, Option<Vec<TimelineChunk>>)
    where
        'a: 'v,
    {
        let base_url = self.model.config.base_url.as_deref().unwrap_or_default();
        let data = match page.kind {
            PageKind::Home => {
                let changes = self.changes.map(|changes| PageLinkView { url: urls::CHANGES, title: changes.title() });
                PageData::Home(HomeData { changes, ..pages::home(v) })
            }
            PageKind::ArticleList(n) => PageData::ArticleList(pages::article_list(v, n)),
            PageKind::Article(ix) => PageData::Article(pages::article(v, ix)),
            PageKind::Sites => PageData::Sites(pages::sites_index(v, self.places(), &self.table)),
            PageKind::Site(ix) => PageData::Site(pages::site(v, ix, self.places(), &self.table)),
            PageKind::Actors => PageData::Actors(pages::actors_index(v, &self.table)),
            PageKind::Actor(ix) => PageData::Actor(pages::actor(v, ix, &self.table)),
            PageKind::Event(ix) => PageData::Event(pages::event(v, ix)),
            PageKind::Timeline => {
                let overview = pages::timeline_overview(v, &self.scope_timeline(pages::TimelineScope::Whole), &self.period_words);
                let swimlanes = charts::timeline_swimlanes(v, self.model.config.swimlane_actors, &self.table);
                let figure_totals = v.figure_totals(0..v.event_count());
                PageData::Timeline(TimelineData { swimlanes, figure_totals, ..overview })
            }
            PageKind::TimelinePeriod(scope, period) => {
                let (data, chunks) = pages::timeline_period(v, scope, period, &self.scope_timeline(scope), &self.period_words, &self.table);
                return (PageData::TimelinePeriod(data), Some(chunks).filter(|c| !c.is_empty()));
            }
            PageKind::Changes => match self.changes {
                Some(changes) => PageData::Changes(pages::changes(v, changes)),
                // Planned only with changes to show (`with_changes`); without, an empty page rather than a panic.
                None => PageData::Changes(pages::changes(v, &EMPTY_CHANGES)),
            },
            PageKind::NotFound | PageKind::Robots => PageData::NotFound(Empty {}),
            PageKind::Sitemap => PageData::Sitemap(pages::sitemap(v, self.pages, base_url)),
            PageKind::Atom(feed) => PageData::Atom(pages::atom(v, base_url, feed, &page.path, &self.table)),
            // Written by `render_data` and `render_search_file`, never through a template.
            PageKind::Data(_) | PageKind::SearchIndex(_) => PageData::NotFound(Empty {}),
            PageKind::Search => PageData::Search(pages::search(v)),
            PageKind::Moved(kind, ix, old) => PageData::Moved(pages::moved(v, kind, ix, old, self.model.config.base_url.as_deref())),
        };
        (data, None)
    }

    /// The context of `timeline_events.html` for one month of the timeline
    /// page, whose `root` is `root`. Its reads were noted by
    /// `pages::timeline_period`: nothing is recorded here.
    fn timeline_part<'r>(&'r self, root: &'r str, chunk: &TimelineChunk) -> TimelinePart<'r> {
        let unrecorded = Views::new(self.model, None, &self.figure_words);
        let mut events: Vec<EventCard> = chunk.ixs.iter().map(|&ix| unrecorded.event_card(ix)).collect();
        if let Some(texts) = &self.row_texts {
            rows::fill(&mut events, root, texts, rows::AtWord::At);
        }
        TimelinePart { root, t: &self.table, dir: self.dir, events }
    }

    /// Has timeline rows written in Rust (`rows`) when `macros.html` in
    /// `sources`, the template texts in use, is the built-in one, and
    /// event and report pages (`native`) when their templates are too.
    pub fn with_template_sources(mut self, sources: &[(&str, &str)]) -> Self {
        let built_in = |wanted: &str| sources.iter().any(|&(name, text)| name == wanted && Some(text) == templates::built_in(wanted));
        self.row_texts = built_in("macros.html").then(|| rows::RowTexts::new(&self.table));
        self.parts_in_rust = self.row_texts.is_some() && built_in(TIMELINE_PART);
        let shared = built_in("base.html") && built_in("macros.html");
        self.native = native::NativePages::new(&self.table, shared && built_in("event.html"), shared && built_in("article.html"));
        self
    }

    /// The events of a timeline `scope` by period (made by the first page asking).
    fn scope_timeline(&self, scope: pages::TimelineScope) -> Arc<pages::ScopeTimeline> {
        let kept = self.scope_timelines.lock().unwrap_or_else(|e| e.into_inner()).get(&scope).cloned();
        kept.unwrap_or_else(|| {
            // Made outside the lock: pages of other scopes need not wait.
            let timeline = Arc::new(pages::ScopeTimeline::of(self.model, scope, &self.figure_words));
            self.scope_timelines.lock().unwrap_or_else(|e| e.into_inner()).entry(scope).or_insert(timeline).clone()
        })
    }

    /// Gives the event cards of `data` their rows, when rows are written in
    /// Rust: once the page's fingerprint says it is to be rendered.
    fn fill_rows(&self, data: &mut PageData, root: &str) {
        let Some(texts) = &self.row_texts else { return };
        let fill = |cards: &mut [EventCard], at| rows::fill(cards, root, texts, at);
        match data {
            PageData::Home(home) => fill(&mut home.recent_events, rows::AtWord::At),
            PageData::Site(site) => site.page.timeline.iter_mut().for_each(|year| fill(&mut year.events, rows::AtWord::At)),
            PageData::Actor(actor) => actor.page.timeline.iter_mut().for_each(|year| fill(&mut year.events, rows::AtWord::Via)),
            PageData::TimelinePeriod(period) => {
                let at = if period.scope.kind == "actor" { rows::AtWord::Via } else { rows::AtWord::At };
                period.groups.iter_mut().for_each(|group| fill(&mut group.events, at));
            }
            _ => {}
        }
    }

    /// The timeline's months, rendered in parallel by `timeline_events.html`,
    /// in the order of their markers. With `fragments`, a month whose
    /// events' cards are unchanged since the last build reuses its HTML.
    fn render_timeline_parts(&self, page: &Page, chunks: &[TimelineChunk]) -> Result<Vec<Part>, Box<RenderFailure>> {
        use rayon::prelude::*;
        let root = urls::root_for(&page.path);
        let template_fingerprint = self.template_fingerprints.get(page.kind.template()).copied().unwrap_or_default();
        // Pages of the timeline render in parallel, each taking only its own months.
        let kept: HashMap<&str, Part> = match self.fragments {
            Some((f, _)) => {
                let mut all = f.timeline.lock().unwrap_or_else(|e| e.into_inner());
                chunks.iter().filter_map(|chunk| all.remove(&chunk.key).map(|part| (chunk.key.as_str(), part))).collect()
            }
            None => HashMap::new(),
        };
        let failed = |err: tera::Error| RenderFailure::new(&page.path, TIMELINE_PART, &err, None);
        let parts: Vec<Result<Part, Box<RenderFailure>>> = chunks
            .par_iter()
            .map(|chunk| {
                // What the month shows, from the hashes of what its cards show: no serializing.
                let fingerprint = self.fragments.map(|(_, hashes)| {
                    let mut hasher = Xxh3::new();
                    hasher.update(&template_fingerprint.to_le_bytes());
                    hasher.update(&self.table_hash.to_le_bytes());
                    hasher.update(root.as_bytes());
                    for &ix in &chunk.ixs {
                        hasher.update(&hashes.event_card_hash(self.model, ix).to_le_bytes());
                    }
                    hasher.digest128()
                });
                if let (Some(fingerprint), Some((old, html))) = (fingerprint, kept.get(chunk.key.as_str())) {
                    if *old == fingerprint {
                        return Ok((fingerprint, Arc::clone(html)));
                    }
                }
                let part = self.timeline_part(&root, chunk);
                let html = if self.parts_in_rust {
                    rows::join(&part.events)
                } else {
                    let fields = serde_json::to_value(part).map_err(|err| failed(tera::Error::json(err)))?;
                    self.render_template(TIMELINE_PART, fields)
                        .map_err(|(err, context)| RenderFailure::new(&page.path, TIMELINE_PART, &err, Some(&context)))?
                };
                Ok((fingerprint.unwrap_or_default(), Arc::from(html)))
            })
            .collect();
        let parts = parts.into_iter().collect::<Result<Vec<Part>, _>>()?;
        if let Some((fragments, _)) = self.fragments {
            fragments
                .timeline
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(chunks.iter().map(|chunk| chunk.key.clone()).zip(parts.iter().cloned()));
        }
        Ok(parts)
    }

    /// Writes a file of open data (no template), unless its bytes are those
    /// of `previous`: for these files, the fingerprint is of the bytes.
    fn render_data(&self, page: &Page, file: data::DataFile, previous: Option<u128>, v: Views) -> Result<Rendered, Box<RenderFailure>> {
        let failed = |message: String| RenderFailure::new(&page.path, page.kind.template(), &tera::Error::msg(message), None);
        let bytes = data::produce(v, file, self.fragments.map(|(f, hashes)| (&f.rows, hashes))).map_err(|err| failed(err.to_string()))?;
        let fingerprint = self.fingerprinting.then(|| xxhash_rust::xxh3::xxh3_128(&bytes));
        if fingerprint.is_some() && fingerprint == previous {
            return Ok(Rendered { fingerprint, html: None, deps: None });
        }
        let text = String::from_utf8(bytes).map_err(|err| failed(err.to_string()))?;
        Ok(Rendered { fingerprint, html: Some(text), deps: None })
    }

    /// Makes the search index now, on rayon's threads, when `pages` (those
    /// about to be rendered) include a file of it: called before pages are
    /// rendered in parallel, since a page must not wait for work on rayon's
    /// threads (see `SearchIndex::build`). Without it, the first file
    /// rendered makes the index on its own thread.
    pub fn prepare_search<'p>(&self, mut pages: impl Iterator<Item = &'p Page>) {
        if pages.any(|page| matches!(page.kind, PageKind::SearchIndex(_))) {
            self.search.get_or_init(|| {
                search::SearchIndex::build(
                    Views::new(self.model, None, &self.figure_words),
                    search::Layout::of(self.model),
                    true,
                    self.kept_documents(),
                )
            });
        }
    }

    /// The search index's documents of the last build, when rebuilding.
    fn kept_documents(&self) -> Option<&search::KeptDocuments> {
        self.fragments.map(|(fragments, _)| &fragments.search)
    }

    /// The search index, made on this thread unless `prepare_search` made it.
    fn search_index(&self, v: Views) -> &search::SearchIndex {
        self.search.get_or_init(|| search::SearchIndex::build(v.unrecorded().views(), search::Layout::of(self.model), false, self.kept_documents()))
    }

    /// Writes a file of the search index, unless its bytes are those of
    /// `previous`. Each file records everything the index reads.
    fn render_search_file(&self, file: search::SearchFile, previous: Option<u128>, v: Views) -> Rendered {
        v.note_search_index();
        let text = self.search_index(v).take_file(file);
        let fingerprint = self.fingerprinting.then(|| xxhash_rust::xxh3::xxh3_128(text.as_bytes()));
        if fingerprint.is_some() && fingerprint == previous {
            return Rendered { fingerprint, html: None, deps: None };
        }
        Rendered { fingerprint, html: Some(text), deps: None }
    }

    /// Builds the context of `page` from its `data` and hands it to `use_context`:
    /// the one place `root`, `config` and `page` are put beside a page's data.
    fn with_page_context<R>(&self, page: &Page, data: PageData, use_context: impl FnOnce(&mut PageContext<PageData>) -> R) -> R {
        let root = match page.kind {
            PageKind::NotFound => self.settings.not_found_root.clone(),
            _ => urls::root_for(&page.path),
        };
        // Absolute addresses need `base_url`; the 404 page, shown at any address, has none of its
        // own. The search page is left out of the sitemap but has an address like any page.
        let base_url = self.model.config.base_url.as_deref().filter(|_| page.kind.is_listed() || page.kind == PageKind::Search);
        let canonical = base_url.map(|base| format!("{base}{}", urls::pretty(&page.path)));
        let social = base_url.map(|_| self.social(page.kind, &data));
        let json_ld = base_url.and_then(|base| self.json_ld(base, &data));
        use_context(&mut PageContext {
            root: &root,
            config: &self.config,
            t: &self.table,
            dir: self.dir,
            page: PageView { kind: page.kind.name(), title: self.title(page.kind), path: &page.path, canonical, social, json_ld },
            data,
        })
    }

    /// Renders `template` from a page's (or part's) `fields` with the
    /// interface texts beside them (`texts`). On failure, the whole
    /// context as JSON goes with the error.
    fn render_template(&self, template: &str, fields: serde_json::Value) -> Result<String, (tera::Error, serde_json::Value)> {
        let serde_json::Value::Object(fields) = fields else {
            return Err((tera::Error::msg("a page's context is not a map"), fields));
        };
        self.texts.with_texts(fields, |context| self.tera.render(template, context))
    }

    /// The Open Graph values of a page (see `SocialView`).
    fn social(&self, kind: PageKind, data: &PageData) -> SocialView {
        let description = match data {
            PageData::Article(article) => article.article.summary.map(str::to_string),
            PageData::Home(_) => self.model.config.description.clone(),
            _ => None,
        };
        let og_type = if matches!(kind, PageKind::Article(_)) { "article" } else { "website" };
        SocialView { og_type, locale: self.model.config.language.replace('-', "_"), description }
    }

    /// The schema.org JSON-LD of a page, ready for a `<script>` element,
    /// when its kind has one (see `json_ld`).
    fn json_ld(&self, base: &str, data: &PageData) -> Option<String> {
        let site = json_ld::Site { base, config: &self.model.config };
        let node = match data {
            PageData::Home(_) => json_ld::home(&site),
            PageData::Article(data) => json_ld::article(&site, data),
            PageData::Site(data) => json_ld::site(&site, data),
            PageData::Actor(data) => json_ld::actor(&site, data),
            PageData::Event(data) => json_ld::event(&site, data),
            _ => return None,
        };
        Some(json_ld::to_script_text(&node))
    }

    /// Renders a page from `data`; `parts` (fingerprint, HTML) replace the
    /// markers `part_marker(i)` in the output (and count in its fingerprint).
    fn render_with(&self, page: &Page, previous: Option<u128>, data: PageData, parts: &[(u128, Arc<str>)]) -> Result<Rendered, Box<RenderFailure>> {
        self.with_page_context(page, data, |context| {
            let template = page.kind.template();
            let failed = |err: tera::Error| RenderFailure::new(&page.path, template, &err, None);
            let fingerprint = if self.fingerprinting {
                let mut hasher = HashWriter(Xxh3::new());
                let template_fingerprint = self.template_fingerprints.get(template).copied().unwrap_or_default();
                hasher.0.update(&template_fingerprint.to_le_bytes());
                hasher.0.update(&self.table_hash.to_le_bytes());
                // Before the rows are written: a row is made from its card, the root and the table, all counted here.
                serde_json::to_writer(&mut hasher, &*context).map_err(|err| failed(tera::Error::json(err)))?;
                for (part, _) in parts {
                    hasher.0.update(&part.to_le_bytes());
                }
                Some(hasher.0.digest128())
            } else {
                None
            };
            if fingerprint.is_some() && fingerprint == previous {
                return Ok(Rendered { fingerprint, html: None, deps: None });
            }
            self.fill_rows(&mut context.data, context.root);
            let context = &*context;
            let native = self.native.as_ref().and_then(|native| native.page(context));
            let html = match native {
                Some(html) if cfg!(debug_assertions) => self.same_as_template(page, template, context, html)?,
                Some(html) => html,
                None => self.render_by_template(page, template, context)?,
            };
            let html = if parts.is_empty() { html } else { splice(&html, parts) };
            Ok(Rendered { fingerprint, html: Some(html), deps: None })
        })
    }
}

impl Renderer<'_> {
    /// Renders `page` by its `template` from `context`.
    fn render_by_template(&self, page: &Page, template: &'static str, context: &PageContext<PageData>) -> Result<String, Box<RenderFailure>> {
        let fields = serde_json::to_value(context).map_err(|err| RenderFailure::new(&page.path, template, &tera::Error::json(err), None))?;
        // The context goes with a failure: what it has is what a missing variable could have meant.
        self.render_template(template, fields).map_err(|(err, context)| RenderFailure::new(&page.path, template, &err, Some(&context)))
    }

    /// `html`, written natively, if the template writes the same (debug
    /// builds check every such page); else a failure naming the first line that differs.
    fn same_as_template(
        &self,
        page: &Page,
        template: &'static str,
        context: &PageContext<PageData>,
        html: String,
    ) -> Result<String, Box<RenderFailure>> {
        let by_template = self.render_by_template(page, template, context)?;
        if by_template == html {
            return Ok(html);
        }
        let (mut native, mut tera) = (html.lines(), by_template.lines());
        let (line, native, tera) = (1..).map(|line| (line, native.next(), tera.next())).find(|(_, native, tera)| native != tera).unwrap_or((
            html.lines().count() + 1,
            None,
            None,
        ));
        let [native, tera] = [native, tera].map(|text| text.unwrap_or("(the end)"));
        let message = format!("the page written in Rust differs from {template} at line {line}:\n  Rust: {native}\n  Tera: {tera}");
        Err(RenderFailure::new(&page.path, template, &tera::Error::msg(message), None))
    }
}

/// What a changes page planned without changes would show: nothing.
static EMPTY_CHANGES: ChangesPage = ChangesPage { since: None, changes: stele_changes::Changes::EMPTY };

/// A data file as `Renderer::context` shows it: the JSON it holds, or the text of a CSV file.
fn data_as_json(v: Views, file: data::DataFile) -> Result<serde_json::Value, serde_json::Error> {
    let bytes = data::produce(v, file, None).map_err(|err| serde_json::Error::io(std::io::Error::other(err.to_string())))?;
    match file {
        data::DataFile::EventsCsv => Ok(serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned())),
        _ => serde_json::from_slice(&bytes),
    }
}

/// A page's own data, whatever its kind. Untagged: it serializes as the
/// data it holds, so the context is the same as with the data itself.
/// One lives per page being rendered, moved once: boxing the large
/// variants would only add an allocation per page.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum PageData<'a> {
    Home(HomeData<'a>),
    ArticleList(ArticleListData<'a>),
    Article(ArticleData<'a>),
    Sites(SitesData<'a>),
    Site(SiteData<'a>),
    Actors(ActorsData<'a>),
    Actor(ActorData<'a>),
    Event(EventData<'a>),
    Timeline(TimelineData),
    TimelinePeriod(TimelinePeriodData<'a>),
    Changes(ChangesData<'a>),
    NotFound(Empty),
    Sitemap(SitemapData),
    Atom(AtomData<'a>),
    Moved(MovedData<'a>),
    Search(search::SearchData),
}

/// What the templates of one page receive (`Renderer::context`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageContexts {
    /// The template rendering the page.
    pub template: &'static str,
    /// Its context, exactly as Tera receives it.
    pub context: serde_json::Value,
    /// Parts rendered apart and spliced into the page, in order (only the
    /// timeline has them: one per month). Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartContext>,
}

/// One part of a page: rendered by `template` from `context`, its HTML
/// replaces `marker` where the page's context holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartContext {
    pub template: &'static str,
    pub marker: String,
    pub context: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_404_page_of_a_published_build_links_from_the_site_path() {
        assert_eq!(RenderSettings::for_publishing(Some("https://example.org/palmyra/")).not_found_root, "/palmyra/");
        assert_eq!(RenderSettings::for_publishing(Some("https://example.org/")).not_found_root, "/");
        assert_eq!(url_path("https://example.org"), "/");
        assert_eq!(url_path("http://example.org:8080/a/b?x=1#top"), "/a/b/");
        assert_eq!(RenderSettings::for_publishing(None).not_found_root, "");
    }
}
