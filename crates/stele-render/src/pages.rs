//! Which pages exist, where they go, and the data each one shows.

use super::context::*;
use std::collections::{BTreeMap, HashMap};
use stele_core::model::*;
use stele_core::urls;

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
    NotFound,
    Sitemap,
    Atom,
}

/// `template()` and `name()` come from the template table in `templates.rs`,
/// which names each kind's template.
impl PageKind {
    /// HTML pages a reader can land on (what goes in the sitemap).
    pub fn is_listed(self) -> bool {
        !matches!(self, PageKind::NotFound | PageKind::Sitemap | PageKind::Atom)
    }
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
    add(PageKind::Sites, urls::SITES.into());
    for (ix, s) in model.sites.iter().enumerate() {
        add(PageKind::Site(ix), urls::site(&s.id));
    }
    add(PageKind::Actors, urls::ACTORS.into());
    for (ix, a) in model.actors.iter().enumerate() {
        add(PageKind::Actor(ix), urls::actor(&a.id));
    }
    for (ix, e) in model.events.iter().enumerate() {
        add(PageKind::Event(ix), urls::event(&e.id));
    }
    add(PageKind::Timeline, urls::TIMELINE.into());
    add(PageKind::NotFound, urls::NOT_FOUND.into());
    if model.config.base_url.is_some() {
        add(PageKind::Sitemap, urls::SITEMAP.into());
        add(PageKind::Atom, urls::ATOM.into());
    }
    pages
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

pub fn home(v: Views) -> HomeData {
    let (article_count, event_count, site_count, actor_count) = (v.article_count(), v.event_count(), v.site_count(), v.actor_count());
    let latest_articles = v.article_cards(&(0..article_count.min(HOME_LIST_LENGTH)).collect::<Vec<_>>());
    let recent_events = (0..event_count).rev().take(HOME_LIST_LENGTH).map(|ix| v.event_card(ix)).collect();
    let mut sites: Vec<SiteIx> = (0..site_count).collect();
    sites.sort_by_key(|&ix| (std::cmp::Reverse(v.site_summary(ix).events.len()), ix));
    let mut actors: Vec<ActorIx> = (0..actor_count).collect();
    actors.sort_by_key(|&ix| (std::cmp::Reverse(v.actor_summary(ix).events.len()), ix));
    HomeData {
        latest_articles,
        recent_events,
        key_sites: v.site_cards(&sites[..sites.len().min(HOME_KEY_ENTITIES)]),
        key_actors: v.actor_cards(&actors[..actors.len().min(HOME_KEY_ENTITIES)]),
        counts: Counts { articles: article_count, sites: site_count, actors: actor_count, events: event_count },
    }
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
            summary: a.summary.as_deref(),
            source: a.source.as_ref().map(|s| SourceView { name: s.name.as_deref(), url: s.url.as_deref(), author: s.author.as_deref() }),
            tags: &a.tags,
            body_html: &a.body_html,
            extra: &a.extra,
            draft: a.draft,
            sites: v.site_cards(&a.sites),
            actors: v.actor_cards(&a.actors),
            events: a
                .events
                .iter()
                .map(|&e| EventDetail { card: v.event_card(e), description_html: v.event_summary(e).description_html.as_deref() })
                .collect(),
            quotes: a
                .quotes
                .iter()
                .map(|q| QuoteView { by: v.actor_card(q.by), text: &q.text, date_label: q.date.as_ref().map_or(a.date.display(), |d| d.display()) })
                .collect(),
        },
    }
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

pub fn sites_index(v: Views) -> SitesData {
    let total = v.site_count();
    let by_country = group_by_label((0..total).map(|ix| (v.site_summary(ix).country.clone(), ix)), "Unknown country");
    let groups = by_country
        .into_iter()
        .map(|(country, ixs)| CountryGroup {
            country,
            kinds: group_by_label(ixs.into_iter().map(|ix| (v.site_summary(ix).kind.clone(), ix)), "other")
                .into_iter()
                .map(|(kind, ixs)| SiteKindGroup { kind, sites: v.site_cards(&ixs) })
                .collect(),
        })
        .collect();
    SitesData { groups, total }
}

pub fn actors_index(v: Views) -> ActorsData {
    let total = v.actor_count();
    let groups = group_by_label((0..total).map(|ix| (v.actor_summary(ix).kind.clone(), ix)), "other")
        .into_iter()
        .map(|(kind, ixs)| ActorKindGroup { kind, actors: v.actor_cards(&ixs) })
        .collect();
    ActorsData { groups, total }
}

/// Events of a set of entities (an entity and everything inside it),
/// chronological, each with the member it came through.
fn rolled_up_events<'a>(members: &[usize], own: usize, events_of: impl Fn(usize) -> &'a [EventIx]) -> Vec<(EventIx, usize)> {
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
fn rolled_up_cards<'a>(v: Views<'a>, events: &[(EventIx, usize)], own: usize, link: impl Fn(usize) -> EntityLink<'a>) -> Vec<EventCard<'a>> {
    events
        .iter()
        .map(|&(event, member)| {
            let mut card = v.event_card(event);
            if member != own {
                card.at = Some(link(member));
            }
            card
        })
        .collect()
}

pub fn site(v: Views, ix: SiteIx) -> SiteData {
    let s = v.site(ix);
    let members = v.site_with_descendants(ix);
    let events = rolled_up_events(&members, ix, |s| &v.site(s).events);
    let event_ixs: Vec<EventIx> = events.iter().map(|&(event, _)| event).collect();
    let actors = involved_actors(v, &event_ixs, limits::RELATED);
    let event_count = events.len();
    let timeline = rolled_up_cards(v, &latest(events, limits::TIMELINE), ix, |s| v.site_link(s));
    let ancestors = v.site_ancestors(ix);
    SiteData {
        site: SiteView {
            id: &s.id,
            url: urls::site(&s.id),
            name: &s.name,
            aliases: &s.aliases,
            kind: s.kind.as_deref(),
            country: s.country.as_deref(),
            location: s.location,
            wikidata: s.wikidata.as_deref(),
            unesco: s.unesco.as_deref(),
            body_html: &s.body_html,
            extra: &s.extra,
        },
        ancestors: v.site_cards(&ancestors),
        children: v.site_cards(&s.children),
        event_count,
        shown_event_count: timeline.len(),
        timeline: v.year_groups(timeline),
        articles: v.article_cards(&s.articles[..s.articles.len().min(limits::REPORTS)]),
        article_count: s.articles.len(),
        mentions: mention_views(v, &s.mentioned_in, &s.articles),
        mention_count: s.mentioned_in.len(),
        actors,
    }
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
        for a in &v.event_summary(event).actors {
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
            actor: v.actor_card(actor),
            events: count,
            first: v.date_label(first),
            last: v.date_label(last),
        })
        .collect()
}

pub fn actor(v: Views, ix: ActorIx) -> ActorData {
    let a = v.actor(ix);
    let members = v.actor_with_descendants(ix);
    let events = rolled_up_events(&members, ix, |a| &v.actor(a).events);
    let event_count = events.len();
    let timeline = rolled_up_cards(v, &latest(events, limits::TIMELINE), ix, |a| v.actor_link(a, None));

    let mut site_counts: BTreeMap<SiteIx, usize> = BTreeMap::new();
    let mut shared_events: BTreeMap<ActorIx, usize> = BTreeMap::new();
    for &event in &a.events {
        let e = v.event_summary(event);
        for &site in &e.sites {
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

    let ancestors = v.actor_ancestors(ix);
    ActorData {
        actor: ActorView {
            id: &a.id,
            url: urls::actor(&a.id),
            name: &a.name,
            aliases: &a.aliases,
            kind: a.kind.as_deref(),
            wikidata: a.wikidata.as_deref(),
            body_html: &a.body_html,
            extra: &a.extra,
        },
        ancestors: v.actor_cards(&ancestors),
        children: v.actor_cards(&a.children),
        event_count,
        shown_event_count: timeline.len(),
        timeline: v.year_groups(timeline),
        articles: v.article_cards(&a.articles[..a.articles.len().min(limits::REPORTS)]),
        article_count: a.articles.len(),
        sites: sites.into_iter().take(limits::RELATED).map(|(site, events)| SiteInvolvement { site: v.site_card(site), events }).collect(),
        related: related
            .into_iter()
            .take(limits::RELATED)
            .map(|other| RelatedActor {
                actor: v.actor_card(other),
                count: count_of(&shared_events, other),
                reports: count_of(&shared_reports, other),
            })
            .collect(),
        quotes: a
            .quotes
            .iter()
            .map(|&(article, qi)| {
                let art = v.article_refs(article);
                let q = &art.quotes[qi];
                ActorQuote {
                    text: &q.text,
                    date_label: q.date.as_ref().map_or(art.date.display(), |d| d.display()),
                    article: v.article_card(article),
                }
            })
            .collect(),
        mentions: mention_views(v, &a.mentioned_in, &a.articles),
        mention_count: a.mentioned_in.len(),
    }
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
            claimed_by: v.actor_cards(&e.claimed_by),
            confirmed_by: v.actor_cards(&e.confirmed_by),
            sources: e.sources.iter().map(|s| EventSourceView { title: &s.title, url: s.url.as_deref(), accessed: s.accessed.as_deref() }).collect(),
            reported_in: v.article_cards(&e.reported_in),
        },
        previous: n.previous.map(|p| v.event_link(p)),
        next: n.next.map(|p| v.event_link(p)),
        at_site: n.at_site.map(|(site, p, q)| neighbours_view(v, v.site_link(site), p, q)),
        by_actor: n.by_actor.map(|(actor, p, q)| neighbours_view(v, v.actor_link(actor, None), p, q)),
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

fn entries_first_date<'a>(entries: &[FeedEntry<'a>]) -> &'a str {
    entries.first().map_or("1970-01-01T00:00:00Z", |e| e.updated)
}

pub fn atom<'a>(v: Views<'a>, base_url: &str) -> AtomData<'a> {
    let entries: Vec<FeedEntry> = (0..v.article_count().min(FEED_ENTRIES))
        .map(|ix| {
            let a = v.article(ix);
            let url = format!("{base_url}{}", urls::pretty(&urls::article(&a.id)));
            FeedEntry {
                title: &a.title,
                id: url.clone(),
                url,
                updated: a.date.rfc3339(),
                published: a.date.rfc3339(),
                summary: a.summary.as_deref(),
                author: a.source.as_ref().and_then(|s| s.author.as_deref()),
            }
        })
        .collect();
    AtomData {
        feed: FeedView {
            title: &v.config().title,
            id: base_url.to_string(),
            // The newest article, never the build time: output must not depend on when it ran.
            updated: entries_first_date(&entries),
            self_url: format!("{base_url}{}", urls::ATOM),
            home_url: base_url.to_string(),
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
