//! `event.html`, written natively.

use super::html::{capitalize, Html, Root, Texts};
use crate::context::{ActorCard, EventData};

/// The content block of an event's page; None where the template would
/// fail (a report's claim without its report), so that Tera says why.
pub fn content(out: &mut Html, data: &EventData, root: &Root, texts: &Texts) -> Option<()> {
    let event = &data.event;
    let card = &event.card;
    let t = |key: &str| texts.t(key);
    let year = card.date.year().to_string();
    out.raw("\n<article class=\"event-page\">\n<header class=\"page-header\">\n<p class=\"eyebrow\"><a href=\"")
        .raw(root.0)
        .raw("timeline/")
        .raw(&year);
    out.raw("/index.html\">").raw(&texts.fill("timeline_year", "year", &year)).raw("</a></p>\n<h1>").text(card.title).raw("</h1>\n</header>\n\n");
    out.raw("<dl class=\"facts\">\n<dt>")
        .raw(&t("label_date"))
        .raw("</dt>\n<dd><time datetime=\"")
        .text(card.date.machine())
        .raw("\">")
        .text(card.date_label);
    out.raw("</time>");
    if card.date_label != card.date.display() {
        out.raw(" <span class=\"muted\">(").text(card.date.display()).raw(")</span>");
    }
    out.raw("</dd>");
    if let Some(kind) = card.kind.filter(|k| !k.is_empty()) {
        out.raw("\n<dt>").raw(&t("label_kind")).raw("</dt>\n<dd>").label(kind).raw("</dd>");
    }
    out.raw("\n<dt>").raw(&t("label_status")).raw("</dt>\n<dd>").status(card.status, texts).raw("</dd>");
    if !card.sites.is_empty() {
        out.raw("\n<dt>").raw(&texts.count("label_sites", card.sites.len())).raw("</dt>");
        for s in &card.sites {
            out.raw("\n<dd><a href=\"").href(root, &s.url).raw("\"><bdi>").text(s.name).raw("</bdi></a></dd>");
        }
    }
    if !card.actors.is_empty() {
        out.raw("\n<dt>").raw(&texts.count("label_actors", card.actors.len())).raw("</dt>");
        for a in &card.actors {
            out.raw("\n<dd><a href=\"").href(root, &a.url).raw("\"><bdi>").text(a.name).raw("</bdi></a>");
            if let Some(role) = a.role.filter(|r| !r.is_empty()) {
                out.raw(" <span class=\"role\">(").text(role).raw(")</span>");
            }
            out.raw("</dd>");
        }
    }
    actor_facts(out, root, &t("label_claimed_by"), &event.claimed_by, true);
    actor_facts(out, root, &t("label_confirmed_by"), &event.confirmed_by, true);
    actor_facts(out, root, &t("label_disputed_by"), &event.disputed_by, false);
    out.raw("\n</dl>");
    if let Some(description) = event.description_html.filter(|d| !d.is_empty()) {
        out.raw("\n<div class=\"prose\">\n").raw(description).raw("\n</div>");
    }
    figures(out, data, root, texts);
    claims(out, data, root, texts)?;
    if !event.sources.is_empty() {
        out.raw("\n<section class=\"report-section\" aria-labelledby=\"event-sources\">\n<h2 id=\"event-sources\">").raw(&t("sources"));
        out.raw("</h2>\n<ul class=\"sources\">");
        for s in &event.sources {
            out.raw("\n<li>");
            match s.url.filter(|u| !u.is_empty()) {
                Some(url) => out.raw("<a href=\"").text(url).raw("\" rel=\"external\">").text(s.title).raw("</a>"),
                None => out.text(s.title),
            };
            if let Some(accessed) = s.accessed.filter(|a| !a.is_empty()) {
                out.raw(" <span class=\"muted\">").raw(&texts.fill("accessed", "date", accessed)).raw("</span>");
            }
            out.raw("</li>");
        }
        out.raw("\n</ul>\n</section>");
    }
    if !event.reported_in.is_empty() {
        out.raw("\n<section class=\"report-section\" aria-labelledby=\"event-reports\">\n<h2 id=\"event-reports\">").raw(&t("reported_in"));
        out.raw("</h2>\n").article_list(root, &event.reported_in, 3).raw("\n</section>");
    }
    out.raw("\n</article>");
    if data.previous.is_some() || data.next.is_some() {
        out.raw("\n<nav class=\"prev-next\" aria-label=\"").raw(&t("previous_next_events")).raw("\">\n<ul>");
        if let Some(previous) = &data.previous {
            out.event_link(root, "prev", &t("previous_event"), "prev", previous);
        }
        if let Some(next) = &data.next {
            out.event_link(root, "next", &t("next_event"), "next", next);
        }
        out.raw("\n</ul>\n</nav>");
    }
    if data.at_site.is_some() || data.by_actor.is_some() {
        out.raw("\n<nav class=\"prev-next\" aria-label=\"").raw(&t("same_site_and_actor")).raw("\">\n<ul>");
        if let Some(at_site) = &data.at_site {
            out.raw("\n").neighbours(root, at_site, &t("neighbours_at"), texts);
        }
        if let Some(by_actor) = &data.by_actor {
            out.raw("\n").neighbours(root, by_actor, &t("neighbours_involving"), texts);
        }
        out.raw("\n</ul>\n</nav>");
    }
    out.raw("\n");
    Some(())
}

/// A `<dt>` and a linked name per actor (claimed, confirmed or disputed by).
fn actor_facts(out: &mut Html, root: &Root, label: &str, actors: &[ActorCard], isolated: bool) {
    if actors.is_empty() {
        return;
    }
    out.raw("\n<dt>").raw(label).raw("</dt>");
    for a in actors {
        out.raw("\n<dd><a href=\"").href(root, &a.url).raw("\">");
        match isolated {
            true => out.raw("<bdi>").text(a.name).raw("</bdi>"),
            false => out.text(a.name),
        };
        out.raw("</a></dd>");
    }
}

/// The figures table: each source's figure per kind, and the range.
fn figures(out: &mut Html, data: &EventData, root: &Root, texts: &Texts) {
    let rows = &data.event.figure_rows;
    if rows.is_empty() {
        return;
    }
    let t = |key: &str| texts.t(key);
    out.raw("\n<section class=\"report-section\" aria-labelledby=\"event-figures\">\n<h2 id=\"event-figures\">").raw(&t("figures"));
    out.raw("</h2>\n<p class=\"section-note\">\n").raw(&t("figures_note")).raw("\n</p>\n<table class=\"figures\">\n<thead><tr><th scope=\"col\">");
    out.raw(&t("label_kind")).raw("</th><th scope=\"col\">").raw(&t("label_source")).raw("</th><th scope=\"col\">").raw(&t("figure_value"));
    out.raw("</th></tr></thead>");
    for row in rows {
        out.raw("\n<tbody>");
        for (i, s) in row.sources.iter().enumerate() {
            out.raw("\n<tr>");
            if i == 0 {
                out.raw("<th scope=\"rowgroup\" rowspan=\"").number(row.sources.len() + 1).raw("\">");
                out.raw(&capitalize(&figure_label(texts, &row.range.kind, &row.range.label))).raw("</th>");
            }
            let report = &s.report;
            out.raw("\n<td><a href=\"").href(root, &report.url).raw("\">").text(report.source_name.filter(|n| !n.is_empty()).unwrap_or(report.title));
            out.raw("</a></td>\n<td class=\"figure-value\">").text(&s.value).raw("</td>\n</tr>");
        }
        out.raw("\n<tr class=\"figure-range\">\n<td>").raw(&t("figure_range")).raw("</td>\n<td class=\"figure-value\">").text(&row.range.value);
        out.raw("</td>\n</tr>\n</tbody>");
    }
    out.raw("\n</table>\n</section>");
}

/// `m::figure_label`, escaped: the table's words for a listed kind, else the kind as written.
fn figure_label(texts: &Texts, kind: &str, label: &str) -> String {
    let key = format!("figure_{kind}");
    match texts.table.has(&key) {
        true => texts.t(&key).into_owned(),
        false => crate::templates::escape_html(label),
    }
}

/// The claims: what each report (and the event file) says.
fn claims(out: &mut Html, data: &EventData, root: &Root, texts: &Texts) -> Option<()> {
    let event = &data.event;
    if !event.show_claims {
        return Some(());
    }
    let t = |key: &str| texts.t(key);
    out.raw("\n<section class=\"report-section claims\" aria-labelledby=\"event-claims\">\n<h2 id=\"event-claims\">").raw(&t("claims")).raw("</h2>");
    if !event.disagreements.is_empty() {
        out.raw("\n<p class=\"muted\">\n").raw(&t("claims_differ")).raw("\n");
        for (i, field) in event.disagreements.iter().enumerate() {
            out.raw(&t(&format!("claim_field_{field}")));
            if i + 1 < event.disagreements.len() {
                out.raw(", ");
            }
        }
        out.raw(".\n</p>");
    }
    out.raw("\n<ul class=\"claim-list\">");
    let disagree = |field: &str| event.disagreements.contains(&field);
    for c in &event.claims {
        if c.editors {
            out.raw("\n<li class=\"claim claim-editors\"><p class=\"claim-by\"><strong>\n").raw(&t("editors_record")).raw("\n</strong></p>");
        } else {
            let report = c.report.as_ref()?;
            out.raw("\n<li class=\"claim\"><p class=\"claim-by\">");
            if c.by != report.title {
                out.raw("<strong>").text(c.by).raw("</strong> · ");
            }
            out.raw("<a href=\"").href(root, &report.url).raw("\">").text(report.title).raw("</a></p>");
        }
        out.raw("\n<dl class=\"facts\">");
        if let Some(date) = c.date {
            out.raw("\n<dt>")
                .raw(&t("label_date"))
                .raw("</dt>\n<dd><time datetime=\"")
                .text(date.machine())
                .raw("\">")
                .text(date.display())
                .raw("</time>");
            if let Some(shown) = c.display_date.filter(|d| !d.is_empty()) {
                out.raw(" <span class=\"muted\">(").text(shown).raw(")</span>");
            }
            out.raw("</dd>");
        }
        if let Some(title) = c.title.filter(|title| !title.is_empty() && disagree("title")) {
            out.raw("\n<dt>").raw(&t("label_title")).raw("</dt>\n<dd>").text(title).raw("</dd>");
        }
        if let Some(kind) = c.kind.filter(|k| !k.is_empty()) {
            out.raw("\n<dt>").raw(&t("label_kind")).raw("</dt>\n<dd>").label(kind).raw("</dd>");
        }
        if let Some(status) = c.status.filter(|s| !s.is_empty()) {
            out.raw("\n<dt>").raw(&t("label_status")).raw("</dt>\n<dd>").status(status, texts).raw("</dd>");
        }
        out.raw("\n</dl>");
        if let Some(description) = c.description_html.filter(|d| !d.is_empty() && disagree("description")) {
            out.raw("\n<div class=\"prose\">\n").raw(description).raw("\n</div>");
        }
        out.raw("\n</li>");
    }
    out.raw("\n</ul>\n</section>");
    Some(())
}
