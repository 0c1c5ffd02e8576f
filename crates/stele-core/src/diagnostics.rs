//! Problems found in a project, as plain data.
//!
//! Every stage reports into a [`Diagnostics`] collector instead of stopping at
//! the first problem, so one run lists everything. Rendering for humans
//! happens once, at the CLI edge (`main.rs`) or in the serve overlay.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Advice that never fails a build, not even with `--strict`'s siblings;
    /// `--strict` counts hints as warnings.
    Hint,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        })
    }
}

/// 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn new(line: u32, column: u32) -> Self {
        Location { line, column }
    }
}

/// Declares the codes: each variant, its stable kebab-case name, and what it means.
macro_rules! codes {
    ($($variant:ident => $name:literal: $meaning:literal,)*) => {
        /// What kind of problem a diagnostic reports: a stable, kebab-case name
        /// that CI scripts may match on (`--format json|github`; listed in
        /// docs/ci.md). A name never changes meaning; new ones may be added.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $meaning] $variant,)*
        }

        impl Code {
            /// Every code, in the order docs/ci.md lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable name: `duplicate-id`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// One line saying what problems carry this code.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }
        }
    };
}

codes! {
    // Reading the project
    NoContent => "no-content": "the project has no content/ folder",
    UnreadableFile => "unreadable-file": "a file or folder cannot be read",
    NotUtf8 => "not-utf8": "a file is not valid UTF-8 text",
    NameNotUtf8 => "name-not-utf8": "a file or folder name is not valid UTF-8",
    BrokenSymlink => "broken-symlink": "a symbolic link points to nothing",
    SymlinkLoop => "symlink-loop": "symbolic links point to each other in a loop",
    SymlinkOutsideProject => "symlink-outside-project": "a symbolic link leads outside the project to a folder `allow_symlinks_to` does not list",
    MisnamedMarkdown => "misnamed-markdown": "a Markdown file that is not read as a document (wrong folder or extension)",
    // Front matter and settings
    MissingFrontMatter => "missing-front-matter": "a document does not start with a `---` front matter block, or never closes it",
    YamlSyntax => "yaml-syntax": "front matter or site.yaml is not valid YAML",
    UnknownKey => "unknown-key": "a key stele does not know (often misspelt)",
    MissingKey => "missing-key": "a required key is missing",
    DuplicateKey => "duplicate-key": "a key is given twice",
    WrongType => "wrong-type": "a value of the wrong type (text where a list is expected, ...)",
    BadValue => "bad-value": "a value that is not one of the accepted ones",
    BadFigure => "bad-figure": "an event's figure that is not a number, a range or a bound (`at least 1000`), or a figure kind that is not an id-like key",
    BadDate => "bad-date": "a date that is not valid EDTF or a valid publication date",
    BceYear => "bce-year": "a negative (BCE) year, with the year it means: EDTF counts a year 0, so `-0273` is 274 BCE (a hint, silenced by naming that year in a comment on the line)",
    BadBaseUrl => "bad-base-url": "`base_url` (or --base-url) is not an absolute http(s) URL",
    NoBaseUrl => "no-base-url": "no `base_url`: no sitemap and no feed are written",
    BadSetting => "bad-setting": "another site.yaml setting with a value that cannot be used",
    ScriptLink => "script-link": "a link or `url` whose address would run a script (`javascript:`, ...)",
    BadLanguage => "bad-language": "a `language` (site.yaml or a report) that is not a language tag such as `ar` or `en-GB`",
    UnknownTranslationKey => "unknown-translation-key": "a key under site.yaml's `translations` that the interface does not have",
    BadTranslation => "bad-translation": "a report's `translation_of` names itself or a report that is itself a translation",
    // Ids and references
    BadId => "bad-id": "a file name, slug or event id that is not a valid id, or is too long",
    DuplicateId => "duplicate-id": "two documents of the same kind with the same id",
    UnknownReference => "unknown-reference": "a reference to a site, actor, event or article that does not exist",
    PartOfLoop => "part-of-loop": "sites or actors that are `part_of` each other in a loop",
    EventConflict => "event-conflict": "one report gives the same event two different ways, or two reports give an actor different roles in it",
    ClaimsDisagree => "claims-disagree": "reports give the same event different dates, titles, statuses or descriptions (a warning: each claim is shown)",
    MovedFromConflict => "moved-from-conflict": "a `moved_from` id that is a current id, the document's own, or listed twice",
    AmbiguousName => "ambiguous-name": "a name or alias shared by several sites or actors, so mentions of it are not linked",
    UnmentionedEntity => "unmentioned-entity": "the body mentions a site or actor its front matter does not list (`check --fix` adds it)",
    NoSummary => "no-summary": "an article with no summary and no first paragraph",
    // Templates and output
    TemplateError => "template-error": "a template does not compile or fails to render",
    TemplateRecursion => "template-recursion": "a template that includes itself, or a macro that calls itself unconditionally",
    OverwritesGenerated => "overwrites-generated": "a file in content/ or static/ at the path of a generated page or file",
    CannotWrite => "cannot-write": "an output file cannot be written",
    InternalError => "internal-error": "a bug in stele (please report it)",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Another place that explains a diagnostic (the other file of a duplicate id,
/// the other value of a disagreeing event field).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Related {
    pub file: String,
    pub location: Option<Location>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// Path relative to the project root, with `/` separators.
    pub file: String,
    pub location: Option<Location>,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
    pub related: Vec<Related>,
    /// Where the problem ends (exclusive), when its extent is known: the
    /// terminal underlines from `location` to here. Last, so that sorting
    /// stays by file, place, severity and message.
    pub end: Option<Location>,
    /// What kind of problem this is (see [`Code`]); every diagnostic the
    /// pipeline emits has one.
    pub code: Option<Code>,
}

impl Diagnostic {
    pub fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { file: file.into(), location: None, severity, message: message.into(), hint: None, related: Vec::new(), end: None, code: None }
    }

    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Where the problem ends (exclusive): the underlined part runs from `location` to here.
    pub fn until(mut self, end: Option<Location>) -> Self {
        self.end = end;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// `file:line:column`, or just `file` when the problem has no position.
    pub fn position(&self) -> String {
        match self.location {
            Some(loc) => format!("{}:{}:{}", self.file, loc.line, loc.column),
            None => self.file.clone(),
        }
    }
}

/// One line per diagnostic, the format editors and CI annotators parse:
/// `file:line:column: error: message (hint)`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.position(), self.severity, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// Collects diagnostics from every stage; sorted before anyone reads them so
/// output never depends on thread scheduling or file order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted and deduplicated.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

impl Location {
    /// Byte offset of this line and column in `text` (the inverse of
    /// `LineIndex::location`); None when the line does not exist. A column
    /// past the end of its line gives the line's end.
    pub fn offset_in(self, text: &str) -> Option<usize> {
        let line_start = if self.line <= 1 { 0 } else { text.match_indices('\n').nth(self.line as usize - 2)?.0 + 1 };
        let rest = &text[line_start..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let column = (self.column as usize).saturating_sub(1);
        Some(line_start + line.char_indices().nth(column).map_or(line.len(), |(i, _)| i))
    }
}

/// Maps byte offsets of a text to line and column.
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// Location of the byte `offset` in `text` (the text this index was built from).
    pub fn location(&self, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = text.get(start..offset).map_or(0, |s| s.chars().count());
        Location::new(line as u32 + 1, column as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "ab\nçé x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.location(text, 0), Location::new(1, 1));
        assert_eq!(index.location(text, 3), Location::new(2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(index.location(text, x), Location::new(2, 4));
    }

    #[test]
    fn offsets_and_locations_are_inverse() {
        let text = "ab\nçé x\nlast";
        let index = LineIndex::new(text);
        for offset in text.char_indices().map(|(i, _)| i) {
            assert_eq!(index.location(text, offset).offset_in(text), Some(offset));
        }
        assert_eq!(Location::new(9, 1).offset_in(text), None);
    }

    #[test]
    fn display_is_one_greppable_line() {
        let d = Diagnostic::error("content/a.md", "unknown site `palmyr`").at(Some(Location::new(3, 9))).with_hint("did you mean `palmyra`?");
        assert_eq!(d.to_string(), "content/a.md:3:9: error: unknown site `palmyr` (did you mean `palmyra`?)");
    }
}
