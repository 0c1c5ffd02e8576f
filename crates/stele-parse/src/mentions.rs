//! Mentions: plain-text occurrences of site and actor names and aliases.
//!
//! All names go into one Aho-Corasick automaton (leftmost-longest, so
//! "Temple of Bel" wins over "Bel"), so a body is scanned once whatever the
//! number of entities. Matching is case-sensitive (names are proper nouns;
//! "IS" must not match "is") and on whole words only. A name shared by two
//! entities is ambiguous: it is reported and never linked.

use aho_corasick::{AhoCorasick, MatchKind};
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
    /// Per pattern: its target, or None when the name is ambiguous.
    targets: Vec<Option<MentionTarget>>,
}

/// A whole-word match of a name in some text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch<'i> {
    pub start: usize,
    pub end: usize,
    pub target: &'i MentionTarget,
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
        let mut patterns = Vec::with_capacity(by_name.len());
        let mut targets = Vec::with_capacity(by_name.len());
        for (name, owners) in by_name {
            patterns.push(name);
            if let [(_, target)] = &owners[..] {
                targets.push(Some(target.clone()));
                continue;
            }
            targets.push(None);
            let listed: Vec<String> = owners.iter().map(|(e, t)| format!("{} `{}` ({})", t.kind.scheme(), t.id, e.path)).collect();
            let (first, _) = owners[0];
            problems.push(
                Diagnostic::warning(first.path, format!("the name `{name}` belongs to {}: mentions of it are not linked", listed.join(" and ")))
                    .with_hint("give each entity names of its own, or link explicitly with [text](site:id)")
                    .with_code(Code::AmbiguousName),
            );
        }
        let automaton = if patterns.is_empty() { None } else { AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok() };
        (MentionIndex { automaton, targets }, problems)
    }

    /// Whole-word, unambiguous matches in `text`, left to right.
    pub fn find<'i>(&'i self, text: &str) -> Vec<NameMatch<'i>> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        automaton
            .find_iter(text)
            .filter(|m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
            })
            .filter_map(|m| {
                let target = self.targets[m.pattern().as_usize()].as_ref()?;
                Some(NameMatch { start: m.start(), end: m.end(), target })
            })
            .collect()
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

    #[test]
    fn ambiguous_names_are_not_matched() {
        assert!(ids("Shared name").is_empty());
    }
}
