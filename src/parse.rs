//! Stage 2: each source file on its own becomes a parsed document: typed
//! front matter, validated dates, Markdown rendered to HTML with its explicit
//! references located. Nothing here looks at other files.

use crate::date::{DateError, EdtfDate, PublicationDate};
use crate::diagnostics::{Diagnostic, LineIndex, Location};
use crate::frontmatter::{self, ActorFront, ArticleFront, Autolink, RawHtml, SiteFront, Split};
use crate::load::{DocumentKind, SourceFile};
use crate::markdown::{self, MarkdownOptions, MentionSettings, RefKind, RenderedMarkdown};
use crate::mentions::{MentionIndex, MentionTarget, NamedEntity};
use crate::yaml_locate::{locate_value, Step};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// Every rendered body lives on a page two folders deep (`articles/<slug>/`,
/// `sites/<id>/`, `actors/<id>/`, `events/<id>/`).
pub const BODY_ROOT: &str = "../../";

/// An explicit reference with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedRef {
    pub kind: RefKind,
    pub id: String,
    pub location: Location,
}

/// The first mention of an entity in an article body, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedMention {
    pub target: MentionTarget,
    pub location: Location,
    pub context: String,
}

#[derive(Debug, Clone)]
pub struct ParsedEvent {
    pub date: EdtfDate,
    pub description: Option<RenderedMarkdown>,
    pub description_refs: Vec<LocatedRef>,
}

#[derive(Debug, Clone)]
pub struct ParsedArticle {
    pub path: String,
    pub front: ArticleFront,
    pub date: PublicationDate,
    /// Parsed dates and descriptions, index for index with `front.events`.
    pub events: Vec<ParsedEvent>,
    pub quote_dates: Vec<Option<EdtfDate>>,
    pub body: RenderedMarkdown,
    pub body_refs: Vec<LocatedRef>,
    pub mentions: Vec<LocatedMention>,
}

#[derive(Debug, Clone)]
pub struct ParsedEntity<F> {
    pub path: String,
    pub front: F,
    pub body: RenderedMarkdown,
    pub body_refs: Vec<LocatedRef>,
}

/// Shared, so that a rebuild reuses an unchanged document without copying it.
#[derive(Debug, Clone)]
pub enum ParsedDocument {
    Article(Arc<ParsedArticle>),
    Site(Arc<ParsedEntity<SiteFront>>),
    Actor(Arc<ParsedEntity<ActorFront>>),
}

/// Site-wide settings that change how documents are parsed.
#[derive(Debug, Clone, Copy)]
pub struct ParseSettings {
    pub raw_html: RawHtml,
    pub autolink: Autolink,
}

/// Parsed documents from an earlier run, reused while their inputs are the
/// same (`stele serve` re-parses only what changed).
#[derive(Default)]
pub struct ParseCache {
    entries: HashMap<String, (u64, ParsedDocument)>,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Parses every document in parallel: sites and actors first, because their
/// names are what article bodies mention. Returns documents in input order
/// (entities, then articles) and every problem found. With a cache, a file
/// whose text (and, for articles, the set of names) is unchanged is not re-parsed.
pub fn parse_all(files: &[SourceFile], settings: ParseSettings, mut cache: Option<&mut ParseCache>) -> (Vec<ParsedDocument>, Vec<Diagnostic>) {
    let (entity_files, article_files): (Vec<&SourceFile>, Vec<&SourceFile>) =
        files.iter().partition(|f| f.kind != DocumentKind::Article);
    let mut diagnostics = Vec::new();
    let entity_key = |f: &SourceFile| hash_of((&f.text, settings.raw_html as u8));
    let mut documents = parse_with_cache(&entity_files, entity_key, cache.as_deref_mut(), &mut diagnostics, |f| {
        parse_document(f, settings.raw_html, None)
    });
    let (index, problems) = mention_index(&documents);
    diagnostics.extend(problems);
    let names = names_fingerprint(&documents);
    let mentions = MentionSettings { index: &index, autolink: settings.autolink };
    let article_key = |f: &SourceFile| hash_of((&f.text, settings.raw_html as u8, settings.autolink as u8, names));
    let articles = parse_with_cache(&article_files, article_key, cache, &mut diagnostics, |f| {
        parse_document(f, settings.raw_html, Some(mentions))
    });
    documents.extend(articles);
    (documents, diagnostics)
}

fn parse_with_cache(
    files: &[&SourceFile],
    key: impl Fn(&SourceFile) -> u64 + Sync,
    cache: Option<&mut ParseCache>,
    diagnostics: &mut Vec<Diagnostic>,
    parse: impl Fn(&SourceFile) -> Result<ParsedDocument, Vec<Diagnostic>> + Sync,
) -> Vec<ParsedDocument> {
    let Some(cache) = cache else {
        return collect(files.par_iter().map(|f| parse(f)).collect(), diagnostics);
    };
    let results: Vec<(u64, Result<ParsedDocument, Vec<Diagnostic>>)> = files
        .par_iter()
        .map(|f| {
            let key = key(f);
            match cache.entries.get(&f.path) {
                Some((cached_key, doc)) if *cached_key == key => (key, Ok(doc.clone())),
                _ => (key, parse(f)),
            }
        })
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for (file, (key, result)) in files.iter().zip(results) {
        match result {
            Ok(doc) => {
                cache.entries.insert(file.path.clone(), (key, doc.clone()));
                documents.push(doc);
            }
            Err(mut problems) => {
                cache.entries.remove(&file.path);
                diagnostics.append(&mut problems);
            }
        }
    }
    documents
}

/// Changes whenever a name or alias an article could mention changes.
fn names_fingerprint(documents: &[ParsedDocument]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for doc in documents {
        match doc {
            ParsedDocument::Site(s) => (0u8, &s.path, &s.front.name, &s.front.aliases).hash(&mut hasher),
            ParsedDocument::Actor(a) => (1u8, &a.path, &a.front.name, &a.front.aliases).hash(&mut hasher),
            ParsedDocument::Article(_) => {}
        }
    }
    hasher.finish()
}

fn collect(results: Vec<Result<ParsedDocument, Vec<Diagnostic>>>, diagnostics: &mut Vec<Diagnostic>) -> Vec<ParsedDocument> {
    let mut documents = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(doc) => documents.push(doc),
            Err(mut problems) => diagnostics.append(&mut problems),
        }
    }
    documents
}

/// The names and aliases of every parsed site and actor.
pub fn mention_index(documents: &[ParsedDocument]) -> (MentionIndex, Vec<Diagnostic>) {
    let entities: Vec<NamedEntity> = documents
        .iter()
        .filter_map(|doc| {
            let (kind, path, name, aliases) = match doc {
                ParsedDocument::Site(s) => (RefKind::Site, &s.path, &s.front.name, &s.front.aliases),
                ParsedDocument::Actor(a) => (RefKind::Actor, &a.path, &a.front.name, &a.front.aliases),
                ParsedDocument::Article(_) => return None,
            };
            let names = std::iter::once(name.as_str()).chain(aliases.iter().map(String::as_str)).collect();
            Some(NamedEntity { kind, id: crate::ids::file_stem(path), path, names })
        })
        .collect();
    MentionIndex::build(&entities)
}

pub fn parse_document(file: &SourceFile, raw_html: RawHtml, mentions: Option<MentionSettings>) -> Result<ParsedDocument, Vec<Diagnostic>> {
    let split = frontmatter::split(&file.text)
        .map_err(|message| vec![Diagnostic::error(&file.path, message).at(Some(Location::new(1, 1)))])?;
    let options = MarkdownOptions { raw_html, root: BODY_ROOT, mentions: None };
    match file.kind {
        DocumentKind::Article => parse_article(file, split, options, mentions).map(|a| ParsedDocument::Article(Arc::new(a))),
        DocumentKind::Site => parse_entity(file, split, options).map(|e| ParsedDocument::Site(Arc::new(e))),
        DocumentKind::Actor => parse_entity(file, split, options).map(|e| ParsedDocument::Actor(Arc::new(e))),
    }
}

fn parse_front<T: for<'de> serde::Deserialize<'de>>(file: &SourceFile, split: &Split) -> Result<T, Vec<Diagnostic>> {
    frontmatter::parse_yaml(split.yaml, &file.path, split.yaml_first_line)
}

fn render_body(file: &SourceFile, split: &Split, options: MarkdownOptions) -> (RenderedMarkdown, Vec<LocatedRef>, Vec<LocatedMention>) {
    let body = markdown::render(split.body, options);
    if body.refs.is_empty() && body.mentions.is_empty() {
        return (body, Vec::new(), Vec::new());
    }
    let index = LineIndex::new(&file.text);
    let locate = |offset: usize| index.location(&file.text, split.body_offset + offset);
    let refs = body.refs.iter().map(|r| LocatedRef { kind: r.kind, id: r.id.clone(), location: locate(r.offset) }).collect();
    let mentions = body
        .mentions
        .iter()
        .map(|m| LocatedMention { target: m.target.clone(), location: locate(m.offset), context: m.context.clone() })
        .collect();
    (body, refs, mentions)
}

fn parse_entity<F: for<'de> serde::Deserialize<'de>>(
    file: &SourceFile,
    split: Split,
    options: MarkdownOptions,
) -> Result<ParsedEntity<F>, Vec<Diagnostic>> {
    let front = parse_front(file, &split)?;
    let (body, body_refs, _) = render_body(file, &split, options);
    Ok(ParsedEntity { path: file.path.clone(), front, body, body_refs })
}

fn date_diagnostic(file: &SourceFile, split: &Split, path: &[Step], err: DateError) -> Diagnostic {
    Diagnostic::error(&file.path, err.to_string()).at(locate_value(split.yaml, split.yaml_first_line, path))
}

fn parse_article(
    file: &SourceFile,
    split: Split,
    options: MarkdownOptions,
    mentions: Option<MentionSettings>,
) -> Result<ParsedArticle, Vec<Diagnostic>> {
    let front: ArticleFront = parse_front(file, &split)?;
    let mut problems = Vec::new();
    let date = PublicationDate::parse(&front.date.0)
        .map_err(|err| problems.push(date_diagnostic(file, &split, &[Step::Key("date")], err)))
        .ok();

    let mut events = Vec::with_capacity(front.events.len());
    for (i, event) in front.events.iter().enumerate() {
        let date_path = [Step::Key("events"), Step::Index(i), Step::Key("date")];
        let date = EdtfDate::parse(&event.date.0).map_err(|err| problems.push(date_diagnostic(file, &split, &date_path, err)));
        let description = event.description.as_deref().map(|text| markdown::render(text, options));
        let description_refs = match &description {
            Some(rendered) if !rendered.refs.is_empty() => {
                let path = [Step::Key("events"), Step::Index(i), Step::Key("description")];
                let location = locate_value(split.yaml, split.yaml_first_line, &path).unwrap_or(Location::new(1, 1));
                rendered.refs.iter().map(|r| LocatedRef { kind: r.kind, id: r.id.clone(), location }).collect()
            }
            _ => Vec::new(),
        };
        if let Ok(date) = date {
            events.push(ParsedEvent { date, description, description_refs });
        }
    }

    let mut quote_dates = Vec::with_capacity(front.quotes.len());
    for (i, quote) in front.quotes.iter().enumerate() {
        let parsed = quote.date.as_ref().map(|text| {
            EdtfDate::parse(&text.0).map_err(|err| {
                let path = [Step::Key("quotes"), Step::Index(i), Step::Key("date")];
                problems.push(date_diagnostic(file, &split, &path, err))
            })
        });
        quote_dates.push(parsed.and_then(Result::ok));
    }

    let Some(date) = date.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    let mentions = mentions.map(|m| MentionSettings { autolink: front.autolink.unwrap_or(m.autolink), ..m });
    let (body, body_refs, mentions) = render_body(file, &split, MarkdownOptions { mentions, ..options });
    Ok(ParsedArticle { path: file.path.clone(), front, date, events, quote_dates, body, body_refs, mentions })
}
