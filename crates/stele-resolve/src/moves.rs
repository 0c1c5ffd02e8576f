//! Old ids (`moved_from:`): each keeps a page at the old address that sends
//! readers on to the document's page, so that links published elsewhere
//! keep working after an id changed. An old id must be a valid id, must not
//! be the id of a current document of the same kind (its page would be
//! hidden), and may be listed only once per kind.

use crate::ids::IdTable;
use crate::naming::{IdTables, NamedDocuments};
use crate::report::Resolver;
use std::collections::HashMap;
use stele_core::diagnostics::{Code, Diagnostic, Related};
use stele_core::ids::{is_too_long, is_valid_id, slugify};
use stele_parse::frontmatter::EntityFront;
use stele_parse::yaml_locate::Step;

/// The old ids of `written` that can name a page: valid, each once. The
/// others are reported by [`check_moved_from`].
pub(crate) fn valid_old_ids(written: &[String]) -> Vec<String> {
    let mut valid: Vec<String> = Vec::new();
    for id in written {
        if is_valid_id(id) && !is_too_long(id) && !valid.contains(id) {
            valid.push(id.clone());
        }
    }
    valid
}

/// One document's old ids, for the checks.
struct Moves<'a> {
    path: &'a str,
    own_id: &'a str,
    old_ids: &'a [String],
}

/// Reports every old id that cannot have a redirect page, for each kind.
/// Costs nothing for documents without `moved_from`.
pub(crate) fn check_moved_from(named: &NamedDocuments, tables: &IdTables, r: &mut Resolver) {
    let sites: Vec<Moves> = named
        .sites
        .iter()
        .filter(|n| !n.doc.front.moved_from().is_empty())
        .map(|n| Moves { path: &n.doc.path, own_id: &n.id, old_ids: n.doc.front.moved_from() })
        .collect();
    let actors: Vec<Moves> = named
        .actors
        .iter()
        .filter(|n| !n.doc.front.moved_from().is_empty())
        .map(|n| Moves { path: &n.doc.path, own_id: &n.id, old_ids: n.doc.front.moved_from() })
        .collect();
    let articles: Vec<Moves> = named
        .articles
        .iter()
        .filter(|n| !n.doc.front.moved_from.is_empty())
        .map(|n| Moves { path: &n.doc.path, own_id: &n.id, old_ids: &n.doc.front.moved_from })
        .collect();
    if sites.is_empty() && actors.is_empty() && articles.is_empty() {
        return;
    }
    let site_paths: Vec<&str> = named.sites.iter().map(|n| n.doc.path.as_str()).collect();
    let actor_paths: Vec<&str> = named.actors.iter().map(|n| n.doc.path.as_str()).collect();
    let article_paths: Vec<&str> = named.articles.iter().map(|n| n.doc.path.as_str()).collect();
    check_kind(&sites, &tables.sites, &site_paths, "site", r);
    check_kind(&actors, &tables.actors, &actor_paths, "actor", r);
    check_kind(&articles, &tables.articles, &article_paths, "report", r);
}

/// The checks for one kind. `paths[i]` is the file of the document with
/// index `i` in `ids`.
fn check_kind(moves: &[Moves], ids: &IdTable, paths: &[&str], noun: &str, r: &mut Resolver) {
    // Where each old id was first listed: (file, index in its list).
    let mut first: HashMap<&str, (&str, usize)> = HashMap::new();
    for m in moves {
        for (i, old) in m.old_ids.iter().enumerate() {
            let at = [Step::Key("moved_from"), Step::Index(i)];
            let location = || r.locator.value(m.path, &at);
            let problem = if !is_valid_id(old) {
                Diagnostic::error(m.path, format!("moved_from: `{old}` is not a valid id"))
                    .with_code(Code::BadId)
                    .at(location())
                    .with_hint(format!("an old id is written as it was: lowercase letters, digits and single hyphens, such as `{}`", slugify(old)))
            } else if is_too_long(old) {
                Diagnostic::error(m.path, stele_core::ids::too_long_message("this old id", old)).with_code(Code::BadId).at(location())
            } else if old == m.own_id {
                Diagnostic::error(m.path, format!("moved_from: `{old}` is this {noun}'s own id"))
                    .with_code(Code::MovedFromConflict)
                    .at(location())
                    .with_hint("list only the ids it had before")
            } else if let Some(current) = ids.get(old) {
                Diagnostic::error(m.path, format!("moved_from: `{old}` is the id of another {noun}"))
                    .with_code(Code::MovedFromConflict)
                    .at(location())
                    .with_hint(format!("a redirect there would hide that {noun}'s page: remove `{old}` from this list"))
                    .with_related(Related { file: paths[current].to_string(), location: None, note: format!("the {noun} `{old}`") })
            } else if let Some(&(first_path, first_index)) = first.get(old.as_str()) {
                let first_location = r.locator.value(first_path, &[Step::Key("moved_from"), Step::Index(first_index)]);
                Diagnostic::error(m.path, format!("moved_from: `{old}` is listed twice"))
                    .with_code(Code::MovedFromConflict)
                    .at(location())
                    .with_hint(format!("an old address can redirect to one {noun} only: keep it in one list"))
                    .with_related(Related { file: first_path.to_string(), location: first_location, note: "first listed here".into() })
            } else {
                first.insert(old, (m.path, i));
                continue;
            };
            r.problems.push(problem);
        }
    }
}
