//! "Did you mean" suggestions for ids and keys.

/// The candidate nearest to `word`, when it is near enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest(word, candidates, 1).into_iter().next()
}

/// Up to `limit` candidates near `word`, nearest first (ties by name, so the
/// answer never depends on the order candidates come in).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>, limit: usize) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, candidate)| *score >= 0.8 || candidate.contains(word) && word.len() >= 3)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, candidate)| candidate).collect()
}

/// "did you mean `a`, `b`?" for a hint, or None when nothing is near.
pub fn did_you_mean_hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let near = nearest(word, candidates, 3);
    if near.is_empty() {
        return None;
    }
    let listed: Vec<String> = near.iter().map(|c| format!("`{c}`")).collect();
    Some(format!("did you mean {}?", listed.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        assert_eq!(did_you_mean("actor", ["title", "actors", "sites"]), Some("actors"));
        assert_eq!(did_you_mean("palmyr", ["palmyra", "palmyra-museum", "mosul"]), Some("palmyra"));
        assert_eq!(did_you_mean("zzz", ["title", "actors"]), None);
    }
}
