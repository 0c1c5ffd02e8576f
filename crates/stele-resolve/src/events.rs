//! Events: each event entry of an article prepared (its references looked
//! up, its id written or made from date and title), entries that report
//! the same event found, events put in chronological order, and later
//! reports merged into the first (lists united, scalars must agree).

use crate::ids::{IdHasher, KnownIds};
use crate::naming::NamedArticle;
use crate::order::ArticleOrder;
use crate::report::Resolver;
use crate::texts::SourceTexts;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use stele_core::date::{DateSortKey, EdtfDate};
use stele_core::diagnostics::{Code, Diagnostic, Related};
use stele_core::figures::{FigureKind, FigureValue};
use stele_core::ids::{fit_derived, is_too_long, is_valid_id, slugify, too_long_message};
use stele_core::model::{ActorIx, Article, ArticleIx, Event, EventActor, EventIx, EventSource, SiteIx, SourcedFigures};
use stele_parse::frontmatter::{self, EventFront, EventSourceFront, EventStatus};
use stele_parse::yaml_locate::Step;
use stele_parse::{ParsedArticle, ParsedEvent};

/// The events of every article merged, in order of first report (in path
/// order), with their chronological order and their ids.
/// What the per-article pass prepared of an article's events, in the
/// order of its `events:` (the article's work, seen from here: merging
/// needs every article's entries but nothing else of them).
pub(crate) trait EventEntries<'d>: Sync {
    fn event_entries(&self) -> &[EventEntry<'d>];
    fn event_entries_mut(&mut self) -> &mut [EventEntry<'d>];
}

pub(crate) struct MergedEvents<'d, 'h> {
    pub(crate) by_first_report: Vec<Event>,
    /// The events' indices in `by_first_report`, in chronological order.
    pub(crate) final_order: Vec<usize>,
    pub(crate) ids: EventIds<'d, 'h>,
}

/// Merges the events reported by the articles, sets each article's
/// `events` (`articles_by_path` and `work` are in path order), and reports
/// each entry's problems in path order.
pub(crate) fn merge_events<'d, 'h, W: EventEntries<'d>>(
    articles_by_path: &mut [Article],
    work: &mut [W],
    named: &[NamedArticle<'d>],
    order: &ArticleOrder,
    hasher: &'h IdHasher,
    r: &mut Resolver,
) -> MergedEvents<'d, 'h> {
    let (ids, ReportIndex { first_reports, entry_drafts, to_merge }) = index_reports(work, named, order, hasher);
    let (final_order, final_index) = chronological_order(&first_reports);
    // Built in order of first report, which follows the files, so their data
    // is read mostly in memory order; put in final order once merged.
    let (mut by_first_report, mut merge_states): (Vec<Event>, Vec<MergeState>) =
        first_reports.into_par_iter().map(|(report, article, path)| event_from_first_report(report, article, path)).unzip();
    list_reported_events(articles_by_path, work, &entry_drafts, &final_index);
    merge_later_reports(to_merge, work, named, order, &mut by_first_report, &mut merge_states, r);
    MergedEvents { by_first_report, final_order, ids }
}

/// Which entries report the same event, and which one first (in path order).
struct ReportIndex<'w, 'd> {
    /// Each event's first report, with its article's final index and path;
    /// an event's index here is its draft index.
    first_reports: Vec<(&'w PreparedEvent<'d>, ArticleIx, &'d str)>,
    /// Per entry, in path order: which event it reports, if its id is valid.
    entry_drafts: Vec<Option<usize>>,
    /// The entries that need the serial pass of `merge_later_reports`, in
    /// path order: (article by path, entry, event if a later report). Most
    /// entries need nothing.
    to_merge: Vec<(usize, usize, Option<usize>)>,
}

/// Finds, in path order, the event each entry reports; returns the event ids found.
fn index_reports<'w, 'd, 'h, W: EventEntries<'d>>(
    work: &'w [W],
    named: &[NamedArticle<'d>],
    order: &ArticleOrder,
    hasher: &'h IdHasher,
) -> (EventIds<'d, 'h>, ReportIndex<'w, 'd>) {
    let mut event_ids = EventIds::new(hasher);
    let entry_count = work.iter().map(|w| w.event_entries().len()).sum();
    event_ids.index.reserve(entry_count);
    let mut first_reports: Vec<(&PreparedEvent, ArticleIx, &str)> = Vec::with_capacity(entry_count);
    let mut entry_drafts: Vec<Option<usize>> = Vec::with_capacity(entry_count);
    let mut to_merge: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for (p, (work, &ix)) in work.iter().zip(&order.by_path).enumerate() {
        for (k, entry) in work.event_entries().iter().enumerate() {
            let mut later = None;
            let draft = match &entry.event {
                None => None,
                Some(event) => match event_ids.index.get(&event.id) {
                    Some(&draft) => {
                        later = Some(draft);
                        Some(draft)
                    }
                    None => {
                        let draft = first_reports.len();
                        event_ids.index.insert(event.id.clone(), draft);
                        first_reports.push((event, order.position[ix], named[ix].doc.path.as_str()));
                        Some(draft)
                    }
                },
            };
            entry_drafts.push(draft);
            if later.is_some() || !entry.problems.is_empty() {
                to_merge.push((p, k, later));
            }
        }
    }
    (event_ids, ReportIndex { first_reports, entry_drafts, to_merge })
}

/// Events in chronological order, then by id (ids are unique, so the order
/// is total): the draft indices in final order, and each draft's final index.
fn chronological_order(first_reports: &[(&PreparedEvent, ArticleIx, &str)]) -> (Vec<usize>, Vec<usize>) {
    let mut keyed: Vec<(DateSortKey, &str, usize)> =
        first_reports.iter().enumerate().map(|(d, (event, _, _))| (event.date_key, event.id.text.as_ref(), d)).collect();
    keyed.par_sort_unstable();
    let event_order: Vec<usize> = keyed.into_iter().map(|(_, _, d)| d).collect();
    let mut event_index = vec![0; event_order.len()];
    for (final_ix, &draft) in event_order.iter().enumerate() {
        event_index[draft] = final_ix;
    }
    (event_order, event_index)
}

/// Each article's `events`: the final indices of the events its entries
/// report, sorted, each once.
fn list_reported_events<'d, W: EventEntries<'d>>(
    articles_by_path: &mut [Article],
    work: &[W],
    entry_drafts: &[Option<usize>],
    event_index: &[usize],
) {
    let entry_offsets: Vec<usize> = work
        .iter()
        .scan(0, |next, work| {
            let offset = *next;
            *next += work.event_entries().len();
            Some(offset)
        })
        .collect();
    articles_by_path.par_iter_mut().zip(work).zip(&entry_offsets).for_each(|((article, work), &offset)| {
        let drafts = &entry_drafts[offset..offset + work.event_entries().len()];
        let mut reported: Vec<EventIx> = drafts.iter().flatten().map(|&draft| event_index[draft]).collect();
        reported.sort_unstable();
        reported.dedup();
        article.events = reported;
    });
}

/// In path order, each entry's diagnostics and, for a later report of an
/// event, the merge into it (`events` and `states` by draft index).
fn merge_later_reports<'d, W: EventEntries<'d>>(
    to_merge: Vec<(usize, usize, Option<usize>)>,
    work: &mut [W],
    named: &[NamedArticle<'d>],
    order: &ArticleOrder,
    events: &mut [Event],
    states: &mut [MergeState<'d>],
    r: &mut Resolver,
) {
    for (p, k, later) in to_merge {
        let ix = order.by_path[p];
        let entry = &mut work[p].event_entries_mut()[k];
        r.problems.append(&mut entry.problems);
        if let (Some(draft), Some(report)) = (later, &entry.event) {
            let path = named[ix].doc.path.as_str();
            merge_report(&mut events[draft], &mut states[draft], report, order.position[ix], path, r);
        }
    }
}

/// An event id with its hash. Ids are hashed in the parallel pass, where each
/// is read anyway, so that merging in path order finds events without reading
/// ids again (unless two hashes are equal).
#[derive(Clone)]
struct EventId<'d> {
    hash: u64,
    /// Written in the file, or made from date and title.
    text: Cow<'d, str>,
}

impl<'d> EventId<'d> {
    fn new(hasher: &IdHasher, text: Cow<'d, str>) -> Self {
        EventId { hash: hasher.hash_one(text.as_ref()), text }
    }
}

impl PartialEq for EventId<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for EventId<'_> {}

impl Hash for EventId<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Passes an `EventId`'s hash through to the map.
#[derive(Default)]
struct KnownHash(u64);

impl Hasher for KnownHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; anything else still gets a usable hash.
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
}

/// Each event id, to its event's index among first reports.
pub(crate) struct EventIds<'d, 'h> {
    hasher: &'h IdHasher,
    index: HashMap<EventId<'d>, usize, BuildHasherDefault<KnownHash>>,
}

impl<'d, 'h> EventIds<'d, 'h> {
    fn new(hasher: &'h IdHasher) -> Self {
        EventIds { hasher, index: HashMap::default() }
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.index.contains_key(&EventId::new(self.hasher, Cow::Borrowed(id)))
    }

    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(|id| id.text.as_ref())
    }
}

/// One event of an article with its references looked up. Prepared for all
/// articles in parallel; borrows from the document, so preparing copies no text.
struct PreparedEvent<'d> {
    /// Index in the article's `events:`.
    index: usize,
    id: EventId<'d>,
    /// Computed here, where the date is read anyway, rather than while sorting.
    date_key: DateSortKey,
    front: &'d EventFront,
    parsed: &'d ParsedEvent,
    sites: Vec<SiteIx>,
    actors: Vec<ReportedActor<'d>>,
    claimed_by: Vec<ActorIx>,
    confirmed_by: Vec<ActorIx>,
}

/// An actor of an event entry, its role still borrowed.
struct ReportedActor<'d> {
    actor: ActorIx,
    role: Option<&'d str>,
}

/// An event entry's diagnostics (reported just before it is merged) and,
/// unless its id is invalid, the event.
pub(crate) struct EventEntry<'d> {
    problems: Vec<Diagnostic>,
    event: Option<PreparedEvent<'d>>,
}

/// What merging needs to know about an event beyond the `Event` itself.
struct MergeState<'d> {
    /// File and index in its `events:` of the first report.
    first: (&'d str, usize),
    status: Option<EventStatus>,
    description_text: Option<&'d str>,
}

/// The event as its first report (in path order) gives it.
fn event_from_first_report<'d>(report: &PreparedEvent<'d>, article: ArticleIx, path: &'d str) -> (Event, MergeState<'d>) {
    let (front, parsed) = (report.front, report.parsed);
    let mut event = Event {
        id: report.id.text.to_string(),
        date: parsed.date.clone(),
        title: front.title.clone(),
        kind: front.kind.clone(),
        status: front.status.unwrap_or_default(),
        sites: report.sites.clone(),
        actors: dedup_actors(&report.actors),
        claimed_by: report.claimed_by.clone(),
        confirmed_by: report.confirmed_by.clone(),
        description_html: parsed.description.as_ref().map(|d| d.html.clone()),
        display_date: front.display_date.clone(),
        sources: front.sources.iter().map(event_source).collect(),
        reported_in: vec![article],
        figures: Vec::new(),
    };
    add_figures(&mut event.figures, article, &parsed.figures);
    let state = MergeState { first: (path, report.index), status: front.status, description_text: front.description.as_deref() };
    (event, state)
}

fn event_source(source: &EventSourceFront) -> EventSource {
    EventSource { title: source.title.clone(), url: source.url.clone(), accessed: source.accessed.as_ref().map(|a| a.0.clone()) }
}

/// Whether `source` would become `existing`; saves building it to compare.
fn is_same_source(existing: &EventSource, source: &EventSourceFront) -> bool {
    existing.title == source.title && existing.url == source.url && existing.accessed.as_deref() == source.accessed.as_ref().map(|a| a.0.as_str())
}

fn union(into: &mut Vec<usize>, items: &[usize]) {
    for &item in items {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}

/// Scalar event fields must agree across the articles that report the event.
fn merge_scalar<T: PartialEq + Clone + std::fmt::Display>(
    field: &str,
    existing: &mut Option<T>,
    new: Option<&T>,
    event_id: &str,
    first: (&str, usize),
    here: (&str, usize),
    r: &mut Resolver,
) {
    let Some(new) = new else { return };
    match existing {
        None => *existing = Some(new.clone()),
        Some(old) if old == new => {}
        Some(old) => {
            let path = [Step::Key("events"), Step::Index(here.1), Step::Key(field)];
            let first_path = [Step::Key("events"), Step::Index(first.1), Step::Key(field)];
            let location = r.locator.value(here.0, &path);
            let first_location = r.locator.value(first.0, &first_path);
            r.problems.push(
                Diagnostic::error(here.0, format!("event `{event_id}`: {field} `{new}` disagrees with `{old}` given elsewhere"))
                    .with_code(Code::EventConflict)
                    .at(location)
                    .with_hint(format!("an event reported by several articles must have the same {field} everywhere"))
                    .with_related(Related { file: first.0.to_string(), location: first_location, note: format!("{field} `{old}` given here") }),
            );
        }
    }
}

/// An article's event entries, each prepared for merging with diagnostics of its own.
pub(crate) fn prepare_events<'d>(doc: &'d ParsedArticle, known: &KnownIds, texts: &dyn SourceTexts) -> Vec<EventEntry<'d>> {
    let path = doc.path.as_str();
    doc.front
        .events
        .iter()
        .zip(&doc.events)
        .enumerate()
        .map(|(i, (front, parsed))| {
            let mut er = Resolver::new(texts);
            let event = prepare_event(i, front, parsed, path, known, &mut er);
            EventEntry { problems: er.problems, event }
        })
        .collect()
}

/// Looks up one event entry's references; None (with an error) when its id is invalid.
fn prepare_event<'d>(
    i: usize,
    front: &'d EventFront,
    parsed: &'d ParsedEvent,
    path: &str,
    ids: &KnownIds,
    r: &mut Resolver,
) -> Option<PreparedEvent<'d>> {
    let (site_ids, actor_ids) = (ids.sites, ids.actors);
    let at = |field: &'static str| [Step::Key("events"), Step::Index(i), Step::Key(field)];
    let id = match &front.id {
        Some(id) if is_valid_id(id) => {
            if is_too_long(id) {
                // Kept, so that links to it are not reported too; nothing is written.
                r.error_at_value(Code::BadId, path, &at("id"), too_long_message("event id", id), Some("write a shorter one".into()));
            }
            EventId::new(ids.event_hasher, Cow::Borrowed(id.as_str()))
        }
        Some(id) => {
            let hint = format!("event ids are lowercase letters, digits and single hyphens, e.g. `{}`", slugify(id));
            r.error_at_value(Code::BadId, path, &at("id"), format!("event id `{id}` is not a valid id"), Some(hint));
            return None;
        }
        None => EventId::new(ids.event_hasher, Cow::Owned(default_event_id(front, &parsed.date))),
    };
    let sites = r.lookup_all(site_ids, "site", &front.sites, path, &at("sites"));
    let mut actors: Vec<ReportedActor> = Vec::with_capacity(front.actors.len());
    for (k, actor) in front.actors.iter().enumerate() {
        match actor_ids.get(actor.id()) {
            Some(ix) => actors.push(ReportedActor { actor: ix, role: actor.role() }),
            None => {
                let mut actor_path = at("actors").to_vec();
                actor_path.push(Step::Index(k));
                if matches!(actor, frontmatter::ActorRefFront::WithRole { .. }) {
                    actor_path.push(Step::Key("id"));
                }
                r.report_unknown(actor_ids, "actor", actor.id(), path, &actor_path);
            }
        }
    }
    let claimed_by = r.lookup_all(actor_ids, "actor", &front.claimed_by, path, &at("claimed_by"));
    let confirmed_by = r.lookup_all(actor_ids, "actor", &front.confirmed_by, path, &at("confirmed_by"));
    Some(PreparedEvent { index: i, id, date_key: parsed.date.sort_key(), front, parsed, sites, actors, claimed_by, confirmed_by })
}

/// Merges a later report of an event (in path order) into it.
fn merge_report<'d>(event: &mut Event, state: &mut MergeState<'d>, report: &PreparedEvent<'d>, article: ArticleIx, path: &str, r: &mut Resolver) {
    let (front, parsed) = (report.front, report.parsed);
    let id = report.id.text.as_ref();
    let first = state.first;
    let here = (path, report.index);
    merge_scalar("date", &mut Some(event.date.text()), Some(&parsed.date.text()), id, first, here, r);
    merge_scalar("title", &mut Some(event.title.as_str()), Some(&front.title.as_str()), id, first, here, r);
    merge_scalar("kind", &mut event.kind, front.kind.as_ref(), id, first, here, r);
    let new_status = front.status.map(EventStatus::as_str);
    merge_scalar("status", &mut state.status.map(EventStatus::as_str), new_status.as_ref(), id, first, here, r);
    state.status = state.status.or(front.status);
    event.status = state.status.unwrap_or_default();
    let had_description = state.description_text.is_some();
    merge_scalar("description", &mut state.description_text, front.description.as_deref().as_ref(), id, first, here, r);
    if !had_description {
        event.description_html = parsed.description.as_ref().map(|d| d.html.clone());
    }
    merge_scalar("display_date", &mut event.display_date, front.display_date.as_ref(), id, first, here, r);
    union(&mut event.sites, &report.sites);
    for actor in &report.actors {
        merge_event_actor(&mut event.actors, actor, id, first, here, r);
    }
    union(&mut event.claimed_by, &report.claimed_by);
    union(&mut event.confirmed_by, &report.confirmed_by);
    for source in &front.sources {
        if !event.sources.iter().any(|existing| is_same_source(existing, source)) {
            event.sources.push(event_source(source));
        }
    }
    add_figures(&mut event.figures, article, &parsed.figures);
    // Kept sorted, as the model wants it.
    if let Err(at) = event.reported_in.binary_search(&article) {
        event.reported_in.insert(at, article);
    }
}

/// A report's figures for an event, kept apart from other reports' (in
/// article order). An article listing the event twice gives one set of
/// figures: a kind it gives twice keeps the first value.
fn add_figures(into: &mut Vec<SourcedFigures>, article: ArticleIx, figures: &[(FigureKind, FigureValue)]) {
    if figures.is_empty() {
        return;
    }
    match into.binary_search_by_key(&article, |s| s.article) {
        Ok(at) => {
            let existing = &mut into[at].figures;
            for (kind, value) in figures {
                if !existing.iter().any(|(k, _)| k == kind) {
                    existing.push((kind.clone(), value.clone()));
                }
            }
            existing.sort_by(|a, b| a.0.cmp(&b.0));
        }
        Err(at) => into.insert(at, SourcedFigures { article, figures: figures.to_vec() }),
    }
}

/// An actor listed twice in one event keeps the first role given for it.
fn dedup_actors(actors: &[ReportedActor]) -> Vec<EventActor> {
    let mut unique: Vec<EventActor> = Vec::with_capacity(actors.len());
    for actor in actors {
        let role = actor.role.map(str::to_string);
        match unique.iter_mut().find(|a| a.actor == actor.actor) {
            Some(existing) if existing.role.is_none() => existing.role = role,
            Some(_) => {}
            None => unique.push(EventActor { actor: actor.actor, role }),
        }
    }
    unique
}

/// The same actor may come with a role from one article and without from another;
/// two different roles disagree.
fn merge_event_actor(into: &mut Vec<EventActor>, actor: &ReportedActor, event_id: &str, first: (&str, usize), here: (&str, usize), r: &mut Resolver) {
    let role = actor.role.map(str::to_string);
    match into.iter_mut().find(|a| a.actor == actor.actor) {
        None => into.push(EventActor { actor: actor.actor, role }),
        Some(existing) => merge_scalar("role", &mut existing.role, role.as_ref(), event_id, first, here, r),
    }
}

/// `<date>-<slug of title>`, per the spec; cut to fit when the title is long (see `ids::fit_derived`).
fn default_event_id(front: &EventFront, date: &EdtfDate) -> String {
    fit_derived(format!("{}-{}", date_slug(date.text()), slugify(&front.title)))
}

/// A date as an id part. A year's minus sign would vanish in `slugify`, and
/// `-0100` and `0100` are two thousand years apart: it is written `minus-`.
fn date_slug(date: &str) -> String {
    let signed = date.split('/').map(|end| end.strip_prefix('-').map_or_else(|| end.to_string(), |year| format!("minus-{year}")));
    slugify(&signed.collect::<Vec<_>>().join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_before_zero_keep_their_sign_in_event_ids() {
        assert_eq!(date_slug("-0100"), "minus-0100");
        assert_eq!(date_slug("0100"), "0100");
        assert_eq!(date_slug("-0100/-0050"), "minus-0100-minus-0050");
        assert_eq!(date_slug("2015-05-13/2015-05-21"), "2015-05-13-2015-05-21");
        assert_eq!(date_slug("../2015"), "2015");
    }
}
