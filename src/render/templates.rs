//! The template set: built-in templates compiled into the binary, with a
//! project's `templates/` files overriding them by name.

use crate::diagnostics::Diagnostic;
use tera::Tera;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
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
    "404.html",
    "sitemap.xml",
    "atom.xml",
);

/// Theme assets shipped in the binary, by output path.
pub const BUILTIN_ASSETS: &[(&str, &str)] = &[("static/style.css", include_str!("../../templates/static/style.css"))];

/// Builds the template engine; `overrides` are (name, text) from the project.
pub fn compile(overrides: &[(String, String)]) -> Result<Tera, Vec<Diagnostic>> {
    let mut sources: Vec<(&str, &str)> = BUILTIN_TEMPLATES
        .iter()
        .filter(|(name, _)| !overrides.iter().any(|(o, _)| o == name))
        .copied()
        .collect();
    sources.extend(overrides.iter().map(|(name, text)| (name.as_str(), text.as_str())));
    let mut tera = Tera::default();
    tera.add_raw_templates(sources).map_err(|err| {
        // Tera reports the first broken template; name the project file when it is an override.
        let file = overrides
            .iter()
            .find(|(name, _)| error_chain(&err).contains(&format!("'{name}'")))
            .map_or_else(|| "templates".to_string(), |(name, _)| format!("templates/{name}"));
        vec![Diagnostic::error(file, format!("template error: {}", error_chain(&err)))]
    })?;
    Ok(tera)
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
