//! Full-text search on a static host and from `file://`: the index is
//! made here at build time and written as JavaScript files that the search
//! page (templates/search.html, static/search.js) loads with `<script src>`,
//! which browsers allow from `file://` where they refuse `fetch()`.
//!
//! The index is split so that a query loads little of it:
//! `search/terms-N.js` hold the terms (each in the file its hash names,
//! with the documents holding it and a weight), and `search/documents-N.js`
//! the documents (kind, URL, title, excerpt) by number, [`DOCUMENTS_PER_FILE`]
//! a file. Both are pages of the plan, like the files under `data/`:
//! written in Rust, reading the model through `Views`. docs/content-model.md
//! (section 6, "Search") says why stele writes its own index rather than
//! using Pagefind or elasticlunr.

mod text;
pub mod words;

use crate::views::Views;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use stele_core::model::{ActorFacts, Entity, SiteFacts, SiteModel};
use stele_core::urls;

/// Documents in one documents file: a query shows the first results, so it
/// loads one or two of these.
pub const DOCUMENTS_PER_FILE: usize = 500;
/// About how many documents' terms go into one terms file; the number of
/// files is a power of two (the script takes a hash modulo it).
const DOCUMENTS_PER_TERMS_FILE: usize = 256;
/// The most terms files: a query of a few words loads a few of them.
const MOST_TERMS_FILES: usize = 256;
/// Characters of an excerpt.
const EXCERPT: usize = 160;

/// How much a term counts where it is found: a word of a title, name or
/// alias counts more than one of a summary, which counts more than one of
/// a body; a term's weight in a document is the sum, at most [`MOST_WEIGHT`].
const TITLE_WEIGHT: u32 = 8;
const SUMMARY_WEIGHT: u32 = 3;
const NAMES_WEIGHT: u32 = 3;
const BODY_WEIGHT: u32 = 1;
const MOST_WEIGHT: u32 = 255;

/// One file of the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SearchFile {
    /// `search/documents-N.js`: documents `N * DOCUMENTS_PER_FILE` onwards.
    Documents(usize),
    /// `search/terms-N.js`: the terms whose hash, modulo the number of terms files, is `N`.
    Terms(usize),
}

impl SearchFile {
    pub fn path(self) -> String {
        match self {
            SearchFile::Documents(n) => format!("search/documents-{n}.js"),
            SearchFile::Terms(n) => format!("search/terms-{n}.js"),
        }
    }
}

/// How many documents the index holds and how they are split into files:
/// known from the model's counts, before any text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Layout {
    pub documents: usize,
    pub documents_per_file: usize,
    pub documents_files: usize,
    pub terms_files: usize,
}

impl Layout {
    pub fn of(model: &SiteModel) -> Layout {
        Layout::for_documents(model.articles.len() + model.sites.len() + model.actors.len() + model.events.len())
    }

    /// For `documents` reports, sites, actors and events.
    pub fn for_documents(documents: usize) -> Layout {
        let terms_files = documents.div_ceil(DOCUMENTS_PER_TERMS_FILE).next_power_of_two().clamp(1, MOST_TERMS_FILES);
        Layout { documents, documents_per_file: DOCUMENTS_PER_FILE, documents_files: documents.div_ceil(DOCUMENTS_PER_FILE).max(1), terms_files }
    }

    /// Every file of the index, in a fixed order.
    pub fn files(self) -> impl Iterator<Item = SearchFile> {
        (0..self.documents_files).map(SearchFile::Documents).chain((0..self.terms_files).map(SearchFile::Terms))
    }
}

/// Which terms file holds `term`: FNV-1a over its UTF-16 code units (what
/// JavaScript's `charCodeAt` gives; search.js computes the same).
pub fn terms_file_of(term: &str, terms_files: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for unit in term.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    // `terms_files` is a power of two no bigger than 256: the mask is the modulo.
    (hash as usize) & (terms_files - 1)
}

/// A search result as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Document {
    /// `report`, `site`, `actor` or `event`.
    kind: &'static str,
    /// Relative to the site's root.
    url: String,
    title: String,
    excerpt: String,
}

/// The whole index, made once per build and cut into its files.
pub struct SearchIndex {
    layout: Layout,
    documents: Vec<Document>,
    /// Per terms file: term -> flat list of (document number, weight).
    terms: Vec<BTreeMap<String, Vec<u32>>>,
}

/// A document's text, by how much its words weigh.
#[derive(Default)]
struct Texts {
    title: Vec<String>,
    names: Vec<String>,
    summary: Option<String>,
    body: String,
}

impl SearchIndex {
    /// Reads every report, site, actor and event through `v` (which should
    /// not record: `Views::note_search_index` records what this reads, on
    /// the page's thread). `parallel`: weigh documents' words on rayon's
    /// threads, never from inside a page being rendered (which rayon may
    /// have stolen into a page waiting for this same index).
    pub fn build(v: Views, layout: Layout, parallel: bool) -> SearchIndex {
        let mut sources: Vec<(Document, Texts)> = Vec::with_capacity(layout.documents);
        for ix in 0..v.article_count() {
            let article = v.article(ix);
            let body = text::plain(&article.body_html);
            let excerpt = text::excerpt(article.summary.as_deref().unwrap_or(&body), EXCERPT);
            let document = Document { kind: "report", url: urls::article(&article.id), title: article.title.clone(), excerpt };
            sources.push((document, Texts { title: vec![article.title.clone()], summary: article.summary.clone(), body, ..Texts::default() }));
        }
        entities::<SiteFacts>(v, "site", urls::site, &mut sources);
        entities::<ActorFacts>(v, "actor", urls::actor, &mut sources);
        for ix in 0..v.event_count() {
            let event = v.event(ix);
            let sites = event.sites.iter().map(|&s| v.label::<SiteFacts>(s).name.to_string());
            let actors = event.actors.iter().map(|a| v.label::<ActorFacts>(a.actor).name.to_string());
            let names: Vec<String> = sites.chain(actors).collect();
            let body = event.description_html.as_deref().map(text::plain).unwrap_or_default();
            let place = if names.is_empty() { String::new() } else { format!(" · {}", names.join(", ")) };
            let excerpt = text::excerpt(&format!("{}{place}. {body}", v.date_label(ix)), EXCERPT);
            let document = Document { kind: "event", url: urls::event(&event.id), title: event.title.clone(), excerpt };
            sources.push((document, Texts { title: vec![event.title.clone()], names, body, ..Texts::default() }));
        }
        let weighed: Vec<Vec<(String, u32)>> = match parallel {
            true => sources.par_iter().map(|(_, texts)| weigh(texts)).collect(),
            false => sources.iter().map(|(_, texts)| weigh(texts)).collect(),
        };
        let mut terms: Vec<BTreeMap<String, Vec<u32>>> = vec![BTreeMap::new(); layout.terms_files];
        for (number, document_terms) in weighed.into_iter().enumerate() {
            let number = u32::try_from(number).unwrap_or(u32::MAX);
            for (term, weight) in document_terms {
                let postings = terms[terms_file_of(&term, layout.terms_files)].entry(term).or_default();
                postings.extend([number, weight]);
            }
        }
        SearchIndex { layout, documents: sources.into_iter().map(|(document, _)| document).collect(), terms }
    }

    /// The text of `file`: a script handing its part of the index to
    /// search.js (`steleSearch.documents(N, [...])`, `steleSearch.terms(N, {...})`).
    pub fn file(&self, file: SearchFile) -> Result<String, serde_json::Error> {
        match file {
            SearchFile::Documents(n) => {
                let start = (n * self.layout.documents_per_file).min(self.documents.len());
                let end = (start + self.layout.documents_per_file).min(self.documents.len());
                let rows: Vec<[&str; 4]> =
                    self.documents[start..end].iter().map(|d| [d.kind, d.url.as_str(), d.title.as_str(), d.excerpt.as_str()]).collect();
                Ok(format!("steleSearch.documents({n},{});\n", serde_json::to_string(&rows)?))
            }
            SearchFile::Terms(n) => {
                let empty = BTreeMap::new();
                let terms = self.terms.get(n).unwrap_or(&empty);
                Ok(format!("steleSearch.terms({n},{});\n", serde_json::to_string(terms)?))
            }
        }
    }
}

/// Sites or actors as documents: name and aliases weigh as a title.
fn entities<F: crate::entities::ShownEntity>(v: Views, kind: &'static str, url: fn(&str) -> String, sources: &mut Vec<(Document, Texts)>) {
    for ix in 0..v.count::<F>() {
        let entity: &Entity<F> = v.entity::<F>(ix);
        let body = text::plain(&entity.body_html);
        let aliases = if entity.aliases.is_empty() { String::new() } else { format!("{}. ", entity.aliases.join(", ")) };
        let excerpt = text::excerpt(&format!("{aliases}{body}"), EXCERPT);
        let document = Document { kind, url: url(&entity.id), title: entity.name.clone(), excerpt };
        let title = std::iter::once(&entity.name).chain(&entity.aliases).cloned().collect();
        sources.push((document, Texts { title, body, ..Texts::default() }));
    }
}

/// A document's terms with their weights, sorted by term (so the index is
/// the same on every build).
fn weigh(texts: &Texts) -> Vec<(String, u32)> {
    let mut weights: HashMap<String, u32> = HashMap::new();
    let mut add = |text: &str, weight: u32| {
        words::terms(text, |term| {
            let total = weights.entry(term.to_string()).or_default();
            *total = (*total + weight).min(MOST_WEIGHT);
        })
    };
    for title in &texts.title {
        add(title, TITLE_WEIGHT);
    }
    for name in &texts.names {
        add(name, NAMES_WEIGHT);
    }
    if let Some(summary) = &texts.summary {
        add(summary, SUMMARY_WEIGHT);
    }
    add(&texts.body, BODY_WEIGHT);
    let mut sorted: Vec<(String, u32)> = weights.into_iter().collect();
    sorted.sort_unstable();
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_files_are_a_power_of_two_and_grow_with_the_collection() {
        assert_eq!(Layout::for_documents(0).terms_files, 1);
        assert_eq!(Layout::for_documents(0).documents_files, 1);
        assert_eq!(Layout::for_documents(40).terms_files, 1);
        assert_eq!(Layout::for_documents(35_000).terms_files, 256);
        assert_eq!(Layout::for_documents(1_000).terms_files, 4);
        assert_eq!(Layout::for_documents(1_001).documents_files, 3);
    }

    #[test]
    fn the_hash_is_fnv1a_over_utf16() {
        // Values search.js computes for the same words (see tests/browser/search.test.mjs).
        assert_eq!(terms_file_of("palmyra", 256), 0x18f2_05f1 & 255);
        assert_eq!(terms_file_of("تدمر", 256), 8);
        assert_eq!(terms_file_of("anything", 1), 0);
    }
}
