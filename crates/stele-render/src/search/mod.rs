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
use foldhash::HashMap;
use rayon::prelude::*;
use serde::Serialize;
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

/// The whole index, made once per build, already cut into its files' texts.
pub struct SearchIndex {
    documents: Vec<String>,
    terms: Vec<String>,
}

/// What a document is made from, borrowed from the model: read on one
/// thread through `Views`, made into terms and an excerpt on many.
struct Source<'a> {
    kind: &'static str,
    url: String,
    title: &'a str,
    /// Weighed as the title: names and aliases.
    also_titles: &'a [String],
    /// Weighed as a summary: an event's sites and actors.
    names: Vec<&'a str>,
    summary: Option<&'a str>,
    body_html: Option<&'a str>,
    /// What the excerpt starts with; the body's text follows unless `lead_only`.
    lead: String,
    lead_only: bool,
}

/// Documents made into terms on one thread at a time: enough for the work
/// to be worth a thread, few enough that two cores share it.
const DOCUMENTS_PER_CHUNK: usize = 1024;

/// Per terms file, each term with its flat list of (document number, weight).
type TermsByFile = Vec<HashMap<String, Vec<u32>>>;

impl SearchIndex {
    /// Reads every report, site, actor and event through `v` (which should
    /// not record: `Views::note_search_index` records what this reads, on
    /// the page's thread). `parallel`: make terms on rayon's threads, never
    /// from inside a page being rendered (rayon may have stolen into it a
    /// page waiting for this same index).
    pub fn build(v: Views, layout: Layout, parallel: bool) -> SearchIndex {
        let sources = sources(v, layout);
        let chunks: Vec<&[Source]> = sources.chunks(DOCUMENTS_PER_CHUNK).collect();
        let made = |(c, chunk): (usize, &&[Source])| chunk_terms(c * DOCUMENTS_PER_CHUNK, chunk, layout.terms_files);
        let chunks: Vec<(Vec<Document>, TermsByFile)> = match parallel {
            true => chunks.par_iter().enumerate().map(made).collect(),
            false => chunks.iter().enumerate().map(made).collect(),
        };
        let (documents, mut terms): (Vec<Vec<Document>>, Vec<TermsByFile>) = chunks.into_iter().unzip();
        let documents: Vec<Document> = documents.into_iter().flatten().collect();
        // Each terms file gathers its terms from every chunk, in document order.
        let by_file: Vec<Vec<HashMap<String, Vec<u32>>>> =
            (0..layout.terms_files).map(|file| terms.iter_mut().map(|chunk| std::mem::take(&mut chunk[file])).collect()).collect();
        let write_terms = |(file, parts): (usize, Vec<HashMap<String, Vec<u32>>>)| terms_text(file, parts);
        let write_documents = |(file, rows): (usize, &[Document])| documents_text(file, rows);
        let rows: Vec<&[Document]> = documents.chunks(layout.documents_per_file).collect();
        let (terms, mut documents): (Vec<String>, Vec<String>) = match parallel {
            true => (by_file.into_par_iter().enumerate().map(write_terms).collect(), rows.into_par_iter().enumerate().map(write_documents).collect()),
            false => (by_file.into_iter().enumerate().map(write_terms).collect(), rows.into_iter().enumerate().map(write_documents).collect()),
        };
        if documents.is_empty() {
            documents.push(documents_text(0, &[]));
        }
        SearchIndex { documents, terms }
    }

    /// The text of `file`: a script handing its part of the index to
    /// search.js (`steleSearch.documents(N, [...])`, `steleSearch.terms(N, {...})`).
    pub fn file(&self, file: SearchFile) -> &str {
        let texts = match file {
            SearchFile::Documents(_) => &self.documents,
            SearchFile::Terms(_) => &self.terms,
        };
        let (SearchFile::Documents(n) | SearchFile::Terms(n)) = file;
        texts.get(n).map_or("", String::as_str)
    }
}

/// Every document, in a fixed order: reports (newest first), sites, actors, events.
fn sources<'a>(v: Views<'a>, layout: Layout) -> Vec<Source<'a>> {
    let mut sources = Vec::with_capacity(layout.documents);
    for ix in 0..v.article_count() {
        let a = v.article(ix);
        let (lead, lead_only) = match &a.summary {
            Some(summary) => (summary.clone(), true),
            None => (String::new(), false),
        };
        sources.push(Source {
            kind: "report",
            url: urls::article(&a.id),
            title: &a.title,
            also_titles: &[],
            names: Vec::new(),
            summary: a.summary.as_deref(),
            body_html: Some(&a.body_html),
            lead,
            lead_only,
        });
    }
    entities::<SiteFacts>(v, "site", urls::site, &mut sources);
    entities::<ActorFacts>(v, "actor", urls::actor, &mut sources);
    for ix in 0..v.event_count() {
        let e = v.event(ix);
        let sites = e.sites.iter().map(|&s| v.label::<SiteFacts>(s).name);
        let names: Vec<&str> = sites.chain(e.actors.iter().map(|a| v.label::<ActorFacts>(a.actor).name)).collect();
        let place = if names.is_empty() { String::new() } else { format!(" · {}", names.join(", ")) };
        sources.push(Source {
            kind: "event",
            url: urls::event(&e.id),
            title: &e.title,
            also_titles: &[],
            names,
            summary: None,
            body_html: e.description_html.as_deref(),
            lead: format!("{}{place}.", v.date_label(ix)),
            lead_only: false,
        });
    }
    sources
}

/// Sites or actors as documents: name and aliases weigh as a title.
fn entities<'a, F: crate::entities::ShownEntity>(v: Views<'a>, kind: &'static str, url: fn(&str) -> String, sources: &mut Vec<Source<'a>>) {
    for ix in 0..v.count::<F>() {
        let entity: &Entity<F> = v.entity::<F>(ix);
        let lead = if entity.aliases.is_empty() { String::new() } else { format!("{}.", entity.aliases.join(", ")) };
        sources.push(Source {
            kind,
            url: url(&entity.id),
            title: &entity.name,
            also_titles: &entity.aliases,
            names: Vec::new(),
            summary: None,
            body_html: Some(&entity.body_html),
            lead,
            lead_only: false,
        });
    }
}

/// The documents of one chunk (the first numbered `first`) and their
/// terms, by terms file.
fn chunk_terms(first: usize, chunk: &[Source], terms_files: usize) -> (Vec<Document>, TermsByFile) {
    let mut terms: TermsByFile = vec![HashMap::default(); terms_files];
    let mut documents = Vec::with_capacity(chunk.len());
    for (i, source) in chunk.iter().enumerate() {
        let number = u32::try_from(first + i).unwrap_or(u32::MAX);
        let body = source.body_html.map(text::plain).unwrap_or_default();
        for (term, weight) in weigh(source, &body) {
            terms[terms_file_of(&term, terms_files)].entry(term).or_default().extend([number, weight]);
        }
        let excerpt = match (source.lead_only, source.lead.is_empty()) {
            (true, _) => text::excerpt(&source.lead, EXCERPT),
            (false, true) => text::excerpt(&body, EXCERPT),
            (false, false) => text::excerpt(&format!("{} {body}", source.lead), EXCERPT),
        };
        documents.push(Document { kind: source.kind, url: source.url.clone(), title: source.title.to_string(), excerpt });
    }
    (documents, terms)
}

/// A document's terms with their weights.
fn weigh(source: &Source, body: &str) -> HashMap<String, u32> {
    // About as many terms as a report of a few hundred words has.
    let mut weights: HashMap<String, u32> = HashMap::with_capacity_and_hasher(512, Default::default());
    let mut add = |text: &str, weight: u32| {
        words::terms(text, |term| match weights.get_mut(term) {
            Some(total) => *total = (*total + weight).min(MOST_WEIGHT),
            // Most words of a body are repeats: a new term only is allocated.
            None => {
                weights.insert(term.to_string(), weight);
            }
        })
    };
    for title in std::iter::once(source.title).chain(source.also_titles.iter().map(String::as_str)) {
        add(title, TITLE_WEIGHT);
    }
    for name in &source.names {
        add(name, NAMES_WEIGHT);
    }
    if let Some(summary) = source.summary {
        add(summary, SUMMARY_WEIGHT);
    }
    add(body, BODY_WEIGHT);
    weights
}

/// `search/terms-N.js`: the terms sorted, each with its postings gathered
/// from the chunks in order (so in document order).
fn terms_text(file: usize, parts: Vec<HashMap<String, Vec<u32>>>) -> String {
    let mut terms: HashMap<String, Vec<u32>> = HashMap::default();
    for part in parts {
        for (term, postings) in part {
            terms.entry(term).or_default().extend(postings);
        }
    }
    let mut sorted: Vec<(String, Vec<u32>)> = terms.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(sorted.iter().map(|(term, postings)| term.len() + 6 + postings.len() * 5).sum::<usize>() + 32);
    out.push_str(&format!("steleSearch.terms({file},{{"));
    for (i, (term, postings)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A term is letters and digits: JSON-quoting it needs no escapes.
        out.push('"');
        out.push_str(term);
        out.push_str("\":[");
        for (j, &n) in postings.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_number(&mut out, n);
        }
        out.push(']');
    }
    out.push_str("});\n");
    out
}

/// `n` in decimal at the end of `out`: the terms files are mostly numbers,
/// millions of them in a large archive, and `to_string` allocates each.
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// `search/documents-N.js`: each document as `[kind, url, title, excerpt]`.
fn documents_text(file: usize, rows: &[Document]) -> String {
    let rows: Vec<[&str; 4]> = rows.iter().map(|d| [d.kind, d.url.as_str(), d.title.as_str(), d.excerpt.as_str()]).collect();
    // Plain strings always serialize. `<`, `>` and `&` only occur inside
    // strings: escaped, the file is safe even inlined in a `<script>`.
    let json = serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into()).replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
    format!("steleSearch.documents({file},{json});\n")
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
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 255, 4_294_967_295] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn the_hash_is_fnv1a_over_utf16() {
        // Values search.js computes for the same words (see tests/browser/search.test.mjs).
        assert_eq!(terms_file_of("palmyra", 256), 0x18f2_05f1 & 255);
        assert_eq!(terms_file_of("تدمر", 256), 8);
        assert_eq!(terms_file_of("anything", 1), 0);
    }
}

/// The search page's data (`search.html`).
#[derive(serde::Serialize)]
pub struct SearchData {
    /// How the index is split: `documents`, `documents_per_file`, `documents_files`, `terms_files`.
    pub search: Layout,
}
