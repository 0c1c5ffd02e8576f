//! Markdown bodies to HTML.
//!
//! One pass over pulldown-cmark's events does everything a body needs:
//! rewrites `site:`/`actor:`/`event:`/`article:` links into relative URLs
//! (recording them so the resolver can check the targets), gives headings
//! anchors, takes the first paragraph as a plain-text summary, and applies
//! the raw-HTML policy.

use crate::frontmatter::RawHtml;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use std::collections::HashSet;
use std::ops::Range;

/// What an explicit reference in a body points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    Site,
    Actor,
    Event,
    Article,
}

impl RefKind {
    pub const ALL: [RefKind; 4] = [RefKind::Site, RefKind::Actor, RefKind::Event, RefKind::Article];

    pub fn scheme(self) -> &'static str {
        match self {
            RefKind::Site => "site",
            RefKind::Actor => "actor",
            RefKind::Event => "event",
            RefKind::Article => "article",
        }
    }

    /// The output folder of this kind's pages.
    pub fn folder(self) -> &'static str {
        match self {
            RefKind::Site => "sites",
            RefKind::Actor => "actors",
            RefKind::Event => "events",
            RefKind::Article => "articles",
        }
    }
}

/// An explicit reference found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyRef {
    pub kind: RefKind,
    pub id: String,
    /// Byte offset of `kind:id` within the Markdown text.
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedMarkdown {
    pub html: String,
    /// The first paragraph as plain text, for default summaries.
    pub first_paragraph: Option<String>,
    pub refs: Vec<BodyRef>,
}

#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions<'a> {
    pub raw_html: RawHtml,
    /// Relative path from the page the HTML appears on to the output root.
    pub root: &'a str,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Splits `site:palmyra` into its kind and id; None for ordinary URLs.
pub fn parse_reference(dest: &str) -> Option<(RefKind, &str)> {
    let (scheme, id) = dest.split_once(':')?;
    RefKind::ALL.into_iter().find(|kind| kind.scheme() == scheme).map(|kind| (kind, id))
}

pub fn render(text: &str, options: MarkdownOptions) -> RenderedMarkdown {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, parser_options()).into_offset_iter().collect();
    let mut refs = Vec::new();
    rewrite_references(text, &mut events, options.root, &mut refs);
    add_heading_anchors(&mut events);
    let first_paragraph = first_paragraph_text(&events);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    let kept = events.into_iter().map(|(event, _)| event).filter(|event| {
        options.raw_html == RawHtml::Keep || !matches!(event, Event::Html(_) | Event::InlineHtml(_))
    });
    pulldown_cmark::html::push_html(&mut html, kept);
    RenderedMarkdown { html, first_paragraph, refs }
}

fn rewrite_references(text: &str, events: &mut [(Event, Range<usize>)], root: &str, refs: &mut Vec<BodyRef>) {
    for (event, range) in events.iter_mut() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
        let Some((kind, id)) = parse_reference(dest_url) else { continue };
        let written = format!("{}:{}", kind.scheme(), id);
        let source = &text[range.clone()];
        let offset = range.start + source.rfind(&written).unwrap_or(0);
        refs.push(BodyRef { kind, id: id.to_string(), offset });
        *dest_url = CowStr::from(format!("{root}{}/{id}/index.html", kind.folder()));
    }
}

fn add_heading_anchors(events: &mut [(Event, Range<usize>)]) {
    let mut used: HashSet<String> = HashSet::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id, .. }) = &events[i].0 else { continue };
        if let Some(id) = id {
            used.insert(id.to_string());
            continue;
        }
        let text = plain_text_until_end(&events[i + 1..]);
        let base = match crate::ids::slugify(&text) {
            slug if slug.is_empty() => "section".to_string(),
            slug => slug,
        };
        let mut anchor = base.clone();
        let mut n = 1;
        while used.contains(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        used.insert(anchor.clone());
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(CowStr::from(anchor));
        }
    }
}

/// The text of events up to the end of the element they are inside.
fn plain_text_until_end(events: &[(Event, Range<usize>)]) -> String {
    let mut depth = 0usize;
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

fn first_paragraph_text(events: &[(Event, Range<usize>)]) -> Option<String> {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                let text = plain_text_until_end(&events[i + 1..]);
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    return Some(text);
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_default(text: &str) -> RenderedMarkdown {
        render(text, MarkdownOptions { raw_html: RawHtml::Keep, root: "../../" })
    }

    #[test]
    fn references_become_relative_links_and_are_recorded() {
        let text = "See [the temple](site:temple-of-bel) and [IS](actor:islamic-state).\n";
        let out = render_default(text);
        assert!(out.html.contains(r#"<a href="../../sites/temple-of-bel/index.html">the temple</a>"#), "{}", out.html);
        assert!(out.html.contains(r#"href="../../actors/islamic-state/index.html""#));
        assert_eq!(out.refs.len(), 2);
        assert_eq!(&text[out.refs[0].offset..out.refs[0].offset + 18], "site:temple-of-bel");
    }

    #[test]
    fn headings_get_unique_anchors() {
        let out = render_default("## Background\n\n## Background\n\n## Own {#mine}\n");
        assert!(out.html.contains(r#"<h2 id="background">"#));
        assert!(out.html.contains(r#"<h2 id="background-1">"#));
        assert!(out.html.contains(r#"<h2 id="mine">"#));
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let out = render_default("## Title\n\nThe *city* fell\nin [May](https://x).\n\nMore.\n");
        assert_eq!(out.first_paragraph.as_deref(), Some("The city fell in May."));
    }

    #[test]
    fn raw_html_can_be_stripped() {
        let text = "<script>alert(1)</script>\n\nText <b>bold</b>\n";
        let out = render(text, MarkdownOptions { raw_html: RawHtml::Strip, root: "" });
        assert!(!out.html.contains("<script>") && !out.html.contains("<b>"), "{}", out.html);
        assert!(render_default(text).html.contains("<script>"));
    }
}
