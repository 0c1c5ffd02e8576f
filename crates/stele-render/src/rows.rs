//! Timeline rows written in Rust: the markup of `macros.html`'s
//! `event_row`, byte for byte, for the built-in templates.
//!
//! A page lists an event as a row on the timeline's pages, on each of its
//! sites' and actors' pages and on their year pages: on a large site that
//! is several rows per event, and Tera spends most of a page's time in
//! the macro (each call copies its arguments, and the row calls five
//! more). When the project uses the built-in `macros.html`, the renderer
//! puts each card's row into its `row` field and the built-in templates
//! print it; a project that overrides `macros.html` gets no `row`, and the
//! templates call its `event_row`. `tests/rows.rs` builds projects both
//! ways and compares every page.

use crate::context::{EventCard, FigureSpan};
use crate::native::{label, push_escaped};
use crate::templates::escape_html;
use stele_i18n::Table;

/// Which word introduces a row's place: `t.event_at` ("at") on site and
/// timeline pages, `t.event_via` ("via") on actor pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtWord {
    At,
    Via,
}

/// The interface texts a row shows, read from the table once per build.
pub struct RowTexts {
    at: String,
    via: String,
    status_prefix: String,
    meta_where: String,
    meta_who: String,
    meta_figures: String,
    table: Table,
}

impl RowTexts {
    pub fn new(table: &Table) -> RowTexts {
        let text = |key: &str| escape_html(table.text(key));
        RowTexts {
            at: text("event_at"),
            via: text("event_via"),
            status_prefix: text("status_prefix"),
            meta_where: text("meta_where"),
            meta_who: text("meta_who"),
            meta_figures: text("meta_figures"),
            table: table.clone(),
        }
    }

    /// `t["status_" ~ status]`, as the `status` macro looks it up.
    fn status(&self, status: &str) -> &str {
        self.table.text(&format!("status_{status}"))
    }

    /// The `figure_label` macro: the table's words for a listed kind, else the kind as written.
    fn figure_label<'f>(&'f self, figure: &'f FigureSpan) -> &'f str {
        let key = format!("figure_{}", figure.kind);
        if self.table.has(&key) {
            self.table.text(&key)
        } else {
            &figure.label
        }
    }
}

/// Gives every card of `cards` its row, for a page whose root is `root`.
pub fn fill(cards: &mut [EventCard], root: &str, texts: &RowTexts, at: AtWord) {
    let root = escape_html(root);
    for card in cards {
        let mut row = String::with_capacity(1024);
        write_row(&mut row, card, &root, texts, at);
        card.row = Some(row);
    }
}

/// What the built-in `timeline_events.html` makes of cards with rows: each
/// row on its own line, and a line break after the last.
pub fn join(cards: &[EventCard]) -> String {
    let mut html = String::with_capacity(cards.iter().map(|card| card.row.as_ref().map_or(0, String::len) + 1).sum::<usize>() + 1);
    for card in cards {
        html.push('\n');
        html.push_str(card.row.as_deref().unwrap_or_default());
    }
    html.push('\n');
    html
}

/// `macros.html`'s `event_row(root, e, t, at_word)`; `root` already escaped.
fn write_row(out: &mut String, e: &EventCard, root: &str, texts: &RowTexts, at: AtWord) {
    let status = e.status;
    out.push_str("\n<li class=\"event-row\" data-kind=\"");
    push_escaped(out, e.kind.unwrap_or_default());
    out.push_str("\" data-status=\"");
    push_escaped(out, status);
    out.push_str("\" data-sites=\"");
    push_ids(out, e.sites.iter().map(|s| s.id));
    out.push_str("\" data-actors=\"");
    push_ids(out, e.actors.iter().map(|a| a.id));
    out.push_str("\">\n<span class=\"event-date\"><time datetime=\"");
    push_escaped(out, e.date.machine());
    out.push_str("\">");
    push_escaped(out, e.date_label);
    out.push_str("</time></span>\n<div class=\"event-body\">\n<p class=\"event-title\"><a href=\"");
    out.push_str(root);
    push_escaped(out, &e.url);
    out.push_str("\">");
    push_escaped(out, e.title);
    out.push_str("</a> <span class=\"status status-");
    push_escaped(out, status);
    out.push_str("\"><span class=\"visually-hidden\">");
    out.push_str(&texts.status_prefix);
    out.push_str("</span>");
    push_escaped(out, texts.status(status));
    out.push_str("</span></p>");
    if let Some(place) = &e.at {
        out.push_str("\n<p class=\"event-at\">");
        out.push_str(match at {
            AtWord::At => &texts.at,
            AtWord::Via => &texts.via,
        });
        out.push_str(" <a href=\"");
        out.push_str(root);
        push_escaped(out, &place.url);
        out.push_str("\"><bdi>");
        push_escaped(out, place.name);
        out.push_str("</bdi></a></p>");
    }
    if !e.figures.is_empty() {
        out.push_str("\n<p class=\"event-figures\"><span class=\"meta-label\">");
        out.push_str(&texts.meta_figures);
        out.push_str("</span>");
        for (i, figure) in e.figures.iter().enumerate() {
            if i > 0 {
                out.push_str(" ·");
            }
            out.push_str(" <span class=\"figure\">");
            push_escaped(out, texts.figure_label(figure));
            out.push_str(" <span class=\"figure-value\">");
            push_escaped(out, &figure.value);
            out.push_str("</span></span>");
        }
        out.push_str("</p>");
    }
    if e.kind.is_some_and(|k| !k.is_empty()) || !e.sites.is_empty() || !e.actors.is_empty() {
        write_meta(out, e, root, texts);
    }
    out.push_str("\n</div>\n</li>");
}

/// The row's last line: kind, where, who.
fn write_meta(out: &mut String, e: &EventCard, root: &str, texts: &RowTexts) {
    let kind = e.kind.filter(|k| !k.is_empty());
    out.push_str("\n<p class=\"event-meta\">");
    if let Some(kind) = kind {
        out.push_str("<span class=\"kind\">");
        push_escaped(out, &label(kind));
        out.push_str("</span>");
    }
    if !e.sites.is_empty() {
        if kind.is_some() {
            out.push_str(" · ");
        }
        out.push_str("<span class=\"where\"><span class=\"meta-label\">");
        out.push_str(&texts.meta_where);
        out.push_str("</span> ");
        push_links(out, root, e.sites.iter().map(|s| (s.url.as_str(), s.name)));
        out.push_str("</span>");
    }
    if !e.actors.is_empty() {
        if kind.is_some() || !e.sites.is_empty() {
            out.push_str(" · ");
        }
        out.push_str("<span class=\"who\"><span class=\"meta-label\">");
        out.push_str(&texts.meta_who);
        out.push_str("</span> ");
        push_links(out, root, e.actors.iter().map(|a| (a.url.as_str(), a.name)));
        out.push_str("</span>");
    }
    out.push_str("</p>");
}

/// The `entity_links` macro without roles: linked names, comma-separated.
fn push_links<'l>(out: &mut String, root: &str, links: impl Iterator<Item = (&'l str, &'l str)>) {
    for (i, (url, name)) in links.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("<a href=\"");
        out.push_str(root);
        push_escaped(out, url);
        out.push_str("\"><bdi>");
        push_escaped(out, name);
        out.push_str("</bdi></a>");
    }
}

/// Ids separated by spaces, as the filter script reads them.
fn push_ids<'i>(out: &mut String, ids: impl Iterator<Item = &'i str>) {
    for (i, id) in ids.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_escaped(out, id);
    }
}
