//! Explicit references (`[text](site:palmyra)`) in bodies and event
//! descriptions, checked against the ids: those to sites, actors and
//! articles while each article is resolved, those to events once events
//! are merged.

use crate::events::EventIds;
use crate::ids::{IdTable, KnownIds};
use crate::naming::NamedDocuments;
use crate::order::ArticleOrder;
use crate::report::Resolver;
use stele_core::diagnostics::{Code, Diagnostic};
use stele_core::kinds::RefKind;
use stele_core::suggest::did_you_mean_hint;
use stele_parse::{LocatedRef, ParsedArticle};

/// An article's explicit links, in order, as far as they can be checked
/// before events are merged.
pub(crate) enum LinkCheck<'d> {
    /// A link to an event: checked once events are known.
    Event(&'d LocatedRef),
    Unknown(Diagnostic),
}

/// An article's links in its body and event descriptions, in order: those
/// to events kept for later, the others checked.
pub(crate) fn links_before_events<'d>(doc: &'d ParsedArticle, targets: &KnownIds) -> Vec<LinkCheck<'d>> {
    let path = doc.path.as_str();
    let links = doc.body_refs.iter().chain(doc.events.iter().flat_map(|event| &event.description_refs));
    links
        .filter_map(|link| match link.kind {
            RefKind::Event => Some(LinkCheck::Event(link)),
            _ => targets.check(path, link, None).map(LinkCheck::Unknown),
        })
        .collect()
}

/// An article's explicit links, as far as they were checked before events
/// were merged (the article's work, seen from here).
pub(crate) trait ArticleLinks<'d> {
    fn take_links(&mut self) -> Vec<LinkCheck<'d>>;
}

/// Reports the links to unknown ids: those of sites, then actors, then of
/// articles in id order. `work` holds the articles' links in path order.
pub(crate) fn check_links<'d, W: ArticleLinks<'d>>(
    named: &NamedDocuments<'d>,
    work: &mut [W],
    order: &ArticleOrder,
    known: &KnownIds,
    event_ids: &EventIds,
    r: &mut Resolver,
) {
    let entity_links = named
        .sites
        .iter()
        .map(|n| (&n.doc.path, &n.doc.body_refs))
        .chain(named.actors.iter().map(|n| (&n.doc.path, &n.doc.body_refs)))
        .chain(named.events.iter().map(|(_, doc)| (&doc.path, &doc.body_refs)));
    for (path, links) in entity_links {
        r.problems.extend(links.iter().filter_map(|link| known.check(path, link, Some(event_ids))));
    }
    for (n, &rank) in named.articles.iter().zip(&order.path_rank) {
        for link in work[rank].take_links() {
            match link {
                LinkCheck::Unknown(diagnostic) => r.problems.push(diagnostic),
                LinkCheck::Event(link) => r.problems.extend(known.check(&n.doc.path, link, Some(event_ids))),
            }
        }
    }
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
        let mut diagnostic = Diagnostic::error(path, format!("link to unknown {noun} `{id}`"))
            .with_code(Code::UnknownReference)
            .at(Some(link.location))
            .until(link.end);
        diagnostic.hint = hint;
        Some(diagnostic)
    }
}
