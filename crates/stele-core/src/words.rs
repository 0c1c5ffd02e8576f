//! Small pieces of English for messages: "an actor", "1 error", "2 errors".

/// `noun` with its indefinite article: "a site", "an actor". Decided by the
/// first letter, which is right for the nouns stele's messages use.
pub fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
    format!("{article} {noun}")
}

/// `count` and `noun`, plural unless the count is one: "1 error", "0 errors".
/// For nouns whose plural adds an `s`.
pub fn count(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_first_sound() {
        assert_eq!(a("actor"), "an actor");
        assert_eq!(a("site"), "a site");
        assert_eq!(a("event"), "an event");
    }

    #[test]
    fn one_is_singular() {
        assert_eq!(count(1, "error"), "1 error");
        assert_eq!(count(0, "error"), "0 errors");
        assert_eq!(count(2, "file"), "2 files");
    }
}
