//! Template contexts: the serializable shapes templates receive, one per
//! thing a template shows. `docs/templates.md` documents them for theme
//! authors (keep the two in step); `tests/contexts.rs` snapshots them.
//! They are built from the model through `views::Views`.

use crate::entities::{ExtraFields, ShownEntity};
use serde::ser::SerializeStruct;
use serde::Serialize;
use stele_core::date::{EdtfDate, PublicationDate};
use stele_core::model::{ActorFacts, Config, Extra, SiteFacts};
use stele_i18n::Table;

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
    /// Open Graph and Twitter card values; only with `base_url`, on the pages `canonical` is on.
    pub social: Option<SocialView>,
    /// schema.org JSON-LD, escaped for a `<script>` element; only with
    /// `base_url`, on the home, report, site, actor and event pages.
    pub json_ld: Option<String>,
}

/// What sharing tags say beyond `page.title` and `page.canonical`.
#[derive(Serialize)]
pub struct SocialView {
    /// `og:type`: `article` for reports, else `website`.
    #[serde(rename = "type")]
    pub og_type: &'static str,
    /// `og:locale`: the site's `language` with `_` for `-` (`en_GB`).
    pub locale: String,
    /// `og:description`: a report's summary, the site's description on the home page.
    pub description: Option<String>,
}

/// A page's context: the shared part and the page's own part, flattened.
#[derive(Serialize)]
pub struct PageContext<'a, T: Serialize> {
    pub root: &'a str,
    pub config: &'a ConfigView<'a>,
    /// The interface texts in the site's language (`stele_i18n::Table`).
    pub t: &'a Table,
    /// Which way the site's language runs: `ltr` or `rtl`.
    pub dir: &'static str,
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
    /// The report's own language and its direction, when it is not the site's (else null).
    pub language: Option<&'a str>,
    pub dir: Option<&'static str>,
}

/// A site's or an actor's card: what lists of entities show. The shared
/// fields, then what the kind adds (a site's country).
#[derive(Clone)]
pub struct EntityCard<'a, F: ShownEntity> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    pub kind: Option<&'a str>,
    pub event_count: usize,
    pub article_count: usize,
    pub facts: F::Card<'a>,
}

pub type SiteCard<'a> = EntityCard<'a, SiteFacts>;
pub type ActorCard<'a> = EntityCard<'a, ActorFacts>;

// Written out rather than `#[serde(flatten)]`: cards are serialized by the
// hundred thousand, and flattening goes through a slower map serializer.
impl<F: ShownEntity> Serialize for EntityCard<'_, F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut card = serializer.serialize_struct("EntityCard", 6 + <F::Card<'_> as ExtraFields>::COUNT)?;
        card.serialize_field("id", self.id)?;
        card.serialize_field("url", &self.url)?;
        card.serialize_field("name", self.name)?;
        card.serialize_field("kind", &self.kind)?;
        card.serialize_field("event_count", &self.event_count)?;
        card.serialize_field("article_count", &self.article_count)?;
        self.facts.serialize_into(&mut card)?;
        card.end()
    }
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
    /// The changes page, when this build makes one (`build --changes-since`).
    pub changes: Option<PageLinkView>,
}

/// A link to a page of its own kind: its address and title.
#[derive(Serialize)]
pub struct PageLinkView {
    pub url: &'static str,
    pub title: String,
}

/// The changes page's data (`build --changes-since`).
#[derive(Serialize)]
pub struct ChangesData<'a> {
    /// The earlier version's date as shown, or null when unknown.
    pub since: Option<&'a str>,
    /// Items added, changed or removed, in all groups.
    pub total: usize,
    /// Events, reports, sites, actors, in that order, each whether or not anything changed.
    pub groups: Vec<ChangeGroupView<'a>>,
}

#[derive(Serialize)]
pub struct ChangeGroupView<'a> {
    /// `events`, `reports`, `sites` or `actors`.
    pub kind: &'static str,
    pub counts: ChangeCounts,
    pub added: Vec<ChangedItemView<'a>>,
    pub changed: Vec<ChangedItemView<'a>>,
    pub removed: Vec<ChangedItemView<'a>>,
}

#[derive(Serialize)]
pub struct ChangeCounts {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

#[derive(Serialize)]
pub struct ChangedItemView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    /// Its page; null for a removed item, which has none.
    pub url: Option<String>,
    /// What changed (only for changed items; empty otherwise).
    pub fields: Vec<FieldChangeView<'a>>,
}

#[derive(Serialize)]
pub struct FieldChangeView<'a> {
    pub field: &'static str,
    pub change: stele_changes::Change,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    /// The line `stele changes` prints: "status changed: reported -> confirmed".
    pub text: String,
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
    /// When the report was last revised, if it says.
    pub updated: Option<&'a PublicationDate>,
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
    /// The report's own language and its direction, when it is not the site's (else null).
    pub language: Option<&'a str>,
    pub dir: Option<&'static str>,
    /// The report and its translations (`translation_of`), the original
    /// first, when there are any; else empty.
    pub translations: Vec<TranslationLink<'a>>,
}

/// One version of a report in the list of its translations.
#[derive(Serialize)]
pub struct TranslationLink<'a> {
    /// Null for the page's own report.
    pub url: Option<String>,
    pub id: &'a str,
    pub title: &'a str,
    /// Its language (the site's when the report names none), that language's own name, and its direction.
    pub language: &'a str,
    pub name: String,
    pub dir: &'static str,
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

/// The entity a site or actor page is about: the shared fields, then
/// what the kind adds (a site's country, location, UNESCO number).
pub struct EntityView<'a, F: ShownEntity> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    pub aliases: &'a [String],
    pub kind: Option<&'a str>,
    pub wikidata: Option<&'a str>,
    pub body_html: &'a str,
    pub extra: &'a Extra,
    pub facts: F::Page<'a>,
}

impl<F: ShownEntity> Serialize for EntityView<'_, F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut view = serializer.serialize_struct("EntityView", 8 + <F::Page<'_> as ExtraFields>::COUNT)?;
        view.serialize_field("id", self.id)?;
        view.serialize_field("url", &self.url)?;
        view.serialize_field("name", self.name)?;
        view.serialize_field("aliases", self.aliases)?;
        view.serialize_field("kind", &self.kind)?;
        view.serialize_field("wikidata", &self.wikidata)?;
        view.serialize_field("body_html", self.body_html)?;
        view.serialize_field("extra", self.extra)?;
        self.facts.serialize_into(&mut view)?;
        view.end()
    }
}

/// What every entity page shows besides its entity.
#[derive(Serialize)]
#[serde(bound(serialize = ""))]
pub struct EntityPage<'a, F: ShownEntity> {
    /// Cards of the entities it lies in, outermost first.
    pub ancestors: Vec<EntityCard<'a, F>>,
    pub children: Vec<EntityCard<'a, F>>,
    /// The latest events (see `limits`), chronological, its own and those
    /// of every entity inside it.
    pub timeline: Vec<YearGroup<'a>>,
    pub event_count: usize,
    pub shown_event_count: usize,
    /// The latest reports, newest first.
    pub articles: Vec<ArticleCard<'a>>,
    pub article_count: usize,
    pub mentions: Vec<MentionView<'a>>,
    pub mention_count: usize,
    /// This entity's Atom feed, relative to the root; null without `base_url`.
    pub feed_url: Option<String>,
    /// Its events as TimelineJS JSON, relative to the root.
    pub timeline_data_url: String,
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
    pub site: EntityView<'a, SiteFacts>,
    #[serde(flatten)]
    pub page: EntityPage<'a, SiteFacts>,
    pub actors: Vec<InvolvedActor<'a>>,
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
    pub actor: EntityView<'a, ActorFacts>,
    #[serde(flatten)]
    pub page: EntityPage<'a, ActorFacts>,
    pub sites: Vec<SiteInvolvement<'a>>,
    pub related: Vec<RelatedActor<'a>>,
    pub quotes: Vec<ActorQuote<'a>>,
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
    pub t: &'a Table,
    pub dir: &'static str,
    pub events: Vec<EventCard<'a>>,
}

/// The page at an old id of a report, site or actor.
#[derive(Serialize)]
pub struct MovedData<'a> {
    pub moved: MovedView<'a>,
}

#[derive(Serialize)]
pub struct MovedView<'a> {
    /// The id the page is at (one of `moved_from`).
    pub old_id: &'a str,
    /// `report`, `site` or `actor`.
    pub kind: &'static str,
    /// Where it went: the document's id, page and title (a site's or actor's name).
    pub id: &'a str,
    pub url: String,
    pub title: &'a str,
    /// The new page's address for `<link rel="canonical">` and the refresh:
    /// absolute with `base_url`, else relative to the redirect page.
    pub canonical: String,
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
    pub title: String,
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
