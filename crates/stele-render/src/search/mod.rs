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

mod cut;
mod text;
pub mod words;

use crate::views::Views;
use foldhash::HashMap;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use stele_core::model::{ActorFacts, Entity, SiteFacts, SiteModel};
use stele_core::urls;
use xxhash_rust::xxh3::Xxh3;

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

/// The whole index, made once per build, already cut into its files' texts.
pub struct SearchIndex {
    documents: Vec<FileText>,
    /// Shared with the cut `serve` keeps (`KeptDocuments`).
    terms: Vec<FileText>,
}

/// A file's text until the page writing it takes it (`SearchIndex::take_file`).
type FileText = Mutex<Option<Arc<String>>>;

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

impl Source<'_> {
    /// Hash of everything the document is made from: equal, its `Indexed`
    /// from an earlier build stands.
    fn fingerprint(&self) -> u128 {
        let mut hasher = Xxh3::new();
        let mut text = |text: &str| {
            hasher.update(&(text.len() as u64).to_le_bytes());
            hasher.update(text.as_bytes());
        };
        text(self.kind);
        text(&self.url);
        text(self.title);
        text(&self.lead);
        text(if self.lead_only { "lead only" } else { "lead and body" });
        // Each list and optional text is counted, so that no two sources run together.
        text(&self.also_titles.len().to_string());
        self.also_titles.iter().for_each(|title| text(title));
        text(&self.names.len().to_string());
        self.names.iter().for_each(|name| text(name));
        for optional in [self.summary, self.body_html] {
            text(if optional.is_some() { "some" } else { "none" });
            text(optional.unwrap_or_default());
        }
        hasher.digest128()
    }
}

/// One document made ready for the index: its row of a documents file and
/// its terms, kept between builds of `serve` (`KeptDocuments`).
#[derive(Debug, PartialEq, Eq)]
struct Indexed {
    /// `[kind,url,title,excerpt]` as JSON, with `<`, `>` and `&` escaped.
    row: String,
    /// The document's distinct terms, each followed by a space: one string
    /// rather than one per term.
    terms: String,
    /// Each term's weight, in the order of `terms`.
    weights: Vec<u8>,
}

impl Indexed {
    fn of(source: &Source) -> Indexed {
        let body = source.body_html.map(text::text_of).unwrap_or_default();
        let (terms, weights) = weigh(source, &body);
        let excerpt = excerpt(source, &body);
        Indexed { row: row(source.kind, &source.url, source.title, &excerpt), terms, weights }
    }

    /// Each term with its weight.
    fn terms(&self) -> impl Iterator<Item = (&str, u8)> {
        self.terms.split_terminator(' ').zip(self.weights.iter().copied())
    }
}

/// Documents made into terms by an earlier build of `serve`, by URL, each
/// with the fingerprint of its source: a rebuild makes again only those
/// whose text changed (an edit to one report makes one).
#[derive(Default)]
pub struct KeptDocuments(Mutex<Kept>);

#[derive(Default)]
struct Kept {
    /// Each document by URL, with the fingerprint of its source.
    documents: HashMap<String, (u128, Arc<Indexed>)>,
    /// The last cut into terms files, updated in place when it can be.
    cut: Option<cut::Cut>,
}

impl KeptDocuments {
    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The terms files of `indexed` (from `sources`), from the last cut
    /// updated where only some documents changed, else cut whole; the cut
    /// is kept for the next build.
    fn terms_files(&self, sources: &[Source], indexed: Vec<Arc<Indexed>>, terms_files: usize, parallel: bool) -> Vec<Arc<String>> {
        let urls: Vec<String> = sources.iter().map(|source| source.url.clone()).collect();
        let last = self.kept().cut.take().filter(|cut| cut.terms_files() == terms_files);
        let cut = match last {
            Some(last) => match last.update(&urls, indexed, parallel) {
                Ok(updated) => updated,
                Err(indexed) => cut::Cut::whole(urls, indexed, terms_files, parallel),
            },
            None => cut::Cut::whole(urls, indexed, terms_files, parallel),
        };
        let texts = cut.texts().to_vec();
        self.kept().cut = Some(cut);
        texts
    }
}

/// Documents made on one thread at a time: enough for the work to be
/// worth a thread, few enough that two cores share it.
const DOCUMENTS_PER_CHUNK: usize = 1024;

impl SearchIndex {
    /// Reads every report, site, actor and event through `v` (which should
    /// not record: `Views::note_search_index` records what this reads, on
    /// the page's thread). `parallel`: make terms on rayon's threads, never
    /// from inside a page being rendered (rayon may have stolen into it a
    /// page waiting for this same index). `kept`: documents of the last
    /// build, reused where their source is unchanged, and replaced by this
    /// build's.
    pub fn build(v: Views, layout: Layout, parallel: bool, kept: Option<&KeptDocuments>) -> SearchIndex {
        let sources = sources(v, layout, parallel);
        let (documents, terms) = match kept {
            Some(kept) => {
                let (indexed, _made) = index_documents(&sources, parallel, kept.into());
                let documents = documents_files(indexed.iter().map(|indexed| indexed.row.as_str()), layout, parallel);
                (documents, kept.terms_files(&sources, indexed, layout.terms_files, parallel))
            }
            None => {
                let (rows, terms) = made_once(&sources, layout.terms_files, parallel, DOCUMENTS_PER_CHUNK);
                let documents = documents_files(rows.iter().map(String::as_str), layout, parallel);
                (documents, terms.into_iter().map(Arc::new).collect())
            }
        };
        let slot = |text: Arc<String>| Mutex::new(Some(text));
        SearchIndex { documents: documents.into_iter().map(Arc::new).map(slot).collect(), terms: terms.into_iter().map(slot).collect() }
    }

    /// The text of `file`: a script handing its part of the index to
    /// search.js (`steleSearch.documents(N, [...])`, `steleSearch.terms(N, {...})`).
    pub fn file(&self, file: SearchFile) -> Arc<String> {
        self.slot(file).and_then(|slot| slot.lock().unwrap_or_else(|e| e.into_inner()).clone()).unwrap_or_default()
    }

    /// The text of `file`, handed over: each file is written once per
    /// build, and a large archive's index is tens of megabytes that need
    /// not wait in memory for the last page (unless `serve` keeps them).
    pub fn take_file(&self, file: SearchFile) -> String {
        let text = self.slot(file).and_then(|slot| slot.lock().unwrap_or_else(|e| e.into_inner()).take()).unwrap_or_default();
        Arc::try_unwrap(text).unwrap_or_else(|shared| shared.to_string())
    }

    fn slot(&self, file: SearchFile) -> Option<&FileText> {
        match file {
            SearchFile::Documents(n) => self.documents.get(n),
            SearchFile::Terms(n) => self.terms.get(n),
        }
    }
}

/// Every source made into an `Indexed`, in order, and how many were made
/// now (the rest came from `kept`, which then holds this build's).
fn index_documents(sources: &[Source], parallel: bool, kept: Option<&KeptDocuments>) -> (Vec<Arc<Indexed>>, usize) {
    let old = kept.map(|kept| std::mem::take(&mut kept.kept().documents)).unwrap_or_default();
    // (fingerprint when keeping, the document, whether it was made now)
    let one = |source: &Source| -> (u128, Arc<Indexed>, bool) {
        let Some(fingerprint) = kept.map(|_| source.fingerprint()) else { return (0, Arc::new(Indexed::of(source)), true) };
        match old.get(&source.url) {
            Some((old_fingerprint, indexed)) if *old_fingerprint == fingerprint => (fingerprint, Arc::clone(indexed), false),
            _ => (fingerprint, Arc::new(Indexed::of(source)), true),
        }
    };
    let done: Vec<(u128, Arc<Indexed>, bool)> = match parallel {
        true => sources.par_iter().with_min_len(DOCUMENTS_PER_CHUNK / 8).map(one).collect(),
        false => sources.iter().map(one).collect(),
    };
    let made = done.iter().filter(|(_, _, made)| *made).count();
    if let Some(kept) = kept {
        let now = sources.iter().zip(&done).map(|(source, (fingerprint, indexed, _))| (source.url.clone(), (*fingerprint, Arc::clone(indexed))));
        kept.kept().documents = now.collect();
    }
    (done.into_iter().map(|(_, indexed, _)| indexed).collect(), made)
}

/// The texts of the documents files, from every document's row in order.
fn documents_files<'r>(rows: impl Iterator<Item = &'r str>, layout: Layout, parallel: bool) -> Vec<String> {
    let rows: Vec<&str> = rows.collect();
    let files: Vec<&[&str]> = rows.chunks(layout.documents_per_file).collect();
    let write = |(file, rows): (usize, &[&str])| documents_text(file, rows);
    let mut documents: Vec<String> = match parallel {
        true => files.into_par_iter().enumerate().map(write).collect(),
        false => files.into_iter().enumerate().map(write).collect(),
    };
    if documents.is_empty() {
        documents.push(documents_text(0, &[]));
    }
    documents
}

/// Every document's row and the texts of the terms files, for a build that
/// keeps nothing for the next: documents are made `chunk` at a time, and
/// each chunk's terms become postings at once, so that the documents'
/// terms (the index's largest part in memory) never all wait together.
/// Each terms file then joins its terms' postings from the chunks in order
/// (so in document order).
fn made_once(sources: &[Source], terms_files: usize, parallel: bool, chunk: usize) -> (Vec<String>, Vec<String>) {
    let make = |(c, sources): (usize, &[Source])| ChunkPostings::of(c * chunk, sources, terms_files);
    let chunks: Vec<ChunkPostings> = match parallel {
        true => sources.par_chunks(chunk).enumerate().map(make).collect(),
        false => sources.chunks(chunk).enumerate().map(make).collect(),
    };
    let mut rows = Vec::with_capacity(sources.len());
    let mut terms = Vec::with_capacity(chunks.len());
    let mut postings = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        rows.extend(chunk.rows);
        terms.push(chunk.terms);
        postings.push(chunk.postings);
    }
    // Per file, per chunk in order, the chunk's terms of the file with their postings.
    let files: Vec<Vec<Vec<TermPostings>>> = (0..terms_files)
        .map(|file| {
            terms
                .iter()
                .zip(postings.iter_mut())
                .map(|(terms, postings)| terms[file].split_terminator(' ').zip(std::mem::take(&mut postings[file])).collect())
                .collect()
        })
        .collect();
    let write = |(file, parts): (usize, Vec<Vec<TermPostings>>)| terms_text(file, &sorted_terms(&parts));
    let texts = match parallel {
        true => files.into_par_iter().enumerate().map(write).collect(),
        false => files.into_iter().enumerate().map(write).collect(),
    };
    (rows, texts)
}

/// A chunk of documents made into rows and postings (`made_once`).
struct ChunkPostings {
    rows: Vec<String>,
    /// Per terms file, the chunk's terms of that file, each followed by a space.
    terms: Vec<String>,
    /// Per terms file, each of those terms' postings, in the same order.
    postings: Vec<Vec<Vec<u32>>>,
}

impl ChunkPostings {
    /// `sources`, numbered from `first`. Every occurrence of a term goes
    /// straight to its postings through one table for the whole chunk, so
    /// no document's own table of terms is made (that is `Indexed`, which
    /// `serve` keeps): the postings are those `postings_by_file` makes
    /// from the documents' `Indexed`.
    fn of(first: usize, sources: &[Source], terms_files: usize) -> ChunkPostings {
        let mut rows = Vec::with_capacity(sources.len());
        let folded: Vec<Folded> = sources
            .iter()
            .map(|source| {
                let body = source.body_html.map(text::text_of).unwrap_or_default();
                rows.push(row(source.kind, &source.url, source.title, &excerpt(source, &body)));
                Folded::of(source, &body)
            })
            .collect();
        let hasher = words::TermHasher::default();
        let mut places = TermPlaces::default();
        let mut found: Vec<TermPostings> = Vec::new();
        for (i, document) in folded.iter().enumerate() {
            let Some(number) = posting(first + i, 0) else { continue };
            document.each_hashed_term(hasher, |term, hash, weight| {
                let at = places.place(term, hash, found.len()).unwrap_or_else(|| {
                    found.push((term, Vec::new()));
                    found.len() - 1
                });
                let postings = &mut found[at].1;
                match postings.last_mut() {
                    // The term is in this document already: the weights add up, to at most MOST_WEIGHT.
                    Some(last) if *last & !0xff == number => *last = number | (*last & 0xff).saturating_add(weight).min(MOST_WEIGHT),
                    _ => postings.push(number | weight.min(MOST_WEIGHT)),
                }
            });
        }
        let mut terms = vec![String::new(); terms_files];
        let mut postings = vec![Vec::new(); terms_files];
        for (term, list) in found {
            let file = terms_file_of(term, terms_files);
            terms[file].push_str(term);
            terms[file].push(' ');
            postings[file].push(list);
        }
        ChunkPostings { rows, terms, postings }
    }
}

/// Per terms file, per chunk of documents in order, the chunk's terms of
/// that file with their postings.
fn chunk_postings<'a>(indexed: &'a [Arc<Indexed>], terms_files: usize, parallel: bool) -> Vec<Vec<Vec<TermPostings<'a>>>> {
    let chunks: Vec<&'a [Arc<Indexed>]> = indexed.chunks(DOCUMENTS_PER_CHUNK).collect();
    let by_file = |(c, chunk): (usize, &&'a [Arc<Indexed>])| postings_by_file(c * DOCUMENTS_PER_CHUNK, chunk, terms_files);
    let mut chunks: Vec<Vec<Vec<TermPostings>>> = match parallel {
        true => chunks.par_iter().enumerate().map(by_file).collect(),
        false => chunks.iter().enumerate().map(by_file).collect(),
    };
    (0..terms_files).map(|file| chunks.iter_mut().map(|chunk| std::mem::take(&mut chunk[file])).collect()).collect()
}

/// A term and, for each document of a chunk holding it, a posting: the
/// document's number and the term's weight there in one `u32` (`posting`).
/// Half the memory of a pair: the postings of a large archive are its
/// index's largest part while the files are cut.
type TermPostings<'a> = (&'a str, Vec<u32>);

/// The most documents the index can number: postings keep a document's
/// number in 24 bits. Documents beyond it are not indexed (an archive of
/// 16 million pages is far beyond what one build writes).
const MOST_DOCUMENTS: usize = 1 << 24;

/// Document `number` holding a term with `weight`.
fn posting(number: usize, weight: u8) -> Option<u32> {
    let number = u32::try_from(number).ok().filter(|&n| (n as usize) < MOST_DOCUMENTS)?;
    Some(number << 8 | u32::from(weight))
}

/// A posting's document number and weight.
fn unpack(posting: u32) -> (u32, u32) {
    (posting >> 8, posting & 0xff)
}

/// The terms of `chunk` (whose first document is numbered `first`) with
/// their postings, by terms file.
fn postings_by_file(first: usize, chunk: &[Arc<Indexed>], terms_files: usize) -> Vec<Vec<TermPostings<'_>>> {
    let mut postings: HashMap<&str, Vec<u32>> = HashMap::default();
    for (i, document) in chunk.iter().enumerate() {
        for (term, weight) in document.terms() {
            if let Some(posting) = posting(first + i, weight) {
                postings.entry(term).or_default().push(posting);
            }
        }
    }
    let mut files: Vec<Vec<TermPostings>> = vec![Vec::new(); terms_files];
    for (term, postings) in postings {
        files[terms_file_of(term, terms_files)].push((term, postings));
    }
    files
}

/// Every document, in a fixed order: reports (newest first), sites, actors,
/// events by id. Results of equal weight come in this order. Events go by
/// id rather than by date so that an event's new date leaves every
/// document's number as it was, and `serve` updates the index in place.
/// `parallel`: read on rayon's threads (see `SearchIndex::build`).
fn sources<'a>(v: Views<'a>, layout: Layout, parallel: bool) -> Vec<Source<'a>> {
    // The index records one global fact for all it reads (`note_search_index`).
    let all = v.unrecorded();
    let mut events: Vec<usize> = (0..v.event_count()).collect();
    events.sort_unstable_by(|&a, &b| v.event(a).id.cmp(&v.event(b).id));
    let mut sources = Vec::with_capacity(layout.documents);
    sources.extend(each(v.article_count(), parallel, |ix| report(all.views(), ix)));
    sources.extend(each(v.count::<SiteFacts>(), parallel, |ix| entity::<SiteFacts>(all.views(), "site", urls::site, ix)));
    sources.extend(each(v.count::<ActorFacts>(), parallel, |ix| entity::<ActorFacts>(all.views(), "actor", urls::actor, ix)));
    sources.extend(each(events.len(), parallel, |i| event(all.views(), events[i])));
    sources
}

/// `make(0..n)`, in order, on rayon's threads when `parallel`.
fn each<T: Send>(n: usize, parallel: bool, make: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    match parallel {
        true => (0..n).into_par_iter().map(make).collect(),
        false => (0..n).map(make).collect(),
    }
}

/// Report `ix` as a document: its summary (or its body) leads the excerpt.
fn report(v: Views, ix: usize) -> Source {
    let a = v.article(ix);
    let (lead, lead_only) = match &a.summary {
        Some(summary) => (summary.clone(), true),
        None => (String::new(), false),
    };
    Source {
        kind: "report",
        url: urls::article(&a.id),
        title: &a.title,
        also_titles: &[],
        names: Vec::new(),
        summary: a.summary.as_deref(),
        body_html: Some(&a.body_html),
        lead,
        lead_only,
    }
}

/// Event `ix` as a document: its sites' and actors' names weigh as a
/// summary; its date and places lead the excerpt.
fn event(v: Views, ix: usize) -> Source {
    let e = v.event(ix);
    let sites = e.sites.iter().map(|&s| v.label::<SiteFacts>(s).name);
    let names: Vec<&str> = sites.chain(e.actors.iter().map(|a| v.label::<ActorFacts>(a.actor).name)).collect();
    let place = if names.is_empty() { String::new() } else { format!(" · {}", names.join(", ")) };
    Source {
        kind: "event",
        url: urls::event(&e.id),
        title: &e.title,
        also_titles: &[],
        names,
        summary: None,
        body_html: e.description_html.as_deref(),
        lead: format!("{}{place}.", v.date_label(ix)),
        lead_only: false,
    }
}

/// A site or an actor as a document: name and aliases weigh as a title.
fn entity<'a, F: crate::entities::ShownEntity>(v: Views<'a>, kind: &'static str, url: fn(&str) -> String, ix: usize) -> Source<'a> {
    let entity: &Entity<F> = v.entity::<F>(ix);
    let lead = if entity.aliases.is_empty() { String::new() } else { format!("{}.", entity.aliases.join(", ")) };
    Source {
        kind,
        url: url(&entity.id),
        title: &entity.name,
        also_titles: &entity.aliases,
        names: Vec::new(),
        summary: None,
        body_html: Some(&entity.body_html),
        lead,
        lead_only: false,
    }
}

/// A document's texts folded into one buffer (`words::normalise_into`),
/// whose words are then counted where they lie: no string is made per word.
struct Folded {
    text: String,
    /// Where each of the document's texts ends in `text`, and what its words weigh.
    ends: Vec<(usize, u32)>,
}

impl Folded {
    fn of(source: &Source, body: &str) -> Folded {
        let titles = std::iter::once(source.title).chain(source.also_titles.iter().map(String::as_str));
        let texts = titles.map(|title| (title, TITLE_WEIGHT));
        let texts = texts.chain(source.names.iter().map(|name| (*name, NAMES_WEIGHT)));
        let texts = texts.chain(source.summary.map(|summary| (summary, SUMMARY_WEIGHT)));
        let texts = texts.chain(std::iter::once((body, BODY_WEIGHT)));
        let mut text = String::with_capacity(body.len() + 256);
        let mut ends = Vec::with_capacity(4);
        for (part, weight) in texts {
            words::normalise_into(part, &mut text);
            // A space between texts keeps their words apart.
            text.push(' ');
            ends.push((text.len(), weight));
        }
        Folded { text, ends }
    }

    /// Each occurrence of a term, with its hash and what it weighs there.
    fn each_hashed_term<'t>(&'t self, hasher: words::TermHasher, mut each: impl FnMut(&'t str, u64, u32)) {
        let mut start = 0;
        for &(end, weight) in &self.ends {
            words::hashed_terms_of_normalised(&self.text[start..end], hasher, |term, hash| each(term, hash, weight));
            start = end;
        }
    }
}

/// The distinct terms met so far, each with its hash (made while the word
/// was read, `words::hashed_terms_of_normalised`) and its place in a list
/// the caller keeps: one probe per occurrence of a term.
#[derive(Default)]
struct TermPlaces<'t>(hashbrown::HashTable<(&'t str, u64, usize)>);

impl<'t> TermPlaces<'t> {
    /// Where `term` was put, or None when it is new: it is then noted as put at `next`.
    fn place(&mut self, term: &'t str, hash: u64, next: usize) -> Option<usize> {
        if let Some(&(_, _, at)) = self.0.find(hash, |&(known, known_hash, _)| known_hash == hash && known == term) {
            return Some(at);
        }
        self.0.insert_unique(hash, (term, hash, next), |&(_, hash, _)| hash);
        None
    }
}

/// A document's distinct terms, each followed by a space, and their weights.
fn weigh(source: &Source, body: &str) -> (String, Vec<u8>) {
    let folded = Folded::of(source, body);
    // About as many terms as a report of a few hundred words has.
    let mut found: Vec<(&str, u32)> = Vec::with_capacity(256);
    let mut places = TermPlaces::default();
    folded.each_hashed_term(words::TermHasher::default(), |term, hash, weight| match places.place(term, hash, found.len()) {
        Some(at) => found[at].1 = (found[at].1 + weight).min(MOST_WEIGHT),
        None => found.push((term, weight)),
    });
    let mut terms = String::with_capacity(found.iter().map(|(term, _)| term.len() + 1).sum());
    let mut weights = Vec::with_capacity(found.len());
    for (term, weight) in found {
        terms.push_str(term);
        terms.push(' ');
        weights.push(u8::try_from(weight).unwrap_or(u8::MAX));
    }
    (terms, weights)
}

/// What a result shows under its title: the lead, or the body's text, or
/// both, cut to [`EXCERPT`] characters. `body` is the body's text
/// uncollapsed; only its head is collapsed.
fn excerpt(source: &Source, body: &str) -> String {
    match (source.lead_only, source.lead.is_empty()) {
        (true, _) => text::excerpt(&source.lead, EXCERPT),
        (false, true) => text::excerpt(&text::head(body, EXCERPT + 1), EXCERPT),
        (false, false) => text::excerpt(&format!("{} {}", source.lead, text::head(body, EXCERPT + 1)), EXCERPT),
    }
}

/// A document's row of its documents file: `[kind,url,title,excerpt]`.
fn row(kind: &str, url: &str, title: &str, excerpt: &str) -> String {
    // Plain strings always serialize.
    let json = serde_json::to_string(&[kind, url, title, excerpt]).unwrap_or_else(|_| "[]".into());
    let mut out = String::with_capacity(json.len() + 16);
    // `<`, `>` and `&` only occur inside strings: escaped, the file is
    // safe even inlined in a `<script>`.
    let mut rest = json.as_str();
    while let Some(at) = memchr::memchr3(b'<', b'>', b'&', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// `search/terms-N.js` from its terms' postings, by chunk in order: the
/// terms sorted, each with its documents and weights in document order.
/// The terms of one file gathered from its chunks (in order, so each
/// term's postings stay in document order), sorted by term.
fn sorted_terms<'p>(parts: &'p [Vec<TermPostings>]) -> Vec<(&'p str, Vec<&'p [u32]>)> {
    let mut terms: HashMap<&str, Vec<&[u32]>> = HashMap::default();
    for &(term, ref postings) in parts.iter().flatten() {
        terms.entry(term).or_default().push(postings);
    }
    let mut sorted: Vec<(&str, Vec<&[u32]>)> = terms.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    sorted
}

/// The text of terms file `file`: its terms, sorted, each with its postings (in pieces, in document order).
fn terms_text(file: usize, sorted: &[(&str, Vec<&[u32]>)]) -> String {
    // Room for a posting's two numbers of a few digits each; the text is
    // copied out at its size below, as the files wait in memory until they
    // are written (`shrink_to_fit` may keep the whole block). Counting every
    // digit first cost a third of the writing.
    let postings: usize = sorted.iter().flat_map(|(_, pieces)| pieces.iter().map(|piece| piece.len())).sum();
    let mut out = String::with_capacity(sorted.iter().map(|(term, _)| term.len() + 6).sum::<usize>() + postings * 8 + 32);
    out.push_str(&terms_start(file));
    for (i, (term, postings)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_term(&mut out, term, postings.iter().copied().flatten());
    }
    out.push_str(TERMS_END);
    out.as_str().to_owned()
}

/// What ends a terms file.
const TERMS_END: &str = "});\n";

/// The start of terms file `file`.
fn terms_start(file: usize) -> String {
    let mut out = String::from("steleSearch.terms(");
    push_number(&mut out, u32::try_from(file).unwrap_or(u32::MAX));
    out.push_str(",{");
    out
}

/// One term of a terms file: `"term":[gap,weight,...]`.
fn push_term<'p>(out: &mut String, term: &str, postings: impl Iterator<Item = &'p u32>) {
    // A term is letters and digits: JSON-quoting it needs no escapes.
    out.push('"');
    out.push_str(term);
    out.push_str("\":[");
    for (j, (gap, weight)) in gaps(postings).enumerate() {
        if j > 0 {
            out.push(',');
        }
        push_number(out, gap);
        out.push(',');
        push_number(out, weight);
    }
    out.push(']');
}

/// A term's postings (in document order) as the file writes them: each
/// document's number as the gap from the one before (the first from 0),
/// with its weight. Gaps are short numbers where a common term's document
/// numbers are long: the files are about 40 % smaller.
fn gaps<'p, P: Iterator<Item = &'p u32>>(postings: P) -> impl Iterator<Item = (u32, u32)> + use<'p, P> {
    let mut previous = 0;
    postings.map(move |&p| {
        let (number, weight) = unpack(p);
        let gap = number.saturating_sub(previous);
        previous = number;
        (gap, weight)
    })
}

/// `n` in decimal at the end of `out`: the terms files are mostly numbers,
/// millions of them in a large archive, and `to_string` allocates each.
fn push_number(out: &mut String, n: u32) {
    // Most weights and a common term's gaps are one digit.
    if n < 10 {
        out.push(char::from(b'0' + n as u8));
        return;
    }
    out.push_str(itoa::Buffer::new().format(n));
}

/// `search/documents-N.js`: each document's row, in order.
fn documents_text(file: usize, rows: &[&str]) -> String {
    let mut out = String::with_capacity(rows.iter().map(|row| row.len() + 1).sum::<usize>() + 32);
    out.push_str("steleSearch.documents(");
    push_number(&mut out, u32::try_from(file).unwrap_or(u32::MAX));
    out.push_str(",[");
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(row);
    }
    out.push_str("]);\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posting_keeps_the_document_number_and_weight() {
        for (number, weight) in [(0, 1), (35_999, 255), (MOST_DOCUMENTS - 1, 8)] {
            let packed = posting(number, weight).expect("fits");
            assert_eq!(unpack(packed), (number as u32, u32::from(weight)));
        }
        assert_eq!(posting(MOST_DOCUMENTS, 1), None);
    }

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
    fn a_terms_file_writes_each_document_as_the_gap_from_the_one_before() {
        let postings: Vec<u32> = [(3, 8), (10, 1), (11, 3), (250, 1)].into_iter().filter_map(|(n, w)| posting(n, w)).collect();
        let text = terms_text(2, &[("bel", vec![&postings[..1], &postings[1..]]), ("temple", vec![&postings[2..]])]);
        assert_eq!(text, "steleSearch.terms(2,{\"bel\":[3,8,7,1,1,3,239,1],\"temple\":[11,3,239,1]});\n");
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 255, 4_294_967_295] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    fn report<'a>(url: &str, title: &'a str, body_html: &'a str) -> Source<'a> {
        let url = url.to_string();
        Source {
            kind: "report",
            url,
            title,
            also_titles: &[],
            names: Vec::new(),
            summary: None,
            body_html: Some(body_html),
            lead: String::new(),
            lead_only: false,
        }
    }

    #[test]
    fn a_rebuild_makes_again_only_the_documents_whose_text_changed() {
        let kept = KeptDocuments::default();
        let first = [
            report("a/", "Palmyra", "<p>The temple of Bel.</p>"),
            report("b/", "Mosul", "<p>The old city.</p>"),
            report("c/", "Aleppo", "<p>The citadel.</p>"),
        ];
        let (_, made) = index_documents(&first, false, Some(&kept));
        assert_eq!(made, 3);

        let edited = [
            report("a/", "Palmyra", "<p>The temple of Bel.</p>"),
            report("b/", "Mosul", "<p>The old city, rebuilt.</p>"),
            report("c/", "Aleppo", "<p>The citadel.</p>"),
        ];
        let (reused, made) = index_documents(&edited, true, Some(&kept));
        assert_eq!(made, 1, "only the edited document's terms are made again");
        let (fresh, _) = index_documents(&edited, false, None);
        assert_eq!(reused, fresh, "what a rebuild holds is what a fresh build makes");
        assert!(reused[1].terms().any(|(term, _)| term == "rebuilt"));

        // A title or a lead counts as much as a body.
        let retitled = [
            report("a/", "Tadmor", "<p>The temple of Bel.</p>"),
            report("b/", "Mosul", "<p>The old city, rebuilt.</p>"),
            report("c/", "Aleppo", "<p>The citadel.</p>"),
        ];
        assert_eq!(index_documents(&retitled, false, Some(&kept)).1, 1);
        let led = [
            Source { lead: "Lead.".into(), ..report("a/", "Tadmor", "<p>The temple of Bel.</p>") },
            report("b/", "Mosul", "<p>The old city, rebuilt.</p>"),
            report("c/", "Aleppo", "<p>The citadel.</p>"),
        ];
        assert_eq!(index_documents(&led, false, Some(&kept)).1, 1);
    }

    #[test]
    fn a_cut_updated_in_place_is_the_cut_a_fresh_index_makes() {
        let urls = |docs: &[Source]| docs.iter().map(|d| d.url.clone()).collect::<Vec<_>>();
        let first = [
            report("a/", "Palmyra", "<p>The temple of Bel.</p>"),
            report("b/", "Mosul", "<p>The old city and its minaret.</p>"),
            report("c/", "Aleppo", "<p>The citadel of the old city.</p>"),
        ];
        let kept = KeptDocuments::default();
        let (indexed, _) = index_documents(&first, false, Some(&kept));
        let cut = cut::Cut::whole(urls(&first), indexed, 4, false);
        let fresh = |docs: &[Source]| made_once(docs, 4, false, DOCUMENTS_PER_CHUNK).1;
        assert_eq!(cut.texts().iter().map(|t| t.as_str()).collect::<Vec<_>>(), fresh(&first));

        // "minaret" leaves the index, "rebuilt" enters it, "old" loses a document.
        let edited = [
            report("a/", "Palmyra", "<p>The temple of Bel.</p>"),
            report("b/", "Mosul", "<p>The city, rebuilt.</p>"),
            report("c/", "Aleppo", "<p>The citadel of the old city.</p>"),
        ];
        let (indexed, made) = index_documents(&edited, false, Some(&kept));
        assert_eq!(made, 1);
        let Ok(cut) = cut.update(&urls(&edited), indexed, true) else { panic!("the same documents in the same order update in place") };
        assert_eq!(cut.texts().iter().map(|t| t.as_str()).collect::<Vec<_>>(), fresh(&edited));

        // A document moved: numbers change, the cut is not updated.
        let moved = [
            report("c/", "Aleppo", "<p>The citadel of the old city.</p>"),
            report("a/", "Palmyra", "<p>The temple of Bel.</p>"),
            report("b/", "Mosul", "<p>The city, rebuilt.</p>"),
        ];
        let (indexed, _) = index_documents(&moved, false, Some(&kept));
        assert!(cut.update(&urls(&moved), indexed, false).is_err());
    }

    #[test]
    fn documents_made_a_chunk_at_a_time_give_the_index_made_at_once() {
        let docs = [
            report("a/", "Palmyra", "<p>The temple of Bel and the old city.</p>"),
            report("b/", "Mosul", "<p>The old city and its minaret.</p>"),
            report("c/", "Aleppo", "<p>The citadel of the old city.</p>"),
            report("d/", "Palmyra again", "<p>The theatre.</p>"),
        ];
        let whole = made_once(&docs, 4, false, 1024);
        for chunk in [1, 2, 3] {
            assert_eq!(made_once(&docs, 4, false, chunk), whole, "in chunks of {chunk}");
            assert_eq!(made_once(&docs, 4, true, chunk), whole, "in chunks of {chunk}, in parallel");
        }
        // "old" is in three documents, whichever chunks they fall in.
        let old = &whole.1[terms_file_of("old", 4)];
        assert!(old.contains("\"old\":[0,1,1,1,1,1]"), "{old}");
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
