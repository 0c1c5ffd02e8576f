//! Stage 3: parsed documents become one [`SiteModel`].
//!
//! Ids are assigned and checked for uniqueness, every reference is looked
//! up (with "did you mean" when it fails), `part_of` loops are broken and
//! reported, events reported by several articles are merged, and the
//! derived indexes (children, per-entity events and articles) are built.
//! Positions of front-matter values are looked up lazily, only for
//! diagnostics, by re-reading the file (see `yaml_locate`).

pub mod patch;

use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::path::{Path, PathBuf};
use stele_core::date::{DateSortKey, EdtfDate};
use stele_core::diagnostics::{Diagnostic, Location, Related};
use stele_core::ids::{entity_id, file_stem, fit_derived, is_too_long, is_valid_id, slugify, too_long_message};
use stele_core::kinds::RefKind;
use stele_core::model::*;
use stele_core::source::{ALLOW_SETTING, CONFIG_PATH};
use stele_core::suggest::did_you_mean_hint;
use stele_parse::frontmatter::{self, ConfigFront, EntityFront, EventFront, EventSourceFront, EventStatus};
use stele_parse::yaml_locate::{locate_value, Step};
use stele_parse::{LocatedRef, ParsedArticle, ParsedDocument, ParsedEntity, ParsedEvent};

/// An entity an article mentions but does not list: what `check --fix` adds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MissingAnnotation {
    pub file: String,
    /// `sites` or `actors`.
    pub list: &'static str,
    pub id: String,
}

pub struct Resolved {
    pub model: SiteModel,
    pub diagnostics: Vec<Diagnostic>,
    pub missing_annotations: Vec<MissingAnnotation>,
}

#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    pub include_drafts: bool,
    /// Sites and actors whose files produced no document.
    pub unparsed: Unparsed,
}

/// The ids of site and actor files that failed to parse (named as `resolve`
/// names entities: see `ids::entity_id`). Their files' errors are reported
/// where they are; a reference to one of these ids is not reported again,
/// or one slip in a site file would come back once per article naming it.
#[derive(Debug, Clone, Default)]
pub struct Unparsed {
    pub sites: HashSet<String>,
    pub actors: HashSet<String>,
}

/// Finds positions of front-matter values for diagnostics.
struct Locator<'a> {
    root: &'a Path,
}

impl Locator<'_> {
    fn with_yaml(&self, file: &str, f: impl FnOnce(&str, u32) -> Option<Location>) -> Option<Location> {
        let text = std::fs::read_to_string(self.root.join(file)).ok()?;
        let split = frontmatter::split(&text).ok()?;
        f(split.yaml, split.yaml_first_line)
    }

    fn value(&self, file: &str, path: &[Step]) -> Option<Location> {
        self.with_yaml(file, |yaml, first| locate_value(yaml, first, path))
    }
}

/// Parses `content/site.yaml` into the site-wide settings.
pub fn resolve_config(config: Option<&(String, String)>) -> (Config, Vec<Diagnostic>) {
    let mut resolved = Config::default();
    let Some((path, text)) = config else {
        return (resolved, Vec::new());
    };
    // One bad setting costs only itself: the others still apply (say, `allow_symlinks_to`).
    let frontmatter::Recovered { value, mut problems } = frontmatter::read_yaml::<ConfigFront>(text, path, 1);
    let Some(front) = value else { return (resolved, problems) };
    if let Some(title) = front.title {
        resolved.title = title;
    }
    resolved.description = front.description;
    if let Some(language) = front.language {
        resolved.language = language;
    }
    if let Some(base_url) = front.base_url {
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            let location = locate_value(text, 1, &[Step::Key("base_url")]);
            problems.push(
                Diagnostic::error(path, format!("base_url `{base_url}` is not an absolute http(s) URL"))
                    .at(location)
                    .with_hint("write it like https://example.org/reports/"),
            );
        }
        resolved.base_url = Some(if base_url.ends_with('/') { base_url } else { format!("{base_url}/") });
    }
    if let Some(autolink) = front.autolink {
        resolved.autolink = autolink;
    }
    match front.articles_per_page {
        Some(0) => problems.push(Diagnostic::error(path, "articles_per_page must be at least 1").at(locate_value(
            text,
            1,
            &[Step::Key("articles_per_page")],
        ))),
        Some(n) => resolved.articles_per_page = n,
        None => {}
    }
    if let Some(raw_html) = front.raw_html {
        resolved.raw_html = raw_html;
    }
    resolved.allow_symlinks_to = front.allow_symlinks_to;
    resolved.extra = front.extra;
    (resolved, problems)
}

/// The folders of `allow_symlinks_to`, resolved (relative ones from the
/// project root); one that does not exist, or is not a folder, is an error
/// at its entry in `content/site.yaml`.
pub fn allowed_link_folders(root: &Path, config: Option<&(String, String)>, written: &[String]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut folders = Vec::new();
    let mut problems = Vec::new();
    for (index, entry) in written.iter().enumerate() {
        let problem = match root.join(entry).canonicalize() {
            Ok(folder) if folder.is_dir() => {
                folders.push(folder);
                continue;
            }
            Ok(_) => format!("`{entry}` is not a folder"),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => format!("the folder `{entry}` does not exist"),
            Err(err) => format!("cannot read the folder `{entry}`: {err}"),
        };
        let (file, location) = match config {
            Some((path, text)) => (path.as_str(), locate_value(text, 1, &[Step::Key(ALLOW_SETTING), Step::Index(index)])),
            None => (CONFIG_PATH, None),
        };
        problems.push(
            Diagnostic::error(file, format!("{}: {problem}", ALLOW_SETTING))
                .at(location)
                .with_hint("list folders that exist, as absolute paths or relative to the project root (the folder holding content/)"),
        );
    }
    (folders, problems)
}

/// Id to index. Ids come from the project's own files, so there is no hash
/// flooding to defend against, and lookups are much of this stage's work:
/// hence a fast hasher rather than SipHash.
type IdMap<'a> = HashMap<&'a str, usize, IdHasher>;
type IdHasher = foldhash::fast::RandomState;

fn id_map<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> IdMap<'a> {
    let mut map = IdMap::with_capacity_and_hasher(ids.len(), IdHasher::default());
    for (ix, id) in ids.enumerate() {
        map.insert(id, ix);
    }
    map
}

/// The ids of one kind, and those of its files that failed to parse.
struct IdTable<'a> {
    ixs: IdMap<'a>,
    unparsed: &'a HashSet<String>,
}

impl<'a> IdTable<'a> {
    fn new(ids: impl ExactSizeIterator<Item = &'a str>, unparsed: &'a HashSet<String>) -> Self {
        IdTable { ixs: id_map(ids), unparsed }
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.ixs.get(id).copied()
    }

    /// Whether a missing `id` is worth an error: not when its own file
    /// failed to parse. Asked only after a lookup failed, so a build
    /// without errors never asks.
    fn is_unknown(&self, id: &str) -> bool {
        !self.unparsed.contains(id)
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        self.ixs.keys().copied()
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
struct EventIds<'d> {
    hasher: IdHasher,
    index: HashMap<EventId<'d>, usize, BuildHasherDefault<KnownHash>>,
}

impl<'d> EventIds<'d> {
    fn new() -> Self {
        EventIds { hasher: IdHasher::default(), index: HashMap::default() }
    }

    fn contains(&self, id: &str) -> bool {
        self.index.contains_key(&EventId::new(&self.hasher, Cow::Borrowed(id)))
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(|id| id.text.as_ref())
    }
}

/// `items` reordered so that the item at `positions[k]` ends at `k`
/// (`positions` is a permutation). Items move along the permutation's cycles
/// within the vector: a second vector of large items would be fresh memory,
/// which costs more than the moves.
fn permute<T>(items: Vec<T>, positions: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let mut placed = vec![false; slots.len()];
    for start in 0..slots.len() {
        if placed[start] {
            continue;
        }
        let carried = slots[start].take();
        let mut k = start;
        loop {
            placed[k] = true;
            let from = positions[k];
            if from == start {
                slots[k] = carried;
                break;
            }
            slots[k] = slots[from].take();
            k = from;
        }
    }
    // Unlike `flatten`, `filter_map` lets the collect reuse the allocation.
    #[allow(clippy::filter_map_identity)]
    slots.into_iter().filter_map(|slot| slot).collect()
}

/// Collects diagnostics. Work done in parallel gets a `Resolver` of its own
/// per item, whose diagnostics are then appended in the serial order.
struct Resolver<'a> {
    locator: Locator<'a>,
    problems: Vec<Diagnostic>,
    missing_annotations: Vec<MissingAnnotation>,
}

impl<'a> Resolver<'a> {
    fn new(root: &'a Path) -> Self {
        Resolver { locator: Locator { root }, problems: Vec::new(), missing_annotations: Vec::new() }
    }

    fn error_at_value(&mut self, file: &str, path: &[Step], message: String, hint: Option<String>) {
        let mut diagnostic = Diagnostic::error(file, message).at(self.locator.value(file, path));
        diagnostic.hint = hint;
        self.problems.push(diagnostic);
    }

    /// Looks up `id` among `ids`; reports an unknown id at `path` in `file`.
    fn lookup(&mut self, ids: &IdTable, noun: &str, id: &str, file: &str, path: &[Step]) -> Option<usize> {
        if let Some(ix) = ids.get(id) {
            return Some(ix);
        }
        self.report_unknown(ids, noun, id, file, path);
        None
    }

    /// Reports `id`, which `ids` lacks, unless its file failed to parse.
    fn report_unknown(&mut self, ids: &IdTable, noun: &str, id: &str, file: &str, path: &[Step]) {
        if !ids.is_unknown(id) {
            return;
        }
        let hint = did_you_mean_hint(id, ids.ids());
        self.error_at_value(file, path, format!("unknown {noun} `{id}`"), hint);
    }

    fn lookup_all(&mut self, ids: &IdTable, noun: &str, list: &[String], file: &str, path: &[Step]) -> Vec<usize> {
        let mut found = Vec::with_capacity(list.len());
        for (i, id) in list.iter().enumerate() {
            match ids.get(id.as_str()) {
                Some(ix) => {
                    if !found.contains(&ix) {
                        found.push(ix);
                    }
                }
                None => {
                    // The item's path is only needed to locate the error.
                    let item_path: Vec<Step> = path.iter().copied().chain([Step::Index(i)]).collect();
                    self.report_unknown(ids, noun, id, file, &item_path);
                }
            }
        }
        found
    }
}

/// Runs `f` with a diagnostics list of its own: for work done in parallel
/// whose problems are then reported in the serial order.
fn with_problems<'a, T>(root: &'a Path, f: impl FnOnce(&mut Resolver<'a>) -> T) -> (T, Vec<Diagnostic>) {
    let mut r = Resolver::new(root);
    let value = f(&mut r);
    (value, r.problems)
}

/// An entity file with the id it gets.
struct Named<'a, F> {
    id: String,
    doc: &'a ParsedEntity<F>,
}

/// Assigns ids to site or actor files, reporting invalid and duplicate ones; sorted by id.
fn name_entities<'a, F>(docs: Vec<&'a ParsedEntity<F>>, noun: &str, r: &mut Resolver) -> Vec<Named<'a, F>> {
    let mut named: Vec<Named<F>> = Vec::with_capacity(docs.len());
    for doc in docs {
        let id = entity_id(&doc.path);
        let stem = file_stem(&doc.path);
        if id != stem {
            r.problems.push(
                Diagnostic::error(&doc.path, format!("file name `{stem}.md` is not a valid {noun} id"))
                    .with_hint(format!("ids are lowercase letters, digits and single hyphens: rename it to `{id}.md`")),
            );
        } else if is_too_long(&id) {
            // Kept, so that references to it are not reported too; nothing is written.
            r.problems.push(
                Diagnostic::error(&doc.path, too_long_message(&format!("this file name (the {noun}'s id)"), &id))
                    .with_hint("rename the file to a shorter name"),
            );
        }
        named.push(Named { id: id.into_owned(), doc });
    }
    named.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.doc.path.cmp(&b.doc.path)));
    report_duplicates(named.iter().map(|n| (n.id.as_str(), n.doc.path.as_str(), false)), noun, r);
    named.dedup_by(|later, earlier| later.id == earlier.id);
    named
}

/// `items` (id, file, whether the id is written as `slug:`) sorted by id:
/// reports each id after its first occurrence. Positions are looked up only
/// for the duplicates found.
fn report_duplicates<'a>(items: impl Iterator<Item = (&'a str, &'a str, bool)>, noun: &str, r: &mut Resolver) {
    let mut previous: Option<(&str, &str, bool)> = None;
    for (id, path, written_as_slug) in items {
        match previous {
            Some((prev_id, prev_path, prev_as_slug)) if prev_id == id => {
                let locate = |file: &str, as_slug: bool| as_slug.then(|| r.locator.value(file, &[Step::Key("slug")])).flatten();
                let location = locate(path, written_as_slug);
                let prev_location = locate(prev_path, prev_as_slug);
                r.problems.push(
                    Diagnostic::error(path, format!("duplicate {noun} id `{id}`"))
                        .at(location)
                        .with_hint("ids are unique per kind: rename one of the two")
                        .with_related(Related { file: prev_path.to_string(), location: prev_location, note: "first defined here".into() }),
                );
            }
            _ => previous = Some((id, path, written_as_slug)),
        }
    }
}

/// Breaks and reports `part_of` loops. `parents[i]` is the parent of `i`.
fn break_part_of_loops(parents: &mut [Option<usize>], ids: &[String], paths: &[&str], noun: &str, r: &mut Resolver) {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; parents.len()];
    for start in 0..parents.len() {
        let mut path = Vec::new();
        let mut node = Some(start);
        while let Some(n) = node {
            match state[n] {
                2 => break,
                1 => {
                    let cycle_start = path.iter().position(|&p| p == n).unwrap_or(0);
                    let cycle = &path[cycle_start..];
                    // Report at the member with the smallest id so the message is stable.
                    let &reported = cycle.iter().min_by_key(|&&m| &ids[m]).unwrap_or(&n);
                    let names: Vec<&str> = cycle.iter().chain([&n]).map(|&m| ids[m].as_str()).collect();
                    let location = r.locator.value(paths[reported], &[Step::Key("part_of")]);
                    r.problems.push(
                        Diagnostic::error(paths[reported], format!("part_of loop: {}", names.join(" → ")))
                            .at(location)
                            .with_hint(format!("{} cannot lie inside itself: remove one part_of in the loop", stele_core::words::a(noun))),
                    );
                    parents[reported] = None;
                    break;
                }
                _ => {
                    state[n] = 1;
                    path.push(n);
                    node = parents[n];
                }
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
}

/// Breaks `part_of` loops among `entities`; `fields` gives an entity's id and parent.
fn break_loops_in<F: EntityFacts>(entities: &mut [Entity<F>], paths: &[&str], r: &mut Resolver) {
    let ids: Vec<String> = entities.iter().map(|e| e.id.clone()).collect();
    let mut parents: Vec<Option<usize>> = entities.iter().map(|e| e.part_of).collect();
    break_part_of_loops(&mut parents, &ids, paths, F::REF.scheme(), r);
    for (entity, parent) in entities.iter_mut().zip(parents) {
        entity.part_of = parent;
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
struct EventEntry<'d> {
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
    let event = Event {
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
    };
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
                    .at(location)
                    .with_hint(format!("an event reported by several articles must have the same {field} everywhere"))
                    .with_related(Related { file: first.0.to_string(), location: first_location, note: format!("{field} `{old}` given here") }),
            );
        }
    }
}

/// What the per-article parallel pass produces besides the `Article` itself.
struct ArticleWork<'d> {
    /// Diagnostics of the article's own lists and body mentions.
    problems: Vec<Diagnostic>,
    missing_annotations: Vec<MissingAnnotation>,
    events: Vec<EventEntry<'d>>,
    links: Vec<LinkCheck<'d>>,
}

/// An article's explicit links, in order, as far as they can be checked
/// before events are merged.
enum LinkCheck<'d> {
    /// A link to an event: checked once events are known.
    Event(&'d LocatedRef),
    Unknown(Diagnostic),
}

pub fn resolve(root: &Path, config: Config, documents: &[ParsedDocument], options: ResolveOptions) -> Resolved {
    let mut r = Resolver::new(root);

    let mut site_docs = Vec::new();
    let mut actor_docs = Vec::new();
    let mut article_docs = Vec::new();
    for doc in documents {
        match doc {
            ParsedDocument::Site(d) => site_docs.push(d.as_ref()),
            ParsedDocument::Actor(d) => actor_docs.push(d.as_ref()),
            ParsedDocument::Article(d) if options.include_drafts || !d.front.draft => article_docs.push(d.as_ref()),
            ParsedDocument::Article(_) => {}
        }
    }
    // The three kinds are named side by side; problems are reported sites, actors, then articles.
    let ((named_sites, site_problems), ((named_actors, actor_problems), (named_articles, article_problems))) = rayon::join(
        || with_problems(root, |r| name_entities(site_docs, "site", r)),
        || rayon::join(|| with_problems(root, |r| name_entities(actor_docs, "actor", r)), || with_problems(root, |r| name_articles(article_docs, r))),
    );
    r.problems.extend(site_problems.into_iter().chain(actor_problems).chain(article_problems));

    // Articles that failed to parse are not looked for: their slugs are unknown.
    let no_articles = HashSet::new();
    let (site_ids, (actor_ids, article_ids)) = rayon::join(
        || IdTable::new(named_sites.iter().map(|n| n.id.as_str()), &options.unparsed.sites),
        || {
            rayon::join(
                || IdTable::new(named_actors.iter().map(|n| n.id.as_str()), &options.unparsed.actors),
                || IdTable::new(named_articles.iter().map(|n| n.id.as_str()), &no_articles),
            )
        },
    );

    // Sites and actors need nothing from each other: built side by side, their
    // problems reported sites first.
    let ((mut sites, site_problems), (mut actors, actor_problems)) = rayon::join(
        || with_problems(root, |r| named_sites.iter().map(|n| resolve_entity(n, &site_ids, r)).collect::<Vec<_>>()),
        || with_problems(root, |r| named_actors.iter().map(|n| resolve_entity(n, &actor_ids, r)).collect::<Vec<_>>()),
    );
    r.problems.extend(site_problems);
    r.problems.extend(actor_problems);

    let site_paths: Vec<&str> = named_sites.iter().map(|n| n.doc.path.as_str()).collect();
    break_loops_in(&mut sites, &site_paths, &mut r);
    let actor_paths: Vec<&str> = named_actors.iter().map(|n| n.doc.path.as_str()).collect();
    break_loops_in(&mut actors, &actor_paths, &mut r);

    // Articles are ordered newest first (then by id). Knowing the order up
    // front lets everything point at an article's final index directly.
    let mut order: Vec<usize> = (0..named_articles.len()).collect();
    order.par_sort_by(|&a, &b| {
        let (a, b) = (&named_articles[a], &named_articles[b]);
        b.doc.date.cmp(&a.doc.date).then_with(|| a.id.cmp(&b.id))
    });
    let mut position = vec![0; named_articles.len()];
    for (final_ix, &ix) in order.iter().enumerate() {
        position[ix] = final_ix;
    }

    // The rest walks articles in path order: the order events are merged in
    // (so "first given here" never depends on dates), and the order files were
    // loaded and parsed in, which keeps reading their data mostly sequential.
    let mut by_path: Vec<usize> = (0..named_articles.len()).collect();
    by_path.par_sort_by(|&a, &b| named_articles[a].doc.path.cmp(&named_articles[b].doc.path));
    let mut path_rank = vec![0; named_articles.len()];
    for (rank, &ix) in by_path.iter().enumerate() {
        path_rank[ix] = rank;
    }

    let mut event_ids = EventIds::new();
    let known = KnownIds { sites: &site_ids, actors: &actor_ids, articles: &article_ids, event_hasher: &event_ids.hasher };
    // Every article on its own, in parallel; diagnostics are kept per article
    // and reported below in the order of the serial steps.
    let (mut articles_by_path, mut work): (Vec<Article>, Vec<ArticleWork>) =
        by_path.par_iter().map(|&ix| resolve_article(&named_articles[ix], position[ix], &known, root)).unzip();

    // Which entries report the same event, and which one first (in path order).
    let entry_count = work.iter().map(|w| w.events.len()).sum();
    event_ids.index.reserve(entry_count);
    let mut first_reports: Vec<(&PreparedEvent, ArticleIx, &str)> = Vec::with_capacity(entry_count);
    // Per entry, in path order: which event it reports, if its id is valid.
    let mut entry_drafts: Vec<Option<usize>> = Vec::with_capacity(entry_count);
    // The entries that need the serial pass below, in path order: (article
    // by path, entry, event if a later report). Most entries need nothing.
    let mut to_merge: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for (p, (work, &ix)) in work.iter().zip(&by_path).enumerate() {
        for (k, entry) in work.events.iter().enumerate() {
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
                        first_reports.push((event, position[ix], named_articles[ix].doc.path.as_str()));
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

    // Events in chronological order, then by id (ids are unique, so the order is total).
    let mut keyed: Vec<(DateSortKey, &str, usize)> =
        first_reports.iter().enumerate().map(|(d, (event, _, _))| (event.date_key, event.id.text.as_ref(), d)).collect();
    keyed.par_sort_unstable();
    let event_order: Vec<usize> = keyed.into_iter().map(|(_, _, d)| d).collect();
    let mut event_index = vec![0; event_order.len()];
    for (final_ix, &draft) in event_order.iter().enumerate() {
        event_index[draft] = final_ix;
    }
    // Built in order of first report, which follows the files, so their data
    // is read mostly in memory order; put in final order once merged.
    let (mut events_by_draft, mut merge_states): (Vec<Event>, Vec<MergeState>) =
        first_reports.into_par_iter().map(|(report, article, path)| event_from_first_report(report, article, path)).unzip();
    let entry_offsets: Vec<usize> = work
        .iter()
        .scan(0, |next, work| {
            let offset = *next;
            *next += work.events.len();
            Some(offset)
        })
        .collect();
    articles_by_path.par_iter_mut().zip(&work).zip(&entry_offsets).for_each(|((article, work), &offset)| {
        let drafts = &entry_drafts[offset..offset + work.events.len()];
        let mut reported: Vec<EventIx> = drafts.iter().flatten().map(|&draft| event_index[draft]).collect();
        reported.sort_unstable();
        reported.dedup();
        article.events = reported;
    });

    // Then, in path order, each entry's diagnostics and, for a later report
    // of an event, the merge into it.
    for (p, k, later) in to_merge {
        let ix = by_path[p];
        let entry = &mut work[p].events[k];
        r.problems.append(&mut entry.problems);
        if let (Some(draft), Some(report)) = (later, &entry.event) {
            let path = named_articles[ix].doc.path.as_str();
            merge_report(&mut events_by_draft[draft], &mut merge_states[draft], report, position[ix], path, &mut r);
        }
    }

    for &rank in &path_rank {
        let work = &mut work[rank];
        r.problems.append(&mut work.problems);
        r.missing_annotations.append(&mut work.missing_annotations);
    }

    // Explicit references in bodies and event descriptions.
    let entity_links =
        named_sites.iter().map(|n| (&n.doc.path, &n.doc.body_refs)).chain(named_actors.iter().map(|n| (&n.doc.path, &n.doc.body_refs)));
    for (path, links) in entity_links {
        r.problems.extend(links.iter().filter_map(|link| known.check(path, link, Some(&event_ids))));
    }
    for (n, &rank) in named_articles.iter().zip(&path_rank) {
        for link in std::mem::take(&mut work[rank].links) {
            match link {
                LinkCheck::Unknown(diagnostic) => r.problems.push(diagnostic),
                LinkCheck::Event(link) => r.problems.extend(known.check(&n.doc.path, link, Some(&event_ids))),
            }
        }
    }

    let by_path_positions: Vec<usize> = order.iter().map(|&ix| path_rank[ix]).collect();
    // Articles and events are put in final order while what the passes above
    // leave behind (many small allocations) is freed.
    let ((articles, events), ()) = rayon::join(
        || rayon::join(|| permute(articles_by_path, &by_path_positions), || permute(events_by_draft, &event_order)),
        || drop((work, named_articles)),
    );

    let mut model = SiteModel { config, articles, sites, actors, events };
    build_derived_indexes(&mut model);
    Resolved { model, diagnostics: r.problems, missing_annotations: r.missing_annotations }
}

/// An entity with its `part_of` looked up.
fn resolve_entity<F: EntityFront>(n: &Named<F>, ids: &IdTable, r: &mut Resolver) -> Entity<F::Facts> {
    let noun = <F::Facts as EntityFacts>::REF.scheme();
    let part_of = n.doc.front.part_of().and_then(|p| r.lookup(ids, noun, p, &n.doc.path, &[Step::Key("part_of")]));
    entity_from(n.doc, n.id.clone(), part_of)
}

/// An entity as its file describes it, with its id and `part_of` resolved
/// and its derived lists empty (`build_derived_indexes` fills them).
pub(crate) fn entity_from<F: EntityFront>(doc: &ParsedEntity<F>, id: String, part_of: Option<usize>) -> Entity<F::Facts> {
    let f = &doc.front;
    Entity {
        id,
        path: doc.path.clone(),
        name: f.name().to_string(),
        aliases: f.aliases().to_vec(),
        kind: f.kind().map(str::to_string),
        part_of,
        wikidata: f.wikidata().map(str::to_string),
        body_html: doc.body.html.clone(),
        extra: f.extra().clone(),
        facts: f.facts(),
        children: Vec::new(),
        events: Vec::new(),
        articles: Vec::new(),
        mentioned_in: Vec::new(),
    }
}

/// Everything about one article that needs no other article: its lists
/// looked up, quotes, summary, body mentions, and its events prepared for merging.
fn resolve_article<'d>(named: &NamedArticle<'d>, final_ix: ArticleIx, targets: &KnownIds, root: &Path) -> (Article, ArticleWork<'d>) {
    let (site_ids, actor_ids) = (targets.sites, targets.actors);
    let doc = named.doc;
    let f = &doc.front;
    let path = doc.path.as_str();

    let events = f
        .events
        .iter()
        .zip(&doc.events)
        .enumerate()
        .map(|(i, (front, parsed))| {
            let mut er = Resolver::new(root);
            let event = prepare_event(i, front, parsed, path, targets, &mut er);
            EventEntry { problems: er.problems, event }
        })
        .collect();

    let mut r = Resolver::new(root);
    let article_sites = r.lookup_all(site_ids, "site", &f.sites, path, &[Step::Key("sites")]);
    let article_actors = r.lookup_all(actor_ids, "actor", &f.actors, path, &[Step::Key("actors")]);
    let mut quotes = Vec::new();
    for (qi, quote) in f.quotes.iter().enumerate() {
        let by_path = [Step::Key("quotes"), Step::Index(qi), Step::Key("by")];
        if let Some(by) = r.lookup(actor_ids, "actor", &quote.by, path, &by_path) {
            quotes.push(Quote { by, text: quote.text.clone(), date: doc.quote_dates.get(qi).cloned().flatten(), article: final_ix });
        }
    }
    let summary = f.summary.clone().or_else(|| doc.body.first_paragraph.clone());
    if summary.is_none() {
        r.problems.push(Diagnostic::warning(path, "article has no summary and no first paragraph").with_hint("add `summary:` to the front matter"));
    }
    let mut article = Article {
        id: named.id.clone(),
        path: doc.path.clone(),
        title: f.title.clone(),
        date: doc.date.clone(),
        summary,
        draft: f.draft,
        source: f.source.as_ref().map(|s| Source { name: s.name.clone(), url: s.url.clone(), author: s.author.clone() }),
        sites: article_sites,
        actors: article_actors,
        tags: f.tags.clone(),
        events: Vec::new(),
        quotes,
        body_html: doc.body.html.clone(),
        extra: f.extra.clone(),
        mentions: Vec::new(),
    };
    article.mentions = resolve_mentions(doc, |id| site_ids.get(id), |id| actor_ids.get(id), &article, &mut r);
    let links = doc.body_refs.iter().chain(doc.events.iter().flat_map(|event| &event.description_refs));
    let links = links
        .filter_map(|link| match link.kind {
            RefKind::Event => Some(LinkCheck::Event(link)),
            _ => targets.check(path, link, None).map(LinkCheck::Unknown),
        })
        .collect();
    let work = ArticleWork { problems: r.problems, missing_annotations: r.missing_annotations, events, links };
    (article, work)
}

/// Turns an article's body mentions into entity references, with a hint for
/// each entity mentioned but not annotated.
fn resolve_mentions(
    doc: &ParsedArticle,
    site_ix: impl Fn(&str) -> Option<SiteIx>,
    actor_ix: impl Fn(&str) -> Option<ActorIx>,
    article: &Article,
    r: &mut Resolver,
) -> Vec<EntityMention> {
    let mut resolved = Vec::with_capacity(doc.mentions.len());
    for mention in &doc.mentions {
        let (entity, listed, list) = match mention.target.kind {
            RefKind::Site => match site_ix(mention.target.id.as_str()) {
                Some(ix) => (EntityRef::Site(ix), article.sites.contains(&ix), "sites"),
                None => continue,
            },
            RefKind::Actor => match actor_ix(mention.target.id.as_str()) {
                Some(ix) => (EntityRef::Actor(ix), article.actors.contains(&ix), "actors"),
                None => continue,
            },
            RefKind::Event | RefKind::Article => continue,
        };
        if !listed {
            let noun = mention.target.kind.scheme();
            r.problems.push(
                Diagnostic::new(
                    stele_core::diagnostics::Severity::Hint,
                    &doc.path,
                    format!("the body mentions {noun} `{}`, which is not in `{list}:`", mention.target.id),
                )
                .at(Some(mention.location))
                .until(Some(mention.end))
                .with_hint(format!("add `{}` to `{list}:`, or run `stele check --fix`", mention.target.id)),
            );
            r.missing_annotations.push(MissingAnnotation { file: doc.path.clone(), list, id: mention.target.id.clone() });
        }
        resolved.push(EntityMention { entity, context: mention.context.clone() });
    }
    resolved
}

/// `article`'s body mentions as `resolve` would make them from `doc`, for
/// `patch`; None when resolving them would report something (an entity
/// mentioned but not listed), which only a full resolve may do.
pub(crate) fn mentions_without_hints(
    doc: &ParsedArticle,
    article: &Article,
    site_ix: impl Fn(&str) -> Option<SiteIx>,
    actor_ix: impl Fn(&str) -> Option<ActorIx>,
) -> Option<Vec<EntityMention>> {
    // The root only serves to locate front-matter values; mentions carry their own places.
    let mut r = Resolver::new(Path::new(""));
    let mentions = resolve_mentions(doc, site_ix, actor_ix, article, &mut r);
    r.problems.is_empty().then_some(mentions)
}

struct NamedArticle<'a> {
    id: String,
    doc: &'a ParsedArticle,
}

fn name_articles<'a>(docs: Vec<&'a ParsedArticle>, r: &mut Resolver) -> Vec<NamedArticle<'a>> {
    // Ids are made in parallel; problems are still reported in file order.
    let ids: Vec<Result<String, Diagnostic>> = docs.par_iter().map(|doc| article_id(doc, &r.locator)).collect();
    let mut named = Vec::with_capacity(docs.len());
    for (doc, id) in docs.into_iter().zip(ids) {
        match id {
            Ok(id) => {
                if is_too_long(&id) {
                    // Only a written slug can be: derived ones are cut to fit. Kept, so
                    // that links to it are not reported too; nothing is written.
                    let location = r.locator.value(&doc.path, &[Step::Key("slug")]);
                    r.problems.push(Diagnostic::error(&doc.path, too_long_message("slug", &id)).at(location).with_hint("write a shorter one"));
                }
                named.push(NamedArticle { id, doc });
            }
            Err(problem) => r.problems.push(problem),
        }
    }
    named.par_sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.doc.path.cmp(&b.doc.path)));
    let items = named.iter().map(|n| (n.id.as_str(), n.doc.path.as_str(), n.doc.front.slug.is_some()));
    report_duplicates(items, "article", r);
    named.dedup_by(|later, earlier| later.id == earlier.id);
    named
}

/// An article's id: its slug, else one made from its file name.
fn article_id(doc: &ParsedArticle, locator: &Locator) -> Result<String, Diagnostic> {
    match &doc.front.slug {
        Some(slug) if is_valid_id(slug) => Ok(slug.clone()),
        Some(slug) => {
            let valid = slugify(slug);
            Err(Diagnostic::error(&doc.path, format!("slug `{slug}` is not a valid id"))
                .at(locator.value(&doc.path, &[Step::Key("slug")]))
                .with_hint(format!("slugs are lowercase letters, digits and single hyphens, e.g. `{valid}`")))
        }
        None => {
            let slug = slugify(file_stem(&doc.path));
            if slug.is_empty() {
                return Err(Diagnostic::error(&doc.path, "cannot derive a slug from this file name").with_hint("add `slug:` to the front matter"));
            }
            Ok(fit_derived(slug))
        }
    }
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
                r.error_at_value(path, &at("id"), too_long_message("event id", id), Some("write a shorter one".into()));
            }
            EventId::new(ids.event_hasher, Cow::Borrowed(id.as_str()))
        }
        Some(id) => {
            let hint = format!("event ids are lowercase letters, digits and single hyphens, e.g. `{}`", slugify(id));
            r.error_at_value(path, &at("id"), format!("event id `{id}` is not a valid id"), Some(hint));
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
    // Kept sorted, as the model wants it.
    if let Err(at) = event.reported_in.binary_search(&article) {
        event.reported_in.insert(at, article);
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

/// The ids known before events are merged, and how event ids are hashed.
struct KnownIds<'a> {
    sites: &'a IdTable<'a>,
    actors: &'a IdTable<'a>,
    articles: &'a IdTable<'a>,
    event_hasher: &'a IdHasher,
}

impl KnownIds<'_> {
    /// The error for a link to an unknown id; links to events are checked only
    /// once events are merged, with `events`.
    fn check(&self, path: &str, link: &LocatedRef, events: Option<&EventIds>) -> Option<Diagnostic> {
        let id = link.id.as_str();
        // Some(hint) when `id` is unknown; None when it is known, or its file failed to parse.
        let unknown_in = |ids: &IdTable| (ids.get(id).is_none() && ids.is_unknown(id)).then(|| did_you_mean_hint(id, ids.ids()));
        let hint = match link.kind {
            RefKind::Site => unknown_in(self.sites)?,
            RefKind::Actor => unknown_in(self.actors)?,
            RefKind::Article => unknown_in(self.articles)?,
            RefKind::Event => {
                let events = events?;
                (!events.contains(id)).then(|| did_you_mean_hint(id, events.ids()))?
            }
        };
        let noun = link.kind.scheme();
        let mut diagnostic = Diagnostic::error(path, format!("link to unknown {noun} `{id}`")).at(Some(link.location)).until(link.end);
        diagnostic.hint = hint;
        Some(diagnostic)
    }
}

/// Fills every list that is derived from the others. Site lists and actor
/// lists are independent of each other, so the two kinds are filled in parallel.
fn build_derived_indexes(model: &mut SiteModel) {
    let SiteModel { articles, sites, actors, events, .. } = model;
    let (articles, events) = (&*articles, &*events);
    rayon::join(|| fill_indexes(sites, events, articles), || fill_indexes(actors, events, articles));
}

/// Fills every list of `entities` derived from other files; they are empty.
fn fill_indexes<F: EntityFacts>(entities: &mut [Entity<F>], events: &[Event], articles: &[Article]) {
    for ix in 0..entities.len() {
        if let Some(parent) = entities[ix].part_of {
            entities[parent].children.push(ix);
        }
    }
    for (ix, event) in events.iter().enumerate() {
        for named in F::named_by_event(event) {
            // An event may name one entity twice (an actor that also claimed it).
            let list = &mut entities[named].events;
            if list.last() != Some(&ix) {
                list.push(ix);
            }
        }
    }
    for (ix, article) in articles.iter().enumerate() {
        for &listed in F::listed_by(article) {
            entities[listed].articles.push(ix);
        }
    }
    fill_mentions(entities, articles);
    F::derive_from_articles(entities, articles);
}

/// `mentioned_in` of every entity, which must be empty.
fn fill_mentions<F: EntityFacts>(entities: &mut [Entity<F>], articles: &[Article]) {
    for (ix, article) in articles.iter().enumerate() {
        for (mi, mention) in article.mentions.iter().enumerate() {
            if let Some(entity) = F::mentioned(mention.entity) {
                entities[entity].mentioned_in.push((ix, mi));
            }
        }
    }
}

/// Derives every site's and actor's `mentioned_in` again, after `patch`
/// changed which entities articles mention.
pub(crate) fn refill_mentions(model: &mut SiteModel) {
    let SiteModel { articles, sites, actors, .. } = model;
    sites.iter_mut().for_each(|s| s.mentioned_in.clear());
    actors.iter_mut().for_each(|a| a.mentioned_in.clear());
    fill_mentions(sites, articles);
    fill_mentions(actors, articles);
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

    #[test]
    fn permute_moves_each_item_to_its_position() {
        let items = vec!["a", "b", "c", "d", "e", "f"];
        assert_eq!(permute(items, &[3, 0, 4, 1, 2, 5]), ["d", "a", "e", "b", "c", "f"]);
        assert_eq!(permute(Vec::<u8>::new(), &[]), Vec::<u8>::new());
    }
}
