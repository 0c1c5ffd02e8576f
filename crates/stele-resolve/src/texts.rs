//! Where `resolve` finds the text each document was parsed from. It needs
//! one only to give a line and column to a message about a front-matter
//! value (see `report::Locator`), so only on the error path: a build
//! without problems never asks.

use crate::ids::IdHasher;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;
use stele_core::source::SourceFile;

/// The texts documents were parsed from, by path relative to the project
/// root (`content/articles/x.md`). Asked from several threads at once.
pub trait SourceTexts: Sync {
    /// The text `file` was parsed from; None when it is not known, and the
    /// message then goes without a position.
    fn text(&self, file: &str) -> Option<Cow<'_, str>>;
}

/// Reads a file from disk when asked. For `build` and `check`, which free
/// the texts after parsing: the disk then holds what was just read.
pub struct TextsOnDisk<'a> {
    root: &'a Path,
}

impl<'a> TextsOnDisk<'a> {
    /// Files relative to `root`, the project root.
    pub fn new(root: &'a Path) -> Self {
        TextsOnDisk { root }
    }
}

impl SourceTexts for TextsOnDisk<'_> {
    fn text(&self, file: &str) -> Option<Cow<'_, str>> {
        std::fs::read_to_string(self.root.join(file)).ok().map(Cow::Owned)
    }
}

/// The texts of a load kept in memory (`serve` keeps them for the next
/// rebuild). Under `serve` the file on disk may already be newer than the
/// text parsed, and a position must point into what was parsed.
pub struct LoadedTexts<'a> {
    files: &'a [SourceFile],
    /// Built at the first question, so that a build without problems never builds it.
    by_path: OnceLock<HashMap<&'a str, &'a str, IdHasher>>,
}

impl<'a> LoadedTexts<'a> {
    /// `files`: the documents as loaded, the texts parse read.
    pub fn new(files: &'a [SourceFile]) -> Self {
        LoadedTexts { files, by_path: OnceLock::new() }
    }
}

impl SourceTexts for LoadedTexts<'_> {
    fn text(&self, file: &str) -> Option<Cow<'_, str>> {
        let by_path = self.by_path.get_or_init(|| self.files.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect());
        by_path.get(file).map(|text| Cow::Borrowed(*text))
    }
}

/// No texts at all: for resolving parts whose diagnostics carry their own
/// positions (body mentions, for `patch`).
pub(crate) struct NoTexts;

impl SourceTexts for NoTexts {
    fn text(&self, _file: &str) -> Option<Cow<'_, str>> {
        None
    }
}
