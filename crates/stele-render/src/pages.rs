//! Which pages exist, where they go, and the data each one shows.

use crate::charts;
use crate::context::*;
use crate::data::{DataFile, WHOLE_SITE_FILES};
use crate::entities::ShownEntity;
use crate::maps::{self, Places};
use crate::search::{self, SearchFile};
use crate::views::Views;
use std::collections::{BTreeMap, HashMap};
use stele_changes::{FieldChange, ItemKind};
use stele_core::date::{DateWords, EdtfDate, PublicationDate};
use stele_core::kinds::RefKind;
use stele_core::model::*;
use stele_core::urls;
use stele_i18n::Table;

/// What the changes page shows: what changed, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangesPage {
    /// The date of the earlier version, as shown ("11 December 2016"), when known.
    pub since: Option<String>,
    pub changes: stele_changes::Changes,
}

impl ChangesPage {
    /// "Changes since 11 December 2016", or "since the previous version".
    pub fn title(&self) -> String {
        format!("Changes since {}", self.since.as_deref().unwrap_or("the previous version"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    Home,
    /// 1-based page number.
    ArticleList(usize),
    Article(ArticleIx),
    Sites,
    Site(SiteIx),
    Actors,
    Actor(ActorIx),
    Event(EventIx),
    /// The timeline's overview: counts per month, links to the years.
    Timeline,
    /// A year (or a month of a year too big for one page) of the timeline,
    /// or of one site's or actor's events (see `limits::PERIOD_EVENTS`).
    TimelinePeriod(TimelineScope, Period),
    /// What changed since an earlier version (`build --changes-since`).
    Changes,
    NotFound,
    Sitemap,
    Atom(Feed),
    /// A file of open data under `data/`, written in Rust rather than by a template.
    Data(DataFile),
    /// The page at an old id of a report, site or actor (`moved_from`),
    /// sending readers on: the document's kind, its index, and which of
    /// its old ids.
    Moved(RefKind, usize, usize),
    /// `robots.txt`, unless the project has its own.
    Robots,
    /// The search page, `search/index.html`.
    Search,
    /// A file of the search index under `search/`, written in Rust.
    SearchIndex(SearchFile),
}

/// `template()` and `name()` come from the template table in `templates.rs`,
/// which names each kind's template.
impl PageKind {
    /// What the page is, in words: "the home page" is `the ` and this.
    pub fn description(self) -> &'static str {
        match self {
            PageKind::Home => "home page",
            PageKind::ArticleList(_) => "report list",
            PageKind::Article(_) => "page of a report",
            PageKind::Sites => "index of sites",
            PageKind::Site(_) => "page of a site",
            PageKind::Actors => "index of actors",
            PageKind::Actor(_) => "page of an actor",
            PageKind::Event(_) => "page of an event",
            PageKind::Timeline => "timeline",
            PageKind::TimelinePeriod(..) => "timeline page of a year or month",
            PageKind::NotFound => "page for missing addresses",
            PageKind::Sitemap => "sitemap",
            PageKind::Atom(_) => "Atom feed",
            PageKind::Data(_) => "open data file",
            PageKind::Moved(..) => "redirect page of a moved document",
            PageKind::Robots => "robots.txt for crawlers",
            PageKind::Changes => "page of changes since the previous version",
            PageKind::Search => "search page",
            PageKind::SearchIndex(_) => "search index file",
        }
    }

    /// HTML pages a reader can land on (what goes in the sitemap).
    pub fn is_listed(self) -> bool {
        !matches!(
            self,
            PageKind::NotFound
                | PageKind::Sitemap
                | PageKind::Atom(_)
                | PageKind::Data(_)
                | PageKind::Robots
                | PageKind::Moved(..)
                | PageKind::Search
                | PageKind::SearchIndex(_)
        )
    }
}

/// Whose events a timeline page split by time shows: every event, or a
/// site's or actor's (with those of every entity inside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimelineScope {
    Whole,
    Site(SiteIx),
    Actor(ActorIx),
}

/// A year, or one month (1-12) of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub year: i32,
    pub month: Option<u32>,
}

/// Which reports an Atom feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feed {
    /// Every report: `atom.xml`.
    Whole,
    /// Reports about a site or a site inside it: `sites/<id>/atom.xml`.
    Site(SiteIx),
    /// Reports about an actor or one of its sub-units: `actors/<id>/atom.xml`.
    Actor(ActorIx),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub kind: PageKind,
    /// Output path relative to the output root.
    pub path: String,
}

pub fn list_page_count(model: &SiteModel) -> usize {
    model.articles.len().div_ceil(model.config.articles_per_page).max(1)
}

/// Every page of the site, in a fixed order.
pub fn plan(model: &SiteModel) -> Vec<Page> {
    let mut pages = Vec::with_capacity(model.articles.len() + model.sites.len() + model.actors.len() + model.events.len() + 16);
    let mut add = |kind: PageKind, path: String| pages.push(Page { kind, path });
    add(PageKind::Home, urls::HOME.into());
    for n in 1..=list_page_count(model) {
        add(PageKind::ArticleList(n), urls::article_list(n));
    }
    for (ix, a) in model.articles.iter().enumerate() {
        add(PageKind::Article(ix), urls::article(&a.id));
    }
    for (ix, a) in model.articles.iter().enumerate() {
        for (old, id) in a.moved_from.iter().enumerate() {
            add(PageKind::Moved(RefKind::Article, ix, old), urls::article(id));
        }
    }
    add(PageKind::Sites, urls::SITES.into());
    for (ix, s) in model.sites.iter().enumerate() {
        add(PageKind::Site(ix), urls::site(&s.id));
        for period in entity_periods::<SiteFacts>(model, ix) {
            add(
                PageKind::TimelinePeriod(TimelineScope::Site(ix), period),
                urls::timeline_period(Some((RefKind::Site, &s.id)), period.year, period.month),
            );
        }
        for (old, id) in s.moved_from.iter().enumerate() {
            add(PageKind::Moved(RefKind::Site, ix, old), urls::site(id));
        }
    }
    add(PageKind::Actors, urls::ACTORS.into());
    for (ix, a) in model.actors.iter().enumerate() {
        add(PageKind::Actor(ix), urls::actor(&a.id));
        for period in entity_periods::<ActorFacts>(model, ix) {
            add(
                PageKind::TimelinePeriod(TimelineScope::Actor(ix), period),
                urls::timeline_period(Some((RefKind::Actor, &a.id)), period.year, period.month),
            );
        }
        for (old, id) in a.moved_from.iter().enumerate() {
            add(PageKind::Moved(RefKind::Actor, ix, old), urls::actor(id));
        }
    }
    for (ix, e) in model.events.iter().enumerate() {
        add(PageKind::Event(ix), urls::event(&e.id));
    }
    add(PageKind::Timeline, urls::TIMELINE.into());
    for period in periods(&period_counts(model.events.iter().map(|e| &e.date))) {
        add(PageKind::TimelinePeriod(TimelineScope::Whole, period), urls::timeline_period(None, period.year, period.month));
    }
    add(PageKind::Search, urls::SEARCH.into());
    add(PageKind::NotFound, urls::NOT_FOUND.into());
    for (file, path) in WHOLE_SITE_FILES {
        add(PageKind::Data(file), path.into());
    }
    for (ix, s) in model.sites.iter().enumerate() {
        add(PageKind::Data(DataFile::SiteTimeline(ix)), urls::entity_timeline(RefKind::Site, &s.id));
    }
    for (ix, a) in model.actors.iter().enumerate() {
        add(PageKind::Data(DataFile::ActorTimeline(ix)), urls::entity_timeline(RefKind::Actor, &a.id));
    }
    for file in search::Layout::of(model).files() {
        add(PageKind::SearchIndex(file), file.path());
    }
    if model.config.base_url.is_some() {
        add(PageKind::Sitemap, urls::SITEMAP.into());
        add(PageKind::Atom(Feed::Whole), urls::ATOM.into());
        for (ix, s) in model.sites.iter().enumerate() {
            add(PageKind::Atom(Feed::Site(ix)), urls::entity_feed(RefKind::Site, &s.id));
        }
        for (ix, a) in model.actors.iter().enumerate() {
            add(PageKind::Atom(Feed::Actor(ix)), urls::entity_feed(RefKind::Actor, &a.id));
        }
        add(PageKind::Robots, urls::ROBOTS.into());
    }
    pages
}

/// The changes page, which a build adds to the plan with `--changes-since`.
pub fn changes_page() -> Page {
    Page { kind: PageKind::Changes, path: urls::CHANGES.into() }
}

/// How much one site or actor page lists. A hot entity of a large archive
/// takes part in thousands of events: its page shows the latest ones (and
/// says how many there are); every event stays on the timeline and its own page.
pub mod limits {
    /// The latest events an entity's page shows; one with more gets a
    /// timeline page per year (`TimelinePeriod`) for all of them.
    pub const TIMELINE: usize = 250;
    /// The most events a timeline year page lists itself; a year with more
    /// gets a page per month. An event row is 0.6 to 1 kB of HTML (its
    /// links to sites and actors, its filter attributes; 0.95 kB on a hot
    /// actor's page of a generated war-sized corpus), so a page of 600 rows
    /// stays under 0.6 MB: well under 1 MB, with room for busy rows.
    pub const PERIOD_EVENTS: usize = 600;
    pub const REPORTS: usize = 100;
    pub const MENTIONS: usize = 100;
    pub const RELATED: usize = 50;
}

/// The last `limit` items.
fn latest<T>(mut items: Vec<T>, limit: usize) -> Vec<T> {
    let excess = items.len().saturating_sub(limit);
    items.drain(..excess);
    items
}

const HOME_LIST_LENGTH: usize = 10;
const HOME_KEY_ENTITIES: usize = 8;
const FEED_ENTRIES: usize = 50;
/// A site's or actor's feed is for following what is new about it: 20 entries
/// are weeks of reports even for a busy entity, and there are thousands of
/// such feeds in a large archive (each entry costs on every build).
const ENTITY_FEED_ENTRIES: usize = 20;

/// The search page's data: how the index is split into files, so that
/// its script knows which to load. Reads only counts.
pub fn search(v: Views) -> search::SearchData {
    let documents = v.article_count() + v.count::<SiteFacts>() + v.count::<ActorFacts>() + v.event_count();
    search::SearchData { search: search::Layout::for_documents(documents) }
}

pub fn home(v: Views) -> HomeData {
    let (article_count, event_count) = (v.article_count(), v.event_count());
    let latest_articles = v.article_cards(&(0..article_count.min(HOME_LIST_LENGTH)).collect::<Vec<_>>());
    let recent_events = (0..event_count).rev().take(HOME_LIST_LENGTH).map(|ix| v.event_card(ix)).collect();
    let key_sites = most_active::<SiteFacts>(v, HOME_KEY_ENTITIES);
    let key_actors = most_active::<ActorFacts>(v, HOME_KEY_ENTITIES);
    let counts = Counts { articles: article_count, sites: v.count::<SiteFacts>(), actors: v.count::<ActorFacts>(), events: event_count };
    HomeData { latest_articles, recent_events, key_sites, key_actors, counts, changes: None }
}

/// The cards of the `limit` entities of a kind with most events (ties by id).
fn most_active<F: ShownEntity>(v: Views, limit: usize) -> Vec<EntityCard<F>> {
    let mut cards = v.cards::<F>(&(0..v.count::<F>()).collect::<Vec<_>>());
    // Stable: ties keep id order.
    cards.sort_by_key(|card| std::cmp::Reverse(card.event_count));
    cards.truncate(limit);
    cards
}

pub fn article_list(v: Views, page: usize) -> ArticleListData {
    let per_page = v.config().articles_per_page;
    let article_count = v.article_count();
    let total = article_count.div_ceil(per_page).max(1);
    let start = (page - 1) * per_page;
    let ixs: Vec<ArticleIx> = (start..(start + per_page).min(article_count)).collect();
    ArticleListData {
        articles: v.article_cards(&ixs),
        pagination: Pagination {
            current: page,
            total,
            previous_url: (page > 1).then(|| urls::article_list(page - 1)),
            next_url: (page < total).then(|| urls::article_list(page + 1)),
            pages: with_gaps(page_window(page, total)),
        },
    }
}

/// Page links, each marked when pages were skipped before it.
fn with_gaps(numbers: Vec<usize>) -> Vec<PageLink> {
    let mut previous = 0;
    numbers
        .into_iter()
        .map(|number| {
            let link = PageLink { number, url: urls::article_list(number), gap_before: number > previous + 1 };
            previous = number;
            link
        })
        .collect()
}

/// Page links shown around page `current` of `total`: the first and last
/// pages and two on each side. Listing every page would make each list page
/// grow with the archive (5,000 pages at 100k reports: quadratic output).
fn page_window(current: usize, total: usize) -> Vec<usize> {
    const SIDE: usize = 2;
    let mut pages: Vec<usize> = [1, total].into_iter().chain(current.saturating_sub(SIDE).max(1)..=(current + SIDE).min(total)).collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

pub fn article(v: Views, ix: ArticleIx) -> ArticleData {
    let a = v.article(ix);
    ArticleData {
        article: ArticleView {
            id: &a.id,
            url: urls::article(&a.id),
            title: &a.title,
            date: &a.date,
            updated: a.updated.as_ref(),
            summary: a.summary.as_deref(),
            lead: a.summary.as_deref().filter(|_| !a.summary_opens_body),
            source: a.source.as_ref().map(|s| SourceView { name: s.name.as_deref(), url: s.url.as_deref(), author: s.author.as_deref() }),
            tags: &a.tags,
            body_html: &a.body_html,
            extra: &a.extra,
            draft: a.draft,
            sites: v.cards(&a.sites),
            actors: v.cards(&a.actors),
            events: a.events.iter().map(|&e| EventDetail { card: v.event_card(e), description_html: v.event_summary(e).description_html }).collect(),
            quotes: a
                .quotes
                .iter()
                .map(|q| QuoteView { by: v.card(q.by), text: &q.text, date_label: q.date.as_ref().map_or(a.date.display(), |d| d.display()) })
                .collect(),
            language: a.language.as_deref(),
            dir: a.language.as_deref().map(|language| stele_i18n::direction(language).as_str()),
            translations: translations(v, ix),
        },
    }
}

/// A report and its translations, the original first (see `ArticleView::translations`).
fn translations(v: Views, ix: ArticleIx) -> Vec<TranslationLink> {
    let own = v.article(ix);
    let original = own.translation_of.unwrap_or(ix);
    // The original's list of translations is its own (full) facet: a new translation changes it.
    let listed = if original == ix { &own.translations } else { &v.article(original).translations };
    if listed.is_empty() {
        return Vec::new();
    }
    let site_language = v.site_language();
    std::iter::once(original)
        .chain(listed.iter().copied())
        .map(|version| {
            let card = v.article_card(version);
            let language = card.language.unwrap_or(site_language);
            TranslationLink {
                url: (version != ix).then_some(card.url),
                id: card.id,
                title: card.title,
                language,
                name: stele_i18n::autonym(language),
                dir: stele_i18n::direction(language).as_str(),
            }
        })
        .collect()
}

/// Groups by a label, labels sorted, a missing label last.
fn group_by_label<T>(items: impl IntoIterator<Item = (Option<String>, T)>, missing: &str) -> Vec<(String, Vec<T>)> {
    let mut groups: BTreeMap<(bool, String), Vec<T>> = BTreeMap::new();
    for (label, item) in items {
        let key = match label {
            Some(label) => (false, label),
            None => (true, missing.to_string()),
        };
        groups.entry(key).or_default().push(item);
    }
    groups.into_iter().map(|((_, label), items)| (label, items)).collect()
}

pub fn sites_index<'a>(v: Views<'a>, places: &Places, t: &Table) -> SitesData<'a> {
    let all: Vec<SiteIx> = (0..v.count::<SiteFacts>()).collect();
    let cards = v.cards::<SiteFacts>(&all);
    let mut busiest_first = all;
    busiest_first.sort_by_key(|&ix| (std::cmp::Reverse(cards[ix].event_count), ix));
    let (map_html, unplaced) = maps::sites_index(v, places, &urls::root_for(urls::SITES), &busiest_first, t);
    let unplaced_sites = v.cards(&unplaced);
    let total = cards.len();
    let by_country = group_by_label(cards.into_iter().map(|card| (card.facts.country.map(str::to_string), card)), t.text("unknown_country"));
    let groups = by_country
        .into_iter()
        .map(|(country, cards)| CountryGroup { country, kinds: by_kind(cards, t, |kind, sites| SiteKindGroup { kind, sites }) })
        .collect();
    SitesData { groups, total, map_html, unplaced_sites }
}

pub fn actors_index<'v>(v: Views<'v>, t: &Table) -> ActorsData<'v> {
    let cards = v.cards::<ActorFacts>(&(0..v.count::<ActorFacts>()).collect::<Vec<_>>());
    let total = cards.len();
    ActorsData { groups: by_kind(cards, t, |kind, actors| ActorKindGroup { kind, actors }), total }
}

/// Cards grouped by their entity's kind, kinds sorted, those without one last.
fn by_kind<'a, F: ShownEntity, G>(cards: Vec<EntityCard<'a, F>>, t: &Table, group: impl Fn(String, Vec<EntityCard<'a, F>>) -> G) -> Vec<G> {
    group_by_label(cards.into_iter().map(|card| (card.kind.map(str::to_string), card)), t.text("other_kind"))
        .into_iter()
        .map(|(kind, cards)| group(kind, cards))
        .collect()
}

/// Events of a set of entities (an entity and everything inside it),
/// chronological, each with the member it came through.
pub(crate) fn rolled_up_events<'a>(members: &[usize], own: usize, events_of: impl Fn(usize) -> &'a [EventIx]) -> Vec<(EventIx, usize)> {
    let mut via: BTreeMap<EventIx, usize> = BTreeMap::new();
    for &member in members {
        for &event in events_of(member) {
            let entry = via.entry(event).or_insert(member);
            if member == own {
                *entry = own;
            }
        }
    }
    via.into_iter().collect()
}

/// Timeline cards, marked with `at` where an event came through a member other than `own`.
fn rolled_up_cards<'a, F: ShownEntity>(v: Views<'a>, events: &[(EventIx, usize)], own: usize) -> Vec<EventCard<'a>> {
    events
        .iter()
        .map(|&(event, member)| {
            let mut card = v.event_card(event);
            if member != own {
                card.at = Some(v.link::<F>(member, None));
            }
            card
        })
        .collect()
}

/// A site's or actor's page, all but what its kind adds, and the events it
/// rolls up (chronological: its own and those of every entity inside it).
fn entity_page<'a, F: ShownEntity>(v: Views<'a>, ix: usize, t: &Table) -> (EntityView<'a, F>, EntityPage<'a, F>, Vec<EventIx>) {
    let e = v.entity::<F>(ix);
    let members = v.with_descendants::<F>(ix);
    let events = rolled_up_events(&members, ix, |m| &v.entity::<F>(m).events);
    let event_ixs: Vec<EventIx> = events.iter().map(|&(event, _)| event).collect();
    let timeline = rolled_up_cards::<F>(v, &latest(events, limits::TIMELINE), ix);
    let articles = rolled_up_articles::<F>(v, &members);
    let (children, children_with_record) = parts_by_activity(v.cards(&e.children));
    let view = EntityView {
        id: &e.id,
        url: urls::page(F::REF, &e.id),
        name: &e.name,
        aliases: &e.aliases,
        kind: e.kind.as_deref(),
        wikidata: e.wikidata.as_deref(),
        body_html: &e.body_html,
        extra: &e.extra,
        facts: e.facts.page(),
    };
    let timeline_chart = charts::entity_strip(v, F::REF, &e.name, &view.url, &event_ixs, t);
    let page = EntityPage {
        timeline_chart,
        ancestors: v.cards(&v.ancestors::<F>(ix)),
        children,
        children_with_record,
        event_count: event_ixs.len(),
        events_here: e.events.len(),
        shown_event_count: timeline.len(),
        figure_totals: v.figure_totals(event_ixs.iter().copied()),
        timeline: v.year_groups(timeline),
        timeline_years: entity_years::<F>(v, &e.id, &event_ixs),
        articles: v.article_cards(&articles[..articles.len().min(limits::REPORTS)]),
        article_count: articles.len(),
        articles_here: e.articles.len(),
        mentions: mention_views(v, &e.mentioned_in, &e.articles),
        mention_count: e.mentioned_in.len(),
        feed_url: v.config().base_url.is_some().then(|| urls::entity_feed(F::REF, &e.id)),
        timeline_data_url: urls::entity_timeline(F::REF, &e.id),
    };
    (view, page, event_ixs)
}

/// The parts' cards, most events and reports first (ties by name), and how
/// many of them have any: those without come last.
fn parts_by_activity<F: ShownEntity>(mut cards: Vec<EntityCard<'_, F>>) -> (Vec<EntityCard<'_, F>>, usize) {
    let activity = |card: &EntityCard<F>| card.event_count + card.article_count;
    cards.sort_by(|a, b| activity(b).cmp(&activity(a)).then_with(|| a.name.cmp(b.name)));
    let with_record = cards.iter().take_while(|card| activity(card) > 0).count();
    (cards, with_record)
}

/// The articles listing any of `members` (an entity and those inside it),
/// each once, newest first.
fn rolled_up_articles<F: ShownEntity>(v: Views, members: &[usize]) -> Vec<ArticleIx> {
    let mut articles: Vec<ArticleIx> = members.iter().flat_map(|&m| v.entity::<F>(m).articles.iter().copied()).collect();
    // Articles are numbered newest first.
    articles.sort_unstable();
    articles.dedup();
    articles
}

pub fn site<'a>(v: Views<'a>, ix: SiteIx, places: &Places, t: &Table) -> SiteData<'a> {
    let (site, page, events) = entity_page::<SiteFacts>(v, ix, t);
    let map_html = maps::site_page(v, places, ix, &urls::root_for(&site.url), t);
    SiteData { site, page, actors: involved_actors(v, &events, limits::RELATED), map_html }
}

/// Reports naming an entity in their body, marked as annotated or not.
fn mention_views<'a>(v: Views<'a>, mentioned_in: &[(ArticleIx, usize)], annotated: &[ArticleIx]) -> Vec<MentionView<'a>> {
    mentioned_in
        .iter()
        .take(limits::MENTIONS)
        .map(|&(article, mention)| MentionView {
            article: v.article_card(article),
            context: v.mention_context(article, mention),
            annotated: annotated.binary_search(&article).is_ok(),
        })
        .collect()
}

/// The `limit` actors taking part in most of `events` (chronological), most
/// events first. Only they are shown, so only their cards are read: a page
/// does not depend on the name of an actor it leaves out.
fn involved_actors<'a>(v: Views<'a>, events: &[EventIx], limit: usize) -> Vec<InvolvedActor<'a>> {
    let mut seen: HashMap<ActorIx, (usize, EventIx, EventIx)> = HashMap::new();
    for &event in events {
        for a in v.event_summary(event).actors {
            let entry = seen.entry(a.actor).or_insert((0, event, event));
            entry.0 += 1;
            entry.2 = event;
        }
    }
    let mut list: Vec<(ActorIx, (usize, EventIx, EventIx))> = seen.into_iter().collect();
    list.sort_by_key(|&(actor, (count, _, _))| (std::cmp::Reverse(count), actor));
    list.into_iter()
        .take(limit)
        .map(|(actor, (count, first, last))| InvolvedActor {
            actor: v.card(actor),
            events: count,
            first: v.date_label(first),
            last: v.date_label(last),
        })
        .collect()
}

pub fn actor<'a>(v: Views<'a>, ix: ActorIx, t: &Table) -> ActorData<'a> {
    let (actor, page, _) = entity_page::<ActorFacts>(v, ix, t);
    let a = v.entity::<ActorFacts>(ix);
    let mut site_counts: BTreeMap<SiteIx, usize> = BTreeMap::new();
    let mut shared_events: BTreeMap<ActorIx, usize> = BTreeMap::new();
    for &event in &a.events {
        let e = v.event_summary(event);
        for &site in e.sites {
            *site_counts.entry(site).or_default() += 1;
        }
        let mut others: Vec<ActorIx> = e.actors.iter().map(|x| x.actor).filter(|&other| other != ix).collect();
        others.sort_unstable();
        others.dedup();
        for other in others {
            *shared_events.entry(other).or_default() += 1;
        }
    }
    let mut shared_reports: BTreeMap<ActorIx, usize> = BTreeMap::new();
    for &article in &a.articles {
        for &other in v.article_refs(article).actors.iter().filter(|&&other| other != ix) {
            *shared_reports.entry(other).or_default() += 1;
        }
    }
    let mut sites: Vec<(SiteIx, usize)> = site_counts.into_iter().collect();
    sites.sort_by_key(|&(site, count)| (std::cmp::Reverse(count), site));
    let mut related: Vec<ActorIx> = shared_events.keys().chain(shared_reports.keys()).copied().collect();
    related.sort_unstable();
    related.dedup();
    let count_of = |map: &BTreeMap<ActorIx, usize>, other: ActorIx| map.get(&other).copied().unwrap_or(0);
    related.sort_by_key(|&other| (std::cmp::Reverse((count_of(&shared_events, other), count_of(&shared_reports, other))), other));
    ActorData {
        actor,
        page,
        sites: sites.into_iter().take(limits::RELATED).map(|(site, events)| SiteInvolvement { site: v.card(site), events }).collect(),
        related: related
            .into_iter()
            .take(limits::RELATED)
            .map(|other| RelatedActor { actor: v.card(other), count: count_of(&shared_events, other), reports: count_of(&shared_reports, other) })
            .collect(),
        quotes: a.facts.quotes.iter().map(|&(article, qi)| actor_quote(v, article, qi)).collect(),
    }
}

/// One thing an actor said, with the report it is in.
fn actor_quote(v: Views, article: ArticleIx, qi: usize) -> ActorQuote {
    let refs = v.article_refs(article);
    let quote = &refs.quotes[qi];
    ActorQuote { text: &quote.text, date_label: quote.date.as_ref().map_or(refs.date.display(), |d| d.display()), article: v.article_card(article) }
}

fn neighbours_view<'a>(v: Views<'a>, along: EntityLink<'a>, previous: Option<EventIx>, next: Option<EventIx>) -> Neighbours<'a> {
    Neighbours { along, previous: previous.map(|p| v.event_link(p)), next: next.map(|n| v.event_link(n)) }
}

pub fn event(v: Views, ix: EventIx) -> EventData {
    let e = v.event(ix);
    let n = v.event_neighbours(ix);
    EventData {
        event: EventView {
            card: v.event_card(ix),
            description_html: e.description_html.as_deref(),
            claimed_by: v.cards(&e.claimed_by),
            confirmed_by: v.cards(&e.confirmed_by),
            sources: e.sources.iter().map(|s| EventSourceView { title: &s.title, url: s.url.as_deref(), accessed: s.accessed.as_deref() }).collect(),
            reported_in: v.article_cards(&e.reported_in),
            figure_rows: figure_rows(v, &e.figures),
            disputed_by: v.cards(&e.disputed_by),
            show_claims: e.disagreements.any() || (e.claims.len() > 1 && e.claims.iter().any(|c| c.source == ClaimSource::EventFile)),
            claims: e.claims.iter().map(|claim| claim_view(v, claim)).collect(),
            disagreements: e.disagreements.fields(),
        },
        previous: n.previous.map(|p| v.event_link(p)),
        next: n.next.map(|p| v.event_link(p)),
        at_site: n.at_site.map(|(site, p, q)| neighbours_view(v, v.link::<SiteFacts>(site, None), p, q)),
        by_actor: n.by_actor.map(|(actor, p, q)| neighbours_view(v, v.link::<ActorFacts>(actor, None), p, q)),
    }
}

/// Per kind, each report's figure (as written, with the report) and the
/// range across them; kinds in listing order, reports newest first.
fn figure_rows<'a>(v: Views<'a>, figures: &'a [SourcedFigures]) -> Vec<FigureRow<'a>> {
    figure_spans(figures, v.figure_words())
        .into_iter()
        .map(|range| {
            let sources = figures
                .iter()
                .filter_map(|s| s.figures.iter().find(|(kind, _)| kind.key() == range.kind).map(|(_, value)| (s.article, value)))
                .map(|(article, value)| SourcedFigure {
                    written: &value.written,
                    value: v.figure_words().value(value),
                    low: value.range.low,
                    high: value.range.high,
                    report: v.article_card(article),
                })
                .collect();
            FigureRow { range, sources }
        })
        .collect()
}

fn claim_view<'a>(v: Views<'a>, claim: &'a Claim) -> ClaimView<'a> {
    let report = match claim.source {
        ClaimSource::Report(article) => Some(v.article_card(article)),
        ClaimSource::EventFile => None,
    };
    ClaimView {
        by: &claim.by,
        editors: report.is_none(),
        report,
        date: claim.date.as_ref(),
        title: claim.title.as_deref(),
        kind: claim.kind.as_deref(),
        status: claim.status.map(EventStatus::as_str),
        description_html: claim.description_html.as_deref(),
        display_date: claim.display_date.as_deref(),
    }
}

/// The page at an old id (`old`, an index into its `moved_from`) of the
/// report, site or actor `ix` of `kind`. It reads the whole document:
/// its title, its id and its list of old ids.
pub fn moved<'a>(v: Views<'a>, kind: RefKind, ix: usize, old: usize, base_url: Option<&str>) -> MovedData<'a> {
    let (noun, id, title, old_ids) = match kind {
        RefKind::Site => {
            let e = v.entity::<SiteFacts>(ix);
            ("site", e.id.as_str(), e.name.as_str(), &e.moved_from)
        }
        RefKind::Actor => {
            let e = v.entity::<ActorFacts>(ix);
            ("actor", e.id.as_str(), e.name.as_str(), &e.moved_from)
        }
        // Events have no old ids; the plan makes no such page.
        RefKind::Article | RefKind::Event => {
            let a = v.article(ix);
            ("report", a.id.as_str(), a.title.as_str(), &a.moved_from)
        }
    };
    let url = urls::page(kind, id);
    // Absolute when the site's address is known; else relative to this page, which lies as deep as the target.
    let canonical = match base_url {
        Some(base) => format!("{base}{}", urls::pretty(&url)),
        None => format!("{}{url}", urls::BODY_ROOT),
    };
    MovedData { moved: MovedView { old_id: &old_ids[old], kind: noun, id, url, title, canonical } }
}

/// The changes page: every group with its items, linked to their pages
/// but for removed items, which have none. It shows what `compare` found
/// between two whole models, so it reads everything: recorded as every
/// global fact (only `build` makes it, never `serve`, so no rebuild consults it).
pub fn changes<'a>(v: Views, page: &'a ChangesPage) -> ChangesData<'a> {
    v.all_ids();
    let changes = &page.changes;
    let groups = ItemKind::ALL
        .into_iter()
        .map(|kind| {
            let group = changes.group(kind);
            let url = |id: &str| Some(urls::page(ref_kind(kind), id));
            ChangeGroupView {
                kind: kind.plural(),
                counts: ChangeCounts { added: group.added.len(), changed: group.changed.len(), removed: group.removed.len() },
                added: group.added.iter().map(|item| ChangedItemView { url: url(&item.id), ..listed(item) }).collect(),
                changed: group
                    .changed
                    .iter()
                    .map(|item| ChangedItemView {
                        id: &item.id,
                        label: &item.label,
                        url: url(&item.id),
                        fields: item.fields.iter().map(field_view).collect(),
                    })
                    .collect(),
                removed: group.removed.iter().map(listed).collect(),
            }
        })
        .collect();
    ChangesData { since: page.since.as_deref(), total: changes.count(), groups }
}

/// An item added or removed: its id and label (and no fields).
fn listed(item: &stele_changes::Item) -> ChangedItemView<'_> {
    ChangedItemView { id: &item.id, label: &item.label, url: None, fields: Vec::new() }
}

fn ref_kind(kind: ItemKind) -> stele_core::kinds::RefKind {
    use stele_core::kinds::RefKind;
    match kind {
        ItemKind::Event => RefKind::Event,
        ItemKind::Report => RefKind::Article,
        ItemKind::Site => RefKind::Site,
        ItemKind::Actor => RefKind::Actor,
    }
}

fn field_view(change: &FieldChange) -> FieldChangeView<'_> {
    FieldChangeView {
        field: change.field.key(),
        change: change.change,
        old: change.old.as_deref(),
        new: change.new.as_deref(),
        text: change.to_string(),
    }
}

/// How many events each year has, and each month of it (0: the year only).
pub type PeriodCounts = BTreeMap<i32, BTreeMap<u32, usize>>;

pub fn period_counts<'a>(dates: impl IntoIterator<Item = &'a EdtfDate>) -> PeriodCounts {
    let mut counts = PeriodCounts::new();
    for date in dates {
        *counts.entry(date.year()).or_default().entry(date.listed_month()).or_default() += 1;
    }
    counts
}

/// Whether a year with these months is split into a page per month.
fn is_split(months: &BTreeMap<u32, usize>) -> bool {
    months.values().sum::<usize>() > limits::PERIOD_EVENTS
}

/// A timeline's events by year, each with the member of the scope it came
/// through and the month it is listed under, and their counts: read once
/// per build and scope (every period page of the scope needs them), without
/// recording; each page records what it stands for (`note_reads`).
pub struct ScopeTimeline {
    pub counts: PeriodCounts,
    /// Per year, its events in timeline order.
    by_year: BTreeMap<i32, Vec<(EventIx, usize, u32)>>,
    /// For a site or actor: it and the entities inside it.
    members: Vec<usize>,
}

impl ScopeTimeline {
    pub fn of(model: &SiteModel, scope: TimelineScope, figure_words: &stele_core::figures::FigureWords) -> ScopeTimeline {
        let v = Views::new(model, None, figure_words);
        let (members, events) = match scope {
            TimelineScope::Whole => (Vec::new(), (0..model.events.len()).map(|ix| (ix, 0)).collect()),
            TimelineScope::Site(ix) => (v.with_descendants::<SiteFacts>(ix), scope_events(v, scope)),
            TimelineScope::Actor(ix) => (v.with_descendants::<ActorFacts>(ix), scope_events(v, scope)),
        };
        let mut by_year: BTreeMap<i32, Vec<(EventIx, usize, u32)>> = BTreeMap::new();
        for &(ix, via) in &events {
            let date = &model.events[ix].date;
            by_year.entry(date.year()).or_default().push((ix, via, date.listed_month()));
        }
        ScopeTimeline { counts: period_counts(events.iter().map(|&(ix, _)| &model.events[ix].date)), by_year, members }
    }

    /// Records what a page of `scope` read through this: for the whole
    /// timeline one fact (`note_event_periods`) stands for every event's
    /// period; a site's or actor's pages record its members and the card of
    /// each of its events.
    fn note_reads(&self, v: Views, scope: TimelineScope) {
        if !v.records() {
            return;
        }
        let note_members = |entity: &dyn Fn(usize)| self.members.iter().for_each(|&m| entity(m));
        match scope {
            TimelineScope::Whole => return v.note_event_periods(),
            TimelineScope::Site(ix) => {
                v.with_descendants::<SiteFacts>(ix);
                note_members(&|m| {
                    v.entity::<SiteFacts>(m);
                });
            }
            TimelineScope::Actor(ix) => {
                v.with_descendants::<ActorFacts>(ix);
                note_members(&|m| {
                    v.entity::<ActorFacts>(m);
                });
            }
        }
        for events in self.by_year.values() {
            events.iter().for_each(|&(ix, _, _)| {
                v.note_event_card(ix);
            });
        }
    }
}

/// The pages of a timeline split by time: one per year, and one per month
/// (but the year-only part, which stays on the year page) of a split year.
pub fn periods(counts: &PeriodCounts) -> Vec<Period> {
    let mut periods = Vec::new();
    for (&year, months) in counts {
        periods.push(Period { year, month: None });
        if is_split(months) {
            periods.extend(months.keys().filter(|&&m| m != 0).map(|&m| Period { year, month: Some(m) }));
        }
    }
    periods
}

/// The periods of a site's or actor's timeline pages: none unless its
/// page cannot show all its events (rolled up along `part_of`).
fn entity_periods<F: EntityFacts>(model: &SiteModel, ix: usize) -> Vec<Period> {
    let all = F::all(model);
    let members = model.with_descendants::<F>(ix);
    let events = rolled_up_events(&members, ix, |m| &all[m].events);
    if events.len() <= limits::TIMELINE {
        return Vec::new();
    }
    periods(&period_counts(events.iter().map(|&(event, _)| &model.events[event].date)))
}

/// The events of a timeline page's month (or of its year-only part, month
/// 0): the unit the whole timeline is rendered and cached in, oldest first.
pub struct TimelineChunk {
    pub year: i32,
    pub month: u32,
    /// Stable across rebuilds: `2015-05` (`2015-00` for the year only).
    pub key: String,
    /// The month's events, in timeline order. Their cards are built only
    /// for months that are rendered (a rebuild reuses most), but the page
    /// has read them all: `period_events` notes that.
    pub ixs: Vec<EventIx>,
}

/// A scope's events (chronological) with the member of the scope each came
/// through (only for a site or actor: `rolled_up_events`).
fn scope_events(v: Views, scope: TimelineScope) -> Vec<(EventIx, usize)> {
    match scope {
        TimelineScope::Whole => (0..v.event_count()).map(|ix| (ix, 0)).collect(),
        TimelineScope::Site(ix) => rolled_up_events(&v.with_descendants::<SiteFacts>(ix), ix, |m| &v.entity::<SiteFacts>(m).events),
        TimelineScope::Actor(ix) => rolled_up_events(&v.with_descendants::<ActorFacts>(ix), ix, |m| &v.entity::<ActorFacts>(m).events),
    }
}

/// The overview of the timeline: totals, the count of every month as a
/// chart, and the years with their months, linked to their pages.
/// It reads every event's date (its card facet).
pub fn timeline_overview(v: Views, whole: &ScopeTimeline, words: &PeriodWords) -> TimelineData {
    // The counts come from every event's date, read once per build: the page records each card it read.
    (0..v.event_count()).for_each(|ix| {
        v.note_event_card(ix);
    });
    let counts = &whole.counts;
    let years = counts
        .iter()
        .map(|(&year, months)| TimelineYear {
            year,
            count: months.values().sum(),
            url: urls::timeline_period(None, year, None),
            months: months.iter().map(|(&month, &count)| month_link(words, None, year, month, count, is_split(months))).collect(),
        })
        .collect();
    TimelineData {
        total: counts.values().flat_map(|m| m.values()).sum(),
        chart: month_chart(counts, words),
        years,
        timeline_chart: String::new(),
        swimlanes: String::new(),
        figure_totals: Vec::new(),
    }
}

/// The words the timeline's periods are named with, in the site's
/// language: made once per build from the table (month names come from
/// locale data, which is not free to read).
pub struct PeriodWords {
    dates: DateWords,
    year_only: String,
    timeline: String,
    events_in: String,
}

impl PeriodWords {
    pub fn new(table: &Table) -> PeriodWords {
        PeriodWords {
            dates: table.date_words(),
            year_only: table.text("period_year_only").to_string(),
            timeline: table.text("timeline").to_string(),
            events_in: table.text("period_events_in").to_string(),
        }
    }

    /// "May 2015", or "2015, year only" for month 0.
    pub fn month_label(&self, year: i32, month: u32) -> String {
        let year = year.to_string();
        match month.checked_sub(1).and_then(|m| self.dates.months.get(m as usize)) {
            Some(name) => stele_core::date::fill(&self.dates.month, &[("month", name), ("year", &year)]),
            None => stele_core::date::fill(&self.year_only, &[("year", &year)]),
        }
    }

    /// "May 2015" for a month, "2015" for a year.
    pub fn period_label(&self, period: Period) -> String {
        match period.month {
            Some(month) => self.month_label(period.year, month),
            None => period.year.to_string(),
        }
    }

    /// "Palmyra: events in May 2015" (`name` of the site or actor, or None for the whole timeline: "Timeline: May 2015").
    pub fn page_title(&self, name: Option<&str>, period: Period) -> String {
        let when = self.period_label(period);
        match name {
            Some(name) => stele_core::date::fill(&self.events_in, &[("name", name), ("when", &when)]),
            None => format!("{}: {when}", self.timeline),
        }
    }
}

/// The place a month's events are listed: its own page in a split year,
/// else its section of the year page.
fn month_link(words: &PeriodWords, of: Option<(RefKind, &str)>, year: i32, month: u32, count: usize, split: bool) -> MonthLink {
    let url = if split && month != 0 {
        urls::timeline_period(of, year, Some(month))
    } else {
        format!("{}#{}", urls::timeline_period(of, year, None), month_anchor(month))
    };
    MonthLink { month: (month != 0).then_some(month), label: words.month_label(year, month), count, url }
}

/// The id of a month's section on a year page: `m05`, `year-only`.
fn month_anchor(month: u32) -> String {
    if month == 0 {
        "year-only".to_string()
    } else {
        format!("m{month:02}")
    }
}

/// The overview's bar chart: a bar per month from the first year to the
/// last, in whole pixels (the output must not depend on float formatting).
fn month_chart(counts: &PeriodCounts, words: &PeriodWords) -> MonthChart {
    const BAR: u32 = 8;
    const STEP: u32 = 10;
    const HEIGHT: u32 = 120;
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return MonthChart { width: 0, height: HEIGHT, bars: Vec::new(), years: Vec::new() };
    };
    let most = counts.values().flat_map(|m| m.iter().filter(|(&k, _)| k != 0).map(|(_, &c)| c)).max().unwrap_or(0).max(1);
    let mut bars = Vec::new();
    let mut years = Vec::new();
    for year in first..=last {
        let months = counts.get(&year);
        years.push(ChartYear { year, x: bars.len() as u32 * STEP });
        for month in 1..=12 {
            let count = months.and_then(|m| m.get(&month)).copied().unwrap_or(0);
            // At least a pixel for a month with events, so none looks empty.
            let height = ((count as u64 * HEIGHT as u64 + most as u64 / 2) / most as u64) as u32;
            let height = if count > 0 { height.max(1) } else { 0 };
            let split = months.is_some_and(is_split);
            bars.push(ChartBar {
                x: bars.len() as u32 * STEP,
                y: HEIGHT - height,
                width: BAR,
                height,
                link: month_link(words, None, year, month, count, split),
            });
        }
    }
    MonthChart { width: bars.len() as u32 * STEP, height: HEIGHT, bars, years }
}

/// A page of a timeline split by time: a year (its months, with their
/// events or links to their pages, and the events dated by the year only)
/// or a month. For the whole timeline the events come as chunks rendered
/// apart (`TimelineChunk`: their markers are in the groups' `parts`); for
/// a site or actor as cards, marked with the member they came through.
pub fn timeline_period<'a>(
    v: Views<'a>,
    scope: TimelineScope,
    period: Period,
    timeline: &ScopeTimeline,
    words: &PeriodWords,
    t: &Table,
) -> (TimelinePeriodData<'a>, Vec<TimelineChunk>) {
    timeline.note_reads(v, scope);
    let counts = &timeline.counts;
    let in_year: &[(EventIx, usize, u32)] = timeline.by_year.get(&period.year).map_or(&[], Vec::as_slice);
    let months = counts.get(&period.year).cloned().unwrap_or_default();
    let split = is_split(&months);
    let of = scope_of(v, scope);
    let shown_months: Vec<u32> = match period.month {
        Some(month) => vec![month],
        None if split => vec![0],
        None => months.keys().copied().collect(),
    };
    let mut by_month: BTreeMap<u32, Vec<(EventIx, usize)>> = shown_months.iter().map(|&m| (m, Vec::new())).collect();
    for &(ix, via, month) in in_year {
        if let Some(list) = by_month.get_mut(&month) {
            list.push((ix, via));
        }
    }
    let mut chunks = Vec::new();
    let mut groups: Vec<PeriodGroup> = by_month
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(month, list)| {
            let (parts, cards) = match scope {
                TimelineScope::Whole => {
                    list.iter().for_each(|&(ix, _)| {
                        v.note_event_card(ix);
                    });
                    chunks.push(TimelineChunk {
                        year: period.year,
                        month,
                        key: format!("{:04}-{month:02}", period.year),
                        ixs: list.iter().map(|&(ix, _)| ix).collect(),
                    });
                    (vec![crate::part_marker(chunks.len() - 1)], Vec::new())
                }
                TimelineScope::Site(own) => (Vec::new(), rolled_up_cards::<SiteFacts>(v, &list, own)),
                TimelineScope::Actor(own) => (Vec::new(), rolled_up_cards::<ActorFacts>(v, &list, own)),
            };
            PeriodGroup {
                anchor: month_anchor(month),
                month: (month != 0).then_some(month),
                label: words.month_label(period.year, month),
                count: list.len(),
                url: None,
                parts,
                events: cards,
            }
        })
        .collect();
    if period.month.is_none() && split {
        groups.extend(months.iter().filter(|(&m, _)| m != 0).map(|(&month, &count)| PeriodGroup {
            anchor: month_anchor(month),
            month: Some(month),
            label: words.month_label(period.year, month),
            count,
            url: Some(urls::timeline_period(of.as_ref().map(|(k, id)| (*k, *id)), period.year, Some(month))),
            parts: Vec::new(),
            events: Vec::new(),
        }));
    }
    let of_ref = of.as_ref().map(|(k, id)| (*k, *id));
    let link = |year: i32, month: Option<u32>| PeriodLink {
        label: month.map_or_else(|| year.to_string(), |m| words.month_label(year, m)),
        url: urls::timeline_period(of_ref, year, month),
    };
    let (previous, next, up) = match period.month {
        None => (
            counts.range(..period.year).next_back().map(|(&y, _)| link(y, None)),
            counts.range(period.year + 1..).next().map(|(&y, _)| link(y, None)),
            scope_link(v, scope, words),
        ),
        Some(month) => (
            months.range(1..month).next_back().map(|(&m, _)| link(period.year, Some(m))),
            months.range(month + 1..).next().map(|(&m, _)| link(period.year, Some(m))),
            link(period.year, None),
        ),
    };
    let count = match period.month {
        Some(month) => months.get(&month).copied().unwrap_or(0),
        None => months.values().sum(),
    };
    let label = words.period_label(period);
    let scope_view = scope_link(v, scope, words);
    let in_period: Vec<EventIx> =
        in_year.iter().filter(|&&(_, _, month)| period.month.is_none_or(|shown| month == shown)).map(|&(ix, _, _)| ix).collect();
    let page_url = urls::timeline_period(of, period.year, period.month);
    let timeline_chart = charts::period_strip(v, &label, &page_url, &in_period, t);
    let data = TimelinePeriodData {
        timeline_chart,
        scope: TimelineScopeView { kind: scope_kind(scope), name: of.map(|_| scope_view.label.clone()), url: scope_view.url },
        year: period.year,
        month: period.month,
        label,
        count,
        up,
        previous,
        next,
        groups,
    };
    (data, chunks)
}

/// The kind and id of a site's or actor's scope, for its URLs.
fn scope_of<'a>(v: Views<'a>, scope: TimelineScope) -> Option<(RefKind, &'a str)> {
    match scope {
        TimelineScope::Whole => None,
        TimelineScope::Site(ix) => Some((RefKind::Site, v.label::<SiteFacts>(ix).id)),
        TimelineScope::Actor(ix) => Some((RefKind::Actor, v.label::<ActorFacts>(ix).id)),
    }
}

fn scope_kind(scope: TimelineScope) -> &'static str {
    match scope {
        TimelineScope::Whole => "all",
        TimelineScope::Site(_) => "site",
        TimelineScope::Actor(_) => "actor",
    }
}

/// The page a scope's periods hang from: the timeline's overview, or the site's or actor's page.
fn scope_link(v: Views, scope: TimelineScope, words: &PeriodWords) -> PeriodLink {
    match scope {
        TimelineScope::Whole => PeriodLink { label: words.timeline.clone(), url: urls::TIMELINE.to_string() },
        TimelineScope::Site(ix) => {
            let label = v.label::<SiteFacts>(ix);
            PeriodLink { label: label.name.to_string(), url: urls::site(label.id) }
        }
        TimelineScope::Actor(ix) => {
            let label = v.label::<ActorFacts>(ix);
            PeriodLink { label: label.name.to_string(), url: urls::actor(label.id) }
        }
    }
}

/// An entity's timeline years, linked to their pages, when it has more
/// events than its page shows (else none: its page shows them all).
fn entity_years<F: ShownEntity>(v: Views, id: &str, events: &[EventIx]) -> Vec<YearLink> {
    if events.len() <= limits::TIMELINE {
        return Vec::new();
    }
    let counts = period_counts(events.iter().map(|&ix| v.event_summary(ix).date));
    counts
        .iter()
        .map(|(&year, months)| YearLink { year, count: months.values().sum(), url: urls::timeline_period(Some((F::REF, id)), year, None) })
        .collect()
}

/// Every listed page, sorted by URL: the order of the plan would make the
/// sitemap change (and be rewritten) whenever one event's date moved it.
pub fn sitemap(v: Views, pages: &[Page], base_url: &str) -> SitemapData {
    v.all_ids();
    let mut urls: Vec<SitemapUrl> = pages
        .iter()
        .filter(|p| p.kind.is_listed())
        .map(|p| SitemapUrl {
            loc: format!("{base_url}{}", urls::pretty(&p.path)),
            lastmod: match p.kind {
                PageKind::Article(ix) => Some(v.article_card(ix).date.day().to_string()),
                _ => None,
            },
        })
        .collect();
    urls.sort_unstable_by(|a, b| a.loc.cmp(&b.loc));
    SitemapData { urls }
}

/// The newest of the entries' `updated` (1970 when there are none): a
/// feed's own `updated`, never the build time, so that output does not
/// depend on when it ran.
fn newest_update<'a>(updates: impl Iterator<Item = &'a PublicationDate>) -> &'a str {
    updates.reduce(|newest, date| if newest.is_before(date) { date } else { newest }).map_or("1970-01-01T00:00:00Z", PublicationDate::rfc3339)
}

/// The reports an entity's feed lists: those listing it or an entity inside
/// it, newest first, at most `ENTITY_FEED_ENTRIES`.
fn entity_feed_articles<F: ShownEntity>(v: Views, ix: usize) -> Vec<ArticleIx> {
    let mut articles = rolled_up_articles::<F>(v, &v.with_descendants::<F>(ix));
    articles.truncate(ENTITY_FEED_ENTRIES);
    articles
}

/// What a feed is about: its title, its entries and the page it stands for.
fn feed_subject<'a>(v: Views<'a>, feed: Feed, t: &Table) -> (String, Vec<ArticleIx>, String) {
    let title = &v.config().title;
    match feed {
        Feed::Whole => (title.clone(), (0..v.article_count().min(FEED_ENTRIES)).collect(), urls::HOME.to_string()),
        Feed::Site(ix) => (
            t.fill("feed_about_title", &[("title", title), ("name", v.label::<SiteFacts>(ix).name)]),
            entity_feed_articles::<SiteFacts>(v, ix),
            urls::site(v.label::<SiteFacts>(ix).id),
        ),
        Feed::Actor(ix) => (
            t.fill("feed_about_title", &[("title", title), ("name", v.label::<ActorFacts>(ix).name)]),
            entity_feed_articles::<ActorFacts>(v, ix),
            urls::actor(v.label::<ActorFacts>(ix).id),
        ),
    }
}

pub fn atom<'a>(v: Views<'a>, base_url: &str, feed: Feed, path: &str, t: &Table) -> AtomData<'a> {
    let (title, articles, home) = feed_subject(v, feed, t);
    let articles: Vec<&Article> = articles.into_iter().map(|ix| v.article(ix)).collect();
    let entries: Vec<FeedEntry> = articles
        .iter()
        .map(|a| {
            let url = format!("{base_url}{}", urls::pretty(&urls::article(&a.id)));
            FeedEntry {
                title: &a.title,
                id: url.clone(),
                url,
                updated: a.updated.as_ref().unwrap_or(&a.date).rfc3339(),
                published: a.date.rfc3339(),
                summary: a.summary.as_deref(),
                author: a.source.as_ref().and_then(|s| s.author.as_deref()),
            }
        })
        .collect();
    let home_url = format!("{base_url}{}", urls::pretty(&home));
    AtomData {
        feed: FeedView {
            title,
            // The page the feed follows: unique per feed and stable.
            id: home_url.clone(),
            updated: newest_update(articles.iter().map(|a| a.updated.as_ref().unwrap_or(&a.date))),
            self_url: format!("{base_url}{path}"),
            home_url,
        },
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn pagination_shows_a_window_not_every_page() {
        assert_eq!(page_window(1, 1), [1]);
        assert_eq!(page_window(1, 3), [1, 2, 3]);
        assert_eq!(page_window(50, 5000), [1, 48, 49, 50, 51, 52, 5000]);
        assert_eq!(page_window(5000, 5000), [1, 4998, 4999, 5000]);
    }
}
