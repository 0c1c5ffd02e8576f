//! The only way page data reads the model. Each accessor notes which facet
//! of which item the page read (when rebuilds track dependencies, see
//! `deps`) and hands out a view of that facet only, so that a page cannot
//! read what it did not record: a label holds what links show, a card what
//! lists show; only the `Full` accessors hand out whole items.

use crate::context::{figure_spans, ArticleCard, EntityCard, EntityLink, EventCard, EventLink, FigureSpan, FigureTotal, YearGroup};
use crate::deps::{Facet, Global, Recorder};
use crate::entities::ShownEntity;
use stele_core::date::{EdtfDate, PublicationDate};
use stele_core::figures::{FigureTotals, FigureWords};
use stele_core::model::*;
use stele_core::urls;

/// What links to an entity and containment read: the label facet.
#[derive(Clone, Copy)]
pub struct EntityLabel<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// What an event card shows: the card facet of an event.
#[derive(Clone, Copy)]
pub struct EventSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: &'a EdtfDate,
    /// `display_date`, else the date's own display.
    pub date_label: &'a str,
    pub kind: Option<&'a str>,
    pub status: EventStatus,
    pub description_html: Option<&'a str>,
    pub sites: &'a [SiteIx],
    pub actors: &'a [EventActor],
    /// Each report's figures (cards show their range across sources).
    pub figures: &'a [SourcedFigures],
}

/// What other pages count and cite of an article: its refs facet.
#[derive(Clone, Copy)]
pub struct ArticleRefs<'a> {
    pub date: &'a PublicationDate,
    pub sites: &'a [SiteIx],
    pub actors: &'a [ActorIx],
    pub events: &'a [EventIx],
    pub quotes: &'a [Quote],
}

/// A model that can be shared between threads, each reading it through
/// [`Unrecorded::views`] (see [`Views::unrecorded`]).
#[derive(Clone, Copy)]
pub struct Unrecorded<'a>(&'a SiteModel, &'a FigureWords);

impl<'a> Unrecorded<'a> {
    pub fn views(self) -> Views<'a> {
        Views { model: self.0, deps: None, figure_words: self.1 }
    }

    /// Every event's date, in model order: which year and month page lists
    /// it (the whole timeline's period pages note `note_event_periods`).
    pub fn event_dates(self) -> impl Iterator<Item = &'a stele_core::date::EdtfDate> + 'a {
        self.0.events.iter().map(|e| &e.date)
    }

    /// Every site with coordinates, in model order (for `maps::Places`,
    /// made once per build; each page with a map notes `note_site_places`).
    pub fn site_locations(self) -> impl Iterator<Item = (SiteIx, GeoPoint)> + 'a {
        self.0.sites.iter().enumerate().filter_map(|(ix, site)| site.facts.location.map(|p| (ix, p)))
    }
}

/// Builds views from one model; all borrowing, nothing copied but URLs and labels.
#[derive(Clone, Copy)]
pub struct Views<'a> {
    model: &'a SiteModel,
    deps: Option<&'a Recorder<'a>>,
    /// The site's words for figure values (made once per build).
    figure_words: &'a FigureWords,
}

impl<'a> Views<'a> {
    pub fn new(model: &'a SiteModel, deps: Option<&'a Recorder<'a>>, figure_words: &'a FigureWords) -> Self {
        Views { model, deps, figure_words }
    }

    /// The words figure values are shown with, in the site's language.
    pub fn figure_words(self) -> &'a FigureWords {
        self.figure_words
    }

    /// The same model, to be read without recording: for work spread over
    /// threads (a recorder is one page's, on one thread) once the calling
    /// thread has recorded what that work reads.
    /// Whether reads are recorded (only a build kept for rebuilds records).
    pub fn records(self) -> bool {
        self.deps.is_some()
    }

    pub fn unrecorded(self) -> Unrecorded<'a> {
        Unrecorded(self.model, self.figure_words)
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

    /// How many entities of a kind there are (which exist, not their order).
    pub fn count<F: ShownEntity>(self) -> usize {
        self.note(|d| d.global(F::SET));
        F::all(self.model).len()
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

    /// Notes that the page depends on where every site is (a map: which
    /// sites are near one another depends on all their places). The places
    /// themselves are read from `maps::Places`, made once per build.
    pub fn note_site_places(self) {
        self.note(|d| d.global(Global::SitePlaces));
    }

    /// Notes that the page depends on which year and month every event is
    /// listed under (the whole timeline's year and month pages: an event
    /// moving into a period changes that page).
    pub fn note_event_periods(self) {
        self.note(|d| d.global(Global::EventPeriods));
    }

    /// Notes what the search index reads (`search::SearchIndex::build`):
    /// every report, site, actor and event in full, and their order (a
    /// document's number is its place). Recorded by each of the index's
    /// files, which are made from one index built without recording.
    pub fn note_search_index(self) {
        self.note(|d| d.global(Global::SearchDocuments));
    }

    /// All of an article.
    /// The site's language: a setting, which every page depends on already.
    pub fn site_language(self) -> &'a str {
        &self.model.config.language
    }

    pub fn article(self, ix: ArticleIx) -> &'a Article {
        self.note(|d| d.article(ix, Facet::Full));
        &self.model.articles[ix]
    }

    /// An article's sites, actors, events and quotes (and its card).
    pub fn article_refs(self, ix: ArticleIx) -> ArticleRefs<'a> {
        self.note(|d| {
            d.article(ix, Facet::Refs);
            d.article(ix, Facet::Card);
        });
        let a = &self.model.articles[ix];
        ArticleRefs { date: &a.date, sites: &a.sites, actors: &a.actors, events: &a.events, quotes: &a.quotes }
    }

    /// The sentence of an article's `mention`-th mention.
    pub fn mention_context(self, article: ArticleIx, mention: usize) -> &'a str {
        self.note(|d| d.article(article, Facet::Mentions));
        &self.model.articles[article].mentions[mention].context
    }

    /// All of a site or an actor.
    pub fn entity<F: ShownEntity>(self, ix: usize) -> &'a Entity<F> {
        self.note(|d| d.entity::<F>(ix, Facet::Full));
        &F::all(self.model)[ix]
    }

    /// A site's or actor's id and name.
    pub fn label<F: ShownEntity>(self, ix: usize) -> EntityLabel<'a> {
        self.note(|d| d.entity::<F>(ix, Facet::Label));
        let e = &F::all(self.model)[ix];
        EntityLabel { id: &e.id, name: &e.name }
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

    /// What an event's card shows.
    pub fn event_summary(self, ix: EventIx) -> EventSummary<'a> {
        self.note(|d| d.event(ix, Facet::Card));
        let e = &self.model.events[ix];
        EventSummary {
            id: &e.id,
            title: &e.title,
            date: &e.date,
            date_label: e.display_date.as_deref().unwrap_or(e.date.display()),
            kind: e.kind.as_deref(),
            status: e.status,
            description_html: e.description_html.as_deref(),
            sites: &e.sites,
            actors: &e.actors,
            figures: &e.figures,
        }
    }

    /// An event's figures, each report's: what sums of figures read of
    /// every event they count (the figures facet: nothing else of the event).
    pub fn event_figures(self, ix: EventIx) -> &'a [SourcedFigures] {
        self.note(|d| d.event(ix, Facet::Figures));
        &self.model.events[ix].figures
    }

    /// Per kind, the sum over `events` of each one's range across its sources.
    pub fn figure_totals(self, events: impl IntoIterator<Item = EventIx>) -> Vec<FigureTotal> {
        let mut totals = FigureTotals::default();
        for ix in events {
            let figures = self.event_figures(ix);
            if figures.is_empty() {
                continue;
            }
            for (kind, range) in stele_core::figures::across_sources(figures.iter().map(|s| s.figures.as_slice())) {
                totals.add(kind, range);
            }
        }
        totals
            .into_sorted()
            .into_iter()
            .map(|(kind, range, events)| FigureTotal { figure: FigureSpan::new(&kind, range, self.figure_words), events })
            .collect()
    }

    /// The entity `ix` of its kind and every entity inside it, at any
    /// depth, in id order (reading their labels: containment is there).
    pub fn with_descendants<F: ShownEntity>(self, ix: usize) -> Vec<usize> {
        let members = self.model.with_descendants::<F>(ix);
        members.iter().for_each(|&m| self.note(|d| d.entity::<F>(m, Facet::Label)));
        members
    }

    /// The entities `ix` lies in, outermost first.
    pub fn ancestors<F: ShownEntity>(self, ix: usize) -> Vec<usize> {
        self.note(|d| d.entity::<F>(ix, Facet::Label));
        let mut ancestors = self.model.ancestors::<F>(ix);
        ancestors.iter().for_each(|&a| self.note(|d| d.entity::<F>(a, Facet::Label)));
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
            language: a.language.as_deref(),
            dir: a.language.as_deref().map(|language| stele_i18n::direction(language).as_str()),
        }
    }

    pub fn article_cards(self, ixs: &[ArticleIx]) -> Vec<ArticleCard<'a>> {
        ixs.iter().map(|&ix| self.article_card(ix)).collect()
    }

    /// A site's or actor's card (its card facet).
    pub fn card<F: ShownEntity>(self, ix: usize) -> EntityCard<'a, F> {
        self.note(|d| d.entity::<F>(ix, Facet::Card));
        let e = &F::all(self.model)[ix];
        EntityCard {
            id: &e.id,
            url: urls::page(F::REF, &e.id),
            name: &e.name,
            kind: e.kind.as_deref(),
            event_count: e.rolled_up.events,
            events_here: e.events.len(),
            article_count: e.rolled_up.articles,
            articles_here: e.articles.len(),
            part_count: e.children.len(),
            facts: e.facts.card(),
        }
    }

    pub fn cards<F: ShownEntity>(self, ixs: &[usize]) -> Vec<EntityCard<'a, F>> {
        ixs.iter().map(|&ix| self.card(ix)).collect()
    }

    /// A link to a site or actor, with the role it had (actors in events).
    pub fn link<F: ShownEntity>(self, ix: usize, role: Option<&'a str>) -> EntityLink<'a> {
        let label = self.label::<F>(ix);
        EntityLink { id: label.id, url: urls::page(F::REF, label.id), name: label.name, role }
    }

    pub fn date_label(self, ix: EventIx) -> &'a str {
        self.event_summary(ix).date_label
    }

    /// Notes what `event_card(ix)` reads, without building the card.
    pub fn note_event_card(self, ix: EventIx) -> EventSummary<'a> {
        let e = self.event_summary(ix);
        for &site in e.sites {
            self.label::<SiteFacts>(site);
        }
        for actor in e.actors {
            self.label::<ActorFacts>(actor.actor);
        }
        e
    }

    pub fn event_card(self, ix: EventIx) -> EventCard<'a> {
        let e = self.event_summary(ix);
        EventCard {
            id: e.id,
            url: urls::event(e.id),
            title: e.title,
            date: e.date,
            date_label: e.date_label,
            kind: e.kind,
            status: e.status.as_str(),
            sites: e.sites.iter().map(|&s| self.link::<SiteFacts>(s, None)).collect(),
            actors: e.actors.iter().map(|a| self.link::<ActorFacts>(a.actor, a.role.as_deref())).collect(),
            figures: figure_spans(e.figures, self.figure_words),
            at: None,
            row: None,
        }
    }

    /// A link to an event: reads its card's facet, not its sites' and actors' labels.
    pub fn event_link(self, ix: EventIx) -> EventLink<'a> {
        let e = self.event_summary(ix);
        EventLink { id: e.id, url: urls::event(e.id), title: e.title, date_label: e.date_label }
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
