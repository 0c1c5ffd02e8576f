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

/// Per terms file, every term's postings in document order, with the
/// term's part of the file's text (kept: writing the numbers again for
/// every term a one-document edit touches cost most of a rebuild).
type FilePostings = BTreeMap<String, TermEntry>;

#[derive(Default)]
struct TermEntry {
    postings: Vec<u32>,
    /// `"term":[gap,weight,...]` (`push_term`), empty until written.
    text: String,
}

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
                file.entry(term.to_string()).or_default().postings.extend(postings);
            }
            for (term, entry) in file.iter_mut() {
                entry.write(term);
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
        // Each term whose postings change, written again once at the end.
        let mut changed: BTreeSet<(usize, &str)> = BTreeSet::new();
        for (number, (old, new)) in self.indexed.iter().zip(&indexed).enumerate() {
            if Arc::ptr_eq(old, new) {
                continue;
            }
            for (term, _) in old.terms() {
                let file = terms_file_of(term, terms_files);
                remove_posting(&mut self.postings[file], term, number);
                changed.insert((file, term));
            }
            for (term, weight) in new.terms() {
                let file = terms_file_of(term, terms_files);
                if let Some(posting) = posting(number, weight) {
                    insert_posting(&mut self.postings[file], term, posting);
                }
                changed.insert((file, term));
            }
        }
        for &(file, term) in &changed {
            if let Some(entry) = self.postings[file].get_mut(term) {
                entry.write(term);
            }
        }
        let changed_files: BTreeSet<usize> = changed.iter().map(|&(file, _)| file).collect();
        let texts = texts_of(&self.postings, changed_files.iter().copied(), parallel);
        for (file, text) in changed_files.into_iter().zip(texts) {
            self.texts[file] = Arc::new(text);
        }
        self.indexed = indexed;
        Ok(self)
    }
}

impl TermEntry {
    fn write(&mut self, term: &str) {
        self.text.clear();
        super::push_term(&mut self.text, term, self.postings.iter());
    }
}

/// The postings of document `number` taken out of `term`'s.
fn remove_posting(file: &mut FilePostings, term: &str, number: usize) {
    let Some(entry) = file.get_mut(term) else { return };
    let postings = &mut entry.postings;
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
    let entry = match file.get_mut(term) {
        Some(entry) => entry,
        None => file.entry(term.to_string()).or_default(),
    };
    let at = entry.postings.partition_point(|&p| (p >> 8) < posting >> 8);
    entry.postings.insert(at, posting);
}

/// The texts of the terms files numbered `files`: their terms' parts joined.
fn texts_of(postings: &[FilePostings], files: impl Iterator<Item = usize>, parallel: bool) -> Vec<String> {
    let files: Vec<usize> = files.collect();
    let write = |&file: &usize| {
        let terms = &postings[file];
        let start = super::terms_start(file);
        let mut text = String::with_capacity(start.len() + terms.values().map(|entry| entry.text.len() + 1).sum::<usize>() + super::TERMS_END.len());
        text.push_str(&start);
        for (i, entry) in terms.values().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&entry.text);
        }
        text.push_str(super::TERMS_END);
        text
    };
    match parallel {
        true => files.par_iter().map(write).collect(),
        false => files.iter().map(write).collect(),
    }
}
