//! `base.html` for the pages written natively: head, masthead and footer
//! around a page's content.

use super::html::{Html, Root, Texts};
use crate::context::{PageContext, PageView};

/// Which link of the navigation is marked as the page's section.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Reports,
    Timeline,
}

/// Writes `base.html` around `content`; `head` is the page's `head` block.
pub fn page<T: serde::Serialize>(
    out: &mut Html,
    context: &PageContext<T>,
    root: &Root,
    texts: &Texts,
    section: Section,
    head: impl FnOnce(&mut Html),
    content: impl FnOnce(&mut Html),
) {
    let config = context.config;
    let page: &PageView = &context.page;
    out.raw("<!doctype html>\n<html lang=\"").text(config.language).raw("\" dir=\"").text(context.dir).raw("\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if !page.title.is_empty() && page.title != config.title {
        out.text(&page.title).raw(" · ");
    }
    out.text(config.title).raw("</title>");
    // `config.description` is shown on the home page only, never written natively.
    out.raw("\n<link rel=\"stylesheet\" href=\"").raw(root.0).raw("static/style.css\">");
    if config.base_url.is_some_and(|url| !url.is_empty()) {
        out.raw("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"").raw(&texts.fill("feed_title", "title", config.title));
        out.raw("\" href=\"").raw(root.0).raw("atom.xml\">");
    }
    if let Some(canonical) = page.canonical.as_deref().filter(|c| !c.is_empty()) {
        out.raw("\n<link rel=\"canonical\" href=\"").text(canonical).raw("\">");
    }
    if let Some(social) = &page.social {
        out.raw("\n<meta property=\"og:title\" content=\"").text(&page.title).raw("\">\n<meta property=\"og:type\" content=\"").text(social.og_type);
        out.raw("\">\n<meta property=\"og:url\" content=\"").text(page.canonical.as_deref().unwrap_or_default()).raw("\">");
        if let Some(description) = social.description.as_deref().filter(|d| !d.is_empty()) {
            out.raw("\n<meta property=\"og:description\" content=\"").text(description).raw("\">");
        }
        out.raw("\n<meta property=\"og:site_name\" content=\"")
            .text(config.title)
            .raw("\">\n<meta property=\"og:locale\" content=\"")
            .text(&social.locale);
        out.raw("\">\n<meta name=\"twitter:card\" content=\"summary\">");
    }
    if let Some(json_ld) = page.json_ld.as_deref().filter(|j| !j.is_empty()) {
        out.raw("\n<script type=\"application/ld+json\">").raw(json_ld).raw("</script>");
    }
    head(out);
    out.raw("\n</head>\n<body class=\"page-").text(page.kind).raw("\">\n<a class=\"skip-link\" href=\"#main\">").raw(&texts.t("skip_to_content"));
    out.raw("</a>\n<header class=\"masthead\">\n<div class=\"wrap masthead-inner\">\n<a class=\"site-title\" href=\"")
        .raw(root.0)
        .raw("index.html\">");
    out.text(config.title).raw("</a>\n<nav aria-label=\"").raw(&texts.t("nav_label")).raw("\">\n<ul class=\"nav\">\n");
    // base.html marks the section of the page (reports or timeline) in its link.
    let items = [
        ("articles/index.html", "reports", Some(Section::Reports)),
        ("timeline/index.html", "timeline", Some(Section::Timeline)),
        ("sites/index.html", "sites", None),
        ("actors/index.html", "actors", None),
        ("search/index.html", "search", None),
    ];
    for (path, key, marked) in items {
        let mark = if marked.is_some_and(|marked| marked == section) { " class=\"in-section\"" } else { "" };
        out.raw("<li><a href=\"").raw(root.0).raw(path).raw("\"").raw(mark).raw(">").raw(&texts.t(key)).raw("</a></li>\n");
    }
    out.raw("</ul>\n</nav>\n</div>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n<div class=\"wrap\">\n");
    content(out);
    out.raw("\n</div>\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p><a href=\"")
        .raw(root.0)
        .raw("index.html\">")
        .text(config.title)
        .raw("</a>");
    if config.base_url.is_some_and(|url| !url.is_empty()) {
        out.raw(" · <a href=\"").raw(root.0).raw("atom.xml\">").raw(&texts.t("footer_feed")).raw("</a>");
    }
    out.raw("\n · <a href=\"").raw(root.0).raw("index.html#open-data\">").raw(&texts.t("footer_open_data")).raw("</a></p>\n<p class=\"fine\">");
    out.raw(&texts.t("footer_note")).raw("</p>\n</div>\n</footer>\n</body>\n</html>\n");
}
