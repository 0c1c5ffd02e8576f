//! The resolved site model: plain data, every reference checked and turned
//! into an index, every list in its final order.
//!
//! Invariants (established by `resolve`, relied on by `render`):
//! - `sites` and `actors` are sorted by id, `articles` newest first (then by
//!   id), `events` chronologically (`EdtfDate::sort_key`, then id). Indices
//!   into these vectors are the references everywhere else.
//! - Every index is in range; `part_of` chains are acyclic.
//! - Derived lists (`children`, `events`, `articles`, ...) are sorted in the
//!   order of the vector they index into, without duplicates.

use crate::date::{EdtfDate, PublicationDate};
use crate::figures::{FigureKind, FigureRange, FigureValue};
use crate::kinds::RefKind;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Free-form data (`extra:`), handed to templates and never checked.
pub type Extra = serde_json::Map<String, serde_json::Value>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Autolink {
    First,
    All,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    #[default]
    Reported,
    Claimed,
    Confirmed,
    Disputed,
    Denied,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Reported => "reported",
            EventStatus::Claimed => "claimed",
            EventStatus::Confirmed => "confirmed",
            EventStatus::Disputed => "disputed",
            EventStatus::Denied => "denied",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Raw HTML in bodies is published as written (trusted authors).
    #[default]
    Keep,
    /// Raw HTML is left out; the Markdown around it stays.
    Strip,
    /// Raw HTML is kept but cleaned: no scripts, event handlers, frames, styles or forms.
    Sanitize,
}

/// The schema.org type of a report page's structured data (`article_schema` in `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum ArticleSchema {
    /// A report (schema.org `Report`): monitoring and field reports.
    #[default]
    Report,
    /// A news article (schema.org `NewsArticle`): a site that publishes news.
    NewsArticle,
}

impl ArticleSchema {
    /// The schema.org type name.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleSchema::Report => "Report",
            ArticleSchema::NewsArticle => "NewsArticle",
        }
    }
}

pub type ArticleIx = usize;
pub type SiteIx = usize;
pub type ActorIx = usize;
pub type EventIx = usize;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    /// Always ends with `/` when present.
    pub base_url: Option<String>,
    pub autolink: Autolink,
    pub articles_per_page: usize,
    pub raw_html: RawHtml,
    /// The schema.org type of report pages' structured data.
    pub article_schema: ArticleSchema,
    /// Folders outside the project that symbolic links may point into, as
    /// written (relative to the project root, or absolute).
    pub allow_symlinks_to: Vec<String>,
    /// How many of the most active actors the timeline's swimlanes show (0: none).
    pub swimlane_actors: usize,
    /// The project's own interface texts (`translations:`), over the built-in table of `language`.
    pub translations: Translations,
    pub extra: Extra,
}

/// Interface texts by key (`translations:` in `site.yaml`).
pub type Translations = std::collections::BTreeMap<String, Translation>;

/// One interface text: plain, or by plural category (`one`, `other`, ...) for counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Translation {
    Text(String),
    Plural(std::collections::BTreeMap<String, String>),
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "stele".into(),
            description: None,
            language: "en".into(),
            base_url: None,
            autolink: Autolink::First,
            articles_per_page: 20,
            raw_html: RawHtml::Keep,
            article_schema: ArticleSchema::Report,
            allow_symlinks_to: Vec::new(),
            swimlane_actors: 8,
            translations: Translations::new(),
            extra: Extra::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub name: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub by: ActorIx,
    pub text: String,
    /// When it was said, if the article says; otherwise the article's date applies.
    pub date: Option<EdtfDate>,
    pub article: ArticleIx,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: String,
    pub path: String,
    pub title: String,
    pub date: PublicationDate,
    /// When the report was last revised (`updated:`); never before `date`.
    pub updated: Option<PublicationDate>,
    /// From front matter, else the body's first paragraph.
    pub summary: Option<String>,
    /// The summary is how the body starts (the first paragraph itself, or
    /// the words it opens with): the report page does not show it twice.
    pub summary_opens_body: bool,
    pub draft: bool,
    pub source: Option<Source>,
    pub sites: Vec<SiteIx>,
    pub actors: Vec<ActorIx>,
    pub tags: Vec<String>,
    /// Events this article reports, chronological.
    pub events: Vec<EventIx>,
    pub quotes: Vec<Quote>,
    pub body_html: Arc<str>,
    pub extra: Extra,
    /// Ids it had before (`moved_from:`, the valid ones): their pages redirect here.
    pub moved_from: Vec<String>,
    /// Sites and actors named in the body (first mention each), with the sentence.
    pub mentions: Vec<EntityMention>,
    /// The report's own language (`language:`), when it differs from the site's.
    pub language: Option<String>,
    /// The report this one translates (`translation_of:`).
    pub translation_of: Option<ArticleIx>,
    /// The reports that translate this one (derived from their `translation_of`).
    pub translations: Vec<ArticleIx>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityRef {
    Site(SiteIx),
    Actor(ActorIx),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntityMention {
    pub entity: EntityRef,
    pub context: String,
}

/// A site or an actor: what every kind of entity has, and what its kind
/// adds (`facts`). Adding a kind of entity means a new facts type and its
/// [`EntityFacts`] impl; everything written here is shared.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity<F> {
    pub id: String,
    pub path: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// The entity's own classification: `ancient-city`, `armed-group`.
    pub kind: Option<String>,
    /// The entity of the same kind this one lies in or belongs to.
    pub part_of: Option<usize>,
    pub wikidata: Option<String>,
    pub body_html: Arc<str>,
    pub extra: Extra,
    /// Ids it had before (`moved_from:`, the valid ones): their pages redirect here.
    pub moved_from: Vec<String>,
    /// What this kind of entity has of its own.
    pub facts: F,
    /// Entities directly inside this one (derived, like the lists below).
    pub children: Vec<usize>,
    /// Events that name this entity, chronological.
    pub events: Vec<EventIx>,
    /// Articles that list this entity, newest first.
    pub articles: Vec<ArticleIx>,
    /// (article, index into its `mentions`) of articles naming this entity in their body.
    pub mentioned_in: Vec<(ArticleIx, usize)>,
    /// How many events and articles name this entity or one inside it
    /// (derived: each counted once however many of the parts it names).
    pub rolled_up: RolledUp,
}

/// An entity's record with its parts': counted once per event or article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RolledUp {
    pub events: usize,
    pub articles: usize,
}

/// What a site has besides the entity core; all of it said by its file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SiteFacts {
    pub location: Option<GeoPoint>,
    pub country: Option<String>,
    pub unesco: Option<String>,
}

/// What an actor has besides the entity core.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActorFacts {
    /// (article, index into its `quotes`) of everything this actor said:
    /// derived from other files.
    pub quotes: Vec<(ArticleIx, usize)>,
}

pub type Site = Entity<SiteFacts>;
pub type Actor = Entity<ActorFacts>;

/// What differs between kinds of entity, for the code that handles every
/// kind the same way (resolving, indexing, patching, hashing).
pub trait EntityFacts: Sized + 'static {
    /// How bodies refer to this kind (`site:`, `actor:`), and its noun.
    const REF: RefKind;
    /// The model's list of entities of this kind.
    fn all(model: &SiteModel) -> &[Entity<Self>];
    fn all_mut(model: &mut SiteModel) -> &mut Vec<Entity<Self>>;
    /// The entities of this kind an event names.
    fn named_by_event(event: &Event) -> impl Iterator<Item = usize>;
    /// The entities of this kind an article lists.
    fn listed_by(article: &Article) -> &[usize];
    /// The entity of this kind a body mention is of, if it is of this kind.
    fn mentioned(entity: EntityRef) -> Option<usize>;
    /// Keeps what is derived from other files from `old`: an edit of the
    /// entity's own file leaves it as it was.
    fn keep_derived(&mut self, old: &mut Self);
    /// Fills what this kind derives from articles beyond the shared lists
    /// (an actor's quotes); the lists are empty when called.
    fn derive_from_articles(_entities: &mut [Entity<Self>], _articles: &[Article]) {}
}

impl EntityFacts for SiteFacts {
    const REF: RefKind = RefKind::Site;
    fn all(model: &SiteModel) -> &[Site] {
        &model.sites
    }
    fn all_mut(model: &mut SiteModel) -> &mut Vec<Site> {
        &mut model.sites
    }
    fn named_by_event(event: &Event) -> impl Iterator<Item = usize> {
        event.sites.iter().copied()
    }
    fn listed_by(article: &Article) -> &[usize] {
        &article.sites
    }
    fn mentioned(entity: EntityRef) -> Option<usize> {
        match entity {
            EntityRef::Site(ix) => Some(ix),
            EntityRef::Actor(_) => None,
        }
    }
    fn keep_derived(&mut self, _old: &mut Self) {}
}

impl EntityFacts for ActorFacts {
    const REF: RefKind = RefKind::Actor;
    fn all(model: &SiteModel) -> &[Actor] {
        &model.actors
    }
    fn all_mut(model: &mut SiteModel) -> &mut Vec<Actor> {
        &mut model.actors
    }
    /// Participants, claimants and confirmers.
    fn named_by_event(event: &Event) -> impl Iterator<Item = usize> {
        let listed = event.actors.iter().map(|a| a.actor).chain(event.claimed_by.iter().copied()).chain(event.confirmed_by.iter().copied());
        listed.chain(event.disputed_by.iter().copied())
    }
    fn listed_by(article: &Article) -> &[usize] {
        &article.actors
    }
    fn mentioned(entity: EntityRef) -> Option<usize> {
        match entity {
            EntityRef::Actor(ix) => Some(ix),
            EntityRef::Site(_) => None,
        }
    }
    fn keep_derived(&mut self, old: &mut Self) {
        self.quotes = std::mem::take(&mut old.quotes);
    }
    fn derive_from_articles(actors: &mut [Actor], articles: &[Article]) {
        for (ix, article) in articles.iter().enumerate() {
            for (qi, quote) in article.quotes.iter().enumerate() {
                actors[quote.by].facts.quotes.push((ix, qi));
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventActor {
    pub actor: ActorIx,
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventSource {
    pub title: String,
    pub url: Option<String>,
    pub accessed: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub date: EdtfDate,
    pub title: String,
    pub kind: Option<String>,
    pub status: EventStatus,
    pub sites: Vec<SiteIx>,
    pub actors: Vec<EventActor>,
    pub claimed_by: Vec<ActorIx>,
    pub confirmed_by: Vec<ActorIx>,
    pub description_html: Option<Arc<str>>,
    pub display_date: Option<String>,
    pub sources: Vec<EventSource>,
    /// Every article that reports this event, newest first.
    pub reported_in: Vec<ArticleIx>,
    /// The figures each reporting article gives, one entry per article
    /// that gives any, in article order (newest first).
    pub figures: Vec<SourcedFigures>,
    /// Who disputes it: written as `disputed_by`, else, when the reports
    /// give different statuses, everyone who claimed or confirmed it.
    pub disputed_by: Vec<ActorIx>,
    /// What each report entry says of the fields that can disagree, in
    /// path order, after the event file's when there is one: the
    /// statements the event's own fields are resolved from.
    pub claims: Vec<Claim>,
    /// The fields on which the claims differ.
    pub disagreements: Disagreements,
}

/// The figures one report gives for an event (`figures:` on its entry),
/// kinds in listing order, each kind once.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedFigures {
    pub article: ArticleIx,
    pub figures: Vec<(FigureKind, FigureValue)>,
}

impl Event {
    /// Per kind, the range across the sources that give it, kinds in listing order.
    pub fn figure_ranges(&self) -> Vec<(&FigureKind, FigureRange)> {
        crate::figures::across_sources(self.figures.iter().map(|s| s.figures.as_slice()))
    }
}

/// Where a claim comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimSource {
    /// An entry of this article's `events:`.
    Report(ArticleIx),
    /// The event's own file, `content/events/<id>.md`: the editors' record.
    EventFile,
}

/// One statement about an event, as written: what one report says of the
/// fields that can disagree. A field the entry leaves out is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub source: ClaimSource,
    /// Whose statement it is: the report's `source.name`, else its title;
    /// empty for the event file.
    pub by: String,
    pub date: Option<EdtfDate>,
    pub title: Option<String>,
    pub kind: Option<String>,
    pub status: Option<EventStatus>,
    pub description_html: Option<Arc<str>>,
    pub display_date: Option<String>,
}

/// Which of an event's fields its claims give differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Disagreements {
    pub date: bool,
    pub title: bool,
    pub kind: bool,
    pub status: bool,
    pub description: bool,
    pub display_date: bool,
}

impl Disagreements {
    pub fn any(self) -> bool {
        let Disagreements { date, title, kind, status, description, display_date } = self;
        date || title || kind || status || description || display_date
    }

    /// The names of the fields that differ, as the front matter spells them.
    pub fn fields(self) -> Vec<&'static str> {
        let Disagreements { date, title, kind, status, description, display_date } = self;
        [(date, "date"), (title, "title"), (kind, "kind"), (status, "status"), (description, "description"), (display_date, "display_date")]
            .into_iter()
            .filter_map(|(differs, name)| differs.then_some(name))
            .collect()
    }
}

/// What `patch` changed in the last model, when that is all that changed:
/// what a rebuild must look at again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patched {
    /// Articles whose texts or mentions changed.
    pub articles: Vec<ArticleIx>,
    /// Whether sites or actors changed: an entity file was edited, or
    /// articles now mention other entities (their `mentioned_in` changed).
    pub entities: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SiteModel {
    pub config: Config,
    pub articles: Vec<Article>,
    pub sites: Vec<Site>,
    pub actors: Vec<Actor>,
    pub events: Vec<Event>,
}

impl SiteModel {
    /// Every entity the entity `ix` of its kind lies in, innermost first.
    pub fn ancestors<F: EntityFacts>(&self, ix: usize) -> Vec<usize> {
        let all = F::all(self);
        std::iter::successors(all[ix].part_of, |&e| all[e].part_of).collect()
    }

    /// The entity `ix` of its kind and every entity inside it, at any depth, in id order.
    pub fn with_descendants<F: EntityFacts>(&self, ix: usize) -> Vec<usize> {
        let all = F::all(self);
        descendants(ix, |e| &all[e].children)
    }
}

/// The events an event's page links to: the previous and next on the
/// timeline, and along its first site and its main actor (the perpetrator,
/// else the first actor listed). Derived from the model: `render`'s
/// event pages show them and its dependency hashes count them as part of the event.
pub struct EventNeighbours {
    pub previous: Option<EventIx>,
    pub next: Option<EventIx>,
    pub at_site: Option<(SiteIx, Option<EventIx>, Option<EventIx>)>,
    pub by_actor: Option<(ActorIx, Option<EventIx>, Option<EventIx>)>,
}

/// The events just before and after `ix` in a chronological list containing it.
fn around(events: &[EventIx], ix: EventIx) -> Option<(Option<EventIx>, Option<EventIx>)> {
    let at = events.binary_search(&ix).ok()?;
    let previous = at.checked_sub(1).map(|p| events[p]);
    let next = events.get(at + 1).copied();
    (previous.is_some() || next.is_some()).then_some((previous, next))
}

impl SiteModel {
    pub fn event_neighbours(&self, ix: EventIx) -> EventNeighbours {
        let m = self;
        let e = &m.events[ix];
        let main_actor = e.actors.iter().find(|a| a.role.as_deref() == Some("perpetrator")).or(e.actors.first());
        EventNeighbours {
            previous: ix.checked_sub(1),
            next: (ix + 1 < m.events.len()).then_some(ix + 1),
            at_site: e.sites.first().and_then(|&site| around(&m.sites[site].events, ix).map(|(p, n)| (site, p, n))),
            by_actor: main_actor.and_then(|a| around(&m.actors[a.actor].events, ix).map(|(p, n)| (a.actor, p, n))),
        }
    }
}

fn descendants<'a>(start: usize, children: impl Fn(usize) -> &'a Vec<usize>) -> Vec<usize> {
    let mut all = vec![start];
    let mut i = 0;
    while i < all.len() {
        all.extend(children(all[i]).iter().copied());
        i += 1;
    }
    all.sort_unstable();
    all
}
