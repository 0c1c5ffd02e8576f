//! The template set: built-in templates compiled into the binary, with a
//! project's `templates/` files overriding them by name.

use super::pages::PageKind;
use stele_core::diagnostics::{Code, Diagnostic};
use tera::Tera;

/// Expands the template table below: every built-in template's name is
/// written once, there, and each list the renderer needs is derived from it.
macro_rules! template_table {
    (
        pages { $($kind:ident => $page:literal,)* }
        parts { $($(#[$part_doc:meta])* $part_name:ident => $part:literal,)* }
        shared { $($shared:literal,)* }
        written_in_rust { $($rust_kind:ident => $rust_name:literal,)* }
    ) => {
        /// Every template the renderer uses, by name, with its built-in text.
        pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
            $(($page, include_str!(concat!("../../../templates/", $page))),)*
            $(($part, include_str!(concat!("../../../templates/", $part))),)*
            $(($shared, include_str!(concat!("../../../templates/", $shared))),)*
        ];

        /// Templates that render a page; every other template is shared
        /// (layouts, macros, parts), so its text counts for every page.
        const PAGE_TEMPLATES: &[&str] = &[$($page),*];

        $($(#[$part_doc])* pub const $part_name: &str = $part;)*

        impl PageKind {
            /// The template that renders pages of this kind.
            pub const fn template(self) -> &'static str {
                // `{ .. }` matches unit and tuple variants alike; the match
                // is exhaustive, so a new kind needs its line in the table.
                match self {
                    $(PageKind::$kind { .. } => $page,)*
                    $(PageKind::$rust_kind { .. } => $rust_name,)*
                }
            }

            /// The `page.kind` templates see: the template's name without its extension.
            pub const fn name(self) -> &'static str {
                match self {
                    $(PageKind::$kind { .. } => const { stem($page) },)*
                    $(PageKind::$rust_kind { .. } => $rust_name,)*
                }
            }
        }
    };
}

// The built-in templates, each named once: a page template beside the page
// kind it renders, a part beside the constant the renderer uses for it, and
// the shared ones, and the kinds no template renders. A name here without its file in `templates/` does not
// compile, nor does a `PageKind` without its line; the tests below catch a
// file in `templates/` or a row in docs/templates.md that is not here.
template_table! {
    pages {
        Home => "home.html",
        ArticleList => "article_list.html",
        Article => "article.html",
        Sites => "sites.html",
        Site => "site.html",
        Actors => "actors.html",
        Actor => "actor.html",
        Event => "event.html",
        Timeline => "timeline.html",
        TimelinePeriod => "timeline_period.html",
        Changes => "changes.html",
        NotFound => "404.html",
        Sitemap => "sitemap.xml",
        Atom => "atom.xml",
        Moved => "moved.html",
        Robots => "robots.txt",
        Search => "search.html",
    }
    parts {
        /// The template rendering one month of the timeline (see `Renderer::render_timeline_parts`).
        TIMELINE_PART => "timeline_events.html",
    }
    shared {
        "base.html",
        "macros.html",
    }
    // Pages written by Rust code, not by a template: their `template()` and
    // `name()` are this name, which no template has.
    written_in_rust {
        Data => "data",
        SearchIndex => "search-index",
    }
}

/// `name` up to its last `.` (all of it when it has none).
const fn stem(name: &'static str) -> &'static str {
    let mut end = name.len();
    while end > 0 {
        end -= 1;
        if name.as_bytes()[end] == b'.' {
            return name.split_at(end).0;
        }
    }
    name
}

/// Theme assets shipped in the binary, by output path.
pub const BUILTIN_ASSETS: &[(&str, &str)] = &[
    ("static/style.css", include_str!("../../../templates/static/style.css")),
    // Filters on the timeline pages (optional: the pages are whole without it).
    ("static/timeline-filter.js", include_str!("../../../templates/static/timeline-filter.js")),
    ("static/search.js", include_str!("../../../templates/static/search.js")),
];

/// The built-in text of template `name`.
pub fn built_in(name: &str) -> Option<&'static str> {
    BUILTIN_TEMPLATES.iter().find(|(built_in, _)| *built_in == name).map(|(_, text)| *text)
}

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
    tera.register_filter("fill", fill_filter);
    tera.register_filter("plural", plural_filter);
    tera.add_raw_templates(sources.iter().copied()).map_err(|err| {
        // Tera reports the first broken template; name the project file when it is an override.
        let file = overrides
            .iter()
            .find(|(name, _)| error_chain(&err).contains(&format!("'{name}'")))
            .map_or_else(|| "templates".to_string(), |(name, _)| format!("templates/{name}"));
        vec![Diagnostic::error(file, format!("template error: {}", error_chain(&err))).with_code(Code::TemplateError)]
    })?;
    Ok(tera)
}

/// `{{ t.key | fill(name=value) }}`: a text of `t` with its `{name}` parts filled in.
fn fill_filter(value: &tera::Value, args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let pattern = value.as_str().ok_or_else(|| tera::Error::msg("the `fill` filter fills in a text of `t`, such as t.page_of"))?;
    Ok(tera::Value::String(fill_in(pattern, args)))
}

/// `{{ t.count_events | plural(n=3) }}`: the form of a count of `t` for the
/// plural category of `n` in the table's language, filled in like `fill`.
fn plural_filter(value: &tera::Value, args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let forms = value.as_object().ok_or_else(|| tera::Error::msg("the `plural` filter takes a count of `t`, such as t.count_events"))?;
    let n = args.get("n").and_then(tera::Value::as_u64).ok_or_else(|| tera::Error::msg("the `plural` filter needs `n`, a whole number"))?;
    let language = forms.get(stele_i18n::PLURAL_LANGUAGE_KEY).and_then(tera::Value::as_str).unwrap_or("en");
    let form = forms.get(stele_i18n::plural_category(language, n)).or_else(|| forms.get("other"));
    Ok(tera::Value::String(fill_in(form.and_then(tera::Value::as_str).unwrap_or_default(), args)))
}

/// `pattern` with each `{name}` replaced by the argument of that name (read
/// left to right once, so a value holding braces is never read again).
fn fill_in(pattern: &str, args: &std::collections::HashMap<String, tera::Value>) -> String {
    let mut filled = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let value = rest[open + 1..].find('}').and_then(|close| args.get(&rest[open + 1..open + 1 + close]).map(|value| (value, close)));
        match value {
            Some((value, close)) => {
                filled.push_str(&rest[..open]);
                match value {
                    tera::Value::String(text) => filled.push_str(text),
                    tera::Value::Null => {}
                    other => filled.push_str(&other.to_string()),
                }
                rest = &rest[open + close + 2..];
            }
            None => {
                filled.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    filled.push_str(rest);
    filled
}

/// HTML escaping that leaves `/` alone (Tera's default writes `&#x2F;`, which
/// is valid but makes every URL unreadable and trips tools that read raw XML).
pub fn escape_html(input: &str) -> String {
    // Tera calls this for every `{{ }}` of every page: scan bytes (the five
    // are ASCII, never part of a longer UTF-8 sequence) and copy the runs
    // between them whole.
    let bytes = input.as_bytes();
    let Some(first) = bytes.iter().position(|&b| needs_escape(b)) else {
        return input.to_string();
    };
    let mut escaped = String::with_capacity(input.len() + input.len() / 8 + 8);
    let mut copied = 0;
    for (at, &b) in bytes.iter().enumerate().skip(first) {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        escaped.push_str(&input[copied..at]);
        escaped.push_str(entity);
        copied = at + 1;
    }
    escaped.push_str(&input[copied..]);
    escaped
}

fn needs_escape(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
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

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escaping_keeps_slashes_and_other_scripts() {
        assert_eq!(escape_html("a/b"), "a/b");
        assert_eq!(escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#), "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt;");
        assert_eq!(escape_html("تدمر & «Palmyre» <é>"), "تدمر &amp; «Palmyre» &lt;é&gt;");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html(""), "");
    }

    use super::*;
    use std::collections::BTreeSet;

    fn builtin_names() -> BTreeSet<&'static str> {
        BUILTIN_TEMPLATES.iter().map(|(name, _)| *name).collect()
    }

    /// The backticked names in `text`: "`a` (`b`)" gives a, b.
    fn backticked(text: &str) -> BTreeSet<&str> {
        text.split('`').skip(1).step_by(2).collect()
    }

    const DOCS: &str = include_str!("../../../docs/templates.md");

    #[test]
    fn the_table_names_every_template_file_once() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates");
        let mut files: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap())
            .filter(|entry| entry.file_type().unwrap().is_file())
            .map(|entry| entry.file_name().into_string().unwrap())
            .collect();
        files.sort();
        let mut names: Vec<&str> = BUILTIN_TEMPLATES.iter().map(|(name, _)| *name).collect();
        names.sort();
        assert_eq!(names, files, "templates/ and the template table differ");
    }

    #[test]
    fn docs_describe_every_builtin_template() {
        let section = DOCS.split("\n## Per template\n").nth(1).expect("docs/templates.md has a \"Per template\" section");
        let section = section.split("\n## ").next().unwrap_or(section);
        let documented: BTreeSet<&str> = section.lines().filter_map(|row| row.strip_prefix("| `")).filter_map(|row| row.split('`').next()).collect();
        let builtin = builtin_names();
        let missing: Vec<_> = builtin.difference(&documented).collect();
        let unknown: Vec<_> = documented.difference(&builtin).collect();
        assert!(missing.is_empty(), "docs/templates.md's per-template table lacks {missing:?}");
        assert!(unknown.is_empty(), "docs/templates.md's per-template table has {unknown:?}, which are not built-in templates");
    }

    #[test]
    fn docs_list_every_page_kind() {
        let row = DOCS.lines().find(|line| line.starts_with("| `page` |")).expect("docs/templates.md has a `page` row");
        let kinds = row.split("`kind` (").nth(1).and_then(|rest| rest.split(')').next()).expect("the `page` row lists `kind` (...)");
        let names: BTreeSet<&str> = PAGE_TEMPLATES.iter().map(|template| stem(template)).collect();
        assert_eq!(backticked(kinds), names, "docs/templates.md's list of `page.kind` values");
    }

    #[test]
    fn a_page_kind_is_its_template_without_the_extension() {
        assert_eq!(PageKind::NotFound.name(), "404");
        assert_eq!(PageKind::ArticleList(2).name(), "article_list");
        assert_eq!(stem("a.b.html"), "a.b");
        assert_eq!(stem("plain"), "plain");
    }
}
