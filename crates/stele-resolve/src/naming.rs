//! What each document is called: sites and actors by their file names,
//! articles by their slugs (or file names). Invalid, too long and duplicate
//! ids are reported here; the tables of the ids found are built here too.

use crate::ids::{IdTable, Unparsed};
use crate::report::{with_problems, Locator, Resolver};
use rayon::prelude::*;
use std::collections::HashSet;
use stele_core::diagnostics::{Code, Diagnostic, Related};
use stele_core::ids::{entity_id, file_stem, fit_derived, is_too_long, is_valid_id, slugify, too_long_message};
use stele_parse::frontmatter::{ActorFront, SiteFront};
use stele_parse::yaml_locate::Step;
use stele_parse::{ParsedArticle, ParsedDocument, ParsedEntity, ParsedEventFile};

/// The documents to resolve by kind, in the order given; drafts are left
/// out unless they are built.
pub(crate) struct DocumentsByKind<'d> {
    sites: Vec<&'d ParsedEntity<SiteFront>>,
    actors: Vec<&'d ParsedEntity<ActorFront>>,
    articles: Vec<&'d ParsedArticle>,
    events: Vec<&'d ParsedEventFile>,
}

impl<'d> DocumentsByKind<'d> {
    pub(crate) fn new(documents: &'d [ParsedDocument], include_drafts: bool) -> Self {
        let mut site_docs = Vec::new();
        let mut actor_docs = Vec::new();
        let mut article_docs = Vec::new();
        let mut event_docs = Vec::new();
        for doc in documents {
            match doc {
                ParsedDocument::Site(d) => site_docs.push(d.as_ref()),
                ParsedDocument::Actor(d) => actor_docs.push(d.as_ref()),
                ParsedDocument::Article(d) if include_drafts || !d.front.draft => article_docs.push(d.as_ref()),
                ParsedDocument::Article(_) => {}
                ParsedDocument::Event(d) => event_docs.push(d.as_ref()),
            }
        }
        DocumentsByKind { sites: site_docs, actors: actor_docs, articles: article_docs, events: event_docs }
    }
}

/// Every document with its id, each kind sorted by id, duplicates left out.
pub(crate) struct NamedDocuments<'d> {
    pub(crate) sites: Vec<Named<'d, SiteFront>>,
    pub(crate) actors: Vec<Named<'d, ActorFront>>,
    pub(crate) articles: Vec<NamedArticle<'d>>,
    /// Event files, each with its event's id.
    pub(crate) events: Vec<(String, &'d ParsedEventFile)>,
}

/// Names every document. The three kinds are named side by side; problems
/// are reported sites, actors, then articles.
pub(crate) fn name_documents<'d>(documents: DocumentsByKind<'d>, r: &mut Resolver) -> NamedDocuments<'d> {
    let DocumentsByKind { sites: site_docs, actors: actor_docs, articles: article_docs, events: event_docs } = documents;
    let texts = r.texts();
    let ((named_sites, site_problems), ((named_actors, actor_problems), (named_articles, article_problems))) = rayon::join(
        || with_problems(texts, |r| name_entities(site_docs, "site", r)),
        || {
            rayon::join(
                || with_problems(texts, |r| name_entities(actor_docs, "actor", r)),
                || with_problems(texts, |r| name_articles(article_docs, r)),
            )
        },
    );
    r.problems.extend(site_problems.into_iter().chain(actor_problems).chain(article_problems));
    let named_events = name_by_file(event_docs, |doc| &doc.path, "event", r);
    NamedDocuments { sites: named_sites, actors: named_actors, articles: named_articles, events: named_events }
}

/// The id tables of the three kinds.
pub(crate) struct IdTables<'a> {
    pub(crate) sites: IdTable<'a>,
    pub(crate) actors: IdTable<'a>,
    pub(crate) articles: IdTable<'a>,
}

impl<'a> IdTables<'a> {
    /// `no_articles`: articles that failed to parse are not looked for (their slugs are unknown).
    pub(crate) fn new(named: &'a NamedDocuments, unparsed: &'a Unparsed, no_articles: &'a HashSet<String>) -> Self {
        let (sites, (actors, articles)) = rayon::join(
            || IdTable::new(named.sites.iter().map(|n| n.id.as_str()), &unparsed.sites),
            || {
                rayon::join(
                    || IdTable::new(named.actors.iter().map(|n| n.id.as_str()), &unparsed.actors),
                    || IdTable::new(named.articles.iter().map(|n| n.id.as_str()), no_articles),
                )
            },
        );
        IdTables { sites, actors, articles }
    }
}

/// An entity file with the id it gets.
pub(crate) struct Named<'a, F> {
    pub(crate) id: String,
    pub(crate) doc: &'a ParsedEntity<F>,
}

/// Assigns ids to site or actor files, reporting invalid and duplicate ones; sorted by id.
fn name_entities<'a, F>(docs: Vec<&'a ParsedEntity<F>>, noun: &str, r: &mut Resolver) -> Vec<Named<'a, F>> {
    name_by_file(docs, |doc| &doc.path, noun, r).into_iter().map(|(id, doc)| Named { id, doc }).collect()
}

/// Assigns ids to files named by their file names (sites, actors, event
/// files), reporting invalid and duplicate ones; sorted by id.
fn name_by_file<'a, D>(docs: Vec<&'a D>, path_of: fn(&D) -> &str, noun: &str, r: &mut Resolver) -> Vec<(String, &'a D)> {
    let mut named: Vec<(String, &D)> = Vec::with_capacity(docs.len());
    for doc in docs {
        let path = path_of(doc);
        let id = entity_id(path);
        let stem = file_stem(path);
        if id != stem {
            r.problems.push(
                Diagnostic::error(path, format!("file name `{stem}.md` is not a valid {noun} id"))
                    .with_code(Code::BadId)
                    .with_hint(format!("ids are lowercase letters, digits and single hyphens: rename it to `{id}.md`")),
            );
        } else if is_too_long(&id) {
            // Kept, so that references to it are not reported too; nothing is written.
            r.problems.push(
                Diagnostic::error(path, too_long_message(&format!("this file name (the {noun}'s id)"), &id))
                    .with_code(Code::BadId)
                    .with_hint("rename the file to a shorter name"),
            );
        }
        named.push((id.into_owned(), doc));
    }
    named.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| path_of(a.1).cmp(path_of(b.1))));
    report_duplicates(named.iter().map(|(id, doc)| (id.as_str(), path_of(doc), false)), noun, r);
    named.dedup_by(|later, earlier| later.0 == earlier.0);
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
                        .with_code(Code::DuplicateId)
                        .at(location)
                        .with_hint("ids are unique per kind: rename one of the two")
                        .with_related(Related { file: prev_path.to_string(), location: prev_location, note: "first defined here".into() }),
                );
            }
            _ => previous = Some((id, path, written_as_slug)),
        }
    }
}

/// An article with the id it gets.
pub(crate) struct NamedArticle<'a> {
    pub(crate) id: String,
    pub(crate) doc: &'a ParsedArticle,
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
                    r.problems.push(
                        Diagnostic::error(&doc.path, too_long_message("slug", &id))
                            .with_code(Code::BadId)
                            .at(location)
                            .with_hint("write a shorter one"),
                    );
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
                .with_code(Code::BadId)
                .at(locator.value(&doc.path, &[Step::Key("slug")]))
                .with_hint(format!("slugs are lowercase letters, digits and single hyphens, e.g. `{valid}`")))
        }
        None => {
            let slug = slugify(file_stem(&doc.path));
            if slug.is_empty() {
                return Err(Diagnostic::error(&doc.path, "cannot derive a slug from this file name")
                    .with_code(Code::BadId)
                    .with_hint("add `slug:` to the front matter"));
            }
            Ok(fit_derived(slug))
        }
    }
}
