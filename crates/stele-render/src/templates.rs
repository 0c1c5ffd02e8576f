//! The template set: built-in templates compiled into the binary, with a
//! project's `templates/` files overriding them by name.

use stele_core::diagnostics::Diagnostic;
use tera::Tera;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../templates/", $name)))),*]
    };
}

/// Every template the renderer uses, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "macros.html",
    "home.html",
    "article_list.html",
    "article.html",
    "sites.html",
    "site.html",
    "actors.html",
    "actor.html",
    "event.html",
    "timeline.html",
    "timeline_events.html",
    "404.html",
    "sitemap.xml",
    "atom.xml",
);

/// Theme assets shipped in the binary, by output path.
pub const BUILTIN_ASSETS: &[(&str, &str)] = &[("static/style.css", include_str!("../../../templates/static/style.css"))];

/// Templates that render a page; every other template is shared (layouts, macros, partials).
const PAGE_TEMPLATES: &[&str] = &[
    "home.html",
    "article_list.html",
    "article.html",
    "sites.html",
    "site.html",
    "actors.html",
    "actor.html",
    "event.html",
    "timeline.html",
    "404.html",
    "sitemap.xml",
    "atom.xml",
];

/// The template texts in use: built-in ones unless overridden, plus the project's own.
pub fn sources(overrides: &[(String, String)]) -> Vec<(&str, &str)> {
    let mut sources: Vec<(&str, &str)> = BUILTIN_TEMPLATES.iter().filter(|(name, _)| !overrides.iter().any(|(o, _)| o == name)).copied().collect();
    sources.extend(overrides.iter().map(|(name, text)| (name.as_str(), text.as_str())));
    sources.sort();
    sources
}

/// What a page template's output depends on: its own text and every shared
/// template's, so editing `article.html` re-renders only article pages.
pub fn fingerprints(sources: &[(&str, &str)]) -> std::collections::HashMap<&'static str, u64> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut shared = DefaultHasher::new();
    for (name, text) in sources.iter().filter(|(name, _)| !PAGE_TEMPLATES.contains(name)) {
        (name, text).hash(&mut shared);
    }
    let shared = shared.finish();
    PAGE_TEMPLATES
        .iter()
        .map(|&page| {
            let mut hasher = DefaultHasher::new();
            shared.hash(&mut hasher);
            sources.iter().find(|(name, _)| *name == page).hash(&mut hasher);
            (page, hasher.finish())
        })
        .collect()
}

/// One hash of every template text in use, from `fingerprints` (each page
/// template's covers its own text and every shared one).
pub fn set_fingerprint(fingerprints: &std::collections::HashMap<&'static str, u64>) -> u64 {
    let mut by_template: Vec<(&str, u64)> = fingerprints.iter().map(|(name, hash)| (*name, *hash)).collect();
    by_template.sort_unstable();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (_, hash) in by_template {
        hasher.update(&hash.to_le_bytes());
    }
    hasher.digest()
}

/// Builds the template engine from `sources(overrides)`.
pub fn compile(sources: &[(&str, &str)], overrides: &[(String, String)]) -> Result<Tera, Vec<Diagnostic>> {
    let runaway = super::recursion::check(sources, |name| overrides.iter().any(|(o, _)| o == name));
    if !runaway.is_empty() {
        return Err(runaway);
    }
    let mut tera = Tera::default();
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(sources.iter().copied()).map_err(|err| {
        // Tera reports the first broken template; name the project file when it is an override.
        let file = overrides
            .iter()
            .find(|(name, _)| error_chain(&err).contains(&format!("'{name}'")))
            .map_or_else(|| "templates".to_string(), |(name, _)| format!("templates/{name}"));
        vec![Diagnostic::error(file, format!("template error: {}", error_chain(&err)))]
    })?;
    Ok(tera)
}

/// HTML escaping that leaves `/` alone (Tera's default writes `&#x2F;`, which
/// is valid but makes every URL unreadable and trips tools that read raw XML).
pub fn escape_html(input: &str) -> String {
    if !input.contains(['&', '<', '>', '"', '\'']) {
        return input.to_string();
    }
    let mut escaped = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#x27;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Tera nests the useful part of a message in its sources; join them all.
pub fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        parts.push(inner.to_string());
        source = inner.source();
    }
    parts.dedup();
    parts.join(": ")
}
