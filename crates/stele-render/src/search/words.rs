//! How text becomes search terms, the same way the index and the query
//! (templates/static/search.js, which mirrors this file) make them: lower
//! case, Arabic spelling variants folded, split into words, and each Arabic
//! word also without the proclitics attached to it (و ف ب ك ل, the article
//! ال, and their combinations), so that بتدمر finds تدمر and تدمر finds بتدمر.

/// Words shorter than this (in characters) are not indexed: single letters
/// and digits match nearly every document.
pub const MIN_WORD: usize = 2;
/// Longer "words" are not indexed: they are addresses or noise, and a
/// reader types none of them.
pub const MAX_WORD: usize = 40;
/// What must be left of a word once a proclitic is taken off: with less,
/// the rest is rarely a word (بلد "country" is not ب + لد).
pub const MIN_STEM: usize = 3;

/// Proclitics, longest first: a conjunction (و, ف), a preposition (ب, ك,
/// ل) and the article (ال), each optional but not all absent, in that
/// order; ل + ال is written لل.
pub const PROCLITICS: [&str; 23] = [
    "وبال", "وكال", "فبال", "فكال", "ولل", "فلل", // conjunction + preposition + article
    "وال", "فال", "بال", "كال", "لل", // conjunction or preposition + article
    "وب", "وك", "ول", "فب", "فك", "فل", // conjunction + preposition
    "ال", "و", "ف", "ب", "ك", "ل", // one alone
];

/// `text` folded for matching: lower case, Arabic diacritics (U+064B–U+0652)
/// and tatweel (U+0640) dropped, أ إ آ written ا, ى written ي and ة written ه.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise_into(text, &mut out);
    out
}

/// `text` folded as `normalise` does, at the end of `out`: the index
/// folds a document's texts into one buffer rather than a string each.
pub fn normalise_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else if text.contains('Σ') {
        // Sigma's lower case depends on where it stands (a final sigma is ς,
        // as JavaScript's toLowerCase gives): only the whole text knows.
        text.to_lowercase().chars().for_each(|c| push_folded(c, out));
    } else {
        // Every other letter lowers alone, as `str::to_lowercase` lowers it.
        for c in text.chars() {
            match c.is_ascii() {
                true => out.push(c.to_ascii_lowercase()),
                false => c.to_lowercase().for_each(|c| push_folded(c, out)),
            }
        }
    }
}

/// A lower-case character as the index spells it.
fn push_folded(c: char, out: &mut String) {
    match c {
        '\u{064B}'..='\u{0652}' | '\u{0640}' => {}
        'أ' | 'إ' | 'آ' => out.push('ا'),
        'ى' => out.push('ي'),
        'ة' => out.push('ه'),
        c => out.push(c),
    }
}

/// The words of normalised text: runs of letters and digits (what
/// JavaScript calls `\p{Alphabetic}` and `\p{N}`), of a length worth indexing.
pub fn words(normalised: &str) -> impl Iterator<Item = &str> {
    let mut found = Vec::new();
    scan(normalised, TermHasher::default(), |word, _, _| found.push(word));
    found.into_iter()
}

/// The length in bytes of the letter or digit that starts at byte `at` of
/// `text` (not ASCII), if one is there.
fn letter_at(text: &str, at: usize) -> Option<usize> {
    text.get(at..)?.chars().next().filter(|c| c.is_alphanumeric()).map(char::len_utf8)
}

/// The letters every proclitic starts with (و ف ب ك ل, and ا of ال): a
/// word starting otherwise has no stems, and most words (all Latin ones)
/// are passed over without trying the proclitics one by one.
const PROCLITIC_STARTS: [char; 6] = ['و', 'ف', 'ب', 'ك', 'ل', 'ا'];

/// `word` without each proclitic it starts with, where enough is left:
/// وبالتدمر gives تدمر, التدمر and بالتدمر (after وبال, وب and و), each a
/// form a reader may type.
pub fn stems(word: &str) -> impl Iterator<Item = &str> {
    let proclitics = if word.starts_with(PROCLITIC_STARTS) { &PROCLITICS[..] } else { &[] };
    proclitics.iter().filter_map(move |proclitic| word.strip_prefix(proclitic).filter(|rest| rest.chars().count() >= MIN_STEM))
}

/// Every term `text` is found by: its words, and their stems.
pub fn terms(text: &str, each: impl FnMut(&str)) {
    terms_of_normalised(&normalise(text), each);
}

/// Every term of text already normalised, borrowed from it.
pub fn terms_of_normalised<'t>(normalised: &'t str, mut each: impl FnMut(&'t str)) {
    hashed_terms_of_normalised(normalised, TermHasher::default(), |term, _| each(term));
}

/// A hash of terms for the index's tables, computed while a word is read
/// (`hashed_terms_of_normalised`) so that no second pass over it is made:
/// FNV-1a over the bytes from a seed drawn once per process (text an
/// adversary wrote cannot be made to collide without knowing it), then
/// mixed so that the high bits vary as much as the low ones.
#[derive(Clone, Copy)]
pub struct TermHasher {
    seed: u64,
}

impl Default for TermHasher {
    fn default() -> TermHasher {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0x5EED_u64)
        });
        TermHasher { seed }
    }
}

const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Which bytes are ASCII letters and digits: one load per byte where a
/// run of range checks would be several instructions.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

impl TermHasher {
    /// The hash of `term`, as `hashed_terms_of_normalised` gives it.
    pub fn hash(self, term: &str) -> u64 {
        finish(term.bytes().fold(self.seed, add_byte))
    }
}

fn add_byte(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
}

fn finish(hash: u64) -> u64 {
    let hash = (hash ^ (hash >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    hash ^ (hash >> 29)
}

/// Every term of normalised text, as `terms_of_normalised` gives them,
/// each with its hash (`TermHasher::hash`), made while the word is read.
pub fn hashed_terms_of_normalised<'t>(normalised: &'t str, hasher: TermHasher, mut each: impl FnMut(&'t str, u64)) {
    scan(normalised, hasher, |word, hash, ascii| {
        each(word, hash);
        // Proclitics are Arabic letters: an ASCII word has no stems.
        if !ascii {
            for stem in stems(word) {
                each(stem, hasher.hash(stem));
            }
        }
    });
}

/// Each word of normalised text (`words`), with its hash and whether it is
/// ASCII. One pass over the bytes, with ASCII letters and digits (most of
/// most texts) decided from the byte alone.
fn scan<'t>(normalised: &'t str, hasher: TermHasher, mut each: impl FnMut(&'t str, u64, bool)) {
    let bytes = normalised.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let mut hash = hasher.seed;
        let mut ascii = true;
        while let Some(&byte) = bytes.get(at) {
            if ASCII_WORD[usize::from(byte)] {
                hash = add_byte(hash, byte);
                at += 1;
            } else if let Some(length) = (!byte.is_ascii()).then(|| letter_at(normalised, at)).flatten() {
                hash = bytes[at..at + length].iter().fold(hash, |hash, &byte| add_byte(hash, byte));
                ascii = false;
                at += length;
            } else {
                break;
            }
        }
        if at == start {
            // Separators: ASCII ones stepped over together, another alone.
            let rest = &bytes[at..];
            at += match rest.iter().position(|&byte| ASCII_WORD[usize::from(byte)] || !byte.is_ascii()) {
                Some(0) => normalised[at..].chars().next().map_or(1, char::len_utf8),
                Some(separators) => separators,
                None => rest.len(),
            };
            continue;
        }
        let word = &normalised[start..at];
        let chars = if ascii { word.len() } else { word.chars().count() };
        if !(MIN_WORD..=MAX_WORD).contains(&chars) {
            continue;
        }
        each(word, finish(hash), ascii);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, |t| out.push(t.to_string()));
        out
    }

    /// Whether a query for `query` finds a text holding `text`: some form
    /// of the query's word is among the text's terms (search.js's rule).
    fn finds(query: &str, text: &str) -> bool {
        let indexed = all_terms(text);
        all_terms(query).iter().any(|q| indexed.contains(q))
    }

    #[test]
    fn normalise_drops_diacritics_and_tatweel_and_folds_letters() {
        assert_eq!(normalise("تَدْمُر"), "تدمر");
        assert_eq!(normalise("تـــدمر"), "تدمر");
        assert_eq!(normalise("أإآ ى ة"), "ااا ي ه");
        assert_eq!(normalise("Palmyra ÉCOLE"), "palmyra école");
    }

    #[test]
    fn each_proclitic_alone_is_taken_off() {
        for word in ["وتدمر", "فتدمر", "بتدمر", "كتدمر", "لتدمر", "التدمر"] {
            assert!(finds("تدمر", word), "تدمر should find {word}");
            assert!(finds(word, "تدمر"), "{word} should find تدمر");
        }
    }

    #[test]
    fn combined_proclitics_are_taken_off() {
        for word in ["وبتدمر", "والتدمر", "بالتدمر", "فالتدمر", "وبالتدمر", "فبالتدمر", "كالتدمر"] {
            assert!(finds("تدمر", word), "تدمر should find {word}");
            assert!(finds(word, "تدمر"), "{word} should find تدمر");
        }
    }

    #[test]
    fn li_with_the_article_is_written_lam_lam() {
        // ل + المدينة is written للمدينة: the city, with or without its article.
        assert!(finds("مدينة", "للمدينة"));
        assert!(finds("المدينة", "للمدينة"));
        assert!(finds("للمدينة", "المدينة"));
        assert!(finds("ولمدينة", "مدينة"));
    }

    #[test]
    fn spelling_variants_and_diacritics_match() {
        assert!(finds("تدمر", "بِتَدْمُر"));
        assert!(finds("الرقة", "الرقه"));
        assert!(finds("إدلب", "ادلب"));
    }

    #[test]
    fn a_longer_word_that_merely_contains_the_name_is_no_hit() {
        // بيروت starts with ب but is not ب + يروت; a query for يروت is not
        // what readers type, but حلب must not find حلبي ("Aleppine"), nor ستدمر
        // (س is no proclitic), nor a word with the name inside.
        assert!(!finds("حلب", "حلبي"));
        assert!(!finds("تدمر", "ستدمر"));
        assert!(!finds("تدمر", "اتدمرت"));
        // بلد ("country") starts with ب, but what is left is too short to be a name.
        assert!(!finds("لد", "بلد"));
        assert!(!finds("palmyra", "palmyrene"));
    }

    #[test]
    fn folding_letter_by_letter_lowers_as_the_whole_text_does() {
        for text in ["ΟΔΥΣΣΕΥΣ Σ", "İstanbul ǅ ẞ", "Ünïcödé — ’quoted’ Palmyra", "تَدْمُر أإآ"] {
            let mut letter_by_letter = String::new();
            normalise_into(text, &mut letter_by_letter);
            let whole: String = text.to_lowercase().chars().filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0640}')).collect();
            let whole = whole.replace(['أ', 'إ', 'آ'], "ا");
            assert_eq!(letter_by_letter, whole, "{text}");
        }
        assert!(normalise("ΟΔΟΣ").ends_with('\u{03C2}'), "a final sigma is ς");
    }

    #[test]
    fn hashed_terms_are_the_terms_with_their_hashes() {
        let hasher = TermHasher::default();
        for text in [
            "Palmyra, 2015: a-b x تدمر بتدمر وبالتدمر للمدينة",
            "—ab, تدمر·x ٣٤ é1 ",
            "ünïcödé naïve café-au-lait ΟΔΟΣ İstanbul",
            "",
            " ,.; ",
            "a b c dd eee 0 00 000",
            "ab\u{1F600}cd  ef——gh\t\nij…kl «mn» ٣٤٥",
            &"long".repeat(11),
            "ends with a word",
            "والمتحف الوطني في دمشق، وبالقرب من قلعة حلب",
        ] {
            let text = normalise(text);
            let mut expected = Vec::new();
            terms_of_normalised(&text, |term| expected.push((term, hasher.hash(term))));
            let mut hashed = Vec::new();
            hashed_terms_of_normalised(&text, hasher, |term, hash| hashed.push((term, hash)));
            assert_eq!(hashed, expected, "{text}");
        }
    }

    #[test]
    fn words_are_split_on_anything_but_letters_and_digits() {
        assert_eq!(all_terms("Palmyra, 2015: a-b"), ["palmyra", "2015"]);
        assert_eq!(all_terms("x"), Vec::<String>::new());
        assert_eq!(words("—ab, تدمر·x ٣٤ é1 ").collect::<Vec<_>>(), ["ab", "تدمر", "٣٤", "é1"]);
    }
}
