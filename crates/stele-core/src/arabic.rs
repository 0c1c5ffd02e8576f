//! Arabic attached particles (proclitics): و and ف ("and", "so"), ب, ك and
//! ل ("in", "like", "for"), and the article ال, written before a noun with no
//! space and combined (وبـ، وال، بال، فال). ل before ال drops the article's
//! alif (ل + المدينة → للمدينة). Mentions use this to find a name inside the
//! word that carries its particles, and to link only the name.

/// The article.
pub const ARTICLE: &str = "ال";

/// Conjunctions, which come first in a chain.
const CONJUNCTIONS: [char; 2] = ['و', 'ف'];

/// Whether `c` is an Arabic letter (the Arabic block's letters, not its
/// digits, punctuation or vowel marks).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}')
}

/// Whether a name is written in Arabic letters (its first letter is).
pub fn is_arabic_name(name: &str) -> bool {
    name.chars().find(|c| c.is_alphabetic()).is_some_and(is_arabic_letter)
}

/// The form a name beginning with the article takes after ل, which drops the
/// article's alif: "الرقة" → "لرقة" (read in "للرقة", ل + الرقة). None for
/// any other name.
pub fn after_lam_form(name: &str) -> Option<&str> {
    name.strip_prefix('ا').filter(|rest| rest.starts_with('ل') && rest.chars().count() > 2)
}

/// Whether `prefix`, the letters written before a name in the same word, is
/// a chain of attached particles: an optional conjunction, then a
/// preposition, the article, or a preposition with the article (for a name
/// that has no article of its own). `after_lam`: the name was found in its
/// after-ل form ([`after_lam_form`]), so the chain must end in that ل. An
/// empty prefix is no chain.
pub fn is_proclitic_chain(prefix: &str, name_has_article: bool, after_lam: bool) -> bool {
    let rest = prefix.strip_prefix(CONJUNCTIONS).unwrap_or(prefix);
    if after_lam {
        return rest == "ل";
    }
    match rest {
        "" => !prefix.is_empty(),
        "ب" | "ك" | "ل" => true,
        "ال" | "بال" | "كال" | "لل" => !name_has_article,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_of_particles() {
        for prefix in ["و", "ف", "ب", "ك", "ل", "ال", "بال", "كال", "لل", "وب", "فب", "وال", "فال", "وبال", "فلل", "ولل", "وك"]
        {
            assert!(is_proclitic_chain(prefix, false, false), "{prefix}");
        }
        for prefix in ["", "وو", "بب", "س", "است", "الب", "بو", "لب", "ا"] {
            assert!(!is_proclitic_chain(prefix, false, false), "{prefix}");
        }
    }

    #[test]
    fn a_name_with_the_article_takes_no_second_article() {
        assert!(is_proclitic_chain("ب", true, false));
        assert!(is_proclitic_chain("وب", true, false));
        assert!(!is_proclitic_chain("ال", true, false));
        assert!(!is_proclitic_chain("لل", true, false));
        assert!(!is_proclitic_chain("بال", true, false));
    }

    #[test]
    fn after_lam_the_article_loses_its_alif() {
        assert_eq!(after_lam_form("الرقة"), Some("لرقة"));
        assert_eq!(after_lam_form("تدمر"), None);
        assert_eq!(after_lam_form("ال"), None);
        assert!(is_proclitic_chain("ل", true, true));
        assert!(is_proclitic_chain("ول", true, true));
        assert!(!is_proclitic_chain("", true, true));
        assert!(!is_proclitic_chain("ب", true, true));
    }

    #[test]
    fn arabic_names() {
        assert!(is_arabic_name("تدمر"));
        assert!(is_arabic_name("الرقة"));
        assert!(!is_arabic_name("Palmyra"));
    }
}
