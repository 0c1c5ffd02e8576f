//! The orders articles are walked in and kept in, and the final move of
//! articles and events into the model's order.

use crate::naming::NamedArticle;
use rayon::prelude::*;
use stele_core::model::{Article, Event};

/// Where each article goes. Articles are ordered newest first (then by id);
/// knowing the order up front lets everything point at an article's final
/// index directly. The rest walks articles in path order: the order events
/// are merged in (so "first given here" never depends on dates), and the
/// order files were loaded and parsed in, which keeps reading their data
/// mostly sequential. Articles are indexed as named (sorted by id).
pub(crate) struct ArticleOrder {
    /// The articles in final order.
    newest_first: Vec<usize>,
    /// Each article's final index.
    pub(crate) position: Vec<usize>,
    /// The articles in path order.
    pub(crate) by_path: Vec<usize>,
    /// Each article's place in path order.
    pub(crate) path_rank: Vec<usize>,
}

impl ArticleOrder {
    pub(crate) fn new(named_articles: &[NamedArticle]) -> Self {
        let mut order: Vec<usize> = (0..named_articles.len()).collect();
        order.par_sort_by(|&a, &b| {
            let (a, b) = (&named_articles[a], &named_articles[b]);
            b.doc.date.cmp(&a.doc.date).then_with(|| a.id.cmp(&b.id))
        });
        let mut position = vec![0; named_articles.len()];
        for (final_ix, &ix) in order.iter().enumerate() {
            position[ix] = final_ix;
        }

        let mut by_path: Vec<usize> = (0..named_articles.len()).collect();
        by_path.par_sort_by(|&a, &b| named_articles[a].doc.path.cmp(&named_articles[b].doc.path));
        let mut path_rank = vec![0; named_articles.len()];
        for (rank, &ix) in by_path.iter().enumerate() {
            path_rank[ix] = rank;
        }
        ArticleOrder { newest_first: order, position, by_path, path_rank }
    }
}

/// Articles (in path order) and events (in order of first report) put in
/// final order, while what the passes before leave behind (many small
/// allocations) is freed.
pub(crate) fn put_in_final_order<T: Send>(
    articles_by_path: Vec<Article>,
    events_by_first_report: Vec<Event>,
    event_order: &[usize],
    order: &ArticleOrder,
    leftovers: T,
) -> (Vec<Article>, Vec<Event>) {
    let by_path_positions: Vec<usize> = order.newest_first.iter().map(|&ix| order.path_rank[ix]).collect();
    let ((articles, events), ()) = rayon::join(
        || rayon::join(|| permute(articles_by_path, &by_path_positions), || permute(events_by_first_report, event_order)),
        || drop(leftovers),
    );
    (articles, events)
}

/// `items` reordered so that the item at `positions[k]` ends at `k`
/// (`positions` is a permutation). Items move along the permutation's cycles
/// within the vector: a second vector of large items would be fresh memory,
/// which costs more than the moves.
fn permute<T>(items: Vec<T>, positions: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let mut placed = vec![false; slots.len()];
    for start in 0..slots.len() {
        if placed[start] {
            continue;
        }
        let carried = slots[start].take();
        let mut k = start;
        loop {
            placed[k] = true;
            let from = positions[k];
            if from == start {
                slots[k] = carried;
                break;
            }
            slots[k] = slots[from].take();
            k = from;
        }
    }
    // Unlike `flatten`, `filter_map` lets the collect reuse the allocation.
    #[allow(clippy::filter_map_identity)]
    slots.into_iter().filter_map(|slot| slot).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_moves_each_item_to_its_position() {
        let items = vec!["a", "b", "c", "d", "e", "f"];
        assert_eq!(permute(items, &[3, 0, 4, 1, 2, 5]), ["d", "a", "e", "b", "c", "f"]);
        assert_eq!(permute(Vec::<u8>::new(), &[]), Vec::<u8>::new());
    }
}
