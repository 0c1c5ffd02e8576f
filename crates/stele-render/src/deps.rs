//! Which pages show which parts of the model, so that a rebuild looks only
//! at the pages that something changed for.
//!
//! Every model item (article, site, actor, event) is split into *facets*,
//! the parts pages read separately: an event's card (what the timeline
//! shows) apart from its own page's details, a site's name apart from its
//! lists. While a page's data is built, [`Recorder`] notes each facet it
//! reads (the accessors on `context::Views` do this). After a rebuild every
//! facet is hashed again; a page is looked at only if a facet it read
//! changed, or if it is new. Hashes never use model indices (they shift
//! when one item is added), only ids.
//!
//! The rule that keeps this honest is the one `tests/incremental.rs`
//! checks: a rebuild's output equals a full build's. A page reading model
//! data without going through a recording accessor would break it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use stele_core::model::*;

/// Collects what is hashed and hashes it once: far cheaper than feeding a
/// streaming hasher thousands of tiny writes.
#[derive(Default)]
pub struct BufferedXxh3(Vec<u8>);

impl BufferedXxh3 {
    fn new() -> Self {
        BufferedXxh3(Vec::with_capacity(256))
    }
}

impl Hasher for BufferedXxh3 {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}

/// The parts of items that pages read separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// Site or actor: id, name, `part_of` and children (what links and containment use).
    Label = 0,
    /// Article: id, title, date, summary, source name. Site or actor: the
    /// label and kind, country and counts (its own and rolled up). Event: everything its card shows.
    Card = 1,
    /// Article: its sites, actors, events and quotes (what other pages count and cite).
    Refs = 2,
    /// Article: the body's mentions with their sentences.
    Mentions = 3,
    /// Everything, including derived lists and, for an event, the
    /// neighbours its page links to.
    Full = 4,
    /// Event: its figures (what pages summing figures read of events they do not show).
    Figures = 5,
}

const FACETS: u32 = 6;

/// Facts about the model as a whole, each one key (below every item's keys).
#[derive(Debug, Clone, Copy)]
pub enum Global {
    /// The order (and number) of articles: list pages, home, feeds.
    ArticleOrder = 0,
    /// The order of events: the timeline, home.
    EventOrder = 1,
    /// Which sites exist: the sites index.
    SiteSet = 2,
    ActorSet = 3,
    /// Which articles and events exist, in any order: the sitemap.
    ArticleSet = 4,
    EventSet = 5,
    /// Where every site is (ids and coordinates): maps, whose neighbours
    /// and windows depend on every site's place.
    SitePlaces = 6,
    /// Which year and month every event is listed under, in order: the
    /// whole timeline's year and month pages.
    EventPeriods = 7,
    /// Everything the search index reads: every report, site, actor and
    /// event in full, and their order. One key for the index's files, which
    /// would otherwise each record every item (a dependency list as long as
    /// the archive, for hundreds of files, sorted again on every rebuild).
    SearchDocuments = 8,
}

/// Item numbers below this stand for the global facts (`FACETS` keys each).
const GLOBAL_NUMBERS: u32 = 2;

/// A dependency: a global fact or one facet of one item, numbered stably
/// across builds (by id, not by model index).
pub type DepKey = u32;

/// Stable numbers for items, by kind and id, kept for a whole `serve` session.
#[derive(Default)]
pub struct Interner {
    by_kind: [HashMap<Box<str>, u32>; 4],
    /// How many items have a number.
    count: u32,
}

impl Interner {
    fn number(&mut self, kind: usize, id: &str) -> u32 {
        if let Some(&n) = self.by_kind[kind].get(id) {
            return n;
        }
        let n = GLOBAL_NUMBERS + self.count;
        self.count += 1;
        self.by_kind[kind].insert(id.into(), n);
        n
    }

    pub fn numbers(&mut self, model: &SiteModel) -> ItemNumbers {
        ItemNumbers {
            articles: model.articles.iter().map(|a| self.number(0, &a.id)).collect(),
            sites: model.sites.iter().map(|s| self.number(1, &s.id)).collect(),
            actors: model.actors.iter().map(|a| self.number(2, &a.id)).collect(),
            events: model.events.iter().map(|e| self.number(3, &e.id)).collect(),
            count: GLOBAL_NUMBERS + self.count,
        }
    }
}

/// The stable number of every item of one model, by model index.
pub struct ItemNumbers {
    articles: Vec<u32>,
    sites: Vec<u32>,
    actors: Vec<u32>,
    events: Vec<u32>,
    /// One more than the highest number handed out.
    count: u32,
}

fn key(number: u32, facet: Facet) -> DepKey {
    number * FACETS + facet as u32
}

/// Collects the dependencies of one page while its data is built.
pub struct Recorder<'a> {
    numbers: &'a ItemNumbers,
    keys: RefCell<Vec<DepKey>>,
}

impl<'a> Recorder<'a> {
    pub fn new(numbers: &'a ItemNumbers) -> Self {
        Recorder { numbers, keys: RefCell::new(Vec::new()) }
    }

    pub fn global(&self, fact: Global) {
        self.keys.borrow_mut().push(fact as u32);
    }
    pub fn article(&self, ix: ArticleIx, facet: Facet) {
        self.keys.borrow_mut().push(key(self.numbers.articles[ix], facet));
    }
    pub fn entity<F: HashedEntity>(&self, ix: usize, facet: Facet) {
        self.keys.borrow_mut().push(key(F::numbers(self.numbers)[ix], facet));
    }
    pub fn event(&self, ix: EventIx, facet: Facet) {
        self.keys.borrow_mut().push(key(self.numbers.events[ix], facet));
    }

    /// The keys read, sorted, each once.
    pub fn finish(self) -> Vec<DepKey> {
        let mut keys = self.keys.into_inner();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// How a kind of entity takes part in dependency tracking: its item
/// numbers, the global fact lists of the kind depend on, and how what its
/// kind adds to the entity core is hashed.
pub trait HashedEntity: EntityFacts {
    /// The global fact that lists of every entity of this kind depend on.
    const SET: Global;
    /// This kind's item numbers, by model index.
    fn numbers(numbers: &ItemNumbers) -> &[u32];
    /// Hashes what a card of the kind shows beyond the shared card (card facet).
    fn hash_card(&self, h: &mut BufferedXxh3);
    /// Hashes everything else it has (full facet), derived lists by id.
    fn hash_full(&self, ids: Ids, h: &mut BufferedXxh3);
}

// Each destructures the facts completely, so that a new field does not
// compile until it is hashed.
impl HashedEntity for SiteFacts {
    const SET: Global = Global::SiteSet;
    fn numbers(numbers: &ItemNumbers) -> &[u32] {
        &numbers.sites
    }
    fn hash_card(&self, h: &mut BufferedXxh3) {
        let SiteFacts { country, location: _, unesco: _ } = self;
        country.hash(h);
    }
    fn hash_full(&self, _ids: Ids, h: &mut BufferedXxh3) {
        let SiteFacts { country: _, location, unesco } = self;
        location.map(|p| (p.lat.to_bits(), p.lon.to_bits())).hash(h);
        unesco.hash(h);
    }
}

impl HashedEntity for ActorFacts {
    const SET: Global = Global::ActorSet;
    fn numbers(numbers: &ItemNumbers) -> &[u32] {
        &numbers.actors
    }
    fn hash_card(&self, _h: &mut BufferedXxh3) {
        let ActorFacts { quotes: _ } = self;
    }
    fn hash_full(&self, ids: Ids, h: &mut BufferedXxh3) {
        let ActorFacts { quotes } = self;
        ids.mentioned_in(quotes, h);
    }
}

/// What the last good build knew about dependencies, kept by `serve`.
#[derive(Default)]
pub struct DepGraph {
    interner: Interner,
    /// Hash per key, as of the last good build.
    hashes: Vec<u64>,
    /// Per page (by output path): the keys it read when last rendered.
    page_deps: HashMap<String, Vec<DepKey>>,
    /// Per key: the pages that read it (may also hold pages that no longer
    /// do: looking at a page too many costs a fingerprint, never a wrong page).
    readers: Vec<Vec<u32>>,
    /// Output paths by page number (the numbers in `readers`).
    page_paths: Vec<String>,
    page_numbers: HashMap<String, u32>,
    /// The item numbers of the last good build's model.
    last_numbers: Option<ItemNumbers>,
}

/// One build's model as the graph sees it: stable numbers and facet hashes.
pub struct ModelHashes {
    pub numbers: ItemNumbers,
    pub hashes: Vec<u64>,
}

impl ModelHashes {
    /// The hash of one facet of an event.
    pub fn event_hash(&self, ix: EventIx, facet: Facet) -> u64 {
        self.hashes[key(self.numbers.events[ix], facet) as usize]
    }

    /// Everything an event card shows, as one hash: the event's card and
    /// the labels of its sites and actors.
    pub fn event_card_hash(&self, model: &SiteModel, ix: EventIx) -> u64 {
        let hash_of = |number: u32, facet: Facet| self.hashes[key(number, facet) as usize];
        let event = &model.events[ix];
        let mut h = BufferedXxh3::new();
        hash_of(self.numbers.events[ix], Facet::Card).hash(&mut h);
        for &site in &event.sites {
            hash_of(self.numbers.sites[site], Facet::Label).hash(&mut h);
        }
        for actor in &event.actors {
            hash_of(self.numbers.actors[actor.actor], Facet::Label).hash(&mut h);
        }
        h.finish()
    }
}

impl DepGraph {
    /// Numbers and hashes for a new model.
    pub fn hash_model(&mut self, model: &SiteModel) -> ModelHashes {
        let numbers = self.interner.numbers(model);
        let hashes = hash_facets(model, &numbers);
        ModelHashes { numbers, hashes }
    }

    /// Numbers and hashes for the last good build's model as `patch`
    /// changed it: only the facets of the articles it changed, and of all
    /// sites and actors if it changed any, are hashed again.
    pub fn hash_patched_model(&mut self, model: &SiteModel, patched: &Patched) -> ModelHashes {
        let Some(numbers) = self.last_numbers.take().filter(|n| n.articles.len() == model.articles.len()) else {
            return self.hash_model(model);
        };
        let mut hashes = self.hashes.clone();
        let ids = Ids(model);
        let mut put = |number: u32, facets: [u64; FACETS as usize]| {
            let base = (number * FACETS) as usize;
            hashes[base..base + FACETS as usize].copy_from_slice(&facets);
        };
        for &ix in &patched.articles {
            put(numbers.articles[ix], article_facets(ids, ix));
        }
        if patched.entities {
            model.sites.iter().zip(&numbers.sites).for_each(|(site, &number)| put(number, entity_facets(ids, site)));
            model.actors.iter().zip(&numbers.actors).for_each(|(actor, &number)| put(number, entity_facets(ids, actor)));
        }
        if patched.entities {
            // An edited site file may have moved the site.
            hashes[Global::SitePlaces as usize] = site_places_hash(model);
            hashes[Global::EventPeriods as usize] = event_periods_hash(model);
        }
        hashes[Global::SearchDocuments as usize] = search_documents_hash(&hashes, &numbers);
        ModelHashes { numbers, hashes }
    }

    /// The output paths of pages that read something that changed since the
    /// last good build. None when there is no last build to compare with.
    pub fn affected_pages(&self, now: &ModelHashes) -> Option<std::collections::HashSet<&str>> {
        if self.page_deps.is_empty() {
            return None;
        }
        let mut affected = std::collections::HashSet::new();
        let len = self.hashes.len().max(now.hashes.len());
        for key in 0..len {
            let before = self.hashes.get(key).copied().unwrap_or(0);
            let after = now.hashes.get(key).copied().unwrap_or(0);
            if before != after {
                for &page in self.readers.get(key).map_or(&[][..], Vec::as_slice) {
                    affected.insert(self.page_paths[page as usize].as_str());
                }
            }
        }
        Some(affected)
    }

    /// Whether this page was rendered by an earlier build (else it must be now).
    pub fn knows(&self, path: &str) -> bool {
        self.page_deps.contains_key(path)
    }

    /// Records a good build: its hashes, and the keys each page rendered this time read.
    /// `page_count` pages exist now; `exists` says whether a path is one of them.
    pub fn commit(&mut self, now: ModelHashes, rendered: Vec<(String, Vec<DepKey>)>, page_count: usize, exists: impl Fn(&str) -> bool) {
        self.hashes = now.hashes;
        self.last_numbers = Some(now.numbers);
        if self.readers.len() < self.hashes.len() {
            self.readers.resize_with(self.hashes.len(), Vec::new);
        }
        for (path, keys) in rendered {
            let page = match self.page_numbers.get(&path) {
                Some(&n) => n,
                None => {
                    let n = self.page_paths.len() as u32;
                    self.page_paths.push(path.clone());
                    self.page_numbers.insert(path.clone(), n);
                    n
                }
            };
            let before = self.page_deps.get(&path).map_or(&[][..], Vec::as_slice);
            for &key in &keys {
                // Both lists are sorted: only keys new to this page get an entry.
                if before.binary_search(&key).is_err() {
                    self.readers[key as usize].push(page);
                }
            }
            self.page_deps.insert(path, keys);
        }
        if self.page_deps.len() > page_count {
            self.page_deps.retain(|path, _| exists(path));
        }
    }
}

/// Hashes of every facet of every item, and of the global facts, indexed by
/// [`DepKey`]; 0 where an item does not exist in this model.
pub fn hash_facets(model: &SiteModel, numbers: &ItemNumbers) -> Vec<u64> {
    use rayon::prelude::*;
    let mut hashes = vec![0u64; (numbers.count * FACETS) as usize];
    let ids = |items: &mut dyn Iterator<Item = &str>| {
        let mut h = BufferedXxh3::new();
        for id in items {
            id.hash(&mut h);
        }
        nonzero(h.finish())
    };
    hashes[Global::ArticleOrder as usize] = ids(&mut model.articles.iter().map(|a| a.id.as_str()));
    hashes[Global::EventOrder as usize] = ids(&mut model.events.iter().map(|e| e.id.as_str()));
    hashes[Global::SiteSet as usize] = ids(&mut model.sites.iter().map(|s| s.id.as_str()));
    hashes[Global::ActorSet as usize] = ids(&mut model.actors.iter().map(|a| a.id.as_str()));
    let mut article_ids: Vec<&str> = model.articles.iter().map(|a| a.id.as_str()).collect();
    article_ids.sort_unstable();
    hashes[Global::ArticleSet as usize] = ids(&mut article_ids.into_iter());
    let mut event_ids: Vec<&str> = model.events.iter().map(|e| e.id.as_str()).collect();
    event_ids.sort_unstable();
    hashes[Global::EventSet as usize] = ids(&mut event_ids.into_iter());
    hashes[Global::SitePlaces as usize] = site_places_hash(model);
    hashes[Global::EventPeriods as usize] = event_periods_hash(model);

    let ids = Ids(model);
    let mut scatter = |numbers: &[u32], facets: Vec<[u64; FACETS as usize]>| {
        for (&number, facets) in numbers.iter().zip(facets) {
            let base = (number * FACETS) as usize;
            hashes[base..base + FACETS as usize].copy_from_slice(&facets);
        }
    };
    scatter(&numbers.articles, (0..model.articles.len()).into_par_iter().map(|ix| article_facets(ids, ix)).collect());
    scatter(&numbers.sites, model.sites.par_iter().map(|site| entity_facets(ids, site)).collect());
    scatter(&numbers.actors, model.actors.par_iter().map(|actor| entity_facets(ids, actor)).collect());
    scatter(&numbers.events, (0..model.events.len()).into_par_iter().map(|ix| event_facets(ids, ix)).collect());
    hashes[Global::SearchDocuments as usize] = search_documents_hash(&hashes, numbers);
    hashes
}

/// The hash of what `Global::SearchDocuments` stands for, from the hashes
/// of the facts and facets it covers.
fn search_documents_hash(hashes: &[u64], numbers: &ItemNumbers) -> u64 {
    let mut h = BufferedXxh3::new();
    for fact in [Global::ArticleOrder, Global::EventOrder, Global::SiteSet, Global::ActorSet] {
        hashes[fact as usize].hash(&mut h);
    }
    for items in [&numbers.articles, &numbers.sites, &numbers.actors, &numbers.events] {
        for &number in items.iter() {
            hashes[key(number, Facet::Full) as usize].hash(&mut h);
        }
    }
    nonzero(h.finish())
}

/// Every event's id with the year and month it is listed under, in timeline order.
fn event_periods_hash(model: &SiteModel) -> u64 {
    let mut h = BufferedXxh3::new();
    for event in &model.events {
        (event.id.as_str(), event.date.year(), event.date.listed_month()).hash(&mut h);
    }
    nonzero(h.finish())
}

/// Every site's id and coordinates, in model order.
fn site_places_hash(model: &SiteModel) -> u64 {
    let mut h = BufferedXxh3::new();
    for site in &model.sites {
        site.id.hash(&mut h);
        site.facts.location.map(|p| (p.lat.to_bits(), p.lon.to_bits())).hash(&mut h);
    }
    nonzero(h.finish())
}

/// Long texts are hashed on their own rather than copied into a facet's buffer.
fn text_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// 0 means "absent".
fn nonzero(hash: u64) -> u64 {
    hash | 1
}

/// Writes ids in place of model indices, so that hashes survive items being
/// added or removed elsewhere.
#[derive(Clone, Copy)]
pub struct Ids<'a>(&'a SiteModel);

impl<'a> Ids<'a> {
    fn articles(self, ixs: &[ArticleIx], h: &mut BufferedXxh3) {
        ixs.len().hash(h);
        ixs.iter().for_each(|&ix| self.0.articles[ix].id.hash(h));
    }
    fn sites(self, ixs: &[SiteIx], h: &mut BufferedXxh3) {
        ixs.len().hash(h);
        ixs.iter().for_each(|&ix| self.0.sites[ix].id.hash(h));
    }
    fn actors(self, ixs: &[ActorIx], h: &mut BufferedXxh3) {
        ixs.len().hash(h);
        ixs.iter().for_each(|&ix| self.0.actors[ix].id.hash(h));
    }
    fn events(self, ixs: &[EventIx], h: &mut BufferedXxh3) {
        ixs.len().hash(h);
        ixs.iter().for_each(|&ix| self.0.events[ix].id.hash(h));
    }
    fn event(self, ix: Option<EventIx>, h: &mut BufferedXxh3) {
        ix.map(|ix| self.0.events[ix].id.as_str()).hash(h);
    }
    fn site(self, ix: Option<SiteIx>, h: &mut BufferedXxh3) {
        ix.map(|ix| self.0.sites[ix].id.as_str()).hash(h);
    }
    fn actor(self, ix: Option<ActorIx>, h: &mut BufferedXxh3) {
        ix.map(|ix| self.0.actors[ix].id.as_str()).hash(h);
    }
    fn mentioned_in(self, list: &[(ArticleIx, usize)], h: &mut BufferedXxh3) {
        list.len().hash(h);
        for &(article, at) in list {
            self.0.articles[article].id.hash(h);
            at.hash(h);
        }
    }
}

fn extra_hash(extra: &Extra, h: &mut BufferedXxh3) {
    extra.len().hash(h);
    if !extra.is_empty() {
        // A JSON map has no `Hash`; its serialization is canonical enough (keys are sorted).
        let _ = serde_json::to_writer(&mut h.0, extra);
    }
}

// Each function below destructures its item completely, so that a new
// field cannot be forgotten: it fails to compile until it is hashed.

fn article_facets(ids: Ids, ix: ArticleIx) -> [u64; FACETS as usize] {
    let Article {
        id,
        path,
        title,
        date,
        updated,
        summary,
        summary_opens_body,
        draft,
        source,
        sites,
        actors,
        tags,
        events,
        quotes,
        body_html,
        extra,
        moved_from,
        mentions,
        language,
        translation_of,
        translations,
    } = &ids.0.articles[ix];
    let mut card = BufferedXxh3::new();
    (id, title, date, summary, source.as_ref().map(|s| &s.name), language).hash(&mut card);
    let mut refs = BufferedXxh3::new();
    ids.sites(sites, &mut refs);
    ids.actors(actors, &mut refs);
    ids.events(events, &mut refs);
    quotes.len().hash(&mut refs);
    for Quote { by, text, date, article: _ } in quotes {
        ids.actor(Some(*by), &mut refs);
        (text, date).hash(&mut refs);
    }
    let mut mention_hash = BufferedXxh3::new();
    mentions.len().hash(&mut mention_hash);
    for EntityMention { entity, context } in mentions {
        match *entity {
            EntityRef::Site(s) => ids.site(Some(s), &mut mention_hash),
            EntityRef::Actor(a) => ids.actor(Some(a), &mut mention_hash),
        }
        matches!(entity, EntityRef::Site(_)).hash(&mut mention_hash);
        context.hash(&mut mention_hash);
    }
    let (card, refs, mention_hash) = (card.finish(), refs.finish(), mention_hash.finish());
    let mut full = BufferedXxh3::new();
    // Old ids make redirect pages (their own pages in the plan), which read the card.
    (card, refs, mention_hash, path, draft, updated, tags, text_hash(body_html), moved_from, summary_opens_body).hash(&mut full);
    source.as_ref().map(|s| (&s.url, &s.author)).hash(&mut full);
    // Linked translations: their cards are read (and recorded) by the page; which ones they are is the article's.
    let article_id = |ix: &ArticleIx| ids.0.articles[*ix].id.as_str();
    (translation_of.as_ref().map(article_id), translations.iter().map(article_id).collect::<Vec<_>>()).hash(&mut full);
    extra_hash(extra, &mut full);
    [0, nonzero(card), nonzero(refs), nonzero(mention_hash), nonzero(full.finish()), 0]
}

// Destructured completely, with the kind's facts hashed by its own
// `ShownEntity` impl (which destructures them too), so that a new field does
// not compile until it is hashed.
fn entity_facets<F: HashedEntity>(ids: Ids, entity: &Entity<F>) -> [u64; FACETS as usize] {
    let Entity {
        id,
        path,
        name,
        aliases,
        kind,
        part_of,
        wikidata,
        body_html,
        extra,
        moved_from,
        facts,
        children,
        events,
        articles,
        mentioned_in,
        rolled_up,
    } = entity;
    let all = F::all(ids.0);
    let mut label = BufferedXxh3::new();
    (id, name).hash(&mut label);
    part_of.map(|ix| all[ix].id.as_str()).hash(&mut label);
    children.len().hash(&mut label);
    children.iter().for_each(|&ix| all[ix].id.hash(&mut label));
    let label = label.finish();
    let mut card = BufferedXxh3::new();
    (label, kind, events.len(), articles.len(), rolled_up.events, rolled_up.articles).hash(&mut card);
    facts.hash_card(&mut card);
    let card = card.finish();
    let mut full = BufferedXxh3::new();
    (card, path, aliases, wikidata, text_hash(body_html), moved_from).hash(&mut full);
    extra_hash(extra, &mut full);
    facts.hash_full(ids, &mut full);
    ids.events(events, &mut full);
    ids.articles(articles, &mut full);
    ids.mentioned_in(mentioned_in, &mut full);
    [nonzero(label), nonzero(card), 0, 0, nonzero(full.finish()), 0]
}

fn event_facets(ids: Ids, ix: EventIx) -> [u64; FACETS as usize] {
    let Event {
        id,
        date,
        title,
        kind,
        status,
        sites,
        actors,
        claimed_by,
        confirmed_by,
        description_html,
        display_date,
        sources,
        reported_in,
        figures,
        disputed_by,
        claims,
        disagreements,
    } = &ids.0.events[ix];
    let mut figure_hash = BufferedXxh3::new();
    figures.len().hash(&mut figure_hash);
    for SourcedFigures { article, figures } in figures {
        ids.0.articles[*article].id.hash(&mut figure_hash);
        figures.hash(&mut figure_hash);
    }
    let figure_hash = figure_hash.finish();
    let mut card = BufferedXxh3::new();
    // Cards show the range across sources of each kind.
    figure_hash.hash(&mut card);
    (id, date, title, kind, status.as_str(), display_date, description_html.as_deref()).hash(&mut card);
    ids.sites(sites, &mut card);
    actors.len().hash(&mut card);
    for EventActor { actor, role } in actors {
        ids.actor(Some(*actor), &mut card);
        role.hash(&mut card);
    }
    let card = card.finish();
    let mut full = BufferedXxh3::new();
    card.hash(&mut full);
    ids.actors(claimed_by, &mut full);
    ids.actors(confirmed_by, &mut full);
    for EventSource { title, url, accessed } in sources {
        (title, url, accessed).hash(&mut full);
    }
    ids.articles(reported_in, &mut full);
    ids.actors(disputed_by, &mut full);
    disagreements.hash(&mut full);
    claims.len().hash(&mut full);
    for Claim { source, by, date, title, kind, status, description_html, display_date } in claims {
        match source {
            ClaimSource::Report(article) => ids.articles(&[*article], &mut full),
            ClaimSource::EventFile => "event file".hash(&mut full),
        }
        (by, date, title, kind, status.map(EventStatus::as_str), description_html.as_deref(), display_date).hash(&mut full);
    }
    let n = ids.0.event_neighbours(ix);
    ids.event(n.previous, &mut full);
    ids.event(n.next, &mut full);
    for (along, previous, next) in
        [n.at_site.map(|(s, p, q)| (ids.0.sites[s].id.as_str(), p, q)), n.by_actor.map(|(a, p, q)| (ids.0.actors[a].id.as_str(), p, q))]
            .into_iter()
            .flatten()
    {
        along.hash(&mut full);
        ids.event(previous, &mut full);
        ids.event(next, &mut full);
    }
    [0, nonzero(card), 0, 0, nonzero(full.finish()), nonzero(figure_hash)]
}
