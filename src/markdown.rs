//! Markdown bodies to HTML.
//!
//! One pass over pulldown-cmark's events does everything a body needs:
//! rewrites `site:`/`actor:`/`event:`/`article:` links into relative URLs
//! (recording them so the resolver can check the targets), gives headings
//! anchors, takes the first paragraph as a plain-text summary, and applies
//! the raw-HTML policy.

use crate::frontmatter::{Autolink, RawHtml};
use crate::mentions::{MentionIndex, MentionTarget};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

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

/// The first mention of an entity in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub target: MentionTarget,
    /// Byte offset of the name within the Markdown text.
    pub offset: usize,
    /// The sentence it occurs in, as plain text.
    pub context: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedMarkdown {
    /// Shared, not copied, by the parse cache and the model.
    pub html: Arc<str>,
    /// The first paragraph as plain text, for default summaries.
    pub first_paragraph: Option<String>,
    pub refs: Vec<BodyRef>,
    /// First mention of each entity, in order of appearance.
    pub mentions: Vec<Mention>,
}

#[derive(Clone, Copy)]
pub struct MentionSettings<'a> {
    pub index: &'a MentionIndex,
    pub autolink: Autolink,
}

#[derive(Clone, Copy)]
pub struct MarkdownOptions<'a> {
    pub raw_html: RawHtml,
    /// Relative path from the page the HTML appears on to the output root.
    pub root: &'a str,
    /// Find (and maybe link) mentions; only article bodies have them.
    pub mentions: Option<MentionSettings<'a>>,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Splits `site:palmyra#history` into its kind, id and fragment (with its
/// `#`, or empty); None for ordinary URLs.
pub fn parse_reference(dest: &str) -> Option<(RefKind, &str, &str)> {
    let (scheme, target) = dest.split_once(':')?;
    let kind = RefKind::ALL.into_iter().find(|kind| kind.scheme() == scheme)?;
    let (id, fragment) = target.find('#').map_or((target, ""), |i| target.split_at(i));
    Some((kind, id, fragment))
}

pub fn render(text: &str, options: MarkdownOptions) -> RenderedMarkdown {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, parser_options()).into_offset_iter().collect();
    let mut refs = Vec::new();
    rewrite_references(text, &mut events, options.root, &mut refs);
    add_heading_anchors(&mut events);
    let first_paragraph = first_paragraph_text(&events);
    let mut mentions = Vec::new();
    if let Some(settings) = options.mentions {
        events = link_mentions(text, events, settings, options.root, &mut mentions);
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    let kept = events
        .into_iter()
        .map(|(event, _)| event)
        .filter(|event| options.raw_html == RawHtml::Keep || !matches!(event, Event::Html(_) | Event::InlineHtml(_)));
    pulldown_cmark::html::push_html(&mut html, kept);
    RenderedMarkdown { html: html.into(), first_paragraph, refs, mentions }
}

/// Blocks whose plain text is a mention's context.
fn is_context_block(tag: &Tag) -> bool {
    matches!(tag, Tag::Paragraph | Tag::Item | Tag::TableCell)
}

/// The sentence of `block` around byte `at`.
fn sentence_around(block: &str, at: usize) -> String {
    const ENDS: [&str; 3] = [". ", "! ", "? "];
    let at = (0..=at.min(block.len())).rev().find(|&i| block.is_char_boundary(i)).unwrap_or(0);
    let start = ENDS.iter().filter_map(|end| block[..at].rfind(end).map(|i| i + end.len())).max().unwrap_or(0);
    let end = ENDS.iter().filter_map(|end| block[at..].find(end).map(|i| at + i + 1)).min().unwrap_or(block.len());
    block[start..end].trim().to_string()
}

/// Replaces name occurrences in plain text with links (per `autolink`), and
/// records the first mention of each entity. Never inside code, links,
/// images, headings or raw HTML.
fn link_mentions<'e>(
    text: &str,
    events: Vec<(Event<'e>, Range<usize>)>,
    settings: MentionSettings,
    root: &str,
    mentions: &mut Vec<Mention>,
) -> Vec<(Event<'e>, Range<usize>)> {
    let mut out = Vec::with_capacity(events.len());
    let mut seen: HashMap<MentionTarget, usize> = HashMap::new();
    let mut excluded_depth = 0usize;
    let mut html_link_depth = 0usize;
    let mut block_text = String::new();
    let mut block_cursor = 0usize;
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. }) => excluded_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image | TagEnd::Heading(_)) => excluded_depth = excluded_depth.saturating_sub(1),
            Event::Start(tag) if is_context_block(tag) => {
                block_text = plain_text_until_end(&events[i + 1..]);
                block_cursor = 0;
            }
            Event::InlineHtml(html) => {
                let lower = html.to_ascii_lowercase();
                if lower.starts_with("<a ") || lower.starts_with("<a>") {
                    html_link_depth += 1;
                } else if lower.starts_with("</a") {
                    html_link_depth = html_link_depth.saturating_sub(1);
                }
            }
            _ => {}
        }
        let Event::Text(content) = event else {
            match event {
                Event::Code(code) => block_cursor += code.len(),
                Event::SoftBreak | Event::HardBreak => block_cursor += 1,
                _ => {}
            }
            out.push((event.clone(), range.clone()));
            continue;
        };
        let matches = if excluded_depth == 0 && html_link_depth == 0 { settings.index.find(content) } else { Vec::new() };
        if matches.is_empty() {
            block_cursor += content.len();
            out.push((event.clone(), range.clone()));
            continue;
        }
        let source = text.get(range.clone()).unwrap_or_default();
        let mut last = 0;
        for m in matches {
            let count = seen.entry(m.target.clone()).or_insert(0);
            *count += 1;
            let name = &content[m.start..m.end];
            if *count == 1 {
                let offset = range.start + source.find(name).unwrap_or(0);
                let context = sentence_around(&block_text, block_cursor + m.start);
                mentions.push(Mention { target: m.target.clone(), offset, context });
            }
            let link = match settings.autolink {
                Autolink::All => true,
                Autolink::First => *count == 1,
                Autolink::None => false,
            };
            if !link {
                continue;
            }
            if m.start > last {
                out.push((Event::Text(CowStr::from(content[last..m.start].to_string())), range.clone()));
            }
            let dest = format!("{root}{}/{}/index.html", m.target.kind.folder(), m.target.id);
            out.push((
                Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url: dest.into(), title: "".into(), id: "".into() }),
                range.clone(),
            ));
            out.push((Event::Text(CowStr::from(name.to_string())), range.clone()));
            out.push((Event::End(TagEnd::Link), range.clone()));
            last = m.end;
        }
        if last < content.len() {
            out.push((Event::Text(CowStr::from(content[last..].to_string())), range.clone()));
        }
        block_cursor += content.len();
    }
    out
}

fn rewrite_references(text: &str, events: &mut [(Event, Range<usize>)], root: &str, refs: &mut Vec<BodyRef>) {
    for (event, range) in events.iter_mut() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
        let Some((kind, id, fragment)) = parse_reference(dest_url) else { continue };
        let written = format!("{}:{}", kind.scheme(), id);
        let source = &text[range.clone()];
        let offset = range.start + source.rfind(&written).unwrap_or(0);
        refs.push(BodyRef { kind, id: id.to_string(), offset });
        *dest_url = CowStr::from(format!("{root}{}/{id}/index.html{fragment}", kind.folder()));
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
        render(text, MarkdownOptions { raw_html: RawHtml::Keep, root: "../../", mentions: None })
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

    fn render_with_mentions(text: &str, autolink: Autolink) -> RenderedMarkdown {
        use crate::mentions::NamedEntity;
        let entities = [
            NamedEntity { kind: RefKind::Site, id: "temple-of-bel", path: "a", names: vec!["Temple of Bel", "Bel"] },
            NamedEntity { kind: RefKind::Actor, id: "islamic-state", path: "b", names: vec!["Islamic State", "IS"] },
        ];
        let (index, _) = MentionIndex::build(&entities);
        let settings = MentionSettings { index: &index, autolink };
        render(text, MarkdownOptions { raw_html: RawHtml::Keep, root: "../../", mentions: Some(settings) })
    }

    #[test]
    fn first_mention_is_linked_with_its_sentence() {
        let text = "Intro. The Temple of Bel was destroyed by IS. Later the Temple of Bel was photographed.\n";
        let out = render_with_mentions(text, Autolink::First);
        assert_eq!(out.html.matches("../../sites/temple-of-bel/index.html").count(), 1, "{}", out.html);
        assert_eq!(out.mentions.len(), 2);
        assert_eq!(out.mentions[0].context, "The Temple of Bel was destroyed by IS.");
        assert_eq!(&text[out.mentions[0].offset..out.mentions[0].offset + 13], "Temple of Bel");
        let all = render_with_mentions(text, Autolink::All);
        assert_eq!(all.html.matches("sites/temple-of-bel/").count(), 2);
        let none = render_with_mentions(text, Autolink::None);
        assert!(!none.html.contains("<a "));
        assert_eq!(none.mentions.len(), 2);
    }

    #[test]
    fn no_mentions_in_code_links_headings_or_html() {
        let text = "## Temple of Bel\n\n`Bel` and [Bel](https://x) and <a href=\"y\">Bel</a>.\n\n```\nBel\n```\n";
        let out = render_with_mentions(text, Autolink::All);
        assert!(out.mentions.is_empty(), "{:?}", out.mentions);
    }

    #[test]
    fn raw_html_can_be_stripped() {
        let text = "<script>alert(1)</script>\n\nText <b>bold</b>\n";
        let out = render(text, MarkdownOptions { raw_html: RawHtml::Strip, root: "", mentions: None });
        assert!(!out.html.contains("<script>") && !out.html.contains("<b>"), "{}", out.html);
        assert!(render_default(text).html.contains("<script>"));
    }
}
