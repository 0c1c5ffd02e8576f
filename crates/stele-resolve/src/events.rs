//! Events: each event entry of an article prepared (its references looked
//! up, its id written or made from date and title), entries that report
//! the same event found, events put in chronological order, and later
//! reports merged into the first (lists united; scalars become claims, and
//! where reports disagree each claim is kept and a warning given).

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
use stele_core::model::{
    ActorIx, Article, ArticleIx, Claim, ClaimSource, Disagreements, Event, EventActor, EventIx, EventSource, SiteIx, SourcedFigures,
};
use stele_parse::frontmatter::{self, EventFront, EventSourceFront, EventStatus};
use stele_parse::yaml_locate::Step;
use stele_parse::{ParsedArticle, ParsedEvent, ParsedEventFile};

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
    documents: (&[NamedArticle<'d>], &[(String, &'d ParsedEventFile)]),
    order: &ArticleOrder,
    (known, hasher): (&KnownIds, &'h IdHasher),
    r: &mut Resolver,
) -> MergedEvents<'d, 'h> {
    let (named, event_files) = documents;
    let (mut ids, ReportIndex { first_reports, entry_drafts, to_merge }) = index_reports(work, named, order, hasher);
    let files: Vec<PreparedFile<'d>> = event_files.iter().map(|(id, doc)| prepare_event_file(id, doc, known, r)).collect();
    let settled: HashMap<&str, Disagreements> = files.iter().map(|file| (file.id.as_str(), file.gives)).collect();
    // Built in order of first report, which follows the files, so their data
    // is read mostly in memory order; put in final order once merged.
    let (mut by_first_report, mut merge_states): (Vec<Event>, Vec<MergeState>) =
        first_reports.into_par_iter().map(|(report, article, path, by)| event_from_first_report(report, article, path, by)).unzip();
    merge_later_reports(to_merge, work, named, order, &settled, (&mut by_first_report, &mut merge_states), r);
    for file in &files {
        match ids.index.get(&EventId::new(hasher, Cow::Borrowed(file.id.as_str()))) {
            Some(&draft) => apply_event_file(&mut by_first_report[draft], &mut merge_states[draft], file),
            None => {
                ids.index.insert(EventId::new(hasher, Cow::Owned(file.id.clone())), by_first_report.len());
                let (event, state) = event_from_file(file);
                by_first_report.push(event);
                merge_states.push(state);
            }
        }
    }
    report_missing_date_or_title(&by_first_report, &merge_states, r);
    settle_disagreements(&mut by_first_report, &merge_states);
    // Ordered once merged: a disagreement on the date may move the event earlier.
    let (final_order, final_index) = chronological_order(&by_first_report);
    list_reported_events(articles_by_path, work, &entry_drafts, &final_index);
    MergedEvents { by_first_report, final_order, ids }
}

/// Which entries report the same event, and which one first (in path order).
struct ReportIndex<'w, 'd> {
    /// Each event's first report, with its article's final index, path and
    /// name as a source; an event's index here is its draft index.
    first_reports: Vec<(&'w PreparedEvent<'d>, ArticleIx, &'d str, &'d str)>,
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
    let mut first_reports: Vec<(&PreparedEvent, ArticleIx, &str, &str)> = Vec::with_capacity(entry_count);
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
                        let doc = named[ix].doc;
                        first_reports.push((event, order.position[ix], doc.path.as_str(), claimant(doc)));
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
fn chronological_order(events: &[Event]) -> (Vec<usize>, Vec<usize>) {
    let mut keyed: Vec<(DateSortKey, &str, usize)> =
        events.iter().enumerate().map(|(d, event)| (event.date.sort_key(), event.id.as_str(), d)).collect();
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
    settled: &HashMap<&str, Disagreements>,
    (events, states): (&mut [Event], &mut [MergeState<'d>]),
    r: &mut Resolver,
) {
    for (p, k, later) in to_merge {
        let ix = order.by_path[p];
        let entry = &mut work[p].event_entries_mut()[k];
        r.problems.append(&mut entry.problems);
        if let (Some(draft), Some(report)) = (later, &entry.event) {
            let doc = named[ix].doc;
            let here = Here { path: doc.path.as_str(), index: report.index, article: order.position[ix], by: claimant(doc) };
            let settled = settled.get(report.id.text.as_ref()).copied().unwrap_or_default();
            merge_report(&mut events[draft], &mut states[draft], report, &here, settled, r);
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
    front: &'d EventFront,
    parsed: &'d ParsedEvent,
    sites: Vec<SiteIx>,
    actors: Vec<ReportedActor<'d>>,
    claimed_by: Vec<ActorIx>,
    confirmed_by: Vec<ActorIx>,
    disputed_by: Vec<ActorIx>,
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
    /// Where each of the event's claims is written (file, index in its
    /// `events:`), in the order of `Event::claims`.
    places: Vec<(&'d str, usize)>,
    /// Whether any entry writes `display_date`.
    display_date_written: bool,
    /// Whether any entry or the event file gives a date, a title.
    date_given: bool,
    title_given: bool,
    /// The fields the event file gives: settled by the editors.
    settled: Disagreements,
}

/// Whose statement a report's entries are: its `source.name`, else its title.
fn claimant(doc: &ParsedArticle) -> &str {
    doc.front.source.as_ref().and_then(|source| source.name.as_deref()).unwrap_or(&doc.front.title)
}

/// A report entry being merged: its place and whose claim it is.
struct Here<'d> {
    path: &'d str,
    index: usize,
    article: ArticleIx,
    by: &'d str,
}

/// What one report entry says of the fields that can disagree.
fn claim_of(report: &PreparedEvent, article: ArticleIx, by: &str) -> Claim {
    let (front, parsed) = (report.front, report.parsed);
    Claim {
        source: ClaimSource::Report(article),
        by: by.to_string(),
        date: parsed.date.clone(),
        title: front.title.clone(),
        kind: front.kind.clone(),
        status: front.status,
        description_html: parsed.description.as_ref().map(|d| d.html.clone()),
        display_date: front.display_date.clone(),
    }
}

/// The event as its first report (in path order) gives it.
fn event_from_first_report<'d>(report: &PreparedEvent<'d>, article: ArticleIx, path: &'d str, by: &str) -> (Event, MergeState<'d>) {
    let (front, parsed) = (report.front, report.parsed);
    let mut event = Event {
        id: report.id.text.to_string(),
        // Stand-ins until an event file or a later report gives them; an error if none does.
        date: parsed.date.clone().unwrap_or_else(|| EdtfDate::unreadable("")),
        title: front.title.clone().unwrap_or_default(),
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
        disputed_by: report.disputed_by.clone(),
        claims: vec![claim_of(report, article, by)],
        disagreements: Disagreements::default(),
    };
    add_figures(&mut event.figures, article, &parsed.figures);
    let place = (path, report.index);
    let state = MergeState {
        first: place,
        places: vec![place],
        display_date_written: front.display_date.is_some(),
        date_given: parsed.date.is_some(),
        title_given: front.title.is_some(),
        settled: Disagreements::default(),
    };
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

/// One of the fields a claim makes, as `check_claim` compares and names it.
struct ClaimField<'c, T> {
    /// As the front matter spells it.
    name: &'static str,
    /// The value of each earlier claim.
    earlier: Vec<Option<&'c T>>,
    /// How a value is quoted in a message; `None` for values too long to quote.
    shown: fn(&T) -> Option<String>,
    /// Whether the event file gives it: the editors have settled it, and
    /// reports that differ are not warned about.
    settled: bool,
}

/// The claims a new one is compared with, and where the new one is written.
struct EarlierClaims<'c, 'd> {
    claims: &'c [Claim],
    /// Where each is written (file, index in its `events:`).
    places: &'c [(&'d str, usize)],
    event_id: &'c str,
    here: &'c Here<'d>,
}

/// Whether the new claim's value of a field differs from every earlier
/// claim's that gives it (`earlier` in the order of `places`). One that does is a
/// warning at it naming the first claim that gives the field, or, when
/// that claim is the same report's, an error: one report should not give
/// an event two ways.
fn check_claim<T: PartialEq>(field: ClaimField<T>, new: Option<&T>, earlier: &EarlierClaims, r: &mut Resolver) -> bool {
    let EarlierClaims { claims, places, event_id, here } = *earlier;
    let Some(new) = new else { return false };
    let given: Vec<usize> = (0..field.earlier.len()).filter(|&c| field.earlier[c].is_some()).collect();
    let Some(&first_given) = given.first() else { return false };
    if given.iter().any(|&c| field.earlier[c] == Some(new)) {
        return false;
    }
    let same_report = given.iter().find(|&&c| claims[c].source == ClaimSource::Report(here.article));
    if field.settled && same_report.is_none() {
        return true;
    }
    let other = *same_report.unwrap_or(&first_given);
    let (other_path, other_index) = places[other];
    let at = |index: usize| [Step::Key("events"), Step::Index(index), Step::Key(field.name)];
    let location = r.locator.value(here.path, &at(here.index));
    let other_location = r.locator.value(other_path, &at(other_index));
    let name = field.name.replace('_', " ");
    let quoted = |value: &T| (field.shown)(value).map(|text| format!(" `{text}`")).unwrap_or_default();
    let (new_shown, old_shown) = (quoted(new), field.earlier[other].map(quoted).unwrap_or_default());
    let diagnostic = if same_report.is_some() {
        Diagnostic::error(here.path, format!("event `{event_id}`: {name}{new_shown} disagrees with{old_shown} given earlier in this report"))
            .with_code(Code::EventConflict)
            .with_hint(format!("one report gives an event one {name}: correct one of its entries, or give them different ids"))
    } else {
        let by = &claims[other].by;
        let outcome = if field.name == "status" { "the event is shown as disputed, with each claim" } else { "both are shown, each with its source" };
        let said = if new_shown.is_empty() {
            format!("{} and {by} give different {name}s", here.by)
        } else {
            format!("{} gives the {name}{new_shown}, {by} gave{old_shown}", here.by)
        };
        Diagnostic::warning(here.path, format!("event `{event_id}`: {said}; {outcome}"))
            .with_code(Code::ClaimsDisagree)
            .with_hint("if the sources disagree, nothing needs fixing; if one report is mistaken, correct it".to_string())
    };
    let other_by = &claims[other].by;
    let note = match (same_report, old_shown.is_empty()) {
        (Some(_), _) => format!("{name}{old_shown} given here"),
        (None, true) => format!("{other_by}'s {name} here"),
        (None, false) => format!("{other_by} gives{old_shown} here"),
    };
    r.problems.push(diagnostic.at(location).with_related(Related { file: other_path.to_string(), location: other_location, note }));
    true
}

/// An error where two values of one field must agree (an actor's role).
fn merge_must_agree<T: PartialEq + Clone + std::fmt::Display>(
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
        None => match (&parsed.date, &front.title) {
            (Some(date), Some(title)) => EventId::new(ids.event_hasher, Cow::Owned(default_event_id(title, date))),
            _ => {
                let message = "an event without `id` needs both `date` and `title`".to_string();
                let hint = "give it the `id` of an event file or of another report's entry, or write its `date` and `title`".to_string();
                r.error_at_value(Code::MissingKey, path, &[Step::Key("events"), Step::Index(i)], message, Some(hint));
                return None;
            }
        },
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
    let disputed_by = r.lookup_all(actor_ids, "actor", &front.disputed_by, path, &at("disputed_by"));
    Some(PreparedEvent { index: i, id, front, parsed, sites, actors, claimed_by, confirmed_by, disputed_by })
}

/// Merges a later report of an event (in path order) into it: its claim
/// compared with the earlier ones, its lists united.
fn merge_report<'d>(
    event: &mut Event,
    state: &mut MergeState<'d>,
    report: &PreparedEvent<'d>,
    here: &Here<'d>,
    settled: Disagreements,
    r: &mut Resolver,
) {
    let id = report.id.text.as_ref();
    let claim = claim_of(report, here.article, here.by);
    let earlier = EarlierClaims { claims: &event.claims, places: &state.places, event_id: id, here };
    let differs = compare_claim(&earlier, &claim, settled, r);
    let d = &mut event.disagreements;
    d.date |= differs.date;
    d.title |= differs.title;
    d.kind |= differs.kind;
    d.status |= differs.status;
    d.description |= differs.description;
    d.display_date |= differs.display_date;
    take_resolved_values(event, state, &claim);
    state.display_date_written |= claim.display_date.is_some();
    state.date_given |= claim.date.is_some();
    state.title_given |= claim.title.is_some();
    event.claims.push(claim);
    state.places.push((here.path, here.index));

    let first = state.first;
    let place = (here.path, here.index);
    union(&mut event.sites, &report.sites);
    for actor in &report.actors {
        merge_event_actor(&mut event.actors, actor, id, first, place, r);
    }
    union(&mut event.claimed_by, &report.claimed_by);
    union(&mut event.confirmed_by, &report.confirmed_by);
    union(&mut event.disputed_by, &report.disputed_by);
    for source in &report.front.sources {
        if !event.sources.iter().any(|existing| is_same_source(existing, source)) {
            event.sources.push(event_source(source));
        }
    }
    add_figures(&mut event.figures, here.article, &report.parsed.figures);
    // Kept sorted, as the model wants it.
    if let Err(at) = event.reported_in.binary_search(&here.article) {
        event.reported_in.insert(at, here.article);
    }
}

/// Which fields of `claim` differ from every earlier claim giving them;
/// each difference reported.
fn compare_claim(earlier: &EarlierClaims, claim: &Claim, settled: Disagreements, r: &mut Resolver) -> Disagreements {
    fn field<'c, T>(
        name: &'static str,
        claims: &'c [Claim],
        get: fn(&Claim) -> Option<&T>,
        shown: fn(&T) -> Option<String>,
        settled: bool,
    ) -> ClaimField<'c, T> {
        ClaimField { name, earlier: claims.iter().map(get).collect(), shown, settled }
    }
    let claims = earlier.claims;
    let text = |value: &String| Some(value.clone());
    let date = |d: &EdtfDate| Some(d.text().to_string());
    let status = |s: &EventStatus| Some(s.as_str().to_string());
    Disagreements {
        date: check_claim(field("date", claims, |c| c.date.as_ref(), date, settled.date), claim.date.as_ref(), earlier, r),
        title: check_claim(field("title", claims, |c| c.title.as_ref(), text, settled.title), claim.title.as_ref(), earlier, r),
        kind: check_claim(field("kind", claims, |c| c.kind.as_ref(), text, settled.kind), claim.kind.as_ref(), earlier, r),
        status: check_claim(field("status", claims, |c| c.status.as_ref(), status, settled.status), claim.status.as_ref(), earlier, r),
        description: check_claim(
            field("description", claims, |c| c.description_html.as_ref(), |_| None, settled.description),
            claim.description_html.as_ref(),
            earlier,
            r,
        ),
        display_date: check_claim(
            field("display_date", claims, |c| c.display_date.as_ref(), text, settled.display_date),
            claim.display_date.as_ref(),
            earlier,
            r,
        ),
    }
}

/// The event's own fields after a later claim: the earliest date (events
/// sort by the earliest day they can mean), else the first claim's values,
/// a field no earlier claim gave taken from this one.
fn take_resolved_values(event: &mut Event, state: &MergeState, claim: &Claim) {
    if let Some(date) = &claim.date {
        if !state.date_given || date.sort_key() < event.date.sort_key() {
            event.date = date.clone();
        }
    }
    if let (Some(title), false) = (&claim.title, state.title_given) {
        event.title.clone_from(title);
    }
    let first_given = |get: fn(&Claim) -> bool| !event.claims.iter().any(get);
    if first_given(|c| c.kind.is_some()) {
        event.kind.clone_from(&claim.kind);
    }
    if first_given(|c| c.description_html.is_some()) {
        event.description_html.clone_from(&claim.description_html);
    }
    if first_given(|c| c.display_date.is_some()) {
        event.display_date.clone_from(&claim.display_date);
    }
    if first_given(|c| c.status.is_some()) {
        event.status = claim.status.unwrap_or_default();
    }
}

/// What follows from the disagreements once every report is merged: a
/// status disagreement makes the event disputed (by those who claimed or
/// confirmed it, unless `disputed_by` says who), and dates that differ are
/// shown each with its sources, unless a `display_date` is written.
fn settle_disagreements(events: &mut [Event], states: &[MergeState]) {
    for (event, state) in events.iter_mut().zip(states) {
        if event.disagreements.status && !state.settled.status {
            event.status = EventStatus::Disputed;
            if event.disputed_by.is_empty() {
                event.disputed_by = event.claimed_by.clone();
                union(&mut event.disputed_by, &event.confirmed_by);
            }
        }
        if event.disagreements.date && !state.display_date_written && !state.settled.date {
            event.display_date = Some(claimed_dates_label(&event.claims));
        }
    }
}

/// "30 August 2015 (SOHR) · 31 August 2015 (UNOSAT)": each date claimed,
/// earliest first, with whose claims give it.
fn claimed_dates_label(claims: &[Claim]) -> String {
    let mut dates: Vec<(&EdtfDate, Vec<&str>)> = Vec::new();
    for claim in claims {
        let Some(date) = &claim.date else { continue };
        match dates.iter_mut().find(|(known, _)| known.text() == date.text()) {
            Some((_, by)) if by.contains(&claim.by.as_str()) => {}
            Some((_, by)) => by.push(&claim.by),
            None => dates.push((date, vec![&claim.by])),
        }
    }
    dates.sort_by_key(|(date, _)| date.sort_key());
    dates.iter().map(|(date, by)| format!("{} ({})", date.display(), by.join(", "))).collect::<Vec<_>>().join(" · ")
}

/// An event file with its references looked up: the editors' record.
struct PreparedFile<'d> {
    id: String,
    doc: &'d ParsedEventFile,
    /// The fields it gives (as a set: `true` where given).
    gives: Disagreements,
    sites: Vec<SiteIx>,
    actors: Vec<ReportedActor<'d>>,
    claimed_by: Vec<ActorIx>,
    confirmed_by: Vec<ActorIx>,
    disputed_by: Vec<ActorIx>,
}

fn prepare_event_file<'d>(id: &str, doc: &'d ParsedEventFile, known: &KnownIds, r: &mut Resolver) -> PreparedFile<'d> {
    let (front, path) = (&doc.front, doc.path.as_str());
    let gives = Disagreements {
        date: doc.date.is_some(),
        title: front.title.is_some(),
        kind: front.kind.is_some(),
        status: front.status.is_some(),
        description: !doc.body.html.trim().is_empty(),
        display_date: front.display_date.is_some(),
    };
    let mut actors = Vec::with_capacity(front.actors.len());
    for (k, actor) in front.actors.iter().enumerate() {
        match known.actors.get(actor.id()) {
            Some(ix) => actors.push(ReportedActor { actor: ix, role: actor.role() }),
            None => {
                let mut actor_path = vec![Step::Key("actors"), Step::Index(k)];
                if matches!(actor, frontmatter::ActorRefFront::WithRole { .. }) {
                    actor_path.push(Step::Key("id"));
                }
                r.report_unknown(known.actors, "actor", actor.id(), path, &actor_path);
            }
        }
    }
    PreparedFile {
        id: id.to_string(),
        doc,
        gives,
        sites: r.lookup_all(known.sites, "site", &front.sites, path, &[Step::Key("sites")]),
        actors,
        claimed_by: r.lookup_all(known.actors, "actor", &front.claimed_by, path, &[Step::Key("claimed_by")]),
        confirmed_by: r.lookup_all(known.actors, "actor", &front.confirmed_by, path, &[Step::Key("confirmed_by")]),
        disputed_by: r.lookup_all(known.actors, "actor", &front.disputed_by, path, &[Step::Key("disputed_by")]),
    }
}

/// What the event file says of the fields that can disagree.
fn file_claim(file: &PreparedFile) -> Claim {
    let (front, doc) = (&file.doc.front, file.doc);
    Claim {
        source: ClaimSource::EventFile,
        by: String::new(),
        date: doc.date.clone(),
        title: front.title.clone(),
        kind: front.kind.clone(),
        status: front.status,
        description_html: file.gives.description.then(|| doc.body.html.clone()),
        display_date: front.display_date.clone(),
    }
}

/// The editors' record applied to an event the reports give: it wins where
/// it speaks, its lists are united with the reports', and its claim is listed first.
fn apply_event_file<'d>(event: &mut Event, state: &mut MergeState<'d>, file: &PreparedFile<'d>) {
    let claim = file_claim(file);
    let d = &mut event.disagreements;
    d.date |= claim.date.as_ref().is_some_and(|date| differs_from_reports(&event.claims, |c| c.date.as_ref().map(|d| d.text() != date.text())));
    d.title |= claim.title.as_ref().is_some_and(|title| differs_from_reports(&event.claims, |c| c.title.as_ref().map(|t| t != title)));
    d.kind |= claim.kind.as_ref().is_some_and(|kind| differs_from_reports(&event.claims, |c| c.kind.as_ref().map(|k| k != kind)));
    d.status |= claim.status.is_some_and(|status| differs_from_reports(&event.claims, |c| c.status.map(|s| s != status)));
    if let Some(date) = &claim.date {
        event.date = date.clone();
        state.date_given = true;
    }
    if let Some(title) = &claim.title {
        event.title.clone_from(title);
        state.title_given = true;
    }
    if claim.kind.is_some() {
        event.kind.clone_from(&claim.kind);
    }
    if let Some(status) = claim.status {
        event.status = status;
    }
    if claim.description_html.is_some() {
        event.description_html.clone_from(&claim.description_html);
    }
    if claim.display_date.is_some() {
        event.display_date.clone_from(&claim.display_date);
        state.display_date_written = true;
    }
    state.settled = file.gives;
    union(&mut event.sites, &file.sites);
    for actor in &file.actors {
        match event.actors.iter_mut().find(|a| a.actor == actor.actor) {
            Some(existing) => existing.role = actor.role.map(str::to_string).or(existing.role.take()),
            None => event.actors.push(EventActor { actor: actor.actor, role: actor.role.map(str::to_string) }),
        }
    }
    union(&mut event.claimed_by, &file.claimed_by);
    union(&mut event.confirmed_by, &file.confirmed_by);
    if !file.disputed_by.is_empty() {
        event.disputed_by.clone_from(&file.disputed_by);
    }
    let mut sources: Vec<EventSource> = file.doc.front.sources.iter().map(event_source).collect();
    sources.extend(event.sources.drain(..).filter(|s| !file.doc.front.sources.iter().any(|f| is_same_source(s, f))));
    event.sources = sources;
    event.claims.insert(0, claim);
}

/// Whether any report's claim gives the field and differs (`differs`
/// returns `None` where a claim leaves it out).
fn differs_from_reports(claims: &[Claim], differs: impl Fn(&Claim) -> Option<bool>) -> bool {
    claims.iter().any(|c| differs(c) == Some(true))
}

/// An event only an event file gives (no report has an entry for it yet).
fn event_from_file<'d>(file: &PreparedFile<'d>) -> (Event, MergeState<'d>) {
    let event = Event {
        id: file.id.clone(),
        date: EdtfDate::unreadable(""),
        title: String::new(),
        kind: None,
        status: EventStatus::default(),
        sites: Vec::new(),
        actors: Vec::new(),
        claimed_by: Vec::new(),
        confirmed_by: Vec::new(),
        description_html: None,
        display_date: None,
        sources: Vec::new(),
        reported_in: Vec::new(),
        figures: Vec::new(),
        disputed_by: Vec::new(),
        claims: Vec::new(),
        disagreements: Disagreements::default(),
    };
    let mut state = MergeState {
        first: (file.doc.path.as_str(), usize::MAX),
        places: Vec::new(),
        display_date_written: false,
        date_given: false,
        title_given: false,
        settled: Disagreements::default(),
    };
    let mut event = event;
    apply_event_file(&mut event, &mut state, file);
    (event, state)
}

/// An event needs a date and a title from somewhere: one of its reports'
/// entries or its event file. Reported at the first entry, or at the event
/// file when no report names the event.
fn report_missing_date_or_title(events: &[Event], states: &[MergeState], r: &mut Resolver) {
    for (event, state) in events.iter().zip(states) {
        for (given, key) in [(state.date_given, "date"), (state.title_given, "title")] {
            if given {
                continue;
            }
            let (file, index) = state.first;
            let id = &event.id;
            let message = format!("event `{id}` has no {key}: neither a report nor its event file gives one");
            let hint = format!("write `{key}:` in this entry, or in the event file content/events/{id}.md");
            if index == usize::MAX {
                r.problems.push(Diagnostic::error(file, message).with_code(Code::MissingKey).with_hint(format!("write `{key}:` in this file")));
            } else {
                r.error_at_value(Code::MissingKey, file, &[Step::Key("events"), Step::Index(index)], message, Some(hint));
            }
        }
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
        Some(existing) => merge_must_agree("role", &mut existing.role, role.as_ref(), event_id, first, here, r),
    }
}

/// `<date>-<slug of title>`, per the spec; cut to fit when the title is long (see `ids::fit_derived`).
fn default_event_id(title: &str, date: &EdtfDate) -> String {
    fit_derived(format!("{}-{}", date_slug(date.text()), slugify(title)))
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
