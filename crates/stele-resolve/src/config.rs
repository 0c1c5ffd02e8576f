//! The site-wide settings: `content/site.yaml` read into `Config`, and the
//! folders its `allow_symlinks_to` names.

use std::path::{Path, PathBuf};
use stele_core::diagnostics::Diagnostic;
use stele_core::model::Config;
use stele_core::source::{ALLOW_SETTING, CONFIG_PATH};
use stele_parse::frontmatter::{self, ConfigFront};
use stele_parse::yaml_locate::{locate_value, Step};

/// Parses `content/site.yaml` into the site-wide settings.
pub fn resolve_config(config: Option<&(String, String)>) -> (Config, Vec<Diagnostic>) {
    let mut resolved = Config::default();
    let Some((path, text)) = config else {
        return (resolved, Vec::new());
    };
    // One bad setting costs only itself: the others still apply (say, `allow_symlinks_to`).
    let frontmatter::Recovered { value, mut problems } = frontmatter::read_yaml::<ConfigFront>(text, path, 1);
    let Some(front) = value else { return (resolved, problems) };
    if let Some(title) = front.title {
        resolved.title = title;
    }
    resolved.description = front.description;
    if let Some(language) = front.language {
        resolved.language = language;
    }
    if let Some(base_url) = front.base_url {
        // Blanks and control characters would break every address made from it (and robots.txt's lines).
        let plain = !base_url.contains(|c: char| c.is_whitespace() || c.is_control());
        if !(plain && (base_url.starts_with("http://") || base_url.starts_with("https://"))) {
            let location = locate_value(text, 1, &[Step::Key("base_url")]);
            problems.push(
                Diagnostic::error(path, format!("base_url `{base_url}` is not an absolute http(s) URL"))
                    .at(location)
                    .with_hint("write it like https://example.org/reports/"),
            );
        }
        resolved.base_url = Some(if base_url.ends_with('/') { base_url } else { format!("{base_url}/") });
    }
    if let Some(autolink) = front.autolink {
        resolved.autolink = autolink;
    }
    match front.articles_per_page {
        Some(0) => problems.push(Diagnostic::error(path, "articles_per_page must be at least 1").at(locate_value(
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
    resolved.extra = front.extra;
    (resolved, problems)
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
                .at(location)
                .with_hint("list folders that exist, as absolute paths or relative to the project root (the folder holding content/)"),
        );
    }
    (folders, problems)
}
