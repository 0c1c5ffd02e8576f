//! Template contexts: serializable views of the model, one shape per thing
//! a template shows. `docs/templates.md` documents these shapes for theme
//! authors; keep the two in step.

use super::deps::{Facet, Global, Recorder};
use serde::Serialize;
use stele_core::date::{EdtfDate, PublicationDate};
use stele_core::model::*;
use stele_core::model::{Extra, GeoPoint};
use stele_core::urls;

#[derive(Serialize)]
pub struct ConfigView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub base_url: Option<&'a str>,
    pub extra: &'a Extra,
}

impl<'a> ConfigView<'a> {
    pub fn new(config: &'a Config) -> Self {
        ConfigView {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            base_url: config.base_url.as_deref(),
            extra: &config.extra,
        }
    }
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub title: String,
    pub path: &'a str,
    pub canonical: Option<String>,
}

/// A page's context: the shared part and the page's own part, flattened.
#[derive(Serialize)]
pub struct PageContext<'a, T: Serialize> {
    pub root: &'a str,
    pub config: &'a ConfigView<'a>,
    pub page: PageView<'a>,
    #[serde(flatten)]
    pub data: T,
}

#[derive(Serialize, Clone)]
pub struct ArticleCard<'a> {
    pub id: &'a str,
    pub url: String,
    pub title: &'a str,
    pub date: &'a PublicationDate,
    pub summary: Option<&'a str>,
    pub source_name: Option<&'a str>,
}

#[derive(Serialize, Clone)]
pub struct SiteCard<'a> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    pub kind: Option<&'a str>,
    pub country: Option<&'a str>,
    pub event_count: usize,
    pub article_count: usize,
}

#[derive(Serialize, Clone)]
pub struct ActorCard<'a> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    pub kind: Option<&'a str>,
    pub event_count: usize,
    pub article_count: usize,
}

#[derive(Serialize, Clone)]
pub struct EntityLink<'a> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'a str>,
}

#[derive(Serialize, Clone)]
pub struct EventCard<'a> {
    pub id: &'a str,
    pub url: String,
    pub title: &'a str,
    pub date: &'a EdtfDate,
    pub date_label: &'a str,
    pub kind: Option<&'a str>,
    pub status: &'static str,
    pub sites: Vec<EntityLink<'a>>,
    pub actors: Vec<EntityLink<'a>>,
    pub at: Option<EntityLink<'a>>,
}

/// A link to an event, as previous/next navigation shows it. Not a card:
/// an event page links to up to six other events, and their full cards
/// (dates, sites, actors) made it depend on every name those cards print.
#[derive(Serialize)]
pub struct EventLink<'a> {
    pub id: &'a str,
    pub url: String,
    pub title: &'a str,
    pub date_label: &'a str,
}

#[derive(Serialize)]
pub struct YearGroup<'a> {
    pub year: i32,
    pub events: Vec<EventCard<'a>>,
}

/// Builds views from one model; all borrowing, nothing copied but URLs and labels.
///
/// Page data must read the model through these methods: each notes what it
/// read in `deps` (when rebuilds track dependencies; see `render::deps`).
#[derive(Clone, Copy)]
pub struct Views<'a> {
    model: &'a SiteModel,
    deps: Option<&'a Recorder<'a>>,
}

impl<'a> Views<'a> {
    pub fn new(model: &'a SiteModel, deps: Option<&'a Recorder<'a>>) -> Self {
        Views { model, deps }
    }

    fn note(self, record: impl FnOnce(&Recorder)) {
        if let Some(deps) = self.deps {
            record(deps);
        }
    }

    /// The site's settings (every page depends on them anyway).
    pub fn config(self) -> &'a Config {
        &self.model.config
    }

    pub fn article_count(self) -> usize {
        self.note(|d| d.global(Global::ArticleOrder));
        self.model.articles.len()
    }

    pub fn event_count(self) -> usize {
        self.note(|d| d.global(Global::EventOrder));
        self.model.events.len()
    }

    pub fn site_count(self) -> usize {
        self.note(|d| d.global(Global::SiteSet));
        self.model.sites.len()
    }

    /// Notes that the page depends on which articles, events, sites and
    /// actors exist, but not on their order (the sitemap).
    pub fn all_ids(self) {
        self.note(|d| {
            for fact in [Global::ArticleSet, Global::EventSet, Global::SiteSet, Global::ActorSet] {
                d.global(fact);
            }
        });
    }

    pub fn actor_count(self) -> usize {
        self.note(|d| d.global(Global::ActorSet));
        self.model.actors.len()
    }

    /// All of an article.
    pub fn article(self, ix: ArticleIx) -> &'a Article {
        self.note(|d| d.article(ix, Facet::Full));
        &self.model.articles[ix]
    }

    /// An article, for its sites, actors, events, quotes (and card) only.
    pub fn article_refs(self, ix: ArticleIx) -> &'a Article {
        self.note(|d| {
            d.article(ix, Facet::Refs);
            d.article(ix, Facet::Card);
        });
        &self.model.articles[ix]
    }

    /// The sentence of an article's `mention`-th mention.
    pub fn mention_context(self, article: ArticleIx, mention: usize) -> &'a str {
        self.note(|d| d.article(article, Facet::Mentions));
        &self.model.articles[article].mentions[mention].context
    }

    /// All of a site.
    pub fn site(self, ix: SiteIx) -> &'a Site {
        self.note(|d| d.site(ix, Facet::Full));
        &self.model.sites[ix]
    }

    /// A site, for its id, name, `part_of` and children only.
    pub fn site_label(self, ix: SiteIx) -> &'a Site {
        self.note(|d| d.site(ix, Facet::Label));
        &self.model.sites[ix]
    }

    /// A site, for what its card shows (kind, country, counts) only.
    pub fn site_summary(self, ix: SiteIx) -> &'a Site {
        self.note(|d| d.site(ix, Facet::Card));
        &self.model.sites[ix]
    }

    pub fn actor(self, ix: ActorIx) -> &'a Actor {
        self.note(|d| d.actor(ix, Facet::Full));
        &self.model.actors[ix]
    }

    pub fn actor_label(self, ix: ActorIx) -> &'a Actor {
        self.note(|d| d.actor(ix, Facet::Label));
        &self.model.actors[ix]
    }

    pub fn actor_summary(self, ix: ActorIx) -> &'a Actor {
        self.note(|d| d.actor(ix, Facet::Card));
        &self.model.actors[ix]
    }

    /// All of an event, with the neighbours its page links to.
    pub fn event(self, ix: EventIx) -> &'a Event {
        self.note(|d| d.event(ix, Facet::Full));
        &self.model.events[ix]
    }

    /// The events an event's page links to (hashed as part of the event).
    pub fn event_neighbours(self, ix: EventIx) -> EventNeighbours {
        self.note(|d| d.event(ix, Facet::Full));
        self.model.event_neighbours(ix)
    }

    /// An event, for what its card shows only.
    pub fn event_summary(self, ix: EventIx) -> &'a Event {
        self.note(|d| d.event(ix, Facet::Card));
        &self.model.events[ix]
    }

    /// `site` and every site inside it, at any depth, in id order.
    pub fn site_with_descendants(self, site: SiteIx) -> Vec<SiteIx> {
        let members = self.model.site_with_descendants(site);
        members.iter().for_each(|&s| self.note(|d| d.site(s, Facet::Label)));
        members
    }

    pub fn actor_with_descendants(self, actor: ActorIx) -> Vec<ActorIx> {
        let members = self.model.actor_with_descendants(actor);
        members.iter().for_each(|&a| self.note(|d| d.actor(a, Facet::Label)));
        members
    }

    /// The sites `site` lies in, outermost first.
    pub fn site_ancestors(self, site: SiteIx) -> Vec<SiteIx> {
        self.note(|d| d.site(site, Facet::Label));
        let mut ancestors = self.model.site_ancestors(site);
        ancestors.iter().for_each(|&s| self.note(|d| d.site(s, Facet::Label)));
        ancestors.reverse();
        ancestors
    }

    pub fn actor_ancestors(self, actor: ActorIx) -> Vec<ActorIx> {
        self.note(|d| d.actor(actor, Facet::Label));
        let mut ancestors = self.model.actor_ancestors(actor);
        ancestors.iter().for_each(|&a| self.note(|d| d.actor(a, Facet::Label)));
        ancestors.reverse();
        ancestors
    }

    pub fn article_card(self, ix: ArticleIx) -> ArticleCard<'a> {
        self.note(|d| d.article(ix, Facet::Card));
        let a = &self.model.articles[ix];
        ArticleCard {
            id: &a.id,
            url: urls::article(&a.id),
            title: &a.title,
            date: &a.date,
            summary: a.summary.as_deref(),
            source_name: a.source.as_ref().and_then(|s| s.name.as_deref()),
        }
    }

    pub fn article_cards(self, ixs: &[ArticleIx]) -> Vec<ArticleCard<'a>> {
        ixs.iter().map(|&ix| self.article_card(ix)).collect()
    }

    pub fn site_card(self, ix: SiteIx) -> SiteCard<'a> {
        let s = self.site_summary(ix);
        SiteCard {
            id: &s.id,
            url: urls::site(&s.id),
            name: &s.name,
            kind: s.kind.as_deref(),
            country: s.country.as_deref(),
            event_count: s.events.len(),
            article_count: s.articles.len(),
        }
    }

    pub fn site_cards(self, ixs: &[SiteIx]) -> Vec<SiteCard<'a>> {
        ixs.iter().map(|&ix| self.site_card(ix)).collect()
    }

    pub fn actor_card(self, ix: ActorIx) -> ActorCard<'a> {
        let a = self.actor_summary(ix);
        ActorCard {
            id: &a.id,
            url: urls::actor(&a.id),
            name: &a.name,
            kind: a.kind.as_deref(),
            event_count: a.events.len(),
            article_count: a.articles.len(),
        }
    }

    pub fn actor_cards(self, ixs: &[ActorIx]) -> Vec<ActorCard<'a>> {
        ixs.iter().map(|&ix| self.actor_card(ix)).collect()
    }

    pub fn site_link(self, ix: SiteIx) -> EntityLink<'a> {
        let s = self.site_label(ix);
        EntityLink { id: &s.id, url: urls::site(&s.id), name: &s.name, role: None }
    }

    pub fn actor_link(self, ix: ActorIx, role: Option<&'a str>) -> EntityLink<'a> {
        let a = self.actor_label(ix);
        EntityLink { id: &a.id, url: urls::actor(&a.id), name: &a.name, role }
    }

    pub fn date_label(self, ix: EventIx) -> &'a str {
        let e = self.event_summary(ix);
        e.display_date.as_deref().unwrap_or(e.date.display())
    }

    /// Notes what `event_card(ix)` reads, without building the card.
    pub fn note_event_card(self, ix: EventIx) -> &'a Event {
        let e = self.event_summary(ix);
        for &site in &e.sites {
            self.site_label(site);
        }
        for actor in &e.actors {
            self.actor_label(actor.actor);
        }
        e
    }

    pub fn event_card(self, ix: EventIx) -> EventCard<'a> {
        let e = self.event_summary(ix);
        EventCard {
            id: &e.id,
            url: urls::event(&e.id),
            title: &e.title,
            date: &e.date,
            date_label: self.date_label(ix),
            kind: e.kind.as_deref(),
            status: e.status.as_str(),
            sites: e.sites.iter().map(|&s| self.site_link(s)).collect(),
            actors: e.actors.iter().map(|a| self.actor_link(a.actor, a.role.as_deref())).collect(),
            at: None,
        }
    }

    /// A link to an event: reads its card's facet, not its sites' and actors' labels.
    pub fn event_link(self, ix: EventIx) -> EventLink<'a> {
        let e = self.event_summary(ix);
        EventLink { id: &e.id, url: urls::event(&e.id), title: &e.title, date_label: self.date_label(ix) }
    }

    /// Events grouped by year, in the order given (chronological).
    pub fn year_groups(self, events: impl IntoIterator<Item = EventCard<'a>>) -> Vec<YearGroup<'a>> {
        let mut groups: Vec<YearGroup> = Vec::new();
        for card in events {
            let year = card.date.year();
            match groups.last_mut() {
                Some(group) if group.year == year => group.events.push(card),
                _ => groups.push(YearGroup { year, events: vec![card] }),
            }
        }
        groups
    }
}

#[derive(Serialize)]
pub struct Counts {
    pub articles: usize,
    pub sites: usize,
    pub actors: usize,
    pub events: usize,
}

#[derive(Serialize)]
pub struct HomeData<'a> {
    pub latest_articles: Vec<ArticleCard<'a>>,
    pub recent_events: Vec<EventCard<'a>>,
    pub key_sites: Vec<SiteCard<'a>>,
    pub key_actors: Vec<ActorCard<'a>>,
    pub counts: Counts,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    /// Pages were skipped between the previous link and this one.
    pub gap_before: bool,
}

#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub struct ArticleListData<'a> {
    pub articles: Vec<ArticleCard<'a>>,
    pub pagination: Pagination,
}

#[derive(Serialize)]
pub struct EventDetail<'a> {
    #[serde(flatten)]
    pub card: EventCard<'a>,
    pub description_html: Option<&'a str>,
}

#[derive(Serialize)]
pub struct QuoteView<'a> {
    pub by: ActorCard<'a>,
    pub text: &'a str,
    pub date_label: &'a str,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub name: Option<&'a str>,
    pub url: Option<&'a str>,
    pub author: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ArticleView<'a> {
    pub id: &'a str,
    pub url: String,
    pub title: &'a str,
    pub date: &'a PublicationDate,
    pub summary: Option<&'a str>,
    pub source: Option<SourceView<'a>>,
    pub tags: &'a [String],
    pub body_html: &'a str,
    pub extra: &'a Extra,
    pub draft: bool,
    pub sites: Vec<SiteCard<'a>>,
    pub actors: Vec<ActorCard<'a>>,
    pub events: Vec<EventDetail<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
}

#[derive(Serialize)]
pub struct ArticleData<'a> {
    pub article: ArticleView<'a>,
}

#[derive(Serialize)]
pub struct SiteKindGroup<'a> {
    pub kind: String,
    pub sites: Vec<SiteCard<'a>>,
}

#[derive(Serialize)]
pub struct ActorKindGroup<'a> {
    pub kind: String,
    pub actors: Vec<ActorCard<'a>>,
}

#[derive(Serialize)]
pub struct CountryGroup<'a> {
    pub country: String,
    pub kinds: Vec<SiteKindGroup<'a>>,
}

#[derive(Serialize)]
pub struct SitesData<'a> {
    pub groups: Vec<CountryGroup<'a>>,
    pub total: usize,
}

#[derive(Serialize)]
pub struct ActorsData<'a> {
    pub groups: Vec<ActorKindGroup<'a>>,
    pub total: usize,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    pub aliases: &'a [String],
    pub kind: Option<&'a str>,
    pub country: Option<&'a str>,
    pub location: Option<GeoPoint>,
    pub wikidata: Option<&'a str>,
    pub unesco: Option<&'a str>,
    pub body_html: &'a str,
    pub extra: &'a Extra,
}

#[derive(Serialize)]
pub struct InvolvedActor<'a> {
    pub actor: ActorCard<'a>,
    pub events: usize,
    pub first: &'a str,
    pub last: &'a str,
}

/// A report naming an entity in its body.
#[derive(Serialize)]
pub struct MentionView<'a> {
    pub article: ArticleCard<'a>,
    /// The sentence of the first mention.
    pub context: &'a str,
    /// Whether the article also lists the entity in its front matter.
    pub annotated: bool,
}

#[derive(Serialize)]
pub struct SiteData<'a> {
    pub site: SiteView<'a>,
    pub ancestors: Vec<SiteCard<'a>>,
    pub children: Vec<SiteCard<'a>>,
    /// The latest events (see `limits`), chronological.
    pub timeline: Vec<YearGroup<'a>>,
    pub event_count: usize,
    pub shown_event_count: usize,
    /// The latest reports, newest first.
    pub articles: Vec<ArticleCard<'a>>,
    pub article_count: usize,
    pub mentions: Vec<MentionView<'a>>,
    pub mention_count: usize,
    pub actors: Vec<InvolvedActor<'a>>,
}

#[derive(Serialize)]
pub struct ActorView<'a> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    pub aliases: &'a [String],
    pub kind: Option<&'a str>,
    pub wikidata: Option<&'a str>,
    pub body_html: &'a str,
    pub extra: &'a Extra,
}

#[derive(Serialize)]
pub struct SiteInvolvement<'a> {
    pub site: SiteCard<'a>,
    pub events: usize,
}

#[derive(Serialize)]
pub struct RelatedActor<'a> {
    pub actor: ActorCard<'a>,
    /// Shared events.
    pub count: usize,
    /// Shared reports.
    pub reports: usize,
}

#[derive(Serialize)]
pub struct ActorQuote<'a> {
    pub text: &'a str,
    pub date_label: &'a str,
    pub article: ArticleCard<'a>,
}

#[derive(Serialize)]
pub struct ActorData<'a> {
    pub actor: ActorView<'a>,
    pub ancestors: Vec<ActorCard<'a>>,
    pub children: Vec<ActorCard<'a>>,
    pub timeline: Vec<YearGroup<'a>>,
    pub event_count: usize,
    pub shown_event_count: usize,
    pub articles: Vec<ArticleCard<'a>>,
    pub article_count: usize,
    pub sites: Vec<SiteInvolvement<'a>>,
    pub related: Vec<RelatedActor<'a>>,
    pub quotes: Vec<ActorQuote<'a>>,
    pub mentions: Vec<MentionView<'a>>,
    pub mention_count: usize,
}

#[derive(Serialize)]
pub struct EventSourceView<'a> {
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub accessed: Option<&'a str>,
}

#[derive(Serialize)]
pub struct EventView<'a> {
    #[serde(flatten)]
    pub card: EventCard<'a>,
    pub description_html: Option<&'a str>,
    pub claimed_by: Vec<ActorCard<'a>>,
    pub confirmed_by: Vec<ActorCard<'a>>,
    pub sources: Vec<EventSourceView<'a>>,
    pub reported_in: Vec<ArticleCard<'a>>,
}

/// Previous and next events along one thread (a site, an actor).
#[derive(Serialize)]
pub struct Neighbours<'a> {
    pub along: EntityLink<'a>,
    pub previous: Option<EventLink<'a>>,
    pub next: Option<EventLink<'a>>,
}

#[derive(Serialize)]
pub struct EventData<'a> {
    pub event: EventView<'a>,
    pub previous: Option<EventLink<'a>>,
    pub next: Option<EventLink<'a>>,
    /// Along the event's first site, when it has one.
    pub at_site: Option<Neighbours<'a>>,
    /// Along its main actor: the first perpetrator, else the first actor.
    pub by_actor: Option<Neighbours<'a>>,
}

/// The timeline's data: its year sections hold HTML already rendered,
/// month by month, by `timeline_events.html` (see `TimelinePart`).
#[derive(Serialize)]
pub struct TimelineData {
    pub years: Vec<TimelineYear>,
    pub total: usize,
}

#[derive(Serialize)]
pub struct TimelineYear {
    pub year: i32,
    /// How many events the year has.
    pub count: usize,
    /// The year's event rows, rendered, one string per month, in order.
    pub parts: Vec<String>,
}

/// The context of `timeline_events.html`: one month's events of the timeline.
#[derive(Serialize)]
pub struct TimelinePart<'a> {
    pub root: &'a str,
    pub events: Vec<EventCard<'a>>,
}

#[derive(Serialize)]
pub struct Empty {}

#[derive(Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
}

#[derive(Serialize)]
pub struct SitemapData {
    pub urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
pub struct FeedView<'a> {
    pub title: &'a str,
    pub id: String,
    pub updated: &'a str,
    pub self_url: String,
    pub home_url: String,
}

#[derive(Serialize)]
pub struct FeedEntry<'a> {
    pub title: &'a str,
    pub url: String,
    pub id: String,
    pub updated: &'a str,
    pub published: &'a str,
    pub summary: Option<&'a str>,
    pub author: Option<&'a str>,
}

#[derive(Serialize)]
pub struct AtomData<'a> {
    pub feed: FeedView<'a>,
    pub entries: Vec<FeedEntry<'a>>,
}
