//! A shortcut past `resolve` for the commonest edit while previewing: an
//! article's body changed and nothing `resolve` decides with it did.
//!
//! `resolve` reads a body for three things only: the rendered HTML (copied
//! into the model), the first paragraph (the summary when front matter has
//! none) and the mentions and explicit references (checked, counted and
//! indexed). When the front matter is equal and the body mentions and
//! references the same things in the same order, resolving again would give
//! the same model except for those copied texts, and the same diagnostics
//! provided the file had none (a diagnostic carries a line and column that
//! the edit may have moved). Then the previous model is patched in place.
//! Anything else returns None and the caller resolves from scratch.

use crate::diagnostics::Diagnostic;
use crate::model::{ArticleIx, SiteModel};
use crate::parse::{ParsedArticle, ParsedDocument};

/// Patches `model` for `edits` (each document before and after) and returns
/// the articles changed, or returns None, leaving `model` untouched, when
/// the edits need a full resolve. `diagnostics` are those of the resolve
/// that made `model`.
pub fn body_edits(model: &mut SiteModel, diagnostics: &[Diagnostic], edits: &[(ParsedDocument, ParsedDocument)]) -> Option<Vec<ArticleIx>> {
    let mut patches = Vec::with_capacity(edits.len());
    for (before, after) in edits {
        let (ParsedDocument::Article(before), ParsedDocument::Article(after)) = (before, after) else { return None };
        if !only_body_differs(before, after) || diagnostics.iter().any(|d| d.file == after.path) {
            return None;
        }
        // Drafts left out of the model (when not building them) show nowhere.
        if let Some(ix) = model.articles.iter().position(|a| a.path == after.path) {
            // Resolve keeps only mentions of entities it knows; patch only when it kept them all.
            if model.articles[ix].mentions.len() != after.mentions.len() {
                return None;
            }
            patches.push((ix, after));
        } else if !after.front.draft {
            return None;
        }
    }
    for &(ix, after) in &patches {
        let article = &mut model.articles[ix];
        article.body_html = after.body.html.clone();
        if after.front.summary.is_none() {
            article.summary = after.body.first_paragraph.clone();
        }
        for (mention, parsed) in article.mentions.iter_mut().zip(&after.mentions) {
            mention.context = parsed.context.clone();
        }
    }
    Some(patches.into_iter().map(|(ix, _)| ix).collect())
}

fn only_body_differs(before: &ParsedArticle, after: &ParsedArticle) -> bool {
    let same_refs = before.body_refs.len() == after.body_refs.len()
        && before.body_refs.iter().zip(&after.body_refs).all(|(a, b)| a.kind == b.kind && a.id == b.id);
    let same_mentions =
        before.mentions.len() == after.mentions.len() && before.mentions.iter().zip(&after.mentions).all(|(a, b)| a.target == b.target);
    // Without a summary in front matter, losing the first paragraph is a warning resolve must give.
    let summary_kept = after.front.summary.is_some() || (before.body.first_paragraph.is_some() && after.body.first_paragraph.is_some());
    before.path == after.path && before.front == after.front && same_refs && same_mentions && summary_kept
}
