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
    /// Folders outside the project that symbolic links may point into, as
    /// written (relative to the project root, or absolute).
    pub allow_symlinks_to: Vec<String>,
    pub extra: Extra,
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
            allow_symlinks_to: Vec::new(),
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
    /// From front matter, else the body's first paragraph.
    pub summary: Option<String>,
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
    /// Sites and actors named in the body (first mention each), with the sentence.
    pub mentions: Vec<EntityMention>,
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

#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub id: String,
    pub path: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub part_of: Option<SiteIx>,
    pub location: Option<GeoPoint>,
    pub country: Option<String>,
    pub wikidata: Option<String>,
    pub unesco: Option<String>,
    pub body_html: Arc<str>,
    pub extra: Extra,
    /// Sites directly inside this one.
    pub children: Vec<SiteIx>,
    /// Events that name this site.
    pub events: Vec<EventIx>,
    /// Articles that list this site.
    pub articles: Vec<ArticleIx>,
    /// (article, index into its `mentions`) of articles naming this site in their body.
    pub mentioned_in: Vec<(ArticleIx, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: String,
    pub path: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub part_of: Option<ActorIx>,
    pub wikidata: Option<String>,
    pub body_html: Arc<str>,
    pub extra: Extra,
    pub children: Vec<ActorIx>,
    /// Events that name this actor (as participant, claimant or confirmer).
    pub events: Vec<EventIx>,
    pub articles: Vec<ArticleIx>,
    /// (article, index into its `quotes`) of everything this actor said.
    pub quotes: Vec<(ArticleIx, usize)>,
    /// (article, index into its `mentions`) of articles naming this actor in their body.
    pub mentioned_in: Vec<(ArticleIx, usize)>,
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
    /// `site` and every site it lies in, innermost first.
    pub fn site_ancestors(&self, site: SiteIx) -> Vec<SiteIx> {
        std::iter::successors(self.sites[site].part_of, |&s| self.sites[s].part_of).collect()
    }

    pub fn actor_ancestors(&self, actor: ActorIx) -> Vec<ActorIx> {
        std::iter::successors(self.actors[actor].part_of, |&a| self.actors[a].part_of).collect()
    }

    /// `site` and every site inside it, at any depth, in id order.
    pub fn site_with_descendants(&self, site: SiteIx) -> Vec<SiteIx> {
        descendants(site, |s| &self.sites[s].children)
    }

    pub fn actor_with_descendants(&self, actor: ActorIx) -> Vec<ActorIx> {
        descendants(actor, |a| &self.actors[a].children)
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
