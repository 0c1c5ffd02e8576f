//! Which pages exist, where they go, and the data each one shows.

use crate::context::*;
use crate::data::{DataFile, WHOLE_SITE_FILES};
use crate::entities::ShownEntity;
use crate::views::Views;
use std::collections::{BTreeMap, HashMap};
use stele_changes::{FieldChange, ItemKind};
use stele_core::date::PublicationDate;
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
    Timeline,
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
            PageKind::NotFound => "page for missing addresses",
            PageKind::Sitemap => "sitemap",
            PageKind::Atom(_) => "Atom feed",
            PageKind::Data(_) => "open data file",
            PageKind::Moved(..) => "redirect page of a moved document",
            PageKind::Robots => "robots.txt for crawlers",
            PageKind::Changes => "page of changes since the previous version",
        }
    }

    /// HTML pages a reader can land on (what goes in the sitemap).
    pub fn is_listed(self) -> bool {
        !matches!(self, PageKind::NotFound | PageKind::Sitemap | PageKind::Atom(_) | PageKind::Data(_) | PageKind::Robots | PageKind::Moved(..))
    }
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
        for (old, id) in s.moved_from.iter().enumerate() {
            add(PageKind::Moved(RefKind::Site, ix, old), urls::site(id));
        }
    }
    add(PageKind::Actors, urls::ACTORS.into());
    for (ix, a) in model.actors.iter().enumerate() {
        add(PageKind::Actor(ix), urls::actor(&a.id));
        for (old, id) in a.moved_from.iter().enumerate() {
            add(PageKind::Moved(RefKind::Actor, ix, old), urls::actor(id));
        }
    }
    for (ix, e) in model.events.iter().enumerate() {
        add(PageKind::Event(ix), urls::event(&e.id));
    }
    add(PageKind::Timeline, urls::TIMELINE.into());
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
    pub const TIMELINE: usize = 250;
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

pub fn sites_index<'v>(v: Views<'v>, t: &Table) -> SitesData<'v> {
    let cards = v.cards::<SiteFacts>(&(0..v.count::<SiteFacts>()).collect::<Vec<_>>());
    let total = cards.len();
    let by_country = group_by_label(cards.into_iter().map(|card| (card.facts.country.map(str::to_string), card)), t.text("unknown_country"));
    let groups = by_country
        .into_iter()
        .map(|(country, cards)| CountryGroup { country, kinds: by_kind(cards, t, |kind, sites| SiteKindGroup { kind, sites }) })
        .collect();
    SitesData { groups, total }
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
fn entity_page<'a, F: ShownEntity>(v: Views<'a>, ix: usize) -> (EntityView<'a, F>, EntityPage<'a, F>, Vec<EventIx>) {
    let e = v.entity::<F>(ix);
    let members = v.with_descendants::<F>(ix);
    let events = rolled_up_events(&members, ix, |m| &v.entity::<F>(m).events);
    let event_ixs: Vec<EventIx> = events.iter().map(|&(event, _)| event).collect();
    let timeline = rolled_up_cards::<F>(v, &latest(events, limits::TIMELINE), ix);
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
    let page = EntityPage {
        ancestors: v.cards(&v.ancestors::<F>(ix)),
        children: v.cards(&e.children),
        event_count: event_ixs.len(),
        shown_event_count: timeline.len(),
        timeline: v.year_groups(timeline),
        articles: v.article_cards(&e.articles[..e.articles.len().min(limits::REPORTS)]),
        article_count: e.articles.len(),
        mentions: mention_views(v, &e.mentioned_in, &e.articles),
        mention_count: e.mentioned_in.len(),
        feed_url: v.config().base_url.is_some().then(|| urls::entity_feed(F::REF, &e.id)),
        timeline_data_url: urls::entity_timeline(F::REF, &e.id),
    };
    (view, page, event_ixs)
}

pub fn site(v: Views, ix: SiteIx) -> SiteData {
    let (site, page, events) = entity_page::<SiteFacts>(v, ix);
    SiteData { site, page, actors: involved_actors(v, &events, limits::RELATED) }
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

pub fn actor(v: Views, ix: ActorIx) -> ActorData {
    let (actor, page, _) = entity_page::<ActorFacts>(v, ix);
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
        },
        previous: n.previous.map(|p| v.event_link(p)),
        next: n.next.map(|p| v.event_link(p)),
        at_site: n.at_site.map(|(site, p, q)| neighbours_view(v, v.link::<SiteFacts>(site, None), p, q)),
        by_actor: n.by_actor.map(|(actor, p, q)| neighbours_view(v, v.link::<ActorFacts>(actor, None), p, q)),
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

/// A run of timeline events of one year and month (the unit the timeline
/// is rendered and cached in), oldest first.
pub struct TimelineChunk {
    pub year: i32,
    month: u32,
    /// Stable across rebuilds: `2015-05`, with a suffix if the month recurs.
    pub key: String,
    /// The month's events, in timeline order. Their cards are built only
    /// for months that are rendered (a rebuild reuses most), but the page
    /// has read them all: `timeline_chunks` notes that.
    pub ixs: Vec<EventIx>,
}

pub fn timeline_chunks(v: Views) -> Vec<TimelineChunk> {
    let mut chunks: Vec<TimelineChunk> = Vec::new();
    let mut seen: HashMap<(i32, u32), usize> = HashMap::new();
    for ix in 0..v.event_count() {
        let date = &v.note_event_card(ix).date;
        let (year, month) = (date.year(), date.month());
        match chunks.last_mut() {
            Some(chunk) if (chunk.year, chunk.month) == (year, month) => chunk.ixs.push(ix),
            _ => {
                // Dates out of month order (an open interval) start a new run of the same month.
                let repeat = seen.entry((year, month)).or_default();
                *repeat += 1;
                let key = if *repeat == 1 { format!("{year:04}-{month:02}") } else { format!("{year:04}-{month:02}-{repeat}") };
                chunks.push(TimelineChunk { year, month, key, ixs: vec![ix] });
            }
        }
    }
    chunks
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
    let mut articles: Vec<ArticleIx> = v.with_descendants::<F>(ix).into_iter().flat_map(|m| v.entity::<F>(m).articles.iter().copied()).collect();
    // Articles are numbered newest first.
    articles.sort_unstable();
    articles.dedup();
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
