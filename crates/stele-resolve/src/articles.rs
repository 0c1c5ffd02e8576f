//! One article on its own: its lists and quotes looked up, its summary,
//! its body mentions (with a hint for each entity mentioned but not
//! listed), and its events and links prepared for the steps that need
//! every article.

use crate::events::{self, EventEntry};
use crate::ids::KnownIds;
use crate::links::{self, LinkCheck};
use crate::naming::NamedArticle;
use crate::order::ArticleOrder;
use crate::report::Resolver;
use crate::texts::{NoTexts, SourceTexts};
use crate::MissingAnnotation;
use rayon::prelude::*;
use stele_core::diagnostics::{Code, Diagnostic, Severity};
use stele_core::kinds::RefKind;
use stele_core::model::{ActorIx, Article, ArticleIx, EntityMention, EntityRef, Quote, SiteIx, Source};
use stele_parse::yaml_locate::Step;
use stele_parse::ParsedArticle;

/// What the per-article parallel pass produces besides the `Article` itself.
pub(crate) struct ArticleWork<'d> {
    /// Diagnostics of the article's own lists and body mentions.
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) missing_annotations: Vec<MissingAnnotation>,
    pub(crate) events: Vec<EventEntry<'d>>,
    pub(crate) links: Vec<LinkCheck<'d>>,
}

impl<'d> events::EventEntries<'d> for ArticleWork<'d> {
    fn event_entries(&self) -> &[EventEntry<'d>] {
        &self.events
    }
    fn event_entries_mut(&mut self) -> &mut [EventEntry<'d>] {
        &mut self.events
    }
}

impl<'d> links::ArticleLinks<'d> for ArticleWork<'d> {
    fn take_links(&mut self) -> Vec<LinkCheck<'d>> {
        std::mem::take(&mut self.links)
    }
}

/// Every article on its own, in parallel and in path order; diagnostics are
/// kept per article, to be reported in the order of the serial steps.
pub(crate) fn resolve_articles<'d>(
    named: &[NamedArticle<'d>],
    order: &ArticleOrder,
    known: &KnownIds,
    texts: &dyn SourceTexts,
) -> (Vec<Article>, Vec<ArticleWork<'d>>) {
    order.by_path.par_iter().map(|&ix| resolve_article(&named[ix], order.position[ix], &order.position, known, texts)).unzip()
}

/// Reports the problems of the articles' own lists and body mentions, in id order.
pub(crate) fn report_article_problems(work: &mut [ArticleWork], order: &ArticleOrder, r: &mut Resolver) {
    for &rank in &order.path_rank {
        let work = &mut work[rank];
        r.problems.append(&mut work.problems);
        r.missing_annotations.append(&mut work.missing_annotations);
    }
}

/// Everything about one article that needs no other article: its lists
/// Whether the summary is the body's opening: no summary written (the first
/// paragraph is the summary), or the first paragraph starts with the written
/// one's words (whitespace and a closing full stop or ellipsis aside).
pub(crate) fn summary_opens_body(written: Option<&str>, first_paragraph: Option<&str>) -> bool {
    let Some(written) = written else { return true };
    let Some(first_paragraph) = first_paragraph else { return false };
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let written = words(written);
    let written = written.trim_end_matches(['.', '…']);
    !written.is_empty() && words(first_paragraph).starts_with(written)
}

/// looked up, quotes, summary, body mentions, and its events and links
/// prepared for the steps that need every article.
fn resolve_article<'d>(
    named: &NamedArticle<'d>,
    final_ix: ArticleIx,
    final_position: &[ArticleIx],
    targets: &KnownIds,
    texts: &dyn SourceTexts,
) -> (Article, ArticleWork<'d>) {
    let (site_ids, actor_ids) = (targets.sites, targets.actors);
    let doc = named.doc;
    let f = &doc.front;
    let path = doc.path.as_str();

    let events = events::prepare_events(doc, targets, texts);

    let mut r = Resolver::new(texts);
    let article_sites = r.lookup_all(site_ids, "site", &f.sites, path, &[Step::Key("sites")]);
    let article_actors = r.lookup_all(actor_ids, "actor", &f.actors, path, &[Step::Key("actors")]);
    let mut quotes = Vec::new();
    for (qi, quote) in f.quotes.iter().enumerate() {
        let by_path = [Step::Key("quotes"), Step::Index(qi), Step::Key("by")];
        if let Some(by) = r.lookup(actor_ids, "actor", &quote.by, path, &by_path) {
            quotes.push(Quote { by, text: quote.text.clone(), date: doc.quote_dates.get(qi).cloned().flatten(), article: final_ix });
        }
    }
    let language = f.language.clone().filter(|language| crate::languages::check_tag(language, path, &[Step::Key("language")], &mut r));
    let translation_of = f
        .translation_of
        .as_deref()
        .and_then(|id| r.lookup(targets.articles, "report", id, path, &[Step::Key("translation_of")]))
        .map(|ix| final_position[ix]);
    let summary = f.summary.clone().or_else(|| doc.body.first_paragraph.clone());
    if summary.is_none() {
        r.problems.push(
            Diagnostic::warning(path, "article has no summary and no first paragraph")
                .with_code(Code::NoSummary)
                .with_hint("add `summary:` to the front matter"),
        );
    }
    let mut article = Article {
        id: named.id.clone(),
        path: doc.path.clone(),
        title: f.title.clone(),
        date: doc.date.clone(),
        updated: doc.updated.clone(),
        summary_opens_body: summary_opens_body(f.summary.as_deref(), doc.body.first_paragraph.as_deref()),
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
        moved_from: crate::moves::valid_old_ids(&f.moved_from),
        mentions: Vec::new(),
        language,
        translation_of,
        translations: Vec::new(),
    };
    article.mentions = resolve_mentions(doc, |id| site_ids.get(id), |id| actor_ids.get(id), &article, &mut r);
    let links = links::links_before_events(doc, targets);
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
                Diagnostic::new(Severity::Hint, &doc.path, format!("the body mentions {noun} `{}`, which is not in `{list}:`", mention.target.id))
                    .with_code(Code::UnmentionedEntity)
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
    // Mentions carry their own places: no text is needed to locate them.
    let mut r = Resolver::new(&NoTexts);
    let mentions = resolve_mentions(doc, site_ix, actor_ix, article, &mut r);
    r.problems.is_empty().then_some(mentions)
}
