//! Markdown bodies to HTML.
//!
//! One pass over pulldown-cmark's events does everything a body needs:
//! rewrites `site:`/`actor:`/`event:`/`article:` links into relative URLs
//! (recording them so the resolver can check the targets), gives headings
//! anchors, takes the first paragraph as a plain-text summary, records
//! links whose address would run script (`javascript:`, ...) so the parse
//! stage can refuse them, and applies the raw-HTML policy.

use crate::mentions::{word_before, MentionIndex, MentionTarget, NameMatch};
use crate::script_url::{self, ScriptScheme};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock};
pub use stele_core::kinds::RefKind;
use stele_core::model::{Autolink, RawHtml};
use stele_core::urls;

/// An explicit reference found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyRef {
    pub kind: RefKind,
    pub id: String,
    /// Byte offset of `kind:id` within the Markdown text.
    pub offset: usize,
}

/// A link or image whose address would run script; refused by the parse stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptLink {
    pub scheme: ScriptScheme,
    /// Byte offset of the address as written in the Markdown text (in the
    /// reference definition for `[text][label]` links).
    pub offset: usize,
}

/// The first mention of an entity in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub target: MentionTarget,
    /// Byte offset of the name within the Markdown text.
    pub offset: usize,
    /// Byte length of the name as written.
    pub len: usize,
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
    /// Links and images to script addresses; a document with any is refused.
    pub script_links: Vec<ScriptLink>,
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
    let script_links = rewrite_links(text, &mut events, options.root, &mut refs);
    add_heading_anchors(&mut events);
    let first_paragraph = first_paragraph_text(&events);
    let mut mentions = Vec::new();
    if let Some(settings) = options.mentions {
        events = link_mentions(text, events, settings, options.root, &mut mentions);
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    let mut has_raw_html = false;
    events.retain(|(event, _)| {
        let raw = matches!(event, Event::Html(_) | Event::InlineHtml(_));
        has_raw_html |= raw;
        options.raw_html != RawHtml::Strip || !raw
    });
    // After the raw-HTML policy: the figures' HTML is stele's, not the author's.
    make_figures(&mut events);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(event, _)| event));
    // Without raw HTML the body holds only what pulldown-cmark writes (and its
    // links were checked above), so only bodies with raw HTML are cleaned.
    if options.raw_html == RawHtml::Sanitize && has_raw_html {
        html = sanitize(&html);
    }
    RenderedMarkdown { html: html.into(), first_paragraph, refs, mentions, script_links }
}

/// Cleans a rendered body with raw HTML (`raw_html: sanitize`): formatting
/// and media tags survive, scripts, event handlers, script addresses, frames,
/// styles and forms do not. What stele itself writes survives unchanged in
/// meaning (see [`sanitizer`]); html5ever re-serialises it, so void elements
/// lose their ` /` (`<br>`) and a no-break space is written `&nbsp;`.
pub fn sanitize(html: &str) -> String {
    static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(sanitizer);
    SANITIZER.clean(html).to_string()
}

/// ammonia's defaults (a maintained allow-list of formatting tags and safe
/// schemes, comments dropped) widened to what stele writes and to media.
fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        // Heading anchors, footnote references and definitions, `language-x` code blocks.
        .add_generic_attributes(["id", "class"])
        .add_tags(["video", "audio", "source", "track"])
        .add_tag_attributes("video", ["src", "poster", "controls", "width", "height", "loop", "muted", "preload", "playsinline"])
        .add_tag_attributes("audio", ["src", "controls", "loop", "muted", "preload"])
        .add_tag_attributes("source", ["src", "type"])
        .add_tag_attributes("track", ["src", "kind", "srclang", "label", "default"])
        .add_tag_attributes("img", ["loading"])
        // Their content goes too, not just the tags.
        .add_clean_content_tags(["iframe", "form", "object", "embed", "template", "noscript"])
        // Raster images may be inlined; `script_url` refuses every other `data:`.
        .add_url_schemes(["data"])
        .attribute_filter(|_element, attribute, value| match attribute {
            "href" | "src" | "poster" if script_url::script_scheme(value).is_some() => None,
            _ => Some(value.into()),
        })
        // Links are left as written: a body without raw HTML must not change.
        .link_rel(None);
    // Table alignment as pulldown-cmark writes it, and no other style.
    for cell in ["th", "td"] {
        builder.add_tag_attribute_values(cell, "style", ["text-align: left", "text-align: center", "text-align: right"]);
    }
    builder
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
    let mut linker = MentionLinker {
        settings,
        root,
        text,
        mentions,
        seen: HashMap::new(),
        excluded_depth: 0,
        html_link_depth: 0,
        block: String::new(),
        cursor: 0,
    };
    let mut out = Vec::with_capacity(events.len());
    for (i, (event, range)) in events.iter().enumerate() {
        linker.enter(event, &events[i + 1..]);
        match event {
            Event::Text(content) => linker.text(content, range, &mut out),
            other => {
                linker.advance(other);
                out.push((other.clone(), range.clone()));
            }
        }
    }
    out
}

/// Where a walk over a body's events is, for linking mentions.
struct MentionLinker<'a> {
    settings: MentionSettings<'a>,
    root: &'a str,
    text: &'a str,
    mentions: &'a mut Vec<Mention>,
    /// How often each entity was met so far.
    seen: HashMap<MentionTarget, usize>,
    /// Inside code blocks, links, images or headings: no mentions there.
    excluded_depth: usize,
    /// Inside a raw-HTML `<a>`: no mentions there either.
    html_link_depth: usize,
    /// The plain text of the block (paragraph, item, cell) being walked,
    /// and how far into it the walk is: a mention's sentence comes from it.
    block: String,
    cursor: usize,
}

impl<'e> MentionLinker<'_> {
    /// Notes where `event` puts the walk; `rest` are the events after it.
    fn enter(&mut self, event: &Event, rest: &[(Event, Range<usize>)]) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. }) => self.excluded_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image | TagEnd::Heading(_)) => {
                self.excluded_depth = self.excluded_depth.saturating_sub(1)
            }
            Event::Start(tag) if is_context_block(tag) => {
                self.block = plain_text_until_end(rest);
                self.cursor = 0;
            }
            Event::InlineHtml(html) => {
                let lower = html.to_ascii_lowercase();
                if lower.starts_with("<a ") || lower.starts_with("<a>") {
                    self.html_link_depth += 1;
                } else if lower.starts_with("</a") {
                    self.html_link_depth = self.html_link_depth.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    /// Moves the cursor past an event that is not text.
    fn advance(&mut self, event: &Event) {
        match event {
            Event::Code(code) => self.cursor += code.len(),
            Event::SoftBreak | Event::HardBreak => self.cursor += 1,
            _ => {}
        }
    }

    /// A text event: split around the names to link, mentions recorded.
    fn text(&mut self, content: &CowStr<'e>, range: &Range<usize>, out: &mut Vec<(Event<'e>, Range<usize>)>) {
        let mut matches = if self.excluded_depth == 0 && self.html_link_depth == 0 { self.settings.index.find(content) } else { Vec::new() };
        let index = self.settings.index;
        matches.retain(|m| !joins_a_word(index, &self.block, self.cursor, content, m));
        if matches.is_empty() {
            self.cursor += content.len();
            out.push((Event::Text(content.clone()), range.clone()));
            return;
        }
        let source = self.text.get(range.clone()).unwrap_or_default();
        let mut last = 0;
        for m in matches {
            let count = self.seen.entry(m.target.clone()).or_insert(0);
            *count += 1;
            let first = *count == 1;
            let name = &content[m.start..m.end];
            if first {
                let offset = range.start + written_offset(source, content, m.start, name);
                let context = sentence_around(&self.block, self.cursor + m.start);
                self.mentions.push(Mention { target: m.target.clone(), offset, len: name.len(), context });
            }
            let link = match self.settings.autolink {
                Autolink::All => true,
                Autolink::First => first,
                Autolink::None => false,
            };
            if !link {
                continue;
            }
            if m.start > last {
                out.push((Event::Text(CowStr::from(content[last..m.start].to_string())), range.clone()));
            }
            let dest = format!("{}{}", self.root, urls::page(m.target.kind, &m.target.id));
            let tag = Tag::Link { link_type: LinkType::Inline, dest_url: dest.into(), title: "".into(), id: "".into() };
            out.push((Event::Start(tag), range.clone()));
            out.push((Event::Text(CowStr::from(name.to_string())), range.clone()));
            out.push((Event::End(TagEnd::Link), range.clone()));
            last = m.end;
        }
        if last < content.len() {
            out.push((Event::Text(CowStr::from(content[last..].to_string())), range.clone()));
        }
        self.cursor += content.len();
    }
}

/// Whether the name at `name` in a text event's `content` runs into a word
/// of the text beside the event (`content` starts at byte `cursor` of its
/// block's plain text): pulldown-cmark splits text at delimiters that turn
/// out to be literal (`_Bel`) and at emphasis (`*Bel*gium`), so a whole
/// word of the event may be part of a longer word on the page.
fn joins_a_word(index: &MentionIndex, block_text: &str, cursor: usize, content: &str, name: &NameMatch) -> bool {
    let Some(rest) = block_text.get(cursor..).filter(|rest| rest.starts_with(content)) else { return false };
    if name.start > 0 && name.end < content.len() {
        return false;
    }
    let prefix = if name.start == 0 { word_before(block_text, cursor) } else { word_before(content, name.start) };
    let after = if name.end == content.len() { rest[content.len()..].chars().next() } else { content[name.end..].chars().next() };
    !index.fits(name, prefix, after)
}

/// Where a name matched at `start` of a text event's `content` is written in
/// the event's `source`. A text event is its source verbatim, except the
/// few characters pulldown-cmark replaces (entities, smart punctuation),
/// which come as events of their own.
fn written_offset(source: &str, content: &str, start: usize, name: &str) -> usize {
    if source == content {
        start
    } else {
        source.find(name).unwrap_or(0)
    }
}

/// Rewrites `site:`/`actor:`/`event:`/`article:` links into relative URLs
/// (recording them in `refs`, at the destination as written) and returns
/// the links and images whose address would run script: one scheme check
/// per destination.
fn rewrite_links(text: &str, events: &mut [(Event, Range<usize>)], root: &str, refs: &mut Vec<BodyRef>) -> Vec<ScriptLink> {
    let mut definitions = Definitions { text, parser: None };
    let mut scripts = Vec::new();
    for i in 0..events.len() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) = &events[i].0 else { continue };
        if let Some(scheme) = script_url::script_scheme(dest_url) {
            scripts.push((i, scheme));
            continue;
        }
        let Event::Start(Tag::Link { dest_url, .. }) = &events[i].0 else { continue };
        let Some((kind, id, fragment)) = parse_reference(dest_url) else { continue };
        let rewritten = CowStr::from(format!("{root}{}{fragment}", urls::page(kind, id)));
        let id = id.to_string();
        let offset = destination_offset(text, events, i, &mut definitions);
        refs.push(BodyRef { kind, id, offset });
        if let Event::Start(Tag::Link { dest_url, .. }) = &mut events[i].0 {
            *dest_url = rewritten;
        }
    }
    // Only on the error path: where each refused address is written.
    scripts.into_iter().map(|(i, scheme)| ScriptLink { scheme, offset: destination_offset(text, events, i, &mut definitions) }).collect()
}

/// The reference definitions of a body, read (by a second parse) only when a
/// `[text][label]` link needs to know where its destination is written.
struct Definitions<'t> {
    text: &'t str,
    parser: Option<Parser<'t>>,
}

impl Definitions<'_> {
    /// `[label]: dest`: the destination follows the definition's `]:`.
    fn destination(&mut self, label: &str) -> Option<usize> {
        let text = self.text;
        let parser = self.parser.get_or_insert_with(|| Parser::new_ext(text, parser_options()));
        let span = parser.reference_definitions().get(label)?.span.clone();
        let definition = text.get(span.clone())?;
        let mut escaped = false;
        let close = definition.char_indices().find_map(|(i, c)| {
            let end = c == ']' && !escaped;
            escaped = c == '\\' && !escaped;
            end.then_some(i)
        })?;
        let colon = span.start + close + 1;
        (text.as_bytes().get(colon) == Some(&b':')).then(|| skip_to_destination(text, colon + 1))
    }
}

/// The byte offset where the destination of the link or image that starts
/// at `events[at]` is written: inside `(...)`, `<...>`, or the reference
/// definition; the start of the link when it cannot be told.
fn destination_offset(text: &str, events: &[(Event, Range<usize>)], at: usize, definitions: &mut Definitions) -> usize {
    let (event, range) = &events[at];
    let (Event::Start(Tag::Link { link_type, id, .. }) | Event::Start(Tag::Image { link_type, id, .. })) = event else { return range.start };
    let found = match link_type {
        LinkType::Autolink | LinkType::Email => Some(range.start + 1),
        LinkType::Inline => inline_destination(text, events, at),
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => definitions.destination(id),
        _ => None,
    };
    found.unwrap_or(range.start)
}

/// `[text](dest)`: the destination follows the `(` after the link text.
fn inline_destination(text: &str, events: &[(Event, Range<usize>)], at: usize) -> Option<usize> {
    let start = &events[at].1;
    let mut depth = 0usize;
    let mut text_end = start.start + if matches!(events[at].0, Event::Start(Tag::Image { .. })) { 2 } else { 1 };
    for (event, range) in &events[at + 1..] {
        match event {
            Event::End(_) if depth == 0 => break,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        text_end = range.end;
    }
    let open = text_end + text.get(text_end..start.end)?.find('(')? + 1;
    Some(skip_to_destination(text, open))
}

/// Past the blanks (one line break allowed) and the `<` before a destination.
fn skip_to_destination(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let blank = rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    let at = from + blank;
    if text[at..].starts_with('<') {
        at + 1
    } else {
        at
    }
}

/// Gives every heading a unique `id`: the one its author wrote (the first
/// heading to write it keeps it; later ones get a number, as a repeated
/// heading text does), or one made from its text that no author's id takes.
fn add_heading_anchors(events: &mut [(Event, Range<usize>)]) {
    let written: HashSet<String> = events
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut used: HashSet<String> = HashSet::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id, .. }) = &events[i].0 else { continue };
        let base = match id {
            Some(id) if used.insert(id.to_string()) => continue,
            Some(id) => id.to_string(),
            None => match stele_core::ids::anchor(&plain_text_until_end(&events[i + 1..])) {
                slug if slug.is_empty() => "section".to_string(),
                slug => slug,
            },
        };
        let is_taken = |anchor: &str| used.contains(anchor) || written.contains(anchor);
        let mut anchor = base.clone();
        let mut n = 1;
        while is_taken(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        used.insert(anchor.clone());
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(CowStr::from(anchor));
        }
    }
}

/// Where a paragraph holding only an image with alt text and a title
/// starts at `i`: the index of the image's end (the paragraph ends just
/// after) and the title. Written as a `<figure>` captioned by the title.
fn figure_at<'a>(events: &'a [(Event, Range<usize>)], i: usize) -> Option<(usize, &'a str)> {
    let (Event::Start(Tag::Paragraph), Some((Event::Start(Tag::Image { title, .. }), _))) = (&events[i].0, events.get(i + 1)) else { return None };
    let image_end = end_of(events, i + 1)?;
    let alone = matches!(events.get(image_end + 1), Some((Event::End(TagEnd::Paragraph), _)));
    let has_alt = !plain_text_until_end(&events[i + 2..]).trim().is_empty();
    (alone && has_alt && !title.trim().is_empty()).then_some((image_end, title))
}

/// The index of the event ending the element started at `start`.
fn end_of(events: &[(Event, Range<usize>)], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Writes every figure paragraph (see [`figure_at`]) as `<figure>`, the
/// image's title taken off it and made the caption. In place: the events
/// keep their indices.
fn make_figures(events: &mut [(Event, Range<usize>)]) {
    let mut i = 0;
    while i < events.len() {
        let Some((image_end, title)) = figure_at(events, i) else {
            i += 1;
            continue;
        };
        let caption = figcaption(title);
        if let Event::Start(Tag::Image { title, .. }) = &mut events[i + 1].0 {
            *title = CowStr::Borrowed("");
        }
        events[i].0 = Event::Html(CowStr::Borrowed("<figure>"));
        events[image_end + 1].0 = Event::Html(caption.into());
        i = image_end + 2;
    }
}

/// `<figcaption>` from an image title: from "Credit:" on (at the start or
/// after a blank) is the credit, and a dash or bar before it is dropped:
/// "Caption — Credit: UNOSAT".
fn figcaption(title: &str) -> String {
    let credit_at = title.match_indices("Credit:").map(|(at, _)| at).find(|&at| at == 0 || title[..at].ends_with(char::is_whitespace));
    let (caption, credit) = match credit_at {
        Some(at) => (title[..at].trim_end().trim_end_matches(['—', '–', '-', '|', '·']).trim(), Some(title[at..].trim())),
        None => (title.trim(), None),
    };
    let mut html = String::from("<figcaption>");
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut html, caption);
    if let Some(credit) = credit {
        html.push_str(if caption.is_empty() { "<span class=\"credit\">" } else { " <span class=\"credit\">" });
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut html, credit);
        html.push_str("</span>");
    }
    html.push_str("</figcaption></figure>\n");
    html
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

/// The first paragraph's plain text, figures skipped (alt text is no summary).
fn first_paragraph_text(events: &[(Event, Range<usize>)]) -> Option<String> {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 && figure_at(events, i).is_some() => depth += 1,
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
    fn arabic_headings_get_readable_unique_anchors() {
        assert_eq!(heading_ids("## تاريخ المدينة\n\n## تاريخ المدينة\n\n## ؟\n"), ["تاريخ-المدينة", "تاريخ-المدينة-1", "section"]);
    }

    fn heading_ids(text: &str) -> Vec<String> {
        let html = render_default(text).html;
        html.split("<h").skip(1).filter_map(|h| Some(h.split_once(" id=\"")?.1.split_once('"')?.0.to_string())).collect()
    }

    /// Found by tests/properties.rs: an author's id was taken twice.
    #[test]
    fn headings_that_write_the_same_id_get_unique_anchors() {
        assert_eq!(heading_ids("# the {#background}\n\n# the {#background}\n"), ["background", "background-1"]);
    }

    /// Found by tests/properties.rs: a generated anchor took an id an author wrote later.
    #[test]
    fn generated_anchors_leave_the_ids_authors_wrote() {
        assert_eq!(heading_ids("## Background\n\n# x {#background}\n"), ["background-1", "background"]);
        assert_eq!(heading_ids("## Background\n\n## Background\n\n# y {#background-1}\n"), ["background", "background-2", "background-1"]);
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

    /// Found by tests/properties.rs: the offset was that of the name's first
    /// occurrence in the text, even inside a longer word.
    #[test]
    fn a_mention_is_located_at_the_whole_word() {
        for (text, offset) in [("Belsite!Bel fell.\n", 8), ("- the\n\n    B[elBel Bel\n", 19), ("IS and ISIS; IS.\n", 0)] {
            let out = render_with_mentions(text, Autolink::First);
            assert_eq!(out.mentions.first().map(|m| m.offset), Some(offset), "{text:?}");
        }
    }

    /// Found by tests/properties.rs: pulldown-cmark splits `_Bel` at the
    /// literal `_`, and "Bel" was a whole word of its piece of text.
    #[test]
    fn a_name_inside_a_word_split_by_markup_is_not_a_mention() {
        for text in ["_Bel:\n", "*Bel*gium\n", "Bel*gium*\n", "x\\_Bel\n"] {
            let out = render_with_mentions(text, Autolink::All);
            assert!(out.mentions.is_empty(), "{text:?}: {:?}", out.mentions);
            assert!(!out.html.contains("<a "), "{text:?}: {}", out.html);
        }
        let out = render_with_mentions("*Bel* fell, **Bel**.\n", Autolink::All);
        assert_eq!(out.mentions.len(), 1);
        assert_eq!(out.html.matches("sites/temple-of-bel/").count(), 2, "{}", out.html);
    }

    /// Found by tests/properties.rs: references were located by searching the
    /// link for `kind:id`, which finds nothing in a definition or an escaped
    /// address, and finds a title that repeats the address.
    #[test]
    fn references_are_located_at_their_written_address() {
        let cases = [
            ("[Temple of Bel](<site:a&amp;b>)\n", "site:a&amp;b"),
            ("[c](site:a\\_b)\n", "site:a\\_b"),
            ("[a](site:x \"site:x\") and more\n", "site:x \""),
            ("See [x][r] and [r].\n\n[r]:\n  <site:palmyra#h>\n", "site:palmyra#h>"),
            ("<actor:islamic-state>\n", "actor:islamic-state>"),
        ];
        for (text, written) in cases {
            let out = render_default(text);
            assert!(!out.refs.is_empty(), "{text:?}");
            for reference in &out.refs {
                assert!(text[reference.offset..].starts_with(written), "{text:?}: at {:?}", &text[reference.offset..]);
            }
        }
    }

    #[test]
    fn no_mentions_in_code_links_headings_or_html() {
        let text = "## Temple of Bel\n\n`Bel` and [Bel](https://x) and <a href=\"y\">Bel</a>.\n\n```\nBel\n```\n";
        let out = render_with_mentions(text, Autolink::All);
        assert!(out.mentions.is_empty(), "{:?}", out.mentions);
    }

    #[test]
    fn a_lone_image_with_a_title_is_a_figure_with_caption_and_credit() {
        let out = render_default("![Aerial view](../images/x.svg \"The temple in 2015 — Credit: UNOSAT & <partners>\")\n\nText.\n");
        assert_eq!(
            &*out.html,
            "<figure><img src=\"../images/x.svg\" alt=\"Aerial view\" /><figcaption>The temple in 2015 <span class=\"credit\">Credit: UNOSAT &amp; &lt;partners&gt;</span></figcaption></figure>\n<p>Text.</p>\n"
        );
        // The figure's alt text is not the summary: the first paragraph of text is.
        assert_eq!(out.first_paragraph.as_deref(), Some("Text."));
        let caption_only = render_default("![A map](m.png \"Positions in May\")\n");
        assert!(caption_only.html.contains("<figcaption>Positions in May</figcaption></figure>"), "{}", caption_only.html);
        let credit_only = render_default("![A map](m.png \"Credit: Maxar\")\n");
        assert!(credit_only.html.contains("<figcaption><span class=\"credit\">Credit: Maxar</span></figcaption>"), "{}", credit_only.html);
    }

    #[test]
    fn images_that_are_not_alone_titled_and_described_stay_images() {
        for text in ["![](x.png \"No alt\")\n", "![Alt](x.png)\n", "See ![Alt](x.png \"Title\") here.\n"] {
            let html = render_default(text).html;
            assert!(!html.contains("<figure>") && html.starts_with("<p>"), "{text}: {html}");
        }
    }

    #[test]
    fn figures_survive_every_raw_html_policy() {
        let text = "![Alt](x.png \"Caption — Credit: Me\")\n\n<b>raw</b>\n";
        for raw_html in [RawHtml::Keep, RawHtml::Strip, RawHtml::Sanitize] {
            let html = render(text, MarkdownOptions { raw_html, root: "", mentions: None }).html;
            assert!(
                html.contains("<figure>") && html.contains("<figcaption>Caption <span class=\"credit\">Credit: Me</span></figcaption></figure>"),
                "{html}"
            );
        }
    }

    #[test]
    fn raw_html_can_be_stripped() {
        let text = "<script>alert(1)</script>\n\nText <b>bold</b>\n";
        let out = render(text, MarkdownOptions { raw_html: RawHtml::Strip, root: "", mentions: None });
        assert!(!out.html.contains("<script>") && !out.html.contains("<b>"), "{}", out.html);
        assert!(render_default(text).html.contains("<script>"));
    }

    /// The two ways html5ever writes the same HTML differently from
    /// pulldown-cmark (see `sanitize`); nothing else may differ.
    fn reserialized(html: &str) -> String {
        html.replace(" />", ">").replace('\u{a0}', "&nbsp;")
    }

    #[test]
    fn the_sanitizer_keeps_everything_stele_writes_in_the_example() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let body = crate::frontmatter::split(&text).unwrap().body;
            let html = render_default(body).html;
            assert_eq!(reserialized(&sanitize(&html)), reserialized(&html), "{}", path.display());
            checked += 1;
        }
        assert!(checked > 30, "only {checked} example files");
    }

    const GENERATED: &str = "## Head\n\nA[^1] \"q\" `a\"b` &amp; &nbsp;x\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n\
        ```rust\nlet x = \"a\";\n```\n\nline  \nbreak\n\n---\n\n![i](../../images/x.png \"t\") [r](site:palmyra#h) <https://x.org/>\n\n\
        ![png](data:image/png;base64,AAAA)\n\n1. one\n2. ~~two~~\n\n> quoted\n\n## Own {#mine .cls}\n\n[^1]: Note.\n";

    #[test]
    fn the_sanitizer_keeps_headings_footnotes_tables_code_and_relative_links() {
        let html = render_default(GENERATED).html;
        for kept in [
            r##"<h2 id="head">"##,
            r##"<sup class="footnote-reference"><a href="#1">1</a></sup>"##,
            r##"<div class="footnote-definition" id="1">"##,
            r##"<th style="text-align: center">"##,
            r##"<td style="text-align: right">"##,
            r##"<code class="language-rust">"##,
            r##"<a href="../../sites/palmyra/index.html#h">"##,
            r##"<img src="../../images/x.png" alt="i" title="t""##,
            r##"<img src="data:image/png;base64,AAAA""##,
            r##"<h2 id="mine" class="cls">"##,
        ] {
            assert!(html.contains(kept), "{kept} not in {html}");
        }
        assert_eq!(reserialized(&sanitize(&html)), reserialized(&html));
    }

    #[test]
    fn the_sanitizer_removes_scripts_handlers_frames_styles_and_forms() {
        let raw = "<script>alert(1)</script><b onclick=\"x()\">bold</b><img src=x onerror=alert(1)>\
            <a href=\" JaVaScRiPt:alert(1)\">a</a><a href=\"vbscript:x\">v</a><a href=\"data:text/html,x\">d</a>\
            <img src=\"data:image/svg+xml,x\"><iframe src=\"https://x.org/\">frame</iframe><style>p{color:red}</style>\
            <form action=\"https://x.org/\"><input name=q><button>go</button></form><p style=\"color:red\">red</p>\
            <table><tr><td style=\"text-align: left; background: url(javascript:x)\">cell</td></tr></table><svg><script>alert(1)</script></svg>\
            <video src=\"v.mp4\" controls></video><figure><img src=\"a.png\" alt=\"a\"><figcaption>c</figcaption></figure>";
        let out = sanitize(raw);
        for gone in [
            "<script",
            "alert",
            "onclick",
            "onerror",
            "javascript",
            "vbscript",
            "data:",
            "<iframe",
            "frame",
            "<style",
            "color",
            "<form",
            "<input",
            "go<",
            "style=",
            "<svg",
        ] {
            assert!(!out.to_ascii_lowercase().contains(gone), "{gone} left in {out}");
        }
        for kept in [
            "<b>bold</b>",
            "<a>a</a>",
            "<td>cell</td>",
            "<p>red</p>",
            r#"<video src="v.mp4" controls="">"#,
            r#"<figure><img src="a.png" alt="a"><figcaption>c</figcaption></figure>"#,
        ] {
            assert!(out.contains(kept), "{kept} not in {out}");
        }
    }

    #[test]
    fn raw_html_is_sanitized_only_on_request_and_only_when_present() {
        let text = "Text <b onclick=\"x()\">bold</b><script>alert(1)</script>\n\nline  \nbreak\n";
        let sanitized = render(text, MarkdownOptions { raw_html: RawHtml::Sanitize, root: "", mentions: None }).html;
        assert_eq!(&*sanitized, "<p>Text <b>bold</b></p>\n<p>line<br>\nbreak</p>\n");
        assert!(render_default(text).html.contains("onclick"));
        let plain = "line  \nbreak\n";
        assert_eq!(render(plain, MarkdownOptions { raw_html: RawHtml::Sanitize, root: "", mentions: None }).html, render_default(plain).html);
    }

    #[test]
    fn script_links_are_recorded_at_their_address() {
        let text =
            "[a](javascript:x) ![b](<VBScript:y>) <javascript:z>\n[c][r] [ok](https://x.org/) ![png](data:image/png,x)\n\n[r]:\n  data:text/html,x\n";
        let out = render_default(text);
        let found: Vec<(ScriptScheme, &str)> = out.script_links.iter().map(|l| (l.scheme, &text[l.offset..l.offset + 5])).collect();
        assert_eq!(
            found,
            [
                (ScriptScheme::JavaScript, "javas"),
                (ScriptScheme::VbScript, "VBScr"),
                (ScriptScheme::JavaScript, "javas"),
                (ScriptScheme::Data, "data:"),
            ]
        );
        assert!(render_default("[a](https://x.org/) and [b](site:palmyra)").script_links.is_empty());
    }
}
