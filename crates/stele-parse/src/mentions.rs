//! Mentions: plain-text occurrences of site and actor names and aliases.
//!
//! All names go into one Aho-Corasick automaton (leftmost-longest, so
//! "Temple of Bel" wins over "Bel"), so a body is scanned once whatever the
//! number of entities. Matching is case-sensitive (names are proper nouns;
//! "IS" must not match "is") and on whole words only. A name shared by two
//! entities is ambiguous: it is reported and never linked.
//!
//! An Arabic name may also carry attached particles in front of it (بتدمر,
//! "in Palmyra"; وللرقة, "and for Raqqa"): the name matches inside that word
//! when what comes before it is a chain of particles
//! (`stele_core::arabic`), and only the name is linked. A name with the
//! article is also looked for in the form it takes after ل (للرقة).

use aho_corasick::{AhoCorasick, MatchKind};
use stele_core::arabic;
use stele_core::diagnostics::{Code, Diagnostic};
use stele_core::kinds::RefKind;

/// What a name points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MentionTarget {
    pub kind: RefKind,
    pub id: String,
}

/// An entity's names, as the index is built from them.
pub struct NamedEntity<'a> {
    pub kind: RefKind,
    pub id: &'a str,
    pub path: &'a str,
    pub names: Vec<&'a str>,
}

pub struct MentionIndex {
    automaton: Option<AhoCorasick>,
    /// Per pattern: its target (None when the name is ambiguous) and form.
    patterns: Vec<Pattern>,
}

struct Pattern {
    target: Option<MentionTarget>,
    form: Form,
}

/// How a pattern is written, which says what may come before it in its word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The name as written. Arabic names may carry particles.
    Written { arabic: bool, has_article: bool },
    /// An Arabic name with the article, as written after ل ("لرقة" in "للرقة").
    AfterLam,
}

impl Form {
    fn of(name: &str) -> Form {
        Form::Written { arabic: arabic::is_arabic_name(name), has_article: name.starts_with(arabic::ARTICLE) }
    }

    /// Whether the name may follow `prefix`, the letters before it in its word.
    fn admits(self, prefix: &str) -> bool {
        match self {
            Form::Written { arabic: false, .. } => prefix.is_empty(),
            Form::Written { arabic: true, has_article } => prefix.is_empty() || arabic::is_proclitic_chain(prefix, has_article, false),
            Form::AfterLam => arabic::is_proclitic_chain(prefix, true, true),
        }
    }
}

/// A whole-word match of a name in some text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch<'i> {
    pub start: usize,
    pub end: usize,
    pub target: &'i MentionTarget,
    pattern: usize,
}

/// Every form a name is looked for in: as written, and for an Arabic name
/// with the article, as written after ل.
pub fn match_forms(name: &str) -> impl Iterator<Item = &str> {
    std::iter::once(name).chain(arabic::after_lam_form(name))
}

/// The word characters right before `end` in `text`.
pub(crate) fn word_before(text: &str, end: usize) -> &str {
    let start = text[..end].char_indices().rev().take_while(|&(_, c)| is_word_char(c)).last().map_or(end, |(i, _)| i);
    &text[start..end]
}

/// What a name may not touch on either side to be a whole word.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl MentionIndex {
    /// Builds the index; names shared by several entities come back as warnings.
    pub fn build(entities: &[NamedEntity]) -> (Self, Vec<Diagnostic>) {
        let mut by_name: std::collections::BTreeMap<&str, Vec<(&NamedEntity, MentionTarget)>> = Default::default();
        for entity in entities {
            for &name in &entity.names {
                let name = name.trim();
                if name.is_empty() {
                    continue;
                }
                let target = MentionTarget { kind: entity.kind, id: entity.id.to_string() };
                let owners = by_name.entry(name).or_default();
                if !owners.iter().any(|(_, t)| *t == target) {
                    owners.push((entity, target));
                }
            }
        }
        let mut problems = Vec::new();
        let mut texts = Vec::with_capacity(by_name.len());
        let mut patterns = Vec::with_capacity(by_name.len());
        for (&name, owners) in &by_name {
            let target = match &owners[..] {
                [(_, target)] => Some(target.clone()),
                _ => None,
            };
            // The after-ل form of a name, unless it is some name as written.
            if let Some(after_lam) = arabic::after_lam_form(name).filter(|form| !by_name.contains_key(form)) {
                texts.push(after_lam);
                patterns.push(Pattern { target: target.clone(), form: Form::AfterLam });
            }
            texts.push(name);
            patterns.push(Pattern { target, form: Form::of(name) });
            if owners.len() == 1 {
                continue;
            }
            let listed: Vec<String> = owners.iter().map(|(e, t)| format!("{} `{}` ({})", t.kind.scheme(), t.id, e.path)).collect();
            let (first, _) = owners[0];
            problems.push(
                Diagnostic::warning(first.path, format!("the name `{name}` belongs to {}: mentions of it are not linked", listed.join(" and ")))
                    .with_hint("give each entity names of its own, or link explicitly with [text](site:id)")
                    .with_code(Code::AmbiguousName),
            );
        }
        let automaton = if texts.is_empty() { None } else { AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&texts).ok() };
        (MentionIndex { automaton, patterns }, problems)
    }

    /// Whole-word, unambiguous matches in `text`, left to right.
    pub fn find<'i>(&'i self, text: &str) -> Vec<NameMatch<'i>> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        automaton
            .find_iter(text)
            .filter_map(|m| {
                let pattern = m.pattern().as_usize();
                let target = self.patterns[pattern].target.as_ref()?;
                Some(NameMatch { start: m.start(), end: m.end(), target, pattern })
            })
            .filter(|m| self.fits(m, word_before(text, m.start), text[m.end..].chars().next()))
            .collect()
    }

    /// Whether a match is a whole word, given the letters before it in its
    /// word (`prefix`: particles are allowed before Arabic names) and the
    /// character after it.
    pub fn fits(&self, m: &NameMatch, prefix: &str, after: Option<char>) -> bool {
        !after.is_some_and(is_word_char) && self.patterns[m.pattern].form.admits(prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> MentionIndex {
        let entities = [
            NamedEntity { kind: RefKind::Site, id: "temple-of-bel", path: "a", names: vec!["Temple of Bel", "Bel"] },
            NamedEntity { kind: RefKind::Site, id: "palmyra", path: "b", names: vec!["Palmyra", "Tadmur"] },
            NamedEntity { kind: RefKind::Actor, id: "islamic-state", path: "c", names: vec!["Islamic State", "IS"] },
            NamedEntity { kind: RefKind::Actor, id: "x", path: "d", names: vec!["Shared"] },
            NamedEntity { kind: RefKind::Site, id: "y", path: "e", names: vec!["Shared"] },
        ];
        let (index, problems) = MentionIndex::build(&entities);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("`Shared`"));
        index
    }

    fn ids(text: &str) -> Vec<String> {
        index().find(text).iter().map(|m| format!("{}@{}", m.target.id, &text[m.start..m.end])).collect()
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(ids("The Temple of Bel and Bel."), ["temple-of-bel@Temple of Bel", "temple-of-bel@Bel"]);
    }

    #[test]
    fn whole_words_and_case_only() {
        assert_eq!(ids("Palmyrans, this is IS in Palmyra's ISIS"), ["islamic-state@IS", "palmyra@Palmyra"]);
    }

    fn arabic_ids(text: &str) -> Vec<String> {
        let entities = [
            NamedEntity { kind: RefKind::Site, id: "palmyra", path: "a", names: vec!["تدمر"] },
            NamedEntity { kind: RefKind::Site, id: "raqqa", path: "b", names: vec!["الرقة"] },
            NamedEntity { kind: RefKind::Actor, id: "sohr", path: "c", names: vec!["المرصد السوري"] },
        ];
        let (index, _) = MentionIndex::build(&entities);
        index.find(text).iter().map(|m| format!("{}@{}", m.target.id, &text[m.start..m.end])).collect()
    }

    #[test]
    fn arabic_names_carry_particles_and_only_the_name_is_linked() {
        for (word, name) in [
            ("تدمر", "تدمر"),
            ("وتدمر", "تدمر"),
            ("فتدمر", "تدمر"),
            ("بتدمر", "تدمر"),
            ("كتدمر", "تدمر"),
            ("لتدمر", "تدمر"),
            ("وبتدمر", "تدمر"),
            ("التدمر", "تدمر"),
            ("بالتدمر", "تدمر"),
            ("للتدمر", "تدمر"),
            ("الرقة", "الرقة"),
            ("بالرقة", "الرقة"),
            ("وبالرقة", "الرقة"),
            ("فالرقة", "الرقة"),
            ("للرقة", "لرقة"),
            ("وللرقة", "لرقة"),
        ] {
            let text = format!("دخلوا {word} أمس");
            let expected = if name == "تدمر" { "palmyra" } else { "raqqa" };
            assert_eq!(arabic_ids(&text), [format!("{expected}@{name}")], "{word}");
        }
    }

    #[test]
    fn near_misses_in_arabic_are_not_matched() {
        // A longer word, letters before the name that are no particles, a
        // second article, and the after-ل form without its ل.
        for word in ["تدمري", "استدمر", "بتدمرية", "البالرقة", "باالرقة", "لرقة", "بلرقة", "الالرقة"]
        {
            assert!(arabic_ids(&format!("في {word} اليوم")).is_empty(), "{word}");
        }
    }

    #[test]
    fn latin_names_take_no_particles() {
        assert!(ids("wPalmyra and bPalmyra").is_empty());
    }

    #[test]
    fn ambiguous_names_are_not_matched() {
        assert!(ids("Shared name").is_empty());
    }
}
