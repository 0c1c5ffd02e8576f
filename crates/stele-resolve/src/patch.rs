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

use std::cell::OnceCell;
use std::collections::HashMap;
use std::mem::take;
use stele_core::diagnostics::Diagnostic;
use stele_core::kinds::RefKind;
use stele_core::model::{ActorFacts, ArticleIx, Entity, EntityFacts, EntityMention, SiteFacts, SiteModel};
use stele_parse::frontmatter::EntityFront;
use stele_parse::{LocatedRef, ParsedArticle, ParsedDocument, ParsedEntity};

pub use stele_core::model::Patched;

/// One article's new texts and, if they moved, its new mentions.
struct ArticlePatch<'d> {
    ix: ArticleIx,
    after: &'d ParsedArticle,
    mentions: Option<Vec<EntityMention>>,
}

/// The changes a patch makes, gathered before any is made: a patch is all
/// or nothing.
#[derive(Default)]
struct Changes<'d> {
    articles: Vec<ArticlePatch<'d>>,
    sites: Vec<(usize, Entity<SiteFacts>)>,
    actors: Vec<(usize, Entity<ActorFacts>)>,
}

/// Id lookups over the last model, each built only when an edit needs it
/// (a body edit needs none).
struct Lookups<'m> {
    model: &'m SiteModel,
    articles: OnceCell<HashMap<&'m str, ArticleIx>>,
    sites: OnceCell<HashMap<&'m str, usize>>,
    actors: OnceCell<HashMap<&'m str, usize>>,
}

impl<'m> Lookups<'m> {
    fn new(model: &'m SiteModel) -> Self {
        Lookups { model, articles: OnceCell::new(), sites: OnceCell::new(), actors: OnceCell::new() }
    }

    fn article(&self, path: &str) -> Option<ArticleIx> {
        self.articles.get_or_init(|| self.model.articles.iter().enumerate().map(|(ix, a)| (a.path.as_str(), ix)).collect()).get(path).copied()
    }

    fn entity<F: EntityFacts>(&self, id: &str) -> Option<usize> {
        let cell = if F::REF == RefKind::Site { &self.sites } else { &self.actors };
        let model: &'m SiteModel = self.model;
        cell.get_or_init(|| F::all(model).iter().enumerate().map(|(ix, e)| (e.id.as_str(), ix)).collect()).get(id).copied()
    }
}

/// Patches `model` for `edits` (each document before and after) and says
/// what changed, or returns None, leaving `model` untouched, when the edits
/// need a full resolve. `diagnostics` are those of the resolve that made `model`.
pub fn apply(model: &mut SiteModel, diagnostics: &[Diagnostic], edits: &[(ParsedDocument, ParsedDocument)]) -> Option<Patched> {
    if edits.iter().any(|(_, after)| diagnostics.iter().any(|d| d.file == after.path())) {
        return None;
    }
    let changes = gather(model, edits)?;
    Some(make(model, changes))
}

/// What `edits` change, or None when one of them needs a full resolve.
fn gather<'d>(model: &SiteModel, edits: &'d [(ParsedDocument, ParsedDocument)]) -> Option<Changes<'d>> {
    let lookups = Lookups::new(model);
    let mut changes = Changes::default();
    for (before, after) in edits {
        match (before, after) {
            (ParsedDocument::Article(before), ParsedDocument::Article(after)) => {
                if !only_body_differs(before, after) {
                    return None;
                }
                // Drafts left out of the model (when not building them) show nowhere.
                let Some(ix) = lookups.article(&after.path) else {
                    if after.front.draft {
                        continue;
                    }
                    return None;
                };
                changes.articles.push(ArticlePatch { ix, after, mentions: moved_mentions(&lookups, ix, before, after)? });
            }
            (ParsedDocument::Site(before), ParsedDocument::Site(after)) => changes.sites.push(entity_edit(&lookups, before, after)?),
            (ParsedDocument::Actor(before), ParsedDocument::Actor(after)) => changes.actors.push(entity_edit(&lookups, before, after)?),
            _ => return None,
        }
    }
    Some(changes)
}

/// The article's mentions if they moved (Some(None): they did not); None
/// when resolving them would give a hint, which only a full resolve may.
fn moved_mentions(lookups: &Lookups, ix: ArticleIx, before: &ParsedArticle, after: &ParsedArticle) -> Option<Option<Vec<EntityMention>>> {
    let article = &lookups.model.articles[ix];
    let same_mentions = before.mentions.len() == after.mentions.len()
        && before.mentions.iter().zip(&after.mentions).all(|(a, b)| a.target == b.target)
        // Resolve keeps only mentions of entities it knows; it kept them all.
        && article.mentions.len() == after.mentions.len();
    if same_mentions {
        return Some(None);
    }
    let site = |id: &str| lookups.entity::<SiteFacts>(id);
    let actor = |id: &str| lookups.entity::<ActorFacts>(id);
    crate::for_patch::mentions_without_hints(after, article, site, actor).map(Some)
}

/// The entity an edited file now describes, when it keeps its id, file,
/// `part_of` and references.
fn entity_edit<F: EntityFront>(lookups: &Lookups, before: &ParsedEntity<F>, after: &ParsedEntity<F>) -> Option<(usize, Entity<F::Facts>)> {
    let ix = lookups.entity::<F::Facts>(stele_core::ids::file_stem(&after.path))?;
    let entity = &<F::Facts as EntityFacts>::all(lookups.model)[ix];
    if entity.path != after.path || !same_structure(before, after) {
        return None;
    }
    Some((ix, crate::for_patch::entity_from(after, entity.id.clone(), entity.part_of)))
}

/// Makes the gathered changes.
fn make(model: &mut SiteModel, changes: Changes) -> Patched {
    let Changes { articles, sites, actors } = changes;
    let mentions_moved = articles.iter().any(|p| p.mentions.is_some());
    let entities = mentions_moved || !sites.is_empty() || !actors.is_empty();
    for (ix, said) in sites {
        replace_entity(&mut model.sites[ix], said);
    }
    for (ix, said) in actors {
        replace_entity(&mut model.actors[ix], said);
    }
    let mut changed = Vec::with_capacity(articles.len());
    for ArticlePatch { ix, after, mentions } in articles {
        let article = &mut model.articles[ix];
        article.body_html = after.body.html.clone();
        if after.front.summary.is_none() {
            article.summary = after.body.first_paragraph.clone();
        }
        article.summary_opens_body = crate::articles::summary_opens_body(after.front.summary.as_deref(), after.body.first_paragraph.as_deref());
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
        crate::for_patch::refill_mentions(model);
    }
    Patched { articles: changed, entities }
}

/// `said` (made from the edited file) in place of `entity`, keeping the
/// lists derived from other files. Destructured and built completely, so
/// that a new field fails to compile until it is placed: said by the file,
/// or derived from other files (and kept: nothing it derives from changed).
fn replace_entity<F: EntityFacts>(entity: &mut Entity<F>, said: Entity<F>) {
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
        mut facts,
        children: _,
        events: _,
        articles: _,
        mentioned_in: _,
        rolled_up: _,
    } = said;
    facts.keep_derived(&mut entity.facts);
    *entity = Entity {
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
        children: take(&mut entity.children),
        events: take(&mut entity.events),
        articles: take(&mut entity.articles),
        mentioned_in: take(&mut entity.mentioned_in),
        rolled_up: entity.rolled_up,
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
fn same_structure<F: EntityFront>(before: &ParsedEntity<F>, after: &ParsedEntity<F>) -> bool {
    // Old ids make pages of their own: the plan, not only the model, changes.
    before.path == after.path
        && before.front.part_of() == after.front.part_of()
        && before.front.moved_from() == after.front.moved_from()
        && same_refs(&before.body_refs, &after.body_refs)
}
