//! Ids: what a valid one looks like, and the valid id nearest to a bad one.
//!
//! An id is also a path segment of the output, so validity here is what
//! keeps every page inside the output folder, and the length limit what
//! keeps every folder name writable.

use std::borrow::Cow;

/// The id a site or actor file gets: its file name without `.md`.
pub fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The id a site or actor file at `path` gets: its file name without `.md`
/// when that is a valid id, else the valid id nearest to it (`resolve`
/// reports the file name).
pub fn entity_id(path: &str) -> Cow<'_, str> {
    let stem = file_stem(path);
    if is_valid_id(stem) {
        Cow::Borrowed(stem)
    } else {
        Cow::Owned(slugify(stem))
    }
}

/// The longest id, in bytes. An id names an output folder (`sites/<id>/`,
/// `articles/<slug>/`, `events/<id>/`); file systems allow 255 bytes per
/// name, but sync and deploy tools add to a name while they copy (rsync
/// writes `.<name>.XXXXXX` first), so ids leave them room.
pub const MAX_ID_BYTES: usize = 200;

/// Whether `id` is longer than [`MAX_ID_BYTES`].
pub fn is_too_long(id: &str) -> bool {
    id.len() > MAX_ID_BYTES
}

/// The message for an id the author wrote (`what`: "slug", "event id", ...)
/// that is too long.
pub fn too_long_message(what: &str, id: &str) -> String {
    format!("{what} is {} bytes long; ids name output folders and may be at most {MAX_ID_BYTES} bytes", id.len())
}

/// Length of the suffix [`fit_derived`] appends: `-` and 8 hex digits.
const HASH_SUFFIX_BYTES: usize = 9;

/// A derived id (made by stele from a file name or a title, valid) cut to
/// [`MAX_ID_BYTES`]: whole words up to the limit, then `-` and 8 hex digits
/// of the xxh3 hash of the full id, so two long titles that begin alike
/// still get different ids, and the same title always the same one. An id
/// within the limit is returned as it is.
pub fn fit_derived(id: String) -> String {
    if !is_too_long(&id) {
        return id;
    }
    let hash = xxhash_rust::xxh3::xxh3_64(id.as_bytes()) as u32;
    let room = MAX_ID_BYTES - HASH_SUFFIX_BYTES;
    // Derived ids are ASCII, so any byte offset is a character boundary.
    let words_end = match id.as_bytes()[room] {
        b'-' => room,
        _ => id[..room].rfind('-').unwrap_or(room),
    };
    format!("{}-{hash:08x}", &id[..words_end])
}

/// Lowercase ASCII letters, digits and single hyphens, not at either end.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// The id a title or file name would have: ASCII-folded, lowercased, every
/// run of other characters turned into one hyphen. Allocates only the
/// result (it runs for every heading, file name and default event id).
pub fn slugify(text: &str) -> String {
    words_joined(text, false)
}

/// A heading's anchor: like [`slugify`], but letters and digits of other
/// scripts are kept (lowercased where the script has case) instead of
/// dropped, so an Arabic or Greek heading gets a readable anchor
/// ("تاريخ المدينة" → "تاريخ-المدينة"). Vowel marks and the tatweel vanish.
pub fn anchor(text: &str) -> String {
    words_joined(text, true)
}

fn words_joined(text: &str, keep_other_scripts: bool) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    let mut add = |c: char| {
        let kept = c.is_ascii_alphanumeric() || (keep_other_scripts && c.is_alphanumeric() && !is_mark(c));
        if kept {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' && !(keep_other_scripts && is_mark(c)) {
            // Apostrophes vanish ("Ma'ani" -> "maani"); everything else separates words.
            pending_hyphen = true;
        }
    };
    for ch in text.chars() {
        match fold_to_ascii(ch) {
            Some(ascii) => ascii.chars().for_each(&mut add),
            None => add(ch),
        }
    }
    slug
}

/// Combining marks written on a letter (Latin accents, Arabic vowel marks and
/// Qur'anic signs) and the tatweel, which stretches a word: none separates words.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// The base letters of a Latin letter with diacritics; None for any other character.
fn fold_to_ascii(ch: char) -> Option<&'static str> {
    if ch.is_ascii() {
        return None;
    }
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħḥ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"),
        ("śŝşšṣ", "s"),
        ("ţťŧṭ", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżžẓ", "z"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("ß", "ss"),
        ("þ", "th"),
    ];
    let mut lower = ch.to_lowercase();
    let (Some(single), None) = (lower.next(), lower.next()) else { return None };
    TABLE.iter().find(|(letters, _)| letters.contains(single)).map(|(_, ascii)| *ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids() {
        for id in ["palmyra", "temple-of-bel", "2015-05-13-x"] {
            assert!(is_valid_id(id), "{id}");
        }
        for id in ["", "Palmyra", "temple--of", "-a", "a-", "../../etc", "a/b", "tempel_of", "é"] {
            assert!(!is_valid_id(id), "{id}");
        }
    }

    #[test]
    fn derived_ids_keep_whole_words_and_a_hash() {
        let short = "2015-05-13-palmyra-falls".to_string();
        assert_eq!(fit_derived(short.clone()), short);
        let exactly = "a".repeat(MAX_ID_BYTES);
        assert_eq!(fit_derived(exactly.clone()), exactly);

        let long = ["temple"; 40].join("-");
        let fitted = fit_derived(long.clone());
        assert!(fitted.len() <= MAX_ID_BYTES, "{}", fitted.len());
        assert!(is_valid_id(&fitted), "{fitted}");
        let (words, hash) = fitted.rsplit_once('-').unwrap();
        assert_eq!(hash.len(), 8);
        assert!(long.starts_with(&format!("{words}-")), "{words} is not whole words of the id");
        assert_eq!(fitted, fit_derived(long.clone()), "not stable");

        // Alike up to the cut, different after it: different ids.
        let other = format!("{long}-again");
        assert_ne!(fit_derived(other), fitted);
        // One word longer than the limit is cut inside the word.
        let word = "a".repeat(300);
        let fitted = fit_derived(word);
        assert_eq!(fitted.len(), MAX_ID_BYTES);
        assert!(is_valid_id(&fitted));
    }

    #[test]
    fn anchors_keep_other_scripts() {
        assert_eq!(anchor("تاريخ المدينة"), "تاريخ-المدينة");
        assert_eq!(anchor("تَدْمُر القديمة"), "تدمر-القديمة");
        assert_eq!(anchor("معبـــد بل"), "معبد-بل");
        assert_eq!(anchor("Ναός του Βήλου"), "ναός-του-βήλου");
        assert_eq!(anchor("Temple of Bel, 2015"), "temple-of-bel-2015");
        assert_eq!(anchor("Été à Tadmur"), "ete-a-tadmur");
        assert_eq!(anchor("—"), "");
    }

    #[test]
    fn slugify_makes_valid_ids() {
        assert_eq!(slugify("Islamic State retakes Palmyra"), "islamic-state-retakes-palmyra");
        assert_eq!(slugify("Fakhr-al-Din al-Ma'ani Castle"), "fakhr-al-din-al-maani-castle");
        assert_eq!(slugify("Ma’ani"), "maani");
        assert_eq!(slugify("Œuvre ÆTHER Straße"), "oeuvre-aether-strasse");
        assert_eq!(slugify("--a--B--"), "a-b");
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("Temple_of  Bel!"), "temple-of-bel");
        assert_eq!(slugify("../../etc"), "etc");
        assert_eq!(slugify("Ḥomṣ Région"), "homs-region");
        assert_eq!(slugify("2015-05-13/2015-05-21"), "2015-05-13-2015-05-21");
    }
}
