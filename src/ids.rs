//! Ids: what a valid one looks like, and the valid id nearest to a bad one.
//!
//! An id is also a path segment of the output, so validity here is what
//! keeps every page inside the output folder.

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
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    let mut add = |c: char| {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
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
