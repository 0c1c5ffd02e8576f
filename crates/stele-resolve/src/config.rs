//! The site-wide settings: `content/site.yaml` read into `Config`, and the
//! folders its `allow_symlinks_to` names.

use std::path::{Path, PathBuf};
use stele_core::diagnostics::{Code, Diagnostic};
use stele_core::model::{Config, Translation, Translations};
use stele_core::source::{ALLOW_SETTING, CONFIG_PATH};
use stele_parse::frontmatter::{self, ConfigFront};
use stele_parse::yaml_locate::{locate_value, Step};

/// Parses `content/site.yaml` into the site-wide settings. `address`: the
/// site's address given another way (`--base-url`, or `serve`'s own,
/// already checked with [`absolute_base_url`]), which replaces `base_url`:
/// then a `site.yaml` without one is no cause for a warning.
pub fn resolve_config(config: Option<&(String, String)>, address: Option<&str>) -> (Config, Vec<Diagnostic>) {
    let (mut resolved, problems) = read_config(config, address.is_some());
    if let Some(address) = address {
        resolved.base_url = Some(address.to_string());
    }
    (resolved, problems)
}

/// `site.yaml` as written; `address_given`: see [`resolve_config`].
fn read_config(config: Option<&(String, String)>, address_given: bool) -> (Config, Vec<Diagnostic>) {
    let mut resolved = Config::default();
    let Some((path, text)) = config else {
        return (resolved, if address_given { Vec::new() } else { vec![no_base_url()] });
    };
    // One bad setting costs only itself: the others still apply (say, `allow_symlinks_to`).
    let frontmatter::Recovered { value, mut problems } = frontmatter::read_yaml::<ConfigFront>(text, path, 1);
    let Some(front) = value else { return (resolved, problems) };
    if let Some(title) = front.title {
        resolved.title = title;
    }
    resolved.description = front.description;
    if let Some(language) = front.language {
        if stele_i18n::is_language_tag(&language) {
            resolved.language = language;
        } else {
            problems.push(
                Diagnostic::error(path, format!("language `{language}` is not a language tag"))
                    .with_code(Code::BadLanguage)
                    .at(locate_value(text, 1, &[Step::Key("language")]))
                    .with_hint(crate::languages::LANGUAGE_HINT),
            );
        }
    }
    resolved.translations = usable_translations(front.translations, path, text, &mut problems);
    // Left out, rather than left empty on purpose: likely forgotten.
    let forgot_base_url = front.base_url.is_none();
    if let Some(base_url) = front.base_url.flatten() {
        if absolute_base_url(&base_url).is_none() {
            let location = locate_value(text, 1, &[Step::Key("base_url")]);
            problems.push(
                Diagnostic::error(path, format!("base_url `{base_url}` {NOT_ABSOLUTE}"))
                    .with_code(Code::BadBaseUrl)
                    .at(location)
                    .with_hint(BASE_URL_HINT),
            );
        }
        resolved.base_url = Some(with_final_slash(base_url));
    }
    if let Some(autolink) = front.autolink {
        resolved.autolink = autolink;
    }
    match front.articles_per_page {
        Some(0) => problems.push(Diagnostic::error(path, "articles_per_page must be at least 1").with_code(Code::BadSetting).at(locate_value(
            text,
            1,
            &[Step::Key("articles_per_page")],
        ))),
        Some(n) => resolved.articles_per_page = n,
        None => {}
    }
    if let Some(raw_html) = front.raw_html {
        resolved.raw_html = raw_html;
    }
    if let Some(article_schema) = front.article_schema {
        resolved.article_schema = article_schema;
    }
    resolved.allow_symlinks_to = front.allow_symlinks_to;
    if let Some(top) = front.swimlane_actors {
        resolved.swimlane_actors = top;
    }
    resolved.extra = front.extra;
    if forgot_base_url && !address_given && problems.is_empty() {
        problems.push(no_base_url());
    }
    (resolved, problems)
}

/// The project's own interface texts that the interface can use; a key it
/// does not have, a text given for a count or forms for a text, and a form
/// that is no plural category, are warnings at the key, and left out.
fn usable_translations(written: Translations, path: &str, text: &str, problems: &mut Vec<Diagnostic>) -> Translations {
    const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
    let mut usable = Translations::new();
    for (key, translation) in written {
        let at = [Step::Key("translations"), Step::Key(&key)];
        let problem = if !stele_i18n::is_key(&key) {
            let hint = match stele_core::suggest::did_you_mean(&key, stele_i18n::keys()) {
                Some(near) => format!("did you mean `{near}`? The keys are listed in docs/templates.md, under Translations"),
                None => "the keys are listed in docs/templates.md, under Translations".to_string(),
            };
            Some((format!("translations: `{key}` is not a key of the interface"), hint))
        } else {
            match (&translation, stele_i18n::is_count(&key)) {
                (Translation::Text(_), true) => Some((
                    format!("translations: `{key}` is a count"),
                    "give its forms by plural category, such as `{ one: \"{n} event\", other: \"{n} events\" }`".to_string(),
                )),
                (Translation::Plural(_), false) => Some((format!("translations: `{key}` is a plain text, not a count"), "give one text".to_string())),
                (Translation::Plural(forms), true) => forms.keys().find(|c| !CATEGORIES.contains(&c.as_str())).map(|c| {
                    (
                        format!("translations: `{key}` has a form `{c}`, which is no plural category"),
                        "the categories are zero, one, two, few, many and other".to_string(),
                    )
                }),
                (Translation::Text(_), false) => None,
            }
        };
        match problem {
            Some((message, hint)) => {
                problems.push(Diagnostic::warning(path, message).with_code(Code::UnknownTranslationKey).at(locate_key(text, &at)).with_hint(hint))
            }
            None => {
                usable.insert(key, translation);
            }
        }
    }
    usable
}

/// Where the key at `path` is written (its value when the key cannot be found).
fn locate_key(text: &str, path: &[Step]) -> Option<stele_core::diagnostics::Location> {
    stele_parse::yaml_locate::locate_key(text, 1, path).or_else(|| locate_value(text, 1, path))
}

/// What is wrong with a `base_url` that [`absolute_base_url`] refuses.
pub const NOT_ABSOLUTE: &str = "is not an absolute http(s) URL";
/// How to write a `base_url`.
pub const BASE_URL_HINT: &str = "write it like https://example.org/reports/";

/// A `base_url` as the site uses it (ending in `/`), or None when it is not
/// an absolute http(s) URL: the one rule for `site.yaml`'s `base_url` and
/// the command line's `--base-url`.
pub fn absolute_base_url(written: &str) -> Option<String> {
    // Blanks and control characters would break every address made from it (and robots.txt's lines).
    let plain = !written.contains(|c: char| c.is_whitespace() || c.is_control());
    (plain && (written.starts_with("http://") || written.starts_with("https://"))).then(|| with_final_slash(written.to_string()))
}

fn with_final_slash(url: String) -> String {
    if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    }
}

/// The warning for a `site.yaml` that does not mention `base_url` (one
/// that says `base_url:` with no value has none on purpose, and no warning).
fn no_base_url() -> Diagnostic {
    let hint = "feeds and sitemaps need absolute URLs, and the 404 page needs the site's path: without it, its links work only where the server shows it at the site's top level; set base_url in content/site.yaml (or write `base_url:` with no value to build without one on purpose)";
    Diagnostic::warning(CONFIG_PATH, "no base_url: sitemap.xml and the Atom feeds are not written").with_code(Code::NoBaseUrl).with_hint(hint)
}

/// The folders of `allow_symlinks_to`, resolved (relative ones from the
/// project root); one that does not exist, or is not a folder, is an error
/// at its entry in `content/site.yaml`.
pub fn allowed_link_folders(root: &Path, config: Option<&(String, String)>, written: &[String]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut folders = Vec::new();
    let mut problems = Vec::new();
    for (index, entry) in written.iter().enumerate() {
        let problem = match root.join(entry).canonicalize() {
            Ok(folder) if folder.is_dir() => {
                folders.push(folder);
                continue;
            }
            Ok(_) => format!("`{entry}` is not a folder"),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => format!("the folder `{entry}` does not exist"),
            Err(err) => format!("cannot read the folder `{entry}`: {err}"),
        };
        let (file, location) = match config {
            Some((path, text)) => (path.as_str(), locate_value(text, 1, &[Step::Key(ALLOW_SETTING), Step::Index(index)])),
            None => (CONFIG_PATH, None),
        };
        problems.push(
            Diagnostic::error(file, format!("{}: {problem}", ALLOW_SETTING))
                .with_code(Code::BadSetting)
                .at(location)
                .with_hint("list folders that exist, as absolute paths or relative to the project root (the folder holding content/)"),
        );
    }
    (folders, problems)
}
