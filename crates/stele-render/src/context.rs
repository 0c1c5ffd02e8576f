//! Template contexts: the serializable shapes templates receive, one per
//! thing a template shows. `docs/templates.md` documents them for theme
//! authors (keep the two in step); `tests/contexts.rs` snapshots them.
//! They are built from the model through `views::Views`.

use crate::entities::{ExtraFields, ShownEntity};
use serde::ser::SerializeStruct;
use serde::Serialize;
use stele_core::date::{EdtfDate, PublicationDate};
use stele_core::figures::{FigureKind, FigureRange, FigureWords};
use stele_core::model::{ActorFacts, Config, Extra, SiteFacts, SourcedFigures};
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
    /// Not serialized with the page: the renderer puts one copy, made once,
    /// beside every page's data (a page's fingerprint holds its hash).
    #[serde(skip)]
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
    /// Events naming it or a part of it (each once), and those naming it itself.
    pub event_count: usize,
    pub events_here: usize,
    /// Reports listing it or a part of it (each once), and those listing it itself.
    pub article_count: usize,
    pub articles_here: usize,
    /// How many entities lie directly inside it.
    pub part_count: usize,
    pub facts: F::Card<'a>,
}

pub type SiteCard<'a> = EntityCard<'a, SiteFacts>;
pub type ActorCard<'a> = EntityCard<'a, ActorFacts>;

// Written out rather than `#[serde(flatten)]`: cards are serialized by the
// hundred thousand, and flattening goes through a slower map serializer.
impl<F: ShownEntity> Serialize for EntityCard<'_, F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut card = serializer.serialize_struct("EntityCard", 9 + <F::Card<'_> as ExtraFields>::COUNT)?;
        card.serialize_field("id", self.id)?;
        card.serialize_field("url", &self.url)?;
        card.serialize_field("name", self.name)?;
        card.serialize_field("kind", &self.kind)?;
        card.serialize_field("event_count", &self.event_count)?;
        card.serialize_field("events_here", &self.events_here)?;
        card.serialize_field("article_count", &self.article_count)?;
        card.serialize_field("articles_here", &self.articles_here)?;
        card.serialize_field("part_count", &self.part_count)?;
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
    /// Per kind, the range across the sources that give a figure.
    pub figures: Vec<FigureSpan>,
    pub at: Option<EntityLink<'a>>,
    /// The card's timeline row as HTML (`rows`), when the project uses the
    /// built-in `macros.html`; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
}

/// A figure's bounds with their kind: one event's range across sources, or a sum.
#[derive(Serialize, Clone)]
pub struct FigureSpan {
    /// The kind's key (`killed`, `air_strikes`).
    pub kind: String,
    /// The words for it (`killed`, `air strikes`).
    pub label: String,
    /// The bounds in the site's words: `12`, `12–15`, `at least 1,000`
    /// (English), `au moins 1 000` (French).
    pub value: String,
    pub low: u64,
    /// None when open ("at least").
    pub high: Option<u64>,
}

impl FigureSpan {
    pub fn new(kind: &FigureKind, range: FigureRange, words: &FigureWords) -> Self {
        FigureSpan { kind: kind.key().to_string(), label: kind.label(), value: words.range(range), low: range.low, high: range.high }
    }
}

/// Per kind, the range across sources, from each report's figures.
pub fn figure_spans(figures: &[SourcedFigures], words: &FigureWords) -> Vec<FigureSpan> {
    if figures.is_empty() {
        return Vec::new();
    }
    stele_core::figures::across_sources(figures.iter().map(|s| s.figures.as_slice())).into_iter().map(|(k, r)| FigureSpan::new(k, r, words)).collect()
}

/// A sum of figures over events: sum of lows to sum of highs.
#[derive(Serialize)]
pub struct FigureTotal {
    #[serde(flatten)]
    pub figure: FigureSpan,
    /// How many events give a figure of this kind.
    pub events: usize,
}

/// One kind of figure on an event's page: each source's figure and the range across them.
#[derive(Serialize)]
pub struct FigureRow<'a> {
    #[serde(flatten)]
    pub range: FigureSpan,
    pub sources: Vec<SourcedFigure<'a>>,
}

/// One report's figure of a kind: as written, and as pages show it.
#[derive(Serialize)]
pub struct SourcedFigure<'a> {
    pub written: &'a str,
    /// In the site's words, in the form written (`FigureWords::value`):
    /// as written in English, `au moins 1 000` for `>1000` in French.
    pub value: String,
    pub low: u64,
    pub high: Option<u64>,
    pub report: ArticleCard<'a>,
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
    /// The summary to show above the body: none when the body opens with it.
    pub lead: Option<&'a str>,
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
    /// The map of every site with coordinates (SVG), or null when none has any.
    pub map_html: Option<String>,
    /// Sites without coordinates (listed beside the map).
    pub unplaced_sites: Vec<SiteCard<'a>>,
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
    /// The entities directly inside it, most events and reports first
    /// (rolled up; ties by name), those with none last.
    pub children: Vec<EntityCard<'a, F>>,
    /// How many of `children` have events or reports (the first ones).
    pub children_with_record: usize,
    /// The latest events (see `limits`), chronological, its own and those
    /// of every entity inside it.
    pub timeline: Vec<YearGroup<'a>>,
    /// Every year of its timeline linked to its page, when it has more
    /// events than `timeline` shows; else empty.
    pub timeline_years: Vec<YearLink>,
    pub event_count: usize,
    /// Of those, the events naming the entity itself.
    pub events_here: usize,
    pub shown_event_count: usize,
    /// The latest reports listing it or an entity inside it, newest first.
    /// Per kind, the figures of every event counted in `event_count` summed.
    pub figure_totals: Vec<FigureTotal>,
    pub articles: Vec<ArticleCard<'a>>,
    pub article_count: usize,
    /// Of those, the reports listing the entity itself.
    pub articles_here: usize,
    pub mentions: Vec<MentionView<'a>>,
    pub mention_count: usize,
    /// This entity's Atom feed, relative to the root; null without `base_url`.
    pub feed_url: Option<String>,
    /// Its events as TimelineJS JSON, relative to the root.
    pub timeline_data_url: String,
    /// All its events on a time axis, as inline SVG (`stele-chart`); empty without events.
    pub timeline_chart: String,
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
    /// The map of the site, its parts, the site it lies in and its
    /// neighbours (SVG), or null when neither it nor its parts have coordinates.
    pub map_html: Option<String>,
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
    /// Per kind (listed kinds first): each report's figure and the range across them.
    pub figure_rows: Vec<FigureRow<'a>>,
    pub disputed_by: Vec<ActorCard<'a>>,
    /// Each statement about the event: the event file's first (the
    /// editors' record), then each report's, in the order of their files.
    pub claims: Vec<ClaimView<'a>>,
    /// Whether the page lists the claims: they differ, or an event file
    /// and reports both speak.
    pub show_claims: bool,
    /// The fields the claims give differently (`date`, `title`, `kind`,
    /// `status`, `description`, `display_date`); empty when they agree.
    pub disagreements: Vec<&'static str>,
}

/// What one report says of an event (`null` where the entry leaves a field out).
#[derive(Serialize)]
pub struct ClaimView<'a> {
    /// Whose claim: the report's source name, else its title; empty for the event file.
    pub by: &'a str,
    /// Whether this is the event file's: the editors' record.
    pub editors: bool,
    /// The report making the claim; `null` for the event file.
    pub report: Option<ArticleCard<'a>>,
    pub date: Option<&'a EdtfDate>,
    pub title: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub status: Option<&'static str>,
    pub description_html: Option<&'a str>,
    pub display_date: Option<&'a str>,
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

/// The timeline's overview: the count of every month as a bar chart, and
/// the years, each linked to its page with its months.
#[derive(Serialize)]
pub struct TimelineData {
    pub years: Vec<TimelineYear>,
    pub total: usize,
    pub chart: MonthChart,
    /// Every event on a time axis, as inline SVG; empty without events.
    pub timeline_chart: String,
    /// A row per most active actor (`swimlane_actors` in site.yaml), as inline SVG; empty for none.
    pub swimlanes: String,
    /// Per kind, the figures of every event summed.
    pub figure_totals: Vec<FigureTotal>,
}

#[derive(Serialize)]
pub struct TimelineYear {
    pub year: i32,
    /// How many events the year has.
    pub count: usize,
    /// Its page.
    pub url: String,
    /// The months with events (and the year-only part first, `month` null).
    pub months: Vec<MonthLink>,
}

/// A month of a timeline and where its events are listed.
#[derive(Serialize)]
pub struct MonthLink {
    /// 1-12, or null for the events dated by the year only.
    pub month: Option<u32>,
    /// "May 2015", "2015, year only".
    pub label: String,
    pub count: usize,
    /// The month's page in a split year, else its section of the year page (`...#m05`).
    pub url: String,
}

/// A bar chart of events per month, in whole pixels: `width` by `height`,
/// one bar per month from the first year to the last.
#[derive(Serialize)]
pub struct MonthChart {
    pub width: u32,
    pub height: u32,
    pub bars: Vec<ChartBar>,
    /// Where each year's bars start.
    pub years: Vec<ChartYear>,
}

#[derive(Serialize)]
pub struct ChartBar {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// The month the bar stands for (its label, count and url).
    #[serde(flatten)]
    pub link: MonthLink,
}

#[derive(Serialize)]
pub struct ChartYear {
    pub year: i32,
    pub x: u32,
}

/// A link to a page of a timeline split by time, or to the page it hangs from.
#[derive(Serialize)]
pub struct PeriodLink {
    pub label: String,
    pub url: String,
}

/// A year of an entity's timeline, linked to its page.
#[derive(Serialize)]
pub struct YearLink {
    pub year: i32,
    pub count: usize,
    pub url: String,
}

/// Whose events a timeline page shows.
#[derive(Serialize)]
pub struct TimelineScopeView {
    /// `all`, `site` or `actor`.
    pub kind: &'static str,
    /// The site's or actor's name; null for the whole timeline.
    pub name: Option<String>,
    /// The timeline's overview, or the site's or actor's page.
    pub url: String,
}

/// A year or month page of a timeline.
#[derive(Serialize)]
pub struct TimelinePeriodData<'a> {
    /// The period's events on a time axis, as inline SVG (content-model.md section 6.7).
    pub timeline_chart: String,
    pub scope: TimelineScopeView,
    pub year: i32,
    /// 1-12 on a month page, else null.
    pub month: Option<u32>,
    /// "2015", "May 2015".
    pub label: String,
    pub count: usize,
    /// The page above: the overview (or entity page) from a year, the year from a month.
    pub up: PeriodLink,
    pub previous: Option<PeriodLink>,
    pub next: Option<PeriodLink>,
    pub groups: Vec<PeriodGroup<'a>>,
}

/// A month of a period page (or its year-only events): listed here, as
/// `parts` (the whole timeline's rows, rendered apart) or `events` (cards,
/// on a site's or actor's), or on its own page (`url`).
#[derive(Serialize)]
pub struct PeriodGroup<'a> {
    /// The section's id: `m05`, or `year-only`.
    pub anchor: String,
    pub month: Option<u32>,
    pub label: String,
    pub count: usize,
    /// The month's own page, when the year is split; its events are there.
    pub url: Option<String>,
    pub parts: Vec<String>,
    pub events: Vec<EventCard<'a>>,
}

/// The context of `timeline_events.html`: one month's events of the timeline.
#[derive(Serialize)]
pub struct TimelinePart<'a> {
    pub root: &'a str,
    /// Put beside the part by the renderer, as for pages.
    #[serde(skip)]
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
