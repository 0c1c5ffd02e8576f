//! How `resolve` reports: the diagnostics collector (`Resolver`) and where
//! front-matter values stand (`Locator`), looked up only for a message.

use crate::ids::IdTable;
use crate::texts::SourceTexts;
use crate::MissingAnnotation;
use stele_core::diagnostics::{Code, Diagnostic, Location};
use stele_core::suggest::did_you_mean_hint;
use stele_parse::frontmatter;
use stele_parse::yaml_locate::{locate_value, Step};

/// Finds positions of front-matter values for diagnostics, in the text the
/// document was parsed from (which `serve` may hold while the file on disk
/// is already newer).
pub(crate) struct Locator<'a> {
    texts: &'a dyn SourceTexts,
}

impl Locator<'_> {
    fn with_yaml(&self, file: &str, f: impl FnOnce(&str, u32) -> Option<Location>) -> Option<Location> {
        let text = self.texts.text(file)?;
        let split = frontmatter::split(&text).ok()?;
        f(split.yaml, split.yaml_first_line)
    }

    pub(crate) fn value(&self, file: &str, path: &[Step]) -> Option<Location> {
        self.with_yaml(file, |yaml, first| locate_value(yaml, first, path))
    }
}

/// Collects diagnostics. Work done in parallel gets a `Resolver` of its own
/// per item, whose diagnostics are then appended in the serial order.
pub(crate) struct Resolver<'a> {
    pub(crate) locator: Locator<'a>,
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) missing_annotations: Vec<MissingAnnotation>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(texts: &'a dyn SourceTexts) -> Self {
        Resolver { locator: Locator { texts }, problems: Vec::new(), missing_annotations: Vec::new() }
    }

    /// Where positions are looked up: for the `Resolver`s of parallel work.
    pub(crate) fn texts(&self) -> &'a dyn SourceTexts {
        self.locator.texts
    }

    pub(crate) fn error_at_value(&mut self, code: Code, file: &str, path: &[Step], message: String, hint: Option<String>) {
        let mut diagnostic = Diagnostic::error(file, message).with_code(code).at(self.locator.value(file, path));
        diagnostic.hint = hint;
        self.problems.push(diagnostic);
    }

    /// Looks up `id` among `ids`; reports an unknown id at `path` in `file`.
    pub(crate) fn lookup(&mut self, ids: &IdTable, noun: &str, id: &str, file: &str, path: &[Step]) -> Option<usize> {
        if let Some(ix) = ids.get(id) {
            return Some(ix);
        }
        self.report_unknown(ids, noun, id, file, path);
        None
    }

    /// Reports `id`, which `ids` lacks, unless its file failed to parse.
    pub(crate) fn report_unknown(&mut self, ids: &IdTable, noun: &str, id: &str, file: &str, path: &[Step]) {
        if !ids.is_unknown(id) {
            return;
        }
        let hint = did_you_mean_hint(id, ids.ids());
        self.error_at_value(Code::UnknownReference, file, path, format!("unknown {noun} `{id}`"), hint);
    }

    pub(crate) fn lookup_all(&mut self, ids: &IdTable, noun: &str, list: &[String], file: &str, path: &[Step]) -> Vec<usize> {
        let mut found = Vec::with_capacity(list.len());
        for (i, id) in list.iter().enumerate() {
            match ids.get(id.as_str()) {
                Some(ix) => {
                    if !found.contains(&ix) {
                        found.push(ix);
                    }
                }
                None => {
                    // The item's path is only needed to locate the error.
                    let item_path: Vec<Step> = path.iter().copied().chain([Step::Index(i)]).collect();
                    self.report_unknown(ids, noun, id, file, &item_path);
                }
            }
        }
        found
    }
}

/// Runs `f` with a diagnostics list of its own: for work done in parallel
/// whose problems are then reported in the serial order.
pub(crate) fn with_problems<'a, T>(texts: &'a dyn SourceTexts, f: impl FnOnce(&mut Resolver<'a>) -> T) -> (T, Vec<Diagnostic>) {
    let mut r = Resolver::new(texts);
    let value = f(&mut r);
    (value, r.problems)
}
