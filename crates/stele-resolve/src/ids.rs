//! The tables references are looked up in: each kind's ids, and those of
//! its files that failed to parse (see `naming` for how documents get ids).

use std::collections::{HashMap, HashSet};

/// The ids of site and actor files that failed to parse (named as `resolve`
/// names entities: see `stele_core::ids::entity_id`). Their files' errors are reported
/// where they are; a reference to one of these ids is not reported again,
/// or one slip in a site file would come back once per article naming it.
#[derive(Debug, Clone, Default)]
pub struct Unparsed {
    pub sites: HashSet<String>,
    pub actors: HashSet<String>,
}

/// Id to index. Ids come from the project's own files, so there is no hash
/// flooding to defend against, and lookups are much of this stage's work:
/// hence a fast hasher rather than SipHash.
type IdMap<'a> = HashMap<&'a str, usize, IdHasher>;
pub(crate) type IdHasher = foldhash::fast::RandomState;

fn id_map<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> IdMap<'a> {
    let mut map = IdMap::with_capacity_and_hasher(ids.len(), IdHasher::default());
    for (ix, id) in ids.enumerate() {
        map.insert(id, ix);
    }
    map
}

/// The ids of one kind, and those of its files that failed to parse.
pub(crate) struct IdTable<'a> {
    ixs: IdMap<'a>,
    unparsed: &'a HashSet<String>,
}

impl<'a> IdTable<'a> {
    pub(crate) fn new(ids: impl ExactSizeIterator<Item = &'a str>, unparsed: &'a HashSet<String>) -> Self {
        IdTable { ixs: id_map(ids), unparsed }
    }

    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        self.ixs.get(id).copied()
    }

    /// Whether a missing `id` is worth an error: not when its own file
    /// failed to parse. Asked only after a lookup failed, so a build
    /// without errors never asks.
    pub(crate) fn is_unknown(&self, id: &str) -> bool {
        !self.unparsed.contains(id)
    }

    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.ixs.keys().copied()
    }
}

/// The ids known before events are merged, and how event ids are hashed.
pub(crate) struct KnownIds<'a> {
    pub(crate) sites: &'a IdTable<'a>,
    pub(crate) actors: &'a IdTable<'a>,
    pub(crate) articles: &'a IdTable<'a>,
    pub(crate) event_hasher: &'a IdHasher,
}
