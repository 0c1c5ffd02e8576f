//! `article.html`, written natively.

use super::html::{Html, Root, Texts};
use crate::context::ArticleData;

/// The `head` block of a report's page: its summary as the description.
pub fn head(out: &mut Html, data: &ArticleData) {
    if let Some(summary) = data.article.summary.filter(|s| !s.is_empty()) {
        out.raw("\n<meta name=\"description\" content=\"").text(summary).raw("\">");
    }
    out.raw("\n");
}

/// The content block of a report's page.
pub fn content(out: &mut Html, data: &ArticleData, root: &Root, texts: &Texts) {
    let article = &data.article;
    let t = |key: &str| texts.t(key);
    // `lang_attrs`: what the report wrote is marked with its own language.
    let mut lang_attrs = Html(String::new());
    lang_attrs.own_language(article.language, article.dir);
    let lang_attrs = lang_attrs.0.as_str();
    out.raw("\n<article class=\"report\">\n<header class=\"page-header\">\n<p class=\"eyebrow\"><a href=\"")
        .raw(root.0)
        .raw("articles/index.html\">");
    out.raw(&t("reports")).raw("</a></p>\n<h1").raw(lang_attrs).raw(">").text(article.title).raw("</h1>");
    if article.draft {
        out.raw("\n<p class=\"draft-note\"><strong>").raw(&t("draft")).raw("</strong> ").raw(&t("draft_note")).raw("</p>");
    }
    out.raw("\n<dl class=\"facts facts-inline\">\n<dt>").raw(&t("label_published")).raw("</dt>\n<dd>").pubdate(article.date).raw("</dd>");
    if let Some(updated) = article.updated {
        out.raw("\n<dt>").raw(&t("label_updated")).raw("</dt>\n<dd>").pubdate(updated).raw("</dd>");
    }
    if let Some(source) = &article.source {
        let name = source.name.filter(|n| !n.is_empty());
        let url = source.url.filter(|u| !u.is_empty());
        if name.is_some() || url.is_some() {
            out.raw("\n<dt>").raw(&t("label_source")).raw("</dt>\n<dd>");
            match url {
                Some(url) => {
                    out.raw("<a href=\"").text(url).raw("\" rel=\"external\">");
                    match name {
                        Some(name) => out.text(name),
                        None => out.raw(&t("original_report")),
                    };
                    out.raw("</a>");
                }
                None => {
                    out.text(name.unwrap_or_default());
                }
            }
            out.raw("</dd>");
        }
        if let Some(author) = source.author.filter(|a| !a.is_empty()) {
            out.raw("\n<dt>").raw(&t("label_author")).raw("</dt>\n<dd>").text(author).raw("</dd>");
        }
    }
    if !article.tags.is_empty() {
        out.raw("\n<dt>").raw(&t("label_tags")).raw("</dt>\n<dd><ul class=\"tags\">");
        for tag in article.tags {
            out.raw("<li>").label(tag).raw("</li>");
        }
        out.raw("</ul></dd>");
    }
    if !article.translations.is_empty() {
        out.raw("\n<dt>").raw(&t("translations")).raw("</dt>\n<dd><ul class=\"translations\">");
        for x in &article.translations {
            out.raw("<li>");
            match x.url.as_deref().filter(|u| !u.is_empty()) {
                Some(url) => {
                    out.raw("<a href=\"").href(root, url).raw("\" hreflang=\"").text(x.language).raw("\" lang=\"").text(x.language).raw("\" dir=\"");
                    out.text(x.dir).raw("\">").text(&x.name).raw("</a>");
                }
                None => {
                    out.raw("<span lang=\"")
                        .text(x.language)
                        .raw("\" dir=\"")
                        .text(x.dir)
                        .raw("\" aria-current=\"page\">")
                        .text(&x.name)
                        .raw("</span>");
                }
            }
            out.raw("</li>");
        }
        out.raw("</ul></dd>");
    }
    out.raw("\n</dl>");
    if let Some(lead) = article.lead.filter(|l| !l.is_empty()) {
        out.raw("\n<p class=\"lead\"").raw(lang_attrs).raw(">").text(lead).raw("</p>");
    }
    out.raw("\n</header>\n\n<div class=\"prose\"").raw(lang_attrs).raw(">\n").raw(article.body_html).raw("\n</div>");
    if !article.events.is_empty() {
        out.raw("\n<section class=\"report-section\" aria-labelledby=\"report-events\">\n<h2 id=\"report-events\">").raw(&t("events_in_report"));
        out.raw("</h2>\n<ol class=\"event-details\">");
        for e in &article.events {
            let card = &e.card;
            out.raw("\n<li>\n<h3 class=\"event-detail-title\"").raw(lang_attrs).raw("><a href=\"").href(root, &card.url).raw("\">").text(card.title);
            out.raw("</a></h3>\n<dl class=\"facts facts-compact\">\n<dt>")
                .raw(&t("label_date"))
                .raw("</dt>\n<dd><time datetime=\"")
                .text(card.date.machine());
            out.raw("\">")
                .text(card.date_label)
                .raw("</time></dd>\n<dt>")
                .raw(&t("label_status"))
                .raw("</dt>\n<dd>")
                .status(card.status, texts)
                .raw("</dd>");
            if let Some(kind) = card.kind.filter(|k| !k.is_empty()) {
                out.raw("\n<dt>").raw(&t("label_kind")).raw("</dt>\n<dd>").label(kind).raw("</dd>");
            }
            if !card.sites.is_empty() {
                out.raw("\n<dt>").raw(&t("label_where")).raw("</dt>\n<dd>").entity_links(root, &card.sites, false).raw("</dd>");
            }
            if !card.actors.is_empty() {
                out.raw("\n<dt>").raw(&t("label_who")).raw("</dt>\n<dd>").entity_links(root, &card.actors, true).raw("</dd>");
            }
            out.raw("\n</dl>");
            if let Some(description) = e.description_html.filter(|d| !d.is_empty()) {
                out.raw("\n<div class=\"event-description\"").raw(lang_attrs).raw(">\n").raw(description).raw("\n</div>");
            }
            out.raw("\n</li>");
        }
        out.raw("\n</ol>\n</section>");
    }
    if !article.quotes.is_empty() {
        out.raw("\n<section class=\"report-section\" aria-labelledby=\"report-quotes\">\n<h2 id=\"report-quotes\">").raw(&t("quotes")).raw("</h2>");
        for q in &article.quotes {
            out.raw("\n<blockquote class=\"quote\"")
                .raw(lang_attrs)
                .raw(">\n<p>")
                .text(q.text)
                .raw("</p>\n<footer>— <cite><a href=\"")
                .href(root, &q.by.url);
            out.raw("\"><bdi>").text(q.by.name).raw("</bdi></a></cite>, ").text(q.date_label).raw("</footer>\n</blockquote>");
        }
        out.raw("\n</section>");
    }
    if !article.sites.is_empty() || !article.actors.is_empty() {
        out.raw("\n<div class=\"entity-columns\">");
        if !article.sites.is_empty() {
            out.raw("\n<section class=\"report-section\" aria-labelledby=\"report-sites\">\n<h2 id=\"report-sites\">")
                .raw(&t("sites"))
                .raw("</h2>\n");
            out.site_list(root, &article.sites, texts).raw("\n</section>");
        }
        if !article.actors.is_empty() {
            out.raw("\n<section class=\"report-section\" aria-labelledby=\"report-actors\">\n<h2 id=\"report-actors\">")
                .raw(&t("actors"))
                .raw("</h2>\n");
            out.actor_list(root, &article.actors, texts).raw("\n</section>");
        }
        out.raw("\n</div>");
    }
    out.raw("\n</article>\n");
}
