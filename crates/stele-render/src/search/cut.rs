//! The terms files of the last index, kept between builds of `serve` with
//! every term's postings, so that a rebuild in which a few documents
//! changed updates their postings in place instead of cutting the whole
//! index again: an edit to one report's body costs milliseconds, where
//! cutting a 10,000-report archive's index costs hundreds of them.
//!
//! The update needs the same documents in the same order (postings hold
//! documents by number): a document added, removed or moved (a report's
//! date, an event's) means a whole cut, as a build without `serve` makes.

use super::{posting, terms_file_of, Indexed, TermPostings};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Per terms file, every term's postings in document order.
type FilePostings = BTreeMap<String, Vec<u32>>;

/// One cut of the index: what its terms files were made from, and their texts.
pub(super) struct Cut {
    /// The documents, in number order, by URL.
    urls: Vec<String>,
    indexed: Vec<Arc<Indexed>>,
    postings: Vec<FilePostings>,
    texts: Vec<Arc<String>>,
}

impl Cut {
    /// The terms files' texts.
    pub(super) fn texts(&self) -> &[Arc<String>] {
        &self.texts
    }

    /// How many terms files it has.
    pub(super) fn terms_files(&self) -> usize {
        self.postings.len()
    }

    /// A whole cut of `indexed` (whose URLs are `urls`) into `terms_files` files.
    pub(super) fn whole(urls: Vec<String>, indexed: Vec<Arc<Indexed>>, terms_files: usize, parallel: bool) -> Cut {
        let chunks = super::chunk_postings(&indexed, terms_files, parallel);
        let merge = |parts: Vec<Vec<TermPostings>>| {
            let mut file = FilePostings::new();
            // Chunks in order: each term's postings stay in document order.
            for (term, postings) in parts.into_iter().flatten() {
                file.entry(term.to_string()).or_default().extend(postings);
            }
            file
        };
        let postings: Vec<FilePostings> = match parallel {
            true => chunks.into_par_iter().map(merge).collect(),
            false => chunks.into_iter().map(merge).collect(),
        };
        let texts = texts_of(&postings, 0..terms_files, parallel).into_iter().map(Arc::new).collect();
        Cut { urls, indexed, postings, texts }
    }

    /// This cut brought up to `indexed`, when it holds the same documents in
    /// the same order (else `indexed` is given back): the postings of the documents
    /// made again are replaced, and the files holding their old or new terms
    /// written again.
    pub(super) fn update(mut self, urls: &[String], indexed: Vec<Arc<Indexed>>, parallel: bool) -> Result<Cut, Vec<Arc<Indexed>>> {
        if self.urls != urls {
            return Err(indexed);
        }
        let terms_files = self.postings.len();
        let mut changed_files = BTreeSet::new();
        for (number, (old, new)) in self.indexed.iter().zip(&indexed).enumerate() {
            if Arc::ptr_eq(old, new) {
                continue;
            }
            for (term, _) in old.terms() {
                let file = terms_file_of(term, terms_files);
                remove_posting(&mut self.postings[file], term, number);
                changed_files.insert(file);
            }
            for (term, weight) in new.terms() {
                let file = terms_file_of(term, terms_files);
                if let Some(posting) = posting(number, weight) {
                    insert_posting(&mut self.postings[file], term, posting);
                }
                changed_files.insert(file);
            }
        }
        let texts = texts_of(&self.postings, changed_files.iter().copied(), parallel);
        for (file, text) in changed_files.into_iter().zip(texts) {
            self.texts[file] = Arc::new(text);
        }
        self.indexed = indexed;
        Ok(self)
    }
}

/// The postings of document `number` taken out of `term`'s.
fn remove_posting(file: &mut FilePostings, term: &str, number: usize) {
    let Some(postings) = file.get_mut(term) else { return };
    let at = postings.partition_point(|&p| (p >> 8) < number as u32);
    if postings.get(at).is_some_and(|&p| (p >> 8) as usize == number) {
        postings.remove(at);
    }
    if postings.is_empty() {
        file.remove(term);
    }
}

/// `posting` put among `term`'s, in document order.
fn insert_posting(file: &mut FilePostings, term: &str, posting: u32) {
    let postings = match file.get_mut(term) {
        Some(postings) => postings,
        None => file.entry(term.to_string()).or_default(),
    };
    let at = postings.partition_point(|&p| (p >> 8) < posting >> 8);
    postings.insert(at, posting);
}

/// The texts of the terms files numbered `files`.
fn texts_of(postings: &[FilePostings], files: impl Iterator<Item = usize>, parallel: bool) -> Vec<String> {
    let files: Vec<usize> = files.collect();
    let write = |&file: &usize| {
        let sorted: Vec<(&str, Vec<&[u32]>)> = postings[file].iter().map(|(term, postings)| (term.as_str(), vec![postings.as_slice()])).collect();
        super::terms_text(file, &sorted)
    };
    match parallel {
        true => files.par_iter().map(write).collect(),
        false => files.iter().map(write).collect(),
    }
}
