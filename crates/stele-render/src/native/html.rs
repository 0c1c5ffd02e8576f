//! The writer native pages use, the interface texts escaped once, and the
//! built-in `macros.html` macros those pages call, each writing byte for
//! byte what the macro writes (whitespace control included).

use crate::context::{ActorCard, ArticleCard, EntityLink, EventLink, Neighbours, SiteCard};
use crate::templates::escape_html;
use std::borrow::Cow;
use std::collections::HashMap;
use stele_core::date::PublicationDate;
use stele_i18n::Table;

/// A page being written.
pub struct Html(pub String);

impl Html {
    /// Markup, written as it is.
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text, escaped as Tera escapes `{{ }}`.
    pub fn text(&mut self, text: &str) -> &mut Self {
        push_escaped(&mut self.0, text);
        self
    }

    /// A number, as Tera prints one.
    pub fn number(&mut self, n: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write;
        let _ = write!(self.0, "{n}");
        self
    }
}

/// `text` escaped at the end of `out`, copied whole when nothing needs escaping.
pub fn push_escaped(out: &mut String, text: &str) {
    if text.contains(['&', '<', '>', '"', '\'']) {
        out.push_str(&escape_html(text));
    } else {
        out.push_str(text);
    }
}

/// Tera's `capitalize`: the first character upper case, every other lower case.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.as_str().to_lowercase().chars()).collect(),
        None => String::new(),
    }
}

/// The `label` macro's text: `slug | replace(from="-", to=" ") | capitalize`.
pub fn label(slug: &str) -> String {
    capitalize(&slug.replace('-', " "))
}

/// The interface texts, each escaped once per build, and the table for
/// counts and lookups by a made-up key.
pub struct Texts {
    pub table: Table,
    escaped: HashMap<&'static str, String>,
}

impl Texts {
    pub fn new(table: &Table) -> Texts {
        let escaped = stele_i18n::keys().map(|key| (key, escape_html(table.text(key)))).collect();
        Texts { table: table.clone(), escaped }
    }

    /// `{{ t.key }}`: the text of `key`, escaped.
    pub fn t(&self, key: &str) -> Cow<'_, str> {
        match self.escaped.get(key) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(escape_html(self.table.text(key))),
        }
    }

    /// `{{ t[key] | plural(n=n) }}`, escaped.
    pub fn count(&self, key: &str, n: usize) -> String {
        escape_html(&self.table.count(key, n, &[]))
    }

    /// `{{ t[key] | fill(name=value) }}`, escaped: one value, read once.
    pub fn fill(&self, key: &str, name: &str, value: &str) -> String {
        escape_html(&self.table.text(key).replace(&format!("{{{name}}}"), value))
    }
}

/// The page's `root`, escaped once.
pub struct Root<'r>(pub &'r str);

impl Html {
    /// `{{ root }}{{ url }}`.
    pub fn href(&mut self, root: &Root, url: &str) -> &mut Self {
        self.raw(root.0).text(url)
    }

    /// `m::label(slug=slug)`.
    pub fn label(&mut self, slug: &str) -> &mut Self {
        self.text(&label(slug))
    }

    /// `m::status(s=status, t=tx.status)`.
    pub fn status(&mut self, status: &str, texts: &Texts) -> &mut Self {
        self.raw("<span class=\"status status-").text(status).raw("\"><span class=\"visually-hidden\">");
        self.raw(&texts.t("status_prefix")).raw("</span>").text(texts.table.text(&format!("status_{status}"))).raw("</span>")
    }

    /// `m::pubdate(d=date)`.
    pub fn pubdate(&mut self, date: &PublicationDate) -> &mut Self {
        self.raw("<time datetime=\"").text(date.machine()).raw("\">").text(date.display()).raw("</time>")
    }

    /// `m::own_language(x=…)`: ` lang="…" dir="…"` for text in a report's own language.
    pub fn own_language(&mut self, language: Option<&str>, dir: Option<&str>) -> &mut Self {
        if let Some(language) = language.filter(|l| !l.is_empty()) {
            self.raw(" lang=\"").text(language).raw("\" dir=\"").text(dir.unwrap_or_default()).raw("\"");
        }
        self
    }

    /// `m::entity_links(root, items, roles)`.
    pub fn entity_links(&mut self, root: &Root, items: &[EntityLink], roles: bool) -> &mut Self {
        for (i, x) in items.iter().enumerate() {
            self.raw("<a href=\"").href(root, &x.url).raw("\"><bdi>").text(x.name).raw("</bdi></a>");
            if let Some(role) = x.role.filter(|role| roles && !role.is_empty()) {
                self.raw(" <span class=\"role\">(").text(role).raw(")</span>");
            }
            if i + 1 < items.len() {
                self.raw(", ");
            }
        }
        self
    }

    /// `m::article_list(root, articles, level)`.
    pub fn article_list(&mut self, root: &Root, articles: &[ArticleCard], level: u8) -> &mut Self {
        if articles.is_empty() {
            return self;
        }
        self.raw("\n<ul class=\"cards\">");
        for a in articles {
            self.raw("\n<li>").article_card(root, a, level).raw("</li>");
        }
        self.raw("\n</ul>")
    }

    /// `m::article_card(root, a, level)`.
    fn article_card(&mut self, root: &Root, a: &ArticleCard, level: u8) -> &mut Self {
        self.raw("<article class=\"card\">\n<h").number(level).raw(" class=\"card-title\"").own_language(a.language, a.dir);
        self.raw("><a href=\"").href(root, &a.url).raw("\">").text(a.title).raw("</a></h").number(level).raw(">\n<p class=\"meta\">");
        self.pubdate(a.date);
        if let Some(source) = a.source_name.filter(|s| !s.is_empty()) {
            self.raw(" · ").text(source);
        }
        self.raw("</p>");
        if let Some(summary) = a.summary.filter(|s| !s.is_empty()) {
            self.raw("\n<p class=\"card-summary\"").own_language(a.language, a.dir).raw(">").text(summary).raw("</p>");
        }
        self.raw("\n</article>")
    }

    /// `m::neighbours(root, n, label, t=tx.neighbours)`; `label` already escaped.
    pub fn neighbours(&mut self, root: &Root, n: &Neighbours, label: &str, texts: &Texts) -> &mut Self {
        self.raw("<li><span class=\"prev-next-label\">").raw(label).raw(" <bdi>").text(n.along.name).raw("</bdi></span>");
        if let Some(previous) = &n.previous {
            self.raw(" <a href=\"").href(root, &previous.url).raw("\">").raw(&texts.t("arrow_previous")).raw(" <bdi>").text(previous.title);
            self.raw("</bdi></a> <span class=\"muted\">").text(previous.date_label).raw("</span>");
        }
        if let Some(next) = &n.next {
            self.raw(" <a href=\"").href(root, &next.url).raw("\"><bdi>").text(next.title).raw("</bdi> ").raw(&texts.t("arrow_next"));
            self.raw("</a> <span class=\"muted\">").text(next.date_label).raw("</span>");
        }
        self.raw("</li>")
    }

    /// A previous or next event of the event page's own navigation.
    pub fn event_link(&mut self, root: &Root, class: &str, label: &str, rel: &str, link: &EventLink) -> &mut Self {
        self.raw("\n<li class=\"").raw(class).raw("\"><span class=\"prev-next-label\">").raw(label).raw("</span> <a href=\"").href(root, &link.url);
        self.raw("\" rel=\"").raw(rel).raw("\">").text(link.title).raw("</a> <span class=\"muted\">").text(link.date_label).raw("</span></li>")
    }

    /// `m::site_list(root, sites, t=tx.site_list)`, with its defaults.
    pub fn site_list(&mut self, root: &Root, sites: &[SiteCard], texts: &Texts) -> &mut Self {
        if sites.is_empty() {
            return self;
        }
        self.raw("\n<ul class=\"entities\">");
        for s in sites {
            let kind = s.kind.filter(|k| !k.is_empty());
            self.raw("\n<li><a class=\"entity-name\" href=\"")
                .href(root, &s.url)
                .raw("\"><bdi>")
                .text(s.name)
                .raw("</bdi></a>\n<span class=\"entity-meta\">");
            if let Some(kind) = kind {
                self.label(kind).raw(" · ");
            }
            let counts = Record { events: s.event_count, events_here: s.events_here, articles: s.article_count, articles_here: s.articles_here };
            self.record(counts, s.part_count > 0, texts, None).raw("</span></li>");
        }
        self.raw("\n</ul>")
    }

    /// `m::actor_list(root, actors, t=tx.actor_list)`, with its defaults.
    pub fn actor_list(&mut self, root: &Root, actors: &[ActorCard], texts: &Texts) -> &mut Self {
        if actors.is_empty() {
            return self;
        }
        self.raw("\n<ul class=\"entities\">");
        for a in actors {
            self.raw("\n<li><a class=\"entity-name\" href=\"")
                .href(root, &a.url)
                .raw("\"><bdi>")
                .text(a.name)
                .raw("</bdi></a>\n<span class=\"entity-meta\">");
            if let Some(kind) = a.kind.filter(|k| !k.is_empty()) {
                self.label(kind).raw(" · ");
            }
            let counts = Record { events: a.event_count, events_here: a.events_here, articles: a.article_count, articles_here: a.articles_here };
            self.record(counts, a.part_count > 0, texts, Some(("record_own", "record_by_parts"))).raw("</span></li>");
        }
        self.raw("\n</ul>")
    }

    /// `m::record(…)`: "317 events (2 here, 315 inside) · 4 reports". `halves`:
    /// the keys of the words for the two halves, when not `record_here` and `record_inside`.
    fn record(&mut self, counts: Record, parts: bool, texts: &Texts, halves: Option<(&str, &str)>) -> &mut Self {
        // `here=""` in the macro falls back to the default words, as an empty text does.
        let word = |key: Option<&str>, default: &str| match key.map(|key| texts.t(key)).filter(|text| !text.is_empty()) {
            Some(text) => text,
            None => texts.t(default),
        };
        let here = word(halves.map(|h| h.0), "record_here");
        let inside = word(halves.map(|h| h.1), "record_inside");
        self.raw(&texts.count("count_events", counts.events));
        if parts && counts.events > counts.events_here {
            self.raw(" (").number(counts.events_here).raw(" ").raw(&here).raw(", ").number(counts.events - counts.events_here);
            self.raw(" ").raw(&inside).raw(")");
        }
        self.raw(" · ").raw(&texts.count("count_reports", counts.articles));
        if parts && counts.articles > counts.articles_here {
            self.raw(" (").number(counts.articles_here).raw(" ").raw(&here).raw(", ").number(counts.articles - counts.articles_here);
            self.raw(" ").raw(&inside).raw(")");
        }
        self
    }
}

/// An entity card's counts, as `m::record` takes them.
#[derive(Clone, Copy)]
struct Record {
    events: usize,
    events_here: usize,
    articles: usize,
    articles_here: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_capitalized_as_tera_does() {
        assert_eq!(label("armed-group"), "Armed group");
        assert_eq!(label("UNESCO-listing"), "Unesco listing");
        assert_eq!(label("élan"), "Élan");
        assert_eq!(label(""), "");
    }
}
