//! The lists derived from other files: an entity's children, the events
//! and articles naming it, and where articles mention it.

use stele_core::model::{Article, Entity, EntityFacts, Event, SiteModel};

/// Fills every list that is derived from the others. Site lists and actor
/// lists are independent of each other, so the two kinds are filled in parallel.
pub(crate) fn build_derived_indexes(model: &mut SiteModel) {
    let SiteModel { articles, sites, actors, events, .. } = model;
    let (articles, events) = (&*articles, &*events);
    rayon::join(|| fill_indexes(sites, events, articles), || fill_indexes(actors, events, articles));
}

/// Fills every list of `entities` derived from other files; they are empty.
fn fill_indexes<F: EntityFacts>(entities: &mut [Entity<F>], events: &[Event], articles: &[Article]) {
    for ix in 0..entities.len() {
        if let Some(parent) = entities[ix].part_of {
            entities[parent].children.push(ix);
        }
    }
    for (ix, event) in events.iter().enumerate() {
        for named in F::named_by_event(event) {
            // An event may name one entity twice (an actor that also claimed it).
            let list = &mut entities[named].events;
            if list.last() != Some(&ix) {
                list.push(ix);
            }
        }
    }
    for (ix, article) in articles.iter().enumerate() {
        for &listed in F::listed_by(article) {
            entities[listed].articles.push(ix);
        }
    }
    fill_mentions(entities, articles);
    roll_up(entities, events, articles);
    F::derive_from_articles(entities, articles);
}

/// Every entity's `rolled_up` counts: the events and articles naming it or
/// an entity inside it, each counted once. `part_of` has no loops by now.
fn roll_up<F: EntityFacts>(entities: &mut [Entity<F>], events: &[Event], articles: &[Article]) {
    // The last item (plus one) each entity was counted for, so that an item
    // naming two parts of one place counts once there.
    let mut counted_for = vec![0usize; entities.len()];
    for (ix, event) in events.iter().enumerate() {
        for named in F::named_by_event(event) {
            count_up(entities, &mut counted_for, named, ix + 1, |e| e.rolled_up.events += 1);
        }
    }
    counted_for.iter_mut().for_each(|c| *c = 0);
    for (ix, article) in articles.iter().enumerate() {
        for &listed in F::listed_by(article) {
            count_up(entities, &mut counted_for, listed, ix + 1, |e| e.rolled_up.articles += 1);
        }
    }
}

/// Counts item `stamp` for `from` and every entity it lies in, stopping at
/// one that already counted it (its own containers did too).
fn count_up<F>(entities: &mut [Entity<F>], counted_for: &mut [usize], from: usize, stamp: usize, count: impl Fn(&mut Entity<F>)) {
    let mut at = Some(from);
    while let Some(ix) = at {
        if counted_for[ix] == stamp {
            break;
        }
        counted_for[ix] = stamp;
        count(&mut entities[ix]);
        at = entities[ix].part_of;
    }
}

/// `mentioned_in` of every entity, which must be empty.
fn fill_mentions<F: EntityFacts>(entities: &mut [Entity<F>], articles: &[Article]) {
    for (ix, article) in articles.iter().enumerate() {
        for (mi, mention) in article.mentions.iter().enumerate() {
            if let Some(entity) = F::mentioned(mention.entity) {
                entities[entity].mentioned_in.push((ix, mi));
            }
        }
    }
}

/// Derives every site's and actor's `mentioned_in` again, after `patch`
/// changed which entities articles mention.
pub(crate) fn refill_mentions(model: &mut SiteModel) {
    let SiteModel { articles, sites, actors, .. } = model;
    sites.iter_mut().for_each(|s| s.mentioned_in.clear());
    actors.iter_mut().for_each(|a| a.mentioned_in.clear());
    fill_mentions(sites, articles);
    fill_mentions(actors, articles);
}
