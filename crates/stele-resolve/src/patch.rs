//! A shortcut past `resolve` for the commonest edits while previewing: an
//! article's body, or what a site or actor file says about the entity
//! (its name, aliases, kind, description...), changed, and nothing that
//! `resolve` decides with changed.
//!
//! `resolve` reads an article body for three things only: the rendered HTML
//! (copied into the model), the first paragraph (the summary when front
//! matter has none) and the mentions and explicit references (checked,
//! counted and indexed). It reads an entity file for the entity's id (its
//! file name), `part_of` and body references, which it checks, and copies
//! everything else. So when the articles' front matter and references are
//! equal, the entities keep their ids, `part_of` and references, and every
//! body mention is of an entity the article lists, resolving again would
//! give the same model except for the copied texts and the derived
//! `mentioned_in` lists, and the same diagnostics provided the edited files
//! had none (a diagnostic carries a line and column that the edit may have
//! moved). Then the previous model is patched in place. Anything else
//! returns None and the caller resolves from scratch.
//!
//! A rename reaches here as the entity file plus every article whose text
//! holds the old or the new name: the parse stage re-parses those, since
//! their mentions may have changed.

use stele_core::diagnostics::Diagnostic;
use stele_core::model::{Actor, ActorIx, ArticleIx, EntityMention, Site, SiteIx, SiteModel};
use stele_parse::{LocatedRef, ParsedArticle, ParsedDocument, ParsedEntity};

use std::cell::OnceCell;
use std::collections::HashMap;
use std::mem::take;

pub use stele_core::model::Patched;

/// One article's new texts and, if they moved, its new mentions.
struct ArticlePatch<'d> {
    ix: ArticleIx,
    after: &'d ParsedArticle,
    mentions: Option<Vec<EntityMention>>,
}

/// Patches `model` for `edits` (each document before and after) and says
/// what changed, or returns None, leaving `model` untouched, when the edits
/// need a full resolve. `diagnostics` are those of the resolve that made `model`.
pub fn apply(model: &mut SiteModel, diagnostics: &[Diagnostic], edits: &[(ParsedDocument, ParsedDocument)]) -> Option<Patched> {
    if edits.iter().any(|(_, after)| diagnostics.iter().any(|d| d.file == after.path())) {
        return None;
    }
    // Built when first needed: a body edit needs none of them.
    let article_ixs: OnceCell<HashMap<&str, ArticleIx>> = OnceCell::new();
    let article_ixs = || article_ixs.get_or_init(|| model.articles.iter().enumerate().map(|(ix, a)| (a.path.as_str(), ix)).collect());
    let site_ixs: OnceCell<HashMap<&str, SiteIx>> = OnceCell::new();
    let site_ixs = || site_ixs.get_or_init(|| model.sites.iter().enumerate().map(|(ix, s)| (s.id.as_str(), ix)).collect());
    let actor_ixs: OnceCell<HashMap<&str, ActorIx>> = OnceCell::new();
    let actor_ixs = || actor_ixs.get_or_init(|| model.actors.iter().enumerate().map(|(ix, a)| (a.id.as_str(), ix)).collect());
    let mut articles = Vec::new();
    let mut sites = Vec::new();
    let mut actors = Vec::new();
    for (before, after) in edits {
        match (before, after) {
            (ParsedDocument::Article(before), ParsedDocument::Article(after)) => {
                if !only_body_differs(before, after) {
                    return None;
                }
                // Drafts left out of the model (when not building them) show nowhere.
                let Some(&ix) = article_ixs().get(after.path.as_str()) else {
                    if after.front.draft {
                        continue;
                    }
                    return None;
                };
                let article = &model.articles[ix];
                let same_mentions = before.mentions.len() == after.mentions.len()
                    && before.mentions.iter().zip(&after.mentions).all(|(a, b)| a.target == b.target)
                    // Resolve keeps only mentions of entities it knows; it kept them all.
                    && article.mentions.len() == after.mentions.len();
                let mentions = match same_mentions {
                    true => None,
                    false => {
                        Some(crate::mentions_without_hints(after, article, |id| site_ixs().get(id).copied(), |id| actor_ixs().get(id).copied())?)
                    }
                };
                articles.push(ArticlePatch { ix, after, mentions });
            }
            (ParsedDocument::Site(before), ParsedDocument::Site(after)) => {
                let ix = *site_ixs().get(stele_core::ids::file_stem(&after.path))?;
                let site = &model.sites[ix];
                if site.path != after.path || !same_structure(before, after, |f| &f.part_of) {
                    return None;
                }
                sites.push((ix, crate::site_from(after, site.id.clone(), site.part_of)));
            }
            (ParsedDocument::Actor(before), ParsedDocument::Actor(after)) => {
                let ix = *actor_ixs().get(stele_core::ids::file_stem(&after.path))?;
                let actor = &model.actors[ix];
                if actor.path != after.path || !same_structure(before, after, |f| &f.part_of) {
                    return None;
                }
                actors.push((ix, crate::actor_from(after, actor.id.clone(), actor.part_of)));
            }
            _ => return None,
        }
    }

    let mentions_moved = articles.iter().any(|p| p.mentions.is_some());
    let entities = mentions_moved || !sites.is_empty() || !actors.is_empty();
    for (ix, said) in sites {
        replace_site(&mut model.sites[ix], said);
    }
    for (ix, said) in actors {
        replace_actor(&mut model.actors[ix], said);
    }
    let mut changed = Vec::with_capacity(articles.len());
    for ArticlePatch { ix, after, mentions } in articles {
        let article = &mut model.articles[ix];
        article.body_html = after.body.html.clone();
        if after.front.summary.is_none() {
            article.summary = after.body.first_paragraph.clone();
        }
        match mentions {
            Some(mentions) => article.mentions = mentions,
            None => {
                for (mention, parsed) in article.mentions.iter_mut().zip(&after.mentions) {
                    mention.context = parsed.context.clone();
                }
            }
        }
        changed.push(ix);
    }
    if mentions_moved {
        crate::refill_mentions(model);
    }
    Some(Patched { articles: changed, entities })
}

// The two functions below destructure and build their item completely, so
// that a new field fails to compile until it is placed: said by the file,
// or derived from other files (and kept: nothing it derives from changed).

/// `said` (made from the edited file) in place of `site`, keeping the lists derived from other files.
fn replace_site(site: &mut Site, said: Site) {
    let Site {
        id,
        path,
        name,
        aliases,
        kind,
        part_of,
        location,
        country,
        wikidata,
        unesco,
        body_html,
        extra,
        children: _,
        events: _,
        articles: _,
        mentioned_in: _,
    } = said;
    *site = Site {
        id,
        path,
        name,
        aliases,
        kind,
        part_of,
        location,
        country,
        wikidata,
        unesco,
        body_html,
        extra,
        children: take(&mut site.children),
        events: take(&mut site.events),
        articles: take(&mut site.articles),
        mentioned_in: take(&mut site.mentioned_in),
    };
}

/// `said` in place of `actor`, keeping the lists derived from other files.
fn replace_actor(actor: &mut Actor, said: Actor) {
    let Actor { id, path, name, aliases, kind, part_of, wikidata, body_html, extra, children: _, events: _, articles: _, quotes: _, mentioned_in: _ } =
        said;
    *actor = Actor {
        id,
        path,
        name,
        aliases,
        kind,
        part_of,
        wikidata,
        body_html,
        extra,
        children: take(&mut actor.children),
        events: take(&mut actor.events),
        articles: take(&mut actor.articles),
        quotes: take(&mut actor.quotes),
        mentioned_in: take(&mut actor.mentioned_in),
    };
}

/// The same references in the same order (where they stand does not matter to `resolve`).
fn same_refs(before: &[LocatedRef], after: &[LocatedRef]) -> bool {
    before.len() == after.len() && before.iter().zip(after).all(|(a, b)| a.kind == b.kind && a.id == b.id)
}

fn only_body_differs(before: &ParsedArticle, after: &ParsedArticle) -> bool {
    // Without a summary in front matter, losing the first paragraph is a warning resolve must give.
    let summary_kept = after.front.summary.is_some() || (before.body.first_paragraph.is_some() && after.body.first_paragraph.is_some());
    before.path == after.path && before.front == after.front && same_refs(&before.body_refs, &after.body_refs) && summary_kept
}

/// Whether an entity file still says what `resolve` decides with: the
/// same file, `part_of` and body references (checked against ids that
/// stay the same).
fn same_structure<F>(before: &ParsedEntity<F>, after: &ParsedEntity<F>, part_of: impl Fn(&F) -> &Option<String>) -> bool {
    before.path == after.path && part_of(&before.front) == part_of(&after.front) && same_refs(&before.body_refs, &after.body_refs)
}
