//! Sites and actors, built from their files by one generic code path for
//! every kind of entity: `part_of` looked up, and `part_of` loops broken.

use crate::ids::IdTable;
use crate::naming::{IdTables, Named, NamedDocuments};
use crate::report::{with_problems, Resolver};
use stele_core::diagnostics::{Code, Diagnostic};
use stele_core::model::{Actor, Entity, EntityFacts, Site};
use stele_parse::frontmatter::EntityFront;
use stele_parse::yaml_locate::Step;
use stele_parse::ParsedEntity;

/// Every site and actor with its `part_of` looked up. Sites and actors need
/// nothing from each other: built side by side, their problems reported
/// sites first.
pub(crate) fn build_entities(named: &NamedDocuments, tables: &IdTables, r: &mut Resolver) -> (Vec<Site>, Vec<Actor>) {
    let texts = r.texts();
    let ((sites, site_problems), (actors, actor_problems)) = rayon::join(
        || with_problems(texts, |r| named.sites.iter().map(|n| resolve_entity(n, &tables.sites, r)).collect::<Vec<_>>()),
        || with_problems(texts, |r| named.actors.iter().map(|n| resolve_entity(n, &tables.actors, r)).collect::<Vec<_>>()),
    );
    r.problems.extend(site_problems);
    r.problems.extend(actor_problems);
    (sites, actors)
}

/// An entity with its `part_of` looked up.
fn resolve_entity<F: EntityFront>(n: &Named<F>, ids: &IdTable, r: &mut Resolver) -> Entity<F::Facts> {
    let noun = <F::Facts as EntityFacts>::REF.scheme();
    let part_of = n.doc.front.part_of().and_then(|p| r.lookup(ids, noun, p, &n.doc.path, &[Step::Key("part_of")]));
    entity_from(n.doc, n.id.clone(), part_of)
}

/// An entity as its file describes it, with its id and `part_of` resolved
/// and its derived lists empty (`build_derived_indexes` fills them).
pub(crate) fn entity_from<F: EntityFront>(doc: &ParsedEntity<F>, id: String, part_of: Option<usize>) -> Entity<F::Facts> {
    let f = &doc.front;
    Entity {
        id,
        path: doc.path.clone(),
        name: f.name().to_string(),
        aliases: f.aliases().to_vec(),
        kind: f.kind().map(str::to_string),
        part_of,
        wikidata: f.wikidata().map(str::to_string),
        body_html: doc.body.html.clone(),
        extra: f.extra().clone(),
        moved_from: crate::moves::valid_old_ids(f.moved_from()),
        facts: f.facts(),
        children: Vec::new(),
        events: Vec::new(),
        articles: Vec::new(),
        mentioned_in: Vec::new(),
        rolled_up: Default::default(),
    }
}

/// Breaks and reports `part_of` loops among `entities`, named (in the same
/// order) by `named`.
pub(crate) fn break_part_of_loops<F: EntityFront>(entities: &mut [Entity<F::Facts>], named: &[Named<F>], r: &mut Resolver) {
    let paths: Vec<&str> = named.iter().map(|n| n.doc.path.as_str()).collect();
    let ids: Vec<String> = entities.iter().map(|e| e.id.clone()).collect();
    let mut parents: Vec<Option<usize>> = entities.iter().map(|e| e.part_of).collect();
    break_parent_loops(&mut parents, &ids, &paths, <F::Facts as EntityFacts>::REF.scheme(), r);
    for (entity, parent) in entities.iter_mut().zip(parents) {
        entity.part_of = parent;
    }
}

/// Breaks and reports `part_of` loops. `parents[i]` is the parent of `i`.
fn break_parent_loops(parents: &mut [Option<usize>], ids: &[String], paths: &[&str], noun: &str, r: &mut Resolver) {
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
                            .with_code(Code::PartOfLoop)
                            .at(location)
                            .with_hint(format!("{} cannot lie inside itself: remove one part_of in the loop", stele_core::words::a(noun))),
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
