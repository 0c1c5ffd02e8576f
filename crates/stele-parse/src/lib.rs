//! Stage 2: each source file on its own becomes a parsed document: typed
//! front matter, validated dates, Markdown rendered to HTML with its explicit
//! references located. Nothing here looks at other files.

pub mod frontmatter;
pub mod markdown;
pub mod mentions;
pub mod script_url;
pub mod yaml_locate;

use crate::frontmatter::{ActorFront, ArticleFront, Autolink, EntityFront, RawHtml, Recovered, SiteFront, Split};
use crate::markdown::{MarkdownOptions, MentionSettings, RefKind, RenderedMarkdown};
use crate::mentions::{MentionIndex, MentionTarget, NamedEntity};
use crate::script_url::ScriptScheme;
use crate::yaml_locate::{locate_value, LocatedYaml, Step};
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use stele_core::date::{DateError, DateWords, EdtfDate, PublicationDate};
use stele_core::diagnostics::{Code, Diagnostic, LineIndex, Location, Severity};
use stele_core::figures::{self, FigureKind, FigureValue};
use stele_core::kinds::DocumentKind;
use stele_core::model::EntityFacts;
use stele_core::source::SourceFile;

/// An explicit reference with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedRef {
    pub kind: RefKind,
    pub id: String,
    pub location: Location,
    /// Where `kind:id` ends, when it is known (not inside a YAML value).
    pub end: Option<Location>,
}

/// The first mention of an entity in an article body, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedMention {
    pub target: MentionTarget,
    pub location: Location,
    /// Where the name as written ends.
    pub end: Location,
    pub context: String,
}

/// An event file: the editors' record of an event; its body is the event's description.
#[derive(Debug, Clone)]
pub struct ParsedEventFile {
    pub path: String,
    pub front: frontmatter::EventFileFront,
    pub date: Option<EdtfDate>,
    pub body: RenderedMarkdown,
    pub body_refs: Vec<LocatedRef>,
}

#[derive(Debug, Clone)]
pub struct ParsedEvent {
    /// `None` when the entry leaves the date to an event file or another report.
    pub date: Option<EdtfDate>,
    /// The readable figures of `figures:`, kinds in listing order.
    pub figures: Vec<(FigureKind, FigureValue)>,
    pub description: Option<RenderedMarkdown>,
    pub description_refs: Vec<LocatedRef>,
}

#[derive(Debug, Clone)]
pub struct ParsedArticle {
    pub path: String,
    pub front: ArticleFront,
    pub date: PublicationDate,
    /// When the report was last revised (`updated:`), if it says; never before `date`.
    pub updated: Option<PublicationDate>,
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
    Event(Arc<ParsedEventFile>),
}

/// An entity document's kind, file and names: its `name`, then its aliases.
pub struct EntityNames<'a> {
    pub kind: RefKind,
    pub path: &'a str,
    pub names: Vec<&'a str>,
}

fn names_of<F: EntityFront>(doc: &ParsedEntity<F>) -> EntityNames<'_> {
    let names = std::iter::once(doc.front.name()).chain(doc.front.aliases().iter().map(String::as_str)).collect();
    EntityNames { kind: <F::Facts as EntityFacts>::REF, path: &doc.path, names }
}

impl ParsedDocument {
    /// The names an entity document gives (None for an article).
    pub fn entity_names(&self) -> Option<EntityNames<'_>> {
        match self {
            ParsedDocument::Site(site) => Some(names_of(site)),
            ParsedDocument::Actor(actor) => Some(names_of(actor)),
            ParsedDocument::Article(_) | ParsedDocument::Event(_) => None,
        }
    }

    /// The source file, relative to the project root.
    pub fn path(&self) -> &str {
        match self {
            ParsedDocument::Article(d) => &d.path,
            ParsedDocument::Site(d) => &d.path,
            ParsedDocument::Actor(d) => &d.path,
            ParsedDocument::Event(d) => &d.path,
        }
    }
}

/// What parsing one file gave: the document, unless nothing could be read
/// (a YAML syntax error, a missing required key), and every problem found.
/// A document with errors is kept when its front matter could be read past
/// them, so that resolving reports its references too; its errors still
/// fail the build.
#[derive(Debug)]
pub struct ParsedFile {
    pub document: Option<ParsedDocument>,
    pub problems: Vec<Diagnostic>,
}

impl ParsedFile {
    fn unreadable(problems: Vec<Diagnostic>) -> Self {
        ParsedFile { document: None, problems }
    }
}

/// Site-wide settings that change how documents are parsed.
#[derive(Debug, Clone, Copy)]
pub struct ParseSettings<'w> {
    pub raw_html: RawHtml,
    pub autolink: Autolink,
    /// The words dates are shown with (the site's language): dates are formatted once, here.
    pub dates: &'w DateWords,
}

/// Parsed documents from an earlier run, reused while their inputs are the
/// same (`stele serve` re-parses only what changed).
#[derive(Default)]
pub struct ParseCache {
    entries: HashMap<String, CachedDocument>,
    /// The settings the entries were parsed with; any change re-parses everything.
    settings: Option<(u8, u8, u64)>,
    /// Every (name, entity, file) articles could mention, as of the last parse.
    names: Vec<(String, RefKind, String, String)>,
    /// The mention index built from `names`, with its problems (ambiguous names).
    mention_index: Option<(MentionIndex, Vec<Diagnostic>)>,
    /// Paths known to have changed since the last parse (a watcher said so).
    /// None: unknown, so every text is compared with the one parsed before.
    known_changes: Option<BTreeSet<String>>,
    /// What the last parse changed: (before, after) per re-parsed document,
    /// or None when documents appeared, vanished or failed.
    last_edits: Option<Vec<(ParsedDocument, ParsedDocument)>>,
}

struct CachedDocument {
    text_hash: u64,
    document: ParsedDocument,
}

impl ParseCache {
    /// The next parse may trust that only these files changed since the last one.
    pub fn expect_changes(&mut self, changed: Option<BTreeSet<String>>) {
        self.known_changes = changed;
    }

    /// The documents the last parse replaced, each as (before, after), when
    /// that is all it did: the same files as before, all parsed without error.
    pub fn take_edits(&mut self) -> Option<Vec<(ParsedDocument, ParsedDocument)>> {
        self.last_edits.take()
    }
}

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Parses every document in parallel: sites and actors first, because their
/// names are what article bodies mention. Returns documents in input order
/// (entities, then articles) and every problem found. With a cache, a file
/// whose text is unchanged is not re-parsed, unless it is an article whose
/// text contains a name or alias that changed (mentions depend on those).
pub fn parse_all(files: &[SourceFile], settings: ParseSettings, mut cache: Option<&mut ParseCache>) -> (Vec<ParsedDocument>, Vec<Diagnostic>) {
    let (entity_files, article_files): (Vec<&SourceFile>, Vec<&SourceFile>) = files.iter().partition(|f| f.kind != DocumentKind::Article);
    let mut diagnostics = Vec::new();
    if let Some(cache) = cache.as_deref_mut() {
        let current = (settings.raw_html as u8, settings.autolink as u8, hash_of(settings.dates));
        if cache.settings != Some(current) {
            cache.entries.clear();
            cache.settings = Some(current);
        }
    }
    let known_changes = cache.as_deref_mut().and_then(|c| c.known_changes.take());
    if let Some(cache) = cache.as_deref_mut() {
        // A parse from scratch (first build, new settings) is no edit.
        cache.last_edits = (!cache.entries.is_empty()).then(Vec::new);
    }
    let unchanged = |f: &SourceFile, cached: &CachedDocument| match &known_changes {
        Some(changed) => !changed.contains(&f.path),
        None => cached.text_hash == hash_of(&f.text),
    };
    let mut documents = parse_with_cache(&entity_files, &unchanged, cache.as_deref_mut(), &mut diagnostics, |f| {
        parse_document(f, settings.raw_html, None, settings.dates)
    });
    let names = mention_names(&documents);
    // The automaton over 3,000 names costs more than parsing one edited file: keep it while no name changes.
    let kept_index = cache.as_deref_mut().filter(|c| c.names == names).and_then(|c| c.mention_index.take());
    let (index, problems) = kept_index.unwrap_or_else(|| mention_index(&documents));
    diagnostics.extend(problems.iter().cloned());
    let renamed = cache.as_deref_mut().and_then(|c| {
        let changed = changed_names(&c.names, &names);
        c.names = names;
        changed
    });
    let mentions = MentionSettings { index: &index, autolink: settings.autolink };
    let article_unchanged =
        |f: &SourceFile, cached: &CachedDocument| unchanged(f, cached) && renamed.as_ref().is_none_or(|names| !names.is_match(f.text.as_str()));
    let articles = parse_with_cache(&article_files, &article_unchanged, cache.as_deref_mut(), &mut diagnostics, |f| {
        parse_document(f, settings.raw_html, Some(mentions), settings.dates)
    });
    if let Some(cache) = cache.as_deref_mut() {
        cache.mention_index = Some((index, problems));
    }
    if let Some(cache) = cache.filter(|c| c.entries.len() > files.len()) {
        // Files that are gone.
        let present: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        cache.entries.retain(|path, _| present.contains(path.as_str()));
        cache.last_edits = None;
    }
    documents.extend(articles);
    (documents, diagnostics)
}

fn parse_with_cache(
    files: &[&SourceFile],
    unchanged: &(impl Fn(&SourceFile, &CachedDocument) -> bool + Sync),
    cache: Option<&mut ParseCache>,
    diagnostics: &mut Vec<Diagnostic>,
    parse: impl Fn(&SourceFile) -> ParsedFile + Sync,
) -> Vec<ParsedDocument> {
    let Some(cache) = cache else {
        return collect(files.par_iter().map(|f| parse(f)).collect(), diagnostics);
    };
    // Reused documents are shared (`Arc`), so a hit costs a reference count.
    let results: Vec<Option<ParsedFile>> = files
        .par_iter()
        .map(|f| match cache.entries.get(&f.path) {
            Some(cached) if unchanged(f, cached) => None,
            _ => Some(parse(f)),
        })
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for (file, result) in files.iter().zip(results) {
        match result {
            None => {
                if let Some(cached) = cache.entries.get(&file.path) {
                    documents.push(cached.document.clone());
                }
            }
            Some(ParsedFile { document: Some(document), problems }) if problems.is_empty() => {
                let cached = CachedDocument { text_hash: hash_of(&file.text), document: document.clone() };
                let before = cache.entries.insert(file.path.clone(), cached);
                match (before, cache.last_edits.as_mut()) {
                    (Some(before), Some(edits)) => edits.push((before.document, document.clone())),
                    _ => cache.last_edits = None,
                }
                documents.push(document);
            }
            // A document with problems is parsed again next time, and the
            // model is then resolved in full (`patch` takes only documents without any).
            Some(ParsedFile { document, mut problems }) => {
                cache.entries.remove(&file.path);
                cache.last_edits = None;
                diagnostics.append(&mut problems);
                documents.extend(document);
            }
        }
    }
    documents
}

/// Every (name or alias, kind, entity id, file) an article could mention, sorted.
fn mention_names(documents: &[ParsedDocument]) -> Vec<(String, RefKind, String, String)> {
    let mut names = Vec::new();
    for entity in documents.iter().filter_map(ParsedDocument::entity_names) {
        let id = stele_core::ids::file_stem(entity.path).to_string();
        for text in entity.names {
            names.push((text.to_string(), entity.kind, id.clone(), entity.path.to_string()));
        }
    }
    names.sort();
    names
}

/// A matcher for every name whose entity changed (added, removed, renamed,
/// moved to another id). An article whose text contains none of them links
/// exactly the same mentions as before: matching only ever looks at names
/// that occur in the text. None when nothing changed.
fn changed_names(before: &[(String, RefKind, String, String)], after: &[(String, RefKind, String, String)]) -> Option<AhoCorasick> {
    let mut changed: Vec<&str> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < before.len() || j < after.len() {
        match (before.get(i), after.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                changed.push(&a.0);
                i += 1;
            }
            (Some(_), Some(b)) | (None, Some(b)) => {
                changed.push(&b.0);
                j += 1;
            }
            (Some(a), None) => {
                changed.push(&a.0);
                i += 1;
            }
            (None, None) => break,
        }
    }
    if changed.is_empty() {
        return None;
    }
    // Mentions also find a name in its other forms (Arabic after ل).
    let changed: Vec<&str> = changed.into_iter().flat_map(mentions::match_forms).collect();
    // If the matcher cannot be built, treat every article as affected.
    Some(AhoCorasick::new(&changed).unwrap_or_else(|_| AhoCorasick::new([""]).expect("the empty pattern always builds")))
}

fn collect(results: Vec<ParsedFile>, diagnostics: &mut Vec<Diagnostic>) -> Vec<ParsedDocument> {
    let mut documents = Vec::with_capacity(results.len());
    for ParsedFile { document, mut problems } in results {
        documents.extend(document);
        diagnostics.append(&mut problems);
    }
    documents
}

/// The names and aliases of every parsed site and actor.
pub fn mention_index(documents: &[ParsedDocument]) -> (MentionIndex, Vec<Diagnostic>) {
    let entities: Vec<NamedEntity> = documents
        .iter()
        .filter_map(ParsedDocument::entity_names)
        .map(|entity| NamedEntity { kind: entity.kind, id: stele_core::ids::file_stem(entity.path), path: entity.path, names: entity.names })
        .collect();
    MentionIndex::build(&entities)
}

pub fn parse_document(file: &SourceFile, raw_html: RawHtml, mentions: Option<MentionSettings>, dates: &DateWords) -> ParsedFile {
    let split = match frontmatter::split(&file.text) {
        Ok(split) => split,
        Err(message) => {
            return ParsedFile::unreadable(vec![Diagnostic::error(&file.path, message)
                .at(Some(Location::new(1, 1)))
                .with_code(Code::MissingFrontMatter)])
        }
    };
    let options = MarkdownOptions { raw_html, root: stele_core::urls::BODY_ROOT, mentions: None };
    match file.kind {
        DocumentKind::Article => parse_article(file, split, options, mentions, dates),
        DocumentKind::Site => parse_entity(file, split, options, |e| ParsedDocument::Site(Arc::new(e))),
        DocumentKind::Actor => parse_entity(file, split, options, |e| ParsedDocument::Actor(Arc::new(e))),
        DocumentKind::Event => parse_event_file(file, split, options),
    }
}

fn parse_front<T: serde::de::DeserializeOwned>(file: &SourceFile, split: &Split) -> Recovered<T> {
    frontmatter::read_yaml(split.yaml, &file.path, split.yaml_first_line)
}

/// A rendered body with its references and mentions located.
type LocatedBody = (RenderedMarkdown, Vec<LocatedRef>, Vec<LocatedMention>);

/// Renders a body; links to script addresses are errors at the address
/// (the document still goes on, so that its references are checked too).
fn render_body(file: &SourceFile, split: &Split, options: MarkdownOptions, problems: &mut Vec<Diagnostic>) -> LocatedBody {
    let body = markdown::render(split.body, options);
    if body.refs.is_empty() && body.mentions.is_empty() && body.script_links.is_empty() {
        return (body, Vec::new(), Vec::new());
    }
    let index = LineIndex::new(&file.text);
    let locate = |offset: usize| index.location(&file.text, split.body_offset + offset);
    problems.extend(body.script_links.iter().map(|link| script_link_diagnostic(file, Some(locate(link.offset)), link.scheme)));
    let refs = body
        .refs
        .iter()
        .map(|r| {
            let written = r.kind.scheme().len() + 1 + r.id.len();
            LocatedRef { kind: r.kind, id: r.id.clone(), location: locate(r.offset), end: Some(locate(r.offset + written)) }
        })
        .collect();
    let mentions = body
        .mentions
        .iter()
        .map(|m| LocatedMention { target: m.target.clone(), location: locate(m.offset), end: locate(m.offset + m.len), context: m.context.clone() })
        .collect();
    (body, refs, mentions)
}

/// A Markdown link whose address would run script.
fn script_link_diagnostic(file: &SourceFile, location: Option<Location>, scheme: ScriptScheme) -> Diagnostic {
    Diagnostic::error(&file.path, format!("link to {}, which would run a script", scheme.describe()))
        .at(location)
        .with_hint(script_url::HINT)
        .with_code(Code::ScriptLink)
}

/// A front-matter address that templates print as a link and that would run script.
fn script_url_diagnostic(file: &SourceFile, split: &Split, path: &[Step], url: Option<&str>) -> Option<Diagnostic> {
    let scheme = script_url::script_scheme(url?)?;
    let message = format!("`url` is {}, which would run a script", scheme.describe());
    Some(
        Diagnostic::error(&file.path, message)
            .at(locate_value(split.yaml, split.yaml_first_line, path))
            .with_hint(script_url::HINT)
            .with_code(Code::ScriptLink),
    )
}

fn parse_entity<F: serde::de::DeserializeOwned>(
    file: &SourceFile,
    split: Split,
    options: MarkdownOptions,
    document: impl FnOnce(ParsedEntity<F>) -> ParsedDocument,
) -> ParsedFile {
    let Recovered { value, mut problems } = parse_front(file, &split);
    let Some(front) = value else { return ParsedFile::unreadable(problems) };
    let (body, body_refs, _) = render_body(file, &split, options, &mut problems);
    ParsedFile { document: Some(document(ParsedEntity { path: file.path.clone(), front, body, body_refs })), problems }
}

/// An event file: its front matter, its date read, its body rendered.
fn parse_event_file(file: &SourceFile, split: Split, options: MarkdownOptions) -> ParsedFile {
    let Recovered { value, mut problems } = parse_front::<frontmatter::EventFileFront>(file, &split);
    let Some(front) = value else { return ParsedFile::unreadable(problems) };
    let date = front.date.as_ref().map(|text| {
        EdtfDate::parse(&text.0).unwrap_or_else(|err| {
            problems.push(date_diagnostic(file, &split, &[Step::Key("date")], err));
            EdtfDate::unreadable(&text.0)
        })
    });
    for (j, source) in front.sources.iter().enumerate() {
        let path = [Step::Key("sources"), Step::Index(j), Step::Key("url")];
        problems.extend(script_url_diagnostic(file, &split, &path, source.url.as_deref()));
    }
    let (body, body_refs, _) = render_body(file, &split, options, &mut problems);
    let event = ParsedEventFile { path: file.path.clone(), front, date, body, body_refs };
    ParsedFile { document: Some(ParsedDocument::Event(Arc::new(event))), problems }
}

fn date_diagnostic(file: &SourceFile, split: &Split, path: &[Step], err: DateError) -> Diagnostic {
    let span = LocatedYaml::read(split.yaml, split.yaml_first_line).value(path);
    Diagnostic::error(&file.path, err.to_string()).at(span.map(|span| span.start)).until(span.and_then(|span| span.end)).with_code(Code::BadDate)
}

/// A hint at each negative year of a date, saying which year before the
/// common era it means (EDTF counts a year 0), unless a comment on the
/// date's line names that year (`date: -0272  # 273 BCE`): the editor checked.
fn bce_hints(file: &SourceFile, split: &Split, path: &[Step], written: &str) -> Vec<Diagnostic> {
    let years = stele_core::bce::negative_years(written);
    if years.is_empty() {
        return Vec::new();
    }
    let span = LocatedYaml::read(split.yaml, split.yaml_first_line).value(path);
    let comment = span
        .and_then(|span| {
            let line = file.text.lines().nth(span.start.line.checked_sub(1)? as usize)?;
            let after_value: String = line.chars().skip(span.start.column.saturating_sub(1) as usize).collect();
            Some(after_value.split_once(" #").map(|(_, comment)| comment.to_string()).unwrap_or_default())
        })
        .unwrap_or_default();
    years
        .iter()
        .filter(|year| !year.is_named_in(&comment))
        .map(|year| {
            let message = format!("`{}` is {} BCE: ISO 8601 and EDTF count a year 0 (`0000` is 1 BCE)", year.written, year.bce);
            let hint = format!(
                "for {} BCE write `{}`; once checked, name the year in a comment on this line (`# {} BCE`) and this hint goes away",
                year.bce - 1,
                year.without_year_zero(),
                year.bce
            );
            Diagnostic::new(Severity::Hint, &file.path, message)
                .at(span.map(|span| span.start))
                .until(span.and_then(|span| span.end))
                .with_hint(hint)
                .with_code(Code::BceYear)
        })
        .collect()
}

/// An article's `updated:`, read like `date:`; one before the publication
/// date is an error at its value (and is dropped).
fn parse_updated(
    file: &SourceFile,
    split: &Split,
    written: Option<&frontmatter::DateText>,
    published: &PublicationDate,
    dates: &DateWords,
    problems: &mut Vec<Diagnostic>,
) -> Option<PublicationDate> {
    let updated = match PublicationDate::parse_in(&written?.0, dates) {
        Ok(updated) => updated,
        Err(err) => {
            problems.push(date_diagnostic(file, split, &[Step::Key("updated")], err));
            return None;
        }
    };
    if updated.is_before(published) {
        let span = LocatedYaml::read(split.yaml, split.yaml_first_line).value(&[Step::Key("updated")]);
        let message = format!("`updated: {}` is before the publication date `{}`", updated.machine(), published.machine());
        problems.push(
            Diagnostic::error(&file.path, message)
                .with_code(Code::BadDate)
                .at(span.map(|span| span.start))
                .until(span.and_then(|span| span.end))
                .with_hint("`updated` is when the report was last revised: give a date and time no earlier than `date`"),
        );
        return None;
    }
    Some(updated)
}

/// An event's `figures:`: each kind and value read, or reported at its
/// place (and left out). A free kind near a listed one gets a warning.
fn parse_figures(
    file: &SourceFile,
    split: &Split,
    event: usize,
    written: &BTreeMap<String, frontmatter::FigureText>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(FigureKind, FigureValue)> {
    let mut figures = Vec::with_capacity(written.len());
    for (key, text) in written {
        let path = [Step::Key("events"), Step::Index(event), Step::Key("figures"), Step::Key(key)];
        let Some(kind) = FigureKind::new(key) else {
            let hint = format!("figure kinds are lowercase words joined by `_`, e.g. `{}`", figures::suggested_kind_key(key));
            let message = format!("figure kind `{key}` is not a key stele can use");
            problems.push(figure_diagnostic(file, split, &path, false, message, hint));
            continue;
        };
        if !kind.is_listed() {
            if let Some(near) = stele_core::suggest::did_you_mean(key, figures::LISTED_KINDS.iter().map(|(listed, _)| *listed)) {
                let message = format!("figure kind `{key}` is not a listed kind; it is shown as \"{}\"", kind.label());
                let hint = format!("did you mean `{near}`? Other kinds are fine when no listed kind fits");
                // A typo would otherwise make a kind of its own, summed apart.
                let warning = figure_diagnostic(file, split, &path, false, message, hint);
                problems.push(Diagnostic { severity: Severity::Warning, ..warning }.with_code(Code::UnknownKey));
            }
        }
        match FigureValue::parse(&text.0) {
            Ok(value) => figures.push((kind, value)),
            Err(err) => problems.push(figure_diagnostic(file, split, &path, true, err.to_string(), err.hint())),
        }
    }
    figures.sort_by(|a, b| a.0.cmp(&b.0));
    figures
}

/// A problem with a figure, at its value or (`at_value` false) its key.
fn figure_diagnostic(file: &SourceFile, split: &Split, path: &[Step], at_value: bool, message: String, hint: String) -> Diagnostic {
    let located = LocatedYaml::read(split.yaml, split.yaml_first_line);
    let span = if at_value { located.value(path) } else { located.key(path) };
    Diagnostic::error(&file.path, message)
        .at(span.map(|span| span.start))
        .until(span.and_then(|span| span.end))
        .with_hint(hint)
        .with_code(Code::BadFigure)
}

fn parse_article(file: &SourceFile, split: Split, options: MarkdownOptions, mentions: Option<MentionSettings>, dates: &DateWords) -> ParsedFile {
    let Recovered { value, mut problems } = parse_front::<ArticleFront>(file, &split);
    let Some(front) = value else { return ParsedFile::unreadable(problems) };
    // A date that cannot be read is reported and stood in for, so that the
    // rest of the article (its references) is checked too.
    let date = PublicationDate::parse_in(&front.date.0, dates).unwrap_or_else(|err| {
        problems.push(date_diagnostic(file, &split, &[Step::Key("date")], err));
        PublicationDate::unreadable()
    });
    let updated = parse_updated(file, &split, front.updated.as_ref(), &date, dates, &mut problems);
    let source_url = front.source.as_ref().and_then(|source| source.url.as_deref());
    problems.extend(script_url_diagnostic(file, &split, &[Step::Key("source"), Step::Key("url")], source_url));

    let mut events = Vec::with_capacity(front.events.len());
    for (i, event) in front.events.iter().enumerate() {
        let date_path = [Step::Key("events"), Step::Index(i), Step::Key("date")];
        let date = event.date.as_ref().map(|text| match EdtfDate::parse_in(&text.0, dates) {
            Ok(date) => {
                problems.extend(bce_hints(file, &split, &date_path, &text.0));
                date
            }
            Err(err) => {
                problems.push(date_diagnostic(file, &split, &date_path, err));
                EdtfDate::unreadable(&text.0)
            }
        });
        for (j, source) in event.sources.iter().enumerate() {
            let path = [Step::Key("events"), Step::Index(i), Step::Key("sources"), Step::Index(j), Step::Key("url")];
            problems.extend(script_url_diagnostic(file, &split, &path, source.url.as_deref()));
        }
        let description = event.description.as_deref().map(|text| markdown::render(text, options));
        let description_location = || {
            let path = [Step::Key("events"), Step::Index(i), Step::Key("description")];
            locate_value(split.yaml, split.yaml_first_line, &path).unwrap_or(Location::new(1, 1))
        };
        let description_refs = match &description {
            Some(rendered) if !rendered.refs.is_empty() || !rendered.script_links.is_empty() => {
                // Offsets within a YAML value do not map back to the file: the value is located.
                let location = description_location();
                problems.extend(rendered.script_links.iter().map(|link| script_link_diagnostic(file, Some(location), link.scheme)));
                rendered.refs.iter().map(|r| LocatedRef { kind: r.kind, id: r.id.clone(), location, end: None }).collect()
            }
            _ => Vec::new(),
        };
        let figures = parse_figures(file, &split, i, &event.figures, &mut problems);
        events.push(ParsedEvent { date, figures, description, description_refs });
    }

    let mut quote_dates = Vec::with_capacity(front.quotes.len());
    for (i, quote) in front.quotes.iter().enumerate() {
        let parsed = quote.date.as_ref().map(|text| {
            let path = [Step::Key("quotes"), Step::Index(i), Step::Key("date")];
            let parsed = EdtfDate::parse_in(&text.0, dates).map_err(|err| problems.push(date_diagnostic(file, &split, &path, err)));
            if parsed.is_ok() {
                problems.extend(bce_hints(file, &split, &path, &text.0));
            }
            parsed
        });
        quote_dates.push(parsed.and_then(Result::ok));
    }

    let mentions = mentions.map(|m| MentionSettings { autolink: front.autolink.unwrap_or(m.autolink), ..m });
    let (body, body_refs, mentions) = render_body(file, &split, MarkdownOptions { mentions, ..options }, &mut problems);
    let article = ParsedArticle { path: file.path.clone(), front, date, updated, events, quote_dates, body, body_refs, mentions };
    ParsedFile { document: Some(ParsedDocument::Article(Arc::new(article))), problems }
}
