use super::calendar::{self, Day};
use super::cli::Shape;
use super::entities::Entity;
use super::rng::{Rng, Zipf};
use super::words::{capitalise, Vocabulary};

/// Exponent of the Zipf skew for sites and actors: a few are very hot.
const ENTITY_ZIPF_EXPONENT: f64 = 1.1;
/// The top actors appear in about half of all articles: "a few actors in
/// half of all articles", as in wire reports that name the same parties.
pub const HOT_ACTORS: usize = 3;
const SUMMARY_SHARE: f64 = 0.70;
const REREPORT_SHARE: f64 = 0.05;
/// Re-reports pick among the most recent events, as follow-up reports do.
const REREPORT_WINDOW: usize = 2000;
const PERPETRATOR_SHARE: f64 = 0.3;
/// How far before publication an event may lie.
const EVENT_LOOKBACK_DAYS: usize = 180;

pub const TAGS: [&str; 30] = [
    "heritage-destruction",
    "looting",
    "illicit-trafficking",
    "airstrikes",
    "shelling",
    "occupation",
    "restoration",
    "excavation",
    "museums",
    "archives",
    "manuscripts",
    "religious-sites",
    "urban-heritage",
    "displacement",
    "sanctions",
    "unesco",
    "satellite-imagery",
    "eyewitness",
    "statements",
    "court-cases",
    "repatriation",
    "military-use",
    "checkpoints",
    "reconstruction",
    "intangible-heritage",
    "libraries",
    "archaeology",
    "propaganda",
    "ceasefire",
    "documentation",
];
const EVENT_KINDS: [(&str, &str); 12] = [
    ("airstrike", "Airstrike"),
    ("shelling", "Shelling"),
    ("capture", "Capture"),
    ("destruction", "Destruction"),
    ("damage", "Damage"),
    ("looting", "Looting"),
    ("excavation", "Illegal excavation"),
    ("killing", "Killing"),
    ("detention", "Detention"),
    ("restoration", "Restoration work"),
    ("protest", "Protest"),
    ("closure", "Closure"),
];
const EVENT_PLACE_WORDS: [&str; 4] = ["near", "at", "in", "around"];
const STATUSES: [(&str, u32); 3] = [("reported", 50), ("claimed", 20), ("confirmed", 30)];

/// The scalar fields of an event: identical in every article that
/// reports it, or stele reports a disagreement.
pub struct EventCore {
    pub id: String,
    pub date: String,
    pub title: String,
    pub kind: &'static str,
    pub status: &'static str,
}

pub struct ActorRole {
    pub actor: usize,
    pub perpetrator: bool,
}

/// One event as listed in one article: its list fields are this
/// article's own, stele unites them across articles.
pub struct EventMention {
    pub event: usize,
    pub sites: Vec<usize>,
    pub actors: Vec<ActorRole>,
    pub is_rereport: bool,
}

pub struct ArticlePlan {
    pub number: usize,
    pub published: Day,
    pub title: String,
    pub summary: Option<String>,
    pub tags: Vec<usize>,
    pub sites: Vec<usize>,
    pub actors: Vec<usize>,
    pub events: Vec<EventMention>,
}

impl ArticlePlan {
    pub fn year(&self) -> i64 {
        calendar::to_civil(self.published).0
    }

    pub fn id(&self) -> String {
        format!("article-{:06}", self.number)
    }
}

pub struct Planner<'a> {
    article_count: usize,
    sites: &'a [Entity],
    vocabulary: &'a Vocabulary,
    site_zipf: Zipf,
    actor_zipf: Zipf,
    tag_zipf: Zipf,
    first_day: Day,
    span_days: i64,
    /// Every distinct event so far, in order of first report.
    pub events: Vec<EventCore>,
    /// How many events a report lists, at least and at most.
    events_per_report: (usize, usize),
}

impl<'a> Planner<'a> {
    pub fn new(article_count: usize, sites: &'a [Entity], actor_count: usize, vocabulary: &'a Vocabulary, shape: Shape) -> Self {
        let first_day = calendar::from_civil(shape.years.0, 1, 1);
        let last_day = calendar::from_civil(shape.years.1, 12, 31);
        Planner {
            article_count,
            sites,
            vocabulary,
            site_zipf: Zipf::new(sites.len(), ENTITY_ZIPF_EXPONENT),
            actor_zipf: Zipf::new(actor_count, ENTITY_ZIPF_EXPONENT),
            tag_zipf: Zipf::new(TAGS.len(), 1.0),
            first_day,
            span_days: last_day - first_day + 1,
            events: Vec::new(),
            events_per_report: shape.events_per_report,
        }
    }

    /// Plans article `index` (0-based). Articles come in publication
    /// order, so any event already in `events` lies before this article's
    /// date and may be re-reported here.
    pub fn plan(&mut self, index: usize, rng: &mut Rng) -> ArticlePlan {
        let published = self.publication_day(index);
        let mut sites = Vec::new();
        let site_count = rng.between(1, 4);
        self.site_zipf.sample_distinct(rng, site_count, &mut sites);
        let actors = self.pick_actors(rng);
        let mut tags = Vec::new();
        let tag_count = rng.between(1, 3);
        self.tag_zipf.sample_distinct(rng, tag_count, &mut tags);
        let mut plan = ArticlePlan {
            number: index + 1,
            published,
            title: self.article_title(rng, &sites),
            summary: rng.chance(SUMMARY_SHARE).then(|| sentence(self.vocabulary, rng, 12, 25)),
            tags,
            sites,
            actors,
            events: Vec::new(),
        };
        plan.events = self.plan_events(&plan, rng);
        plan
    }

    /// Spreads articles evenly over the years of the shape (2010–2024 by default), non-decreasing in index.
    fn publication_day(&self, index: usize) -> Day {
        let offset = (index as u128 * self.span_days as u128 / self.article_count as u128) as i64;
        self.first_day + offset
    }

    fn pick_actors(&self, rng: &mut Rng) -> Vec<usize> {
        let mut actors = Vec::new();
        if rng.chance(0.5) {
            // The "heavy" half: the top actors first, then Zipf-skewed others.
            let count = rng.between(2, 5).min(self.actor_zipf.len());
            let mut hot: Vec<usize> = (0..HOT_ACTORS.min(self.actor_zipf.len())).collect();
            rng.shuffle(&mut hot); // with room for two, any two of the three
            actors.extend(hot.into_iter().take(count));
            let more = count - actors.len();
            self.actor_zipf.sample_distinct(rng, more, &mut actors);
        } else {
            let count = rng.between(0, 2);
            self.actor_zipf.sample_distinct(rng, count, &mut actors);
        }
        actors
    }

    fn article_title(&self, rng: &mut Rng, sites: &[usize]) -> String {
        let count = rng.between(3, 6);
        let mut title = sentence_words(self.vocabulary, rng, count);
        let site = &self.sites[sites[0]].name;
        // Every few titles carry a colon, as headlines do: it must be quoted.
        if rng.chance(0.2) {
            title = format!("{site}: {title}");
        } else {
            title = format!("{title} {} {site}", rng.pick(&EVENT_PLACE_WORDS));
        }
        title
    }

    fn plan_events(&mut self, plan: &ArticlePlan, rng: &mut Rng) -> Vec<EventMention> {
        // Events registered before this article: the ones it may re-report.
        let earlier_events = self.events.len();
        let mut mentions: Vec<EventMention> = Vec::new();
        let (fewest, most) = self.events_per_report;
        for position in 1..=rng.between(fewest, most) {
            let sites = subset(rng, &plan.sites, 1, 2);
            let (event, is_rereport) = match self.pick_rereport(rng, earlier_events, &mentions) {
                Some(earlier) => (earlier, true),
                None => (self.new_event(plan, position, sites[0], rng), false),
            };
            mentions.push(EventMention {
                event,
                sites,
                actors: subset(rng, &plan.actors, 0, 3)
                    .into_iter()
                    .map(|actor| ActorRole { actor, perpetrator: rng.chance(PERPETRATOR_SHARE) })
                    .collect(),
                is_rereport,
            });
        }
        mentions
    }

    /// A recent event of an earlier article, not yet listed in this one.
    fn pick_rereport(&self, rng: &mut Rng, earlier_events: usize, listed: &[EventMention]) -> Option<usize> {
        if earlier_events == 0 || !rng.chance(REREPORT_SHARE) {
            return None;
        }
        let event = earlier_events - 1 - rng.below(earlier_events.min(REREPORT_WINDOW));
        (!listed.iter().any(|m| m.event == event)).then_some(event)
    }

    /// A new event, titled after `site` (the first of its own sites).
    fn new_event(&mut self, plan: &ArticlePlan, position: usize, site: usize, rng: &mut Rng) -> usize {
        let (kind, kind_title) = rng.pick(&EVENT_KINDS);
        let site = &self.sites[site].name;
        self.events.push(EventCore {
            id: format!("ev-{:06}-{position}", plan.number),
            date: event_date(rng, plan.published),
            title: format!("{kind_title} {} {site}", rng.pick(&EVENT_PLACE_WORDS)),
            kind,
            status: rng.weighted(&STATUSES),
        });
        self.events.len() - 1
    }
}

/// `min..=max` distinct items of `items` (fewer if there are fewer),
/// in the order they have in `items`.
fn subset(rng: &mut Rng, items: &[usize], min: usize, max: usize) -> Vec<usize> {
    let count = rng.between(min.min(items.len()), max.min(items.len()));
    let mut chosen: Vec<usize> = items.to_vec();
    rng.shuffle(&mut chosen);
    chosen.truncate(count);
    chosen.sort_by_key(|item| items.iter().position(|x| x == item));
    chosen
}

/// An EDTF date whose latest possible day is on or before `published`,
/// so the publication day is the latest event date or later.
/// Mix: 60% day, 20% month, 10% year, 10% interval within a month;
/// 10% of all carry `~` or `?` (only single dates, to stay in level 1).
pub fn event_date(rng: &mut Rng, published: Day) -> String {
    let anchor = published - rng.below(EVENT_LOOKBACK_DAYS) as Day;
    let mut date = String::with_capacity(24);
    let roll = rng.below(100);
    match roll {
        0..=59 => calendar::push_iso(&mut date, anchor),
        60..=79 => push_month(&mut date, month_before(anchor, published)),
        80..=89 => push_year(&mut date, year_before(anchor, published)),
        _ => push_interval(&mut date, rng, anchor),
    }
    // 1/9 of the 90% single dates: 10% overall.
    if roll < 90 && rng.below(9) == 0 {
        date.push(if rng.chance(0.5) { '~' } else { '?' });
    }
    date
}

/// The year of `anchor`, or the one before if it ends after `published`.
fn year_before(anchor: Day, published: Day) -> i64 {
    let year = calendar::to_civil(anchor).0;
    if calendar::from_civil(year, 12, 31) > published {
        year - 1
    } else {
        year
    }
}

fn push_year(out: &mut String, year: i64) {
    use std::fmt::Write as _;
    let _ = write!(out, "{year:04}");
}

/// The month of `anchor`, or the one before if it ends after `published`.
fn month_before(anchor: Day, published: Day) -> Day {
    if calendar::last_day_of_month(anchor) > published {
        let (year, month, _) = calendar::to_civil(anchor);
        calendar::from_civil(year, month, 1) - 1
    } else {
        anchor
    }
}

fn push_month(out: &mut String, day: Day) {
    use std::fmt::Write as _;
    let (year, month, _) = calendar::to_civil(day);
    let _ = write!(out, "{year:04}-{month:02}");
}

/// `A/B`, both in the month of `end` (moved back a day if it is the 1st).
fn push_interval(out: &mut String, rng: &mut Rng, end: Day) {
    let end = if calendar::to_civil(end).2 == 1 { end - 1 } else { end };
    let end_day_of_month = calendar::to_civil(end).2 as usize;
    let length = rng.between(1, (end_day_of_month - 1).min(10));
    calendar::push_iso(out, end - length as Day);
    out.push('/');
    calendar::push_iso(out, end);
}

/// A capitalised sentence of `min..=max` words, with its full stop.
pub fn sentence(vocabulary: &Vocabulary, rng: &mut Rng, min: usize, max: usize) -> String {
    let count = rng.between(min, max);
    let mut text = sentence_words(vocabulary, rng, count);
    text.push('.');
    text
}

fn sentence_words(vocabulary: &Vocabulary, rng: &mut Rng, count: usize) -> String {
    let words: Vec<&str> = (0..count).map(|_| vocabulary.word(rng)).collect();
    capitalise(&words.join(" "))
}
