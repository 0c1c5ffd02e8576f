//! Stage 3: parsed documents become one [`SiteModel`].
//!
//! Ids are assigned and checked for uniqueness, every reference is looked
//! up (with "did you mean" when it fails), `part_of` loops are broken and
//! reported, events reported by several articles are merged, and the
//! derived indexes (children, per-entity events and articles) are built.
//! Positions of front-matter values are looked up lazily, only for
//! diagnostics, by re-reading the file (see `yaml_locate`).

use crate::date::EdtfDate;
use crate::diagnostics::{Diagnostic, Location, Related};
use crate::frontmatter::{self, ConfigFront, EventFront, EventStatus};
use crate::ids::{file_stem, is_valid_id, slugify};
use crate::markdown::RefKind;
use crate::model::*;
use crate::parse::{LocatedRef, ParsedArticle, ParsedDocument, ParsedEntity};
use crate::suggest::did_you_mean_hint;
use crate::yaml_locate::{locate_value, Step};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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

#[derive(Debug, Clone, Copy, Default)]
pub struct ResolveOptions {
    pub include_drafts: bool,
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
    let front: ConfigFront = match frontmatter::parse_yaml(text, path, 1) {
        Ok(front) => front,
        Err(problems) => return (resolved, problems),
    };
    let mut problems = Vec::new();
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
        Some(0) => problems.push(
            Diagnostic::error(path, "articles_per_page must be at least 1")
                .at(locate_value(text, 1, &[Step::Key("articles_per_page")])),
        ),
        Some(n) => resolved.articles_per_page = n,
        None => {}
    }
    if let Some(raw_html) = front.raw_html {
        resolved.raw_html = raw_html;
    }
    resolved.extra = front.extra;
    (resolved, problems)
}


struct Resolver<'a> {
    locator: Locator<'a>,
    problems: Vec<Diagnostic>,
    missing_annotations: Vec<MissingAnnotation>,
}

impl Resolver<'_> {
    fn error_at_value(&mut self, file: &str, path: &[Step], message: String, hint: Option<String>) {
        let mut diagnostic = Diagnostic::error(file, message).at(self.locator.value(file, path));
        diagnostic.hint = hint;
        self.problems.push(diagnostic);
    }

    /// Looks up `id` among `ids`; reports an unknown id at `path` in `file`.
    fn lookup(&mut self, ids: &HashMap<&str, usize>, noun: &str, id: &str, file: &str, path: &[Step]) -> Option<usize> {
        if let Some(&ix) = ids.get(id) {
            return Some(ix);
        }
        let hint = did_you_mean_hint(id, ids.keys().copied());
        self.error_at_value(file, path, format!("unknown {noun} `{id}`"), hint);
        None
    }

    fn lookup_all(&mut self, ids: &HashMap<&str, usize>, noun: &str, list: &[String], file: &str, path: &[Step]) -> Vec<usize> {
        let mut found = Vec::with_capacity(list.len());
        for (i, id) in list.iter().enumerate() {
            let item_path: Vec<Step> = path.iter().copied().chain([Step::Index(i)]).collect();
            if let Some(ix) = self.lookup(ids, noun, id, file, &item_path) {
                if !found.contains(&ix) {
                    found.push(ix);
                }
            }
        }
        found
    }
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
        let stem = file_stem(&doc.path);
        let id = if is_valid_id(stem) {
            stem.to_string()
        } else {
            let valid = slugify(stem);
            r.problems.push(
                Diagnostic::error(&doc.path, format!("file name `{stem}.md` is not a valid {noun} id"))
                    .with_hint(format!("ids are lowercase letters, digits and single hyphens: rename it to `{valid}.md`")),
            );
            valid
        };
        named.push(Named { id, doc });
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
                            .with_hint(format!("a {noun} cannot lie inside itself: remove one part_of in the loop")),
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
fn break_loops_in<T>(entities: &mut [T], paths: &[&str], noun: &str, r: &mut Resolver, fields: impl Fn(&mut T) -> (&String, &mut Option<usize>)) {
    let ids: Vec<String> = entities.iter_mut().map(|e| fields(e).0.clone()).collect();
    let mut parents: Vec<Option<usize>> = entities.iter_mut().map(|e| *fields(e).1).collect();
    break_part_of_loops(&mut parents, &ids, paths, noun, r);
    for (entity, parent) in entities.iter_mut().zip(parents) {
        *fields(entity).1 = parent;
    }
}

/// One event as reported by possibly several articles, before indexing.
struct EventDraft {
    first: (String, usize),
    date: EdtfDate,
    title: String,
    kind: Option<String>,
    status: Option<EventStatus>,
    description_text: Option<String>,
    description_html: Option<std::sync::Arc<str>>,
    display_date: Option<String>,
    sites: Vec<SiteIx>,
    actors: Vec<EventActor>,
    claimed_by: Vec<ActorIx>,
    confirmed_by: Vec<ActorIx>,
    sources: Vec<EventSource>,
    reported_in: Vec<ArticleIx>,
}

fn union(into: &mut Vec<usize>, items: Vec<usize>) {
    for item in items {
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
    first: &(String, usize),
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
            let first_location = r.locator.value(&first.0, &first_path);
            r.problems.push(
                Diagnostic::error(here.0, format!("event `{event_id}`: {field} `{new}` disagrees with `{old}` given elsewhere"))
                    .at(location)
                    .with_hint(format!("an event reported by several articles must have the same {field} everywhere"))
                    .with_related(Related { file: first.0.clone(), location: first_location, note: format!("{field} `{old}` given here") }),
            );
        }
    }
}

pub fn resolve(
    root: &Path,
    config: Config,
    documents: &[ParsedDocument],
    options: ResolveOptions,
) -> Resolved {
    let mut r = Resolver { locator: Locator { root }, problems: Vec::new(), missing_annotations: Vec::new() };

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
    let named_sites = name_entities(site_docs, "site", &mut r);
    let named_actors = name_entities(actor_docs, "actor", &mut r);
    let named_articles = name_articles(article_docs, &mut r);

    let site_ids: HashMap<&str, usize> = named_sites.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let actor_ids: HashMap<&str, usize> = named_actors.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let article_ids: HashMap<&str, usize> = named_articles.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();

    let mut sites: Vec<Site> = named_sites
        .iter()
        .map(|n| {
            let f = &n.doc.front;
            let part_of = f.part_of.as_deref().and_then(|p| r.lookup(&site_ids, "site", p, &n.doc.path, &[Step::Key("part_of")]));
            Site {
                id: n.id.clone(),
                path: n.doc.path.clone(),
                name: f.name.clone(),
                aliases: f.aliases.clone(),
                kind: f.kind.clone(),
                part_of,
                location: f.location,
                country: f.country.clone(),
                wikidata: f.wikidata.as_ref().map(|w| w.0.clone()),
                unesco: f.unesco.as_ref().map(|u| u.0.clone()),
                body_html: n.doc.body.html.clone(),
                extra: f.extra.clone(),
                children: Vec::new(),
                events: Vec::new(),
                articles: Vec::new(),
                mentioned_in: Vec::new(),
            }
        })
        .collect();
    let mut actors: Vec<Actor> = named_actors
        .iter()
        .map(|n| {
            let f = &n.doc.front;
            let part_of = f.part_of.as_deref().and_then(|p| r.lookup(&actor_ids, "actor", p, &n.doc.path, &[Step::Key("part_of")]));
            Actor {
                id: n.id.clone(),
                path: n.doc.path.clone(),
                name: f.name.clone(),
                aliases: f.aliases.clone(),
                kind: f.kind.clone(),
                part_of,
                wikidata: f.wikidata.as_ref().map(|w| w.0.clone()),
                body_html: n.doc.body.html.clone(),
                extra: f.extra.clone(),
                children: Vec::new(),
                events: Vec::new(),
                articles: Vec::new(),
                quotes: Vec::new(),
                mentioned_in: Vec::new(),
            }
        })
        .collect();

    let site_paths: Vec<&str> = named_sites.iter().map(|n| n.doc.path.as_str()).collect();
    break_loops_in(&mut sites, &site_paths, "site", &mut r, |s| (&s.id, &mut s.part_of));
    let actor_paths: Vec<&str> = named_actors.iter().map(|n| n.doc.path.as_str()).collect();
    break_loops_in(&mut actors, &actor_paths, "actor", &mut r, |a| (&a.id, &mut a.part_of));

    let mut articles: Vec<Article> = Vec::with_capacity(named_articles.len());
    let mut drafts: BTreeMap<String, EventDraft> = BTreeMap::new();
    // Merge events in path order, so "first given here" never depends on dates.
    let mut by_path: Vec<usize> = (0..named_articles.len()).collect();
    by_path.sort_by(|&a, &b| named_articles[a].doc.path.cmp(&named_articles[b].doc.path));
    let mut article_event_ids: Vec<Vec<String>> = vec![Vec::new(); named_articles.len()];
    for &ix in &by_path {
        let doc = named_articles[ix].doc;
        article_event_ids[ix] = merge_article_events(ix, doc, &site_ids, &actor_ids, &mut drafts, &mut r);
    }

    for (ix, named) in named_articles.iter().enumerate() {
        let doc = named.doc;
        let f = &doc.front;
        let path = doc.path.as_str();
        let article_sites = r.lookup_all(&site_ids, "site", &f.sites, path, &[Step::Key("sites")]);
        let article_actors = r.lookup_all(&actor_ids, "actor", &f.actors, path, &[Step::Key("actors")]);
        let mut quotes = Vec::new();
        for (qi, quote) in f.quotes.iter().enumerate() {
            let by_path = [Step::Key("quotes"), Step::Index(qi), Step::Key("by")];
            if let Some(by) = r.lookup(&actor_ids, "actor", &quote.by, path, &by_path) {
                quotes.push(Quote { by, text: quote.text.clone(), date: doc.quote_dates.get(qi).cloned().flatten(), article: ix });
            }
        }
        let summary = f.summary.clone().or_else(|| doc.body.first_paragraph.clone());
        if summary.is_none() {
            r.problems.push(
                Diagnostic::warning(path, "article has no summary and no first paragraph")
                    .with_hint("add `summary:` to the front matter"),
            );
        }
        articles.push(Article {
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
        });
        let mentions = resolve_mentions(doc, &site_ids, &actor_ids, &articles[ix], &mut r);
        articles[ix].mentions = mentions;
    }

    let mut events: Vec<Event> = drafts
        .into_iter()
        .map(|(id, d)| Event {
            id,
            date: d.date,
            title: d.title,
            kind: d.kind,
            status: d.status.unwrap_or_default(),
            sites: d.sites,
            actors: d.actors,
            claimed_by: d.claimed_by,
            confirmed_by: d.confirmed_by,
            description_html: d.description_html,
            display_date: d.display_date,
            sources: d.sources,
            reported_in: d.reported_in,
        })
        .collect();
    events.sort_by(|a, b| a.date.sort_key().cmp(&b.date.sort_key()).then_with(|| a.id.cmp(&b.id)));
    let event_ids: HashMap<&str, usize> = events.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    for (ix, ids) in article_event_ids.iter().enumerate() {
        let mut list: Vec<usize> = ids.iter().filter_map(|id| event_ids.get(id.as_str()).copied()).collect();
        list.sort_unstable();
        list.dedup();
        articles[ix].events = list;
    }

    // Explicit references in bodies and event descriptions.
    let ref_targets = RefTargets { sites: &site_ids, actors: &actor_ids, events: &event_ids, articles: &article_ids };
    for n in &named_sites {
        check_refs(&n.doc.path, &n.doc.body_refs, &ref_targets, &mut r);
    }
    for n in &named_actors {
        check_refs(&n.doc.path, &n.doc.body_refs, &ref_targets, &mut r);
    }
    for n in &named_articles {
        check_refs(&n.doc.path, &n.doc.body_refs, &ref_targets, &mut r);
        for event in &n.doc.events {
            check_refs(&n.doc.path, &event.description_refs, &ref_targets, &mut r);
        }
    }

    // Articles are ordered newest first; re-index everything that points at them.
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&a, &b| articles[b].date.cmp(&articles[a].date).then_with(|| articles[a].id.cmp(&articles[b].id)));
    let mut new_index = vec![0; articles.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
    let mut articles: Vec<Article> = order.iter().filter_map(|&old| slots[old].take()).collect();
    for article in &mut articles {
        for quote in &mut article.quotes {
            quote.article = new_index[quote.article];
        }
    }
    for event in &mut events {
        for a in &mut event.reported_in {
            *a = new_index[*a];
        }
        event.reported_in.sort_unstable();
    }

    let mut model = SiteModel { config, articles, sites, actors, events };
    build_derived_indexes(&mut model);
    Resolved { model, diagnostics: r.problems, missing_annotations: r.missing_annotations }
}

/// Turns an article's body mentions into entity references, with a hint for
/// each entity mentioned but not annotated.
fn resolve_mentions(
    doc: &ParsedArticle,
    site_ids: &HashMap<&str, usize>,
    actor_ids: &HashMap<&str, usize>,
    article: &Article,
    r: &mut Resolver,
) -> Vec<EntityMention> {
    let mut resolved = Vec::with_capacity(doc.mentions.len());
    for mention in &doc.mentions {
        let (entity, listed, list) = match mention.target.kind {
            RefKind::Site => match site_ids.get(mention.target.id.as_str()) {
                Some(&ix) => (EntityRef::Site(ix), article.sites.contains(&ix), "sites"),
                None => continue,
            },
            RefKind::Actor => match actor_ids.get(mention.target.id.as_str()) {
                Some(&ix) => (EntityRef::Actor(ix), article.actors.contains(&ix), "actors"),
                None => continue,
            },
            RefKind::Event | RefKind::Article => continue,
        };
        if !listed {
            let noun = mention.target.kind.scheme();
            r.problems.push(
                Diagnostic::new(
                    crate::diagnostics::Severity::Hint,
                    &doc.path,
                    format!("the body mentions {noun} `{}`, which is not in `{list}:`", mention.target.id),
                )
                .at(Some(mention.location))
                .with_hint(format!("add `{}` to `{list}:`, or run `stele check --fix`", mention.target.id)),
            );
            r.missing_annotations.push(MissingAnnotation { file: doc.path.clone(), list, id: mention.target.id.clone() });
        }
        resolved.push(EntityMention { entity, context: mention.context.clone() });
    }
    resolved
}

struct NamedArticle<'a> {
    id: String,
    doc: &'a ParsedArticle,
}

fn name_articles<'a>(docs: Vec<&'a ParsedArticle>, r: &mut Resolver) -> Vec<NamedArticle<'a>> {
    let mut named = Vec::with_capacity(docs.len());
    for doc in docs {
        let id = match &doc.front.slug {
            Some(slug) if is_valid_id(slug) => slug.clone(),
            Some(slug) => {
                let valid = slugify(slug);
                r.error_at_value(
                    &doc.path,
                    &[Step::Key("slug")],
                    format!("slug `{slug}` is not a valid id"),
                    Some(format!("slugs are lowercase letters, digits and single hyphens, e.g. `{valid}`")),
                );
                continue;
            }
            None => {
                let slug = slugify(file_stem(&doc.path));
                if slug.is_empty() {
                    r.problems.push(
                        Diagnostic::error(&doc.path, "cannot derive a slug from this file name")
                            .with_hint("add `slug:` to the front matter"),
                    );
                    continue;
                }
                slug
            }
        };
        named.push(NamedArticle { id, doc });
    }
    named.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.doc.path.cmp(&b.doc.path)));
    let items = named.iter().map(|n| (n.id.as_str(), n.doc.path.as_str(), n.doc.front.slug.is_some()));
    report_duplicates(items, "article", r);
    named.dedup_by(|later, earlier| later.id == earlier.id);
    named
}

fn merge_article_events(
    article: ArticleIx,
    doc: &ParsedArticle,
    site_ids: &HashMap<&str, usize>,
    actor_ids: &HashMap<&str, usize>,
    drafts: &mut BTreeMap<String, EventDraft>,
    r: &mut Resolver,
) -> Vec<String> {
    let path = doc.path.as_str();
    let mut ids = Vec::new();
    for (i, (front, parsed)) in doc.front.events.iter().zip(&doc.events).enumerate() {
        let at = |field: &'static str| [Step::Key("events"), Step::Index(i), Step::Key(field)];
        let id = match &front.id {
            Some(id) if is_valid_id(id) => id.clone(),
            Some(id) => {
                let hint = format!("event ids are lowercase letters, digits and single hyphens, e.g. `{}`", slugify(id));
                r.error_at_value(path, &at("id"), format!("event id `{id}` is not a valid id"), Some(hint));
                continue;
            }
            None => default_event_id(front, &parsed.date),
        };
        let sites = r.lookup_all(site_ids, "site", &front.sites, path, &at("sites"));
        let mut actors: Vec<EventActor> = Vec::new();
        for (k, actor) in front.actors.iter().enumerate() {
            let mut actor_path = at("actors").to_vec();
            actor_path.push(Step::Index(k));
            if matches!(actor, frontmatter::ActorRefFront::WithRole { .. }) {
                actor_path.push(Step::Key("id"));
            }
            if let Some(ix) = r.lookup(actor_ids, "actor", actor.id(), path, &actor_path) {
                actors.push(EventActor { actor: ix, role: actor.role().map(str::to_string) });
            }
        }
        let claimed_by = r.lookup_all(actor_ids, "actor", &front.claimed_by, path, &at("claimed_by"));
        let confirmed_by = r.lookup_all(actor_ids, "actor", &front.confirmed_by, path, &at("confirmed_by"));
        let sources: Vec<EventSource> = front
            .sources
            .iter()
            .map(|s| EventSource { title: s.title.clone(), url: s.url.clone(), accessed: s.accessed.as_ref().map(|a| a.0.clone()) })
            .collect();
        let description_html = parsed.description.as_ref().map(|d| d.html.clone());

        match drafts.get_mut(&id) {
            None => {
                drafts.insert(
                    id.clone(),
                    EventDraft {
                        first: (path.to_string(), i),
                        date: parsed.date.clone(),
                        title: front.title.clone(),
                        kind: front.kind.clone(),
                        status: front.status,
                        description_text: front.description.clone(),
                        description_html,
                        display_date: front.display_date.clone(),
                        sites,
                        actors: dedup_actors(actors),
                        claimed_by,
                        confirmed_by,
                        sources,
                        reported_in: vec![article],
                    },
                );
            }
            Some(draft) => {
                let first = draft.first.clone();
                let here = (path, i);
                let mut date_text = Some(draft.date.text().to_string());
                merge_scalar("date", &mut date_text, Some(&parsed.date.text().to_string()), &id, &first, here, r);
                let mut title = Some(draft.title.clone());
                merge_scalar("title", &mut title, Some(&front.title), &id, &first, here, r);
                merge_scalar("kind", &mut draft.kind, front.kind.as_ref(), &id, &first, here, r);
                let mut status = draft.status.map(|s| s.as_str().to_string());
                merge_scalar("status", &mut status, front.status.map(|s| s.as_str().to_string()).as_ref(), &id, &first, here, r);
                draft.status = draft.status.or(front.status);
                let had_description = draft.description_text.is_some();
                merge_scalar("description", &mut draft.description_text, front.description.as_ref(), &id, &first, here, r);
                if !had_description {
                    draft.description_html = description_html;
                }
                merge_scalar("display_date", &mut draft.display_date, front.display_date.as_ref(), &id, &first, here, r);
                union(&mut draft.sites, sites);
                for actor in actors {
                    merge_event_actor(&mut draft.actors, actor, &id, &first, here, r);
                }
                union(&mut draft.claimed_by, claimed_by);
                union(&mut draft.confirmed_by, confirmed_by);
                for source in sources {
                    if !draft.sources.contains(&source) {
                        draft.sources.push(source);
                    }
                }
                if !draft.reported_in.contains(&article) {
                    draft.reported_in.push(article);
                }
            }
        }
        ids.push(id);
    }
    ids
}

fn dedup_actors(actors: Vec<EventActor>) -> Vec<EventActor> {
    let mut unique: Vec<EventActor> = Vec::with_capacity(actors.len());
    for actor in actors {
        match unique.iter_mut().find(|a| a.actor == actor.actor) {
            Some(existing) if existing.role.is_none() => existing.role = actor.role,
            Some(_) => {}
            None => unique.push(actor),
        }
    }
    unique
}

/// The same actor may come with a role from one article and without from another;
/// two different roles disagree.
fn merge_event_actor(into: &mut Vec<EventActor>, actor: EventActor, event_id: &str, first: &(String, usize), here: (&str, usize), r: &mut Resolver) {
    match into.iter_mut().find(|a| a.actor == actor.actor) {
        None => into.push(actor),
        Some(existing) => {
            let mut role = existing.role.clone();
            merge_scalar("role", &mut role, actor.role.as_ref(), event_id, first, here, r);
            existing.role = role;
        }
    }
}

/// `<date>-<slug of title>`, per the spec.
fn default_event_id(front: &EventFront, date: &EdtfDate) -> String {
    format!("{}-{}", slugify(date.text()), slugify(&front.title))
}

struct RefTargets<'a> {
    sites: &'a HashMap<&'a str, usize>,
    actors: &'a HashMap<&'a str, usize>,
    events: &'a HashMap<&'a str, usize>,
    articles: &'a HashMap<&'a str, usize>,
}

fn check_refs(path: &str, refs: &[LocatedRef], targets: &RefTargets, r: &mut Resolver) {
    for reference in refs {
        let ids = match reference.kind {
            RefKind::Site => targets.sites,
            RefKind::Actor => targets.actors,
            RefKind::Event => targets.events,
            RefKind::Article => targets.articles,
        };
        if !ids.contains_key(reference.id.as_str()) {
            let noun = reference.kind.scheme();
            let mut diagnostic = Diagnostic::error(path, format!("link to unknown {noun} `{}`", reference.id)).at(Some(reference.location));
            diagnostic.hint = did_you_mean_hint(&reference.id, ids.keys().copied());
            r.problems.push(diagnostic);
        }
    }
}

/// Fills every list that is derived from the others.
fn build_derived_indexes(model: &mut SiteModel) {
    for ix in 0..model.sites.len() {
        if let Some(parent) = model.sites[ix].part_of {
            model.sites[parent].children.push(ix);
        }
    }
    for ix in 0..model.actors.len() {
        if let Some(parent) = model.actors[ix].part_of {
            model.actors[parent].children.push(ix);
        }
    }
    for (ix, event) in model.events.iter().enumerate() {
        for &site in &event.sites {
            model.sites[site].events.push(ix);
        }
        let named = event.actors.iter().map(|a| a.actor).chain(event.claimed_by.iter().copied()).chain(event.confirmed_by.iter().copied());
        for actor in named {
            let list = &mut model.actors[actor].events;
            if list.last() != Some(&ix) {
                list.push(ix);
            }
        }
    }
    for (ix, article) in model.articles.iter().enumerate() {
        for &site in &article.sites {
            model.sites[site].articles.push(ix);
        }
        for &actor in &article.actors {
            model.actors[actor].articles.push(ix);
        }
        for (qi, quote) in article.quotes.iter().enumerate() {
            model.actors[quote.by].quotes.push((ix, qi));
        }
        for (mi, mention) in article.mentions.iter().enumerate() {
            match mention.entity {
                EntityRef::Site(site) => model.sites[site].mentioned_in.push((ix, mi)),
                EntityRef::Actor(actor) => model.actors[actor].mentioned_in.push((ix, mi)),
            }
        }
    }
    for actor in &mut model.actors {
        actor.events.sort_unstable();
        actor.events.dedup();
    }
}
