use super::rng::Rng;
use std::collections::HashSet;

/// Filler uses no `h`, `q`, `k`, `z`, `j`, `w` or `y`; every alias contains
/// `h` or `q` (see [`ALIAS_FIRST_ONSETS`]), so no filler word equals an alias.
const FILLER_ONSETS: [&str; 16] = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "pr", "st", "tr"];
const FILLER_VOWELS: [&str; 7] = ["a", "e", "i", "o", "u", "ae", "io"];
const FILLER_ENDINGS: [&str; 10] = ["", "", "", "s", "m", "t", "us", "um", "is", "nt"];
const VOCABULARY_SIZE: usize = 2048;
/// The vocabulary is the same for every seed: only the corpus shape varies.
const VOCABULARY_SEED: u64 = 0x5717_E0B3_4C4F_0001;

const NAME_ONSETS: [&str; 22] = ["", "b", "d", "f", "gh", "h", "j", "k", "kh", "l", "m", "n", "q", "r", "s", "sh", "t", "th", "z", "dh", "w", "y"];
const NAME_VOWELS: [&str; 7] = ["a", "i", "u", "aa", "ai", "ou", "ee"];
const NAME_CODAS: [&str; 9] = ["", "", "", "n", "r", "m", "l", "d", "sh"];
/// An alias starts with one of these, which puts an `h` or a `q` in it:
/// no filler word, and (at three syllables) practically no English word.
const ALIAS_FIRST_ONSETS: [&str; 7] = ["q", "kh", "gh", "dh", "sh", "th", "h"];

pub struct Vocabulary {
    words: Vec<String>,
}

impl Vocabulary {
    pub fn new() -> Self {
        let mut rng = Rng::new(VOCABULARY_SEED);
        let mut seen = HashSet::new();
        let mut words = Vec::with_capacity(VOCABULARY_SIZE);
        while words.len() < VOCABULARY_SIZE {
            let word = filler_word(&mut rng);
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        Vocabulary { words }
    }

    /// A filler word, skewed towards the start of the list like real text
    /// (a few words are very common): index = below(below(n) + 1).
    pub fn word(&self, rng: &mut Rng) -> &str {
        let limit = rng.below(self.words.len()) + 1;
        &self.words[rng.below(limit)]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }
}

fn filler_word(rng: &mut Rng) -> String {
    let mut word = String::new();
    for _ in 0..rng.between(1, 3) {
        word.push_str(rng.pick(&FILLER_ONSETS));
        word.push_str(rng.pick(&FILLER_VOWELS));
    }
    word.push_str(rng.pick(&FILLER_ENDINGS));
    word
}

/// Hands out name words and aliases. Aliases are unique across all
/// entities and never equal a filler word or a word of any name, so that
/// a plain-text name never also reads as a different entity's alias.
pub struct NameForge {
    reserved_for_aliases: HashSet<String>,
    aliases: HashSet<String>,
}

impl NameForge {
    pub fn new(vocabulary: &Vocabulary) -> Self {
        NameForge { reserved_for_aliases: vocabulary.iter().map(str::to_owned).collect(), aliases: HashSet::new() }
    }

    /// Reserves a fixed word used in names ("Qasr", "Army").
    pub fn reserve(&mut self, word: &str) {
        self.reserved_for_aliases.insert(word.to_ascii_lowercase());
    }

    /// A two-syllable capitalised word for a name; may repeat across names
    /// (names also carry the entity number), never equals an alias.
    pub fn name_word(&mut self, rng: &mut Rng) -> String {
        loop {
            let first_onset = rng.pick(&NAME_ONSETS);
            let word = syllables(rng, first_onset, 2);
            let lower = word.to_ascii_lowercase();
            if lower.len() >= 3 && !self.aliases.contains(&lower) {
                self.reserved_for_aliases.insert(lower);
                return word;
            }
        }
    }

    pub fn alias(&mut self, rng: &mut Rng) -> String {
        loop {
            let first_onset = rng.pick(&ALIAS_FIRST_ONSETS);
            let word = syllables(rng, first_onset, 3);
            let lower = word.to_ascii_lowercase();
            if !self.reserved_for_aliases.contains(&lower) && self.aliases.insert(lower) {
                return word;
            }
        }
    }
}

fn syllables(rng: &mut Rng, first_onset: &str, count: usize) -> String {
    let mut word = String::with_capacity(12);
    for i in 0..count {
        word.push_str(if i == 0 { first_onset } else { rng.pick(&NAME_ONSETS[1..]) });
        word.push_str(rng.pick(&NAME_VOWELS));
        word.push_str(rng.pick(&NAME_CODAS));
    }
    capitalise(&word)
}

pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}
